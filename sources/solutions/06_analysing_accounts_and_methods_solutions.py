# %% [markdown]
# # 06 · Business accounts and analysis methods: exercises (企业客户信息分析与分析方法 练习)
#
# In this lab you will:
#
# - answer sixteen questions on the business, operating and credit status of Xudong's
#   business accounts, on comparative and correlation analysis, and on forecasting;
# - use the lesson's methods on other slices of the data: a size band, an industry, the
#   store channel, another year;
# - check every answer with `check(...)`.

# %% [markdown] tags=["solution-only"]
# > **Solutions notebook.** This notebook is the source of
# > `exercises/06_analysing_accounts_and_methods_exercises.ipynb`: a line ending in
# > `# SOLUTION`, or a block between `# BEGIN SOLUTION` and `# END SOLUTION`, becomes
# > `answer = ...` there. After editing it, run `labkit exercises` (see `docs/instructors.md`).

# %%
import numpy as np
import pandas as pd
from sklearn.linear_model import LinearRegression

from labkit import check, load_world

world = load_world()
as_of = world.as_of
accounts = world.accounts.set_index("account_id")
opps, invoices = world.opportunities, world.invoices
print(f"{world.locale} world, as of {as_of:%Y-%m-%d}: {len(accounts)} accounts, "
      f"{len(opps)} deals, {len(invoices)} invoices")

# %% [markdown]
# ## Business status (业务状况)
#
# **Question 1.** What is the **win rate** (赢单率) of the deals of accounts whose size band
# is `small`? Give a share between 0 and 1; 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 1 — What is the win rate of the deals of small accounts (share, 3 decimals)?
# BEGIN SOLUTION
small = opps[opps["account_id"].map(accounts["size_band"]) == "small"]
closed = small[small["stage"].isin(["won", "lost"])]
answer = (closed["stage"] == "won").mean()
# END SOLUTION
check("06.q1", answer)

# %% [markdown]
# **Question 2.** Take the deals worth at least the median `amount` of all opportunities, and
# of those the closed ones. What is the conversion rate from each stage to the next? Give a
# Series indexed by the stage reached (`qualification`, `proposal`, `negotiation`, `won`);
# 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 2 — Stage-to-stage conversion rates of big closed deals (Series, 3 decimals)?
STAGES = ["prospecting", "qualification", "proposal", "negotiation", "won"]
# BEGIN SOLUTION
big = opps[(opps["amount"] >= opps["amount"].median()) & opps["stage"].isin(["won", "lost"])]
furthest = big["lost_at_stage"].where(big["stage"] == "lost", "won")
position = furthest.map({stage: i for i, stage in enumerate(STAGES)})
funnel = pd.Series({stage: (position >= i).sum() for i, stage in enumerate(STAGES)})
answer = (funnel / funnel.shift(1)).iloc[1:]
# END SOLUTION
check("06.q2", answer)

# %% [markdown]
# **Question 3.** The **sales cycle** (销售周期) of a won deal is the number of days from
# `created_at` to `closed_at`. What is its median per industry of the account? Give a Series
# indexed by industry (whole days; a median may end in .5).

# %% tags=["nbval-check-output"]
# Question 3 — Median sales cycle of won deals, by industry (Series, whole or half days)?
# BEGIN SOLUTION
won = opps[opps["stage"] == "won"]
days = (won["closed_at"] - won["created_at"]).dt.days
answer = days.groupby(won["account_id"].map(accounts["industry"])).median()
# END SOLUTION
check("06.q3", answer)

# %% [markdown]
# **Question 4.** How many invoices were issued, and for what amount, per size band in the
# calendar year before `as_of`'s year? Give a DataFrame indexed by `size_band` with the
# columns `invoices` (a count) and `revenue` (the summed amount); exact.

# %% tags=["nbval-check-output"]
# Question 4 — Invoices and amount per size band, the year before (DataFrame, exact)?
# BEGIN SOLUTION
last_year = invoices[invoices["issued_at"].dt.year == as_of.year - 1]
band = last_year["account_id"].map(accounts["size_band"]).rename("size_band")
answer = last_year.groupby(band).agg(invoices=("invoice_id", "size"), revenue=("amount", "sum"))
# END SOLUTION
check("06.q4", answer)

# %% [markdown]
# ## Operating status (经营状况)
#
# The cell below adds the lesson's ratios to the yearly statements.

