"""Read ``menus/*.yaml`` into :mod:`ivr.model` values.

The shape of each file (fields, types, allowed values, ranges) is its JSON Schema's to say
(:mod:`ivr.shape`, run first): reading takes what the schema let through and skips, without
a word, any value it marked bad or of the wrong kind. What reading reports is what no schema
can say: the hours grammar, phone numbers, dated exceptions, keys used twice, references to
services and menus, voices against Twilio's table, sentences that must name their key. The
values may be partial; :mod:`ivr.inspect.loading` reads, checks, then builds the model.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from . import numbers, shape
from .dated import dated_hours, notice
from .hours import interval_from_text
from .i18n import SOURCE_LANGUAGE
from .menu_files import FILES
from .model import DAY_NAMES, DatedHours, Interval, Line, Menu, Notice, Option, Service, Target, Tip, Voice, WeeklyHours
from .problems import ERROR, Problem
from .voices import speech_code, speech_problem, voice_problem
from .voices import table as voice_table
from .yamltree import Files, Node, read_yaml

#: Keys every place keeps for itself: star goes back, 0 repeats.
RESERVED_KEYS = {"*": "go back", "0": "hear this again"}
#: What an option leads to: exactly one of these fields (the model's kinds of option).
TARGETS: tuple[Target, ...] = get_args(Target)


@dataclass(frozen=True)
class Source(Files):
    """One version of ``menus/``: the files' nodes and the values read from them.

    The values may be partial when the files have errors; checkers skip what is missing.
    """

    line: Line | None
    services: dict[str, Service]
    tips: tuple[Tip, ...]
    menus: dict[str, Menu]
    #: Problems found while reading, before the checkers ran.
    earlier: list[Problem]
    today: dt.date

    def option_path(self, menu_id: str, key: str) -> tuple[str | int, ...]:
        """Where an option of a menu is written, found by its key."""
        options = self.find("menus.yaml", "menus", menu_id, "options")
        if options is not None and isinstance(options.value, list):
            for i, o in enumerate(options.value):
                k = o.get("key")
                if k is not None and str(k.value) == key:
                    return ("menus", menu_id, "options", i, "key")
        return ("menus", menu_id)


class _Reader:
    """Turns YAML nodes the schema let through into model values, collecting the problems
    only reading can see. Every getter gives a default for a value that is missing, marked
    bad by :mod:`ivr.shape`, or of another kind: the schema has said what is wrong there."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems

    def err(self, file: str, node: Node | int | None, code: str, message: str, severity: str = ERROR) -> None:
        line = node if isinstance(node, int) else (node.line if node is not None else 1)
        self.problems.append(Problem(file, line, message, severity, code))

    @staticmethod
    def ok(node: Node | None) -> bool:
        return node is not None and not node.bad

    def fields(self, node: Node | None) -> dict[str, Node]:
        return node.value if self.ok(node) and isinstance(node.value, dict) else {}  # type: ignore[union-attr]

    def items(self, node: Node | None) -> list[Node]:
        return [n for n in node.value if not n.bad] if self.ok(node) and isinstance(node.value, list) else []  # type: ignore[union-attr]

    def text(self, node: Node | None, default: str = "") -> str:
        if not self.ok(node) or isinstance(node.value, bool) or not isinstance(node.value, (str, int)):  # type: ignore[union-attr]
            return default
        return str(node.value).strip() or default  # type: ignore[union-attr]

    def texts(self, node: Node | None) -> tuple[str, ...]:
        return tuple(t for t in (self.text(n) for n in self.items(node)) if t)

    def flag(self, node: Node | None, default: bool) -> bool:
        return node.value if self.ok(node) and isinstance(node.value, bool) else default  # type: ignore[union-attr]


def _days(spec: str) -> list[int] | None:
    spec = spec.strip().lower()
    if spec in ("every day", "daily", "all"):
        return list(range(7))
    if "-" in spec:
        first, _, last = spec.partition("-")
        if first.strip() in DAY_NAMES and last.strip() in DAY_NAMES:
            a, b = DAY_NAMES.index(first.strip()), DAY_NAMES.index(last.strip())
            return [d % 7 for d in range(a, b + (7 if b < a else 0) + 1)]
        return None
    return [DAY_NAMES.index(spec)] if spec in DAY_NAMES else None


def _overlaps(intervals: list[Interval]) -> bool:
    def minutes(t: dt.time) -> int:
        return t.hour * 60 + t.minute

    spans = sorted((minutes(i.opens), minutes(i.closes) + (1440 if i.overnight else 0)) for i in intervals)
    return any(b[0] < a[1] for a, b in zip(spans, spans[1:], strict=False))


def _day_name(day: int) -> str:
    return dt.date(2024, 1, 1 + day).strftime("%A")


