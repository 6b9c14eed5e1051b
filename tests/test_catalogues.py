"""The catalogues: complete, in step with the code and YAML, and nothing said around them."""

from __future__ import annotations

import datetime as dt
import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from ivr import sms
from ivr.extract import extract_yaml
from ivr.flow import (
    DIAL_STATUSES,
    Arrive,
    Caps,
    Connect,
    DialEnded,
    Hangup,
    Key,
    Listen,
    SendText,
    Silence,
    Speech,
    TextResult,
    step,
)
from ivr.hours import parse_now
from ivr.i18n import SOURCE_LANGUAGE, Catalogs, babel_locale, language_name
from ivr.inspect import inspect
from ivr.menus import iter_sentences, load, parse
from ivr.testing import FakeTwilio

from .conftest import LOCALES, MENUS, make_app
from .fixture import catalogues as fixture_catalogues

TEMPLATE = LOCALES / "messages.pot"
LANGS = list(load(MENUS).line.voices)
FOREIGN = [lang for lang in LANGS if lang != SOURCE_LANGUAGE]


def msgids(catalog: Catalog) -> set[str]:
    return {m.id for m in catalog if m.id}


def fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


# --- the template and catalogues are complete ---------------------------------------
# Of the fixture line here (tests/fixture/catalogues.py keeps them in step); of the shipped
# catalogues in test_shipped_content.py, which holds for any content.


def test_the_fixture_template_is_what_extracting_afresh_gives():
    fresh = {m.id for m in fixture_catalogues.template() if m.id}
    template = msgids(read_po(TEMPLATE.open("rb")))
    assert fresh == template, f"run: python tests/fixture/catalogues.py ({sorted(fresh ^ template)})"


def test_the_fixture_has_one_complete_language_and_one_partial_one():
    report = inspect(MENUS, LOCALES)
    assert report.ok, [str(p) for p in report.errors]  # ivr check accepts the fixture line
    catalogs = Catalogs(LOCALES)
    wanted = msgids(read_po(TEMPLATE.open("rb")))
    translated = {lang: {m.id for m in catalogs.catalog(lang) if m.id and m.string and not m.fuzzy} for lang in FOREIGN}
    assert FOREIGN == ["pl-PL", "ro-RO"]
    assert wanted <= translated["pl-PL"], (
        f"run: python tests/fixture/catalogues.py; missing {sorted(wanted - translated['pl-PL'])}"
    )
    assert 0 < len(translated["ro-RO"] & wanted) < len(wanted) / 2  # English fallback gets exercised


@pytest.mark.parametrize("lang", FOREIGN)
def test_placeholders_are_the_same_in_every_translation(lang):
    catalog = Catalogs(LOCALES).catalog(lang)
    for m in catalog:
        if m.id and m.string:
            assert fields(m.string) == fields(m.id), (lang, m.id, m.string)
            m.string.format(**{name: "x" for name in fields(m.id)})  # and it can be filled in


# --- the YAML extractor ------------------------------------------------------------


def test_the_yaml_extractor_gives_exactly_what_the_flow_says_with_its_line():
    menus = load(MENUS)
    extracted: list[tuple[str, int, str]] = []
    for name in ("services.yaml", "tips.yaml", "menus.yaml", "line.yaml"):
        with (MENUS / name).open("rb") as f:
            extracted += [(name, line, text) for line, _, text, _ in extract_yaml(f, {}, [], {})]
    assert {text for _, _, text in extracted} == set(iter_sentences(menus))
    for name, line, text in extracted:
        written = (MENUS / name).read_text(encoding="utf-8").splitlines()[line - 1]
        assert text[:30] in written, (name, line, text)


def test_the_yaml_extractor_ignores_what_it_cannot_read():
    assert list(extract_yaml(io.BytesIO(b"menus: [unclosed"), {}, [], {})) == []
    assert list(extract_yaml(io.BytesIO(b"services:\n  x:\n    about: [1, 2]\n"), {}, [], {})) == []


