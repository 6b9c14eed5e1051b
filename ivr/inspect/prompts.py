"""How long a caller listens: menus with too many options, sentences that take too long to say."""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Problem
from ..reading import Source

#: More options than this and callers forget the first before the last is said.
MAX_OPTIONS = 5
#: Twilio's voices say about two and a half words a second.
WORDS_PER_SECOND = 2.5
MAX_SECONDS = 20


def seconds(sentence: str) -> float:
    return len(sentence.split()) / WORDS_PER_SECOND


def too_many_options(src: Source) -> Iterator[Problem]:
    """The language choice (said in each language) does not count: it is not read as an option."""
    for mid, menu in src.menus.items():
        options = [o for o in menu.options if o.target != "languages"]
        if len(options) > MAX_OPTIONS:
            yield src.problem(
                "menus.yaml",
                ("menus", mid, "options"),
                f"the menu “{mid}” has {len(options)} options; callers remember about {MAX_OPTIONS}. Move some into "
                "a menu of their own.",
                "warning",
                code="prompts.too_many_options",
            )


def _long(src: Source, name: str, path: tuple[str | int, ...], sentence: str, what: str) -> Iterator[Problem]:
    took = seconds(sentence)
    if took > MAX_SECONDS:
        yield src.problem(
            name,
            path,
            f"{what} takes about {took:.0f} seconds to say; keep it under {MAX_SECONDS} (about "
            f"{int(MAX_SECONDS * WORDS_PER_SECOND)} words). Split it or say less.",
            "warning",
            code="prompts.too_long",
        )


def _items(src: Source, name: str, path: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    node = src.find(name, *path)
    if node is None or not isinstance(node.value, list):
        return []
    return [((*path, i), n.value) for i, n in enumerate(node.value) if isinstance(n.value, str)]


def too_long(src: Source) -> Iterator[Problem]:
    for mid in src.menus:
        for part in ("intro", "after"):
            for path, text in _items(src, "menus.yaml", ("menus", mid, part)):
                yield from _long(src, "menus.yaml", path, text, f"a sentence of the menu “{mid}”")
        options = src.find("menus.yaml", "menus", mid, "options")
        for i, o in enumerate(options.value if options is not None and isinstance(options.value, list) else []):
            say = o.get("say")
            if say is not None and isinstance(say.value, str):
                yield from _long(
                    src,
                    "menus.yaml",
                    ("menus", mid, "options", i, "say"),
                    say.value,
                    f"the sentence of an option of the menu “{mid}”",
                )
    for sid, svc in src.services.items():
        yield from _long(src, "services.yaml", ("services", sid, "about"), svc.about, f"“about” of {svc.name}")
        for path, text in _items(src, "services.yaml", ("services", sid, "notes")):
            yield from _long(src, "services.yaml", path, text, f"a note of {svc.name}")
    topics = src.find("tips.yaml", "topics")
    for t in range(len(topics.value) if topics is not None and isinstance(topics.value, list) else 0):
        for path, text in _items(src, "tips.yaml", ("topics", t, "tips")):
            yield from _long(src, "tips.yaml", path, text, "this tip")
