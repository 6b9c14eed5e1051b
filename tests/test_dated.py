"""Dated exceptions and notices at their edges, on a fixture line made for them
(``tests/fixtures/calendar``): the day before, the first and last minute, across midnight,
across both clock changes, on a bank holiday, over new year; and every face agrees."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from ivr import demo, flow, graph
from ivr.card import card
from ivr.extract import extract_yaml
from ivr.hours import LONDON, interval_from_text, parse_now, status
from ivr.i18n import Catalogs
from ivr.menus import iter_sentences, load
from ivr.model import DatedHours, Service, WeeklyHours
from ivr.simulate import Simulation, scripted
from ivr.testing import FakeTwilio
from ivr.timetable import table
from ivr.web.cards import render

from .conftest import make_app

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "calendar"
MENUS, LOCALES = FIXTURE / "menus", FIXTURE / "locales"
MINUTE = dt.timedelta(minutes=1)
UTC = dt.UTC
CHRISTMAS = "Over Christmas, some services keep shorter hours."
NEW_NUMBER = "From 1 March, this line has a new number."
TRAINING = "This Thursday the Weekday Helpline is closed for training."


@pytest.fixture(scope="module")
def line():
    return load(MENUS)


@pytest.fixture(scope="module")
def catalogs():
    return Catalogs(LOCALES)


def at(text: str) -> dt.datetime:
    return parse_now(text)


def london(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


def is_open(svc: Service, when: str) -> bool:
    return status(svc, at(when)).open


# --- closures and special hours --------------------------------------------------


def test_a_closed_day_from_the_day_before_to_the_day_after(line):
    weekday = line.services["weekday"]  # Mon-Fri 09:00-17:00; closed on Thursday 2026-12-03
    st = status(weekday, at("2026-12-02T16:59"))
    assert st.open and st.until == london("2026-12-02T17:00")
    st = status(weekday, at("2026-12-02T17:00"))
    assert not st.open and st.next_open == london("2026-12-04T09:00")  # "open again" skips the closure
    for minute in ("2026-12-03T00:00", "2026-12-03T09:00", "2026-12-03T12:00", "2026-12-03T23:59"):
        st = status(weekday, at(minute))
        assert not st.open and st.next_open == london("2026-12-04T09:00"), minute
        assert not st.bank_holiday_today
    assert is_open(weekday, "2026-12-04T09:00")


def test_special_hours_at_their_first_and_last_minute(line):
    weekday = line.services["weekday"]  # 2026-12-24: 09:00-12:00
    assert not is_open(weekday, "2026-12-24T08:59")
    st = status(weekday, at("2026-12-24T09:00"))
    assert st.open and st.until == london("2026-12-24T12:00")  # not the weekly 17:00
    assert is_open(weekday, "2026-12-24T11:59")
    st = status(weekday, at("2026-12-24T12:00"))
    # Christmas and Boxing Day (bank holidays), the weekend, then the bank holiday it opens on.
    assert not st.open and st.next_open == london("2026-12-28T10:00")


def test_an_exception_on_a_bank_holiday_wins_over_the_bank_holiday(line):
    weekday = line.services["weekday"]  # closed on bank holidays; 2026-12-28 (Boxing Day observed): 10:00-14:00
    st = status(weekday, at("2026-12-28T09:30"))
    assert not st.open and not st.bank_holiday_today and st.next_open == london("2026-12-28T10:00")
    assert is_open(weekday, "2026-12-28T10:00") and is_open(weekday, "2026-12-28T13:59")
    assert not is_open(weekday, "2026-12-28T14:00")
    # On Christmas Day, with no exception, the bank holiday still closes it.
    assert status(weekday, at("2026-12-25T10:00")).bank_holiday_today
    # A service whose bank-holiday hours are unknown: the exception says them, so no "may differ".
    unknown = replace(weekday, bank_holidays="unknown")
    assert not status(unknown, at("2026-12-28T11:00")).hours_may_differ
    assert status(unknown, at("2026-12-25T11:00")).hours_may_differ


def test_a_closure_over_new_year_and_open_again_after_it(line, catalogs):
    weekday = line.services["weekday"]  # 2026-12-30 to 2027-01-04: closed
    st = status(weekday, at("2026-12-29T17:00"))
    assert not st.open and st.next_open == london("2027-01-05T09:00")
    for minute in ("2026-12-30T00:00", "2026-12-31T12:00", "2027-01-01T10:00", "2027-01-04T16:59"):
        st = status(weekday, at(minute))
        assert not st.open and st.next_open == london("2027-01-05T09:00"), minute
    assert not status(weekday, at("2027-01-01T10:00")).bank_holiday_today  # the closure, not the bank holiday, decides
    assert is_open(weekday, "2027-01-05T09:00")
    turn = walk(line, catalogs, "2026-12-29T18:00", "1", "1")
    assert "They are closed now. They open again on Tuesday 5 January at 9 in the morning." in said(turn)


def test_open_now_and_the_alternatives_leave_out_a_closed_service(line, catalogs):
    open_now = said(walk(line, catalogs, "2026-12-03T10:00", "5"))
    assert "Any Time Line" in open_now and "Weekday Helpline" not in open_now
    assert "Weekday Helpline" in said(walk(line, catalogs, "2026-12-02T10:00", "5"))
    page = said(walk(line, catalogs, "2026-12-03T10:00", "1", "1"))
    assert "To be put through now" not in page and "Any Time Line: to be put through, press 4." in page


def test_a_long_closure_still_finds_the_next_opening(line):
    weekday = line.services["weekday"]
    closed = replace(weekday, exceptions=(DatedHours(dt.date(2027, 2, 1), dt.date(2027, 4, 30)),))
    st = status(closed, at("2027-02-01T10:00"))
    assert not st.open and st.next_open == london("2027-05-04T09:00")  # after the May bank holiday Monday


def test_special_hours_across_midnight(line):
    night = line.services["night"]  # every day 22:00-02:00 next day; 2026-12-31: 20:00-04:00 next day
    st = status(night, at("2026-12-30T23:00"))
    assert st.open and st.until == london("2026-12-31T02:00")  # the night before ends as it always does
    st = status(night, at("2026-12-31T19:59"))
    assert not st.open and st.next_open == london("2026-12-31T20:00")
    st = status(night, at("2026-12-31T20:00"))
    assert st.open and st.until == london("2027-01-01T04:00")
    assert is_open(night, "2027-01-01T03:59")
    st = status(night, at("2027-01-01T04:00"))
    assert not st.open and st.next_open == london("2027-01-01T22:00")


def test_a_closed_day_cancels_the_night_that_starts_on_it(line):
    night = line.services["night"]  # 2027-02-14: closed
    st = status(night, at("2027-02-14T01:00"))
    assert st.open and st.until == london("2027-02-14T02:00")  # the night that started on the 13th
    st = status(night, at("2027-02-14T22:00"))
    assert not st.open and st.next_open == london("2027-02-15T22:00")


def weekly_twin(svc: Service, exception: DatedHours) -> Service:
    """The same service with the exception's openings as its weekly hours on that weekday."""
    days = [()] * 7
    days[exception.first.weekday()] = exception.openings
    return replace(svc, hours=WeeklyHours(days=tuple(days)), exceptions=())