# %%
fin = world.account_financials.sort_values(["account_id", "year"]).copy()
fin["debt_ratio"] = fin["total_liabilities"] / fin["total_assets"]
fin["net_margin"] = fin["net_profit"] / fin["revenue"]
fin["asset_turnover"] = fin["revenue"] / fin["total_assets"]
fin["inventory_turnover"] = fin["cost_of_sales"] / fin["inventory"]
fin["current_ratio"] = fin["current_assets"] / fin["current_liabilities"]
last = fin["year"].max()
latest = fin[fin["year"] == last]  # the latest statement of each account

# %% [markdown]
# **Question 5.** Which accounts had a lower net margin *and* a higher debt ratio in their
# latest statement (`year == last`) than in the year before? Give a set of `account_id`.

# %% tags=["nbval-check-output"]
# Question 5 — Which accounts' net margin fell and debt ratio rose last year (exact set)?
# BEGIN SOLUTION
now = fin[fin["year"] == last].set_index("account_id")
before = fin[fin["year"] == last - 1].set_index("account_id")
both = now.index.intersection(before.index)
now, before = now.loc[both], before.loc[both]
worse = (now["net_margin"] < before["net_margin"]) & (now["debt_ratio"] > before["debt_ratio"])
answer = set(worse[worse].index)
# END SOLUTION
check("06.q5", answer)

# %% [markdown]
# **Question 6.** What are the median **asset turnover** (资产周转率) and inventory turnover
# per industry in the latest statements? Give a DataFrame indexed by industry with the columns
# `asset_turnover` and `inventory_turnover`; 3 significant digits are enough.

# %% tags=["nbval-check-output"]
# Question 6 — Median asset and inventory turnover per industry (DataFrame, 3 digits)?
# BEGIN SOLUTION
industry = latest["account_id"].map(accounts["industry"]).rename("industry")
answer = latest.groupby(industry)[["asset_turnover", "inventory_turnover"]].median()
# END SOLUTION
check("06.q6", answer)

# %% [markdown]
# ## Credit status (信用状况)
#
# Only invoices already due by `as_of` can tell whether an account pays:

# %%
due = invoices[invoices["due_date"] <= as_of]

# %% [markdown]
# **Question 7.** For the paid invoices, what is the mean number of days between the due date
# and the payment, per size band? Early payments count as negative days. Give a Series
# indexed by `size_band`; 2 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 7 — Mean days from due date to payment, by size band (Series, 2 decimals)?
# BEGIN SOLUTION
paid = invoices[invoices["paid_at"].notna()]
days_late = (paid["paid_at"] - paid["due_date"]).dt.days
answer = days_late.groupby(paid["account_id"].map(accounts["size_band"])).mean()
# END SOLUTION
check("06.q7", answer)

# %% [markdown]
# **Question 8.** What is the **collection rate** (回款率) — the amount paid over the amount
# invoiced — of the invoices due by `as_of`, per industry? Give a Series indexed by industry;
# 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 8 — Collection rate of the invoices due by as_of, by industry (Series, 3 decimals)?
# BEGIN SOLUTION
industry = due["account_id"].map(accounts["industry"])
paid_amount = due["amount"].where(due["paid_at"].notna(), 0)
answer = paid_amount.groupby(industry).sum() / due["amount"].groupby(industry).sum()
# END SOLUTION
check("06.q8", answer)

# %% [markdown]
# **Question 9.** A judgement backed by a number: does a heavy debt load go with late
# payment? Split the accounts by their latest debt ratio: above 0.6, or not. Among the
# invoices due by `as_of`, a late one was paid late, is overdue or was written off. Divide
# the late share of the indebted accounts' invoices by that of the other accounts' invoices.
# (2 decimals are enough; above 1 means the indebted accounts pay late more often.)

# %% tags=["nbval-check-output"]
# Question 9 — Late share of indebted accounts ÷ that of the others (number, 2 decimals)?
# BEGIN SOLUTION
indebted = latest.loc[latest["debt_ratio"] > 0.6, "account_id"]
late = due["status"].isin(["paid_late", "overdue", "written_off"])
heavy = due["account_id"].isin(indebted)
answer = late[heavy].mean() / late[~heavy].mean()
# END SOLUTION
check("06.q9", answer)


# %% [markdown]
# **Question 10.** `grade_on(window_days)` below is the lesson's **credit grade** (客户信用等级)
# scorecard, computed on the invoices due in the `window_days` up to `as_of`. Under the
# textbook's policy, grades C and D get no credit and pay before delivery. With a 365-day
# window, how many graded accounts must pay before delivery? (An exact whole number.)

