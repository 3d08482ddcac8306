"""Shared fixtures.

Worlds here are small (``SMALL_N`` customers) so the exercise, check and grading
tests stay fast; they are made once per test session and shared.
"""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]

# In CI the property tests draw the same examples every run, so a red run is always
# reproducible (and never a coin toss); locally they explore new examples each time.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Under pytest-xdist the worker processes already share the cores. Left alone, each
# worker's OpenMP and BLAS pools would start a thread per core as well, and k-means
# then spins waiting for threads that have no core (chapter 07's expected answers took
# 25 times longer on a 2-core machine). One thread per worker, in the workers and in
# the kernels and subprocesses they start.
if int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1:
    for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_variable, "1")

#: Customers in the small worlds of the exercise, check and grading tests.
SMALL_N = 1500
#: Three seeds × both locales: every question must work on all of them.
CHECK_SEEDS = (2026, 7, 123456789)
CHECK_LOCALES = ("en_US", "zh_CN")


@pytest.fixture(scope="session")
def small_world_factory() -> Callable[..., object]:
    """Make (once) and return a small world for ``(seed, locale)``.

    Examples
    --------
    >>> def test_x(small_world_factory):          # doctest: +SKIP
    ...     world = small_world_factory(7, "zh_CN")
    """
    return _world_factory(SMALL_N)


@pytest.fixture(scope="session")
def course_world_factory() -> Callable[..., object]:
    """Make (once per test process) and return a course-size world (5,000 customers) for
    ``(seed, locale)``: the discrimination test and the planted-truth tests share them."""
    from labkit.settings import DEFAULT_N_CUSTOMERS

    return _world_factory(DEFAULT_N_CUSTOMERS)


def _world_factory(n_customers: int) -> Callable[..., object]:
    """A function ``(seed, locale) -> World`` that makes each world once."""
    from labkit import make_world

    cache: dict[tuple[int, str], object] = {}

    def make(seed: int = 2026, locale: str = "en_US") -> object:
        if (seed, locale) not in cache:
            cache[seed, locale] = make_world(seed=seed, n_customers=n_customers, locale=locale)
        return cache[seed, locale]

    return make


# ---------------------------------------------------------------- the database tests' world
@pytest.fixture(scope="module")
def db_world() -> object:
    """A small zh_CN world (200 customers, seed 11) for the database tests."""
    from labkit import make_world

    return make_world(seed=11, n_customers=200, locale="zh_CN")


@pytest.fixture(scope="module")
def db_built(db_world: object, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Its database, built once a module; tests that change data use ``db_copy``."""
    from labkit import database

    return database.build_database(db_world, tmp_path_factory.mktemp("db") / "xudong.db")


@pytest.fixture
def db_copy(db_built: Path, tmp_path: Path) -> Path:
    """A copy of the built database for one test to change."""
    target = tmp_path / "xudong.db"
    shutil.copy(db_built, target)
    return target


def write_csv(path: Path, header: list[str], body: list[list[str]],
              encoding: str = "utf-8") -> Path:
    """Write a CSV file (header, then rows) the way a spreadsheet export would."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(body)
    return path


@pytest.fixture
def fresh_checks() -> Iterator[None]:
    """Start and end a test with an empty check session and cache."""
    from labkit import answers as checks

    checks.reset()
    checks.clear_cache()
    yield
    checks.reset()
    checks.clear_cache()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-browser",
        action="store_true",
        help="run the JupyterLab-in-Chromium tests of tests/browser/ (python3 run.py browser)",
    )


#: Test modules that start Jupyter kernels. Under pytest-xdist they run in one worker
#: (``--dist loadgroup``): kernels started at the same moment by two processes can
#: pick the same ports, and a notebook would then run in the other test's kernel.
KERNEL_TESTS = (
    "tests/test_exercises.py",
    "tests/test_grade.py",
    "tests/test_hostile_grading.py",
    "tests/test_nbval_checks.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Kernel tests share one xdist worker; browser tests run only when asked for."""
    run_browser = config.getoption("--run-browser")
    skip = pytest.mark.skip(reason="browser test: run it with `python3 run.py browser`")
    for item in items:
        where = item.nodeid.replace(os.sep, "/")
        if where.startswith(KERNEL_TESTS):
            item.add_marker(pytest.mark.xdist_group("kernels"))
        if not run_browser and "tests/browser/" in where:
            item.add_marker(skip)
