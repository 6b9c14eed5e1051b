"""Babel's locale data for the line's languages: only the part the line reads, in a server worker.

Every spoken time and day ("until 5 in the afternoon", "on Monday") and every language's own
name is Babel's, from the CLDR. But Babel loads a locale's whole data the first time it is asked
anything of it, with the data all locales share: 5 MiB for English, about 1 MiB more for each
other language, in every worker, for the few kilobytes the line reads (day and month names, day
periods, date and time patterns, the names of its own languages).

So a server worker gets, with each version of the menus, a :class:`Cut` of Babel's data for the
line's locales, made in the child process that checks the menus (:mod:`ivr.checked`):
the calendar (:data:`DATES`) whole, aliases resolved, and the names (:data:`NAMES`) of the line's
own languages, territories and scripts. Babel still does all the formatting, through a
:class:`babel.Locale` whose data is the cut. Anything the cut lacks (a code of a language the
line does not speak, a part of the CLDR the line has not read before) is read from Babel's full
data, with a warning, so a word is never missing; ``tests/test_cldr.py`` holds every sentence
the line can format to the same words as Babel's own locales. Processes that were given no cut
(commands, tests, a worker whose child failed) use Babel's own locales.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from babel import Locale, localedata
from babel.core import parse_locale

log = logging.getLogger(__name__)

#: The calendar: kept whole for each locale (a few kilobytes).
DATES = (
    "days",
    "months",
    "quarters",
    "eras",
    "day_periods",
    "day_period_rules",
    "date_formats",
    "time_formats",
    "datetime_formats",
    "datetime_skeletons",
    "week_data",
)
#: Names, by kind: kept only for the codes that make up the line's own locales.
NAMES = ("languages", "territories", "scripts", "variants")
#: The locale whose names of languages a text matches ("Polish", "Romanian"): see ivr.sms.
ENGLISH = "en"


@dataclass(frozen=True)
class Cut:
    """What a worker keeps of Babel's data: for each Babel locale, its calendar and names."""

    #: Twilio's language code → Babel's locale ("cmn-CN" → "zh_Hans_CN").
    names: Mapping[str, str]
    #: Babel's locale as named → its data: every key of :data:`DATES` it has, and of
    #: :data:`NAMES` those entries whose code is in ``codes``.
    data: Mapping[str, Mapping[str, Any]]
    #: Babel's locale as named → the locale Babel reads for it ("pa_IN" → "pa_Guru_IN").
    identifiers: Mapping[str, str]
    #: For each kind of :data:`NAMES`, the codes kept.
    codes: Mapping[str, tuple[str, ...]]


def cut(names: Mapping[str, str]) -> Cut:
    """Cut Babel's data for these languages (Twilio's code → Babel's locale), and English.

    Loads every locale's whole data: run it where that costs nothing that stays (the child
    process of :mod:`ivr.checked`)."""
    identifiers = {name: str(Locale.parse(name)) for name in sorted({*names.values(), ENGLISH})}
    codes: dict[str, set[str]] = {kind: set() for kind in NAMES}
    for identifier in identifiers.values():
        language, territory, script, variant, *_ = parse_locale(identifier)
        for kind, code in zip(NAMES, (language, territory, script, variant), strict=True):
            if code:
                codes[kind].add(code)
    data = {}
    for name, identifier in identifiers.items():
        full = localedata.get_locale_data(identifier)
        part: dict[str, Any] = {key: _plain(full[key]) for key in DATES if key in full}
        for kind in NAMES:
            if kind in full:
                part[kind] = {code: full[kind][code] for code in sorted(codes[kind]) if code in full[kind]}
        data[name] = part
    return Cut(dict(names), data, identifiers, {kind: tuple(sorted(found)) for kind, found in codes.items()})


def _plain(value: Any) -> Any:
    """Babel's data with its aliases resolved, as plain dicts (so a cut needs nothing else)."""
    if isinstance(value, Mapping):
        return {key: _plain(value[key]) for key in value}
    return value


class _Part(dict):  # type: ignore[type-arg]
    """Part of a cut: a key it was never cut to is read from Babel's full data (with a warning,
    once: it is kept); a key it was cut to but lacks is absent, as in Babel's data."""

    def __init__(self, data: Mapping[Any, Any], locale: str, path: tuple[str, ...], kept: Iterable[Any]):
        super().__init__(data)
        self.locale = locale
        self.path = path
        self.kept = frozenset(kept)

    def __missing__(self, key: Any) -> Any:
        if key in self.kept:
            raise KeyError(key)
        log.warning(
            "Babel's data for %s was cut without %s; reading it from the whole data",
            self.locale,
            "/".join(map(str, (*self.path, key))),
        )
        found: Any = localedata.get_locale_data(self.locale)
        for step in (*self.path, key):
            found = found[step]
        self[key] = found
        return found


class _CutLocale(Locale):
    """A Babel locale whose data is a cut: Babel formats with it as with any other."""

    def __init__(self, name: str, data: Mapping[str, Any], codes: Mapping[str, tuple[str, ...]]):
        super().__init__(*parse_locale(name))
        top = dict(data)
        for kind in NAMES:
            if kind in top:
                top[kind] = _Part(top[kind], name, (kind,), codes.get(kind, ()))
        self._cut = localedata.LocaleDataDict(_Part(top, name, (), (*DATES, *NAMES)))

    @property
    def _data(self) -> localedata.LocaleDataDict:
        return self._cut


#: Babel's locale → the cut locale; Twilio's code → Babel's locale. Replaced whole (never
#: changed in place) by :func:`install`, so a request reads one or the other, never half.
_locales: dict[str, Locale] = {}
_names: dict[str, str] = {}


def install(found: Cut) -> None:
    """Use this cut from now on (with what earlier cuts gave for other languages)."""
    global _locales, _names
    made = {name: _CutLocale(found.identifiers[name], data, found.codes) for name, data in found.data.items()}
    _locales = {**_locales, **made}
    _names = {**_names, **found.names}


def babel_name(lang: str) -> str | None:
    """Babel's locale for Twilio's language code, if a cut said it."""
    return _names.get(lang)


def locale(name: str) -> Locale:
    """The Babel locale to format with: the cut one if this process has it, else Babel's own."""
    found = _locales.get(name)
    return found if found is not None else Locale.parse(name)
