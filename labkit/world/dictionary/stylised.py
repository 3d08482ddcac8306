"""A stylised fact: one regularity of real customer data, with its range and source.

The topic modules (``facts_customers``, ``facts_purchases``, ``facts_marketing``,
``facts_feedback``, ``facts_business``) declare their facts with
:class:`StylisedFact`; :mod:`labkit.world.dictionary.facts` collects them.

>>> import pandas as pd
>>> fact = StylisedFact(
...     key="example", topic="demo", statement="Half of customers are women.",
...     low=0.4, high=0.6, unit="share", source="Example source",
...     measure=lambda tables, as_of: (tables["customers"]["gender"] == "F").mean())
>>> fact.measure({"customers": pd.DataFrame({"gender": ["F", "M"]})}, None)
np.float64(0.5)
>>> fact.holds(0.5)
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from labkit import settings

__all__ = ["Measure", "StylisedFact"]

#: A measurement: the learner tables by name and the world's as_of → one number.
Measure = Callable[[Mapping[str, pd.DataFrame], pd.Timestamp], float]


@dataclass(frozen=True)
class StylisedFact:
    """One regularity of real customer data that the world reproduces.

    Parameters
    ----------
    key : str
        Short identifier, e.g. ``"repurchase_12m"``.
    topic : str
        What part of the world it is about (``"customers"``, ``"purchases"`` …).
    statement : str
        The fact in one sentence, as measured (what is divided by what).
    low, high : float
        The range real data shows (and the world must land in).
    unit : str
        ``"share"`` (0-1), ``"ratio"``, ``"points"``, ``"correlation"`` …
    source : str
        Where the range comes from: a publication, a statistical office, an
        industry benchmark (author or body, year, title).
    measure : callable
        ``measure(tables, as_of) -> float`` on a world's learner tables.
    locales : tuple of str
        The locales the fact applies to (some are about one country).
    """

    key: str
    topic: str
    statement: str
    low: float
    high: float
    unit: str
    source: str
    measure: Measure
    locales: tuple[str, ...] = settings.LOCALES

    def holds(self, value: float) -> bool:
        """Whether a measured value lies in the fact's range (ends included)."""
        return self.low <= value <= self.high
