"""Read ``menus/*.yaml`` into :mod:`ivr.model` values, saying what stops a value being read.

Reading turns each file's :class:`~ivr.yamltree.Node` tree into services, menus, tips and the
line; what it cannot read it reports as a :class:`~ivr.problems.Problem` and skips, so the
values may be partial. It never runs the checkers: :mod:`ivr.inspect.loading` does
(read, then check, then build the model).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from . import numbers
from .dated import dated_hours, notice
from .hours import interval_from_text
from .i18n import SOURCE_LANGUAGE
from .model import (
    DAY_NAMES,
    KEYS,
    DatedHours,
    Interval,
    Line,
    Menu,
    Notice,
    Option,
    Service,
    Tip,
    Voice,
    WeeklyHours,
)
from .problems import Problem
from .voices import speech_code, speech_problem, voice_problem
from .voices import table as voice_table
from .yamltree import Node, read_yaml

FILES = ("line.yaml", "services.yaml", "tips.yaml", "menus.yaml")
#: Keys every place keeps for itself: star goes back, 0 repeats.
RESERVED_KEYS = {"*": "go back", "0": "hear this again"}
REGIONS = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}


class _Reader:
    """Turns checked YAML nodes into model values, collecting every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems

    def err(self, file: str, node: Node | int | None, message: str, severity: str = "error") -> None:
        line = node if isinstance(node, int) else (node.line if node is not None else 1)
        self.problems.append(Problem(file, line, message, severity))

    def mapping(
        self, file: str, node: Node | None, what: str, allowed: set[str], required: set[str]
    ) -> dict[str, Node]:
        if node is None or not isinstance(node.value, dict):
            self.err(file, node, f"{what} should be a list of “name: value” lines")
            return {}
        fields: dict[str, Node] = node.value
        for key in fields:
            if key not in allowed:
                near = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f" Did you mean “{near[0]}”?" if near else f" Allowed here: {', '.join(sorted(allowed))}."
                self.err(file, node.key_line(key), f"{what} has “{key}”, which the line does not know.{hint}")
        for key in sorted(required - fields.keys()):
            self.err(file, node.key_at, f"{what} is missing “{key}”")
        return fields

    def text(self, file: str, node: Node | None, what: str) -> str:
        if node is None:
            return ""
        if not isinstance(node.value, (str, int)) or isinstance(node.value, bool) or str(node.value).strip() == "":
            self.err(file, node, f"{what} should be some words")
            return ""
        return str(node.value).strip()

    def flag(self, file: str, node: Node | None, what: str, default: bool) -> bool:
        if node is None:
            return default
        if not isinstance(node.value, bool):
            self.err(file, node, f"{what} should be true or false, not “{node.value}”")
            return default
        return node.value


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


def _hours(r: _Reader, file: str, name: str, node: Node | None) -> WeeklyHours:
    if node is None:
        r.err(file, node, f"{name} has no “hours”")
        return WeeklyHours(days=((),) * 7)
    if node.value == "always":
        return WeeklyHours.around_the_clock()
    if not isinstance(node.value, dict):
        r.err(file, node, f"the hours of {name} should be “always” or one line per day, like “mon-fri: 09:00-17:00”")
        return WeeklyHours(days=((),) * 7)
    days: list[list[Interval]] = [[] for _ in range(7)]
    for spec, value in node.value.items():
        which = _days(spec)
        if which is None:
            near = (
                [spec[:3].lower()]
                if spec[:3].lower() in DAY_NAMES
                else difflib.get_close_matches(spec.lower(), list(DAY_NAMES) + ["mon-fri", "sat-sun", "every day"], n=1)
            )
            hint = f" Did you mean “{near[0]}”?" if near else ""
            r.err(
                file,
                value,
                f"“{spec}” in the hours of {name} is not a day. Use mon, tue, wed, thu, fri, sat, sun, a range like "
                f"mon-fri, or “every day”.{hint}",
            )
            continue
        texts = value.value if isinstance(value.value, list) else [value]
        for item in texts:
            item = item if isinstance(item, Node) else Node(item, value.line)
            try:
                interval = interval_from_text(str(item.value))
            except ValueError as exc:
                day_word = spec if len(which) > 1 else dt.date(2024, 1, 1 + which[0]).strftime("%A")
                r.err(file, item, f"{name} on {day_word}: {exc}")
                continue
            for d in which:
                days[d].append(interval)
    for d, intervals in enumerate(days):
        if _overlaps(intervals):
            r.err(
                file,
                node,
                f"the hours of {name} on {dt.date(2024, 1, 1 + d).strftime('%A')} overlap; each day's openings must "
                "not cover the same time twice",
            )
    return WeeklyHours(days=tuple(tuple(sorted(i, key=lambda x: x.opens)) for i in days))


