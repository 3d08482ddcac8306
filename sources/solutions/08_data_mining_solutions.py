# %% [markdown]
# # 08 · Data mining: exercises (数据挖掘 练习)
#
# In this lab you will:
#
# - answer fourteen questions on segmentation, churn prediction, precision marketing and
#   association rules;
# - use the lesson's methods on other slices: customers with three or more orders, a
#   two-feature churn model, a business threshold, the last year's baskets;
# - check every answer with `check(...)`.

# %% [markdown] tags=["solution-only"]
# > **Solutions notebook.** This notebook is the source of
# > `exercises/08_data_mining_exercises.ipynb`: a line ending in `# SOLUTION`, or a block
# > between `# BEGIN SOLUTION` and `# END SOLUTION`, becomes `answer = ...` there. After
# > editing it, run `labkit exercises` (see `docs/instructors.md`).

# %%
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from labkit import check, load_world
from labkit.explorer import explorer_data

world = load_world()
as_of = world.as_of
items = world.order_items
orders = world.orders.set_index("order_id")
orders["value"] = (items["quantity"] * items["unit_price"]).groupby(items["order_id"]).sum()
orders["value"] *= 1 - orders["discount"]
print(f"{world.locale} world, as of {as_of:%Y-%m-%d}: {len(orders)} orders")

# %% [markdown]
# ## Customer segmentation (客户细分)
#
# The cell below builds the lesson's behaviour features for the customers with at least
# `min_orders` orders (every order counts, whatever its status), with `log1p` already taken
# of the heavy-tailed columns. It does not scale them: that is your job.

# %%
LOGGED = ["recency", "frequency", "monetary", "aov", "lines", "web_events"]


def segment_features(min_orders, log=True):
    per = orders.assign(lines=items.groupby("order_id").size()).groupby("customer_id")
    f = pd.DataFrame({
        "recency": (as_of - per["ordered_at"].max().dt.normalize()).dt.days,
        "frequency": per.size(), "monetary": per["value"].sum(), "aov": per["value"].mean(),
        "discount": per["discount"].mean(), "lines": per["lines"].mean()})
    f = f.join(pd.crosstab(orders["customer_id"], orders["channel"],
                           normalize="index").add_prefix("share_"))
    web = world.web_events.dropna(subset=["customer_id"])
    f["web_events"] = web.groupby(web["customer_id"].astype("int64")).size()
    f = f.fillna({"web_events": 0})
    f = f[f["frequency"] >= min_orders]
    if log:
        f[LOGGED] = np.log1p(f[LOGGED])
    return f


planted = world.truth.segments.set_index("customer_id")["segment"]

# %% [markdown]
# **Question 1.** Take the customers with **three** or more orders. Standardise their
# features, cluster them with `KMeans(5, n_init=10, random_state=0)` and compare the clusters
# with the planted segments by the **adjusted Rand index** (调整兰德指数). 2 decimals are
# enough.

# %% tags=["nbval-check-output"]
# Question 1 — ARI of k-means against the planted segments, 3+ orders (2 decimals)?
# BEGIN SOLUTION
three = segment_features(3)
found = KMeans(5, n_init=10, random_state=0).fit_predict(StandardScaler().fit_transform(three))
answer = adjusted_rand_score(planted.reindex(three.index), found)
# END SOLUTION
check("08.q1", answer)

# %% [markdown]
# **Question 2.** On the customers with two or more orders, do chapter 05's RFM segments
# (`explorer_data(world).people`, column `segment`; a customer without one counts as its own
# group `"none"`) find the planted segments about as well as k-means (the lesson's k-means:
# 5 clusters, 10 starts, `random_state=0`), that is with an ARI within 0.1 of it? Answer True
# or False, and look at both numbers.

# %% tags=["nbval-check-output"]
# Question 2 — Do RFM rule segments find the planted ones about as well as k-means (True/False)?
# BEGIN SOLUTION
two = segment_features(2)
truth = planted.reindex(two.index)
rfm = explorer_data(world).people.set_index("customer_id")["segment"]
rfm_ari = adjusted_rand_score(truth, rfm.reindex(two.index).fillna("none"))
km = KMeans(5, n_init=10, random_state=0).fit_predict(StandardScaler().fit_transform(two))
km_ari = adjusted_rand_score(truth, km)
answer = rfm_ari >= km_ari - 0.1  # compare rfm_ari and km_ari yourself
# END SOLUTION
check("08.q2", answer)

