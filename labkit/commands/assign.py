"""``labkit assign``: one exercises notebook per student, each on its own world.

Reads the roster, writes ``NN_name_<student_id>.ipynb`` per student and
``assignment.csv`` into ``--out`` (:func:`labkit.course.assign.assign`). With
``--questions`` it appends the questions of a private question module (their
prompts, and cells that record the answers); with ``--bundle`` it also writes
the students' copy of the kit, without ``solutions/`` (:mod:`labkit.course.bundle`).

Examples
--------
Shell::

    labkit assign --roster roster.csv --chapter 00 --out assigned/ --class-seed "autumn-2025"
    labkit assign --roster roster.csv --chapter 00 --out assigned/ \
        --questions private/private_ch00.py --bundle assigned/labkit-course.zip
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from labkit import settings
from labkit.course.assign import assign
from labkit.course.bundle import write_bundle
from labkit.course.notebook_files import CourseFolders
from labkit.course.private_questions import load_questions
from labkit.i18n import _

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
        help=_("CSV with a student_id column (optional: name, locale)"),
    )
    parser.add_argument("--chapter", required=True, help=_("chapter number, e.g. 00"))
    parser.add_argument("--out", required=True, type=Path, help=_("folder for the notebooks"))
    parser.add_argument(
        "--class-seed",
        default="",
        help=_("salt for this class's seeds: another value gives every student another world"),
    )
    parser.add_argument(
        "--locale",
        default=settings.DEFAULT_LOCALE,
        choices=settings.LOCALES,
        help=_("locale for roster rows without one (default: {locale})").format(
            locale=settings.DEFAULT_LOCALE
        ),
    )
    parser.add_argument(
        "--root", type=Path, default=None, help=_("the kit's top folder (default: this checkout)")
    )
    parser.add_argument(
        "--questions",
        type=Path,
        action="append",
        default=[],
        metavar="MODULE.py",
        help=_(
            "a private question module: its questions of this chapter are appended as "
            "cells that record the answer for `labkit grade --questions`"
        ),
    )
    parser.add_argument(
        "--bundle",
        type=Path,
        default=None,
        metavar="KIT.zip",
        help=_("also write the students' copy of the kit as a zip, without solutions/"),
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
    ...                           class_seed="", locale="en_US", root=None, questions=[],
    ...                           bundle=None)
    >>> run(args)  # the error goes to stderr
    2
    """
    bundle = getattr(args, "bundle", None)
    try:
        if bundle is not None and not Path(bundle).parent.is_dir():
            raise ValueError(
                _("the folder of --bundle ({parent}) does not exist").format(
                    parent=Path(bundle).parent
                )
            )
        private = load_questions(getattr(args, "questions", []))
        written = assign(
            args.roster, args.chapter, args.out, args.class_seed, args.locale, args.root, private
        )
        if bundle is not None:
            write_bundle(CourseFolders.find(args.root).root, bundle)
    except (ValueError, FileNotFoundError) as error:  # RosterError is a ValueError
        print(_("labkit assign: {error}").format(error=error), file=sys.stderr)
        return 2
    print(
        _("wrote {n} notebook(s) and assignment.csv to {value}").format(
            n=len(written), value=Path(args.out).as_posix()
        )
    )
    if bundle is not None:
        print(
            _("wrote the students' copy of the kit (without solutions/) to {bundle}").format(
                bundle=bundle
            )
        )
    return 0
