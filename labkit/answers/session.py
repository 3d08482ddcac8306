"""The learner's session: check, remember each verdict, the score, the results file.

:func:`check` judges an answer (with :func:`labkit.answers.judging.judge`)
against the session's world (:mod:`labkit.answers.judged_world`), shows the
verdict, and remembers it: for :func:`summary` and :func:`results` in this
kernel, and, when the environment variable ``LABKIT_RESULTS``
(:data:`labkit.settings.ENV_RESULTS`) names a file, as one JSON line appended
to it with the answer itself (:mod:`labkit.answers.transcript`). ``labkit grade``
judges that recorded answer again in its own process: the points a kernel
reports are never trusted. :func:`submit` records an answer for the grader
without judging it, for a question the instructor keeps private.

Examples
--------
>>> reset()
>>> check("00.q1", ...)
○ 00.q1 not answered yet. Replace the ... with your answer and run the cell again.
<Result 00.q1: unanswered>
>>> [r.question_id for r in results()]
['00.q1']
>>> reset()
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from labkit import questions as registry
from labkit import settings
from labkit.answers import judged_world
from labkit.answers.judging import judge
from labkit.answers.safety import CAUGHT, error_name, safe_id
from labkit.answers.transcript import record_line
from labkit.answers.verdicts import RECORDED, UNANSWERED, Result, Summary
from labkit.i18n import _

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World

__all__ = ["RESULTS_ENV", "check", "reset", "results", "submit", "summary"]

#: Environment variable naming a file that every check appends one JSON line to.
RESULTS_ENV = settings.ENV_RESULTS

# The last result per question id in this kernel, in the order first checked.
_SESSION: dict[str, Result] = {}


def check(question_id: str, answer: Any, world: World | None = None) -> Result:
    """Check an answer, show the verdict, and remember it; never raises.

    Parameters
    ----------
    question_id : str
        E.g. ``"00.q1"``.
    answer : object
        The learner's answer; ``...`` or ``None`` means not answered yet.
    world : World, optional
        The world to compute the expected answer from, for this check only. By
        default the session's world: the one set with :func:`use_world`, else
        the one loaded when the session's first answer was checked (see
        :mod:`labkit.answers.judged_world`).

    Returns
    -------
    Result
        The verdict. Shown already, so a cell ending in ``check(...)`` shows it once.

    Examples
    --------
    >>> check("00.q1", ...)
    ○ 00.q1 not answered yet. Replace the ... with your answer and run the cell again.
    <Result 00.q1: unanswered>
    """
    if world is not None:
        result = judge(question_id, answer, lambda: world)
    else:
        result = judge(question_id, answer, judged_world.world_for_check)
        _add_switch_note(result)
    _remember(result, answer)
    result.show()
    return result


def submit(question_id: str, answer: Any) -> Result:
    """Record an answer for grading without checking it; never raises.

    For a question your instructor keeps private: the grader (``labkit grade
    --questions``) judges the recorded answer against your assigned world. There
    is no instant verdict, and the answer does not count in :func:`summary`.

    Parameters
    ----------
    question_id : str
        E.g. ``"00.q7"``.
    answer : object
        Your answer; ``...`` or ``None`` means not answered yet.

    Returns
    -------
    Result
        Status ``"recorded"`` (or ``"unanswered"``), shown already.

    Examples
    --------
    >>> submit("00.q7", 42)
    ✉ 00.q7 recorded for grading. Your instructor's grader checks this answer.
    <Result 00.q7: recorded>
    >>> reset()
    """
    try:
        question = safe_id(question_id)
        if answer is None or answer is Ellipsis:
            hint = _("Replace the ... with your answer and run the cell again.")
            result = Result(question, UNANSWERED, hint, max_points=0.0)
        else:
            hint = _("Your instructor's grader checks this answer.")
            result = Result(question, RECORDED, hint, max_points=0.0)
    except CAUGHT:  # never raise in a learner's notebook
        result = Result("<question>", UNANSWERED, max_points=0.0)
    _remember(result, answer)
    result.show()
    return result


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
        score = _score()
    except CAUGHT as error:  # never raise in a learner's notebook
        note = _("The score could not be computed ({error}).").format(error=error_name(error))
        score = Summary([], 0.0, 0.0, note)
    score.show()
    return score


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
    """Start the session again: forget its results and which world it judges against.

    The score starts again from zero, and the next check binds the session to
    the world loaded last (see :mod:`labkit.answers.judged_world`).

    Examples
    --------
    >>> reset()
    """
    _SESSION.clear()
    judged_world.unbind()


def _add_switch_note(result: Result) -> None:
    """Say in the verdict when it was judged against another world than the one loaded last."""
    if not result.world:  # judged without a world: nothing to say
        return
    try:
        result.note = judged_world.switch_note()
    except CAUGHT:  # a note must not break the verdict
        pass


def _remember(result: Result, answer: Any) -> None:
    """Keep the result for summary(); append it with the answer to $LABKIT_RESULTS, if set."""
    try:
        _SESSION[result.question_id] = result
        path = os.environ.get(RESULTS_ENV)
        if path:
            line = record_line(result, answer)
            with open(path, "a", encoding="utf-8") as sink:
                sink.write(line)
    except CAUGHT:  # recording must not break the learner's notebook
        pass


def _score() -> Summary:
    """Every question of each chapter checked so far, with its status and points."""
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
