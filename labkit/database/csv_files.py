"""CSV files in and out of an import: read every record or say why not; write rejects safely.

:func:`read_csv_records` reads a file to import the way Excel and a person mean
it, and turns whatever the :mod:`csv` module would raise into a reason:

* **encodings**: UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's
  "Unicode text"), GB18030/GBK (what Excel in China saves);
* **line ends**: ``\\n``, ``\\r\\n`` and classic Mac OS's lone ``\\r`` (a file note
  says so); a **stray** carriage return inside a line of a file whose lines end
  otherwise does not split the record: the record is kept whole and gets a reason;
* **long cells**: a cell over :data:`MAX_CELL_CHARACTERS` (the :mod:`csv`
  module's own limit, at which it raises) is read whole and gets a reason;
* **broken quoting** (a quoted cell never closed, text after a closing quote)
  is a :class:`ValueError` that names the line where the record starts.

:func:`write_rejects` writes rejected rows to a **new** file beside the input
(``<stem>_rejects.csv``, else ``<stem>_rejects_2.csv`` …): it never overwrites
or deletes a file, never writes through a symbolic link, and never leaves half
a file behind.

>>> import tempfile
>>> from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "in.csv"
>>> _ = path.write_bytes(b"a,b\\r1,2\\r")
>>> records = read_csv_records(path)
>>> records.header, records.rows
(['a', 'b'], [['1', '2']])
>>> records.notes
['lines end in a carriage return alone (classic Mac OS): read as line ends']
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from labkit.i18n import _
from labkit.spreadsheets import neutralise_cell, restore_cell

__all__ = [
    "MAX_CELL_CHARACTERS",
    "REASONS_COLUMN",
    "CsvRecords",
    "read_csv_records",
    "rejects_candidates",
    "write_rejects",
]

#: The longest cell accepted, in characters: the limit at which the :mod:`csv`
#: module stops reading (131,072). A longer cell is read whole and its row rejected.
MAX_CELL_CHARACTERS = 131_072
#: The column a rejects file adds after the table's columns; an import ignores it,
#: so a fixed rejects file can be imported again.
REASONS_COLUMN = "reasons"
#: How many numbered rejects files are tried beside one input before giving up.
_MAX_REJECTS_FILES = 1000
_LONE_CR = re.compile(r"\r(?!\n)")


@dataclass
class CsvRecords:
    """The records of a CSV file: header, non-blank rows, and what the reading found."""

    #: The header row, each name stripped (and without a byte-order mark).
    header: list[str]
    #: The non-blank records under it, exactly as read.
    rows: list[list[str]]
    #: For each row, the problems found while reading it (a stray carriage return,
    #: a cell too long); empty when there were none.
    row_problems: list[list[str]]
    #: For each row, the line of the file on which it starts.
    lines: list[int]
    #: The encoding the file was read with.
    encoding: str
    #: What the reading noticed about the whole file (its line ends …).
    notes: list[str] = field(default_factory=list)


def _decode(path: Path) -> tuple[str, str]:
    """The file's text and its encoding: UTF-8 (BOM or not), UTF-16 with BOM, or GB18030."""
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise ValueError(
            _(
                "{name} is an Excel workbook (XLSX), not CSV text: open it in Excel and save it "
                "as 'CSV UTF-8 (Comma delimited)'"
            ).format(name=path.name)
        )
    if data.startswith(b"\xef\xbb\xbf"):
        attempts = [("utf-8-sig", data)]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        attempts = [("utf-16", data)]
    else:
        attempts = [("utf-8", data), ("gb18030", data)]
    for encoding, raw in attempts:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ValueError(
        _(
            "cannot decode {path}: it is not UTF-8, UTF-8 with BOM, UTF-16 or GB18030/GBK text. "
            "Open it in Excel and save it again as 'CSV UTF-8 (Comma delimited)'."
        ).format(path=path)
    )


def _placeholder(text: str) -> str:
    """A private-use character the text does not hold (stands in for a stray CR)."""
    for code in range(0xE000, 0xF900):
        if chr(code) not in text:
            return chr(code)
    raise ValueError(_("the file uses every private-use character; cannot read it safely"))