# %%
def grade_on(window_days):
    recent = due[due["due_date"] > as_of - pd.Timedelta(days=window_days)]
    per = recent.assign(late=recent["status"].isin(["paid_late", "overdue", "written_off"]),
                        off=recent["status"] == "written_off").groupby("account_id")
    credit = pd.DataFrame({"late_share": per["late"].mean(), "written_off": per["off"].sum()})
    credit = credit.join(latest.set_index("account_id")[["debt_ratio", "current_ratio"]])
    points = (40 * (1 - credit["late_share"]) + 20 * (credit["written_off"] == 0)
              + 20 * (credit["current_ratio"] >= 1.2) + 20 * (credit["debt_ratio"] <= 0.6))
    return pd.cut(points, [-1, 40, 60, 80, 101], right=False, labels=["D", "C", "B", "A"])


# %% tags=["nbval-check-output"]
# Question 10 — How many graded accounts pay before delivery, 365-day window (exact)?
answer = grade_on(365).isin(["C", "D"]).sum()  # SOLUTION
check("06.q10", answer)

# %% [markdown]
# ## Comparative analysis (对比分析法)
#
# The cell below computes the value of every order (lines × (1 − discount)).

# %%
items = world.order_items.assign(gross=lambda d: d["quantity"] * d["unit_price"])
orders = world.orders.merge(items.groupby("order_id")["gross"].sum().reset_index())
orders["value"] = orders["gross"] * (1 - orders["discount"])

# %% [markdown]
# **Question 11.** Compare each quarter of `as_of`'s year with the same quarter a year
# earlier: what is the year-over-year growth of consumer revenue (completed orders only)?
# Give a Series indexed by quarter (1 to 4); 3 decimals are enough (0.05 = +5%).

# %% tags=["nbval-check-output"]
# Question 11 — Year-over-year revenue growth per quarter of as_of's year (Series, 3 decimals)?
# BEGIN SOLUTION
sales = orders[orders["status"] == "completed"]
when = sales["ordered_at"].dt
quarterly = sales.groupby([when.year, when.quarter])["value"].sum()
answer = quarterly.loc[as_of.year] / quarterly.loc[as_of.year - 1] - 1
# END SOLUTION
check("06.q11", answer)


# %% [markdown]
# ## Correlation analysis (相关性分析法)
#
# `pairs_of(min_orders)` builds the lesson's table: monthly income and monthly spending
# (completed orders, per month since sign-up or the window's start) of the customers with at
# least `min_orders` completed orders, with their sign-up channel.

# %%
def pairs_of(min_orders):
    start = orders["ordered_at"].min().normalize()
    customers = world.customers.set_index("customer_id")
    completed = orders[orders["status"] == "completed"]
    spend = completed.groupby("customer_id")["value"].agg(["size", "sum"])
    spend = spend[spend["size"] >= min_orders]
    since = customers.loc[spend.index, "signup_date"].clip(lower=start)
    months = ((as_of - since).dt.days / 30.4).clip(lower=1)
    return pd.DataFrame({"monthly_income": customers.loc[spend.index, "income"] / 12,
                         "monthly_spending": spend["sum"] / months,
                         "signup_channel": customers.loc[spend.index, "signup_channel"]})


# %% [markdown]
# **Question 12.** Income and spending are heavy-tailed. For the customers with 5 or more
# completed orders and a stated income, what is **Spearman's rho** (斯皮尔曼等级相关系数) of
# monthly income and monthly spending? 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 12 — Spearman correlation of income and spending, 5+ orders (3 decimals)?
# BEGIN SOLUTION
five = pairs_of(5).dropna()
answer = five["monthly_income"].corr(five["monthly_spending"], method="spearman")
# END SOLUTION
check("06.q12", answer)

# %% [markdown]
# **Question 13.** For the customers with 3 or more completed orders and a stated income who
# signed up in a store (`signup_channel == "store"`), what is the 95% confidence interval of
# the **Pearson's r** (皮尔逊相关系数) of the logs of monthly income and spending, by Fisher's
# z? Give `[low, high]`; 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 13 — 95% Fisher-z interval of r (logs), store sign-ups, 3+ orders (3 decimals)?
# BEGIN SOLUTION
store = pairs_of(3).dropna().query("signup_channel == 'store'")
r = np.log(store["monthly_income"]).corr(np.log(store["monthly_spending"]))
half = 1.96 / np.sqrt(len(store) - 3)
answer = [np.tanh(np.arctanh(r) - half), np.tanh(np.arctanh(r) + half)]
# END SOLUTION
check("06.q13", answer)

