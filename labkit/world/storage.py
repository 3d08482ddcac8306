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

Reading checks what it reads: a damaged folder (a file cut short, a column
added, renamed or missing, a value that is not of its column's type, a
``world.json`` that is not JSON or lacks an entry) raises :class:`DamagedWorld`
naming the file, and the column and row where there is one, instead of a
pandas error about "float NaN" or loading a changed table silently.

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
import io
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from labkit.i18n import _

__all__ = [
    "FORMAT_VERSION",
    "DamagedWorld",
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


class DamagedWorld(ValueError):
    """A saved world's files cannot be read as written; the message names the file and column."""


# --------------------------------------------------------------------------- checking a table
_KIND_WORDS = {
    "int": "a whole number",
    "uint": "a whole number",
    "float": "a number",
    "bool": "True or False",
    "datetime64": "a date (YYYY-MM-DD, optionally HH:MM:SS)",
}


def _kind_word(kind: str) -> str:
    lowered = kind.lower()
    return next((word for k, word in _KIND_WORDS.items() if lowered.startswith(k)), kind)


def _fits(value: str | None, kind: str) -> bool:
    """Whether one cell (text, None when empty) can be read as ``kind``."""
    if value is None:
        return kind.startswith(("float", "Int", "Float", "datetime64")) or kind in (
            "object", "str", "string")  # fmt: skip
    if kind.lower().startswith(("int", "uint")):
        return re.fullmatch(r"[+-]?[0-9]+", value) is not None
    if kind.lower().startswith("float"):
        try:
            float(value)
        except ValueError:
            return False
        return True
    if kind == "bool":
        return value in ("True", "False")
    if kind.startswith("datetime64"):
        try:
            pd.to_datetime(value, format="ISO8601")
        except (ValueError, OverflowError):
            return False
        return True
    return True


def _locate(text: str, shown: str, column_types: Mapping[str, str], error: Exception) -> Exception:
    """The first cell that does not fit its column's type, as a :class:`DamagedWorld`."""
    try:
        cells = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except (ValueError, pd.errors.ParserError) as parse_error:
        return DamagedWorld(f"{shown} is not a valid table: {parse_error}")
    for column, kind in column_types.items():
        if column not in cells.columns:
            continue
        for row, value in enumerate(cells[column].tolist(), start=1):
            value = None if pd.isna(value) else value
            if not _fits(value, kind):
                found = "is empty" if value is None else f"holds {value[:40]!r}"
                return DamagedWorld(
                    f"{shown}, column {column!r}: row {row:,} {found}, which is not "
                    f"{_kind_word(kind)} ({kind}); the file is damaged or was edited"
                )
    return DamagedWorld(f"{shown} cannot be read with the column types of {WORLD_FILE}: {error}")


def _checked_text(path: Path, shown: str, column_types: Mapping[str, str]) -> str:
    """The file's text, after the checks that need no parsing: present, UTF-8, whole, header."""
    if not path.is_file():
        raise FileNotFoundError(
            _("{shown} is missing from the saved world in {parent}: {WORLD_FILE} lists it").format(
                shown=shown, parent=path.parent, WORLD_FILE=WORLD_FILE
            )
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DamagedWorld(
            _("{shown} is not UTF-8 text (byte {start:,}): the file is damaged").format(
                shown=shown, start=error.start
            )
        ) from None
    if not text or text.isspace():
        raise DamagedWorld(
            _("{shown} is empty: expected the columns {items}").format(
                shown=shown, items=", ".join(column_types)
            )
        )
    if not text.endswith("\n"):
        raise DamagedWorld(
            _(
                "{shown} does not end with a line end: the file was cut short (truncated); copy "
                "or save the world again"
            ).format(shown=shown)
        )
    header = next(csv.reader([text[: text.find("\n")]]))
    expected = list(column_types)
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    repeated = sorted({c for c in header if header.count(c) > 1})
    if missing or extra or repeated:
        raise DamagedWorld(
            _(
                "{shown}: its columns are not those {WORLD_FILE} lists: missing {value}, not "
                "listed {value2}, repeated {value3}"
            ).format(
                shown=shown,
                WORLD_FILE=WORLD_FILE,
                value=missing or "none",
                value2=extra or "none",
                value3=repeated or "none",
            )
        )
    for column, kind in column_types.items():
        try:
            pd.api.types.pandas_dtype(kind)
        except TypeError:
            raise DamagedWorld(
                _(
                    "{WORLD_FILE} gives column {column!r} of {shown} the unknown type {kind!r}"
                ).format(WORLD_FILE=WORLD_FILE, column=column, shown=shown, kind=kind)
            ) from None
    return text


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
    """Read one table written by :func:`write_table`, with its column types, checked.

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

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path``.
    DamagedWorld
        If the file is not UTF-8, is cut short (no line end at its end), its
        columns are not ``column_types``' (one missing, renamed, added or
        repeated), or a value does not fit its column's type: the message names
        the file, and the column and row.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> write_table(pd.DataFrame({"ok": [True, False]}), path)
    >>> read_table(path, {"ok": "bool"})["ok"].tolist()
    [True, False]
    >>> _ = path.write_bytes(path.read_bytes()[:-3])  # cut short
    >>> read_table(path, {"ok": "bool"})
    Traceback (most recent call last):
    labkit.world.storage.DamagedWorld: t.csv does not end with a line end: the file was cut ...
    """
    path = Path(path)
    shown = f"{TRUTH_FOLDER}/{path.name}" if path.parent.name == TRUTH_FOLDER else path.name
    text = _checked_text(path, shown, column_types)
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
    try:
        frame = pd.read_csv(
            path, encoding="utf-8-sig", dtype=kinds, keep_default_na=False, na_values=[""]
        )
        for column, kind in column_types.items():
            if kind.startswith("datetime64"):
                frame[column] = pd.to_datetime(frame[column], format="ISO8601").astype(
                    "datetime64[s]"
                )
            elif kind == "bool":
                if frame[column].isna().any():
                    raise ValueError(
                        _("an empty cell in the True/False column {column!r}").format(column=column)
                    )
                frame[column] = frame[column].astype(bool)
    except (ValueError, TypeError, OverflowError, pd.errors.ParserError) as error:
        raise _locate(text, shown, column_types, error) from None
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
    DamagedWorld
        If it is not a JSON object.

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
            _(
                "{root} does not hold a saved world (no {WORLD_FILE}); write one with "
                "World.save(path) or `labkit world --out DIR`"
            ).format(root=root, WORLD_FILE=WORLD_FILE)
        )
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise DamagedWorld(
            _("{WORLD_FILE} in {root} is not valid JSON ({error}): the file is damaged").format(
                WORLD_FILE=WORLD_FILE, root=root, error=error
            )
        ) from None
    if not isinstance(metadata, dict):
        raise DamagedWorld(
            _("{WORLD_FILE} in {root} is not a JSON object").format(
                WORLD_FILE=WORLD_FILE, root=root
            )
        )
    metadata["column_types"] = metadata.get(COLUMN_TYPES_KEY, {})
    return metadata


def _listed(metadata: Mapping[str, Any], key: str) -> list[str]:
    """A list of table names from ``world.json``, checked."""
    names = metadata.get(key)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DamagedWorld(
            _("{WORLD_FILE} lacks the list {key!r} of table names").format(
                WORLD_FILE=WORLD_FILE, key=key
            )
        )
    return names


def _types_of(metadata: Mapping[str, Any], key: str) -> dict[str, str]:
    """The column types ``world.json`` gives one table, checked."""
    every = metadata["column_types"]
    types = every.get(key) if isinstance(every, dict) else None
    if not isinstance(types, dict) or not all(isinstance(t, str) for t in types.values()):
        raise DamagedWorld(
            _("{WORLD_FILE} lists the table {key!r} but gives no column types for it").format(
                WORLD_FILE=WORLD_FILE, key=key
            )
        )
    return types


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
        If ``folder/world.json`` or a table's file does not exist.
    DamagedWorld
        If a file is damaged; the message names it (see :func:`read_table`).

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
    tables = {
        name: read_table(root / f"{name}.csv", _types_of(metadata, name))
        for name in _listed(metadata, "tables")
    }
    truth = {
        name: read_table(
            root / TRUTH_FOLDER / f"{name}.csv", _types_of(metadata, f"{TRUTH_FOLDER}/{name}")
        )
        for name in _listed(metadata, "truth")
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
