"""Dated exceptions and notices: ones that are over, ones that contradict each other, notices
too long to say. (Dates that cannot be read, ranges that end before they start and notices
with no end are reported while reading, by :mod:`ivr.reading` with :mod:`ivr.dated`.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .. import dated
from ..hours import london_instant
from ..model import DatedHours
from ..problems import Problem
from ..reading import Source
from .prompts import WORDS_PER_SECOND, seconds

#: A notice is said to callers who did not ask for it: keep it to one short sentence.
NOTICE_SECONDS = 8


def notice_seconds(sentence: str) -> float:
    """How long a notice takes to say in English (the one estimate to swap for a better one)."""
    return seconds(sentence)


Entry = tuple[str, tuple[str | int, ...], str]  # (file, path to the key, the key as written)


def _entries(src: Source, name: str, *path: str) -> list[Entry]:
    node = src.find(name, *path)
    if node is None or not isinstance(node.value, dict):
        return []
    return [(name, (*path, key), key) for key in node.value]


def _exceptions(src: Source) -> Iterator[tuple[str, list[tuple[Entry, DatedHours]]]]:
    """Each service's name and its exceptions that could be read, with where each is written."""
    for sid, svc in src.services.items():
        found = []
        for entry in _entries(src, "services.yaml", "services", sid, "exceptions"):
            file, path, key = entry
            node = src.find(file, *path)
            try:
                found.append((entry, dated.dated_hours(key, node.plain() if node is not None else None)))
            except ValueError:
                continue  # reading said what is wrong
        yield svc.name, found


def _notices(src: Source) -> Iterator[tuple[Entry, str]]:
    """Every notice (the line's, then each service's) with its sentence."""
    places = [("line.yaml", ("notices",))] + [("services.yaml", ("services", sid, "notices")) for sid in src.services]
    for name, path in places:
        for entry in _entries(src, name, *path):
            node = src.find(name, *entry[1])
            if node is not None and isinstance(node.value, str) and node.value.strip():
                yield entry, node.value.strip()


def over(src: Source) -> Iterator[Problem]:
    """Exceptions and notices whose last day has gone: they do nothing now but make the file longer."""
    for name, found in _exceptions(src):
        for (file, path, key), e in found:
            if e.last < src.today:
                yield src.problem(
                    file,
                    path,
                    f"the exception “{key}” of {name} is over (its last day was {e.last.isoformat()}); delete this "
                    "line to keep the file easy to read.",
                    "warning",
                    code="dated.exception_over",
                )
    for (file, path, key), _ in _notices(src):
        try:
            _, ends = dated.period(key)
        except ValueError:
            continue
        if ends <= london_instant(src.today, dt.time(0)):
            yield src.problem(
                file,
                path,
                f"the notice “{key}” is over, so callers no longer hear it; delete this line to keep the file easy "
                "to read.",
                "warning",
                code="dated.notice_over",
            )


def contradicting_exceptions(src: Source) -> Iterator[Problem]:
    """Two exceptions of one service that share a day and say different things: which is true?"""
    for name, found in _exceptions(src):
        for i, ((file, path, key), e) in enumerate(found):
            for (_, other_path, other_key), other in found[:i]:
                if e.first <= other.last and other.first <= e.last and e.openings != other.openings:
                    shared = max(e.first, other.first)
                    yield src.problem(
                        file,
                        path,
                        (
                            f"the exceptions “{other_key}” (line {src.line_of(file, *other_path)}: "
                            f"{dated.hours_text(other)}) and “{key}” ({dated.hours_text(e)}) "
                            f"of {name} both cover {shared.isoformat()} and say different things. Give each day one "
                            "line: split the range around the day that differs."
                        ),
                        code="dated.contradicting",
                    )


def long_notices(src: Source) -> Iterator[Problem]:
    """A notice costs every caller who hears it: it must fit the sentence budget."""
    for (file, path, key), sentence in _notices(src):
        took = notice_seconds(sentence)
        if took > NOTICE_SECONDS:
            yield src.problem(
                file,
                path,
                f"the notice “{key}” takes about {took:.0f} seconds to say; every caller hears it, so keep it under "
                f"{NOTICE_SECONDS} seconds (about {int(NOTICE_SECONDS * WORDS_PER_SECOND)} words).",
                "warning",
                code="dated.long_notice",
            )
