"""The course glossary: one rendering of each key term, checked everywhere it is used.

The glossary lives in ``sources/glossary.csv``: one row per term with its English
and Chinese names, the chapter that introduces it, a one-line definition in each
language, and the Chinese renderings the course avoids (``avoid``, separated by
``;``), e.g. 精确率 for precision, where the course says 查准率. From it come
``docs/glossary.md`` (for readers, rebuilt by ``labkit notebooks``) and three checks
over the notebook sources (:func:`find_inconsistencies`):

* each chapter's glossary table pairs a term with the glossary's Chinese name;
* a term introduced in bold with its Chinese name in brackets, ``**recall (查全率)**``,
  uses the glossary's Chinese name;
* no source uses a rendering the glossary avoids.

Examples
--------
>>> terms = pd.DataFrame({"english": ["recall"], "chinese": ["查全率"], "avoid": ["召回率"]})
>>> table_problems([("recall, precision", "召回率, 查准率")], terms, "03")
["03 glossary table: 'recall' is 查全率 in the glossary, not 召回率"]
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from labkit.i18n import _

__all__ = [
    "GLOSSARY",
    "MARKDOWN",
    "find_inconsistencies",
    "glossary_markdown",
    "glossary_rows",
    "read_glossary",
    "table_problems",
    "write_glossary",
]

#: The glossary's file, relative to the kit's folder.
GLOSSARY = "sources/glossary.csv"
#: The rendered glossary, relative to the kit's folder.
MARKDOWN = "docs/glossary.md"

_COLUMNS = ("english", "chinese", "chapter", "definition", "定义", "avoid")
_TABLE_HEADING = "Glossary (术语表)"
_SEPARATORS = re.compile(r"\s*(?:/|,|;|、|，|；)\s*")
_CJK = re.compile(r"[\u4e00-\u9fff]+")


def read_glossary(root: Path) -> pd.DataFrame:
    """Read the glossary of the kit in ``root``.

    Parameters
    ----------
    root : pathlib.Path
        The kit's folder.

    Returns
    -------
    pandas.DataFrame
        One row per term, columns ``english, chinese, chapter, definition, 定义, avoid``
        (``avoid`` is an empty string where nothing is avoided); every value is text.

    Raises
    ------
    ValueError
        If a column is missing or a term is listed twice.
    """
    terms = pd.read_csv(root / GLOSSARY, dtype=str, keep_default_na=False)
    missing = [name for name in _COLUMNS if name not in terms.columns]
    if missing:
        raise ValueError(
            _("{GLOSSARY}: missing column(s) {items}").format(
                GLOSSARY=GLOSSARY, items=", ".join(missing)
            )
        )
    for name in ("english", "chinese"):
        twice = terms.loc[terms[name].str.casefold().duplicated(), name].tolist()
        if twice:
            raise ValueError(
                _("{GLOSSARY}: {name} listed twice: {items}").format(
                    GLOSSARY=GLOSSARY, name=name, items=", ".join(twice)
                )
            )
    return terms.loc[:, list(_COLUMNS)]


def glossary_markdown(terms: pd.DataFrame) -> str:
    """The glossary as a Markdown page, terms in the order of the chapters.

    Parameters
    ----------
    terms : pandas.DataFrame
        From :func:`read_glossary`.

    Returns
    -------
    str

    Examples
    --------
    >>> terms = pd.DataFrame({"english": ["kernel"], "chinese": ["内核"], "chapter": ["00"],
    ...                       "definition": ["The Python process."], "定义": ["进程。"]})
    >>> print(glossary_markdown(terms).splitlines()[-1])
    | kernel | 内核 | 00 | The Python process. | 进程。 |
    """
    lines = [
        "# Glossary (术语表)",
        "",
        "One name per concept in each language, used in every chapter. Generated from",
        f"`{GLOSSARY}` by `labkit notebooks`; edit the CSV, not this page.",
        "",
        "| English | 中文 | chapter | definition | 定义 |",
        "|---|---|---|---|---|",
    ]
    ordered = terms.sort_values("chapter", kind="stable")
    for row in ordered.itertuples(index=False):
        cells = (row.english, row.chinese, row.chapter, row.definition, row.定义)
        lines.append("| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def glossary_rows(source_text: str) -> list[tuple[str, str]]:
    """The (English, 中文) cells of the glossary table of one notebook source.

    Parameters
    ----------
    source_text : str
        A jupytext percent source (Markdown lines start with ``# ``).

    Returns
    -------
    list of (str, str)
        Empty when the source has no glossary table.

    Examples
    --------
    >>> text = "# ### Glossary (术语表)\\n#\\n# | English | 中文 | in the kit |\\n"
    >>> text += "# |---|---|---|\\n# | kernel | 内核 | x |\\n"
    >>> glossary_rows(text)
    [('kernel', '内核')]
    """
    rows: list[tuple[str, str]] = []
    inside = False
    for line in source_text.splitlines():
        text = line[2:] if line.startswith("# ") else line.lstrip("#")
        if _TABLE_HEADING in text:
            inside = True
            continue
        if inside and text.startswith("|"):
            cells = [cell.strip() for cell in text.strip().strip("|").split("|")]
            if len(cells) >= 2 and cells[0] != "English" and not set(cells[0]) <= set("-: "):
                rows.append((cells[0], cells[1]))
        elif inside and rows and not text.strip().startswith("|"):
            break
    return rows


def _term_for(part: str, by_english: dict[str, pd.Series]) -> pd.Series | None:
    """The glossary term an English table part names, or shortens (``descriptive``)."""
    key = re.sub(r"\s*\(.*?\)\s*", " ", part).strip().casefold()
    if key in by_english:
        return by_english[key]
    longer = [term for name, term in by_english.items() if name.startswith(key + " ")]
    return longer[0] if len(longer) == 1 else None


def table_problems(rows: list[tuple[str, str]], terms: pd.DataFrame, chapter: str) -> list[str]:
    """Glossary-table pairs whose Chinese name differs from the glossary's.

    Parameters
    ----------
    rows : list of (str, str)
        From :func:`glossary_rows`.
    terms : pandas.DataFrame
        From :func:`read_glossary` (columns ``english``, ``chinese`` at least).
    chapter : str
        Names the table in the messages.

    Returns
    -------
    list of str
        One message per problem; empty when every known term is rendered as the
        glossary renders it. A row whose cells split into different numbers of parts
        is compared part by part only where it names one term.
    """
    by_english = {str(t["english"]).casefold(): t for _, t in terms.iterrows()}
    problems = []
    for english, chinese in rows:
        english_parts = _SEPARATORS.split(english)
        chinese_parts = _SEPARATORS.split(chinese)
        if len(english_parts) != len(chinese_parts):
            english_parts, chinese_parts = [english], [chinese]
        for part, rendered in zip(english_parts, chinese_parts, strict=True):
            term = _term_for(part, by_english)
            if term is None:
                continue
            name = str(term["chinese"])
            if rendered != name and not name.startswith(rendered):
                problems.append(
                    f"{chapter} glossary table: {part!r} is {name} in the glossary, not {rendered}"
                )
    return problems


def _introduction(english: str) -> str:
    """A pattern for a term introduced in bold before its bracket: ``**recall (``."""
    return rf"\*\*{re.escape(english)}(?:s|es)?(?:\*\*)?\s*\("


def _inline_problems(text: str, terms: pd.DataFrame, where: str) -> list[str]:
    """Bold introductions, ``**term (中文)**``, that use another Chinese name."""
    problems = []
    for _row, term in terms.iterrows():
        pattern = _introduction(str(term["english"])) + r"([^)]*)\)"
        for found in re.finditer(pattern, text, flags=re.IGNORECASE):
            chinese = _CJK.findall(found.group(1))
            if chinese and not chinese[0].startswith(str(term["chinese"])):
                problems.append(
                    f"{where}: {found.group(0)!r} should read ({term['chinese']}), "
                    "as in the glossary"
                )
    return problems


def find_inconsistencies(root: Path) -> list[str]:
    """Every place a notebook source renders a glossary term otherwise.

    Parameters
    ----------
    root : pathlib.Path
        The kit's folder.

    Returns
    -------
    list of str
        One message per problem, naming the file; empty when all agree.
    """
    terms = read_glossary(root)
    avoided = {
        variant.strip(): str(term["english"])
        for _row, term in terms.iterrows()
        for variant in str(term["avoid"]).split(";")
        if variant.strip()
    }
    problems: list[str] = []
    for path in sorted((root / "sources").glob("*/*.py")):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(root).as_posix()
        problems += table_problems(glossary_rows(text), terms, where)
        problems += _inline_problems(text, terms, where)
        for variant, english in avoided.items():
            if variant in text:
                problems.append(
                    f"{where}: uses {variant}; the course calls {english!r} "
                    f"{terms.set_index('english').loc[english, 'chinese']}"
                )
    problems += _translation_problems(root, terms, avoided)
    return problems


def _translation_problems(root: Path, terms: pd.DataFrame, avoided: dict[str, str]) -> list[str]:
    """Translated units that drop a term's glossary name or use an avoided one."""
    from babel.messages.pofile import read_po  # only when catalogues exist

    problems = []
    for path in sorted((root / "sources" / "translations").glob("*/*.po")):
        where = path.relative_to(root).as_posix()
        with path.open("rb") as handle:
            catalogue = read_po(handle)
        for message in catalogue:
            if not message.id or not message.string:
                continue
            english, chinese = str(message.id), str(message.string)
            for _row, term in terms.iterrows():
                pattern = _introduction(str(term["english"]))
                if re.search(pattern, english, flags=re.IGNORECASE) and (
                    str(term["chinese"]) not in chinese
                ):
                    first = " ".join(english.split())[:40]
                    problems.append(
                        f"{where}: the translation of '{first}…' does not use "
                        f"{term['chinese']} for {term['english']!r}"
                    )
            problems += [
                f"{where}: uses {variant} (the course says "
                f"{terms.set_index('english').loc[english_term, 'chinese']})"
                for variant, english_term in avoided.items()
                if variant in chinese
            ]
    return problems


def write_glossary(root: Path, check: bool = False) -> bool:
    """Write ``docs/glossary.md`` from the glossary, or (``check``) only compare.

    Parameters
    ----------
    root : pathlib.Path
        The kit's folder.
    check : bool
        Write nothing; report whether the page differs from the glossary.

    Returns
    -------
    bool
        True when the page was (or, with ``check``, would be) changed.
    """
    page = root / MARKDOWN
    text = glossary_markdown(read_glossary(root))
    old = page.read_text(encoding="utf-8") if page.exists() else None
    if old == text:
        return False
    if not check:
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")
    return True
