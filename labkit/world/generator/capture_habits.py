"""How each capture source writes names, places, phones and dates, per locale.

The four sources of ``raw_records`` (:data:`labkit.vocabularies.RECORD_SOURCES`)
each have formatting habits: none of them is an error, all of them are what
standardisation (chapter 02) fixes. Formats are the locale's templates
(``GeneratorLocale.phone_forms``, ``date_forms``); what depends on the script
of names (spacing, letter case, typos) is chosen by ``GeneratorLocale.script``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
from numpy.dtypes import StringDType

from labkit import vocabularies

from . import pools
from .locales import GeneratorLocale
from .strings import join, zfill

#: Index of each capture source in RECORD_SOURCES (the ``source`` codes).
STORE_SHEET, WEB_FORM, CALL_CENTRE, PURCHASED_LIST = (
    vocabularies.RECORD_SOURCES.index(name)
    for name in ("store_signup_sheet", "web_form", "call_centre", "purchased_list")
)


def _pick(which: np.ndarray, forms: list[np.ndarray]) -> np.ndarray:
    """Element i of ``forms[which[i]]``, as Python strings."""
    out = np.empty(len(which), dtype=object)
    for k, form in enumerate(forms):
        rows = which == k
        out[rows] = form[rows].astype(object)
    return out


def fill_template(template: str, fields: dict[str, np.ndarray]) -> np.ndarray:
    """Write a template such as ``"{Y}-{MM}-{DD}"`` for every row of the fields.

    Examples
    --------
    >>> fields = {"{a}": np.array(["1", "2"]), "{b}": np.array(["x", "y"])}
    >>> fill_template("{a}-{b}", fields).tolist()
    ['1-x', '2-y']
    """
    pieces = [piece for piece in re.split(r"(\{\w+\})", template) if piece]
    return join(*(fields.get(piece, piece) for piece in pieces))


def _formatted(
    fields: dict[str, np.ndarray], templates: tuple[str, ...], source: np.ndarray
) -> np.ndarray:
    """Each row written with its source's template."""
    return _pick(source, [fill_template(template, fields) for template in templates])


