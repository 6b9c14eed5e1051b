"""What each kind of node is to a caller: the sentences said on arriving, the options, and
what each key (or the words for it) does there.

One view per kind of node in :data:`ivr.flow.nodes.KINDS` (:data:`VIEWS`, checked against it
on import); the sentences themselves come from :mod:`ivr.flow.wording` and the catalogues.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .. import hours, speech
from ..i18n import SOURCE_LANGUAGE, Catalogs, Said, Speaker, language_name
from ..model import Menu, Menus, Notice, Service
from . import nodes, wording
from .nodes import LANGUAGE_KEYS, MORE_LANGUAGES_KEY, language_pages
from .protocol import MAIN, Caps, Connect, Hangup, Listen, Place, SendText, Turn

Action = Callable[[], "Turn"]


@dataclass
class View:
    """A place: what is said on arrival, the options said after it, and what keys do."""

    intro: list[Said] = field(default_factory=list)
    prompt: list[Said] = field(default_factory=list)
    actions: dict[str, Action] = field(default_factory=dict)
    #: Phrases a caller may say instead of each key.
    words: dict[str, list[str]] = field(default_factory=dict)


class Views:
    """The places of one call at one moment, in one language. Built per request; holds nothing
    afterwards. :class:`ivr.flow.call.Call` adds what each event does."""

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
        own = self.sp._(wording.HELP_WORDS)
        english = Speaker(self.catalogs, SOURCE_LANGUAGE)._(wording.HELP_WORDS)
        return list(dict.fromkeys(speech.phrases(own.text) + speech.phrases(english.text)))

    def danger(self) -> list[Said]:
        return wording.danger_advice(self.sp)

    def notices(self, notices: tuple[Notice, ...]) -> list[Said]:
        """The dated notices in force now, in the caller's language (English where untranslated)."""
        return [self.sp.say(n.text) for n in notices if n.in_force(self.now)]

    def back_and_again(self) -> Said:
        return wording.back_and_again(self.sp)

    # the places ------------------------------------------------------------------

    def view(self, place: Place) -> View:
        kind, ref = nodes.parse(place.node)
        return VIEWS[kind.name](self, place, ref)

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
            else:
                raise nodes.UnknownNode(f"no view for the option target {opt.target!r}")
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
        return wording.about(self.sp, svc)

    def hours_lines(self, svc: Service) -> list[Said]:
        return wording.hours_lines(self.sp, self.status(svc), self.now)

    def number_lines(self, svc: Service, named: bool = False) -> list[Said]:
        return wording.number_lines(self.sp, svc, named)

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
            v.intro.append(wording.full_stop(self.sp.say(tip.topic)))
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
            return type(self)(self.menus, self.catalogs, lang, self.now, self.caps).arrive(MAIN, [])

        return act

    def languages_hint(self, key: str) -> Said | None:
        """In a call in another language: how to reach the language menu, in English."""
        return None if self.lang == SOURCE_LANGUAGE else wording.way_to_english(self.catalogs, key)

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
        return wording.text_body(self.sp, svc, self.menus.line.text_message)


#: The view of each kind of node: ``(call, place, ref)`` to what the caller meets there.
VIEWS: dict[str, Callable[[Views, Place, str], View]] = {
    "menu": lambda c, place, ref: c.menu_view(place, c.menus.menus[ref]),
    "service": lambda c, place, ref: c.service_view(place, c.menus.services[ref]),
    "tip": lambda c, place, ref: c.tip_view(place, int(ref)),
    # After a put-through call the caller is back at the main menu.
    "dial": lambda c, place, ref: c.view(MAIN),
    "languages": lambda c, place, ref: c.languages_view(place, int(ref or 0)),
    "about": lambda c, place, ref: c.about_view(place, c.menus.menus[ref]),
    "open": lambda c, place, ref: c.open_now_view(place, skip=ref),
}
nodes.covers(VIEWS, "ivr.flow.views.VIEWS")
