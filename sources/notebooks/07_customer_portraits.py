# %% [markdown]
# # 07 · Customer portraits (客户画像)
#
# A **customer portrait (客户画像)** describes a typical customer, or a group of customers,
# with a handful of tags a person reads at a glance: "deal hunter", "pet owner", "buys by
# phone". The textbook lists five uses; each is a result this notebook produces:
#
# | use | the result here |
# |---|---|
# | **market segmentation (市场细分)** | five clusters of buyers, named by their behaviour (section 2.3) |
# | **personalised recommendation (个性化推荐)** | one customer's tags say what to show them (section 4.3) |
# | **precision marketing (精准营销)** | the list of deal hunters for a coupon campaign (section 3.3) |
# | input to product design | what each segment buys most (section 4.4) |
# | **decision support (决策支持)** | each segment's share of buyers and of revenue (section 4.4) |
#
# In this lab you will:
#
# - tell static from dynamic data and build one row of behaviour features per customer;
# - lay out an analysis framework, scale the features, choose k by the elbow and the
#   silhouette, and read and name the clusters;
# - measure how well the clusters recover the planted segments, and why RFM alone cannot;
# - tag customers with rule, statistical and cluster tags, kept in a tag table;
# - draw a portrait: a tag word cloud, a radar chart against everyone, a persona card.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import StandardScaler
from wordcloud import WordCloud

import labkit
from labkit import portrait
from labkit.i18n import _
from labkit.plotting import find_chinese_font

world = labkit.load_world()
labkit.setup_plots(world.locale)
AS_OF = world.as_of
print(f"{world.locale} world, as of {AS_OF:%Y-%m-%d}, money in {world.currency}")

# %% [markdown]
# ## 1. Collect: static and dynamic data
#
# A portrait joins two kinds of data. **Static data (静态数据)** changes rarely: who the
# customer is (age, gender, city, household). It is the personal information of chapter 01,
# in the `customers` table. **Dynamic data (动态数据)** is made by what customers keep
# doing: orders, baskets, visits to the website. It grows every day, in `orders`,
# `order_items` and `web_events`.

# %%
static = ["gender", "birth_date", "city", "income", "children_at_home", "housing",
          "pet_owner"]
dynamic = {"orders": len(world.orders), "order_items": len(world.order_items),
           "web_events": len(world.web_events)}
print("static columns:", ", ".join(static))
print("dynamic rows:", dynamic)

# %% [markdown]
# ## 2. Characteristic analysis
#
# The textbook splits the analysis of characteristics into three steps: find the key
# variables, build an analysis framework, cluster.
#
# ### 2.1 Key variables
#
# A **key variable (关键变量)** is one that separates customers who behave differently.
# We keep the chapter 05 measures and add what RFM leaves out: how large and how
# discounted the orders are, how many lines they have, where they are placed and how much
# the customer browses. Every order counts here, whatever its status (a cancelled order is
# behaviour too), and we keep customers with two orders or more: one order says little
# about habits.

# %%
items = world.order_items
gross = (items["quantity"] * items["unit_price"]).groupby(items["order_id"]).sum()
orders = world.orders.assign(
    value=world.orders["order_id"].map(gross) * (1 - world.orders["discount"]),
    lines=world.orders["order_id"].map(items.groupby("order_id").size()))
per = orders.groupby("customer_id")
features = pd.DataFrame({
    "recency": (AS_OF - per["ordered_at"].max().dt.normalize()).dt.days,
    "frequency": per.size(), "monetary": per["value"].sum(),
    "aov": per["value"].mean(), "discount": per["discount"].mean(),
    "lines": per["lines"].mean()})
share = pd.crosstab(orders["customer_id"], orders["channel"], normalize="index")
features = features.join(share.add_prefix("share_"))
web = world.web_events.dropna(subset=["customer_id"]).groupby("customer_id").size()
features["web_events"] = web.reindex(features.index).fillna(0)
features = features[features["frequency"] >= 2]
features.describe().loc[["mean", "50%", "max"]].round(2)

# %% [markdown]
# > **Checkpoint.** About 1,100 to 1,200 customers with two orders or more, ten features
# > each. `labkit.portrait.behaviour_features(world)` computes the same table for the
# > explorer below:

# %%
pd.testing.assert_frame_equal(features, portrait.behaviour_features(world))
print("same features as the kit's")

