"""Grading as a hostile student or a hurried instructor would meet it (issue 9).

One section per class of failure: points from the grader, identity from the
assignment, one bad submission, slips that lose nothing, limits, spreadsheet
safety, private questions, rosters. Most tests replace the kernel run with a
fake one that returns forged records, so they are fast; the end-to-end ones with
real kernels are marked slow.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from conftest import SMALL_N
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nbformat.v4 import new_code_cell, new_notebook

from labkit.answers import evaluate
from labkit.answers.answer_codec import AnswerFormatError, UnrecordedAnswer, encode_answer
from labkit.answers.answer_decoding import decode_answer
from labkit.answers.transcript import parse_record, read_transcript
from labkit.commands import grade as grade_command
from labkit.course import grade as grading
from labkit.course.assign import assign
from labkit.course.bundle import bundle_paths, write_bundle
from labkit.course.execution import RunOutcome, run_notebook
from labkit.course.grade import grade_folder, score_records
from labkit.course.notebook_files import CourseFolders
from labkit.course.private_questions import QuestionModuleError, load_questions
from labkit.course.roster import RosterError, derive_seed, read_roster
from labkit.questions import Question, chapter_questions
from labkit.spreadsheets import FORMULA_TRIGGERS

CHAPTER = [q.id for q in chapter_questions("00")]
PRIVATE = """
from labkit.questions import Question
QUESTIONS = [
    Question("00.q7", "How many cities do customers live in?",
             lambda w: w["customers"]["city"].nunique(), "count", points=2.0),
]
"""


def answer_record(question_id: str, answer: object, **claims: object) -> dict:
    """A results line as check() writes it, with whatever the kernel claims on top."""
    record = {"question_id": question_id, "status": "correct", "points": 1.0}
    record.update(claims)
    record["answer"] = encode_answer(answer)
    return record


@pytest.fixture
def fake_runs(monkeypatch, small_world_factory):
    """Grade without kernels: each notebook's records come from its first cell's JSON."""

    def fake_run(notebook, *args, **kwargs) -> RunOutcome:
        records = json.loads(notebook.cells[0].source) if notebook.cells else []
        return RunOutcome(notebook, "", [], records)

    def fake_world(locale=None, seed=None, **_):
        return small_world_factory(seed or 2026, locale or "en_US")

    monkeypatch.setattr(grading, "run_notebook", fake_run)
    monkeypatch.setattr(grading, "load_world", fake_world)
    return small_world_factory


def submissions_folder(base: Path, records_by_student: dict[str, list[dict]]) -> Path:
    """Assigned notebooks whose first cell holds the records a fake run returns."""
    roster = base / "roster.csv"
    lines = ["student_id,name"] + [f"{s},Name {s}" for s in records_by_student]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    folder = base / "submissions"
    for path in assign(roster, "00", folder, class_seed="t"):
        student = path.stem.rsplit("_", 1)[1]
        notebook = nbformat.read(path, as_version=4)
        notebook.cells.insert(0, new_code_cell(json.dumps(records_by_student[student])))
        nbformat.write(notebook, path)
    return folder


def gradebook(path: Path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def cli(*argv: object) -> int:
    parser = argparse.ArgumentParser()
    grade_command.add_arguments(parser)
    return grade_command.run(parser.parse_args([str(a) for a in argv]))


# --------------------------------------------------------------------------- 1. points


def test_forged_points_count_for_nothing(tmp_path, fake_runs) -> None:
    world = fake_runs(derive_seed("s1", "t"), "en_US")
    right = int(world["customers"]["email"].isna().sum())
    forged = [
        {"question_id": "00.q1", "status": "correct", "points": 1000},
        {"question_id": "00.q2", "status": "correct", "points": "Infinity"},
        {"question_id": "00.q99", "status": "correct", "points": 5},
        {"question_id": "00.q3\n", "status": "correct", "points": 1},
        answer_record("00.q4", 0.5, points=1e308),
        answer_record("00.q1", right, points=-3),  # the right answer, whatever it claims
        answer_record("00.q1\n", right),
    ]
    folder = submissions_folder(tmp_path, {"s1": forged})
    subs = grade_folder(folder, tmp_path / "g.csv", class_seed="t")
    assert subs[0].points == {q: (1.0 if q == "00.q1" else 0.0) for q in CHAPTER}
    row = gradebook(tmp_path / "g.csv")["s1"]
    assert list(row)[2:8] == CHAPTER and row["total"] == "1"  # no column for 00.q99
    assert "'00.q99'" in row["notes"] and "'00.q3\\n'" in row["notes"]


def test_the_grader_judges_on_the_assigned_world_not_the_notebooks(tmp_path, fake_runs) -> None:
    other = fake_runs(2026, "en_US")
    share = float(other["customers"]["marketing_consent"].mean())
    records = [answer_record("00.q4", share, world={"seed": 2026})]
    subs = grade_folder(submissions_folder(tmp_path, {"s1": records}), tmp_path / "g.csv")
    assert subs[0].total == 0
    assert any("checked on seed 2026" in note for note in subs[0].notes)


def test_an_answer_too_big_to_record_is_named_in_the_feedback(tmp_path, fake_runs) -> None:
    huge = pd.DataFrame(np.zeros((2000, 100)))
    records = [answer_record("00.q1", huge), answer_record("00.q2", len)]
    assert records[0]["answer"]["type"] == "unrecorded"
    subs = grade_folder(submissions_folder(tmp_path, {"s1": records}), tmp_path / "g.csv")
    assert subs[0].total == 0
    assert "could not be recorded for grading: 00.q1, 00.q2" in "; ".join(subs[0].notes)
    feedback = (tmp_path / "feedback" / "s1.md").read_text(encoding="utf-8")
    assert "could not be recorded for grading (a DataFrame" in feedback


def test_a_pickled_or_forged_answer_is_not_read(fake_runs) -> None:
    question = chapter_questions("00")[0]
    world = fake_runs()
    for payload in (
        {"type": "pickle", "value": "gASVIAAAAAAAAACMBXBvc2l4lIwGc3lzdGVtlJOUjAJpZJSFlFKULg=="},
        {"type": "int", "value": 5000},
        {"type": "int", "value": "9" * 10_000},
        {"type": "list", "items": [{"type": "list", "items": []}] * 3, "extra": object},
        "not a dict",
    ):
        scores = score_records(
            [question], [{"question_id": question.id, "answer": payload}], lambda: world
        )
        assert scores.points == {question.id: 0.0}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "type",
                    "value",
                    "items",
                    "dtype",
                    "name",
                    "index",
                    "shape",
                    "data",
                    "dtypes",
                    "columns",
                    "unit",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)
tags = st.sampled_from(
    [
        "int",
        "float",
        "text",
        "list",
        "set",
        "dict",
        "series",
        "frame",
        "index",
        "multiindex",
        "array",
        "numpy",
        "timestamp",
        "datetime64",
        "categorical",
        "range",
        "bytes",
        "decimal",
        "fraction",
        "pickle",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tag=tags,
    rest=st.dictionaries(
        st.sampled_from(
            [
                "value",
                "items",
                "dtype",
                "index",
                "shape",
                "data",
                "dtypes",
                "columns",
                "name",
                "unit",
                "categories",
            ]
        ),
        json_values,
        max_size=5,
    ),
)
def test_decoding_forged_payloads_raises_only_the_format_error(tag, rest) -> None:
    try:
        decode_answer({"type": tag, **rest})
    except AnswerFormatError:
        pass


scalars = (
    st.integers()
    | st.floats()
    | st.text(max_size=10)
    | st.booleans()
    | st.none()
    | st.dates().map(pd.Timestamp)
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    answer=st.one_of(
        scalars,
        st.lists(scalars, max_size=6),
        st.lists(st.integers(-5, 5), max_size=6).map(pd.Series),
        st.lists(st.floats(allow_nan=True), max_size=6).map(lambda v: pd.DataFrame({"x": v})),
        st.lists(st.text(max_size=4), max_size=5).map(np.array),
    )
)
def test_recorded_answers_get_the_verdict_the_kernel_gave(small_world_factory, answer) -> None:
    world = small_world_factory()
    line = json.dumps(encode_answer(answer), allow_nan=False)
    back = decode_answer(json.loads(line))
    for question in chapter_questions("00"):
        assert evaluate(question, back, world).status == evaluate(question, answer, world).status


@settings(max_examples=300, deadline=None)
@given(line=st.text(max_size=200) | st.binary(max_size=200))
def test_any_results_line_is_a_record_or_nothing(line) -> None:
    record = parse_record(line)
    assert record is None or isinstance(record.get("question_id"), str)


def test_nan_and_infinity_make_a_line_unreadable() -> None:
    assert parse_record('{"question_id": "00.q1", "points": NaN}') is None
    assert parse_record('{"question_id": "00.q1", "points": -Infinity}') is None
    assert parse_record("[" * 100_000 + "]" * 100_000) is None


# --------------------------------------------------------------------------- 2. identity


def test_a_notebook_claiming_another_student_is_credited_to_its_owner(tmp_path, fake_runs) -> None:
    folder = submissions_folder(tmp_path, {"s1": [], "s2": []})
    path = next(folder.glob("*_s1.ipynb"))
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["labkit"].update(student_id="s2", name="Not Me", seed=1, chapter="01")
    nbformat.write(notebook, path)
    subs = {s.path.name: s for s in grade_folder(folder, tmp_path / "g.csv", class_seed="t")}
    claimed = subs[path.name]
    assert (claimed.student, claimed.name, claimed.chapter) == ("s1", "Name s1", "00")
    assert "metadata names student 's2'; assignment.csv gives this file to 's1'" in claimed.notes[0]
    assert any("seed 1 in the notebook is not this student's" in n for n in claimed.notes)
    assert not any("submissions for this student" in n for s in subs.values() for n in s.notes)


def test_a_file_not_in_the_assignment_is_not_run(tmp_path, fake_runs) -> None:
    folder = submissions_folder(tmp_path, {"s1": []})
    stranger = next(folder.glob("*_s1.ipynb")).read_text(encoding="utf-8")
    (folder / "00_start_here_s1 (1).ipynb").write_text(stranger, encoding="utf-8")
    rows = gradebook(grade_folder(folder, tmp_path / "g.csv") and tmp_path / "g.csv")
    assert "not in assignment.csv" in rows["00_start_here_s1 (1)"]["error"]


# --------------------------------------------------------------------------- 3. batch


def test_one_malformed_submission_never_stops_the_batch(tmp_path, fake_runs, monkeypatch) -> None:
    folder = submissions_folder(
        tmp_path,
        {
            "s1": [{"question_id": "00.q1", "points": "abc", "answer": {"type": "int"}}],
            "s2": [answer_record("00.q2", 13)],
            "s3": [],
        },
    )
    real = grading.score_records

    def explode_for_s3(questions, records, world_source):
        if not records:
            raise MemoryError("boom")
        return real(questions, records, world_source)

    monkeypatch.setattr(grading, "score_records", explode_for_s3)
    rows = gradebook(grade_folder(folder, tmp_path / "g.csv") and tmp_path / "g.csv")
    assert set(rows) == {"s1", "s2", "s3"}
    assert rows["s1"]["total"] == "0" and rows["s1"]["error"] == ""
    assert rows["s3"]["error"] == "grading failed (MemoryError: boom)"


# --------------------------------------------------------------------------- 4. slips


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--out", "{base}"], "is a folder"),
        (["--out", "{base}/missing/g.csv"], "does not exist"),
        (["--kernel", "no-such-kernel"], "no Jupyter kernel named 'no-such-kernel'"),
        (["--timeout", "0"], "--timeout must be a positive number"),
        (["--timeout", "-5"], "--timeout must be a positive number"),
        (["--timeout", "nan"], "--timeout must be a positive number"),
        (["--notebook-timeout", "inf"], "--notebook-timeout must be a positive number"),
        (["--max-output", "0"], "--max-output must be a positive number"),
        (["--chapter", "x"], "chapter must be a number"),
        (["--chapter", "99"], "chapter 99 has no questions"),
        (["--class-seed", "wrong"], "were not made with this --class-seed"),
        (["--questions", "{base}/nope.py"], "file not found"),
        (["--feedback", "{base}/missing/feedback"], "does not exist"),
    ],
)
def test_slips_stop_before_anything_runs_and_keep_the_gradebook(
    tmp_path, capsys, monkeypatch, extra, message
) -> None:
    def must_not_run(*args, **kwargs):
        raise AssertionError("a notebook ran")

    monkeypatch.setattr(grading, "run_notebook", must_not_run)
    folder = submissions_folder(tmp_path, {"s1": []})
    out = tmp_path / "g.csv"
    out.write_text("student,total\ns0,6\n", encoding="utf-8")
    argv = [folder, "--out", out, "--class-seed", "t"]
    argv += [part.format(base=tmp_path) for part in extra]
    assert cli(*argv) == 2
    assert message in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "student,total\ns0,6\n"


def test_an_empty_folder_keeps_the_gradebook(tmp_path, capsys) -> None:
    (tmp_path / "empty").mkdir()
    out = tmp_path / "g.csv"
    out.write_text("kept\n", encoding="utf-8")
    assert cli(tmp_path / "empty", "--out", out) == 2
    assert "no notebooks" in capsys.readouterr().err and out.read_text() == "kept\n"


def test_a_broken_assignment_file_is_refused(tmp_path, capsys) -> None:
    folder = submissions_folder(tmp_path, {"s1": []})
    manifest = folder / "assignment.csv"
    text = manifest.read_text(encoding="utf-8-sig")
    manifest.write_text(re.sub(r",\d+,", ",abc,", text), encoding="utf-8")
    assert cli(folder, "--out", tmp_path / "g.csv") == 2
    assert "seed 'abc' is not a whole number" in capsys.readouterr().err


def test_the_gradebook_is_replaced_in_one_step(tmp_path, fake_runs, monkeypatch) -> None:
    folder = submissions_folder(tmp_path, {"s1": []})
    out = tmp_path / "g.csv"
    out.write_text("old\n", encoding="utf-8")

    def failing_writer(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(csv, "writer", failing_writer)
    with pytest.raises(OSError, match="disk full"):
        grade_folder(folder, out)
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []


# --------------------------------------------------------------------------- 5. bounded


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_results_file_does_not_hang_the_grader(tmp_path) -> None:
    fifo = tmp_path / "results.jsonl"
    os.mkfifo(fifo)
    started = time.monotonic()
    transcript = read_transcript(fifo)
    assert transcript.records == [] and time.monotonic() - started < 5
    assert transcript.notes() == ["the results file is not a regular file; it was ignored"]


def test_a_huge_results_file_is_read_only_so_far(tmp_path) -> None:
    results = tmp_path / "results.jsonl"
    line = json.dumps(answer_record("00.q1", 1)) + "\n"
    results.write_text(line * 1000 + "x" * 5000 + "\n" + line, encoding="utf-8")
    transcript = read_transcript(results, max_bytes=len(line) * 10)
    assert len(transcript.records) == 10 and transcript.cut
    transcript = read_transcript(results)
    assert len(transcript.records) == 1001 and transcript.unreadable == 1


DAEMON = r"""
import glob, os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        with open(os.environ["HOSTILE_PIDS"], "a") as sink:
            sink.write(f"{os.getpid()}\n")
        end = time.time() + 120
        while time.time() < end:
            pattern = os.path.join(os.environ["HOSTILE_TMP"], "labkit-grade-*", "**", "*.jsonl")
            for path in glob.glob(pattern, recursive=True):
                try:
                    with open(path, "a") as results:
                        results.write('{"question_id": "00.q5", "points": 9}\n')
                except OSError:
                    pass
            time.sleep(0.1)
        os._exit(0)
    os._exit(0)
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="the process sweep needs /proc (Linux)")
def test_processes_a_submission_started_end_with_it(tmp_path, monkeypatch) -> None:
    pids = tmp_path / "pids.txt"
    monkeypatch.setenv("HOSTILE_PIDS", str(pids))
    # Every run's folder goes under a temporary folder of this test only, and the
    # daemon attacks only that one: never another test's or program's grading runs.
    runs = tmp_path / "runs"
    runs.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(runs))
    monkeypatch.setenv("HOSTILE_TMP", str(runs))
    monkeypatch.setenv("LABKIT_CUSTOMERS", str(SMALL_N))
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\ns1\ns2\n", encoding="utf-8")
    folder = tmp_path / "submissions"
    first, second = assign(roster, "00", folder, class_seed="t")
    notebook = nbformat.read(first, as_version=4)
    notebook.cells.insert(0, new_code_cell(DAEMON))
    notebook.cells.append(new_code_cell("import time\ntime.sleep(1)"))
    nbformat.write(notebook, first)
    subs = {s.student: s for s in grade_folder(folder, tmp_path / "g.csv", timeout=60)}
    daemon = int(pids.read_text().split()[0])
    with pytest.raises(ProcessLookupError):
        os.kill(daemon, 0)
    assert any("were still running after it and were ended" in n for n in subs["s1"].notes)
    # The daemon wrote into s1's own results while s1 ran, never into s2's.
    assert subs["s1"].results["00.q5"]["status"] == "error"
    assert subs["s2"].results["00.q5"]["status"] == "unanswered"
    assert subs["s1"].total == 0 and subs["s2"].total == 0


