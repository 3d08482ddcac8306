"""Grading a folder of made-up submissions: full, partial, raising, endless, not JSON."""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import nbformat
import pytest
from conftest import SMALL_N
from nbformat.v4 import new_code_cell

from labkit.commands import grade as grade_command
from labkit.course.assign import assign
from labkit.course.grade import grade_folder, grade_notebook
from labkit.course.gradebook import Submission
from labkit.course.roster import derive_seed

# Right answers, written as a student would.
RIGHT = {
    "00.q1": 'answer = world.customers["email"].isna().sum()',
    "00.q2": 'answer = (world.customers["signup_date"].dt.year == world.as_of.year).sum()',
    "00.q3": 'answer = world.customers["province"].value_counts()',
    "00.q4": 'answer = world.customers["marketing_consent"].mean()',
    "00.q5": 'answer = (world.orders["channel"] == "online").sum()',
    "00.q6": "c = world.customers\n"
    'answer = c.loc[c["signup_channel"] == "referral", "signup_date"].min()',
}
CITY = 'answer = world.customers["city"].value_counts()'
CELL_TIMEOUT = 10  # seconds; loading a small world in a fresh kernel takes about 2


def answered(path: Path, answers: dict[str, str], extra: dict[str, str] | None = None) -> None:
    """Fill a student's notebook: answers by question, extra cells after a question's cell."""
    nb = nbformat.read(path, as_version=4)
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        match = re.search(r'check\("(\d{2}\.q\d+)"', cell.source)
        if cell.cell_type != "code" or not match:
            continue
        question = match.group(1)
        if question in answers:
            cell.source = re.sub(r"^answer = \.\.\..*$", answers[question], cell.source, flags=re.M)
        if extra and question in extra:
            cells.append(new_code_cell(extra[question]))
    nb.cells = cells
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> tuple[Path, list[Submission], Path]:
    """Made-up submissions, graded once for the tests of this module."""
    base = tmp_path_factory.mktemp("grading")
    roster = base / "roster.csv"
    roster.write_text(
        "student_id,name,locale\n"
        "s01,Full Marks,en_US\ns02,Partial,zh_CN\ns03,Raises,en_US\n"
        "s04,Forever,en_US\ns05,Tampered,en_US\ns06,Not JSON,en_US\n",
        encoding="utf-8",
    )
    folder = base / "submissions"
    paths = {p.stem.rsplit("_", 1)[1]: p for p in assign(roster, "00", folder, class_seed="t")}
    answered(paths["s01"], RIGHT)
    answered(paths["s02"], {"00.q1": RIGHT["00.q1"], "00.q2": RIGHT["00.q2"], "00.q3": CITY})
    answered(paths["s03"], RIGHT, extra={"00.q2": "1 / 0"})
    answered(paths["s04"], RIGHT, extra={"00.q1": "while True:\n    pass"})
    answered(paths["s05"], RIGHT)
    tampered = paths["s05"].read_text(encoding="utf-8")
    paths["s05"].write_text(re.sub(r"seed=\d+", "seed=2026", tampered, count=1), "utf-8")
    paths["s06"].write_text('{"cells": [', encoding="utf-8")
    out = base / "gradebook.csv"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LABKIT_CUSTOMERS", str(SMALL_N))  # the kernels inherit it
        submissions = grade_folder(folder, out, timeout=CELL_TIMEOUT, class_seed="t")
    return out, submissions, base


def cell_number(path: Path, text: str) -> int:
    """The 1-based position of the first cell containing ``text``."""
    cells = nbformat.read(path, as_version=4).cells
    return next(n for n, cell in enumerate(cells, start=1) if text in cell.source)


