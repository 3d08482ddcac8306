"""Chapter 08 · Data mining: questions.

Every expected answer is computed from the learner's own world with pandas and
scikit-learn, so the questions work for any seed, size and locale. The lesson works on
one slice (customers with two or more orders, the lesson's churn features, every
campaign, the whole order history); the questions ask the same methods on other slices
(three or more orders, a two-feature model, a threshold, the last year's baskets), so no
answer can be copied from the lesson's printed numbers.

An order's value is sum(quantity × unit_price) × (1 - discount). Segmentation reads every
order a customer placed, whatever its status (behaviour, not revenue); campaign revenue
counts completed orders only. The churn cut-off is ``as_of - 90 days``: the label of a
training customer is "no order after the cut-off up to as_of", the same 90 days as the
planted label ``truth/churn.churned`` after ``as_of``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit.explorer import explorer_data  # chapter 05's RFM segments, not recomputed
from labkit.portrait import LOGGED, behaviour_features  # chapter 07's features, not recomputed
from labkit.questions import AnyOf, Mistake, Question
from labkit.questions.sales import valued_orders

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World

HORIZON = pd.Timedelta(days=90)
DAY = pd.Timedelta(days=1)
ACTIVE = pd.Timedelta(days=365)
RECENT = pd.Timedelta(days=180)
BANDS = [0, 30, 90, 180, 365]
CHURN_FEATURES = ["recency", "log_orders", "complaints", "unresolved", "tenure_years"]


# ----------------------------------------------------------------------------- segments
def segment_features(world: World, min_orders: int = 2, *, log: bool = True) -> pd.DataFrame:
    """Chapter 07's behaviour features (:func:`labkit.portrait.behaviour_features`) of the
    customers with ``min_orders`` or more orders, the skewed columns logged if ``log``."""
    features = behaviour_features(world, min_orders)
    if log:
        features[LOGGED] = np.log1p(features[LOGGED])
    return features


def planted_segments(world: World, index: pd.Index) -> pd.Series:
    """The answer key's segment of each customer of ``index``."""
    return world.truth.segments.set_index("customer_id")["segment"].reindex(index)


def kmeans_ari(world: World, min_orders: int = 3, *, scale: bool = True, log: bool = True
               ) -> float:
    """ARI of k-means (5 clusters, 10 starts, random_state 0) against the planted segments."""
    from sklearn.cluster import KMeans  # only when a check needs it
    from sklearn.metrics import adjusted_rand_score
    from sklearn.preprocessing import StandardScaler

    features = segment_features(world, min_orders, log=log)
    x = StandardScaler().fit_transform(features) if scale else features.to_numpy()
    labels = KMeans(5, n_init=10, random_state=0).fit_predict(x)
    return float(adjusted_rand_score(planted_segments(world, features.index), labels))


def rfm_ari(world: World, min_orders: int = 2) -> float:
    """ARI of chapter 05's RFM segments against the planted ones (a missing one is its own)."""
    from sklearn.metrics import adjusted_rand_score

    index = segment_features(world, min_orders).index
    rfm = explorer_data(world).people.set_index("customer_id")["segment"]
    return float(adjusted_rand_score(planted_segments(world, index),
                                     rfm.reindex(index).fillna("none")))


def _rfm_as_good(world: World) -> bool:
    return rfm_ari(world) >= kmeans_ari(world, 2) - 0.1


# ----------------------------------------------------------------------------- churn
def churn_features(world: World, cut: pd.Timestamp, *, recency_from: pd.Timestamp | None = None,
                   active: pd.Timedelta = ACTIVE) -> pd.DataFrame:
    """The lesson's churn features at ``cut`` for the customers who ordered in the year
    before it; ``recency_from`` later than ``cut`` is the leak of the lesson's section 2."""
    orders = world["orders"]
    end = cut + DAY  # the cut-off day is known in full
    past = orders[orders["ordered_at"] < end]
    last = past.groupby("customer_id")["ordered_at"].max()
    ids = last.index[last > cut - active]
    if recency_from is not None:
        last = orders.groupby("customer_id")["ordered_at"].max()
    tickets = world["service_tickets"]
    tickets = tickets[tickets["opened_at"] < end]
    complaints = tickets[(tickets["topic"] == "complaint") & (tickets["opened_at"] > cut - RECENT)]
    unresolved = tickets[tickets["resolved_at"].isna() | (tickets["resolved_at"] >= end)]
    signup = world["customers"].set_index("customer_id")["signup_date"]
    return pd.DataFrame({
        "recency": (recency_from or cut) - last.reindex(ids).dt.normalize(),
        "log_orders": np.log1p(past.groupby("customer_id").size().reindex(ids)),
        "complaints": complaints.groupby("customer_id").size().reindex(ids, fill_value=0),
        "unresolved": unresolved.groupby("customer_id").size().reindex(ids, fill_value=0),
        "tenure_years": (cut - signup.reindex(ids)).dt.days / 365.25,
    }).assign(recency=lambda d: d["recency"].dt.days)


