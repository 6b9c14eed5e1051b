"""The core's layers: one registry of node kinds that decoding, the views and the diagram all
use; one helper for "send a text, then step again"; one home for the sentences the call, the
card and the safe words share; and a core that knows nothing of its faces.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from ivr import card, graph, twiml
from ivr.flow import (
    MAIN,
    SAFE_WORDS,
    Arrive,
    Caps,
    Connect,
    DialEnded,
    Key,
    Listen,
    Place,
    SendText,
    Silence,
    TextResult,
    danger_advice,
    nodes,
    step,
    text_then_step,
)
from ivr.flow.views import VIEWS
from ivr.hours import parse_now
from ivr.i18n import SOURCE_LANGUAGE, Catalogs, Speaker
from ivr.menus import load
from ivr.model import Target
from ivr.web import demo as web_demo

from .conftest import LOCALES, ROOT
from .conftest import MENUS as FIXTURE

MENUS = load(FIXTURE)
CATALOGS = Catalogs(LOCALES)
WEDNESDAY_MORNING = parse_now("2026-11-25T10:00:00+00:00")
TEXTING = Caps(text=True, texts_left=3)


def places_reached(now=WEDNESDAY_MORNING) -> set[Place]:
    """Every place a caller can reach on the fixture line with keys and a put-through call's end."""
    first = step(MENUS, CATALOGS, None, Arrive(), now, SOURCE_LANGUAGE, TEXTING)
    todo, seen = [first.next.place], set()
    while todo:
        place = todo.pop()
        if place in seen:
            continue
        seen.add(place)
        for event in [Key(k) for k in "0123456789*#"] + [DialEnded("busy"), DialEnded("completed")]:
            nxt = step(MENUS, CATALOGS, place, event, now, SOURCE_LANGUAGE, TEXTING).next
            if isinstance(nxt, (Listen, SendText)):
                todo.append(nxt.place)
            elif isinstance(nxt, Connect):
                todo.append(nxt.after)
    return seen


# --- one registry of node kinds ------------------------------------------------------


def test_every_kind_of_node_is_reached_by_a_caller_and_decodes_back():
    """The registry lists exactly the kinds a call can be at: none missing, none dead."""
    reached = places_reached()
    kinds = {nodes.parse(node)[0].name for place in reached for node in place.path}
    assert kinds == set(nodes.KINDS)
    for place in reached:
        assert Place.decode(place.encode(), MENUS) == place


def test_the_views_and_the_diagram_cover_every_kind_of_node():
    assert set(VIEWS) == set(nodes.KINDS)
    assert set(graph.DRAWN) == set(nodes.KINDS)
    # Every kind of menu option leads to a kind of node, and the diagram can draw it.
    assert set(nodes.TARGETS) == set(get_args(Target))
    assert all(graph.DRAWN[kind] is not None for kind in nodes.TARGETS.values())


def test_a_table_that_misses_a_kind_or_has_one_too_many_is_refused_loudly(monkeypatch):
    nodes.covers(VIEWS, "views")
    with pytest.raises(nodes.UnknownNode, match=r"unknown \['shelter'\]"):
        nodes.covers({**VIEWS, "shelter": None}, "views")
    monkeypatch.setitem(nodes.KINDS, "shelter", nodes.NodeKind("shelter", "a new kind", lambda ref, menus: True))
    with pytest.raises(nodes.UnknownNode, match=r"missing \['shelter'\]"):
        nodes.covers(VIEWS, "views")


