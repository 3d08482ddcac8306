"""Build the course notebooks from their text sources.

Every hand-written notebook is kept as a jupytext percent-format script in
``sources/``: ``sources/notebooks/NN_name.py`` (a teaching notebook) and
``sources/solutions/NN_name_solutions.py`` (a solutions notebook). A review reads
them as plain text. The ``.ipynb`` files are build products:

* ``notebooks/NN_name.ipynb`` and ``solutions/NN_name_solutions.ipynb`` are the
  sources run top to bottom on the default world (en_US), saved with their
  outputs so a learner can read them offline;
* ``exercises/NN_name_exercises.ipynb`` are built from the solutions by
  :mod:`labkit.course.exercises` (markers become ``answer = ...``), without outputs.

Built notebooks are deterministic: cell ids from positions (``cell-000``), no
execution timestamps, fixed metadata, sorted JSON keys. :func:`find_drift` lists
every built notebook whose cells differ from its source (fast, nothing runs);
the test suite fails on any. Whether committed *outputs* match a fresh run is
tested by running the notebooks under nbval with output comparison
(``python3 run.py test``).

Cell markup in a source (jupytext percent format)::

    # %% [markdown]
    # ## A heading
    # Text of a markdown cell, each line commented.

    # %% tags=["solution-only"]
    print("a code cell with a tag")

Examples
--------
>>> source_kind(Path("sources/solutions/00_start_here_solutions.py"))
'solutions'
>>> built_path(Path("sources/notebooks/00_start_here.py"), Path(".")).as_posix()
'notebooks/00_start_here.ipynb'
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat

from labkit import settings
from labkit.course.execution import run_notebook
from labkit.course.exercises import build_all
from labkit.course.notebook_files import (
    BuildError,
    chapter_number,
    fixed_metadata,
    notebook_bytes,
    read_notebook,
    stderr_lines,
    write_notebook,
)
from labkit.course.translations import (
    LANGUAGES,
    catalogue_path,
    missing_units,
    read_catalogue,
    translate_notebook,
    translated_language,
    translated_name,
)
from labkit.i18n import _

__all__ = [
    "KINDS",
    "SOURCES",
    "Built",
    "build",
    "built_path",
    "execute_solutions",
    "find_drift",
    "notebook_from_source",
    "source_kind",
    "stderr_outputs",
    "source_paths",
    "source_text",
    "variants",
]

#: Folder of the text sources, under the kit's folder.
SOURCES = "sources"
#: The kinds of hand-written notebooks; each is built into the folder of its name.
KINDS = ("notebooks", "solutions")
#: jupytext's format for the sources: percent-format Python scripts.
FORMAT = "py:percent"
#: Only cell tags are kept in a source; notebook metadata is set by the build.
_JUPYTEXT = {"notebook_metadata_filter": "-all", "cell_metadata_filter": "tags,-all"}
_CHAPTER = re.compile(r"^(?P<chapter>\d{2})_[a-z0-9_]+\.py$")
#: The kernel draws plots inline (PNG outputs), whatever the calling process uses.
_INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


@dataclass(frozen=True)
class Built:
    """One notebook written by :func:`build`.

    Attributes
    ----------
    path : Path
        The ``.ipynb`` written.
    changed : bool
        Whether its bytes changed.
    """

    path: Path
    changed: bool


def source_kind(path: Path) -> str:
    """``"notebooks"`` or ``"solutions"``: the folder a source is built into.

    Parameters
    ----------
    path : Path
        ``sources/KIND/NN_name.py``.

    Returns
    -------
    str

    Raises
    ------
    BuildError
        If the source is not in one of the folders of :data:`KINDS`.
    """
    kind = path.parent.name
    if kind not in KINDS:
        raise BuildError(
            _("{path}: sources live in {items}").format(
                path=path, items=", ".join(f"{SOURCES}/{k}/" for k in KINDS)
            )
        )
    return kind


def built_path(source: Path, root: Path) -> Path:
    """The ``.ipynb`` that a source builds.

    Parameters
    ----------
    source : Path
        ``sources/KIND/NN_name.py``.
    root : Path
        The kit's folder.

    Returns
    -------
    Path
        ``root/KIND/NN_name.ipynb``.
    """
    return root / source_kind(source) / (source.stem + ".ipynb")


def source_paths(root: Path, chapters: list[str] | None = None) -> list[Path]:
    """Every text source, teaching notebooks first, optionally only some chapters.

    Parameters
    ----------
    root : Path
        The kit's folder.
    chapters : list of str, optional
        Two-digit chapter numbers (``"3"`` is read as ``"03"``).

    Returns
    -------
    list of Path
    """
    wanted = {chapter_number(c) for c in chapters} if chapters else None
    found = []
    for kind in KINDS:
        for path in sorted((root / SOURCES / kind).glob("*.py")):
            match = _CHAPTER.match(path.name)
            if match and (wanted is None or match.group("chapter") in wanted):
                found.append(path)
    return found


def notebook_from_source(source: Path, root: Path) -> nbformat.NotebookNode:
    """Read a text source into a notebook with the kit's fixed metadata and cell ids.

    Parameters
    ----------
    source : Path
        ``sources/KIND/NN_name.py``.
    root : Path
        The kit's folder (for the ``generated_from`` path in the metadata).

    Returns
    -------
    NotebookNode
        nbformat 4.5, no outputs.

    Raises
    ------
    BuildError
        If the file name does not follow ``NN_name.py`` or the source cannot be read.
    """
    match = _CHAPTER.match(source.name)
    if not match:
        raise BuildError(
            _("{source}: sources are named NN_name.py (two-digit chapter first)").format(
                source=source
            )
        )
    kind = source_kind(source)
    try:
        notebook = jupytext.read(source, fmt=FORMAT)
    except Exception as error:  # jupytext raises many kinds; one clear message
        raise BuildError(
            _("{source}: cannot be read ({type_name}: {error})").format(
                source=source, type_name=type(error).__name__, error=error
            )
        ) from error
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    for number, cell in enumerate(notebook.cells):
        tags = list(cell.get("metadata", {}).get("tags", []))
        cell.metadata = {"tags": tags} if tags else {}
        cell.id = f"cell-{number:03d}"
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    notebook.metadata = fixed_metadata(
        {
            "chapter": match.group("chapter"),
            "generated_from": _relative(source, root),
            "notebook": kind,
        }
    )
    return notebook


def source_text(notebook: nbformat.NotebookNode) -> str:
    """A notebook as a text source (used once to turn notebooks into sources).

    Parameters
    ----------
    notebook : NotebookNode

    Returns
    -------
    str
        The percent-format script, with cell tags and no notebook metadata.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title")])
    >>> print(source_text(nb))
    # %% [markdown]
    # # Title
    <BLANKLINE>
    """
    plain = copy.deepcopy(notebook)
    plain.metadata = {"jupytext": dict(_JUPYTEXT)}
    for cell in plain.cells:
        tags = list(cell.get("metadata", {}).get("tags", []))
        cell.metadata = {"tags": tags} if tags else {}
    return jupytext.writes(plain, fmt=FORMAT)


def _cells(notebook: nbformat.NotebookNode) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """What a source fixes about each cell: id, type, text and tags."""
    return [
        (
            cell.get("id", ""),
            cell.cell_type,
            cell.source,
            tuple(cell.get("metadata", {}).get("tags", [])),
        )
        for cell in notebook.cells
    ]


def _targets(source: Path, root: Path) -> list[Path]:
    """The notebooks a source builds: English, and each language it has a catalogue for."""
    english = built_path(source, root)
    return [english] + [
        english.with_name(translated_name(english.name, language))
        for language in LANGUAGES
        if catalogue_path(root, source, language).exists()
    ]


def variants(source: Path, root: Path) -> list[tuple[Path, nbformat.NotebookNode]]:
    """Each notebook a source builds, unexecuted: English, then each translation.

    A translation is built where ``sources/translations/<language>/<stem>.po`` exists.

    Parameters
    ----------
    source : Path
        ``sources/KIND/NN_name.py``.
    root : Path
        The kit's folder.

    Returns
    -------
    list of (Path, NotebookNode)
        The target ``.ipynb`` and its cells.

    Raises
    ------
    BuildError
        If the source cannot be read, or a unit of it has no finished translation in
        a catalogue (the message names each cell; ``labkit notebooks --extract``
        adds new units to the catalogue).
    """
    english = notebook_from_source(source, root)
    built = [(built_path(source, root), english)]
    for target in _targets(source, root)[1:]:
        language = translated_language(target.name)
        catalogue = catalogue_path(root, source, language)
        translations = read_catalogue(catalogue)
        missing = missing_units(english, translations)
        if missing:
            raise BuildError(
                _(
                    "{relative}: {n} unit(s) of {relative2} have no translation ({items}{value}); "
                    "run `labkit notebooks --extract`, translate them, and build again"
                ).format(
                    relative=_relative(catalogue, root),
                    n=len(missing),
                    relative2=_relative(source, root),
                    items="; ".join(missing[:5]),
                    value=" …" if len(missing) > 5 else "",
                )
            )
        built.append((target, translate_notebook(english, translations, language)))
    return built


def find_drift(root: Path, chapters: list[str] | None = None) -> list[str]:
    """Built notebooks whose cells or metadata differ from their sources.

    Nothing is run: outputs are not compared here (nbval does that).

    Parameters
    ----------
    root : Path
        The kit's folder.
    chapters : list of str, optional
        Only these chapters.

    Returns
    -------
    list of str
        One line per problem; empty when every built notebook matches its source.
    """
    problems = []
    sources = source_paths(root, chapters)
    known: set[Path] = set()
    for source in sources:
        expected_by_target: dict[Path, nbformat.NotebookNode] | None = None  # read once
        for target in _targets(source, root):
            known.add(target)
            name = _relative(target, root)
            if not target.exists():
                problems.append(
                    _("{name}: missing (build it from {source})").format(
                        name=name, source=_relative(source, root)
                    )
                )
                continue
            try:
                if expected_by_target is None:
                    expected_by_target = dict(variants(source, root))
                expected = expected_by_target[target]
                committed = nbformat.read(target, as_version=4)
            except (BuildError, ValueError, OSError) as error:
                problems.append(f"{name}: {error}")
                continue
            if _cells(committed) != _cells(expected):
                problems.append(
                    _("{name}: cells differ from {source}").format(
                        name=name, source=_relative(source, root)
                    )
                )
            elif committed.metadata != expected.metadata:
                problems.append(
                    _("{name}: metadata differs from what the build writes").format(name=name)
                )
            elif _has_timing(committed):
                problems.append(_("{name}: has execution timestamps").format(name=name))
    if not chapters:
        for kind in KINDS:
            for orphan in sorted((root / kind).glob("*.ipynb")):
                if orphan not in known:
                    where = f"{SOURCES}/{kind}/"
                    problems.append(
                        _("{name}: has no source in {folder}").format(
                            name=_relative(orphan, root), folder=where
                        )
                    )
    return problems


def _has_timing(notebook: nbformat.NotebookNode) -> bool:
    return any("execution" in cell.get("metadata", {}) for cell in notebook.cells)


def build(
    root: Path | None = None,
    chapters: list[str] | None = None,
    *,
    execute: bool = True,
    timeout: float = 600,
    progress: bool = True,
) -> list[Built]:
    """Build teaching, solutions and exercises notebooks from the sources.

    Parameters
    ----------
    root : Path, optional
        The kit's folder; default :func:`labkit.settings.project_root`.
    chapters : list of str, optional
        Only these chapters.
    execute : bool
        Run each teaching and solutions notebook on the default en_US world and
        keep its outputs (the default). Without it, the cells are written with
        the outputs of the notebook already on disk where the cell is unchanged,
        and none elsewhere.
    timeout : float
        Seconds each cell may run.
    progress : bool
        Print one line per notebook.

    Returns
    -------
    list of Built
        Every notebook written, exercises included.

    Raises
    ------
    BuildError
        If a source cannot be read, a cell raises, or a solutions check is not
        correct; nothing is written for that notebook.
    """
    root = root or _project_root()
    built = []
    for source in source_paths(root, chapters):
        for target, notebook in variants(source, root):
            if progress:
                print(
                    _("building {target} from {source}").format(
                        target=_relative(target, root), source=_relative(source, root)
                    ),
                    flush=True,
                )
            if execute:
                notebook = _executed(notebook, target.parent, _relative(source, root), timeout)
            elif target.exists():
                _reuse_outputs(notebook, nbformat.read(target, as_version=4))
            data = notebook_bytes(notebook)
            changed = not target.exists() or target.read_bytes() != data
            if changed:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            built.append(Built(target, changed))
    for path in build_all(root, chapters):
        built.append(Built(path, True))
    return built


def execute_solutions(path: Path, timeout: float = 600) -> None:
    """Run a solutions notebook on the default world and save it with its outputs.

    It is run as :func:`build` runs one built from its source (in its folder, on the
    default world, plots inline), but from the ``.ipynb`` itself (``labkit
    exercises --execute``).

    Parameters
    ----------
    path : Path
        ``solutions/NN_name_solutions.ipynb``; rewritten in place.
    timeout : float
        Seconds each cell may run.

    Raises
    ------
    BuildError
        If the run stops early, a cell raises, or a check is not correct (nothing
        is written then).

    Examples
    --------
    >>> execute_solutions(Path("solutions/00_start_here_solutions.ipynb"))  # doctest: +SKIP
    """
    executed = _executed(read_notebook(path), path.parent, path.name, timeout)
    write_notebook(executed, path)


def _executed(
    notebook: nbformat.NotebookNode, folder: Path, name: str, timeout: float
) -> nbformat.NotebookNode:
    """Run a notebook in its folder on the default world; outputs in, or a BuildError."""
    # Empty values mean "not set" to load_world: outputs show the course's default world.
    env = {
        settings.ENV_LOCALE: settings.DEFAULT_LOCALE,
        settings.ENV_SEED: "",
        settings.ENV_CUSTOMERS: "",
        "MPLBACKEND": _INLINE_BACKEND,
    }
    folder.mkdir(parents=True, exist_ok=True)
    outcome = run_notebook(notebook, timeout=timeout, env=env, working_folder=folder)
    problems = ([outcome.error] if outcome.error else []) + outcome.cell_errors
    problems += stderr_outputs(outcome.notebook)
    if folder.name == "solutions":
        wrong = [r["question_id"] for r in outcome.records if r.get("status") != "correct"]
        if wrong:
            problems.append("checks not correct: " + ", ".join(wrong))
    if problems:
        raise BuildError(f"{name}: " + "; ".join(problems))
    executed = outcome.notebook
    executed.metadata = notebook.metadata
    for cell in executed.cells:
        cell.get("metadata", {}).pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = _joined_streams(cell.outputs)
    return executed


def stderr_outputs(notebook: nbformat.NotebookNode) -> list[str]:
    """What a notebook's code cells wrote to stderr: a warning or a log line a learner sees.

    A built notebook must show none: a warning in the course is either a defect of ours
    or noise the learner cannot act on. The builder refuses to write such a notebook.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        An executed notebook.

    Returns
    -------
    list of str
        One entry per stderr output, ``"cell N writes to stderr: <first line>"`` (N counts
        every cell from 0); empty when there is none.

    Examples
    --------
    >>> cell = nbformat.v4.new_code_cell("import warnings; warnings.warn('old')")
    >>> cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text="UserWarning: old")]
    >>> stderr_outputs(nbformat.v4.new_notebook(cells=[cell]))
    ['cell 0 writes to stderr: UserWarning: old']
    """
    return [
        f"cell {number} writes to stderr: {line}"
        for number, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        for line in stderr_lines(cell.get("outputs", []))
    ]


def _joined_streams(outputs: list) -> list:
    """Join consecutive prints to the same stream, which a kernel may split anywhere."""
    joined: list = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and output.get("output_type") == "stream"
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            previous["text"] = previous["text"] + output["text"]
        else:
            joined.append(output)
    return joined


def _reuse_outputs(notebook: nbformat.NotebookNode, old: nbformat.NotebookNode) -> None:
    """Give each unchanged code cell the outputs it has in the notebook on disk."""
    previous = {
        cell.source: cell for cell in old.cells if cell.cell_type == "code" and cell.outputs
    }
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source in previous:
            cell.outputs = previous[cell.source].outputs
            cell.execution_count = previous[cell.source].execution_count


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return os.fspath(path)


def _project_root() -> Path:
    root = settings.project_root()
    if root is None:
        raise BuildError(_("no copy of the kit found: run this inside the kit's folder"))
    return root
