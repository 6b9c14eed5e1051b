"""The Twilio voices the line may use, and the speech-recognition code of each language.

The table is data, ``ivr/data/voices.yaml``, made from Twilio's own TwiML definitions (the
file says how, from where and when). A wrong voice/language pair makes ``<Say>`` fail on a
live call, and a ``<Gather>`` language Twilio does not recognise fails the menu, so the
loader refuses anything not in the table rather than finding out on the phone, unless the
deployer writes an ``override`` in line.yaml and so takes that check on themselves (for a
voice Twilio added after the table was made).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

TABLE_FILE = Path(__file__).resolve().parent / "data" / "voices.yaml"


@dataclass(frozen=True)
class Language:
    """One ``<Say>`` language: its voices and the ``<Gather>`` code that recognises it."""

    code: str  # the <Say> language code, e.g. "cmn-CN"
    voices: tuple[str, ...]
    speech: str | None  # the <Gather language> code, e.g. "cmn-Hans-CN"; None: keys only
    locale: str | None = None  # Babel's locale when it is not the code with "_"


@dataclass(frozen=True)
class Table:
    """Twilio's voices by language, with where and when the list was taken."""

    languages: dict[str, Language]
    #: Every code ``<Gather input="speech" language=…>`` accepts.
    recognition: frozenset[str]
    source: str
    commit_date: str
    checked: str

    @property
    def origin(self) -> str:
        """Where the table comes from, in a few words, for messages."""
        return f"ivr/data/voices.yaml, Twilio's list from {self.source} as of {self.commit_date}"


@functools.lru_cache(maxsize=1)
def table() -> Table:
    """The table shipped with the package (read once)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(TABLE_FILE.read_text(encoding="utf-8"), Loader=loader)
    langs = {
        code: Language(code, tuple(entry["voices"]), entry.get("speech"), entry.get("locale"))
        for code, entry in raw["languages"].items()
    }
    return Table(langs, frozenset(raw["recognition"]), raw["source"], str(raw["commit_date"]), str(raw["checked"]))


#: Language code -> the voices Twilio has for it (the table, as a plain mapping).
KNOWN_VOICES: dict[str, tuple[str, ...]] = {code: lang.voices for code, lang in table().languages.items()}

#: What a maintainer may have meant by a code Twilio does not use for ``<Say>``.
LIKELY_MEANT = {
    "zh-CN": "cmn-CN",
    "zh": "cmn-CN",
    "en": "en-GB",
    "es": "es-ES",
    "ro": "ro-RO",
    "de": "de-DE",
    "pl": "pl-PL",
    "pt": "pt-BR",
    "hu": "hu-HU",
    "th": "th-TH",
    "bg": "bg-BG",
    "ar": "ar-XA",
    "sq": "sq-AL",
    "vi": "vi-VN",
    "fr": "fr-FR",
    "it": "it-IT",
    "uk": "uk-UA",
    "ru": "ru-RU",
}


def speech_code(lang: str) -> str | None:
    """The ``<Gather>`` language for callers of ``lang``, None when Twilio cannot recognise it."""
    known = table().languages.get(lang)
    return known.speech if known else None


def locale_of(lang: str) -> str | None:
    """Babel's locale for ``lang`` when the table names one ("cmn-CN" -> "zh_Hans_CN")."""
    known = table().languages.get(lang)
    return known.locale if known else None


def voice_problem(lang: str, voice: str) -> str:
    """Why ``voice`` cannot speak ``lang``, in plain words; empty when it can."""
    t = table()
    if lang not in t.languages:
        meant = LIKELY_MEANT.get(lang)
        hint = f" Did you mean {meant}?" if meant and meant in t.languages else ""
        return (
            f"Twilio has no voice for the language “{lang}” ({t.origin}).{hint} "
            f"If Twilio has added it since, write it as “{lang}: {{voice: …, override: why you are sure}}” "
            f"(see docs/maintaining.md)"
        )
    if voice not in t.languages[lang].voices:
        near = [v for v in t.languages[lang].voices if "Chirp3" not in v][:8] or list(t.languages[lang].voices[:8])
        return (
            f"“{voice}” is not a Twilio voice for {lang} ({t.origin}), and a call would fail when it speaks. "
            f"Use one of: {', '.join(near)}{' …' if len(t.languages[lang].voices) > len(near) else ''}"
        )
    return ""


def speech_problem(lang: str, code: str) -> str:
    """Why ``code`` cannot be the ``<Gather>`` language of ``lang``; empty when it can."""
    t = table()
    if code not in t.recognition:
        own = speech_code(lang)
        hint = f" For {lang} it is {own}." if own else f" Twilio does not recognise speech in {lang}: leave it to keys."
        return f"Twilio's speech recognition does not accept “{code}” ({t.origin}), and the menu would fail.{hint}"
    return ""
