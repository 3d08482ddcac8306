"""The course tools and the command line keep their layers (read from the source).

* ``labkit.course`` is below the command line: none of its modules imports
  ``argparse``, ``labkit.commands`` or ``labkit.cli``;
* nothing below the course tools imports them or the command line;
* no import cycle among the modules of ``labkit.course``, ``labkit.commands``
  and ``labkit.cli``;
* no function-level import of a kit module there, except the doctor's guarded
  ones (a broken install is a finding to report, not a crash);
* no module over 600 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "labkit"
TOP_LAYERS = ("labkit.course", "labkit.commands", "labkit.cli")
#: Function-level imports that are there on purpose, by module: each is inside a
#: ``try`` so that a broken install is reported in one line, not as a traceback.
GUARDED_IMPORTS = {
    "labkit.course.environment": {"labkit.plotting", "labkit.world"},
    "labkit.commands.world": {"labkit.world"},
    "labkit.commands.datasets": {"labkit.world"},
}
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def in_layers(name: str, layers: tuple[str, ...] = TOP_LAYERS) -> bool:
    return any(name == layer or name.startswith(layer + ".") for layer in layers)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
OURS = sorted(name for name in MODULES if in_layers(name))


def imports(name: str) -> tuple[set[str], set[str]]:
    """(module-level imports, imports inside functions) of a kit module."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    top: set[str] = set()
    nested: set[str] = set()

    def visit(node: ast.AST, inside_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            found: list[str] = []
            if isinstance(child, ast.Import):
                found = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found = [child.module] + [f"{child.module}.{alias.name}" for alias in child.names]
            (nested if inside_function else top).update(found)
            function = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            visit(child, inside_function or function)

    visit(tree, False)
    return top, nested


def kit_modules(names: set[str]) -> set[str]:
    """The kit modules among imported names (``from labkit import x`` names x if a module)."""
    return {name for name in names if name in MODULES}


def import_graph() -> dict[str, set[str]]:
    """Module to the modules of these layers it imports (anywhere: a cycle closed by
    an import inside a function is still a cycle)."""
    graph = {name: kit_modules(set.union(*imports(name))) & set(OURS) for name in OURS}
    for name in OURS:
        package = name.rpartition(".")[0]
        if package in graph and package != name:
            graph[name].add(package)  # importing a module runs its package first
    return graph


def test_the_modules_and_their_imports_are_found() -> None:
    assert "labkit.course.notebook_files" in OURS and "labkit.commands.grade" in OURS
    graph = import_graph()
    assert "labkit.course.gradebook" in graph["labkit.course.grade"]
    assert "labkit.course.grade" in graph["labkit.commands.grade"]


@pytest.mark.parametrize("name", [n for n in OURS if in_layers(n, ("labkit.course",))])
def test_course_modules_do_not_parse_arguments(name: str) -> None:
    top, nested = imports(name)
    assert "argparse" not in top | nested
    assert not {n for n in top | nested if in_layers(n, ("labkit.commands", "labkit.cli"))}


def test_nothing_below_imports_the_course_tools_or_the_command_line() -> None:
    offenders = {}
    for name in MODULES:
        if in_layers(name):
            continue
        top, nested = imports(name)
        upward = sorted(n for n in top | nested if in_layers(n))
        if upward:
            offenders[name] = upward
    assert offenders == {}


def test_no_import_cycles() -> None:
    graph = import_graph()
    cycles = []
    state: dict[str, str] = {}

    def walk(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                cycles.append(path[path.index(target) :] + [target])
            elif target not in state:
                walk(target, path + [target])
        state[node] = "done"

    for name in OURS:
        if name not in state:
            walk(name, [name])
    assert cycles == []


@pytest.mark.parametrize("name", OURS)
def test_no_function_level_imports_of_the_kit(name: str) -> None:
    _, nested = imports(name)
    unexpected = kit_modules(nested) - GUARDED_IMPORTS.get(name, set())
    assert unexpected == set()


@pytest.mark.parametrize("name", OURS)
def test_modules_stay_short(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines"


def test_command_modules_only_call_the_library() -> None:
    for name in OURS:
        if not in_layers(name, ("labkit.commands",)) or name == "labkit.commands":
            continue
        top, _ = imports(name)
        siblings = {n for n in kit_modules(top) if in_layers(n, ("labkit.commands",))}
        assert siblings <= {"labkit.commands"}, f"{name} imports another command: {siblings}"
