"""The web log as a funnel and the campaigns that change behaviour (issue 16, items 5 and 6).

Every check reads the learner tables the way an analyst would; the planted effect
is compared with ``truth/uplift``. The stylised facts of
:mod:`labkit.world.dictionary.facts_marketing` are asserted here on the default
worlds and in ``tests/test_stylised_facts.py`` on several seeds.
"""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pandas as pd
import pytest

import labkit
from labkit.database import build_database
from labkit.world import DEFAULT_N_CUSTOMERS, DEFAULT_SEED, LOCALES
from labkit.world.dictionary import facts_marketing
from labkit.world.generator import campaigns, search_terms
from labkit.world.generator.locales import by_code


@pytest.fixture(scope="module", params=LOCALES)
def world(request) -> labkit.World:
    return labkit.make_world(DEFAULT_SEED, DEFAULT_N_CUSTOMERS, request.param)


@pytest.fixture(scope="module")
def flat(world) -> pd.DataFrame:
    """web_events with the payload flattened into columns."""
    events = world.web_events
    keys = pd.json_normalize(events["payload"].map(json.loads).tolist())
    keys.index = events.index
    return pd.concat([events.drop(columns="payload"), keys], axis=1)


# ----------------------------------------------------------------------------- web funnel
def test_marketing_facts_hold_on_the_default_world(world):
    for fact in facts_marketing.FACTS:
        if world.locale in fact.locales:
            value = fact.measure(world.tables, world.as_of)
            assert fact.holds(value), f"{fact.key} = {value:.4f}, not in [{fact.low}, {fact.high}]"


def test_every_visit_is_a_funnel(flat):
    first = flat.drop_duplicates("session_id")
    assert (first["event_type"] == "page_view").all(), "a visit starts with a page view"
    assert flat["occurred_at"].is_monotonic_increasing
    step = flat.groupby("session_id")["event_type"]
    last = step.last()
    checkouts = flat[flat["event_type"] == "checkout"]
    assert checkouts["session_id"].is_unique, "one checkout per visit at most"
    assert (last[checkouts["session_id"]] == "checkout").all(), "a checkout ends its visit"
    carts = set(flat.loc[flat["event_type"] == "add_to_cart", "session_id"])
    assert set(checkouts["session_id"]) <= carts, "no checkout without add_to_cart"


def test_every_online_order_is_checked_out_in_its_visit(world, flat):
    orders = world.orders.set_index("order_id")
    first_day = flat["occurred_at"].min().normalize()
    online = orders[(orders["channel"] == "online") & (orders["ordered_at"] >= first_day)]
    checkouts = flat[flat["event_type"] == "checkout"].set_index("order_id")
    checkouts.index = checkouts.index.astype("int64")
    assert set(checkouts.index) == set(online.index)
    matched = online.loc[checkouts.index]
    assert (checkouts["customer_id"] == matched["customer_id"]).all()
    assert (checkouts["occurred_at"] <= matched["ordered_at"]).all(), "checkout before the order"
    gap = matched["ordered_at"] - checkouts["occurred_at"]
    assert gap.max() < pd.Timedelta(minutes=2)
    visit_start = flat.groupby("session_id")["occurred_at"].min()[checkouts["session_id"]]
    assert (visit_start.dt.normalize().to_numpy() == matched["ordered_at"].dt.normalize()).all()
    # the visit puts exactly the order's products in the cart
    added = flat[flat["event_type"] == "add_to_cart"][["session_id", "product_id"]]
    added = added[added["session_id"].isin(checkouts["session_id"])]
    order_of_session = pd.Series(checkouts.index, index=checkouts["session_id"])
    added_pairs = set(
        zip(added["session_id"].map(order_of_session), added["product_id"], strict=True)
    )
    lines = world.order_items[world.order_items["order_id"].isin(checkouts.index)]
    assert added_pairs == set(zip(lines["order_id"], lines["product_id"], strict=True))
    assert (checkouts["cart_items"] == lines.groupby("order_id").size()[checkouts.index]).all()


