"""The catalogues in ``locales/``: each language against the template ``messages.pot``.

For every language with a voice in ``line.yaml``: sentences not translated (callers hear
them in English), marked fuzzy (not used until someone checks them), obsolete (no longer
said), and translations whose ``{placeholders}`` differ from the English (they would be
said in English instead). With no catalogues at all there is nothing to check.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from ..i18n import REVIEW_MARK, SOURCE_LANGUAGE, babel_locale, po_path
from ..model import Menus
from ..problems import Problem
from ..sentences import iter_sentences
from ..yamltree import read_yaml

TEMPLATE = "messages.pot"
#: Above this many untranslated sentences in one language, one line says how many.
LIST_AT_MOST = 10


@dataclass(frozen=True)
class LanguageCount:
    """How far one language's catalogue is."""

    lang: str
    catalogue: str
    total: int
    translated: int
    fuzzy: int
    missing: int
    obsolete: int
    broken: int
    #: What the catalogue's header says after "Reviewed:", or None when it says nothing.
    reviewed: str | None = None

    def __str__(self) -> str:
        if not self.catalogue:
            return f"{self.lang}: no catalogue yet, callers hear English"
        review = ""
        if self.reviewed is not None:
            review = (
                f"; reviewed: {self.reviewed}"
                if self.reviewed.lower().startswith("yes")
                else "; not reviewed by a native speaker yet"
            )
        return (
            f"{self.lang}: {self.translated} of {self.total} translated, {self.missing} missing, "
            f"{self.fuzzy} fuzzy, {self.obsolete} obsolete, {self.broken} with wrong placeholders{review}"
        )


def placeholders(text: str) -> set[str] | None:
    """The ``{names}`` in a sentence, or None when its braces are broken."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


#: A line of a catalogue that is not a comment: a keyword and a quoted text, or more quoted text.
PO_LINE = re.compile(r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$')


def lint(path: Path, text: str) -> Iterator[Problem]:
    """Lines Babel would read wrongly without a word (it drops a character of an unclosed quote)."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not PO_LINE.match(stripped):
            yield Problem(
                str(path),
                number,
                "this line of the catalogue is not written right: each text goes in straight double quotes, like "
                'msgstr "…", and a " inside the text needs a backslash before it (\\")',
                code="catalogue.quotes",
            )


