# %% [markdown]
# # 09 · Lifecycle, value and loyalty (生命周期、价值与忠诚)
#
# A customer's relationship with Xudong has a life: someone signs up, buys for the first time,
# comes back (or does not), becomes a regular, and one day goes quiet. Managing that life is
# **customer lifecycle management (客户生命周期管理)**. Its tools are the subject of this lab.
#
# In this lab you will:
#
# - put every customer into a **lifecycle stage (生命周期阶段)** by rules stated in data terms,
#   follow the stages from one year to the next in a **transition matrix (转移矩阵)**, and turn
#   the textbook's strategy per stage into an action list;
# - draw a **cohort (同期群)** retention heat map by sign-up month;
# - estimate **customer lifetime value (客户终身价值)** twice: with a simple formula, then with
#   the BG/NBD and Gamma-Gamma models, checked against a hold-out year;
# - measure loyalty (repurchase rate, NPS) and price a loyalty incentive;
# - write a **customer care (客户关怀)** plan as a dated task list.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

import labkit
from labkit import clv
from labkit.explorer import explorer_data
from labkit.questions.sales import valued_orders

world = labkit.load_world()
labkit.setup_plots(world.locale)
AS_OF = world.as_of
customers = world.customers.set_index("customer_id")
print(f"{world.locale} world, as of {AS_OF:%Y-%m-%d}, money in {world.currency}")

# %% [markdown]
# We reuse chapter 05's features rather than compute them again: `valued_orders` gives the
# completed orders with their value (lines less the discount), and `explorer_data` the RFM
# segment of each buyer. The margin of an order is its value less what the goods cost Xudong.

# %%
sales = valued_orders(world)
items = world.order_items.merge(world.products[["product_id", "unit_cost"]], on="product_id")
cost = (items["quantity"] * items["unit_cost"]).groupby(items["order_id"]).sum()
sales["margin"] = sales["value"] - sales["order_id"].map(cost)
segment = explorer_data(world).people.set_index("customer_id")["segment"]
first_day = world.orders["ordered_at"].min().normalize()
print(f"{len(sales):,} completed orders from {first_day:%Y-%m-%d}; "
      f"margin {sales['margin'].sum() / sales['value'].sum():.1%} of revenue")


# %% [markdown]
# ## 1. Lifecycle stages (生命周期阶段)
#
# The textbook names five stages. A stage is only useful when anyone can compute it from the
# data, so each gets a rule. On a date `at`, counting completed orders up to that day:
#
# | stage | rule (checked in this order) |
# |---|---|
# | lost (流失客户) | signed up more than 365 days before `at` and no order in the 365 days up to `at` |
# | potential (潜在客户) | signed up, no order yet |
# | new (新客户) | signed up in the 180 days up to `at` and bought |
# | loyal (忠诚客户) | 4 or more orders in the 365 days up to `at` |
# | active (活跃客户) | everyone else: bought in the last 365 days, 1 to 3 times |
#
# Sign-up, not the first visible order, decides "new": the order history starts on
# `first_day`, so a customer who joined in 2019 may show a "first" order in 2023.

# %%
def stages(at):
    joined = customers[customers["signup_date"] <= at]
    past = sales[sales["ordered_at"] <= at]
    year = past[past["ordered_at"] > at - pd.Timedelta(days=365)]
    n_year = year.groupby("customer_id").size().reindex(joined.index, fill_value=0)
    ever = joined.index.isin(past["customer_id"])
    days = (at - joined["signup_date"]).dt.days
    stage = np.select(
        [(days > 365) & (n_year == 0), ~ever, days <= 180, n_year >= 4],
        ["lost", "potential", "new", "loyal"], "active")
    return pd.Series(stage, index=joined.index, name="stage")


ORDER = ["potential", "new", "active", "loyal", "lost"]
now = stages(AS_OF)
now.value_counts().reindex(ORDER)

