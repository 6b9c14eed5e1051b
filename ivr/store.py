"""The version of the line being served: the menus and catalogues, loaded together.

A request takes one :class:`Version` at its start and uses only that, so one answer
never mixes two versions of the menus.

Edits are picked up while the line runs: at most every ``poll_seconds``, a request's
call to :meth:`Store.current` compares the size and modification time of ``menus/*.yaml``
and the catalogues with what was last read (a few ``stat`` calls, no reading). When they
changed, the files are read and checked by :func:`ivr.inspect.inspect`, the same checks as
``ivr check``; the new version is served only when it has no errors, otherwise the last
good one stays and the problems are logged once. Each process (each gunicorn worker)
does this by itself, with no thread and nothing shared.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .i18n import Catalogs
from .inspect import inspect
from .menus import MenuError, Problem, _fingerprint as menus_fingerprint
from .model import Menus

log = logging.getLogger(__name__)

#: How often, at most, a request looks for edited files.
POLL_SECONDS = 2.0
CATALOGUE_SUFFIXES = (".po", ".mo", ".pot")

Stamp = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Version:
    menus: Menus
    catalogs: Catalogs
    #: The menus' fingerprint and the catalogues', e.g. "3f2a9c0b11de+c4e1a0f9".
    id: str = ""
    loaded_at: dt.datetime | None = None


@dataclass(frozen=True)
class Rejected:
    """An edit the line refused. Only file names and lines: no folders, no content."""

    at: dt.datetime
    version: str
    errors: int
    where: tuple[str, ...]

    def public(self) -> dict[str, object]:
        return {"at": self.at.isoformat(timespec="seconds"), "version": self.version, "errors": self.errors, "where": list(self.where)}


class Store:
    """Holds the version being served and swaps in edits that pass every check."""

    def __init__(self, menus_dir: Path, locales_dir: Path | None, poll_seconds: float | None = POLL_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.menus_dir = Path(menus_dir)
        self.locales_dir = Path(locales_dir) if locales_dir else None
        self.poll_seconds = poll_seconds
        self.rejected: Rejected | None = None
        self._clock = clock
        self._lock = threading.Lock()
        self._stamp = self._files()
        # At start there is no last good version: errors in the menus stop the line
        # (MenuError, with every problem); errors only in the catalogues do not, since a
        # sentence that cannot be translated is said in English. Reloads refuse both.
        version, errors = self._read(starting=True)
        if version is None:
            raise MenuError(errors)
        self._current = version
        self._next_poll = clock() + (poll_seconds or 0)

    def current(self) -> Version:
        """The version to use for this whole request; picks up a good edit first if one is due."""
        if self.poll_seconds is not None and self._clock() >= self._next_poll:
            self._poll()
        return self._current

    def _poll(self) -> None:
        # One request looks; others at the same moment keep answering from the current version.
        if not self._lock.acquire(blocking=False):
            return
        try:
            self._next_poll = self._clock() + (self.poll_seconds or 0)
            stamp = self._files()
            if stamp != self._stamp:
                self._stamp = stamp
                self.reload()
        except Exception:  # looking for edits must never break a call
            log.exception("looking for edited menus failed; still serving version %s", self._current.id)
        finally:
            self._lock.release()

    def reload(self) -> bool:
        """Read and check the files now; serve them if they pass. True when switched."""
        version, errors = self._read()
        if version is None:
            fingerprint = self._fingerprint()
            self.rejected = Rejected(
                at=dt.datetime.now(dt.timezone.utc),
                version=fingerprint,
                errors=len(errors),
                where=tuple(f"{self._public_name(p.file)}:{p.line}" for p in errors[:10]),
            )
            log.warning("an edit of the menus or catalogues was refused (%s); still serving version %s. Its problems:\n%s",
                        fingerprint, self._current.id, "\n".join(f"  {p}" for p in errors))
            return False
        if version.id != self._current.id:
            log.info("now serving version %s (was %s)", version.id, self._current.id)
        self._current = version
        return True

    def _public_name(self, file: str) -> str:
        """A file as /healthz may name it: inside locales/ or menus/, never the server's folders."""
        path = Path(file)
        if self.locales_dir is not None and path.is_relative_to(self.locales_dir):
            return path.relative_to(self.locales_dir).as_posix()
        return path.name

    def _read(self, starting: bool = False) -> tuple[Version | None, list[Problem]]:
        report = inspect(self.menus_dir, self.locales_dir)
        refused = report.menu_errors if starting else report.errors
        if refused or report.menus is None:
            return None, refused or [Problem(str(self.menus_dir), 1, "the menus could not be loaded")]
        if report.errors:
            log.error("the catalogues have problems; the line starts, and says what cannot be translated in English:\n%s",
                      "\n".join(f"  {p}" for p in report.errors))
        for p in report.problems:
            log.debug("%s", p)
        version_id = f"{report.menus.version}+{self._catalogues_fingerprint()}"
        # A fresh Catalogs: it caches translations, and these may be new ones.
        return Version(report.menus, Catalogs(self.locales_dir), version_id, dt.datetime.now(dt.timezone.utc)), []

    def _catalogue_files(self) -> list[Path]:
        if self.locales_dir is None or not self.locales_dir.is_dir():
            return []
        return sorted(p for p in self.locales_dir.rglob("*") if p.suffix in CATALOGUE_SUFFIXES and p.is_file())

    def _files(self) -> Stamp:
        """Name, size and modification time of every file the line reads."""
        paths = sorted(self.menus_dir.glob("*.yaml")) + self._catalogue_files()
        out = []
        for p in paths:
            try:
                st = p.stat()
            except OSError:
                continue
            out.append((str(p), st.st_size, st.st_mtime_ns))
        return tuple(out)

    def _catalogues_fingerprint(self) -> str:
        digest = hashlib.sha256()
        for p in self._catalogue_files():
            digest.update(p.name.encode())
            try:
                digest.update(p.read_bytes())
            except OSError:
                pass
        return digest.hexdigest()[:8]

    def _fingerprint(self) -> str:
        return f"{menus_fingerprint(self.menus_dir)}+{self._catalogues_fingerprint()}"
