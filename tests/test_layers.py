"""The layers of ``ivr/`` go one way: no import cycle, no module reaching into another's
private names. Read from the source with ``ast``, so imports inside functions count too
(a lazy import still ties two modules together, and hides a cycle until it runs)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

IVR = Path(__file__).resolve().parent.parent / "ivr"

#: Private names other modules still use, each to be given a public name; empty when done.
#: (module that imports, module imported from, name)
ALLOWED_PRIVATE: set[tuple[str, str, str]] = set()


def _module_name(path: Path) -> str:
    parts = path.relative_to(IVR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(IVR.rglob("*.py")) if "migrations" not in p.parts}
PACKAGES = {name for name, p in MODULES.items() if p.name == "__init__.py"}


@dataclass(frozen=True)
class Import:
    importer: str
    target: str  # a module of ivr
    name: str | None  # the name taken from it, for ``from target import name``
    line: int


def _imports(module: str) -> Iterator[Import]:
    path = MODULES[module]
    package = module if module in PACKAGES else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    bound: dict[str, str] = {}  # local name -> ivr module it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "ivr" or alias.name.startswith("ivr."):
                    yield Import(module, alias.name, None, node.lineno)
                    if alias.asname:
                        bound[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if not (source == "ivr" or source.startswith("ivr.")):
                continue
            for alias in node.names:
                if f"{source}.{alias.name}" in MODULES:  # ``from . import hours``: the module itself
                    yield Import(module, f"{source}.{alias.name}", None, node.lineno)
                    bound[alias.asname or alias.name] = f"{source}.{alias.name}"
                else:
                    yield Import(module, source, alias.name, node.lineno)
    for node in ast.walk(tree):  # ``hours._bank_holidays(...)``: a private name reached through a module
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound:
            yield Import(module, bound[node.value.id], node.attr, node.lineno)


def graph() -> dict[str, set[str]]:
    """Who imports whom. Importing ``ivr.a.b`` runs the package ``ivr.a`` first, so it counts
    as importing that too (unless the importer is inside it: then the package is already
    running). The root package ``ivr`` only holds the app factory, imported lazily by
    gunicorn, and every module is inside it: it is left out."""
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for module in MODULES:
        for imp in _imports(module):
            target = imp.target
            while target != "ivr":
                if target in MODULES and target != module and not module.startswith(target + "."):
                    edges[module].add(target)
                target = target.rpartition(".")[0]
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_import_graph_of_ivr_has_no_cycle():
    edges = graph()
    assert "ivr.inspect.loading" in edges["ivr.menus"]  # the graph is really built
    groups = cycles(edges)
    said = [" <-> ".join(g) + ": " + "; ".join(f"{a} imports {sorted(edges[a] & set(g))}" for a in g) for g in groups]
    assert not groups, "import cycles in ivr/:\n" + "\n".join(said)


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_another_modules_private_names():
    reached = {
        (imp.importer, imp.target, imp.name): imp.line
        for module in MODULES
        for imp in _imports(module)
        if imp.name is not None
        and imp.name.startswith("_")
        and not imp.name.startswith("__")
        and imp.target != imp.importer
    }
    wrong = sorted(set(reached) - ALLOWED_PRIVATE)
    listed = "\n".join(f"{MODULES[a].relative_to(IVR.parent)}:{reached[(a, b, n)]}: {b}.{n}" for a, b, n in wrong)
    assert not wrong, "private names used across modules (give each a public name where it belongs):\n" + listed
    gone = ALLOWED_PRIVATE - set(reached)
    assert not gone, f"no longer used, so remove from ALLOWED_PRIVATE: {sorted(gone)}"
