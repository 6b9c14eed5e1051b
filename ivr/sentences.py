"""Every sentence of the menus a caller may hear, for the translation catalogues.

``pybabel extract`` finds the same sentences in the YAML, with their lines
(:func:`ivr.extract.extract_yaml`); the catalogue check uses this list.
"""

from __future__ import annotations

from collections.abc import Iterator

from .model import Menus


def iter_sentences(menus: Menus) -> Iterator[str]:
    """Every caller-facing sentence from the YAML, for translation catalogues."""
    yield menus.line.name
    yield menus.line.text_message
    yield from (n.text for n in menus.line.notices)
    for svc in menus.services.values():
        yield svc.about
        yield from svc.notes
        yield from (n.text for n in svc.notices)
        if svc.words:
            yield svc.words
    for tip in menus.tips:
        yield tip.topic
        yield tip.text
    for menu in menus.menus.values():
        yield from menu.intro
        yield from menu.after
        yield from (o.say for o in menu.options if o.say)
        yield from (o.words for o in menu.options if o.words)
