"""Formats: how phone numbers, e-mail addresses, dates and places are written and read.

A leaf package: it imports nothing from the kit except :mod:`labkit.settings`,
so the world, the teaching modules and the database can all build on it. Each
format has **one parser** (text → the standard form, or the reason it cannot be
read; never an exception for a bad value) and its validators are built on that
parser, so a standardiser, a validity rule and a mask can never disagree.

Modules
-------
text
    The normal form every parser reads (NFKC, stripped, None when blank) and
    the character classes (Chinese characters, letters).
phone
    :func:`parse_phone`: national digits, canonical form and kind per locale;
    :func:`is_cn_mobile`, :func:`is_us_number`; :func:`phone_digits`,
    :func:`phone_key`, :func:`same_phone` for numbers of unknown locale.
numbers
    :func:`parse_number`: a number written as text, refused when a comma or
    point could separate thousands or decimals.
email
    :data:`EMAIL_PATTERN` (the one pattern, either case), :data:`DOMAIN_TYPOS`,
    :func:`parse_email`, :func:`is_email`.
dates
    :data:`DATE_FORMATS`, :data:`DATE_SHAPES`, English :data:`MONTH_NAMES`,
    :func:`parse_date`, :func:`read_dates`; the database's strict formats and
    :func:`parse_strict_datetime`.
regions
    The region table :func:`regions`, its spellings, :func:`known_places` and
    :func:`parse_region`.

Examples
--------
>>> from labkit import formats
>>> formats.parse_phone("138 1234 5678", "zh_CN").canonical
'13812345678'
>>> formats.parse_email("LI@QQ.CON").address
'li@qq.com'
>>> formats.parse_number("1234,56").reason
'ambiguous separators'
"""

from __future__ import annotations

from labkit.formats.dates import (
    DATE_FORMATS,
    DATE_SHAPES,
    MONTH_NAMES,
    MONTHS,
    STRICT_DATE_FORMATS,
    STRICT_DATETIME_FORMATS,
    ParsedDate,
    parse_date,
    parse_strict_datetime,
    read_dates,
)
from labkit.formats.email import DOMAIN_TYPOS, EMAIL_PATTERN, ParsedEmail, is_email, parse_email
from labkit.formats.numbers import AMBIGUOUS_NUMBER_HELP, ParsedNumber, parse_number
from labkit.formats.phone import (
    COUNTRY_CODES,
    ParsedPhone,
    is_cn_mobile,
    is_us_number,
    parse_phone,
    phone_digits,
    phone_key,
    same_phone,
)
from labkit.formats.regions import ParsedRegion, known_places, parse_region, regions
from labkit.formats.text import normalise, normalise_series
from labkit.settings import check_locale

__all__ = [
    "AMBIGUOUS_NUMBER_HELP",
    "COUNTRY_CODES",
    "DATE_FORMATS",
    "DATE_SHAPES",
    "DOMAIN_TYPOS",
    "EMAIL_PATTERN",
    "MONTHS",
    "MONTH_NAMES",
    "STRICT_DATETIME_FORMATS",
    "STRICT_DATE_FORMATS",
    "ParsedDate",
    "ParsedEmail",
    "ParsedNumber",
    "ParsedPhone",
    "ParsedRegion",
    "is_cn_mobile",
    "is_email",
    "is_us_number",
    "known_places",
    "normalise",
    "normalise_series",
    "parse_date",
    "parse_email",
    "parse_number",
    "parse_phone",
    "parse_region",
    "parse_strict_datetime",
    "phone_digits",
    "phone_key",
    "read_dates",
    "regions",
    "check_locale",
    "same_phone",
]