def test_a_changed_tip_becomes_a_new_entry_and_the_old_translation_is_not_used(tmp_path):
    """What ``pybabel update`` does after a maintainer edits a tip: never a silent mismatch."""
    template = read_po(TEMPLATE.open("rb"))
    old = "Fixture tip three."
    new = "Fixture tip three, and check it works."
    changed = Catalog(locale="pl_PL", domain="messages")
    for m in template:
        if m.id:
            changed.add(new if m.id == old else m.id, locations=m.locations)
    polish = read_po((LOCALES / "pl_PL" / "LC_MESSAGES" / "messages.po").open("rb"))
    polish.update(changed)  # as pybabel update does
    assert polish[new].fuzzy  # a guess for a translator to check, never used on a call
    folder = tmp_path / "locales" / "pl_PL" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as f:
        write_po(f, polish)
    assert Catalogs(tmp_path / "locales").lookup(new, "pl-PL") == (new, SOURCE_LANGUAGE)


# --- the pseudo-locale: nothing bypasses the catalogues ----------------------------


def pseudo_locales(folder: Path) -> Path:
    """Catalogues where every message is the English wrapped in [[…]]."""
    template = read_po(TEMPLATE.open("rb"))
    for lang in FOREIGN:
        catalog = Catalog(locale=babel_locale(lang), domain="messages")
        for m in template:
            if m.id:
                catalog.add(m.id, f"[[{m.id}]]")
        out = folder / babel_locale(lang) / "LC_MESSAGES" / "messages.po"
        out.parent.mkdir(parents=True)
        with out.open("wb") as f:
            write_po(f, catalog)
    return folder


def english_patterns() -> list[re.Pattern[str]]:
    out = []
    for msgid in msgids(read_po(TEMPLATE.open("rb"))):
        out.append(re.compile(re.sub(r"\\\{\w+\\\}", ".+", re.escape(msgid))))
    return out


def walk(menus, catalogs, lang: str, now: dt.datetime, caps: Caps):
    """Every turn of every call in ``lang``: each key, word, silence, dial and text result in each place."""
    first = step(menus, catalogs, None, Arrive(), now, lang, caps)
    turns, todo, seen = [first], [first], set()
    while todo:
        turn = todo.pop()
        nxt = turn.next
        if isinstance(nxt, Hangup) or turn.lang != lang:
            continue  # another language: its first turn is checked, the rest is its own walk
        if isinstance(nxt, SendText):
            for sent in (True, False):
                t = step(menus, catalogs, nxt.place, TextResult(nxt.service.id, sent), now, lang, caps)
                turns.append(t)
                todo.append(t)
            continue
        place = nxt.place if isinstance(nxt, Listen) else nxt.after
        key = place.encode() + ("/dial" if isinstance(nxt, Connect) else "")
        if key in seen:
            continue
        seen.add(key)
        events = (
            [DialEnded(s) for s in DIAL_STATUSES]
            if isinstance(nxt, Connect)
            else [*(Key(k) for k in "0123456789*#"), Silence(1), Silence(2), Speech("zzz", 0.9)]
        )
        for event in events:
            t = step(menus, catalogs, place, event, now, lang, caps)
            turns.append(t)
            todo.append(t)
    return turns


MOMENTS = [
    "2026-11-26T02:00:00+00:00",
    "2026-11-28T12:00:00+00:00",
    "2026-11-25T10:30:00+00:00",
    "2026-12-28T10:00:00+00:00",
    "2026-11-27T15:00:00+00:00",
]
#: Sentences the current menus and hours cannot lead to: no service closes after tomorrow,
#: and some are open day and night.
UNREACHABLE = {
    "No service is open right now.",
    "The line does not know when they open next.",
    "They are open now until tomorrow at {time}.",
    "They are open now until {day} at {time}.",
    # The language menu pages only with more than nine languages (tests/test_more_languages.py).
    "For more languages, press {key}.",
    "more languages, more, other languages",
    # Replies to texts about services the fixture's report and forced menus do not hold (tested
    # in tests/test_sms.py on hours made for them).
    "Open now until {day} {time}.",
    "Closed now.",
    "Bank holiday today: hours may differ.",
}


