"""Grade submitted exercises notebooks, headless, one row per submission.

``labkit grade DIR --out gradebook.csv`` checks every argument first
(:mod:`labkit.course.grading_setup`), then runs every ``*.ipynb`` under ``DIR``
with :func:`labkit.course.execution.run_notebook` (a fresh kernel per notebook,
a temporary folder per run, limits on time and output, every process ended).

The points come from the grader, never from the student's kernel:

* **Whose and which world.** ``assignment.csv`` (written by ``labkit assign``)
  says whose each collected file is and which seed and locale their world has;
  a notebook's own metadata is compared with it and any difference is a note.
* **Judged again here.** Every ``check()`` records the learner's answer in the
  results file (:mod:`labkit.answers.transcript`). The grader takes the last
  readable record of each question of the chapter (and of private question
  modules, ``--questions``), and judges it in its own process against the world
  it assigned, with :func:`labkit.answers.evaluate`. A question counts once, for
  at most its points; a record of any other id, or a line that is not a record,
  is ignored with a note.
* **One bad submission never stops the batch.** Whatever goes wrong with one
  notebook becomes the ``error`` of its row.

It writes the gradebook CSV (atomically, spreadsheet-safe) and a markdown
feedback file per student (see :mod:`labkit.course.gradebook`).

.. warning::
   Grading *runs the students' code* with your permissions. It is not a sandbox:
   a notebook can read or delete your files or use the network. Grade in a
   throw-away account, container or virtual machine when that matters.

Examples
--------
>>> from labkit.course.grade import grade_folder         # doctest: +SKIP
>>> grade_folder("submissions", "gradebook.csv")         # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labkit.answers import clear_cache
from labkit.answers.transcript import UNRECORDED_HINT, judge_record
from labkit.answers.verdicts import CORRECT
from labkit.course.execution import MAX_OUTPUT, describe_error, run_notebook
from labkit.course.gradebook import (
    Submission,
    format_points,
    question_columns,
    write_feedback,
    write_gradebook,
)
from labkit.course.grading_setup import NOTEBOOK_TIMEOUT, GradingSetup, prepare_grading
from labkit.course.notebook_files import chapter_in_name, chapter_number, read_notebook
from labkit.course.roster import AssignedNotebook, derive_seed
from labkit.i18n import N_, _
from labkit.questions import Question
from labkit.world import World, load_world

__all__ = ["Scores", "grade_folder", "grade_notebook", "score_records"]

_NO_MANIFEST = N_(
    "no assignment.csv: the student and the world were taken from the notebook itself, "
    "which its author can edit"
)
_SHOWN_IDS = 5  # unknown question ids named in a note


class _NoWorld(Exception):
    """The world to judge on could not be loaded."""


def grade_notebook(
    path: str | Path,
    timeout: float = 120,
    kernel_name: str = "python3",
    chapter: str | None = None,
    class_seed: str | None = None,
    assigned_to: AssignedNotebook | None = None,
    notebook_timeout: float = NOTEBOOK_TIMEOUT,
    max_output: int = MAX_OUTPUT,
    hidden: Sequence[Question] = (),
) -> Submission:
    """Run one submission and judge its recorded answers; never raises for the notebook.

    Parameters
    ----------
    path : str or Path
        The submitted notebook.
    timeout : float
        Seconds each cell may run.
    kernel_name : str
        The Jupyter kernel to use.
    chapter : str, optional
        The chapter being graded; default from the file name (or the notebook's
        metadata when there is no assignment).
    class_seed : str, optional
        The salt given to ``labkit assign``. Without an assignment, the world is
        derived from it and the student id the notebook claims.
    assigned_to : AssignedNotebook, optional
        Whose the file is and the world they were given (from ``assignment.csv``):
        it decides the student and the world, whatever the notebook says.
    notebook_timeout : float
        Seconds the whole notebook may run.
    max_output : int
        Characters of output the notebook may produce.
    hidden : sequence of Question
        Questions from private modules, judged too.

    Returns
    -------
    Submission

    Examples
    --------
    >>> grade_notebook("no/such/00_start_here_s1.ipynb").error[:41]
    'not a valid notebook (FileNotFoundError: '
    """
    path = Path(path)
    setup = GradingSetup(
        path.parent,
        [path],
        Path("gradebook.csv"),
        Path("feedback"),
        timeout=timeout,
        notebook_timeout=notebook_timeout,
        max_output=max_output,
        kernel_name=kernel_name,
        chapter=chapter_number(chapter) if chapter is not None else None,
        class_seed=class_seed,
        hidden=list(hidden),
    )
    return _grade(setup, path, assigned_to)


def grade_folder(
    folder: str | Path,
    out: str | Path,
    feedback: str | Path | None = None,
    timeout: float = 120,
    kernel_name: str = "python3",
    chapter: str | None = None,
    class_seed: str | None = None,
    progress: bool = False,
    notebook_timeout: float | None = None,
    max_output: int = MAX_OUTPUT,
    questions: Sequence[str | Path] = (),
    assignment: str | Path | None = None,
) -> list[Submission]:
    """Grade every notebook under a folder; write the gradebook and feedback files.

    Every argument is checked before any notebook runs; on a problem nothing is
    run or written (an existing gradebook stays as it was).

    Parameters
    ----------
    folder : str or Path
        Holds the submissions (``*.ipynb``, searched recursively; checkpoints skipped)
        and the ``assignment.csv`` written by ``labkit assign`` (copy it there), which
        says whose each file is and which world to judge it on.
    out : str or Path
        The gradebook CSV to write (UTF-8 with BOM, spreadsheet-safe); its folder
        must exist. Written all at once: a reader never sees half of it.
    feedback : str or Path, optional
        Folder for one ``<student>.md`` per submission; default ``feedback/`` beside
        the gradebook.
    timeout : float
        Seconds each cell may run.
    kernel_name : str
        The Jupyter kernel to use.
    chapter : str, optional
        The chapter being graded; default from each notebook's file name.
    class_seed : str, optional
        The class salt given to ``labkit assign``: ``assignment.csv``'s seeds must
        have been made with it.
    progress : bool
        Print one line per notebook as it is graded.
    notebook_timeout : float, optional
        Seconds a whole notebook may run (default
        :data:`~labkit.course.grading_setup.NOTEBOOK_TIMEOUT`).
    max_output : int
        Characters of output a notebook may produce.
    questions : sequence of paths
        Private question modules (see :func:`~labkit.course.grading_setup.load_questions`).
    assignment : path, optional
        The manifest, if not ``assignment.csv`` in ``folder``.

    Returns
    -------
    list of Submission
        Sorted by student.

    Raises
    ------
    FileNotFoundError
        If ``folder`` does not exist.
    GradingError
        For any other argument that cannot be used (a ValueError).

    Examples
    --------
    >>> grade_folder("no/such/folder", "gradebook.csv")
    Traceback (most recent call last):
    ...
    FileNotFoundError: no folder no/such/folder
    """
    setup = prepare_grading(
        folder, out, feedback, timeout, kernel_name, chapter, class_seed,
        notebook_timeout, max_output, questions, assignment,
    )  # fmt: skip
    submissions = []
    for path in setup.notebooks:
        assigned_to = setup.manifest.get(path.name) if setup.manifest is not None else None
        sub = _grade_safely(setup, path, assigned_to)
        if setup.manifest is None:
            sub.notes.insert(0, _(_NO_MANIFEST))
        submissions.append(sub)
        if progress:
            status = f" ({sub.error})" if sub.error else ""
            where = path.relative_to(setup.folder).as_posix()
            points = _("{where}: {student}, {points} points").format(
                where=where, student=sub.student, points=format_points(sub.total)
            )
            print(points + status)
    submissions.sort(key=lambda s: (s.student, s.path.name))
    seen: dict[str, int] = {}
    for sub in submissions:
        seen[sub.student] = seen.get(sub.student, 0) + 1
    for sub in submissions:
        if seen[sub.student] > 1:
            sub.notes.append(
                _("{seen} submissions for this student").format(seen=seen[sub.student])
            )
    columns = question_columns(submissions, setup.hidden)
    write_gradebook(submissions, [q.id for q in columns], setup.out)
    write_feedback(submissions, columns, setup.feedback)
    return submissions


def _grade_safely(
    setup: GradingSetup, path: Path, assigned_to: AssignedNotebook | None
) -> Submission:
    """:func:`_grade`, with anything it raises turned into the row's error."""
    try:
        return _grade(setup, path, assigned_to)
    except Exception as problem:  # one bad submission must not stop the batch
        student = assigned_to.student if assigned_to is not None else None
        sub = Submission(
            path,
            student=student.student_id if student else path.stem,
            name=student.name if student else "",
            chapter=setup.chapter or chapter_in_name(path),
        )
        sub.error = _("grading failed ({error})").format(error=describe_error(problem))
        return sub
    finally:
        clear_cache()  # expected answers of this student's world are not needed again


