"""Marketing campaigns of the last two years, who was sent what, and how they responded.

Each locale has its own yearly campaign calendar (``GeneratorLocale.campaign_plan``),
anchored on dates or festivals. Consenting customers are sampled for each
campaign; opening, clicking and converting depend on the segment, and bargain
hunters convert more on discounts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import calendar
from .consumers import LatentTraits
from .locales import GeneratorLocale, PlannedCampaign
from .timeline import Timeline

#: Cost of one contact per channel, in US dollars (converted with ``per_usd``).
COST_PER_CONTACT_USD = {"email": 0.02, "sms": 0.05, "app_push": 0.01, "wechat": 0.03}
#: Share of eligible customers sent each campaign.
SEND_SHARE = 0.4
#: Probabilities of opening, clicking (once opened) and converting (once clicked),
#: by segment (follow :data:`labkit.vocabularies.SEGMENTS`).
OPEN_P = np.array([0.35, 0.30, 0.40, 0.18, 0.30])
CLICK_P = np.array([0.20, 0.15, 0.35, 0.10, 0.25])
CONVERT_P = np.array([0.30, 0.25, 0.35, 0.12, 0.08])
#: Discount offers make bargain hunters this many times likelier to convert.
BARGAIN_DISCOUNT_LIFT = 1.6
#: Days a campaign runs.
CAMPAIGN_DAYS = 14


def start_date(planned: PlannedCampaign, year: int) -> pd.Timestamp:
    """The day a planned campaign starts in a year.

    Examples
    --------
    >>> from labkit.world.generator.locales import PlannedCampaign
    >>> doorbusters = PlannedCampaign(("black_friday", -7), "Doorbusters", "discount", "email")
    >>> str(start_date(doorbusters, 2025).date())
    '2025-11-21'
    """
    anchor, day = planned.starts
    if isinstance(anchor, str):
        return calendar.FESTIVAL_DAYS[anchor](year) + pd.Timedelta(days=day)
    return pd.Timestamp(year=year, month=anchor, day=day)


def _campaign_starts(
    locale: GeneratorLocale, first: pd.Timestamp, last: pd.Timestamp
) -> list[tuple[pd.Timestamp, PlannedCampaign]]:
    """The campaigns that start between ``first`` and ``last``, in time order."""
    starts = []
    for year in range(first.year, last.year + 1):
        for position, planned in enumerate(locale.campaign_plan):
            start = start_date(planned, year)
            if first <= start <= last:
                starts.append((start, position, planned))
    return [(start, planned) for start, _, planned in sorted(starts, key=lambda start: start[:2])]


def _responses(
    rng: np.random.Generator,
    campaign_id: int,
    start: pd.Timestamp,
    offer: str,
    eligible: np.ndarray,
    segment: np.ndarray,
) -> pd.DataFrame:
    """Who among the eligible was sent one campaign, and who opened, clicked and converted."""
    chosen = eligible[rng.random(len(eligible)) < SEND_SHARE]
    n_sent = len(chosen)
    chosen_segment = segment[chosen]
    sent = np.datetime64(start, "s") + (rng.integers(8, 20, size=n_sent) * 3600).astype(
        "timedelta64[s]"
    )
    open_p = OPEN_P[chosen_segment]
    click_p = CLICK_P[chosen_segment]
    convert_p = CONVERT_P[chosen_segment]
    if offer == "discount":
        bargain = vocabularies.SEGMENTS.index("bargain")
        convert_p = convert_p * np.where(chosen_segment == bargain, BARGAIN_DISCOUNT_LIFT, 1.0)
    opened = rng.random(n_sent) < open_p
    clicked = opened & (rng.random(n_sent) < click_p)
    converted = clicked & (rng.random(n_sent) < np.clip(convert_p, 0, 1))
    return pd.DataFrame(
        {
            "campaign_id": campaign_id,
            "customer_idx": chosen,
            "sent_at": sent,
            "opened": opened,
            "clicked": clicked,
            "converted": converted,
        }
    )


def campaigns(
    rng: np.random.Generator,
    latent: LatentTraits,
    timeline: Timeline,
    consent: np.ndarray,
    locale: GeneratorLocale,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Campaigns of the last two years and who was sent what, and how they responded.

    Parameters
    ----------
    rng : numpy.random.Generator
        The campaigns' random stream.
    latent : LatentTraits
    timeline : Timeline
    consent : numpy.ndarray
        Marketing consent of each customer (only they are contacted).
    locale : GeneratorLocale
        The campaign calendar and the currency of the contact costs.

    Returns
    -------
    campaigns : pandas.DataFrame
        One row per campaign.
    responses : pandas.DataFrame
        One row per (campaign, customer contacted).
    """
    first = timeline.as_of - pd.DateOffset(years=2) + pd.Timedelta(days=1)
    last = timeline.as_of - pd.Timedelta(days=CAMPAIGN_DAYS)
    rows, responses = [], []
    signup = timeline.days.values[latent.signup_day]
    for campaign_id, (start, planned) in enumerate(_campaign_starts(locale, first, last), start=1):
        cost = COST_PER_CONTACT_USD[planned.channel] * locale.per_usd
        rows.append(
            {
                "campaign_id": campaign_id,
                "name": planned.name,
                "channel": planned.channel,
                "start_date": start,
                "end_date": start + pd.Timedelta(days=CAMPAIGN_DAYS - 1),
                "offer": planned.offer,
                "cost_per_contact": round(cost, 2),
            }
        )
        eligible = np.flatnonzero(consent & (signup < np.datetime64(start)))
        responses.append(
            _responses(rng, campaign_id, start, planned.offer, eligible, latent.segment)
        )
    table = pd.DataFrame(rows)
    table["start_date"] = table["start_date"].values.astype("datetime64[s]")
    table["end_date"] = table["end_date"].values.astype("datetime64[s]")
    return table, pd.concat(responses, ignore_index=True)
