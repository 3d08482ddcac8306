"""Least privilege (最小权限): a read-only analyst connection and a marketing view.

:func:`connect_readonly` gives an analyst a connection that can only read;
:func:`create_marketing_view` gives marketing the customers without their
personal identifiers.

Which lock holds against whom, precisely:

==========================  ====================================  ===========================
lock                        stops                                 does not stop
==========================  ====================================  ===========================
the authorizer              a write typed by mistake on this      the same program: it can
(``set_authorizer``)        connection, before it runs, with a    call ``set_authorizer(None)``
                            message naming the statement          and ``ATTACH`` the file
                                                                  read-write (a guard rail)
the file opened read-only   every write through this connection   the same user opening the
(URI ``file:…?mode=ro``)    (SQLite opened the file read-only)    file again, read-write
file permissions (the OS)   every program of a user without       the file's owner, an
                            write permission on the file and its  administrator (root)
                            folder: **the real boundary**
==========================  ====================================  ===========================

SQLite has no users: whoever can write the file can do anything to it. A
database server (PostgreSQL, MySQL) checks every statement against the login's
roles and grants (``GRANT SELECT ON customers TO analyst``) in a process the
analyst cannot change.

>>> import tempfile
>>> from labkit.database.access import connect_readonly
>>> from labkit.database.connection import connect
>>> path = tempfile.mkdtemp() + "/a.db"
>>> con = connect(path); _ = con.execute("CREATE TABLE t (x)"); con.commit(); con.close()
>>> connect_readonly(path).execute("SELECT COUNT(*) FROM t").fetchone()
(0,)
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from labkit.database.connection import PathLike
from labkit.i18n import _

__all__ = ["READONLY_MESSAGE", "ReadOnlyConnection", "connect_readonly", "create_marketing_view"]

#: Actions the authorizer refuses, with their names for the error message.
_WRITE_ACTIONS = {
    getattr(sqlite3, name): name.removeprefix("SQLITE_").replace("_", " ")
    for name in dir(sqlite3)
    if name.startswith(("SQLITE_CREATE_", "SQLITE_DROP_", "SQLITE_ALTER"))
    or name
    in (
        "SQLITE_INSERT",
        "SQLITE_UPDATE",
        "SQLITE_DELETE",
        "SQLITE_ATTACH",
        "SQLITE_DETACH",
        "SQLITE_REINDEX",
        "SQLITE_ANALYZE",
    )
}
#: How every refused write's message begins.
READONLY_MESSAGE = "read-only analyst connection"
# Pragmas that take an argument but only read (table_info(customers) and friends).
_READ_PRAGMAS = {
    "table_info",
    "table_xinfo",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "integrity_check",
    "quick_check",
    "table_list",
}


_REFUSALS = ("not authorized", "authorization denied", "readonly")


def _statement(args: tuple, kwargs: dict) -> str:
    """The SQL an execute call was given, on one line and at most 80 characters."""
    sql = args[0] if args else kwargs.get("sql", kwargs.get("sql_script", ""))
    text = " ".join(str(sql).split())
    return text if len(text) <= 80 else text[:77] + "..."


def _translate(con: Any, error: sqlite3.DatabaseError, sql: str) -> sqlite3.DatabaseError:
    """SQLite's refusal as a message that names what was refused, in which statement."""
    text = str(error)
    if not any(refusal in text for refusal in _REFUSALS):
        return error
    what = getattr(con, "_denied", None)
    if what is None:  # not the authorizer: SQLite itself, the file being read-only
        what = "a write to the read-only file" if "readonly" in text else "this statement"
    return sqlite3.DatabaseError(
        f"{READONLY_MESSAGE}: {what} is not allowed (refused: {sql}); analysts may only "
        "read (SELECT). Ask the database administrator for changes."
    )


class _ReadOnlyCursor(sqlite3.Cursor):
    def _run(self, method: Any, args: tuple, kwargs: dict) -> Any:
        self.connection._denied = None  # what this statement is refused for, if anything
        try:
            return method(*args, **kwargs)
        except sqlite3.DatabaseError as e:
            raise _translate(self.connection, e, _statement(args, kwargs)) from None

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        return self._run(super().execute, args, kwargs)

    def executemany(self, *args: Any, **kwargs: Any) -> Any:
        return self._run(super().executemany, args, kwargs)

    def executescript(self, *args: Any, **kwargs: Any) -> Any:
        return self._run(super().executescript, args, kwargs)


