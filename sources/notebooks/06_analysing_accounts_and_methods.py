# %% [markdown]
# # 06 · Analysing business accounts; the analysis methods (企业客户信息分析；分析方法)
#
# In this lab you will:
#
# - read the **business status** (业务状况) of Xudong's business accounts: what each buys, how
#   long its deals take, and how deals move through the sales pipeline;
# - read their **operating status** (经营状况) from yearly financial statements and find the
#   accounts whose business is getting worse;
# - judge their **credit status** (信用状况), give each a credit grade and apply the textbook's
#   credit policy;
# - use the three methods of section 5.3.2 on the world: **comparative analysis** (对比分析法),
#   **correlation analysis** (相关性分析法) and the four **prediction methods** (预测分析法),
#   each forecast scored on months it never saw.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from sklearn.linear_model import LinearRegression

import labkit

world = labkit.load_world()
labkit.setup_plots(world.locale)
as_of = world.as_of
CURRENCY = {"zh_CN": "CNY", "en_US": "USD"}[world.locale]
print(f"{world.locale} world, as of {as_of:%Y-%m-%d}: {len(world.accounts)} business accounts")

# %% [markdown]
# ## 1. Business status (业务状况)
#
# The textbook reads a business customer's business from its market, its sales and its
# products. Xudong's own records hold the sales side: the **invoices** (one per monthly bill
# or delivery) say how much and how often each account buys; the **opportunities** say how
# long its deals take to close. We look at the last 365 days up to `as_of`.

# %%
invoices = world.invoices
year = invoices[invoices["issued_at"] > as_of - pd.Timedelta(days=365)]
business = year.groupby("account_id").agg(invoices=("invoice_id", "size"),
                                          revenue=("amount", "sum"))
opps = world.opportunities
won = opps[opps["stage"] == "won"].assign(
    cycle_days=lambda d: (d["closed_at"] - d["created_at"]).dt.days)
business["deals_won"] = won.groupby("account_id").size()
business["median_cycle_days"] = won.groupby("account_id")["cycle_days"].median()
profile = world.accounts.set_index("account_id")[["company_name", "industry", "size_band"]]
business = profile.join(business, how="inner")
business.sort_values("revenue", ascending=False).head(5)

# %% [markdown]
# The **sales cycle** (销售周期) is the time from opening a deal to winning it. Larger
# accounts buy more, and their deals take longer:

# %%
by_size = business.groupby("size_band")[["revenue", "median_cycle_days"]].median()
by_size.reindex(["micro", "small", "medium", "large"]).round(0)

# %% [markdown]
# ### The sales pipeline (销售漏斗) and its conversion rates
#
# A deal moves through four open stages and is won after negotiation, or lost at the stage it
# reached (`lost_at_stage`). For the **conversion rate** (转化率) of a stage we count the
# deals that reached it and the share of those that went on to the next. Only **closed**
# deals count: an open deal in `proposal` has not yet had its chance to pass.

# %%
STAGES = ["prospecting", "qualification", "proposal", "negotiation", "won"]
closed = opps[opps["stage"].isin(["won", "lost"])]
furthest = closed["lost_at_stage"].where(closed["stage"] == "lost", "won")
position = furthest.map({stage: i for i, stage in enumerate(STAGES)})
funnel = pd.Series({stage: int((position >= i).sum()) for i, stage in enumerate(STAGES)},
                   name="deals reaching the stage")
funnel.to_frame().assign(conversion=(funnel / funnel.shift(1)).round(3))

# %%
open_deals = opps[~opps["stage"].isin(["won", "lost"])]
win_rate = (closed["stage"] == "won").mean()
print(f"win rate (won ÷ closed): {win_rate:.1%} of {len(closed)} closed deals; "
      f"{len(open_deals)} deals still open")
closed["lost_reason"].value_counts(normalize=True).round(3).head(3)