def _dated_lines(r: _Reader, file: str, node: Node | None, wrong: str) -> list[tuple[str, Node]]:
    """The lines of a block written one line per date (exceptions, notices); ``wrong`` otherwise."""
    if node is None:
        return []
    if not isinstance(node.value, dict):
        r.err(file, node, wrong)
        return []
    return list(node.value.items())


def _exceptions(r: _Reader, file: str, name: str, node: Node | None) -> tuple[DatedHours, ...]:
    """A service's dated closures and special hours, one line each (see :mod:`ivr.dated`)."""
    out = []
    for dates, value in _dated_lines(
        r,
        file,
        node,
        f"“exceptions” of {name} should be one line per date or range of dates, like “2026-12-24: 09:00-12:00” or "
        "“2026-12-27 to 2027-01-02: closed”",
    ):
        try:
            exception = dated_hours(dates, value.plain())
        except ValueError as exc:
            r.err(file, value.key_at, f"{name}, exception “{dates}”: {exc}")
            continue
        if _overlaps(list(exception.openings)):
            r.err(
                file,
                value.key_at,
                f"{name}, exception “{dates}”: the openings overlap; each must not cover the same time twice",
            )
            continue
        out.append(exception)
    return tuple(out)


def _notices(r: _Reader, file: str, whose: str, node: Node | None) -> tuple[Notice, ...]:
    """Dated sentences, one line each: when, then the sentence (see :mod:`ivr.dated`)."""
    out = []
    for when, value in _dated_lines(
        r,
        file,
        node,
        f"“notices” {whose} should be one line per notice: when, then the sentence, like “2026-12-01 to 2026-12-05: "
        "We are closed this week.”",
    ):
        text = r.text(file, value, f"the notice for {when}")
        if not text:
            continue
        try:
            out.append(notice(when, text))
        except ValueError as exc:
            r.err(file, value.key_at, f"notice {whose}: {exc}")
    return tuple(out)


SERVICE_FIELDS = {
    "name",
    "about",
    "number",
    "hours",
    "bank_holidays",
    "region",
    "needs",
    "put_through",
    "source",
    "checked",
    "notes",
    "free",
    "words",
    "exceptions",
    "notices",
}


def _service(r: _Reader, file: str, sid: str, node: Node) -> Service | None:
    f = r.mapping(
        file,
        node,
        f"the service “{sid}”",
        SERVICE_FIELDS,
        {"name", "about", "number", "hours", "needs", "source", "checked"},
    )
    if not f:
        return None
    name = r.text(file, f.get("name"), f"the name of “{sid}”") or sid
    number = r.text(file, f.get("number"), f"the number of {name}")
    checked = numbers.check(number) if number else None
    if checked is not None and checked.problem:
        r.err(
            file, f.get("number"), f"{name}: {checked.problem}. Copy the number again from the service's own website."
        )
    put_through = r.flag(file, f.get("put_through"), f"“put_through” of {name}", False)
    if put_through and checked is not None and checked.short:
        r.err(
            file,
            f.get("put_through"),
            f"{name} has a short number ({number}); the line cannot put callers through to it. Set put_through: "
            "false, and callers will hear the number instead.",
        )
        put_through = False
    bank = "closed"
    if (b := f.get("bank_holidays")) is not None:
        if b.value in ("closed", "open", "unknown"):
            bank = b.value
        else:
            r.err(file, b, f"“bank_holidays” of {name} should be “closed”, “open” or “unknown”, not “{b.value}”")
    region = "ENG"
    if (g := f.get("region")) is not None:
        if str(g.value).upper() in REGIONS:
            region = str(g.value).upper()
        else:
            r.err(file, g, f"“region” of {name} should be one of {', '.join(REGIONS)} ({', '.join(REGIONS.values())})")
    needs_node = f.get("needs")
    needs: tuple[str, ...] = ()
    if needs_node is not None:
        if (
            isinstance(needs_node.value, list)
            and needs_node.value
            and all(isinstance(n.value, str) for n in needs_node.value)
        ):
            needs = tuple(n.value for n in needs_node.value)
        else:
            r.err(file, needs_node, f"“needs” of {name} should be a list of words, like [support, report]")
    checked_on = dt.date(1970, 1, 1)
    if (c := f.get("checked")) is not None:
        try:
            checked_on = dt.date.fromisoformat(str(c.value))
        except ValueError:
            r.err(file, c, f"“checked” of {name} should be the date the facts were last checked, like 2026-11-29")
    notes_node = f.get("notes")
    notes: tuple[str, ...] = ()
    if notes_node is not None:
        if isinstance(notes_node.value, list):
            notes = tuple(r.text(file, n, f"a note of {name}") for n in notes_node.value)
        else:
            r.err(
                file, notes_node, f"“notes” of {name} should be a list of sentences, each on a line starting with “- ”"
            )
    return Service(
        id=sid,
        name=name,
        about=r.text(file, f.get("about"), f"“about” of {name}"),
        number=number,
        e164=checked.e164 if checked is not None else None,
        hours=_hours(r, file, name, f.get("hours")),
        bank_holidays=bank,  # type: ignore[arg-type]
        region=region,
        needs=needs,
        put_through=put_through,
        source=r.text(file, f.get("source"), f"“source” of {name}"),
        checked=checked_on,
        free=r.flag(file, f.get("free"), f"“free” of {name}", numbers.is_freephone(number)),
        notes=notes,
        words=r.text(file, f.get("words"), f"“words” of {name}") if "words" in f else "",
        exceptions=_exceptions(r, file, name, f.get("exceptions")),
        notices=_notices(r, file, f"of {name}", f.get("notices")),
    )


