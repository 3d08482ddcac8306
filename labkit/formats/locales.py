"""The locales the formats know, and the one check of a locale argument.

The list itself is stated once, in :data:`labkit.settings.LOCALES`.

>>> require_locale("zh_CN")
'zh_CN'
"""

from __future__ import annotations

from typing import Any

from labkit.settings import LOCALES

__all__ = ["require_locale"]


def require_locale(locale: Any) -> str:
    """The locale, if the kit supports it; else a ValueError listing those it does.

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
        If the locale is not one of :data:`labkit.settings.LOCALES`.

    Examples
    --------
    >>> require_locale("fr_FR")
    Traceback (most recent call last):
    ...
    ValueError: locale must be one of en_US, zh_CN; got 'fr_FR'
    """
    if not isinstance(locale, str) or locale not in LOCALES:
        raise ValueError(f"locale must be one of {', '.join(LOCALES)}; got {locale!r}")
    return locale
