# %% [markdown]
# # 05 · Analysing consumers (个人客户信息分析)
#
# Chapters 01 to 04 collected, cleaned and protected Xudong's customer information. Now it
# earns its keep. The textbook names five analyses of personal customers, each with the
# information it needs and what it is for:
#
# | analysis | information it needs | what it is for |
# |---|---|---|
# | consumption behaviour (消费行为) | when, where, what and how much people buy; habits; scenes | what moves people to buy: input for precision marketing |
# | characteristics (客户特征) | region, age, gender, marital status, income, occupation, lifestyle (pets, renting) | treating similar customers alike |
# | loyalty (客户忠诚) | purchase frequency, attitude, satisfaction | who may leave; win-back and second sales |
# | attention (客户注意力) | what customers look at and search for | interests and latent needs; what to show them |
# | value (客户价值) | frequency, amount and how they change | what each customer is worth; a plan per group |
#
# In this lab you will:
#
# - compute order values from the order lines, leaving cancelled and returned orders out;
# - read *when, where, what and how much* people buy: a heat map, festivals, channels,
#   categories, basket size and the long tail of order values;
# - compare groups of customers (city tier, age, income, pets) by what they spend and buy;
# - measure loyalty (frequency, repurchase rate, NPS by group) and spot who is slipping away;
# - read interests from the web log and test how well browsing predicts the next purchase;
# - score customers by RFM, draw the segment map and the Pareto curve, and follow value over
#   time.

# %%
# %matplotlib inline
import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

import labkit
from labkit.formats.regions import regions

world = labkit.load_world()
labkit.setup_plots(world.locale)
AS_OF = world.as_of
print(f"{world.locale} world, as of {AS_OF:%Y-%m-%d}, money in {world.currency}")

# %% [markdown]
# ## 0. Order values: the number every analysis starts from
#
# An order's value is not stored: it is the sum of its lines, quantity × unit price, less the
# order's discount. Cancelled orders never shipped and returned ones came back, so revenue
# counts **completed** orders only. We keep both tables: `orders` (every order, with its
# value) and `sales` (the completed ones).

# %%
products = world.products[["product_id", "category"]]
lines = world.order_items.merge(products, on="product_id")
lines["gross"] = lines["quantity"] * lines["unit_price"]
gross = lines.groupby("order_id")["gross"].sum()

orders = world.orders.merge(gross.rename("gross"), left_on="order_id", right_index=True)
orders["value"] = orders["gross"] * (1 - orders["discount"])
sales = orders[orders["status"] == "completed"].copy()
print(f"{len(orders):,} orders, {len(sales):,} completed, "
      f"revenue {sales['value'].sum():,.0f} {world.currency}")

# %% [markdown]
# > **Common mistake.** Summing the value of every order. Cancelled and returned orders
# > brought no money; counting them inflates revenue, most of all around the big sales, when
# > returns peak.

# %% [markdown]
# ## 1. Consumption behaviour (消费行为)
#
# A **consumption behaviour analysis (消费行为分析)** reads the purchase records along four
# questions: when, where, what and how much. Together they tell Xudong what moves its
# customers to buy and when to speak to them.
#
# ### 1.1 When: hour × weekday, season, festivals
#
# A heat map of orders by weekday and hour shows the rhythm of the week at a glance.

# %%
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
when = pd.crosstab(orders["ordered_at"].dt.day_of_week, orders["ordered_at"].dt.hour)
when.index = WEEKDAYS
fig, ax = plt.subplots(figsize=(12, 3.6))
sns.heatmap(when, cmap="Blues", ax=ax, cbar_kws={"label": "orders"})
ax.set(title="Orders by weekday and hour (下单时间热力图)", xlabel="hour of day",
       ylabel="weekday")
plt.show()

# %% [markdown]
# Stores and the call centre fill the daytime; online orders run late into the evening.
# The months show the season and the festivals: November and December stand out in `en_US`,
# the Spring Festival (January or February) and November in `zh_CN`.

# %%
monthly = sales.groupby(sales["ordered_at"].dt.to_period("M"))["value"].sum()
fig, ax = plt.subplots(figsize=(12, 3.4))
monthly.plot(ax=ax, marker=".")
ax.set(title="Revenue per month (月度销售额)", xlabel="month",
       ylabel=f"revenue ({world.currency})")
