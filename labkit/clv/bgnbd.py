"""BG/NBD and MBG/NBD: likelihoods, fits, expected purchases and P(alive).

Both models let a customer buy at a rate λ ~ Gamma(r, alpha) while alive and drop
out for good with probability p ~ Beta(a, b) after a purchase. In the BG/NBD
(Fader, Hardie and Lee 2005) the drop-out can follow each *repeat* purchase; in
the MBG/NBD (Batislam, Denizel and Filiztekin 2007, *IJRM* 24(3); the CBG/NBD of
Hoppe and Wagner 2007) it can also follow the first purchase, so a customer
without a repeat purchase may be gone too. The formulas are the papers' (and
those of lifetimes' ``BetaGeoFitter`` and ``ModifiedBetaGeoFitter``): the MBG/NBD
ones are the BG/NBD ones with one more chance to drop out (``b + x`` where the
BG/NBD has ``b + x - 1``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import betaln, digamma, gammaln, hyp2f1

from labkit.clv.common import check, column, compress, maximise, param_values

#: The models a :class:`BGNBDParams` can describe.
MODELS = ("BG/NBD", "MBG/NBD")
_NAMES = ("r", "alpha", "a", "b")


@dataclass(frozen=True)
class BGNBDParams:
    """A fitted BG/NBD or MBG/NBD model (names as in Fader, Hardie and Lee 2005).

    Attributes
    ----------
    r, alpha : float
        Shape and rate of the Gamma distribution of purchase rates λ (per period
        of ``recency`` and ``T``); the mean rate is ``r / alpha``.
    a, b : float
        The Beta distribution of the drop-out probability p after each repeat
        purchase (MBG/NBD: after each purchase, the first included); the mean is
        ``a / (a + b)``.
    log_likelihood : float
        The maximised log-likelihood, summed over the customers.
    n_customers : int
        The number of customers fitted.
    model : {"BG/NBD", "MBG/NBD"}
        Which model the parameters belong to; the predictions follow it.
    """

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    n_customers: int
    model: str = "BG/NBD"

    def __post_init__(self) -> None:
        if self.model not in MODELS:
            raise ValueError(f"model must be one of {', '.join(MODELS)}, not {self.model!r}")


def _modified(params: Any) -> bool:
    """True for MBG/NBD parameters; a plain tuple of four numbers is a BG/NBD."""
    return getattr(params, "model", "BG/NBD") == "MBG/NBD"


def _histories(frequency: Any, recency: Any, T: Any) -> tuple[np.ndarray, ...]:
    """Checked (x, t_x, T) arrays of one length."""
    x, t_x, age = column(frequency, "frequency"), column(recency, "recency"), column(T, "T")
    if not x.size == t_x.size == age.size:
        raise ValueError(
            f"frequency, recency and T differ in length ({x.size}, {t_x.size}, {age.size})"
        )
    check(x >= 0, "frequency: {bad} of {n} rows are negative")
    check(x == np.round(x), "frequency: {bad} of {n} rows are not whole numbers")
    check(t_x >= 0, "recency: {bad} of {n} rows are negative")
    check(age >= 0, "T: {bad} of {n} rows are negative")
    check(t_x <= age, "recency: {bad} of {n} rows are greater than T")
    check((x > 0) | (t_x == 0), "recency: {bad} of {n} rows are not 0 where frequency is 0")
    return x, t_x, age


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
    return log_likelihood_terms(param_values(params, _NAMES), x, t_x, age, False, gradient=False)[0]


def mbgnbd_log_likelihood(
    params: tuple[float, float, float, float] | BGNBDParams,
    frequency: Any,
    recency: Any,
    T: Any,
) -> np.ndarray:
    """Each customer's MBG/NBD log-likelihood (Batislam, Denizel and Filiztekin 2007).

    Examples
    --------
    >>> btydplus = (0.525, 6.183, 0.891, 1.614)  # the MBG/NBD fitted to CDNOW
    >>> mbgnbd_log_likelihood(btydplus, [0, 2], [0.0, 30.43], [38.86, 38.86]).round(3)
    array([-0.54 , -9.486])
    """
    x, t_x, age = _histories(frequency, recency, T)
    return log_likelihood_terms(param_values(params, _NAMES), x, t_x, age, True, gradient=False)[0]


def log_likelihood_terms(
    theta: np.ndarray,
    x: np.ndarray,
    t_x: np.ndarray,
    age: np.ndarray,
    modified: bool,
    gradient: bool,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Per-row log-likelihood and, with ``gradient``, its derivatives in log-parameters.

    ``modified``: the MBG/NBD (drop-out possible after the first purchase too).
    """
    r, alpha, a, b = theta
    k = 1.0 if modified else 0.0  # the MBG/NBD's extra chance to drop out
    can_drop = (x > 0) | modified
    b_x = b + np.maximum(x, 1.0 - k) - 1.0 + k  # b + x - 1 (BG/NBD), b + x (MBG/NBD)
    log_alpha_T, log_alpha_tx = np.log(alpha + age), np.log(alpha + t_x)
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x + k) - betaln(a, b)
    first = -(r + x) * log_alpha_T  # alive at T
    second = np.where(can_drop, np.log(a) - np.log(b_x) - (r + x) * log_alpha_tx, -np.inf)
    both = np.logaddexp(first, second)  # dropped out just after the last purchase
    ll = common + both
    if not gradient:
        return ll, None
    w_first, w_second = np.exp(first - both), np.exp(second - both)
    d_r = digamma(r + x) - digamma(r) + np.log(alpha) - w_first * log_alpha_T
    d_r -= w_second * log_alpha_tx
    d_alpha = r / alpha - (r + x) * (w_first / (alpha + age) + w_second / (alpha + t_x))
    d_ab = digamma(a + b) - digamma(a + b + x + k)
    d_a = d_ab + w_second / a
    d_b = d_ab + digamma(b + x + k) - digamma(b) - w_second / b_x
    return ll, np.stack([d_r * r, d_alpha * alpha, d_a * a, d_b * b])


