"""The demo's "text the line" panel: ``POST /demo/text`` answers one text as the line's number
would (:func:`ivr.sms.reply`), with its SMS segments, as JSON. It texts no one and keeps nothing;
``IVR_DEMO=off`` turns it off with the rest of the demo (HTTP 404)."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, jsonify, request

from .. import sms
from ..demo import DemoError, clock
from ..segments import segments
from .sms import safe_words

log = logging.getLogger("ivr.demo")
bp = Blueprint("demo_texts", __name__, url_prefix="/demo")


@bp.before_request
def demo_on() -> None:
    if not current_app.extensions["ivr"]["settings"].demo:
        abort(404)


@bp.post("/text")
def text() -> tuple[Response, int] | Response:
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("body", ""), str):
        return jsonify(error='Send a JSON object, like {"body": "HELP", "lang": "en-GB", "now": "now"}.'), 400
    ivr = current_app.extensions["ivr"]
    version = ivr["store"].current()
    lang = body.get("lang") if isinstance(body.get("lang"), str) else ""
    when = body.get("now") if isinstance(body.get("now"), str) else ""
    try:
        now = clock(when, ivr["settings"].clock())
        answer = sms.reply(version.menus, version.catalogs, body.get("body", ""), now, lang or "")
        reply, reply_lang, kind = answer.text, answer.lang, answer.kind
    except DemoError as exc:
        return jsonify(error=str(exc)), 400
    except Exception as exc:
        log.error("the demo's text panel failed (%s); showing the safe words", type(exc).__name__)
        reply, reply_lang, kind = safe_words(), "en-GB", "safe-words"
    seg = segments(reply)
    return jsonify(
        reply=reply,
        lang=reply_lang,
        kind=kind,
        segments={"count": seg.count, "encoding": seg.encoding, "units": seg.units},
        # An opt-out word gets no reply from the line: the panel says why instead of an empty text.
        note=sms.NO_REPLY if not reply else "",
    )
