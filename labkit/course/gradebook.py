"""What grading found, and how it is reported: the gradebook CSV and feedback files.

A :class:`Submission` is one graded notebook: its student, points per question,
the grader's verdicts behind them, and what went wrong. :func:`write_gradebook`
writes one row per submission (``student``, ``name``, one column per question,
``total``, ``error``, ``notes``) in one step and spreadsheet-safe
(:mod:`labkit.spreadsheets`: a name such as ``=HYPERLINK(...)`` is not run as a
formula, and the point columns stay numbers); :func:`write_feedback` writes one
markdown file per student with their points, the hint for each wrong answer, and
the cells that raised. :mod:`labkit.course.grade` makes the submissions.

Examples
--------
>>> sub = Submission(Path("00_start_here_s1.ipynb"), "s1", points={"00.q1": 1.0})
>>> sub.total, format_points(sub.total), format_points(0.25)
(1.0, '1', '0.25')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labkit import questions as registry
from labkit.answers.verdicts import ICONS
from labkit.course.roster import file_stem
from labkit.i18n import N_, _
from labkit.questions import Question
from labkit.spreadsheets import write_csv_atomically

__all__ = [
    "STATUS_WORDS",
    "Submission",
    "format_points",
    "question_columns",
    "write_feedback",
    "write_gradebook",
]

#: How the gradebook writes each verdict, with the symbols of the notebook's verdicts.
_WORDS = {
    "correct": N_("correct"),
    "incorrect": N_("not quite"),
    "unanswered": N_("not answered"),
    "error": N_("could not be checked"),
}
STATUS_WORDS = {status: f"{ICONS[status]} {words}" for status, words in _WORDS.items()}


@dataclass
class Submission:
    """One graded notebook.

    Attributes
    ----------
    path : Path
        The submitted file.
    student, name : str
        From ``assignment.csv`` (the file the instructor collected); without one,
        from the notebook's ``metadata.labkit``, else the file name.
    chapter : str
        Two-digit chapter, or empty when unknown.
    points : dict
        Question id to points earned.
    results : dict
        Question id to the grader's verdict on its last recorded answer.
    error : str
        Empty, or why the notebook could not be run to the end.
    notes : list of str
        Things the instructor should know (e.g. a world that is not the assigned one).
    cell_errors : list of str
        Cells that raised.

    Examples
    --------
    >>> Submission(Path("s1.ipynb"), "s1", points={"00.q1": 1.0, "00.q2": 0.5}).total
    1.5
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


def format_points(points: float) -> str:
    """Points as the gradebook shows them: ``"1"``, ``"0.5"``, ``"0.33"``.

    Examples
    --------
    >>> format_points(6.0), format_points(0.5), format_points(1 / 3)
    ('6', '0.5', '0.33')
    """
    return str(int(points)) if float(points).is_integer() else f"{points:.2f}".rstrip("0")


def question_columns(
    submissions: list[Submission], hidden: Sequence[Question] = ()
) -> list[Question]:
    """The gradebook's question columns: the graded chapters' questions.

    Parameters
    ----------
    submissions : list of Submission
    hidden : sequence of Question
        Questions from private modules; those of the graded chapters follow the
        registry's.

    Returns
    -------
    list of Question
        Chapter by chapter: the registry's questions in order, then the private ones.

    Examples
    --------
    >>> [q.id for q in question_columns([Submission(Path("x.ipynb"), "s1", chapter="00")])][:2]
    ['00.q1', '00.q2']
    """
    chapters = sorted({s.chapter for s in submissions if s.chapter})
    return [
        question
        for chapter in chapters
        for question in registry.chapter_questions(chapter)
        + [q for q in hidden if q.chapter == chapter]
    ]


