"""Service after the sale: tickets, feedback texts and survey answers.

They share the customers' latent traits, so satisfaction, sentiment and churn
hang together the way they do in a real business: frail customers open more
tickets and complain more, slow or open tickets bring negative feedback, and
both lower the survey scores. The web log is in
:mod:`labkit.world.generator.web`, the marketing campaigns in
:mod:`labkit.world.generator.campaigns`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import calendar, parameters
from .consumers import LatentTraits
from .locales import GeneratorLocale
from .sampling import choice_by_group, choice_rows
from .timeline import Timeline

#: Ticket topics (a NumPy array of :data:`labkit.vocabularies.TICKET_TOPICS`).
TICKET_TOPICS = np.array(vocabularies.TICKET_TOPICS)
#: Base probability of each ticket topic; the complaint share grows with frailty.
TICKET_TOPIC_P = np.array([0.30, 0.20, 0.20, 0.10, 0.20])
#: Probability of each ticket channel; follows :data:`labkit.vocabularies.TICKET_CHANNELS`.
TICKET_CHANNEL_P = [0.40, 0.35, 0.15, 0.10]
#: Priority probabilities of complaints and of the other topics.
COMPLAINT_PRIORITY_P = {"normal": 0.4, "high": 0.6}
OTHER_PRIORITY_P = {"low": 0.3, "normal": 0.6, "high": 0.1}
#: The feedback topic of a follow-up to a ticket of each topic.
TICKET_TO_FEEDBACK = {
    "delivery": "delivery",
    "product_fault": "product_quality",
    "return_refund": "returns",
    "billing": "price",
    "complaint": "customer_service",
}
#: Feedback topics (a NumPy array of :data:`labkit.vocabularies.FEEDBACK_TOPICS`).
FEEDBACK_TOPICS = np.array(vocabularies.FEEDBACK_TOPICS)
#: Probability of each topic of a review; follows FEEDBACK_TOPICS.
FEEDBACK_TOPIC_P = np.array([0.22, 0.30, 0.16, 0.10, 0.14, 0.08])
#: Sentiments, worst first (a NumPy array of :data:`labkit.vocabularies.SENTIMENTS`).
SENTIMENTS = np.array(vocabularies.SENTIMENTS)
#: Channels of reviews and of follow-ups to tickets, with their probabilities.
REVIEW_CHANNEL_P = {"app_review": 0.6, "social_media": 0.25, "email": 0.15}
FOLLOW_UP_CHANNEL_P = {"call_centre": 0.5, "email": 0.3, "social_media": 0.2}
#: Star ratings 1-5 by sentiment (rows follow SENTIMENTS).
RATING_BY_SENTIMENT = np.array(
    [[0.55, 0.40, 0.05, 0.0, 0.0], [0.03, 0.20, 0.55, 0.20, 0.02], [0.0, 0.0, 0.05, 0.35, 0.60]]
)
#: Share of tickets followed by a piece of feedback.
FOLLOW_UP_SHARE = 0.5


@lru_cache(maxsize=1)
def texts() -> dict:
    """Feedback sentences, campaign names and search terms (package data), by locale code.

    Examples
    --------
    >>> sorted(texts()["search_terms"])
    ['en_US', 'zh_CN']
    """
    with (resources.files("labkit") / "data" / "texts.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def _seconds(values: object) -> np.ndarray:
    """Values as ``datetime64[s]``."""
    return np.asarray(values, dtype="datetime64[s]")


def _after(times: np.ndarray, delay: np.ndarray) -> np.ndarray:
    """``times`` plus whole seconds of ``delay``."""
    return _seconds(times) + delay.astype(np.int64).astype("timedelta64[s]")


def _choose(rng: np.random.Generator, shares: dict[str, float], size: int) -> np.ndarray:
    """``size`` labels drawn with the probabilities of ``shares``."""
    return rng.choice(np.array(list(shares)), size=size, p=list(shares.values()))


def tickets(
    rng: np.random.Generator, orders: pd.DataFrame, latent: LatentTraits, timeline: Timeline
) -> pd.DataFrame:
    """Service tickets opened after historical orders (before ``as_of``).

    Each order opens a ticket with probability TICKET_RATE times the
    customer's frailty; complaints take longer to resolve, and some tickets
    are stuck open.

    Returns
    -------
    pandas.DataFrame
        ``customer_idx, order_pos, opened_at, resolved_at, channel, topic,
        priority, status``, in time order.
    """
    open_status, resolved_status = vocabularies.TICKET_STATUSES
    history = orders[orders["day"] <= timeline.as_of_idx]
    order_customer = history["customer_idx"].to_numpy()
    rate = parameters.TICKET_RATE * latent.frailty[order_customer]
    has_ticket = rng.random(len(history)) < rate
    ticketed = history[has_ticket]
    customer = order_customer[has_ticket]
    n_tickets = len(ticketed)
    topic_p = np.tile(TICKET_TOPIC_P, (n_tickets, 1))
    complaint = vocabularies.TICKET_TOPICS.index("complaint")
    topic_p[:, complaint] *= latent.frailty[customer]  # frail customers complain more
    topic = TICKET_TOPICS[choice_rows(rng, topic_p / topic_p.sum(1, keepdims=True))]
    opened = _after(
        ticketed["ordered_at"].to_numpy(),
        rng.exponential(4 * 86400, size=n_tickets).astype(np.int64) + 3600,
    )
    hours = rng.lognormal(np.log(30), 1.0, size=n_tickets) * np.where(
        topic == "complaint", 2.5, 1.0
    )
    resolved = opened + (hours * 3600).astype(np.int64).astype("timedelta64[s]")
    stuck = rng.random(n_tickets) < 0.03 * latent.frailty[customer]
    before_as_of = opened < timeline.as_of_end
    is_open = stuck | (resolved >= timeline.as_of_end)
    channel = rng.choice(np.array(vocabularies.TICKET_CHANNELS), size=n_tickets, p=TICKET_CHANNEL_P)
    priority = np.where(
        topic == "complaint",
        _choose(rng, COMPLAINT_PRIORITY_P, n_tickets),
        _choose(rng, OTHER_PRIORITY_P, n_tickets),
    )
    frame = pd.DataFrame(
        {
            "customer_idx": customer,
            "order_pos": ticketed.index.to_numpy(),
            "opened_at": opened,
            "resolved_at": np.where(is_open, np.datetime64("NaT"), resolved).astype(
                "datetime64[s]"
            ),
            "channel": channel,
            "topic": topic,
            "priority": priority,
            "status": np.where(is_open, open_status, resolved_status),
        }
    )[before_as_of]
    return frame.sort_values("opened_at", kind="stable").reset_index(drop=True)


def _reviews(
    rng: np.random.Generator,
    history: pd.DataFrame,
    latent: LatentTraits,
    first_product: np.ndarray,
) -> dict[str, np.ndarray]:
    """Reviews written after REVIEW_RATE of the orders: topic, time, score, product, channel."""
    reviewed = history[rng.random(len(history)) < parameters.REVIEW_RATE]
    n = len(reviewed)
    customer = reviewed["customer_idx"].to_numpy()
    topic = FEEDBACK_TOPICS[rng.choice(len(FEEDBACK_TOPICS), size=n, p=FEEDBACK_TOPIC_P)]
    when = _after(
        reviewed["ordered_at"].to_numpy(),
        rng.exponential(5 * 86400, size=n).astype(np.int64) + 7200,
    )
    satisfaction = parameters.SEGMENT_BEHAVIOUR["satisfaction"][latent.segment[customer]]
    score = satisfaction + rng.normal(0, 1.0, size=n)
    return {
        "customer": customer,
        "topic": topic,
        "when": when,
        "score": score,
        "product": first_product[reviewed.index.to_numpy()],
        "channel": _choose(rng, REVIEW_CHANNEL_P, n),
    }


def _follow_ups(
    rng: np.random.Generator,
    service_tickets: pd.DataFrame,
    latent: LatentTraits,
    first_product: np.ndarray,
) -> dict[str, np.ndarray]:
    """Feedback after half of the tickets, worse when the ticket is open or was slow."""
    followed = service_tickets[rng.random(len(service_tickets)) < FOLLOW_UP_SHARE]
    n = len(followed)
    customer = followed["customer_idx"].to_numpy()
    opened = _seconds(followed["opened_at"].to_numpy())
    resolved = _seconds(followed["resolved_at"].to_numpy())
    settled = np.where(np.isnat(resolved), opened, resolved)
    when = _after(settled, rng.exponential(1.5 * 86400, size=n).astype(np.int64) + 600)
    slow = (resolved - opened).astype("timedelta64[h]").astype(float) > 72
    score = (
        parameters.SEGMENT_BEHAVIOUR["satisfaction"][latent.segment[customer]]
        - 1.0
        - 1.2 * np.isnat(resolved)
        - 0.6 * slow
        + rng.normal(0, 1.0, size=n)
    )
    return {
        "customer": customer,
        "topic": followed["topic"].map(TICKET_TO_FEEDBACK).to_numpy(),
        "when": when,
        "score": score,
        "product": first_product[followed["order_pos"].to_numpy()],
        "channel": _choose(rng, FOLLOW_UP_CHANNEL_P, n),
    }


def _feedback_texts(
    rng: np.random.Generator,
    topic: np.ndarray,
    sentiment: np.ndarray,
    product_name: np.ndarray,
    locale: GeneratorLocale,
) -> np.ndarray:
    """A sentence for each topic and sentiment, in the locale's language, naming the product."""
    bank = texts()["feedback"][locale.code]
    text = np.empty(len(topic), dtype=object)
    for topic_name in FEEDBACK_TOPICS:
        for sentiment_code, sentiment_name in enumerate(SENTIMENTS):
            rows = np.flatnonzero((topic == topic_name) & (sentiment == sentiment_code))
            if len(rows) == 0:
                continue
            options = np.array(bank[topic_name][sentiment_name], dtype=object)
            picked = options[rng.integers(0, len(options), size=len(rows))]
            text[rows] = [
                sentence.replace("{product}", name)
                for sentence, name in zip(picked, product_name[rows], strict=True)
            ]
    return text


