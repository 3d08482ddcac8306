"""What each order contains: categories, products, quantities, staples, bundles, discounts.

Each order has 1 + Poisson(extra_lines) lines (the segment's basket size, humped
in age). A line's category follows the segment's tastes shifted by who the
customer is (CATEGORY_SHIFTS: gender, age, children at home, a pet, renting), or
is the customer's favourite category. Within the category a product is drawn
with weight

    (price / category median price) ** -PRICE_ELASTICITY    (cheaper sells more)
    × the locale's weight (mooncakes and Longjing tea are Chinese goods)
    × the product's season on the order's day (down jackets in winter …)
    × its appeal to the customer's gender (lipstick is bought by women …)
    × the price-tier appeal to the customer's wealth (the wealthy buy premium).

Durables (a replacement cycle of two years or more) are bought once per cycle: a
second robot vacuum within the cycle becomes a consumable (drawn by popularity).
Staple consumables (diapers, pet food, coffee …) come back on the customer's own
replenishment cycle: a holder re-buys at the first order after each cycle ends.
Some orders also hold a planted bundle (BUNDLE_RATE).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import calendar, parameters
from .consumers import LatentTraits
from .sampling import choice_by_group
from .timeline import Timeline

__all__ = ["order_details", "product_weights"]

#: Calendar weight of the order's channel above which a day counts as a festival day
#: (more and deeper discounts).
FESTIVE_WEIGHT = 2.5
#: Discounts come in steps of this size, at most ten steps.
DISCOUNT_STEP = 0.05
#: Ages at which the age bands 18-24, 25-34, 35-44, 45-54, 55-64 and 65+ begin (after the first).
AGE_BAND_STARTS = np.array([25, 35, 45, 55, 65])
#: Standardised wealth at which each wealth band begins (after the first), and each band's
#: middle: the price-tier appeal is computed per band.
WEALTH_BAND_STARTS = np.array([-1.5, -0.8, -0.27, 0.27, 0.8, 1.5])
WEALTH_BAND_MIDDLES = np.array([-1.9, -1.15, -0.53, 0.0, 0.53, 1.15, 1.9])
#: Wealth added by city tier 1-4 when picking the price tier (big-city prices and tastes).
CITY_TIER_WEALTH = np.array([0.3, 0.12, 0.0, -0.12])
#: Wealth added at the middle of life (times the age hump, -0.5 to 0.5) when picking the tier.
AGE_TIER_HUMP = 0.8
#: A product bought again less often than this (days) is a durable.
DURABLE_DAYS = 730
#: Extra units per line (Poisson mean) by category; durables always one unit.
BULK_UNITS = {"food": 0.8, "office": 0.6, "baby_kids": 0.4, "pet_supplies": 0.4}
DEFAULT_BULK_UNITS = 0.15
#: A staple holder buys at most this many cycles' worth in one order.
MAX_STAPLE_UNITS = 4
#: Children's and pets' products reach households without them (gifts) at this weight.
AUDIENCE_LEAK = 0.05
#: Baby staples (diapers, formula, wipes) are kept by parents up to this age.
BABY_PARENT_AGE = 42
#: A bundle of children's products is this many times as likely as another bundle
#: in a household with children (the only households it goes to).
FAMILY_BUNDLE_WEIGHT = 6.0


def _age_band(age: np.ndarray) -> np.ndarray:
    """Age band 0-5 (18-24 … 65+)."""
    return np.searchsorted(AGE_BAND_STARTS, age, side="right")


def _category_groups(latent: LatentTraits) -> np.ndarray:
    """Each customer's row of :func:`category_table`."""
    group = latent.segment.astype(np.int64)
    for flag, size in (
        (latent.female, 2),
        (_age_band(latent.age), 6),
        (latent.children, 2),
        (latent.pet, 2),
        (latent.renter, 2),
    ):
        group = group * size + np.asarray(flag, dtype=np.int64)
    return group


def category_table() -> np.ndarray:
    """Category weights per (segment, female, age band, children, pet, renter), in that order.

    The segment's ``category_pref`` times exp of the CATEGORY_SHIFTS that apply.

    Examples
    --------
    >>> table = category_table()
    >>> table.shape
    (480, 9)
    """
    categories = vocabularies.CATEGORIES
    shifts = {
        name: np.array([shift.get(category, 0.0) for category in categories])
        for name, shift in parameters.CATEGORY_SHIFTS.items()
    }
    rows = []
    for pref in parameters.SEGMENT_BEHAVIOUR["category_pref"]:
        for female in (0, 1):
            for band in range(6):
                for children in (0, 1):
                    for pet in (0, 1):
                        for renter in (0, 1):
                            logit = np.log(pref) + female * shifts["female"]
                            logit += (band <= 1) * shifts["under_35"]
                            logit += (band >= 4) * shifts["over_55"]
                            logit += (band == 5) * shifts["over_65"]
                            logit += shifts["children"] if children else shifts["no_children"]
                            logit += shifts["pet"] if pet else shifts["no_pet"]
                            logit += renter * shifts["renter"]
                            rows.append(np.exp(logit))
    return np.array(rows)


