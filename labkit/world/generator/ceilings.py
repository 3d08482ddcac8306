"""How well churn can be foreseen, for each state of knowledge: the ceilings of chapter 08.

A customer churns when service trouble makes them defect at ``as_of`` or when the
purchase process (:mod:`labkit.world.generator.orders`) brings no order in the churn
window. Whether the second happens depends on things nobody outside the generator
sees; the best possible churn score depends on how much of it is known:

==========================  ===============================================================
truth column                 what the score knows
==========================  ===============================================================
churn_probability            whether the customer has already dropped out (hidden state)
rates_known_probability      their own purchase rate ``lam`` and drop-out chance ``p``
segment_known_probability    their segment; ``lam`` and ``p`` inferred from their orders
reachable_probability        what a churn model sees: the days of their orders (and the
                             defection chance, which follows the visible service record)
==========================  ===============================================================

Each is the churn probability under the world's own law given that knowledge, so its
ROC-AUC is the best any model with the same knowledge can reach. This module computes
the last two: the posterior expectation, over the customer's unknown ``lam`` and ``p``,
of "alive at ``as_of`` and buys in the window", given their orders in the window the
learner sees (the purchase process's own; campaign extras are left out).

Under segment ``s`` a customer's rate is ``lam ~ Gamma(r, rate alpha)`` and their
drop-out chance ``p ~ Beta(a, b)`` (``SEGMENT_BEHAVIOUR``). With ``k`` visible orders,
the last ``E_a`` calendar-weighted days before ``as_of``, ``E_o`` the exposure from the
start of observation to the last order, ``n`` the visible repeat orders (``k - 1`` when
the first order ever is visible, else ``k``) and, for a customer who bought before the
window, ``E_b`` the exposure from their first order to the window's start, the
likelihood is

    lam^n exp(-lam E_o) (1 - p)^(k - 1) [p + (1 - p) exp(-lam E_a)]
        × [(1 - p) exp(-lam p E_b)]   (first order before the window: alive at its start)

The integral over ``lam`` is closed form (a Gamma function); the one over ``p`` uses
Gauss-Jacobi nodes of the segment's Beta law. Nothing here draws a random number.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from scipy.special import betaln, gammaln, logsumexp, roots_jacobi

from . import parameters
from .consumers import LatentTraits
from .timeline import Timeline

#: Gauss-Jacobi nodes for the integral over the drop-out chance ``p``.
P_NODES = 8
#: Customers per block (bounds the memory of a world of millions).
BLOCK = 65_536


@dataclass
class VisibleOrders:
    """What each customer's orders in the learner's window say (one element per customer).

    Attributes
    ----------
    k : numpy.ndarray
        Visible orders (0: the ceilings are NaN).
    first_visible : numpy.ndarray
        The customer's first order ever is in the window.
    last_day : numpy.ndarray
        Day index of the last visible order (-1: none).
    first_day : numpy.ndarray
        Day index of the first order ever (before the window for some).
    """

    k: np.ndarray
    first_visible: np.ndarray
    last_day: np.ndarray
    first_day: np.ndarray


def visible_orders(
    n: int,
    timeline: Timeline,
    first_day: np.ndarray,
    customer: np.ndarray,
    day: np.ndarray,
    is_first: np.ndarray,
) -> tuple[VisibleOrders, np.ndarray, np.ndarray]:
    """Summarise the purchase process's orders up to ``as_of`` in the learner's window.

    Returns the summary and the customer and day of each visible repeat order (their
    days weigh the segments through the channel calendars).
    """
    seen = (day >= timeline.window_start_idx) & (day <= timeline.as_of_idx)
    customer, day, is_first = customer[seen], day[seen], is_first[seen]
    k = np.bincount(customer, minlength=n)
    last_day = np.full(n, -1, np.int64)
    np.maximum.at(last_day, customer, day)
    first_visible = np.zeros(n, bool)
    first_visible[customer[is_first]] = True
    summary = VisibleOrders(k, first_visible, last_day, first_day)
    return summary, customer[~is_first], day[~is_first]


@functools.cache
def _beta_nodes(a: float, b: float, size: int = P_NODES) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights (summing to 1) for expectations under Beta(a, b).

    Gauss-Jacobi: exact for polynomials in ``p`` of degree below ``2 size``.

    Examples
    --------
    >>> p, w = _beta_nodes(2.0, 10.0)
    >>> round(float(w @ p), 6)  # the mean a / (a + b)
    0.166667
    """
    x, w = roots_jacobi(size, b - 1.0, a - 1.0)
    return (1.0 + x) / 2.0, w / w.sum()