# %% [markdown]
# > **Checkpoint.** The funnel narrows at every stage and ends at the won deals; the last
# > conversion rate is the share of negotiations that were won. About a quarter to a third of
# > closed deals are won, and the commonest reason for a loss is **no decision** (the customer
# > never decided) — not the price or a competitor, as salespeople tend to believe.
#
# > **Common mistake.** Dividing the won deals by *all* deals, open ones included. An open
# > deal is neither won nor lost yet; counting it makes the win rate too low, and lower still
# > when the pipeline is full.

# %% [markdown]
# ## 2. Operating status (经营状况)
#
# Whether an account will still be a good customer in three years depends on how its own
# business goes. The textbook names its finances (debt, net profit, margin, asset turnover),
# the flow of its people, its inventory and the trend of its results. Xudong's B2B team
# collects the accounts' yearly **financial statements** (财务报表) for credit checks
# (`account_financials`); from them come the usual ratios:

# %%
fin = world.account_financials.sort_values(["account_id", "year"]).copy()
fin["debt_ratio"] = fin["total_liabilities"] / fin["total_assets"]
fin["net_margin"] = fin["net_profit"] / fin["revenue"]
fin["asset_turnover"] = fin["revenue"] / fin["total_assets"]
fin["inventory_turnover"] = fin["cost_of_sales"] / fin["inventory"]
fin["current_ratio"] = fin["current_assets"] / fin["current_liabilities"]
by_account = fin.groupby("account_id")
fin["revenue_growth"] = by_account["revenue"].pct_change()
fin["headcount_change"] = by_account["headcount"].pct_change()
fin.tail(3).round(3).T.tail(7)

# %% [markdown]
# The **debt ratio** (资产负债率) is liabilities over assets; the **net margin** (净利率) net
# profit over revenue; the **asset turnover** (资产周转率) revenue over assets; the inventory
# turnover the cost of sales over the inventory. One year says little: what matters is the
# **trend**. We call an account *deteriorating* when, over its last two years of statements,
# its revenue fell, its net margin fell and its debt ratio rose: three signs at once.

# %%
last = fin["year"].max()
then = fin[fin["year"] == last - 2].set_index("account_id")
now = fin[fin["year"] == last].set_index("account_id")
common = now.index.intersection(then.index)
now, then = now.loc[common], then.loc[common]
worse = ((now["revenue"] < then["revenue"]) & (now["net_margin"] < then["net_margin"])
         & (now["debt_ratio"] > then["debt_ratio"]))
print(f"{worse.sum()} of {len(common)} accounts with statements for {last - 2} and {last} "
      "are deteriorating")

# %% [markdown]
# The world's answer key (`world.truth.credit`) records the trend planted in each account's
# statements: growing, stable or declining. How well does the three-signs rule find the
# declining ones?

# %%
trend = world.truth.credit.set_index("account_id")["financial_trend"].reindex(common)
pd.crosstab(trend, worse.rename("deteriorating by our rule"), margins=True)

# %% [markdown]
# > **Checkpoint.** Nearly every declining account is flagged and no growing one; the few
# > false alarms are stable accounts that had one bad year. A rule that asks for three signs
# > at once raises few false alarms; asking for one sign would flag many healthy accounts.

# %% [markdown]
# ## 3. Credit status (信用状况)
#
# Trade credit — delivering now, billing at the month end, being paid 30 to 75 days later —
# is a loan to the customer. The textbook's credit information is the **collection rate**
# (回款率), the average time to pay (回款平均时间), past defaults (过往违约记录), capital
# (资本实力), recent financing (近期融资) and debts soon due (临到期债务). All but recent
# financing are in the world: the invoices give the first three, the statements the rest.
# Only invoices already **due** by `as_of` can tell whether an account pays.

