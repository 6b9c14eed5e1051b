"""A call in the terminal: what a caller hears, as text, from the same :func:`ivr.flow.step`
as the phone. It never dials or texts anyone; it says what the line would do instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from .flow import (
    DIAL_STATUSES,
    TEXTS_PER_CALL,
    Arrive,
    Caps,
    Connect,
    DialEnded,
    Event,
    Hangup,
    Key,
    Listen,
    Place,
    SendText,
    Silence,
    Speech,
    Turn,
    step,
    text_then_step,
)
from .hours import LONDON
from .i18n import SOURCE_LANGUAGE, Catalogs, locale_name
from .model import KEYS, Menus
from .numbers import is_free_line

SILENCE = "s"
#: Enough steps for any sensible script; stops a runaway loop.
MAX_STEPS = 200


def parse_keys(text: str) -> list[str]:
    """``"1,2,*"`` -> ``["1", "2", "*"]``; ``s`` is silence, a dial status ends a put-through,
    and words (``talk to someone``) are said rather than pressed."""
    return [k.strip() for k in text.split(",") if k.strip()]


def is_speech(entry: str) -> bool:
    return entry.lower() != SILENCE and entry not in DIAL_STATUSES and not set(entry) <= KEYS


def describe_moment(now: dt.datetime, lang: str) -> str:
    local = now.astimezone(LONDON)
    return f"It is {local.strftime('%A %d %B %Y, %H:%M')} in London; the call is in {lang} ({locale_name(lang)})."


class Simulation:
    """One call, played from the caller's side: keys (or silence) in, sentences out."""

    def __init__(
        self,
        menus: Menus,
        catalogs: Catalogs,
        now: dt.datetime,
        lang: str,
        out: Callable[[str], None] = print,
        texting: bool = False,
        called: str | None = None,
    ):
        self.menus = menus
        self.catalogs = catalogs
        self.now = now
        self.lang = lang
        self.out = out
        #: Pretend texting is set up and the caller's phone can receive texts.
        self.texting = texting
        self.texts = 0
        #: The number the caller dialled (default the line's ``phone:``): "free" only for 0800/0808.
        self.called = menus.line.phone if called is None else called
        self.place: Place | None = None
        self.turn: Turn | None = None

    def caps(self) -> Caps:
        return Caps(
            connect=True,
            text=self.texting,
            texts_left=max(0, TEXTS_PER_CALL - self.texts),
            free=is_free_line(self.called),
        )

    def send(self, event: Event) -> Turn:
        turn = step(self.menus, self.catalogs, self.place, event, self.now, self.lang, self.caps())
        turn = text_then_step(self.menus, self.catalogs, turn, self.now, self.pretend_text)
        self.turn = turn
        self.lang = turn.lang or self.lang  # the caller may have chosen another language
        for said in turn.lines:
            tag = f" [{said.lang}]" if self.lang != SOURCE_LANGUAGE or said.lang != SOURCE_LANGUAGE else ""
            self.out(f"LINE{tag}: {said.text}")
        nxt = turn.next
        if isinstance(nxt, Listen):
            self.place = nxt.place
            keys = " ".join(k for k in nxt.keys)
            self.out(f"  (keys that do something here: {keys}{' ' if keys else ''}* back, 0 again; s = say nothing)")
        elif isinstance(nxt, Connect):
            svc = nxt.service
            self.out(
                f"[the line would now put you through to {svc.name} on {svc.number}, showing the line's number, not "
                "yours]"
            )
            self.place = nxt.after
        elif isinstance(nxt, Hangup):
            self.out("[the line hangs up]")
        return turn

    def pretend_text(self, ask: SendText) -> tuple[bool, Caps]:
        """Say what text would go, and count it as sent."""
        self.out(f"[the line would now send a text message to your phone: “{ask.body}”]")
        self.texts += 1
        return True, self.caps()

    @property
    def waiting(self) -> str:
        """What the line waits for: "key", "dial" (a put-through call to end) or "" (ended)."""
        nxt = self.turn.next if self.turn else None
        return "key" if isinstance(nxt, Listen) else "dial" if isinstance(nxt, Connect) else ""

    def press(self, key: str) -> Turn:
        if is_speech(key):
            self.out(f"YOU SAY: {key}")
            return self.send(Speech(key, 1.0))
        if key.lower() == SILENCE or key == "":
            count = (self.turn.next.silences if self.turn and isinstance(self.turn.next, Listen) else 0) + 1
            self.out("YOU: (say nothing)")
            return self.send(Silence(count))
        self.out(f"YOU PRESS: {key}")
        return self.send(Key(key))

    def dial_ends(self, status: str) -> Turn:
        self.out(f"(the put-through call ends: {status})")
        return self.send(DialEnded(status))


def scripted(sim: Simulation, keys: list[str], dial: str = "completed") -> None:
    """Play ``keys`` in order; a put-through call ends with the next key if it is a dial status, else ``dial``."""
    sim.send(Arrive())
    todo: Iterator[str] = iter(keys)
    pending = next(todo, None)
    for _ in range(MAX_STEPS):
        if sim.waiting == "dial":
            if pending in DIAL_STATUSES:
                sim.dial_ends(pending)
                pending = next(todo, None)
            else:
                sim.dial_ends(dial)
        elif sim.waiting == "key":
            if pending is None:
                sim.out("(end of the keys given; the line is waiting for a key)")
                return
            if pending in DIAL_STATUSES:
                sim.out(f"(“{pending}” is for when the line puts you through; ignoring it here)")
            else:
                sim.press(pending)
            pending = next(todo, None)
        else:
            return


def interactive(sim: Simulation, ask: Callable[[str], str] = input) -> None:
    """Type a key and Enter; Enter alone or s is silence; q ends the call."""
    sim.send(Arrive())
    for _ in range(10_000):
        try:
            if sim.waiting == "dial":
                answer = (
                    ask(f"How does the put-through call end? ({', '.join(DIAL_STATUSES)}) [completed] ").strip()
                    or "completed"
                )
                sim.dial_ends(answer if answer in DIAL_STATUSES else "completed")
            elif sim.waiting == "key":
                answer = ask("key, or words to say (s = silence, q = hang up)> ").strip()
                if answer.lower() in ("q", "quit", "exit"):
                    sim.out("[you hang up]")
                    return
                sim.press(answer)
            else:
                return
        except EOFError:
            sim.out("[you hang up]")
            return


def texts(
    menus: Menus,
    catalogs: Catalogs,
    now: dt.datetime,
    lang: str,
    bodies: list[str],
    out: Callable[[str], None] = print,
) -> None:
    """Text the line from the terminal (``ivr simulate --sms "help"``): each text and the reply
    :mod:`ivr.sms` gives, with the SMS segments it would cost. Nothing is sent."""
    from .segments import segments
    from .sms import NO_REPLY, reply

    for body in bodies:
        answer = reply(menus, catalogs, body, now, lang)
        out(f"YOU TEXT: {body}")
        if not answer.text:  # an opt-out word: Twilio answers it itself (docs/sources.md)
            out(f"THE LINE SENDS NO REPLY: {NO_REPLY}")
            continue
        out(f"LINE TEXTS [{answer.lang}, {answer.kind}; {segments(answer.text)}]:")
        out(f"  {answer.text}")
