"""The call itself: one pure step from (where the call is, what the caller did, now,
language) to what the caller hears and what may happen next.

Nothing here knows about Twilio, Flask, HTTP or a browser: the phone (TwiML), the
browser demo and the terminal are thin faces over :func:`step`, so they cannot
disagree. No state is kept between steps; where a call is travels in a :class:`Place`
that each face writes into the next request (for the phone, the callback URL).

One job a module:

- :mod:`.protocol`: what the faces and the core exchange (``Place``, the events, ``Turn``
  and what comes next, ``Caps``);
- :mod:`.nodes`: the kinds of node a place is made of, listed once;
- :mod:`.views`: what each kind of node is to a caller (sentences, options, keys);
- :mod:`.wording`: the sentences shared by the call, the card and the safe words;
- :mod:`.call`: what each event does, and :func:`step`.

The faces import from ``ivr.flow`` only; the names below are its whole public face
(with :mod:`.nodes`, the registry, for the diagram).
"""

from __future__ import annotations

from . import nodes
from .call import step, text_then_step
from .nodes import MORE_LANGUAGES_KEY, language_pages
from .protocol import (
    DIAL_STATUSES,
    MAIN,
    SILENCES_BEFORE_GOODBYE,
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
    TextResult,
    Turn,
)
from .wording import (
    HELP_WORDS,
    SAFE_TEXT,
    SAFE_WORDS,
    back_and_again,
    confidential,
    danger_advice,
    danger_for_reading,
    danger_for_texts,
    full_stop,
    way_to_english,
)

__all__ = [
    "DIAL_STATUSES",
    "MAIN",
    "MORE_LANGUAGES_KEY",
    "HELP_WORDS",
    "SAFE_TEXT",
    "SAFE_WORDS",
    "SILENCES_BEFORE_GOODBYE",
    "TEXTS_PER_CALL",
    "Arrive",
    "Caps",
    "Connect",
    "DialEnded",
    "Event",
    "Hangup",
    "Key",
    "Listen",
    "Place",
    "SendText",
    "Silence",
    "Speech",
    "TextResult",
    "Turn",
    "back_and_again",
    "confidential",
    "danger_advice",
    "danger_for_reading",
    "danger_for_texts",
    "full_stop",
    "language_pages",
    "nodes",
    "step",
    "text_then_step",
    "way_to_english",
]
