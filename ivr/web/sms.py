"""The line's texts: ``POST /sms``, Twilio's Messaging webhook ("A message comes in").

Signed and checked exactly as ``/voice`` is (its :func:`~ivr.web.voice.signature_ok`): a
request Twilio did not sign gets a bare HTTP 403. Everything else gets HTTP 200 and
Messaging TwiML, one ``<Message>`` built by :func:`ivr.sms.reply`; any failure answers the
safe words. Nothing about the texter is kept or logged: not the number, not the words
(only a keyed hash of the number, to cap the replies one phone gets in an hour).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, current_app
from twilio.twiml.messaging_response import MessagingResponse

from .. import sms, text_limits
from ..flow import SAFE_TEXT
from ..segments import fold
from ..store import Unavailable
from .tallying import count
from .voice import METHODS, signed_values, twilio_only

log = logging.getLogger("ivr.sms")
bp = Blueprint("sms", __name__)

SMS_PREFIX = "/sms"
#: Replies one phone may get in an hour: enough to read every keyword's answer and a few
#: tips; past it, texts from that phone go unanswered (each reply costs, and a replayed or
#: forged request must not make the line text someone again and again).
REPLIES_PER_HOUR = 10


def _ivr() -> dict[str, Any]:
    return current_app.extensions["ivr"]


def safe_words() -> str:
    """The line's safe words as a text answers them (the 999 advice for reading, from constants
    only: never "hang up"), as one text."""
    return fold(" ".join(SAFE_TEXT))


def _message(text: str) -> Response:
    response = MessagingResponse()
    if text:
        response.message(text)
    return Response(str(response), status=200, mimetype="text/xml")


def _limits() -> text_limits.TextLimits:
    """The texts' counts, shared with the calls' (one store, one key); made on first use."""
    ivr = _ivr()
    if ivr.get("text_limits") is None:
        ivr["text_limits"] = text_limits.build(ivr["settings"])
    return ivr["text_limits"]


def is_sms_path(path: str) -> bool:
    return path == SMS_PREFIX or path.startswith(SMS_PREFIX + "/")


@bp.before_app_request
def require_twilio() -> Response | None:
    """403 for anything under ``/sms`` not signed by Twilio, whatever its method or path; a
    signed request to a path the line does not serve still gets an answer, never silence."""
    return twilio_only(is_sms_path, _lost_text)


def _lost_text() -> Response:
    log.warning(
        "Twilio sent a text to a path under %s that the line does not serve: check the messaging URL", SMS_PREFIX
    )
    return _message(safe_words())


@bp.route(SMS_PREFIX, methods=METHODS, provide_automatic_options=False, strict_slashes=False)
def incoming() -> Response:
    try:
        values = signed_values()
        sender = values.get("From", "")
        settings = _ivr()["settings"]
        now = settings.clock()
        if sms.opts_out(values.get("Body", "")):  # Twilio answers it itself; a reply would be refused
            count([("texted", "stop", 1)])
            return _message("")
        # Counted under a keyed hash, never the number; a replayed MessageSid is refused even
        # when From is missing.
        if not _limits().allow_reply(sender, values.get("MessageSid", ""), now.timestamp(), REPLIES_PER_HOUR):
            return _message("")
        version = _ivr()["store"].current()
        menus = version.menus
        default = menus.line.numbers.get(values.get("To", ""), menus.line.default_language)
        answer = sms.reply(menus, version.catalogs, values.get("Body", ""), now, default)
        log.info("a text was answered (%s, %s)", answer.kind, answer.lang)
        count([("texted", f"{answer.kind}:{answer.lang}", 1)])
        return _message(answer.text)
    except Unavailable:  # no menus ever passed the checks here: the store has logged why
        return _message(safe_words())
    except Exception as exc:
        # No request data and no traceback text: the message and the number may be in them.
        log.error("the text webhook failed (%s); the texter gets the safe words", type(exc).__name__)
        count([("error", "text-webhook", 1)])
        return _message(safe_words())
