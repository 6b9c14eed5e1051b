"""``ivr check`` on dated exceptions and notices: each problem with its file and line, on a
copy of the fixture line of ``tests/fixtures/calendar`` with one edit."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from ivr.menus import parse

from .checking import check, edit, find, line_of
from .test_dated import MENUS

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def folder(tmp_path):
    copy = tmp_path / "menus"
    shutil.copytree(MENUS, copy)
    return copy


def test_the_fixture_line_is_clean_but_for_the_exception_that_is_over(folder):
    report = check(folder, today=TODAY)
    assert report.ok
    assert [(p.line, p.severity) for p in report.problems] == [
        (line_of(folder, "services.yaml", "2026-10-25:"), "warning")
    ]
    find(
        report,
        "services.yaml",
        line_of(folder, "services.yaml", "2026-10-25:"),
        "dated.exception_over",
        severity="warning",
    )


def test_exceptions_and_notices_that_are_over_are_warned_about_once_over(folder):
    report = check(folder, today=dt.date(2027, 1, 4))
    assert report.ok
    find(
        report,
        "services.yaml",
        line_of(folder, "services.yaml", "2026-12-24:"),
        "dated.exception_over",
        severity="warning",
    )
    find(
        report,
        "services.yaml",
        line_of(folder, "services.yaml", "2026-12-01 to 2026-12-03:"),
        "dated.notice_over",
        severity="warning",
    )
    over = {p.line for p in report.problems if p.code in ("dated.exception_over", "dated.notice_over")}
    assert line_of(folder, "services.yaml", "2026-12-30 to 2027-01-04") not in over  # its last day is today
    assert line_of(folder, "line.yaml", "2026-12-20 to 2027-01-03") in {
        p.line for p in report.problems if p.file.endswith("line.yaml")
    }


def test_a_range_that_ends_before_it_starts(folder):
    edit(folder, "services.yaml", "2026-12-30 to 2027-01-04: closed", "2027-01-04 to 2026-12-30: closed")
    report = check(folder, today=TODAY)
    assert not report.ok
    find(report, "services.yaml", line_of(folder, "services.yaml", "2027-01-04 to 2026-12-30"), "exception.invalid")
    assert len(report.errors) == 1  # the schema does not say it again


def test_a_notice_that_ends_before_it_starts(folder):
    edit(folder, "line.yaml", "2027-02-15 09:00 to 2027-03-01 17:00", "2027-03-01 17:00 to 2027-02-15 09:00")
    report = check(folder, today=TODAY)
    find(report, "line.yaml", line_of(folder, "line.yaml", "2027-03-01 17:00 to"), "notice.invalid")


@pytest.mark.parametrize(
    "when", ["2026-12-20", "from 2026-12-20", "2026-12-20 onwards", "2026-12-20 to", "2026-12-20 14:00"]
)
def test_a_notice_with_no_end_date(folder, when):
    edit(folder, "line.yaml", "2026-12-20 to 2027-01-03:", f"{when}:")
    report = check(folder, today=TODAY)
    if when == "2026-12-20":  # a date alone is that one day
        assert report.ok
        return
    assert not report.ok
    find(report, "line.yaml", line_of(folder, "line.yaml", f"{when}:"), "notice.invalid")
    assert len(report.errors) == 1


def test_overlapping_exceptions_that_disagree(folder):
    edit(
        folder,
        "services.yaml",
        "      2026-12-28: 10:00-14:00",
        "      2026-12-27 to 2026-12-31: closed\n      2026-12-28: 10:00-14:00",
    )
    report = check(folder, today=TODAY)
    assert not report.ok
    earlier = line_of(folder, "services.yaml", "2026-12-27 to 2026-12-31")
    p = find(report, "services.yaml", line_of(folder, "services.yaml", "2026-12-28:"), "dated.contradicting")
    assert f"line {earlier}" in p.message
    assert len(report.errors) == 1  # the closure over new year overlaps too, but also says closed


def test_overlapping_exceptions_that_agree_are_fine(folder):
    edit(
        folder,
        "services.yaml",
        "      2026-12-03: closed (staff training)",
        "      2026-12-03: closed (staff training)\n      2026-12-01 to 2026-12-04: closed",
    )
    assert check(folder, today=TODAY).ok


def test_a_notice_too_long_to_say(folder):
    long = (
        "Over Christmas and new year some of the services this line tells you about keep shorter hours than usual, "
        "so check before you call."
    )
    edit(folder, "line.yaml", "Over Christmas, some services keep shorter hours.", long)
    report = check(folder, today=TODAY)
    assert report.ok
    find(report, "line.yaml", line_of(folder, "line.yaml", long[:30]), "dated.long_notice", severity="warning")


@pytest.mark.parametrize(
    "old, new, code",
    [
        ("2026-12-03: closed", "03/12/2026: closed", "exception.invalid"),
        ("2026-12-03: closed", "2026-12-03 - 2026-12-04: closed", "exception.invalid"),
        ("2026-12-24: 09:00-12:00", "2026-12-24: 12:00-09:00", "exception.invalid"),
        ("2026-12-24: 09:00-12:00", "2026-12-24: open", "exception.invalid"),
        ("2026-12-24: 09:00-12:00", "2026-12-24: closed, 09:00-12:00", "exception.invalid"),
        ("2026-12-24: 09:00-12:00 (Christmas Eve)", "2026-12-24: [09:00-12:00, 11:00-13:00]", "exception.overlap"),
        ("2026-12-24: 09:00-12:00 (Christmas Eve)", "2026-12-24:", "shape.empty"),
    ],
)
def test_an_exception_that_cannot_be_read(folder, old, new, code):
    edit(folder, "services.yaml", old, new)
    report = check(folder, today=TODAY)
    assert not report.ok
    find(report, "services.yaml", line_of(folder, "services.yaml", new.split(":")[0] + ":"), code)
    assert len(report.errors) == 1


def test_the_line_refuses_what_the_check_calls_an_error(folder):
    edit(folder, "line.yaml", "2026-12-20 to 2027-01-03:", "from 2026-12-20:")
    menus, problems = parse(folder, today=TODAY)
    assert menus is None and any(p.code == "notice.invalid" for p in problems)


def test_notices_written_as_a_list_are_explained(folder):
    edit(folder, "line.yaml", "  2026-12-20 to 2027-01-03: Over", "  - 2026-12-20 to 2027-01-03: Over")
    edit(folder, "line.yaml", "  2027-02-15 09:00", "  - 2027-02-15 09:00")
    report = check(folder, today=TODAY)
    find(report, "line.yaml", line_of(folder, "line.yaml", "notices:"), "shape.type")


# --- whatever is typed, a plain message and never a crash --------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ivr import dated  # noqa: E402

DATEISH = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.sampled_from(
        [
            "",
            " ",
            "to",
            "from",
            "onwards",
            "2026-02-30",
            "24:00",
            "99:99",
            "00:00",
            "-",
            "–",
            "next day",
            "closed",
            "(",
            ")",
        ]
    ),
)
WRITTEN = st.lists(DATEISH, min_size=1, max_size=4).map(" ".join) | st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(WRITTEN, WRITTEN)
def test_any_exception_or_notice_is_read_or_refused_in_words(when, value):
    for read in (
        lambda: dated.period(when),
        lambda: dated.dated_hours(when, value),
        lambda: dated.notice(when, "A sentence."),
    ):
        try:
            read()
        except ValueError as exc:
            assert str(exc).strip()


def test_a_year_far_away_is_refused_in_words(folder):
    edit(folder, "line.yaml", "2026-12-20 to 2027-01-03:", "2026-12-20 to 9999-12-31:")
    find(check(folder, today=TODAY), "line.yaml", line_of(folder, "line.yaml", "9999-12-31"), "notice.invalid")
