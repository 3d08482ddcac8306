"""``labkit exercises``: build the exercises notebooks from the solutions notebooks.

``labkit exercises [NN ...]`` rebuilds ``exercises/`` from ``solutions/``
(:func:`labkit.course.exercises.build_all`); ``--execute`` first re-runs each
solutions notebook on the default world and saves its outputs
(:func:`labkit.course.notebooks.execute_solutions`); ``--check``
writes nothing and exits 1, naming the exercises notebooks that drifted from
what their solutions build (:func:`labkit.course.exercises.find_drift`).

Examples
--------
Shell::

    labkit exercises --execute   # re-run the solutions, then build
    labkit exercises --check     # change nothing; exit 1 on drift
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from labkit.course.exercises import BuildError, build_all, find_drift
from labkit.course.notebook_files import CourseFolders
from labkit.course.notebooks import execute_solutions
from labkit.i18n import _

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``labkit exercises``.

    Parameters
    ----------
    parser : argparse.ArgumentParser

    Examples
    --------
    >>> add_arguments(parser := argparse.ArgumentParser())
    >>> args = parser.parse_args(["00", "--check"])
    >>> args.chapters, args.check, args.execute, args.root
    (['00'], True, False, None)
    """
    parser.add_argument(
        "chapters", nargs="*", metavar="NN", help=_("only these chapters (default: all)")
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help=_(
            "write nothing; exit 1 and name the exercises notebooks that differ from "
            "what their solutions build"
        ),
    )
    parser.add_argument(
        "--execute",
        action="store_true",
        help=_("first run each solutions notebook on the default world and save its outputs"),
    )
    parser.add_argument(
        "--root", type=Path, default=None, help=_("the kit's top folder (default: this checkout)")
    )


def run(args: argparse.Namespace) -> int:
    """Run ``labkit exercises``.

    Parameters
    ----------
    args : argparse.Namespace
        From :func:`add_arguments`.

    Returns
    -------
    int
        0 on success; 1 when ``--check`` finds drift, or a notebook cannot be
        built or a chapter is not a number.

    Examples
    --------
    >>> run(argparse.Namespace(chapters=["00"], check=True, execute=False, root=None))
    2 exercises notebook(s) in sync.
    0
    """
    try:
        folders = CourseFolders.find(args.root)
        chapters = list(args.chapters) or None
        if args.check:
            return _report_drift(folders, chapters)
        if args.execute:
            for path in folders.solutions_notebooks(chapters):
                print(_("running {path} ...").format(path=folders.relative(path)))
                execute_solutions(path)
        written = build_all(folders.root, chapters)
        total = len(folders.solutions_notebooks(chapters))
    except (BuildError, OSError, ValueError) as error:  # BuildError is a ValueError
        print(_("labkit exercises: {error}").format(error=error), file=sys.stderr)
        return 1
    for path in written:
        print(_("wrote {path}").format(path=folders.relative(path)))
    print(
        _("{total} exercises notebook(s) built, {changed} changed.").format(
            total=total, changed=len(written)
        )
    )
    return 0


def _report_drift(folders: CourseFolders, chapters: list[str] | None) -> int:
    problems = find_drift(folders.root, chapters)
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(_("Run `labkit exercises` to rebuild them."), file=sys.stderr)
        return 1
    print(
        _("{n} exercises notebook(s) in sync.").format(n=len(folders.solutions_notebooks(chapters)))
    )
    return 0
