"""The content the line ships (``menus/``, ``locales/``): what must hold for ANY valid content.

Every other test runs on the fixture line in ``tests/fixture``. These read the shipped content,
or the folders ``IVR_MENUS``/``IVR_LOCALES`` name (``tests/content_edits.py`` points them at an
edited copy), and assert only what a maintainer's ordinary edit (hours, a tip reworded, a
service added or removed, a new tip topic) must leave true: ``ivr check`` finds no error; the
999 advice comes first in every language; every service can be reached from the main menu;
every sentence is translated or ``ivr check`` says it is not; every webhook answers valid
TwiML. No service, time or sentence of the content is named here.
"""

from __future__ import annotations

import datetime as dt
import string
from collections import deque
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from ivr import menus as loader
from ivr.extract import extract_yaml
from ivr.flow import Arrive, Key, Listen, Place, danger_advice, step
from ivr.hours import parse_now
from ivr.i18n import SOURCE_LANGUAGE, Catalogs, Speaker
from ivr.inspect import inspect, schema
from ivr.inspect.translations import TEMPLATE, po_path
from ivr.menus import iter_sentences, load
from ivr.model import KEYPAD
from ivr.testing import FakeTwilio
from ivr.voices import KNOWN_VOICES

from .conftest import ROOT, SHIPPED_LOCALES, SHIPPED_MENUS, make_app

MENUS = load(SHIPPED_MENUS)
LANGS = list(MENUS.line.voices)
#: A weekday morning, a Friday evening, a Sunday night, a bank holiday, a summer morning.
MOMENTS = [
    "2026-11-25T10:00:00+00:00",
    "2026-11-27T19:00:00+00:00",
    "2026-11-29T23:30:00+00:00",
    "2026-12-28T10:00:00+00:00",
    "2026-07-01T08:45:00+00:00",
]
DIAL_STATUSES = ["completed", "busy", "no-answer", "failed", "canceled"]


@pytest.fixture(scope="module")
def report():
    return inspect(SHIPPED_MENUS, SHIPPED_LOCALES)


def msgids(path) -> set[str]:
    with path.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


# --- ivr check ---------------------------------------------------------------------


def test_ivr_check_finds_no_error_in_the_shipped_content(report):
    assert report.ok, "\n".join(str(p) for p in report.errors)


def test_every_service_has_a_source_and_none_is_put_through_without_an_ordinary_number():
    for svc in MENUS.services.values():
        assert svc.source and svc.checked.year >= 2026, svc.id
        assert svc.e164 or not svc.put_through, svc.id  # never 999/112, never a short number


