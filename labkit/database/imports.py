"""The import template workflow (下载模板 → 填写内容 → 上传文件): template, check, insert.

:func:`template` writes a CSV with a table's header row and an instructions
file that explains every column; :func:`import_file` reads a filled-in copy
(:mod:`labkit.database.csv_files`), checks every field against its column's
kind, format and rules (the same specification the SQL constraints come from),
and then either does everything or nothing: the good rows are inserted and the
rejected ones written, with their reasons, to a new rejects file, and only when
both succeeded is the transaction committed. :class:`ImportReport` says what
happened; :class:`ImportAborted` means nothing was imported.

>>> import tempfile
>>> from labkit.database.imports import template
>>> path = template("surveys", tempfile.mkdtemp() + "/surveys.csv")
>>> path.read_text(encoding="utf-8-sig").split(",")[:3]
['response_id', 'customer_id', 'answered_at']
"""

from __future__ import annotations

import csv
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labkit.database.connection import (
    BorrowedConnection,
    DatabaseLike,
    PathLike,
    database_locale,
    ensure_user,
)
from labkit.database.csv_files import REASONS_COLUMN, read_csv_records, write_rejects
from labkit.database.ddl import insert_statement
from labkit.database.tables import Col, Table, table_spec
from labkit.database.values import parse_column_value, value_problem
from labkit.i18n import N_, _
from labkit.world.dictionary import describe_columns

__all__ = ["ImportAborted", "ImportReport", "column_rules_text", "import_file", "template"]

_KIND_TEXT = {
    "int": N_("whole number"),
    "real": N_("number"),
    "text": N_("text"),
    "date": N_("date YYYY-MM-DD (2025-03-08)"),
    "datetime": N_("date and time YYYY-MM-DD HH:MM:SS (2025-03-08 14:30:00)"),
    "bool": N_("1 or 0 (also true/false, yes/no, 是/否)"),
    "json": N_("JSON object text"),
}
_FORMAT_TEXT = {
    "phone": N_("a phone number of the database's country (stored in its standard form)"),
    "email": N_("an e-mail address (name@domain.com)"),
}


