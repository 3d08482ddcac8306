"""Privacy duties (隐私义务): find everything held about one person, and erase it.

:func:`customer_footprint` counts the rows that hold one customer's data, in
every table; :func:`erase_customer` deletes them all in one transaction (the
right to erasure, 删除权), proves it with the footprint, and makes sure the
deleted bytes are gone from the file. Pseudonymisation, masking and encryption
live in :mod:`labkit.privacy`.

A person is more than their customer number. Besides the rows that carry it,
erasure looks for:

* **staging records** (``raw_records``) of the same person, found with the kit's
  own record linkage (:mod:`labkit.linkage`): the customer's record and the
  staging records are standardised (:func:`labkit.cleaning.standardise_records`)
  and compared with the comparisons chapter 03 uses
  (:data:`labkit.linkage.RAW_RECORDS_COMPARE`), with match weights estimated
  from the staging records themselves; a record whose match probability is at
  least the threshold (:data:`labkit.linkage.THRESHOLD`), or has the same phone
  or e-mail, is the person's — also with a typo in the phone and no e-mail;
* **audit entries** that hold a copy of their row: by customer number, or by
  the number, phone or e-mail inside the old and new rows they record.

Deleting a row leaves its bytes in the file's free space, and in the
write-ahead log, until they are overwritten. Erasure turns SQLite's
``secure_delete`` on (deleted content is overwritten with zeros) and
checkpoints the write-ahead log into the file, truncating it. Copies outside
the file are beyond it: backups, exports, the disk's own free blocks.

The database layer uses record linkage here, so ``labkit.database`` sits above
``labkit.linkage`` in the layers (``pyproject.toml``).

>>> from labkit.database.connection import connect
>>> con = connect(":memory:")
>>> _ = con.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, phone, email)")
>>> customer_footprint(con, 1, record={"phone": "13812345678"})
{'customers': 0}
"""

from __future__ import annotations

import json
import sqlite3
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from labkit.cleaning import standardise_records
from labkit.database.audit import ERASABLE_TABLE, NOW_SQL, SESSION_USER_SQL
from labkit.database.connection import database_locale, ensure_user, table_names
from labkit.database.values import same_email
from labkit.formats import same_phone
from labkit.i18n import _
from labkit.linkage import RAW_RECORDS_COMPARE, THRESHOLD, estimate_model, score_pairs
from labkit.settings import DEFAULT_LOCALE

__all__ = ["PERSON_COLUMNS", "customer_footprint", "customer_record", "erase_customer"]

#: What identifies a person, in a customer row and in a staging record alike.
PERSON_COLUMNS = ("name", "birth_date", "phone", "email", "address", "province", "city")

#: The columns :func:`labkit.cleaning.standardise_records` needs.
_STANDARDISED = ("name", "birth_date", "phone", "email", "province", "city")
#: Tables whose rows name the customer in a ``customer_id`` column.
_TABLES_WITH_CUSTOMER_ID = frozenset(
    {
        "customers",
        "orders",
        "web_events",
        "campaign_responses",
        "service_tickets",
        "feedback",
        "surveys",
        "customers_history",
    }
)
_ORDERS_OF_CUSTOMER = "(SELECT order_id FROM orders WHERE customer_id = ?)"
#: What erasure deletes, children first; each statement takes the customer number
#: once per ``?``.
_DELETE_STEPS = (
    ("order_items", f"DELETE FROM order_items WHERE order_id IN {_ORDERS_OF_CUSTOMER}"),
    (
        "service_tickets",
        f"DELETE FROM service_tickets WHERE customer_id = ? OR order_id IN {_ORDERS_OF_CUSTOMER}",
    ),
    ("orders", "DELETE FROM orders WHERE customer_id = ?"),
    ("web_events", "DELETE FROM web_events WHERE customer_id = ?"),
    ("campaign_responses", "DELETE FROM campaign_responses WHERE customer_id = ?"),
    ("feedback", "DELETE FROM feedback WHERE customer_id = ?"),
    ("surveys", "DELETE FROM surveys WHERE customer_id = ?"),
    ("customers_history", "DELETE FROM customers_history WHERE customer_id = ?"),
    ("customers", "DELETE FROM customers WHERE customer_id = ?"),
)


