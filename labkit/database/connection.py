"""Opening the database: what every connection sets up, and borrowing one or opening a path.

SQLite keeps several settings per connection, not in the file; :func:`connect`
sets those the kit relies on:

* ``foreign_keys``: SQLite leaves foreign keys unenforced unless turned on;
* ``secure_delete``: deleted rows are overwritten with zeros, so their bytes do
  not linger in the file's free space (erasure depends on it);
* ``recursive_triggers``: the rows an ``INSERT OR REPLACE`` deletes fire the
  delete triggers, so the audit log records them;
* the SQL function ``audit_user()`` (:data:`AUDIT_USER_FUNCTION`): who is
  working *on this connection*, for the audit log (``'unknown'`` until
  :func:`labkit.database.set_session_user` names someone).

The functions of the package take either a path or an open connection;
:class:`BorrowedConnection` uses the connection it is given, or opens the path
and closes it again afterwards.

>>> from labkit.database.connection import connect, table_names
>>> con = connect(":memory:")
>>> _ = con.execute("CREATE TABLE t (x)")
>>> table_names(con)
['t']
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from labkit.i18n import _
from labkit.settings import LOCALES

__all__ = [
    "AUDIT_USER_FUNCTION",
    "UNKNOWN_USER",
    "BorrowedConnection",
    "DatabaseLike",
    "PathLike",
    "connect",
    "database_locale",
    "ensure_user",
    "register_user",
    "table_names",
]

#: A file path.
PathLike = str | os.PathLike
#: A database: its file path, or an open connection.
DatabaseLike = PathLike | sqlite3.Connection
#: The SQL function (no arguments) that says who works on a connection.
AUDIT_USER_FUNCTION = "audit_user"
#: Who :data:`AUDIT_USER_FUNCTION` names until someone is named.
UNKNOWN_USER = "unknown"


def register_user(con: sqlite3.Connection, user: str) -> None:
    """Make ``audit_user()`` return ``user`` on this connection, and on no other.

    Examples
    --------
    >>> con = sqlite3.connect(":memory:")
    >>> register_user(con, "li.na")
    >>> con.execute("SELECT audit_user()").fetchone()
    ('li.na',)
    """
    con.create_function(AUDIT_USER_FUNCTION, 0, lambda: user)


def ensure_user(con: sqlite3.Connection) -> None:
    """Register ``audit_user()`` as ``'unknown'`` on a connection that has none yet.

    For a connection the kit is given but did not open (``sqlite3.connect``):
    the kit's own changes to an audited table are then logged as ``'unknown'``
    instead of refused.

    Examples
    --------
    >>> con = sqlite3.connect(":memory:")
    >>> ensure_user(con); con.execute("SELECT audit_user()").fetchone()
    ('unknown',)
    >>> register_user(con, "li.na"); ensure_user(con); con.execute("SELECT audit_user()").fetchone()
    ('li.na',)
    """
    try:
        con.execute(f"SELECT {AUDIT_USER_FUNCTION}()").fetchone()
    except sqlite3.OperationalError:
        register_user(con, UNKNOWN_USER)


def connect(path: PathLike) -> sqlite3.Connection:
    """Open a database with foreign keys enforced, secure delete and the audit user set up.

    See the module docstring for what each setting is for.

    Parameters
    ----------
    path : str or PathLike
        The database file (created when missing), or ``":memory:"``.

    Returns
    -------
    sqlite3.Connection

    Examples
    --------
    >>> con = connect(":memory:")
    >>> [con.execute(f"PRAGMA {name}").fetchone()[0] for name in ("foreign_keys", "secure_delete")]
    [1, 1]
    >>> con.execute("SELECT audit_user()").fetchone()
    ('unknown',)
    """
    con = sqlite3.connect(os.fspath(path))
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA secure_delete = ON")
    con.execute("PRAGMA recursive_triggers = ON")
    register_user(con, UNKNOWN_USER)
    return con


def database_locale(con: sqlite3.Connection) -> str | None:
    """The locale of the world the database was built from (its ``meta`` table), if known.

    Examples
    --------
    >>> database_locale(connect(":memory:")) is None
    True
    """
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'locale'").fetchone()
    except sqlite3.OperationalError:  # no meta table: not built by build_database
        return None
    return row[0] if row is not None and row[0] in LOCALES else None


class BorrowedConnection:
    """Use a connection, or open (and afterwards close) one from a path.

    Parameters
    ----------
    database : str, PathLike or sqlite3.Connection
        A connection is used as it is and left open; a path is opened with
        :func:`connect` and closed on leaving the ``with`` block.
    must_exist : bool, default True
        Refuse a path where there is no file (instead of creating an empty database).

    Raises
    ------
    FileNotFoundError
        If ``must_exist`` and there is no file at the path.

    Examples
    --------
    >>> con = connect(":memory:")
    >>> with BorrowedConnection(con) as same:
    ...     same is con
    True
    >>> BorrowedConnection("no/such/file.db")
    Traceback (most recent call last):
    FileNotFoundError: no database file at no/such/file.db
    """

    def __init__(self, database: DatabaseLike, *, must_exist: bool = True) -> None:
        if isinstance(database, sqlite3.Connection):
            self.con, self.owned = database, False
        else:
            if must_exist and not Path(database).is_file():
                raise FileNotFoundError(
                    _("no database file at {database}").format(database=database)
                )
            self.con, self.owned = connect(database), True

    def __enter__(self) -> sqlite3.Connection:
        return self.con

    def __exit__(self, *exc: object) -> None:
        if self.owned:
            self.con.close()


def table_names(con: sqlite3.Connection) -> list[str]:
    """The tables of a database in the order they were created (SQLite's own left out).

    Examples
    --------
    >>> con = connect(":memory:")
    >>> _ = con.executescript("CREATE TABLE b (x); CREATE TABLE a (y);")
    >>> table_names(con)
    ['b', 'a']
    """
    rows = con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY rowid"
    ).fetchall()
    return [r[0] for r in rows]
