"""Hints about what a learner gave: describing their object, and type hints.

When an answer is not of the kind a question asks for, the hint says what the
learner gave in words ("a DataFrame (a table of 5 rows × 3 columns)", "a
function or method (did you forget to call it with ()?)") and what the question
asks for. The answer kinds raise :class:`Hint` with such a text while reading
an answer; the verdict shows its message.

Examples
--------
>>> import pandas as pd
>>> describe(pd.DataFrame({"a": [1, 2]}))
'a DataFrame (a table of 2 rows × 1 columns)'
>>> describe(len)
'a function or method (did you forget to call it with ()?)'
"""

from __future__ import annotations

import datetime as dt
import decimal
import types
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from labkit.answers.safety import CAUGHT, format_number, shorten
from labkit.answers.values import is_real
from labkit.i18n import _
from labkit.questions import Question

__all__ = ["Hint", "describe", "nan_hint", "type_hint", "with_article"]


class Hint(Exception):
    """Raised while reading an answer: the message is a hint for the learner.

    Examples
    --------
    >>> str(Hint("You gave a list of 2 items; the question asks for one number."))
    'You gave a list of 2 items; the question asks for one number.'
    """


def describe(answer: Any) -> str:
    """Say in words what kind of value a learner gave; never raises.

    Parameters
    ----------
    answer : object
        Anything.

    Returns
    -------
    str
        E.g. ``"the number 12"``, ``"a list of 3 items"``, ``"a Series of 10 values"``.

    Examples
    --------
    >>> describe(12.0), describe([1, 2, 3]), describe(object())
    ('the number 12', 'a list of 3 items', 'a bare object()')
    """
    try:
        return _describe_unsafe(answer)
    except CAUGHT:
        return _an_object(type(answer).__name__)


def with_article(word: str) -> str:
    """'a' or 'an' before a word, for hints that read well ("an object", "a float").

    Examples
    --------
    >>> with_article("Index"), with_article("float")
    ('an Index', 'a float')
    """
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def type_hint(answer: Any, question: Question) -> str:
    """``"You gave …; the question asks for …."``

    Examples
    --------
    >>> question = Question("00.q90", "How many?", lambda w: 1, "count")
    >>> type_hint("many", question)
    "You gave the text 'many'; the question asks for one whole number."
    """
    return _("You gave {answer}; the question asks for {kind}.").format(
        answer=describe(answer), kind=_(question.describe)
    )


def nan_hint(question: Question) -> str:
    """The hint for NaN given as a number: where NaN usually comes from.

    Examples
    --------
    >>> question = Question("00.q90", "What share?", lambda w: 0.5, "share")
    >>> nan_hint(question).startswith("You gave NaN (not a number)")
    True
    """
    return _(
        "You gave NaN (not a number): a mean or ratio over an empty selection, "
        "or missing values? The question asks for {kind}."
    ).format(kind=_(question.describe))


def _an_object(name: str) -> str:
    """``"a float object"``, ``"an Index object"``."""
    if name[:1].lower() in "aeiou":
        return _("an {name} object").format(name=name)
    return _("a {name} object").format(name=name)


def _describe_unsafe(answer: Any) -> str:
    if answer is pd.NA or answer is pd.NaT:
        return _("a missing value")
    if isinstance(answer, (bool, np.bool_)):
        return str(bool(answer))
    if isinstance(answer, pd.DataFrame):
        rows, columns = answer.shape
        return _("a DataFrame (a table of {rows} rows × {columns} columns)").format(
            rows=rows, columns=columns
        )
    if isinstance(answer, pd.Series):
        return _("a Series of {n} values").format(n=len(answer))
    if isinstance(answer, pd.Index):
        return _("an Index of {n} values").format(n=len(answer))
    if isinstance(answer, np.ndarray):
        return _("a NumPy array of shape {shape}").format(shape=answer.shape)
    if is_real(answer) or isinstance(answer, decimal.Decimal):
        return _("the number {number}").format(number=format_number(answer))
    if isinstance(answer, (str, np.str_)):
        return _("the text {text}").format(text=repr(shorten(str(answer))))
    if isinstance(answer, (dt.date, np.datetime64)):
        return _("the date {date}").format(date=shorten(answer))
    if isinstance(answer, (list, tuple, set, frozenset, dict)):
        if type(answer) is list:
            return _("a list of {n} items").format(n=len(answer))
        if type(answer) is tuple:
            return _("a tuple of {n} items").format(n=len(answer))
        if type(answer) is dict:
            return _("a dict of {n} items").format(n=len(answer))
        return _("a set of {n} items").format(n=len(answer))
    if isinstance(answer, types.ModuleType):
        return _("a module")
    if callable(answer):
        return _("a function or method (did you forget to call it with ()?)")
    if isinstance(answer, Iterable):
        name = type(answer).__name__
        if name[:1].lower() in "aeiou":
            return _("an {name} (an iterable)").format(name=name)
        return _("a {name} (an iterable)").format(name=name)
    name = type(answer).__name__
    return _("a bare object()") if name == "object" else _an_object(name)
