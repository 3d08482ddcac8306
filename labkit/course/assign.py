"""Per-student exercises notebooks, each on its own world.

``labkit assign --roster roster.csv --chapter 00 --out DIR`` writes one copy of
the chapter's exercises notebook per student. Each copy loads a world whose
seed is derived from the student id (and an optional class salt), so
neighbours' answers differ while the checks, which compute the expected
answers from the learner's own world, still work.

The seed is written twice: in the notebook's first code cell
(``world = load_world(seed=..., locale=...)``) and in the notebook metadata
(``metadata.labkit``), where ``labkit grade`` reads it.

Examples
--------
>>> derive_seed("2025001") == derive_seed("2025001")
True
>>> derive_seed("2025001") != derive_seed("2025001", class_seed="spring-2026")
True
"""

from __future__ import annotations

import argparse
import copy
import csv
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from labkit.course.exercises import notebook_bytes, repo_root

__all__ = [
    "RosterError",
    "Student",
    "add_arguments",
    "assign",
    "assign_notebook",
    "derive_seed",
    "exercises_for_chapter",
    "read_roster",
    "run",
]

LOCALES = ("en_US", "zh_CN")  # the same as labkit.world.LOCALES, without importing the world
_LOAD_LINE = re.compile(r"^(?P<indent>\s*)world\s*=\s*(?:labkit\.)?load_world\(.*\)\s*(#.*)?$")


class RosterError(ValueError):
    """The roster CSV cannot be used; the message lists every problem found."""


@dataclass(frozen=True)
class Student:
    """One row of the roster.

    Attributes
    ----------
    student_id : str
        As written in the roster (surrounding spaces removed).
    name : str
        Optional display name.
    locale : str
        ``"en_US"`` or ``"zh_CN"``.
    """

    student_id: str
    name: str = ""
    locale: str = "en_US"

    @property
    def file_id(self) -> str:
        """The id made safe for a file name (letters, digits, ``.``, ``_``, ``-``)."""
        return re.sub(r"[^\w.-]+", "_", self.student_id).strip("._") or "student"


def derive_seed(student_id: str, class_seed: str = "") -> int:
    """A student's world seed: stable across machines, Python versions and runs.

    Parameters
    ----------
    student_id : str
        The id from the roster (leading and trailing spaces are ignored).
    class_seed : str
        A salt for one class; change it to give a new class new worlds.

    Returns
    -------
    int
        Between 0 and 2**32 - 1.

    Examples
    --------
    >>> derive_seed("s001")
    3152922641
    """
    text = f"labkit-assign\x00{class_seed}\x00{str(student_id).strip()}"
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big")


def read_roster(path: str | Path, default_locale: str = "en_US") -> list[Student]:
    """Read and validate a roster CSV.

    Parameters
    ----------
    path : str or Path
        A UTF-8 CSV (a BOM from Excel is fine) with a ``student_id`` column and
        optional ``name`` and ``locale`` columns.
    default_locale : str
        Locale for students whose row has none.

    Returns
    -------
    list of Student
        In roster order.

    Raises
    ------
    RosterError
        If the file is missing, unreadable, has no ``student_id`` column, no
        students, an empty or repeated id, or an unknown locale; the message lists
        every problem with its row number.

    Examples
    --------
    >>> read_roster("no/such/roster.csv")
    Traceback (most recent call last):
    ...
    labkit.course.assign.RosterError: roster no/such/roster.csv: file not found
    """
    where = f"roster {Path(path).as_posix()}"
    if default_locale not in LOCALES:
        raise RosterError(f"locale {default_locale!r} is not one of {', '.join(LOCALES)}")
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RosterError(f"{where}: file not found") from None
    except UnicodeDecodeError:
        raise RosterError(f"{where}: not UTF-8 text; save it as 'CSV UTF-8'") from None
    except OSError as error:
        raise RosterError(f"{where}: cannot be read ({error})") from None
    reader = csv.DictReader(text.splitlines())
    columns = {(c or "").strip().lower(): c for c in reader.fieldnames or []}
    if "student_id" not in columns:
        found = ", ".join(repr(c) for c in reader.fieldnames or []) or "no header at all"
        raise RosterError(f"{where}: needs a 'student_id' column; found {found}")
    students: list[Student] = []
    problems: list[str] = []
    first_row: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):

        def value(name: str, row: dict[str, str | None] = row) -> str:
            return (row.get(columns[name]) or "").strip() if name in columns else ""

        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        student_id, locale = value("student_id"), value("locale") or default_locale
        if not student_id:
            problems.append(f"row {number}: student_id is empty")
            continue
        if student_id in first_row:
            problems.append(
                f"row {number}: student_id {student_id!r} repeats row {first_row[student_id]}"
            )
            continue
        first_row[student_id] = number
        if locale not in LOCALES:
            problems.append(f"row {number}: locale {locale!r} is not one of {', '.join(LOCALES)}")
            continue
        students.append(Student(student_id, value("name"), locale))
    files: dict[str, str] = {}
    for student in students:
        other = files.setdefault(student.file_id.lower(), student.student_id)
        if other != student.student_id:
            problems.append(
                f"student_id {student.student_id!r} and {other!r} give the same file name"
            )
    if not students and not problems:
        problems.append("no students")
    if problems:
        raise RosterError(f"{where}: " + "; ".join(problems))
    return students


