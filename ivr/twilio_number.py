"""The line's Twilio number: which of its webhooks must point where, and setting them, with
twilio's REST client (``ivr twilio connect``; ``ivr doctor`` reads the same).

Every failure is a :class:`NumberError` whose message says in plain words what to do: a number
not on the account, credentials Twilio refuses, no network. Only the line's own number is ever
named; nothing here sees a caller.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
from requests.exceptions import RequestException
from requests.exceptions import Timeout as TooSlow
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http import HttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from .model import Line

#: What the line needs of its number: (the number's field in Twilio's API, the line's path).
#: Each is set to IVR_PUBLIC_URL + path, with HTTP POST (GET would put the caller's number in
#: the URL, where proxies log it).
WEBHOOKS: tuple[tuple[str, str], ...] = (
    ("voice_url", "/voice"),
    ("voice_fallback_url", "/voice/fallback"),
    ("status_callback", "/voice/status"),
)
#: The text front door, set only when the line offers texting (``IVR_SMS=on``): every reply is
#: charged to the account, so a deployer who has not switched texts on is not sent them.
TEXT_WEBHOOKS: tuple[tuple[str, str], ...] = (("sms_url", "/sms"),)


def webhooks(texts: bool) -> tuple[tuple[str, str], ...]:
    """The (field, path) pairs the line needs on its number."""
    return WEBHOOKS + TEXT_WEBHOOKS if texts else WEBHOOKS


#: What the Console calls each field, to show the change in its words.
LABELS = {
    "voice_url": "A call comes in",
    "voice_method": "  its HTTP method",
    "voice_fallback_url": "Primary handler fails",
    "voice_fallback_method": "  its HTTP method",
    "status_callback": "Call status changes",
    "status_callback_method": "  its HTTP method",
    "voice_application_sid": "TwiML App for calls (overrides the URLs)",
    "sms_url": "A message comes in",
    "sms_method": "  its HTTP method",
    "sms_application_sid": "TwiML App for messages (overrides the URLs)",
}
#: Seconds Twilio's API may take before we say it cannot be reached.
TIMEOUT = 15.0


class NumberError(Exception):
    """Something stops us reading or changing the number; the message says what to do."""


class Unreachable(NumberError):
    """Twilio's API could not be reached or did not answer: nothing about the number is known."""


@dataclass(frozen=True)
class Change:
    """One field of the number: what it is now and what the line needs."""

    field: str
    current: str
    new: str

    @property
    def label(self) -> str:
        return LABELS.get(self.field, self.field)


def method_field(field: str) -> str:
    """The field holding the HTTP method of a URL field: ``voice_url`` → ``voice_method``,
    ``status_callback`` → ``status_callback_method``, ``sms_url`` → ``sms_method``."""
    return field.removesuffix("_url") + "_method"


def application_field(field: str) -> str:
    """The TwiML App field that, when set, makes Twilio ignore the URL field."""
    return "sms_application_sid" if field.startswith("sms") else "voice_application_sid"


def e164(number: str) -> str:
    """``+44 800 123 4567`` or ``0800 123 4567`` as Twilio writes it, or :class:`NumberError`."""
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise NumberError(f"“{number}” is not a phone number; write it like +44 800 123 4567")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def line_numbers(line: Line) -> list[str]:
    """The line's own Twilio numbers, E.164, from ``line.yaml``: ``numbers:``, then ``phone:``."""
    found = list(line.numbers)
    if line.phone:
        try:
            found.append(e164(line.phone))
        except NumberError:
            pass  # ivr check says so
    return list(dict.fromkeys(found))


def https_base(public_url: str) -> str:
    """The public address, checked: Twilio's requests carry the caller's number, so https only."""
    if not public_url:
        raise NumberError(
            "IVR_PUBLIC_URL is not set: set it to the https address where Twilio reaches the line, "
            "like https://line.example.org"
        )
    parts = urlsplit(public_url)
    if parts.scheme != "https" or not parts.netloc:
        raise NumberError(
            f"IVR_PUBLIC_URL={public_url} is not an https address: Twilio's requests carry the caller's "
            "number, so the line takes them over https only (put a TLS proxy in front, docs/production.md)"
        )
    return public_url.rstrip("/")


