"""Phone numbers: which ones the line can dial, and how to say them.

Twilio's ``<Dial>`` needs E.164 (``+448004647669``); short numbers such as 116 123
have no dependable E.164 form and are only ever read out. 999 and 112 are never dialled.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import shortnumberinfo

REGION = "GB"


@dataclass(frozen=True)
class Checked:
    """What :func:`check` found out about a number written in the YAML."""

    e164: str | None  # set for a valid ordinary UK number
    short: bool  # a valid short number (e.g. 116 123): read out, never dialled
    emergency: bool  # reaches 999/112: never dialled
    problem: str = ""  # empty when the number can be used


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


def check(number: str) -> Checked:
    """Classify a number as written by a maintainer."""
    raw = _digits(str(number))
    if not raw:
        return Checked(None, False, False, f"“{number}” has no digits in it")
    if shortnumberinfo.connects_to_emergency_number(raw, REGION):
        return Checked(
            None, False, True, f"{number} reaches the emergency services (999/112); the line must never dial it"
        )
    try:
        parsed = phonenumbers.parse(raw, REGION)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_valid_number(parsed):
        if phonenumbers.region_code_for_number(parsed) != REGION:
            return Checked(None, False, False, f"{number} is not a UK number")
        return Checked(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), False, False)
    if parsed is not None and shortnumberinfo.is_valid_short_number(parsed):
        return Checked(None, True, False)
    return Checked(None, False, False, f"{number} is not a valid UK phone number or short number")


@lru_cache(maxsize=64)  # asked for each service's number every time the menus are loaded
def is_freephone(number: str) -> bool:
    """Free to call from UK phones: 0800/0808 numbers and the 116 helplines (Ofcom)."""
    digits = _digits(number).replace("+44", "0")
    return digits.startswith(("0800", "0808", "116"))


def costs_as_geographic(number: str) -> bool:
    """03 numbers cost the same as a call to an 01/02 number (Ofcom): not free from every phone."""
    return _digits(number).replace("+44", "0").startswith("03")


@lru_cache(maxsize=64)
def is_free_line(number: str | None) -> bool:
    """The line's own number (a request's ``To``, or ``phone:``) is free to call: 0800/0808 only,
    so "this call is free" is said only then."""
    return _digits(number or "").replace("+44", "0").startswith(("0800", "0808"))


@lru_cache(maxsize=64)
def is_line_number(value: str | None) -> bool:
    """True when ``value`` (a signed request's ``To``) is an E.164 number usable as caller ID.

    Twilio tells us this number, so "possible" is enough; what matters is that a SIP
    address, an empty value or a withheld marker is never used as caller ID. Asked on every
    webhook about the line's own few numbers, so the answers are kept (parsing was a tenth of
    a webhook's time).
    """
    if not value or not value.startswith("+") or not value[1:].isdigit():
        return False
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(value, None))
    except phonenumbers.NumberParseException:
        return False


def national(e164: str) -> str:
    """An E.164 number as UK callers write it: "+448004647669" -> "0800 464 7669"."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, REGION), phonenumbers.PhoneNumberFormat.NATIONAL)
    except phonenumbers.NumberParseException:
        return e164


def spoken_digits(number: str) -> str:
    """The number digit by digit, groups kept, so any voice reads it slowly.

    "0800 464 7669" -> "0 8 0 0. 4 6 4. 7 6 6 9": each digit a word of its own, a pause
    between groups (commas between digits made some voices pause at every digit, and an
    11-digit number took 8 seconds to say).
    """
    groups = [g for g in "".join(ch if ch.isdigit() else " " for ch in number).split() if g]
    return ". ".join(" ".join(g) for g in groups)
