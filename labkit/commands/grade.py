"""``labkit grade``: grade a folder of submitted exercises notebooks.

Checks every argument first (nothing runs or is written when one is wrong: exit
2), then runs every notebook under the folder, judges each recorded answer
against the world assigned to its student, and writes the gradebook CSV and a
feedback file per student (:func:`labkit.course.grade.grade_folder`). Grading
runs the students' code with your permissions: it is not a sandbox.

Examples
--------
Shell::

    labkit grade submissions/ --out gradebook.csv --timeout 120 --class-seed "autumn-2025"
    labkit grade submissions/ --questions private/private_ch00.py --notebook-timeout 600
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from labkit.course.execution import MAX_OUTPUT
from labkit.course.grade import grade_folder
from labkit.course.grading_setup import NOTEBOOK_TIMEOUT
from labkit.i18n import _

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``labkit grade``.

    Parameters
    ----------
    parser : argparse.ArgumentParser

    Examples
    --------
    >>> add_arguments(parser := argparse.ArgumentParser())
    >>> args = parser.parse_args(["submissions"])
    >>> args.out.name, args.timeout, args.kernel, args.class_seed, args.questions
    ('gradebook.csv', 120, 'python3', None, [])
    """
    parser.add_argument("folder", type=Path, help=_("folder of submitted notebooks"))
    parser.add_argument(
        "--out", type=Path, default=Path("gradebook.csv"), help=_("gradebook CSV to write")
    )
    parser.add_argument(
        "--feedback",
        type=Path,
        default=None,
        help=_("folder for feedback files (default: feedback/ beside the gradebook)"),
    )
    parser.add_argument(
        "--timeout", type=float, default=120, help=_("seconds each cell may run (default: 120)")
    )
    parser.add_argument(
        "--chapter", default=None, help=_("chapter graded (default: from each notebook)")
    )
    parser.add_argument(
        "--class-seed",
        default=None,
        help=_(
            "the salt given to `labkit assign`, to verify that each notebook uses its "
            "student's seed"
        ),
    )
    parser.add_argument("--kernel", default="python3", help=_("Jupyter kernel (default: python3)"))
    parser.add_argument(
        "--notebook-timeout",
        type=float,
        default=NOTEBOOK_TIMEOUT,
        help=_("seconds a whole notebook may run (default: {seconds:g})").format(
            seconds=NOTEBOOK_TIMEOUT
        ),
    )
    parser.add_argument(
        "--max-output",
        type=float,
        default=MAX_OUTPUT / 1e6,
        help=_(
            "millions of characters of output a notebook may produce (default: {millions:g})"
        ).format(millions=MAX_OUTPUT / 1e6),
    )
    parser.add_argument(
        "--questions",
        type=Path,
        action="append",
        default=[],
        metavar="MODULE.py",
        help=_(
            "a private question module (a QUESTIONS list the students' copy does not "
            "have); its questions are graded too. May be given more than once"
        ),
    )
    parser.add_argument(
        "--assignment",
        type=Path,
        default=None,
        help=_("the assignment.csv written by `labkit assign` (default: the one in the folder)"),
    )


def run(args: argparse.Namespace) -> int:
    """Run ``labkit grade``.

    Parameters
    ----------
    args : argparse.Namespace
        From :func:`add_arguments`.

    Returns
    -------
    int
        0 when the gradebook was written (even if some notebooks failed); 2 when an
        argument or input is wrong (checked before any notebook runs: a missing or
        empty folder, ``--out`` a folder or in a missing folder, an unknown kernel,
        a limit that is not positive, a bad assignment.csv or question module); 1
        when the gradebook could not be written at the end (the old one is kept).

    Examples
    --------
    >>> add_arguments(parser := argparse.ArgumentParser())
    >>> run(parser.parse_args(["no/such/folder"]))  # the messages go to stderr
    2
    """
    print(
        _("labkit grade runs the students' code with your permissions; it is not a sandbox."),
        file=sys.stderr,
    )
    try:
        submissions = grade_folder(
            args.folder,
            args.out,
            args.feedback,
            args.timeout,
            args.kernel,
            args.chapter,
            args.class_seed,
            progress=True,
            notebook_timeout=args.notebook_timeout,
            max_output=_characters(args.max_output),
            questions=args.questions,
            assignment=args.assignment,
        )
    except (FileNotFoundError, ValueError) as error:
        print(_("labkit grade: {error}").format(error=error), file=sys.stderr)
        return 2
    except OSError as error:  # writing at the end failed; the old gradebook is untouched
        print(
            _("labkit grade: could not write the results ({error})").format(error=error),
            file=sys.stderr,
        )
        return 1
    failed = sum(bool(s.error) for s in submissions)
    print(
        _("graded {n} notebook(s) ({failed} with errors); wrote {value}").format(
            n=len(submissions), failed=failed, value=Path(args.out).as_posix()
        )
    )
    return 0


def _characters(millions: float) -> float:
    """``--max-output`` in characters (a bad value is left for the grader to refuse)."""
    try:
        return round(float(millions) * 1e6)
    except (OverflowError, ValueError):
        return -1
