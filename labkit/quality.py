"""Data quality as numbers: validation rules and a per-group quality report.

Five dimensions of data quality (数据质量), each measured as a share between 0
and 1 except timeliness, which is an age in days:

* **completeness (完整性)**: the share of cells that are filled in;
* **validity (有效性)**, the measurable part of accuracy (准确性): the share of
  filled-in values that pass a rule (a phone has the right digits, a birth date
  is possible);
* **timeliness (及时性)**: how old the records are at a fixed ``as_of`` date;
* **consistency (一致性)**: the share of rows whose fields agree with each other
  (the city lies in the stated province);
* **uniqueness (唯一性)**: the share of rows that do not repeat an earlier row's key.

The rules are plain functions from a pandas Series to a Series of True/False
(pandas' nullable ``boolean`` dtype). **Missing values are not applicable, not
invalid**: a rule returns ``<NA>`` for an empty cell, so an empty phone lowers
completeness but not validity, and no problem is counted twice. Shares of
validity, consistency and uniqueness are therefore taken over the rows where the
rule applies.

Each rule about one field is built on that field's parser in
:mod:`labkit.formats` (a value is valid exactly when the parser can read it, so
the rules and :mod:`labkit.cleaning`'s standardisers never disagree);
:data:`DATE_FORMATS` and :func:`known_places` come from there too.

Importing this module has no side effects.

Examples
--------
>>> import pandas as pd
>>> from labkit.quality import quality_report, valid_email
>>> df = pd.DataFrame({"source": ["a", "a", "b"],
...                    "email": ["x@y.com", "broken", None]})
>>> report = quality_report(df, rules={"email": valid_email}, group_by="source")
>>> report  # doctest: +NORMALIZE_WHITESPACE
        rows  completeness  complete_email  validity  valid_email
source
a          2           1.0             1.0       0.5          0.5
b          1           0.0             0.0       NaN          NaN
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from labkit.formats.dates import DATE_FORMATS, read_dates
from labkit.formats.email import parse_email
from labkit.formats.phone import parse_phone
from labkit.formats.regions import known_places
from labkit.formats.text import normalise_series, parse_each
from labkit.i18n import _

__all__ = [
    "DATE_FORMATS",
    "PHONE_RULES",
    "known_places",
    "parse_dates",
    "plausible_birth_date",
    "province_city_agree",
    "quality_report",
    "valid_cn_mobile",
    "valid_email",
    "valid_us_phone",
]

Rule = Callable[[pd.Series], pd.Series]
RowRule = Callable[[pd.DataFrame], pd.Series]


# --------------------------------------------------------------------------- helpers
def _require_series(values: Any, rule: str) -> pd.Series:
    if not isinstance(values, pd.Series):
        raise TypeError(
            _(
                "{rule} checks one column: give it a pandas Series such as df['phone'], not "
                "{type_name}"
            ).format(rule=rule, type_name=type(values).__name__)
        )
    return values


def _flags(values: pd.Series, parsed: pd.DataFrame, passes: pd.Series) -> pd.Series:
    """A rule's nullable booleans, named as ``values``; ``<NA>`` where the parser read empty."""
    flags = passes.astype("boolean").mask(parsed["reason"].eq("empty"))
    return flags.rename(values.name)


def _as_timestamp(value: Any, name: str) -> pd.Timestamp:
    """An explicit date (never 'today'), or a ValueError naming the argument."""
    if value is None:
        raise ValueError(
            _(
                "{name} is required: give the date to measure from explicitly, e.g. "
                "{name}=world.as_of or {name}='2025-12-31' (never today's date, which changes "
                "every day)"
            ).format(name=name)
        )
    if isinstance(value, (str, dt.date, np.datetime64, pd.Timestamp)):
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError):
            stamp = pd.NaT
        if stamp is not pd.NaT:
            return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp
    raise ValueError(
        _("{name} must be a date such as '2025-12-31', got {value!r}").format(
            name=name, value=value
        )
    )