TARGETS = ("menu", "service", "tips", "open_now", "languages")
OPTION_FIELDS = {"key", "say", "words", *TARGETS}
ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _menus(r: _Reader, file: str, root: Node, services: dict[str, Service] | None) -> dict[str, Menu]:
    """The menu tree. ``services`` is None when services.yaml could not be read, so its
    references are not checked (one broken file should give one problem, not dozens)."""
    top = r.mapping(file, root, "menus.yaml", {"menus"}, {"menus"})
    body = top.get("menus")
    if body is None or not isinstance(body.value, dict):
        if body is not None:
            r.err(file, body, "“menus” should list the menus by name")
        return {}
    out: dict[str, Menu] = {}
    pending: list[tuple[str, Node, str]] = []
    for mid, node in body.value.items():
        if not ID.match(mid):
            r.err(file, node.key_at, f"the menu name “{mid}” should be lower-case letters, digits and dashes")
        f = r.mapping(file, node, f"the menu “{mid}”", {"intro", "options", "after"}, {"options"})
        said: dict[str, list[str]] = {"intro": [], "after": []}
        for part in said:
            if (i := f.get(part)) is not None:
                if isinstance(i.value, list):
                    said[part] = [r.text(file, n, f"a sentence of the menu “{mid}”") for n in i.value]
                else:
                    r.err(file, i, f"“{part}” of the menu “{mid}” should be a list of sentences")
        intro = said["intro"]
        options: list[Option] = []
        keys: dict[str, int] = {}
        opts = f.get("options")
        if opts is not None and not isinstance(opts.value, list):
            r.err(file, opts, f"“options” of the menu “{mid}” should be a list, each option starting with “- key:”")
            opts = None
        for o in opts.value if opts is not None else []:
            of = r.mapping(file, o, f"an option of the menu “{mid}”", OPTION_FIELDS, {"key"})
            if not of:
                continue
            key = str(of["key"].value) if "key" in of else "?"
            if key not in KEYS:
                r.err(
                    file,
                    of.get("key", o),
                    f"“{key}” in the menu “{mid}” is not a key on a phone; use one of 0-9, * or #",
                )
            elif key in RESERVED_KEYS:
                r.err(
                    file,
                    of.get("key", o),
                    f"key {key} in the menu “{mid}” is kept everywhere to {RESERVED_KEYS[key]}; choose another key",
                )
            if key in keys:
                r.err(
                    file,
                    of.get("key", o),
                    f"key {key} in the menu “{mid}” is used twice (also on line {keys[key]}); give each option its "
                    "own key",
                )
            keys.setdefault(key, of["key"].line if "key" in of else o.line)
            chosen = [t for t in TARGETS if t in of]
            if len(chosen) != 1:
                r.err(file, o, f"option {key} of the menu “{mid}” should lead to exactly one of: {', '.join(TARGETS)}")
                continue
            target = chosen[0]
            ref = ""
            if target in ("menu", "service"):
                ref = str(of[target].value)
                if target == "service" and services is not None and ref not in services:
                    near = difflib.get_close_matches(ref, list(services), n=1)
                    hint = f" Did you mean “{near[0]}”?" if near else ""
                    r.err(
                        file,
                        of[target],
                        f"option {key} of the menu “{mid}” leads to the service “{ref}”, which is not in "
                        f"services.yaml.{hint}",
                    )
                if target == "menu":
                    pending.append((ref, of[target], f"option {key} of the menu “{mid}”"))
            elif of[target].value is not True:
                r.err(file, of[target], f"write “{target}: true” for option {key} of the menu “{mid}”")
            say = r.text(file, of.get("say"), f"“say” of option {key}") if "say" in of else ""
            if say and "{key}" not in say:
                r.err(
                    file,
                    of["say"],
                    f"the sentence for option {key} of the menu “{mid}” should say which key to press: put {{key}} "
                    "where the key goes",
                )
            if not say and target != "service":
                r.err(
                    file,
                    o,
                    f"option {key} of the menu “{mid}” needs a “say”: the sentence the caller hears, with {{key}}",
                )
            words = r.text(file, of.get("words"), f"“words” of option {key}") if "words" in of else ""
            options.append(Option(key=key, target=target, ref=ref, say=say, words=words))  # type: ignore[arg-type]
        out[mid] = Menu(id=mid, intro=tuple(intro), options=tuple(options), after=tuple(said["after"]))
    for ref, node, where in pending:
        if ref not in out:
            near = difflib.get_close_matches(ref, list(out), n=1)
            hint = f" Did you mean “{near[0]}”?" if near else ""
            r.err(file, node, f"{where} leads to the menu “{ref}”, which is not in this file.{hint}")
    if "main" not in out and body is not None:
        r.err(file, body, "there must be a menu called “main”: callers hear it after the welcome")
    return out


