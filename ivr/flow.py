"""The call itself: one pure step from (where the call is, what the caller did, now,
language) to what the caller hears and what may happen next.

Nothing here knows about Twilio, Flask, HTTP or a browser: the phone (TwiML), the
browser demo and the terminal are thin faces over :func:`step`, so they cannot
disagree. No state is kept between steps; where a call is travels in a :class:`Place`
that each face writes into the next request (for the phone, the callback URL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Union

from . import hours, numbers, speech
from .i18n import SOURCE_LANGUAGE, Catalogs, Said, Speaker, language_name
from .model import Menu, Menus, Notice, Service
from .saying import Day, Digits, Time, WeekSummary, days_ahead

#: The longest trail kept in a place; deeper trails drop their oldest steps after "main".
MAX_DEPTH = 8
#: Silences before the line says goodbye: the menu is said once more, then goodbye.
SILENCES_BEFORE_GOODBYE = 2
DIAL_STATUSES = ("completed", "busy", "no-answer", "failed", "canceled")
#: Keys of the language menu, in the order of ``voices`` in line.yaml.
LANGUAGE_KEYS = "123456789"
#: With more languages than keys, each page offers eight and 9 says "more languages".
MORE_LANGUAGES_KEY = "9"


def language_pages(langs: list[str]) -> list[list[tuple[str, str]]]:
    """The language menu's pages, each a list of (key, language): all on one page when they
    fit on keys 1 to 9, else eight a page, key 9 leading to the next page (the last to the first)."""
    if len(langs) <= len(LANGUAGE_KEYS):
        return [list(zip(LANGUAGE_KEYS, langs, strict=False))]
    per = len(LANGUAGE_KEYS) - 1
    return [list(zip(LANGUAGE_KEYS, langs[i : i + per], strict=False)) for i in range(0, len(langs), per)]


# --- where a call is -----------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a call is: the trail of nodes from the main menu, the last being current.

    Nodes: ``menu:<id>``, ``service:<id>``, ``tip:<n>``, ``open`` (or ``open:<id>``, leaving
    that service out), ``languages`` (or ``languages:<page>`` after the first page),
    ``about:<menu id>`` (that menu's services, each to its page),
    ``dial:<service id>``.
    The trail is what star (back) walks along.
    """

    path: tuple[str, ...] = ("menu:main",)

    @property
    def node(self) -> str:
        return self.path[-1]

    def down(self, node: str) -> Place:
        path = self.path + (node,)
        if len(path) > MAX_DEPTH:
            path = path[:1] + path[-(MAX_DEPTH - 1) :]
        return Place(path)

    def up(self) -> Place:
        return Place(self.path[:-1]) if len(self.path) > 1 else MAIN

    def swap(self, node: str) -> Place:
        return Place(self.path[:-1] + (node,))

    def encode(self) -> str:
        return "/".join(self.path)

    @staticmethod
    def decode(text: str | None, menus: Menus) -> Place | None:
        """The place written in a URL, or None when it is missing, unknown or tampered."""
        if not text or len(text) > 400:
            return None
        path = tuple(text.split("/"))
        if len(path) > MAX_DEPTH or path[0] != "menu:main" or not all(_known(n, menus) for n in path):
            return None
        return Place(path)


MAIN = Place()


def _known(node: str, menus: Menus) -> bool:
    kind, _, ref = node.partition(":")
    if kind == "menu":
        return ref in menus.menus
    if kind in ("service", "dial"):
        return ref in menus.services
    if kind == "tip":
        return ref.isdigit() and len(ref) < 4 and int(ref) < len(menus.tips)
    if kind == "open" and ref:  # open now, leaving out a service whose put-through just failed
        return ref in menus.services
    if kind == "languages" and ref:  # a later page of the language menu
        return ref.isdigit() and len(ref) < 3 and 0 < int(ref) < len(language_pages(list(menus.line.voices)))
    if kind == "about":  # a menu's services, each leading to its page
        return ref in menus.menus
    return node in ("open", "languages")


def confidential(sp: Speaker, free: bool) -> Said:
    """What the call is: free only when the number called is 0800/0808 (Ofcom)."""
    if free:
        return sp._("This call is free, confidential and not recorded.")
    return sp._("This call is confidential and not recorded.")


