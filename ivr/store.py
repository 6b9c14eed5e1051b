"""The version of the line being served: the menus and catalogues, loaded together.

A request takes one :class:`Version` at its start and uses only that, so one answer
never mixes two versions of the menus.

Edits are picked up while the line runs: at most every ``poll_seconds``, a request's
call to :meth:`Store.current` compares the size and modification time of ``menus/*.yaml``
and the catalogues with what was last read (a few ``stat`` calls, no reading). When they
changed, the files are read and checked (:mod:`ivr.checked`: :func:`ivr.inspect.inspect`, the
same checks as ``ivr check``); the new version is served only when it has no errors, otherwise
the last good one stays and the problems are logged once. Each process (each gunicorn worker)
does this by itself, with nothing shared. A server worker has a child process check the files,
in a thread of its own (a greenlet), so no caller waits while it does; elsewhere the request
that noticed the edit checks them.

The line never refuses to start because of its content. Every version served is kept in the
state folder (:mod:`ivr.snapshot`); a worker that boots while the files on disk are broken
serves that last good version, and keeps looking for a fixed edit. If no good version was ever
seen, :meth:`Store.current` raises :class:`Unavailable` (the phone answers the safe words) until
a good edit arrives, and :meth:`Store.public_problems` says what is wrong.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import checked, cldr, snapshot
from .i18n import Catalogs
from .model import Menus
from .problems import MenuError, Problem
from .state import ensure

log = logging.getLogger(__name__)

#: How often, at most, a request looks for edited files.
POLL_SECONDS = 2.0

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
        return {
            "at": self.at.isoformat(timespec="seconds"),
            "version": self.version,
            "errors": self.errors,
            "where": list(self.where),
        }


class Unavailable(MenuError):
    """No version of the menus has passed the checks in this process, and none was kept."""


class Store:
    """Holds the version being served and swaps in edits that pass every check.

    ``state_dir`` is where the last good version is kept for the next worker (see
    :mod:`ivr.snapshot`); None keeps nothing.
    """

    def __init__(
        self,
        menus_dir: Path,
        locales_dir: Path | None,
        poll_seconds: float | None = POLL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        state_dir: Path | None = None,
    ):
        self.menus_dir = Path(menus_dir)
        self.locales_dir = Path(locales_dir) if locales_dir else None
        self.poll_seconds = poll_seconds
        self.rejected: Rejected | None = None
        #: Why nothing but the safe words can be served (empty while a version is served).
        self.problems: tuple[Problem, ...] = ()
        self._clock = clock
        self._lock = threading.Lock()
        self._state = ensure(Path(state_dir)) if state_dir is not None else None
        self._stamp = self._files()
        # Errors only in the catalogues do not stop a line starting, since a sentence that
        # cannot be translated is said in English; reloads refuse both.
        version, errors = self._read(starting=True)
        self._current: Version | None = version
        if version is None:
            self._current = self._restore()
            self._refuse(errors)
        else:
            self._keep(version)
        self._next_poll = clock() + (poll_seconds or 0)

    def current(self) -> Version:
        """The version to use for this whole request; picks up a good edit first if one is due.

        Raises :class:`Unavailable` while no version has ever passed the checks."""
        if self.poll_seconds is not None and self._clock() >= self._next_poll:
            self._poll()
        current = self._current
        if current is None:
            raise Unavailable(list(self.problems))
        return current

    def public_problems(self) -> list[str]:
        """Why the line answers only the safe words: ``file:line: message``, no folders."""
        folders = [str(d) for d in (self.menus_dir, self.locales_dir) if d is not None]
        out = []
        for p in self.problems[:20]:
            message = p.message
            for folder in folders:
                message = message.replace(folder + "/", "").replace(folder, "")
            out.append(f"{self._public_name(p.file)}:{p.line}: {message}")
        return out

    def _restore(self) -> Version | None:
        """The last good version kept in the state folder, checked again; None if there is none."""
        if self._state is None:
            return None
        try:
            kept = snapshot.latest(self._state)
            if kept is None:
                return None
            found = checked.read(kept.menus_dir, kept.locales_dir)
            if found.menus is None or found.menu_errors:
                log.error("the last good version kept (%s) no longer passes the checks; ignoring it", kept.id)
                return None
            log.warning("serving the last good version %s, kept in the state folder", kept.id)
            return _version(found.menus, found, kept.locales_dir, kept.id)
        except Exception:  # a damaged state folder must never stop the line
            log.exception("the last good version kept in the state folder cannot be used")
            return None

    def _keep(self, version: Version) -> None:
        """Keep this version's files in the state folder for workers that start later."""
        if self._state is None:
            return
        try:
            snapshot.save(self._state, version.id, self.menus_dir, self.locales_dir)
        except Exception:  # never break a call for this: the files on disk still serve
            log.exception("the last good version could not be kept in the state folder")

    def _poll(self) -> None:
        # One request looks; others at the same moment keep answering from the current version.
        if not self._lock.acquire(blocking=False):
            return
        in_background = False
        try:
            self._next_poll = self._clock() + (self.poll_seconds or 0)
            stamp = self._files()
            if stamp != self._stamp:
                self._stamp = stamp
                if checked.uses_child_process():  # a server worker: nobody waits for the check
                    threading.Thread(target=self._reload_then_release, name="ivr-reload", daemon=True).start()
                    in_background = True
                else:
                    self.reload()
        except Exception:  # looking for edits must never break a call
            log.exception("looking for edited menus failed; still serving version %s", self._current_id())
        finally:
            if not in_background:
                self._lock.release()

    def _reload_then_release(self) -> None:
        try:
            self.reload()
        except Exception:
            log.exception("checking edited menus failed; still serving version %s", self._current_id())
        finally:
            self._lock.release()

    def _current_id(self) -> str:
        return self._current.id if self._current is not None else "none (the safe words)"

    def reload(self) -> bool:
        """Read and check the files now; serve them if they pass. True when switched."""
        version, errors = self._read(starting=self._current is None)
        if version is None:
            self._refuse(errors)
            return False
        was = self._current_id()
        if version.id != was:
            log.info("now serving version %s (was %s)", version.id, was)
        self._current = version
        self.problems = ()
        self._keep(version)
        return True

    def _refuse(self, errors: list[Problem]) -> None:
        fingerprint = self._fingerprint()
        listed = "\n".join(f"  {self._public_name(p.file)}:{p.line}: {p.message}" for p in errors)
        if self._current is None:
            self.problems = tuple(errors)
            log.error(
                "the menus have problems and no good version was ever kept: the phone answers only the safe "
                "words (the 999 advice and the 24-hour services) until they are fixed. The problems:\n%s",
                listed,
            )
            return
        self.rejected = Rejected(
            at=dt.datetime.now(dt.UTC),
            version=fingerprint,
            errors=len(errors),
            where=tuple(f"{self._public_name(p.file)}:{p.line}" for p in errors[:10]),
        )
        log.warning(
            "an edit of the menus or catalogues was refused (%s); still serving version %s. Its problems:\n%s",
            fingerprint,
            self._current.id,
            listed,
        )

    def _public_name(self, file: str) -> str:
        """A file as /healthz may name it: inside locales/ or menus/, never the server's folders."""
        path = Path(file)
        if self.locales_dir is not None and path.is_relative_to(self.locales_dir):
            return path.relative_to(self.locales_dir).as_posix()
        return path.name

    def _read(self, starting: bool = False) -> tuple[Version | None, list[Problem]]:
        try:
            found = checked.read(self.menus_dir, self.locales_dir)
        except Exception as exc:  # a bug in a checker must not stop the line either
            if isinstance(exc, checked.CheckCrashed):
                log.error("checking the menus failed:\n%s", exc.trace)
            else:
                log.exception("checking the menus failed")
            return None, [
                Problem(
                    str(self.menus_dir),
                    1,
                    f"the menus could not be checked ({getattr(exc, 'kind', type(exc).__name__)})",
                    code="menus.uncheckable",
                )
            ]
        refused = found.menu_errors if starting else found.errors
        if refused or found.menus is None:
            return None, refused or [
                Problem(str(self.menus_dir), 1, "the menus could not be loaded", code="menus.unloadable")
            ]
        if found.errors:
            log.error(
                "the catalogues have problems; the line starts, and says what cannot be translated in English:\n%s",
                "\n".join(f"  {self._public_name(p.file)}:{p.line}: {p.message}" for p in found.errors),
            )
        for p in found.problems:
            log.debug("%s", p)
        return _version(found.menus, found, self.locales_dir, found.version_id), []

    def _files(self) -> Stamp:
        """Name, size and modification time of every file the line reads."""
        paths = sorted(self.menus_dir.glob("*.yaml")) + snapshot.catalogue_files(self.locales_dir)
        out = []
        for p in paths:
            try:
                st = p.stat()
            except OSError:
                continue
            out.append((str(p), st.st_size, st.st_mtime_ns))
        return tuple(out)

    def _fingerprint(self) -> str:
        return snapshot.fingerprint(self.menus_dir, self.locales_dir)


def _version(menus: Menus, found: checked.Checked, locales_dir: Path | None, version_id: str) -> Version:
    """The version to serve from what passed the checks (``menus`` is ``found.menus``), with its
    catalogues as they were compiled then (the files may change after), and its languages' cut
    of Babel's data."""
    if found.cut is not None:
        cldr.install(found.cut)
    return Version(menus, Catalogs(locales_dir, compiled=found.compiled), version_id, dt.datetime.now(dt.UTC))
