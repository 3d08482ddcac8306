"""Chapter 07 · Customer portraits: questions.

Every expected answer is computed from the learner's own world the way the teaching
notebook does it, with :mod:`labkit.portrait`: behaviour features of the customers with two
orders or more (orders of every status), log(1 + x) of the skewed columns, standard
scaling, k-means with ``n_init=10, random_state=0``, clusters named by
:func:`labkit.portrait.name_clusters`, tags by :func:`labkit.portrait.customer_tags`.

The declared mistakes are the ones learners make in this chapter: clustering unscaled or
unlogged features, RFM alone, counting only completed orders as behaviour, choosing k by
the inertia, a mean threshold for a "top 20 %" tag, ignoring tag strength, dividing by the
wrong base.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import StandardScaler

from labkit import portrait
from labkit.questions import Mistake, Question
from labkit.questions.sales import valued_orders

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World

RFM = ["recency", "frequency", "monetary"]
_CACHE: dict[tuple[int, str], dict[str, object]] = {}


def _fitted(world: World) -> dict[str, object]:
    """Features, k = 5 labels and segment names of a world, computed once per world."""
    key = (id(world), world.fingerprint)
    if key not in _CACHE:
        if len(_CACHE) >= 16:  # the discrimination test walks 8 worlds per question
            _CACHE.pop(next(iter(_CACHE)))
        features = portrait.behaviour_features(world)
        labels = portrait.cluster(features, 5)
        segment = labels.map(portrait.name_clusters(features, labels))
        _CACHE[key] = {"features": features, "labels": labels, "segment": segment,
                       "tags": portrait.customer_tags(world, features, segment)}
    return _CACHE[key]


def _features(world: World) -> pd.DataFrame:
    return _fitted(world)["features"]  # type: ignore[return-value]


def _kmeans(x: np.ndarray, k: int = 5) -> np.ndarray:
    return KMeans(k, n_init=10, random_state=0).fit_predict(x)


def _truth(world: World, index: pd.Index) -> pd.Series:
    return world.truth.segments.set_index("customer_id")["segment"].reindex(index)


# ---------------------------------------------------------------- features


def _clustered(world: World, completed: bool = False, min_orders: int = 2) -> int:
    orders = world["orders"]
    if completed:
        orders = orders[orders["status"] == "completed"]
    counts = orders.groupby("customer_id").size()
    return int((counts >= min_orders).sum())


def _median_web(world: World, mean: bool = False, only_browsers: bool = False) -> float:
    web = _features(world)["web_events"]
    if only_browsers:
        web = web[web > 0]
    return float(web.mean() if mean else web.median())


def _channel_mix(world: World, pooled: bool = False) -> pd.Series:
    if pooled:
        orders = world["orders"]
        orders = orders[orders["customer_id"].isin(_features(world).index)]
        mix = orders["channel"].value_counts(normalize=True)
        mix.index = "share_" + mix.index
    else:
        mix = _features(world).filter(like="share_").mean()
    return mix.sort_index().rename("share")


# ---------------------------------------------------------------- clusters


def _scaled(world: World, log: bool = True, standard: bool = True) -> np.ndarray:
    features = _features(world)
    if log and standard:
        return portrait.scale(features)
    x = features.copy()
    if log:
        x[portrait.LOGGED] = np.log1p(x[portrait.LOGGED])
    return StandardScaler().fit_transform(x) if standard else x.to_numpy(dtype=float)


def _silhouette(world: World, **how) -> float:
    x = _scaled(world, **how)
    return float(silhouette_score(x, _kmeans(x)))


def _scan(world: World) -> pd.DataFrame:
    fitted = _fitted(world)
    if "scan" not in fitted:
        fitted["scan"] = _inertia_and_silhouette(_scaled(world))
    return fitted["scan"]  # type: ignore[return-value]


def _inertia_and_silhouette(x: np.ndarray) -> pd.DataFrame:
    rows = {}
    for k in range(2, 8):
        model = KMeans(k, n_init=10, random_state=0).fit(x)
        rows[k] = {"inertia": model.inertia_, "silhouette": silhouette_score(x, model.labels_)}
    return pd.DataFrame(rows).T


def _best_k(world: World) -> int:
    return int(_scan(world)["silhouette"].idxmax())


def _ari(world: World, columns: list[str] | None = None, log: bool = True) -> float:
    features = _features(world)
    if columns is None and log:
        labels = _fitted(world)["labels"]
    else:
        x = features[columns] if columns else features.copy()
        if log:
            x = np.log1p(x[[c for c in x.columns if c in portrait.LOGGED]]).join(
                x[[c for c in x.columns if c not in portrait.LOGGED]])
        labels = _kmeans(StandardScaler().fit_transform(x))
    return float(adjusted_rand_score(_truth(world, features.index), labels))


def _rfm_half(world: World, than_zero: bool = False) -> bool:
    rfm = _ari(world, RFM)
    return rfm > 0 if than_zero else rfm >= 0.5 * _ari(world)


def _discount_cluster(world: World, **how) -> int:
    features = _features(world)
    if how:
        labels = pd.Series(_kmeans(_scaled(world, **how)), index=features.index)
    else:
        labels = _fitted(world)["labels"]
    return int(labels.value_counts()[features["discount"].groupby(labels).mean().idxmax()])


# ---------------------------------------------------------------- tags


def _big_spenders(world: World, over_mean: bool = False, all_buyers: bool = False) -> int:
    spend = _features(world)["monetary"]
    if all_buyers:
        spend = portrait.behaviour_features(world, min_orders=1)["monetary"]
    if over_mean:
        return int((spend > spend.mean()).sum())
    return int((spend.rank(pct=True) > 0.8).sum())


def _coupon_list(world: World, recent: bool = True, oldest: bool = False) -> int:
    fitted = _fitted(world)
    tags = fitted["tags"]
    hunters = set(tags.loc[tags["tag"] == "deal hunter", "customer_id"])
    if not recent:
        return len(hunters)
    if oldest:
        recency = _features(world)["recency"].rank(pct=True)
        return len(hunters & set(recency.index[recency > 0.8]))
    return len(hunters & set(tags.loc[tags["tag"] == "recent buyer", "customer_id"]))


def _cloud(world: World, segment: str = "VIP", how: str = "strength") -> pd.Series:
    fitted = _fitted(world)
    members = fitted["segment"].index[fitted["segment"] == segment]
    tags = fitted["tags"]
    tags = tags[tags["customer_id"].isin(members)]
    if how == "count":
        weights = tags.groupby("tag").size() / len(members)
    elif how == "holders":
        weights = tags.groupby("tag")["strength"].mean()
    else:
        weights = tags.groupby("tag")["strength"].sum() / len(members)
    return weights.rename("weight").sort_index()


def _radar_discount(world: World, members_only: bool = False, raw: bool = False) -> float:
    fitted = _fitted(world)
    features = _features(world)
    members = fitted["segment"].index[fitted["segment"] == "deal hunter"]
    if raw:
        return float(features.loc[members, "discount"].mean() / features["discount"].mean())
    base = features.loc[members] if members_only else features
    return float(base["discount"].rank(pct=True).loc[members].mean())


def _vip_revenue(world: World, completed: bool = True, customers: bool = False) -> float:
    segment = _fitted(world)["segment"]
    if customers:
        return float((segment == "VIP").mean())
    orders = valued_orders(world, ("completed",) if completed else None)
    revenue = orders.groupby("customer_id")["value"].sum().reindex(segment.index).fillna(0)
    return float(revenue[segment == "VIP"].sum() / revenue.sum())


STATUS = ("Behaviour counts orders of every status, as in the notebook: leave the "
          "status filter out.")

QUESTIONS = [
    Question(
        id="07.q1",
        prompt="How many customers have two orders or more, of any status (exact whole "
        "number)?",
        expected=_clustered,
        kind="count",
        answer_kind="a whole number of customers",
        hint="Count orders per customer_id over every order (any status) and count the "
        "customers with 2 or more.",
        mistakes=(
            Mistake(lambda w: _clustered(w, completed=True), STATUS),
            Mistake(lambda w: _clustered(w, min_orders=1),
                    "That is every customer who ordered at all; keep those with two orders "
                    "or more."),
        ),
    ),
    Question(
        id="07.q2",
        prompt="What is the median number of web events of those customers (exact)?",
        expected=_median_web,
        kind="number",
        atol=0.01,
        rtol=0,
        answer_kind="a number of web events",
        hint="Count the web_events rows per customer_id, give 0 to the customers with two "
        "orders or more who have none, and take the median over those customers.",
        mistakes=(
            Mistake(lambda w: _median_web(w, mean=True),
                    "That is the mean; a few heavy browsers pull it up. The question asks "
                    "for the median."),
            Mistake(lambda w: _median_web(w, only_browsers=True),
                    "You left out the customers with no web events; they count with 0."),
        ),
    ),
    Question(
        id="07.q3",
        prompt="Mean channel shares per customer (Series by share_<channel>, 4 significant "
        "digits)?",
        expected=_channel_mix,
        kind="series",
        rtol=1e-3,
        answer_kind="a Series of shares indexed by share_call_centre, share_online, "
        "share_store",
        hint="For each customer with two orders or more, the share of their orders in each "
        "channel (pd.crosstab(..., normalize='index')); then the mean of each column.",
        mistakes=(
            Mistake(lambda w: _channel_mix(w, pooled=True),
                    "You pooled all their orders; a frequent buyer then weighs more. Take "
                    "each customer's shares first, then the mean over customers."),
        ),
    ),
    Question(
        id="07.q4",
        prompt="Mean silhouette of k-means, k = 5, on the scaled features (3 decimals are enough)?",
        expected=_silhouette,
        kind="number",
        atol=5e-4,
        rtol=0,
        answer_kind="a silhouette between -1 and 1",
        hint="log1p of recency, frequency, monetary, aov, lines and web_events; "
        "StandardScaler; KMeans(5, n_init=10, random_state=0); silhouette_score on the "
        "scaled features and the labels.",
        mistakes=(
            Mistake(lambda w: _silhouette(w, standard=False),
                    "You clustered unscaled features: money and counts in the hundreds "
                    "drown the shares. Scale every column to mean 0 and standard deviation 1."),
            Mistake(lambda w: _silhouette(w, log=False),
                    "You scaled without taking log(1 + x) of the skewed columns first."),
        ),
    ),
    Question(
        id="07.q5",
        prompt="For k from 2 to 7, which k has the highest mean silhouette (a whole number)?",
        expected=_best_k,
        kind="count",
        answer_kind="a number of clusters",
        hint="Fit KMeans(k, n_init=10, random_state=0) for each k on the scaled features and "
        "keep the k whose silhouette_score is largest.",
        mistakes=(
            Mistake(lambda w: int(_scan(w)["inertia"].idxmin()),
                    "That k has the smallest inertia, which always falls as k grows; it "
                    "cannot choose k. Compare the silhouettes."),
            Mistake(lambda w: 5,
                    "5 is the number of planted segments, which a company does not know; "
                    "the question asks what the silhouette says."),
        ),
    ),
    Question(
        id="07.q6",
        prompt="Adjusted Rand index of the k = 5 clusters against the planted segments (3 "
        "decimals)?",
        expected=_ari,
        kind="number",
        atol=5e-4,
        rtol=0,
        answer_kind="an adjusted Rand index",
        hint="adjusted_rand_score(world.truth.segments' segment for the same customers, the "
        "k-means labels of the scaled features).",
        mistakes=(
            Mistake(lambda w: _ari(w, RFM),
                    "That is the score of recency, frequency and monetary alone; use all "
                    "the behaviour features."),
            Mistake(lambda w: _ari(w, log=False),
                    "You scaled without taking log(1 + x) of the skewed columns first."),
        ),
    ),
    Question(
        id="07.q7",
        prompt="And k = 5 on recency, frequency and monetary alone (log, scaled; 3 decimals)?",
        expected=lambda w: _ari(w, RFM),
        kind="number",
        atol=5e-4,
        rtol=0,
        answer_kind="an adjusted Rand index",
        hint="The same steps on the three RFM columns only: log1p, StandardScaler, "
        "KMeans(5, n_init=10, random_state=0), adjusted_rand_score against the truth.",
        mistakes=(
            Mistake(_ari, "That is the score of all the behaviour features; keep recency, "
                    "frequency and monetary only."),
            Mistake(lambda w: _ari(w, RFM, log=False),
                    "You scaled without taking log(1 + x) first."),
        ),
    ),
    Question(
        id="07.q8",
        prompt="Do RFM alone recover the segments at least half as well as all features "
        "(True/False)?",
        expected=_rfm_half,
        kind="bool",
        answer_kind="True or False",
        hint="Compare the RFM-only adjusted Rand index with half of the behaviour "
        "features' index.",
        mistakes=(
            Mistake(lambda w: _rfm_half(w, than_zero=True),
                    "An adjusted Rand index above 0 only beats chance. Compare it with the "
                    "behaviour features' index: RFM alone finds a small part of it."),
        ),
    ),
    Question(
        id="07.q9",
        prompt="How many customers are in the k = 5 cluster with the highest mean discount "
        "(exact)?",
        expected=_discount_cluster,
        kind="count",
        answer_kind="a whole number of customers",
        hint="Cluster as in the notebook, take the mean of the raw discount column per "
        "cluster, and count the customers of the cluster where it is largest.",
        mistakes=(
            Mistake(lambda w: _discount_cluster(w, standard=False),
                    "You clustered unscaled features; scale them first."),
            Mistake(lambda w: _discount_cluster(w, log=False),
                    "You scaled without taking log(1 + x) of the skewed columns first."),
        ),
    ),
    Question(
        id="07.q10",
        prompt="How many customers earn the statistical tag 'big spender' (top 20 %, exact)?",
        expected=_big_spenders,
        kind="count",
        answer_kind="a whole number of customers",
        hint="Among the customers with two orders or more: monetary.rank(pct=True) > 0.8.",
        mistakes=(
            Mistake(lambda w: _big_spenders(w, over_mean=True),
                    "Above the mean is not the top 20 %: spending is skewed, so the mean "
                    "sits high. Rank the customers (rank(pct=True) > 0.8)."),
            Mistake(lambda w: _big_spenders(w, all_buyers=True),
                    "You ranked every customer who ordered; the tags are for the customers "
                    "with two orders or more."),
        ),
    ),
    Question(
        id="07.q11",
        prompt="How many customers are tagged both 'deal hunter' and 'recent buyer' (exact)?",
        expected=_coupon_list,
        kind="count",
        answer_kind="a whole number of customers",
        hint="In portrait.customer_tags(world, features, segment), the customers with both "
        "tags.",
        mistakes=(
            Mistake(lambda w: _coupon_list(w, recent=False),
                    "That is every deal hunter; keep only those also tagged 'recent buyer'."),
            Mistake(lambda w: _coupon_list(w, oldest=True),
                    "Your recency runs the wrong way: the recent buyers have the fewest "
                    "days since their last order."),
        ),
    ),
    Question(
        id="07.q12",
        prompt="The VIP segment's word-cloud tag weights (Series by tag, 4 significant digits)?",
        expected=_cloud,
        kind="series",
        rtol=1e-3,
        answer_kind="a Series of weights indexed by tag",
        hint="Keep the tags of the VIP members; sum the strength per tag and divide by the "
        "number of VIP members.",
        mistakes=(
            Mistake(lambda w: _cloud(w, how="count"),
                    "You counted the members with each tag and ignored the strength: a "
                    "statistical tag weighs its percentile rank."),
            Mistake(lambda w: _cloud(w, how="holders"),
                    "You averaged over the members who have the tag; divide by all the "
                    "members of the segment, so a rare tag stays small."),
        ),
    ),
    Question(
        id="07.q13",
        prompt="The deal hunters' radar value on discount: mean percentile rank (3 decimals)?",
        expected=_radar_discount,
        kind="number",
        atol=5e-4,
        rtol=0,
        answer_kind="a mean percentile rank between 0 and 1",
        hint="discount.rank(pct=True) over every customer with two orders or more, then "
        "the mean over the deal hunters.",
        mistakes=(
            Mistake(lambda w: _radar_discount(w, members_only=True),
                    "You ranked the deal hunters among themselves (the mean is then about "
                    "0.5); rank them among everyone."),
            Mistake(lambda w: _radar_discount(w, raw=True),
                    "That is their mean discount ÷ everyone's: not on the radar's 0-1 "
                    "scale. Use percentile ranks."),
        ),
    ),
    Question(
        id="07.q14",
        prompt="Share of the clustered customers' revenue brought by the VIP segment (3 decimals)?",
        expected=_vip_revenue,
        kind="share",
        atol=5e-4,
        rtol=0,
        answer_kind="a share between 0 and 1",
        hint="Revenue = completed order values (lines less the discount) per customer, 0 "
        "when none; the VIP members' sum ÷ the sum over all clustered customers.",
        mistakes=(
            Mistake(lambda w: _vip_revenue(w, completed=False),
                    "Revenue counts completed orders only (status == 'completed')."),
            Mistake(lambda w: _vip_revenue(w, customers=True),
                    "That is the VIP segment's share of customers, not of revenue."),
        ),
    ),
]
