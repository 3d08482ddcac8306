"""The shopping calendar: how busy each day and hour is, per locale and order channel.

Every order, web session and ticket time in the world is drawn from these
weights, which is how the monthly sales series gets its weekly rhythm and its
festivals (Spring Festival, 618 and Double 11 in ``zh_CN``; Thanksgiving,
Black Friday, Cyber Monday and Christmas in ``en_US``). The locale's
``festivals`` key picks the festival calendar.

Festivals lift the order channels differently (:func:`channel_day_weights`):
Double 11, 618 and Cyber Monday are online events with a small echo in the
stores, Black Friday and the Christmas and New Year rushes fill the stores too.
On Double 11 the online orders crowd into the first hour after midnight, when
the sale opens (:data:`MIDNIGHT_SALE_HOURS`). Products have their own seasons
(:func:`season_factors`): down jackets in winter, fans and sunscreen in summer,
mooncakes in the weeks before the Mid-Autumn Festival.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import locales
from .locales import GeneratorLocale

#: Lunar New Year's day (春节), used for the pre-festival rush and the holiday dip.
SPRING_FESTIVAL = {
    2005: "2005-02-09",
    2006: "2006-01-29",
    2007: "2007-02-18",
    2008: "2008-02-07",
    2009: "2009-01-26",
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

#: The Mid-Autumn Festival (中秋节, 15th day of the 8th lunar month): mooncakes sell before it.
MID_AUTUMN = {
    2005: "2005-09-18",
    2006: "2006-10-06",
    2007: "2007-09-25",
    2008: "2008-09-14",
    2009: "2009-10-03",
    2010: "2010-09-22",
    2011: "2011-09-12",
    2012: "2012-09-30",
    2013: "2013-09-19",
    2014: "2014-09-08",
    2015: "2015-09-27",
    2016: "2016-09-15",
    2017: "2017-10-04",
    2018: "2018-09-24",
    2019: "2019-09-13",
    2020: "2020-10-01",
    2021: "2021-09-21",
    2022: "2022-09-10",
    2023: "2023-09-29",
    2024: "2024-09-17",
    2025: "2025-10-06",
    2026: "2026-09-25",
    2027: "2027-09-15",
    2028: "2028-10-03",
    2029: "2029-09-22",
    2030: "2030-09-12",
    2031: "2031-10-01",
    2032: "2032-09-19",
    2033: "2033-09-08",
    2034: "2034-09-27",
    2035: "2035-09-16",
}

#: Weight of each weekday, Monday .. Sunday, per order channel: stores fill at the
#: weekend, the call centre works on weekdays, online is nearly flat (a Sunday high).
CHANNEL_WEEKDAY = {
    "online": np.array([1.02, 0.99, 0.98, 0.97, 0.95, 1.00, 1.09]),
    "store": np.array([0.86, 0.84, 0.88, 0.93, 1.10, 1.35, 1.18]),
    "call_centre": np.array([1.12, 1.10, 1.08, 1.05, 1.00, 0.85, 0.62]),
}
#: The order channels' usual shares, used to blend the channel calendars into one.
CHANNEL_BLEND = {"online": 0.5, "store": 0.4, "call_centre": 0.1}
#: Weight of each weekday, Monday .. Sunday, all channels together.
WEEKDAY = np.round(sum(CHANNEL_BLEND[name] * CHANNEL_WEEKDAY[name] for name in CHANNEL_BLEND), 3)

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
#: Online hour weights on a midnight sale day (Double 11): the sale opens at 00:00 and
#: about three in ten of the day's online orders come in its first hour.
MIDNIGHT_SALE_HOURS = np.array(
    [64, 14, 4, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 7, 6, 6, 6, 7, 8, 10, 12, 13, 11, 6]
)


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


def cyber_monday(year: int) -> pd.Timestamp:
    """The Monday after US Thanksgiving.

    Examples
    --------
    >>> cyber_monday(2025).date()
    datetime.date(2025, 12, 1)
    """
    return thanksgiving(year) + pd.Timedelta(days=4)


def spring_festival(year: int) -> pd.Timestamp:
    """Lunar New Year's day (春节) of a year between FIRST_YEAR and LAST_YEAR.

    Examples
    --------
    >>> spring_festival(2026).date()
    datetime.date(2026, 2, 17)
    """
    return pd.Timestamp(SPRING_FESTIVAL[year])


def mid_autumn(year: int) -> pd.Timestamp:
    """The Mid-Autumn Festival (中秋节) of a year between FIRST_YEAR and LAST_YEAR.

    Examples
    --------
    >>> mid_autumn(2025).date()
    datetime.date(2025, 10, 6)
    """
    return pd.Timestamp(MID_AUTUMN[year])


def double_11(year: int) -> pd.Timestamp:
    """Singles' Day, 11 November (双十一).

    Examples
    --------
    >>> double_11(2025).date()
    datetime.date(2025, 11, 11)
    """
    return pd.Timestamp(year=int(year), month=11, day=11)


def mid_year_618(year: int) -> pd.Timestamp:
    """The 618 mid-year sale, 18 June (京东618).

    Examples
    --------
    >>> mid_year_618(2025).date()
    datetime.date(2025, 6, 18)
    """
    return pd.Timestamp(year=int(year), month=6, day=18)


#: Festivals that campaign plans start from (see ``PlannedCampaign.starts``).
FESTIVAL_DAYS: dict[str, Callable[[int], pd.Timestamp]] = {
    "spring_festival": spring_festival,
    "black_friday": black_friday,
    "cyber_monday": cyber_monday,
    "mid_autumn": mid_autumn,
    "double_11": double_11,
    "618": mid_year_618,
}


class _Factors:
    """Multiplicative day factors per order channel, built one festival rule at a time."""

    def __init__(self, days: pd.DatetimeIndex) -> None:
        self.days = days
        self.month = days.month.to_numpy()
        self.day = days.day.to_numpy()
        self.values = np.ones((len(vocabularies.ORDER_CHANNELS), len(days)))

    def on(
        self, mask: np.ndarray, online: float, store: float, call_centre: float | None = None
    ) -> None:
        """Multiply the days in ``mask`` by a factor per channel (call centre as stores)."""
        factors = {"online": online, "store": store, "call_centre": call_centre or store}
        for row, channel in enumerate(vocabularies.ORDER_CHANNELS):
            self.values[row, mask] *= factors[channel]

    def days_from(self, dates: dict[int, str]) -> np.ndarray:
        """Days from the nearest listed date of the same year (NaN-free: far days get 999)."""
        offset = np.full(len(self.days), 999)
        for date in dates.values():
            this = (self.days - pd.Timestamp(date)).days.to_numpy()
            near = np.abs(this) < np.abs(offset)
            offset[near] = this[near]
        return offset


def _chinese_festivals(days: pd.DatetimeIndex) -> np.ndarray:
    """Festival factors of a Chinese shopping year, per channel (Double 11, 618, 春节 …)."""
    factors = _Factors(days)
    month, day, on = factors.month, factors.day, factors.on
    on((month == 10) & (day >= 20), 1.45, 1.0)  # Double 11 pre-sale (预售) opens
    on((month == 11) & (day <= 10), 1.7, 1.05)  # pre-sale deposits, warm-up
    on((month == 11) & (day == 11), 8.0, 1.25)  # Double 11 (双十一): an online festival
    on((month == 11) & (day == 12), 1.6, 1.0)
    on((month == 6) & (day <= 17), 1.3, 1.05)  # 618 build-up
    on((month == 6) & (day == 18), 4.5, 1.3)  # 618 (京东618)
    on((month == 12) & (day == 12), 2.0, 1.1)  # Double 12
    on((month == 3) & (day == 8), 1.35, 1.2)  # Women's Day (三八节)
    on((month == 10) & (day <= 7), 0.9, 1.3)  # National Day golden week: shops busy
    to_mid_autumn = factors.days_from(MID_AUTUMN)
    on((to_mid_autumn >= -14) & (to_mid_autumn <= -1), 1.1, 1.2)  # gifts before 中秋
    to_new_year = factors.days_from(SPRING_FESTIVAL)
    on((to_new_year >= -21) & (to_new_year <= -2), 1.35, 1.6, 1.4)  # 年货节 goods rush
    on((to_new_year >= -1) & (to_new_year <= 6), 0.35, 0.6, 0.3)  # couriers stop, shops thin
    return factors.values


def _american_festivals(days: pd.DatetimeIndex) -> np.ndarray:
    """Festival factors of an American shopping year, per channel (Black Friday, Christmas …)."""
    factors = _Factors(days)
    month, day, on = factors.month, factors.day, factors.on
    for year in np.unique(days.year):
        offset = (days - thanksgiving(int(year))).days.to_numpy()
        on(offset == 0, 1.6, 0.3)  # Thanksgiving Day: shops shut, people shop online
        on(offset == 1, 3.5, 4.0)  # Black Friday: still the busiest day in the stores
        on((offset >= 2) & (offset <= 3), 1.6, 1.8)
        on(offset == 4, 5.0, 1.0)  # Cyber Monday: an online day
        on((offset >= -6) & (offset <= -1), 1.3, 1.2)
    on((month == 12) & (day <= 20), 1.35, 1.5)  # Christmas shopping
    on((month == 12) & (day >= 21) & (day <= 23), 1.0, 1.9)  # last-minute gifts, in person
    on((month == 12) & (day == 24), 0.8, 1.1)
    on((month == 12) & (day == 25), 0.5, 0.05)
    on((month == 12) & (day >= 26), 1.15, 1.35)  # returns and gift cards
    on((month == 8) & (day >= 10), 1.15, 1.15)  # back to school
    on((month == 7) & (day >= 8) & (day <= 11), 1.8, 1.0)  # mid-summer online sale days
    return factors.values


#: Festival factors by festival calendar (``GeneratorLocale.festivals``), per channel.
FESTIVAL_FACTORS: dict[str, Callable[[pd.DatetimeIndex], np.ndarray]] = {
    "chinese": _chinese_festivals,
    "american": _american_festivals,
}

#: Names of the festivals planted in each festival calendar.
FESTIVAL_LABELS: dict[str, dict[str, str]] = {
    "chinese": {
        "spring_festival": "Spring Festival rush and holiday dip (春节)",
        "618": "618 mid-year sale, 18 June",
        "double_11": "Double 11, 11 November (双十一), pre-sale from 20 October",
        "double_12": "Double 12, 12 December",
        "mid_autumn": "Mid-Autumn Festival gifts (中秋节)",
    },
    "american": {
        "black_friday": "Black Friday and Cyber Monday",
        "christmas": "Christmas shopping in December",
        "back_to_school": "Back to school in August",
    },
}


def channel_day_weights(
    start: pd.Timestamp, end: pd.Timestamp, locale: GeneratorLocale | str
) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Relative busyness of every day per order channel, each averaging 1.

    Parameters
    ----------
    start, end : pandas.Timestamp
        First and last day.
    locale : GeneratorLocale or str
        The locale (or its code): which festivals apply.

    Returns
    -------
    days : pandas.DatetimeIndex
    weights : numpy.ndarray
        Shape ``(len(ORDER_CHANNELS), n_days)``; each row averages 1.

    Examples
    --------
    >>> days, weights = channel_day_weights(
    ...     pd.Timestamp("2025-11-01"), pd.Timestamp("2025-11-30"), "zh_CN")
    >>> online, store = weights[0], weights[1]
    >>> bool(online[10] / online.mean() > 3 * store[10] / store.mean())
    True
    """
    festival_factors = FESTIVAL_FACTORS[locales.resolve(locale).festivals]
    days = pd.date_range(start.normalize(), end.normalize(), freq="D")
    weekday = days.day_of_week.to_numpy()
    weekly = np.stack([CHANNEL_WEEKDAY[name][weekday] for name in vocabularies.ORDER_CHANNELS])
    weights = weekly * festival_factors(days)
    return days, weights / weights.mean(axis=1, keepdims=True)