def test_searches_are_about_what_is_viewed_next(world, flat):
    views = flat["event_type"].isin(["product_view", "search"])
    steps = flat[views].sort_values(["session_id", "occurred_at"], kind="stable")
    following = steps.groupby("session_id")["category"].shift(-1)
    searches = steps[steps["event_type"] == "search"].assign(next_category=following)
    searches = searches.dropna(subset=["next_category"])
    modal = searches.groupby("query")["next_category"].agg(lambda c: c.mode().iloc[0])
    agreement = (searches["next_category"] == searches["query"].map(modal)).mean()
    assert agreement > 0.9, f"a query leads to one category only {agreement:.0%} of the time"
    counts = searches["query"].value_counts()
    assert len(counts) > 300, "a long tail of distinct queries"
    assert counts.head(10).sum() / counts.sum() < 0.3
    vocabulary = search_terms.query_vocabulary(by_code(world.locale).language, len(world.products))
    assert set(searches["query"]) <= set(vocabulary.queries)
    if world.locale == "zh_CN":
        assert searches["query"].str.contains(r"[\u4e00-\u9fff]").mean() > 0.9


def test_queries_have_typos_and_a_long_tail():
    for language in ("en", "zh"):
        vocabulary = search_terms.query_vocabulary(language, 80)
        pairs = set(zip(vocabulary.group, vocabulary.queries, strict=True))
        assert len(pairs) == len(vocabulary.queries), "no query twice for the same thing"
        assert len(vocabulary.queries) > 1000
    english = set(search_terms.query_vocabulary("en", 80).queries)
    assert {"robot vacuum", "robt vacuum"} <= english or {"robot vacuum", "robot vcuum"} <= english
    chinese = set(search_terms.query_vocabulary("zh", 80).queries)
    assert "充电宝" in chinese and "冲电宝" in chinese  # a pinyin-input slip


def test_browsing_predicts_the_next_purchase(world, flat):
    """The category viewed most in the week before an order is mostly one the order contains."""
    views = flat[flat["event_type"] == "product_view"].dropna(subset=["customer_id"])
    views = views.assign(day=views["occurred_at"].dt.normalize())
    first_day = views["day"].min()
    orders = world.orders[world.orders["ordered_at"] >= first_day + pd.Timedelta(days=7)]
    orders = orders.assign(day=orders["ordered_at"].dt.normalize())
    pairs = orders[["order_id", "customer_id", "day"]].merge(
        views[["customer_id", "day", "category"]], on="customer_id", suffixes=("", "_viewed")
    )
    before = (pairs["day_viewed"] < pairs["day"]) & (
        pairs["day_viewed"] >= pairs["day"] - pd.Timedelta(days=7)
    )
    top = pairs[before].groupby("order_id")["category"].agg(lambda c: c.mode().iloc[0])
    items = world.order_items.merge(world.products[["product_id", "category"]], on="product_id")
    bought = items.groupby("order_id")["category"].agg(set)
    match = np.mean([top[o] in bought[o] for o in top.index])
    share = items["category"].value_counts(normalize=True)
    chance = np.mean([share[list(bought[o])].sum() for o in top.index])
    assert len(top) > 100
    assert match > 0.5 and match > 2 * chance, f"match {match:.2f}, chance {chance:.2f}"


def test_visits_follow_age_device_and_hour(world, flat):
    customers = world.customers.set_index("customer_id")
    age = (world.as_of - customers["birth_date"]).dt.days / 365.25
    visits = flat.drop_duplicates("session_id").dropna(subset=["customer_id"])
    visit_age = age.reindex(visits["customer_id"].astype(int)).to_numpy()
    mobile = visits["device"].isin(["mobile", "mini_program"]).to_numpy()
    assert mobile[visit_age < 30].mean() > mobile[visit_age >= 60].mean() + 0.1
    per_customer = visits.groupby("customer_id").size().reindex(customers.index, fill_value=0)
    young, old = per_customer[age < 30].mean(), per_customer[age >= 60].mean()
    assert young > old, "the young visit more"
    hours = flat.drop_duplicates("session_id")["occurred_at"].dt.hour.value_counts()
    assert hours.idxmax() in range(19, 23)
    assert hours[3] < hours.max() / 5


