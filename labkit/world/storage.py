"""How a world is stored on disk: one CSV file per table and a ``world.json``.

The functions here work on plain dictionaries of DataFrames and on folders, not
on :class:`labkit.world.World`, so that every other module of the world (the
model, the data dictionary, loading) can use them without importing each other.

A saved world is a folder::

    world.json          seed, size, locale, as_of, currency, column types, parameters
    <table>.csv         one file per learner table (UTF-8 with a byte-order mark)
    truth/<name>.csv    one file per truth table

The same tables give the same bytes, in any process on any day.
:func:`files_under` and :func:`describe_files` list what was written (the
``labkit world`` and ``labkit datasets`` commands print it).

>>> import pandas as pd, tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> frame = pd.DataFrame({"day": pd.to_datetime(["2025-01-02"]), "phone": ["013"]})
>>> write_table(frame, folder / "t.csv")
>>> (folder / "t.csv").read_bytes()
b'\\xef\\xbb\\xbfday,phone\\n2025-01-02,013\\n'
>>> read_table(folder / "t.csv", column_types_of(frame))["phone"].tolist()
['013']
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "FORMAT_VERSION",
    "TRUTH_FOLDER",
    "WORLD_FILE",
    "column_types_of",
    "count_rows",
    "describe_files",
    "files_under",
    "read_metadata",
    "read_table",
    "read_world_files",
    "saved_column_types",
    "saved_row_counts",
    "write_table",
    "write_world_files",
]

#: Version of the folder layout; a saved world of another version is not read as
#: the course's default world.
FORMAT_VERSION = 1
#: The file that describes a saved world.
WORLD_FILE = "world.json"
#: The subfolder that holds the truth tables.
TRUTH_FOLDER = "truth"
#: The key of ``world.json`` that holds the column types. It is called "schema" for
#: historical reasons and stays so: renaming it would change every shipped world.json.
COLUMN_TYPES_KEY = "schema"

_BYTE_ORDER_MARK = b"\xef\xbb\xbf"


# --------------------------------------------------------------------------- one table
def column_types_of(frame: pd.DataFrame) -> dict[str, str]:
    """The column types of a table, as ``world.json`` records them.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table.

    Returns
    -------
    dict
        ``{column: dtype name}``, in the table's column order.

    Examples
    --------
    >>> column_types_of(pd.DataFrame({"n": [1], "share": [0.5]}))
    {'n': 'int64', 'share': 'float64'}
    """
    return {str(column): str(kind) for column, kind in frame.dtypes.items()}


def write_table(frame: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write one table as CSV: UTF-8 with a byte-order mark, ``\\n`` line ends.

    Times are written ``YYYY-MM-DD HH:MM:SS``; a column that holds only whole
    days is written ``YYYY-MM-DD``. Missing values are empty cells.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; its index is not written.
    path : path
        The file to write (its folder must exist).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> write_table(pd.DataFrame({"at": pd.to_datetime(["2025-01-02 08:30"])}), path)
    >>> path.read_text(encoding="utf-8-sig")
    'at\\n2025-01-02 08:30:00\\n'
    """
    out = frame.copy(deep=False)
    for column in out.columns:  # columns of whole days print as dates, without 00:00:00
        values = out[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            days = values.dropna()
            if len(days) and (days == days.dt.normalize()).all():
                out[column] = values.dt.strftime("%Y-%m-%d")
    text = out.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d %H:%M:%S")
    Path(path).write_bytes(_BYTE_ORDER_MARK + text.encode("utf-8"))


def read_table(path: str | os.PathLike, column_types: Mapping[str, str]) -> pd.DataFrame:
    """Read one table written by :func:`write_table`, with its column types.

    Parameters
    ----------
    path : path
        The CSV file.
    column_types : mapping
        ``{column: dtype name}`` as :func:`column_types_of` gives them; text stays
        text (leading zeros kept), times become ``datetime64[s]``.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> write_table(pd.DataFrame({"ok": [True, False]}), path)
    >>> read_table(path, {"ok": "bool"})["ok"].tolist()
    [True, False]
    """
    kinds: dict[str, Any] = {}
    for column, kind in column_types.items():
        if kind.startswith("datetime64"):
            continue
        if kind in ("object", "str", "string"):
            kinds[column] = str
        elif kind == "bool":
            kinds[column] = "boolean"
        else:
            kinds[column] = kind
    frame = pd.read_csv(
        path, encoding="utf-8-sig", dtype=kinds, keep_default_na=False, na_values=[""]
    )
    for column, kind in column_types.items():
        if column not in frame.columns:
            continue
        if kind.startswith("datetime64"):
            frame[column] = pd.to_datetime(frame[column], format="ISO8601").astype("datetime64[s]")
        elif kind == "bool":
            frame[column] = frame[column].astype(bool)
    return frame


def count_rows(path: str | os.PathLike) -> int:
    """Rows of a CSV file written by :func:`write_table`, without its header.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> write_table(pd.DataFrame({"text": ["two\\nlines", "one"]}), path)
    >>> count_rows(path)
    2
    """
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


# --------------------------------------------------------------------------- a whole world
def write_world_files(
    folder: str | os.PathLike,
    tables: Mapping[str, pd.DataFrame],
    truth: Mapping[str, pd.DataFrame],
    *,
    identity: Mapping[str, Any],
    params: Mapping[str, Any],
) -> Path:
    """Write a world's tables, truth tables and ``world.json`` into ``folder``.

    Parameters
    ----------
    folder : path
        Created if missing; files already there are overwritten.
    tables, truth : mapping of pandas.DataFrame
        The learner tables and the truth tables, by name, in their order.
    identity : mapping
        What ``world.json`` says the world is, in this order: ``seed``,
        ``n_customers``, ``locale``, ``as_of`` (``YYYY-MM-DD``), ``currency``.
    params : mapping
        The generator's parameters (JSON-serialisable).

    Returns
    -------
    pathlib.Path
        The folder written.

    Examples
    --------
    >>> import tempfile
    >>> out = write_world_files(
    ...     Path(tempfile.mkdtemp()), {"t": pd.DataFrame({"n": [1]})}, {},
    ...     identity={"seed": 1}, params={})
    >>> sorted(p.name for p in out.iterdir())
    ['t.csv', 'truth', 'world.json']
    """
    out = Path(folder)
    (out / TRUTH_FOLDER).mkdir(parents=True, exist_ok=True)
    column_types: dict[str, dict[str, str]] = {}
    for name, frame in tables.items():
        write_table(frame, out / f"{name}.csv")
        column_types[name] = column_types_of(frame)
    for name, frame in truth.items():
        write_table(frame, out / TRUTH_FOLDER / f"{name}.csv")
        column_types[f"{TRUTH_FOLDER}/{name}"] = column_types_of(frame)
    metadata = {
        "format_version": FORMAT_VERSION,
        **identity,
        "tables": list(tables),
        "truth": list(truth),
        COLUMN_TYPES_KEY: column_types,
        "params": dict(params),
    }
    (out / WORLD_FILE).write_text(
        json.dumps(metadata, ensure_ascii=False, indent=1, sort_keys=False) + "\n",
        encoding="utf-8",
    )
    return out


def read_metadata(folder: str | os.PathLike) -> dict[str, Any]:
    """The contents of ``folder/world.json``, with the column types under ``column_types``.

    Parameters
    ----------
    folder : path
        A folder written by :func:`write_world_files`.

    Returns
    -------
    dict
        ``world.json`` as a dictionary; its ``"schema"`` entry is also
        available as ``"column_types"``.

    Raises
    ------
    FileNotFoundError
        If ``folder/world.json`` does not exist.

    Examples
    --------
    >>> import tempfile
    >>> read_metadata(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    FileNotFoundError: ... does not hold a saved world (no world.json); ...
    """
    root = Path(folder)
    path = root / WORLD_FILE
    if not path.exists():
        raise FileNotFoundError(
            f"{root} does not hold a saved world (no {WORLD_FILE}); write one with "
            "World.save(path) or `labkit world --out DIR`"
        )
    metadata = json.loads(path.read_text(encoding="utf-8"))
    metadata["column_types"] = metadata.get(COLUMN_TYPES_KEY, {})
    return metadata


def read_world_files(
    folder: str | os.PathLike,
) -> tuple[dict[str, Any], dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """Read everything :func:`write_world_files` wrote.

    Parameters
    ----------
    folder : path
        A saved world's folder.

    Returns
    -------
    metadata, tables, truth
        ``world.json`` (see :func:`read_metadata`), then the learner tables and
        the truth tables by name, in their saved order.

    Raises
    ------
    FileNotFoundError
        If ``folder/world.json`` does not exist.

    Examples
    --------
    >>> import tempfile
    >>> folder = write_world_files(
    ...     Path(tempfile.mkdtemp()), {"t": pd.DataFrame({"n": [1]})}, {},
    ...     identity={"seed": 1}, params={})
    >>> metadata, tables, truth = read_world_files(folder)
    >>> metadata["seed"], tables["t"]["n"].tolist(), truth
    (1, [1], {})
    """
    root = Path(folder)
    metadata = read_metadata(root)
    types = metadata["column_types"]
    tables = {name: read_table(root / f"{name}.csv", types[name]) for name in metadata["tables"]}
    truth = {
        name: read_table(root / TRUTH_FOLDER / f"{name}.csv", types[f"{TRUTH_FOLDER}/{name}"])
        for name in metadata["truth"]
    }
    return metadata, tables, truth


def saved_row_counts(folder: str | os.PathLike) -> dict[str, int]:
    """Rows of every table of a saved world, counted in its CSV files.

    Parameters
    ----------
    folder : path
        A saved world's folder.

    Returns
    -------
    dict
        ``{table: rows}``; truth tables are keyed ``truth/<name>``.

    Examples
    --------
    >>> import tempfile
    >>> folder = write_world_files(
    ...     Path(tempfile.mkdtemp()), {"t": pd.DataFrame({"n": [1, 2]})},
    ...     {"k": pd.DataFrame({"n": [1]})}, identity={}, params={})
    >>> saved_row_counts(folder)
    {'t': 2, 'truth/k': 1}
    """
    root = Path(folder)
    metadata = read_metadata(root)
    counts = {name: count_rows(root / f"{name}.csv") for name in metadata["tables"]}
    counts.update(
        {
            f"{TRUTH_FOLDER}/{name}": count_rows(root / TRUTH_FOLDER / f"{name}.csv")
            for name in metadata["truth"]
        }
    )
    return counts


def saved_column_types(folder: str | os.PathLike) -> dict[str, dict[str, str]]:
    """The column types a saved world's ``world.json`` records.

    Returns
    -------
    dict
        ``{table: {column: dtype name}}``; truth tables are keyed ``truth/<name>``.

    Examples
    --------
    >>> import tempfile
    >>> folder = write_world_files(
    ...     Path(tempfile.mkdtemp()), {"t": pd.DataFrame({"n": [1]})}, {},
    ...     identity={}, params={})
    >>> saved_column_types(folder)
    {'t': {'n': 'int64'}}
    """
    return read_metadata(folder)["column_types"]


# --------------------------------------------------------------------------- files written
def files_under(folder: str | os.PathLike) -> list[Path]:
    """Every file under ``folder``, sorted (empty when it is not a folder).

    Examples
    --------
    >>> files_under("no such folder")
    []
    """
    root = Path(folder)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def describe_files(paths: list[Path], root: str | os.PathLike, *, max_files: int = 12) -> list[str]:
    """One line per file with its size, or one line per folder when there are many files.

    Parameters
    ----------
    paths : list of pathlib.Path
        Files that exist.
    root : path
        Paths are shown relative to it when they lie under it.
    max_files : int, optional
        Up to this many files are listed one by one.

    Returns
    -------
    list of str
        Lines such as ``"  customers.csv  (12.3 KiB)"`` or ``"  truth/  9 files (579.0 KiB)"``.

    Examples
    --------
    >>> import tempfile
    >>> folder = write_world_files(
    ...     Path(tempfile.mkdtemp()), {"t": pd.DataFrame({"n": [1]})}, {},
    ...     identity={}, params={})
    >>> describe_files(files_under(folder), folder)
    ['  t.csv  (0.0 KiB)', '  world.json  (0.1 KiB)']
    >>> describe_files(files_under(folder), folder, max_files=1)
    ['  ./  2 files (0.1 KiB)']
    """
    base = Path(root)

    def relative(path: Path) -> Path:
        try:
            return path.relative_to(base)
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
