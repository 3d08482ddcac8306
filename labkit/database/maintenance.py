"""Maintenance (数据库的维护): updates with history, backup and restore, health checks.

:func:`upsert_customers` inserts new customers and updates changed ones while
keeping every earlier version in ``customers_history``; :func:`backup` and
:func:`restore` copy a database safely while it is in use; :func:`verify` and
:func:`compare_counts` say whether a database (or a backup) is whole.

>>> from labkit.database.connection import connect
>>> from labkit.database.maintenance import verify
>>> con = connect(":memory:"); _ = con.execute("CREATE TABLE t (x)")
>>> verify(con)["integrity"]
'ok'
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from labkit.database.connection import (
    BorrowedConnection,
    DatabaseLike,
    PathLike,
    database_locale,
    ensure_user,
    table_names,
)
from labkit.database.ddl import insert_statement
from labkit.database.tables import SPEC
from labkit.database.values import parse_column_value, parse_value, value_problem
from labkit.i18n import _

__all__ = ["backup", "compare_counts", "restore", "upsert_customers", "verify"]


# =========================================================================== history
def _iso_day(when: Any) -> str:
    try:
        return parse_value(when, "date")
    except ValueError:
        raise ValueError(
            _("when must be a date YYYY-MM-DD, got {when!r}").format(when=when)
        ) from None


def _check_columns(df: pd.DataFrame, known: list[str]) -> None:
    if "customer_id" not in df.columns:
        raise ValueError(_("df needs a customer_id column"))
    unknown = [c for c in df.columns if c not in known]
    if unknown:
        raise ValueError(
            _("unknown customer column(s): {items}").format(items=", ".join(map(str, unknown)))
        )
    if df["customer_id"].duplicated().any():
        raise ValueError(_("customer_id repeats in df; give one row per customer"))


def _close_version(con: sqlite3.Connection, customer_id: int, record: dict, day: str) -> None:
    """End the customer's current version on ``day``; the first time, record it first."""
    open_version = con.execute(
        "SELECT version_id FROM customers_history WHERE customer_id = ? AND valid_to IS NULL",
        (customer_id,),
    ).fetchone()
    if open_version is None:  # first change: record the version it replaces
        start = min(record["signup_date"], day)
        con.execute(
            "INSERT INTO customers_history (customer_id, valid_from, valid_to, record)"
            " VALUES (?, ?, ?, ?)",
            (customer_id, start, day, json.dumps(record, ensure_ascii=False)),
        )
    else:
        con.execute(
            "UPDATE customers_history SET valid_to = ? WHERE version_id = ?",
            (day, open_version[0]),
        )


