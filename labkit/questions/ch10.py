"""Chapter 10 · Feedback and experience: questions.

Every expected answer is computed from the learner's own world with pandas (and, for
the text model, a small scikit-learn model with a fixed solver and seed), so the
questions work for any seed, size and locale. The lesson works on all tickets and on
a model trained on another world; the questions ask the same methods on other slices
(e-mail tickets, complaints, normal priority, the texts of ``as_of``'s year), so no
answer can be copied from the lesson's printed numbers.

Resolution hours are (resolved_at - opened_at) of resolved tickets. A ticket meets its
service-level agreement (SLA) when it is resolved within its priority's target
(:data:`TARGET_HOURS`); an open ticket older than its target has missed it, an open
ticket younger than its target is not judged yet. "Service trouble" is a complaint
ticket or a negative feedback (the hand-coded labels, ``world.truth.feedback``) in the
180 days before ``as_of``, or a ticket still open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit.questions import AnyOf, Mistake, Question
from labkit.text import SENTIMENT_WORDS, tokenize_all

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World

#: Resolution targets of Xudong's service-level agreement, in hours, by priority.
TARGET_HOURS = {"high": 24, "normal": 72, "low": 120}
RECENT_DAYS = 180
OPEN = "Open tickets count too: they are part of the work, and an old open ticket has missed "


# ----------------------------------------------------------------------------- handling
def _tickets(world: World) -> pd.DataFrame:
    tickets = world["service_tickets"].copy()
    tickets["hours"] = (tickets["resolved_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    return tickets


def _bad_share(world: World, *, stars: int = 2, overall: bool = False) -> pd.Series:
    feedback = world["feedback"]
    bad = feedback["rating"] <= stars
    if overall:
        share = bad.groupby(feedback["channel"]).sum() / len(feedback)
    else:
        share = bad.groupby(feedback["channel"]).mean()
    return share.rename("low_rating_share").rename_axis("channel")


def _median_hours(world: World, channel: str = "email", *, mean: bool = False,
                  days: bool = False) -> float:
    tickets = _tickets(world)
    hours = tickets.loc[tickets["channel"] == channel, "hours"].dropna()
    value = hours.mean() if mean else hours.median()
    return float(value / 24 if days else value)


def _fcr(world: World, topic: str | None = "complaint", *, resolved_only: bool = False) -> float:
    tickets = _tickets(world)
    if topic is not None:
        tickets = tickets[tickets["topic"] == topic]
    if resolved_only:
        tickets = tickets[tickets["status"] == "resolved"]
    return float(tickets["first_contact_resolved"].mean())


def _sla_flags(world: World, *, drop_open: bool = False, one_target: float | None = None
               ) -> pd.DataFrame:
    tickets = _tickets(world)
    target = tickets["priority"].map(TARGET_HOURS) if one_target is None else one_target
    age = (world.as_of - tickets["opened_at"]).dt.total_seconds() / 3600
    resolved = tickets["resolved_at"].notna()
    judged = resolved if drop_open else resolved | (age > target)
    tickets["met"] = resolved & (tickets["hours"] <= target)
    return tickets[judged]


def _sla(world: World, priority: str = "normal", **kwargs) -> float:
    flags = _sla_flags(world, **kwargs)
    return float(flags.loc[flags["priority"] == priority, "met"].mean())


def _worst_priority(world: World, **kwargs) -> AnyOf:
    compliance = _sla_flags(world, **kwargs).groupby("priority")["met"].mean().round(3)
    return AnyOf(tuple(compliance.index[compliance == compliance.min()]))


def _backlog(world: World, *, now: bool = False, that_year_only: bool = False) -> int:
    tickets = world["service_tickets"]
    if now:
        return int((tickets["status"] == "open").sum())
    end = pd.Timestamp(year=world.as_of.year - 1, month=12, day=31, hour=23, minute=59,
                       second=59)
    opened = tickets["opened_at"] <= end
    if that_year_only:
        opened &= tickets["opened_at"].dt.year == end.year
    waiting = tickets["resolved_at"].isna() | (tickets["resolved_at"] > end)
    return int((opened & waiting).sum())


def _topic_table(world: World, *, mean: bool = False) -> pd.DataFrame:
    tickets = _tickets(world)
    per = tickets.groupby("topic")
    return pd.DataFrame({
        "tickets": per.size(),
        "fcr_rate": per["first_contact_resolved"].mean(),
        "median_hours": per["hours"].mean() if mean else per["hours"].median(),
    }).rename_axis("topic")


# ----------------------------------------------------------------------------- texts
def _labelled(world: World) -> pd.DataFrame:
    return world["feedback"].merge(world.truth.feedback, on="feedback_id")


def _this_year(world: World) -> pd.Series:
    feedback = world["feedback"]
    return feedback["created_at"].dt.year == world.as_of.year


def _vocabulary(world: World, *, how: str = "words") -> int:
    texts = world["feedback"].loc[_this_year(world), "text"]
    if how == "characters":
        return len(set("".join(texts)))
    if how == "spaces":
        return len({word for text in texts for word in text.split()})
    return len({word for words in tokenize_all(texts, world.locale) for word in words})


def _lexicon_labels(texts: pd.Series, locale: str, *, ties: str = "neutral") -> np.ndarray:
    positive, negative = (set(words) for words in SENTIMENT_WORDS[locale])
    balance = np.array([sum(w in positive for w in words) - sum(w in negative for w in words)
                        for words in tokenize_all(texts, locale)])
    return np.where(balance > 0, "positive", np.where(balance < 0, "negative", ties))


def _lexicon_accuracy(world: World, **kwargs) -> float:
    feedback = _labelled(world)[_this_year(world).to_numpy()]
    labels = _lexicon_labels(feedback["text"], world.locale, **kwargs)
    return float((labels == feedback["sentiment"].to_numpy()).mean())


def _model_score(world: World, *, on_training: bool = False, accuracy: bool = False) -> float:
    """Macro-F1 of TF-IDF (words and word pairs) + logistic regression, trained on the texts
    before as_of's year and scored on those of as_of's year."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # only when a check needs it
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score

    feedback = _labelled(world)
    words = [" ".join(tokens) for tokens in tokenize_all(feedback["text"], world.locale)]
    feedback = feedback.assign(words=words)
    later = _this_year(world).to_numpy()
    train = feedback[~later]
    test = train if on_training else feedback[later]
    vectorizer = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True)
    model = LogisticRegression(solver="saga", max_iter=1000, random_state=0)
    model.fit(vectorizer.fit_transform(train["words"]), train["sentiment"])
    predicted = model.predict(vectorizer.transform(test["words"]))
    if accuracy:
        return float(accuracy_score(test["sentiment"], predicted))
    return float(f1_score(test["sentiment"], predicted, average="macro"))


