"""Fixtures of the browser test: JupyterLab serving a copy of the course, and Chromium.

These tests run only with ``--run-browser`` (``python3 run.py browser`` passes it,
and ``python3 run.py test`` runs that step): they start JupyterLab and Chromium and
take a few minutes. Without Chromium or the Playwright client they are skipped
with the reason, never failed.

Chromium is Debian's ``chromium`` package (browser downloads are not possible on
the course machines), driven by the Python ``playwright`` client through its
``executable_path``. ``python3 run.py browser`` installs the system packages it
needs (``chromium``, ``fonts-noto-cjk``, ``fonts-noto-color-emoji``) where it can.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Where the screenshots go: one PNG per notebook, for a person to look at.
SCREENSHOTS = ROOT / "build" / "browser-screenshots"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
#: Chromium's flags on a machine without a display or a network (the probe's set).
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
#: JupyterLab settings for the test: every cell of a notebook in the page (not only
#: the visible ones), and no pop-up asking to fetch news from the internet.
SETTINGS = (
    ("notebook-extension", "tracker", '{"windowingMode": "none"}'),
    ("apputils-extension", "notification", '{"fetchNews": "false"}'),
)


def chromium_path() -> str | None:
    """Debian's Chromium, if it is installed."""
    candidates = (os.environ.get("LABKIT_CHROMIUM", ""), *CHROMIUM_CANDIDATES)
    return next((path for path in candidates if path and Path(path).exists()), None)


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab: its base URL, token and the folder it serves."""

    url: str
    token: str
    root: Path

    def notebook_url(self, relative: str) -> str:
        return f"{self.url}/lab/tree/{relative}?reset&token={self.token}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _served_copy(folder: Path) -> Path:
    """The notebooks a student opens, copied, so a run never writes into the kit."""
    for name in ("notebooks", "exercises"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copytree(Path(__file__).parent / "fixtures", folder / "probes")
    (folder / "datasets").symlink_to(ROOT / "datasets", target_is_directory=True)
    for extension, name, value in SETTINGS:
        where = folder / "settings" / "@jupyterlab" / extension
        where.mkdir(parents=True, exist_ok=True)
        (where / f"{name}.jupyterlab-settings").write_text(value, encoding="utf-8")
    return folder


def lab_environment() -> dict[str, str]:
    """The environment of the test's JupyterLab: the zh_CN world (Chinese names, places and
    texts in tables and plots, and the kit's messages in Chinese, as most of the course's
    students see it), or ``$LABKIT_BROWSER_LOCALE``."""
    return dict(os.environ, LABKIT_LOCALE=os.environ.get("LABKIT_BROWSER_LOCALE", "zh_CN"))


def serve_lab() -> Iterator[Lab]:
    """JupyterLab started the way ``python3 run.py lab`` starts it, on a free port."""
    folder = _served_copy(Path(tempfile.mkdtemp(prefix="labkit-browser-")))
    port, token = _free_port(), "labkit-browser-test"
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={folder}",
        f"--LabApp.user_settings_dir={folder / 'settings'}",
        f"--LabApp.workspaces_dir={folder / 'workspaces'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # as run.py lab does where the tests run as root
    env = dict(lab_environment(), JUPYTER_PLATFORM_DIRS="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    env.pop("MPLBACKEND", None)  # plots inline, as a student sees them
    log = open(folder / "jupyterlab.log", "w", encoding="utf-8")  # noqa: SIM115
    server = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError(
                        "JupyterLab did not start:\n"
                        + (folder / "jupyterlab.log").read_text(encoding="utf-8")[-3000:]
                    ) from None
                time.sleep(0.5)
        yield Lab(url, token, folder)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def launch_browser() -> Iterator[object]:
    """Headless Chromium through Playwright (skipped with the reason when unavailable)."""
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "Chromium is not installed: `python3 run.py browser` installs Debian's chromium "
            "where it can (Linux, as root); elsewhere this test is skipped"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright client is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def screenshot_folder() -> Path:
    """The folder of the screenshots, made if needed."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
