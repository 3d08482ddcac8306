"""labkit.database.values: parsing one cell value, the column rule it breaks, formats."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from labkit import formats
from labkit.database import ddl, values
from labkit.database.tables import SPEC, Col


# --------------------------------------------------------------------------- missing values
@pytest.mark.parametrize(
    "value", [None, float("nan"), "", "   ", pd.NA, pd.NaT, np.nan, np.float64("nan")]
)
def test_is_missing(value):
    assert values.is_missing(value)
    assert values.parse_value(value, "int") is None


@pytest.mark.parametrize("value", [0, 0.0, "0", "x", False, [1]])
def test_is_not_missing(value):
    assert not values.is_missing(value)


# --------------------------------------------------------------------------- numbers
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" +7 ", 7),
        ("-3", -3),
        ("4.0", 4),
        ("4.", 4),
        (5, 5),
        (6.0, 6),
        (np.int64(8), 8),
    ],
)
def test_parse_int(value, expected):
    parsed = values.parse_value(value, "int")
    assert parsed == expected and type(parsed) is int


@pytest.mark.parametrize("value", ["1.5", "1e3", "١٢", "twelve", True, 2.5, str(2**63)])
def test_parse_int_refuses(value):
    with pytest.raises(ValueError, match="whole number|too large"):
        values.parse_value(value, "int")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1,299.50", 1299.5), (" 0.25 ", 0.25), (3, 3.0), (np.float32(0.5), 0.5)],
)
def test_parse_real(value, expected):
    assert values.parse_value(value, "real") == expected


@pytest.mark.parametrize("value", ["inf", "nan!", "1e400", True, "abc"])
def test_parse_real_refuses(value):
    with pytest.raises(ValueError, match="number"):
        values.parse_value(value, "real")


# --------------------------------------------------------------------------- booleans
@pytest.mark.parametrize("word", ["1", "true", "T", "Yes", "y", "是", "真", " yes "])
def test_boolean_words_true(word):
    assert values.parse_boolean(word) == 1
    assert values.parse_value(word, "bool") == 1


@pytest.mark.parametrize("word", ["0", "false", "F", "NO", "n", "否", "假"])
def test_boolean_words_false(word):
    assert values.parse_boolean(word) == 0


@pytest.mark.parametrize("value", ["maybe", "2", 2, -1, 0.5, "对"])
def test_boolean_refuses(value):
    with pytest.raises(ValueError, match="yes/no"):
        values.parse_value(value, "bool")


def test_boolean_from_python_values():
    assert [values.parse_value(v, "bool") for v in (True, False, 1, 0, np.bool_(True))] == [
        1,
        0,
        1,
        0,
        1,
    ]


# --------------------------------------------------------------------------- dates
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-08", "2025-03-08"),
        ("2025/3/8", "2025-03-08"),
        (date(2025, 3, 8), "2025-03-08"),
        (pd.Timestamp("2025-03-08"), "2025-03-08"),
        (datetime(2025, 3, 8), "2025-03-08"),
    ],
)
def test_parse_date(value, expected):
    assert values.parse_value(value, "date") == expected


@pytest.mark.parametrize(
    "value",
    ["2025-02-30", "08/03/2025", "March 8", "2025-03-08 10:00", pd.Timestamp("2025-03-08 10:00")],
)
def test_parse_date_refuses(value):
    with pytest.raises(ValueError, match="date"):
        values.parse_value(value, "date")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-08 14:30:00", "2025-03-08 14:30:00"),
        ("2025-03-08 14:30", "2025-03-08 14:30:00"),
        ("2025/03/08 14:30:05", "2025-03-08 14:30:05"),
        ("2025-03-08T14:30:05", "2025-03-08 14:30:05"),
        ("2025-03-08", "2025-03-08 00:00:00"),
        (pd.Timestamp("2025-03-08 14:30"), "2025-03-08 14:30:00"),
    ],
)
def test_parse_datetime(value, expected):
    assert values.parse_value(value, "datetime") == expected


def test_parse_date_text_names_the_format():
    with pytest.raises(ValueError, match=r"YYYY-MM-DD HH:MM:SS"):
        values.parse_date_text("yesterday", "datetime")
    assert values.parse_date_text(" 2025-03-08 ", "date") == datetime(2025, 3, 8)


# --------------------------------------------------------------------------- json and text
def test_parse_json():
    assert values.parse_value('{"a": 1}', "json") == '{"a": 1}'
    for bad in ("{", "NaN", '{"a": Infinity}'):
        with pytest.raises(ValueError, match="JSON"):
            values.parse_value(bad, "json")


def test_parse_text_strips():
    assert values.parse_value("  苏州 ", "text") == "苏州"
    assert values.parse_value(12, "text") == "12"


# --------------------------------------------------------------------------- rules of a column
def test_value_problem_messages():
    tier = SPEC["customers"].column("member_tier")
    assert values.value_problem(tier, "diamond") == "not one of bronze, silver, gold, platinum"
    assert values.value_problem(tier, "gold") is None
    email = SPEC["customers"].column("email")
    assert values.value_problem(email, None) is None
    assert values.value_problem(Col("x", "int", min=1), 0) == "below 1"
    assert values.value_problem(Col("x", "int", max=1), 2) == "above 1"
    assert values.value_problem(Col("x", "real", min=0, max=1), 1.5) == "not between 0 and 1"


def _column_accepts_in_sql(column: Col, value) -> bool:
    """Whether SQLite's NOT NULL and CHECK constraints of the column accept the value."""
    con = sqlite3.connect(":memory:")
    con.execute(f"CREATE TABLE t ({ddl.column_definition(column)})")
    try:
        con.execute("INSERT INTO t VALUES (?)", (value,))
    except sqlite3.IntegrityError:
        return False
    return True


_COLUMNS = [c for t in SPEC.values() if not t.staging for c in t.columns if not c.unique]


@given(
    column=st.sampled_from(_COLUMNS),
    raw=st.one_of(
        st.none(),
        st.text(max_size=8),
        st.integers(-5, 400).map(str),
        st.floats(-2, 2, allow_nan=False).map(repr),
        st.dates().map(str),
        st.sampled_from(["是", "否", "{}", "gold", "email"]),
    ),
)
def test_python_rules_agree_with_sql_constraints(column, raw):
    """parse_value and value_problem accept exactly what the SQL constraints accept."""
    try:
        parsed = values.parse_value(raw, column.kind)
    except ValueError:
        return
    accepted = values.value_problem(column, parsed) is None
    assert _column_accepts_in_sql(column, parsed) is accepted, (column, parsed)


# --------------------------------------------------------------------------- phone and e-mail
@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("13812345678", "+86 138 1234 5678", True),
        ("138-1234-5678", "13812345678", True),
        ("(212) 555-0134", "+1 212 555 0134", True),
        ("13812345678", "13812345679", False),
        ("123", "123", False),
        (None, "13812345678", False),
        ("", "", False),
    ],
)
def test_same_phone(a, b, same):
    assert formats.same_phone(a, b) is same
    assert formats.same_phone(b, a) is same


def test_phone_digits():
    assert formats.phone_digits("+86 (138) 1234-5678") == "8613812345678"
    assert formats.phone_digits(None) == ""


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Li@163.com ", "li@163.com", True),
        ("a@b.cn", "b@b.cn", False),
        (None, None, False),
        ("", "", False),
        (None, "a@b.cn", False),
    ],
)
def test_same_email(a, b, same):
    assert values.same_email(a, b) is same
