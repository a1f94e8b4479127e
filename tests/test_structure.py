"""The shape of the code a newcomer changes: no import cycle among the generator's modules, the layers
(CLI -> API -> batch build -> pipeline) import downwards only, and only generator/kinds.py knows the
document kinds by name. Read from the source with ``ast``: imports at module level and inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "generator"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[tuple[str, bool]]:
    """(module of the generator, imported inside a function?) for every import statement of ``name``.
    ``from generator.batch import publish`` imports the submodule; ``from generator.writers import
    Options`` the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found: set[tuple[str, bool]] = set()

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.update((alias.name, nested) for alias in child.names if alias.name in MODULES)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[:len(base) - child.level + 1]
                    module = ".".join(base + ([child.module] if child.module else []))
                else:
                    module = child.module or ""
                for alias in child.names:
                    if f"{module}.{alias.name}" in MODULES:
                        found.add((f"{module}.{alias.name}", nested))
                    elif module in MODULES:
                        found.add((module, nested))
            visit(child, nested)

    visit(tree, False)
    return {(target, nested) for target, nested in found if target != name}


def _graph() -> dict[str, set[str]]:
    """Who imports whom. One kind of edge is left out: a package's ``__init__`` loading one of its own
    submodules inside a function (``writers.formats()`` loads WeasyPrint's writer on demand). The package
    is fully initialised by the time that function runs, so such an import can never meet a half-made
    module; every other import, at module level or in a function, counts."""
    graph = {}
    for name, path in MODULES.items():
        lazy_own = path.name == "__init__.py"
        graph[name] = {target for target, nested in _imports(name, path)
                       if not (lazy_own and nested and target.startswith(name + "."))}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle (its modules, the first repeated at the end), or [] when there is none."""
    state: dict[str, int] = {}            # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_the_import_graph_is_read_whole():
    """The reader sees what the test relies on: module-level and function-level imports, submodules
    named in a ``from`` import."""
    graph = _graph()
    assert "generator.api" in graph["generator.cli"]
    assert {"generator.pipeline", "generator.batch.publish", "generator.batch.workers"} <= graph["generator.batch.run"]
    assert "generator.data.context" in graph["generator.kinds"]       # imported inside a function
    assert "generator.templating" in graph["generator.data.workspace"]


def test_no_import_cycle_among_the_generator_modules():
    assert _cycle(_graph()) == []


def test_a_cycle_would_be_found():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_the_layers_import_downwards_only():
    """cli -> api -> batch -> pipeline: the API is the CLI's alone, the batch build and the pipeline
    never reach up."""
    graph = _graph()
    importers = {target: {name for name, targets in graph.items() if target in targets} for target in graph}
    assert importers["generator.api"] <= {"generator.cli"}
    assert importers["generator.cli"] <= {"generator.__main__"}
    upper = {"generator.api", "generator.cli", "generator.__main__"}
    for name, targets in graph.items():
        if name.startswith("generator.batch"):
            assert not targets & upper, name
        elif name not in upper:             # the pipeline, the writers, ...: the batch build is above them
            assert not [t for t in targets if t.startswith("generator.batch")], name


def test_only_kinds_names_a_kind():
    """The batch build, the pipeline, the API and the CLI hold no kind's name: what differs between kinds
    (sources, metadata, scheduling weight) is a field or method of ``Kind``."""
    from generator.kinds import KINDS
    for name in ("generator.api", "generator.cli", "generator.pipeline", "generator.writers",
                 *(n for n in MODULES if n.startswith("generator.batch"))):
        tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr)}
        named = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                 and id(node) not in docstrings and node.value in KINDS}
        assert not named, (name, named)
