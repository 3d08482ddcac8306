"""Marketing campaigns of the last two years: who was targeted, held out, contacted, and
what the campaign changed.

Each locale has its own yearly campaign calendar (``GeneratorLocale.campaign_plan``);
festival campaigns run up to and including their festival day. For each campaign,
CAMPAIGN_AUDIENCE_SHARE of the eligible customers (marketing consent, signed up
before the campaign, an e-mail address for e-mail campaigns, an order in the
CAMPAIGN_ACTIVE_DAYS before it: the active file) are targeted, and
CAMPAIGN_HOLDOUT_SHARE of those are held out at random: not contacted, but
recorded, so the campaign's effect can be measured against them.

The contacted open and click at the rates of their channel (CAMPAIGN_RESPONSE).
The campaign moves some of them to buy: a contacted customer who still buys
places an extra (incremental) order in the campaign window with probability
CAMPAIGN_UPLIFT (channel × recency × age × offer), the planted heterogeneous
effect of ``truth/uplift``. An extra order after a click is placed online and
carries the campaign id (``converted``); one without a click (the customer saw
the message and went to a store) carries none. A click followed by an order the
customer would have placed anyway is credited to the campaign too (last-click
attribution), so ``converted`` and the true effect differ - as in real marketing
data, only the hold-out comparison measures the effect.

The extra orders are new rows of the orders working frame (with ``campaign_idx``,
-1 for orders not credited to a campaign), made before the order lines, so they
get lines, discounts and everything else an order has.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import calendar, parameters
from .consumers import LatentTraits
from .locales import GeneratorLocale, PlannedCampaign
from .timeline import Timeline

#: Campaigns run in the two years up to as_of.
CAMPAIGN_YEARS = 2
#: Messages go out between these hours of the campaign's first day.
SEND_HOURS = (8, 20)
#: Who opens and clicks more: a factor per segment (follows SEGMENTS: vip, loyal,
#: bargain, occasional, browser).
ENGAGEMENT = np.array([1.15, 1.15, 1.0, 0.8, 1.05])
#: A customer the campaign moves to buy opens at least this often, and clicks this
#: often once opened.
MOVED_OPEN, MOVED_CLICK = 0.6, 0.5
#: The smallest discount of an order credited to a discount or coupon campaign.
OFFER_DISCOUNT = {"discount": 0.15, "coupon": 0.10}


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


def campaign_calendar(locale: GeneratorLocale, timeline: Timeline) -> pd.DataFrame:
    """The campaigns that run entirely in the two years up to as_of, in time order.

    Returns
    -------
    pandas.DataFrame
        ``name, channel, start_date, end_date, offer, cost_per_contact`` and the
        window's day indices ``start_day, end_day`` on the timeline.

    Examples
    --------
    >>> from labkit.world.generator.locales import by_code
    >>> zh = by_code("zh_CN")
    >>> plan = campaign_calendar(zh, Timeline.make(pd.Timestamp("2025-12-31"), zh))
    >>> plan.set_index("name").loc["双11狂欢购", "end_date"].iloc[-1].strftime("%m-%d")
    '11-11'
    """
    first = timeline.as_of - pd.DateOffset(years=CAMPAIGN_YEARS) + pd.Timedelta(days=1)
    rows = []
    for year in range(first.year, timeline.as_of.year + 1):
        for position, planned in enumerate(locale.campaign_plan):
            start = start_date(planned, year)
            end = start + pd.Timedelta(days=planned.days - 1)
            if first <= start and end <= timeline.as_of:
                cost = locale.contact_costs[vocabularies.CAMPAIGN_CHANNELS.index(planned.channel)]
                rows.append((start, position, planned, end, cost))
    rows.sort(key=lambda row: row[:2])
    table = pd.DataFrame(
        {
            "name": [planned.name for _, _, planned, _, _ in rows],
            "channel": [planned.channel for _, _, planned, _, _ in rows],
            "start_date": np.array([start for start, *_ in rows], dtype="datetime64[s]"),
            "end_date": np.array([row[3] for row in rows], dtype="datetime64[s]"),
            "offer": [planned.offer for _, _, planned, _, _ in rows],
            "cost_per_contact": [round(cost, 4) for *_, cost in rows],
        }
    )
    origin = np.datetime64(timeline.start, "D")
    for column, day in (("start_date", "start_day"), ("end_date", "end_day")):
        table[day] = (table[column].to_numpy().astype("datetime64[D]") - origin).astype(np.int64)
    return table


def true_uplift(
    channel: str,
    offer: str,
    days_since_order: np.ndarray,
    age: np.ndarray,
    segment: np.ndarray,
    still_buying: np.ndarray,
) -> np.ndarray:
    """The planted effect: the chance a contacted customer places an extra order.

    Parameters
    ----------
    channel, offer : str
        The campaign's channel and offer.
    days_since_order : numpy.ndarray
        Days from each customer's last order to the campaign's start.
    age : numpy.ndarray
        Age in years.
    segment : numpy.ndarray
        Segment index (SEGMENTS).
    still_buying : numpy.ndarray
        A buyer who has not dropped out of the purchase process by the campaign.

    Returns
    -------
    numpy.ndarray
        Probabilities (0 for customers who no longer buy).

    Examples
    --------
    >>> days, buying = np.array([10, 60, 120, 60]), np.array([True, True, True, False])
    >>> true_uplift("sms", "gift", days, np.full(4, 40.0), np.full(4, 1), buying).tolist()
    [0.009, 0.0225, 0.225, 0.0]
    """
    uplift = parameters.CAMPAIGN_UPLIFT
    recency = np.array(uplift["recency"])[
        np.searchsorted(uplift["recency_days"], days_since_order, side="left")
    ]
    band = np.searchsorted(uplift["age_from"], age, side="right")
    by_age = uplift["age_app"] if channel in ("app_push", "wechat") else uplift["age_classic"]
    effect = uplift["channel"][channel] * recency * np.array(by_age)[band]
    if offer in OFFER_DISCOUNT:
        bargain = segment == vocabularies.SEGMENTS.index("bargain")
        effect = effect * np.where(bargain, uplift["bargain_on_discount"], 1.0)
    effect = effect * np.where(segment == vocabularies.SEGMENTS.index("vip"), uplift["vip"], 1.0)
    return np.round(np.where(still_buying, np.clip(effect, 0, 1), 0.0), 6)


@dataclass
class OrderBook:
    """What the campaigns need to know about the orders, kept up to date as they run.

    Attributes
    ----------
    key : numpy.ndarray
        ``customer * span + day`` of every organic order, sorted.
    span : int
        The multiplier of ``key``.
    last_extra_day : numpy.ndarray
        Per customer: the day of their latest campaign order so far (-1 if none).
    dropout_day : numpy.ndarray
        Per customer: the day after which they buy no more (a large number if never).
    """

    key: np.ndarray
    span: int
    last_extra_day: np.ndarray
    dropout_day: np.ndarray

    @classmethod
    def of(cls, history: pd.DataFrame, latent: LatentTraits, timeline: Timeline) -> OrderBook:
        """The order book of the organic orders (sorted by customer, then time).

        A customer has dropped out once they have made all their repeat purchases
        (``latent.max_repeats``, the rule churn uses at as_of): from the day of the last.
        """
        n = len(latent)
        span = 1 << int(len(timeline.days)).bit_length()
        customer = history["customer_idx"].to_numpy().astype(np.int64)
        day = history["day"].to_numpy().astype(np.int64)
        key = customer * span + day  # sorted, as history is: a key's position is its row
        dropout_day = np.full(n, np.iinfo(np.int64).max // 4)
        if latent.max_repeats is not None:
            repeat = ~history["is_first"].to_numpy()
            repeats = np.bincount(customer[repeat], minlength=n)
            last_day = np.full(n, -1, np.int64)
            np.maximum.at(last_day, customer, day)
            done = latent.buyer & (repeats >= latent.max_repeats)
            dropout_day[done] = last_day[done]
        dropout_day[~latent.buyer] = -1
        return cls(key, span, np.full(n, -1, np.int64), dropout_day)

    def last_order_day(self, customer: np.ndarray, before: int) -> np.ndarray:
        """Each customer's latest order day before a day (-1 if none), campaign orders included."""
        position = np.searchsorted(self.key, customer * self.span + before, side="left") - 1
        found = (position >= 0) & (self.key[np.maximum(position, 0)] // self.span == customer)
        organic = np.where(found, self.key[np.maximum(position, 0)] % self.span, -1)
        return np.maximum(organic, self.last_extra_day[customer])

    def first_order_in(self, customer: np.ndarray, first: int, last: int) -> np.ndarray:
        """Position (in ``key``) of each customer's first organic order on days first to last
        (-1 if none)."""
        position = np.searchsorted(self.key, customer * self.span + first, side="left")
        inside = position < len(self.key)
        key = self.key[np.minimum(position, len(self.key) - 1)]
        inside &= (key // self.span == customer) & (key % self.span <= last)
        return np.where(inside, position, -1)


@dataclass
class CampaignOutcome:
    """The campaigns and how customers responded.

    Attributes
    ----------
    table : pandas.DataFrame
        The learner table ``campaigns`` (without ids: campaign_idx is the row).
    responses : pandas.DataFrame
        ``campaign_idx, customer_idx, holdout, sent_at, opened, clicked, converted``.
    uplift : pandas.DataFrame
        ``uplift, incremental_order`` of every targeted customer (contacted and held
        out), row by row with ``responses``.
    """

    table: pd.DataFrame
    responses: pd.DataFrame
    uplift: pd.DataFrame


def _day_key(history: pd.DataFrame) -> np.ndarray:
    """One integer per order that sorts by customer, then day."""
    customer = history["customer_idx"].to_numpy().astype(np.int64)
    return customer << 24 | history["day"].to_numpy().astype(np.int64)


def _by_customer_and_day(history: pd.DataFrame) -> pd.DataFrame:
    """The orders sorted by customer, then day (unchanged when they already are)."""
    key = _day_key(history)
    if len(key) < 2 or bool((key[1:] >= key[:-1]).all()):
        return history
    return history.take(np.argsort(key, kind="stable")).reset_index(drop=True)


def _insert_orders(
    history: pd.DataFrame, extra: pd.DataFrame, campaign_of_order: np.ndarray
) -> pd.DataFrame:
    """``history`` (sorted by customer and day) with the ``extra`` orders inserted in place,
    after the customer's orders of earlier days and of the same day, and two new columns:
    ``campaign_idx`` (``campaign_of_order`` for the old rows, the extra rows' own) and
    ``incremental`` (True for the extra rows).

    Each column is written once (no copy of the whole frame per step), so the
    millions of orders of a big world are not copied twice.
    """
    extra = extra.iloc[np.argsort(_day_key(extra), kind="stable")]
    added = {
        "campaign_idx": (campaign_of_order, extra["campaign_idx"].to_numpy()),
        "incremental": (np.zeros(len(history), bool), np.ones(len(extra), bool)),
    }
    insert_at = np.searchsorted(_day_key(history), _day_key(extra), side="right")
    n_total = len(history) + len(extra)
    extra_position = insert_at + np.arange(len(extra))
    history_position = np.arange(len(history)) + np.searchsorted(
        insert_at, np.arange(len(history)), side="right"
    )
    columns = {}
    for name in [*history.columns, *added]:
        old, new = (
            added[name] if name in added else (history[name].to_numpy(), extra[name].to_numpy())
        )
        if name in added or (isinstance(history[name].dtype, np.dtype) and old.dtype == new.dtype):
            column = np.empty(n_total, dtype=old.dtype)
            column[history_position] = old
            column[extra_position] = new
        else:  # an extension type (nullable, categorical …): let pandas keep it
            both = pd.concat([history[name], extra[name]], ignore_index=True)
            order = np.empty(n_total, np.int64)
            order[history_position] = np.arange(len(history))
            order[extra_position] = len(history) + np.arange(len(extra))
            column = both.take(order).reset_index(drop=True)
        columns[name] = column
    return pd.DataFrame(columns)


def _respond(
    rng: np.random.Generator, channel: str, segment: np.ndarray, moved: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Who of the contacted opens and clicks: the channel's rates, by segment engagement;
    a customer the campaign moves to buy opens and clicks more."""
    rates = parameters.CAMPAIGN_RESPONSE[channel]
    engagement = ENGAGEMENT[segment]
    open_p = np.clip(rates["open"] * engagement, 0, 0.99)
    click_p = np.clip(rates["click"] / rates["open"], 0, 1) * np.ones(len(segment))
    open_p = np.where(moved, np.maximum(open_p, MOVED_OPEN), open_p)
    click_p = np.where(moved, np.maximum(click_p, MOVED_CLICK), click_p)
    opened = rng.random(len(segment)) < open_p
    clicked = opened & (rng.random(len(segment)) < click_p)
    return opened, clicked


def _extra_orders(
    rng: np.random.Generator,
    history: pd.DataFrame,
    book: OrderBook,
    timeline: Timeline,
    customer: np.ndarray,
    campaign: pd.Series,
    sent_at: np.ndarray,
    online: np.ndarray,
) -> pd.DataFrame:
    """New order rows for customers the campaign moved to buy.

    Each copies the customer's latest order before the campaign (so columns other
    modules add to the working frame are filled), then gets its own day in the
    window, channel and time: online after a click, else the channel of that order.
    """
    template = (
        np.searchsorted(book.key, customer * book.span + int(campaign["start_day"]), side="left")
        - 1
    )
    rows = history.iloc[template].copy()
    day = timeline.sample_days(
        rng, np.full(len(customer), int(campaign["start_day"])), int(campaign["end_day"]) + 1
    )
    channel = np.where(
        online, vocabularies.ORDER_CHANNELS.index("online"), rows["channel_code"].to_numpy()
    ).astype(rows["channel_code"].dtype)
    ordered_at = np.empty(len(customer), dtype="datetime64[s]")
    for code, name in enumerate(vocabularies.ORDER_CHANNELS):
        in_channel = channel == code
        ordered_at[in_channel] = timeline.stamp(rng, day[in_channel], calendar.hour_cdf(name))
    # not before the message: on the first day, an order comes after it was sent
    too_early = ordered_at < sent_at
    delay = rng.integers(600, 3 * 3600, size=int(too_early.sum())).astype("timedelta64[s]")
    ordered_at[too_early] = sent_at[too_early] + delay
    rows["day"] = day.astype(rows["day"].dtype)
    rows["is_first"] = False
    rows["channel_code"] = channel
    rows["ordered_at"] = ordered_at
    return rows


def run_campaigns(
    rng: np.random.Generator,
    history: pd.DataFrame,
    latent: LatentTraits,
    timeline: Timeline,
    consent: np.ndarray,
    has_email: np.ndarray,
    locale: GeneratorLocale,
) -> tuple[pd.DataFrame, CampaignOutcome]:
    """Run every campaign of the last two years on the orders up to as_of.

    Parameters
    ----------
    rng : numpy.random.Generator
        The campaigns' random stream.
    history : pandas.DataFrame
        The orders working frame up to as_of, sorted by customer and time
        (``customer_idx, day, is_first, channel_code, ordered_at`` and any other
        columns, which campaign orders copy from the customer's previous order).
    latent : LatentTraits
    timeline : Timeline
    consent : numpy.ndarray
        Marketing consent of each customer (only they are contacted).
    has_email : numpy.ndarray
        Whether each customer gave an e-mail address (e-mail campaigns need one).
    locale : GeneratorLocale
        The campaign calendar and the cost of a message.

    Returns
    -------
    history : pandas.DataFrame
        The orders with the campaign orders added, sorted by customer and time, with
        ``campaign_idx`` (the campaign an order is credited to, -1 for none) and
        ``incremental`` (True for the extra orders the campaigns caused).
    outcome : CampaignOutcome
    """
    history = _by_customer_and_day(history)
    table = campaign_calendar(locale, timeline)
    book = OrderBook.of(history, latent, timeline)
    signup = latent.signup_day
    age = latent.age if latent.age is not None else np.full(len(latent), 40.0)
    campaign_of_order = np.full(len(history), -1, np.int16)
    responses, uplifts, extras = [], [], []
    for index, campaign in table.iterrows():
        start, end = int(campaign["start_day"]), int(campaign["end_day"])
        channel = str(campaign["channel"])
        eligible = consent & (signup < start)
        if channel == "email":
            eligible &= has_email
        # the active file: customers who ordered in the CAMPAIGN_ACTIVE_DAYS before the start
        candidate = np.flatnonzero(eligible)
        recent = book.last_order_day(candidate, start) >= start - parameters.CAMPAIGN_ACTIVE_DAYS
        chosen = rng.random(len(candidate)) < parameters.CAMPAIGN_AUDIENCE_SHARE
        targeted = candidate[recent & chosen]
        holdout = rng.random(len(targeted)) < parameters.CAMPAIGN_HOLDOUT_SHARE
        last_day = book.last_order_day(targeted, start)
        effect = true_uplift(
            channel,
            str(campaign["offer"]),
            np.where(last_day >= 0, start - last_day, 10_000),
            age[targeted],
            latent.segment[targeted],
            (book.dropout_day[targeted] >= start) & (last_day >= 0),
        )
        moved = ~holdout & (rng.random(len(targeted)) < effect)
        opened, clicked = _respond(rng, channel, latent.segment[targeted], moved)
        opened &= ~holdout
        clicked &= ~holdout
        hour = rng.integers(SEND_HOURS[0] * 3600, SEND_HOURS[1] * 3600, size=len(targeted))
        sent_at = timeline.day_stamps()[start] + hour.astype("timedelta64[s]")

        # last-click attribution: a click, then an order the customer would have placed anyway
        first = book.first_order_in(targeted, start, end)
        found = clicked & ~moved & (first >= 0)
        position = first[found]
        online = history["channel_code"].to_numpy()[position] == vocabularies.ORDER_CHANNELS.index(
            "online"
        )
        after = history["ordered_at"].to_numpy()[position] > sent_at[found]
        credited = np.zeros(len(targeted), bool)
        credited[np.flatnonzero(found)[online & after]] = True
        campaign_of_order[position[online & after]] = index

        new = _extra_orders(
            rng, history, book, timeline, targeted[moved], campaign, sent_at[moved], clicked[moved]
        )
        new["campaign_idx"] = np.where(clicked[moved], index, -1).astype(np.int16)
        extras.append(new)
        book.last_extra_day[targeted[moved]] = np.maximum(
            book.last_extra_day[targeted[moved]], new["day"].to_numpy()
        )
        responses.append(
            pd.DataFrame(
                {
                    "campaign_idx": np.int16(index),
                    "customer_idx": targeted.astype(np.int32),
                    "holdout": holdout,
                    "sent_at": np.where(holdout, np.datetime64("NaT"), sent_at),
                    "opened": opened,
                    "clicked": clicked,
                    "converted": (moved & clicked) | credited,
                }
            )
        )
        uplifts.append(pd.DataFrame({"uplift": effect, "incremental_order": moved}))
    history = _insert_orders(history, pd.concat(extras, ignore_index=True), campaign_of_order)
    return history, CampaignOutcome(
        table=table.drop(columns=["start_day", "end_day"]),
        responses=pd.concat(responses, ignore_index=True),
        uplift=pd.concat(uplifts, ignore_index=True),
    )


def offer_discounts(history: pd.DataFrame, table: pd.DataFrame) -> np.ndarray:
    """Each order's discount, at least the offer's for orders credited to a discount or coupon
    campaign (the customer used the offer).

    Parameters
    ----------
    history : pandas.DataFrame
        The orders working frame with ``discount`` and ``campaign_idx``.
    table : pandas.DataFrame
        The campaigns (``offer`` by campaign_idx).

    Returns
    -------
    numpy.ndarray
    """
    floor = table["offer"].map(OFFER_DISCOUNT).fillna(0.0).to_numpy()
    campaign = history["campaign_idx"].to_numpy()
    minimum = np.where(campaign >= 0, floor[np.maximum(campaign, 0)], 0.0)
    return np.maximum(history["discount"].to_numpy(), minimum).round(2)
