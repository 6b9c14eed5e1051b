"""Opening hours: is a service open at a moment, until when, and when it opens next.

Hours are written in UK wall-clock time. Each day's intervals are turned into real
instants in Europe/London (so British Summer Time and the nights the clocks change
are handled by ``zoneinfo``) and compared in UTC, where every instant is unambiguous.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import lru_cache
from zoneinfo import ZoneInfo

from .bank_holidays import is_bank_holiday
from .model import Interval, Service

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
#: How far ahead to look for the next opening; Christmas closes some services for days.
HORIZON_DAYS = 21
#: However long a dated closure, the next opening is looked for no further than this.
MAX_HORIZON_DAYS = 400


@dataclass(frozen=True)
class Status:
    """A service's state at one moment, in London time."""

    open: bool
    #: When it closes (open) or None when it never closes within the horizon.
    until: dt.datetime | None
    #: When it opens next (closed) or None when it does not open within the horizon.
    next_open: dt.datetime | None
    #: True when the service is closed today because today is a bank holiday (and no dated
    #: exception decides today).
    bank_holiday_today: bool = False
    #: True when today is a bank holiday and nobody knows the service's hours for it.
    hours_may_differ: bool = False


def london_instant(day: dt.date, time: dt.time) -> dt.datetime:
    """A wall-clock time on a London day as a UTC instant.

    A time that does not exist (01:30 when clocks go forward) is taken as the
    instant after the gap; an ambiguous one (01:30 when they go back) as the first.
    """
    local = dt.datetime.combine(day, time, tzinfo=LONDON)
    as_utc = local.astimezone(UTC)
    wall = local.replace(tzinfo=None)
    if as_utc.astimezone(LONDON).replace(tzinfo=None) != wall:
        # In the spring gap: the first real instant after it is the moment the clocks jump.
        probe = local.replace(fold=1).astimezone(UTC)
        while probe.astimezone(LONDON).replace(tzinfo=None) < wall:
            probe += dt.timedelta(minutes=1)
        as_utc = probe
    return as_utc


def _day_intervals(service: Service, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """The service's openings that start on ``day``, as UTC instants.

    A dated exception replaces the weekly hours and the bank-holiday rule for the openings
    that start on its days, as weekly hours do: a night that starts the day before one
    still ends when it always does.
    """
    special = service.exception_on(day)
    if special is not None:
        intervals = special.openings
    elif service.bank_holidays == "closed" and not service.hours.always and is_bank_holiday(day, service.region):
        return []
    else:
        intervals = service.hours.days[day.weekday()]
    spans = []
    for iv in intervals:
        start = london_instant(day, iv.opens)
        end_day = day + dt.timedelta(days=1) if iv.overnight else day
        end = london_instant(end_day, iv.closes)
        if end > start:
            spans.append((start, end))
    return spans


@lru_cache(maxsize=1024)  # the same for every call on one day, and costly: kept
def openings(service: Service, start: dt.date, days: int) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    """Merged openings (UTC) that start on ``start`` - 1 day .. ``start`` + ``days``."""
    spans: list[tuple[dt.datetime, dt.datetime]] = []
    for offset in range(-1, days + 1):
        spans.extend(_day_intervals(service, start + dt.timedelta(days=offset)))
    spans.sort()
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return tuple(merged)


def status(service: Service, now: dt.datetime) -> Status:
    """Whether ``service`` is open at ``now`` (an aware datetime), until when, or when next."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    at = now.astimezone(UTC)
    today = now.astimezone(LONDON).date()
    if service.hours.always and not any(e.last >= today for e in service.exceptions):
        return Status(True, None, None)
    # Most answers are found within a few days; look further only when they are not.
    found = _status_within(service, at, today, 3) or _status_within(
        service, at, today, _horizon(service, today), final=True
    )
    if (
        service.bank_holidays == "unknown"
        and is_bank_holiday(today, service.region)
        and service.exception_on(today) is None
    ):
        return replace(found, hours_may_differ=True)  # type: ignore[type-var, return-value]  # final=True: never None
    return found  # type: ignore[return-value]  # final=True: never None


def _horizon(service: Service, today: dt.date) -> int:
    """Days to look ahead: far enough to see past any dated closure that is on or coming."""
    days = HORIZON_DAYS
    for e in sorted(service.exceptions, key=lambda e: e.first):
        if e.first > today + dt.timedelta(days=days):
            break
        if e.last >= today:
            days = max(days, (e.last - today).days + HORIZON_DAYS)
    return min(days, MAX_HORIZON_DAYS)


def _status_within(service: Service, at: dt.datetime, today: dt.date, days: int, final: bool = False) -> Status | None:
    spans = openings(service, today, days)
    window_end = london_instant(today + dt.timedelta(days=days), dt.time(0))
    for s, e in spans:
        if s <= at < e:
            if e >= window_end:
                return Status(True, None, None) if final else None
            return Status(True, e.astimezone(LONDON), None)
    upcoming = [s for s, _ in spans if s > at]
    if not upcoming and not final:
        return None
    closed_for_holiday = (
        service.bank_holidays == "closed"
        and is_bank_holiday(today, service.region)
        and bool(service.hours.days[today.weekday()])
        and service.exception_on(today) is None
    )
    nxt = upcoming[0].astimezone(LONDON) if upcoming else None
    return Status(False, None, nxt, bank_holiday_today=closed_for_holiday)


def is_open(service: Service, now: dt.datetime) -> bool:
    return status(service, now).open


def parse_now(text: str) -> dt.datetime:
    """Parse ``IVR_NOW`` or a demo's clock: ISO 8601 with an offset, or naive = London time."""
    value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=LONDON)
    return value


