"""Answers already worked out: the same question in the same minute gets the same answer.

What the line says next depends only on the version of the menus, where the call is, what the
caller did, the language, what this call can do (put through from which number, texting
offered, texts left, "free") and the time. Every time the line reads (opening hours, dated
exceptions and notices, summer time) changes on a whole minute, so within one minute of the
clock the same question always has the same answer. Most callers in a minute ask the same few
questions (the welcome, the main menu, the services), so a worker works each answer out once a
minute instead of once a caller: that was about two thirds of a webhook's time.

An answer is never served across versions, minutes or capabilities: :class:`Answers` keeps the
answers of one version and one minute only, in a table of their own that is dropped when either
changes, and the question is the whole key. Nothing about the caller is kept but what the
answer depends on (never a number): ``Caps`` holds booleans and a count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")

#: At most this many answers are kept for one minute: a line asks a few dozen different
#: questions a minute, and keys and words are the caller's to choose, so the table is bounded.
SIZE = 512


def minute(now: dt.datetime) -> dt.datetime:
    """The minute ``now`` falls in, in UTC (London's offsets are whole hours, so London's minutes
    are the same)."""
    return now.astimezone(dt.UTC).replace(second=0, microsecond=0)


class Answers(Generic[T]):
    """The answers of one version of the menus, in one minute of the clock.

    ``version`` is compared by identity: the store gives every request the same object until a
    new version is served, so a new version (even one with the same files) starts a new table.
    """

    def __init__(self, size: int = SIZE):
        self.size = size
        self._table: tuple[object, dt.datetime, dict[Hashable, T]] | None = None

    def answer(self, version: object, now: dt.datetime, question: Hashable, work_out: Callable[[], T]) -> T:
        """The answer to ``question`` for this version at this minute, worked out by
        ``work_out`` (which must depend on nothing else) if it is not already known."""
        at = minute(now)
        table = self._table
        if table is None or table[0] is not version or table[1] != at:
            # A table of its own: a request still working on the old version or minute writes
            # into the old table, which nobody reads any more.
            table = (version, at, {})
            self._table = table
        answers = table[2]
        found = answers.get(question)
        if found is None:
            found = work_out()
            if len(answers) < self.size:
                answers[question] = found
        return found
