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
   :func:`fit_mbgnbd` fits the MBG/NBD of Batislam, Denizel and Filiztekin (2007,
   *IJRM* 24(3)), where the drop-out can follow the first purchase too.
   :func:`fit_gamma_gamma` fits the Gamma-Gamma model of spend (Fader, Hardie and
   Lee 2005, "RFM and CLV", *JMR* 42(4); Fader and Hardie 2013, note 025):
   transaction values ~ Gamma(p, ν) with ν ~ Gamma(q, v).
3. :func:`expected_purchases`, :func:`probability_alive`,
   :func:`expected_average_value` and :func:`expected_clv` predict from the fit.

The likelihoods are vectorised and summed over the distinct customer histories
with weights, and maximised on the log of the parameters with
:func:`scipy.optimize.minimize` (L-BFGS-B with the exact gradient). Only NumPy,
SciPy and pandas; importing this package has no side effects.

Modules: :mod:`~labkit.clv.summary` (the RFM summary), :mod:`~labkit.clv.bgnbd`
(BG/NBD and MBG/NBD), :mod:`~labkit.clv.gamma_gamma` (spend),
:mod:`~labkit.clv.value` (CLV), :mod:`~labkit.clv.simulate` (histories drawn from a
model with known parameters, to check a fit against) and :mod:`~labkit.clv.common`
(input checks and the optimiser they share).

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

from labkit.clv.bgnbd import (
    MODELS,
    BGNBDParams,
    bgnbd_log_likelihood,
    expected_purchases,
    fit_bgnbd,
    fit_mbgnbd,
    mbgnbd_log_likelihood,
    probability_alive,
)
from labkit.clv.common import PERIODS_PER_MONTH
from labkit.clv.gamma_gamma import (
    GammaGammaParams,
    expected_average_value,
    fit_gamma_gamma,
    gamma_gamma_log_likelihood,
)
from labkit.clv.simulate import simulate_histories
from labkit.clv.summary import rfm_summary
from labkit.clv.value import expected_clv

__all__ = [
    "MODELS",
    "PERIODS_PER_MONTH",
    "BGNBDParams",
    "GammaGammaParams",
    "bgnbd_log_likelihood",
    "expected_average_value",
    "expected_clv",
    "expected_purchases",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_mbgnbd",
    "gamma_gamma_log_likelihood",
    "mbgnbd_log_likelihood",
    "probability_alive",
    "rfm_summary",
    "simulate_histories",
]