# --------------------------------------------------------------------------- rules
def valid_cn_mobile(values: pd.Series) -> pd.Series:
    """Whether each value is a mainland China mobile number (中国大陆手机号).

    Spaces, hyphens, dots, slashes and brackets between digits are formatting,
    not errors, and so are full-width digits and a leading country code ``+86``,
    ``0086`` or ``86``. What is left must be 11 digits starting with 13–19.
    Letters (a letter O for a zero), too few or too many digits make a value
    invalid. The rule is the phone parser's:
    ``labkit.formats.parse_phone(value, "zh_CN").kind == "mobile"``, so a number
    is valid exactly when :func:`labkit.cleaning.standardise_phone` reads it as a mobile.

    Parameters
    ----------
    values : pandas.Series
        Phone numbers as text, in any mix of formats.

    Returns
    -------
    pandas.Series
        Nullable booleans (``boolean`` dtype) on the same index: True valid,
        False invalid, ``<NA>`` where the value is missing (not applicable).

    Examples
    --------
    >>> import pandas as pd
    >>> phones = pd.Series(["138 1234 5678", "+86 138-1234-5678", "86-13812345678",
    ...                     "1381234567", "138O2345678", None])
    >>> valid_cn_mobile(phones).tolist()
    [True, True, True, False, False, <NA>]
    """
    values = _require_series(values, "valid_cn_mobile")
    parsed = parse_each(values, lambda value: parse_phone(value, "zh_CN"))
    return _flags(values, parsed, parsed["kind"].eq("mobile"))


def valid_us_phone(values: pd.Series) -> pd.Series:
    """Whether each value is a US phone number (North American Numbering Plan).

    Separators, full-width digits and a leading ``+1`` / ``001`` / ``1`` are
    formatting. What is left must be 10 digits: an area code and an exchange
    that each start with 2–9. The rule is the phone parser's
    (``labkit.formats.parse_phone(value, "en_US")`` reads it).

    Parameters
    ----------
    values : pandas.Series
        Phone numbers as text, e.g. ``(212) 555-0134``, ``212.555.0134``,
        ``+1 212 555 0134``.

    Returns
    -------
    pandas.Series
        Nullable booleans: True valid, False invalid, ``<NA>`` where missing.

    Examples
    --------
    >>> import pandas as pd
    >>> phones = pd.Series(["(212) 555-0134", "+1 212 555 0134", "212-555-01",
    ...                     "212.555.O134", None])
    >>> valid_us_phone(phones).tolist()
    [True, True, False, False, <NA>]
    """
    values = _require_series(values, "valid_us_phone")
    parsed = parse_each(values, lambda value: parse_phone(value, "en_US"))
    return _flags(values, parsed, parsed["reason"].isna())


#: The phone rule of each locale, so one line of code works in both:
#: ``PHONE_RULES[world.locale](df["phone"])``.
PHONE_RULES: dict[str, Rule] = {"zh_CN": valid_cn_mobile, "en_US": valid_us_phone}


def valid_email(values: pd.Series) -> pd.Series:
    """Whether each value has the form of an e-mail address.

    One ``@``, no spaces, a domain with at least one dot and a top-level domain
    of two or more letters; case and width (full-width letters) do not matter.
    The rule is the e-mail parser's (``labkit.formats.parse_email`` reads it),
    so an address is valid exactly when :func:`labkit.cleaning.standardise_email`
    can standardise it. This checks the *form* only: ``li@gmial.com`` is valid
    in form but wrong in fact, an accuracy problem that a rule about form cannot see.

    Parameters
    ----------
    values : pandas.Series
        E-mail addresses as text.

    Returns
    -------
    pandas.Series
        Nullable booleans: True valid, False invalid, ``<NA>`` where missing.

    Examples
    --------
    >>> import pandas as pd
    >>> emails = pd.Series(["li.wei@163.com", "LI.WEI@163.COM", "liwei163.com",
    ...                     "li@@163.com", "li @163.com", "li@163", None])
    >>> valid_email(emails).tolist()
    [True, True, False, False, False, False, <NA>]
    """
    values = _require_series(values, "valid_email")
    parsed = parse_each(values, parse_email)
    return _flags(values, parsed, parsed["reason"].isna())


def parse_dates(values: pd.Series, formats: Iterable[str] | None = None) -> pd.Series:
    """Read dates written in several formats; impossible or unreadable dates become NaT.

    By default the kit's date parser reads each value
    (:func:`labkit.formats.read_dates`): every format of :data:`DATE_FORMATS`
    (and the small variations a person would read the same way, such as
    ``Mar 7 1985``), so a column that mixes ``1994/5/4``, ``1994年5月4日`` and
    ``May 4, 1994`` is read in one call, exactly as
    :func:`labkit.cleaning.standardise_date` reads it. A date that does not
    exist (30 February) is not read.

    Parameters
    ----------
    values : pandas.Series
        Dates as text, or already dates (returned unchanged).
    formats : iterable of str, optional
        ``strftime``-style formats to read with instead, strictly and in turn
        (each fills the values not read yet); default: the kit's parser.

    Returns
    -------
    pandas.Series
        ``datetime64[ns]`` values on the same index, NaT where missing, unreadable,
        or outside the range that type can hold (1677-09-22 to 2262-04-11).

    Examples
    --------
    >>> import pandas as pd
    >>> parse_dates(pd.Series(["1994/5/4", "4-May-1994", "1994-02-30"])).tolist()
    [Timestamp('1994-05-04 00:00:00'), Timestamp('1994-05-04 00:00:00'), NaT]
    """
    values = _require_series(values, "parse_dates")
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    if formats is None:
        return read_dates(values)
    text = normalise_series(values)
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in formats:
        todo = out.isna() & text.notna()
        if not todo.any():
            break
        read = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        inside = (read >= pd.Timestamp.min) & (read <= pd.Timestamp.max)
        out[todo] = read.where(inside).astype("datetime64[ns]")
    return out


