"""Whole calls through the webhooks, at the moments that matter, as Twilio plays them.

On the fixture line (tests/fixture): Weekday Helpline (mon-fri 9-5, closed on bank holidays),
Split Hours Service (Wednesday afternoon, Friday morning), Evening Health Line (weekends too,
bank holidays unknown, not free), Short Number Friends (always, read out only), Anytime Line.
"""

from __future__ import annotations

import re

import pytest

from ivr.testing import LINE, FakeTwilio

from .conftest import edited_menus, make_app

WINTER_WEEKDAY_MORNING = "2026-11-25T10:00:00+00:00"  # Wednesday
FRIDAY_AFTERNOON = "2026-11-27T15:00:00+00:00"
WEDNESDAY_MORNING = "2026-11-25T10:30:00+00:00"
SATURDAY = "2026-11-28T12:00:00+00:00"
NIGHT = "2026-11-26T02:00:00+00:00"
BOXING_DAY_SUBSTITUTE = "2026-12-28T10:00:00+00:00"  # Monday, Boxing Day observed
BST_MORNING = "2026-07-02T08:45:00+00:00"  # 09:45 BST, Thursday


def test_welcome_gives_999_and_55_advice_first_then_the_main_menu(call_at):
    call = call_at(WINTER_WEEKDAY_MORNING)
    ans = call.start()
    assert ans.status == 200
    text = ans.text
    assert text.startswith("Fixture Line.")
    # The 999 advice right after the name, before any key; 55 only as a mobile's answer to a recording.
    assert text.index("dial 999") < text.index("press 1") and text.index("dial 999") < 50
    assert "stay on the line" in text and "cough or tap" in text
    assert re.search(r"On a mobile, press 55 when a recording asks", text)
    assert "hang up" in text.split("999")[0]
    for key, words in [
        ("1", "fixture service"),
        ("2", "fixture tips"),
        ("3", "report"),
        ("4", "forcing"),
        ("5", "open now"),
        ("0", "again"),
    ]:
        assert re.search(f"{words}[^.]*press {key}", text, re.I), (key, text)
    assert "For other languages, press 9." in text
    # What the call is comes after the options; "free" only when the number called is 0800/0808.
    assert "confidential and not recorded" in text and "free" not in text
    gather = ans.first("Gather")
    assert gather.get("numDigits") == "1" and gather.get("input") == "dtmf speech"
    assert gather.get("finishOnKey") == ""  # "#" reaches the line like any key
    assert gather.get("language") == "en-GB" and "safety tips" in gather.get("hints")
    assert ans.first("Redirect") is not None  # silence never ends the call mute


def test_support_services_menu_lists_every_service_and_a_key_to_their_pages(call_at):
    call = call_at(WINTER_WEEKDAY_MORNING)
    ans = call.keys("1")
    names = ["Weekday Helpline", "Split Hours Service", "Evening Health Line", "Short Number Friends"]
    for key, name in enumerate(names, start=1):
        assert f"{name}: press {key}." in ans.text
    # Names only, so each takes a second or two; who they are is on their own pages (key 5).
    assert "Fixture service open on weekdays" not in ans.text
    pages = call.press("5")
    assert all(name in pages.text for name in names)
    assert "Fixture service open on weekdays" in call.press("1").text


def test_an_open_service_is_put_through_straight_from_the_list(call_at):
    call = call_at(WINTER_WEEKDAY_MORNING)
    ans = call.keys("1", "1")
    assert ans.first("Dial").find("Number").text == "+448081570123"


def test_open_service_is_put_through_with_the_lines_number_never_recorded(call_at):
    call = call_at(WINTER_WEEKDAY_MORNING)
    ans = call.keys("1", "5", "1")
    assert "Weekday Helpline" in ans.text and "open now until 5 in the afternoon" in ans.text
    # On the page, the way through comes before who they are.
    assert ans.text.index("To be put through now, press 1") < ans.text.index("Fixture service open on weekdays")
    ans = call.press("1")
    dial = ans.first("Dial")
    assert dial.get("callerId") == LINE
    assert dial.get("record") == "do-not-record"
    assert int(dial.get("timeout")) > 0
    assert dial.find("Number").text == "+448081570123"
    assert dial.get("action")


