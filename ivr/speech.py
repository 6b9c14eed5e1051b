"""Matching what a caller said to an option, tolerant of small recognition mistakes.

Each option has a list of phrases ("tips", "safety tips"), kept in the YAML and in the
catalogues as one comma-separated sentence so translators can give their own. A
phrase matches when its words appear in what was heard, or nearly (a 0.8 similarity,
so "samaritan" or "safety tip" still count). Two options matching equally well is
not a match: the caller is asked again rather than sent the wrong way.

Per script, not per language code, so any language the line adds is handled: letters with
accents match without them ("va rog" is "vă rog", "szia" any "szía"), in Latin, Greek and
Cyrillic only; Thai, Lao, Khmer, Burmese, Chinese and Japanese are written without spaces
between words, and a recogniser may put spaces anywhere or nowhere, so there a phrase
matches when it appears anywhere inside what was heard, spaces ignored.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

#: Below this Twilio ``Confidence`` the line asks again instead of guessing.
MIN_CONFIDENCE = 0.4
SIMILAR = 0.8


#: Scripts written without spaces between words (Thai, Lao, Burmese, Khmer, Japanese kana, Han).
_SPACELESS = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACELESS_RE = re.compile(f"[{_SPACELESS}]")
_GAP = re.compile(f"(?<=[{_SPACELESS}]) (?=[{_SPACELESS}])")
#: Accents are dropped only from letters below this code point (Latin, Greek, Cyrillic): in
#: Thai or Devanagari the marks are vowels, and dropping them would change the word.
_ACCENTED_SCRIPTS_END = 0x0530


def normalize(text: str) -> str:
    """Lower case, no accents (Latin, Greek, Cyrillic) or punctuation, single spaces, and no
    spaces at all between letters of scripts written without them."""
    kept: list[str] = []
    base = " "
    for ch in unicodedata.normalize("NFKD", text.casefold()):
        if unicodedata.combining(ch) or unicodedata.category(ch).startswith("M"):
            if ord(base) < _ACCENTED_SCRIPTS_END:
                continue  # an accent on a Latin, Greek or Cyrillic letter
            kept.append(ch)  # a Thai vowel, a Devanagari sign: part of the letter
            continue
        base = ch
        kept.append(ch if ch.isalnum() else " ")
    spaced = " ".join(unicodedata.normalize("NFC", "".join(kept)).split())
    return _GAP.sub("", spaced)


def phrases(sentence: str) -> list[str]:
    """ "tips, safety tips" -> ["tips", "safety tips"]."""
    return [p.strip() for p in re.split(r"[,،、，;]", sentence) if p.strip()]


def _score(phrase: str, heard: str) -> float:
    if not phrase:
        return 0.0
    if f" {phrase} " in f" {heard} ":
        return 1.0
    if _SPACELESS_RE.search(phrase):
        # Written without spaces (Thai, Chinese): the phrase anywhere in what was heard.
        return 1.0 if phrase.replace(" ", "") in heard.replace(" ", "") else 0.0
    words, n = heard.split(), len(phrase.split())
    grams = [" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))]
    best = max(difflib.SequenceMatcher(None, phrase, g).ratio() for g in grams)
    return best if best >= SIMILAR else 0.0


def match(heard: str, choices: dict[str, list[str]]) -> str | None:
    """The key whose phrases best match ``heard``; None when nothing, or two, match best.

    When two options are both said outright, the one whose phrase contains the other's
    wins ("safety tips" over "tips"); otherwise it is ambiguous.
    """
    said = normalize(heard)
    if not said:
        return None
    best: list[tuple[float, str, str]] = []  # (score, phrase, key)
    for key, ps in choices.items():
        scored = [(_score(normalize(p), said), normalize(p)) for p in ps]
        score, phrase = max(scored, default=(0.0, ""), key=lambda sp: (sp[0], len(sp[1])))
        if score > 0:
            best.append((score, phrase, key))
    best.sort(key=lambda t: (t[0], len(t[1])), reverse=True)
    if not best:
        return None
    if len(best) > 1 and best[1][0] == best[0][0] and best[1][1] not in best[0][1]:
        return None
    return best[0][2]


def heard_any(heard: str, said: list[str]) -> bool:
    """Whether any of these phrases was said outright ("help", "ayúdame", "救命"): whole words,
    accents aside, or anywhere inside a script written without spaces. Never nearly: "danger"
    must not be heard in "dangerous person"."""
    words = normalize(heard)
    return bool(words) and any(_score(normalize(p), words) >= 1.0 for p in said)
