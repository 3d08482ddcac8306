"""Translations of the notebooks: the same code, the reader's language.

A notebook in another language is built from the English source and a gettext
catalogue (``sources/translations/zh_CN/<stem>.po``, edited with any PO editor such
as Poedit). The units a reader reads are translated:

* every Markdown cell, as a whole;
* every comment in a code cell (``# text`` on its own line or after code), except
  the markers the kit's tools read (``# BEGIN SOLUTION``, ``# SOLUTION``, ``# noqa``
  and the like), the ``# Question N — prompt`` line that repeats the question
  registry's words (the Markdown cell above it is translated), and comments
  without a letter.

The code itself is never translated: both notebooks run the same cells, but for
one line: the set-up cell of a translated notebook (its first code cell that
imports labkit) also tells the kit to speak the notebook's language,
``use_language("zh")`` with a comment saying how to switch back to English
(:func:`speak_in`), so that ``check()`` verdicts and hints come out in Chinese
whatever the data locale. A unit's
``msgid`` is its English text, so a cell that changes after its translation no
longer finds it: :func:`missing_units` names it, the build refuses to write the
translated notebook, and a test fails. ``labkit notebooks --extract`` adds the new
units to the catalogue (empty, for the translator) and keeps the old ones as
obsolete entries (``#~``), where the translator finds the previous wording.

Examples
--------
>>> units_of_code("x = 1  # one\\n# BEGIN SOLUTION\\n# the sum\\ny = x + 1")
['one', 'the sum']
>>> translate_code("x = 1  # one", {"one": "一"})
'x = 1  # 一'
"""

from __future__ import annotations

import copy
import io
import re
import tokenize
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

__all__ = [
    "LANGUAGES",
    "TRANSLATIONS",
    "catalogue_path",
    "merge_catalogue",
    "missing_units",
    "read_catalogue",
    "speak_in",
    "translate_code",
    "translate_notebook",
    "translated_language",
    "translated_name",
    "units",
    "units_of_code",
    "update_catalogue",
]

#: Languages the course is translated into, with the suffix of their notebooks' names
#: (``00_start_here_zh.ipynb``, ``00_start_here_zh_solutions.ipynb``).
LANGUAGES = {"zh_CN": "zh"}
#: Folder of the catalogues, under the kit's folder: ``TRANSLATIONS/<language>/<stem>.po``.
TRANSLATIONS = "sources/translations"

#: Comments the kit's tools read, kept as written.
_MARKERS = re.compile(
    r"^(?:BEGIN SOLUTION|END SOLUTION|SOLUTION|noqa\b|type:|fmt:|pragma\b|NBVAL_|%%"
    r"|Question \d+ — )",  # the registry's prompt: the Markdown cell above translates it
    re.I,
)
_LETTER = re.compile(r"[^\W\d_]")


def catalogue_path(root: Path, source: Path, language: str = "zh_CN") -> Path:
    """The catalogue of one notebook source.

    Parameters
    ----------
    root : pathlib.Path
        The kit's folder.
    source : pathlib.Path
        ``sources/notebooks/NN_name.py`` or ``sources/solutions/NN_name_solutions.py``.
    language : str
        One of :data:`LANGUAGES`.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> catalogue_path(Path("."), Path("sources/notebooks/00_start_here.py")).as_posix()
    'sources/translations/zh_CN/00_start_here.po'
    """
    return root / TRANSLATIONS / language / f"{source.stem}.po"


def translated_name(name: str, language: str = "zh_CN") -> str:
    """The file name of a notebook in ``language``: the suffix goes before ``_solutions``.

    Examples
    --------
    >>> translated_name("00_start_here.ipynb"), translated_name("00_start_here_solutions.ipynb")
    ('00_start_here_zh.ipynb', '00_start_here_zh_solutions.ipynb')
    """
    suffix = LANGUAGES[language]
    stem, extension = name.rsplit(".", 1)
    if stem.endswith("_solutions"):
        return f"{stem.removesuffix('_solutions')}_{suffix}_solutions.{extension}"
    return f"{stem}_{suffix}.{extension}"


def translated_language(name: str) -> str:
    """The language of a built notebook from its name; ``"en"`` for the English ones.

    Examples
    --------
    >>> translated_language("00_start_here_zh_solutions.ipynb"), translated_language("00_x.ipynb")
    ('zh_CN', 'en')
    """
    stem = name.rsplit(".", 1)[0].removesuffix("_solutions").removesuffix("_exercises")
    for language, suffix in LANGUAGES.items():
        if stem.endswith(f"_{suffix}"):
            return language
    return "en"


