"""The students of a class: the roster, their world seeds, and the assignment manifest.

A roster is a CSV with a ``student_id`` column and optional ``name`` and
``locale`` columns. Each student's world seed is derived from the id (and an
optional class salt) with SHA-256, so it is the same on every machine and in
every Python version. ``labkit assign`` writes a manifest, ``assignment.csv``
(student, name, locale, seed, notebook file), which ``labkit grade`` reads to
know whose each collected notebook is and which world to judge it on: the
notebook's own metadata is never trusted for that.

Rosters and manifests are read with CSV semantics only (the csv module on a file
opened with ``newline=""``): a line break inside a quoted cell stays in the cell,
and a vertical tab, U+0085 or U+2028 is not a line break (``str.splitlines``
would make phantom students of them). Ids with control characters or line
separators are refused.

Examples
--------
>>> derive_seed("2025001") == derive_seed("2025001")
True
>>> derive_seed("2025001") != derive_seed("2025001", class_seed="spring-2026")
True
>>> Student("2025/001", "Li Wei", "zh_CN").file_id
'2025_001'
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from labkit import settings
from labkit.i18n import _
from labkit.spreadsheets import restore_cell, write_csv_atomically

__all__ = [
    "MANIFEST_NAME",
    "AssignedNotebook",
    "RosterError",
    "Student",
    "derive_seed",
    "file_stem",
    "read_manifest",
    "read_roster",
    "write_manifest",
]

#: The manifest ``labkit assign`` writes beside the notebooks.
MANIFEST_NAME = "assignment.csv"
_MANIFEST_COLUMNS = ("student_id", "name", "locale", "seed", "notebook")


class RosterError(ValueError):
    """The roster CSV cannot be used; the message lists every problem found."""


def file_stem(text: str) -> str:
    """``text`` made safe for a file name (letters, digits, ``.``, ``_``, ``-``).

    Parameters
    ----------
    text : str
        A student id.

    Returns
    -------
    str
        Never empty (``"student"`` when nothing is left).

    Examples
    --------
    >>> file_stem("s 2"), file_stem("../x"), file_stem("...")
    ('s_2', 'x', 'student')
    """
    return re.sub(r"[^\w.-]+", "_", text).strip("._") or "student"


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
        One of :data:`labkit.settings.LOCALES`.

    Examples
    --------
    >>> Student("s1").locale
    'en_US'
    """

    student_id: str
    name: str = ""
    locale: str = settings.DEFAULT_LOCALE

    @property
    def file_id(self) -> str:
        """The id made safe for a file name (letters, digits, ``.``, ``_``, ``-``)."""
        return file_stem(self.student_id)


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


