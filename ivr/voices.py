"""The Twilio text-to-speech voices the line may use, by language.

Only voices listed in the team's FACTS (Twilio's text-to-speech table) are here: a
wrong voice/language pair makes ``<Say>`` fail on a live call, so the loader refuses
any pair not in this table rather than finding out on the phone.
"""

from __future__ import annotations

#: Twilio language code -> voices that exist for it.
KNOWN_VOICES: dict[str, tuple[str, ...]] = {
    "en-GB": (
        "Polly.Amy", "Polly.Emma", "Polly.Brian",
        "Polly.Amy-Neural", "Polly.Emma-Neural", "Polly.Brian-Neural",
    ),
    "ro-RO": ("Polly.Carmen", "Google.ro-RO-Standard-B"),
    "pl-PL": ("Polly.Ewa", "Polly.Maja", "Polly.Ola-Neural"),
    "pt-BR": ("Polly.Camila", "Polly.Vitoria"),
    "es-ES": ("Polly.Lucia", "Polly.Conchita"),
    "hu-HU": ("Google.hu-HU-Standard-B", "Google.hu-HU-Wavenet-B"),
    "th-TH": ("Google.th-TH-Standard-A",),
    "cmn-CN": ("Polly.Zhiyu",),
    "bg-BG": ("Google.bg-BG-Standard-B",),
}

#: What a maintainer may have meant by a code Twilio does not use.
LIKELY_MEANT = {"zh-CN": "cmn-CN", "zh": "cmn-CN", "en": "en-GB", "pt-PT": "pt-BR", "es": "es-ES", "ro": "ro-RO",
                "pl": "pl-PL", "pt": "pt-BR", "hu": "hu-HU", "th": "th-TH", "bg": "bg-BG"}


def voice_problem(lang: str, voice: str) -> str:
    """Why ``voice`` cannot speak ``lang``, in plain words; empty when it can."""
    if lang not in KNOWN_VOICES:
        meant = LIKELY_MEANT.get(lang)
        hint = f" Did you mean {meant}?" if meant else ""
        return (f"the line has no Twilio voice for the language “{lang}”.{hint} "
                f"Languages it can speak: {', '.join(KNOWN_VOICES)}")
    if voice not in KNOWN_VOICES[lang]:
        return (f"“{voice}” is not a Twilio voice for {lang}, and a call would fail when it speaks. "
                f"Use one of: {', '.join(KNOWN_VOICES[lang])}")
    return ""