def format_phones(number: np.ndarray, source: np.ndarray, locale: GeneratorLocale) -> np.ndarray:
    """Phone numbers (whole numbers) written the way each source writes them.

    Examples
    --------
    >>> from labkit.world.generator.locales import EN_US
    >>> format_phones(np.array([2125550134, 2125550134]), np.array([0, 3]), EN_US).tolist()
    ['(212) 555-0134', '+1 212 555 0134']
    """
    first, middle, last = locale.phone_groups
    fields = {
        "{a}": zfill(number // 10 ** (middle + last), first),
        "{b}": zfill((number // 10**last) % 10**middle, middle),
        "{c}": zfill(number % 10**last, last),
        "{number}": number,
    }
    return _formatted(fields, locale.phone_forms, source)


def format_dates(
    year: np.ndarray,
    month: np.ndarray,
    day: np.ndarray,
    source: np.ndarray,
    locale: GeneratorLocale,
) -> np.ndarray:
    """Dates written the way each source writes them (the values may be impossible).

    Examples
    --------
    >>> from labkit.world.generator.locales import ZH_CN
    >>> one = np.array([1990])
    >>> format_dates(one, np.array([3]), np.array([7]), np.array([2]), ZH_CN).tolist()
    ['1990年3月7日']
    """
    fields = {
        "{Y}": year.astype(str),
        "{M}": month.astype(str),
        "{D}": day.astype(str),
        "{MM}": zfill(month, 2),
        "{DD}": zfill(day, 2),
    }
    if locale.month_names:
        month_index = np.clip(month - 1, 0, 11)
        names = np.array(locale.month_names)
        fields["{Month}"] = names[month_index]
        fields["{Mon}"] = np.array([name[:3] for name in names])[month_index]
    return _formatted(fields, locale.date_forms, source)


def short_forms(
    rng: np.random.Generator, shares: tuple[float, ...], source: np.ndarray
) -> np.ndarray:
    """Whether each record writes the short form, given each source's share.

    Draws only when some source writes the short form part of the time.
    """
    share = np.array(shares)[source]
    always = share == 1.0
    if all(value in (0.0, 1.0) for value in shares):
        return always
    return always | ((share > 0) & (rng.random(len(source)) < share))


def _han_names(
    rng: np.random.Generator, person: dict[str, np.ndarray], source: np.ndarray
) -> np.ndarray:
    """Store sheets put a space between surname and given name one time in five."""
    name = person["name"].copy()
    spaced = (source == STORE_SHEET) & (rng.random(len(source)) < 0.2)
    name[spaced] = join(person["surname"][spaced], " ", person["given_name"][spaced]).astype(object)
    return name


def _latin_names(
    rng: np.random.Generator, person: dict[str, np.ndarray], source: np.ndarray
) -> np.ndarray:
    """Web forms are sometimes typed in lower case; purchased lists shout SURNAME, GIVEN."""
    name = person["name"].copy()
    lower = (source == WEB_FORM) & (rng.random(len(source)) < 0.15)
    name[lower] = np.strings.lower(person["name"][lower].astype(StringDType())).astype(object)
    upper = source == PURCHASED_LIST
    name[upper] = np.strings.upper(
        join(person["surname"][upper], ", ", person["given_name"][upper])
    ).astype(object)
    return name


def _han_typos(rng: np.random.Generator, names: np.ndarray, given_names: np.ndarray) -> np.ndarray:
    """The last character replaced by another from the pool of given-name characters."""
    characters = np.array(
        sorted(
            {
                character
                for name in np.unique(given_names)
                for character in name
                if not character.isspace()
            }
        )
    )
    out = names.copy()
    for i, name in enumerate(names):
        if len(name) > 1:
            out[i] = name[:-1] + characters[rng.integers(len(characters))]
    return out


def _latin_typos(
    rng: np.random.Generator, names: np.ndarray, given_names: np.ndarray
) -> np.ndarray:
    """Two neighbouring letters swapped, or one letter dropped."""
    out = names.copy()
    for i, name in enumerate(names):
        j = int(rng.integers(1, max(2, len(name) - 1)))
        swap = rng.random() < 0.5
        if swap and j + 1 < len(name) and name[j] != " " and name[j + 1] != " ":
            out[i] = name[:j] + name[j + 1] + name[j] + name[j + 2 :]
        elif name[j] != " ":
            out[i] = name[:j] + name[j + 1 :]
    return out


def _han_swapped(surname: np.ndarray, given: np.ndarray, locale: GeneratorLocale) -> list[str]:
    """The name romanised in Western order: ``Fang Wang``."""
    surname_ascii = pools.latin(surname, locale)
    given_ascii = pools.latin(given, locale)
    return [
        given_name.capitalize() + " " + surname.capitalize()
        for given_name, surname in zip(given_ascii, surname_ascii, strict=True)
    ]


def _latin_swapped(surname: np.ndarray, given: np.ndarray, locale: GeneratorLocale) -> np.ndarray:
    """Surname first: ``Smith Mary``."""
    return join(surname, " ", given).astype(object)


NameHabits = Callable[[np.random.Generator, dict[str, np.ndarray], np.ndarray], np.ndarray]
Typos = Callable[[np.random.Generator, np.ndarray, np.ndarray], np.ndarray]
Swapped = Callable[[np.ndarray, np.ndarray, GeneratorLocale], object]

#: How sources write names, by script (``GeneratorLocale.script``).
NAME_HABITS: dict[str, NameHabits] = {"han": _han_names, "latin": _latin_names}
#: How a name gets a typo, by script.
TYPOS: dict[str, Typos] = {"han": _han_typos, "latin": _latin_typos}
#: How a name is written in the other order, by script.
SWAPPED: dict[str, Swapped] = {"han": _han_swapped, "latin": _latin_swapped}


def source_names(
    rng: np.random.Generator,
    person: dict[str, np.ndarray],
    source: np.ndarray,
    locale: GeneratorLocale,
) -> np.ndarray:
    """Each record's name as its source writes it."""
    return NAME_HABITS[locale.script](rng, person, source)


def typos(
    rng: np.random.Generator, names: np.ndarray, given_names: np.ndarray, locale: GeneratorLocale
) -> np.ndarray:
    """The names with one typo each (``given_names``: the pool of real given names)."""
    return TYPOS[locale.script](rng, names, given_names)


def swapped_names(surname: np.ndarray, given: np.ndarray, locale: GeneratorLocale) -> object:
    """The names written with surname and given name in the other order."""
    return SWAPPED[locale.script](surname, given, locale)
