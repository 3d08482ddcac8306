# %% [markdown]
# # 07 · Customer portraits: exercises (客户画像 · 练习)
#
# In this lab you will:
#
# - build the behaviour features of the customers with two orders or more;
# - scale them, cluster them, choose k and measure how well the clusters recover the
#   planted segments, with and without the behaviour beyond RFM;
# - tag customers and read a segment's word cloud and radar;
# - put a number on what the VIP segment is worth.
#
# Each question ends with `check("07.qN", answer)`; the expected answer is computed from
# *your* world. The teaching notebook, `notebooks/07_customer_portraits.ipynb`, shows every
# method used here: compute, do not copy. Each question says how precise the answer must
# be: counts are exact whole numbers, other numbers need the decimals stated and may be
# left unrounded.

# %% [markdown] tags=["solution-only"]
# > **Solutions notebook.** This notebook is the source of
# > `exercises/07_customer_portraits_exercises.ipynb`: a line ending in `# SOLUTION`, or a
# > block between `# BEGIN SOLUTION` and `# END SOLUTION`, becomes `answer = ...` there.
# > After editing it, run `labkit exercises` (see `docs/instructors.md`).

# %%
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import StandardScaler

from labkit import check, load_world, portrait

world = load_world()
AS_OF = world.as_of
print(f"{world.locale} world, seed {world.seed}, as of {AS_OF:%Y-%m-%d}")

# %% [markdown]
# ## 1. Behaviour features
#
# **Question 1.** How many customers have two orders or more, counting orders of every
# status? An exact whole number.

# %%
# Question 1 — How many customers have two orders or more, of any status (exact whole number)?
answer = int((world.orders.groupby("customer_id").size() >= 2).sum())  # SOLUTION
check("07.q1", answer)

# %% [markdown]
# The notebook's features of those customers (the same table as the teaching notebook's
# `features`):

# %%
features = portrait.behaviour_features(world)
features.head()

# %% [markdown]
# **Question 2.** What is the median number of web events of those customers (0 for a
# customer with none)? Exact.

# %%
# Question 2 — What is the median number of web events of those customers (exact)?
answer = features["web_events"].median()  # SOLUTION
check("07.q2", answer)

# %% [markdown]
# **Question 3.** The mean over these customers of each one's channel shares: a Series
# indexed `share_call_centre`, `share_online`, `share_store` (4 significant digits).

# %%
# Question 3 — Mean channel shares per customer (Series by share_<channel>, 4 significant digits)?
answer = features.filter(like="share_").mean()  # SOLUTION
check("07.q3", answer)

# %% [markdown]
# ## 2. Clusters
#
# Scaled as in the notebook: log(1 + x) of `portrait.LOGGED`, then `StandardScaler`;
# clustered with `KMeans(k, n_init=10, random_state=0)`; `truth` is each customer's
# planted segment.

# %%
x = features.copy()
x[portrait.LOGGED] = np.log1p(x[portrait.LOGGED])
scaled = StandardScaler().fit_transform(x)
labels = KMeans(5, n_init=10, random_state=0).fit_predict(scaled)
cluster = pd.Series(labels, index=features.index)
truth = world.truth.segments.set_index("customer_id")["segment"].reindex(features.index)

# %% [markdown]
# **Question 4.** The mean silhouette of k = 5 (3 decimals are enough).

# %%
# Question 4 — Mean silhouette of k-means, k = 5, on the scaled features (3 decimals are enough)?
answer = silhouette_score(scaled, labels)  # SOLUTION
check("07.q4", answer)

# %% [markdown]
# **Question 5.** For k from 2 to 7, which k has the highest mean silhouette? A whole
# number. Is it the k you would choose? (The teaching notebook reads the clusters too.)

# %%
# Question 5 — For k from 2 to 7, which k has the highest mean silhouette (a whole number)?
# BEGIN SOLUTION
silhouettes = {k: silhouette_score(scaled, KMeans(k, n_init=10, random_state=0)
                                   .fit_predict(scaled)) for k in range(2, 8)}
answer = max(silhouettes, key=silhouettes.get)
# END SOLUTION
check("07.q5", answer)

# %% [markdown]
# **Question 6.** The adjusted Rand index of the k = 5 clusters against the planted
# segments `world.truth.segments` (3 decimals are enough).

# %%
# Question 6 — Adjusted Rand index of the k = 5 clusters against the planted segments (3 decimals)?
answer = adjusted_rand_score(truth, labels)  # SOLUTION
check("07.q6", answer)

