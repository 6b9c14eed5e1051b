"""How long a caller listens before help: the one estimator shared by ``ivr check`` and
``bench/time_to_help.py``, so the maintainers' warning and the published figures agree.

Sentences are timed as the phone's voice gets them (999 and 55 digit by digit, see
:func:`ivr.saying.for_voice`): with ``espeak-ng`` at 150 words a minute in the sentence's
language when it is installed, else estimated from the length at a per-script rate. A
caller may press a key as soon as it has been said (Twilio stops speaking at a key), so a
menu counts until the end of the sentence that names the key pressed; the fastest keys to
each service are found by Dijkstra's algorithm over key presses.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import os
import re
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import hours
from .flow import Arrive, Connect, DialEnded, Event, Key, Listen, Silence, Turn, step
from .i18n import SOURCE_LANGUAGE, Catalogs, Said
from .model import Menus, Service
from .saying import Digits, for_voice

#: Words a minute: Twilio's Polly and Google voices speak about 150 to 170.
RATE = 150
#: Each voice's usual rate. espeak-ng counts a Chinese character or a Thai syllable as a word,
#: so at 150 it says Mandarin at about 2 syllables a second and Thai at about 2.6, where the
#: English voice says 3.7 (and Polly Zhiyu and Google's Thai voice speak at an ordinary pace):
#: these run at the rate that gives them English's syllables a second, rounded down.
RATES = {"cmn": 250, "th": 200}
#: Estimating without espeak-ng: characters a second (spaces and digits not counted) and
#: seconds per digit, fitted to espeak-ng's timings of the line's own sentences (least squares,
#: about 140 sentences a language; mean error about 0.25 s a sentence; Mandarin set by its welcome). Latin
#: letters inside a Thai or Chinese sentence (a service's name) count at the default rate.
CHARS_PER_SECOND = {"cmn": 5.0, "yue": 5.0, "ja": 6.0, "ko": 6.0, "th": 11.0, "pl": 10.3}
DEFAULT_CHARS_PER_SECOND = 11.5
SECONDS_PER_DIGIT = {"cmn": 0.26}
DEFAULT_SECONDS_PER_DIGIT = 0.42
#: espeak-ng's names where they are not the language code in lower case or its first part.
ESPEAK_VOICES = {"cmn-CN": "cmn", "pt-BR": "pt-br", "en-GB": "en-gb"}
#: A weekday morning in a week with no bank holiday: most services are open.
REFERENCE = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
KEYS = "123456789"
MAX_PRESSES = 5


@dataclass(frozen=True)
class Budget:
    """Seconds of speech allowed, in English and in every other language."""

    what: str
    english: float
    other: float

    def for_language(self, lang: str) -> float:
        return self.english if lang == SOURCE_LANGUAGE else self.other


#: The budgets of the issue "Help in seconds" (contact-centre practice in docs/performance.md).
ADVICE = Budget("999 advice begins", 5, 6)
WELCOME = Budget("welcome, to the end of the first main-menu option", 16, 20)
SENTENCE = Budget("any single sentence", 8, 10)
PUT_THROUGH = Budget("put through to an open service", 30, 40)
NUMBER = Budget("a signposted service's number begins", 30, 40)
BUDGETS = (ADVICE, WELCOME, SENTENCE, PUT_THROUGH, NUMBER)

_espeak_cache: dict[tuple[str, str, int], float] = {}


def cache_path() -> Path:
    """Where espeak-ng's timings are remembered between runs of ``ivr check``."""
    given = os.environ.get("IVR_TIMING_CACHE")
    if given:
        return Path(given)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ivr" / "speech-seconds.json"


