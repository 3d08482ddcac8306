"""The shopping calendar: how busy each day and hour is, per locale.

Every order, web session and ticket time in the world is drawn from these
weights, which is how the monthly sales series gets its weekly rhythm and its
festivals (Spring Festival, 618 and Double 11 in ``zh_CN``; Thanksgiving,
Black Friday, Cyber Monday and Christmas in ``en_US``). The locale's
``festivals`` key picks the festival calendar.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from . import locales
from .locales import GeneratorLocale

#: Lunar New Year's day (春节), used for the pre-festival rush and the holiday dip.
SPRING_FESTIVAL = {
    2010: "2010-02-14",
    2011: "2011-02-03",
    2012: "2012-01-23",
    2013: "2013-02-10",
    2014: "2014-01-31",
    2015: "2015-02-19",
    2016: "2016-02-08",
    2017: "2017-01-28",
    2018: "2018-02-16",
    2019: "2019-02-05",
    2020: "2020-01-25",
    2021: "2021-02-12",
    2022: "2022-02-01",
    2023: "2023-01-22",
    2024: "2024-02-10",
    2025: "2025-01-29",
    2026: "2026-02-17",
    2027: "2027-02-06",
    2028: "2028-01-26",
    2029: "2029-02-13",
    2030: "2030-02-03",
    2031: "2031-01-23",
    2032: "2032-02-11",
    2033: "2033-01-31",
    2034: "2034-02-19",
    2035: "2035-02-08",
}
FIRST_YEAR, LAST_YEAR = min(SPRING_FESTIVAL), max(SPRING_FESTIVAL)

#: Weight of each weekday, Monday .. Sunday.
WEEKDAY = np.array([0.96, 0.93, 0.95, 0.97, 1.03, 1.10, 1.06])

#: Hour-of-day weights per order channel (0..23).
HOURS = {
    "online": np.array(
        [3, 2, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 7, 6, 6, 6, 7, 8, 10, 12, 13, 11, 6]
    ),
    "store": np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 5, 7, 7, 6, 6, 7, 8, 9, 10, 9, 7, 4, 1, 0]),
    "call_centre": np.array(
        [0, 0, 0, 0, 0, 0, 0, 0, 3, 8, 10, 9, 6, 7, 9, 9, 8, 6, 3, 0, 0, 0, 0, 0]
    ),
}


def thanksgiving(year: int) -> pd.Timestamp:
    """US Thanksgiving: the fourth Thursday of November.

    Examples
    --------
    >>> thanksgiving(2025).date()
    datetime.date(2025, 11, 27)
    """
    first_of_november = pd.Timestamp(year=int(year), month=11, day=1)
    return first_of_november + pd.Timedelta(days=(3 - first_of_november.weekday()) % 7 + 21)


def black_friday(year: int) -> pd.Timestamp:
    """The day after US Thanksgiving.

    Examples
    --------
    >>> black_friday(2025).date()
    datetime.date(2025, 11, 28)
    """
    return thanksgiving(year) + pd.Timedelta(days=1)


def spring_festival(year: int) -> pd.Timestamp:
    """Lunar New Year's day (春节) of a year between FIRST_YEAR and LAST_YEAR.

    Examples
    --------
    >>> spring_festival(2026).date()
    datetime.date(2026, 2, 17)
    """
    return pd.Timestamp(SPRING_FESTIVAL[year])


#: Festivals that campaign plans start from (see ``PlannedCampaign.starts``).
FESTIVAL_DAYS: dict[str, Callable[[int], pd.Timestamp]] = {
    "spring_festival": spring_festival,
    "black_friday": black_friday,
}


class _Factors:
    """Multiplicative day factors, built one festival rule at a time."""

    def __init__(self, days: pd.DatetimeIndex) -> None:
        self.days = days
        self.month = days.month.to_numpy()
        self.day = days.day.to_numpy()
        self.values = np.ones(len(days))

    def on(self, mask: np.ndarray, factor: float) -> None:
        """Multiply the factor of the days in ``mask`` by ``factor``."""
        self.values[mask] *= factor


def _chinese_festivals(days: pd.DatetimeIndex) -> np.ndarray:
    """Festival factors of a Chinese shopping year (Double 11, 618, Spring Festival …)."""
    factors = _Factors(days)
    month, day, on = factors.month, factors.day, factors.on
    on((month == 11) & (day <= 10), 1.3)  # Double 11 pre-sale
    on((month == 11) & (day == 11), 4.0)  # Double 11 (双十一)
    on((month == 11) & (day == 12), 1.6)
    on((month == 6) & (day <= 17), 1.25)  # 618 build-up
    on((month == 6) & (day == 18), 3.0)  # 618 (京东618)
    on((month == 12) & (day == 12), 1.8)  # Double 12
    on((month == 3) & (day == 8), 1.3)  # Women's Day (三八节)
    for date in SPRING_FESTIVAL.values():
        offset = (days - pd.Timestamp(date)).days.to_numpy()
        on((offset >= -21) & (offset <= -2), 1.45)  # New Year goods rush (年货节)
        on((offset >= -1) & (offset <= 6), 0.45)  # holiday: shops shut, couriers stop
    return factors.values


def _american_festivals(days: pd.DatetimeIndex) -> np.ndarray:
    """Festival factors of an American shopping year (Black Friday, Christmas …)."""
    factors = _Factors(days)
    month, day, on = factors.month, factors.day, factors.on
    for year in np.unique(days.year):
        offset = (days - thanksgiving(int(year))).days.to_numpy()
        on(offset == 0, 0.7)  # Thanksgiving Day
        on(offset == 1, 4.0)  # Black Friday
        on((offset >= 2) & (offset <= 3), 1.6)
        on(offset == 4, 3.0)  # Cyber Monday
        on((offset >= -6) & (offset <= -1), 1.3)
    on((month == 12) & (day <= 22), 1.45)  # Christmas shopping
    on((month == 12) & (day == 24), 0.9)
    on((month == 12) & (day == 25), 0.3)
    on((month == 12) & (day >= 26), 1.2)  # returns and gift cards
    on((month == 8) & (day >= 10), 1.15)  # back to school
    on((month == 7) & (day >= 8) & (day <= 11), 1.5)  # mid-summer sale days
    return factors.values


#: Festival factors by festival calendar (``GeneratorLocale.festivals``).
FESTIVAL_FACTORS: dict[str, Callable[[pd.DatetimeIndex], np.ndarray]] = {
    "chinese": _chinese_festivals,
    "american": _american_festivals,
}

#: Names of the festivals planted in each festival calendar.
FESTIVAL_LABELS: dict[str, dict[str, str]] = {
    "chinese": {
        "spring_festival": "Spring Festival rush and holiday dip (春节)",
        "618": "618 mid-year sale, 18 June",
        "double_11": "Double 11, 11 November (双十一)",
        "double_12": "Double 12, 12 December",
    },
    "american": {
        "black_friday": "Black Friday and Cyber Monday",
        "christmas": "Christmas shopping in December",
        "back_to_school": "Back to school in August",
    },
}


def day_weights(
    start: pd.Timestamp, end: pd.Timestamp, locale: GeneratorLocale | str
) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Relative busyness of every day from ``start`` to ``end`` inclusive (mean 1).

    Parameters
    ----------
    start, end : pandas.Timestamp
        First and last day.
    locale : GeneratorLocale or str
        The locale (or its code, ``"en_US"`` or ``"zh_CN"``): which festivals apply.

    Returns
    -------
    days : pandas.DatetimeIndex
    weights : numpy.ndarray
        One positive weight per day, averaging 1.

    Examples
    --------
    >>> days, weights = day_weights(pd.Timestamp("2025-11-01"), pd.Timestamp("2025-11-30"), "zh_CN")
    >>> str(days[weights.argmax()].date())
    '2025-11-11'
    """
    festival_factors = FESTIVAL_FACTORS[locales.resolve(locale).festivals]
    days = pd.date_range(start.normalize(), end.normalize(), freq="D")
    weights = WEEKDAY[days.day_of_week.to_numpy()] * festival_factors(days)
    return days, weights / weights.mean()


def hour_cdf(channel: str) -> np.ndarray:
    """Cumulative distribution over the 24 hours for an order channel.

    Examples
    --------
    >>> float(hour_cdf("store")[-1])
    1.0
    """
    weights = HOURS[channel].astype(float)
    return np.cumsum(weights) / weights.sum()


def festival_labels(locale: GeneratorLocale | str) -> dict[str, str]:
    """Names of the festivals planted in the calendar, for documentation and plots.

    Examples
    --------
    >>> list(festival_labels("en_US"))
    ['black_friday', 'christmas', 'back_to_school']
    """
    return dict(FESTIVAL_LABELS[locales.resolve(locale).festivals])