def upsert_customers(con: sqlite3.Connection, df: pd.DataFrame, *, when: Any) -> dict[str, int]:
    """Insert new customers and update changed ones, keeping every version's history.

    ``df`` has a ``customer_id`` column and any other customer columns (a partial
    update, e.g. only ``phone`` and ``city``, is fine for existing customers; a new
    customer needs every required column). For each changed customer the current
    version in ``customers_history`` is closed (``valid_to = when``) and the new one
    opened (``valid_from = when``); a customer's first recorded version starts on
    their ``signup_date``. Every new value is checked as an import checks it (its
    kind and format: a phone of the database's locale, stored in its standard
    form; an e-mail address; a number without ambiguous separators). Everything
    happens in one transaction; a row that breaks a rule raises ValueError naming
    it, and nothing changes.

    Parameters
    ----------
    con : sqlite3.Connection
        A connection from :func:`~labkit.database.connection.connect`.
    df : pandas.DataFrame
        Rows to upsert.
    when : str or date
        The day the new values became valid.

    Returns
    -------
    dict
        ``{"inserted": n, "updated": n, "unchanged": n}``.

    Raises
    ------
    ValueError
        For an unknown column, a repeated customer, a bad ``when`` or a value that
        breaks a rule (the message names the customer and the column).

    Examples
    --------
    >>> import tempfile, labkit, pandas as pd
    >>> from labkit import database
    >>> path = database.build_database(labkit.make_world(seed=1, n_customers=200),
    ...                                tempfile.mkdtemp() + "/x.db")
    >>> con = database.connect(path)
    >>> database.upsert_customers(con, pd.DataFrame({"customer_id": [5], "city": ["Boston"]}),
    ...                           when="2026-01-15")
    {'inserted': 0, 'updated': 1, 'unchanged': 0}
    >>> con.execute("SELECT COUNT(*) FROM customers_history WHERE customer_id = 5").fetchone()
    (2,)
    """
    table = SPEC["customers"]
    day = _iso_day(when)
    names = table.column_names
    _check_columns(df, names)
    if con.in_transaction:
        raise ValueError(_("the connection has an open transaction; commit or roll back first"))
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    others = [c for c in names if c != "customer_id"]
    locale = database_locale(con)
    ensure_user(con)  # the audit log's triggers name who works on the connection
    con.execute("BEGIN IMMEDIATE")
    try:
        for row in df.to_dict("records"):
            new = {}
            for name in df.columns:
                try:
                    new[name] = parse_column_value(row[name], table.column(name), locale)
                except ValueError as e:
                    raise ValueError(
                        _("customer {row}: {name}: {e}").format(
                            row=row["customer_id"], name=name, e=e
                        )
                    ) from None
            customer_id = new["customer_id"]
            old_row = con.execute(
                f"SELECT {', '.join(names)} FROM customers WHERE customer_id = ?", (customer_id,)
            ).fetchone()
            record = dict(zip(names, old_row, strict=True)) if old_row else {}
            merged = {**record, **new}
            for c in table.columns:
                problem = value_problem(c, merged.get(c.name))
                if problem:
                    raise ValueError(
                        _("customer {customer_id}: {name}: {problem}").format(
                            customer_id=customer_id, name=c.name, problem=problem
                        )
                    )
            if old_row is None:
                con.execute(insert_statement(table), [merged[c] for c in names])
                counts["inserted"] += 1
            elif merged == record:
                counts["unchanged"] += 1
                continue
            else:
                con.execute(
                    f"UPDATE customers SET {', '.join(f'{c} = ?' for c in others)} "
                    "WHERE customer_id = ?",
                    [merged[c] for c in others] + [customer_id],
                )
                counts["updated"] += 1
                _close_version(con, customer_id, record, day)
            con.execute(
                "INSERT INTO customers_history (customer_id, valid_from, valid_to, record) "
                "VALUES (?, ?, NULL, ?)",
                (customer_id, day, json.dumps(merged, ensure_ascii=False)),
            )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return counts


# =========================================================================== backup
def backup(con_or_path: DatabaseLike, dest: PathLike) -> Path:
    """Copy a database to ``dest`` with SQLite's online backup API.

    Safe while the database is in use (unlike copying the file). ``dest`` is
    replaced if it exists.

    Parameters
    ----------
    con_or_path : str, PathLike or sqlite3.Connection
        The database to copy.
    dest : str or PathLike
        The backup file (its folder is created).

    Returns
    -------
    pathlib.Path
        The backup file.

    Raises
    ------
    ValueError
        If ``dest`` is the database itself.

    Examples
    --------
    >>> import tempfile
    >>> from labkit.database import backup, connect, verify
    >>> folder = tempfile.mkdtemp()
    >>> con = connect(folder + "/a.db"); _ = con.execute("CREATE TABLE t (x)")
    >>> verify(backup(con, folder + "/backup/a.db"))["counts"]
    {'t': 0}
    """
    dest = Path(dest)
    with BorrowedConnection(con_or_path) as source:
        source_file = source.execute("PRAGMA database_list").fetchone()[2]
        if source_file and dest.exists() and os.path.samefile(source_file, dest):
            raise ValueError(
                _("the backup destination {dest} is the database itself").format(dest=dest)
            )
        dest.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(dest)
        try:
            source.backup(target)
        finally:
            target.close()
    return dest


