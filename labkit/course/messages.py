"""The catalogues of the kit's own messages: extract the texts, keep the .po files up to date.

:mod:`labkit.i18n` translates; this module is the translator's side. There are
two domains, each with one catalogue per translated language,
``labkit/locale/<locale>/LC_MESSAGES/<domain>.po``:

- ``labkit``: every text marked ``_("…")``, ``gettext("…")`` or ``N_("…")`` in
  the package (found by Babel's extractor);
- ``questions``: the texts of the exercise registry, read from the questions
  themselves (each :class:`~labkit.questions.Question`'s prompt, hint and answer
  kind, each :class:`~labkit.questions.Mistake`'s hint, and the descriptions of
  the answer kinds), so a chapter's question module needs no markers and a new
  question is in the catalogue at the next ``labkit messages --extract``. Code
  that shows one of them calls ``_(question.hint)``.

Examples
--------
>>> sorted(DOMAINS)
['labkit', 'questions']
>>> fields("{n} rows kept aside, {m} loaded")
['m', 'n']
>>> "one whole number" in extract()["questions"]
True
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from labkit.course.translations import merge_catalogue
from labkit.i18n import CATALOGUE_LOCALE, N_, catalogue_folder
from labkit.questions import KIND_DESCRIPTIONS, all_questions

__all__ = [
    "DOMAINS",
    "KEYWORDS",
    "Problem",
    "check_catalogues",
    "extract",
    "fields",
    "missing_by_domain",
    "update_catalogues",
]

#: The domains: where their messages come from.
DOMAINS: dict[str, str] = {
    "labkit": "texts marked _(), gettext() or N_() in the package",
    "questions": "prompts, hints, answer kinds and known mistakes of the exercise registry",
}
#: The marking functions: each takes the message as its first argument.
KEYWORDS = {"_": None, "gettext": None, "N_": None}
_PACKAGE = Path(__file__).resolve().parents[1]
_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)?(?:[!:][^{}]*)?\}")

#: One problem found in a catalogue: (catalogue file, message, what is wrong).
Problem = tuple[str, str, str]


def fields(message: str) -> list[str]:
    """The named ``{fields}`` of a message, sorted (``{{`` is a literal brace)."""
    return sorted({name for name in _FIELD.findall(message.replace("{{", "").replace("}}", ""))})


def extract(package: Path = _PACKAGE) -> dict[str, dict[str, list[str]]]:
    """Every marked message of the package: domain → message → where it is used.

    Parameters
    ----------
    package : pathlib.Path
        The ``labkit`` folder.

    Returns
    -------
    dict
        Messages in the order they appear, each with where it is used (``path:line``
        for marked texts, question ids for the registry's).
    """
    found: dict[str, dict[str, list[str]]] = {domain: {} for domain in DOMAINS}
    for path in sorted(package.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        relative = path.relative_to(package).as_posix()
        for line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            if isinstance(message, str) and message:
                found["labkit"].setdefault(message, []).append(f"labkit/{relative}:{line}")
    questions = found["questions"]
    for kind, description in KIND_DESCRIPTIONS.items():
        questions.setdefault(description, []).append(f"kind {kind}")
    for question in all_questions():
        texts = [question.prompt, question.hint, question.answer_kind]
        texts += [mistake.hint for mistake in question.mistakes]
        for text in texts:
            if text:
                questions.setdefault(text, []).append(question.id)
    return found


def _read(path: Path) -> Catalog | None:
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle)


def update_catalogues(language: str = "zh", package: Path = _PACKAGE) -> dict[str, int]:
    """Add new messages to the catalogues of ``language``, keep old translations as obsolete.

    Parameters
    ----------
    language : str
        A translated language (``"zh"``).
    package : pathlib.Path
        The ``labkit`` folder.

    Returns
    -------
    dict
        Domain → number of messages still without a translation.
    """
    locale = CATALOGUE_LOCALE[language]
    folder = (
        catalogue_folder(language)
        if package == _PACKAGE
        else (package / "locale" / locale / "LC_MESSAGES")
    )
    left: dict[str, int] = {}
    for domain, messages in extract(package).items():
        entries = [(message, ", ".join(where[:3])) for message, where in messages.items()]
        new = merge_catalogue(folder / f"{domain}.po", entries, locale, domain)
        left[domain] = sum(not (new[m].string and not new[m].fuzzy) for m in messages)
    return left


def check_catalogues(language: str = "zh", package: Path = _PACKAGE) -> list[Problem]:
    """Every marked message without a finished translation, or whose fields differ.

    Parameters
    ----------
    language : str
    package : pathlib.Path

    Returns
    -------
    list of (catalogue, message, problem)
        Empty when every message of every domain is translated with the same fields.
    """
    problems: list[Problem] = []
    locale = CATALOGUE_LOCALE[language]
    for domain, messages in extract(package).items():
        path = package / "locale" / locale / "LC_MESSAGES" / f"{domain}.po"
        catalogue = _read(path)
        where = f"labkit/locale/{locale}/LC_MESSAGES/{domain}.po"
        for message in messages:
            entry = catalogue.get(message) if catalogue is not None else None
            if entry is None or not entry.string:
                problems.append((where, message, N_("no translation")))
            elif entry.fuzzy:
                problems.append((where, message, N_("translation marked fuzzy")))
            elif fields(message) != fields(str(entry.string)):
                problems.append(
                    (where, message, f"fields {fields(str(entry.string))} != {fields(message)}")
                )
    return problems


def missing_by_domain(problems: list[Problem]) -> dict[str, int]:
    """Count problems per catalogue (for a report)."""
    counts: dict[str, int] = defaultdict(int)
    for where, _message, _problem in problems:
        counts[where] += 1
    return dict(counts)
