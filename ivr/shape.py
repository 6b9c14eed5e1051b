"""The shape of each YAML file (fields, types, allowed values, ranges) is its JSON Schema.

The schemas in ``ivr/schema/`` are the one description of the shape: each file in ``menus/``
names its own in its first line (``# yaml-language-server: $schema=…``), so a maintainer's
editor checks while they type, and :func:`check` says the same in plain words, with the line,
before anything is read. A value the schema refuses is marked (:attr:`ivr.yamltree.Node.bad`)
and the reader (:mod:`ivr.reading`) skips it: it only checks what spans fields or files.
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

from .problems import Problem
from .yamltree import Files, Node

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"


def schema_path(yaml_name: str) -> Path:
    return SCHEMA_DIR / yaml_name.replace(".yaml", ".json")


@lru_cache(maxsize=8)
def schema(yaml_name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_path(yaml_name).read_text(encoding="utf-8"))
    return loaded


@lru_cache(maxsize=8)
def validator(yaml_name: str) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema(yaml_name))
    return Draft202012Validator(schema(yaml_name), format_checker=Draft202012Validator.FORMAT_CHECKER)


def check(files: Files) -> list[Problem]:
    """Every file read against its schema; marks each value it refuses as bad."""
    found: list[Problem] = []
    for name, node in files.nodes.items():
        if node is None:
            continue
        said: set[tuple[str | int, ...]] = set()
        for error in validator(name).iter_errors(node.plain()):
            _mark(node, error)
            if error.validator not in ("required", "additionalProperties"):
                if tuple(error.absolute_path) in said:
                    continue  # one message for a wrong value, though it breaks two rules (form and date)
                said.add(tuple(error.absolute_path))
            found.extend(_explain(files, name, error))
    return found


def _mark(root: Node, error: ValidationError) -> None:
    """The value the error is about can not be read as the reader expects: mark it. A wrong
    name (``propertyNames``) makes its value unusable too, unless that is a block of fields
    (a service, a menu) whose own fields can still be read and checked."""
    if error.validator in ("required", "additionalProperties"):
        return  # the mapping itself is fine to read; a field is missing or unknown
    node = Files.walk(root, *error.absolute_path)
    if node is None:
        return
    if "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str):
        child = node.get(error.instance)
        if child is not None and not isinstance(child.value, dict):
            child.bad = True
        return
    node.bad = True


def where(files: Files, name: str, path: list[Any]) -> str:
    """A place in a file in a maintainer's words: “bank_holidays” of the service “num”,
    “say” of option 2 of the menu “main”, tip 3 of the topic “Before”."""
    if name == "services.yaml" and len(path) >= 2 and path[0] == "services":
        return _within(f"the service “{path[1]}”", path[2:])
    if name == "menus.yaml" and len(path) >= 2 and path[0] == "menus":
        menu = f"the menu “{path[1]}”"
        rest = path[2:]
        if len(rest) >= 2 and rest[0] == "options" and isinstance(rest[1], int):
            key = files.find(name, *path[:4], "key")
            which = (
                f"option {key.value}"
                if key is not None and isinstance(key.value, (str, int))
                else f"option {rest[1] + 1}"
            )
            return _within(f"{which} of {menu}", rest[2:])
        return _within(menu, rest)
    if name == "tips.yaml" and len(path) >= 2 and path[0] == "topics" and isinstance(path[1], int):
        title = files.find(name, "topics", path[1], "title")
        topic = (
            f"the topic “{title.value}”"
            if title is not None and isinstance(title.value, str)
            else f"topic {path[1] + 1}"
        )
        if len(path) >= 4 and path[2] == "tips" and isinstance(path[3], int):
            return _within(f"tip {path[3] + 1} of {topic}", path[4:])
        return _within(topic, path[2:])
    if name == "line.yaml" and len(path) >= 2 and path[0] == "voices":
        return _within(f"the voice of {path[1]}", path[2:])
    return _within(name, path) if path else name


def _within(whole: str, rest: list[Any]) -> str:
    """A field of ``whole`` and, deeper, the items inside it: “hours” of the service “x”, wed."""
    if not rest:
        return whole
    field = f"“{rest[0]}” of {whole}" if not whole.endswith(".yaml") else f"“{rest[0]}”"
    deeper = ", ".join(f"item {p + 1}" if isinstance(p, int) else f"“{p}”" for p in rest[1:])
    return f"{field}, {deeper}" if deeper else field


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
    "null": "empty",
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


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:].rstrip(".")


def _explain(files: Files, name: str, error: ValidationError) -> Iterator[Problem]:
    error = _specific(error)
    path = list(error.absolute_path)
    here = where(files, name, path)
    described = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    allowed = f": {_lower(described)}" if described else ""
    kind = error.validator
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = sorted((error.schema.get("properties") or {}).keys())
        for key in error.instance:
            if key in known or not known:
                continue
            near = difflib.get_close_matches(key, known, n=1)
            hint = f" Did you mean “{near[0]}”?" if near else f" Allowed here: {', '.join(known)}."
            yield files.problem(
                name, (*path, key), f"{here} has “{key}”, which the line does not know.{hint}", code="shape.unknown"
            )
        return
    if kind == "required" and isinstance(error.instance, dict):
        node = files.find(name, *path)
        line = node.key_at if node is not None else files.line_of(name, *path)
        for key in error.validator_value:
            if key not in error.instance:
                field = (error.schema.get("properties") or {}).get(key, {})
                what = (
                    f" ({_lower(field['description'])})" if isinstance(field, dict) and field.get("description") else ""
                )
                yield Problem(files.label(name), line, f"{here} is missing “{key}”{what}", code="shape.missing")
        return
    if "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str):
        hint = f"; use {described}" if described else ""
        yield files.problem(
            name,
            (*path, error.instance),
            f"“{_show(error.instance)}” in {here} is not a name the line knows here{hint}.{_near_name(error)}",
            code="shape.name",
        )
        return
    value = _show(error.instance)
    if error.instance is None and kind not in ("enum", "const"):  # “2026-12-24:” with nothing after it
        what = f"; write {_lower(described)}" if described else ""
        yield files.problem(name, tuple(path), f"{here} has nothing written after its colon{what}", code="shape.empty")
        return
    if kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = " or ".join(TYPE_WORDS.get(w, w) for w in wanted)  # type: ignore[misc]
        message, code = f"{here} should be {words}, not “{value}”{allowed}", "shape.type"
    elif kind == "enum":
        choices = ", ".join(map(str, error.validator_value))
        message, code = f"{here} should be one of {choices}, not “{value}”{allowed}", "shape.choice"
    elif kind == "const":
        message, code = f"{here} should be {_show(error.validator_value)}, not “{value}”{allowed}", "shape.choice"
    elif kind in ("minimum", "maximum"):
        lo, hi = error.schema.get("minimum"), error.schema.get("maximum")
        span = (
            f"from {lo} to {hi}"
            if lo is not None and hi is not None
            else f"at least {lo}"
            if lo is not None
            else f"at most {hi}"
        )
        message, code = f"{here} should be {span}, not {value}{allowed}", "shape.range"
    elif kind in ("minLength", "minItems", "minProperties"):
        message, code = f"{here} is empty; {_lower(described) if described else 'fill it in'}", "shape.empty"
    else:  # pattern, format, anyOf and the rest: say what the value should look like
        message = f"{here}: “{value}” is not in the right form" + (
            f"; it should be {_lower(described)}" if described else ""
        )
        code = "shape.form"
    yield files.problem(name, tuple(path), message, code=code)


def _near_name(error: ValidationError) -> str:
    """For a misspelt day or name: the nearest one the pattern allows, when it is plain to see."""
    known = error.schema.get("examples") if isinstance(error.schema, dict) else None
    if not isinstance(known, list):
        return ""
    written = str(error.instance).lower()
    if written[:3] in known:  # “wednesday”, “Mon”
        return f" Did you mean “{written[:3]}”?"
    near = difflib.get_close_matches(written, [str(k) for k in known], n=1, cutoff=0.5)
    return f" Did you mean “{near[0]}”?" if near else ""
