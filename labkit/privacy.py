"""Protecting personal data (个人信息保护): pseudonymise, mask, encrypt.

Small helpers for chapter 04 and the capstone. The lesson itself — why a plain
hash of a phone number is not anonymous, where an encryption key must live —
is taught in the notebook; these functions are what later chapters reuse.
Phone numbers are read by the kit's one phone parser
(:func:`labkit.formats.phone.parse_phone`), so a mask keeps the digits the
standardiser would keep.

>>> from labkit.privacy import mask_phone, pseudonymise
>>> mask_phone("13812345678")
'138****5678'
>>> pseudonymise([13812345678.0], key="lab-only-key-never-reuse") == pseudonymise(
...     ["13812345678"], key="lab-only-key-never-reuse")
True
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
from collections.abc import Iterable
from typing import Any

import pandas as pd
from cryptography.fernet import Fernet, InvalidToken

from labkit.formats.phone import parse_phone, phone_digits
from labkit.formats.text import is_missing, normalise
from labkit.i18n import _
from labkit.settings import ENV_FERNET_KEY

__all__ = [
    "KEY_ENV",
    "MIN_KEY_BYTES",
    "decrypt_values",
    "encrypt_values",
    "fernet_key_from_env",
    "mask_email",
    "mask_phone",
    "pseudonymise",
]

#: The environment variable that holds the Fernet key of the lab (never the notebook).
KEY_ENV = ENV_FERNET_KEY
#: The shortest key :func:`pseudonymise` accepts, in bytes: 128 bits, the security
#: strength NIST asks of an HMAC key (SP 800-107). A short key can be guessed
#: and then every pseudonym reversed by the dictionary attack it should stop.
MIN_KEY_BYTES = 16


def _key_bytes(key: str | bytes) -> bytes:
    """The key as bytes, refused when it is not text or bytes or shorter than the minimum."""
    if isinstance(key, str):
        key = key.encode("utf-8")
    if not isinstance(key, bytes) or not key:
        raise ValueError(_("key must be a non-empty str or bytes"))
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(
            _(
                "the key is {n} bytes long; a pseudonymisation key needs at least {MIN_KEY_BYTES} "
                "bytes ({value} bits), e.g. secrets.token_hex(16), kept apart from the data"
            ).format(n=len(key), MIN_KEY_BYTES=MIN_KEY_BYTES, value=MIN_KEY_BYTES * 8)
        )
    return key


def _as_text(value: Any) -> str:
    """A value as the text a person would write: a whole number without ``.0``."""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()  # numpy scalars behave as the Python values they hold
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)  # 13812345678.0 (a phone column read as floats) is 13812345678
    return str(value)


def _like_input(values: Any, out: list) -> Any:
    """Return a pandas Series with the input's index when the input was a Series."""
    if isinstance(values, pd.Series):
        return pd.Series(out, index=values.index, name=values.name, dtype=object)
    return out


def pseudonymise(values: Iterable[Any], key: str | bytes) -> Any:
    """Keyed pseudonyms (假名化): HMAC-SHA256 of each value, as 64 hex characters.

    The same value and key always give the same pseudonym, so tables can still be
    joined; without the key nobody can rebuild the pseudonym of a guessed value —
    the dictionary attack that reverses a plain SHA-256 of phone numbers fails.
    Missing values stay missing. The result is still personal data under PIPL and
    GDPR while the key exists: keep the key apart from the data.

    Values are turned into text first, a whole number without its ``.0``: the
    phone ``13812345678.0`` (pandas reads a phone column with a gap as floats)
    gets the same pseudonym as ``"13812345678"``, so the two tables still join.
    Text is used exactly as it is: standardise it first (``labkit.cleaning``).

    Parameters
    ----------
    values : iterable (list, pandas.Series …)
        Values to pseudonymise.
    key : str or bytes
        The secret key, at least :data:`MIN_KEY_BYTES` (16) bytes long.

    Returns
    -------
    list of str, or pandas.Series when ``values`` is a Series

    Raises
    ------
    ValueError
        If ``values`` is a single string, or the key is empty, not text or bytes,
        or shorter than :data:`MIN_KEY_BYTES`.

    Examples
    --------
    >>> a = pseudonymise(["13812345678", None], key="lab-key-number-one")
    >>> len(a[0]), a[1]
    (64, None)
    >>> a[0] == pseudonymise(["13812345678"], key="lab-key-number-two")[0]
    False
    >>> pseudonymise(["13812345678"], key="k1")
    Traceback (most recent call last):
    ValueError: the key is 2 bytes long; a pseudonymisation key needs at least 16 bytes ...
    """
    k = _key_bytes(key)
    if isinstance(values, (str, bytes)):
        raise ValueError(_("values must be a list or Series of values, not a single string"))
    out = [
        None
        if is_missing(v)
        else hmac.new(k, _as_text(v).encode("utf-8"), hashlib.sha256).hexdigest()
        for v in values
    ]
    return _like_input(values, out)


