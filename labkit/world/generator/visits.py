"""Who visits the website and app, when, on which device, and what about.

The visits of the web log (see :mod:`labkit.world.generator.web`, which makes
their events) are of four kinds:

- **buying visits**: one for every online order of the log's days, checking it out;
- **research visits** in the 1-14 days before an order (online, in a store or by
  phone; orders after as_of too): about one of the products the order contains;
- **browsing visits** of known customers, at their own rate (SEGMENT_BEHAVIOUR
  ``web_sessions``, less with age and much less once they stop buying), about
  their favourite category or their segment's tastes;
- **anonymous visits** of people who are not logged in, ANONYMOUS_SHARE of all.

Each customer mostly uses one device, which depends on age; visits start at the
hours of the online rhythm (desktops in office hours too).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import calendar, parameters
from .consumers import LatentTraits
from .locales import GeneratorLocale
from .sampling import choice_by_group, choice_rows
from .timeline import Timeline

#: Devices of a session; the locale's ``device_shares`` follow this order.
DEVICES = ("mobile", "desktop", "tablet", "mini_program")
#: How a device's share changes with age: its weight is multiplied by
#: exp(slope × (age - 40) / 15) (the young use phones, the old desktops and tablets).
DEVICE_AGE_SLOPE = np.array([-0.45, 0.45, 0.35, 0.0])
#: Share of a customer's visits made on their usual device.
USUAL_DEVICE_SHARE = 0.8
#: Hour-of-day weights of desktop visits (office hours and evenings); other devices
#: follow the online rhythm of :data:`labkit.world.generator.calendar.HOURS`.
DESKTOP_HOURS = np.array(
    [1, 0.5, 0.3, 0.2, 0.2, 0.3, 1, 2, 5, 8, 9, 9, 7, 8, 9, 9, 8, 7, 6, 7, 8, 8, 6, 3]
)
#: Research visits before an order, by the order's channel (Poisson mean):
#: shoppers research online before buying online, and some before buying in a store.
RESEARCH_VISITS = {"online": 1.5, "store": 0.6, "call_centre": 0.3}
#: Days between a research visit and its order: 1 + geometric, at most RESEARCH_MAX_DAYS.
RESEARCH_LEAD_P = 0.35
RESEARCH_MAX_DAYS = 14
#: Share of research visits whose first product view is exactly the product bought.
RESEARCH_EXACT_SHARE = 0.6
#: Share of a browsing visit's category choices that are the customer's favourite.
FAVOURITE_VIEW_SHARE = 0.55
#: Browsing visits: a customer who has dropped out browses this much of their rate,
#: a registered customer who never bought this much.
LAPSED_BROWSING = 0.5
NEVER_BOUGHT_BROWSING = 0.6
#: Browsing falls with age: rate × exp(-(age - 35) / BROWSING_AGE_SCALE).
BROWSING_AGE_SCALE = 40.0
#: Anonymous visits as a share of all visits.
ANONYMOUS_SHARE = 0.45


@dataclass
class Visits:
    """The visits of the log, one element per visit, before their events are made.

    Attributes
    ----------
    customer : numpy.ndarray
        Customer index, -1 for an anonymous visitor.
    kind : numpy.ndarray
        0 buying, 1 research, 2 browsing, 3 anonymous.
    day : numpy.ndarray
        Day index on the timeline.
    product : numpy.ndarray
        The product (index) the visit is about (a buying visit: its order's first line).
    order : numpy.ndarray
        The order id a buying visit checks out (0 for the others).
    checkout_at : numpy.ndarray
        When a buying visit checks out (buying visits only, in their order).
    """

    customer: np.ndarray
    kind: np.ndarray
    day: np.ndarray
    product: np.ndarray
    order: np.ndarray
    checkout_at: np.ndarray

    @property
    def n_buying(self) -> int:
        """Buying visits come first."""
        return len(self.checkout_at)


def usual_devices(rng: np.random.Generator, age: np.ndarray, locale: GeneratorLocale) -> np.ndarray:
    """Each customer's usual device (index into DEVICES): the locale's shares, tilted by age.

    Examples
    --------
    >>> from labkit.world.generator.locales import by_code
    >>> age = np.array([20.0] * 500 + [70.0] * 500)
    >>> device = usual_devices(np.random.default_rng(0), age, by_code("en_US"))
    >>> bool((device[:500] == 0).mean() > (device[500:] == 0).mean())  # the young use phones
    True
    """
    shares = np.asarray(locale.device_shares)
    weights = shares * np.exp(np.outer((age - 40.0) / 15.0, DEVICE_AGE_SLOPE))
    return choice_rows(rng, weights / weights.sum(axis=1, keepdims=True)).astype(np.int8)


def random_products(
    rng: np.random.Generator, products: pd.DataFrame, category: np.ndarray
) -> np.ndarray:
    """A product (index) drawn uniformly from each category."""
    n_categories = len(vocabularies.CATEGORIES)
    product_category = products["category_idx"].to_numpy()
    by_category = np.argsort(product_category, kind="stable")
    start = np.searchsorted(product_category[by_category], np.arange(n_categories))
    count = np.bincount(product_category, minlength=n_categories)
    offset = (rng.random(len(category)) * count[category]).astype(np.int64)
    return by_category[start[category] + offset]


def interest_categories(
    rng: np.random.Generator, latent: LatentTraits, customer: np.ndarray
) -> np.ndarray:
    """The category a visit is about: the favourite FAVOURITE_VIEW_SHARE of the time, else
    by segment taste (anonymous visitors: the segments' average taste)."""
    known = customer >= 0
    segment = np.where(known, latent.segment[np.maximum(customer, 0)], -1)
    preference = parameters.SEGMENT_BEHAVIOUR["category_pref"]
    average = parameters.SEGMENT_SHARE @ preference
    category = choice_by_group(rng, segment + 1, np.vstack([average, preference]))
    use_favourite = known & (rng.random(len(customer)) < FAVOURITE_VIEW_SHARE)
    category[use_favourite] = latent.favourite[customer[use_favourite]]
    return category


def visit_starts(
    rng: np.random.Generator, timeline: Timeline, day: np.ndarray, device: np.ndarray
) -> np.ndarray:
    """Start times on the given days: the online rhythm, desktops in office hours too."""
    online = calendar.hour_cdf("online")
    desktop = np.cumsum(DESKTOP_HOURS) / DESKTOP_HOURS.sum()
    uniform = rng.random(len(day))
    hour = np.where(
        device == DEVICES.index("desktop"),
        np.searchsorted(desktop, uniform, side="right"),
        np.searchsorted(online, uniform, side="right"),
    )
    seconds = np.minimum(hour, 23) * 3600 + rng.integers(0, 3600, size=len(day))
    return timeline.day_stamps()[day] + seconds.astype("timedelta64[s]")


def _random_members(
    rng: np.random.Generator, sorted_keys: np.ndarray, keys: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each key, the position of one random element of ``sorted_keys`` equal to it.

    Returns the positions and whether the key was found at all.
    """
    first = np.searchsorted(sorted_keys, keys, side="left")
    count = np.searchsorted(sorted_keys, keys, side="right") - first
    position = first + (rng.random(len(keys)) * count).astype(np.int64)
    return np.minimum(position, max(len(sorted_keys) - 1, 0)), count > 0


def _research_visits(
    rng: np.random.Generator,
    customer: np.ndarray,
    order_day: np.ndarray,
    channel: np.ndarray,
    product: np.ndarray,
    first_day: int,
    last_day: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Customer, day and product of the research visits before each order that fall in the log."""
    mean = np.array([RESEARCH_VISITS[name] for name in vocabularies.ORDER_CHANNELS])
    which = np.repeat(np.arange(len(order_day)), rng.poisson(mean[channel]))
    lead = np.minimum(rng.geometric(RESEARCH_LEAD_P, size=len(which)), RESEARCH_MAX_DAYS)
    day = order_day[which] - lead
    keep = (day >= first_day) & (day <= last_day)
    which = which[keep]
    exact = rng.random(len(which)) < RESEARCH_EXACT_SHARE
    return customer[which], day[keep], np.where(exact, product[which], -1 - product[which])


def plan_visits(
    rng: np.random.Generator,
    latent: LatentTraits,
    timeline: Timeline,
    alive: np.ndarray,
    products: pd.DataFrame,
    orders: pd.DataFrame,
    order_items: pd.DataFrame,
    future_orders: pd.DataFrame,
) -> Visits:
    """Every visit of the log: buying, research, browsing and anonymous.

    Parameters
    ----------
    rng : numpy.random.Generator
        The web log's random stream.
    latent : LatentTraits
    timeline : Timeline
    alive : numpy.ndarray
        Whether each customer still buys at as_of.
    products : pandas.DataFrame
        The catalogue.
    orders, order_items : pandas.DataFrame
        The learner tables, sorted by order_id.
    future_orders : pandas.DataFrame
        ``customer_idx, day, channel_code`` of the orders after as_of.

    Returns
    -------
    Visits
        Buying visits first, in the order of their orders.
    """
    first_day = timeline.as_of_idx - parameters.WEB_LOG_DAYS + 1
    start_of_world = np.datetime64(timeline.start, "D")
    ordered_at = orders["ordered_at"].to_numpy()
    order_day = (ordered_at.astype("datetime64[D]") - start_of_world).astype(np.int64)
    channel = pd.Categorical(orders["channel"], categories=vocabularies.ORDER_CHANNELS).codes
    order_id = orders["order_id"].to_numpy()
    order_customer = orders["customer_id"].to_numpy() - 1
    line_order = order_items["order_id"].to_numpy()
    line_product = order_items["product_id"].to_numpy() - 1

    # research before the orders of the log and of the days after it: one line of each
    # order says what was looked at; after as_of, a line the customer bought before
    near = order_day >= first_day
    line, _ = _random_members(rng, line_order, order_id[near])
    line_customer = order_customer[np.searchsorted(order_id, line_order)]
    by_customer = None  # the lines already go by customer when the orders do
    if not bool((line_customer[1:] >= line_customer[:-1]).all()):
        by_customer = np.argsort(line_customer, kind="stable")
        line_customer = line_customer[by_customer]
    future_customer = future_orders["customer_idx"].to_numpy()
    habit, has_habit = _random_members(rng, line_customer, future_customer)
    del line_customer
    if by_customer is not None:
        habit = by_customer[habit]
    future_product = np.where(
        has_habit,
        line_product[habit] if len(line_product) else 0,
        random_products(rng, products, latent.favourite[future_customer]),
    )
    research_customer, research_day, research_product = _research_visits(
        rng,
        np.concatenate([order_customer[near], future_customer]),
        np.concatenate([order_day[near], future_orders["day"].to_numpy()]),
        np.concatenate([channel[near], future_orders["channel_code"].to_numpy()]),
        np.concatenate([line_product[line], future_product]),
        first_day,
        timeline.as_of_idx,
    )
    inexact = research_product < 0
    research_product[inexact] = random_products(
        rng, products, products["category_idx"].to_numpy()[-1 - research_product[inexact]]
    )

    # browsing visits of known customers, at their own rate
    n = len(latent)
    start = np.maximum(latent.signup_day, first_day)
    months = np.maximum(timeline.as_of_idx + 1 - start, 0) / 30.4
    activity = np.where(alive, 1.0, np.where(latent.buyer, LAPSED_BROWSING, NEVER_BOUGHT_BROWSING))
    age = latent.age if latent.age is not None else np.full(n, 35.0)
    rate = (
        parameters.SEGMENT_BEHAVIOUR["web_sessions"][latent.segment]
        * activity
        * np.exp(-(age - 35.0) / BROWSING_AGE_SCALE)
    )
    browser = np.repeat(np.arange(n, dtype=np.int64), rng.poisson(rate * months))
    browse_day = timeline.sample_days(rng, start[browser], timeline.as_of_idx + 1)
    browse_product = random_products(rng, products, interest_categories(rng, latent, browser))

    # buying visits: every online order of the log; anonymous visits on top
    buying = np.flatnonzero(near & (channel == vocabularies.ORDER_CHANNELS.index("online")))
    first_line = np.searchsorted(line_order, order_id[buying], side="left")
    n_known = len(buying) + len(research_customer) + len(browser)
    n_anonymous = int(round(n_known * ANONYMOUS_SHARE / (1 - ANONYMOUS_SHARE)))
    anonymous_day = timeline.sample_days(
        rng, np.full(n_anonymous, first_day), timeline.as_of_idx + 1
    )
    anonymous = np.full(n_anonymous, -1)
    anonymous_product = random_products(rng, products, interest_categories(rng, latent, anonymous))
    sizes = [len(buying), len(research_customer), len(browser), n_anonymous]
    # the checkout comes a little before the order, on the order's day (an order placed just
    # after midnight was checked out just after midnight)
    since_midnight = (ordered_at[buying] - ordered_at[buying].astype("datetime64[D]")) // (
        np.timedelta64(1, "s")
    )
    before_order = np.minimum(rng.integers(5, 90, size=len(buying)), since_midnight)
    return Visits(
        customer=np.concatenate([order_customer[buying], research_customer, browser, anonymous]),
        kind=np.repeat(np.arange(4, dtype=np.int8), sizes),
        day=np.concatenate([order_day[buying], research_day, browse_day, anonymous_day]),
        product=np.concatenate(
            [line_product[first_line], research_product, browse_product, anonymous_product]
        ),
        order=np.concatenate([order_id[buying], np.zeros(sum(sizes[1:]), np.int64)]),
        checkout_at=ordered_at[buying] - before_order.astype("timedelta64[s]"),
    )
