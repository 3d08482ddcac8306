"""``labkit messages``: keep the catalogues of the kit's own messages up to date.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> add_arguments(parser)
>>> parser.parse_args(["--extract"]).extract
True
"""

from __future__ import annotations

import argparse
import sys

from labkit.course.messages import check_catalogues, missing_by_domain, update_catalogues
from labkit.i18n import CATALOGUE_LOCALE, _

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``labkit messages``.

    Parameters
    ----------
    parser : argparse.ArgumentParser
    """
    parser.add_argument(
        "--extract",
        action="store_true",
        help=_(
            "add every new marked message to labkit/locale/<locale>/LC_MESSAGES/*.po "
            "(old translations are kept as obsolete entries), then report"
        ),
    )
    parser.add_argument(
        "--language",
        choices=sorted(CATALOGUE_LOCALE),
        default="zh",
        help=_("the translated language (default: zh)"),
    )
    parser.add_argument(
        "--list", action="store_true", help=_("print every message that needs work, one per line")
    )


def run(args: argparse.Namespace) -> int:
    """Run ``labkit messages``.

    Parameters
    ----------
    args : argparse.Namespace
        From :func:`add_arguments`.

    Returns
    -------
    int
        0 when every message is translated; 1 when some are not.
    """
    if args.extract:
        for domain, left in update_catalogues(args.language).items():
            print(
                _("{domain}.po: {left} message(s) to translate").format(domain=domain, left=left)
                if left
                else _("{domain}.po: complete").format(domain=domain)
            )
    problems = check_catalogues(args.language)
    if args.list:
        for where, message, problem in problems:
            print(
                _("{where}: {problem}: {message!r}").format(
                    where=where, problem=_(problem), message=message
                ),
                file=sys.stderr,
            )
    for where, count in missing_by_domain(problems).items():
        print(
            _("{where}: {count} message(s) need work").format(where=where, count=count),
            file=sys.stderr,
        )
    if not problems:
        print(_("Every message of the kit is translated."))
    return 1 if problems else 0
