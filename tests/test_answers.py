"""Answers worked out once a minute (ivr.answers) are never served across a version of the
menus, a minute of the clock, or what a call can do (texting offered or not, "free" or not).

Each boundary is crossed both ways within one app, so an answer kept from the first request
would be heard in the second.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ivr import create_app
from ivr.answers import Answers, minute
from ivr.hours import parse_now
from ivr.settings import Settings
from ivr.testing import AUTH_TOKEN, FakeTwilio
from ivr.texting import Texter

from .conftest import LOCALES, MENUS, make_app
from .test_reload import Clock, app_on, copy_menus, edit
from .test_texting import ACCOUNT, MOBILE, FakeHttp

WEDNESDAY = "2026-11-25T{}+00:00"  # London is on GMT: its minutes are UTC's
FREE_LINE = "+448081570001"  # an 0808 number: "this call is free" is said only on such a number
PAID_LINE = "+441632960001"


# --- the table itself -----------------------------------------------------------------


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"answer {self.calls}"


def test_the_same_question_in_the_same_minute_is_worked_out_once():
    answers, work, version = Answers[str](), Counter(), object()
    first = answers.answer(version, parse_now(WEDNESDAY.format("10:00:00")), "q", work)
    again = answers.answer(version, parse_now(WEDNESDAY.format("10:00:59.999")), "q", work)
    assert first == again == "answer 1" and work.calls == 1


def test_a_new_minute_a_new_version_or_another_question_is_worked_out_again():
    answers, work = Answers[str](), Counter()
    v1, v2 = object(), object()
    t = parse_now(WEDNESDAY.format("10:00:59"))
    assert answers.answer(v1, t, "q", work) == "answer 1"
    assert answers.answer(v1, t + dt.timedelta(seconds=1), "q", work) == "answer 2"  # 10:01:00
    assert answers.answer(v2, t + dt.timedelta(seconds=1), "q", work) == "answer 3"
    assert answers.answer(v2, t + dt.timedelta(seconds=1), "other", work) == "answer 4"
    # Back to the first version (a request still in flight): never an answer kept for another.
    assert answers.answer(v1, t + dt.timedelta(seconds=1), "q", work) == "answer 5"


def test_versions_are_told_apart_by_identity_even_when_equal():
    answers, work = Answers[str](), Counter()
    t = parse_now(WEDNESDAY.format("10:00:00"))
    assert answers.answer((1,), t, "q", work) == "answer 1"
    assert answers.answer(tuple([1]), t, "q", work) == "answer 2"  # equal, but another object


def test_minutes_are_the_clocks_in_any_time_zone():
    london = parse_now("2026-07-01T10:00:30+01:00")
    assert minute(london) == dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)


def test_the_table_is_bounded_and_keeps_nothing_when_working_out_fails():
    answers, work, version = Answers[str](size=2), Counter(), object()
    t = parse_now(WEDNESDAY.format("10:00:00"))
    for q in ("a", "b", "c"):
        answers.answer(version, t, q, work)
    assert answers.answer(version, t, "c", work) == "answer 4"  # the third was not kept

    def broken() -> str:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        answers.answer(version, t, "d", broken)
    assert answers.answer(version, t, "d", work) == "answer 5"


# --- through the phone's webhook ------------------------------------------------------


def set_clock(app, when: str) -> None:
    ivr = app.extensions["ivr"]
    ivr["settings"] = dataclasses.replace(ivr["settings"], now=parse_now(when))


def open_now(app) -> str:
    return FakeTwilio(app.test_client()).keys("5").text


def test_an_answer_is_not_served_into_the_next_minute():
    """The Weekday Helpline closes at 5 pm: "open now" at 16:59:59 lists it, at 17:00:00 not."""
    app = make_app(WEDNESDAY.format("16:59:00"))
    assert "Weekday Helpline" in open_now(app)
    set_clock(app, WEDNESDAY.format("16:59:59"))
    assert "Weekday Helpline" in open_now(app)
    set_clock(app, WEDNESDAY.format("17:00:00"))
    assert "Weekday Helpline" not in open_now(app)
    set_clock(app, WEDNESDAY.format("08:59:59"))  # and the clock may go back (IVR_NOW changed)
    assert "Weekday Helpline" not in open_now(app)
    set_clock(app, WEDNESDAY.format("09:00:00"))
    assert "Weekday Helpline" in open_now(app)


def test_an_answer_is_not_served_from_another_version(tmp_path):
    folder = copy_menus(tmp_path)
    clock = Clock()
    app = app_on(folder, tmp_path / "locales", clock)  # its own clock is frozen: the same minute
    assert FakeTwilio(app.test_client()).start().text.startswith("Fixture Line.")
    edit(folder, "line.yaml", "name: Fixture Line", "name: Safe Haven Line")
    clock.t += 2.0
    assert FakeTwilio(app.test_client()).start().text.startswith("Safe Haven Line.")


@pytest.mark.parametrize("order", [(FREE_LINE, PAID_LINE), (PAID_LINE, FREE_LINE)])
def test_free_is_said_only_on_a_free_number_whichever_is_called_first(order):
    app = make_app(WEDNESDAY.format("10:00:00"))
    heard = {to: FakeTwilio(app.test_client(), to=to).start() for to in order}
    assert "free" in heard[FREE_LINE].text and "free" not in heard[PAID_LINE].text
    # Each is put through from the number it called (the caller ID is part of the answer too).
    for to in order:
        dial = FakeTwilio(app.test_client(), to=to).keys("1", "1").first("Dial")
        assert dial is not None and dial.get("callerId") == to


def texting_app(http: FakeHttp):
    """The fixture line with texting set up (texts go to ``http``), on Wednesday at 10:00."""
    now = parse_now(WEDNESDAY.format("10:00:00"))
    settings = Settings(auth_token=AUTH_TOKEN, account_sid=ACCOUNT, menus_dir=MENUS, locales_dir=LOCALES, now=now)
    return create_app(settings, texter=Texter(ACCOUNT, AUTH_TOKEN, http_client=http))


@pytest.mark.parametrize("order", [(MOBILE, "anonymous"), ("anonymous", MOBILE)])
def test_texting_is_offered_only_where_it_can_be_whoever_calls_first(order):
    app = texting_app(FakeHttp("ok"))
    heard = {caller: FakeTwilio(app.test_client(), caller=caller).keys("1", "5", "1").text for caller in order}
    assert "text message" in heard[MOBILE] and "text message" not in heard["anonymous"]


def test_no_text_offered_once_a_call_has_sent_its_three():
    """Texts left in a call are a capability too: the third text sent ends the offer in that call
    only, while a new call in the same minute is offered texting again."""
    http = FakeHttp("ok")
    app = texting_app(http)
    call = FakeTwilio(app.test_client(), caller=MOBILE)
    offer = "by text message, press 3"
    call.keys("1", "5", "1")
    assert offer in call.press("0").text  # "hear this again", with three texts left
    for _ in range(3):
        ans = call.press("3")
    assert len(http.requests) == 3 and offer not in ans.text
    assert offer not in call.press("0").text  # the same question, but none left
    fresh = FakeTwilio(app.test_client(), caller=MOBILE, call_sid="CA" + "2" * 32)
    fresh.keys("1", "5", "1")
    assert offer in fresh.press("0").text


def test_what_a_caller_said_is_never_kept():
    """Speech may hold a number said aloud: it is worked out each time and never put in the table."""
    app = make_app(WEDNESDAY.format("10:00:00"))
    fake = FakeTwilio(app.test_client())
    fake.start()
    fake.say("call me on 07700 900123")
    kept = app.extensions["ivr"]["answers"]._table
    assert kept is not None and not any("07700" in repr(question) for question in kept[2])


# --- the counts kept with an answer ------------------------------------------------------


def counts_of(app) -> dict[tuple[str, str], int]:
    """What the app's tally holds, not yet written: (event, detail) -> n."""
    out: dict[tuple[str, str], int] = {}
    for (_day, _hour, event, detail), n in app.extensions["ivr"]["tally"]._pending.items():
        out[(event, detail)] = out.get((event, detail), 0) + n
    return out


