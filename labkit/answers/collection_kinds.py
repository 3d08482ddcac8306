"""Answer kinds of many values: set, sequence, pandas Series and DataFrame.

A set ignores order and repeats; a sequence keeps order; a Series is compared
label by label and a DataFrame row by row, with the question's tolerance for
numbers and (unless the question is ``ordered``) in any row order. The
``*_problem`` functions say what differs, or return None when nothing does:
they are both the comparison and the diagnosis of these kinds.

Examples
--------
>>> import pandas as pd
>>> from labkit.questions import Question
>>> question = Question("00.q90", "Per region?", lambda w: None, "series")
>>> expected = pd.Series({"north": 3.0, "south": 1.5})
>>> series_problem(pd.Series({"south": 1.5, "north": 3.0}), expected, question) is None
True
>>> series_problem(pd.Series({"north": 3.0, "south": 2.5}), expected, question)
'The labels are right but 1 of the 2 values differ (first at south).'
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from labkit.answers.hints import Hint, describe, type_hint
from labkit.answers.safety import shorten
from labkit.answers.values import cells_close, norm_text, norm_value, sort_key
from labkit.i18n import _, join_sentences
from labkit.questions import Question

__all__ = [
    "coerce_collection",
    "coerce_frame",
    "coerce_sequence",
    "coerce_series",
    "coerce_set",
    "diagnose_sequence",
    "diagnose_set",
    "frame_problem",
    "series_problem",
]


def coerce_collection(answer: Any, question: Question) -> list[Any]:
    """Read a list, tuple, set, Series, Index or 1-d array into normalised items.

    Parameters
    ----------
    answer : object
        The learner's answer.
    question : Question
        The question, for its description of the answer in hints.

    Returns
    -------
    list
        The items, each in its comparable form (see :func:`~labkit.answers.values.norm_value`).

    Raises
    ------
    Hint
        For a text, a dict, a DataFrame, a 2-d array or anything else not a collection.

    Examples
    --------
    >>> question = Question("00.q90", "Which?", lambda w: [], "set")
    >>> coerce_collection(pd.Index(["Store", "online"]), question)
    ['store', 'online']
    """
    if isinstance(answer, (str, bytes, dict, pd.DataFrame)) or not isinstance(
        answer, (list, tuple, set, frozenset, pd.Series, pd.Index, np.ndarray)
    ):
        hint = type_hint(answer, question)
        if isinstance(answer, dict):
            hint = join_sentences(hint, _("(list(d) gives a dict's keys.)"))
        elif isinstance(answer, pd.DataFrame):
            hint = join_sentences(hint, _("(Select one column, e.g. df['name'], or use df.index.)"))
        elif isinstance(answer, str):
            hint = join_sentences(hint, _("Put the values in a list, e.g. ['a', 'b']."))
        raise Hint(hint)
    if isinstance(answer, np.ndarray) and answer.ndim != 1:
        raise Hint(
            _("You gave {answer}; the question asks for {kind}.").format(
                answer=describe(answer), kind=_(question.describe)
            )
        )
    items = [norm_value(item) for item in list(answer)]
    for item in items:
        hash(item)
    return items


def coerce_set(answer: Any, question: Question) -> frozenset[Any]:
    """Read a collection as a set of values (order and repeats do not matter).

    Examples
    --------
    >>> question = Question("00.q90", "Which?", lambda w: [], "set")
    >>> sorted(coerce_set(["b", "a", "b"], question))
    ['a', 'b']
    """
    return frozenset(coerce_collection(answer, question))


def coerce_sequence(answer: Any, question: Question) -> tuple[Any, ...]:
    """Read a collection as a sequence of values in order.

    Examples
    --------
    >>> question = Question("00.q90", "Rank?", lambda w: [], "sequence")
    >>> coerce_sequence(np.array([3, 1]), question)
    (3, 1)
    """
    return tuple(coerce_collection(answer, question))


def diagnose_set(value: frozenset[Any], expected: frozenset[Any], question: Question) -> str:
    """How many expected values a set has, and which ones should not be there.

    Examples
    --------
    >>> question = Question("00.q90", "Which?", lambda w: [], "set")
    >>> diagnose_set(frozenset({"a", "x"}), frozenset({"a", "b"}), question)
    'Your answer has 1 of the 2 expected values and 1 that should not be there (x).'
    """
    found = len(value & expected)
    extra = sorted(value - expected, key=sort_key)
    if not extra:
        return _("Your answer has {found} of the {expected} expected values.").format(
            found=found, expected=len(expected)
        )
    shown = ", ".join(shorten(x) for x in extra[:3]) + (" …" if len(extra) > 3 else "")
    return _(
        "Your answer has {found} of the {expected} expected values "
        "and {extra} that should not be there ({shown})."
    ).format(found=found, expected=len(expected), extra=len(extra), shown=shown)


def diagnose_sequence(value: tuple[Any, ...], expected: tuple[Any, ...], question: Question) -> str:
    """Right values in the wrong order, a different length, or different values.

    Examples
    --------
    >>> question = Question("00.q90", "Rank?", lambda w: [], "sequence")
    >>> diagnose_sequence(("b", "a"), ("a", "b"), question)
    'You have the right values in the wrong order.'
    """
    if len(value) == len(expected) and sorted(value, key=sort_key) == sorted(
        expected, key=sort_key
    ):
        return _("You have the right values in the wrong order.")
    if len(value) != len(expected):
        return _("Your list has {n} values; the answer has {expected}.").format(
            n=len(value), expected=len(expected)
        )
    return diagnose_set(frozenset(value), frozenset(expected), question)


def coerce_series(answer: Any, question: Question) -> pd.Series:
    """Accept a pandas Series as it is; anything else is a hint.

    Examples
    --------
    >>> question = Question("00.q90", "Per region?", lambda w: None, "series")
    >>> coerce_series(pd.Series([1]), question).tolist()
    [1]
    """
    if isinstance(answer, pd.Series):
        return answer
    hint = type_hint(answer, question)
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        hint = join_sentences(hint, _("Select its column, e.g. df['column'], to get a Series."))
    raise Hint(hint)


def series_problem(value: pd.Series, expected: pd.Series, question: Question) -> str | None:
    """What differs between two Series (length, labels, order, values), or None.

    Examples
    --------
    >>> question = Question("00.q90", "Per region?", lambda w: None, "series")
    >>> series_problem(pd.Series([1, 2]), pd.Series([1]), question)
    'Your Series has 2 values; the answer has 1.'
    """
    if len(value) != len(expected):
        return _("Your Series has {n} values; the answer has {expected}.").format(
            n=len(value), expected=len(expected)
        )
    mine = list(zip(map(norm_value, value.index), map(norm_value, value), strict=True))
    theirs = list(zip(map(norm_value, expected.index), map(norm_value, expected), strict=True))
    if not question.ordered:
        mine.sort(key=lambda pair: sort_key(pair[0]))
        theirs.sort(key=lambda pair: sort_key(pair[0]))
    labels, wanted = [m[0] for m in mine], [t[0] for t in theirs]
    if labels != wanted:
        if sorted(labels, key=sort_key) == sorted(wanted, key=sort_key):
            return _(
                "The labels are right but in the wrong order (sort_index() or sort_values()?)."
            )
        odd = [x for x in labels if x not in set(wanted)][:3]
        if odd:
            return _(
                "Your Series has different index labels (e.g. {labels}): check what you grouped by."
            ).format(labels=", ".join(shorten(x) for x in odd))
        return _("Your Series has different index labels: check what you grouped by.")
    wrong = [
        m[0] for m, t in zip(mine, theirs, strict=True) if not cells_close(m[1], t[1], question)
    ]
    if wrong:
        return _(
            "The labels are right but {wrong} of the {n} values differ (first at {first})."
        ).format(wrong=len(wrong), n=len(mine), first=shorten(wrong[0]))
    return None


def coerce_frame(answer: Any, question: Question) -> pd.DataFrame:
    """Accept a pandas DataFrame as it is; anything else is a hint.

    Examples
    --------
    >>> question = Question("00.q90", "Table?", lambda w: None, "frame")
    >>> coerce_frame(pd.DataFrame({"a": [1]}), question).shape
    (1, 1)
    """
    if isinstance(answer, pd.DataFrame):
        return answer
    hint = type_hint(answer, question)
    if isinstance(answer, pd.Series):
        hint = join_sentences(
            hint, _("(series.reset_index() or series.to_frame() gives a DataFrame.)")
        )
    raise Hint(hint)


def frame_problem(value: pd.DataFrame, expected: pd.DataFrame, question: Question) -> str | None:
    """What differs between two tables (columns, rows, values), or None.

    A named index counts as columns and an unnamed one is ignored, so
    ``df.set_index("province")`` matches ``df``; columns match by name in any order.

    Examples
    --------
    >>> question = Question("00.q90", "Table?", lambda w: None, "frame")
    >>> expected = pd.DataFrame({"province": ["A", "B"], "customers": [10, 20]})
    >>> frame_problem(expected.set_index("province"), expected, question) is None
    True
    >>> frame_problem(expected[["province"]], expected, question)
    'Your table has missing columns: customers.'
    """
    mine, theirs = _frame_rows(value), _frame_rows(expected)
    by_name = {norm_text(str(c)): c for c in mine.columns}
    wanted = [norm_text(str(c)) for c in theirs.columns]
    missing = [str(c) for c, n in zip(theirs.columns, wanted, strict=True) if n not in by_name]
    extra = [str(c) for n, c in by_name.items() if n not in wanted]
    if missing and extra:
        return _(
            "Your table has missing columns: {missing}; columns that should not be there: {extra}."
        ).format(missing=", ".join(missing), extra=", ".join(extra))
    if missing:
        return _("Your table has missing columns: {missing}.").format(missing=", ".join(missing))
    if extra:
        return _("Your table has columns that should not be there: {extra}.").format(
            extra=", ".join(extra)
        )
    if len(mine) != len(theirs):
        return _("Your table has {n} rows; the answer has {expected}.").format(
            n=len(mine), expected=len(theirs)
        )
    rows_mine = [
        tuple(map(norm_value, r))
        for r in mine[[by_name[n] for n in wanted]].itertuples(index=False)
    ]
    rows_theirs = [tuple(map(norm_value, r)) for r in theirs.itertuples(index=False)]
    if not question.ordered:
        rows_mine.sort(key=lambda row: tuple(map(sort_key, row)))
        rows_theirs.sort(key=lambda row: tuple(map(sort_key, row)))
    bad_columns = {
        str(theirs.columns[i])
        for a, b in zip(rows_mine, rows_theirs, strict=True)
        for i, (x, y) in enumerate(zip(a, b, strict=True))
        if not cells_close(x, y, question)
    }
    if bad_columns:
        return _("The shape is right but values differ in: {columns}.").format(
            columns=", ".join(sorted(bad_columns))
        )
    return None


def _frame_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Move a named index into columns; drop an unnamed one."""
    named = any(name is not None for name in frame.index.names)
    return frame.reset_index() if named else frame.reset_index(drop=True)