NEXT_DAY = "next day"


def interval_from_text(text: str) -> Interval:
    """Parse ``"09:30-16:00"``, ``"09:00-24:00"`` or ``"22:00-02:00 next day"``.

    Raises ValueError with a plain-words message. A close at or before the open
    without "next day" is a mistake, not an overnight opening.
    """
    body = str(text).strip()
    overnight = body.lower().endswith(NEXT_DAY)
    if overnight:
        body = body[: -len(NEXT_DAY)].strip()
    parts = [p.strip() for p in body.replace("–", "-").split("-")]
    if len(parts) != 2:
        raise ValueError(f"“{text}” should be an opening and a closing time, like 09:30-16:00")
    opens = _time(parts[0], text)
    if parts[1] in ("24:00", "24.00"):
        return Interval(opens, dt.time(0), overnight=True)
    closes = _time(parts[1], text)
    if overnight and closes > opens:
        raise ValueError(f"“{text}” says “next day” but closes at {parts[1]}, after it opens; remove “next day”")
    if not overnight and closes <= opens:
        hint = _close_hint(opens, closes)
        raise ValueError(
            f"it closes at {parts[1]}, before it opens at {parts[0]}.{hint}"
            f" If it really closes after midnight, write “{parts[0]}-{parts[1]} next day”."
        )
    return Interval(opens, closes, overnight=overnight)


def interval_text(iv: Interval) -> str:
    """An opening as a maintainer writes it: the inverse of :func:`interval_from_text`."""
    if iv.overnight and iv.closes == dt.time(0):
        return f"{iv.opens:%H:%M}-24:00"
    return f"{iv.opens:%H:%M}-{iv.closes:%H:%M}{' ' + NEXT_DAY if iv.overnight else ''}"


def _close_hint(opens: dt.time, closes: dt.time) -> str:
    """Likely meant closing times: a slipped first digit (07:00 for 17:00) or 12-hour time (19:00)."""
    guesses = []
    if closes.hour < 10:
        guesses.append(closes.hour + 10)
    if closes.hour < 12:
        guesses.append(closes.hour + 12)
    later = [h for h in dict.fromkeys(guesses) if opens.hour < h <= 23]
    if not later:
        return ""
    return " Did you mean " + " or ".join(f"{h:02d}:{closes.minute:02d}" for h in later) + "?"


def _time(value: str, whole: str) -> dt.time:
    try:
        hours, minutes = value.replace(".", ":").split(":")
        if len(minutes) != 2:
            raise ValueError
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(
            f"“{value}” in “{whole}” is not a time of day; write it as 24-hour HH:MM, like 09:30 or 17:00"
        ) from None
