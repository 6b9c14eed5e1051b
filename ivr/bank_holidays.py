"""The UK's bank holidays, by region and year, from the ``holidays`` package.

``holidays`` is where the dates come from: it knows the rules, the substitute days and each
one-off holiday (a coronation, a state funeral) as soon as it is announced. But importing it
loads every country's rules, about 12 MiB in each server worker, for about nine dates a year.
So a server worker asks a child process once, as it starts (:func:`preload`), for the years
around now, and keeps only the dates and their names. Any other year, and every process that
did not preload (commands, tests, a demo set decades away), asks the library in-process, so
the answer is always the library's.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import subprocess
import sys
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

#: The UK's four bank-holiday regions, as ``holidays`` names them (and ``region:`` in the YAML).
REGIONS = ("ENG", "NIR", "SCT", "WLS")

log = logging.getLogger(__name__)

#: (region, year) → {date: name}, filled by :func:`preload`; read without a lock (a dict's
#: ``get`` and ``update`` are atomic, and an entry never changes once there).
_preloaded: dict[tuple[str, int], Mapping[dt.date, str]] = {}

#: What the child process runs: the library's answer for each region and year, as JSON.
_CHILD = """
import json, sys
import holidays
regions, years = json.loads(sys.argv[1])
print(json.dumps({
    f"{region} {year}": [[day.isoformat(), name] for day, name in
                         sorted(holidays.country_holidays("GB", subdiv=region, years=year).items())]
    for region in regions for year in years
}))
"""


def bank_holidays(region: str, year: int) -> Mapping[dt.date, str]:
    """The bank holidays of a region (ENG, WLS, SCT, NIR) in one year: date → name."""
    found = _preloaded.get((region, year))
    return found if found is not None else _from_library(region, year)


def is_bank_holiday(day: dt.date, region: str) -> bool:
    if isinstance(day, dt.datetime):  # a datetime hashes apart from its date
        day = day.date()
    return day in bank_holidays(region, day.year)


@lru_cache(maxsize=64)
def _from_library(region: str, year: int) -> Mapping[dt.date, str]:
    import holidays  # here, not at the top: see the module's docstring

    return MappingProxyType(dict(holidays.country_holidays("GB", subdiv=region, years=year)))


def preload(years: Iterable[int], timeout: float = 5.0) -> bool:
    """Ask a child process for these years' bank holidays in every region, and keep them.

    False, with a warning, when it cannot (then this process asks the library itself, as it
    would without preloading): the line's answers never depend on the child. It takes about
    0.15 s; ``timeout`` stays well inside gunicorn's worker timeout (20 s), which would otherwise
    restart a worker waiting for a stuck child, again and again."""
    wanted = sorted(set(years))
    try:
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, json.dumps([REGIONS, wanted])],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
        found = json.loads(out.stdout)
        table = {
            (region, year): MappingProxyType({dt.date.fromisoformat(d): str(n) for d, n in found[f"{region} {year}"]})
            for region in REGIONS
            for year in wanted
        }
    except Exception as exc:  # no interpreter, a timeout, a library that changed: the in-process way
        log.warning(
            "the bank holidays could not be read in a child process (%s); this worker reads them itself",
            exc.__class__.__name__,
        )
        return False
    _preloaded.update(table)
    return True


def preload_around(*moments: dt.datetime) -> bool:
    """:func:`preload` the years a call at these moments can ask about: the year before (a
    night that began on 31 December) to two years on (the next opening is looked for up to
    400 days ahead)."""
    return preload(year for now in moments for year in range(now.year - 1, now.year + 3))