class Timer:
    """Seconds of speech for one sentence in its own language."""

    def __init__(self, rate: int = RATE, use_espeak: bool = True, cache: bool = False):
        self.rate = rate
        self.espeak = shutil.which("espeak-ng") if use_espeak else None
        self.voices = self._voices() if self.espeak else set()
        self.estimated: set[str] = set()
        self._cache_file = cache_path() if cache and self.espeak else None
        self._stored = len(_espeak_cache)
        if self._cache_file is not None:
            self._load()

    def _load(self) -> None:
        try:
            stored = json.loads(self._cache_file.read_text(encoding="utf-8"))  # type: ignore[union-attr]  # only with a file
            for key, seconds in stored.items():
                voice, rate, text = key.split("|", 2)
                _espeak_cache.setdefault((text, voice, int(rate)), float(seconds))
        except (OSError, ValueError, AttributeError):
            pass  # no cache yet, or a broken one: time again
        self._stored = len(_espeak_cache)

    def save(self) -> None:
        """Remember espeak-ng's timings (only when asked for a cache, and only if new ones came)."""
        if self._cache_file is None or len(_espeak_cache) == self._stored:
            return
        try:
            self._cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._cache_file.with_suffix(".tmp")
            tmp.write_text(json.dumps({f"{v}|{r}|{t}": s for (t, v, r), s in _espeak_cache.items()}), encoding="utf-8")
            tmp.replace(self._cache_file)
        except OSError:
            pass  # a cache is a convenience: never a reason to fail

    def _voices(self) -> set[str]:
        try:
            out = subprocess.run(
                [self.espeak, "--voices"],  # type: ignore[list-item]  # only when espeak-ng is there
                capture_output=True,
                text=True,
                check=True,
                timeout=20,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            self.espeak = None
            return set()
        return {line.split()[1] for line in out.splitlines()[1:] if len(line.split()) > 1}

    def voice(self, lang: str) -> str | None:
        for name in (ESPEAK_VOICES.get(lang), lang.lower(), lang.split("-")[0].lower()):
            if name and name in self.voices:
                return name
        return None

    @property
    def method(self) -> str:
        if not self.espeak:
            rates = ", ".join(f"{k} {v:g}" for k, v in CHARS_PER_SECOND.items())
            return (
                f"estimated from length at {DEFAULT_CHARS_PER_SECOND:g} characters a second ({rates}) "
                f"and {DEFAULT_SECONDS_PER_DIGIT:g} s a digit"
            )
        others = ", ".join(f"{k} {self.rate_for(k)}" for k in RATES)
        how = f"measured with espeak-ng at {self.rate} words a minute ({others}: each voice's usual pace)"
        if self.estimated:
            how += f"; estimated from length for {', '.join(sorted(self.estimated))} (no espeak-ng voice)"
        return how

    def seconds(self, text: str, lang: str) -> float:
        voice = self.voice(lang) if self.espeak else None
        if voice is not None:
            rate = self.rate_for(lang)
            key = (text, voice, rate)
            if key not in _espeak_cache:
                took = self._espeak(text, voice, rate)
                if took is None:
                    voice = None
                else:
                    _espeak_cache[key] = took
            if voice is not None:
                return _espeak_cache[key]
        if self.espeak:
            self.estimated.add(lang)
        return estimate(text, lang)

    def rate_for(self, lang: str) -> int:
        """The espeak-ng rate for ``lang``: :data:`RATES` scaled like ``rate`` is to 150."""
        usual = RATES.get(lang.split("-")[0].lower(), RATE)
        return round(usual * self.rate / RATE)

    def _espeak(self, text: str, voice: str, rate: int) -> float | None:
        try:
            with tempfile.NamedTemporaryFile(suffix=".wav") as f:
                subprocess.run(
                    [self.espeak, "-v", voice, "-s", str(rate), "-w", f.name, text],  # type: ignore[list-item]
                    check=True,
                    capture_output=True,
                    timeout=20,
                )
                with wave.open(f.name) as w:
                    return w.getnframes() / w.getframerate()
        except (OSError, subprocess.SubprocessError, wave.Error, EOFError):
            return None

    def prefetch(self, said: Iterable[Said], workers: int = 4) -> None:
        """Time many sentences at once (espeak-ng runs a process per sentence)."""
        if not self.espeak:
            return
        todo = {(for_voice(s.text), s.lang) for s in said}
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(lambda item: self.seconds(*item), todo))

    def said(self, s: Said) -> float:
        return self.seconds(for_voice(s.text), s.lang)

    def until(self, lines: tuple[Said, ...], end: int) -> float:
        """Seconds from the start of ``lines`` to the end of ``lines[end - 1]``."""
        return sum(self.said(s) for s in lines[:end])


