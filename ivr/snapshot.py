"""The last version of the menus and catalogues that passed the checks, kept in the state folder.

A gunicorn worker reads the menus when it boots. If a maintainer's half-saved or broken edit
is on disk at that moment (a crash, ``max_requests``, a timeout kill or a deploy restarts
workers at any time), the worker serves this snapshot instead, so the line never fails to
start because of its content.

A snapshot is a folder ``snapshots/<version id>/`` holding copies of ``menus/*.yaml`` and the
catalogues, made in a temporary folder, checked to be byte for byte the version that passed
(its fingerprint is the version id), then renamed into place; ``last-good.json`` names it and
is replaced atomically (temporary file + ``os.replace``). A reader never sees half a snapshot,
and one whose files do not match its id, or that fails the checks, is ignored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .menu_files import fingerprint as menus_fingerprint

log = logging.getLogger("ivr.snapshot")

POINTER = "last-good.json"
FOLDER = "snapshots"
#: Snapshots kept besides the one named in the pointer (older ones are removed).
KEEP = 2
CATALOGUE_SUFFIXES = (".po", ".mo", ".pot")


@dataclass(frozen=True)
class Snapshot:
    id: str
    menus_dir: Path
    locales_dir: Path


def catalogue_files(locales_dir: Path | None) -> list[Path]:
    if locales_dir is None or not locales_dir.is_dir():
        return []
    return sorted(p for p in locales_dir.rglob("*") if p.suffix in CATALOGUE_SUFFIXES and p.is_file())


def catalogues_fingerprint(locales_dir: Path | None) -> str:
    digest = hashlib.sha256()
    for p in catalogue_files(locales_dir):
        digest.update(p.name.encode())
        try:
            digest.update(p.read_bytes())
        except OSError:
            pass
    return digest.hexdigest()[:8]


def fingerprint(menus_dir: Path, locales_dir: Path | None) -> str:
    """The version id of these files: the menus' fingerprint and the catalogues'."""
    return f"{menus_fingerprint(menus_dir)}+{catalogues_fingerprint(locales_dir)}"


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save(state_dir: Path, version_id: str, menus_dir: Path, locales_dir: Path | None) -> bool:
    """Keep a copy of the files of ``version_id``; False (nothing kept) if they changed since."""
    if _pointer_id(state_dir) == version_id:
        return True
    folder = state_dir / FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    final = folder / version_id.replace("+", "-")
    if not final.is_dir():
        staging = Path(tempfile.mkdtemp(dir=folder, prefix=".new-"))
        try:
            (staging / "menus").mkdir()
            (staging / "locales").mkdir()
            for p in sorted(menus_dir.glob("*.yaml")):
                shutil.copyfile(p, staging / "menus" / p.name)
            if locales_dir is not None:
                for p in catalogue_files(locales_dir):
                    target = staging / "locales" / p.relative_to(locales_dir)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(p, target)
            if fingerprint(staging / "menus", staging / "locales") != version_id:
                log.info("the menus changed while being kept as the last good version; keeping the one before")
                return False
            try:
                os.replace(staging, final)
            except OSError:  # another worker kept the same version at the same moment
                if not final.is_dir():
                    raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    _write_atomically(state_dir / POINTER, json.dumps({"id": version_id, "folder": final.name}))
    _prune(folder, keep=final.name)
    return True


def _pointer_id(state_dir: Path) -> str | None:
    try:
        return json.loads((state_dir / POINTER).read_text(encoding="utf-8")).get("id")
    except (OSError, ValueError, AttributeError):
        return None


def _prune(folder: Path, keep: str) -> None:
    others = sorted(
        (p for p in folder.iterdir() if p.is_dir() and p.name != keep and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in others[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


def latest(state_dir: Path) -> Snapshot | None:
    """The last good version kept here, if any, and if its files are still exactly that version."""
    try:
        pointer = json.loads((state_dir / POINTER).read_text(encoding="utf-8"))
        version_id, name = str(pointer["id"]), str(pointer["folder"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.error("the last good version's record (%s) cannot be read; ignoring it", POINTER)
        return None
    found = state_dir / FOLDER / Path(name).name
    snapshot = Snapshot(version_id, found / "menus", found / "locales")
    if not snapshot.menus_dir.is_dir() or fingerprint(snapshot.menus_dir, snapshot.locales_dir) != version_id:
        log.error("the last good version kept (%s) is damaged or incomplete; ignoring it", version_id)
        return None
    return snapshot
