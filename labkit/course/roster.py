"""The students of a class: the roster, their world seeds, and the assignment manifest.

A roster is a CSV with a ``student_id`` column and optional ``name`` and
``locale`` columns. Each student's world seed is derived from the id (and an
optional class salt) with SHA-256, so it is the same on every machine and in
every Python version. ``labkit assign`` writes a manifest, ``assignment.csv``
(student, name, locale, seed, notebook file), which ``labkit grade`` reads to
name the student of a notebook that cannot be read.

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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from labkit import settings

__all__ = [
    "MANIFEST_NAME",
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
        raise RosterError(f"locale {default_locale!r} is not one of {locales}")
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
        The manifest, UTF-8 with a BOM (so Excel reads names correctly).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_manifest(Path(folder), [(Student("s1", "Ada"), 7, "00_x_s1.ipynb")])
    ...     read_manifest(path)
    {'00_x_s1.ipynb': ('s1', 'Ada')}
    """
    path = folder / MANIFEST_NAME
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(_MANIFEST_COLUMNS)
        for student, seed, notebook in rows:
            writer.writerow((student.student_id, student.name, student.locale, str(seed), notebook))
    return path


def read_manifest(path: Path) -> dict[str, tuple[str, str]]:
    """Notebook file name to ``(student_id, name)``, from ``labkit assign``'s manifest.

    Parameters
    ----------
    path : Path
        An ``assignment.csv``.

    Returns
    -------
    dict
        Empty when the file is missing or cannot be read.

    Examples
    --------
    >>> read_manifest(Path("no/such/assignment.csv"))
    {}
    """
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
