"""The one specification of the customer database: every table, column and rule.

:data:`SPEC` describes each table once: its columns (:class:`Col`: kind,
required, allowed values, range, uniqueness, foreign key), its primary key,
its rules across columns (:class:`Rule`) and its indexes. The SQL definitions
(:mod:`labkit.database.ddl`) and the row validation of imports
(:mod:`labkit.database.imports`) are both generated from it, so they cannot
disagree. The allowed values of every categorical column come from
:mod:`labkit.vocabularies`, the same sets the generator draws from.

>>> from labkit.database.tables import SPEC
>>> SPEC["customers"].primary_key
('customer_id',)
>>> SPEC["customers"].column("member_tier").choices
('bronze', 'silver', 'gold', 'platinum')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from labkit.i18n import N_, _
from labkit.vocabularies import (
    CAMPAIGN_CHANNELS,
    CAMPAIGN_OFFERS,
    CATEGORIES,
    CONTACT_ROLES,
    EDUCATION_LEVELS,
    FEEDBACK_CHANNELS,
    GENDERS,
    HOUSING,
    INDUSTRIES,
    INVOICE_STATUSES,
    LOST_REASONS,
    MARITAL_STATUSES,
    MEMBER_TIERS,
    OCCUPATIONS,
    OPEN_STAGES,
    OPPORTUNITY_STAGES,
    ORDER_CHANNELS,
    ORDER_STATUSES,
    PAYMENT_METHODS,
    SIGNUP_CHANNELS,
    SIZE_BANDS,
    TICKET_CHANNELS,
    TICKET_PRIORITIES,
    TICKET_STATUSES,
    TICKET_TOPICS,
    WEB_EVENT_TYPES,
)

__all__ = [
    "FORMATS", "KINDS", "SPEC", "TABLE_NAMES", "Col", "Rule", "Table", "at_most", "later",
    "table_spec",
]  # fmt: skip

#: The kinds of value a column holds: ``int``, ``real``, ``text``, ``date``
#: (ISO ``YYYY-MM-DD``), ``datetime`` (ISO ``YYYY-MM-DD HH:MM:SS``), ``bool``
#: (stored 0/1) and ``json`` (JSON text).
KINDS = ("int", "real", "text", "date", "datetime", "bool", "json")
#: The formats a text column can declare, each read by :mod:`labkit.formats`:
#: ``phone`` (a number of the database's locale, stored in its canonical form)
#: and ``email`` (an address in form).
FORMATS = ("phone", "email")


@dataclass(frozen=True)
class Col:
    """One column: the kind of value it holds and the rules a value must follow.

    Parameters
    ----------
    name : str
        Column name.
    kind : str, default "text"
        One of :data:`KINDS`.
    required : bool, default True
        NOT NULL: a value must be given.
    choices : tuple of str, optional
        The allowed values (a set from :mod:`labkit.vocabularies`).
    min, max : float, optional
        The allowed range, both ends included.
    unique : bool, default False
        No two rows may share a value.
    references : str, optional
        A foreign key, ``"table.column"``.
    format : str, optional
        For a text column: one of :data:`FORMATS`, the form every value must have.

    Examples
    --------
    >>> Col("rating", "int", min=1, max=5).references is None
    True
    >>> Col("phone", format="phone").format
    'phone'
    """

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    unique: bool = False
    references: str | None = None  # "table.column"
    format: str | None = None  # one of FORMATS, for a text column

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(
                _("column {name!r}: kind {kind!r} is not one of {KINDS}").format(
                    name=self.name, kind=self.kind, KINDS=KINDS
                )
            )
        if self.format is not None and (self.format not in FORMATS or self.kind != "text"):
            raise ValueError(
                _(
                    "column {name!r}: format {format!r} is not one of {FORMATS} for a text column"
                ).format(name=self.name, format=self.format, FORMATS=FORMATS)
            )

    @property
    def parent(self) -> tuple[str, str] | None:
        """The referenced ``(table, column)``, or None when this is no foreign key.

        Examples
        --------
        >>> Col("customer_id", "int", references="customers.customer_id").parent
        ('customers', 'customer_id')
        """
        if self.references is None:
            return None
        table, column = self.references.split(".")
        return table, column


@dataclass(frozen=True)
class Rule:
    """A rule across columns: the SQL expression of its CHECK constraint and the same test.

    Parameters
    ----------
    constraint : str
        The SQL expression of the table's CHECK constraint.
    columns : tuple of str
        The columns the rule reads, in the order ``test`` takes them.
    test : callable
        The same rule in Python, called with the columns' values (none of them None).
    message : str
        What breaking the rule means, e.g. ``"end_date before start_date"``.
    said : tuple of (str, tuple of str)
        The same as a marked message with ``{first}`` / ``{second}`` fields and the
        columns that fill them, so :meth:`explain` can say it in the learner's language.

    Examples
    --------
    >>> rule = later("start_date", "end_date")
    >>> rule.test("2025-01-02", "2025-01-01"), rule.message
    (False, 'end_date before start_date')
    """

    constraint: str
    columns: tuple[str, ...]
    test: Callable[..., bool]
    message: str
    said: tuple[str, tuple[str, ...]] = ("", ())

    def explain(self) -> str:
        """:attr:`message` in the current language."""
        template, columns = self.said
        if not template:
            return _(self.message)
        return _(template).format(first=columns[0], second=columns[1])


@dataclass(frozen=True)
class Table:
    """One table of the database.

    Parameters
    ----------
    name : str
        Table name.
    columns : tuple of Col
        The columns, in order.
    primary_key : tuple of str
        The key columns.
    rules : tuple of Rule, default ()
        Rules across columns.
    indexes : tuple of tuple of str, default ()
        Indexes for common filters (foreign keys are indexed anyway).
    staging : bool, default False
        A staging table keeps rows exactly as captured: text, no constraints.

    Examples
    --------
    >>> SPEC["feedback"].column_names
    ['feedback_id', 'customer_id', 'created_at', 'channel', 'rating', 'text']
    """

    name: str
    columns: tuple[Col, ...]
    primary_key: tuple[str, ...]
    rules: tuple[Rule, ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    staging: bool = False

    @property
    def column_names(self) -> list[str]:
        """The column names, in order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Col:
        """The column called ``name``.

        Raises
        ------
        KeyError
            If the table has no such column.

        Examples
        --------
        >>> SPEC["orders"].column("discount").max
        1
        """
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(
            _("table {name!r} has no column {name2!r}").format(name=self.name, name2=name)
        )


