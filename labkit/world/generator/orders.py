"""Orders: when consumers buy, through which channel, and until when.

The purchase process of each customer is an MBG/NBD process (Batislam, Denizel
& Filiztekin 2007, the BG/NBD of Fader, Hardie & Lee 2005 with drop-out possible
at the first purchase):

1. A buyer's first order comes on the sign-up day (SAME_DAY_FIRST_ORDER, by
   sign-up channel) or after an exponential wait of mean FIRST_ORDER_DELAY_DAYS;
   NEVER_BUY_SHARE of the customers never order.
2. After each purchase, the first included, the customer drops out for good with
   probability ``p``; while alive they buy again as a Poisson process with rate
   ``lam`` (orders per calendar-weighted day) spread over the order channels by
   their channel mix, each channel following its own festival calendar.

The process starts in the burn-in years before the window the learner sees, so
the window opens on an existing customer base. Orders before the window are not
made one by one: their number is drawn (a Poisson count), which is all the
process needs to know who is still alive when the window opens. The process runs
past ``as_of`` for the churn window, so ``churned`` (no order in the 90 days after
``as_of``) is an honest future the learner never sees.

What each order contains is in :mod:`labkit.world.generator.demand`; status,
payment, delivery fee and store in :mod:`labkit.world.generator.commerce`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import calendar, ceilings, parameters
from .consumers import LatentTraits
from .timeline import Timeline

__all__ = ["PurchaseOutlook", "channel_mix", "simulate_orders"]


@dataclass
class PurchaseOutlook:
    """What the purchase process says about each customer at ``as_of``.

    Attributes
    ----------
    alive : numpy.ndarray
        Has made a first purchase by ``as_of`` and not dropped out.
    window_chance : numpy.ndarray
        Probability of at least one order in the churn window, from the purchase
        process alone: ``1 - exp(-lam W)`` for the alive (W the window's
        calendar-weighted length in their channels), the chance that the first
        order falls in the window for buyers still waiting for it, else 0.
    purchase_chance : numpy.ndarray
        ``1 - exp(-lam W)`` for everyone: the chance of an order in the churn window
        for a customer who is alive.
    alive_chance : numpy.ndarray
        What the traits and the visible orders say about ``alive``: the probability
        of being alive given ``lam``, ``p`` and the day of the last order in the
        window (:func:`alive_given_last_order`; the purchase process's own orders, campaign
        extras come later); NaN without an order in the window.
    segment_known_chance, orders_only_chance : numpy.ndarray
        The chance of being alive and ordering in the churn window given the visible
        orders, ``lam`` and ``p`` unknown: knowing the customer's segment, or not
        (:func:`labkit.world.generator.ceilings.order_chances`); NaN without an order in
        the window.
    """

    alive: np.ndarray
    window_chance: np.ndarray
    purchase_chance: np.ndarray
    alive_chance: np.ndarray
    segment_known_chance: np.ndarray
    orders_only_chance: np.ndarray


def _first_order_channels() -> np.ndarray:
    """The order channel (index) of a first order, for each sign-up channel (index).

    A first order on the sign-up day is placed where the customer signed up; a
    referred friend registers, and orders, online.

    Examples
    --------
    >>> _first_order_channels().tolist()  # store, online, call_centre, referral
    [1, 0, 2, 0]
    """
    channel = {"referral": "online"}
    return np.array(
        [
            vocabularies.ORDER_CHANNELS.index(channel.get(signup, signup))
            for signup in vocabularies.SIGNUP_CHANNELS
        ]
    )


def channel_mix(latent: LatentTraits, segment: int | None = None) -> np.ndarray:
    """Each customer's share of orders per channel: the segment's mix, shifted by age and city.

    The odds of online against the other channels change by ONLINE_AGE_SLOPE per
    ten years above 40 and by ONLINE_TIER_SHIFT for the city tier. With ``segment``,
    the mix every customer would have in that segment (for :mod:`.ceilings`).

    Returns
    -------
    numpy.ndarray
        Shape ``(n_customers, len(ORDER_CHANNELS))``; rows sum to 1.
    """
    segments = latent.segment if segment is None else np.full(len(latent), segment)
    mix = parameters.SEGMENT_BEHAVIOUR["channel_mix"][segments].copy()
    online_odds = np.exp(
        parameters.ONLINE_AGE_SLOPE * (latent.age - 40.0) / 10.0
        + parameters.ONLINE_TIER_SHIFT[np.asarray(latent.city_tier, dtype=np.int64) - 1]
    )
    mix[:, 0] *= online_odds
    mix /= mix.sum(axis=1, keepdims=True)
    return mix


def _first_order_days(
    rng: np.random.Generator, latent: LatentTraits, timeline: Timeline, end_idx: int
) -> np.ndarray:
    """Day of each customer's first order; ``end_idx`` for none before the timeline ends."""
    n = len(latent)
    signup_day = latent.signup_day
    same_day = rng.random(n) < parameters.SAME_DAY_FIRST_ORDER[latent.signup_code]
    wait = rng.exponential(parameters.FIRST_ORDER_DELAY_DAYS, size=n)
    later = np.searchsorted(timeline.cum, timeline.cum[signup_day + 1] + wait, side="right") - 1
    first = np.where(same_day, signup_day, np.minimum(later, end_idx))
    return np.where(latent.buyer, first, end_idx)


