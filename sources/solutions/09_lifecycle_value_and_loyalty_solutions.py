# %% [markdown]
# # 09 · Lifecycle, value and loyalty: exercises (生命周期、价值与忠诚 练习)
#
# In this lab you will:
#
# - answer fifteen questions on lifecycle stages, cohort retention, customer lifetime value,
#   loyalty and customer care;
# - use the lesson's methods on other dates, slices and horizons;
# - check every answer with `check(...)`.

# %% [markdown] tags=["solution-only"]
# > **Solutions notebook.** This notebook is the source of
# > `exercises/09_lifecycle_value_and_loyalty_exercises.ipynb`: a line ending in `# SOLUTION`,
# > or a block between `# BEGIN SOLUTION` and `# END SOLUTION`, becomes `answer = ...` there.
# > After editing it, run `labkit exercises` (see `docs/instructors.md`).

# %% [markdown]
# The set-up gives you the lesson's tools: `sales` (completed orders with `value` and
# `margin`), `stages(at)` (the lesson's lifecycle rules on a date), `segment` (chapter 05's
# RFM segment of each buyer) and `first_day` (the first day of the order history).

# %%
import numpy as np
import pandas as pd

from labkit import check, clv, load_world
from labkit.explorer import explorer_data
from labkit.questions.sales import valued_orders

world = load_world()
AS_OF = world.as_of
YEAR = pd.Timedelta(days=365)
customers = world.customers.set_index("customer_id")
sales = valued_orders(world)
items = world.order_items.merge(world.products[["product_id", "unit_cost"]], on="product_id")
cost = (items["quantity"] * items["unit_cost"]).groupby(items["order_id"]).sum()
sales["margin"] = sales["value"] - sales["order_id"].map(cost)
segment = explorer_data(world).people.set_index("customer_id")["segment"]
first_day = world.orders["ordered_at"].min().normalize()


def stages(at):
    joined = customers[customers["signup_date"] <= at]
    past = sales[sales["ordered_at"] <= at]
    year = past[past["ordered_at"] > at - YEAR]
    n_year = year.groupby("customer_id").size().reindex(joined.index, fill_value=0)
    ever = joined.index.isin(past["customer_id"])
    days = (at - joined["signup_date"]).dt.days
    stage = np.select([(days > 365) & (n_year == 0), ~ever, days <= 180, n_year >= 4],
                      ["lost", "potential", "new", "loyal"], "active")
    return pd.Series(stage, index=joined.index, name="stage")


print(f"{world.locale} world, as of {AS_OF:%Y-%m-%d}: {len(customers):,} customers, "
      f"{len(sales):,} completed orders")

# %% [markdown]
# ## Lifecycle stages (生命周期阶段)
#
# **Question 1.** How many customers are in each lifecycle stage 180 days before `AS_OF`?
# Give a Series indexed by stage (`potential`, `new`, `active`, `loyal`, `lost`); exact counts.

# %% tags=["nbval-check-output"]
# Question 1 — Customers per lifecycle stage 180 days before as_of (Series, exact)?
ORDER = ["potential", "new", "active", "loyal", "lost"]
answer = stages(AS_OF - pd.Timedelta(days=180)).value_counts().reindex(ORDER)  # SOLUTION
check("09.q1", answer)

# %% [markdown]
# **Question 2.** Of the customers who were `active` a year before `AS_OF`
# (`AS_OF - 365 days`), what share is `lost` at `AS_OF`? A share between 0 and 1; 3 decimals
# are enough.

# %% tags=["nbval-check-output"]
# Question 2 — Share of the customers active a year before as_of lost at as_of (3 decimals)?
before = stages(AS_OF - YEAR)
now = stages(AS_OF).reindex(before.index)
# BEGIN SOLUTION
answer = (now[before == "active"] == "lost").mean()
# END SOLUTION
check("09.q2", answer)

# %% [markdown]
# **Question 3.** A retention budget should go where most customers are lost. Which stage of
# a year ago — `new`, `active` or `loyal` — lost the largest *number* of customers by `AS_OF`?
# Give the stage's name, and look at the counts behind it.

# %% tags=["nbval-check-output"]
# Question 3 — Which stage of a year ago (new, active, loyal) lost the most customers (name)?
# BEGIN SOLUTION
moves = pd.crosstab(before, now)  # moves["lost"] shows the counts
answer = moves.loc[["new", "active", "loyal"], "lost"].idxmax()
# END SOLUTION
check("09.q3", answer)

# %% [markdown]
# ## Cohort retention (同期群留存)
#
# **Question 4.** Pool all customers who signed up in the calendar year before `AS_OF`'s
# year. What share of them placed a completed order in the calendar month right after their
# sign-up month (month 1)? 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 4 — Month-1 retention of the sign-ups of the year before as_of's year (3 decimals)?
# BEGIN SOLUTION
joined = customers[customers["signup_date"].dt.year == AS_OF.year - 1]
cohort = joined["signup_date"].dt.to_period("M")
theirs = sales[sales["customer_id"].isin(joined.index)]
age = (theirs["ordered_at"].dt.to_period("M") - theirs["customer_id"].map(cohort)).apply(
    lambda offset: offset.n)