def _grade(setup: GradingSetup, path: Path, assigned_to: AssignedNotebook | None) -> Submission:
    student = assigned_to.student if assigned_to is not None else None
    sub = Submission(
        path,
        student=student.student_id if student else path.stem,
        name=student.name if student else "",
    )
    if setup.manifest is not None and assigned_to is None:
        sub.chapter = setup.chapter or chapter_in_name(path)
        sub.error = _("this file is not in assignment.csv, so whose it is is unknown; not run")
        return sub
    try:
        notebook = read_notebook(path)
    except Exception as problem:  # not JSON, not a notebook, not UTF-8 ...
        sub.chapter = setup.chapter or chapter_in_name(path)
        sub.error = _("not a valid notebook ({error})").format(error=describe_error(problem))
        return sub
    meta = notebook.metadata.get("labkit", {})
    meta = dict(meta) if isinstance(meta, dict) else {}
    world_choice = _identify(sub, meta, setup, assigned_to)
    if not sub.chapter:
        sub.error = _(
            "the chapter is unknown (the file name does not start with NN_); give --chapter"
        )
        return sub
    outcome = run_notebook(
        notebook,
        setup.timeout,
        setup.kernel_name,
        notebook_timeout=setup.notebook_timeout,
        max_output=setup.max_output,
    )
    sub.error = outcome.error or (outcome.cell_errors[0] if outcome.cell_errors else "")
    sub.cell_errors = outcome.cell_errors
    _judge(sub, setup.questions(sub.chapter), outcome.records, world_choice)
    sub.notes += outcome.notes
    sub.notes += _world_notes(world_choice[0], outcome.records)
    if not outcome.records and not sub.error:
        sub.notes.append(_("no check ran"))
    return sub