@pytest.mark.slow
def test_time_and_output_limits_stop_the_kernel(tmp_path) -> None:
    sleepy = new_notebook(cells=[new_code_cell("import time\ntime.sleep(2)") for _ in range(6)])
    outcome = run_notebook(sleepy, timeout=30, notebook_timeout=5)
    assert re.fullmatch(
        r"the notebook ran longer than 5 s in all \(stopped in cell [34]\); "
        r"the kernel was stopped",
        outcome.error,
    )
    loud = new_notebook(cells=[new_code_cell("while True:\n    print('x' * 10_000)")])
    started = time.monotonic()
    outcome = run_notebook(loud, timeout=60, max_output=1_000_000)
    assert outcome.error == (
        "cell 1 produced more than 1,000,000 characters of output; the kernel was stopped"
    )
    assert time.monotonic() - started < 30
    printed = sum(len(o.get("text", "")) for c in outcome.notebook.cells for o in c.outputs)
    assert printed <= 1_000_000


# --------------------------------------------------------------------------- 6. spreadsheets


def test_the_gradebook_is_spreadsheet_safe_and_points_stay_numbers(tmp_path, fake_runs) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        'student_id,name\ns1,"=HYPERLINK(""http://x"",""y"")"\ns2,@SUM(A1)\n'
        "s3,-2+3+cmd|' /C calc'!A0\n",
        encoding="utf-8",
    )
    folder = tmp_path / "submissions"
    for path in assign(roster, "00", folder, class_seed="t"):
        notebook = nbformat.read(path, as_version=4)
        notebook.cells.insert(0, new_code_cell("[]"))
        nbformat.write(notebook, path)
    grade_folder(folder, tmp_path / "g.csv")
    with open(tmp_path / "g.csv", encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in cells)
    rows = gradebook(tmp_path / "g.csv")
    assert rows["s1"]["name"] == '\'=HYPERLINK("http://x","y")'
    assert all(math.isfinite(float(rows["s2"][q])) for q in [*CHAPTER, "total"])
    with open(folder / "assignment.csv", encoding="utf-8-sig", newline="") as handle:
        assert not any(c.startswith(FORMULA_TRIGGERS) for row in csv.reader(handle) for c in row)


