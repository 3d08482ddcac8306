"""Scoring: one number per candidate pair, from the similarities of its columns.

A pair's score is the weighted mean similarity over the columns **both**
records have::

    score = sum(weight × similarity) / max(weight available, MIN_EVIDENCE × total weight)

A column missing in either record neither helps nor hurts — unless so little is
left that the pair cannot be judged: that is the **evidence rule**. With less
than :data:`MIN_EVIDENCE` of the total weight available, the denominator stays
at that share, so two records that agree only on a birth date cannot score 1.

>>> import numpy as np, pandas as pd
>>> df = pd.DataFrame({"name": ["Ann Lee", "Lee, Ann", "Bob Ray"], "zip": ["1", "1", "2"]})
>>> score_pairs(df, np.array([[0, 1], [0, 2]]), {"name": "name", "zip": "exact"})
   i  j  name  zip  score
0  0  1   1.0  1.0    1.0
1  0  2   0.0  0.0    0.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from labkit.linkage.comparisons import Comparison, as_comparisons
from labkit.linkage.standardise import ColumnForms

__all__ = ["MIN_EVIDENCE", "prepare", "score_pairs", "weighted_score"]

#: Share of the total weight a pair must have available (in both records) before
#: it can score 1; with less, the score is scaled down.
MIN_EVIDENCE = 0.25


def prepare(df: pd.DataFrame, comparisons: Sequence[Comparison]) -> dict[str, ColumnForms]:
    """The comparison forms of every compared column, by column name.

    Parameters
    ----------
    df : pandas.DataFrame
        The records.
    comparisons : sequence of Comparison
        What is compared.

    Returns
    -------
    dict of str to ColumnForms

    Examples
    --------
    >>> from labkit.linkage.comparisons import ExactMatch
    >>> prepare(pd.DataFrame({"zip": ["1", None]}), [ExactMatch("zip")])["zip"].codes.tolist()
    [0, -1]
    """
    return {c.column: c.prepare(df[c.column]) for c in comparisons}


def weighted_score(
    comparisons: Sequence[Comparison],
    forms: Mapping[str, ColumnForms],
    i: np.ndarray,
    j: np.ndarray,
    min_evidence: float | None = None,
    prune_below: float | None = None,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Per-column similarities and the weighted score of the row pairs ``(i[k], j[k])``.

    The cheap comparisons are computed first. With ``prune_below``, the costly
    ones are computed only for pairs that could still reach it; the others keep
    NaN similarities and a score below it.

    Parameters
    ----------
    comparisons : sequence of Comparison
        What is compared.
    forms : mapping
        The comparison forms of each compared column (see :func:`prepare`).
    i, j : numpy.ndarray
        Row positions of each pair.
    min_evidence : float, optional
        Default :data:`MIN_EVIDENCE`.
    prune_below : float, optional
        A threshold no pair below which needs its exact score.

    Returns
    -------
    similarities : dict of str to numpy.ndarray
        One array per compared column, in the order of ``comparisons``.
    score : numpy.ndarray
        One score per pair.

    Examples
    --------
    >>> from labkit.linkage.comparisons import ExactMatch
    >>> df = pd.DataFrame({"a": ["x", "x", None], "b": ["y", "z", "y"]})
    >>> compare = [ExactMatch("a"), ExactMatch("b")]
    >>> weighted_score(compare, prepare(df, compare), np.array([0, 0]), np.array([1, 2]))[1]
    array([0.5, 1. ])
    """
    min_evidence = MIN_EVIDENCE if min_evidence is None else min_evidence
    floor = max(min_evidence * sum(c.weight for c in comparisons), 1e-12)
    available = np.zeros(len(i))
    for comparison in comparisons:
        codes = forms[comparison.column].codes
        available += np.where((codes[i] >= 0) & (codes[j] >= 0), comparison.weight, 0.0)
    denominator = np.maximum(available, floor)
    order = sorted(comparisons, key=lambda c: not c.cheap)  # stable: cheap ones first
    similarities: dict[str, np.ndarray] = {}
    total = np.zeros(len(i))
    pending = available.copy()  # weight of the columns not compared yet, where both have values
    live = np.ones(len(i), bool)
    for comparison in order:
        column_forms = forms[comparison.column]
        present = (column_forms.codes[i] >= 0) & (column_forms.codes[j] >= 0)
        if prune_below is not None and not comparison.cheap:
            live &= (total + pending) / denominator >= prune_below
        sim = np.full(len(i), np.nan)
        rows = np.flatnonzero(live)
        sim[rows] = comparison.similarity(column_forms, i[rows], j[rows])
        similarities[comparison.column] = sim
        total += np.where(present & live, comparison.weight * np.nan_to_num(sim), 0.0)
        pending -= np.where(present, comparison.weight, 0.0)
    return {c.column: similarities[c.column] for c in comparisons}, total / denominator


def score_pairs(
    df: pd.DataFrame,
    pairs: np.ndarray,
    compare: Mapping[str, Any] | Sequence[Comparison],
    min_evidence: float | None = None,
) -> pd.DataFrame:
    """Similarity per compared column and the weighted score of each candidate pair.

    Parameters
    ----------
    df : pandas.DataFrame
        The records.
    pairs : numpy.ndarray
        ``(k, 2)`` row positions, e.g. from :func:`labkit.linkage.candidate_pairs`.
    compare : mapping or list
        Column → kind (or ``(kind, weight)``), or a list of comparisons, as for
        :func:`labkit.linkage.find_duplicates`.
    min_evidence : float, optional
        Share of the total weight that must be available before a pair can
        score 1; default :data:`MIN_EVIDENCE`.

    Returns
    -------
    pandas.DataFrame
        Columns ``i``, ``j``, one similarity column per compared column (NaN where
        missing) and ``score``.

    Raises
    ------
    ValueError
        If ``df`` is not a DataFrame or ``compare`` is not valid for it.

    Examples
    --------
    >>> df = pd.DataFrame({"name": ["Ann Lee", "Lee, Ann", "Bob Ray"], "zip": ["1", "1", "2"]})
    >>> scores = score_pairs(df, np.array([[0, 1], [0, 2]]), {"name": "name", "zip": "exact"})
    >>> scores["score"].round(2).tolist()
    [1.0, 0.0]
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"score_pairs works on a pandas DataFrame, not {type(df).__name__}")
    comparisons = as_comparisons(df.columns, compare)
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    i, j = pairs[:, 0], pairs[:, 1]
    similarities, score = weighted_score(comparisons, prepare(df, comparisons), i, j, min_evidence)
    return pd.DataFrame({"i": i, "j": j, **similarities, "score": score})
