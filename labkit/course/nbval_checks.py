"""A pytest plugin for the course's nbval runs: a cell that writes to stderr fails.

nbval compares a cell's outputs with the committed ones only in the en_US run of the
teaching and solutions notebooks; the zh_CN run and the exercises run only check that
no cell raises. A warning printed under a cell (a pandas ``FutureWarning``, a library's
log line) is still a defect a learner sees, in whichever world it appears. The
project's pytest settings load this plugin (``-p labkit.course.nbval_checks`` in
``pyproject.toml``), so every nbval run, by ``run.py`` or by hand, applies it; it
leaves every other test alone.

>>> import labkit.course.nbval_checks  # a plugin: importing it changes nothing
"""

from __future__ import annotations

from collections.abc import Generator

import pytest

from labkit.course.notebook_files import stderr_lines

__all__ = ["pytest_runtest_call"]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Fail an nbval cell whose run wrote to stderr, naming the line a learner would see.

    Parameters
    ----------
    item : pytest.Item
        Any test; only nbval's notebook cells (which keep the outputs of their run in
        ``test_outputs``) are looked at.
    """
    result = yield
    shown = stderr_lines(getattr(item, "test_outputs", None) or [])
    if shown:
        pytest.fail(
            "the cell writes to stderr, which a learner sees under it: " + "; ".join(shown),
            pytrace=False,
        )
    return result
