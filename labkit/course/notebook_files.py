"""The course's notebook files: where they are, what they are called, their exact bytes.

One place knows the folders of a copy of the kit (like nbgrader's ``coursedir``)
and the naming conventions of its notebooks:

* ``solutions/NN_name_solutions.ipynb`` — a chapter's questions with their answers;
  the one source of its exercises;
* ``exercises/NN_name_exercises.ipynb`` — the same questions, answers blanked;
* ``NN_name_<student>.ipynb`` — a student's copy written by ``labkit assign``.

Notebooks are read as nbformat 4 and written deterministically (sorted keys,
one-space indent, UTF-8, LF, a final newline), so a rebuilt notebook can be
compared byte for byte with the committed one.

Examples
--------
>>> folders = CourseFolders.find()
>>> [path.name for path in folders.solutions_notebooks(["0"])]
['00_start_here_solutions.ipynb', '00_start_here_zh_solutions.ipynb']
>>> exercises_path(folders.solutions / "00_start_here_solutions.ipynb").name
'00_start_here_exercises.ipynb'
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import nbformat

from labkit import settings
from labkit.i18n import _

__all__ = [
    "KERNELSPEC",
    "SOLUTIONS_NAME",
    "BuildError",
    "CourseFolders",
    "chapter_in_name",
    "chapter_number",
    "exercises_path",
    "fixed_metadata",
    "notebook_bytes",
    "read_notebook",
    "stderr_lines",
    "write_notebook",
]

#: ``NN_name_solutions.ipynb``: the name of every solutions notebook.
SOLUTIONS_NAME = re.compile(r"^(?P<chapter>\d{2})_(?P<name>[a-z0-9_]+)_solutions\.ipynb$")
_CHAPTER_PREFIX = re.compile(r"^(?P<chapter>\d{2})_")
#: The kernel every notebook of the course names.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class BuildError(ValueError):
    """A course notebook cannot be built (from a source, or from its solutions)."""


def fixed_metadata(labkit: dict[str, str] | None = None) -> dict[str, object]:
    """The notebook metadata every built notebook gets, whoever ran it last.

    Parameters
    ----------
    labkit : dict, optional
        The kit's own record (``chapter``, ``generated_from``, ``notebook`` ...).

    Returns
    -------
    dict
        ``kernelspec`` and ``language_info``, and ``labkit`` when given.

    Examples
    --------
    >>> sorted(fixed_metadata({"chapter": "00"}))
    ['kernelspec', 'labkit', 'language_info']
    >>> fixed_metadata()["kernelspec"]["name"]
    'python3'
    """
    metadata: dict[str, object] = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
    }
    if labkit is not None:
        metadata["labkit"] = dict(labkit)
    return metadata


def chapter_number(chapter: str | int) -> str:
    """A chapter number in its two-digit form.

    Parameters
    ----------
    chapter : str or int
        ``"00"``, ``"0"`` or ``0``.

    Returns
    -------
    str
        Two digits, e.g. ``"05"``.

    Raises
    ------
    ValueError
        If ``chapter`` is not a whole number.

    Examples
    --------
    >>> chapter_number("5"), chapter_number(12)
    ('05', '12')
    """
    try:
        return f"{int(str(chapter).strip()):02d}"
    except ValueError:
        raise ValueError(
            _("chapter must be a number such as 00 or 5, got {chapter!r}").format(chapter=chapter)
        ) from None


def chapter_in_name(path: str | os.PathLike) -> str:
    """The chapter a notebook's file name starts with (``NN_...``), or ``""``.

    Parameters
    ----------
    path : str or path
        Any notebook of the course: solutions, exercises or a student's copy.

    Returns
    -------
    str
        Two digits, or empty when the name does not start with them.

    Examples
    --------
    >>> chapter_in_name("submissions/03_database_s001.ipynb")
    '03'
    >>> chapter_in_name("homework.ipynb")
    ''
    """
    match = _CHAPTER_PREFIX.match(Path(path).name)
    return match.group("chapter") if match else ""


def exercises_path(solutions: Path) -> Path:
    """Where the exercises notebook built from ``solutions`` lives.

    Parameters
    ----------
    solutions : Path
        ``.../solutions/NN_name_solutions.ipynb``.

    Returns
    -------
    Path
        ``.../exercises/NN_name_exercises.ipynb``.

    Examples
    --------
    >>> exercises_path(Path("solutions/00_start_here_solutions.ipynb")).as_posix()
    'exercises/00_start_here_exercises.ipynb'
    """
    name = solutions.name.removesuffix("_solutions.ipynb") + "_exercises.ipynb"
    return solutions.parent.parent / "exercises" / name


@dataclass(frozen=True)
class CourseFolders:
    """The folders of one copy of the kit, and the notebooks in them.

    Attributes
    ----------
    root : Path
        The kit's top folder (the one holding ``solutions/`` and ``exercises/``).

    Examples
    --------
    >>> folders = CourseFolders(Path("kit"))
    >>> folders.solutions.as_posix(), folders.exercises.as_posix()
    ('kit/solutions', 'kit/exercises')
    """

    root: Path

    @classmethod
    def find(cls, root: str | os.PathLike | None = None) -> CourseFolders:
        """The folders under ``root``, or under this copy of the kit.

        Parameters
        ----------
        root : str or path, optional
            The kit's top folder; default :func:`labkit.settings.project_root`.

        Returns
        -------
        CourseFolders

        Raises
        ------
        FileNotFoundError
            If ``root`` is not given and no copy of the kit is found.

        Examples
        --------
        >>> (CourseFolders.find().root / "labkit").is_dir()
        True
        """
        if root is not None:
            return cls(Path(root))
        found = settings.project_root()
        if found is None:
            raise FileNotFoundError(
                _(
                    "no copy of the kit found (a folder with pyproject.toml, notebooks/ and "
                    "datasets/): run this from inside the kit's folder"
                )
            )
        return cls(found)

    @property
    def solutions(self) -> Path:
        """The folder of the solutions notebooks."""
        return self.root / "solutions"

    @property
    def exercises(self) -> Path:
        """The folder of the exercises notebooks."""
        return self.root / "exercises"

    def solutions_notebooks(self, chapters: Iterable[str | int] | None = None) -> list[Path]:
        """The solutions notebooks, optionally of some chapters only.

        Parameters
        ----------
        chapters : iterable of str or int, optional
            Chapter numbers (``"0"`` is read as ``"00"``); default all.

        Returns
        -------
        list of Path
            Sorted by name; files not named ``NN_name_solutions.ipynb`` are left out.

        Raises
        ------
        ValueError
            If a chapter is not a number.

        Examples
        --------
        >>> folders = CourseFolders.find()
        >>> [path.name[:2] for path in folders.solutions_notebooks([0, "1"])]  # English, 中文
        ['00', '00', '01', '01']
        """
        wanted = {chapter_number(c) for c in chapters} if chapters else None
        found = []
        for path in sorted(self.solutions.glob("*_solutions.ipynb")):
            match = SOLUTIONS_NAME.match(path.name)
            if match and (wanted is None or match.group("chapter") in wanted):
                found.append(path)
        return found

    def exercises_notebooks(self) -> list[Path]:
        """Every exercises notebook in the ``exercises/`` folder, sorted by name.

        Examples
        --------
        >>> CourseFolders.find().exercises_notebooks()[0].name
        '00_start_here_exercises.ipynb'
        """
        return sorted(self.exercises.glob("*_exercises.ipynb"))

    def exercises_notebook(self, chapter: str | int) -> Path:
        """The exercises notebook of one chapter.

        Parameters
        ----------
        chapter : str or int
            ``"00"``, ``"0"`` or ``0``.

        Returns
        -------
        Path

        Raises
        ------
        ValueError
            If the chapter is not a number or has no exercises notebook (the message
            lists the chapters that have one).

        Examples
        --------
        >>> CourseFolders.find().exercises_notebook(0).name
        '00_start_here_exercises.ipynb'
        """
        number = chapter_number(chapter)
        matches = sorted(self.exercises.glob(f"{number}_*_exercises.ipynb"))
        if not matches:
            have = ", ".join(path.name[:2] for path in self.exercises_notebooks()) or "none"
            raise ValueError(
                _(
                    "no exercises notebook for chapter {number} in {exercises}; chapters: {have}"
                ).format(number=number, exercises=self.exercises, have=have)
            )
        return matches[0]

    def relative(self, path: Path) -> str:
        """``path`` relative to the kit's top folder, with ``/``, for messages.

        Examples
        --------
        >>> CourseFolders(Path("kit")).relative(Path("kit/exercises/x.ipynb"))
        'exercises/x.ipynb'
        """
        return path.relative_to(self.root).as_posix()


def read_notebook(path: str | os.PathLike) -> nbformat.NotebookNode:
    """Read a notebook file as nbformat 4.

    Parameters
    ----------
    path : str or path
        A ``.ipynb`` file in UTF-8.

    Returns
    -------
    NotebookNode

    Raises
    ------
    OSError, UnicodeDecodeError, nbformat.reader.NotJSONError, ...
        Whatever nbformat raises for a file that is not a notebook.

    Examples
    --------
    >>> notebook = read_notebook(CourseFolders.find().exercises_notebook(0))
    >>> notebook.nbformat
    4
    """
    return nbformat.reads(Path(path).read_text(encoding="utf-8"), as_version=4)


def notebook_bytes(notebook: nbformat.NotebookNode) -> bytes:
    """Serialise a notebook deterministically (sorted keys, indent 1, final newline, LF).

    Parameters
    ----------
    notebook : NotebookNode

    Returns
    -------
    bytes
        UTF-8, non-ASCII characters kept as they are.

    Examples
    --------
    >>> notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("客户")])
    >>> notebook.cells[0].id = "cell-000"
    >>> data = notebook_bytes(notebook)
    >>> data.endswith(b"}\\n"), "客户".encode() in data, data == notebook_bytes(notebook)
    (True, True, True)
    """
    text = nbformat.writes(notebook, version=4)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def write_notebook(notebook: nbformat.NotebookNode, path: str | os.PathLike) -> Path:
    """Write a notebook as :func:`notebook_bytes` gives it.

    Parameters
    ----------
    notebook : NotebookNode
    path : str or path
        The file to write (its folder must exist).

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = write_notebook(nbformat.v4.new_notebook(), Path(folder) / "x.ipynb")
    ...     read_notebook(target).cells
    []
    """
    target = Path(path)
    target.write_bytes(notebook_bytes(notebook))
    return target


def stderr_lines(outputs: Iterable[Mapping]) -> list[str]:
    """What a code cell's outputs wrote to stderr, one line per stream output.

    A warning or a log line a learner would see under the cell. The line kept is the one
    naming the warning when there is one (``...: FutureWarning: ...``), else the first.

    Parameters
    ----------
    outputs : iterable of mapping
        A cell's outputs, as in a notebook file or as nbval collects them.

    Returns
    -------
    list of str
        Empty when nothing was written to stderr.

    Examples
    --------
    >>> stderr_lines([{"output_type": "stream", "name": "stdout", "text": "hello"},
    ...               {"output_type": "stream", "name": "stderr",
    ...                "text": "x.py:3: FutureWarning: old\\n  f()"}])
    ['x.py:3: FutureWarning: old']
    """
    found = []
    for output in outputs:
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            text = "".join(output.get("text", "")).strip()
            lines = text.splitlines() or [""]
            found.append(next((line for line in lines if "Warning" in line), lines[0])[:200])
    return found
