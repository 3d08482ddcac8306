"""The results file: one JSON line per check, written by the kernel, read by the grader.

When ``$LABKIT_RESULTS`` names a file, every ``check()`` (and ``submit()``)
appends one line: the verdict the learner saw (``question_id``, ``status``,
``points``, ``hint``, ``world``, ``note``) and the learner's *answer*, encoded by
:mod:`labkit.answers.answer_codec`. The verdict is for the record only: the file
is written by the student's own code, which can append anything, so the grader
reads it with suspicion (:func:`read_transcript`: a size limit, no ``NaN`` or
``Infinity``, a line that is not a record is counted, not trusted) and judges
each recorded answer again in its own process (:func:`judge_record`) against the
world it chose for the student.

Examples
--------
>>> from labkit.answers.verdicts import Result
>>> line = record_line(Result("00.q1", "correct", points=1.0), 5000)
>>> record = parse_record(line)
>>> record["question_id"], record["answer"]
('00.q1', {'type': 'int', 'value': '5000'})
>>> parse_record('{"question_id": "00.q1", "points": Infinity}') is None
True
"""

from __future__ import annotations

import json
import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labkit.answers.answer_codec import AnswerFormatError, UnrecordedAnswer, encode_answer
from labkit.answers.answer_decoding import decode_answer
from labkit.answers.judging import evaluate
from labkit.answers.safety import shorten
from labkit.answers.verdicts import CORRECT, ERROR, Result
from labkit.i18n import N_, _
from labkit.questions import Question

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_LINE_BYTES",
    "RECORD_VERSION",
    "UNRECORDED_HINT",
    "Transcript",
    "judge_record",
    "parse_record",
    "read_transcript",
    "record_line",
]

#: The version of the record format; records with an answer are version 2.
RECORD_VERSION = 2
#: The longest line read; a longer one is counted as unreadable.
MAX_LINE_BYTES = 16 * 1024 * 1024
#: The most of a results file read; the rest is ignored, and the grader says so.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: How the verdict on an answer that could not be recorded begins.
UNRECORDED_HINT = N_("Your answer could not be recorded for grading")


def record_line(result: Result, answer: Any) -> str:
    """One line of the results file: the verdict shown and the answer, as JSON.

    Parameters
    ----------
    result : Result
        The verdict the learner saw.
    answer : object
        The learner's answer (encoded with :func:`~labkit.answers.answer_codec.encode_answer`).

    Returns
    -------
    str
        JSON without ``NaN`` or ``Infinity``, ending in a newline.

    Examples
    --------
    >>> record_line(Result("00.q2", "unanswered"), ...).endswith('"type": "ellipsis"}}\\n')
    True
    """
    record = {**result.to_record(), "record_version": RECORD_VERSION}
    record["points"] = _finite(record.get("points"))
    record["max_points"] = _finite(record.get("max_points"))
    record["answer"] = encode_answer(answer)
    return json.dumps(record, ensure_ascii=False, allow_nan=False, default=str) + "\n"


def _finite(number: Any) -> float:
    try:
        value = float(number)
    except (TypeError, ValueError):
        return 0.0
    return value if math.isfinite(value) else 0.0


def _refuse_constant(name: str) -> None:
    raise ValueError(_("{name} is not allowed in a record").format(name=name))


def parse_record(line: str | bytes) -> dict[str, Any] | None:
    """A check record from one line, or None when the line is not one.

    A record is a JSON object whose ``question_id`` is text; ``NaN``,
    ``Infinity``, nesting too deep for the parser and invalid UTF-8 make a line
    unreadable.

    Parameters
    ----------
    line : str or bytes

    Returns
    -------
    dict or None

    Examples
    --------
    >>> parse_record('{"question_id": "00.q1", "answer": {"type": "int", "value": "3"}}')
    {'question_id': '00.q1', 'answer': {'type': 'int', 'value': '3'}}
    >>> parse_record('[1, 2]'), parse_record('{"question_id": 7}'), parse_record('{"questi')
    (None, None, None)
    """
    try:
        text = line.decode("utf-8") if isinstance(line, bytes) else line
        record = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("question_id"), str):
        return None
    return record


