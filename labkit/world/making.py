"""Making a world: :func:`make_world` and the checks of its four arguments.

The allowed values (locales, sizes, the range of ``as_of``) are stated once in
:mod:`labkit.settings`; the checks here turn a wrong value into a
``ValueError`` that names the argument and what is allowed.

>>> check_locale("zh_CN")
'zh_CN'
>>> check_n_customers(10)
Traceback (most recent call last):
...
ValueError: n_customers must be between 50 and 5,000,000, got 10
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from labkit import settings
from labkit.i18n import _
from labkit.settings import check_locale
from labkit.world.dictionary.tables import TABLE_ORDER
from labkit.world.generator import generate
from labkit.world.model import Truth, World

__all__ = ["check_as_of", "check_locale", "check_n_customers", "check_seed", "make_world"]

#: Steps the generator reports (for the progress bar).
GENERATOR_STEPS = 9


# --------------------------------------------------------------------------- argument checks
def check_seed(seed: Any) -> int:
    """A seed as a Python ``int``, or a ``ValueError`` saying what a seed must be.

    Examples
    --------
    >>> check_seed(np.int64(7))
    7
    >>> check_seed(-1)
    Traceback (most recent call last):
    ...
    ValueError: seed must be a non-negative whole number, got -1
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(
            _("seed must be a non-negative whole number, got {seed!r}").format(seed=seed)
        )
    return int(seed)


def check_n_customers(n_customers: Any) -> int:
    """A number of customers as an ``int`` within the allowed sizes, or a ``ValueError``.

    The sizes are ``settings.MIN_CUSTOMERS`` to ``settings.MAX_CUSTOMERS``.

    Examples
    --------
    >>> check_n_customers(5000)
    5000
    >>> check_n_customers(10.5)
    Traceback (most recent call last):
    ...
    ValueError: n_customers must be a whole number, got 10.5
    """
    if isinstance(n_customers, bool) or not isinstance(n_customers, (int, np.integer)):
        raise ValueError(
            _("n_customers must be a whole number, got {n_customers!r}").format(
                n_customers=n_customers
            )
        )
    low, high = settings.MIN_CUSTOMERS, settings.MAX_CUSTOMERS
    if not low <= n_customers <= high:
        raise ValueError(
            _("n_customers must be between {low:,} and {high:,}, got {n_customers:,}").format(
                low=low, high=high, n_customers=n_customers
            )
        )
    return int(n_customers)


def check_as_of(as_of: Any) -> pd.Timestamp:
    """The world's "today" as a whole-day ``Timestamp`` in the calendar's range.

    Parameters
    ----------
    as_of : str, date or pandas.Timestamp
        A day written ``YYYY-MM-DD``, or a date; from ``settings.FIRST_AS_OF``
        to ``settings.LAST_AS_OF``.

    Returns
    -------
    pandas.Timestamp

    Raises
    ------
    ValueError
        If it is not such a day; the message says what is allowed.

    Examples
    --------
    >>> check_as_of("2025-12-31")
    Timestamp('2025-12-31 00:00:00')
    >>> check_as_of("31/12/2025")
    Traceback (most recent call last):
    ...
    ValueError: as_of must be a date written YYYY-MM-DD (for example 2025-12-31), got '31/12/2025'
    """
    if isinstance(as_of, (pd.Timestamp, datetime, date)) and not isinstance(as_of, str):
        day = pd.Timestamp(as_of)
    else:
        text = str(as_of)
        try:
            day = pd.Timestamp(datetime.strptime(text, "%Y-%m-%d"))
        except ValueError:
            raise ValueError(
                _(
                    "as_of must be a date written YYYY-MM-DD (for example 2025-12-31), got "
                    "{as_of!r}"
                ).format(as_of=as_of)
            ) from None
    if day != day.normalize():
        raise ValueError(
            _("as_of must be a whole day without a time, got {as_of!r}").format(as_of=as_of)
        )
    first, last = pd.Timestamp(settings.FIRST_AS_OF), pd.Timestamp(settings.LAST_AS_OF)
    if not first <= day <= last:
        raise ValueError(
            _(
                "as_of must lie between {first:%Y-%m-%d} and {last:%Y-%m-%d} (the festival "
                "calendar's range), got {day:%Y-%m-%d}"
            ).format(first=first, last=last, day=day)
        )
    return day


# --------------------------------------------------------------------------- making
def make_world(
    seed: int = settings.DEFAULT_SEED,
    n_customers: int = settings.DEFAULT_N_CUSTOMERS,
    locale: str = settings.DEFAULT_LOCALE,
    as_of: str | date | pd.Timestamp = settings.DEFAULT_AS_OF,
    *,
    progress: bool = False,
) -> World:
    """Generate the Xudong world from ``(seed, n_customers, locale, as_of)``.

    The same four values give the same world, byte for byte, in any process on
    any day: nothing reads today's date. Making a world changes nothing else:
    the course world of a notebook is the one :func:`labkit.load_world` returned.

    Parameters
    ----------
    seed : int
        Any non-negative whole number.
    n_customers : int
        Number of consumers (B2C), 50 to 5,000,000. Business accounts, orders
        and every other table scale with it.
    locale : {"en_US", "zh_CN"}
        Language of names, addresses, product names and feedback, and the
        festival calendar; money is USD or CNY.
    as_of : str or date
        The "today" of the world, ``YYYY-MM-DD``: the learner sees history up
        to and including this day; churn is decided in the 90 days after it.
    progress : bool
        Show a progress bar (useful from 100,000 customers up).

    Returns
    -------
    World

    Raises
    ------
    ValueError
        If an argument is out of range; the message names it and what is allowed.

    Examples
    --------
    >>> w = make_world(seed=1, n_customers=300)
    >>> w.orders.columns.tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['order_id', 'customer_id', 'ordered_at', 'channel', 'discount', 'store_id',
     'payment_method', 'shipping_fee', 'status', 'campaign_id']
    """
    seed = check_seed(seed)
    n_customers = check_n_customers(n_customers)
    locale = check_locale(locale)
    day = check_as_of(as_of)
    bar = None
    if progress:
        # tqdm is imported only when a progress bar is asked for (it is rarely needed)
        from tqdm.auto import tqdm

        bar = tqdm(total=GENERATOR_STEPS, desc=f"world {n_customers:,} {locale}", unit="step")

    def step(name: str) -> None:
        if bar is not None:
            bar.set_postfix_str(name)
            bar.update(1)

    tables, truth, params = generate(seed, n_customers, locale, day, step)
    if bar is not None:
        bar.update(bar.total - bar.n)
        bar.close()
    return World(
        {name: tables[name] for name in TABLE_ORDER},
        Truth(truth, params),
        seed=seed,
        n_customers=n_customers,
        locale=locale,
        as_of=day,
    )
