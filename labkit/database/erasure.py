"""Privacy duties (隐私义务): find everything held about one customer, and erase it.

:func:`customer_footprint` counts the rows that hold one customer's data, in
every table; :func:`erase_customer` deletes them all in one transaction (the
right to erasure, 删除权) and proves it with the footprint. Pseudonymisation,
masking and encryption live in :mod:`labkit.privacy`.

Staging ``raw_records`` are matched by phone or e-mail, compared with
:func:`~labkit.formats.same_phone` and
:func:`~labkit.database.values.same_email`.

>>> from labkit.database.connection import connect
>>> con = connect(":memory:")
>>> _ = con.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, phone, email)")
>>> customer_footprint(con, 1)
{'customers': 0}
"""

from __future__ import annotations

import sqlite3

from labkit.database.audit import NOW_SQL, SESSION_USER_SQL
from labkit.database.connection import table_names
from labkit.database.values import same_email
from labkit.formats import same_phone

__all__ = ["customer_footprint", "erase_customer"]

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
        "audit_log",
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
    ("audit_log", "DELETE FROM audit_log WHERE customer_id = ?"),
)


def _raw_matches(con: sqlite3.Connection, customer_id: int) -> list[int]:
    """Staging records whose phone or e-mail is the customer's."""
    row = con.execute(
        "SELECT phone, email FROM customers WHERE customer_id = ?", (customer_id,)
    ).fetchone()
    if row is None:
        return []
    phone, email = row
    return [
        record_id
        for record_id, raw_phone, raw_email in con.execute(
            "SELECT record_id, phone, email FROM raw_records"
        )
        if same_phone(raw_phone, phone) or same_email(raw_email, email)
    ]


def customer_footprint(con: sqlite3.Connection, customer_id: int) -> dict[str, int]:
    """Rows that hold data of one customer, per table (the proof of an erasure).

    Covers the customer's row, every table with a ``customer_id`` (and the order
    lines of their orders), the history and audit tables when present, and staging
    ``raw_records`` whose phone or e-mail matches the customer's.

    Parameters
    ----------
    con : sqlite3.Connection
        A connection to the database.
    customer_id : int
        The customer number.

    Returns
    -------
    dict
        Rows per table, tables in alphabetical order.

    Examples
    --------
    >>> import tempfile, labkit
    >>> from labkit import database
    >>> con = database.connect(database.build_database(
    ...     labkit.make_world(seed=1, n_customers=200), tempfile.mkdtemp() + "/x.db"))
    >>> database.customer_footprint(con, 1)["customers"]
    1
    """
    tables = set(table_names(con))
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
    if "raw_records" in tables:
        out["raw_records"] = len(_raw_matches(con, customer_id))
    return dict(sorted(out.items()))


def erase_customer(con: sqlite3.Connection, customer_id: int) -> dict[str, int]:
    """Erase one customer everywhere (the right to erasure, 删除权), and prove it.

    Deletes, in one transaction and children first: order lines of their orders,
    service tickets, orders, web events, campaign responses, feedback, surveys,
    history versions, audit entries about them (which hold copies of their data),
    staging ``raw_records`` with their phone or e-mail, and the customer row. One
    ``ERASE`` entry without personal data stays in the audit log. Afterwards
    :func:`customer_footprint` must be zero everywhere, or everything is rolled back.

    Business duties can require keeping transactions (tax records); then anonymise
    those rows instead of deleting them — a decision for the data protection
    officer, not for code.

    Parameters
    ----------
    con : sqlite3.Connection
        A connection to the database, with no open transaction.
    customer_id : int
        The customer number.

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
    >>> deleted = database.erase_customer(con, 7)
    >>> sum(database.customer_footprint(con, 7).values())
    0
    """
    if isinstance(customer_id, bool) or not isinstance(customer_id, int):
        raise ValueError(f"customer_id must be a whole number, got {customer_id!r}")
    known = con.execute("SELECT 1 FROM customers WHERE customer_id = ?", (customer_id,))
    if known.fetchone() is None:
        raise KeyError(f"no customer {customer_id} in the database")
    if con.in_transaction:
        raise ValueError("the connection has an open transaction; commit or roll back first")
    before = customer_footprint(con, customer_id)
    tables = set(table_names(con))
    raw_ids = _raw_matches(con, customer_id)
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
        left = {k: v for k, v in customer_footprint(con, customer_id).items() if v}
        if left:
            raise RuntimeError(f"erasure incomplete, rows remain in {left}; rolled back")
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
    assert sum(before.values()) >= deleted.get("customers", 0)
    return dict(sorted(deleted.items()))
