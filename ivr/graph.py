"""``ivr graph``: the whole call as a diagram, every menu, key and service, hours on services,
with each service's dated exceptions and the notices (line-wide on the call, others on their service).

Written as Mermaid text (GitHub and many editors draw it) and as Graphviz DOT, which
``dot -Tsvg`` turns into an SVG picture where Graphviz is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import dated
from .flow import MORE_LANGUAGES_KEY, language_pages, nodes
from .model import Menus, Notice, Service
from .timetable import summary

#: A notice in a box is cut to this many characters; the full sentence is in the YAML.
NOTICE_CHARS = 60


@dataclass(frozen=True)
class Node:
    id: str
    label: tuple[str, ...]  # one line each
    shape: str = "box"  # box, round (start/end), service


@dataclass(frozen=True)
class Edge:
    src: str
    dst: str
    label: str


def _nid(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text)


def service_label(svc: Service) -> tuple[str, ...]:
    lines = [svc.name, svc.number, summary(svc.hours)]
    if not svc.hours.always:
        lines.append(
            {
                "open": "open on bank holidays",
                "unknown": f"usual hours, may differ on bank holidays ({svc.region})",
            }.get(svc.bank_holidays, f"closed on bank holidays ({svc.region})")
        )
    lines.append("put through from a list while open" if svc.dialable else "number read out only")
    lines.extend(dated.exception_text(e) for e in svc.exceptions)
    lines.extend(notice_label(n) for n in svc.notices)
    return tuple(lines)


def notice_label(n: Notice) -> str:
    text = n.text if len(n.text) <= NOTICE_CHARS else n.text[: NOTICE_CHARS - 1] + "…"
    return f"notice {dated.period_text(n)}: {text}"


Boxes = dict[str, Node]


def _tips(boxes: Boxes, edges: list[Edge], menus: Menus, ref: str) -> str:
    boxes["tips"] = Node("tips", ("Safety tips", f"{len(menus.tips)} tips, one at a time", "1 next, 0 again, * back"))
    return "tips"


def _open_now(boxes: Boxes, edges: list[Edge], menus: Menus, ref: str) -> str:
    boxes["open_now"] = Node("open_now", ("Open now", "every service open at that moment,", "one key each"))
    return "open_now"


def _languages(boxes: Boxes, edges: list[Edge], menus: Menus, ref: str) -> str:
    pages = language_pages(list(menus.line.voices))
    for n, page in enumerate(pages):
        nid = "languages" if n == 0 else f"languages_{n + 1}"
        more = (f"{MORE_LANGUAGES_KEY}: more languages",) if len(pages) > 1 else ()
        title = "Languages" if len(pages) == 1 else f"Languages, page {n + 1} of {len(pages)}"
        boxes[nid] = Node(
            nid,
            (title, *(f"{key}: {lang}" for key, lang in page), *more, "the call goes on in the one chosen"),
        )
        if n + 1 < len(pages):
            edges.append(Edge(nid, f"languages_{n + 2}", MORE_LANGUAGES_KEY))
    return "languages"


#: How each kind of node is drawn when an option leads to it: adds its boxes, gives the box
#: the option's arrow points at. None: no option leads there, and the kind is drawn elsewhere.
DRAWN: dict[str, Callable[[Boxes, list[Edge], Menus, str], str] | None] = {
    "menu": lambda boxes, edges, menus, ref: f"menu_{_nid(ref)}",  # every menu has its box
    "service": lambda boxes, edges, menus, ref: f"service_{_nid(ref)}",  # every service has its box
    "tip": _tips,
    "open": _open_now,
    "languages": _languages,
    # Offered by a menu while one of its services can be put through, on a key that depends
    # on the moment; it leads to the services' pages, whose boxes are drawn.
    "about": None,
    # A put-through call: "put through from a list while open" in the service's box.
    "dial": None,
}
nodes.covers(DRAWN, "ivr.graph.DRAWN")


def build(menus: Menus) -> tuple[list[Node], list[Edge]]:
    boxes: Boxes = {}
    edges: list[Edge] = []
    notices = tuple(notice_label(n) for n in menus.line.notices)
    boxes["call"] = Node("call", ("A call comes in", "welcome and 999 advice", *notices), "round")
    edges.append(Edge("call", "menu_main", ""))
    for mid, menu in menus.menus.items():
        title = "Main menu" if mid == "main" else f"Menu: {mid}"
        boxes[f"menu_{_nid(mid)}"] = Node(
            f"menu_{_nid(mid)}", (title, "* back, 0 again" if mid != "main" else "0 again")
        )
        for o in menu.options:
            draw = DRAWN[nodes.TARGETS[o.target]]
            if draw is None:
                raise nodes.UnknownNode(f"an option leads to {o.target!r}, which the diagram cannot draw")
            edges.append(Edge(f"menu_{_nid(mid)}", draw(boxes, edges, menus, o.ref), o.key))
    for sid, svc in menus.services.items():
        boxes[f"service_{_nid(sid)}"] = Node(f"service_{_nid(sid)}", service_label(svc), "service")
    if "open_now" in boxes:
        for sid in menus.services:
            edges.append(Edge("open_now", f"service_{_nid(sid)}", "when open"))
    return list(boxes.values()), edges


def _mermaid_text(line: str) -> str:
    return line.replace('"', "#quot;")


def mermaid(menus: Menus) -> str:
    nodes, edges = build(menus)
    out = ["flowchart LR"]
    for n in nodes:
        text = "<br/>".join(_mermaid_text(t) for t in n.label)
        out.append(f'  {n.id}(["{text}"])' if n.shape == "round" else f'  {n.id}["{text}"]')
    for e in edges:
        arrow = "-.->" if e.label == "when open" else "-->"
        out.append(
            f'  {e.src} {arrow}|"{_mermaid_text(e.label)}"| {e.dst}' if e.label else f"  {e.src} {arrow} {e.dst}"
        )
    out.append("  classDef service fill:#eef6ee,stroke:#2a6a2a")
    services = [n.id for n in nodes if n.shape == "service"]
    if services:
        out.append(f"  class {','.join(services)} service")
    return "\n".join(out) + "\n"


DOT_NEWLINE = "\\n"


def _dot_text(line: str) -> str:
    return line.replace("\\", "\\\\").replace('"', '\\"')


def dot(menus: Menus) -> str:
    nodes, edges = build(menus)
    out = ["digraph line {", '  rankdir=LR; node [fontname="sans-serif", shape=box]; edge [fontname="sans-serif"];']
    for n in nodes:
        style = {"round": ", shape=oval", "service": ', style=filled, fillcolor="#eef6ee"'}.get(n.shape, "")
        label = DOT_NEWLINE.join(_dot_text(t) for t in n.label)
        out.append(f'  {n.id} [label="{label}"{style}];')
    for e in edges:
        style = ", style=dashed" if e.label == "when open" else ""
        out.append(f'  {e.src} -> {e.dst} [label="{_dot_text(e.label)}"{style}];')
    out.append("}")
    return "\n".join(out) + "\n"


def svg(menus: Menus) -> str | None:
    """The diagram as SVG, or None when Graphviz's ``dot`` is not installed."""
    program = shutil.which("dot")
    if program is None:
        return None
    done = subprocess.run([program, "-Tsvg"], input=dot(menus), capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


def write(menus: Menus, mermaid_path: Path | None, svg_path: Path | None) -> list[str]:
    """Write the files asked for; return what to tell the maintainer."""
    said = []
    if mermaid_path is not None:
        mermaid_path.write_text(mermaid(menus), encoding="utf-8")
        said.append(f"wrote {mermaid_path}")
    if svg_path is not None:
        picture = svg(menus)
        if picture is None:
            said.append(
                "no SVG: Graphviz is not installed (no “dot” command). Install it (apt install graphviz) or open the "
                "Mermaid text in an editor that draws it."
            )
        else:
            svg_path.write_text(picture, encoding="utf-8")
            said.append(f"wrote {svg_path}")
    return said
