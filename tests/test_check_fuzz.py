"""Whatever a maintainer does to the YAML, ``ivr check`` answers with problems, never a crash,
and every problem says a file, a line inside it, and some words."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ivr.menus import FILES, load

from .checking import MENUS, check

ORIGINALS = {name: (MENUS / name).read_text(encoding="utf-8").splitlines() for name in FILES}
#: Things people really type by mistake.
TYPOS = [
    "",
    ":",
    " ",
    "  ",
    "-",
    "- ",
    '"',
    "'",
    "\t",
    "{",
    "}",
    "[",
    "]",
    "999",
    "24:00",
    "next day",
    "mon-",
    "yes",
    "null",
    "~",
    "*",
    "#",
]


@st.composite
def edits(draw):
    """One file of the menus with a few lines deleted, duplicated or changed."""
    name = draw(st.sampled_from(FILES))
    lines = list(ORIGINALS[name])
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate"]))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(TYPOS)) + lines[i][at:]
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return name, "\n".join(lines) + "\n"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_any_edit_gets_problems_with_file_and_line_never_a_crash(edit):
    name, text = edit
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "menus"
        shutil.copytree(MENUS, folder)
        (folder / name).write_text(text, encoding="utf-8")
        report = check(folder)
        length = {n: len((folder / n).read_text(encoding="utf-8").splitlines()) for n in FILES}
        for p in report.problems:
            file = Path(p.file).name
            assert file in length, p
            assert 1 <= p.line <= max(length[file], 1) + 1, p
            assert p.message.strip() and p.severity in ("error", "warning"), p
        if report.ok:
            load(folder)  # what the check passes, the line takes
        else:
            assert report.errors


PO = """# Reviewed: no
msgid ""
msgstr ""
"Language: pl_PL\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

#, fuzzy
msgid "For fixture tips, press {key}."
msgstr "Porady bezpieczeństwa: naciśnij {key}."

msgid "The number for {name} is {digits}. Again: {digits}."
msgstr ""
"Numer do {name} to {digits}. "
"Jeszcze raz: {digits}."

#~ msgid "Old."
#~ msgstr "Stare."
""".splitlines()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(PO) - 1),
            st.integers(0, 60),
            st.sampled_from(TYPOS + ["msgstr", "msgid", "\\", '\\"', "#,", "fuzzy"]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_edit_of_a_catalogue_gets_problems_never_a_crash(changes):
    lines = list(PO)
    for i, at, typo in changes:
        lines[i] = lines[i][:at] + typo + lines[i][at:]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "menus"
        shutil.copytree(MENUS, folder)
        text = (folder / "line.yaml").read_text(encoding="utf-8")
        (folder / "line.yaml").write_text(
            text.replace("voices:\n", "voices:\n  pl-PL: Polly.Ewa\n", 1) if "pl-PL" not in text else text,
            encoding="utf-8",
        )
        po = Path(tmp) / "locales" / "pl_PL" / "LC_MESSAGES" / "messages.po"
        po.parent.mkdir(parents=True)
        po.write_text("\n".join(lines) + "\n", encoding="utf-8")
        report = check(folder, Path(tmp) / "locales")
        for p in report.problems:
            assert p.line >= 1 and p.message.strip(), p
