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
from labkit.i18n import N_
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


#: Units of the region table that are a city and a province at once (the four
#: municipalities 直辖市, the District of Columbia): their income figure is the city's own.
CITY_PROVINCES = frozenset({"北京市", "天津市", "上海市", "重庆市", "District of Columbia"})

#: The national figure each locale's regional incomes are divided by: NBS China, per-capita
#: disposable income of all residents 2023 (39,218 yuan); US Census Bureau, ACS 2023 1-year,
#: median household income of the United States (77,719 dollars).
NATIONAL_INCOME = {"zh_CN": 39_218.0, "en_US": 77_719.0}

#: Income of a city relative to its province (state), by city tier 1-4: the larger the city,
#: the more its residents earn. zh_CN: Guangzhou and Shenzhen earn 1.5-1.6 times Guangdong's
#: figure (NBS 2023), and even a small city's residents earn more than their province's
#: figure, which averages in the countryside (rural incomes are about 40% of urban ones).
#: en_US: large metros earn more than the rest of their state (ACS 2023).
TIER_INCOME_PREMIUM = {
    "zh_CN": {1: 1.5, 2: 1.35, 3: 1.25, 4: 1.1},
    "en_US": {1: 1.10, 2: 1.05, 3: 0.97, 4: 0.92},
}

#: Per locale: the region table, its renamed columns, and the province (state) income table
#: with its value column.
_SOURCES = {
    "zh_CN": (
        "cn_regions.csv",
        {"population_10k": "population"},
        "cn_province_income.csv",
        "disposable_income_2023",
    ),
    "en_US": (
        "us_cities.csv",
        {"state": "province", "state_abbr": "province_short", "zip": "postcode"},
        "us_state_income.csv",
        "median_household_income_2023",
    ),
}


def _read_data(name: str, **options: Any) -> pd.DataFrame:
    with _data_path(name).open(encoding="utf-8") as fh:
        return pd.read_csv(fh, **options)


@lru_cache(maxsize=2)
def regions(locale: str) -> pd.DataFrame:
    """Real province/state → city table with sampling weights, city tiers and income indices.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        Which country.

    Returns
    -------
    pandas.DataFrame
        Columns ``province, province_short, city, city_short, area_code,
        postcode, weight, city_tier, income_index``, sorted by province and city.
        ``weight`` (summing to 1) follows population. ``city_tier`` is curated:
        in zh_CN 1 = the four first-tier cities (北上广深), 2 = the fifteen "new
        first-tier" cities (新一线: Chengdu, Chongqing, Hangzhou …), 3 = the thirty
        second-tier cities (二线), 4 = the rest (Yicai New First-tier Cities
        Institute, 2023 ranking); in en_US by metro area (2020 census): 1 = metros
        of 4 million or more, 2 = 1-4 million, 3 = 250,000-1 million, 4 = smaller.
        ``income_index`` is the city's income relative to the national figure
        (:data:`NATIONAL_INCOME`): its province's (state's) figure
        (``labkit/data/cn_province_income.csv``: NBS per-capita disposable income
        2023; ``labkit/data/us_state_income.csv``: ACS 2023 median household
        income) times :data:`TIER_INCOME_PREMIUM` (none for :data:`CITY_PROVINCES`).
        The frame is cached: do not change it in place.

    Raises
    ------
    ValueError
        If the locale is not supported.

    Examples
    --------
    >>> table = regions("zh_CN")
    >>> row = table.loc[table["city"] == "广州市"]
    >>> row[["province", "city_short", "area_code", "city_tier"]].values.tolist()
    [['广东省', '广州', '020', 1]]
    >>> float(table.loc[table["city"] == "上海市", "income_index"].iloc[0])
    2.1631
    """
    locale = check_locale(locale)
    table_file, renames, income_file, income_column = _SOURCES[locale]
    df = _read_data(table_file, dtype={"area_code": str, "postcode": str, "zip": str})
    df = df.rename(columns=renames)
    if "city_short" not in df:
        df["city_short"] = df["city"]
    df = df.sort_values(["province", "city"], kind="stable").reset_index(drop=True)
    w = df["population"].to_numpy(float) ** 0.85  # flatten slightly: big cities less dominant
    df["weight"] = w / w.sum()
    df["city_tier"] = df["city_tier"].astype(np.int8)
    income = _read_data(income_file, index_col=0)
    province_income = df["province"].map(income[income_column])
    premium = df["city_tier"].map(TIER_INCOME_PREMIUM[locale]).astype(float)
    premium = premium.where(~df["province"].isin(CITY_PROVINCES), 1.0)
    df["income_index"] = (province_income / NATIONAL_INCOME[locale] * premium).round(4)
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
            "income_index",
        ]
    ]


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
        reason = N_("empty province")
    elif official is None:
        reason = N_("unknown province")
    elif key is not None and key in _cities_anywhere(locale):
        reason = None if in_province else N_("city not in province")
    elif key is not None:
        reason = N_("unknown city")
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
