"""Each YAML file against its JSON Schema: the same schema a maintainer's editor uses.

The schemas live in ``ivr/schema/`` and each file in ``menus/`` names its own in its first
line (``# yaml-language-server: $schema=…``), so the editor completes and checks while
typing, and this checker says the same in plain words, with the line.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from ..problems import Problem
from ..reading import FILES, Source

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
HEADER = "# yaml-language-server: $schema="


def schema_path(yaml_name: str) -> Path:
    return SCHEMA_DIR / yaml_name.replace(".yaml", ".json")


@lru_cache(maxsize=8)
def validator(yaml_name: str) -> Draft202012Validator:
    schema = json.loads(schema_path(yaml_name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def check(src: Source) -> Iterator[Problem]:
    for name in FILES:
        node = src.nodes.get(name)
        if node is None:
            continue
        for error in validator(name).iter_errors(node.plain()):
            yield from _explain(src, name, error)
        yield from _header(src, name)


def _header(src: Source, name: str) -> Iterator[Problem]:
    """A file whose header does not name its schema loses the editor's help: say so once."""
    try:
        first = (src.folder / name).read_text(encoding="utf-8").splitlines()[:3]
    except (OSError, UnicodeDecodeError):
        return
    if not any(line.startswith(HEADER) for line in first):
        yield Problem(
            src.label(name),
            1,
            "the first line should name the file's schema, so editors can check it as you type: "
            f"“{HEADER}../ivr/schema/{schema_path(name).name}”",
            "warning",
        )


def _where(path: list[Any]) -> str:
    """A path in a file in words: “services → num → hours”."""
    return " → ".join(str(p if not isinstance(p, int) else f"item {p + 1}") for p in path) or "the file"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "…"


TYPE_WORDS = {
    "string": "some words",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list, each item on a line starting with “- ”",
    "object": "a list of “name: value” lines",
    "number": "a number",
}


def _specific(error: ValidationError) -> ValidationError:
    """For “one of these” rules, the branch that says most about what went wrong."""
    while error.validator in ("anyOf", "oneOf") and error.context:
        deeper = [
            e
            for e in error.context
            if len(e.absolute_path) > len(error.absolute_path) or e.validator not in ("const", "type", "enum")
        ]
        if not deeper:
            break
        error = max(deeper, key=lambda e: len(e.absolute_path))
    return error


def _explain(src: Source, name: str, error: ValidationError) -> Iterator[Problem]:
    error = _specific(error)
    path = list(error.absolute_path)
    where = _where(path)
    described = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    kind = error.validator
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = sorted((error.schema.get("properties") or {}).keys())
        for key in error.instance:
            if key in known or not known:
                continue
            near = difflib.get_close_matches(key, known, n=1)
            hint = f" Did you mean “{near[0]}”?" if near else f" Allowed here: {', '.join(known)}."
            yield src.problem(name, (*path, key), f"{where} has “{key}”, which the line does not know.{hint}")
        return
    if kind == "required" and isinstance(error.instance, dict):
        node = src.find(name, *path)
        line = node.key_at if node is not None else src.line_of(name, *path)  # where reading says it too
        for key in error.validator_value:
            if key not in error.instance:
                yield Problem(src.label(name), line, f"{where} is missing “{key}”")
        return
    if "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str):
        hint = f"; use {described}" if described else ""
        yield src.problem(
            name,
            (*path, error.instance),
            f"“{_show(error.instance)}” in {where} is not a name the line knows here{hint}",
        )
        return
    value = _show(error.instance)
    if kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = " or ".join(TYPE_WORDS.get(w, w) for w in wanted)  # type: ignore[misc]
        message = f"{where} should be {words}, not “{value}”"
    elif kind == "enum":
        message = f"{where} should be one of {', '.join(map(str, error.validator_value))}, not “{value}”"
    elif kind == "const":
        message = f"{where} should be {_show(error.validator_value)}, not “{value}”"
    elif kind in ("minimum", "maximum"):
        lo, hi = error.schema.get("minimum"), error.schema.get("maximum")
        message = (
            f"{where} should be from {lo} to {hi}, not {value}"
            if lo is not None and hi is not None
            else f"{where}: {value} is out of range"
        )
    elif kind in ("minLength", "minItems", "minProperties"):
        message = f"{where} is empty; {described[:1].lower() + described[1:] if described else 'fill it in'}"
    else:  # pattern, anyOf and the rest: say what the value should look like
        message = f"{where}: “{value}” is not in the right form" + (
            f"; it should be {described[:1].lower() + described[1:]}" if described else ""
        )
    yield src.problem(name, tuple(path), message)
