"""``labkit doctor``: can this environment run the course?

Prints one line per finding of :func:`labkit.course.environment.diagnose`::

    OK   numpy 2.1.3
    FAIL Chinese font: NotoSansSC-Regular.ttf not found ... fix: ...

and exits 1 if anything is not fit for the course. Each FAIL line says what is
wrong and how to fix it. Nothing is changed or installed.

Examples
--------
Shell::

    labkit doctor
    labkit doctor --quiet      # only the failures and the summary
"""

from __future__ import annotations

import argparse

from labkit.course.environment import diagnose
from labkit.i18n import _

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``labkit doctor``.

    Parameters
    ----------
    parser : argparse.ArgumentParser

    Examples
    --------
    >>> add_arguments(parser := argparse.ArgumentParser())
    >>> parser.parse_args(["-q"]).quiet
    True
    """
    parser.add_argument(
        "--quiet", "-q", action="store_true", help=_("print only failed checks and the summary")
    )


def run(args: argparse.Namespace) -> int:
    """Print one line per finding; return 1 if any is a failure, else 0.

    Parameters
    ----------
    args : argparse.Namespace
        From :func:`add_arguments`.

    Returns
    -------
    int

    Examples
    --------
    >>> run(argparse.Namespace(quiet=True))  # doctest: +SKIP
    All 24 checks OK: this environment can run the course.
    0
    """
    quiet = bool(getattr(args, "quiet", False))
    failed = 0
    examined = 0
    for finding in diagnose():
        examined += 1
        failed += not finding.ok
        if not (quiet and finding.ok):
            print(finding.line(), flush=True)
    if failed:
        print(
            _(
                "{failed} of {examined} checks failed: fix the FAIL lines above, then run "
                "`labkit doctor` again."
            ).format(failed=failed, examined=examined)
        )
        return 1
    print(
        _("All {examined} checks OK: this environment can run the course.").format(
            examined=examined
        )
    )
    return 0
