"""What grading found, and how it is reported: the gradebook CSV and feedback files.

A :class:`Submission` is one graded notebook: its student, points per question,
the check records behind them, and what went wrong. :func:`write_gradebook`
writes one row per submission (``student``, ``name``, one column per question,
``total``, ``error``, ``notes``); :func:`write_feedback` writes one markdown file
per student with their points, the hint for each wrong answer, and the cells that
raised. :mod:`labkit.course.grade` makes the submissions.

Examples
--------
>>> sub = Submission(Path("00_start_here_s1.ipynb"), "s1", points={"00.q1": 1.0})
>>> sub.total, format_points(sub.total), format_points(0.25)
(1.0, '1', '0.25')
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labkit import questions as registry
from labkit.course.roster import file_stem

__all__ = [
    "Submission",
    "format_points",
    "question_columns",
    "write_feedback",
    "write_gradebook",
]

_STATUS_WORDS = {
    "correct": "✅ correct",
    "incorrect": "❌ not quite",
    "unanswered": "⏳ not answered",
    "error": "⚠️ could not be checked",
}


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


def question_columns(submissions: list[Submission]) -> list[str]:
    """The gradebook's question columns.

    Parameters
    ----------
    submissions : list of Submission

    Returns
    -------
    list of str
        Every question of the submissions' chapters in registry order, then any
        other question id that was checked, in id order.

    Examples
    --------
    >>> question_columns([Submission(Path("x.ipynb"), "s1", chapter="00")])[:2]
    ['00.q1', '00.q2']
    """
    chapters = sorted({s.chapter for s in submissions if s.chapter})
    ids = [q.id for c in chapters for q in registry.chapter_questions(c)]
    extra = sorted({q for s in submissions for q in s.results if q not in ids}, key=_id_key)
    return ids + extra


def write_gradebook(submissions: list[Submission], questions: list[str], path: str | Path) -> Path:
    """Write the gradebook CSV.

    Parameters
    ----------
    submissions : list of Submission
    questions : list of str
        Question ids, one column each.
    path : str or Path
        Written as UTF-8 with a BOM, so Excel reads names correctly.

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
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "name", *questions, "total", "error", "notes"])
        for sub in submissions:
            points = [format_points(sub.points.get(q, 0.0)) for q in questions]
            writer.writerow(
                [
                    sub.student,
                    sub.name,
                    *points,
                    format_points(sub.total),
                    sub.error,
                    "; ".join(sub.notes),
                ]
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
    ...     [path.name for path in write_feedback(subs, ["00.q1"], folder)]
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


def _feedback_text(sub: Submission, questions: list[str]) -> str:
    who = f"{sub.name} ({sub.student})" if sub.name else sub.student
    possible = sum(_max_points(q) for q in questions)
    lines = [
        f"# Feedback for {who}",
        "",
        f"Notebook: `{sub.path.name}`. "
        f"Score: **{format_points(sub.total)} of {format_points(possible)}** points.",
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
        earned = format_points(sub.points.get(question_id, 0.0))
        points = f"{earned}/{format_points(_max_points(question_id))}"
        lines.append(f"| {_table_cell(label)} | {points} | {_table_cell(verdict)} |")
    if sub.cell_errors:
        lines += ["", "## Cells that raised an error", ""]
        lines += [f"- {_table_cell(text)}" for text in sub.cell_errors]
    if sub.notes:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in sub.notes]
    return "\n".join(lines) + "\n"


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


def _table_cell(text: str) -> str:
    """Text made safe for one markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")