@pytest.mark.parametrize(
    "status, said",
    [
        ("busy", "is busy"),
        ("no-answer", "No one at Weekday Helpline answered"),
        ("failed", "did not go through"),
        ("canceled", "did not go through"),
    ],
)
def test_put_through_that_fails_reads_the_number_and_offers_what_is_open(call_at, status, said):
    call = call_at(WINTER_WEEKDAY_MORNING)
    call.keys("1", "1")
    ans = call.dial_ends(status)
    assert said in ans.text
    assert "0 8 0 8. 1 5 7. 0 1 2 3" in ans.text
    assert "These services are open now." in ans.text
    assert "Weekday Helpline: to be put through" not in ans.text  # not offered again at once
    assert "Anytime Line: to be put through" in ans.text
    assert ans.first("Gather") is not None


def test_completed_put_through_returns_to_the_main_menu(call_at):
    call = call_at(WINTER_WEEKDAY_MORNING)
    call.keys("1", "1")
    ans = call.dial_ends("completed", "120")
    assert "Your call with Weekday Helpline has ended." in ans.text
    assert "For fixture tips, press 2." in ans.text


def test_friday_afternoon_a_morning_service_is_closed_until_monday_with_open_alternatives(call_at):
    call = call_at(FRIDAY_AFTERNOON)
    ans = call.keys("1", "2")
    assert "They are closed now." in ans.text
    assert "They open again on Monday at 9:30 in the morning." in ans.text
    assert "To be put through now" not in ans.text
    assert "Weekday Helpline: to be put through, press 4." in ans.text
    assert "Short Number Friends: to hear their number, press 5." in ans.text
    assert "Anytime Line: to be put through, press 6." in ans.text
    assert "Evening Health Line" not in ans.text  # open, but for another need
    # 1 does nothing while they are closed; an alternative puts through at once.
    assert "Sorry, that key does nothing here." in call.press("1").text
    dial = call.press("4").first("Dial")
    assert dial.find("Number").text == "+448081570123"


def test_wednesday_morning_a_wednesday_afternoon_service_opens_at_1pm(call_at):
    ans = call_at(WEDNESDAY_MORNING).keys("1", "2")
    assert "They are closed now. They open again today at 1 in the afternoon." in ans.text


def test_saturday_a_weekend_service_is_open_weekday_services_closed(call_at):
    call = call_at(SATURDAY)
    assert "open now until 4 in the afternoon" in call.keys("1", "5", "3").text
    call.press("*")
    assert "They open again on Monday at 9 in the morning." in call.press("1").text


def test_night_open_now_lists_only_round_the_clock_services(call_at):
    ans = call_at(NIGHT).keys("5")
    assert "Short Number Friends: to hear their number, press 1." in ans.text
    assert "Anytime Line: to be put through, press 2." in ans.text
    assert "press 3" not in ans.text
    assert "Weekday Helpline" not in ans.text and "Evening Health Line" not in ans.text


def test_night_a_weekday_service_says_today_or_tomorrow(call_at):
    assert "They open again today at 9 in the morning." in call_at(NIGHT).keys("1", "1").text
    assert "They open again tomorrow at 9 in the morning." in call_at("2026-11-25T22:00:00+00:00").keys("1", "1").text


def test_bank_holiday_substitute_day_boxing_day_observed_on_monday(call_at):
    ans = call_at(BOXING_DAY_SUBSTITUTE).keys("1", "1")
    assert "Today is a bank holiday, and they are closed." in ans.text
    assert "They open again tomorrow at 9 in the morning." in ans.text


def test_british_summer_time_0945_bst_is_0845_utc(call_at):
    ans = call_at(BST_MORNING).keys("1", "5", "2")  # the Split Hours Service opens 09:30 UK time
    assert "They are open now until 3:30 in the afternoon." in ans.text


@pytest.mark.parametrize(
    "when",
    [
        "2026-03-29T00:30:00+00:00",
        "2026-03-29T01:30:00+00:00",
        "2026-10-25T00:30:00+00:00",
        "2026-10-25T01:30:00+00:00",
    ],
)
def test_the_nights_the_clocks_change(call_at, when):
    # Sunday: the Weekday Helpline opens on Monday at 9; round-the-clock services stay open through the change.
    call = call_at(when)
    assert "They open again tomorrow at 9 in the morning." in call.keys("1", "1").text
    call.press("*")
    call.press("*")
    assert "Anytime Line: to be put through" in call.press("5").text


