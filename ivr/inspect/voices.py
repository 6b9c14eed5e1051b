"""Each language's Twilio voice: a voice that does not speak the language makes ``<Say>`` fail.

The table is Twilio's text-to-speech list for the line's languages (see shared FACTS.md).
"""

from __future__ import annotations

from typing import Iterator

from ..menus import Problem
from .source import Source


def _with_neural(*names: str) -> frozenset[str]:
    return frozenset(n for name in names for n in (name, f"{name}-Neural"))


#: Voices Twilio has for each language code it accepts with them.
VOICES: dict[str, frozenset[str]] = {
    "en-GB": _with_neural("Polly.Amy", "Polly.Emma", "Polly.Brian"),
    "ro-RO": frozenset({"Polly.Carmen", "Google.ro-RO-Standard-B"}),
    "pl-PL": frozenset({"Polly.Ewa", "Polly.Maja", "Polly.Ola-Neural"}),
    "pt-BR": _with_neural("Polly.Camila", "Polly.Vitoria"),
    "es-ES": _with_neural("Polly.Lucia", "Polly.Conchita"),
    "hu-HU": frozenset({"Google.hu-HU-Standard-B", "Google.hu-HU-Wavenet-B"}),
    "th-TH": frozenset({"Google.th-TH-Standard-A"}),
    "cmn-CN": frozenset({"Polly.Zhiyu", "Polly.Zhiyu-Neural"}),
    "bg-BG": frozenset({"Google.bg-BG-Standard-B"}),
}
#: Codes people write that Twilio wants written another way.
BETTER_CODES = {"zh-CN": "cmn-CN", "en-UK": "en-GB", "pt-PT": "pt-BR"}


def voice_for_language(src: Source) -> Iterator[Problem]:
    if src.line is None:
        return
    for lang, voice in src.line.voices.items():
        path = ("voices", lang)
        if lang in BETTER_CODES:
            yield src.problem("line.yaml", path, f"Twilio's language code for this language is {BETTER_CODES[lang]}, not {lang}; write “{BETTER_CODES[lang]}: …”")
            continue
        known = VOICES.get(lang)
        if known is None:
            yield src.problem("line.yaml", path, f"the line does not know which voices Twilio has for {lang}; check Twilio's text-to-speech list before callers hear it", "warning")
        elif voice.voice not in known:
            owners = [code for code, names in VOICES.items() if voice.voice in names]
            also = f" ({voice.voice} speaks {owners[0]})" if owners else ""
            yield src.problem("line.yaml", path, f"{voice.voice} is not a voice for {lang}{also}: Twilio would fail to say anything. Use one of {', '.join(sorted(known))}.")
    for number, lang in src.line.numbers.items():
        if lang not in src.line.voices:
            node = src.find("line.yaml", "numbers")
            key = next((k for k in (node.value if node is not None and isinstance(node.value, dict) else {}) if str(node.value[k].value) == lang), None)
            path = ("numbers", key) if key is not None else ("numbers",)
            yield src.problem("line.yaml", path, f"calls to {number} start in {lang}, but {lang} has no voice under “voices”; add one")