class ReadOnlyConnection(sqlite3.Connection):
    """A connection whose authorizer refuses every write (see :func:`connect_readonly`).

    It remembers the action refused in the statement being run (e.g. ``"DELETE on
    t"``) for the error message, which also quotes the statement.
    """

    _denied: str | None = None

    def cursor(self, factory: Any = _ReadOnlyCursor) -> Any:  # type: ignore[override]
        return super().cursor(factory)

    def execute(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        return self.cursor().execute(*args, **kwargs)

    def executemany(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        return self.cursor().executemany(*args, **kwargs)

    def executescript(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        return self.cursor().executescript(*args, **kwargs)


def connect_readonly(path: PathLike) -> ReadOnlyConnection:
    """Open an analyst connection that can only read (least privilege, 最小权限).

    Two locks on this connection: the file is opened read-only (the URI
    ``file:…?mode=ro``: SQLite itself cannot write through it), and an authorizer
    (:meth:`sqlite3.Connection.set_authorizer`) denies every INSERT, UPDATE, DELETE,
    CREATE, DROP, ALTER, ATTACH and PRAGMA that sets a value, before the statement
    even runs. A refused write raises :class:`sqlite3.DatabaseError` whose message
    starts with "read-only analyst connection" and names the action and the
    statement refused.

    Both guard against **mistakes** in the analyst's program. Neither is a
    security boundary against the analyst: their own code can remove the
    authorizer, or open the file again, read-write. The boundary is the
    operating system's file permissions (the analyst's account may read the file,
    not write it or its folder), or a database server's roles and grants; see the
    table in the module docstring.

    Parameters
    ----------
    path : str or PathLike
        The database file.

    Returns
    -------
    ReadOnlyConnection

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path``.

    Examples
    --------
    >>> import tempfile
    >>> from labkit.database import connect, connect_readonly
    >>> p = tempfile.mkdtemp() + "/a.db"
    >>> c = connect(p); _ = c.execute("CREATE TABLE t (x)"); c.commit(); c.close()
    >>> ro = connect_readonly(p)
    >>> ro.execute("SELECT COUNT(*) FROM t").fetchone()
    (0,)
    >>> try:
    ...     ro.execute("DELETE FROM t")
    ... except sqlite3.DatabaseError as error:
    ...     print(str(error).split(";")[0])
    read-only analyst connection: DELETE on t is not allowed (refused: DELETE FROM t)
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(_("no database file at {path}").format(path=path))
    con = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, factory=ReadOnlyConnection
    )

    def authorizer(action: int, arg1: Any, arg2: Any, dbname: Any, source: Any) -> int:
        setting = action == sqlite3.SQLITE_PRAGMA and arg2 is not None
        if action in _WRITE_ACTIONS or (setting and str(arg1).lower() not in _READ_PRAGMAS):
            what = _WRITE_ACTIONS.get(action, "PRAGMA")
            con._denied = f"{what} on {arg1}" if arg1 else what
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    con.set_authorizer(authorizer)
    return con


def create_marketing_view(con: sqlite3.Connection, name: str = "marketing_customers") -> str:
    """Create a view for marketing without personal identifiers.

    The view keeps what a campaign needs — the internal customer number, gender,
    an age band (at the world's ``as_of``), province and city, sign-up year and
    channel, member tier, consent — and leaves out name, phone, e-mail, address,
    postcode, birth date and income. The customer number is still pseudonymous
    data: whoever also holds the customer table can link it back.

    Parameters
    ----------
    con : sqlite3.Connection
        A connection to a database built by
        :func:`~labkit.database.build.build_database`.
    name : str, default "marketing_customers"
        The view's name (letters, digits and underscores).

    Returns
    -------
    str
        The view's name.

    Raises
    ------
    ValueError
        If ``name`` is not a valid SQL name.

    Examples
    --------
    >>> import tempfile, labkit
    >>> from labkit import database
    >>> con = database.connect(database.build_database(
    ...     labkit.make_world(seed=1, n_customers=200), tempfile.mkdtemp() + "/x.db"))
    >>> view = database.create_marketing_view(con)
    >>> "phone" in [d[0] for d in con.execute(f"SELECT * FROM {view}").description]
    False
    """
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(_("not a valid view name: {name!r}").format(name=name))
    age = (
        "CAST((julianday((SELECT value FROM meta WHERE key = 'as_of')) - julianday(birth_date))"
        " / 365.25 AS INTEGER)"
    )
    con.execute(
        f"""CREATE VIEW IF NOT EXISTS {name} AS
        SELECT customer_id, gender,
               CASE WHEN {age} < 25 THEN '18-24' WHEN {age} < 35 THEN '25-34'
                    WHEN {age} < 45 THEN '35-44' WHEN {age} < 55 THEN '45-54'
                    WHEN {age} < 65 THEN '55-64' ELSE '65+' END AS age_band,
               province, city, CAST(substr(signup_date, 1, 4) AS INTEGER) AS signup_year,
               signup_channel, member_tier, marketing_consent
        FROM customers"""
    )
    con.commit()
    return name