def test_every_yaml_file_names_the_schema_ivr_check_uses():
    for name in loader.FILES:
        first = (SHIPPED_MENUS / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(schema.HEADER), name
        named = first.removeprefix(schema.HEADER)
        assert (ROOT / "menus" / named).resolve() == schema.schema_path(name).resolve()


# --- the welcome ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_999_advice_comes_first_in_the_welcome_in_every_language(lang):
    catalogs = Catalogs(SHIPPED_LOCALES)
    sp = Speaker(catalogs, lang)
    danger = danger_advice(sp)
    turn = step(MENUS, catalogs, None, Arrive(), parse_now(MOMENTS[0]), lang)
    # The line's name and that the call is free and confidential, then at once the 999 advice.
    assert list(turn.lines[1:3]) == danger, turn.lines[:3]
    assert len(turn.lines[0].text.split()) / 2.5 < 10  # within its first ten seconds
    assert isinstance(turn.next, Listen) and turn.next.keys


# --- reaching every service ----------------------------------------------------------


def reachable_services(now: dt.datetime) -> set[str]:
    """Every ``service:`` place a caller reaches from the main menu with keys alone."""
    catalogs = Catalogs(None)
    first = step(MENUS, catalogs, None, Arrive(), now, SOURCE_LANGUAGE)
    todo, seen = deque([first.next.place]), set()
    while todo:
        place = todo.popleft()
        if place.encode() in seen:
            continue
        seen.add(place.encode())
        here = step(MENUS, catalogs, place, Arrive(), now, SOURCE_LANGUAGE).next
        for key in here.keys if isinstance(here, Listen) else ():
            nxt = step(MENUS, catalogs, place, Key(key), now, SOURCE_LANGUAGE)
            if isinstance(nxt.next, Listen) and nxt.lang == SOURCE_LANGUAGE and nxt.next.place != place:
                todo.append(nxt.next.place)
    return {
        node.split(":", 1)[1] for path in seen for node in Place.decode(path, MENUS).path if node.startswith("service:")
    }


def test_every_service_is_reachable_from_the_main_menu():
    assert set(MENUS.services) <= reachable_services(parse_now(MOMENTS[2]))


# --- translations ----------------------------------------------------------------------


def test_every_sentence_of_the_code_is_in_the_template():
    """Whatever the content, the code's own sentences can be translated."""
    code = {message for _f, _l, message, _c, _x in extract_from_dir(str(ROOT / "ivr"), [("**.py", "python")], {})}
    missing = code - msgids(SHIPPED_LOCALES / TEMPLATE)
    assert not missing, f"extract the template again (see docs/maintaining.md): {sorted(missing)}"


def test_a_sentence_of_the_menus_missing_from_the_template_is_reported(report):
    missing = set(iter_sentences(MENUS)) - msgids(SHIPPED_LOCALES / TEMPLATE) - {""}
    if missing:
        assert any(p.file.endswith(TEMPLATE) and p.code == "catalogue.template_behind" for p in report.problems)


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != SOURCE_LANGUAGE])
def test_every_sentence_is_translated_or_reported_by_check(report, lang):
    path = po_path(SHIPPED_LOCALES, lang)
    count = next(c for c in report.languages if c.lang == lang)
    if not path.is_file():
        assert any(
            p.file.endswith("line.yaml") and lang in p.message and p.code == "catalogue.missing"
            for p in report.problems
        )
        return
    wanted = msgids(SHIPPED_LOCALES / TEMPLATE)
    with path.open("rb") as f:
        done = {m.id for m in read_po(f) if m.id and m.string and not m.fuzzy}
    untranslated = wanted - done
    assert count.total == len(wanted)
    assert count.missing + count.fuzzy + count.broken >= len(untranslated)
    if untranslated:
        assert any(p.file == str(path) for p in report.problems), (
            f"{lang}: {len(untranslated)} untranslated, none reported"
        )


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != SOURCE_LANGUAGE])
def test_placeholders_are_the_same_in_every_shipped_translation(lang):
    catalog = Catalogs(SHIPPED_LOCALES).catalog(lang)
    for m in catalog or ():
        if m.id and m.string:
            names = sorted(n for _, n, _, _ in string.Formatter().parse(m.id) if n is not None)
            assert sorted(n for _, n, _, _ in string.Formatter().parse(m.string) if n is not None) == names, (
                lang,
                m.id,
            )


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != SOURCE_LANGUAGE])
def test_every_shipped_catalogue_says_whether_a_native_speaker_reviewed_it(lang):
    catalogs = Catalogs(SHIPPED_LOCALES)
    if catalogs.po_path(lang).is_file():
        assert catalogs.review_note(lang) is not None, f"{lang}: no “Reviewed:” line in its header"


def test_the_yaml_extractor_gives_exactly_what_the_flow_says_with_its_line():
    extracted: list[tuple[str, int, str]] = []
    for name in loader.FILES:
        with (SHIPPED_MENUS / name).open("rb") as f:
            extracted += [(name, line, text) for line, _, text, _ in extract_yaml(f, {}, [], {})]
    assert {text for _, _, text in extracted} == set(iter_sentences(MENUS)) - {""}
    for name, line, text in extracted:
        written = (SHIPPED_MENUS / name).read_text(encoding="utf-8").splitlines()[line - 1]
        assert text[:30] in written, (name, line, text)


