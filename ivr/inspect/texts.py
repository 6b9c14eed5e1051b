"""Words a text must not carry: a text stays on the phone, where someone else may read it.

The text front door (:mod:`ivr.sms`) sends the line's name, service names, notices, the tips
and their topics' titles to the texter's phone, and a call can text a service's number. None of them may
name sex work there (issue 15: "a reply never mentions sex work"). The text message itself is
checked as it is read (``line.text_message_words``); this checker covers what the menus put
into texts. It warns rather than refuses: the call still says these sentences safely.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..problems import Problem
from ..reading import Source

#: What names sex work in English. "Sexual health" is a service's name, not sex work.
NAMES_SEX_WORK = re.compile(r"\bsex[\s-]*(work|industry|trade)|\bescort|\bprostitut", re.I)


def _strings(src: Source, name: str, *path: str | int) -> Iterator[tuple[tuple[str | int, ...], str]]:
    node = src.find(name, *path)
    if node is not None and isinstance(node.value, str):
        yield path, node.value


def _notices(src: Source, name: str, *path: str | int) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    node = src.find(name, *path, "notices")
    for when in node.value if node is not None and isinstance(node.value, dict) else ():
        for where, text in _strings(src, name, *path, "notices", when):
            yield name, where, text


def _texted(src: Source) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    """Every sentence of the menus a text can carry, with where it is written."""
    for path, text in _strings(src, "line.yaml", "name"):
        yield "line.yaml", path, text
    yield from _notices(src, "line.yaml")
    for sid in src.services:
        for path, text in _strings(src, "services.yaml", "services", sid, "name"):
            yield "services.yaml", path, text
        yield from _notices(src, "services.yaml", "services", sid)
    topics = src.find("tips.yaml", "topics")
    for t in range(len(topics.value) if topics is not None and isinstance(topics.value, list) else 0):
        for path, text in _strings(src, "tips.yaml", "topics", t, "title"):
            yield "tips.yaml", path, text
        tips = src.find("tips.yaml", "topics", t, "tips")
        for i in range(len(tips.value) if tips is not None and isinstance(tips.value, list) else 0):
            for path, text in _strings(src, "tips.yaml", "topics", t, "tips", i):
                yield "tips.yaml", path, text


def name_sex_work(src: Source) -> Iterator[Problem]:
    for name, path, text in _texted(src):
        found = NAMES_SEX_WORK.search(text)
        if found:
            yield src.problem(
                name,
                path,
                f"“{found.group(0)}”: texts carry this sentence to the texter's phone, where someone else may "
                "read it. Say it without naming sex work (e.g. “others who do the same work”).",
                "warning",
                code="texts.names_sex_work",
            )
