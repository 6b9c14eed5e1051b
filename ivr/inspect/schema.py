"""Each YAML file names its JSON Schema in its first line, so editors check it as it is typed.

The schemas themselves, and the check of every file against them, are :mod:`ivr.shape`:
reading runs it first, since the schema owns the files' shape. This checker only warns when
a file's header does not name its schema.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import WARNING, Problem
from ..reading import FILES, Source
from ..shape import schema_path, validator

HEADER = "# yaml-language-server: $schema="

__all__ = ["HEADER", "header", "schema_path", "validator"]


def header(src: Source) -> Iterator[Problem]:
    """A file whose header does not name its schema loses the editor's help: say so once."""
    for name in FILES:
        if src.nodes.get(name) is None:
            continue
        try:
            first = (src.folder / name).read_text(encoding="utf-8").splitlines()[:3]
        except (OSError, UnicodeDecodeError):
            continue
        if not any(line.startswith(HEADER) for line in first):
            yield Problem(
                src.label(name),
                1,
                "the first line should name the file's schema, so editors can check it as you type: "
                f"“{HEADER}../ivr/schema/{schema_path(name).name}”",
                WARNING,
                "shape.header",
            )
