"""Grade submitted exercises notebooks, headless, one row per submission.

``labkit grade DIR --out gradebook.csv`` runs every ``*.ipynb`` under ``DIR``
with nbclient, each in a fresh kernel whose working folder is a temporary copy,
with a time limit per cell (the kernel is killed when a cell overruns). Every
``check(...)`` in the notebook appends its verdict to a results file named by
the ``LABKIT_RESULTS`` environment variable (see :mod:`labkit.answers`), so the
points of the questions answered before a crash or a timeout still count.

It writes the gradebook CSV (``student``, ``name``, one column per question with
its points, ``total``, ``error`` and ``notes``) and a markdown feedback file per
student. A notebook that raises, never finishes, or is not valid JSON gets its
row with the reason, and the batch goes on.

.. warning::
   Grading *runs the students' code* with your permissions. It is not a sandbox:
   a notebook can read or delete your files or use the network. Grade in a
   throw-away account, container or virtual machine when that matters. Grading
   itself needs no network.

Examples
--------
>>> from labkit.course.grade import grade_folder              # doctest: +SKIP
>>> grade_folder("submissions", "gradebook.csv")       # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

import labkit
from labkit import questions as registry
from labkit.answers import RESULTS_ENV
from labkit.course.assign import derive_seed

__all__ = [
    "RunOutcome",
    "Submission",
    "add_arguments",
    "grade_folder",
    "grade_notebook",
    "run",
    "run_notebook",
    "write_feedback",
    "write_gradebook",
]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_STATUS_WORDS = {
    "correct": "✅ correct",
    "incorrect": "❌ not quite",
    "unanswered": "⏳ not answered",
    "error": "⚠️ could not be checked",
}


@dataclass
class RunOutcome:
    """What happened when a notebook was run.

    Attributes
    ----------
    notebook : NotebookNode
        The notebook with the outputs it produced (as far as it got).
    error : str
        Empty, or why the run stopped early (timeout, dead kernel, ...).
    cell_errors : list of str
        ``"cell N: Name: message"`` for each cell that raised (the run goes on).
    records : list of dict
        The check results, in order (see ``labkit.answers.Result.to_record``).
    """

    notebook: nbformat.NotebookNode
    error: str = ""
    cell_errors: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Submission:
    """One graded notebook.

    Attributes
    ----------
    path : Path
        The submitted file.
    student, name : str
        From the notebook's ``metadata.labkit`` (written by ``labkit assign``), else
        the file name.
    chapter : str
        Two-digit chapter, or empty when unknown.
    points : dict
        Question id to points earned.
    results : dict
        Question id to its last check record.
    error : str
        Empty, or why the notebook could not be run to the end.
    notes : list of str
        Things the instructor should know (e.g. a world that is not the assigned one).
    cell_errors : list of str
        Cells that raised.
    """

    path: Path
    student: str
    name: str = ""
    chapter: str = ""
    points: dict[str, float] = field(default_factory=dict)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    error: str = ""
    notes: list[str] = field(default_factory=list)
    cell_errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        """Points earned in all."""
        return sum(self.points.values())


def run_notebook(
    notebook: nbformat.NotebookNode,
    timeout: float = 120,
    kernel_name: str = "python3",
    env: dict[str, str] | None = None,
    working_folder: Path | None = None,
) -> RunOutcome:
    """Run a notebook in a fresh kernel, in a temporary working folder.

    Parameters
    ----------
    notebook : NotebookNode
        Not changed; a copy without outputs is run.
    timeout : float
        Seconds each cell may run; on overrun the kernel is killed.
    kernel_name : str
        The Jupyter kernel to use.
    env : dict, optional
        Extra environment variables for the kernel (on top of this process's).
    working_folder : Path, optional
        Run there instead of in the temporary folder (the course's own notebooks
        run in their folder, where ``../datasets`` is the kit's data).

    Returns
    -------
    RunOutcome
        Never raises for problems of the notebook itself.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    work = copy.deepcopy(notebook)
    for cell in work.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    position = {"cell": 0}

    def started(cell: Any, cell_index: int, **_: Any) -> None:
        position["cell"] = cell_index + 1

    with tempfile.TemporaryDirectory(prefix="labkit-grade-") as folder:
        results = Path(folder) / "labkit-results.jsonl"
        (Path(folder) / "submission.ipynb").write_text(nbformat.writes(work), encoding="utf-8")
        client = NotebookClient(
            work,
            timeout=max(1, round(timeout)),
            startup_timeout=120,
            kernel_name=kernel_name,
            allow_errors=True,
            interrupt_on_timeout=False,
            shutdown_kernel="immediate",
            record_timing=False,
            on_cell_execute=started,
            resources={"metadata": {"path": str(working_folder or folder)}},
        )
        kernel_env = {**os.environ, **(env or {}), RESULTS_ENV: str(results)}
        # The kernel imports the same labkit as this process, installed or not.
        here = str(Path(labkit.__file__).resolve().parents[1])
        kernel_env["PYTHONPATH"] = os.pathsep.join(
            p for p in (here, kernel_env.get("PYTHONPATH", "")) if p
        )
        error = ""
        try:
            # The kernel's own console chatter (not the notebook's output) stays quiet.
            client.execute(env=kernel_env, stderr=subprocess.DEVNULL)
        except CellTimeoutError:
            error = f"cell {position['cell']} ran longer than {timeout:g} s; the kernel was stopped"
        except DeadKernelError:
            error = f"the kernel died while running cell {position['cell']}"
        except Exception as problem:  # one bad notebook must not stop a batch
            error = f"could not run the notebook ({type(problem).__name__}: {_one_line(problem)})"
        records = _read_records(results)
    return RunOutcome(work, error, _cell_errors(work), records)


def grade_notebook(
    path: str | Path,
    timeout: float = 120,
    kernel_name: str = "python3",
    chapter: str | None = None,
    class_seed: str | None = None,
    assigned_to: tuple[str, str] | None = None,
) -> Submission:
    """Run one submission and give points per question.

    Parameters
    ----------
    path : str or Path
        The submitted notebook.
    timeout : float
        Seconds each cell may run.
    kernel_name : str
        The Jupyter kernel to use.
    chapter : str, optional
        The chapter being graded; default from the notebook's metadata or file name.
    class_seed : str, optional
        The salt given to ``labkit assign``; when given, the notebook's seed is
        compared with the one derived for the student.
    assigned_to : (str, str), optional
        ``(student_id, name)`` the file was assigned to (from ``assignment.csv``);
        used when the notebook does not say (e.g. it is not valid JSON).

    Returns
    -------
    Submission
        Never raises for problems of the notebook itself.
    """
    path = Path(path)
    student, name = assigned_to or (path.stem, "")
    sub = Submission(path, student=student, name=name)
    try:
        notebook = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    except Exception as problem:  # not JSON, not a notebook, not UTF-8 ...
        sub.chapter = _chapter_of(path, {}, chapter)
        sub.error = f"not a valid notebook ({type(problem).__name__}: {_one_line(problem)})"
        return sub
    meta = dict(notebook.metadata.get("labkit", {}) or {})
    sub.student = str(meta.get("student_id") or student)
    sub.name = str(meta.get("name") or name)
    sub.chapter = _chapter_of(path, meta, chapter)
    outcome = run_notebook(notebook, timeout, kernel_name)
    sub.error = outcome.error or (outcome.cell_errors[0] if outcome.cell_errors else "")
    sub.cell_errors = outcome.cell_errors
    for record in outcome.records:
        question_id = str(record.get("question_id", ""))
        if registry.ID_PATTERN.match(question_id):
            sub.results[question_id] = record
    for question_id, record in sub.results.items():
        sub.points[question_id] = float(record.get("points") or 0.0)
    sub.notes = _world_notes(sub, meta, outcome.records, class_seed)
    return sub


def grade_folder(
    folder: str | Path,
    out: str | Path,
    feedback: str | Path | None = None,
    timeout: float = 120,
    kernel_name: str = "python3",
    chapter: str | None = None,
    class_seed: str | None = None,
    progress: bool = False,
) -> list[Submission]:
    """Grade every notebook under a folder; write the gradebook and feedback files.

    Parameters
    ----------
    folder : str or Path
        Holds the submissions (``*.ipynb``, searched recursively; checkpoints skipped)
        and, if you copy it there, the ``assignment.csv`` written by ``labkit assign``,
        which names the student of a notebook that cannot be read.
    out : str or Path
        The gradebook CSV to write (UTF-8 with BOM, so Excel reads names correctly).
    feedback : str or Path, optional
        Folder for one ``<student>.md`` per submission; default ``feedback/`` beside
        the gradebook.
    timeout : float
        Seconds each cell may run.
    kernel_name : str
        The Jupyter kernel to use.
    chapter : str, optional
        The chapter being graded; default from each notebook.
    class_seed : str, optional
        The class salt given to ``labkit assign``, to verify each student's seed.
    progress : bool
        Print one line per notebook as it is graded.

    Returns
    -------
    list of Submission
        Sorted by student.

    Raises
    ------
    FileNotFoundError
        If ``folder`` does not exist.
    """
    if chapter is not None:
        try:
            chapter = f"{int(chapter):02d}"
        except ValueError:
            raise ValueError(f"chapter must be a number such as 00, got {chapter!r}") from None
    base = Path(folder)
    if not base.is_dir():
        raise FileNotFoundError(f"no folder {base.as_posix()}")
    paths = sorted(
        p for p in base.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.relative_to(base).parts
    )
    manifest = _read_manifest(base / "assignment.csv")
    submissions = []
    for path in paths:
        assigned_to = manifest.get(path.name)
        sub = grade_notebook(path, timeout, kernel_name, chapter, class_seed, assigned_to)
        submissions.append(sub)
        if progress:
            status = f" ({sub.error})" if sub.error else ""
            where = path.relative_to(base).as_posix()
            print(f"{where}: {sub.student}, {_fmt(sub.total)} points{status}")
    submissions.sort(key=lambda s: (s.student, s.path.name))
    seen: dict[str, int] = {}
    for sub in submissions:
        seen[sub.student] = seen.get(sub.student, 0) + 1
    for sub in submissions:
        if seen[sub.student] > 1:
            sub.notes.append(f"{seen[sub.student]} submissions for this student")
    questions = _questions_for(submissions)
    write_gradebook(submissions, questions, out)
    write_feedback(submissions, questions, feedback or Path(out).parent / "feedback")
    return submissions


def write_gradebook(submissions: list[Submission], questions: list[str], path: str | Path) -> Path:
    """Write the gradebook CSV.

    Parameters
    ----------
    submissions : list of Submission
    questions : list of str
        Question ids, one column each.
    path : str or Path

    Returns
    -------
    Path
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "name", *questions, "total", "error", "notes"])
        for sub in submissions:
            points = [_fmt(sub.points.get(q, 0.0)) for q in questions]
            writer.writerow(
                [sub.student, sub.name, *points, _fmt(sub.total), sub.error, "; ".join(sub.notes)]
            )
    return target


def write_feedback(
    submissions: list[Submission], questions: list[str], folder: str | Path
) -> list[Path]:
    """Write one markdown feedback file per submission.

    Parameters
    ----------
    submissions : list of Submission
    questions : list of str
        Question ids, in gradebook order.
    folder : str or Path

    Returns
    -------
    list of Path
        ``<student>.md`` (``<student>-2.md`` ... for a repeated student).
    """
    base = Path(folder)
    base.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for sub in submissions:
        stem = re.sub(r"[^\w.-]+", "_", sub.student).strip("._") or "student"
        name, count = stem, 1
        while name.lower() in used:
            count += 1
            name = f"{stem}-{count}"
        used.add(name.lower())
        target = base / f"{name}.md"
        target.write_text(_feedback_text(sub, questions), encoding="utf-8")
        written.append(target)
    return written


# --------------------------------------------------------------------------- helpers


def _feedback_text(sub: Submission, questions: list[str]) -> str:
    who = f"{sub.name} ({sub.student})" if sub.name else sub.student
    possible = sum(_max_points(q) for q in questions)
    lines = [
        f"# Feedback for {who}",
        "",
        f"Notebook: `{sub.path.name}`. Score: **{_fmt(sub.total)} of {_fmt(possible)}** points.",
        "",
    ]
    if sub.error:
        lines += [f"> **Your notebook did not run cleanly:** {sub.error}", ""]
    lines += ["| Question | Points | Result |", "|---|---|---|"]
    for question_id in questions:
        record = sub.results.get(question_id)
        prompt = _prompt(question_id)
        label = f"{question_id} {prompt}".strip()
        if record is None:
            verdict = "not checked: its check cell did not run"
        else:
            verdict = _STATUS_WORDS.get(str(record.get("status")), str(record.get("status")))
            if record.get("hint") and record.get("status") != "unanswered":
                verdict += f": {record['hint']}"
        points = f"{_fmt(sub.points.get(question_id, 0.0))}/{_fmt(_max_points(question_id))}"
        lines.append(f"| {_cell(label)} | {points} | {_cell(verdict)} |")
    if sub.cell_errors:
        lines += ["", "## Cells that raised an error", ""]
        lines += [f"- {_cell(text)}" for text in sub.cell_errors]
    if sub.notes:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in sub.notes]
    return "\n".join(lines) + "\n"


def _questions_for(submissions: list[Submission]) -> list[str]:
    chapters = sorted({s.chapter for s in submissions if s.chapter})
    ids = [q.id for c in chapters for q in registry.chapter_questions(c)]
    extra = sorted({q for s in submissions for q in s.results if q not in ids}, key=_id_key)
    return ids + extra


def _chapter_of(path: Path, meta: dict[str, Any], chapter: str | None) -> str:
    if chapter:
        return f"{int(chapter):02d}"
    if re.fullmatch(r"\d{2}", str(meta.get("chapter", ""))):
        return str(meta["chapter"])
    match = re.match(r"(\d{2})_", path.name)
    return match.group(1) if match else ""


def _world_notes(
    sub: Submission, meta: dict[str, Any], records: list[dict[str, Any]], class_seed: str | None
) -> list[str]:
    notes = []
    assigned = meta.get("seed")
    if class_seed is not None:
        derived = derive_seed(sub.student, class_seed)
        if assigned is None:
            notes.append("the notebook records no assigned seed")
        elif assigned != derived:
            notes.append(f"seed {assigned} in the notebook is not this student's ({derived})")
    used = {r.get("world", {}).get("seed") for r in records if r.get("world")} - {None}
    if assigned is not None and used and used != {assigned}:
        shown = ", ".join(str(s) for s in sorted(used))
        notes.append(f"answers were checked on seed {shown}, not the assigned {assigned}")
    if not records and not sub.error:
        notes.append("no check ran")
    return notes


def _read_manifest(path: Path) -> dict[str, tuple[str, str]]:
    """Notebook file name -> (student_id, name), from ``labkit assign``'s manifest."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
    return {
        r["notebook"]: (r["student_id"], r.get("name") or "")
        for r in rows
        if r.get("notebook") and r.get("student_id")
    }


def _read_records(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a line cut short by a killed kernel
        if isinstance(record, dict):
            records.append(record)
    return records


def _cell_errors(notebook: nbformat.NotebookNode) -> list[str]:
    found = []
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.get("output_type") == "error":
                detail = _ANSI.sub("", str(output.get("evalue", "")))
                found.append(f"cell {number} raised {output.get('ename', 'an error')}: {detail}")
    return [_one_line(text) for text in found]


def _prompt(question_id: str) -> str:
    try:
        return registry.get(question_id).prompt
    except KeyError:
        return ""


def _max_points(question_id: str) -> float:
    try:
        return registry.get(question_id).points
    except KeyError:
        return 1.0


def _id_key(question_id: str) -> tuple[str, int]:
    match = registry.ID_PATTERN.match(question_id)
    return (match.group("chapter"), int(match.group("number"))) if match else (question_id, 0)


def _one_line(value: Any, limit: int = 200) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell(text: str) -> str:
    """Text made safe for one markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _fmt(points: float) -> str:
    return str(int(points)) if float(points).is_integer() else f"{points:.2f}".rstrip("0")


# --------------------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``labkit grade``.

    Parameters
    ----------
    parser : argparse.ArgumentParser
    """
    parser.add_argument("folder", type=Path, help="folder of submitted notebooks")
    parser.add_argument(
        "--out", type=Path, default=Path("gradebook.csv"), help="gradebook CSV to write"
    )
    parser.add_argument(
        "--feedback",
        type=Path,
        default=None,
        help="folder for feedback files (default: feedback/ beside the gradebook)",
    )
    parser.add_argument(
        "--timeout", type=float, default=120, help="seconds each cell may run (default: 120)"
    )
    parser.add_argument(
        "--chapter", default=None, help="chapter graded (default: from each notebook)"
    )
    parser.add_argument(
        "--class-seed",
        default=None,
        help="the salt given to `labkit assign`, to verify that each notebook uses its "
        "student's seed",
    )
    parser.add_argument("--kernel", default="python3", help="Jupyter kernel (default: python3)")


def run(args: argparse.Namespace) -> int:
    """Run ``labkit grade``.

    Parameters
    ----------
    args : argparse.Namespace
        From :func:`add_arguments`.

    Returns
    -------
    int
        0 when the gradebook was written (even if some notebooks failed); 2 when
        the folder is missing or holds no notebooks.
    """
    print(
        "labkit grade runs the students' code with your permissions; it is not a sandbox.",
        file=sys.stderr,
    )
    try:
        submissions = grade_folder(
            args.folder,
            args.out,
            args.feedback,
            args.timeout,
            args.kernel,
            args.chapter,
            args.class_seed,
            progress=True,
        )
    except (FileNotFoundError, ValueError) as error:
        print(f"labkit grade: {error}", file=sys.stderr)
        return 2
    if not submissions:
        print(f"labkit grade: no notebooks in {Path(args.folder).as_posix()}", file=sys.stderr)
        return 2
    failed = sum(bool(s.error) for s in submissions)
    print(
        f"graded {len(submissions)} notebook(s) ({failed} with errors); "
        f"wrote {Path(args.out).as_posix()}"
    )
    return 0
