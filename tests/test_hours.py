"""Opening hours over a whole year, checked against a plain reading of the weekly hours."""

from __future__ import annotations

import datetime as dt

import pytest

from ivr.hours import LONDON, interval_from_text, is_bank_holiday, status
from ivr.model import Service, WeeklyHours

UTC = dt.UTC
YEAR_START = dt.datetime(2026, 1, 1, tzinfo=UTC)


def naive_open(svc: Service, now: dt.datetime) -> bool:
    """The obvious reading: today's intervals in London wall-clock time (no overnight ones)."""
    local = now.astimezone(LONDON)
    if svc.hours.always:
        return True
    if svc.bank_holidays == "closed" and is_bank_holiday(local.date(), svc.region):
        return False
    t = local.time().replace(tzinfo=None)
    return any(iv.opens <= t and (iv.overnight or t < iv.closes) for iv in svc.hours.days[local.weekday()])


def moments(step_minutes: int = 97):
    """Every 97 minutes through 2026: every hour and minute of the day comes round."""
    t = YEAR_START
    end = YEAR_START.replace(year=2027)
    while t < end:
        yield t
        t += dt.timedelta(minutes=step_minutes)


@pytest.mark.parametrize("sid", ["weekday", "split", "unsure", "short", "anytime"])
def test_open_or_closed_all_year_matches_the_weekly_hours(menus, sid):
    svc = menus.services[sid]
    for now in moments():
        assert status(svc, now).open == naive_open(svc, now), now.astimezone(LONDON)


@pytest.mark.parametrize("sid", ["weekday", "split", "unsure"])
def test_until_and_next_opening_are_the_real_edges_all_year(menus, sid):
    svc = menus.services[sid]
    minute = dt.timedelta(minutes=1)
    for now in moments(step_minutes=6 * 60 + 7):
        st = status(svc, now)
        if st.open:
            assert st.until is not None
            assert status(svc, st.until - minute).open and not status(svc, st.until).open
        else:
            assert st.next_open is not None and st.next_open > now
            assert status(svc, st.next_open).open and not status(svc, st.next_open - minute).open
            probe = now
            while probe < st.next_open:  # nothing opens in between
                assert not naive_open(svc, probe), probe
                probe += dt.timedelta(minutes=30)


def test_bst_0945_is_0845_utc(menus):
    split = menus.services["split"]  # opens 09:30 UK time on Thursdays
    assert status(split, dt.datetime(2026, 7, 2, 8, 45, tzinfo=UTC)).open
    assert not status(split, dt.datetime(2026, 7, 2, 8, 15, tzinfo=UTC)).open
    assert status(split, dt.datetime(2026, 12, 3, 9, 45, tzinfo=UTC)).open
    assert not status(split, dt.datetime(2026, 12, 3, 9, 15, tzinfo=UTC)).open


def test_boxing_day_is_observed_on_monday_28_december_2026(menus):
    weekday = menus.services["weekday"]  # weekdays 9-5, closed on bank holidays
    st = status(weekday, dt.datetime(2026, 12, 28, 10, tzinfo=UTC))
    assert not st.open and st.bank_holiday_today
    assert st.next_open == dt.datetime(2026, 12, 29, 9, tzinfo=LONDON)
    # Christmas Eve (a Thursday) is an ordinary day; the next opening skips Christmas and Boxing Day.
    st = status(weekday, dt.datetime(2026, 12, 24, 18, tzinfo=UTC))
    assert st.next_open == dt.datetime(2026, 12, 29, 9, tzinfo=LONDON)


def test_unknown_bank_holiday_hours_are_the_usual_hours(menus):
    assert status(menus.services["unsure"], dt.datetime(2026, 12, 28, 10, tzinfo=UTC)).open


def _service(hours: WeeklyHours, region: str = "ENG", bank: str = "closed") -> Service:
    return Service(
        id="x",
        name="X",
        about="",
        number="0800 000 000",
        e164=None,
        hours=hours,
        bank_holidays=bank,
        region=region,
        needs=("x",),
        put_through=False,
        source="test",
        checked=dt.date(2026, 1, 1),
    )


def week(*texts: str, days=range(7)) -> WeeklyHours:
    ivs = tuple(interval_from_text(t) for t in texts)
    return WeeklyHours(days=tuple(ivs if d in days else () for d in range(7)))


