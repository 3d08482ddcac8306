"""Loading the course world: :func:`load_world`, :func:`read_world` and :func:`last_loaded`.

:func:`load_world` is what a notebook calls. It returns, in this order:

1. the world saved in ``path``, when one is given;
2. the default world (``settings.DEFAULT_WORLD``) from the shipped datasets
   (:func:`labkit.world.datasets_root`), when they hold it;
3. the default world from the cache folder (:func:`labkit.settings.cache_folder`),
   when an earlier call generated it there: that happens when the kit runs
   without its datasets (a plain ``pip install`` used outside the kit's
   folder); the first call says so in one line;
4. any other world (another seed or size), generated in memory.

The world it returns is remembered as :func:`last_loaded`; nothing else
changes it (:func:`labkit.make_world` and :func:`read_world` make or read a
world for a look, not the course world a notebook works on).

>>> world = load_world(seed=7, n_customers=300)
>>> last_loaded() is world
True
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

from labkit import settings
from labkit.i18n import _
from labkit.world import storage
from labkit.world.making import check_locale, check_n_customers, check_seed, make_world
from labkit.world.model import Truth, World, fingerprint
from labkit.world.shipped import datasets_root

__all__ = ["cached_world_folder", "last_loaded", "load_world", "read_world"]

_LAST_LOADED: World | None = None
#: What ``world.json`` must say about a saved world besides its tables.
_IDENTITY = ("seed", "n_customers", "locale", "as_of", "params")


def last_loaded() -> World | None:
    """The world most recently returned by :func:`load_world` in this process, if any.

    :func:`labkit.make_world` and :func:`read_world` do not change it: they make
    or read a world for a look, not the course world a notebook works on.

    Examples
    --------
    >>> world = load_world(seed=3, n_customers=200)
    >>> _ = make_world(seed=4, n_customers=200)
    >>> last_loaded() is world
    True
    """
    return _LAST_LOADED


def read_world(path: str | os.PathLike) -> World:
    """Load a world written by :meth:`World.save`.

    Parameters
    ----------
    path : path
        The folder that holds ``world.json``.

    Returns
    -------
    World

    Raises
    ------
    FileNotFoundError
        If ``path/world.json``, or a file it lists, does not exist.
    labkit.world.storage.DamagedWorld
        If a file is damaged: cut short, a column added, renamed or missing, a
        value not of its column's type, ``world.json`` not JSON or lacking an
        entry, fewer customers than it says. The message names the file (and
        the column and row).

    Examples
    --------
    >>> import tempfile
    >>> folder = make_world(seed=1, n_customers=200).save(tempfile.mkdtemp())
    >>> read_world(folder).fingerprint
    '1-200-en_US-20251231'
    """
    metadata, tables, truth = storage.read_world_files(path)
    missing = [k for k in _IDENTITY if k not in metadata]
    if missing:
        raise storage.DamagedWorld(
            _("{WORLD_FILE} in {path} lacks {items}").format(
                WORLD_FILE=storage.WORLD_FILE, path=path, items=", ".join(missing)
            )
        )
    try:
        as_of = pd.Timestamp(metadata["as_of"])
    except (ValueError, TypeError):
        as_of = pd.NaT
    if as_of is pd.NaT:
        raise storage.DamagedWorld(
            _("{WORLD_FILE} in {path}: as_of {metadata!r} is not a date").format(
                WORLD_FILE=storage.WORLD_FILE, path=path, metadata=metadata["as_of"]
            )
        )
    customers = tables.get("customers")
    if customers is not None and len(customers) != metadata["n_customers"]:
        raise storage.DamagedWorld(
            _(
                "customers.csv in {path} has {n:,} rows, but {WORLD_FILE} says {metadata!r} "
                "customers: the file was cut short or edited"
            ).format(
                path=path,
                n=len(customers),
                WORLD_FILE=storage.WORLD_FILE,
                metadata=metadata["n_customers"],
            )
        )
    return World(
        tables,
        Truth(truth, metadata["params"]),
        seed=metadata["seed"],
        n_customers=metadata["n_customers"],
        locale=metadata["locale"],
        as_of=as_of,
    )


def cached_world_folder(locale: str) -> Path:
    """Where the default world of ``locale`` is kept when the kit has no shipped datasets.

    A subfolder per locale and world fingerprint of :func:`labkit.settings.cache_folder`.

    Examples
    --------
    >>> cached_world_folder("zh_CN").parts[-2:]
    ('zh_CN', '2026-5000-zh_CN-20251231')
    """
    default = fingerprint(
        settings.DEFAULT_SEED, settings.DEFAULT_N_CUSTOMERS, locale, settings.DEFAULT_AS_OF
    )
    return settings.cache_folder() / locale / default


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(
            _("environment variable {name} must be a whole number, got {raw!r}").format(
                name=name, raw=raw
            )
        ) from None


def _holds_default_world(folder: Path, locale: str) -> bool:
    """True when ``folder`` holds the default world of ``locale`` in today's format."""
    if not (folder / storage.WORLD_FILE).exists():
        return False
    metadata = storage.read_metadata(folder)
    found = (
        metadata.get("format_version"),
        metadata.get("seed"),
        metadata.get("n_customers"),
        metadata.get("locale", locale),
        metadata.get("as_of"),
    )
    wanted = (
        storage.FORMAT_VERSION,
        settings.DEFAULT_SEED,
        settings.DEFAULT_N_CUSTOMERS,
        locale,
        settings.DEFAULT_AS_OF,
    )
    return found == wanted