def _tips(r: _Reader, file: str, root: Node) -> tuple[Tip, ...]:
    top = r.mapping(file, root, "tips.yaml", {"topics", "source"}, {"topics", "source"})
    topics = top.get("topics")
    if topics is None or not isinstance(topics.value, list) or not topics.value:
        if topics is not None:
            r.err(file, topics, "“topics” should be a list of topics, each starting with “- title:”")
        return ()
    tips: list[Tip] = []
    for t in topics.value:
        f = r.mapping(file, t, "a topic", {"title", "tips"}, {"title", "tips"})
        title = r.text(file, f.get("title"), "the title of a topic")
        items = f.get("tips")
        if items is None or not isinstance(items.value, list) or not items.value:
            if items is not None:
                r.err(file, items, f"the tips of “{title}” should be a list, each tip on a line starting with “- ”")
            continue
        tips.extend(Tip(topic=title, text=r.text(file, n, "a tip")) for n in items.value)
    return tuple(tips)


def _line(r: _Reader, file: str, root: Node) -> Line:
    f = r.mapping(
        file,
        root,
        "line.yaml",
        {"name", "default_language", "ring_timeout", "voices", "numbers", "text_message", "speech", "phone", "notices"},
        {"name", "default_language"},
    )
    speech_langs: tuple[str, ...] = ()
    if (sp := f.get("speech")) is not None:
        if isinstance(sp.value, list) and all(isinstance(x.value, str) for x in sp.value):
            speech_langs = tuple(x.value for x in sp.value)
        else:
            r.err(file, sp, "“speech” should be a list of language codes, like [en-GB]")
    text_message = Line.text_message
    if (tm := f.get("text_message")) is not None:
        text_message = r.text(file, tm, "“text_message”") or text_message
        used = set(re.findall(r"{(\w*)}", text_message))
        if not used <= {"name", "number", "hours"} or "number" not in used:
            r.err(file, tm, "“text_message” may use only {name}, {number} and {hours}, and must include {number}")
        if re.search(r"\bsex|escort", text_message, re.I):
            r.err(file, tm, "“text_message” must not mention sex work: someone else may read the caller's phone")
    timeout = 25
    if (t := f.get("ring_timeout")) is not None:
        if isinstance(t.value, int) and not isinstance(t.value, bool) and 5 <= t.value <= 60:
            timeout = t.value
        else:
            r.err(file, t, f"“ring_timeout” should be a number of seconds from 5 to 60, not “{t.value}”")
    voices: dict[str, Voice] = {}
    if (v := f.get("voices")) is not None:
        if isinstance(v.value, dict):
            voices = {lang: _voice(r, file, lang, n) for lang, n in v.value.items()}
            if SOURCE_LANGUAGE not in voices:
                r.err(
                    file,
                    v,
                    f"“voices” needs an English voice ({SOURCE_LANGUAGE}): a sentence with no translation is said in "
                    "English",
                )
        else:
            r.err(file, v, "“voices” should list one voice per language, like “en-GB: Polly.Amy”")
    line_numbers: dict[str, str] = {}
    if (n := f.get("numbers")) is not None:
        if isinstance(n.value, dict):
            for num, lang in n.value.items():
                c = numbers.check(num)
                if c.e164 is None:
                    r.err(file, lang, f"“{num}” under numbers is not a valid UK phone number of the line")
                else:
                    line_numbers[c.e164] = str(lang.value)
                    if str(lang.value) not in voices:
                        r.err(
                            file,
                            lang,
                            f"the number {num} starts calls in “{lang.value}”, which has no voice under “voices”; "
                            f"add it there or choose one of {', '.join(voices) or 'en-GB'}",
                        )
        else:
            r.err(
                file,
                n,
                "“numbers” should map each of the line's Twilio numbers to its language, like “+441234567890: pl-PL”",
            )
    phone = _phone(r, file, f.get("phone"), line_numbers)
    default = r.text(file, f.get("default_language"), "“default_language”") or "en-GB"
    for lang in speech_langs:
        if lang not in voices:
            r.err(file, f.get("speech"), f"“speech” lists {lang}, which has no voice under “voices”")
        elif voices[lang].speech is None:
            r.err(
                file,
                f.get("speech"),
                f"“speech” lists {lang}, but Twilio's speech recognition has no code for it ({voice_table().origin}); "
                f"callers of {lang} can use keys. If Twilio has added it since, give its code under “voices” as "
                f"“{lang}: {{voice: …, speech: code, override: why you are sure}}”",
            )
    if default not in voices and voices:
        r.err(file, f.get("default_language"), f"the default language {default} has no voice under “voices”")
    return Line(
        name=r.text(file, f.get("name"), "the line's “name”") or "Safety Line",
        default_language=default,
        ring_timeout=timeout,
        voices=voices,
        numbers=line_numbers,
        text_message=text_message,
        speech=speech_langs,
        phone=phone,
        notices=_notices(r, file, "of the line", f.get("notices")),
    )


