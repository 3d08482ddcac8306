"""The Fellegi–Sunter model: how much each agreement level counts, and a pair's match probability.

For every compared column and agreement level (:mod:`labkit.linkage.comparisons`)
the model holds two probabilities:

* **m**: the share of true matches at that level (two records of one person
  have the same phone in, say, 90 % of pairs);
* **u**: the share of non-matches at that level (two records of different
  people share a phone in, say, 0.01 % of pairs).

A level's **match weight** is ``log2(m / u)``: positive when the level is more
common among matches (agreement), negative when it is more common among
non-matches (disagreement), 0 for a missing value. A pair's match weight is the
sum over its columns plus the **prior** weight ``log2(λ / (1 - λ))``, where λ is
the probability that two records drawn at random are one person; its **match
probability** is ``1 / (1 + 2 ** -weight)``. Summing assumes the columns agree
independently of each other, given match or non-match (the model's one
simplification). :mod:`labkit.linkage.estimation` estimates m, u and λ from the
records themselves.

>>> from labkit.linkage.comparisons import ExactMatch
>>> model = MatchModel((ExactMatch("zip"),), m=(np.array([0.1, 0.9]),),
...                    u=(np.array([0.99, 0.01]),), prior=0.01)
>>> model.probability(np.array([[1], [0], [-1]])).round(3).tolist()
[0.476, 0.001, 0.01]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from labkit.i18n import _
from labkit.linkage.comparisons import Comparison

__all__ = ["MatchModel", "probability_of_weight"]


def probability_of_weight(weight: np.ndarray) -> np.ndarray:
    """Match probability of match weights (log2 odds): ``1 / (1 + 2 ** -weight)``.

    Parameters
    ----------
    weight : numpy.ndarray
        Match weights.

    Returns
    -------
    numpy.ndarray
        Probabilities between 0 and 1.

    Examples
    --------
    >>> probability_of_weight(np.array([-10.0, 0.0, 10.0])).round(4).tolist()
    [0.001, 0.5, 0.999]
    """
    return 1.0 / (1.0 + np.exp2(-np.clip(np.asarray(weight, dtype=float), -1000, 1000)))


@dataclass(frozen=True)
class MatchModel:
    """m and u per agreement level of each comparison, and the prior match probability.

    Parameters
    ----------
    comparisons : tuple of Comparison
        What is compared, in the order of the columns of a levels matrix.
    m, u : tuple of numpy.ndarray
        Per comparison, the probability of each level (from "different" up)
        among matches (``m``) and among non-matches (``u``); each sums to 1.
    prior : float
        The probability that two records drawn at random are one person (λ).
    """

    comparisons: tuple[Comparison, ...]
    m: tuple[np.ndarray, ...]
    u: tuple[np.ndarray, ...]
    prior: float

    def __post_init__(self) -> None:
        for comparison, m, u in zip(self.comparisons, self.m, self.u, strict=True):
            if not len(m) == len(u) == len(comparison.levels):
                raise ValueError(
                    _(
                        "{comparison}: m and u need one probability per level ({n}), got {n2} and "
                        "{n3}"
                    ).format(comparison=comparison, n=len(comparison.levels), n2=len(m), n3=len(u))
                )
        if not 0 < self.prior < 1:
            raise ValueError(
                _("the prior match probability must be in (0, 1), got {prior}").format(
                    prior=self.prior
                )
            )

    @property
    def prior_weight(self) -> float:
        """The match weight of knowing nothing: ``log2(λ / (1 - λ))``."""
        return float(np.log2(self.prior / (1 - self.prior)))

    def level_weights(self) -> list[np.ndarray]:
        """Per comparison, the match weight ``log2(m / u)`` of each level."""
        return [np.log2(m / u) for m, u in zip(self.m, self.u, strict=True)]

    def column_weights(self, levels: np.ndarray) -> np.ndarray:
        """The match weight each column adds to each pair (0 where the value is missing).

        Parameters
        ----------
        levels : numpy.ndarray
            ``(pairs, comparisons)`` agreement levels, -1 where missing
            (:func:`labkit.linkage.comparisons.comparison_levels`).

        Returns
        -------
        numpy.ndarray
            Same shape, floats.
        """
        levels = np.asarray(levels).reshape(-1, len(self.comparisons))
        out = np.zeros(levels.shape)
        for column, weights in enumerate(self.level_weights()):
            present = levels[:, column] >= 0
            out[present, column] = weights[levels[present, column]]
        return out

    def weight(self, levels: np.ndarray) -> np.ndarray:
        """The match weight of each pair: the prior weight plus its columns' weights.

        Parameters
        ----------
        levels : numpy.ndarray
            ``(pairs, comparisons)`` agreement levels, -1 where missing.

        Returns
        -------
        numpy.ndarray
            One weight (log2 odds of a match) per pair.
        """
        return self.prior_weight + self.column_weights(levels).sum(axis=1)

    def probability(self, levels: np.ndarray) -> np.ndarray:
        """The match probability of each pair.

        Parameters
        ----------
        levels : numpy.ndarray
            ``(pairs, comparisons)`` agreement levels, -1 where missing.

        Returns
        -------
        numpy.ndarray
            One probability per pair.
        """
        return probability_of_weight(self.weight(levels))

    def table(self) -> pd.DataFrame:
        """m, u and match weight of every level of every comparison, for reading.

        Returns
        -------
        pandas.DataFrame
            Columns ``column``, ``level``, ``m``, ``u``, ``weight``; levels highest first.

        Examples
        --------
        >>> from labkit.linkage.comparisons import ExactMatch
        >>> model = MatchModel((ExactMatch("zip"),), m=(np.array([0.1, 0.9]),),
        ...                    u=(np.array([0.99, 0.01]),), prior=0.01)
        >>> model.table().round(2)
          column      level    m     u  weight
        0    zip      equal  0.9  0.01    6.49
        1    zip  different  0.1  0.99   -3.31
        """
        rows = [
            (comparison.column, name, m[level], u[level], weights[level])
            for comparison, m, u, weights in zip(
                self.comparisons, self.m, self.u, self.level_weights(), strict=True
            )
            for level, name in reversed(list(enumerate(comparison.levels)))
        ]
        return pd.DataFrame(rows, columns=["column", "level", "m", "u", "weight"])

    def columns(self) -> Sequence[str]:
        """The compared columns, in order."""
        return [comparison.column for comparison in self.comparisons]
