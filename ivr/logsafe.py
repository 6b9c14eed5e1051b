"""Keeping callers' numbers out of server logs.

Twilio sends ``From``/``Caller`` in the form body of a POST, which no server logs; but a
number configured for HTTP GET puts them in the query string, and every access log writes
the query string. So request lines are logged as paths only: werkzeug's server (``ivr
serve``) through :class:`PathsOnly`, gunicorn through ``access_log_format`` in
``gunicorn.conf.py`` (``%(U)s``, the path without its query).
"""

from __future__ import annotations

import logging
import re

#: A query string inside a logged request line, up to the next space or quote.
QUERY = re.compile(r"\?[^\s\"']*")


def loggable(text: str) -> str:
    """A value from a request, shortened and with long digit runs hidden: it might be a number."""
    return re.sub(r"\d{4,}", "#", text[:80])


def without_query(text: str) -> str:
    return QUERY.sub("", text)


class PathsOnly(logging.Filter):
    """Removes query strings from a logger's records (werkzeug writes the request line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = without_query(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(without_query(a) if isinstance(a, str) else a for a in record.args)
        return True


def install() -> None:
    """Filter werkzeug's request log; safe to call more than once."""
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, PathsOnly) for f in logger.filters):
        logger.addFilter(PathsOnly())
