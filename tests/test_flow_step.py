"""``ivr.flow.step`` itself, on the fixture line: for each kind of event, what happens next
(the Turn's ``next``: listen where, for which keys; put through; text; hang up) and in
which language. Few sentences are named: what a step does matters more than its words.
"""

from __future__ import annotations

import pytest

from ivr.flow import (
    DIAL_STATUSES,
    MAIN,
    Arrive,
    Caps,
    Connect,
    DialEnded,
    Hangup,
    Key,
    Listen,
    Place,
    SendText,
    Silence,
    Speech,
    TextResult,
    danger_advice,
    step,
)
from ivr.hours import parse_now
from ivr.i18n import SOURCE_LANGUAGE, Catalogs, Speaker
from ivr.menus import load

from .conftest import LOCALES
from .conftest import MENUS as FIXTURE

MENUS = load(FIXTURE)
CATALOGS = Catalogs(LOCALES)
WEDNESDAY_MORNING = parse_now("2026-11-25T10:00:00+00:00")  # weekday open; split opens at 13:00
FRIDAY_AFTERNOON = parse_now("2026-11-27T15:00:00+00:00")  # split closed until Monday
NIGHT = parse_now("2026-11-26T02:00:00+00:00")  # only the round-the-clock services
SERVICES = MAIN.down("menu:services")
WEEKDAY = SERVICES.down("service:weekday")
#: The services' own pages: the services list's last key while one of them can be put through.
PAGES = SERVICES.down("about:services")


def go(place: Place | None, event, now=WEDNESDAY_MORNING, lang: str = SOURCE_LANGUAGE, caps: Caps = Caps()):  # noqa: B008 (Caps is frozen)
    return step(MENUS, CATALOGS, place, event, now, lang, caps)


def listening(turn, place: Place, keys: str | None = None) -> Listen:
    """Assert the turn waits for a key at ``place`` (and exactly ``keys``, if given)."""
    assert isinstance(turn.next, Listen), turn.next
    assert turn.next.place == place, (turn.next.place, place)
    if keys is not None:
        assert set(turn.next.keys) == set(keys), turn.next.keys
    return turn.next


def danger(lang: str = SOURCE_LANGUAGE):
    sp = Speaker(CATALOGS, lang)
    return danger_advice(sp)


# --- Arrive --------------------------------------------------------------------------


def test_a_new_call_is_welcomed_with_the_999_advice_then_waits_at_the_main_menu():
    turn = go(None, Arrive())
    listening(turn, MAIN, "123459")
    assert list(turn.lines[1:3]) == danger()
    assert turn.lang == SOURCE_LANGUAGE and turn.next.silences == 0
    assert "tips" in turn.next.hints  # words from the fixture's main menu


def test_arriving_at_a_place_says_it_again_there():
    listening(go(SERVICES, Arrive()), SERVICES, "12345")
    listening(go(SERVICES, Arrive(), now=NIGHT), SERVICES, "1234")  # none to put through: no pages key


def test_any_other_event_without_a_place_goes_to_the_main_menu():
    turn = go(None, Key("3"))
    listening(turn, MAIN, "123459")
    assert danger()[0] not in turn.lines  # not the welcome again


# --- Key -------------------------------------------------------------------------------


def test_a_menu_key_goes_down_to_its_menu():
    listening(go(MAIN, Key("1")), SERVICES, "12345")
    listening(go(MAIN, Key("3")), MAIN.down("menu:report"), "123")
    listening(go(MAIN, Key("4")), MAIN.down("menu:forced"), "12")


def test_only_the_first_key_counts():
    assert go(MAIN, Key("13")) == go(MAIN, Key("1"))


def test_an_open_service_is_put_through_from_its_list_and_its_page_is_one_key_away():
    turn = go(SERVICES, Key("1"))
    assert isinstance(turn.next, Connect) and turn.next.service.id == "weekday"
    assert turn.next.after == SERVICES.down("dial:weekday")
    page = PAGES.down("service:weekday")
    listening(go(SERVICES, Key("5")), PAGES, "1234")  # each service to its page, never straight through
    listening(go(PAGES, Key("1")), page, "12")


