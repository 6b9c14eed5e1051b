"""One translation function for everything a caller hears.

Every caller-facing sentence goes through :meth:`Speaker._` (or :meth:`Speaker.say`
for sentences that come from the YAML). Each returns a :class:`Said`: the text and the
language it is really in, so a sentence with no translation is spoken in English by
an English voice, never English words in another language's voice.
"""

from __future__ import annotations

import gettext
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.support import Translations

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en-GB"
#: Twilio language codes whose Babel locale is not simply the code with "_".
BABEL_LOCALES = {"cmn-CN": "zh_Hans_CN"}


def babel_locale(lang: str) -> str:
    """Twilio's code ("pl-PL", "cmn-CN") to Babel's locale name ("pl_PL", "zh_Hans_CN")."""
    return BABEL_LOCALES.get(lang, lang.replace("-", "_"))


@dataclass(frozen=True)
class Said:
    """One sentence as the caller will hear it, and the language it is in."""

    text: str
    lang: str


class Placeholder:
    """A value inside a sentence that is written differently in each language."""

    def format(self, lang: str) -> str:  # pragma: no cover - interface
        raise NotImplementedError


class Catalogs:
    """The compiled gettext catalogues under ``locales/``, loaded once per language."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder else None

    @lru_cache(maxsize=32)
    def translations(self, lang: str) -> gettext.NullTranslations | None:
        if lang == SOURCE_LANGUAGE or self.folder is None:
            return None
        try:
            found = Translations.load(str(self.folder), [babel_locale(lang)], domain="messages")
        except Exception as exc:  # a corrupt .mo must not break every call in that language
            # Cached with the result, so this is said once per language, not once per call.
            log.warning(
                "the catalogue for %s under %s cannot be read (%s: %s); callers choosing %s hear English until it is fixed",
                babel_locale(lang), self.folder, type(exc).__name__, exc, lang,
            )
            return None
        if type(found) is gettext.NullTranslations or not isinstance(found, Translations):
            return None
        return found

    def lookup(self, msgid: str, lang: str) -> tuple[str, str]:
        """The sentence in ``lang`` if translated, else the English and ``en-GB``."""
        t = self.translations(lang)
        if t is not None:
            text = t.gettext(msgid)
            if text and text != msgid:
                return text, lang
        return msgid, SOURCE_LANGUAGE


class Speaker:
    """Says sentences in one caller's language."""

    def __init__(self, catalogs: Catalogs, lang: str):
        self.catalogs = catalogs
        self.lang = lang

    def _(self, msgid: str, **values: Any) -> Said:
        """Translate a sentence written in the code (extracted by ``pybabel extract``)."""
        return self.say(msgid, **values)

    def say(self, msgid: str, **values: Any) -> Said:
        """Translate a sentence (from the code or the YAML) and fill in its placeholders."""
        text, lang = self.catalogs.lookup(msgid, self.lang)
        if values:
            filled = {k: (v.format(lang) if isinstance(v, Placeholder) else v) for k, v in values.items()}
            try:
                text = text.format(**filled)
            except (KeyError, IndexError, ValueError):
                log.warning("translation of %r into %s has broken placeholders; saying it in English", msgid, lang)
                text, lang = msgid.format(**{k: (v.format(SOURCE_LANGUAGE) if isinstance(v, Placeholder) else v) for k, v in values.items()}), SOURCE_LANGUAGE
        return Said(text, lang)


def locale_name(lang: str) -> str:
    """A language's own name, in that language ("polski"), for the language menu."""
    return Locale.parse(babel_locale(lang)).get_display_name() or lang
