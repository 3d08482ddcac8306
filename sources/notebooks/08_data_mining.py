# %% [markdown]
# # 08 · Data mining (数据挖掘)
#
# **Data mining** (数据挖掘) finds patterns in customer data that nobody wrote down. The
# textbook names three uses for customer information: segmenting customers, predicting what
# they will do, and precision marketing. This lab adds the classic method behind
# recommendations, association rules. Each method is checked against what the Xudong world
# planted (its answer key, `world.truth`), so you can see how well it works.
#
# In this lab you will:
#
# - **segment** (客户细分) customers with k-means, hierarchical clustering, a Gaussian
#   mixture and chapter 05's RFM rules, and score each against the planted segments;
# - **predict churn** (客户流失预测) with a time-based split, see what a leak does to the score,
#   and read the ROC-AUC, a confusion matrix and a calibration table;
# - do **precision marketing** (精准营销): gain and lift charts, a target list for a budget,
#   campaign ROI, and the uplift measured against the hold-out group;
# - mine **association rules** (关联规则) from baskets and test a simple recommender.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score, roc_auc_score, roc_curve
from sklearn.mixture import GaussianMixture
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import labkit
from labkit.explorer import explorer_data

world = labkit.load_world()
labkit.setup_plots(world.locale)
as_of = world.as_of
CURRENCY = {"zh_CN": "CNY", "en_US": "USD"}[world.locale]
print(f"{world.locale} world, as of {as_of:%Y-%m-%d}: {len(world.customers)} customers")

# %% [markdown]
# ## 1. Customer segmentation (客户细分)
#
# A segmentation groups customers who behave alike, so each group can be served in its own
# way. **Clustering** (聚类) finds the groups from the data alone. We describe each customer
# who ordered twice or more by how they buy: recency, frequency and money (RFM), the average
# order value, the discount they take, lines per order, the share of each channel and their
# web visits. Every order counts here, whatever its status: we describe behaviour, not revenue.

# %%
items = world.order_items
orders = world.orders.set_index("order_id")
orders["value"] = (items["quantity"] * items["unit_price"]).groupby(items["order_id"]).sum()
orders["value"] *= 1 - orders["discount"]
orders["lines"] = items.groupby("order_id").size()
per = orders.groupby("customer_id")
features = pd.DataFrame({
    "recency": (as_of - per["ordered_at"].max().dt.normalize()).dt.days,
    "frequency": per.size(), "monetary": per["value"].sum(), "aov": per["value"].mean(),
    "discount": per["discount"].mean(), "lines": per["lines"].mean()})
channels = pd.crosstab(orders["customer_id"], orders["channel"], normalize="index")
features = features.join(channels.add_prefix("share_"))
web = world.web_events.dropna(subset=["customer_id"])
features["web_events"] = web.groupby(web["customer_id"].astype("int64")).size()
features["web_events"] = features["web_events"].fillna(0)
features = features[features["frequency"] >= 2]
print(f"{len(features)} customers with two or more orders, {features.shape[1]} features")

# %% [markdown]
# Money and counts are heavy-tailed, and the features have different units (days, orders,
# money, shares). We take `log1p` of the heavy-tailed ones and **standardise** (数据标准化) every
# column to mean 0 and standard deviation 1, so no feature outweighs the others just by its
# unit.

# %%
LOGGED = ["recency", "frequency", "monetary", "aov", "lines", "web_events"]
logged = features.copy()
logged[LOGGED] = np.log1p(logged[LOGGED])
x = StandardScaler().fit_transform(logged)
truth = world.truth.segments.set_index("customer_id")["segment"].reindex(features.index)
truth.value_counts()

