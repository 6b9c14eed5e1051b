"""Dated exceptions and notices as a volunteer writes them, one line each.

Exceptions (under a service's ``exceptions:``): a date or a range of dates, then ``closed``
or openings, then an optional reason in brackets that callers never hear::

    2026-12-03: closed (staff training)
    2026-12-24: 09:00-12:00
    2026-12-27 to 2027-01-02: closed

Notices (under ``notices:`` in line.yaml, or a service's): when, then the sentence::

    2026-12-01 to 2026-12-03: Beyond the Streets is closed on Thursday for staff training.
    2027-02-15 09:00 to 2027-03-01 17:00: From 1 March, this line has a new number.

A date alone is that whole day; a range counts both its days; an end with a time means up
to that minute. All in UK time. Each function raises ValueError with a plain-words message.
"""

from __future__ import annotations

import datetime as dt
import re

from .hours import LONDON, interval_from_text, interval_text, london_instant
from .model import DatedHours, Interval, Notice

TO = " to "
CLOSED = "closed"
DATE_FORM = "year-month-day, like 2026-12-24"
#: Years a date may be in: the bank-holiday tables and the time zone rules cover these.
YEARS = range(2000, 2100)
#: A reason in brackets at the end: "closed (staff training)".
REASON = re.compile(r"^(?P<body>.*?)\s*\((?P<reason>[^()]*)\)\s*$", re.S)
#: Ways of writing a start with no end: a notice needs an end, or it would be said for ever.
OPEN_ENDED = re.compile(
    r"^(?:from\s+|since\s+)?(?P<start>\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}[:.]\d{2})?)\s*(?:to|onwards|on|-|–)?\s*$", re.I
)
WHEN = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[ T](?P<time>\d{1,2}[:.]\d{2}))?$")


def _date(text: str) -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"“{text}” is not a date; write dates as {DATE_FORM}") from None
    if day.year not in YEARS:
        raise ValueError(f"“{text}” is too far away; write a date in a year from {YEARS.start} to {YEARS.stop - 1}")
    return day


def date_range(text: str) -> tuple[dt.date, dt.date]:
    """``"2026-12-03"`` or ``"2026-12-27 to 2027-01-02"``: the first and last day, both counted."""
    body = " ".join(str(text).split())
    first, sep, last = body.lower().partition(TO)
    if not sep:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}\s*[-–]\s*\d{4}-\d{2}-\d{2}", body):
            raise ValueError(f"“{text}”: write a range of dates with “to”, like 2026-12-27 to 2027-01-02")
        day = _date(body)
        return day, day
    a, b = _date(first.strip()), _date(last.strip())
    if b < a:
        raise ValueError(f"“{text}” ends before it starts; write the earlier date first")
    return a, b


def _reason(text: str) -> tuple[str, str]:
    found = REASON.match(text)
    return (found["body"].strip(), found["reason"].strip()) if found else (text.strip(), "")


def dated_hours(dates: str, value: object) -> DatedHours:
    """One exception: ``dates`` as :func:`date_range` reads them; ``value`` "closed", openings
    ("09:00-12:00", "09:00-12:00, 13:00-15:00", or a list of them), each maybe with a reason."""
    first, last = date_range(dates)
    items = value if isinstance(value, list) else [value]
    if not items or any(not isinstance(i, str) or not i.strip() for i in items):
        raise ValueError(f"say “closed” or the openings, like 09:00-12:00, after “{dates}:”")
    openings: list[Interval] = []
    reasons: list[str] = []
    closed = False
    for item in items:
        body, reason = _reason(item)  # type: ignore[arg-type]  # each item is a str (checked above)
        if reason:
            reasons.append(reason)
        for part in (p.strip() for p in body.split(",")):
            if part.lower() == CLOSED:
                closed = True
            elif part.lower() in ("open", "usual", "usual hours", "open as usual"):
                raise ValueError(
                    f"“{part}” does not say when; write the openings, like 09:00-17:00, or leave out the line for "
                    "the usual hours"
                )
            elif part:
                openings.append(interval_from_text(part))
    if closed and openings:
        raise ValueError(f"“{dates}” says both closed and openings; write one of them")
    if not closed and not openings:
        raise ValueError(f"say “closed” or the openings, like 09:00-12:00, after “{dates}:”")
    return DatedHours(first, last, tuple(sorted(openings, key=lambda i: i.opens)), "; ".join(reasons))