# ----------------------------------------------------------------------------- campaigns
def test_holdout_groups_are_random_and_untouched(world):
    responses = world.campaign_responses
    holdout = responses["holdout"].astype(bool)
    assert 0.17 < holdout.mean() < 0.23
    assert responses.loc[holdout, "sent_at"].isna().all()
    assert responses.loc[~holdout, "sent_at"].notna().all()
    assert not responses.loc[holdout, ["opened", "clicked", "converted"]].any().any()
    consent = world.customers.set_index("customer_id")["marketing_consent"]
    assert consent.reindex(responses["customer_id"]).all()
    assert not responses.duplicated(["campaign_id", "customer_id"]).any()
    # held out at random: as old customers as the contacted ones
    signup = world.customers.set_index("customer_id")["signup_date"]
    tenure = signup.reindex(responses["customer_id"]).to_numpy()
    days = (world.as_of - pd.to_datetime(tenure)).days.to_numpy()
    assert abs(days[holdout.to_numpy()].mean() / days[~holdout.to_numpy()].mean() - 1) < 0.05


def test_channels_open_and_click_at_their_own_rates(world):
    responses = world.campaign_responses.merge(world.campaigns, on="campaign_id")
    contacted = responses[~responses["holdout"].astype(bool)]
    rate = contacted.groupby("channel")[["opened", "clicked"]].mean()
    assert rate.loc["sms", "opened"] > 0.85 > 0.3 > rate.loc["app_push", "opened"]
    if world.locale == "en_US":
        opened = rate["opened"]
        assert opened["sms"] > opened["email"] > opened["app_push"]
        assert rate.loc["email", "clicked"] < rate.loc["sms", "clicked"]
    costs = world.campaigns.groupby("channel")["cost_per_contact"].first()
    assert costs.idxmax() == "sms" and costs.idxmin() == "app_push"


def test_conversions_are_orders_with_their_campaign(world):
    responses = world.campaign_responses
    converted = responses[responses["converted"].astype(bool)]
    credited = world.orders.dropna(subset=["campaign_id"])
    assert len(credited) > 50
    assert credited["campaign_id"].isin(world.campaigns["campaign_id"]).all()
    pairs = set(zip(credited["campaign_id"].astype(int), credited["customer_id"], strict=True))
    assert pairs == set(zip(converted["campaign_id"], converted["customer_id"], strict=True))
    assert (credited["channel"] == "online").all()
    windows = credited.merge(world.campaigns, on="campaign_id").merge(
        converted[["campaign_id", "customer_id", "sent_at"]], on=["campaign_id", "customer_id"]
    )
    assert (windows["ordered_at"] > windows["sent_at"]).all()
    assert (windows["ordered_at"] < windows["end_date"] + pd.Timedelta(days=1)).all()
    assert world.order_items["order_id"].isin(credited["order_id"]).sum() >= len(credited)
    offers = windows[windows["offer"] == "discount"]
    assert (offers["discount"] >= 0.15).all(), "a discount offer's orders carry the discount"


