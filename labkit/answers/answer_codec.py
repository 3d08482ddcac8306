"""A learner's answer as plain JSON with explicit type tags, and back; never pickle.

``labkit grade`` does not trust the points a student's kernel reports: every
``check()`` records the *answer* itself, and the grader judges it again in its
own process. The record must carry the answer faithfully (an ``int64`` stays an
``int64``, a Series keeps its labels and dtype) and must never be able to run
code in the grader, so it is JSON in which every value names its type:

* scalars: ``none``, ``ellipsis``, ``bool``, ``int``, ``float`` (as text, so
  ``nan`` and ``inf`` survive), ``decimal``, ``fraction``, ``text``, ``bytes``,
  ``numpy`` (a NumPy scalar and its dtype), ``timestamp``, ``datetime``,
  ``date``, ``time``, ``timedelta``, ``datetime64``, ``nat``, ``na``;
* collections: ``list``, ``tuple``, ``set``, ``frozenset``, ``dict``, ``range``,
  ``array`` (a NumPy array), ``categorical``;
* pandas: ``index``, ``multiindex``, ``series``, ``frame`` (labels, dtypes and
  values).

An answer that cannot be written this way (an object of another type, more
than :data:`MAX_VALUES` values or :data:`MAX_TEXT` characters, nesting deeper
than :data:`MAX_DEPTH`) is recorded as ``unrecorded`` with the reason, and read
back as an :class:`UnrecordedAnswer`, so the grader can say why it gave no
points. :func:`labkit.answers.answer_decoding.decode_answer` reads it back and
checks everything it reads: a record forged by hand gives
:class:`AnswerFormatError`, never an object of a type not listed here.

Examples
--------
>>> import pandas as pd
>>> payload = encode_answer(pd.Series([3, 1], index=["a", "b"], name="n"))
>>> payload["type"], payload["dtype"]
('series', 'int64')
>>> encode_answer(float("nan"))
{'type': 'float', 'value': 'nan'}
>>> encode_answer(object())["type"]
'unrecorded'
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import fractions
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from labkit.answers.hints import describe
from labkit.answers.safety import error_name
from labkit.i18n import _

__all__ = [
    "ALLOWED_DTYPES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_TEXT",
    "MAX_VALUES",
    "NUMPY_SCALARS",
    "AnswerFormatError",
    "Budget",
    "TooBig",
    "UnrecordedAnswer",
    "encode_answer",
]

#: The most values (items, labels and cells together) an answer may have to be recorded.
MAX_VALUES = 100_000
#: The most characters of text an answer may hold in all to be recorded.
MAX_TEXT = 2_000_000
#: The deepest nesting of collections recorded (a list of lists of ... ).
MAX_DEPTH = 8
#: The most digits of a whole number recorded.
MAX_DIGITS = 400

#: The dtypes a recorded Series, Index or array may name; any other is read back
#: as object. pandas parses these names itself; none runs code.
ALLOWED_DTYPES = re.compile(
    r"(?:u?int(?:8|16|32|64)|U?Int(?:8|16|32|64)|float(?:16|32|64)|Float(?:32|64)"
    r"|bool|boolean|object|str|string|category|<U\d{1,6}"
    r"|(?:datetime|timedelta)64\[(?:ns|us|ms|s)\]"
    r"|datetime64\[(?:ns|us|ms|s), [A-Za-z0-9_+\-/:]{1,40}\])"
)
#: The NumPy scalar types recorded with their dtype.
NUMPY_SCALARS = re.compile(r"u?int(?:8|16|32|64)|float(?:16|32|64)|bool")


class AnswerFormatError(ValueError):
    """A recorded answer is not in the format :func:`encode_answer` writes."""


@dataclass(frozen=True)
class UnrecordedAnswer:
    """An answer that could not be recorded, and why.

    Attributes
    ----------
    reason : str
        E.g. ``"a DataFrame of 2,000,000 cells is more than 100,000 values"``.

    Examples
    --------
    >>> UnrecordedAnswer("too big").reason
    'too big'
    """

    reason: str


class TooBig(Exception):
    """An answer, or a record of one, is over one of the limits."""


class Budget:
    """Counts values and characters while an answer is encoded or decoded.

    Examples
    --------
    >>> budget = Budget()
    >>> budget.spend(3, text=10); (budget.values, budget.text)
    (3, 10)
    """

    def __init__(self) -> None:
        self.values = 0
        self.text = 0

    def expect(self, values: int) -> None:
        """Stop early when ``values`` more would be over the limit (before reading them)."""
        if self.values + values > MAX_VALUES:
            raise TooBig(_("it has more than {n} values").format(n=f"{MAX_VALUES:,}"))

    def spend(self, values: int = 1, text: int = 0) -> None:
        self.values += values
        self.text += text
        if self.values > MAX_VALUES:
            raise TooBig(_("it has more than {n} values").format(n=f"{MAX_VALUES:,}"))
        if self.text > MAX_TEXT:
            raise TooBig(_("it holds more than {n} characters of text").format(n=f"{MAX_TEXT:,}"))


# --------------------------------------------------------------------------- encoding


def encode_answer(answer: Any) -> dict[str, Any]:
    """The answer as JSON-ready data with type tags; never raises.

    Parameters
    ----------
    answer : object
        Whatever the learner gave to ``check()``.

    Returns
    -------
    dict
        ``{"type": ..., ...}``; ``{"type": "unrecorded", "reason": ...}`` when the
        answer is too big or of a type that is not recorded.

    Examples
    --------
    >>> encode_answer(3)
    {'type': 'int', 'value': '3'}
    >>> encode_answer(["a", 2.5])["items"]
    [{'type': 'text', 'value': 'a'}, {'type': 'float', 'value': '2.5'}]
    >>> encode_answer(len)["reason"]
    'a function or method (did you forget to call it with ()?) cannot be recorded'
    """
    try:
        return _encode(answer, Budget(), 0)
    except TooBig as too_big:
        return {"type": "unrecorded", "reason": f"{describe(answer)}: {too_big}"}
    except TypeError as unknown:
        return {"type": "unrecorded", "reason": str(unknown)}
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # the learner's object misbehaved; check() must not raise
        return {
            "type": "unrecorded",
            "reason": _("reading it raised {error}").format(error=error_name(error)),
        }


def _encode(value: Any, budget: Budget, depth: int) -> dict[str, Any]:
    if depth > MAX_DEPTH:
        raise TooBig(_("it is nested more than {n} levels deep").format(n=MAX_DEPTH))
    budget.spend()
    scalar = _encode_scalar(value, budget)
    if scalar is not None:
        return scalar
    if isinstance(value, pd.DataFrame):
        return _encode_frame(value, budget, depth)
    if isinstance(value, pd.Series):
        budget.expect(len(value))
        return {
            "type": "series",
            "dtype": str(value.dtype),
            "name": _encode(value.name, budget, depth + 1),
            "index": _encode(value.index, budget, depth + 1),
            "items": _encode_items(value.tolist(), budget, depth),
        }
    if isinstance(value, pd.MultiIndex):
        budget.expect(len(value) * max(1, value.nlevels))
        return {
            "type": "multiindex",
            "names": [_encode(name, budget, depth + 1) for name in value.names],
            "items": _encode_items([tuple(t) for t in value.tolist()], budget, depth),
        }
    if isinstance(value, pd.Index):
        budget.expect(len(value))
        return {
            "type": "index",
            "dtype": str(value.dtype),
            "name": _encode(value.name, budget, depth + 1),
            "items": _encode_items(value.tolist(), budget, depth),
        }
    if isinstance(value, pd.Categorical):
        budget.expect(len(value))
        return {
            "type": "categorical",
            "ordered": bool(value.ordered),
            "categories": _encode_items(value.categories.tolist(), budget, depth),
            "items": _encode_items(value.tolist(), budget, depth),
        }
    if isinstance(value, np.ndarray):
        budget.expect(int(value.size))
        return {
            "type": "array",
            "dtype": str(value.dtype),
            "shape": [int(n) for n in value.shape],
            "items": _encode_items(value.ravel().tolist(), budget, depth),
        }
    if isinstance(value, dict):
        budget.expect(len(value))
        pairs = [
            [_encode(key, budget, depth + 1), _encode(item, budget, depth + 1)]
            for key, item in list(value.items())
        ]
        return {"type": "dict", "items": pairs}
    for kind, tag in ((list, "list"), (tuple, "tuple"), (frozenset, "frozenset"), (set, "set")):
        if isinstance(value, kind):
            budget.expect(len(value))
            return {"type": tag, "items": _encode_items(list(value), budget, depth)}
    if isinstance(value, range):
        return {"type": "range", "start": value.start, "stop": value.stop, "step": value.step}
    raise TypeError(_("{answer} cannot be recorded").format(answer=describe(value)))


def _encode_items(items: list[Any], budget: Budget, depth: int) -> list[dict[str, Any]]:
    return [_encode(item, budget, depth + 1) for item in items]


def _encode_frame(frame: pd.DataFrame, budget: Budget, depth: int) -> dict[str, Any]:
    budget.expect(int(frame.size) + len(frame.columns))
    columns = [frame.iloc[:, position] for position in range(frame.shape[1])]
    return {
        "type": "frame",
        "index": _encode(frame.index, budget, depth + 1),
        "columns": _encode(frame.columns, budget, depth + 1),
        "dtypes": [str(column.dtype) for column in columns],
        "data": [_encode_items(column.tolist(), budget, depth) for column in columns],
    }


def _encode_scalar(value: Any, budget: Budget) -> dict[str, Any] | None:
    """A single value's record, or None when ``value`` is not a single value."""
    if value is None:
        return {"type": "none"}
    if value is Ellipsis:
        return {"type": "ellipsis"}
    if value is pd.NaT:
        return {"type": "nat"}
    if value is pd.NA:
        return {"type": "na"}
    if isinstance(value, (bool, np.bool_)) and not isinstance(value, np.generic):
        return {"type": "bool", "value": bool(value)}
    if isinstance(value, np.generic):
        return _encode_numpy(value, budget)
    if isinstance(value, int):
        digits = int.__repr__(value)
        if len(digits) > MAX_DIGITS:
            raise TooBig(_("it has more than {n} digits").format(n=MAX_DIGITS))
        return {"type": "int", "value": digits}
    if isinstance(value, float):
        return {"type": "float", "value": float.__repr__(value)}
    if isinstance(value, decimal.Decimal):
        text = str(value)
        budget.spend(text=len(text))
        return {"type": "decimal", "value": text}
    if isinstance(value, fractions.Fraction):
        text = f"{value.numerator}/{value.denominator}"
        if len(text) > 2 * MAX_DIGITS:
            raise TooBig(_("it has more than {n} digits").format(n=MAX_DIGITS))
        return {"type": "fraction", "value": text}
    if isinstance(value, str):
        text = str.__str__(value)
        budget.spend(text=len(text))
        return {"type": "text", "value": text}
    if isinstance(value, (bytes, bytearray)):
        budget.spend(text=len(value))
        return {"type": "bytes", "value": base64.b64encode(bytes(value)).decode("ascii")}
    return _encode_time(value)


