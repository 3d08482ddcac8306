"""The environment the course needs, examined: what the ``labkit doctor`` command reports.

Each ``examine_*`` function looks at one thing (Python, the packages labkit
declares, the Chinese font, JupyterLab, ipywidgets, the default datasets) and
returns :class:`Finding` objects, each saying what was looked at, whether it is
fine, and — when it is not — what is wrong and how to fix it. Nothing is changed
or installed. :func:`diagnose` runs them all in order.

Examples
--------
>>> finding = examine_python()
>>> finding.what, finding.ok
('Python', True)
>>> Finding("Chinese font", False, "not found; fix: ...").line()
'FAIL Chinese font: not found; fix: ...'
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from labkit.i18n import N_, _

try:  # packaging is not a declared dependency: without it, a simple reader is used
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.version import InvalidVersion, Version
except ImportError:  # pragma: no cover - packaging comes with pip almost everywhere
    Requirement = SpecifierSet = Version = None  # type: ignore[assignment,misc]
    InvalidVersion = ValueError  # type: ignore[assignment,misc]

__all__ = [
    "EXAMINATIONS",
    "Finding",
    "diagnose",
    "examine_datasets",
    "examine_font",
    "examine_ipywidgets",
    "examine_jupyterlab",
    "examine_python",
    "examine_requirements",
]

MIN_PYTHON = (3, 11)
GLYPH_SAMPLE = "客户信息管理中文"
SETUP_HINT = N_("run `python3 run.py setup` in the repository (or `pip install -e .`)")


@dataclass(frozen=True)
class Finding:
    """What was found about one part of the environment.

    Attributes
    ----------
    what : str
        The part examined, e.g. ``"Chinese font"``.
    ok : bool
        Whether it is fit for the course.
    detail : str
        A version or name when fine; what is wrong and the fix when not.

    Examples
    --------
    >>> Finding("numpy", True, "2.1.3").line()
    'OK   numpy 2.1.3'
    """

    what: str
    ok: bool
    detail: str = ""

    def line(self) -> str:
        """``OK   <what> <detail>`` or ``FAIL <what>: <detail>``."""
        if self.ok:
            return f"OK   {_(self.what)} {self.detail}".rstrip()
        return f"FAIL {_(self.what)}: {self.detail}"


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
        if SpecifierSet is None:
            return _simple_satisfies(installed, self.specifier)
        try:
            return SpecifierSet(self.specifier).contains(Version(installed), prereleases=True)
        except InvalidVersion:
            return _simple_satisfies(installed, self.specifier)


def _runtime_requirements(requires: Iterable[str]) -> list[_Requirement]:
    """Requirements that apply here, leaving out extras such as ``dev``."""
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


# ---------------------------------------------------------------------- what is examined


def examine_python() -> Finding:
    """Python is recent enough (at least :data:`MIN_PYTHON`).

    Returns
    -------
    Finding

    Examples
    --------
    >>> examine_python().ok
    True
    """
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info[:2] >= MIN_PYTHON:
        return Finding("Python", True, version)
    need = ".".join(map(str, MIN_PYTHON))
    return Finding(
        "Python",
        False,
        _(
            "{version} ({executable}) is too old, the course needs >= {need}; fix: install Python "
            "{need} or newer and run `python3 run.py setup` with it"
        ).format(version=version, executable=sys.executable, need=need),
    )


def examine_requirements() -> list[Finding]:
    """labkit is installed, and so is every runtime package it declares, in a fitting version.

    Returns
    -------
    list of Finding
        One for labkit, then one per declared runtime package (extras such as
        ``dev`` are left out).

    Examples
    --------
    >>> examine_requirements()[0].what
    'labkit'
    """
    try:
        own_version = metadata.version("labkit")
        requires = metadata.requires("labkit") or []
    except metadata.PackageNotFoundError:
        return [
            Finding(
                "labkit",
                False,
                _("the labkit package is not installed; fix: {SETUP_HINT}").format(
                    SETUP_HINT=_(SETUP_HINT)
                ),
            )
        ]
    findings = [Finding("labkit", True, own_version)]
    for requirement in _runtime_requirements(requires):
        spec = requirement.specifier
        wanted = f"{requirement.name}{spec}"
        try:
            installed = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            findings.append(
                Finding(
                    requirement.name,
                    False,
                    _('not installed; fix: {SETUP_HINT}, or `pip install "{wanted}"`').format(
                        SETUP_HINT=_(SETUP_HINT), wanted=wanted
                    ),
                )
            )
            continue
        if requirement.satisfied_by(installed):
            findings.append(Finding(requirement.name, True, installed))
        else:
            findings.append(
                Finding(
                    requirement.name,
                    False,
                    _(
                        "{installed} is installed but labkit needs {spec}; fix: `pip install "
                        '"{wanted}"` in this environment'
                    ).format(installed=installed, spec=spec, wanted=wanted),
                )
            )
    return findings


def examine_font() -> Finding:
    """The Chinese font is there, matplotlib can load it, and it has Chinese glyphs.

    Returns
    -------
    Finding

    Examples
    --------
    >>> examine_font().what
    'Chinese font'
    """
    what = N_("Chinese font")
    # Imported here, inside the guard: a broken install is a finding to report, not a crash.
    try:
        from labkit.plotting import FONT_FILE, find_chinese_font
    except Exception as exc:
        return Finding(
            what,
            False,
            _("cannot import labkit.plotting ({exc}); fix: {SETUP_HINT}").format(
                exc=exc, SETUP_HINT=_(SETUP_HINT)
            ),
        )
    path = find_chinese_font()
    if path is None:
        return Finding(
            what,
            False,
            _(
                '{FONT_FILE} not found in the zhplot package; fix: `pip install "zhplot>=1.0"` in '
                "this environment"
            ).format(FONT_FILE=FONT_FILE),
        )
    try:  # guarded, as above
        from matplotlib import ft2font

        font = ft2font.FT2Font(str(path))
    except Exception as exc:
        return Finding(
            what,
            False,
            _(
                "matplotlib cannot load {path} ({exc}); fix: reinstall it with `pip install "
                '--force-reinstall "zhplot>=1.0"`'
            ).format(path=path, exc=exc),
        )
    missing = [c for c in GLYPH_SAMPLE if font.get_char_index(ord(c)) == 0]
    if missing:
        return Finding(
            what,
            False,
            _(
                "{path} lacks the glyphs {items}; fix: reinstall it with `pip install "
                '--force-reinstall "zhplot>=1.0"`'
            ).format(path=path, items="".join(missing)),
        )
    return Finding(what, True, f"{font.family_name} ({path.name})")


def examine_jupyterlab() -> list[Finding]:
    """JupyterLab imports, and ``jupyter lab`` runs from this same environment.

    Returns
    -------
    list of Finding
        ``import jupyterlab``, then ``jupyter lab command`` when the import works.

    Examples
    --------
    >>> [finding.what for finding in examine_jupyterlab()]  # doctest: +SKIP
    ['import jupyterlab', 'jupyter lab command']
    """
    try:
        jupyterlab = importlib.import_module("jupyterlab")
    except Exception as exc:
        return [
            Finding(
                "import jupyterlab",
                False,
                _('cannot import jupyterlab ({exc}); fix: `pip install "jupyterlab>=4.1"`').format(
                    exc=exc
                ),
            )
        ]
    version = getattr(jupyterlab, "__version__", "")
    findings = [Finding("import jupyterlab", True, version)]
    command = [sys.executable, "-m", "jupyter", "lab", "--version"]
    what = N_("jupyter lab command")
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        findings.append(
            Finding(what, False, _("`jupyter lab --version` did not run ({exc})").format(exc=exc))
        )
        return findings
    printed = result.stdout.strip().splitlines()[-1:] or [""]
    if result.returncode != 0:
        why = (result.stderr.strip().splitlines() or ["no output"])[-1]
        findings.append(
            Finding(
                what,
                False,
                _(
                    "`jupyter lab --version` failed ({why}); fix: `pip install --force-reinstall "
                    '"jupyterlab>=4.1"`'
                ).format(why=why),
            )
        )
    elif version and printed[0] != version:
        findings.append(
            Finding(
                what,
                False,
                _(
                    "`jupyter lab` is version {printed}, not this environment's {version}; fix: "
                    "activate this environment (or use `python3 run.py lab`)"
                ).format(printed=printed[0], version=version),
            )
        )
    else:
        findings.append(Finding(what, True, printed[0]))
    return findings


def _labextension_installed(name: str) -> Path | None:
    try:  # guarded: without jupyter_core, look in this environment's own share/ folder
        from jupyter_core.paths import jupyter_path

        folders = [Path(p) for p in jupyter_path("labextensions")]
    except Exception:
        folders = [Path(sys.prefix) / "share" / "jupyter" / "labextensions"]
    for folder in folders:
        candidate = folder / name / "package.json"
        if candidate.is_file():
            return candidate
    return None


def examine_ipywidgets() -> list[Finding]:
    """ipywidgets imports and its JupyterLab extension is installed.

    Returns
    -------
    list of Finding
        ``import ipywidgets``, then ``ipywidgets JupyterLab extension`` when the
        import works.

    Examples
    --------
    >>> examine_ipywidgets()[0].what
    'import ipywidgets'
    """
    try:
        ipywidgets = importlib.import_module("ipywidgets")
    except Exception as exc:
        return [
            Finding(
                "import ipywidgets",
                False,
                _('cannot import ipywidgets ({exc}); fix: `pip install "ipywidgets>=8.1"`').format(
                    exc=exc
                ),
            )
        ]
    findings = [Finding("import ipywidgets", True, getattr(ipywidgets, "__version__", ""))]
    what = N_("ipywidgets JupyterLab extension")
    fix = _("fix: `pip install jupyterlab_widgets` in this environment")
    try:
        extension_version = metadata.version("jupyterlab_widgets")
    except metadata.PackageNotFoundError:
        findings.append(
            Finding(what, False, _("jupyterlab_widgets is not installed; {fix}").format(fix=fix))
        )
        return findings
    if _labextension_installed("@jupyter-widgets/jupyterlab-manager") is None:
        findings.append(
            Finding(
                what,
                False,
                _(
                    "jupyterlab_widgets is installed but JupyterLab cannot see its extension; "
                    "{value}"
                ).format(value=fix.replace("install", "install --force-reinstall")),
            )
        )
    else:
        findings.append(Finding(what, True, f"jupyterlab_widgets {extension_version}"))
    return findings


def examine_datasets() -> Finding:
    """The default datasets are in place.

    Returns
    -------
    Finding

    Examples
    --------
    >>> examine_datasets().what
    'default datasets'
    """
    what = N_("default datasets")
    try:  # guarded, like the font's import: a broken world package is a finding
        from labkit.world import datasets_present
    except Exception as exc:
        return Finding(
            what,
            False,
            _("cannot import labkit.world ({type_name}: {exc}); fix: {SETUP_HINT}").format(
                type_name=type(exc).__name__, exc=exc, SETUP_HINT=_(SETUP_HINT)
            ),
        )
    try:
        present = bool(datasets_present())
    except Exception as exc:
        return Finding(
            what,
            False,
            _("could not look for them ({type_name}: {exc})").format(
                type_name=type(exc).__name__, exc=exc
            ),
        )
    if not present:
        return Finding(
            what,
            False,
            _("missing; fix: `labkit datasets --ensure` (or `python3 run.py setup`)"),
        )
    return Finding(what, True, "present")


EXAMINATIONS: tuple[Callable[[], Finding | list[Finding]], ...] = (
    examine_python,
    examine_requirements,
    examine_font,
    examine_jupyterlab,
    examine_ipywidgets,
    examine_datasets,
)


def diagnose() -> Iterator[Finding]:
    """Examine everything in order, yielding each finding as soon as it is known.

    Returns
    -------
    iterator of Finding

    Examples
    --------
    >>> next(diagnose()).what
    'Python'
    """
    for examine in EXAMINATIONS:
        outcome = examine()
        yield from (outcome if isinstance(outcome, list) else [outcome])
