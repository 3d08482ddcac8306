"""How consumers buy (issue 16): a mature business, repurchase and drop-out, demand, stores,
payment, delivery fees, order status and festivals by channel.

The stylised facts themselves (with their ranges and sources) are asserted on three seeds
in ``tests/test_stylised_facts.py``; these tests check the mechanisms behind them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import labkit
from labkit import vocabularies
from labkit.world import DEFAULT_N_CUSTOMERS, DEFAULT_SEED, LOCALES
from labkit.world.dictionary import facts_purchases
from labkit.world.generator import calendar, commerce, demand, locales, parameters, pools
from labkit.world.generator.timeline import Timeline

YEAR = pd.Timedelta(days=365)


@pytest.fixture(scope="module", params=LOCALES)
def world(request) -> labkit.World:
    return labkit.make_world(DEFAULT_SEED, DEFAULT_N_CUSTOMERS, request.param)


def values(world: labkit.World) -> pd.DataFrame:
    items = world.order_items
    gross = (items["quantity"] * items["unit_price"]).groupby(items["order_id"]).sum()
    orders = world.orders
    return orders.assign(value=orders["order_id"].map(gross) * (1 - orders["discount"]))


# ----------------------------------------------------------------------------- the business
def test_monthly_sales_are_those_of_a_mature_business(world):
    """An existing customer base (burn-in): gentle growth, seasonality not swamped by a trend."""
    o = values(world)
    monthly = o.groupby(o["ordered_at"].dt.to_period("M"))["value"].sum()
    first, last = monthly.iloc[1:7].mean(), monthly.iloc[-7:-1].mean()
    assert 0.8 < last / first < 1.5
    log_sales = np.log(monthly.to_numpy())
    r = np.corrcoef(np.arange(len(log_sales)), log_sales)[0, 1]
    assert r**2 < 0.6, f"a log-linear trend explains {r**2:.0%} of monthly sales"


def test_customers_from_before_the_window_keep_their_sign_up_dates(world):
    first_order = world.orders["ordered_at"].min()
    signup = world.customers["signup_date"]
    window_start = world.as_of - pd.DateOffset(years=parameters.HISTORY_YEARS)
    assert first_order < window_start + pd.Timedelta(days=2)
    assert 0.2 < (signup < first_order.normalize()).mean() < 0.7
    assert signup.min() >= first_order - pd.DateOffset(years=parameters.BURN_IN_YEARS + 1)


def test_sign_ups_do_not_all_buy_at_once(world):
    signup = world.customers.set_index("customer_id")["signup_date"]
    window = world.orders["ordered_at"].min().normalize()
    new = signup[(signup >= window) & (signup <= world.as_of - pd.Timedelta(days=180))]
    first = world.orders.groupby("customer_id")["ordered_at"].min().dt.normalize()
    bought = first.reindex(new.index)
    never = bought.isna().mean()
    assert 0.05 < never < 0.3, f"{never:.0%} of sign-ups never bought"
    same_day = (bought.dropna() == new[bought.notna()]).mean()
    assert 0.4 < same_day < 0.85, f"{same_day:.0%} of first orders on the sign-up day"


def test_the_clv_truth_predicts_one_time_buyers(world):
    """MBG/NBD: a new buyer makes no repeat by as_of with chance p + (1 - p) exp(-λ T)."""
    orders = world.orders
    first = orders.groupby("customer_id")["ordered_at"].min()
    signup = world.customers.set_index("customer_id")["signup_date"]
    new = first[(signup.reindex(first.index) >= orders["ordered_at"].min().normalize())]
    new = new[new < world.as_of - 2 * YEAR]
    n_orders = orders.groupby("customer_id").size().reindex(new.index)
    clv = world.truth.clv.set_index("customer_id").reindex(new.index)
    years = (world.as_of - new).dt.days / 365.25
    p, rate = clv["dropout_probability"], clv["orders_per_year"]
    predicted = (p + (1 - p) * np.exp(-rate * years)).mean()
    observed = (n_orders == 1).mean()
    assert abs(observed - predicted) < 0.06, (observed, predicted)


# ----------------------------------------------------------------------------- demand
def test_durables_are_bought_once_and_staples_come_back(world):
    lines = world.order_items.merge(world.products, on="product_id").merge(world.orders)
    durable = lines["name"].str.contains(facts_purchases.DURABLES, regex=True)
    per_buyer = lines[durable].groupby(["customer_id", "product_id"])["quantity"].sum()
    assert per_buyer.max() <= 2 and per_buyer.mean() < 1.05
    wipes = lines[lines["name"].str.contains("Wipes|湿巾")].sort_values("ordered_at")
    gaps = wipes.groupby("customer_id")["ordered_at"].diff().dt.days.dropna()
    assert gaps.median() >= 14, "baby wipes come back on a cycle, not every few days"


def test_the_range_suits_the_locale(world):
    units = world.order_items.merge(world.products).groupby("name")["quantity"].sum()
    top = " ".join(units.sort_values(ascending=False).index[:10])
    if world.locale == "en_US":
        assert not any(word in top for word in ("Longjing", "Mooncake", "Pu-erh"))
    else:
        assert any(word in " ".join(units.sort_values().index[-30:]) for word in ("月饼", "龙井"))


def test_pet_supplies_go_to_pet_owners(world):
    lines = world.order_items.merge(world.products).merge(world.orders)
    pet_lines = lines["category"] == "pet_supplies"
    buyers = lines.loc[pet_lines, "customer_id"].unique()
    # pet owners (latent) buy nearly all of it: pet buyers are a minority who buy it again
    assert 0 < len(buyers) < 0.6 * world.orders["customer_id"].nunique()
    of_buyers = lines[lines["customer_id"].isin(buyers)]
    assert (of_buyers["category"] == "pet_supplies").mean() > 3 * pet_lines.mean() / 2


# ----------------------------------------------------------------------------- commerce
def test_store_orders_are_in_the_customers_region(world):
    o = world.orders.dropna(subset=["store_id"]).merge(
        world.stores, on="store_id", suffixes=("", "_store")
    )
    home = world.customers.set_index("customer_id")["province"]
    same_province = (o["province"] == o["customer_id"].map(home)).mean()
    assert same_province > 0.97
    assert world.stores["store_id"].is_unique and world.stores["city_tier"].between(1, 4).all()


def test_payment_methods_follow_the_locale(world):
    methods = set(world.orders["payment_method"])
    local = {
        method for shares in parameters.PAYMENT_SHARES[world.locale].values() for method in shares
    }
    assert methods == local
    cash = world.orders.loc[world.orders["payment_method"] == "cash", "channel"]
    assert set(cash) == {"store"}


def test_delivery_is_free_above_the_threshold(world):
    threshold, fee = parameters.SHIPPING[world.locale]
    o = values(world)
    delivered = (o["channel"] != "store") & (o["status"] != "cancelled")
    assert (o.loc[delivered & (o["value"] >= threshold), "shipping_fee"] == 0).all()
    assert (o.loc[delivered & (o["value"] < threshold), "shipping_fee"] == fee).all()
    assert (o.loc[~delivered, "shipping_fee"] == 0).all()
    assert set(o["status"]) == set(vocabularies.ORDER_STATUSES)


def test_returns_follow_category_channel_and_time(world):
    o = world.orders
    assert (
        o.loc[o["status"] == "returned", "ordered_at"] < world.as_of - pd.Timedelta(days=1)
    ).all()
    shipped = o[o["status"] != "cancelled"]
    by_channel = shipped.groupby("channel")["status"].apply(lambda s: (s == "returned").mean())
    assert by_channel["online"] > by_channel["store"]
    cancelled = o.groupby("channel")["status"].apply(lambda s: (s == "cancelled").mean())
    assert cancelled["store"] < 0.01 < cancelled["online"]


# ----------------------------------------------------------------------------- festivals
def test_double_11_is_an_online_festival_that_opens_at_midnight():
    days, weights = calendar.channel_day_weights(
        pd.Timestamp("2024-01-01"), pd.Timestamp("2025-12-31"), "zh_CN"
    )
    online, store = (weights[vocabularies.ORDER_CHANNELS.index(c)] for c in ("online", "store"))
    d11 = np.flatnonzero((days.month == 11) & (days.day == 11))
    assert (online[d11] > 6 * np.median(online)).all()
    assert (store[d11] < 1.6 * np.median(store)).all()
    assert calendar.hour_cdf("online", midnight_sale=True)[0] > 0.25
    presale = (days.month == 10) & (days.day >= 20)
    assert online[presale].mean() > 1.2 * np.median(online)


def test_black_friday_fills_the_stores_and_cyber_monday_the_web():
    days, weights = calendar.channel_day_weights(
        pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31"), "en_US"
    )
    online, store = weights[0], weights[1]
    friday = days.get_loc(calendar.black_friday(2025))
    monday = days.get_loc(calendar.cyber_monday(2025))
    assert store[friday] > 3 * np.median(store)
    assert online[monday] > 4 * np.median(online) and store[monday] < 1.5 * np.median(store)


def test_product_seasons_and_the_timeline():
    timeline = Timeline.make(pd.Timestamp("2025-12-31"), locales.by_code("zh_CN"))
    assert timeline.window_start_idx > 365 * parameters.BURN_IN_YEARS - 2
    assert timeline.channel_cum.shape == (len(vocabularies.ORDER_CHANNELS), len(timeline.days) + 1)
    seasons = calendar.season_factors(timeline.days, "zh_CN")
    assert set(seasons) >= {"none", "winter", "summer", "mid_autumn"}


# ----------------------------------------------------------------------------- small parts
def test_category_table_follows_the_household():
    table = demand.category_table()
    baby = vocabularies.CATEGORIES.index("baby_kids")
    share = table[:, baby] / table.sum(axis=1)
    # rows: segment, female, age band, children, pet, renter (last varies fastest)
    grid = share.reshape(5, 2, 6, 2, 2, 2)
    assert (grid[:, :, :, 1] > 3 * grid[:, :, :, 0]).all(), "children at home → baby_kids"
    assert (grid[:, :, 5] < grid[:, :, 2]).all(), "65+ buy less baby_kids than 35-44"


def test_stores_cover_every_province():
    for code in LOCALES:
        locale = locales.by_code(code)
        table = commerce.stores(locale)
        assert set(table["province"]) == set(pools.regions(code)["province"])
        assert table["name"].is_unique
