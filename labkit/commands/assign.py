"""``labkit assign``: one exercises notebook per student, each on its own world.

Reads the roster, writes ``NN_name_<student_id>.ipynb`` per student and
``assignment.csv`` into ``--out`` (:func:`labkit.course.assign.assign`).

Examples
--------
Shell::

    labkit assign --roster roster.csv --chapter 00 --out assigned/ --class-seed "autumn-2025"
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from labkit import settings
from labkit.course.assign import assign

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``labkit assign``.

    Parameters
    ----------
    parser : argparse.ArgumentParser

    Examples
    --------
    >>> add_arguments(parser := argparse.ArgumentParser())
    >>> args = parser.parse_args(["--roster", "r.csv", "--chapter", "0", "--out", "o"])
    >>> args.chapter, args.class_seed, args.locale
    ('0', '', 'en_US')
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
        default=settings.DEFAULT_LOCALE,
        choices=settings.LOCALES,
        help=f"locale for roster rows without one (default: {settings.DEFAULT_LOCALE})",
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

    Examples
    --------
    >>> args = argparse.Namespace(roster=Path("no/such.csv"), chapter="00", out=Path("o"),
    ...                           class_seed="", locale="en_US", root=None)
    >>> run(args)  # the error goes to stderr
    2
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
