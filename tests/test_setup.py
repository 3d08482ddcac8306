"""The kit's set-up: package lists, README commands, doctor, and the Chinese font."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tomllib
import warnings
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import pytest

from labkit.course import environment
from labkit.course.environment import Finding

ROOT = Path(__file__).resolve().parents[1]
GLYPHS = "客户信息"

# conda-forge names that differ from the PyPI name of the same package.
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}
# Entries of environment.yml that are not packages of pyproject.toml.
CONDA_ONLY = {"python", "pip"}


def normalise(name: str) -> str:
    """PEP 503 normalised project name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def split_requirement(text: str) -> tuple[str, str]:
    """``"numpy >= 1.26"`` -> ``("numpy", ">=1.26")``; markers and extras dropped."""
    text = text.split(";")[0].strip()
    match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)", text)
    assert match, f"cannot parse requirement {text!r}"
    specifier = ",".join(sorted(part.replace(" ", "") for part in match[3].split(",") if part))
    return normalise(match[1]), specifier


def environment_yml_entries(path: Path) -> tuple[list[str], list[str]]:
    """The conda and pip entries of an environment.yml's ``dependencies``.

    A small reader for the file's simple layout (a list, with one nested
    ``pip:`` list), so the test needs no YAML library.
    """
    conda: list[str] = []
    pip: list[str] = []
    in_dependencies = in_pip = False
    pip_indent = 0
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #")[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if indent == 0:
            in_dependencies = line.startswith("dependencies:")
            in_pip = False
            continue
        if not in_dependencies:
            continue
        item = line.strip()
        if in_pip and indent > pip_indent:
            pip.append(item.removeprefix("-").strip())
            continue
        in_pip = False
        if item.rstrip() in ("- pip:", "-pip:"):
            in_pip, pip_indent = True, indent
            continue
        conda.append(item.removeprefix("-").strip())
    return conda, pip


def pyproject() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


