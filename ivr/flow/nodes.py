"""The kinds of node a call can be at, listed once.

A place is a trail of nodes written ``kind`` or ``kind:ref`` (``menu:main``, ``service:num``,
``languages``). Decoding a place (:meth:`ivr.flow.Place.decode`), the views of the call
(:mod:`ivr.flow.views`) and the diagram (:mod:`ivr.graph`) all look a node up here, and each
table of theirs must cover :data:`KINDS` exactly (:func:`covers`), so a kind added in one place
and forgotten in another stops the package importing instead of being mis-said to a caller.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..model import Menus, Target

#: Keys of the language menu, in the order of ``voices`` in line.yaml.
LANGUAGE_KEYS = "123456789"
#: With more languages than keys, each page offers eight and 9 says "more languages".
MORE_LANGUAGES_KEY = "9"


def language_pages(langs: list[str]) -> list[list[tuple[str, str]]]:
    """The language menu's pages, each a list of (key, language): all on one page when they
    fit on keys 1 to 9, else eight a page, key 9 leading to the next page (the last to the first)."""
    if len(langs) <= len(LANGUAGE_KEYS):
        return [list(zip(LANGUAGE_KEYS, langs, strict=False))]
    per = len(LANGUAGE_KEYS) - 1
    return [list(zip(LANGUAGE_KEYS, langs[i : i + per], strict=False)) for i in range(0, len(langs), per)]


class UnknownNode(ValueError):
    """A node of no kind in :data:`KINDS`: a bug in the code, never something to say."""


@dataclass(frozen=True)
class NodeKind:
    name: str
    #: What the node is, for the docs and error messages.
    about: str
    #: Whether ``ref`` (the text after ``kind:``; None for the bare ``kind``) names a real
    #: node of this line.
    takes: Callable[[str | None, Menus], bool]


def _menu(ref: str | None, menus: Menus) -> bool:
    return ref is not None and ref in menus.menus


def _service(ref: str | None, menus: Menus) -> bool:
    return ref is not None and ref in menus.services


def _tip(ref: str | None, menus: Menus) -> bool:
    return ref is not None and ref.isdigit() and len(ref) < 4 and int(ref) < len(menus.tips)


def _open(ref: str | None, menus: Menus) -> bool:
    return ref is None or ref in menus.services


def _languages(ref: str | None, menus: Menus) -> bool:
    if ref is None:
        return True
    return ref.isdigit() and len(ref) < 3 and 0 < int(ref) < len(language_pages(list(menus.line.voices)))


KINDS: dict[str, NodeKind] = {
    k.name: k
    for k in (
        NodeKind("menu", "a menu of menus.yaml: menu:<id>", _menu),
        NodeKind("service", "a service's page (hours, number, a text): service:<id>", _service),
        NodeKind("tip", "one safety tip, by its place in tips.yaml: tip:<n>", _tip),
        NodeKind("open", "the services open now; open:<id> leaves out one whose put-through just failed", _open),
        NodeKind("languages", "the language menu; languages:<page> past its first page", _languages),
        NodeKind("about", "a menu's services, each leading to its page: about:<menu id>", _menu),
        NodeKind("dial", "a put-through call to a service, after which the caller is at the main menu", _service),
    )
}

#: The node each kind of menu option (``target`` in menus.yaml) leads to. An open service
#: chosen in a list is put through at once; otherwise its ``service`` page is said.
TARGETS: dict[Target, str] = {
    "menu": "menu",
    "service": "service",
    "tips": "tip",
    "open_now": "open",
    "languages": "languages",
}


def parse(node: str) -> tuple[NodeKind, str]:
    """The kind of ``node`` and its ref ("" for a bare node); :class:`UnknownNode` if no kind."""
    name, _, ref = node.partition(":")
    kind = KINDS.get(name)
    if kind is None:
        raise UnknownNode(f"no kind of node is called {name[:20]!r}; the kinds are {', '.join(KINDS)}")
    return kind, ref


def known(node: str, menus: Menus) -> bool:
    """Whether ``node`` is a node of this line (its kind exists and its ref names something real)."""
    name, colon, ref = node.partition(":")
    kind = KINDS.get(name)
    return kind is not None and kind.takes(ref if colon else None, menus)


def covers(table: Mapping[str, object], what: str) -> None:
    """Refuse a table keyed by node kind that misses a kind or has one not in :data:`KINDS`."""
    missing, extra = set(KINDS) - set(table), set(table) - set(KINDS)
    if missing or extra:
        raise UnknownNode(f"{what} must cover every kind of node: missing {sorted(missing)}, unknown {sorted(extra)}")
