"""How many SMS segments a text costs, and written so it costs as few as it can.

Every segment costs the charity money, so replies are counted as the network counts them
(3GPP TS 23.038/23.040, as Twilio bills): a text in the GSM 03.38 alphabet ("GSM-7") takes
160 septets in one segment, 153 a segment once it is split (the rest carries the join); the
extension characters (``{ } [ ] ~ \\ | ^ €``) take two septets. One character outside that
alphabet turns the whole text into UCS-2: 70 UTF-16 units in one segment, 67 a segment when
split. The ``gsm0338`` codec knows the alphabet; :func:`fold` swaps the punctuation that
Babel and translators write (dashes, curly quotes, no-break spaces) for its GSM-7 twins, so
an English reply never pays UCS-2 for a dash.

A text in a language written in Latin letters (Romanian, Polish, Hungarian, Spanish,
Portuguese) is sent without the accents GSM-7 lacks ("Sună la 999" as "Suna la 999"), as
people of those languages commonly text and as many phones send them: it stays readable and
costs about half as many segments. A text in another script (Thai, Chinese, Cyrillic) needs
UCS-2 and is sent as written, accents and all.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

import gsm0338  # type: ignore[import-untyped]  # noqa: F401  (registers the "gsm03.38" codec)

GSM7 = "GSM-7"
UCS2 = "UCS-2"
#: Units in one segment, and per segment once a text is split (the rest is the join header).
SINGLE = {GSM7: 160, UCS2: 70}
PER_PART = {GSM7: 153, UCS2: 67}

#: Latin letters that lose their accent but do not come apart by Unicode decomposition.
BARE = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"})
#: Punctuation with a GSM-7 twin.
_FOLD = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\u2026": "...",
    }
)


def fold(text: str) -> str:
    """``text`` as cheap as it reads well: typographic punctuation and spaces swapped for
    GSM-7 ones, and, when that makes the whole text GSM-7, Latin letters without the accents
    GSM-7 lacks; a text that needs UCS-2 anyway (another script) keeps every letter."""
    text = text.translate(_FOLD)
    if gsm7_units(text) is not None:
        return text
    bare = "".join(_bare(ch) for ch in text.translate(BARE))
    return bare if gsm7_units(bare) is not None else text


def _bare(ch: str) -> str:
    """A letter as GSM-7 has it: itself if it is there (é, ñ, ü), else without its accents."""
    if gsm7_units(ch) is not None:
        return ch
    parts = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in parts if not unicodedata.combining(c))
    return base if base and gsm7_units(base) is not None else ch


def gsm7_units(text: str) -> int | None:
    """Septets ``text`` takes in GSM-7, or None when a character is outside the alphabet."""
    try:
        return len(text.encode("gsm03.38"))
    except UnicodeEncodeError:
        return None


@dataclass(frozen=True)
class Segments:
    """What a text costs: its encoding, its length in that encoding's units, and segments."""

    encoding: str
    units: int
    count: int

    def __str__(self) -> str:
        return f"{self.count} segment{'' if self.count == 1 else 's'} ({self.encoding}, {self.units} units)"


def segments(text: str) -> Segments:
    """The segments ``text`` is sent in, as the network counts them."""
    units = gsm7_units(text)
    encoding = GSM7
    if units is None:
        encoding, units = UCS2, len(text.encode("utf-16-le")) // 2
    if units <= SINGLE[encoding]:
        return Segments(encoding, units, 1 if units else 0)
    return Segments(encoding, units, math.ceil(units / PER_PART[encoding]))