# %% [markdown]
# The answer key says these customers come from five planted segments. Four methods each
# propose five groups:
#
# - k-means (K均值聚类) puts each customer with the nearest of k centres and moves the
#   centres until nothing changes;
# - **hierarchical clustering** (层次聚类) merges the two closest groups again and again
#   (Ward's rule: the merge that adds the least spread), then cuts the tree at five groups;
# - a **Gaussian mixture** (高斯混合模型) fits five bell-shaped clouds, here with one spread per
#   feature (`covariance_type="diag"`: a full covariance would need 78 numbers per cloud,
#   too many for about a thousand customers);
# - **RFM rules**: chapter 05's segments from recency and frequency scores
#   (`labkit.explorer.explorer_data` computes them exactly as chapter 05 did).
#
# The **adjusted Rand index** (调整兰德指数, ARI) compares two groupings: 1 when they agree
# perfectly, about 0 for a random grouping. It does not care what the groups are called.

# %%
rfm = explorer_data(world).people.set_index("customer_id")["segment"]
labels = pd.DataFrame({
    "k-means": KMeans(5, n_init=10, random_state=0).fit_predict(x),
    "hierarchical": AgglomerativeClustering(5, linkage="ward").fit_predict(x),
    "Gaussian mixture": GaussianMixture(5, covariance_type="diag",
                                        random_state=0).fit(x).predict(x),
    "RFM rules": rfm.reindex(features.index).fillna("none").to_numpy()}, index=features.index)
ari = labels.apply(lambda found: adjusted_rand_score(truth, found)).rename("ARI")
ari.round(3)

# %% [markdown]
# Which planted segment lands in which k-means cluster? A cross-table shows it: each row is a
# planted segment, each column a cluster.

# %%
pd.crosstab(truth, labels["k-means"])

# %% [markdown]
# **Stability** (稳定性): a method whose groups change from run to run is hard to act on.
# k-means and the mixture start from random centres; we run each with one start and five
# different seeds and compare every run with the planted segments. Hierarchical clustering
# and the RFM rules have no randomness: they give the same groups every time.

# %%
runs = pd.DataFrame({
    "k-means, 1 start": [adjusted_rand_score(truth, KMeans(5, n_init=1, random_state=s)
                                             .fit_predict(x)) for s in range(5)],
    "Gaussian mixture": [adjusted_rand_score(truth, GaussianMixture(
        5, covariance_type="diag", random_state=s).fit(x).predict(x)) for s in range(5)]})
runs.agg(["min", "mean", "max"]).round(3)

# %% [markdown]
# > **Checkpoint.** k-means and hierarchical clustering recover the planted segments well (an
# > ARI of about 0.6 to 0.8, k-means usually ahead), the Gaussian mixture lags, and the RFM
# > rules score near 0: recency and frequency alone cannot tell a bargain hunter from a loyal
# > customer.
# > A single k-means start is sometimes unlucky; ten starts (`n_init=10`) keep the best.
#
# > **Common mistake.** Clustering unscaled features. Recency runs to hundreds of days and
# > money to thousands, shares stay below 1: without scaling the biggest numbers decide the
# > clusters alone.

# %%
raw = KMeans(5, n_init=10, random_state=0).fit_predict(features)
print(f"ARI of k-means without log and scaling: {adjusted_rand_score(truth, raw):.3f} "
      f"(with: {ari['k-means']:.3f})")


# %% [markdown]
# ## 2. Behaviour prediction: churn (客户行为预测：流失)
#
# **Churn** (客户流失) is a customer stopping buying. The world's answer key holds what
# happened in the 90 days *after* `as_of`: `truth.churn.churned` is True for a customer with
# no order in that window. We want to predict it from what we know on `as_of`.
#
# To train a model we need examples whose outcome we know. A **time-based split** (按时间切分)
# makes them: put a **cut-off** (截止日) 90 days before `as_of`, describe each customer with
# what was known at the cut-off, and label them by whether they ordered in the 90 days
# after it. Then apply the model at `as_of` and compare with the true future.

# %%
def churn_features(cut, recency_from=None):
    """Features of the customers who ordered in the year up to `cut`, as known at `cut`."""
    past = world.orders[world.orders["ordered_at"] < cut + pd.Timedelta(days=1)]
    last = past.groupby("customer_id")["ordered_at"].max()
    ids = last.index[last > cut - pd.Timedelta(days=365)]
    if recency_from is not None:  # the leak of the next section
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