#: A sentence ends at a full stop (or ? ! 。) not followed by a digit: the groups of a number
#: read digit by digit ("0 8 0 0. 4 6 4.") stay in the sentence that reads it.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^\d\s])|(?<=[。！？])\s*(?=[^\d\s])")


def sentences(s: Said) -> list[Said]:
    """The sentences of one thing the line says."""
    return [Said(part, s.lang) for part in _SENTENCE_END.split(s.text) if part.strip()]


def estimate(text: str, lang: str) -> float:
    """Seconds to say ``text`` in ``lang``, from its length (see :data:`CHARS_PER_SECOND`)."""
    base = lang.split("-")[0].lower()
    digits = sum(ch.isdigit() for ch in text)
    latin = sum(ch.isascii() and ch.isalpha() for ch in text) if base in CHARS_PER_SECOND and base != "pl" else 0
    other = sum(not ch.isspace() and not ch.isdigit() for ch in text) - latin
    return (
        other / CHARS_PER_SECOND.get(base, DEFAULT_CHARS_PER_SECOND)
        + latin / DEFAULT_CHARS_PER_SECOND
        + digits * SECONDS_PER_DIGIT.get(base, DEFAULT_SECONDS_PER_DIGIT)
    )


# --- what a caller hears ---------------------------------------------------------------


def advice_begins(turn: Turn) -> int:
    """Index of the first sentence with 999 in it (len(lines) when there is none)."""
    return next((i for i, s in enumerate(turn.lines) if "999" in s.text), len(turn.lines))


def key_announced(turn: Turn, key: str) -> int:
    """One past the sentence that names ``key`` (the last one with that digit on its own)."""
    pattern = re.compile(rf"(?<![0-9]){re.escape(key)}(?![0-9])")
    found = [
        i for i, s in enumerate(turn.lines) if pattern.search(s.text) and "999" not in s.text and "55" not in s.text
    ]
    return found[-1] + 1 if found else len(turn.lines)


def number_line(turn: Turn, svc: Service) -> int | None:
    """Index of the sentence that reads ``svc``'s number, if this turn has one."""
    digits = Digits(svc.number).format(turn.lang)
    for i, s in enumerate(turn.lines):
        if digits in s.text:
            return i
    return None


@dataclass(frozen=True)
class Route:
    """The fastest way to a service: seconds of speech and the keys pressed."""

    seconds: float
    keys: str


def fastest(
    menus: Menus, catalogs: Catalogs, lang: str, now: dt.datetime, timer: Timer
) -> tuple[dict[str, Route], dict[str, Route]]:
    """For each service: the fewest seconds until the line dials it (put-through) and until
    its number begins, each with the keys pressed."""
    dial: dict[str, Route] = {}
    number: dict[str, Route] = {}
    welcome = step(menus, catalogs, None, Arrive(), now, lang)
    queue: list[tuple[float, str, int, Turn]] = [(0.0, "", 0, welcome)]
    seen: dict[str, float] = {}
    counter = 1
    while queue:
        cost, keys, _, turn = heapq.heappop(queue)
        if isinstance(turn.next, Connect):
            sid = turn.next.service.id
            at = cost + timer.until(turn.lines, len(turn.lines))
            if sid not in dial or at < dial[sid].seconds:
                dial[sid] = Route(at, keys)
            continue
        for svc in menus.services.values():
            i = number_line(turn, svc)
            if i is not None:
                at = cost + timer.until(turn.lines, i)
                if svc.id not in number or at < number[svc.id].seconds:
                    number[svc.id] = Route(at, keys or "(welcome)")
        if not isinstance(turn.next, Listen) or len(keys) >= MAX_PRESSES:
            continue
        place = turn.next.place
        state = place.encode()
        if seen.get(state, float("inf")) <= cost and keys:
            continue
        seen[state] = cost
        for key in KEYS:
            if key not in turn.next.keys:
                continue
            pressed = cost + timer.until(turn.lines, key_announced(turn, key))
            nxt = step(menus, catalogs, place, Key(key), now, lang)
            heapq.heappush(queue, (pressed, keys + key, counter, nxt))
            counter += 1
    return dial, number


