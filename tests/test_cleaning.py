"""labkit.cleaning: standardisers and repair with a change log."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labkit.cleaning import (
    DOMAIN_TYPOS,
    repair,
    standardise_date,
    standardise_email,
    standardise_name,
    standardise_phone,
    standardise_records,
    standardise_region,
)

NA = pd.NA


def values(frame: pd.DataFrame, column: str = "value") -> list:
    return frame[column].tolist()


@pytest.fixture(scope="module", params=[("zh_CN", 1), ("zh_CN", 2), ("en_US", 1), ("en_US", 2)])
def small_world(request, small_world_factory):
    locale, seed = request.param
    return small_world_factory(seed, locale)


# --------------------------------------------------------------------------- phones
def test_cn_mobile_formats_become_eleven_digits() -> None:
    raw = pd.Series(
        ["138 1234 5678", "+86 138-1234-5678", "86-13812345678", "13812345678",
         "0086 138 1234 5678", "（138）1234-5678"]
    )  # fmt: skip
    out = standardise_phone(raw, "zh_CN")
    assert values(out) == ["13812345678"] * 6
    assert out["reason"].isna().all()


def test_cn_landlines_keep_their_area_code() -> None:
    raw = pd.Series(["020-12345678", "(020) 1234 5678", "+86 20 1234 5678", "0311-1234567",
                     "010 8765 4321"])  # fmt: skip
    assert values(standardise_phone(raw, "zh_CN")) == [
        "020-12345678", "020-12345678", "020-12345678", "0311-1234567", "010-87654321"
    ]  # fmt: skip


def test_cn_phone_errors_become_missing_with_reason() -> None:
    raw = pd.Series(["138O2345678", "1381234567", "138123456789", None, "  ", "12812345678",
                     "138#1234#5678"])  # fmt: skip
    out = standardise_phone(raw, "zh_CN")
    assert out["value"].isna().all()
    assert values(out, "reason") == [
        "has letters", "wrong number of digits", "wrong number of digits", "empty", "empty",
        "not a valid number", "unexpected characters",
    ]  # fmt: skip


def test_us_phone_formats_and_errors() -> None:
    raw = pd.Series(["(212) 555-0134", "212-555-0134", "212.555.0134", "+1 212 555 0134",
                     "12125550134", "(212) 555-01", "212.555.O134", "(112) 555-0134"])  # fmt: skip
    out = standardise_phone(raw, "en_US")
    assert values(out)[:5] == ["(212) 555-0134"] * 5
    assert values(out, "reason")[5:] == [
        "wrong number of digits",
        "has letters",
        "not a valid number",
    ]


def test_phone_keeps_the_index() -> None:
    raw = pd.Series(["13812345678", None], index=["a", "b"])
    assert standardise_phone(raw, "zh_CN").index.tolist() == ["a", "b"]


def test_phone_bad_input_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="phone.*Series"):
        standardise_phone(["13812345678"], "zh_CN")
    with pytest.raises(ValueError, match="locale must be one of en_US, zh_CN"):
        standardise_phone(pd.Series(["1"]), "fr_FR")


text_or_missing = st.one_of(st.none(), st.text(max_size=25),
                            st.from_regex(r"\+?(86|1)?[ -]?\(?\d{2,4}\)?[ .-]?\d{3,4}[ .-]?\d{3,5}",
                                          fullmatch=True))  # fmt: skip


@pytest.mark.parametrize("locale", ["zh_CN", "en_US"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=st.lists(text_or_missing, max_size=8))
def test_phone_properties(locale: str, items: list) -> None:
    out = standardise_phone(pd.Series(items, dtype=object), locale)  # never raises
    assert (out["value"].isna() == out["reason"].notna()).all()
    kept = out["value"].dropna()
    again = standardise_phone(kept.astype(object), locale)
    assert again["value"].tolist() == kept.tolist()  # idempotent


# --------------------------------------------------------------------------- e-mails
def test_email_trim_case_and_domain_typos() -> None:
    raw = pd.Series([" Li.Wei@163.COM ", "li@gmial.com", "LI@QQ.CON", "a@hotmial.com", "x@y.org"])
    out = standardise_email(raw)
    assert values(out) == [
        "li.wei@163.com",
        "li@gmail.com",
        "li@qq.com",
        "a@hotmail.com",
        "x@y.org",
    ]
    assert values(out, "note") == [
        NA,
        "domain typo fixed",
        "domain typo fixed",
        "domain typo fixed",
        NA,
    ]
    assert out["reason"].isna().all()


def test_email_malformed_become_missing_with_reason() -> None:
    raw = pd.Series(["liwei163.com", "li@@163.com", "li @163.com", "li@163", None, "@163.com"])
    out = standardise_email(raw)
    assert out["value"].isna().all()
    assert values(out, "reason") == [
        "no @", "more than one @", "has spaces", "malformed", "empty", "malformed"
    ]  # fmt: skip


def test_domain_typo_table_never_maps_to_a_typo() -> None:
    assert not set(DOMAIN_TYPOS.values()) & set(DOMAIN_TYPOS)


@settings(max_examples=200, deadline=None)
@given(items=st.lists(st.one_of(st.none(), st.text(max_size=30), st.emails()), max_size=8))
def test_email_properties(items: list) -> None:
    out = standardise_email(pd.Series(items, dtype=object))
    assert (out["value"].isna() == out["reason"].notna()).all()
    kept = out["value"].dropna()
    again = standardise_email(kept.astype(object))
    assert again["value"].tolist() == kept.tolist()
    assert again["note"].isna().all()


# --------------------------------------------------------------------------- names
def test_names() -> None:
    raw = pd.Series(["SMITH, JOHN", "john  smith", "Smith John", "谢 岩", "ＬＩ　Ｗｅｉ",
                     "o'brien, mary", "Wei Zhang", "R2D2", "  ", "王,伟,明"])  # fmt: skip
    out = standardise_name(raw, "en_US")
    assert values(out)[:7] == ["John Smith", "John Smith", "Smith John", "谢岩", "LI Wei",
                               "Mary O'Brien", "Wei Zhang"]  # fmt: skip
    assert values(out, "reason")[7:] == ["has digits", "empty", "more than one comma"]
    assert values(out, "note")[0] == "order from comma"
    again = standardise_name(out["value"].dropna().astype(object), "en_US")["value"]
    assert again.tolist() == out["value"].dropna().tolist()


def test_name_bad_input() -> None:
    with pytest.raises(ValueError, match="name"):
        standardise_name("John", "en_US")


# --------------------------------------------------------------------------- dates
def test_date_formats() -> None:
    raw = pd.Series(["1985/3/7", "1985年3月7日", "19850307", "03/07/1985", "March 7, 1985",
                     "7-Mar-1985", "1985-03-07", " Mar 7 1985 "])  # fmt: skip
    out = standardise_date(raw, as_of="2025-12-31")
    assert (out["value"] == pd.Timestamp("1985-03-07")).all()
    assert out["reason"].isna().all()


def test_impossible_dates_become_missing_with_reason() -> None:
    raw = pd.Series(["1990-02-30", "2030-01-01", "1899-12-31", "1900-01-01", "soon", None,
                     "13/45/1990"])  # fmt: skip
    out = standardise_date(raw, as_of="2025-12-31")
    assert out["value"].isna().all()
    assert values(out, "reason") == [
        "impossible date", "in the future", "before 1900", "placeholder date", "unreadable",
        "empty", "impossible date",
    ]  # fmt: skip


@pytest.mark.parametrize("as_of", [None, "2025-12-31"])
def test_placeholder_dates_outside_pandas_range_get_a_reason(as_of) -> None:
    raw = pd.Series(["9999-12-31", "0001-01-01", "99991231", "12/31/9999", "December 31, 9999",
                     "1900-01-01", "3000-06-01", "1500-06-01"])  # fmt: skip
    out = standardise_date(raw, as_of=as_of)
    assert out["value"].isna().all() and out["value"].dtype == "datetime64[ns]"
    assert values(out, "reason")[:6] == ["placeholder date"] * 6
    future = "out of range" if as_of is None else "in the future"
    assert values(out, "reason")[6:] == [future, "before 1900"]


def test_placeholder_dates_given_as_dates_get_a_reason() -> None:
    as_objects = pd.Series([dt.date(9999, 12, 31), dt.datetime(1, 1, 1), None], dtype=object)
    assert values(standardise_date(as_objects), "reason") == [
        "placeholder date", "placeholder date", "empty"]  # fmt: skip
    seconds = pd.Series(np.array(["9999-12-31", "2000-01-01"], dtype="datetime64[s]"))
    out = standardise_date(seconds)
    assert values(out, "reason") == ["placeholder date", NA]
    assert out["value"].iloc[1] == pd.Timestamp("2000-01-01")


def test_future_dates_need_as_of() -> None:
    out = standardise_date(pd.Series(["2030-01-01"]))
    assert out["value"].iloc[0] == pd.Timestamp("2030-01-01")


def test_date_accepts_datetimes_and_rejects_bad_as_of() -> None:
    dates = pd.Series(pd.to_datetime(["1990-01-01", "2031-01-01", None]))
    out = standardise_date(dates, as_of=pd.Timestamp("2025-12-31"))
    assert values(out, "reason") == [NA, "in the future", "empty"]
    with pytest.raises(ValueError, match="as_of must be a date"):
        standardise_date(pd.Series(["1990-01-01"]), as_of="yesterday")


# --------------------------------------------------------------------------- regions
def test_regions_zh() -> None:
    out = standardise_region(
        pd.Series(["广东", "浙江省", "浙江", "火星", None, "北京"]),
        pd.Series(["广州", "杭州市", "广州", "杭州", "杭州", "北京"]),
        "zh_CN",
    )
    assert values(out, "province") == ["广东省", "浙江省", "浙江省", NA, NA, "北京市"]
    assert values(out, "city") == ["广州市", "杭州市", "广州", "杭州", "杭州", "北京市"]
    assert values(out, "reason") == [NA, NA, "city not in province", "unknown province",
                                     "empty province", NA]  # fmt: skip


def test_regions_us() -> None:
    states = pd.Series(["CA", "ca", "Texas", "TX"])
    cities = pd.Series(["Los Angeles", "Atlantis", "Houston", "Boston"])
    out = standardise_region(states, cities, "en_US")
    assert values(out, "province") == ["California", "California", "Texas", "Texas"]
    assert values(out, "reason") == [NA, "unknown city", NA, "city not in province"]


def test_region_bad_input() -> None:
    with pytest.raises(ValueError, match="same index"):
        standardise_region(pd.Series(["CA"]), pd.Series(["LA"], index=[5]), "en_US")
    with pytest.raises(ValueError, match="city"):
        standardise_region(pd.Series(["CA"]), "LA", "en_US")


# --------------------------------------------------------------------------- the world's errors
def test_planted_errors_are_caught(small_world) -> None:
    raw, errors = small_world.raw_records, small_world.truth.errors
    clean = standardise_records(raw, small_world.locale, small_world.as_of)
    rows = raw.set_index("record_id")
    out = clean.set_index("record_id")
    for kind, column in (("invalid_phone", "phone"), ("invalid_email", "email"),
                         ("impossible_birth_date", "birth_date")):  # fmt: skip
        ids = errors.loc[errors["kind"] == kind, "row_id"]
        assert out.loc[ids, column].isna().all(), kind
    typo = errors.loc[errors["kind"] == "email_domain_typo", "row_id"]
    notes = standardise_email(rows.loc[typo, "email"])["note"]
    assert (notes == "domain typo fixed").all()
    mismatch = errors.loc[errors["kind"] == "province_city_mismatch", "row_id"]
    region = standardise_region(rows["province"], rows["city"], small_world.locale)
    assert (region.loc[mismatch, "reason"] == "city not in province").all()
    assert (region["reason"] == "city not in province").sum() == len(mismatch)
    # the only other reason is a province left empty by its source (MISSING_RATES)
    others = region["reason"].notna() & (region["reason"] != "city not in province")
    assert (region.loc[others, "reason"] == "empty province").all()
    assert others.sum() == rows["province"].isna().sum() > 0
    pattern = r"1[3-9]\d{9}" if small_world.locale == "zh_CN" else r"\(\d{3}\) \d{3}-\d{4}"
    assert out["phone"].dropna().str.fullmatch(pattern).all()


def test_standardise_records_needs_columns() -> None:
    with pytest.raises(ValueError, match="missing the column"):
        standardise_records(pd.DataFrame({"name": ["a"]}), "en_US")


# --------------------------------------------------------------------------- repair
def test_repair_logs_every_change() -> None:
    df = pd.DataFrame({"phone": ["138 1234 5678", "13812345678", "x"], "city": ["A", None, "B"]},
                      index=[10, 11, 12])  # fmt: skip
    rules = [
        ("standardise phone", "phone", lambda d: standardise_phone(d["phone"], "zh_CN")),
        ("unknown city", "city", lambda d: d["city"].fillna("unknown")),
    ]
    fixed, log = repair(df, rules)
    assert fixed["phone"].tolist() == ["13812345678", "13812345678", None] or fixed[
        "phone"
    ].isna().tolist() == [False, False, True]
    assert log.columns.tolist() == ["row", "column", "old", "new", "rule", "reason"]
    assert log["row"].tolist() == [10, 12, 11]
    assert log.loc[1, "reason"] == "has letters" and pd.isna(log.loc[1, "new"])
    assert log.loc[2, "rule"] == "unknown city"
    assert df["city"].isna().sum() == 1  # the input is not changed


def test_repair_mapping_and_no_changes() -> None:
    df = pd.DataFrame({"a": [1, 2]})
    fixed, log = repair(df, {"keep": ("a", lambda d: d["a"]), "new col": ("b", lambda d: 0)})
    assert fixed["b"].tolist() == [0, 0]
    assert len(log) == 2 and set(log["rule"]) == {"new col"}


def test_repair_bad_rules() -> None:
    df = pd.DataFrame({"a": [1, 2]})
    with pytest.raises(ValueError, match=r"\(name, column, function\)"):
        repair(df, [("no function", "a")])
    with pytest.raises(ValueError, match="returned 1 values"):
        repair(df, [("short", "a", lambda d: pd.Series([1]))])
    with pytest.raises(ValueError, match="DataFrame"):
        repair([1, 2], [])


def test_empty_columns() -> None:
    empty = pd.Series([], dtype=object)
    for out in (standardise_phone(empty, "zh_CN"), standardise_email(empty),
                standardise_name(empty, "en_US"), standardise_date(empty)):  # fmt: skip
        assert len(out) == 0 and {"value", "reason"} <= set(out.columns)