def _hours(r: _Reader, file: str, name: str, node: Node | None) -> WeeklyHours:
    if r.ok(node) and node.value == "always":  # type: ignore[union-attr]
        return WeeklyHours.around_the_clock()
    days: list[list[Interval]] = [[] for _ in range(7)]
    for spec, value in r.fields(node).items():
        which = _days(spec)
        if which is None or not r.ok(value):
            continue
        for item in r.items(value) if isinstance(value.value, list) else [value]:
            try:
                interval = interval_from_text(str(item.value))
            except ValueError as exc:
                day_word = spec if len(which) > 1 else _day_name(which[0])
                r.err(file, item, "hours.opening", f"{name} on {day_word}: {exc}")
                continue
            for d in which:
                days[d].append(interval)
    for d, intervals in enumerate(days):
        if _overlaps(intervals):
            r.err(
                file,
                node,
                "hours.overlap",
                f"the hours of {name} on {_day_name(d)} overlap; each day's openings must not cover the same time "
                "twice",
            )
    return WeeklyHours(days=tuple(tuple(sorted(i, key=lambda x: x.opens)) for i in days))


def _exceptions(r: _Reader, file: str, name: str, node: Node | None) -> tuple[DatedHours, ...]:
    """A service's dated closures and special hours, one line each (see :mod:`ivr.dated`)."""
    out = []
    for dates, value in r.fields(node).items():
        if not r.ok(value):
            continue
        try:
            exception = dated_hours(dates, value.plain())
        except ValueError as exc:
            r.err(file, value.key_at, "exception.invalid", f"{name}, exception “{dates}”: {exc}")
            continue
        if _overlaps(list(exception.openings)):
            r.err(
                file,
                value.key_at,
                "exception.overlap",
                f"{name}, exception “{dates}”: the openings overlap; each must not cover the same time twice",
            )
            continue
        out.append(exception)
    return tuple(out)


def _notices(r: _Reader, file: str, whose: str, node: Node | None) -> tuple[Notice, ...]:
    """Dated sentences, one line each: when, then the sentence (see :mod:`ivr.dated`)."""
    out = []
    for when, value in r.fields(node).items():
        text = r.text(value)
        if not text:
            continue
        try:
            out.append(notice(when, text))
        except ValueError as exc:
            r.err(file, value.key_at, "notice.invalid", f"notice {whose}: {exc}")
    return tuple(out)


def _service(r: _Reader, file: str, sid: str, node: Node) -> Service:
    f = r.fields(node)
    name = r.text(f.get("name"), sid)
    number = r.text(f.get("number"))
    checked = numbers.check(number) if number else None
    if checked is not None and checked.problem:
        r.err(
            file,
            f.get("number"),
            "service.number",
            f"{name}: {checked.problem}. Copy the number again from the service's own website.",
        )
    put_through = r.flag(f.get("put_through"), False)
    if put_through and checked is not None and checked.short:
        r.err(
            file,
            f.get("put_through"),
            "service.short_number",
            f"{name} has a short number ({number}); the line cannot put callers through to it. Set put_through: "
            "false, and callers will hear the number instead.",
        )
        put_through = False
    checked_on = dt.date(1970, 1, 1)
    if r.ok(c := f.get("checked")):
        try:
            checked_on = dt.date.fromisoformat(str(c.value))  # type: ignore[union-attr]
        except ValueError:
            pass  # the schema says a date like 2026-11-29
    return Service(
        id=sid,
        name=name,
        about=r.text(f.get("about")),
        number=number,
        e164=checked.e164 if checked is not None else None,
        hours=_hours(r, file, name, f.get("hours")),
        bank_holidays=r.text(f.get("bank_holidays"), "closed"),  # type: ignore[arg-type]
        region=r.text(f.get("region"), "ENG"),
        needs=r.texts(f.get("needs")),
        put_through=put_through,
        source=r.text(f.get("source")),
        checked=checked_on,
        free=r.flag(f.get("free"), numbers.is_freephone(number)),
        notes=r.texts(f.get("notes")),
        words=r.text(f.get("words")),
        exceptions=_exceptions(r, file, name, f.get("exceptions")),
        notices=_notices(r, file, f"of {name}", f.get("notices")),
    )