# %%
due = invoices[invoices["due_date"] <= as_of].copy()
due["paid_amount"] = due["amount"].where(due["paid_at"].notna(), 0)
due["days_late"] = (due["paid_at"] - due["due_date"]).dt.days  # NaN while unpaid
due["late"] = due["status"].isin(["paid_late", "overdue", "written_off"])
credit = due.groupby("account_id").agg(
    invoices_due=("invoice_id", "size"),
    collection_rate=("paid_amount", "sum"),
    mean_days_late=("days_late", "mean"),
    late_share=("late", "mean"),
    written_off=("status", lambda s: int((s == "written_off").sum())))
credit["collection_rate"] /= due.groupby("account_id")["amount"].sum()
credit.describe().round(2).loc[["mean", "50%", "max"]]

# %% [markdown]
# `mean_days_late` counts from the **due date**: negative means early. Counting from the
# issue date would mix the customer's habit with the terms Xudong granted (30, 45 or 75
# days): a customer with long terms would look slow even when it pays on the day.
#
# Capital and debts soon due come from the latest statement: equity (assets minus
# liabilities) and the current ratio (current assets over the liabilities due within a year).

# %%
latest = fin[fin["year"] == last].set_index("account_id")
credit = credit.join(latest[["debt_ratio", "current_ratio"]])
credit["equity"] = latest["total_assets"] - latest["total_liabilities"]
credit[["equity", "current_ratio", "debt_ratio"]].describe().round(2).loc[["50%"]]

# %% [markdown]
# ### A credit grade (客户信用等级) and the credit policy
#
# Xudong's scorecard gives up to 100 points: 40 for the share of invoices paid on time, 20 for
# no write-off, 20 for a current ratio of at least 1.2 and 20 for a debt ratio of at most
# 60%. A from 80 points, B from 60, C from 40, D below. The textbook's policy follows the
# grade: **low credit, no credit** — grades C and D pay before delivery (款到发货); A and B
# buy on credit, and Xudong works to keep them.

# %%
points = (40 * (1 - credit["late_share"]) + 20 * (credit["written_off"] == 0)
          + 20 * (credit["current_ratio"] >= 1.2) + 20 * (credit["debt_ratio"] <= 0.6))
credit["grade"] = pd.cut(points, [-1, 40, 60, 80, 101], right=False,
                         labels=["D", "C", "B", "A"])
credit["on_credit"] = credit["grade"].isin(["A", "B"])
credit.groupby("grade", observed=True).agg(accounts=("on_credit", "size"),
                                           late_share=("late_share", "mean"),
                                           on_credit=("on_credit", "first")).round(2)

# %% [markdown]
# The grade uses late payment itself, so of course low grades paid late. The real question
# is whether credit *quality* drives late payment. The answer key holds each account's hidden
# credit score; split the accounts at its median and compare the invoices:

# %%
score = world.truth.credit.set_index("account_id")["credit_score"]
weak = due["account_id"].map(score) < score.median()
late_weak, late_strong = due.loc[weak, "late"].mean(), due.loc[~weak, "late"].mean()
print(f"late, overdue or written off: {late_weak:.1%} of the weaker half's invoices, "
      f"{late_strong:.1%} of the stronger half's ({late_weak / late_strong:.1f} times)")

# %% [markdown]
# A credit team does not see the hidden score. What it sees in the statements points the
# same way: accounts with a heavy debt load pay late more often.

# %%
heavy = credit["debt_ratio"] > credit["debt_ratio"].median()
credit.groupby(heavy.map({True: "debt ratio above median", False: "at or below median"}))[
    ["late_share", "mean_days_late"]].mean().round(3)

# %% [markdown]
# > **Checkpoint.** The weaker half pays late more than twice as often as the stronger half, and
# > a heavy debt load goes with later payment: the planted link between credit quality and
# > late payment is there, and visible from the statements alone.
#
# > **Common mistake.** Grading on every invoice, including those not yet due. An `open`
# > invoice is neither late nor paid; counting it as "not late" flatters every account that
# > was billed at the month end.

