"""One cell value: parse it into its SQL form, and say which column rule it breaks.

An import reads text from a CSV file; an update brings Python or pandas values.
:func:`parse_value` turns either into what the database stores (whole numbers,
numbers, 0/1 booleans, ISO date text, JSON text) or raises ValueError with a
short reason; :func:`parse_column_value` does the same for one column, and also
checks the column's declared format (a phone, an e-mail address);
:func:`value_problem` says which rule of its column a parsed value breaks. They
serve :mod:`labkit.database.imports` and :mod:`labkit.database.maintenance`.

Numbers, dates, phones and e-mail addresses are read by the kit's one parser
for each (:mod:`labkit.formats`): a number whose comma or point could separate
thousands or decimals (``1234,56``, ``1.234``) is refused, never guessed; dates
use the strict formats for files; a phone must be a number of the database's
locale. Yes/no words are the database's own (:func:`parse_boolean`, with
:data:`TRUE_WORDS` and :data:`FALSE_WORDS`), and :func:`same_email` compares two
addresses for erasure.

>>> from labkit.database.values import parse_value
>>> parse_value("2025/03/08", "date"), parse_value("是", "bool"), parse_value(" 12 ", "int")
('2025-03-08', 1, 12)
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from datetime import date, datetime
from typing import Any

from labkit.database.tables import Col
from labkit.formats import (
    AMBIGUOUS_NUMBER_HELP,
    normalise,
    parse_email,
    parse_number,
    parse_phone,
    parse_strict_datetime,
)
from labkit.i18n import _
from labkit.settings import LOCALES

__all__ = [
    "FALSE_WORDS",
    "TRUE_WORDS",
    "is_missing",
    "parse_boolean",
    "parse_column_value",
    "parse_date_text",
    "parse_email_text",
    "parse_phone_text",
    "parse_value",
    "same_email",
    "value_problem",
]

# --------------------------------------------------------------------------- text formats
#: The numbering plans a phone is read in when the database's locale is not known: a
#: mainland mobile first (13812345678 would also read as +1 (381) 234-5678).
_ANY_LOCALE = tuple(sorted(LOCALES, key=lambda locale: locale != "zh_CN"))
#: Words read as true and false, in English and Chinese (lower case).
TRUE_WORDS = frozenset({"1", "true", "t", "yes", "y", "是", "真"})
FALSE_WORDS = frozenset({"0", "false", "f", "no", "n", "否", "假"})


def parse_boolean(text: str) -> int:
    """1 or 0 for a yes/no word in English or Chinese (1/0, true/false, yes/no, 是/否, 真/假).

    Raises
    ------
    ValueError
        If the text is none of those words.

    Examples
    --------
    >>> parse_boolean(" Yes "), parse_boolean("否")
    (1, 0)
    """
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return 1
    if word in FALSE_WORDS:
        return 0
    raise ValueError(_("not 1/0, true/false or yes/no"))


def parse_date_text(text: str, kind: str) -> datetime:
    """Read a date (``kind="date"``) or date and time (``kind="datetime"``) written as text.

    Accepts :data:`labkit.formats.STRICT_DATE_FORMATS` (ISO and the slashes Excel
    writes), and for a date and time also :data:`labkit.formats.STRICT_DATETIME_FORMATS`.

    Raises
    ------
    ValueError
        If no format fits; the message shows the format expected.

    Examples
    --------
    >>> parse_date_text("2025/06/02 11:00", "datetime")
    datetime.datetime(2025, 6, 2, 11, 0)
    >>> parse_date_text("June 1", "date")
    Traceback (most recent call last):
    ValueError: not a valid date (YYYY-MM-DD)
    """
    read = parse_strict_datetime(text, with_time=kind != "date")
    if read is None:
        want = "YYYY-MM-DD" if kind == "date" else "YYYY-MM-DD HH:MM:SS"
        raise ValueError(_("not a valid date ({want})").format(want=want))
    return read


def same_email(a: Any, b: Any) -> bool:
    """Whether two e-mail addresses are the same, ignoring case, width and surrounding spaces.

    An empty or missing address matches nothing.

    Examples
    --------
    >>> same_email(" Li@163.com", "li@163.com"), same_email("", ""), same_email(None, float("nan"))
    (True, False, False)
    """
    clean_a, clean_b = normalise(a), normalise(b)
    return clean_a is not None and clean_b is not None and clean_a.lower() == clean_b.lower()


# --------------------------------------------------------------------------- one value
def is_missing(value: Any) -> bool:
    """Whether a value means "no value": None, NaN, NA, NaT or blank text.

    Examples
    --------
    >>> [is_missing(v) for v in (None, float("nan"), "  ", 0, "x")]
    [True, True, True, False, False]
    """
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and value.strip() == "":
        return True
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    try:  # numpy NaN and friends
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def _refuse_constant(name: str) -> Any:
    raise ValueError(_("{name} is not JSON").format(name=name))


def _number(value: Any) -> int | float:
    """A number read by :func:`labkit.formats.parse_number`, or ValueError with the reason."""
    parsed = parse_number(value)
    if parsed.reason == "ambiguous separators":
        raise ValueError(_("ambiguous number: {help}").format(help=_(AMBIGUOUS_NUMBER_HELP)))
    if parsed.reason == "not a finite number":
        raise ValueError(_("not a finite number"))
    if parsed.value is None:
        raise ValueError(_("not a number"))
    return parsed.value


def _parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(_("not a whole number"))
    if isinstance(value, str) and re.search(r"[eE]", value):
        raise ValueError(_("not a whole number"))  # 1e3 is no way to write an id or a count
    try:
        number = _number(value)
    except ValueError as error:
        if str(error) == "not a number":
            raise ValueError(_("not a whole number")) from None
        raise
    if isinstance(number, float):
        if not number.is_integer():
            raise ValueError(_("not a whole number"))
        number = int(number)
    if abs(number) >= 2**63:
        raise ValueError(_("number too large"))
    return number


def _parse_real(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(_("not a number"))
    number = float(_number(value))
    if not math.isfinite(number):
        raise ValueError(_("not a finite number"))
    return number


def _parse_text(value: Any) -> str:
    text = str(value).strip()
    control = next((c for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r"), None)
    if control is not None:
        raise ValueError(_("holds the control character U+{ord:04X}").format(ord=ord(control)))
    return text


def _parse_bool(value: Any) -> int:
    if isinstance(value, str):
        return parse_boolean(value)
    if isinstance(value, (bool, int)) and int(value) in (0, 1):
        return int(value)
    raise ValueError(_("not 1/0, true/false or yes/no"))


def _parse_day(value: Any, kind: str) -> str:
    if isinstance(value, datetime):  # includes pandas.Timestamp
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        moment = parse_date_text(str(value), kind)
    day = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    if kind == "date":
        if (moment.hour, moment.minute, moment.second) != (0, 0, 0):
            raise ValueError(_("a date, not a date and time"))
        return day
    return f"{day} {moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"


def _parse_json(value: Any) -> str:
    text = str(value)
    try:
        json.loads(text, parse_constant=_refuse_constant)
    except ValueError:
        raise ValueError(_("not valid JSON")) from None
    return text


def parse_value(value: Any, kind: str) -> Any:
    """Turn one value (text from a file, or a Python / pandas value) into its SQL form.

    Parameters
    ----------
    value : object
        The value; a missing one (see :func:`is_missing`) becomes None.
    kind : str
        The column's kind (see :data:`~labkit.database.tables.KINDS`).

    Returns
    -------
    int, float, str or None
        A whole number (``int``, and ``bool`` as 0/1), a finite number (``real``,
        read by :func:`labkit.formats.parse_number`: ambiguous separators are
        refused), ISO text (``date``, ``datetime``), the JSON text (``json``) or
        the text without surrounding spaces (a control character other than tab
        and line ends is refused).

    Raises
    ------
    ValueError
        With a short reason ("not a whole number", "not a valid date (YYYY-MM-DD)" …).

    Examples
    --------
    >>> parse_value("1,299.50", "real"), parse_value("2025-03-08 14:30", "datetime")
    (1299.5, '2025-03-08 14:30:00')
    >>> parse_value("1.5", "int")
    Traceback (most recent call last):
    ValueError: not a whole number
    >>> parse_value("1.234", "real")
    Traceback (most recent call last):
    ValueError: ambiguous number: a comma or point that may separate thousands or decimals; ...
    """
    if is_missing(value):
        return None
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()  # numpy scalars behave as the Python values they hold
    if kind == "int":
        return _parse_int(value)
    if kind == "real":
        return _parse_real(value)
    if kind == "bool":
        return _parse_bool(value)
    if kind in ("date", "datetime"):
        return _parse_day(value, kind)
    if kind == "json":
        return _parse_json(value)
    return _parse_text(value)


def parse_phone_text(value: Any, locale: str | None) -> str:
    """A phone number in its canonical form, read in the database's locale.

    Parameters
    ----------
    value : str
        The number as written (``+86 138 1234 5678``, ``(212) 555-0134`` …).
    locale : {"en_US", "zh_CN"} or None
        The database's locale; None accepts a number of any supported locale.

    Returns
    -------
    str
        The canonical form (``13812345678``, ``020-12345678``, ``(212) 555-0134``).

    Raises
    ------
    ValueError
        ``"not a valid phone number (has letters)"`` and the like.

    Examples
    --------
    >>> parse_phone_text("+86 138-1234-5678", "zh_CN")
    '13812345678'
    >>> parse_phone_text("不是有效值??", "zh_CN")
    Traceback (most recent call last):
    ValueError: not a valid phone number for zh_CN (has letters)
    """
    reason = None
    for plan in _ANY_LOCALE if locale is None else (locale,):
        parsed = parse_phone(value, plan)
        if parsed.reason is None:
            return str(parsed.canonical)
        reason = reason or parsed.reason
    if locale is None:
        raise ValueError(_("not a valid phone number ({reason})").format(reason=_(str(reason))))
    raise ValueError(
        _("not a valid phone number for {locale} ({reason})").format(
            locale=locale, reason=_(str(reason))
        )
    )


def parse_email_text(value: Any) -> str:
    """An e-mail address as written (width and surrounding spaces removed), if valid in form.

    A domain that is a well-known typo (``gmial.com``) is refused, not corrected:
    whether the customer meant ``gmail.com`` is for a person to say.

    Raises
    ------
    ValueError
        ``"not a valid e-mail address (no @)"`` and the like.

    Examples
    --------
    >>> parse_email_text(" Li.Wei@163.com ")
    'Li.Wei@163.com'
    >>> parse_email_text("li@gmial.com")
    Traceback (most recent call last):
    ValueError: domain gmial.com looks like a typo of gmail.com; write the address as meant
    """
    parsed = parse_email(value)
    if parsed.reason is not None:
        raise ValueError(_("not a valid e-mail address ({reason})").format(reason=_(parsed.reason)))
    text = str(normalise(value))
    if parsed.note is not None:
        typed, meant = text.rpartition("@")[2].lower(), parsed.address.rpartition("@")[2]
        raise ValueError(
            _("domain {typed} looks like a typo of {meant}; write the address as meant").format(
                typed=typed, meant=meant
            )
        )
    return text


def parse_column_value(value: Any, column: Col, locale: str | None = None) -> Any:
    """Parse one value for ``column``: its kind (:func:`parse_value`), then its format.

    Parameters
    ----------
    value : object
        Text from a file, or a Python / pandas value.
    column : Col
        The column; its ``format`` (``"phone"``, ``"email"``) is checked too.
    locale : {"en_US", "zh_CN"} or None
        The database's locale, for phone numbers; None accepts any supported locale.

    Returns
    -------
    object
        The value in its SQL form (a phone in its canonical form), None when missing.

    Raises
    ------
    ValueError
        With a short reason.

    Examples
    --------
    >>> parse_column_value("(212) 555 0134", Col("phone", format="phone"), "en_US")
    '(212) 555-0134'
    >>> parse_column_value("1234,56", Col("income", "real"))
    Traceback (most recent call last):
    ValueError: ambiguous number: a comma or point that may separate thousands or decimals; ...
    """
    parsed = parse_value(value, column.kind)
    if parsed is None or column.format is None:
        return parsed
    if column.format == "phone":
        return parse_phone_text(parsed, locale)
    return parse_email_text(parsed)


def value_problem(column: Col, value: Any) -> str | None:
    """The rule of its column that a parsed value breaks, or None when it keeps them all.

    Checks required, allowed values and range (what the column's CHECK constraint
    and NOT NULL enforce); foreign keys and uniqueness need the database.

    Examples
    --------
    >>> rating = Col("rating", "int", min=1, max=5)
    >>> value_problem(rating, 9), value_problem(rating, None), value_problem(rating, 3)
    ('not between 1 and 5', 'required', None)
    """
    if value is None:
        return _("required") if column.required else None
    if column.choices is not None and value not in column.choices:
        return _("not one of {choices}").format(choices=", ".join(column.choices))
    low, high = column.min, column.max
    between = _("not between {low:g} and {high:g}")
    if low is not None and value < low:
        return (
            _("below {low:g}").format(low=low)
            if high is None
            else between.format(low=low, high=high)
        )
    if high is not None and value > high:
        return (
            _("above {high:g}").format(high=high)
            if low is None
            else between.format(low=low, high=high)
        )
    return None
