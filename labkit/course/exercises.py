"""Build the exercises notebooks from the solutions notebooks.

The solutions notebook of a chapter is the one source:
``solutions/NN_name_solutions.ipynb`` gives ``exercises/NN_name_exercises.ipynb``.
The builder keeps the text and the ``check(...)`` calls, strips outputs and
execution counts, normalises metadata, and replaces marked solution code with a
placeholder.

Marker convention (in code cells)
---------------------------------
* A line ending in ``# SOLUTION``: ``answer = expr  # SOLUTION`` becomes
  ``answer = ...  # <what kind of answer>``; the kind comes from the question
  registry, through the cell's ``check("NN.qK", answer)`` call.
* Lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION``: the block becomes one
  placeholder line at the block's indentation: ``answer = ...  # <kind>`` when the
  block assigns the checked variable, else ``...  # your code here``.
* A cell tagged ``solution-only`` (code or markdown) is left out of the exercises,
  and the tag ``nbval-check-output`` (which makes nbval compare the solutions'
  committed outputs, e.g. every check saying correct) is dropped from exercise cells.

The output is deterministic (see :func:`labkit.course.notebook_files.notebook_bytes`),
so :func:`find_drift` (``labkit exercises --check``) can compare bytes.

Examples
--------
>>> import nbformat
>>> cell = nbformat.v4.new_code_cell(
...     'answer = len(world.customers)  # SOLUTION\\ncheck("00.q1", answer)')
>>> nb = build_notebook(nbformat.v4.new_notebook(cells=[cell]), chapter="42")
>>> print(nb.cells[0].source)
answer = ...  # a whole number of customers
check("00.q1", answer)
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from labkit import questions as registry
from labkit.course.notebook_files import (
    SOLUTIONS_NAME,
    BuildError,
    CourseFolders,
    exercises_path,
    fixed_metadata,
    notebook_bytes,
    read_notebook,
)
from labkit.i18n import N_, _, gettext

__all__ = [
    "BuildError",  # from labkit.course.notebook_files: raised by every build
    "SOLUTION_ONLY_TAG",
    "SOLUTION_TAGS",
    "build_all",
    "build_notebook",
    "exercises_bytes",
    "find_drift",
]

#: The comment of a placeholder that no check names.
_YOUR_CODE = N_("your code here")

#: Cells with this tag are left out of the exercises notebook.
SOLUTION_ONLY_TAG = "solution-only"
#: Tags that hold for the solutions only and are dropped from exercise cells: nbval
#: compares the solutions' committed "correct" outputs, which a blank exercise cannot show.
SOLUTION_TAGS = frozenset({"nbval-check-output"})

_SOLUTION_LINE = re.compile(r"^(?P<code>.*?)\s*#\s*SOLUTION\s*$")
_BEGIN = re.compile(r"^(?P<indent>\s*)#\s*BEGIN SOLUTION\s*$")
_END = re.compile(r"^\s*#\s*END SOLUTION\s*$")
_ASSIGNMENT = re.compile(r"^(?P<indent>\s*)(?P<name>[A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)")
_CHECK_CALL = re.compile(
    r"\bcheck\(\s*(?P<quote>[\"'])(?P<id>[^\"']+)(?P=quote)\s*,\s*(?P<var>[A-Za-z_]\w*)"
)


@dataclass(frozen=True)
class _Check:
    question: registry.Question
    variable: str


def build_notebook(
    solutions: nbformat.NotebookNode, chapter: str, source: str = ""
) -> nbformat.NotebookNode:
    """Turn a solutions notebook into its exercises notebook (the input is not changed).

    Parameters
    ----------
    solutions : NotebookNode
        The solutions notebook, nbformat 4.
    chapter : str
        Its two-digit chapter number; every question of the chapter must be asked.
    source : str
        Where it came from, recorded in the metadata (``solutions/NN_name_solutions.ipynb``).

    Returns
    -------
    NotebookNode

    Raises
    ------
    BuildError
        On an unknown question id, an unbalanced marker, a checked question whose
        cell has no solution marker (the answer would leak), or a chapter question
        missing from the notebook.

    Examples
    --------
    >>> cell = nbformat.v4.new_code_cell("# BEGIN SOLUTION\\nx = 1\\n# END SOLUTION")
    >>> build_notebook(nbformat.v4.new_notebook(cells=[cell]), "42").cells[0].source
    '...  # your code here'
    """
    cells = []
    asked: list[str] = []
    language = solutions.get("metadata", {}).get("labkit", {}).get("language")
    speaks = "zh" if str(language or "").startswith("zh") else "en"
    for number, cell in enumerate(solutions.cells, start=1):
        tags = list(cell.get("metadata", {}).get("tags", []))
        if SOLUTION_ONLY_TAG in tags:
            continue
        new = copy.deepcopy(cell)
        kept = [tag for tag in tags if tag not in SOLUTION_TAGS]
        new.metadata = {"tags": kept} if kept else {}
        if cell.cell_type == "code":
            where = f"{source or 'notebook'}, cell {number}"
            checks = _checks_in(cell.source, where)
            asked += [c.question.id for c in checks]
            new.source = _blank_solutions(cell.source, checks, where, speaks)
            new.outputs = []
            new.execution_count = None
        new.id = f"cell-{len(cells):03d}"
        cells.append(new)
    missing = [q.id for q in registry.chapter_questions(chapter) if q.id not in asked]
    if missing:
        raise BuildError(
            _("{value}: chapter {chapter} questions not asked: {items}").format(
                value=source or "notebook", chapter=chapter, items=", ".join(missing)
            )
        )
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    about = {"chapter": chapter, "generated_from": source, "notebook": "exercises"}
    if language:  # a translated solutions notebook gives a translated exercises notebook
        about["language"] = language
    notebook.metadata = fixed_metadata(about)
    return notebook


def exercises_bytes(solutions: Path, root: Path | None = None) -> bytes:
    """The exact bytes of the exercises notebook built from one solutions notebook.

    Parameters
    ----------
    solutions : Path
        ``solutions/NN_name_solutions.ipynb``.
    root : Path, optional
        The kit's top folder, for the ``generated_from`` path in the metadata;
        default the folder above ``solutions/``.

    Returns
    -------
    bytes

    Raises
    ------
    BuildError
        If the file name does not follow ``NN_name_solutions.ipynb`` or the notebook
        cannot be built.

    Examples
    --------
    >>> solutions = CourseFolders.find().solutions_notebooks(["00"])[0]
    >>> exercises_bytes(solutions) == exercises_path(solutions).read_bytes()
    True
    """
    match = SOLUTIONS_NAME.match(solutions.name)
    if not match:
        raise BuildError(
            _("{name}: solutions notebooks are named NN_name_solutions.ipynb").format(
                name=solutions.name
            )
        )
    base = root or solutions.parent.parent
    try:
        source = solutions.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        source = f"solutions/{solutions.name}"
    notebook = read_notebook(solutions)
    return notebook_bytes(build_notebook(notebook, match.group("chapter"), source))


def build_all(root: Path | None = None, chapters: list[str] | None = None) -> list[Path]:
    """Write every exercises notebook that differs from what its solutions give.

    Parameters
    ----------
    root : Path, optional
        The kit's top folder; default this copy of the kit.
    chapters : list of str, optional
        Only these chapters.

    Returns
    -------
    list of Path
        The exercises notebooks written (unchanged ones are not rewritten).

    Examples
    --------
    >>> build_all()  # doctest: +SKIP
    []
    """
    folders = CourseFolders.find(root)
    written = []
    for solutions in folders.solutions_notebooks(chapters):
        target = exercises_path(solutions)
        data = exercises_bytes(solutions, folders.root)
        if not target.exists() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(target)
    return written


def find_drift(root: Path | None = None, chapters: list[str] | None = None) -> list[str]:
    """Say which exercises notebooks are not exactly what their solutions build.

    Parameters
    ----------
    root : Path, optional
        The kit's top folder; default this copy of the kit.
    chapters : list of str, optional
        Only these chapters (then exercises without solutions are not looked for).

    Returns
    -------
    list of str
        One line per problem (out of date, missing, without a solutions notebook,
        or a solutions notebook that cannot be built); empty when all are in sync.

    Examples
    --------
    >>> find_drift(chapters=["00"])
    []
    """
    folders = CourseFolders.find(root)
    problems = []
    sources = folders.solutions_notebooks(chapters)
    for solutions in sources:
        target = exercises_path(solutions)
        name = f"exercises/{target.name}"
        try:
            data = exercises_bytes(solutions, folders.root)
        except (BuildError, OSError, ValueError) as error:
            problems.append(
                _("{name}: cannot be built: {error}").format(
                    name=f"solutions/{solutions.name}", error=error
                )
            )
            continue
        if not target.exists():
            problems.append(_("{name}: missing").format(name=name))
        elif target.read_bytes() != data:
            problems.append(
                _("{name}: out of date with {solutions}").format(
                    name=name, solutions=f"solutions/{solutions.name}"
                )
            )
    if not chapters:
        expected = {exercises_path(s).name for s in sources}
        for orphan in folders.exercises_notebooks():
            if orphan.name not in expected:
                problems.append(
                    _("{name}: has no solutions notebook").format(name=f"exercises/{orphan.name}")
                )
    return problems


# --------------------------------------------------------------------------- transforms


def _checks_in(source: str, where: str) -> list[_Check]:
    found = []
    for match in _CHECK_CALL.finditer(source):
        try:
            question = registry.get(match.group("id"))
        except KeyError as error:
            raise BuildError(f"{where}: {error.args[0]}") from None
        found.append(_Check(question, match.group("var")))
    return found


def _placeholder(
    indent: str, variable: str | None, checks: list[_Check], speaks: str = "en"
) -> str:
    """``answer = ...  # a province name`` (or ``...  # your code here``), in ``speaks``."""
    for item in checks:
        if item.variable == variable:
            kind = gettext(item.question.describe, language=speaks)
            return f"{indent}{variable} = ...  # {kind}"
    yours = gettext(_YOUR_CODE, language=speaks)
    if variable:
        return f"{indent}{variable} = ...  # {yours}"
    return f"{indent}...  # {yours}"