# =========================================================================== the person
def customer_record(con: sqlite3.Connection, customer_id: int) -> dict[str, Any] | None:
    """What identifies a customer (:data:`PERSON_COLUMNS`, and the number), or None.

    Keep it before an erasure to check afterwards that nothing of the person is
    left (the customer row, which says who they were, is erased too).

    Examples
    --------
    >>> import tempfile, labkit
    >>> from labkit import database
    >>> con = database.connect(database.build_database(
    ...     labkit.make_world(seed=1, n_customers=200), tempfile.mkdtemp() + "/x.db"))
    >>> sorted(customer_record(con, 1))[:3]
    ['address', 'birth_date', 'city']
    """
    available = [c for c in PERSON_COLUMNS if c in _columns(con, "customers")]
    names = ", ".join(["customer_id", *available])
    row = con.execute(
        f"SELECT {names} FROM customers WHERE customer_id = ?", (customer_id,)
    ).fetchone()
    return None if row is None else dict(zip(["customer_id", *available], row, strict=True))


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in con.execute(f"PRAGMA table_info({table})")]


def _as_of(con: sqlite3.Connection) -> str | None:
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'as_of'").fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None else row[0]


def _staging_matches(
    con: sqlite3.Connection, record: Mapping[str, Any], threshold: float
) -> list[int]:
    """Staging records of the person: the same phone or e-mail, or linked at ``threshold``."""
    raw = pd.read_sql("SELECT * FROM raw_records ORDER BY record_id", con)
    if raw.empty:
        return []
    columns = [c for c in PERSON_COLUMNS if c in raw.columns]
    exact = [
        same_phone(row.get("phone"), record.get("phone"))
        or same_email(row.get("email"), record.get("email"))
        for row in raw[columns].to_dict("records")
    ]
    found = np.array(exact, dtype=bool)
    if set(_STANDARDISED) <= set(columns):
        person = pd.DataFrame([{c: record.get(c) for c in columns}], dtype=object)
        frame = pd.concat([person, raw[columns].astype(object)], ignore_index=True)
        clean = standardise_records(frame, database_locale(con) or DEFAULT_LOCALE, _as_of(con))
        compare = [c for c in RAW_RECORDS_COMPARE if c.column in columns]
        others = np.arange(1, len(frame))
        pairs = np.stack([np.zeros(len(others), dtype=np.int64), others], axis=1)
        model = estimate_model(clean, compare)  # m, u and prior learnt from the staging table
        score = score_pairs(clean, pairs, compare, model=model)["score"].to_numpy()
        found |= score >= threshold
    return raw.loc[found, "record_id"].astype(int).tolist()


def _names_person(entry: str | None, customer_id: int, record: Mapping[str, Any]) -> bool:
    """Whether an audit entry's recorded row (JSON) is the person's."""
    if entry is None:
        return False
    try:
        row = json.loads(entry)
    except ValueError:
        return False
    if not isinstance(row, dict):
        return False
    return (
        row.get("customer_id") == customer_id
        or same_phone(row.get("phone"), record.get("phone"))
        or same_email(row.get("email"), record.get("email"))
    )


def _audit_entries(
    con: sqlite3.Connection, customer_id: int, record: Mapping[str, Any]
) -> list[int]:
    """Audit entries about the person: their number, or a copy of their row."""
    return [
        audit_id
        for audit_id, about, old, new in con.execute(
            "SELECT audit_id, customer_id, old, new FROM audit_log"
        )
        if about == customer_id
        or _names_person(old, customer_id, record)
        or _names_person(new, customer_id, record)
    ]