def test_babel_cfg_finds_the_code_and_the_menus():
    """``pybabel extract -F babel.cfg`` reads the code and ``menus/``: what translators get."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _c, _x in extract_from_dir(str(ROOT), method_map, options_map):
        found.setdefault(message, []).append(f"{filename}:{lineno}")
    assert set(iter_sentences(load(ROOT / "menus"))) - {""} <= set(found)
    assert any(loc.startswith("ivr/flow/") for loc in found["Sorry, that key does nothing here."])
    assert not any(loc.startswith("tests/") for locs in found.values() for loc in locs)  # never the fixture's


# --- the webhooks --------------------------------------------------------------------


def walk(call: FakeTwilio, budget: int = 1500) -> set[str]:
    """Every key at every place reachable from the welcome, silences and dial results: each
    answer is parsed as strict TwiML by :class:`FakeTwilio`. Returns the places reached."""
    queue, seen, places = deque([call.start()]), set(), set()
    while queue and len(seen) < budget:
        ans = queue.popleft()
        assert ans.status == 200 and ans.root is not None, (ans.url, ans.status, ans.body[:200])
        assert ans.says, f"nothing said at {ans.url}"
        gather, redirect, dial = ans.first("Gather"), ans.first("Redirect"), ans.first("Dial")
        assert gather is not None or dial is not None or ans.first("Hangup") is not None, ans.body
        moves: list[tuple[str, dict[str, str]]] = []
        if gather is not None:
            assert redirect is not None, "a Gather with nothing after it: silence would end the call"
            action = urljoin(ans.url, gather.get("action"))
            places.add(parse_qs(urlsplit(action).query).get("at", [""])[0])
            moves += [(action, {"Digits": k}) for k in KEYPAD]
            moves.append((urljoin(ans.url, redirect.text.strip()), {}))
        if dial is not None:
            action = urljoin(ans.url, dial.get("action"))
            moves += [(action, {"DialCallStatus": s, "DialCallDuration": "42"}) for s in DIAL_STATUSES]
        for url, extra in moves:
            query = {k: v for k, v in parse_qs(urlsplit(url).query).items() if k != "lang"}
            key = urlsplit(url).path + repr(sorted(query.items())) + repr(sorted(extra.items()))
            if key not in seen:
                seen.add(key)
                queue.append(call.request(url, call.params(**extra)))
    return places


@pytest.mark.parametrize("when", MOMENTS)
def test_every_webhook_answers_valid_twiml_everywhere_at_these_times(when):
    call = FakeTwilio(make_app(when, menus_dir=SHIPPED_MENUS, locales_dir=SHIPPED_LOCALES).test_client())
    places = walk(call)
    offered = {node.split(":", 1)[1] for p in places for node in p.split("/") if node.startswith("service:")}
    assert set(MENUS.services) <= offered


@pytest.mark.parametrize("key, lang", list(zip("123456789", LANGS, strict=False)))
def test_a_call_in_each_language_is_valid_twiml_in_that_language_or_english(key, lang):
    call = FakeTwilio(make_app(MOMENTS[0], menus_dir=SHIPPED_MENUS, locales_dir=SHIPPED_LOCALES).test_client())
    main = next(o.key for o in MENUS.menus["main"].options if o.target == "languages")
    answers = [call.keys(main, key)]
    # The services menu, then a service's page: where the list puts an open service straight
    # through, by its extra key to the services' own pages (then one more star back).
    listed = step(MENUS, Catalogs(SHIPPED_LOCALES), Place(), Key("1"), parse_now(MOMENTS[0]), lang)
    assert isinstance(listed.next, Listen), listed.next
    menu = MENUS.menus[listed.next.place.node.split(":", 1)[1]]
    pages = sorted(set(listed.next.keys) - {o.key for o in menu.options})
    for digits in ("1", *pages, "1", *["*"] * len(pages), "*", "*", "0"):
        answers.append(call.press(digits))
    for ans in answers:
        assert ans.says and f"lang={lang}" in ans.first("Redirect").text
        for say in ans.says:
            spoken = say.get("language")
            assert spoken in (lang, SOURCE_LANGUAGE), (lang, spoken)
            assert say.get("voice") == MENUS.line.voices[spoken].voice and say.get("voice") in KNOWN_VOICES[spoken]