def test_an_open_service_offers_put_through_and_number_and_text_only_when_the_call_can():
    page = PAGES.down("service:weekday")
    listening(go(PAGES, Key("1")), page, "12")
    listening(go(PAGES, Key("1"), caps=Caps(text=True, texts_left=3)), page, "123")
    listening(go(PAGES, Key("1"), caps=Caps(text=True, texts_left=0)), page, "12")
    # A call that cannot put through: the list leads to the page, which offers the number only.
    listening(go(SERVICES, Key("1"), caps=Caps(connect=False)), WEEKDAY, "2")


def test_1_on_an_open_service_puts_through_and_comes_back_after_it():
    turn = go(WEEKDAY, Key("1"))
    assert isinstance(turn.next, Connect)
    assert turn.next.service.id == "weekday" and turn.next.service.e164 == "+448081570123"
    assert turn.next.after == WEEKDAY.down("dial:weekday")
    assert turn.next.ring_timeout == MENUS.line.ring_timeout == 20


def test_2_reads_the_number_and_stays():
    turn = go(WEEKDAY, Key("2"))
    listening(turn, WEEKDAY, "12")
    assert "0 8 0 8. 1 5 7. 0 1 2 3" in turn.lines[0].text


def test_3_asks_the_face_to_send_a_text_with_the_number_and_hours():
    turn = go(WEEKDAY, Key("3"), caps=Caps(text=True, texts_left=3))
    assert isinstance(turn.next, SendText) and turn.lines == ()
    assert turn.next.service.id == "weekday" and turn.next.place == WEEKDAY
    assert turn.next.body.startswith("Weekday Helpline: 0808 157 0123.") and "09:00" in turn.next.body


def test_a_closed_service_offers_its_number_and_the_open_ones_for_the_same_need():
    split = SERVICES.down("service:split")
    listening(go(SERVICES, Key("2"), now=FRIDAY_AFTERNOON), split, "2456")  # no 1: closed
    assert isinstance(go(split, Key("4"), now=FRIDAY_AFTERNOON).next, Connect)  # weekday, open
    listening(go(split, Key("5"), now=FRIDAY_AFTERNOON), split)  # the short number: read out


def test_a_short_number_is_never_put_through():
    short = SERVICES.down("service:short")
    listening(go(SERVICES, Key("4"), now=NIGHT), short, "2")


def test_star_goes_back_and_stays_at_the_main_menu():
    listening(go(WEEKDAY, Key("*")), SERVICES)
    listening(go(SERVICES, Key("*")), MAIN)
    listening(go(MAIN, Key("*")), MAIN)


def test_0_says_the_place_again():
    assert go(SERVICES, Key("0")) == go(SERVICES, Arrive())


@pytest.mark.parametrize("digits", ["7", "#", "", "x"])
def test_a_key_that_does_nothing_says_so_and_stays(digits):
    turn = go(MAIN, Key(digits))
    listening(turn, MAIN, "123459")
    assert turn.lines[1:] == go(MAIN, Arrive()).lines  # sorry, then the menu again
    assert turn.lines[0] not in go(MAIN, Arrive()).lines


def test_tips_go_one_at_a_time_and_round_again():
    first = MAIN.down("tip:0")
    turn = go(MAIN, Key("2"))
    listening(turn, first, "1")
    place = first
    for n in range(1, len(MENUS.tips)):
        place = listening(go(place, Key("1")), MAIN.down(f"tip:{n}")).place
    listening(go(place, Key("1")), first)  # after the last, the first again


def test_open_now_lists_only_open_services_each_on_a_key():
    open_now = MAIN.down("open")
    listening(go(MAIN, Key("5"), now=NIGHT), open_now, "12")
    listening(go(open_now, Key("1"), now=NIGHT), open_now)  # short number: read out
    assert go(open_now, Key("2"), now=NIGHT).next.service.id == "anytime"
    listening(go(MAIN, Key("5")), open_now, "1234")  # Wednesday morning: weekday, unsure, short, anytime


# --- Silence --------------------------------------------------------------------------


def test_one_silence_says_the_options_again_and_counts_it():
    turn = go(SERVICES, Silence(1))
    assert listening(turn, SERVICES, "12345").silences == 1
    assert set(turn.lines) < set(go(SERVICES, Arrive()).lines)  # the options, not the intro