def _encode_time(value: Any) -> dict[str, Any] | None:
    if isinstance(value, pd.Timestamp):
        return {"type": "timestamp", "value": value.isoformat(), "tz": _tz_name(value.tz)}
    if isinstance(value, pd.Timedelta):
        return {"type": "timedelta", "value": str(value.value), "pandas": True}
    if isinstance(value, dt.datetime):
        return {"type": "datetime", "value": value.isoformat()}
    if isinstance(value, dt.date):
        return {"type": "date", "value": value.isoformat()}
    if isinstance(value, dt.time):
        return {"type": "time", "value": value.isoformat()}
    if isinstance(value, dt.timedelta):
        nanoseconds = pd.Timedelta(value).value
        return {"type": "timedelta", "value": str(nanoseconds), "pandas": False}
    return None


def _encode_numpy(value: np.generic, budget: Budget) -> dict[str, Any]:
    if isinstance(value, np.str_):
        text = str.__str__(value)
        budget.spend(text=len(text))
        return {"type": "numpy", "dtype": "str", "value": text}
    if isinstance(value, (np.datetime64, np.timedelta64)):
        unit = np.datetime_data(value.dtype)[0]
        tag = "datetime64" if isinstance(value, np.datetime64) else "timedelta64"
        number = None if np.isnat(value) else str(int(value.astype(np.int64)))
        return {"type": tag, "unit": unit, "value": number}
    name = value.dtype.name
    if not NUMPY_SCALARS.fullmatch(name):
        raise TypeError(_("a NumPy {name} cannot be recorded").format(name=name))
    plain = value.item()
    text = repr(plain) if isinstance(plain, float) else str(plain)
    return {"type": "numpy", "dtype": name, "value": text}


def _tz_name(tz: Any) -> str | None:
    return None if tz is None else str(tz)
