"""Scoring: the match weight and match probability of each candidate pair.

Each compared column puts a pair at an agreement level
(:mod:`labkit.linkage.comparisons`); the Fellegi–Sunter model
(:mod:`labkit.linkage.model`), estimated from the records
(:mod:`labkit.linkage.estimation`), turns each level into a match weight, and
their sum with the prior into the pair's **match probability**, its ``score``.
A column missing in either record adds nothing: the pair is judged on what is
left, starting from the prior (two random records are rarely one person), so a
pair that agrees only on a common birth date stays unlikely.

>>> import numpy as np, pandas as pd
>>> df = pd.DataFrame({"name": ["Ann Lee", "Lee, Ann", "Bob Ray"], "zip": ["1", "1", "2"]})
>>> scores = score_pairs(df, np.array([[0, 1], [0, 2]]), {"name": "name", "zip": "exact"})
>>> list(scores.columns)
['i', 'j', 'name', 'zip', 'match_weight', 'score']
>>> bool(scores.loc[0, "score"] > 0.5 > scores.loc[1, "score"])
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from labkit.i18n import _
from labkit.linkage.comparisons import Comparison, as_comparisons, comparison_levels
from labkit.linkage.estimation import fit, prepare
from labkit.linkage.model import MatchModel

__all__ = ["score_pairs"]


def score_pairs(
    df: pd.DataFrame,
    pairs: np.ndarray,
    compare: Mapping[str, Any] | Sequence[Comparison],
    model: MatchModel | None = None,
) -> pd.DataFrame:
    """The match weight each column adds, and the match probability, of each pair.

    Parameters
    ----------
    df : pandas.DataFrame
        The records.
    pairs : numpy.ndarray
        ``(k, 2)`` row positions, e.g. from :func:`labkit.linkage.candidate_pairs`.
    compare : mapping or list
        Column → kind, or a list of comparisons, as for
        :func:`labkit.linkage.find_duplicates`.
    model : MatchModel, optional
        The model to score with (:func:`labkit.linkage.estimate_model`). Default:
        estimated from ``df``, with EM over these pairs.

    Returns
    -------
    pandas.DataFrame
        Columns ``i``, ``j``, one column per compared column holding the match
        weight its agreement level adds (NaN where either record lacks the
        value), ``match_weight`` (the prior weight plus the columns' weights:
        log2 of the odds of a match) and ``score`` (the match probability).

    Raises
    ------
    ValueError
        If ``df`` is not a DataFrame, ``compare`` is not valid for it, or the
        model compares other columns.

    Examples
    --------
    >>> df = pd.DataFrame({"name": ["Ann Lee", "Lee, Ann", "Bob Ray"], "zip": ["1", "1", "2"]})
    >>> scores = score_pairs(df, np.array([[0, 1], [0, 2]]), {"name": "name", "zip": "exact"})
    >>> (scores["name"] > 0).tolist()
    [True, False]
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(
            _("score_pairs works on a pandas DataFrame, not {type_name}").format(
                type_name=type(df).__name__
            )
        )
    comparisons = as_comparisons(df.columns, compare)
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    i, j = pairs[:, 0], pairs[:, 1]
    forms = prepare(df, comparisons)
    levels = comparison_levels(comparisons, forms, i, j)
    if model is None:
        model = fit(comparisons, forms, len(df), levels)
    elif list(model.comparisons) != comparisons:
        raise ValueError(
            _(
                "the model compares {comparisons}; score with the same comparisons, "
                "or leave model out to estimate one"
            ).format(comparisons=", ".join(map(str, model.comparisons)))
        )
    weights = model.column_weights(levels)
    weights[levels < 0] = np.nan
    columns = {c.column: weights[:, k] for k, c in enumerate(comparisons)}
    weight = model.weight(levels)
    return pd.DataFrame(
        {"i": i, "j": j, **columns, "match_weight": weight, "score": model.probability(levels)}
    )
