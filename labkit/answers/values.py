"""Comparable forms of single values: text, numbers, dates and missing cells.

The answer kinds compare a learner's value with the expected one through these
forms, so that ``"New  York"`` equals ``"new york"``, ``np.int64(3)`` equals
``3``, a date equals its Timestamp, and None, NaN, NaT and NA are all one
:data:`MISSING` inside a collection or a table.

Examples
--------
>>> norm_text("  Ｎｅｗ  York ")
'new york'
>>> norm_value(float("nan")) is MISSING
True
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from labkit.answers.safety import safe_bool, shorten
from labkit.questions import Question

__all__ = [
    "MISSING",
    "cells_close",
    "is_real",
    "norm_text",
    "norm_value",
    "parses_as_float",
    "same_number",
    "sort_key",
]


class _Missing:
    """Stands for None, NaN, NaT and NA inside collections and tables."""

    def __repr__(self) -> str:
        return "missing"


#: The one value that stands for every kind of missing cell.
MISSING = _Missing()


def is_real(value: Any) -> bool:
    """Whether ``value`` is a real number (not a bool).

    Examples
    --------
    >>> is_real(np.float32(1.5)), is_real(True), is_real("1")
    (True, False, False)
    """
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def norm_text(text: str) -> str:
    """Case-, width- and whitespace-insensitive form of a text answer.

    Examples
    --------
    >>> norm_text("Guang  DONG")
    'guang dong'
    """
    return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


def norm_value(value: Any) -> Any:
    """A comparable, hashable form of one cell or collection item.

    Examples
    --------
    >>> norm_value(np.int64(3)), norm_value(" A "), norm_value(None)
    (3, 'a', missing)
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, (str, np.str_)):
        return norm_text(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, np.generic) and not isinstance(value, np.datetime64):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return MISSING
    if isinstance(value, (dt.date, np.datetime64)):
        stamp = pd.Timestamp(value)
        return MISSING if stamp is pd.NaT else stamp
    return value


def sort_key(value: Any) -> tuple[int, Any]:
    """A key that sorts normalised values of mixed types: missing, numbers, text, dates, rest.

    Examples
    --------
    >>> sorted(["b", 2, MISSING, "a", 1.5], key=sort_key)
    [missing, 1.5, 2, 'a', 'b']
    """
    if value is MISSING:
        return (0, 0)
    if is_real(value) or isinstance(value, bool):
        return (1, float(value))
    if isinstance(value, str):
        return (2, value)
    if isinstance(value, pd.Timestamp):
        return (3, value.isoformat())
    return (4, shorten(value))


def same_number(value: float, expected: float, question: Question) -> bool:
    """Whether two numbers agree within the question's tolerance (NaN equals only NaN).

    Examples
    --------
    >>> question = Question("00.q90", "How much?", lambda w: 1.0, "number", rtol=1e-3)
    >>> same_number(1.0004, 1.0, question), same_number(1.01, 1.0, question)
    (True, False)
    """
    if math.isnan(value) or math.isnan(expected):
        return math.isnan(value) and math.isnan(expected)
    return math.isclose(value, expected, rel_tol=question.rtol, abs_tol=question.atol)


def cells_close(a: Any, b: Any, question: Question) -> bool:
    """Whether two normalised cells agree: numbers within tolerance, the rest equal.

    Examples
    --------
    >>> question = Question("00.q90", "Table?", lambda w: None, "frame")
    >>> cells_close(1.0, 1, question), cells_close(MISSING, 0, question)
    (True, False)
    """
    if a is MISSING or b is MISSING:
        return a is b
    if is_real(a) and is_real(b):
        return same_number(float(a), float(b), question)
    return safe_bool(lambda: a == b)


def parses_as_float(text: str) -> bool:
    """Whether a text reads as a number (thousands commas allowed).

    Examples
    --------
    >>> parses_as_float("1,234.5"), parses_as_float("many")
    (True, False)
    """
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True