def restore(backup_path: PathLike, dest: PathLike) -> Path:
    """Restore a backup into ``dest`` (replacing its contents), after checking the backup.

    The backup must pass ``PRAGMA integrity_check`` first, so a damaged backup never
    overwrites a working database.

    Parameters
    ----------
    backup_path : str or PathLike
        The backup file.
    dest : str or PathLike
        The database to restore into.

    Returns
    -------
    pathlib.Path
        ``dest``.

    Raises
    ------
    FileNotFoundError
        If there is no backup file.
    ValueError
        If the backup is damaged.

    Examples
    --------
    >>> import tempfile
    >>> from labkit.database import backup, connect, restore
    >>> folder = tempfile.mkdtemp()
    >>> con = connect(folder + "/a.db"); _ = con.execute("CREATE TABLE t (x)"); con.close()
    >>> b = backup(folder + "/a.db", folder + "/a.bak")
    >>> restore(b, folder + "/restored.db").name
    'restored.db'
    """
    backup_path = Path(backup_path)
    if not backup_path.is_file():
        raise FileNotFoundError(_("no backup at {backup_path}").format(backup_path=backup_path))
    report = verify(backup_path)
    if report["integrity"] != "ok":
        raise ValueError(
            _("the backup {backup_path} is damaged: {report}").format(
                backup_path=backup_path, report=report["integrity"]
            )
        )
    return backup(backup_path, dest)


# =========================================================================== health
def verify(path: DatabaseLike) -> dict[str, Any]:
    """Check a database: ``PRAGMA integrity_check``, foreign keys and rows per table.

    Parameters
    ----------
    path : str, PathLike or sqlite3.Connection
        The database.

    Returns
    -------
    dict
        ``{"integrity": "ok" or the problems, "foreign_key_violations": n,
        "counts": {table: rows}}``.

    Raises
    ------
    FileNotFoundError
        If there is no file at the path.

    Examples
    --------
    >>> from labkit.database import connect, verify
    >>> con = connect(":memory:"); _ = con.execute("CREATE TABLE t (x)")
    >>> verify(con)
    {'integrity': 'ok', 'foreign_key_violations': 0, 'counts': {'t': 0}}
    """
    with BorrowedConnection(path) as con:
        problems = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        violations = len(con.execute("PRAGMA foreign_key_check").fetchall())
        counts = {
            t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in table_names(con)
        }
    return {
        "integrity": "ok" if problems == ["ok"] else "; ".join(problems),
        "foreign_key_violations": violations,
        "counts": counts,
    }


def _counts(database: DatabaseLike | Mapping) -> dict[str, int]:
    if isinstance(database, Mapping):
        return dict(database.get("counts", database))
    return verify(database)["counts"]


def compare_counts(a: DatabaseLike | Mapping, b: DatabaseLike | Mapping) -> pd.DataFrame:
    """Row counts of two databases side by side (e.g. the live one and its backup).

    ``a`` and ``b`` are paths, connections or the ``counts`` of :func:`verify`.

    Returns
    -------
    pandas.DataFrame
        One row per table: ``a``, ``b``, ``difference`` (b − a) and ``same``.

    Examples
    --------
    >>> out = compare_counts({"customers": 10, "orders": 5}, {"customers": 10, "orders": 4})
    >>> out["difference"].tolist(), out["same"].tolist()
    ([0, -1], [True, False])
    """
    counts_a, counts_b = _counts(a), _counts(b)
    tables = list(dict.fromkeys([*counts_a, *counts_b]))
    out = pd.DataFrame(
        {"a": [counts_a.get(t) for t in tables], "b": [counts_b.get(t) for t in tables]},
        index=pd.Index(tables, name="table"),
    ).astype("Int64")
    out["difference"] = out["b"] - out["a"]
    out["same"] = (out["a"] == out["b"]).fillna(False).astype(bool)
    return out
