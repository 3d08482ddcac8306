"""The commercial fields of an order: store, payment method, delivery fee and status.

- **Stores** stand in the larger cities: three in each tier-1 city, two in each
  tier-2 city, and one in the largest city of a province (state) that has
  neither. A customer's home store is in their city, else in their province's
  store city; HOME_STORE_SHARE of their store orders go there, the rest to
  another store of the province.
- **Payment** follows the locale and channel (PAYMENT_SHARES); older customers
  pay cash and by bank or debit card more (PAYMENT_AGE_SLOPE).
- **Delivery**: online and call-centre orders below the locale's free-delivery
  threshold pay its fee (SHIPPING); store orders and cancelled orders pay none.
- **Status**: CANCEL_RATE of the orders per channel are cancelled; a delivered
  order is sent back with the value-weighted RETURN_RATE of its lines' categories
  (times STORE_RETURN_FACTOR in stores and FESTIVAL_RETURN_FACTOR at the festival
  peaks), within 30 days, if that is by ``as_of``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import calendar, parameters, pools
from .locales import GeneratorLocale
from .sampling import choice_by_group
from .timeline import Timeline

__all__ = ["home_stores", "order_status", "payment_methods", "shipping_fees", "stores"]

#: Stores per city by city tier 1-4 (a province without a tier-1 or tier-2 city gets
#: one store in its largest city).
STORES_PER_TIER = (3, 2, 0, 0)
#: A return comes this many days (uniform, inclusive) after the order.
RETURN_DAYS = (2, 30)
#: Methods whose odds rise with age (PAYMENT_AGE_SLOPE).
OLDER_METHODS = ("cash", "bank_card", "debit_card")


def stores(locale: GeneratorLocale) -> pd.DataFrame:
    """The store table of a locale: ``store_id, name, province, city, city_tier``.

    Examples
    --------
    >>> from labkit.world.generator.locales import by_code
    >>> table = stores(by_code("zh_CN"))
    >>> table.iloc[0]["name"].startswith("旭东商贸"), table["province"].nunique() > 25
    (True, True)
    """
    regions = pools.regions(locale.code)
    per_city = np.array(STORES_PER_TIER)[regions["city_tier"].to_numpy() - 1]
    largest = regions.groupby("province")["weight"].transform("max") == regions["weight"]
    has_big_city = regions.groupby("province")["city_tier"].transform("min") <= 2
    per_city = np.where(largest & ~has_big_city, 1, per_city)
    cities = regions.loc[np.repeat(regions.index, per_city)].reset_index(drop=True)
    number = cities.groupby("city").cumcount() + 1
    if locale.language == "zh":
        name = "旭东商贸" + cities["city_short"] + number.astype(str) + "号店"
    else:
        name = "Xudong " + cities["city"] + " #" + number.astype(str)
    return pd.DataFrame(
        {
            "store_id": np.arange(1, len(cities) + 1, dtype=np.int64),
            "name": name.to_numpy(),
            "province": cities["province"].to_numpy(),
            "city": cities["city"].to_numpy(),
            "city_tier": cities["city_tier"].to_numpy().astype(np.int64),
        }
    )


def home_stores(
    rng: np.random.Generator, customers: pd.DataFrame, store_table: pd.DataFrame
) -> np.ndarray:
    """Each customer's home store (index into ``store_table``): in their city, else province.

    A city's stores are consecutive rows of ``store_table``; a province's store city is
    its first.
    """
    city_key = store_table["province"] + "|" + store_table["city"]
    city_first = ~city_key.duplicated().to_numpy()
    first_row = np.flatnonzero(city_first)
    count = np.diff(np.append(first_row, len(store_table)))
    cities = pd.Index(city_key[city_first])
    provinces = pd.Index(store_table["province"][city_first])
    province_first = ~provinces.duplicated()
    province_city = pd.Index(provinces[province_first])
    which = cities.get_indexer(customers["province"] + "|" + customers["city"])
    fallback = np.flatnonzero(province_first)[province_city.get_indexer(customers["province"])]
    which = np.where(which >= 0, which, fallback)
    offset = (rng.random(len(which)) * count[which]).astype(np.int64)
    return first_row[which] + offset


def order_stores(
    rng: np.random.Generator,
    customer: np.ndarray,
    channel: np.ndarray,
    home: np.ndarray,
    store_table: pd.DataFrame,
) -> np.ndarray:
    """The store of each store order (index into ``store_table``), -1 for other channels."""
    is_store = channel == vocabularies.ORDER_CHANNELS.index("store")
    store = np.where(is_store, home[customer], -1)
    away = is_store & (rng.random(len(customer)) >= parameters.HOME_STORE_SHARE)
    province_code, _ = pd.factorize(store_table["province"])
    by_province = np.argsort(province_code, kind="stable")
    starts = np.searchsorted(province_code[by_province], np.arange(province_code.max() + 1))
    counts = np.bincount(province_code)
    province = province_code[store[away]]
    offset = (rng.random(len(province)) * counts[province]).astype(np.int64)
    store[away] = by_province[starts[province] + offset]
    return store


def payment_methods(
    rng: np.random.Generator,
    channel: np.ndarray,
    age: np.ndarray,
    locale: GeneratorLocale,
) -> np.ndarray:
    """One payment method (index into PAYMENT_METHODS) per order, by channel and age band."""
    methods = vocabularies.PAYMENT_METHODS
    shares = parameters.PAYMENT_SHARES[locale.code]
    band_middles = np.array([21, 30, 40, 50, 60, 72])
    band = np.searchsorted(np.array([25, 35, 45, 55, 65]), age, side="right")
    table = np.zeros((len(vocabularies.ORDER_CHANNELS) * len(band_middles), len(methods)))
    for code, name in enumerate(vocabularies.ORDER_CHANNELS):
        for band_no, middle in enumerate(band_middles):
            odds = np.exp(parameters.PAYMENT_AGE_SLOPE * (middle - 40) / 10)
            for method, share in shares[name].items():
                older = method in OLDER_METHODS
                table[code * len(band_middles) + band_no, methods.index(method)] = share * (
                    odds if older else 1.0
                )
    return choice_by_group(rng, channel.astype(np.int64) * len(band_middles) + band, table)


def shipping_fees(
    channel: np.ndarray, value: np.ndarray, cancelled: np.ndarray, locale: GeneratorLocale
) -> np.ndarray:
    """The delivery fee of each order: below the free-delivery threshold, if delivered."""
    threshold, fee = parameters.SHIPPING[locale.code]
    delivered = channel != vocabularies.ORDER_CHANNELS.index("store")
    return np.where(delivered & ~cancelled & (value < threshold), fee, 0.0)


def order_status(
    rng: np.random.Generator,
    channel: np.ndarray,
    day: np.ndarray,
    items: pd.DataFrame,
    products: pd.DataFrame,
    timeline: Timeline,
) -> np.ndarray:
    """Each order's status (index into ORDER_STATUSES) at ``as_of``.

    Parameters
    ----------
    rng : numpy.random.Generator
    channel, day : numpy.ndarray
        Each order's channel code and day.
    items : pandas.DataFrame
        ``order_pos, product_idx, quantity``.
    products : pandas.DataFrame
    timeline : Timeline
    """
    n_orders = len(channel)
    line_value = items["quantity"].to_numpy() * products["price"].to_numpy()[items["product_idx"]]
    line_rate = products["category"].map(parameters.RETURN_RATE).to_numpy()[items["product_idx"]]
    order_pos = items["order_pos"].to_numpy()
    value = np.bincount(order_pos, weights=line_value, minlength=n_orders)
    rate = np.bincount(order_pos, weights=line_value * line_rate, minlength=n_orders)
    rate /= np.maximum(value, 1e-9)
    rate *= np.where(
        channel == vocabularies.ORDER_CHANNELS.index("store"), parameters.STORE_RETURN_FACTOR, 1.0
    )
    peak = calendar.festival_peak_days(timeline.days, timeline.locale)[day]
    rate *= np.where(peak, parameters.FESTIVAL_RETURN_FACTOR, 1.0)

    cancelled = rng.random(n_orders) < parameters.CANCEL_RATE[channel]
    returned_on = day + rng.integers(RETURN_DAYS[0], RETURN_DAYS[1] + 1, size=n_orders)
    returned = ~cancelled & (rng.random(n_orders) < rate) & (returned_on <= timeline.as_of_idx)
    code = {status: i for i, status in enumerate(vocabularies.ORDER_STATUSES)}
    return np.select(
        [cancelled, returned], [code["cancelled"], code["returned"]], code["completed"]
    ).astype(np.int8)
