"""The learner tables of the world, in order, and their columns as a DataFrame.

:data:`TABLE_ORDER` is the order of the world's tables (``world.tables``, the
saved files, the data dictionary); :data:`TABLES` documents each of them, and
:func:`describe_columns` turns that into one row per column. Pure data: this
module imports nothing of the world but the dictionary's own data, so the world's
model can use it.

>>> TABLE_ORDER[:3]
('customers', 'accounts', 'contacts')
>>> TABLES["orders"]["grain"]
'one row per order'
"""

from __future__ import annotations

import pandas as pd

from labkit.i18n import _
from labkit.world.dictionary.consumer_tables import CONSUMER_TABLES
from labkit.world.dictionary.service_and_business_tables import SERVICE_AND_BUSINESS_TABLES
from labkit.world.dictionary.truth import TRUTH

__all__ = ["COLUMN_FIELDS", "TABLES", "TABLE_ORDER", "describe_columns"]

#: The learner tables, in the world's order.
TABLE_ORDER = (
    "customers",
    "accounts",
    "contacts",
    "products",
    "stores",
    "orders",
    "order_items",
    "web_events",
    "campaigns",
    "campaign_responses",
    "service_tickets",
    "feedback",
    "surveys",
    "invoices",
    "opportunities",
    "account_financials",
    "raw_records",
)

#: Every learner table, in :data:`TABLE_ORDER`: what it holds, the business channel
#: that produced it, its grain and, per column, meaning, nature, structure and unit.
TABLES: dict[str, dict] = {
    name: {**CONSUMER_TABLES, **SERVICE_AND_BUSINESS_TABLES}[name] for name in TABLE_ORDER
}

#: What the dictionary says about every column.
COLUMN_FIELDS = ("meaning", "nature", "structure", "unit")


def describe_columns(table: str | None = None) -> pd.DataFrame:
    """The data dictionary as a DataFrame: one row per column of the learner tables.

    Parameters
    ----------
    table : str, optional
        One table's name (``"orders"``); all tables, in the world's order, when omitted.

    Returns
    -------
    pandas.DataFrame
        Columns ``table, column, meaning, nature, structure, unit``. ``nature`` is
        descriptive / behavioural / relational (see
        :data:`labkit.world.dictionary.NATURE_ZH`), ``structure`` structured /
        semi-structured / unstructured (see :data:`labkit.world.dictionary.STRUCTURE_ZH`).

    Raises
    ------
    ValueError
        If ``table`` is not a learner table; the message lists the tables.

    Examples
    --------
    >>> describe_columns("feedback").set_index("column").loc["text", "structure"]
    'unstructured'
    >>> len(describe_columns()) > 100
    True
    """
    if table is None:
        names = list(TABLE_ORDER)
    elif isinstance(table, str) and table in TABLES:
        names = [table]
    else:
        truth = isinstance(table, str) and table in TRUTH
        hint = _(" (a truth table: see labkit.world.dictionary.TRUTH)") if truth else ""
        raise ValueError(
            _("unknown table {table!r}{hint}; the tables are: {items}").format(
                table=table, hint=hint, items=", ".join(TABLES)
            )
        )
    rows = [
        {"table": name, "column": col, **{k: info[k] for k in COLUMN_FIELDS}}
        for name in names
        for col, info in TABLES[name]["columns"].items()
    ]
    return pd.DataFrame(rows, columns=["table", "column", *COLUMN_FIELDS])
