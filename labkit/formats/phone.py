"""Phone numbers: one parser per numbering plan, and the validators built on it.

:func:`parse_phone` reads one written number in a locale and gives its
**national digits** (``13812345678``, ``02012345678``, ``2125550134``), its
**canonical form** and its **kind**, or the **reason** it cannot be read. Every
other phone rule of the kit is built on it: the standardiser of
:mod:`labkit.cleaning`, the validity rules of :mod:`labkit.quality`, the masks of
:mod:`labkit.privacy`.

What is formatting (dropped before the digits are read):

* spaces, hyphens, dots, slashes and brackets between the digits;
* full-width characters (``１３８``, ``（０２０）``): read as their ASCII forms (NFKC);
* a leading country code that comes before a whole national number, written
  ``+86`` / ``0086`` / ``86`` (``zh_CN``) or ``+1`` / ``001`` / ``1`` (``en_US``).

What the national digits must be:

* ``zh_CN``: a mainland **mobile**, 11 digits ``1[3-9]…`` (canonical
  ``13812345678``), or a **landline** with its area code, ``0`` + a known area
  code + 7 or 8 digits (canonical ``020-12345678``, ``0311-1234567``);
* ``en_US``: a North American **number**, 10 digits whose area code and exchange
  each start with 2–9 (canonical ``(212) 555-0134``).

Reasons, checked in this order: ``"empty"``, ``"has letters"`` (a letter O for a
zero), ``"unexpected characters"`` (anything else that is not a digit or
formatting, or a ``+`` that is not in front), ``"not a valid number"`` (the
right number of digits, but no such number; also a ``+`` followed by another
country's code), ``"wrong number of digits"``.

>>> parse_phone("+86 138-1234-5678", "zh_CN")
ParsedPhone(national='13812345678', canonical='13812345678', kind='mobile', reason=None)
>>> parse_phone("212.555.O134", "en_US").reason
'has letters'
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, NamedTuple

from labkit.formats.regions import area_codes
from labkit.formats.text import has_letter, normalise
from labkit.i18n import N_
from labkit.settings import check_locale

__all__ = [
    "COUNTRY_CODES",
    "ParsedPhone",
    "is_cn_mobile",
    "is_us_number",
    "parse_phone",
    "phone_digits",
    "phone_key",
    "same_phone",
]

#: The country calling code of each locale.
COUNTRY_CODES: dict[str, str] = {"zh_CN": "86", "en_US": "1"}

_FORMATTING = re.compile(r"[^0-9\s\-.()+/]")  # a character that is neither digit nor formatting
_NOT_DIGIT = re.compile(r"[^0-9]")
_CN_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_US_NUMBER = re.compile(r"[2-9][0-9]{2}[2-9][0-9]{6}")
# a country code is dropped only before a whole national number
_CN_COUNTRY = re.compile(r"(?:0086|86)(?=1[3-9][0-9]{9}$|[1-9][0-9]{8,10}$)")
_US_COUNTRY = re.compile(r"(?:001|1)(?=[0-9]{10}$)")


class ParsedPhone(NamedTuple):
    """One written phone number, read; all fields but ``reason`` are None when it cannot be."""

    #: The national digits, without country code or formatting (``02012345678``).
    national: str | None
    #: The standard way to write it (``020-12345678``, ``(212) 555-0134``).
    canonical: str | None
    #: ``"mobile"`` or ``"landline"`` (``zh_CN``); ``"number"`` (``en_US``, whose plan
    #: does not tell them apart).
    kind: str | None
    #: Why it cannot be read (see the module docstring); None when it can.
    reason: str | None


def _failed(reason: str) -> ParsedPhone:
    return ParsedPhone(None, None, None, reason)


@cache
def _cn_area_codes() -> tuple[frozenset[str], frozenset[str]]:
    """Mainland area codes without the leading 0: (two-digit, three-digit)."""
    codes = {code.lstrip("0") for code in area_codes("zh_CN")}
    codes |= {"10", *(f"2{i}" for i in range(10))}  # Beijing and the 02x big cities
    return (
        frozenset(c for c in codes if len(c) == 2),
        frozenset(c for c in codes if len(c) == 3),
    )


def _read_cn(digits: str) -> ParsedPhone:
    country = _CN_COUNTRY.match(digits)
    national = digits[country.end() :] if country else digits
    if country and (not national.startswith("1") or national.startswith("10")):
        # a landline loses the 0 of its area code after +86 (Beijing's is 010)
        national = "0" + national
    if _CN_MOBILE.fullmatch(national):
        return ParsedPhone(national, national, "mobile", None)
    if national.startswith("0"):
        two, three = _cn_area_codes()
        if national[1:3] in two and len(national) in (10, 11):
            return ParsedPhone(national, f"{national[:3]}-{national[3:]}", "landline", None)
        if national[1:4] in three and len(national) in (11, 12):
            return ParsedPhone(national, f"{national[:4]}-{national[4:]}", "landline", None)
    length_ok = len(national) in (10, 11, 12) and not (
        national.startswith("1") and len(national) != 11
    )
    return _failed(N_("not a valid number") if length_ok else N_("wrong number of digits"))


def _read_us(digits: str) -> ParsedPhone:
    country = _US_COUNTRY.match(digits)
    national = digits[country.end() :] if country else digits
    if _US_NUMBER.fullmatch(national):
        canonical = f"({national[:3]}) {national[3:6]}-{national[6:]}"
        return ParsedPhone(national, canonical, "number", None)
    return _failed(
        N_("not a valid number") if len(national) == 10 else N_("wrong number of digits")
    )


def parse_phone(value: Any, locale: str) -> ParsedPhone:
    """Read one written phone number in a locale's numbering plan.

    Parameters
    ----------
    value : str or None
        The number as written, in any mix of formats (see the module docstring).
    locale : {"en_US", "zh_CN"}
        Which country's numbering plan.

    Returns
    -------
    ParsedPhone
        ``(national, canonical, kind, reason)``: the first three when the number
        can be read, else only ``reason``. Never raises for a bad value.

    Raises
    ------
    ValueError
        If the locale is not supported.

    Examples
    --------
    >>> parse_phone("+86 20 1234 5678", "zh_CN").canonical
    '020-12345678'
    >>> parse_phone("+86 10 8765 4321", "zh_CN").canonical
    '010-87654321'
    >>> parse_phone("1-212-555-0134", "en_US")
    ParsedPhone(national='2125550134', canonical='(212) 555-0134', kind='number', reason=None)
    >>> parse_phone("1381234567", "zh_CN").reason
    'wrong number of digits'
    """
    locale = check_locale(locale)
    text = normalise(value)
    if text is None:
        return _failed(N_("empty"))
    if has_letter(text):
        return _failed(N_("has letters"))
    if _FORMATTING.search(text):
        return _failed(N_("unexpected characters"))
    digits = re.sub(r"[^0-9+]", "", text)
    if digits.count("+") > 1 or (digits.count("+") == 1 and not digits.startswith("+")):
        return _failed(N_("unexpected characters"))
    if digits.startswith("+"):
        digits = digits[1:]
        code = COUNTRY_CODES[locale]
        if not digits.startswith((code, "00" + code)):
            return _failed(N_("not a valid number"))  # "+" and another country's code
    return _read_cn(digits) if locale == "zh_CN" else _read_us(digits)


def is_cn_mobile(value: Any) -> bool:
    """Whether a value reads as a mainland China mobile number (中国大陆手机号).

    Parameters
    ----------
    value : str or None
        The number as written.

    Returns
    -------
    bool
        ``parse_phone(value, "zh_CN").kind == "mobile"``.

    Examples
    --------
    >>> is_cn_mobile("0086 138 1234 5678"), is_cn_mobile("020-12345678")
    (True, False)
    """
    return parse_phone(value, "zh_CN").kind == "mobile"


def is_us_number(value: Any) -> bool:
    """Whether a value reads as a US phone number (North American Numbering Plan).

    Parameters
    ----------
    value : str or None
        The number as written.

    Returns
    -------
    bool
        ``parse_phone(value, "en_US").reason is None``.

    Examples
    --------
    >>> is_us_number("+1 212 555 0134"), is_us_number("(112) 555-0134")
    (True, False)
    """
    return parse_phone(value, "en_US").reason is None


def phone_digits(value: Any) -> str:
    """Every digit of a written phone number, in order (full-width digits read as ASCII).

    The plain extraction, without the rules of a numbering plan: for matching
    and masking numbers whose locale is not known.

    Parameters
    ----------
    value : str or None
        The number as written.

    Returns
    -------
    str
        ``""`` when the value is missing or has no digit.

    Examples
    --------
    >>> phone_digits("+86 (138) １２３４-5678"), phone_digits(None)
    ('8613812345678', '')
    """
    text = normalise(value)
    return "" if text is None else _NOT_DIGIT.sub("", text)


def phone_key(value: Any) -> str | None:
    """A key that two writings of the same number share: its last ten digits.

    Ten digits drop any country code (+86, +1) and the leading 0 of a mainland
    area code, and still tell every mainland mobile and US number apart.

    Parameters
    ----------
    value : str or None
        The number as written.

    Returns
    -------
    str or None
        None when there is no digit.

    Examples
    --------
    >>> phone_key("+86 20 1234 5678") == phone_key("020-12345678") == "2012345678"
    True
    """
    return phone_digits(value)[-10:] or None


def same_phone(a: Any, b: Any) -> bool:
    """Whether two written numbers are the same number, whatever their locale or format.

    Both must have at least 7 digits; they agree on their last ``min(10,
    shorter)`` digits (so a country code on one side only does not matter).

    Parameters
    ----------
    a, b : str or None
        The numbers as written.

    Returns
    -------
    bool

    Examples
    --------
    >>> same_phone("+86 138 1234 5678", "13812345678"), same_phone("123", "123")
    (True, False)
    """
    digits_a, digits_b = phone_digits(a), phone_digits(b)
    if len(digits_a) < 7 or len(digits_b) < 7:
        return False
    n = min(len(digits_a), len(digits_b), 10)
    return digits_a[-n:] == digits_b[-n:]
