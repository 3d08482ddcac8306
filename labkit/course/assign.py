"""Per-student exercises notebooks, each on its own world.

``labkit assign --roster roster.csv --chapter 00 --out DIR`` writes one copy of
the chapter's exercises notebook per student. Each copy loads a world whose
seed is derived from the student id (and an optional class salt, see
:mod:`labkit.course.roster`), so neighbours' answers differ while the checks,
which compute the expected answers from the learner's own world, still work.

The seed is written three times: in the notebook's first code cell
(``world = load_world(seed=..., locale=...)``), in the notebook metadata
(``metadata.labkit``), and in ``assignment.csv``, which is what ``labkit grade``
trusts (the notebook is the student's to edit).

Private questions (``--questions private_ch00.py``, a ``QUESTIONS`` list the
students' copy of the kit does not have) are appended to each copy as cells
that record the answer for the grader with ``submit()``: the prompt is shown,
the expected answer stays with the instructor. ``--bundle kit.zip`` writes the
students' copy of the kit without ``solutions/`` (:mod:`labkit.course.bundle`).

Examples
--------
>>> import nbformat
>>> exercises = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
>>> copy_for_ada = assign_notebook(exercises, Student("s1", "Ada"), seed=42, chapter="00")
>>> print(copy_for_ada.cells[1].source)
from labkit import load_world
<BLANKLINE>
world = load_world(seed=42, locale="en_US")  # your own world: keep this line as it is
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from pathlib import Path

import nbformat

from labkit import settings
from labkit.course.notebook_files import CourseFolders, read_notebook, write_notebook
from labkit.course.roster import Student, derive_seed, read_roster, write_manifest
from labkit.i18n import _
from labkit.questions import Question

__all__ = ["add_private_questions", "assign", "assign_notebook"]

_LOAD_LINE = re.compile(r"^(?P<indent>\s*)world\s*=\s*(?:labkit\.)?load_world\(.*\)\s*(#.*)?$")


def assign_notebook(
    notebook: nbformat.NotebookNode, student: Student, seed: int, chapter: str
) -> nbformat.NotebookNode:
    """A student's copy of an exercises notebook, loading the student's own world.

    Parameters
    ----------
    notebook : NotebookNode
        The exercises notebook (not changed).
    student : Student
    seed : int
        The student's world seed (see :func:`labkit.course.roster.derive_seed`).
    chapter : str
        Two-digit chapter number, recorded in the metadata.

    Returns
    -------
    NotebookNode
        The first code cell's ``world = load_world(...)`` line loads the student's
        world (a new first code cell does it when there is no such line), a short note
        after the title names the student and seed, and ``metadata.labkit`` records
        ``student_id``, ``name``, ``seed``, ``locale`` and ``chapter``.

    Examples
    --------
    >>> cell = nbformat.v4.new_code_cell("world = load_world()")
    >>> exercises = nbformat.v4.new_notebook(cells=[cell])
    >>> copy_for_li = assign_notebook(exercises, Student("s2", locale="zh_CN"), 7, "00")
    >>> copy_for_li.cells[1].source.split("  #")[0]
    'world = load_world(seed=7, locale="zh_CN")'
    >>> copy_for_li.metadata["labkit"]["seed"], cell.source
    (7, 'world = load_world()')
    """
    result = copy.deepcopy(notebook)
    load = (
        f'world = load_world(seed={seed}, locale="{student.locale}")'
        "  # your own world: keep this line as it is"
    )
    code_cells = [c for c in result.cells if c.cell_type == "code"]
    first = code_cells[0] if code_cells else None
    lines = first.source.split("\n") if first is not None else []
    hits = [i for i, line in enumerate(lines) if _LOAD_LINE.match(line)]
    if first is not None and hits:
        indent = _LOAD_LINE.match(lines[hits[0]]).group("indent")
        lines[hits[0]] = indent + load
        first.source = "\n".join(lines)
    else:
        cell = nbformat.v4.new_code_cell(f"from labkit import load_world\n\n{load}")
        cell.id = "assigned-world"
        at = result.cells.index(first) if first is not None else len(result.cells)
        result.cells.insert(at, cell)
    who = f"{student.name} ({student.student_id})" if student.name else student.student_id
    note = nbformat.v4.new_markdown_cell(
        f"> **Assignment for {who}.** Your world has its own seed ({seed}, locale "
        f"`{student.locale}`), so your answers differ from your neighbours'. Keep the "
        "`load_world(...)` line as it is: the checks and the grading use that world."
    )
    note.id = "assignment-note"
    titled = bool(result.cells) and result.cells[0].cell_type == "markdown"
    result.cells.insert(1 if titled else 0, note)
    result.metadata.setdefault("labkit", {})
    result.metadata["labkit"] = {
        **dict(result.metadata["labkit"]),
        "chapter": chapter,
        "notebook": "assignment",
        "student_id": student.student_id,
        "name": student.name,
        "seed": seed,
        "locale": student.locale,
    }
    return result


def add_private_questions(
    notebook: nbformat.NotebookNode, questions: Sequence[Question]
) -> nbformat.NotebookNode:
    """Append cells that ask private questions and record the answers for grading.

    Parameters
    ----------
    notebook : NotebookNode
        A student's copy (not changed).
    questions : sequence of Question
        From a private question module; only their ids, prompts and answer kinds
        go into the notebook, never how the answer is computed.

    Returns
    -------
    NotebookNode
        With a markdown heading, then per question a markdown cell with the
        prompt and a code cell ``answer = ...  # <kind>`` / ``submit("id", answer)``.

    Examples
    --------
    >>> question = Question("00.q7", "How many cities?", lambda w: 0, "count")
    >>> extended = add_private_questions(nbformat.v4.new_notebook(), [question])
    >>> print(extended.cells[-1].source)
    answer = ...  # one whole number
    submit("00.q7", answer)
    """
    result = copy.deepcopy(notebook)
    if not questions:
        return result
    heading = nbformat.v4.new_markdown_cell(
        "## Questions from your instructor\n\n"
        "These answers are checked when your notebook is graded, not here: "
        "`submit(...)` records your answer for the grader."
    )
    heading.id = "private-questions"
    setup = nbformat.v4.new_code_cell("from labkit.answers import submit")
    setup.id = "private-questions-setup"
    result.cells += [heading, setup]
    for question in questions:
        number = question.id.replace(".", "-")
        prompt = nbformat.v4.new_markdown_cell(f"**Question {question.id}.** {question.prompt}")
        prompt.id = f"private-{number}-prompt"
        kind = " ".join(question.describe.split())
        cell = nbformat.v4.new_code_cell(f'answer = ...  # {kind}\nsubmit("{question.id}", answer)')
        cell.id = f"private-{number}"
        result.cells += [prompt, cell]
    return result


def assign(
    roster: str | Path,
    chapter: str | int,
    out: str | Path,
    class_seed: str = "",
    default_locale: str = settings.DEFAULT_LOCALE,
    root: Path | None = None,
    questions: Sequence[Question] = (),
) -> list[Path]:
    """Write one exercises notebook per student, and a manifest ``assignment.csv``.

    Parameters
    ----------
    roster : str or Path
        The roster CSV (see :func:`labkit.course.roster.read_roster`).
    chapter : str or int
        The chapter whose exercises to assign.
    out : str or Path
        Folder to write ``NN_name_<student_id>.ipynb`` files into (created if needed;
        existing files of the same names are replaced).
    class_seed : str
        Salt for this class's seeds.
    default_locale : str
        Locale for roster rows without one.
    root : Path, optional
        The kit's top folder; default: this copy of the kit.
    questions : sequence of Question
        Private questions of this chapter to append (see :func:`add_private_questions`).

    Returns
    -------
    list of Path
        The notebooks written, in roster order.

    Raises
    ------
    RosterError
        On a bad roster.
    ValueError
        On an unknown chapter, or private questions of another chapter.

    Examples
    --------
    >>> assign("roster.csv", "00", "assigned/", class_seed="autumn-2025")  # doctest: +SKIP
    [PosixPath('assigned/00_start_here_2025001.ipynb'), ...]
    """
    students = read_roster(roster, default_locale)
    source = CourseFolders.find(root).exercises_notebook(chapter)
    number = source.name[:2]
    stem = source.name.removesuffix("_exercises.ipynb")
    notebook = read_notebook(source)
    others = sorted({q.id for q in questions if q.chapter != number})
    if others:
        raise ValueError(
            _("private questions of another chapter than {number}: {items}").format(
                number=number, items=", ".join(others)
            )
        )
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    manifest = []
    for student in students:
        seed = derive_seed(student.student_id, class_seed)
        path = folder / f"{stem}_{student.file_id}.ipynb"
        copy_for_student = assign_notebook(notebook, student, seed, number)
        write_notebook(add_private_questions(copy_for_student, questions), path)
        written.append(path)
        manifest.append((student, seed, path.name))
    write_manifest(folder, manifest)
    return written