def test_campaigns_cause_orders_and_differently_by_recency(world):
    """Uplift (contacted minus held out) is positive, largest for customers lapsed 3-6 months,
    small for those who bought in the last month (they buy anyway)."""
    purchases = facts_marketing.campaign_purchases(world.tables)
    start = purchases.merge(world.campaigns[["campaign_id", "start_date"]], on="campaign_id")
    orders = world.orders[["customer_id", "ordered_at"]]
    before = start.merge(orders, on="customer_id")
    before = before[before["ordered_at"] < before["start_date"]]
    last = before.groupby(["campaign_id", "customer_id"])["ordered_at"].max()
    start = start.join(last.rename("last_order"), on=["campaign_id", "customer_id"])
    days = (start["start_date"] - start["last_order"]).dt.days
    start["recency"] = pd.cut(days, [0, 30, 90, 180, 365, 10_000], labels=False)
    rate = start.groupby(["recency", "holdout"])["bought"].mean().unstack()
    uplift = rate[False] - rate[True]
    assert uplift.sum() > 0
    assert uplift[2] > uplift[0] + 0.02, uplift.round(3).to_dict()
    # the truth agrees and ranks customers: top truth uplift shows a larger measured uplift
    truth = world.truth["uplift"]
    assert len(truth) == len(world.campaign_responses)
    merged = start.merge(truth, on=["campaign_id", "customer_id"])
    assert merged.groupby("recency")["uplift"].mean().idxmax() == 2
    top = merged["uplift"] >= merged["uplift"].quantile(0.75)
    measured = merged.groupby([top, "holdout"])["bought"].mean().unstack()
    assert measured.loc[True, False] - measured.loc[True, True] > (
        measured.loc[False, False] - measured.loc[False, True]
    )
    contacted = ~merged["holdout"].astype(bool)
    assert not merged.loc[~contacted, "incremental_order"].any()


def test_festival_campaigns_cover_their_day(world):
    campaigns_table = world.campaigns
    names = campaigns_table["name"]
    marker = "双11" if world.locale == "zh_CN" else "Black Friday"
    festival = campaigns_table[names.str.contains(marker)]
    assert len(festival) == 2
    for row in festival.itertuples():
        days = facts_marketing.festival_days(row.name, row.start_date.year)
        assert all(row.start_date <= day <= row.end_date for day in days)
    assert (campaigns_table["end_date"] <= world.as_of).all()
    assert campaigns_table["start_date"].is_monotonic_increasing


def test_campaign_costs_differ_by_locale():
    assert by_code("zh_CN").contact_costs != by_code("en_US").contact_costs
    for code in LOCALES:
        costs = by_code(code).contact_costs
        assert len(costs) == 4 and min(costs) > 0


def test_true_uplift_follows_its_documented_shape():
    days = np.array([10, 60, 120, 250, 500])
    buying = np.ones(5, bool)
    loyal, bargain = np.full(5, 1), np.full(5, 2)
    young, middle_aged, old = np.full(5, 25.0), np.full(5, 45.0), np.full(5, 65.0)

    def effect(channel, offer, age, segment, still_buying=buying):
        return campaigns.true_uplift(channel, offer, days, age, segment, still_buying)

    by_recency = effect("email", "gift", middle_aged, loyal)
    assert by_recency.argmax() == 2 and by_recency[0] < by_recency[1] > by_recency[-1]
    assert (effect("app_push", "gift", young, loyal) > effect("app_push", "gift", old, loyal)).all()
    assert (effect("sms", "gift", young, loyal) < effect("sms", "gift", old, loyal)).all()
    assert (effect("sms", "discount", old, bargain) > effect("sms", "gift", old, bargain)).all()
    assert not effect("sms", "gift", old, loyal, np.zeros(5, bool)).any()


def test_database_carries_the_marketing_columns(world, tmp_path):
    path = build_database(world, tmp_path / "xudong.db")
    with sqlite3.connect(path) as connection:
        credited = connection.execute(
            "SELECT COUNT(*) FROM orders WHERE campaign_id IS NOT NULL"
        ).fetchone()[0]
        held_out = connection.execute(
            "SELECT COUNT(*) FROM campaign_responses WHERE holdout = 1 AND sent_at IS NULL"
        ).fetchone()[0]
    assert credited == world.orders["campaign_id"].notna().sum()
    assert held_out == world.campaign_responses["holdout"].sum()
