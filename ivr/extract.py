"""A Babel extraction method for the menu YAML, so ``pybabel extract`` finds every
caller-facing sentence there, with the file and line it is written on.

Registered as the ``yaml`` method (``[project.entry-points."babel.extractors"]`` in
pyproject.toml) and used by ``babel.cfg``. It picks exactly the texts that
:func:`ivr.sentences.iter_sentences` gives the flow: a service's ``about`` and ``notes``,
each tip topic's ``title`` and ``tips``, a menu's ``intro``, each option's ``say`` and
``words``, services' ``words`` and ``notices``, and the line's ``text_message`` and ``notices``.
Malformed YAML yields nothing here: ``ivr.menus`` reports it to the maintainer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

Extracted = tuple[int, None, str, list[str]]


def _text(node: Any) -> str | None:
    if isinstance(node, yaml.ScalarNode) and str(node.value).strip():
        return str(node.value).strip()
    return None


def _items(node: Any) -> list[tuple[str, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        return [(str(k.value), v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
    return []


def _list(node: Any) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _one(node: Any, comment: str) -> Iterator[Extracted]:
    text = _text(node)
    if text is not None:
        yield node.start_mark.line + 1, None, text, [comment]


def sentences(root: yaml.Node) -> Iterator[Extracted]:
    """(line, None, sentence, [translator comment]) for each caller-facing text."""
    for key, body in _items(root):
        if key == "services":
            for sid, svc in _items(body):
                fields = dict(_items(svc))
                name = _text(fields.get("name")) or sid
                yield from _one(fields.get("about"), f"Who {name} is for (the name is said before it, unchanged).")
                for note in _list(fields.get("notes")):
                    yield from _one(note, f"About {name}, said after its opening hours.")
                yield from _one(
                    fields.get("words"),
                    f"What a caller may say to choose {name}, besides its name: phrases separated by commas.",
                )
                for when, sentence in _items(fields.get("notices")):
                    yield from _one(sentence, f"A notice said on the page of {name} from {when} only. Keep it short.")
        elif key == "topics":
            for topic in _list(body):
                fields = dict(_items(topic))
                title = _text(fields.get("title"))
                yield from _one(fields.get("title"), "The title of a group of safety tips.")
                for tip in _list(fields.get("tips")):
                    yield from _one(tip, f"A safety tip, in the topic “{title}”.")
        elif key == "menus":
            for mid, menu in _items(body):
                fields = dict(_items(menu))
                for sentence in _list(fields.get("intro")):
                    yield from _one(sentence, f"Said when the caller reaches the menu “{mid}”.")
                for sentence in _list(fields.get("after")):
                    yield from _one(sentence, f"Said after the options of the menu “{mid}”.")
                for option in _list(fields.get("options")):
                    yield from _one(
                        dict(_items(option)).get("say"), f"An option of the menu “{mid}”; {{key}} is the key to press."
                    )
                    yield from _one(
                        dict(_items(option)).get("words"),
                        f"What a caller may say instead of pressing this key in the menu “{mid}”: phrases separated "
                        "by commas.",
                    )
        elif key == "name":
            yield from _one(
                body,
                "The name of the line, said first in every call and printed on the wallet card. Translate it so a "
                "caller understands it.",
            )
        elif key == "notices":
            for when, sentence in _items(body):
                yield from _one(
                    sentence,
                    f"A notice said at the start of every call, right after the 999 advice, from {when} only. Keep "
                    "it short.",
                )
        elif key == "text_message":
            yield from _one(
                body,
                "The text message sent to a caller who asks for a number. Keep it neutral: never mention sex work. "
                "{name}, {number}, {hours} stay as they are.",
            )


def extract_yaml(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]) -> Iterator[Extracted]:
    """Babel's extraction-method interface, for ``[yaml: menus/**.yaml]`` in babel.cfg."""
    data = fileobj.read()
    text = data.decode(options.get("encoding", "utf-8")) if isinstance(data, bytes) else data
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    if root is not None:
        yield from sentences(root)
