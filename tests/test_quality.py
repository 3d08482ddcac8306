"""labkit.quality: validation rules and the per-group data-quality report."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labkit import load_world
from labkit.quality import (
    DATE_FORMATS,
    PHONE_RULES,
    known_places,
    parse_dates,
    plausible_birth_date,
    province_city_agree,
    quality_report,
    valid_cn_mobile,
    valid_email,
    valid_us_phone,
)

NA = pd.NA
SHARE_COLUMNS = re.compile(r"^(completeness|complete_.*|validity|valid_.*|consistency|uniqueness)$")


def flags(values: pd.Series) -> list:
    return values.tolist()


# --------------------------------------------------------------------------- rules


def test_cn_mobile_accepts_every_source_format() -> None:
    phones = pd.Series(
        ["13812345678", "138 1234 5678", "+86 138-1234-5678", "86-13812345678", "0086 13812345678"]
    )
    assert flags(valid_cn_mobile(phones)) == [True] * 5


@pytest.mark.parametrize(
    "phone",
    ["1381234567", "138123456789", "138O2345678", "12812345678", "23812345678", "86-138123456",
     "+86 138-1234-56789", "phone", "1-3-8"],
)  # fmt: skip
def test_cn_mobile_rejects_malformed_numbers(phone: str) -> None:
    assert flags(valid_cn_mobile(pd.Series([phone]))) == [False]


def test_us_phone_formats_and_errors() -> None:
    phones = pd.Series(
        ["(212) 555-0134", "212-555-0134", "212.555.0134", "+1 212 555 0134", "12125550134",
         "(212) 555-01", "212.555.O134", "(212) 555-01349", "(112) 555-0134", "(212) 155-0134"]
    )  # fmt: skip
    assert flags(valid_us_phone(phones)) == [True] * 5 + [False] * 5


def test_missing_and_blank_values_are_not_applicable() -> None:
    values = pd.Series([None, np.nan, "", "   ", "13812345678"], index=[5, 6, 7, 8, 9])
    for rule in (valid_cn_mobile, valid_us_phone, valid_email, plausible_birth_date("2025-12-31")):
        result = rule(values)
        assert str(result.dtype) == "boolean"
        assert result.index.tolist() == [5, 6, 7, 8, 9]
        assert result.iloc[:4].isna().all(), rule


def test_phone_rules_by_locale() -> None:
    assert PHONE_RULES["zh_CN"] is valid_cn_mobile and PHONE_RULES["en_US"] is valid_us_phone


def test_email_form() -> None:
    emails = pd.Series(
        ["li.wei@163.com", "LI.WEI@163.COM", "123456@qq.com", "a_b+c@mail.example.org",
         "liwei163.com", "li@@163.com", "li@163", "li @163.com", "@163.com", "li@.com"]
    )  # fmt: skip
    assert flags(valid_email(emails)) == [True] * 4 + [False] * 6


def test_email_domain_typos_pass_the_form_check() -> None:
    # valid in form, wrong in fact: an accuracy problem a form rule cannot see
    assert flags(valid_email(pd.Series(["li@gmial.com", "wang@163.cm"]))) == [True, True]


def test_rules_want_a_series() -> None:
    with pytest.raises(TypeError, match="pandas Series"):
        valid_email(["a@b.com"])  # type: ignore[arg-type]


# --------------------------------------------------------------------------- dates


def test_parse_dates_reads_every_source_format() -> None:
    texts = pd.Series(
        ["1994-05-04", "1994/5/4", "1994年5月4日", "19940504", "05/04/1994", "May 4, 1994",
         "4-May-1994"]
    )  # fmt: skip
    assert len(DATE_FORMATS) == len(texts)
    assert set(parse_dates(texts)) == {pd.Timestamp("1994-05-04")}


def test_parse_dates_gives_nat_for_impossible_or_missing_dates() -> None:
    read = parse_dates(pd.Series(["1994-02-30", "soon", None, "2024年2月30日"]))
    assert read.isna().all()


PLACEHOLDERS = ["9999-12-31", "0001-01-01", "99991231", "12/31/9999", "1/1/0001",
                "December 31, 9999", "31-Dec-9999", "9999年12月31日"]  # fmt: skip


@pytest.mark.parametrize("formats", [None, ["%Y-%m-%d", "%Y%m%d", "%m/%d/%Y"]])
def test_parse_dates_reads_placeholders_outside_pandas_range_as_nat(formats) -> None:
    read = parse_dates(pd.Series([*PLACEHOLDERS, "1994-05-04"]), formats=formats)
    assert read.dtype == "datetime64[ns]"
    assert read.iloc[:-1].isna().all() and read.iloc[-1] == pd.Timestamp("1994-05-04")


def test_a_placeholder_birth_date_is_not_plausible() -> None:
    rule = plausible_birth_date("2025-12-31")
    assert rule(pd.Series([*PLACEHOLDERS, "1900-01-01"])).tolist() == [False] * 9


def test_parse_dates_leaves_dates_alone() -> None:
    dates = pd.Series(pd.to_datetime(["2020-01-01", None]))
    assert parse_dates(dates) is dates


def test_plausible_birth_date_range() -> None:
    rule = plausible_birth_date("2025-12-31", min_age=18, max_age=100)
    values = pd.Series(["2007-12-31", "2008-01-01", "1925-12-31", "1925-12-30", "1990-02-30"])
    assert flags(rule(values)) == [True, False, True, False, False]
    dates = pd.Series(pd.to_datetime(["1990-01-01", None, "2030-01-01"]))
    assert flags(rule(dates)) == [True, NA, False]


@pytest.mark.parametrize("as_of", [None, "yesterday", 12])
def test_plausible_birth_date_needs_an_explicit_date(as_of) -> None:
    with pytest.raises(ValueError, match="as_of"):
        plausible_birth_date(as_of)


def test_plausible_birth_date_checks_its_ages() -> None:
    with pytest.raises(ValueError, match="min_age"):
        plausible_birth_date("2025-12-31", min_age=50, max_age=20)


# --------------------------------------------------------------------------- places


@pytest.mark.parametrize("locale", ["en_US", "zh_CN"])
def test_known_places_cover_the_customers(locale: str) -> None:
    world = load_world(locale)
    places = known_places(locale)
    assert list(places.columns) == ["province", "city"]
    assert not places.duplicated().any()
    rule = province_city_agree(places)
    assert rule(world.customers).all()  # the clean customer file is consistent


def test_known_places_short_forms() -> None:
    us = set(known_places("en_US").itertuples(index=False, name=None))
    assert {("California", "Los Angeles"), ("CA", "Los Angeles")} <= us
    with pytest.raises(ValueError, match="locale"):
        known_places("fr_FR")


def test_province_city_agree() -> None:
    places = pd.DataFrame({"province": ["浙江省", "浙江"], "city": ["杭州市", "杭州"]})
    rule = province_city_agree(places, province="prov", city="town")
    df = pd.DataFrame(
        {"prov": ["浙江省", " 浙江 ", "浙江省", None, "浙江省"],
         "town": ["杭州市", "杭州", "武汉市", "杭州市", np.nan]},
        index=list("abcde"),
    )  # fmt: skip
    result = rule(df)
    assert flags(result) == [True, True, False, NA, NA]
    assert result.index.tolist() == list("abcde")
    with pytest.raises(ValueError, match="'prov'"):
        rule(pd.DataFrame({"province": ["浙江省"], "town": ["杭州市"]}))
    with pytest.raises(ValueError, match="'city'"):
        province_city_agree(pd.DataFrame({"province": ["x"]}))


# --------------------------------------------------------------------------- report


@pytest.fixture
def records() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": ["web", "web", "web", "store", "store"],
            "phone": ["13812345678", "13912345678", "13812345678", "1381234", None],
            "email": ["a@b.com", None, "bad", None, None],
            "captured_at": pd.to_datetime(
                ["2025-12-01", "2025-12-30 23:00", "2025-12-31", "2025-06-30", "2024-12-31"],
                format="ISO8601",
            ),
        }
    )


def test_report_by_hand(records: pd.DataFrame) -> None:
    report = quality_report(
        records,
        rules={"phone": valid_cn_mobile, "email": valid_email},
        group_by="source",
        timestamp="captured_at",
        as_of="2025-12-31",
        key="phone",
        columns=["phone", "email"],
    )
    assert report.index.tolist() == ["store", "web"] and report.index.name == "source"
    assert report.columns.tolist() == [
        "rows", "completeness", "complete_phone", "complete_email", "validity", "valid_phone",
        "valid_email", "median_age_days", "uniqueness",
    ]  # fmt: skip
    web, store = report.loc["web"], report.loc["store"]
    assert web["rows"] == 3 and store["rows"] == 2
    assert web["complete_email"] == pytest.approx(2 / 3) and store["complete_phone"] == 0.5
    assert web["completeness"] == pytest.approx(5 / 6) and store["completeness"] == 0.25
    assert web["valid_phone"] == 1.0 and store["valid_phone"] == 0.0
    assert web["valid_email"] == 0.5 and np.isnan(store["valid_email"])  # no e-mail at all
    assert web["validity"] == pytest.approx(4 / 5) and store["validity"] == 0.0
    assert web["median_age_days"] == 1.0  # whole days: 30, 1 and 0
    assert store["median_age_days"] == pytest.approx((184 + 365) / 2)
    assert web["uniqueness"] == pytest.approx(2 / 3) and store["uniqueness"] == 1.0


def test_report_without_groups_has_one_row(records: pd.DataFrame) -> None:
    report = quality_report(records)
    assert report.index.tolist() == ["all"] and report.index.name is None
    assert report.columns.tolist() == [
        "rows", "completeness", "complete_source", "complete_phone", "complete_email",
        "complete_captured_at",
    ]  # fmt: skip
    assert report.loc["all", "complete_email"] == pytest.approx(2 / 5)


def test_uniqueness_is_judged_across_groups_in_time_order() -> None:
    df = pd.DataFrame(
        {
            "source": ["late", "early"],
            "key": ["x", "x"],
            "at": pd.to_datetime(["2025-02-01", "2025-01-01"]),
        }
    )
    by_time = quality_report(df, group_by="source", key="key", timestamp="at", as_of="2025-12-31")
    assert by_time.loc["early", "uniqueness"] == 1.0 and by_time.loc["late", "uniqueness"] == 0.0
    by_row = quality_report(df, group_by="source", key="key")
    assert by_row.loc["late", "uniqueness"] == 1.0 and by_row.loc["early", "uniqueness"] == 0.0


def test_uniqueness_ignores_missing_keys_and_accepts_several_columns() -> None:
    df = pd.DataFrame({"a": ["x", "x", None, None], "b": [1, 1, 2, 2]})
    assert quality_report(df, key="a").loc["all", "uniqueness"] == 0.5
    assert quality_report(df, key=["a", "b"]).loc["all", "uniqueness"] == 0.5
    assert quality_report(df, key="b").loc["all", "uniqueness"] == 0.5


def test_consistency_share_over_applicable_rows() -> None:
    places = pd.DataFrame({"province": ["CA"], "city": ["Fresno"]})
    df = pd.DataFrame({"province": ["CA", "CA", None], "city": ["Fresno", "Austin", "Fresno"]})
    report = quality_report(df, consistency=province_city_agree(places))
    assert report.loc["all", "consistency"] == 0.5


def test_rules_may_return_plain_booleans_or_arrays() -> None:
    df = pd.DataFrame({"x": [1, 2, 3, 4]}, index=[10, 20, 30, 40])
    report = quality_report(
        df, rules={"x": lambda s: s > 1}, consistency=lambda d: np.array([True, True, False, NA])
    )
    assert report.loc["all", "valid_x"] == 0.75
    assert report.loc["all", "consistency"] == pytest.approx(2 / 3)


def test_groups_with_missing_labels_are_kept() -> None:
    df = pd.DataFrame({"g": ["a", None], "x": [1, None]})
    report = quality_report(df, group_by="g")
    assert report["rows"].sum() == 2


def test_empty_frame() -> None:
    df = pd.DataFrame({"phone": pd.Series([], dtype=object)})
    report = quality_report(df, rules={"phone": valid_cn_mobile})
    assert report.loc["all", "rows"] == 0 and np.isnan(report.loc["all", "validity"])


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"rules": {"phnoe": valid_cn_mobile}}, "phnoe"),
        ({"group_by": "channel"}, "channel"),
        ({"key": "phone_key"}, "phone_key"),
        ({"key": ["phone", "mail"]}, "mail"),
        ({"timestamp": "created", "as_of": "2025-12-31"}, "created"),
        ({"columns": ["phone", "adress"]}, "adress"),
    ],
)
def test_unknown_columns_are_named(records: pd.DataFrame, kwargs: dict, name: str) -> None:
    with pytest.raises(ValueError, match=f"'{name}' not found") as info:
        quality_report(records, **kwargs)
    assert "the frame has: 'source', 'phone', 'email', 'captured_at'" in str(info.value)


def test_timestamp_needs_an_explicit_as_of(records: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="as_of is required"):
        quality_report(records, timestamp="captured_at")
    with pytest.raises(ValueError, match="only with timestamp"):
        quality_report(records, as_of="2025-12-31")
    with pytest.raises(ValueError, match="datetime64"):
        quality_report(records, timestamp="phone", as_of="2025-12-31")


def test_bad_arguments(records: pd.DataFrame) -> None:
    with pytest.raises(TypeError, match="DataFrame"):
        quality_report(records["phone"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="rules"):
        quality_report(records, rules={"phone": "valid"})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="consistency"):
        quality_report(records, consistency=True)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="4 values for 5 rows"):
        quality_report(records, rules={"phone": lambda s: s.iloc[:4].notna()})
    with pytest.raises(ValueError, match="True, False or <NA>"):
        quality_report(records, rules={"phone": lambda s: s.fillna("?")})


def test_report_does_not_change_its_input(records: pd.DataFrame) -> None:
    before = records.copy()
    quality_report(records, rules={"phone": valid_cn_mobile}, group_by="source", key="phone")
    pd.testing.assert_frame_equal(records, before)


# --------------------------------------------------------------------------- properties

digits9 = st.text(alphabet="0123456789", min_size=9, max_size=9)
cn_mobiles = st.builds(lambda p, rest: f"1{p}{rest}", st.sampled_from("3456789"), digits9)


@st.composite
def formatted_cn_mobile(draw: st.DrawFn) -> str:
    number = draw(cn_mobiles)
    sep = draw(st.sampled_from(["", " ", "-", "."]))
    body = sep.join([number[:3], number[3:7], number[7:]])
    return draw(st.sampled_from(["", "+86 ", "86-", "0086"])) + body


@given(formatted_cn_mobile())
def test_any_formatting_of_a_valid_mobile_is_valid(phone: str) -> None:
    assert valid_cn_mobile(pd.Series([phone])).iloc[0]


@given(formatted_cn_mobile(), st.data())
def test_a_letter_or_a_lost_digit_makes_a_mobile_invalid(phone: str, data: st.DataObject) -> None:
    positions = [i for i, c in enumerate(phone) if c.isdigit()][-11:]
    i = data.draw(st.sampled_from(positions))
    with_letter = phone[:i] + "O" + phone[i + 1 :]
    without_digit = phone[:i] + phone[i + 1 :]
    result = valid_cn_mobile(pd.Series([with_letter, without_digit]))
    assert not result.any()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=15)), max_size=12))
def test_rules_never_raise_and_mark_only_missing_as_na(values: list) -> None:
    series = pd.Series(values, dtype=object)
    blank = series.isna() | series.map(lambda v: isinstance(v, str) and v.strip() == "")
    for rule in (valid_cn_mobile, valid_us_phone, valid_email, plausible_birth_date("2025-12-31")):
        result = rule(series)
        assert len(result) == len(series)
        assert (result.isna() == blank).all()


cells = st.one_of(st.none(), st.sampled_from(["13812345678", "1381234", "a@b.com", "x", ""]))


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 25))
    column = st.lists(cells, min_size=n, max_size=n)
    days = st.lists(st.integers(0, 3000), min_size=n, max_size=n)
    return pd.DataFrame(
        {
            "group": draw(st.lists(st.sampled_from("abc"), min_size=n, max_size=n)),
            "phone": draw(column),
            "email": draw(column),
            "at": pd.Timestamp("2025-12-31") - pd.to_timedelta(draw(days), unit="D"),
        }
    )


def full_report(df: pd.DataFrame, group_by: str | None = "group") -> pd.DataFrame:
    return quality_report(
        df,
        rules={"phone": valid_cn_mobile, "email": valid_email},
        group_by=group_by,
        timestamp="at",
        as_of="2025-12-31",
        key="phone",
        consistency=lambda d: valid_email(d["email"]) | valid_cn_mobile(d["phone"]),
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames())
def test_shares_are_always_between_0_and_1(df: pd.DataFrame) -> None:
    report = full_report(df)
    shares = report[[c for c in report.columns if SHARE_COLUMNS.match(c)]]
    values = shares.to_numpy(dtype=float)
    assert np.all(np.isnan(values) | ((values >= 0) & (values <= 1)))
    assert report["rows"].sum() == len(df)
    assert (report["median_age_days"].dropna() >= 0).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(cn_mobiles, min_size=1, max_size=20, unique=True), st.data())
def test_an_all_valid_frame_scores_1_everywhere(phones: list[str], data: st.DataObject) -> None:
    n = len(phones)
    df = pd.DataFrame(
        {
            "group": data.draw(st.lists(st.sampled_from("ab"), min_size=n, max_size=n)),
            "phone": phones,
            "email": [f"user{i}@example.com" for i in range(n)],
            "at": pd.Timestamp("2025-01-01"),
        }
    )
    report = full_report(df)
    shares = report[[c for c in report.columns if SHARE_COLUMNS.match(c)]]
    assert (shares == 1.0).all().all()


@settings(max_examples=60, deadline=None)
@given(frames(), st.data())
def test_adding_a_duplicate_row_lowers_uniqueness(df: pd.DataFrame, data: st.DataObject) -> None:
    df = df.assign(phone=[f"1380000{i:04d}" for i in range(len(df))])  # unique keys
    if df.empty:
        return
    row = data.draw(st.integers(0, len(df) - 1))
    before = full_report(df, None).loc["all", "uniqueness"]
    repeated = pd.concat([df, df.iloc[[row]]], ignore_index=True)
    after = full_report(repeated, None).loc["all", "uniqueness"]
    assert before == 1.0 and after < before


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=12).filter(lambda s: s not in {"group", "phone", "email"}))
def test_any_unknown_column_name_is_reported(name: str) -> None:
    df = pd.DataFrame({"group": ["a"], "phone": ["13812345678"], "email": [None]})
    for kwargs in ({"rules": {name: valid_email}}, {"group_by": name}, {"key": name}):
        with pytest.raises(ValueError) as info:
            quality_report(df, **kwargs)
        assert repr(name) in str(info.value) and "'phone'" in str(info.value)


# --------------------------------------------------------------------------- the world


@pytest.mark.parametrize("locale", ["en_US", "zh_CN"])
def test_phone_validity_ranks_the_store_sheet_worst_as_planted(locale: str) -> None:
    world = load_world(locale)
    raw = world["raw_records"]
    report = quality_report(raw, rules={"phone": PHONE_RULES[locale]}, group_by="source")
    assert report["valid_phone"].idxmin() == "store_signup_sheet"
    assert report["valid_phone"].idxmax() == "web_form"


@pytest.mark.parametrize("locale", ["en_US", "zh_CN"])
def test_rules_find_the_planted_errors(locale: str) -> None:
    world = load_world(locale)
    raw, errors = world["raw_records"], world.truth.errors
    checks = {
        "invalid_phone": PHONE_RULES[locale](raw["phone"]),
        "invalid_email": valid_email(raw["email"]),
        "impossible_birth_date": plausible_birth_date(world.as_of)(raw["birth_date"]),
        "province_city_mismatch": province_city_agree(known_places(locale))(raw),
    }
    for kind, result in checks.items():
        flagged = set(raw.loc[result.eq(False).fillna(False), "record_id"])
        planted = set(errors.loc[errors["kind"] == kind, "row_id"])
        found = len(flagged & planted)
        assert found / len(planted) >= 0.95, kind  # recall
        assert found / len(flagged) >= 0.95, kind  # precision
