"""The phone's webhooks: ``POST /voice`` (every step of a call) and ``/voice/fallback``.

Only Twilio drives a call: a request without a valid ``X-Twilio-Signature`` gets a bare
HTTP 403. Everything else gets HTTP 200 and valid TwiML, whatever it was sent, even if
the line itself breaks. The caller's number (``From``/``Caller``) is never read here
except to know whether it is withheld, and never logged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from flask import Blueprint, Request, Response, current_app, request
from twilio.request_validator import HMAC_SHA256, get_signature_algorithm
from werkzeug.datastructures import CombinedMultiDict, MultiDict

from .. import logsafe, twiml
from ..counting import CALL_BANDS, Count, band
from ..flow import Arrive, Caps, DialEnded, Event, Key, Place, SendText, Silence, Speech, Turn, step, text_then_step
from ..numbers import is_free_line, is_line_number
from ..settings import Settings
from ..store import Unavailable
from ..texting import TEXTS_PER_CALL, can_receive_text
from .signing import Validator
from .tallying import count, count_step, step_items

log = logging.getLogger("ivr.voice")
bp = Blueprint("voice", __name__)

SIGNATURE_HEADER = "X-Twilio-Signature"
SETTINGS_HEADER = "X-Twilio-Webhooks-Signature-Settings"
#: After this many failures in a row the call ends with the safe words rather than looping.
MAX_ERRORS = 2
VOICE_PREFIX = "/voice"
#: What Twilio uses; anything else (OPTIONS included) is answered by :func:`require_twilio`.
METHODS = ["POST", "GET"]


def _ivr() -> dict[str, Any]:
    return current_app.extensions["ivr"]


def signed_url(req: Request, settings: Settings) -> str:
    """The URL Twilio requested, as it signed it (query string exactly as sent)."""
    # scheme://host as the request came (werkzeug's host_url, without its IRI decoding).
    base = settings.public_url or f"{req.scheme}://{req.host}"
    query = req.query_string.decode("latin-1")
    path = req.script_root + req.path
    return f"{base}{path}" + (f"?{query}" if query else "")


def signature_ok(req: Request) -> bool:
    settings = _ivr()["settings"]
    headers = req.headers
    signature = headers.get(SIGNATURE_HEADER, "")
    if not settings.auth_token or not signature:
        return False
    algorithm = get_signature_algorithm(headers.get(SETTINGS_HEADER))
    secret = settings.shared_key if (algorithm.upper() == HMAC_SHA256 and settings.shared_key) else settings.auth_token
    params = req.form if req.method == "POST" else {}
    try:
        return Validator(secret).validate(signed_url(req, settings), params, signature, algorithm=algorithm)
    except Exception:  # a malformed header must never become a 500
        return False


def signed_values(req: Request | None = None) -> MultiDict[str, str] | CombinedMultiDict[str, str]:
    """Exactly what Twilio's signature covers: the URL's query, and for POST the form fields.

    For GET (and HEAD) the signature covers the URL alone, so a body sent with it is never
    read; for POST a form field wins over the same name in the query (both are signed).
    """
    req = req if req is not None else request._get_current_object()  # type: ignore[attr-defined]
    if req.method == "POST":
        return CombinedMultiDict([req.form, req.args])
    return req.args


def is_webhook_path(path: str) -> bool:
    return path == VOICE_PREFIX or path.startswith(VOICE_PREFIX + "/")


def twilio_only(under: Callable[[str], bool], lost: Callable[[], Response]) -> Response | None:
    """403 for any request to a path ``under`` the webhook's prefix that Twilio did not sign,
    whatever its method or path; a signed one to a path or method the routes do not serve gets
    ``lost()``, since a caller or texter is waiting. Shared by the voice and text webhooks."""
    req = request._get_current_object()  # type: ignore[attr-defined]
    if not under(req.path):
        return None
    if not signature_ok(req):
        return Response(status=403)
    if req.routing_exception is not None:
        return lost()
    return None


@bp.before_app_request
def require_twilio() -> Response | None:
    """403 for anything under ``/voice`` not signed by Twilio, whatever its method or path.

    An app-wide hook, so a method or path the routes do not serve (PUT, OPTIONS,
    ``/voice/x``) is refused the same way instead of answering 405/404 to strangers.
    """
    return twilio_only(is_webhook_path, _lost_call)


def _lost_call() -> Response:
    # Signed by Twilio, so a caller is waiting: a mistyped webhook URL or method in the
    # number's configuration must not leave them in silence.
    log.warning(
        "Twilio sent %s to a path under %s the line does not serve: check the number's voice URL and method",
        request.method if request.method.isalpha() else "?",
        VOICE_PREFIX,
    )
    count([("error", "wrong-url", 1), ("safe-words", "retry", 1)])
    return _twiml(twiml.safe_response(twiml.url("menu:main", _lang_text(), err=1)))


def _lang_text() -> str:
    """The call's language as the URL carried it, for the way back after an error; the next
    request checks it against the menus, as it checks every URL."""
    lang = request.args.get("lang", "")
    return lang if len(lang) <= 12 and lang.replace("-", "").isalnum() else ""


def _twiml(body: str) -> Response:
    return Response(body, status=200, mimetype="text/xml")


def _event(values: Any) -> Event:
    ev = values.get("ev", "")
    if ev == "silence":
        return Silence(_small_int(values.get("s", "1")) or 1)
    if ev == "dial":
        return DialEnded(values.get("DialCallStatus", "failed"))
    digits = values.get("Digits")
    if digits:
        return Key(digits)
    said = values.get("SpeechResult")
    if said is not None:
        return Speech(said[:500], _confidence(values.get("Confidence")))
    if digits is not None:  # an empty key press with no words: "that key does nothing here"
        return Key(digits)
    return Arrive()


def _confidence(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and 0.0 <= value <= 1.0 else None


def _language(values: Any, menus: Any) -> str:
    lang = values.get("lang", "")
    if lang in menus.line.voices:
        return lang
    return menus.line.numbers.get(values.get("To", ""), menus.line.default_language)


#: A count the line itself put in a URL: one or two ASCII digits (``isdigit`` also takes ``²``).
SMALL_INT = re.compile(r"[0-9]{1,2}")


def _small_int(text: str) -> int:
    return int(text) if SMALL_INT.fullmatch(text) else 0


@bp.route("/voice", methods=METHODS, provide_automatic_options=False, strict_slashes=False)
def voice() -> Response:
    errors = 0
    req = request._get_current_object()  # type: ignore[attr-defined]
    args = req.args
    place_text = args.get("at")
    ivr: dict[str, Any] = {}
    try:
        ivr = _ivr()
        values = signed_values(req)
        errors = _small_int(args.get("err", "0"))
        version = ivr["store"].current()
        settings = ivr["settings"]
        menus = version.menus
        lang = _language(values, menus)
        place = Place.decode(place_text, menus)
        event = _event(values)
        if place is None and place_text is not None:
            log.info("unknown place in a callback URL; taking the caller to the main menu")
            count([("error", "lost-place", 1)], ivr)
        to = values.get("To", "")
        texts = _small_int(args.get("t", "0"))
        texter = ivr["texter"]
        connect = is_line_number(to)
        caps = Caps(
            connect=connect,
            text=texter is not None and connect and can_receive_text(values.get("From")),
            texts_left=max(0, TEXTS_PER_CALL - texts),
            free=is_free_line(to),
        )
        now = settings.clock()
        caller_id = to if connect else None

        def work_out() -> tuple[Turn, str | None, tuple[Count, ...] | None]:
            turn = step(menus, version.catalogs, place, event, now, lang, caps)
            if isinstance(turn.next, SendText):  # sent, then the answer after it worked out: never kept
                return turn, None, None
            carry = {"t": texts} if texts else {}
            # The step's counts, kept with it, but for a put-through's end: they band its duration.
            counts = None if isinstance(event, DialEnded) else step_items(place, event, turn, lang, menus, now, None)
            return turn, twiml.render(turn, menus, caller_id, carry), counts

        # The same question in the same minute, on the same version, has the same answer (ivr.answers).
        # Never what a caller said: their own words (which may hold a number) are not kept.
        if isinstance(event, Speech):
            turn, body, counts = work_out()
        else:
            question = (place, event, lang, caps, caller_id, texts)
            turn, body, counts = ivr["answers"].answer(version, now, question, work_out)
        texted: list[bool] = []  # whether a text went, once one was asked for: never kept as an answer

        def send(ask: SendText) -> tuple[bool, Caps]:
            nonlocal texts
            allowed = (
                caps.text
                and caps.texts_left > 0
                and ivr["text_limits"].allow(values["From"], values.get("CallSid", ""), now.timestamp())
            )
            sent = bool(allowed and texter.send(values["From"], to, ask.body))
            texts = texts + 1 if allowed else TEXTS_PER_CALL  # held back: stop offering texts in this call
            texted.append(sent)
            return sent, replace(caps, texts_left=max(0, TEXTS_PER_CALL - texts))

        if isinstance(turn.next, SendText):
            turn = text_then_step(menus, version.catalogs, turn, now, send)
            count([("text", "sent" if texted[0] else "failed", 1)], ivr)
            carry = {"t": texts} if texts else {}
            body = twiml.render(turn, menus, caller_id=caller_id, carry=carry)
        if not texted:  # counted once the answer is written: only what the caller will really hear
            count_step(place, event, turn, lang, menus, values, now=now, known=counts, ivr=ivr)
        if body is None:  # never: only a text's turn has none, and it was written just above
            raise TypeError("no answer was written")
        return _twiml(body)
    except Unavailable:  # no menus ever passed the checks here: the store has logged why
        return _twiml(twiml.no_menus_response())
    except Exception:
        # No request data in the log: it may hold the caller's number.
        log.exception(
            "the voice webhook failed at place %r; the caller hears the safe words", logsafe.loggable(place_text or "")
        )
        count(
            [("error", "webhook", 1), ("safe-words", "goodbye" if errors + 1 >= MAX_ERRORS else "retry", 1)],
            ivr or None,
        )
        if errors + 1 >= MAX_ERRORS:
            return _twiml(twiml.safe_response())
        return _twiml(twiml.safe_response(twiml.url("menu:main", _lang_text(), err=errors + 1)))


@bp.route("/voice/fallback", methods=METHODS, provide_automatic_options=False, strict_slashes=False)
def fallback() -> Response:
    """For Twilio's Fallback URL: reads no menus, so it works when everything else is broken."""
    code = signed_values().get("ErrorCode", "")
    log.error("Twilio called the fallback URL (error %s)", code if re.fullmatch(r"[0-9]{1,5}", code) else "?")
    count([("error", "fallback", 1), ("safe-words", "goodbye", 1)])
    return _twiml(twiml.safe_response())


#: Twilio's CallStatus values for a call that has ended.
ENDED = ("completed", "busy", "failed", "no-answer", "canceled")


@bp.route("/voice/status", methods=METHODS, provide_automatic_options=False, strict_slashes=False)
def status() -> Response:
    """For the number's call status callback ("Call status changes"): how far into the call it
    ended, as a coarse band; signed and checked like every webhook. A call that has not ended
    (this URL set as the voice URL by mistake) is answered as ``/voice`` would: never silence."""
    if request.values.get("CallStatus", "") not in ENDED:
        return voice()
    count([("ended", band(request.values.get("CallDuration"), CALL_BANDS), 1)])
    return _twiml('<?xml version="1.0" encoding="UTF-8"?><Response />')
