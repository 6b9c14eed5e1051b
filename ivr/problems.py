"""What is wrong in the menus or catalogues, said so a maintainer can find and fix it.

Every :class:`Problem` has its file and line, a message in plain words, and a stable
``code`` (like goflow's inspect issue types): tests assert codes, not wording, and
``docs/problems.md`` lists every code with an example. This module is the ground both the
reader (:mod:`ivr.reading`) and the checkers (:mod:`ivr.inspect`) stand on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the menus, with where it is."""

    file: str
    line: int
    message: str
    severity: str = ERROR  # or WARNING
    #: What kind of problem, stable across rewordings: see docs/problems.md.
    code: str = ""

    def __str__(self) -> str:
        tag = "" if self.severity == ERROR else "warning: "
        look_up = f" [{self.code}]" if self.code else ""  # in docs/problems.md
        return f"{self.file}:{self.line}: {tag}{self.message}{look_up}"


class Findings:
    """What a check found, for :class:`ivr.inspect.Report` and :class:`ivr.checked.Checked`:
    every problem, and among them those in the catalogues."""

    problems: Sequence[Problem]
    in_catalogues: Sequence[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def menu_errors(self) -> list[Problem]:
        """Errors in the menus themselves: the line cannot start with these."""
        return [p for p in self.errors if p not in self.in_catalogues]


class MenuError(Exception):
    """The menus cannot be used; ``problems`` says every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