def _why_not_shipped(locale: str) -> str:
    """Why the shipped datasets cannot give the default world (for the one-line notice)."""
    if settings.shipped_datasets_folder() is None:
        return _(
            "no shipped datasets found (set {variable} or run inside the kit's folder)"
        ).format(variable=settings.ENV_DATA)
    folder = datasets_root() / locale
    if not (folder / storage.WORLD_FILE).exists():
        return _("no shipped {locale} world in {folder}").format(locale=locale, folder=folder)
    return _("the shipped world in {folder} is not the default world of this version").format(
        folder=folder
    )


def _save_to_cache(world: World, folder: Path) -> None:
    """Save ``world`` into ``folder`` so that no reader ever sees half a world."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        world.save(staging)
        if folder.exists():  # a stale copy (another format), or one a parallel process wrote
            shutil.rmtree(folder)
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _default_world(locale: str) -> World:
    """The default world of ``locale``: shipped, else cached, else generated into the cache."""
    shipped = datasets_root() / locale
    if _holds_default_world(shipped, locale):
        return read_world(shipped)
    cached = cached_world_folder(locale)
    if _holds_default_world(cached, locale):
        return read_world(cached)
    world = make_world(
        settings.DEFAULT_SEED, settings.DEFAULT_N_CUSTOMERS, locale, settings.DEFAULT_AS_OF
    )
    try:
        _save_to_cache(world, cached)
        where = _("into {folder}").format(folder=cached)
    except OSError as error:
        where = _("in memory (cannot write {folder}: {error})").format(folder=cached, error=error)
    print(
        _("labkit: {why}; generated the {locale} default world {where}").format(
            why=_why_not_shipped(locale), locale=locale, where=where
        ),
        file=sys.stderr,
    )
    return world


def load_world(
    locale: str | None = None,
    path: str | os.PathLike | None = None,
    seed: int | None = None,
    n_customers: int | None = None,
) -> World:
    """Load the course world: the shipped default, a saved folder, or a seed of your own.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}, optional
        Defaults to ``$LABKIT_LOCALE``, else ``en_US``.
    path : path, optional
        A folder written by :meth:`World.save`; overrides everything else.
    seed, n_customers : int, optional
        Default to ``$LABKIT_SEED`` / ``$LABKIT_CUSTOMERS``, else the course defaults.
        The shipped files are used when they match; otherwise the world is
        generated in memory (a few seconds). Without shipped files, the default
        world is generated once into the cache folder and read from there later.

    Returns
    -------
    World
        Also remembered as :func:`last_loaded`.

    Raises
    ------
    ValueError
        If an argument, or an environment variable, is not allowed.
    FileNotFoundError
        If ``path`` holds no saved world.

    Examples
    --------
    >>> world = load_world("zh_CN")
    >>> world.fingerprint
    '2026-5000-zh_CN-20251231'
    """
    global _LAST_LOADED
    if path is not None:
        world = read_world(path)
    else:
        chosen = check_locale(
            locale or os.environ.get(settings.ENV_LOCALE) or settings.DEFAULT_LOCALE
        )
        chosen_seed = check_seed(
            seed if seed is not None else _env_int(settings.ENV_SEED, settings.DEFAULT_SEED)
        )
        size = check_n_customers(
            n_customers
            if n_customers is not None
            else _env_int(settings.ENV_CUSTOMERS, settings.DEFAULT_N_CUSTOMERS)
        )
        if (chosen_seed, size) == (settings.DEFAULT_SEED, settings.DEFAULT_N_CUSTOMERS):
            world = _default_world(chosen)
        else:
            world = make_world(chosen_seed, size, chosen, settings.DEFAULT_AS_OF)
    _LAST_LOADED = world
    return world
