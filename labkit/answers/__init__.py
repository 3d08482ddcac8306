"""Instant auto-checks for exercise answers.

``check(question_id, answer)`` compares an answer with the expected one,
computed from the learner's own world (its seed, size and locale), and shows
one of three verdicts: correct; not quite, with a hint that teaches; or not
answered yet (for ``...`` or ``None``). It never raises and never shows a
labkit traceback, whatever it is given. ``summary()`` shows the score so far.

Every check is remembered for the running kernel (:func:`results`) and, when
the environment variable ``LABKIT_RESULTS`` names a file, appended to it as
one JSON line; ``labkit grade`` reads that file to give points.

Examples
--------
>>> from labkit import check, load_world      # doctest: +SKIP
>>> world = load_world()                       # doctest: +SKIP
>>> check("00.q1", len(world.customers))       # doctest: +SKIP
✅ 00.q1 correct.
"""

from __future__ import annotations

import datetime as dt
import decimal
import html
import json
import math
import numbers
import os
import re
import sys
import types
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from labkit import questions as registry
from labkit.questions import AnyOf, Question

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World

__all__ = [
    "RESULTS_ENV",
    "Result",
    "Summary",
    "check",
    "clear_cache",
    "evaluate",
    "reset",
    "results",
    "summary",
]

#: Environment variable naming a file that every check appends one JSON line to.
RESULTS_ENV = "LABKIT_RESULTS"

CORRECT, INCORRECT, UNANSWERED, ERROR = "correct", "incorrect", "unanswered", "error"

# What a misbehaving answer may raise and a check catches. Not KeyboardInterrupt:
# the notebook's stop button must still stop a check.
_ERRORS = (Exception, SystemExit, GeneratorExit)

_ICONS = {CORRECT: "✅", INCORRECT: "❌", UNANSWERED: "⏳", ERROR: "⚠️"}
_HEADLINES = {
    CORRECT: "correct.",
    INCORRECT: "not quite.",
    UNANSWERED: "not answered yet.",
    ERROR: "could not be checked.",
}
_COLOURS = {CORRECT: "#2e7d32", INCORRECT: "#c62828", UNANSWERED: "#757575", ERROR: "#ef6c00"}
_UNANSWERED_HINT = "Replace the ... with your answer and run the cell again."
_KIT_PROBLEM = "This is a problem with labkit, not with your answer: please tell your instructor."

# The last result per question id in this kernel, in the order first checked.
_SESSION: dict[str, Result] = {}
# Expected answers and known wrong answers per (world fingerprint, key).
_CACHE: dict[tuple[str, str, Callable[..., Any]], Any] = {}
# Chapters whose expected answers were computed up front, per world fingerprint.
_WARMED: set[tuple[str, str]] = set()


# --------------------------------------------------------------------------- results