def _identify(
    sub: Submission, meta: dict[str, Any], setup: GradingSetup, assigned_to: AssignedNotebook | None
) -> tuple[int | None, str | None]:
    """Set the student, name and chapter; return the (seed, locale) of the world to judge on."""
    claimed = str(meta.get("student_id") or "")
    meta_seed = meta.get("seed") if _is_seed(meta.get("seed")) else None
    if assigned_to is not None:
        sub.chapter = (
            setup.chapter or chapter_in_name(assigned_to.notebook) or chapter_in_name(sub.path)
        )
        if claimed and claimed != sub.student:
            sub.notes.append(
                _(
                    "the notebook's metadata names student {claimed!r}; assignment.csv gives this "
                    "file to {student!r}, who was credited"
                ).format(claimed=claimed, student=sub.student)
            )
        seed, locale = assigned_to.seed, assigned_to.student.locale
    else:
        sub.student = claimed or sub.student
        sub.name = str(meta.get("name") or sub.name)
        sub.chapter = setup.chapter or _meta_chapter(meta) or chapter_in_name(sub.path)
        meta_locale = meta.get("locale") if isinstance(meta.get("locale"), str) else None
        seed, locale = meta_seed, meta_locale
        if setup.class_seed is not None:
            seed = derive_seed(sub.student, setup.class_seed)
            if meta_seed is None:
                sub.notes.append(_("the notebook records no assigned seed"))
    if meta_seed is not None and seed is not None and meta_seed != seed:
        sub.notes.append(
            _("seed {meta_seed} in the notebook is not this student's ({seed})").format(
                meta_seed=meta_seed, seed=seed
            )
        )
    return seed, locale


@dataclass
class Scores:
    """Points from recorded answers, judged by the grader.

    Attributes
    ----------
    points : dict
        Question id to points, for every question graded (0 when not answered).
    results : dict
        Question id to the grader's verdict (``Result.to_record()``), for the
        questions that have a record.
    notes : list of str
        Records ignored, answers that could not be recorded.

    Examples
    --------
    >>> Scores({"00.q1": 1.0}, {}, []).points
    {'00.q1': 1.0}
    """

    points: dict[str, float]
    results: dict[str, dict[str, Any]]
    notes: list[str]


