"""Every problem has a stable code, and docs/problems.md explains each code with an example.

The codes are found in the source with ``ast``: a ``code=`` argument, the code argument of
the reader's ``err``, the fifth argument of ``Problem``, an assignment to ``code``, and the
time budgets' ``CODES``. So a new kind of problem cannot be added without its code, and
its code cannot be added without a line in the docs.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IVR = ROOT / "ivr"
DOC = ROOT / "docs" / "problems.md"
CODE = re.compile(r"^([a-z]+\.[a-z_]+|T[0-9]-[a-z0-9-]+)$")


def _strings(node: ast.AST | None) -> list[ast.Constant]:
    """The string constants an expression can be: ``"a"``, or either side of ``"a" if x else "b"``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def _calls_making_problems(tree: ast.AST) -> list[tuple[ast.Call, ast.AST | None]]:
    """Each call that makes a problem, with the expression given as its code (None if none)."""
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        keyword = next((k.value for k in node.keywords if k.arg == "code"), None)
        if name == "Problem":
            out.append((node, keyword if keyword is not None else (node.args[4] if len(node.args) > 4 else None)))
        elif name == "problem" and isinstance(f, ast.Attribute):
            out.append((node, keyword if keyword is not None else (node.args[4] if len(node.args) > 4 else None)))
        elif name == "err" and isinstance(f, ast.Attribute):
            out.append((node, node.args[2] if len(node.args) > 2 else keyword))
    return out


def emitted() -> dict[str, str]:
    """Every code the line can give a problem, with where it is written."""
    found: dict[str, str] = {}
    for path in sorted(IVR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        consts: list[ast.Constant] = []
        for _, code in _calls_making_problems(tree):
            consts += _strings(code)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id == "code":
                        consts += _strings(node.value)
                    if isinstance(target, ast.Name) and target.id == "CODES" and isinstance(node.value, ast.Dict):
                        consts += [c for v in node.value.values for c in _strings(v)]
                    if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                        for t, v in zip(target.elts, node.value.elts, strict=False):
                            if isinstance(t, ast.Name) and t.id == "code":
                                consts += _strings(v)
        for c in consts:
            found.setdefault(c.value, f"{path.relative_to(ROOT)}:{c.lineno}")
    return found


def documented() -> set[str]:
    """The codes in the first column of the tables of docs/problems.md."""
    return set(re.findall(r"^\| `([^`]+)` \|", DOC.read_text(encoding="utf-8"), re.M))


def test_every_problem_is_made_with_a_code():
    missing = []
    for path in sorted(IVR.rglob("*.py")):
        for call, code in _calls_making_problems(ast.parse(path.read_text(encoding="utf-8"))):
            if code is None or (isinstance(code, ast.Constant) and not code.value):
                missing.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert not missing, "problems made without a code (see docs/problems.md):\n" + "\n".join(missing)


def test_the_codes_are_found():
    codes = emitted()
    assert {"yaml.syntax", "shape.unknown", "shape.form", "voice.speech_code", "T1-sentence"} <= set(codes)
    bad = sorted(c for c in codes if not CODE.match(c))
    assert not bad, f"codes should look like area.what_is_wrong: {bad}"


def test_every_code_is_documented_with_an_example():
    codes = emitted()
    missing = sorted(set(codes) - documented())
    assert not missing, "codes not in docs/problems.md:\n" + "\n".join(f"{c} ({codes[c]})" for c in missing)
    stale = sorted(documented() - set(codes))
    assert not stale, f"docs/problems.md lists codes the line no longer gives: {stale}"
    rows = re.findall(r"^\| `([^`]+)` \|([^|]*)\|([^|]*)\|", DOC.read_text(encoding="utf-8"), re.M)
    empty = [code for code, severity, example in rows if not severity.strip() or not example.strip()]
    assert not empty, f"give these a severity and an example: {empty}"
