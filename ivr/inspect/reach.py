"""Where a caller can get to: menus nobody reaches, places with no way on, services in no menu."""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Problem
from ..reading import Source

MAIN = "main"


def _reached(src: Source) -> set[str]:
    seen, todo = set(), [MAIN]
    while todo:
        mid = todo.pop()
        if mid in seen or mid not in src.menus:
            continue
        seen.add(mid)
        todo.extend(o.ref for o in src.menus[mid].options if o.target == "menu")
    return seen


def unreachable_menus(src: Source) -> Iterator[Problem]:
    """A menu no key leads to: callers can never hear it (often a forgotten or misspelt link)."""
    if MAIN not in src.menus:
        return
    reached = _reached(src)
    for mid in src.menus:
        if mid not in reached:
            yield src.problem(
                "menus.yaml",
                ("menus", mid),
                f"no key leads to the menu “{mid}”, so callers can never hear it. Add an option “menu: {mid}” to a "
                "menu callers reach, or remove it.",
                code="reach.unreachable_menu",
            )


def dead_ends(src: Source) -> Iterator[Problem]:
    """A place with nothing to press but back (or, on the main menu, nothing at all)."""
    for mid, menu in src.menus.items():
        if menu.options:
            continue
        if mid == MAIN:
            yield src.problem(
                "menus.yaml",
                ("menus", mid, "options"),
                "the main menu has no options: callers would hear the welcome and have nowhere to go. Give it at "
                "least one option.",
                code="reach.main_dead_end",
            )
        else:
            yield src.problem(
                "menus.yaml",
                ("menus", mid, "options"),
                f"the menu “{mid}” has no options: callers could only go back. Add an option, or remove the menu and "
                "the key that leads to it.",
                code="reach.dead_end",
            )
        continue
    if not src.tips and src.nodes.get("tips.yaml") is not None:
        for mid, menu in src.menus.items():
            for o in menu.options:
                if o.target == "tips":
                    yield src.problem(
                        "menus.yaml",
                        src.option_path(mid, o.key),
                        f"option {o.key} of the menu “{mid}” leads to the safety tips, but tips.yaml has none. Add "
                        "tips, or remove the option.",
                        code="reach.no_tips",
                    )


def services_in_no_menu(src: Source) -> Iterator[Problem]:
    """A service no menu offers is only heard in “open now” lists; usually a forgotten option."""
    if not src.menus:
        return
    offered = {o.ref for m in src.menus.values() for o in m.options if o.target == "service"}
    for sid in src.services:
        if sid not in offered:
            yield src.problem(
                "services.yaml",
                ("services", sid),
                f"no menu offers the service “{sid}”; callers only hear it when they ask what is open now. Add an "
                f"option “service: {sid}” to a menu.",
                "warning",
                code="reach.service_in_no_menu",
            )