# %% [markdown]
# ## The four prediction methods (预测分析法)
#
# **Question 14.** The experience method on the **store** channel: take the monthly revenue
# of completed store orders, hold out the last 3 months, and forecast each held-out month as
# the same month a year earlier × the growth of the last 12 training months over the 12
# before. What is its hold-out **MAPE** (平均绝对百分比误差)? 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 14 — Hold-out MAPE of the experience method, store channel (3 decimals)?
# BEGIN SOLUTION
store_sales = orders[(orders["status"] == "completed") & (orders["channel"] == "store")]
monthly = store_sales.set_index("ordered_at")["value"].resample("MS").sum()
train, test = monthly.iloc[:-3], monthly.iloc[-3:]
growth = train.iloc[-12:].sum() / train.iloc[-24:-12].sum()
forecast = monthly.shift(12).loc[test.index] * growth
answer = ((forecast - test).abs() / test).mean()
# END SOLUTION
check("06.q14", answer)

# %% [markdown]
# **Question 15.** Inertia forecasting rests on seasonal indices. For each of the three full
# years before `as_of`'s year, divide each month's consumer revenue (completed orders, all
# channels) by that year's mean month; then average the three ratios of each calendar month.
# Give a Series indexed by month (1 to 12); 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 15 — Seasonal index of each calendar month, three full years (Series, 3 decimals)?
# BEGIN SOLUTION
completed = orders[orders["status"] == "completed"]
revenue = completed.set_index("ordered_at")["value"].resample("MS").sum()
years = revenue[revenue.index.year.isin(range(as_of.year - 3, as_of.year))]
ratio = years / years.groupby(years.index.year).transform("mean")
answer = ratio.groupby(ratio.index.month).mean()
# END SOLUTION
check("06.q15", answer)

# %% [markdown]
# **Question 16.** A judgement backed by numbers: which method would you use to forecast the
# **store** channel's next quarter? Take the monthly revenue of completed store orders, hold
# out the last 3 months, fit the lesson's five forecasts (naive, experience, analogy, inertia,
# logical relationship) on the months before, and choose the one with the lowest hold-out
# MAPE. Give its name as the lesson's table writes it (`"naive"`, `"experience"`, `"analogy"`,
# `"inertia"` or `"logical"`); MAPEs equal to 3 decimals are a tie, and either name counts.

# %% tags=["nbval-check-output"]
# Question 16 — Which method would you use for the store's next quarter, by hold-out MAPE (name)?
# BEGIN SOLUTION
store_sales = orders[(orders["status"] == "completed") & (orders["channel"] == "store")]
monthly = store_sales.set_index("ordered_at")["value"].resample("MS").sum()
train, test = monthly.iloc[:-3], monthly.iloc[-3:]
forecasts = pd.DataFrame(index=test.index)
forecasts["naive"] = train.iloc[-1]
growth = train.iloc[-12:].sum() / train.iloc[-24:-12].sum()
forecasts["experience"] = monthly.shift(12).loc[test.index] * growth
earlier = [monthly[monthly.index.year == y] for y in sorted(set(train.index.year))[:-1]]
shape = np.mean([y.iloc[-3:].to_numpy() / y.iloc[-4] for y in earlier], axis=0)
forecasts["analogy"] = train.iloc[-1] * shape


def month_design(index, start):
    steps = (index.year - start.year) * 12 + index.month - start.month
    dummies = pd.get_dummies(index.month).reindex(columns=range(1, 13), fill_value=0)
    return np.column_stack([steps, dummies.to_numpy(dtype=float)])


inertia = LinearRegression(fit_intercept=False).fit(month_design(train.index, train.index[0]),
                                                    np.log(train))
forecasts["inertia"] = np.exp(inertia.predict(month_design(test.index, train.index[0])))
members = world.customers["signup_date"].sort_values()
drivers = pd.DataFrame(index=monthly.index)
drivers["members"] = members.searchsorted(drivers.index)
festival_months = {"zh_CN": [6, 11], "en_US": [11, 12]}[world.locale]
drivers["festival"] = drivers.index.month.isin(festival_months).astype(int)
drivers["weekend_days"] = [int((pd.date_range(m, m + pd.offsets.MonthEnd(0)).day_of_week >= 5)
                               .sum()) for m in drivers.index]
logic = LinearRegression().fit(drivers.loc[train.index], train)
forecasts["logical"] = logic.predict(drivers.loc[test.index])
mape = forecasts.sub(test, axis=0).abs().div(test, axis=0).mean()
answer = mape.idxmin()
# END SOLUTION
check("06.q16", answer)

# %% [markdown]
# ## Wrap-up
#
# Which month has the highest seasonal index in your world, and which festival sits in it?
# Compare your answer to question 14 with the lesson's table of methods: does the experience
# method beat a naive forecast on the store channel too? Write two sentences for yourself.
