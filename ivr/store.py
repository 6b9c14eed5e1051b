"""The version of the line being served: the menus and catalogues, loaded together.

A request takes one :class:`Version` at its start and uses only that, so one answer
never mixes two versions of the menus.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .i18n import Catalogs
from .menus import load
from .model import Menus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Version:
    menus: Menus
    catalogs: Catalogs


class Store:
    """Holds the version being served."""

    def __init__(self, menus_dir: Path, locales_dir: Path | None):
        self.menus_dir = Path(menus_dir)
        self.locales_dir = Path(locales_dir) if locales_dir else None
        # Raises MenuError, with every problem, when the menus are not usable.
        self._current = Version(load(self.menus_dir), Catalogs(self.locales_dir))

    def current(self) -> Version:
        return self._current
