"""The audit log (审计日志): who changed which customer, when, from what to what.

:func:`install_audit_log` adds triggers that record every INSERT, UPDATE and
DELETE on ``customers`` in ``audit_log``, and triggers that refuse to change or
delete an entry; :func:`set_session_user` says who is working **on one
connection**, for the log's *who*. :mod:`labkit.database.erasure` writes its
``ERASE`` entries with the same *who* and *when* (:data:`SESSION_USER_SQL`,
:data:`NOW_SQL`) and is the one way to remove entries (:data:`ERASABLE_TABLE`).

*Who* is the SQL function ``audit_user()``, registered on each connection
(:func:`labkit.database.connection.register_user`); a table would be shared by
every connection to the file, so one user's change would be logged under the
name another connection set last. SQLite's triggers cannot read a TEMP table
either ("trigger cannot reference objects in database temp"), so a function it
is. A program that has not registered ``audit_user()`` (one that did not open
the database with :func:`labkit.database.connect`) cannot change customers at
all: SQLite refuses the statement with "no such function: audit_user", rather
than log a change without its author.

What SQLite cannot do: stop someone who holds the file. They can open it with
any program, define ``audit_user()`` to return any name, drop the triggers or
the log. The log records the honest mistakes of people who use the kit; a
server database (PostgreSQL, MySQL) takes *who* from the login and lets only an
owner role alter the log (``GRANT INSERT ON audit_log TO app``, no UPDATE or
DELETE for anyone else).

>>> from labkit.database.audit import SESSION_USER_SQL
>>> SESSION_USER_SQL
'audit_user()'
"""

from __future__ import annotations

import sqlite3

from labkit.database.connection import AUDIT_USER_FUNCTION, ensure_user, register_user
from labkit.database.tables import SPEC
from labkit.i18n import _

__all__ = [
    "APPEND_ONLY_MESSAGE",
    "ERASABLE_TABLE",
    "NOW_SQL",
    "SESSION_USER_SQL",
    "install_audit_log",
    "set_session_user",
]

#: SQL for *who*: the user set with :func:`set_session_user` on this connection,
#: else ``'unknown'``.
SESSION_USER_SQL = f"{AUDIT_USER_FUNCTION}()"
#: SQL for *when*: now, in UTC, to the millisecond.
NOW_SQL = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
#: The table that lists the audit entries an erasure may delete. It is filled and
#: emptied inside the erasure's own transaction, so no other connection sees it hold
#: anything; an entry not listed there cannot be deleted.
ERASABLE_TABLE = "audit_erasable"
#: How the refusal of a change to ``audit_log`` begins.
APPEND_ONLY_MESSAGE = "audit_log is append-only"


def _row_as_json(prefix: str) -> str:
    """SQL that turns the trigger's ``OLD`` or ``NEW`` customer row into a JSON object."""
    names = SPEC["customers"].column_names
    return "json_object(" + ", ".join(f"'{c}', {prefix}.{c}" for c in names) + ")"


def install_audit_log(con: sqlite3.Connection) -> None:
    """Record every change to ``customers`` in ``audit_log``, and keep the log append-only.

    Triggers write who (``audit_user()``: the user named with
    :func:`set_session_user` on the connection that made the change;
    ``'unknown'`` when none was named), what (action, customer number), when
    (UTC, to the millisecond) and the old and new rows as JSON (``json_object``).
    ``INSERT OR REPLACE`` and ``UPDATE OR REPLACE`` are recorded with the rows
    they replace (a ``DELETE`` entry with the old row, on connections from
    :func:`labkit.database.connect`, which turns SQLite's ``recursive_triggers``
    on); an upsert (``INSERT … ON CONFLICT DO UPDATE``) as an ``UPDATE`` with the
    old row. Further triggers refuse to UPDATE or DELETE an entry
    (``RAISE(ABORT)``): only :func:`labkit.database.erase_customer` removes the
    entries about the person it erases.

    The triggers live in the database file, so every program that changes
    customers is recorded, not only this one — and a program that does not say
    who it is cannot change customers (see the module docstring for what SQLite
    cannot enforce). Installing again changes nothing but brings an older log's
    triggers up to date.

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
    >>> con.execute("DELETE FROM audit_log")
    Traceback (most recent call last):
    sqlite3.IntegrityError: audit_log is append-only: entries are removed only by erase_customer
    """
    ensure_user(con)
    who, now = SESSION_USER_SQL, NOW_SQL
    refuse_change = f"{APPEND_ONLY_MESSAGE}: entries cannot be changed"
    refuse_delete = f"{APPEND_ONLY_MESSAGE}: entries are removed only by erase_customer"
    old, new = _row_as_json("OLD"), _row_as_json("NEW")
    cols = "(at, who, action, customer_id, old, new)"
    con.executescript(
        f"""
        -- The first design kept *who* in a table shared by every connection.
        DROP TRIGGER IF EXISTS audit_customers_insert;
        DROP TRIGGER IF EXISTS audit_customers_update;
        DROP TRIGGER IF EXISTS audit_customers_delete;
        DROP TABLE IF EXISTS session_user;
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
        -- Filled and emptied inside erase_customer's transaction: what it may delete.
        CREATE TABLE IF NOT EXISTS {ERASABLE_TABLE} (audit_id INTEGER PRIMARY KEY);
        CREATE TRIGGER IF NOT EXISTS audit_log_refuse_update BEFORE UPDATE ON audit_log
        BEGIN
            SELECT RAISE(ABORT, '{refuse_change}');
        END;
        CREATE TRIGGER IF NOT EXISTS audit_log_refuse_delete BEFORE DELETE ON audit_log
        WHEN OLD.audit_id NOT IN (SELECT audit_id FROM {ERASABLE_TABLE})
        BEGIN
            SELECT RAISE(ABORT, '{refuse_delete}');
        END;
        CREATE TRIGGER audit_customers_insert AFTER INSERT ON customers
        BEGIN
            INSERT INTO audit_log {cols}
            VALUES ({now}, {who}, 'INSERT', NEW.customer_id, NULL, {new});
        END;
        CREATE TRIGGER audit_customers_update AFTER UPDATE ON customers
        BEGIN
            INSERT INTO audit_log {cols}
            VALUES ({now}, {who}, 'UPDATE', NEW.customer_id, {old}, {new});
        END;
        CREATE TRIGGER audit_customers_delete AFTER DELETE ON customers
        BEGIN
            INSERT INTO audit_log {cols}
            VALUES ({now}, {who}, 'DELETE', OLD.customer_id, {old}, NULL);
        END;
        """
    )


def set_session_user(con: sqlite3.Connection, user: str) -> None:
    """Say who is working on this connection, for the audit log's *who*.

    Only this connection: another connection to the same file keeps its own user
    (``'unknown'`` until it names one), so each change is logged under the name
    of the person whose connection made it.

    Parameters
    ----------
    con : sqlite3.Connection
        A connection (the audit log may be installed before or after).
    user : str
        A non-empty name, e.g. ``"call_centre"``; surrounding spaces are dropped.

    Raises
    ------
    ValueError
        If ``user`` is empty or not text.

    Examples
    --------
    >>> from labkit.database.connection import connect
    >>> first, second = connect(":memory:"), connect(":memory:")
    >>> set_session_user(first, "wang.fang")
    >>> [c.execute("SELECT audit_user()").fetchone()[0] for c in (first, second)]
    ['wang.fang', 'unknown']
    """
    if not isinstance(user, str) or not user.strip():
        raise ValueError(_("user must be a non-empty name, got {user!r}").format(user=user))
    register_user(con, user.strip())
