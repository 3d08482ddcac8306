"""String similarity for record linkage: Jaro-Winkler and digit differences, from ``rapidfuzz``.

`rapidfuzz <https://rapidfuzz.github.io/RapidFuzz/>`_ is a well-kept C++
library of string metrics. :func:`jaro_winkler` is a thin wrapper around its
Jaro-Winkler, with the standard definition: characters match within a window,
transposed matches count half, and when the Jaro similarity is above 0.7 a
common prefix of up to four characters raises it by 0.1 per character (the
Winkler bonus). 1 means equal, 0 nothing in common.

The comparisons (:mod:`labkit.linkage.comparisons`) call :func:`coded_jaro_winkler`
and :func:`coded_digit_differences`, which compute each distinct pair of values
once, however many pairs of rows share it.

>>> jaro_winkler(["MARTHA", "Jesse Donovan"], ["MARHTA", "Jessica Parker"]).round(3).tolist()
[0.961, 0.574]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import Hamming, JaroWinkler

from labkit.i18n import _

__all__ = ["coded_digit_differences", "coded_jaro_winkler", "jaro_winkler"]


def jaro_winkler(a: Iterable[str], b: Iterable[str]) -> np.ndarray:
    """Jaro-Winkler similarity of each pair of strings (the standard definition).

    Parameters
    ----------
    a, b : sequences of str
        Equal-length sequences; pair ``k`` is ``(a[k], b[k])``.

    Returns
    -------
    numpy.ndarray
        Similarities between 0 (nothing in common) and 1 (equal).

    Raises
    ------
    ValueError
        If ``a`` and ``b`` differ in length, or hold something other than text.

    Examples
    --------
    >>> jaro_winkler(["MARTHA", "DIXON", "abc"], ["MARHTA", "DICKSONX", "xyz"]).round(3).tolist()
    [0.961, 0.813, 0.0]
    """
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError(
            _("a and b must have the same length, got {n} and {n2}").format(n=len(a), n2=len(b))
        )
    if not a:
        return np.zeros(0)
    try:
        return process.cpdist(a, b, scorer=JaroWinkler.normalized_similarity, dtype=np.float64)
    except TypeError as error:
        raise ValueError(
            _("jaro_winkler compares text (str values): {error}").format(error=error)
        ) from None


def _distinct_pairs(
    uniq: np.ndarray, codes_a: np.ndarray, codes_b: np.ndarray
) -> tuple[list[str], list[str], np.ndarray]:
    """The distinct pairs of values among coded pairs, and where each coded pair is among them."""
    size = max(len(uniq), 1)
    inverse, pair = pd.factorize(np.asarray(codes_a, dtype=np.int64) * size + codes_b)
    pair = np.asarray(pair, dtype=np.int64)
    return uniq[pair // size].tolist(), uniq[pair % size].tolist(), inverse


def coded_jaro_winkler(uniq: np.ndarray, codes_a: np.ndarray, codes_b: np.ndarray) -> np.ndarray:
    """Jaro-Winkler of coded pairs, computed once per distinct pair of values.

    Parameters
    ----------
    uniq : numpy.ndarray
        The distinct strings.
    codes_a, codes_b : numpy.ndarray
        Positions in ``uniq`` of each pair's two strings (none missing).

    Returns
    -------
    numpy.ndarray
        One similarity per pair.

    Examples
    --------
    >>> uniq = np.array(["Ann", "Anne"], dtype=object)
    >>> coded_jaro_winkler(uniq, np.array([0, 0, 1]), np.array([1, 1, 1])).round(3).tolist()
    [0.942, 0.942, 1.0]
    """
    if len(codes_a) == 0:
        return np.zeros(0)
    a, b, inverse = _distinct_pairs(uniq, codes_a, codes_b)
    return jaro_winkler(a, b)[inverse]


def coded_digit_differences(
    uniq: np.ndarray, codes_a: np.ndarray, codes_b: np.ndarray
) -> np.ndarray:
    """Positions at which two coded strings of the same length differ (-1 when the lengths differ).

    Parameters
    ----------
    uniq : numpy.ndarray
        The distinct strings (e.g. phone numbers as digits).
    codes_a, codes_b : numpy.ndarray
        Positions in ``uniq`` of each pair's two strings (none missing).

    Returns
    -------
    numpy.ndarray
        ``int64``: the Hamming distance, or -1 for strings of different lengths.

    Examples
    --------
    >>> uniq = np.array(["3812345678", "3812345679", "381234567"], dtype=object)
    >>> coded_digit_differences(uniq, np.array([0, 0]), np.array([1, 2])).tolist()
    [1, -1]
    """
    if len(codes_a) == 0:
        return np.zeros(0, dtype=np.int64)
    a, b, inverse = _distinct_pairs(uniq, codes_a, codes_b)
    distance = process.cpdist(a, b, scorer=Hamming.distance, dtype=np.int64)[inverse]
    lengths = np.array([len(text) for text in uniq], dtype=np.int64)
    return np.where(lengths[codes_a] == lengths[codes_b], distance, -1)
