"""The line's languages as a web page needs them: BCP-47 tags and each language's own name."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import locale_name
from ..model import Menus

#: Twilio's language codes that browsers (``lang=``, ``speechSynthesis``) write differently.
BCP47 = {"cmn-CN": "zh-CN", "cmn-TW": "zh-TW", "yue-HK": "zh-HK", "arb": "ar", "en-GB-WLS": "en-GB"}


def bcp47(lang: str) -> str:
    """Twilio's code as a browser's language tag: "cmn-CN" -> "zh-CN", "pl-PL" stays."""
    return BCP47.get(lang, lang)


@dataclass(frozen=True)
class Language:
    code: str  # the line's (Twilio's) code, e.g. "cmn-CN"
    tag: str  # the browser's, e.g. "zh-CN"
    name: str  # in that language, e.g. "polski (Polska)"


def languages(menus: Menus) -> list[Language]:
    """Every language the line speaks (the keys of ``voices`` in line.yaml), default first."""
    codes = list(menus.line.voices) or [menus.line.default_language]
    codes.sort(key=lambda c: c != menus.line.default_language)
    out = []
    for code in codes:
        try:
            name = locale_name(code)
        except Exception:  # a code Babel does not know still gets a choice
            name = code
        out.append(Language(code, bcp47(code), name))
    return out
