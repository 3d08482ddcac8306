"""Comparisons: how two records are compared on one column, as small declared objects.

Each comparison names its column, knows how to prepare it
(:mod:`labkit.linkage.standardise`) and puts every pair of records at one of a
few **agreement levels**, from "different" (level 0) to full agreement (the
highest level); a pair in which either record lacks the value has no level
(-1): missing evidence neither helps nor hurts. How much each level counts is
not declared here: the match weights are estimated from the data
(:mod:`labkit.linkage.estimation`).

=====================  ================================================================
comparison             agreement levels, highest first
=====================  ================================================================
:class:`ExactMatch`    equal (case and spacing ignored); different
:class:`PhoneMatch`    same number; one digit differs; different
:class:`EmailMatch`    same address; different
:class:`NameMatch`     equal (either word order, either script); Jaro-Winkler ≥ 0.92;
                       Jaro-Winkler ≥ 0.80; different
:class:`DateMatch`     same day; day and month swapped; two of year, month and day
                       agree; different
:class:`TextMatch`     equal (case and spacing ignored); Jaro-Winkler ≥ 0.92;
                       Jaro-Winkler ≥ 0.80; different
=====================  ================================================================

:data:`KINDS` maps each kind's name to its levels: the dict form of the
comparisons, ``{"name": "name", "address": "text"}``, names a kind per column.
:func:`as_comparisons` reads either form.

>>> [str(c) for c in as_comparisons(["name", "address"], {"name": "name", "address": "text"})]
["NameMatch('name')", "TextMatch('address')"]
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from labkit.i18n import _
from labkit.linkage.similarity import coded_digit_differences, coded_jaro_winkler
from labkit.linkage.standardise import (
    ColumnForms,
    date_forms,
    name_forms,
    phone_forms,
    text_forms,
)

__all__ = [
    "KINDS",
    "Comparison",
    "DateMatch",
    "EmailMatch",
    "ExactMatch",
    "NameMatch",
    "PhoneMatch",
    "TextMatch",
    "as_comparisons",
    "comparison_levels",
]

#: The level of a pair in which either record lacks the value.
MISSING = -1


def _jaro_winkler_levels(similarity: np.ndarray, thresholds: Sequence[float]) -> np.ndarray:
    """Level 0 below the lowest threshold, 1 from it, 2 from the next …"""
    return np.searchsorted(np.asarray(thresholds), similarity, side="right").astype(np.int8)


@dataclass(frozen=True)
class Comparison:
    """One column compared between two records; the base of every comparison.

    Parameters
    ----------
    column : str
        The column compared.
    """

    column: str

    #: The kind's name in the dict form (``"name"``, ``"phone"`` …).
    kind: ClassVar[str] = ""
    #: The agreement levels, from "different" (level 0) to full agreement.
    levels: ClassVar[tuple[str, ...]] = ("different", "equal")
    #: Blocked on when no blocking rules are given (free text is too varied to block on).
    blocks_by_default: ClassVar[bool] = True

    def __post_init__(self) -> None:
        if not isinstance(self.column, str):
            raise ValueError(
                _("a comparison names a column, got {column!r}").format(column=self.column)
            )

    def __str__(self) -> str:
        return f"{type(self).__name__}({self.column!r})"

    def prepare(self, values: pd.Series) -> ColumnForms:
        """The comparison forms of the column: its blocking key and coded values.

        Parameters
        ----------
        values : pandas.Series
            The column.

        Returns
        -------
        ColumnForms
            Here :func:`labkit.linkage.standardise.text_forms`; each kind says its own.
        """
        return text_forms(values)

    def compare(self, forms: ColumnForms, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The agreement level of the row pairs ``(i[k], j[k])``; -1 where either is missing.

        Equal compared values are at the highest level; :meth:`graded` places the others.

        Parameters
        ----------
        forms : ColumnForms
            What :meth:`prepare` made of the column.
        i, j : numpy.ndarray
            Row positions of each pair.

        Returns
        -------
        numpy.ndarray
            ``int8``: one level per pair, an index into :attr:`levels`, or -1.
        """
        code_i, code_j = forms.codes[i], forms.codes[j]
        level = np.full(len(i), MISSING, dtype=np.int8)
        present = (code_i >= 0) & (code_j >= 0)
        equal = present & (code_i == code_j)
        level[equal] = len(self.levels) - 1
        rest = present & ~equal
        if rest.any():
            level[rest] = self.graded(forms, i[rest], j[rest])
        return level

    def graded(self, forms: ColumnForms, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Levels of pairs whose values are both present and differ (here: 0, different)."""
        return np.zeros(len(i), dtype=np.int8)


@dataclass(frozen=True)
class ExactMatch(Comparison):
    """An identifier (ID number, postcode …): equal or not.

    Levels, highest first: equal (ignoring case and runs of spaces); different.

    Examples
    --------
    >>> ExactMatch("id_number").levels
    ('different', 'equal')
    """

    kind: ClassVar[str] = "exact"


@dataclass(frozen=True)
class PhoneMatch(Comparison):
    """A phone number, compared by its last ten digits.

    Levels, highest first: same number; one digit differs (a typo, same
    length); different.

    Examples
    --------
    >>> import pandas as pd
    >>> compare = PhoneMatch("phone")
    >>> forms = compare.prepare(pd.Series(["13812345678", "+86 138 1234 5678", "13812345679"]))
    >>> [compare.levels[k] for k in compare.compare(forms, np.array([0, 0]), np.array([1, 2]))]
    ['same number', 'one digit differs']
    """

    kind: ClassVar[str] = "phone"
    levels: ClassVar[tuple[str, ...]] = ("different", "one digit differs", "same number")

    def prepare(self, values: pd.Series) -> ColumnForms:
        return phone_forms(values)

    def graded(self, forms: ColumnForms, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        differ = coded_digit_differences(forms.uniq, forms.codes[i], forms.codes[j])
        return (differ == 1).astype(np.int8)


@dataclass(frozen=True)
class EmailMatch(Comparison):
    """An e-mail address (case and spacing ignored).

    Levels, highest first: same address; different. There is no level for the
    same local part at another domain (``li.wei@163.com`` / ``li.wei@qq.com``):
    a local part is usually made from the name, so it would count the name a
    second time, and the model adds the columns' weights as if they were
    independent. Namesakes with such addresses would be linked (on a world of
    100,000 records, 1,500 wrong links and a precision of 0.75).

    Examples
    --------
    >>> import pandas as pd
    >>> compare = EmailMatch("email")
    >>> forms = compare.prepare(pd.Series(["Li.Wei@163.com", "li.wei@163.com", "li.wei@qq.com"]))
    >>> [compare.levels[k] for k in compare.compare(forms, np.array([0, 0]), np.array([1, 2]))]
    ['same address', 'different']
    """

    kind: ClassVar[str] = "email"
    levels: ClassVar[tuple[str, ...]] = ("different", "same address")


@dataclass(frozen=True)
class NameMatch(Comparison):
    """A person's name, in either word order and either script.

    Levels, highest first: equal (as written, or with the same words in another
    order, "Smith John" / "John Smith", or with the same Latin form when one is
    written in Chinese characters and the other in Latin letters, 张伟 / "Wei
    Zhang"); Jaro-Winkler ≥ 0.92; Jaro-Winkler ≥ 0.80; different. Jaro-Winkler is
    taken of the names as written when both are in the same script (or of their
    sorted Latin words, if higher, for Latin names), and of their Latin forms,
    with Chinese characters in pinyin, when the scripts differ.

    Examples
    --------
    >>> import pandas as pd
    >>> compare = NameMatch("name")
    >>> forms = compare.prepare(pd.Series(["John Smith", "SMITH JOHN", "张伟", "Wei Zhang",
    ...                                    "Jon Smith"]))
    >>> [compare.levels[k] for k in compare.compare(forms, np.array([0, 2, 0]),
    ...                                             np.array([1, 3, 4]))]
    ['equal', 'equal', 'jaro-winkler ≥ 0.92']
    """

    kind: ClassVar[str] = "name"
    levels: ClassVar[tuple[str, ...]] = (
        "different",
        "jaro-winkler ≥ 0.80",
        "jaro-winkler ≥ 0.92",
        "equal",
    )
    #: Lowest Jaro-Winkler of each level above "different".
    thresholds: ClassVar[tuple[float, ...]] = (0.80, 0.92, 1.0)

    def prepare(self, values: pd.Series) -> ColumnForms:
        return name_forms(values)

    def graded(self, forms: ColumnForms, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        code_i, code_j = forms.codes[i], forms.codes[j]
        cjk = forms.extra["cjk"]
        same_script = cjk[code_i] == cjk[code_j]
        similarity = np.zeros(len(i))
        similarity[same_script] = coded_jaro_winkler(
            forms.uniq, code_i[same_script], code_j[same_script]
        )
        # The Latin form (sorted words, pinyin) where it can differ: across scripts, or
        # between Latin names of several words.
        words = np.array([" " in str(name) for name in forms.uniq], dtype=bool)
        latin = ~same_script | (~cjk[code_i] & (words[code_i] | words[code_j]))
        latin_codes = forms.extra["latin_codes"]
        latin_i, latin_j = latin_codes[i[latin]], latin_codes[j[latin]]
        latin_similarity = np.where(
            latin_i == latin_j,
            1.0,
            coded_jaro_winkler(forms.extra["latin_uniq"], latin_i, latin_j),
        )
        similarity[latin] = np.where(
            same_script[latin], np.maximum(similarity[latin], latin_similarity), latin_similarity
        )
        return _jaro_winkler_levels(similarity, self.thresholds)


@dataclass(frozen=True)
class DateMatch(Comparison):
    """A date such as a birth date (text is read by :func:`labkit.cleaning.standardise_date`).

    Levels, highest first: same day; day and month swapped (03/07 read as
    07/03); two of year, month and day agree (one typo); different.

    Examples
    --------
    >>> import pandas as pd
    >>> compare = DateMatch("dob")
    >>> forms = compare.prepare(pd.Series(["1990-03-07", "1990-07-03", "1991-03-07"]))
    >>> [compare.levels[k] for k in compare.compare(forms, np.array([0, 0]), np.array([1, 2]))]
    ['day and month swapped', 'two of year, month and day agree']
    """

    kind: ClassVar[str] = "date"
    levels: ClassVar[tuple[str, ...]] = (
        "different",
        "two of year, month and day agree",
        "day and month swapped",
        "same day",
    )

    def prepare(self, values: pd.Series) -> ColumnForms:
        return date_forms(values)

    def graded(self, forms: ColumnForms, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        y, m, d = forms.extra["y"], forms.extra["m"], forms.extra["d"]
        same = (y[i] == y[j]).astype(int) + (m[i] == m[j]) + (d[i] == d[j])
        swapped = (y[i] == y[j]) & (m[i] == d[j]) & (d[i] == m[j])
        return np.where(swapped, 2, np.where(same == 2, 1, 0)).astype(np.int8)


@dataclass(frozen=True)
class TextMatch(Comparison):
    """Free text such as a street address (case and runs of spaces ignored).

    Levels, highest first: equal; Jaro-Winkler ≥ 0.92; Jaro-Winkler ≥ 0.80;
    different. Not blocked on by default (free text rarely repeats exactly).

    Examples
    --------
    >>> import pandas as pd
    >>> compare = TextMatch("street")
    >>> forms = compare.prepare(pd.Series(["1 High St", "1 HIGH  ST", "1 High Street"]))
    >>> [compare.levels[k] for k in compare.compare(forms, np.array([0, 0]), np.array([1, 2]))]
    ['equal', 'jaro-winkler ≥ 0.92']
    """

    kind: ClassVar[str] = "text"
    levels: ClassVar[tuple[str, ...]] = (
        "different",
        "jaro-winkler ≥ 0.80",
        "jaro-winkler ≥ 0.92",
        "equal",
    )
    #: Lowest Jaro-Winkler of each level above "different".
    thresholds: ClassVar[tuple[float, ...]] = (0.80, 0.92, 1.0)
    blocks_by_default: ClassVar[bool] = False

    def graded(self, forms: ColumnForms, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        similarity = coded_jaro_winkler(forms.uniq, forms.codes[i], forms.codes[j])
        return _jaro_winkler_levels(similarity, self.thresholds)


_BY_KIND: dict[str, type[Comparison]] = {
    cls.kind: cls for cls in (ExactMatch, PhoneMatch, EmailMatch, NameMatch, DateMatch, TextMatch)
}

#: What :func:`labkit.linkage.find_duplicates` can compare: each kind's name and
#: its agreement levels (from "different" up).
KINDS: dict[str, tuple[str, ...]] = {kind: cls.levels for kind, cls in _BY_KIND.items()}


def _from_kind(column: str, kind: Any) -> Comparison:
    """A comparison from the dict form's value, a kind."""
    if isinstance(kind, tuple):
        raise ValueError(
            _(
                "compare[{column!r}] is {kind!r}: give the kind alone, e.g. 'text'. There are no "
                "hand-set weights: how much each agreement level counts is estimated from the data"
            ).format(column=column, kind=kind)
        )
    if not isinstance(kind, str) or kind not in _BY_KIND:
        raise ValueError(
            _("compare[{column!r}] is {kind!r}; a kind must be one of {items}").format(
                column=column, kind=kind, items=", ".join(KINDS)
            )
        )
    return _BY_KIND[kind](column)


def as_comparisons(
    columns: Collection[Any], compare: Mapping[str, Any] | Sequence[Comparison]
) -> list[Comparison]:
    """Read comparisons given either way, and check them against a table's columns.

    Parameters
    ----------
    columns : collection
        The columns of the table the records are in.
    compare : mapping or sequence
        ``{column: kind}`` with a kind of :data:`KINDS`; or a list of comparisons
        such as ``[NameMatch("name"), TextMatch("address")]``.

    Returns
    -------
    list of Comparison
        In the order given.

    Raises
    ------
    ValueError
        If ``compare`` is empty or neither form, names a column the table does
        not have (or one column twice), or gives an unknown kind.

    Examples
    --------
    >>> as_comparisons(["phone"], {"phone": "phone"})
    [PhoneMatch(column='phone')]
    """
    if isinstance(compare, Mapping) and compare:
        found = [
            kind if isinstance(kind, Comparison) and kind.column == column
            else _from_kind(column, kind)
            for column, kind in compare.items()
        ]  # fmt: skip
    elif (
        isinstance(compare, Sequence)
        and not isinstance(compare, str)
        and compare
        and all(isinstance(c, Comparison) for c in compare)
    ):
        found = list(compare)
    else:
        raise ValueError(
            _(
                "compare must map column names to kinds, e.g. {{'name': 'name', 'phone': "
                "'phone'}} (kinds are: {items}), or list comparisons such as [NameMatch('name'), "
                "PhoneMatch('phone')]"
            ).format(items=", ".join(KINDS))
        )
    seen: set[str] = set()
    for comparison in found:
        if comparison.column not in columns:
            raise ValueError(
                _(
                    "compare names column {column!r}, which the table does not have; its columns "
                    "are: {items}"
                ).format(column=comparison.column, items=", ".join(map(str, columns)))
            )
        if comparison.column in seen:
            raise ValueError(
                _("compare names column {column!r} twice").format(column=comparison.column)
            )
        seen.add(comparison.column)
    return found


def comparison_levels(
    comparisons: Sequence[Comparison],
    forms: Mapping[str, ColumnForms],
    i: np.ndarray,
    j: np.ndarray,
) -> np.ndarray:
    """The agreement level of every pair on every compared column (the comparison vectors).

    Parameters
    ----------
    comparisons : sequence of Comparison
        What is compared.
    forms : mapping
        The comparison forms of each compared column, by column name.
    i, j : numpy.ndarray
        Row positions of each pair.

    Returns
    -------
    numpy.ndarray
        ``int8``, shape ``(len(i), len(comparisons))``; -1 where either record
        lacks the value.

    Examples
    --------
    >>> df = pd.DataFrame({"zip": ["1", "1", None], "name": ["Ann", "Anne", "Bob"]})
    >>> compare = [ExactMatch("zip"), NameMatch("name")]
    >>> forms = {c.column: c.prepare(df[c.column]) for c in compare}
    >>> comparison_levels(compare, forms, np.array([0, 0]), np.array([1, 2])).tolist()
    [[1, 2], [-1, 0]]
    """
    levels = np.empty((len(i), len(comparisons)), dtype=np.int8)
    for column, comparison in enumerate(comparisons):
        levels[:, column] = comparison.compare(forms[comparison.column], i, j)
    return levels
