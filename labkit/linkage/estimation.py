"""Estimation: the Fellegi–Sunter model's m, u and prior, learnt from the records themselves.

Nobody sets the weights by hand; :func:`estimate_model` reads them off the data:

1. **u from random pairs.** Two records drawn at random are almost never one
   person, so the share of random pairs at each agreement level estimates u
   (:func:`estimate_u`; all pairs when there are few, else
   :data:`RANDOM_PAIRS` of them, drawn with a fixed seed so results repeat).
2. **m and the prior by EM over the candidate pairs.** Which candidate pairs
   are matches is unknown; the expectation-maximisation algorithm
   (:func:`expectation_maximisation`) alternates between the match probability
   of each pair under the current m (E step) and new m from the pairs weighted
   by those probabilities (M step), u staying fixed. The prior λ is the expected
   number of matches over the number of all pairs: blocking keeps (nearly)
   every match among the candidates.

Small tables hold little evidence: every m is pulled towards a generic
starting value by :data:`PSEUDO_PAIRS` pseudo-pairs, and every u count starts
at one half, so no level is certain.

>>> import pandas as pd
>>> people = pd.DataFrame({"name": ["Ann Lee", "Ann Lee", "Bob Ray", "Cy Ode"],
...                        "zip": ["1", "1", "2", "1"]})
>>> model = estimate_model(people, {"name": "name", "zip": "exact"}, block_on=["zip"])
>>> model.table()["column"].tolist()
['name', 'name', 'name', 'name', 'zip', 'zip']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from labkit.i18n import _
from labkit.linkage.blocking import BlockingRule, as_blocking_rules, blocking_keys, pairs_from_keys
from labkit.linkage.comparisons import Comparison, as_comparisons, comparison_levels
from labkit.linkage.model import MatchModel, probability_of_weight
from labkit.linkage.standardise import ColumnForms

__all__ = [
    "MAX_ITERATIONS",
    "PSEUDO_PAIRS",
    "RANDOM_PAIRS",
    "estimate_model",
    "estimate_u",
    "expectation_maximisation",
    "fit",
    "prepare",
    "distinct_vectors",
    "random_pairs",
    "start_m",
]

#: Random pairs drawn to estimate u (all pairs when a table has fewer).
RANDOM_PAIRS = 100_000
#: EM stops after this many rounds, or earlier when no m moves by more than 1e-6.
MAX_ITERATIONS = 200
#: Weight of the generic starting m in each m estimate, in pairs (matters on small tables only).
PSEUDO_PAIRS = 1.0


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


def random_pairs(n: int, count: int = RANDOM_PAIRS, seed: int = 0) -> np.ndarray:
    """Pairs of distinct rows drawn at random; every pair when ``n`` rows have at most ``count``.

    Parameters
    ----------
    n : int
        Number of rows.
    count : int
        How many pairs to draw.
    seed : int
        Seed of the random draw (the same pairs every time).

    Returns
    -------
    numpy.ndarray
        Shape ``(k, 2)``, ``i < j``.

    Examples
    --------
    >>> random_pairs(3).tolist()
    [[0, 1], [0, 2], [1, 2]]
    >>> random_pairs(1_000, count=5).shape
    (5, 2)
    """
    if n * (n - 1) // 2 <= count:
        i, j = np.triu_indices(n, k=1)
        return np.stack([i, j], axis=1).astype(np.int64)
    rng = np.random.default_rng(seed)
    i = rng.integers(0, n, size=count)
    j = (i + rng.integers(1, n, size=count)) % n  # never i itself
    return np.stack([np.minimum(i, j), np.maximum(i, j)], axis=1).astype(np.int64)


def _level_shares(
    levels: np.ndarray, n_levels: int, weights: np.ndarray | None = None
) -> np.ndarray:
    """Weighted count of each level (missing, -1, left out)."""
    present = levels >= 0
    return np.bincount(
        levels[present], weights=None if weights is None else weights[present], minlength=n_levels
    ).astype(float)


def estimate_u(
    comparisons: Sequence[Comparison],
    forms: Mapping[str, ColumnForms],
    n: int,
    count: int = RANDOM_PAIRS,
    seed: int = 0,
) -> list[np.ndarray]:
    """u of each level of each comparison: its share among random pairs of records.

    Parameters
    ----------
    comparisons : sequence of Comparison
        What is compared.
    forms : mapping
        The comparison forms of each compared column (:func:`prepare`).
    n : int
        Number of records.
    count, seed : int
        How many random pairs, and the seed (:func:`random_pairs`).

    Returns
    -------
    list of numpy.ndarray
        Per comparison, one probability per level (each count starts at one half).

    Examples
    --------
    >>> from labkit.linkage.comparisons import ExactMatch
    >>> compare = [ExactMatch("zip")]
    >>> df = pd.DataFrame({"zip": ["1", "1", "2", "3"]})
    >>> estimate_u(compare, prepare(df, compare), len(df))[0].round(3).tolist()
    [0.786, 0.214]
    """
    pairs = random_pairs(n, count, seed)
    levels = comparison_levels(comparisons, forms, pairs[:, 0], pairs[:, 1])
    out = []
    for column, comparison in enumerate(comparisons):
        counts = _level_shares(levels[:, column], len(comparison.levels)) + 0.5
        out.append(counts / counts.sum())
    return out


def distinct_vectors(levels: np.ndarray, n_levels: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct comparison vectors among the rows of ``levels``, and how often each occurs.

    Parameters
    ----------
    levels : numpy.ndarray
        ``(pairs, comparisons)`` agreement levels, -1 where missing.
    n_levels : sequence of int
        Number of levels of each comparison.

    Returns
    -------
    vectors : numpy.ndarray
        ``int8``, one row per distinct vector.
    counts : numpy.ndarray
        How many pairs have each.

    Examples
    --------
    >>> vectors, counts = distinct_vectors(np.array([[1, -1], [0, 2], [1, -1]]), [2, 3])
    >>> vectors.tolist(), counts.tolist()
    ([[1, -1], [0, 2]], [2, 1])
    """
    levels = np.asarray(levels, dtype=np.int64).reshape(-1, len(n_levels))
    key = np.zeros(len(levels), dtype=np.int64)  # the vector as one number: a mixed radix
    for column, size in enumerate(n_levels):
        key = key * (size + 1) + levels[:, column] + 1
    codes, uniq = pd.factorize(key)
    vectors = np.empty((len(uniq), len(n_levels)), dtype=np.int8)
    rest = np.asarray(uniq, dtype=np.int64)
    for column in reversed(range(len(n_levels))):
        size = n_levels[column] + 1
        vectors[:, column] = rest % size - 1
        rest = rest // size
    return vectors, np.bincount(codes, minlength=len(uniq))


