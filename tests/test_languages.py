"""The line in each of its languages: whole calls in each, with a voice that exists for it.

On the fixture line: English, Polish (complete) and Romanian (partial, so English fallback is heard).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po, write_po

from ivr.hours import LONDON
from ivr.i18n import SOURCE_LANGUAGE, Catalogs, babel_locale
from ivr.menus import load
from ivr.testing import FakeTwilio
from ivr.voices import KNOWN_VOICES

from .conftest import LOCALES, MENUS, make_app

SATURDAY = "2026-11-28T12:00:00+00:00"  # the Weekday Helpline (weekdays 9-5) is closed until Monday at 9
NEXT_MONDAY = dt.date(2026, 11, 30)
#: A number of the line for tests: Ofcom keeps 020 7946 0xxx for drama, so it is no one's.
LINE_NUMBER = "+442079460001"
LANGS = list(load(MENUS).line.voices)
ENGLISH_VOICE = load(MENUS).line.voices[SOURCE_LANGUAGE].voice
#: Languages whose fixture catalogue translates everything (the others fall back to English).
COMPLETE = {SOURCE_LANGUAGE, "pl-PL"}


def menus_starting_in(tmp_path: Path, lang: str, source: Path = MENUS) -> Path:
    """A copy of the fixture menus (or ``source``) whose line number starts calls in ``lang``."""
    folder = tmp_path / "menus"
    shutil.copytree(source, folder)
    with (folder / "line.yaml").open("a", encoding="utf-8") as f:
        f.write(f'numbers:\n  "{LINE_NUMBER}": {lang}\n')
    return folder


def assert_spoken_in(answer, lang: str, allow_english: bool = True) -> None:
    """Every <Say> is in ``lang`` with a voice for it, or English with the English voice."""
    assert answer.says, answer.body
    configured = load(MENUS).line.voices[lang].voice
    for say in answer.says:
        language, voice = say.get("language"), say.get("voice")
        if language == lang:
            assert voice == configured and voice in KNOWN_VOICES[lang], (lang, voice)
        else:
            assert allow_english and language == SOURCE_LANGUAGE and voice == ENGLISH_VOICE, (
                lang,
                language,
                voice,
                say.text,
            )


@pytest.mark.parametrize("lang", LANGS)
def test_a_whole_call_from_the_welcome_to_a_closed_service_in_each_language(tmp_path, lang):
    app = make_app(SATURDAY, menus_dir=menus_starting_in(tmp_path, lang))
    call = FakeTwilio(app.test_client(), to=LINE_NUMBER)
    welcome = call.start()
    english = [s for s in welcome.says if s.get("language") == SOURCE_LANGUAGE]
    if lang == SOURCE_LANGUAGE:
        assert "For English and other languages" not in welcome.text
    else:
        # A caller with no word of this language still hears how to reach English, in English,
        # in place of the languages option (where the catalogue lacks the options, they are
        # English too, so the way to English is no longer the first English heard).
        hint = next(s for s in english if "For English and other languages, press 9." in s.text)
        if lang in COMPLETE:
            assert [s.text for s in english] == ["For English and other languages, press 9."]
        assert hint.get("voice") == ENGLISH_VOICE
    assert_spoken_in(welcome, lang)
    assert (
        "9 9 9" in welcome.says[0].text
    )  # the danger advice comes first, in the caller's language (digits spaced for the voice)
    assert f"lang={lang}" in welcome.first("Gather").get("action")

    services = call.press("1")
    service = call.press("1")
    for answer in (services, service):
        # A complete catalogue: nothing in this call falls back to English.
        assert_spoken_in(answer, lang, allow_english=lang not in COMPLETE or lang == SOURCE_LANGUAGE)
        assert f"lang={lang}" in answer.first("Gather").get("action")
    assert "Weekday Helpline" in service.text  # service names stay as they are
    if lang not in COMPLETE:
        assert {s.get("language") for s in service.says} == {lang, SOURCE_LANGUAGE}  # sentence by sentence
        return
    monday = format_date(NEXT_MONDAY, "EEEE", locale=babel_locale(lang))
    assert monday in service.text
    if lang != SOURCE_LANGUAGE:
        assert "Monday" not in service.text and "morning" not in service.text


@pytest.mark.parametrize("key, lang", list(zip("123456789", LANGS, strict=False)))
def test_key_9_offers_each_language_in_itself_and_the_call_continues_in_it(call_at, key, lang):
    call = call_at(SATURDAY)
    menu = call.keys("9")
    choice = menu.says[int(key) - 1]
    assert choice.get("language") == lang
    assert choice.get("voice") == load(MENUS).line.voices[lang].voice
    assert choice.text.rstrip("。.").endswith(key)
    main = call.press(key)
    assert_spoken_in(main, lang, allow_english=lang not in COMPLETE or lang == SOURCE_LANGUAGE)
    assert f"lang={lang}" in main.first("Gather").get("action")
    assert f"lang={lang}" in main.first("Redirect").text
    # Speech is heard in the caller's language where it is on; keys alone carry no language.
    speech_on = lang in load(MENUS).line.speech
    # Mandarin is recognised as cmn-Hans-CN: Twilio's <Gather> refuses the <Say> code cmn-CN.
    gather_code = {"cmn-CN": "cmn-Hans-CN"}.get(lang, lang)
    assert main.first("Gather").get("language") == (gather_code if speech_on else None)
    # ... and stays in it after silence, star and another menu.
    assert_spoken_in(call.silence(), lang, allow_english=lang not in COMPLETE or lang == SOURCE_LANGUAGE)
    assert_spoken_in(call.press("2"), lang, allow_english=lang not in COMPLETE or lang == SOURCE_LANGUAGE)


def test_the_language_menu_is_said_in_every_language_and_goes_back_with_star(call_at):
    call = call_at(SATURDAY)
    menu = call.keys("9")
    assert [s.get("language") for s in menu.says[: len(LANGS)]] == LANGS
    assert "Polski: naciśnij 2." in menu.text
    assert "To go back, press star." in menu.says[-1].text
    assert "For fixture tips, press 2." in call.press("*").text


def test_a_missing_or_fuzzy_translation_is_said_in_english_by_the_english_voice(tmp_path, app_at):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    po = locales / "pl_PL" / "LC_MESSAGES" / "messages.po"
    catalog = read_po(po.open("rb"))
    catalog["For fixture tips, press {key}."].string = ""
    catalog["To hear which fixture services are open now, press {key}."].flags.add("fuzzy")
    with po.open("wb") as f:
        write_po(f, catalog)
    call = FakeTwilio(app_at(SATURDAY, locales_dir=locales).test_client())
    call.keys("9")
    main = call.press("2")
    assert_spoken_in(main, "pl-PL")
    runs = [(s.get("language"), s.text) for s in main.says]
    assert ("en-GB", "For fixture tips, press 2.") in runs
    assert any(lang == "en-GB" and "open now, press 5." in text for lang, text in runs)
    assert any(lang == "pl-PL" and "naciśnij 1" in text for lang, text in runs)


def test_an_unknown_or_forged_language_in_the_url_falls_back_to_the_lines_own(call_at):
    call = call_at(SATURDAY)
    call.start()
    ans = call.request("/voice?at=menu%3Amain&lang=xx-YY", call.params(Digits="0"))
    assert_spoken_in(ans, SOURCE_LANGUAGE, allow_english=True)
    assert "lang=en-GB" in ans.first("Gather").get("action")


def test_times_and_days_are_said_as_people_of_each_language_say_them():
    from ivr.saying import Day, Time

    at = dt.datetime(2026, 11, 30, 9, 30, tzinfo=LONDON)
    now = dt.datetime(2026, 11, 28, 12, 0, tzinfo=LONDON)
    assert Time(at).format("en-GB") == "9:30 in the morning"
    assert Time(at).format("pl-PL") == "9:30 rano"
    assert Time(at).format("es-ES") == "9:30 de la mañana"
    assert Time(at).format("cmn-CN") == "上午9:30"
    # Hungarian's short form ("de. 9:30") would be misread by a voice: the full words.
    assert Time(at).format("hu-HU") == "délelőtt 9:30"
    assert Day(at, now).format("ro-RO") == "luni"
    assert Day(at, now).format("bg-BG") == "понеделник"


def test_a_catalogue_says_it_is_not_reviewed_until_a_reviewer_marks_it(tmp_path):
    """Of the fixture's catalogues; the shipped ones are held to it in test_shipped_content.py."""
    catalogs = Catalogs(LOCALES)
    for lang in LANGS[1:]:
        assert catalogs.po_path(lang).is_file(), lang
        assert catalogs.review_note(lang) == "no", lang
        assert not catalogs.reviewed(lang), lang
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    po = locales / "ro_RO" / "LC_MESSAGES" / "messages.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace("# Reviewed: no", "# Reviewed: yes, Ana P., 2026-12-01"),
        encoding="utf-8",
    )
    assert Catalogs(locales).reviewed("ro-RO")
    assert Catalogs(locales).review_note("ro-RO") == "yes, Ana P., 2026-12-01"
    assert not Catalogs(locales).reviewed("pl-PL")


def test_a_broken_catalogue_never_breaks_a_call_it_is_said_in_english(tmp_path, app_at):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    (locales / "pl_PL" / "LC_MESSAGES" / "messages.po").write_text(
        'msgid "x"\nmsgstr "unterminated\n', encoding="utf-8"
    )
    call = FakeTwilio(app_at(SATURDAY, locales_dir=locales).test_client())
    call.keys("9")
    main = call.press("2")
    assert main.status == 200
    assert {s.get("language") for s in main.says} == {"en-GB"}
    assert "For fixture tips, press 2." in main.text