plt.show()


# %% [markdown]
# **Festivals (节日).** Each market has its shopping days: 双11 (11 November), 618 (18 June)
# and 双12 in China; Black Friday and Cyber Monday (the Friday and Monday after the fourth
# Thursday of November) in the United States. We compare each festival day with a median
# day of its year.

# %%
def festival_days(locale, years):
    if locale == "zh_CN":
        return {f"{y} {name}": pd.Timestamp(y, m, d) for y in years
                for name, m, d in [("618", 6, 18), ("双11", 11, 11), ("双12", 12, 12)]}
    days = {}
    for y in years:
        first = pd.Timestamp(y, 11, 1)
        thanksgiving = first + pd.Timedelta(days=(3 - first.day_of_week) % 7 + 21)
        days[f"{y} Black Friday"] = thanksgiving + pd.Timedelta(days=1)
        days[f"{y} Cyber Monday"] = thanksgiving + pd.Timedelta(days=4)
    return days


# %%
daily = orders.groupby(orders["ordered_at"].dt.normalize()).size()
median_day = daily.groupby(daily.index.year).median()
festivals = festival_days(world.locale, median_day.index)
lift = pd.Series({name: daily.get(day, 0) / median_day[day.year]
                  for name, day in festivals.items()}, name="orders ÷ median day")
lift.round(1)

# %% [markdown]
# > **Checkpoint.** The main festival brings about three times the orders of a median day
# > (双11 in `zh_CN`, Black Friday and Cyber Monday in `en_US`); 618 about twice; 双12 is the
# > weakest, about one and a half. Xudong's marketing calendar should be built around them.
#
# ### 1.2 Where: channel and region

# %%
where = sales.groupby("channel").agg(orders=("order_id", "size"), revenue=("value", "sum"))
where["share of revenue"] = where["revenue"] / where["revenue"].sum()
where["average order value"] = where["revenue"] / where["orders"]
where.round(2)

# %% [markdown]
# The **average order value (客单价)** is revenue ÷ orders. By region, we join the customers'
# province to their orders and rank provinces (states) by revenue.

# %%
by_province = (sales.merge(world.customers[["customer_id", "province"]], on="customer_id")
               .groupby("province")["value"].sum().nlargest(8))
fig, ax = plt.subplots(figsize=(9, 3.4))
by_province.sort_values().plot.barh(ax=ax)
ax.set(title="Top provinces (states) by revenue (地区分布)",
       xlabel=f"revenue ({world.currency})", ylabel="")
plt.show()

# %% [markdown]
# ### 1.3 What: categories and basket size
#
# The **basket size (购物篮大小)** is the number of different products in an order.

# %%
sold = lines.merge(sales[["order_id", "customer_id", "discount"]], on="order_id")
sold["value"] = sold["gross"] * (1 - sold["discount"])
categories = sold.groupby("category")["value"].sum().sort_values(ascending=False)
basket = sold.groupby("order_id").size()
print((categories / categories.sum()).round(3).to_string())
print(f"basket size: mean {basket.mean():.2f} products, median {basket.median():.0f}")

# %% [markdown]
# ### 1.4 How much: the distribution of order values and its long tail
#
# Order values are skewed: many small orders and a **long tail (长尾)** of large ones. A log
# scale shows the shape; a share of revenue says what the tail is worth.

# %%
fig, ax = plt.subplots(figsize=(9, 3.4))
sns.histplot(sales["value"], bins=50, log_scale=True, ax=ax)
ax.set(title="Order values (订单金额分布)", xlabel=f"order value ({world.currency}, log scale)",
       ylabel="orders")
plt.show()
top = sales["value"] >= sales["value"].quantile(0.95)
print(f"mean {sales['value'].mean():.1f}, median {sales['value'].median():.1f}; "
      f"the top 5% of orders bring {sales.loc[top, 'value'].sum() / sales['value'].sum():.1%}")

# %% [markdown]
# The mean sits well above the median: a few large orders pull it up. Report both.
#
# ### 1.5 Consumption scenes (消费场景)
#
# A **consumption scene (消费场景)** puts when and where together: the weekday lunch break
# in a store, the sofa on a weekday evening, the weekend family trip.