answer = theirs.loc[age == 1, "customer_id"].nunique() / len(joined)
# END SOLUTION
check("09.q4", answer)

# %% [markdown]
# ## Customer lifetime value: the simple formula
#
# **Question 5.** Take the customers who signed up `online`. Among those who bought in the
# year before the last 365 days (`AS_OF - 730` to `AS_OF - 365` days), what share bought
# again in the last 365 days? 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 5 — Yearly retention rate of the customers who signed up online (3 decimals)?
# BEGIN SOLUTION
online = sales[sales["customer_id"].map(customers["signup_channel"]) == "online"]
last = online[online["ordered_at"] > AS_OF - YEAR]
prior = online[(online["ordered_at"] > AS_OF - 2 * YEAR) & (online["ordered_at"] <= AS_OF - YEAR)]
answer = np.isin(prior["customer_id"].unique(), last["customer_id"]).mean()
# END SOLUTION
check("09.q5", answer)

# %% [markdown]
# **Question 6.** With the lesson's `simple_by` method on the stages of a year ago, what is
# the simple CLV, m · r / (1 + d − r), of the stage `active` when the discount rate is 12 %?
# (*r*: share of the stage's buyers of the year before the last 365 days who bought again in
# the last 365 days; *m*: mean margin in the last 365 days of the stage's customers who
# bought then.) Whole money units are enough.

# %% tags=["nbval-check-output"]
# Question 6 — Simple CLV of the stage 'active' a year ago, discount rate 12% (whole money units)?
# BEGIN SOLUTION
last = sales[sales["ordered_at"] > AS_OF - YEAR]
prior = sales[(sales["ordered_at"] > AS_OF - 2 * YEAR) & (sales["ordered_at"] <= AS_OF - YEAR)]
buyers = pd.Index(prior["customer_id"].unique())
buyers = buyers[buyers.map(before) == "active"]
r = np.isin(buyers, last["customer_id"]).mean()
yearly = last.groupby("customer_id")["margin"].sum()
m = yearly[yearly.index.map(before) == "active"].mean()
answer = m * r / (1 + 0.12 - r)
# END SOLUTION
check("09.q6", answer)

# %% [markdown]
# ## BG/NBD and Gamma-Gamma
#
# The next questions use a **180-day** hold-out: the calibration period ends at
# `AS_OF - 180 days`. "Fresh" customers signed up from `first_day` to the end of the period
# you look at, so their first visible order is their first.
#
# **Question 7.** How many purchase *days* did the customers of `cal` have in the hold-out
# (the days after `CAL_END`; `rfm_summary` counts the day `CAL_END` itself in the
# calibration period)? An exact whole number.

# %% tags=["nbval-check-output"]
# Question 7 — Repeat purchase days of the fresh customers in a 180-day hold-out (exact)?
CAL_END = AS_OF - pd.Timedelta(days=180)
fresh = customers.index[(customers["signup_date"] >= first_day)
                        & (customers["signup_date"] <= CAL_END)]
log = sales[sales["customer_id"].isin(fresh)]
cal = clv.rfm_summary(log, "customer_id", "ordered_at", "value", CAL_END)
# BEGIN SOLUTION
future = log[(log["ordered_at"].dt.normalize() > CAL_END) & log["customer_id"].isin(cal.index)]
answer = future.groupby("customer_id")["ordered_at"].agg(lambda s: s.dt.normalize().nunique()).sum()
# END SOLUTION
check("09.q7", answer)

# %% [markdown]
# **Question 8.** Fit BG/NBD on `cal` and forecast the repeat purchases of the same
# customers in the 180-day hold-out. Give the total; 1 decimal is enough. Is it above or
# below your answer to question 7?

# %% tags=["nbval-check-output"]
# Question 8 — BG/NBD forecast of those hold-out purchases (1 decimal)?
# BEGIN SOLUTION
fit = clv.fit_bgnbd(cal["frequency"], cal["recency"], cal["T"])
answer = clv.expected_purchases(fit, 180, cal["frequency"], cal["recency"], cal["T"]).sum()
# END SOLUTION
check("09.q8", answer)

# %% [markdown]
# **Question 9.** Now take the fresh customers who signed up by `AS_OF` and summarise their
# whole history up to `AS_OF` (`full`). Fit BG/NBD on it. How many *repeat* buyers
# (frequency above 0) have P(alive) of at least 0.5? An exact whole number.

# %% tags=["nbval-check-output"]
# Question 9 — How many fresh repeat buyers have P(alive) of at least 0.5 at as_of (exact)?
fresh_now = customers.index[customers["signup_date"] >= first_day]
log_now = sales[sales["customer_id"].isin(fresh_now)]
full = clv.rfm_summary(log_now, "customer_id", "ordered_at", "value", AS_OF)
# BEGIN SOLUTION
fit_now = clv.fit_bgnbd(full["frequency"], full["recency"], full["T"])
full["p_alive"] = clv.probability_alive(fit_now, full["frequency"], full["recency"],
                                        full["T"])
