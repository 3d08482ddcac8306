"""Exercises notebooks: built from the solutions, in sync, and runnable blank."""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import CHECK_LOCALES, CHECK_SEEDS, ROOT, SMALL_N
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from labkit import questions as registry
from labkit.commands import exercises as exercises_command
from labkit.course.execution import run_notebook
from labkit.course.exercises import BuildError, build_notebook, exercises_bytes, find_drift
from labkit.course.notebook_files import CourseFolders, exercises_path
from labkit.course.translations import translated_language
from labkit.i18n import gettext

SOLUTIONS = CourseFolders(ROOT).solutions_notebooks()


def small_env(seed: int, locale: str) -> dict[str, str]:
    return {"LABKIT_SEED": str(seed), "LABKIT_LOCALE": locale, "LABKIT_CUSTOMERS": str(SMALL_N)}


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    exercises_command.add_arguments(parser)
    return exercises_command.run(parser.parse_args(list(argv)))


def copy_kit(tmp_path: Path) -> Path:
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


# --------------------------------------------------------------------------- sync


def test_every_chapter_with_questions_has_solutions() -> None:
    have = {p.name[:2] for p in SOLUTIONS}
    assert set(registry.chapters()) <= have


def test_committed_exercises_are_what_the_solutions_build() -> None:
    assert find_drift(ROOT) == [], "run `labkit exercises` and commit the result"


def test_building_is_deterministic() -> None:
    for path in SOLUTIONS:
        first = exercises_bytes(path, ROOT)
        assert first == exercises_bytes(path, ROOT)
        assert first.endswith(b"}\n") and b"\r\n" not in first
        assert b"SOLUTION" not in first and b'"output_type"' not in first
        nbformat.validate(nbformat.reads(first.decode("utf-8"), as_version=4))


def test_check_names_drifted_notebooks(tmp_path, capsys) -> None:
    root = copy_kit(tmp_path)
    assert cli("--check", "--root", str(root)) == 0
    target = root / "exercises" / "00_start_here_exercises.ipynb"
    target.write_text(target.read_text(encoding="utf-8").replace("Question 1", "Q1"), "utf-8")
    (root / "exercises" / "99_stray_exercises.ipynb").write_text("{}", encoding="utf-8")
    assert cli("--check", "--root", str(root)) == 1
    err = capsys.readouterr().err
    assert "exercises/00_start_here_exercises.ipynb: out of date" in err
    assert "exercises/99_stray_exercises.ipynb: has no solutions notebook" in err
    assert cli("--root", str(root), "00") == 0
    assert "wrote exercises/00_start_here_exercises.ipynb" in capsys.readouterr().out
    (root / "exercises" / "99_stray_exercises.ipynb").unlink()
    assert cli("--check", "--root", str(root)) == 0


def test_prompts_in_notebooks_match_the_registry() -> None:
    for path in SOLUTIONS:
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
        for question in registry.chapter_questions(path.name[:2]):
            number = question.id.split(".q")[1]
            assert f"# Question {number} — {question.prompt}" in text, question.id


# --------------------------------------------------------------------------- markers


