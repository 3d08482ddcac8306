# %% [markdown]
# # 05 · Analysing consumers: exercises (个人客户信息分析 · 练习)
#
# In this lab you will:
#
# - read consumption behaviour: weekend channels, categories, basket size, the long tail;
# - compare customer groups by education and by household (children at home);
# - measure loyalty: the repurchase rate of the last year, NPS of a group, quiet frequent
#   buyers;
# - test a shorter browsing window as a predictor of the next purchase, and find latent
#   needs in the web log;
# - score RFM, find the Pareto class A of the last year and the buyers whose value fell.
#
# Each question ends with `check("05.qN", answer)`; the expected answer is computed from
# *your* world. The teaching notebook, `notebooks/05_analysing_consumers.ipynb`, shows every
# method used here, on other columns, groups or windows: compute, do not copy. Each question
# says how precise the answer must be: counts are exact whole numbers, shares need the
# significant digits stated and may be left unrounded.

# %% [markdown] tags=["solution-only"]
# > **Solutions notebook.** This notebook is the source of
# > `exercises/05_analysing_consumers_exercises.ipynb`: a line ending in `# SOLUTION`, or a
# > block between `# BEGIN SOLUTION` and `# END SOLUTION`, becomes `answer = ...` there.
# > After editing it, run `labkit exercises` (see `docs/instructors.md`).

# %%
import json

import pandas as pd

from labkit import check, load_world

world = load_world()
AS_OF = world.as_of
print(f"{world.locale} world, seed {world.seed}, as of {AS_OF:%Y-%m-%d}")

# %% [markdown]
# As in the teaching notebook, an order's value is the sum of its lines (quantity ×
# unit_price) less the order's discount, and revenue counts completed orders only. `lines`
# holds the lines of completed orders with their category, customer, channel and value.

# %%
products = world.products[["product_id", "category"]]
items = world.order_items.merge(products, on="product_id")
items["gross"] = items["quantity"] * items["unit_price"]
orders = world.orders.merge(items.groupby("order_id")["gross"].sum().rename("gross"),
                            left_on="order_id", right_index=True)
orders["value"] = orders["gross"] * (1 - orders["discount"])
sales = orders[orders["status"] == "completed"]
lines = items.merge(sales[["order_id", "customer_id", "channel", "discount"]], on="order_id")
lines["value"] = lines["gross"] * (1 - lines["discount"])
print(f"{len(sales):,} completed orders, {len(lines):,} lines")

# %% [markdown]
# ## 1. Consumption behaviour (消费行为)
#
# **Question 1.** Of all orders placed on a Saturday or Sunday (every status), what share were
# placed in a store? `dt.day_of_week` counts Monday as 0. A share between 0 and 1, unrounded
# (6 significant digits).

# %% tags=["nbval-check-output"]
# Question 1 — Of the weekend orders, what share were placed in a store (6 significant digits)?
# BEGIN SOLUTION
weekend = world.orders[world.orders["ordered_at"].dt.day_of_week >= 5]
answer = (weekend["channel"] == "store").mean()
# END SOLUTION
check("05.q1", answer)

# %% [markdown]
# **Question 2.** What share of completed revenue does each product category bring? Give a
# Series indexed by `category`, each value a share between 0 and 1; 4 significant digits.

# %% tags=["nbval-check-output"]
# Question 2 — What share of revenue does each category bring (Series, 4 significant digits)?
by_category = lines.groupby("category")["value"].sum()  # SOLUTION
answer = by_category / by_category.sum()  # SOLUTION
check("05.q2", answer)

# %% [markdown]
# **Question 3.** The basket size (购物篮大小) is the number of different products in an
# order. What is the mean basket size of the completed *store* orders? 3 decimals.

# %% tags=["nbval-check-output"]
# Question 3 — What is the mean basket size of completed store orders (3 decimals)?
answer = lines[lines["channel"] == "store"].groupby("order_id").size().mean()  # SOLUTION
check("05.q3", answer)