# ----------------------------------------------------------------------------- experience
def _nps(scores: pd.Series, *, promoters_from: int = 9) -> float:
    return float(100 * ((scores >= promoters_from).mean() - (scores <= 6).mean()))


def _nps_gap(world: World, *, promoters_from: int = 9, mean: bool = False) -> float:
    surveys = world["surveys"]
    start = surveys["answered_at"].min().normalize()
    tickets = world["service_tickets"]
    year = tickets[(tickets["opened_at"] < start)
                   & (tickets["opened_at"] >= start - pd.Timedelta(days=365))]
    had = surveys["customer_id"].isin(year["customer_id"])
    if mean:
        return float(surveys.loc[had, "nps"].mean() - surveys.loc[~had, "nps"].mean())
    return (_nps(surveys.loc[had, "nps"], promoters_from=promoters_from)
            - _nps(surveys.loc[~had, "nps"], promoters_from=promoters_from))


def churn_frame(world: World) -> pd.DataFrame:
    """One row per buyer: recency, orders in the last year, tenure, service trouble, churned."""
    as_of = world.as_of
    recent = as_of - pd.Timedelta(days=RECENT_DAYS)
    orders, tickets = world["orders"], world["service_tickets"]
    feedback = _labelled(world)
    last = orders.groupby("customer_id")["ordered_at"].max()
    frame = pd.DataFrame(index=last.index)
    frame["log_recency"] = np.log1p((as_of - last).dt.days.clip(lower=0))
    year = orders[orders["ordered_at"] > as_of - pd.Timedelta(days=365)]
    frame["log_orders_365d"] = np.log1p(year.groupby("customer_id").size()
                                        .reindex(frame.index, fill_value=0))
    signup = world["customers"].set_index("customer_id")["signup_date"]
    frame["tenure_years"] = (as_of - signup.reindex(frame.index)).dt.days / 365.25
    troubled = (set(feedback.loc[(feedback["sentiment"] == "negative")
                                 & (feedback["created_at"] > recent), "customer_id"])
                | set(tickets.loc[(tickets["topic"] == "complaint")
                                  & (tickets["opened_at"] > recent), "customer_id"])
                | set(tickets.loc[tickets["status"] == "open", "customer_id"]))
    frame["trouble"] = frame.index.isin(list(troubled)).astype(float)
    churned = world.truth.churn.set_index("customer_id")["churned"]
    frame["churned"] = churned.reindex(frame.index).astype(int)
    return frame