def score_records(
    questions: Sequence[Question],
    records: Sequence[dict[str, Any]],
    world_source: Callable[[], World],
) -> Scores:
    """Judge the last record of each question again, here, against the grader's world.

    Only the given questions count, each once (its last readable record), for at
    most its points; whatever points, status or verdict a record claims is
    ignored. A record of another question id is ignored with a note.

    Parameters
    ----------
    questions : sequence of Question
        The questions graded (the chapter's and private ones).
    records : sequence of dict
        Check records from the results file (see :mod:`labkit.answers.transcript`).
    world_source : callable
        Gives the world to judge on; called once, only when a record needs it.
        What it raises is not caught.

    Returns
    -------
    Scores

    Examples
    --------
    >>> from labkit.questions import Question
    >>> question = Question("00.q90", "How many?", lambda w: 4, "count")
    >>> forged = [{"question_id": "00.q90", "points": 1000, "status": "correct",
    ...            "answer": {"type": "int", "value": "5"}},
    ...           {"question_id": "00.q99", "points": 5}]
    >>> scores = score_records([question], forged, object)
    >>> scores.points, scores.notes
    ({'00.q90': 0.0}, ["checks of questions not graded here were ignored: '00.q99'"])
    """
    wanted = {q.id for q in questions}
    last: dict[str, dict[str, Any]] = {}
    ignored: list[str] = []
    for record in records:
        question_id = record.get("question_id")
        if question_id in wanted:
            last[question_id] = record
        elif question_id not in ignored:
            ignored.append(question_id)
    world = world_source() if last else None
    scores = Scores({}, {}, [])
    unrecorded = []
    for question in questions:
        record = last.get(question.id)
        result = judge_record(question, record, world)
        correct = result.status == CORRECT and 0 <= result.points <= question.points
        scores.points[question.id] = float(result.points) if correct else 0.0
        if record is not None:
            scores.results[question.id] = result.to_record()
            if result.hint.startswith((UNRECORDED_HINT, _(UNRECORDED_HINT))):
                unrecorded.append(question.id)
    if ignored:
        shown = ", ".join(repr(i)[:40] for i in ignored[:_SHOWN_IDS])
        if len(ignored) > _SHOWN_IDS:
            shown += _(" and {n} more").format(n=len(ignored) - _SHOWN_IDS)
        scores.notes.append(
            _("checks of questions not graded here were ignored: {shown}").format(shown=shown)
        )
    if unrecorded:
        scores.notes.append(
            _("answers that could not be recorded for grading: {questions}").format(
                questions=", ".join(unrecorded)
            )
        )
    return scores


def _judge(
    sub: Submission,
    questions: list[Question],
    records: list[dict[str, Any]],
    world_choice: tuple[int | None, str | None],
) -> None:
    """Give the submission its points; a world that cannot be loaded is its error."""
    seed, locale = world_choice

    def assigned_world() -> World:
        try:
            return load_world(locale=locale, seed=seed)
        except Exception as problem:  # e.g. a locale no world has, from unchecked metadata
            reason = describe_error(problem)
            raise _NoWorld(
                _("could not load the world to judge on ({reason})").format(reason=reason)
            ) from None

    try:
        scores = score_records(questions, records, assigned_world)
    except _NoWorld as problem:
        sub.error = sub.error or str(problem)
        sub.points = {q.id: 0.0 for q in questions}
        return
    sub.points, sub.results = scores.points, scores.results
    sub.notes += scores.notes


def _world_notes(assigned: int | None, records: list[dict[str, Any]]) -> list[str]:
    """Say when the kernel's checks ran on another world than the one graded on."""
    used = set()
    for record in records:
        world = record.get("world")
        if isinstance(world, dict) and _is_seed(world.get("seed")):
            used.add(world["seed"])
    if assigned is None or not used or used == {assigned}:
        return []
    shown = ", ".join(str(s) for s in sorted(used)[:3])
    return [
        _("answers were checked on seed {shown}, not the assigned {assigned}").format(
            shown=shown, assigned=assigned
        )
    ]


def _is_seed(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**32


def _meta_chapter(meta: dict[str, Any]) -> str:
    chapter = meta.get("chapter")
    return chapter if isinstance(chapter, str) and re.fullmatch(r"\d{2}", chapter) else ""
