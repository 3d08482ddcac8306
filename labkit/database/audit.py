"""The audit log (审计日志): who changed which customer, when, from what to what.

:func:`install_audit_log` adds triggers that record every INSERT, UPDATE and
DELETE on ``customers`` in ``audit_log``; :func:`set_session_user` says who is
working, for the log's *who*. :mod:`labkit.database.erasure` writes its
``ERASE`` entries with the same *who* and *when* (:data:`SESSION_USER_SQL`,
:data:`NOW_SQL`).

>>> from labkit.database.audit import SESSION_USER_SQL
>>> "session_user" in SESSION_USER_SQL
True
"""

from __future__ import annotations

import sqlite3

from labkit.database.tables import SPEC

__all__ = ["NOW_SQL", "SESSION_USER_SQL", "install_audit_log", "set_session_user"]

#: SQL for *who*: the user set with :func:`set_session_user`, else ``'unknown'``.
SESSION_USER_SQL = "COALESCE((SELECT user FROM session_user WHERE id = 1), 'unknown')"
#: SQL for *when*: now, in UTC, to the millisecond.
NOW_SQL = "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def _row_as_json(prefix: str) -> str:
    """SQL that turns the trigger's ``OLD`` or ``NEW`` customer row into a JSON object."""
    names = SPEC["customers"].column_names
    return "json_object(" + ", ".join(f"'{c}', {prefix}.{c}" for c in names) + ")"


def install_audit_log(con: sqlite3.Connection) -> None:
    """Record every INSERT, UPDATE and DELETE on ``customers`` in ``audit_log``.

    Triggers write who (the ``user`` of the one-row table ``session_user``, set with
    :func:`set_session_user`; ``'unknown'`` when unset), what (action, customer
    number), when (UTC, to the millisecond) and the old and new rows as JSON
    (``json_object``). The triggers live in the database file, so every program
    that changes customers is recorded, not only this one. (SQLite has no login;
    in a server database *who* comes from the login, e.g. PostgreSQL's
    ``current_user``.) Installing twice changes nothing.

    Parameters
    ----------
    con : sqlite3.Connection
        A connection to a database with a ``customers`` table.

    Examples
    --------
    >>> import tempfile, labkit
    >>> from labkit import database
    >>> con = database.connect(database.build_database(
    ...     labkit.make_world(seed=1, n_customers=200), tempfile.mkdtemp() + "/x.db"))
    >>> database.install_audit_log(con); database.set_session_user(con, "li.na")
    >>> _ = con.execute("UPDATE customers SET city = 'Xi''an' WHERE customer_id = 3")
    >>> con.execute("SELECT who, action, customer_id FROM audit_log").fetchall()
    [('li.na', 'UPDATE', 3)]
    """
    who, now = SESSION_USER_SQL, NOW_SQL
    old, new = _row_as_json("OLD"), _row_as_json("NEW")
    cols = "(at, who, action, customer_id, old, new)"
    con.executescript(
        f"""
        CREATE TABLE IF NOT EXISTS session_user (
            id   INTEGER PRIMARY KEY CHECK (id = 1),
            user TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS audit_log (
            audit_id    INTEGER PRIMARY KEY,
            at          TEXT NOT NULL,
            who         TEXT NOT NULL,
            action      TEXT NOT NULL CHECK (action IN ('INSERT', 'UPDATE', 'DELETE', 'ERASE')),
            customer_id INTEGER,
            old         TEXT CHECK (old IS NULL OR json_valid(old)),
            new         TEXT CHECK (new IS NULL OR json_valid(new))
        );
        CREATE INDEX IF NOT EXISTS ix_audit_log_customer_id ON audit_log (customer_id);
        CREATE TRIGGER IF NOT EXISTS audit_customers_insert AFTER INSERT ON customers
        BEGIN
            INSERT INTO audit_log {cols}
            VALUES ({now}, {who}, 'INSERT', NEW.customer_id, NULL, {new});
        END;
        CREATE TRIGGER IF NOT EXISTS audit_customers_update AFTER UPDATE ON customers
        BEGIN
            INSERT INTO audit_log {cols}
            VALUES ({now}, {who}, 'UPDATE', NEW.customer_id, {old}, {new});
        END;
        CREATE TRIGGER IF NOT EXISTS audit_customers_delete AFTER DELETE ON customers
        BEGIN
            INSERT INTO audit_log {cols}
            VALUES ({now}, {who}, 'DELETE', OLD.customer_id, {old}, NULL);
        END;
        """
    )


def set_session_user(con: sqlite3.Connection, user: str) -> None:
    """Say who is working on this database, for the audit log's *who*.

    Parameters
    ----------
    con : sqlite3.Connection
        A connection to a database with the audit log installed.
    user : str
        A non-empty name, e.g. ``"call_centre"``.

    Raises
    ------
    ValueError
        If ``user`` is empty or not text.

    Examples
    --------
    >>> from labkit.database.connection import connect
    >>> con = connect(":memory:")
    >>> _ = con.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY)")
    >>> install_audit_log(con); set_session_user(con, "wang.fang")
    >>> con.execute("SELECT user FROM session_user").fetchone()
    ('wang.fang',)
    """
    if not isinstance(user, str) or not user.strip():
        raise ValueError(f"user must be a non-empty name, got {user!r}")
    con.execute("INSERT OR REPLACE INTO session_user (id, user) VALUES (1, ?)", (user.strip(),))
    con.commit()