VOICE_FIELDS = {"voice", "speech", "override"}


def _voice(r: _Reader, file: str, lang: str, node: Node) -> Voice:
    """One language's voice: “pl-PL: Polly.Ewa”, or a mapping with ``voice``, ``speech`` (the
    ``<Gather>`` code, or false for keys only) and ``override`` (the deployer's reason to use a
    voice or code not in Twilio's table, which then is theirs to be sure of)."""
    if not isinstance(node.value, dict):
        voice = str(node.value)
        if problem := voice_problem(lang, voice):
            r.err(file, node, problem)
        return Voice(lang, voice, speech_code(lang))
    f = r.mapping(file, node, f"the voice of {lang}", VOICE_FIELDS, {"voice"})
    voice = r.text(file, f.get("voice"), f"the voice of {lang}")
    override = (
        r.text(file, f.get("override"), f"“override” of {lang} (why you are sure Twilio has it)")
        if "override" in f
        else ""
    )
    speech: str | None = speech_code(lang)
    if (sp := f.get("speech")) is not None:
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
                f"{problem.split(' (')[0]} in the line's table; used because of the override at line "
                f"{f['override'].line}: "
                "a wrong voice or code fails on every call, so try it on a test call",
                "warning",
            )
        else:
            r.err(file, where, problem)
    if override and not any(p for _, p in said):
        r.err(
            file,
            f["override"],
            f"the override of {lang} is not needed: Twilio's table has this already; remove it",
            "warning",
        )
    return Voice(lang, voice, speech, override)


