"""The line's content as immutable values: services, their hours, tips and menus.

Loaded once from the YAML in ``menus/`` (see :mod:`ivr.menus`) and never changed
afterwards, so one request always sees one consistent version of the line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

#: Monday is 0, as in :meth:`datetime.date.weekday`.
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: The keys of a phone's keypad, in their order on it; ``KEYS`` is the same as a set, to ask
#: whether something is one key (a string would also find "12" or "" in it).
KEYPAD = "0123456789*#"
KEYS = frozenset(KEYPAD)

_T = TypeVar("_T")


def day_runs(days: Sequence[_T]) -> list[tuple[int, int, _T]]:
    """Runs of days in a row that are the same, as (first, last, value), Monday = 0: what
    "Mon-Fri 09:00-17:00; Sat 10:00-14:00" is written from."""
    runs: list[tuple[int, int, _T]] = []
    for day, value in enumerate(days):
        if runs and runs[-1][2] == value and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day, value)
        else:
            runs.append((day, day, value))
    return runs


@dataclass(frozen=True)
class Interval:
    """One opening that starts on one weekday.

    ``overnight`` means it closes on the following day: ``24:00`` (midnight) or a
    time written with "next day", like ``22:00-02:00 next day``.
    """

    opens: dt.time
    closes: dt.time
    overnight: bool = False


@dataclass(frozen=True)
class WeeklyHours:
    """Opening intervals for each weekday (index 0 = Monday)."""

    days: tuple[tuple[Interval, ...], ...]
    always: bool = False

    @staticmethod
    def around_the_clock() -> WeeklyHours:
        whole = (Interval(dt.time(0), dt.time(0), overnight=True),)
        return WeeklyHours(days=(whole,) * 7, always=True)


@dataclass(frozen=True)
class DatedHours:
    """A maintainer's dated exception: for ``first`` to ``last`` (London days, both counted)
    these openings replace the weekly hours and the bank-holiday rule; none means closed.

    ``reason`` is for maintainers (``ivr hours``, ``ivr graph``); callers never hear it.
    """

    first: dt.date
    last: dt.date
    openings: tuple[Interval, ...] = ()
    reason: str = ""

    @property
    def closed(self) -> bool:
        return not self.openings

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class Notice:
    """A sentence said for a while: from ``starts`` until just before ``ends`` (aware instants).

    Line-wide notices are said right after the 999 advice, a service's on its page; each is
    gone by itself when it ends.
    """

    text: str
    starts: dt.datetime
    ends: dt.datetime

    def in_force(self, now: dt.datetime) -> bool:
        return self.starts <= now < self.ends


#: "unknown": usual hours are assumed, and callers are told they may differ on a bank holiday.
BankHolidays = Literal["closed", "open", "unknown"]


@dataclass(frozen=True)
class Service:
    """A helpline the line can describe, signpost and perhaps put a caller through to."""

    id: str
    name: str
    about: str
    number: str  # as people write it, e.g. "0800 464 7669"
    e164: str | None  # dialable form, None for short numbers such as 116 123
    hours: WeeklyHours
    bank_holidays: BankHolidays
    region: str  # bank-holiday subdivision: ENG, WLS, SCT, NIR
    needs: tuple[str, ...]
    put_through: bool
    source: str
    checked: dt.date
    free: bool = True
    #: Extra sentences said after the hours, e.g. "leave a message and they call back".
    notes: tuple[str, ...] = ()
    #: Phrases a caller may say to choose it, comma-separated ("ugly mugs, NUM").
    words: str = ""
    #: Dated closures and special hours; they win over ``hours`` and bank holidays.
    exceptions: tuple[DatedHours, ...] = ()
    #: Sentences said on the service's page while they are in force.
    notices: tuple[Notice, ...] = ()

    def exception_on(self, day: dt.date) -> DatedHours | None:
        """The dated exception that decides ``day`` (a London date), if any."""
        return next((e for e in self.exceptions if e.covers(day)), None)

    @property
    def dialable(self) -> bool:
        """Whether the line may connect a caller (only ordinary numbers, never 999/112)."""
        return self.put_through and self.e164 is not None


@dataclass(frozen=True)
class Tip:
    topic: str  # the topic's title, said when a topic starts
    text: str


Target = Literal["menu", "service", "tips", "open_now", "languages"]


@dataclass(frozen=True)
class Option:
    """One key in a menu and where it leads."""

    key: str
    target: Target
    ref: str = ""  # menu or service id
    say: str = ""  # sentence with ``{key}``; empty means derived from the target
    words: str = ""  # phrases a caller may say instead of the key, comma-separated


@dataclass(frozen=True)
class Menu:
    id: str
    intro: tuple[str, ...]
    options: tuple[Option, ...]
    #: Sentences said after the options: what matters less than getting through fast.
    after: tuple[str, ...] = ()

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)


@dataclass(frozen=True)
class Voice:
    """A Twilio text-to-speech voice and the language code it must be used with."""

    language: str  # Twilio's <Say> code, e.g. "en-GB", "cmn-CN"
    voice: str  # e.g. "Polly.Amy"
    #: Twilio's <Gather> speech-recognition code, e.g. "cmn-Hans-CN"; None: keys only.
    speech: str | None = None
    #: Why the deployer is sure of a voice or speech code not in the table; "" when in it.
    override: str = ""


@dataclass(frozen=True)
class Line:
    """Settings of the line itself, from ``menus/line.yaml``."""

    name: str
    default_language: str
    ring_timeout: int
    voices: dict[str, Voice] = field(default_factory=dict, hash=False, compare=False)
    #: Languages whose callers may speak instead of pressing keys (Twilio recognises them).
    speech: tuple[str, ...] = ()
    #: The text message sent when a caller asks for a number: neutral words only.
    text_message: str = "{name}: {number}. {hours}"
    #: Twilio numbers of the line (E.164) mapped to their default language.
    numbers: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    #: The number printed for callers (wallet cards, posters), as people write it; "" when unknown.
    phone: str = ""
    #: Sentences said right after the 999 advice of every call while they are in force.
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class Menus:
    """Everything loaded from one version of ``menus/``."""

    line: Line
    services: dict[str, Service] = field(hash=False, compare=False)
    tips: tuple[Tip, ...]
    menus: dict[str, Menu] = field(hash=False, compare=False)
    version: str
