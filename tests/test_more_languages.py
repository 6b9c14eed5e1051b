"""Eleven languages: the nine shipped, German (recognised, partly translated) and Welsh
(spoken by Twilio but not recognised, no catalogue). The language menu pages; every
language works, English filling what is missing, in the English voice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ivr.cli import main as ivr_main
from ivr.inspect import inspect
from ivr.menus import parse
from ivr.testing import FakeTwilio

from .conftest import SHIPPED_LOCALES as LOCALES
from .conftest import SHIPPED_MENUS as MENUS
from .conftest import make_app

HERE = Path(__file__).resolve().parent / "more_languages"
NOW = "2026-11-25T10:00:00+00:00"
ENGLISH = ("en-GB", "Polly.Amy")


@pytest.fixture
def line(tmp_path) -> tuple[Path, Path]:
    """The fixture line: the shipped menus with tests/more_languages/line.yaml, and the
    shipped catalogues with the partial German one."""
    menus, locales = tmp_path / "menus", tmp_path / "locales"
    shutil.copytree(MENUS, menus)
    shutil.copy(HERE / "line.yaml", menus / "line.yaml")
    shutil.copytree(LOCALES, locales)
    (locales / "de_DE" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(HERE / "de_DE.po", locales / "de_DE" / "LC_MESSAGES" / "messages.po")
    return menus, locales


@pytest.fixture
def call(line) -> FakeTwilio:
    menus, locales = line
    return FakeTwilio(make_app(NOW, menus_dir=menus, locales_dir=locales).test_client())


def voices_of(answer) -> set[tuple[str, str]]:
    return {(s.get("language"), s.get("voice")) for s in answer.says}


def test_the_language_menu_pages_each_language_said_in_itself(call):
    first = call.keys("9")
    said = [(s.get("language"), s.text) for s in first.says]
    assert [lang for lang, _ in said[:8]] == ["en-GB", "ro-RO", "pt-BR", "hu-HU", "pl-PL", "es-ES", "th-TH", "cmn-CN"]
    assert "Polski: naciśnij 5." in first.text and "For more languages, press 9." in first.text
    second = call.press("9")
    assert [s.get("language") for s in second.says[:2]] == ["bg-BG", "de-DE"]
    assert second.says[1].text == "Deutsch: drücke 2." and second.says[1].get("voice") == "Polly.Vicki"
    # Welsh has no catalogue: its choice is said in English words by the English voice, as every
    # untranslated sentence is, with its name in Welsh.
    assert any(
        s.text.startswith("Cymraeg: press 3.") and (s.get("language"), s.get("voice")) == ENGLISH for s in second.says
    )
    assert "For more languages, press 9." in second.text
    assert "Română" in call.press("9").text  # 9 on the last page goes round to the first
    assert "For safety tips, press 2." in call.press("*").text  # star: back to the main menu


def test_a_call_in_german_recognised_and_partly_translated(call):
    call.keys("9", "9")
    main = call.press("2")
    assert voices_of(main) <= {("de-DE", "Polly.Vicki"), ENGLISH}
    assert ("de-DE", "Polly.Vicki") in voices_of(main)
    gather = main.first("Gather")
    assert gather.get("language") == "de-DE" and "lang=de-DE" in gather.get("action")
    assert "Sicherheitstipps" in gather.get("hints")
    tips = call.say("Sicherheitstipps bitte")
    assert "tip%3A0" in tips.first("Gather").get("action")
    danger = call.say("Hilfe")
    assert "9 9 9" in danger.says[0].text and "lang=de-DE" in danger.first("Gather").get("action")


def test_a_call_in_welsh_keys_only_and_all_in_english(call):
    call.keys("9", "9")
    main = call.press("3")
    assert voices_of(main) == {ENGLISH}
    gather = main.first("Gather")
    assert gather.get("input") == "dtmf" and gather.get("language") is None
    assert "lang=cy-GB" in gather.get("action")
    services = call.press("1")
    assert "lang=cy-GB" in services.first("Gather").get("action") and voices_of(services) == {ENGLISH}


def test_ivr_check_says_how_much_is_missing_and_what_it_knows_of_each_voice(line, capsys):
    menus, locales = line
    report = inspect(menus, locales)
    assert report.ok
    counts = {c.lang: c for c in report.languages}
    assert counts["de-DE"].translated == 12 and counts["de-DE"].missing > 0
    assert any(p.code == "catalogue.missing" and "cy-GB" in p.message and p.line == 20 for p in report.problems)
    assert ivr_main(["check", str(menus), "--locales", str(locales)]) == 0
    out = capsys.readouterr().out
    assert (
        f"{menus / 'line.yaml'}:20: cy-GB is said by Polly.Gwyneth; keys only: Twilio's speech recognition has no "
        "code for cy-GB" in out
    )
    assert (
        f"{menus / 'line.yaml'}:17: cmn-CN is said by Polly.Zhiyu; callers may also answer by voice (Twilio hears "
        "cmn-Hans-CN)" in out
    )
    assert "de-DE: 12 of" in out


def test_speech_in_a_language_twilio_cannot_recognise_is_refused_with_its_line(line):
    menus, _ = line
    path = menus / "line.yaml"
    path.write_text(path.read_text().replace("de-DE]", "de-DE, cy-GB]"))
    loaded, problems = parse(menus)
    assert loaded is None
    assert any(p.line == 21 and p.code == "line.speech_unheard" and "cy-GB" in p.message for p in problems)


def test_a_voice_twilio_added_later_is_one_line_on_the_deployers_word(line):
    menus, _ = line
    path = menus / "line.yaml"
    text = path.read_text()
    refused = text.replace("  cy-GB: Polly.Gwyneth\n", "  cy-GB: Polly.Gwyneth\n  ti-ER: Google.ti-ER-Standard-A\n")
    path.write_text(refused)
    assert parse(menus)[0] is None
    path.write_text(
        text.replace(
            "  cy-GB: Polly.Gwyneth\n",
            "  cy-GB: Polly.Gwyneth\n"
            "  ti-ER: {voice: Google.ti-ER-Standard-A, speech: false, override: Twilio lists it since 2027-03; heard "
            "on a test call}\n",
        )
    )
    loaded, problems = parse(menus)
    assert loaded is not None, problems
    assert loaded.line.voices["ti-ER"].voice == "Google.ti-ER-Standard-A" and loaded.line.voices["ti-ER"].speech is None
    warned = [p for p in problems if p.line == 21 and p.severity == "warning"]
    assert warned and "override at line 21" in warned[0].message


def test_the_demo_and_the_cards_offer_every_language(line):
    menus, locales = line
    client = make_app(NOW, menus_dir=menus, locales_dir=locales).test_client()
    demo = client.get("/demo").get_data(as_text=True)
    for name in ("Deutsch", "Cymraeg", "polski", "中文"):
        assert name in demo, name
    assert client.get("/card?lang=cy-GB").status_code == 200
    assert client.get("/card?lang=de-DE").status_code == 200


def test_the_graph_shows_the_pages(line):
    from ivr.graph import mermaid
    from ivr.menus import load

    text = mermaid(load(line[0]))
    assert "Languages, page 2 of 2" in text and "3: cy-GB" in text and 'languages -->|"9"| languages_2' in text
