"""Service after the sale: tickets, feedback texts and survey answers.

They share the customers' latent traits, so satisfaction, sentiment and churn
hang together the way they do in a real business: frail customers open more
tickets and complain more, slow or open tickets bring negative feedback, and
both lower the survey scores.

Tickets are opened in each channel's hours (phone and chat while the service
centre is staffed, e-mail around the clock), about 70% are solved at the first
contact, and the rest take log-normal times that are shorter for higher
priorities. Feedback - reviews of orders, posts not tied to one order and
follow-ups to tickets - is written mostly by the very pleased and the very
displeased (a J-shaped star rating), at the hours people are online, in texts
composed by :mod:`labkit.world.generator.feedback_texts`. The yearly survey
(:mod:`labkit.world.generator.survey_answers`) runs in a fieldwork window.
The web log is in :mod:`labkit.world.generator.web`, the marketing campaigns in
:mod:`labkit.world.generator.campaigns`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import calendar, feedback_texts, parameters
from .consumers import LatentTraits
from .feedback_texts import texts
from .locales import GeneratorLocale
from .sampling import choice_rows
from .survey_answers import surveys
from .timeline import Timeline

__all__ = ["feedback", "surveys", "texts", "tickets"]

#: Ticket topics (a NumPy array of :data:`labkit.vocabularies.TICKET_TOPICS`).
TICKET_TOPICS = np.array(vocabularies.TICKET_TOPICS)
#: Base probability of each ticket topic; the complaint share grows with frailty.
TICKET_TOPIC_P = np.array([0.30, 0.20, 0.20, 0.10, 0.20])
#: Mean days from the order to the ticket, by topic (follows TICKET_TOPICS).
TICKET_DELAY_DAYS = np.array([3.0, 10.0, 7.0, 2.0, 5.0])
#: Probability of each ticket channel; follows :data:`labkit.vocabularies.TICKET_CHANNELS`.
TICKET_CHANNEL_P = [0.40, 0.35, 0.15, 0.10]
#: Hour-of-day weights (0..23) of opened tickets by channel: phone 8:00-21:00 and chat
#: 8:00-23:00 while staffed, e-mail around the clock but mostly by day; store tickets
#: follow the stores' hours (:data:`labkit.world.generator.calendar.HOURS`).
TICKET_HOURS = {
    "phone": np.array([0, 0, 0, 0, 0, 0, 0, 0, 5, 9, 11, 10, 7, 8, 10, 10, 9, 7, 5, 4, 3, 0, 0, 0]),
    "online_chat": np.array(
        [0, 0, 0, 0, 0, 0, 0, 0, 3, 6, 8, 8, 7, 7, 8, 8, 7, 7, 8, 9, 10, 9, 6, 0]
    ),
    "email": np.array(
        [1, 1, 0.5, 0.5, 0.5, 0.5, 1, 2, 4, 6, 7, 7, 6, 6, 6, 6, 5, 5, 5, 5, 5, 4, 3, 2]
    ),
}
#: Median minutes a contact takes when it solves the ticket (e-mail: the first reply).
HANDLE_MINUTES = {"phone": 7.0, "online_chat": 12.0, "email": 300.0, "store": 10.0}
#: Escalated tickets that stay open for good, per unit of frailty.
STUCK_SHARE = 0.10
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
#: Probability of each topic of a review after an ordinary order; follows FEEDBACK_TOPICS.
FEEDBACK_TOPIC_P = np.array([0.22, 0.30, 0.16, 0.10, 0.14, 0.08])
#: Probability of each topic of a review after an order where something went wrong.
INCIDENT_TOPIC_P = np.array([0.36, 0.38, 0.05, 0.08, 0.08, 0.05])
#: Sentiments, worst first (a NumPy array of :data:`labkit.vocabularies.SENTIMENTS`).
SENTIMENTS = np.array(vocabularies.SENTIMENTS)
#: Channels of reviews, of posts not tied to an order and of follow-ups to tickets, with
#: their probabilities.
REVIEW_CHANNEL_P = {"app_review": 0.6, "social_media": 0.25, "email": 0.15}
POST_CHANNEL_P = {"social_media": 0.65, "app_review": 0.35}
FOLLOW_UP_CHANNEL_P = {"call_centre": 0.5, "email": 0.3, "social_media": 0.2}
#: Days from the order to a review: REVIEW_MIN_DAYS + an exponential with this mean.
REVIEW_MIN_DAYS, REVIEW_MEAN_DAYS = 2, 6.0


def _choose(rng: np.random.Generator, shares: dict[str, float], size: int) -> np.ndarray:
    """``size`` labels drawn with the probabilities of ``shares``."""
    return rng.choice(np.array(list(shares)), size=size, p=list(shares.values()))


def _codes(values: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """The position of each value in ``names``."""
    return pd.Categorical(values, categories=names).codes.astype(np.int64)


def _cdf(weights: np.ndarray) -> np.ndarray:
    weights = np.asarray(weights, dtype=float)
    return np.cumsum(weights) / weights.sum()


def hour_cdfs() -> dict[str, np.ndarray]:
    """Cumulative hour-of-day distributions of tickets, by ticket channel.

    Examples
    --------
    >>> cdfs = hour_cdfs()
    >>> sorted(cdfs) == sorted(vocabularies.TICKET_CHANNELS), float(cdfs["phone"][7])
    (True, 0.0)
    """
    cdfs = {channel: _cdf(weights) for channel, weights in TICKET_HOURS.items()}
    cdfs["store"] = calendar.hour_cdf("store")
    return cdfs


def at_hours(
    rng: np.random.Generator,
    after: np.ndarray,
    delay_days: np.ndarray,
    cdf: np.ndarray | list[np.ndarray],
    group: np.ndarray | None = None,
) -> np.ndarray:
    """Times ``delay_days`` whole days after each of ``after``, at hours drawn from ``cdf``.

    A time that would fall before ``after`` (same day, earlier hour) moves on a day.

    Parameters
    ----------
    rng : numpy.random.Generator
    after : numpy.ndarray
        ``datetime64`` values: the event each time follows.
    delay_days : numpy.ndarray
        Whole days after the day of ``after``.
    cdf : numpy.ndarray or list of numpy.ndarray
        A cumulative distribution over the 24 hours, or one per value of ``group``.
    group : numpy.ndarray, optional
        Which cdf of the list each row uses.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> after = np.array(["2025-01-01T20:00"], dtype="datetime64[s]")
    >>> later = at_hours(rng, after, np.array([0]), _cdf(np.eye(24)[9]))
    >>> str(later[0])[:13]
    '2025-01-02T09'
    """
    after = np.asarray(after, dtype="datetime64[s]")
    uniform = rng.random(len(after))
    cdfs = [cdf] if group is None else cdf
    which = np.zeros(len(after), np.int64) if group is None else group
    hour = np.zeros(len(after), np.int64)
    for index, one in enumerate(cdfs):
        rows = which == index
        hour[rows] = np.searchsorted(one, uniform[rows], side="right")
    seconds = hour * 3600 + rng.integers(0, 3600, size=len(after))
    day = after.astype("datetime64[D]") + np.asarray(delay_days).astype("timedelta64[D]")
    when = day.astype("datetime64[s]") + seconds.astype("timedelta64[s]")
    return np.where(when <= after, when + np.timedelta64(1, "D"), when)


def _hours(values: np.ndarray) -> np.ndarray:
    """Whole seconds of a number of hours, as ``timedelta64[s]``."""
    return (values * 3600).astype(np.int64).astype("timedelta64[s]")


def _ticket_orders(
    rng: np.random.Generator, history: pd.DataFrame, latent: LatentTraits
) -> tuple[np.ndarray, np.ndarray]:
    """Positions (in ``history``) of the orders that open a ticket, and each ticket's topic.

    Each order opens a ticket with probability TICKET_RATE times the customer's
    frailty; complaints grow with frailty. When the orders carry a ``status``,
    return_refund tickets come only from returned orders (RETURN_TICKET_SHARE of them).
    """
    customer = history["customer_idx"].to_numpy()
    topic_p = TICKET_TOPIC_P.copy()
    return_topic = vocabularies.TICKET_TOPICS.index("return_refund")
    linked = "status" in history.columns
    if linked:
        topic_p[return_topic] = 0.0
    rate = parameters.TICKET_RATE * latent.frailty[customer] * topic_p.sum()
    position = np.flatnonzero(rng.random(len(history)) < rate)
    rows = np.tile(topic_p / topic_p.sum(), (len(position), 1))
    complaint = vocabularies.TICKET_TOPICS.index("complaint")
    rows[:, complaint] *= latent.frailty[customer[position]]  # frail customers complain more
    topic = TICKET_TOPICS[choice_rows(rng, rows)]
    if linked:
        returned = history["status"].to_numpy() == "returned"
        asks = np.flatnonzero(
            returned & (rng.random(len(history)) < parameters.RETURN_TICKET_SHARE)
        )
        position = np.concatenate([position, asks])
        topic = np.concatenate([topic, np.full(len(asks), "return_refund")])
    return position, topic


def tickets(
    rng: np.random.Generator, orders: pd.DataFrame, latent: LatentTraits, timeline: Timeline
) -> pd.DataFrame:
    """Service tickets opened after historical orders (before ``as_of``).

    A ticket is opened some days after its order (TICKET_DELAY_DAYS), in its
    channel's hours (TICKET_HOURS). FIRST_CONTACT_RESOLUTION of them (by topic)
    are solved in that first contact, in minutes; the others take log-normal
    hours with median ESCALATED_HOURS by priority (complaints 1.5 times as
    long), and some of those stay open for good.

    Returns
    -------
    pandas.DataFrame
        ``customer_idx, order_pos, opened_at, resolved_at, channel, topic,
        priority, status, first_contact_resolved``, in time order.
    """
    open_status, resolved_status = vocabularies.TICKET_STATUSES
    history = orders[orders["day"] <= timeline.as_of_idx]
    position, topic = _ticket_orders(rng, history, latent)
    n_tickets = len(position)
    customer = history["customer_idx"].to_numpy()[position]
    topic_code = _codes(topic, vocabularies.TICKET_TOPICS)
    channel_code = rng.choice(len(vocabularies.TICKET_CHANNELS), size=n_tickets, p=TICKET_CHANNEL_P)
    channel = np.array(vocabularies.TICKET_CHANNELS)[channel_code]
    cdfs = hour_cdfs()
    delay = np.floor(rng.exponential(TICKET_DELAY_DAYS[topic_code])).astype(np.int64)
    opened = at_hours(
        rng,
        history["ordered_at"].to_numpy()[position],
        delay,
        [cdfs[name] for name in vocabularies.TICKET_CHANNELS],
        channel_code,
    )
    first_contact_p = parameters.FIRST_CONTACT_RESOLUTION[topic_code] * np.where(
        channel == "email", 0.85, 1.0
    )
    first_contact = rng.random(n_tickets) < first_contact_p
    handle_median = np.array([HANDLE_MINUTES[name] for name in channel]) / 60
    handle = handle_median * rng.lognormal(0.0, 0.5, size=n_tickets)
    priority = np.where(
        topic == "complaint",
        _choose(rng, COMPLAINT_PRIORITY_P, n_tickets),
        _choose(rng, OTHER_PRIORITY_P, n_tickets),
    )
    priority_code = _codes(priority, vocabularies.TICKET_PRIORITIES)
    median = parameters.ESCALATED_HOURS[priority_code] * np.where(topic == "complaint", 1.5, 1.0)
    escalated = median * rng.lognormal(0.0, parameters.RESOLUTION_SIGMA, size=n_tickets)
    resolved = opened + _hours(handle + np.where(first_contact, 0.0, escalated))
    stuck = ~first_contact & (rng.random(n_tickets) < STUCK_SHARE * latent.frailty[customer])
    is_open = stuck | (resolved >= timeline.as_of_end)
    frame = pd.DataFrame(
        {
            "customer_idx": customer,
            "order_pos": history.index.to_numpy()[position],
            "opened_at": opened,
            "resolved_at": np.where(is_open, np.datetime64("NaT"), resolved).astype(
                "datetime64[s]"
            ),
            "channel": channel,
            "topic": topic,
            "priority": priority,
            "status": np.where(is_open, open_status, resolved_status),
            "first_contact_resolved": first_contact & ~is_open,
        }
    )[opened < timeline.as_of_end]
    return frame.sort_values("opened_at", kind="stable").reset_index(drop=True)


def _writes(rng: np.random.Generator, score: np.ndarray) -> np.ndarray:
    """Who of those asked (or moved) writes: mostly the very pleased and the very displeased."""
    selection = parameters.REVIEW_SELECTION
    write_p = selection["base"] + selection["slope"] * np.abs(score - selection["centre"])
    return rng.random(len(score)) < np.minimum(1.0, write_p)


def _reviews(
    rng: np.random.Generator,
    history: pd.DataFrame,
    latent: LatentTraits,
    first_product: np.ndarray,
    review_rate: float,
) -> dict[str, np.ndarray]:
    """Reviews of ``review_rate`` of the orders not cancelled, written mostly by the very
    pleased or displeased.

    Returns topic, time, hidden score, product and channel of each review written.
    """
    asks = rng.random(len(history)) < review_rate
    if "status" in history.columns:
        asks &= history["status"].to_numpy() != "cancelled"
    asked = history[asks]
    n = len(asked)
    customer = asked["customer_idx"].to_numpy()
    score_rule = parameters.REVIEW_SCORE
    incident = rng.random(n) < parameters.ORDER_INCIDENT_SHARE * latent.frailty[customer]
    returned = np.zeros(n, bool)
    if "status" in asked.columns:
        returned = asked["status"].to_numpy() == "returned"
    incident |= returned & (rng.random(n) < parameters.RETURN_INCIDENT_SHARE)
    drop = rng.uniform(*score_rule["incident_drop"], size=n)
    score = (
        parameters.SEGMENT_BEHAVIOUR["satisfaction"][latent.segment[customer]]
        + score_rule["shift"]
        + rng.normal(0, score_rule["noise"], size=n)
        - incident * drop
    )
    writes = _writes(rng, score)
    topic = np.where(
        incident,
        FEEDBACK_TOPICS[rng.choice(len(FEEDBACK_TOPICS), size=n, p=INCIDENT_TOPIC_P)],
        FEEDBACK_TOPICS[rng.choice(len(FEEDBACK_TOPICS), size=n, p=FEEDBACK_TOPIC_P)],
    )
    topic = np.where(returned & (rng.random(n) < 0.5), "returns", topic)
    delay = REVIEW_MIN_DAYS + np.floor(rng.exponential(REVIEW_MEAN_DAYS, size=n)).astype(np.int64)
    when = at_hours(rng, asked["ordered_at"].to_numpy(), delay, calendar.hour_cdf("online"))
    channel = _choose(rng, REVIEW_CHANNEL_P, n)
    return {
        "customer": customer[writes],
        "topic": topic[writes],
        "when": when[writes],
        "score": score[writes],
        "product": first_product[asked.index.to_numpy()][writes],
        "channel": channel[writes],
    }


def _posts(
    rng: np.random.Generator,
    history: pd.DataFrame,
    latent: LatentTraits,
    first_product: np.ndarray,
    timeline: Timeline,
    post_rate: float,
) -> dict[str, np.ndarray]:
    """Posts not tied to one order: ``post_rate`` a year per buyer, from their first order to
    POST_DAYS_AFTER days after their last, about the product of their latest order.

    Returns topic, time, hidden score, product and channel of each post written.
    """
    n = len(latent)
    customer = history["customer_idx"].to_numpy().astype(np.int64)
    day = history["day"].to_numpy().astype(np.int64)
    first = np.full(n, timeline.as_of_idx + 1, np.int64)
    last = np.full(n, -1, np.int64)
    np.minimum.at(first, customer, day)
    np.maximum.at(last, customer, day)
    buyer = np.flatnonzero(last >= 0)
    end = np.minimum(last[buyer] + parameters.POST_DAYS_AFTER, timeline.as_of_idx) + 1
    length = end - first[buyer]
    posts_each = rng.poisson(post_rate * length / 365.25)
    poster = np.repeat(buyer, posts_each)
    offset = rng.random(len(poster)) * np.repeat(length, posts_each)
    post_day = np.repeat(first[buyer], posts_each) + offset.astype(np.int64)
    # the product of the customer's latest order on or before the day of the post
    span = 1 << int(timeline.as_of_idx + 1).bit_length()
    order = np.argsort(customer * span + day, kind="stable")
    key = (customer * span + day)[order]
    latest = order[np.searchsorted(key, poster * span + post_day, side="right") - 1]
    n_posts = len(poster)
    score = (
        parameters.SEGMENT_BEHAVIOUR["satisfaction"][latent.segment[poster]]
        + parameters.REVIEW_SCORE["shift"]
        + rng.normal(0, parameters.REVIEW_SCORE["noise"], size=n_posts)
    )
    writes = _writes(rng, score)
    topic = FEEDBACK_TOPICS[rng.choice(len(FEEDBACK_TOPICS), size=n_posts, p=FEEDBACK_TOPIC_P)]
    when = at_hours(  # after the latest order (a day later if the hour would come before it)
        rng,
        history["ordered_at"].to_numpy()[latest],
        post_day - day[latest],
        calendar.hour_cdf("online"),
    )
    channel = _choose(rng, POST_CHANNEL_P, n_posts)
    return {
        "customer": poster[writes],
        "topic": topic[writes],
        "when": when[writes],
        "score": score[writes],
        "product": first_product[history.index.to_numpy()[latest]][writes],
        "channel": channel[writes],
    }


def _follow_ups(
    rng: np.random.Generator,
    service_tickets: pd.DataFrame,
    latent: LatentTraits,
    first_product: np.ndarray,
) -> dict[str, np.ndarray]:
    """Feedback after FOLLOW_UP_SHARE of the tickets: better after a first-contact
    solution, worse when the ticket is open or was slow."""
    followed = service_tickets[rng.random(len(service_tickets)) < parameters.FOLLOW_UP_SHARE]
    n = len(followed)
    customer = followed["customer_idx"].to_numpy()
    opened = np.asarray(followed["opened_at"].to_numpy(), dtype="datetime64[s]")
    resolved = np.asarray(followed["resolved_at"].to_numpy(), dtype="datetime64[s]")
    settled = np.where(np.isnat(resolved), opened, resolved)
    slow = (resolved - opened).astype("timedelta64[h]").astype(float) > 72
    score = (
        parameters.SEGMENT_BEHAVIOUR["satisfaction"][latent.segment[customer]]
        - 0.6
        + 0.7 * followed["first_contact_resolved"].to_numpy()
        - 1.2 * np.isnat(resolved)
        - 0.6 * slow
        + rng.normal(0, 1.0, size=n)
    )
    channel = _choose(rng, FOLLOW_UP_CHANNEL_P, n)
    delay = np.floor(rng.exponential(1.5, size=n)).astype(np.int64)
    cdfs = [hour_cdfs()["phone"], calendar.hour_cdf("online")]
    when = at_hours(rng, settled, delay, cdfs, (channel != "call_centre").astype(np.int64))
    return {
        "customer": customer,
        "topic": followed["topic"].map(TICKET_TO_FEEDBACK).to_numpy(),
        "when": when,
        "score": score,
        "product": first_product[followed["order_pos"].to_numpy()],
        "channel": channel,
    }


def star_ratings(rng: np.random.Generator, score: np.ndarray) -> np.ndarray:
    """Stars 1-5 from a score plus noise (RATING_CUTS); RATING_SLIP invert the scale.

    Examples
    --------
    >>> stars = star_ratings(np.random.default_rng(0), np.repeat([-3.0, 3.0], 100))
    >>> bool((stars[:100] == 1).mean() > 0.9 and (stars[100:] == 5).mean() > 0.9)
    True
    """
    noisy = score + rng.normal(0, parameters.RATING_NOISE, size=len(score))
    stars = 1 + np.searchsorted(np.array(parameters.RATING_CUTS), noisy)
    slip = rng.random(len(score)) < parameters.RATING_SLIP
    return np.where(slip, 6 - stars, stars).astype(np.int64)


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
    """Free-text feedback with planted topic and sentiment (truth), and a star rating.

    The hidden score of each piece of feedback decides its sentiment
    (:data:`feedback_texts.CUTS`); the text and the stars are written from
    the score plus TEXT_NOISE (the expressed score), so a text can read a
    little milder or harsher than the writer's sentiment, and its stars
    mostly agree with it.

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
    reviews = _reviews(rng, history, latent, first_product, parameters.REVIEW_RATE[locale.code])
    follow_ups = _follow_ups(rng, service_tickets, latent, first_product)
    posts = _posts(rng, history, latent, first_product, timeline, parameters.POST_RATE[locale.code])
    both = {
        name: np.concatenate([reviews[name], follow_ups[name], posts[name]]) for name in reviews
    }
    kept = both["when"] < timeline.as_of_end
    both = {name: values[kept] for name, values in both.items()}
    score = both["score"]
    sentiment = feedback_texts.text_class(score)
    expressed = score + rng.normal(0, parameters.TEXT_NOISE, size=len(score))
    rating = star_ratings(rng, expressed)  # written with the text: they mostly agree
    weights = dict(zip(vocabularies.FEEDBACK_TOPICS, FEEDBACK_TOPIC_P.tolist(), strict=True))
    text = feedback_texts.compose(
        rng, both["topic"], expressed, product_names[both["product"]], locale.code, weights
    )
    frame = pd.DataFrame(
        {
            "customer_idx": both["customer"],
            "created_at": both["when"],
            "channel": both["channel"],
            "rating": rating,
            "text": text.astype(str),
            "topic": both["topic"],
            "sentiment": SENTIMENTS[sentiment],
        }
    )
    return frame.sort_values("created_at", kind="stable").reset_index(drop=True)