def _draw_rows(rng: np.random.Generator, row: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """One column per element, drawn from the weights of its row (no per-element matrix)."""
    n_rows, n_columns = weights.shape
    cdf = np.cumsum(weights, axis=1)
    cdf /= cdf[:, -1:]
    flat = (np.arange(n_rows)[:, None] * 2.0 + cdf).ravel()
    index = np.searchsorted(flat, row * 2.0 + rng.random(len(row)), side="right")
    return np.minimum(index - row * n_columns, n_columns - 1)


def _popularity(products: pd.DataFrame) -> np.ndarray:
    """Each product's base weight: price relative to its category's median, to the -elasticity."""
    price = products["price"].to_numpy(float)
    median = products.groupby("category")["price"].transform("median").to_numpy(float)
    return (price / median) ** -parameters.PRICE_ELASTICITY * products["locale_weight"].to_numpy()


def _season_states(products: pd.DataFrame, timeline: Timeline) -> tuple[np.ndarray, np.ndarray]:
    """Each day's season state and each state's factor per product."""
    seasons = calendar.season_factors(timeline.days, timeline.locale)
    names = sorted(seasons)
    by_day = np.stack([seasons[name] for name in names])
    states, state_of_day = np.unique(by_day.round(4), axis=1, return_inverse=True)
    product_season = products["season"].map({name: i for i, name in enumerate(names)})
    return state_of_day.ravel(), states[product_season.to_numpy()].T


def product_weights(products: pd.DataFrame, timeline: Timeline) -> tuple[np.ndarray, np.ndarray]:
    """Product weights per (category, season state, female, children, wealth band).

    Returns
    -------
    weights : numpy.ndarray
        Shape ``(n_categories, n_states, 2, 2, n_wealth_bands, n_products)``.
    state_of_day : numpy.ndarray
        The season state of each day of the timeline.
    """
    state_of_day, season = _season_states(products, timeline)  # season: (states, products)
    category = products["category_idx"].to_numpy()
    in_category = np.arange(len(vocabularies.CATEGORIES))[:, None] == category[None, :]
    female_odds = products["female_share"].to_numpy(float)
    female_odds = female_odds / (1 - female_odds)
    gender = np.stack([1 / female_odds, female_odds])  # (male, female)
    for_families = products["audience"].isin(["children", "pet"]).to_numpy()
    audience = np.stack([np.where(for_families, AUDIENCE_LEAK, 1.0), np.ones(len(products))])
    tier = products["tier"].to_numpy() - 1
    slope = parameters.TIER_WEALTH_SLOPE
    appeal = np.stack(
        [
            np.exp(-slope * WEALTH_BAND_MIDDLES),
            np.ones(7),
            np.exp(slope * WEALTH_BAND_MIDDLES - 0.4),
        ]
    )  # (tiers, bands)
    weights = (
        in_category[:, None, None, None, None, :]
        * season[None, :, None, None, None, :]
        * gender[None, None, :, None, None, :]
        * audience[None, None, None, :, None, :]
        * appeal[tier].T[None, None, None, None, :, :]
        * _popularity(products)
    )
    return weights, state_of_day


def _bulk_units(products: pd.DataFrame) -> np.ndarray:
    """Extra units per line (Poisson mean) per product; durables none."""
    bulk = products["category"].map(BULK_UNITS).fillna(DEFAULT_BULK_UNITS).to_numpy()
    return np.where(products["replacement_days"].to_numpy() >= DURABLE_DAYS, 0.0, bulk)


def _regular_lines(
    rng: np.random.Generator,
    customer: np.ndarray,
    day: np.ndarray,
    staple_lines: np.ndarray,
    latent: LatentTraits,
    products: pd.DataFrame,
    timeline: Timeline,
) -> tuple[np.ndarray, np.ndarray]:
    """Order position and product of each regular line.

    An order has 1 + Poisson(basket) lines in all: its staple lines count among them.
    """
    behaviour = parameters.SEGMENT_BEHAVIOUR
    age_hump = np.exp(-(((latent.age - 45.0) / 15.0) ** 2)) - 0.5
    basket = behaviour["extra_lines"][latent.segment] * (1 + parameters.AGE_BASKET_HUMP * age_hump)
    n_lines = np.maximum(1 + rng.poisson(basket[customer]) - staple_lines, 0)
    order_pos = np.repeat(np.arange(len(customer), dtype=np.int64), n_lines)
    line_customer = customer[order_pos]
    groups = _category_groups(latent)
    category = _draw_rows(rng, groups[line_customer], category_table())
    # a share of lines come from the favourite category, if it suits the household
    favourite = latent.favourite[line_customer]
    suits = np.ones(len(favourite), dtype=bool)
    for name, flag in (("baby_kids", latent.children), ("pet_supplies", latent.pet)):
        suits &= (favourite != vocabularies.CATEGORIES.index(name)) | flag[line_customer]
    use_favourite = suits & (rng.random(len(favourite)) < parameters.FAVOURITE_SHARE)
    category = np.where(use_favourite, favourite, category)
    del favourite, suits, use_favourite

    weights, state_of_day = product_weights(products, timeline)
    n_states = weights.shape[1]
    wealth = latent.z_wealth + CITY_TIER_WEALTH[np.asarray(latent.city_tier, np.int64) - 1]
    wealth = wealth + AGE_TIER_HUMP * age_hump
    band = np.searchsorted(WEALTH_BAND_STARTS, wealth)
    row = category * n_states + state_of_day[day[order_pos]]
    row = (row * 2 + latent.female[line_customer]) * 2 + latent.children[line_customer]
    row = row * len(WEALTH_BAND_MIDDLES) + band[line_customer]
    product = _draw_rows(rng, row, weights.reshape(-1, len(products)))
    return order_pos, product


def _replace_durable_repeats(
    rng: np.random.Generator,
    order_pos: np.ndarray,
    product: np.ndarray,
    customer: np.ndarray,
    day: np.ndarray,
    products: pd.DataFrame,
) -> np.ndarray:
    """Durables bought again inside their replacement cycle swapped for consumables."""
    replacement = products["replacement_days"].to_numpy()
    durable = replacement[product] >= DURABLE_DAYS
    rows = np.flatnonzero(durable)
    line_customer, line_day = customer[order_pos[rows]], day[order_pos[rows]]
    by_pair = np.lexsort((line_day, product[rows], line_customer))
    rows, line_customer, line_day = rows[by_pair], line_customer[by_pair], line_day[by_pair]
    pair = line_customer * len(products) + product[rows]
    new_pair = np.concatenate([[True], pair[1:] != pair[:-1]])
    first_day = line_day[np.flatnonzero(new_pair)][np.cumsum(new_pair) - 1]
    repeat = ~new_pair & (line_day - first_day < replacement[product[rows]])
    swap = rows[repeat]
    # the replacement: an all-year consumable for every household, by popularity
    for_everyone = (products["audience"] == "all") & (products["season"] == "none")
    weights = (replacement < DURABLE_DAYS) * for_everyone.to_numpy() * _popularity(products)
    product = product.copy()
    product[swap] = _draw_rows(rng, np.zeros(len(swap), np.int64), weights[None, :])
    return product


def _staple_lines(
    rng: np.random.Generator,
    customer: np.ndarray,
    day: np.ndarray,
    latent: LatentTraits,
    products: pd.DataFrame,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Order position, product and units of the staple lines (replenishment)."""
    n = len(latent)
    span = 1 << int(day.max() + 1).bit_length() if len(day) else 1
    pos = np.argsort(customer * span + day, kind="stable")
    customer_sorted, day_sorted = customer[pos], day[pos]
    first = np.concatenate([[True], customer_sorted[1:] != customer_sorted[:-1]])
    first_day = np.zeros(n, dtype=np.int64)
    first_day[customer_sorted[first]] = day_sorted[first]
    since_first = day_sorted - first_day[customer_sorted]

    replacement = products["replacement_days"].to_numpy()
    popularity = _popularity(products)
    female_share = products["female_share"].to_numpy()
    audiences = {
        "children": latent.children & (latent.age <= BABY_PARENT_AGE),
        "pet": latent.pet,
        "everyone": np.ones(n, dtype=bool),
    }
    lines = []
    for audience, eligible in audiences.items():
        kind = "all" if audience == "everyone" else audience
        candidates = np.flatnonzero((products["audience"].to_numpy() == kind) & (replacement <= 60))
        holder = eligible & (rng.random(n) < parameters.STAPLE_SHARE[audience])
        weights = popularity[candidates] * np.stack(
            [(1 - female_share[candidates]), female_share[candidates]]
        )
        staple = candidates[choice_by_group(rng, latent.female.astype(np.int64), weights)]
        cycle = replacement[staple] * rng.uniform(0.8, 1.25, size=n)
        cycles_done = np.floor(since_first / cycle[customer_sorted])
        units = np.where(first, 1, np.diff(cycles_done, prepend=0.0)).astype(np.int64)
        take = holder[customer_sorted] & (units > 0)
        lines.append(
            (
                pos[take],
                staple[customer_sorted[take]],
                np.minimum(units[take], MAX_STAPLE_UNITS),
            )
        )
    return tuple(np.concatenate(part) for part in zip(*lines, strict=True))


def _bundle_lines(
    rng: np.random.Generator,
    customer: np.ndarray,
    latent: LatentTraits,
    bundles: pd.DataFrame,
    products: pd.DataFrame,
) -> tuple[np.ndarray, np.ndarray]:
    """Order positions and products of the planted bundles (BUNDLE_RATE of orders).

    A bundle of children's products goes only to households with children; a bundle
    of goods little sold in the locale comes less often (its rarest product's weight,
    at least 0.2).
    """
    bundle_of_row = bundles["bundle_idx"].to_numpy()
    bundle_product = bundles["product_idx"].to_numpy()
    n_bundles = bundle_of_row.max() + 1
    for_children = np.zeros(n_bundles, dtype=bool)
    np.logical_or.at(
        for_children, bundle_of_row, products["audience"].to_numpy()[bundle_product] == "children"
    )
    locale_weight = np.ones(n_bundles)
    np.minimum.at(
        locale_weight, bundle_of_row, products["locale_weight"].to_numpy()[bundle_product]
    )
    weight = np.maximum(locale_weight, 0.2)
    table = np.stack(
        [np.where(for_children, 0.0, weight), np.where(for_children, FAMILY_BUNDLE_WEIGHT, weight)]
    )  # without, with children
    with_bundle = np.flatnonzero(rng.random(len(customer)) < parameters.BUNDLE_RATE)
    which = choice_by_group(rng, latent.children[customer[with_bundle]].astype(np.int64), table)
    sizes = np.bincount(bundle_of_row, minlength=n_bundles)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    order_pos = np.repeat(with_bundle, sizes[which])
    offsets = np.arange(len(order_pos)) - np.repeat(
        np.cumsum(sizes[which]) - sizes[which], sizes[which]
    )
    product = bundle_product[np.repeat(starts[which], sizes[which]) + offsets]
    return order_pos, product


def _discounts(rng: np.random.Generator, segment: np.ndarray, festive: np.ndarray) -> np.ndarray:
    """One discount rate per order: by segment habit, more and deeper on festival days."""
    behaviour = parameters.SEGMENT_BEHAVIOUR
    share = np.clip(behaviour["discount_share"][segment] + 0.35 * festive, 0, 0.97)
    has_discount = rng.random(len(segment)) < share
    steps = 1 + rng.poisson(behaviour["discount_mean"][segment] / DISCOUNT_STEP - 1 + 1.0 * festive)
    return np.where(has_discount, np.minimum(steps, 10) * DISCOUNT_STEP, 0.0).round(2)


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
        The working orders frame (``customer_idx``, ``day``, ``channel_code``), any row order.
    latent : LatentTraits
    products, bundles : pandas.DataFrame
        From :func:`labkit.world.generator.catalogue`.
    timeline : Timeline

    Returns
    -------
    discount : numpy.ndarray
        One rate per order.
    items : pandas.DataFrame
        ``order_pos, product_idx, quantity`` (order_pos indexes ``orders`` rows),
        sorted by order and product.
    """
    customer = orders["customer_idx"].to_numpy()
    day = orders["day"].to_numpy()
    channel_weight = np.diff(timeline.channel_cum, axis=1)
    festive = channel_weight[orders["channel_code"].to_numpy(), day] > FESTIVE_WEIGHT
    discount = _discounts(rng, latent.segment[customer], festive)

    staple_pos, staple_product, staple_units = _staple_lines(rng, customer, day, latent, products)
    staple_lines = np.bincount(staple_pos, minlength=len(customer))
    order_pos, product = _regular_lines(
        rng, customer, day, staple_lines, latent, products, timeline
    )
    product = _replace_durable_repeats(rng, order_pos, product, customer, day, products)
    bulk = _bulk_units(products)[product]
    quantity = np.minimum(1 + rng.poisson(bulk), 20)
    bundle_pos, bundle_product = _bundle_lines(rng, customer, latent, bundles, products)

    # one integer per line: order, product, quantity; sorting it groups repeated products
    n_products = len(products)
    key = np.concatenate(
        [
            (order_pos * n_products + product) * 64 + quantity,
            (staple_pos * n_products + staple_product) * 64 + staple_units,
            (bundle_pos * n_products + bundle_product) * 64 + 1,
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
        {
            "order_pos": line // n_products,
            "product_idx": line % n_products,
            "quantity": quantity,
        }
    )
    return discount, items