# %% [markdown]
# > **Checkpoint.** Lost customers are by far the largest group: in a business nine years
# > old, many people who once joined have stopped buying. Loyal customers are fewer than the
# > active ones.
#
# > **Common mistake.** Deciding the stage from "today" (`pd.Timestamp.now()`): the stages
# > change every time the notebook runs and everyone looks lost. Always count from a fixed
# > date, here `AS_OF`.

# %% [markdown]
# ### The transition matrix (转移矩阵)
#
# Where did each stage of a year ago go? Each row is a stage on `AS_OF - 365 days`, each
# column a stage on `AS_OF`, each cell the share of the row's customers. Customers who
# joined during the year are not in any row.

# %%
before = stages(AS_OF - pd.Timedelta(days=365))
moves = pd.crosstab(before, now.reindex(before.index), normalize="index")
moves = moves.reindex(index=ORDER, columns=ORDER, fill_value=0)
fig, ax = plt.subplots(figsize=(6, 4))
sns.heatmap(moves, annot=True, fmt=".2f", cmap="Blues", ax=ax)
ax.set(title="Stage transitions over one year (生命周期阶段转移)",
       xlabel=f"stage on {AS_OF:%Y-%m-%d}", ylabel="stage a year earlier")
plt.show()

# %% [markdown]
# Read the rows. A loyal customer mostly stays loyal or active (six to eight in ten); about
# two new customers in three are lost a year later; a lost customer rarely comes back (about
# 2 %). The largest leak is right after the first purchases.
#
# > **Common mistake.** `normalize="columns"` answers another question (where did today's
# > loyal customers come from?). For "what becomes of a stage", divide by the row.

# %% [markdown]
# ### From strategy to an action list
#
# The textbook gives a strategy per stage: attract the potential, satisfy the new, serve the
# active personally, reward the loyal, win back the lost after finding out why they left. A
# strategy becomes work when it says what, through which channel, when and for how many:

# %%
actions = pd.DataFrame({
    "stage": ORDER,
    "strategy": ["convert: precise marketing", "satisfy: first repeat purchase",
                 "deepen: personal offers", "keep: rewards and referrals",
                 "win back: ask why, then offer"],
    "action": ["first-order coupon, valid 30 days", "thank-you message, 2nd-order coupon",
               "recommendations from their categories", "member gift, referral invitation",
               "short survey on why they left, then win-back offer"],
    "when": ["within 7 days of sign-up", "7 days after the first order", "monthly",
             "each quarter", "after 180 days without an order"],
})
reach = now[now.index.isin(customers.index[customers["marketing_consent"]])]
actions["customers"] = actions["stage"].map(reach.value_counts()).fillna(0).astype(int)
actions

# %% [markdown]
# Only customers with `marketing_consent` are counted: an offer is a marketing message, and
# the others did not agree to receive one (chapter 04).

# %% [markdown]
# ## 2. Cohort retention (同期群留存)
#
# A **cohort (同期群)** is a group of customers who joined in the same month. Its **retention
# rate (留存率)** in month *k* is the share of the cohort who placed a completed order in the
# *k*-th month after the sign-up month (month 0 is the sign-up month itself). Comparing
# cohorts shows whether newer customers stay better or worse than older ones.

# %%
cohort = customers["signup_date"].dt.to_period("M")
cohort = cohort[cohort > AS_OF.to_period("M") - 24]  # the last 24 sign-up months
recent = customers.loc[cohort.index]
bought = sales[sales["customer_id"].isin(recent.index)]
month = bought["ordered_at"].dt.to_period("M")
age = (month - bought["customer_id"].map(cohort)).apply(lambda offset: offset.n)
active = pd.DataFrame({"cohort": bought["customer_id"].map(cohort), "age": age,
                       "customer_id": bought["customer_id"]}).drop_duplicates()
counts = active[active["age"] <= 12].pivot_table(index="cohort", columns="age",
                                                 values="customer_id", aggfunc="nunique")
retention = counts.reindex(columns=range(13)).div(cohort.value_counts(), axis=0).fillna(0)
elapsed = np.array([(AS_OF.to_period("M") - c).n for c in retention.index])
retention = retention.where(retention.columns.to_numpy()[None, :] <= elapsed[:, None])
retention.iloc[:3, :5].round(3)