# %% [markdown]
# **Question 4.** The long tail (长尾): what share of completed revenue comes from the
# completed orders whose value is at or above the 90th percentile of completed order values
# (`quantile(0.9)`)? 4 significant digits.

# %% tags=["nbval-check-output"]
# Question 4 — What share of revenue do the top-decile orders bring (4 significant digits)?
v = sales["value"]  # SOLUTION
answer = v[v >= v.quantile(0.9)].sum() / v.sum()  # SOLUTION
check("05.q4", answer)

# %% [markdown]
# ## 2. Characteristics (客户特征)
#
# **Question 5.** Per `education`: the number of customers, the number of buyers (customers
# with at least one completed order) and the completed revenue per buyer. A DataFrame with
# columns `education`, `customers`, `buyers`, `spend_per_buyer`; 4 significant digits.

# %% tags=["nbval-check-output"]
# Question 5 — Per education: customers, buyers, spend per buyer (DataFrame, 4 significant digits)?
# BEGIN SOLUTION
spend = world.customers["customer_id"].map(sales.groupby("customer_id")["value"].sum())
people = world.customers.assign(spend=spend.fillna(0), buyer=spend.notna())
answer = people.groupby("education").agg(
    customers=("customer_id", "size"), buyers=("buyer", "sum"), revenue=("spend", "sum"))
answer["spend_per_buyer"] = answer["revenue"] / answer["buyers"]
answer = answer.drop(columns="revenue").reset_index()
# END SOLUTION
check("05.q5", answer)

# %% [markdown]
# **Question 6.** The household shapes the basket. Of the buyers with children at home
# (`children_at_home > 0`), what share bought a `baby_kids` product at least once (in a
# completed order)? 4 significant digits.

# %% tags=["nbval-check-output"]
# Question 6 — Of the buyers with children, what share bought baby_kids (4 significant digits)?
# BEGIN SOLUTION
parents = world.customers.loc[world.customers["children_at_home"] > 0, "customer_id"]
parent_lines = lines[lines["customer_id"].isin(parents)]
baby = parent_lines.loc[parent_lines["category"] == "baby_kids", "customer_id"].nunique()
answer = baby / parent_lines["customer_id"].nunique()
# END SOLUTION
check("05.q6", answer)

# %% [markdown]
# ## 3. Loyalty (客户忠诚)
#
# **Question 7.** The repurchase rate (复购率) of the last 365 days: take the completed orders
# with `ordered_at > as_of - 365 days`; of the customers who placed any, what share placed
# two or more? 4 significant digits.

# %% tags=["nbval-check-output"]
# Question 7 — What is the repurchase rate of the last 365 days (4 significant digits)?
# BEGIN SOLUTION
last_year = sales[sales["ordered_at"] > AS_OF - pd.Timedelta(days=365)]
answer = (last_year["customer_id"].value_counts() >= 2).mean()
# END SOLUTION
check("05.q7", answer)

# %% [markdown]
# **Question 8.** What is the Net Promoter Score (净推荐值) of the survey respondents aged
# 50 or more at `as_of` (age in whole years: days from `birth_date` to `as_of` ÷ 365.25,
# rounded down)? In points, 1 decimal.

# %% tags=["nbval-check-output"]
# Question 8 — What is the NPS of the respondents aged 50 or more (points, 1 decimal)?
# BEGIN SOLUTION
age = (AS_OF - world.customers["birth_date"]).dt.days // 365.25
older = world.customers.loc[age >= 50, "customer_id"]
scores = world.surveys.loc[world.surveys["customer_id"].isin(older), "nps"]
answer = 100 * ((scores >= 9).mean() - (scores <= 6).mean())
# END SOLUTION
check("05.q8", answer)

# %% [markdown]
# **Question 9.** Who is slipping away? How many customers with 3 or more completed orders
# have placed no completed order in the 180 days up to `as_of`, that is, their last one is on
# or before `as_of - 180 days`? An exact whole number.

