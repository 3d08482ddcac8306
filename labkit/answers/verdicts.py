"""Verdicts and scores as a learner sees them: text in a terminal, text + HTML in Jupyter.

A :class:`Result` is the verdict on one answer, with one of the four
:data:`STATUSES`; a :class:`Summary` is the score so far. Both show themselves
once (:meth:`Result.show`), so a cell ending in ``check(...)`` does not show
its verdict twice, and showing never raises.

Examples
--------
>>> Result("00.q1", CORRECT, points=1.0).text()
'✓ 00.q1 correct.'
>>> Result("00.q1", INCORRECT, "You counted orders, not customers.").html()[:20]
'<div style="border-l'
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from labkit.answers.safety import CAUGHT, format_number
from labkit.i18n import N_, _, join_sentences

__all__ = [
    "CORRECT",
    "ERROR",
    "ICONS",
    "INCORRECT",
    "RECORDED",
    "STATUSES",
    "UNANSWERED",
    "Result",
    "Summary",
    "display",
]

CORRECT, INCORRECT, UNANSWERED, ERROR = "correct", "incorrect", "unanswered", "error"
#: An answer recorded for the grader without a verdict (``submit()``).
RECORDED = "recorded"
#: Every status a verdict can have.
STATUSES = (CORRECT, INCORRECT, UNANSWERED, ERROR, RECORDED)

#: The symbol shown before each verdict: plain symbols that every desktop font draws
#: (DejaVu Sans, Segoe UI Symbol), not colour emoji, which show as empty boxes
#: without an emoji font.
ICONS = {CORRECT: "✓", INCORRECT: "✗", UNANSWERED: "○", ERROR: "⚠", RECORDED: "✉"}
_HEADLINES = {
    CORRECT: N_("correct."),
    INCORRECT: N_("not quite."),
    UNANSWERED: N_("not answered yet."),
    ERROR: N_("could not be checked."),
    RECORDED: N_("recorded for grading."),
}
#: The same headlines without their full stop, for the summary's table.
_STATES = {
    CORRECT: N_("correct"),
    INCORRECT: N_("not quite"),
    UNANSWERED: N_("not answered yet"),
    ERROR: N_("could not be checked"),
    RECORDED: N_("recorded for grading"),
}
_COLOURS = {
    CORRECT: "#2e7d32",
    INCORRECT: "#c62828",
    UNANSWERED: "#757575",
    ERROR: "#ef6c00",
    RECORDED: "#1565c0",
}
_NOT_CHECKED = N_("not checked yet")


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
        display(self.text, self.html)

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
        ``"correct"``, ``"incorrect"``, ``"unanswered"``, ``"error"``, or
        ``"recorded"`` for an answer kept for the grader without a verdict.
    hint : str
        What to tell the learner (empty when correct).
    points, max_points : float
        Points earned and available.
    world : dict
        ``seed``, ``locale``, ``n_customers`` and ``fingerprint`` of the world the
        answer was checked against (empty when no world was needed).
    note : str
        Something to know besides the verdict, e.g. that the answer was checked
        against another world than the one loaded last (empty when nothing).

    Examples
    --------
    >>> r = Result("00.q1", "incorrect", "You counted orders, not customers.")
    >>> r.correct, r.text()
    (False, '✗ 00.q1 not quite. You counted orders, not customers.')
    """

    question_id: str
    status: str
    hint: str = ""
    points: float = 0.0
    max_points: float = 1.0
    world: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    @property
    def correct(self) -> bool:
        """Whether the answer is correct."""
        return self.status == CORRECT

    def __repr__(self) -> str:
        return f"<Result {self.question_id}: {self.status}>"

    def text(self) -> str:
        """The verdict as one line of plain text (and the note, if any)."""
        line = f"{ICONS[self.status]} {self.question_id} {_(_HEADLINES[self.status])}"
        return join_sentences(line, self.hint, self.note)

    def html(self) -> str:
        """The verdict as a small HTML box (all learner text escaped)."""
        colour = _COLOURS[self.status]
        hint = f"<div>{html.escape(self.hint)}</div>" if self.hint else ""
        note = (
            f'<div style="color:#555"><em>{html.escape(self.note)}</em></div>' if self.note else ""
        )
        return (
            f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">'
            f"<strong>{ICONS[self.status]} {html.escape(self.question_id)} "
            f"{html.escape(_(_HEADLINES[self.status]))}</strong>{hint}{note}</div>"
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
            "note": self.note,
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
    note : str
        Shown instead of the score when it could not be computed.

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
            return _("No answers checked yet: run the question cells first.")
        return _(
            "Score so far: {correct} of {total} questions correct "
            "({points} of {max_points} points)."
        ).format(
            correct=self.correct,
            total=self.total,
            points=format_number(self.points),
            max_points=format_number(self.max_points),
        )

    def text(self) -> str:
        """The score and one line per question, as plain text."""
        lines = [self._headline()]
        for question_id, status in self.rows:
            icon = ICONS.get(status, "·")
            words = _(_STATES.get(status, _NOT_CHECKED))
            lines.append(f"  {icon} {question_id}  {words}")
        return "\n".join(lines)

    def html(self) -> str:
        """The score and a small table, as HTML."""
        cells = "".join(
            f"<tr><td>{ICONS.get(s, '·')}</td><td>{html.escape(q)}</td>"
            f"<td>{html.escape(_(_STATES.get(s, _NOT_CHECKED)))}</td></tr>"
            for q, s in self.rows
        )
        table = f'<table style="margin:4px 0">{cells}</table>' if cells else ""
        return f"<div><strong>{html.escape(self._headline())}</strong>{table}</div>"


def display(text: Callable[[], str], markup: Callable[[], str]) -> None:
    """Show text + HTML in a Jupyter kernel, plain text elsewhere; never raises.

    Parameters
    ----------
    text, markup : callable
        Give the plain text and the HTML; called here, so that an error in
        either is caught too.

    Examples
    --------
    >>> display(lambda: "hello", lambda: "<b>hello</b>")
    hello
    """
    try:
        plain = text()
    except CAUGHT:
        plain = _("labkit could not format this message.")
    try:
        shell = jupyter_shell()
        if shell is not None:
            # Lazy: IPython is optional, and a kernel has imported it already.
            from IPython.display import display as ipython_display

            ipython_display({"text/plain": plain, "text/html": markup()}, raw=True)
            return
    except CAUGHT:  # fall back to print
        pass
    try:
        print(plain)
    except UnicodeEncodeError:
        print(plain.encode("ascii", "replace").decode("ascii"))
    except CAUGHT:
        pass


def jupyter_shell() -> Any:
    """The running IPython kernel shell, or None (terminal IPython and plain Python).

    Examples
    --------
    >>> jupyter_shell() is None  # doctests run outside a kernel
    True
    """
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    shell = ipython.get_ipython()
    return shell if getattr(shell, "kernel", None) is not None else None