# =========================================================================== template
def column_rules_text(column: Col) -> str:
    """A column's rules in words, for the template's instructions.

    Examples
    --------
    >>> column_rules_text(Col("rating", "int", min=1, max=5))
    'whole number; between 1 and 5'
    """
    parts = [_(_KIND_TEXT[column.kind])]
    if column.format is not None:
        parts.append(_(_FORMAT_TEXT[column.format]))
    if column.choices is not None:
        parts.append(_("one of {choices}").format(choices=", ".join(column.choices)))
    if column.min is not None and column.max is not None:
        parts.append(_("between {low:g} and {high:g}").format(low=column.min, high=column.max))
    elif column.min is not None:
        parts.append(_("at least {low:g}").format(low=column.min))
    if column.unique:
        parts.append(_("unique"))
    if column.references:
        parts.append(_("must exist in {parent}").format(parent=column.references))
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
        _("Import template for table '{table}' (导入模板)").format(table=table.name),
        "",
        *_(
            "1. Fill in one row per record under the header row; do not rename or reorder "
            "columns.\n"
            "2. Leave a cell empty for a missing optional value; required cells must be filled.\n"
            "3. Save as CSV (UTF-8, or the CSV Excel saves in China, GBK) and upload it with\n"
            "   labkit.database.import_file(path, '{table}', db).\n"
            "4. Rows that break a rule are not imported: they go to <file>_rejects.csv with\n"
            "   their reasons; fix them there and import that file again."
        )
        .format(table=table.name)
        .split("\n"),
        "",
        _("Key: {key} (must not repeat, in the file or the database)").format(
            key=", ".join(table.primary_key)
        ),
        "",
    ]
    meanings = _column_meanings(table.name)
    for c in table.columns:
        need = _("required") if (c.required and not table.staging) else _("optional")
        lines.append(f"{c.name}  [{need}]  {column_rules_text(c)}")
        if meanings.get(c.name):
            lines.append(f"    {meanings[c.name]}")
    for rule in table.rules:
        lines.append(
            _("rule: {rule} is not allowed ({constraint})").format(
                rule=rule.explain(), constraint=rule.constraint
            )
        )
    lines += [
        "",
        *_(
            "Numbers: digits with a point for decimals (1234.56). A comma or point that could\n"
            "separate thousands or decimals (1234,56  1.234  1,234) is refused, never guessed.\n"
            "Rejects: when <file>_rejects.csv exists already it is kept, and the new rejects go\n"
            "to <file>_rejects_2.csv (then _3 …). Its 'reasons' column is ignored on import."
        ).split("\n"),
    ]
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
            _(
                "{name}: XLSX templates are not supported (openpyxl is not installed in the kit); "
                "write a .csv template instead — Excel opens it, and import_file reads the CSV "
                "that Excel saves (UTF-8 or GBK)"
            ).format(name=path.name)
        )
    if path.suffix.lower() != ".csv":
        raise ValueError(_("{name}: the template must be a .csv file").format(name=path.name))
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
    #: What the reading noticed about the whole file (e.g. classic Mac line ends).
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        assert self.accepted + self.rejected == self.rows_read, "rows lost in the import"

    def __str__(self) -> str:
        lines = [
            _(
                "Import of {file} into {table} ({encoding}): "
                "{read:,} rows read, {accepted:,} accepted, {rejected:,} rejected"
            ).format(
                file=self.path.name,
                table=self.table,
                encoding=self.encoding,
                read=self.rows_read,
                accepted=self.accepted,
                rejected=self.rejected,
            )
        ]
        lines.extend(_("Note: {note}").format(note=note) for note in self.notes)
        if self.reasons:
            lines.append(_("Top reasons for rejection:"))
            lines.extend(f"  {n:>6,}  {reason}" for reason, n in self.reasons.most_common(8))
        if self.rejects_path is not None:
            lines.append(
                _("Rejected rows with their reasons: {file}").format(file=self.rejects_path.name)
            )
        return "\n".join(lines)


class ImportAborted(RuntimeError):
    """The import failed part way; the database was rolled back and is unchanged."""


# =========================================================================== checking
def _keys(con: sqlite3.Connection, table: str, columns: Iterable[str]) -> set:
    """The values (tuples for several columns) already in the database."""
    cols = list(columns)
    rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
    return {r if len(cols) > 1 else r[0] for r in rows}


def _validate_rows(
    con: sqlite3.Connection, table: Table, rows: list[Mapping[str, Any]]
) -> tuple[list[tuple], list[list[str]]]:
    """Parse and check rows; return (parsed values, reasons per row — empty when valid)."""
    locale = database_locale(con)
    keys_seen = _keys(con, table.name, table.primary_key)
    unique_seen = {c.name: _keys(con, table.name, [c.name]) for c in table.columns if c.unique}
    parents = {
        c.name: _keys(con, c.parent[0], [c.parent[1]])
        for c in table.columns
        if c.parent is not None and not table.staging
    }
    # A staging table keeps rows as captured: text, only its key must be a number.
    read_as = [
        Col(c.name, c.kind if c.kind == "int" else "text", required=False) if table.staging else c
        for c in table.columns
    ]
    parsed_rows, reasons_rows = [], []
    for row in rows:
        values, reasons = {}, []
        for c, column in zip(table.columns, read_as, strict=True):
            try:
                value = parse_column_value(row.get(c.name), column, locale)
            except ValueError as e:
                reasons.append(f"{c.name}: {e}")
                values[c.name] = None
                continue
            values[c.name] = value
            if table.staging:
                if c.name in table.primary_key and value is None:
                    reasons.append(f"{c.name}: {_('required')}")
                continue
            problem = value_problem(c, value)
            if problem:
                reasons.append(f"{c.name}: {problem}")
            elif value is not None and c.name in parents and value not in parents[c.name]:
                reasons.append(
                    f"{c.name}: " + _("not found in {parent}").format(parent=c.references)
                )
        if not table.staging:
            for rule in table.rules:
                args = [values[name] for name in rule.columns]
                if all(a is not None for a in args) and not rule.test(*args):
                    reasons.append(_("rule: {rule}").format(rule=rule.explain()))
        key = tuple(values[name] for name in table.primary_key)
        key = key if len(key) > 1 else key[0]
        if not reasons:
            if key in keys_seen:
                reasons.append(f"{', '.join(table.primary_key)}: {_('duplicate key')}")
            for name, seen in unique_seen.items():
                if values[name] in seen:
                    reasons.append(f"{name}: {_('duplicate (must be unique)')}")
        if not reasons:
            keys_seen.add(key)
            for name, seen in unique_seen.items():
                seen.add(values[name])
        parsed_rows.append(tuple(values[name] for name in table.column_names))
        reasons_rows.append(reasons)
    return parsed_rows, reasons_rows