def http_client() -> TwilioHttpClient:
    """twilio's HTTP client, quiet: twilio logs every request, its headers and its answer at INFO."""
    quiet = logging.getLogger("ivr.twilio.http")
    quiet.setLevel(logging.WARNING)
    return TwilioHttpClient(timeout=TIMEOUT, logger=quiet)


def client(account_sid: str, auth_token: str, through: HttpClient | None = None) -> Client:
    """twilio's REST client for the account, through a quiet HTTP client (:func:`http_client`)."""
    if not account_sid or not auth_token:
        raise NumberError(
            "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must both be set (the Twilio Console shows them "
            "under Account Info)"
        )
    return Client(account_sid, auth_token, http_client=through or http_client())


def _status(exc: TwilioException) -> tuple[int | None, str]:
    """The HTTP status and Twilio's message of a refusal: a TwilioRestException carries them, a
    list whose page Twilio refused raises TwilioException("Unable to fetch page", response)."""
    if isinstance(exc, TwilioRestException):
        return exc.status, f"error {exc.code}: {exc.msg}"
    response = exc.args[1] if len(exc.args) > 1 else None
    status = getattr(response, "status_code", None)
    try:
        said = json.loads(getattr(response, "text", "") or "{}")
    except ValueError:
        said = {}
    said = said if isinstance(said, dict) else {}
    return status, f"error {said.get('code')}: {said.get('message')}" if said else str(exc.args[0])


def _explained(exc: Exception) -> NumberError:
    """A plain-words error for whatever the REST client raised."""
    if isinstance(exc, TwilioException):
        status, said = _status(exc)
        if status in (401, 403):
            return NumberError(
                f"Twilio refused the account SID and Auth Token (HTTP {status}): check TWILIO_ACCOUNT_SID "
                "and TWILIO_AUTH_TOKEN against the Console's Account Info"
            )
        if status is not None:
            return NumberError(f"Twilio answered HTTP {status} ({said}): try again later")
        return NumberError(f"Twilio's API failed: {exc}")
    if isinstance(exc, TooSlow):
        return Unreachable(f"Twilio's API did not answer within {TIMEOUT:.0f} s: try again, or check the network")
    return Unreachable(
        "Twilio's API (api.twilio.com) cannot be reached from here: check the network, the firewall "
        f"(HTTPS out to api.twilio.com) and any proxy ({type(exc).__name__})"
    )


def find(api: Client, number: str) -> Any:
    """The account's incoming number ``number`` (E.164), or :class:`NumberError`."""
    try:
        found = api.incoming_phone_numbers.list(phone_number=number, limit=20)
    except (TwilioException, RequestException, OSError) as exc:
        raise _explained(exc) from None
    exact = [n for n in found if n.phone_number == number]
    if not exact:
        raise NumberError(
            f"{number} is not a number of this Twilio account ({api.account_sid}): buy or port it in the Console "
            "(Phone Numbers), or check TWILIO_ACCOUNT_SID"
        )
    return exact[0]


def plan(number: Any, base: str, texts: bool = False) -> list[Change]:
    """What must change on ``number`` for Twilio to call (and, with ``texts``, text) the line at
    ``base``; empty when nothing."""
    changes: list[Change] = []
    wanted = webhooks(texts)
    for field, path in wanted:
        url = base + path
        if (getattr(number, field, None) or "") != url:
            changes.append(Change(field, getattr(number, field, None) or "", url))
        method = method_field(field)
        if (getattr(number, method, None) or "").upper() != "POST":
            changes.append(Change(method, getattr(number, method, None) or "", "POST"))
    for app in dict.fromkeys(application_field(f) for f, _ in wanted):
        if getattr(number, app, None):
            changes.append(Change(app, getattr(number, app), ""))
    return changes


def refusal(number: Any) -> str:
    """Why the URLs would not be used even once set, or ''."""
    if getattr(number, "trunk_sid", None):
        return (
            f"{number.phone_number} belongs to an Elastic SIP trunk ({number.trunk_sid}), which takes its calls "
            "whatever the URLs say: remove it from the trunk in the Console first"
        )
    return ""


def apply(number: Any, changes: list[Change]) -> Any:
    """Make the changes in one request; the number as Twilio now has it."""
    try:
        return number.update(**{c.field: c.new for c in changes})
    except (TwilioException, RequestException, OSError) as exc:
        raise _explained(exc) from None
