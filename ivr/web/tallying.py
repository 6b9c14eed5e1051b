"""The web face's side of the anonymous counts: what a webhook adds, never failing a call."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from flask import current_app

from .. import hours
from ..counting import DOCTOR_CALL_SID, Count, step_counts
from ..flow import Event, Place, Turn
from ..model import Menus

log = logging.getLogger("ivr.tally")


def count(items: Iterable[Count], ivr: dict[str, Any] | None = None) -> None:
    """Add these counts at this hour (``ivr``: the app's extension, when the caller has it at
    hand). Never raises: a call matters more than its count."""
    try:
        ivr = ivr if ivr is not None else current_app.extensions["ivr"]
        ivr["tally"].add(ivr["settings"].clock(), items)
    except Exception:
        log.debug("a count was dropped", exc_info=True)


def step_items(
    before: Place | None, event: Event, turn: Turn, lang: str, menus: Menus, now: dt.datetime, dial_seconds: str | None
) -> tuple[Count, ...]:
    """The counts of one step of a call at ``now`` (see :func:`ivr.counting.step_counts`); none
    if they cannot be worked out. They depend on nothing else, so they can be kept with the answer
    for the minute (:mod:`ivr.answers`), except a put-through's end, whose duration they band."""
    try:

        def is_open(service_id: str) -> bool:
            return hours.status(menus.services[service_id], now).open

        return tuple(step_counts(before, event, turn, lang, is_open, dial_seconds))
    except Exception:
        log.debug("a step's counts were dropped", exc_info=True)
        return ()


def count_step(
    before: Place | None,
    event: Event,
    turn: Turn,
    lang: str,
    menus: Menus,
    values: Any,
    now: dt.datetime,
    known: Sequence[Count] | None,
    ivr: dict[str, Any],
) -> None:
    """The counts of one step of a call at ``now``: ``known`` when they were kept with the answer,
    else worked out (``ivr``: the app's extension)."""
    try:
        if values.get("CallSid") == DOCTOR_CALL_SID:  # ivr doctor's self-request is no caller
            return
        if known is None:
            known = step_items(before, event, turn, lang, menus, now, values.get("DialCallDuration"))
        count(known, ivr)
    except Exception:
        log.debug("a step's counts were dropped", exc_info=True)
