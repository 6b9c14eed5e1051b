"""The menus as the rest of the line sees them: ``load(folder)`` gives :class:`ivr.model.Menus`
or raises :class:`MenuError` saying every problem, with its file and line.

The work is done below: :mod:`ivr.yamltree` (YAML with lines), :mod:`ivr.reading` (YAML to
model values), :mod:`ivr.inspect` (the checkers, and :mod:`ivr.inspect.loading`, which reads,
checks and builds the model in one place). This module names what callers use.
"""

from __future__ import annotations

from .inspect.loading import load, parse
from .problems import MenuError, Problem
from .reading import FILES, TARGETS
from .sentences import iter_sentences

__all__ = [
    "FILES",
    "TARGETS",
    "MenuError",
    "Problem",
    "iter_sentences",
    "load",
    "parse",
]