def day_weights(
    start: pd.Timestamp, end: pd.Timestamp, locale: GeneratorLocale | str
) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Relative busyness of every day, all channels blended (CHANNEL_BLEND), averaging 1.

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
    days, by_channel = channel_day_weights(start, end, locale)
    return days, blend_channels(by_channel)


def blend_channels(by_channel: np.ndarray) -> np.ndarray:
    """One weight per day from the channel weights, blended by CHANNEL_BLEND (mean 1).

    Examples
    --------
    >>> blend_channels(np.array([[2.0, 0.0], [0.0, 2.0], [1.0, 1.0]])).round(2).tolist()
    [1.1, 0.9]
    """
    blend = np.array([CHANNEL_BLEND[name] for name in vocabularies.ORDER_CHANNELS])
    weights = blend @ by_channel
    return weights / weights.mean()


def midnight_sale_days(days: pd.DatetimeIndex, locale: GeneratorLocale | str) -> np.ndarray:
    """True on the days whose online orders follow MIDNIGHT_SALE_HOURS (Double 11 in zh_CN).

    Examples
    --------
    >>> days = pd.date_range("2025-11-10", "2025-11-12")
    >>> midnight_sale_days(days, "zh_CN").tolist(), midnight_sale_days(days, "en_US").tolist()
    ([False, True, False], [False, False, False])
    """
    chinese = locales.resolve(locale).festivals == "chinese"
    return chinese & (days.month.to_numpy() == 11) & (days.day.to_numpy() == 11)