def _when(text: str, end: bool) -> dt.datetime:
    """A date (its start, or for an end the start of the next day) or a date and time."""
    found = WHEN.match(text.strip())
    if not found:
        raise ValueError(f"“{text.strip()}” is not a date or a date and time; write {DATE_FORM}, or 2026-12-24 14:00")
    day = _date(found["date"])
    if found["time"] is None:
        return london_instant(day + dt.timedelta(days=1) if end else day, dt.time(0))
    try:
        hours, minutes = found["time"].replace(".", ":").split(":")
        at = dt.time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"“{found['time']}” is not a time of day; write 24-hour HH:MM, like 09:30") from None
    return london_instant(day, at)


class NoEnd(ValueError):
    """A notice written with a start and no end."""


def period(text: str) -> tuple[dt.datetime, dt.datetime]:
    """When a notice is said: ``"2026-12-01"`` (that day), ``"2026-12-01 to 2026-12-05"``
    (both days), or with times, ``"2026-12-01 14:00 to 2026-12-05 17:00"`` (up to 17:00)."""
    body = " ".join(str(text).split())
    start, sep, end = body.lower().partition(TO)
    if sep:
        starts, ends = _when(start, end=False), _when(end, end=True)
        if ends <= starts:
            raise ValueError(f"“{text}” ends before it starts; write the earlier date first")
        return starts, ends
    alone = WHEN.match(body)
    if alone and alone["time"] is None:
        return _when(body, end=False), _when(body, end=True)
    if open_ended := OPEN_ENDED.match(body):
        first = open_ended["start"]
        example = f"{first} to 2026-12-31 17:00" if alone else f"{first.split()[0]} to 2026-12-31"
        raise NoEnd(
            f"“{text}” has no end, so the notice would be said for ever; write when it ends too, like {example}"
        )
    return _when(body, end=False), _when(body, end=True)  # says what is wrong with the date


def notice(when: str, sentence: str) -> Notice:
    starts, ends = period(when)
    return Notice(sentence, starts, ends)


# --- written back, for the maintainers' tools -----------------------------------------


def dates_text(e: DatedHours) -> str:
    first = e.first.isoformat()
    return first if e.first == e.last else f"{first}{TO}{e.last.isoformat()}"


def exception_text(e: DatedHours) -> str:
    """One exception as a maintainer wrote it, reason and all: "2026-12-03: closed (training)"."""
    return f"{dates_text(e)}: {hours_text(e)}{f' ({e.reason})' if e.reason else ''}"


def hours_text(e: DatedHours) -> str:
    """What the exception says, as written: "closed", "09:00-12:00, 13:00-15:00"."""
    return CLOSED if e.closed else ", ".join(interval_text(i) for i in e.openings)


def period_text(n: Notice) -> str:
    """When a notice is said, in the words it was written in: "2026-12-01 to 2026-12-05"."""
    starts, ends = n.starts.astimezone(LONDON), n.ends.astimezone(LONDON)
    whole_days = starts.time() == dt.time(0) and ends.time() == dt.time(0)
    if whole_days:
        last = (ends - dt.timedelta(hours=12)).date()  # the day before the end, even across a clock change
        first = starts.date()
        return first.isoformat() if first == last else f"{first.isoformat()}{TO}{last.isoformat()}"
    return f"{starts:%Y-%m-%d %H:%M}{TO}{ends:%Y-%m-%d %H:%M}"


__all__ = [
    "date_range",
    "dated_hours",
    "period",
    "notice",
    "NoEnd",
    "dates_text",
    "hours_text",
    "exception_text",
    "period_text",
]
