"""YAML with the line each value was written on, so every problem can say where it is.

PyYAML composes the file; :class:`Node` keeps each value with its line (and each mapping
key's line), scalars as a maintainer means them ("09:30" stays text). Reading a file that
cannot be read gives a :class:`~ivr.problems.Problem` instead of an exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import ERROR, Problem


class Node:
    """A YAML value with the line it was written on (1-based)."""

    __slots__ = ("value", "line", "key_lines", "key_at", "bad")

    def __init__(self, value: Any, line: int, key_lines: dict[str, int] | None = None):
        self.value = value
        self.line = line
        #: For a mapping: the line each key is written on (a nested value starts below it).
        self.key_lines = key_lines or {}
        #: The line of the key this value is written under, if any (else its own line).
        self.key_at = line
        #: Set when the file's JSON Schema refuses this value (:mod:`ivr.shape`): readers skip it.
        self.bad = False

    def key_line(self, key: str) -> int:
        """The line a key of this mapping is written on, else this node's line."""
        return self.key_lines.get(key, self.line)

    def get(self, key: str) -> Node | None:
        return self.value.get(key) if isinstance(self.value, dict) else None

    def plain(self) -> Any:
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


def _scalar(node: yaml.ScalarNode) -> Any:
    """Scalars as a maintainer means them: "09:30" stays text, true is a yes/no."""
    tag, raw = node.tag, node.value
    if node.style or tag == "tag:yaml.org,2002:str":
        return raw
    if tag == "tag:yaml.org,2002:bool":
        return raw.lower() in ("true", "yes", "on", "y")
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:int" and ":" not in raw:
        try:
            return int(raw.replace("_", ""), 0)
        except ValueError:
            return raw
    return raw  # timestamps, floats, sexagesimal numbers: kept as written


def _convert(node: yaml.Node, file: str, problems: list[Problem]) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        for k, v in node.value:
            key = str(_scalar(k)) if isinstance(k, yaml.ScalarNode) else "?"
            if key in out:
                problems.append(
                    Problem(
                        file,
                        k.start_mark.line + 1,
                        f"“{key}” is written twice here; keep one",
                        code="yaml.duplicate_key",
                    )
                )
            out[key] = _convert(v, file, problems)
            out[key].key_at = k.start_mark.line + 1
            key_lines.setdefault(key, k.start_mark.line + 1)
        return Node(out, line, key_lines)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(v, file, problems) for v in node.value], line)
    return Node(_scalar(node), line)  # type: ignore[arg-type]  # neither mapping nor sequence: a scalar


def read_yaml(path: Path, problems: list[Problem], label: str | None = None) -> Node | None:
    """Parse one YAML file; a syntax error becomes a Problem with its line."""
    label = label or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(label, 1, "this file is missing", code="file.missing"))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(
            Problem(
                label,
                1,
                f"this file cannot be read ({exc.__class__.__name__}); save it as UTF-8 text",
                code="file.unreadable",
            )
        )
        return None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        # Where the broken thing starts (an unclosed quote) beats where the parser gave up.
        start = getattr(exc, "context_mark", None)
        found = getattr(exc, "problem_mark", None)
        mark = start or found
        line = mark.line + 1 if mark else 1
        what = " ".join(str(x) for x in (getattr(exc, "context", None), getattr(exc, "problem", None)) if x) or str(exc)
        if "'\\t'" in what and found is not None:
            problems.append(
                Problem(
                    label,
                    found.line + 1,
                    "this line starts with a tab; YAML needs spaces to indent, so replace the tab with spaces",
                    code="yaml.tab",
                )
            )
            return None
        later = f", noticed at line {found.line + 1}" if start and found and found.line != start.line else ""
        problems.append(
            Problem(
                label,
                line,
                f"the YAML here cannot be read ({what}{later}); check the indentation, colons and quotes",
                code="yaml.syntax",
            )
        )
        return None
    if root is None:
        problems.append(Problem(label, 1, "this file is empty", code="file.empty"))
        return None
    return _convert(root, label, problems)


@dataclass(frozen=True)
class Files:
    """The files of one ``menus/`` folder as YAML trees, and how to say where something is."""

    folder: Path
    nodes: dict[str, Node | None]

    def label(self, name: str) -> str:
        """How a file is named in problems: the folder as given, then the file."""
        return str(self.folder / name)

    @staticmethod
    def walk(node: Node | None, *path: str | int) -> Node | None:
        """The node at ``path`` below ``node``, or None."""
        for step in path:
            if node is None:
                return None
            if isinstance(step, int):
                node = node.value[step] if isinstance(node.value, list) and step < len(node.value) else None
            else:
                node = node.get(step)
        return node

    def find(self, name: str, *path: str | int) -> Node | None:
        """The node at ``path`` inside a file, or None."""
        return self.walk(self.nodes.get(name), *path)

    def line_of(self, name: str, *path: str | int) -> int:
        """The line of the deepest part of ``path`` that exists; a key's own line for mappings."""
        node = self.nodes.get(name)
        line = node.line if node is not None else 1
        for step in path:
            if node is None:
                break
            if isinstance(step, int):
                node = node.value[step] if isinstance(node.value, list) and step < len(node.value) else None
                line = node.line if node is not None else line
            else:
                parent = node
                node = node.get(step)
                if node is not None:
                    line = parent.key_line(step)
        return line

    def problem(
        self, name: str, path: tuple[str | int, ...], message: str, severity: str = ERROR, code: str = ""
    ) -> Problem:
        return Problem(self.label(name), self.line_of(name, *path), message, severity, code)
