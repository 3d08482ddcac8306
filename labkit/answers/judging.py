"""Judging one answer: the expected value (cached per world), known mistakes, the verdict.

:func:`evaluate` is a pure function of (question, answer, world): it shows and
records nothing, and never raises. The expected answer is computed from the
world by the question's ``expected`` function, once per world fingerprint (the
first check of a chapter computes the whole chapter's, before later cells can
change the world's tables in place). A wrong answer gets the most specific
hint: the hint of a known mistake it equals, else what its kind can say about
it, else the question's hint.

Examples
--------
>>> from labkit.questions import Question
>>> question = Question("00.q90", "How many?", lambda w: 4, "count", hint="Count again.")
>>> evaluate(question, 4, object()).status
'correct'
>>> evaluate(question, 5, object()).hint
'Count again.'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from labkit import questions as registry
from labkit.answers.hints import Hint
from labkit.answers.judged_world import current_world, world_fingerprint
from labkit.answers.kinds import KINDS, Kind
from labkit.answers.safety import CAUGHT, KIT_PROBLEM, error_name, safe_bool, safe_id
from labkit.answers.verdicts import CORRECT, ERROR, INCORRECT, UNANSWERED, Result
from labkit.i18n import N_, _, join_sentences
from labkit.questions import AnyOf, Question

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World

__all__ = ["clear_cache", "evaluate", "judge"]

_UNANSWERED_HINT = N_("Replace the ... with your answer and run the cell again.")

# Expected answers and known wrong answers per (world fingerprint, question id, function).
_CACHE: dict[tuple[str, str, Callable[..., Any]], Any] = {}
# Chapters whose expected answers were computed up front, per world fingerprint.
_WARMED: set[tuple[str, str]] = set()


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
        The world to compute the expected answer from; by default the one
        ``check()`` would judge against now (:func:`labkit.answers.current_world`).

    Returns
    -------
    Result

    Examples
    --------
    >>> evaluate("00.q1", None).status
    'unanswered'
    """
    return judge(question_id, answer, (lambda: world) if world is not None else current_world)


def judge(question_id: str | Question, answer: Any, world_source: Callable[[], World]) -> Result:
    """Judge an answer against the world ``world_source()`` gives; never raises.

    ``world_source`` is called only when the answer needs a world: a blank
    answer or an unknown question id is judged without one.

    Parameters
    ----------
    question_id : str or Question
        As for :func:`evaluate`.
    answer : object
        The learner's answer.
    world_source : callable
        Gives the world; what it raises is reported as "no world to check against".

    Returns
    -------
    Result

    Examples
    --------
    >>> judge("00.q1", ..., lambda: 1 / 0).status
    'unanswered'
    >>> judge("00.q1", 5, lambda: 1 / 0).hint[:25]
    'No world to check against'
    """
    try:
        return _judge(question_id, answer, world_source)
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # a check must never raise
        return Result(safe_id(question_id), ERROR, f"({error_name(error)}) {_(KIT_PROBLEM)}")


def clear_cache() -> None:
    """Forget cached expected answers (they are recomputed on the next check).

    Examples
    --------
    >>> clear_cache()
    """
    _CACHE.clear()
    _WARMED.clear()


def _judge(question_id: Any, answer: Any, world_source: Callable[[], World]) -> Result:
    if isinstance(question_id, Question):
        question, qid = question_id, question_id.id
    else:
        qid = safe_id(question_id)
        try:
            question = registry.get(qid)
        except KeyError as error:
            return Result(qid, ERROR, str(error.args[0]), max_points=0.0)
    if answer is None or answer is Ellipsis:
        return Result(qid, UNANSWERED, _(_UNANSWERED_HINT), max_points=question.points)

    def verdict(status: str, hint: str = "", info: dict[str, Any] | None = None) -> Result:
        points = question.points if status == CORRECT else 0.0
        return Result(qid, status, hint, points, question.points, info or {})

    try:
        world = world_source()
        info = _world_info(world)
    except CAUGHT as error:
        hint = _("No world to check against ({error}).").format(error=error_name(error))
        return verdict(ERROR, f"{hint} {_(KIT_PROBLEM)}")
    kind = KINDS[question.kind]
    try:
        _warm(question.chapter, world)
        expected = _coerce_expected(kind, _cached(world, question.id, question.expected), question)
    except CAUGHT as error:
        hint = _("labkit could not compute the expected answer ({error}).").format(
            error=error_name(error)
        )
        return verdict(ERROR, f"{hint} {_(KIT_PROBLEM)}", info)
    try:
        value = kind.coerce(answer, question)
    except Hint as hint:
        return verdict(INCORRECT, str(hint), info)
    except CAUGHT as error:  # the learner's object misbehaved
        hint = _(
            "labkit could not read your answer as {kind} (it raised {error}); give a plain value."
        ).format(kind=_(question.describe), error=error_name(error))
        return verdict(INCORRECT, hint, info)
    if _matches(kind, value, expected, question):
        return verdict(CORRECT, info=info)
    return verdict(INCORRECT, _why_wrong(question, kind, value, expected, world), info)


def _why_wrong(question: Question, kind: Kind, value: Any, expected: Any, world: World) -> str:
    """The most specific hint for a wrong answer: known mistake, kind, question."""
    for mistake in question.mistakes:
        try:
            wrong = _coerce_expected(kind, _cached(world, question.id, mistake.compute), question)
            if _matches(kind, value, wrong, question):
                return _(mistake.hint)
        except CAUGHT:  # a broken mistake must not hide the verdict
            continue
    try:
        first = expected.values[0] if isinstance(expected, AnyOf) else expected
        reason = kind.diagnose(value, first, question)
    except CAUGHT:
        reason = None
    parts = [p for p in (reason, _(question.hint)) if p]
    return join_sentences(*parts) or _("Have another look at the question.")


def _matches(kind: Kind, value: Any, expected: Any, question: Question) -> bool:
    options = expected.values if isinstance(expected, AnyOf) else (expected,)
    return any(safe_bool(lambda o=o: kind.same(value, o, question)) for o in options)


def _coerce_expected(kind: Kind, raw: Any, question: Question) -> Any:
    if isinstance(raw, AnyOf):
        return AnyOf(tuple(kind.coerce(v, question) for v in raw.values))
    return kind.coerce(raw, question)


def _cached(world: World, question_id: str, compute: Callable[[World], Any]) -> Any:
    """``compute(world)``, once per world fingerprint, question and function."""
    key = (world_fingerprint(world), question_id, compute)
    if key not in _CACHE:
        _CACHE[key] = compute(world)
    return _CACHE[key]


def _warm(chapter: str, world: World) -> None:
    """Compute a chapter's expected answers at its first check, before later cells
    of the notebook get a chance to modify the world's tables in place."""
    key = (world_fingerprint(world), chapter)
    if key in _WARMED:
        return
    _WARMED.add(key)
    for question in registry.chapter_questions(chapter):
        try:
            _cached(world, question.id, question.expected)
        except CAUGHT:  # reported when that question is checked
            continue


def _world_info(world: Any) -> dict[str, Any]:
    """``seed``, ``locale``, ``n_customers`` and ``fingerprint`` as plain JSON values."""

    def plain(value: Any) -> Any:
        if isinstance(value, (bool, int, float, str)) or value is None:
            return value
        if isinstance(value, np.generic):
            return value.item()
        return str(value)

    names = ("seed", "locale", "n_customers", "fingerprint")
    return {name: plain(getattr(world, name, None)) for name in names}
