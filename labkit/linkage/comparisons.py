"""Comparisons: how two records are compared on one column, as small declared objects.

Each comparison names its column, knows how to prepare the column
(:mod:`labkit.linkage.standardise`) and gives the similarity of pairs of rows:
a number between 0 (no agreement) and 1 (full agreement), NaN where either
record lacks the value (missing evidence neither helps nor hurts). Its weight
says how much that agreement counts in a pair's score (:mod:`labkit.linkage.scoring`).

=====================  =======  =====================================================
comparison             weight   similarity levels
=====================  =======  =====================================================
:class:`ExactMatch`    4.0      1 equal (case and spacing ignored), else 0
:class:`PhoneMatch`    4.0      1 same number; 0.8 one digit differs; else 0
:class:`EmailMatch`    4.0      1 same address; 0.5 same local part; else 0
:class:`NameMatch`     2.0      rescaled Jaro-Winkler, as written or in pinyin
:class:`DateMatch`     1.5      1 same day; 0.7 day and month swapped; 0.5 two of
                                year, month and day agree; else 0
:class:`TextMatch`     1.0      rescaled Jaro-Winkler of the text
=====================  =======  =====================================================

:data:`KINDS` maps each kind's name to its default weight: the dict form of a
comparison, ``{"name": "name", "address": ("text", 2.0)}``, names a kind (and
optionally a weight) per column. :func:`as_comparisons` reads either form.

>>> [str(c) for c in as_comparisons(["name", "address"], {"name": "name",
...                                                      "address": ("text", 2.0)})]
["NameMatch('name', weight=2.0)", "TextMatch('address', weight=2.0)"]
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from labkit.linkage.similarity import char_codes, coded_jaro_winkler, rescale
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
]


@dataclass(frozen=True)
class Comparison:
    """One column compared between two records; the base of every comparison.

    Parameters
    ----------
    column : str
        The column compared.
    weight : float, optional
        How much agreement on it counts; default the kind's ``default_weight``.

    Raises
    ------
    ValueError
        If the weight is not positive.
    """

    column: str
    weight: float | None = None

    #: The kind's name in the dict form (``"name"``, ``"phone"`` …).
    kind: ClassVar[str] = ""
    #: The weight when none is given.
    default_weight: ClassVar[float] = 1.0
    #: Cheap to compute: compared first, so pairs that cannot reach a threshold
    #: skip the costly (fuzzy) comparisons.
    cheap: ClassVar[bool] = True
    #: Blocked on when no blocking rules are given (free text is too varied to block on).
    blocks_by_default: ClassVar[bool] = True

    def __post_init__(self) -> None:
        weight = self.default_weight if self.weight is None else self.weight
        if isinstance(weight, bool) or not isinstance(weight, (int, float, np.number)):
            raise ValueError(
                f"compare[{self.column!r}]: the weight must be a number, got {weight!r}"
            )
        if not weight > 0:
            raise ValueError(
                f"compare[{self.column!r}]: the weight must be positive, got {weight!r}"
            )
        object.__setattr__(self, "weight", float(weight))

    def __str__(self) -> str:
        return f"{type(self).__name__}({self.column!r}, weight={self.weight})"

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

    def similarity(self, forms: ColumnForms, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Similarity in [0, 1] of the row pairs ``(i[k], j[k])``; NaN where either is missing.

        Equal compared values score 1; :meth:`partial` scores the others.

        Parameters
        ----------
        forms : ColumnForms
            What :meth:`prepare` made of the column.
        i, j : numpy.ndarray
            Row positions of each pair.

        Returns
        -------
        numpy.ndarray
            One similarity per pair.
        """
        code_i, code_j = forms.codes[i], forms.codes[j]
        sim = np.full(len(i), np.nan)
        present = (code_i >= 0) & (code_j >= 0)
        equal = present & (code_i == code_j)
        sim[equal] = 1.0
        rest = present & ~equal
        if rest.any():
            sim[rest] = self.partial(forms, i[rest], j[rest])
        return sim

    def partial(self, forms: ColumnForms, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Similarity of pairs whose values are both present and differ (here: 0)."""
        return np.zeros(len(i))


@dataclass(frozen=True)
class ExactMatch(Comparison):
    """An identifier (ID number, postcode …): equal or not.

    Levels: 1 when equal (ignoring case and runs of spaces), 0 otherwise.
    Default weight 4.0.

    Examples
    --------
    >>> ExactMatch("id_number").weight
    4.0
    """

    kind: ClassVar[str] = "exact"
    default_weight: ClassVar[float] = 4.0


@dataclass(frozen=True)
class PhoneMatch(Comparison):
    """A phone number, compared by its last ten digits.

    Levels: 1 the same number; 0.8 the same length with one digit different (a
    typo); 0 otherwise. Default weight 4.0.

    Examples
    --------
    >>> import pandas as pd
    >>> compare = PhoneMatch("phone")
    >>> forms = compare.prepare(pd.Series(["13812345678", "+86 138 1234 5678", "13812345679"]))
    >>> compare.similarity(forms, np.array([0, 0]), np.array([1, 2])).tolist()
    [1.0, 0.8]
    """

    kind: ClassVar[str] = "phone"
    default_weight: ClassVar[float] = 4.0

    def prepare(self, values: pd.Series) -> ColumnForms:
        return phone_forms(values)

    def partial(self, forms: ColumnForms, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        a = forms.uniq[forms.codes[i]].astype(str)
        b = forms.uniq[forms.codes[j]].astype(str)
        len_a, len_b = np.char.str_len(a), np.char.str_len(b)
        width = int(max(len_a.max(), len_b.max()))
        differ = (char_codes(a, width)[0] != char_codes(b, width)[0]).sum(axis=1)
        return np.where((len_a == len_b) & (differ == 1), 0.8, 0.0)


@dataclass(frozen=True)
class EmailMatch(Comparison):
    """An e-mail address (case and spacing ignored).

    Levels: 1 the same address; 0.5 the same local part at another domain
    (``li.wei@163.com`` / ``li.wei@qq.com``); 0 otherwise. Default weight 4.0.

    Examples
    --------
    >>> import pandas as pd
    >>> compare = EmailMatch("email")
    >>> forms = compare.prepare(pd.Series(["Li.Wei@163.com", "li.wei@163.com", "li.wei@qq.com"]))
    >>> compare.similarity(forms, np.array([0, 0]), np.array([1, 2])).tolist()
    [1.0, 0.5]
    """

    kind: ClassVar[str] = "email"
    default_weight: ClassVar[float] = 4.0

    def partial(self, forms: ColumnForms, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        local = np.array([str(v).partition("@")[0] for v in forms.uniq], dtype=object)
        return np.where(local[forms.codes[i]] == local[forms.codes[j]], 0.5, 0.0)


@dataclass(frozen=True)
class NameMatch(Comparison):
    """A person's name, in either word order and either script.

    Similarity: Jaro-Winkler, rescaled so that 0.6 or less is 0
    (:func:`labkit.linkage.similarity.rescale`), of the names as written when
    both are in the same script (or of their sorted Latin words, if higher, for
    Latin names: "Smith John" / "John Smith"), and of their Latin forms, with
    Chinese characters in pinyin, when one is Chinese and the other Latin
    (张伟 / "Wei Zhang"). Equal names score 1. Default weight 2.0.

    Examples
    --------
    >>> import pandas as pd
    >>> compare = NameMatch("name")
    >>> forms = compare.prepare(pd.Series(["John Smith", "SMITH JOHN", "张伟", "Wei Zhang"]))
    >>> compare.similarity(forms, np.array([0, 2]), np.array([1, 3])).tolist()
    [1.0, 1.0]
    """

    kind: ClassVar[str] = "name"
    default_weight: ClassVar[float] = 2.0
    cheap: ClassVar[bool] = False

    def prepare(self, values: pd.Series) -> ColumnForms:
        return name_forms(values)

    def partial(self, forms: ColumnForms, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        code_i, code_j = forms.codes[i], forms.codes[j]
        cjk = forms.extra["cjk"]
        same_script = cjk[code_i] == cjk[code_j]
        written = coded_jaro_winkler(forms.uniq, code_i, code_j)
        latin = coded_jaro_winkler(
            forms.extra["latin_uniq"], forms.extra["latin_codes"][i], forms.extra["latin_codes"][j]
        )
        return rescale(
            np.where(same_script, np.maximum(written, np.where(cjk[code_i], 0, latin)), latin)
        )


@dataclass(frozen=True)
class DateMatch(Comparison):
    """A date such as a birth date (text is read by :func:`labkit.cleaning.standardise_date`).

    Levels: 1 the same day; 0.7 day and month swapped (03/07 read as 07/03);
    0.5 two of year, month and day agree (one typo); 0 otherwise. Default weight 1.5.

    Examples
    --------
    >>> import pandas as pd
    >>> compare = DateMatch("dob")
    >>> forms = compare.prepare(pd.Series(["1990-03-07", "1990-07-03", "1991-03-07"]))
    >>> compare.similarity(forms, np.array([0, 0]), np.array([1, 2])).tolist()
    [0.7, 0.5]
    """

    kind: ClassVar[str] = "date"
    default_weight: ClassVar[float] = 1.5

    def prepare(self, values: pd.Series) -> ColumnForms:
        return date_forms(values)

    def partial(self, forms: ColumnForms, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        y, m, d = forms.extra["y"], forms.extra["m"], forms.extra["d"]
        same = (y[i] == y[j]).astype(int) + (m[i] == m[j]) + (d[i] == d[j])
        swapped = (y[i] == y[j]) & (m[i] == d[j]) & (d[i] == m[j])
        return np.where(swapped, 0.7, np.where(same == 2, 0.5, 0.0))


@dataclass(frozen=True)
class TextMatch(Comparison):
    """Free text such as a street address (case and runs of spaces ignored).

    Similarity: Jaro-Winkler rescaled so that 0.6 or less is 0. Not blocked on
    by default (free text rarely repeats exactly). Default weight 1.0.

    Examples
    --------
    >>> import pandas as pd
    >>> compare = TextMatch("street", weight=2)
    >>> forms = compare.prepare(pd.Series(["1 High St", "1 HIGH  ST", "1 High Street"]))
    >>> compare.similarity(forms, np.array([0, 0]), np.array([1, 2])).round(2).tolist()
    [1.0, 0.85]
    """

    kind: ClassVar[str] = "text"
    default_weight: ClassVar[float] = 1.0
    cheap: ClassVar[bool] = False
    blocks_by_default: ClassVar[bool] = False

    def partial(self, forms: ColumnForms, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        return rescale(coded_jaro_winkler(forms.uniq, forms.codes[i], forms.codes[j]))


_BY_KIND: dict[str, type[Comparison]] = {
    cls.kind: cls for cls in (ExactMatch, PhoneMatch, EmailMatch, NameMatch, DateMatch, TextMatch)
}

#: What :func:`labkit.linkage.find_duplicates` can compare: each kind's name and
#: default weight.
KINDS: dict[str, float] = {kind: cls.default_weight for kind, cls in _BY_KIND.items()}


def _from_kind(column: str, kind: Any) -> Comparison:
    """A comparison from the dict form's value: a kind, or (kind, weight)."""
    weight = None
    if isinstance(kind, tuple):
        if len(kind) != 2:
            raise ValueError(f"compare[{column!r}] must be a kind or (kind, weight), got {kind!r}")
        kind, weight = kind
    if not isinstance(kind, str) or kind not in _BY_KIND:
        raise ValueError(
            f"compare[{column!r}] is {kind!r}; a kind must be one of {', '.join(KINDS)}"
        )
    return _BY_KIND[kind](column, weight)


def as_comparisons(
    columns: Collection[Any], compare: Mapping[str, Any] | Sequence[Comparison]
) -> list[Comparison]:
    """Read comparisons given either way, and check them against a table's columns.

    Parameters
    ----------
    columns : collection
        The columns of the table the records are in.
    compare : mapping or sequence
        ``{column: kind}`` or ``{column: (kind, weight)}`` with a kind of
        :data:`KINDS`; or a list of comparisons such as ``[NameMatch("name"),
        TextMatch("address", weight=2.0)]``.

    Returns
    -------
    list of Comparison
        In the order given.

    Raises
    ------
    ValueError
        If ``compare`` is empty or neither form, names a column the table does
        not have (or one column twice), or gives an unknown kind or a weight
        that is not positive.

    Examples
    --------
    >>> as_comparisons(["phone"], {"phone": ("phone", 3)})
    [PhoneMatch(column='phone', weight=3.0)]
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
            "compare must map column names to kinds, e.g. {'name': 'name', 'phone': 'phone'} "
            f"(kinds are: {', '.join(KINDS)}), or list comparisons such as "
            "[NameMatch('name'), PhoneMatch('phone')]"
        )
    seen: set[str] = set()
    for comparison in found:
        if comparison.column not in columns:
            raise ValueError(
                f"compare names column {comparison.column!r}, which the table does not have; "
                f"its columns are: {', '.join(map(str, columns))}"
            )
        if comparison.column in seen:
            raise ValueError(f"compare names column {comparison.column!r} twice")
        seen.add(comparison.column)
    return found