def exercises_for_chapter(chapter: str | int, root: Path | None = None) -> Path:
    """The exercises notebook of a chapter.

    Parameters
    ----------
    chapter : str or int
        ``"00"``, ``"0"`` or ``0``.
    root : Path, optional
        The kit's top folder; default: this checkout.

    Returns
    -------
    Path

    Raises
    ------
    ValueError
        If the chapter is not a number or has no exercises notebook (the message
        lists those that exist).

    Examples
    --------
    >>> exercises_for_chapter(0).name
    '00_start_here_exercises.ipynb'
    """
    try:
        number = f"{int(str(chapter)):02d}"
    except ValueError:
        raise ValueError(f"chapter must be a number such as 00 or 5, got {chapter!r}") from None
    folder = (root or repo_root()) / "exercises"
    matches = sorted(folder.glob(f"{number}_*_exercises.ipynb"))
    if not matches:
        have = ", ".join(p.name[:2] for p in sorted(folder.glob("*_exercises.ipynb"))) or "none"
        raise ValueError(
            f"no exercises notebook for chapter {number} in {folder}; chapters: {have}"
        )
    return matches[0]


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
        The student's world seed (see :func:`derive_seed`).
    chapter : str
        Two-digit chapter number, recorded in the metadata.

    Returns
    -------
    NotebookNode
        The first code cell's ``world = load_world(...)`` line loads the student's
        world (a new first code cell does it when there is no such line), a short note
        after the title names the student and seed, and ``metadata.labkit`` records
        ``student_id``, ``name``, ``seed``, ``locale`` and ``chapter``.
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


def assign(
    roster: str | Path,
    chapter: str | int,
    out: str | Path,
    class_seed: str = "",
    default_locale: str = "en_US",
    root: Path | None = None,
) -> list[Path]:
    """Write one exercises notebook per student, and a manifest ``assignment.csv``.

    Parameters
    ----------
    roster : str or Path
        The roster CSV (see :func:`read_roster`).
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
        The kit's top folder; default: this checkout.

    Returns
    -------
    list of Path
        The notebooks written, in roster order.

    Raises
    ------
    RosterError
        On a bad roster.
    ValueError
        On an unknown chapter.
    """
    students = read_roster(roster, default_locale)
    source = exercises_for_chapter(chapter, root)
    number = source.name[:2]
    stem = source.name.removesuffix("_exercises.ipynb")
    notebook = nbformat.read(source, as_version=4)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    manifest = [("student_id", "name", "locale", "seed", "notebook")]
    for student in students:
        seed = derive_seed(student.student_id, class_seed)
        path = folder / f"{stem}_{student.file_id}.ipynb"
        path.write_bytes(notebook_bytes(assign_notebook(notebook, student, seed, number)))
        written.append(path)
        manifest.append((student.student_id, student.name, student.locale, str(seed), path.name))
    with open(folder / "assignment.csv", "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(manifest)
    return written


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``labkit assign``.

    Parameters
    ----------
    parser : argparse.ArgumentParser
    """
    parser.add_argument(
        "--roster",
        required=True,
        type=Path,
        help="CSV with a student_id column (optional: name, locale)",
    )
    parser.add_argument("--chapter", required=True, help="chapter number, e.g. 00")
    parser.add_argument("--out", required=True, type=Path, help="folder for the notebooks")
    parser.add_argument(
        "--class-seed",
        default="",
        help="salt for this class's seeds: another value gives every student another world",
    )
    parser.add_argument(
        "--locale",
        default="en_US",
        choices=LOCALES,
        help="locale for roster rows without one (default: en_US)",
    )
    parser.add_argument(
        "--root", type=Path, default=None, help="the kit's top folder (default: this checkout)"
    )


def run(args: argparse.Namespace) -> int:
    """Run ``labkit assign``.

    Parameters
    ----------
    args : argparse.Namespace
        From :func:`add_arguments`.

    Returns
    -------
    int
        0 on success, 2 on a bad roster or chapter.
    """
    try:
        written = assign(
            args.roster, args.chapter, args.out, args.class_seed, args.locale, args.root
        )
    except ValueError as error:  # RosterError is a ValueError
        print(f"labkit assign: {error}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} notebook(s) and assignment.csv to {Path(args.out).as_posix()}")
    return 0
