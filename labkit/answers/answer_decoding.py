"""Reading a recorded answer back, checking everything: the grader's side of the codec.

:func:`decode_answer` turns the JSON that
:func:`labkit.answers.answer_codec.encode_answer` wrote back into the answer.
The record comes from a student's kernel, which can write anything, so every
step is checked: the tag must be one of the codec's, every field of the right
JSON type, numbers short, dtypes from an allow-list, sizes within the limits.
Anything else raises :class:`~labkit.answers.answer_codec.AnswerFormatError`;
nothing here can build an object of another type or run code.

Examples
--------
>>> import pandas as pd
>>> from labkit.answers.answer_codec import encode_answer
>>> series = pd.Series([3, 1], index=["a", "b"], name="n")
>>> decode_answer(encode_answer(series)).equals(series)
True
>>> decode_answer(encode_answer(float("nan")))
nan
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import fractions
import math
import re
from typing import Any

import numpy as np
import pandas as pd

from labkit.answers.answer_codec import (
    ALLOWED_DTYPES,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_VALUES,
    NUMPY_SCALARS,
    AnswerFormatError,
    Budget,
    TooBig,
    UnrecordedAnswer,
)
from labkit.answers.safety import CAUGHT, error_name
from labkit.i18n import _

__all__ = ["decode_answer"]


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
        return _decode(payload, Budget(), 0)
    except AnswerFormatError:
        raise
    except TooBig as too_big:
        raise AnswerFormatError(
            _("the record is too big: {too_big}").format(too_big=too_big)
        ) from None
    except (Exception, RecursionError) as error:
        raise AnswerFormatError(
            _("not a recorded answer ({error_name})").format(error_name=error_name(error))
        ) from None


def _field(payload: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    value = payload.get(name)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise AnswerFormatError(
            _("{value!r} needs {name!r} of the right type").format(
                value=payload.get("type"), name=name
            )
        )
    return value


def _decode(payload: Any, budget: Budget, depth: int) -> Any:
    if depth > MAX_DEPTH + 2:
        raise TooBig(_("it is nested more than {n} levels deep").format(n=MAX_DEPTH))
    if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
        raise AnswerFormatError(_("each value must be an object with a 'type'"))
    budget.spend()
    tag = payload["type"]
    if tag in _SCALAR_DECODERS:
        return _SCALAR_DECODERS[tag](payload, budget)
    if tag in _COLLECTION_DECODERS:
        return _COLLECTION_DECODERS[tag](payload, budget, depth)
    raise AnswerFormatError(_("unknown type tag {tag!r}").format(tag=tag))


def _items(payload: dict[str, Any], budget: Budget, depth: int, name: str = "items") -> list:
    return [_decode(item, budget, depth + 1) for item in _field(payload, name, list)]


def _text(payload: dict[str, Any], budget: Budget) -> str:
    text = _field(payload, "value", str)
    budget.spend(text=len(text))
    return text


def _whole(text: str) -> int:
    if len(text) > MAX_DIGITS + 1 or not re.fullmatch(r"-?\d+", text):
        raise AnswerFormatError(_("not a whole number: {text!r}").format(text=text[:40]))
    return int(text)


def _dtype(name: Any) -> Any:
    """A pandas dtype from its recorded name; object for any name not allowed."""
    if isinstance(name, str) and ALLOWED_DTYPES.fullmatch(name):
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


def _decode_float(payload: dict[str, Any], budget: Budget) -> float:
    text = _field(payload, "value", str)
    if len(text) > 40:
        raise AnswerFormatError(_("a float is at most 40 characters"))
    return float(text)


def _decode_numpy(payload: dict[str, Any], budget: Budget) -> Any:
    name = _field(payload, "dtype", str)
    text = _text(payload, budget)
    if name == "str":
        return np.str_(text)
    if not NUMPY_SCALARS.fullmatch(name):
        raise AnswerFormatError(_("NumPy dtype {name!r} is not recorded").format(name=name))
    if name == "bool":
        if text not in ("True", "False"):
            raise AnswerFormatError(_("a NumPy bool is True or False"))
        return np.bool_(text == "True")
    number = float(text) if name.startswith("float") else _whole(text)
    return np.dtype(name).type(number)


def _decode_time64(payload: dict[str, Any], budget: Budget) -> Any:
    unit = _field(payload, "unit", str)
    if unit not in ("Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "generic"):
        raise AnswerFormatError(_("unknown time unit {unit!r}").format(unit=unit))
    number = payload.get("value")
    make = np.datetime64 if payload["type"] == "datetime64" else np.timedelta64
    if number is None:
        return make("NaT", unit) if unit != "generic" else make("NaT")
    if not isinstance(number, str):
        raise AnswerFormatError(_("a datetime64 value is text"))
    return make(_whole(number), unit)


def _decode_timestamp(payload: dict[str, Any], budget: Budget) -> pd.Timestamp:
    stamp = pd.Timestamp(_text(payload, budget)[:64])
    tz = payload.get("tz")
    if isinstance(tz, str) and stamp.tz is not None:
        try:
            stamp = stamp.tz_convert(tz[:64])
        except CAUGHT:
            pass
    return stamp


def _decode_timedelta(payload: dict[str, Any], budget: Budget) -> Any:
    delta = pd.Timedelta(_whole(_field(payload, "value", str)))
    return delta if payload.get("pandas") else delta.to_pytimedelta()


def _decode_fraction(payload: dict[str, Any], budget: Budget) -> fractions.Fraction:
    numerator, _, denominator = _field(payload, "value", str).partition("/")
    return fractions.Fraction(_whole(numerator), _whole(denominator))


def _decode_decimal(payload: dict[str, Any], budget: Budget) -> decimal.Decimal:
    text = _text(payload, budget)
    if len(text) > 2 * MAX_DIGITS:
        raise AnswerFormatError(_("a decimal has too many digits"))
    return decimal.Decimal(text)


def _decode_bool(payload: dict[str, Any], budget: Budget) -> bool:
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


def _decode_sized(payload: dict[str, Any], budget: Budget, depth: int) -> Any:
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


def _decode_dict(payload: dict[str, Any], budget: Budget, depth: int) -> dict[Any, Any]:
    result = {}
    for pair in _field(payload, "items", list):
        if not isinstance(pair, list) or len(pair) != 2:
            raise AnswerFormatError(_("a dict's items are [key, value] pairs"))
        result[_hashable(_decode(pair[0], budget, depth + 1))] = _decode(pair[1], budget, depth + 1)
    return result


def _decode_range(payload: dict[str, Any], budget: Budget, depth: int) -> range:
    return range(
        _field(payload, "start", int), _field(payload, "stop", int), _field(payload, "step", int)
    )


def _decode_array(payload: dict[str, Any], budget: Budget, depth: int) -> np.ndarray:
    shape = _field(payload, "shape", list)
    if len(shape) > 8 or not all(isinstance(n, int) and 0 <= n <= MAX_VALUES for n in shape):
        raise AnswerFormatError(_("an array's shape is a short list of sizes"))
    items = _items(payload, budget, depth)
    if math.prod(shape) != len(items):
        raise AnswerFormatError(_("an array's items do not fill its shape"))
    flat = np.empty(len(items), dtype=object)
    flat[:] = items
    dtype = _dtype(payload.get("dtype"))
    if dtype is not object and isinstance(dtype, np.dtype):
        try:
            return flat.astype(dtype).reshape(shape)
        except CAUGHT:
            pass
    return flat.reshape(shape)


def _decode_index(payload: dict[str, Any], budget: Budget, depth: int) -> pd.Index:
    name = _decode(payload.get("name", {"type": "none"}), budget, depth + 1)
    values = pd.Index(_items(payload, budget, depth), dtype=object, name=_hashable(name))
    return _typed(values, payload.get("dtype"))


def _decode_multiindex(payload: dict[str, Any], budget: Budget, depth: int) -> pd.MultiIndex:
    names = [_hashable(_decode(n, budget, depth + 1)) for n in _field(payload, "names", list)]
    rows = _items(payload, budget, depth)
    if not names or not all(isinstance(row, tuple) and len(row) == len(names) for row in rows):
        raise AnswerFormatError(_("a MultiIndex's items are tuples, one value per level"))
    if not rows:
        return pd.MultiIndex.from_arrays([[] for _ in names], names=names)
    return pd.MultiIndex.from_tuples(rows, names=names)


def _any_index(payload: Any, budget: Budget, depth: int) -> pd.Index:
    index = _decode(payload, budget, depth + 1)
    if not isinstance(index, pd.Index):
        raise AnswerFormatError(_("labels must be an index or a multiindex"))
    return index


def _decode_series(payload: dict[str, Any], budget: Budget, depth: int) -> pd.Series:
    index = _any_index(payload.get("index"), budget, depth)
    items = _items(payload, budget, depth)
    if len(items) != len(index):
        raise AnswerFormatError(_("a Series needs one label per value"))
    name = _hashable(_decode(payload.get("name", {"type": "none"}), budget, depth + 1))
    values = pd.Series(items, index=index, dtype=object, name=name)
    return _typed(values, payload.get("dtype"))


def _decode_frame(payload: dict[str, Any], budget: Budget, depth: int) -> pd.DataFrame:
    index = _any_index(payload.get("index"), budget, depth)
    columns = _any_index(payload.get("columns"), budget, depth)
    data = _field(payload, "data", list)
    dtypes = _field(payload, "dtypes", list)
    if len(data) != len(columns) or len(dtypes) != len(columns):
        raise AnswerFormatError(_("a frame needs one list of values and one dtype per column"))
    frame = pd.DataFrame(index=index)
    for position, (items, dtype) in enumerate(zip(data, dtypes, strict=True)):
        if not isinstance(items, list) or len(items) != len(index):
            raise AnswerFormatError(_("each column of a frame has one value per row"))
        values = [_decode(item, budget, depth + 1) for item in items]
        frame[position] = _typed(pd.Series(values, index=index, dtype=object), dtype)
    frame.columns = columns
    return frame


def _decode_categorical(payload: dict[str, Any], budget: Budget, depth: int) -> pd.Categorical:
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
