"""String similarity for record linkage: Jaro-Winkler, vectorised with NumPy.

:func:`jaro_winkler` compares many pairs of strings at once (1 equal, 0 nothing
in common). :func:`rescale` turns it into the similarity the comparisons use,
where :data:`JW_FLOOR` or less counts as no agreement at all.

>>> jaro_winkler(["MARTHA"], ["MARHTA"]).round(3).tolist()
[0.961]
>>> rescale(jaro_winkler(["张勇"], ["张瑜"])).round(2).tolist()
[0.25]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = ["JW_FLOOR", "char_codes", "coded_jaro_winkler", "jaro_winkler", "rescale"]

#: Jaro-Winkler at or below this counts as no agreement (names and free text).
JW_FLOOR = 0.6
_CHUNK = 100_000  # pairs compared at once (bounds the memory of the character matrices)


def char_codes(strings: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Strings as a matrix of Unicode code points (one row each, zero-padded) and their lengths.

    Parameters
    ----------
    strings : numpy.ndarray
        Strings.
    width : int
        Columns of the matrix; longer strings are cut.

    Returns
    -------
    codes : numpy.ndarray
        ``uint32``, shape ``(len(strings), width)``.
    lengths : numpy.ndarray
        Length of each string (at most ``width``).

    Examples
    --------
    >>> codes, lengths = char_codes(np.array(["ab", "c"]), 2)
    >>> codes.tolist(), lengths.tolist()
    ([[97, 98], [99, 0]], [2, 1])
    """
    arr = np.asarray(strings, dtype=f"<U{width}")
    return arr.view(np.uint32).reshape(len(arr), width), np.char.str_len(arr)


def jaro_winkler(a: Iterable[str], b: Iterable[str], max_len: int = 32) -> np.ndarray:
    """Jaro-Winkler similarity of each pair of strings, vectorised with NumPy.

    1 means equal, 0 means nothing in common. Characters are matched within a
    window, transposed matches count half, and a common prefix of up to four
    characters raises the score (Winkler's boost, 0.1 per character).

    Parameters
    ----------
    a, b : sequences of str
        Equal-length sequences; pair ``i`` is ``(a[i], b[i])``.
    max_len : int
        Strings are compared on their first ``max_len`` characters.

    Returns
    -------
    numpy.ndarray
        Similarities between 0 and 1.

    Raises
    ------
    ValueError
        If ``a`` and ``b`` differ in length.

    Examples
    --------
    >>> jaro_winkler(["MARTHA", "DIXON", "abc"], ["MARHTA", "DICKSONX", "xyz"]).round(3).tolist()
    [0.961, 0.813, 0.0]
    """
    a = np.asarray(list(a), dtype=object)
    b = np.asarray(list(b), dtype=object)
    if len(a) != len(b):
        raise ValueError(f"a and b must have the same length, got {len(a)} and {len(b)}")
    out = np.zeros(len(a))
    if len(a) == 0:
        return out
    equal = a == b
    out[equal] = 1.0
    todo = np.flatnonzero(~equal)
    for start in range(0, len(todo), _CHUNK):
        part = todo[start : start + _CHUNK]
        out[part] = _jaro_winkler_unequal(a[part], b[part], max_len)
    return out


def _jaro_winkler_unequal(a: np.ndarray, b: np.ndarray, max_len: int) -> np.ndarray:
    """Jaro-Winkler of pairs of strings (the work of :func:`jaro_winkler`)."""
    width = max(1, min(max_len, max(max(map(len, a)), max(map(len, b)))))
    codes_a, len_a = char_codes(a, width)
    codes_b, len_b = char_codes(b, width)
    n = len(codes_a)
    window = np.maximum(np.maximum(len_a, len_b) // 2 - 1, 0)
    columns = np.arange(width)
    in_b = columns[None, :] < len_b[:, None]
    matched_a = np.zeros((n, width), bool)
    matched_b = np.zeros((n, width), bool)
    for i in range(int(len_a.max())):
        live = np.flatnonzero(len_a > i)
        if live.size == 0:
            break
        low = np.maximum(i - window[live], 0)
        high = i + window[live]
        near = (columns[None, :] >= low[:, None]) & (columns[None, :] <= high[:, None])
        candidate = (
            (codes_b[live] == codes_a[live, i][:, None]) & ~matched_b[live] & near & in_b[live]
        )
        has = candidate.any(axis=1)
        first = candidate.argmax(axis=1)
        rows = live[has]
        matched_b[rows, first[has]] = True
        matched_a[rows, i] = True
    matches = matched_a.sum(axis=1)
    order_a = np.argsort(~matched_a, axis=1, kind="stable")
    order_b = np.argsort(~matched_b, axis=1, kind="stable")
    sorted_a = np.take_along_axis(codes_a, order_a, axis=1)
    sorted_b = np.take_along_axis(codes_b, order_b, axis=1)
    within = columns[None, :] < matches[:, None]
    transpositions = ((sorted_a != sorted_b) & within).sum(axis=1) / 2
    m = matches.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        jaro = np.where(
            matches > 0,
            (
                m / np.maximum(len_a, 1)
                + m / np.maximum(len_b, 1)
                + (m - transpositions) / np.maximum(m, 1)
            )
            / 3,
            0.0,
        )
    k = min(4, width)
    same = (codes_a[:, :k] == codes_b[:, :k]) & (
        columns[None, :k] < np.minimum(len_a, len_b)[:, None]
    )
    prefix = np.cumprod(same, axis=1).sum(axis=1)
    return jaro + 0.1 * prefix * (1 - jaro)


def rescale(jw: np.ndarray) -> np.ndarray:
    """Jaro-Winkler rescaled so that :data:`JW_FLOOR` or less counts as no agreement at all.

    Unrelated short strings often reach a Jaro-Winkler of 0.6-0.7 (张勇 / 张瑜:
    0.70); the rescaled similarity keeps such pairs from adding up to a match.

    Parameters
    ----------
    jw : numpy.ndarray
        Jaro-Winkler similarities.

    Returns
    -------
    numpy.ndarray
        ``(jw - JW_FLOOR) / (1 - JW_FLOOR)``, clipped to [0, 1].

    Examples
    --------
    >>> rescale(np.array([0.5, 0.8, 1.0])).round(2).tolist()
    [0.0, 0.5, 1.0]
    """
    return np.clip((jw - JW_FLOOR) / (1 - JW_FLOOR), 0.0, 1.0)


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
    size = max(len(uniq), 1)
    pair, inverse = np.unique(codes_a * size + codes_b, return_inverse=True)
    return jaro_winkler(uniq[pair // size], uniq[pair % size])[inverse]