def feedback(
    rng: np.random.Generator,
    orders: pd.DataFrame,
    service_tickets: pd.DataFrame,
    latent: LatentTraits,
    timeline: Timeline,
    locale: GeneratorLocale,
    product_names: np.ndarray,
    first_product: np.ndarray,
) -> pd.DataFrame:
    """Free-text feedback with planted topic and sentiment (truth), and a rating.

    Parameters
    ----------
    rng : numpy.random.Generator
        The feedback's random stream.
    orders, service_tickets : pandas.DataFrame
        Historical orders and the tickets from :func:`tickets`.
    latent : LatentTraits
    timeline : Timeline
    locale : GeneratorLocale
        Picks the language of the texts.
    product_names : numpy.ndarray
        Name of each product (by product index).
    first_product : numpy.ndarray
        The first product of each order (by order position).

    Returns
    -------
    pandas.DataFrame
        ``customer_idx, created_at, channel, rating, text, topic, sentiment``, in time order.
    """
    history = orders[orders["day"] <= timeline.as_of_idx]
    reviews = _reviews(rng, history, latent, first_product)
    follow_ups = _follow_ups(rng, service_tickets, latent, first_product)
    both = {name: np.concatenate([reviews[name], follow_ups[name]]) for name in reviews}
    score = both["score"]
    sentiment = np.where(score < -0.6, 0, np.where(score < 0.3, 1, 2))  # index into SENTIMENTS
    rating = 1 + choice_by_group(rng, sentiment, RATING_BY_SENTIMENT)
    text = _feedback_texts(rng, both["topic"], sentiment, product_names[both["product"]], locale)
    frame = pd.DataFrame(
        {
            "customer_idx": both["customer"],
            "created_at": both["when"],
            "channel": both["channel"],
            "rating": rating.astype(np.int64),
            "text": text.astype(str),
            "topic": both["topic"],
            "sentiment": SENTIMENTS[sentiment],
        }
    )
    frame = frame[frame["created_at"] < timeline.as_of_end]
    return frame.sort_values("created_at", kind="stable").reset_index(drop=True)


