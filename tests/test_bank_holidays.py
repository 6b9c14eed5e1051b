"""Bank holidays read in a child process keep a server worker free of the ``holidays`` package
(about 12 MiB), and are always the library's own answer (ivr/bank_holidays.py)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import subprocess
import sys
from types import SimpleNamespace

import holidays
import pytest

from ivr import bank_holidays, server
from ivr.bank_holidays import REGIONS, is_bank_holiday, preload
from ivr.bank_holidays import bank_holidays as dates

from .conftest import ROOT, make_app

#: 2022 had two one-off bank holidays (the Platinum Jubilee, the Queen's funeral), 2023 one
#: (the coronation); 2026 is an ordinary year; 2020 moved May Day for VE Day.
YEARS = [2020, 2022, 2023, 2026]


@pytest.fixture(autouse=True)
def nothing_preloaded(monkeypatch):
    """Each test starts, and leaves the other tests, with nothing read from a child."""
    monkeypatch.setattr(bank_holidays, "_preloaded", {})


def library(region: str, year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("GB", subdiv=region, years=year))


def test_the_dates_and_names_read_in_a_child_are_the_librarys():
    assert preload(YEARS)
    for region in REGIONS:
        for year in YEARS:
            assert dict(dates(region, year)) == library(region, year), (region, year)
    assert dt.date(2023, 5, 8) in dates("ENG", 2023)  # the coronation: a one-off, from the library
    assert set(bank_holidays._preloaded) == {(r, y) for r in REGIONS for y in YEARS}


def test_a_year_not_read_in_the_child_is_asked_of_the_library():
    assert preload([2026])
    assert dict(dates("SCT", 2031)) == library("SCT", 2031)
    assert ("SCT", 2031) not in bank_holidays._preloaded


def test_a_moment_is_taken_as_its_day():
    boxing_day = dt.datetime(2026, 12, 28, 23, 30)  # Boxing Day's substitute, in England
    assert is_bank_holiday(boxing_day, "ENG") is is_bank_holiday(boxing_day.date(), "ENG") is True


@pytest.mark.parametrize(
    "child",
    [
        pytest.param({"executable": "/nonexistent/python3"}, id="no interpreter"),
        pytest.param({"_CHILD": "print('not json')"}, id="not JSON"),
        pytest.param({"_CHILD": "print('{}')"}, id="a year missing"),
        pytest.param({"_CHILD": "import sys; sys.exit(3)"}, id="it fails"),
        pytest.param({"_CHILD": "import time; time.sleep(30)"}, id="it hangs"),
    ],
)
def test_when_the_child_cannot_answer_the_worker_asks_the_library_and_says_so(monkeypatch, caplog, child):
    if "executable" in child:
        monkeypatch.setattr(sys, "executable", child["executable"])
    else:
        monkeypatch.setattr(bank_holidays, "_CHILD", child["_CHILD"])
    with caplog.at_level(logging.WARNING, logger="ivr.bank_holidays"):
        assert preload([2026], timeout=3) is False
    assert "could not be read in a child process" in caplog.text
    assert bank_holidays._preloaded == {}
    assert dict(dates("ENG", 2026)) == library("ENG", 2026)


def test_a_worker_reads_the_years_around_both_clocks_before_its_first_request(monkeypatch):
    monkeypatch.setattr("gc.freeze", lambda: None)  # not this test process's business
    app = make_app("2031-06-01T12:00:00+01:00")  # a frozen clock (IVR_NOW) years from now
    server.post_worker_init(SimpleNamespace(wsgi=app))
    years = {year for _, year in bank_holidays._preloaded}
    today = dt.date.today().year
    assert {today - 1, today, today + 1, today + 2, 2030, 2031, 2032, 2033} <= years


def test_a_worker_that_read_them_in_a_child_never_loads_the_library():
    script = """
import datetime as dt, json, sys
from ivr import bank_holidays
assert bank_holidays.preload_around(dt.datetime(2026, 11, 27, 15, tzinfo=dt.UTC))
years = (2025, 2026, 2027, 2028)
asked = [bank_holidays.is_bank_holiday(dt.date(y, 12, 25), r) for r in bank_holidays.REGIONS for y in years]
print(json.dumps([all(asked), "holidays" in sys.modules]))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.splitlines()[-1]) == [True, False]
