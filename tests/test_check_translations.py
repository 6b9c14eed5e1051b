"""``ivr check`` on the catalogues: fixture catalogues written here, so the checks work
whatever the real ones say; with no catalogues there is nothing to report."""

from __future__ import annotations

from pathlib import Path

import pytest

from ivr.menus import iter_sentences, load

from .checking import check, copy_menus, edit, find, line_of, set_voices

POT_HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

"""

PL_HEADER = """msgid ""
msgstr ""
"Language: pl_PL\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

"""


def _entry(msgid: str, msgstr: str = "", fuzzy: bool = False, obsolete: bool = False) -> str:
    esc = lambda s: s.replace('"', '\\"')  # noqa: E731
    if obsolete:
        return f'#~ msgid "{esc(msgid)}"\n#~ msgstr "{esc(msgstr)}"\n\n'
    return ("#, fuzzy\n" if fuzzy else "") + f'msgid "{esc(msgid)}"\nmsgstr "{esc(msgstr)}"\n\n'


@pytest.fixture
def line(tmp_path):
    """The real menus with Polish and Romanian voices, a template with every YAML sentence."""
    folder = copy_menus(tmp_path)
    set_voices(folder, {"en-GB": "Polly.Amy", "pl-PL": "Polly.Ewa", "ro-RO": "Polly.Carmen"})
    locales = tmp_path / "locales"
    locales.mkdir()
    extra = ["For fixture tips, press {key}.", "The number for {name} is {digits}. Again: {digits}."]
    sentences = [s for s in dict.fromkeys(iter_sentences(load(folder))) if s not in extra]
    (locales / "messages.pot").write_text(
        POT_HEADER + "".join(_entry(s) for s in [*extra, *sentences]), encoding="utf-8"
    )
    return folder, locales, sentences


def write_po(locales: Path, body: str) -> Path:
    path = locales / "pl_PL" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PL_HEADER + body, encoding="utf-8")
    return path


def po_line(path: Path, msgid: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if text == f'msgid "{msgid}"' or text == f'#~ msgid "{msgid}"')


def test_no_catalogues_means_nothing_to_report(tmp_path):
    folder = copy_menus(tmp_path)
    report = check(folder, tmp_path / "locales")
    assert report.ok and report.problems == [] and report.languages == []


def test_a_translation_whose_placeholders_differ_from_the_english(line):
    folder, locales, sentences = line
    po = write_po(
        locales,
        _entry("For fixture tips, press {key}.", "Porady bezpieczeństwa: naciśnij {klawisz}.")
        + _entry("The number for {name} is {digits}. Again: {digits}.", "Numer do {name} to {digits}."),
    )
    report = check(folder, locales)
    assert not report.ok
    p = find(
        report, "pl_PL/LC_MESSAGES/messages.po", po_line(po, "For fixture tips, press {key}."), "catalogue.placeholders"
    )
    assert "callers hear English instead" in p.message
    # A placeholder used once instead of twice is still the same placeholders.
    assert not [
        x for x in report.errors if po_line(po, "The number for {name} is {digits}. Again: {digits}.") == x.line
    ]


def test_a_translation_with_a_broken_curly_bracket(line):
    folder, locales, _ = line
    po = write_po(locales, _entry("For fixture tips, press {key}.", "Porady bezpieczeństwa: naciśnij {key."))
    find(check(folder, locales), "messages.po", po_line(po, "For fixture tips, press {key}."), "catalogue.braces")


def test_a_fuzzy_translation_is_a_warning(line):
    folder, locales, _ = line
    po = write_po(locales, _entry("For fixture tips, press {key}.", "Porady: {key}.", fuzzy=True))
    report = check(folder, locales)
    assert report.ok
    find(report, "messages.po", po_line(po, "For fixture tips, press {key}."), "catalogue.fuzzy", severity="warning")


def test_obsolete_translations_are_a_warning(line):
    folder, locales, _ = line
    po = write_po(
        locales,
        _entry("For fixture tips, press {key}.", "Porady: naciśnij {key}.")
        + _entry("Press 9 for nothing.", "Naciśnij 9.")
        + _entry("An old sentence.", "Stare zdanie.", obsolete=True),
    )
    report = check(folder, locales)
    find(report, "messages.po", po_line(po, "Press 9 for nothing."), "catalogue.obsolete", severity="warning")
    find(report, "messages.po", po_line(po, "An old sentence."), "catalogue.obsolete", severity="warning")


def test_a_few_missing_translations_are_listed_one_by_one(line):
    folder, locales, sentences = line
    body = _entry("For fixture tips, press {key}.", "")  # in the catalogue, empty
    body += _entry(
        "The number for {name} is {digits}. Again: {digits}.", "Numer do {name} to {digits}. Jeszcze raz: {digits}."
    )
    body += "".join(_entry(s, f"PL {s}") for s in sentences[1:])  # the first sentence is absent
    po = write_po(locales, body)
    report = check(folder, locales)
    find(
        report,
        "messages.po",
        po_line(po, "For fixture tips, press {key}."),
        "catalogue.untranslated_sentence",
        severity="warning",
    )
    find(report, "messages.po", 1, "catalogue.not_updated", severity="warning")
    pl = next(c for c in report.languages if c.lang == "pl-PL")
    total = len(sentences) + 2
    assert (pl.total, pl.translated, pl.missing, pl.fuzzy, pl.obsolete, pl.broken) == (total, total - 2, 2, 0, 0, 0)
    assert (
        str(pl)
        == f"pl-PL: {total - 2} of {total} translated, 2 missing, 0 fuzzy, 0 obsolete, 0 with wrong placeholders"
    )


def test_many_missing_translations_are_counted_on_one_line(line):
    folder, locales, sentences = line
    write_po(locales, _entry("For fixture tips, press {key}.", "Porady: naciśnij {key}."))
    report = check(folder, locales)
    total = len(sentences) + 2
    counted = find(report, "messages.po", 1, "catalogue.untranslated", severity="warning")
    assert counted.message.startswith(f"{total - 1} of {total} "), counted
    assert not [p for p in report.problems if p.code == "catalogue.untranslated_sentence"]


def test_a_language_with_a_voice_but_no_catalogue(line):
    folder, locales, _ = line
    report = check(folder, locales)
    find(report, "line.yaml", line_of(folder, "line.yaml", "ro-RO"), "catalogue.missing", severity="warning")
    ro = next(c for c in report.languages if c.lang == "ro-RO")
    assert str(ro) == "ro-RO: no catalogue yet, callers hear English"


def test_a_template_that_lacks_sentences_of_the_menus(line):
    folder, locales, _ = line
    edit(folder, "tips.yaml", "      - Fixture tip three.", "      - Fixture tip three, reworded.")
    find(check(folder, locales), "messages.pot", 1, "catalogue.template_behind", severity="warning")


def test_a_catalogue_that_cannot_be_read(line):
    folder, locales, _ = line
    po = write_po(locales, 'msgid "For fixture tips, press {key}."\nmsgstr "Porady: naciśnij {key}.\n\n')
    find(check(folder, locales), "messages.po", po_line(po, "For fixture tips, press {key}.") + 1, "catalogue.quotes")


def test_without_a_template_each_catalogue_is_still_checked_against_its_english(line):
    folder, locales, _ = line
    (locales / "messages.pot").unlink()
    po = write_po(locales, _entry("For fixture tips, press {key}.", "Porady: naciśnij {klawisz}."))
    report = check(folder, locales)
    find(report, "messages.po", po_line(po, "For fixture tips, press {key}."), "catalogue.placeholders")
    find(report, "messages.pot", 1, "catalogue.no_template", severity="warning")


@pytest.mark.parametrize(
    "header, said",
    [
        ("# Reviewed: no\n", "; not reviewed by a native speaker yet"),
        ("# Reviewed: yes, Ana, 2026-12-01\n", "; reviewed: yes, Ana, 2026-12-01"),
        ("", ""),
    ],
)
def test_the_counts_say_whether_a_native_speaker_has_reviewed_it(line, header, said):
    folder, locales, _ = line
    po = write_po(locales, _entry("For fixture tips, press {key}.", "Porady: naciśnij {key}."))
    po.write_text(header + po.read_text(encoding="utf-8"), encoding="utf-8")
    pl = next(c for c in check(folder, locales).languages if c.lang == "pl-PL")
    assert str(pl).endswith("with wrong placeholders" + said)