# %% tags=["nbval-check-output"]
# Question 9 — How many 3+ order buyers have no completed order in the last 180 days (exact)?
# BEGIN SOLUTION
per_buyer = sales.groupby("customer_id").agg(n=("order_id", "size"), last=("ordered_at", "max"))
quiet = per_buyer["last"] <= AS_OF - pd.Timedelta(days=180)
answer = int(((per_buyer["n"] >= 3) & quiet).sum())
# END SOLUTION
check("05.q9", answer)

# %% [markdown]
# ## 4. Attention (客户注意力)
#
# The product views of logged-in customers, with the category from the JSON payload:

# %%
web = world.web_events
views = web[(web["event_type"] == "product_view") & web["customer_id"].notna()].copy()
views["category"] = views["payload"].map(lambda p: json.loads(p)["category"])
views[["customer_id", "occurred_at", "category"]].head()

# %% [markdown]
# **Question 10.** Repeat the notebook's test with a shorter window. For each completed
# online order placed since the web log's first day, find the category the customer viewed
# most in the **1 to 3** days before the order day (ties: the first category in alphabetical
# order); orders with no such views are left out. What share of these orders contain that
# category (the hit rate)? 4 significant digits.

# %% tags=["nbval-check-output"]
# Question 10 — What is the hit rate of the 1-3 day browsing window (4 significant digits)?
# BEGIN SOLUTION
first_day = web["occurred_at"].min().normalize()
recent = sales[(sales["ordered_at"] >= first_day) & (sales["channel"] == "online")]
pairs = views.merge(recent[["order_id", "customer_id", "ordered_at"]], on="customer_id")
days = (pairs["ordered_at"].dt.normalize() - pairs["occurred_at"].dt.normalize()).dt.days
pairs = pairs[days.between(1, 3)]
top = (pairs.groupby(["order_id", "category"]).size().rename("n").reset_index()
       .sort_values(["order_id", "n", "category"], ascending=[True, False, True])
       .drop_duplicates("order_id"))
in_order = set(zip(lines["order_id"], lines["category"], strict=True))
answer = pd.Series([(o, c) in in_order for o, c in zip(top["order_id"], top["category"],
                                                        strict=True)]).mean()
# END SOLUTION
check("05.q10", answer)

# %% [markdown]
# **Question 11.** Latent needs: how many logged-in customers viewed a `pet_supplies`
# product in the web log but have never bought pet supplies in a completed order? An exact
# whole number of customers.

# %% tags=["nbval-check-output"]
# Question 11 — How many customers viewed pet supplies but never bought any (exact whole number)?
# BEGIN SOLUTION
lookers = set(views.loc[views["category"] == "pet_supplies", "customer_id"])
pet_buyers = set(lines.loc[lines["category"] == "pet_supplies", "customer_id"])
answer = len(lookers - pet_buyers)
# END SOLUTION
check("05.q11", answer)

# %% [markdown]
# ## 5. Value (客户价值)
#
# **Question 12.** Score every buyer as the notebook does, over all completed orders, buyers in
# `customer_id` order: recency in days from the day of the last order to `as_of`; R =
# quintile (`qcut`, labels 1–5) of `recency.rank(method="first", ascending=False)`, so the most
# recent get 5; F = quintile of `frequency.rank(method="first")`. How many buyers have R ≤ 2
# and F ≥ 4, frequent buyers who have gone quiet? An exact whole number.

# %% tags=["nbval-check-output"]
# Question 12 — How many buyers have RFM scores R <= 2 and F >= 4 (exact whole number)?
# BEGIN SOLUTION
g = sales.groupby("customer_id")
recency = (AS_OF - g["ordered_at"].max().dt.normalize()).dt.days
frequency = g.size()
R = pd.qcut(recency.rank(method="first", ascending=False), 5, labels=range(1, 6)).astype(int)
F = pd.qcut(frequency.rank(method="first"), 5, labels=range(1, 6)).astype(int)
answer = int(((R <= 2) & (F >= 4)).sum())
# END SOLUTION
check("05.q12", answer)