# %%
hour = orders["ordered_at"].dt.hour
slot = pd.cut(hour, [-1, 5, 11, 17, 23], labels=["night", "morning", "afternoon", "evening"])
day = pd.Series(np.where(orders["ordered_at"].dt.day_of_week >= 5, "weekend", "weekday"),
                index=orders.index, name="day")
scenes = pd.crosstab([orders["channel"], day], slot, normalize="index")
scenes.round(2)

# %% [markdown]
# Each row adds up to 1: it is where in the day the orders of that channel and day type
# fall. Store orders end with the opening hours; online ones peak in the evening, the moment
# to send a message.

# %% [markdown]
# ## 2. Characteristics (客户特征)
#
# A **customer characteristics analysis (客户特征分析)** compares groups of customers by who
# they are: region and city tier, age, gender, marital status, income, occupation, lifestyle.
# Its use is to treat similar customers alike. We build one table, one row per customer,
# with their spending over the four years.

# %%
tiers = regions(world.locale)[["province", "city", "city_tier"]]
people = world.customers.merge(tiers, on=["province", "city"], how="left")
people["age"] = ((AS_OF - people["birth_date"]).dt.days // 365.25).astype(int)
people["age band"] = pd.cut(people["age"], [17, 29, 39, 49, 64, 120],
                            labels=["18-29", "30-39", "40-49", "50-64", "65+"])
spend = sales.groupby("customer_id")["value"].sum()
people["spend"] = people["customer_id"].map(spend).fillna(0)
people["buyer"] = people["spend"] > 0
people[["customer_id", "city_tier", "age", "age band", "spend", "buyer"]].head()


# %%
def profile(column):
    g = people.groupby(column, observed=True)
    return pd.DataFrame({"customers": g.size(), "share buying": g["buyer"].mean(),
                         "spend per customer": g["spend"].mean()})


profile("city_tier").round(2)

# %% [markdown]
# Spend per customer is over *all* customers of the group, buyers or not: that is what a
# group is worth to Xudong. The same function works for any column.

# %%
fig, axes = plt.subplots(1, 3, figsize=(13, 3.4), sharey=True)
for ax, column in zip(axes, ["age band", "gender", "marital_status"], strict=True):
    profile(column)["spend per customer"].plot.bar(ax=ax, rot=0)
    ax.set(title=f"by {column}", xlabel=column, ylabel=f"spend per customer ({world.currency})")
fig.suptitle("Spend per customer by group (客户特征)")
plt.show()

# %%
people["income quintile"] = pd.qcut(people["income"], 5, labels=["Q1", "Q2", "Q3", "Q4", "Q5"])
profile("income quintile").round(2)

# %% [markdown]
# Income is missing for some customers; `qcut` leaves them out of every quintile. Income
# and spending rise together (chapter 06 measures how closely).
#
# **Lifestyle: what people buy.** The textbook's examples are pets and renting. We compare
# the share of each group's spending that goes to each category.

# %%
bought = sold.merge(people[["customer_id", "pet_owner", "housing"]], on="customer_id")
mix = bought.pivot_table(index="pet_owner", columns="category", values="value",
                         aggfunc="sum")
(mix.div(mix.sum(axis=1), axis=0)).round(3)

# %%
mix = bought.pivot_table(index="housing", columns="category", values="value", aggfunc="sum")
(mix.div(mix.sum(axis=1), axis=0)).round(3)

# %% [markdown]
# > **Checkpoint.** Pet supplies are a large share of pet owners' spending and almost nothing
# > for the others: the household decides what the basket holds. Owning or renting changes the
# > mix much less.
#
# > **Common mistake.** Comparing *totals* between groups of different size: there are more
# > owners than renters, so owners buy more of everything. Compare shares or per-customer
# > figures.

# %% [markdown]
# ## 3. Loyalty (客户忠诚)
#
# A **customer loyalty analysis (客户忠诚分析)** looks at how often people come back and what
# they think of Xudong. The **purchase frequency (购买频率)** is the number of orders a
# customer placed in a period; the **repurchase rate (复购率)** is the share of *buyers* who
# bought at least twice.

# %%
frequency = sales.groupby("customer_id").size()
print(frequency.value_counts().sort_index().head(8).to_string())
print(f"buyers: {len(frequency):,} of {len(people):,} customers; "
      f"repurchase rate {(frequency >= 2).mean():.1%}")

# %% [markdown]
# > **Common mistake.** Dividing by all customers. The customers who never bought cannot
# > re-buy; the repurchase rate is over buyers.
#
# By sign-up channel:

# %%
people["orders"] = people["customer_id"].map(frequency).fillna(0)
buyers = people[people["buyer"]]
buyers.groupby("signup_channel").agg(
    buyers=("customer_id", "size"), mean_orders=("orders", "mean"),
    repurchase_rate=("orders", lambda s: (s >= 2).mean())).round(3)

# %% [markdown]
# **Attitude.** The satisfaction survey adds what customers think. The **Net Promoter Score
# (净推荐值)** counts people: % promoters (9–10) minus % detractors (0–6).

# %%
answers = world.surveys.merge(people[["customer_id", "age band", "member_tier"]],
                              on="customer_id")


def nps(scores):
    return 100 * ((scores >= 9).mean() - (scores <= 6).mean())


answers.groupby("member_tier")["nps"].agg(["size", nps, "mean"]).round(1)

# %% [markdown]
# The mean score and the NPS tell different stories: NPS is about the extremes.
#
# Do the member tiers differ? Platinum's NPS often looks the highest, but it rests on a few
# dozen answers: at this survey's size a group's NPS moves by 10 points or more by chance,
# and the gap between the top tiers (gold, platinum) and bronze stays within that noise.
# Do not read a difference into a small group's NPS without its margin of error.
#
# **Who is slipping away (客户流失).** A customer who used to buy often and has gone quiet
# is a warning. Recency is measured from `as_of`, the world's "today".

# %%
last = sales.groupby("customer_id")["ordered_at"].max()
quiet_days = (AS_OF - last.dt.normalize()).dt.days  # 0 = ordered on as_of
slipping = frequency[(frequency >= 2) & (quiet_days > 365)]
print(f"{len(slipping):,} buyers with 2+ orders have not ordered for over a year")

# %% [markdown]
# > **Common mistake.** `pd.Timestamp.now() - last`: the answer changes every day you run
# > it, and everyone looks lost. Use the world's `as_of`.

# %% [markdown]
# ## 4. Attention (客户注意力)
#
# A **customer attention analysis (客户注意力分析)** reads what customers look at: pages,
# product categories and searches in the web log. The `payload` is JSON; we unpack it into
# columns (chapter 01 did it the same way).

# %%
web = world.web_events
details = pd.json_normalize(web["payload"].map(json.loads).tolist())
events = pd.concat([web.drop(columns="payload"), details[["page", "category", "query"]]],
                   axis=1)
events["event_type"].value_counts()

# %%
views = events[(events["event_type"] == "product_view") & events["customer_id"].notna()]
interest = views.groupby("category").agg(views=("event_id", "size"),
                                         customers=("customer_id", "nunique"))
interest.sort_values("views", ascending=False)

# %%
searches = events.loc[events["event_type"] == "search", "query"]
searches.str.lower().str.strip().value_counts().head(8)

# %% [markdown]
# **Does browsing predict the next purchase?** For each online order in the log's window,
# take the category the customer viewed most in the 7 days before the order day (ties go to
# the first category in alphabetical order) and ask whether the order contains it. The order
# day itself is left out: the checkout visit views what is being bought.

# %%
first_day = events["occurred_at"].min().normalize()
recent = sales[(sales["ordered_at"] >= first_day) & (sales["channel"] == "online")]
pairs = views.merge(recent[["order_id", "customer_id", "ordered_at"]], on="customer_id")
before = (pairs["ordered_at"].dt.normalize() - pairs["occurred_at"].dt.normalize()).dt.days
pairs = pairs[before.between(1, 7)]
top_viewed = (pairs.groupby(["order_id", "category"]).size().rename("n").reset_index()
              .sort_values(["order_id", "n", "category"], ascending=[True, False, True])
              .drop_duplicates("order_id"))
in_order = set(zip(sold["order_id"], sold["category"], strict=True))
hit = [(o, c) in in_order for o, c in zip(top_viewed["order_id"], top_viewed["category"],
                                           strict=True)]
print(f"{len(top_viewed)} orders with views before them; hit rate {np.mean(hit):.1%}")

# %% [markdown]
# Against what? If we guessed the most viewed category of *all* customers for every order:

# %%
popular = interest["views"].idxmax()
base = [(o, popular) in in_order for o in top_viewed["order_id"]]
print(f"guessing '{popular}' for everyone: {np.mean(base):.1%}")

# %% [markdown]
# > **Checkpoint.** What a customer browsed in the week before is in the order far more often
# > than the best single guess: interests read from browsing are worth a recommendation.
#
# > **Common mistake.** Including the order day. The checkout visit shows the very products
# > being bought, so the "prediction" sees the answer (leakage).

# %% [markdown]
# ## 5. Value (客户价值)
#
# A **customer value analysis (客户价值分析)** asks what each customer is worth and how that
# changes. The RFM model (RFM模型) scores three things per buyer:
#
# - **recency (最近一次消费)**: days from the last purchase to `as_of`, fewer is better;
# - **frequency (消费频率)**: number of purchases;
# - **monetary value (消费金额)**: how much they spent.
#
# Each is cut into **quintiles (五分位数)**, scores 1 to 5. Frequency has many ties (most
# buyers ordered once or twice), so `qcut` on the values cannot make five groups; we cut the
# *ranks* instead, ties broken by order of appearance.

# %%
rfm = pd.DataFrame({"recency": quiet_days, "frequency": frequency, "monetary": spend})
scores = pd.DataFrame({
    "R": pd.qcut(rfm["recency"].rank(method="first", ascending=False), 5, labels=range(1, 6)),
    "F": pd.qcut(rfm["frequency"].rank(method="first"), 5, labels=range(1, 6)),
    "M": pd.qcut(rfm["monetary"].rank(method="first"), 5, labels=range(1, 6)),
}).astype(int)
rfm = rfm.join(scores)
rfm.describe().loc[["mean", "min", "max"]].round(1)

# %% [markdown]
# **The segment map.** R against F, each cell showing its buyers' mean spend, shows the
# usual groups: champions top right, new customers top left, "can't lose them" bottom right,
# hibernating bottom left.

# %%
grid = rfm.pivot_table(index="R", columns="F", values="monetary", aggfunc="mean")
fig, ax = plt.subplots(figsize=(7, 4.5))
sns.heatmap(grid.sort_index(ascending=False), annot=True, fmt=".0f", cmap="YlOrBr", ax=ax,
            cbar_kws={"label": f"mean spend ({world.currency})"})
ax.set(title="RFM segment map (RFM 客户分群图)", xlabel="F score (frequency)",
       ylabel="R score (recency)")
plt.show()


# %%
def segment(row):
    if row["R"] >= 4 and row["F"] >= 4:
        return "champions"
    if row["R"] >= 4:
        return "new / promising"
    if row["F"] >= 4:
        return "at risk"
    return "hibernating" if row["R"] <= 2 else "need attention"


rfm["segment"] = rfm.apply(segment, axis=1)
rfm.groupby("segment").agg(buyers=("R", "size"), spend=("monetary", "sum")).sort_values("spend")

# %% [markdown]
# **The Pareto curve and ABC classes.** Sort buyers by spend, largest first, and add up: the
# curve shows what share of revenue the top x % of buyers bring. The **Pareto principle
# (二八法则)** expects about 80 % from 20 %. ABC classification (ABC分类): A buyers make
# the first 80 % of revenue, B the next 15 %, C the last 5 %.

# %%
ranked = rfm["monetary"].sort_values(ascending=False)
cum = ranked.cumsum() / ranked.sum()
share_buyers = np.arange(1, len(ranked) + 1) / len(ranked)
abc = pd.cut(cum, [0, 0.8, 0.95, 1.0], labels=["A", "B", "C"], include_lowest=True)
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(share_buyers, cum.to_numpy())
ax.axhline(0.8, color="grey", ls="--", lw=1)
ax.set(title="Pareto curve (帕累托曲线)", xlabel="share of buyers, largest first",
       ylabel="share of revenue")
plt.show()
abc.value_counts(normalize=True).sort_index().round(3)

# %% [markdown]
# **Value over time.** A customer's value is not fixed. Spend per calendar year shows who grew,
# who shrank and who stopped.

# %%
yearly = sales.pivot_table(index="customer_id", columns=sales["ordered_at"].dt.year,
                           values="value", aggfunc="sum", fill_value=0)
last_two = yearly.iloc[:, -2:]
last_two = last_two[(last_two > 0).any(axis=1)]  # bought in one of the two years
before, now = last_two.columns
change = np.select([(last_two[before] == 0) & (last_two[now] > 0), last_two[now] == 0,
                    last_two[now] >= last_two[before]], ["new", "stopped", "grew"], "shrank")
pd.Series(change, index=last_two.index).value_counts()

# %% [markdown]
# > **Checkpoint.** A minority of buyers brings most of the revenue, and each year some of
# > them stop: the value analysis says whom to keep first.
#
# > **Common mistake.** Scoring quintiles with `qcut` on the raw frequency values: the bin
# > edges repeat and pandas refuses (or, with `duplicates="drop"`, gives fewer than five
# > scores). Rank first.

# %% [markdown]
# ## 6. Explore for yourself (交互式探索)
#
# The five analyses keep asking the same question: how does *this* group differ from
# everyone? The explorer below answers it for any group you pick: a city tier, an age band,
# a gender, pet owners, renters, a member tier. Narrow it to one province (state) or one
# year and the three charts follow: revenue per customer by month, the category mix, and
# the RFM segment shares, each for the group against everyone in the same region and
# period. Its logic is the pandas of this notebook, in `labkit/explorer.py`.

# %% tags=["nbval-ignore-output"]
from labkit.explorer import explorer

explorer(world, group="pet owner")

# %% [markdown]
# > **Checkpoint.** Pick "pet owner" = True: pet supplies take a large share of the
# > category mix, against almost nothing for the others. Then pick "city tier" and move
# > through the tiers: which group would you send a pet-supplies campaign to?

# %% [markdown]
# ## Recap
#
# - Revenue counts completed orders; an order's value is its lines less the discount.
# - Consumption behaviour: when (heat map, months, festivals), where (channel, region), what
#   (categories, basket size), how much (a skewed distribution with a long tail); scenes
#   combine when and where.
# - Characteristics: compare groups per customer, not in totals; lifestyle shapes the basket.
# - Loyalty: frequency, repurchase rate over buyers, NPS by group, quiet frequent buyers.
# - Attention: interests from the web log; the week's browsing predicts the order's category
#   far better than the best single guess, if the order day is left out.
# - Value: RFM scores from ranks, the segment map, the Pareto curve and ABC classes, value
#   change year on year; recency always from `as_of`.
# - The explorer compares any group with everyone, in a region and a period of your choice.
#
# **Next:** the exercises in
# [`exercises/05_analysing_consumers_exercises.ipynb`](../exercises/05_analysing_consumers_exercises.ipynb),
# then chapter 06, analysing business accounts and the analysis methods.

# %% [markdown]
# ### Glossary (术语表)
#
# | English | 中文 | in the kit |
# |---|---|---|
# | consumption behaviour analysis | 消费行为分析 | section 1 |
# | average order value | 客单价 | `where` |
# | basket size | 购物篮大小 | `basket` |
# | long tail | 长尾 | section 1.4 |
# | consumption scene | 消费场景 | `scenes` |
# | customer characteristics analysis | 客户特征分析 | `profile` |
# | customer loyalty analysis | 客户忠诚分析 | section 3 |
# | purchase frequency, repurchase rate | 购买频率, 复购率 | `frequency` |
# | Net Promoter Score | 净推荐值 | `nps` |
# | customer attention analysis | 客户注意力分析 | section 4 |
# | customer value analysis | 客户价值分析 | section 5 |
# | RFM model | RFM模型 | `rfm` |
# | recency, frequency, monetary value | 最近一次消费, 消费频率, 消费金额 | `rfm` |
# | quintile | 五分位数 | `scores` |
# | Pareto principle | 二八法则 | `cum` |
# | ABC classification | ABC分类 | `abc` |
