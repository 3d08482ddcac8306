"""Customer lifetime value (客户终身价值) from repeat purchases: BG/NBD and Gamma-Gamma.

Three steps, each one function:

1. :func:`rfm_summary` turns a transaction log into one row per customer:
   ``frequency`` (the number of *repeat* purchase periods), ``recency`` (time from
   the first to the last purchase), ``T`` (the customer's age: time from the first
   purchase to the end of observation) and ``monetary_value`` (the mean value of
   the repeat purchases). The definitions are those of lifetimes'
   ``summary_data_from_transaction_data``.
2. :func:`fit_bgnbd` fits the BG/NBD model of Fader, Hardie and Lee (2005,
   "Counting your customers the easy way", *Marketing Science* 24(2)): while
   alive a customer buys at a rate λ ~ Gamma(r, alpha); after each repeat purchase
   they drop out for good with probability p ~ Beta(a, b).
   :func:`fit_gamma_gamma` fits the Gamma-Gamma model of spend (Fader, Hardie and
   Lee 2005, "RFM and CLV", *JMR* 42(4); Fader and Hardie 2013, note 025):
   transaction values ~ Gamma(p, ν) with ν ~ Gamma(q, v).
3. :func:`expected_purchases`, :func:`probability_alive`,
   :func:`expected_average_value` and :func:`expected_clv` predict from the fit.

Both likelihoods are vectorised and summed over the distinct customer histories
with weights, and maximised on the log of the parameters with
:func:`scipy.optimize.minimize` (L-BFGS-B with the exact gradient). Only NumPy,
SciPy and pandas; importing this module has no side effects.

Examples
--------
>>> import numpy as np
>>> from labkit.clv import fit_bgnbd, probability_alive
>>> frequency = np.array([0, 1, 2, 0, 5, 3, 0, 1])
>>> recency = np.array([0.0, 10.0, 30.0, 0.0, 35.0, 12.0, 0.0, 2.0])
>>> T = np.array([40.0, 38.0, 39.0, 20.0, 40.0, 36.0, 30.0, 39.0])
>>> fit = fit_bgnbd(frequency, recency, T)
>>> fit.n_customers
8
>>> alive = probability_alive(fit, frequency, recency, T)
>>> bool(alive[4] > alive[5])  # five purchases up to week 35 beat three up to week 12
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln, digamma, gammaln, hyp2f1

__all__ = [
    "BGNBDParams",
    "GammaGammaParams",
    "bgnbd_log_likelihood",
    "expected_average_value",
    "expected_clv",
    "expected_purchases",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "gamma_gamma_log_likelihood",
    "probability_alive",
    "rfm_summary",
]

#: Periods in a month for :func:`expected_clv`, by ``freq`` (as lifetimes counts them).
PERIODS_PER_MONTH: dict[str, float] = {"D": 30.0, "W": 4.345, "M": 1.0, "h": 30.0 * 24}

_LOG_BOUND = 25.0  # log-parameters stay in [-25, 25]: no overflow while searching


@dataclass(frozen=True)
class BGNBDParams:
    """A fitted BG/NBD model (names as in Fader, Hardie and Lee 2005).

    Attributes
    ----------
    r, alpha : float
        Shape and rate of the Gamma distribution of purchase rates λ (per period
        of ``recency`` and ``T``); the mean rate is ``r / alpha``.
    a, b : float
        The Beta distribution of the drop-out probability p after each repeat
        purchase; the mean is ``a / (a + b)``.
    log_likelihood : float
        The maximised log-likelihood, summed over the customers.
    n_customers : int
        The number of customers fitted.
    """

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    n_customers: int


@dataclass(frozen=True)
class GammaGammaParams:
    """A fitted Gamma-Gamma model of spend (names as in Fader and Hardie 2013).

    Attributes
    ----------
    p : float
        Shape of the Gamma distribution of one transaction's value.
    q, v : float
        Shape and rate of the Gamma distribution of that distribution's rate ν
        across customers; the mean value of a transaction is ``p * v / (q - 1)``.
    log_likelihood : float
        The maximised log-likelihood, summed over the customers fitted.
    n_customers : int
        The number of customers fitted (those with at least one repeat purchase).
    """

    p: float
    q: float
    v: float
    log_likelihood: float
    n_customers: int


# ----------------------------------------------------------------------------- input checks
def _column(values: Any, name: str) -> np.ndarray:
    """``values`` as a 1-D float array; a clear ValueError for missing or infinite values."""
    array = np.asarray(values, dtype=float).reshape(-1)
    bad = int(np.count_nonzero(~np.isfinite(array)))
    if bad:
        raise ValueError(f"{name}: {bad} of {array.size} rows are missing (NaN) or infinite")
    return array


def _check(condition: np.ndarray, message: str) -> None:
    """Raise ``ValueError(message)`` with the number of rows where ``condition`` is False."""
    bad = int(np.count_nonzero(~condition))
    if bad:
        raise ValueError(message.format(bad=bad, n=condition.size))


def _histories(frequency: Any, recency: Any, T: Any) -> tuple[np.ndarray, ...]:
    """Checked (x, t_x, T) arrays of one length."""
    x, t_x, age = _column(frequency, "frequency"), _column(recency, "recency"), _column(T, "T")
    if not x.size == t_x.size == age.size:
        raise ValueError(
            f"frequency, recency and T differ in length ({x.size}, {t_x.size}, {age.size})"
        )
    _check(x >= 0, "frequency: {bad} of {n} rows are negative")
    _check(x == np.round(x), "frequency: {bad} of {n} rows are not whole numbers")
    _check(t_x >= 0, "recency: {bad} of {n} rows are negative")
    _check(age >= 0, "T: {bad} of {n} rows are negative")
    _check(t_x <= age, "recency: {bad} of {n} rows are greater than T")
    _check((x > 0) | (t_x == 0), "recency: {bad} of {n} rows are not 0 where frequency is 0")
    return x, t_x, age


def _spends(frequency: Any, monetary_value: Any) -> tuple[np.ndarray, np.ndarray]:
    """Checked (x, m) arrays for the Gamma-Gamma model."""
    x, m = _column(frequency, "frequency"), _column(monetary_value, "monetary_value")
    if x.size != m.size:
        raise ValueError(f"frequency and monetary_value differ in length ({x.size}, {m.size})")
    _check(x >= 0, "frequency: {bad} of {n} rows are negative")
    _check(x == np.round(x), "frequency: {bad} of {n} rows are not whole numbers")
    _check(m >= 0, "monetary_value: {bad} of {n} rows are negative")
    return x, m


def _compress(*columns: np.ndarray) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """The distinct rows of ``columns`` and how many customers share each."""
    order = np.lexsort(columns[::-1])
    rows = np.column_stack(columns)[order]
    starts = np.flatnonzero(np.r_[True, np.any(rows[1:] != rows[:-1], axis=1)])
    counts = np.diff(np.r_[starts, len(rows)]).astype(float)
    return tuple(rows[starts].T), counts


# ----------------------------------------------------------------------------- summary
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


# ----------------------------------------------------------------------------- likelihoods
def bgnbd_log_likelihood(
    params: tuple[float, float, float, float] | BGNBDParams,
    frequency: Any,
    recency: Any,
    T: Any,
) -> np.ndarray:
    """Each customer's BG/NBD log-likelihood (Fader, Hardie and Lee 2005, eq. 6).

    Examples
    --------
    >>> cdnow = (0.243, 4.414, 0.793, 2.426)
    >>> bgnbd_log_likelihood(cdnow, [0, 2], [0.0, 30.43], [38.86, 38.86]).round(3)
    array([-0.555, -9.459])
    """
    x, t_x, age = _histories(frequency, recency, T)
    return _bgnbd_terms(_values(params, ("r", "alpha", "a", "b")), x, t_x, age, gradient=False)[0]


def _values(params: Any, names: tuple[str, ...]) -> np.ndarray:
    if all(hasattr(params, name) for name in names):
        return np.array([getattr(params, name) for name in names], dtype=float)
    values = np.asarray(params, dtype=float)
    if values.shape != (len(names),) or not np.all(values > 0):
        raise ValueError(f"params must be {len(names)} positive numbers ({', '.join(names)})")
    return values


def _bgnbd_terms(
    theta: np.ndarray, x: np.ndarray, t_x: np.ndarray, age: np.ndarray, gradient: bool
) -> tuple[np.ndarray, np.ndarray | None]:
    """Per-row log-likelihood and, with ``gradient``, its derivatives in log-parameters."""
    r, alpha, a, b = theta
    repeat = x > 0
    b_x1 = b + np.maximum(x, 1.0) - 1.0
    log_alpha_T, log_alpha_tx = np.log(alpha + age), np.log(alpha + t_x)
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x) - betaln(a, b)
    first = -(r + x) * log_alpha_T  # alive at T
    second = np.where(repeat, np.log(a) - np.log(b_x1) - (r + x) * log_alpha_tx, -np.inf)
    both = np.logaddexp(first, second)  # dropped out just after the last purchase
    ll = common + both
    if not gradient:
        return ll, None
    w_first, w_second = np.exp(first - both), np.exp(second - both)
    d_r = digamma(r + x) - digamma(r) + np.log(alpha) - w_first * log_alpha_T
    d_r -= w_second * log_alpha_tx
    d_alpha = r / alpha - (r + x) * (w_first / (alpha + age) + w_second / (alpha + t_x))
    d_ab = digamma(a + b) - digamma(a + b + x)
    d_a = d_ab + w_second / a
    d_b = d_ab + digamma(b + x) - digamma(b) - w_second / b_x1
    return ll, np.stack([d_r * r, d_alpha * alpha, d_a * a, d_b * b])


def gamma_gamma_log_likelihood(
    params: tuple[float, float, float] | GammaGammaParams, frequency: Any, monetary_value: Any
) -> np.ndarray:
    """Each repeat customer's Gamma-Gamma log-likelihood of their mean spend.

    Rows with ``frequency == 0`` must not be passed (their mean spend is undefined).

    Examples
    --------
    >>> gamma_gamma_log_likelihood((6.25, 3.74, 15.44), [2], [22.35]).round(3)
    array([-3.551])
    """
    x, m = _spends(frequency, monetary_value)
    _check(x > 0, "frequency: {bad} of {n} rows are 0 (no repeat purchase, no mean spend)")
    return _gamma_gamma_terms(_values(params, ("p", "q", "v")), x, m, gradient=False)[0]


def _gamma_gamma_terms(
    theta: np.ndarray, x: np.ndarray, m: np.ndarray, gradient: bool
) -> tuple[np.ndarray, np.ndarray | None]:
    p, q, v = theta
    px = p * x
    log_xm_v = np.log(x * m + v)
    ll = (
        gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(v)
        + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * log_xm_v
    )  # fmt: skip
    if not gradient:
        return ll, None
    psi = digamma(px + q)
    d_p = x * (psi - digamma(px) + np.log(m) + np.log(x) - log_xm_v)
    d_q = psi - digamma(q) + np.log(v) - log_xm_v
    d_v = q / v - (px + q) / (x * m + v)
    return ll, np.stack([d_p * p, d_q * q, d_v * v])


def _maximise(
    terms: Callable[[np.ndarray, bool], tuple[np.ndarray, np.ndarray | None]],
    counts: np.ndarray,
    start: np.ndarray,
) -> tuple[np.ndarray, float]:
    """Maximise the weighted log-likelihood over log-parameters; (parameters, total LL)."""
    total = counts.sum()

    def objective(log_theta: np.ndarray) -> tuple[float, np.ndarray]:
        ll, grad = terms(np.exp(log_theta), True)
        assert grad is not None
        value = -(counts @ ll) / total
        if not np.isfinite(value):
            return np.inf, np.zeros_like(log_theta)
        return float(value), -(grad @ counts) / total

    bounds = [(-_LOG_BOUND, _LOG_BOUND)] * start.size
    result = minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds)
    if not result.success or np.max(np.abs(result.jac)) > 1e-4:
        polished = minimize(
            lambda z: objective(z)[0], result.x, method="Nelder-Mead",
            options={"xatol": 1e-8, "fatol": 1e-12, "maxiter": 4000},
        )  # fmt: skip
        if polished.fun <= result.fun:
            result = polished
        if not result.success:
            raise RuntimeError(f"the fit did not converge: {result.message}")
    theta = np.exp(result.x)
    return theta, float(counts @ terms(theta, False)[0])


# ----------------------------------------------------------------------------- fitting
def fit_bgnbd(frequency: Any, recency: Any, T: Any) -> BGNBDParams:
    """Fit the BG/NBD model by maximum likelihood.

    Parameters
    ----------
    frequency, recency, T : array-like
        Each customer's repeat purchases, time of the last purchase and age, as
        :func:`rfm_summary` gives them (recency and T in the same unit).

    Returns
    -------
    BGNBDParams
        r, alpha, a, b, the log-likelihood and the number of customers.

    Raises
    ------
    ValueError
        For missing or negative values, fractional frequencies, recency greater
        than T, or recency above 0 where frequency is 0 (naming the column and
        the number of rows).

    Examples
    --------
    >>> T = [30.0, 28.0, 30.0, 12.0, 25.0]
    >>> fit = fit_bgnbd([0, 1, 3, 0, 2], [0.0, 5.0, 20.0, 0.0, 11.0], T)
    >>> fit.n_customers, round(fit.r / fit.alpha, 3) > 0
    (5, True)
    """
    x, t_x, age = _histories(frequency, recency, T)
    if x.size == 0:
        raise ValueError("frequency: no customers to fit")
    (ux, utx, uage), counts = _compress(x, t_x, age)
    mean_rate = max(float(counts @ ux) / float(counts @ uage), 1e-6)
    start = np.log([1.0, 1.0 / mean_rate, 1.0, 1.0])
    theta, ll = _maximise(lambda th, g: _bgnbd_terms(th, ux, utx, uage, gradient=g), counts, start)
    r, alpha, a, b = (float(value) for value in theta)
    return BGNBDParams(r=r, alpha=alpha, a=a, b=b, log_likelihood=ll, n_customers=int(x.size))


def fit_gamma_gamma(frequency: Any, monetary_value: Any) -> GammaGammaParams:
    """Fit the Gamma-Gamma model of spend to the customers with repeat purchases.

    Parameters
    ----------
    frequency, monetary_value : array-like
        Each customer's repeat purchases and their mean value. Customers with
        ``frequency == 0`` are left out (they have no repeat purchase to average)
        and must have ``monetary_value == 0``.

    Returns
    -------
    GammaGammaParams
        p, q, v, the log-likelihood and the number of repeat customers fitted.

    Raises
    ------
    ValueError
        For missing or negative values, a monetary value where frequency is 0, a
        repeat customer whose mean spend is 0, or fewer than two repeat customers.

    Examples
    --------
    >>> fit = fit_gamma_gamma([0, 1, 2, 4, 1, 3], [0.0, 20.0, 35.0, 28.0, 15.0, 50.0])
    >>> fit.n_customers
    5
    """
    x, m = _spends(frequency, monetary_value)
    _check((x > 0) | (m == 0), "monetary_value: {bad} of {n} rows are not 0 where frequency is 0")
    _check((x == 0) | (m > 0), "monetary_value: {bad} of {n} rows are 0 where frequency is above 0")
    keep = x > 0
    if np.count_nonzero(keep) < 2:
        raise ValueError("frequency: fewer than 2 customers with a repeat purchase to fit")
    (ux, um), counts = _compress(x[keep], m[keep])
    theta, ll = _maximise(
        lambda th, g: _gamma_gamma_terms(th, ux, um, gradient=g), counts, np.log([1.0, 1.0, 1.0])
    )
    p, q, v = (float(value) for value in theta)
    return GammaGammaParams(p=p, q=q, v=v, log_likelihood=ll, n_customers=int(keep.sum()))


# ----------------------------------------------------------------------------- predictions
def expected_purchases(
    params: BGNBDParams, t: Any, frequency: Any, recency: Any, T: Any
) -> np.ndarray:
    """Expected repeat purchases in the next ``t`` periods, given each history.

    Fader, Hardie and Lee (2005), eq. 10 (the Gaussian hypergeometric function
    comes from :func:`scipy.special.hyp2f1`, with Euler's transformation where it
    overflows).

    Examples
    --------
    >>> cdnow = BGNBDParams(0.243, 4.414, 0.793, 2.426, -9582.4, 2357)
    >>> expected_purchases(cdnow, 39, [2], [30.43], [38.86]).round(3)
    array([1.226])
    """
    x, t_x, age = _histories(frequency, recency, T)
    horizon = np.broadcast_to(_column(t, "t"), x.shape)
    _check(horizon >= 0, "t: {bad} of {n} rows are negative")
    r, alpha, a, b = _values(params, ("r", "alpha", "a", "b"))
    big_a, big_b, big_c = r + x, b + x, a + b + x - 1
    z = horizon / (alpha + age + horizon)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        log_hyp = np.log(hyp2f1(big_a, big_b, big_c, z))
        euler = np.log(hyp2f1(big_c - big_a, big_c - big_b, big_c, z))
        euler += (big_c - big_a - big_b) * np.log1p(-z)
    log_hyp = np.where(np.isfinite(log_hyp), log_hyp, euler)
    grows = -np.expm1(log_hyp + (r + x) * np.log((alpha + age) / (alpha + age + horizon)))
    numerator = (a + b + x - 1) / (a - 1) * grows
    odds_dead = np.where(
        x > 0, a / (b + np.maximum(x, 1) - 1) * ((alpha + age) / (alpha + t_x)) ** (r + x), 0.0
    )
    return numerator / (1 + odds_dead)


def probability_alive(params: BGNBDParams, frequency: Any, recency: Any, T: Any) -> np.ndarray:
    """The probability that each customer is still alive at ``T`` (1 with no repeat purchase).

    Fader, Hardie and Lee (2008), note 021, "Computing P(alive) using the BG/NBD model".

    Examples
    --------
    >>> cdnow = BGNBDParams(0.243, 4.414, 0.793, 2.426, -9582.4, 2357)
    >>> probability_alive(cdnow, [0, 2, 2], [0.0, 30.43, 5.0], [38.86, 38.86, 38.86]).round(3)
    array([1.   , 0.727, 0.124])
    """
    x, t_x, age = _histories(frequency, recency, T)
    r, alpha, a, b = _values(params, ("r", "alpha", "a", "b"))
    log_odds = (r + x) * np.log((alpha + age) / (alpha + t_x)) + np.log(
        a / (b + np.maximum(x, 1) - 1)
    )
    return np.where(x > 0, 1.0 / (1.0 + np.exp(log_odds)), 1.0)


def expected_average_value(
    params: GammaGammaParams, frequency: Any, monetary_value: Any
) -> np.ndarray:
    """Each customer's expected value per purchase: their mean spend shrunk to the population's.

    The population mean ``p * v / (q - 1)`` for customers without a repeat purchase.

    Examples
    --------
    >>> fit = GammaGammaParams(6.25, 3.74, 15.44, -4051.6, 946)
    >>> expected_average_value(fit, [0, 2, 10], [0.0, 30.0, 30.0]).round(2)
    array([35.22, 30.94, 30.22])
    """
    x, m = _spends(frequency, monetary_value)
    p, q, v = _values(params, ("p", "q", "v"))
    if q <= 1:
        raise ValueError(f"q = {q:g} <= 1: the Gamma-Gamma mean spend is infinite")
    weight = p * x / (p * x + q - 1)
    return (1 - weight) * (p * v / (q - 1)) + weight * m


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
