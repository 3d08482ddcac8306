"""The notebooks are built from text sources in sources/, and stay in step with them.

Whether the committed outputs equal a fresh run is tested by nbval with output
comparison in ``python3 run.py test`` (en_US); here nothing is executed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from labkit.course.exercises import BuildError
from labkit.course.notebooks import (
    SOURCES,
    build,
    built_path,
    find_drift,
    notebook_from_source,
    source_paths,
    source_text,
    stderr_outputs,
)

ROOT = Path(__file__).resolve().parents[1]

SOURCE = """# %% [markdown]
# # 42 · A chapter (一章)
#
# Some text.

# %%
x = 1 + 1
x

# %% tags=["solution-only"]
print("tagged")
"""


def _kit(tmp_path: Path, text: str = SOURCE, name: str = "42_a_chapter.py") -> Path:
    folder = tmp_path / SOURCES / "notebooks"
    folder.mkdir(parents=True)
    (folder / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_every_built_notebook_matches_its_source() -> None:
    assert find_drift(ROOT) == [], "run `python3 run.py notebooks` and commit the result"


def test_every_chapter_has_a_lesson_and_a_solutions_source() -> None:
    lessons = {p.name[:2] for p in source_paths(ROOT) if p.parent.name == "notebooks"}
    solutions = {p.name[:2] for p in source_paths(ROOT) if p.parent.name == "solutions"}
    assert lessons and lessons == solutions


@pytest.mark.parametrize("source", source_paths(ROOT), ids=lambda p: p.name)
def test_sources_are_in_canonical_form(source: Path) -> None:
    """A source reads back to the same text, so the build never reformats it."""
    text = source.read_text(encoding="utf-8")
    assert source_text(notebook_from_source(source, ROOT)) == text


@pytest.mark.parametrize("source", source_paths(ROOT), ids=lambda p: p.name)
def test_built_notebooks_have_no_timestamps_and_stable_ids(source: Path) -> None:
    notebook = json.loads(built_path(source, ROOT).read_text(encoding="utf-8"))
    assert [cell["id"] for cell in notebook["cells"]] == [
        f"cell-{n:03d}" for n in range(len(notebook["cells"]))
    ]
    assert not any("execution" in cell.get("metadata", {}) for cell in notebook["cells"])


def test_teaching_and_solutions_notebooks_keep_outputs() -> None:
    for source in source_paths(ROOT):
        notebook = nbformat.read(built_path(source, ROOT), as_version=4)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert any(cell.outputs for cell in code), f"{source.name}: built without outputs"


def test_build_without_running_is_deterministic(tmp_path: Path) -> None:
    root = _kit(tmp_path)
    build(root, execute=False, progress=False)
    target = root / "notebooks" / "42_a_chapter.ipynb"
    first = target.read_bytes()
    notebook = nbformat.reads(first.decode("utf-8"), as_version=4)
    assert [c.id for c in notebook.cells] == ["cell-000", "cell-001", "cell-002"]
    assert notebook.cells[2].metadata == {"tags": ["solution-only"]}
    assert notebook.metadata["labkit"] == {
        "chapter": "42",
        "generated_from": "sources/notebooks/42_a_chapter.py",
        "notebook": "notebooks",
    }
    assert [item.changed for item in build(root, execute=False, progress=False)] == [False]
    assert target.read_bytes() == first
    assert find_drift(root) == []


def test_an_edited_source_is_drift_until_rebuilt(tmp_path: Path) -> None:
    root = _kit(tmp_path)
    build(root, execute=False, progress=False)
    source = root / SOURCES / "notebooks" / "42_a_chapter.py"
    source.write_text(SOURCE.replace("1 + 1", "2 + 2"), encoding="utf-8")
    assert find_drift(root) == [
        "notebooks/42_a_chapter.ipynb: cells differ from sources/notebooks/42_a_chapter.py"
    ]
    build(root, execute=False, progress=False)
    assert find_drift(root) == []


def test_unchanged_cells_keep_their_outputs_without_running(tmp_path: Path) -> None:
    root = _kit(tmp_path)
    build(root, execute=False, progress=False)
    target = root / "notebooks" / "42_a_chapter.ipynb"
    notebook = nbformat.read(target, as_version=4)
    notebook.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
    target.write_text(nbformat.writes(notebook), encoding="utf-8")
    source = root / SOURCES / "notebooks" / "42_a_chapter.py"
    source.write_text(SOURCE.replace("Some text.", "Other text."), encoding="utf-8")
    build(root, execute=False, progress=False)
    rebuilt = nbformat.read(target, as_version=4)
    assert rebuilt.cells[1].outputs[0]["data"]["text/plain"] == "2"


def test_missing_and_orphan_notebooks_are_reported(tmp_path: Path) -> None:
    root = _kit(tmp_path)
    (root / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "00_start_here.ipynb", root / "notebooks")
    assert find_drift(root) == [
        "notebooks/42_a_chapter.ipynb: missing (build it from sources/notebooks/42_a_chapter.py)",
        "notebooks/00_start_here.ipynb: has no source in sources/notebooks/",
    ]


def test_badly_named_source_is_a_clear_error(tmp_path: Path) -> None:
    root = _kit(tmp_path, name="chapter.py")
    with pytest.raises(BuildError, match="NN_name.py"):
        notebook_from_source(root / SOURCES / "notebooks" / "chapter.py", root)


def test_source_outside_a_kind_folder_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "42_a_chapter.py"
    path.write_text(SOURCE, encoding="utf-8")
    with pytest.raises(BuildError, match="sources live in"):
        notebook_from_source(path, tmp_path)


def test_test_markers_are_cell_tags_not_comments_a_learner_reads() -> None:
    """nbval reads ``tags=["nbval-check-output"]`` from cell metadata; a learner never sees it."""
    root = Path(__file__).resolve().parents[1]
    marked = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted((root / "sources").glob("*/*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.lstrip("# ").startswith(("NBVAL_", "PYTEST_VALIDATE_"))
    ]
    assert not marked, "use a cell tag (# %% tags=[\"nbval-check-output\"]): " + ", ".join(marked)


@pytest.mark.parametrize(
    "path",
    sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "solutions").glob("*.ipynb")]),
    ids=lambda p: p.name,
)
def test_committed_outputs_show_no_warning(path: Path) -> None:
    """A warning in a built notebook is a defect a learner sees (the builder refuses one;
    this catches a notebook committed without it, before the browser test would)."""
    assert stderr_outputs(nbformat.read(path, as_version=4)) == []