def posterior_terms(
    law: tuple[float, float, float, float],
    k: np.ndarray,
    first_visible: np.ndarray,
    exposure: dict[str, np.ndarray],
    log_density: np.ndarray | float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """log P(orders | law) and log E[alive and buys in the window, orders | law].

    Parameters
    ----------
    law : tuple of float
        ``(r, alpha, a, b)``: ``lam ~ Gamma(r, rate alpha)``, ``p ~ Beta(a, b)``.
    k, first_visible : numpy.ndarray
        Visible orders (1 or more) and whether the first order ever is among them.
    exposure : dict of numpy.ndarray
        Calendar-weighted exposures: ``observed`` (from the start of observation, the day
        after the first order or the window's start, to the last order), ``after`` (the
        last order to ``as_of``), ``burn_in`` (the first order to the window's start; 0
        when the first order is visible) and ``window`` (the churn window).
    log_density : numpy.ndarray or float
        Sum of the log calendar weights of the visible repeat orders' days (it weighs
        segments whose channels differ; constant within one law).

    Returns
    -------
    log_likelihood, log_chance : numpy.ndarray
        Their difference is the log of the posterior chance.
    """
    shape, rate, a, b = law
    before = ~first_visible
    # visible repeat orders (lam's power) = survived drop-outs ((1 - p)'s power): k - 1 after
    # the first visible order, plus the burn-in's survival for a customer from before
    n = k - 1 + before
    # (1 - p)^n goes into the nodes: Beta(a, b) (1 - p)^n = B(a, b + n) / B(a, b) Beta(a, b + n),
    # so what is left to integrate is nearly linear in p (exactly, without a burn-in)
    distinct, which = np.unique(n, return_inverse=True)
    nodes = np.array([_beta_nodes(a, b + m) for m in distinct])
    p, weight = nodes[which, 0], nodes[which, 1]
    # the integral over lam of lam^n exp(-lam E) against Gamma(r, alpha) is
    # alpha^r Gamma(r + n) / (Gamma(r) (alpha + E)^(r + n))
    power = (shape + n)[:, None]
    constant = (
        betaln(a, b + n)
        - betaln(a, b)
        + shape * np.log(rate)
        + gammaln(shape + n)
        - gammaln(shape)
        + log_density
    )
    start = exposure["observed"][:, None] + before[:, None] * p * exposure["burn_in"][:, None]
    after = start + exposure["after"][:, None]
    quiet = -power * np.log(rate + after)
    log_alive = np.log1p(-p) + quiet
    likelihood = np.logaddexp(np.log(p) - power * np.log(rate + start), log_alive)
    # alive and buying: exp(-lam E_after) - exp(-lam (E_after + W)), both closed form
    bought = -power * np.log(rate + after + exposure["window"][:, None])
    chance = log_alive + np.log(-np.expm1(bought - quiet))
    log_weight = np.log(weight)
    return (
        constant + logsumexp(likelihood + log_weight, axis=1),
        constant + logsumexp(chance + log_weight, axis=1),
    )


def segment_law(segment: int) -> tuple[float, float, float, float]:
    """``(r, alpha, a, b)`` of a segment (``SEGMENT_BEHAVIOUR``), ``lam`` per weighted day.

    Examples
    --------
    >>> r, alpha, a, b = segment_law(0)
    >>> round(r / alpha * 365, 6)  # the segment's mean orders a year
    15.0
    """
    behaviour = parameters.SEGMENT_BEHAVIOUR
    shape = float(behaviour["gamma_shape"][segment])
    rate = shape / (float(behaviour["orders_per_year"][segment]) / 365.0)
    return (
        shape,
        rate,
        float(behaviour["dropout_a"][segment]),
        float(behaviour["dropout_b"][segment]),
    )


def order_chances(
    latent: LatentTraits,
    timeline: Timeline,
    mixes: np.ndarray,
    seen: VisibleOrders,
    repeat_customer: np.ndarray,
    repeat_day: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Chance of an order in the churn window from the purchase process, two ways.

    Parameters
    ----------
    latent : LatentTraits
        ``segment`` is used by the segment-known chance only.
    timeline : Timeline
    mixes : numpy.ndarray
        Shape ``(n_segments, n_customers, n_channels)``: each customer's channel mix had
        they been in each segment (:func:`labkit.world.generator.orders.channel_mix`).
    seen : VisibleOrders
        From :func:`visible_orders`.
    repeat_customer, repeat_day : numpy.ndarray
        The visible repeat orders.

    Returns
    -------
    segment_known, orders_only : numpy.ndarray
        E[alive at ``as_of`` and an order in the window | orders], knowing the segment or
        weighing the segments by their shares and by how well each explains the orders;
        NaN for customers without a visible order.
    """
    n = len(latent)
    n_segments = len(parameters.SEGMENTS)
    ordered = np.flatnonzero(seen.k > 0)
    segment_known = np.full(n, np.nan)
    orders_only = np.full(n, np.nan)
    channel_weight = np.diff(timeline.channel_cum, axis=1)  # (channels, days)
    window_start, as_of = timeline.window_start_idx, timeline.as_of_idx

    def span(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        cum = timeline.channel_cum
        return (cum[:, hi] - cum[:, lo]).T  # (customers, channels)

    for block in range(0, len(ordered), BLOCK):
        who = ordered[block : block + BLOCK]
        part = VisibleOrders(
            seen.k[who], seen.first_visible[who], seen.last_day[who], seen.first_day[who]
        )
        last_next = part.last_day + 1
        observed_from = np.where(part.first_visible, part.first_day + 1, window_start)
        spans = {
            "observed": span(np.minimum(observed_from, last_next), last_next),
            "after": span(last_next, np.full(len(who), as_of + 1)),
            "burn_in": span(
                np.minimum(part.first_day + 1, window_start), np.full(len(who), window_start)
            ),
            "window": span(np.full(len(who), as_of + 1), np.full(len(who), len(timeline.days))),
        }
        position = np.full(n, -1, np.int64)
        position[who] = np.arange(len(who))
        mine = position[repeat_customer] >= 0
        row, order_day = position[repeat_customer[mine]], repeat_day[mine]
        log_likelihood = np.empty((n_segments, len(who)))
        log_chance = np.empty((n_segments, len(who)))
        for segment in range(n_segments):
            mix = mixes[segment, who]
            exposure = {name: (mix * value).sum(axis=1) for name, value in spans.items()}
            density = np.log((mix[row] * channel_weight[:, order_day].T).sum(axis=1))
            log_density = np.bincount(row, weights=density, minlength=len(who))
            log_likelihood[segment], log_chance[segment] = posterior_terms(
                segment_law(segment), part.k, part.first_visible, exposure, log_density
            )
        own = latent.segment[who]
        columns = np.arange(len(who))
        segment_known[who] = np.exp(log_chance[own, columns] - log_likelihood[own, columns])
        prior = np.log(parameters.SEGMENT_SHARE)[:, None]
        orders_only[who] = np.exp(
            logsumexp(prior + log_chance, axis=0) - logsumexp(prior + log_likelihood, axis=0)
        )
    return segment_known, orders_only