def test_two_silences_say_goodbye_with_the_999_advice_and_hang_up():
    turn = go(SERVICES, Silence(2))
    assert isinstance(turn.next, Hangup)
    assert all(d in turn.lines for d in danger())


# --- DialEnded -------------------------------------------------------------------------


def test_a_completed_put_through_returns_to_the_main_menu():
    turn = go(WEEKDAY.down("dial:weekday"), DialEnded("completed"))
    listening(turn, MAIN, "123459")
    assert "Weekday Helpline" in turn.lines[0].text


@pytest.mark.parametrize("status", [s for s in DIAL_STATUSES if s != "completed"] + ["something-new"])
def test_a_put_through_that_fails_reads_the_number_and_offers_the_others_open(status):
    turn = go(WEEKDAY.down("dial:weekday"), DialEnded(status))
    # Open on Wednesday morning, leaving out the one that just failed: unsure, short, anytime.
    listening(turn, MAIN.down("open:weekday"), "123")
    assert "Weekday Helpline" in turn.lines[0].text and "0 8 0 8. 1 5 7. 0 1 2 3" in turn.lines[1].text


def test_a_dial_result_anywhere_else_just_says_the_place():
    assert go(SERVICES, DialEnded("busy")) == go(SERVICES, Arrive())


# --- TextResult -----------------------------------------------------------------------


def test_a_text_sent_says_so_and_stays_at_the_service():
    caps = Caps(text=True, texts_left=2)
    sent = go(WEEKDAY, TextResult("weekday", True), caps=caps)
    listening(sent, WEEKDAY, "123")
    assert "0 8 0 8" not in " ".join(s.text for s in sent.lines)


def test_a_text_not_sent_reads_the_number_instead():
    failed = go(WEEKDAY, TextResult("weekday", False), caps=Caps(text=True, texts_left=2))
    listening(failed, WEEKDAY, "123")
    assert "0 8 0 8. 1 5 7. 0 1 2 3" in " ".join(s.text for s in failed.lines)
    assert failed.lines != go(WEEKDAY, TextResult("weekday", True), caps=Caps(text=True, texts_left=2)).lines


# --- Speech ----------------------------------------------------------------------------


def test_words_that_match_do_what_the_key_does():
    assert go(MAIN, Speech("safety tips please", 0.9)) == go(MAIN, Key("2"))
    assert go(SERVICES, Speech("weekday", 0.9)) == go(SERVICES, Key("1"))
    assert go(SERVICES, Speech("go back", 0.9)) == go(SERVICES, Key("*"))


@pytest.mark.parametrize(
    "words, confidence", [("banana", 0.95), ("safety tips", 0.1), ("safety tips", None), ("", 0.9)]
)
def test_words_that_do_not_match_or_are_unsure_ask_again_and_stay(words, confidence):
    turn = go(MAIN, Speech(words, confidence))
    listening(turn, MAIN, "123459")
    assert turn.lines[1:] == go(MAIN, Arrive()).lines


# --- choosing a language ---------------------------------------------------------------


def test_9_offers_each_language_of_the_line_on_its_own_key():
    turn = go(MAIN, Key("9"))
    listening(turn, MAIN.down("languages"), "123")
    assert [s.lang for s in turn.lines[:3]] == list(MENUS.line.voices) == ["en-GB", "pl-PL", "ro-RO"]


def test_a_complete_language_carries_on_wholly_in_it():
    turn = go(MAIN.down("languages"), Key("2"))
    listening(turn, MAIN, "123459")
    assert turn.lang == "pl-PL" and {s.lang for s in turn.lines} == {"pl-PL"}
    again = go(MAIN, Key("1"), lang="pl-PL")
    assert again.lang == "pl-PL" and {s.lang for s in again.lines} == {"pl-PL"}


def test_a_partial_language_falls_back_to_english_sentence_by_sentence():
    turn = go(MAIN.down("languages"), Key("3"))
    listening(turn, MAIN, "123459")
    assert turn.lang == "ro-RO" and {s.lang for s in turn.lines} == {"ro-RO", "en-GB"}


def test_a_tampered_place_is_refused():
    for text in ("menu:services", "menu:main/service:ghost", "menu:main/tip:99", "menu:main/open:ghost", "", "x" * 500):
        assert Place.decode(text, MENUS) is None
    assert Place.decode(WEEKDAY.encode(), MENUS) == WEEKDAY