def load_run_py():
    spec = importlib.util.spec_from_file_location("kit_run", ROOT / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- package lists


def test_environment_yml_matches_pyproject():
    project = pyproject()["project"]
    declared = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        declared.extend(extra)
    expected = dict(split_requirement(r) for r in declared)

    conda, pip = environment_yml_entries(ROOT / "environment.yml")
    found: dict[str, str] = {}
    python_spec = None
    for entry in conda:
        name, specifier = split_requirement(entry)
        if name == "python":
            python_spec = specifier
        if name in CONDA_ONLY:
            continue
        name = normalise(CONDA_TO_PYPI.get(name, name))
        assert name not in found, f"{name} is listed twice in environment.yml"
        found[name] = specifier
    for entry in pip:
        if entry.startswith("-e") or entry.startswith("."):
            continue
        name, specifier = split_requirement(entry)
        assert name not in found, f"{name} is listed twice in environment.yml"
        found[name] = specifier

    assert set(found) == set(expected), (
        f"only in pyproject.toml: {sorted(set(expected) - set(found))}; "
        f"only in environment.yml: {sorted(set(found) - set(expected))}"
    )
    differing = {n: (expected[n], found[n]) for n in expected if expected[n] != found[n]}
    assert not differing, f"version specifiers differ (pyproject, environment.yml): {differing}"
    assert python_spec == project["requires-python"].replace(" ", "")
    assert any(e.replace(" ", "") in ("-e.", "--editable.") for e in pip), (
        "environment.yml should install the kit itself with `- -e .` in its pip section"
    )


def test_faker_is_pinned_exactly():
    pins = [r for r in pyproject()["project"]["dependencies"] if normalise(r).startswith("faker")]
    assert len(pins) == 1 and re.fullmatch(r"faker==\d+\.\d+\.\d+", pins[0].replace(" ", ""))


# ----------------------------------------------------------- README and the runner


def readme_quick_start() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Quick start\s*$(.*?)(?=^## )", text, flags=re.M | re.S)
    assert match, "README.md has no '## Quick start' section"
    return match[1]


def test_readme_quick_start_is_the_two_run_py_commands():
    commands = re.findall(r"^\s*(python3 run\.py \S+)\s*$", readme_quick_start(), flags=re.M)
    assert commands == ["python3 run.py lab", "python3 run.py test"]


def test_every_run_py_task_in_readme_exists():
    tasks = load_run_py().TASKS
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    mentioned = set(re.findall(r"\b(?:python3?|py)\s+run\.py\s+([A-Za-z][\w-]*)", text))
    assert {"lab", "test"} <= mentioned
    missing = sorted(mentioned - set(tasks))
    assert not missing, f"README.md mentions run.py tasks that do not exist: {missing}"


def test_makefile_targets_are_run_py_tasks():
    tasks = load_run_py().TASKS
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, flags=re.M)
    assert phony
    targets = set(phony[1].split()) - {"help"}
    assert targets == set(tasks)


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in script
    assert re.search(r"^python3 run\.py test\s*$", script, flags=re.M)


def test_run_py_without_arguments_lists_the_tasks():
    result = subprocess.run(
        [sys.executable, str(ROOT / "run.py")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    for task in load_run_py().TASKS:
        assert re.search(rf"^\s+{task}\s", result.stdout, flags=re.M), task


# ------------------------------------------------------------------------ doctor


@pytest.mark.slow
def test_labkit_doctor_reports_ok_for_every_check():
    env = dict(os.environ, MPLBACKEND="Agg")
    result = subprocess.run(
        [sys.executable, "-m", "labkit.cli", "doctor"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=env,
    )
    lines = result.stdout.splitlines()
    failures = [line for line in lines if line.startswith("FAIL")]
    assert result.returncode == 0 and not failures, result.stdout + result.stderr
    ok = [line for line in lines if line.startswith("OK   ")]

    def has(what: str) -> bool:
        return any(line[5:].lower().startswith(what.lower() + " ") for line in ok)

    expected = [
        "Python",
        "labkit",
        "Chinese font",
        "import jupyterlab",
        "jupyter lab command",
        "import ipywidgets",
        "ipywidgets JupyterLab extension",
        "default datasets",
    ]
    for requirement in metadata.requires("labkit") or []:
        if "extra" not in requirement.partition(";")[2]:
            expected.append(split_requirement(requirement)[0])
    missing = [what for what in expected if not (has(what) or has(what.replace("-", "_")))]
    assert not missing, f"no OK line for {missing}:\n{result.stdout}"


def test_a_finding_is_one_line():
    assert Finding("numpy", True, "2.1.3").line() == "OK   numpy 2.1.3"
    assert Finding("labkit", True).line() == "OK   labkit"
    assert Finding("Chinese font", False, "missing; fix: x").line() == (
        "FAIL Chinese font: missing; fix: x"
    )


@pytest.mark.parametrize(
    ("installed", "specifier", "expected"),
    [
        ("2.1.3", ">=2.1", True),
        ("1.26.4", ">=2.1", False),
        ("40.54.0", "==40.54.0", True),
        ("40.55.0", "==40.54.0", False),
        ("3.9.1", "~=3.8", True),
        ("4.0", "~=3.8", False),
        ("1.2.7", "==1.2.*", True),
        ("1.3.0", "==1.2.*", False),
        ("1.3.0", "!=1.2.*", True),
        ("0.9", ">=0.5,<1", True),
        ("1.0", ">=0.5,<1", False),
    ],
)
def test_versions_are_compared_without_packaging_too(installed, specifier, expected):
    assert environment._simple_satisfies(installed, specifier) is expected
    assert environment._Requirement("x", specifier).satisfied_by(installed) is expected


def test_a_missing_or_old_package_says_how_to_fix_it(monkeypatch):
    installed = {"labkit": "0.1.0", "numpy": "1.26.4"}

    def version(name):
        if name not in installed:
            raise metadata.PackageNotFoundError(name)
        return installed[name]

    fake = SimpleNamespace(
        version=version,
        requires=lambda name: ["numpy>=2.1", "pandas>=2.2", 'pytest>=8; extra == "dev"'],
        PackageNotFoundError=metadata.PackageNotFoundError,
    )
    monkeypatch.setattr(environment, "metadata", fake)
    lines = [finding.line() for finding in environment.examine_requirements()]
    assert lines == [
        "OK   labkit 0.1.0",
        'FAIL numpy: 1.26.4 is installed but labkit needs >=2.1; fix: `pip install "numpy>=2.1"` '
        "in this environment",
        f"FAIL pandas: not installed; fix: {environment.SETUP_HINT}, "
        'or `pip install "pandas>=2.2"`',
    ]


def test_missing_font_and_datasets_are_findings(monkeypatch):
    from labkit import plotting, world

    monkeypatch.setattr(plotting, "find_chinese_font", lambda: None)
    monkeypatch.setattr(world, "datasets_present", lambda: False)
    font = environment.examine_font()
    assert not font.ok and "zhplot" in font.detail and "fix:" in font.detail
    datasets = environment.examine_datasets()
    assert not datasets.ok and "labkit datasets --ensure" in datasets.detail


def doctor(*argv, findings):
    from labkit.commands import doctor as doctor_command

    parser = argparse.ArgumentParser()
    doctor_command.add_arguments(parser)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(doctor_command, "diagnose", lambda: iter(findings))
        return doctor_command.run(parser.parse_args(list(argv)))


def test_doctor_prints_one_line_per_finding_and_the_summary(capsys):
    fine = [Finding("Python", True, "3.11.7"), Finding("numpy", True, "2.1.3")]
    assert doctor(findings=fine) == 0
    assert capsys.readouterr().out.splitlines() == [
        "OK   Python 3.11.7",
        "OK   numpy 2.1.3",
        "All 2 checks OK: this environment can run the course.",
    ]
    broken = [*fine, Finding("Chinese font", False, "missing; fix: reinstall")]
    assert doctor("--quiet", findings=broken) == 1
    assert capsys.readouterr().out.splitlines() == [
        "FAIL Chinese font: missing; fix: reinstall",
        "1 of 3 checks failed: fix the FAIL lines above, then run `labkit doctor` again.",
    ]


def test_diagnose_examines_everything_in_order():
    names = [examine.__name__ for examine in environment.EXAMINATIONS]
    assert names == [
        "examine_python",
        "examine_requirements",
        "examine_font",
        "examine_jupyterlab",
        "examine_ipywidgets",
        "examine_datasets",
    ]


# ------------------------------------------------------------- plotting and fonts


@pytest.mark.slow  # about 3 s of CPU: it imports every module, nbformat and nbclient too
def test_importing_labkit_changes_no_rcparams():
    """Import labkit and every submodule in a fresh interpreter; rcParams must not move."""
    code = r"""
import importlib, json, pkgutil, sys
import matplotlib
import matplotlib.pyplot  # its own import effects are not labkit's
before = {k: repr(v) for k, v in matplotlib.rcParams.items()}
import labkit
failed = {}
for info in pkgutil.walk_packages(labkit.__path__, "labkit."):
    if info.name.endswith("__main__"):
        continue
    try:
        importlib.import_module(info.name)
    except Exception as exc:
        failed[info.name] = f"{type(exc).__name__}: {exc}"
after = {k: repr(v) for k, v in matplotlib.rcParams.items()}
changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
print(json.dumps({"changed": changed, "failed": failed, "zhplot": "zhplot" in sys.modules}))
"""
    env = dict(os.environ, MPLBACKEND="Agg")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["changed"] == [], f"importing labkit changed rcParams: {report['changed']}"
    assert report["zhplot"] is False, "importing labkit imported zhplot (which changes rcParams)"
    assert report["failed"] == {}, f"labkit modules that fail to import: {report['failed']}"


def _glyphs_missing(font_path: str, text: str) -> str:
    from matplotlib import ft2font

    font = ft2font.FT2Font(font_path)
    return "".join(c for c in text if font.get_char_index(ord(c)) == 0)


def test_find_chinese_font_finds_zhplots_font_without_importing_it():
    code = (
        "import sys; from labkit.plotting import find_chinese_font; "
        "p = find_chinese_font(); print(p); print('zhplot' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    path, imported = result.stdout.split()
    assert Path(path).name == "NotoSansSC-Regular.ttf" and Path(path).is_file()
    assert imported == "False"


def _draw_titled_figure(title: str) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(4, 3))
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.plot([1, 2, 3], [-1, 0, 2])
    axes.set_title(title)
    axes.set_xlabel("月份 (month)")
    axes.set_ylabel("客户数 (customers)")
    figure.canvas.draw()


def test_use_chinese_font_resolves_a_font_with_chinese_glyphs():
    import matplotlib
    from matplotlib import font_manager

    from labkit.plotting import use_chinese_font

    with matplotlib.rc_context():
        family = use_chinese_font()
        assert family == "Noto Sans SC"
        assert matplotlib.rcParams["font.sans-serif"][:2] == ["Noto Sans SC", "DejaVu Sans"]
        assert matplotlib.rcParams["axes.unicode_minus"] is False
        resolved = font_manager.findfont(
            font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False
        )
        assert _glyphs_missing(resolved, GLYPHS) == "", resolved
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            _draw_titled_figure(f"{GLYPHS} · customer information")


def test_without_the_chinese_font_the_glyph_check_does_fail():
    """Control: the warning the test above guards against really is raised."""
    import matplotlib

    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(UserWarning, match="missing from font"):
                _draw_titled_figure(GLYPHS)


def test_use_chinese_font_is_idempotent_and_setup_plots_applies_it():
    import matplotlib

    from labkit.plotting import setup_plots, use_chinese_font

    with matplotlib.rc_context():
        use_chinese_font()
        once = list(matplotlib.rcParams["font.sans-serif"])
        use_chinese_font()
        assert matplotlib.rcParams["font.sans-serif"] == once
        setup_plots("en_US")
        first = dict(matplotlib.rcParams)
        setup_plots("zh_CN")
        assert dict(matplotlib.rcParams) == first
        assert matplotlib.rcParams["font.sans-serif"][0] == "Noto Sans SC"
        assert matplotlib.rcParams["axes.grid"] is True
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            _draw_titled_figure(GLYPHS)


def test_setup_plots_rejects_an_unknown_locale():
    from labkit.plotting import setup_plots

    with pytest.raises(ValueError, match="fr_FR"):
        setup_plots("fr_FR")


def test_use_chinese_font_without_the_font_says_to_run_doctor(monkeypatch):
    from labkit import plotting

    monkeypatch.setattr(plotting, "find_chinese_font", lambda: None)
    with pytest.raises(RuntimeError, match="labkit doctor"):
        plotting.use_chinese_font()


@pytest.mark.parametrize(
    ("environ", "opened"),
    [
        ({}, "00_start_here.ipynb"),
        ({"LABKIT_LOCALE": "zh_CN"}, "00_start_here_zh.ipynb"),
        ({"LABKIT_LOCALE": "zh_CN", "LABKIT_LANG": "en"}, "00_start_here.ipynb"),
        ({"LABKIT_LANG": "zh"}, "00_start_here_zh.ipynb"),
        ({"LABKIT_LANG": "zh_CN", "LABKIT_LOCALE": "en_US"}, "00_start_here_zh.ipynb"),
    ],
)
def test_the_lab_opens_chapter_00_in_the_readers_language(environ, opened) -> None:
    run = load_run_py()
    assert run.start_notebook(environ).name == opened
    assert (ROOT / run.start_notebook(environ)).exists()
