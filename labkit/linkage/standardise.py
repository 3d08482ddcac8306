"""Standardise for matching: the forms in which a column is blocked and compared.

The values themselves are standardised first, by :mod:`labkit.cleaning` (the
world's records: :func:`labkit.cleaning.standardise_records`). This module
turns a standardised column into its **comparison forms** (:class:`ColumnForms`):

* a **blocking key** per row (None when missing): two rows can only be compared
  when they share a key of some blocking rule;
* the distinct compared values and each row's **code** among them, so that every
  similarity is computed once per distinct pair of values, not once per pair of rows.

Forms per kind of column: :func:`text_forms` (case and runs of spaces ignored),
:func:`phone_forms` (the last ten digits), :func:`date_forms` (the day, and
year, month and day apart) and :func:`name_forms` (the name as written, its
words in sorted order, and a Latin form in which Chinese characters are
spelled in pinyin, so 张伟 and "Wei Zhang" meet).

>>> import pandas as pd
>>> forms = name_forms(pd.Series(["John Smith", "SMITH, John", None]))
>>> forms.block.tolist(), forms.codes.tolist()
(['john smith', 'john smith', None], [0, 1, -1])
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from labkit.cleaning import standardise_date
from labkit.formats.phone import phone_key
from labkit.formats.text import CJK, has_cjk, normalise, normalise_series

__all__ = [
    "ColumnForms",
    "coded",
    "date_forms",
    "name_forms",
    "phone_forms",
    "pinyin_of",
    "text_forms",
]


@dataclass(frozen=True)
class ColumnForms:
    """The comparison forms of one column (one entry per row, in the frame's order)."""

    #: Blocking key of each row (object array; None where the value is missing).
    block: np.ndarray
    #: Code of each row's compared value in ``uniq`` (-1 where missing).
    codes: np.ndarray
    #: The distinct compared values.
    uniq: np.ndarray
    #: Further forms a comparison needs (a name's Latin form, a date's parts …).
    extra: Mapping[str, np.ndarray] = field(default_factory=dict)


def coded(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes (-1 for missing) and the distinct values.

    Parameters
    ----------
    values : array-like
        Values, None where missing.

    Returns
    -------
    codes : numpy.ndarray
        ``int64``, one per value.
    uniq : numpy.ndarray
        The distinct values, in order of first appearance.

    Examples
    --------
    >>> codes, uniq = coded(["b", None, "a", "b"])
    >>> codes.tolist(), uniq.tolist()
    ([0, -1, 1, 0], ['b', 'a'])
    """
    codes, uniq = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    return codes.astype(np.int64), np.asarray(uniq, dtype=object)


def _keys(values: pd.Series, key: Callable[[str], str | None]) -> np.ndarray:
    """``key`` of each normalised value (None where missing), computed once per distinct value."""
    codes, uniq = pd.factorize(values.astype(object), use_na_sentinel=True)
    done = [None if (text := normalise(u)) is None else key(text) for u in uniq]
    return np.array([*done, None], dtype=object)[codes]


def _same_keys(key: np.ndarray) -> ColumnForms:
    codes, uniq = coded(key)
    return ColumnForms(block=key, codes=codes, uniq=uniq)


def text_forms(values: pd.Series) -> ColumnForms:
    """Text compared without regard to case or runs of spaces (also the key of exact matches).

    Parameters
    ----------
    values : pandas.Series
        Any values.

    Returns
    -------
    ColumnForms
        The key is also the compared value.

    Examples
    --------
    >>> text_forms(pd.Series(["1 High  St", "1 high st"])).codes.tolist()
    [0, 0]
    """
    return _same_keys(_keys(values, lambda text: re.sub(r"\s+", " ", text.casefold())))


def phone_forms(values: pd.Series) -> ColumnForms:
    """Phones compared by their last ten digits (:func:`labkit.formats.phone.phone_key`).

    Ten digits drop any country code (+86, +1) and the leading 0 of an area
    code, and still tell every mainland mobile and US number apart.

    Parameters
    ----------
    values : pandas.Series
        Phone numbers (standardised or as written).

    Returns
    -------
    ColumnForms
        The key is also the compared value.

    Examples
    --------
    >>> phone_forms(pd.Series(["+86 138 1234 5678", "13812345678"])).block.tolist()
    ['3812345678', '3812345678']
    """
    return _same_keys(_keys(values, phone_key))


def date_forms(values: pd.Series) -> ColumnForms:
    """Dates compared as days (``YYYY-MM-DD``), with year, month and day apart in ``extra``.

    Parameters
    ----------
    values : pandas.Series
        Dates, or text read by :func:`labkit.cleaning.standardise_date`.

    Returns
    -------
    ColumnForms
        ``extra`` holds ``y``, ``m`` and ``d`` (floats, NaN where missing).

    Examples
    --------
    >>> forms = date_forms(pd.Series(["1990-01-02", "02/01/1990", None]))
    >>> forms.block.tolist(), forms.extra["m"].tolist()
    (['1990-01-02', '1990-02-01', None], [1.0, 2.0, nan])
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        dates = pd.Series(pd.to_datetime(values), index=values.index)
    else:
        dates = standardise_date(values)["value"]
    key = np.where(dates.isna().to_numpy(), None, dates.dt.strftime("%Y-%m-%d").to_numpy(object))
    codes, uniq = coded(key)
    parts = {
        "y": dates.dt.year.to_numpy(float),
        "m": dates.dt.month.to_numpy(float),
        "d": dates.dt.day.to_numpy(float),
    }
    return ColumnForms(block=key, codes=codes, uniq=uniq, extra=parts)


@cache
def pinyin_of(char: str) -> str:
    """The pinyin of one Chinese character, without tone (the character itself without pypinyin).

    Parameters
    ----------
    char : str
        One character.

    Returns
    -------
    str

    Examples
    --------
    >>> pinyin_of("张")
    'zhang'
    """
    try:
        # imported when first needed: loading pypinyin's dictionaries takes about 0.4 s
        from pypinyin import lazy_pinyin
    except ImportError:  # pragma: no cover - pypinyin is a dependency
        return char
    return "".join(lazy_pinyin(char))


def _name_variants(name: str) -> tuple[str, str, str]:
    """(as written, blocking key, Latin form) of one normalised name."""
    written = re.sub(r"[\s,.\-']+", " ", name.casefold()).strip()
    if has_cjk(written):
        written = written.replace(" ", "")
        chars = [c for c in written if re.match(CJK, c)]
        head = pinyin_of(chars[0]) if chars else written
        tokens = [t for t in (head, "".join(pinyin_of(c) for c in chars[1:])) if t]
        words = written
    else:
        tokens = written.split()
        words = " ".join(sorted(tokens))
    return written, words, " ".join(sorted(tokens))


def name_forms(values: pd.Series) -> ColumnForms:
    """Names compared as written (normalised) and in a Latin form; blocked by their sorted words.

    Chinese characters are spelled in pinyin for the Latin form, the surname
    (first character) apart from the given name (the rest), so 张伟 and "Wei
    Zhang" have the same Latin form ``"wei zhang"``.

    Parameters
    ----------
    values : pandas.Series
        Names.

    Returns
    -------
    ColumnForms
        ``extra`` holds ``latin_codes`` / ``latin_uniq`` (the Latin forms, coded) and
        ``cjk`` (whether each distinct written form holds Chinese characters).

    Examples
    --------
    >>> forms = name_forms(pd.Series(["张伟", "Wei Zhang"]))
    >>> forms.extra["latin_uniq"].tolist(), forms.extra["cjk"].tolist()
    (['wei zhang'], [True, False])
    """
    text = normalise_series(values)
    codes, uniq = pd.factorize(text)
    variants = [_name_variants(u) for u in uniq]

    def spread(position: int) -> np.ndarray:
        return np.array([v[position] for v in variants] + [None], dtype=object)[codes]

    written_codes, written_uniq = coded(spread(0))
    latin_codes, latin_uniq = coded(spread(2))
    cjk = np.array([has_cjk(str(u)) for u in written_uniq], dtype=bool)
    return ColumnForms(
        block=spread(1),
        codes=written_codes,
        uniq=written_uniq,
        extra={"latin_codes": latin_codes, "latin_uniq": latin_uniq, "cjk": cjk},
    )
