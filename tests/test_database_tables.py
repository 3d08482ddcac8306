"""labkit.database.tables and labkit.database.ddl: the specification and its SQL."""

from __future__ import annotations

import sqlite3

import pytest

from labkit import vocabularies
from labkit.database import ddl, tables
from labkit.database.tables import SPEC, TABLE_NAMES, Col

# --------------------------------------------------------------------------- the specification
#: Each categorical column and the vocabulary it must allow, in the same order.
VOCABULARY_OF = {
    ("customers", "gender"): vocabularies.GENDERS,
    ("customers", "education"): vocabularies.EDUCATION_LEVELS,
    ("customers", "marital_status"): vocabularies.MARITAL_STATUSES,
    ("customers", "signup_channel"): vocabularies.SIGNUP_CHANNELS,
    ("customers", "member_tier"): vocabularies.MEMBER_TIERS,
    ("customers", "occupation"): vocabularies.OCCUPATIONS,
    ("customers", "housing"): vocabularies.HOUSING,
    ("accounts", "industry"): vocabularies.INDUSTRIES,
    ("accounts", "size_band"): vocabularies.SIZE_BANDS,
    ("contacts", "role"): vocabularies.CONTACT_ROLES,
    ("products", "category"): tuple(sorted(vocabularies.CATEGORIES)),
    ("orders", "channel"): vocabularies.ORDER_CHANNELS,
    ("orders", "payment_method"): vocabularies.PAYMENT_METHODS,
    ("orders", "status"): vocabularies.ORDER_STATUSES,
    ("web_events", "event_type"): vocabularies.WEB_EVENT_TYPES,
    ("campaigns", "channel"): vocabularies.CAMPAIGN_CHANNELS,
    ("campaigns", "offer"): vocabularies.CAMPAIGN_OFFERS,
    ("service_tickets", "channel"): vocabularies.TICKET_CHANNELS,
    ("service_tickets", "topic"): vocabularies.TICKET_TOPICS,
    ("service_tickets", "priority"): vocabularies.TICKET_PRIORITIES,
    ("service_tickets", "status"): vocabularies.TICKET_STATUSES,
    ("feedback", "channel"): vocabularies.FEEDBACK_CHANNELS,
    ("invoices", "status"): vocabularies.INVOICE_STATUSES,
    ("opportunities", "stage"): vocabularies.OPPORTUNITY_STAGES,
    ("opportunities", "lost_at_stage"): vocabularies.OPEN_STAGES,
    ("opportunities", "lost_reason"): vocabularies.LOST_REASONS,
}


def test_every_categorical_column_allows_its_vocabulary():
    categorical = {
        (t.name, c.name): c.choices
        for t in SPEC.values()
        for c in t.columns
        if c.choices is not None
    }
    assert categorical == VOCABULARY_OF


def test_table_names_parents_first():
    assert TABLE_NAMES[0] == "customers" and TABLE_NAMES[-1] == "raw_records"
    position = {name: i for i, name in enumerate(TABLE_NAMES)}
    for table in SPEC.values():
        for column in table.columns:
            if column.parent is not None:
                assert position[column.parent[0]] < position[table.name], (table.name, column)


def test_keys_and_rules_name_real_columns():
    for table in SPEC.values():
        names = set(table.column_names)
        assert set(table.primary_key) <= names, table.name
        for rule in table.rules:
            assert set(rule.columns) <= names, table.name
        for index in table.indexes:
            assert set(index) <= names, table.name


def test_table_column_lookup():
    assert SPEC["orders"].column("discount").kind == "real"
    with pytest.raises(KeyError, match="no column 'price'"):
        SPEC["orders"].column("price")


def test_table_spec_unknown_table_lists_the_tables():
    assert tables.table_spec("feedback") is SPEC["feedback"]
    with pytest.raises(ValueError, match="no table 'clients'.*customers"):
        tables.table_spec("clients")


def test_col_refuses_unknown_kind():
    with pytest.raises(ValueError, match="kind 'money'"):
        Col("price", "money")


def test_later_rule():
    rule = tables.later("opened_at", "resolved_at")
    assert rule.test("2025-01-01 10:00:00", "2025-01-01 11:00:00")
    assert not rule.test("2025-01-02", "2025-01-01")
    assert rule.test("2025-01-02", None) and rule.test(None, "2025-01-01")
    assert rule.message == "resolved_at before opened_at"


# --------------------------------------------------------------------------- the SQL
def test_create_statements_run_and_make_every_table():
    con = sqlite3.connect(":memory:")
    con.executescript(ddl.create_statements())
    made = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert made == {*TABLE_NAMES, "meta", "customers_history"}


def test_check_constraints_per_kind():
    assert ddl.check_constraints(Col("opened", "bool")) == ["opened IN (0, 1)"]
    assert ddl.check_constraints(Col("payload", "json")) == ["json_valid(payload)"]
    assert ddl.check_constraints(Col("at", "datetime")) == ["datetime(at) IS at"]
    assert ddl.check_constraints(Col("n", "int", min=0)) == ["n >= 0"]
    assert ddl.check_constraints(Col("n", "int", max=9)) == ["n <= 9"]
    assert ddl.check_constraints(Col("name")) == []
    assert ddl.check_constraints(Col("tier", choices=("a", "b'c"))) == ["tier IN ('a', 'b''c')"]


def test_column_definition():
    column = Col("customer_id", "int", references="customers.customer_id")
    assert ddl.column_definition(column) == (
        "customer_id INTEGER NOT NULL REFERENCES customers (customer_id)"
    )
    assert ddl.column_definition(Col("email", required=False, unique=True)) == "email TEXT UNIQUE"


def test_staging_table_has_no_constraints():
    sql = ddl.create_table_statement(SPEC["raw_records"])
    assert sql.startswith("-- staging:")
    assert "CHECK" not in sql and "NOT NULL" not in sql
    assert "record_id INTEGER PRIMARY KEY" in sql


def test_rules_become_table_check_constraints():
    sql = ddl.create_table_statement(SPEC["campaigns"])
    assert "CHECK (end_date IS NULL OR end_date >= start_date)" in sql


def test_index_columns_skip_the_leading_key_column():
    assert ddl.index_columns(SPEC["campaign_responses"]) == [("customer_id",)]
    assert ddl.index_columns(SPEC["customers"]) == [
        ("province", "city"),
        ("member_tier",),
        ("signup_date",),
    ]


def test_insert_statement_for_some_columns():
    assert ddl.insert_statement(SPEC["feedback"], ["feedback_id", "text"]) == (
        "INSERT INTO feedback (feedback_id, text) VALUES (?, ?)"
    )


def test_sql_literal_doubles_quotes():
    assert ddl.sql_literal("it's") == "'it''s'"