def _phone(r: _Reader, file: str, node: Node | None, line_numbers: dict[str, str]) -> str:
    """The number printed for callers: ``phone:`` as written, else the first of ``numbers:``."""
    if node is None:
        first = next(iter(line_numbers), "")
        return numbers.national(first) if first else ""
    text = r.text(file, node, "“phone”")
    if not text:
        return ""
    c = numbers.check(text)
    if c.e164 is None:
        r.err(
            file,
            node,
            f"“phone” should be the line's own UK phone number as callers dial it, like 0808 157 0123; “{text}” is "
            "not one",
        )
        return ""
    return text


def fingerprint(folder: Path) -> str:
    """The menus' version: a short hash of the files as they are on disk."""
    digest = hashlib.sha256()
    for name in FILES:
        path = folder / name
        digest.update(name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            pass
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Source:
    """One version of ``menus/``: the files' nodes and the values read from them.

    The values may be partial when the files have errors; checkers skip what is missing.
    """

    folder: Path
    nodes: dict[str, Node | None]
    line: Line | None
    services: dict[str, Service]
    tips: tuple[Tip, ...]
    menus: dict[str, Menu]
    #: Problems found while reading, before the checkers ran.
    earlier: list[Problem]
    today: dt.date

    def label(self, name: str) -> str:
        """How a file is named in problems: the folder as given, then the file."""
        return str(self.folder / name)

    def find(self, name: str, *path: str | int) -> Node | None:
        """The node at ``path`` inside a file, or None."""
        node = self.nodes.get(name)
        for step in path:
            if node is None:
                return None
            if isinstance(step, int):
                node = node.value[step] if isinstance(node.value, list) and step < len(node.value) else None
            else:
                node = node.get(step)
        return node

    def line_of(self, name: str, *path: str | int) -> int:
        """The line of the deepest part of ``path`` that exists; a key's own line for mappings."""
        node = self.nodes.get(name)
        line = node.line if node is not None else 1
        for step in path:
            if node is None:
                break
            if isinstance(step, int):
                node = node.value[step] if isinstance(node.value, list) and step < len(node.value) else None
                line = node.line if node is not None else line
            else:
                parent = node
                node = node.get(step)
                if node is not None:
                    line = parent.key_line(step)
        return line

    def problem(self, name: str, path: tuple[str | int, ...], message: str, severity: str = "error") -> Problem:
        return Problem(self.label(name), self.line_of(name, *path), message, severity)

    def option_path(self, menu_id: str, key: str) -> tuple[str | int, ...]:
        """Where an option of a menu is written, found by its key."""
        options = self.find("menus.yaml", "menus", menu_id, "options")
        if options is not None and isinstance(options.value, list):
            for i, o in enumerate(options.value):
                k = o.get("key")
                if k is not None and str(k.value) == key:
                    return ("menus", menu_id, "options", i, "key")
        return ("menus", menu_id)


def read(folder: Path, today: dt.date) -> Source:
    """Read every file of ``folder``; ``earlier`` holds what stopped a value being read."""
    folder = Path(folder)
    problems: list[Problem] = []
    r = _Reader(problems)
    label = lambda name: str(folder / name)  # noqa: E731
    nodes = {name: read_yaml(folder / name, problems, label(name)) for name in FILES}

    line = _line(r, label("line.yaml"), nodes["line.yaml"]) if nodes["line.yaml"] else None
    services: dict[str, Service] = {}
    if (s := nodes["services.yaml"]) is not None:
        sf = r.mapping(label("services.yaml"), s, "services.yaml", {"services"}, {"services"})
        body = sf.get("services")
        if body is not None and isinstance(body.value, dict):
            for sid, node in body.value.items():
                if not ID.match(sid):
                    r.err(
                        label("services.yaml"),
                        node.key_at,
                        f"the service name “{sid}” should be lower-case letters, digits and dashes",
                    )
                svc = _service(r, label("services.yaml"), sid, node)
                if svc is not None:
                    services[sid] = svc
        elif body is not None:
            r.err(label("services.yaml"), body, "“services” should list the services by name")
    tips = _tips(r, label("tips.yaml"), nodes["tips.yaml"]) if nodes["tips.yaml"] else ()
    known = services if nodes["services.yaml"] is not None else None
    menus = _menus(r, label("menus.yaml"), nodes["menus.yaml"], known) if nodes["menus.yaml"] else {}
    return Source(folder, nodes, line, services, tips, menus, problems, today)