# %% [markdown]
# **Question 13.** What is the median recency of the buyers: days from the day of each
# buyer's last completed order to `as_of`? Exact (a whole or half number of days).

# %% tags=["nbval-check-output"]
# Question 13 — What is the median recency of the buyers, in days from as_of (exact)?
answer = recency.median()  # SOLUTION
check("05.q13", answer)

# %% [markdown]
# **Question 14.** The Pareto curve of the last 365 days (`ordered_at > as_of - 365 days`):
# sum each buyer's completed revenue in that period, sort from the largest, and take the
# cumulative share of revenue. Class A are the buyers whose cumulative share is at most 0.8.
# What share of that period's buyers are in class A? 4 significant digits.

# %% tags=["nbval-check-output"]
# Question 14 — What share of the last 365 days' buyers are in ABC class A (4 significant digits)?
# BEGIN SOLUTION
year_spend = last_year.groupby("customer_id")["value"].sum().sort_values(ascending=False)
cum = year_spend.cumsum() / year_spend.sum()
answer = (cum <= 0.8).mean()
# END SOLUTION
check("05.q14", answer)

# %% [markdown]
# **Question 15.** Value over time: take the buyers of the 365 days before the last 365, that
# is, with completed orders in (`as_of - 730 days`, `as_of - 365 days`]. How many of them spent
# less in the last 365 days than in that earlier year, counting those who spent nothing? An
# exact whole number.

# %% tags=["nbval-check-output"]
# Question 15 — How many buyers of the year before spent less in the last 365 days (exact)?
# BEGIN SOLUTION
start = AS_OF - pd.Timedelta(days=730)
year_before = sales[(sales["ordered_at"] > start)
                    & (sales["ordered_at"] <= AS_OF - pd.Timedelta(days=365))]
before = year_before.groupby("customer_id")["value"].sum()
now = last_year.groupby("customer_id")["value"].sum().reindex(before.index, fill_value=0)
answer = int((now < before).sum())
# END SOLUTION
check("05.q15", answer)

# %% [markdown]
# ## Judgement calls backed by a number
#
# A manager asks for a decision, not a table. Each decision below is answered twice: the
# choice, then the number that backs it.
#
# **Question 16.** Xudong wants to place a premium-bundle offer in the channel where
# customers spend the most *per order*. Which channel has the highest average order value
# (revenue ÷ orders, completed orders only)? The exact channel name.

# %% tags=["nbval-check-output"]
# Question 16 — Which channel has the highest average order value, for the offer (exact name)?
# BEGIN SOLUTION
aov = sales.groupby("channel")["value"].mean()
answer = aov.idxmax()
# END SOLUTION
check("05.q16", answer)

# %% [markdown]
# **Question 17.** What is that channel's average order value? 2 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 17 — What is that channel's average order value (2 decimals are enough)?
answer = aov.max()  # SOLUTION
check("05.q17", answer)

# %% [markdown]
# **Question 18.** Does Xudong's revenue follow the 80/20 rule (二八法则)? Rank the buyers by
# their completed revenue, take the `int(0.2 × number of buyers)` largest: do they bring at
# least 80 % of revenue? Answer `True` or `False`.

# %% tags=["nbval-check-output"]
# Question 18 — Do the top 20 % of buyers bring at least 80 % of revenue (True or False)?
# BEGIN SOLUTION
per_buyer = sales.groupby("customer_id")["value"].sum()
top_share = per_buyer.nlargest(int(0.2 * len(per_buyer))).sum() / per_buyer.sum()
answer = bool(top_share >= 0.8)
# END SOLUTION
check("05.q18", answer)

# %% [markdown]
# **Question 19.** And the number behind it: what share of revenue do those top 20 % of
# buyers bring? 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 19 — What share of revenue do the top 20 % of buyers bring (3 decimals are enough)?
answer = top_share  # SOLUTION
check("05.q19", answer)

# %% [markdown]
# ## Done
#
# Every check should now say correct. Chapter 06 turns to business accounts and to the
# analysis methods: comparison, correlation and prediction.
