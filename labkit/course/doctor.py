"""``labkit doctor``: check that this environment can run the course.

Prints one line per check::

    OK   numpy 2.1.3
    FAIL Chinese font: NotoSansSC-Regular.ttf not found ... fix: ...

and exits 1 if any check failed. Each FAIL line says what is wrong and how to
fix it. Nothing is changed or installed.

Examples
--------
Shell::

    labkit doctor
    labkit doctor --quiet      # only the failures and the summary
"""

from __future__ import annotations

import argparse
import importlib
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = ["CHECKS", "Check", "add_arguments", "all_checks", "iter_checks", "run"]

MIN_PYTHON = (3, 11)
GLYPH_SAMPLE = "客户信息管理中文"
SETUP_HINT = "run `python3 run.py setup` in the repository (or `pip install -e .`)"


@dataclass(frozen=True)
class Check:
    """The result of one check."""

    what: str
    ok: bool
    detail: str = ""

    def line(self) -> str:
        """``OK   <what> <detail>`` or ``FAIL <what>: <detail>``."""
        if self.ok:
            return f"OK   {self.what} {self.detail}".rstrip()
        return f"FAIL {self.what}: {self.detail}"


# ------------------------------------------------------------------ version helpers


def _simple_version(text: str) -> tuple[int, ...]:
    """Leading numeric parts of a version, for use when packaging is missing."""
    parts = []
    for piece in text.split("."):
        match = re.match(r"\d+", piece)
        if not match:
            break
        parts.append(int(match.group()))
    return tuple(parts)


def _simple_satisfies(installed: str, specifier: str) -> bool:
    have = _simple_version(installed)
    for clause in filter(None, (c.strip() for c in specifier.split(","))):
        match = re.fullmatch(r"(~=|==|!=|>=|<=|>|<)\s*([\w.*+!-]+)", clause)
        if not match:
            continue
        op, wanted = match.groups()
        if wanted.endswith(".*"):
            prefix = _simple_version(wanted[:-2])
            equal = have[: len(prefix)] == prefix
            if (op == "==") != equal:
                return False
            continue
        need = _simple_version(wanted)
        width = max(len(have), len(need))
        a = have + (0,) * (width - len(have))
        b = need + (0,) * (width - len(need))
        ok = {
            "==": a == b,
            "!=": a != b,
            ">=": a >= b,
            "<=": a <= b,
            ">": a > b,
            "<": a < b,
            "~=": a >= b and a[: max(len(need) - 1, 1)] == b[: max(len(need) - 1, 1)],
        }[op]
        if not ok:
            return False
    return True


@dataclass(frozen=True)
class _Requirement:
    name: str
    specifier: str

    def satisfied_by(self, installed: str) -> bool:
        try:
            from packaging.specifiers import SpecifierSet
            from packaging.version import InvalidVersion, Version
        except ImportError:
            return _simple_satisfies(installed, self.specifier)
        try:
            return SpecifierSet(self.specifier).contains(Version(installed), prereleases=True)
        except InvalidVersion:
            return _simple_satisfies(installed, self.specifier)


def _runtime_requirements(requires: Iterable[str]) -> list[_Requirement]:
    """Requirements that apply here, leaving out extras such as ``dev``."""
    try:
        from packaging.requirements import Requirement
    except ImportError:
        Requirement = None
    found = []
    for text in requires:
        if Requirement is None:
            requirement, _, marker = text.partition(";")
            if "extra" in marker:
                continue
            match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)", requirement)
            if match:
                found.append(_Requirement(match.group(1), match.group(3).strip(" ()")))
            continue
        parsed = Requirement(text)
        if parsed.marker is not None and not parsed.marker.evaluate({"extra": ""}):
            continue
        found.append(_Requirement(parsed.name, str(parsed.specifier)))
    return found


# ------------------------------------------------------------------------ the checks


def check_python() -> Check:
    """Python is recent enough."""
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info[:2] >= MIN_PYTHON:
        return Check("Python", True, version)
    need = ".".join(map(str, MIN_PYTHON))
    return Check(
        "Python",
        False,
        f"{version} ({sys.executable}) is too old, the course needs >= {need}; "
        f"fix: install Python {need} or newer and run `python3 run.py setup` with it",
    )


def check_requirements() -> list[Check]:
    """labkit is installed, and so is every runtime package it declares, in a fitting version."""
    try:
        own_version = metadata.version("labkit")
        requires = metadata.requires("labkit") or []
    except metadata.PackageNotFoundError:
        return [Check("labkit", False, f"the labkit package is not installed; fix: {SETUP_HINT}")]
    checks = [Check("labkit", True, own_version)]
    for requirement in _runtime_requirements(requires):
        spec = requirement.specifier
        wanted = f"{requirement.name}{spec}"
        try:
            installed = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            checks.append(
                Check(
                    requirement.name,
                    False,
                    f'not installed; fix: {SETUP_HINT}, or `pip install "{wanted}"`',
                )
            )
            continue
        if requirement.satisfied_by(installed):
            checks.append(Check(requirement.name, True, installed))
        else:
            checks.append(
                Check(
                    requirement.name,
                    False,
                    f"{installed} is installed but labkit needs {spec}; "
                    f'fix: `pip install "{wanted}"` in this environment',
                )
            )
    return checks