# --------------------------------------------------------------------------- 7. private questions


def test_private_questions_are_graded_only_when_given(tmp_path, fake_runs) -> None:
    private = tmp_path / "private_ch00.py"
    private.write_text(PRIVATE, encoding="utf-8")
    world = fake_runs(derive_seed("s1", "t"), "en_US")
    cities = int(world["customers"]["city"].nunique())
    records = [answer_record("00.q7", cities, points=50)]
    folder = submissions_folder(tmp_path, {"s1": records})
    without = grade_folder(folder, tmp_path / "a.csv")[0]
    assert without.total == 0 and "00.q7" not in without.points
    graded = grade_folder(folder, tmp_path / "b.csv", questions=[private])[0]
    assert graded.points["00.q7"] == 2.0 and graded.total == 2.0
    assert "00.q7" in gradebook(tmp_path / "b.csv")["s1"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("QUESTIONS = []", "needs a non-empty list QUESTIONS"),
        ("raise RuntimeError('oops')", "it raised RuntimeError: oops"),
        ("from labkit.questions import get\nQUESTIONS = [get('00.q1')]", "is a shipped question"),
        ("QUESTIONS = ['00.q7']", "QUESTIONS holds str"),
        (PRIVATE.replace("points=2.0", "points=float('inf')"), "has points inf"),
    ],
)
def test_bad_private_question_modules_are_refused(tmp_path, text, message) -> None:
    path = tmp_path / "private.py"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuestionModuleError, match=re.escape(message)):
        load_questions([path])


