"""Vectorised string building for the generator.

Millions of names, phones and JSON payloads are written with NumPy's string
ufuncs instead of Python loops; these helpers keep that readable.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.dtypes import StringDType


def join(*parts: object) -> np.ndarray:
    """Element-wise concatenation of arrays and scalars (fast NumPy string ufuncs).

    Parameters
    ----------
    *parts : array-like or scalar
        Strings or numbers; arrays must have the same length.

    Returns
    -------
    numpy.ndarray
        A ``StringDType`` array.

    Examples
    --------
    >>> join("(", np.array([212, 646]), ") ").tolist()
    ['(212) ', '(646) ']
    """
    string = StringDType()
    out = np.asarray(parts[0]).astype(string)
    for part in parts[1:]:
        out = np.strings.add(out, np.asarray(part).astype(string))
    return out


def zfill(values: np.ndarray, width: int) -> np.ndarray:
    """Whole numbers as zero-padded strings.

    Examples
    --------
    >>> zfill(np.array([7, 123]), 3).tolist()
    ['007', '123']
    """
    return np.char.zfill(np.asarray(values).astype(np.int64).astype(str), width)


def shared(values: np.ndarray) -> np.ndarray:
    """The same values as an object array in which equal strings are one Python object.

    Examples
    --------
    >>> tiers = shared(np.array(["gold", "gold", "silver"]))
    >>> tiers[0] is tiers[1]
    True
    >>> shared(np.array(["gold", None], dtype=object)).tolist()
    ['gold', None]
    """
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    out = np.asarray(uniques, dtype=object)[codes]
    out[codes < 0] = None  # a missing value stays missing (factorize codes it -1)
    return out


def labels(names: tuple[str, ...] | list[str], codes: np.ndarray) -> np.ndarray:
    """Category labels for integer codes, sharing one Python string per label (low memory).

    Examples
    --------
    >>> labels(("online", "store"), np.array([1, 0, 1])).tolist()
    ['store', 'online', 'store']
    """
    return np.array(list(names), dtype=object)[codes]
