"""``ivr``'s entry point, kept here so ``python -m ivr.cli`` and ``from ivr.cli import main`` keep
working: the commands live in :mod:`ivr.commands`."""

from __future__ import annotations

from .commands import main

__all__ = ["main"]

if __name__ == "__main__":
    raise SystemExit(main())