# %% [markdown]
# ## 4. Comparative analysis (对比分析法)
#
# Comparison is the most basic analysis method and the base of the others: a figure means
# little until it is set against a **standard** (标准) — a target, the same period last year,
# or a peer group. A **single-indicator analysis** (单一指标分析) compares one figure; a
# **multi-indicator analysis** (多指标分析) compares several at once.
#
# First, one indicator against last year and against a target: the consumer revenue of each
# month (completed orders only) of `as_of`'s year, against the same month a year earlier and
# against a target of last year + 5%.

# %%
items = world.order_items.assign(gross=lambda d: d["quantity"] * d["unit_price"])
orders = world.orders.merge(items.groupby("order_id")["gross"].sum().reset_index())
orders["value"] = orders["gross"] * (1 - orders["discount"])
sales = orders[orders["status"] == "completed"]
monthly = sales.set_index("ordered_at")["value"].resample("MS").sum()
this_year = monthly[monthly.index.year == as_of.year]
a_year_ago = monthly.shift(12).loc[this_year.index]
compare = pd.DataFrame({"revenue": this_year, "last_year": a_year_ago,
                        "growth": this_year / a_year_ago - 1,
                        "attainment": this_year / (1.05 * a_year_ago)})
compare.round(3).tail(4)

# %% [markdown]
# Against a **peer group** (同行): each account's net margin against the median of its
# industry in the same year. A 3% margin is poor for an IT-services firm and ordinary for a
# retailer.

# %%
latest = latest.join(world.accounts.set_index("account_id")["industry"])
industry_median = latest.groupby("industry")["net_margin"].transform("median")
latest["margin_vs_peers"] = latest["net_margin"] - industry_median
latest.groupby("industry")["net_margin"].median().sort_values().round(3)

# %% [markdown]
# A multi-indicator comparison puts several ratios of one account beside its peers' medians,
# as an index (peers = 100). Here, the largest account by revenue:

# %%
RATIOS = ["net_margin", "asset_turnover", "inventory_turnover", "current_ratio", "debt_ratio"]
account = business["revenue"].idxmax()
peers = latest[latest["industry"] == latest.loc[account, "industry"]]
index = (100 * latest.loc[account, RATIOS] / peers[RATIOS].median()).astype(float)
ax = index.plot.barh(color=["tab:red" if v < 100 else "tab:green" for v in index])
ax.axvline(100, color="black", linewidth=1)
ax.set(title=f"Account {account} against its industry (多指标对比, peers = 100)",
       xlabel="index (industry median = 100)", ylabel="indicator")
plt.show()

# %% [markdown]
# > **Common mistake.** Reading a higher index as better for every ratio. For the debt ratio
# > a value above 100 means *more* debt than the peers: decide for each indicator which
# > direction is good before colouring a chart.

# %% [markdown]
# ## 5. Correlation analysis (相关性分析法)
#
# Correlation analysis measures how closely two variables move together. The textbook's
# example: a customer's monthly income as *x* and spending as *y*. The world has yearly income
# (`income`) and orders; monthly spending is a customer's completed spending divided by the
# months they could buy in the order window (from sign-up or the window's start). We keep
# customers with three or more completed orders, so the monthly figure rests on some history.

# %%
window_start = orders["ordered_at"].min().normalize()
customers = world.customers.set_index("customer_id")
spend = sales.groupby("customer_id")["value"].agg(["size", "sum"])
spend = spend[spend["size"] >= 3]
since = customers.loc[spend.index, "signup_date"].clip(lower=window_start)
spend["monthly_spending"] = spend["sum"] / ((as_of - since).dt.days / 30.4).clip(lower=1)
spend["monthly_income"] = customers.loc[spend.index, "income"] / 12
pairs = spend.dropna(subset=["monthly_income"])[["monthly_income", "monthly_spending"]]
print(f"{len(pairs)} customers with an income and 3+ completed orders")

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
sns.scatterplot(data=pairs, x="monthly_income", y="monthly_spending", s=12, ax=axes[0])
axes[0].set(title="Raw scale (原始刻度)", xlabel=f"monthly income ({CURRENCY})",
            ylabel=f"monthly spending ({CURRENCY})")