def _exposure(mix: np.ndarray, timeline: Timeline, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Calendar-weighted length of ``[lo, hi)`` per customer and channel, times the mix."""
    cum = timeline.channel_cum
    return mix * (cum[:, hi] - cum[:, lo]).T


def _window_repeats(
    rng: np.random.Generator,
    latent: LatentTraits,
    timeline: Timeline,
    mix: np.ndarray,
    first_day: np.ndarray,
    end_idx: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Repeat orders from the window start to the end of the timeline, before drop-out.

    Returns the customer, day and channel of each repeat order (sorted by
    customer and day) and each customer's repeat orders allowed in the window.
    """
    n = len(latent)
    window = timeline.window_start_idx
    start = np.minimum(first_day + 1, end_idx)  # repeats come after the first order
    # MBG/NBD: the customer drops out after this many repeat purchases (0: after the first)
    dropout_after = rng.geometric(latent.p) - 1
    # the burn-in's repeat purchases are counted, not made
    before = rng.poisson(
        latent.lam * _exposure(mix, timeline, np.minimum(start, window), np.full(n, window)).sum(1)
    )
    remaining = np.where(first_day < window, np.maximum(dropout_after - before, 0), dropout_after)
    remaining = np.where(first_day < end_idx, remaining, 0)
    del before, dropout_after

    lo = np.maximum(start, window)
    exposure = latent.lam[:, None] * _exposure(mix, timeline, lo, np.full(n, end_idx))
    cum_exposure = exposure.cumsum(axis=1)
    n_repeats = np.where(remaining > 0, rng.poisson(cum_exposure[:, -1]), 0)
    customer = np.repeat(np.arange(n, dtype=np.int64), n_repeats)
    uniform = rng.random(len(customer)) * cum_exposure[customer, -1]
    channel = (uniform > cum_exposure[customer, 0]).astype(np.int8)
    channel += uniform > cum_exposure[customer, 1]
    del uniform, cum_exposure, exposure
    day = np.empty(len(customer), dtype=np.int64)
    for code in range(len(vocabularies.ORDER_CHANNELS)):
        in_channel = np.flatnonzero(channel == code)
        day[in_channel] = timeline.sample_days(
            rng, lo[customer[in_channel]], end_idx, cum=timeline.channel_cum[code]
        )
    # in time order per customer; only the first `remaining` happen (then drop-out)
    span = 1 << int(end_idx).bit_length()
    order = np.argsort(customer * span + day, kind="stable")
    customer, day, channel = customer[order], day[order], channel[order]
    starts = np.concatenate([[0], np.cumsum(n_repeats)[:-1]])
    rank = np.arange(len(customer)) - starts[customer]
    kept = rank < remaining[customer]
    return customer[kept], day[kept], channel[kept], remaining


def _stamps(
    rng: np.random.Generator, timeline: Timeline, day: np.ndarray, channel: np.ndarray
) -> np.ndarray:
    """Order times: hours by channel; online orders of a midnight sale day crowd after 00:00."""
    ordered_at = np.empty(len(day), dtype="datetime64[s]")
    midnight = calendar.midnight_sale_days(timeline.days, timeline.locale)[day]
    for code, name in enumerate(vocabularies.ORDER_CHANNELS):
        for sale_day in (False, True):
            rows = np.flatnonzero((channel == code) & (midnight == sale_day))
            if len(rows):
                hours = calendar.hour_cdf(name, midnight_sale=sale_day and name == "online")
                ordered_at[rows] = timeline.stamp(rng, day[rows], hours)
    return ordered_at


def simulate_orders(
    rng: np.random.Generator,
    latent: LatentTraits,
    timeline: Timeline,
) -> tuple[pd.DataFrame, PurchaseOutlook]:
    """Every order of the window and the churn window, and each customer's outlook.

    Parameters
    ----------
    rng : numpy.random.Generator
        The orders' random stream.
    latent : LatentTraits
        ``latent.max_repeats`` is set here: the repeat orders each customer may
        still make from the window start before dropping out.
    timeline : Timeline

    Returns
    -------
    orders : pandas.DataFrame
        ``customer_idx, day, is_first, channel_code, ordered_at``, sorted by
        customer and time; ``is_first`` marks a customer's first order ever
        (customers who bought before the window have none in it).
    outlook : PurchaseOutlook
    """
    end_idx = len(timeline.days)
    mix = channel_mix(latent)
    first_day = _first_order_days(rng, latent, timeline, end_idx)
    repeat_customer, repeat_day, repeat_channel, remaining = _window_repeats(
        rng, latent, timeline, mix, first_day, end_idx
    )
    latent.max_repeats = remaining

    # first orders in the window: where the customer signed up if on the sign-up day
    first_customer = np.flatnonzero(
        (first_day >= timeline.window_start_idx) & (first_day < end_idx)
    )
    uniform = rng.random(len(first_customer))
    first_channel = (uniform > mix[first_customer, 0]).astype(np.int8)
    first_channel += uniform > mix[first_customer, :2].sum(axis=1)
    on_signup_day = first_day[first_customer] == latent.signup_day[first_customer]
    signup_channel = _first_order_channels()[latent.signup_code[first_customer]]
    first_channel = np.where(on_signup_day, signup_channel, first_channel).astype(np.int8)

    span = 1 << int(end_idx).bit_length()
    key = np.concatenate(
        [
            (first_customer * span + first_day[first_customer]) * 2,
            (repeat_customer * span + repeat_day) * 2 + 1,
        ]
    )
    order = np.argsort(key, kind="stable")
    channel = np.concatenate([first_channel, repeat_channel])[order]
    key = key[order]
    del order, repeat_customer, repeat_day, repeat_channel
    is_first = key % 2 == 0
    key //= 2
    customer, day = key // span, key % span
    del key

    outlook = _outlook(latent, timeline, mix, first_day, customer, day, is_first, remaining)
    orders = pd.DataFrame(
        {
            "customer_idx": customer,
            "day": day,
            "is_first": is_first,
            "channel_code": channel,
            "ordered_at": _stamps(rng, timeline, day, channel),
        }
    )
    return orders, outlook


def _outlook(
    latent: LatentTraits,
    timeline: Timeline,
    mix: np.ndarray,
    first_day: np.ndarray,
    customer: np.ndarray,
    day: np.ndarray,
    is_first: np.ndarray,
    remaining: np.ndarray,
) -> PurchaseOutlook:
    """Who is alive at ``as_of`` and their chance of an order in the churn window."""
    n = len(latent)
    as_of, end_idx = timeline.as_of_idx, len(timeline.days)
    past = day <= as_of
    repeats_so_far = np.bincount(customer[past & ~is_first], minlength=n)
    alive = (first_day <= as_of) & (repeats_so_far < remaining)
    after = np.full(n, as_of + 1)
    window = latent.lam * _exposure(mix, timeline, after, np.full(n, end_idx)).sum(axis=1)
    purchase_chance = 1 - np.exp(-window)
    waiting = latent.buyer & (first_day > as_of)
    wait_weight = timeline.cum[end_idx] - timeline.cum[as_of + 1]
    first_in_window = 1 - np.exp(-wait_weight / parameters.FIRST_ORDER_DELAY_DAYS)
    chance = np.where(alive, purchase_chance, np.where(waiting, first_in_window, 0.0))
    seen, repeat_customer, repeat_day = ceilings.visible_orders(
        n, timeline, first_day, customer, day, is_first
    )
    mixes = np.stack([channel_mix(latent, segment) for segment in range(len(parameters.SEGMENTS))])
    segment_known, orders_only = ceilings.order_chances(
        latent, timeline, mixes, seen, repeat_customer, repeat_day
    )
    return PurchaseOutlook(
        alive=alive,
        window_chance=chance,
        purchase_chance=purchase_chance,
        alive_chance=alive_given_last_order(latent, timeline, mix, seen.last_day),
        segment_known_chance=segment_known,
        orders_only_chance=orders_only,
    )


def alive_given_last_order(
    latent: LatentTraits, timeline: Timeline, mix: np.ndarray, last_day: np.ndarray
) -> np.ndarray:
    """P(alive at ``as_of`` | lam, p, last order on ``last_day``); NaN where ``last_day`` is -1.

    Whether a customer has dropped out is hidden; what can be known is their traits
    and their orders. After the last order the customer either dropped out
    (probability ``p``) or stayed and, by chance, bought nothing in the
    calendar-weighted exposure ``E`` from the next day to ``as_of``
    (probability ``(1 - p) exp(-lam E)``). Bayes' rule gives

        P(alive) = (1 - p) exp(-lam E) / ((1 - p) exp(-lam E) + p).

    Earlier orders weigh the same under both branches, so only the last one counts.
    The rest of the last order's own day is left out of ``E`` (under one day's
    exposure, next to the weeks or months since the last order).
    """
    n = len(latent)
    ordered = last_day >= 0
    start = np.where(ordered, last_day + 1, timeline.as_of_idx + 1)
    stay = (1 - latent.p) * np.exp(
        -latent.lam * _exposure(mix, timeline, start, np.full(n, timeline.as_of_idx + 1)).sum(1)
    )
    return np.where(ordered, stay / (stay + latent.p), np.nan)
