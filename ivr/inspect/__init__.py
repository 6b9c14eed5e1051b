"""``ivr check``: everything wrong in the menus and the translations, each with its file and line.

Modelled on goflow's ``inspect``: one small checker per kind of problem, each saying where
and what, each problem with a stable code (docs/problems.md). :mod:`.loading` reads the files
(their shape against the JSON Schemas, :mod:`ivr.shape`, then their values, :mod:`ivr.reading`:
numbers, hours, references, keys, voices against :mod:`ivr.voices`) and runs the menu checkers:
menus nobody can reach or with no way on (:mod:`.reach`), long prompts (:mod:`.prompts`), old
facts (:mod:`.facts`), dated exceptions and notices (:mod:`.dated`), a file's schema header
(:mod:`.schema`). :func:`inspect` adds the catalogues (:mod:`.translations`) and, for ``ivr
check``, how long callers listen against the time budgets (:mod:`.timing`). The running line
uses :func:`inspect` too, so it refuses exactly what ``ivr check`` calls an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import Catalogs
from ..model import Menus
from ..problems import Findings, Problem
from ..timing import Timer
from .loading import parse
from .timing import check_timing
from .translations import LanguageCount, check_catalogues


@dataclass(frozen=True)
class Report(Findings):
    """What :func:`inspect` found: the menus (None when they have errors) and every problem."""

    menus: Menus | None
    problems: list[Problem]
    languages: list[LanguageCount] = field(default_factory=list)
    #: The problems found in the catalogues (also in ``problems``).
    in_catalogues: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.menus is not None and not self.errors


def inspect(
    menus_dir: Path | str,
    locales_dir: Path | str | None = None,
    today: dt.date | None = None,
    timer: Timer | None = None,
) -> Report:
    """Check the menus and, when there are any, the catalogues beside them. With a ``timer``,
    also how long callers listen (``ivr check`` does; the running line does not: it takes a
    while, and it is about speed, never about whether the line can answer)."""
    menus, problems = parse(Path(menus_dir), today=today)
    counts: list[LanguageCount] = []
    found: list[Problem] = []
    if menus is not None and locales_dir is not None:
        found, counts = check_catalogues(Path(locales_dir), menus, Path(menus_dir))
    slow: list[Problem] = []
    if menus is not None and timer is not None and not any(p.severity == "error" for p in problems + found):
        locales = Path(locales_dir) if locales_dir is not None and Path(locales_dir).is_dir() else None
        slow = check_timing(menus, Catalogs(locales), Path(menus_dir), locales, timer)
    return Report(menus, sorted(problems + found + slow, key=_order), counts, found)


def _order(p: Problem) -> tuple[str, int, int, str]:
    return (p.file, p.line, 0 if p.severity == "error" else 1, p.message)


__all__ = ["inspect", "Report", "Problem", "LanguageCount"]
