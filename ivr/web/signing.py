"""Twilio's request signature, checked with twilio's own code, one HMAC per genuine request.

twilio's ``RequestValidator.validate`` always computes two signatures, over the URL without
its default port and with it ("since sig generation on back end is inconsistent"), and only
then compares: the second is wasted whenever the first matched. :class:`Validator` tries the
same two URLs, the one as requested first, and stops at the first that matches; every comparison is still twilio's
constant-time one, and anything but a form (a JSON body with ``bodySHA256``, an algorithm
twilio does not know) goes to twilio's own ``validate`` unchanged.

For a werkzeug form, the string signed (the URL, then each field's name and value, sorted) is
put together in one ``join`` rather than twilio's loop of ``+=`` and a lookup per field; twilio's
``compute_signature`` still does the HMAC over it, and tests/test_signing.py holds the two to
the same signature for any URL, form, token and algorithm.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from twilio.request_validator import (
    HMAC_SHA1,
    HMAC_SHA256,
    RequestValidator,
    add_port,
    compare,
    remove_port,
)
from werkzeug.datastructures import ImmutableMultiDict, MultiDict


class Validator(RequestValidator):
    """twilio's validator, stopping at the first of its two URLs whose signature matches."""

    def validate(
        self, uri: str, params: Mapping[str, Any] | str | None, signature: str, algorithm: str | None = None
    ) -> bool:
        if isinstance(params, str) or (algorithm or HMAC_SHA1).upper() not in (HMAC_SHA1, HMAC_SHA256):
            return bool(super().validate(uri, params, signature, algorithm=algorithm))
        parsed = urlparse(uri)
        # The URL as it came first (Twilio signs what it requested), then its other form.
        forms = (add_port, remove_port) if parsed.port else (remove_port, add_port)
        for candidate in (form(parsed) for form in forms):
            if compare(self.compute_signature(candidate, params or {}, algorithm), signature):
                return True
        return False

    def compute_signature(self, uri: str, params: Any, algorithm: str | None = None) -> str:
        """twilio's signature; for a werkzeug form, over the same string put together at once."""
        if not isinstance(params, MultiDict) or not params:
            return str(super().compute_signature(uri, params, algorithm))
        # As twilio's: each name once, in order; each of its values once, in order. A plain
        # MultiDict holds each name's values as a list; its subclasses may not (lists() for them).
        fields = dict.items(params) if type(params) in (MultiDict, ImmutableMultiDict) else params.lists()
        parts = [uri]
        for name, values in sorted(fields):
            if len(values) == 1:
                parts.append(name + values[0])
            else:
                parts.extend(name + value for value in sorted(set(values)))
        return str(super().compute_signature("".join(parts), None, algorithm))

    def get_values(self, param_dict: Any, param_name: str) -> list[str]:
        """Every value of one field, as twilio's ``get_values`` finds them (``getall``, else
        ``getlist``, else the one value), without raising and catching an AttributeError for each
        field of a werkzeug form, which twilio's way does."""
        for name in ("getall", "getlist"):
            method = getattr(param_dict, name, None)
            if method is not None:
                return list(method(param_name))
        return [param_dict[param_name]]