class _Displayable:
    """Shows itself once as plain text (terminal) or text + HTML (Jupyter)."""

    _shown: bool = False

    def text(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def html(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def show(self) -> None:
        """Display now: text and HTML in Jupyter, plain text elsewhere; never raises."""
        self._shown = True
        _display(self.text, self.html)

    def _ipython_display_(self) -> None:
        # check() and summary() display as they run; returning the object as a
        # cell's last value must not show it a second time.
        if not self._shown:
            self.show()


@dataclass(eq=False)
class Result(_Displayable):
    """The verdict on one answer.

    Attributes
    ----------
    question_id : str
        The question checked.
    status : str
        ``"correct"``, ``"incorrect"``, ``"unanswered"`` or ``"error"``.
    hint : str
        What to tell the learner (empty when correct).
    points, max_points : float
        Points earned and available.
    world : dict
        ``seed``, ``locale``, ``n_customers`` and ``fingerprint`` of the world the
        answer was checked against (empty when no world was needed).

    Examples
    --------
    >>> r = Result("00.q1", "incorrect", "You counted orders, not customers.")
    >>> r.correct, r.text()
    (False, '❌ 00.q1 not quite. You counted orders, not customers.')
    """

    question_id: str
    status: str
    hint: str = ""
    points: float = 0.0
    max_points: float = 1.0
    world: dict[str, Any] = field(default_factory=dict)

    @property
    def correct(self) -> bool:
        """Whether the answer is correct."""
        return self.status == CORRECT

    def __repr__(self) -> str:
        return f"<Result {self.question_id}: {self.status}>"

    def text(self) -> str:
        """The verdict as one line of plain text."""
        line = f"{_ICONS[self.status]} {self.question_id} {_HEADLINES[self.status]}"
        return f"{line} {self.hint}".rstrip()

    def html(self) -> str:
        """The verdict as a small HTML box (all learner text escaped)."""
        colour = _COLOURS[self.status]
        hint = f"<div>{html.escape(self.hint)}</div>" if self.hint else ""
        return (
            f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">'
            f"<strong>{_ICONS[self.status]} {html.escape(self.question_id)} "
            f"{_HEADLINES[self.status]}</strong>{hint}</div>"
        )

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready dict, as written to the ``LABKIT_RESULTS`` file."""
        return {
            "question_id": self.question_id,
            "status": self.status,
            "points": self.points,
            "max_points": self.max_points,
            "hint": self.hint,
            "world": self.world,
        }


@dataclass(eq=False)
class Summary(_Displayable):
    """The score so far in this kernel.

    Attributes
    ----------
    rows : list of (str, str)
        ``(question_id, status)`` for every question of the chapters checked so
        far; ``status`` is ``"unchecked"`` for questions not yet run.
    points, max_points : float
        Points so far and available.

    Examples
    --------
    >>> s = Summary([("00.q1", "correct"), ("00.q2", "unchecked")], 1.0, 2.0)
    >>> s.correct, s.total
    (1, 2)
    """

    rows: list[tuple[str, str]]
    points: float
    max_points: float
    note: str = ""

    @property
    def correct(self) -> int:
        """How many questions are answered correctly."""
        return sum(status == CORRECT for _, status in self.rows)

    @property
    def total(self) -> int:
        """How many questions there are."""
        return len(self.rows)

    def __repr__(self) -> str:
        return f"<Summary {self.correct} of {self.total} correct>"

    def _headline(self) -> str:
        if self.note:
            return self.note
        if not self.rows:
            return "No answers checked yet: run the question cells first."
        return (
            f"Score so far: {self.correct} of {self.total} questions correct "
            f"({_fmt(self.points)} of {_fmt(self.max_points)} points)."
        )

    def text(self) -> str:
        """The score and one line per question, as plain text."""
        lines = [self._headline()]
        for question_id, status in self.rows:
            icon = _ICONS.get(status, "·")
            words = _HEADLINES.get(status, "not checked yet.").rstrip(".")
            lines.append(f"  {icon} {question_id}  {words}")
        return "\n".join(lines)

    def html(self) -> str:
        """The score and a small table, as HTML."""
        cells = "".join(
            f"<tr><td>{_ICONS.get(s, '·')}</td><td>{html.escape(q)}</td>"
            f"<td>{_HEADLINES.get(s, 'not checked yet.').rstrip('.')}</td></tr>"
            for q, s in self.rows
        )
        table = f'<table style="margin:4px 0">{cells}</table>' if cells else ""
        return f"<div><strong>{html.escape(self._headline())}</strong>{table}</div>"


# --------------------------------------------------------------------------- public API


def check(question_id: str, answer: Any, world: World | None = None) -> Result:
    """Check an answer, show the verdict, and remember it.

    Parameters
    ----------
    question_id : str
        E.g. ``"00.q1"``.
    answer : object
        The learner's answer; ``...`` or ``None`` means not answered yet.
    world : World, optional
        The world to compute the expected answer from; by default the current
        world (the one last made or loaded).

    Returns
    -------
    Result
        The verdict. Shown already, so a cell ending in ``check(...)`` shows it once.

    Examples
    --------
    >>> check("00.q1", ...)
    ⏳ 00.q1 not answered yet. Replace the ... with your answer and run the cell again.
    <Result 00.q1: unanswered>
    """
    result = evaluate(question_id, answer, world)
    _remember(result)
    result.show()
    return result


def evaluate(question_id: str | Question, answer: Any, world: World | None = None) -> Result:
    """Judge an answer without showing or recording anything; never raises.

    Parameters
    ----------
    question_id : str or Question
        E.g. ``"00.q1"``; or a :class:`~labkit.questions.Question` that is not (yet)
        in the registry, to try out a new question.
    answer : object
        The learner's answer.
    world : World, optional
        The world to compute the expected answer from; by default the current world.

    Returns
    -------
    Result

    Examples
    --------
    >>> evaluate("00.q1", None).status
    'unanswered'
    """
    try:
        return _evaluate(question_id, answer, world)
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # a check must never raise
        return Result(_safe_id(question_id), ERROR, f"({_error_name(error)}) {_KIT_PROBLEM}")


def summary() -> Summary:
    """Show the score so far for this notebook session.

    Returns
    -------
    Summary
        Shown already; every question of each chapter checked so far is listed.

    Examples
    --------
    >>> reset()
    >>> summary()
    No answers checked yet: run the question cells first.
    <Summary 0 of 0 correct>
    """
    try:
        result = _summary()
    except _ERRORS as error:  # never raise in a learner's notebook
        result = Summary([], 0.0, 0.0, f"The score could not be computed ({_error_name(error)}).")
    result.show()
    return result


def results() -> list[Result]:
    """The last result of each question checked in this kernel, in first-checked order.

    Returns
    -------
    list of Result

    Examples
    --------
    >>> reset(); results()
    []
    """
    return list(_SESSION.values())


def reset() -> None:
    """Forget the results of this session (the score starts again from zero).

    Examples
    --------
    >>> reset()
    """
    _SESSION.clear()


def clear_cache() -> None:
    """Forget cached expected answers (they are recomputed on the next check).

    Examples
    --------
    >>> clear_cache()
    """
    _CACHE.clear()
    _WARMED.clear()


# --------------------------------------------------------------------------- evaluation


class _Hint(Exception):
    """Raised while reading an answer: the message is a hint for the learner."""


@dataclass(frozen=True)
class _Kind:
    """How to read, compare and diagnose answers of one kind."""

    coerce: Callable[[Any, Question], Any]
    same: Callable[[Any, Any, Question], bool]
    diagnose: Callable[[Any, Any, Question], str | None] = lambda a, e, q: None


def _evaluate(question_id: Any, answer: Any, world: World | None) -> Result:
    if isinstance(question_id, Question):
        question, qid = question_id, question_id.id
    else:
        qid = _safe_id(question_id)
        try:
            question = registry.get(qid)
        except KeyError as error:
            return Result(qid, ERROR, str(error.args[0]), max_points=0.0)
    if answer is None or answer is Ellipsis:
        return Result(qid, UNANSWERED, _UNANSWERED_HINT, max_points=question.points)

    def verdict(status: str, hint: str = "", info: dict[str, Any] | None = None) -> Result:
        points = question.points if status == CORRECT else 0.0
        return Result(qid, status, hint, points, question.points, info or {})

    try:
        world = world if world is not None else _current_world()
        info = _world_info(world)
    except _ERRORS as error:
        return verdict(ERROR, f"No world to check against ({_error_name(error)}). {_KIT_PROBLEM}")
    kind = _KINDS[question.kind]
    try:
        _warm(question.chapter, world)
        expected = _expected_value(question, world, kind)
    except _ERRORS as error:
        return verdict(
            ERROR,
            f"labkit could not compute the expected answer ({_error_name(error)}). " + _KIT_PROBLEM,
            info,
        )
    try:
        value = kind.coerce(answer, question)
    except _Hint as hint:
        return verdict(INCORRECT, str(hint), info)
    except _ERRORS as error:  # the learner's object misbehaved
        hint = (
            f"labkit could not read your answer as {question.describe} "
            f"(it raised {_error_name(error)}); give a plain value."
        )
        return verdict(INCORRECT, hint, info)
    if _matches(kind, value, expected, question):
        return verdict(CORRECT, info=info)
    return verdict(INCORRECT, _why_wrong(question, kind, value, expected, world), info)


def _why_wrong(question: Question, kind: _Kind, value: Any, expected: Any, world: World) -> str:
    """The most specific hint for a wrong answer: known mistake, kind, question."""
    for mistake in question.mistakes:
        try:
            wrong = _cached(world, question.id, mistake.compute)
            wrong = _coerce_expected(kind, wrong, question)
            if _matches(kind, value, wrong, question):
                return mistake.hint
        except _ERRORS:  # a broken mistake must not hide the verdict
            continue
    try:
        reason = kind.diagnose(value, _first(expected), question)
    except _ERRORS:
        reason = None
    parts = [p for p in (reason, question.hint) if p]
    return " ".join(parts) or "Have another look at the question."


def _matches(kind: _Kind, value: Any, expected: Any, question: Question) -> bool:
    options = expected.values if isinstance(expected, AnyOf) else (expected,)
    return any(_safe_bool(lambda o=o: kind.same(value, o, question)) for o in options)


def _expected_value(question: Question, world: World, kind: _Kind) -> Any:
    raw = _cached(world, question.id, question.expected)
    return _coerce_expected(kind, raw, question)


def _coerce_expected(kind: _Kind, raw: Any, question: Question) -> Any:
    if isinstance(raw, AnyOf):
        return AnyOf(tuple(kind.coerce(v, question) for v in raw.values))
    return kind.coerce(raw, question)


def _cached(world: World, question_id: str, compute: Callable[[World], Any]) -> Any:
    """``compute(world)``, once per world fingerprint, question and function."""
    key = (_fingerprint(world), question_id, compute)
    if key not in _CACHE:
        _CACHE[key] = compute(world)
    return _CACHE[key]


def _warm(chapter: str, world: World) -> None:
    """Compute a chapter's expected answers at its first check, before later cells
    of the notebook get a chance to modify the world's tables in place."""
    key = (_fingerprint(world), chapter)
    if key in _WARMED:
        return
    _WARMED.add(key)
    for question in registry.chapter_questions(chapter):
        try:
            _cached(world, question.id, question.expected)
        except _ERRORS:  # reported when that question is checked
            continue


def _current_world() -> World:
    from labkit.world import current_world

    return current_world()


def _fingerprint(world: Any) -> str:
    value = getattr(world, "fingerprint", None)
    return str(value) if value else f"object-{id(world)}"


def _world_info(world: Any) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, (bool, int, float, str)) or value is None:
            return value
        if isinstance(value, np.generic):
            return value.item()
        return str(value)

    names = ("seed", "locale", "n_customers", "fingerprint")
    return {name: plain(getattr(world, name, None)) for name in names}


def _first(expected: Any) -> Any:
    return expected.values[0] if isinstance(expected, AnyOf) else expected


# --------------------------------------------------------------------------- kinds


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _as_number(answer: Any, question: Question) -> float:
    """Read one number, or raise a hint saying what was given instead."""
    if isinstance(answer, (bool, np.bool_)):
        raise _Hint(
            f"You gave {bool(answer)}; the question asks for {question.describe}. "
            "(The sum() of a True/False column counts the True values; its mean() is a share.)"
        )
    if _is_real(answer) or isinstance(answer, decimal.Decimal):
        return float(answer)
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        return _as_number(answer.item(), question)
    if isinstance(answer, str) and _parses_as_float(answer):
        raise _Hint(
            f"You gave the text {_short(answer)!r}; give the number itself, without quotes "
            f"({question.describe})."
        )
    if isinstance(answer, tuple) and len(answer) == 2 and all(_is_real(x) for x in answer):
        raise _Hint(
            f"You gave a pair of numbers {_short(answer)}; the question asks for "
            f"{question.describe}. (df.shape is (rows, columns): df.shape[0] is the rows.)"
        )
    raise _Hint(_type_hint(answer, question))


def _coerce_count(answer: Any, question: Question) -> int:
    number = _as_number(answer, question)
    if math.isnan(number):
        raise _Hint(_nan_hint(question))
    if not math.isfinite(number) or number != int(number):
        raise _Hint(f"You gave {_fmt(number)}; a count is a whole number.")
    return int(number)


def _coerce_number(answer: Any, question: Question) -> float:
    return _as_number(answer, question)


def _same_number(value: float, expected: float, question: Question) -> bool:
    if math.isnan(value) or math.isnan(expected):
        return math.isnan(value) and math.isnan(expected)
    return math.isclose(value, expected, rel_tol=question.rtol, abs_tol=question.atol)


def _diagnose_number(value: float, expected: float, question: Question) -> str | None:
    if math.isnan(value):
        return _nan_hint(question)
    if math.isclose(value, expected, rel_tol=1e-2, abs_tol=question.atol):
        return (
            f"Close: {_fmt(value)} is near the answer but not within the tolerance. "
            "Did you round? Give the value you computed."
        )
    return None


def _diagnose_share(value: float, expected: float, question: Question) -> str | None:
    if math.isnan(value):
        return _nan_hint(question)
    if not 0.0 <= value <= 1.0:
        hint = f"You gave {_fmt(value)}; the question asks for a share between 0 and 1."
        if 1.0 < value <= 100.0 and math.isclose(value / 100, expected, abs_tol=5e-4):
            hint += " That looks like a percentage: divide it by 100."
        return hint
    return _diagnose_number(value, expected, question)


def _coerce_text(answer: Any, question: Question) -> str:
    if isinstance(answer, (str, np.str_)):
        return _norm_text(answer)
    hint = _type_hint(answer, question)
    if _is_real(answer):
        hint += " (idxmax() gives the label of the largest value; max() gives the value.)"
    raise _Hint(hint)


def _coerce_date(answer: Any, question: Question) -> pd.Timestamp:
    if answer is pd.NaT:
        raise _Hint("You gave NaT, a missing date: was the column empty after filtering?")
    if isinstance(answer, str):
        if not re.match(r"^\s*\d{4}-\d{1,2}-\d{1,2}([ T][\d:.]*)?\s*$", answer):
            raise _Hint(
                f"You gave the text {_short(answer)!r}, which is not a date like "
                "'2024-05-31'; give the date itself (a Timestamp)."
            )
        answer = answer.strip()
    if isinstance(answer, (str, dt.date, np.datetime64)):
        stamp = pd.Timestamp(answer)
        if stamp is pd.NaT:
            raise _Hint("You gave NaT, a missing date: was the column empty after filtering?")
        if stamp.tzinfo is not None:
            stamp = stamp.tz_localize(None)
        return stamp.normalize()
    raise _Hint(_type_hint(answer, question))


def _coerce_bool(answer: Any, question: Question) -> bool:
    if isinstance(answer, (bool, np.bool_)):
        return bool(answer)
    raise _Hint(_type_hint(answer, question))


def _coerce_collection(answer: Any, question: Question) -> list[Any]:
    if isinstance(answer, (str, bytes, dict, pd.DataFrame)) or not isinstance(
        answer, (list, tuple, set, frozenset, pd.Series, pd.Index, np.ndarray)
    ):
        hint = _type_hint(answer, question)
        if isinstance(answer, dict):
            hint += " (list(d) gives a dict's keys.)"
        elif isinstance(answer, pd.DataFrame):
            hint += " (Select one column, e.g. df['name'], or use df.index.)"
        elif isinstance(answer, str):
            hint += " Put the values in a list, e.g. ['a', 'b']."
        raise _Hint(hint)
    if isinstance(answer, np.ndarray) and answer.ndim != 1:
        raise _Hint(f"You gave {_describe(answer)}; the question asks for {question.describe}.")
    items = [_norm_value(item) for item in list(answer)]
    for item in items:
        hash(item)
    return items


def _coerce_set(answer: Any, question: Question) -> frozenset[Any]:
    return frozenset(_coerce_collection(answer, question))


def _coerce_sequence(answer: Any, question: Question) -> tuple[Any, ...]:
    return tuple(_coerce_collection(answer, question))


def _diagnose_set(value: frozenset[Any], expected: frozenset[Any], question: Question) -> str:
    found = len(value & expected)
    extra = sorted(value - expected, key=_sort_key)
    text = f"Your answer has {found} of the {len(expected)} expected values"
    if extra:
        shown = ", ".join(_short(x) for x in extra[:3]) + (" …" if len(extra) > 3 else "")
        text += f" and {len(extra)} that should not be there ({shown})"
    return text + "."


def _diagnose_sequence(
    value: tuple[Any, ...], expected: tuple[Any, ...], question: Question
) -> str:
    if len(value) == len(expected) and sorted(value, key=_sort_key) == sorted(
        expected, key=_sort_key
    ):
        return "You have the right values in the wrong order."
    if len(value) != len(expected):
        return f"Your list has {len(value)} values; the answer has {len(expected)}."
    return _diagnose_set(frozenset(value), frozenset(expected), question)


def _coerce_series(answer: Any, question: Question) -> pd.Series:
    if isinstance(answer, pd.Series):
        return answer
    hint = _type_hint(answer, question)
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        hint += " Select its column, e.g. df['column'], to get a Series."
    raise _Hint(hint)


def _series_problem(value: pd.Series, expected: pd.Series, question: Question) -> str | None:
    if len(value) != len(expected):
        return f"Your Series has {len(value)} values; the answer has {len(expected)}."
    mine = list(zip(map(_norm_value, value.index), map(_norm_value, value), strict=True))
    theirs = list(zip(map(_norm_value, expected.index), map(_norm_value, expected), strict=True))
    if not question.ordered:
        mine.sort(key=lambda pair: _sort_key(pair[0]))
        theirs.sort(key=lambda pair: _sort_key(pair[0]))
    labels, wanted = [m[0] for m in mine], [t[0] for t in theirs]
    if labels != wanted:
        if sorted(labels, key=_sort_key) == sorted(wanted, key=_sort_key):
            return "The labels are right but in the wrong order (sort_index() or sort_values()?)."
        odd = [x for x in labels if x not in set(wanted)][:3]
        example = f" (e.g. {', '.join(_short(x) for x in odd)})" if odd else ""
        return f"Your Series has different index labels{example}: check what you grouped by."
    wrong = [
        m[0] for m, t in zip(mine, theirs, strict=True) if not _cells_close(m[1], t[1], question)
    ]
    if wrong:
        return (
            f"The labels are right but {len(wrong)} of the {len(mine)} values differ "
            f"(first at {_short(wrong[0])})."
        )
    return None


def _coerce_frame(answer: Any, question: Question) -> pd.DataFrame:
    if isinstance(answer, pd.DataFrame):
        return answer
    hint = _type_hint(answer, question)
    if isinstance(answer, pd.Series):
        hint += " (series.reset_index() or series.to_frame() gives a DataFrame.)"
    raise _Hint(hint)


def _frame_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Move a named index into columns; drop an unnamed one."""
    named = any(name is not None for name in frame.index.names)
    return frame.reset_index() if named else frame.reset_index(drop=True)


def _frame_problem(value: pd.DataFrame, expected: pd.DataFrame, question: Question) -> str | None:
    mine, theirs = _frame_rows(value), _frame_rows(expected)
    by_name = {_norm_text(str(c)): c for c in mine.columns}
    wanted = [_norm_text(str(c)) for c in theirs.columns]
    missing = [str(c) for c, n in zip(theirs.columns, wanted, strict=True) if n not in by_name]
    extra = [str(c) for n, c in by_name.items() if n not in wanted]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing columns: " + ", ".join(missing))
        if extra:
            parts.append("columns that should not be there: " + ", ".join(extra))
        return "Your table has " + "; ".join(parts) + "."
    if len(mine) != len(theirs):
        return f"Your table has {len(mine)} rows; the answer has {len(theirs)}."
    rows_mine = [
        tuple(map(_norm_value, r))
        for r in mine[[by_name[n] for n in wanted]].itertuples(index=False)
    ]
    rows_theirs = [tuple(map(_norm_value, r)) for r in theirs.itertuples(index=False)]
    if not question.ordered:
        rows_mine.sort(key=lambda row: tuple(map(_sort_key, row)))
        rows_theirs.sort(key=lambda row: tuple(map(_sort_key, row)))
    bad_columns = {
        str(theirs.columns[i])
        for a, b in zip(rows_mine, rows_theirs, strict=True)
        for i, (x, y) in enumerate(zip(a, b, strict=True))
        if not _cells_close(x, y, question)
    }
    if bad_columns:
        return "The shape is right but values differ in: " + ", ".join(sorted(bad_columns)) + "."
    return None


_KINDS: dict[str, _Kind] = {
    "count": _Kind(_coerce_count, lambda a, e, q: a == e),
    "number": _Kind(_coerce_number, _same_number, _diagnose_number),
    "share": _Kind(_coerce_number, _same_number, _diagnose_share),
    "text": _Kind(_coerce_text, lambda a, e, q: a == e),
    "date": _Kind(_coerce_date, lambda a, e, q: a == e),
    "bool": _Kind(_coerce_bool, lambda a, e, q: a == e),
    "set": _Kind(_coerce_set, lambda a, e, q: a == e, _diagnose_set),
    "sequence": _Kind(_coerce_sequence, lambda a, e, q: a == e, _diagnose_sequence),
    "series": _Kind(
        _coerce_series, lambda a, e, q: _series_problem(a, e, q) is None, _series_problem
    ),
    "frame": _Kind(_coerce_frame, lambda a, e, q: _frame_problem(a, e, q) is None, _frame_problem),
}
if set(_KINDS) != set(registry.KIND_DESCRIPTIONS):  # pragma: no cover - a developer slip
    raise RuntimeError("labkit.answers and labkit.questions disagree on the kinds of answer")


# --------------------------------------------------------------------------- value helpers


class _Missing:
    """Stands for None, NaN, NaT and NA inside collections and tables."""

    def __repr__(self) -> str:
        return "missing"


_MISSING = _Missing()


def _norm_text(text: str) -> str:
    """Case-, width- and whitespace-insensitive form of a text answer."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


def _norm_value(value: Any) -> Any:
    """A comparable, hashable form of one cell or collection item."""
    if value is None or value is pd.NA or value is pd.NaT:
        return _MISSING
    if isinstance(value, (str, np.str_)):
        return _norm_text(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, np.generic) and not isinstance(value, np.datetime64):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return _MISSING
    if isinstance(value, (dt.date, np.datetime64)):
        stamp = pd.Timestamp(value)
        return _MISSING if stamp is pd.NaT else stamp
    return value


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is _MISSING:
        return (0, 0)
    if _is_real(value) or isinstance(value, bool):
        return (1, float(value))
    if isinstance(value, str):
        return (2, value)
    if isinstance(value, pd.Timestamp):
        return (3, value.isoformat())
    return (4, _short(value))


def _cells_close(a: Any, b: Any, question: Question) -> bool:
    if a is _MISSING or b is _MISSING:
        return a is b
    if _is_real(a) and _is_real(b):
        return _same_number(float(a), float(b), question)
    return _safe_bool(lambda: a == b)


def _safe_bool(compute: Callable[[], Any]) -> bool:
    try:
        outcome = compute()
        return outcome is True or (isinstance(outcome, np.bool_) and bool(outcome))
    except _ERRORS:  # an answer that cannot be compared is not equal
        return False


def _parses_as_float(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _nan_hint(question: Question) -> str:
    return (
        "You gave NaN (not a number): a mean or ratio over an empty selection, "
        f"or missing values? The question asks for {question.describe}."
    )


def _type_hint(answer: Any, question: Question) -> str:
    return f"You gave {_describe(answer)}; the question asks for {question.describe}."


def _describe(answer: Any) -> str:
    """Say in words what kind of value a learner gave; never raises."""
    try:
        return _describe_unsafe(answer)
    except _ERRORS:
        return _an(type(answer).__name__) + " object"


def _an(word: str) -> str:
    """'a' or 'an' before a word, for hints that read well ("an object", "a float")."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _describe_unsafe(answer: Any) -> str:
    if answer is pd.NA or answer is pd.NaT:
        return "a missing value"
    if isinstance(answer, (bool, np.bool_)):
        return str(bool(answer))
    if isinstance(answer, pd.DataFrame):
        rows, columns = answer.shape
        return f"a DataFrame (a table of {rows} rows × {columns} columns)"
    if isinstance(answer, pd.Series):
        return f"a Series of {len(answer)} values"
    if isinstance(answer, pd.Index):
        return f"an Index of {len(answer)} values"
    if isinstance(answer, np.ndarray):
        return f"a NumPy array of shape {answer.shape}"
    if _is_real(answer) or isinstance(answer, decimal.Decimal):
        return f"the number {_fmt(answer)}"
    if isinstance(answer, (str, np.str_)):
        return f"the text {_short(str(answer))!r}"
    if isinstance(answer, (dt.date, np.datetime64)):
        return f"the date {_short(answer)}"
    if isinstance(answer, (list, tuple, set, frozenset, dict)):
        noun = {list: "list", tuple: "tuple", dict: "dict"}.get(type(answer), "set")
        return f"a {noun} of {len(answer)} items"
    if isinstance(answer, types.ModuleType):
        return "a module"
    if callable(answer):
        return "a function or method (did you forget to call it with ()?)"
    if isinstance(answer, Iterable):
        return f"{_an(type(answer).__name__)} (an iterable)"
    name = type(answer).__name__
    return "a bare object()" if name == "object" else f"{_an(name)} object"


def _fmt(number: Any) -> str:
    try:
        value = float(number)
    except _ERRORS:
        return _short(number)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else format(value, ".10g")


def _short(value: Any, limit: int = 60) -> str:
    try:
        text = str(value.item()) if isinstance(value, np.generic) else str(value)
    except _ERRORS:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _safe_id(question_id: Any) -> str:
    try:  # even isinstance() can raise, for an object whose __class__ does
        text = question_id.strip() if isinstance(question_id, str) else question_id
    except _ERRORS:
        return f"<{type(question_id).__name__}>"
    return _short(text, 40)


def _error_name(error: BaseException) -> str:
    try:
        detail = _short(str(error), 120)
    except _ERRORS:
        detail = ""
    name = type(error).__name__
    return f"{name}: {detail}" if detail else name


# --------------------------------------------------------------------------- session & display


def _remember(result: Result) -> None:
    """Keep the result for summary() and append it to the LABKIT_RESULTS file, if set."""
    try:
        _SESSION[result.question_id] = result
        path = os.environ.get(RESULTS_ENV)
        if path:
            with open(path, "a", encoding="utf-8") as sink:
                sink.write(json.dumps(result.to_record(), ensure_ascii=False) + "\n")
    except _ERRORS:  # recording must not break the learner's notebook
        pass


def _summary() -> Summary:
    checked = list(_SESSION.values())
    chapters = sorted(
        {r.question_id[:2] for r in checked if registry.ID_PATTERN.match(r.question_id)}
    )
    rows: list[tuple[str, str]] = []
    points = max_points = 0.0
    for chapter in chapters:
        for question in registry.chapter_questions(chapter):
            result = _SESSION.get(question.id)
            rows.append((question.id, "unchecked" if result is None else result.status))
            points += 0.0 if result is None else result.points
            max_points += question.points
    return Summary(rows, points, max_points)


def _display(text: Callable[[], str], markup: Callable[[], str]) -> None:
    """Show text + HTML in a Jupyter kernel, plain text elsewhere; never raises."""
    try:
        plain = text()
    except _ERRORS:
        plain = "labkit could not format this message."
    try:
        shell = _jupyter_shell()
        if shell is not None:
            from IPython.display import display

            display({"text/plain": plain, "text/html": markup()}, raw=True)
            return
    except _ERRORS:  # fall back to print
        pass
    try:
        print(plain)
    except UnicodeEncodeError:
        print(plain.encode("ascii", "replace").decode("ascii"))
    except _ERRORS:
        pass


def _jupyter_shell() -> Any:
    """The running IPython kernel shell, or None (terminal IPython and plain Python)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    shell = ipython.get_ipython()
    return shell if getattr(shell, "kernel", None) is not None else None
