"""The phone's face: a :class:`ivr.flow.Turn` written as TwiML with twilio's builder.

Nothing is decided here; this only says in Twilio's words what :func:`ivr.flow.step`
decided, and writes the call's place into the callback URLs.
"""

from __future__ import annotations

from urllib.parse import urlencode

from twilio.twiml.voice_response import Dial, Gather, VoiceResponse

from .flow import SAFE_WORDS, Connect, Hangup, Listen, Turn
from .i18n import SOURCE_LANGUAGE, Said
from .model import Menus, Voice
from .numbers import spoken_digits
from .saying import for_voice

VOICE_PATH = "/voice"
#: Seconds Twilio waits for a key after the menu has been said.
GATHER_TIMEOUT = 6
ENGLISH = Voice(SOURCE_LANGUAGE, "Polly.Amy", "en-GB")
#: Keep hints short: Twilio accepts a limited list, and shorter lists recognise better.
HINTS_LIMIT = 500

#: Said after :data:`SAFE_WORDS` when no version of the menus was ever good on this server:
#: the services that answer day and night, every day, and are free to call (facts checked in
#: ``menus/services.yaml``, with their sources), each number read digit by digit.
SAFE_SERVICES_INTRO = "These free services answer day and night."
SAFE_SERVICES = (
    ("To report a crime anonymously, Crimestoppers", "0800 555 111"),
    ("If someone is forcing or controlling you, the Modern Slavery and Exploitation Helpline", "08000 121 700"),
    ("To talk to someone, Samaritans", "116 123"),
)


def url(at: str, lang: str, **extra: str | int) -> str:
    """A callback URL carrying the call's place; relative, so Twilio keeps its own host."""
    return f"{VOICE_PATH}?{urlencode({'at': at, 'lang': lang, **extra})}"


def voice_for(menus: Menus, lang: str) -> Voice:
    return menus.line.voices.get(lang) or ENGLISH


def _says(target: VoiceResponse | Gather, menus: Menus, lines: tuple[Said, ...]) -> None:
    """One ``<Say>`` per run of sentences in the same language, each with its own voice."""
    run: list[str] = []
    lang = None
    for said in (*lines, None):
        if said is not None and said.lang == lang:
            run.append(said.text)
            continue
        if run and lang is not None:
            v = voice_for(menus, lang)
            target.say(for_voice(" ".join(run)), voice=v.voice, language=v.language)
        if said is not None:
            run, lang = [said.text], said.lang


def _hints(phrases: tuple[str, ...]) -> str:
    """As many whole phrases as fit in :data:`HINTS_LIMIT` characters."""
    kept: list[str] = []
    for phrase in phrases:
        if len(", ".join([*kept, phrase])) > HINTS_LIMIT:
            break
        kept.append(phrase)
    return ", ".join(kept)


def render(turn: Turn, menus: Menus, caller_id: str | None, carry: dict[str, int] | None = None) -> str:
    """The TwiML document for one turn. ``caller_id`` is the line's own number (``To``);
    ``carry`` holds call facts that must travel in every callback URL (texts sent)."""
    response = VoiceResponse()
    nxt = turn.next
    carry = carry or {}
    if isinstance(nxt, Listen):
        at = nxt.place.encode()
        options: dict[str, object] = {"input": "dtmf"}
        recognise = voice_for(menus, turn.lang).speech
        if turn.lang in menus.line.speech and recognise and nxt.hints:
            # Keys still work; words are matched by the core against the same options. The
            # <Gather> code is the recogniser's own (Mandarin: cmn-Hans-CN), not the <Say> code.
            options = {
                "input": "dtmf speech",
                "language": recognise,
                "hints": _hints(nxt.hints),
                "speech_timeout": "auto",
            }
        # finish_on_key="": by default Twilio swallows "#" as the end of input, so a caller
        # pressing it would hear nothing; here "#" is a key like any other.
        gather = Gather(
            num_digits=1,
            timeout=GATHER_TIMEOUT,
            finish_on_key="",
            action=url(at, turn.lang, **carry),
            method="POST",
            **options,
        )
        _says(gather, menus, turn.lines)
        response.append(gather)
        response.redirect(url(at, turn.lang, ev="silence", s=nxt.silences + 1, **carry), method="POST")
    elif isinstance(nxt, Connect):
        _says(response, menus, turn.lines)
        if not caller_id:
            raise ValueError("refusing to put a caller through without the line's own number as caller ID")
        dial = Dial(
            caller_id=caller_id,
            timeout=nxt.ring_timeout,
            action=url(nxt.after.encode(), turn.lang, ev="dial", **carry),
            method="POST",
            record="do-not-record",
            ring_tone="uk",
        )
        dial.number(nxt.service.e164)
        response.append(dial)
    elif isinstance(nxt, Hangup):
        _says(response, menus, turn.lines)
        response.hangup()
    else:
        raise TypeError(f"the phone cannot do {type(nxt).__name__} here")
    return str(response)


def safe_response(retry_url: str | None = None) -> str:
    """The apology and the 999 advice, built from constants only; back to the menu if given."""
    response = VoiceResponse()
    for words in SAFE_WORDS:
        response.say(for_voice(words), voice=ENGLISH.voice, language=ENGLISH.language)
    if retry_url:
        response.say("Taking you back to the main menu.", voice=ENGLISH.voice, language=ENGLISH.language)
        response.redirect(retry_url, method="POST")
    else:
        response.say("Please call again in a few minutes. Goodbye.", voice=ENGLISH.voice, language=ENGLISH.language)
        response.hangup()
    return str(response)


def no_menus_response() -> str:
    """What a caller hears while the line has no menus it may use: the 999 advice, then the
    24-hour services' numbers, twice, from constants only; then goodbye."""
    response = VoiceResponse()
    numbers = [f"{who}: {spoken_digits(number)}." for who, number in SAFE_SERVICES]
    for words in (
        *SAFE_WORDS,
        SAFE_SERVICES_INTRO,
        *numbers,
        "Once again.",
        *numbers,
        "Please call again in a few minutes. Goodbye.",
    ):
        response.say(for_voice(words), voice=ENGLISH.voice, language=ENGLISH.language)
    response.hangup()
    return str(response)
