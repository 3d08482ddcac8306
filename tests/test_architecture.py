"""The kit's structure is kept by tests: layers, no cycles, small modules, plain names.

The layers are declared as import-linter contracts in ``pyproject.toml``
(``[tool.importlinter]``) and explained in ``docs/architecture.md``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "labkit"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)

#: "No module over about 600 lines": the hard limit leaves room for a docstring.
MAX_LINES = 650
#: The front door imports lazily on purpose (``labkit.check`` without loading
#: IPython at ``import labkit``); the command table imports a command's module by
#: name when that command runs.
LAZY_BY_DESIGN = {PACKAGE / "__init__.py"}


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_import_contracts_hold() -> None:
    """Each layer imports only from the layers below it; no package has an import cycle."""
    lint = Path(sys.executable).with_name("lint-imports")
    command = [str(lint)] if lint.exists() else [sys.executable, "-m", "importlinter.cli"]
    done = subprocess.run(
        [*command, "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", MODULES, ids=_relative)
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, (
        f"{_relative(path)} has {lines} lines: split it by concern (docs/architecture.md)"
    )


def _is_kit_import(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] == "labkit"
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] == "labkit" for alias in node.names)
    return False


def _kit_imports_inside_functions(tree: ast.AST) -> list[tuple[int, str]]:
    """Kit imports in function bodies, except guarded ones.

    A guarded import sits directly in a ``try:`` whose handler reports a broken
    installation as a message (the doctor, the command line): that is its purpose,
    not a way around a cycle.
    """
    guarded = {
        id(node)
        for tried in ast.walk(tree)
        if isinstance(tried, ast.Try) and tried.handlers
        for node in tried.body
        if _is_kit_import(node)
    }
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if _is_kit_import(node) and id(node) not in guarded:
                found.append((node.lineno, ast.unparse(node)))
    return found


@pytest.mark.parametrize("path", [p for p in MODULES if p not in LAZY_BY_DESIGN], ids=_relative)
def test_no_kit_imports_hidden_in_functions(path: Path) -> None:
    """A function-level import of the kit is how an import cycle hides; import at the top."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hidden = _kit_imports_inside_functions(tree)
    assert not hidden, f"{_relative(path)}: " + "; ".join(f"line {n}: {s}" for n, s in hidden)


@pytest.mark.parametrize("path", MODULES, ids=_relative)
def test_no_cryptic_module_aliases(path: Path) -> None:
    """``import x as P`` hides what a name is; ``np``, ``pd``, ``plt``, ``dt`` … are the norm."""
    allowed = {"np", "pd", "plt", "sns", "mpl", "dt"}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    cryptic = [
        f"line {node.lineno}: {alias.name} as {alias.asname}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
        if alias.asname and len(alias.asname) <= 2 and alias.asname not in allowed
    ]
    assert not cryptic, f"{_relative(path)}: " + "; ".join(cryptic)


def test_every_package_says_what_it_is_for() -> None:
    for init in PACKAGE.rglob("__init__.py"):
        if "__pycache__" in init.parts:
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 40, f"{_relative(init)} needs a docstring saying what it holds"


def test_every_folder_of_modules_is_a_package() -> None:
    for folder in {p.parent for p in MODULES}:
        assert (folder / "__init__.py").exists(), f"{_relative(folder)}/ has no __init__.py"


@pytest.mark.parametrize("path", sorted((PACKAGE / "course").glob("*.py")), ids=_relative)
def test_course_tools_leave_arguments_to_the_command_line(path: Path) -> None:
    """Options are parsed in labkit.commands; the course tools take plain arguments."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert "argparse" not in names, f"{_relative(path)} parses arguments"