def full_stop(said: Said) -> Said:
    """A title said as a sentence of its own, so a voice pauses before what follows it
    (not "Before you meet a client Sign up to ...")."""
    text = said.text.rstrip()
    if not text or text[-1] in ".!?。！？:：":
        return said
    stop = "。" if said.lang.startswith(("cmn", "zh", "yue")) else "" if said.lang.startswith("th") else "."
    return Said(text + stop, said.lang)


# --- what the caller did -------------------------------------------------------------


@dataclass(frozen=True)
class Arrive:
    """The call starts (no place yet) or is sent to a place, e.g. after an error."""


@dataclass(frozen=True)
class Key:
    """The caller pressed keys (only the first one counts)."""

    digits: str


@dataclass(frozen=True)
class Silence:
    """The caller said nothing; ``count`` is how many times in a row, this one included."""

    count: int = 1


@dataclass(frozen=True)
class Speech:
    """The caller spoke; ``confidence`` is the recogniser's (None when it gave none)."""

    text: str
    confidence: float | None = None


@dataclass(frozen=True)
class TextResult:
    """The face tried to send the text a :class:`SendText` asked for."""

    service_id: str
    sent: bool


@dataclass(frozen=True)
class DialEnded:
    """A put-through call ended with Twilio's ``DialCallStatus``."""

    status: str


Event = Union[Arrive, Key, Silence, Speech, DialEnded, TextResult]  # noqa: UP007 (a typing.Union at run time, as before)


# --- what happens next ---------------------------------------------------------------


@dataclass(frozen=True)
class Listen:
    """Wait for a key (or words) at ``place``; ``keys`` are the keys that do something there,
    ``hints`` the phrases a caller may say instead."""

    place: Place
    keys: tuple[str, ...]
    silences: int = 0
    hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class Connect:
    """Put the caller through to ``service``; afterwards the call comes back to ``after``."""

    service: Service
    after: Place
    ring_timeout: int


@dataclass(frozen=True)
class SendText:
    """Send ``body`` to the caller by text message, then step again at ``place`` with a
    :class:`TextResult`. Only the face knows the caller's number; the core never does."""

    service: Service
    body: str
    place: Place


@dataclass(frozen=True)
class Hangup:
    """End the call."""


@dataclass(frozen=True)
class Turn:
    """What the caller hears, in order, and what happens next."""

    lines: tuple[Said, ...]
    next: Listen | Connect | SendText | Hangup
    lang: str
    #: What happened that the place alone does not show, for the anonymous counts:
    #: ("number", service id), ("no-such-key", ""), ("not-heard", ""). Never who.
    done: tuple[tuple[str, str], ...] = ()


#: At most this many texts in one call (the face also counts them by CallSid, against replays).
TEXTS_PER_CALL = 3


@dataclass(frozen=True)
class Caps:
    """What this call can do. ``connect`` is False when the line's own number is unknown,
    since the line never puts a caller through without its own number as caller ID."""

    connect: bool = True
    #: Texting is set up and the caller's number is a mobile that is not withheld.
    text: bool = False
    #: Texts this call may still send (at most three a call).
    texts_left: int = 0
    #: The number the caller dialled (Twilio's ``To``) is free to call (0800/0808): only then
    #: does the line say "this call is free".
    free: bool = False


def _day_of(at: dt.datetime) -> dt.datetime:
    """The day a moment is said on: 00:00 is "12 midnight" at the end of the day before, so
    a service closing at 00:00 on Friday is open "until Thursday at 12 midnight", never a day late."""
    return at - dt.timedelta(minutes=1) if at.astimezone(hours.LONDON).time() == dt.time(0) else at


def danger_advice(sp: Speaker) -> list[Said]:
    """The 999 advice the call says, in ``sp``'s language, true for every phone: 55 works on
    mobiles only, when a recorded message (in English) asks for it; on a landline staying on
    the line is what works."""
    return [
        sp._("If you are in danger, hang up, dial 999 and stay on the line."),
        # TRANSLATORS: the recorded message of the 999 service is in English: in every
        # other language say so ("when a recording in English asks").
        sp._("If you can't speak, cough or tap. On a mobile, press 55 when a recording asks."),
    ]


# --- one place as the caller meets it ------------------------------------------------

Action = Callable[[], "Turn"]


@dataclass
class View:
    """A place: what is said on arrival, the options said after it, and what keys do."""

    intro: list[Said] = field(default_factory=list)
    prompt: list[Said] = field(default_factory=list)
    actions: dict[str, Action] = field(default_factory=dict)
    #: Phrases a caller may say instead of each key.
    words: dict[str, list[str]] = field(default_factory=dict)


