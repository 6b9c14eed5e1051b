"""How long callers listen, against the budgets of :mod:`ivr.timing`: a sentence that takes too
long to say, a service a caller can no longer reach in time, the 999 advice or the welcome
running late. Timed exactly as ``bench/time_to_help.py`` times them (the same estimator).

Each warning points at what to shorten: a sentence of the YAML at its line, a translation at
its entry in the language's ``.po`` file, a sentence of the code at its place in the template,
a service at its entry in ``services.yaml``, the welcome at the main menu.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.pofile import read_po

from .. import timing
from ..i18n import SOURCE_LANGUAGE, Catalogs, Said
from ..model import Menus
from ..problems import Problem
from ..sentences import iter_sentences
from .translations import TEMPLATE, po_path

#: Stable codes, so a maintainer (or a script) can tell the kinds apart.
CODES = {
    timing.SENTENCE: "T1-sentence",
    timing.PUT_THROUGH: "T2-put-through",
    timing.NUMBER: "T3-number",
    timing.ADVICE: "T4-999-advice",
    timing.WELCOME: "T5-welcome",
}


def check_timing(
    menus: Menus, catalogs: Catalogs, menus_dir: Path, locales_dir: Path | None, timer: timing.Timer
) -> list[Problem]:
    """Every budget the menus break, in every language the line speaks."""
    where = _Where(menus, catalogs, menus_dir, locales_dir)
    problems: list[Problem] = []
    for lang in list(menus.line.voices) or [menus.line.default_language]:
        for f in timing.measure(menus, catalogs, lang, timer, every_sentence=True):
            if not f.ok:
                problems.extend(where.problems(f))
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.message))


class _Where:
    """Where to point a maintainer for each figure over its budget."""

    def __init__(self, menus: Menus, catalogs: Catalogs, menus_dir: Path, locales_dir: Path | None):
        self.menus = menus
        self.catalogs = catalogs
        self.menus_dir = menus_dir
        self.locales_dir = locales_dir
        self.yaml = {
            name: (menus_dir / name).read_text(encoding="utf-8").splitlines() if (menus_dir / name).is_file() else []
            for name in ("menus.yaml", "services.yaml", "tips.yaml", "line.yaml")
        }
        self.msgids = list(dict.fromkeys([*iter_sentences(menus), *self._template_ids()]))

    def _template_ids(self) -> list[str]:
        path = self.locales_dir / TEMPLATE if self.locales_dir else None
        if path is None or not path.is_file():
            return []
        try:
            return [m.id for m in read_po(path.open("rb")) if m.id and isinstance(m.id, str)]
        except Exception:  # a broken template is reported by the catalogue checks
            return []

    def yaml_line(self, pattern: str) -> tuple[str, int] | None:
        for name, lines in self.yaml.items():
            for i, line in enumerate(lines, start=1):
                if pattern in line:
                    return str(self.menus_dir / name), i
        return None

    def problems(self, f: timing.Figure) -> Iterator[Problem]:
        code = CODES[f.budget]
        head = f"[{code}] in {f.lang},"
        if f.budget is timing.SENTENCE:
            file, line, what = self.sentence(f.detail, f.lang)
            yield Problem(
                file,
                line,
                f"{head} {what} takes about {f.seconds:.0f} seconds to say; keep each sentence under "
                f"{f.limit:g} seconds (callers stop listening). Say it in two shorter sentences, "
                f"or say less: “{_short(f.detail)}”",
                "warning",
                code=code,
            )
        elif f.budget in (timing.PUT_THROUGH, timing.NUMBER):
            svc = self.menus.services[f.service]
            at = self.yaml_line(f"  {svc.id}:") or (str(self.menus_dir / "services.yaml"), 1)
            done = "put through to" if f.budget is timing.PUT_THROUGH else "hears the number of"
            keys = f" (keys {', '.join(f.detail)})" if f.detail and f.detail.isdigit() else ""
            yield Problem(
                *at,
                f"{head} a caller who listens to each menu {done} {svc.name} only after about "
                f"{f.seconds:.0f} seconds{keys}; keep it under {f.limit:g}. "
                "Shorten the sentences on the way, or give the service an earlier key.",
                "warning",
                code=code,
            )
        else:
            at = self.yaml_line("  main:") or (str(self.menus_dir / "menus.yaml"), 1)
            yield Problem(
                *at,
                f"{head} {f.budget.what} after about {f.seconds:.0f} seconds; keep it under {f.limit:g}. Shorten the "
                "line's name, the welcome or the first option.",
                "warning",
                code=code,
            )

    def sentence(self, text: str, lang: str) -> tuple[str, int, str]:
        """The file and line a heard sentence comes from, and how to name it."""
        # The most specific sentence that could have said it ("{name}: {number}." fits nearly anything).
        found = [(msgid, *self.catalogs.lookup(msgid, lang)) for msgid in self.msgids]
        found = sorted(
            ((m, t, said) for m, t, said in found if _produces(t, text)),
            key=lambda f: -len(re.sub(r"\{\w+\}", "", f[1])),
        )
        for msgid, _translated, said_in in found[:1]:
            if said_in != SOURCE_LANGUAGE and self.locales_dir is not None:
                path = po_path(self.locales_dir, lang)
                return str(path), _po_line(path, msgid), "the translation of a sentence"
            at = self.yaml_line(msgid[:60])
            if at:
                return at[0], at[1], "a sentence"
            return (
                str(self.locales_dir / TEMPLATE if self.locales_dir else self.menus_dir),
                _po_line(self.locales_dir / TEMPLATE, msgid) if self.locales_dir else 1,
                "a sentence of the line's own (in the code)",
            )
        # A service's name with its description, or a sentence not found in any catalogue.
        for svc in self.menus.services.values():
            if text.startswith(svc.name) or svc.about[:40] in text:
                at = self.yaml_line(svc.about[:60]) or self.yaml_line(f"  {svc.id}:")
                if at:
                    return at[0], at[1], f"the name and “about” of {svc.name}"
        return str(self.menus_dir / "menus.yaml"), 1, "a sentence"


def _produces(template: str, sentence: str) -> bool:
    """Whether ``template`` (with its {placeholders} filled) could have said ``sentence``: the
    sentence may be one sentence of several in the template."""
    parts = [template, *(p.text for p in timing.sentences(Said(template, "")))]
    return any(re.fullmatch(_pattern(p), sentence.strip(), re.S) for p in parts)


def _pattern(template: str) -> str:
    return re.sub(r"\\\{\w+\\\}", ".+", re.escape(template.strip()))


def _po_line(path: Path, msgid: str) -> int:
    try:
        for m in read_po(path.open("rb")):
            if m.id == msgid:
                return m.lineno or 1
    except Exception:
        return 1
    return 1


def _short(text: str, size: int = 70) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"
