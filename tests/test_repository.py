"""The repository itself: no half-finished merge reaches a reader or a caller."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Where a merge conflict left its markers, at the start of a line.
MARKER = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)
TEXT = {
    ".py",
    ".md",
    ".yaml",
    ".yml",
    ".json",
    ".po",
    ".pot",
    ".toml",
    ".cfg",
    ".conf",
    ".html",
    ".css",
    ".js",
    ".ini",
    ".txt",
    "",
}
SKIP = {".git", ".venv", "node_modules", "build", "dist", ".pytest_cache", ".hypothesis"}


def files() -> list[Path]:
    """The files git tracks (a checkout), else every text file but built and installed ones."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        paths = [ROOT / name for name in listed.decode().split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        paths = [
            p
            for p in ROOT.rglob("*")
            if not SKIP.intersection(p.relative_to(ROOT).parts)
            and not any(part.endswith(".egg-info") for part in p.parts)
        ]
    return [p for p in paths if p.is_file() and p.suffix in TEXT]


def test_no_file_holds_merge_conflict_markers():
    found = []
    for path in files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for m in MARKER.finditer(text):
            found.append(f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}")
    assert not found, found


def test_the_marker_check_finds_a_marker(tmp_path):
    sample = "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> branch\n"
    assert len(MARKER.findall(sample)) == 3