def later(first: str, then: str) -> Rule:
    """The rule "``then`` is empty or not before ``first``" (e.g. a ticket resolved after opening).

    Parameters
    ----------
    first, then : str
        Two date or date-and-time columns in ISO form (which sort as text).

    Returns
    -------
    Rule

    Examples
    --------
    >>> later("opened_at", "resolved_at").constraint
    'resolved_at IS NULL OR resolved_at >= opened_at'
    """
    return Rule(
        f"{then} IS NULL OR {then} >= {first}",
        (first, then),
        lambda start, end: end is None or start is None or end >= start,
        f"{then} before {first}",
        (N_("{first} before {second}"), (then, first)),
    )


def at_most(part: str, whole: str) -> Rule:
    """The rule "``part`` is not larger than ``whole``" (e.g. inventory within current assets).

    Parameters
    ----------
    part, whole : str
        Two number columns.

    Returns
    -------
    Rule

    Examples
    --------
    >>> rule = at_most("inventory", "current_assets")
    >>> rule.constraint, rule.test(5.0, 4.0)
    ('inventory <= current_assets', False)
    """
    return Rule(
        f"{part} <= {whole}",
        (part, whole),
        lambda small, large: small is None or large is None or small <= large,
        f"{part} larger than {whole}",
        (N_("{first} larger than {second}"), (part, whole)),
    )


_MONEY: dict[str, Any] = {"kind": "real", "min": 0}
_SATISFACTION: dict[str, Any] = {"kind": "int", "min": 1, "max": 5}

