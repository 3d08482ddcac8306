"""The customer's voice: service tickets, feedback texts and survey answers.

Feedback texts are hard enough to need a model and not so hard that a model
fails (a trained TF-IDF + logistic regression beats a sentiment word list
clearly, stays clearly below perfect, and test texts are rarely copies of
training texts); return tickets follow returned orders; tickets keep the
service centre's hours; the survey answers come in a fieldwork window.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import labkit
from labkit import vocabularies
from labkit.world import DEFAULT_N_CUSTOMERS, DEFAULT_SEED, LOCALES
from labkit.world.generator import engagement, feedback_texts, survey_answers
from labkit.world.generator.timeline import Timeline

#: A fixed, small sentiment word list: the lexicon baseline of chapter 10.
LEXICON = {
    "en_US": (
        "good great excellent love happy fast quick easy perfect recommend amazing best nice "
        "helpful friendly fair value smooth fresh impressed".split(),
        "bad terrible slow broken broke poor worst disappointed disappointing late rude "
        "expensive overpriced cheap problem never crashing waste defective avoid".split(),
    ),
    "zh_CN": (
        "好 不错 满意 喜欢 快 方便 推荐 实惠 划算 值 棒 赞 耐心 新鲜 精致 流畅".split(),
        "差 慢 坏 失望 贵 烂 问题 不好 垃圾 麻烦 投诉 差评 卡 闪退 过敏 难".split(),
    ),
}


@pytest.fixture(scope="module", params=LOCALES)
def world(request) -> labkit.World:
    return labkit.make_world(DEFAULT_SEED, DEFAULT_N_CUSTOMERS, request.param)


def lexicon_sentiment(texts: pd.Series, locale: str) -> np.ndarray:
    """Positive words minus negative words: > 0 positive, < 0 negative, else neutral."""
    positive, negative = LEXICON[locale]
    labels = []
    for text in texts:
        if locale == "zh_CN":  # no segmentation: count each word wherever it occurs
            balance = sum(text.count(w) for w in positive) - sum(text.count(w) for w in negative)
        else:
            words = re.findall(r"[a-z']+", text.lower())
            balance = sum(w in positive for w in words) - sum(w in negative for w in words)
        labels.append("positive" if balance > 0 else "negative" if balance < 0 else "neutral")
    return np.array(labels)


def text_scores(world: labkit.World) -> dict[str, float]:
    """Accuracy and macro-F1 of a TF-IDF + logistic regression model and of the lexicon,
    on a test set of 30% of the customers, and the share of test texts seen in training."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import GroupShuffleSplit

    feedback = world.feedback.merge(world.truth.feedback, on="feedback_id")
    split = GroupShuffleSplit(n_splits=1, test_size=0.3, random_state=0)
    train_rows, test_rows = next(split.split(feedback, groups=feedback["customer_id"]))
    train, test = feedback.iloc[train_rows], feedback.iloc[test_rows]
    if world.locale == "zh_CN":  # character n-grams stand in for word segmentation
        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)
    else:
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    model = LogisticRegression(max_iter=1000)
    model.fit(vectorizer.fit_transform(train["text"]), train["sentiment"])
    predicted = model.predict(vectorizer.transform(test["text"]))
    lexicon = lexicon_sentiment(test["text"], world.locale)
    return {
        "model_accuracy": accuracy_score(test["sentiment"], predicted),
        "model_f1": f1_score(test["sentiment"], predicted, average="macro"),
        "lexicon_accuracy": accuracy_score(test["sentiment"], lexicon),
        "lexicon_f1": f1_score(test["sentiment"], lexicon, average="macro"),
        "verbatim": float(test["text"].isin(set(train["text"])).mean()),
    }


# ----------------------------------------------------------------------------- feedback texts
@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("seed", [DEFAULT_SEED, 7])
def test_text_model_beats_lexicon_but_is_not_perfect(seed: int, locale: str) -> None:
    world = labkit.make_world(seed, DEFAULT_N_CUSTOMERS, locale)
    scores = text_scores(world)
    shown = {name: round(value, 3) for name, value in scores.items()}
    assert 0.75 <= scores["model_accuracy"] <= 0.92, shown
    assert scores["lexicon_accuracy"] <= scores["model_accuracy"] - 0.08, shown
    assert scores["lexicon_f1"] <= scores["model_f1"] - 0.08, shown
    assert scores["verbatim"] < 0.10, shown


def test_texts_are_compositional_and_consumer_like(world):
    text = world.feedback["text"]
    assert not text.str.contains(r"[{}]").any(), "an unfilled slot"
    assert not text.str.contains("account manager|客户经理", case=False).any()
    assert text.nunique() / len(text) > 0.85
    lengths = text.str.len()
    assert lengths.quantile(0.9) > 2 * lengths.quantile(0.1), "texts of different lengths"
    if world.locale == "zh_CN":
        assert text.str.contains("但是|不过|就是|可是").mean() > 0.10
        assert text.str.contains("不|没").mean() > 0.15
        assert text.str.contains("[\U0001f300-\U0001faff]").mean() > 0.05, "emoji"
    else:
        assert (
            text.str.contains(r"\b(?:but|though|However)\b|only complaint|Only thing").mean() > 0.10
        )
        assert text.str.contains(r"\b(?:not|never|no|n't)\b|n't").mean() > 0.10
    products = world.products["name"]
    short = feedback_texts.texts()["feedback"][world.locale]["products"]
    assert set(products) <= set(short), "every product has an everyday name"


