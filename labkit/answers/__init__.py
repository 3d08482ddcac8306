"""Answer checking: instant verdicts on exercise answers, a score, and a results file.

``check(question_id, answer)`` compares an answer with the expected one,
computed from the learner's own world (its seed, size and locale), and shows
one of three verdicts: correct; not quite, with a hint that teaches; or not
answered yet (for ``...`` or ``None``). It never raises and never shows a
labkit traceback, whatever it is given. ``summary()`` shows the score so far.

Which world a check judges against is explicit: the one set with
``use_world(world)``, else the one loaded (``load_world()``) when the first
answer was checked; making a world (``make_world()``) never changes it, and a
world loaded later is used only after ``use_world``, which the verdict says.

Every check is remembered for the running kernel (:func:`results`) and, when
the environment variable ``LABKIT_RESULTS`` (:data:`RESULTS_ENV`) names a file,
appended to it as one JSON line that holds the learner's answer. ``labkit grade``
judges every recorded answer again in its own process, against the world it
assigned to the student: the points a kernel reports are never trusted.
:func:`submit` records an answer for the grader without a verdict (a question
the instructor keeps private).

The questions themselves are declared in :mod:`labkit.questions`, below this package.

Modules
-------
session
    ``check``, ``submit``, ``summary``, ``results``, ``reset``: the remembered
    results and the results file.
transcript
    The results file: one line per check with the answer (``record_line``), read
    back with suspicion (``read_transcript``) and judged again (``judge_record``).
answer_codec
    A learner's answer as JSON with type tags (``encode_answer``); never pickle.
answer_decoding
    Reading a recorded answer back, every step checked (``decode_answer``).
judged_world
    Which world checks judge against: ``use_world``, ``current_world``.
judging
    ``evaluate``: a pure function of (question, answer, world); expected answers
    cached per world, known mistakes, the verdict; ``clear_cache``.
kinds
    The ten kinds of answer (:data:`~labkit.answers.kinds.KINDS`).
scalar_kinds
    Reading and diagnosing counts, numbers, shares, texts, dates and bools.
collection_kinds
    Reading and comparing sets, sequences, Series and DataFrames.
values
    Comparable forms of single values (text, numbers, dates, missing cells).
hints
    Describing what a learner gave, and type hints.
verdicts
    ``Result`` and ``Summary``, shown as text or as text + HTML in Jupyter.
safety
    What a check catches, and text helpers that never raise.

Examples
--------
>>> from labkit import check, load_world      # doctest: +SKIP
>>> world = load_world()                       # doctest: +SKIP
>>> check("00.q1", len(world.customers))       # doctest: +SKIP
✓ 00.q1 correct.
"""

from __future__ import annotations

from labkit.answers.judged_world import current_world, use_world
from labkit.answers.judging import clear_cache, evaluate
from labkit.answers.session import RESULTS_ENV, check, reset, results, submit, summary
from labkit.answers.verdicts import Result, Summary

__all__ = [
    "RESULTS_ENV",
    "Result",
    "Summary",
    "check",
    "clear_cache",
    "current_world",
    "evaluate",
    "reset",
    "results",
    "submit",
    "summary",
    "use_world",
]
