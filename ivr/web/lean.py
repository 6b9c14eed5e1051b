"""Flask's app and request, doing less per webhook, to the same result.

Every webhook request is a form (``application/x-www-form-urlencoded``) and a short query the
line wrote itself (``?at=…&lang=…``). werkzeug builds a form parser object, parses the
Content-Type header and wraps the stream for each of them: a fifth of a webhook's time went
on reading its ten fields. :class:`Request` reads such a form as werkzeug does (``parse_qsl``'s
rules over the whole body, from the same limited stream, errors and all), and
keeps the parsed query of the line's own callback URLs for the next request that has the same
one. Anything else (another content type, a body already read, multipart) goes to werkzeug
unchanged; tests/test_lean.py holds both to werkzeug's own answers, but for a query that is not
UTF-8, which werkzeug cannot read at all and the line reads with U+FFFD for each bad byte. :class:`App` also asks
once per function, not once per request and hook, whether a view or hook is ``async``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from flask import Flask
from flask import Request as FlaskRequest
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.http import parse_options_header
from werkzeug.utils import cached_property

FORM = "application/x-www-form-urlencoded"
#: The only names in the query strings the line writes into its own callback URLs: a query
#: holding anything else (a number set to HTTP GET puts From there) is parsed, never kept.
CALLBACK_NAMES = frozenset({"at", "lang", "ev", "s", "err", "t"})
#: Queries kept; the line writes a few dozen distinct ones (places times languages).
QUERIES_KEPT = 512


@functools.lru_cache(maxsize=64)
def is_form(content_type: str) -> bool:
    """Whether werkzeug reads a body of this Content-Type as a URL-encoded form."""
    return parse_options_header(content_type)[0].lower() == FORM


def parse(text: str) -> list[tuple[str, str]]:
    """A form or query string's fields, exactly as werkzeug parses them (``parse_qsl`` with
    blank values kept, invalid UTF-8 escapes left escaped), with ``unquote`` called only for a
    name or value that holds an escape: most of a webhook's fields hold none."""
    fields = []
    for pair in text.split("&") if text else ():
        if pair:
            name, _, value = pair.partition("=")
            if "+" in name:
                name = name.replace("+", " ")
            if "%" in name:
                name = unquote(name, errors="werkzeug.url_quote")
            if "+" in value:
                value = value.replace("+", " ")
            if "%" in value:
                value = _unescape(value)
            fields.append((name, value))
    return fields


def _unescape(text: str) -> str:
    """``unquote`` for a value, quicker for the escape a phone number holds (``%2B``, its
    plus sign) when it holds no other: the same text either way."""
    plain = text.replace("%2B", "+").replace("%2b", "+")
    return plain if "%" not in plain else unquote(text, errors="werkzeug.url_quote")


class Fields(ImmutableMultiDict[str, str]):
    """werkzeug's immutable fields, whose ``get`` of a missing name returns the default at once
    (werkzeug's raises and catches a ``BadRequestKeyError`` for it: a query's ``err`` and ``t``
    are missing from most callback URLs)."""

    def get(self, key: Any, default: Any = None, type: Any = None) -> Any:  # type: ignore[override]  # noqa: A002
        if key not in self:
            return default
        return super().get(key, default, type)


_queries: dict[bytes, Fields] = {}


class Request(FlaskRequest):
    """Flask's request; a URL-encoded form and the line's own queries read more directly."""

    @cached_property
    def args(self) -> MultiDict[str, str]:  # type: ignore[override]
        query = self.query_string
        found = _queries.get(query)
        if found is None:
            try:
                text = query.decode()
            except UnicodeDecodeError:  # raw bytes Twilio never sends: werkzeug raises (a 500, no TwiML)
                text = query.decode(errors="replace")
            found = Fields(parse(text))
            if found.keys() <= CALLBACK_NAMES:  # nothing but what the line itself writes
                if len(_queries) >= QUERIES_KEPT:
                    _queries.clear()
                _queries[query] = found
        return found

    def _load_form_data(self) -> None:
        if (
            "form" not in self.__dict__
            and getattr(self, "_cached_data", None) is None
            and is_form(self.environ.get("CONTENT_TYPE", ""))
        ):
            # What werkzeug's FormDataParser does for this content type (its ValueError, such
            # as a body that is not UTF-8, is an empty form), without building the parser.
            stream = self.stream  # limited to Content-Length and MAX_CONTENT_LENGTH, as werkzeug's
            try:
                form: Any = self.parameter_storage_class(parse(stream.read().decode()))
            except ValueError:
                form = self.parameter_storage_class()
            d = self.__dict__
            d["stream"], d["form"], d["files"] = stream, form, self.parameter_storage_class()
        super()._load_form_data()  # werkzeug's for anything else; Flask's debug helper for all


class App(Flask):
    """Flask, with :class:`Request`, and each view and hook's ``ensure_sync`` kept: Flask asks
    ``inspect.iscoroutinefunction`` of every hook and the view on every request (four a webhook)."""

    request_class = Request

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        found = self._sync.get(func)
        if found is None:
            found = super().ensure_sync(func)
            if len(self._sync) < 256:  # views, hooks and handlers: a few dozen functions
                self._sync[func] = found
        return found