def _menus(r: _Reader, file: str, root: Node, services: dict[str, Service] | None) -> dict[str, Menu]:
    """The menu tree. ``services`` is None when services.yaml could not be read, so its
    references are not checked (one broken file should give one problem, not dozens)."""
    out: dict[str, Menu] = {}
    pending: list[tuple[str, Node, str]] = []
    for mid, node in r.fields(r.fields(root).get("menus")).items():
        f = r.fields(node)
        options: list[Option] = []
        keys: dict[str, int] = {}
        for o in r.items(f.get("options")):
            of = r.fields(o)
            if "key" not in of:
                continue
            key = str(of["key"].value)  # read on if the schema refused it: one problem, not one per follow-on
            if key in RESERVED_KEYS:
                r.err(
                    file,
                    of["key"],
                    "option.reserved_key",
                    f"key {key} in the menu “{mid}” is kept everywhere to {RESERVED_KEYS[key]}; choose another key",
                )
            if key in keys:
                r.err(
                    file,
                    of["key"],
                    "option.same_key",
                    f"key {key} in the menu “{mid}” is used twice (also on line {keys[key]}); give each option its "
                    "own key",
                )
            keys.setdefault(key, of["key"].line)
            chosen = [t for t in TARGETS if t in of]
            if len(chosen) != 1:
                r.err(
                    file,
                    o,
                    "option.target",
                    f"option {key} of the menu “{mid}” should lead to exactly one of: {', '.join(TARGETS)}",
                )
                continue
            target = chosen[0]
            ref = r.text(of[target]) if target in ("menu", "service") else ""
            if target == "service" and ref and services is not None and ref not in services:
                near = difflib.get_close_matches(ref, list(services), n=1)
                hint = f" Did you mean “{near[0]}”?" if near else ""
                r.err(
                    file,
                    of[target],
                    "option.no_such_service",
                    f"option {key} of the menu “{mid}” leads to the service “{ref}”, which is not in "
                    f"services.yaml.{hint}",
                )
            if target == "menu" and ref:
                pending.append((ref, of[target], f"option {key} of the menu “{mid}”"))
            say = r.text(of.get("say"))
            if not say and target != "service" and "say" not in of:
                r.err(
                    file,
                    o,
                    "option.no_say",
                    f"option {key} of the menu “{mid}” needs a “say”: the sentence the caller hears, with {{key}}",
                )
            options.append(Option(key=key, target=target, ref=ref, say=say, words=r.text(of.get("words"))))
        out[mid] = Menu(id=mid, intro=r.texts(f.get("intro")), options=tuple(options), after=r.texts(f.get("after")))
    for ref, node, where in pending:
        if ref not in out:
            near = difflib.get_close_matches(ref, list(out), n=1)
            hint = f" Did you mean “{near[0]}”?" if near else ""
            r.err(
                file,
                node,
                "option.no_such_menu",
                f"{where} leads to the menu “{ref}”, which is not in this file.{hint}",
            )
    return out


def _tips(r: _Reader, root: Node) -> tuple[Tip, ...]:
    tips: list[Tip] = []
    for t in r.items(r.fields(root).get("topics")):
        f = r.fields(t)
        title = r.text(f.get("title"))
        tips.extend(Tip(topic=title, text=text) for text in r.texts(f.get("tips")))
    return tuple(tips)


def _line(r: _Reader, file: str, root: Node) -> Line:
    f = r.fields(root)
    speech_langs = r.texts(f.get("speech"))
    text_message = r.text(f.get("text_message"), Line.text_message)
    if (tm := f.get("text_message")) is not None and r.ok(tm):
        used = set(re.findall(r"{(\w*)}", text_message))
        if not used <= {"name", "number", "hours"} or "number" not in used:
            r.err(
                file,
                tm,
                "line.text_message_names",
                "“text_message” may use only {name}, {number} and {hours}, and must include {number}",
            )
        if re.search(r"\bsex|escort", text_message, re.I):
            r.err(
                file,
                tm,
                "line.text_message_words",
                "“text_message” must not mention sex work: someone else may read the caller's phone",
            )
    timeout = f["ring_timeout"].value if r.ok(f.get("ring_timeout")) else 25
    voices = {lang: _voice(r, file, lang, n) for lang, n in r.fields(f.get("voices")).items() if r.ok(n)}
    if r.ok(f.get("voices")) and voices and SOURCE_LANGUAGE not in voices:
        r.err(
            file,
            f["voices"],
            "line.no_english_voice",
            f"“voices” needs an English voice ({SOURCE_LANGUAGE}): a sentence with no translation is said in English",
        )
    line_numbers: dict[str, str] = {}
    for num, starts in r.fields(f.get("numbers")).items():
        c = numbers.check(num)
        if c.e164 is None:
            r.err(file, starts, "line.number", f"“{num}” under numbers is not a valid UK phone number of the line")
            continue
        line_numbers[c.e164] = r.text(starts)
        if r.ok(starts) and str(starts.value) not in voices:
            r.err(
                file,
                starts,
                "line.number_language",
                f"the number {num} starts calls in “{starts.value}”, which has no voice under “voices”; "
                f"add it there or choose one of {', '.join(voices) or 'en-GB'}",
            )
    phone = _phone(r, file, f.get("phone"), line_numbers)
    default = r.text(f.get("default_language"), "en-GB")
    for lang in speech_langs:
        if lang not in voices:
            r.err(
                file,
                f.get("speech"),
                "line.speech_language",
                f"“speech” lists {lang}, which has no voice under “voices”",
            )
        elif voices[lang].speech is None:
            r.err(
                file,
                f.get("speech"),
                "line.speech_unheard",
                f"“speech” lists {lang}, but Twilio's speech recognition has no code for it ({voice_table().origin}); "
                f"callers of {lang} can use keys. If Twilio has added it since, give its code under “voices” as "
                f"“{lang}: {{voice: …, speech: code, override: why you are sure}}”",
            )
    if default not in voices and voices:
        r.err(
            file,
            f.get("default_language"),
            "line.default_language",
            f"the default language {default} has no voice under “voices”",
        )
    return Line(
        name=r.text(f.get("name"), "Safety Line"),
        default_language=default,
        ring_timeout=timeout,
        voices=voices,
        numbers=line_numbers,
        text_message=text_message,
        speech=speech_langs,
        phone=phone,
        notices=_notices(r, file, "of the line", f.get("notices")),
    )


