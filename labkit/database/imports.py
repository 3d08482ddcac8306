"""The import template workflow (下载模板 → 填写内容 → 上传文件): template, check, insert.

:func:`template` writes a CSV with a table's header row and an instructions
file that explains every column; :func:`import_file` reads a filled-in copy,
checks every row against the table's rules (the same specification the SQL
constraints come from), inserts the good rows in one transaction and writes the
rejected ones, with their reasons, to a rejects file. :class:`ImportReport`
says what happened; :class:`ImportAborted` means nothing was imported.

>>> import tempfile
>>> from labkit.database.imports import template
>>> path = template("surveys", tempfile.mkdtemp() + "/surveys.csv")
>>> path.read_text(encoding="utf-8-sig").split(",")[:3]
['response_id', 'customer_id', 'answered_at']
"""

from __future__ import annotations

import csv
import io
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labkit.database.connection import BorrowedConnection, DatabaseLike, PathLike
from labkit.database.ddl import insert_statement
from labkit.database.tables import Col, Table, table_spec
from labkit.database.values import parse_value, value_problem
from labkit.world.dictionary import describe_columns

__all__ = ["ImportAborted", "ImportReport", "column_rules_text", "import_file", "template"]

_KIND_TEXT = {
    "int": "whole number",
    "real": "number",
    "text": "text",
    "date": "date YYYY-MM-DD (2025-03-08)",
    "datetime": "date and time YYYY-MM-DD HH:MM:SS (2025-03-08 14:30:00)",
    "bool": "1 or 0 (also true/false, yes/no, 是/否)",
    "json": "JSON object text",
}


# =========================================================================== template
def column_rules_text(column: Col) -> str:
    """A column's rules in words, for the template's instructions.

    Examples
    --------
    >>> column_rules_text(Col("rating", "int", min=1, max=5))
    'whole number; between 1 and 5'
    """
    parts = [_KIND_TEXT[column.kind]]
    if column.choices is not None:
        parts.append("one of " + ", ".join(column.choices))
    if column.min is not None and column.max is not None:
        parts.append(f"between {column.min:g} and {column.max:g}")
    elif column.min is not None:
        parts.append(f"at least {column.min:g}")
    if column.unique:
        parts.append("unique")
    if column.references:
        parts.append(f"must exist in {column.references}")
    return "; ".join(parts)


def _column_meanings(table: str) -> dict[str, str]:
    """What each column means, from the data dictionary (empty for a table it lacks)."""
    try:
        described = describe_columns(table)
    except ValueError:
        return {}
    return {
        column: " ".join(str(meaning).split())
        for column, meaning in zip(described["column"], described["meaning"], strict=True)
    }


def _instructions(table: Table) -> list[str]:
    lines = [
        f"Import template for table '{table.name}' (导入模板)",
        "",
        "1. Fill in one row per record under the header row; do not rename or reorder columns.",
        "2. Leave a cell empty for a missing optional value; required cells must be filled.",
        "3. Save as CSV (UTF-8, or the CSV Excel saves in China, GBK) and upload it with",
        f"   labkit.database.import_file(path, '{table.name}', db).",
        "4. Rows that break a rule are not imported: they go to <file>_rejects.csv with",
        "   their reasons; fix them there and import that file again.",
        "",
        f"Key: {', '.join(table.primary_key)} (must not repeat, in the file or the database)",
        "",
    ]
    meanings = _column_meanings(table.name)
    for c in table.columns:
        need = "required" if (c.required and not table.staging) else "optional"
        lines.append(f"{c.name}  [{need}]  {column_rules_text(c)}")
        if meanings.get(c.name):
            lines.append(f"    {meanings[c.name]}")
    for rule in table.rules:
        lines.append(f"rule: {rule.message} is not allowed ({rule.constraint})")
    return lines