def churn_labels(world: World, index: pd.Index, cut: pd.Timestamp) -> pd.Series:
    """1 for a customer of ``index`` with no order after the cut-off day (up to as_of's)."""
    orders = world["orders"]
    later = orders.loc[orders["ordered_at"] >= cut + DAY, "customer_id"]
    return pd.Series((~index.isin(later)).astype(int), index=index, name="churned")


def churn_scores(world: World, columns=("recency", "log_orders"), *, leak: bool = False
                 ) -> pd.DataFrame:
    """Train at the cut-off, score at as_of: churned (the truth) and score per customer."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    cut = world.as_of - HORIZON
    train = churn_features(world, cut, recency_from=world.as_of if leak else None)
    model = make_pipeline(StandardScaler(), LogisticRegression())
    model.fit(train[list(columns)], churn_labels(world, train.index, cut))
    now = churn_features(world, world.as_of)
    churned = world.truth.churn.set_index("customer_id")["churned"].reindex(now.index)
    return pd.DataFrame({"churned": churned,
                         "score": model.predict_proba(now[list(columns)])[:, 1]})


def _training_churners(world: World, *, from_as_of: bool = False) -> int:
    cut = world.as_of - HORIZON
    ids = churn_features(world, cut).index
    if from_as_of:
        orders = world["orders"]
        ids = pd.Index(orders.loc[(orders["ordered_at"] > world.as_of - ACTIVE)
                                  & (orders["ordered_at"] < cut + DAY), "customer_id"].unique())
    return int(churn_labels(world, ids, cut).sum())


def _auc(world: World, *, leak: bool = False, labels: bool = False) -> float:
    from sklearn.metrics import roc_auc_score

    scored = churn_scores(world, leak=leak)
    score = scored["score"] >= 0.5 if labels else scored["score"]
    return float(roc_auc_score(scored["churned"], score))


def _ceiling(world: World, days: int | None = 180, column: str = "reachable_probability"
             ) -> float:
    """AUC of a truth column among the buyers of the last ``days`` (None: every customer
    with a value: the reachable probability is empty without an order in the window)."""
    from sklearn.metrics import roc_auc_score

    truth = world.truth.churn.set_index("customer_id").dropna(subset=[column])
    if days is not None:
        orders = world["orders"]
        recent = orders.loc[orders["ordered_at"] > world.as_of - pd.Timedelta(days=days),
                            "customer_id"].unique()
        truth = truth.loc[truth.index.isin(recent)]
    return float(roc_auc_score(truth["churned"], truth[column]))


def _confusion(world: World, threshold: float = 0.8) -> pd.DataFrame:
    scored = churn_scores(world)
    flagged = (scored["score"] >= threshold).rename("flagged")
    return pd.crosstab(scored["churned"], flagged)


def _top_decile_lift(world: World, *, bottom: bool = False, train_rate: bool = False) -> float:
    scored = churn_scores(world).sort_values("score", ascending=bottom)
    top = scored.head(int(np.ceil(len(scored) / 10)))
    if train_rate:
        cut = world.as_of - HORIZON
        base = churn_labels(world, churn_features(world, cut).index, cut).mean()
    else:
        base = scored["churned"].mean()
    return float(top["churned"].mean() / base)


# ----------------------------------------------------------------------------- campaigns
def campaign_roi(world: World, *, with_holdout: bool = False, gross: bool = False) -> pd.Series:
    """(revenue of the completed orders credited to the campaign - cost) ÷ cost."""
    campaigns = world["campaigns"].set_index("campaign_id")
    responses = world["campaign_responses"]
    reached = responses if with_holdout else responses[~responses["holdout"].astype(bool)]
    cost = reached.groupby("campaign_id").size() * campaigns["cost_per_contact"]
    orders = valued_orders(world, discount=not gross).dropna(subset=["campaign_id"])
    revenue = orders.groupby(orders["campaign_id"].astype("int64"))["value"].sum()
    revenue = revenue.reindex(campaigns.index, fill_value=0)
    return ((revenue - cost) / cost).rename("roi").rename_axis("campaign_id")


def campaign_purchases(world: World, *, recency_from_as_of: bool = False) -> pd.DataFrame:
    """Each targeted customer of each campaign: held out or not, whether they ordered during
    the campaign, and the days from their last earlier order to the campaign's start."""
    responses = world["campaign_responses"][["campaign_id", "customer_id", "holdout"]]
    windows = world["campaigns"][["campaign_id", "start_date", "end_date"]]
    targeted = responses.merge(windows, on="campaign_id")
    pairs = targeted.merge(world["orders"][["customer_id", "ordered_at"]], on="customer_id")
    during = (pairs["ordered_at"] >= pairs["start_date"]) & (
        pairs["ordered_at"] < pairs["end_date"] + pd.Timedelta(days=1))
    key = ["campaign_id", "customer_id"]
    bought = pairs.loc[during, key].drop_duplicates().assign(bought=True)
    last = pairs[pairs["ordered_at"] < pairs["start_date"]].groupby(key)["ordered_at"].max()
    out = targeted.merge(bought, on=key, how="left").join(last.rename("last_order"), on=key)
    out["bought"] = out["bought"].fillna(False).astype(bool)
    out["holdout"] = out["holdout"].astype(bool)
    start = world.as_of if recency_from_as_of else out["start_date"]
    out["days_since"] = (start - out["last_order"]).dt.days
    return out


