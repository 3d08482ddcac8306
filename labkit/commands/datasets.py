"""The ``labkit datasets`` command: regenerate, ensure or check the shipped datasets.

It calls :func:`labkit.world.write_datasets`, :func:`labkit.world.datasets_present`
and :func:`labkit.world.verify_datasets`, and lists the files written
(:func:`labkit.world.storage.describe_files`).

Examples
--------
Shell::

    labkit datasets            # regenerate datasets/ and datasets/README.md
    labkit datasets --ensure   # write them only if they are missing
    labkit datasets --check    # list differences from what the generator makes now

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="labkit datasets")
>>> add_arguments(parser)
>>> parser.parse_args(["--check"]).check
True
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from labkit.i18n import _
from labkit.world import datasets_present, storage, verify_datasets, write_datasets

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``labkit datasets``.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> parser.parse_args(["--ensure", "--root", "d"]).root == Path("d")
    True
    """
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--ensure",
        action="store_true",
        help=_("write the datasets only if they are missing (what setup runs)"),
    )
    mode.add_argument(
        "--check",
        action="store_true",
        help=_("regenerate in memory and list differences from the files; exit 1 if any"),
    )
    parser.add_argument(
        "--root",
        type=Path,
        metavar="DIR",
        help=_("datasets folder (default: the repository's datasets/)"),
    )


def run(args: argparse.Namespace) -> int:
    """Regenerate (default), ensure (``--ensure``) or check (``--check``) the datasets.

    Returns
    -------
    int
        0 when done (or, with ``--check``, when nothing differs); 1 when files
        differ or cannot be written; 2 for a bad value.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for locale in ("en_US", "zh_CN"):
    ...     (root / locale).mkdir()
    ...     _ = (root / locale / "world.json").write_text("{}")
    >>> run(argparse.Namespace(check=False, ensure=True, root=root))   # doctest: +ELLIPSIS
    datasets present in ...
    0
    """
    root = args.root
    where = str(root) if root is not None else "the default datasets folder"

    start = time.perf_counter()
    try:
        if args.check:
            differences = list(verify_datasets(root=root))
            elapsed = time.perf_counter() - start
            if differences:
                print(
                    _("{n} difference(s) in {where} ({elapsed:.1f} s):").format(
                        n=len(differences), where=where, elapsed=elapsed
                    )
                )
                for line in differences:
                    print(f"  {line}")
                print(_("fix: run `labkit datasets` to regenerate them, then review the diff"))
                return 1
            print(
                _("datasets in {where} match the generator ({elapsed:.1f} s)").format(
                    where=where, elapsed=elapsed
                )
            )
            return 0

        if args.ensure and datasets_present(root=root):
            print(_("datasets present in {where}").format(where=where))
            return 0

        written = write_datasets(root=root)
    except ValueError as exc:
        print(_("error: {exc}").format(exc=exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(
            _("error: cannot write the datasets to {where}: {exc}").format(where=where, exc=exc),
            file=sys.stderr,
        )
        return 1
    elapsed = time.perf_counter() - start

    files = _files_named(written, storage.files_under)
    if files:
        print(_("wrote {n} file(s) in {elapsed:.1f} s:").format(n=len(files), elapsed=elapsed))
        for line in storage.describe_files(files, Path.cwd()):
            print(line)
    else:
        print(
            _("wrote the datasets to {where} in {elapsed:.1f} s").format(
                where=where, elapsed=elapsed
            )
        )
    return 0


def _files_named(paths: list[Path], files_under: Callable[[Path], list[Path]]) -> list[Path]:
    """The files among ``paths``, with the files under each folder among them."""
    files: list[Path] = []
    for path in paths:
        files.extend(files_under(path) if path.is_dir() else [path])
    return sorted(p for p in files if p.is_file())