def _read(path: Path, problems: list[Problem], locale: str | None = None) -> Catalog | None:
    try:
        problems.extend(lint(path, path.read_text(encoding="utf-8")))
        with path.open("rb") as f:
            return read_po(f, locale=locale, abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", 1) or 1
        problems.append(
            Problem(
                str(path),
                int(line),
                f"this catalogue cannot be read ({exc}); check the quotes on this line",
                code="catalogue.unreadable",
            )
        )
    except Exception as exc:  # whatever Babel makes of it, the check goes on
        problems.append(
            Problem(
                str(path),
                1,
                f"this catalogue cannot be read ({exc.__class__.__name__}); save it as UTF-8 text",
                code="catalogue.unreadable",
            )
        )
    return None


def _text(msgid: Any) -> str:
    return msgid[0] if isinstance(msgid, tuple) else str(msgid)


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "…"


def check_catalogues(locales: Path, menus: Menus, menus_dir: Path) -> tuple[list[Problem], list[LanguageCount]]:
    """Every problem in the catalogues, and a count per language. Nothing when there are none."""
    problems: list[Problem] = []
    template_path = locales / TEMPLATE
    languages = [lang for lang in menus.line.voices if lang != SOURCE_LANGUAGE]
    if not template_path.is_file():
        present = [lang for lang in languages if po_path(locales, lang).is_file()]
        if present:
            problems.append(
                Problem(
                    str(template_path),
                    1,
                    "the template messages.pot is missing, so no one can tell which sentences are missing or "
                    "obsolete; extract it again (see docs/maintaining.md)",
                    "warning",
                    code="catalogue.no_template",
                )
            )
        # Each catalogue can still be checked against its own English.
        return problems, [_language(locales, lang, None, problems, menus_dir) for lang in present]
    template = _read(template_path, problems)
    if template is None:
        return problems, []
    wanted = {_text(m.id): m for m in template if m.id}
    problems.extend(_template_behind(template_path, set(wanted), menus))
    counts = [_language(locales, lang, wanted, problems, menus_dir) for lang in languages]
    return problems, counts


def _template_behind(path: Path, msgids: set[str], menus: Menus) -> Iterator[Problem]:
    """Sentences in the YAML that the template does not have yet: no one can translate them."""
    new = [s for s in dict.fromkeys(iter_sentences(menus)) if s and s not in msgids]
    if not new:
        return
    listed = ", ".join(f"“{_short(s)}”" for s in new[:3]) + (f" and {len(new) - 3} more" if len(new) > 3 else "")
    yield Problem(
        str(path),
        1,
        f"{len(new)} sentences of the menus are not in the template yet ({listed}); extract it again so they can be "
        "translated (see docs/maintaining.md)",
        "warning",
        code="catalogue.template_behind",
    )


def _voice_line(menus_dir: Path, lang: str) -> int:
    """The line of a language's voice in line.yaml, to point at it."""
    node = read_yaml(menus_dir / "line.yaml", [])
    voices = node.get("voices") if node is not None else None
    return voices.key_line(lang) if voices is not None else 1


def _language(
    locales: Path, lang: str, wanted: dict[str, Any] | None, problems: list[Problem], menus_dir: Path
) -> LanguageCount:
    """One language's catalogue; ``wanted`` is the template's messages, or None without one."""
    path = po_path(locales, lang)
    if not path.is_file():
        problems.append(
            Problem(
                str(menus_dir / "line.yaml"),
                _voice_line(menus_dir, lang),
                f"{lang} has a voice but no catalogue ({path}); callers who choose it hear everything in English",
                "warning",
                code="catalogue.missing",
            )
        )
        return LanguageCount(lang, "", len(wanted or ()), 0, 0, len(wanted or ()), 0, 0)
    catalog = _read(path, problems, babel_locale(lang))
    if catalog is None:
        return LanguageCount(lang, str(path), len(wanted or ()), 0, 0, len(wanted or ()), 0, 0)
    if wanted is None:
        wanted = {_text(m.id): m for m in catalog if m.id}
    where = str(path)
    translated = fuzzy = broken = 0
    missing: list[tuple[int, str]] = []
    have = {}
    for m in catalog:
        if not m.id:
            continue
        msgid = _text(m.id)
        have[msgid] = m
        text = _text(m.string) if m.string else ""
        if msgid not in wanted:
            continue
        if m.fuzzy:
            fuzzy += 1
            problems.append(
                Problem(
                    where,
                    m.lineno or 1,
                    f"the {lang} translation of “{_short(msgid)}” is marked fuzzy, so callers hear English; when a "
                    "speaker has checked it, remove the “#, fuzzy” line above it",
                    "warning",
                    code="catalogue.fuzzy",
                )
            )
            continue
        if not text:
            missing.append((m.lineno or 1, msgid))
            continue
        english, theirs = placeholders(msgid), placeholders(text)
        if theirs is None:
            broken += 1
            problems.append(
                Problem(
                    where,
                    m.lineno or 1,
                    f"the {lang} translation of “{_short(msgid)}” has a curly bracket {{ or }} that is not closed; "
                    f"callers hear English instead. Copy the {{names}} exactly from the English",
                    code="catalogue.braces",
                )
            )
        elif english is not None and english != theirs:
            broken += 1
            lost, extra = sorted(english - theirs), sorted(theirs - english)
            said = "; ".join(
                filter(
                    None,
                    [
                        f"it lacks {', '.join('{' + n + '}' for n in lost)}" if lost else "",
                        f"it has {', '.join('{' + n + '}' for n in extra)}, which the English does not"
                        if extra
                        else "",
                    ],
                )
            )
            problems.append(
                Problem(
                    where,
                    m.lineno or 1,
                    f"the {lang} translation of “{_short(msgid)}” has different {{placeholders}} from the English "
                    f"({said}); callers hear English instead. Keep every {{name}} exactly as in the English",
                    code="catalogue.placeholders",
                )
            )
        else:
            translated += 1
    absent = [msgid for msgid in wanted if msgid not in have]
    template_line = {msgid: (m.lineno or 1) for msgid, m in wanted.items()}
    total_missing = len(missing) + len(absent)
    if total_missing > LIST_AT_MOST:
        problems.append(
            Problem(
                where,
                1,
                f"{total_missing} of {len(wanted)} sentences have no {lang} translation yet, so callers hear them in "
                "English; update the catalogue from the template and translate them (see docs/maintaining.md)",
                "warning",
                code="catalogue.untranslated",
            )
        )
    else:
        for line, msgid in missing:
            problems.append(
                Problem(
                    where,
                    line,
                    f"“{_short(msgid)}” has no {lang} translation yet, so callers hear it in English",
                    "warning",
                    code="catalogue.untranslated_sentence",
                )
            )
        for msgid in absent:
            problems.append(
                Problem(
                    where,
                    1,
                    f"“{_short(msgid)}” (messages.pot line {template_line[msgid]}) is not in the {lang} catalogue "
                    "yet; update it from the template",
                    "warning",
                    code="catalogue.not_updated",
                )
            )
    obsolete = [m for m in catalog.obsolete.values()] + [m for msgid, m in have.items() if msgid not in wanted]
    for m in obsolete:
        problems.append(
            Problem(
                where,
                m.lineno or 1,
                f"“{_short(_text(m.id))}” is no longer said by the line; delete it from the {lang} catalogue "
                "(updating from the template does this)",
                "warning",
                code="catalogue.obsolete",
            )
        )
    mark = REVIEW_MARK.search(catalog.header_comment or "")
    reviewed = mark.group(1).strip() if mark else None
    return LanguageCount(lang, where, len(wanted), translated, fuzzy, total_missing, len(obsolete), broken, reviewed)
