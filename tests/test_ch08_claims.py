"""What chapter 08 teaches holds on every world the course uses, not only the default one.

The lesson states findings in words (its printed numbers change with the world); each is
checked here on the default seed and three others, in both locales, with the lesson's own
method (the helpers of :mod:`labkit.questions.ch08`):

- k-means on the scaled behaviour features recovers the planted segments (ARI ≥ 0.6),
  chapter 05's RFM rules do not (ARI < 0.15);
- the churn model trained at the cut-off ranks the true future well (AUC ≥ 0.75), within 0.05
  of the reachable ceiling (``reachable_probability``: the same data, the world's law known)
  and not above it beyond sampling noise; the ceilings of knowing more (the segment, each
  customer's own rates, who has dropped out) rank higher; the leak looks near perfect in
  validation;
- every planted bundle has a smallest pairwise lift of 3 or more;
- the uplift measured against the hold-out group is largest in the band the world planted
  (last order 91-180 days before the campaign), and the planted uplift ranks it first too;
- the rule recommender beats the most-popular baseline on held-out baskets.

Issue 13 asks for the churn AUC within 0.05 of the ceiling. The ceiling that knows what the
model sees is the reachable one; the lesson's model (logistic regression on recency, log
orders, complaints, unresolved tickets, tenure; scored on the customers with an order in the
year before ``as_of``) against the ladder:

=====  ======  =====  =========  =============  ===========  ======
seed   locale  model  reachable  segment known  rates known  hidden
=====  ======  =====  =========  =============  ===========  ======
2026   en_US   0.795  0.805      0.823          0.852        0.936
2026   zh_CN   0.783  0.789      0.809          0.840        0.932
7      en_US   0.779  0.795      0.814          0.846        0.928
7      zh_CN   0.810  0.832      0.862          0.872        0.936
11     en_US   0.758  0.784      0.802          0.846        0.932
11     zh_CN   0.793  0.802      0.819          0.854        0.926
13     en_US   0.822  0.838      0.863          0.896        0.950
13     zh_CN   0.810  0.834      0.851          0.880        0.957
=====  ======  =====  =========  =============  ===========  ======

(gap to the reachable ceiling 0.006 to 0.026; on seeds 1, 3, 5, 17 -0.002 to 0.032).
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import CHECK_LOCALES
from sklearn.metrics import roc_auc_score

import labkit
from labkit.questions import ch08
from labkit.settings import DEFAULT_SEED

SEEDS = (DEFAULT_SEED, 7, 11, 13)
CEILINGS = [
    "reachable_probability",
    "segment_known_probability",
    "rates_known_probability",
    "churn_probability",
]
WORLDS = [(seed, locale) for seed in SEEDS for locale in CHECK_LOCALES]


@pytest.fixture(scope="module")
def worlds(course_world_factory) -> dict[tuple[int, str], labkit.World]:
    return {key: course_world_factory(*key) for key in WORLDS}


@pytest.mark.slow
@pytest.mark.parametrize("key", WORLDS, ids=lambda k: f"{k[0]}-{k[1]}")
def test_kmeans_recovers_the_segments_and_rfm_rules_do_not(worlds, key) -> None:
    world = worlds[key]
    kmeans, rfm = ch08.kmeans_ari(world, 2), ch08.rfm_ari(world)
    assert kmeans >= 0.6, f"k-means ARI {kmeans:.3f} (planted segments recovered >= 0.6)"
    assert rfm < 0.15, f"RFM rules ARI {rfm:.3f} (they should not recover the segments)"
    assert not ch08._rfm_as_good(world)


@pytest.mark.slow
@pytest.mark.parametrize("key", WORLDS, ids=lambda k: f"{k[0]}-{k[1]}")
def test_churn_model_ranks_the_future_below_the_ceiling(worlds, key) -> None:
    world = worlds[key]
    scored = ch08.churn_scores(world, ch08.CHURN_FEATURES)
    auc = roc_auc_score(scored["churned"], scored["score"])
    truth = world.truth.churn.set_index("customer_id").reindex(scored.index)
    ceilings = [roc_auc_score(scored["churned"], truth[column]) for column in CEILINGS]
    reachable, segment, rates, hidden = ceilings
    measured = f"AUC {auc:.3f}, " + ", ".join(
        f"{column} {value:.3f}" for column, value in zip(CEILINGS, ceilings, strict=True)
    )
    assert auc >= 0.75, measured
    assert reachable - 0.05 <= auc <= reachable + 0.01, measured
    assert reachable < segment < rates < hidden, measured
    leaky = ch08.churn_features(world, world.as_of - ch08.HORIZON, recency_from=world.as_of)
    labels = ch08.churn_labels(world, leaky.index, world.as_of - ch08.HORIZON)
    assert roc_auc_score(labels, leaky["recency"]) > 0.97, "the leak nearly gives the label"


@pytest.mark.slow
@pytest.mark.parametrize("key", WORLDS, ids=lambda k: f"{k[0]}-{k[1]}")
def test_every_bundle_has_lift_three_and_rules_beat_popularity(worlds, key) -> None:
    world = worlds[key]
    lifts = ch08.bundle_lifts(world)
    assert len(lifts) == world.truth.bundles["bundle_id"].nunique()
    assert lifts.min() >= 3, lifts.round(2).to_dict()
    rules, popular = ch08.hit_rate(world), ch08.hit_rate(world, popular=True)
    assert rules > popular, f"rules {rules:.3f} vs most popular {popular:.3f}"


@pytest.mark.slow
@pytest.mark.parametrize("key", WORLDS, ids=lambda k: f"{k[0]}-{k[1]}")
def test_uplift_ranking_matches_the_planted_one(worlds, key) -> None:
    world = worlds[key]
    measured = ch08.uplift_by_recency(world)
    purchases = ch08.campaign_purchases(world).merge(
        world.truth.uplift, on=["campaign_id", "customer_id"]
    )
    band = pd.cut(purchases["days_since"], ch08.BANDS, labels=ch08.BANDS[1:])
    planted = purchases.groupby(band, observed=True)["uplift"].mean()
    assert measured.idxmax() == planted.idxmax() == 180, (
        measured.round(3).to_dict(),
        planted.round(3).to_dict(),
    )
    assert ch08._uplift(world) > 0
