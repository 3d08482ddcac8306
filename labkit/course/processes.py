"""Every process a submission starts ends with it.

A notebook's kernel runs in a session of its own (jupyter_client starts it with
``start_new_session``), so killing its process group ends the kernel and what it
started. A process that left the group (``setsid``, a double fork, a daemon) is
found another way on Linux: the grader makes itself a *child subreaper*
(``prctl(PR_SET_CHILD_SUBREAPER)``), so an orphaned descendant is re-parented to
the grader instead of to ``init``, and :class:`Containment` kills every
descendant that appeared during the run. Elsewhere (macOS, Windows) only the
kernel's process group is ended; ``docs/instructors.md`` says so.

Examples
--------
>>> with Containment() as run:
...     pass
>>> run.killed
[]
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import time
from pathlib import Path
from types import TracebackType

__all__ = ["Containment", "become_subreaper", "descendants", "kill_group"]

_PR_SET_CHILD_SUBREAPER = 36
_SUBREAPER: list[bool] = []  # [True] or [False] once tried


def become_subreaper() -> bool:
    """Make this process adopt its orphaned descendants (Linux); whether that worked.

    Tried once per process; on other systems, or when ``prctl`` is refused,
    returns False and nothing changes.

    Examples
    --------
    >>> become_subreaper() in (True, False)
    True
    """
    if not _SUBREAPER:
        done = False
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(None, use_errno=True)
                done = libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
            except (OSError, AttributeError):
                done = False
        _SUBREAPER.append(done)
    return _SUBREAPER[0]


def _parents() -> dict[int, int]:
    """Process id to parent id for every process visible in ``/proc`` (empty elsewhere)."""
    found: dict[int, int] = {}
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # it ended meanwhile
        # "pid (command) state ppid ...": the command may hold spaces and parentheses.
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1 and fields[1].isdigit():
            found[int(entry.name)] = int(fields[1])
    return found


def descendants(root: int | None = None) -> set[int]:
    """The ids of every process below ``root`` (default: this process), via ``/proc``.

    Examples
    --------
    >>> os.getpid() in descendants()
    False
    """
    root = os.getpid() if root is None else root
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    found: set[int] = set()
    waiting = [root]
    while waiting:
        for child in children.get(waiting.pop(), []):
            if child not in found and child != root:
                found.add(child)
                waiting.append(child)
    return found


def kill_group(group: int | None) -> None:
    """Kill a process group (a kernel's session) at once; quietly if it is gone.

    Examples
    --------
    >>> kill_group(None)
    """
    if group is None or group <= 1 or not hasattr(os, "killpg"):
        return
    with contextlib.suppress(OSError):
        os.killpg(group, signal.SIGKILL)


def _kill_and_reap(pids: set[int]) -> None:
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    waiting = set(pids)
    deadline = time.monotonic() + 2.0
    while waiting and time.monotonic() < deadline:
        for pid in list(waiting):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:  # not our child: its parent or init reaps it
                waiting.discard(pid)
                continue
            if done:
                waiting.discard(pid)
        if waiting:
            time.sleep(0.02)


class Containment:
    """Ends, on exit, every process started during the ``with`` block.

    Attributes
    ----------
    group : int or None
        A process group to kill on exit (the kernel's); set it once known.
    killed : list of int
        The processes that were still running on exit and were killed.

    Examples
    --------
    >>> import subprocess
    >>> with Containment() as run:  # doctest: +SKIP
    ...     _ = subprocess.Popen(["sleep", "60"], start_new_session=True)
    >>> len(run.killed)  # doctest: +SKIP
    1
    """

    def __init__(self) -> None:
        self.group: int | None = None
        self.killed: list[int] = []
        self._before: set[int] = set()

    def __enter__(self) -> Containment:
        become_subreaper()
        self._before = descendants()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.end_all()

    def end_all(self) -> None:
        """Kill the group and every new descendant; again while new ones appear."""
        kill_group(self.group)
        for _ in range(5):
            left = descendants() - self._before
            if not left:
                return
            self.killed.extend(sorted(left))
            _kill_and_reap(left)
