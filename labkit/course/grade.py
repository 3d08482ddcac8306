"""Grade submitted exercises notebooks, headless, one row per submission.

``labkit grade DIR --out gradebook.csv`` runs every ``*.ipynb`` under ``DIR``
(with :func:`labkit.course.execution.run_notebook`: a fresh kernel per notebook,
a temporary working folder, a time limit per cell). Every ``check(...)`` in the
notebook appends its verdict to the results file named by ``$LABKIT_RESULTS``,
so the points of the questions answered before a crash or a timeout still count.

It writes the gradebook CSV and a markdown feedback file per student (see
:mod:`labkit.course.gradebook`). A notebook that raises, never finishes, or is
not valid JSON gets its row with the reason, and the batch goes on.

.. warning::
   Grading *runs the students' code* with your permissions. It is not a sandbox:
   a notebook can read or delete your files or use the network. Grade in a
   throw-away account, container or virtual machine when that matters. Grading
   itself needs no network.

Examples
--------
>>> from labkit.course.grade import grade_folder         # doctest: +SKIP
>>> grade_folder("submissions", "gradebook.csv")         # doctest: +SKIP
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from labkit import questions as registry
from labkit.course.execution import describe_error, run_notebook
from labkit.course.gradebook import (
    Submission,
    format_points,
    question_columns,
    write_feedback,
    write_gradebook,
)
from labkit.course.notebook_files import chapter_in_name, chapter_number, read_notebook
from labkit.course.roster import MANIFEST_NAME, derive_seed, read_manifest

__all__ = ["grade_folder", "grade_notebook"]


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

    Examples
    --------
    >>> grade_notebook("no/such/00_start_here_s1.ipynb").error[:41]
    'not a valid notebook (FileNotFoundError: '
    """
    path = Path(path)
    student, name = assigned_to or (path.stem, "")
    sub = Submission(path, student=student, name=name)
    try:
        notebook = read_notebook(path)
    except Exception as problem:  # not JSON, not a notebook, not UTF-8 ...
        sub.chapter = _chapter_of(path, {}, chapter)
        sub.error = f"not a valid notebook ({describe_error(problem)})"
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
    ValueError
        If ``chapter`` is not a number.

    Examples
    --------
    >>> grade_folder("no/such/folder", "gradebook.csv")
    Traceback (most recent call last):
    ...
    FileNotFoundError: no folder no/such/folder
    """
    if chapter is not None:
        chapter = chapter_number(chapter)
    base = Path(folder)
    if not base.is_dir():
        raise FileNotFoundError(f"no folder {base.as_posix()}")
    paths = sorted(
        p for p in base.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.relative_to(base).parts
    )
    manifest = read_manifest(base / MANIFEST_NAME)
    submissions = []
    for path in paths:
        assigned_to = manifest.get(path.name)
        sub = grade_notebook(path, timeout, kernel_name, chapter, class_seed, assigned_to)
        submissions.append(sub)
        if progress:
            status = f" ({sub.error})" if sub.error else ""
            where = path.relative_to(base).as_posix()
            print(f"{where}: {sub.student}, {format_points(sub.total)} points{status}")
    submissions.sort(key=lambda s: (s.student, s.path.name))
    seen: dict[str, int] = {}
    for sub in submissions:
        seen[sub.student] = seen.get(sub.student, 0) + 1
    for sub in submissions:
        if seen[sub.student] > 1:
            sub.notes.append(f"{seen[sub.student]} submissions for this student")
    questions = question_columns(submissions)
    write_gradebook(submissions, questions, out)
    write_feedback(submissions, questions, feedback or Path(out).parent / "feedback")
    return submissions


def _chapter_of(path: Path, meta: dict[str, Any], chapter: str | None) -> str:
    if chapter:
        return chapter_number(chapter)
    if re.fullmatch(r"\d{2}", str(meta.get("chapter", ""))):
        return str(meta["chapter"])
    return chapter_in_name(path)


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