def build(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return build_notebook(new_notebook(cells=list(cells)), chapter="42")


def test_markers_become_placeholders() -> None:
    single = new_code_cell('answer = world.customers["province"].mode()[0]  # SOLUTION\n'
                           'check("00.q3", answer)')  # fmt: skip
    block = new_code_cell(
        "# BEGIN SOLUTION\norders = world.orders\nanswer = len(orders)\n# END SOLUTION\n"
        'check("00.q5", answer)'
    )
    helper = new_code_cell(
        "def helper(x):\n    # BEGIN SOLUTION\n    return x + 1\n    # END SOLUTION"
    )
    other = new_code_cell("total = compute()  # SOLUTION\nprint(total)")
    only = new_markdown_cell("Why this works ...")
    only.metadata["tags"] = ["solution-only"]
    single.outputs = [nbformat.v4.new_output("stream", text="hi")]
    single.execution_count = 3
    single.metadata["collapsed"] = True
    single.metadata["tags"] = ["nbval-check-output"]
    block.metadata["tags"] = ["nbval-check-output", "keep-me"]
    nb = build(single, only, block, helper, other)
    sources = [c.source for c in nb.cells]
    assert sources == [
        'answer = ...  # a Series: customers per province\ncheck("00.q3", answer)',
        'answer = ...  # a whole number of orders\ncheck("00.q5", answer)',
        "def helper(x):\n    ...  # your code here",
        "total = ...  # your code here\nprint(total)",
    ]
    assert nb.cells[0].outputs == [] and nb.cells[0].execution_count is None
    assert nb.cells[0].metadata == {}
    assert nb.cells[1].metadata == {"tags": ["keep-me"]}
    assert [c.id for c in nb.cells] == ["cell-000", "cell-001", "cell-002", "cell-003"]
    assert nb.metadata["labkit"]["notebook"] == "exercises"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("# BEGIN SOLUTION\nanswer = 1", "BEGIN SOLUTION without END"),
        ("answer = 1\n# END SOLUTION", "END SOLUTION without BEGIN"),
        ("# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION", "inside another"),
        ('answer = 1  # SOLUTION\ncheck("00.q77", answer)', "no question '00.q77'"),
        ('answer = 1\ncheck("00.q1", answer)', "would show the answer"),
    ],
)
def test_bad_markers_are_refused(source: str, message: str) -> None:
    with pytest.raises(BuildError, match=re.escape(message)):
        build(new_code_cell(source))


def test_every_chapter_question_must_be_asked() -> None:
    cell = new_code_cell('answer = 1  # SOLUTION\ncheck("00.q1", answer)')
    with pytest.raises(BuildError, match="questions not asked: 00.q2"):
        build_notebook(new_notebook(cells=[cell]), chapter="00")


# --------------------------------------------------------------------------- running


@pytest.mark.slow
@pytest.mark.parametrize("locale", CHECK_LOCALES)
@pytest.mark.parametrize("seed", CHECK_SEEDS)
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name[:2])
def test_solutions_pass_every_check(path: Path, seed: int, locale: str) -> None:
    outcome = run_notebook(nbformat.read(path, as_version=4), 120, env=small_env(seed, locale))
    assert outcome.error == "" and outcome.cell_errors == []
    asked = [q.id for q in registry.chapter_questions(path.name[:2])]
    assert sorted(r["question_id"] for r in outcome.records) == sorted(asked)
    assert {r["status"] for r in outcome.records} == {"correct"}
    assert {r["world"]["seed"] for r in outcome.records} == {seed}
    assert {r["world"]["locale"] for r in outcome.records} == {locale}


@pytest.mark.slow
@pytest.mark.parametrize("locale", CHECK_LOCALES)
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name[:2])
def test_blank_exercises_run_to_the_end_and_pass_none(path: Path, locale: str) -> None:
    blank = nbformat.read(exercises_path(path), as_version=4)
    outcome = run_notebook(blank, 120, env=small_env(2026, locale))
    assert outcome.error == "" and outcome.cell_errors == []
    assert len(outcome.records) == len(registry.chapter_questions(path.name[:2]))
    assert {r["status"] for r in outcome.records} == {"unanswered"}
    check_outputs = [
        o for c in outcome.notebook.cells if "check(" in c.source for o in c.get("outputs", [])
    ]
    assert check_outputs and all(
        {"text/plain", "text/html"} <= set(o["data"]) for o in check_outputs
    )


def test_committed_solutions_show_every_check_correct() -> None:
    for path in SOLUTIONS:
        nb = nbformat.read(path, as_version=4)
        texts = [
            o.get("data", {}).get("text/plain", "")
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
        ]
        # A Chinese solutions notebook speaks Chinese (its set-up cell calls use_language).
        speaks = "en" if translated_language(path.name) == "en" else "zh"
        correct = gettext("correct.", language=speaks)
        for question in registry.chapter_questions(path.name[:2]):
            assert f"✓ {question.id} {correct}" in texts, question.id
        assert not any(
            o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", [])
        )