sns.regplot(data=np.log10(pairs), x="monthly_income", y="monthly_spending",
            scatter_kws={"s": 12}, line_kws={"color": "tab:red"}, seed=6, ax=axes[1])
axes[1].set(title="Log scale (对数刻度)", xlabel="log10 monthly income",
            ylabel="log10 monthly spending")
fig.suptitle("Income and spending of consumers (客户月收入与消费金额)")
plt.show()

# %% [markdown]
# On the raw scale a few big earners and big spenders stretch the axes and most points sit in
# a corner: both variables are **heavy-tailed** (长尾). **Pearson's r** (皮尔逊相关系数)
# measures a straight-line relation and is pulled by extreme points; **Spearman's rho**
# (斯皮尔曼等级相关系数) is Pearson's r of the ranks, so it measures any relation that keeps
# going up, and an extreme point is only the largest rank.

# %%
r_raw = pairs["monthly_income"].corr(pairs["monthly_spending"])
r_log = np.log(pairs["monthly_income"]).corr(np.log(pairs["monthly_spending"]))
rho = pairs["monthly_income"].corr(pairs["monthly_spending"], method="spearman")
print(f"Pearson raw {r_raw:.3f} | Pearson of the logs {r_log:.3f} | Spearman {rho:.3f}")

# %% [markdown]
# ### How sure are we? A confidence interval
#
# *r* comes from a sample, so it has an uncertainty. **Fisher's z** (费希尔 z 变换) makes it
# nearly normal: z = artanh(r) has standard error 1/√(n − 3). A bootstrap (自助法) gets the
# same without a formula: resample the customers with replacement many times and take the
# middle 95% of the re-computed r.

# %%
n = len(pairs)
z = np.arctanh(r_log)
fisher = np.tanh([z - 1.96 / np.sqrt(n - 3), z + 1.96 / np.sqrt(n - 3)])
logs = np.log(pairs.to_numpy())
rng = np.random.default_rng(6)
boot = [np.corrcoef(logs[rng.integers(0, n, n)].T)[0, 1] for _ in range(1000)]
print(f"95% CI, Fisher z: {fisher[0]:.3f} to {fisher[1]:.3f}; "
      f"bootstrap: {np.percentile(boot, 2.5):.3f} to {np.percentile(boot, 97.5):.3f}")

# %% [markdown]
# ### One outlier
#
# A data-entry slip — one income typed with three zeros too many — and the Pearson's r of
# the raw values drops clearly; Spearman's rho barely notices.

# %%
slip = pairs.copy()
low_spender = slip["monthly_spending"].idxmin()
slip.loc[low_spender, "monthly_income"] *= 1000
print(f"Pearson raw {r_raw:.3f} → {slip.corr().iloc[0, 1]:.3f}; "
      f"Spearman {rho:.3f} → {slip.corr(method='spearman').iloc[0, 1]:.3f}")

# %% [markdown]
# > **Common mistake.** Reporting Pearson's r on the raw values of heavy-tailed money
# > variables. Plot first; then use Spearman, or Pearson on the logs.

# %% [markdown]
# ### Correlation is not causation (相关不等于因果)
#
# Does a higher income *make* people spend more at Xudong? Not necessarily: a third variable,
# a **confounder** (混杂因素), may drive both. In this world each consumer belongs to a
# behavioural segment (the answer key's `truth.segments`): VIP customers are wealthier, which
# raises their income, and buy more often. Within one segment, how much correlation is left?

