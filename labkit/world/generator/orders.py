"""Orders and order lines: how consumers buy.

The purchase process is BG/NBD-style: after signing up (and, for buyers, a
first order on the signup day) each customer makes repeat purchases as a
Poisson process with their own rate ``lam`` (orders per day), modulated by
the shopping calendar, and after each repeat purchase drops out for good with
probability ``p``. The process runs past ``as_of`` for the churn window, so
``churned`` (no order in the 90 days after ``as_of``) is an honest future the
learner never sees. Each order then gets a discount and lines: products from
the segment's favourite categories and price tiers, and sometimes a planted
bundle.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import calendar, parameters
from .consumers import LatentTraits
from .sampling import choice_by_group
from .timeline import Timeline

#: Calendar weight above which a day counts as a festival day (more and deeper discounts).
FESTIVE_WEIGHT = 1.8
#: Discounts come in steps of this size, at most ten steps.
DISCOUNT_STEP = 0.05
#: Price tiers of the catalogue: cheap, mid, premium (``products["tier"]`` 1-3).
N_PRICE_TIERS = 3
#: Categories sold in multiples (larger quantities per line).
BULK_CATEGORIES = ("food", "office")


def _first_order_channels() -> np.ndarray:
    """The order channel (index) of a first order, for each sign-up channel (index).

    A first order is placed where the customer signed up; a referred friend
    registers, and orders, online.

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


def _repeat_purchases(
    rng: np.random.Generator, latent: LatentTraits, timeline: Timeline, end_idx: int, span: int
) -> tuple[np.ndarray, np.ndarray]:
    """Sorted ``customer * span + day`` keys of every repeat purchase before drop-out.

    Also sets ``latent.max_repeats``: the repeat purchases each customer makes
    before dropping out.
    """
    n = len(latent)
    signup_day = latent.signup_day
    # repeat purchases: Poisson count on (signup day, end], times from the calendar
    exposure = latent.lam * (timeline.cum[end_idx] - timeline.cum[signup_day + 1])
    n_repeats = np.where(latent.buyer, rng.poisson(exposure), 0)
    latent.max_repeats = rng.geometric(latent.p)  # dies right after this many repeats
    customer = np.repeat(np.arange(n, dtype=np.int64), n_repeats)
    day = timeline.sample_days(rng, signup_day[customer] + 1, end_idx)
    # sort each customer's purchases in time with one integer key: customer, day
    key = np.sort(customer * span + day)
    del customer, day
    customer = key // span
    starts = np.concatenate([[0], np.cumsum(n_repeats)[:-1]])
    rank = np.arange(len(customer)) - starts[customer]
    before_dropout = rank < latent.max_repeats[customer]
    return key, before_dropout


def simulate_orders(
    rng: np.random.Generator,
    latent: LatentTraits,
    timeline: Timeline,
) -> pd.DataFrame:
    """Every order of every customer, history and churn window together.

    Parameters
    ----------
    rng : numpy.random.Generator
        The orders' random stream.
    latent : LatentTraits
        ``latent.max_repeats`` is set here.
    timeline : Timeline

    Returns
    -------
    pandas.DataFrame
        ``customer_idx, day, is_first, channel_code, ordered_at``, sorted by
        customer and time.
    """
    end_idx = len(timeline.days)
    span = 1 << int(end_idx).bit_length()
    repeat_key, before_dropout = _repeat_purchases(rng, latent, timeline, end_idx, span)
    # merge in the first orders (on the signup day, before any repeat purchase)
    buyers = np.flatnonzero(latent.buyer)
    key = np.sort(
        np.concatenate(
            [(buyers * span + latent.signup_day[buyers]) * 2, repeat_key[before_dropout] * 2 + 1]
        )
    )
    del repeat_key, before_dropout
    is_first = key % 2 == 0
    key //= 2
    customer, day = key // span, key % span
    del key

    segment = latent.segment[customer]
    channel = choice_by_group(rng, segment, parameters.SEGMENT_BEHAVIOUR["channel_mix"])
    first_channel = _first_order_channels()[latent.signup_code[customer]]
    channel = np.where(is_first, first_channel, channel).astype(np.int8)
    ordered_at = np.empty(len(customer), dtype="datetime64[s]")
    for code, name in enumerate(parameters.ORDER_CHANNELS):
        in_channel = channel == code
        ordered_at[in_channel] = timeline.stamp(rng, day[in_channel], calendar.hour_cdf(name))
    return pd.DataFrame(
        {
            "customer_idx": customer,
            "day": day,
            "is_first": is_first,
            "channel_code": channel,
            "ordered_at": ordered_at,
        }
    )


def _discounts(rng: np.random.Generator, segment: np.ndarray, festive: np.ndarray) -> np.ndarray:
    """One discount rate per order: by segment habit, more and deeper on festival days."""
    behaviour = parameters.SEGMENT_BEHAVIOUR
    share = np.clip(behaviour["discount_share"][segment] + 0.35 * festive, 0, 0.97)
    has_discount = rng.random(len(segment)) < share
    steps = 1 + rng.poisson(behaviour["discount_mean"][segment] / DISCOUNT_STEP - 1 + 1.0 * festive)
    return np.where(has_discount, np.minimum(steps, 10) * DISCOUNT_STEP, 0.0).round(2)