def test_ratings_are_j_shaped_and_mostly_agree_with_the_text(world):
    feedback = world.feedback.merge(world.truth.feedback, on="feedback_id")
    share = feedback["rating"].value_counts(normalize=True).reindex(range(1, 6), fill_value=0)
    assert share[5] == share.max() and share[1] > share[2] and share[1] > share[3]
    mismatch = ((feedback["sentiment"] == "positive") & (feedback["rating"] <= 2)) | (
        (feedback["sentiment"] == "negative") & (feedback["rating"] >= 4)
    )
    assert 0.005 < mismatch.mean() < 0.08, "some, but few, ratings contradict the text"


def test_feedback_is_posted_when_people_are_online(world):
    hour = world.feedback["created_at"].dt.hour
    assert hour.between(19, 22).mean() > 0.25
    assert hour.between(2, 5).mean() < 0.05


def test_feedback_follows_its_order_or_ticket(world):
    first = world.orders.groupby("customer_id")["ordered_at"].min()
    written = world.feedback.set_index("customer_id")["created_at"]
    assert (written > first.reindex(written.index)).all()


# ----------------------------------------------------------------------------- service tickets
def _small_history(status: bool) -> tuple[pd.DataFrame, SimpleNamespace, Timeline]:
    """Orders of 400 customers over two years, with a status column if asked."""
    rng = np.random.default_rng(5)
    timeline = Timeline.make(pd.Timestamp("2025-12-31"), "en_US")
    n_orders = 6000
    day = rng.integers(timeline.as_of_idx - 730, timeline.as_of_idx + 1, size=n_orders)
    ordered_at = timeline.day_stamps()[day] + rng.integers(8 * 3600, 22 * 3600, size=n_orders)
    history = pd.DataFrame(
        {
            "customer_idx": rng.integers(0, 400, size=n_orders),
            "day": day,
            "is_first": False,
            "channel_code": 0,
            "ordered_at": ordered_at.astype("datetime64[s]"),
        }
    )
    if status:
        history["status"] = np.where(rng.random(n_orders) < 0.15, "returned", "delivered")
    latent = SimpleNamespace(frailty=rng.gamma(4.0, 0.25, size=400))
    return history, latent, timeline


def test_return_tickets_come_from_returned_orders():
    history, latent, timeline = _small_history(status=True)
    tickets = engagement.tickets(np.random.default_rng(1), history, latent, timeline)
    returns = tickets[tickets["topic"] == "return_refund"]
    assert len(returns) > 20
    assert (history.loc[returns["order_pos"], "status"] == "returned").all()
    share = returns["order_pos"].nunique() / (history["status"] == "returned").sum()
    assert 0.08 < share < 0.25  # RETURN_TICKET_SHARE = 0.15
    others = tickets[tickets["topic"] != "return_refund"]
    assert len(others) > 100


def test_without_status_return_tickets_still_appear():
    history, latent, timeline = _small_history(status=False)
    tickets = engagement.tickets(np.random.default_rng(1), history, latent, timeline)
    assert (tickets["topic"] == "return_refund").mean() > 0.1


def test_tickets_keep_service_hours_and_follow_their_order(world):
    tickets = world.service_tickets
    hour = tickets["opened_at"].dt.hour
    staffed = tickets["channel"].isin(["phone", "online_chat"])
    assert not ((hour < 8) & staffed).any()
    assert ((hour >= 7) & (hour < 22)).mean() > 0.9
    ordered = world.orders.set_index("order_id")["ordered_at"]
    assert (tickets["opened_at"] > ordered.reindex(tickets["order_id"]).to_numpy()).all()
    assert set(vocabularies.TICKET_CHANNELS) == set(tickets["channel"])


def test_first_contact_tickets_are_solved_in_the_contact(world):
    tickets = world.service_tickets
    hours = (tickets["resolved_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    first = tickets["first_contact_resolved"]
    assert first.dtype == bool and 0.6 < first.mean() < 0.8
    assert (tickets.loc[first, "status"] == "resolved").all()
    quick = ~tickets["channel"].eq("email")
    assert hours[first & quick].median() < 0.5
    assert hours[~first].median() > 5


# ----------------------------------------------------------------------------- surveys
def test_survey_answers_come_in_a_fieldwork_window(world):
    answered = world.surveys["answered_at"]
    start = survey_answers.fieldwork_start(world.as_of)
    assert answered.min() >= start
    assert answered.max() < start + pd.Timedelta(days=21)
    per_day = answered.dt.normalize().value_counts()
    assert per_day.idxmax() == start  # most answers right after the invitation


def test_nps_answers_heap_on_round_numbers(world):
    counts = world.surveys["nps"].value_counts().reindex(range(11), fill_value=0)
    assert counts[10] > counts[9] and counts[8] > counts[7]
    assert counts[5] > max(counts[4], counts[6]) and counts[0] > counts[1]
    assert counts.idxmax() == 10