#: Sentences of the other faces (the browser demo, the wallet card), tested in their own files.
OTHER_FACES = {
    "On a real call you would now be put through to {name} on {number}.",
    "This card has no phone number yet: the line's number is not set.",
    # The wallet card: read, not heard.
    "In danger now? Dial 999.",
    "If you can't speak, stay on the line and cough or tap if you can. On a mobile, press 55 when a recording asks.",
    "Press {key}.",
    "Or text any word to {phone}.",
}


ENGLISH_DANGER_WORDS = {p.strip() for p in "help, danger, police, emergency, help me".split(",")}


def test_a_pseudo_locale_call_proves_every_sentence_comes_from_the_catalogues(tmp_path):
    menus = load(MENUS)
    catalogs = Catalogs(pseudo_locales(tmp_path / "locales"))
    # Names stay as they are: services', the line's, and each language's own (said in itself).
    languages = {language_name(lang) for lang in menus.line.voices}
    names = sorted({s.name for s in menus.services.values()} | {menus.line.name} | languages, key=len, reverse=True)
    patterns = english_patterns()
    heard: set[str] = set()
    for when in MOMENTS:
        for caps in (Caps(), Caps(connect=False), Caps(text=True, texts_left=3), Caps(free=True)):
            for turn in walk(menus, catalogs, "pl-PL", parse_now(when), caps):
                if isinstance(turn.next, Listen) and turn.lang == "pl-PL":
                    # What a caller may say comes from the catalogues too.
                    # ... but the English danger words, heard in every language on purpose.
                    hints = ", ".join(h for h in turn.next.hints if h not in names)
                    rest = {p.strip() for p in re.sub(r"\[\[.*?\]\]", "", hints).split(",") if p.strip()}
                    assert rest <= ENGLISH_DANGER_WORDS, hints
                    heard.update(re.findall(r"\[\[(.*?)\]\]", hints))
                if isinstance(turn.next, SendText):
                    body = turn.next.body
                    assert body.startswith("[["), body
                    while "[[" in body:  # the hours sentence sits inside the template: innermost first
                        heard.update(re.findall(r"\[\[([^\[\]]*)\]\]", body))
                        body = re.sub(r"\[\[[^\[\]]*\]\]", "X", body)
                for said in turn.lines:
                    if said.lang == SOURCE_LANGUAGE:
                        # Deliberately English (the way to English, the English choice): still a msgid.
                        assert any(p.fullmatch(said.text) for p in patterns), said
                        heard.add(said.text)
                        continue
                    assert "[[" in said.text, said
                    rest = said.text
                    while "[[" in rest:  # a translated value inside a sentence (the line's name): innermost first
                        heard.update(re.findall(r"\[\[([^\[\]]*)\]\]", rest))
                        rest = re.sub(r"\[\[[^\[\]]*\]\]", "\0", rest)  # a stand-in the outer sentence's {name} matches
                    rest = rest.replace("\0", "")
                    for name in names:
                        rest = rest.replace(name, "")
                    assert rest.strip(" .,:") == "", f"said around the catalogues: {rest!r} in {said.text!r}"
        heard.update(texts_heard(menus, catalogs, parse_now(when), names))
    unheard = {m for m in msgids(read_po(TEMPLATE.open("rb"))) if not any(_matches(m, h) for h in heard)}
    assert unheard <= UNREACHABLE | OTHER_FACES, sorted(unheard - UNREACHABLE - OTHER_FACES)