def test_a_kind_of_node_with_no_view_stops_the_core_importing():
    """Added to the registry but given no view: the line cannot start, so no caller meets it."""
    code = (
        "from ivr.flow import nodes\n"
        "nodes.KINDS['shelter'] = nodes.NodeKind('shelter', 'new', lambda ref, menus: True)\n"
        "import importlib, ivr.flow.views\n"
        "importlib.reload(ivr.flow.views)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "UnknownNode" in done.stderr and "shelter" in done.stderr


def test_a_place_of_an_unknown_kind_cannot_be_made():
    """Before, an unknown kind was shown as "open now": now it cannot exist at all."""
    with pytest.raises(nodes.UnknownNode):
        Place(("menu:main", "shelter:1"))
    with pytest.raises(nodes.UnknownNode):
        MAIN.down("nowhere")
    with pytest.raises(nodes.UnknownNode):
        MAIN.swap("open_now")  # an option's target is not a node


@pytest.mark.parametrize(
    "text",
    [
        "menu:main/shelter",
        "menu:main/nowhere:1",
        "menu:main/open:",
        "menu:main/open:nobody",
        "menu:main/menu",
        "menu:main/about:nothing",
        "menu:main/dial",
        "menu:main/tip:99",
        "menu:main/languages:",
        "menu:main/languages:1",  # one page of languages only on the fixture line
        "menu:main/open_now",
    ],
)
def test_a_url_with_an_unknown_or_made_up_node_is_not_a_place(text):
    assert Place.decode(text, MENUS) is None


def test_the_bare_nodes_and_every_ref_of_the_line_decode():
    for node in ["open", "languages", "tip:0", *(f"about:{m}" for m in MENUS.menus)]:
        assert Place.decode(f"menu:main/{node}", MENUS) == MAIN.down(node)
    for sid in MENUS.services:
        for kind in ("service", "dial", "open"):
            assert Place.decode(f"menu:main/{kind}:{sid}", MENUS) == MAIN.down(f"{kind}:{sid}")


# --- send a text, then step again ------------------------------------------------------


def test_a_text_is_sent_by_the_face_and_the_caller_hears_how_it_went():
    page = MAIN.down("menu:services").down("service:weekday")
    asked = step(MENUS, CATALOGS, page, Key("3"), WEDNESDAY_MORNING, SOURCE_LANGUAGE, TEXTING)
    assert isinstance(asked.next, SendText)
    sent: list[SendText] = []

    after = Caps(text=True, texts_left=0)

    def send(ask: SendText) -> tuple[bool, Caps]:
        sent.append(ask)
        return False, after

    turn = text_then_step(MENUS, CATALOGS, asked, WEDNESDAY_MORNING, send)
    assert sent == [asked.next]
    expected = step(MENUS, CATALOGS, page, TextResult("weekday", False), WEDNESDAY_MORNING, SOURCE_LANGUAGE, after)
    assert turn == expected
    assert "3" not in turn.next.keys  # no text offered once none is left


def test_a_turn_that_asks_for_no_text_is_given_back_and_nothing_is_sent():
    turn = step(MENUS, CATALOGS, MAIN, Silence(1), WEDNESDAY_MORNING, SOURCE_LANGUAGE, TEXTING)

    def send(ask: SendText) -> tuple[bool, Caps]:
        raise AssertionError("nothing to send")

    assert text_then_step(MENUS, CATALOGS, turn, WEDNESDAY_MORNING, send) is turn


# --- one home for the shared sentences --------------------------------------------------


def test_the_safe_words_give_the_999_advice_exactly_as_the_call_says_it():
    call = [s.text for s in danger_advice(Speaker(CATALOGS, SOURCE_LANGUAGE))]
    assert list(SAFE_WORDS[1:]) == call
    assert twiml.SAFE_WORDS is SAFE_WORDS and web_demo.SAFE_WORDS is SAFE_WORDS  # the demo's are the phone's


def test_the_card_and_the_call_share_their_sentences():
    for lang in MENUS.line.voices:
        c = card.card(MENUS, CATALOGS, lang)
        back = step(MENUS, CATALOGS, MAIN, Key("1"), WEDNESDAY_MORNING, lang).lines[-1]
        assert c.everywhere == back  # "To go back, press star. To hear this again, press 0."


# --- the core knows nothing of its faces ----------------------------------------------

FACES = ("flask", "twilio", "werkzeug", "ivr.twiml", "ivr.web", "ivr.demo", "ivr.card", "ivr.simulate", "ivr.graph")


def test_the_core_imports_no_face_and_no_web_library():
    code = "import sys, ivr.flow; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    names = loaded.stdout.split()
    assert [n for n in names if n.startswith(FACES)] == []


LAYERED = [
    *sorted((ROOT / "ivr" / "flow").glob("*.py")),
    *(ROOT / "ivr" / f for f in ("twiml.py", "demo.py", "card.py", "simulate.py", "graph.py")),
    *(ROOT / "ivr" / "web" / f for f in ("demo.py", "voice.py", "cards.py")),
]


def private_reaches(path: Path) -> list[str]:
    """Names starting with one underscore that ``path`` takes from another module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    modules |= {
        a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level for a in n.names
    }
    found = []
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom):
            found += [a.name for a in n.names if a.name.startswith("_") and not a.name.startswith("__")]
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in modules:
            if n.attr.startswith("_") and not n.attr.startswith("__"):
                found.append(f"{n.value.id}.{n.attr}")
    return found


@pytest.mark.parametrize("path", LAYERED, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_and_its_faces_reach_into_no_other_modules_private_names(path):
    assert private_reaches(path) == []


#: Each face's modules; a face may use the core, never another face.
FACE_MODULES = {
    "phone": {"ivr.twiml", "ivr.web.voice"},
    "browser demo": {"ivr.demo", "ivr.web.demo"},
    "terminal": {"ivr.simulate"},
    "wallet card": {"ivr.card", "ivr.web.cards"},
    "diagram and timetable": {"ivr.graph", "ivr.timetable"},
}


def imported(path: Path) -> set[str]:
    """The modules of ``ivr`` that the file at ``path`` imports, as dotted names."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(n, ast.Import):
            found |= {a.name for a in n.names}
        elif isinstance(n, ast.ImportFrom):
            base = package.rsplit(".", n.level - 1)[0] if n.level > 1 else package
            base = f"{base}.{n.module}" if n.level and n.module else base if n.level else n.module or ""
            found |= {base} | {f"{base}.{a.name}" for a in n.names}
    return found


@pytest.mark.parametrize("face", FACE_MODULES)
def test_no_face_takes_anything_from_another_face(face):
    """The demo once said the phone's safe words by importing them from ivr.twiml."""
    others = set().union(*(mods for name, mods in FACE_MODULES.items() if name != face))
    for module in FACE_MODULES[face]:
        path = ROOT / Path(*module.split(".")).with_suffix(".py")
        assert imported(path) & others == set(), module


def test_the_face_check_sees_relative_imports(tmp_path):
    folder = ROOT / "ivr" / "web"
    assert {"ivr.demo", "ivr.logsafe", "ivr.flow", "ivr.flow.SAFE_WORDS"} <= imported(folder / "demo.py")
    assert "ivr.twiml" in imported(folder / "voice.py")


def test_the_private_names_check_can_fail(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from .twiml import _says\nfrom . import menus\nmenus._fingerprint(1)\n")
    assert private_reaches(sample) == ["_says", "menus._fingerprint"]