# %%
cut = as_of - pd.Timedelta(days=90)
train = churn_features(cut)
later = world.orders.loc[world.orders["ordered_at"] >= cut + pd.Timedelta(days=1),
                         "customer_id"]
y_train = (~train.index.isin(later)).astype(int)
model = make_pipeline(StandardScaler(), LogisticRegression()).fit(train, y_train)
now = churn_features(as_of)
churn = world.truth.churn.set_index("customer_id").reindex(now.index)
score = model.predict_proba(now)[:, 1]
print(f"trained on {len(train)} customers at {cut:%Y-%m-%d} ({y_train.mean():.0%} churned); "
      f"scored {len(now)} at as_of ({churn['churned'].mean():.0%} churn)")

# %% [markdown]
# The ROC-AUC (ROC曲线下面积) is the chance that a random churner gets a higher score than
# a random stayer: 0.5 is guessing, 1 is perfect. How high could it be? That depends on what
# is known, and the answer key holds one **ceiling** (上限) for each state of knowledge. Each
# is the churn probability under the world's own law, so no model that knows as much can
# rank better:
#
# - `reachable_probability`, the **reachable ceiling** (可达上限): knows what our model sees,
#   the days of each customer's orders and their service record, plus the law of the world.
#   The gap between our model and it is all that better modelling of the same data can win.
# - `segment_known_probability`: knows each customer's segment as well.
# - `rates_known_probability`: knows each customer's own purchase rate and drop-out chance.
# - `churn_probability`, the **hidden-state ceiling** (隐藏状态上限): the chance the world
#   itself used. It knows who has already left the purchase process for good, which no table
#   shows, so even a perfect model cannot reach it.

# %%
auc = roc_auc_score(churn["churned"], score)
knowing = {"reachable ceiling: the same data": "reachable_probability",
           "... and the segment": "segment_known_probability",
           "... and each customer's own rates": "rates_known_probability",
           "hidden-state ceiling: who has left": "churn_probability"}
fig, ax = plt.subplots(figsize=(5, 4.5))
for name, s in [("logistic regression", score),
                ("reachable ceiling", churn["reachable_probability"]),
                ("hidden-state ceiling", churn["churn_probability"])]:
    fpr, tpr, _ = roc_curve(churn["churned"], s)
    ax.plot(fpr, tpr, label=f"{name}, AUC {roc_auc_score(churn['churned'], s):.3f}")
ax.plot([0, 1], [0, 1], "k:", label="guessing, AUC 0.5")
ax.set(title="ROC curves of the churn score (ROC曲线)", xlabel="false positive rate",
       ylabel="true positive rate")
ax.legend(fontsize=8)
plt.show()
ladder = pd.Series({"our model": auc} | {name: roc_auc_score(churn["churned"], churn[column])
                                         for name, column in knowing.items()}, name="AUC")
pd.DataFrame({"AUC": ladder, "step": ladder.diff()}).round(3)  # step: gain over the row above

# %% [markdown]
# Read the ladder from the top. Our model sits close below the reachable ceiling: with the
# same data, a cleverer model could win only that small gap. Everything above it needs
# knowledge the data does not hold. Knowing the segment adds a little (chapter 07's portraits
# recover segments from behaviour, so such features would help a little). Knowing each
# customer's own rates adds more: a handful of orders cannot tell a customer who buys monthly
# and has just stopped from one who buys twice a year. The largest step is the hidden state:
# about half of these customers have a `churn_probability` of exactly 1, because in the
# world's purchase process they have quietly stopped for good, and nothing they did before
# `as_of` says so except a recency that keeps growing. When a model is near the ceiling of its
# data, new information (a survey, a complaint channel, a loyalty card) helps more than a new
# algorithm.
#
# ### A leak (数据泄漏) and what it does to the score
#
# Suppose the training recency is counted from `as_of` instead of the cut-off: "days since
# the last order" as the database shows it today. A customer who ordered after the cut-off
# then has a recency under 90 days, and that order *is* the label. We check the leaky model
# the usual way, on a random 30% of the training customers it did not fit:

# %%
leaky_train = churn_features(cut, recency_from=as_of)
rng = np.random.default_rng(8)
valid = rng.random(len(train)) < 0.3
honest = make_pipeline(StandardScaler(), LogisticRegression()).fit(train[~valid],
                                                                   y_train[~valid])
leaky = make_pipeline(StandardScaler(), LogisticRegression()).fit(leaky_train[~valid],
                                                                  y_train[~valid])
pd.DataFrame({
    "validation AUC": [roc_auc_score(y_train[valid], m.predict_proba(f[valid])[:, 1])
                       for m, f in [(honest, train), (leaky, leaky_train)]],
    "AUC on the real future": [roc_auc_score(churn["churned"], m.predict_proba(now)[:, 1])
                               for m in (honest, leaky)]},
    index=["honest", "leaky"]).round(3)

# %% [markdown]
# > **Common mistake.** A feature from after the cut-off. The leaky model looks nearly perfect
# > in validation and does worse than the honest one on the real future: it learned "bought
# > in the last 90 days", which at `as_of` nobody can know yet for the next 90 days. Build
# > every feature from data dated on or before the cut-off.
#
# ### A confusion matrix (混淆矩阵) at a business threshold
#
# A retention team calls the customers the model flags. A call costs money, so the team only
# calls when it is fairly sure: flag at a score of 0.8, not at 0.5.

# %%
flagged = pd.Series(score >= 0.8, index=now.index, name="flagged")
matrix = pd.crosstab(churn["churned"], flagged)
precision = matrix.loc[True, True] / matrix[True].sum()
recall = matrix.loc[True, True] / matrix.loc[True].sum()
print(f"precision {precision:.1%} (flagged who churn), recall {recall:.1%} (churners flagged)")
matrix

# %% [markdown]
# **Calibration** (校准): when the model says 0.7, do 70% churn? Group the customers by their
# score and compare the mean score with the share who churned.

# %%
calibration = pd.DataFrame({"score": score, "churned": churn["churned"].to_numpy()})
bins = pd.cut(calibration["score"], [0, 0.5, 0.6, 0.7, 0.8, 0.9, 1])
calibration.groupby(bins, observed=True).agg(customers=("score", "size"),
                                             mean_score=("score", "mean"),
                                             churned=("churned", "mean")).round(3)

# %% [markdown]
# > **Checkpoint.** The AUC is about 0.8, within about 0.03 of the reachable ceiling and well
# > below the hidden-state ceiling of about 0.93; the leaky model's validation AUC is close
# > to 1. The scores rank well but are too low: in every band more customers churn than the
# > score says. The model learned at the cut-off, whose churn rate
# > was lower than the one at `as_of`; a score used as a probability must be checked (and
# > re-fitted) on recent outcomes.

# %% [markdown]
# ## 3. Precision marketing (精准营销)
#
# Precision marketing spends on the customers where it pays. **Gain and lift charts** (增益图
# 与提升图) show how much a score helps: sort the customers by score, take the top 10%, 20%,
# …, and count the churners reached. **Gain** (增益) is the share of all churners in the top
# group; **lift** (提升度) is the churn rate in the group over the overall rate.

# %%
ranked = calibration.sort_values("score", ascending=False).reset_index(drop=True)
ranked["decile"] = ranked.index * 10 // len(ranked) + 1
table = ranked.groupby("decile").agg(customers=("churned", "size"), churners=("churned", "sum"))
table["gain"] = table["churners"].cumsum() / table["churners"].sum()
table["lift"] = (table["churners"].cumsum() / table["customers"].cumsum()) / ranked[
    "churned"].mean()