def texts_heard(menus, catalogs, now: dt.datetime, names: list[str]) -> set[str]:
    """The replies to texts (:mod:`ivr.sms`) in the pseudo-locale: every word from a catalogue
    but the names, numbers and the numbers of tips."""
    heard: set[str] = set()
    numbers = sorted({s.number for s in menus.services.values()}, key=len, reverse=True)
    last = f"[[NEXT]] {len(menus.tips)}"
    for body in ("hello", "[[TIPS]]", "[[NEXT]] 2", last, "[[REPORT]]", "[[FORCED]]", "[[ALL]]"):
        rest = sms.reply(menus, catalogs, body, now, "pl-PL").text
        while "[[" in rest:
            heard.update(re.findall(r"\[\[([^\[\]]*)\]\]", rest))
            rest = re.sub(r"\[\[[^\[\]]*\]\]", "\0", rest)  # a stand-in the outer sentence's {tips} matches
        rest = rest.replace("\0", "")
        for name in [*names, *numbers]:
            rest = rest.replace(name, "")
        assert re.sub(r"[\s.,:;()0-9]", "", rest) == "", f"a reply to a text says around the catalogues: {rest!r}"
    return heard


def _matches(msgid: str, heard: str) -> bool:
    return re.fullmatch(re.sub(r"\\\{\w+\\\}", ".+", re.escape(msgid)), heard, re.S) is not None


def test_a_pseudo_locale_call_through_the_webhooks(tmp_path):
    app = make_app("2026-11-28T12:00:00+00:00", locales_dir=pseudo_locales(tmp_path / "locales"))
    call = FakeTwilio(app.test_client())
    call.keys("9")
    for ans in (
        call.press("2"),
        call.press("1"),
        call.press("1"),
        call.press("2"),
        call.press("*"),
        call.press("*"),
        call.press("2"),
    ):
        for say in ans.says:
            assert say.get("language") == "pl-PL" and say.get("voice") == "Polly.Ewa", say.text
            assert say.text.startswith(("[[", "Weekday", "Split", "Evening", "Short", "Anytime")), say.text


# --- voices and numbers in line.yaml ------------------------------------------------


def line_problems(tmp_path: Path, extra: str, voices: str | None = None) -> list[str]:
    folder = tmp_path / "menus"
    folder.mkdir(parents=True)
    for name in ("services.yaml", "tips.yaml", "menus.yaml"):
        (folder / name).write_text((MENUS / name).read_text(encoding="utf-8"), encoding="utf-8")
    line = (
        "name: Safety Line\ndefault_language: en-GB\nvoices:\n"
        + (voices or "  en-GB: Polly.Amy\n  pl-PL: Polly.Ewa\n")
        + extra
    )
    (folder / "line.yaml").write_text(line, encoding="utf-8")
    menus, problems = parse(folder)
    return [str(p) for p in problems if p.severity == "error"]


def test_a_voice_that_does_not_exist_for_its_language_is_refused_with_its_line(tmp_path):
    problems = line_problems(tmp_path, "", voices="  en-GB: Polly.Amy\n  pl-PL: Polly.Carmen\n")
    assert len(problems) == 1
    assert "line.yaml:5:" in problems[0] and "“Polly.Carmen” is not a Twilio voice for pl-PL" in problems[0]
    assert "Polly.Ewa" in problems[0]


def test_an_unknown_language_code_is_refused_with_a_hint(tmp_path):
    problems = line_problems(tmp_path, "", voices="  en-GB: Polly.Amy\n  zh-CN: Polly.Zhiyu\n")
    assert len(problems) == 1 and "“zh-CN”" in problems[0] and "Did you mean cmn-CN?" in problems[0]


def test_english_needs_a_voice(tmp_path):
    problems = line_problems(tmp_path, "", voices="  pl-PL: Polly.Ewa\n")
    assert any("needs an English voice" in p for p in problems)


def test_a_number_must_start_calls_in_a_configured_language(tmp_path):
    problems = line_problems(tmp_path, 'numbers:\n  "+442079460001": ro-RO\n')
    assert len(problems) == 1 and "+442079460001" in problems[0] and "“ro-RO”" in problems[0]
    assert line_problems(tmp_path / "ok", 'numbers:\n  "+442079460001": pl-PL\n') == []