def plausible_birth_date(
    as_of: str | dt.date | pd.Timestamp, *, min_age: int = 0, max_age: int = 120
) -> Rule:
    """Make a rule: is each birth date a real date giving an age in a plausible range?

    A date that cannot be read (30 February, text that is no date), a date after
    ``as_of`` or a person older than ``max_age`` is invalid.

    Parameters
    ----------
    as_of : str or date
        The day ages are measured at, e.g. ``world.as_of``. Required: a rule
        that used today's date would give another answer tomorrow.
    min_age, max_age : int
        The youngest and oldest plausible age in whole years (default 0 and 120).

    Returns
    -------
    callable
        A rule ``f(values) -> Series`` of nullable booleans (``<NA>`` where the
        date is missing). The values may be text in any of :data:`DATE_FORMATS`
        (read by :func:`parse_dates`) or dates.

    Raises
    ------
    ValueError
        If ``as_of`` is missing or not a date, or ``min_age > max_age``.

    Examples
    --------
    >>> import pandas as pd
    >>> rule = plausible_birth_date("2025-12-31")
    >>> rule(pd.Series(["1990/5/4", "2029-01-01", "1900-01-01", "1990-02-30", None])).tolist()
    [True, False, False, False, <NA>]
    """
    day = _as_timestamp(as_of, "as_of").normalize()
    if min_age > max_age:
        raise ValueError(
            _("min_age ({min_age}) must not be greater than max_age ({max_age})").format(
                min_age=min_age, max_age=max_age
            )
        )
    latest = day - pd.DateOffset(years=min_age)
    earliest = day - pd.DateOffset(years=max_age)

    def rule(values: pd.Series) -> pd.Series:
        values = _require_series(values, "plausible_birth_date")
        missing = (
            values.isna()
            if pd.api.types.is_datetime64_any_dtype(values)
            else normalise_series(values).isna()
        )
        dates = parse_dates(values)
        ok = (dates >= earliest) & (dates <= latest)  # NaT compares False: unreadable
        return ok.astype("boolean").mask(missing)

    rule.__name__ = f"plausible_birth_date(as_of='{day:%Y-%m-%d}')"
    return rule


def province_city_agree(
    places: pd.DataFrame, *, province: str = "province", city: str = "city"
) -> RowRule:
    """Make a row rule: does each row's city lie in its stated province?

    Parameters
    ----------
    places : pandas.DataFrame
        The accepted pairs, with columns ``province`` and ``city`` (for example
        :func:`known_places`).
    province, city : str
        The column names in the frames the rule will check.

    Returns
    -------
    callable
        A rule ``f(df) -> Series`` of nullable booleans, ``<NA>`` where the
        province or the city is missing.

    Raises
    ------
    ValueError
        If ``places`` lacks a ``province`` or ``city`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> places = pd.DataFrame({"province": ["Zhejiang"], "city": ["Hangzhou"]})
    >>> rule = province_city_agree(places)
    >>> rule(pd.DataFrame({"province": ["Zhejiang", "Zhejiang", None],
    ...                    "city": ["Hangzhou", "Wuhan", "Hangzhou"]})).tolist()
    [True, False, <NA>]
    """
    _require_columns(places, ["province", "city"], "places")
    accepted = pd.MultiIndex.from_frame(_text_frame(places[["province", "city"]]))

    def rule(df: pd.DataFrame) -> pd.Series:
        _require_columns(df, [province, city], "province_city_agree")
        pairs = _text_frame(df[[province, city]])
        ok = pd.MultiIndex.from_frame(pairs).isin(accepted)
        missing = pairs.isna().any(axis=1)
        return pd.Series(ok, index=df.index, dtype="boolean").mask(missing)

    rule.__name__ = "province_city_agree"
    return rule