#: Every table of the database, in the order they are created (parents first).
SPEC: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "customers",
            (
                Col("customer_id", "int", min=1),
                Col("name"),
                Col("surname"),
                Col("given_name"),
                Col("gender", choices=GENDERS),
                Col("birth_date", "date"),
                Col("phone", unique=True, format="phone"),
                Col("email", required=False, format="email"),
                Col("province"),
                Col("city"),
                Col("address"),
                Col("postcode"),
                Col("income", required=False, **_MONEY),
                Col("occupation", choices=OCCUPATIONS),
                Col("education", choices=EDUCATION_LEVELS),
                Col("marital_status", choices=MARITAL_STATUSES),
                Col("children_at_home", "int", min=0),
                Col("housing", choices=HOUSING),
                Col("pet_owner", "bool"),
                Col("signup_date", "date"),
                Col("signup_channel", choices=SIGNUP_CHANNELS),
                Col("marketing_consent", "bool"),
                Col("member_tier", choices=MEMBER_TIERS),
            ),
            ("customer_id",),
            (later("birth_date", "signup_date"),),
            (("province", "city"), ("member_tier",), ("signup_date",)),
        ),
        Table(
            "accounts",
            (
                Col("account_id", "int", min=1),
                Col("company_name"),
                Col("industry", choices=INDUSTRIES),
                Col("size_band", choices=SIZE_BANDS),
                Col("employees", "int", min=1),
                Col("annual_revenue", **_MONEY),
                Col("founded_year", "int", min=1900, max=2100),
                Col("province"),
                Col("city"),
                Col("credit_terms_days", "int", min=0, max=365),
                Col("credit_limit", **_MONEY),
                Col("account_since", "date"),
                Col("account_manager"),
            ),
            ("account_id",),
            indexes=(("industry",),),
        ),
        Table(
            "contacts",
            (
                Col("contact_id", "int", min=1),
                Col("account_id", "int", references="accounts.account_id"),
                Col("name"),
                Col("role", choices=CONTACT_ROLES),
                Col("phone", format="phone"),
                Col("email", required=False, format="email"),
                Col("is_primary", "bool"),
            ),
            ("contact_id",),
        ),
        Table(
            "products",
            (
                Col("product_id", "int", min=1),
                Col("name"),
                # Alphabetical, as the database has always listed them (in its CHECK
                # constraint, the template's instructions and rejection reasons).
                Col("category", choices=tuple(sorted(CATEGORIES))),
                Col("price", **_MONEY),
                Col("unit_cost", **_MONEY),
            ),
            ("product_id",),
            indexes=(("category",),),
        ),
        # campaigns before orders: an order may be credited to a campaign
        Table(
            "campaigns",
            (
                Col("campaign_id", "int", min=1),
                Col("name"),
                Col("channel", choices=CAMPAIGN_CHANNELS),
                Col("start_date", "date"),
                Col("end_date", "date"),
                Col("offer", choices=CAMPAIGN_OFFERS),
                Col("cost_per_contact", **_MONEY),
            ),
            ("campaign_id",),
            (later("start_date", "end_date"),),
        ),
        Table(
            "stores",
            (
                Col("store_id", "int", min=1),
                Col("name"),
                Col("province"),
                Col("city"),
                Col("city_tier", "int", min=1, max=4),
            ),
            ("store_id",),
        ),
        Table(
            "orders",
            (
                Col("order_id", "int", min=1),
                Col("customer_id", "int", references="customers.customer_id"),
                Col("ordered_at", "datetime"),
                Col("channel", choices=ORDER_CHANNELS),
                Col("discount", "real", min=0, max=1),
                Col("store_id", "int", required=False, references="stores.store_id"),
                Col("payment_method", choices=PAYMENT_METHODS),
                Col("shipping_fee", **_MONEY),
                Col("status", choices=ORDER_STATUSES),
                Col("campaign_id", "int", required=False, references="campaigns.campaign_id"),
            ),
            ("order_id",),
            indexes=(("ordered_at",),),
        ),
        Table(
            "order_items",
            (
                Col("order_id", "int", references="orders.order_id"),
                Col("product_id", "int", references="products.product_id"),
                Col("quantity", "int", min=1),
                Col("unit_price", **_MONEY),
            ),
            ("order_id", "product_id"),
        ),
        Table(
            "web_events",
            (
                Col("event_id", "int", min=1),
                Col("customer_id", "int", required=False, references="customers.customer_id"),
                Col("session_id", "int", min=1),
                Col("occurred_at", "datetime"),
                Col("event_type", choices=WEB_EVENT_TYPES),
                Col("payload", "json"),
            ),
            ("event_id",),
            indexes=(("session_id",), ("occurred_at",)),
        ),
        Table(
            "campaign_responses",
            (
                Col("campaign_id", "int", references="campaigns.campaign_id"),
                Col("customer_id", "int", references="customers.customer_id"),
                Col("holdout", "bool"),
                Col("sent_at", "datetime", required=False),
                Col("opened", "bool"),
                Col("clicked", "bool"),
                Col("converted", "bool"),
            ),
            ("campaign_id", "customer_id"),
        ),
        Table(
            "service_tickets",
            (
                Col("ticket_id", "int", min=1),
                Col("customer_id", "int", references="customers.customer_id"),
                Col("order_id", "int", required=False, references="orders.order_id"),
                Col("opened_at", "datetime"),
                Col("resolved_at", "datetime", required=False),
                Col("channel", choices=TICKET_CHANNELS),
                Col("topic", choices=TICKET_TOPICS),
                Col("priority", choices=TICKET_PRIORITIES),
                Col("status", choices=TICKET_STATUSES),
                Col("first_contact_resolved", "bool"),
            ),
            ("ticket_id",),
            (later("opened_at", "resolved_at"),),
            (("status",),),
        ),
        Table(
            "feedback",
            (
                Col("feedback_id", "int", min=1),
                Col("customer_id", "int", references="customers.customer_id"),
                Col("created_at", "datetime"),
                Col("channel", choices=FEEDBACK_CHANNELS),
                Col("rating", "int", min=1, max=5),
                Col("text"),
            ),
            ("feedback_id",),
        ),
        Table(
            "surveys",
            (
                Col("response_id", "int", min=1),
                Col("customer_id", "int", references="customers.customer_id"),
                Col("answered_at", "datetime"),
                Col("nps", "int", min=0, max=10),
                Col("sat_product", **_SATISFACTION),
                Col("sat_price", **_SATISFACTION),
                Col("sat_service", **_SATISFACTION),
                Col("sat_delivery", **_SATISFACTION),
            ),
            ("response_id",),
        ),
        Table(
            "invoices",
            (
                Col("invoice_id", "int", min=1),
                Col("account_id", "int", references="accounts.account_id"),
                Col("issued_at", "datetime"),
                Col("due_date", "date"),
                Col("amount", **_MONEY),
                Col("paid_at", "datetime", required=False),
                Col("status", choices=INVOICE_STATUSES),
            ),
            ("invoice_id",),
            indexes=(("status",),),
        ),
        Table(
            "opportunities",
            (
                Col("opportunity_id", "int", min=1),
                Col("account_id", "int", references="accounts.account_id"),
                Col("created_at", "datetime"),
                Col("stage", choices=OPPORTUNITY_STAGES),
                Col("amount", **_MONEY),
                Col("expected_close", "date"),
                Col("closed_at", "datetime", required=False),
                Col("lost_at_stage", required=False, choices=OPEN_STAGES),
                Col("lost_reason", required=False, choices=LOST_REASONS),
            ),
            ("opportunity_id",),
            (later("created_at", "closed_at"),),
            (("stage",),),
        ),
        Table(
            "account_financials",
            (
                Col("account_id", "int", references="accounts.account_id"),
                Col("year", "int", min=1900, max=2100),
                Col("revenue", **_MONEY),
                Col("cost_of_sales", **_MONEY),
                Col("operating_profit", "real"),
                Col("net_profit", "real"),
                Col("total_assets", **_MONEY),
                Col("total_liabilities", **_MONEY),
                Col("current_assets", **_MONEY),
                Col("current_liabilities", **_MONEY),
                Col("inventory", **_MONEY),
                Col("headcount", "int", min=1),
            ),
            ("account_id", "year"),
            (
                at_most("current_assets", "total_assets"),
                at_most("inventory", "current_assets"),
                at_most("current_liabilities", "total_liabilities"),
            ),
        ),
        Table(
            "raw_records",
            (
                Col("record_id", "int"),
                *(
                    Col(name, required=False)
                    for name in (
                        "source",
                        "captured_at",
                        "name",
                        "gender",
                        "birth_date",
                        "phone",
                        "email",
                        "province",
                        "city",
                        "address",
                    )
                ),
            ),
            ("record_id",),
            staging=True,
        ),
    ]
}

#: Tables of the learner's world that go into the database, in creation order.
TABLE_NAMES: tuple[str, ...] = tuple(SPEC)


def table_spec(table: str) -> Table:
    """The specification of ``table``, with a clear error for an unknown name.

    Parameters
    ----------
    table : str
        A table of :data:`SPEC`.

    Returns
    -------
    Table

    Raises
    ------
    ValueError
        If there is no such table; the message lists the tables.

    Examples
    --------
    >>> table_spec("orders").primary_key
    ('order_id',)
    >>> table_spec("clients")
    Traceback (most recent call last):
    ValueError: no table 'clients'; the tables are: customers, accounts, ...
    """
    if table not in SPEC:
        raise ValueError(
            _("no table {table!r}; the tables are: {items}").format(
                table=table, items=", ".join(SPEC)
            )
        )
    return SPEC[table]