def _fit(frequency: Any, recency: Any, T: Any, modified: bool) -> BGNBDParams:
    x, t_x, age = _histories(frequency, recency, T)
    if x.size == 0:
        raise ValueError("frequency: no customers to fit")
    (ux, utx, uage), counts = compress(x, t_x, age)
    mean_rate = max(float(counts @ ux) / float(counts @ uage), 1e-6)
    start = np.log([1.0, 1.0 / mean_rate, 1.0, 1.0])
    theta, ll = maximise(
        lambda th, g: log_likelihood_terms(th, ux, utx, uage, modified, gradient=g), counts, start
    )
    r, alpha, a, b = (float(value) for value in theta)
    return BGNBDParams(
        r=r, alpha=alpha, a=a, b=b, log_likelihood=ll, n_customers=int(x.size),
        model=MODELS[modified],
    )  # fmt: skip


def fit_bgnbd(frequency: Any, recency: Any, T: Any) -> BGNBDParams:
    """Fit the BG/NBD model by maximum likelihood.

    Parameters
    ----------
    frequency, recency, T : array-like
        Each customer's repeat purchases, time of the last purchase and age, as
        :func:`~labkit.clv.rfm_summary` gives them (recency and T in the same unit).

    Returns
    -------
    BGNBDParams
        r, alpha, a, b, the log-likelihood, the number of customers and
        ``model="BG/NBD"``.

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
    return _fit(frequency, recency, T, modified=False)


def fit_mbgnbd(frequency: Any, recency: Any, T: Any) -> BGNBDParams:
    """Fit the MBG/NBD model (drop-out possible after the first purchase too).

    Batislam, Denizel and Filiztekin (2007), "Empirical validation and comparison
    of models for customer base analysis", *IJRM* 24(3). Arguments, result and
    errors as :func:`fit_bgnbd`; the result has ``model="MBG/NBD"``, so
    :func:`expected_purchases` and :func:`probability_alive` use the MBG/NBD's
    formulas.

    Examples
    --------
    >>> frequency = [0, 1, 2, 0, 5, 3, 0, 1]
    >>> recency = [0.0, 10.0, 30.0, 0.0, 35.0, 12.0, 0.0, 2.0]
    >>> fit = fit_mbgnbd(frequency, recency, [40.0, 38.0, 39.0, 20.0, 40.0, 36.0, 30.0, 39.0])
    >>> fit.model, fit.n_customers
    ('MBG/NBD', 8)
    >>> bool(probability_alive(fit, [0], [0.0], [30.0])[0] < 1)  # may have left at once
    True
    """
    return _fit(frequency, recency, T, modified=True)


def expected_purchases(
    params: BGNBDParams, t: Any, frequency: Any, recency: Any, T: Any
) -> np.ndarray:
    """Expected repeat purchases in the next ``t`` periods, given each history.

    BG/NBD: Fader, Hardie and Lee (2005), eq. 10; MBG/NBD: Batislam, Denizel and
    Filiztekin (2007), appendix (as lifetimes' ``ModifiedBetaGeoFitter``). The
    Gaussian hypergeometric function comes from :func:`scipy.special.hyp2f1`, with
    Euler's transformation where it overflows. With ``frequency = recency = T = 0``
    this is the expectation for a customer who has just made a first purchase.

    Examples
    --------
    >>> cdnow = BGNBDParams(0.243, 4.414, 0.793, 2.426, -9582.4, 2357)
    >>> expected_purchases(cdnow, 39, [2], [30.43], [38.86]).round(3)
    array([1.226])
    >>> btydplus = BGNBDParams(0.525, 6.183, 0.891, 1.614, 0.0, 2357, model="MBG/NBD")
    >>> expected_purchases(btydplus, 39, [2], [30.43], [38.86]).round(3)
    array([1.263])
    """
    x, t_x, age = _histories(frequency, recency, T)
    horizon = np.broadcast_to(column(t, "t"), x.shape)
    check(horizon >= 0, "t: {bad} of {n} rows are negative")
    r, alpha, a, b = param_values(params, _NAMES)
    modified = _modified(params)
    k = 1.0 if modified else 0.0
    big_a, big_b, big_c = r + x, b + x + k, a + b + x - 1 + k
    z = horizon / (alpha + age + horizon)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        log_hyp = np.log(hyp2f1(big_a, big_b, big_c, z))
        euler = np.log(hyp2f1(big_c - big_a, big_c - big_b, big_c, z))
        euler += (big_c - big_a - big_b) * np.log1p(-z)
    log_hyp = np.where(np.isfinite(log_hyp), log_hyp, euler)
    grows = -np.expm1(log_hyp + (r + x) * np.log((alpha + age) / (alpha + age + horizon)))
    numerator = big_c / (a - 1) * grows
    return numerator * _probability_alive(r, alpha, a, b, x, t_x, age, modified)


def _probability_alive(
    r: float, alpha: float, a: float, b: float,
    x: np.ndarray, t_x: np.ndarray, age: np.ndarray, modified: bool,
) -> np.ndarray:  # fmt: skip
    k = 1.0 if modified else 0.0
    with np.errstate(over="ignore"):
        log_odds = (r + x) * np.log((alpha + age) / (alpha + t_x)) + np.log(
            a / (b + np.maximum(x, 1.0 - k) - 1.0 + k)
        )
        alive = 1.0 / (1.0 + np.exp(log_odds))
    return np.where((x > 0) | modified, alive, 1.0)


def probability_alive(params: BGNBDParams, frequency: Any, recency: Any, T: Any) -> np.ndarray:
    """The probability that each customer is still alive at ``T``.

    BG/NBD: Fader, Hardie and Lee (2008), note 021 (1 with no repeat purchase);
    MBG/NBD: Batislam, Denizel and Filiztekin (2007), appendix A, eq. 5 (below 1
    for everyone: a customer may drop out after the first purchase).

    Examples
    --------
    >>> cdnow = BGNBDParams(0.243, 4.414, 0.793, 2.426, -9582.4, 2357)
    >>> probability_alive(cdnow, [0, 2, 2], [0.0, 30.43, 5.0], [38.86, 38.86, 38.86]).round(3)
    array([1.   , 0.727, 0.124])
    """
    x, t_x, age = _histories(frequency, recency, T)
    r, alpha, a, b = param_values(params, _NAMES)
    return _probability_alive(r, alpha, a, b, x, t_x, age, _modified(params))