@pytest.mark.parametrize("day", [dt.date(2027, 3, 28), dt.date(2026, 10, 25)], ids=["spring", "autumn"])
def test_an_exception_on_a_clock_change_night_behaves_as_the_weekly_hours_do(line, day):
    night = line.services["night"]
    exception = night.exception_on(day)
    assert exception is not None and exception.openings
    alone = replace(night, exceptions=(exception,), hours=WeeklyHours(days=((),) * 7))
    twin = weekly_twin(night, exception)
    t = dt.datetime.combine(day, dt.time(0), tzinfo=UTC) - dt.timedelta(hours=2)
    while t < dt.datetime.combine(day, dt.time(5), tzinfo=UTC):
        a, b = status(alone, t), status(twin, t)
        same_day = b.next_open is not None and b.next_open.astimezone(LONDON).date() == day
        assert (a.open, a.until, a.next_open) == (b.open, b.until, b.next_open if same_day else None), t
        t += MINUTE


def test_the_spring_gap_opens_when_the_clocks_jump(line):
    night = line.services["night"]  # 2027-03-28: 00:30-03:00; clocks go from 01:00 GMT to 02:00 BST
    assert is_open(night, "2027-03-28T00:30+00:00")
    st = status(night, at("2027-03-28T00:45+00:00"))
    assert st.until == dt.datetime(2027, 3, 28, 2, tzinfo=UTC)  # 03:00 BST: 90 real minutes
    assert not is_open(night, "2027-03-28T02:00+00:00")


def test_a_day_and_night_service_closed_for_a_day(line):
    anytime = line.services["anytime"]  # always; 2026-12-25: closed
    st = status(anytime, at("2026-12-20T10:00"))
    assert st.open and st.until == london("2026-12-25T00:00")  # no longer "day and night"
    st = status(anytime, at("2026-12-25T12:00"))
    assert not st.open and st.next_open == london("2026-12-26T00:00")
    assert status(anytime, at("2026-12-26T10:00")) == status(replace(anytime, exceptions=()), at("2026-12-26T10:00"))


