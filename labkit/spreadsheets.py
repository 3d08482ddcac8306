"""CSV files for spreadsheets: cells that Excel cannot run as formulas, written atomically.

A leaf module (it imports nothing from the kit): every CSV the kit writes for
people to open in Excel, LibreOffice or Google Sheets goes through it: the
gradebook and the feedback index of ``labkit grade``, and the import rejects and
exports of :mod:`labkit.database`.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a
formula, and a tab or carriage return before them hides the trigger (CSV
injection: ``=HYPERLINK(...)`` in a student's name, ``=cmd|' /C calc'!A0`` in a
customer record). :func:`neutralise_cell` puts an apostrophe before such a text,
the mark a spreadsheet reads as "this is text". Numbers stay numbers: a value
that is not text, or a text that is a plain number such as ``-3.5``, is written
as it is, so the point columns of a gradebook and the amounts of an export still
sum. :func:`restore_cell` undoes the mark exactly, for files the kit reads back
(a fixed rejects file imported again).

Examples
--------
>>> neutralise_cell("=1+1"), neutralise_cell("-3.5"), neutralise_cell(2.0)
("'=1+1", '-3.5', 2.0)
>>> restore_cell(neutralise_cell("@SUM(A1)"))
'@SUM(A1)'
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "FORMULA_TRIGGERS",
    "neutralise_cell",
    "neutralise_frame",
    "neutralise_row",
    "restore_cell",
    "restore_frame",
    "write_csv_atomically",
]

#: A text cell beginning with one of these is run as a formula (or hides one).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_MARK = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _needs_mark(text: str) -> bool:
    """Whether ``text``, after any apostrophes it starts with, begins with a trigger."""
    rest = text.lstrip(_MARK)
    return rest.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(rest)


def neutralise_cell(value: Any) -> Any:
    """A cell value that a spreadsheet shows as text, never runs as a formula.

    Parameters
    ----------
    value : object
        Any cell value. Only text is changed.

    Returns
    -------
    object
        ``value`` itself, or for a text beginning with ``=``, ``+``, ``-``, ``@``,
        tab or carriage return (after any apostrophes), the text with one more
        apostrophe in front. A plain number written as text (``"-3.5"``) is left as
        it is.

    Examples
    --------
    >>> neutralise_cell('=HYPERLINK("http://x")')
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_cell("\\t=1"), neutralise_cell("Li Wei"), neutralise_cell(-2)
    ("'\\t=1", 'Li Wei', -2)
    >>> neutralise_cell("'=1")  # already marked once: marked again, so restore_cell is exact
    "''=1"
    """
    if isinstance(value, str) and _needs_mark(value):
        return _MARK + value
    return value


def restore_cell(value: Any) -> Any:
    """Undo :func:`neutralise_cell`: the value as it was before it was written.

    Parameters
    ----------
    value : object
        A cell value read from a CSV the kit wrote.

    Returns
    -------
    object
        For a text that starts with an apostrophe and then (after any more
        apostrophes) a trigger, the text without its first apostrophe; anything
        else as it is.

    Examples
    --------
    >>> restore_cell("'=1+1"), restore_cell("''=1"), restore_cell("'quoted'")
    ('=1+1', "'=1", "'quoted'")
    """
    if isinstance(value, str) and value.startswith(_MARK) and _needs_mark(value):
        return value[1:]
    return value


def neutralise_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of a row through :func:`neutralise_cell`.

    Examples
    --------
    >>> neutralise_row(["s1", "=2*3", 1, ""])
    ['s1', "'=2*3", 1, '']
    """
    return [neutralise_cell(value) for value in row]


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are neutralised.

    Numeric, boolean and date columns are not touched, so numbers stay numbers.

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        A new frame; ``frame`` is not changed.

    Examples
    --------
    >>> frame = pd.DataFrame({"name": ["=1+1", "Ada"], "amount": [-3.5, 2.0]})
    >>> neutralise_frame(frame).to_dict("list")
    {'name': ["'=1+1", 'Ada'], 'amount': [-3.5, 2.0]}
    """
    result = frame.copy()
    for column in result.columns:
        values = result[column]
        if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
            result[column] = values.map(neutralise_cell)
    result.columns = [neutralise_cell(column) for column in result.columns]
    return result


def restore_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`restore_cell` applied to text cells and names.

    Examples
    --------
    >>> restore_frame(pd.DataFrame({"'=x": ["'-a", "b"]})).to_dict("list")
    {'=x': ['-a', 'b']}
    """
    result = frame.copy()
    for column in result.columns:
        values = result[column]
        if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
            result[column] = values.map(restore_cell)
    result.columns = [restore_cell(column) for column in result.columns]
    return result


def write_csv_atomically(
    path: str | os.PathLike, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> Path:
    """Write a CSV for spreadsheets: neutralised cells, UTF-8 with BOM, all or nothing.

    The rows go to a temporary file in the same folder, which then replaces
    ``path`` in one step: a failure part-way (a full disk, a value that cannot be
    written) leaves an existing file as it was, and a reader never sees half a file.

    Parameters
    ----------
    path : str or path
        The CSV to write; its folder must exist.
    header : sequence
        The column names.
    rows : iterable of sequences
        The rows; every cell goes through :func:`neutralise_cell`.

    Returns
    -------
    Path

    Raises
    ------
    OSError
        If the folder is missing or the file cannot be replaced (e.g. it is open
        in Excel on Windows); the temporary file is removed then.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = write_csv_atomically(Path(folder) / "g.csv", ["name", "points"],
    ...                                   [["=1+1", 2]])
    ...     print(target.read_text(encoding="utf-8-sig"), end="")
    name,points
    '=1+1,2
    """
    target = Path(path)
    handle = tempfile.NamedTemporaryFile(
        "w",
        encoding="utf-8-sig",
        newline="",
        dir=target.parent,
        prefix=f".{target.name}.",
        suffix=".tmp",
        delete=False,
    )
    try:
        with handle:
            if target.is_file():  # keep who may read an existing file
                os.chmod(handle.name, target.stat().st_mode & 0o777)
            writer = csv.writer(handle)
            writer.writerow(neutralise_row(header))
            for row in rows:
                writer.writerow(neutralise_row(row))
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return target
