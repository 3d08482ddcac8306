"""Regions: the real province (state) and city table, and reading a written place.

The table the world is generated from ships with the kit
(``labkit/data/cn_regions.csv``: mainland provinces and prefecture cities;
``labkit/data/us_cities.csv``: US states and their larger cities). Provinces and
cities have a long (official) and a short form: 广东省 / 广东, 广州市 / 广州,
California / CA. A place is read by :func:`parse_region`, which gives the
official forms or the reason it cannot, in this order of precedence:

* ``"empty province"``: no province written;
* ``"unknown province"``: a province that is in no spelling of the table;
* ``"city not in province"``: the city exists, but in another province (the
  city is kept as written: one of the two is wrong and the data does not say which);
* ``"unknown city"``: a city that is in no spelling of the table.

Spellings are compared without regard to case or width (NFKC, casefold).

>>> parse_region("广东", "广州", "zh_CN")
ParsedRegion(province='广东省', city='广州市', reason=None)
>>> parse_region("TX", "Boston", "en_US").reason
'city not in province'
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from labkit.formats.text import normalise
from labkit.settings import check_locale

__all__ = [
    "ParsedRegion",
    "area_codes",
    "city_spellings",
    "known_places",
    "parse_region",
    "province_spellings",
    "regions",
]


def _data_path(name: str) -> Any:
    return resources.files("labkit") / "data" / name


@lru_cache(maxsize=2)
def regions(locale: str) -> pd.DataFrame:
    """Real province/state → city table with sampling weights.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        Which country.

    Returns
    -------
    pandas.DataFrame
        Columns ``province, province_short, city, city_short, area_code,
        postcode, weight, city_tier`` (weights sum to 1; tier 1 the largest
        cities, 4 the smallest), sorted by province and city. The
        frame is cached: do not change it in place.

    Raises
    ------
    ValueError
        If the locale is not supported.

    Examples
    --------
    >>> table = regions("zh_CN")
    >>> row = table.loc[table["city"] == "广州市"]
    >>> row[["province", "city_short", "area_code"]].values.tolist()
    [['广东省', '广州', '020']]
    """
    locale = check_locale(locale)
    if locale == "zh_CN":
        with _data_path("cn_regions.csv").open(encoding="utf-8") as fh:
            df = pd.read_csv(fh, dtype={"area_code": str, "postcode": str})
        df = df.rename(columns={"population_10k": "population"})
    else:
        with _data_path("us_cities.csv").open(encoding="utf-8") as fh:
            df = pd.read_csv(fh, dtype={"area_code": str, "zip": str})
        df = df.rename(
            columns={"state": "province", "state_abbr": "province_short", "zip": "postcode"}
        )
        df["city_short"] = df["city"]
    df = df.sort_values(["province", "city"], kind="stable").reset_index(drop=True)
    w = df["population"].to_numpy(float) ** 0.85  # flatten slightly: big cities less dominant
    df["weight"] = w / w.sum()
    df["city_tier"] = _tiers_by_population(df["population"].to_numpy(float))
    return df[
        [
            "province",
            "province_short",
            "city",
            "city_short",
            "area_code",
            "postcode",
            "weight",
            "city_tier",
        ]
    ]


#: Cities per tier by population rank: tier 1 the 4 largest, tier 2 the next 15,
#: tier 3 the next 60, tier 4 the rest.
TIER_SIZES = (4, 15, 60)


def _tiers_by_population(population: np.ndarray) -> np.ndarray:
    """City tier 1-4 by population rank (:data:`TIER_SIZES`)."""
    rank = np.empty(len(population), dtype=np.int64)
    rank[np.argsort(-population, kind="stable")] = np.arange(len(population))
    return (1 + np.searchsorted(np.cumsum(TIER_SIZES), rank, side="right")).astype(np.int8)


@cache
def province_spellings(locale: str) -> dict[str, str]:
    """Every spelling of a province (casefolded, long and short) → its official name.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        Which country.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> spellings = province_spellings("en_US")
    >>> spellings["ca"], spellings["california"]
    ('California', 'California')
    """
    table = regions(locale)
    out: dict[str, str] = {}
    for column in ("province", "province_short"):
        out.update(
            {str(k).casefold(): v for k, v in zip(table[column], table["province"], strict=True)}
        )
    return out


@cache
def city_spellings(locale: str) -> dict[tuple[str, str], str]:
    """(official province, casefolded city spelling) → the city's official name.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        Which country.

    Returns
    -------
    dict of (str, str) to str

    Examples
    --------
    >>> city_spellings("zh_CN")[("广东省", "广州")]
    '广州市'
    """
    table = regions(locale)
    out: dict[tuple[str, str], str] = {}
    for column in ("city", "city_short"):
        for province, city, official in zip(
            table["province"], table[column], table["city"], strict=True
        ):
            out[(province, str(city).casefold())] = official
    return out


@cache
def _cities_anywhere(locale: str) -> frozenset[str]:
    return frozenset(city for _, city in city_spellings(locale))


@cache
def area_codes(locale: str) -> frozenset[str]:
    """The telephone area codes of the table's cities, as written there (``"020"``, ``"212"``).

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        Which country.

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> {"020", "0311"} <= area_codes("zh_CN")
    True
    """
    return frozenset(regions(locale)["area_code"].dropna().astype(str))


class ParsedRegion(NamedTuple):
    """A written place, read: official province and city, or the reason it cannot be."""

    #: The official province (state) name; None when empty or unknown.
    province: str | None
    #: The official city name when the city lies in that province, else the city as
    #: written (normalised); None when empty.
    city: str | None
    #: Why the place is not standard (see the module docstring); None when it is.
    reason: str | None


def parse_region(province: Any, city: Any, locale: str) -> ParsedRegion:
    """Read a written province (state) and city: their official forms, or the reason not.

    Parameters
    ----------
    province, city : str or None
        As written, in the long or short form, any case or width.
    locale : {"en_US", "zh_CN"}
        Which country's regions.

    Returns
    -------
    ParsedRegion
        ``(province, city, reason)``; see the module docstring for the reasons.

    Raises
    ------
    ValueError
        If the locale is not supported.

    Examples
    --------
    >>> parse_region("浙江", "广州", "zh_CN")
    ParsedRegion(province='浙江省', city='广州', reason='city not in province')
    >>> parse_region("ca", "Atlantis", "en_US")
    ParsedRegion(province='California', city='Atlantis', reason='unknown city')
    """
    locale = check_locale(locale)
    province_text, city_text = normalise(province), normalise(city)
    official = (
        None if province_text is None else province_spellings(locale).get(province_text.casefold())
    )
    cities = city_spellings(locale)
    key = None if city_text is None else city_text.casefold()
    in_province = official is not None and key is not None and (official, key) in cities
    city_out = cities[(official, key)] if in_province else city_text
    if province_text is None:
        reason = "empty province"
    elif official is None:
        reason = "unknown province"
    elif key is not None and key in _cities_anywhere(locale):
        reason = None if in_province else "city not in province"
    elif key is not None:
        reason = "unknown city"
    else:
        reason = None
    return ParsedRegion(official, city_out, reason)


def known_places(locale: str) -> pd.DataFrame:
    """Every (province, city) pair of the region table, in every spelling.

    Provinces and cities are listed in full and short forms and all four
    combinations (浙江省 / 浙江 with 杭州市 / 杭州; California / CA with the city),
    so a lookup accepts the sources' formatting habits and rejects only a city
    that lies in another province.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        Which country's regions.

    Returns
    -------
    pandas.DataFrame
        Columns ``province`` and ``city``, one row per accepted pair, sorted.

    Raises
    ------
    ValueError
        If ``locale`` is not supported.

    Examples
    --------
    >>> places = known_places("zh_CN")
    >>> {("浙江省", "杭州市"), ("浙江", "杭州")} <= set(places.itertuples(index=False, name=None))
    True
    """
    table = regions(locale)
    pairs = [
        table[[p, c]].set_axis(["province", "city"], axis=1)
        for p in ("province", "province_short")
        for c in ("city", "city_short")
    ]
    return (
        pd.concat(pairs).drop_duplicates().sort_values(["province", "city"]).reset_index(drop=True)
    )
