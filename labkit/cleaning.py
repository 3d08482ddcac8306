"""Cleaning customer records: standardise each field, and repair with a log.

Two steps of the "process" stage of building a customer database (信息处理):

* **standardise (数据标准化)**: :func:`standardise_phone`, :func:`standardise_email`,
  :func:`standardise_name`, :func:`standardise_date` and :func:`standardise_region`
  turn each source's writing habits into one standard form. A value that cannot be
  standardised becomes **missing, with the reason** (``"has letters"``,
  ``"impossible date"`` …) - never a guess passed off as data;
* **repair (修复错误信息 / 修复缺失信息)**: :func:`repair` applies rules a person can
  read and returns a log of every change it made.

The third step, **matching (信息匹配)** the records of one person, is
:mod:`labkit.linkage`. How each format is read (the one parser of phones,
e-mails, dates and places) is :mod:`labkit.formats`; this module applies those
parsers to whole columns and adds the judgements of a customer file (a birth
date before 1900 or after ``as_of``).

Every standardiser works on a whole pandas Series at once and keeps its index.
Importing this module has no side effects.

Examples
--------
>>> import pandas as pd
>>> from labkit.cleaning import standardise_phone
>>> standardise_phone(pd.Series(["138 1234 5678", "+86 138-1234-5678", "138O2345678"]),
...                   "zh_CN")  # doctest: +NORMALIZE_WHITESPACE
         value       reason
0  13812345678         <NA>
1  13812345678         <NA>
2         <NA>  has letters
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from labkit.formats.dates import FIRST_DAY, LAST_DAY, parse_date
from labkit.formats.email import DOMAIN_TYPOS, parse_email
from labkit.formats.phone import parse_phone
from labkit.formats.regions import parse_region
from labkit.formats.text import CJK, LETTER, is_missing, normalise_series, parse_each
from labkit.i18n import _
from labkit.settings import check_locale

__all__ = [
    "DOMAIN_TYPOS",
    "repair",
    "standardise_date",
    "standardise_email",
    "standardise_name",
    "standardise_phone",
    "standardise_records",
    "standardise_region",
]

#: A birth date on this day is a common stand-in for "unknown".
PLACEHOLDER_DATE = pd.Timestamp("1900-01-01")
#: Days that systems write for "unknown" or "never": 1900-01-01, and the first and
#: last days a four-digit year allows (0001-01-01, 9999-12-31), which lie outside
#: what a pandas ``datetime64[ns]`` column can hold.
PLACEHOLDER_DAYS: tuple[tuple[int, int, int], ...] = ((1900, 1, 1), (1, 1, 1), (9999, 12, 31))


# --------------------------------------------------------------------------- helpers
def _require_series(values: Any, name: str) -> pd.Series:
    if not isinstance(values, pd.Series):
        raise ValueError(
            _(
                "{name} works on one column: give it a pandas Series such as df['{name}'], not "
                "{type_name}"
            ).format(name=name, type_name=type(values).__name__)
        )
    return values


def _result(index: pd.Index, value: Any, reason: Any, **extra: Any) -> pd.DataFrame:
    frame = pd.DataFrame({"value": value, "reason": reason, **extra}, index=index)
    frame["reason"] = frame["reason"].astype("string")
    for name in extra:
        frame[name] = frame[name].astype("string")
    return frame


# --------------------------------------------------------------------------- phones
def standardise_phone(values: pd.Series, locale: str) -> pd.DataFrame:
    """Standardise phone numbers, or say why a number cannot be standardised.

    Spaces, hyphens, dots, slashes and brackets are formatting, and so is a
    country code (``+86``, ``0086``, ``86-`` or ``+1``, ``001``). What is left must
    be a whole number (the rules are :func:`labkit.formats.phone.parse_phone`):

    * ``zh_CN``: a mainland mobile becomes its 11 digits (``13812345678``); a
      landline with its area code becomes ``020-12345678`` (area code, hyphen,
      7 or 8 digits);
    * ``en_US``: 10 digits become ``(212) 555-0134``.

    Parameters
    ----------
    values : pandas.Series
        Phone numbers as text, in any mix of formats.
    locale : {"en_US", "zh_CN"}
        Which country's numbering plan.

    Returns
    -------
    pandas.DataFrame
        Same index; ``value`` (the standard form, ``<NA>`` when it cannot be
        standardised) and ``reason`` (why it is missing: ``"empty"``,
        ``"has letters"``, ``"unexpected characters"``, ``"wrong number of
        digits"``, ``"not a valid number"``; ``<NA>`` when there is a value).

    Raises
    ------
    ValueError
        If ``values`` is not a Series or ``locale`` is not supported.

    Examples
    --------
    >>> import pandas as pd
    >>> out = standardise_phone(pd.Series(["(212) 555-0134", "+1 212 555 0134",
    ...                                     "212.555.01"]), "en_US")
    >>> out["value"].tolist(), out["reason"].tolist()
    (['(212) 555-0134', '(212) 555-0134', <NA>], [<NA>, <NA>, 'wrong number of digits'])
    """
    values = _require_series(values, "phone")
    locale = check_locale(locale)
    parsed = parse_each(values, lambda value: parse_phone(value, locale))
    return _result(values.index, parsed["canonical"].astype("string"), parsed["reason"])


# --------------------------------------------------------------------------- e-mails
def standardise_email(values: pd.Series) -> pd.DataFrame:
    """Standardise e-mail addresses: trim, lower-case, fix well-known domain typos.

    The rules are :func:`labkit.formats.email.parse_email`; only the domains of
    :data:`DOMAIN_TYPOS` are corrected.

    Parameters
    ----------
    values : pandas.Series
        E-mail addresses as text.

    Returns
    -------
    pandas.DataFrame
        Same index; ``value`` (the standard form or ``<NA>``), ``reason`` (why
        it is missing: ``"empty"``, ``"no @"``, ``"more than one @"``, ``"has
        spaces"``, ``"malformed"``) and ``note`` (``"domain typo fixed"`` where a
        domain from :data:`DOMAIN_TYPOS` was corrected).

    Raises
    ------
    ValueError
        If ``values`` is not a Series.

    Examples
    --------
    >>> import pandas as pd
    >>> out = standardise_email(pd.Series([" Li.Wei@163.COM ", "li@gmial.com", "li@@163.com"]))
    >>> out["value"].tolist()
    ['li.wei@163.com', 'li@gmail.com', <NA>]
    >>> out["reason"].tolist(), out["note"].tolist()
    ([<NA>, <NA>, 'more than one @'], [<NA>, 'domain typo fixed', <NA>])
    """
    values = _require_series(values, "email")
    parsed = parse_each(values, parse_email)
    return _result(
        values.index, parsed["address"].astype("string"), parsed["reason"], note=parsed["note"]
    )


# --------------------------------------------------------------------------- names
def _one_name(text: str | None, locale: str) -> tuple[str | None, str | None, str | None]:
    """(value, reason, note) for one name."""
    if text is None:
        return None, "empty", None
    if re.search(r"\d", text):
        return None, "has digits", None
    if not re.search(LETTER, text):
        return None, "no letters", None
    note = None
    text = re.sub(r"\s+", " ", text).strip(" ,")
    if text.count(",") == 1:
        surname, given = (p.strip() for p in text.split(","))
        if surname and given:
            text, note = f"{given} {surname}", "order from comma"
        else:
            text = surname or given
    elif "," in text:
        return None, "more than one comma", None
    if re.search(CJK, text):
        text = re.sub(rf"(?<={CJK})\s+|\s+(?={CJK})", "", text)
        return text, None, note
    if text == text.upper() or text == text.lower():
        text = " ".join(
            "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
            for word in text.split(" ")
        )
        text = re.sub(r"'([a-z])", lambda m: "'" + m.group(1).upper(), text)
    return text, None, note


def standardise_name(values: pd.Series, locale: str) -> pd.DataFrame:
    """Standardise person names: width, spacing, case and (only when certain) order.

    Full-width characters become half-width (Unicode NFKC), runs of spaces
    become one. Chinese names lose the spaces between their characters
    (``"谢 岩"`` → ``"谢岩"``). Names written all upper- or all lower-case get an
    initial capital per word. ``"SMITH, JOHN"`` becomes ``"John Smith"``: the
    comma says which part is the surname. Without a comma the order is left as
    written (``"Smith John"`` may be either way round).

    Parameters
    ----------
    values : pandas.Series
        Names as text.
    locale : {"en_US", "zh_CN"}
        The world's locale (names in Latin letters are handled the same way in both).

    Returns
    -------
    pandas.DataFrame
        Same index; ``value``, ``reason`` (``"empty"``, ``"has digits"``, ``"no
        letters"``, ``"more than one comma"``) and ``note`` (``"order from comma"``).

    Raises
    ------
    ValueError
        If ``values`` is not a Series or ``locale`` is not supported.

    Examples
    --------
    >>> import pandas as pd
    >>> names = pd.Series(["SMITH, JOHN", "谢 岩", "ＬＩ　Ｗｅｉ"])
    >>> standardise_name(names, "en_US")["value"].tolist()
    ['John Smith', '谢岩', 'LI Wei']
    """
    values = _require_series(values, "name")
    locale = check_locale(locale)
    text = normalise_series(values)
    codes, uniq = pd.factorize(text, use_na_sentinel=True)
    done = [_one_name(u, locale) for u in uniq]
    table = pd.DataFrame(done + [(None, "empty", None)], columns=["value", "reason", "note"])
    picked = table.iloc[np.where(codes < 0, len(done), codes)]
    return _result(
        values.index,
        picked["value"].to_numpy(object),
        picked["reason"].to_numpy(object),
        note=pd.Series(picked["note"].to_numpy(object), index=values.index),
    ).astype({"value": "string"})


# --------------------------------------------------------------------------- dates
def _as_day(value: Any, name: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        stamp = pd.NaT
    if stamp is pd.NaT or isinstance(value, bool):
        raise ValueError(
            _("{name} must be a date such as '2025-12-31', got {value!r}").format(
                name=name, value=value
            )
        )
    return stamp.tz_localize(None).normalize() if stamp.tzinfo else stamp.normalize()


def _read_days(values: pd.Series) -> pd.DataFrame:
    """Written dates read by :func:`labkit.formats.dates.parse_date`: ``stamp`` and ``reason``.

    ``stamp`` is ``datetime64[s]``, which holds every year a date can be written
    with (``datetime64[ns]`` stops in 2262).
    """
    parsed = parse_each(values, parse_date)
    days = parsed["date"].to_numpy(object)
    stamp = np.array(
        [np.datetime64("NaT", "s") if day is None else np.datetime64(day, "s") for day in days],
        dtype="datetime64[s]",
    )
    return pd.DataFrame({"stamp": stamp, "reason": parsed["reason"]}, index=values.index)


def standardise_date(values: pd.Series, as_of: Any = None) -> pd.DataFrame:
    """Read dates written in several formats; impossible dates become missing with the reason.

    Accepted: ``1985-03-07``, ``1985/3/7``, ``1985年3月7日``, ``19850307``,
    ``03/07/1985`` (month first, the US habit), ``March 7, 1985`` and
    ``7-Mar-1985`` (the shapes of :data:`labkit.formats.dates.DATE_SHAPES`).

    Parameters
    ----------
    values : pandas.Series
        Dates as text (or already dates, which are only checked).
    as_of : date-like, optional
        Dates after it are ``"in the future"``. Without it nothing is checked
        against the calendar of today: give ``world.as_of`` for reproducible results.

    Returns
    -------
    pandas.DataFrame
        Same index; ``value`` (``datetime64[ns]``, NaT when missing) and ``reason``
        (``"empty"``, ``"unreadable"``, ``"impossible date"`` such as 30 February,
        ``"in the future"``, ``"before 1900"``, ``"placeholder date"`` for the
        days of :data:`PLACEHOLDER_DAYS` (1900-01-01, 0001-01-01, 9999-12-31:
        stand-ins for "unknown" or "never"); ``"out of range"`` for another date
        after 2262-04-11, the last day a ``datetime64[ns]`` column holds, when no
        ``as_of`` says it is in the future). Never raises for a date outside
        that range.

    Raises
    ------
    ValueError
        If ``values`` is not a Series or ``as_of`` is not a date.

    Examples
    --------
    >>> import pandas as pd
    >>> out = standardise_date(pd.Series(["1985/3/7", "7-Mar-1985", "1985-02-30", "2031-01-01"]),
    ...                        as_of="2025-12-31")
    >>> out["value"].dt.strftime("%Y-%m-%d").tolist()
    ['1985-03-07', '1985-03-07', nan, nan]
    >>> out["reason"].tolist()
    [<NA>, <NA>, 'impossible date', 'in the future']
    >>> standardise_date(pd.Series(["9999-12-31", "0001-01-01", "3000-01-01"]))["reason"].tolist()
    ['placeholder date', 'placeholder date', 'out of range']
    """
    values = _require_series(values, "date")
    day = None if as_of is None else _as_day(as_of, "as_of")
    if pd.api.types.is_datetime64_any_dtype(values):
        stamp = pd.Series(pd.to_datetime(values), index=values.index)
        reason = pd.Series(pd.NA, index=values.index, dtype="string")
        reason[stamp.isna()] = "empty"
    else:
        read = _read_days(values)
        stamp, reason = read["stamp"], read["reason"].astype("string")
    reason[(stamp < PLACEHOLDER_DATE).fillna(False)] = "before 1900"
    if day is not None:
        reason[(stamp > day).fillna(False)] = "in the future"
    parts = (stamp.dt.year, stamp.dt.month, stamp.dt.day)
    for placeholder in PLACEHOLDER_DAYS:
        year, month, day_of_month = (
            (part == wanted).fillna(False) for part, wanted in zip(parts, placeholder, strict=True)
        )
        reason[year & month & day_of_month] = "placeholder date"
    outside = (stamp < pd.Timestamp(FIRST_DAY)) | (stamp > pd.Timestamp(LAST_DAY))
    reason[outside.fillna(False) & reason.isna()] = "out of range"
    value = stamp.where(reason.isna()).astype("datetime64[ns]")
    return _result(values.index, value, reason)


# --------------------------------------------------------------------------- regions
def standardise_region(province: pd.Series, city: pd.Series, locale: str) -> pd.DataFrame:
    """Standardise provinces (states) and cities to their official long forms.

    Short and long forms (广东 / 广东省, 广州 / 广州市, CA / California) are
    looked up in the real region table the world is generated from
    (:func:`labkit.formats.regions.parse_region`). A city that exists but not in the stated
    province is **kept as written** and flagged ``"city not in province"``: one
    of the two is wrong, and the data does not say which.

    Parameters
    ----------
    province, city : pandas.Series
        Province (state) and city names, same index.
    locale : {"en_US", "zh_CN"}
        Which country's regions.

    Returns
    -------
    pandas.DataFrame
        Same index; ``province``, ``city`` and ``reason``: ``"empty province"``,
        ``"unknown province"`` (the province becomes missing), ``"unknown city"``
        or ``"city not in province"`` (the city is kept as written), ``<NA>`` when
        both are standard.

    Raises
    ------
    ValueError
        If an argument is not a Series, the indexes differ, or the locale is not supported.

    Examples
    --------
    >>> import pandas as pd
    >>> out = standardise_region(pd.Series(["广东", "浙江省", "浙江"]),
    ...                          pd.Series(["广州", "杭州市", "广州"]), "zh_CN")
    >>> out["province"].tolist(), out["city"].tolist()
    (['广东省', '浙江省', '浙江省'], ['广州市', '杭州市', '广州'])
    >>> out["reason"].tolist()
    [<NA>, <NA>, 'city not in province']
    """
    province = _require_series(province, "province")
    city = _require_series(city, "city")
    locale = check_locale(locale)
    if not province.index.equals(city.index):
        raise ValueError(_("province and city must have the same index (rows of one table)"))
    pairs = pd.Series(list(zip(province.astype(object), city.astype(object), strict=True)),
                      index=province.index, dtype=object)  # fmt: skip
    parsed = parse_each(pairs, lambda pair: parse_region(*(pair or (None, None)), locale))
    return parsed.astype("string")


# --------------------------------------------------------------------------- repair
def _plain(values: pd.Series) -> np.ndarray:
    """Values as an object array with None for every kind of missing value."""
    return np.array([None if is_missing(v) else v for v in values], object)


def repair(
    df: pd.DataFrame,
    rules: Mapping[str, tuple[str, Callable[[pd.DataFrame], Any]]]
    | Sequence[tuple[str, str, Callable[[pd.DataFrame], Any]]],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply readable repair rules, in order, and log every cell they change.

    Each rule has a name, the column it writes and a function of the frame (as
    repaired by the rules before it) returning the column's new values: a
    Series on the same index, a scalar, or the DataFrame of a standardiser
    (its ``value`` column is used and its ``reason`` goes into the log).

    Parameters
    ----------
    df : pandas.DataFrame
        The table to repair; it is not changed.
    rules : mapping or sequence
        ``{name: (column, function)}`` or ``[(name, column, function), ...]``.

    Returns
    -------
    repaired : pandas.DataFrame
        A repaired copy.
    log : pandas.DataFrame
        One row per changed cell: ``row`` (index label), ``column``, ``old``, ``new``,
        ``rule`` and ``reason`` (from a standardiser, else missing).

    Raises
    ------
    ValueError
        If ``df`` is not a DataFrame, a rule is not (name, column, function), or a
        function returns values of the wrong length.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"city": ["Boston", None]})
    >>> fixed, log = repair(df, {"unknown city": ("city", lambda d: d["city"].fillna("unknown"))})
    >>> fixed["city"].tolist(), log[["row", "old", "new", "rule"]].values.tolist()
    (['Boston', 'unknown'], [[1, None, 'unknown', 'unknown city']])
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(
            _("repair works on a pandas DataFrame, not {type_name}").format(
                type_name=type(df).__name__
            )
        )
    items = list(rules.items()) if isinstance(rules, Mapping) else list(rules)
    steps = []
    for item in items:
        if isinstance(rules, Mapping):
            name, spec = item
            item = (name, *spec) if isinstance(spec, tuple) else (name, spec)
        if len(item) != 3 or not isinstance(item[1], str) or not callable(item[2]):
            raise ValueError(
                _(
                    "each rule must be (name, column, function), e.g. ('fill city', 'city', "
                    "lambda d: d['city'].fillna('unknown')); got {item!r}"
                ).format(item=item)
            )
        steps.append(item)
    out = df.copy()
    logs = []
    for name, column, func in steps:
        new = func(out)
        why = None
        if isinstance(new, pd.DataFrame):
            if "value" not in new:
                raise ValueError(
                    _("rule {name!r}: a DataFrame result needs a 'value' column").format(name=name)
                )
            why = new["reason"] if "reason" in new else None
            new = new["value"]
        if not isinstance(new, pd.Series):
            new = pd.Series([new] * len(out), index=out.index)
        if len(new) != len(out):
            raise ValueError(
                _(
                    "rule {name!r} returned {n} values for column {column!r}; the table has {n2} "
                    "rows"
                ).format(name=name, n=len(new), column=column, n2=len(out))
            )
        new = new.reindex(out.index) if not new.index.equals(out.index) else new
        old = out[column] if column in out else pd.Series(None, index=out.index, dtype=object)
        old_o, new_o = old.astype(object), new.astype(object)
        both_na = old_o.isna().to_numpy() & new_o.isna().to_numpy()
        same = (
            both_na
            | (old_o.where(old_o.notna(), None) == new_o.where(new_o.notna(), None)).to_numpy()
        )
        changed = ~same
        if changed.any():
            rows = out.index[changed]
            logs.append(
                pd.DataFrame(
                    {
                        "row": rows,
                        "column": column,
                        "old": _plain(old_o[changed]),
                        "new": _plain(new_o[changed]),
                        "rule": name,
                        "reason": (
                            why[changed].astype(object).where(why[changed].notna(), None).to_numpy()
                            if why is not None
                            else None
                        ),
                    }
                )
            )
        out[column] = new
    columns = ["row", "column", "old", "new", "rule", "reason"]
    log = pd.concat(logs, ignore_index=True) if logs else pd.DataFrame(columns=columns)
    return out, log[columns]


# --------------------------------------------------------------------------- the world's records
def standardise_records(raw: pd.DataFrame, locale: str, as_of: Any = None) -> pd.DataFrame:
    """Standardise every column of the world's ``raw_records`` at once.

    Parameters
    ----------
    raw : pandas.DataFrame
        ``world.raw_records`` (columns ``name, birth_date, phone, email, province,
        city``; other columns are kept as they are).
    locale : {"en_US", "zh_CN"}
        The world's locale.
    as_of : date-like, optional
        Birth dates after it become missing (give ``world.as_of``).

    Returns
    -------
    pandas.DataFrame
        The same rows and columns, standardised.

    Raises
    ------
    ValueError
        If a needed column is missing.

    Examples
    --------
    >>> import labkit
    >>> world = labkit.make_world(seed=1, n_customers=200, locale="en_US")
    >>> clean = standardise_records(world.raw_records, world.locale, world.as_of)
    >>> clean["phone"].dropna().str.fullmatch(r"\\(\\d{3}\\) \\d{3}-\\d{4}").all()
    np.True_
    """
    if not isinstance(raw, pd.DataFrame):
        raise ValueError(
            _("standardise_records needs a DataFrame, not {type_name}").format(
                type_name=type(raw).__name__
            )
        )
    need = ["name", "birth_date", "phone", "email", "province", "city"]
    missing = [c for c in need if c not in raw.columns]
    if missing:
        raise ValueError(
            _("raw is missing the column(s) {items}; it needs {items2}").format(
                items=", ".join(missing), items2=", ".join(need)
            )
        )
    out = raw.copy()
    out["name"] = standardise_name(raw["name"], locale)["value"]
    out["birth_date"] = standardise_date(raw["birth_date"], as_of=as_of)["value"]
    out["phone"] = standardise_phone(raw["phone"], locale)["value"]
    out["email"] = standardise_email(raw["email"])["value"]
    region = standardise_region(raw["province"], raw["city"], locale)
    out["province"] = region["province"]
    out["city"] = region["city"]
    return out
