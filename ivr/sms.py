"""Texts to the line: from what a texter sent (and now) to the one text sent back.

Some people cannot speak safely where they are, some are deaf, and every basic phone can
text. The reply comes from the same content and the same core as a call (the services,
their hours, bank holidays, dated exceptions and notices, the tips, the catalogues), so
there is nothing new to maintain. Nothing here knows of Twilio or Flask, and nothing about
the texter is kept: each text is answered from its own words alone.

- Any word gets the first reply: the line's name (a neutral start, since someone else may
  see the phone), the 999 advice as the wallet card writes it, how deaf people reach 999
  (text relay 18000, emergencySMS), the services open right now with their numbers, and
  the words to reply with.
- Keywords, in the texter's language or in English: TIPS (one tip a reply), NEXT, REPORT,
  FORCED, ALL (every service with its hours), or a language's name to switch.
- The language is the one the texter's words are in (the catalogues' own words: the cries
  for help callers may say, the keywords, the languages' names), else the number's default.

NEXT without state: each tip reply ends "Next tip: reply NEXT 2". The word carries the
language, the number carries the place, so the texter copies what they see, and a reply
that comes hours later, or from a phone borrowed back, still gets the right tip. A number
alone ("2") is a tip too, for whoever types only that.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import cldr, hours, numbers, speech
from .flow import HELP_WORDS, danger_for_texts, full_stop
from .i18n import SOURCE_LANGUAGE, Catalogs, Said, Speaker, babel_locale, language_name
from .model import Menus, Service
from .saying import Day, WeekSummary, days_ahead
from .segments import BARE, fold

#: The keywords a texter may reply with, as the English reply writes them; each is translated.
TIPS, NEXT, REPORT, FORCED, ALL = "TIPS", "NEXT", "REPORT", "FORCED", "ALL"
#: The main menu's keys are fixed (posters and cards print them): 3 report, 4 forced.
REPORT_KEY, FORCED_KEY = "3", "4"
#: A text longer than this is not read further (a pasted page is not a keyword).
MAX_READ = 300
_NUMBER = re.compile(r"(?<![0-9])([0-9]{1,3})(?![0-9])")


@dataclass(frozen=True)
class Reply:
    """The one text sent back, the language it is in, and what was asked (for tests and counts)."""

    text: str
    lang: str
    kind: str


def keyword(sp: Speaker, word: str) -> Said:
    """A keyword in ``sp``'s language (English where untranslated)."""
    # The five keywords, each translated once here so pybabel finds them.
    words = {
        # TRANSLATORS: a word a texter replies with to get safety tips. One short word in
        # capitals, easy to type on a basic phone (accents are fine if people type them).
        TIPS: sp._("TIPS"),
        # TRANSLATORS: a word a texter replies with (before a number) to get the next tip.
        NEXT: sp._("NEXT"),
        # TRANSLATORS: a word a texter replies with to learn how to report a crime or a
        # dangerous person. Not a police complaint: reporting to National Ugly Mugs is not the police.
        REPORT: sp._("REPORT"),
        # TRANSLATORS: a word a texter replies with if someone is forcing or controlling them.
        FORCED: sp._("FORCED"),
        # TRANSLATORS: a word a texter replies with to get every service with its hours.
        ALL: sp._("ALL"),
    }
    return words[word]


def _own(said: Said, lang: str) -> list[str]:
    """The phrases of a sentence, only if it is really translated into ``lang``."""
    return speech.phrases(said.text) if said.lang == lang else []


def language_words(lang: str) -> list[str]:
    """What a texter may write to choose a language: its own name and its English name (never
    its code: "en" is Spanish for "in", as in "estoy en peligro")."""
    try:
        in_english = cldr.locale(babel_locale(lang)).get_language_name(cldr.locale(cldr.ENGLISH)) or ""
    except (ValueError, LookupError):
        in_english = ""
    return [n for n in (language_name(lang), in_english) if n]


def _said_any(text: str, phrases: list[str]) -> bool:
    """Whether any phrase is in the text, whole, accents aside (also "ł" as "l", as texted)."""
    return bool(phrases) and speech.heard_any(text.translate(BARE), [p.translate(BARE) for p in phrases])


def recognise(menus: Menus, catalogs: Catalogs, text: str, default: str) -> tuple[str, bool]:
    """The language to answer in, and whether the texter named it (to switch to it).

    A language named outright wins; then a language whose own words (a cry for help, a
    keyword) are in the text, other languages before English, since "help" is in every
    catalogue's list; then English words; else the number's ``default``.
    """
    langs = list(menus.line.voices) or [default]
    for lang in langs:
        if _said_any(text, language_words(lang)):
            return lang, True
    found = [lang for lang in langs if _said_any(text, _words(catalogs, lang))]
    others = [lang for lang in found if lang != SOURCE_LANGUAGE]
    if others:
        return (default if default in others else others[0]), False
    if found:
        return found[0], False
    return default, False


