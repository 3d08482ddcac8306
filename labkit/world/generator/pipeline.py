"""The B2B sales pipeline: deals that move through the stages, and are won, lost or still open.

Each opportunity walks the open stages (:data:`labkit.vocabularies.OPEN_STAGES`)
in order. At each stage it passes with a probability
(:data:`~labkit.world.generator.parameters.STAGE_PASS_RATE`, higher for
creditworthy and bigger accounts, lower for bigger deals); passing the last one
(negotiation) wins it, failing any stage loses it there, with a reason that fits
the stage (early: no budget, no decision; late: price, competitor, no decision).
So the number of deals falls stage by stage while the pass rate rises, and only
about a quarter of closed deals are won. A won deal takes a sales cycle that
grows with its amount; each stage takes a fixed part of it. Deals whose close
falls after as_of are still open, at the stage they have reached.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import parameters
from .timeline import Timeline

__all__ = ["LOST_REASON_P", "STAGE_CYCLE_SHARE", "opportunities"]

#: Part of a won deal's sales cycle spent in each open stage (follows OPEN_STAGES).
STAGE_CYCLE_SHARE = np.array([0.20, 0.25, 0.30, 0.25])
#: Chance of each lost reason (columns follow LOST_REASONS) by the stage a deal is
#: lost at (rows follow OPEN_STAGES): "no decision" is the largest everywhere
#: (Dixon & McKenna, 2022); budget and fit end early deals, price and competitors late ones.
LOST_REASON_P = np.array(
    [
        # no_decision, price, competitor, no_budget, timing, product_fit
        [0.40, 0.04, 0.04, 0.28, 0.10, 0.14],
        [0.46, 0.07, 0.09, 0.18, 0.10, 0.10],
        [0.54, 0.18, 0.14, 0.04, 0.05, 0.05],
        [0.50, 0.23, 0.18, 0.02, 0.04, 0.03],
    ]
)
#: A deal lost to no decision stalls this much longer (as a part of its cycle) before
#: the salesperson closes it.
STALL_SHARE = (0.2, 0.6)


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1 - p))


def _lost_reasons(rng: np.random.Generator, lost_stage: np.ndarray) -> np.ndarray:
    """A lost reason per lost deal, from LOST_REASON_P's row for its stage."""
    cumulative = np.cumsum(LOST_REASON_P, axis=1)[lost_stage]
    pick = (rng.random(len(lost_stage))[:, None] > cumulative).sum(axis=1)
    return np.array(vocabularies.LOST_REASONS)[np.minimum(pick, len(vocabularies.LOST_REASONS) - 1)]


def opportunities(
    rng: np.random.Generator, hidden: dict[str, np.ndarray], timeline: Timeline
) -> pd.DataFrame:
    """The ``opportunities`` table.

    Parameters
    ----------
    rng : numpy.random.Generator
    hidden : dict of numpy.ndarray
        Per account: ``employees, since_day, credit, revenue``.
    timeline : Timeline

    Returns
    -------
    pandas.DataFrame
        ``opportunity_id, account_id, created_at, stage, amount, expected_close,
        closed_at, lost_at_stage, lost_reason``, numbered in order of creation.
    """
    won_stage, lost_stage_name = vocabularies.CLOSED_STAGES
    stages = np.array(vocabularies.OPEN_STAGES)
    n_stages = len(stages)
    employees, since_day, credit = hidden["employees"], hidden["since_day"], hidden["credit"]
    per_account = 1 + rng.poisson(2.0, size=len(employees))
    account = np.repeat(np.arange(len(employees)), per_account)
    n = len(account)
    created_day = rng.integers(np.maximum(since_day[account] - 60, 0), timeline.as_of_idx + 1)
    amount = np.maximum(
        100, np.round(hidden["revenue"][account] * 0.01 * np.exp(rng.normal(0, 0.8, n)), -2)
    )
    size = np.log(amount) - np.median(np.log(amount))  # the deal's size, relative to the median
    cycle = parameters.SALES_CYCLE_DAYS * np.exp(
        parameters.SALES_CYCLE_ELASTICITY * size + rng.normal(0, 0.4, n)
    )
    # walk the stages: the first failed stage loses the deal, passing them all wins it
    shift = 0.35 * credit[account] + 0.15 * (np.log(employees[account]) - 3.2) - 0.15 * size
    pass_p = 1 / (1 + np.exp(-(_logit(parameters.STAGE_PASS_RATE)[None, :] + shift[:, None])))
    passed = rng.random((n, n_stages)) < pass_p
    reached = np.where(passed.all(axis=1), n_stages, np.argmin(passed, axis=1))  # n_stages = won
    won = reached == n_stages
    stage_starts = np.concatenate([[0.0], np.cumsum(STAGE_CYCLE_SHARE)])
    lost_at = np.minimum(reached, n_stages - 1)
    reason = _lost_reasons(rng, lost_at)
    stall = np.where(won | (reason != "no_decision"), 0.0, rng.uniform(*STALL_SHARE, n))
    close_share = np.where(
        won,
        1.0,
        stage_starts[lost_at] + STAGE_CYCLE_SHARE[lost_at] * rng.uniform(0.3, 1.0, n) + stall,
    )
    close_day = created_day + close_share * cycle
    closed = close_day < timeline.as_of_idx + 1
    # an open deal sits at the last stage it has entered by as_of
    elapsed = (timeline.as_of_idx - created_day)[:, None]
    entered = elapsed >= stage_starts[None, :n_stages] * cycle[:, None]
    current = np.minimum(entered.sum(axis=1) - 1, lost_at)
    stage = np.where(closed, np.where(won, won_stage, lost_stage_name), stages[current])
    lost = closed & ~won
    stamps = timeline.day_stamps()
    office_hours = (rng.integers(9, 18, n) * 3600).astype("timedelta64[s]")
    closed_at = np.where(
        closed,
        stamps[np.minimum(close_day.astype(np.int64), timeline.as_of_idx)] + office_hours,
        np.datetime64("NaT"),
    ).astype("datetime64[s]")
    expected_days = (
        parameters.SALES_CYCLE_DAYS
        * np.exp(parameters.SALES_CYCLE_ELASTICITY * size)
        * 0.85
        * np.exp(rng.normal(0, 0.25, n))
    )
    created = stamps[created_day]
    expected = created + (expected_days * 86400).astype(np.int64).astype("timedelta64[s]")
    table = pd.DataFrame(
        {
            "account_idx": account,
            "created_at": created,
            "stage": stage,
            "amount": amount,
            "expected_close": expected.astype("datetime64[D]").astype("datetime64[s]"),
            "closed_at": closed_at,
            "lost_at_stage": np.where(lost, stages[lost_at], None),
            "lost_reason": np.where(lost, reason, None),
        }
    )
    table = table.sort_values(["created_at", "account_idx"], kind="stable").reset_index(drop=True)
    table.insert(0, "opportunity_id", np.arange(1, n + 1, dtype=np.int64))
    table.insert(1, "account_id", table.pop("account_idx") + 1)
    return table