def test_midnight_is_said_as_the_end_of_the_day_before_never_a_day_late(line, catalogs):
    # Open: the list puts callers through, so its pages key (4) leads to the page.
    page = said(walk(line, catalogs, "2026-12-24T22:00", "1", "4", "3"))  # closes at 00:00 on the 25th
    assert "They are open now until 12 midnight." in page
    page = said(walk(line, catalogs, "2026-12-21T10:00", "1", "4", "3"))
    assert "They are open now until Thursday at 12 midnight." in page
    page = said(walk(line, catalogs, "2026-12-25T10:00", "1", "3"))  # opens at 00:00 on the 26th
    assert "They open again today at 12 midnight." in page


@pytest.mark.parametrize("sid", ["weekday", "night", "anytime"])
def test_until_and_next_opening_are_the_real_edges_through_the_exceptions(line, sid):
    svc = line.services[sid]
    t, end = at("2026-11-30T00:00"), at("2027-01-10T00:00")
    while t < end:
        st = status(svc, t)
        if st.open and st.until is not None:
            assert status(svc, st.until - MINUTE).open and not status(svc, st.until).open, t
        elif not st.open:
            assert st.next_open is not None and st.next_open > t
            assert status(svc, st.next_open).open and not status(svc, st.next_open - MINUTE).open, t
        t += dt.timedelta(minutes=173)


def test_exception_openings_are_read_like_weekly_ones(line):
    weekday = line.services["weekday"]
    assert weekday.exception_on(dt.date(2026, 12, 24)).openings == (interval_from_text("09:00-12:00"),)
    assert weekday.exception_on(dt.date(2026, 12, 3)).closed
    assert weekday.exception_on(dt.date(2026, 12, 3)).reason == "staff training"
    assert weekday.exception_on(dt.date(2026, 12, 2)) is None


# --- notices ---------------------------------------------------------------------


def walk(line, catalogs, when: str, *keys: str, lang: str = "en-GB") -> flow.Turn:
    turn = flow.step(line, catalogs, None, flow.Arrive(), at(when), lang)
    for key in keys:
        turn = flow.step(line, catalogs, turn.next.place, flow.Key(key), at(when), lang)
    return turn


def said(turn: flow.Turn) -> str:
    return " ".join(s.text for s in turn.lines)


@pytest.mark.parametrize(
    "when, heard",
    [
        ("2026-12-19T23:59", False),
        ("2026-12-20T00:00", True),
        ("2027-01-03T23:59", True),
        ("2027-01-04T00:00", False),
    ],
)
def test_a_line_notice_is_said_right_after_the_999_advice_from_its_first_to_its_last_day(line, catalogs, when, heard):
    lines = [s.text for s in walk(line, catalogs, when).lines]
    assert (CHRISTMAS in lines) is heard
    if heard:
        assert "If you can't speak" in lines[lines.index(CHRISTMAS) - 1]


@pytest.mark.parametrize(
    "when, heard",
    [
        ("2027-02-15T08:59", False),
        ("2027-02-15T09:00", True),
        ("2027-03-01T16:59", True),
        ("2027-03-01T17:00", False),
    ],
)
def test_a_notice_with_times_starts_and_ends_at_the_minute(line, catalogs, when, heard):
    assert (NEW_NUMBER in said(walk(line, catalogs, when))) is heard


def test_a_service_notice_is_said_on_its_page_only(line, catalogs):
    # Through the services' pages (key 4): from the list, an open service is put straight through.
    page = said(walk(line, catalogs, "2026-12-02T10:00", "1", "4", "1"))
    assert TRAINING in page
    assert page.index("open now") < page.index(TRAINING) < page.index("To hear their number")
    assert TRAINING not in said(walk(line, catalogs, "2026-12-02T10:00"))
    assert TRAINING not in said(walk(line, catalogs, "2026-12-02T10:00", "1", "4", "2"))
    assert TRAINING not in said(walk(line, catalogs, "2026-12-04T00:00", "1", "4", "1"))  # over by itself


def test_a_notice_in_every_language_english_where_untranslated(line, catalogs):
    polish = walk(line, catalogs, "2026-12-21T10:00", lang="pl-PL").lines
    assert any(s.lang == "pl-PL" and s.text.startswith("W okresie świątecznym") for s in polish)
    romanian = walk(line, catalogs, "2026-12-21T10:00", lang="ro-RO").lines  # no catalogue
    assert any(s.lang == "en-GB" and s.text == CHRISTMAS for s in romanian)


def test_the_phone_says_the_notice_in_the_callers_voice(catalogs):
    client = make_app("2026-12-21T10:00", menus_dir=MENUS, locales_dir=LOCALES).test_client()
    english = FakeTwilio(client).start()
    assert CHRISTMAS in english.text
    polish = FakeTwilio(client, to="+448081570124").start()
    say = next(s for s in polish.says if "W okresie świątecznym" in (s.text or ""))
    assert say.get("language") == "pl-PL" and say.get("voice") == "Polly.Ewa"