def test_interval_past_midnight():
    svc = _service(week("22:00-02:00 next day"), bank="open")
    st = status(svc, dt.datetime(2026, 11, 25, 23, 30, tzinfo=UTC))
    assert st.open and st.until == dt.datetime(2026, 11, 26, 2, tzinfo=LONDON)
    st = status(svc, dt.datetime(2026, 11, 26, 1, 0, tzinfo=UTC))  # opened the day before
    assert st.open
    st = status(svc, dt.datetime(2026, 11, 26, 3, 0, tzinfo=UTC))
    assert not st.open and st.next_open == dt.datetime(2026, 11, 26, 22, tzinfo=LONDON)


def test_consecutive_days_to_midnight_merge_into_one_opening():
    svc = _service(week("09:00-24:00", "00:00-03:00"), bank="open")
    st = status(svc, dt.datetime(2026, 11, 25, 20, tzinfo=UTC))
    assert st.until == dt.datetime(2026, 11, 26, 3, tzinfo=LONDON)


def test_overnight_across_the_spring_gap_and_the_autumn_repeat():
    svc = _service(week("23:00-04:00 next day"), bank="open")
    # 29 March 2026: 01:00 GMT becomes 02:00 BST; the night is an hour shorter.
    st = status(svc, dt.datetime(2026, 3, 28, 23, 30, tzinfo=UTC))
    assert st.open and st.until == dt.datetime(2026, 3, 29, 3, tzinfo=UTC)
    # 25 October 2026: 02:00 BST becomes 01:00 GMT; the night is an hour longer.
    st = status(svc, dt.datetime(2026, 10, 24, 22, 30, tzinfo=UTC))
    assert st.open and st.until == dt.datetime(2026, 10, 25, 4, tzinfo=UTC)


def test_an_opening_inside_the_spring_gap_starts_after_it():
    svc = _service(week("01:30-05:00", days=[6]), bank="open")  # Sundays
    st = status(svc, dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC))
    assert not st.open and st.next_open == dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "region, day, holiday",
    [
        ("SCT", dt.date(2026, 11, 30), True),  # St Andrew's Day
        ("ENG", dt.date(2026, 11, 30), False),
        ("SCT", dt.date(2026, 1, 2), True),
        ("NIR", dt.date(2026, 3, 17), True),  # St Patrick's Day
        ("ENG", dt.date(2026, 4, 6), True),  # Easter Monday: needs the subdivision
        ("SCT", dt.date(2026, 4, 6), False),
        ("ENG", dt.date(2026, 8, 31), True),  # summer bank holiday, England and Wales
        ("SCT", dt.date(2026, 8, 3), True),  # summer bank holiday, Scotland
    ],
)
def test_bank_holidays_by_region(region, day, holiday):
    assert is_bank_holiday(day, region) is holiday
    svc = _service(week("09:00-17:00", days=range(5)), region=region)
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=LONDON)
    if day.weekday() < 5:
        assert status(svc, noon).open is (not holiday)


def test_round_the_clock_is_open_every_minute_of_the_clock_changes(menus):
    sam = menus.services["short"]
    for start in (dt.datetime(2026, 3, 29, 0, tzinfo=UTC), dt.datetime(2026, 10, 25, 0, tzinfo=UTC)):
        for m in range(0, 180, 5):
            st = status(sam, start + dt.timedelta(minutes=m))
            assert st.open and st.until is None


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        status(_service(WeeklyHours.around_the_clock()), dt.datetime(2026, 1, 1))


@pytest.mark.parametrize(
    "text, words",
    [
        ("25:00-26:00", "not a time of day"),
        ("09:30-07:00", "Did you mean 17:00 or 19:00?"),
        ("09:30-07:00", "next day"),
        ("9am-5pm", "not a time of day"),
        ("09:00", "an opening and a closing time"),
        ("10:00-12:00 next day", "remove “next day”"),
    ],
)
def test_bad_intervals_say_what_is_wrong(text, words):
    with pytest.raises(ValueError, match=words):
        interval_from_text(text)


def test_good_intervals():
    assert interval_from_text("09:00-24:00").overnight
    assert interval_from_text("22:00-02:00 next day").overnight
    iv = interval_from_text("09:30–16:00")  # an en dash, as word processors write it
    assert (iv.opens, iv.closes, iv.overnight) == (dt.time(9, 30), dt.time(16), False)
