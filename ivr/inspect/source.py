"""The menu checkers, run on a :class:`~ivr.reading.Source` (the YAML as written, with lines,
and what was read from it).

:func:`ivr.inspect.loading.parse` reads the files and runs :func:`menu_checks` on them, so the
running line and ``ivr check`` refuse the same things. Each checker is one small function from
a :class:`Source` to the problems it finds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..problems import Problem
from ..reading import Source

Checker = Callable[[Source], Iterable[Problem]]


def checkers() -> list[Checker]:
    """Every menu checker, in the order their problems are listed."""
    from . import dated, facts, prompts, reach, schema  # here: each checker imports Source from this module

    # Voices are checked while reading line.yaml, against the one table in ivr.voices.
    return [
        schema.check,
        reach.unreachable_menus,
        reach.dead_ends,
        reach.services_in_no_menu,
        prompts.too_many_options,
        prompts.too_long,
        facts.stale_or_undated,
        dated.contradicting_exceptions,
        dated.over,
        dated.long_notices,
    ]


def menu_checks(src: Source) -> list[Problem]:
    """Run every checker. At a line where reading (or an earlier checker) already found an
    error, nothing more is said: one clear message per line, and the next after fixing it."""
    said = {(p.file, p.line) for p in src.earlier if p.severity == "error"}
    found: list[Problem] = []
    for check in checkers():
        for p in check(src):
            if (p.file, p.line) in said:
                continue
            if p.severity == "error":
                said.add((p.file, p.line))
            found.append(p)
    return found