def festival_peak_days(days: pd.DatetimeIndex, locale: GeneratorLocale | str) -> np.ndarray:
    """True on the days of the big sales, whose orders are sent back more often.

    zh_CN: the Double 11 season (20 October to 12 November), 618 (1-18 June) and
    Double 12; en_US: Thanksgiving to the end of December.

    Examples
    --------
    >>> days = pd.date_range("2025-11-11", "2025-11-13")
    >>> festival_peak_days(days, "zh_CN").tolist()
    [True, True, False]
    """
    month, day = days.month.to_numpy(), days.day.to_numpy()
    if locales.resolve(locale).festivals == "chinese":
        return (
            ((month == 10) & (day >= 20))
            | ((month == 11) & (day <= 12))
            | ((month == 6) & (day <= 18))
            | ((month == 12) & (day == 12))
        )
    after_thanksgiving = np.zeros(len(days), dtype=bool)
    for year in np.unique(days.year):
        after_thanksgiving |= (days >= thanksgiving(int(year))) & (days.year == year)
    return after_thanksgiving & (month >= 11)


def hour_cdf(channel: str, midnight_sale: bool = False) -> np.ndarray:
    """Cumulative distribution over the 24 hours for an order channel.

    Parameters
    ----------
    channel : str
        One of :data:`labkit.vocabularies.ORDER_CHANNELS`.
    midnight_sale : bool, default False
        The online hours of a midnight sale day (:data:`MIDNIGHT_SALE_HOURS`).

    Examples
    --------
    >>> float(hour_cdf("store")[-1])
    1.0
    >>> round(float(hour_cdf("online", midnight_sale=True)[0]), 2)
    0.3
    """
    weights = (MIDNIGHT_SALE_HOURS if midnight_sale else HOURS[channel]).astype(float)
    return np.cumsum(weights) / weights.sum()


