"""Stylised facts about purchases (see :mod:`labkit.world.dictionary.facts`).

Each measure reads only the learner tables (``orders``, ``order_items``,
``products``, ``customers``) and the world's ``as_of``, in plain pandas.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from labkit.world.dictionary.stylised import StylisedFact
from labkit.world.generator import calendar

__all__ = ["FACTS"]

Tables = Mapping[str, pd.DataFrame]
DAY = pd.Timedelta(days=1)
YEAR = pd.Timedelta(days=365)


def _order_values(tables: Tables) -> pd.DataFrame:
    """The orders with their value after discount (``value``)."""
    items = tables["order_items"]
    gross = (items["quantity"] * items["unit_price"]).groupby(items["order_id"]).sum()
    orders = tables["orders"]
    value = orders["order_id"].map(gross).fillna(0) * (1 - orders["discount"])
    return orders.assign(value=value.to_numpy())


def _lines(tables: Tables) -> pd.DataFrame:
    """Order lines with the product, the order and the customer's gender and age."""
    customers = tables["customers"].set_index("customer_id")
    lines = tables["order_items"].merge(tables["products"], on="product_id")
    lines = lines.merge(tables["orders"], on="order_id")
    lines["female"] = lines["customer_id"].map(customers["gender"]).eq("F").to_numpy()
    return lines


def _ages(tables: Tables, as_of: pd.Timestamp) -> pd.Series:
    """Each customer's age in years at as_of, by customer_id."""
    customers = tables["customers"].set_index("customer_id")
    return (as_of - customers["birth_date"]).dt.days / 365.25


def _first_orders(tables: Tables) -> pd.Series:
    """Each ordering customer's first order time in the table."""
    orders = tables["orders"]
    return orders.groupby("customer_id")["ordered_at"].min()