def _uplift(world: World, *, credited: bool = False, against_all: bool = False) -> float:
    if credited:
        responses = world["campaign_responses"]
        return float(responses.loc[~responses["holdout"].astype(bool), "converted"].mean())
    purchases = campaign_purchases(world)
    rate = purchases.groupby("holdout")["bought"].mean()
    base = purchases["bought"].mean() if against_all else rate[True]
    return float(rate[False] - base)


def uplift_by_recency(world: World, *, recency_from_as_of: bool = False,
                      contacted_rate: bool = False) -> pd.Series:
    """Purchase rate of the contacted minus the held out, by days since the last order
    (bands up to 30, 90, 180 and 365 days, indexed by their upper end)."""
    purchases = campaign_purchases(world, recency_from_as_of=recency_from_as_of)
    band = pd.cut(purchases["days_since"], BANDS, labels=BANDS[1:]).rename("days_up_to")
    rate = purchases.groupby([band, "holdout"], observed=True)["bought"].mean().unstack()
    result = rate[False] if contacted_rate else rate[False] - rate[True]
    return result.rename("uplift").astype(float)


def _best_band(world: World, *, contacted_rate: bool = False) -> AnyOf:
    uplift = uplift_by_recency(world, contacted_rate=contacted_rate).round(3)
    return AnyOf(tuple(int(b) for b in uplift.index[uplift == uplift.max()]))


