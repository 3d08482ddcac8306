"""Answer kinds of one value: count, number, share, text, date and bool.

For each kind, a ``coerce_*`` function reads a learner's answer into a plain
comparable value, or raises :class:`~labkit.answers.hints.Hint` saying what was
given instead; a ``diagnose_*`` function says, for a wrong value of the right
kind, what probably went wrong (a rounded number, a percentage for a share).
:mod:`labkit.answers.kinds` puts them together.

Examples
--------
>>> from labkit.questions import Question
>>> question = Question("00.q90", "How many?", lambda w: 3, "count")
>>> coerce_count(np.float64(3.0), question)
3
>>> coerce_count("3", question)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
labkit.answers.hints.Hint: You gave the text '3'; give the number itself, without quotes ...
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
from typing import Any

import numpy as np
import pandas as pd

from labkit.answers.hints import Hint, nan_hint, type_hint
from labkit.answers.safety import format_number, shorten
from labkit.answers.values import is_real, norm_text, parses_as_float
from labkit.i18n import N_, _, join_sentences
from labkit.questions import Question

__all__ = [
    "as_number",
    "coerce_bool",
    "coerce_count",
    "coerce_date",
    "coerce_number",
    "coerce_text",
    "diagnose_number",
    "diagnose_share",
]

_ISO_DATE = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}([ T][\d:.]*)?\s*$")
_NAT_HINT = N_("You gave NaT, a missing date: was the column empty after filtering?")


def as_number(answer: Any, question: Question) -> float:
    """Read one number, or raise a hint saying what was given instead.

    Parameters
    ----------
    answer : object
        The learner's answer.
    question : Question
        The question, for its description of the answer in hints.

    Returns
    -------
    float

    Raises
    ------
    Hint
        For a bool, a number written as text, ``df.shape``, or anything else not a number.

    Examples
    --------
    >>> question = Question("00.q90", "How much?", lambda w: 1.0, "number")
    >>> as_number(decimal.Decimal("1.5"), question), as_number(np.array(2), question)
    (1.5, 2.0)
    """
    if isinstance(answer, (bool, np.bool_)):
        raise Hint(
            _(
                "You gave {answer}; the question asks for {kind}. (The sum() of a True/False "
                "column counts the True values; its mean() is a share.)"
            ).format(answer=bool(answer), kind=_(question.describe))
        )
    if is_real(answer) or isinstance(answer, decimal.Decimal):
        return float(answer)
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        return as_number(answer.item(), question)
    if isinstance(answer, str) and parses_as_float(answer):
        raise Hint(
            _("You gave the text {text}; give the number itself, without quotes ({kind}).").format(
                text=repr(shorten(answer)), kind=_(question.describe)
            )
        )
    if isinstance(answer, tuple) and len(answer) == 2 and all(is_real(x) for x in answer):
        raise Hint(
            _(
                "You gave a pair of numbers {pair}; the question asks for {kind}. "
                "(df.shape is (rows, columns): df.shape[0] is the rows.)"
            ).format(pair=shorten(answer), kind=_(question.describe))
        )
    raise Hint(type_hint(answer, question))


def coerce_count(answer: Any, question: Question) -> int:
    """Read a whole number (``3.0`` is read as ``3``; ``3.5`` is a hint).

    Examples
    --------
    >>> question = Question("00.q90", "How many?", lambda w: 3, "count")
    >>> coerce_count(3.0, question)
    3
    """
    number = as_number(answer, question)
    if math.isnan(number):
        raise Hint(nan_hint(question))
    if not math.isfinite(number) or number != int(number):
        raise Hint(
            _("You gave {number}; a count is a whole number.").format(number=format_number(number))
        )
    return int(number)


def coerce_number(answer: Any, question: Question) -> float:
    """Read one number (NaN included: it is diagnosed, not refused).

    Examples
    --------
    >>> question = Question("00.q90", "How much?", lambda w: 1.0, "number")
    >>> coerce_number(np.float32(0.5), question)
    0.5
    """
    return as_number(answer, question)


def diagnose_number(value: float, expected: float, question: Question) -> str | None:
    """Why a number is wrong: NaN, or close but rounded; None when there is nothing to say.

    Examples
    --------
    >>> question = Question("00.q90", "How much?", lambda w: 2 / 3, "number")
    >>> print(diagnose_number(0.67, 2 / 3, question))  # doctest: +ELLIPSIS
    Close: 0.67 is near the answer but not within the tolerance. Did you round? ...
    >>> diagnose_number(0.5, 2 / 3, question) is None
    True
    """
    if math.isnan(value):
        return nan_hint(question)
    if math.isclose(value, expected, rel_tol=1e-2, abs_tol=question.atol):
        return _(
            "Close: {number} is near the answer but not within the tolerance. "
            "Did you round? Give the value you computed."
        ).format(number=format_number(value))
    return None


def diagnose_share(value: float, expected: float, question: Question) -> str | None:
    """Why a share is wrong: outside 0..1 (a percentage?), else as for a number.

    Examples
    --------
    >>> question = Question("00.q90", "What share?", lambda w: 0.25, "share")
    >>> print(diagnose_share(25.0, 0.25, question))  # doctest: +ELLIPSIS
    You gave 25; the question asks for a share between 0 and 1. ... divide it by 100.
    """
    if math.isnan(value):
        return nan_hint(question)
    if not 0.0 <= value <= 1.0:
        hint = _("You gave {number}; the question asks for a share between 0 and 1.").format(
            number=format_number(value)
        )
        if 1.0 < value <= 100.0 and math.isclose(value / 100, expected, abs_tol=5e-4):
            hint = join_sentences(hint, _("That looks like a percentage: divide it by 100."))
        return hint
    return diagnose_number(value, expected, question)


def coerce_text(answer: Any, question: Question) -> str:
    """Read one text value, in the form that ignores case, width and spacing.

    Examples
    --------
    >>> question = Question("00.q90", "Which?", lambda w: "a", "text")
    >>> coerce_text(" Zhejiang ", question)
    'zhejiang'
    """
    if isinstance(answer, (str, np.str_)):
        return norm_text(answer)
    hint = type_hint(answer, question)
    if is_real(answer):
        hint = join_sentences(
            hint, _("(idxmax() gives the label of the largest value; max() gives the value.)")
        )
    raise Hint(hint)


def coerce_date(answer: Any, question: Question) -> pd.Timestamp:
    """Read one day: a Timestamp, date, datetime64 or ``"YYYY-MM-DD"`` text.

    Examples
    --------
    >>> question = Question("00.q90", "When?", lambda w: "2024-05-31", "date")
    >>> coerce_date(" 2024-05-31 13:00 ", question)
    Timestamp('2024-05-31 00:00:00')
    """
    if answer is pd.NaT:
        raise Hint(_(_NAT_HINT))
    if isinstance(answer, str):
        if not _ISO_DATE.match(answer):
            raise Hint(
                _(
                    "You gave the text {text}, which is not a date like "
                    "'2024-05-31'; give the date itself (a Timestamp)."
                ).format(text=repr(shorten(answer)))
            )
        answer = answer.strip()
    if isinstance(answer, (str, dt.date, np.datetime64)):
        stamp = pd.Timestamp(answer)
        if stamp is pd.NaT:
            raise Hint(_(_NAT_HINT))
        if stamp.tzinfo is not None:
            stamp = stamp.tz_localize(None)
        return stamp.normalize()
    raise Hint(type_hint(answer, question))


def coerce_bool(answer: Any, question: Question) -> bool:
    """Read True or False (a NumPy bool too; not ``"yes"`` nor ``1``).

    Examples
    --------
    >>> question = Question("00.q90", "Is it?", lambda w: True, "bool")
    >>> coerce_bool(np.True_, question)
    True
    """
    if isinstance(answer, (bool, np.bool_)):
        return bool(answer)
    raise Hint(type_hint(answer, question))