def repurchase_12m(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of new customers ordering again within 365 days of their first order."""
    orders = tables["orders"]
    signup = tables["customers"].set_index("customer_id")["signup_date"]
    window_start = orders["ordered_at"].min().normalize()
    first = _first_orders(tables)
    new = first[(first <= as_of - YEAR) & (signup.reindex(first.index) >= window_start)]
    later = orders[orders["customer_id"].isin(new.index)]
    first_day = later["customer_id"].map(new).dt.normalize()
    again = (later["ordered_at"] >= first_day + DAY) & (later["ordered_at"] < first_day + YEAR)
    return later.loc[again, "customer_id"].nunique() / len(new)


def one_time_buyers(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of the customers with orders who ordered exactly once."""
    return float((tables["orders"].groupby("customer_id").size() == 1).mean())


def yearly_growth(tables: Tables, as_of: pd.Timestamp) -> float:
    """Revenue of the 12 months up to as_of over the 12 months before, minus 1."""
    orders = _order_values(tables)
    kept = orders[orders["status"] == "completed"]
    last = kept.loc[kept["ordered_at"] > as_of - YEAR, "value"].sum()
    before = kept.loc[kept["ordered_at"].between(as_of - 2 * YEAR, as_of - YEAR), "value"]
    return float(last / before.sum() - 1)


def holiday_share(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of the last full calendar year's revenue ordered in November and December."""
    orders = _order_values(tables)
    year = as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1
    in_year = orders[orders["ordered_at"].dt.year == year]
    holiday = in_year["ordered_at"].dt.month >= 11
    return float(in_year.loc[holiday, "value"].sum() / in_year["value"].sum())


def price_units_correlation(tables: Tables, as_of: pd.Timestamp) -> float:
    """Pearson r of log units sold and log list price across products."""
    units = tables["order_items"].groupby("product_id")["quantity"].sum()
    price = tables["products"].set_index("product_id")["price"].reindex(units.index)
    return float(np.corrcoef(np.log(units), np.log(price))[0, 1])


#: Major durables, by name in either language.
DURABLES = (
    "Robot Vacuum|扫地机器人|Stroller|婴儿推车|Car Seat|安全座椅|Office Chair|办公椅|Laser Printer|"
    "激光打印机|Cookware Set|锅具十件套|Air Purifier|空气净化器$|Rice Cooker|电饭煲"
)


def durable_repeat_buyers(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of the buyers of a major durable who bought the same one twice or more."""
    products = tables["products"]
    durable = products.loc[products["name"].str.contains(DURABLES, regex=True), "product_id"]
    lines = tables["order_items"][tables["order_items"]["product_id"].isin(durable)]
    lines = lines.merge(tables["orders"][["order_id", "customer_id"]], on="order_id")
    units = lines.groupby(["customer_id", "product_id"])["quantity"].sum()
    return float((units >= 2).mean())


def _units_share(lines: pd.DataFrame, pattern: str, women: bool) -> float:
    """Share of the units of the products named like ``pattern`` bought by women (men)."""
    chosen = lines[lines["name"].str.contains(pattern, regex=True)]
    by = chosen["female"] if women else ~chosen["female"]
    return float((chosen["quantity"] * by).sum() / chosen["quantity"].sum())


def lipstick_women(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of lipstick units bought by women."""
    return _units_share(_lines(tables), "Lipstick|口红", women=True)


def shaver_men(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of electric shaver units bought by men."""
    return _units_share(_lines(tables), "Shaver|剃须", women=False)


def _baby_share(tables: Tables, as_of: pd.Timestamp, low: float, high: float) -> float:
    lines = _lines(tables)
    age = lines["customer_id"].map(_ages(tables, as_of))
    band = lines[(age >= low) & (age < high)]
    return float((band["category"] == "baby_kids").mean())


def baby_kids_35_44(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of the order lines of customers aged 35-44 in baby_kids."""
    return _baby_share(tables, as_of, 35, 45)


def baby_kids_65_plus(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of the order lines of customers aged 65+ in baby_kids."""
    return _baby_share(tables, as_of, 65, 200)


def online_young_over_old(tables: Tables, as_of: pd.Timestamp) -> float:
    """Online share of the orders of customers 18-24 over that of customers 65+."""
    orders = tables["orders"]
    age = orders["customer_id"].map(_ages(tables, as_of))
    online = orders["channel"] == "online"
    return float(online[age < 25].mean() / online[age >= 65].mean())


def spend_middle_over_old(tables: Tables, as_of: pd.Timestamp) -> float:
    """Median spend per buying customer aged 35-54 over that of customers 55+."""
    orders = _order_values(tables)
    spend = orders.groupby("customer_id")["value"].sum()
    age = _ages(tables, as_of).reindex(spend.index)
    return float(spend[(age >= 35) & (age < 55)].median() / spend[age >= 55].median())


def _last_full_year(as_of: pd.Timestamp) -> int:
    return as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1


def double_11_season_share(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of the online revenue of the history's full calendar years ordered from 20 October
    to 11 November (pooled over the years: one year of a small retailer's online orders is too
    few for a stable share)."""
    orders = _order_values(tables)
    online = orders[orders["channel"] == "online"]
    first = online["ordered_at"].min()
    first_year = first.year if (first.month, first.day) == (1, 1) else first.year + 1
    year = online["ordered_at"].dt.year
    in_years = online[year.between(first_year, _last_full_year(as_of))]
    when = in_years["ordered_at"]
    start = pd.to_datetime(when.dt.year.astype(str) + "-10-20")
    season = (when >= start) & (when < start + pd.Timedelta(days=23))
    return float(in_years.loc[season, "value"].sum() / in_years["value"].sum())


def double_11_first_hour(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of the online orders of 11 November placed between 00:00 and 00:59."""
    orders = tables["orders"]
    at = orders.loc[orders["channel"] == "online", "ordered_at"]
    on_day = at[(at.dt.month == 11) & (at.dt.day == 11)]
    return float((on_day.dt.hour == 0).mean())


def _festival_lift(tables: Tables, festival_day: pd.Series) -> float:
    """Online lift on the festival days (orders over the median day) over the store lift."""
    orders = tables["orders"]
    day = orders["ordered_at"].dt.normalize()
    lifts = {}
    for channel in ("online", "store"):
        daily = day[orders["channel"] == channel].value_counts()
        lifts[channel] = daily.reindex(festival_day).fillna(0).mean() / daily.median()
    return float(lifts["online"] / lifts["store"])


def double_11_online_lift(tables: Tables, as_of: pd.Timestamp) -> float:
    """Double 11: the online orders' lift over a median day, divided by the stores' lift."""
    years = tables["orders"]["ordered_at"].dt.year.unique()
    days = [calendar.double_11(year) for year in years]
    return _festival_lift(tables, pd.Series([d for d in days if d <= as_of]))


def cyber_monday_online_lift(tables: Tables, as_of: pd.Timestamp) -> float:
    """Cyber Monday: the online orders' lift over a median day, divided by the stores' lift."""
    years = tables["orders"]["ordered_at"].dt.year.unique()
    days = [calendar.cyber_monday(year) for year in years]
    return _festival_lift(tables, pd.Series([d for d in days if d <= as_of]))


def _payment_share(tables: Tables, methods: tuple[str, ...]) -> float:
    return float(tables["orders"]["payment_method"].isin(methods).mean())


def wallet_payments(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of orders paid with Alipay or WeChat Pay."""
    return _payment_share(tables, ("alipay", "wechat_pay"))


def card_payments(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of orders paid by credit or debit card."""
    return _payment_share(tables, ("credit_card", "debit_card"))


def _returned_value_share(tables: Tables, channel: str) -> float:
    orders = _order_values(tables)
    shipped = orders[(orders["channel"] == channel) & (orders["status"] != "cancelled")]
    shipped = shipped[shipped["ordered_at"] <= shipped["ordered_at"].max() - 30 * DAY]
    returned = shipped["status"] == "returned"
    return float(shipped.loc[returned, "value"].sum() / shipped["value"].sum())


def online_returns(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of the value of shipped online orders (older than 30 days) sent back."""
    return _returned_value_share(tables, "online")


def store_returns(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of the value of store orders (older than 30 days) brought back."""
    return _returned_value_share(tables, "store")


def _category_returns(tables: Tables, category: str) -> float:
    """Share of the shipped orders holding only this category's products that were returned."""
    lines = _lines(tables)
    only = lines.groupby("order_id")["category"].agg(lambda names: set(names) == {category})
    orders = tables["orders"].set_index("order_id")
    chosen = orders.loc[only.index[only.to_numpy()]]
    shipped = chosen[chosen["status"] != "cancelled"]
    return float((shipped["status"] == "returned").mean())


def apparel_returns(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of the shipped apparel-only orders that were returned."""
    return _category_returns(tables, "apparel")


def food_returns(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of the shipped food-only orders that were returned."""
    return _category_returns(tables, "food")


def _months_share(tables: Tables, pattern: str, months: tuple[int, ...]) -> float:
    lines = _lines(tables)
    chosen = lines[lines["name"].str.contains(pattern, regex=True)]
    in_months = chosen["ordered_at"].dt.month.isin(months)
    return float(chosen.loc[in_months, "quantity"].sum() / chosen["quantity"].sum())


def down_jackets_in_winter(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of down jacket units sold from November to February."""
    return _months_share(tables, "Down Jacket|羽绒服", (11, 12, 1, 2))


def fans_in_summer(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of desk fan units sold from May to August."""
    return _months_share(tables, "Desk Fan|风扇", (5, 6, 7, 8))


def mooncakes_before_festival(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of mooncake units sold in the 30 days before the Mid-Autumn Festival."""
    lines = _lines(tables)
    chosen = lines[lines["name"].str.contains("Mooncake|月饼", regex=True)]
    day = chosen["ordered_at"].dt.normalize()
    festival = day.dt.year.map(lambda year: calendar.mid_autumn(int(year)))
    before = (festival - day).dt.days.between(1, 30)
    return float(chosen.loc[before, "quantity"].sum() / chosen["quantity"].sum())


CDNOW = (
    "Fader, Hardie & Lee (2005), 'Counting your customers' the easy way: an alternative to the "
    "Pareto/NBD model (CDNOW: about 60% of a cohort made no repeat purchase in 39 weeks)"
)
NRF_RETURNS = (
    "NRF & Appriss Retail (2024), 2023 Consumer Returns in the Retail Industry (14.5% of sales "
    "returned; online 17.6%, in-store 10.0%)"
)

#: The facts of this topic, in the order the data dictionary lists them.
FACTS: list[StylisedFact] = [
    StylisedFact(
        "repurchase_12m",
        "purchases",
        "Share of new customers (signed up in the window, first order a year or more before "
        "as_of) who order again within 365 days of their first order.",
        0.25,
        0.45,
        "share",
        f"{CDNOW}; repeat-customer rates of retailers, commonly 20-40%",
        repurchase_12m,
    ),
    StylisedFact(
        "one_time_buyers",
        "purchases",
        "Share of the customers with an order in the window who ordered exactly once.",
        0.40,
        0.70,
        "share",
        CDNOW,
        one_time_buyers,
    ),
    StylisedFact(
        "yearly_growth",
        "purchases",
        "Revenue (completed orders) of the 12 months up to as_of over the 12 months before, "
        "minus 1: a mature retailer grows by a few percent a year (one year of a 5,000-customer "
        "world wobbles by several points).",
        -0.10,
        0.20,
        "ratio",
        "NBS China (2024), total retail sales of consumer goods +7.2% in 2023 and +3.5% in "
        "2024; US Census Bureau, Annual Retail Trade Survey (US retail sales +3.2% in 2023)",
        yearly_growth,
    ),
    StylisedFact(
        "holiday_share",
        "purchases",
        "Share of the last full calendar year's revenue ordered in November and December.",
        0.18,
        0.26,
        "share",
        "NRF (2024), Winter holiday FAQs: November-December sales are about 19% of annual "
        "retail sales (two months, 16.7% of the year)",
        holiday_share,
        ("en_US",),
    ),
    StylisedFact(
        "price_units_correlation",
        "purchases",
        "Pearson correlation of log units sold with log list price across products: cheaper "
        "products sell more units.",
        -0.95,
        -0.30,
        "correlation",
        "The law of demand across a retailer's range; Chevalier & Goolsbee (2003), Measuring "
        "prices and price competition online: Amazon.com and BarnesandNoble.com",
        price_units_correlation,
    ),
    StylisedFact(
        "durable_repeat_buyers",
        "purchases",
        "Share of the buyers of a major durable (robot vacuum, stroller, car seat, office chair, "
        "laser printer, cookware set, air purifier, rice cooker) who bought the same product "
        "twice or more in the window: durables last years.",
        0.0,
        0.05,
        "share",
        "NAHB & Bank of America (2007), Study of Life Expectancy of Home Components (major "
        "appliances last 9-15 years)",
        durable_repeat_buyers,
    ),
    StylisedFact(
        "lipstick_women",
        "purchases",
        "Share of lipstick units bought by women.",
        0.85,
        0.99,
        "share",
        "Mintel (2023), Color Cosmetics - US: colour cosmetics are bought overwhelmingly by "
        "women (about nine in ten buyers)",
        lipstick_women,
    ),
    StylisedFact(
        "shaver_men",
        "purchases",
        "Share of electric shaver units bought by men.",
        0.65,
        0.97,
        "share",
        "Men's grooming appliances are bought mostly by men, some by women as gifts (Euromonitor "
        "(2023), Men's Grooming)",
        shaver_men,
    ),
    StylisedFact(
        "baby_kids_35_44",
        "purchases",
        "Share of the order lines of customers aged 35-44 in baby_kids.",
        0.08,
        0.30,
        "share",
        "US BLS (2023), Consumer Expenditure Survey 2022 by age of reference person: spending on "
        "children's apparel and toys is concentrated at 25-44",
        baby_kids_35_44,
    ),
    StylisedFact(
        "baby_kids_65_plus",
        "purchases",
        "Share of the order lines of customers aged 65+ in baby_kids.",
        0.0,
        0.03,
        "share",
        "US BLS (2023), Consumer Expenditure Survey 2022 by age of reference person",
        baby_kids_65_plus,
    ),
    StylisedFact(
        "online_young_over_old",
        "purchases",
        "Online share of the orders of customers aged 18-24 divided by that of customers 65+.",
        1.3,
        4.0,
        "ratio",
        "Pew Research Center (2016), Online Shopping and E-Commerce; CNNIC (2024), 53rd "
        "Statistical Report on China's Internet Development: online shopping falls with age, "
        "more steeply in China, where far fewer people over 60 shop online",
        online_young_over_old,
    ),
    StylisedFact(
        "spend_middle_over_old",
        "purchases",
        "Median spend of buying customers aged 35-54 divided by that of customers 55+: spending "
        "is humped in age.",
        1.05,
        2.0,
        "ratio",
        "US BLS (2023), Consumer Expenditure Survey 2022: annual expenditures peak at 35-54 "
        "(about $88,000) and fall after 55 (55-64 $77,000, 65+ $57,000)",
        spend_middle_over_old,
    ),
    StylisedFact(
        "double_11_season_share",
        "purchases",
        "Share of the online revenue ordered from 20 October to 11 November (the Double 11 "
        "pre-sale and festival), over the full calendar years of the history.",
        0.08,
        0.15,
        "share",
        "Syntun (星图数据) (2023), Double 11 report: 1.14 trillion CNY across platforms; NBS China "
        "(2024): online retail sales of physical goods 13.0 trillion CNY in 2023 (8.7%)",
        double_11_season_share,
        ("zh_CN",),
    ),
    StylisedFact(
        "double_11_first_hour",
        "purchases",
        "Share of the online orders of 11 November placed in its first hour (00:00-00:59).",
        0.15,
        0.45,
        "share",
        "Alibaba Group (2019), 11.11 Global Shopping Festival: RMB 100 billion of the day's "
        "RMB 268.4 billion in the first 1 h 03 min",
        double_11_first_hour,
        ("zh_CN",),
    ),
    StylisedFact(
        "double_11_online_lift",
        "purchases",
        "Double 11: the lift of online orders over a median day divided by the lift of store "
        "orders (an online festival).",
        2.0,
        12.0,
        "ratio",
        "Alibaba Group and JD.com Double 11 results; NBS China (2023): the festival month lifts "
        "online retail far more than total retail",
        double_11_online_lift,
        ("zh_CN",),
    ),
    StylisedFact(
        "cyber_monday_online_lift",
        "purchases",
        "Cyber Monday: the lift of online orders over a median day divided by the lift of store "
        "orders.",
        2.0,
        12.0,
        "ratio",
        "Adobe Analytics (2023): Cyber Monday, $12.4 billion, the largest online shopping day "
        "of the year in the US",
        cyber_monday_online_lift,
        ("en_US",),
    ),
    StylisedFact(
        "wallet_payments",
        "purchases",
        "Share of orders paid with Alipay or WeChat Pay.",
        0.72,
        0.92,
        "share",
        "Worldpay (2022), Global Payments Report: digital wallets (Alipay, WeChat Pay) 83% of "
        "China's e-commerce value and 54% at the point of sale in 2021",
        wallet_payments,
        ("zh_CN",),
    ),
    StylisedFact(
        "card_payments",
        "purchases",
        "Share of orders paid by credit or debit card.",
        0.55,
        0.75,
        "share",
        "Federal Reserve Financial Services (2024), Diary of Consumer Payment Choice: credit 32% "
        "and debit 30% of US payments, cash 16%",
        card_payments,
        ("en_US",),
    ),
    StylisedFact(
        "online_returns",
        "purchases",
        "Share of the value of shipped online orders (older than 30 days) that was returned.",
        0.12,
        0.25,
        "share",
        NRF_RETURNS,
        online_returns,
        ("en_US",),
    ),
    StylisedFact(
        "store_returns",
        "purchases",
        "Share of the value of store orders (older than 30 days) that was returned.",
        0.05,
        0.15,
        "share",
        NRF_RETURNS,
        store_returns,
        ("en_US",),
    ),
    StylisedFact(
        "apparel_returns",
        "purchases",
        "Share of the shipped orders of apparel only that were returned.",
        0.15,
        0.45,
        "share",
        "Coresight Research (2023), The true cost of apparel returns: online apparel return rates "
        "of 20-30% and more",
        apparel_returns,
    ),
    StylisedFact(
        "food_returns",
        "purchases",
        "Share of the shipped orders of food only that were returned.",
        0.0,
        0.04,
        "share",
        f"{NRF_RETURNS}; groceries are rarely returned",
        food_returns,
    ),
    StylisedFact(
        "down_jackets_in_winter",
        "purchases",
        "Share of down jacket units sold from November to February.",
        0.45,
        0.90,
        "share",
        "US Census Bureau, Monthly Retail Trade (clothing stores: not seasonally adjusted sales "
        "peak in November-December); Tmall and JD down-jacket sales peak October-January",
        down_jackets_in_winter,
    ),
    StylisedFact(
        "fans_in_summer",
        "purchases",
        "Share of desk fan units sold from May to August.",
        0.45,
        0.90,
        "share",
        "Appliance sales calendars: cooling appliances sell in the hot months (China Household "
        "Electrical Appliances Association; US Census Bureau, Monthly Retail Trade)",
        fans_in_summer,
    ),
    StylisedFact(
        "mooncakes_before_festival",
        "purchases",
        "Share of mooncake units sold in the 30 days before the Mid-Autumn Festival.",
        0.6,
        0.98,
        "share",
        "China Association of Bakery & Confectionery Industry: mooncakes are a seasonal gift "
        "sold in the weeks before 中秋",
        mooncakes_before_festival,
        ("zh_CN",),
    ),
]
