"""Run a notebook headless, in a fresh kernel, and collect what its checks said.

:func:`run_notebook` is shared by grading (``labkit grade`` runs each submission)
and by the exercises build (``labkit exercises --execute`` runs each solutions
notebook). The kernel runs in a temporary working folder with a time limit per
cell, and every ``check(...)`` in it appends one JSON line to the results file
named by ``$LABKIT_RESULTS`` (:data:`labkit.settings.ENV_RESULTS`), which is read
back when the run ends — so the checks that ran before a crash or a timeout count.

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

import labkit
from labkit import settings

__all__ = ["RunOutcome", "describe_error", "read_records", "run_notebook"]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class RunOutcome:
    """What happened when a notebook was run.

    Attributes
    ----------
    notebook : NotebookNode
        The notebook with the outputs it produced (as far as it got).
    error : str
        Empty, or why the run stopped early (timeout, dead kernel, ...).
    cell_errors : list of str
        ``"cell N raised Name: message"`` for each cell that raised (the run goes on).
    records : list of dict
        The check results, in order (see ``labkit.answers.Result.to_record``).

    Examples
    --------
    >>> RunOutcome(nbformat.v4.new_notebook()).error
    ''
    """

    notebook: nbformat.NotebookNode
    error: str = ""
    cell_errors: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)


def run_notebook(
    notebook: nbformat.NotebookNode,
    timeout: float = 120,
    kernel_name: str = "python3",
    env: dict[str, str] | None = None,
    working_folder: Path | None = None,
) -> RunOutcome:
    """Run a notebook in a fresh kernel, in a temporary working folder.

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

    Returns
    -------
    RunOutcome
        Never raises for problems of the notebook itself.

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
    position = {"cell": 0}

    def started(cell: Any, cell_index: int, **_: Any) -> None:
        position["cell"] = cell_index + 1

    with tempfile.TemporaryDirectory(prefix="labkit-grade-") as folder:
        results = Path(folder) / "labkit-results.jsonl"
        (Path(folder) / "submission.ipynb").write_text(nbformat.writes(work), encoding="utf-8")
        client = NotebookClient(
            work,
            timeout=max(1, round(timeout)),
            startup_timeout=120,
            kernel_name=kernel_name,
            allow_errors=True,
            interrupt_on_timeout=False,
            shutdown_kernel="immediate",
            record_timing=False,
            on_cell_execute=started,
            resources={"metadata": {"path": str(working_folder or folder)}},
        )
        kernel_env = {**os.environ, **(env or {}), settings.ENV_RESULTS: str(results)}
        # The kernel imports the same labkit as this process, installed or not.
        here = str(Path(labkit.__file__).resolve().parents[1])
        kernel_env["PYTHONPATH"] = os.pathsep.join(
            p for p in (here, kernel_env.get("PYTHONPATH", "")) if p
        )
        error = ""
        try:
            # The kernel's own console chatter (not the notebook's output) stays quiet.
            client.execute(env=kernel_env, stderr=subprocess.DEVNULL)
        except CellTimeoutError:
            error = f"cell {position['cell']} ran longer than {timeout:g} s; the kernel was stopped"
        except DeadKernelError:
            error = f"the kernel died while running cell {position['cell']}"
        except Exception as problem:  # one bad notebook must not stop a batch
            error = f"could not run the notebook ({describe_error(problem)})"
        records = read_records(results)
    return RunOutcome(work, error, _cell_errors(work), records)


def read_records(path: Path) -> list[dict[str, Any]]:
    """The check results a kernel appended to a results file, one per JSON line.

    Parameters
    ----------
    path : Path
        The ``$LABKIT_RESULTS`` file; it may be missing (no check ran).

    Returns
    -------
    list of dict
        In order; a line cut short by a killed kernel is skipped.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     results = Path(folder) / "results.jsonl"
    ...     _ = results.write_text('{"question_id": "00.q1"}\\n{"question_', encoding="utf-8")
    ...     read_records(results)
    [{'question_id': '00.q1'}]
    """
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a line cut short by a killed kernel
        if isinstance(record, dict):
            records.append(record)
    return records


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
