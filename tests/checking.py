"""Helpers for tests of ``ivr check``: a copy of the fixture menus with one edit, and its report."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from ivr.inspect import Report, inspect
from ivr.menus import Problem

from .conftest import MENUS

TODAY = dt.date(2026, 11, 29)
#: An edit of services.yaml the checks refuse (a number no service may have): ``edit(folder,
#: "services.yaml", *BROKEN)``.
BROKEN = ("number: 0808 157 0789", "number: 112")


def copy_menus(tmp: Path) -> Path:
    folder = tmp / "menus"
    shutil.copytree(MENUS, folder)
    return folder


def edit(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(folder: Path, name: str, text: str, nth: int = 1) -> int:
    """The line number (1-based) of the nth line of a file that contains ``text``."""
    found = [i for i, line in enumerate((folder / name).read_text(encoding="utf-8").splitlines(), 1) if text in line]
    assert len(found) >= nth, f"{text!r} is not in {name} {nth} times"
    return found[nth - 1]


def check(folder: Path, locales: Path | None = None, today: dt.date = TODAY) -> Report:
    return inspect(folder, locales, today=today)


def find(report: Report, file: str, line: int, code: str, severity: str = "error") -> Problem:
    """The problem of this ``code`` (docs/problems.md) at ``file:line``; fail listing all.
    Tests name problems by code, so rewording a message never breaks them."""
    for p in report.problems:
        if p.file.endswith(file) and p.line == line and p.severity == severity and p.code == code:
            return p
    listed = "\n".join(f"{p} [{p.code}]" for p in report.problems) or "(no problems)"
    raise AssertionError(f"no {severity} {code} at {file}:{line}; found:\n{listed}")


def set_voices(folder: Path, voices: dict[str, str]) -> None:
    """Replace the ``voices:`` block of line.yaml, whatever languages it had."""
    path = folder / "line.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("voices:")
    end = start + 1
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    lines[start:end] = ["voices:", *(f"  {lang}: {voice}" for lang, voice in voices.items())]
    # Speech only in the languages still there, as a maintainer removing a language would do.
    lines = [
        f"speech: [{', '.join(lang for lang in line[9:-1].split(', ') if lang in voices)}]"
        if line.startswith("speech: [")
        else line
        for line in lines
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
