"""Invoices to business accounts: billed on business days, mostly at month end, paid by credit.

Most accounts are billed once a month, on the last business day of the month, for
what they bought that month (月结, monthly statement billing); the others get an
invoice with each delivery, on any business day. Business days are Monday to
Friday outside the locale's public holidays. Each invoice is due
``credit_terms_days`` after issue; when it is paid depends on the account's
credit score (weak accounts pay late or never), shifted by locale
(:data:`~labkit.world.generator.parameters.LATE_PAYMENT_SHIFT`). Payments arrive
on business days; an invoice still unpaid :data:`WRITE_OFF_DAYS` after its due
day is written off.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import calendar, parameters
from .locales import GeneratorLocale
from .timeline import Timeline

__all__ = ["business_days", "default_probability", "invoices", "month_end_days"]

#: Spread (sd, days) of how late an invoice is paid around its expected lateness.
LATENESS_SD = 18.0
#: Days late fall by this many per unit of credit score.
LATENESS_PER_CREDIT = 14.0
#: An invoice still unpaid this many days after its due day is written off as a bad debt.
WRITE_OFF_DAYS = 180


def _chinese_holidays(days: pd.DatetimeIndex) -> np.ndarray:
    """New Year's Day, the Spring Festival week, Labour Day week and National Day week."""
    month, day = days.month.to_numpy(), days.day.to_numpy()
    off = ((month == 1) & (day == 1)) | ((month == 5) & (day <= 5)) | ((month == 10) & (day <= 7))
    for year in np.unique(days.year):
        if calendar.FIRST_YEAR <= year <= calendar.LAST_YEAR:
            offset = (days - calendar.spring_festival(int(year))).days.to_numpy()
            off |= (offset >= -1) & (offset <= 5)
    return off


def _american_holidays(days: pd.DatetimeIndex) -> np.ndarray:
    """New Year's Day, Memorial Day, Independence Day, Labor Day, Thanksgiving, Christmas."""
    month, day = days.month.to_numpy(), days.day.to_numpy()
    weekday = days.day_of_week.to_numpy()
    off = ((month == 1) & (day == 1)) | ((month == 7) & (day == 4)) | ((month == 12) & (day == 25))
    off |= (month == 5) & (weekday == 0) & (day >= 25)  # last Monday of May
    off |= (month == 9) & (weekday == 0) & (day <= 7)  # first Monday of September
    for year in np.unique(days.year):
        off |= np.asarray(days == calendar.thanksgiving(int(year)))
    return off


#: Public holidays (no billing, no payments) by festival calendar.
HOLIDAYS: dict[str, Callable[[pd.DatetimeIndex], np.ndarray]] = {
    "chinese": _chinese_holidays,
    "american": _american_holidays,
}


def business_days(days: pd.DatetimeIndex, locale: GeneratorLocale) -> np.ndarray:
    """Whether each day is a business day: Monday to Friday and no public holiday.

    Examples
    --------
    >>> from labkit.world.generator.locales import ZH_CN
    >>> days = pd.date_range("2025-09-29", "2025-10-09")
    >>> [str(d.date()) for d in days[business_days(days, ZH_CN)]]
    ['2025-09-29', '2025-09-30', '2025-10-08', '2025-10-09']
    """
    weekday = days.day_of_week.to_numpy() < 5
    return weekday & ~HOLIDAYS[locale.festivals](days)


def month_end_days(days: pd.DatetimeIndex, is_business: np.ndarray) -> np.ndarray:
    """Indices (into ``days``) of the last business day of each month.

    Examples
    --------
    >>> days = pd.date_range("2025-05-26", "2025-06-03")
    >>> month_end_days(days, days.day_of_week.to_numpy() < 5).tolist()  # 31 May is a Saturday
    [4]
    """
    month = days.year.to_numpy() * 12 + days.month.to_numpy()
    index = np.flatnonzero(is_business)
    last_of_month = np.r_[month[index][1:] != month[index][:-1], True]
    last = index[last_of_month]
    # a month cut off by the end of the timeline has no month end
    return last if days[-1].is_month_end else last[month[last] != month[-1]]


def default_probability(credit: np.ndarray) -> np.ndarray:
    """The chance that an invoice of an account with this credit score is never paid.

    Examples
    --------
    >>> default_probability(np.array([0.0])).round(4).tolist()
    [0.0148]
    """
    return 1 / (1 + np.exp(4.2 + 1.6 * credit))


