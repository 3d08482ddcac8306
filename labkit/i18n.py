"""The kit's own messages in the learner's language: gettext catalogues read with Babel.

Every sentence the kit shows a learner (verdicts, hints, known mistakes' hints,
error messages, ``labkit doctor``, import reject reasons, template instructions,
gradebook notes, chart labels) is written in English in the code and marked for
translation:

- ``_("…")`` where the message is shown: it returns the message in the current
  language;
- ``N_("…")`` where the message is only declared (a question's hint, a table of
  reasons): it returns the English text unchanged and marks it, so that the
  code that shows it later can call ``_(text)``.

A message with values uses named fields and :meth:`str.format` *after* the
translation, ``_("{n} rows rejected").format(n=3)``, never an f-string, so the
catalogue holds one entry per sentence and a translator can move the fields.

The Chinese catalogues are the standard gettext ``.po`` files under
``labkit/locale/zh_CN/LC_MESSAGES/`` (one per domain: ``labkit.po`` for the kit,
``questions.po`` for the exercise questions), which every translation editor
(Poedit, Weblate) opens. They are read with Babel the first time a message is
translated; nothing is read or changed at import. ``labkit messages --extract``
writes new messages into them; a test fails when a marked message has no
translation or a translation drops or invents a ``{field}``.

The language is :func:`language`: ``$LABKIT_LANG`` when set (``en`` or ``zh``;
``en_US`` and ``zh_CN`` are read as these), else Chinese for a zh_CN world
(``$LABKIT_LOCALE``) and English otherwise. :func:`use_language` sets it for
the running program, as a Chinese notebook does in its set-up cell.

>>> gettext("correct.", language="en")
'correct.'
>>> N_("Kept aside")
'Kept aside'
>>> language(environ={"LABKIT_LANG": "zh_CN"})
'zh'
>>> language(environ={"LABKIT_LOCALE": "zh_CN"})
'zh'
>>> language(environ={"LABKIT_LANG": "en", "LABKIT_LOCALE": "zh_CN"})
'en'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

__all__ = [
    "CATALOGUE_LOCALE",
    "ENV_LANG",
    "ENV_LOCALE",
    "LANGUAGES",
    "N_",
    "catalogue_folder",
    "gettext",
    "join_sentences",
    "language",
    "translations",
    "use_language",
]

#: Language of the kit's messages (``en`` or ``zh``); default: Chinese for a zh_CN world.
ENV_LANG = "LABKIT_LANG"
#: Locale of the world a notebook loads (``en_US`` or ``zh_CN``); read again by
#: :mod:`labkit.settings`, which re-exports both names.
ENV_LOCALE = "LABKIT_LOCALE"
#: The languages the kit speaks: English (the source) and Simplified Chinese.
LANGUAGES: tuple[str, ...] = ("en", "zh")
#: The gettext locale folder of each translated language.
CATALOGUE_LOCALE: dict[str, str] = {"zh": "zh_CN"}

_chosen: str | None = None


def _read_language(value: str) -> str | None:
    """``"zh"`` for zh / zh_CN / zh-Hans …, ``"en"`` for en / en_US …, else None."""
    value = value.strip().lower().replace("-", "_")
    for code in LANGUAGES:
        if value == code or value.startswith(code + "_"):
            return code
    return None


def language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the kit's messages now: ``"en"`` or ``"zh"``.

    Parameters
    ----------
    environ : Mapping, optional
        The environment to read (default: :data:`os.environ`).

    Returns
    -------
    str
        The language set by :func:`use_language`, else ``$LABKIT_LANG``, else ``"zh"``
        for a zh_CN world (``$LABKIT_LOCALE``), else ``"en"``. An unknown
        ``$LABKIT_LANG`` counts as not set.
    """
    if _chosen is not None and environ is None:
        return _chosen
    environ = os.environ if environ is None else environ
    chosen = _read_language(environ.get(ENV_LANG, ""))
    if chosen is not None:
        return chosen
    return "zh" if environ.get(ENV_LOCALE, "").strip() == "zh_CN" else "en"


def use_language(code: str | None) -> str:
    """Speak ``code`` from now on in this program (``None``: follow the environment again).

    Parameters
    ----------
    code : str or None
        ``"en"``, ``"zh"`` (or ``"en_US"``, ``"zh_CN"``), or None.

    Returns
    -------
    str
        The language now in force.

    Raises
    ------
    ValueError
        If ``code`` names a language the kit does not speak.
    """
    global _chosen
    if code is None:
        _chosen = None
        return language()
    chosen = _read_language(str(code))
    if chosen is None:
        raise ValueError(_("language must be one of {choices}; got {code!r}").format(
            choices=", ".join(LANGUAGES), code=code))
    _chosen = chosen
    return chosen


def catalogue_folder(code: str) -> Path:
    """The folder of the ``.po`` catalogues of a translated language."""
    return Path(__file__).resolve().parent / "locale" / CATALOGUE_LOCALE[code] / "LC_MESSAGES"


@cache
def translations(code: str) -> dict[str, str]:
    """Every translated message of a language: English text → translation.

    Untranslated and fuzzy entries are left out, so their English shows.

    Parameters
    ----------
    code : str
        A language of :data:`LANGUAGES`.

    Returns
    -------
    dict
        Empty for English.
    """
    if code not in CATALOGUE_LOCALE:
        return {}
    from babel.messages.pofile import read_po

    found: dict[str, str] = {}
    for path in sorted(catalogue_folder(code).glob("*.po")):
        with path.open("rb") as handle:
            catalogue = read_po(handle)
        for message in catalogue:
            if message.id and isinstance(message.string, str) and message.string:
                if not message.fuzzy:
                    found[str(message.id)] = message.string
    return found


def gettext(message: str, *, language: str | None = None) -> str:
    """``message`` in the current language (or ``language``); the English if untranslated.

    Parameters
    ----------
    message : str
        The English text, exactly as marked in the code.
    language : str, optional
        ``"en"`` or ``"zh"``; default :func:`language`.

    Returns
    -------
    str
    """
    code = globals()["language"]() if language is None else language
    if code == "en" or not message:
        return message
    return translations(code).get(message, message)


#: The usual short name of :func:`gettext`.
_ = gettext


#: Full-width punctuation that ends a Chinese sentence or clause: no space after it.
_FULL_WIDTH_ENDS = tuple("。！？；：）」")


def join_sentences(*parts: str | None) -> str:
    """The non-empty parts joined by a space, or by nothing after a full-width mark.

    English sentences are separated by a space; a Chinese sentence ending in
    ``。`` runs straight into the next one.

    >>> join_sentences("✗ q1 not quite.", "", "Count again.")
    '✗ q1 not quite. Count again.'
    >>> join_sentences("✗ q1 还不对。", "再数一遍。")
    '✗ q1 还不对。再数一遍。'
    """
    text = ""
    for part in parts:
        if not part:
            continue
        if text and not text.endswith(_FULL_WIDTH_ENDS):
            text += " "
        text += part
    return text


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, do not translate"
    """Mark ``message`` for the catalogue and return it unchanged (translated when shown)."""
    return message
