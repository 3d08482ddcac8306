"""The ``labkit world`` command: make one synthetic Xudong Trading world and save it.

It calls :func:`labkit.world.make_world` and :meth:`labkit.world.World.save`,
and lists the files written (:func:`labkit.world.storage.describe_files`).

Examples
--------
Shell::

    labkit world --seed 7 --customers 5000 --locale zh_CN --as-of 2025-12-31 --out worlds/s7

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="labkit world")
>>> add_arguments(parser)
>>> parser.parse_args(["--seed", "7", "--out", "w"]).seed
7
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from labkit import settings
from labkit.i18n import _
from labkit.world import make_world, storage

__all__ = ["PROGRESS_FROM", "add_arguments", "run"]

#: From this many customers on, generation shows a progress bar.
PROGRESS_FROM = 100_000


def _whole_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected a whole number, got {text!r}").format(text=text)
        ) from None
    return value


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected a date as YYYY-MM-DD, got {text!r}").format(text=text)
        ) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``labkit world``. Options left out take make_world's defaults.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> parser.parse_args(["--locale", "zh_CN", "--out", "w"]).locale
    'zh_CN'
    """
    parser.add_argument(
        "--seed", type=_whole_number, help=_("random seed (a non-negative whole number)")
    )
    parser.add_argument(
        "--customers",
        type=_whole_number,
        metavar="N",
        help=_("number of customers to generate"),
    )
    parser.add_argument(
        "--locale", choices=settings.LOCALES, help=_("language and country of the world")
    )
    parser.add_argument(
        "--as-of",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help=_("the observation date: the world's 'today'"),
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help=_("folder to save the world in")
    )


def run(args: argparse.Namespace) -> int:
    """Generate a world with :func:`labkit.world.make_world` and save it to ``args.out``.

    Returns
    -------
    int
        0 when written, 1 when the folder cannot be written, 2 for a bad option.

    Examples
    --------
    >>> import tempfile
    >>> args = argparse.Namespace(seed=1, customers=-3, locale=None, as_of=None,
    ...                           out=Path(tempfile.mkdtemp()))
    >>> run(args)
    2
    """

    options: dict[str, object] = {}
    if args.seed is not None:
        options["seed"] = args.seed
    if args.customers is not None:
        options["n_customers"] = args.customers
    if args.locale is not None:
        options["locale"] = args.locale
    if args.as_of is not None:
        options["as_of"] = args.as_of
    options["progress"] = args.customers is not None and args.customers >= PROGRESS_FROM

    start = time.perf_counter()
    try:
        world = make_world(**options)
    except ValueError as exc:
        print(_("error: {exc}").format(exc=exc), file=sys.stderr)
        return 2
    out: Path = args.out
    before = {p: p.stat().st_mtime_ns for p in storage.files_under(out)}
    try:
        world.save(out)
    except OSError as exc:
        print(
            _("error: cannot write the world to {out}: {exc}").format(out=out, exc=exc),
            file=sys.stderr,
        )
        return 1
    elapsed = time.perf_counter() - start

    written = [p for p in storage.files_under(out) if before.get(p) != p.stat().st_mtime_ns]
    print(
        _("wrote {n} file(s) to {out} in {elapsed:.1f} s:").format(
            n=len(written), out=out, elapsed=elapsed
        )
    )
    for line in storage.describe_files(written, out):
        print(line)
    return 0
