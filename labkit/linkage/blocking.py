"""Blocking (分块): which pairs of records are compared at all.

Comparing every pair of n records takes n²/2 comparisons (5 billion for
100,000 records). A **blocking rule** names columns on which two records must
agree before they are compared; the candidate pairs are the union over the
rules. Rules read like sentences::

    block_on("phone")                # records with the same phone
    block_on("name", "birth_date")   # the same name and the same birth date

A column that is compared (see :mod:`labkit.linkage.comparisons`) is blocked
on in its comparison form (a phone's last ten digits, a name's sorted words, a
date's day); any other column as text, ignoring case and runs of spaces.
Blocks with more than ``max_block`` rows are skipped, with a warning: such a
key says too little to be worth its pairs.

>>> import pandas as pd
>>> df = pd.DataFrame({"zip": ["02139", "02139", "10001"], "name": ["a", "b", "c"]})
>>> candidate_pairs(df, [block_on("zip")]).tolist()
[[0, 1]]
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from labkit.linkage.comparisons import Comparison, as_comparisons
from labkit.linkage.standardise import ColumnForms, text_forms

__all__ = [
    "MAX_BLOCK",
    "BlockingRule",
    "as_blocking_rules",
    "block_on",
    "blocking_keys",
    "candidate_pairs",
    "pairs_from_keys",
]

#: Blocks with more rows than this are skipped (their key says too little).
MAX_BLOCK = 1000


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
        raise ValueError("block_on has an empty group; each group names one or more columns")
    for column in columns:
        if not isinstance(column, str):
            raise ValueError(f"block_on takes column names, got {column!r}")
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
            raise ValueError("block_on is needed when no column is compared, e.g. ['zip']")
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
                    f"block_on names column {column!r}, which the table does not have; "
                    f"its columns are: {', '.join(map(str, columns))}"
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
        Blocks with more rows than this are skipped: such a key says too little
        to be worth the pairs (1,000 rows make 499,500 pairs).

    Returns
    -------
    numpy.ndarray
        Shape ``(k, 2)``: positions ``i < j`` of each candidate pair, without repeats.

    Raises
    ------
    ValueError
        If ``df`` is not a DataFrame, or a rule or comparison names a missing column.

    Examples
    --------
    >>> df = pd.DataFrame({"zip": ["02139", "02139", "10001"], "name": ["a", "b", "c"]})
    >>> candidate_pairs(df, ["zip"]).tolist()
    [[0, 1]]
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"candidate_pairs works on a pandas DataFrame, not {type(df).__name__}")
    comparisons = as_comparisons(df.columns, compare) if compare else []
    rules = as_blocking_rules(df.columns, block_on, comparisons)
    used = {column for rule in rules for column in rule.columns}
    forms = {c.column: c.prepare(df[c.column]) for c in comparisons if c.column in used}
    return pairs_from_keys(len(df), blocking_keys(df, rules, forms), max_block)


def pairs_from_keys(n: int, groups: list[list[np.ndarray]], max_block: int) -> np.ndarray:
    """The candidate pairs of ``n`` rows given the key arrays of each rule.

    Parameters
    ----------
    n : int
        Number of rows.
    groups : list of list of numpy.ndarray
        Per rule, one key array per column (None where missing: such a row is
        in no block of that rule).
    max_block : int
        Larger blocks are skipped, with a ``UserWarning``.

    Returns
    -------
    numpy.ndarray
        Shape ``(k, 2)``, sorted, ``i < j``.

    Examples
    --------
    >>> keys = [[np.array(["a", "a", "b", None], dtype=object)]]
    >>> pairs_from_keys(4, keys, max_block=10).tolist()
    [[0, 1]]
    """
    found = []
    for keys in groups:
        frame = pd.DataFrame({str(k): v for k, v in enumerate(keys)})
        usable = frame.notna().all(axis=1).to_numpy()
        if len(keys) == 1:
            code = pd.factorize(frame.iloc[:, 0])[0]
        else:
            code = frame.groupby(list(frame.columns), dropna=True, sort=False).ngroup().to_numpy()
        code = np.where(usable, code, -1)
        rows = np.flatnonzero(code >= 0)
        if rows.size < 2:
            continue
        order = rows[np.argsort(code[rows], kind="stable")]
        block = code[order]
        starts = np.flatnonzero(np.r_[True, block[1:] != block[:-1]])
        sizes = np.diff(np.r_[starts, len(block)])
        keep = (sizes >= 2) & (sizes <= max_block)
        too_big = sizes > max_block
        if too_big.any():  # say so: these rows are never compared with each other
            warnings.warn(
                f"{int(too_big.sum())} block(s) with more than {max_block:,} rows were not "
                f"compared (largest: {int(sizes.max()):,} rows; {int(sizes[too_big].sum()):,} "
                "rows in all). Block on something more specific, or raise max_block.",
                UserWarning,
                stacklevel=3,
            )
        if not keep.any():
            continue
        position = np.arange(len(block)) - np.repeat(starts, sizes)
        size_of = np.repeat(sizes, sizes)
        ok = np.repeat(keep, sizes)
        count = np.where(ok, size_of - position - 1, 0)
        left = np.repeat(np.arange(len(block)), count)
        offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        right = left + 1 + offset
        i, j = order[left], order[right]
        found.append(np.stack([np.minimum(i, j), np.maximum(i, j)], axis=1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    every = np.concatenate(found).astype(np.int64)
    packed = np.unique(every[:, 0] * n + every[:, 1])
    return np.stack([packed // n, packed % n], axis=1)
