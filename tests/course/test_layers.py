"""Imports run one way: library <- course data <- experiments <- case studies <- exercises <-
autograder, with no cycle anywhere (imports inside functions count too).

The layers are listed in CONTRIBUTING.md ("Where things live"); a new module belongs to the
lowest layer it fits.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers import REPO

LAYERS = ["library", "course data", "experiments", "case studies", "exercises", "autograder"]


def layer_of(module: str) -> str:
    """The layer of a module of the project, by where it lives."""
    parts = module.split(".")
    if parts[0] == "autograder":
        return "autograder"
    if parts[:2] == ["course_lib", "exercises"]:
        return "exercises"
    if parts[:2] in (["course_lib", "flight"], ["course_lib", "game"]):
        return "case studies"
    if parts[:2] == ["course_lib", "experiments"]:
        return "experiments"
    if parts[:2] in (["course_lib", "data"], ["course_lib", "contract"],
                     ["course_lib", "manifest"]):
        return "course data"
    return "library"


def _module_name(path: Path) -> str:
    rel = path.relative_to(REPO).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {_module_name(p): p for package in ("course_lib", "autograder")
            for p in sorted((REPO / package).rglob("*.py"))}


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules a file imports, anywhere in it (functions included)."""
    found: set[str] = set()
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for target in targets:
            # the deepest project module the name refers to
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: imports_of(path, project_modules()) for name, path in project_modules().items()}


def test_the_layers_cover_every_module():
    assert {layer_of(m) for m in GRAPH} == set(LAYERS)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_import_runs_up_a_layer(module):
    mine = LAYERS.index(layer_of(module))
    wrong = sorted(t for t in GRAPH[module] if LAYERS.index(layer_of(t)) > mine
                   and t != module.rpartition(".")[0])
    assert not wrong, (f"{module} ({layer_of(module)}) imports a higher layer: " +
                       ", ".join(f"{t} ({layer_of(t)})" for t in wrong))


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph, or None (a package's face importing its own modules
    is not a cycle: the modules do not import the face back)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if state.get(nxt) is None:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_there_is_no_import_cycle():
    # importing course_lib.x.y runs course_lib/x/__init__.py first: a module importing its
    # own package's face is how Python works, not a cycle of the design
    graph = {m: {t for t in targets if not m.startswith(t + ".")} for m, targets in GRAPH.items()}
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_checker_finds_a_cycle_and_an_upward_import():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    assert LAYERS.index(layer_of("course_lib.exercises.registry")) > \
        LAYERS.index(layer_of("course_lib.flight.birds"))
    assert layer_of("course_lib.metrics") == "library"


def test_imports_inside_functions_are_read(tmp_path):
    modules = {"course_lib.metrics": tmp_path, "autograder.run": tmp_path}
    source = tmp_path / "course_lib" / "x.py"
    source.parent.mkdir()
    source.write_text("def f():\n    from autograder.run import grade_class\n")
    import helpers

    saved = helpers.REPO
    try:
        globals()["REPO"] = tmp_path
        assert imports_of(source, modules) == {"autograder.run"}
    finally:
        globals()["REPO"] = saved
