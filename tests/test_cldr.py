"""A cut of Babel's data (ivr.cldr) says every time, day and name exactly as Babel's own locales.

A server worker formats with the cut its check's child made (ivr.checked); everything else with
Babel's whole data. These tests format what the line can say, in every language of Twilio's
voice table that Babel knows (not only the ones the line speaks today, so adding a language
needs no new test), both ways, and ask for the same words, with no key read from the whole
data: a key the cut lacks would be logged, and fail the test.
"""

from __future__ import annotations

import datetime as dt
import logging
import pickle

import pytest
from babel import Locale, UnknownLocaleError

from ivr import cldr, sms
from ivr.hours import LONDON
from ivr.i18n import babel_locale, language_name, locale_name
from ivr.model import Interval, WeeklyHours
from ivr.saying import Day, Time, WeekSummary
from ivr.voices import table


def _babel_knows(lang: str) -> bool:
    try:
        Locale.parse(babel_locale(lang))
    except (UnknownLocaleError, ValueError):
        return False
    return True


LANGS = sorted(lang for lang in table().languages if _babel_knows(lang))
NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=LONDON)
#: Every quarter-hour of a winter day and of a summer day (the clocks differ by an hour).
TIMES = [
    dt.datetime(day.year, day.month, day.day, tzinfo=LONDON) + dt.timedelta(minutes=15 * i)
    for day in (dt.date(2026, 1, 14), dt.date(2026, 7, 15))
    for i in range(96)
]
#: Today and the coming six days (weekday names), then further days across a year (with dates).
DAYS = [NOW + dt.timedelta(days=d) for d in (*range(7), 8, 13, 20, 31, 45, 60, 100, 200, 300, 400)]
HOURS = WeeklyHours(
    days=(
        (Interval(dt.time(9), dt.time(17)),) * 1,
        (Interval(dt.time(9, 30), dt.time(12)), Interval(dt.time(13), dt.time(17, 45))),
        (Interval(dt.time(9), dt.time(17)),),
        (Interval(dt.time(9), dt.time(17)),),
        (Interval(dt.time(18), dt.time(0), overnight=True),),
        (Interval(dt.time(11), dt.time(16)),),
        (),
    )
)


def said(lang: str) -> list[str]:
    """Everything the line formats in ``lang``: times, days, a week's hours, the names."""
    words = [Time(at).format(lang) for at in TIMES]
    words += [Day(at, NOW).format(lang) for at in DAYS]
    words.append(WeekSummary(HOURS).format(lang))
    words += [language_name(lang), locale_name(lang), *sms.language_words(lang)]
    return words


def test_languages_are_many():
    assert len(LANGS) > 60 and "cmn-CN" in LANGS and "hu-HU" in LANGS and "en-GB" in LANGS


@pytest.mark.parametrize("lang", LANGS)
def test_a_cut_says_what_babel_says(lang, no_cut, caplog):
    whole = said(lang)
    found = cldr.cut({lang: babel_locale(lang)})
    cldr.install(pickle.loads(pickle.dumps(found)))  # as it comes from the child
    assert type(cldr.locale(babel_locale(lang))) is not Locale  # the cut one
    with caplog.at_level(logging.WARNING, logger="ivr.cldr"):
        assert said(lang) == whole
    assert not caplog.records, "the cut lacked what the line reads: " + caplog.records[0].getMessage()


def test_the_cut_locale_is_the_one_formatting(no_cut):
    # Proves the test above compares two ways: a cut whose day names were changed is heard.
    found = cldr.cut({"pl-PL": "pl_PL"})
    changed = pickle.loads(pickle.dumps(found))
    changed.data["pl_PL"]["days"]["format"]["wide"][0] = "PONIEDZIAŁEK!"
    cldr.install(changed)
    monday = dt.datetime(2026, 12, 14, 12, tzinfo=LONDON)  # a Monday, 7 days after NOW
    assert Day(monday - dt.timedelta(days=7), NOW).format("pl-PL") == "PONIEDZIAŁEK!"


def test_what_a_cut_was_not_made_with_is_read_from_the_whole_data_with_a_warning(no_cut, caplog):
    cldr.install(cldr.cut({"ro-RO": "ro_RO"}))
    assert "number_symbols" not in cldr.DATES  # as if the line had begun to read numbers
    with caplog.at_level(logging.WARNING, logger="ivr.cldr"):
        assert cldr.locale("ro_RO").number_symbols == Locale.parse("ro_RO").number_symbols
        assert cldr.locale("ro_RO").number_symbols == Locale.parse("ro_RO").number_symbols
    warned = [r for r in caplog.records if "number_symbols" in r.getMessage()]
    assert len(warned) == 1 and "ro_RO" in warned[0].getMessage()  # once: then kept


def test_a_name_of_a_language_the_cut_was_not_made_for_is_read_from_the_whole_data(no_cut, caplog):
    cldr.install(cldr.cut({"pl-PL": "pl_PL"}))
    polish = cldr.locale("pl_PL")
    with caplog.at_level(logging.WARNING, logger="ivr.cldr"):
        assert polish.languages["de"] == Locale.parse("pl_PL").languages["de"] == "niemiecki"
    assert any("languages/de" in r.getMessage() for r in caplog.records)


def test_a_code_the_cut_was_made_for_but_babel_has_no_name_for_is_absent_without_a_warning(no_cut, caplog):
    found = cldr.cut({"pl-PL": "pl_PL"})
    assert found.data["pl_PL"]["territories"]["PL"] == "Polska"
    del found.data["pl_PL"]["territories"]["PL"]  # as for a code the CLDR names nowhere
    cldr.install(found)
    with caplog.at_level(logging.WARNING, logger="ivr.cldr"):
        assert cldr.locale("pl_PL").territories.get("PL") is None
        with pytest.raises(KeyError):
            cldr.locale("pl_PL").territories["PL"]
    assert not caplog.records


def test_a_cut_holds_only_the_line_s_names_and_the_calendar(no_cut):
    found = cldr.cut({"en-GB": "en_GB", "cmn-CN": "zh_Hans_CN"})
    assert set(found.data) == {"en_GB", "zh_Hans_CN", "en"}
    assert found.codes["languages"] == ("en", "zh") and found.codes["scripts"] == ("Hans",)
    assert set(found.data["en"]["languages"]) == {"en", "zh"}
    assert set(found.data["en_GB"]) <= set(cldr.DATES) | set(cldr.NAMES)
    assert len(pickle.dumps(found)) < 60_000  # the whole English data pickled is over 170 kB


def test_a_process_without_a_cut_uses_babel_s_own_locales(no_cut):
    assert type(cldr.locale("pl_PL")) is Locale
    assert cldr.babel_name("cmn-CN") is None and babel_locale("cmn-CN") == "zh_Hans_CN"
    cldr.install(cldr.cut({"cmn-CN": "zh_Hans_CN"}))
    assert cldr.babel_name("cmn-CN") == "zh_Hans_CN" and type(cldr.locale("zh_Hans_CN")) is not Locale
