"""The days of the simulation and how busy each one is.

The timeline runs from ``HISTORY_YEARS + BURN_IN_YEARS`` before ``as_of`` to
``CHURN_WINDOW_DAYS`` after it. The learner sees the last ``HISTORY_YEARS``
up to ``as_of`` (the window, from ``window_start``); the years before it are
the burn-in, in which the business already ran: customers signed up and bought,
so the window opens on an existing customer base. Every event time of the
world is drawn from the calendar weights (see
:mod:`labkit.world.generator.calendar`), orders from their channel's weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import calendar, locales, parameters
from .locales import GeneratorLocale


@dataclass
class Timeline:
    """Days of the simulation and their cumulative calendar weight.

    Attributes
    ----------
    start, as_of, end : pandas.Timestamp
        First day (of the burn-in), the world's "today" and the last day of the churn window.
    days : pandas.DatetimeIndex
        Every day from ``start`` to ``end``.
    cum : numpy.ndarray
        ``cum[k]`` is the total weight of the days before day ``k`` (length ``n_days + 1``).
    as_of_idx : int
        Index of ``as_of`` in ``days``.
    weights : numpy.ndarray
        The calendar weight of each day, all channels blended (mean 1).
    window_start_idx : int
        Index of the first day the learner sees (``HISTORY_YEARS`` before ``as_of``).
    channel_cum : numpy.ndarray
        ``channel_cum[c, k]``: the total weight in order channel ``c`` (of
        :data:`labkit.vocabularies.ORDER_CHANNELS`) of the days before day ``k``.
    locale : GeneratorLocale
        The locale whose calendar this is (festivals, product seasons).

    Examples
    --------
    >>> timeline = Timeline.make(pd.Timestamp("2025-12-31"), "en_US")
    >>> str(timeline.days[timeline.as_of_idx].date()), len(timeline.cum) == len(timeline.days) + 1
    ('2025-12-31', True)
    >>> str(timeline.window_start.date())
    '2022-01-01'
    """

    start: pd.Timestamp
    as_of: pd.Timestamp
    end: pd.Timestamp
    days: pd.DatetimeIndex
    cum: np.ndarray
    as_of_idx: int
    weights: np.ndarray
    window_start_idx: int
    channel_cum: np.ndarray
    locale: GeneratorLocale

    @classmethod
    def make(cls, as_of: pd.Timestamp, locale: GeneratorLocale | str) -> Timeline:
        """The timeline of a world with this ``as_of`` in this locale (or locale code)."""
        years = parameters.HISTORY_YEARS + parameters.BURN_IN_YEARS
        start = (as_of - pd.DateOffset(years=years)) + pd.Timedelta(days=1)
        window_start = (as_of - pd.DateOffset(years=parameters.HISTORY_YEARS)) + pd.Timedelta(
            days=1
        )
        end = as_of + pd.Timedelta(days=parameters.CHURN_WINDOW_DAYS)
        days, by_channel = calendar.channel_day_weights(start, end, locale)
        weights = calendar.blend_channels(by_channel)
        cum = np.concatenate([[0.0], np.cumsum(weights)])
        channel_cum = np.concatenate([np.zeros((len(by_channel), 1)), by_channel.cumsum(axis=1)], 1)
        return cls(
            start,
            as_of,
            end,
            days,
            cum,
            int((as_of - start).days),
            weights,
            int((window_start - start).days),
            channel_cum,
            locales.resolve(locale),
        )

    @property
    def window_start(self) -> pd.Timestamp:
        """The first day the learner sees (the orders table starts here)."""
        return self.days[self.window_start_idx]

    @property
    def as_of_end(self) -> np.datetime64:
        """The first second after ``as_of`` (events at or after it are in the future)."""
        return np.datetime64(self.as_of + pd.Timedelta(days=1), "s")

    def day_stamps(self) -> np.ndarray:
        """Midnight of every day as ``datetime64[s]`` values."""
        return self.days.values.astype("datetime64[s]")

    def sample_days(
        self,
        rng: np.random.Generator,
        lo: np.ndarray,
        hi: np.ndarray | int,
        cum: np.ndarray | None = None,
    ) -> np.ndarray:
        """Day indices drawn from the calendar weights on ``[lo, hi)`` (day indices).

        ``hi`` may be one whole number for every row (no big array for a constant).
        ``cum`` is the cumulative weight to draw from (default :attr:`cum`; a row of
        :attr:`channel_cum` for one order channel).
        """
        cum = self.cum if cum is None else cum
        base = cum[lo]
        uniform = rng.random(len(lo))
        uniform *= cum[hi] - base
        uniform += base
        del base
        day = np.searchsorted(cum, uniform, side="right") - 1
        del uniform
        np.clip(day, lo, np.asarray(hi) - 1, out=day)
        return day

    def stamp(self, rng: np.random.Generator, day: np.ndarray, hour_cdf: np.ndarray) -> np.ndarray:
        """``datetime64[s]`` values on the given days at hours drawn from ``hour_cdf``."""
        hour = np.searchsorted(hour_cdf, rng.random(len(day)), side="right")
        seconds = hour * 3600 + rng.integers(0, 3600, size=len(day))
        base = self.day_stamps()[day]
        return base + seconds.astype("timedelta64[s]")
