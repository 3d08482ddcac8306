"""The registry of exercise questions, declared in one place per chapter.

Each chapter has a module ``labkit.questions.chNN`` with a list ``QUESTIONS``
of :class:`Question` entries. A question says what it asks, how to compute
the expected answer *from the learner's own world*, how to compare an answer
with it, and which hints to give when the answer is wrong. Checking answers
against these questions is :mod:`labkit.answers`, the layer above: this
registry never imports it.

Adding a question is adding one entry::

    Question(
        id="05.q4",
        prompt="How many customers bought in the last 90 days before as_of?",
        expected=lambda w: ...,          # a function of the World
        kind="count",                    # see KIND_DESCRIPTIONS
        hint="Filter orders by ordered_at > as_of - 90 days, then count customers.",
        mistakes=(
            Mistake(lambda w: ..., "You counted orders, not customers."),
        ),
    )

Examples
--------
>>> from labkit.questions import get, chapter_questions
>>> get("00.q1").kind
'count'
>>> [q.id for q in chapter_questions("00")][:2]
['00.q1', '00.q2']
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from labkit.i18n import _

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World

__all__ = [
    "ID_PATTERN",
    "KIND_DESCRIPTIONS",
    "AnyOf",
    "Mistake",
    "Question",
    "all_questions",
    "chapter_questions",
    "chapters",
    "get",
]

#: Question ids look like ``"00.q1"``: a two-digit chapter, a dot, ``q`` and a number.
ID_PATTERN = re.compile(r"^(?P<chapter>\d{2})\.q(?P<number>\d+)$")

#: What each comparison kind expects, in words; used in hints and exercise placeholders.
KIND_DESCRIPTIONS: dict[str, str] = {
    "count": "one whole number",
    "number": "one number",
    "share": "a share between 0 and 1",
    "text": "one text value",
    "date": "one date",
    "bool": "True or False",
    "set": "a collection of values (order does not matter)",
    "sequence": "a list of values in order",
    "series": "a pandas Series",
    "frame": "a pandas DataFrame",
}


@dataclass(frozen=True)
class AnyOf:
    """Several acceptable answers, e.g. when two provinces tie for first place.

    Parameters
    ----------
    values : tuple
        The answers that all count as correct.

    Examples
    --------
    >>> AnyOf(("Guangdong", "Zhejiang")).values
    ('Guangdong', 'Zhejiang')
    """

    values: tuple[Any, ...]


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer and the hint that explains it.

    Parameters
    ----------
    compute : callable
        Function of the world giving the wrong answer a learner gets by this mistake.
    hint : str
        What to tell a learner whose answer equals that wrong answer.

    Examples
    --------
    >>> m = Mistake(lambda w: len(w["orders"]), "You counted orders, not customers.")
    >>> m.hint
    'You counted orders, not customers.'
    """

    compute: Callable[[World], Any]
    hint: str