def test_a_short_number_is_read_never_dialled(call_at):
    call = call_at(NIGHT)
    ans = call.keys("1", "4")
    assert "They are open now, day and night." in ans.text
    assert "To be put through" not in ans.text
    # A service the line can only signpost: its number first, twice, digit by digit.
    assert ans.text.startswith("The number for Short Number Friends is 1 1 6. 1 1 7. Again: 1 1 6. 1 1 7.")
    ans = call.press("2")
    assert "1 1 6. 1 1 7. Again: 1 1 6. 1 1 7." in ans.text
    assert ans.first("Dial") is None


def test_hear_the_number_twice_digit_by_digit(call_at):
    ans = call_at(WINTER_WEEKDAY_MORNING).keys("1", "5", "2", "2")
    assert "Their number is 0 8 0 8. 1 5 7. 0 4 5 6. Again: 0 8 0 8. 1 5 7. 0 4 5 6." in ans.text


def test_safety_tips_one_at_a_time_next_again_back(call_at, menus):
    call = call_at(WINTER_WEEKDAY_MORNING)
    ans = call.press("2")
    assert "First fixture topic" in ans.text and menus.tips[0].text in ans.text
    assert menus.tips[1].text not in ans.text
    assert menus.tips[0].text in call.press("0").text
    heard = [menus.tips[0].text]
    for _ in range(len(menus.tips) - 1):
        heard.append(call.press("1").text)
    assert all(t.text in h for t, h in zip(menus.tips, heard, strict=False))
    assert "That was the last tip" in call.last.text
    assert menus.tips[0].text in call.press("1").text  # round again, no dead end
    assert "For fixture tips, press 2." in call.press("*").text


def test_report_offers_a_round_the_clock_service_and_the_weekday_one(call_at):
    call = call_at(NIGHT)
    ans = call.press("3")
    assert "Fixture report menu." in ans.text and "To report through the Weekday Helpline, press 2." in ans.text
    # Open day and night: one key puts the caller through.
    assert call.press("1").first("Dial").find("Number").text == "+448081570789"
    call.dial_ends("completed")
    call.press("3")
    call.press("3")  # their pages
    assert "Anytime Line" in call.press("1").text and "day and night" in call.last.text


def test_forced_or_controlled(call_at):
    call = call_at(NIGHT)
    ans = call.press("4")
    assert "You are not in trouble" in ans.text
    assert "dial 999" in ans.text
    # One key puts the caller through.
    assert call.press("1").first("Dial").find("Number").text == "+448081570789"


def test_star_goes_back_and_zero_repeats_everywhere(call_at):
    call = call_at(WINTER_WEEKDAY_MORNING)
    services = call.press("1").text
    assert call.press("0").text == services
    call.press("5")  # the services' own pages
    call.press("2")
    call.press("*")
    assert call.press("*").text == services
    assert "For fixture tips, press 2." in call.press("*").text
    assert "For fixture tips, press 2." in call.press("*").text  # back from main stays at main


@pytest.mark.parametrize("keys", ["7", "#", "8", "6"])
def test_a_key_that_does_nothing_says_so_and_repeats_the_menu(call_at, keys):
    ans = call_at(WINTER_WEEKDAY_MORNING).keys(keys)
    assert ans.text.startswith("Sorry, that key does nothing here.")
    assert "For fixture tips, press 2." in ans.text


def test_silence_repeats_once_then_says_goodbye_with_999_and_hangs_up(call_at):
    call = call_at(WINTER_WEEKDAY_MORNING)
    call.press("1")
    again = call.silence()
    assert "Weekday Helpline" in again.text and again.first("Gather") is not None
    bye = call.silence()
    assert "dial 999" in bye.text and "Goodbye" in bye.text
    assert bye.first("Hangup") is not None and bye.first("Gather") is None


def test_a_key_after_one_silence_resets_the_count(call_at):
    call = call_at(WINTER_WEEKDAY_MORNING)
    call.start()
    call.silence()
    call.press("1")
    assert call.silence().first("Gather") is not None


def test_put_through_never_offered_without_the_lines_own_number(call_at):
    call = call_at(WINTER_WEEKDAY_MORNING, to="")
    ans = call.keys("1", "1")
    assert "To be put through" not in ans.text
    assert call.press("1").text.startswith("Sorry, that key does nothing here.")
    assert "Weekday Helpline: to hear their number" in call_at(WINTER_WEEKDAY_MORNING, to="anonymous").keys("5").text


