"""How gunicorn serves the line: one set of settings for ``ivr serve``, ``gunicorn.conf.py``
and the Docker image, so what is tested is what runs.

Slow clients must not take the line off the air. A sync worker reads a whole request before
answering, so a client that sends its headers or body a byte at a time holds that worker
until the timeout: two such connections held both workers, and Twilio's requests waited.
Here each worker is a gevent worker: a connection waiting for bytes is a parked greenlet, not
a held process, so thousands of slow clients cost memory, not answers. On top of gevent:
the request line and headers must arrive within :data:`HEADER_SECONDS` (gunicorn's
``keepalive`` bounds each read of a request in its gevent worker), and a connection that
sends nothing for :data:`IDLE_SECONDS` while the body is read, or reads nothing while the
answer is written, is closed. The app itself is CPU-bound and quick (a few milliseconds a
request), so one gevent worker per core answers as fast as a sync worker did. In production
a TLS proxy stands in front anyway; docs/production.md shows one that buffers whole requests.

Importing this module imports gunicorn and gevent but not the app, nor Flask: gunicorn's
master loads it, and the app is loaded in each worker after gevent has patched it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from gunicorn.glogging import Logger as GunicornLogger
from gunicorn.workers.base_async import AsyncWorker
from gunicorn.workers.ggevent import GeventWorker

#: The request line and all headers must arrive within this many seconds.
HEADER_SECONDS = 5
#: A connection silent this long while its body is read (or its answer written) is closed.
IDLE_SECONDS = 5
#: Connections each worker holds at once (gunicorn's default): slow clients wait here cheaply.
WORKER_CONNECTIONS = 1000
DEFAULT_WORKERS = 2


class Worker(GeventWorker):
    """gunicorn's gevent worker, with an idle timeout on every client connection, whose menus
    are checked by a child process."""

    def load_wsgi(self) -> None:
        # Before the app loads its menus: this worker has them checked by a child process
        # (ivr.checked), so the checkers, PyYAML and Babel's whole data never load here.
        from .checked import use_child_process

        use_child_process()
        super().load_wsgi()

    def handle(self, listener: Any, client: Any, addr: Any) -> None:
        # GeventWorker.handle makes the socket blocking without a timeout, so a client that
        # stops sending in the middle of a body would hold its greenlet for ever.
        client.settimeout(IDLE_SECONDS)
        AsyncWorker.handle(self, listener, client, addr)


def workers_from_env(env: dict[str, str] | None = None, say: Callable[[str], None] = print) -> int:
    """``IVR_WORKERS``, from 1 to 64; anything else is explained and :data:`DEFAULT_WORKERS` used."""
    text = (os.environ if env is None else env).get("IVR_WORKERS", str(DEFAULT_WORKERS)).strip()
    if text.isdigit() and 1 <= int(text) <= 64:
        return int(text)
    say(f"IVR_WORKERS={text!r} should be a number of workers from 1 to 64; using {DEFAULT_WORKERS}")
    return DEFAULT_WORKERS


def post_worker_init(worker: Any) -> None:
    """Once a worker has loaded the app, before its first request: read the bank holidays of the
    years around now in a child process (:mod:`ivr.bank_holidays`: about 12 MiB less in every
    worker), then keep what was loaded at start (menus, catalogues, the libraries' tables, about
    60,000 objects) out of the garbage collector's full passes, which otherwise take about 20 ms
    each, in the middle of some caller's request."""
    import datetime as dt
    import gc

    from . import bank_holidays

    moments = [dt.datetime.now(dt.UTC)]
    extensions = getattr(getattr(worker, "wsgi", None), "extensions", {}).get("ivr")
    if extensions and "settings" in extensions:  # the line's own clock too, when frozen (IVR_NOW)
        moments.append(extensions["settings"].clock())
    bank_holidays.preload_around(*moments)
    gc.freeze()


def settings(bind: str, workers: int) -> dict[str, Any]:
    """gunicorn's settings for serving the line (``gunicorn.conf.py`` takes these same ones)."""
    return {
        "bind": bind,
        "workers": workers,
        "worker_class": "ivr.server.Worker",
        "worker_connections": WORKER_CONNECTIONS,
        # In the gevent worker, each request's line and headers must arrive within this.
        "keepalive": HEADER_SECONDS,
        # Twilio waits 15 s for a webhook; a worker stuck longer than this is restarted.
        "timeout": 20,
        "graceful_timeout": 10,
        # Behind a TLS proxy the URL Twilio signed comes from IVR_PUBLIC_URL, not forwarded headers.
        "forwarded_allow_ips": "127.0.0.1",
        # No control socket: it would be written under $HOME, which the image's user does not have.
        "control_socket_disable": True,
        # Workers' heartbeat files in memory, not on a container's (possibly slow or read-only) disk.
        "worker_tmp_dir": "/dev/shm" if os.path.isdir("/dev/shm") else None,
        "post_worker_init": post_worker_init,
        # Twilio's requests are small: a request line of a few hundred bytes (callback URLs carry
        # a place and a language; a GET webhook its fields too, about 1.5 KB), about 15 headers,
        # none long. Anything far larger is refused before the app sees it; bodies are limited by
        # the app itself (ivr/web/body_limit.py: 413 past 32 KB, nothing read).
        "limit_request_line": 4094,
        "limit_request_fields": 50,
        "limit_request_field_size": 4096,
        # No phone number in any line gunicorn writes (see NoNumbersLogger).
        "logger_class": "ivr.server.NoNumbersLogger",
    }


#: The access log names the path only (``%(U)s``), never the query string: a Twilio number
#: set to HTTP GET would put the caller's number there. Form bodies are never logged.
#: ``size=`` keeps the status and the size apart, so the two never read as one long number
#: that :mod:`ivr.logsafe` would hide.
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s size=%(B)sB %(M)sms'


class NoNumbersLogger(GunicornLogger):
    """gunicorn's logger, with :mod:`ivr.logsafe`'s filter on every handler it writes through.

    gunicorn quotes a malformed request line whole ("Invalid HTTP request line: 'GET
    /voice?From=…'"), and a path or an error can carry a number too: every line of its error
    and access logs, and the app's own (which would otherwise reach stderr unfiltered), goes
    through the filter."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        import logging

        from . import logsafe

        root = logging.getLogger()
        if not root.handlers:  # the app's own lines: WARNING and above, as gunicorn writes its own
            handler = logging.StreamHandler(sys.stderr)
            handler.setLevel(logging.WARNING)
            handler.setFormatter(
                logging.Formatter(
                    "[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S %z"
                )
            )
            root.addHandler(handler)
        logsafe.guard(self.error_log, self.access_log, root)


def serve(bind: str, workers: int | None = None) -> None:
    """Run the line under gunicorn with the line's settings until stopped (``ivr serve``)."""
    from gunicorn.app.base import BaseApplication

    config = {
        **settings(bind, workers or workers_from_env()),
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
    }

    class Line(BaseApplication):
        def load_config(self) -> None:
            for key, value in config.items():
                if key in self.cfg.settings and value is not None:
                    self.cfg.set(key, value)

        def load(self) -> Any:
            from . import create_app

            return create_app()

    sys.argv = sys.argv[:1]  # gunicorn reads no command line of its own here
    Line().run()
