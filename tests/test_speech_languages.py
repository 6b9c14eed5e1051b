"""Answering by voice in each language the shipped line speaks, as Twilio would send it.

These run on the shipped menus and catalogues (``SHIPPED_MENUS``): what they prove is that
each shipped language can be answered by voice with its own translated words."""

from __future__ import annotations

import pytest

from ivr.flow import MAIN, Listen, Place, Speech, step
from ivr.hours import parse_now
from ivr.i18n import Catalogs, Speaker
from ivr.menus import load
from ivr.speech import heard_any, match, phrases
from ivr.testing import FakeTwilio

from .conftest import SHIPPED_LOCALES as LOCALES
from .conftest import SHIPPED_MENUS as MENUS
from .conftest import make_app
from .test_languages import LINE_NUMBER, menus_starting_in

NOW = "2026-11-25T10:00:00+00:00"  # a Wednesday morning: most services open
MENUS_NOW = load(MENUS)
LANGS = list(MENUS_NOW.line.voices)

#: What Twilio's <Gather> must be told for each language (twilio-csharp Gather.cs).
GATHER = {
    "en-GB": "en-GB",
    "ro-RO": "ro-RO",
    "pt-BR": "pt-BR",
    "hu-HU": "hu-HU",
    "pl-PL": "pl-PL",
    "es-ES": "es-ES",
    "th-TH": "th-TH",
    "cmn-CN": "cmn-Hans-CN",
    "bg-BG": "bg-BG",
}

#: A caller asking for the safety tips, as a recogniser might write it down.
ASK_FOR_TIPS = {
    "en-GB": "safety tips please",
    "ro-RO": "Vreau sfaturi de siguranta",  # no diacritics: recognisers drop them too
    "pt-BR": "quero ouvir as dicas de segurança",
    "hu-HU": "Biztonsági tanácsokat kérek",
    "pl-PL": "poproszę porady bezpieczeństwa",
    "es-ES": "Quiero consejos de seguridad",
    "th-TH": "อยากฟังคำแนะนำด้านความปลอดภัยค่ะ",
    "cmn-CN": "我想听安全建议",
    "bg-BG": "Искам съвети за безопасност",
}

#: A caller in danger, in their own words.
IN_DANGER = {
    "en-GB": "help me",
    "ro-RO": "ajutor",
    "pt-BR": "socorro",
    "hu-HU": "Segítség!",
    "pl-PL": "Pomocy!",
    "es-ES": "ayuda por favor",
    "th-TH": "ช่วยด้วยค่ะ",
    "cmn-CN": "救命啊",
    "bg-BG": "Помощ",
}


@pytest.fixture
def call_in(tmp_path):
    def start(lang: str) -> FakeTwilio:
        return FakeTwilio(
            make_app(NOW, menus_dir=menus_starting_in(tmp_path, lang, MENUS), locales_dir=LOCALES).test_client(),
            to=LINE_NUMBER,
        )

    return start


def test_speech_is_on_in_all_nine_languages():
    assert set(MENUS_NOW.line.speech) == set(LANGS) == set(GATHER)


@pytest.mark.parametrize("lang", LANGS)
def test_the_gather_listens_in_the_callers_language_with_hints_in_it(call_in, lang):
    gather = call_in(lang).start().first("Gather")
    assert gather.get("input") == "dtmf speech"
    assert gather.get("language") == GATHER[lang]
    sp = Speaker(Catalogs(LOCALES), lang)
    hints = gather.get("hints")
    # The danger words lead, in the caller's language; then each option's words in it.
    assert hints.startswith(phrases(sp._("help, danger, police, emergency, help me").text)[0])
    assert phrases(sp.say("tips, safety tips, safety, advice").text)[0] in hints


@pytest.mark.parametrize("lang", LANGS)
def test_the_translated_words_choose_the_option(call_in, lang):
    call = call_in(lang)
    call.start()
    tips = call.say(ASK_FOR_TIPS[lang])
    assert "tip%3A0" in tips.first("Gather").get("action"), tips.text