def _comments(code: str) -> list[tuple[int, int, str]]:
    """(line, column, text) of each comment a reader reads, text without ``# ``."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        tokens = [  # magics or unfinished code: full-line comments only
            tokenize.TokenInfo(tokenize.COMMENT, line.strip(), (n, line.index("#")), (n, 0), line)
            for n, line in enumerate(code.splitlines(), start=1)
            if line.lstrip().startswith("#")
        ]
    found = []
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        text = token.string.lstrip("#").strip()
        if text and _LETTER.search(text) and not _MARKERS.match(text):
            found.append((token.start[0], token.start[1], text))
    return found


def units_of_code(code: str) -> list[str]:
    """The comments of a code cell that a reader reads, in order.

    Parameters
    ----------
    code : str

    Returns
    -------
    list of str
    """
    return [text for _, _, text in _comments(code)]


def translate_code(code: str, translations: dict[str, str]) -> str:
    """A code cell with its comments translated; code and markers unchanged.

    Parameters
    ----------
    code : str
    translations : dict
        English text → translation; a comment without one stays English.

    Returns
    -------
    str
    """
    lines = code.split("\n")
    for line_number, column, text in reversed(_comments(code)):
        if text in translations:
            line = lines[line_number - 1]
            lines[line_number - 1] = line[:column] + "# " + translations[text]
    return "\n".join(lines)


def units(notebook: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """Every unit to translate: (cell number, English text), in reading order.

    Parameters
    ----------
    notebook : nbformat.NotebookNode

    Returns
    -------
    list of (int, str)
    """
    found = []
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown" and cell.source.strip():
            found.append((number, cell.source))
        elif cell.cell_type == "code":
            found += [(number, text) for text in units_of_code(cell.source)]
    return found


def read_catalogue(path: Path) -> dict[str, str]:
    """The finished translations of a catalogue: not empty, not marked fuzzy.

    Parameters
    ----------
    path : pathlib.Path

    Returns
    -------
    dict
        English text → translation.
    """
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    return {
        str(message.id): str(message.string)
        for message in catalogue
        if message.id and message.string and not message.fuzzy
    }


def missing_units(notebook: nbformat.NotebookNode, translations: dict[str, str]) -> list[str]:
    """The units of a notebook that have no finished translation, as messages.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
    translations : dict
        From :func:`read_catalogue`.

    Returns
    -------
    list of str
        ``"cell 12: <the first 60 characters>"`` for each unit without one.
    """
    messages = []
    for number, text in units(notebook):
        if text not in translations:
            first = " ".join(text.split())[:60]
            messages.append(f"cell {number}: {first}")
    return messages


def translate_notebook(
    notebook: nbformat.NotebookNode, translations: dict[str, str], language: str = "zh_CN"
) -> nbformat.NotebookNode:
    """A copy of ``notebook`` with every unit translated and the language in its metadata.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        Built from the English source, without outputs.
    translations : dict
        From :func:`read_catalogue`; units without one stay English (check
        :func:`missing_units` first).
    language : str

    Returns
    -------
    nbformat.NotebookNode
    """
    translated = copy.deepcopy(notebook)
    for cell in translated.cells:
        if cell.cell_type == "markdown" and cell.source in translations:
            cell.source = translations[cell.source]
        elif cell.cell_type == "code":
            cell.source = translate_code(cell.source, translations)
    for cell in translated.cells:
        if cell.cell_type == "code":
            spoken = speak_in(cell.source, language)
            if spoken != cell.source:
                cell.source = spoken
                break
    translated.metadata.setdefault("labkit", {})["language"] = language
    return translated


#: The line a translated notebook's set-up cell gets, per language (``{call}`` is
#: ``use_language`` or ``labkit.use_language``, whichever the cell's imports give).
SPEAK_LINES = {"zh_CN": '{call}("zh")  # 让 labkit 的提示和检查结果用中文；改成 "en" 即用英文'}
_FROM_LABKIT = re.compile(r"^from labkit import (?P<names>[\w, ]+?)(?P<tail>\s*#.*)?$")
_IMPORT = re.compile(r"^(import|from)\s")


def speak_in(code: str, language: str) -> str:
    r"""``code`` with the kit set to speak ``language``, if it is a set-up cell.

    A set-up cell imports labkit at its top level (``import labkit`` or ``from
    labkit import …``); the call goes after its imports (and the blank line
    after them), and ``use_language`` joins a ``from labkit import`` line.
    Other code, and every English notebook, is returned unchanged.

    Examples
    --------
    >>> print(speak_in("from labkit import check\n\nworld = 1", "zh_CN"))
    from labkit import check, use_language
    <BLANKLINE>
    use_language("zh")  # 让 labkit 的提示和检查结果用中文；改成 "en" 即用英文
    world = 1
    >>> speak_in("x = 1", "zh_CN")
    'x = 1'
    """
    if language not in SPEAK_LINES:
        return code
    lines = code.split("\n")
    statements = _import_statements(lines)
    if not statements:
        return code
    call = None
    for first, last in statements:
        if first == last:
            match = _FROM_LABKIT.match(lines[first].rstrip())
            if match and "use_language" not in match.group("names"):
                names = sorted([*match.group("names").split(", "), "use_language"])
                lines[first] = f"from labkit import {', '.join(names)}{match.group('tail') or ''}"
                call = "use_language"
                break
        elif lines[first].rstrip() == "from labkit import (":
            # ruff's layout: one name a line, a trailing comma, ")" alone on the last line
            names = [line.strip().rstrip(",") for line in lines[first + 1 : last]]
            if lines[last].strip() != ")" or "use_language" in names:
                continue
            at = first + 1 + sum(name < "use_language" for name in names)
            lines.insert(at, "    use_language,")
            statements = _import_statements(lines)
            call = "use_language"
            break
    imports = [first for first, _last in statements]
    if call is None and any(lines[i].rstrip() == "import labkit" for i in imports):
        call = "labkit.use_language"
    if call is None:
        return code
    at = statements[-1][1] + 1
    if at < len(lines) and lines[at].strip() == "":
        at += 1
    else:
        lines.insert(at, "")
        at += 1
    lines.insert(at, SPEAK_LINES[language].format(call=call))
    return "\n".join(lines)


def _import_statements(lines: list[str]) -> list[tuple[int, int]]:
    """The first and last line of each top-level import statement (one may span lines)."""
    statements = []
    i = 0
    while i < len(lines):
        if _IMPORT.match(lines[i]):
            last = i
            if lines[i].rstrip().endswith("("):
                while last + 1 < len(lines) and ")" not in lines[last]:
                    last += 1
            statements.append((i, last))
            i = last
        i += 1
    return statements


def update_catalogue(path: Path, notebook: nbformat.NotebookNode, language: str = "zh_CN") -> int:
    """Add the notebook's new units to its catalogue; keep old ones as obsolete.

    Parameters
    ----------
    path : pathlib.Path
        The catalogue (made when it does not exist).
    notebook : nbformat.NotebookNode
        Built from the English source.
    language : str

    Returns
    -------
    int
        The number of units still without a finished translation.
    """
    wanted = units(notebook)
    merge_catalogue(path, [(text, f"cell {number}") for number, text in wanted], language)
    done = read_catalogue(path)
    return sum(text not in done for _, text in wanted)


def merge_catalogue(
    path: Path, entries: list[tuple[str, str]], locale: str, domain: str | None = None
) -> Catalog:
    """Write the catalogue of ``entries``, keeping every translation it already has.

    The one way the kit updates a gettext catalogue, for the notebooks' units and the
    kit's messages alike: an entry keeps its old translation (and flags); a new one starts
    empty; an old translated entry no longer wanted is kept as obsolete (``#~``) for the
    translator. The header changes only when the entries do.

    Parameters
    ----------
    path : pathlib.Path
        The ``.po`` file (made, with its folder, when it does not exist).
    entries : list of (str, str)
        Each English text, in order, with the comment that says where it is used.
    locale : str
        E.g. ``"zh_CN"``.
    domain : str, optional
        The gettext domain written in the header.

    Returns
    -------
    babel.messages.catalog.Catalog
        The catalogue as written.
    """
    old = Catalog(locale=locale)
    if path.exists():
        with path.open("rb") as handle:
            old = read_po(handle)
    new = Catalog(
        locale=locale,
        domain=domain,
        project="Xudong CRM lab kit",
        copyright_holder="the labkit authors",
        msgid_bugs_address="",
        creation_date=old.creation_date,
        revision_date=old.revision_date,
        last_translator="",
        language_team=locale,
        fuzzy=False,
    )
    for text, comment in entries:
        if text in new:
            continue
        previous = old.get(text)
        new.add(
            text,
            string=previous.string if previous else "",
            auto_comments=[comment],
            flags=previous.flags if previous else (),
        )
    for message in old:
        if message.id and message.id not in new and message.string:
            new.obsolete[message.id] = message
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, new, width=0, include_previous=False, sort_output=False)
    return new