# =========================================================================== footprint
def customer_footprint(
    con: sqlite3.Connection,
    customer_id: int,
    record: Mapping[str, Any] | None = None,
    *,
    threshold: float = THRESHOLD,
) -> dict[str, int]:
    """Rows that hold data of one person, per table (the proof of an erasure).

    Covers the customer's row, every table with a ``customer_id`` (and the order
    lines of their orders), the history table, the audit entries about them (by
    number, or holding a copy of their row) and the staging ``raw_records`` that
    are theirs by record linkage (see the module docstring).

    Parameters
    ----------
    con : sqlite3.Connection
        A connection to the database.
    customer_id : int
        The customer number.
    record : mapping, optional
        What identifies the person (:data:`PERSON_COLUMNS`); default: their
        customer row. After an erasure that row is gone: pass the record kept
        from before (:func:`customer_record`) to search the staging records and
        the audit log for what is left of them.
    threshold : float, optional
        The match probability from which a staging record is the person's; default
        :data:`labkit.linkage.THRESHOLD`, as in :func:`erase_customer`.

    Returns
    -------
    dict
        Rows per table, tables in alphabetical order. Without a customer row and
        without ``record``, the staging records cannot be searched and
        ``raw_records`` is left out (with a warning).

    Examples
    --------
    >>> import tempfile, labkit
    >>> from labkit import database
    >>> con = database.connect(database.build_database(
    ...     labkit.make_world(seed=1, n_customers=200), tempfile.mkdtemp() + "/x.db"))
    >>> footprint = database.customer_footprint(con, 1)
    >>> footprint["customers"], footprint["raw_records"] >= 1
    (1, True)
    """
    tables = set(table_names(con))
    person = record if record is not None else customer_record(con, customer_id)
    out: dict[str, int] = {}
    for table in tables & _TABLES_WITH_CUSTOMER_ID:
        out[table] = con.execute(
            f"SELECT COUNT(*) FROM {table} WHERE customer_id = ?", (customer_id,)
        ).fetchone()[0]
    if "order_items" in tables:
        out["order_items"] = con.execute(
            f"SELECT COUNT(*) FROM order_items WHERE order_id IN {_ORDERS_OF_CUSTOMER}",
            (customer_id,),
        ).fetchone()[0]
    if "audit_log" in tables:
        out["audit_log"] = len(_audit_entries(con, customer_id, person or {}))
    if "raw_records" in tables:
        if person is None:
            warnings.warn(
                _(
                    "customer {customer_id} is not in the database, so its staging records "
                    "cannot be searched; pass record= (kept with customer_record before erasing)"
                ).format(customer_id=customer_id),
                stacklevel=2,
            )
        else:
            out["raw_records"] = len(_staging_matches(con, person, threshold))
    return dict(sorted(out.items()))


# =========================================================================== erasure
def _erase_audit_entries(con: sqlite3.Connection, ids: list[int], tables: set[str]) -> int:
    """Delete audit entries through the erasure's pass list (the log refuses other deletes)."""
    if not ids:
        return 0
    if ERASABLE_TABLE in tables:
        con.executemany(f"INSERT INTO {ERASABLE_TABLE} (audit_id) VALUES (?)", [(i,) for i in ids])
    con.executemany("DELETE FROM audit_log WHERE audit_id = ?", [(i,) for i in ids])
    if ERASABLE_TABLE in tables:
        con.execute(f"DELETE FROM {ERASABLE_TABLE}")
    return len(ids)


def _clear_file(con: sqlite3.Connection) -> None:
    """Move the write-ahead log into the file and truncate it (no-op without WAL)."""
    busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    if busy:
        warnings.warn(
            _(
                "another connection is reading, so the write-ahead log could not be emptied: "
                "the erased rows' old pages stay in the -wal file until the next checkpoint"
            ),
            stacklevel=3,
        )


