"""The yearly satisfaction survey: who answered, when, and what they answered.

The survey is fielded once a year in a window of a few weeks (FIELDWORK): an
invitation on the first Monday of the month, reminders a week and two weeks
later, and most answers on the days right after each contact. Answers to "would
you recommend Xudong?" (0-10) are skewed to the top like real retail answers
(NPS around +30), with heaps on the round numbers 10, 8, 5 and 0 (NPS_HEAPING),
and they fall with the complaints and open tickets a customer had *before*
answering.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import calendar, parameters
from .consumers import LatentTraits
from .timeline import Timeline

__all__ = ["answer_day_weights", "fieldwork_start", "heap", "surveys"]

#: Days an answer keeps coming in after a contact (the e-folding time of the response curve).
RESPONSE_DECAY_DAYS = 2.0
#: Weight of the answers to each reminder, relative to the invitation's.
REMINDER_WEIGHTS = (0.6, 0.35)
#: Satisfaction lost per complaint in the 180 days before answering, and per ticket
#: still open when answering.
COMPLAINT_EFFECT, OPEN_TICKET_EFFECT = 1.0, 1.2
#: Customers who signed up fewer days than this before the invitation are not invited.
MIN_TENURE_DAYS = 30


def fieldwork_start(as_of: pd.Timestamp) -> pd.Timestamp:
    """The invitation day of the latest survey whose fieldwork ended by ``as_of``.

    It is the first Monday of ``FIELDWORK["month"]``, this year or last.

    Examples
    --------
    >>> fieldwork_start(pd.Timestamp("2025-12-31")).date()
    datetime.date(2025, 9, 1)
    >>> fieldwork_start(pd.Timestamp("2024-06-30")).date()
    datetime.date(2023, 9, 4)
    """
    month, days = parameters.FIELDWORK["month"], parameters.FIELDWORK["days"]
    for year in (as_of.year, as_of.year - 1):
        first = pd.Timestamp(year=year, month=month, day=1)
        monday = first + pd.Timedelta(days=(7 - first.weekday()) % 7)
        if monday + pd.Timedelta(days=days - 1) <= as_of.normalize():
            return monday
    raise ValueError(f"no survey fieldwork fits before {as_of.date()}")  # pragma: no cover


def answer_day_weights() -> np.ndarray:
    """Share of the answers on each day of the fieldwork (invitation day first).

    Examples
    --------
    >>> weights = answer_day_weights()
    >>> len(weights), bool(weights[0] == weights.max()), bool(weights[7] > weights[6])
    (21, True, True)
    """
    days = np.arange(parameters.FIELDWORK["days"])
    weights = np.exp(-days / RESPONSE_DECAY_DAYS)
    for reminder, weight in zip(parameters.FIELDWORK["reminders"], REMINDER_WEIGHTS, strict=True):
        after = days - reminder
        weights += np.where(
            after >= 0, weight * np.exp(-np.maximum(after, 0) / RESPONSE_DECAY_DAYS), 0
        )
    return weights / weights.sum()


def heap(rng: np.random.Generator, scores: np.ndarray) -> np.ndarray:
    """Move some answers to the round numbers respondents favour (NPS_HEAPING).

    Examples
    --------
    >>> heap(np.random.default_rng(0), np.array([10, 8, 5, 0])).tolist()
    [10, 8, 5, 0]
    """
    heaped = scores.copy()
    uniform = rng.random(len(scores))
    for source, target, share in parameters.NPS_HEAPING:
        heaped = np.where((scores == source) & (uniform < share), target, heaped)
    return heaped


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


def _likelihood_to_recommend(rng: np.random.Generator, satisfaction: np.ndarray) -> np.ndarray:
    """Answers 0-10: NPS_ANSWER's mean + slope × satisfaction + Student-t noise, then heaped."""
    rule = parameters.NPS_ANSWER
    noise = rule["scale"] * rng.standard_t(rule["df"], size=len(satisfaction))
    raw = np.clip(np.round(rule["mean"] + rule["slope"] * satisfaction + noise), 0, 10)
    return heap(rng, raw.astype(np.int64))


def surveys(
    rng: np.random.Generator,
    latent: LatentTraits,
    timeline: Timeline,
    service_tickets: pd.DataFrame,
) -> pd.DataFrame:
    """Yearly satisfaction survey: NPS (0-10) and four satisfaction items (1-5).

    SURVEY_SHARE of the customers invited (signed up at least MIN_TENURE_DAYS
    before the invitation) answer during the fieldwork window. Satisfaction
    falls with the complaints a customer made in the 180 days before answering
    and with the tickets still open when they answered: only what had happened
    by then, never later events.

    Returns
    -------
    pandas.DataFrame
        ``customer_idx, answered_at, nps, sat_product, sat_price, sat_service,
        sat_delivery``, in time order.
    """
    start = fieldwork_start(timeline.as_of)
    start_idx = int((start - timeline.start).days)
    invited = latent.signup_day <= start_idx - MIN_TENURE_DAYS
    answered = invited & (rng.random(len(latent)) < parameters.SURVEY_SHARE)
    who = np.flatnonzero(answered)
    n_answers = len(who)
    weights = answer_day_weights()
    day = start_idx + rng.choice(len(weights), size=n_answers, p=weights)
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
        - COMPLAINT_EFFECT * complaints
        - OPEN_TICKET_EFFECT * unresolved
    )
    nps = _likelihood_to_recommend(rng, satisfaction)

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
