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
points. :func:`decode_answer` checks everything it reads: a record forged by
hand gives :class:`AnswerFormatError`, never an object of a type not listed here.

Examples
--------
>>> import pandas as pd
>>> payload = encode_answer(pd.Series([3, 1], index=["a", "b"], name="n"))
>>> payload["type"], payload["dtype"]
('series', 'int64')
>>> decode_answer(payload).equals(pd.Series([3, 1], index=["a", "b"], name="n"))
True
>>> decode_answer(encode_answer(float("nan")))
nan
>>> encode_answer(object())["type"]
'unrecorded'
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import fractions
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from labkit.answers.hints import describe
from labkit.answers.safety import CAUGHT, error_name

__all__ = [
    "MAX_DEPTH",
    "MAX_TEXT",
    "MAX_VALUES",
    "AnswerFormatError",
    "UnrecordedAnswer",
    "decode_answer",
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

# The dtypes a recorded Series, Index, array or NumPy scalar may name; any other
# is read back as object. pandas parses these names itself; none runs code.
_DTYPE = re.compile(
    r"(?:u?int(?:8|16|32|64)|U?Int(?:8|16|32|64)|float(?:16|32|64)|Float(?:32|64)"
    r"|bool|boolean|object|str|string|category|<U\d{1,6}"
    r"|(?:datetime|timedelta)64\[(?:ns|us|ms|s)\]"
    r"|datetime64\[(?:ns|us|ms|s), [A-Za-z0-9_+\-/:]{1,40}\])"
)
_NUMPY_SCALARS = re.compile(r"u?int(?:8|16|32|64)|float(?:16|32|64)|bool")


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
    >>> decode_answer({"type": "unrecorded", "reason": "too big"})
    UnrecordedAnswer(reason='too big')
    """

    reason: str


class _TooBig(Exception):
    """The answer is over one of the limits."""


class _Budget:
    """Counts values and characters while an answer is encoded or decoded."""

    def __init__(self) -> None:
        self.values = 0
        self.text = 0

    def expect(self, values: int) -> None:
        """Stop early when ``values`` more would be over the limit (before reading them)."""
        if self.values + values > MAX_VALUES:
            raise _TooBig(f"it has more than {MAX_VALUES:,} values")

    def spend(self, values: int = 1, text: int = 0) -> None:
        self.values += values
        self.text += text
        if self.values > MAX_VALUES:
            raise _TooBig(f"it has more than {MAX_VALUES:,} values")
        if self.text > MAX_TEXT:
            raise _TooBig(f"it holds more than {MAX_TEXT:,} characters of text")


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
        return _encode(answer, _Budget(), 0)
    except _TooBig as too_big:
        return {"type": "unrecorded", "reason": f"{describe(answer)}: {too_big}"}
    except TypeError as unknown:
        return {"type": "unrecorded", "reason": str(unknown)}
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # the learner's object misbehaved; check() must not raise
        return {"type": "unrecorded", "reason": f"reading it raised {error_name(error)}"}


def _encode(value: Any, budget: _Budget, depth: int) -> dict[str, Any]:
    if depth > MAX_DEPTH:
        raise _TooBig(f"it is nested more than {MAX_DEPTH} levels deep")
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
    raise TypeError(f"{describe(value)} cannot be recorded")


def _encode_items(items: list[Any], budget: _Budget, depth: int) -> list[dict[str, Any]]:
    return [_encode(item, budget, depth + 1) for item in items]


def _encode_frame(frame: pd.DataFrame, budget: _Budget, depth: int) -> dict[str, Any]:
    budget.expect(int(frame.size) + len(frame.columns))
    columns = [frame.iloc[:, position] for position in range(frame.shape[1])]
    return {
        "type": "frame",
        "index": _encode(frame.index, budget, depth + 1),
        "columns": _encode(frame.columns, budget, depth + 1),
        "dtypes": [str(column.dtype) for column in columns],
        "data": [_encode_items(column.tolist(), budget, depth) for column in columns],
    }


def _encode_scalar(value: Any, budget: _Budget) -> dict[str, Any] | None:
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
            raise _TooBig(f"it has more than {MAX_DIGITS} digits")
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
            raise _TooBig(f"it has more than {MAX_DIGITS} digits")
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


def _encode_numpy(value: np.generic, budget: _Budget) -> dict[str, Any]:
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
    if not _NUMPY_SCALARS.fullmatch(name):
        raise TypeError(f"a NumPy {name} cannot be recorded")
    plain = value.item()
    text = repr(plain) if isinstance(plain, float) else str(plain)
    return {"type": "numpy", "dtype": name, "value": text}


def _tz_name(tz: Any) -> str | None:
    return None if tz is None else str(tz)


# --------------------------------------------------------------------------- decoding


def decode_answer(payload: Any) -> Any:
    """The answer a record holds, checked at every step.

    Parameters
    ----------
    payload : object
        The ``answer`` of a check record, as read from JSON.

    Returns
    -------
    object
        A value of one of the types listed in the module docstring, or an
        :class:`UnrecordedAnswer`.

    Raises
    ------
    AnswerFormatError
        For anything :func:`encode_answer` does not write: an unknown tag, a
        value of the wrong JSON type, a record over the limits.

    Examples
    --------
    >>> decode_answer({"type": "int", "value": "7"})
    7
    >>> decode_answer({"type": "pickle", "value": "gASV..."})
    Traceback (most recent call last):
    ...
    labkit.answers.answer_codec.AnswerFormatError: unknown type tag 'pickle'
    """
    try:
        return _decode(payload, _Budget(), 0)
    except AnswerFormatError:
        raise
    except _TooBig as too_big:
        raise AnswerFormatError(f"the record is too big: {too_big}") from None
    except (Exception, RecursionError) as error:
        raise AnswerFormatError(f"not a recorded answer ({error_name(error)})") from None


def _field(payload: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    value = payload.get(name)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise AnswerFormatError(f"{payload.get('type')!r} needs {name!r} of the right type")
    return value


def _decode(payload: Any, budget: _Budget, depth: int) -> Any:
    if depth > MAX_DEPTH + 2:
        raise _TooBig(f"it is nested more than {MAX_DEPTH} levels deep")
    if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
        raise AnswerFormatError("each value must be an object with a 'type'")
    budget.spend()
    tag = payload["type"]
    if tag in _SCALAR_DECODERS:
        return _SCALAR_DECODERS[tag](payload, budget)
    if tag in _COLLECTION_DECODERS:
        return _COLLECTION_DECODERS[tag](payload, budget, depth)
    raise AnswerFormatError(f"unknown type tag {tag!r}")


def _items(payload: dict[str, Any], budget: _Budget, depth: int, name: str = "items") -> list:
    return [_decode(item, budget, depth + 1) for item in _field(payload, name, list)]


def _text(payload: dict[str, Any], budget: _Budget) -> str:
    text = _field(payload, "value", str)
    budget.spend(text=len(text))
    return text


def _whole(text: str) -> int:
    if len(text) > MAX_DIGITS + 1 or not re.fullmatch(r"-?\d+", text):
        raise AnswerFormatError(f"not a whole number: {text[:40]!r}")
    return int(text)


def _dtype(name: Any) -> Any:
    """A pandas dtype from its recorded name; object for any name not allowed."""
    if isinstance(name, str) and _DTYPE.fullmatch(name):
        try:
            return pd.api.types.pandas_dtype(name)
        except CAUGHT:
            return object
    return object


def _typed(values: pd.Series | pd.Index, dtype_name: Any) -> Any:
    """``values`` in the recorded dtype when they fit it, else as they are."""
    dtype = _dtype(dtype_name)
    if dtype is object:
        return values
    try:
        return values.astype(dtype)
    except CAUGHT:
        return values


def _decode_float(payload: dict[str, Any], budget: _Budget) -> float:
    text = _field(payload, "value", str)
    if len(text) > 40:
        raise AnswerFormatError("a float is at most 40 characters")
    return float(text)


def _decode_numpy(payload: dict[str, Any], budget: _Budget) -> Any:
    name = _field(payload, "dtype", str)
    text = _text(payload, budget)
    if name == "str":
        return np.str_(text)
    if not _NUMPY_SCALARS.fullmatch(name):
        raise AnswerFormatError(f"NumPy dtype {name!r} is not recorded")
    if name == "bool":
        if text not in ("True", "False"):
            raise AnswerFormatError("a NumPy bool is True or False")
        return np.bool_(text == "True")
    number = float(text) if name.startswith("float") else _whole(text)
    return np.dtype(name).type(number)


def _decode_time64(payload: dict[str, Any], budget: _Budget) -> Any:
    unit = _field(payload, "unit", str)
    if unit not in ("Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "generic"):
        raise AnswerFormatError(f"unknown time unit {unit!r}")
    number = payload.get("value")
    make = np.datetime64 if payload["type"] == "datetime64" else np.timedelta64
    if number is None:
        return make("NaT", unit) if unit != "generic" else make("NaT")
    if not isinstance(number, str):
        raise AnswerFormatError("a datetime64 value is text")
    return make(_whole(number), unit)


def _decode_timestamp(payload: dict[str, Any], budget: _Budget) -> pd.Timestamp:
    stamp = pd.Timestamp(_text(payload, budget)[:64])
    tz = payload.get("tz")
    if isinstance(tz, str) and stamp.tz is not None:
        try:
            stamp = stamp.tz_convert(tz[:64])
        except CAUGHT:
            pass
    return stamp


def _decode_timedelta(payload: dict[str, Any], budget: _Budget) -> Any:
    delta = pd.Timedelta(_whole(_field(payload, "value", str)))
    return delta if payload.get("pandas") else delta.to_pytimedelta()


def _decode_fraction(payload: dict[str, Any], budget: _Budget) -> fractions.Fraction:
    numerator, _, denominator = _field(payload, "value", str).partition("/")
    return fractions.Fraction(_whole(numerator), _whole(denominator))


def _decode_decimal(payload: dict[str, Any], budget: _Budget) -> decimal.Decimal:
    text = _text(payload, budget)
    if len(text) > 2 * MAX_DIGITS:
        raise AnswerFormatError("a decimal has too many digits")
    return decimal.Decimal(text)


def _decode_bool(payload: dict[str, Any], budget: _Budget) -> bool:
    return _field(payload, "value", bool)


_SCALAR_DECODERS = {
    "none": lambda payload, budget: None,
    "ellipsis": lambda payload, budget: Ellipsis,
    "nat": lambda payload, budget: pd.NaT,
    "na": lambda payload, budget: pd.NA,
    "bool": _decode_bool,
    "int": lambda payload, budget: _whole(_field(payload, "value", str)),
    "float": _decode_float,
    "decimal": _decode_decimal,
    "fraction": _decode_fraction,
    "text": _text,
    "bytes": lambda payload, budget: base64.b64decode(_text(payload, budget), validate=True),
    "numpy": _decode_numpy,
    "datetime64": _decode_time64,
    "timedelta64": _decode_time64,
    "timestamp": _decode_timestamp,
    "datetime": lambda payload, budget: dt.datetime.fromisoformat(_text(payload, budget)[:64]),
    "date": lambda payload, budget: dt.date.fromisoformat(_text(payload, budget)[:32]),
    "time": lambda payload, budget: dt.time.fromisoformat(_text(payload, budget)[:32]),
    "timedelta": _decode_timedelta,
    "unrecorded": lambda payload, budget: UnrecordedAnswer(_field(payload, "reason", str)[:500]),
}


def _decode_sized(payload: dict[str, Any], budget: _Budget, depth: int) -> Any:
    tag = payload["type"]
    items = _items(payload, budget, depth)
    if tag == "list":
        return items
    if tag == "tuple":
        return tuple(items)
    hashable = [_hashable(item) for item in items]
    return set(hashable) if tag == "set" else frozenset(hashable)


def _hashable(item: Any) -> Any:
    hash(item)  # a forged set of lists is a format error, not a crash later
    return item


def _decode_dict(payload: dict[str, Any], budget: _Budget, depth: int) -> dict[Any, Any]:
    result = {}
    for pair in _field(payload, "items", list):
        if not isinstance(pair, list) or len(pair) != 2:
            raise AnswerFormatError("a dict's items are [key, value] pairs")
        result[_hashable(_decode(pair[0], budget, depth + 1))] = _decode(pair[1], budget, depth + 1)
    return result


def _decode_range(payload: dict[str, Any], budget: _Budget, depth: int) -> range:
    return range(
        _field(payload, "start", int), _field(payload, "stop", int), _field(payload, "step", int)
    )


def _decode_array(payload: dict[str, Any], budget: _Budget, depth: int) -> np.ndarray:
    shape = _field(payload, "shape", list)
    if len(shape) > 8 or not all(isinstance(n, int) and 0 <= n <= MAX_VALUES for n in shape):
        raise AnswerFormatError("an array's shape is a short list of sizes")
    items = _items(payload, budget, depth)
    if math.prod(shape) != len(items):
        raise AnswerFormatError("an array's items do not fill its shape")
    flat = np.empty(len(items), dtype=object)
    flat[:] = items
    dtype = _dtype(payload.get("dtype"))
    if dtype is not object and isinstance(dtype, np.dtype):
        try:
            return flat.astype(dtype).reshape(shape)
        except CAUGHT:
            pass
    return flat.reshape(shape)


def _decode_index(payload: dict[str, Any], budget: _Budget, depth: int) -> pd.Index:
    name = _decode(payload.get("name", {"type": "none"}), budget, depth + 1)
    values = pd.Index(_items(payload, budget, depth), dtype=object, name=_hashable(name))
    return _typed(values, payload.get("dtype"))


def _decode_multiindex(payload: dict[str, Any], budget: _Budget, depth: int) -> pd.MultiIndex:
    names = [_hashable(_decode(n, budget, depth + 1)) for n in _field(payload, "names", list)]
    rows = _items(payload, budget, depth)
    if not names or not all(isinstance(row, tuple) and len(row) == len(names) for row in rows):
        raise AnswerFormatError("a MultiIndex's items are tuples, one value per level")
    if not rows:
        return pd.MultiIndex.from_arrays([[] for _ in names], names=names)
    return pd.MultiIndex.from_tuples(rows, names=names)


def _any_index(payload: Any, budget: _Budget, depth: int) -> pd.Index:
    index = _decode(payload, budget, depth + 1)
    if not isinstance(index, pd.Index):
        raise AnswerFormatError("labels must be an index or a multiindex")
    return index


def _decode_series(payload: dict[str, Any], budget: _Budget, depth: int) -> pd.Series:
    index = _any_index(payload.get("index"), budget, depth)
    items = _items(payload, budget, depth)
    if len(items) != len(index):
        raise AnswerFormatError("a Series needs one label per value")
    name = _hashable(_decode(payload.get("name", {"type": "none"}), budget, depth + 1))
    values = pd.Series(items, index=index, dtype=object, name=name)
    return _typed(values, payload.get("dtype"))


def _decode_frame(payload: dict[str, Any], budget: _Budget, depth: int) -> pd.DataFrame:
    index = _any_index(payload.get("index"), budget, depth)
    columns = _any_index(payload.get("columns"), budget, depth)
    data = _field(payload, "data", list)
    dtypes = _field(payload, "dtypes", list)
    if len(data) != len(columns) or len(dtypes) != len(columns):
        raise AnswerFormatError("a frame needs one list of values and one dtype per column")
    frame = pd.DataFrame(index=index)
    for position, (items, dtype) in enumerate(zip(data, dtypes, strict=True)):
        if not isinstance(items, list) or len(items) != len(index):
            raise AnswerFormatError("each column of a frame has one value per row")
        values = [_decode(item, budget, depth + 1) for item in items]
        frame[position] = _typed(pd.Series(values, index=index, dtype=object), dtype)
    frame.columns = columns
    return frame


def _decode_categorical(payload: dict[str, Any], budget: _Budget, depth: int) -> pd.Categorical:
    categories = [_hashable(c) for c in _items(payload, budget, depth, "categories")]
    return pd.Categorical(
        _items(payload, budget, depth),
        categories=categories,
        ordered=_field(payload, "ordered", bool),
    )


_COLLECTION_DECODERS = {
    "list": _decode_sized,
    "tuple": _decode_sized,
    "set": _decode_sized,
    "frozenset": _decode_sized,
    "dict": _decode_dict,
    "range": _decode_range,
    "array": _decode_array,
    "index": _decode_index,
    "multiindex": _decode_multiindex,
    "series": _decode_series,
    "frame": _decode_frame,
    "categorical": _decode_categorical,
}