def read_gradebook(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_gradebook_has_the_expected_points(graded) -> None:
    out, _, _ = graded
    rows = read_gradebook(out)
    questions = [f"00.q{n}" for n in range(1, 7)]
    assert list(rows[0]) == ["student", "name", *questions, "total", "error", "notes"]
    points = {r["student"]: ([r[q] for q in questions], r["total"]) for r in rows}
    tampered = points.pop("s05")
    assert points == {
        "s01": (["1"] * 6, "6"),
        "s02": (["1", "1", "0", "0", "0", "0"], "2"),
        "s03": (["1"] * 6, "6"),
        "s04": (["1", "0", "0", "0", "0", "0"], "1"),
        "s06": (["0"] * 6, "0"),
    }
    # s05 answered on seed 2026, not its own world: the grader judges every answer
    # against the assigned world, so only answers that happen to agree on both count
    # (customers per province and online orders differ between two worlds).
    assert tampered[0][2] == "0" and tampered[0][4] == "0"
    assert int(tampered[1]) < 6


@pytest.mark.slow
def test_gradebook_says_why_a_notebook_failed(graded) -> None:
    out, _, base = graded
    rows = {r["student"]: r for r in read_gradebook(out)}
    assert rows["s01"]["error"] == "" and rows["s01"]["notes"] == ""
    assert rows["s02"]["error"] == ""
    folder = base / "submissions"
    raising = cell_number(folder / "00_start_here_s03.ipynb", "1 / 0")
    endless = cell_number(folder / "00_start_here_s04.ipynb", "while True")
    assert rows["s03"]["error"] == f"cell {raising} raised ZeroDivisionError: division by zero"
    assert rows["s04"]["error"] == (
        f"cell {endless} ran longer than {CELL_TIMEOUT} s; the kernel was stopped"
    )
    assert rows["s06"]["error"].startswith("not a valid notebook (")
    assert rows["s06"]["name"] == "Not JSON"  # from assignment.csv
    assigned = derive_seed("s05", "t")
    assert rows["s05"]["notes"] == f"answers were checked on seed 2026, not the assigned {assigned}"
    assert rows["s02"]["name"] == "Partial"


@pytest.mark.slow
def test_feedback_files_teach(graded) -> None:
    _, submissions, base = graded
    feedback = base / "feedback"
    assert sorted(p.name for p in feedback.iterdir()) == [
        "s01.md",
        "s02.md",
        "s03.md",
        "s04.md",
        "s05.md",
        "s06.md",
    ]
    partial = (feedback / "s02.md").read_text(encoding="utf-8")
    assert "Score: **2 of 6** points." in partial
    assert "customers per city" in partial
    assert (
        "| 00.q4 What share of customers gave marketing consent (3 decimals are enough)? | 0/1 |"
        in partial
    )
    forever = (feedback / "s04.md").read_text(encoding="utf-8")
    assert "did not run cleanly" in forever and "its check cell did not run" in forever
    raises = (feedback / "s03.md").read_text(encoding="utf-8")
    assert "## Cells that raised an error" in raises and "ZeroDivisionError" in raises
    assert len(submissions) == 6


def test_cli_refuses_a_missing_folder(tmp_path, capsys) -> None:
    parser = argparse.ArgumentParser()
    grade_command.add_arguments(parser)
    args = parser.parse_args([str(tmp_path / "nope"), "--out", str(tmp_path / "g.csv")])
    assert grade_command.run(args) == 2
    assert "no folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    args = parser.parse_args([str(tmp_path / "empty"), "--out", str(tmp_path / "g.csv")])
    assert grade_command.run(args) == 2
    assert "no notebooks" in capsys.readouterr().err


def test_a_notebook_claiming_another_seed_is_flagged(tmp_path) -> None:
    nb = nbformat.v4.new_notebook(cells=[new_code_cell("x = 1")])
    nb.metadata["labkit"] = {"student_id": "s1", "seed": 5, "chapter": "00"}
    nbformat.write(nb, tmp_path / "s1.ipynb")
    sub = grade_notebook(tmp_path / "s1.ipynb", timeout=30, class_seed="t")
    assert sub.error == "" and sub.total == 0
    assert sub.notes == [
        f"seed 5 in the notebook is not this student's ({derive_seed('s1', 't')})",
        "no check ran",
    ]