def _voice(r: _Reader, file: str, lang: str, node: Node) -> Voice:
    """One language's voice: “pl-PL: Polly.Ewa”, or a mapping with ``voice``, ``speech`` (the
    ``<Gather>`` code, or false for keys only) and ``override`` (the deployer's reason to use a
    voice or code not in Twilio's table, which then is theirs to be sure of)."""
    if not isinstance(node.value, dict):
        voice = r.text(node)
        if voice and (problem := voice_problem(lang, voice)):
            r.err(file, node, "voice.unknown", problem)
        return Voice(lang, voice, speech_code(lang))
    f = r.fields(node)
    voice = r.text(f.get("voice"))
    override = r.text(f.get("override"))
    speech: str | None = speech_code(lang)
    if (sp := f.get("speech")) is not None and r.ok(sp):
        speech = None if sp.value in (False, None, "none") else str(sp.value)
    said = [(f.get("voice", node), voice_problem(lang, voice) if voice else "")]
    if speech is not None and sp is not None:
        said.append((sp, speech_problem(lang, speech)))
    for where, problem in said:
        if not problem:
            continue
        if override:
            r.err(
                file,
                where,
                "voice.override_used",
                f"{problem.split(' (')[0]} in the line's table; used because of the override at line "
                f"{f['override'].line}: a wrong voice or code fails on every call, so try it on a test call",
                "warning",
            )
        else:
            r.err(file, where, "voice.unknown" if where is not sp else "voice.speech_code", problem)
    if override and not any(p for _, p in said):
        r.err(
            file,
            f["override"],
            "voice.override_unneeded",
            f"the override of {lang} is not needed: Twilio's table has this already; remove it",
            "warning",
        )
    return Voice(lang, voice, speech, override)


def _phone(r: _Reader, file: str, node: Node | None, line_numbers: dict[str, str]) -> str:
    """The number printed for callers: ``phone:`` as written, else the first of ``numbers:``."""
    if node is None:
        first = next(iter(line_numbers), "")
        return numbers.national(first) if first else ""
    text = r.text(node)
    if not text:
        return ""
    if numbers.check(text).e164 is None:
        r.err(
            file,
            node,
            "line.phone",
            f"“phone” should be the line's own UK phone number as callers dial it, like 0808 157 0123; “{text}” is "
            "not one",
        )
        return ""
    return text


def read(folder: Path, today: dt.date) -> Source:
    """Read every file of ``folder``: first its shape against the schema, then its values.
    ``earlier`` holds what the schema refused and what stopped a value being read."""
    folder = Path(folder)
    problems: list[Problem] = []
    nodes = {name: read_yaml(folder / name, problems, str(folder / name)) for name in FILES}
    problems.extend(shape.check(Files(folder, nodes)))
    r = _Reader(problems)
    label = lambda name: str(folder / name)  # noqa: E731
    line = _line(r, label("line.yaml"), nodes["line.yaml"]) if nodes["line.yaml"] else None
    services = {
        sid: _service(r, label("services.yaml"), sid, node)
        for sid, node in r.fields(r.fields(nodes["services.yaml"]).get("services")).items()
        if r.ok(node)
    }
    tips = _tips(r, nodes["tips.yaml"]) if nodes["tips.yaml"] else ()
    known = services if nodes["services.yaml"] is not None else None
    menus = _menus(r, label("menus.yaml"), nodes["menus.yaml"], known) if nodes["menus.yaml"] else {}
    return Source(folder, nodes, line, services, tips, menus, problems, today)