# %% [markdown]
# ### 2.2 An analysis framework
#
# An **analysis framework (分析框架)** says which question each variable answers, so a
# cluster can be read later. Ours has four dimensions:
#
# | dimension | variables | question |
# |---|---|---|
# | value | `monetary`, `aov`, `frequency`, `recency` | what is the customer worth, and still active? |
# | price sensitivity | `discount` | does the customer wait for a deal? |
# | basket | `lines` | one product at a time, or a full basket? |
# | channel and attention | `share_online`, `share_store`, `share_call_centre`, `web_events` | where do they buy, and do they browse first? |
#
# ### 2.3 Cluster analysis
#
# **Cluster analysis (聚类分析)** puts customers who are alike in one group. k-means
# measures "alike" by distance, so the features must be on one scale: money in thousands
# would drown shares between 0 and 1. Skewed counts and amounts are taken as
# log(1 + x) first; then every column is scaled to mean 0 and standard deviation 1.

# %%
LOGGED = ["recency", "frequency", "monetary", "aov", "lines", "web_events"]
x = features.copy()
x[LOGGED] = np.log1p(x[LOGGED])
scaled = StandardScaler().fit_transform(x)
print(scaled.mean(axis=0).round(2), scaled.std(axis=0).round(2))

# %% [markdown]
# > **Common mistake.** Clustering the raw features. `monetary` runs into the thousands,
# > shares stay below 1: k-means then splits customers by money alone (questions 07.q4
# > and 07.q9 put a number on it).
#
# **Choosing k.** Two criteria, read together. The **elbow method (肘部法则)** plots the
# within-cluster sum of squares (inertia) against k and looks for the bend after which more
# clusters help little. The **silhouette coefficient (轮廓系数)** (from -1 to 1) asks how
# much closer each customer is to its own cluster than to the next one; higher is better.

# %%
ks = range(2, 8)
fits = {k: KMeans(k, n_init=10, random_state=0).fit(scaled) for k in ks}
choice = pd.DataFrame({"inertia": [fits[k].inertia_ for k in ks],
                       "silhouette": [silhouette_score(scaled, fits[k].labels_) for k in ks]},
                      index=pd.Index(ks, name="k"))
fig, axes = plt.subplots(1, 2, figsize=(11, 3.2))
choice["inertia"].plot(ax=axes[0], marker="o", title="Elbow (肘部法则)", ylabel="inertia")
choice["silhouette"].plot(ax=axes[1], marker="o", title="Silhouette (轮廓系数)",
                          ylabel="mean silhouette")
plt.show()
choice.round(3)

# %% [markdown]
# > **Checkpoint.** The inertia bends around k = 4 to 5; the silhouette is highest at
# > k = 4, with 5 close behind. The criteria narrow the choice; the analysis framework
# > decides. At k = 4 one cluster holds both the customers who wait for discounts and those
# > who browse a lot before buying (both buy online and spend little), yet one group wants a
# > coupon and the other a recommendation. k = 5 splits them, so we take 5. Inertia alone
# > would never choose: it always falls as k grows.

# %% [markdown]
# **Reading the clusters.** The mean of each scaled feature per cluster shows what marks
# it: +1 is one standard deviation above the average customer.

# %%
labels = pd.Series(fits[5].labels_, index=features.index, name="cluster")
centres = pd.DataFrame(scaled, index=features.index, columns=features.columns).groupby(
    labels).mean()
fig, ax = plt.subplots(figsize=(10, 3.2))
im = ax.imshow(centres, cmap="RdBu_r", vmin=-2, vmax=2)
ax.set(xticks=range(len(centres.columns)), xticklabels=centres.columns, yticks=range(5),
       title="Cluster centres in standard units (聚类中心)", ylabel="cluster")
plt.xticks(rotation=30)
fig.colorbar(im, ax=ax, label="standard deviations")
plt.show()

# %% [markdown]
# Each cluster has one feature far above the rest: money and baskets, store orders,
# discounts, phone orders, browsing. We name each cluster by that signature (each name used
# once): `portrait.name_clusters` does exactly this.

# %%
names = portrait.name_clusters(features, labels)
segment = labels.map(names).rename("segment")
segment.value_counts()

# %% [markdown]
# **Did we find the real segments?** The world knows each customer's planted behavioural
# segment (`world.truth.segments`: the answer key, which a real company never has). The
# **adjusted Rand index (调整兰德指数)** compares two groupings: 1 when they agree
# perfectly, about 0 when they agree no more than chance. Cluster numbers do not need to
# match the names.

# %%
truth = world.truth.segments.set_index("customer_id")["segment"].reindex(features.index)
ari = adjusted_rand_score(truth, labels)
print(f"adjusted Rand index, behaviour features: {ari:.3f}")
pd.crosstab(segment, truth)

# %% [markdown]
# **Why RFM alone does not find them.** Chapter 05's RFM scores are the usual start. Run
# the same k-means on recency, frequency and monetary value only, and compare:

# %%
rfm = np.log1p(features[["recency", "frequency", "monetary"]])
rfm_labels = KMeans(5, n_init=10, random_state=0).fit_predict(
    StandardScaler().fit_transform(rfm))
