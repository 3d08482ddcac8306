"""SQL definitions (DDL) generated from the specification: tables, constraints, indexes.

Each column of :data:`~labkit.database.tables.SPEC` becomes a typed column with
NOT NULL, UNIQUE, CHECK constraints (allowed values, ranges, ISO dates, 0/1
booleans, valid JSON) and REFERENCES; each table gets its primary key, the
CHECK constraints of its rules across columns, and indexes on foreign keys and
common filters. :func:`create_statements` is the whole script that
:func:`~labkit.database.build.build_database` runs.

>>> from labkit.database.ddl import create_statements
>>> "discount REAL NOT NULL CHECK (discount BETWEEN 0 AND 1)" in create_statements()
True
"""

from __future__ import annotations

from labkit.database.tables import SPEC, Col, Table

__all__ = [
    "BOOKKEEPING_STATEMENTS",
    "check_constraints",
    "column_definition",
    "create_statements",
    "create_table_statement",
    "index_columns",
    "insert_statement",
    "sql_literal",
    "sql_type",
]

#: Tables the database keeps beside the world's: facts about the world it was built
#: from, and the history of customer records written by ``upsert_customers``.
BOOKKEEPING_STATEMENTS = """
-- Facts about the world the database was built from (seed, locale, as_of).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Earlier and current versions of customer records, written by upsert_customers.
-- The current version has valid_to NULL; valid_from / valid_to are ISO dates.
CREATE TABLE customers_history (
    version_id  INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
    valid_from  TEXT NOT NULL CHECK (date(valid_from) IS valid_from),
    valid_to    TEXT CHECK (valid_to IS NULL OR valid_to >= valid_from),
    record      TEXT NOT NULL CHECK (json_valid(record))
);
CREATE INDEX ix_customers_history_customer_id ON customers_history (customer_id);
"""

_SQL_TYPES = {"int": "INTEGER", "bool": "INTEGER", "real": "REAL"}
_STAGING_COMMENT = "-- staging: raw records exactly as captured, no constraints\n"


def sql_literal(value: str) -> str:
    """A text value as an SQL string literal (single quotes doubled).

    Examples
    --------
    >>> sql_literal("Xi'an")
    "'Xi''an'"
    """
    return "'" + str(value).replace("'", "''") + "'"


def sql_type(column: Col) -> str:
    """The SQLite type of a column: INTEGER for whole numbers and booleans, REAL, else TEXT.

    Dates and times are stored as ISO text, JSON as text.

    Examples
    --------
    >>> sql_type(Col("opened", "bool")), sql_type(Col("ordered_at", "datetime"))
    ('INTEGER', 'TEXT')
    """
    return _SQL_TYPES.get(column.kind, "TEXT")


def check_constraints(column: Col) -> list[str]:
    """The expressions of a column's CHECK constraint (a NULL passes them, as in SQL).

    Parameters
    ----------
    column : Col
        The column.

    Returns
    -------
    list of str
        One expression per rule; the column's CHECK joins them with AND.

    Examples
    --------
    >>> check_constraints(Col("rating", "int", min=1, max=5))
    ['rating BETWEEN 1 AND 5']
    >>> check_constraints(Col("due_date", "date"))
    ['date(due_date) IS due_date']
    """
    name, out = column.name, []
    if column.choices is not None:
        out.append(f"{name} IN ({', '.join(sql_literal(c) for c in column.choices)})")
    if column.kind == "bool":
        out.append(f"{name} IN (0, 1)")
    if column.min is not None and column.max is not None:
        out.append(f"{name} BETWEEN {column.min:g} AND {column.max:g}")
    elif column.min is not None:
        out.append(f"{name} >= {column.min:g}")
    elif column.max is not None:
        out.append(f"{name} <= {column.max:g}")
    if column.kind == "date":
        out.append(f"date({name}) IS {name}")
    if column.kind == "datetime":
        out.append(f"datetime({name}) IS {name}")
    if column.kind == "json":
        out.append(f"json_valid({name})")
    return out


