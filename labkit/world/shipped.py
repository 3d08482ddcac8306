"""Where the shipped datasets are and what they hold, read without building a World.

The kit ships the default world (``settings.DEFAULT_WORLD``) in every locale,
saved under ``datasets/<locale>/`` of the kit's folder (or ``$LABKIT_DATA``).
This module finds that folder and reads what the data dictionary needs from
it (row counts, column types). Writing and verifying the datasets is
:mod:`labkit.world.datasets`; loading them as a World is
:mod:`labkit.world.loading`.

>>> import tempfile
>>> datasets_present(tempfile.mkdtemp())
False
"""

from __future__ import annotations

import os
from pathlib import Path

from labkit import settings
from labkit.i18n import _
from labkit.world import storage

__all__ = [
    "datasets_present",
    "datasets_root",
    "shipped_column_types",
    "shipped_row_counts",
    "shipped_world_folders",
]


def datasets_root(root: str | os.PathLike | None = None) -> Path:
    """Folder of the shipped datasets: ``root``, else ``$LABKIT_DATA``, else ``datasets/``.

    Outside any copy of the kit, and without ``$LABKIT_DATA``, it is
    ``datasets/`` in the cache folder (:func:`labkit.settings.cache_folder`).

    Parameters
    ----------
    root : path, optional
        The folder to use; returned as it is.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> datasets_root("elsewhere") == Path("elsewhere")
    True
    """
    if root is not None:
        return Path(root)
    folder = settings.shipped_datasets_folder()
    return folder if folder is not None else settings.cache_folder() / "datasets"


def datasets_present(root: str | os.PathLike | None = None) -> bool:
    """True when every locale's default world is in place (its ``world.json`` exists).

    Parameters
    ----------
    root : path, optional
        The datasets folder (default: :func:`datasets_root`).

    Examples
    --------
    >>> import tempfile
    >>> datasets_present(tempfile.mkdtemp())
    False
    """
    base = datasets_root(root)
    return all((base / locale / storage.WORLD_FILE).exists() for locale in settings.LOCALES)


def shipped_world_folders(root: str | os.PathLike | None = None) -> dict[str, Path]:
    """The saved default world of every locale: ``{locale: folder}``.

    Parameters
    ----------
    root : path, optional
        The datasets folder (default: :func:`datasets_root`).

    Raises
    ------
    FileNotFoundError
        If a locale's ``world.json`` is missing; the message says how to write it.

    Examples
    --------
    >>> import tempfile
    >>> shipped_world_folders(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    FileNotFoundError: no saved world in ... (world.json is missing); run ...
    """
    base = datasets_root(root)
    folders = {locale: base / locale for locale in settings.LOCALES}
    for folder in folders.values():
        if not (folder / storage.WORLD_FILE).exists():
            raise FileNotFoundError(
                _(
                    "no saved world in {folder} ({WORLD_FILE} is missing); run `python3 run.py "
                    "datasets` to write the default datasets"
                ).format(folder=folder, WORLD_FILE=storage.WORLD_FILE)
            )
    return folders


def shipped_row_counts(root: str | os.PathLike | None = None) -> dict[str, dict[str, int]]:
    """Rows of every table of the saved default worlds, counted in their CSV files.

    Parameters
    ----------
    root : path, optional
        The datasets folder (default: :func:`datasets_root`).

    Returns
    -------
    dict
        ``{locale: {table: rows}}``; truth tables are keyed ``truth/<name>``.

    Raises
    ------
    FileNotFoundError
        If a locale's ``world.json`` is missing.

    Examples
    --------
    >>> shipped_row_counts()["en_US"]["customers"]
    5000
    """
    return {
        locale: storage.saved_row_counts(folder)
        for locale, folder in shipped_world_folders(root).items()
    }


def shipped_column_types(
    root: str | os.PathLike | None = None,
) -> dict[str, dict[str, dict[str, str]]]:
    """The column types each locale's saved default world records in ``world.json``.

    Parameters
    ----------
    root : path, optional
        The datasets folder (default: :func:`datasets_root`).

    Returns
    -------
    dict
        ``{locale: {table: {column: dtype name}}}``.

    Raises
    ------
    FileNotFoundError
        If a locale's ``world.json`` is missing.

    Examples
    --------
    >>> shipped_column_types()["en_US"]["orders"]["ordered_at"]
    'datetime64[s]'
    """
    return {
        locale: storage.saved_column_types(folder)
        for locale, folder in shipped_world_folders(root).items()
    }