def _words(catalogs: Catalogs, lang: str) -> list[str]:
    """A language's own words a texter may send: its cries for help and its keywords."""
    sp = Speaker(catalogs, lang)
    if lang == SOURCE_LANGUAGE:
        return [*speech.phrases(HELP_WORDS), TIPS, NEXT, REPORT, FORCED, ALL]
    own = _own(sp._(HELP_WORDS), lang)
    for word in (TIPS, NEXT, REPORT, FORCED, ALL):
        own += _own(keyword(sp, word), lang)
    return own


#: Words Twilio itself answers on a long-code number, after which it sends that phone nothing
#: from the number until it texts START (docs/sources.md): the line adds no reply of its own.
OPT_OUT = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
#: What the line's tools (the demo, ``ivr simulate --sms``) say instead of a reply to one of those.
NO_REPLY = "Twilio answers this word itself, and sends this phone nothing more from the number until it texts START."


def opts_out(text: str) -> bool:
    """Whether the text is one of Twilio's opt-out words alone (as Twilio reads it)."""
    return text.strip().upper() in OPT_OUT


def cries_for_help(sp: Speaker, text: str) -> bool:
    """Whether the text holds a cry for help ("help", "police", "pomoc"), in English or the
    reply's language: then the 999 advice comes first, whatever keyword is also in it."""
    return _said_any(text, [*speech.phrases(HELP_WORDS), *_own(sp._(HELP_WORDS), sp.lang)])


def _asked(sp: Speaker, text: str) -> str:
    """Which keyword the text holds (in the reply's language or English), else ""."""
    english = Speaker(sp.catalogs, SOURCE_LANGUAGE)
    for word in (FORCED, REPORT, ALL, NEXT, TIPS):  # someone forced first: they may have little time
        if _said_any(text, [keyword(sp, word).text, keyword(english, word).text]):
            return word
    return ""