def _grouped_positions(first: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``(group, first[group] + k)`` for k < count[group], for every group."""
    group = np.repeat(np.arange(len(count)), count)
    starts = np.cumsum(count) - count
    return group, first[group] + np.arange(len(group)) - starts[group]


def _billing_days(
    rng: np.random.Generator,
    hidden: dict[str, np.ndarray],
    timeline: Timeline,
    is_business: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(account, issue day, share of a month's purchases) of every invoice."""
    start = np.maximum(hidden["since_day"], timeline.as_of_idx - 2 * 365)
    log_employees = np.log(hidden["employees"])
    monthly = hidden["monthly_billing"]
    # monthly billing: one invoice per month end in the window, skipped when nothing was bought
    month_ends = month_end_days(timeline.days, is_business)
    month_ends = month_ends[month_ends <= timeline.as_of_idx]
    first = np.searchsorted(month_ends, start)
    count = np.where(monthly, len(month_ends) - first, 0)
    account, position = _grouped_positions(first, count)
    buys = rng.random(len(account)) < np.clip(0.55 + 0.1 * log_employees[account], 0.6, 0.97)
    monthly_rows = (account[buys], month_ends[position[buys]], np.ones(int(buys.sum())))
    # per delivery: a few invoices a month on random business days
    open_days = np.flatnonzero(is_business[: timeline.as_of_idx + 1])
    first = np.searchsorted(open_days, start)
    months = (timeline.as_of_idx - start) / 30.4
    per_month = np.clip(1.0 + 0.25 * log_employees, 1.0, 3.0)
    count = np.where(monthly, 0, rng.poisson(months * per_month))
    account = np.repeat(np.arange(len(count)), count)
    pick = rng.integers(first[account], len(open_days))
    delivery_rows = (account, open_days[pick], 1 / per_month[account])
    return tuple(  # type: ignore[return-value]
        np.concatenate([a, b]) for a, b in zip(monthly_rows, delivery_rows, strict=True)
    )


def _payment_days(
    rng: np.random.Generator, credit: np.ndarray, locale: GeneratorLocale
) -> tuple[np.ndarray, np.ndarray]:
    """(never paid, days after the due day the payment arrives) per invoice."""
    n = len(credit)
    default = rng.random(n) < default_probability(credit)
    shift = parameters.LATE_PAYMENT_SHIFT[locale.code]
    days_late = np.round(rng.normal(shift - LATENESS_PER_CREDIT * credit, LATENESS_SD)).astype(
        np.int64
    )
    days_early = rng.integers(0, 10, n)
    return default, np.where(days_late > 0, days_late, -days_early)


def invoices(
    rng: np.random.Generator,
    hidden: dict[str, np.ndarray],
    timeline: Timeline,
    locale: GeneratorLocale,
) -> pd.DataFrame:
    """The ``invoices`` table over the last two years before as_of.

    Parameters
    ----------
    rng : numpy.random.Generator
    hidden : dict of numpy.ndarray
        Per account: ``employees, since_day, credit, terms, monthly_spend, growth,
        monthly_billing``.
    timeline : Timeline
    locale : GeneratorLocale

    Returns
    -------
    pandas.DataFrame
        ``invoice_id, account_id, issued_at, due_date, amount, paid_at, status``.
    """
    open_, overdue, paid, paid_late, written_off = vocabularies.INVOICE_STATUSES
    is_business = business_days(timeline.days, locale)
    account, issue_day, share = _billing_days(rng, hidden, timeline, is_business)
    n = len(account)
    years_before = (issue_day - timeline.as_of_idx) / 365.0
    amount = np.round(
        hidden["monthly_spend"][account]
        * share
        * np.exp(hidden["growth"][account] * years_before + rng.normal(0, 0.35, n)),
        2,
    )
    issued = timeline.day_stamps()[issue_day]
    terms = hidden["terms"][account]
    due = issued + (terms * 86400).astype("timedelta64[s]")
    default, pay_offset = _payment_days(rng, hidden["credit"][account], locale)
    pay_day = issue_day + terms + pay_offset
    # payments arrive on business days: move the rest to the next one (inside the timeline)
    later_business = np.flatnonzero(is_business)
    inside = pay_day <= later_business[-1]
    pay_day[inside] = later_business[np.searchsorted(later_business, pay_day[inside])]
    paid_at = timeline.days.values[0].astype("datetime64[s]") + (
        pay_day * 86400 + rng.integers(9, 18, n) * 3600
    ).astype("timedelta64[s]")
    unpaid = default | (paid_at >= timeline.as_of_end)
    bad_debt = unpaid & (issue_day + terms + WRITE_OFF_DAYS < timeline.as_of_idx)
    status = np.where(
        unpaid,
        np.where(bad_debt, written_off, np.where(due < timeline.as_of_end, overdue, open_)),
        np.where(paid_at > due + np.timedelta64(86399, "s"), paid_late, paid),
    )
    table = (
        pd.DataFrame(
            {
                "account_idx": account,
                "issued_at": issued,
                "due_date": due,
                "amount": amount,
                "paid_at": np.where(unpaid, np.datetime64("NaT"), paid_at).astype("datetime64[s]"),
                "status": status,
            }
        )
        .sort_values(["issued_at", "account_idx"], kind="stable")
        .reset_index(drop=True)
    )
    table.insert(0, "invoice_id", np.arange(1, len(table) + 1, dtype=np.int64))
    table.insert(1, "account_id", table.pop("account_idx") + 1)
    return table
