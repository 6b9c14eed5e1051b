"""Time to help: how many seconds of speech a caller hears before the 999 advice, and
before each service's number, in every language the line speaks.

For each language under ``voices`` in ``line.yaml`` (a call that starts in that language),
the welcome from :func:`ivr.flow.step` is timed sentence by sentence; then the fastest keys
to each service's number are found (Dijkstra over key presses). A caller may press a key as
soon as it has been announced (Twilio stops speaking at a key), so each menu counts until
the end of the sentence that names the key pressed, and the last step until the number
starts. Sentences are timed with ``espeak-ng`` (at --rate words a minute, in the language of
the sentence) when it is installed, else estimated from their length at a per-script rate.
Not a test: prints tables (``--markdown`` for docs/performance.md).

    python bench/time_to_help.py [--markdown] [--now 2026-11-25T10:00:00+00:00 ...] [--estimate]
"""

from __future__ import annotations

import argparse
import heapq
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ivr.flow import Arrive, Key, Listen, Place, Turn, step  # noqa: E402
from ivr.hours import parse_now  # noqa: E402
from ivr.i18n import Catalogs, Said  # noqa: E402
from ivr.menus import load  # noqa: E402
from ivr.model import Menus, Service  # noqa: E402
from ivr.saying import Digits, for_voice  # noqa: E402

#: A weekday morning (most services open) and a Saturday night (most closed).
MOMENTS = ["2026-11-25T10:00:00+00:00", "2026-11-28T22:00:00+00:00"]
#: Aim: the 999 advice begins within this many seconds, in every language.
AIM_999 = 10.0
#: Characters a second when estimating without espeak-ng: alphabetic scripts, and scripts
#: where one character is a syllable or more.
CHARS_PER_SECOND = {"cmn": 4.5, "yue": 4.5, "ja": 6.0, "ko": 6.0, "th": 11.0}
DEFAULT_CHARS_PER_SECOND = 14.0
#: espeak-ng's names where they are not the language code in lower case or its first part.
ESPEAK_VOICES = {"cmn-CN": "cmn", "pt-BR": "pt-br", "en-GB": "en-gb"}
KEYS = "123456789"
MAX_PRESSES = 5


class Timer:
    """Seconds of speech for one sentence in its own language."""

    def __init__(self, rate: int, use_espeak: bool):
        self.rate = rate
        self.espeak = shutil.which("espeak-ng") if use_espeak else None
        self.voices = self._voices() if self.espeak else set()
        self.estimated: set[str] = set()

    def _voices(self) -> set[str]:
        out = subprocess.run([self.espeak, "--voices"], capture_output=True, text=True, check=True).stdout
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
            return f"estimated from length at {DEFAULT_CHARS_PER_SECOND:g} characters a second ({rates})"
        how = f"measured with espeak-ng at {self.rate} words a minute"
        if self.estimated:
            how += f"; estimated from length for {', '.join(sorted(self.estimated))} (no espeak-ng voice)"
        return how

    @lru_cache(maxsize=4096)
    def seconds(self, text: str, lang: str) -> float:
        voice = self.voice(lang) if self.espeak else None
        if voice is None:
            self.estimated.add(lang) if self.espeak else None
            rate = CHARS_PER_SECOND.get(lang.split("-")[0], DEFAULT_CHARS_PER_SECOND)
            return len(text) / rate
        with tempfile.NamedTemporaryFile(suffix=".wav") as f:
            subprocess.run([self.espeak, "-v", voice, "-s", str(self.rate), "-w", f.name, text], check=True, capture_output=True)
            with wave.open(f.name) as w:
                return w.getnframes() / w.getframerate()

    def said(self, s: Said) -> float:
        # Timed as the phone's voice gets it: 999 and 55 digit by digit (ivr.saying.for_voice).
        return self.seconds(for_voice(s.text), s.lang)

    def until(self, lines: tuple[Said, ...], end: int) -> float:
        """Seconds from the start of ``lines`` to the end of ``lines[end - 1]``."""
        return sum(self.said(s) for s in lines[:end])


def advice_span(turn: Turn) -> tuple[int, int]:
    """Indexes of the first sentence with 999 in it and one past the last of that run."""
    first = next(i for i, s in enumerate(turn.lines) if "999" in s.text)
    last = first
    while last + 1 < len(turn.lines) and "999" in turn.lines[last + 1].text:
        last += 1
    return first, last + 1


def key_announced(turn: Turn, key: str) -> int:
    """One past the sentence that names ``key`` (the last one with that digit on its own)."""
    pattern = re.compile(rf"(?<![0-9]){re.escape(key)}(?![0-9])")
    found = [i for i, s in enumerate(turn.lines) if pattern.search(s.text) and "999" not in s.text]
    return found[-1] + 1 if found else len(turn.lines)


