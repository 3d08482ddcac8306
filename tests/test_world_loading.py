"""Loading the course world: shipped files, the cache when the kit has no datasets,
and the rule that only load_world sets last_loaded()."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import labkit
from labkit import settings
from labkit.world import loading, storage

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = f"{settings.DEFAULT_SEED}-{settings.DEFAULT_N_CUSTOMERS}"


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No locale, seed or size from the environment."""
    for name in (settings.ENV_LOCALE, settings.ENV_SEED, settings.ENV_CUSTOMERS):
        monkeypatch.delenv(name, raising=False)


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# ----------------------------------------------------------------------------- last_loaded
def test_only_load_world_changes_the_last_loaded_world(tmp_path):
    loaded = labkit.load_world(seed=4, n_customers=200)
    assert labkit.world.last_loaded() is loaded
    made = labkit.make_world(5, 200)
    assert labkit.world.last_loaded() is loaded, "make_world must not change last_loaded()"
    made.save(tmp_path)
    labkit.world.read_world(tmp_path)
    assert labkit.world.last_loaded() is loaded, "read_world must not change last_loaded()"
    again = labkit.load_world(path=tmp_path)
    assert labkit.world.last_loaded() is again
    assert again.fingerprint == made.fingerprint


def test_there_is_no_current_world_any_more():
    assert not hasattr(labkit.world, "current_world")
    assert not hasattr(labkit.world, "_set_current")


# ----------------------------------------------------------------------------- shipped files
def test_with_the_kits_datasets_nothing_is_written_to_the_cache(
    tmp_path, monkeypatch, no_env, capsys
):
    monkeypatch.delenv(settings.ENV_DATA, raising=False)
    monkeypatch.setenv(settings.ENV_CACHE, str(tmp_path / "cache"))
    assert settings.shipped_datasets_folder() == ROOT / "datasets"
    for locale in settings.LOCALES:
        world = labkit.load_world(locale)
        assert world.fingerprint == f"{DEFAULT}-{locale}-20251231"
    assert files_in(tmp_path / "cache") == []
    assert capsys.readouterr().err == ""


def test_the_cached_folder_is_per_locale_and_fingerprint(tmp_path, monkeypatch):
    monkeypatch.setenv(settings.ENV_CACHE, str(tmp_path))
    folder = loading.cached_world_folder("zh_CN")
    assert folder == tmp_path / "zh_CN" / f"{DEFAULT}-zh_CN-20251231"


# ----------------------------------------------------------------------------- no shipped files
def test_without_datasets_the_default_world_is_generated_once_into_the_cache(
    tmp_path, monkeypatch, no_env, capsys
):
    empty = tmp_path / "no-datasets"
    empty.mkdir()
    monkeypatch.setenv(settings.ENV_DATA, str(empty))
    monkeypatch.setenv(settings.ENV_CACHE, str(tmp_path / "cache"))

    first = labkit.load_world("en_US")
    message = capsys.readouterr().err
    cached = tmp_path / "cache" / "en_US" / f"{DEFAULT}-en_US-20251231"
    assert message.count("\n") == 1, "one line"
    assert message.startswith("labkit: no shipped en_US world in ")
    assert f"generated the en_US default world into {cached}" in message
    assert (cached / "world.json").exists() and (cached / "truth" / "churn.csv").exists()
    assert files_in(empty) == [], "the datasets folder is left alone"
    shipped = ROOT / "datasets" / "en_US"
    for path in files_in(shipped):
        rel = path.relative_to(shipped)
        assert (cached / rel).read_bytes() == path.read_bytes(), rel

    second = labkit.load_world("en_US")
    assert capsys.readouterr().err == "", "the second load reads the cache silently"
    assert labkit.world.last_loaded() is second
    assert second.fingerprint == first.fingerprint
    for name in first.tables:
        pd.testing.assert_frame_equal(second[name], first[name].reset_index(drop=True), obj=name)
    assert not [p for p in cached.parent.iterdir() if p.name.startswith(".")], "no staging left"


def test_a_cached_world_of_another_format_is_replaced(tmp_path, monkeypatch, no_env, capsys):
    monkeypatch.setenv(settings.ENV_DATA, str(tmp_path / "nowhere"))
    monkeypatch.setenv(settings.ENV_CACHE, str(tmp_path / "cache"))
    stale = loading.cached_world_folder("zh_CN")
    storage.write_world_files(
        stale,
        {"customers": pd.DataFrame({"customer_id": [1]})},
        {},
        identity={"seed": settings.DEFAULT_SEED, "n_customers": settings.DEFAULT_N_CUSTOMERS},
        params={},
    )
    (stale / "old-file.csv").write_text("x\n", encoding="utf-8")
    text = (stale / "world.json").read_text(encoding="utf-8")
    (stale / "world.json").write_text(text.replace('"format_version": 1', '"format_version": 0'))

    world = labkit.load_world("zh_CN")
    assert "generated the zh_CN default world into" in capsys.readouterr().err
    assert len(world.customers) == settings.DEFAULT_N_CUSTOMERS
    assert not (stale / "old-file.csv").exists()
    assert storage.read_metadata(stale)["format_version"] == storage.FORMAT_VERSION


def test_an_unwritable_cache_still_gives_the_world(tmp_path, monkeypatch, no_env, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(settings.ENV_DATA, str(tmp_path / "nowhere"))
    monkeypatch.setenv(settings.ENV_CACHE, str(blocker / "cache"))
    world = labkit.load_world("en_US")
    message = capsys.readouterr().err
    assert world.fingerprint == f"{DEFAULT}-en_US-20251231"
    assert "generated the en_US default world in memory (cannot write" in message
    assert message.count("\n") == 1


def test_other_worlds_are_never_cached(tmp_path, monkeypatch, no_env, capsys):
    monkeypatch.setenv(settings.ENV_DATA, str(tmp_path / "nowhere"))
    monkeypatch.setenv(settings.ENV_CACHE, str(tmp_path / "cache"))
    world = labkit.load_world("en_US", seed=8, n_customers=200)
    assert world.fingerprint == "8-200-en_US-20251231"
    assert files_in(tmp_path / "cache") == []
    assert capsys.readouterr().err == ""


@pytest.mark.slow
def test_an_installed_copy_outside_the_kit_generates_into_the_cache_once(tmp_path):
    """A plain `pip install` (the package alone, no datasets) used outside the kit's folder."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "labkit", site / "labkit", ignore=shutil.ignore_patterns("__pycache__"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cache = tmp_path / "cache"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in (settings.ENV_DATA, settings.ENV_LOCALE, settings.ENV_SEED)
        and key != settings.ENV_CUSTOMERS
    }
    env.update({"PYTHONPATH": str(site), settings.ENV_CACHE: str(cache)})
    code = (
        "import labkit; world = labkit.load_world(); "
        "print(labkit.__file__); print(world.fingerprint); "
        "print(int(world.orders['discount'].sum() * 100))"
    )

    def run() -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", code],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )

    first = run()
    folder = cache / "en_US" / f"{DEFAULT}-en_US-20251231"
    assert first.stdout.splitlines()[0] == str(site / "labkit" / "__init__.py")
    assert first.stderr == (
        "labkit: no shipped datasets found (set LABKIT_DATA or run inside the kit's folder); "
        f"generated the en_US default world into {folder}\n"
    )
    assert (folder / "world.json").exists()
    assert len(files_in(folder)) == len(files_in(ROOT / "datasets" / "en_US"))

    second = run()
    assert second.stderr == "", "the second run reads the cache without a word"
    assert second.stdout.splitlines()[1:] == first.stdout.splitlines()[1:]
