"""Loading the menus: read, then check, then build the model, in this one place.

:class:`ivr.store.Store` (through :func:`ivr.inspect.inspect`), ``ivr check`` and
:func:`ivr.menus.load` all come here, so the running line refuses exactly what the check
calls an error.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..menu_files import fingerprint
from ..model import Menus
from ..problems import ERROR, MenuError, Problem
from ..reading import read
from .source import menu_checks


def parse(folder: Path | str, today: dt.date | None = None) -> tuple[Menus | None, list[Problem]]:
    """Read and check every file; return the menus (None if any error) and all problems.

    After reading, every menu checker of :mod:`ivr.inspect` runs on what was read. ``today``
    dates the facts.
    """
    src = read(Path(folder), today or dt.date.today())
    problems = src.earlier + menu_checks(src)
    if any(p.severity == ERROR for p in problems) or src.line is None:
        return None, problems
    menus = Menus(line=src.line, services=src.services, tips=src.tips, menus=src.menus, version=fingerprint(src.folder))
    return menus, problems


def load(folder: Path | str) -> Menus:
    """Load the menus or raise :class:`~ivr.problems.MenuError` listing every problem."""
    menus, problems = parse(Path(folder))
    if menus is None:
        raise MenuError(
            [p for p in problems if p.severity == ERROR]
            or [Problem(str(folder), 1, "the menus could not be loaded", code="menus.unloadable")]
        )
    return menus