# %% [markdown]
# ## Churn prediction (客户流失预测)
#
# The cell below is the lesson's `churn_features`, and a function that trains a logistic
# regression on some of its columns at the cut-off (90 days before `as_of`) and scores the
# customers at `as_of`, beside what really happened (`truth.churn.churned`).

# %%
cut = as_of - pd.Timedelta(days=90)


def churn_features(cut, recency_from=None):
    past = world.orders[world.orders["ordered_at"] < cut + pd.Timedelta(days=1)]
    last = past.groupby("customer_id")["ordered_at"].max()
    ids = last.index[last > cut - pd.Timedelta(days=365)]
    if recency_from is not None:
        last = world.orders.groupby("customer_id")["ordered_at"].max()
    t = world.service_tickets[world.service_tickets["opened_at"] < cut + pd.Timedelta(days=1)]
    complaints = t[(t["topic"] == "complaint") & (t["opened_at"] > cut - pd.Timedelta(days=180))]
    unresolved = t[t["resolved_at"].isna() | (t["resolved_at"] >= cut + pd.Timedelta(days=1))]
    signup = world.customers.set_index("customer_id")["signup_date"]
    return pd.DataFrame({
        "recency": ((recency_from or cut) - last.reindex(ids).dt.normalize()).dt.days,
        "log_orders": np.log1p(past.groupby("customer_id").size().reindex(ids)),
        "complaints": complaints.groupby("customer_id").size().reindex(ids, fill_value=0),
        "unresolved": unresolved.groupby("customer_id").size().reindex(ids, fill_value=0),
        "tenure_years": (cut - signup.reindex(ids)).dt.days / 365.25})


def train_and_score(columns):
    train = churn_features(cut)
    later = world.orders.loc[world.orders["ordered_at"] >= cut + pd.Timedelta(days=1),
                         "customer_id"]
    model = make_pipeline(StandardScaler(), LogisticRegression())
    model.fit(train[columns], (~train.index.isin(later)).astype(int))
    now = churn_features(as_of)
    churned = world.truth.churn.set_index("customer_id")["churned"].reindex(now.index)
    return pd.DataFrame({"churned": churned, "score": model.predict_proba(now[columns])[:, 1]})


# %% [markdown]
# **Question 3.** The training customers are those whose last order on or before the cut-off
# lies within the 365 days before it. How many of them placed no order after the cut-off (up
# to `as_of`)? An exact whole number.

# %% tags=["nbval-check-output"]
# Question 3 — How many training customers churned after the cut-off (exact whole number)?
# BEGIN SOLUTION
train = churn_features(cut)
later = world.orders.loc[world.orders["ordered_at"] >= cut + pd.Timedelta(days=1),
                         "customer_id"]
answer = int((~train.index.isin(later)).sum())
# END SOLUTION
check("08.q3", answer)

# %% [markdown]
# **Question 4.** `scored` below holds the scores of a two-feature model (recency and
# `log_orders`). What is its ROC-AUC (ROC曲线下面积) against the planted churn? 2 decimals
# are enough.

# %% tags=["nbval-check-output"]
# Question 4 — ROC-AUC of the two-feature churn model on the planted churn (2 decimals)?
scored = train_and_score(["recency", "log_orders"])
answer = roc_auc_score(scored["churned"], scored["score"])  # SOLUTION
check("08.q4", answer)

# %% [markdown]
# **Question 5.** What is the **reachable ceiling** (可达上限), the AUC of
# `truth.churn.reachable_probability` (the best a model that sees the same data as ours and
# knows the world's law could do), among the customers with an order in the **180** days
# before `as_of`? Not `churn_probability`, nor the columns that know the segment or each
# customer's own rates: they know things no table shows. 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 5 — Reachable ceiling AUC, buyers of the last 180 days (3 decimals)?
# BEGIN SOLUTION
recent = world.orders.loc[world.orders["ordered_at"] > as_of - pd.Timedelta(days=180),
                          "customer_id"].unique()
latent = world.truth.churn.set_index("customer_id").loc[lambda d: d.index.isin(recent)]
answer = roc_auc_score(latent["churned"], latent["reachable_probability"])
# END SOLUTION
check("08.q5", answer)

# %% [markdown]
# **Question 6.** The retention team calls a customer whose two-feature score is **0.8** or
# more. Give the **confusion matrix** (混淆矩阵) as
# `pd.crosstab(scored["churned"], flagged)`, with `flagged` a Series named `flagged`.

