"""The customer database (客户数据库): schema, import template, maintenance and security.

Everything here uses the standard library's :mod:`sqlite3` (an embedded database,
no server). One specification, :data:`SPEC`, describes every table; the SQL
schema (keys, NOT NULL and CHECK constraints, indexes) *and* the row validation
of :func:`import_file` are both generated from it, so the two cannot disagree.

>>> import tempfile, labkit
>>> from labkit import db
>>> world = labkit.make_world(seed=1, n_customers=200)
>>> folder = tempfile.mkdtemp()
>>> path = db.build_database(world, f"{folder}/xudong.db")
>>> db.verify(path)["integrity"]
'ok'

Sections of this module
-----------------------
* schema: :func:`build_database`, :func:`schema_sql`, :func:`connect`
* import template (下载模板 → 填写内容 → 上传文件): :func:`template`, :func:`import_file`
* maintenance: :func:`upsert_customers`, :func:`backup`, :func:`restore`,
  :func:`verify`, :func:`compare_counts`
* least privilege: :func:`connect_readonly`, :func:`create_marketing_view`
* audit: :func:`install_audit_log`, :func:`set_session_user`
* privacy duties: :func:`customer_footprint`, :func:`erase_customer`
  (pseudonymisation, masking and encryption live in :mod:`labkit.privacy`)
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from labkit.world.generator import business as gen_business
from labkit.world.generator import engagement as gen_engagement
from labkit.world.generator import parameters as gen_params

__all__ = [
    "SPEC",
    "ImportReport",
    "backup",
    "build_database",
    "compare_counts",
    "connect",
    "connect_readonly",
    "create_marketing_view",
    "customer_footprint",
    "erase_customer",
    "import_file",
    "install_audit_log",
    "restore",
    "schema_sql",
    "set_session_user",
    "template",
    "upsert_customers",
    "verify",
]

PathLike = str | os.PathLike
DbLike = PathLike | sqlite3.Connection


# =========================================================================== specification
@dataclass(frozen=True)
class Col:
    """One column: SQL type and the rules a value must follow.

    ``kind`` is one of ``int``, ``real``, ``text``, ``date`` (ISO ``YYYY-MM-DD``),
    ``datetime`` (ISO ``YYYY-MM-DD HH:MM:SS``), ``bool`` (stored 0/1) and ``json``.
    """

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    unique: bool = False
    references: str | None = None  # "table.column"

    @property
    def sql_type(self) -> str:
        return {"int": "INTEGER", "bool": "INTEGER", "real": "REAL"}.get(self.kind, "TEXT")

    def checks_sql(self) -> list[str]:
        """The CHECK expressions for this column (NULL passes, as in SQL)."""
        n, out = self.name, []
        if self.choices is not None:
            out.append(f"{n} IN ({', '.join(_sql_literal(c) for c in self.choices)})")
        if self.kind == "bool":
            out.append(f"{n} IN (0, 1)")
        if self.min is not None and self.max is not None:
            out.append(f"{n} BETWEEN {self.min:g} AND {self.max:g}")
        elif self.min is not None:
            out.append(f"{n} >= {self.min:g}")
        elif self.max is not None:
            out.append(f"{n} <= {self.max:g}")
        if self.kind == "date":
            out.append(f"date({n}) IS {n}")
        if self.kind == "datetime":
            out.append(f"datetime({n}) IS {n}")
        if self.kind == "json":
            out.append(f"json_valid({n})")
        return out

    def rule_text(self) -> str:
        """The rules in words, for the template's instructions."""
        parts = [
            {
                "int": "whole number",
                "real": "number",
                "text": "text",
                "date": "date YYYY-MM-DD (2025-03-08)",
                "datetime": "date and time YYYY-MM-DD HH:MM:SS (2025-03-08 14:30:00)",
                "bool": "1 or 0 (also true/false, yes/no, 是/否)",
                "json": "JSON object text",
            }[self.kind]
        ]
        if self.choices is not None:
            parts.append("one of " + ", ".join(self.choices))
        if self.min is not None and self.max is not None:
            parts.append(f"between {self.min:g} and {self.max:g}")
        elif self.min is not None:
            parts.append(f"at least {self.min:g}")
        if self.unique:
            parts.append("unique")
        if self.references:
            parts.append(f"must exist in {self.references}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Rule:
    """A rule across columns: SQL text for the CHECK and the same test in Python."""

    sql: str
    columns: tuple[str, ...]
    test: Callable[..., bool]
    message: str


@dataclass(frozen=True)
class Table:
    """One table of the database."""

    name: str
    columns: tuple[Col, ...]
    primary_key: tuple[str, ...]
    rules: tuple[Rule, ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    staging: bool = False

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def col(self, name: str) -> Col:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"table {self.name!r} has no column {name!r}")


def _sql_literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _later(a: str, b: str) -> Rule:
    return Rule(
        f"{b} IS NULL OR {b} >= {a}",
        (a, b),
        lambda x, y: y is None or x is None or y >= x,
        f"{b} before {a}",
    )


_MONEY = {"kind": "real", "min": 0}
_SAT = {"kind": "int", "min": 1, "max": 5}
_TIERS = ("bronze", "silver", "gold", "platinum")
# The generator's own vocabularies: one list each, so the database accepts exactly
# what the world can contain (and a new value there cannot be refused here).
_CATEGORIES = tuple(sorted(gen_params.CATEGORIES))
_SIGNUP_CHANNELS = tuple(gen_params.SIGNUP_CHANNELS)
_ORDER_CHANNELS = tuple(gen_params.ORDER_CHANNELS)
_INDUSTRIES = tuple(gen_business.INDUSTRIES.tolist())
_ROLES = tuple(gen_business.ROLES.tolist())
_STAGES = (*gen_business.STAGES, "won", "lost")
_TICKET_TOPICS = tuple(gen_engagement.TICKET_TOPICS.tolist())

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
                Col("gender", choices=("F", "M")),
                Col("birth_date", "date"),
                Col("phone", unique=True),
                Col("email", required=False),
                Col("province"),
                Col("city"),
                Col("address"),
                Col("postcode"),
                Col("income", required=False, **_MONEY),
                Col("occupation"),
                Col(
                    "education",
                    choices=("high_school", "associate", "bachelor", "master", "doctorate"),
                ),
                Col("marital_status", choices=("single", "married", "divorced", "widowed")),
                Col("signup_date", "date"),
                Col("signup_channel", choices=_SIGNUP_CHANNELS),
                Col("marketing_consent", "bool"),
                Col("member_tier", choices=_TIERS),
            ),
            ("customer_id",),
            (_later("birth_date", "signup_date"),),
            (("province", "city"), ("member_tier",), ("signup_date",)),
        ),
        Table(
            "accounts",
            (
                Col("account_id", "int", min=1),
                Col("company_name"),
                Col(
                    "industry",
                    choices=_INDUSTRIES,
                ),
                Col("size_band", choices=("micro", "small", "medium", "large")),
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
                Col(
                    "role",
                    choices=_ROLES,
                ),
                Col("phone"),
                Col("email", required=False),
                Col("is_primary", "bool"),
            ),
            ("contact_id",),
        ),
        Table(
            "products",
            (
                Col("product_id", "int", min=1),
                Col("name"),
                Col(
                    "category",
                    choices=_CATEGORIES,
                ),
                Col("price", **_MONEY),
                Col("unit_cost", **_MONEY),
            ),
            ("product_id",),
            indexes=(("category",),),
        ),
        Table(
            "orders",
            (
                Col("order_id", "int", min=1),
                Col("customer_id", "int", references="customers.customer_id"),
                Col("ordered_at", "datetime"),
                Col("channel", choices=_ORDER_CHANNELS),
                Col("discount", "real", min=0, max=1),
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
                Col(
                    "event_type",
                    choices=("page_view", "product_view", "search", "add_to_cart", "checkout"),
                ),
                Col("payload", "json"),
            ),
            ("event_id",),
            indexes=(("session_id",), ("occurred_at",)),
        ),
        Table(
            "campaigns",
            (
                Col("campaign_id", "int", min=1),
                Col("name"),
                Col("channel", choices=("email", "sms", "app_push", "wechat")),
                Col("start_date", "date"),
                Col("end_date", "date"),
                Col("offer", choices=("discount", "coupon", "gift", "points")),
                Col("cost_per_contact", **_MONEY),
            ),
            ("campaign_id",),
            (_later("start_date", "end_date"),),
        ),
        Table(
            "campaign_responses",
            (
                Col("campaign_id", "int", references="campaigns.campaign_id"),
                Col("customer_id", "int", references="customers.customer_id"),
                Col("sent_at", "datetime"),
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
                Col("channel", choices=("phone", "online_chat", "email", "store")),
                Col(
                    "topic",
                    choices=_TICKET_TOPICS,
                ),
                Col("priority", choices=("low", "normal", "high")),
                Col("status", choices=("open", "resolved")),
            ),
            ("ticket_id",),
            (_later("opened_at", "resolved_at"),),
            (("status",),),
        ),
        Table(
            "feedback",
            (
                Col("feedback_id", "int", min=1),
                Col("customer_id", "int", references="customers.customer_id"),
                Col("created_at", "datetime"),
                Col("channel", choices=("app_review", "call_centre", "email", "social_media")),
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
                Col("sat_product", **_SAT),
                Col("sat_price", **_SAT),
                Col("sat_service", **_SAT),
                Col("sat_delivery", **_SAT),
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
                Col("status", choices=("open", "overdue", "paid", "paid_late")),
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
                Col("stage", choices=_STAGES),
                Col("amount", **_MONEY),
                Col("expected_close", "date"),
                Col("closed_at", "datetime", required=False),
            ),
            ("opportunity_id",),
            indexes=(("stage",),),
        ),
        Table(
            "raw_records",
            (
                Col("record_id", "int"),
                *(
                    Col(c, required=False)
                    for c in (
                        "source", "captured_at", "name", "gender", "birth_date",
                        "phone", "email", "province", "city", "address",
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

_EXTRA_SQL = """
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


def _table_sql(t: Table) -> str:
    lines = []
    for c in t.columns:
        if t.staging:
            lines.append(f"    {c.name} {c.sql_type}" + (" PRIMARY KEY" if c.name in t.primary_key
                                                          else ""))
            continue
        parts = [f"    {c.name} {c.sql_type}"]
        if c.required:
            parts.append("NOT NULL")
        if c.unique:
            parts.append("UNIQUE")
        checks = c.checks_sql()
        if checks:
            parts.append(f"CHECK ({' AND '.join(checks)})")
        if c.references:
            rt, rc = c.references.split(".")
            parts.append(f"REFERENCES {rt} ({rc})")
        lines.append(" ".join(parts))
    if not t.staging:
        lines.append(f"    PRIMARY KEY ({', '.join(t.primary_key)})")
        lines.extend(f"    CHECK ({r.sql})" for r in t.rules)
    comment = "-- staging: raw records exactly as captured, no constraints\n" if t.staging else ""
    sql = f"{comment}CREATE TABLE {t.name} (\n" + ",\n".join(lines) + "\n);"
    for cols in _index_columns(t):
        sql += f"\nCREATE INDEX ix_{t.name}_{'_'.join(cols)} ON {t.name} ({', '.join(cols)});"
    return sql


def _index_columns(t: Table) -> list[tuple[str, ...]]:
    """Indexes: every foreign key not already first in the primary key, then the filters."""
    out: list[tuple[str, ...]] = []
    for c in t.columns:
        if c.references and c.name != t.primary_key[0]:
            out.append((c.name,))
    out.extend(t.indexes)
    return out


def schema_sql() -> str:
    """The SQL that :func:`build_database` runs to create the tables and indexes.

    Examples
    --------
    >>> from labkit.database import schema_sql
    >>> "discount REAL NOT NULL CHECK (discount BETWEEN 0 AND 1)" in schema_sql()
    True
    """
    return "\n\n".join(_table_sql(t) for t in SPEC.values()) + "\n" + _EXTRA_SQL


# =========================================================================== connecting
def connect(path: PathLike) -> sqlite3.Connection:
    """Open a database with foreign keys enforced (SQLite leaves them off by default).

    Examples
    --------
    >>> con = connect(":memory:")
    >>> con.execute("PRAGMA foreign_keys").fetchone()[0]
    1
    """
    con = sqlite3.connect(os.fspath(path))
    con.execute("PRAGMA foreign_keys = ON")
    return con


class _Borrowed:
    """Use a connection or open (and later close) one from a path."""

    def __init__(self, db: DbLike, *, must_exist: bool = True) -> None:
        if isinstance(db, sqlite3.Connection):
            self.con, self.owned = db, False
        else:
            if must_exist and not Path(db).is_file():
                raise FileNotFoundError(f"no database file at {db}")
            self.con, self.owned = connect(db), True

    def __enter__(self) -> sqlite3.Connection:
        return self.con

    def __exit__(self, *exc: object) -> None:
        if self.owned:
            self.con.close()


# =========================================================================== values
_TRUE = {"1", "true", "t", "yes", "y", "是", "真"}
_FALSE = {"0", "false", "f", "no", "n", "否", "假"}
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d")
_DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                     "%Y-%m-%dT%H:%M:%S")


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and value.strip() == "":
        return True
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    try:  # numpy NaN and friends
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parse(value: Any, kind: str) -> Any:
    """Turn one value (text from a file, or a Python / pandas value) into its SQL form.

    Raises ValueError with a short reason when it cannot.
    """
    if _is_missing(value):
        return None
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()  # numpy scalars behave as the Python values they hold
    if kind == "int":
        if isinstance(value, bool):
            raise ValueError("not a whole number")
        if isinstance(value, str):
            text = value.strip()
            if not re.fullmatch(r"[+-]?\d+(\.0*)?", text, flags=re.ASCII):
                raise ValueError("not a whole number")
            number = int(text.split(".")[0])
        else:
            f = float(value)
            if not f.is_integer():
                raise ValueError("not a whole number")
            number = int(f)
        if abs(number) >= 2**63:
            raise ValueError("number too large")
        return number
    if kind == "real":
        if isinstance(value, bool):
            raise ValueError("not a number")
        try:
            f = float(str(value).strip().replace(",", "")) if isinstance(value, str) else float(
                value
            )
        except (TypeError, ValueError):
            raise ValueError("not a number") from None
        if not math.isfinite(f):
            raise ValueError("not a finite number")
        return f
    if kind == "bool":
        if isinstance(value, str):
            text = value.strip().lower()
            if text in _TRUE:
                return 1
            if text in _FALSE:
                return 0
            raise ValueError("not 1/0, true/false or yes/no")
        if isinstance(value, (bool, int)):
            if int(value) in (0, 1):
                return int(value)
        raise ValueError("not 1/0, true/false or yes/no")
    if kind in ("date", "datetime"):
        if isinstance(value, (datetime, date)):  # includes pandas.Timestamp
            dt = value if isinstance(value, datetime) else datetime(
                value.year, value.month, value.day
            )
        else:
            text, dt = str(value).strip(), None
            formats = _DATE_FORMATS if kind == "date" else _DATETIME_FORMATS + _DATE_FORMATS
            for fmt in formats:
                try:
                    dt = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            if dt is None:
                want = "YYYY-MM-DD" if kind == "date" else "YYYY-MM-DD HH:MM:SS"
                raise ValueError(f"not a valid date ({want})")
        day = f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}"
        if kind == "date":
            if (dt.hour, dt.minute, dt.second) != (0, 0, 0):
                raise ValueError("a date, not a date and time")
            return day
        return f"{day} {dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
    if kind == "json":
        text = str(value)
        try:
            json.loads(text, parse_constant=_no_constant)
        except ValueError:
            raise ValueError("not valid JSON") from None
        return text
    return str(value).strip()


def _check_value(c: Col, v: Any) -> str | None:
    """The reason a parsed value breaks a column rule, or None."""
    if v is None:
        return "required" if c.required else None
    if c.choices is not None and v not in c.choices:
        return "not one of " + ", ".join(c.choices)
    if c.min is not None and v < c.min:
        return f"below {c.min:g}" if c.max is None else f"not between {c.min:g} and {c.max:g}"
    if c.max is not None and v > c.max:
        return f"above {c.max:g}" if c.min is None else f"not between {c.min:g} and {c.max:g}"
    return None


def _frame_rows(df: Any, t: Table) -> list[tuple]:
    """Rows of a DataFrame in SQL form, fast (one column at a time)."""
    columns = []
    for c in t.columns:
        s = df[c.name]
        if c.kind == "date":
            values = s.dt.strftime("%Y-%m-%d").astype(object).where(s.notna(), None).tolist()
        elif c.kind == "datetime":
            values = s.dt.strftime("%Y-%m-%d %H:%M:%S").astype(object).where(s.notna(), None)
            values = values.tolist()
        elif t.staging and c.kind == "text" and str(s.dtype).startswith("datetime"):
            values = s.dt.strftime("%Y-%m-%d %H:%M:%S").astype(object).where(s.notna(), None)
            values = values.tolist()
        elif c.kind in ("int", "bool"):
            values = [None if _is_missing(x) else int(x) for x in s.astype(object).tolist()]
        elif c.kind == "real":
            values = [None if _is_missing(x) else float(x) for x in s.astype(object).tolist()]
        else:
            values = [None if _is_missing(x) else str(x) for x in s.astype(object).tolist()]
        columns.append(values)
    return list(zip(*columns, strict=True))


def _insert_sql(t: Table, columns: list[str] | None = None) -> str:
    cols = columns or t.column_names
    return f"INSERT INTO {t.name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"


# =========================================================================== build
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
            raise FileExistsError(f"{path} exists; pass overwrite=True to replace it")
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    missing = [n for n in TABLE_NAMES if n not in world.tables]
    if missing:
        raise ValueError(f"the world has no table(s) {', '.join(missing)}")
    con = connect(path)
    try:
        con.executescript(schema_sql())
        con.execute("BEGIN")
        for t in SPEC.values():
            df = world.tables[t.name]
            absent = [c for c in t.column_names if c not in df.columns]
            if absent:
                raise ValueError(f"table {t.name!r} lacks column(s) {', '.join(absent)}")
            con.executemany(_insert_sql(t), _frame_rows(df, t))
        meta = {
            "seed": getattr(world, "seed", ""),
            "n_customers": getattr(world, "n_customers", ""),
            "locale": getattr(world, "locale", ""),
            "as_of": f"{world.as_of:%Y-%m-%d}" if hasattr(world, "as_of") else "",
            "built_at": datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", [(k, str(v)) for k, v in meta.items()])
        con.commit()
    except BaseException:
        con.rollback()
        con.close()
        path.unlink(missing_ok=True)
        raise
    con.close()
    return path


# =========================================================================== template
def _spec(table: str) -> Table:
    if table not in SPEC:
        raise ValueError(f"no table {table!r}; the tables are: {', '.join(SPEC)}")
    return SPEC[table]


def _meaning(table: str, column: str) -> str:
    try:
        from labkit.world.dictionary import TABLES

        return " ".join(TABLES[table]["columns"][column]["meaning"].split())
    except (KeyError, ImportError):
        return ""


def template(table: str, path: PathLike) -> Path:
    """Write an import template (下载模板) for ``table``: a CSV with the header row.

    The CSV is UTF-8 with a BOM, so Excel opens Chinese text correctly; beside it,
    ``<name>_instructions.txt`` explains every column: what it means (from the data
    dictionary), whether it is required, its format and its allowed values.

    XLSX templates are not supported (openpyxl is not a dependency of the kit):
    ask for ``.csv`` and open it in Excel; save it as "CSV UTF-8" or plain "CSV"
    (GBK) — :func:`import_file` reads both.

    Parameters
    ----------
    table : str
        A table of :data:`SPEC`, e.g. ``"customers"``.
    path : str or PathLike
        Where to write the template; must end in ``.csv``.

    Returns
    -------
    pathlib.Path
        The template file.

    Examples
    --------
    >>> import tempfile
    >>> p = template("feedback", tempfile.mkdtemp() + "/feedback.csv")
    >>> p.read_text(encoding="utf-8-sig").strip()
    'feedback_id,customer_id,created_at,channel,rating,text'
    >>> p.with_name("feedback_instructions.txt").exists()
    True
    """
    t = _spec(table)
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xls"):
        raise ValueError(
            f"{path.name}: XLSX templates are not supported (openpyxl is not installed in the "
            "kit); write a .csv template instead — Excel opens it, and import_file reads the "
            "CSV that Excel saves (UTF-8 or GBK)"
        )
    if path.suffix.lower() != ".csv":
        raise ValueError(f"{path.name}: the template must be a .csv file")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerow(t.column_names)
    lines = [
        f"Import template for table '{table}' (导入模板)",
        "",
        "1. Fill in one row per record under the header row; do not rename or reorder columns.",
        "2. Leave a cell empty for a missing optional value; required cells must be filled.",
        "3. Save as CSV (UTF-8, or the CSV Excel saves in China, GBK) and upload it with",
        f"   labkit.database.import_file(path, '{table}', db).",
        "4. Rows that break a rule are not imported: they go to <file>_rejects.csv with",
        "   their reasons; fix them there and import that file again.",
        "",
        f"Key: {', '.join(t.primary_key)} (must not repeat, in the file or the database)",
        "",
    ]
    for c in t.columns:
        need = "required" if (c.required and not t.staging) else "optional"
        lines.append(f"{c.name}  [{need}]  {c.rule_text()}")
        meaning = _meaning(table, c.name)
        if meaning:
            lines.append(f"    {meaning}")
    for r in t.rules:
        lines.append(f"rule: {r.message} is not allowed ({r.sql})")
    path.with_name(f"{path.stem}_instructions.txt").write_text(
        "\n".join(lines) + "\n", encoding="utf-8"
    )
    return path


# =========================================================================== import
@dataclass
class ImportReport:
    """What :func:`import_file` did; ``accepted + rejected == rows_read`` always."""

    table: str
    path: Path
    rows_read: int
    accepted: int
    rejected: int
    reasons: Counter = field(default_factory=Counter)
    rejects_path: Path | None = None
    encoding: str = "utf-8"
    seconds: float = 0.0

    def __post_init__(self) -> None:
        assert self.accepted + self.rejected == self.rows_read, "rows lost in the import"

    def __str__(self) -> str:
        lines = [
            f"Import of {self.path.name} into {self.table} ({self.encoding}): "
            f"{self.rows_read:,} rows read, {self.accepted:,} accepted, "
            f"{self.rejected:,} rejected"
        ]
        if self.reasons:
            lines.append("Top reasons for rejection:")
            lines.extend(f"  {n:>6,}  {reason}" for reason, n in self.reasons.most_common(8))
        if self.rejects_path is not None:
            lines.append(f"Rejected rows with their reasons: {self.rejects_path.name}")
        return "\n".join(lines)


class ImportAborted(RuntimeError):
    """The import failed part way; the database was rolled back and is unchanged."""


_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")


def _decode(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise ValueError(
        f"cannot decode {path}: it is not UTF-8, UTF-8 with BOM or GB18030/GBK text. "
        "Open it in Excel and save it again as 'CSV UTF-8 (Comma delimited)'."
    )


def _keys(con: sqlite3.Connection, table: str, columns: Iterable[str]) -> set:
    cols = list(columns)
    rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
    return {r if len(cols) > 1 else r[0] for r in rows}


def _validate_rows(
    con: sqlite3.Connection, t: Table, rows: list[Mapping[str, Any]]
) -> tuple[list[tuple], list[list[str]]]:
    """Parse and check rows; return (parsed values, reasons per row — empty when valid)."""
    pk_seen = _keys(con, t.name, t.primary_key)
    unique_seen = {c.name: _keys(con, t.name, [c.name]) for c in t.columns if c.unique}
    parents = {
        c.name: _keys(con, c.references.split(".")[0], [c.references.split(".")[1]])
        for c in t.columns
        if c.references and not t.staging
    }
    parsed_rows, reasons_rows = [], []
    for row in rows:
        values, reasons = {}, []
        for c in t.columns:
            try:
                v = _parse(row.get(c.name), c.kind if not t.staging or c.kind == "int" else "text")
            except ValueError as e:
                reasons.append(f"{c.name}: {e}")
                values[c.name] = None
                continue
            values[c.name] = v
            if t.staging:
                if c.name in t.primary_key and v is None:
                    reasons.append(f"{c.name}: required")
                continue
            problem = _check_value(c, v)
            if problem:
                reasons.append(f"{c.name}: {problem}")
            elif v is not None and c.name in parents and v not in parents[c.name]:
                reasons.append(f"{c.name}: not found in {c.references}")
        if not t.staging:
            for r in t.rules:
                args = [values[c] for c in r.columns]
                if all(a is not None for a in args) and not r.test(*args):
                    reasons.append(f"rule: {r.message}")
        key = tuple(values[c] for c in t.primary_key)
        key = key if len(key) > 1 else key[0]
        if not reasons:
            if key in pk_seen:
                reasons.append(f"{', '.join(t.primary_key)}: duplicate key")
            for name, seen in unique_seen.items():
                if values[name] in seen:
                    reasons.append(f"{name}: duplicate (must be unique)")
        if not reasons:
            pk_seen.add(key)
            for name, seen in unique_seen.items():
                seen.add(values[name])
        parsed_rows.append(tuple(values[c] for c in t.column_names))
        reasons_rows.append(reasons)
    return parsed_rows, reasons_rows


def import_file(path: PathLike, table: str, db: DbLike) -> ImportReport:
    """Upload a filled-in template (上传文件): validate every row, insert the good ones.

    Every row is checked against the table's rules — types, required fields, allowed
    values and ranges, rules across columns, foreign keys, duplicate keys in the file
    or the database. Valid rows go in within **one** transaction; rejected rows are
    written to ``<input stem>_rejects.csv`` beside the input with a ``reasons``
    column. If the insert fails part way (the database is locked, a constraint
    trips), everything is rolled back and :class:`ImportAborted` is raised: the
    database is as it was.

    The file may be UTF-8, UTF-8 with BOM or GB18030/GBK (what Excel in China saves);
    they are tried in that order. Completely empty lines are skipped.

    Parameters
    ----------
    path : str or PathLike
        The CSV file to import.
    table : str
        The target table, e.g. ``"customers"``.
    db : str, PathLike or sqlite3.Connection
        The database (a path is opened and closed again).

    Returns
    -------
    ImportReport
        Counts (``rows_read == accepted + rejected``), reasons and the rejects file.

    Examples
    --------
    >>> import tempfile, labkit
    >>> from labkit import db
    >>> folder = tempfile.mkdtemp()
    >>> dbp = db.build_database(labkit.make_world(seed=1, n_customers=200), folder + "/x.db")
    >>> f = db.template("feedback", folder + "/fb.csv")
    >>> with open(f, "a", encoding="utf-8") as fh:
    ...     _ = fh.write("90001,1,2025-06-01 10:00:00,email,5,Great\\n")
    ...     _ = fh.write("90002,1,2025-06-01,email,9,Too high\\n")
    >>> report = db.import_file(f, "feedback", dbp)
    >>> report.accepted, report.rejected, report.reasons.most_common(1)
    (1, 1, [('rating: not between 1 and 5', 1)])
    """
    start = time.perf_counter()
    t = _spec(table)
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no file to import at {path}")
    if path.suffix.lower() in (".xlsx", ".xls"):
        raise ValueError(f"{path.name}: save the workbook as CSV first (XLSX is not supported)")
    text, encoding = _decode(path)
    records = [r for r in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in r)]
    if not records:
        raise ValueError(f"{path.name} is empty: expected a header row with {t.column_names}")
    header = [h.strip().lstrip("\ufeff") for h in records[0]]
    missing = [c for c in t.column_names if c not in header]
    unknown = [h for h in header if h not in t.column_names]
    if missing or unknown or len(set(header)) != len(header):
        raise ValueError(
            f"{path.name}: the header does not match table {table!r}; "
            f"missing {missing or 'none'}, unknown {unknown or 'none'}. "
            f"Expected: {', '.join(t.column_names)}"
        )
    body = records[1:]
    rows, shape_reasons = [], []
    for r in body:
        shape_reasons.append(
            [] if len(r) == len(header) else [f"row: expected {len(header)} fields, got {len(r)}"]
        )
        rows.append(dict(zip(header, r, strict=False)))

    with _Borrowed(db) as con:
        if con.in_transaction:
            raise ValueError("the connection has an open transaction; commit or roll back first")
        try:
            # Take the write lock first: the keys checked are the keys the insert meets.
            con.execute("BEGIN IMMEDIATE")
            parsed, reasons = _validate_rows(con, t, rows)
            reasons = [s + r for s, r in zip(shape_reasons, reasons, strict=True)]
            good = [p for p, r in zip(parsed, reasons, strict=True) if not r]
            con.executemany(_insert_sql(t), good)
            con.commit()
        except BaseException as e:
            if con.in_transaction:
                con.rollback()
            if not isinstance(e, (sqlite3.Error, OverflowError, ValueError)):
                raise
            raise ImportAborted(
                f"import of {path.name} into {table} failed ({e}); nothing was imported, "
                "the database is unchanged"
            ) from e

    counter: Counter = Counter()
    bad_rows = []
    for raw, why in zip(body, reasons, strict=True):
        if why:
            counter.update(why)
            bad_rows.append([*raw[: len(header)], *[""] * (len(header) - len(raw)), "; ".join(why)])
    rejects_path = path.with_name(f"{path.stem}_rejects.csv")
    if bad_rows:
        with rejects_path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([*header, "reasons"])
            w.writerows(bad_rows)
    else:
        rejects_path.unlink(missing_ok=True)
        rejects_path = None
    return ImportReport(
        table=table,
        path=path,
        rows_read=len(body),
        accepted=len(good),
        rejected=len(bad_rows),
        reasons=counter,
        rejects_path=rejects_path,
        encoding=encoding,
        seconds=time.perf_counter() - start,
    )


# =========================================================================== maintenance
def _iso_day(when: Any) -> str:
    try:
        return _parse(when, "date")
    except ValueError:
        raise ValueError(f"when must be a date YYYY-MM-DD, got {when!r}") from None


def upsert_customers(con: sqlite3.Connection, df: Any, *, when: Any) -> dict[str, int]:
    """Insert new customers and update changed ones, keeping every version's history.

    ``df`` has a ``customer_id`` column and any other customer columns (a partial
    update, e.g. only ``phone`` and ``city``, is fine for existing customers; a new
    customer needs every required column). For each changed customer the current
    version in ``customers_history`` is closed (``valid_to = when``) and the new one
    opened (``valid_from = when``); a customer's first recorded version starts on
    their ``signup_date``. Everything happens in one transaction; a row that breaks
    a rule raises ValueError naming it, and nothing changes.

    Parameters
    ----------
    con : sqlite3.Connection
        A connection from :func:`connect`.
    df : pandas.DataFrame
        Rows to upsert.
    when : str or date
        The day the new values became valid.

    Returns
    -------
    dict
        ``{"inserted": n, "updated": n, "unchanged": n}``.

    Examples
    --------
    >>> import tempfile, labkit, pandas as pd
    >>> from labkit import db
    >>> path = db.build_database(labkit.make_world(seed=1, n_customers=200),
    ...                          tempfile.mkdtemp() + "/x.db")
    >>> con = db.connect(path)
    >>> db.upsert_customers(con, pd.DataFrame({"customer_id": [5], "city": ["Boston"]}),
    ...                     when="2026-01-15")
    {'inserted': 0, 'updated': 1, 'unchanged': 0}
    >>> con.execute("SELECT COUNT(*) FROM customers_history WHERE customer_id = 5").fetchone()
    (2,)
    """
    t = SPEC["customers"]
    day = _iso_day(when)
    if "customer_id" not in df.columns:
        raise ValueError("df needs a customer_id column")
    unknown = [c for c in df.columns if c not in t.column_names]
    if unknown:
        raise ValueError(f"unknown customer column(s): {', '.join(map(str, unknown))}")
    if df["customer_id"].duplicated().any():
        raise ValueError("customer_id repeats in df; give one row per customer")
    if con.in_transaction:
        raise ValueError("the connection has an open transaction; commit or roll back first")
    names = t.column_names
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    con.execute("BEGIN IMMEDIATE")
    try:
        for row in df.to_dict("records"):
            new = {}
            for c in df.columns:
                col = t.col(c)
                try:
                    new[c] = _parse(row[c], col.kind)
                except ValueError as e:
                    raise ValueError(f"customer {row['customer_id']}: {c}: {e}") from None
            cid = new["customer_id"]
            old_row = con.execute(
                f"SELECT {', '.join(names)} FROM customers WHERE customer_id = ?", (cid,)
            ).fetchone()
            record = dict(zip(names, old_row, strict=True)) if old_row else {}
            merged = {**record, **new}
            for c in t.columns:
                problem = _check_value(c, merged.get(c.name))
                if problem:
                    raise ValueError(f"customer {cid}: {c.name}: {problem}")
            if old_row is None:
                con.execute(_insert_sql(t), [merged[c] for c in names])
                counts["inserted"] += 1
            elif merged == record:
                counts["unchanged"] += 1
                continue
            else:
                sets = ", ".join(f"{c} = ?" for c in names if c != "customer_id")
                con.execute(
                    f"UPDATE customers SET {sets} WHERE customer_id = ?",
                    [merged[c] for c in names if c != "customer_id"] + [cid],
                )
                counts["updated"] += 1
                open_version = con.execute(
                    "SELECT version_id FROM customers_history "
                    "WHERE customer_id = ? AND valid_to IS NULL",
                    (cid,),
                ).fetchone()
                if open_version is None:  # first change: record the version it replaces
                    start = min(record["signup_date"], day)
                    con.execute(
                        "INSERT INTO customers_history (customer_id, valid_from, valid_to, record)"
                        " VALUES (?, ?, ?, ?)",
                        (cid, start, day, json.dumps(record, ensure_ascii=False)),
                    )
                else:
                    con.execute(
                        "UPDATE customers_history SET valid_to = ? WHERE version_id = ?",
                        (day, open_version[0]),
                    )
            con.execute(
                "INSERT INTO customers_history (customer_id, valid_from, valid_to, record) "
                "VALUES (?, ?, NULL, ?)",
                (cid, day, json.dumps(merged, ensure_ascii=False)),
            )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return counts


def backup(con_or_path: DbLike, dest: PathLike) -> Path:
    """Copy a database to ``dest`` with SQLite's online backup API.

    Safe while the database is in use (unlike copying the file). ``dest`` is
    replaced if it exists.

    Examples
    --------
    >>> import tempfile
    >>> from labkit.database import backup, connect, verify
    >>> folder = tempfile.mkdtemp()
    >>> con = connect(folder + "/a.db"); _ = con.execute("CREATE TABLE t (x)")
    >>> verify(backup(con, folder + "/backup/a.db"))["counts"]
    {'t': 0}
    """
    dest = Path(dest)
    with _Borrowed(con_or_path) as src:
        src_file = src.execute("PRAGMA database_list").fetchone()[2]
        if src_file and dest.exists() and os.path.samefile(src_file, dest):
            raise ValueError(f"the backup destination {dest} is the database itself")
        dest.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(dest)
        try:
            src.backup(target)
        finally:
            target.close()
    return dest


def restore(backup_path: PathLike, dest: PathLike) -> Path:
    """Restore a backup into ``dest`` (replacing its contents), after checking the backup.

    The backup must pass ``PRAGMA integrity_check`` first, so a damaged backup never
    overwrites a working database.

    Examples
    --------
    >>> import tempfile
    >>> from labkit.database import backup, connect, restore
    >>> folder = tempfile.mkdtemp()
    >>> con = connect(folder + "/a.db"); _ = con.execute("CREATE TABLE t (x)"); con.close()
    >>> b = backup(folder + "/a.db", folder + "/a.bak")
    >>> restore(b, folder + "/restored.db").name
    'restored.db'
    """
    backup_path = Path(backup_path)
    if not backup_path.is_file():
        raise FileNotFoundError(f"no backup at {backup_path}")
    report = verify(backup_path)
    if report["integrity"] != "ok":
        raise ValueError(f"the backup {backup_path} is damaged: {report['integrity']}")
    return backup(backup_path, dest)


def _user_tables(con: sqlite3.Connection) -> list[str]:
    rows = con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY rowid"
    ).fetchall()
    return [r[0] for r in rows]


def verify(path: DbLike) -> dict[str, Any]:
    """Check a database: ``PRAGMA integrity_check``, foreign keys and rows per table.

    Returns
    -------
    dict
        ``{"integrity": "ok" or the problems, "foreign_key_violations": n,
        "counts": {table: rows}}``.

    Examples
    --------
    >>> from labkit.database import connect, verify
    >>> con = connect(":memory:"); _ = con.execute("CREATE TABLE t (x)")
    >>> verify(con)
    {'integrity': 'ok', 'foreign_key_violations': 0, 'counts': {'t': 0}}
    """
    with _Borrowed(path) as con:
        problems = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        fk = len(con.execute("PRAGMA foreign_key_check").fetchall())
        counts = {
            t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in _user_tables(con)
        }
    return {
        "integrity": "ok" if problems == ["ok"] else "; ".join(problems),
        "foreign_key_violations": fk,
        "counts": counts,
    }


def compare_counts(a: DbLike | Mapping, b: DbLike | Mapping) -> Any:
    """Row counts of two databases side by side (e.g. the live one and its backup).

    ``a`` and ``b`` are paths, connections or the ``counts`` of :func:`verify`.

    Returns
    -------
    pandas.DataFrame
        One row per table: ``a``, ``b``, ``difference`` (b − a) and ``same``.

    Examples
    --------
    >>> out = compare_counts({"customers": 10, "orders": 5}, {"customers": 10, "orders": 4})
    >>> out["difference"].tolist(), out["same"].tolist()
    ([0, -1], [True, False])
    """
    import pandas as pd

    def counts(x: Any) -> dict[str, int]:
        if isinstance(x, Mapping):
            return dict(x.get("counts", x))
        return verify(x)["counts"]

    ca, cb = counts(a), counts(b)
    tables = list(dict.fromkeys([*ca, *cb]))
    out = pd.DataFrame(
        {"a": [ca.get(t) for t in tables], "b": [cb.get(t) for t in tables]},
        index=pd.Index(tables, name="table"),
    ).astype("Int64")
    out["difference"] = out["b"] - out["a"]
    out["same"] = (out["a"] == out["b"]).fillna(False).astype(bool)
    return out


# =========================================================================== least privilege
_WRITE_ACTIONS = {
    getattr(sqlite3, name): name.removeprefix("SQLITE_").replace("_", " ")
    for name in dir(sqlite3)
    if name.startswith(("SQLITE_CREATE_", "SQLITE_DROP_", "SQLITE_ALTER"))
    or name
    in (
        "SQLITE_INSERT", "SQLITE_UPDATE", "SQLITE_DELETE", "SQLITE_ATTACH", "SQLITE_DETACH",
        "SQLITE_REINDEX", "SQLITE_ANALYZE",
    )
}
_READONLY_MESSAGE = "read-only analyst connection"
# Pragmas that take an argument but only read (table_info(customers) and friends).
_READ_PRAGMAS = {
    "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo",
    "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check", "table_list",
}


def _translate(con: Any, error: sqlite3.DatabaseError) -> sqlite3.DatabaseError:
    text = str(error)
    if "not authorized" in text or "readonly" in text:
        what = getattr(con, "_denied", None) or "a write"
        return sqlite3.DatabaseError(
            f"{_READONLY_MESSAGE}: {what} is not allowed; analysts may only read (SELECT). "
            "Ask the database administrator for changes."
        )
    return error


class _ReadOnlyCursor(sqlite3.Cursor):
    def execute(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().execute(*args, **kwargs)
        except sqlite3.DatabaseError as e:
            raise _translate(self.connection, e) from None

    def executemany(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().executemany(*args, **kwargs)
        except sqlite3.DatabaseError as e:
            raise _translate(self.connection, e) from None

    def executescript(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().executescript(*args, **kwargs)
        except sqlite3.DatabaseError as e:
            raise _translate(self.connection, e) from None


class ReadOnlyConnection(sqlite3.Connection):
    """A connection whose authorizer refuses every write (see :func:`connect_readonly`)."""

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

    Two locks: the file is opened read-only (``mode=ro``), and an authorizer
    (:meth:`sqlite3.Connection.set_authorizer`) denies every INSERT, UPDATE, DELETE,
    CREATE, DROP, ALTER, ATTACH and PRAGMA that sets a value, before the statement
    even runs. A refused write raises :class:`sqlite3.DatabaseError` whose message
    starts with "read-only analyst connection".

    Examples
    --------
    >>> import tempfile
    >>> from labkit.database import connect, connect_readonly
    >>> p = tempfile.mkdtemp() + "/a.db"
    >>> c = connect(p); _ = c.execute("CREATE TABLE t (x)"); c.commit(); c.close()
    >>> ro = connect_readonly(p)
    >>> ro.execute("SELECT COUNT(*) FROM t").fetchone()
    (0,)
    >>> ro.execute("DELETE FROM t")
    Traceback (most recent call last):
    sqlite3.DatabaseError: read-only analyst connection: DELETE on t is not allowed; ...
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no database file at {path}")
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                          factory=ReadOnlyConnection)

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

    Returns
    -------
    str
        The view's name.

    Examples
    --------
    >>> import tempfile, labkit
    >>> from labkit import db
    >>> con = db.connect(db.build_database(labkit.make_world(seed=1, n_customers=200),
    ...                                     tempfile.mkdtemp() + "/x.db"))
    >>> view = db.create_marketing_view(con)
    >>> "phone" in [d[0] for d in con.execute(f"SELECT * FROM {view}").description]
    False
    """
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"not a valid view name: {name!r}")
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


# =========================================================================== audit
def install_audit_log(con: sqlite3.Connection) -> None:
    """Record every INSERT, UPDATE and DELETE on ``customers`` in ``audit_log``.

    Triggers write who (the ``user`` of the one-row table ``session_user``, set with
    :func:`set_session_user`; ``'unknown'`` when unset), what (action, customer
    number), when (UTC, to the millisecond) and the old and new rows as JSON
    (``json_object``). The triggers live in the database file, so every program
    that changes customers is recorded, not only this one. (SQLite has no login;
    in a server database *who* comes from the login, e.g. PostgreSQL's
    ``current_user``.)

    Examples
    --------
    >>> import tempfile, labkit
    >>> from labkit import db
    >>> con = db.connect(db.build_database(labkit.make_world(seed=1, n_customers=200),
    ...                                     tempfile.mkdtemp() + "/x.db"))
    >>> db.install_audit_log(con); db.set_session_user(con, "li.na")
    >>> _ = con.execute("UPDATE customers SET city = 'Xi''an' WHERE customer_id = 3")
    >>> con.execute("SELECT who, action, customer_id FROM audit_log").fetchall()
    [('li.na', 'UPDATE', 3)]
    """
    names = SPEC["customers"].column_names

    def obj(prefix: str) -> str:
        return "json_object(" + ", ".join(f"'{c}', {prefix}.{c}" for c in names) + ")"

    who = "COALESCE((SELECT user FROM session_user WHERE id = 1), 'unknown')"
    now = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
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
            VALUES ({now}, {who}, 'INSERT', NEW.customer_id, NULL, {obj('NEW')});
        END;
        CREATE TRIGGER IF NOT EXISTS audit_customers_update AFTER UPDATE ON customers
        BEGIN
            INSERT INTO audit_log {cols}
            VALUES ({now}, {who}, 'UPDATE', NEW.customer_id, {obj('OLD')}, {obj('NEW')});
        END;
        CREATE TRIGGER IF NOT EXISTS audit_customers_delete AFTER DELETE ON customers
        BEGIN
            INSERT INTO audit_log {cols}
            VALUES ({now}, {who}, 'DELETE', OLD.customer_id, {obj('OLD')}, NULL);
        END;
        """
    )


def set_session_user(con: sqlite3.Connection, user: str) -> None:
    """Say who is working on this database, for the audit log's *who*.

    Examples
    --------
    >>> from labkit.database import connect, install_audit_log, set_session_user
    """
    if not isinstance(user, str) or not user.strip():
        raise ValueError(f"user must be a non-empty name, got {user!r}")
    con.execute("INSERT OR REPLACE INTO session_user (id, user) VALUES (1, ?)", (user.strip(),))
    con.commit()


# =========================================================================== erasure
def _digits(text: Any) -> str:
    return re.sub(r"\D", "", str(text or ""))


def _same_phone(a: Any, b: Any) -> bool:
    da, db_ = _digits(a), _digits(b)
    if len(da) < 7 or len(db_) < 7:
        return False
    n = min(len(da), len(db_), 10)
    return da[-n:] == db_[-n:]


def customer_footprint(con: sqlite3.Connection, customer_id: int) -> dict[str, int]:
    """Rows that hold data of one customer, per table (the proof of an erasure).

    Covers the customer's row, every table with a ``customer_id`` (and the order
    lines of their orders), the history and audit tables when present, and staging
    ``raw_records`` whose phone or e-mail matches the customer's.

    Examples
    --------
    >>> import tempfile, labkit
    >>> from labkit import db
    >>> con = db.connect(db.build_database(labkit.make_world(seed=1, n_customers=200),
    ...                                     tempfile.mkdtemp() + "/x.db"))
    >>> db.customer_footprint(con, 1)["customers"]
    1
    """
    tables = set(_user_tables(con))
    out: dict[str, int] = {}
    for t in tables & {"customers", "orders", "web_events", "campaign_responses",
                       "service_tickets", "feedback", "surveys", "customers_history",
                       "audit_log"}:
        out[t] = con.execute(
            f"SELECT COUNT(*) FROM {t} WHERE customer_id = ?", (customer_id,)
        ).fetchone()[0]
    if "order_items" in tables:
        out["order_items"] = con.execute(
            "SELECT COUNT(*) FROM order_items WHERE order_id IN "
            "(SELECT order_id FROM orders WHERE customer_id = ?)",
            (customer_id,),
        ).fetchone()[0]
    if "raw_records" in tables:
        out["raw_records"] = len(_raw_matches(con, customer_id))
    return dict(sorted(out.items()))


def _raw_matches(con: sqlite3.Connection, customer_id: int) -> list[int]:
    row = con.execute(
        "SELECT phone, email FROM customers WHERE customer_id = ?", (customer_id,)
    ).fetchone()
    if row is None:
        return []
    phone, email = row
    email = (email or "").strip().lower()
    return [
        rid
        for rid, p, e in con.execute("SELECT record_id, phone, email FROM raw_records")
        if _same_phone(p, phone) or (email and (e or "").strip().lower() == email)
    ]


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

    Returns
    -------
    dict
        Rows deleted per table.

    Examples
    --------
    >>> import tempfile, labkit
    >>> from labkit import db
    >>> con = db.connect(db.build_database(labkit.make_world(seed=1, n_customers=200),
    ...                                     tempfile.mkdtemp() + "/x.db"))
    >>> deleted = db.erase_customer(con, 7)
    >>> sum(db.customer_footprint(con, 7).values())
    0
    """
    if isinstance(customer_id, bool) or not isinstance(customer_id, int):
        raise ValueError(f"customer_id must be a whole number, got {customer_id!r}")
    if con.execute("SELECT 1 FROM customers WHERE customer_id = ?", (customer_id,)).fetchone() \
            is None:
        raise KeyError(f"no customer {customer_id} in the database")
    if con.in_transaction:
        raise ValueError("the connection has an open transaction; commit or roll back first")
    before = customer_footprint(con, customer_id)
    tables = set(_user_tables(con))
    raw_ids = _raw_matches(con, customer_id)
    orders = "(SELECT order_id FROM orders WHERE customer_id = ?)"
    steps = [
        ("order_items", f"DELETE FROM order_items WHERE order_id IN {orders}"),
        ("service_tickets", f"DELETE FROM service_tickets WHERE customer_id = ? "
                            f"OR order_id IN {orders}"),
        ("orders", "DELETE FROM orders WHERE customer_id = ?"),
        ("web_events", "DELETE FROM web_events WHERE customer_id = ?"),
        ("campaign_responses", "DELETE FROM campaign_responses WHERE customer_id = ?"),
        ("feedback", "DELETE FROM feedback WHERE customer_id = ?"),
        ("surveys", "DELETE FROM surveys WHERE customer_id = ?"),
        ("customers_history", "DELETE FROM customers_history WHERE customer_id = ?"),
        ("customers", "DELETE FROM customers WHERE customer_id = ?"),
        ("audit_log", "DELETE FROM audit_log WHERE customer_id = ?"),
    ]
    deleted: dict[str, int] = {}
    con.execute("BEGIN IMMEDIATE")
    try:
        for table, sql in steps:
            if table in tables:
                cur = con.execute(sql, (customer_id,) * sql.count("?"))
                deleted[table] = cur.rowcount
        if "raw_records" in tables:
            con.executemany("DELETE FROM raw_records WHERE record_id = ?", [(r,) for r in raw_ids])
            deleted["raw_records"] = len(raw_ids)
        left = {k: v for k, v in customer_footprint(con, customer_id).items() if v}
        if left:
            raise RuntimeError(f"erasure incomplete, rows remain in {left}; rolled back")
        if "audit_log" in tables:
            con.execute(
                "INSERT INTO audit_log (at, who, action, customer_id, old, new) VALUES ("
                "strftime('%Y-%m-%d %H:%M:%f', 'now'), "
                "COALESCE((SELECT user FROM session_user WHERE id = 1), 'unknown'), "
                "'ERASE', NULL, NULL, json_object('rows_deleted', ?))",
                (sum(deleted.values()) - deleted.get("audit_log", 0),),
            )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    assert sum(before.values()) >= deleted.get("customers", 0)
    return dict(sorted(deleted.items()))
