"""Chapter 05 · Analysing consumers: questions.

Every expected answer is computed from the learner's own world with plain pandas, the
way the teaching notebook does it: an order's value is the sum of its lines
(quantity × unit_price) less the order's discount, and revenue counts completed orders
only. "The last 365 days" are the orders with ``ordered_at > as_of - 365 days``.

The declared mistakes are the ones learners make in this chapter: counting orders
instead of customers, leaving cancelled and returned orders in the revenue, dividing by
all customers instead of buyers, measuring recency from today, NPS as a mean score,
scoring recency the wrong way round, leaking the order day into a prediction.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pandas as pd

from labkit.questions import Mistake, Question
from labkit.questions.sales import valued_orders

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World

YEAR = pd.Timedelta(days=365)
ALL_STATUSES = "You kept cancelled and returned orders; revenue and purchases count completed "
ALL_STATUSES += "orders only (status == 'completed')."


def _orders(world: World, completed: bool = True, discount: bool = True) -> pd.DataFrame:
    """Orders with their value (lines less the discount); completed ones by default."""
    return valued_orders(world, ("completed",) if completed else None, discount)


def _lines(world: World, completed: bool = True, discount: bool = True) -> pd.DataFrame:
    """Order lines with category, customer, channel and net value."""
    orders = world["orders"]
    if completed:
        orders = orders[orders["status"] == "completed"]
    lines = world["order_items"].merge(world["products"][["product_id", "category"]])
    lines = lines.merge(orders[["order_id", "customer_id", "channel", "discount"]], on="order_id")
    lines["value"] = lines["quantity"] * lines["unit_price"]
    if discount:
        lines["value"] *= 1 - lines["discount"]
    return lines


def _last_year(frame: pd.DataFrame, world: World, years: int = 1) -> pd.DataFrame:
    start = world.as_of - years * YEAR
    inside = frame["ordered_at"] > start
    if years > 1:  # the last window runs to the end of as_of's day, the others to midnight
        inside &= frame["ordered_at"] <= start + YEAR
    return frame[inside]


# ----------------------------------------------------------------------- behaviour


def _weekend_store(world: World, days=(5, 6), reverse: bool = False) -> float:
    o = world["orders"]
    weekend = o["ordered_at"].dt.day_of_week.isin(days)
    store = o["channel"] == "store"
    return float((weekend & store).sum() / (store if reverse else weekend).sum())


def _category_share(world: World, **how) -> pd.Series:
    lines = _lines(world, **how)
    value = lines.groupby("category")["value"].sum()
    return (value / value.sum()).rename("share")


def _unit_share(world: World) -> pd.Series:
    lines = _lines(world)
    units = lines.groupby("category")["quantity"].sum()
    return (units / units.sum()).rename("share")


def _store_basket(world: World, completed: bool = True, units: bool = False) -> float:
    lines = _lines(world, completed=completed)
    lines = lines[lines["channel"] == "store"]
    per_order = lines.groupby("order_id")["quantity"].sum() if units else lines.groupby(
        "order_id").size()
    return float(per_order.mean())


def _top_decile_share(world: World, completed: bool = True) -> float:
    v = _orders(world, completed=completed)["value"]
    return float(v[v >= v.quantile(0.9)].sum() / v.sum())


def _top_customer_share(world: World) -> float:
    spend = _orders(world).groupby("customer_id")["value"].sum()
    return float(spend[spend >= spend.quantile(0.9)].sum() / spend.sum())


# ------------------------------------------------------------------ characteristics


def _by_education(world: World, completed: bool = True, per: str = "buyers") -> pd.DataFrame:
    c = world["customers"]
    spend = _orders(world, completed=completed).groupby("customer_id")["value"].sum()
    spend = c["customer_id"].map(spend).fillna(0)
    g = pd.DataFrame({"education": c["education"], "spend": spend, "buyer": spend > 0})
    table = g.groupby("education").agg(customers=("spend", "size"), buyers=("buyer", "sum"),
                                       revenue=("spend", "sum"))
    table["spend_per_buyer"] = table["revenue"] / table[per]
    return table[["customers", "buyers", "spend_per_buyer"]].astype(
        {"buyers": int}).reset_index()


def _baby_share(world: World, completed: bool = True, all_parents: bool = False) -> float:
    c = world["customers"]
    parents = set(c.loc[c["children_at_home"] > 0, "customer_id"])
    lines = _lines(world, completed=completed)
    buyers = set(lines["customer_id"]) & parents
    baby = set(lines.loc[lines["category"] == "baby_kids", "customer_id"]) & parents
    return len(baby) / len(parents if all_parents else buyers)


def _baby_line_share(world: World) -> float:
    c = world["customers"]
    parents = c.loc[c["children_at_home"] > 0, "customer_id"]
    lines = _lines(world)
    lines = lines[lines["customer_id"].isin(parents)]
    return float((lines["category"] == "baby_kids").mean())


# ------------------------------------------------------------------------- loyalty


def _repurchase(world: World, completed: bool = True, all_customers: bool = False) -> float:
    counts = _last_year(_orders(world, completed=completed), world)["customer_id"].value_counts()
    base = len(world["customers"]) if all_customers else len(counts)
    return float((counts >= 2).sum() / base)


def _age(world: World) -> pd.Series:
    c = world["customers"]
    return ((world.as_of - c["birth_date"]).dt.days // 365.25).astype(int)


def _older_scores(world: World) -> pd.Series:
    c = world["customers"]
    older = c.loc[_age(world) >= 50, "customer_id"]
    s = world["surveys"]
    return s.loc[s["customer_id"].isin(older), "nps"]


def _nps(scores: pd.Series, promoter: int = 9) -> float:
    return float(100 * ((scores >= promoter).mean() - (scores <= 6).mean()))


def _slipping(world: World, completed: bool = True, count_orders: bool = False) -> int:
    o = _orders(world, completed=completed)
    freq = o["customer_id"].value_counts()
    quiet = o.groupby("customer_id")["ordered_at"].max() <= world.as_of - pd.Timedelta(days=180)
    chosen = freq[(freq >= 3) & quiet.reindex(freq.index)]
    return int(chosen.sum() if count_orders else len(chosen))


# ----------------------------------------------------------------------- attention


def _views(world: World) -> pd.DataFrame:
    web = world["web_events"]
    views = web[(web["event_type"] == "product_view") & web["customer_id"].notna()]
    category = views["payload"].map(lambda p: json.loads(p).get("category"))
    return views.assign(category=category)[["event_id", "customer_id", "occurred_at", "category"]]


def _hit_rate(world: World, first: int = 1, last: int = 3, completed: bool = True) -> float:
    views = _views(world)
    start = world["web_events"]["occurred_at"].min().normalize()
    orders = _orders(world, completed=completed)
    orders = orders[(orders["ordered_at"] >= start) & (orders["channel"] == "online")]
    pairs = views.merge(orders[["order_id", "customer_id", "ordered_at"]], on="customer_id")
    days = (pairs["ordered_at"].dt.normalize() - pairs["occurred_at"].dt.normalize()).dt.days
    pairs = pairs[days.between(first, last)]
    top = (pairs.groupby(["order_id", "category"]).size().rename("n").reset_index()
           .sort_values(["order_id", "n", "category"], ascending=[True, False, True])
           .drop_duplicates("order_id"))
    lines = _lines(world, completed=completed)
    bought = pd.MultiIndex.from_frame(lines[["order_id", "category"]])
    return float(pd.MultiIndex.from_frame(top[["order_id", "category"]]).isin(bought).mean())


def _pet_lookers(world: World, events: bool = False, filter_buyers: bool = True) -> int:
    views = _views(world)
    pet = views[views["category"] == "pet_supplies"]
    lines = _lines(world)
    bought = lines.loc[lines["category"] == "pet_supplies", "customer_id"]
    if filter_buyers:
        pet = pet[~pet["customer_id"].isin(bought)]
    return int(len(pet) if events else pet["customer_id"].nunique())


# --------------------------------------------------------------------------- value


def _rfm(world: World, completed: bool = True, reverse_r: bool = False) -> pd.DataFrame:
    o = _orders(world, completed=completed)
    g = o.groupby("customer_id")
    recency = (world.as_of - g["ordered_at"].max().dt.normalize()).dt.days
    rfm = pd.DataFrame({"recency": recency, "frequency": g.size(), "monetary": g["value"].sum()})
    labels = range(1, 6)
    r_rank = rfm["recency"].rank(method="first", ascending=reverse_r)
    rfm["R"] = pd.qcut(r_rank, 5, labels=labels).astype(int)
    rfm["F"] = pd.qcut(rfm["frequency"].rank(method="first"), 5, labels=labels).astype(int)
    return rfm


def _at_risk(world: World, **how) -> int:
    rfm = _rfm(world, **how)
    return int(((rfm["R"] <= 2) & (rfm["F"] >= 4)).sum())


def _median_recency(world: World, today: bool = False, mean: bool = False) -> float:
    last = _orders(world).groupby("customer_id")["ordered_at"].max().dt.normalize()
    end = pd.Timestamp.today().normalize() if today else world.as_of
    days = (end - last).dt.days
    return float(days.mean() if mean else days.median())


def _class_a(world: World, completed: bool = True, all_customers: bool = False) -> float:
    spend = _last_year(_orders(world, completed=completed), world).groupby(
        "customer_id")["value"].sum().sort_values(ascending=False)
    cum = spend.cumsum() / spend.sum()
    base = len(world["customers"]) if all_customers else len(spend)
    return float((cum <= 0.8).sum() / base)


def _shrinking(world: World, completed: bool = True, stopped: bool = True) -> int:
    o = _orders(world, completed=completed)
    before = _last_year(o, world, years=2).groupby("customer_id")["value"].sum()
    now = _last_year(o, world).groupby("customer_id")["value"].sum()
    now = now.reindex(before.index)
    if not stopped:
        return int((now < before).sum())  # NaN (no purchase now) compares False
    return int((now.fillna(0) < before).sum())


def _mean_score(world: World) -> float:
    return float(_older_scores(world).mean())


def _promoters_only(world: World) -> float:
    return float(100 * (_older_scores(world) >= 9).mean())


# ---------------------------------------------------------------- judgement calls


def _aov(world: World, completed: bool = True, discount: bool = True) -> pd.Series:
    """Average order value per channel: revenue ÷ orders."""
    return _orders(world, completed=completed, discount=discount).groupby("channel")[
        "value"].mean()


def _busiest_channel(world: World) -> str:
    return str(_orders(world)["channel"].value_counts().idxmax())


def _top_fifth_share(world: World, completed: bool = True, of: str = "buyers") -> float:
    """Share of revenue brought by the int(0.2 × n) largest buyers (or orders)."""
    o = _orders(world, completed=completed)
    if of == "orders":
        values = o["value"]
    else:
        values = o.groupby("customer_id")["value"].sum()
        if of == "customers":
            values = values.reindex(world["customers"]["customer_id"], fill_value=0)
    top = values.nlargest(int(0.2 * len(values)))
    return float(top.sum() / values.sum())


QUESTIONS = [
    Question(
        id="05.q1",
        prompt="Of the weekend orders, what share were placed in a store (6 significant digits)?",
        expected=_weekend_store,
        kind="share",
        rtol=1e-5,
        answer_kind="a share between 0 and 1",
        hint="Keep the orders whose ordered_at.dt.day_of_week is 5 or 6 (Monday is 0), then "
        "take the mean of channel == 'store' over them.",
        mistakes=(
            Mistake(lambda w: _weekend_store(w, reverse=True),
                    "That is the share of store orders placed at the weekend; the question "
                    "asks the other way round: of the weekend orders, the share in a store."),
            Mistake(lambda w: _weekend_store(w, days=(4, 5)),
                    "day_of_week counts Monday as 0: Saturday and Sunday are 5 and 6, not 4 "
                    "and 5."),
        ),
    ),
    Question(
        id="05.q2",
        prompt="What share of revenue does each category bring (Series, 4 significant digits)?",
        expected=_category_share,
        kind="series",
        rtol=1e-3,
        answer_kind="a Series of shares indexed by category",
        hint="Value each line of a completed order as quantity × unit_price × (1 - the "
        "order's discount), sum per category and divide by the total.",
        mistakes=(
            Mistake(lambda w: _category_share(w, completed=False), ALL_STATUSES),
            Mistake(lambda w: _category_share(w, discount=False),
                    "You left out the order's discount: a line's value is quantity × "
                    "unit_price × (1 - discount)."),
            Mistake(_unit_share, "Those are shares of units sold; the question asks for "
                    "shares of revenue (money)."),
        ),
    ),
    Question(
        id="05.q3",
        prompt="What is the mean basket size of completed store orders (3 decimals)?",
        expected=_store_basket,
        kind="number",
        atol=5e-4,
        rtol=0,
        answer_kind="a number of products",
        hint="Count the lines of each completed store order (one line per product), then "
        "take the mean over those orders.",
        mistakes=(
            Mistake(lambda w: _store_basket(w, units=True),
                    "You added up the quantities (units); basket size counts different "
                    "products, one per line."),
            Mistake(lambda w: _store_basket(w, completed=False), ALL_STATUSES),
        ),
    ),
    Question(
        id="05.q4",
        prompt="What share of revenue do the top-decile orders bring (4 significant digits)?",
        expected=_top_decile_share,
        kind="share",
        rtol=1e-3,
        answer_kind="a share between 0 and 1",
        hint="v = completed order values; v[v >= v.quantile(0.9)].sum() / v.sum().",
        mistakes=(
            Mistake(lambda w: _top_decile_share(w, completed=False), ALL_STATUSES),
            Mistake(_top_customer_share,
                    "You ranked customers by their spending; the question ranks orders by "
                    "their value."),
        ),
    ),
    Question(
        id="05.q5",
        prompt="Per education: customers, buyers, spend per buyer (DataFrame, 4 significant "
        "digits)?",
        expected=_by_education,
        kind="frame",
        rtol=1e-3,
        answer_kind="a DataFrame with columns education, customers, buyers, spend_per_buyer",
        hint="Sum each customer's completed order values (0 when none), then per education: "
        "count customers, count those with spend > 0 (buyers), and divide the group's "
        "revenue by its buyers.",
        mistakes=(
            Mistake(lambda w: _by_education(w, per="customers"),
                    "You divided the revenue by all customers of the group; the question "
                    "asks per buyer."),
            Mistake(lambda w: _by_education(w, completed=False), ALL_STATUSES),
        ),
    ),
    Question(
        id="05.q6",
        prompt="Of the buyers with children, what share bought baby_kids (4 significant digits)?",
        expected=_baby_share,
        kind="share",
        rtol=1e-3,
        answer_kind="a share between 0 and 1",
        hint="Buyers are customers with at least one completed order. Among those with "
        "children_at_home > 0, take the share whose completed order lines include the "
        "baby_kids category.",
        mistakes=(
            Mistake(lambda w: _baby_share(w, all_parents=True),
                    "You divided by every customer with children, buyers or not; the "
                    "question asks among buyers."),
            Mistake(_baby_line_share,
                    "That is the share of their order lines that are baby_kids; the question "
                    "counts customers who bought the category at least once."),
        ),
    ),
    Question(
        id="05.q7",
        prompt="What is the repurchase rate of the last 365 days (4 significant digits)?",
        expected=_repurchase,
        kind="share",
        rtol=1e-3,
        answer_kind="a share between 0 and 1",
        hint="Keep the completed orders with ordered_at > as_of - 365 days, count them per "
        "customer, and take the share of those customers with a count of 2 or more.",
        mistakes=(
            Mistake(lambda w: _repurchase(w, all_customers=True),
                    "You divided by all customers; the repurchase rate is over buyers (the "
                    "customers who bought at all in the period)."),
            Mistake(lambda w: _repurchase(w, completed=False), ALL_STATUSES),
        ),
    ),
    Question(
        id="05.q8",
        prompt="What is the NPS of the respondents aged 50 or more (points, 1 decimal)?",
        expected=lambda w: _nps(_older_scores(w)),
        kind="number",
        atol=0.05,
        rtol=0,
        answer_kind="an NPS in points, from -100 to 100",
        hint="Age = whole years from birth_date to as_of. NPS = 100 × (share answering 9-10 "
        "minus share answering 0-6).",
        mistakes=(
            Mistake(_mean_score, "That is the mean score. NPS counts people: % promoters "
                    "(9-10) minus % detractors (0-6)."),
            Mistake(_promoters_only, "That is the share of promoters only; subtract the "
                    "share of detractors (0-6)."),
            Mistake(lambda w: _nps(_older_scores(w), promoter=8),
                    "Promoters answer 9 or 10; an 8 is passive."),
        ),
    ),
    Question(
        id="05.q9",
        prompt="How many 3+ order buyers have no completed order in the last 180 days (exact)?",
        expected=_slipping,
        kind="count",
        answer_kind="a whole number of customers",
        hint="Per customer, count completed orders and find the last ordered_at; keep those "
        "with 3+ orders whose last order is on or before as_of - 180 days.",
        mistakes=(
            Mistake(lambda w: _slipping(w, count_orders=True),
                    "You counted their orders; the question counts customers."),
            Mistake(lambda w: _slipping(w, completed=False), ALL_STATUSES),
        ),
    ),
    Question(
        id="05.q10",
        prompt="What is the hit rate of the 1-3 day browsing window (4 significant digits)?",
        expected=_hit_rate,
        kind="share",
        rtol=1e-3,
        answer_kind="a share between 0 and 1 (the hit rate)",
        hint="As in the notebook, with a window of 1 to 3 days before the order day: views "
        "of logged-in customers, most viewed category per order (ties: first in alphabetical "
        "order), a hit when the order has a line of that category.",
        mistakes=(
            Mistake(lambda w: _hit_rate(w, first=0),
                    "You counted views on the order day itself: the checkout visit shows the "
                    "products being bought, so the prediction sees the answer (leakage)."),
            Mistake(lambda w: _hit_rate(w, completed=False),
                    "You kept cancelled and returned orders; the question is about completed "
                    "online orders (status == 'completed')."),
        ),
    ),
    Question(
        id="05.q11",
        prompt="How many customers viewed pet supplies but never bought any (exact whole number)?",
        expected=_pet_lookers,
        kind="count",
        answer_kind="a whole number of customers",
        hint="Customers with a product_view of category pet_supplies in web_events, minus "
        "those with a completed order line of that category; count distinct customer_id.",
        mistakes=(
            Mistake(lambda w: _pet_lookers(w, events=True),
                    "You counted view events; count distinct customers."),
            Mistake(lambda w: _pet_lookers(w, filter_buyers=False),
                    "That is everyone who viewed pet supplies; leave out those who already "
                    "bought them."),
        ),
    ),
    Question(
        id="05.q12",
        prompt="How many buyers have RFM scores R <= 2 and F >= 4 (exact whole number)?",
        expected=_at_risk,
        kind="count",
        answer_kind="a whole number of buyers",
        hint="As in the notebook: recency, frequency per buyer of completed orders (in "
        "customer_id order); R = qcut of recency.rank(method='first', ascending=False) into "
        "5, F = qcut of frequency.rank(method='first') into 5, labels 1-5.",
        mistakes=(
            Mistake(lambda w: _at_risk(w, reverse_r=True),
                    "Your R score runs the wrong way: the most recent buyers (smallest "
                    "recency) get R = 5; rank recency with ascending=False."),
            Mistake(lambda w: _at_risk(w, completed=False), ALL_STATUSES),
        ),
    ),
    Question(
        id="05.q13",
        prompt="What is the median recency of the buyers, in days from as_of (exact)?",
        expected=_median_recency,
        kind="number",
        atol=0.01,
        rtol=0,
        answer_kind="a number of days",
        hint="(world.as_of - last_order.dt.normalize()).dt.days per buyer, then the median.",
        mistakes=(
            Mistake(lambda w: _median_recency(w, today=True),
                    "You measured from today; recency is measured from world.as_of, the "
                    "world's fixed 'today'."),
            Mistake(lambda w: _median_recency(w, mean=True),
                    "That is the mean recency; the few long-lost buyers pull it up. The "
                    "question asks for the median."),
        ),
    ),
    Question(
        id="05.q14",
        prompt="What share of the last 365 days' buyers are in ABC class A (4 significant digits)?",
        expected=_class_a,
        kind="share",
        rtol=1e-3,
        answer_kind="a share between 0 and 1",
        hint="Sum completed order values per buyer over ordered_at > as_of - 365 days, sort "
        "descending, cumulative share; class A = buyers with cumulative share <= 0.8; divide "
        "by the number of buyers in that period.",
        mistakes=(
            Mistake(lambda w: _class_a(w, all_customers=True),
                    "You divided by all customers; the Pareto curve is over buyers."),
            Mistake(lambda w: _class_a(w, completed=False), ALL_STATUSES),
        ),
    ),
    Question(
        id="05.q15",
        prompt="How many buyers of the year before spent less in the last 365 days (exact)?",
        expected=_shrinking,
        kind="count",
        answer_kind="a whole number of customers",
        hint="Spend per customer in (as_of - 730 days, as_of - 365 days] and in (as_of - 365 "
        "days, as_of]; among the first period's buyers count those whose later spend "
        "(0 when none) is smaller.",
        mistakes=(
            Mistake(lambda w: _shrinking(w, stopped=False),
                    "You left out the buyers who spent nothing in the last 365 days; they "
                    "spent less too (fill their spend with 0)."),
            Mistake(lambda w: _shrinking(w, completed=False), ALL_STATUSES),
        ),
    ),
    Question(
        id="05.q16",
        prompt="Which channel has the highest average order value, for the offer (exact name)?",
        expected=lambda w: str(_aov(w).idxmax()),
        kind="text",
        answer_kind="a channel",
        hint="Average order value = revenue ÷ orders over completed orders: group them by "
        "channel, take the mean order value, and the label of the largest with idxmax().",
        mistakes=(
            Mistake(_busiest_channel,
                    "That channel has the most orders, not the largest ones: many small "
                    "orders make it busy, not valuable per order. Compare the mean order "
                    "value per channel."),
        ),
    ),
    Question(
        id="05.q17",
        prompt="What is that channel's average order value (2 decimals are enough)?",
        expected=lambda w: float(_aov(w).max()),
        kind="number",
        atol=0.005,
        rtol=0,
        answer_kind="an amount of money per order",
        hint="The mean value of the channel's completed orders, each valued as its lines "
        "(quantity × unit_price) less the order's discount.",
        mistakes=(
            Mistake(lambda w: float(_aov(w, completed=False).max()), ALL_STATUSES),
            Mistake(lambda w: float(_aov(w, discount=False).max()),
                    "You left the discount in: an order's value is its lines × (1 - the "
                    "order's discount)."),
        ),
    ),
    Question(
        id="05.q18",
        prompt="Do the top 20 % of buyers bring at least 80 % of revenue (True or False)?",
        expected=lambda w: _top_fifth_share(w) >= 0.8,
        kind="bool",
        answer_kind="True or False",
        hint="Sum each buyer's completed revenue, take the int(0.2 × buyers) largest, and "
        "compare their share of the total with 0.8.",
        mistakes=(
            Mistake(lambda w: _top_fifth_share(w, of="orders") >= 0.8,
                    "You ranked orders, not buyers. The Pareto principle is about customers: "
                    "one buyer's many orders add up. Sum the revenue per buyer first."),
        ),
    ),
    Question(
        id="05.q19",
        prompt="What share of revenue do the top 20 % of buyers bring (3 decimals are enough)?",
        expected=_top_fifth_share,
        kind="share",
        atol=5e-4,
        rtol=0,
        answer_kind="a share between 0 and 1",
        hint="Revenue per buyer over completed orders; nlargest(int(0.2 × number of buyers)); "
        "their sum ÷ the total revenue.",
        mistakes=(
            Mistake(lambda w: _top_fifth_share(w, of="orders"),
                    "That is the share of the top 20 % of orders; the question ranks buyers "
                    "by their total spend."),
            Mistake(lambda w: _top_fifth_share(w, of="customers"),
                    "You took 20 % of all customers, buyers or not; the customers who never "
                    "bought are not in the ranking. Take 20 % of the buyers."),
            Mistake(lambda w: _top_fifth_share(w, completed=False), ALL_STATUSES),
        ),
    ),
]