def _parse(text: str, name: str) -> list[tuple[int, list[str]]]:
    """Every record with the line it starts on; broken quoting is a ValueError."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out: list[tuple[int, list[str]]] = []
    limit = csv.field_size_limit()
    # The limit is the csv module's, for the whole process: raised while this file
    # is read (it is in memory already), so a long cell becomes a reason, not an error.
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        while True:
            start = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                return out
            except csv.Error as error:
                raise ValueError(
                    _(
                        "{name}: the record that starts on line {start} is not valid CSV "
                        "({error}): a quoted cell is not closed, or text follows its closing "
                        'quote. Fix the quotes there (a quote inside a cell is written twice: ""); '
                        "nothing was imported"
                    ).format(name=name, start=start, error=error)
                ) from None
            out.append((start, record))
    finally:
        csv.field_size_limit(limit)


def read_csv_records(path: Path) -> CsvRecords:
    """Read a CSV file to import: every record, or a clear error that names the problem.

    Parameters
    ----------
    path : pathlib.Path
        The file.

    Returns
    -------
    CsvRecords
        The header, the non-blank rows (nothing dropped: a row with a problem
        keeps all its cells and gets the problem in ``row_problems``), the line
        each row starts on, the encoding and notes about the file.

    Raises
    ------
    ValueError
        If the file is an XLSX workbook, cannot be decoded, is empty, or its
        quoting is broken (the message names the line).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "in.csv"
    >>> _ = path.write_bytes(b"a,b\\n1,te\\rxt\\n")
    >>> records = read_csv_records(path)
    >>> records.rows, records.row_problems
    ([['1', 'te\\rxt']], [['stray carriage return (CR) in b: remove it']])
    """
    text, encoding = _decode(path)
    notes: list[str] = []
    stray = _LONE_CR.search(text) is not None and "\n" in text
    if _LONE_CR.search(text) and not stray:
        notes.append(_("lines end in a carriage return alone (classic Mac OS): read as line ends"))
    placeholder = _placeholder(text) if stray else ""
    if stray:  # lines end in \n or \r\n: a lone \r is part of a cell, not a line end
        text = _LONE_CR.sub(placeholder, text)
    records = [
        (line, record)
        for line, record in _parse(text, path.name)
        if any(cell.strip() for cell in record)
    ]
    if not records:
        raise ValueError(_("{name} is empty: expected a header row").format(name=path.name))
    header = [cell.strip().lstrip("\ufeff").strip() for cell in records[0][1]]
    rows, problems, lines = [], [], []
    for line, record in records[1:]:
        found = []
        record = [_cell_as_written(cell) for cell in record]
        for position, cell in enumerate(record):
            where = (
                header[position]
                if position < len(header)
                else _("field {n}").format(n=position + 1)
            )
            if stray and placeholder in cell:
                record[position] = cell = cell.replace(placeholder, "\r")
                found.append(
                    _("stray carriage return (CR) in {where}: remove it").format(where=where)
                )
            if len(cell) > MAX_CELL_CHARACTERS:
                found.append(
                    _("{where}: longer than {n:,} characters").format(
                        where=where, n=MAX_CELL_CHARACTERS
                    )
                )
        rows.append(record)
        problems.append(found)
        lines.append(line)
    if stray:
        header = [cell.replace(placeholder, "\r") for cell in header]
    return CsvRecords(header, rows, problems, lines, encoding, notes)


def _spreadsheet_cell(text: str) -> str:
    """A cell as written for Excel: one that begins with ``=``, ``+``, ``-``, ``@``, tab
    or carriage return is neutralised (:func:`labkit.spreadsheets.neutralise_cell`), so
    a spreadsheet shows it as text instead of running it (CSV injection);
    :func:`_cell_as_written` reads such a cell back."""
    return neutralise_cell(text)


def _cell_as_written(text: str) -> str:
    """A cell read from a file, as the person wrote it (the inverse of :func:`_spreadsheet_cell`).

    A rejects file is imported again: a phone ``+86 138 …`` neutralised for Excel
    must come back as ``+86 138 …`` (:func:`labkit.spreadsheets.restore_cell`).
    """
    return restore_cell(text)


def rejects_candidates(path: Path) -> list[Path]:
    """The names a rejects file for ``path`` may take, in the order they are tried.

    Examples
    --------
    >>> [p.name for p in rejects_candidates(Path("fb.csv"))[:3]]
    ['fb_rejects.csv', 'fb_rejects_2.csv', 'fb_rejects_3.csv']
    """
    first = path.with_name(f"{path.stem}_rejects.csv")
    return [first] + [
        path.with_name(f"{path.stem}_rejects_{n}.csv") for n in range(2, _MAX_REJECTS_FILES + 1)
    ]


def _create_new(path: Path) -> tuple[Path, TextIO]:
    """Create and open a new rejects file beside ``path``: the first name not taken yet.

    ``"x"`` opens with O_CREAT | O_EXCL, which fails when anything is at the name:
    a file (kept, e.g. open in Excel), a folder, or a symbolic link (never followed,
    even one that points nowhere). The file is written through the handle that
    created it, so nothing can be swapped in between.
    """
    for candidate in rejects_candidates(path):
        try:
            return candidate, candidate.open("x", encoding="utf-8-sig", newline="")
        except (FileExistsError, IsADirectoryError):  # Windows: IsADirectoryError for a folder
            continue
    raise FileExistsError(
        _("{MAX_REJECTS_FILES} rejects files exist beside {name}; move them elsewhere").format(
            MAX_REJECTS_FILES=_MAX_REJECTS_FILES, name=path.name
        )
    )


def write_rejects(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    """Write rejected rows to a **new** file beside ``path``; nothing existing is touched.

    The file is UTF-8 with a byte-order mark (Excel opens Chinese text correctly),
    named ``<stem>_rejects.csv``, or ``<stem>_rejects_2.csv``, ``_3`` … when that
    name is taken by anything (a file, a folder, a symbolic link).

    Parameters
    ----------
    path : pathlib.Path
        The imported file.
    header : sequence of str
        The header row to write.
    rows : sequence of sequence of str
        The rows, each with as many cells as the header or more.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    OSError
        If it cannot be written; a file this call created is removed again.

    Examples
    --------
    >>> import tempfile
    >>> source = Path(tempfile.mkdtemp()) / "fb.csv"
    >>> first = write_rejects(source, ["a", "reasons"], [["1", "a: required"]])
    >>> second = write_rejects(source, ["a", "reasons"], [["2", "a: required"]])
    >>> first.name, second.name
    ('fb_rejects.csv', 'fb_rejects_2.csv')
    """
    target, handle = _create_new(path)
    try:
        with handle:
            writer = csv.writer(handle)
            writer.writerow([_spreadsheet_cell(cell) for cell in header])
            writer.writerows([_spreadsheet_cell(cell) for cell in row] for row in rows)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target