table.round(3).head(4)

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
share = table["customers"].cumsum() / table["customers"].sum()
axes[0].plot(share, table["gain"], "o-", label="churn score")
axes[0].plot([0, 1], [0, 1], "k:", label="random")
axes[0].set(title="Gain chart (增益图)", xlabel="share of customers contacted",
            ylabel="share of churners reached")
axes[1].plot(share, table["lift"], "o-")
axes[1].axhline(1, color="black", linestyle=":")
axes[1].set(title="Lift chart (提升图)", xlabel="share of customers contacted", ylabel="lift")
axes[0].legend()
plt.show()

# %% [markdown]
# Most of these customers churn anyway (about four in five), so the lift cannot go above
# 1 ÷ 0.8 = 1.25. A budget sets how many we can reach: with a budget for 200 calls, call the
# 200 highest scores.

# %%
BUDGET_CALLS = 200
reached = ranked.head(BUDGET_CALLS)["churned"].sum()
print(f"the top {BUDGET_CALLS} scores reach {reached} churners; 200 random customers reach "
      f"{BUDGET_CALLS * ranked['churned'].mean():.0f} on average")

# %% [markdown]
# ### Campaign ROI (营销活动投资回报率)
#
# Xudong sent 16 campaigns. Each contacted customer cost `cost_per_contact`; an order placed
# through a campaign carries its `campaign_id`. The **return on investment** (投资回报率, ROI)
# is (revenue − cost) ÷ cost, with revenue from the completed orders each campaign created.

# %%
campaigns = world.campaigns.set_index("campaign_id")
responses = world.campaign_responses
contacted = responses[~responses["holdout"].astype(bool)]
campaigns["cost"] = contacted.groupby("campaign_id").size() * campaigns["cost_per_contact"]
credited = orders[(orders["status"] == "completed") & orders["campaign_id"].notna()]
campaigns["revenue"] = credited.groupby(credited["campaign_id"].astype("int64"))["value"].sum()
campaigns["revenue"] = campaigns["revenue"].fillna(0)
campaigns["roi"] = (campaigns["revenue"] - campaigns["cost"]) / campaigns["cost"]
campaigns[["name", "channel", "cost", "revenue", "roi"]].round(1).head(6)

# %% [markdown]
# Messages are cheap, so every campaign looks excellent. But this ROI credits the campaign
# with every order that carries its code, and some of those customers would have bought
# anyway.
#
# ### Uplift (增量效应): who buys *because* of the campaign
#
# Each campaign kept a random **hold-out group** (对照组, `holdout`): targeted, never
# contacted. Their purchase rate during the campaign is what the contacted customers would
# have done without it. The **uplift** is the difference: the contacted rate minus the
# held-out rate.

# %%
windows = responses.merge(world.campaigns[["campaign_id", "start_date", "end_date"]],
                          on="campaign_id")
pairs = windows.merge(world.orders[["customer_id", "ordered_at"]], on="customer_id")
during = (pairs["ordered_at"] >= pairs["start_date"]) & (
    pairs["ordered_at"] < pairs["end_date"] + pd.Timedelta(days=1))
key = ["campaign_id", "customer_id"]
bought = pairs.loc[during, key].drop_duplicates().assign(bought=True)
last = pairs[pairs["ordered_at"] < pairs["start_date"]].groupby(key)["ordered_at"].max()
targets = windows.merge(bought, on=key, how="left").join(last.rename("last_order"), on=key)
targets["bought"] = targets["bought"].fillna(False).astype(bool)
rate = targets.groupby("holdout")["bought"].mean()
print(f"bought during the campaign: contacted {rate[False]:.1%}, held out {rate[True]:.1%}; "
      f"uplift {rate[False] - rate[True]:+.1%}")

# %% [markdown]
# Whom does a campaign move? Split the targets by the days from their last order to the
# campaign's start, and measure the uplift in each band. The answer key (`truth.uplift`) holds
# the planted effect on each targeted customer: the two should rank the bands alike.

# %%
targets["days_since"] = (targets["start_date"] - targets["last_order"]).dt.days
targets["band"] = pd.cut(targets["days_since"], [0, 30, 90, 180, 365],
                         labels=["0-30", "31-90", "91-180", "181-365"])
