"""Say only what is true: the Silent Solution, what calls cost, reporting as the caller's
choice, hours said the way each language says them, titles as sentences, and the safe words.

What the call does runs on the fixture line; what the real translations and the real services
say (the 55 advice in each shipped language, National Ugly Mugs, the sexual health line, the
Spanish and Portuguese hours) reads the shipped content (``SHIPPED_MENUS``, ``SHIPPED_LOCALES``),
finding a service by its name and skipping when a maintainer's edit has removed it."""

from __future__ import annotations

import datetime as dt

import pytest

from ivr.flow import Arrive, Key, step
from ivr.i18n import Catalogs, Speaker
from ivr.menus import load
from ivr.saying import Time
from ivr.twiml import SAFE_WORDS

from .conftest import LOCALES, MENUS, SHIPPED_LOCALES, SHIPPED_MENUS

LANGS = ["ro-RO", "pt-BR", "hu-HU", "pl-PL", "es-ES", "th-TH", "cmn-CN", "bg-BG"]
#: "English" in each language: the recorded message that asks for 55 is in English.
ENGLISH = {
    "ro-RO": "englez",
    "pt-BR": "inglês",
    "hu-HU": "angol",
    "pl-PL": "angielsk",
    "es-ES": "inglés",
    "th-TH": "อังกฤษ",
    "cmn-CN": "英语",
    "bg-BG": "английски",
}
MORNING = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def welcome(lang: str, menus=MENUS, locales=LOCALES):
    return step(load(menus), Catalogs(locales), None, Arrive(), MORNING, lang)


def shipped_service(name: str):
    """The shipped service of that name, or a skip when an edit of the content removed it."""
    found = [s for s in load(SHIPPED_MENUS).services.values() if s.name == name]
    if not found:
        pytest.skip(f"{name} is not in {SHIPPED_MENUS}")
    return found[0]


def test_the_silent_solution_is_said_truthfully_in_english():
    text = " ".join(s.text for s in welcome("en-GB").lines)
    assert "dial 999 and stay on the line" in text
    assert "cough or tap" in text
    assert "On a mobile, press 55 when a recording asks." in text
    assert "press 55 when asked" not in text  # true on mobiles only, and only when the recording asks


@pytest.mark.parametrize("lang", LANGS)
def test_in_every_other_language_the_recording_that_asks_for_55_is_said_to_be_in_english(lang):
    lines = welcome(lang, SHIPPED_MENUS, SHIPPED_LOCALES).lines  # the real translations
    advice = next(s for s in lines if "55" in s.text)
    assert advice.lang == lang
    assert ENGLISH[lang] in advice.text.lower(), advice.text
    danger = next(s for s in lines if "999" in s.text)
    assert danger.lang == lang


@pytest.mark.parametrize("lang", ["en-GB", *LANGS])
def test_the_safe_words_and_the_goodbye_give_the_same_truthful_advice(lang):
    assert any("stay on the line" in w for w in SAFE_WORDS)
    assert any("On a mobile, press 55 when a recording asks." in w for w in SAFE_WORDS)
    assert not any("press 55 when asked" in w for w in SAFE_WORDS)
    menus, catalogs = load(MENUS), Catalogs(LOCALES)
    bye = step(menus, catalogs, welcome(lang).next.place, Key("7"), MORNING, lang)  # any key, then silence twice
    from ivr.flow import Silence

    bye = step(menus, catalogs, bye.next.place, Silence(2), MORNING, lang)
    said = [s.text for s in bye.lines]
    assert [s for s in said if "999" in s] and [s for s in said if "55" in s]


@pytest.mark.parametrize("lang", LANGS)
def test_reporting_to_national_ugly_mugs_is_the_callers_choice_in_neutral_words(lang):
    about = Speaker(Catalogs(SHIPPED_LOCALES), lang).say(shipped_service("National Ugly Mugs").about)
    assert about.lang == lang
    police = {"hu-HU": "feljelent", "es-ES": "denunci", "pt-BR": "denunci", "th-TH": "แจ้งความ", "cmn-CN": "报案"}
    if lang in police:
        assert police[lang] not in about.text, about.text
    choice = {
        "ro-RO": "dacă vrei",
        "pt-BR": "se você quiser",
        "hu-HU": "ha szeretnéd",
        "pl-PL": "jeśli chcesz",
        "es-ES": "si quieres",
        "th-TH": "ถ้าคุณต้องการ",
        "cmn-CN": "如果你愿意",
        "bg-BG": "ако искаш",
    }
    assert choice[lang] in about.text


def test_the_english_says_reporting_is_a_choice():
    assert "if you want to" in shipped_service("National Ugly Mugs").about


@pytest.mark.parametrize(
    "hour, said",
    [
        (13, "a la 1 de la tarde"),
        (1, "a la 1 de la madrugada"),
        (10, "a las 10 de la mañana"),
        (11, "a las 11 de la mañana"),
    ],
)
def test_spanish_one_oclock_takes_the_singular_article(hour, said):
    sp = Speaker(Catalogs(SHIPPED_LOCALES), "es-ES")
    at = dt.datetime(2026, 11, 25, hour, 0, tzinfo=dt.UTC)
    assert said in sp._("They open again today at {time}.", time=Time(at)).text
    until = sp._("They are open now until {time}.", time=Time(at)).text
    assert "las 1 " not in until and ("hasta la 1" in until) == (hour in (1, 13))


def test_portuguese_one_oclock_takes_the_singular_too():
    sp = Speaker(Catalogs(SHIPPED_LOCALES), "pt-BR")
    at = dt.datetime(2026, 11, 25, 13, 0, tzinfo=dt.UTC)
    assert "à 1 da tarde" in sp._("They open again today at {time}.", time=Time(at)).text


@pytest.mark.parametrize("lang", ["en-GB", *LANGS])
def test_a_tip_topics_title_is_a_sentence_of_its_own(lang):
    menus, catalogs = load(MENUS), Catalogs(LOCALES)
    tips = step(menus, catalogs, welcome(lang).next.place, Key("2"), MORNING, lang)
    title = Speaker(catalogs, lang).say(menus.tips[0].topic)
    said = next(s for s in tips.lines if s.text.startswith(title.text))
    stop = said.text[len(title.text) :]
    assert said.text != title.text or lang.startswith("th")  # Thai ends a sentence with a space
    assert stop in (".", "。", "") and (stop or lang.startswith("th"))


def test_where_a_tip_says_to_carry_an_alarm_it_says_who_gives_them_out():
    tips = [t.text for t in load(SHIPPED_MENUS).tips]
    alarm = [t for t in tips if "alarm" in t]
    if not alarm:
        pytest.skip("no shipped tip mentions an alarm")
    assert all("Suzy Lamplugh Trust" in t for t in alarm)


def test_the_sexual_health_line_is_not_said_to_be_free_and_pep_cannot_wait():
    svc = shipped_service("National Sexual Health Helpline")
    assert not svc.free and svc.number.startswith("03")
    assert "PEP" in svc.about and "cannot wait" in svc.about
    assert "Free" not in svc.about and "free" not in svc.about
