#!/usr/bin/env python3
"""Task runner for the customer information management lab kit.

Pure standard library, so it runs before anything is installed, on Linux,
macOS and Windows::

    python3 run.py TASK [ARGS...]      (Windows: py run.py TASK [ARGS...])

Run it with no task to see the list. Every task that needs the environment
first runs ``setup``, which is quick when nothing has changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

MIN_PYTHON = (3, 11)
ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".labkit-installed"
WINDOWS = os.name == "nt"
START_NOTEBOOK = Path("notebooks") / "00_start_here.ipynb"
#: The same notebook in 简体中文, opened for a reader of Chinese (see start_notebook).
START_NOTEBOOK_ZH = Path("notebooks") / "00_start_here_zh.ipynb"
NOTEBOOK_DIRS = ("notebooks", "solutions", "exercises")
#: Built with their outputs (on the en_US default world); exercises are built without.
OUTPUT_DIRS = ("notebooks", "solutions")
#: Debian packages the browser test needs: Chromium, and fonts for Chinese and emoji.
BROWSER_PACKAGES = ("chromium", "fonts-noto-cjk", "fonts-noto-color-emoji")
#: The browser test's pytest arguments.
BROWSER_TEST = ("tests/browser", "--run-browser", "-q", "-p", "no:cacheprovider")
#: The unit tests run on every core, up to four (pytest-xdist); the tests that start
#: Jupyter kernels share one worker (their xdist_group, see tests/conftest.py).
PARALLEL = ("-n", "auto", "--maxprocesses", "4", "--dist", "loadgroup")
#: Regular expressions for what differs on every run (durations, random tokens).
NBVAL_SANITIZE = "tests/nbval_sanitize.cfg"
#: Plots drawn inline in the kernel, as when the notebooks were built.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
TEST_LOCALES = ("en_US", "zh_CN")
CACHE_DIRS = (".pytest_cache", ".ruff_cache", ".hypothesis", "__pycache__", ".ipynb_checkpoints")
TOP_LEVEL_BUILD_DIRS = ("build", "dist")


# ------------------------------------------------------------------------- helpers


def say(message: str) -> None:
    print(message, flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")


def venv_script(name: str) -> Path:
    return VENV / ("Scripts" if WINDOWS else "bin") / (f"{name}.exe" if WINDOWS else name)


def venv_env(**extra: str) -> dict[str, str]:
    """The current environment with the venv activated, plus ``extra``."""
    env = dict(os.environ)
    env.pop("PYTHONHOME", None)
    env["VIRTUAL_ENV"] = str(VENV)
    env["PATH"] = str(venv_script("python").parent) + os.pathsep + env.get("PATH", "")
    env.update(extra)
    return env


def shown(command: Sequence[str | Path]) -> str:
    """A command as a person would type it, with paths relative to the repository."""
    parts = []
    for part in map(str, command):
        try:
            part = str(Path(part).relative_to(ROOT))
        except ValueError:
            pass
        parts.append(f'"{part}"' if " " in part else part)
    return " ".join(parts)


def call(command: Sequence[str | Path], env: dict[str, str] | None = None) -> int:
    """Run a command from the repository root, streaming its output; return its exit code."""
    say(f"$ {shown(command)}")
    try:
        return subprocess.call([str(c) for c in command], cwd=ROOT, env=env or venv_env())
    except FileNotFoundError as exc:
        say(f"error: cannot run {command[0]}: {exc}")
        return 127
    except KeyboardInterrupt:
        say("interrupted")
        return 130


def pyproject_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def labkit(*args: str) -> list[str]:
    """The command line that runs ``labkit ARGS`` in the venv."""
    return [str(venv_python()), "-m", "labkit.cli", *args]


# --------------------------------------------------------------------------- setup


def setup(ensure_datasets: bool = True) -> int:
    """Create .venv, install the kit into it when pyproject.toml changed, ensure datasets."""
    python = venv_python()
    if not python.exists():
        if VENV.exists():
            say(
                f"error: {VENV.name}/ exists but has no {python.relative_to(VENV)}; "
                "run `python3 run.py clean`, then try again"
            )
            return 1
        say(
            f"creating the virtual environment {VENV.name}/ with Python "
            f"{'.'.join(map(str, sys.version_info[:3]))}"
        )
        code = call([sys.executable, "-m", "venv", VENV], env=dict(os.environ))
        if code:
            say(
                "error: could not create the virtual environment (on Debian/Ubuntu: "
                "`apt-get install python3-venv`)"
            )
            return code

    wanted = pyproject_hash()
    current = STAMP.read_text(encoding="utf-8").strip() if STAMP.exists() else ""
    if current == wanted:
        say(f"dependencies up to date ({STAMP.relative_to(ROOT)} matches pyproject.toml)")
    else:
        command = [python, "-m", "pip", "install", "--disable-pip-version-check"]
        if os.environ.get("CI"):
            command += ["--progress-bar", "off"]
        code = call([*command, "-e", ".[dev]"])
        if code:
            say("error: installing the kit failed (see pip's message above)")
            return code
        STAMP.write_text(wanted + "\n", encoding="utf-8")

    if ensure_datasets:
        code = call(labkit("datasets", "--ensure"))
        if code:
            say("error: the default datasets could not be put in place")
            return code
    return 0


# --------------------------------------------------------------------- the browser test


def _deb_installed(package: str) -> bool:
    done = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
    )
    return done.returncode == 0 and "install ok installed" in done.stdout


def ensure_browser() -> str | None:
    """Install Chromium and the fonts where they are missing and it is possible.

    Returns None when the browser test can run, else the reason it cannot (then
    the step is skipped, not failed: e.g. on Windows or macOS, or without root).
    """
    if not sys.platform.startswith("linux") or not shutil.which("dpkg-query"):
        return "needs Debian's chromium package (Linux with apt); not available here"
    missing = [package for package in BROWSER_PACKAGES if not _deb_installed(package)]
    if not missing:
        return None
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        prefix: list[str] = []
    elif shutil.which("sudo") and subprocess.call(["sudo", "-n", "true"]) == 0:
        prefix = ["sudo", "-n"]
    else:
        return f"needs {', '.join(missing)}: install them with apt-get (as root)"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = [*prefix, "apt-get", "install", "-y", "-q", *missing]
    say(f"installing {', '.join(missing)} for the browser test")
    if call(install, env) != 0:  # the package lists may be stale: refresh them once
        call([*prefix, "apt-get", "update", "-q"], env)
        if call(install, env) != 0:
            return f"could not install {', '.join(missing)} with apt-get"
    return None


def task_browser(extra: list[str]) -> int:
    code = setup()
    if code:
        return code
    reason = ensure_browser()
    if reason:
        say(f"browser test skipped: {reason}")
        return 0
    return call([str(venv_python()), "-m", "pytest", *BROWSER_TEST, *extra], venv_env())


# --------------------------------------------------------------------------- tasks


def task_setup(extra: list[str]) -> int:
    return setup()


def start_notebook(environ: dict[str, str] | None = None) -> Path:
    """The notebook JupyterLab opens: chapter 00 in the reader's language.

    ``LABKIT_LANG=zh`` (or ``zh_CN``) asks for Chinese, ``LABKIT_LANG=en`` for English;
    without it, a Chinese world (``LABKIT_LOCALE=zh_CN``) opens the Chinese notebook.
    """
    environ = os.environ if environ is None else environ
    language = environ.get("LABKIT_LANG", "").strip().lower()
    chinese = language.startswith("zh") or (
        not language and environ.get("LABKIT_LOCALE", "").strip() == "zh_CN"
    )
    return START_NOTEBOOK_ZH if chinese and (ROOT / START_NOTEBOOK_ZH).exists() else START_NOTEBOOK


def task_lab(extra: list[str]) -> int:
    code = setup()
    if code:
        return code
    # serve the whole kit (so notebooks/, exercises/ and solutions/ are all in the file
    # browser) and open the first notebook; a file argument would serve only its folder
    command = [str(venv_script("jupyter")), "lab", f"--ServerApp.root_dir={ROOT}"]
    start = start_notebook()
    if (ROOT / start).exists():
        command.append(f"--LabApp.default_url=/lab/tree/{start.as_posix()}")
    else:
        say(f"note: {start.as_posix()} is missing; opening JupyterLab at the top")
    command += extra
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in command:
        command.append("--allow-root")  # containers often run as root; Jupyter refuses otherwise
    if WINDOWS:  # no exec on Windows: run it and pass its exit code on
        return call(command)
    say(f"$ {shown(command)}")
    os.chdir(ROOT)
    os.execve(command[0], command, venv_env())
    return 0  # not reached


def notebook_dirs() -> list[str]:
    """The notebook folders that hold at least one notebook."""
    found = []
    for name in NOTEBOOK_DIRS:
        folder = ROOT / name
        if folder.is_dir() and any(
            ".ipynb_checkpoints" not in path.parts for path in folder.rglob("*.ipynb")
        ):
            found.append(name)
    return found


def notebook_runs(folders: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """The nbval runs: (locale, folders whose outputs are compared, folders only run).

    The committed outputs of the teaching and solutions notebooks were made on the
    default en_US world, so in en_US nbval compares them with a fresh run (text and
    HTML; images are not compared). Exercises have no outputs, and the zh_CN world
    gives other numbers: those runs only check that every cell runs.
    """
    compared = [d for d in folders if d in OUTPUT_DIRS]
    only_run = [d for d in folders if d not in OUTPUT_DIRS]
    runs = []
    if compared:
        runs.append((TEST_LOCALES[0], compared, []))
    if only_run:
        runs.append((TEST_LOCALES[0], [], only_run))
    runs += [(locale, [], list(folders)) for locale in TEST_LOCALES[1:]]
    return runs


def task_test(extra: list[str]) -> int:
    if extra:
        say(
            f"error: `test` takes no arguments, got {' '.join(extra)} "
            "(run the venv's pytest directly for a subset)"
        )
        return 2
    results: list[tuple[str, str, float, str]] = []

    def step(name: str, action: Callable[[], int]) -> int:
        say(f"\n==> {name}")
        start = time.perf_counter()
        code = action()
        elapsed = time.perf_counter() - start
        results.append(
            (name, "PASS" if code == 0 else "FAIL", elapsed, "" if code == 0 else f"exit {code}")
        )
        return code

    python = str(venv_python())
    test_env = venv_env(
        MPLBACKEND="Agg",
        PYDEVD_DISABLE_FILE_VALIDATION="1",  # quiets a debugger warning in kernels
        JUPYTER_PLATFORM_DIRS="1",
    )
    if step("setup", setup) == 0:
        step("ruff check .", lambda: call([python, "-m", "ruff", "check", "."], test_env))
        step(
            "pytest (unit tests)",
            lambda: call([python, "-m", "pytest", *PARALLEL], test_env),
        )
        folders = notebook_dirs()
        if not folders:
            results.append(
                (
                    "nbval",
                    "SKIP",
                    0.0,
                    "no notebooks in " + ", ".join(f"{d}/" for d in NOTEBOOK_DIRS),
                )
            )
        for locale, compared, lax in notebook_runs(folders):
            command = [python, "-m", "pytest", "--nbval-current-env", "-p", "no:cacheprovider"]
            if compared:  # compare outputs, but not what differs on every run (timings …)
                command += ["--nbval", "--nbval-sanitize-with", NBVAL_SANITIZE]
            else:
                command += ["--nbval-lax"]
            command += [*compared, *lax]
            # LABKIT_LANG=en: an English notebook's outputs are English in either world
            # (a zh_CN world alone would make the kit speak Chinese); a Chinese notebook
            # speaks Chinese anyway, its set-up cell calls use_language("zh").
            env = dict(test_env, LABKIT_LOCALE=locale, LABKIT_LANG="en", MPLBACKEND=INLINE_BACKEND)
            what = ", ".join(f"{d}/" for d in (*compared, *lax))
            label = "outputs compared" if compared else "run only"
            step(
                f"nbval {locale} {label} ({what})",
                lambda command=command, env=env: call(command, env),
            )

        if folders:
            name = "browser (JupyterLab in Chromium)"
            reason = ensure_browser()
            if reason:
                results.append((name, "SKIP", 0.0, reason))
            else:
                command = [python, "-m", "pytest", *BROWSER_TEST]
                step(name, lambda command=command: call(command, test_env))

    say("\n== summary ==")
    width = max(len(name) for name, *_ in results)
    for name, status, elapsed, note in results:
        say(f"{status:<5} {name:<{width}}  {elapsed:7.1f} s  {note}".rstrip())
    failed = [name for name, status, *_ in results if status == "FAIL"]
    ran = [name for name, status, *_ in results if status != "SKIP"]
    if failed:
        say(f"run.py test: {len(failed)} of {len(ran)} steps FAILED ({', '.join(failed)})")
        return 1
    say(f"run.py test: all {len(ran)} steps passed")
    return 0


def task_datasets(extra: list[str]) -> int:
    code = setup(ensure_datasets=False)
    return code or call(labkit("datasets", *extra))


def task_exercises(extra: list[str]) -> int:
    code = setup()
    return code or call(labkit("exercises", *extra))


def task_notebooks(extra: list[str]) -> int:
    code = setup()
    return code or call(labkit("notebooks", *extra))


def task_quick(extra: list[str]) -> int:
    """The quick loop: ruff, the architecture contracts and the unit tests not marked slow."""
    code = setup()
    if code:
        return code
    python = str(venv_python())
    env = venv_env(MPLBACKEND="Agg")
    start = time.perf_counter()
    quick_tests = [python, "-m", "pytest", *PARALLEL, "-m", "not slow", "-q"]
    code = call([python, "-m", "ruff", "check", "."], env) or call(
        [*quick_tests, "-p", "no:cacheprovider", *extra], env
    )
    verdict = "passed" if code == 0 else "FAILED"
    say(f"run.py quick: {verdict} in {time.perf_counter() - start:.1f} s")
    return code


def task_bench(extra: list[str]) -> int:
    scripts = sorted((ROOT / "benchmarks").glob("*.py"))
    scripts = [s for s in scripts if not s.name.startswith("_")]
    if not scripts:
        say("no benchmark scripts in benchmarks/")
        return 0
    code = setup()
    if code:
        return code
    failed = []
    env = venv_env(MPLBACKEND="Agg")
    for script in scripts:
        say(f"\n==> {script.relative_to(ROOT).as_posix()}")
        start = time.perf_counter()
        if call([str(venv_python()), script, *extra], env):
            failed.append(script.name)
        say(f"({script.name}: {time.perf_counter() - start:.1f} s)")
    if failed:
        say(f"failed: {', '.join(failed)}")
        return 1
    return 0


def _remove(path: Path) -> None:
    def make_writable_and_retry(function, target, _excinfo):  # read-only files on Windows
        os.chmod(target, 0o700)
        function(target)

    say(f"removing {path.relative_to(ROOT).as_posix()}")
    if path.is_dir() and not path.is_symlink():
        if sys.version_info >= (3, 12):
            shutil.rmtree(path, onexc=make_writable_and_retry)
        else:
            shutil.rmtree(path, onerror=make_writable_and_retry)
    else:
        path.unlink()


def task_clean(extra: list[str]) -> int:
    if VENV.exists():
        _remove(VENV)
    for name in TOP_LEVEL_BUILD_DIRS:
        if (ROOT / name).is_dir():
            _remove(ROOT / name)
    for folder, subfolders, _files in os.walk(ROOT):
        here = Path(folder)
        keep = []
        for sub in subfolders:
            if sub in (".git", ".venv"):
                continue
            if sub in CACHE_DIRS or sub.endswith(".egg-info"):
                _remove(here / sub)
            else:
                keep.append(sub)
        subfolders[:] = keep
    say("clean")
    return 0


TASKS: dict[str, tuple[Callable[[list[str]], int], str]] = {
    "setup": (
        task_setup,
        "create .venv, install the kit (when pyproject.toml changed), "
        "put the default datasets in place",
    ),
    "lab": (
        task_lab,
        f"setup, then open JupyterLab at {START_NOTEBOOK.as_posix()} "
        "(extra arguments go to jupyter lab, e.g. --no-browser)",
    ),
    "test": (
        task_test,
        "setup, then ruff, the unit tests, and every notebook under nbval in en_US and zh_CN",
    ),
    "quick": (
        task_quick,
        "the quick loop while you work: ruff and the unit tests not marked slow (under a minute)",
    ),
    "notebooks": (
        task_notebooks,
        "build notebooks/, solutions/ (run, with outputs) and exercises/ from sources/ "
        "(labkit notebooks)",
    ),
    "browser": (
        task_browser,
        "the course in JupyterLab in headless Chromium, as a student meets it "
        "(installs chromium and fonts with apt where it can; screenshots in "
        "build/browser-screenshots/)",
    ),
    "datasets": (task_datasets, "regenerate the shipped datasets (labkit datasets)"),
    "exercises": (
        task_exercises,
        "rebuild the exercises notebooks from the solutions (labkit exercises)",
    ),
    "bench": (task_bench, "run every script in benchmarks/"),
    "clean": (task_clean, "remove .venv and caches (keeps datasets/)"),
}


def print_tasks() -> None:
    say("usage: python3 run.py TASK [ARGS...]   (Windows: py run.py TASK [ARGS...])\n")
    say("tasks:")
    for name, (_function, description) in TASKS.items():
        say(f"  {name:<10} {description}")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if sys.version_info[:2] < MIN_PYTHON:
        say(
            f"error: Python {'.'.join(map(str, MIN_PYTHON))} or newer is needed, this is "
            f"{sys.version.split()[0]} ({sys.executable})"
        )
        return 2
    if not argv or argv[0] in ("-h", "--help", "help"):
        print_tasks()
        return 0
    name, extra = argv[0], argv[1:]
    if name not in TASKS:
        say(f"error: unknown task {name!r}\n")
        print_tasks()
        return 2
    return TASKS[name][0](extra)


if __name__ == "__main__":
    sys.exit(main())
