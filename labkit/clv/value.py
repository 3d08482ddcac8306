"""Expected customer lifetime value: BG/NBD (or MBG/NBD) purchases times Gamma-Gamma value."""

from __future__ import annotations

from typing import Any

import numpy as np

from labkit.clv.bgnbd import BGNBDParams, expected_purchases
from labkit.clv.common import PERIODS_PER_MONTH
from labkit.clv.gamma_gamma import GammaGammaParams, expected_average_value


def expected_clv(
    bgnbd: BGNBDParams,
    gamma_gamma: GammaGammaParams,
    frequency: Any,
    recency: Any,
    T: Any,
    monetary_value: Any,
    months: int = 12,
    monthly_discount_rate: float = 0.01,
    freq: str = "D",
) -> np.ndarray:
    """Discounted expected value of each customer's purchases over the next ``months``.

    As lifetimes' ``customer_lifetime_value``: month by month, the expected purchases
    (:func:`expected_purchases`) times the expected value per purchase
    (:func:`expected_average_value`), discounted by ``(1 + monthly_discount_rate) ** month``.

    Parameters
    ----------
    bgnbd, gamma_gamma : fitted models
    frequency, recency, T, monetary_value : array-like
        The customers' summary (as :func:`rfm_summary` gives it).
    months : int
        The horizon in months.
    monthly_discount_rate : float
        The discount rate per month (0.01 is about 12.7 % a year).
    freq : {"D", "W", "M", "h"}
        The period of ``recency`` and ``T`` (a month is 30 days, 4.345 weeks).

    Examples
    --------
    >>> bg = BGNBDParams(0.243, 4.414, 0.793, 2.426, -9582.4, 2357)
    >>> gg = GammaGammaParams(6.25, 3.74, 15.44, -4051.6, 946)
    >>> expected_clv(bg, gg, [2], [30.43], [38.86], [22.35], months=12, freq="W").round(2)
    array([36.29])
    """
    if freq not in PERIODS_PER_MONTH:
        raise ValueError(f"freq must be one of {', '.join(PERIODS_PER_MONTH)}, not {freq!r}")
    if months < 1 or monthly_discount_rate <= -1:
        raise ValueError("months must be at least 1 and monthly_discount_rate above -1")
    value = expected_average_value(gamma_gamma, frequency, monetary_value)
    per_month = PERIODS_PER_MONTH[freq]
    total = np.zeros_like(value)
    previous = expected_purchases(bgnbd, 0.0, frequency, recency, T)
    for month in range(1, months + 1):
        current = expected_purchases(bgnbd, month * per_month, frequency, recency, T)
        total += value * (current - previous) / (1 + monthly_discount_rate) ** month
        previous = current
    return total