def test_voices_say_999_and_55_digit_by_digit_in_every_language(call_at, menus):
    """ "nine nine nine", never "nine hundred and ninety-nine"; "five five", not "fifty-five"."""
    for key, lang in enumerate(menus.line.voices, start=1):
        call = call_at(WINTER_WEEKDAY_MORNING)
        call.start()
        ans = call.keys("9", str(key))
        welcome = call.history[0]
        for answer in (welcome, ans, call.silence(), call.silence()):
            assert "999" not in answer.spoken and " 55" not in answer.spoken, (lang, answer.spoken)
        assert "9 9 9" in welcome.spoken and "5 5" in welcome.spoken
        assert "9 9 9" in call.last.spoken  # the goodbye repeats the advice, in the caller's language


def test_the_written_number_is_kept_where_people_read_it(app_at):
    from ivr.saying import for_voice

    assert (
        for_voice("dial 999 and press 55 when asked. Open 24 hours; 9:55 in the morning; 0800 555 111.")
        == "dial 9 9 9 and press 5 5 when asked. Open 24 hours; 9:55 in the morning; 0800 555 111."
    )
    page = (
        app_at(WINTER_WEEKDAY_MORNING)
        .test_client()
        .post("/demo/step", json={"event": "start", "lang": "en-GB"})
        .get_json()
    )
    first = next(line for line in page["lines"] if "999" in line["text"])
    assert "dial 999" in first["text"] and "dial 9 9 9" in first["speak"]


def test_after_a_failed_put_through_the_keys_keep_the_numbers_just_said(call_at, menus):
    """The list read after 'busy' leaves the busy service out; every later step must number it alike."""
    call = call_at(WINTER_WEEKDAY_MORNING)
    call.keys("1", "1")
    offered = call.dial_ends("busy").text
    first = re.search(r"(\w[\w ]+): to be put through, press 1\.", offered).group(1)
    assert first != "Weekday Helpline"
    assert call.press("0").text.count("press 1.") == 1 and f"{first}: to be put through, press 1." in call.last.text
    assert call.silence().text.count(f"{first}: to be put through, press 1.") == 1
    ans = call.press("1")
    # Put through to the service just said on key 1 (the busy one is left out).
    said_first = next(s for s in menus.services.values() if s.name == first)
    assert ans.first("Dial").find("Number").text == said_first.e164 != "+448081570123"


def test_bank_holiday_hours_nobody_has_confirmed_are_said_to_be_uncertain(call_at):
    ans = call_at(BOXING_DAY_SUBSTITUTE).keys("1", "5", "3")  # the Evening Health Line's bank-holiday hours are unknown
    assert (
        "They are open now until 8 in the evening. Today is a bank holiday, so their hours may be different."
        in ans.text
    )
    assert "hours may be different" not in call_at(WINTER_WEEKDAY_MORNING).keys("1", "5", "3").text


def test_free_to_call_is_said_only_where_true(call_at, menus, tmp_path):
    from ivr.menus import load

    assert not menus.services["unsure"].free  # 0306 costs a call unless a source says otherwise
    assert menus.services["weekday"].free and menus.services["short"].free  # 0808 and 116
    call = call_at(WINTER_WEEKDAY_MORNING)
    call.keys("1", "5", "3")
    ans = call.press("2")
    assert "free to call" not in ans.text and "It costs the same as an ordinary call." in ans.text
    call.press("*")  # back to the services' pages
    assert "It is free to call." in call.keys("1", "2").text  # the Weekday Helpline, 0808
    said_free = edited_menus(
        tmp_path, "services.yaml", "    bank_holidays: unknown\n", "    bank_holidays: unknown\n    free: true\n"
    )
    assert load(said_free).services["unsure"].free  # a source may say a number is free
    call = FakeTwilio(make_app(WINTER_WEEKDAY_MORNING, menus_dir=said_free).test_client())
    assert "It is free to call." in call.keys("1", "5", "3", "2").text


@pytest.mark.parametrize(
    "to, free", [("+448081570123", True), ("+448001234567", True), ("+441632960001", False), ("+443001234567", False)]
)
def test_this_call_is_free_only_when_the_number_called_is_freephone(call_at, to, free):
    text = call_at(WINTER_WEEKDAY_MORNING, to=to).start().text
    assert ("This call is free" in text) is free
    assert "confidential and not recorded" in text
