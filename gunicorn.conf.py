"""gunicorn's settings for the line, read automatically when gunicorn starts in this folder
(``gunicorn 'ivr:create_app()'``) or with ``-c gunicorn.conf.py``.

The access log names the path only (``%(U)s``), never the query string: a Twilio number set
to HTTP GET would put the caller's number there. Form bodies are never logged.
"""

import os

bind = os.environ.get("IVR_BIND", "0.0.0.0:8000")
_workers = os.environ.get("IVR_WORKERS", "2").strip()
if not (_workers.isdigit() and 1 <= int(_workers) <= 64):
    print(f"IVR_WORKERS={_workers!r} should be a number of workers from 1 to 64; using 2", flush=True)
    _workers = "2"
workers = int(_workers)
# Twilio waits 15 s for a webhook; a worker stuck longer than this is restarted.
timeout = 20
graceful_timeout = 10
accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s size=%(B)sB %(M)sms'  # size= keeps status and size apart (ivr.logsafe)
# Behind a TLS proxy the URL Twilio signed comes from IVR_PUBLIC_URL, not from forwarded headers.
forwarded_allow_ips = "127.0.0.1"
# No control socket: it would be written under $HOME, which the image's user does not have.
control_socket_disable = True
# Workers' heartbeat files in memory, not on a container's (possibly slow or read-only) disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def post_worker_init(worker):
    """Once a worker has loaded the app: keep what was loaded at start (menus, catalogues, the
    libraries' tables, about 60,000 objects) out of the garbage collector's full passes, which
    otherwise take about 20 ms each, in the middle of some caller's request."""
    import gc

    gc.freeze()


# --- Request limits -------------------------------------------------------------------------
# Twilio's requests are small: a request line of a few hundred bytes (callback URLs carry a
# place and a language; a GET webhook its fields too, about 1.5 KB), about 15 headers, none
# long. Anything far larger is refused by gunicorn before the app sees it; bodies are limited
# by the app itself (ivr/web/body_limit.py: 413 past 32 KB, nothing read).
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 4096


# --- Logging: no phone number in any line ------------------------------------------------------
# gunicorn quotes a malformed request line whole ("Invalid HTTP request line: 'GET /voice?From=…'"),
# and a path or an error can carry a number too. Every line of its error and access logs, and
# the app's own (which would otherwise reach stderr unfiltered), goes through ivr.logsafe.
from gunicorn.glogging import Logger as _GunicornLogger  # noqa: E402


class NoNumbersLogger(_GunicornLogger):
    """gunicorn's logger, with ivr.logsafe's filter on every handler it writes through."""

    def setup(self, cfg):
        super().setup(cfg)
        import logging
        import sys

        from ivr import logsafe

        root = logging.getLogger()
        if not root.handlers:  # the app's own lines: WARNING and above, as gunicorn writes its own
            handler = logging.StreamHandler(sys.stderr)
            handler.setLevel(logging.WARNING)
            handler.setFormatter(logging.Formatter("[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S %z"))
            root.addHandler(handler)
        logsafe.guard(self.error_log, self.access_log, root)


logger_class = NoNumbersLogger
