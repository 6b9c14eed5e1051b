"""``ivr hours``: which services are open when over the coming days, in London time,
with bank holidays and dated exceptions marked and the notices listed, so a maintainer can
eyeball the hours they typed.
"""

from __future__ import annotations

import datetime as dt

from . import dated, hours
from .bank_holidays import bank_holidays, is_bank_holiday
from .hours import LONDON
from .model import DAY_NAMES, Menus, Notice, Service, WeeklyHours, day_runs

ALL_DAY = "all day"
CLOSED = "closed"
CLOSED_BH = "closed (BH)"
#: After a day's cell: a dated exception decides that day.
EXCEPTION_MARK = " (X)"
MAY_DIFFER = "(may differ)"


def _midnight(day: dt.date) -> dt.datetime:
    return hours.london_instant(day, dt.time(0))


def day_cell(svc: Service, day: dt.date) -> str:
    """The service's openings on one London day, like "09:30-12:00" or "closed (BH)";
    marked "(X)" when a dated exception decides the day."""
    cell = _openings_cell(svc, day)
    return cell + EXCEPTION_MARK if svc.exception_on(day) is not None else cell


def _openings_cell(svc: Service, day: dt.date) -> str:
    start, end = _midnight(day), _midnight(day + dt.timedelta(days=1))
    parts = []
    for s, e in hours.openings(svc, day, 0):
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        if s == start and e == end:
            return ALL_DAY
        closes = "24:00" if e == end else e.astimezone(LONDON).strftime("%H:%M")
        parts.append(f"{s.astimezone(LONDON).strftime('%H:%M')}-{closes}")
    if parts:
        cell = ", ".join(parts)
        if (
            svc.exception_on(day) is None
            and svc.bank_holidays == "unknown"
            and not svc.hours.always
            and is_bank_holiday(day, svc.region)
        ):
            cell += f" {MAY_DIFFER}"  # the line tells callers their hours may be different today
        return cell
    if (
        svc.exception_on(day) is None
        and svc.bank_holidays == "closed"
        and not svc.hours.always
        and svc.hours.days[day.weekday()]
        and is_bank_holiday(day, svc.region)
    ):
        return CLOSED_BH
    return CLOSED


def holiday_name(day: dt.date, regions: list[str]) -> str:
    names = []
    for region in regions:
        name = bank_holidays(region, day.year).get(day)
        if name and name not in names:
            names.append(name + ("" if len(regions) == 1 else f" ({region})"))
    return "; ".join(names)


def table(menus: Menus, now: dt.datetime, days: int = 14) -> str:
    services = list(menus.services.values())
    regions = sorted({s.region for s in services}) or ["ENG"]
    today = now.astimezone(LONDON).date()
    header = ["day", *[s.id for s in services], "bank holiday"]
    rows = []
    for offset in range(days):
        day = today + dt.timedelta(days=offset)
        rows.append(
            [day.strftime("%a %d %b"), *[day_cell(s, day) for s in services], holiday_name(day, regions) or "-"]
        )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip()  # noqa: E731
    open_now = [s.name for s in services if hours.is_open(s, now)]
    last = today + dt.timedelta(days=days - 1)
    out = [
        f"Opening hours from {today.strftime('%A %d %B %Y')}, London time (British Summer Time counted), bank "
        f"holidays for {', '.join(regions)}.",
        f"At {now.astimezone(LONDON).strftime('%H:%M on %A %d %B')}, open now: {', '.join(open_now) or 'nothing'}.",
        "",
        line(header),
        line(["-" * w for w in widths]),
        *[line(r) for r in rows],
        "",
        f"  {CLOSED_BH}: closed because it is a bank holiday.",
        f"  {EXCEPTION_MARK.strip()}: a dated exception (services.yaml, exceptions:) decides the day, instead of the "
        "usual hours.",
        f"  {MAY_DIFFER}: a bank holiday, and no one has confirmed their hours: the usual hours, and callers hear "
        "they may be different.",
        *[f"  {s.id}: {s.name}, {s.number}" for s in services],
        *_exceptions(services, today, last),
        *_notices(menus, today, last),
    ]
    return "\n".join(out)


def _exceptions(services: list[Service], first: dt.date, last: dt.date) -> list[str]:
    lines = [
        f"  {s.id}, {dated.exception_text(e)}"
        for s in services
        for e in s.exceptions
        if e.first <= last and e.last >= first
    ]
    return ["", "Dated exceptions in these days (reasons are never said to callers):", *lines] if lines else []


def _notices(menus: Menus, first: dt.date, last: dt.date) -> list[str]:
    start, end = _midnight(first), _midnight(last + dt.timedelta(days=1))
    said: list[tuple[str, Notice]] = [("every call", n) for n in menus.line.notices]
    said += [(f"{s.id}'s page", n) for s in menus.services.values() for n in s.notices]
    lines = [f"  {where}, {dated.period_text(n)}: {n.text}" for where, n in said if n.starts < end and n.ends > start]
    return ["", "Notices said in these days:", *lines] if lines else []


def summary(weekly: WeeklyHours) -> str:
    """Weekly hours in a few words: "Mon-Thu 09:30-15:30; Fri 09:30-12:00"."""
    if weekly.always:
        return "24 hours, every day"

    def text(day: tuple) -> str:
        return ", ".join(hours.interval_text(i) for i in day)

    groups = day_runs([text(day) for day in weekly.days])
    name = lambda d: DAY_NAMES[d].capitalize()  # noqa: E731
    parts = [f"{name(a)}{'' if a == b else '-' + name(b)} {t}" for a, b, t in groups if t]
    return "; ".join(parts) or "never open"