def check_font() -> Check:
    """The Chinese font is there, matplotlib can load it, and it has Chinese glyphs."""
    what = "Chinese font"
    try:
        from labkit.plotting import FONT_FILE, find_chinese_font
    except Exception as exc:
        return Check(what, False, f"cannot import labkit.plotting ({exc}); fix: {SETUP_HINT}")
    path = find_chinese_font()
    if path is None:
        return Check(
            what,
            False,
            f"{FONT_FILE} not found in the zhplot package; "
            'fix: `pip install "zhplot>=1.0"` in this environment',
        )
    try:
        from matplotlib import ft2font

        font = ft2font.FT2Font(str(path))
    except Exception as exc:
        return Check(
            what,
            False,
            f"matplotlib cannot load {path} ({exc}); fix: reinstall it with "
            '`pip install --force-reinstall "zhplot>=1.0"`',
        )
    missing = [c for c in GLYPH_SAMPLE if font.get_char_index(ord(c)) == 0]
    if missing:
        return Check(
            what,
            False,
            f"{path} lacks the glyphs {''.join(missing)}; fix: reinstall it with "
            '`pip install --force-reinstall "zhplot>=1.0"`',
        )
    return Check(what, True, f"{font.family_name} ({path.name})")


def check_jupyterlab() -> list[Check]:
    """JupyterLab imports, and ``jupyter lab`` runs from this same environment."""
    try:
        jupyterlab = importlib.import_module("jupyterlab")
    except Exception as exc:
        return [
            Check(
                "import jupyterlab",
                False,
                f'cannot import jupyterlab ({exc}); fix: `pip install "jupyterlab>=4.1"`',
            )
        ]
    version = getattr(jupyterlab, "__version__", "")
    checks = [Check("import jupyterlab", True, version)]
    command = [sys.executable, "-m", "jupyter", "lab", "--version"]
    what = "jupyter lab command"
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        checks.append(Check(what, False, f"`jupyter lab --version` did not run ({exc})"))
        return checks
    printed = result.stdout.strip().splitlines()[-1:] or [""]
    if result.returncode != 0:
        why = (result.stderr.strip().splitlines() or ["no output"])[-1]
        checks.append(
            Check(
                what,
                False,
                f"`jupyter lab --version` failed ({why}); "
                'fix: `pip install --force-reinstall "jupyterlab>=4.1"`',
            )
        )
    elif version and printed[0] != version:
        checks.append(
            Check(
                what,
                False,
                f"`jupyter lab` is version {printed[0]}, not this environment's {version}; "
                "fix: activate this environment (or use `python3 run.py lab`)",
            )
        )
    else:
        checks.append(Check(what, True, printed[0]))
    return checks


def _labextension_installed(name: str) -> Path | None:
    try:
        from jupyter_core.paths import jupyter_path

        folders = [Path(p) for p in jupyter_path("labextensions")]
    except Exception:
        folders = [Path(sys.prefix) / "share" / "jupyter" / "labextensions"]
    for folder in folders:
        candidate = folder / name / "package.json"
        if candidate.is_file():
            return candidate
    return None


def check_ipywidgets() -> list[Check]:
    """ipywidgets imports and its JupyterLab extension is installed."""
    try:
        ipywidgets = importlib.import_module("ipywidgets")
    except Exception as exc:
        return [
            Check(
                "import ipywidgets",
                False,
                f'cannot import ipywidgets ({exc}); fix: `pip install "ipywidgets>=8.1"`',
            )
        ]
    checks = [Check("import ipywidgets", True, getattr(ipywidgets, "__version__", ""))]
    what = "ipywidgets JupyterLab extension"
    fix = "fix: `pip install jupyterlab_widgets` in this environment"
    try:
        extension_version = metadata.version("jupyterlab_widgets")
    except metadata.PackageNotFoundError:
        checks.append(Check(what, False, f"jupyterlab_widgets is not installed; {fix}"))
        return checks
    if _labextension_installed("@jupyter-widgets/jupyterlab-manager") is None:
        checks.append(
            Check(
                what,
                False,
                "jupyterlab_widgets is installed but JupyterLab cannot see its extension; "
                f"{fix.replace('install', 'install --force-reinstall')}",
            )
        )
    else:
        checks.append(Check(what, True, f"jupyterlab_widgets {extension_version}"))
    return checks


def check_datasets() -> Check:
    """The default datasets are in place."""
    what = "default datasets"
    try:
        from labkit.world import datasets_present
    except Exception as exc:
        return Check(
            what,
            False,
            f"cannot import labkit.world ({type(exc).__name__}: {exc}); fix: {SETUP_HINT}",
        )
    try:
        present = bool(datasets_present())
    except Exception as exc:
        return Check(what, False, f"could not look for them ({type(exc).__name__}: {exc})")
    if not present:
        return Check(
            what,
            False,
            "missing; fix: `labkit datasets --ensure` (or `python3 run.py setup`)",
        )
    return Check(what, True, "present")


CHECKS: tuple[Callable[[], Check | list[Check]], ...] = (
    check_python,
    check_requirements,
    check_font,
    check_jupyterlab,
    check_ipywidgets,
    check_datasets,
)


def iter_checks() -> Iterator[Check]:
    """Run every check in order, yielding each result as soon as it is known."""
    for group in CHECKS:
        outcome = group()
        yield from (outcome if isinstance(outcome, list) else [outcome])


def all_checks() -> list[Check]:
    """Run every check and return the results in order."""
    return list(iter_checks())


# ---------------------------------------------------------------------------- command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``labkit doctor``."""
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="print only failed checks and the summary"
    )


def run(args: argparse.Namespace) -> int:
    """Print one line per check; return 1 if any failed, else 0."""
    quiet = bool(getattr(args, "quiet", False))
    failed = 0
    checks = 0
    for check in iter_checks():
        checks += 1
        failed += not check.ok
        if not (quiet and check.ok):
            print(check.line(), flush=True)
    if failed:
        print(
            f"{failed} of {checks} checks failed: fix the FAIL lines above, then run "
            "`labkit doctor` again."
        )
        return 1
    print(f"All {checks} checks OK: this environment can run the course.")
    return 0
