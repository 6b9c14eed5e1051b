"""What ``ivr check`` knows of each language's voice and speech recognition, with file and line.

Not problems (those are reported while reading line.yaml): the facts a maintainer needs to
trust a language, or to add one, in one line each.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Line
from ..voices import table
from ..yamltree import read_yaml


def explain(line: Line, menus_dir: Path) -> list[str]:
    """One line per language: its voice, whether callers can answer by voice, and on whose word."""
    t = table()
    path = Path(menus_dir) / "line.yaml"
    node = read_yaml(path, [])
    voices = node.get("voices") if node is not None else None
    out = [f"Voices (from {t.origin}, checked {t.checked}):"]
    for lang, voice in line.voices.items():
        where = f"{path}:{voices.key_line(lang) if voices is not None else 1}"
        said = f"{lang} is said by {voice.voice}"
        if voice.override:
            said += f", on your word (override: “{voice.override}”): check it on a test call"
        if lang in line.speech and voice.speech:
            heard = f"callers may also answer by voice (Twilio hears {voice.speech})"
        elif voice.speech:
            heard = (
                f"keys only; Twilio could hear {lang} as {voice.speech}: "
                f"add {lang} to “speech” to let callers answer by voice"
            )
        else:
            heard = f"keys only: Twilio's speech recognition has no code for {lang}"
        out.append(f"  {where}: {said}; {heard}")
    return out
