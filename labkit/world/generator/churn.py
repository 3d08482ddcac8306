"""Who leaves after ``as_of``: the planted churn truth.

A customer churns (no order in the CHURN_WINDOW_DAYS after ``as_of``) when
the purchase process brings no order in the window, or when bad service
makes them defect at ``as_of``: complaints and negative feedback in the last
180 days and tickets still open raise the logit of defection
(DEFECTION_LOGIT), a long tenure lowers it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import parameters
from .consumers import LatentTraits
from .orders import PurchaseOutlook
from .timeline import Timeline

#: Service trouble counts toward defection for this many days before ``as_of``.
RECENT_DAYS = 180


@dataclass
class ChurnOutcome:
    """The future of every customer after ``as_of`` (one element per customer).

    Attributes
    ----------
    alive : numpy.ndarray
        A buyer who has not dropped out of the purchase process by ``as_of``.
    defection_probability : numpy.ndarray
        Chance of defecting at ``as_of`` because of service trouble.
    churn_probability : numpy.ndarray
        Chance of no order in the churn window (defection or no purchase), given
        the hidden ``alive``.
    rates_known_probability, segment_known_probability, reachable_probability : numpy.ndarray
        The same chance knowing less (:func:`knowing_less`): the customer's own rates
        and their orders; their segment and their orders; their orders only. NaN for
        customers without an order in the window.
    churned : numpy.ndarray
        No order in the churn window, as it happened.
    orders_next_90d : numpy.ndarray
        Orders in the churn window, as it happened.
    """

    alive: np.ndarray
    defection_probability: np.ndarray
    churn_probability: np.ndarray
    rates_known_probability: np.ndarray
    segment_known_probability: np.ndarray
    reachable_probability: np.ndarray
    churned: np.ndarray
    orders_next_90d: np.ndarray


def _recent_service_trouble(
    tickets: pd.DataFrame, feedback: pd.DataFrame, timeline: Timeline, n: int
) -> dict[str, np.ndarray]:
    """Per customer: complaints and negative feedback of the last 180 days, open tickets."""
    recent = np.datetime64(timeline.as_of, "s") - np.timedelta64(RECENT_DAYS, "D")
    complaints = tickets[(tickets["topic"] == "complaint") & (tickets["opened_at"] > recent)]
    negative = feedback[(feedback["sentiment"] == "negative") & (feedback["created_at"] > recent)]
    open_tickets = tickets.loc[tickets["status"] == "open", "customer_idx"]
    return {
        "complaints_180d": np.bincount(complaints["customer_idx"], minlength=n),
        "unresolved_tickets": np.bincount(open_tickets, minlength=n),
        "negative_feedback_180d": np.bincount(negative["customer_idx"], minlength=n),
    }


def knowing_less(defection: np.ndarray, outlook: PurchaseOutlook) -> dict[str, np.ndarray]:
    """Chance of churn given less than the hidden ``alive``: the ceilings of a churn model.

    ``churn_probability`` knows who has already dropped out, which no model can see, so
    its ROC-AUC is a ceiling no model reaches. Knowing less (the defection probability
    ``q`` follows the visible service record, so every level knows it):

    - ``rates_known_probability``: the customer's true ``lam`` and ``p`` and their last
      order, ``1 - (1 - q) × P(alive | lam, p, last order) × (1 - exp(-lam W))``, W the
      churn window's calendar-weighted exposure;
    - ``segment_known_probability``: their segment and their orders, ``lam`` and ``p``
      inferred (:mod:`labkit.world.generator.ceilings`);
    - ``reachable_probability``: their orders only, what a churn model sees.

    NaN where there is no order in the window.
    """
    keep = 1 - defection
    return {
        "rates_known_probability": 1 - keep * outlook.alive_chance * outlook.purchase_chance,
        "segment_known_probability": 1 - keep * outlook.segment_known_chance,
        "reachable_probability": 1 - keep * outlook.orders_only_chance,
    }


def churn(
    rng: np.random.Generator,
    history: pd.DataFrame,
    future_customer: np.ndarray,
    latent: LatentTraits,
    timeline: Timeline,
    tickets: pd.DataFrame,
    feedback: pd.DataFrame,
    outlook: PurchaseOutlook,
) -> ChurnOutcome:
    """Who defects at ``as_of``, and who orders in the churn window.

    Parameters
    ----------
    rng : numpy.random.Generator
        The churn stream.
    history : pandas.DataFrame
        The orders up to ``as_of``.
    future_customer : numpy.ndarray
        The customer of each order in the churn window (before defection).
    latent : LatentTraits
    timeline : Timeline
    tickets, feedback : pandas.DataFrame
        From :mod:`labkit.world.generator.engagement`.
    outlook : PurchaseOutlook
        Who is alive at ``as_of`` and their chance of an order in the window, from
        :func:`labkit.world.generator.orders.simulate_orders`.

    Returns
    -------
    ChurnOutcome
    """
    n = len(latent)
    trouble = _recent_service_trouble(tickets, feedback, timeline, n)
    tenure_years = (timeline.as_of_idx - latent.signup_day) / 365.25
    coefficient = parameters.DEFECTION_LOGIT
    logit = (
        coefficient["intercept"]
        + coefficient["complaints_180d"] * trouble["complaints_180d"]
        + coefficient["unresolved_tickets"] * trouble["unresolved_tickets"]
        + coefficient["negative_feedback_180d"] * trouble["negative_feedback_180d"]
        + coefficient["tenure_years"] * tenure_years
    )
    defection_probability = 1 / (1 + np.exp(-logit))
    defects = rng.random(n) < defection_probability
    orders_next_90d = np.bincount(future_customer[~defects[future_customer]], minlength=n)
    return ChurnOutcome(
        alive=outlook.alive,
        defection_probability=defection_probability,
        churn_probability=1 - (1 - defection_probability) * outlook.window_chance,
        **knowing_less(defection_probability, outlook),
        churned=orders_next_90d == 0,
        orders_next_90d=orders_next_90d,
    )
