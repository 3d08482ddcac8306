"""labkit.privacy: pseudonymisation, masking and field encryption (chapter 04).

These tests came with the database tests of chapter 04 (``tests/test_db.py``);
they belong with :mod:`labkit.privacy` and can move to ``tests/test_privacy.py``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from labkit import privacy


def test_pseudonymise_is_keyed_and_stable():
    a = privacy.pseudonymise(["13812345678", None, "13812345678"], key="k")
    assert a[0] == a[2] and a[1] is None and len(a[0]) == 64
    assert a[0] != privacy.pseudonymise(["13812345678"], key="other")[0]
    s = privacy.pseudonymise(pd.Series(["a", "b"], index=[5, 6]), key=b"k")
    assert list(s.index) == [5, 6]
    with pytest.raises(ValueError):
        privacy.pseudonymise("13812345678", key="k")
    with pytest.raises(ValueError):
        privacy.pseudonymise(["x"], key="")


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("(212) 555-0134", "(212) ***-0134"),
        ("+1 212-555-0134", "(212) ***-0134"),
        ("123", "***"),
        (None, None),
        (float("nan"), None),
    ],
)
def test_mask_phone(phone, masked):
    assert privacy.mask_phone(phone) == masked


def test_mask_email():
    assert privacy.mask_email("li@163.com") == "l*@163.com"
    assert privacy.mask_email(None) is None


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