@dataclass
class Transcript:
    """What a results file holds, as far as it can be read.

    Attributes
    ----------
    records : list of dict
        The readable records, in the order written.
    unreadable : int
        Lines that are not records (cut short by a killed kernel, or not JSON).
    cut : bool
        Whether the file was longer than the part read.
    irregular : bool
        Whether the path was not a regular file (a pipe, a device, a link), which
        is not read at all.

    Examples
    --------
    >>> Transcript([], 2).notes()
    ['2 lines of the results file are not check records and were ignored']
    """

    records: list[dict[str, Any]]
    unreadable: int = 0
    cut: bool = False
    irregular: bool = False

    def notes(self) -> list[str]:
        """What the grader should tell the instructor about the file."""
        found = []
        if self.irregular:
            found.append(_("the results file is not a regular file; it was ignored"))
        if self.unreadable == 1:
            found.append(_("1 line of the results file is not a check record and was ignored"))
        elif self.unreadable:
            found.append(
                _("{n} lines of the results file are not check records and were ignored").format(
                    n=self.unreadable
                )
            )
        if self.cut:
            size = MAX_FILE_BYTES // 2**20
            found.append(
                _("the results file is over {size} MB; the rest was ignored").format(size=size)
            )
        return found


def read_transcript(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> Transcript:
    """Read a results file with suspicion: bounded, line by line, nothing trusted.

    Parameters
    ----------
    path : str or Path
        The ``$LABKIT_RESULTS`` file; it may be missing (no check ran).
    max_bytes : int
        Read at most this much.

    Returns
    -------
    Transcript

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     results = Path(folder) / "results.jsonl"
    ...     _ = results.write_text('{"question_id": "00.q1"}\\n{"question_', encoding="utf-8")
    ...     transcript = read_transcript(results)
    >>> transcript.records, transcript.unreadable
    ([{'question_id': '00.q1'}], 1)
    """
    transcript = Transcript([])
    # Never block on a pipe, never follow a link the notebook put there.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        return transcript
    except OSError:  # a symbolic link (ELOOP) or no permission
        transcript.irregular = True
        return transcript
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        transcript.irregular = True
        return transcript
    with os.fdopen(descriptor, "rb") as handle:
        remaining = max_bytes
        while remaining > 0:
            line = handle.readline(min(MAX_LINE_BYTES, remaining) + 1)
            if not line:
                break
            remaining -= len(line)
            if len(line) > MAX_LINE_BYTES or (not line.endswith(b"\n") and remaining < 0):
                transcript.unreadable += 1
                _skip_rest_of_line(handle)
                continue
            if not line.strip():
                continue
            record = parse_record(line)
            if record is None:
                transcript.unreadable += 1
            else:
                transcript.records.append(record)
        transcript.cut = remaining <= 0 and bool(handle.read(1))
    return transcript


def _skip_rest_of_line(handle: Any) -> None:
    while True:
        chunk = handle.readline(MAX_LINE_BYTES)
        if not chunk or chunk.endswith(b"\n"):
            return


def judge_record(question: Question, record: dict[str, Any] | None, world: World) -> Result:
    """Judge a recorded answer again, in this process, against ``world``; never raises.

    Parameters
    ----------
    question : Question
        The question, from the registry or from a private question module.
    record : dict or None
        The learner's last record for this question; None when it was never checked.
    world : World
        The world the grader chose for the learner.

    Returns
    -------
    Result
        :func:`~labkit.answers.judging.evaluate`'s verdict; an ``error`` verdict
        with the reason when the answer could not be recorded or read, an
        ``unanswered`` one when there is no record. Its ``points`` are between 0
        and ``question.points``.

    Examples
    --------
    >>> question = Question("00.q90", "How many?", lambda w: 4, "count")
    >>> judge_record(question, {"answer": {"type": "int", "value": "4"}}, object()).points
    1.0
    >>> judge_record(question, {"answer": {"type": "unrecorded", "reason": "too big"}},
    ...              object()).hint
    'Your answer could not be recorded for grading (too big); give a plain value.'
    """
    if record is None:
        return Result(question.id, "unanswered", "", 0.0, question.points)
    try:
        answer = decode_answer(record.get("answer"))
    except AnswerFormatError as problem:
        hint = _("The recorded answer could not be read ({problem}).").format(
            problem=shorten(problem, 120)
        )
        return Result(question.id, ERROR, hint, 0.0, question.points)
    if isinstance(answer, UnrecordedAnswer):
        hint = _(
            "Your answer could not be recorded for grading ({reason}); give a plain value."
        ).format(reason=answer.reason)
        return Result(question.id, ERROR, hint, 0.0, question.points)
    result = evaluate(question, answer, world)
    result.points = float(question.points) if result.status == CORRECT else 0.0
    result.max_points = float(question.points)
    return result