class _Texts:
    """The sentences of one reply, in one texter's language."""

    def __init__(self, menus: Menus, catalogs: Catalogs, lang: str, now: dt.datetime):
        self.menus = menus
        self.sp = Speaker(catalogs, lang)
        self.now = now

    def start(self) -> str:
        """The line's name: neutral, and tells the texter who this is."""
        return full_stop(self.sp.say(self.menus.line.name)).text

    def danger(self) -> list[str]:
        """The 999 advice written for reading (a text is read, so never "hang up"), short."""
        return [said.text for said in danger_for_texts(self.sp)]

    def deaf(self) -> str:
        # TRANSLATORS: for deaf texters. 18000 is the emergency text relay; "register" is the
        # word to text to 999 to join emergencySMS: keep it in English, it is what 999 expects.
        return self.sp._("Deaf? Text relay: 18000. To text 999, first text register to 999.").text

    def notices(self, notices: tuple) -> list[str]:
        return [self.sp.say(n.text).text for n in notices if n.in_force(self.now)]

    def cost(self, svc: Service) -> list[str]:
        """03 numbers are not free from every phone (Ofcom): said, as on the call."""
        if numbers.costs_as_geographic(svc.number):  # as the call says it: nothing is claimed of 084/087/09
            return [self.sp._("It costs the same as an ordinary call.").text]
        return []

    def clock(self, at: dt.datetime) -> str:
        """A time as a text writes it: 09:30 (shorter than "9:30 in the morning")."""
        return at.astimezone(hours.LONDON).strftime("%H:%M")

    def when(self, at: dt.datetime) -> str:
        return Day(at, self.now).format(self.sp.lang)

    def status(self, svc: Service) -> list[str]:
        """Open now and until when, or when it opens again, counting bank holidays and exceptions."""
        st, sp = hours.status(svc, self.now), self.sp
        said: list[Said] = []
        if st.bank_holiday_today and not st.open:
            said.append(sp._("Bank holiday today."))
        if st.open and st.until is None:
            said.append(sp._("Open 24 hours, every day."))
        elif st.open and st.until is not None:
            last = st.until - dt.timedelta(minutes=1)  # closing at 00:00 still closes today
            if days_ahead(last, self.now) == 0:
                said.append(sp._("Open now until {time}.", time=self.clock(st.until)))
            else:  # the day the time is on: 00:00 is the start of the day after the last open one
                said.append(sp._("Open now until {day} {time}.", day=self.when(st.until), time=self.clock(st.until)))
        elif st.next_open is None:
            said.append(sp._("Closed now."))
        else:
            ahead = days_ahead(st.next_open, self.now)
            time = self.clock(st.next_open)
            if ahead == 0:
                said.append(sp._("Closed now. Opens again today at {time}.", time=time))
            elif ahead == 1:
                said.append(sp._("Closed now. Opens again tomorrow at {time}.", time=time))
            else:
                said.append(sp._("Closed now. Opens again on {day} at {time}.", day=self.when(st.next_open), time=time))
        if st.hours_may_differ:
            said.append(sp._("Bank holiday today: hours may differ."))
        return [s.text for s in said]

    def service(self, svc: Service, lines: list[str]) -> str:
        return " ".join([f"{svc.name} {svc.number}:", *lines, *self.cost(svc), *self.notices(svc.notices)])

    def open_now(self) -> list[str]:
        open_now = [s for s in self.menus.services.values() if hours.status(s, self.now).open]
        if not open_now:
            return [self.sp._("No service is open right now.").text]
        listed = "; ".join(
            f"{s.name} {s.number}" + "".join(f" ({c.rstrip('.。')})" for c in self.cost(s)) for s in open_now
        )
        heading = self.sp._("Open now:")
        return [f"{heading.text} {listed}."]

    def keywords(self) -> str:
        k = {w.lower(): keyword(self.sp, w).text for w in (TIPS, REPORT, FORCED, ALL)}
        return self.sp._("Reply {tips}, {report}, {forced}, {all} or a language.", **k).text

    # the replies ------------------------------------------------------------------------

    def first(self) -> list[str]:
        return [
            self.start(),
            *self.danger(),
            self.deaf(),
            *self.notices(self.menus.line.notices),
            *self.open_now(),
            self.keywords(),
        ]

    def tip(self, n: int) -> list[str]:
        """Tip ``n`` (from 1), its topic before it, and how to get the next one."""
        tips = self.menus.tips
        if not tips:
            return self.first()
        n = min(max(n, 1), len(tips))
        tip = tips[n - 1]
        topic = self.sp.say(tip.topic).text.rstrip(".:：。")
        lines = [self.start(), f"{topic}: {self.sp.say(tip.text).text}"]
        if n < len(tips):
            lines.append(self.sp._("Next tip: reply {next} {n}.", next=keyword(self.sp, NEXT).text, n=n + 1).text)
        else:
            lines.append(
                self.sp._("That was the last tip. To start again, reply {tips}.", tips=keyword(self.sp, TIPS).text).text
            )
        return lines

    def menu_services(self, key: str) -> list[str]:
        """The services a main-menu key leads to (3 report, 4 forced), each with its hours now."""
        main = self.menus.menus.get("main")
        option = main.option(key) if main else None
        menu = self.menus.menus.get(option.ref) if option and option.target == "menu" else None
        if menu is None:
            return self.first()
        found = [self.menus.services[o.ref] for o in menu.options if o.target == "service"]
        # Someone forced or controlled is told first that they are not the one in trouble.
        calm = [self.sp._("You are not in trouble. You can get help.").text] if key == FORCED_KEY else []
        return [
            self.start(),
            *calm,
            *(self.service(s, self.status(s)) for s in found),
            self.danger()[0],
        ]

    def every_service(self) -> list[str]:
        """ALL: every service with its weekly hours and whether it is open now."""
        lines = [self.start()]
        for svc in self.menus.services.values():
            if svc.hours.always:
                week = [self.sp._("Open 24 hours, every day.").text]
            else:
                week = [self.sp._("Open {hours}.", hours=WeekSummary(svc.hours)).text]
                if svc.bank_holidays == "closed":
                    week.append(self.sp._("Closed on bank holidays.").text)
            lines.append(self.service(svc, week))
        return lines


def reply(menus: Menus, catalogs: Catalogs, text: str, now: dt.datetime, default: str) -> Reply:
    """The text sent back to ``text``, in the texter's language; ``default`` is the number's."""
    text = (text or "")[:MAX_READ]
    if default not in menus.line.voices:
        default = menus.line.default_language
    lang, named = recognise(menus, catalogs, text, default)
    texts = _Texts(menus, catalogs, lang, now)
    if opts_out(text):
        return Reply("", lang, "stop")
    # A cry for help outranks any keyword: "help he is next door, tips" gets the 999 advice.
    asked = "" if cries_for_help(texts.sp, text) else _asked(texts.sp, text)
    number = _NUMBER.search(text)
    # A bare number is a tip only when there is such a tip: "999" or "55" gets the 999 advice.
    bare_tip = number is not None and number.group(0) == text.strip() and 1 <= int(number.group(1)) <= len(menus.tips)
    if asked in (TIPS, NEXT) or (not asked and not named and bare_tip):
        kind, lines = "tips", texts.tip(int(number.group(1)) if number else 1)
    elif asked == REPORT:
        kind, lines = "report", texts.menu_services(REPORT_KEY)
    elif asked == FORCED:
        kind, lines = "forced", texts.menu_services(FORCED_KEY)
    elif asked == ALL:
        kind, lines = "all", texts.every_service()
    else:
        kind, lines = "help", texts.first()
    return Reply(fold(" ".join(line.strip() for line in lines if line.strip())), lang, kind)