print(f"adjusted Rand index, RFM alone: {adjusted_rand_score(truth, rfm_labels):.3f}")
features.groupby(truth)[["recency", "frequency", "monetary", "discount", "share_store",
                         "share_call_centre", "web_events"]].median().round(2)

# %% [markdown]
# > **Checkpoint.** Behaviour features recover the planted segments (adjusted Rand index
# > about 0.75 to 0.8); RFM alone scores under 0.1. The table shows why: deal hunters,
# > phone buyers and web browsers have about the same recency, frequency and spend; they
# > differ in discount, channel and browsing, which RFM does not see.

# %% [markdown]
# ## 3. Tagging (数据标签化)
#
# **Data tagging (数据标签化)** turns analysis results into short labels attached to
# each customer. Three kinds, by where a tag comes from:
#
# - **rule tags**: a fixed rule on a column, `pet_owner is True`, "80% of orders online";
# - **statistical tags**: a position in a distribution, "top 20% by spend"; the strength is
#   the customer's percentile rank, so the very top weighs more;
# - **model tags**: the output of a model, here the cluster name.

# %%
rank = features["monetary"].rank(pct=True)
big_spender = rank[rank > 0.8]
online = features.index[features["share_online"] >= 0.8]
print(f"big spender: {len(big_spender)} customers, strength "
      f"{big_spender.min():.2f} to {big_spender.max():.2f}; online shopper: {len(online)}")

# %% [markdown]
# ### 3.1 The tag table
#
# A company keeps every tag in a **tag table (标签表)**: its definition, the tables it is
# computed from, and how often it is refreshed. A tag without a refresh rule goes stale: a
# "recent buyer" of last year is not one today.

# %%
portrait.tag_table()

# %% [markdown]
# ### 3.2 The customer × tag table
#
# The tags of all customers live in one **long table**: one row per customer and tag, with
# the strength. It is easy to add a tag (new rows, no new column) and to count.

# %%
tags = portrait.customer_tags(world, features, segment)
print(f"{len(tags):,} tags on {tags['customer_id'].nunique():,} customers, "
      f"{len(tags) / tags['customer_id'].nunique():.1f} per customer")
tags.head()

# %% [markdown]
# ### 3.3 Precision marketing: whom to send a coupon
#
# A coupon campaign goes to the customers tagged "deal hunter" (the cluster) who are also
# "recent buyer"s: still active, and sensitive to price.

# %%
tagged = tags.pivot_table(index="customer_id", columns="tag", values="strength",
                          fill_value=0)
targets = tagged.index[(tagged["deal hunter"] > 0) & (tagged["recent buyer"] > 0)]
print(f"{len(targets)} customers to send the coupon to, of {len(tagged):,}")

# %% [markdown]
# > **Common mistake.** Tagging every customer "big spender" whose spend is above the mean.
# > Spend is skewed, so that is a rule in disguise with a drifting threshold; say which
# > kind of tag it is, and write its rule in the tag table.

# %% [markdown]
# ## 4. The portrait
#
# ### 4.1 A tag word cloud (词云)
#
# The textbook's portrait is a **word cloud (词云)** of tags: the larger a tag, the more
# marked the trait. A tag's weight in a group is the sum of its strengths over the group's
# members ÷ the number of members. `WordCloud` needs a font with Chinese characters for the
# Chinese tags: the kit's Noto Sans SC, found on this computer, nothing downloaded.

# %%
members = segment.index[segment == "deal hunter"]
weights = tags[tags["customer_id"].isin(members)].groupby("tag")["strength"].sum()
weights = weights / len(members)
cloud = WordCloud(width=700, height=320, background_color="white", random_state=0,
                  font_path=str(find_chinese_font()), relative_scaling=1.0)
cloud.generate_from_frequencies({_(tag): w for tag, w in weights.items()})
fig, ax = plt.subplots(figsize=(9, 4))
ax.imshow(cloud, interpolation="bilinear")
ax.set_axis_off()
ax.set_title("Deal hunters: tag cloud (标签词云)")
plt.show()

# %% [markdown]
# ### 4.2 A radar chart (雷达图) against everyone
#
# A **radar chart (雷达图)** puts several measures on spokes. To compare a group with the
# population on one scale, each spoke is a mean percentile rank: everyone's is 0.5.

# %%
spokes = ["recency", "frequency", "monetary", "aov", "discount", "lines", "share_online",
          "web_events"]
