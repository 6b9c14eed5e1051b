"""A fake of Twilio's REST API behind twilio's own client: an ``HttpClient`` subclass that
answers the incoming-phone-numbers requests from a dict and records every request exactly
(method, URL, query, form), so tests check the API calls and never touch the network."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from twilio.http import HttpClient
from twilio.http.response import Response

ACCOUNT = "AC" + "a" * 32
TOKEN = "b" * 32
API = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}"
DATE = "Sun, 29 Nov 2026 15:00:00 GMT"


def number(phone: str = "+448001234567", sid: str = "PN" + "1" * 32, **fields: Any) -> dict[str, Any]:
    """A number as Twilio's API returns it, with its webhooks as ``fields`` say (else unset)."""
    base = {
        "account_sid": ACCOUNT,
        "sid": sid,
        "phone_number": phone,
        "friendly_name": "Safety line",
        "voice_url": "https://demo.twilio.com/welcome/voice/",
        "voice_method": "POST",
        "voice_fallback_url": None,
        "voice_fallback_method": "POST",
        "status_callback": "",
        "status_callback_method": "POST",
        "voice_application_sid": None,
        "sms_url": "",
        "sms_method": "POST",
        "sms_application_sid": "",
        "trunk_sid": None,
        "capabilities": {"voice": True, "sms": True, "mms": False, "fax": False},
    }
    return {**base, **fields}


@dataclass
class Seen:
    method: str
    url: str
    params: dict[str, Any]
    data: dict[str, Any]


@dataclass
class FakeTwilioAPI(HttpClient):
    """Twilio's API for one account: ``numbers`` by sid; ``fail`` = an HTTP status to answer
    every request with, or an exception to raise (no network, a timeout)."""

    numbers: dict[str, dict[str, Any]] = field(default_factory=dict)
    fail: int | BaseException | None = None
    date: str = DATE
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(logger=None, is_async=False)  # type: ignore[arg-type]

    def request(self, method, uri, params=None, data=None, headers=None, auth=None, timeout=None, **kw):  # noqa: ANN001
        self.seen.append(Seen(method, uri, dict(params or {}), dict(data or {})))
        if isinstance(self.fail, BaseException):
            raise self.fail
        if auth != (ACCOUNT, TOKEN) or self.fail == 401:
            return self._answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
        if self.fail:
            return self._answer(self.fail, {"code": 20500, "message": "Internal Server Error", "status": self.fail})
        path = urlsplit(uri).path
        if method == "GET" and path.endswith("/IncomingPhoneNumbers.json"):
            wanted = (params or {}).get("PhoneNumber")
            found = [n for n in self.numbers.values() if wanted in (None, n["phone_number"])]
            return self._answer(200, {"incoming_phone_numbers": found, "next_page_uri": None, "page": 0})
        sid = path.rsplit("/", 1)[-1].removesuffix(".json")
        if method == "POST" and sid in self.numbers:
            changed = self.numbers[sid]
            for key, value in (data or {}).items():
                snake = "".join("_" + ch.lower() if ch.isupper() else ch for ch in key).lstrip("_")
                changed[snake] = value
            return self._answer(200, changed)
        return self._answer(404, {"code": 20404, "message": "not found", "status": 404})

    def _answer(self, status: int, payload: dict[str, Any]) -> Response:
        return Response(status, json.dumps(payload), {"Date": self.date, "Content-Type": "application/json"})
