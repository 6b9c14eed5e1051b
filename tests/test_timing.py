"""Help in seconds: the shipped menus meet the time budgets in every language, and
``ivr check`` warns (file and line) when an edit breaks one.

The budgets are measured on the shipped content (``SHIPPED_MENUS``, ``SHIPPED_LOCALES``: what
callers hear, or the edited copy ``tests/content_edits.py`` makes); what ``ivr check`` tells a
maintainer is shown on edits of the fixture line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from ivr import timing
from ivr.flow import Arrive, Connect, Key, step
from ivr.i18n import Catalogs
from ivr.inspect import inspect
from ivr.menus import load

from .checking import edit, line_of
from .conftest import LOCALES, MENUS, ROOT, SHIPPED_LOCALES, SHIPPED_MENUS

ESPEAK = shutil.which("espeak-ng") is not None


@pytest.fixture(scope="module")
def shipped() -> dict[str, list[timing.Figure]]:
    menus, catalogs = load(SHIPPED_MENUS), Catalogs(SHIPPED_LOCALES)
    timer = timing.Timer()  # espeak-ng when installed (as in CI), exactly as bench/time_to_help.py
    return {lang: timing.measure(menus, catalogs, lang, timer) for lang in menus.line.voices}


def test_the_shipped_menus_meet_every_budget_in_every_language(shipped):
    if not ESPEAK:
        pytest.skip("the budgets are measured with espeak-ng (CI installs it)")
    late = [f for fs in shipped.values() for f in fs if not f.ok]
    over = [f"{f.lang}: {f.budget.what} {f.seconds:.1f} s > {f.limit:g} s {f.service or f.detail}" for f in late]
    if SHIPPED_MENUS.resolve() == (ROOT / "menus").resolve():
        assert not over, "\n".join(over)
    else:
        # A maintainer's edited copy (tests/content_edits.py) may run over a budget: that is
        # valid content, and ivr check must then warn of each overrun.
        from ivr.inspect.timing import CODES

        warned = [
            p.message
            for p in inspect(SHIPPED_MENUS, SHIPPED_LOCALES, timer=timing.Timer()).problems
            if p.severity == "warning"
        ]
        unwarned = [
            o
            for f, o in zip(late, over, strict=False)
            if not any(m.startswith(f"[{CODES[f.budget]}] in {f.lang},") for m in warned)
        ]
        assert not unwarned, "\n".join(unwarned)


def test_every_row_of_the_budget_table_is_measured_for_every_service(shipped):
    menus = load(SHIPPED_MENUS)
    for lang, figures in shipped.items():
        budgets = {f.budget for f in figures}
        assert budgets == set(timing.BUDGETS), lang
        put_through = {f.service for f in figures if f.budget is timing.PUT_THROUGH}
        numbers = {f.service for f in figures if f.budget is timing.NUMBER}
        assert put_through == {s.id for s in menus.services.values() if s.dialable}
        assert numbers == {s.id for s in menus.services.values() if not s.dialable}
        assert all(f.seconds < float("inf") for f in figures), lang  # every service reachable


@pytest.mark.parametrize("lang", list(load(SHIPPED_MENUS).line.voices))
def test_the_999_advice_comes_before_any_key_and_the_55_advice_before_the_first_option(lang):
    menus, catalogs = load(SHIPPED_MENUS), Catalogs(SHIPPED_LOCALES)  # in each real translation
    welcome = step(menus, catalogs, None, Arrive(), timing.REFERENCE, lang)
    first_key = timing.key_announced(welcome, "1") - 1
    advice = timing.advice_begins(welcome)
    assert advice == 1  # right after the line's name
    assert any("55" in s.text for s in welcome.lines[advice:first_key])


def test_the_shortest_way_to_the_modern_slavery_helpline_is_one_key_after_key_4():
    menus, catalogs = load(SHIPPED_MENUS), Catalogs(SHIPPED_LOCALES)
    helpline = [s for s in menus.services.values() if s.name == "Modern Slavery and Exploitation Helpline"]
    if not helpline:
        pytest.skip(f"the Modern Slavery and Exploitation Helpline is not in {SHIPPED_MENUS}")
    forced = step(menus, catalogs, None, Arrive(), timing.REFERENCE, "en-GB")
    forced = step(menus, catalogs, forced.next.place, Key("4"), timing.REFERENCE, "en-GB")
    through = step(menus, catalogs, forced.next.place, Key("1"), timing.REFERENCE, "en-GB")
    assert isinstance(through.next, Connect) and through.next.service.id == helpline[0].id


def test_a_sentence_is_split_where_a_voice_stops_but_a_number_stays_whole():
    from ivr.i18n import Said

    parts = timing.sentences(Said("The number is 0 8 0 0. 4 6 4. Again: 0 8 0 0. 4 6 4.", "en-GB"))
    assert [p.text for p in parts] == ["The number is 0 8 0 0. 4 6 4.", "Again: 0 8 0 0. 4 6 4."]
    assert len(timing.sentences(Said("现在有人接听。要转接请按1。", "cmn-CN"))) == 2


def test_the_estimate_works_without_espeak():
    timer = timing.Timer(use_espeak=False)
    assert "estimated from length" in timer.method
    assert 1 < timer.seconds("If you are in danger, hang up, dial 9 9 9 and stay on the line.", "en-GB") < 10
    assert timer.seconds("现在有危险？拨打9 9 9。", "cmn-CN") > timer.seconds("现在", "cmn-CN")


# --- ivr check: what a maintainer is told ---------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(MENUS, tmp_path / "menus")
    shutil.copytree(LOCALES, tmp_path / "locales")
    return tmp_path / "menus"


def check(folder: Path):
    return inspect(folder, folder.parent / "locales", timer=timing.Timer(use_espeak=False))


def warnings(report, code: str):
    return [p for p in report.problems if p.severity == "warning" and p.code == code]


def test_a_long_sentence_in_the_yaml_is_a_warning_at_its_line(folder):
    long = (
        "To talk to someone at one of the support services that this line knows about, day or night, "
        "whoever and wherever you are, press {key}."
    )
    edit(folder, "menus.yaml", "say: To talk to a fixture service, press {key}.", f"say: {long}")
    found = warnings(check(folder), "T1-sentence")
    at = line_of(folder, "menus.yaml", long[:40])
    assert any(p.file.endswith("menus.yaml") and p.line == at and "en-GB" in p.message for p in found), found


def test_a_long_translation_is_a_warning_at_its_entry_in_the_catalogue(folder):
    po = folder.parent / "locales" / "pl_PL" / "LC_MESSAGES" / "messages.po"
    catalog = read_po(po.open("rb"))
    entry = catalog["For fixture tips, press {key}."]
    entry.string = (
        "Jeśli chcesz usłyszeć wszystkie porady bezpieczeństwa dla osób pracujących seksualnie, jedną po drugiej, "
        "od samego początku do samego końca, bardzo powoli i wyraźnie, naciśnij {key}."
    )
    with po.open("wb") as f:
        write_po(f, catalog, width=100)
    found = warnings(check(folder), "T1-sentence")
    entry = read_po(po.open("rb"))["For fixture tips, press {key}."]
    assert any(p.file == str(po) and p.line == entry.lineno and "pl-PL" in p.message for p in found), found


def test_a_service_pushed_out_of_reach_is_a_warning_at_the_service(folder):
    # A long introduction before the support services: every service behind it arrives late.
    edit(
        folder,
        "menus.yaml",
        "      - Fixture services. Choose one.\n",
        "      - Fixture services. Choose one.\n"
        + "      - These are the support services that this line can put you through to, one after another.\n" * 4,
    )
    found = warnings(check(folder), "T2-put-through")
    at = line_of(folder, "services.yaml", "  unsure:")
    assert any(
        p.file.endswith("services.yaml") and p.line == at and "Evening Health Line" in p.message for p in found
    ), found
