"""What the faces and the core say to each other: where a call is (:class:`Place`), what the
caller did (the events), and what happens next (:class:`Turn` and its ``next``).

The faces (phone, browser demo, terminal) build events and read turns; they never look
inside the views or the wording. Nothing here knows Twilio, Flask or HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from ..i18n import Said
from ..model import Menus, Service
from . import nodes

#: The longest trail kept in a place; deeper trails drop their oldest steps after "main".
MAX_DEPTH = 8
#: Silences before the line says goodbye: the menu is said once more, then goodbye.
SILENCES_BEFORE_GOODBYE = 2
DIAL_STATUSES = ("completed", "busy", "no-answer", "failed", "canceled")


# --- where a call is -----------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a call is: the trail of nodes from the main menu, the last being current.

    Each node is ``kind`` or ``kind:ref``, of a kind in :data:`ivr.flow.nodes.KINDS`
    (``menu:main``, ``service:<id>``, ``tip:<n>``, ``open``, ``languages:<page>``,
    ``about:<menu id>``, ``dial:<service id>``); a place with a node of any other kind cannot
    be made. The trail is what star (back) walks along.
    """

    path: tuple[str, ...] = ("menu:main",)

    def __post_init__(self) -> None:
        for node in self.path:
            nodes.parse(node)  # a node of no known kind is a bug: refused here, never said

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
        if len(path) > MAX_DEPTH or path[0] != "menu:main" or not all(nodes.known(n, menus) for n in path):
            return None
        return Place(path)


MAIN = Place()


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
