"""labkit.database.connection, .build (row conversion), .imports (template text), .audit."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

from labkit.database import audit, build, connection, imports
from labkit.database.tables import SPEC, Col


# --------------------------------------------------------------------------- connection
def test_connect_creates_file_with_foreign_keys_on(tmp_path):
    con = connection.connect(tmp_path / "new.db")
    assert con.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert (tmp_path / "new.db").is_file()


def test_borrowed_connection_leaves_a_given_connection_open():
    con = connection.connect(":memory:")
    with connection.BorrowedConnection(con) as same:
        assert same is con
    assert con.execute("SELECT 1").fetchone() == (1,)


def test_borrowed_connection_closes_what_it_opened(tmp_path):
    connection.connect(tmp_path / "a.db").close()
    with connection.BorrowedConnection(tmp_path / "a.db") as con:
        pass
    with pytest.raises(sqlite3.ProgrammingError):
        con.execute("SELECT 1")


def test_borrowed_connection_refuses_a_missing_file_unless_told(tmp_path):
    with pytest.raises(FileNotFoundError, match="no database file"):
        connection.BorrowedConnection(tmp_path / "missing.db")
    with connection.BorrowedConnection(tmp_path / "new.db", must_exist=False) as con:
        assert connection.table_names(con) == []


def test_table_names_in_creation_order():
    con = connection.connect(":memory:")
    con.executescript("CREATE TABLE z (x); CREATE TABLE a (x); CREATE INDEX ix ON a (x);")
    assert connection.table_names(con) == ["z", "a"]


# --------------------------------------------------------------------------- build: row conversion
def test_frame_rows_converts_each_kind():
    frame = pd.DataFrame(
        {
            "campaign_id": pd.array([1, 2], dtype="Int64"),
            "customer_id": [3, 4],
            "sent_at": pd.to_datetime(["2025-01-02 03:04:05", None]),
            "opened": [True, False],
            "clicked": pd.array([True, pd.NA], dtype="boolean"),
            "converted": [0, 1],
            "holdout": [False, True],
            "extra": ["ignored", "ignored"],
        }
    )
    rows = build.frame_rows(frame, SPEC["campaign_responses"])
    assert rows == [
        (1, 3, 0, "2025-01-02 03:04:05", 1, 1, 0),
        (2, 4, 1, None, 0, None, 1),
    ]
    assert all(type(v) is int for v in rows[0] if not isinstance(v, str))


def test_frame_rows_staging_keeps_dates_as_text():
    columns = SPEC["raw_records"].column_names
    frame = pd.DataFrame({c: [None] for c in columns})
    frame["record_id"] = [7]
    frame["captured_at"] = pd.to_datetime(["2025-05-06 07:08:09"])
    frame["birth_date"] = ["1990/1/2"]
    (row,) = build.frame_rows(frame, SPEC["raw_records"])
    record = dict(zip(columns, row, strict=True))
    assert record["captured_at"] == "2025-05-06 07:08:09"
    assert record["birth_date"] == "1990/1/2" and record["phone"] is None


def test_frame_rows_needs_every_column():
    with pytest.raises(KeyError):
        build.frame_rows(pd.DataFrame({"order_id": [1]}), SPEC["order_items"])


# --------------------------------------------------------------------------- imports: template text
@pytest.mark.parametrize(
    ("column", "text"),
    [
        (Col("rating", "int", min=1, max=5), "whole number; between 1 and 5"),
        (Col("price", "real", min=0), "number; at least 0"),
        (Col("phone", unique=True), "text; unique"),
        (Col("opened", "bool"), "1 or 0 (also true/false, yes/no, 是/否)"),
        (
            Col("customer_id", "int", references="customers.customer_id"),
            "whole number; must exist in customers.customer_id",
        ),
        (Col("tier", choices=("a", "b")), "text; one of a, b"),
    ],
)
def test_column_rules_text(column, text):
    assert imports.column_rules_text(column) == text


def test_template_instructions_name_the_rules(tmp_path):
    imports.template("campaigns", tmp_path / "campaigns.csv")
    text = (tmp_path / "campaigns_instructions.txt").read_text(encoding="utf-8")
    assert "rule: end_date before start_date is not allowed" in text
    assert "Key: campaign_id" in text
    assert "channel  [required]  text; one of email, sms, app_push, wechat" in text


def test_template_staging_columns_are_optional(tmp_path):
    imports.template("raw_records", tmp_path / "raw.csv")
    text = (tmp_path / "raw_instructions.txt").read_text(encoding="utf-8")
    assert "phone  [optional]" in text and "record_id  [required]" not in text


# --------------------------------------------------------------------------- audit
def test_audit_records_insert_and_delete_with_rows_as_json():
    con = connection.connect(":memory:")
    con.execute("CREATE TABLE customers (" + ", ".join(SPEC["customers"].column_names) + ")")
    audit.install_audit_log(con)
    audit.set_session_user(con, "  li.na ")
    con.execute("INSERT INTO customers (customer_id, city) VALUES (1, '苏州')")
    con.execute("DELETE FROM customers WHERE customer_id = 1")
    log = con.execute(
        "SELECT who, action, json_extract(new, '$.city'), "
        "json_extract(old, '$.city') FROM audit_log ORDER BY audit_id"
    ).fetchall()
    assert log == [("li.na", "INSERT", "苏州", None), ("li.na", "DELETE", None, "苏州")]


@pytest.mark.parametrize("user", ["", "   ", None, 3])
def test_set_session_user_refuses_no_name(user):
    con = connection.connect(":memory:")
    with pytest.raises(ValueError, match="non-empty"):
        audit.set_session_user(con, user)
