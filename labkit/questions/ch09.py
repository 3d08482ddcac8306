"""Chapter 09 · Lifecycle, value and loyalty: questions.

Every expected answer is computed from the learner's own world, so the questions work
for any seed, size and locale. The lesson classifies stages on ``as_of`` and a year
before, fits the CLV models with a one-year hold-out and plans the care tasks of the 30
days after ``as_of``; the questions ask the same methods on other dates, slices and
horizons, so no answer can be copied from the lesson's printed numbers.

Orders are valued as chapter 05 values them (:mod:`labkit.questions.sales`: completed
orders, lines less the discount); the RFM segments are chapter 05's
(:func:`labkit.explorer.explorer_data`). "Fresh" customers signed up inside the order
history, so their first visible order is their first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit.clv import (
    expected_clv,
    expected_purchases,
    fit_bgnbd,
    fit_gamma_gamma,
    fit_mbgnbd,
    probability_alive,
    rfm_summary,
)
from labkit.explorer import explorer_data
from labkit.questions import AnyOf, Mistake, Question
from labkit.questions.sales import valued_orders

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World

STAGES = ["potential", "new", "active", "loyal", "lost"]
YEAR = pd.Timedelta(days=365)
ALL_STATUSES = ("completed", "cancelled", "returned")
CANCELLED = "Leave out cancelled and returned orders: only completed orders count as purchases."


# ----------------------------------------------------------------------------- helpers
def _sales(world: World, statuses=("completed",), gross: bool = False) -> pd.DataFrame:
    """Valued orders with their margin (value less the goods' unit cost)."""
    sales = valued_orders(world, statuses, discount=not gross)
    items = world["order_items"].merge(world["products"][["product_id", "unit_cost"]],
                                       on="product_id")
    cost = (items["quantity"] * items["unit_cost"]).groupby(items["order_id"]).sum()
    return sales.assign(margin=sales["value"] - sales["order_id"].map(cost))


def stages(world: World, at: pd.Timestamp, *, statuses=("completed",),
           new_by_first_order: bool = False) -> pd.Series:
    """The lesson's lifecycle stage of every customer signed up by ``at``."""
    customers = world["customers"].set_index("customer_id")
    sales = _sales(world, statuses)
    joined = customers[customers["signup_date"] <= at]
    past = sales[sales["ordered_at"] <= at]
    year = past[past["ordered_at"] > at - YEAR]
    n_year = year.groupby("customer_id").size().reindex(joined.index, fill_value=0)
    ever = joined.index.isin(past["customer_id"])
    days = (at - joined["signup_date"]).dt.days
    if new_by_first_order:
        first = past.groupby("customer_id")["ordered_at"].min().reindex(joined.index)
        recent = ((at - first).dt.days <= 180).to_numpy()
    else:
        recent = (days <= 180).to_numpy()
    stage = np.select([(days > 365) & (n_year == 0), ~ever, recent, n_year >= 4],
                      ["lost", "potential", "new", "loyal"], "active")
    return pd.Series(stage, index=joined.index, name="stage")


def _fresh(world: World, end: pd.Timestamp) -> pd.Index:
    customers = world["customers"].set_index("customer_id")
    start = world["orders"]["ordered_at"].min().normalize()
    joined = customers["signup_date"]
    return customers.index[(joined >= start) & (joined <= end)]


def _summary(world: World, end: pd.Timestamp, *, everyone: bool = False, gross: bool = False,
             upto: pd.Timestamp | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rfm summary at ``end``, the transactions) of the fresh customers of ``upto``."""
    sales = _sales(world, gross=gross)
    if not everyone:
        sales = sales[sales["customer_id"].isin(_fresh(world, upto or end))]
    return rfm_summary(sales, "customer_id", "ordered_at", "value", end), sales


# ----------------------------------------------------------------------------- lifecycle
def _stage_counts(world: World, **kwargs) -> pd.Series:
    counts = stages(world, world.as_of - pd.Timedelta(days=180), **kwargs).value_counts()
    return counts.reindex(STAGES, fill_value=0).rename("customers").rename_axis("stage")


def _active_to_lost(world: World, *, by_column: bool = False) -> float:
    before = stages(world, world.as_of - YEAR)
    now = stages(world, world.as_of).reindex(before.index)
    if by_column:
        return float((before[now == "lost"] == "active").mean())
    return float((now[before == "active"] == "lost").mean())


def _most_lost(world: World, *, with_lost: bool = False) -> AnyOf:
    before = stages(world, world.as_of - YEAR)
    now = stages(world, world.as_of).reindex(before.index)
    keep = ["new", "active", "loyal"] + (["lost"] if with_lost else [])
    lost = (now == "lost").groupby(before).sum().reindex(keep)
    return AnyOf(tuple(lost.index[lost == lost.max()]))


def _cohort_month1(world: World, *, over_buyers: bool = False, statuses=("completed",)
                   ) -> float:
    customers = world["customers"].set_index("customer_id")
    joined = customers[customers["signup_date"].dt.year == world.as_of.year - 1]
    cohort = joined["signup_date"].dt.to_period("M")
    sales = _sales(world, statuses)
    sales = sales[sales["customer_id"].isin(joined.index)]
    age = (sales["ordered_at"].dt.to_period("M") - sales["customer_id"].map(cohort)).map(
        lambda offset: offset.n)
    month1 = sales.loc[age == 1, "customer_id"].nunique()
    base = sales.loc[age == 0, "customer_id"].nunique() if over_buyers else len(joined)
    return month1 / base


# ----------------------------------------------------------------------------- simple CLV
def _retention(world: World, *, channel: str = "online", statuses=("completed",),
               over_all: bool = False) -> float:
    customers = world["customers"].set_index("customer_id")
    sales = _sales(world, statuses)
    sales = sales[sales["customer_id"].map(customers["signup_channel"]) == channel]
    last = sales[sales["ordered_at"] > world.as_of - YEAR]
    prior = sales[(sales["ordered_at"] > world.as_of - 2 * YEAR)
                  & (sales["ordered_at"] <= world.as_of - YEAR)]
    kept = np.isin(prior["customer_id"].unique(), last["customer_id"]).sum()
    if over_all:
        return float(kept / (customers["signup_channel"] == channel).sum())
    return float(kept / prior["customer_id"].nunique())


def _simple_clv(world: World, stage: str = "active", discount: float = 0.12, *,
                revenue: bool = False, no_r: bool = False) -> float:
    before = stages(world, world.as_of - YEAR)
    sales = _sales(world)
    last = sales[sales["ordered_at"] > world.as_of - YEAR]
    prior = sales[(sales["ordered_at"] > world.as_of - 2 * YEAR)
                  & (sales["ordered_at"] <= world.as_of - YEAR)]
    buyers = pd.Index(prior["customer_id"].unique())
    buyers = buyers[buyers.map(before) == stage]
    r = float(np.isin(buyers, last["customer_id"]).mean())
    yearly = last.groupby("customer_id")["value" if revenue else "margin"].sum()
    m = float(yearly[yearly.index.map(before) == stage].mean())
    return m / (1 + discount - r) if no_r else m * r / (1 + discount - r)


# ----------------------------------------------------------------------------- BG/NBD
def _holdout_actual(world: World, *, orders: bool = False, everyone: bool = False) -> int:
    end = world.as_of - pd.Timedelta(days=180)
    cal, sales = _summary(world, end, everyone=everyone)
    # rfm_summary counts the whole day ``end`` in the calibration period
    later = sales["ordered_at"].dt.normalize() > end
    future = sales[later & sales["customer_id"].isin(cal.index)]
    if orders:
        return len(future)
    return int(future.groupby("customer_id")["ordered_at"].agg(
        lambda s: s.dt.normalize().nunique()).sum())


def _holdout_forecast(world: World, *, horizon: int = 180, everyone: bool = False) -> float:
    end = world.as_of - pd.Timedelta(days=180)
    cal, _ = _summary(world, end, everyone=everyone)
    fit = fit_bgnbd(cal["frequency"], cal["recency"], cal["T"])
    return float(expected_purchases(fit, horizon, cal["frequency"], cal["recency"],
                                    cal["T"]).sum())


def _full(world: World, **kwargs) -> pd.DataFrame:
    full, _ = _summary(world, world.as_of, **kwargs)
    fit = fit_bgnbd(full["frequency"], full["recency"], full["T"])
    full["p_alive"] = probability_alive(fit, full["frequency"], full["recency"], full["T"])
    full["alive"] = world.truth.clv.set_index("customer_id")["alive_at_as_of"].reindex(
        full.index).astype(bool)
    return full


def _likely_alive(world: World, *, with_once: bool = False) -> int:
    full = _full(world)
    if not with_once:
        full = full[full["frequency"] > 0]
    return int((full["p_alive"] >= 0.5).sum())


def _once_alive(world: World, *, all_buyers: bool = False, model: bool = False,
                channel: str = "store") -> float:
    full = _full(world)
    signup = world["customers"].set_index("customer_id")["signup_channel"]
    full = full[full.index.map(signup) == channel]
    if not all_buyers:
        full = full[full["frequency"] == 0]
    return float(full["p_alive" if model else "alive"].mean())


def _mean_dropout(world: World, *, modified: bool = True, everyone: bool = False) -> float:
    full, _ = _summary(world, world.as_of, everyone=everyone)
    fit = (fit_mbgnbd if modified else fit_bgnbd)(full["frequency"], full["recency"], full["T"])
    return fit.a / (fit.a + fit.b)


def _gamma_gamma_mean(world: World, *, gross: bool = False, plain: bool = False) -> float:
    full, _ = _summary(world, world.as_of, gross=gross)
    if plain:
        return float(full.loc[full["frequency"] > 0, "monetary_value"].mean())
    fit = fit_gamma_gamma(full["frequency"], full["monetary_value"])
    return fit.p * fit.v / (fit.q - 1)


def _clv_by_segment(world: World, *, total: bool = False) -> pd.Series:
    full, _ = _summary(world, world.as_of)
    bgnbd = fit_bgnbd(full["frequency"], full["recency"], full["T"])
    spend = fit_gamma_gamma(full["frequency"], full["monetary_value"])
    clv = pd.Series(expected_clv(bgnbd, spend, full["frequency"], full["recency"], full["T"],
                                 full["monetary_value"], months=6), index=full.index)
    segment = explorer_data(world).people.set_index("customer_id")["segment"]
    grouped = clv.groupby(segment.reindex(clv.index))
    return (grouped.sum() if total else grouped.mean()).rename("clv").rename_axis("segment")


# ----------------------------------------------------------------------------- care
def _birthdays(world: World, *, consent: bool = True, with_lost: bool = False) -> int:
    customers = world["customers"].set_index("customer_id")
    if consent:
        customers = customers[customers["marketing_consent"]]
    now = stages(world, world.as_of).reindex(customers.index)
    if not with_lost:
        customers = customers[now != "lost"]
    window = pd.date_range(world.as_of + pd.Timedelta(days=1), periods=30)
    wanted = set(window.strftime("%m-%d"))
    return int(customers["birth_date"].dt.strftime("%m-%d").isin(wanted).sum())


QUESTIONS: list[Question] = [
    Question(
        id="09.q1",
        prompt="Customers per lifecycle stage 180 days before as_of (Series, exact)?",
        expected=_stage_counts,
        kind="series",
        answer_kind="a Series of customer counts indexed by stage",
        hint="Use the lesson's rules with at = as_of - 180 days: lost, potential, new (sign-up "
        "in the last 180 days), loyal (4+ orders in 365 days), active; count each stage.",
        mistakes=(
            Mistake(lambda w: _stage_counts(w, statuses=ALL_STATUSES), CANCELLED),
            Mistake(lambda w: _stage_counts(w, new_by_first_order=True),
                    "'New' goes by the sign-up date, not by the first visible order: the "
                    "order history starts later than many customers joined."),
        ),
    ),
    Question(
        id="09.q2",
        prompt="Share of the customers active a year before as_of lost at as_of (3 decimals)?",
        expected=_active_to_lost,
        kind="share",
        atol=5e-4,
        answer_kind="a share between 0 and 1",
        hint="Stages at as_of - 365 days and at as_of; among the customers active then, the "
        "share lost now (a row of the transition matrix, normalised by row).",
        mistakes=(
            Mistake(lambda w: _active_to_lost(w, by_column=True),
                    "You divided by the lost customers of today (normalize='columns'): that says "
                    "where the lost came from. The question follows the active ones: divide by "
                    "the row."),
        ),
    ),
    Question(
        id="09.q3",
        prompt="Which stage of a year ago (new, active, loyal) lost the most customers (name)?",
        expected=_most_lost,
        kind="text",
        answer_kind="a stage name: new, active or loyal",
        hint="Crosstab the stages of a year ago against those of as_of (counts, not shares) "
        "and compare the 'lost' column for the rows new, active and loyal.",
        mistakes=(
            Mistake(lambda w: _most_lost(w, with_lost=True),
                    "Customers already lost a year ago cannot be lost again: a retention "
                    "budget goes to new, active or loyal customers."),
        ),
    ),
    Question(
        id="09.q4",
        prompt="Month-1 retention of the sign-ups of the year before as_of's year (3 decimals)?",
        expected=_cohort_month1,
        kind="share",
        atol=5e-4,
        answer_kind="a share between 0 and 1",
        hint="Pool the sign-ups of as_of.year - 1; count those with a completed order in the "
        "calendar month after their sign-up month, and divide by all of the sign-ups.",
        mistakes=(
            Mistake(lambda w: _cohort_month1(w, over_buyers=True),
                    "You divided by the customers who bought in their sign-up month; retention "
                    "is over the whole cohort, buyers or not."),
            Mistake(lambda w: _cohort_month1(w, statuses=ALL_STATUSES), CANCELLED),
        ),
    ),
    Question(
        id="09.q5",
        prompt="Yearly retention rate of the customers who signed up online (3 decimals)?",
        expected=_retention,
        kind="share",
        atol=5e-4,
        answer_kind="a share between 0 and 1",
        hint="Among the online sign-ups who bought in the year before the last 365 days, the "
        "share who bought again in the last 365 days up to as_of.",
        mistakes=(
            Mistake(lambda w: _retention(w, over_all=True),
                    "You divided by every online sign-up. Retention is over last-but-one "
                    "year's buyers: only they can be retained."),
            Mistake(lambda w: _retention(w, statuses=ALL_STATUSES), CANCELLED),
        ),
    ),
    Question(
        id="09.q6",
        prompt="Simple CLV of the stage 'active' a year ago, discount rate 12% (whole money "
        "units)?",
        expected=_simple_clv,
        kind="number",
        rtol=2e-3,
        answer_kind="an amount of money",
        hint="The lesson's simple_by on the stages of as_of - 365 days, with d = 0.12: "
        "m · r / (1 + d - r) for the row 'active'.",
        mistakes=(
            Mistake(lambda w: _simple_clv(w, revenue=True),
                    "You used revenue for m; CLV counts the margin (value less the goods' "
                    "unit cost)."),
            Mistake(lambda w: _simple_clv(w, no_r=True),
                    "The formula is m · r / (1 + d - r): the first year's margin is earned only "
                    "if the customer stays, so r multiplies m."),
        ),
    ),
    Question(
        id="09.q7",
        prompt="Repeat purchase days of the fresh customers in a 180-day hold-out (exact)?",
        expected=_holdout_actual,
        kind="count",
        answer_kind="a whole number of purchase days",
        hint="Calibration ends at as_of - 180 days; fresh customers signed up from the first "
        "order day to then. Count each one's distinct order days after the calibration end.",
        mistakes=(
            Mistake(lambda w: _holdout_actual(w, orders=True),
                    "You counted orders; rfm_summary and BG/NBD count purchase days (two "
                    "orders on one day are one purchase)."),
            Mistake(lambda w: _holdout_actual(w, everyone=True),
                    "Keep the fresh customers only (signed up on or after the first order "
                    "day): for the others the first visible order is not the first."),
        ),
    ),
    Question(
        id="09.q8",
        prompt="BG/NBD forecast of those hold-out purchases (1 decimal)?",
        expected=_holdout_forecast,
        kind="number",
        rtol=1e-3,
        answer_kind="an expected number of purchases",
        hint="rfm_summary of the fresh customers at the calibration end, fit_bgnbd, then the "
        "sum of expected_purchases(fit, 180, …).",
        mistakes=(
            Mistake(lambda w: _holdout_forecast(w, horizon=365),
                    "The hold-out is 180 days long: forecast t = 180, not a year."),
            Mistake(lambda w: _holdout_forecast(w, everyone=True),
                    "Fit on the fresh customers only: for customers who joined before the order "
                    "history began, frequency, recency and T are wrong."),
        ),
    ),
    Question(
        id="09.q9",
        prompt="How many fresh repeat buyers have P(alive) of at least 0.5 at as_of (exact)?",
        expected=_likely_alive,
        kind="count",
        answer_kind="a whole number of customers",
        hint="rfm_summary of the fresh customers at as_of, fit_bgnbd, probability_alive; count "
        "customers with frequency > 0 and P(alive) >= 0.5.",
        mistakes=(
            Mistake(lambda w: _likely_alive(w, with_once=True),
                    "You counted the one-time buyers too; BG/NBD gives them P(alive) = 1 by "
                    "assumption. The question asks for repeat buyers."),
        ),
    ),
    Question(
        id="09.q10",
        prompt="Are most fresh one-time buyers who signed up in a store alive at as_of "
        "(True/False)?",
        expected=lambda w: _once_alive(w) > 0.5,
        kind="bool",
        answer_kind="True or False",
        hint="Take the fresh store sign-ups with frequency 0 at as_of and look them up in "
        "world.truth.clv: alive_at_as_of. Compare the share with 0.5.",
        mistakes=(
            Mistake(lambda w: _once_alive(w, model=True) > 0.5,
                    "You trusted BG/NBD's P(alive), which is 1 for anyone without a repeat "
                    "purchase. In this world customers can leave right after their first order "
                    "(MBG/NBD): check the truth table."),
        ),
    ),
    Question(
        id="09.q11",
        prompt="Share of the fresh one-time store sign-ups truly alive at as_of (3 decimals)?",
        expected=_once_alive,
        kind="share",
        atol=5e-4,
        answer_kind="a share between 0 and 1",
        hint="Fresh customers who signed up in a store, with frequency 0 in rfm_summary at "
        "as_of; the mean of alive_at_as_of from world.truth.clv.",
        mistakes=(
            Mistake(lambda w: _once_alive(w, all_buyers=True),
                    "You took every fresh store buyer; the question is about those who bought "
                    "once (frequency 0)."),
        ),
    ),
    Question(
        id="09.q12",
        prompt="Gamma-Gamma mean value per purchase, fresh customers at as_of (whole money "
        "units)?",
        expected=_gamma_gamma_mean,
        kind="number",
        rtol=2e-3,
        answer_kind="an amount of money",
        hint="fit_gamma_gamma(frequency, monetary_value) on the rfm_summary of the fresh "
        "customers at as_of; the mean is p · v / (q - 1).",
        mistakes=(
            Mistake(lambda w: _gamma_gamma_mean(w, plain=True),
                    "That is the plain mean of the repeat buyers' monetary_value. The question "
                    "asks for the model's population mean, p · v / (q - 1)."),
            Mistake(lambda w: _gamma_gamma_mean(w, gross=True),
                    "You valued the orders before their discount: an order's value is the "
                    "lines' total × (1 - discount)."),
        ),
    ),
    Question(
        id="09.q13",
        prompt="Mean 6-month expected CLV of fresh buyers per RFM segment (Series, 1 decimal)?",
        expected=_clv_by_segment,
        kind="series",
        rtol=1e-3,
        atol=0.05,
        answer_kind="a Series of amounts indexed by segment",
        hint="Fit BG/NBD and Gamma-Gamma on the fresh customers at as_of; expected_clv(…, "
        "months=6); group by chapter 05's segment (explorer_data) and take the mean.",
        mistakes=(
            Mistake(lambda w: _clv_by_segment(w, total=True),
                    "You summed the segment's CLV; the question asks for the mean per "
                    "customer."),
        ),
    ),
    Question(
        id="09.q14",
        prompt="Birthday greetings in the 30 days after as_of, consenting and not lost (exact)?",
        expected=_birthdays,
        kind="count",
        answer_kind="a whole number of greetings",
        hint="Customers with marketing_consent whose stage at as_of is not lost; their "
        "birthday (month and day) falls on one of the 30 days as_of + 1 … as_of + 30.",
        mistakes=(
            Mistake(lambda w: _birthdays(w, consent=False),
                    "A greeting with an offer is a marketing message: keep the customers with "
                    "marketing_consent."),
            Mistake(lambda w: _birthdays(w, with_lost=True),
                    "Leave out the customers whose stage at as_of is lost: they get a win-back "
                    "contact, not a birthday greeting."),
        ),
    ),
    Question(
        id="09.q15",
        prompt="MBG/NBD mean drop-out chance a / (a + b), fresh customers at as_of (2 decimals)?",
        expected=_mean_dropout,
        kind="share",
        atol=5e-3,
        answer_kind="a probability between 0 and 1",
        hint="clv.fit_mbgnbd(frequency, recency, T) on the rfm_summary of the fresh customers "
        "at as_of; the mean of the Beta distribution is a / (a + b).",
        mistakes=(
            Mistake(lambda w: _mean_dropout(w, modified=False),
                    "That is the BG/NBD's mean drop-out chance (fit_bgnbd). The question asks "
                    "for the MBG/NBD (fit_mbgnbd), which lets customers drop out after the first "
                    "purchase too."),
            Mistake(lambda w: _mean_dropout(w, everyone=True),
                    "Fit on the fresh customers only: for customers who joined before the order "
                    "history began, frequency, recency and T are wrong."),
        ),
    ),
]
