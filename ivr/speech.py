"""Matching what a caller said to an option, tolerant of small recognition mistakes.

Each option has a list of phrases ("tips", "safety tips"), kept in the YAML and in the
catalogues as one comma-separated sentence so translators can give their own. A
phrase matches when its words appear in what was heard, or nearly (a 0.8 similarity,
so "samaritan" or "safety tip" still count). Two options matching equally well is
not a match: the caller is asked again rather than sent the wrong way.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

#: Below this Twilio ``Confidence`` the line asks again instead of guessing.
MIN_CONFIDENCE = 0.4
SIMILAR = 0.8


def normalize(text: str) -> str:
    """Lower case, no accents or punctuation, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def phrases(sentence: str) -> list[str]:
    """"tips, safety tips" -> ["tips", "safety tips"]."""
    return [p.strip() for p in re.split(r"[,،、，;]", sentence) if p.strip()]


def _score(phrase: str, heard: str) -> float:
    if not phrase:
        return 0.0
    if f" {phrase} " in f" {heard} ":
        return 1.0
    if " " not in heard and " " not in phrase and len(heard) > 8:
        # Languages written without spaces (Thai, Chinese): look for the phrase inside.
        return 1.0 if phrase in heard else 0.0
    words, n = heard.split(), len(phrase.split())
    grams = [" ".join(words[i:i + n]) for i in range(max(1, len(words) - n + 1))]
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
