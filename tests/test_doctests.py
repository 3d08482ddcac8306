"""Every docstring example in ``labkit`` runs, one test per docstring.

The same as ``pytest --doctest-modules labkit`` (with pytest's default
``ELLIPSIS`` flag), but part of the test suite, so ``pytest`` and
``python3 run.py test`` run the examples without extra options. Examples that
need a notebook kernel, a large world or more than a second or two are marked
``# doctest: +SKIP`` in their docstrings.

Each test runs in an empty temporary folder, so an example that writes a file
leaves nothing behind.
"""

from __future__ import annotations

import doctest
import importlib
import io
import pkgutil
from dataclasses import dataclass

import pytest

import labkit

#: Doctests known to fail, by name, with the reason (none today). Each entry is a
#: debt: the owner of the module fixes its examples and deletes the entry.
KNOWN_FAILURES: dict[str, str] = {}


@dataclass(frozen=True)
class _Found:
    name: str
    test: doctest.DocTest | None = None
    import_error: str = ""


def _module_names() -> list[str]:
    names = ["labkit"]
    for info in pkgutil.walk_packages(labkit.__path__, "labkit."):
        if not info.name.endswith("__main__"):
            names.append(info.name)
    return sorted(names)


def _collect() -> list[_Found]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    found: list[_Found] = []
    for name in _module_names():
        try:
            module = importlib.import_module(name)
        except Exception as error:  # reported by its own failing test below
            found.append(_Found(name, import_error=f"{type(error).__name__}: {error}"))
            continue
        for test in finder.find(module, name):
            if test.examples:
                found.append(_Found(test.name, test))
    return sorted(found, key=lambda item: item.name)


#: Examples that generate both default worlds (seconds each): run by `run.py test`,
#: left out of the quick loop (`-m "not slow"`).
SLOW = {"labkit.world.datasets.verify_datasets", "labkit.world.datasets.write_datasets"}


def _marks(name: str) -> list[pytest.MarkDecorator]:
    reason = KNOWN_FAILURES.get(name)
    marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
    return marks + ([pytest.mark.slow] if name in SLOW else [])


DOCTESTS = [pytest.param(item, id=item.name, marks=_marks(item.name)) for item in _collect()]


def test_the_package_has_doctests() -> None:
    names = {param.values[0].name for param in DOCTESTS}
    assert "labkit.course.roster.derive_seed" in names
    assert len(names) > 50


@pytest.mark.parametrize("found", DOCTESTS)
def test_docstring_examples_run(found: _Found, tmp_path, monkeypatch) -> None:
    if found.test is None:
        pytest.fail(f"{found.name} cannot be imported: {found.import_error}")
    test = found.test
    if all(example.options.get(doctest.SKIP, False) for example in test.examples):
        pytest.skip("all examples are marked +SKIP")
    monkeypatch.chdir(tmp_path)
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    try:
        runner.run(test, out=report.write, clear_globs=False)
    finally:
        test.globs.clear()
    if runner.failures:
        pytest.fail(report.getvalue(), pytrace=False)