def _count_before(
    events: pd.DataFrame, column: str, who: np.ndarray, when: np.ndarray, days: int | None = None
) -> np.ndarray:
    """For each (who, when): events of that customer with ``column`` <= when (and > when - days)."""
    span = np.int64(1) << 34  # seconds fit below this; customer index in the high bits
    seconds = np.asarray(events[column].to_numpy(), dtype="datetime64[s]").astype(np.int64)
    keys = np.sort(events["customer_idx"].to_numpy().astype(np.int64) * span + seconds)
    at = np.asarray(when, dtype="datetime64[s]").astype(np.int64)
    base = who.astype(np.int64) * span
    count = np.searchsorted(keys, base + at, side="right")
    start = base + (at - days * 86400 if days is not None else 0)
    return count - np.searchsorted(keys, start, side="right")


def surveys(
    rng: np.random.Generator,
    latent: LatentTraits,
    timeline: Timeline,
    service_tickets: pd.DataFrame,
) -> pd.DataFrame:
    """Yearly satisfaction survey: NPS (0-10) and four satisfaction items (1-5).

    Satisfaction falls with the complaints a customer made in the 180 days
    before answering and with the tickets still open when they answered:
    only what had happened by then, never later events.

    Returns
    -------
    pandas.DataFrame
        ``customer_idx, answered_at, nps, sat_product, sat_price, sat_service,
        sat_delivery``, in time order.
    """
    n = len(latent)
    eligible = latent.signup_day <= timeline.as_of_idx - 30
    answered = eligible & (rng.random(n) < parameters.SURVEY_SHARE)
    who = np.flatnonzero(answered)
    n_answers = len(who)
    first_day = np.maximum(latent.signup_day[who] + 1, timeline.as_of_idx - 364)
    day = timeline.sample_days(rng, first_day, timeline.as_of_idx + 1)
    at = timeline.stamp(rng, day, calendar.hour_cdf("online"))
    complaints = _count_before(
        service_tickets.loc[service_tickets["topic"] == "complaint"], "opened_at", who, at, 180
    )
    unresolved = _count_before(service_tickets, "opened_at", who, at) - _count_before(
        service_tickets.dropna(subset=["resolved_at"]), "resolved_at", who, at
    )
    satisfaction = (
        parameters.SEGMENT_BEHAVIOUR["satisfaction"][latent.segment[who]]
        + rng.normal(0, 0.8, size=n_answers)
        - 0.6 * complaints
        - 0.8 * unresolved
    )
    nps = np.clip(np.round(7.2 + 1.6 * satisfaction + rng.normal(0, 1.0, size=n_answers)), 0, 10)

    def item(shift: float) -> np.ndarray:
        noise = rng.normal(0, 0.7, size=n_answers)
        return np.clip(np.round(3.7 + 0.7 * satisfaction + shift + noise), 1, 5)

    poor = latent.z_wealth[who] < -0.8  # the poor rate prices lower
    frame = pd.DataFrame(
        {
            "customer_idx": who,
            "answered_at": at,
            "nps": nps.astype(np.int64),
            "sat_product": item(0.1).astype(np.int64),
            "sat_price": np.clip(item(-0.3) - poor, 1, 5).astype(np.int64),
            "sat_service": item(0.0).astype(np.int64),
            "sat_delivery": item(-0.1).astype(np.int64),
        }
    )
    return frame.sort_values("answered_at", kind="stable").reset_index(drop=True)
