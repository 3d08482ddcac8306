"""Private question modules: questions the students' copy of the kit does not have.

Anyone can call the shipped registry's expected-answer functions, or read
``solutions/``. Questions that must stay private live in a Python file the
instructor keeps, with a ``QUESTIONS`` list in the format of
:mod:`labkit.questions` (``labkit/questions/chNN.py``). ``labkit assign
--questions FILE`` appends cells that ask them (the prompt only) and record the
answers with ``submit()``; ``labkit grade --questions FILE`` judges the recorded
answers against each student's assigned world.

The file runs as code in the instructor's process when it is loaded: load only
your own.

Examples
--------
>>> load_questions([])
[]
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import sys
from collections.abc import Sequence
from pathlib import Path

from labkit import questions as registry
from labkit.i18n import _
from labkit.questions import Question

__all__ = ["QuestionModuleError", "load_questions"]


class QuestionModuleError(ValueError):
    """A private question module cannot be used; the message names the file and why."""


def load_questions(paths: Sequence[str | Path]) -> list[Question]:
    """The questions of private question modules, checked.

    Parameters
    ----------
    paths : sequence of paths
        Python files, each with a list ``QUESTIONS`` of
        :class:`~labkit.questions.Question` (the format of ``labkit/questions/chNN.py``).
        They run as code here, in the grader: only load your own.

    Returns
    -------
    list of Question
        In file order.

    Raises
    ------
    QuestionModuleError
        If a file is missing or raises, has no ``QUESTIONS`` list, or a question
        repeats an id (its own, another file's or the shipped registry's) or has
        points that are not a positive number.

    Examples
    --------
    >>> load_questions(["no/such/private_ch00.py"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    labkit.course.private_questions.QuestionModuleError: question module ...: file not found
    """
    found: list[Question] = []
    seen: dict[str, str] = {}
    for path in map(Path, paths):
        where = f"question module {path.as_posix()}"
        for question in _module_questions(path, where):
            if not isinstance(question, Question):
                raise QuestionModuleError(
                    _("{where}: QUESTIONS holds {type_name}, not Question").format(
                        where=where, type_name=type(question).__name__
                    )
                )
            if question.id in seen:
                raise QuestionModuleError(
                    _("{where}: {id} is also in {seen}").format(
                        where=where, id=question.id, seen=seen[question.id]
                    )
                )
            try:
                registry.get(question.id)
            except KeyError:
                pass
            else:
                raise QuestionModuleError(
                    _("{where}: {id} is a shipped question; private ones need new ids").format(
                        where=where, id=question.id
                    )
                )
            if not (math.isfinite(question.points) and question.points > 0):
                raise QuestionModuleError(
                    _("{where}: {id} has points {points!r}").format(
                        where=where, id=question.id, points=question.points
                    )
                )
            seen[question.id] = path.as_posix()
            found.append(question)
    return found


def _module_questions(path: Path, where: str) -> list[object]:
    if not path.is_file():
        raise QuestionModuleError(_("{where}: file not found").format(where=where))
    digest = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:12]
    name = f"labkit_private_questions_{digest}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise QuestionModuleError(_("{where}: not a Python module").format(where=where))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and typing look their module up by name
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        raise QuestionModuleError(
            _("{where}: it raised {type_name}: {error}").format(
                where=where, type_name=type(error).__name__, error=error
            )
        ) from None
    finally:
        sys.modules.pop(name, None)
    questions = getattr(module, "QUESTIONS", None)
    if not isinstance(questions, (list, tuple)) or not questions:
        raise QuestionModuleError(
            _("{where}: needs a non-empty list QUESTIONS").format(where=where)
        )
    return list(questions)