def start_m(n_levels: int) -> np.ndarray:
    """The generic m that EM starts from: most matches agree fully, few disagree.

    Parameters
    ----------
    n_levels : int
        Number of levels (at least 2).

    Returns
    -------
    numpy.ndarray
        Probabilities from "different" up, summing to 1.

    Examples
    --------
    >>> start_m(2).tolist(), start_m(4).round(2).tolist()
    ([0.1, 0.9], [0.05, 0.1, 0.1, 0.75])
    """
    if n_levels == 2:
        return np.array([0.1, 0.9])
    return np.array([0.05, *[0.2 / (n_levels - 2)] * (n_levels - 2), 0.75])


def expectation_maximisation(
    levels: np.ndarray,
    u: Sequence[np.ndarray],
    m: Sequence[np.ndarray],
    total_pairs: int,
    prior: float,
    pseudo_pairs: float = PSEUDO_PAIRS,
) -> tuple[list[np.ndarray], float, int]:
    """m and the prior by expectation-maximisation over the candidate pairs, u fixed.

    Works on the distinct comparison vectors and their counts, so a round costs
    the same for a thousand pairs or ten million.

    Parameters
    ----------
    levels : numpy.ndarray
        ``(pairs, comparisons)`` agreement levels of the candidate pairs, -1 where missing.
    u : sequence of numpy.ndarray
        u per comparison (:func:`estimate_u`), kept fixed.
    m : sequence of numpy.ndarray
        Starting m per comparison (:func:`start_m`), also the pull of small tables.
    total_pairs : int
        The number of all pairs of records (``n * (n - 1) / 2``): λ is the expected
        number of matches over it.
    prior : float
        Starting λ.
    pseudo_pairs : float
        Weight of the starting m in each estimate, in pairs.

    Returns
    -------
    m : list of numpy.ndarray
        The estimated m per comparison.
    prior : float
        The estimated λ.
    rounds : int
        Rounds taken.

    Examples
    --------
    >>> levels = np.array([[1], [1], [0], [0], [0], [0]])
    >>> m, prior, _ = expectation_maximisation(levels, [np.array([0.99, 0.01])],
    ...                                        [np.array([0.1, 0.9])], 100, 0.01)
    >>> m[0].round(2).tolist(), round(prior, 3)
    ([0.05, 0.95], 0.01)
    """
    starting = [np.asarray(start, dtype=float) for start in m]
    vectors, counts = distinct_vectors(levels, [len(start) for start in starting])
    log_u = [np.log2(share) for share in u]
    m = [start.copy() for start in starting]
    rounds = 0
    for rounds in range(1, MAX_ITERATIONS + 1):  # noqa: B007 - the count is returned
        weight = np.full(len(vectors), np.log2(prior / (1 - prior)))
        for column, (m_column, log_u_column) in enumerate(zip(m, log_u, strict=True)):
            present = vectors[:, column] >= 0
            level = vectors[present, column]
            weight[present] += np.log2(m_column[level]) - log_u_column[level]
        matches = counts * probability_of_weight(weight)  # E step: expected matches per vector
        new_m = []
        for column, start in enumerate(starting):
            shares = _level_shares(vectors[:, column], len(start), matches)
            new_m.append((shares + pseudo_pairs * start) / (shares.sum() + pseudo_pairs))
        prior = float(np.clip(matches.sum() / max(total_pairs, 1), 1e-12, 0.5))  # M step
        moved = max(float(np.abs(new - old).max()) for new, old in zip(new_m, m, strict=True))
        m = new_m
        if moved < 1e-6:
            break
    return m, prior, rounds