answer = int(((full["frequency"] > 0) & (full["p_alive"] >= 0.5)).sum())
# END SOLUTION
check("09.q9", answer)

# %% [markdown]
# **Question 10.** BG/NBD gives every one-time buyer P(alive) = 1. Look at the truth
# (`world.truth.clv`, column `alive_at_as_of`) for the one-time buyers of `full` who signed
# up in a store (`signup_channel == "store"`): is more than half of them really alive at
# `AS_OF`? Answer `True` or `False`, backed by the share (question 11).

# %% tags=["nbval-check-output"]
# Question 10 — Are most fresh one-time buyers who signed up in a store alive at as_of (True/False)?
truth = world.truth.clv.set_index("customer_id")
# BEGIN SOLUTION
store = customers["signup_channel"] == "store"
once = full.index[(full["frequency"] == 0) & full.index.map(store)]
share_alive = truth.loc[once, "alive_at_as_of"].mean()
answer = bool(share_alive > 0.5)
# END SOLUTION
check("09.q10", answer)

# %% [markdown]
# **Question 11.** And the share itself: what share of those one-time buyers (fresh, signed up
# in a store) is alive at `AS_OF`? 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 11 — Share of the fresh one-time store sign-ups truly alive at as_of (3 decimals)?
answer = share_alive  # SOLUTION
check("09.q11", answer)

# %% [markdown]
# **Question 12.** Fit Gamma-Gamma on `full`. What is the model's mean value of a purchase
# in the population, p · v / (q − 1)? Whole money units are enough.

# %% tags=["nbval-check-output"]
# Question 12 — Gamma-Gamma mean value per purchase, fresh customers at as_of (whole money units)?
# BEGIN SOLUTION
spend = clv.fit_gamma_gamma(full["frequency"], full["monetary_value"])
answer = spend.p * spend.v / (spend.q - 1)
# END SOLUTION
check("09.q12", answer)

# %% [markdown]
# **Question 13.** With the two fits on `full`, compute each fresh buyer's expected CLV over
# the next **6** months (`expected_clv`, monthly discount rate 1 %, the default). What is the
# mean per chapter 05 RFM segment (`segment`)? Give a Series indexed by segment; 1 decimal is
# enough.

# %% tags=["nbval-check-output"]
# Question 13 — Mean 6-month expected CLV of fresh buyers per RFM segment (Series, 1 decimal)?
# BEGIN SOLUTION
value_6m = pd.Series(clv.expected_clv(fit_now, spend, full["frequency"], full["recency"],
                                      full["T"], full["monetary_value"], months=6),
                     index=full.index)
answer = value_6m.groupby(segment.reindex(value_6m.index)).mean()
# END SOLUTION
check("09.q13", answer)

# %% [markdown]
# ## Customer care (客户关怀)
#
# **Question 14.** The care plan sends a birthday greeting to customers who agreed to
# marketing messages and whose stage at `AS_OF` is not `lost`. How many greetings fall on the
# 30 days `AS_OF + 1` to `AS_OF + 30`? An exact whole number.

# %% tags=["nbval-check-output"]
# Question 14 — Birthday greetings in the 30 days after as_of, consenting and not lost (exact)?
# BEGIN SOLUTION
days = pd.date_range(AS_OF + pd.Timedelta(days=1), periods=30)
stage_now = stages(AS_OF)
reachable = customers[customers["marketing_consent"] & (stage_now != "lost")]
answer = int(reachable["birth_date"].dt.strftime("%m-%d").isin(days.strftime("%m-%d")).sum())
# END SOLUTION
check("09.q14", answer)

# %% [markdown]
# ## BG/NBD or MBG/NBD?
#
# **Question 15.** Fit the MBG/NBD (`clv.fit_mbgnbd`) on `full`, the fresh customers' history
# up to `AS_OF`. What is its mean drop-out chance, a / (a + b)? 2 decimals are enough. Compare
# it with the BG/NBD's (`fit_now`) and with the planted mean in `world.truth.clv`.

# %% tags=["nbval-check-output"]
# Question 15 — MBG/NBD mean drop-out chance a / (a + b), fresh customers at as_of (2 decimals)?
# BEGIN SOLUTION
fit_mbg = clv.fit_mbgnbd(full["frequency"], full["recency"], full["T"])
answer = fit_mbg.a / (fit_mbg.a + fit_mbg.b)
# END SOLUTION
check("09.q15", answer)

# %% [markdown]
# ## Wrap-up
#
# Compare questions 7 and 8: does BG/NBD forecast too many or too few purchases on your
# world, and which customers does questions 10 and 11 point to as the reason? Write two
# sentences for yourself.
