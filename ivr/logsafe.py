"""Keeping callers' numbers out of every line the server writes.

Twilio sends ``From``/``Caller`` in the form body of a POST, which no server logs; but a
number configured for HTTP GET puts them in the query string, a careless or hostile client
can put a number in a path or a malformed request line (which gunicorn quotes whole in its
error log), and an exception's message can quote a value. So every line goes through
:func:`scrub`, which finds a number however it is written (spaces, dashes, dots, brackets,
``+44 (0)7…``, percent-encoded, in other scripts' digits) and hides it, and request lines lose
their query strings:

- werkzeug's server (``ivr serve``): :func:`install` filters its logger, and ``ivr serve``
  guards the handlers of the root logger the app's own lines go to;
- gunicorn: ``gunicorn.conf.py`` installs :class:`NoNumbers` on its error and access logs and
  on the app's (the logging section at its end); its access log names paths only (``%(U)s``).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote

#: A query string inside a logged request line, up to the next space or quote.
QUERY = re.compile(r"\?[^\s\"']*")
#: Fewer digits than this in a row (separators allowed) are not a phone number: times, ports,
#: process ids, status codes and sizes stay readable. The shortest numbers a caller can have
#: (some countries' national numbers with their country code) have more.
MIN_DIGITS = 7

_DIGIT = r"(?:\d|%3[0-9])"
#: What people and URL encoders put between a number's digits; percent-escapes of anything;
#: and Latin-1 characters, which is how a server shows the UTF-8 bytes of a dash or a
#: no-break space it decoded as Latin-1 (``07700Â\xa0900``).
_SEP = r"(?:[\s\-\u2010-\u2015\u2212.,/+_\u0080-\u00ff]|%[0-9A-Fa-f]{2})"
#: A group in brackets, as in ``+44 (0)7700`` or ``(020) 7946``: only inside a number, so a
#: process id after a port (``:8000 (12345)``) is not joined to it.
_GROUP = rf"(?:\(|%28){_DIGIT}{{1,5}}(?:\)|%29)"
NUMBER = re.compile(
    rf"(?:\+|%2[Bb])?(?:{_GROUP}{_SEP}{{0,3}})?{_DIGIT}(?:{_SEP}{{0,3}}(?:{_GROUP}{_SEP}{{0,3}})?{_DIGIT})*"
)
#: A date (with its hour) has as many digits as a short number, and names no one.
DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2})?")


def _hide(match: re.Match[str]) -> str:
    found = match.group(0)
    if len(found) < MIN_DIGITS or DATE.fullmatch(found):  # most matches: a time, a status, a size
        return found
    return "#" if len(re.findall(r"\d", unquote(found))) >= MIN_DIGITS else found


def scrub(text: str) -> str:
    """``text`` with anything that could be a phone number, in any form, replaced by ``#``."""
    return NUMBER.sub(_hide, text)


def loggable(text: str) -> str:
    """A value from a request, scrubbed and shortened, with any long digit run hidden too."""
    return re.sub(r"\d{4,}", "#", scrub(text))[:80]


def without_query(text: str) -> str:
    return QUERY.sub("", text)


def clean(text: str) -> str:
    """A log line as it may be written: no query strings, no numbers."""
    return scrub(without_query(text))


class NoNumbers(logging.Filter):
    """Cleans each record, message, arguments and traceback, before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call to the logger: keep its text, not its arguments
            message = str(record.msg)
        record.msg, record.args = clean(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = clean(record.exc_text)
        if record.stack_info:
            record.stack_info = clean(record.stack_info)
        return True


#: The old name: werkzeug's request lines lose their query strings (and now any number).
PathsOnly = NoNumbers


def guard(*targets: logging.Logger | logging.Handler) -> None:
    """Put :class:`NoNumbers` on handlers, or on every handler of loggers; safe to repeat.

    A filter on a logger sees only the records logged on it; one on a handler sees every
    record it writes, from any logger below.
    """
    for target in targets:
        handlers = target.handlers if isinstance(target, logging.Logger) else [target]
        for handler in handlers:
            if not any(isinstance(f, NoNumbers) for f in handler.filters):
                handler.addFilter(NoNumbers())


def install() -> None:
    """Filter werkzeug's request log (``ivr serve``); safe to call more than once."""
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, NoNumbers) for f in logger.filters):
        logger.addFilter(NoNumbers())
