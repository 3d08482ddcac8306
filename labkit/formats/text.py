"""Text as the parsers read it: one normal form, and the character classes they test.

Every parser of :mod:`labkit.formats` (and the standardisers and matchers built
on them) first passes a value through :func:`normalise`: Unicode NFKC (so
full-width ``１３８`` and ``＠`` become ``138`` and ``@``), stripped, and
``None`` for anything missing or blank. :func:`normalise_series` does the same
for a whole pandas Series, once per distinct value.

>>> normalise("  ＬＩ　Ｗｅｉ ")
'LI Wei'
>>> normalise("   ") is None
True
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from labkit.i18n import _

__all__ = [
    "CJK",
    "LETTER",
    "has_cjk",
    "has_letter",
    "is_missing",
    "normalise",
    "normalise_series",
    "parse_each",
]

#: A regular-expression class matching one Chinese (CJK unified) character.
CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
#: A regular-expression class matching one letter of any script (not a digit or ``_``).
LETTER = r"[^\W\d_]"

_CJK_RE = re.compile(CJK)
_LETTER_RE = re.compile(LETTER)


def is_missing(value: Any) -> bool:
    """Whether a value is missing: None, NaN, ``pd.NA`` or ``NaT`` (not blank text).

    Parameters
    ----------
    value : object
        Any single value.

    Returns
    -------
    bool

    Examples
    --------
    >>> [is_missing(v) for v in (None, float("nan"), pd.NA, pd.NaT, "", "x")]
    [True, True, True, True, False, False]
    """
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like values are not missing
        return False


def normalise(value: Any) -> str | None:
    """One value as NFKC-normalised, stripped text; None when missing or blank.

    A whole number stored as a float (``13812345678.0``, what pandas makes of a
    phone column with a gap in it) is written without its ``.0``, so it reads as
    the digits a person wrote, not as one digit more.

    Parameters
    ----------
    value : object
        Text, a number, or a missing value.

    Returns
    -------
    str or None

    Examples
    --------
    >>> normalise("（０２０）１２３４ ５６７８"), normalise(None), normalise(12)
    ('(020)1234 5678', None, '12')
    >>> normalise(13812345678.0), normalise(2.5)
    ('13812345678', '2.5')
    """
    if is_missing(value):
        return None
    if isinstance(value, (float, np.floating)) and math.isfinite(value) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text or None


def normalise_series(values: pd.Series) -> pd.Series:
    """:func:`normalise` applied to a Series, once per distinct value (object dtype, same index).

    Parameters
    ----------
    values : pandas.Series
        Any values.

    Returns
    -------
    pandas.Series
        Text or None, on the same index.

    Examples
    --------
    >>> normalise_series(pd.Series([" a ", None, "ｂ"])).tolist()
    ['a', None, 'b']
    """
    codes, uniq = pd.factorize(values.astype(object), use_na_sentinel=True)
    done = np.array([normalise(u) for u in uniq] + [None], dtype=object)
    return pd.Series(done[codes], index=values.index, dtype=object)


def has_cjk(text: str) -> bool:
    """Whether the text holds a Chinese character.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    bool

    Examples
    --------
    >>> has_cjk("Wei 张"), has_cjk("Wei Zhang")
    (True, False)
    """
    return _CJK_RE.search(text) is not None


def has_letter(text: str) -> bool:
    """Whether the text holds a letter of any script.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    bool

    Examples
    --------
    >>> has_letter("138O2345678"), has_letter("138-1234")
    (True, False)
    """
    return _LETTER_RE.search(text) is not None


def parse_each(values: pd.Series, parser: Callable[[Any], tuple]) -> pd.DataFrame:
    """Apply a one-value parser to a Series, once per distinct value, keeping the index.

    Parameters
    ----------
    values : pandas.Series
        The values as written; every kind of missing value is given to the
        parser as None.
    parser : callable
        A function of one value returning a named tuple (such as
        :func:`labkit.formats.phone.parse_phone` with its locale bound).

    Returns
    -------
    pandas.DataFrame
        One column per field of the named tuple (object dtype), same index.

    Examples
    --------
    >>> from typing import NamedTuple
    >>> class Length(NamedTuple):
    ...     n: int | None
    >>> parse_each(pd.Series(["ab", None, "ab"]), lambda v: Length(None if v is None else len(v)))
          n
    0     2
    1  None
    2     2
    """
    codes, uniq = pd.factorize(values.astype(object), use_na_sentinel=True)
    done = [parser(u) for u in uniq] + [parser(None)]
    fields = getattr(done[-1], "_fields", None)
    if fields is None:
        raise ValueError(_("parser must return a named tuple (its fields become the columns)"))
    columns = {
        name: np.fromiter((row[k] for row in done), dtype=object, count=len(done))[codes]
        for k, name in enumerate(fields)
    }
    return pd.DataFrame(columns, index=values.index, dtype=object)
