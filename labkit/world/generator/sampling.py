"""Categorical draws shared by the generator's modules.

Each helper makes one draw per row without building a big matrix of
probabilities where it can avoid it, so worlds of millions of rows stay small.
"""

from __future__ import annotations

import numpy as np


def softmax_rows(logits: np.ndarray) -> np.ndarray:
    """Probabilities from a matrix of logits, one row per draw.

    Parameters
    ----------
    logits : numpy.ndarray
        Shape ``(n, k)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, k)``; each row sums to 1.

    Examples
    --------
    >>> softmax_rows(np.array([[0.0, 0.0], [0.0, np.log(3.0)]])).round(2).tolist()
    [[0.5, 0.5], [0.25, 0.75]]
    """
    exponentials = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exponentials / exponentials.sum(axis=1, keepdims=True)


def choice_by_group(rng: np.random.Generator, group: np.ndarray, table: np.ndarray) -> np.ndarray:
    """One category per element, drawn from the probability row of its group.

    Parameters
    ----------
    rng : numpy.random.Generator
    group : numpy.ndarray
        Whole numbers, each a row of ``table``.
    table : numpy.ndarray
        Shape ``(n_groups, n_categories)``: the weights of each group (normalised here).

    Returns
    -------
    numpy.ndarray
        One category index (int64) per element of ``group``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> choice_by_group(rng, np.array([0, 1, 0]), np.array([[1.0, 0.0], [0.0, 1.0]])).tolist()
    [0, 1, 0]
    """
    out = np.zeros(len(group), np.int64)
    for row in range(len(table)):
        members = np.flatnonzero(group == row)
        if len(members):
            weights = table[row] / table[row].sum()
            out[members] = rng.choice(table.shape[1], size=len(members), p=weights)
    return out


def choice_rows(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One category per row of a matrix of (possibly unnormalised) probabilities.

    Parameters
    ----------
    rng : numpy.random.Generator
    probabilities : numpy.ndarray
        Shape ``(n, k)``.

    Returns
    -------
    numpy.ndarray
        One column index per row.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> choice_rows(rng, np.array([[0.0, 1.0], [1.0, 0.0]])).tolist()
    [1, 0]
    """
    cumulative = np.cumsum(probabilities, axis=1)
    uniform = rng.random(len(probabilities))[:, None] * cumulative[:, -1:]
    return (uniform > cumulative).sum(axis=1)