# ----------------------------------------------------------------------------- baskets
def pair_rules(items: pd.DataFrame, *, by_lines: bool = False) -> pd.DataFrame:
    """Every rule {a} → {b} of two products bought in one order: together (orders), support,
    confidence and lift, from order lines (order_id, product_id)."""
    baskets = items[["order_id", "product_id"]].drop_duplicates()
    n = len(items) if by_lines else baskets["order_id"].nunique()
    support = baskets.groupby("product_id").size() / n
    pairs = baskets.merge(baskets, on="order_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["product_id_a"] != pairs["product_id_b"]]
    rules = pairs.groupby(["product_id_a", "product_id_b"]).size().rename("together")
    rules = rules.reset_index()
    rules["support"] = rules["together"] / n
    rules["confidence"] = rules["support"] / rules["product_id_a"].map(support)
    rules["lift"] = rules["confidence"] / rules["product_id_b"].map(support)
    return rules


def _strong_pairs(world: World, *, ordered: bool = False, by_lines: bool = False) -> int:
    rules = pair_rules(world["order_items"], by_lines=by_lines)
    strong = rules[(rules["lift"] >= 3) & (rules["together"] >= 10)]
    return len(strong) if ordered else int(
        (strong["product_id_a"] < strong["product_id_b"]).sum())


def bundle_lifts(world: World, *, largest: bool = False, by_lines: bool = False) -> pd.Series:
    """The smallest (or largest) lift between two products of each planted bundle."""
    rules = pair_rules(world["order_items"], by_lines=by_lines)
    bundles = world.truth.bundles
    out = {}
    for bundle, group in bundles.groupby("bundle_id"):
        inside = rules[rules["product_id_a"].isin(group["product_id"])
                       & rules["product_id_b"].isin(group["product_id"])]
        out[int(bundle)] = inside["lift"].max() if largest else inside["lift"].min()
    return pd.Series(out, name="lift").rename_axis("bundle_id")


def hit_rate(world: World, k: int = 3, *, leak: bool = False, popular: bool = False) -> float:
    """Hide one product drawn from each recent basket; recommend k products
    by the best confidence from the basket's other products (gaps: the most popular)."""
    lines = world["order_items"][["order_id", "product_id"]].drop_duplicates()
    ordered_at = lines["order_id"].map(world["orders"].set_index("order_id")["ordered_at"])
    recent = ordered_at > world.as_of - ACTIVE
    test = lines[recent]
    test = test[test.groupby("order_id")["product_id"].transform("size") >= 2]
    train = lines if leak else lines[~recent]
    held = test.groupby("order_id").sample(1, random_state=8)
    hidden = held.set_index("order_id")["product_id"]
    given = test.drop(held.index)
    rules = pair_rules(train)
    rules = rules[rules["together"] >= 3]
    counts = train.groupby("product_id").size().sort_values(ascending=False, kind="stable")
    picks = {order: [] for order in hidden.index}
    if not popular:
        found = given.merge(rules, left_on="product_id", right_on="product_id_a")
        best = found.groupby(["order_id", "product_id_b"])["confidence"].max().reset_index()
        best = best[~best.set_index(["order_id", "product_id_b"]).index.isin(
            given.set_index(["order_id", "product_id"]).index)]
        best = best.sort_values(["order_id", "confidence"], ascending=[True, False],
                                kind="stable")
        for order, products in best.groupby("order_id")["product_id_b"]:
            picks[order] = products.head(k).tolist()
    in_basket = given.groupby("order_id")["product_id"].agg(set)
    hits = []
    for order, chosen in picks.items():
        for product in counts.index:
            if len(chosen) >= k:
                break
            if product not in in_basket[order] and product not in chosen:
                chosen.append(product)
        hits.append(hidden[order] in chosen)
    return float(np.mean(hits))


SCALE = ("You clustered the raw features. Recency counts days and monetary counts money: "
         "without StandardScaler the largest numbers decide the clusters alone.")

QUESTIONS = [
    Question(
        id="08.q1",
        prompt="ARI of k-means against the planted segments, 3+ orders (2 decimals)?",
        expected=kmeans_ari,
        kind="number",
        atol=5e-3,
        answer_kind="an adjusted Rand index",
        hint="segment_features(3) in the exercise gives the customers with 3 or more orders; "
        "StandardScaler, then KMeans(5, n_init=10, random_state=0); compare the labels with "
        "truth.segments by adjusted_rand_score.",
        mistakes=(
            Mistake(lambda w: kmeans_ari(w, scale=False), SCALE),
            Mistake(lambda w: kmeans_ari(w, log=False),
                    "You left the counts and amounts on their raw scale. Take log1p of the "
                    "heavy-tailed columns first (the lesson's LOGGED list), then scale."),
        ),
    ),
    Question(
        id="08.q2",
        prompt="Do RFM rule segments find the planted ones about as well as k-means "
        "(True/False)?",
        expected=lambda w: _rfm_as_good(w),
        kind="bool",
        answer_kind="True or False",
        hint="Compute the ARI of chapter 05's RFM segments (explorer_data) on the customers "
        "with 2+ orders and compare it with k-means's: 'about as well' means within 0.1.",
        mistakes=(
            Mistake(lambda w: not _rfm_as_good(w),
                    "Compare the two adjusted Rand indices: the RFM rules score close to 0, "
                    "k-means far above."),
        ),
    ),
    Question(
        id="08.q3",
        prompt="How many training customers churned after the cut-off (exact whole number)?",
        expected=_training_churners,
        kind="count",
        answer_kind="a whole number of customers",
        hint="cut = as_of - 90 days. Keep the customers whose last order on or before the cut "
        "is within 365 days of it; count those with no order after the cut up to as_of.",
        mistakes=(
            Mistake(lambda w: _training_churners(w, from_as_of=True),
                    "You chose the active customers from the year before as_of. At the "
                    "cut-off you could only see the year before the cut-off."),
        ),
    ),
    Question(
        id="08.q4",
        prompt="ROC-AUC of the two-feature churn model on the planted churn (2 decimals)?",
        expected=_auc,
        kind="number",
        atol=5e-3,
        answer_kind="an AUC between 0 and 1",
        hint="Train StandardScaler + LogisticRegression() on recency and log_orders at the "
        "cut-off (as_of - 90 days), score the customers at as_of, and compare the scores with "
        "truth.churn.churned by roc_auc_score.",
        mistakes=(
            Mistake(lambda w: _auc(w, leak=True),
                    "Your training recency was counted from as_of, after the cut-off: it "
                    "tells the model who bought later. Count it from the cut-off."),
            Mistake(lambda w: _auc(w, labels=True),
                    "You passed 0/1 predictions to roc_auc_score. The AUC ranks customers by "
                    "their score: pass predict_proba(...)[:, 1]."),
        ),
    ),
    Question(
        id="08.q5",
        prompt="Reachable ceiling AUC, buyers of the last 180 days (3 decimals)?",
        expected=_ceiling,
        kind="number",
        atol=5e-4,
        answer_kind="an AUC between 0 and 1",
        hint="Keep the customers with an order in the 180 days before as_of; roc_auc_score of "
        "truth.churn.churned against truth.churn.reachable_probability.",
        mistakes=(
            Mistake(lambda w: _ceiling(w, 180, "churn_probability"),
                    "That is the hidden-state ceiling: churn_probability knows who has already "
                    "dropped out, which no model can see. Use reachable_probability."),
            Mistake(lambda w: _ceiling(w, 180, "rates_known_probability"),
                    "rates_known_probability knows each customer's own purchase rate and "
                    "drop-out chance, which no table shows. Use reachable_probability."),
            Mistake(lambda w: _ceiling(w, 180, "segment_known_probability"),
                    "segment_known_probability knows each customer's segment, which no table "
                    "shows. Use reachable_probability."),
            Mistake(lambda w: _ceiling(w, None),
                    "You kept every customer with an order. Those who left long ago are easy "
                    "to call: keep the buyers of the last 180 days."),
            Mistake(lambda w: _ceiling(w, 365),
                    "That is the lesson's population (a year); the question keeps 180 days."),
        ),
    ),
    Question(
        id="08.q6",
        prompt="Confusion matrix of the two-feature model at a 0.8 threshold (DataFrame, "
        "exact)?",
        expected=_confusion,
        kind="frame",
        answer_kind="pd.crosstab(churned, flagged)",
        hint="Flag a customer when the two-feature model's score is 0.8 or more; "
        "pd.crosstab(scored['churned'], flagged.rename('flagged')).",
        mistakes=(
            Mistake(lambda w: _confusion(w, 0.5),
                    "You used predict(), whose threshold is 0.5. The business threshold here "
                    "is 0.8: compare predict_proba(...)[:, 1] with it."),
        ),
    ),
    Question(
        id="08.q7",
        prompt="Lift of the top 10% by churn score, two-feature model (2 decimals)?",
        expected=_top_decile_lift,
        kind="number",
        atol=5e-3,
        answer_kind="a lift (1 = no better than random)",
        hint="Sort the customers by score, highest first; take the first ceil(n / 10); lift = "
        "their churn rate ÷ the churn rate of all scored customers.",
        mistakes=(
            Mistake(lambda w: _top_decile_lift(w, bottom=True),
                    "You took the lowest scores: sort with ascending=False."),
            Mistake(lambda w: _top_decile_lift(w, train_rate=True),
                    "You divided by the training customers' churn rate; divide by the rate of "
                    "the customers you scored."),
        ),
    ),
    Question(
        id="08.q8",
        prompt="ROI of each campaign from its credited orders (Series, 3 significant digits)?",
        expected=campaign_roi,
        kind="series",
        rtol=5e-3,
        answer_kind="a Series of ROI indexed by campaign_id",
        hint="Cost = contacted customers (not held out) × cost_per_contact; revenue = value of "
        "the completed orders whose campaign_id is the campaign; ROI = (revenue - cost) / cost.",
        mistakes=(
            Mistake(lambda w: campaign_roi(w, with_holdout=True),
                    "You paid for the hold-out group too. Nobody contacted them: the cost is "
                    "the contacted customers' only."),
            Mistake(lambda w: campaign_roi(w, gross=True),
                    "You left out the discount. A discount offer's orders are worth "
                    "the lines' total × (1 - discount)."),
        ),
    ),
    Question(
        id="08.q9",
        prompt="Uplift of all campaigns: contacted minus held-out purchase rate (3 "
        "decimals)?",
        expected=_uplift,
        kind="number",
        atol=5e-4,
        answer_kind="a difference of two shares",
        hint="A targeted customer bought if they placed any order from the campaign's "
        "start_date to its end_date (inclusive); pool all campaigns; contacted rate minus "
        "held-out rate.",
        mistakes=(
            Mistake(lambda w: _uplift(w, credited=True),
                    "That is the share of contacted customers credited with an order. Some "
                    "would have bought anyway: subtract the hold-out group's purchase rate."),
            Mistake(lambda w: _uplift(w, against_all=True),
                    "You compared with everyone targeted. The comparison is the held-out "
                    "group, who were never contacted."),
        ),
    ),
    Question(
        id="08.q10",
        prompt="Uplift by days since the last order before the campaign (Series, 3 decimals)?",
        expected=uplift_by_recency,
        kind="series",
        atol=5e-4,
        answer_kind="a Series of uplifts indexed by days_up_to (30, 90, 180, 365)",
        hint="days = campaign start_date - the customer's last order before it; "
        "pd.cut(days, [0, 30, 90, 180, 365], labels=[30, 90, 180, 365]); in each band, "
        "contacted purchase rate minus held-out purchase rate.",
        mistakes=(
            Mistake(lambda w: uplift_by_recency(w, recency_from_as_of=True),
                    "You counted the days up to as_of. What a campaign can know is the "
                    "customer's recency at its start date."),
            Mistake(lambda w: uplift_by_recency(w, contacted_rate=True),
                    "Those are the contacted customers' purchase rates. The uplift subtracts "
                    "the held-out group's rate in the same band."),
        ),
    ),
    Question(
        id="08.q11",
        prompt="Which recency band should the next campaign target (its upper end in days)?",
        expected=_best_band,
        kind="count",
        answer_kind="30, 90, 180 or 365",
        hint="Target where the campaign changes most: the band with the largest uplift of "
        "question 10 (3 decimals; ties all count).",
        mistakes=(
            Mistake(lambda w: _best_band(w, contacted_rate=True),
                    "That band buys the most, but it buys without the campaign too. Choose by "
                    "uplift, the purchases the campaign causes."),
        ),
    ),
    Question(
        id="08.q12",
        prompt="How many product pairs have lift 3+ and 10+ orders together (exact)?",
        expected=_strong_pairs,
        kind="count",
        answer_kind="a whole number of pairs",
        hint="Support counts orders (unique order_id, product_id); lift(a, b) = support(a, b) "
        "÷ (support(a) × support(b)). Count each unordered pair once.",
        mistakes=(
            Mistake(lambda w: _strong_pairs(w, ordered=True),
                    "You counted each pair twice, as a → b and b → a. Lift is symmetric: "
                    "count a pair once."),
            Mistake(lambda w: _strong_pairs(w, by_lines=True),
                    "You divided by the number of order lines. Support is a share of orders "
                    "(baskets)."),
        ),
    ),
    Question(
        id="08.q13",
        prompt="Smallest lift inside each planted bundle (Series, 1 decimal)?",
        expected=bundle_lifts,
        kind="series",
        atol=0.05,
        answer_kind="a Series of lifts indexed by bundle_id",
        hint="truth.bundles lists each bundle's products; take the lift of every pair of "
        "products in the bundle (support from orders) and keep the smallest per bundle.",
        mistakes=(
            Mistake(lambda w: bundle_lifts(w, largest=True),
                    "You kept the largest lift. A bundle is recovered when every pair in it "
                    "is strong: keep the smallest."),
            Mistake(lambda w: bundle_lifts(w, by_lines=True),
                    "You divided by the number of order lines. Support is a share of orders "
                    "(baskets)."),
        ),
    ),
    Question(
        id="08.q14",
        prompt="Hit rate of the rule recommender on last year's baskets, top 3 (3 decimals)?",
        expected=hit_rate,
        kind="share",
        atol=5e-4,
        answer_kind="a share between 0 and 1",
        hint="Rules from the orders before as_of - 365 days (pairs together in 3+ orders). "
        "From each later basket of 2+ products hide one, groupby('order_id').sample(1, "
        "random_state=8); recommend the 3 best by confidence from the rest (fill with the "
        "most popular) and count the hidden products found.",
        mistakes=(
            Mistake(lambda w: hit_rate(w, leak=True),
                    "Your rules were learned on the held-out baskets too. Learn them on the "
                    "earlier orders only, or the test is an open book."),
            Mistake(lambda w: hit_rate(w, popular=True),
                    "That is the most-popular baseline. Recommend by the rules' confidence "
                    "first."),
        ),
    ),
]
