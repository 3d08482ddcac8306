"""What a check catches, and the text helpers that never raise.

A check must never raise in a learner's notebook, whatever it is given. The
other modules of :mod:`labkit.answers` catch :data:`CAUGHT` around everything a
learner's object may do, and put values and errors into words with the helpers
here, which never raise either (even ``str()`` of an answer may).

Examples
--------
>>> shorten("x" * 100, 10)
'xxxxxxxxx…'
>>> format_number(3.0), format_number(2 / 3)
('3', '0.6666666667')
>>> error_name(KeyError("orders"))
"KeyError: 'orders'"
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from labkit.i18n import N_

__all__ = [
    "CAUGHT",
    "KIT_PROBLEM",
    "error_name",
    "format_number",
    "safe_bool",
    "safe_id",
    "shorten",
]

#: What a misbehaving answer may raise and a check catches. Not KeyboardInterrupt:
#: the notebook's stop button must still stop a check.
CAUGHT: tuple[type[BaseException], ...] = (Exception, SystemExit, GeneratorExit)

#: Said when labkit itself failed, so that a learner does not doubt a right answer.
KIT_PROBLEM = N_(
    "This is a problem with labkit, not with your answer: please tell your instructor."
)


def shorten(value: Any, limit: int = 60) -> str:
    """``str(value)``, cut to ``limit`` characters; never raises.

    Parameters
    ----------
    value : object
        Anything, including a NumPy scalar or an object whose ``__str__`` raises.
    limit : int
        The longest text returned, counting the ``…`` that marks a cut.

    Returns
    -------
    str

    Examples
    --------
    >>> shorten(np.int64(3)), shorten("abcdef", 4)
    ('3', 'abc…')
    """
    try:
        text = str(value.item()) if isinstance(value, np.generic) else str(value)
    except CAUGHT:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_number(number: Any) -> str:
    """A number as a learner would write it: ``3`` not ``3.0``; never raises.

    Parameters
    ----------
    number : object
        Anything ``float()`` accepts; other values are shown with :func:`shorten`.

    Returns
    -------
    str

    Examples
    --------
    >>> format_number(12), format_number(0.125), format_number("n/a")
    ('12', '0.125', 'n/a')
    """
    try:
        value = float(number)
    except CAUGHT:
        return shorten(number)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else format(value, ".10g")


def error_name(error: BaseException) -> str:
    """``"Name: message"`` of an error, the message cut short; never raises.

    Parameters
    ----------
    error : BaseException

    Returns
    -------
    str

    Examples
    --------
    >>> error_name(ZeroDivisionError("division by zero"))
    'ZeroDivisionError: division by zero'
    >>> error_name(ValueError())
    'ValueError'
    """
    try:
        detail = shorten(str(error), 120)
    except CAUGHT:
        detail = ""
    name = type(error).__name__
    return f"{name}: {detail}" if detail else name


def safe_id(question_id: Any) -> str:
    """A question id as text to show, whatever was given as the id; never raises.

    Parameters
    ----------
    question_id : object
        Usually ``"00.q1"``; may be anything a learner typed.

    Returns
    -------
    str
        The id without surrounding spaces, at most 40 characters.

    Examples
    --------
    >>> safe_id(" 00.q1 "), safe_id(None)
    ('00.q1', 'None')
    """
    try:  # even isinstance() can raise, for an object whose __class__ does
        text = question_id.strip() if isinstance(question_id, str) else question_id
    except CAUGHT:
        return f"<{type(question_id).__name__}>"
    return shorten(text, 40)


def safe_bool(compute: Callable[[], Any]) -> bool:
    """Whether ``compute()`` gives exactly True; False when it raises or gives anything else.

    Parameters
    ----------
    compute : callable
        A comparison of a learner's value, e.g. ``lambda: answer == expected``.

    Returns
    -------
    bool

    Examples
    --------
    >>> safe_bool(lambda: 1 == 1), safe_bool(lambda: 1 / 0), safe_bool(lambda: [True])
    (True, False, False)
    """
    try:
        outcome = compute()
        return outcome is True or (isinstance(outcome, np.bool_) and bool(outcome))
    except CAUGHT:  # an answer that cannot be compared is not equal
        return False
