"""Which files make up the menus, and their fingerprint: the menus' version.

Apart from :mod:`ivr.reading` so that what only needs to know the files (the last good version
kept in the state folder, :mod:`ivr.snapshot`) does not load the reader, PyYAML and jsonschema
with it: a server worker never reads YAML itself (:mod:`ivr.checked`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

FILES = ("line.yaml", "services.yaml", "tips.yaml", "menus.yaml")


def fingerprint(folder: Path) -> str:
    """The menus' version: a short hash of the files as they are on disk."""
    digest = hashlib.sha256()
    for name in FILES:
        path = folder / name
        digest.update(name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            pass
    return digest.hexdigest()[:12]
