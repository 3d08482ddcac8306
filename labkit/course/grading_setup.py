"""Everything ``labkit grade`` needs, checked before any notebook runs.

:func:`prepare_grading` validates every argument and input: the submissions
folder and its notebooks, where the gradebook and feedback go, the kernel, the
time and output limits, the chapter, ``assignment.csv`` (and that its seeds
were made with the class seed given), and private question modules. A problem
raises :class:`GradingError` (or ``FileNotFoundError`` for a missing folder)
with a message that names it, and nothing has been run or written then: an
existing gradebook stays as it was.

Private question modules are loaded with
:func:`labkit.course.private_questions.load_questions`.

Examples
--------
>>> prepare_grading("no/such/folder", "gradebook.csv")
Traceback (most recent call last):
...
FileNotFoundError: no folder no/such/folder
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

from labkit import questions as registry
from labkit.course.execution import MAX_OUTPUT
from labkit.course.notebook_files import chapter_number
from labkit.course.private_questions import QuestionModuleError, load_questions
from labkit.course.roster import MANIFEST_NAME, AssignedNotebook, derive_seed, read_manifest
from labkit.i18n import _
from labkit.questions import Question

__all__ = [
    "NOTEBOOK_TIMEOUT",
    "GradingError",
    "GradingSetup",
    "prepare_grading",
]

#: Seconds a whole notebook may run when grading, unless told otherwise.
NOTEBOOK_TIMEOUT = 900.0


class GradingError(ValueError):
    """Grading cannot start: an argument or an input is wrong (nothing was run or written)."""


@dataclass
class GradingSetup:
    """The checked arguments of one grading run.

    Attributes
    ----------
    folder : Path
        The submissions.
    notebooks : list of Path
        Every ``*.ipynb`` under it (checkpoints left out), sorted.
    out, feedback : Path
        The gradebook CSV and the folder of feedback files.
    timeout, notebook_timeout : float
        Seconds per cell, and for a whole notebook.
    max_output : int
        Characters of output a notebook may produce.
    kernel_name : str
    chapter : str or None
        The chapter graded, or None for each notebook's own.
    class_seed : str or None
    manifest : dict or None
        ``assignment.csv``: notebook file name to :class:`AssignedNotebook`; None
        when there is none.
    hidden : list of Question
        Questions from private modules.

    Examples
    --------
    >>> GradingSetup(Path("s"), [], Path("g.csv"), Path("feedback")).timeout
    120.0
    """

    folder: Path
    notebooks: list[Path]
    out: Path
    feedback: Path
    timeout: float = 120.0
    notebook_timeout: float = NOTEBOOK_TIMEOUT
    max_output: int = MAX_OUTPUT
    kernel_name: str = "python3"
    chapter: str | None = None
    class_seed: str | None = None
    manifest: dict[str, AssignedNotebook] | None = None
    hidden: list[Question] = field(default_factory=list)

    def questions(self, chapter: str) -> list[Question]:
        """The questions graded in a chapter: the registry's, then the private ones."""
        shipped = registry.chapter_questions(chapter) if chapter else []
        return shipped + [q for q in self.hidden if q.chapter == chapter]