# %% tags=["nbval-check-output"]
# Question 6 — Confusion matrix of the two-feature model at a 0.8 threshold (DataFrame, exact)?
# BEGIN SOLUTION
flagged = (scored["score"] >= 0.8).rename("flagged")
answer = pd.crosstab(scored["churned"], flagged)
# END SOLUTION
check("08.q6", answer)

# %% [markdown]
# **Question 7.** The **lift** (提升度) of the top 10%: sort the scored customers by score
# (highest first), keep the first `ceil(n / 10)`, and divide their churn rate by the churn
# rate of all scored customers. 2 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 7 — Lift of the top 10% by churn score, two-feature model (2 decimals)?
# BEGIN SOLUTION
top = scored.sort_values("score", ascending=False).head(int(np.ceil(len(scored) / 10)))
answer = top["churned"].mean() / scored["churned"].mean()
# END SOLUTION
check("08.q7", answer)

# %% [markdown]
# ## Precision marketing (精准营销)
#
# **Question 8.** The **ROI** (投资回报率) of each campaign: cost = the contacted customers
# (not held out) × `cost_per_contact`; revenue = the value of the completed orders whose
# `campaign_id` is the campaign's; ROI = (revenue − cost) ÷ cost. Give a Series indexed by
# `campaign_id`; 3 significant digits are enough.

# %% tags=["nbval-check-output"]
# Question 8 — ROI of each campaign from its credited orders (Series, 3 significant digits)?
# BEGIN SOLUTION
campaigns = world.campaigns.set_index("campaign_id")
responses = world.campaign_responses
contacted = responses[~responses["holdout"].astype(bool)]
cost = contacted.groupby("campaign_id").size() * campaigns["cost_per_contact"]
credited = orders[(orders["status"] == "completed") & orders["campaign_id"].notna()]
revenue = credited.groupby(credited["campaign_id"].astype("int64"))["value"].sum()
revenue = revenue.reindex(campaigns.index, fill_value=0)
answer = (revenue - cost) / cost
# END SOLUTION
check("08.q8", answer)

# %% [markdown]
# The cell below marks, for each targeted customer of each campaign, whether they placed any
# order from the campaign's `start_date` to its `end_date` (inclusive), and the date of their
# last order before the start.

# %%
key = ["campaign_id", "customer_id"]
windows = world.campaign_responses.merge(
    world.campaigns[["campaign_id", "start_date", "end_date"]], on="campaign_id")
pairs = windows.merge(world.orders[["customer_id", "ordered_at"]], on="customer_id")
during = (pairs["ordered_at"] >= pairs["start_date"]) & (
    pairs["ordered_at"] < pairs["end_date"] + pd.Timedelta(days=1))
bought = pairs.loc[during, key].drop_duplicates().assign(bought=True)
last = pairs[pairs["ordered_at"] < pairs["start_date"]].groupby(key)["ordered_at"].max()
targets = windows.merge(bought, on=key, how="left").join(last.rename("last_order"), on=key)
targets["bought"] = targets["bought"].fillna(False).astype(bool)
targets["holdout"] = targets["holdout"].astype(bool)

# %% [markdown]
# **Question 9.** What is the **uplift** (增量效应) of all campaigns pooled: the purchase rate
# of the contacted targets minus that of the held-out targets? 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 9 — Uplift of all campaigns: contacted minus held-out purchase rate (3 decimals)?
# BEGIN SOLUTION
rate = targets.groupby("holdout")["bought"].mean()
answer = rate[False] - rate[True]
# END SOLUTION
check("08.q9", answer)

# %% [markdown]
# **Question 10.** Band the targets by the days from their last order to the campaign's
# `start_date`: `pd.cut(days, [0, 30, 90, 180, 365], labels=[30, 90, 180, 365])`. What is the
# uplift in each band? Give a Series indexed by the band (30, 90, 180, 365); 3 decimals.

# %% tags=["nbval-check-output"]
# Question 10 — Uplift by days since the last order before the campaign (Series, 3 decimals)?
# BEGIN SOLUTION
days = (targets["start_date"] - targets["last_order"]).dt.days
band = pd.cut(days, [0, 30, 90, 180, 365], labels=[30, 90, 180, 365])
by_band = targets.groupby([band, "holdout"], observed=True)["bought"].mean().unstack()
uplift = by_band[False] - by_band[True]
answer = uplift
# END SOLUTION
check("08.q10", answer)

# %% [markdown]
# **Question 11.** A judgement: the next campaign can reach one band only. Which band should
# it target? Give the band's upper end in days (30, 90, 180 or 365), and say why in one
# sentence to yourself.

