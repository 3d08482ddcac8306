"""The nbval runs fail a notebook cell that shows a warning (labkit.course.nbval_checks)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "labkit.course.nbval_checks"


def test_the_project_settings_load_the_plugin() -> None:
    """By run.py or by hand, every pytest run of the project applies it."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert f"-p {PLUGIN}" in settings["tool"]["pytest"]["ini_options"]["addopts"]


def test_a_cell_that_warns_or_logs_fails_and_a_quiet_one_passes(tmp_path: Path) -> None:
    cells = [
        "print('a result')",
        "import warnings\nwarnings.warn('the old way', FutureWarning)",
        "import sys\nprint('a log line', file=sys.stderr)",
        "1 + 1",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    path = tmp_path / "warns.ipynb"
    nbformat.write(notebook, path)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-p",
         "no:cacheprovider", "-p", PLUGIN, "-q", path.name],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),  # this checkout's labkit
    )
    report = run.stdout + run.stderr
    assert run.returncode == 1, report
    assert "2 failed, 2 passed" in report, report
    assert "FutureWarning: the old way" in report
    assert "a log line" in report
