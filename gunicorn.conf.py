"""gunicorn's settings for the line, read automatically when gunicorn starts in this folder
(``gunicorn 'ivr:create_app()'``) or with ``-c gunicorn.conf.py``.

The workers and their timeouts are :func:`ivr.server.settings`, the same as ``ivr serve``:
gevent workers, so slow clients wait without holding a worker (see :mod:`ivr.server`).

The access log names the path only (``%(U)s``), never the query string: a Twilio number set
to HTTP GET would put the caller's number there. Form bodies are never logged.
"""

import os

from ivr.server import ACCESS_LOG_FORMAT, settings, workers_from_env

globals().update(
    settings(os.environ.get("IVR_BIND", "0.0.0.0:8000"), workers_from_env(say=lambda s: print(s, flush=True)))
)
accesslog = "-"
errorlog = "-"
access_log_format = ACCESS_LOG_FORMAT