def _text_frame(df: pd.DataFrame) -> pd.DataFrame:
    return df.apply(normalise_series).astype(object).where(lambda d: d.notna(), None)


# --------------------------------------------------------------------------- report
def _require_frame(df: Any) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(
            _("quality_report needs a pandas DataFrame, got {type_name}").format(
                type_name=type(df).__name__
            )
        )
    return df


def _require_columns(df: pd.DataFrame, names: Iterable[Any], argument: str) -> None:
    """Raise a ValueError naming each missing column and listing those that exist."""
    missing = [name for name in names if name not in df.columns]
    if missing:
        shown = ", ".join(repr(m) for m in missing)
        have = ", ".join(repr(c) for c in df.columns) or _("none")
        if len(missing) == 1:
            said = _("{argument}: column {shown} not found; the frame has: {have}")
        else:
            said = _("{argument}: columns {shown} not found; the frame has: {have}")
        raise ValueError(said.format(argument=argument, shown=shown, have=have))


def _as_flags(result: Any, df: pd.DataFrame, name: str) -> pd.Series:
    """A rule's result as nullable booleans on ``df``'s index, or a clear ValueError."""
    if isinstance(result, pd.Series):
        if len(result) != len(df):
            raise ValueError(
                _(
                    "rule {name!r} returned {n} values for {n2} rows; a rule gives one True/False "
                    "per row"
                ).format(name=name, n=len(result), n2=len(df))
            )
        values = result.to_numpy(dtype=object) if not result.index.equals(df.index) else result
    else:
        values = np.asarray(result, dtype=object)
        if values.shape != (len(df),):
            raise ValueError(
                _(
                    "rule {name!r} returned shape {shape} for {n} rows; a rule gives one "
                    "True/False per row"
                ).format(name=name, shape=values.shape, n=len(df))
            )
    try:
        flags = pd.Series(values, index=df.index).astype("boolean")
    except (TypeError, ValueError):
        raise ValueError(
            _(
                "rule {name!r} must give True, False or <NA> per row; it gave values such as "
                "{list!r}"
            ).format(name=name, list=list(pd.Series(values).dropna().unique()[:3]))
        ) from None
    return flags


def _share(flags: pd.Series) -> pd.Series:
    """Nullable booleans as floats: 1.0 passes, 0.0 fails, NaN not applicable."""
    return flags.astype("Float64").astype(float)


