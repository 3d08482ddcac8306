"""The RFM summary of a transaction log: one row per customer (frequency, recency, T, value)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from labkit.clv.common import PERIODS_PER_MONTH


def rfm_summary(
    transactions: pd.DataFrame,
    customer_col: str,
    time_col: str,
    value_col: str | None,
    observation_end: Any,
    freq: str = "D",
) -> pd.DataFrame:
    """One row per customer: frequency, recency, T and monetary_value.

    Purchases in the same period (a day for ``freq="D"``) count as one purchase,
    their values summed; purchases after ``observation_end`` are ignored, so the
    result never depends on today's date.

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase.
    customer_col, time_col : str
        The columns with the customer and the purchase time.
    value_col : str or None
        The column with the purchase value, or None for no ``monetary_value``.
    observation_end : date-like
        The end of observation (included).
    freq : {"D", "W", "h"}
        The period in which ``recency`` and ``T`` are counted.

    Returns
    -------
    DataFrame
        Indexed by customer: ``frequency`` (repeat purchase periods), ``recency``
        (first to last purchase), ``T`` (first purchase to ``observation_end``) and,
        with ``value_col``, ``monetary_value`` (mean value of the repeat purchase
        periods, 0 without repeat purchases).

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({
    ...     "customer": ["a", "a", "a", "b"],
    ...     "day": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-11", "2024-01-05"]),
    ...     "amount": [10.0, 5.0, 20.0, 8.0]})
    >>> summary = rfm_summary(orders, "customer", "day", "amount", "2024-01-31")
    >>> summary  # doctest: +NORMALIZE_WHITESPACE
              frequency  recency     T  monetary_value
    customer
    a               1.0     10.0  30.0            20.0
    b               0.0      0.0  26.0             0.0
    """
    if freq not in PERIODS_PER_MONTH or freq == "M":
        raise ValueError(f"freq must be 'D', 'W' or 'h', not {freq!r}")
    needed = [customer_col, time_col] + ([value_col] if value_col is not None else [])
    missing = [column for column in needed if column not in transactions.columns]
    if missing:
        raise ValueError(
            f"transactions has no column {', '.join(map(repr, missing))}; "
            f"its columns are {', '.join(map(str, transactions.columns))}"
        )
    for column in needed:
        empty = int(transactions[column].isna().sum())
        if empty:
            raise ValueError(f"{column}: {empty} of {len(transactions)} rows are missing")
    try:
        times = pd.to_datetime(transactions[time_col])
    except (TypeError, ValueError) as error:
        raise ValueError(f"{time_col}: not dates and times ({error})") from None
    end = pd.Timestamp(observation_end)
    if times.dt.tz is not None and end.tz is None:
        end = end.tz_localize(times.dt.tz)
    unit = np.timedelta64(1, freq)
    start_of = lambda stamps: stamps.dt.to_period(freq).dt.start_time  # noqa: E731
    end = start_of(pd.Series([end])).iloc[0]
    data = pd.DataFrame(
        {"customer": transactions[customer_col].to_numpy(), "period": start_of(times).to_numpy()}
    )
    if value_col is not None:
        values = pd.to_numeric(transactions[value_col], errors="coerce")
        bad = int(values.isna().sum())
        if bad:
            raise ValueError(f"{value_col}: {bad} of {len(values)} rows are not numbers")
        data["value"] = values.to_numpy(dtype=float)
    data = data[data["period"] <= end]
    periods = data.groupby(["customer", "period"], sort=True).sum().reset_index()
    by_customer = periods.groupby("customer", sort=True)
    first, last = by_customer["period"].min(), by_customer["period"].max()
    summary = pd.DataFrame(
        {
            "frequency": by_customer.size().astype(float) - 1,
            "recency": (last - first) / unit,
            "T": (end - first) / unit,
        }
    )
    if value_col is not None:
        repeat = periods[periods["period"] > periods["customer"].map(first)]
        summary["monetary_value"] = (
            repeat.groupby("customer")["value"].mean().reindex(summary.index).fillna(0.0)
        )
    summary.index.name = customer_col
    return summary.astype(float)