@pytest.mark.parametrize("lang", LANGS)
def test_danger_words_give_the_999_advice_at_once_from_any_menu(call_in, lang):
    call = call_in(lang)
    call.start()
    for where in ("main", "services"):
        if where == "services":
            call.press("1")
        at = call.last.first("Gather").get("action")
        answer = call.say(IN_DANGER[lang], confidence="0.2")  # however unsure the recogniser is
        assert "9 9 9" in answer.says[0].text, answer.text
        assert answer.says[0].get("language") == lang
        assert answer.first("Gather").get("action") == at  # still where they were, menu said again


@pytest.mark.parametrize("lang", LANGS)
def test_english_danger_words_work_in_every_language(call_in, lang):
    call = call_in(lang)
    call.start()
    assert "9 9 9" in call.say("police").says[0].text


@pytest.mark.parametrize(
    "lang, heard",
    [
        ("th-TH", "คุย กับ ใคร สัก คน"),  # a recogniser's stray spaces
        ("th-TH", "ฉันอยากคุยกับใครสักคน"),  # no spaces at all, the phrase inside a sentence
        ("cmn-CN", "我想找人聊聊"),
        ("cmn-CN", "我 想 找人 聊聊 。"),
    ],
)
def test_thai_and_chinese_are_matched_without_spaces(call_in, lang, heard):
    call = call_in(lang)
    call.start()
    services = call.say(heard)
    assert "menu%3Aservices" in services.first("Gather").get("action"), services.text


def _words(lang: str) -> list[str]:
    """Every phrase a caller of ``lang`` may say for an option, from the catalogues."""
    sp = Speaker(Catalogs(LOCALES), lang)
    yaml_words = [o.words for m in MENUS_NOW.menus.values() for o in m.options if o.words]
    yaml_words += [s.words for s in MENUS_NOW.services.values() if s.words]
    code_words = [
        "back, go back",
        "again, repeat, say that again",
        "put me through, connect me, call them",
        "number, their number, hear the number",
        "text, text message, send a text",
        "next, next tip, another",
    ]
    return [p for w in [*yaml_words, *code_words] for p in phrases(sp.say(w).text)]


@pytest.mark.parametrize("lang", LANGS)
def test_no_options_words_are_heard_as_danger(lang):
    """ "dangerous person" is a report, not a cry for help: no option's phrase holds a danger word."""
    sp = Speaker(Catalogs(LOCALES), lang)
    danger = phrases(sp._("help, danger, police, emergency, help me").text) + phrases(
        "help, danger, police, emergency, help me"
    )
    assert [w for w in _words(lang) if heard_any(w, danger)] == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_phrase_of_the_main_menu_leads_to_its_own_key(lang):
    catalogs = Catalogs(LOCALES)
    sp = Speaker(catalogs, lang)
    for option in MENUS_NOW.menus["main"].options:
        for phrase in phrases(sp.say(option.words).text):
            turn = step(MENUS_NOW, catalogs, MAIN, Speech(phrase, 0.9), parse_now(NOW), lang)
            assert isinstance(turn.next, Listen)
            assert turn.next.place != MAIN, (lang, option.key, phrase)
            first = turn.next.place.path[1]
            expected = {"menu": f"menu:{option.ref}", "tips": "tip:0", "open_now": "open", "languages": "languages"}[
                option.target
            ]
            assert first == expected, (lang, option.key, phrase, first)


def test_matching_ignores_accents_and_keeps_thai_vowels():
    assert match("Vreau sfaturi de siguranta", {"2": ["sfaturi de siguranță"]}) == "2"
    assert match("segitseg", {"x": ["segítség"]}) == "x"
    # Thai vowel signs are letters, not accents: คุย (talk) and คย are different words.
    assert match("คย", {"1": ["คุย"]}) is None
    assert match("คุย", {"1": ["คุย"]}) == "1"


def test_a_place_with_a_paged_language_menu_is_only_known_when_there_are_pages():
    assert Place.decode("menu:main/languages:1", MENUS_NOW) is None
