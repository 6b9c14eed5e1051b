"""What the menu checkers look at: the YAML as written (with lines) and what was read from it.

:func:`ivr.menus.parse` builds a :class:`Source` after reading the files and runs
:func:`menu_checks` on it, so the running line and ``ivr check`` refuse the same things.
Each checker is one small function from a :class:`Source` to the problems it finds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..menus import Node, Problem
from ..model import Line, Menu, Service, Tip


@dataclass(frozen=True)
class Source:
    """One version of ``menus/``: the files' nodes and the values read from them.

    The values may be partial when the files have errors; checkers skip what is missing.
    """

    folder: Path
    nodes: dict[str, Node | None]
    line: Line | None
    services: dict[str, Service]
    tips: tuple[Tip, ...]
    menus: dict[str, Menu]
    #: Problems found while reading, before the checkers ran.
    earlier: list[Problem]
    today: dt.date

    def label(self, name: str) -> str:
        """How a file is named in problems: the folder as given, then the file."""
        return str(self.folder / name)

    def find(self, name: str, *path: str | int) -> Node | None:
        """The node at ``path`` inside a file, or None."""
        node = self.nodes.get(name)
        for step in path:
            if node is None:
                return None
            if isinstance(step, int):
                node = node.value[step] if isinstance(node.value, list) and step < len(node.value) else None
            else:
                node = node.get(step)
        return node

    def line_of(self, name: str, *path: str | int) -> int:
        """The line of the deepest part of ``path`` that exists; a key's own line for mappings."""
        node = self.nodes.get(name)
        line = node.line if node is not None else 1
        for step in path:
            if node is None:
                break
            if isinstance(step, int):
                node = node.value[step] if isinstance(node.value, list) and step < len(node.value) else None
                line = node.line if node is not None else line
            else:
                parent = node
                node = node.get(step)
                if node is not None:
                    line = parent.key_line(step)
        return line

    def problem(self, name: str, path: tuple[str | int, ...], message: str, severity: str = "error") -> Problem:
        return Problem(self.label(name), self.line_of(name, *path), message, severity)

    def option_path(self, menu_id: str, key: str) -> tuple[str | int, ...]:
        """Where an option of a menu is written, found by its key."""
        options = self.find("menus.yaml", "menus", menu_id, "options")
        if options is not None and isinstance(options.value, list):
            for i, o in enumerate(options.value):
                k = o.get("key")
                if k is not None and str(k.value) == key:
                    return ("menus", menu_id, "options", i, "key")
        return ("menus", menu_id)


Checker = Callable[[Source], Iterable[Problem]]


def checkers() -> list[Checker]:
    """Every menu checker, in the order their problems are listed."""
    from . import dated, facts, prompts, reach, schema

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
