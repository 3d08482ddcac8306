"""Opening the database: foreign keys on, and borrowing a connection or opening a path.

SQLite leaves foreign keys unenforced unless each connection turns them on;
:func:`connect` does. The functions of the package take either a path or an
open connection; :class:`BorrowedConnection` uses the connection it is given,
or opens the path and closes it again afterwards.

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

__all__ = ["BorrowedConnection", "DatabaseLike", "PathLike", "connect", "table_names"]

#: A file path.
PathLike = str | os.PathLike
#: A database: its file path, or an open connection.
DatabaseLike = PathLike | sqlite3.Connection


def connect(path: PathLike) -> sqlite3.Connection:
    """Open a database with foreign keys enforced (SQLite leaves them off by default).

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
    >>> con.execute("PRAGMA foreign_keys").fetchone()[0]
    1
    """
    con = sqlite3.connect(os.fspath(path))
    con.execute("PRAGMA foreign_keys = ON")
    return con


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
                raise FileNotFoundError(f"no database file at {database}")
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
