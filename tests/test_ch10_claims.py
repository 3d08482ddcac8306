"""What chapter 10 teaches holds on every world the course uses, not only the default one.

The lesson states findings in words (its printed numbers change with the world). Each is
checked here with the lesson's own method on the default seed and three others, in both
locales:

- a TF-IDF + logistic regression model trained on *another seed's* world beats the
  sentiment lexicon clearly and stays clearly below perfect; the lexicon's accuracy is
  below always answering the commonest label, its macro-F1 above; the neutral class is
  recalled worst; texts with a "but" are misread more often; the stars agree with the
  labels about as often as the model; the topic model is right about three times in four;
- complaints have the lowest first-contact resolution rate, high priority the lowest SLA
  compliance; the backlog grows and most open tickets are old;
- call-centre follow-ups are rated below the average; survey respondents with a ticket
  rate about the same as the others;
- troubled buyers churn less in the raw numbers and more once recency, orders and tenure
  are held equal (odds ratio above 1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import CHECK_LOCALES

import labkit
from labkit.questions import ch10
from labkit.settings import DEFAULT_SEED
from labkit.text import tokenize_all

SEEDS = (DEFAULT_SEED, 7, 11, 13)
WORLDS = [(seed, locale) for seed in SEEDS for locale in CHECK_LOCALES]
#: Each world's text models are trained on the feedback of another seed's world.
TRAIN_ON = {DEFAULT_SEED: 7, 7: 11, 11: 13, 13: DEFAULT_SEED}
BUT = r"\b(?:but|however|though)\b|但是|不过|就是|可是|唯一"


@pytest.fixture(scope="module")
def worlds(course_world_factory) -> dict[tuple[int, str], labkit.World]:
    return {key: course_world_factory(*key) for key in WORLDS}


def text_scores(world: labkit.World, other: labkit.World) -> dict[str, float]:
    """The lesson's section 3 on ``world``, the models trained on ``other``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score

    test = ch10._labelled(world)
    train = ch10._labelled(other)
    train_words = [" ".join(ws) for ws in tokenize_all(train["text"], world.locale)]
    test_words = [" ".join(ws) for ws in tokenize_all(test["text"], world.locale)]
    vectorizer = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True)
    features = vectorizer.fit_transform(train_words)
    unseen = vectorizer.transform(test_words)
    model = LogisticRegression(solver="saga", max_iter=1000, random_state=0)
    predicted = model.fit(features, train["sentiment"]).predict(unseen)
    in_sample = model.predict(features)
    topics = LogisticRegression(solver="saga", max_iter=1000, random_state=0)
    topic_predicted = topics.fit(features, train["topic"]).predict(unseen)
    truth = test["sentiment"]
    lexicon = ch10._lexicon_labels(test["text"], world.locale)
    commonest = np.full(len(truth), truth.mode()[0])
    stars = np.select([test["rating"] >= 4, test["rating"] <= 2], ["positive", "negative"],
                      "neutral")
    wrong = pd.Series(predicted != truth.to_numpy(), index=test.index)
    has_but = test["text"].str.contains(BUT, case=False)
    recall = wrong.groupby(truth).mean().rsub(1)
    return {
        "model_accuracy": accuracy_score(truth, predicted),
        "model_f1": f1_score(truth, predicted, average="macro"),
        "in_sample_f1": f1_score(train["sentiment"], in_sample, average="macro"),
        "lexicon_accuracy": accuracy_score(truth, lexicon),
        "lexicon_f1": f1_score(truth, lexicon, average="macro"),
        "commonest_accuracy": accuracy_score(truth, commonest),
        "commonest_f1": f1_score(truth, commonest, average="macro"),
        "stars_accuracy": accuracy_score(truth, stars),
        "worst_recalled": recall.idxmin(),
        "error_with_but": wrong[has_but].mean(),
        "error_without_but": wrong[~has_but].mean(),
        "topic_accuracy": accuracy_score(test["topic"], topic_predicted),
        "topic_commonest": (test["topic"] == test["topic"].mode()[0]).mean(),
        "verbatim": float(test["text"].isin(set(train["text"])).mean()),
    }


