"""labkit.database end to end on a built database: build, import, maintenance, security.

Unit tests of single modules without a database are in ``test_database_*.py``.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import write_csv
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labkit import database as db
from labkit.database import imports

N = 200


def rows(con: sqlite3.Connection, sql: str, *args) -> list[tuple]:
    return con.execute(sql, args).fetchall()


# --------------------------------------------------------------------------- build
def test_build_database_counts_and_integrity(db_world, db_built):
    report = db.verify(db_built)
    assert report["integrity"] == "ok"
    assert report["foreign_key_violations"] == 0
    for name in db.TABLE_NAMES:
        assert report["counts"][name] == len(db_world.tables[name]), name


def test_build_database_stores_iso_dates_and_01_booleans(db_world, db_built):
    con = db.connect(db_built)
    birth, consent = rows(con, "SELECT birth_date, marketing_consent FROM customers "
                               "WHERE customer_id = 1")[0]
    expected = db_world.customers.set_index("customer_id").loc[1]
    assert birth == f"{expected.birth_date:%Y-%m-%d}"
    assert consent == int(expected.marketing_consent)
    assert rows(con, "SELECT typeof(ordered_at) FROM orders LIMIT 1") == [("text",)]


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE orders SET discount = 1.5 WHERE order_id = 1",
        "UPDATE feedback SET rating = 6 WHERE feedback_id = 1",
        "UPDATE surveys SET nps = 11 WHERE response_id = 1",
        "UPDATE service_tickets SET status = 'lost' WHERE ticket_id = 1",
        "UPDATE customers SET birth_date = '2023-02-30' WHERE customer_id = 1",
        "UPDATE customers SET phone = NULL WHERE customer_id = 1",
        "UPDATE orders SET customer_id = 999999 WHERE order_id = 1",
        "UPDATE campaigns SET end_date = '2000-01-01' WHERE campaign_id = 1",
    ],
)
def test_constraints_refuse_bad_values(db_copy, sql):
    con = db.connect(db_copy)
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(sql)


def test_raw_records_is_an_unconstrained_staging_table(db_copy):
    con = db.connect(db_copy)
    con.execute("INSERT INTO raw_records (record_id, birth_date) VALUES (999999, 'yesterday')")


def test_indexes_on_foreign_keys():
    sql = db.create_statements()
    assert "CREATE INDEX ix_orders_customer_id ON orders (customer_id)" in sql
    assert "CREATE INDEX ix_order_items_product_id ON order_items (product_id)" in sql


def test_build_database_refuses_to_overwrite_when_told(db_world, db_copy):
    with pytest.raises(FileExistsError):
        db.build_database(db_world, db_copy, overwrite=False)


def test_build_database_names_missing_table(tmp_path):
    class Fake:
        tables = {"customers": pd.DataFrame()}

    with pytest.raises(ValueError, match="no table"):
        db.build_database(Fake(), tmp_path / "x.db")
    assert not (tmp_path / "x.db").exists()


def test_connect_turns_foreign_keys_on():
    assert db.connect(":memory:").execute("PRAGMA foreign_keys").fetchone() == (1,)


# --------------------------------------------------------------------------- template
def test_template_csv_has_bom_header_and_instructions(tmp_path):
    p = db.template("customers", tmp_path / "customers.csv")
    raw = p.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").strip().split(",") == db.SPEC["customers"].column_names
    text = (tmp_path / "customers_instructions.txt").read_text(encoding="utf-8")
    assert "member_tier  [required]" in text and "platinum" in text
    assert "email  [optional]" in text
    assert "Customer number" in text  # meaning from the data dictionary


@pytest.mark.parametrize("name", ["c.xlsx", "c.txt"])
def test_template_refuses_other_formats(tmp_path, name):
    with pytest.raises(ValueError, match=name):
        db.template("customers", tmp_path / name)


def test_template_unknown_table(tmp_path):
    with pytest.raises(ValueError, match="no table 'clients'"):
        db.template("clients", tmp_path / "x.csv")


# --------------------------------------------------------------------------- import
FEEDBACK = db.SPEC["feedback"].column_names


def test_import_accepts_and_rejects_with_reasons(db_copy, tmp_path):
    body = [
        ["50001", "1", "2025-06-01 10:00:00", "email", "5", "good"],  # ok
        ["50002", "1", "2025/06/02 11:00", "email", "4", "ok"],  # ok, Excel-style date
        ["50003", "1", "2025-06-01", "email", "9", "rating too high"],
        ["50004", "99999", "2025-06-01", "email", "3", "unknown customer"],
        ["50005", "1", "June 1", "fax", "3", "bad date and channel"],
        ["50001", "1", "2025-06-01", "email", "3", "duplicate key in file"],
        ["1", "1", "2025-06-01", "email", "3", "duplicate key in database"],
        ["50006", "1", "2025-06-01", "email", "", ""],  # required missing
        ["50007", "1", "2025-06-01"],  # short row
    ]
    f = write_csv(tmp_path / "new_feedback.csv", FEEDBACK, body)
    con = db.connect(db_copy)
    before = rows(con, "SELECT COUNT(*) FROM feedback")[0][0]
    report = db.import_file(f, "feedback", con)
    assert (report.rows_read, report.accepted, report.rejected) == (9, 2, 7)
    assert rows(con, "SELECT COUNT(*) FROM feedback")[0][0] == before + 2
    assert report.reasons["rating: not between 1 and 5"] == 1
    assert report.reasons["customer_id: not found in customers.customer_id"] == 1
    assert report.reasons["feedback_id: duplicate key"] == 2
    assert report.reasons["channel: not one of app_review, call_centre, email, social_media"] == 1
    assert report.reasons["row: expected 6 fields, got 3"] == 1
    assert report.rejects_path == tmp_path / "new_feedback_rejects.csv"
    rejects = pd.read_csv(report.rejects_path, encoding="utf-8-sig", dtype=str)
    assert len(rejects) == 7 and rejects["reasons"].notna().all()
    assert "7 rejected" in str(report) and "rating" in str(report)


def test_import_gb18030_and_bom_files(db_copy, tmp_path):
    body = [["50010", "2", "2025-06-01 09:00:00", "social_media", "2", "物流太慢了，包装也破了"]]
    gbk = write_csv(tmp_path / "gbk.csv", FEEDBACK, body, encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        gbk.read_bytes().decode("utf-8")
    report = db.import_file(gbk, "feedback", db_copy)
    assert (report.accepted, report.encoding) == (1, "gb18030")
    body[0][0] = "50011"
    bom = write_csv(tmp_path / "bom.csv", FEEDBACK, body, encoding="utf-8-sig")
    report = db.import_file(bom, "feedback", db_copy)
    assert (report.accepted, report.encoding) == (1, "utf-8-sig")
    texts = rows(db.connect(db_copy), "SELECT text FROM feedback WHERE feedback_id >= 50010")
    assert texts == [("物流太慢了，包装也破了",)] * 2
    assert report.rejects_path is None


def test_import_undecodable_file_names_the_file(db_copy, tmp_path):
    f = tmp_path / "broken.csv"
    f.write_bytes(b"feedback_id,text\n1,\x80\xff\xfe\x81\n")
    with pytest.raises(ValueError, match="broken.csv.*UTF-8"):
        db.import_file(f, "feedback", db_copy)


def test_import_wrong_header_and_missing_file(db_copy, tmp_path):
    f = write_csv(tmp_path / "x.csv", ["feedback_id", "ratting"], [["1", "2"]])
    with pytest.raises(ValueError, match="ratting"):
        db.import_file(f, "feedback", db_copy)
    with pytest.raises(FileNotFoundError):
        db.import_file(tmp_path / "nope.csv", "feedback", db_copy)
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(ValueError, match="empty"):
        db.import_file(tmp_path / "empty.csv", "feedback", db_copy)


def test_import_failure_half_way_leaves_database_unchanged(db_copy, tmp_path, monkeypatch):
    body = [[str(50100 + i), "1", "2025-06-01", "email", "3", "x"] for i in range(20)]
    f = write_csv(tmp_path / "fb.csv", FEEDBACK, body)
    before = db.verify(db_copy)["counts"]
    original = imports._validate_rows

    def sabotage(con, t, rows_):  # a row the checks wrongly pass: the database refuses it
        parsed, reasons = original(con, t, rows_)
        parsed[10] = (parsed[10][0], *parsed[10][1:4], 99, parsed[10][5])
        return parsed, reasons

    monkeypatch.setattr(imports, "_validate_rows", sabotage)
    with pytest.raises(db.ImportAborted, match="unchanged"):
        db.import_file(f, "feedback", db_copy)
    assert db.verify(db_copy)["counts"] == before


def test_import_into_locked_database_leaves_it_unchanged(db_copy, tmp_path):
    f = write_csv(tmp_path / "fb.csv", FEEDBACK, [["50200", "1", "2025-06-01", "email", "3", "x"]])
    other = sqlite3.connect(db_copy, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        con = sqlite3.connect(db_copy, timeout=0.1)
        with pytest.raises(db.ImportAborted, match="locked"):
            db.import_file(f, "feedback", con)
    finally:
        other.rollback()
    assert rows(db.connect(db_copy), "SELECT COUNT(*) FROM feedback WHERE feedback_id = 50200") \
        == [(0,)]


def _cell(col: db.Col) -> st.SearchStrategy[str]:
    junk = st.one_of(
        st.just(""),
        st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=6),
        st.integers(-3, 20).map(str),
    )
    good = {
        "int": st.integers(-2, 260).map(str),
        "real": st.one_of(st.floats(-2, 2, allow_nan=False).map(repr), st.sampled_from(
            ["nan", "inf", "1e400", "0.5"])),
        "date": st.dates().map(lambda d: d.isoformat()),
        "datetime": st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S")),
        "bool": st.sampled_from(["0", "1", "yes", "是", "maybe"]),
        "text": st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=6),
        "json": st.sampled_from(['{"a": 1}', "NaN", "{", "[]"]),
    }[col.kind]
    if col.choices:
        good = st.sampled_from([*col.choices, col.choices[0].upper()])
    return st.one_of(good, junk)


@st.composite
def import_case(draw):
    table = draw(st.sampled_from(["feedback", "customers", "campaigns", "order_items",
                                  "surveys", "raw_records"]))
    cols = db.SPEC[table].columns
    body = draw(st.lists(st.tuples(*[_cell(c) for c in cols]).map(list), max_size=12))
    return table, body


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=import_case())
def test_import_property_nothing_lost_nothing_invalid(db_built, case):
    table, body = case
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "x.db"
        shutil.copy(db_built, target)
        f = write_csv(Path(folder) / "in.csv", db.SPEC[table].column_names, body)
        before = db.verify(target)["counts"][table]
        report = db.import_file(f, table, target)  # an invalid row reaching SQL would abort
        nonblank = sum(any(c.strip() for c in r) for r in body)
        assert report.rows_read == nonblank
        assert report.accepted + report.rejected == report.rows_read
        after = db.verify(target)
        assert after["counts"][table] == before + report.accepted
        assert after["integrity"] == "ok" and after["foreign_key_violations"] == 0
        if report.rejected:
            rejects = list(csv.reader(report.rejects_path.open(encoding="utf-8-sig")))
            assert len(rejects) == report.rejected + 1 and rejects[0][-1] == "reasons"


def test_import_report_refuses_to_lose_rows(tmp_path):
    with pytest.raises(AssertionError):
        db.ImportReport("t", tmp_path, rows_read=3, accepted=1, rejected=1)


# --------------------------------------------------------------------------- maintenance
def test_upsert_customers_keeps_history(db_copy, db_world):
    con = db.connect(db_copy)
    new = db_world.customers.iloc[[0]].copy()
    new["customer_id"] = 9001
    new["phone"] = "13900000000"
    changes = pd.DataFrame({"customer_id": [1, 2],
                            "city": ["苏州", db_world.customers.city.iloc[1]]})
    assert db.upsert_customers(con, pd.concat([changes]), when="2026-01-10") == {
        "inserted": 0, "updated": 1, "unchanged": 1}
    assert db.upsert_customers(con, new, when="2026-01-10")["inserted"] == 1
    db.upsert_customers(con, pd.DataFrame({"customer_id": [1], "city": ["杭州"]}),
                        when="2026-02-01")
    history = rows(con, "SELECT valid_from, valid_to, json_extract(record, '$.city') "
                        "FROM customers_history WHERE customer_id = 1 ORDER BY version_id")
    signup = f"{db_world.customers.signup_date.iloc[0]:%Y-%m-%d}"
    assert history == [
        (signup, "2026-01-10", db_world.customers.city.iloc[0]),
        ("2026-01-10", "2026-02-01", "苏州"),
        ("2026-02-01", None, "杭州"),
    ]
    assert rows(con, "SELECT city FROM customers WHERE customer_id = 1") == [("杭州",)]


def test_upsert_customers_bad_input_changes_nothing(db_copy):
    con = db.connect(db_copy)
    before = db.verify(con)["counts"]
    tier = rows(con, "SELECT member_tier FROM customers WHERE customer_id = 1")
    bad = pd.DataFrame({"customer_id": [1, 2], "member_tier": ["gold" if tier != [("gold",)]
                                                                else "silver", "diamond"]})
    with pytest.raises(ValueError, match="customer 2: member_tier"):
        db.upsert_customers(con, bad, when="2026-01-10")
    with pytest.raises(ValueError, match="customer 9002: name: required"):
        db.upsert_customers(con, pd.DataFrame({"customer_id": [9002]}), when="2026-01-10")
    with pytest.raises(ValueError, match="unknown"):
        db.upsert_customers(con, pd.DataFrame({"customer_id": [1], "vip": [1]}), when="2026-1-1")
    with pytest.raises(ValueError, match="when"):
        db.upsert_customers(con, pd.DataFrame({"customer_id": [1]}), when="soon")
    assert db.verify(con)["counts"] == before
    assert rows(con, "SELECT COUNT(*) FROM customers_history") == [(0,)]
    assert rows(con, "SELECT member_tier FROM customers WHERE customer_id = 1") == tier


def test_backup_restore_round_trip(db_copy, tmp_path):
    con = db.connect(db_copy)
    b = db.backup(con, tmp_path / "backups" / "monday.db")
    assert db.verify(b)["integrity"] == "ok"
    con.execute("DELETE FROM feedback")
    con.commit()
    assert not db.compare_counts(db_copy, b)["same"].all()
    restored = db.restore(b, tmp_path / "restored.db")
    assert db.compare_counts(b, restored)["same"].all()
    assert db.verify(restored)["integrity"] == "ok"


def test_backup_and_restore_bad_input(db_copy, tmp_path):
    with pytest.raises(ValueError, match="itself"):
        db.backup(db_copy, db_copy)
    with pytest.raises(FileNotFoundError):
        db.restore(tmp_path / "missing.db", tmp_path / "x.db")
    with pytest.raises(FileNotFoundError):
        db.verify(tmp_path / "missing.db")


def test_verify_reports_corruption(db_copy, tmp_path):
    damaged = tmp_path / "damaged.db"
    data = bytearray(db_copy.read_bytes())
    data[4096 * 3: 4096 * 3 + 2000] = b"\x00" * 2000
    damaged.write_bytes(bytes(data))
    try:
        report = db.verify(damaged)
        assert report["integrity"] != "ok"
    except sqlite3.DatabaseError:
        pass  # so damaged that SQLite refuses to read it at all: also detected
    with pytest.raises((ValueError, sqlite3.DatabaseError)):
        db.restore(damaged, tmp_path / "out.db")


def test_compare_counts_with_mappings():
    out = db.compare_counts({"a": 1, "b": 2}, {"counts": {"a": 1, "c": 3}})
    assert out.loc["a", "same"] and not out.loc["b", "same"] and not out.loc["c", "same"]


# --------------------------------------------------------------------------- least privilege
@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO feedback (feedback_id) VALUES (1)",
        "UPDATE customers SET city = 'x'",
        "DELETE FROM orders",
        "DROP TABLE customers",
        "CREATE TABLE t (x)",
        "ALTER TABLE customers ADD COLUMN x",
        "PRAGMA foreign_keys = OFF",
        "ATTACH DATABASE ':memory:' AS other",
    ],
)
def test_readonly_connection_refuses_writes(db_copy, sql):
    ro = db.connect_readonly(db_copy)
    with pytest.raises(sqlite3.DatabaseError, match="read-only analyst connection"):
        ro.execute(sql)
    with pytest.raises(sqlite3.DatabaseError, match="read-only analyst connection"):
        ro.cursor().execute(sql)


def test_readonly_connection_reads(db_copy):
    ro = db.connect_readonly(db_copy)
    assert ro.execute("SELECT COUNT(*) FROM customers").fetchone() == (N,)
    assert len(pd.read_sql("SELECT * FROM orders LIMIT 5", ro)) == 5
    assert ro.execute("PRAGMA table_info(customers)").fetchall()
    with pytest.raises(FileNotFoundError):
        db.connect_readonly(db_copy.with_name("nope.db"))


def test_marketing_view_has_no_identifiers(db_copy):
    con = db.connect(db_copy)
    view = db.create_marketing_view(con)
    cols = [d[0] for d in con.execute(f"SELECT * FROM {view}").description]
    for personal in ("name", "surname", "given_name", "phone", "email", "address",
                     "birth_date", "postcode"):
        assert personal not in cols
    assert "age_band" in cols and "marketing_consent" in cols
    assert rows(con, f"SELECT COUNT(*) FROM {view}") == [(N,)]
    assert rows(con, f"SELECT COUNT(*) FROM {view} WHERE age_band IS NULL") == [(0,)]
    with pytest.raises(ValueError):
        db.create_marketing_view(con, "x; DROP TABLE customers")


# --------------------------------------------------------------------------- audit
def test_audit_trigger_records_update_insert_delete(db_copy):
    con = db.connect(db_copy)
    db.install_audit_log(con)
    db.install_audit_log(con)  # idempotent
    con.execute("UPDATE customers SET city = 'x' WHERE customer_id = 4")
    db.set_session_user(con, "wang.fang")
    con.execute("UPDATE customers SET city = '成都' WHERE customer_id = 5")
    con.commit()
    log = rows(con, "SELECT who, action, customer_id, json_extract(new, '$.city'), "
                    "json_extract(old, '$.customer_id') FROM audit_log ORDER BY audit_id")
    assert log == [("unknown", "UPDATE", 4, "x", 4), ("wang.fang", "UPDATE", 5, "成都", 5)]
    with pytest.raises(ValueError):
        db.set_session_user(con, " ")


# --------------------------------------------------------------------------- erasure
def test_erase_customer_leaves_nothing(db_copy, db_world):
    con = db.connect(db_copy)
    db.install_audit_log(con)
    busiest = int(db_world.orders.customer_id.value_counts().index[0])
    db.upsert_customers(con, pd.DataFrame({"customer_id": [busiest], "city": ["x"]}),
                        when="2026-01-01")
    # a raw record with the same phone in another format must go too
    phone = rows(con, "SELECT phone FROM customers WHERE customer_id = ?", busiest)[0][0]
    con.execute("INSERT INTO raw_records (record_id, phone) VALUES (99999, ?)",
                (f"+86 {phone[:3]} {phone[3:7]} {phone[7:]}",))
    con.commit()
    footprint = db.customer_footprint(con, busiest)
    assert footprint["orders"] > 0 and footprint["raw_records"] >= 1
    person = db.customer_record(con, busiest)
    deleted = db.erase_customer(con, busiest)
    assert deleted["customers"] == 1 and deleted["orders"] == footprint["orders"]
    assert sum(db.customer_footprint(con, busiest, record=person).values()) == 0
    for table in ("orders", "feedback", "surveys", "web_events", "campaign_responses",
                  "service_tickets", "customers_history", "audit_log"):
        assert rows(con, f"SELECT COUNT(*) FROM {table} WHERE customer_id = ?", busiest) == [(0,)]
    assert db.verify(con)["foreign_key_violations"] == 0
    assert rows(con, "SELECT action FROM audit_log WHERE action = 'ERASE'") == [("ERASE",)]


def test_erase_customer_bad_input(db_copy):
    con = db.connect(db_copy)
    with pytest.raises(KeyError):
        db.erase_customer(con, 123456)
    with pytest.raises(ValueError):
        db.erase_customer(con, "1")
