"""labkit.formats: one parser per format, and the validators built on it (property tests)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labkit import cleaning, quality
from labkit.formats import (
    DATE_FORMATS,
    DATE_SHAPES,
    DOMAIN_TYPOS,
    EMAIL_PATTERN,
    MONTH_NAMES,
    ParsedNumber,
    ParsedPhone,
    check_locale,
    is_cn_mobile,
    is_email,
    is_us_number,
    known_places,
    normalise,
    parse_date,
    parse_email,
    parse_number,
    parse_phone,
    parse_region,
    parse_strict_datetime,
    phone_digits,
    phone_key,
    read_dates,
    regions,
    same_phone,
)
from labkit.formats.regions import area_codes

LOCALES = ("zh_CN", "en_US")
DIGITS = "0123456789"
anything = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=True),
    st.from_regex(r"[+(]?[0-9 ()./\-+]{0,18}", fullmatch=True),
)
# the forms a person writes a number in: separators between groups, optional country code
separators = st.sampled_from(["", " ", "-", ".", "/", "  "])


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=DIGITS, min_size=n, max_size=n)


cn_mobiles = st.builds(lambda p, rest: f"1{p}{rest}", st.sampled_from("3456789"), digits(9))
us_numbers = st.builds(
    lambda a, b, c, d, rest: f"{a}{b}{c}{d}{rest}",
    st.sampled_from("23456789"),
    digits(2),
    st.sampled_from("23456789"),
    digits(2),
    digits(4),
)


@st.composite
def cn_landlines(draw: st.DrawFn) -> tuple[str, str]:
    """(national digits, canonical form) of a mainland landline."""
    code = draw(st.sampled_from(sorted(area_codes("zh_CN")))).lstrip("0")
    local = draw(digits(8 if len(code) == 2 else draw(st.sampled_from([7, 8]))))
    return f"0{code}{local}", f"0{code}-{local}"


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


# --------------------------------------------------------------------------- phones
@settings(max_examples=150, deadline=None)
@given(cn_mobiles, separators, st.sampled_from(["", "+86 ", "0086", "86-", "+86-"]), st.booleans())
def test_a_formatted_cn_mobile_parses_back(number: str, sep: str, country: str, wide: bool) -> None:
    written = country + sep.join([number[:3], number[3:7], number[7:]])
    written = full_width(written) if wide else written
    parsed = parse_phone(written, "zh_CN")
    assert parsed == ParsedPhone(number, number, "mobile", None)
    assert is_cn_mobile(written)
    assert parse_phone(parsed.canonical, "zh_CN") == parsed  # the canonical form is read back


@settings(max_examples=150, deadline=None)
@given(cn_landlines(), st.sampled_from(["-", " ", ""]), st.booleans())
def test_a_formatted_cn_landline_parses_back(
    landline: tuple[str, str], sep: str, plus: bool
) -> None:
    national, canonical = landline
    area, local = canonical.split("-")
    written = f"+86 {area[1:]}{sep}{local}" if plus else f"({area}){sep}{local}"
    parsed = parse_phone(written, "zh_CN")
    assert (parsed.national, parsed.canonical, parsed.kind) == (national, canonical, "landline")
    assert not is_cn_mobile(written)
    assert parse_phone(canonical, "zh_CN") == parsed


@settings(max_examples=150, deadline=None)
@given(us_numbers, separators, st.sampled_from(["", "+1 ", "1-", "001 ", "+1"]), st.booleans())
def test_a_formatted_us_number_parses_back(
    number: str, sep: str, country: str, brackets: bool
) -> None:
    area = f"({number[:3]})" if brackets else number[:3]
    written = country + sep.join([area, number[3:6], number[6:]])
    parsed = parse_phone(written, "en_US")
    canonical = f"({number[:3]}) {number[3:6]}-{number[6:]}"
    assert parsed == ParsedPhone(number, canonical, "number", None)
    assert is_us_number(written)
    assert parse_phone(canonical, "en_US") == parsed


@pytest.mark.parametrize("locale", LOCALES)
@settings(max_examples=300, deadline=None)
@given(value=anything)
def test_no_phone_input_raises_and_a_reason_comes_alone(locale: str, value: object) -> None:
    parsed = parse_phone(value, locale)
    assert (parsed.reason is None) == (parsed.canonical is not None)
    assert (parsed.reason is None) == (parsed.national is not None) == (parsed.kind is not None)
    if parsed.national is not None:
        assert parsed.national.isascii() and parsed.national.isdigit()
        assert parse_phone(parsed.canonical, locale) == parsed  # idempotent
        assert phone_key(value) == parsed.national[-10:]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(anything, max_size=10))
def test_every_phone_validator_agrees_with_the_parser(values: list) -> None:
    series = pd.Series(values, dtype=object)
    cn = [parse_phone(v, "zh_CN") for v in values]
    us = [parse_phone(v, "en_US") for v in values]
    expect_cn = [pd.NA if p.reason == "empty" else p.kind == "mobile" for p in cn]
    expect_us = [pd.NA if p.reason == "empty" else p.reason is None for p in us]
    assert quality.valid_cn_mobile(series).tolist() == expect_cn
    assert quality.valid_us_phone(series).tolist() == expect_us
    assert [is_cn_mobile(v) for v in values] == [p.kind == "mobile" for p in cn]
    assert [is_us_number(v) for v in values] == [p.reason is None for p in us]
    for locale, parsed in (("zh_CN", cn), ("en_US", us)):
        out = cleaning.standardise_phone(series, locale)
        assert out["value"].tolist() == [
            pd.NA if p.canonical is None else p.canonical for p in parsed
        ]
        assert out["reason"].tolist() == [pd.NA if p.reason is None else p.reason for p in parsed]


def test_phone_reasons() -> None:
    cases = {
        ("zh_CN", "138O2345678"): "has letters",
        ("zh_CN", "138#1234#5678"): "unexpected characters",
        ("zh_CN", "138-1234+5678"): "unexpected characters",
        ("zh_CN", "+1 381 234 5678"): "not a valid number",  # "+" and another country's code
        ("zh_CN", "12812345678"): "not a valid number",
        ("zh_CN", "1381234567"): "wrong number of digits",
        ("en_US", "+44 20 7946 0958"): "not a valid number",
        ("en_US", "(112) 555-0134"): "not a valid number",
        ("en_US", "555-0134"): "wrong number of digits",
        ("en_US", " "): "empty",
    }
    for (locale, written), reason in cases.items():
        assert parse_phone(written, locale).reason == reason, written


@settings(max_examples=150, deadline=None)
@given(cn_mobiles, st.sampled_from(["+86 ", "0086", ""]), separators)
def test_same_phone_ignores_country_code_and_format(number: str, country: str, sep: str) -> None:
    written = country + sep.join([number[:3], number[3:7], number[7:]])
    assert same_phone(written, number) and same_phone(number, written)
    assert phone_key(written) == phone_key(number) == number[-10:]
    assert phone_digits(written).endswith(number)


@settings(max_examples=150, deadline=None)
@given(anything, anything)
def test_same_phone_is_symmetric_and_never_raises(a: object, b: object) -> None:
    assert same_phone(a, b) == same_phone(b, a)


def test_locales_are_checked() -> None:
    with pytest.raises(ValueError, match="locale must be one of en_US, zh_CN"):
        parse_phone("13812345678", "fr_FR")
    with pytest.raises(ValueError, match="locale"):
        regions("de_DE")
    assert check_locale("en_US") == "en_US"


# --------------------------------------------------------------------------- e-mails
local_parts = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._%+\-]{0,15}", fullmatch=True)
domains = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9\-]{0,10}(\.[A-Za-z0-9\-]{1,8}){0,2}\.[A-Za-z]{2,6}",
                        fullmatch=True)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(local_parts, domains, st.sampled_from([str.lower, str.upper, str.title, str]))
def test_an_address_parses_back_in_lower_case(local: str, domain: str, case) -> None:
    written = case(f"{local}@{domain}")
    parsed = parse_email(f"  {written} ")
    domain = DOMAIN_TYPOS.get(domain.lower(), domain.lower())
    assert parsed.address == f"{local.lower()}@{domain}"
    assert is_email(written)
    assert parse_email(parsed.address).address == parsed.address  # idempotent
    assert quality.valid_email(pd.Series([written])).iloc[0]


@settings(max_examples=300, deadline=None)
@given(st.one_of(anything, st.emails()))
def test_no_email_input_raises_and_a_reason_comes_alone(value: object) -> None:
    parsed = parse_email(value)
    assert (parsed.reason is None) == (parsed.address is not None)
    assert parsed.note is None or parsed.address is not None
    if parsed.address is not None:
        assert parsed.address == parsed.address.lower()
        assert pd.Series([parsed.address]).str.fullmatch(EMAIL_PATTERN).all()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(anything, st.emails()), max_size=10))
def test_the_email_validator_and_standardiser_agree_with_the_parser(values: list) -> None:
    series = pd.Series(values, dtype=object)
    parsed = [parse_email(v) for v in values]
    assert quality.valid_email(series).tolist() == [
        pd.NA if p.reason == "empty" else p.reason is None for p in parsed
    ]
    assert cleaning.standardise_email(series)["value"].tolist() == [
        pd.NA if p.address is None else p.address for p in parsed
    ]


def test_email_case_is_one_rule() -> None:
    """The validator and the standardiser used to disagree on upper case: now both accept it."""
    written = pd.Series(["LI.WEI@163.COM", "Li.Wei@Gmial.Com"])
    assert quality.valid_email(written).all()
    assert cleaning.standardise_email(written)["value"].tolist() == [
        "li.wei@163.com", "li.wei@gmail.com"
    ]  # fmt: skip


def test_domain_typos_are_fixed_and_never_map_to_a_typo() -> None:
    assert not set(DOMAIN_TYPOS.values()) & set(DOMAIN_TYPOS)
    for typo, meant in DOMAIN_TYPOS.items():
        assert parse_email(f"li@{typo}") == (f"li@{meant}", None, "domain typo fixed")


# --------------------------------------------------------------------------- dates
days = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))


@settings(max_examples=200, deadline=None)
@given(days, st.sampled_from(DATE_FORMATS), st.sampled_from([str, str.lower, str.upper]))
def test_a_date_in_any_source_format_parses_back(day: dt.date, fmt: str, case) -> None:
    written = case(day.strftime(fmt))
    assert parse_date(written) == (day, None)


def test_every_shape_example_and_every_month_name_is_read() -> None:
    for shape in DATE_SHAPES:
        assert parse_date(shape.example) == (dt.date(1985, 3, 7), None), shape.example
    for number, name in enumerate(MONTH_NAMES, start=1):
        for spelling in (name, name[:3], name.upper()):
            assert parse_date(f"{spelling} 7, 1985").date == dt.date(1985, number, 7)
    assert parse_date("Sept. 7, 1985").date == dt.date(1985, 9, 7)


def test_date_reasons() -> None:
    assert parse_date("1990-02-30").reason == "impossible date"
    assert parse_date("Foo 7, 1985").reason == "impossible date"
    assert parse_date("1985-13-01").reason == "impossible date"
    assert parse_date("soon").reason == "unreadable"
    assert parse_date("1985-03-07 10:00").reason == "unreadable"
    assert parse_date(" ").reason == "empty"
    assert parse_date(pd.Timestamp("1985-03-07 10:00")).date == dt.date(1985, 3, 7)


@settings(max_examples=300, deadline=None)
@given(st.one_of(anything, days.map(str), st.from_regex(r"[0-9]{1,4}[-/. 年][0-9]{1,2}.*")))
def test_no_date_input_raises_and_a_reason_comes_alone(value: object) -> None:
    parsed = parse_date(value)
    assert (parsed.reason is None) == (parsed.date is not None)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(anything, days.map(lambda d: d.strftime("%d-%b-%Y"))), max_size=10))
def test_the_date_readers_agree_with_the_parser(values: list) -> None:
    series = pd.Series(values, dtype=object)
    parsed = [parse_date(v).date for v in values]
    inside = [d if d is not None and dt.date(1677, 9, 22) <= d <= dt.date(2262, 4, 11) else None
              for d in parsed]  # fmt: skip
    expect = [pd.NaT if d is None else pd.Timestamp(d) for d in inside]
    assert read_dates(series).tolist() == expect
    assert quality.parse_dates(series).tolist() == expect
    out = cleaning.standardise_date(series)  # never raises, even far outside 1900-2262
    kept = out["value"].dropna()
    assert all(pd.Timestamp(parsed[i]) == kept.iloc[k] for k, i in enumerate(kept.index))
    assert (out["value"].isna() == out["reason"].notna()).all()


def test_strict_database_formats() -> None:
    assert parse_strict_datetime(" 2025-12-31 ") == dt.datetime(2025, 12, 31)
    assert parse_strict_datetime("2025-12-31T08:30:00", with_time=True) == dt.datetime(
        2025, 12, 31, 8, 30
    )
    assert parse_strict_datetime("2025-12-31 08:30") is None  # a time where a date is wanted
    assert parse_strict_datetime("31/12/2025", with_time=True) is None


# --------------------------------------------------------------------------- regions
@pytest.mark.parametrize("locale", LOCALES)
def test_every_spelling_of_every_place_parses_to_its_official_form(locale: str) -> None:
    table = regions(locale)
    for row in table.itertuples(index=False):
        for province in (row.province, row.province_short, str(row.province_short).upper()):
            for city in (row.city, row.city_short):
                assert parse_region(province, city, locale) == (row.province, row.city, None)
    places = known_places(locale)
    assert len(places) >= len(table) and not places.duplicated().any()


@pytest.mark.parametrize("locale", LOCALES)
@settings(max_examples=150, deadline=None)
@given(province=anything, city=anything)
def test_no_place_raises(locale: str, province: object, city: object) -> None:
    parsed = parse_region(province, city, locale)
    assert parsed.reason in (None, "empty province", "unknown province", "unknown city",
                             "city not in province")  # fmt: skip
    assert (parsed.province is None) == (parsed.reason in ("empty province", "unknown province"))


# --------------------------------------------------------------------------- numbers
@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1234.5", 1234.5), ("-3", -3), ("+7", 7), ("0.125", 0.125), (".5", 0.5),
        ("12.0", 12.0), ("1.5e3", 1500.0), ("1,234,567", 1234567), ("1,234.50", 1234.5),
        ("１２３", 123), (" 42 ", 42), (3, 3), (2.5, 2.5), (np.int64(9), 9),
    ],
)  # fmt: skip
def test_parse_number_reads_what_can_be_read_one_way(written, value) -> None:
    parsed = parse_number(written)
    assert parsed.reason is None and parsed.value == value
    assert type(parsed.value) is type(value if not isinstance(value, np.integer) else 1)


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("1234,56", "ambiguous separators"), ("1.234", "ambiguous separators"),
        ("1,234", "ambiguous separators"), ("1.234,56", "ambiguous separators"),
        ("1.234.567", "ambiguous separators"), ("1 234", "ambiguous separators"),
        ("0,5", "ambiguous separators"), ("12.500", "ambiguous separators"),
        ("¥12", "not a number"), ("5%", "not a number"), ("12 kg", "not a number"),
        ("不是有效值??", "not a number"), ("١٢", "not a number"), ("0x1A", "not a number"),
        ("1_000", "not a number"), ("nan", "not a number"), ("inf", "not a number"),
        ("1e999", "not a finite number"), (float("inf"), "not a finite number"),
        (True, "not a number"), ("", "empty"), (None, "empty"), (float("nan"), "empty"),
        ("9" * 5000, "not a number"),
    ],
)  # fmt: skip
def test_parse_number_refuses_what_it_would_have_to_guess(written, reason) -> None:
    assert parse_number(written) == ParsedNumber(None, reason)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789,.+-e ", max_size=14))
def test_parse_number_never_raises_and_never_reads_a_comma_as_a_decimal(text) -> None:
    parsed = parse_number(text)
    assert (parsed.value is None) != (parsed.reason is None)
    if parsed.value is not None and "," in text:
        # a comma is read only as a thousands separator, before a point or twice
        assert "." in text or text.count(",") > 1
        assert parsed.value == float(text.replace(",", ""))


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False))
def test_parse_number_reads_every_plainly_written_number(number) -> None:
    text = f"{number:.2f}"
    assert parse_number(text).value == pytest.approx(float(text))


def test_a_whole_float_reads_as_the_digits_a_person_wrote() -> None:
    assert normalise(13812345678.0) == "13812345678"
    assert normalise(np.float64(2125550134.0)) == "2125550134"
    assert normalise(2.5) == "2.5" and normalise(float("inf")) == "inf"
    assert parse_phone(13812345678.0, "zh_CN").canonical == "13812345678"
    assert parse_phone(2125550134.0, "en_US").canonical == "(212) 555-0134"
    assert phone_digits(13812345678.0) == "13812345678"
