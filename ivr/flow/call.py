"""What each event does at a place: the welcome, a key, words, silence, the end of a
put-through call, the result of a text; and :func:`step`, the one entry point of the faces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from .. import speech
from ..i18n import Catalogs, Said
from ..model import Menus
from ..saying import Digits
from . import wording
from .protocol import (
    MAIN,
    SILENCES_BEFORE_GOODBYE,
    Arrive,
    Caps,
    DialEnded,
    Event,
    Hangup,
    Key,
    Place,
    SendText,
    Silence,
    Speech,
    TextResult,
    Turn,
)
from .views import Views


class Call(Views):
    """One step of one call: the views, and what each event does there."""

    # events ----------------------------------------------------------------------

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
        return wording.confidential(self.sp, self.caps.free)

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
    caps: Caps = Caps(),  # noqa: B008 (frozen: one shared default is safe)
) -> Turn:
    """What the caller hears next. ``place`` None means a new call: the welcome."""
    call = Call(menus, catalogs, lang, now, caps)
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


def text_then_step(
    menus: Menus,
    catalogs: Catalogs,
    turn: Turn,
    now: dt.datetime,
    send: Callable[[SendText], tuple[bool, Caps]],
) -> Turn:
    """When ``turn`` asks for a text: ``send`` it (only the face knows the caller's number),
    which says whether it went and what the call can do now, then step again with the
    :class:`TextResult`, so the caller hears how it went. Any other turn is given back as it is."""
    ask = turn.next
    if not isinstance(ask, SendText):
        return turn
    sent, caps = send(ask)
    return step(menus, catalogs, ask.place, TextResult(ask.service.id, sent), now, turn.lang, caps)