# %%
segment = world.truth.segments.set_index("customer_id")["segment"].reindex(pairs.index)
logs = np.log(pairs)
within = logs - logs.groupby(segment).transform("mean")  # remove each segment's own level
print(f"Pearson of the logs, all customers: {r_log:.3f}; within segments: "
      f"{within.corr().iloc[0, 1]:.3f}")

# %% [markdown]
# > **Checkpoint.** Within segments the correlation shrinks to half or less: much of the
# > income–spending link runs through who the customers are, not from income to spending. In
# > this world income does not enter spending at all; a hidden wealth drives both. Only an
# > experiment, or a design that rules confounders out, shows a cause.

# %% [markdown]
# ## 6. The four prediction methods (预测分析法)
#
# Prediction judges the future from what is known. The textbook names four methods:
#
# | method | idea | here |
# |---|---|---|
# | experience (经验预测法) | judgement from the past | same month last year × last year's growth |
# | analogy (类比预测法) | follow a similar case | earlier years' curve over the same months |
# | inertia (惯性预测法) | trend and rhythm go on | log-linear trend + month-of-year levels |
# | logical relationship (逻辑关系预测法) | follow the drivers | regression on its drivers |
#
# Each forecasts the last three months of the consumer revenue series. They are a **hold-out**
# (留出期): no method sees them. The score is the **MAPE** (平均绝对百分比误差), the mean of
# |forecast − actual| ÷ actual, beside a **naive baseline** (朴素基准): the last known month,
# repeated.

# %%
train, test = monthly.iloc[:-3], monthly.iloc[-3:]
forecasts = pd.DataFrame(index=test.index)
forecasts["naive"] = train.iloc[-1]
growth = train.iloc[-12:].sum() / train.iloc[-24:-12].sum()
forecasts["experience"] = monthly.shift(12).loc[test.index] * growth
earlier = [monthly[monthly.index.year == y] for y in sorted(set(train.index.year))[:-1]]
shape = np.mean([y.iloc[-3:].to_numpy() / y.iloc[-4] for y in earlier], axis=0)
forecasts["analogy"] = train.iloc[-1] * shape
print(f"growth {growth:.3f}; analogy curve from {len(earlier)} earlier years: {shape.round(2)}")


# %% [markdown]
# Inertia: a straight line through the logs of revenue, plus one level per calendar month
# (12 dummies, 虚拟变量). November's level holds Double 11 or Black Friday; a festival that
# moves between months, like the Spring Festival, blurs its two months.

# %%
def month_design(index, start):
    steps = (index.year - start.year) * 12 + index.month - start.month
    dummies = pd.get_dummies(index.month).reindex(columns=range(1, 13), fill_value=0)
    return np.column_stack([steps, dummies.to_numpy(dtype=float)])


inertia = LinearRegression(fit_intercept=False)
inertia.fit(month_design(train.index, train.index[0]), np.log(train))
forecasts["inertia"] = np.exp(inertia.predict(month_design(test.index, train.index[0])))

# %% [markdown]
# Logical relationship: revenue follows from things known before the month starts — how many
# members have signed up by then, whether the month holds the locale's big festival, and how
# many weekend days it has (stores fill at the weekend).

# %%
FESTIVAL_MONTHS = {"zh_CN": [6, 11], "en_US": [11, 12]}[world.locale]  # 618, Double 11; BF, Xmas
members = customers["signup_date"].sort_values()
drivers = pd.DataFrame(index=monthly.index)
drivers["members"] = members.searchsorted(drivers.index)
drivers["festival"] = drivers.index.month.isin(FESTIVAL_MONTHS).astype(int)
drivers["weekend_days"] = [int((pd.date_range(m, m + pd.offsets.MonthEnd(0)).day_of_week >= 5)
                               .sum()) for m in drivers.index]
logic = LinearRegression().fit(drivers.loc[train.index], train)
forecasts["logical"] = logic.predict(drivers.loc[test.index])
pd.Series(logic.coef_, index=drivers.columns, name="effect per unit").round(1)