def template(table: str, path: PathLike) -> Path:
    """Write an import template (下载模板) for ``table``: a CSV with the header row.

    The CSV is UTF-8 with a BOM, so Excel opens Chinese text correctly; beside it,
    ``<name>_instructions.txt`` explains every column: what it means (from the data
    dictionary), whether it is required, its format and its allowed values.

    XLSX templates are not supported (openpyxl is not a dependency of the kit):
    ask for ``.csv`` and open it in Excel; save it as "CSV UTF-8" or plain "CSV"
    (GBK) — :func:`import_file` reads both.

    Parameters
    ----------
    table : str
        A table of :data:`~labkit.database.tables.SPEC`, e.g. ``"customers"``.
    path : str or PathLike
        Where to write the template; must end in ``.csv``.

    Returns
    -------
    pathlib.Path
        The template file.

    Raises
    ------
    ValueError
        For an unknown table or a file that is not ``.csv``.

    Examples
    --------
    >>> import tempfile
    >>> p = template("feedback", tempfile.mkdtemp() + "/feedback.csv")
    >>> p.read_text(encoding="utf-8-sig").strip()
    'feedback_id,customer_id,created_at,channel,rating,text'
    >>> p.with_name("feedback_instructions.txt").exists()
    True
    """
    spec = table_spec(table)
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xls"):
        raise ValueError(
            f"{path.name}: XLSX templates are not supported (openpyxl is not installed in the "
            "kit); write a .csv template instead — Excel opens it, and import_file reads the "
            "CSV that Excel saves (UTF-8 or GBK)"
        )
    if path.suffix.lower() != ".csv":
        raise ValueError(f"{path.name}: the template must be a .csv file")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerow(spec.column_names)
    path.with_name(f"{path.stem}_instructions.txt").write_text(
        "\n".join(_instructions(spec)) + "\n", encoding="utf-8"
    )
    return path


# =========================================================================== report
@dataclass
class ImportReport:
    """What :func:`import_file` did; ``accepted + rejected == rows_read`` always.

    Examples
    --------
    >>> from pathlib import Path
    >>> print(ImportReport("feedback", Path("fb.csv"), rows_read=3, accepted=3, rejected=0))
    Import of fb.csv into feedback (utf-8): 3 rows read, 3 accepted, 0 rejected
    """

    table: str
    path: Path
    rows_read: int
    accepted: int
    rejected: int
    reasons: Counter = field(default_factory=Counter)
    rejects_path: Path | None = None
    encoding: str = "utf-8"
    seconds: float = 0.0

    def __post_init__(self) -> None:
        assert self.accepted + self.rejected == self.rows_read, "rows lost in the import"

    def __str__(self) -> str:
        lines = [
            f"Import of {self.path.name} into {self.table} ({self.encoding}): "
            f"{self.rows_read:,} rows read, {self.accepted:,} accepted, "
            f"{self.rejected:,} rejected"
        ]
        if self.reasons:
            lines.append("Top reasons for rejection:")
            lines.extend(f"  {n:>6,}  {reason}" for reason, n in self.reasons.most_common(8))
        if self.rejects_path is not None:
            lines.append(f"Rejected rows with their reasons: {self.rejects_path.name}")
        return "\n".join(lines)


class ImportAborted(RuntimeError):
    """The import failed part way; the database was rolled back and is unchanged."""