def test_assign_asks_private_questions_without_their_answers(tmp_path) -> None:
    private = tmp_path / "private_ch00.py"
    private.write_text(PRIVATE, encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\ns1\n", encoding="utf-8")
    [path] = assign(roster, "00", tmp_path / "out", questions=load_questions([private]))
    sources = [cell.source for cell in nbformat.read(path, as_version=4).cells]
    assert 'answer = ...  # one whole number\nsubmit("00.q7", answer)' in sources
    assert not any("nunique" in source for source in sources)


def test_the_students_bundle_has_no_answers(tmp_path) -> None:
    root = CourseFolders.find().root
    paths = {p.as_posix() for p in bundle_paths(root)}
    assert not any(
        p.startswith(("solutions/", "sources/solutions/", "tests/", ".git")) for p in paths
    )
    assert {"run.py", "pyproject.toml", "exercises/00_start_here_exercises.ipynb"} <= paths
    assert any(p.startswith("datasets/") for p in paths)


@pytest.mark.slow
def test_the_bundle_zip_is_written(tmp_path) -> None:
    bundle = write_bundle(CourseFolders.find().root, tmp_path / "kit.zip")
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
    assert "labkit-course/labkit/answers/session.py" in names
    assert not any("/solutions/" in name for name in names)


# --------------------------------------------------------------------------- 8. rosters

SEPARATORS = ["\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\x00", "\r"]


@pytest.mark.parametrize("separator", SEPARATORS, ids=lambda s: f"U+{ord(s):04X}")
@pytest.mark.parametrize("column", ["student_id", "name"])
def test_line_separators_in_a_roster_cell_never_make_students(tmp_path, separator, column) -> None:
    cell = f"s1{separator}s9" if column == "student_id" else f"Ada{separator}s9"
    text = (
        f'student_id,name\n"{cell}",Ada\ns2,Bo\n'
        if column == "student_id"
        else (f'student_id,name\ns1,"{cell}"\ns2,Bo\n')
    )
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(RosterError, match=rf"row 2: .*U\+{ord(separator):04X}"):
        read_roster(path)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ids=st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=6))
