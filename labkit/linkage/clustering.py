"""Clustering: from scored pairs to entities, and :func:`find_duplicates`, the whole pipeline.

Pairs scoring at least the threshold are **linked**; the entities are the
connected components of the links: if A matches B and B matches C, all three
are one entity, even when A and C alone would not match.

>>> entity_ids(5, np.array([0, 1]), np.array([1, 3])).tolist()
[1, 1, 2, 1, 3]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from labkit.i18n import _
from labkit.linkage.blocking import (
    MAX_BLOCK,
    BlockingRule,
    as_blocking_rules,
    blocking_keys,
    pairs_from_keys,
)
from labkit.linkage.comparisons import Comparison, as_comparisons, comparison_levels
from labkit.linkage.estimation import fit, prepare

__all__ = ["THRESHOLD", "entity_ids", "find_duplicates"]

#: Default threshold of :func:`find_duplicates`: a match probability. At 0.5 a pair is
#: linked when it is more likely one person than two (the Bayes decision when a wrong
#: link and a missed one cost the same).
THRESHOLD = 0.5


def entity_ids(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected components of ``n`` rows linked by the pairs ``(i[k], j[k])``.

    Parameters
    ----------
    n : int
        Number of rows.
    i, j : numpy.ndarray
        Row positions of the linked pairs.

    Returns
    -------
    numpy.ndarray
        An entity id per row: 1, 2, … in order of each entity's first row.

    Examples
    --------
    >>> entity_ids(3, np.array([], dtype=int), np.array([], dtype=int)).tolist()
    [1, 2, 3]
    """
    # imported when first needed: scipy.sparse.csgraph takes about 0.4 s to load
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    _, first = np.unique(labels, return_index=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(np.argsort(first))] = np.arange(1, len(first) + 1)
    return rank[labels]


def _check_threshold(threshold: Any) -> float:
    if threshold is None:
        return THRESHOLD
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.floating)):
        raise ValueError(
            _("threshold must be a number between 0 and 1, got {threshold!r}").format(
                threshold=threshold
            )
        )
    if not 0 < float(threshold) <= 1:
        raise ValueError(
            _("threshold must be between 0 and 1 (e.g. 0.5), got {threshold!r}").format(
                threshold=threshold
            )
        )
    return float(threshold)


def find_duplicates(
    df: pd.DataFrame,
    compare: Mapping[str, Any] | Sequence[Comparison],
    block_on: str | Sequence[str | Sequence[str] | BlockingRule] | None = None,
    threshold: float | None = None,
) -> pd.Series:
    """Give every record an entity id: records of the same person share one (信息匹配).

    1. **Blocking**: only pairs that agree on all columns of at least one
       ``block_on`` rule are compared (the union over the rules; a block too
       big to compare all-pairs is compared by sorted neighbourhood, so no
       record is left out: :func:`labkit.linkage.candidate_pairs`).
    2. **Comparison**: each compared column puts the pair at an agreement level
       (:mod:`labkit.linkage.comparisons`): ``"exact"`` (equal or not, e.g. an
       ID number), ``"text"`` (Jaro-Winkler levels, e.g. an address), ``"name"``
       (Jaro-Winkler levels on the name as written and on its sorted words, with
       pinyin for Chinese characters, so "Smith John", "John Smith" and 张伟 /
       "Wei Zhang" are equal), ``"phone"`` (the same number; one mistyped
       digit), ``"email"`` (the same address) and ``"date"`` (the same day; day
       and month swapped; one part differs).
    3. **Match probability** (Fellegi–Sunter): how much each level counts is
       estimated from these records, u from random pairs and m by EM over the
       candidate pairs (:func:`labkit.linkage.estimate_model`); no weight is set
       by hand.
    4. **Link** pairs whose match probability is at least ``threshold`` and take
       connected components: if A matches B and B matches C, all three are one
       entity.

    Parameters
    ----------
    df : pandas.DataFrame
        Person records, any columns.
    compare : mapping or list
        Column → kind, with the kinds of :data:`labkit.linkage.KINDS`; or a list
        of comparisons such as ``[NameMatch("name"), TextMatch("address")]``.
    block_on : list, optional
        Blocking rules, e.g. ``[block_on("phone"), block_on("surname", "dob")]``,
        or in the list form ``[["phone"], ["email"], ["surname", "dob"]]`` (a
        single column may be given as a string). Default: each compared column
        that is not free text, on its own.
    threshold : float, optional
        The match probability from which a pair is linked, between 0 and 1;
        default :data:`THRESHOLD` (0.5). Higher links fewer pairs (precision
        up, recall down).

    Returns
    -------
    pandas.Series
        ``entity_id`` per row (1, 2, … in order of first appearance), same index as
        ``df``. ``attrs`` records the number of candidate and linked pairs, the
        threshold and the estimated prior match probability.

    Raises
    ------
    ValueError
        If ``df`` is not a DataFrame, a column is missing, a kind is unknown or
        the threshold is not between 0 and 1.

    Examples
    --------
    >>> people = pd.DataFrame({
    ...     "given_name": ["Ann", "Anne", "Bob"], "surname": ["Lee", "Lee", "Ray"],
    ...     "dob": ["1990-01-02", "1990-01-02", "1985-05-05"]})
    >>> find_duplicates(people, {"given_name": "name", "surname": "name", "dob": "date"},
    ...                 block_on=[["surname"], ["dob"]]).tolist()
    [1, 1, 2]
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(
            _("find_duplicates works on a pandas DataFrame, not {type_name}").format(
                type_name=type(df).__name__
            )
        )
    comparisons = as_comparisons(df.columns, compare)
    threshold = _check_threshold(threshold)
    rules = as_blocking_rules(df.columns, block_on, comparisons)
    forms = prepare(df, comparisons)
    pairs = pairs_from_keys(len(df), blocking_keys(df, rules, forms), max_block=MAX_BLOCK)
    i, j = pairs[:, 0], pairs[:, 1]
    levels = comparison_levels(comparisons, forms, i, j)
    model = fit(comparisons, forms, len(df), levels)
    linked = model.probability(levels) >= threshold
    out = pd.Series(entity_ids(len(df), i[linked], j[linked]), index=df.index, name="entity_id")
    out.attrs.update(
        candidate_pairs=int(len(i)),
        linked_pairs=int(linked.sum()),
        threshold=threshold,
        prior=model.prior,
    )
    return out
