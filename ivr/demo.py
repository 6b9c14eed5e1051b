"""The browser demo's face over :func:`ivr.flow.step`: one step of a pretend call as plain data.

Same core, same sentences as the phone; the only difference is what happens where the phone
would put a caller through: nothing is dialled, and the demo says so ("On a real call you
would now be put through to …"). It never reads caller data and keeps no call state: the
page sends back the ``at`` it was given.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from . import flow
from .hours import LONDON, is_bank_holiday, parse_now
from .i18n import Catalogs, Speaker
from .model import KEYS, Menus
from .numbers import is_free_line
from .saying import for_voice

#: A demo can put through (to show the offer), since it never really dials.
CAPS = flow.Caps(connect=True, text=False)
EVENTS = ("start", "key", "silence", "dial")
#: Years the clock may be set to: the bank-holiday tables and ``zoneinfo`` cover these.
YEARS = range(2000, 2100)


class DemoError(ValueError):
    """A request the demo cannot take; the message says what to send instead."""


def clock(text: str | None, real_now: dt.datetime) -> dt.datetime:
    """The moment to pretend it is: "now" (or nothing) is ``real_now``; else a date and time."""
    text = (text or "").strip()
    if text.lower() in ("", "now"):
        return real_now
    try:
        when = parse_now(text[:40])
    except ValueError:
        raise DemoError(
            f"“{text[:40]}” is not a date and time. Write “now”, or a date and time like 2026-12-25T02:00 (UK time)."
        ) from None
    if when.year not in YEARS:
        raise DemoError(f"Choose a date between {YEARS.start} and {YEARS.stop - 1}.")
    return when


def describe(now: dt.datetime) -> str:
    """The pretend moment for the page, in English (the page is for outreach staff)."""
    local = now.astimezone(LONDON)
    words = local.strftime("%A %d %B %Y, %H:%M") + " UK time"
    if is_bank_holiday(local.date(), "ENG"):
        words += " (a bank holiday in England)"
    return words


def _event(kind: str, digits: str, silences: Any, status: str) -> flow.Event:
    if kind == "start":
        return flow.Arrive()
    if kind == "key":
        key = (digits or "").strip()[:1]
        if key not in KEYS:
            raise DemoError("Send one key: 0 to 9, * or #.")
        return flow.Key(key)
    if kind == "silence":
        count = silences if isinstance(silences, int) and not isinstance(silences, bool) else 1
        return flow.Silence(min(max(count, 1), flow.SILENCES_BEFORE_GOODBYE))
    if status not in flow.DIAL_STATUSES:
        raise DemoError(f"A put-through call ends as one of: {', '.join(flow.DIAL_STATUSES)}.")
    return flow.DialEnded(status)


def run(
    menus: Menus,
    catalogs: Catalogs,
    request: dict[str, Any],
    real_now: dt.datetime,
) -> dict[str, Any]:
    """One step of a demo call. ``request``: ``{event, at, lang, digits, silences, status, now,
    called}``; ``called`` is the number the pretend caller dialled (default: the line's
    ``phone:``), so the demo says "free" exactly when a real call to it would.

    Raises :class:`DemoError` for anything it cannot take, with a message for the person.
    """
    kind = request.get("event")
    if kind not in EVENTS:
        raise DemoError(f"“event” should be one of: {', '.join(EVENTS)}.")
    lang = request.get("lang") or menus.line.default_language
    if not isinstance(lang, str) or lang not in (menus.line.voices or {menus.line.default_language: None}):  # type: ignore[dict-item]
        raise DemoError(f"The line does not speak “{str(lang)[:20]}”. Choose one of: {', '.join(menus.line.voices)}.")
    now = clock(_text(request.get("now")), real_now)
    event = _event(kind, _text(request.get("digits")), request.get("silences"), _text(request.get("status")))
    place = None if kind == "start" else flow.Place.decode(_text(request.get("at")), menus)
    called = _text(request.get("called"))[:40] or menus.line.phone
    caps = dataclasses.replace(CAPS, free=is_free_line(called))
    turn = flow.step(menus, catalogs, place, event, now, lang, caps)
    lines = [{"text": s.text, "speak": for_voice(s.text), "lang": s.lang} for s in turn.lines]
    nxt = turn.next
    if isinstance(nxt, flow.Listen):
        after: dict[str, Any] = {
            "kind": "listen",
            "at": nxt.place.encode(),
            "keys": list(nxt.keys),
            "silences": nxt.silences,
        }
    elif isinstance(nxt, flow.Connect):
        said = Speaker(catalogs, turn.lang)._(
            "On a real call you would now be put through to {name} on {number}.",
            name=nxt.service.name,
            number=nxt.service.number,
        )
        lines.append({"text": said.text, "speak": for_voice(said.text), "lang": said.lang})
        after = {
            "kind": "connect",
            "at": nxt.after.encode(),
            "service": nxt.service.name,
            "number": nxt.service.number,
            "statuses": list(flow.DIAL_STATUSES),
        }
    else:
        after = {"kind": "hangup"}
    return {"lines": lines, "next": after, "lang": turn.lang, "now": now.isoformat(), "clock": describe(now)}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