def fit(
    comparisons: Sequence[Comparison],
    forms: Mapping[str, ColumnForms],
    n: int,
    candidate_levels: np.ndarray,
) -> MatchModel:
    """The model of ``n`` records: u from random pairs, m and λ by EM over the candidates.

    Parameters
    ----------
    comparisons : sequence of Comparison
        What is compared.
    forms : mapping
        The comparison forms of each compared column (:func:`prepare`).
    n : int
        Number of records.
    candidate_levels : numpy.ndarray
        Agreement levels of the candidate pairs
        (:func:`labkit.linkage.comparisons.comparison_levels`).

    Returns
    -------
    MatchModel

    Examples
    --------
    >>> from labkit.linkage.comparisons import ExactMatch
    >>> compare = [ExactMatch("zip")]
    >>> df = pd.DataFrame({"zip": ["1", "1", "2", "3"]})
    >>> model = fit(compare, prepare(df, compare), len(df), np.array([[1]]))
    >>> 0 < model.prior < 1
    True
    """
    u = estimate_u(comparisons, forms, n)
    starting = [start_m(len(comparison.levels)) for comparison in comparisons]
    total_pairs = max(n * (n - 1) // 2, 1)
    # Start as if one candidate pair in ten were a match (EM moves λ from there).
    prior = float(np.clip(0.1 * max(len(candidate_levels), 1) / total_pairs, 1e-9, 0.25))
    m, prior, _ = expectation_maximisation(candidate_levels, u, starting, total_pairs, prior)
    return MatchModel(tuple(comparisons), m=tuple(m), u=tuple(u), prior=prior)


def estimate_model(
    df: pd.DataFrame,
    compare: Mapping[str, Any] | Sequence[Comparison],
    block_on: str | Sequence[str | Sequence[str] | BlockingRule] | None = None,
    pairs: np.ndarray | None = None,
) -> MatchModel:
    """Estimate the Fellegi–Sunter model of a table of records (m, u and λ; no hand weights).

    Parameters
    ----------
    df : pandas.DataFrame
        The records.
    compare : mapping or list
        Column → kind, or a list of comparisons, as for
        :func:`labkit.linkage.find_duplicates`.
    block_on : list, optional
        Blocking rules giving the candidate pairs EM learns m from (see
        :func:`labkit.linkage.candidate_pairs`); default as in ``find_duplicates``.
    pairs : numpy.ndarray, optional
        ``(k, 2)`` candidate pairs to learn from instead of blocking.

    Returns
    -------
    MatchModel
        Read it with :meth:`MatchModel.table`.

    Raises
    ------
    ValueError
        If ``df`` is not a DataFrame, or ``compare`` or ``block_on`` is not valid for it.

    Examples
    --------
    >>> people = pd.DataFrame({"name": ["Ann Lee", "Lee, Ann", "Bob Ray", "Cy Ode"],
    ...                        "phone": ["212 555 0134", "(212) 555-0134", None, "212 555 0199"]})
    >>> model = estimate_model(people, {"name": "name", "phone": "phone"})
    >>> list(model.columns())
    ['name', 'phone']
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(
            _("estimate_model works on a pandas DataFrame, not {type_name}").format(
                type_name=type(df).__name__
            )
        )
    comparisons = as_comparisons(df.columns, compare)
    forms = prepare(df, comparisons)
    if pairs is None:
        rules = as_blocking_rules(df.columns, block_on, comparisons)
        pairs = pairs_from_keys(len(df), blocking_keys(df, rules, forms))
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    levels = comparison_levels(comparisons, forms, pairs[:, 0], pairs[:, 1])
    return fit(comparisons, forms, len(df), levels)