# %%
fig, ax = plt.subplots(figsize=(9, 6))
sns.heatmap(retention, cmap="YlGnBu", vmax=0.3, ax=ax, cbar_kws={"label": "share of cohort"})
ax.set(title="Retention by sign-up month (按注册月份的留存率)",
       xlabel="months after the sign-up month", ylabel="sign-up month (cohort)")
plt.show()

# %% [markdown]
# Month 0 is off the scale (about half the sign-ups buy in the month they join), so the
# colour scale stops at 30 %. The empty cells are months that have not come yet by
# `AS_OF`.
#
# > **Checkpoint.** Retention more than halves from month 0 to month 1 and then stays low, with
# > noise (a cohort is a few dozen people): most of the loss happens right after the first
# > purchase. That shape matters for the CLV models below.
#
# > **Common mistake.** Dividing by the customers who *ordered* in month 0 instead of the
# > whole cohort: sign-ups who never bought vanish and retention looks better than it is.

# %% [markdown]
# ## 3. Customer lifetime value (客户终身价值)
#
# **Customer lifetime value (客户终身价值)**, CLV, is what a customer will bring from now on,
# in today's money. Money next year is worth less than money now; the **discount rate
# (折现率)** *d* says how much less.
#
# ### 3.1 The simple formula
#
# If a customer brings margin *m* a year and stays each year with probability *r*, the
# discounted margins of the coming years add up to
#
# $$\text{CLV} = m \cdot \frac{r}{1 + d - r}.$$
#
# We measure *r* as the share of last-but-one year's buyers who bought again in the last
# year, and *m* as the mean yearly margin of last year's buyers; *d* = 10 %.

# %%
year = pd.Timedelta(days=365)
last = sales[sales["ordered_at"] > AS_OF - year]
prior = sales[(sales["ordered_at"] > AS_OF - 2 * year) & (sales["ordered_at"] <= AS_OF - year)]
prior_buyers = prior["customer_id"].unique()
retention_rate = np.isin(prior_buyers, last["customer_id"]).mean()
margin = last.groupby("customer_id")["margin"].sum().mean()
DISCOUNT = 0.10
simple_clv = margin * retention_rate / (1 + DISCOUNT - retention_rate)
print(f"r = {retention_rate:.3f}, m = {margin:,.0f}, CLV = {simple_clv:,.0f} {world.currency}")


# %% [markdown]
# One *r* for everyone hides the differences. The same formula per lifecycle stage of a year
# ago (the stage must be known *before* the year whose retention we measure):

# %%
def simple_by(groups):
    kept = pd.Series(np.isin(prior_buyers, last["customer_id"]), index=prior_buyers)
    r = kept.groupby(groups.reindex(prior_buyers)).mean()
    m = last.groupby("customer_id")["margin"].sum()
    m = m.groupby(groups.reindex(m.index)).mean()
    return pd.DataFrame({"r": r, "m": m, "clv": m * r / (1 + DISCOUNT - r)})


by_stage = simple_by(before).reindex(["new", "active", "loyal"])
by_stage.round(2)

# %% [markdown]
# > **Common mistake.** Grouping by a segment measured at `AS_OF` (chapter 05's RFM segment):
# > its recency already knows who bought in the last year, so its *r* is circular.
#
# > **Common mistake.** Using revenue for *m*. CLV is what the customer leaves Xudong after
# > the goods are paid for; revenue overstates it several times.

# %% [markdown]
# ### 3.2 A probabilistic model: BG/NBD and Gamma-Gamma
#
# The formula treats a customer as a coin tossed once a year. The **BG/NBD model** of Fader,
# Hardie and Lee (2005) looks at each customer's own history: while "alive" a customer buys
# at their own rate; after each repeat purchase they may drop out for good.
# It needs three numbers per customer (`rfm_summary`): `frequency` (repeat purchase days),
# `recency` (days from the first to the last purchase) and `T` (days from the first purchase
# to the end of observation). The **Gamma-Gamma model** adds what each purchase
# is worth.
#
# To test a forecast we need a future it has not seen. The **calibration period (校准期)**
# ends a year before `AS_OF`; the last year is the hold-out. We fit on customers who joined
# inside the order history, so that their first order is really their first.

