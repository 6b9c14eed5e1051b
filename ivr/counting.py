"""What one step of a call adds to the anonymous counts, derived from what the core returned.

Each count is an increment of (event, detail) in the hour it happened (UK time); see
:mod:`ivr.tally` for where they are kept. What is never counted: the caller's number or any
hash of it, the CallSid, the exact time, or a sequence of choices: every step adds its own
separate increments, so nothing ties one count to another. Nothing here stores anything.

The events (``detail`` in brackets):

- ``call`` (answered): a call reached the welcome.
- ``language`` (code): the language a call ended in. The welcome adds 1 to the line's
  language; choosing another moves the 1 (-1 from the old, +1 to the new).
- ``menu`` (service id, menu id, ``tips``, ``open``, ``languages``): a main-menu choice.
- ``service`` (``id:open`` or ``id:closed``): a service chosen, open or closed then: its page
  reached, or (open) put through as soon as its key in a list was pressed.
- ``connect`` (service id): a put-through started; ``dial`` (``id:status:duration``) how it ended.
- ``number`` (service id): a number read out; ``text`` (``sent`` or ``failed``).
- ``hangup`` (``silence``): the line ended a call after silence.
- ``texted`` (``kind:language``, e.g. ``tips:pl-PL``): a text to the line answered
  (:mod:`ivr.web.sms`); ``error`` ``text-webhook`` when it could not be.
- ``ended`` (duration band): how far into the call it ended (Twilio's status callback).
- ``error`` (``no-such-key``, ``not-heard``, ``lost-place``, ``webhook``, ``fallback``) and
  ``safe-words`` (``retry`` or ``goodbye``): when the line could not help at once.
"""

from __future__ import annotations

from collections.abc import Callable

from .flow import Arrive, Connect, DialEnded, Event, Hangup, Listen, Place, Silence, Turn

#: (event, detail, how much to add).
Count = tuple[str, str, int]

#: The made-up call of ``ivr doctor``'s signed self-request (``CA`` and 32 hex digits, as a real
#: CallSid; a real call would have to draw it out of 2**128): answered like any call, never counted.
DOCTOR_CALL_SID = "CA" + "d0c7" * 8

#: Upper bounds in seconds, and their names, for put-through and call durations.
DIAL_BANDS = ((0, "0s"), (60, "under-1m"), (300, "1-5m"), (900, "5-15m"), (None, "over-15m"))
CALL_BANDS = ((30, "under-30s"), (60, "30s-1m"), (120, "1-2m"), (300, "2-5m"), (600, "5-10m"), (None, "over-10m"))


def band(seconds_text: str | None, bands: tuple[tuple[int | None, str], ...]) -> str:
    """A duration as a coarse band ("1-5m"), never the exact figure; "unknown" when not a number."""
    text = (seconds_text or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) < 8):
        return "unknown"
    seconds = int(text)
    return next(name for upper, name in bands if upper is None or seconds <= upper)


def _node(place: Place | None) -> str:
    return place.node if place is not None else ""


def _choice(node: str) -> str:
    """A main-menu choice as counted: the service or menu id, or the kind of place."""
    kind, _, ref = node.partition(":")
    if kind in ("service", "menu"):
        return ref
    return {"tip": "tips"}.get(kind, kind)


def step_counts(
    before: Place | None,
    event: Event,
    turn: Turn,
    lang_before: str,
    is_open: Callable[[str], bool],
    dial_seconds: str | None = None,
) -> list[Count]:
    """The counts one step adds. ``before`` is where the call was (None: a new call);
    ``is_open(service_id)`` says whether a service is open now."""
    out: list[Count] = []
    nxt = turn.next
    if before is None and isinstance(event, Arrive):
        out += [("call", "answered", 1), ("language", turn.lang, 1)]
    elif turn.lang != lang_before:
        out += [("language", lang_before, -1), ("language", turn.lang, 1)]
    for what, detail in turn.done:
        out.append(("number", detail, 1) if what == "number" else ("error", what, 1))
    if isinstance(event, DialEnded):
        kind, _, ref = _node(before).partition(":")
        if kind == "dial":
            status = (
                event.status if event.status in ("completed", "busy", "no-answer", "failed", "canceled") else "other"
            )
            out.append(("dial", f"{ref}:{status}:{band(dial_seconds, DIAL_BANDS)}", 1))
    if isinstance(nxt, Connect):
        out.append(("connect", nxt.service.id, 1))
        if _node(before) != f"service:{nxt.service.id}":  # chosen in a list, put through at once
            out.append(("service", f"{nxt.service.id}:open", 1))
    elif isinstance(nxt, Hangup) and isinstance(event, Silence):
        out.append(("hangup", "silence", 1))
    elif isinstance(nxt, Listen):
        now_at, was_at = nxt.place.node, _node(before)
        if before is not None and was_at == "menu:main" and now_at != was_at and len(nxt.place.path) == 2:
            out.append(("menu", _choice(now_at), 1))
        if now_at.startswith("service:") and now_at != was_at:
            ref = now_at.partition(":")[2]
            out.append(("service", f"{ref}:{'open' if is_open(ref) else 'closed'}", 1))
    return out
