"""labkit.privacy: keyed pseudonyms, masks (read by the kit's one phone parser), encryption."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labkit import privacy
from labkit.formats import phone_digits
from labkit.privacy import KEY_ENV, MIN_KEY_BYTES, mask_email, mask_phone, pseudonymise
from labkit.settings import ENV_FERNET_KEY

KEY = "a-lab-key-of-24-letters"


# --------------------------------------------------------------------------- pseudonyms
def test_pseudonymise_is_keyed_and_stable():
    a = pseudonymise(["13812345678", None, "13812345678"], key=KEY)
    assert a[0] == a[2] and a[1] is None and len(a[0]) == 64
    assert a[0] != pseudonymise(["13812345678"], key=KEY + "!")[0]
    s = pseudonymise(pd.Series(["a", "b"], index=[5, 6]), key=KEY.encode())
    assert list(s.index) == [5, 6]
    with pytest.raises(ValueError):
        pseudonymise("13812345678", key=KEY)
    with pytest.raises(ValueError):
        pseudonymise(["x"], key="")


@pytest.mark.parametrize(
    "same", [13812345678.0, 13812345678, np.float64(13812345678), np.int64(13812345678)]
)
def test_a_whole_number_gets_the_pseudonym_of_its_digits(same):
    assert pseudonymise([same], key=KEY) == pseudonymise(["13812345678"], key=KEY)


def test_a_float_phone_column_joins_a_text_one():
    floats = pd.Series([13812345678.0, np.nan, 13912345678.0])  # a phone column with a gap
    text = pd.Series(["13812345678", None, "13912345678"])
    assert pseudonymise(floats, key=KEY).tolist() == pseudonymise(text, key=KEY).tolist()
    assert pseudonymise([2.5], key=KEY) == pseudonymise(["2.5"], key=KEY)  # not whole: kept


@pytest.mark.parametrize("key", ["k", "k1", "lab-key", b"0123456789abcde", "x" * 15])
def test_short_keys_are_refused_naming_the_minimum(key):
    with pytest.raises(ValueError, match=f"at least {MIN_KEY_BYTES} bytes"):
        pseudonymise(["13812345678"], key=key)


def test_a_key_of_the_minimum_length_is_accepted():
    assert MIN_KEY_BYTES == 16
    assert len(pseudonymise(["x"], key="x" * MIN_KEY_BYTES)[0]) == 64
    assert len(pseudonymise(["x"], key="密钥" * 3)[0]) == 64  # 18 bytes in UTF-8


# --------------------------------------------------------------------------- phone masks
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
        ("123", "***"),
        (None, None),
        (float("nan"), None),
    ],
)
def test_mask_phone(written, masked) -> None:
    assert mask_phone(written) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        (13812345678.0, "138****5678"),
        (np.float64(13812345678.0), "138****5678"),
        (13812345678, "138****5678"),
        (2125550134.0, "(212) ***-0134"),
        (8613812345678.0, "138****5678"),
    ],
)
def test_mask_phone_of_a_number_keeps_the_right_digits(number, masked) -> None:
    assert mask_phone(number) == masked


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


# --------------------------------------------------------------------------- e-mail masks
@pytest.mark.parametrize(
    ("written", "masked"),
    [
        ("zhang.wei@qq.com", "z********@qq.com"),
        ("li@163.com", "***@163.com"),
        ("a@x.cn", "***@x.cn"),
        ("wei@qq.com", "***@qq.com"),
        ("wang@qq.com", "w***@qq.com"),
        ("ｌｉ．ｗｅｉ＠ｑｑ．ｃｏｍ", "l*****@qq.com"),  # full width is formatting
        ("a@b@evil.com", "***@evil.com"),  # the local part ends at the last @
        ("no address", "***"),
        (None, None),
        (float("nan"), None),
        ("  ", None),
    ],
)
def test_mask_email(written, masked):
    assert mask_email(written) == masked


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(lambda t: "@" not in t), st.sampled_from(
    ["qq.com", "163.com", "example.org"]))
def test_mask_email_hides_most_of_the_local_part(local, domain):
    masked = mask_email(f"{local}@{domain}")
    if masked is None:  # a blank local part: the whole value was blank after stripping
        return
    shown_local = masked.rpartition("@")[0].rstrip("*") if "@" in masked else ""
    assert len(shown_local) <= 1
    hidden = masked.count("*")
    assert hidden >= 3


# --------------------------------------------------------------------------- encryption
def test_fernet_round_trip_and_wrong_key(monkeypatch):
    from cryptography.fernet import Fernet

    key = Fernet.generate_key()
    tokens = privacy.encrypt_values(["13812345678", None], key)
    assert tokens[1] is None and "13812345678" not in tokens[0]
    assert privacy.decrypt_values(tokens, key) == ["13812345678", None]
    with pytest.raises(ValueError, match="cannot decrypt"):
        privacy.decrypt_values(tokens, Fernet.generate_key())
    with pytest.raises(ValueError, match="not a Fernet key"):
        privacy.encrypt_values(["x"], "short")
    monkeypatch.delenv(privacy.KEY_ENV, raising=False)
    with pytest.raises(KeyError, match=privacy.KEY_ENV):
        privacy.fernet_key_from_env()
    monkeypatch.setenv(privacy.KEY_ENV, key.decode())
    assert privacy.fernet_key_from_env() == key


def test_the_key_variable_is_the_settings_one() -> None:
    assert KEY_ENV == ENV_FERNET_KEY == "LABKIT_FERNET_KEY"
