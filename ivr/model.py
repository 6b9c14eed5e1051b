"""The line's content as immutable values: services, their hours, tips and menus.

Loaded once from the YAML in ``menus/`` (see :mod:`ivr.menus`) and never changed
afterwards, so one request always sees one consistent version of the line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

#: Monday is 0, as in :meth:`datetime.date.weekday`.
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


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
    def around_the_clock() -> "WeeklyHours":
        whole = (Interval(dt.time(0), dt.time(0), overnight=True),)
        return WeeklyHours(days=(whole,) * 7, always=True)


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

    language: str  # Twilio's code, e.g. "en-GB", "cmn-CN"
    voice: str  # e.g. "Polly.Amy"


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


@dataclass(frozen=True)
class Menus:
    """Everything loaded from one version of ``menus/``."""

    line: Line
    services: dict[str, Service] = field(hash=False, compare=False)
    tips: tuple[Tip, ...]
    menus: dict[str, Menu] = field(hash=False, compare=False)
    version: str
