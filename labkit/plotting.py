"""Plotting helpers: readable Chinese labels and one look for every chapter.

Importing this module changes nothing in matplotlib. Settings change only when
you call :func:`use_chinese_font` or :func:`setup_plots`.

The Chinese font is Noto Sans SC (SIL Open Font License), shipped inside the
``zhplot`` package. This module finds the font file *without importing zhplot*,
because importing zhplot rewrites matplotlib's settings as a side effect.

Examples
--------
>>> from labkit.plotting import setup_plots
>>> setup_plots("zh_CN")        # doctest: +SKIP
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()    # doctest: +SKIP
>>> ax.set_title("客户数量 (customers)")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from labkit.i18n import _
from labkit.settings import LOCALES

__all__ = ["FONT_FILE", "find_chinese_font", "setup_plots", "use_chinese_font"]

#: File name of the Chinese font inside the zhplot package.
FONT_FILE = "NotoSansSC-Regular.ttf"

_LATIN_FALLBACK = "DejaVu Sans"


def find_chinese_font() -> Path | None:
    """Locate the Noto Sans SC font file shipped by the installed zhplot package.

    zhplot is looked up with :func:`importlib.util.find_spec`, which finds the
    package folder without running its ``__init__`` (that would change
    matplotlib's settings).

    Returns
    -------
    pathlib.Path or None
        Path to ``NotoSansSC-Regular.ttf``, or ``None`` if zhplot is not
        installed or the file is not where zhplot ships it.

    Examples
    --------
    >>> from labkit.plotting import find_chinese_font
    >>> path = find_chinese_font()
    >>> path is None or path.name == "NotoSansSC-Regular.ttf"
    True
    """
    try:
        spec = importlib.util.find_spec("zhplot")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "fonts" / FONT_FILE
        if candidate.is_file():
            return candidate
    return None


def _register_font(path: Path) -> str:
    """Add the font at ``path`` to matplotlib's font manager once; return its family."""
    from matplotlib import font_manager

    target = path.resolve()
    registered = {Path(entry.fname).resolve() for entry in font_manager.fontManager.ttflist}
    if target not in registered:
        try:
            font_manager.fontManager.addfont(str(path))
        except (OSError, RuntimeError, ValueError) as exc:
            raise RuntimeError(
                _(
                    "matplotlib could not load the Chinese font {path} ({exc}). Run `labkit "
                    "doctor` to check your environment."
                ).format(path=path, exc=exc)
            ) from exc
    return font_manager.FontProperties(fname=str(path)).get_name()


def use_chinese_font() -> str:
    """Make matplotlib draw Chinese text with Noto Sans SC.

    Registers the font with matplotlib's font manager (once per session), puts
    it first in ``rcParams["font.sans-serif"]`` with DejaVu Sans right after it
    for Latin text, selects the sans-serif family and turns off
    ``axes.unicode_minus`` (so negative tick labels use a plain hyphen).

    Returns
    -------
    str
        The font family name, ``"Noto Sans SC"``.

    Raises
    ------
    RuntimeError
        If the font file cannot be found or loaded. The message says to run
        ``labkit doctor``, which explains how to fix it.

    Examples
    --------
    >>> from labkit.plotting import use_chinese_font
    >>> use_chinese_font()  # doctest: +SKIP
    'Noto Sans SC'
    """
    import matplotlib

    path = find_chinese_font()
    if path is None:
        raise RuntimeError(
            _(
                "The Chinese font {FONT_FILE} was not found: it ships with the zhplot package, "
                "which seems to be missing. Run `labkit doctor` to see what is wrong with this "
                "environment and how to fix it."
            ).format(FONT_FILE=FONT_FILE)
        )
    family = _register_font(path)
    rest = [
        name
        for name in matplotlib.rcParams["font.sans-serif"]
        if name not in (family, _LATIN_FALLBACK)
    ]
    matplotlib.rcParams["font.sans-serif"] = [family, _LATIN_FALLBACK, *rest]
    matplotlib.rcParams["font.family"] = ["sans-serif"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return family


def setup_plots(locale: str | None = None) -> None:
    """Apply the course's plot style: seaborn ``whitegrid`` theme and the Chinese font.

    The Chinese font is applied in every locale, so labels that mix English and
    Chinese render in both. Calling it again gives the same settings.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"} or None, optional
        The notebook's locale. Accepted so that every chapter can call
        ``setup_plots(LOCALE)``; the style is the same in both locales.

    Raises
    ------
    ValueError
        If ``locale`` is not one of the supported locales.
    RuntimeError
        If the Chinese font is missing (see :func:`use_chinese_font`).

    Examples
    --------
    >>> from labkit.plotting import setup_plots
    >>> setup_plots("en_US")  # doctest: +SKIP
    """
    if locale is not None and locale not in LOCALES:
        raise ValueError(
            _("locale must be one of {items} or None, got {locale!r}").format(
                items=", ".join(LOCALES), locale=locale
            )
        )
    import seaborn as sns

    sns.set_theme(context="notebook", style="whitegrid")
    use_chinese_font()