# %%
CAL_END = AS_OF - year
fresh = customers.index[(customers["signup_date"] >= first_day)
                        & (customers["signup_date"] <= CAL_END)]
log = sales[sales["customer_id"].isin(fresh)]
cal = clv.rfm_summary(log, "customer_id", "ordered_at", "value", CAL_END)
bgnbd = clv.fit_bgnbd(cal["frequency"], cal["recency"], cal["T"])
print(f"{bgnbd.n_customers} customers; r = {bgnbd.r:.3f}, alpha = {bgnbd.alpha:.2f}, "
      f"a = {bgnbd.a:.3f}, b = {bgnbd.b:.3f}")
print(f"mean purchase rate {bgnbd.r / bgnbd.alpha * 365:.2f} a year; "
      f"mean drop-out chance per repeat purchase {bgnbd.a / (bgnbd.a + bgnbd.b):.2f}")

# %% [markdown]
# Now forecast the repeat purchases of the hold-out year and count what really happened
# (purchase *days*, as `rfm_summary` counts them), by the number of repeat purchases in the
# calibration period:

# %%
future = log[log["ordered_at"].dt.normalize() > CAL_END]  # the day CAL_END is calibration
actual = future.groupby("customer_id")["ordered_at"].agg(lambda s: s.dt.normalize().nunique())
check = pd.DataFrame({
    "forecast": clv.expected_purchases(bgnbd, 365, cal["frequency"], cal["recency"], cal["T"]),
    "actual": actual.reindex(cal.index, fill_value=0)}, index=cal.index)
group = cal["frequency"].clip(upper=5).astype(int).rename("repeat purchases (5 = 5+)")
table = check.groupby(group).sum().assign(customers=group.value_counts())
table.loc["total"] = table.sum()
table.round(0)

# %% [markdown]
# > **Checkpoint.** The forecast follows the hold-out row by row, and the total is within
# > about 20 % of what happened (on most worlds a little too high).
#
# > **Common mistake.** Fitting on all the orders and then "checking" on the last year: the
# > model has seen the answer. The split in time is the whole point.

# %% [markdown]
# ### Who is still alive?
#
# The model gives each customer a **probability of being alive (存活概率)**, P(alive). The
# world knows the truth (`world.truth.clv`: each customer's purchase rate, drop-out
# probability and whether they are alive at `AS_OF`), so we can see how good it is. We refit
# on the whole history up to `AS_OF`, with every customer who joined inside it.

# %%
fresh = customers.index[customers["signup_date"] >= first_day]  # now up to AS_OF
log = sales[sales["customer_id"].isin(fresh)]
full = clv.rfm_summary(log, "customer_id", "ordered_at", "value", AS_OF)
bgnbd_now = clv.fit_bgnbd(full["frequency"], full["recency"], full["T"])
full["p_alive"] = clv.probability_alive(bgnbd_now, full["frequency"], full["recency"],
                                        full["T"])
truth = world.truth.clv.set_index("customer_id").reindex(full.index)
full["alive"] = truth["alive_at_as_of"]
once = np.where(full["frequency"] == 0, "bought once", "repeat buyer")
full.groupby(once)[["p_alive", "alive"]].mean().round(3)

# %% [markdown]
# For repeat buyers P(alive) sorts the living from the dead well. For the customers who
# bought once it is always 1: BG/NBD assumes nobody drops out before a *repeat* purchase.
# Xudong's customers can leave right after their first order — the world follows the
# **modified** BG/NBD (MBG/NBD) of Batislam and others (2007), where the drop-out chance
# applies at the first purchase too. What that does, in numbers:

