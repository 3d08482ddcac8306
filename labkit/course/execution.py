"""Run a notebook headless, in a fresh kernel, within limits, and collect its checks.

:func:`run_notebook` is shared by grading (``labkit grade`` runs each submission)
and by the exercises build (``labkit exercises --execute`` runs each solutions
notebook). Each run has a temporary folder of its own: the kernel works in it,
and every ``check(...)`` appends one JSON line to the results file in it, named by
``$LABKIT_RESULTS`` (:data:`labkit.settings.ENV_RESULTS`). The file is read when
the run ends, so the checks that ran before a crash or a timeout count, and the
folder is deleted then, so a write after the run goes nowhere.

The limits: a time per cell, a time for the whole notebook, and a cap on the
output it may produce; past any of them the kernel is stopped. Every process
the kernel started ends with the run (:mod:`labkit.course.processes`).

Examples
--------
>>> import nbformat
>>> notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
>>> outcome = run_notebook(notebook, timeout=30)  # doctest: +SKIP
>>> outcome.cell_errors                           # doctest: +SKIP
['cell 1 raised ZeroDivisionError: division by zero']
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

import labkit
from labkit import settings
from labkit.answers.transcript import read_transcript
from labkit.course.processes import Containment, kill_group

__all__ = ["MAX_OUTPUT", "RunOutcome", "describe_error", "read_records", "run_notebook"]

#: Characters of output a notebook may produce by default (about 20 MB).
MAX_OUTPUT = 20_000_000
_STARTUP_SECONDS = 120
# Extra seconds before the watchdog kills a kernel that outlives every limit.
_WATCHDOG_GRACE = 60
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_OUTPUT_MESSAGES = {"stream", "display_data", "execute_result", "error", "update_display_data"}


@dataclass
class RunOutcome:
    """What happened when a notebook was run.

    Attributes
    ----------
    notebook : NotebookNode
        The notebook with the outputs it produced (as far as it got).
    error : str
        Empty, or why the run stopped early (timeout, dead kernel, too much output ...).
    cell_errors : list of str
        ``"cell N raised Name: message"`` for each cell that raised (the run goes on).
    records : list of dict
        The readable check records, in order (see :mod:`labkit.answers.transcript`).
    notes : list of str
        What else to know: unreadable lines of the results file, processes ended.

    Examples
    --------
    >>> RunOutcome(nbformat.v4.new_notebook()).error
    ''
    """

    notebook: nbformat.NotebookNode
    error: str = ""
    cell_errors: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Limits:
    """The time and output limits of one run, and where the run is."""

    def __init__(self, cell: float, notebook: float | None, output: int | None) -> None:
        self.cell_seconds = cell
        self.notebook_seconds = notebook
        self.max_output = output
        self.cell = 0
        self.deadline: float | None = None
        self.output_cell = 0

    def cell_started(self, cell: Any, cell_index: int, **_: Any) -> None:
        self.cell = cell_index + 1
        if self.deadline is None and self.notebook_seconds is not None:
            self.deadline = time.monotonic() + self.notebook_seconds

    def cell_timeout(self, cell: Any) -> float:
        """Seconds this cell may run: its own limit, or what is left of the notebook's."""
        if self.deadline is None:
            return self.cell_seconds
        return max(0.1, min(self.cell_seconds, self.deadline - time.monotonic()))

    def notebook_overran(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline - 0.05

    def stopped_for(self, timed_out: bool = False) -> str:
        """Why the kernel was stopped, in the gradebook's words (empty: it was not)."""
        if self.output_cell:
            return (
                f"cell {self.output_cell} produced more than {self.max_output:,} characters "
                "of output; the kernel was stopped"
            )
        if timed_out and self.notebook_overran():
            return (
                f"the notebook ran longer than {self.notebook_seconds:g} s in all "
                f"(stopped in cell {self.cell}); the kernel was stopped"
            )
        if timed_out:
            return (
                f"cell {self.cell} ran longer than {self.cell_seconds:g} s; the kernel was stopped"
            )
        return ""


class _BoundedClient(NotebookClient):
    """A NotebookClient that counts output and stops the kernel past the cap."""

    def __init__(self, notebook: nbformat.NotebookNode, limits: _Limits, **options: Any) -> None:
        super().__init__(notebook, **options)
        self.limits = limits
        self.output_size = 0
        self.output_over = False
        self.containment: Containment | None = None

    def process_message(self, msg: dict[str, Any], cell: Any, cell_index: int) -> Any:
        kind = msg.get("msg_type", "")
        if kind in _OUTPUT_MESSAGES and self.limits.max_output is not None:
            self.output_size += _message_size(msg.get("content") or {})
            if self.output_size > self.limits.max_output:
                if not self.output_over:
                    self.output_over = True
                    self.limits.output_cell = cell_index + 1
                    self.stop_kernel()
                return None  # past the cap: dropped
        return super().process_message(msg, cell, cell_index)

    async def async_start_new_kernel(self, **kwargs: Any) -> None:
        await super().async_start_new_kernel(**kwargs)
        if self.containment is not None:  # its session ends with the run, whatever happens
            self.containment.group = self._kernel_group()

    def _kernel_group(self) -> int | None:
        provisioner = getattr(self.km, "provisioner", None)
        return getattr(provisioner, "pgid", None) or getattr(provisioner, "pid", None)

    def stop_kernel(self) -> None:
        """Kill the kernel's process group now (nbclient then finds the kernel dead)."""
        kill_group(self._kernel_group())


def _message_size(content: dict[str, Any]) -> int:
    if isinstance(content.get("text"), str):
        return len(content["text"])
    try:
        return len(json.dumps(content, default=str))
    except (TypeError, ValueError):
        return 0


def _watchdog(client: _BoundedClient, limits: _Limits) -> threading.Timer | None:
    """A timer that kills the kernel if the run outlives every limit (a last resort)."""
    if limits.notebook_seconds is None:
        return None
    timer = threading.Timer(
        _STARTUP_SECONDS + limits.notebook_seconds + _WATCHDOG_GRACE, client.stop_kernel
    )
    timer.daemon = True
    timer.start()
    return timer


def run_notebook(
    notebook: nbformat.NotebookNode,
    timeout: float = 120,
    kernel_name: str = "python3",
    env: dict[str, str] | None = None,
    working_folder: Path | None = None,
    notebook_timeout: float | None = None,
    max_output: int | None = MAX_OUTPUT,
) -> RunOutcome:
    """Run a notebook in a fresh kernel, in a temporary working folder, within limits.

    Parameters
    ----------
    notebook : NotebookNode
        Not changed; a copy without outputs is run.
    timeout : float
        Seconds each cell may run; on overrun the kernel is killed.
    kernel_name : str
        The Jupyter kernel to use.
    env : dict, optional
        Extra environment variables for the kernel (on top of this process's).
    working_folder : Path, optional
        Run there instead of in the temporary folder (the course's own notebooks
        run in their folder, where ``../datasets`` is the kit's data).
    notebook_timeout : float, optional
        Seconds the whole notebook may run (from its first cell); default no limit
        beyond the cells'.
    max_output : int, optional
        Characters of output the notebook may produce in all; past that the
        kernel is stopped. None for no limit.

    Returns
    -------
    RunOutcome
        Never raises for problems of the notebook itself. Every process the
        kernel started has ended when this returns (see
        :mod:`labkit.course.processes`), and the results file, in a temporary
        folder of this run only, has been read: later writes go nowhere.

    Examples
    --------
    >>> cell = nbformat.v4.new_code_cell("print('hello')")
    >>> run_notebook(nbformat.v4.new_notebook(cells=[cell])).error  # doctest: +SKIP
    ''
    """
    work = copy.deepcopy(notebook)
    for cell in work.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    with tempfile.TemporaryDirectory(prefix="labkit-grade-") as folder:
        results = Path(folder) / "results" / "labkit-results.jsonl"
        results.parent.mkdir()
        run_folder = Path(folder) / "work"
        run_folder.mkdir()
        (run_folder / "submission.ipynb").write_text(nbformat.writes(work), encoding="utf-8")
        limits = _Limits(timeout, notebook_timeout, max_output)
        client = _BoundedClient(
            work,
            limits,
            timeout=max(1, round(timeout)),
            timeout_func=limits.cell_timeout,
            startup_timeout=_STARTUP_SECONDS,
            kernel_name=kernel_name,
            allow_errors=True,
            interrupt_on_timeout=False,
            shutdown_kernel="immediate",
            record_timing=False,
            on_cell_start=limits.cell_started,
            resources={"metadata": {"path": str(working_folder or run_folder)}},
        )
        kernel_env = {**os.environ, **(env or {}), settings.ENV_RESULTS: str(results)}
        # The kernel imports the same labkit as this process, installed or not.
        here = str(Path(labkit.__file__).resolve().parents[1])
        kernel_env["PYTHONPATH"] = os.pathsep.join(
            p for p in (here, kernel_env.get("PYTHONPATH", "")) if p
        )
        with Containment() as containment:
            client.containment = containment
            watchdog = _watchdog(client, limits)
            try:
                # The kernel's own console chatter (not the notebook's output) stays quiet.
                client.execute(env=kernel_env, stderr=subprocess.DEVNULL)
                error = limits.stopped_for() if client.output_over else ""
            except CellTimeoutError:
                error = limits.stopped_for(timed_out=True)
            except DeadKernelError:
                error = limits.stopped_for() or f"the kernel died while running cell {limits.cell}"
            except Exception as problem:  # one bad notebook must not stop a batch
                error = f"could not run the notebook ({describe_error(problem)})"
            finally:
                if watchdog is not None:
                    watchdog.cancel()
        transcript = read_transcript(results)
    outcome = RunOutcome(work, error, _cell_errors(work), transcript.records)
    outcome.notes = transcript.notes()
    if containment.killed:
        outcome.notes.append(
            f"{len(containment.killed)} process(es) that the notebook started were still "
            "running after it and were ended"
        )
    return outcome


def read_records(path: Path) -> list[dict[str, Any]]:
    """The check records a kernel appended to a results file, one per JSON line.

    Parameters
    ----------
    path : Path
        The ``$LABKIT_RESULTS`` file; it may be missing (no check ran).

    Returns
    -------
    list of dict
        In order; a line cut short by a killed kernel, or that is not a record,
        is skipped (see :func:`labkit.answers.transcript.read_transcript`).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     results = Path(folder) / "results.jsonl"
    ...     _ = results.write_text('{"question_id": "00.q1"}\\n{"question_', encoding="utf-8")
    ...     read_records(results)
    [{'question_id': '00.q1'}]
    """
    return read_transcript(path).records


def describe_error(problem: BaseException, limit: int = 200) -> str:
    """``"Name: message"`` on one line, at most ``limit`` characters of message.

    Examples
    --------
    >>> describe_error(ValueError("bad\\n  value"))
    'ValueError: bad value'
    """
    return f"{type(problem).__name__}: {_one_line(problem, limit)}"


def _cell_errors(notebook: nbformat.NotebookNode) -> list[str]:
    found = []
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.get("output_type") == "error":
                detail = _ANSI.sub("", str(output.get("evalue", "")))
                found.append(f"cell {number} raised {output.get('ename', 'an error')}: {detail}")
    return [_one_line(text) for text in found]


def _one_line(value: Any, limit: int = 200) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