# %%
mape = forecasts.sub(test, axis=0).abs().div(test, axis=0).mean()
pd.DataFrame({"hold-out MAPE": mape.round(3), "beats naive": mape < mape["naive"]})

# %%
ax = monthly.iloc[-15:].plot(color="black", linewidth=2, label="actual (实际)")
forecasts.plot(ax=ax, style="o--")
ax.axvspan(test.index[0], test.index[-1], color="grey", alpha=0.15)
ax.set(title="Forecasts of the hold-out months (留出期预测)", xlabel="month",
       ylabel=f"consumer revenue ({CURRENCY} per month)")
ax.legend(ncol=3, fontsize=8)
plt.show()

# %% [markdown]
# > **Checkpoint.** Every method has a hold-out MAPE beside the naive baseline's. Which one
# > wins depends on the world: with 5,000 customers a month's revenue is noisy, and three
# > months are a small test. A method earns trust by beating the baseline on several hold-outs
# > (several seeds, several years), not on one.
#
# > **Common mistake.** Measuring the error on the training months. A model fitted to those
# > months reproduces them well by construction; the inertia model's in-sample error shows how
# > flattering that is:

# %%
in_sample = np.exp(inertia.predict(month_design(train.index, train.index[0])))
print(f"inertia MAPE on its training months {np.mean(np.abs(in_sample - train) / train):.3f} "
      f"vs on the hold-out {mape['inertia']:.3f}")

# %% [markdown]
# ## Recap
#
# - Business status: revenue, invoices and the sales cycle per account; the pipeline's
#   conversion rates and the win rate, counted on closed deals only.
# - Operating status: ratios from the statements (debt ratio, net margin, asset and inventory
#   turnover, current ratio) and their trend; three signs together find declining accounts.
# - Credit status: collection rate, days late from the due date, write-offs, equity, the
#   current ratio; a scorecard grade, and no credit for grades C and D. Low credit quality
#   drives late payment, and the statements show it.
# - Comparative analysis: a figure against a standard — target, last year, peers; one
#   indicator or several as an index.
# - Correlation: plot first; Spearman or Pearson on the logs for heavy tails; a Fisher-z or
#   bootstrap interval; an outlier moves Pearson; a confounder can make a correlation.
# - Prediction: experience, analogy, inertia and logical relationship, each scored on a
#   hold-out by MAPE against a naive baseline.
#
# Next: `exercises/06_analysing_accounts_and_methods_exercises.ipynb`.

# %% [markdown]
# ### Glossary (术语表)
#
# | English | 中文 | in the kit |
# |---|---|---|
# | business status | 业务状况 | section 1, `business` |
# | sales cycle | 销售周期 | `cycle_days` of won deals |
# | sales pipeline, conversion rate | 销售漏斗, 转化率 | `funnel` |
# | win rate | 赢单率 | won ÷ closed deals |
# | operating status | 经营状况 | section 2, `fin` |
# | net margin, asset turnover | 净利率, 资产周转率 | `account_financials` ratios |
# | credit status | 信用状况 | section 3, `credit` |
# | collection rate | 回款率 | paid ÷ due amount |
# | credit grade | 客户信用等级 | the scorecard, `grade` |
# | comparative analysis | 对比分析法 | section 4 |
# | single-indicator analysis, multi-indicator analysis | 单一指标分析, 多指标分析 | section 4 |
# | correlation analysis | 相关性分析法 | section 5 |
# | Pearson's r, Spearman's rho | 皮尔逊相关系数, 斯皮尔曼等级相关系数 | `corr(method=…)` |
# | confounder | 混杂因素 | `truth.segments` |
# | prediction methods | 预测分析法 | section 6 |
# | hold-out | 留出期 | the last three months |
# | MAPE | 平均绝对百分比误差 | `mape` |
# | naive baseline | 朴素基准 | the last known month |