# %%
planted = truth.loc[cal.index]
one_time = check[cal["frequency"] == 0]
print(f"bought once, truly alive: {full.loc[full['frequency'] == 0, 'alive'].mean():.1%} "
      f"(BG/NBD says 100%)")
print(f"their hold-out purchases: forecast {one_time['forecast'].sum():.0f}, "
      f"actual {one_time['actual'].sum():.0f}")
print(f"mean drop-out chance: planted {planted['dropout_probability'].mean():.2f}, "
      f"BG/NBD {bgnbd.a / (bgnbd.a + bgnbd.b):.2f}; mean orders a year: planted "
      f"{planted['orders_per_year'].mean():.2f}, BG/NBD {bgnbd.r / bgnbd.alpha * 365:.2f}")

# %% [markdown]
# Their forecast total lands near the actual, but for the wrong reason. BG/NBD explains the
# many one-time buyers with a *low purchase rate* and a *low drop-out chance* — sleepers who
# will wake up — where the truth is a normal rate and an early drop-out: most have left, and
# the few who stay buy at a normal rate. The plain error is P(alive): 100 % against about one
# in eight.

# %% [markdown]
# ### BG/NBD against MBG/NBD
#
# `clv.fit_mbgnbd` fits the **MBG/NBD (修正 BG/NBD 模型)**: the same four parameters, one more
# chance to drop out (right after the first purchase). Its `expected_purchases` and
# `probability_alive` follow the model. We fit it on the same calibration summary (and, for
# P(alive), on the same `full` history) and put the two side by side with the planted truth:

# %%
mbgnbd = clv.fit_mbgnbd(cal["frequency"], cal["recency"], cal["T"])
mbgnbd_now = clv.fit_mbgnbd(full["frequency"], full["recency"], full["T"])
bought_once = full["frequency"] == 0
comparison = {}
for name, fit, fit_now in [("BG/NBD", bgnbd, bgnbd_now), ("MBG/NBD", mbgnbd, mbgnbd_now)]:
    forecast = clv.expected_purchases(fit, 365, cal["frequency"], cal["recency"], cal["T"])
    p_alive = clv.probability_alive(fit_now, full["frequency"], full["recency"], full["T"])
    comparison[name] = {
        "log-likelihood": fit.log_likelihood,
        "mean drop-out chance": fit.a / (fit.a + fit.b),
        "mean orders a year": fit.r / fit.alpha * 365,
        "one-time buyers: P(alive)": p_alive[bought_once].mean(),
        "hold-out forecast ÷ actual": forecast.sum() / check["actual"].sum(),
    }
comparison["planted"] = {
    "mean drop-out chance": planted["dropout_probability"].mean(),
    "mean orders a year": planted["orders_per_year"].mean(),
    "one-time buyers: P(alive)": full.loc[bought_once, "alive"].mean(),  # the share alive
}
pd.DataFrame(comparison).round(3)

# %% [markdown]
# The MBG/NBD has a slightly higher log-likelihood (with the same number of parameters),
# its mean drop-out chance is closer to the planted one, and it gives one-time
# buyers a P(alive) of a quarter to a third instead of 100 %. It does not recover the truth:
# its drop-out chance is still well below the planted one, its mean rate, too low under
# BG/NBD, now comes out near or above the planted one, and its one-time buyers look two to
# three times as alive as they are. The reason is the world itself: it mixes five customer
# segments with very different rates and drop-out chances, and one Gamma and one Beta
# distribution cannot fit such a mixture exactly. Both models forecast the hold-out year
# about equally well, so the rest of the chapter keeps BG/NBD, the standard model that other
# tools implement, and remembers where it errs: never read its P(alive) for a one-time buyer.

# %% [markdown]
# ### Value: Gamma-Gamma and the 12-month CLV
#
# Gamma-Gamma shrinks each repeat buyer's mean order value towards the average of all, more
# so when they have bought few times. With BG/NBD it gives each customer's expected revenue
# of the next 12 months, discounted by 1 % a month; chapter 05's RFM segments (computed at
# `AS_OF`, from the past only) summarise it.