def _months(factors: list[float]) -> Callable[[pd.DatetimeIndex], np.ndarray]:
    """A season given by one factor per month, January first."""
    table = np.array(factors)
    return lambda days: table[days.month.to_numpy() - 1]


def _before(dates: dict[int, str], first: int, last: int, inside: float, outside: float):
    """A season of the days from ``first`` to ``last`` days before each listed date."""

    def factor(days: pd.DatetimeIndex) -> np.ndarray:
        offset = _Factors(days).days_from(dates)
        return np.where((offset >= -first) & (offset <= -last), inside, outside)

    return factor


def _gift_season(festivals: str) -> Callable[[pd.DatetimeIndex], np.ndarray]:
    """Gift boxes sell before Spring Festival (zh_CN) or Christmas (en_US)."""
    if festivals == "chinese":
        return _before(SPRING_FESTIVAL, 30, 2, 2.5, 0.85)
    return lambda days: np.where(
        (days.month.to_numpy() == 12) & (days.day.to_numpy() <= 24), 2.5, 0.85
    )


def season_factors(days: pd.DatetimeIndex, locale: GeneratorLocale | str) -> dict[str, np.ndarray]:
    """How much each product season lifts or damps sales on each day.

    The keys are the values of the catalogue's ``season`` column: ``none`` (flat),
    ``winter``, ``summer``, ``mid_autumn`` (mooncakes, the 25 days before the
    festival), ``gift`` (before Spring Festival or Christmas), ``new_tea`` (spring
    green tea, 20 March to April) and ``school`` (the start of the school year).

    Examples
    --------
    >>> days = pd.date_range("2025-01-01", "2025-12-31")
    >>> seasons = season_factors(days, "zh_CN")
    >>> bool(seasons["winter"][0] > 5 * seasons["winter"][180])
    True
    >>> str(days[seasons["mid_autumn"].argmax()].date())
    '2025-09-11'
    """
    festivals = locales.resolve(locale).festivals
    makers = {
        "none": lambda days: np.ones(len(days)),
        "winter": _months([3.0, 2.2, 1.2, 0.5, 0.25, 0.15, 0.15, 0.2, 0.4, 1.2, 2.6, 3.2]),
        "summer": _months([0.2, 0.2, 0.4, 0.9, 1.8, 3.0, 3.2, 2.4, 0.9, 0.3, 0.2, 0.2]),
        "mid_autumn": _before(MID_AUTUMN, 25, 1, 12.0, 0.05),
        "gift": _gift_season(festivals),
        "new_tea": lambda days: np.where(
            ((days.month == 3) & (days.day >= 20)) | (days.month == 4), 3.0, 0.8
        ),
        "school": lambda days: np.where(
            ((days.month == 8) & (days.day >= 15)) | ((days.month == 9) & (days.day <= 10)),
            2.5,
            0.9,
        ),
    }
    return {name: np.asarray(make(days), dtype=float) for name, make in makers.items()}


def festival_labels(locale: GeneratorLocale | str) -> dict[str, str]:
    """Names of the festivals planted in the calendar, for documentation and plots.

    Examples
    --------
    >>> list(festival_labels("en_US"))
    ['black_friday', 'christmas', 'back_to_school']
    """
    return dict(FESTIVAL_LABELS[locales.resolve(locale).festivals])
