"""Evaluation: how good a de-duplication is, pair by pair, against the true entities.

>>> pairwise_scores([1, 1, 2], [7, 7, 7])["recall"]
0.3333333333333333
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from labkit.i18n import _

__all__ = ["pairwise_scores"]


def _pairs_within(*ids: np.ndarray) -> int:
    """Number of pairs of rows that share every one of the id arrays."""
    sizes = pd.DataFrame({str(k): v for k, v in enumerate(ids)}).value_counts().to_numpy()
    return int((sizes * (sizes - 1) // 2).sum())


def pairwise_scores(predicted: Any, truth: Any) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a de-duplication against the true entities.

    A pair of records is *predicted* when both have the same predicted id and
    *true* when both have the same true id (e.g. ``truth.duplicates.person_id``).

    Parameters
    ----------
    predicted, truth : array-like
        One id per record, same length and order.

    Returns
    -------
    dict
        ``precision``, ``recall``, ``f1``, ``predicted_pairs``, ``true_pairs``,
        ``correct_pairs``.

    Raises
    ------
    ValueError
        If the two are not 1-d arrays of the same length.

    Examples
    --------
    >>> scores = pairwise_scores([1, 1, 2, 3], [7, 7, 8, 8])
    >>> scores["precision"], scores["recall"], round(scores["f1"], 3)
    (1.0, 0.5, 0.667)
    """
    predicted = np.asarray(predicted)
    truth = np.asarray(truth)
    if predicted.shape != truth.shape or predicted.ndim != 1:
        raise ValueError(
            _(
                "predicted and truth must be 1-d and the same length, got {shape} and {shape2}"
            ).format(shape=predicted.shape, shape2=truth.shape)
        )
    pred = _pairs_within(predicted)
    true = _pairs_within(truth)
    both = _pairs_within(predicted, truth)
    precision = both / pred if pred else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "predicted_pairs": pred,
        "true_pairs": true,
        "correct_pairs": both,
    }
