"""Times, days and phone numbers said the way a person of each language says them.

Babel's CLDR data gives the words: "9:30 in the morning" comes from the flexible
day-period skeleton ``Bhm``, weekday names from the locale, so no English pattern
is ever filled with foreign words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_date, format_datetime, format_skeleton, get_day_names

from .cldr import locale as cldr_locale
from .hours import LONDON
from .i18n import Placeholder, babel_locale
from .model import Interval, WeeklyHours, day_runs
from .numbers import spoken_digits

#: Languages whose short day periods are abbreviations a voice would misread
#: (Hungarian "de. 9:30"): there the full words are used ("délelőtt 9:30").
WIDE_DAY_PERIODS = {"hu"}


@dataclass(frozen=True)
class Time(Placeholder):
    """A time of day: "9:30 in the morning", "5 in the afternoon", "12 noon"."""

    at: dt.datetime

    def format(self, lang: str) -> str:
        local = self.at.astimezone(LONDON).replace(tzinfo=None)
        skeleton = "Bh" if local.minute == 0 else "Bhm"
        name = babel_locale(lang)
        locale = cldr_locale(name)
        if name.split("_")[0] in WIDE_DAY_PERIODS:
            pattern = str(locale.datetime_skeletons[skeleton].pattern)
            return format_datetime(local, pattern.replace("B", "BBBB").replace("BBBBBBBB", "BBBB"), locale=locale)
        return format_skeleton(skeleton, local, locale=locale)

    def agree(self, sentence: str, lang: str) -> str:
        # Spanish and Portuguese hours are plural ("a las 9", "às 9"), but one o'clock is
        # singular: "a la 1", "hasta la 1"; "à 1", "até a 1".
        base = lang.split("-")[0]
        if base == "es":
            return _ES_ONE_OCLOCK.sub(r"\1la \2", sentence)
        if base == "pt":
            return _PT_ONE_OCLOCK.sub(lambda m: f"{'à' if m.group(1) == 'às' else 'até a'} {m.group(2)}", sentence)
        return sentence


#: "las" before the hour 1 (1, 1:30), in any Spanish sentence that formats a :class:`Time`.
_PT_ONE_OCLOCK = re.compile(r"\b(às|até as|até às)\s(1(?:[:.h]\d\d)?)(?!\d|[:.]\d)")
_ES_ONE_OCLOCK = re.compile(r"\b(a |hasta |desde |de )las (1(?:[:.]\d\d)?)(?!\d|[:.]\d)")


@dataclass(frozen=True)
class Day(Placeholder):
    """A day within the coming weeks: its weekday name, with the date when over six days away."""

    at: dt.datetime
    now: dt.datetime

    def format(self, lang: str) -> str:
        day = self.at.astimezone(LONDON).date()
        ahead = (day - self.now.astimezone(LONDON).date()).days
        locale = cldr_locale(babel_locale(lang))
        if ahead <= 6:
            return format_date(day, "EEEE", locale=locale)
        return format_skeleton("MMMMEEEEd", dt.datetime.combine(day, dt.time()), locale=locale)


@dataclass(frozen=True)
class Digits(Placeholder):
    """A phone number digit by digit, so every voice reads it slowly: "0, 8, 0, 0. 4, 6, 4"."""

    number: str

    def format(self, lang: str) -> str:
        return spoken_digits(self.number)


def days_ahead(at: dt.datetime, now: dt.datetime) -> int:
    """Calendar days in London from ``now`` to ``at``: 0 today, 1 tomorrow."""
    return (at.astimezone(LONDON).date() - now.astimezone(LONDON).date()).days


@dataclass(frozen=True)
class WeekSummary(Placeholder):
    """Weekly hours in short written form, for a text message: "Mon–Fri 9:00–17:00; Sat 11:00–16:00"."""

    hours: WeeklyHours

    def format(self, lang: str) -> str:
        locale = cldr_locale(babel_locale(lang))
        names = get_day_names("abbreviated", locale=locale)

        def span(iv: Interval) -> str:
            def t(x: dt.time) -> str:
                return format_skeleton("Hm", dt.datetime.combine(dt.date(2026, 1, 1), x), locale=locale)

            return f"{t(iv.opens)}–{t(iv.closes)}"

        parts = []
        for first, last, intervals in day_runs(self.hours.days):
            if not intervals:
                continue
            days = names[first] if first == last else f"{names[first]}–{names[last]}"
            parts.append(f"{days} {', '.join(span(iv) for iv in intervals)}")
        return "; ".join(parts)


#: Numbers a caller must dial or press exactly as said: 999 is "nine nine nine", never
#: "nine hundred and ninety-nine"; 55 is "five five", not "fifty-five".
_KEYED_NUMBERS = re.compile(r"(?<![\d:.,])(999|112|101|55)(?![\d:])")


def for_voice(text: str) -> str:
    """The sentence as a text-to-speech voice should get it: the emergency numbers and the
    55 of the Silent Solution spaced digit by digit, so every voice says them digit by digit.
    What is written (the demo's transcript, a card) keeps them as people write them."""
    return _KEYED_NUMBERS.sub(lambda m: " ".join(m.group(1)), text)
