"""The shopping calendar: how busy each day and hour is, per locale.

Every order, web session and ticket time in the world is drawn from these
weights, which is how the monthly sales series gets its weekly rhythm and its
festivals (Spring Festival, 618 and Double 11 in ``zh_CN``; Thanksgiving,
Black Friday, Cyber Monday and Christmas in ``en_US``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

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

# Monday .. Sunday
WEEKDAY = np.array([0.96, 0.93, 0.95, 0.97, 1.03, 1.10, 1.06])

# Hour-of-day weights per order channel (0..23).
HOURS = {
    "online": np.array(
        [3, 2, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 7, 6, 6, 6, 7, 8, 10, 12, 13, 11, 6]
    ),
    "store": np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 5, 7, 7, 6, 6, 7, 8, 9, 10, 9, 7, 4, 1, 0]),
    "call_centre": np.array(
        [0, 0, 0, 0, 0, 0, 0, 0, 3, 8, 10, 9, 6, 7, 9, 9, 8, 6, 3, 0, 0, 0, 0, 0]
    ),
}


def _festival_factors(days: pd.DatetimeIndex, locale: str) -> np.ndarray:
    """Multiplicative festival effect for each day."""
    f = np.ones(len(days))
    month, day = days.month.to_numpy(), days.day.to_numpy()

    def on(mask: np.ndarray, factor: float) -> None:
        f[mask] *= factor

    if locale == "zh_CN":
        on((month == 11) & (day <= 10), 1.3)  # Double 11 pre-sale
        on((month == 11) & (day == 11), 4.0)  # Double 11 (双十一)
        on((month == 11) & (day == 12), 1.6)
        on((month == 6) & (day <= 17), 1.25)  # 618 build-up
        on((month == 6) & (day == 18), 3.0)  # 618 (京东618)
        on((month == 12) & (day == 12), 1.8)  # Double 12
        on((month == 3) & (day == 8), 1.3)  # Women's Day (三八节)
        for date in SPRING_FESTIVAL.values():
            sf = pd.Timestamp(date)
            offset = (days - sf).days.to_numpy()
            on((offset >= -21) & (offset <= -2), 1.45)  # New Year goods rush (年货节)
            on((offset >= -1) & (offset <= 6), 0.45)  # holiday: shops shut, couriers stop
    else:
        years = np.unique(days.year)
        for year in years:
            nov1 = pd.Timestamp(year=int(year), month=11, day=1)
            thanksgiving = nov1 + pd.Timedelta(days=(3 - nov1.weekday()) % 7 + 21)
            offset = (days - thanksgiving).days.to_numpy()
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
    return f


def day_weights(
    start: pd.Timestamp, end: pd.Timestamp, locale: str
) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Relative busyness of every day from ``start`` to ``end`` inclusive (mean 1).

    Parameters
    ----------
    start, end : pandas.Timestamp
        First and last day.
    locale : {"en_US", "zh_CN"}
        Which festivals apply.

    Returns
    -------
    days : pandas.DatetimeIndex
    weights : numpy.ndarray
        One positive weight per day, averaging 1.
    """
    days = pd.date_range(start.normalize(), end.normalize(), freq="D")
    w = WEEKDAY[days.day_of_week.to_numpy()] * _festival_factors(days, locale)
    return days, w / w.mean()


def hour_cdf(channel: str) -> np.ndarray:
    """Cumulative distribution over the 24 hours for an order channel."""
    h = HOURS[channel].astype(float)
    return np.cumsum(h) / h.sum()


def festival_labels(locale: str) -> dict[str, str]:
    """Names of the festivals planted in the calendar, for documentation and plots."""
    if locale == "zh_CN":
        return {
            "spring_festival": "Spring Festival rush and holiday dip (春节)",
            "618": "618 mid-year sale, 18 June",
            "double_11": "Double 11, 11 November (双十一)",
            "double_12": "Double 12, 12 December",
        }
    return {
        "black_friday": "Black Friday and Cyber Monday",
        "christmas": "Christmas shopping in December",
        "back_to_school": "Back to school in August",
    }
