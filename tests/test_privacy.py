"""labkit.privacy: masks read phone numbers with the kit's one phone parser."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labkit.formats import phone_digits
from labkit.privacy import KEY_ENV, mask_phone
from labkit.settings import ENV_FERNET_KEY


@pytest.mark.parametrize(
    ("written", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("0086 138 1234 5678", "138****5678"),  # the parser drops 0086 too
        ("１３８ １２３４ ５６７８", "138****5678"),  # full-width digits
        ("(212) 555-0134", "(212) ***-0134"),
        ("+1 212 555 0134", "(212) ***-0134"),
        ("+1 918 555 4640", "(918) ***-4640"),  # "+1": a US number, not a mobile 191…
        ("010-12345678", "*******5678"),  # a landline keeps its last 4 digits
        ("138O2345678", "******5678"),  # cannot be read: the last 4 of its digits
        ("12", "**"),
        ("", ""),
    ],
)
def test_mask_phone(written: str, masked: str) -> None:
    assert mask_phone(written) == masked


def test_mask_phone_in_one_locale_and_missing_values() -> None:
    assert mask_phone("13812345678", "en_US") == "(381) ***-5678"  # 1 + a US number
    assert mask_phone("13812345678", "zh_CN") == "138****5678"
    assert [mask_phone(v) for v in (None, float("nan"), pd.NA)] == [None, None, None]
    with pytest.raises(ValueError, match="locale"):
        mask_phone("13812345678", "fr_FR")


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=25), st.from_regex(r"\+?[0-9 ()\-.]{0,18}", fullmatch=True)))
def test_a_mask_never_raises_and_hides_all_but_a_few_digits(written: str) -> None:
    masked = mask_phone(written)
    shown, digits = phone_digits(masked), phone_digits(written)
    if len(digits) <= 4:
        assert masked == "*" * len(digits)
    else:  # at most 3 leading digits (a mobile's prefix, an area code) and the last 4
        assert "*" in masked and len(shown) <= 7 and shown[-4:] == digits[-4:]


def test_the_key_variable_is_the_settings_one() -> None:
    assert KEY_ENV == ENV_FERNET_KEY == "LABKIT_FERNET_KEY"
