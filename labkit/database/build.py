"""Building the database from a world: create the tables, load every row in one transaction.

:func:`build_database` runs the SQL of :mod:`labkit.database.ddl`, then inserts
each table of the world, converted by :func:`frame_rows` (ISO dates, 0/1
booleans, None for missing values), and records the world's seed, size, locale
and ``as_of`` in the ``meta`` table.

>>> from labkit.database.build import frame_rows
>>> from labkit.database.tables import SPEC
>>> import pandas as pd
>>> frame_rows(pd.DataFrame({"order_id": [1], "product_id": [2], "quantity": [3],
...                          "unit_price": [None]}), SPEC["order_items"])
[(1, 2, 3, None)]
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from labkit.database.connection import PathLike, connect
from labkit.database.ddl import create_statements, insert_statement
from labkit.database.tables import SPEC, TABLE_NAMES, Table
from labkit.database.values import is_missing
from labkit.i18n import _

__all__ = ["build_database", "frame_rows"]

_DATE = "%Y-%m-%d"
_DATETIME = "%Y-%m-%d %H:%M:%S"


def _formatted(series: pd.Series, fmt: str) -> list[Any]:
    """Dates as ISO text, missing ones as None."""
    return series.dt.strftime(fmt).astype(object).where(series.notna(), None).tolist()


def frame_rows(df: pd.DataFrame, table: Table) -> list[tuple]:
    """The rows of a world's table in SQL form, column by column (fast).

    Dates become ISO text, booleans and whole numbers ``int``, numbers ``float``,
    missing values None; a staging table keeps date columns as date-and-time text.

    Parameters
    ----------
    df : pandas.DataFrame
        The world's table, with (at least) the table's columns.
    table : Table
        Its specification.

    Returns
    -------
    list of tuple
        One tuple per row, in the order of ``table.column_names``.

    Examples
    --------
    >>> import pandas as pd
    >>> from labkit.database.tables import SPEC
    >>> frame = pd.DataFrame({"order_id": [1], "product_id": [2], "quantity": [3],
    ...                       "unit_price": [9.5]})
    >>> frame_rows(frame, SPEC["order_items"])
    [(1, 2, 3, 9.5)]
    """
    columns = []
    for c in table.columns:
        series = df[c.name]
        if c.kind == "date":
            values = _formatted(series, _DATE)
        elif c.kind == "datetime":
            values = _formatted(series, _DATETIME)
        elif table.staging and c.kind == "text" and str(series.dtype).startswith("datetime"):
            values = _formatted(series, _DATETIME)
        elif c.kind in ("int", "bool"):
            values = [None if is_missing(x) else int(x) for x in series.astype(object).tolist()]
        elif c.kind == "real":
            values = [None if is_missing(x) else float(x) for x in series.astype(object).tolist()]
        else:
            values = [None if is_missing(x) else str(x) for x in series.astype(object).tolist()]
        columns.append(values)
    return list(zip(*columns, strict=True))


def _world_facts(world: Any) -> dict[str, Any]:
    """What the ``meta`` table records about the world and the build."""
    return {
        "seed": getattr(world, "seed", ""),
        "n_customers": getattr(world, "n_customers", ""),
        "locale": getattr(world, "locale", ""),
        "as_of": f"{world.as_of:%Y-%m-%d}" if hasattr(world, "as_of") else "",
        "built_at": datetime.now().strftime(_DATETIME),
    }


def build_database(world: Any, path: PathLike, *, overwrite: bool = True) -> Path:
    """Write the learner tables of ``world`` into a normalised SQLite database.

    Each table gets its primary key, foreign keys (enforced: ``PRAGMA foreign_keys``
    is on), NOT NULL and CHECK constraints and indexes on foreign keys and common
    filters; dates are ISO text and booleans 0/1. ``raw_records`` goes in as a
    staging table without constraints. All rows go in with ``executemany`` inside
    one transaction, so a failure leaves no half-built database behind.

    Parameters
    ----------
    world : labkit.World
        The world to store.
    path : str or PathLike
        The database file; keep it in a temporary folder, not in the repository.
    overwrite : bool, default True
        Replace an existing file at ``path``; with False an existing file is an error.

    Returns
    -------
    pathlib.Path
        The database file.

    Raises
    ------
    FileExistsError
        If the file exists and ``overwrite`` is False.
    ValueError
        If the world lacks a table or a column of the specification.

    Examples
    --------
    >>> import tempfile, labkit
    >>> from labkit.database import build_database, connect
    >>> world = labkit.make_world(seed=1, n_customers=200)
    >>> path = build_database(world, tempfile.mkdtemp() + "/xudong.db")
    >>> connect(path).execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    200
    """
    path = Path(path)
    if path.exists():
        if not overwrite:
            raise FileExistsError(
                _("{path} exists; pass overwrite=True to replace it").format(path=path)
            )
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    missing = [n for n in TABLE_NAMES if n not in world.tables]
    if missing:
        raise ValueError(_("the world has no table(s) {items}").format(items=", ".join(missing)))
    con = connect(path)
    try:
        con.executescript(create_statements())
        con.execute("BEGIN")
        for table in SPEC.values():
            df = world.tables[table.name]
            absent = [c for c in table.column_names if c not in df.columns]
            if absent:
                raise ValueError(
                    _("table {name!r} lacks column(s) {items}").format(
                        name=table.name, items=", ".join(absent)
                    )
                )
            con.executemany(insert_statement(table), frame_rows(df, table))
        facts = _world_facts(world)
        con.executemany("INSERT INTO meta VALUES (?, ?)", [(k, str(v)) for k, v in facts.items()])
        con.commit()
    except BaseException:
        con.rollback()
        con.close()
        path.unlink(missing_ok=True)
        raise
    con.close()
    return path