def write_gradebook(submissions: list[Submission], questions: list[str], path: str | Path) -> Path:
    """Write the gradebook CSV.

    Parameters
    ----------
    submissions : list of Submission
    questions : list of str
        Question ids, one column each.
    path : str or Path
        Written as UTF-8 with a BOM, so Excel reads names correctly; its folder
        must exist. A temporary file in that folder replaces it in one step.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile
    >>> sub = Submission(Path("s1.ipynb"), "s1", points={"00.q1": 1.0})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = write_gradebook([sub], ["00.q1", "00.q2"], Path(folder) / "g.csv")
    ...     print(target.read_text(encoding="utf-8-sig"), end="")
    student,name,00.q1,00.q2,total,error,notes
    s1,,1,0,1,,
    """
    rows = [
        [
            sub.student,
            sub.name,
            *[format_points(sub.points.get(q, 0.0)) for q in questions],
            format_points(sub.total),
            sub.error,
            "; ".join(sub.notes),
        ]
        for sub in submissions
    ]
    header = ["student", "name", *questions, "total", "error", "notes"]
    return write_csv_atomically(path, header, rows)


def write_feedback(
    submissions: list[Submission], questions: Sequence[Question], folder: str | Path
) -> list[Path]:
    """Write one markdown feedback file per submission.

    Parameters
    ----------
    submissions : list of Submission
    questions : sequence of Question
        The gradebook's questions, in order.
    folder : str or Path
        Created if needed.

    Returns
    -------
    list of Path
        ``<student>.md`` (``<student>-2.md`` ... for a repeated student).

    Examples
    --------
    >>> import tempfile
    >>> subs = [Submission(Path("a.ipynb"), "s1"), Submission(Path("b.ipynb"), "s1")]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [path.name for path in write_feedback(subs, [registry.get("00.q1")], folder)]
    ['s1.md', 's1-2.md']
    """
    base = Path(folder)
    base.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for sub in submissions:
        stem = file_stem(sub.student)
        name, count = stem, 1
        while name.lower() in used:
            count += 1
            name = f"{stem}-{count}"
        used.add(name.lower())
        target = base / f"{name}.md"
        target.write_text(_feedback_text(sub, questions), encoding="utf-8")
        written.append(target)
    return written


def _feedback_text(sub: Submission, questions: Sequence[Question]) -> str:
    who = f"{sub.name} ({sub.student})" if sub.name else sub.student
    possible = sum(q.points for q in questions)
    lines = [
        _("# Feedback for {who}").format(who=who),
        "",
        _("Notebook: `{notebook}`. Score: **{points} of {possible}** points.").format(
            notebook=sub.path.name,
            points=format_points(sub.total),
            possible=format_points(possible),
        ),
        "",
    ]
    if sub.error:
        lines += [_("> **Your notebook did not run cleanly:** {error}").format(error=sub.error), ""]
    lines += [_("| Question | Points | Result |"), "|---|---|---|"]
    for question in questions:
        record = sub.results.get(question.id)
        label = f"{question.id} {_(question.prompt)}".strip()
        status = str(record.get("status")) if record is not None else ""
        if record is None:
            verdict = _("not checked: its check cell did not run")
        else:
            verdict = f"{ICONS[status]} {_(_WORDS[status])}" if status in _WORDS else status
            if record.get("hint") and status != "unanswered":
                verdict += f": {record['hint']}"
        earned = format_points(sub.points.get(question.id, 0.0))
        points = f"{earned}/{format_points(question.points)}"
        lines.append(f"| {_table_cell(label)} | {points} | {_table_cell(verdict)} |")
    if sub.cell_errors:
        lines += ["", _("## Cells that raised an error"), ""]
        lines += [f"- {_table_cell(text)}" for text in sub.cell_errors]
    if sub.notes:
        lines += ["", _("## Notes"), ""] + [f"- {_table_cell(note)}" for note in sub.notes]
    return "\n".join(lines) + "\n"


def _table_cell(text: str) -> str:
    """Text made safe for one markdown table cell: one line, no ``|``, no HTML tags."""
    flat = " ".join(str(text).split()).replace("|", "\\|")
    return flat.replace("<", "&lt;").replace(">", "&gt;")