ranks = features[spokes].rank(pct=True)
ranks["recency"] = features["recency"].rank(pct=True, ascending=False)  # recent = high
radar = pd.DataFrame({"deal hunters": ranks.loc[members].mean(), "everyone": ranks.mean()})
angles = np.linspace(0, 2 * np.pi, len(spokes), endpoint=False)
fig, ax = plt.subplots(figsize=(5, 5), subplot_kw={"projection": "polar"})
for column in radar.columns:
    ax.plot(np.append(angles, 0), np.append(radar[column], radar[column].iloc[0]),
            label=column)
ax.set_xticks(angles, spokes)
ax.set(ylim=(0, 1), title="Deal hunters against everyone (雷达图)")
ax.legend(loc="lower right", bbox_to_anchor=(1.3, -0.1))
plt.show()

# %% [markdown]
# ### 4.3 The persona card and one customer's portrait
#
# The **persona card (人物卡片)** says in a few lines who the group is and what to do. The
# explorer below draws all three for any segment, and for one customer: their own tags are
# what a personalised recommendation starts from.

# %%
data = portrait.portrait_data(world)
fig = portrait.draw(portrait.portrait(data, segment="deal hunter"))
plt.show()

# %% [markdown]
# ### 4.4 Product design and decision support
#
# What each segment is worth, and the category whose share of its units is furthest above
# everyone's: input for the product range and the offers of each segment.

# %%
completed = orders[orders["status"] == "completed"]
revenue = completed.groupby("customer_id")["value"].sum().reindex(segment.index).fillna(0)
value = pd.DataFrame({"share of buyers": segment.value_counts(normalize=True),
                      "share of revenue": revenue.groupby(segment).sum() / revenue.sum()})
value.sort_values("share of revenue", ascending=False).round(3)

# %%
lines = items.merge(world.products[["product_id", "category"]], on="product_id").merge(
    completed[["order_id", "customer_id"]], on="order_id")
lines["segment"] = lines["customer_id"].map(segment)
mix = pd.crosstab(lines["segment"], lines["category"], values=lines["quantity"],
                  aggfunc="sum", normalize="index")
overall = lines.groupby("category")["quantity"].sum() / lines["quantity"].sum()
(mix / overall).idxmax(axis=1).to_frame("category most above everyone's share")

# %% [markdown]
# > **Checkpoint.** The VIP segment is about a tenth of these buyers and brings over half
# > of their revenue: decision support says to look after them first, without discounts
# > (they hardly use any). Store regulars are the largest group and the second in value.

# %% [markdown]
# ## 5. Explore for yourself (画像探索)
#
# Pick a segment, or one of its customers, and the cloud, the radar and the card follow.
# The logic is the pandas above, in `labkit/portrait.py`.

# %% tags=["nbval-ignore-output"]
portrait.portrait_explorer(world)

# %% [markdown]
# > **Checkpoint.** Pick "web browser": "keen browser" and "online shopper" fill the
# > cloud, and the radar's browsing spoke is far out. Which product would you show them?

# %% [markdown]
# ## Recap
#
# - A portrait serves market segmentation, personalised recommendation, precision
#   marketing, product design and decision support.
# - Static data says who a customer is, dynamic data what they do.
# - Characteristic analysis: key variables, an analysis framework, then clusters on scaled
#   features, with k chosen by two criteria (elbow and silhouette).
# - Behaviour features recover the planted segments; RFM alone does not, because three of
#   the segments differ in discount, channel and browsing, not in RFM.
# - Tags are rule, statistical or model tags, listed in a tag table with a definition,
#   a source and a refresh rule, and stored in a customer × tag long table with strength.
# - The portrait: a word cloud (size = strength), a radar against everyone, a persona card.
#
# **Next:** the exercises in
# [`exercises/07_customer_portraits_exercises.ipynb`](../exercises/07_customer_portraits_exercises.ipynb),
# then chapter 08, data mining.

# %% [markdown]
# ### Glossary (术语表)
#
# | English | 中文 | in the kit |
# |---|---|---|
# | customer portrait | 客户画像 | section 4 |
# | market segmentation | 市场细分 | `segment` |
# | personalised recommendation | 个性化推荐 | section 4.3 |
# | precision marketing | 精准营销 | `targets` |
# | decision support | 决策支持 | `value` |
# | static data, dynamic data | 静态数据, 动态数据 | section 1 |
# | key variable | 关键变量 | `features` |
# | analysis framework | 分析框架 | section 2.2 |
# | cluster analysis | 聚类分析 | `fits` |
# | elbow method | 肘部法则 | `choice` |
# | silhouette coefficient | 轮廓系数 | `choice` |
# | adjusted Rand index | 调整兰德指数 | `ari` |
# | data tagging | 数据标签化 | section 3 |
# | tag table | 标签表 | `portrait.tag_table()` |
# | word cloud | 词云 | `cloud` |
# | radar chart | 雷达图 | `radar` |
# | persona card | 人物卡片 | `portrait.draw` |
