"""The world package's modules import each other in one direction only.

Read from the source (not by importing), so the test sees the imports a module
states, and fails with the edge that breaks the order.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import labkit.world

PACKAGE = Path(labkit.world.__file__).parent
#: The world's own modules (not the generator), lowest first: each may import only
#: from modules before it (and from the generator and labkit's leaf modules).
ORDER = (
    "labkit.world.storage",
    "labkit.world.shipped",
    "labkit.world.dictionary.entries",
    "labkit.world.dictionary.consumer_tables",
    "labkit.world.dictionary.service_and_business_tables",
    "labkit.world.dictionary.truth",
    "labkit.world.dictionary.tables",
    "labkit.world.dictionary.planted",
    "labkit.world.dictionary.render",
    "labkit.world.dictionary",
    "labkit.world.model",
    "labkit.world.making",
    "labkit.world.loading",
    "labkit.world.datasets",
    "labkit.world",
)
#: What the world may import from the rest of the kit (besides itself and the generator).
LEAVES = ("labkit.settings", "labkit.vocabularies")
#: Imports inside functions that are allowed, with the reason.
LAZY = {("labkit.world.making", "tqdm.auto")}  # only when a progress bar is asked for


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def world_modules() -> dict[str, Path]:
    paths = [*PACKAGE.glob("*.py"), *(PACKAGE / "dictionary").glob("*.py")]
    return {module_name(p): p for p in paths}


def imports(path: Path) -> tuple[set[str], set[str]]:
    """Modules imported at the top of the file, and inside functions.

    ``from package import name`` counts as importing ``package.name`` when that is
    a module (``from labkit.world import storage``), else as importing ``package``.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    known = set(world_modules()) | set(LEAVES)
    top: set[str] = set()
    nested: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import of {node.module}"
            names = set()
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                module = node.module.startswith("labkit.world.generator")
                names.add(candidate if candidate in known or module else node.module)
        else:
            continue
        (top if node.col_offset == 0 else nested).update(names)
    return top, nested


def test_every_module_is_placed_in_the_order():
    assert set(world_modules()) == set(ORDER)


@pytest.mark.parametrize("name", ORDER)
def test_a_module_imports_only_modules_below_it(name):
    path = world_modules()[name]
    top, nested = imports(path)
    below = set(ORDER[: ORDER.index(name)])
    for imported in sorted(top):
        if not imported.startswith("labkit."):
            continue  # the standard library, pandas, numpy …
        if imported.startswith("labkit.world.generator") or imported in LEAVES:
            continue
        assert imported in below, f"{name} imports {imported}, which is not below it"
    unexpected = {m for m in nested if (name, m) not in LAZY}
    assert not unexpected, f"{name} imports inside a function: {unexpected}"


def test_the_dictionary_never_imports_the_model():
    for name, path in world_modules().items():
        if name.startswith("labkit.world.dictionary"):
            top, _ = imports(path)
            heavy = {"labkit.world.model", "labkit.world.making", "labkit.world.loading"}
            assert not top & heavy, name


@pytest.mark.parametrize("name", ORDER)
def test_modules_stay_small(name):
    lines = world_modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= 600, f"{name} has {lines} lines"