def prepare_grading(
    folder: str | Path,
    out: str | Path,
    feedback: str | Path | None = None,
    timeout: float = 120,
    kernel_name: str = "python3",
    chapter: str | None = None,
    class_seed: str | None = None,
    notebook_timeout: float | None = None,
    max_output: int = MAX_OUTPUT,
    questions: Sequence[str | Path] = (),
    assignment: str | Path | None = None,
) -> GradingSetup:
    """Check every argument of a grading run; run and write nothing.

    Parameters
    ----------
    folder, out, feedback, timeout, kernel_name, chapter, class_seed
        As for :func:`labkit.course.grade.grade_folder`.
    notebook_timeout : float, optional
        Seconds a whole notebook may run; default :data:`NOTEBOOK_TIMEOUT`.
    max_output : int
        Characters of output a notebook may produce.
    questions : sequence of paths
        Private question modules.
    assignment : path, optional
        The manifest; default ``assignment.csv`` in ``folder`` when it is there.

    Returns
    -------
    GradingSetup

    Raises
    ------
    FileNotFoundError
        If ``folder`` does not exist.
    GradingError
        For any other argument or input that cannot be used; the message names it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:  # doctest: +ELLIPSIS
    ...     prepare_grading(folder, Path(folder) / "gradebook.csv")
    Traceback (most recent call last):
    ...
    labkit.course.grading_setup.GradingError: no notebooks (*.ipynb) in ...
    """
    base = Path(folder)
    if not base.is_dir():
        raise FileNotFoundError(_("no folder {value}").format(value=base.as_posix()))
    target = _checked_out(Path(out))
    setup = GradingSetup(
        folder=base,
        notebooks=[],
        out=target,
        feedback=_checked_feedback(Path(feedback) if feedback else target.parent / "feedback"),
        timeout=_positive("--timeout", timeout),
        notebook_timeout=_positive(
            "--notebook-timeout", NOTEBOOK_TIMEOUT if notebook_timeout is None else notebook_timeout
        ),
        max_output=int(_positive("--max-output", max_output)),
        kernel_name=_checked_kernel(kernel_name),
        chapter=_checked_chapter(chapter),
        class_seed=class_seed,
    )
    try:
        setup.hidden = load_questions(questions)
    except QuestionModuleError as error:
        raise GradingError(str(error)) from None
    if setup.chapter is not None and not setup.questions(setup.chapter):
        raise GradingError(_("chapter {chapter} has no questions").format(chapter=setup.chapter))
    setup.manifest = _checked_manifest(base, assignment, class_seed)
    setup.notebooks = sorted(
        p for p in base.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.relative_to(base).parts
    )
    if not setup.notebooks:
        raise GradingError(_("no notebooks (*.ipynb) in {value}").format(value=base.as_posix()))
    return setup


def _checked_out(out: Path) -> Path:
    if out.is_dir():
        raise GradingError(
            _("--out {value} is a folder; give a file, e.g. {value2}").format(
                value=out.as_posix(), value2=(out / "gradebook.csv").as_posix()
            )
        )
    if out.exists() and not out.is_file():
        raise GradingError(_("--out {value} is not a regular file").format(value=out.as_posix()))
    parent = out.parent
    if not parent.is_dir():
        raise GradingError(
            _("the folder of --out ({value}) does not exist").format(value=parent.as_posix())
        )
    if not os.access(parent, os.W_OK):
        raise GradingError(
            _("cannot write into {value} (the folder of --out)").format(value=parent.as_posix())
        )
    return out


def _checked_feedback(folder: Path) -> Path:
    if folder.exists() and not folder.is_dir():
        raise GradingError(
            _("the feedback folder {value} is a file").format(value=folder.as_posix())
        )
    if not folder.exists() and not folder.parent.is_dir():
        raise GradingError(
            _("the folder of the feedback folder ({value}) does not exist").format(
                value=folder.parent.as_posix()
            )
        )
    return folder


def _positive(name: str, value: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise GradingError(
            _("{name} must be a number of seconds, got {value!r}").format(name=name, value=value)
        ) from None
    if not math.isfinite(number) or number <= 0:
        raise GradingError(
            _("{name} must be a positive number, got {value!r}").format(name=name, value=value)
        )
    return number


def _checked_kernel(name: str) -> str:
    manager = KernelSpecManager()
    try:
        manager.get_kernel_spec(name)
    except NoSuchKernel:
        known = ", ".join(sorted(manager.find_kernel_specs())) or "none"
        raise GradingError(
            _("no Jupyter kernel named {name!r}; installed: {known}").format(name=name, known=known)
        ) from None
    return name


def _checked_chapter(chapter: str | None) -> str | None:
    if chapter is None:
        return None
    try:
        return chapter_number(chapter)
    except ValueError as error:
        raise GradingError(str(error)) from None


def _checked_manifest(
    folder: Path, assignment: str | Path | None, class_seed: str | None
) -> dict[str, AssignedNotebook] | None:
    path = Path(assignment) if assignment is not None else folder / MANIFEST_NAME
    if assignment is None and not path.exists():
        return None
    manifest = read_manifest(path)  # a RosterError is a ValueError: grading stops
    if class_seed is not None:
        wrong = [
            entry.student.student_id
            for entry in manifest.values()
            if derive_seed(entry.student.student_id, class_seed) != entry.seed
        ]
        if wrong:
            raise GradingError(
                _(
                    "{value}: the seeds of {n} of {n2} students (e.g. {wrong!r}) were not made "
                    "with this --class-seed; use the class seed given to `labkit assign`, or the "
                    "assignment.csv it wrote"
                ).format(value=path.as_posix(), n=len(wrong), n2=len(manifest), wrong=wrong[0])
            )
    return manifest