# =========================================================================== reading and checking
def _decode(path: Path) -> tuple[str, str]:
    """The file's text and its encoding: UTF-8 with BOM, UTF-8 or GB18030 (GBK)."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ValueError(
        f"cannot decode {path}: it is not UTF-8, UTF-8 with BOM or GB18030/GBK text. "
        "Open it in Excel and save it again as 'CSV UTF-8 (Comma delimited)'."
    )


def _keys(con: sqlite3.Connection, table: str, columns: Iterable[str]) -> set:
    """The values (tuples for several columns) already in the database."""
    cols = list(columns)
    rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
    return {r if len(cols) > 1 else r[0] for r in rows}


def _validate_rows(
    con: sqlite3.Connection, table: Table, rows: list[Mapping[str, Any]]
) -> tuple[list[tuple], list[list[str]]]:
    """Parse and check rows; return (parsed values, reasons per row — empty when valid)."""
    keys_seen = _keys(con, table.name, table.primary_key)
    unique_seen = {c.name: _keys(con, table.name, [c.name]) for c in table.columns if c.unique}
    parents = {
        c.name: _keys(con, c.parent[0], [c.parent[1]])
        for c in table.columns
        if c.parent is not None and not table.staging
    }
    parsed_rows, reasons_rows = [], []
    for row in rows:
        values, reasons = {}, []
        for c in table.columns:
            kind = c.kind if not table.staging or c.kind == "int" else "text"
            try:
                value = parse_value(row.get(c.name), kind)
            except ValueError as e:
                reasons.append(f"{c.name}: {e}")
                values[c.name] = None
                continue
            values[c.name] = value
            if table.staging:
                if c.name in table.primary_key and value is None:
                    reasons.append(f"{c.name}: required")
                continue
            problem = value_problem(c, value)
            if problem:
                reasons.append(f"{c.name}: {problem}")
            elif value is not None and c.name in parents and value not in parents[c.name]:
                reasons.append(f"{c.name}: not found in {c.references}")
        if not table.staging:
            for rule in table.rules:
                args = [values[name] for name in rule.columns]
                if all(a is not None for a in args) and not rule.test(*args):
                    reasons.append(f"rule: {rule.message}")
        key = tuple(values[name] for name in table.primary_key)
        key = key if len(key) > 1 else key[0]
        if not reasons:
            if key in keys_seen:
                reasons.append(f"{', '.join(table.primary_key)}: duplicate key")
            for name, seen in unique_seen.items():
                if values[name] in seen:
                    reasons.append(f"{name}: duplicate (must be unique)")
        if not reasons:
            keys_seen.add(key)
            for name, seen in unique_seen.items():
                seen.add(values[name])
        parsed_rows.append(tuple(values[name] for name in table.column_names))
        reasons_rows.append(reasons)
    return parsed_rows, reasons_rows


def _read_rows(path: Path, table: Table) -> tuple[list[str], list[list[str]], str]:
    """Header, non-blank body rows and encoding of a CSV file, its header checked."""
    text, encoding = _decode(path)
    records = [r for r in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in r)]
    if not records:
        raise ValueError(f"{path.name} is empty: expected a header row with {table.column_names}")
    header = [h.strip().lstrip("\ufeff") for h in records[0]]
    missing = [c for c in table.column_names if c not in header]
    unknown = [h for h in header if h not in table.column_names]
    if missing or unknown or len(set(header)) != len(header):
        raise ValueError(
            f"{path.name}: the header does not match table {table.name!r}; "
            f"missing {missing or 'none'}, unknown {unknown or 'none'}. "
            f"Expected: {', '.join(table.column_names)}"
        )
    return header, records[1:], encoding


def _write_rejects(
    path: Path, header: list[str], body: list[list[str]], reasons: list[list[str]]
) -> tuple[Path | None, list[list[str]], Counter]:
    """Write the rejected rows with a ``reasons`` column (or remove an old rejects file)."""
    counter: Counter = Counter()
    bad_rows = []
    for raw, why in zip(body, reasons, strict=True):
        if why:
            counter.update(why)
            padding = [""] * (len(header) - len(raw))
            bad_rows.append([*raw[: len(header)], *padding, "; ".join(why)])
    rejects_path = path.with_name(f"{path.stem}_rejects.csv")
    if not bad_rows:
        rejects_path.unlink(missing_ok=True)
        return None, bad_rows, counter
    with rejects_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*header, "reasons"])
        writer.writerows(bad_rows)
    return rejects_path, bad_rows, counter


# =========================================================================== import
def import_file(path: PathLike, table: str, db: DatabaseLike) -> ImportReport:
    """Upload a filled-in template (上传文件): validate every row, insert the good ones.

    Every row is checked against the table's rules — types, required fields, allowed
    values and ranges, rules across columns, foreign keys, duplicate keys in the file
    or the database. Valid rows go in within **one** transaction; rejected rows are
    written to ``<input stem>_rejects.csv`` beside the input with a ``reasons``
    column. If the insert fails part way (the database is locked, a constraint
    trips), everything is rolled back and :class:`ImportAborted` is raised: the
    database is as it was.

    The file may be UTF-8, UTF-8 with BOM or GB18030/GBK (what Excel in China saves);
    they are tried in that order. Completely empty lines are skipped.

    Parameters
    ----------
    path : str or PathLike
        The CSV file to import.
    table : str
        The target table, e.g. ``"customers"``.
    db : str, PathLike or sqlite3.Connection
        The database (a path is opened and closed again).

    Returns
    -------
    ImportReport
        Counts (``rows_read == accepted + rejected``), reasons and the rejects file.

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path`` (or no database at a path ``db``).
    ValueError
        If the file is not CSV text, is empty or its header does not match the table.
    ImportAborted
        If the insert failed; nothing was imported.

    Examples
    --------
    >>> import tempfile, labkit
    >>> from labkit import database
    >>> folder = tempfile.mkdtemp()
    >>> dbp = database.build_database(labkit.make_world(seed=1, n_customers=200),
    ...                               folder + "/x.db")
    >>> f = database.template("feedback", folder + "/fb.csv")
    >>> with open(f, "a", encoding="utf-8") as fh:
    ...     _ = fh.write("90001,1,2025-06-01 10:00:00,email,5,Great\\n")
    ...     _ = fh.write("90002,1,2025-06-01,email,9,Too high\\n")
    >>> report = database.import_file(f, "feedback", dbp)
    >>> report.accepted, report.rejected, report.reasons.most_common(1)
    (1, 1, [('rating: not between 1 and 5', 1)])
    """
    start = time.perf_counter()
    spec = table_spec(table)
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no file to import at {path}")
    if path.suffix.lower() in (".xlsx", ".xls"):
        raise ValueError(f"{path.name}: save the workbook as CSV first (XLSX is not supported)")
    header, body, encoding = _read_rows(path, spec)
    rows, shape_reasons = [], []
    for raw in body:
        shape_reasons.append(
            []
            if len(raw) == len(header)
            else [f"row: expected {len(header)} fields, got {len(raw)}"]
        )
        rows.append(dict(zip(header, raw, strict=False)))

    with BorrowedConnection(db) as con:
        if con.in_transaction:
            raise ValueError("the connection has an open transaction; commit or roll back first")
        try:
            # Take the write lock first: the keys checked are the keys the insert meets.
            con.execute("BEGIN IMMEDIATE")
            parsed, reasons = _validate_rows(con, spec, rows)
            reasons = [s + r for s, r in zip(shape_reasons, reasons, strict=True)]
            good = [p for p, r in zip(parsed, reasons, strict=True) if not r]
            con.executemany(insert_statement(spec), good)
            con.commit()
        except BaseException as e:
            if con.in_transaction:
                con.rollback()
            if not isinstance(e, (sqlite3.Error, OverflowError, ValueError)):
                raise
            raise ImportAborted(
                f"import of {path.name} into {table} failed ({e}); nothing was imported, "
                "the database is unchanged"
            ) from e

    rejects_path, bad_rows, counter = _write_rejects(path, header, body, reasons)
    return ImportReport(
        table=table,
        path=path,
        rows_read=len(body),
        accepted=len(good),
        rejected=len(bad_rows),
        reasons=counter,
        rejects_path=rejects_path,
        encoding=encoding,
        seconds=time.perf_counter() - start,
    )