# %%
spend = clv.fit_gamma_gamma(full["frequency"], full["monetary_value"])
print(f"mean value per purchase {spend.p * spend.v / (spend.q - 1):,.0f} {world.currency}")
full["clv_12m"] = clv.expected_clv(bgnbd_now, spend, full["frequency"], full["recency"],
                               full["T"], full["monetary_value"], months=12)
full["segment"] = segment.reindex(full.index)
full.groupby("segment")["clv_12m"].agg(["size", "mean", "sum"]).sort_values(
    "sum", ascending=False).round(0)

# %% [markdown]
# > **Checkpoint.** Champions lead by a wide margin: four to seven times the next segment per
# > customer; the hibernating have an expected value close to zero, though they are many.
# > Unlike the simple formula, the model also ranks the customers *inside* a segment.

# %% [markdown]
# ## 4. Loyalty (客户忠诚)
#
# The textbook measures loyalty by repurchase, satisfaction and recommendation. The
# **repurchase rate (复购率)** is over all buyers; the **Net Promoter Score (净推荐值)** over
# survey answers, here by lifecycle stage at `AS_OF` (the survey is of `AS_OF`'s year):

# %%
orders_per = sales.groupby("customer_id").size()
print(f"repurchase rate {(orders_per >= 2).mean():.1%} of {len(orders_per):,} buyers")


def nps(scores):
    return 100 * ((scores >= 9).mean() - (scores <= 6).mean())


answers = world.surveys.assign(stage=world.surveys["customer_id"].map(now))
answers.groupby("stage")["nps"].agg(["size", nps]).reindex(ORDER).round(1)

# %% [markdown]
# Most answers come from customers who are lost by now: a survey reaches everyone with an
# e-mail address, not only the buyers of the year. The NPS of a stage with a few dozen answers
# moves by 20 points or more by chance (chapter 05): compare stages only where both have
# hundreds of answers.

# %% [markdown]
# **Share of wallet (钱包份额)** is the part of a customer's spending in a category that goes
# to Xudong. It needs what the customer spends *elsewhere*, which Xudong's data does not hold:
# it would take a survey question ("how much do you spend on … a year, with all shops?").
# Without it, spending as a share of stated income is a weak stand-in, and we leave it out.

# %% [markdown]
# ### Designing a loyalty incentive (忠诚度激励)
#
# The textbook's incentives are points, member offers and personal recommendations. Before
# launching one, price it. Say Xudong gives loyal customers 3 % of their spending back as
# points. How much must their retention rise to pay for it? The points lower the yearly
# margin *m*; the incentive pays if the higher *r* brings the CLV back to what it was:
# solve m' · r' / (1 + d − r') = CLV for r'.

# %%
r_loyal, m_loyal = by_stage.loc["loyal", "r"], by_stage.loc["loyal", "m"]
spent = last.groupby("customer_id")["value"].sum()
revenue_loyal = spent.groupby(before.reindex(spent.index)).mean()["loyal"]
clv_now = m_loyal * r_loyal / (1 + DISCOUNT - r_loyal)
m_points = m_loyal - 0.03 * revenue_loyal  # the points cost 3 % of what they spend
needed = (1 + DISCOUNT) * clv_now / (m_points + clv_now)  # solves CLV(points) = CLV now
print(f"loyal: r = {r_loyal:.3f}, m = {m_loyal:,.0f}; with points m = {m_points:,.0f}, "
      f"so r must reach {needed:.3f} (+{needed - r_loyal:.3f})")

# %% [markdown]
# > **Checkpoint.** The needed rise is about two points of retention. Whether points can move
# > loyal customers that much is the question a test (a held-out group, chapter 08) answers;
# > the arithmetic says how big the effect must be.

# %% [markdown]
# ## 5. Customer care (客户关怀)
#
# A care plan turns the textbook's attentions — birthday greetings, win-back contacts, thanks
# to the most valuable customers — into tasks with dates. For the 30 days after `AS_OF`, for
# customers who agreed to be contacted:
#
# - **birthday greeting** on the birthday;
# - **win-back call** on the day a repeat buyer reaches 180 days without an order;
# - **thank-you note** on the first Monday after `AS_OF` for platinum members.