def quality_report(
    df: pd.DataFrame,
    *,
    rules: Mapping[str, Rule] | None = None,
    group_by: str | None = None,
    timestamp: str | None = None,
    as_of: str | dt.date | pd.Timestamp | None = None,
    key: str | list[str] | None = None,
    consistency: RowRule | None = None,
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """Measure the data-quality dimensions of a table, per group (e.g. per source).

    Parameters
    ----------
    df : pandas.DataFrame
        The records to measure.
    rules : dict of str to callable, optional
        Validity rules by column name: ``{"phone": valid_cn_mobile, ...}``. Each
        rule gets that column and returns True / False / ``<NA>`` per row.
    group_by : str, optional
        Column to report per value of (one row per group); without it, one row ``all``.
    timestamp : str, optional
        Column holding when each record was captured (dates); gives timeliness.
    as_of : str or date, optional
        The day ages are measured at. Required with ``timestamp``: never today.
    key : str or list of str, optional
        Column(s) identifying a person or thing, e.g. a normalised phone; gives
        uniqueness. Rows with a missing key are not applicable.
    consistency : callable, optional
        A row rule ``f(df) -> Series`` of True / False / ``<NA>``, e.g.
        :func:`province_city_agree`.
    columns : list of str, optional
        Columns whose completeness to measure; default every column except ``group_by``.

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by group, with the columns that apply, in this order:

        * ``rows``: number of rows;
        * ``completeness``: share of filled cells over ``columns``; ``complete_<col>``
          per column;
        * ``validity``: share of checked values that pass, over all rules (cells where a
          rule applies); ``valid_<col>`` per rule;
        * ``median_age_days``: median whole days from the record's day to ``as_of``;
        * ``consistency``: share of rows passing the row rule, where it applies;
        * ``uniqueness``: share of rows whose key no earlier row has. "Earlier" is in
          ``timestamp`` order when given, else row order, over the whole frame, so a
          group's repeats of another group's records count against it.

        A share is NaN when no row of the group is applicable.

    Raises
    ------
    ValueError
        If a named column does not exist (the message lists those that do), if
        ``timestamp`` is given without ``as_of`` (or ``as_of`` without
        ``timestamp``), or if a rule returns something other than one True/False per row.
    TypeError
        If ``df`` is not a DataFrame or a rule is not callable.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({
    ...     "source": ["web", "web", "store", "store"],
    ...     "phone": ["13812345678", "13812345678", "1381234", None],
    ...     "captured_at": pd.to_datetime(["2025-12-01", "2025-12-21", "2025-01-01",
    ...                                    "2025-12-31"]),
    ... })
    >>> report = quality_report(df, rules={"phone": valid_cn_mobile}, group_by="source",
    ...                         timestamp="captured_at", as_of="2025-12-31", key="phone",
    ...                         columns=["phone"])
    >>> shown = ["rows", "completeness", "validity", "median_age_days", "uniqueness"]
    >>> report[shown]  # doctest: +NORMALIZE_WHITESPACE
            rows  completeness  validity  median_age_days  uniqueness
    source
    store      2           0.5       0.0            182.0         1.0
    web        2           1.0       1.0             20.0         0.5
    """
    df = _require_frame(df)
    rules = dict(rules or {})
    for name, rule in rules.items():
        if not callable(rule):
            raise TypeError(
                _("rules[{name!r}] must be a function of a Series, got {rule!r}").format(
                    name=name, rule=rule
                )
            )
    if consistency is not None and not callable(consistency):
        raise TypeError(
            _("consistency must be a function of a DataFrame, got {consistency!r}").format(
                consistency=consistency
            )
        )
    if group_by is not None:
        _require_columns(df, [group_by], "group_by")
    if columns is None:
        columns = [c for c in df.columns if c != group_by]
    _require_columns(df, columns, "columns")
    _require_columns(df, rules, "rules")
    keys = [key] if isinstance(key, str) else list(key or [])
    _require_columns(df, keys, "key")
    if timestamp is not None:
        _require_columns(df, [timestamp], "timestamp")
        day = _as_timestamp(as_of, "as_of").normalize()
        if not pd.api.types.is_datetime64_any_dtype(df[timestamp]):
            raise ValueError(
                _(
                    "timestamp: column {timestamp!r} must hold dates (datetime64), not {dtype}; "
                    "convert it first with pd.to_datetime"
                ).format(timestamp=timestamp, dtype=df[timestamp].dtype)
            )
    elif as_of is not None:
        raise ValueError(_("as_of is used only with timestamp: name the column of capture dates"))

    parts: dict[str, pd.Series] = {}
    for col in columns:
        parts[f"complete_{col}"] = df[col].notna().astype(float)
    checked = {f"valid_{name}": _as_flags(rule(df[name]), df, name) for name, rule in rules.items()}
    if checked:
        flags = pd.DataFrame(checked)
        parts["_passed"] = flags.fillna(False).sum(axis=1).astype(float)
        parts["_applicable"] = flags.notna().sum(axis=1).astype(float)
        parts.update({name: _share(f) for name, f in checked.items()})
    if timestamp is not None:
        ages = (day - df[timestamp].dt.normalize()).dt.days
        parts["median_age_days"] = ages.astype(float)
    if consistency is not None:
        parts["consistency"] = _share(_as_flags(consistency(df), df, "consistency"))
    if keys:
        order = df.sort_values(timestamp, kind="stable") if timestamp else df
        has_key = order[keys].notna().all(axis=1)
        repeat = order.loc[has_key, keys].duplicated(keep="first")
        unique = pd.Series(np.nan, index=df.index)
        unique[repeat.index] = (~repeat).astype(float)
        parts["uniqueness"] = unique

    frame = pd.DataFrame(parts, index=df.index)
    labels = df[group_by] if group_by is not None else pd.Series("all", index=df.index)
    grouped = frame.groupby(labels, dropna=False, sort=True)
    out = pd.DataFrame({"rows": grouped.size()})
    means = grouped.mean()  # skips NaN: shares over the applicable rows
    if group_by is None:  # one row "all", even for an empty frame
        out = out.reindex(["all"], fill_value=0)
        means = means.reindex(["all"])
    complete = [f"complete_{c}" for c in columns]
    if complete:
        out["completeness"] = means[complete].mean(axis=1)
        out[complete] = means[complete]
    if checked:
        sums = grouped[["_passed", "_applicable"]].sum()
        out["validity"] = (sums["_passed"] / sums["_applicable"]).where(sums["_applicable"] > 0)
        out[list(checked)] = means[list(checked)]
    if timestamp is not None:
        out["median_age_days"] = grouped["median_age_days"].median()
    for name in ("consistency", "uniqueness"):
        if name in frame:
            out[name] = means[name]
    out.index.name = group_by
    return out