def _checked_target(body: list[str], indent: str, checks: list[_Check]) -> str | None:
    """The checked variable that a solution block assigns at its own indentation."""
    checked = {c.variable for c in checks}
    for line in body:
        match = _ASSIGNMENT.match(line)
        if match and match.group("indent") == indent and match.group("name") in checked:
            return match.group("name")
    return None


def _blank_solutions(source: str, checks: list[_Check], where: str, speaks: str = "en") -> str:
    lines = source.split("\n")
    out: list[str] = []
    block: tuple[str, list[str]] | None = None
    marked = False
    for line in lines:
        if block is not None:
            if _END.match(line):
                indent, body = block
                variable = _checked_target(body, indent, checks)
                out.append(_placeholder(indent, variable, checks, speaks))
                block = None
            elif _BEGIN.match(line):
                raise BuildError(
                    _("{where}: BEGIN SOLUTION inside another BEGIN SOLUTION").format(where=where)
                )
            else:
                block[1].append(line)
            continue
        begin = _BEGIN.match(line)
        if begin:
            block, marked = (begin.group("indent"), []), True
        elif _END.match(line):
            raise BuildError(_("{where}: END SOLUTION without BEGIN SOLUTION").format(where=where))
        elif (single := _SOLUTION_LINE.match(line)) is not None:
            assignment = _ASSIGNMENT.match(single.group("code"))
            indent = re.match(r"\s*", line).group(0)
            variable = assignment and assignment.group("name")
            out.append(_placeholder(indent, variable, checks, speaks))
            marked = True
        else:
            out.append(line)
    if block is not None:
        raise BuildError(_("{where}: BEGIN SOLUTION without END SOLUTION").format(where=where))
    if checks and not marked:
        ids = ", ".join(c.question.id for c in checks)
        raise BuildError(
            _(
                "{where}: checks {ids} but has no SOLUTION marker, so the exercises would show "
                "the answer"
            ).format(where=where, ids=ids)
        )
    return "\n".join(out)