by_band = targets.groupby(["band", "holdout"], observed=True)["bought"].mean().unstack()
planted = targets.merge(world.truth.uplift, on=key).groupby("band", observed=True)["uplift"]
pd.DataFrame({"contacted": by_band[False], "held out": by_band[True],
              "uplift": by_band[False] - by_band[True],
              "planted uplift": planted.mean()}).round(3)

# %% [markdown]
# > **Checkpoint.** Customers who bought in the last month buy the most, with or without a
# > message; the campaign changes little for them. The largest uplift is among customers who
# > last bought three to six months ago, as planted. Target by uplift, not by purchase rate.
#
# > **Common mistake.** Reading the contacted customers' purchase rate (or the orders with a
# > campaign code) as the campaign's effect. Without the hold-out group you cannot tell the
# > orders it caused from those that came anyway.

# %% [markdown]
# ## 4. Association rules (关联规则)
#
# Which products are bought together? For two products a and b, over all orders (baskets):
#
# - **support** (支持度) of {a, b}: the share of orders with both;
# - **confidence** (置信度) of a → b: of the orders with a, the share that also have b;
# - **lift** (提升度) of a → b: the confidence over b's own support. 1 means a tells nothing
#   about b; 3 means a customer with a is three times as likely as others to buy b.

# %%
baskets = items[["order_id", "product_id"]].drop_duplicates()
n_orders = baskets["order_id"].nunique()
support = baskets.groupby("product_id").size() / n_orders
both = baskets.merge(baskets, on="order_id", suffixes=("_a", "_b"))
both = both[both["product_id_a"] != both["product_id_b"]]
rules = both.groupby(["product_id_a", "product_id_b"]).size().rename("together").reset_index()
rules["support"] = rules["together"] / n_orders
rules["confidence"] = rules["support"] / rules["product_id_a"].map(support)
rules["lift"] = rules["confidence"] / rules["product_id_b"].map(support)
names = world.products.set_index("product_id")["name"]
strong = rules[(rules["together"] >= 10) & (rules["lift"] >= 3)]
strong.sort_values("lift", ascending=False).head(5).assign(
    a=lambda d: d["product_id_a"].map(names), b=lambda d: d["product_id_b"].map(names)).round(3)

# %% [markdown]
# The world planted five product **bundles** (`truth.bundles`). A bundle is recovered when
# every pair inside it has a high lift:

# %%
bundle_of = world.truth.bundles.set_index("product_id")["bundle_id"]
inside = rules[rules["product_id_a"].map(bundle_of) == rules["product_id_b"].map(bundle_of)]
bundle_names = world.truth.bundles.groupby("bundle_id")["bundle_name"].first()
inside.groupby(inside["product_id_a"].map(bundle_of).map(bundle_names).rename("bundle"))[
    "lift"].agg(["min", "max"]).round(1)

# %% [markdown]
# ### A simple recommender (推荐) and its hit rate
#
# A recommender turns the rules into advice: for the products already in a basket, suggest
# the three products with the highest confidence. To test it honestly we learn the rules on
# the orders before the last year, and test on the last year's baskets of two or more
# products: hide one product of each basket, recommend three from the rest, and count how
# often the hidden product is among them (the **hit rate**, 命中率). The baseline recommends
# the three most popular products.

# %%
recent = baskets["order_id"].map(orders["ordered_at"]) > as_of - pd.Timedelta(days=365)
test = baskets[recent & (baskets.groupby("order_id")["product_id"].transform("size") >= 2)]
learn = baskets[~recent]
held = test.groupby("order_id").sample(1, random_state=8)
given = test.drop(held.index)
pair = learn.merge(learn, on="order_id", suffixes=("_a", "_b"))
pair = pair[pair["product_id_a"] != pair["product_id_b"]]
together = pair.groupby(["product_id_a", "product_id_b"]).size().rename("together")
confidence = (together / together.index.get_level_values(0).map(
    learn.groupby("product_id").size())).rename("confidence").reset_index()
