"""The counts for a period, as figures: each a title, a table, and how to draw it.

The staff page (charts with their tables), the CSV export and ``ivr stats`` all show these
same figures, and all show a count from 1 to 4 as "fewer than 5" (:func:`shown`), so a
figure never points at one caller.
"""

from __future__ import annotations

import collections
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import db
from .db import WHOLE_DAY

if TYPE_CHECKING:
    from sqlalchemy import Engine

SMALL = 5
FEWER = "fewer than 5"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DIAL_ENDS = ("completed", "busy", "no-answer", "failed", "canceled", "other")


def shown(n: int) -> str:
    """A count as it may be shown: 1 to 4 become "fewer than 5"."""
    n = max(0, n)
    return FEWER if 0 < n < SMALL else str(n)


@dataclass(frozen=True)
class Figure:
    """One figure. ``kind``: "bars" (rows of label and counts, one per series in ``series``)
    or "heat" (rows of a weekday and 24 counts, one per hour)."""

    key: str
    title: str
    kind: str
    series: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]
    note: str = ""

    @property
    def total(self) -> int:
        return sum(max(0, n) for _, ns in self.rows for n in ns)


def read(engine: Engine, first: dt.date, last: dt.date) -> list[tuple[dt.date, int, str, str, int]]:
    from sqlalchemy import select

    from .db.schema import counts

    db.upgrade(engine)
    query = select(counts.c.day, counts.c.hour, counts.c.event, counts.c.detail, counts.c.n).where(
        counts.c.day >= first, counts.c.day <= last
    )
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(query)]  # type: ignore[misc]


def figures(rows: list[tuple[dt.date, int, str, str, int]], first: dt.date, last: dt.date) -> list[Figure]:
    """Every figure of the period from the raw rows."""
    by: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    per_day: collections.Counter[dt.date] = collections.Counter()
    heat: collections.Counter[tuple[int, int]] = collections.Counter()
    closed_heat: collections.Counter[tuple[int, int]] = collections.Counter()
    closed_by: dict[str, collections.Counter[tuple[int, int]]] = collections.defaultdict(collections.Counter)
    for day, hour, event, detail, n in rows:
        by[event][detail] += n
        if event == "call":
            per_day[day] += n
            if hour != WHOLE_DAY:
                heat[(day.weekday(), hour)] += n
        if event == "service" and detail.endswith(":closed") and hour != WHOLE_DAY:
            closed_heat[(day.weekday(), hour)] += n
            closed_by[detail.rpartition(":")[0]][(day.weekday(), hour)] += n

    def bars(event: str) -> tuple[tuple[str, tuple[int, ...]], ...]:
        return tuple((k, (max(0, v),)) for k, v in sorted(by[event].items(), key=lambda kv: (-kv[1], kv[0])) if v > 0)

    def week(c: collections.Counter[tuple[int, int]]) -> tuple[tuple[str, tuple[int, ...]], ...]:
        return tuple((DAYS[d], tuple(c[(d, h)] for h in range(24))) for d in range(7))

    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    services: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for detail, n in by["service"].items():
        ref, _, state = detail.rpartition(":")
        services[ref][0 if state == "open" else 1] += n
    outcomes: dict[str, list[int]] = collections.defaultdict(lambda: [0] * len(DIAL_ENDS))
    for detail, n in by["dial"].items():
        ref, status, _ = (detail.split(":") + ["", ""])[:3]
        outcomes[ref][DIAL_ENDS.index(status) if status in DIAL_ENDS else -1] += n
    hourly = "Hours are kept for recent days only; older days count in the totals, not here."
    return [
        Figure("calls", "Calls per day", "bars", ("calls",), tuple((d.isoformat(), (per_day[d],)) for d in days)),
        Figure(
            "week",
            "Calls by hour of the week (UK time)",
            "heat",
            tuple(f"{h:02d}" for h in range(24)),
            week(heat),
            hourly,
        ),
        Figure("languages", "Languages calls ended in", "bars", ("calls",), bars("language")),
        Figure("menu", "Main-menu choices", "bars", ("choices",), bars("menu")),
        Figure(
            "services",
            "Services reached, open or closed then",
            "bars",
            ("open", "closed"),
            tuple((k, tuple(v)) for k, v in sorted(services.items())),
        ),
        Figure(
            "closed",
            "Demand while closed: services reached while closed, by hour of the week",
            "heat",
            tuple(f"{h:02d}" for h in range(24)),
            week(closed_heat),
            hourly,
        ),
        *(
            Figure(
                f"closed-{ref}",
                f"Demand while closed: {ref}, by hour of the week",
                "heat",
                tuple(f"{h:02d}" for h in range(24)),
                week(closed_by[ref]),
                hourly,
            )
            for ref in sorted(closed_by)
        ),
        Figure("connect", "Put-throughs started", "bars", ("put-throughs",), bars("connect")),
        Figure(
            "outcomes",
            "How put-throughs ended, per service",
            "bars",
            DIAL_ENDS,
            tuple((k, tuple(v)) for k, v in sorted(outcomes.items())),
        ),
        Figure("numbers", "Numbers read out", "bars", ("times",), bars("number")),
        Figure("texts", "Texts", "bars", ("texts",), bars("text")),
        Figure("ended", "How long calls lasted (where callers hang up)", "bars", ("calls",), bars("ended")),
        Figure(
            "errors",
            "Errors, silences and safe words",
            "bars",
            ("times",),
            tuple((f"{event}: {k}", v) for event in ("error", "hangup", "safe-words") for k, v in bars(event)),
        ),
    ]


def period(
    text_from: str | None, text_to: str | None, today: dt.date, default_days: int = 28
) -> tuple[dt.date, dt.date]:
    """A period from two ISO dates; bad or missing ones fall back to the last ``default_days``."""

    def parse(text: str | None) -> dt.date | None:
        try:
            return dt.date.fromisoformat(text) if text and len(text) == 10 else None
        except ValueError:
            return None

    last = parse(text_to) or today
    first = parse(text_from) or last - dt.timedelta(days=default_days - 1)
    if first > last:
        first, last = last, first
    if (last - first).days > 366 * 3:
        first = last - dt.timedelta(days=366 * 3)
    return first, last


def csv_text(figs: list[Figure]) -> str:
    """The figures as CSV: figure, label, series, count (small counts suppressed)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["figure", "label", "series", "count"])
    for fig in figs:
        for label, ns in fig.rows:
            for name, n in zip(fig.series, ns, strict=False):
                writer.writerow([fig.title, label, name, shown(n)])
    return out.getvalue()


def text_summary(figs: list[Figure], first: dt.date, last: dt.date) -> str:
    """The figures for a terminal: tables, heat maps as totals per day of the week."""
    lines = [f'Counts from {first.isoformat()} to {last.isoformat()} (UK time; 1 to 4 shown as "{FEWER}")', ""]
    for fig in figs:
        lines.append(fig.title)
        if fig.kind == "heat":
            rows: list[tuple[str, tuple[int, ...]]] = [(label, (sum(ns),)) for label, ns in fig.rows]
            series: tuple[str, ...] = ("total",)
        else:
            rows, series = list(fig.rows), fig.series
        if not any(n for _, ns in rows for n in ns):
            lines += ["  none", ""]
            continue
        width = max(len(label) for label, _ in rows)
        if len(series) > 1:
            lines.append("  " + " " * width + "  " + "  ".join(f"{s:>12}" for s in series))
        for label, ns in rows:
            lines.append(f"  {label:<{width}}  " + "  ".join(f"{shown(n):>12}" for n in ns))
        lines.append("")
    return "\n".join(lines)
