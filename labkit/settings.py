"""Settings of the kit: locales, world defaults, environment variables and folders.

Nearly a leaf: it imports only :mod:`labkit.i18n` (the kit's messages, the one
module below it), so every other module can use it. Each fact here is stated
once; the rest of the kit reads it from here (the two environment variables
that choose the language, ``ENV_LANG`` and ``ENV_LOCALE``, are stated in
:mod:`labkit.i18n`, which needs them, and read here).

>>> from labkit import settings
>>> settings.LOCALES
('en_US', 'zh_CN')
>>> settings.DEFAULT_WORLD
(2026, 5000, '2025-12-31')
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from labkit.i18n import ENV_LANG, ENV_LOCALE, _

__all__ = [
    "DEFAULT_AS_OF",
    "DEFAULT_LOCALE",
    "DEFAULT_N_CUSTOMERS",
    "DEFAULT_SEED",
    "DEFAULT_WORLD",
    "ENV_CACHE",
    "ENV_CUSTOMERS",
    "ENV_DATA",
    "ENV_FERNET_KEY",
    "ENV_LANG",
    "ENV_LOCALE",
    "ENV_RESULTS",
    "ENV_SEED",
    "FIRST_AS_OF",
    "LAST_AS_OF",
    "LOCALES",
    "MAX_CUSTOMERS",
    "MIN_CUSTOMERS",
    "cache_folder",
    "check_locale",
    "project_root",
    "shipped_datasets_folder",
]

# --------------------------------------------------------------------------- locales
#: The locales a world can be made in: language and country of names, addresses,
#: phone numbers, holidays and texts.
LOCALES: tuple[str, ...] = ("en_US", "zh_CN")
#: The locale used when none is given and ``$LABKIT_LOCALE`` is not set.
DEFAULT_LOCALE = "en_US"


def check_locale(locale: object) -> str:
    """The locale, if the kit supports it; else a ValueError listing those it does.

    The one check of a locale argument, used by the world, the formats and the
    cleaning functions alike.

    Parameters
    ----------
    locale : str
        ``"en_US"`` or ``"zh_CN"``.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If the locale is not one of :data:`LOCALES`.

    Examples
    --------
    >>> check_locale("zh_CN")
    'zh_CN'
    >>> check_locale("fr_FR")
    Traceback (most recent call last):
    ...
    ValueError: locale must be one of en_US, zh_CN; got 'fr_FR'
    """
    if not isinstance(locale, str) or locale not in LOCALES:
        raise ValueError(
            _("locale must be one of {locales}; got {locale!r}").format(
                locales=", ".join(LOCALES), locale=locale
            )
        )
    return locale


# --------------------------------------------------------------------------- the world
#: The course world: seed, number of consumers and the world's "today".
DEFAULT_SEED = 2026
DEFAULT_N_CUSTOMERS = 5000
DEFAULT_AS_OF = "2025-12-31"
DEFAULT_WORLD = (DEFAULT_SEED, DEFAULT_N_CUSTOMERS, DEFAULT_AS_OF)
#: Allowed world sizes.
MIN_CUSTOMERS = 50
MAX_CUSTOMERS = 5_000_000
#: The festival calendar covers these days, so ``as_of`` must lie between them.
FIRST_AS_OF = "2015-01-01"
LAST_AS_OF = "2034-12-31"

# --------------------------------------------------------------------------- environment
# ENV_LOCALE (``LABKIT_LOCALE``: the world's locale) and ENV_LANG (``LABKIT_LANG``: the
# language of the kit's messages) are imported from labkit.i18n above.
#: Seed of the world a notebook loads (a whole number).
ENV_SEED = "LABKIT_SEED"
#: Number of consumers of the world a notebook loads.
ENV_CUSTOMERS = "LABKIT_CUSTOMERS"
#: Folder of the shipped datasets (default: ``datasets/`` of the kit's folder).
ENV_DATA = "LABKIT_DATA"
#: Folder where worlds generated for lack of shipped datasets are kept.
ENV_CACHE = "LABKIT_CACHE"
#: File that every ``check()`` appends one JSON line to (set by ``labkit grade``).
ENV_RESULTS = "LABKIT_RESULTS"
#: Fernet key for field encryption in chapter 04.
ENV_FERNET_KEY = "LABKIT_FERNET_KEY"

# --------------------------------------------------------------------------- folders
_PACKAGE = Path(__file__).resolve().parent


def _is_project_root(folder: Path) -> bool:
    """A folder that holds the kit: its ``pyproject.toml`` and ``datasets/``."""
    pyproject = folder / "pyproject.toml"
    if not (pyproject.is_file() and (folder / "datasets").is_dir()):
        return False
    try:
        head = pyproject.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return False
    return 'name = "labkit"' in head


def project_root(start: str | os.PathLike | None = None) -> Path | None:
    """The kit's folder (the one with ``notebooks/``, ``datasets/`` …), if there is one.

    Looked for next to the installed package first (a source checkout or an
    editable install), then in ``start`` (default: the current folder) and its
    parents (a learner working inside the kit's folder with the package
    installed elsewhere).

    Parameters
    ----------
    start : path, optional
        Where to start the search upwards; default the current folder.

    Returns
    -------
    pathlib.Path or None
        None when the package runs outside any copy of the kit.

    Examples
    --------
    >>> root = project_root()
    >>> root is None or (root / "pyproject.toml").is_file()
    True
    """
    if _is_project_root(_PACKAGE.parent):
        return _PACKAGE.parent
    here = Path(start) if start is not None else Path.cwd()
    for folder in (here.resolve(), *here.resolve().parents):
        if _is_project_root(folder):
            return folder
    return None


def shipped_datasets_folder() -> Path | None:
    """Where the shipped datasets are: ``$LABKIT_DATA``, else ``datasets/`` of the kit.

    Returns
    -------
    pathlib.Path or None
        None when ``$LABKIT_DATA`` is unset and no copy of the kit is found.

    Examples
    --------
    >>> folder = shipped_datasets_folder()
    >>> folder is None or folder.name == "datasets" or bool(os.environ.get(ENV_DATA))
    True
    """
    configured = os.environ.get(ENV_DATA)
    if configured:
        return Path(configured)
    root = project_root()
    return root / "datasets" if root is not None else None


def cache_folder() -> Path:
    """Where generated worlds are kept when there are no shipped datasets.

    ``$LABKIT_CACHE`` if set, else the user's cache folder: ``~/.cache/labkit``
    (Linux), ``~/Library/Caches/labkit`` (macOS) or ``%LOCALAPPDATA%\\labkit``
    (Windows).

    Returns
    -------
    pathlib.Path
        The folder (not created here).

    Examples
    --------
    >>> cache_folder().name in ("labkit", os.path.basename(os.environ.get(ENV_CACHE, "")))
    True
    """
    configured = os.environ.get(ENV_CACHE)
    if configured:
        return Path(configured)
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    return base / "labkit"
