"""Per-student notebooks: seeds, rosters and the notebooks written."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from labkit.commands import assign as assign_command
from labkit.course.assign import assign, assign_notebook
from labkit.course.notebook_files import CourseFolders
from labkit.course.roster import RosterError, Student, derive_seed, read_roster


def exercises_for_chapter(chapter: str | int) -> Path:
    return CourseFolders.find().exercises_notebook(chapter)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    assign_command.add_arguments(parser)
    return assign_command.run(parser.parse_args(list(argv)))


# --------------------------------------------------------------------------- seeds


def test_seeds_are_pinned_across_machines_and_versions() -> None:
    # sha256-based: these values must never change, or students' worlds would.
    assert derive_seed("s001") == 3152922641
    assert derive_seed(" s001 ") == 3152922641
    assert derive_seed("s001", class_seed="spring-2026") != 3152922641


def test_seeds_differ_between_students_and_classes() -> None:
    ids = [f"2025{n:04d}" for n in range(2000)]
    assert len({derive_seed(i) for i in ids}) == len(ids)
    assert all(0 <= derive_seed(i, "x") < 2**32 for i in ids[:50])
    assert {derive_seed(i, "a") for i in ids[:50]}.isdisjoint(
        {derive_seed(i, "b") for i in ids[:50]}
    )


# --------------------------------------------------------------------------- rosters


def test_roster_with_bom_names_and_locales(tmp_path) -> None:
    roster = write(
        tmp_path / "r.csv",
        "\ufeff Student_ID ,Name,locale\ns1,Ada,\ns2,王芳,zh_CN\n,,\n",
    )
    assert read_roster(roster) == [Student("s1", "Ada", "en_US"), Student("s2", "王芳", "zh_CN")]
    assert read_roster(roster, default_locale="zh_CN")[0].locale == "zh_CN"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,name\n1,Ada\n", "needs a 'student_id' column; found 'id', 'name'"),
        ("", "needs a 'student_id' column; found no header at all"),
        ("student_id\n", "no students"),
        ("student_id,name\n,Ada\n", "row 2: student_id is empty"),
        ("student_id\ns1\ns2\ns1\n", "row 4: student_id 's1' repeats row 2"),
        ("student_id,locale\ns1,fr_FR\n", "row 2: locale 'fr_FR' is not one of en_US, zh_CN"),
        ("student_id\na/b\na_b\n", "give the same file name"),
    ],
)
def test_bad_rosters_are_explained(tmp_path, text: str, message: str) -> None:
    with pytest.raises(RosterError, match=message):
        read_roster(write(tmp_path / "r.csv", text))


def test_every_roster_problem_is_listed_at_once(tmp_path) -> None:
    roster = write(tmp_path / "r.csv", "student_id,locale\n,zh_CN\ns1,xx\ns2,\ns2,\n")
    with pytest.raises(RosterError) as error:
        read_roster(roster)
    assert "row 2" in str(error.value) and "row 3" in str(error.value)
    assert "row 5" in str(error.value)


def test_unreadable_rosters(tmp_path) -> None:
    with pytest.raises(RosterError, match="file not found"):
        read_roster(tmp_path / "missing.csv")
    (tmp_path / "bin.csv").write_bytes(b"student_id\n\xff\xfe\x00")
    with pytest.raises(RosterError, match="not UTF-8"):
        read_roster(tmp_path / "bin.csv")


# --------------------------------------------------------------------------- notebooks


def test_assign_writes_one_notebook_per_student(tmp_path) -> None:
    roster = write(tmp_path / "r.csv", "student_id,name,locale\ns1,Ada,en_US\ns 2,王芳,zh_CN\n")
    paths = assign(roster, "0", tmp_path / "out", class_seed="c1")
    assert [p.name for p in paths] == ["00_start_here_s1.ipynb", "00_start_here_s_2.ipynb"]
    source = nbformat.read(exercises_for_chapter("00"), as_version=4)
    for path, (student, locale) in zip(paths, [("s1", "en_US"), ("s 2", "zh_CN")], strict=True):
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        seed = derive_seed(student, "c1")
        meta = nb.metadata["labkit"]
        assert (meta["student_id"], meta["seed"], meta["locale"]) == (student, seed, locale)
        assert meta["chapter"] == "00" and meta["notebook"] == "assignment"
        first_code = next(c for c in nb.cells if c.cell_type == "code")
        assert f'world = load_world(seed={seed}, locale="{locale}")' in first_code.source
        assert str(seed) in nb.cells[1].source and nb.cells[1].cell_type == "markdown"
        others = [c.source for c in nb.cells if c.id not in ("assignment-note", first_code.id)]
        assert others == [c.source for c in source.cells if c.id != first_code.id]
    with open(tmp_path / "out" / "assignment.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["student_id"], r["seed"]) for r in rows] == [
        ("s1", str(derive_seed("s1", "c1"))),
        ("s 2", str(derive_seed("s 2", "c1"))),
    ]


def test_a_notebook_without_load_world_gets_a_first_cell() -> None:
    nb = new_notebook(cells=[new_markdown_cell("# Title"), new_code_cell("x = 1")])
    out = assign_notebook(nb, Student("s9", locale="zh_CN"), 42, "00")
    assert out.cells[0].source == "# Title"
    assert "Assignment for s9." in out.cells[1].source
    assert 'world = load_world(seed=42, locale="zh_CN")' in out.cells[2].source
    assert out.cells[3].source == "x = 1"
    assert nb.cells[1].source == "x = 1" and len(nb.cells) == 2  # the input is not changed


def test_cli_reports_bad_input(tmp_path, capsys) -> None:
    roster = write(tmp_path / "r.csv", "name\nAda\n")
    assert cli("--roster", str(roster), "--chapter", "00", "--out", str(tmp_path / "o")) == 2
    assert "needs a 'student_id' column" in capsys.readouterr().err
    roster = write(tmp_path / "r.csv", "student_id\ns1\n")
    assert cli("--roster", str(roster), "--chapter", "97", "--out", str(tmp_path / "o")) == 2
    assert "no exercises notebook for chapter 97" in capsys.readouterr().err
    assert cli("--roster", str(roster), "--chapter", "x", "--out", str(tmp_path / "o")) == 2
    assert cli("--roster", str(roster), "--chapter", "0", "--out", str(tmp_path / "o")) == 0
    assert "wrote 1 notebook(s)" in capsys.readouterr().out


def test_exercises_for_chapter_uses_the_repository() -> None:
    assert exercises_for_chapter(0) == ROOT / "exercises" / "00_start_here_exercises.ipynb"