def index_columns(table: Table) -> list[tuple[str, ...]]:
    """The indexed columns: every foreign key not already first in the key, then the filters.

    Examples
    --------
    >>> from labkit.database.tables import SPEC
    >>> index_columns(SPEC["order_items"])
    [('product_id',)]
    """
    out: list[tuple[str, ...]] = []
    for c in table.columns:
        if c.references and c.name != table.primary_key[0]:
            out.append((c.name,))
    out.extend(table.indexes)
    return out


def column_definition(column: Col) -> str:
    """A column's definition in CREATE TABLE: type, NOT NULL, UNIQUE, CHECK, REFERENCES.

    Examples
    --------
    >>> column_definition(Col("rating", "int", min=1, max=5))
    'rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5)'
    """
    parts = [f"{column.name} {sql_type(column)}"]
    if column.required:
        parts.append("NOT NULL")
    if column.unique:
        parts.append("UNIQUE")
    constraints = check_constraints(column)
    if constraints:
        parts.append(f"CHECK ({' AND '.join(constraints)})")
    if column.parent is not None:
        parent_table, parent_column = column.parent
        parts.append(f"REFERENCES {parent_table} ({parent_column})")
    return " ".join(parts)


def create_table_statement(table: Table) -> str:
    """CREATE TABLE (and CREATE INDEX) statements for one table of the specification.

    A staging table gets typed columns and its key only: no constraints.

    Examples
    --------
    >>> from labkit.database.tables import SPEC
    >>> print(create_table_statement(SPEC["order_items"]))  # doctest: +NORMALIZE_WHITESPACE
    CREATE TABLE order_items (
        order_id INTEGER NOT NULL REFERENCES orders (order_id),
        product_id INTEGER NOT NULL REFERENCES products (product_id),
        quantity INTEGER NOT NULL CHECK (quantity >= 1),
        unit_price REAL NOT NULL CHECK (unit_price >= 0),
        PRIMARY KEY (order_id, product_id)
    );
    CREATE INDEX ix_order_items_product_id ON order_items (product_id);
    """
    lines = []
    for c in table.columns:
        if table.staging:
            key = " PRIMARY KEY" if c.name in table.primary_key else ""
            lines.append(f"    {c.name} {sql_type(c)}{key}")
        else:
            lines.append(f"    {column_definition(c)}")
    if not table.staging:
        lines.append(f"    PRIMARY KEY ({', '.join(table.primary_key)})")
        lines.extend(f"    CHECK ({r.constraint})" for r in table.rules)
    comment = _STAGING_COMMENT if table.staging else ""
    sql = f"{comment}CREATE TABLE {table.name} (\n" + ",\n".join(lines) + "\n);"
    for cols in index_columns(table):
        name = f"ix_{table.name}_{'_'.join(cols)}"
        sql += f"\nCREATE INDEX {name} ON {table.name} ({', '.join(cols)});"
    return sql


def create_statements() -> str:
    """The SQL script that creates every table and index of the database.

    The tables of :data:`~labkit.database.tables.SPEC` in order (parents first),
    then :data:`BOOKKEEPING_STATEMENTS` (``meta`` and ``customers_history``).

    Returns
    -------
    str
        The script, for :meth:`sqlite3.Connection.executescript`.

    Examples
    --------
    >>> sql = create_statements()
    >>> "CREATE INDEX ix_orders_customer_id ON orders (customer_id);" in sql
    True
    """
    return (
        "\n\n".join(create_table_statement(t) for t in SPEC.values())
        + "\n"
        + BOOKKEEPING_STATEMENTS
    )


def insert_statement(table: Table, columns: list[str] | None = None) -> str:
    """An INSERT with one ``?`` placeholder per column (all columns when none are given).

    Examples
    --------
    >>> from labkit.database.tables import SPEC
    >>> insert_statement(SPEC["order_items"])
    'INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES (?, ?, ?, ?)'
    """
    names = columns or table.column_names
    return f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