def mask_phone(phone: Any, locale: str | None = None) -> Any:
    """Mask a phone number for display (脱敏): keep only enough to recognise it.

    The number is read by :func:`labkit.formats.phone.parse_phone`. Mainland
    mobiles keep the first 3 and last 4 digits (``138****5678``, also from
    ``+86 138 1234 5678``); US numbers keep the area code and the last 4
    (``(212) ***-0134``); anything else (a landline, a number that cannot be
    read) keeps only the last 4 of its digits. Missing values stay missing.

    Parameters
    ----------
    phone : str or None
        The number as written.
    locale : {"en_US", "zh_CN"}, optional
        Whose numbering plan to read it in; default: a mainland mobile first,
        then a US number.

    Returns
    -------
    str or None

    Raises
    ------
    ValueError
        If ``locale`` is given and not supported.

    Examples
    --------
    >>> mask_phone("+86 138-1234-5678")
    '138****5678'
    >>> mask_phone("(212) 555-0134")
    '(212) ***-0134'
    >>> mask_phone("010-12345678"), mask_phone(13812345678.0)
    ('*******5678', '138****5678')
    """
    if is_missing(phone):
        return None
    phone = _as_text(phone)  # 13812345678.0 is the number 13812345678, not 138123456780
    # mainland first: 138 1234 5678 would also read as +1 (381) 234-5678
    for plan in ("zh_CN", "en_US") if locale is None else (locale,):
        parsed = parse_phone(phone, plan)
        if parsed.kind == "mobile":
            return f"{parsed.national[:3]}****{parsed.national[-4:]}"
        if parsed.kind == "number":
            return f"({parsed.national[:3]}) ***-{parsed.national[-4:]}"
    digits = phone_digits(phone)
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_email(email: Any) -> Any:
    """Mask an e-mail address for display: ``zhang.wei@qq.com`` → ``z********@qq.com``.

    The local part (before the last ``@``) is hidden but for its first character,
    and a local part shorter than four characters entirely (``li@163.com`` →
    ``***@163.com``): at least three quarters of it are always hidden, and a hidden
    part is never shorter than three stars, so a short name's length does not show.
    The domain stays (it says which provider, not who). Width is formatting
    (full-width ``＠`` is ``@``). Missing values stay missing.

    Parameters
    ----------
    email : str or None
        The address as written.

    Returns
    -------
    str or None

    Examples
    --------
    >>> mask_email("zhang.wei@qq.com"), mask_email("li@163.com"), mask_email("a@x.cn")
    ('z********@qq.com', '***@163.com', '***@x.cn')
    >>> mask_email("not an address")
    '***'
    """
    text = normalise(email)
    if text is None:
        return None
    local, at, domain = text.rpartition("@")
    if not at:
        return "***"
    shown = local[:1] if len(local) >= 4 else ""
    return shown + "*" * max(len(local) - len(shown), 3) + "@" + domain


def _fernet(key: str | bytes) -> Fernet:
    try:
        return Fernet(key)
    except (ValueError, TypeError):
        raise ValueError(
            _(
                "not a Fernet key: it must be 32 url-safe base64-encoded bytes, as made by "
                "cryptography.fernet.Fernet.generate_key()"
            )
        ) from None


def encrypt_values(values: Iterable[Any], key: str | bytes) -> Any:
    """Encrypt each value with Fernet (AES-128-CBC + HMAC: authenticated encryption).

    Unlike a pseudonym, ciphertext can be decrypted again by whoever holds the key;
    the same value encrypts differently every time (a random IV), so ciphertexts
    cannot be joined or counted. Missing values stay missing.

    Examples
    --------
    >>> from cryptography.fernet import Fernet
    >>> key = Fernet.generate_key()
    >>> token = encrypt_values(["13812345678"], key)[0]
    >>> decrypt_values([token], key)
    ['13812345678']
    """
    f = _fernet(key)
    if isinstance(values, (str, bytes)):
        raise ValueError(_("values must be a list or Series of values, not a single string"))
    out = [
        None if is_missing(v) else f.encrypt(str(v).encode("utf-8")).decode("ascii") for v in values
    ]
    return _like_input(values, out)


def decrypt_values(tokens: Iterable[Any], key: str | bytes) -> Any:
    """Decrypt what :func:`encrypt_values` made; a wrong key or altered token is an error.

    Raises
    ------
    ValueError
        When a token was altered or the key is not the one that encrypted it.
    """
    f = _fernet(key)
    out = []
    for t in tokens:
        if is_missing(t):
            out.append(None)
            continue
        try:
            out.append(f.decrypt(str(t).encode("ascii")).decode("utf-8"))
        except InvalidToken:
            raise ValueError(
                _("cannot decrypt: the token was altered or this is not the key that encrypted it")
            ) from None
    return _like_input(tokens, out)


def fernet_key_from_env(name: str = KEY_ENV) -> bytes:
    """Read the Fernet key from an environment variable — where a key may live, unlike code.

    Raises
    ------
    KeyError
        When the variable is not set, with how to set it.
    """
    value = os.environ.get(name)
    if not value:
        raise KeyError(
            _(
                "the encryption key is not set: put it in the environment variable {name} (or "
                "fetch it from a key store), never in a notebook or the repository"
            ).format(name=name)
        )
    return value.encode("ascii")