# %%
days = pd.date_range(AS_OF + pd.Timedelta(days=1), periods=30)
reachable = customers[customers["marketing_consent"]]
birthday = reachable["birth_date"].dt.strftime("%m-%d")
greet = [(day, cid, "birthday greeting") for day in days
         for cid in birthday.index[birthday == f"{day:%m-%d}"]]
last_order = sales.groupby("customer_id")["ordered_at"].max().dt.normalize()
due = (last_order + pd.Timedelta(days=180))[orders_per >= 2]
due = due[due.index.isin(reachable.index) & due.between(days[0], days[-1])]
monday = days[days.day_of_week == 0][0]
top = reachable.index[reachable["member_tier"] == "platinum"]
tasks = pd.DataFrame(greet + [(d, c, "win-back call") for c, d in due.items()]
                     + [(monday, c, "thank-you note") for c in top],
                     columns=["date", "customer_id", "task"]).sort_values(["date", "task"])
tasks.groupby("task").size()

# %%
tasks.head(8)

# %% [markdown]
# > **Common mistake.** Matching birthdays on the full date (`birth_date == day`): nobody is
# > born this year. Compare month and day. (A 29 February birthday falls on 1 March in other
# > years; the plan above misses it in those years.)

# %% [markdown]
# ## Recap
#
# - Lifecycle stages need rules in data terms and a fixed date; the transition matrix (rows
#   normalised) shows where each stage goes, and the largest leak is after the first purchase.
# - A strategy per stage becomes an action list: what, when, through which channel, for how
#   many consenting customers.
# - Cohort retention by sign-up month: divide by the whole cohort; month 0 dominates.
# - CLV: the simple formula m · r / (1 + d − r) per stage, then BG/NBD + Gamma-Gamma fitted
#   on a calibration period and checked on the hold-out year; P(alive) works for repeat buyers
#   and says 1 for one-time buyers, who in this world mostly left. The MBG/NBD, which lets
#   them leave, fits better (higher log-likelihood, drop-out closer to the truth) but not
#   exactly: the world mixes five segments.
# - Loyalty: repurchase rate and NPS by stage; share of wallet needs data Xudong lacks; price
#   an incentive by the retention rise it needs.
# - Customer care: a dated task list of greetings, win-back calls and thank-you notes.
#
# **Next:** the exercises in
# [`exercises/09_lifecycle_value_and_loyalty_exercises.ipynb`](../exercises/09_lifecycle_value_and_loyalty_exercises.ipynb).

# %% [markdown]
# ### Glossary (术语表)
#
# | English | 中文 | in the kit |
# |---|---|---|
# | customer lifecycle management | 客户生命周期管理 | section 1 |
# | lifecycle stage | 生命周期阶段 | `stages` |
# | transition matrix | 转移矩阵 | `moves` |
# | cohort | 同期群 | `retention` |
# | retention rate | 留存率 | `retention_rate` |
# | customer lifetime value | 客户终身价值 | `simple_clv`, `clv_12m` |
# | discount rate | 折现率 | `DISCOUNT` |
# | repeat-purchase model | 重复购买模型 | `clv.fit_bgnbd` (BG/NBD), `clv.fit_mbgnbd` (MBG/NBD) |
# | Gamma-Gamma model | Gamma-Gamma模型 | `clv.fit_gamma_gamma` |
# | calibration period | 校准期 | `CAL_END` |
# | hold-out | 留出期 | `check` |
# | probability of being alive | 存活概率 | `p_alive` |
# | repurchase rate | 复购率 | `orders_per` |
# | Net Promoter Score | 净推荐值 | `nps` |
# | share of wallet | 钱包份额 | section 4 |
# | loyalty incentive | 忠诚度激励 | `needed` |
# | customer care | 客户关怀 | `tasks` |