# %% tags=["nbval-check-output"]
# Question 11 — Which recency band should the next campaign target (its upper end in days)?
answer = int(uplift.round(3).idxmax())  # SOLUTION
check("08.q11", answer)


# %% [markdown]
# ## Association rules (关联规则)
#
# The cell below is the lesson's rule table: every rule a → b of two products in one order
# (basket), with the number of orders holding both, support, confidence and lift.

# %%
def pair_rules(baskets):
    baskets = baskets[["order_id", "product_id"]].drop_duplicates()
    n = baskets["order_id"].nunique()
    support = baskets.groupby("product_id").size() / n
    both = baskets.merge(baskets, on="order_id", suffixes=("_a", "_b"))
    both = both[both["product_id_a"] != both["product_id_b"]]
    rules = both.groupby(["product_id_a", "product_id_b"]).size().rename("together")
    rules = rules.reset_index()
    rules["support"] = rules["together"] / n
    rules["confidence"] = rules["support"] / rules["product_id_a"].map(support)
    rules["lift"] = rules["confidence"] / rules["product_id_b"].map(support)
    return rules


rules = pair_rules(items)

# %% [markdown]
# **Question 12.** How many **pairs** of products have a lift of 3 or more and appear together
# in 10 or more orders? Count each pair once; an exact whole number.

# %% tags=["nbval-check-output"]
# Question 12 — How many product pairs have lift 3+ and 10+ orders together (exact)?
# BEGIN SOLUTION
strong = rules[(rules["lift"] >= 3) & (rules["together"] >= 10)]
answer = int((strong["product_id_a"] < strong["product_id_b"]).sum())
# END SOLUTION
check("08.q12", answer)

# %% [markdown]
# **Question 13.** For each planted bundle (`world.truth.bundles`), what is the smallest lift
# between two of its products? Give a Series indexed by `bundle_id`; 1 decimal is enough.

# %% tags=["nbval-check-output"]
# Question 13 — Smallest lift inside each planted bundle (Series, 1 decimal)?
# BEGIN SOLUTION
bundle_of = world.truth.bundles.set_index("product_id")["bundle_id"]
inside = rules[rules["product_id_a"].map(bundle_of) == rules["product_id_b"].map(bundle_of)]
answer = inside.groupby(inside["product_id_a"].map(bundle_of))["lift"].min()
# END SOLUTION
check("08.q13", answer)

# %% [markdown]
# **Question 14.** Test the lesson's recommender on the baskets of the last 365 days before
# `as_of` with two or more products. Learn the rules from the earlier orders only, keeping the
# pairs bought together in 3 or more orders. From each test basket hide one product,
# `groupby("order_id").sample(1, random_state=8)`; recommend the 3 products with the best
# confidence from the basket's other products (a product's score is its best confidence),
# filling any gap with the most popular products of the earlier orders; a **hit** is a
# recommendation list that holds the hidden product. What is the **hit rate** (命中率)?
# 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 14 — Hit rate of the rule recommender on last year's baskets, top 3 (3 decimals)?
# BEGIN SOLUTION
baskets = items[["order_id", "product_id"]].drop_duplicates()
recent = baskets["order_id"].map(orders["ordered_at"]) > as_of - pd.Timedelta(days=365)
test = baskets[recent & (baskets.groupby("order_id")["product_id"].transform("size") >= 2)]
learned = pair_rules(baskets[~recent])
learned = learned[learned["together"] >= 3]
popular = baskets[~recent].groupby("product_id").size().sort_values(
    ascending=False, kind="stable").index.tolist()
held = test.groupby("order_id").sample(1, random_state=8)
hidden = held.set_index("order_id")["product_id"]
hits = []
for order, basket in test.drop(held.index).groupby("order_id")["product_id"]:
    given = set(basket)
    found = learned[learned["product_id_a"].isin(given) & ~learned["product_id_b"].isin(given)]
    best = found.groupby("product_id_b")["confidence"].max().sort_values(ascending=False,
                                                                          kind="stable")
    picks = best.index[:3].tolist()
    picks += [p for p in popular if p not in given and p not in picks][:3 - len(picks)]
    hits.append(hidden[order] in picks)
answer = np.mean(hits)
# END SOLUTION
check("08.q14", answer)

# %% [markdown]
# ## Wrap-up
#
# Compare your answer to question 4 with question 5: how much of the gap could better features
# close, and how much is hidden from any model? And in question 11, would you choose the same
# band by the contacted customers' purchase rate alone? Write two sentences for yourself.
