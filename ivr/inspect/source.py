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
from . import dated, facts, prompts, reach, schema, texts

Checker = Callable[[Source], Iterable[Problem]]


def checkers() -> list[Checker]:
    """Every menu checker, in the order their problems are listed."""
    # Voices are checked while reading line.yaml, against the one table in ivr.voices.
    return [
        schema.header,
        reach.unreachable_menus,
        reach.dead_ends,
        reach.services_in_no_menu,
        prompts.too_many_options,
        prompts.too_long,
        facts.stale_or_undated,
        dated.contradicting_exceptions,
        dated.over,
        dated.long_notices,
        texts.name_sex_work,
    ]


def menu_checks(src: Source) -> list[Problem]:
    """Run every checker on what was read. A line that already has an error gets no more:
    what follows from it (a misspelt menu name is also a menu no key leads to) is said
    once it is fixed, so the maintainer reads one clear message per line."""
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