def test_a_roster_has_as_many_students_as_rows_or_an_error(tmp_path, ids) -> None:
    path = tmp_path / "roster.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student_id"])
        writer.writerows([i] for i in ids)
    try:
        students = read_roster(path)
    except RosterError:
        return
    assert [s.student_id for s in students] == [i.strip() for i in ids if i.strip()]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("student_id\ns1\nS1\n", "row 3: student_id 'S1' repeats row 2 ('s1', apart from case"),
        ("student_id\nｓ1\ns1\n", "row 3: student_id 's1' repeats row 2"),
        ("student_id\n \n", "no students"),
        ("student_id,locale\ns1,EN_us\n", "locale 'EN_us' is not one of"),
        ("student_id,name\ns1,Li,Wei\n", "row 2: 3 cells but 2 columns"),
    ],
)
def test_roster_problems_are_named(tmp_path, text, message) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RosterError, match=re.escape(message)):
        read_roster(path)


def test_unrecorded_answers_read_back_as_such() -> None:
    assert decode_answer(encode_answer(object())) == UnrecordedAnswer(
        "a bare object() cannot be recorded"
    )
    assert isinstance(decode_answer(encode_answer(list(range(200_000)))), UnrecordedAnswer)
    assert Question  # the registry's format is what private modules use


@pytest.mark.slow
def test_private_questions_end_to_end(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LABKIT_CUSTOMERS", str(SMALL_N))
    private = tmp_path / "private_ch00.py"
    private.write_text(PRIVATE, encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\ns1\n", encoding="utf-8")
    folder = tmp_path / "submissions"
    [path] = assign(roster, "00", folder, class_seed="t", questions=load_questions([private]))
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if 'submit("00.q7"' in cell.source:
            cell.source = cell.source.replace(
                "answer = ...", 'answer = world.customers["city"].nunique()'
            )
    nbformat.write(notebook, path)
    [sub] = grade_folder(folder, tmp_path / "g.csv", questions=[private], class_seed="t")
    assert sub.error == "" and sub.points["00.q7"] == 2.0 and sub.total == 2.0