# %% [markdown]
# **Question 7.** The same with k-means (k = 5) on `recency`, `frequency` and `monetary`
# alone, log(1 + x) and scaled (3 decimals).

# %%
# Question 7 — And k = 5 on recency, frequency and monetary alone (log, scaled; 3 decimals)?
# BEGIN SOLUTION
rfm = StandardScaler().fit_transform(np.log1p(features[["recency", "frequency", "monetary"]]))
answer = adjusted_rand_score(truth, KMeans(5, n_init=10, random_state=0).fit_predict(rfm))
# END SOLUTION
check("07.q7", answer)

# %% [markdown]
# **Question 8.** Do RFM alone recover the planted segments at least half as well as all
# the behaviour features? True or False.

# %%
# Question 8 — Do RFM alone recover the segments at least half as well as all features (True/False)?
# BEGIN SOLUTION
rfm = StandardScaler().fit_transform(np.log1p(features[["recency", "frequency", "monetary"]]))
rfm_ari = adjusted_rand_score(truth, KMeans(5, n_init=10, random_state=0).fit_predict(rfm))
answer = bool(rfm_ari >= 0.5 * adjusted_rand_score(truth, labels))
# END SOLUTION
check("07.q8", answer)

# %% [markdown]
# **Question 9.** How many customers are in the k = 5 cluster whose mean (raw) `discount`
# is the highest? Exact.

# %%
# Question 9 — How many customers are in the k = 5 cluster with the highest mean discount (exact)?
# BEGIN SOLUTION
highest = features["discount"].groupby(cluster).mean().idxmax()
answer = int((cluster == highest).sum())
# END SOLUTION
check("07.q9", answer)

# %% [markdown]
# ## 3. Tags and the portrait
#
# The named segments and the customer × tag table, as in the notebook:

# %%
segment = cluster.map(portrait.name_clusters(features, cluster))
tags = portrait.customer_tags(world, features, segment)
segment.value_counts()

# %% [markdown]
# **Question 10.** How many customers earn the statistical tag "big spender": the top 20 %
# by `monetary` among the customers with two orders or more (percentile rank above 0.8)?
# Exact.

# %%
# Question 10 — How many customers earn the statistical tag 'big spender' (top 20 %, exact)?
answer = int((features["monetary"].rank(pct=True) > 0.8).sum())  # SOLUTION
check("07.q10", answer)

# %% [markdown]
# **Question 11.** The coupon list: how many customers carry both the "deal hunter" and the
# "recent buyer" tags? Exact.

# %%
# Question 11 — How many customers are tagged both 'deal hunter' and 'recent buyer' (exact)?
# BEGIN SOLUTION
has = tags.groupby("customer_id")["tag"].agg(set)
answer = int(has.map(lambda t: {"deal hunter", "recent buyer"} <= t).sum())
# END SOLUTION
check("07.q11", answer)

# %% [markdown]
# **Question 12.** The VIP segment's word-cloud weights: for each tag of its members, the
# sum of the strengths ÷ the number of VIP members. A Series indexed by tag (4 significant
# digits).

# %%
# Question 12 — The VIP segment's word-cloud tag weights (Series by tag, 4 significant digits)?
# BEGIN SOLUTION
vip = segment.index[segment == "VIP"]
answer = tags[tags["customer_id"].isin(vip)].groupby("tag")["strength"].sum() / len(vip)
# END SOLUTION
check("07.q12", answer)

# %% [markdown]
# **Question 13.** The deal hunters' spoke on the radar for `discount`: the mean, over the
# deal hunters, of the discount's percentile rank among all the customers with two orders
# or more (3 decimals).

# %%
# Question 13 — The deal hunters' radar value on discount: mean percentile rank (3 decimals)?
hunters = segment.index[segment == "deal hunter"]
answer = features["discount"].rank(pct=True).loc[hunters].mean()  # SOLUTION
check("07.q13", answer)

# %% [markdown]
# **Question 14.** What share of these customers' revenue (completed orders, lines less
# the discount) does the VIP segment bring? 3 decimals.

# %%
# Question 14 — Share of the clustered customers' revenue brought by the VIP segment (3 decimals)?
# BEGIN SOLUTION
items = world.order_items
gross = (items["quantity"] * items["unit_price"]).groupby(items["order_id"]).sum()
sales = world.orders[world.orders["status"] == "completed"]
value = sales["order_id"].map(gross) * (1 - sales["discount"])
revenue = value.groupby(sales["customer_id"]).sum().reindex(features.index).fillna(0)
answer = revenue[segment == "VIP"].sum() / revenue.sum()
# END SOLUTION
check("07.q14", answer)