def _check_header(header: list[str], table: Table, name: str) -> list[str]:
    """The columns of the file that hold the table's values; ValueError naming every problem.

    A ``reasons`` column (a rejects file being imported again) is allowed and ignored.
    """
    problems = []
    unnamed = [str(i + 1) for i, h in enumerate(header) if not h]
    if unnamed:
        problems.append(
            _("column(s) {columns} of the header have no name").format(columns=", ".join(unnamed))
        )
    repeated = [h for h, n in Counter(h for h in header if h).items() if n > 1]
    if repeated:
        problems.append(
            _("duplicate column name(s) {columns} (each column may appear once)").format(
                columns=", ".join(repr(h) for h in repeated)
            )
        )
    ignored = {REASONS_COLUMN} - set(table.column_names)
    missing = [c for c in table.column_names if c not in header]
    unknown = [h for h in header if h and h not in table.column_names and h not in ignored]
    if missing or unknown:
        problems.append(
            _("missing {missing}, unknown {unknown}").format(
                missing=missing or _("none"), unknown=unknown or _("none")
            )
        )
    if problems:
        raise ValueError(
            _(
                "{name}: the header does not match table {name2!r}: {items}. Expected: {items2}"
            ).format(
                name=name,
                name2=table.name,
                items="; ".join(problems),
                items2=", ".join(table.column_names),
            )
        )
    return [h for h in header if h in table.column_names]


