"""Dates: the shapes the sources write, English month names, and one parser.

:func:`parse_date` reads one written date. It accepts the seven formats of
:data:`DATE_FORMATS` (the habits of the world's sources) with the leniency a
person reading them would allow, listed in :data:`DATE_SHAPES`:

=====================  ======================================================
shape                  also accepted
=====================  ======================================================
``1985-03-07``         ``1985/3/7``, ``1985.3.7`` (year first, any of ``-/.``)
``1985年3月7日``        spaces around the numbers (``1985年 3 月 7 日``)
``19850307``           (exactly eight digits)
``03/07/1985``         ``3/7/1985``: month first, the US habit
``March 7, 1985``      ``Mar 7 1985``, ``Sept. 7, 1985``: any case, comma optional
``7-Mar-1985``         ``7 March 1985``
=====================  ======================================================

No shape can be read two ways, so their order does not change a result.
Digits are ASCII after NFKC (full-width ``１９８５`` is read; digits of other
scripts are not). A date is read or gets a reason: ``"empty"``,
``"unreadable"`` (no shape fits), ``"impossible date"`` (30 February, month 13).

:func:`read_dates` reads a whole pandas Series into ``datetime64[ns]``; a date
outside the range that type can hold (:data:`FIRST_DAY` to :data:`LAST_DAY`)
becomes NaT there. :func:`parse_strict_datetime` is the strict reader of files
for the database: year first only, optionally with a time.

>>> parse_date("Sept. 7, 1985")
ParsedDate(date=datetime.date(1985, 9, 7), reason=None)
>>> parse_date("1985-02-30").reason
'impossible date'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from labkit.formats.text import is_missing, normalise
from labkit.i18n import N_

__all__ = [
    "DATE_FORMATS",
    "DATE_SHAPES",
    "FIRST_DAY",
    "LAST_DAY",
    "MONTHS",
    "MONTH_NAMES",
    "STRICT_DATETIME_FORMATS",
    "STRICT_DATE_FORMATS",
    "DateShape",
    "ParsedDate",
    "parse_date",
    "parse_strict_datetime",
    "read_dates",
]

#: English month names, January first.
MONTH_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
#: Every accepted spelling of a month (lower case: full name, three-letter
#: abbreviation, and ``sept``) → its number.
MONTHS: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}

#: The formats the world's sources write dates in (``strftime`` notation): ISO,
#: the Chinese sources' habits (2024/3/5, 2024年3月5日, 20240305) and the US
#: sources' habits (03/05/2024 month first, March 5, 2024, 5-Mar-2024).
#: :func:`parse_date` reads every one of them.
DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y年%m月%d日",
    "%Y%m%d",
    "%m/%d/%Y",
    "%B %d, %Y",
    "%d-%b-%Y",
)


class DateShape(NamedTuple):
    """One shape of written date: an example, a regular expression and the order of its parts."""

    #: A date written in this shape.
    example: str
    #: A regular expression with three groups (use with ``fullmatch``).
    pattern: str
    #: What each group holds: ``"y"``, ``"m"`` (a number), ``"mon"`` (a name) or ``"d"``.
    order: tuple[str, str, str]


#: What :func:`parse_date` reads, tried in order.
DATE_SHAPES: tuple[DateShape, ...] = (
    DateShape("1985-03-07", r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})", ("y", "m", "d")),
    DateShape(
        "1985年3月7日", r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日", ("y", "m", "d")
    ),
    DateShape("19850307", r"([0-9]{4})([0-9]{2})([0-9]{2})", ("y", "m", "d")),
    DateShape("03/07/1985", r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", ("m", "d", "y")),
    DateShape(
        "March 7, 1985", r"([A-Za-z]{3,9})\.?\s+([0-9]{1,2}),?\s+([0-9]{4})", ("mon", "d", "y")
    ),
    DateShape("7-Mar-1985", r"([0-9]{1,2})[-\s]([A-Za-z]{3,9})[-\s]([0-9]{4})", ("d", "mon", "y")),
)
_COMPILED = tuple((re.compile(shape.pattern), shape.order) for shape in DATE_SHAPES)

#: The first and last day a pandas ``datetime64[ns]`` column can hold.
FIRST_DAY: dt.date = pd.Timestamp.min.ceil("D").date()
LAST_DAY: dt.date = pd.Timestamp.max.floor("D").date()

#: The strict formats of dates in files for the database: year first.
STRICT_DATE_FORMATS: tuple[str, ...] = ("%Y-%m-%d", "%Y/%m/%d")
#: The strict formats of dates with a time in files for the database.
STRICT_DATETIME_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
)


class ParsedDate(NamedTuple):
    """One written date, read."""

    #: The day; None when it cannot be read.
    date: dt.date | None
    #: Why it cannot be read (``"empty"``, ``"unreadable"``, ``"impossible date"``);
    #: None when it can.
    reason: str | None


def parse_date(value: Any) -> ParsedDate:
    """Read one written date in any of the shapes of :data:`DATE_SHAPES`.

    Parameters
    ----------
    value : str, date or None
        The date as written; a ``datetime.date`` (or ``datetime``, ``Timestamp``)
        is taken as it is (its day).

    Returns
    -------
    ParsedDate
        ``(date, reason)``. Never raises for a bad value.

    Examples
    --------
    >>> parse_date("1985年3月7日").date, parse_date("03/07/1985").date
    (datetime.date(1985, 3, 7), datetime.date(1985, 3, 7))
    >>> parse_date("soon"), parse_date(None)
    (ParsedDate(date=None, reason='unreadable'), ParsedDate(date=None, reason='empty'))
    """
    if is_missing(value):
        return ParsedDate(None, N_("empty"))
    if isinstance(value, dt.datetime):
        return ParsedDate(value.date(), None)
    if isinstance(value, dt.date):
        return ParsedDate(value, None)
    text = normalise(value)
    if text is None:
        return ParsedDate(None, N_("empty"))
    for pattern, order in _COMPILED:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        parts = dict(zip(order, found.groups(), strict=True))
        month = MONTHS.get(parts["mon"].lower()) if "mon" in parts else int(parts["m"])
        if month is None:
            return ParsedDate(None, N_("impossible date"))  # a word where a month name should be
        try:
            return ParsedDate(dt.date(int(parts["y"]), month, int(parts["d"])), None)
        except ValueError:
            return ParsedDate(None, N_("impossible date"))
    return ParsedDate(None, N_("unreadable"))


def read_dates(values: pd.Series) -> pd.Series:
    """Read a Series of written dates with :func:`parse_date`; NaT where one cannot be read.

    Parameters
    ----------
    values : pandas.Series
        Dates as text (or dates).

    Returns
    -------
    pandas.Series
        ``datetime64[ns]`` on the same index: NaT where missing, unreadable,
        impossible, or outside :data:`FIRST_DAY` … :data:`LAST_DAY`.

    Examples
    --------
    >>> read_dates(pd.Series(["1994/5/4", "4-May-1994", "1994-02-30"])).tolist()
    [Timestamp('1994-05-04 00:00:00'), Timestamp('1994-05-04 00:00:00'), NaT]
    """
    codes, uniq = pd.factorize(values.astype(object), use_na_sentinel=True)
    days = [parse_date(u).date for u in uniq]
    stamps = np.array(
        [
            np.datetime64(day, "ns")
            if day is not None and FIRST_DAY <= day <= LAST_DAY
            else np.datetime64("NaT", "ns")
            for day in days
        ]
        + [np.datetime64("NaT", "ns")],
        dtype="datetime64[ns]",
    )
    return pd.Series(stamps[codes], index=values.index, dtype="datetime64[ns]")


def parse_strict_datetime(text: Any, *, with_time: bool = False) -> dt.datetime | None:
    """Read a date (or date and time) in one of the strict formats for the database.

    Parameters
    ----------
    text : str
        The value as written in the file (surrounding spaces are ignored).
    with_time : bool
        Accept :data:`STRICT_DATETIME_FORMATS` as well as :data:`STRICT_DATE_FORMATS`.

    Returns
    -------
    datetime.datetime or None
        None when no format fits.

    Examples
    --------
    >>> parse_strict_datetime("2025/12/31")
    datetime.datetime(2025, 12, 31, 0, 0)
    >>> parse_strict_datetime("2025-12-31 08:30", with_time=True)
    datetime.datetime(2025, 12, 31, 8, 30)
    >>> parse_strict_datetime("12/31/2025") is None
    True
    """
    value = str(text).strip()
    formats = STRICT_DATETIME_FORMATS + STRICT_DATE_FORMATS if with_time else STRICT_DATE_FORMATS
    for fmt in formats:
        try:
            return dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None