class _Call:
    """One step of one call. Built per request; holds nothing afterwards."""

    def __init__(self, menus: Menus, catalogs: Catalogs, lang: str, now: dt.datetime, caps: Caps):
        self.menus = menus
        self.catalogs = catalogs
        self.sp = Speaker(catalogs, lang)
        self.lang = lang
        self.now = now
        self.caps = caps
        self._statuses: dict[str, hours.Status] = {}

    # helpers ------------------------------------------------------------------------

    def status(self, svc: Service) -> hours.Status:
        if svc.id not in self._statuses:
            self._statuses[svc.id] = hours.status(svc, self.now)
        return self._statuses[svc.id]

    def can_connect(self, svc: Service) -> bool:
        return self.caps.connect and svc.dialable and self.status(svc).open

    def turn(self, lines: list[Said], nxt: Listen | Connect | SendText | Hangup) -> Turn:
        return Turn(tuple(lines), nxt, self.lang)

    def listen(self, place: Place, view: View, lines: list[Said], silences: int = 0) -> Turn:
        # The danger words first: the recogniser is told to expect them above all.
        heard = [*self.danger_words(), *(p for ps in self.vocabulary(view).values() for p in ps)]
        return self.turn(lines, Listen(place, tuple(view.actions), silences, tuple(dict.fromkeys(heard))))

    def hear(self, v: View, key: str, phrases: Said | None) -> None:
        """Let the caller say these phrases (already in the call's language) instead of ``key``."""
        if phrases is not None and phrases.text:
            v.words.setdefault(key, []).extend(speech.phrases(phrases.text))

    def yaml_words(self, words: str) -> Said | None:
        """A service's or option's ``words`` from the YAML, translated; None when it has none."""
        return self.sp.say(words) if words else None

    def vocabulary(self, v: View) -> dict[str, list[str]]:
        """Every key's phrases here, with the ones that work everywhere."""
        words = {k: list(ps) for k, ps in v.words.items() if k in v.actions}
        words["*"] = speech.phrases(self.sp._("back, go back").text)
        words["0"] = speech.phrases(self.sp._("again, repeat, say that again").text)
        return words

    def danger_words(self) -> list[str]:
        """What a caller in danger may say, anywhere: in their language and in English."""
        # TRANSLATORS: words a caller in danger may say, at any menu, to hear the 999 advice at
        # once; separated by commas. Add the short cries people really use ("help me!").
        own = self.sp._("help, danger, police, emergency, help me")
        english = Speaker(self.catalogs, SOURCE_LANGUAGE)._("help, danger, police, emergency, help me")
        return list(dict.fromkeys(speech.phrases(own.text) + speech.phrases(english.text)))

    def danger(self) -> list[Said]:
        return danger_advice(self.sp)

    def notices(self, notices: tuple[Notice, ...]) -> list[Said]:
        """The dated notices in force now, in the caller's language (English where untranslated)."""
        return [self.sp.say(n.text) for n in notices if n.in_force(self.now)]

    def back_and_again(self) -> Said:
        return self.sp._("To go back, press star. To hear this again, press 0.")

    # the places ------------------------------------------------------------------

    def view(self, place: Place) -> View:
        kind, _, ref = place.node.partition(":")
        if kind == "menu":
            return self.menu_view(place, self.menus.menus[ref])
        if kind == "service":
            return self.service_view(place, self.menus.services[ref])
        if kind == "tip":
            return self.tip_view(place, int(ref))
        if kind == "dial":
            # After a put-through call the caller is back at the main menu.
            return self.view(MAIN)
        if kind == "languages":
            return self.languages_view(place, int(ref or 0))
        if kind == "about":
            return self.about_view(place, self.menus.menus[ref])
        return self.open_now_view(place, skip=ref)

    def menu_view(self, place: Place, menu: Menu) -> View:
        v = View(intro=[self.sp.say(s) for s in menu.intro])
        for opt in menu.options:
            if opt.target == "service":
                svc = self.menus.services[opt.ref]
                if opt.say:
                    v.prompt.append(self.sp.say(opt.say, key=opt.key))
                else:
                    v.prompt.append(self.sp._("{name}: press {key}.", name=svc.name, key=opt.key))
                # Open and dialable: put through straight from the list; else the service's page.
                if self.can_connect(svc):
                    v.actions[opt.key] = self.connect(place, svc)
                else:
                    v.actions[opt.key] = self.go(place, f"service:{svc.id}")
                v.words.setdefault(opt.key, []).append(svc.name)
                self.hear(v, opt.key, self.yaml_words(svc.words))
            elif opt.target == "menu":
                v.prompt.append(self.sp.say(opt.say, key=opt.key))
                v.actions[opt.key] = self.go(place, f"menu:{opt.ref}")
            elif opt.target == "tips":
                v.prompt.append(self.sp.say(opt.say, key=opt.key))
                v.actions[opt.key] = self.go(place, "tip:0", first=[self.sp._("Safety tips, one at a time.")])
            elif opt.target == "open_now":
                v.prompt.append(self.sp.say(opt.say, key=opt.key))
                v.actions[opt.key] = self.go(place, "open")
            elif opt.target == "languages":
                v.prompt.append(self.sp.say(opt.say, key=opt.key))
                v.actions[opt.key] = self.go(place, "languages")
            self.hear(v, opt.key, self.yaml_words(opt.words))
        self.offer_pages(v, place, menu)
        v.prompt.extend(self.sp.say(s) for s in menu.after)
        if menu.id == "main":
            v.prompt.append(self.sp._("To hear this menu again, press 0."))
        else:
            v.prompt.append(self.back_and_again())
        return v

    def offer_pages(self, v: View, place: Place, menu: Menu) -> None:
        """Where a key puts callers straight through, one more key leads to the services'
        own pages (who they are, hours, number, a text), so nothing is lost by the speed."""
        direct = [o for o in menu.options if o.target == "service" and self.can_connect(self.menus.services[o.ref])]
        free = next((k for k in LANGUAGE_KEYS if k not in v.actions), None)
        if not direct or free is None:
            return
        v.prompt.append(self.sp._("For their hours and numbers, press {key}.", key=free))
        v.actions[free] = self.go(place, f"about:{menu.id}")
        self.hear(v, free, self.sp._("number, their number, hear the number"))

    def about_view(self, place: Place, menu: Menu) -> View:
        """A menu's services, each key leading to the service's page, never straight through."""
        v = View()
        for opt in menu.options:
            if opt.target != "service":
                continue
            svc = self.menus.services[opt.ref]
            v.prompt.append(self.sp._("{name}: press {key}.", name=svc.name, key=opt.key))
            v.actions[opt.key] = self.go(place, f"service:{svc.id}")
            v.words.setdefault(opt.key, []).append(svc.name)
            self.hear(v, opt.key, self.yaml_words(svc.words))
        v.prompt.append(self.back_and_again())
        return v

    def about(self, svc: Service) -> list[Said]:
        """The service's name and who it is for, in one language (the name is never translated)."""
        about = self.sp.say(svc.about)
        return [Said(f"{svc.name}. {about.text}", about.lang)]

    def hours_lines(self, svc: Service) -> list[Said]:
        lines = self._hours_lines(svc)
        if self.status(svc).hours_may_differ:
            lines.append(self.sp._("Today is a bank holiday, so their hours may be different."))
        return lines

    def _hours_lines(self, svc: Service) -> list[Said]:
        st, sp = self.status(svc), self.sp
        if st.open:
            if st.until is None:
                return [sp._("They are open now, day and night.")]
            ahead = days_ahead(_day_of(st.until), self.now)
            if ahead == 0:
                return [sp._("They are open now until {time}.", time=Time(st.until))]
            if ahead == 1:
                return [sp._("They are open now until tomorrow at {time}.", time=Time(st.until))]
            return [
                sp._(
                    "They are open now until {day} at {time}.",
                    day=Day(_day_of(st.until), self.now),
                    time=Time(st.until),
                )
            ]
        lines = []
        if st.bank_holiday_today:
            lines.append(sp._("Today is a bank holiday, and they are closed."))
        else:
            lines.append(sp._("They are closed now."))
        if st.next_open is None:
            lines.append(sp._("The line does not know when they open next."))
            return lines
        ahead = days_ahead(_day_of(st.next_open), self.now)
        if ahead == 0:
            lines.append(sp._("They open again today at {time}.", time=Time(st.next_open)))
        elif ahead == 1:
            lines.append(sp._("They open again tomorrow at {time}.", time=Time(st.next_open)))
        else:
            lines.append(
                sp._(
                    "They open again on {day} at {time}.",
                    day=Day(_day_of(st.next_open), self.now),
                    time=Time(st.next_open),
                )
            )
        return lines

    def number_lines(self, svc: Service, named: bool = False) -> list[Said]:
        """The number, twice, digit by digit; ``named`` when the caller has not just heard
        the service's name (a long name and a long number make a sentence too long to follow)."""
        digits = Digits(svc.number)
        first = (
            self.sp._("The number for {name} is {digits}.", name=svc.name, digits=digits)
            if named
            else self.sp._("Their number is {digits}.", digits=digits)
        )
        lines = [first, self.sp._("Again: {digits}.", digits=digits)]
        if svc.free:
            lines.append(self.sp._("It is free to call."))
        elif numbers.costs_as_geographic(svc.number):
            lines.append(self.sp._("It costs the same as an ordinary call."))
        return lines

    def service_view(self, place: Place, svc: Service) -> View:
        # What gets a caller to help comes first: the put-through offer, or the number of a
        # service the line can only signpost; who they are and their hours after.
        v = View()
        if self.can_connect(svc):
            # Open until when, said once, then the key.
            v.intro.extend(self.hours_lines(svc))
            v.intro.append(self.sp._("To be put through now, press 1. They will not see your number."))
            v.actions["1"] = self.connect(place, svc)
            self.hear(v, "1", self.sp._("put me through, connect me, call them"))
            v.intro.extend([*self.about(svc), *self.notices(svc.notices), *(self.sp.say(n) for n in svc.notes)])
        else:
            if self.status(svc).open and not svc.dialable:
                v.intro.extend(self.number_lines(svc, named=True))
            v.intro.extend(
                [
                    *self.about(svc),
                    *self.hours_lines(svc),
                    *self.notices(svc.notices),
                    *(self.sp.say(n) for n in svc.notes),
                ]
            )
        v.prompt.append(self.sp._("To hear their number, press 2."))
        v.actions["2"] = self.say_number(place, svc)
        self.hear(v, "2", self.sp._("number, their number, hear the number"))
        if self.caps.text and self.caps.texts_left > 0:
            v.prompt.append(
                self.sp._(
                    "To get their number by text message, press 3. Only choose this if a text arriving on this phone "
                    "is safe for you."
                )
            )
            v.actions["3"] = self.send_text(place, svc)
            self.hear(v, "3", self.sp._("text, text message, send a text"))
        if not self.status(svc).open:
            others = self.alternatives(svc)
            if others:
                v.prompt.append(self.sp._("These services can help with the same thing, and are open now."))
                for key, other in zip("45678", others, strict=False):
                    self.offer(v, place, key, other)
        v.prompt.append(self.back_and_again())
        return v

    def alternatives(self, svc: Service) -> list[Service]:
        return [
            s
            for s in self.menus.services.values()
            if s.id != svc.id and set(s.needs) & set(svc.needs) and self.status(s).open
        ]

    def offer(self, v: View, place: Place, key: str, svc: Service) -> None:
        """One open service on one key: put through if possible, else its number."""
        if self.can_connect(svc):
            v.prompt.append(self.sp._("{name}: to be put through, press {key}.", name=svc.name, key=key))
            v.actions[key] = self.connect(place, svc)
        else:
            v.prompt.append(self.sp._("{name}: to hear their number, press {key}.", name=svc.name, key=key))
            v.actions[key] = self.say_number(place, svc)
        v.words.setdefault(key, []).append(svc.name)
        self.hear(v, key, self.yaml_words(svc.words))

    def open_now_view(self, place: Place, skip: str = "") -> View:
        v = View()
        open_now = [s for s in self.menus.services.values() if s.id != skip and self.status(s).open]
        if open_now:
            v.intro.append(self.sp._("These services are open now."))
        else:
            v.intro.append(self.sp._("No service is open right now."))
            v.intro.extend(self.danger())
        for key, svc in zip("123456789", open_now, strict=False):
            self.offer(v, place, key, svc)
        v.prompt.append(self.back_and_again())
        return v

    def languages_view(self, place: Place, page: int = 0) -> View:
        """Each language said in itself, by its own voice: "Polski: naciśnij 5"; more than
        nine languages are paged, 9 leading on to more."""
        v = View()
        pages = language_pages(list(self.menus.line.voices))
        for key, lang in pages[page]:
            own = Speaker(self.catalogs, lang)
            v.prompt.append(own._("{language}: press {key}.", language=language_name(lang), key=key))
            v.actions[key] = self.choose_language(lang)
            v.words.setdefault(key, []).append(language_name(lang))
        if len(pages) > 1:
            nxt = (page + 1) % len(pages)
            v.prompt.append(self.sp._("For more languages, press {key}.", key=MORE_LANGUAGES_KEY))
            v.actions[MORE_LANGUAGES_KEY] = self.go(place, f"languages:{nxt}" if nxt else "languages", swap=True)
            self.hear(v, MORE_LANGUAGES_KEY, self.sp._("more languages, more, other languages"))
        v.prompt.append(self.back_and_again())
        return v

    def tip_view(self, place: Place, n: int) -> View:
        tips = self.menus.tips
        tip = tips[n]
        v = View()
        if n == 0 or tips[n - 1].topic != tip.topic:
            v.intro.append(full_stop(self.sp.say(tip.topic)))
        v.intro.append(self.sp.say(tip.text))
        if n + 1 < len(tips):
            v.prompt.append(self.sp._("For the next tip, press 1."))
            v.actions["1"] = self.go(place, f"tip:{n + 1}", swap=True)
        else:
            v.prompt.append(self.sp._("That was the last tip. To start again, press 1."))
            v.actions["1"] = self.go(place, "tip:0", swap=True)
        self.hear(v, "1", self.sp._("next, next tip, another"))
        v.prompt.append(self.back_and_again())
        return v

    # actions ---------------------------------------------------------------------

    def go(self, place: Place, node: str, swap: bool = False, first: list[Said] | None = None) -> Action:
        def act() -> Turn:
            there = place.swap(node) if swap else place.down(node)
            return self.arrive(there, first or [])

        return act

    def arrive(self, place: Place, before: list[Said]) -> Turn:
        v = self.view(place)
        return self.listen(place, v, [*before, *v.intro, *v.prompt])

    def connect(self, place: Place, svc: Service) -> Action:
        def act() -> Turn:
            lines = [self.sp._("Putting you through.")]
            return self.turn(lines, Connect(svc, place.down(f"dial:{svc.id}"), self.menus.line.ring_timeout))

        return act

    def choose_language(self, lang: str) -> Action:
        def act() -> Turn:
            # The rest of the call is in the chosen language: the Turn carries it into the URLs.
            return _Call(self.menus, self.catalogs, lang, self.now, self.caps).arrive(MAIN, [])

        return act

    def languages_hint(self, key: str) -> Said | None:
        """In a call in another language: how to reach the language menu, in English."""
        if self.lang == SOURCE_LANGUAGE:
            return None
        # TRANSLATORS: always said in English, to callers in another language.
        return Speaker(self.catalogs, SOURCE_LANGUAGE)._("For English and other languages, press {key}.", key=key)

    def say_number(self, place: Place, svc: Service) -> Action:
        def act() -> Turn:
            v = self.view(place)
            return replace(self.listen(place, v, [*self.number_lines(svc), *v.prompt]), done=(("number", svc.id),))

        return act

    def send_text(self, place: Place, svc: Service) -> Action:
        def act() -> Turn:
            return self.turn([], SendText(svc, self.text_body(svc), place))

        return act

    def text_body(self, svc: Service) -> str:
        """A neutral text: the service, its number and hours, nothing about sex work."""
        if svc.hours.always:
            hours_said = self.sp._("Open 24 hours, every day.")
        else:
            hours_said = self.sp._("Open {hours}.", hours=WeekSummary(svc.hours))
            if svc.bank_holidays == "closed":
                closed = self.sp._("Closed on bank holidays.")
                hours_said = Said(f"{hours_said.text} {closed.text}", hours_said.lang)
        template = self.menus.line.text_message
        return self.sp.say(template, name=svc.name, number=svc.number, hours=hours_said.text).text

    def on_text_result(self, place: Place, result: TextResult) -> Turn:
        v = self.view(place)
        svc = self.menus.services.get(result.service_id)
        if result.sent or svc is None:
            return self.listen(place, v, [self.sp._("We have sent you a text message with their number."), *v.prompt])
        lines = [
            self.sp._("Sorry, we could not send the text message. Here is their number instead."),
            *self.number_lines(svc),
        ]
        return self.listen(place, v, [*lines, *v.prompt])

    # events ----------------------------------------------------------------------

    def welcome(self) -> Turn:
        v = self.view(MAIN)
        name = self.sp.say(self.menus.line.name)
        # The 999 advice first; what the call is (free only where true) after the options.
        # A call that starts in another language says the way to English in English, in
        # place of the languages option (the last option: it costs no caller any time).
        prompt = list(v.prompt)
        for opt in self.menus.menus["main"].options:
            hint = self.languages_hint(opt.key) if opt.target == "languages" else None
            said = self.sp.say(opt.say, key=opt.key) if hint else None
            if hint and said in prompt:
                prompt[prompt.index(said)] = hint
        lines = [
            Said(f"{name.text}.", name.lang),
            *self.danger(),
            *self.notices(self.menus.line.notices),
            *v.intro,
            *prompt[:-1],
            self.confidential(),
            *prompt[-1:],
        ]
        return self.listen(MAIN, v, lines)

    def confidential(self) -> Said:
        return confidential(self.sp, self.caps.free)

    def on_key(self, place: Place, digits: str) -> Turn:
        key = digits.strip()[:1]
        if key == "*":
            back = place.up()
            return self.arrive(back, [])
        if key == "0":
            return self.arrive(place, [])
        v = self.view(place)
        action = v.actions.get(key)
        if action is None:
            return replace(
                self.listen(place, v, [self.sp._("Sorry, that key does nothing here."), *v.prompt]),
                done=(("no-such-key", ""),),
            )
        return action()

    def on_speech(self, place: Place, said: Speech) -> Turn:
        v = self.view(place)
        if speech.heard_any(said.text, self.danger_words()):
            # However unsure the recogniser is: the 999 advice at once, then this menu again.
            return self.listen(place, v, [*self.danger(), *v.prompt])
        confident = said.confidence is not None and said.confidence >= speech.MIN_CONFIDENCE
        key = speech.match(said.text, self.vocabulary(v)) if confident else None
        if key is None:
            return replace(
                self.listen(place, v, [self.sp._("Sorry, I didn't catch that."), *v.prompt]), done=(("not-heard", ""),)
            )
        return self.on_key(place, key)

    def on_silence(self, place: Place, count: int) -> Turn:
        if count >= SILENCES_BEFORE_GOODBYE:
            lines = [
                self.sp._("We did not hear a key, so we will end this call now."),
                *self.danger(),
                self.sp._("You can call this line again at any time. Goodbye."),
            ]
            return self.turn(lines, Hangup())
        v = self.view(place)
        return self.listen(place, v, list(v.prompt), silences=count)

    def on_dial_ended(self, place: Place, status: str) -> Turn:
        kind, _, ref = place.node.partition(":")
        if kind != "dial":
            return self.arrive(place, [])
        svc = self.menus.services[ref]
        if status == "completed":
            return self.arrive(MAIN, [self.sp._("Your call with {name} has ended.", name=svc.name)])
        if status == "busy":
            said = self.sp._("{name} is busy right now.", name=svc.name)
        elif status == "no-answer":
            said = self.sp._("No one at {name} answered.", name=svc.name)
        else:  # failed, canceled, or anything new Twilio sends
            said = self.sp._("The call to {name} did not go through.", name=svc.name)
        # The service left out travels in the place, so every later step numbers the list alike.
        there = MAIN.down(f"open:{svc.id}")
        v = self.view(there)
        digits = Digits(svc.number)
        try_later = [
            self.sp._("You can try them again later on {digits}.", digits=digits),
            self.sp._("Again: {digits}.", digits=digits),
        ]
        return self.listen(there, v, [said, *try_later, *v.intro, *v.prompt])


def step(
    menus: Menus,
    catalogs: Catalogs,
    place: Place | None,
    event: Event,
    now: dt.datetime,
    lang: str,
    caps: Caps = Caps(),
) -> Turn:
    """What the caller hears next. ``place`` None means a new call: the welcome."""
    call = _Call(menus, catalogs, lang, now, caps)
    if place is None:
        if isinstance(event, Arrive):
            return call.welcome()
        place = MAIN  # a lost or tampered place: back to the main menu
        return call.arrive(place, [])
    if isinstance(event, Key):
        return call.on_key(place, event.digits)
    if isinstance(event, Silence):
        return call.on_silence(place, event.count)
    if isinstance(event, Speech):
        return call.on_speech(place, event)
    if isinstance(event, DialEnded):
        return call.on_dial_ended(place, event.status)
    if isinstance(event, TextResult):
        return call.on_text_result(place, event)
    return call.arrive(place, [])