def number_line(turn: Turn, svc: Service) -> int | None:
    """Index of the sentence that reads ``svc``'s number, if this turn has one."""
    for i, s in enumerate(turn.lines):
        if svc.name in s.text and any(Digits(svc.number).format(lang) in s.text for lang in (s.lang, turn.lang)):
            return i
    return None


def fastest_numbers(menus: Menus, catalogs: Catalogs, lang: str, now, timer: Timer) -> dict[str, tuple[float, str]]:
    """For each service: the fewest seconds until its number starts, and the keys pressed."""
    best: dict[str, tuple[float, str]] = {}
    welcome = step(menus, catalogs, None, Arrive(), now, lang)
    queue: list[tuple[float, str, int, Turn]] = [(0.0, "", 0, welcome)]
    seen: dict[str, float] = {}
    counter = 1
    while queue:
        cost, keys, _, turn = heapq.heappop(queue)
        for svc in menus.services.values():
            i = number_line(turn, svc)
            if i is not None:
                at = cost + timer.until(turn.lines, i)
                if svc.id not in best or at < best[svc.id][0]:
                    best[svc.id] = (at, keys or "(welcome)")
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
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--menus", type=Path, default=ROOT / "menus")
    parser.add_argument("--locales", type=Path, default=ROOT / "locales")
    parser.add_argument("--now", action="append", help="moments to time (ISO 8601); default a weekday morning and a Saturday night")
    parser.add_argument("--rate", type=int, default=150, help="espeak-ng words a minute (Polly and Google voices speak about 150-170)")
    parser.add_argument("--estimate", action="store_true", help="estimate from length even if espeak-ng is installed")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args()

    menus = load(args.menus)
    catalogs = Catalogs(args.locales)
    timer = Timer(args.rate, use_espeak=not args.estimate)
    moments = [parse_now(m) for m in (args.now or MOMENTS)]
    languages = list(menus.line.voices) or [menus.line.default_language]

    rows = []
    numbers: dict[str, dict[str, list[str]]] = {}
    for lang in languages:
        welcome = step(menus, catalogs, None, Arrive(), moments[0], lang)
        first, end = advice_span(welcome)
        begins, ends = timer.until(welcome.lines, first), timer.until(welcome.lines, end)
        english = sum(1 for s in welcome.lines if s.lang != lang)
        rows.append((lang, begins, ends, timer.until(welcome.lines, len(welcome.lines)), english, len(welcome.lines)))
        for now in moments:
            best = fastest_numbers(menus, catalogs, lang, now, timer)
            for svc in menus.services.values():
                cell = f"{best[svc.id][0]:.0f} s ({best[svc.id][1]})" if svc.id in best else "not reached"
                numbers.setdefault(svc.name, {}).setdefault(lang, []).append(cell)

    md = args.markdown
    print(f"Speech {timer.method}; pauses between sentences not counted.\n")
    print("| Language | 999 advice begins | 999 advice ends | whole welcome | sentences in English |" if md else
          f"{'language':10} {'999 begins':>10} {'999 ends':>9} {'welcome':>8}  English sentences")
    if md:
        print("|---|---:|---:|---:|---:|")
    for lang, begins, ends, whole, english, total in rows:
        flag = "" if begins <= AIM_999 else " (begins after the aim)"
        if md:
            print(f"| {lang} | {begins:.1f} s | {ends:.1f} s{flag} | {whole:.0f} s | {english} of {total} |")
        else:
            print(f"{lang:10} {begins:9.1f}s {ends:8.1f}s {whole:7.0f}s  {english} of {total}{flag}")
    begins_worst, ends_worst = max(r[1] for r in rows), max(r[2] for r in rows)
    print(f"\nThe 999 advice begins within {begins_worst:.1f} s in every language (aim {AIM_999:.0f} s: "
          f"{'met' if begins_worst <= AIM_999 else 'NOT met'}) and has been said in full by {ends_worst:.1f} s.\n")

    when = " / ".join(m.strftime("%a %H:%M") for m in moments)
    print(f"Seconds until each service's number begins, fastest keys, at {when} (London):\n")
    if md:
        print("| Service | " + " | ".join(languages) + " |")
        print("|---|" + "---|" * len(languages))
        for name, by_lang in numbers.items():
            print(f"| {name} | " + " | ".join(" / ".join(by_lang[lang]) for lang in languages) + " |")
    else:
        for name, by_lang in numbers.items():
            print(f"  {name}")
            for lang in languages:
                print(f"    {lang:8} " + " / ".join(by_lang[lang]))


if __name__ == "__main__":
    main()
