"""The ``labkit world`` and ``labkit datasets`` commands.

``labkit world`` makes one synthetic Xudong Trading world and saves it to a
folder; ``labkit datasets`` manages the default datasets shipped in the
repository's ``datasets/`` folder. Both call :mod:`labkit.world`, imported only
when a command runs so that ``--help`` stays fast.

Examples
--------
Shell::

    labkit world --seed 7 --customers 5000 --locale zh_CN --as-of 2025-12-31 --out worlds/s7
    labkit datasets --check
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

__all__ = ["add_arguments", "add_datasets_arguments", "run", "run_datasets"]

LOCALES = ("en_US", "zh_CN")
#: From this many customers on, generation shows a progress bar.
PROGRESS_FROM = 100_000


def _whole_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    return value


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _import_world():
    """Import labkit.world, or print one line saying why not and return None."""
    try:
        import labkit.world as world
    except Exception as exc:  # report, never a traceback
        print(f"error: cannot import labkit.world ({type(exc).__name__}: {exc})", file=sys.stderr)
        return None
    return world


def _describe(paths: list[Path], root: Path, *, max_files: int = 12) -> list[str]:
    """One line per file, or one line per folder when there are many files."""

    def relative(path: Path) -> Path:
        try:
            return path.relative_to(root)
        except ValueError:
            return path

    if len(paths) <= max_files:
        return [f"  {relative(p)}  ({p.stat().st_size / 1024:,.1f} KiB)" for p in paths]
    folders: dict[Path, list[Path]] = {}
    for path in paths:
        folders.setdefault(path.parent, []).append(path)
    lines = []
    for folder, files in sorted(folders.items()):
        size = sum(p.stat().st_size for p in files) / 1024
        shown = relative(folder).as_posix()
        shown = "." if shown in ("", ".") else shown
        lines.append(f"  {shown}/  {len(files)} files ({size:,.1f} KiB)")
    return lines


def _files_under(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file())


# --------------------------------------------------------------------------- world


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``labkit world``. Options left out take make_world's defaults."""
    parser.add_argument(
        "--seed", type=_whole_number, help="random seed (a non-negative whole number)"
    )
    parser.add_argument(
        "--customers",
        type=_whole_number,
        metavar="N",
        help="number of customers to generate",
    )
    parser.add_argument("--locale", choices=LOCALES, help="language and country of the world")
    parser.add_argument(
        "--as-of",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the observation date: the world's 'today'",
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="folder to save the world in"
    )


def run(args: argparse.Namespace) -> int:
    """Generate a world with :func:`labkit.world.make_world` and save it to ``args.out``."""
    world_module = _import_world()
    if world_module is None:
        return 2

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
        world = world_module.make_world(**options)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out: Path = args.out
    before = {p: p.stat().st_mtime_ns for p in _files_under(out)}
    try:
        world.save(out)
    except OSError as exc:
        print(f"error: cannot write the world to {out}: {exc}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - start

    written = [p for p in _files_under(out) if before.get(p) != p.stat().st_mtime_ns]
    print(f"wrote {len(written)} file(s) to {out} in {elapsed:.1f} s:")
    for line in _describe(written, out):
        print(line)
    return 0


# ------------------------------------------------------------------------ datasets


def add_datasets_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``labkit datasets``."""
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--ensure",
        action="store_true",
        help="write the datasets only if they are missing (what setup runs)",
    )
    mode.add_argument(
        "--check",
        action="store_true",
        help="regenerate in memory and list differences from the files; exit 1 if any",
    )
    parser.add_argument(
        "--root",
        type=Path,
        metavar="DIR",
        help="datasets folder (default: the repository's datasets/)",
    )


def run_datasets(args: argparse.Namespace) -> int:
    """Regenerate (default), ensure (``--ensure``) or check (``--check``) the datasets."""
    world_module = _import_world()
    if world_module is None:
        return 2
    root = args.root
    where = str(root) if root is not None else "the default datasets folder"

    start = time.perf_counter()
    try:
        if args.check:
            differences = list(world_module.check_datasets(root=root))
            elapsed = time.perf_counter() - start
            if differences:
                print(f"{len(differences)} difference(s) in {where} ({elapsed:.1f} s):")
                for line in differences:
                    print(f"  {line}")
                print("fix: run `labkit datasets` to regenerate them, then review the diff")
                return 1
            print(f"datasets in {where} match the generator ({elapsed:.1f} s)")
            return 0

        if args.ensure and world_module.datasets_present(root=root):
            print(f"datasets present in {where}")
            return 0

        result = world_module.write_datasets(root=root)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot write the datasets to {where}: {exc}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - start

    written = _as_paths(result)
    if written:
        print(f"wrote {len(written)} file(s) in {elapsed:.1f} s:")
        for line in _describe(written, Path.cwd()):
            print(line)
    else:
        print(f"wrote the datasets to {where} in {elapsed:.1f} s")
    return 0


def _as_paths(result: object) -> list[Path]:
    """Files named by write_datasets' return value, if it names any."""
    if isinstance(result, str | Path):
        candidates = [Path(result)]
    elif isinstance(result, dict):
        candidates = [Path(v) for v in result.values() if isinstance(v, str | Path)]
    elif isinstance(result, list | tuple | set):
        candidates = [Path(v) for v in result if isinstance(v, str | Path)]
    else:
        return []
    files: list[Path] = []
    for candidate in candidates:
        files.extend(_files_under(candidate) if candidate.is_dir() else [candidate])
    return sorted(p for p in files if p.is_file())