@dataclass(frozen=True)
class Question:
    """One auto-checked exercise question.

    Parameters
    ----------
    id : str
        ``"NN.qK"``, e.g. ``"00.q3"``; the chapter is the first two digits.
    prompt : str
        The question, as the notebook asks it.
    expected : callable
        Function of the world giving the expected answer (or an :class:`AnyOf`).
    kind : str
        How to compare: one of :data:`KIND_DESCRIPTIONS`.
    hint : str
        The teaching hint shown when the answer is wrong for no known reason.
    mistakes : tuple of Mistake
        Known wrong answers with their own hints.
    answer_kind : str
        What the answer is, in the learner's words ("a province name"); used in the
        exercises placeholder (``answer = ...  # a province name``) and in hints.
        Defaults to the kind's description.
    points : float
        Points for a correct answer when grading.
    rtol, atol : float
        Relative and absolute tolerance for numeric kinds (``number``, ``share``,
        ``series``, ``frame``).
    ordered : bool
        For ``series`` / ``frame``: whether the row order matters.

    Examples
    --------
    >>> q = Question("00.q9", "How many tables?", lambda w: len(w.tables), "count")
    >>> q.chapter, q.describe
    ('00', 'one whole number')
    """

    id: str
    prompt: str
    expected: Callable[[World], Any]
    kind: str
    hint: str = ""
    mistakes: tuple[Mistake, ...] = ()
    answer_kind: str = ""
    points: float = 1.0
    rtol: float = 1e-6
    atol: float = 1e-9
    ordered: bool = False

    def __post_init__(self) -> None:
        if not ID_PATTERN.match(self.id):
            raise ValueError(_("question id {id!r} must look like '00.q1'").format(id=self.id))
        if self.kind not in KIND_DESCRIPTIONS:
            allowed = ", ".join(sorted(KIND_DESCRIPTIONS))
            raise ValueError(
                _("question {id}: kind {kind!r} is not one of {allowed}").format(
                    id=self.id, kind=self.kind, allowed=allowed
                )
            )

    @property
    def chapter(self) -> str:
        """The two-digit chapter number, e.g. ``"00"``."""
        return self.id[:2]

    @property
    def describe(self) -> str:
        """What the answer should be, in words."""
        return self.answer_kind or KIND_DESCRIPTIONS[self.kind]


def chapters() -> list[str]:
    """List the chapters that have questions.

    Returns
    -------
    list of str
        Two-digit chapter numbers, sorted.

    Examples
    --------
    >>> "00" in chapters()
    True
    """
    found = []
    for info in pkgutil.iter_modules(__path__):
        match = re.fullmatch(r"ch(\d{2})", info.name)
        if match:
            found.append(match.group(1))
    return sorted(found)


def chapter_questions(chapter: str | int) -> list[Question]:
    """The questions of one chapter, in the order they are declared.

    Parameters
    ----------
    chapter : str or int
        ``"00"``, ``"0"`` or ``0``.

    Returns
    -------
    list of Question
        Empty when the chapter has no questions module.

    Raises
    ------
    ValueError
        If a question in the module has an id from another chapter, or two share an id.

    Examples
    --------
    >>> len(chapter_questions(0)) >= 5
    True
    """
    number = f"{int(chapter):02d}"
    try:
        module = importlib.import_module(f"{__name__}.ch{number}")
    except ModuleNotFoundError as error:
        if error.name == f"{__name__}.ch{number}":
            return []
        raise
    questions: Sequence[Question] = getattr(module, "QUESTIONS", ())
    seen: set[str] = set()
    for question in questions:
        if question.chapter != number:
            raise ValueError(
                _("question {id} is declared in chapter {number}'s module").format(
                    id=question.id, number=number
                )
            )
        if question.id in seen:
            raise ValueError(_("question id {id} is declared twice").format(id=question.id))
        seen.add(question.id)
    return list(questions)


def all_questions() -> list[Question]:
    """Every question of every chapter.

    Returns
    -------
    list of Question
        In chapter order, then declaration order.

    Examples
    --------
    >>> all(q.prompt for q in all_questions())
    True
    """
    return [q for number in chapters() for q in chapter_questions(number)]


def get(question_id: str) -> Question:
    """Look a question up by id.

    Parameters
    ----------
    question_id : str
        E.g. ``"00.q1"``.

    Returns
    -------
    Question

    Raises
    ------
    KeyError
        If there is no such question; the message names the chapter's questions.

    Examples
    --------
    >>> get("00.q1").id
    '00.q1'
    """
    text = str(question_id).strip()
    match = ID_PATTERN.match(text)
    if not match:
        raise KeyError(
            _("{question_id!r} is not a question id; ids look like '00.q1'").format(
                question_id=question_id
            )
        )
    questions = chapter_questions(match.group("chapter"))
    for question in questions:
        if question.id == text:
            return question
    known = ", ".join(q.id for q in questions) or _("none")
    raise KeyError(
        _("there is no question {text!r}; chapter {chapter} has: {known}").format(
            text=text, chapter=text[:2], known=known
        )
    )