@pytest.mark.slow
@pytest.mark.parametrize("key", WORLDS, ids=lambda k: f"{k[0]}-{k[1]}")
def test_a_model_trained_on_another_world_beats_the_lexicon(worlds, course_world_factory,
                                                            key) -> None:
    seed, locale = key
    scores = text_scores(worlds[key], course_world_factory(TRAIN_ON[seed], locale))
    shown = {name: value if isinstance(value, str) else round(value, 3)
             for name, value in scores.items()}
    assert 0.78 <= scores["model_accuracy"] <= 0.92, shown
    assert scores["lexicon_accuracy"] <= scores["model_accuracy"] - 0.2, shown
    assert scores["lexicon_f1"] <= scores["model_f1"] - 0.2, shown
    assert scores["lexicon_accuracy"] < scores["commonest_accuracy"], shown
    assert scores["lexicon_f1"] > scores["commonest_f1"], shown
    assert scores["in_sample_f1"] > scores["model_f1"], shown
    assert scores["verbatim"] < 0.10, shown
    assert scores["worst_recalled"] == "neutral", shown
    assert scores["error_with_but"] > 1.2 * scores["error_without_but"], shown
    assert abs(scores["stars_accuracy"] - scores["model_accuracy"]) < 0.05, shown
    assert 0.65 <= scores["topic_accuracy"] <= 0.85, shown
    assert scores["topic_accuracy"] > 2 * scores["topic_commonest"], shown


@pytest.mark.slow
@pytest.mark.parametrize("key", WORLDS, ids=lambda k: f"{k[0]}-{k[1]}")
def test_handling_metrics_say_what_the_lesson_says(worlds, key) -> None:
    world = worlds[key]
    tickets = ch10._tickets(world)
    fcr = tickets.groupby("topic")["first_contact_resolved"].mean()
    assert fcr.idxmin() == "complaint" and fcr["complaint"] < 0.65, fcr.round(3).to_dict()
    assert ch10._worst_priority(world).values == ("high",)
    a_year_ago = world.as_of - pd.DateOffset(months=12)
    then = ((tickets["opened_at"] <= a_year_ago) & ~(tickets["resolved_at"] <= a_year_ago)).sum()
    still_open = tickets[tickets["status"] == "open"]
    assert len(still_open) > then, "the backlog grows over the last year"
    age = (world.as_of - still_open["opened_at"]).dt.days
    assert age.median() > 180, f"median age of open tickets {age.median()} days"


@pytest.mark.slow
@pytest.mark.parametrize("key", WORLDS, ids=lambda k: f"{k[0]}-{k[1]}")
def test_follow_ups_rate_lowest_and_a_ticket_leaves_the_survey_alone(worlds, key) -> None:
    world = worlds[key]
    feedback = world.feedback
    follow_ups = feedback.loc[feedback["channel"] == "call_centre", "rating"].mean()
    assert follow_ups < feedback["rating"].mean(), f"follow-ups rated {follow_ups:.2f}"
    surveys = world.surveys
    start = surveys["answered_at"].min().normalize()
    tickets = world.service_tickets
    year = tickets[(tickets["opened_at"] < start)
                   & (tickets["opened_at"] >= start - pd.Timedelta(days=365))]
    had = surveys["customer_id"].isin(year["customer_id"])
    items = ["sat_product", "sat_price", "sat_service", "sat_delivery"]
    gap = surveys.loc[had, items].mean() - surveys.loc[~had, items].mean()
    assert (gap.abs() < 0.3).all(), gap.round(2).to_dict()


@pytest.mark.slow
@pytest.mark.parametrize("key", WORLDS, ids=lambda k: f"{k[0]}-{k[1]}")
def test_trouble_raises_churn_only_once_buyers_are_alike(worlds, key) -> None:
    world = worlds[key]
    raw = ch10._odds_ratio(world, controls=False)
    controlled = ch10._odds_ratio(world)
    # measured on the 8 worlds: raw 0.16-0.34, controlled 1.24-3.57
    assert raw < 1, f"raw odds ratio {raw:.2f}"
    assert controlled > 1.1, f"controlled odds ratio {controlled:.2f}"