def _price_tiers(rng: np.random.Generator, wealth_z: np.ndarray) -> np.ndarray:
    """Price tier per line, 0 cheap / 1 mid / 2 premium: the wealthy lean premium.

    A softmax of three logits (-1.1 z, 0, 1.1 z - 0.4), drawn without a matrix.
    """
    weight_cheap, weight_premium = np.exp(-1.1 * wealth_z), np.exp(1.1 * wealth_z - 0.4)
    uniform = rng.random(len(wealth_z)) * (weight_cheap + 1.0 + weight_premium)
    return (uniform >= weight_cheap).astype(np.int8) + (uniform >= weight_cheap + 1.0)


def _products_in_cells(
    rng: np.random.Generator, products: pd.DataFrame, category: np.ndarray, tier: np.ndarray
) -> np.ndarray:
    """A product drawn uniformly from each line's (category, price tier) cell."""
    n_cells = len(vocabularies.CATEGORIES) * N_PRICE_TIERS
    product_cell = (
        products["category_idx"].to_numpy() * N_PRICE_TIERS + products["tier"].to_numpy() - 1
    )
    by_cell = np.argsort(product_cell, kind="stable")
    cell_start = np.searchsorted(product_cell[by_cell], np.arange(n_cells))
    cell_count = np.bincount(product_cell, minlength=n_cells)
    cell = category.astype(np.int16) * N_PRICE_TIERS + tier
    # a cell could be empty in principle: fall back to the mid tier
    empty = cell_count[cell] == 0
    cell[empty] = category[empty] * N_PRICE_TIERS + 1
    offset = (rng.random(len(cell)) * cell_count[cell]).astype(np.int64)
    return by_cell[cell_start[cell] + offset]


def _bundle_lines(
    rng: np.random.Generator, n_orders: int, bundles: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Order positions and products of the planted bundles (BUNDLE_RATE of orders)."""
    bundle_of_row = bundles["bundle_idx"].to_numpy()
    bundle_product = bundles["product_idx"].to_numpy()
    n_bundles = bundle_of_row.max() + 1
    with_bundle = np.flatnonzero(rng.random(n_orders) < parameters.BUNDLE_RATE)
    which = rng.integers(0, n_bundles, size=len(with_bundle))
    sizes = np.bincount(bundle_of_row, minlength=n_bundles)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    order_pos = np.repeat(with_bundle, sizes[which])
    offsets = np.arange(len(order_pos)) - np.repeat(
        np.cumsum(sizes[which]) - sizes[which], sizes[which]
    )
    product = bundle_product[np.repeat(starts[which], sizes[which]) + offsets]
    return order_pos, product


def order_details(
    rng: np.random.Generator,
    orders: pd.DataFrame,
    latent: LatentTraits,
    products: pd.DataFrame,
    bundles: pd.DataFrame,
    timeline: Timeline,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Discounts and order lines for every order.

    Parameters
    ----------
    rng : numpy.random.Generator
        The order lines' random stream.
    orders : pandas.DataFrame
        From :func:`simulate_orders` (historical rows only).
    latent : LatentTraits
    products, bundles : pandas.DataFrame
        From :func:`labkit.world.generator.catalogue`.
    timeline : Timeline

    Returns
    -------
    discount : numpy.ndarray
        One rate per order.
    items : pandas.DataFrame
        ``order_pos, product_idx, quantity`` (order_pos indexes ``orders`` rows).
    """
    behaviour = parameters.SEGMENT_BEHAVIOUR
    n_orders = len(orders)
    customer = orders["customer_idx"].to_numpy()
    segment = latent.segment[customer]
    festive = timeline.weights[orders["day"].to_numpy()] > FESTIVE_WEIGHT
    discount = _discounts(rng, segment, festive)

    n_lines = 1 + rng.poisson(behaviour["extra_lines"][segment])
    order_pos = np.repeat(np.arange(n_orders, dtype=np.int64), n_lines)
    line_customer = customer[order_pos].astype(np.int32)
    category = choice_by_group(
        rng, latent.segment[line_customer], behaviour["category_pref"]
    ).astype(np.int8)
    favourite = rng.random(len(order_pos)) < parameters.FAVOURITE_SHARE
    category[favourite] = latent.favourite[line_customer[favourite]]
    wealth_z = latent.z_wealth[line_customer].astype(np.float32)
    del line_customer, favourite
    tier = _price_tiers(rng, wealth_z)
    del wealth_z
    product = _products_in_cells(rng, products, category, tier)
    del tier
    bulk = np.isin(category, [vocabularies.CATEGORIES.index(name) for name in BULK_CATEGORIES])
    quantity = np.minimum(1 + rng.poisson(np.where(bulk, 0.8, 0.2)), 20)
    del bulk, category

    # planted bundles: some orders contain every product of one bundle
    bundle_pos, bundle_product = _bundle_lines(rng, n_orders, bundles)

    # one integer per line: order, product, quantity; sorting it groups repeated products
    key = np.concatenate(
        [
            (order_pos * 128 + product) * 64 + quantity,
            (bundle_pos * 128 + bundle_product) * 64 + 1,
        ]
    )
    del order_pos, product, quantity
    key.sort()
    line, quantity = key // 64, key % 64
    del key
    new_line = np.flatnonzero(np.concatenate([[True], line[1:] != line[:-1]]))
    quantity = np.add.reduceat(quantity, new_line)
    line = line[new_line]
    items = pd.DataFrame(
        {"order_pos": line // 128, "product_idx": line % 128, "quantity": quantity}
    )
    return discount, items
