"""labkit.cleaning: standardisers, repair with a change log, and record matching."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labkit
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
from labkit.linkage import (
    KINDS,
    RAW_RECORDS_BLOCK_ON,
    RAW_RECORDS_COMPARE,
    candidate_pairs,
    find_duplicates,
    jaro_winkler,
    pairwise_scores,
    score_pairs,
)

NA = pd.NA


def values(frame: pd.DataFrame, column: str = "value") -> list:
    return frame[column].tolist()


@pytest.fixture(scope="module", params=[("zh_CN", 1), ("zh_CN", 2), ("en_US", 1), ("en_US", 2)])
def small_world(request):
    locale, seed = request.param
    return labkit.make_world(seed=seed, n_customers=1500, locale=locale)


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
    assert region["reason"].notna().sum() == len(mismatch)
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


# --------------------------------------------------------------------------- similarity
def test_jaro_winkler_known_values() -> None:
    got = jaro_winkler(["MARTHA", "DWAYNE", "DIXON", "abc", "", "same"],
                       ["MARHTA", "DUANE", "DICKSONX", "xyz", "", "same"])  # fmt: skip
    assert np.allclose(got, [0.9611, 0.84, 0.8133, 0.0, 1.0, 1.0], atol=1e-3)
    assert np.allclose(jaro_winkler(["ab"], ["ba"]), jaro_winkler(["ba"], ["ab"]))
    with pytest.raises(ValueError, match="same length"):
        jaro_winkler(["a"], [])


def test_candidate_pairs_union_without_repeats() -> None:
    df = pd.DataFrame({"zip": ["1", "1", "2", "2"], "dob": ["x", "x", "y", None]})
    assert candidate_pairs(df, [["zip"], ["dob"]]).tolist() == [[0, 1], [2, 3]]
    assert candidate_pairs(df, [["zip", "dob"]]).tolist() == [[0, 1]]
    with pytest.warns(UserWarning, match="were not compared"):
        assert candidate_pairs(df, [["zip"]], max_block=1).tolist() == []


# --------------------------------------------------------------------------- matching
PEOPLE = pd.DataFrame(
    {
        "given_name": ["Ann", "Anne", "Robert", "Bob", "Carol", "carol", "Dan"],
        "surname": ["Lee", "Lee", "Ray", "Ray", "King", "KING", "King"],
        "street": ["1 High St", "1 High Street", "9 Low Rd", "22 Elm Ave", "5 Oak Ln",
                   "5 Oak Ln", "5 Oak Ln"],
        "suburb": ["Kew", "Kew", "Carlton", "Fitzroy", "Kew", "Kew", "Kew"],
        "postcode": ["3101", "3101", "3053", "3065", "3101", "3101", "3101"],
        "dob": ["1990-01-02", "02/01/1990", "1985-05-05", "1971-12-12", "1960-03-04",
                "1960-03-04", "1994-07-08"],
        "id_number": ["A1", "A1", None, "B7", None, None, "C9"],
    },
    index=[101, 102, 103, 104, 105, 106, 107],
)  # fmt: skip
PEOPLE_COMPARE = {"given_name": "name", "surname": "name", "street": "text",
                  "postcode": "exact", "dob": "date", "id_number": "exact"}  # fmt: skip


def test_find_duplicates_on_any_person_table() -> None:
    entity = find_duplicates(PEOPLE, PEOPLE_COMPARE, block_on=[["surname"], ["postcode", "dob"]])
    assert entity.index.equals(PEOPLE.index) and entity.name == "entity_id"
    assert entity.tolist() == [1, 1, 2, 3, 4, 4, 5]
    assert entity.attrs["candidate_pairs"] >= entity.attrs["linked_pairs"] == 2


def test_find_duplicates_default_blocks_and_threshold_trade_off() -> None:
    loose = find_duplicates(PEOPLE, PEOPLE_COMPARE, threshold=0.3)
    strict = find_duplicates(PEOPLE, PEOPLE_COMPARE, threshold=1.0)
    assert loose.nunique() <= strict.nunique()
    assert strict.attrs["linked_pairs"] <= loose.attrs["linked_pairs"]


def test_find_duplicates_weights_and_names_in_either_order() -> None:
    df = pd.DataFrame({"name": ["John Smith", "SMITH JOHN", "张伟", "Wei Zhang", "Li Na"],
                       "phone": ["1", "1", "2", "2", "2"]})  # fmt: skip
    entity = find_duplicates(df, {"name": ("name", 3), "phone": ("phone", 1)}, block_on=["phone"])
    assert entity.tolist() == [1, 1, 2, 2, 3]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"compare": {"nope": "name"}}, "column 'nope'"),
        ({"compare": {"surname": "fuzzy"}}, "kind must be one of exact, phone, email, name"),
        ({"compare": {}}, "compare must map column names to kinds"),
        ({"compare": {"surname": ("name", -1)}}, "weight must be positive"),
        ({"compare": {"surname": "name"}, "threshold": 1.5}, "threshold must be between 0 and 1"),
        ({"compare": {"surname": "name"}, "threshold": "high"}, "threshold must be a number"),
        ({"compare": {"surname": "name"}, "block_on": [["zip"]]}, "block_on names column 'zip'"),
        ({"compare": {"surname": "name"}, "block_on": [[]]}, "empty group"),
    ],
)
def test_find_duplicates_bad_input(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        find_duplicates(PEOPLE, **kwargs)


def test_find_duplicates_needs_a_frame() -> None:
    with pytest.raises(ValueError, match="DataFrame"):
        find_duplicates([1, 2], {"a": "exact"})


def test_score_pairs_shows_each_similarity() -> None:
    scores = score_pairs(PEOPLE, np.array([[0, 1], [2, 3]]), PEOPLE_COMPARE)
    assert list(scores.columns) == ["i", "j", *PEOPLE_COMPARE, "score"]
    assert scores.loc[0, "id_number"] == 1.0 and np.isnan(scores.loc[1, "id_number"])
    assert scores.loc[0, "score"] > scores.loc[1, "score"]
    assert set(KINDS) == {"exact", "text", "name", "phone", "email", "date"}


def test_pairwise_scores() -> None:
    s = pairwise_scores([1, 1, 1, 2], [5, 5, 6, 6])
    assert (s["predicted_pairs"], s["true_pairs"], s["correct_pairs"]) == (3, 2, 1)
    assert s["precision"] == pytest.approx(1 / 3) and s["recall"] == 0.5
    assert pairwise_scores([1, 2], [1, 2])["f1"] == 1.0
    with pytest.raises(ValueError, match="same length"):
        pairwise_scores([1], [1, 2])


def test_matching_the_world_scores_f1_above_0_95(small_world) -> None:
    clean = standardise_records(small_world.raw_records, small_world.locale, small_world.as_of)
    entity = find_duplicates(clean, RAW_RECORDS_COMPARE, block_on=RAW_RECORDS_BLOCK_ON)
    scores = pairwise_scores(entity, small_world.truth.duplicates["person_id"])
    assert scores["f1"] >= 0.95, scores
    assert scores["precision"] >= 0.95 and scores["recall"] >= 0.9


def test_empty_columns() -> None:
    empty = pd.Series([], dtype=object)
    for out in (standardise_phone(empty, "zh_CN"), standardise_email(empty),
                standardise_name(empty, "en_US"), standardise_date(empty)):  # fmt: skip
        assert len(out) == 0 and {"value", "reason"} <= set(out.columns)
    assert len(find_duplicates(PEOPLE.iloc[:0], PEOPLE_COMPARE)) == 0


def test_skipped_big_blocks_are_reported():
    """Rows in over-large blocks are never compared: the learner is told, not left guessing."""
    import warnings as _w

    from labkit.linkage import candidate_pairs

    df = pd.DataFrame({"city": ["Springfield"] * 5 + ["Shelbyville"] * 2, "name": list("abcdefg")})
    with pytest.warns(UserWarning, match="1 block\\(s\\) with more than 3 rows were not compared"):
        pairs = candidate_pairs(df, [["city"]], {"city": "exact"}, max_block=3)
    assert len(pairs) == 1  # only the Shelbyville pair
    with _w.catch_warnings():
        _w.simplefilter("error")
        candidate_pairs(df, [["city"]], {"city": "exact"}, max_block=10)
