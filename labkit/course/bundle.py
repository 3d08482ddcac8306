"""The students' copy of the kit: a zip of what they need, without the answers.

A copy of the whole kit hands students the answers: ``solutions/`` and
``sources/solutions/`` hold every question answered, ``tests/`` holds right
answers written as a student would, and ``.git`` holds the history of both.
:func:`write_bundle` writes a zip of an allow-list (:data:`STUDENT_FILES`)
instead: the package, the datasets, the teaching and exercises notebooks, the
docs and the set-up files. ``labkit assign --bundle kit.zip`` writes it.

What a bundle cannot hide: ``labkit/questions/`` computes every expected answer
(``check()`` needs it), so a student who reads the code can find any answer of
the shipped questions. Questions that must stay private go in a private question
module given to ``labkit grade --questions`` (see ``docs/instructors.md``).

Examples
--------
>>> "solutions" in STUDENT_FILES, "labkit" in STUDENT_FILES
(False, True)
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

__all__ = ["STUDENT_FILES", "bundle_paths", "write_bundle"]

#: What a student's copy holds: folders (all files below them) and single files.
STUDENT_FILES = (
    "labkit",
    "datasets",
    "notebooks",
    "exercises",
    "sources/notebooks",
    "docs",
    "README.md",
    "LICENSE",
    "pyproject.toml",
    "environment.yml",
    "run.py",
)
_SKIPPED_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".DS_Store"}
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # the same zip bytes on every run


def bundle_paths(root: Path) -> list[Path]:
    """Every file of the students' copy, relative to the kit's top folder, sorted.

    Parameters
    ----------
    root : Path
        The kit's top folder.

    Returns
    -------
    list of Path

    Examples
    --------
    >>> from labkit.course.notebook_files import CourseFolders
    >>> paths = bundle_paths(CourseFolders.find().root)
    >>> any(p.parts[0] == "solutions" for p in paths), Path("run.py") in paths
    (False, True)
    """
    found: list[Path] = []
    for entry in STUDENT_FILES:
        path = root / entry
        candidates = [path] if path.is_file() else sorted(path.rglob("*"))
        for candidate in candidates:
            relative = candidate.relative_to(root)
            if (
                candidate.is_file()
                and not candidate.is_symlink()
                and not _SKIPPED_PARTS.intersection(relative.parts)
                and candidate.suffix not in (".pyc", ".pyo")
            ):
                found.append(relative)
    return sorted(set(found))


def write_bundle(root: Path, path: str | os.PathLike) -> Path:
    """Write the students' copy of the kit as a zip, without the answers.

    Parameters
    ----------
    root : Path
        The kit's top folder.
    path : str or path
        The zip to write (its folder must exist); written to a temporary name
        first, then renamed.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile
    >>> from labkit.course.notebook_files import CourseFolders
    >>> with tempfile.TemporaryDirectory() as folder:  # doctest: +SKIP
    ...     bundle = write_bundle(CourseFolders.find().root, Path(folder) / "kit.zip")
    """
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for relative in bundle_paths(root):
                info = zipfile.ZipInfo(f"labkit-course/{relative.as_posix()}", _FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, (root / relative).read_bytes())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target
