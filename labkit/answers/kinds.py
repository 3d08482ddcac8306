"""The ten kinds of answer, each a way to read, compare and diagnose an answer.

A question's ``kind`` (see :data:`labkit.questions.KIND_DESCRIPTIONS`) names one
:class:`Kind` in :data:`KINDS`. The readers and diagnoses live in
:mod:`labkit.answers.scalar_kinds` (count, number, share, text, date, bool) and
:mod:`labkit.answers.collection_kinds` (set, sequence, series, frame).

Examples
--------
>>> from labkit.questions import Question
>>> question = Question("00.q90", "Which?", lambda w: ["a", "b"], "set")
>>> kind = KINDS[question.kind]
>>> kind.same(kind.coerce(["B", "a"], question), kind.coerce(["a", "b"], question), question)
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from labkit.answers.collection_kinds import (
    coerce_frame,
    coerce_sequence,
    coerce_series,
    coerce_set,
    diagnose_sequence,
    diagnose_set,
    frame_problem,
    series_problem,
)
from labkit.answers.scalar_kinds import (
    coerce_bool,
    coerce_count,
    coerce_date,
    coerce_number,
    coerce_text,
    diagnose_number,
    diagnose_share,
)
from labkit.answers.values import same_number
from labkit.questions import Question

__all__ = ["KINDS", "Kind"]


def _equal(value: Any, expected: Any, question: Question) -> bool:
    return value == expected


def _nothing_to_say(value: Any, expected: Any, question: Question) -> str | None:
    return None


def _same_series(value: Any, expected: Any, question: Question) -> bool:
    return series_problem(value, expected, question) is None


def _same_frame(value: Any, expected: Any, question: Question) -> bool:
    return frame_problem(value, expected, question) is None


@dataclass(frozen=True)
class Kind:
    """How to read, compare and diagnose answers of one kind.

    Attributes
    ----------
    coerce : callable
        ``coerce(answer, question)``: the answer as a comparable value; raises
        :class:`~labkit.answers.hints.Hint` when it is not of this kind. Expected
        answers are read the same way.
    same : callable
        ``same(value, expected, question)``: whether two read values agree.
    diagnose : callable
        ``diagnose(value, expected, question)``: why a value of the right kind is
        wrong, or None when there is nothing specific to say.

    Examples
    --------
    >>> KINDS["count"].coerce(4.0, Question("00.q90", "How many?", lambda w: 4, "count"))
    4
    """

    coerce: Callable[[Any, Question], Any]
    same: Callable[[Any, Any, Question], bool]
    diagnose: Callable[[Any, Any, Question], str | None] = _nothing_to_say


#: Each kind of answer by name; the names are those of ``KIND_DESCRIPTIONS``.
KINDS: dict[str, Kind] = {
    "count": Kind(coerce_count, _equal),
    "number": Kind(coerce_number, same_number, diagnose_number),
    "share": Kind(coerce_number, same_number, diagnose_share),
    "text": Kind(coerce_text, _equal),
    "date": Kind(coerce_date, _equal),
    "bool": Kind(coerce_bool, _equal),
    "set": Kind(coerce_set, _equal, diagnose_set),
    "sequence": Kind(coerce_sequence, _equal, diagnose_sequence),
    "series": Kind(coerce_series, _same_series, series_problem),
    "frame": Kind(coerce_frame, _same_frame, frame_problem),
}
