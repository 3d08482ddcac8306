"""The building blocks of the data dictionary: column entries, natures, structures, units.

Each column carries its *nature* in the textbook's sense (客户信息的性质):
descriptive (描述类: static attributes of the customer), behavioural
(行为类: records of what the customer did) or relational (关联类: attitudes,
satisfaction and preferences that explain behaviour); and its *structure*
(结构化程度): structured, semi-structured or unstructured. Both sets come from
:mod:`labkit.vocabularies`.

One rule decides the nature: what the column says about the thing its row stands
for. An attribute of it, even one measured at a date, is descriptive (so a business
customer's business information, 业务信息, the yearly statements of
``account_financials``, is descriptive); a record or summary of what a customer did
in dealing with Xudong is behavioural (orders, tickets, invoices, deals,
``member_tier``); an opinion, attitude or stated preference is relational. The
reference tables about Xudong's own offer (``products``, ``stores``, ``campaigns``)
are not customer information; by the same rule their columns are descriptive, since
they describe a product, a store or a campaign.

The small text helpers write value lists and parameters into the prose, so the
dictionary states no value that the vocabularies or the generator state already.

>>> column("Customer number.", DESCRIPTIVE)
{'meaning': 'Customer number.', 'nature': 'descriptive', 'structure': 'structured', 'unit': ''}
>>> one_of(("F", "M"))
'F or M'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from labkit.i18n import _
from labkit.vocabularies import INFORMATION_NATURES, INFORMATION_STRUCTURES, SEGMENTS

__all__ = [
    "BEHAVIOURAL",
    "DESCRIPTIVE",
    "MONEY",
    "MONEY_YEAR",
    "NATURE_ZH",
    "RELATIONAL",
    "STRUCTURE_ZH",
    "by_locale",
    "by_segment",
    "column",
    "numbers",
    "one_of",
    "percent",
]

#: The three natures of customer information (客户信息的性质), textbook section 5.1.3.
NATURE_ZH = INFORMATION_NATURES
#: The three degrees of structure (结构化程度), textbook section 5.1.3.
STRUCTURE_ZH = INFORMATION_STRUCTURES

#: The natures and the usual structure, as the vocabularies write them.
DESCRIPTIVE, BEHAVIOURAL, RELATIONAL = NATURE_ZH
STRUCTURED = next(iter(STRUCTURE_ZH))

#: The unit of every money column (the currency follows the locale).
MONEY = "CNY (zh_CN) / USD (en_US)"
MONEY_YEAR = "CNY (zh_CN) / USD (en_US) per year"


def column(
    meaning: str, nature: str, unit: str = "", structure: str = STRUCTURED
) -> dict[str, str]:
    """One column's entry: its meaning, nature, structure and unit.

    Parameters
    ----------
    meaning : str
        What the column holds, in a sentence or two.
    nature : str
        A key of :data:`NATURE_ZH`.
    unit : str, optional
        The unit of a number (money, days, a score's range); empty otherwise.
    structure : str, optional
        A key of :data:`STRUCTURE_ZH`; most columns are structured.

    Returns
    -------
    dict
        ``{"meaning", "nature", "structure", "unit"}``.

    Raises
    ------
    ValueError
        If the nature or the structure is not one of the textbook's.

    Examples
    --------
    >>> column("Star rating.", RELATIONAL, "stars (1-5)")["unit"]
    'stars (1-5)'
    >>> column("Oops.", "emotional")
    Traceback (most recent call last):
    ...
    ValueError: nature must be one of descriptive, behavioural, relational; got 'emotional'
    """
    if nature not in NATURE_ZH:
        raise ValueError(
            _("nature must be one of {items}; got {nature!r}").format(
                items=", ".join(NATURE_ZH), nature=nature
            )
        )
    if structure not in STRUCTURE_ZH:
        raise ValueError(
            _("structure must be one of {items}; got {structure!r}").format(
                items=", ".join(STRUCTURE_ZH), structure=structure
            )
        )
    return {"meaning": meaning, "nature": nature, "structure": structure, "unit": unit}


def one_of(values: Iterable[str]) -> str:
    """A value list as prose: ``a, b, c or d``.

    Examples
    --------
    >>> one_of(("low", "normal", "high"))
    'low, normal or high'
    """
    items = list(values)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} or {items[-1]}"


def numbers(values: Iterable[float]) -> str:
    """Parameter values as ``(0.1, 0.2, …)``.

    Examples
    --------
    >>> numbers([0.25, 1, 0.125])
    '(0.25, 1, 0.125)'
    """
    return "(" + ", ".join(f"{float(x):g}" for x in list(values)) + ")"


def percent(share: float) -> str:
    """A share as a percentage: ``0.07`` → ``7%``.

    Examples
    --------
    >>> percent(0.07), percent(0.3)
    ('7%', '30%')
    """
    return f"{100 * float(share):g}%"


def by_segment(values: Iterable[float], pattern: str = "{:g}") -> str:
    """One value per segment, in the order of :data:`labkit.vocabularies.SEGMENTS`.

    Parameters
    ----------
    values : sequence of float
        One value per segment.
    pattern : str, optional
        How to write a value (a ``str.format`` pattern).

    Examples
    --------
    >>> by_segment([0.1, 0.2, 0.25, 0.3, 0.15], "{:.0%}")
    'vip 10%, loyal 20%, bargain 25%, occasional 30%, browser 15%'
    """
    return ", ".join(
        f"{segment} {pattern.format(float(value))}"
        for segment, value in zip(SEGMENTS, values, strict=True)
    )


def by_locale(values: Mapping[str, float], as_percent: bool = True) -> str:
    """A per-locale parameter as text, e.g. ``12% (en_US), 25% (zh_CN)``.

    Examples
    --------
    >>> by_locale({"en_US": 0.12, "zh_CN": 0.25})
    '12% (en_US), 25% (zh_CN)'
    >>> by_locale({"en_US": 0.15, "zh_CN": 0.2}, as_percent=False)
    '0.15 (en_US), 0.2 (zh_CN)'
    """
    shown = {
        code: f"{100 * value:g}%" if as_percent else f"{value:g}" for code, value in values.items()
    }
    return ", ".join(f"{text} ({code})" for code, text in shown.items())
