"""The Gamma-Gamma model of spend: likelihood, fit and expected value per purchase."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import digamma, gammaln

from labkit.clv.common import check, column, compress, maximise, param_values


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


def _spends(frequency: Any, monetary_value: Any) -> tuple[np.ndarray, np.ndarray]:
    """Checked (x, m) arrays for the Gamma-Gamma model."""
    x, m = column(frequency, "frequency"), column(monetary_value, "monetary_value")
    if x.size != m.size:
        raise ValueError(f"frequency and monetary_value differ in length ({x.size}, {m.size})")
    check(x >= 0, "frequency: {bad} of {n} rows are negative")
    check(x == np.round(x), "frequency: {bad} of {n} rows are not whole numbers")
    check(m >= 0, "monetary_value: {bad} of {n} rows are negative")
    return x, m


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
    check(x > 0, "frequency: {bad} of {n} rows are 0 (no repeat purchase, no mean spend)")
    return _gamma_gamma_terms(param_values(params, ("p", "q", "v")), x, m, gradient=False)[0]


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
    check((x > 0) | (m == 0), "monetary_value: {bad} of {n} rows are not 0 where frequency is 0")
    check((x == 0) | (m > 0), "monetary_value: {bad} of {n} rows are 0 where frequency is above 0")
    keep = x > 0
    if np.count_nonzero(keep) < 2:
        raise ValueError("frequency: fewer than 2 customers with a repeat purchase to fit")
    (ux, um), counts = compress(x[keep], m[keep])
    theta, ll = maximise(
        lambda th, g: _gamma_gamma_terms(th, ux, um, gradient=g), counts, np.log([1.0, 1.0, 1.0])
    )
    p, q, v = (float(value) for value in theta)
    return GammaGammaParams(p=p, q=q, v=v, log_likelihood=ll, n_customers=int(keep.sum()))


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
    p, q, v = param_values(params, ("p", "q", "v"))
    if q <= 1:
        raise ValueError(f"q = {q:g} <= 1: the Gamma-Gamma mean spend is infinite")
    weight = p * x / (p * x + q - 1)
    return (1 - weight) * (p * v / (q - 1)) + weight * m
