"""The web face's side of the anonymous counts: what a webhook adds, never failing a call."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from flask import current_app

from .. import hours
from ..counting import Count, step_counts
from ..flow import Event, Place, Turn
from ..model import Menus

log = logging.getLogger("ivr.tally")


def count(items: Iterable[Count]) -> None:
    """Add these counts at this hour. Never raises: a call matters more than its count."""
    try:
        ivr = current_app.extensions["ivr"]
        ivr["tally"].add(ivr["settings"].clock(), items)
    except Exception:
        log.debug("a count was dropped", exc_info=True)


def count_step(before: Place | None, event: Event, turn: Turn, lang: str, menus: Menus, values: Any) -> None:
    """The counts of one step of a call (see :func:`ivr.counting.step_counts`)."""
    try:
        now = current_app.extensions["ivr"]["settings"].clock()

        def is_open(service_id: str) -> bool:
            return hours.status(menus.services[service_id], now).open

        count(step_counts(before, event, turn, lang, is_open, values.get("DialCallDuration")))
    except Exception:
        log.debug("a step's counts were dropped", exc_info=True)
