"""One cell value: parse it into its SQL form, and say which column rule it breaks.

An import reads text from a CSV file; an update brings Python or pandas values.
:func:`parse_value` turns either into what the database stores (whole numbers,
numbers, 0/1 booleans, ISO date text, JSON text) or raises ValueError with a
short reason; :func:`value_problem` says which rule of its column a parsed value
breaks. Both serve :mod:`labkit.database.imports` and
:mod:`labkit.database.maintenance`.

Dates are read by the kit's one date parser (:mod:`labkit.formats`, its strict
formats for files); yes/no words are the database's own (:func:`parse_boolean`,
with :data:`TRUE_WORDS` and :data:`FALSE_WORDS`), and :func:`same_email` compares
two addresses for erasure.

>>> from labkit.database.values import parse_value
>>> parse_value("2025/03/08", "date"), parse_value("是", "bool"), parse_value(" 12 ", "int")
('2025-03-08', 1, 12)
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from typing import Any

from labkit.database.tables import Col
from labkit.formats import parse_strict_datetime

__all__ = [
    "FALSE_WORDS",
    "TRUE_WORDS",
    "is_missing",
    "parse_boolean",
    "parse_date_text",
    "parse_value",
    "same_email",
    "value_problem",
]

# --------------------------------------------------------------------------- text formats
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
    raise ValueError("not 1/0, true/false or yes/no")


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
        raise ValueError(f"not a valid date ({want})")
    return read


def same_email(a: Any, b: Any) -> bool:
    """Whether two e-mail addresses are the same, ignoring case and surrounding spaces.

    An empty address matches nothing.

    Examples
    --------
    >>> same_email(" Li@163.com", "li@163.com"), same_email("", "")
    (True, False)
    """
    clean_a, clean_b = (a or "").strip().lower(), (b or "").strip().lower()
    return bool(clean_a) and clean_a == clean_b


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
    raise ValueError(f"{name} is not JSON")


def _parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("not a whole number")
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[+-]?\d+(\.0*)?", text, flags=re.ASCII):
            raise ValueError("not a whole number")
        number = int(text.split(".")[0])
    else:
        real = float(value)
        if not real.is_integer():
            raise ValueError("not a whole number")
        number = int(real)
    if abs(number) >= 2**63:
        raise ValueError("number too large")
    return number


def _parse_real(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("not a number")
    try:
        number = float(value.strip().replace(",", "")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise ValueError("not a number") from None
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _parse_bool(value: Any) -> int:
    if isinstance(value, str):
        return parse_boolean(value)
    if isinstance(value, (bool, int)) and int(value) in (0, 1):
        return int(value)
    raise ValueError("not 1/0, true/false or yes/no")


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
            raise ValueError("a date, not a date and time")
        return day
    return f"{day} {moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"


def _parse_json(value: Any) -> str:
    text = str(value)
    try:
        json.loads(text, parse_constant=_refuse_constant)
    except ValueError:
        raise ValueError("not valid JSON") from None
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
        A whole number (``int``, and ``bool`` as 0/1), a finite number (``real``),
        ISO text (``date``, ``datetime``), the JSON text (``json``) or the text
        without surrounding spaces.

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
    return str(value).strip()


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
        return "required" if column.required else None
    if column.choices is not None and value not in column.choices:
        return "not one of " + ", ".join(column.choices)
    low, high = column.min, column.max
    if low is not None and value < low:
        return f"below {low:g}" if high is None else f"not between {low:g} and {high:g}"
    if high is not None and value > high:
        return f"above {high:g}" if low is None else f"not between {low:g} and {high:g}"
    return None
