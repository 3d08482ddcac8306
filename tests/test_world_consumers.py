"""The planted structure chapter 05 (analysing consumers) relies on, with its strength.

Each test measures one truth the way the teaching notebook does, on the course-size
worlds of seeds 2026, 7 and 11 in both locales, and states the strength it needs in the
assertion message. Truths already asserted elsewhere are not repeated here:

- the repurchase rate and the share of one-time buyers: ``repurchase_12m`` and
  ``one_time_buyers`` in tests/test_stylised_facts.py;
- the festivals' online lift over a median day (online ÷ store): ``double_11_online_lift``
  and ``cyber_monday_online_lift`` there;
- that pet-supply buyers are a minority who buy again: tests/test_world_purchases.py.

datasets/README.md ("Chapter 05 relies on") lists the measured strengths.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from labkit.explorer import explorer_data
from labkit.questions.ch05 import _aov, _orders
from labkit.world.generator import calendar

SEEDS = (2026, 7, 11)
LOCALES = ("en_US", "zh_CN")


@pytest.fixture(params=[(s, loc) for s in SEEDS for loc in LOCALES],
                ids=lambda p: f"{p[1]}-{p[0]}")
def world(request, course_world_factory):
    """A course-size world (5,000 customers: the smaller ones are too noisy here)."""
    return course_world_factory(*request.param)


def _nps(scores: pd.Series) -> tuple[float, float]:
    """NPS in points and its standard error."""
    promoter, detractor = (scores >= 9).mean(), (scores <= 6).mean()
    variance = promoter + detractor - (promoter - detractor) ** 2
    return 100 * (promoter - detractor), 100 * float(np.sqrt(variance / len(scores)))


def test_pet_owners_spend_on_pet_supplies_and_the_others_do_not(world):
    """Section 2: the category mix by pet ownership."""
    data = explorer_data(world)
    sales = data.sales.merge(data.people[["customer_id", "pet_owner"]], on="customer_id")
    mix = sales.pivot_table(index="pet_owner", columns="category", values="value",
                            aggfunc="sum").fillna(0)
    share = mix.div(mix.sum(axis=1), axis=0)["pet_supplies"]
    assert share[True] >= 0.15, f"pet supplies are {share[True]:.1%} of owners' spending; ≥ 15%"
    assert share[False] <= 0.01, f"and {share[False]:.2%} of the others'; ≤ 1%"


def test_browsing_predicts_the_next_orders_category(world):
    """Section 4: the category viewed most in the 7 days before an online order's day
    is in the order far more often than the most viewed category overall."""
    web = world.web_events
    details = pd.json_normalize(web["payload"].map(json.loads).tolist())
    views = web.assign(category=details["category"])
    views = views[(views["event_type"] == "product_view") & views["customer_id"].notna()]
    orders = world.orders[(world.orders["status"] == "completed")
                          & (world.orders["channel"] == "online")
                          & (world.orders["ordered_at"] >= views["occurred_at"].min().normalize())]
    pairs = views.merge(orders[["order_id", "customer_id", "ordered_at"]], on="customer_id")
    before = (pairs["ordered_at"].dt.normalize() - pairs["occurred_at"].dt.normalize()).dt.days
    top = (pairs[before.between(1, 7)].groupby(["order_id", "category"]).size().rename("n")
           .reset_index().sort_values(["order_id", "n", "category"],
                                      ascending=[True, False, True])
           .drop_duplicates("order_id"))
    lines = world.order_items.merge(world.products[["product_id", "category"]])
    bought = set(zip(lines["order_id"], lines["category"], strict=True))
    hit = np.mean([(o, c) in bought for o, c in zip(top["order_id"], top["category"],
                                                    strict=True)])
    popular = views["category"].value_counts().idxmax()
    base = np.mean([(o, popular) in bought for o in top["order_id"]])
    assert len(top) >= 100, f"only {len(top)} orders with views before them"
    assert hit >= 0.75 and hit >= 2.5 * base, (
        f"hit rate {hit:.1%} against {base:.1%} guessing '{popular}': needs ≥ 75% and ≥ 2.5×")


def _festival_lifts(world) -> dict[str, list[float]]:
    """Orders on each festival day ÷ the median day of its year (the notebook's table)."""
    o = world.orders
    daily = o.groupby(o["ordered_at"].dt.normalize()).size()
    median = daily.groupby(daily.index.year).median()
    if world.locale == "zh_CN":
        named = {"双11": calendar.double_11, "618": calendar.mid_year_618,
                 "双12": lambda y: pd.Timestamp(y, 12, 12)}
    else:
        named = {"Black Friday": calendar.black_friday, "Cyber Monday": calendar.cyber_monday}
    lifts = {}
    for name, day_of in named.items():
        days = [pd.Timestamp(day_of(y)).normalize() for y in median.index]
        lifts[name] = [daily.get(d, 0) / median[d.year] for d in days if d <= world.as_of]
    return lifts


def test_festival_days_lift_orders_over_a_median_day(world):
    """Section 1.1: the main festival brings about three times a median day, every
    festival lifts its day, and 双12 is the weakest of China's three."""
    lifts = {name: float(np.median(values)) for name, values in _festival_lifts(world).items()}
    shown = {name: round(lift, 2) for name, lift in lifts.items()}
    main = lifts["双11"] if world.locale == "zh_CN" else max(lifts.values())
    assert main >= 2.5, f"the main festival's lift (median over the years) is ≥ 2.5: {shown}"
    assert min(lifts.values()) >= 1.3, f"every festival lifts its day ≥ 1.3×: {shown}"
    if world.locale == "zh_CN":
        assert lifts["双12"] < min(lifts["双11"], lifts["618"]), f"双12 is the weakest: {shown}"


def test_nps_does_not_differ_reliably_by_member_tier(world):
    """Section 3: the chapter says the member tiers' NPS differ by less than the noise of
    a survey this size (satisfaction is planted by behaviour segment and by complaints,
    not by tier)."""
    answers = world.surveys.merge(world.customers[["customer_id", "member_tier"]])
    top = answers.loc[answers["member_tier"].isin(["gold", "platinum"]), "nps"]
    bronze = answers.loc[answers["member_tier"] == "bronze", "nps"]
    (a, se_a), (b, se_b) = _nps(top), _nps(bronze)
    noise = 2 * np.hypot(se_a, se_b)
    assert abs(a - b) < noise, (
        f"gold+platinum NPS {a:.1f} (n={len(top)}) vs bronze {b:.1f} (n={len(bronze)}): "
        f"the difference {a - b:+.1f} should be within 2 standard errors (±{noise:.1f})")


def test_the_top_fifth_of_buyers_bring_four_fifths_of_revenue(world):
    """Section 5 and questions 05.q18–q19: the Pareto principle holds (top RFM M quintile)."""
    spend = explorer_data(world).sales.groupby("customer_id")["value"].sum()
    share = spend.nlargest(int(0.2 * len(spend))).sum() / spend.sum()
    assert 0.8 <= share <= 0.9, f"the top 20% of buyers bring {share:.1%}; needs 80-90%"


def test_online_orders_are_the_largest_and_store_orders_the_most(world):
    """Questions 05.q16-q17: the channel with the highest average order value (online)
    is not the one with the most orders (store), so counting orders picks the wrong one."""
    aov, orders = _aov(world), _orders(world)["channel"].value_counts()
    ratio = aov["online"] / aov.drop("online").max()
    assert ratio >= 1.03, f"online's average order value is {ratio:.3f}× the next; ≥ 1.03×"
    more = orders["store"] / orders.drop("store").max()
    assert more >= 1.05, f"stores take {more:.2f}× the orders of the next channel; ≥ 1.05×"
