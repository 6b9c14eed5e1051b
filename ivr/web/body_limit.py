"""Requests are small: a body past :data:`MAX_BODY` gets HTTP 413 at once and is not read.

Twilio's webhook requests are a few KB (a long speech result included), the demo's JSON less.
Without a limit a 100 MB body, signed or not, is read and parsed before the signature is even
checked, holding a worker while it arrives and raising its memory for good. A declared
``Content-Length`` past the limit is refused before a byte of the body is read; a chunked body
(no length) is read no further than the limit (werkzeug's ``MAX_CONTENT_LENGTH``).
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

#: Bytes of body any request may carry: ten times Twilio's largest.
MAX_BODY = 32 * 1024


def install(app: Flask) -> None:
    """Set the limit on ``app``; call before registering blueprints, so it is checked first."""
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.config["MAX_FORM_MEMORY_SIZE"] = MAX_BODY
    app.before_request(refuse_too_large)
    app.register_error_handler(RequestEntityTooLarge, too_large)


def refuse_too_large() -> Response | None:
    """413 for a declared length past the limit (nothing read), or a chunked body that goes
    on past it (read up to the limit, then one byte more to see whether it goes on)."""
    length = request.content_length
    if length is not None:
        return too_large() if length > MAX_BODY else None
    if "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        request.get_data(cache=True)  # werkzeug stops at MAX_CONTENT_LENGTH
        if request.environ["wsgi.input"].read(1):
            return too_large()
    return None


def too_large(_error: Exception | None = None) -> Response:
    """413, bare for the phone's webhooks (as their 403), a short JSON reason elsewhere."""
    from .sms import is_sms_path
    from .voice import is_webhook_path

    if is_webhook_path(request.path) or is_sms_path(request.path):
        resp = Response(status=413)
    else:
        resp = jsonify(error=f"This request is larger than the line accepts ({MAX_BODY // 1024} KB).")
        resp.status_code = 413
    resp.headers["Connection"] = "close"  # the rest of the body is not read
    return resp
