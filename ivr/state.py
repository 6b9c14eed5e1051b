"""The line's state folder: what must outlive one worker process.

A gunicorn worker can be restarted at any moment (a crash, ``max_requests``, a timeout, a
deploy), so what it must find again is kept on disk here, never in the worker: the last
version of the menus that passed every check, and the secret that keys the counts of texts
sent. Nothing in this folder names a caller.

``IVR_STATE_DIR`` names the folder (a persistent volume in production). Without it, the line
uses a folder under the system's temporary directory, named after the menus folder, so two
lines on one machine never share one and a restarted worker of the same line finds its own.
If the folder cannot be made or written, the line still runs, keeping state in memory only,
and says so in the log once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger("ivr.state")

ENV = "IVR_STATE_DIR"


def default_dir(menus_dir: Path) -> Path:
    """A per-line folder under the temporary directory, for a line run without IVR_STATE_DIR."""
    key = hashlib.sha256(str(Path(menus_dir).resolve()).encode()).hexdigest()[:12]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"safety-line-{uid}-{key}"


def ensure(folder: Path) -> Path | None:
    """The folder, made (owner-only) if missing and checked writable; None, logged, if not."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
        return folder
    except OSError as exc:
        log.error(
            "the state folder %s cannot be written (%s): keeping state in memory only; set %s to a writable folder",
            folder,
            exc.strerror or type(exc).__name__,
            ENV,
        )
        return None