def _odds_ratio(world: World, *, controls: bool = True) -> float:
    frame = churn_frame(world)
    if not controls:
        rate = frame.groupby("trouble")["churned"].mean()
        return float((rate[1.0] / (1 - rate[1.0])) / (rate[0.0] / (1 - rate[0.0])))
    from sklearn.linear_model import LogisticRegression  # only when a check needs it

    columns = ["log_recency", "log_orders_365d", "tenure_years", "trouble"]
    model = LogisticRegression(C=1e6, max_iter=5000).fit(frame[columns], frame["churned"])
    return float(np.exp(model.coef_[0][-1]))


def _trouble_raises_churn(world: World, *, controls: bool = True) -> bool:
    return _odds_ratio(world, controls=controls) > 1


QUESTIONS = [
    Question(
        id="10.q1",
        prompt="Share of feedback rated 1 or 2 stars, per feedback channel (Series, 3 "
        "decimals)?",
        expected=_bad_share,
        kind="series",
        atol=5e-4,
        answer_kind="a Series of shares indexed by channel",
        hint="Per channel of world.feedback: the feedback with rating <= 2 divided by all the "
        "feedback of that channel (groupby('channel') and mean of a True/False column).",
        mistakes=(
            Mistake(lambda w: _bad_share(w, stars=3),
                    "3 stars is the middle of the scale, not a low rating: count 1 and 2."),
            Mistake(lambda w: _bad_share(w, overall=True),
                    "You divided by all the feedback; divide by the feedback of each channel."),
        ),
    ),
    Question(
        id="10.q2",
        prompt="Median hours to resolve an e-mail ticket (number, 2 decimals)?",
        expected=_median_hours,
        kind="number",
        atol=5e-3,
        answer_kind="a number of hours",
        hint="Resolution hours = (resolved_at - opened_at).dt.total_seconds() / 3600 of the "
        "resolved tickets whose channel is 'email'; take the median.",
        mistakes=(
            Mistake(lambda w: _median_hours(w, mean=True),
                    "That is the mean. Resolution times have a long tail, so a few slow cases "
                    "pull the mean up: the question asks for the median."),
            Mistake(lambda w: _median_hours(w, days=True),
                    "That is in days; give hours."),
        ),
    ),
    Question(
        id="10.q3",
        prompt="First-contact resolution rate of complaint tickets (share, 3 decimals)?",
        expected=_fcr,
        kind="share",
        atol=5e-4,
        answer_kind="a share between 0 and 1",
        hint="Keep the tickets whose topic is 'complaint' (open ones too: they were not solved "
        "at the first contact) and take the mean of first_contact_resolved.",
        mistakes=(
            Mistake(lambda w: _fcr(w, None),
                    "That is the rate of all tickets; keep the complaints."),
            Mistake(lambda w: _fcr(w, resolved_only=True),
                    "Open complaints count too: a ticket still open was not solved at the first "
                    "contact."),
        ),
    ),
    Question(
        id="10.q4",
        prompt="SLA compliance of normal-priority tickets, target 72 hours (share, 3 "
        "decimals)?",
        expected=_sla,
        kind="share",
        atol=5e-4,
        answer_kind="a share between 0 and 1",
        hint="Normal-priority tickets resolved within 72 hours, divided by the resolved ones "
        "plus the open ones older than 72 hours at as_of (they have missed the target).",
        mistakes=(
            Mistake(lambda w: _sla(w, drop_open=True),
                    OPEN + "its target: count it as a miss."),
            Mistake(lambda w: _sla(w, one_target=24),
                    "You used the high-priority target (24 hours); normal priority has 72."),
        ),
    ),
    Question(
        id="10.q5",
        prompt="Backlog at the end of the year before as_of's year (exact whole number)?",
        expected=_backlog,
        kind="count",
        answer_kind="a whole number of tickets",
        hint="Tickets opened by 31 December of that year and not resolved by then: resolved_at "
        "empty or later than the year's end.",
        mistakes=(
            Mistake(lambda w: _backlog(w, now=True),
                    "You counted the tickets open at as_of; the question asks about the end of "
                    "the year before: a ticket resolved since then was still waiting then."),
            Mistake(lambda w: _backlog(w, that_year_only=True),
                    "You kept only tickets opened that year; older unresolved tickets are in "
                    "the backlog too."),
        ),
    ),
    Question(
        id="10.q6",
        prompt="Tickets, FCR rate and median hours per topic (DataFrame, 3 significant digits)?",
        expected=_topic_table,
        kind="frame",
        rtol=5e-3,
        answer_kind="a DataFrame indexed by topic with tickets, fcr_rate and median_hours",
        hint="groupby('topic'): the number of tickets, the mean of first_contact_resolved and "
        "the median of the resolution hours (resolved tickets).",
        mistakes=(
            Mistake(lambda w: _topic_table(w, mean=True),
                    "median_hours is the median, not the mean: the long tail of slow cases "
                    "pulls the mean up."),
        ),
    ),
    Question(
        id="10.q7",
        prompt="Which priority misses its SLA target most often (high, normal or low)?",
        expected=_worst_priority,
        kind="text",
        answer_kind="a priority: high, normal or low",
        hint="Per priority, the SLA compliance with its own target (high 24 h, normal 72 h, low "
        "120 h; open tickets older than the target are misses); name the lowest (ties of 3 "
        "decimals all count).",
        mistakes=(
            Mistake(lambda w: _worst_priority(w, one_target=24),
                    "You held every priority to 24 hours. Each priority has its own target: "
                    "a low-priority case may take five days."),
        ),
    ),
    Question(
        id="10.q8",
        prompt="How many distinct words are in the feedback texts of as_of's year (exact)?",
        expected=_vocabulary,
        kind="count",
        answer_kind="a whole number of distinct words",
        hint="Keep the feedback created in as_of's year; cut each text with "
        "labkit.text.tokenize(text, world.locale) and count the distinct words of all texts.",
        mistakes=(
            Mistake(lambda w: _vocabulary(w, how="characters"),
                    "You counted characters. A word is what the tokenizer returns (jieba's "
                    "segmentation in Chinese)."),
            Mistake(lambda w: _vocabulary(w, how="spaces"),
                    "Splitting on spaces keeps punctuation on the words and cannot cut Chinese "
                    "at all; use labkit.text.tokenize."),
        ),
    ),
    Question(
        id="10.q9",
        prompt="Accuracy of the word list on the texts of as_of's year (share, 3 decimals)?",
        expected=_lexicon_accuracy,
        kind="share",
        atol=5e-4,
        answer_kind="a share between 0 and 1",
        hint="For each text of as_of's year: positive words minus negative words of "
        "labkit.text.SENTIMENT_WORDS among its tokens; > 0 positive, < 0 negative, 0 neutral. "
        "Accuracy = share equal to world.truth.feedback's sentiment.",
        mistakes=(
            Mistake(lambda w: _lexicon_accuracy(w, ties="positive"),
                    "A text with as many positive as negative words (or none) is neutral, not "
                    "positive."),
        ),
    ),
    Question(
        id="10.q10",
        prompt="Macro-F1 of the model trained before as_of's year, on that year (3 decimals)?",
        expected=_model_score,
        kind="number",
        atol=5e-4,
        answer_kind="a macro-F1 between 0 and 1",
        hint="Train the lesson's model (tokens joined by spaces, TfidfVectorizer(token_pattern="
        "r'\\S+', ngram_range=(1, 2), sublinear_tf=True), LogisticRegression(solver='saga', "
        "max_iter=1000, random_state=0)) on the feedback before as_of's year; score "
        "f1_score(..., average='macro') on the feedback of that year.",
        mistakes=(
            Mistake(lambda w: _model_score(w, on_training=True),
                    "You scored the model on the texts it was trained on. It has seen their "
                    "answers: score it on the texts of as_of's year, which it never saw."),
            Mistake(lambda w: _model_score(w, accuracy=True),
                    "That is the accuracy; the question asks for the macro-F1 (f1_score with "
                    "average='macro'), which weighs the small neutral class as much as the "
                    "others."),
        ),
    ),
    Question(
        id="10.q11",
        prompt="NPS of respondents with a ticket in the prior year minus the others' (1 decimal)?",
        expected=_nps_gap,
        kind="number",
        atol=0.05,
        answer_kind="a difference of NPS points (may be negative)",
        hint="Fieldwork starts on the day of the first answer; a respondent 'had a ticket' if "
        "one was opened in the 365 days before that day. NPS = % answering 9-10 minus % "
        "answering 0-6, in points; subtract the others' NPS.",
        mistakes=(
            Mistake(lambda w: _nps_gap(w, promoters_from=8),
                    "Promoters answer 9 or 10; 7 and 8 are passives."),
            Mistake(lambda w: _nps_gap(w, mean=True),
                    "That is a difference of mean scores, not of NPS (% promoters - % "
                    "detractors)."),
        ),
    ),
    Question(
        id="10.q12",
        prompt="Odds ratio of churn for service trouble, with the controls (2 decimals)?",
        expected=_odds_ratio,
        kind="number",
        rtol=0.02,
        answer_kind="an odds ratio (1 = no link)",
        hint="Build the lesson's churn table of buyers (log_recency, log_orders_365d, "
        "tenure_years, trouble, churned); fit LogisticRegression(C=1e6, max_iter=5000) on the "
        "four columns; the odds ratio is exp of the coefficient of trouble.",
        mistakes=(
            Mistake(lambda w: _odds_ratio(w, controls=False),
                    "That is the raw odds ratio, without controls. Customers with trouble are "
                    "recent, frequent buyers, who churn less anyway: control for recency, "
                    "orders and tenure."),
        ),
    ),
    Question(
        id="10.q13",
        prompt="Judged with those controls, does service trouble raise churn (True or False)?",
        expected=_trouble_raises_churn,
        kind="bool",
        answer_kind="True or False",
        hint="Compare the controlled odds ratio of question 12 with 1.",
        mistakes=(
            Mistake(lambda w: _trouble_raises_churn(w, controls=False),
                    "The raw comparison says troubled customers churn less, because they are "
                    "the active buyers. Judge with recency, orders and tenure held equal."),
        ),
    ),
]