def open_moment(svc: Service, after: dt.datetime = REFERENCE) -> dt.datetime | None:
    """A moment the service is open: ``after`` itself, or half an hour into its next opening."""
    st = hours.status(svc, after)
    if st.open:
        return after
    if st.next_open is None:
        return None
    return st.next_open + dt.timedelta(minutes=30)


def heard(menus: Menus, catalogs: Catalogs, lang: str, now: dt.datetime) -> Iterator[Turn]:
    """Every turn a caller can hear within a few presses, with the silences and the ends of
    put-through calls (for the longest sentence)."""
    welcome = step(menus, catalogs, None, Arrive(), now, lang)
    todo = [(welcome, 0)]
    seen: set[str] = set()
    while todo:
        turn, depth = todo.pop()
        yield turn
        if isinstance(turn.next, Connect):
            for status in ("completed", "busy", "no-answer", "failed"):
                todo.append((step(menus, catalogs, turn.next.after, DialEnded(status), now, lang), MAX_PRESSES))
            continue
        if not isinstance(turn.next, Listen) or depth >= MAX_PRESSES:
            continue
        place = turn.next.place
        if place.encode() in seen:
            continue
        seen.add(place.encode())
        events: list[Event] = [Silence(1), Silence(2), Key("*"), *(Key(k) for k in turn.next.keys)]
        for event in events:
            todo.append((step(menus, catalogs, place, event, now, lang), depth + 1))


@dataclass(frozen=True)
class Figure:
    """One measured row of the budget table, in one language."""

    budget: Budget
    lang: str
    seconds: float
    #: What it is about: the keys, the sentence or the service.
    detail: str = ""
    service: str = ""

    @property
    def limit(self) -> float:
        return self.budget.for_language(self.lang)

    @property
    def ok(self) -> bool:
        return self.seconds <= self.limit + 1e-9


def measure(
    menus: Menus,
    catalogs: Catalogs,
    lang: str,
    timer: Timer,
    moments: tuple[dt.datetime, ...] = (REFERENCE,),
    every_sentence: bool = False,
) -> list[Figure]:
    """Every row of the budget table for a call that starts in ``lang``: for sentences the
    longest, and with ``every_sentence`` also each other sentence over its budget."""
    timer.prefetch(
        s
        for now in moments
        for turn in heard(menus, catalogs, lang, now)
        for said in turn.lines
        for s in (said, *sentences(said))
    )
    welcome = step(menus, catalogs, None, Arrive(), REFERENCE, lang)
    figures = [Figure(ADVICE, lang, timer.until(welcome.lines, advice_begins(welcome)))]
    first = next((o.key for o in menus.menus["main"].options), None)
    end = key_announced(welcome, first) if first else len(welcome.lines)
    figures.append(Figure(WELCOME, lang, timer.until(welcome.lines, end)))
    took = {}
    for now in moments:
        for turn in heard(menus, catalogs, lang, now):
            if turn.lang != lang:
                continue  # after the language menu: that language's own call
            for part in (part for said in turn.lines for part in sentences(said)):
                took[part.text] = timer.said(part)
    longest = max(took.items(), key=lambda kv: kv[1], default=("", 0.0))
    figures.append(Figure(SENTENCE, lang, longest[1], longest[0]))
    if every_sentence:
        figures.extend(
            Figure(SENTENCE, lang, sec, text)
            for text, sec in took.items()
            if text != longest[0] and sec > SENTENCE.for_language(lang)
        )
    for svc in menus.services.values():
        when = open_moment(svc)
        if when is None:
            continue
        dial, number = fastest(menus, catalogs, lang, when, timer)
        if svc.dialable:
            path = dial.get(svc.id)
            figures.append(
                Figure(
                    PUT_THROUGH,
                    lang,
                    path.seconds if path else float("inf"),
                    path.keys if path else "not reached",
                    svc.id,
                )
            )
        else:
            path = number.get(svc.id)
            figures.append(
                Figure(
                    NUMBER, lang, path.seconds if path else float("inf"), path.keys if path else "not reached", svc.id
                )
            )
    return figures