confidence = confidence[together.to_numpy() >= 3]
popular = learn["product_id"].value_counts().index.tolist()

# %%
rules_from = {a: dict(zip(g["product_id_b"], g["confidence"], strict=True))
              for a, g in confidence.groupby("product_id_a")}


def recommend(in_basket, k=3):
    """The k products with the best confidence from the basket's products, then popular ones."""
    score = {}
    for a in in_basket:
        for b, c in rules_from.get(a, {}).items():
            if b not in in_basket:
                score[b] = max(c, score.get(b, 0))
    picks = sorted(score, key=score.get, reverse=True)[:k]
    return picks + [p for p in popular if p not in in_basket and p not in picks][:k - len(picks)]


hidden = held.set_index("order_id")["product_id"]
hits = {"rules": [], "most popular": []}
for order, basket in given.groupby("order_id")["product_id"]:
    hits["rules"].append(hidden[order] in recommend(set(basket)))
    hits["most popular"].append(hidden[order] in [p for p in popular if p not in set(basket)][:3])
pd.Series({name: np.mean(h) for name, h in hits.items()}, name="hit rate").round(3)

# %% [markdown]
# > **Checkpoint.** Every planted bundle has a smallest lift of 3 or more, most far more; the
# > rule recommender finds the hidden product more often than the most-popular baseline.
#
# > **Common mistake.** Testing a recommender on the baskets its rules were learned from.
# > The rules then "remember" the answer, and the hit rate says nothing about next year's
# > customers.

# %% [markdown]
# ## Recap
#
# - Segmentation: scaled behaviour features; k-means, hierarchical clustering and a Gaussian
#   mixture compared with the planted segments by the adjusted Rand index; RFM rules alone
#   miss them; one random start can be unlucky.
# - Churn: a time-based split at a cut-off; ROC-AUC against a ladder of ceilings, from the
#   reachable one (the same data, the world's law known) to the hidden-state one (who has
#   left known); a leak looks perfect in validation and fails on the future; a confusion
#   matrix at a business threshold; calibration.
# - Precision marketing: gain and lift by deciles, a target list for a budget, campaign ROI,
#   and uplift against the random hold-out group: the lapsed customers respond, the recent
#   ones buy anyway.
# - Association rules: support, confidence and lift in a few lines of pandas; every planted
#   bundle found; a rule recommender beats the most popular products on unseen baskets.
#
# Next: `exercises/08_data_mining_exercises.ipynb`.

# %% [markdown]
# ### Glossary (术语表)
#
# | English | 中文 | in the kit |
# |---|---|---|
# | data mining | 数据挖掘 | this chapter |
# | customer segmentation | 客户细分 | section 1 |
# | clustering, k-means | 聚类, K均值聚类 | `KMeans` |
# | hierarchical clustering | 层次聚类 | `AgglomerativeClustering` |
# | Gaussian mixture | 高斯混合模型 | `GaussianMixture` |
# | adjusted Rand index | 调整兰德指数 | `adjusted_rand_score` |
# | churn | 客户流失 | `truth.churn` |
# | time-based split, cut-off | 按时间切分, 截止日 | `cut` |
# | data leakage | 数据泄漏 | `leaky` |
# | ROC-AUC | ROC曲线下面积 | `roc_auc_score` |
# | confusion matrix | 混淆矩阵 | `matrix` |
# | calibration | 校准 | `calibration` |
# | precision marketing | 精准营销 | section 3 |
# | gain chart, lift chart | 增益图, 提升图 | `table` |
# | return on investment | 投资回报率 | `campaigns["roi"]` |
# | uplift, hold-out group | 增量效应, 对照组 | `truth.uplift`, `holdout` |
# | association rules | 关联规则 | section 4 |
# | support, confidence, lift | 支持度, 置信度, 提升度 | `rules` |
# | hit rate | 命中率 | `hits` |
