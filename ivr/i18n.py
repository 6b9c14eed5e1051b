"""One translation function for everything a caller hears.

Every caller-facing sentence goes through :meth:`Speaker._` (or :meth:`Speaker.say`
for sentences that come from the YAML). Each returns a :class:`Said`: the text and the
language it is really in, so a sentence with no translation is spoken in English by
an English voice, never English words in another language's voice.
"""

from __future__ import annotations

import gettext
import io
import logging
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import cldr

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en-GB"


def babel_locale(lang: str) -> str:
    """Twilio's code ("pl-PL", "cmn-CN") to Babel's locale name ("pl_PL", "zh_Hans_CN"): the
    voice table's ``locale`` where the code with "_" is not one (:mod:`ivr.voices`). A server
    worker has it from the check (:mod:`ivr.cldr`), without reading the table itself."""
    found = cldr.babel_name(lang)
    if found is not None:
        return found
    from .voices import locale_of  # here: the table is YAML, which a server worker never reads

    return locale_of(lang) or lang.replace("-", "_")


@dataclass(frozen=True)
class Said:
    """One sentence as the caller will hear it, and the language it is in."""

    text: str
    lang: str


class Placeholder:
    """A value inside a sentence that is written differently in each language."""

    def format(self, lang: str) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    def agree(self, sentence: str, lang: str) -> str:
        """The whole sentence, once filled in, with the words around the value made to agree
        with it (Spanish "a las 1" is "a la 1"). Most values need nothing."""
        return sentence


DOMAIN = "messages"
#: Written in each catalogue's header comment until a native speaker has checked it.
REVIEW_MARK = re.compile(r"^#?[ \t]*Reviewed:[ \t]*(.*)$", re.I | re.M)


def po_path(locales: Path, lang: str) -> Path:
    """Where the catalogue of ``lang`` lives under a locales folder."""
    return locales / babel_locale(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"


class Catalogs:
    """The gettext catalogues under ``locales/``, read from the ``.po`` files.

    Only the ``.po`` files are kept in git: each is compiled in memory (Babel's ``read_po``
    then ``write_mo``), so a fresh clone needs no build step and a maintainer's edit is used as
    soon as the catalogues are loaded again. The version the line serves is given them
    ``compiled`` when they are checked (:mod:`ivr.checked`), so a caller hears what was checked,
    and a server worker never loads Babel's message tools; other catalogues are compiled when
    first needed. Fuzzy entries (guesses made by ``pybabel update`` after an English sentence
    changed) are never used, as gettext never uses them: the caller hears the English instead.
    """

    def __init__(self, folder: Path | None, compiled: Mapping[str, bytes | None] | None = None):
        self.folder = Path(folder) if folder else None
        self._compiled = dict(compiled or {})
        self._loaded: dict[str, gettext.GNUTranslations | None] = {}
        self._lock = threading.Lock()

    def po_path(self, lang: str) -> Path | None:
        return po_path(self.folder, lang) if self.folder is not None else None

    def catalog(self, lang: str) -> Catalog | None:
        """The catalogue of ``lang`` as Babel reads it, or None when there is none."""
        from babel.messages.pofile import read_po  # here: a server worker never reads a .po

        path = self.po_path(lang)
        if path is None or not path.is_file():
            return None
        with path.open("rb") as f:
            return read_po(f, locale=babel_locale(lang), domain=DOMAIN)

    def compile(self, lang: str) -> bytes | None:
        """The catalogue of ``lang`` compiled (a ``.mo``), without its fuzzy entries; None when
        there is none, or it cannot be read (logged: its callers hear English)."""
        if lang == SOURCE_LANGUAGE or self.folder is None:
            return None
        from babel.messages.mofile import write_mo  # here: a server worker never compiles one

        try:
            catalog = self.catalog(lang)
            if catalog is None:
                return None
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            return buffer.getvalue()
        except Exception:  # a broken .po must never break a call: English instead
            log.exception("the catalogue for %s cannot be read; saying everything in English", lang)
            return None

    def translations(self, lang: str) -> gettext.GNUTranslations | None:
        if lang == SOURCE_LANGUAGE or self.folder is None:
            return None
        with self._lock:
            if lang not in self._loaded:
                self._loaded[lang] = self._translations(lang)
            return self._loaded[lang]

    def _translations(self, lang: str) -> gettext.GNUTranslations | None:
        mo = self._compiled[lang] if lang in self._compiled else self.compile(lang)
        if mo is None:
            return None
        try:
            return gettext.GNUTranslations(io.BytesIO(mo))
        except Exception:  # never a broken call: English instead
            log.exception("the compiled catalogue for %s cannot be read; saying everything in English", lang)
            return None

    def review_note(self, lang: str) -> str | None:
        """What the catalogue's header says after "Reviewed:" ("no", "yes, Ana, 2026-12-01")."""
        catalog = self.catalog(lang)
        found = REVIEW_MARK.search(catalog.header_comment or "") if catalog is not None else None
        return found.group(1).strip() if found else None

    def reviewed(self, lang: str) -> bool:
        """Whether a native speaker has marked the catalogue reviewed in its header."""
        return (self.review_note(lang) or "").lower().startswith("yes")

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
                for v in values.values():
                    if isinstance(v, Placeholder):
                        text = v.agree(text, lang)
            except (KeyError, IndexError, ValueError):
                log.warning("translation of %r into %s has broken placeholders; saying it in English", msgid, lang)
                text, lang = (
                    msgid.format(
                        **{
                            k: (v.format(SOURCE_LANGUAGE) if isinstance(v, Placeholder) else v)
                            for k, v in values.items()
                        }
                    ),
                    SOURCE_LANGUAGE,
                )
        return Said(text, lang)


def language_name(lang: str) -> str:
    """A language's own name in itself, as a menu says it: "Polski", "Română", "中文"."""
    try:
        name = cldr.locale(babel_locale(lang)).get_language_name() or lang
    except (ValueError, LookupError):
        return lang
    return name[:1].upper() + name[1:]


def locale_name(lang: str) -> str:
    """A language's own name with its country, in that language ("polski (Polska)"), for the
    browser demo's language choice and ``ivr simulate``. The phone's language menu says
    :func:`language_name` instead."""
    return cldr.locale(babel_locale(lang)).get_display_name() or lang