# --- every face ------------------------------------------------------------------


def test_the_demo_follows_its_clock(line, catalogs):
    real_now = at("2026-11-29T12:00")

    def heard(now: str, *keys: str) -> str:
        out = demo.run(line, catalogs, {"event": "start", "now": now}, real_now)
        for key in keys:
            out = demo.run(
                line, catalogs, {"event": "key", "digits": key, "at": out["next"]["at"], "now": now}, real_now
            )
        return " ".join(x["text"] for x in out["lines"])

    assert CHRISTMAS in heard("2026-12-21T10:00") and CHRISTMAS not in heard("now")
    # "4": the services' pages (an open service is put straight through from the list).
    assert "They open again on Tuesday at 9 in the morning." in heard("2026-12-31T10:00", "1", "4", "1")
    assert "They open again on Tuesday 5 January" in heard("2026-12-29T18:00", "1", "4", "1")
    assert "They are open now until 12 noon." in heard("2026-12-24T10:00", "1", "4", "1")


def test_the_demo_page_sends_its_clock_through(catalogs):
    client = make_app(None, menus_dir=MENUS, locales_dir=LOCALES).test_client()

    def start(now: str) -> str:
        resp = client.post("/demo/step", json={"event": "start", "now": now, "lang": "en-GB"})
        assert resp.status_code == 200, resp.json
        return " ".join(x["text"] for x in resp.json["lines"])

    assert CHRISTMAS in start("2026-12-20T00:00") and CHRISTMAS not in start("2026-12-19T23:59")
    assert NEW_NUMBER in start("2027-02-15T09:00") and NEW_NUMBER not in start("2027-03-01T17:00")


def test_simulate_says_the_notice_and_the_closure(line, catalogs):
    out: list[str] = []
    scripted(Simulation(line, catalogs, at("2026-12-03T10:00"), "en-GB", out=out.append), ["1", "1"])
    assert f"LINE: {TRAINING}" in out
    assert "LINE: They are closed now." in out and "LINE: They open again tomorrow at 9 in the morning." in out


def test_a_notice_is_never_printed_on_a_card(line, catalogs):
    for lang in line.line.voices:
        c = card(line, catalogs, lang)
        printed = " ".join([c.welcome.text, *(d.text for d in c.danger), *(k.text for k in c.keys)])
        page = render(line, catalogs, lang)
        for notice in (CHRISTMAS, NEW_NUMBER, TRAINING, "W okresie świątecznym"):
            assert notice not in printed and notice not in page


def test_ivr_hours_marks_exceptions_and_lists_them_with_notices(line):
    text = table(line, at("2026-12-21T09:00"), days=16)
    rows = {
        r.split("  ")[0]: r for r in text.splitlines() if r[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    }
    assert "09:00-12:00 (X)" in rows["Thu 24 Dec"]
    assert "10:00-14:00 (X)" in rows["Mon 28 Dec"] and "Boxing Day" in rows["Mon 28 Dec"]
    assert "closed (X)" in rows["Fri 01 Jan"] and "closed (BH)" not in rows["Fri 01 Jan"]
    assert "closed (BH)" in rows["Fri 25 Dec"]
    assert "weekday, 2026-12-30 to 2027-01-04: closed" in text
    assert "weekday, 2026-12-24: 09:00-12:00 (Christmas Eve)" in text
    assert f"every call, 2026-12-20 to 2027-01-03: {CHRISTMAS}" in text
    assert "2026-12-03" not in text  # before these days


def test_ivr_graph_shows_exceptions_and_notices(line):
    text = graph.mermaid(line)
    assert "2026-12-30 to 2027-01-04: closed" in text and "2026-12-03: closed (staff training)" in text
    assert "notice 2027-02-15 09:00 to 2027-03-01 17:00: From 1 March" in text
    assert "notice 2026-12-01 to 2026-12-03: This Thursday" in text


def test_notices_are_extracted_for_the_catalogues_with_their_lines(line):
    extracted = []
    for name in ("line.yaml", "services.yaml"):
        with (MENUS / name).open("rb") as f:
            extracted += [(name, n, text, comments) for n, _, text, comments in extract_yaml(f, {}, [], {})]
    texts = {text for _, _, text, _ in extracted}
    assert {CHRISTMAS, NEW_NUMBER, TRAINING} <= texts
    assert {CHRISTMAS, NEW_NUMBER, TRAINING} <= set(iter_sentences(line))
    for name, n, text, comments in extracted:
        if text in (CHRISTMAS, NEW_NUMBER, TRAINING):
            assert text in (MENUS / name).read_text(encoding="utf-8").splitlines()[n - 1]
            assert "notice" in comments[0]