def test_an_answer_kept_for_the_minute_is_counted_for_every_caller_who_hears_it():
    app = make_app(WEDNESDAY.format("10:00:00"))
    for sid in ("CA" + "1" * 32, "CA" + "2" * 32):
        FakeTwilio(app.test_client(), call_sid=sid).keys("1", "1")  # the Weekday Helpline, put through
    counted = counts_of(app)
    assert counted[("call", "answered")] == 2 and counted[("menu", "services")] == 2
    assert counted[("service", "weekday:open")] == 2 and counted[("connect", "weekday")] == 2


def test_the_same_put_through_ending_in_the_same_minute_counts_each_calls_own_duration():
    """A put-through's end is the same question whatever it lasted, but its count bands the
    duration: the counts kept with that answer must not be the first call's."""
    app = make_app(WEDNESDAY.format("10:00:00"))
    for sid, seconds in (("CA" + "1" * 32, "0"), ("CA" + "2" * 32, "125")):
        call = FakeTwilio(app.test_client(), call_sid=sid)
        call.keys("1", "1")
        call.dial_ends("busy", seconds)
    counted = counts_of(app)
    assert counted[("dial", "weekday:busy:0s")] == 1 and counted[("dial", "weekday:busy:1-5m")] == 1


def test_a_service_is_counted_open_or_closed_as_it_was_in_that_minute():
    """The Weekday Helpline closes at 5 pm: its page reached at 16:59:59 is demand while open,
    at 17:00:00 demand while closed, although the same key was pressed."""
    app = make_app(WEDNESDAY.format("16:59:59"))
    FakeTwilio(app.test_client()).keys("1", "5", "1")  # their pages, the Weekday Helpline's
    set_clock(app, WEDNESDAY.format("17:00:00"))
    FakeTwilio(app.test_client()).keys("1", "5", "1")
    counted = counts_of(app)
    assert counted[("service", "weekday:open")] == 1 and counted[("service", "weekday:closed")] == 1
