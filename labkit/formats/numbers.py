"""Numbers written as text: one strict parser that never guesses a separator.

A person writes ``1,234.5`` in Shanghai and New York, ``1.234,5`` in Berlin and
``1234,5`` in Paris. A comma or a point can therefore separate **thousands** or
**decimals**, and when the text alone cannot say which, :func:`parse_number`
refuses to choose: ``1234,56`` would otherwise become 123456 (a hundred times
too much) and ``1.234`` 1.234 where 1234 was meant.

===================  ===============  ==========================================
written              read as          why
===================  ===============  ==========================================
``1234.5``, ``-3``   1234.5, -3       digits, an optional sign and decimal point
``1.5e3``            1500.0           scientific notation (Excel writes it)
``1,234,567``        1234567          commas in groups of three, twice or more
``1,234.50``         1234.5           comma groups, then a decimal point
``1,234``            refused          one comma group: thousands or decimals?
``1.234``            refused          a point before exactly three digits:
                                      a decimal, or a thousands point?
``1234,56``          refused          a decimal comma (write a point)
``1.234,56``         refused          points as thousands separators
``¥12``, ``5%``      refused          a symbol the value does not hold
===================  ===============  ==========================================

Digits are ASCII after NFKC (full-width ``１２３`` is read; digits of other
scripts are not). A value is read or gets a reason: ``"empty"``, ``"not a
number"``, ``"ambiguous separators"``, ``"not a finite number"``.

>>> parse_number("1,234.50")
ParsedNumber(value=1234.5, reason=None)
>>> parse_number("1234,56").reason
'ambiguous separators'
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

from labkit.formats.text import is_missing, normalise
from labkit.i18n import N_

__all__ = ["AMBIGUOUS_NUMBER_HELP", "ParsedNumber", "parse_number"]

#: What to tell a person whose number was refused as ambiguous.
AMBIGUOUS_NUMBER_HELP = N_(
    "a comma or point that may separate thousands or decimals; write digits with a "
    "point for decimals and no thousands separators, e.g. 1234.56"
)

_PLAIN = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_GROUPED = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_POINT_THOUSANDS = re.compile(r"[+-]?[1-9][0-9]{0,2}\.[0-9]{3}")
# Anything else made of digits, separators and a sign is a number written some
# other way (1.234,56  1234,56  1 234  1.234.567): ambiguous, never guessed.
_SEPARATED = re.compile(r"[+-]?[0-9][0-9.,' ]*[0-9]")
#: The most digits a number may have before it is read (Python's int limit is 4,300).
_MAX_DIGITS = 400


class ParsedNumber(NamedTuple):
    """One written number, read."""

    #: The number: an ``int`` when written without a decimal point or exponent,
    #: else a ``float``; None when it cannot be read.
    value: int | float | None
    #: Why it cannot be read (``"empty"``, ``"not a number"``, ``"ambiguous
    #: separators"``, ``"not a finite number"``); None when it can.
    reason: str | None


def _from_text(text: str) -> ParsedNumber:
    if len(text) > _MAX_DIGITS + 10:
        return ParsedNumber(None, N_("not a number"))
    grouped = _GROUPED.fullmatch(text)
    if grouped and (text.count(",") > 1 or "." in text):
        text = text.replace(",", "")  # 1,234,567 and 1,234.5 can be read only one way
    elif _POINT_THOUSANDS.fullmatch(text) or grouped:
        return ParsedNumber(None, N_("ambiguous separators"))
    if not _PLAIN.fullmatch(text):
        if _SEPARATED.fullmatch(text):
            return ParsedNumber(None, N_("ambiguous separators"))
        return ParsedNumber(None, N_("not a number"))
    if "." in text or "e" in text.lower():
        number = float(text)
        if not math.isfinite(number):
            return ParsedNumber(None, N_("not a finite number"))
        return ParsedNumber(number, None)
    return ParsedNumber(int(text), None)


def parse_number(value: Any) -> ParsedNumber:
    """Read one number, refusing separators that could mean thousands or decimals.

    Parameters
    ----------
    value : str, int, float or None
        The number as written; a Python or numpy number is taken as it is
        (``True`` and ``False`` are not numbers).

    Returns
    -------
    ParsedNumber
        ``(value, reason)``. Never raises for a bad value.

    Examples
    --------
    >>> parse_number(" １２ "), parse_number("1.5e3").value, parse_number("1,234,567").value
    (ParsedNumber(value=12, reason=None), 1500.0, 1234567)
    >>> [parse_number(text).reason for text in ("1.234", "1,234", "12 kg", "inf", "")]
    ['ambiguous separators', 'ambiguous separators', 'not a number', 'not a number', 'empty']
    """
    if is_missing(value):
        return ParsedNumber(None, N_("empty"))
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()  # numpy scalars behave as the Python values they hold
    if isinstance(value, bool):
        return ParsedNumber(None, N_("not a number"))
    if isinstance(value, int):
        return ParsedNumber(value, None)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ParsedNumber(None, N_("not a finite number"))
        return ParsedNumber(value, None)
    if not isinstance(value, str):
        return ParsedNumber(None, N_("not a number"))
    text = normalise(value)
    if text is None:
        return ParsedNumber(None, N_("empty"))
    return _from_text(text)