def _rejects_rows(
    header: list[str], body: list[list[str]], reasons: list[list[str]], columns: list[str]
) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the rejects file: the table's columns as in the input, then
    ``reasons``, then any cells a row had beyond the header (nothing is dropped; the
    ``reasons`` of a rejects file imported again are replaced by the new ones)."""
    position = {h: i for i, h in enumerate(header)}
    out = []
    for raw, why in zip(body, reasons, strict=True):
        if why:
            cells = [raw[position[c]] if position[c] < len(raw) else "" for c in columns]
            out.append([*cells, "; ".join(why), *raw[len(header) :]])
    return [*columns, REASONS_COLUMN], out


# =========================================================================== import
def import_file(path: PathLike, table: str, db: DatabaseLike) -> ImportReport:
    """Upload a filled-in template (上传文件): validate every field, insert the good rows.

    Every field is checked against its column: its kind (whole number, number,
    date …), its format (a phone number of the database's locale, an e-mail
    address; read by :mod:`labkit.formats`, numbers with separators that could
    mean thousands or decimals refused), required fields, allowed values and
    ranges, rules across columns, foreign keys, duplicate keys in the file or the
    database. Rejected rows go to a **new** file beside the input,
    ``<stem>_rejects.csv`` (``<stem>_rejects_2.csv`` … when the name is taken: an
    existing file is never overwritten or deleted, a symbolic link never
    followed), with a ``reasons`` column; fix them there and import that file
    again (its ``reasons`` column is ignored).

    **All or nothing.** The valid rows are inserted and the rejects file written
    inside one transaction, which is committed only when both succeeded. If
    anything fails (the database is locked, a constraint trips, the rejects file
    cannot be written), everything is rolled back, a rejects file this call
    wrote is removed, and :class:`ImportAborted` is raised: the database is as it was.

    The file may be UTF-8 (with or without BOM), UTF-16 with BOM or GB18030/GBK
    (what Excel in China saves); lines may end in LF, CRLF or CR (classic Mac).
    Completely empty lines are skipped; every other line is read, accepted or
    rejected with its reasons (a stray carriage return, a cell over 131,072
    characters, too few or too many fields).

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
        Counts (``rows_read == accepted + rejected``), reasons, notes and the
        rejects file.

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path`` (or no database at a path ``db``).
    ValueError
        If the file is not CSV text, is empty, its quoting is broken (the line is
        named) or its header does not match the table (missing, unknown or
        duplicate columns are named).
    ImportAborted
        If the insert or the rejects file failed; nothing was imported.

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
    >>> report.rejects_path.name
    'fb_rejects.csv'
    """
    start = time.perf_counter()
    spec = table_spec(table)
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(_("no file to import at {path}").format(path=path))
    if path.suffix.lower() in (".xlsx", ".xls"):
        raise ValueError(
            _("{name}: save the workbook as CSV first (XLSX is not supported)").format(
                name=path.name
            )
        )
    records = read_csv_records(path)
    header, body = records.header, records.rows
    columns = _check_header(header, spec, path.name)
    rows, shape_reasons = [], []
    for raw, problems in zip(body, records.row_problems, strict=True):
        shape = (
            []
            if len(raw) == len(header)
            else [
                _("row: expected {expected} fields, got {n}").format(
                    expected=len(header), n=len(raw)
                )
            ]
        )
        shape_reasons.append(shape + problems)
        rows.append(dict(zip(header, raw, strict=False)))

    rejects_path: Path | None = None
    with BorrowedConnection(db) as con:
        if con.in_transaction:
            raise ValueError(_("the connection has an open transaction; commit or roll back first"))
        ensure_user(con)  # an audited table's triggers name who works on the connection
        try:
            # Take the write lock first: the keys checked are the keys the insert meets.
            con.execute("BEGIN IMMEDIATE")
            parsed, reasons = _validate_rows(con, spec, rows)
            reasons = [s + r for s, r in zip(shape_reasons, reasons, strict=True)]
            good = [p for p, r in zip(parsed, reasons, strict=True) if not r]
            con.executemany(insert_statement(spec), good)
            if any(reasons):  # written before the commit: if it fails, nothing is imported
                rejects_path = write_rejects(path, *_rejects_rows(header, body, reasons, columns))
            con.commit()
        except BaseException as e:
            if con.in_transaction:
                con.rollback()
            if rejects_path is not None:
                rejects_path.unlink(missing_ok=True)
            if not isinstance(e, (sqlite3.Error, OverflowError, ValueError, OSError)):
                raise
            what = _("writing the rejects file") if isinstance(e, OSError) else _("the insert")
            raise ImportAborted(
                _(
                    "import of {name} into {table} failed in {what} ({e}); nothing was imported, "
                    "the database is unchanged"
                ).format(name=path.name, table=table, what=what, e=e)
            ) from e

    counter: Counter = Counter(why for row_reasons in reasons for why in row_reasons)
    return ImportReport(
        table=table,
        path=path,
        rows_read=len(body),
        accepted=len(good),
        rejected=sum(1 for r in reasons if r),
        reasons=counter,
        rejects_path=rejects_path,
        encoding=records.encoding,
        seconds=time.perf_counter() - start,
        notes=tuple(records.notes),
    )
