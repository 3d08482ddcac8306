"""Blocking (分块): which pairs of records are compared at all.

Comparing every pair of n records takes n²/2 comparisons (5 billion for
100,000 records). A **blocking rule** names columns on which two records must
agree before they are compared; each rule is one pass over the records, and the
candidate pairs are the union of the passes, so a pair missed by one rule (a
typo in the phone) is caught by another (the same name). Rules read like
sentences::

    block_on("phone")                # records with the same phone
    block_on("name", "birth_date")   # the same name and the same birth date

A column that is compared (see :mod:`labkit.linkage.comparisons`) is blocked
on in its comparison form (a phone's last ten digits, a name's sorted words, a
date's day); any other column as text, ignoring case and runs of spaces.

No record is left out. A block of more than :data:`MAX_BLOCK` rows (a key that
says little, such as a state) would give too many pairs to compare them all:
its rows are sorted by the keys of the other rules and each is compared with
the :data:`NEIGHBOURS` rows on either side of it in that order (the **sorted
neighbourhood** method), so the block's pairs grow with its size, not with its
square.

>>> import pandas as pd
>>> df = pd.DataFrame({"zip": ["02139", "02139", "10001"], "name": ["a", "b", "c"]})
>>> candidate_pairs(df, [block_on("zip")]).tolist()
[[0, 1]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from labkit.i18n import _
from labkit.linkage.comparisons import Comparison, as_comparisons
from labkit.linkage.standardise import ColumnForms, text_forms

__all__ = [
    "MAX_BLOCK",
    "NEIGHBOURS",
    "BlockingRule",
    "as_blocking_rules",
    "block_on",
    "blocking_keys",
    "candidate_pairs",
    "pairs_from_keys",
]

#: In a block of more than :data:`MAX_BLOCK` rows, each row is compared with this many
#: rows on either side of it, in the order of the other rules' keys.
NEIGHBOURS = 50
#: Blocks with more rows than this are compared by sorted neighbourhood, not all-pairs. At
#: twice :data:`NEIGHBOURS`, no row is compared with more than about 100 others per rule,
#: whatever the size of its block.
MAX_BLOCK = 2 * NEIGHBOURS


@dataclass(frozen=True)
class BlockingRule:
    """Two records are a candidate pair when they agree on every one of ``columns``."""

    columns: tuple[str, ...]

    def __str__(self) -> str:
        return "block on " + " and ".join(self.columns)


def block_on(*columns: str) -> BlockingRule:
    """A blocking rule: compare records that agree on all these columns.

    Parameters
    ----------
    *columns : str
        One or more column names.

    Returns
    -------
    BlockingRule

    Raises
    ------
    ValueError
        If no column is named, or a name is not a string.

    Examples
    --------
    >>> print(block_on("name", "birth_date"))
    block on name and birth_date
    """
    if not columns:
        raise ValueError(_("block_on has an empty group; each group names one or more columns"))
    for column in columns:
        if not isinstance(column, str):
            raise ValueError(_("block_on takes column names, got {column!r}").format(column=column))
    return BlockingRule(tuple(columns))


def as_blocking_rules(
    columns: Sequence[Any],
    rules: str | Sequence[str | Sequence[str] | BlockingRule] | None,
    comparisons: Sequence[Comparison] = (),
) -> list[BlockingRule]:
    """Read blocking rules given in any of the accepted forms, and check their columns.

    Parameters
    ----------
    columns : sequence
        The columns of the table.
    rules : str, list or None
        ``"phone"``; ``[block_on("phone"), block_on("name", "dob")]``; the list
        form ``[["phone"], ["name", "dob"]]`` (a single column may be a string:
        ``["phone", ["name", "dob"]]``). None: one rule per compared column whose
        comparison blocks by default (all but free text); the first compared
        column if there is none.
    comparisons : sequence of Comparison
        The comparisons, for the default.

    Returns
    -------
    list of BlockingRule

    Raises
    ------
    ValueError
        If a rule is empty or names a column the table does not have, or there
        are neither rules nor comparisons.

    Examples
    --------
    >>> as_blocking_rules(["phone", "name", "dob"], ["phone", ["name", "dob"]])
    [BlockingRule(columns=('phone',)), BlockingRule(columns=('name', 'dob'))]
    """
    if rules is None:
        if not comparisons:
            raise ValueError(_("block_on is needed when no column is compared, e.g. ['zip']"))
        found = [block_on(c.column) for c in comparisons if c.blocks_by_default]
        return found or [block_on(comparisons[0].column)]
    if isinstance(rules, (str, BlockingRule)):
        rules = [rules]
    found = []
    for rule in rules:
        if not isinstance(rule, BlockingRule):
            rule = block_on(*([rule] if isinstance(rule, str) else list(rule)))
        for column in rule.columns:
            if column not in columns:
                raise ValueError(
                    _(
                        "block_on names column {column!r}, which the table does not have; its "
                        "columns are: {items}"
                    ).format(column=column, items=", ".join(map(str, columns)))
                )
        found.append(rule)
    return found


def blocking_keys(
    df: pd.DataFrame, rules: Sequence[BlockingRule], forms: Mapping[str, ColumnForms]
) -> list[list[np.ndarray]]:
    """The key arrays of each rule: a column's comparison form if it has one, else its text form.

    Parameters
    ----------
    df : pandas.DataFrame
        The records.
    rules : sequence of BlockingRule
        The rules.
    forms : mapping
        Comparison forms of the compared columns (see
        :meth:`labkit.linkage.comparisons.Comparison.prepare`).

    Returns
    -------
    list of list of numpy.ndarray
        Per rule, one key array per column (None where missing).

    Examples
    --------
    >>> df = pd.DataFrame({"city": ["Kew", "KEW"]})
    >>> blocking_keys(df, [block_on("city")], {})[0][0].tolist()
    ['kew', 'kew']
    """
    keys: dict[str, np.ndarray] = {}
    for rule in rules:
        for column in rule.columns:
            if column not in keys:
                keys[column] = (
                    forms[column].block if column in forms else text_forms(df[column]).block
                )
    return [[keys[column] for column in rule.columns] for rule in rules]


def candidate_pairs(
    df: pd.DataFrame,
    block_on: str | Sequence[str | Sequence[str] | BlockingRule],
    compare: Mapping[str, Any] | Sequence[Comparison] | None = None,
    max_block: int = MAX_BLOCK,
    neighbours: int = NEIGHBOURS,
) -> np.ndarray:
    """Pairs of rows that agree on all columns of at least one blocking rule (blocking, 分块).

    Parameters
    ----------
    df : pandas.DataFrame
        The records.
    block_on : list
        Blocking rules (see :func:`as_blocking_rules`), e.g.
        ``[block_on("zip"), block_on("surname", "dob")]`` or ``[["zip"], ["surname", "dob"]]``.
        Columns named in ``compare`` are blocked on in their comparison form (a
        phone's digits, a name's sorted words, a date's day).
    compare : mapping or list, optional
        The comparisons, as for :func:`labkit.linkage.find_duplicates`.
    max_block : int
        Larger blocks are compared by sorted neighbourhood (each row with its
        :data:`NEIGHBOURS` nearest rows on either side), not all-pairs: 1,000 rows
        make 499,500 pairs; by sorted neighbourhood, about 50,000.
    neighbours : int
        How many rows on either side each row of such a block is compared with.

    Returns
    -------
    numpy.ndarray
        Shape ``(k, 2)``: positions ``i < j`` of each candidate pair, without repeats.

    Raises
    ------
    ValueError
        If ``df`` is not a DataFrame, a rule or comparison names a missing column,
        or ``max_block`` or ``neighbours`` is less than 1.

    Examples
    --------
    >>> df = pd.DataFrame({"zip": ["02139", "02139", "10001"], "name": ["a", "b", "c"]})
    >>> candidate_pairs(df, ["zip"]).tolist()
    [[0, 1]]
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(
            _("candidate_pairs works on a pandas DataFrame, not {type_name}").format(
                type_name=type(df).__name__
            )
        )
    comparisons = as_comparisons(df.columns, compare) if compare else []
    rules = as_blocking_rules(df.columns, block_on, comparisons)
    used = {column for rule in rules for column in rule.columns}
    forms = {c.column: c.prepare(df[c.column]) for c in comparisons if c.column in used}
    return pairs_from_keys(len(df), blocking_keys(df, rules, forms), max_block, neighbours)


def _sort_rank(keys: Sequence[np.ndarray], n: int) -> np.ndarray:
    """Rank of each row when sorted by the keys in turn (missing last), then by position."""
    if not keys:
        return np.arange(n)
    codes = []
    for key in keys:
        code = pd.factorize(pd.Series(key, dtype=object), sort=True, use_na_sentinel=True)[0]
        codes.append(np.where(code < 0, code.max() + 1, code))
    order = np.lexsort([np.arange(n), *reversed(codes)])
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    return rank


def _block_codes(keys: list[np.ndarray]) -> np.ndarray:
    """One code per row for its block under a rule (-1 where a key is missing)."""
    frame = pd.DataFrame({str(k): v for k, v in enumerate(keys)})
    usable = frame.notna().all(axis=1).to_numpy()
    if len(keys) == 1:
        code = pd.factorize(frame.iloc[:, 0])[0]
    else:
        code = frame.groupby(list(frame.columns), dropna=True, sort=False).ngroup().to_numpy()
    return np.where(usable, code, -1)


def _all_pairs(order: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Every pair within each block (rows ``order``, blocks at ``starts`` of ``sizes``)."""
    position = np.arange(len(order)) - np.repeat(starts, sizes)
    count = np.repeat(sizes, sizes) - position - 1
    left = np.repeat(np.arange(len(order)), count)
    offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    return np.stack([order[left], order[left + 1 + offset]], axis=1)


def _neighbour_pairs(rows: np.ndarray, block: np.ndarray, neighbours: int) -> np.ndarray:
    """Pairs of rows at most ``neighbours`` apart in ``rows``, within one block."""
    found = [
        np.stack([rows[:-step], rows[step:]], axis=1)[block[:-step] == block[step:]]
        for step in range(1, min(neighbours, len(rows) - 1) + 1)
    ]
    return np.concatenate(found) if found else np.empty((0, 2), dtype=np.int64)


def pairs_from_keys(
    n: int,
    groups: list[list[np.ndarray]],
    max_block: int = MAX_BLOCK,
    neighbours: int = NEIGHBOURS,
) -> np.ndarray:
    """The candidate pairs of ``n`` rows given the key arrays of each rule.

    Parameters
    ----------
    n : int
        Number of rows.
    groups : list of list of numpy.ndarray
        Per rule, one key array per column (None where missing: such a row is
        in no block of that rule).
    max_block : int
        Blocks with more rows are compared by sorted neighbourhood: their rows
        sorted by the other rules' keys, each with its ``neighbours`` nearest
        rows on either side.
    neighbours : int
        How many rows on either side, in a block of more than ``max_block`` rows.

    Returns
    -------
    numpy.ndarray
        Shape ``(k, 2)``, sorted, ``i < j``.

    Raises
    ------
    ValueError
        If ``max_block`` or ``neighbours`` is less than 1.

    Examples
    --------
    >>> keys = [[np.array(["a", "a", "b", None], dtype=object)]]
    >>> pairs_from_keys(4, keys).tolist()
    [[0, 1]]
    >>> big = [[np.array(["x"] * 5, dtype=object)]]   # one block of 5 rows, above 3
    >>> pairs_from_keys(5, big, max_block=3, neighbours=1).tolist()
    [[0, 1], [1, 2], [2, 3], [3, 4]]
    """
    if max_block < 1 or neighbours < 1:
        raise ValueError(
            _(
                "max_block and neighbours must be at least 1, got {max_block} and {neighbours}"
            ).format(max_block=max_block, neighbours=neighbours)
        )
    found = []
    for number, keys in enumerate(groups):
        code = _block_codes(keys)
        rows = np.flatnonzero(code >= 0)
        if rows.size < 2:
            continue
        order = rows[np.argsort(code[rows], kind="stable")]
        block = code[order]
        starts = np.flatnonzero(np.r_[True, block[1:] != block[:-1]])
        sizes = np.diff(np.r_[starts, len(block)])
        small = np.repeat(sizes <= max_block, sizes)
        found.append(_all_pairs(order[small], *_blocks_of(block[small])))
        if not small.all():  # sorted neighbourhood inside each oversized block
            others = [key for other, rule in enumerate(groups) if other != number for key in rule]
            big = order[~small]
            by_others = big[np.lexsort([_sort_rank(others, n)[big], code[big]])]
            found.append(_neighbour_pairs(by_others, code[by_others], neighbours))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    every = np.concatenate(found).astype(np.int64)
    packed = np.sort(
        np.minimum(every[:, 0], every[:, 1]) * n + np.maximum(every[:, 0], every[:, 1])
    )
    packed = packed[np.r_[True, packed[1:] != packed[:-1]]]  # each pair once
    return np.stack([packed // n, packed % n], axis=1)


def _blocks_of(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and sizes of the runs of equal codes in ``block``."""
    starts = np.flatnonzero(np.r_[True, block[1:] != block[:-1]]) if len(block) else block[:0]
    return starts, np.diff(np.r_[starts, len(block)]).astype(np.int64)