def read_roster(path: str | Path, default_locale: str = settings.DEFAULT_LOCALE) -> list[Student]:
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
    labkit.course.roster.RosterError: roster no/such/roster.csv: file not found
    """
    where = f"roster {Path(path).as_posix()}"
    locales = ", ".join(settings.LOCALES)
    if default_locale not in settings.LOCALES:
        raise RosterError(
            _("locale {default_locale!r} is not one of {locales}").format(
                default_locale=default_locale, locales=locales
            )
        )
    header, rows = _read_csv(Path(path), where)
    columns = {(c or "").strip().lower(): c for c in header}
    if "student_id" not in columns:
        found = ", ".join(repr(c) for c in header) or "no header at all"
        raise RosterError(
            _("{where}: needs a 'student_id' column; found {found}").format(
                where=where, found=found
            )
        )
    students: list[Student] = []
    problems: list[str] = []
    first_row: dict[str, tuple[int, str]] = {}
    for number, row in rows:
        cells = dict(zip(header, row, strict=False))

        def value(name: str, cells: dict[str, str] = cells) -> str:
            return (cells.get(columns[name]) or "").strip() if name in columns else ""

        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.append(
                f"row {number}: {len(row)} cells but {len(header)} columns "
                "(a comma in a name? put the name in quotes)"
            )
            continue
        student_id, locale = value("student_id"), value("locale") or default_locale
        if not student_id:
            problems.append(f"row {number}: student_id is empty")
            continue
        bad = _bad_character(student_id) or _bad_character(value("name"))
        if bad:
            problems.append(f"row {number}: {bad}")
            continue
        key = _id_key(student_id)
        if key in first_row:
            seen_row, seen_id = first_row[key]
            same = "" if seen_id == student_id else f" ({seen_id!r}, apart from case or width)"
            problems.append(f"row {number}: student_id {student_id!r} repeats row {seen_row}{same}")
            continue
        first_row[key] = (number, student_id)
        if locale not in settings.LOCALES:
            problems.append(f"row {number}: locale {locale!r} is not one of {locales}")
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


def _read_csv(path: Path, where: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the numbered rows of a UTF-8 CSV, read with CSV semantics only."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [cell.strip() for cell in next(reader, [])]
            rows = list(enumerate(reader, start=2))  # the row numbers a spreadsheet shows
    except FileNotFoundError:
        raise RosterError(_("{where}: file not found").format(where=where)) from None
    except UnicodeDecodeError:
        raise RosterError(
            _("{where}: not UTF-8 text; save it as 'CSV UTF-8'").format(where=where)
        ) from None
    except csv.Error as error:
        raise RosterError(
            _("{where}: not a valid CSV ({error})").format(where=where, error=error)
        ) from None
    except OSError as error:
        raise RosterError(
            _("{where}: cannot be read ({error})").format(where=where, error=error)
        ) from None
    return header, rows


def _bad_character(text: str) -> str:
    """What is wrong with a roster cell's characters, or empty when nothing is.

    Control and format characters and line or paragraph separators (a vertical
    tab, U+0085, U+2028 ...) are refused: they break lines in some programs and
    make ids that look alike but differ.
    """
    for character in text:
        category = unicodedata.category(character)
        if category.startswith("C") or category in ("Zl", "Zp"):
            name = unicodedata.name(character, "a control character")
            return f"{text!r} contains U+{ord(character):04X} ({name.lower()})"
    return ""


def _id_key(student_id: str) -> str:
    """An id compared as people read it: width (ＡＢ, AB) and case do not matter."""
    return unicodedata.normalize("NFKC", student_id).casefold()


def write_manifest(folder: Path, rows: Iterable[tuple[Student, int, str]]) -> Path:
    """Write ``assignment.csv``: one row per student with their seed and notebook.

    Parameters
    ----------
    folder : Path
        Where the students' notebooks are.
    rows : iterable of (Student, int, str)
        Each student, their seed and their notebook's file name.

    Returns
    -------
    Path
        The manifest, UTF-8 with a BOM (so Excel reads names correctly), cells
        that a spreadsheet would run as formulas neutralised
        (:mod:`labkit.spreadsheets`; :func:`read_manifest` restores them).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_manifest(Path(folder), [(Student("s1", "Ada"), 7, "00_x_s1.ipynb")])
    ...     read_manifest(path)["00_x_s1.ipynb"].seed
    7
    """
    lines = [
        (student.student_id, student.name, student.locale, str(seed), notebook)
        for student, seed, notebook in rows
    ]
    return write_csv_atomically(folder / MANIFEST_NAME, _MANIFEST_COLUMNS, lines)


@dataclass(frozen=True)
class AssignedNotebook:
    """One row of ``assignment.csv``: whose a notebook file is, and the world it got.

    Attributes
    ----------
    student : Student
        The student the file was written for.
    seed : int
        The seed of the student's world.
    notebook : str
        The notebook's file name.

    Examples
    --------
    >>> AssignedNotebook(Student("s1"), 7, "00_x_s1.ipynb").student.locale
    'en_US'
    """

    student: Student
    seed: int
    notebook: str


def read_manifest(path: Path) -> dict[str, AssignedNotebook]:
    """Notebook file name to whose it is, from ``labkit assign``'s manifest.

    Parameters
    ----------
    path : Path
        An ``assignment.csv``.

    Returns
    -------
    dict
        File name to :class:`AssignedNotebook`.

    Raises
    ------
    RosterError
        If the file is missing or cannot be read, lacks a column, or has a row
        with an empty or repeated file name, a bad seed, an unknown locale or a
        control character; the message lists every problem with its row.

    Examples
    --------
    >>> read_manifest(Path("no/such/assignment.csv"))
    Traceback (most recent call last):
    ...
    labkit.course.roster.RosterError: assignment no/such/assignment.csv: file not found
    """
    where = f"assignment {Path(path).as_posix()}"
    header, rows = _read_csv(Path(path), where)
    missing = [c for c in _MANIFEST_COLUMNS if c not in header]
    if missing:
        raise RosterError(
            _("{where}: needs the columns {items}; {items2} missing").format(
                where=where, items=", ".join(_MANIFEST_COLUMNS), items2=", ".join(missing)
            )
        )
    found: dict[str, AssignedNotebook] = {}
    problems: list[str] = []
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: restore_cell(cell) for name, cell in zip(header, row, strict=False)}
        student_id, notebook = cells.get("student_id", "").strip(), cells.get("notebook", "")
        seed, locale = cells.get("seed", "").strip(), cells.get("locale", "").strip()
        bad = next(
            (b for b in map(_bad_character, (student_id, notebook, cells.get("name", ""))) if b),
            "",
        )
        if bad:
            problems.append(f"row {number}: {bad}")
        elif not student_id or not notebook:
            problems.append(f"row {number}: student_id and notebook must not be empty")
        elif notebook in found:
            problems.append(f"row {number}: notebook {notebook!r} is listed twice")
        elif not seed.isdigit() or int(seed) >= 2**32:
            problems.append(f"row {number}: seed {seed!r} is not a whole number below 2**32")
        elif locale not in settings.LOCALES:
            problems.append(
                f"row {number}: locale {locale!r} is not one of {', '.join(settings.LOCALES)}"
            )
        else:
            student = Student(student_id, cells.get("name", "").strip(), locale)
            found[notebook] = AssignedNotebook(student, int(seed), notebook)
    if problems:
        raise RosterError(f"{where}: " + "; ".join(problems))
    return found