def erase_customer(
    con: sqlite3.Connection, customer_id: int, *, threshold: float = THRESHOLD
) -> dict[str, int]:
    """Erase one person everywhere (the right to erasure, 删除权), and prove it.

    Deletes, in one transaction and children first: order lines of their orders,
    service tickets, orders, web events, campaign responses, feedback, surveys,
    history versions, the customer row, the staging ``raw_records`` that are the
    person's by record linkage (a typo in the phone and no e-mail included), and
    the audit entries about them (which hold copies of their data). One ``ERASE``
    entry without personal data stays in the audit log. Afterwards
    :func:`customer_footprint`, searched with the record read before, must be
    zero everywhere, or everything is rolled back.

    Deleted content is overwritten (``PRAGMA secure_delete``) and the write-ahead
    log checkpointed and truncated, so the person's bytes are gone from the
    database's files. Backups made before keep them: a backup restored later
    brings the person back, so erasures are recorded (the ``ERASE`` entry) and
    repeated after a restore, and backups expire on a schedule.

    Business duties can require keeping transactions (tax records); then anonymise
    those rows instead of deleting them — a decision for the data protection
    officer, not for code.

    Parameters
    ----------
    con : sqlite3.Connection
        A connection to the database, with no open transaction.
    customer_id : int
        The customer number.
    threshold : float, optional
        The match probability from which a staging record is the person's; default
        :data:`labkit.linkage.THRESHOLD`.

    Returns
    -------
    dict
        Rows deleted per table.

    Raises
    ------
    KeyError
        If there is no such customer.
    ValueError
        If ``customer_id`` is not a whole number, or a transaction is open.

    Examples
    --------
    >>> import tempfile, labkit
    >>> from labkit import database
    >>> con = database.connect(database.build_database(
    ...     labkit.make_world(seed=1, n_customers=200), tempfile.mkdtemp() + "/x.db"))
    >>> person = database.customer_record(con, 7)
    >>> deleted = database.erase_customer(con, 7)
    >>> sum(database.customer_footprint(con, 7, record=person).values())
    0
    """
    if isinstance(customer_id, bool) or not isinstance(customer_id, int):
        raise ValueError(
            _("customer_id must be a whole number, got {customer_id!r}").format(
                customer_id=customer_id
            )
        )
    person = customer_record(con, customer_id)
    if person is None:
        raise KeyError(
            _("no customer {customer_id} in the database").format(customer_id=customer_id)
        )
    if con.in_transaction:
        raise ValueError(_("the connection has an open transaction; commit or roll back first"))
    ensure_user(con)
    con.execute("PRAGMA secure_delete = ON")  # deleted content is overwritten with zeros
    tables = set(table_names(con))
    raw_ids = _staging_matches(con, person, threshold) if "raw_records" in tables else []
    deleted: dict[str, int] = {}
    con.execute("BEGIN IMMEDIATE")
    try:
        for table, sql in _DELETE_STEPS:
            if table in tables:
                cursor = con.execute(sql, (customer_id,) * sql.count("?"))
                deleted[table] = cursor.rowcount
        if "raw_records" in tables:
            con.executemany("DELETE FROM raw_records WHERE record_id = ?", [(r,) for r in raw_ids])
            deleted["raw_records"] = len(raw_ids)
        if "audit_log" in tables:  # after the customer row: its DELETE entry is a copy too
            entries = _audit_entries(con, customer_id, person)
            deleted["audit_log"] = _erase_audit_entries(con, entries, tables)
        after = customer_footprint(con, customer_id, person, threshold=threshold)
        left = {table: n for table, n in after.items() if n}
        if left:
            raise RuntimeError(
                _("erasure incomplete, rows remain in {left}; rolled back").format(left=left)
            )
        if "sqlite_stat4" in tables:  # its samples of index keys may hold the person's values
            con.execute("ANALYZE")
        if "audit_log" in tables:
            con.execute(
                "INSERT INTO audit_log (at, who, action, customer_id, old, new) VALUES ("
                f"{NOW_SQL}, {SESSION_USER_SQL}, "
                "'ERASE', NULL, NULL, json_object('rows_deleted', ?))",
                (sum(deleted.values()) - deleted.get("audit_log", 0),),
            )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    _clear_file(con)
    return dict(sorted(deleted.items()))
