"""``labkit grade``: grade a folder of submitted exercises notebooks.

Runs every notebook under the folder and writes the gradebook CSV and a
feedback file per student (:func:`labkit.course.grade.grade_folder`). Grading
runs the students' code with your permissions: it is not a sandbox.

Examples
--------
Shell::

    labkit grade submissions/ --out gradebook.csv --timeout 120 --class-seed "autumn-2025"
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from labkit.course.grade import grade_folder

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
    >>> args.out.name, args.timeout, args.kernel, args.class_seed
    ('gradebook.csv', 120, 'python3', None)
    """
    parser.add_argument("folder", type=Path, help="folder of submitted notebooks")
    parser.add_argument(
        "--out", type=Path, default=Path("gradebook.csv"), help="gradebook CSV to write"
    )
    parser.add_argument(
        "--feedback",
        type=Path,
        default=None,
        help="folder for feedback files (default: feedback/ beside the gradebook)",
    )
    parser.add_argument(
        "--timeout", type=float, default=120, help="seconds each cell may run (default: 120)"
    )
    parser.add_argument(
        "--chapter", default=None, help="chapter graded (default: from each notebook)"
    )
    parser.add_argument(
        "--class-seed",
        default=None,
        help="the salt given to `labkit assign`, to verify that each notebook uses its "
        "student's seed",
    )
    parser.add_argument("--kernel", default="python3", help="Jupyter kernel (default: python3)")


def run(args: argparse.Namespace) -> int:
    """Run ``labkit grade``.

    Parameters
    ----------
    args : argparse.Namespace
        From :func:`add_arguments`.

    Returns
    -------
    int
        0 when the gradebook was written (even if some notebooks failed); 2 when
        the folder is missing or holds no notebooks, or the chapter is not a number.

    Examples
    --------
    >>> add_arguments(parser := argparse.ArgumentParser())
    >>> run(parser.parse_args(["no/such/folder"]))  # the messages go to stderr
    2
    """
    print(
        "labkit grade runs the students' code with your permissions; it is not a sandbox.",
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
        )
    except (FileNotFoundError, ValueError) as error:
        print(f"labkit grade: {error}", file=sys.stderr)
        return 2
    if not submissions:
        print(f"labkit grade: no notebooks in {Path(args.folder).as_posix()}", file=sys.stderr)
        return 2
    failed = sum(bool(s.error) for s in submissions)
    print(
        f"graded {len(submissions)} notebook(s) ({failed} with errors); "
        f"wrote {Path(args.out).as_posix()}"
    )
    return 0
