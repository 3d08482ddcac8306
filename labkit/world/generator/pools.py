"""People, places and contact details, per locale.

Faker only fills small *pools* (names with their real frequencies, street
names, company names); NumPy then samples millions of values from
them at once. Geography comes from real tables shipped as package data
(``labkit/data/cn_regions.csv``, ``labkit/data/us_cities.csv``). What differs
between locales (name order, phone plan, e-mail domains, address style) is
read from the :class:`~labkit.world.generator.locales.GeneratorLocale`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import pandas as pd
from faker import Faker
from numpy.dtypes import StringDType

from labkit import vocabularies
from labkit.formats.regions import regions as regions

from . import locales
from .locales import GeneratorLocale
from .strings import join, zfill


@dataclass(frozen=True)
class NamePools:
    """Weighted name pools for one locale: surnames and given names by gender."""

    surnames: np.ndarray
    surname_p: np.ndarray
    given_f: np.ndarray
    given_f_p: np.ndarray
    given_m: np.ndarray
    given_m_p: np.ndarray


def _weighted(frequencies: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """Names and their probabilities from a name → frequency mapping."""
    names = np.array(list(frequencies.keys()))
    weights = np.array(list(frequencies.values()), dtype=float)
    return names, weights / weights.sum()


def _han_given_names(faker_names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Faker's whole given names, plus two-character names built from their characters.

    Faker's Chinese list is short; pairs of its characters read like real names.
    Whole names weigh 40 times a built pair.
    """
    characters = sorted({character for name in faker_names for character in name})
    whole = sorted(set(faker_names))
    pairs = [a + b for a in characters for b in characters if a != b]
    weights = np.concatenate([np.full(len(whole), 40.0), np.ones(len(pairs))])
    return np.array(whole + pairs), weights / weights.sum()


@lru_cache(maxsize=2)
def name_pools(locale: GeneratorLocale) -> NamePools:
    """Surnames with their real frequencies and gendered given names (from Faker's data).

    Examples
    --------
    >>> from labkit.world.generator.locales import ZH_CN
    >>> "王" in set(name_pools(ZH_CN).surnames)
    True
    """
    faker_names = importlib.import_module(f"faker.providers.person.{locale.code}").Provider
    surnames, surname_p = _weighted(faker_names.last_names)
    if locale.script == "han":
        female = _han_given_names(faker_names.first_names_female)
        male = _han_given_names(faker_names.first_names_male)
    else:
        female = _weighted(faker_names.first_names_female)
        male = _weighted(faker_names.first_names_male)
    return NamePools(surnames, surname_p, *female, *male)


@cache
def _pinyin(text: str) -> str:
    """The pinyin of Chinese text, without tones or spaces (``王`` → ``wang``)."""
    # pypinyin loads large dictionaries: imported only when Chinese names are spelled
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text))


def _spell(name: str, script: str) -> str:
    """One name in lower-case ASCII letters."""
    if script == "han":
        return "".join([_pinyin(character) for character in name])
    return re.sub(r"[^a-z]", "", name.lower())


def latin(names: np.ndarray, locale: GeneratorLocale | str) -> np.ndarray:
    """Lower-case ASCII spelling of names (pinyin for Chinese), for e-mail addresses.

    Parameters
    ----------
    names : numpy.ndarray
        Names in the locale's script.
    locale : GeneratorLocale or str
        The locale or its code.

    Returns
    -------
    numpy.ndarray
        One spelling per name.

    Examples
    --------
    >>> latin(np.array(["O'Brien", "Lee"]), "en_US").tolist()
    ['obrien', 'lee']
    >>> latin(np.array(["王芳"]), "zh_CN").tolist()
    ['wangfang']
    """
    script = locales.resolve(locale).script
    codes, uniques = pd.factorize(np.asarray(names, dtype=object))
    spelled = np.array([_spell(name, script) for name in uniques], dtype=str)
    return spelled[codes]


def full_names(surname: np.ndarray, given: np.ndarray, locale: GeneratorLocale) -> np.ndarray:
    """Full names as the locale writes them: ``王芳`` or ``Mary Smith``.

    Examples
    --------
    >>> from labkit.world.generator.locales import EN_US
    >>> full_names(np.array(["Smith"]), np.array(["Mary"]), EN_US).tolist()
    ['Mary Smith']
    """
    if locale.script == "han":
        return np.char.add(surname, given)
    return np.char.add(np.char.add(given, " "), surname)


def sample_people(
    rng: np.random.Generator, n: int, locale: GeneratorLocale, female_share: float = 0.51
) -> pd.DataFrame:
    """Names and genders for ``n`` people, women with probability ``female_share``.

    Returns
    -------
    pandas.DataFrame
        Columns ``surname, given_name, name, gender`` with gender ``'F'``/``'M'``.

    Examples
    --------
    >>> from labkit.world.generator.locales import EN_US
    >>> list(sample_people(np.random.default_rng(0), 3, EN_US).columns)
    ['surname', 'given_name', 'name', 'gender']
    """
    pools = name_pools(locale)
    female, male = vocabularies.GENDERS
    is_female = rng.random(n) < female_share
    gender = np.array([male, female], dtype=object)[is_female.astype(np.int8)]
    surname = rng.choice(pools.surnames, size=n, p=pools.surname_p)
    given = np.empty(n, dtype=object)
    women = gender == female
    given[women] = rng.choice(pools.given_f, size=int(women.sum()), p=pools.given_f_p)
    given[~women] = rng.choice(pools.given_m, size=int((~women).sum()), p=pools.given_m_p)
    given = given.astype(str)
    name = full_names(surname, given, locale)
    return pd.DataFrame({"surname": surname, "given_name": given, "name": name, "gender": gender})


def _unique_fill(
    rng: np.random.Generator, make: Callable[[np.random.Generator, int], np.ndarray], n: int
) -> np.ndarray:
    """Draw ``n`` values with ``make(rng, k)`` and redraw the collisions until all differ."""
    values = make(rng, n)
    for _ in range(50):
        _, first = np.unique(values, return_index=True)
        repeated = np.ones(n, bool)
        repeated[first] = False
        if not repeated.any():
            return values
        values[repeated] = make(rng, int(repeated.sum()))
    raise RuntimeError("could not draw unique values")  # pragma: no cover


def _cn_mobiles(
    rng: np.random.Generator, area_codes: np.ndarray, locale: GeneratorLocale
) -> np.ndarray:
    """Unique 11-digit mainland mobiles such as ``13812345678`` (no area code)."""
    prefixes = np.array(locale.mobile_prefixes)

    def make(generator: np.random.Generator, k: int) -> np.ndarray:
        prefix = generator.choice(prefixes, size=k)
        return prefix.astype(np.int64) * 10**8 + generator.integers(0, 10**8, size=k)

    return _unique_fill(rng, make, len(area_codes)).astype(str)


def _nanp_numbers(
    rng: np.random.Generator, area_codes: np.ndarray, locale: GeneratorLocale
) -> np.ndarray:
    """Unique ``(212) 555-0134`` style numbers with each person's area code."""
    n = len(area_codes)
    codes = area_codes.astype(np.int64)

    def make_local(generator: np.random.Generator, k: int) -> np.ndarray:
        exchange = generator.integers(200, 1000, size=k)
        # 555 and N11 exchanges are reserved
        exchange = np.where((exchange == 555) | (exchange % 100 == 11), exchange + 1, exchange)
        return exchange * 10_000 + generator.integers(0, 10_000, size=k)

    # uniqueness within an area code is enough: add the code as the high part
    local = make_local(rng, n)
    full = codes * 10**7 + local
    for _ in range(50):
        _, first = np.unique(full, return_index=True)
        repeated = np.ones(n, bool)
        repeated[first] = False
        if not repeated.any():
            break
        local[repeated] = make_local(rng, int(repeated.sum()))
        full = codes * 10**7 + local
    out = join("(", zfill(codes, 3), ") ", local // 10_000, "-", zfill(local % 10_000, 4))
    return out.astype(object)


#: Phone number makers by phone plan (``GeneratorLocale.phone_plan``).
PHONE_PLANS: dict[str, Callable[[np.random.Generator, np.ndarray, GeneratorLocale], np.ndarray]] = {
    "cn_mobile": _cn_mobiles,
    "nanp": _nanp_numbers,
}


def phones(rng: np.random.Generator, area_codes: np.ndarray, locale: GeneratorLocale) -> np.ndarray:
    """Unique phone numbers in the locale's national format.

    zh_CN: 11-digit mainland mobiles such as ``13812345678``.
    en_US: ``(212) 555-0134`` style, with the area code of the person's city.

    Examples
    --------
    >>> from labkit.world.generator.locales import EN_US
    >>> phones(np.random.default_rng(0), np.array(["212"]), EN_US)[0][:6]
    '(212) '
    """
    return PHONE_PLANS[locale.phone_plan](rng, area_codes, locale)


def emails(
    rng: np.random.Generator,
    surname: np.ndarray,
    given: np.ndarray,
    birth_year: np.ndarray,
    locale: GeneratorLocale,
) -> np.ndarray:
    """Unique e-mail addresses derived from each person's name (pinyin for Chinese names).

    Examples
    --------
    >>> from labkit.world.generator.locales import EN_US
    >>> rng = np.random.default_rng(0)
    >>> emails(rng, np.array(["Smith"]), np.array(["Mary"]), np.array([1990]), EN_US)[0].count("@")
    1
    """
    n = len(surname)
    string = StringDType()
    surname_ascii = latin(surname, locale).astype(string)
    given_ascii = latin(given, locale).astype(string)
    codes, uniques = pd.factorize(given_ascii.astype(object))
    initial = np.array([name[:1] for name in uniques], dtype=string)[codes]
    year = zfill(birth_year % 100, 2)
    number = rng.integers(1, 1000, size=n)
    which = rng.integers(0, 6, size=n)
    local = np.empty(n, dtype=string)
    patterns = [  # which parts make the local part, before the "@"
        (given_ascii, ".", surname_ascii),
        (surname_ascii, given_ascii),
        (surname_ascii, given_ascii, year),
        (initial, surname_ascii, number),
        (surname_ascii, "_", given_ascii, number),
        (given_ascii, surname_ascii, year),
    ]
    for k, parts in enumerate(patterns):  # build each pattern only for the rows that use it
        rows = which == k
        local[rows] = join(*(part if isinstance(part, str) else part[rows] for part in parts))
    domain = rng.choice(
        np.array(locale.email_domains, dtype=object), size=n, p=list(locale.email_domain_shares)
    )
    if locale.numeric_email_share:  # e.g. QQ numbers: the local part is a number
        numeric = rng.random(n) < locale.numeric_email_share
        local[numeric] = rng.integers(10**5, 3 * 10**9, size=int(numeric.sum())).astype(string)
        domain[numeric] = locale.numeric_email_domain
    out = join(local, "@", domain.astype(string)).astype(object)
    for _ in range(50):
        repeated = pd.Series(out).duplicated().to_numpy()
        if not repeated.any():
            break
        extra = rng.integers(100, 10000, size=int(repeated.sum()))
        out[repeated] = [
            address.replace("@", f"{x}@", 1)
            for address, x in zip(out[repeated], extra, strict=True)
        ]
    return out


@lru_cache(maxsize=24)
def faker_pool(locale: GeneratorLocale, seed: int, kind: str) -> np.ndarray:
    """A small pool filled by Faker (each kind with its own seeded Faker).

    Parameters
    ----------
    locale : GeneratorLocale
    seed : int
        Seeds the Faker instance.
    kind : {"companies", "streets"}
        Streets come from the locale's curated stems and suffixes when it has them.

    Returns
    -------
    numpy.ndarray
        Sorted distinct values.
    """
    fake = Faker(locale.code)
    fake.seed_instance(seed)
    if kind == "companies":
        return np.array(sorted({fake.company() for _ in range(3000)}))
    if locale.street_stems:
        return np.array(
            [stem + suffix for stem in locale.street_stems for suffix in locale.street_suffixes]
        )
    return np.array(sorted({fake.street_name() for _ in range(1500)}))


def _chinese_addresses(
    rng: np.random.Generator, street: np.ndarray, number: np.ndarray, locale: GeneratorLocale
) -> np.ndarray:
    """``人民路12号``, and for most people a community, building and room after it."""
    n = len(street)
    community = join(
        rng.choice(np.array(locale.street_stems, dtype=object), size=n),
        rng.choice(np.array(locale.community_names, dtype=object), size=n),
    )
    building = rng.integers(1, 30, size=n)
    room = rng.integers(1, 33, size=n) * 100 + rng.integers(1, 6, size=n)
    out = join(street, number, "号")
    flat = rng.random(n) < 0.6
    out[flat] = join(out[flat], community[flat], building[flat], "栋", room[flat], "室")
    return out.astype(object)


def _american_addresses(
    rng: np.random.Generator, street: np.ndarray, number: np.ndarray, locale: GeneratorLocale
) -> np.ndarray:
    """``12 Oak Street``, for a quarter of people with ``Apt 101`` after it."""
    n = len(street)
    unit = rng.integers(1, 400, size=n)
    out = join(number, " ", street)
    apartment = rng.random(n) < 0.25
    out[apartment] = join(out[apartment], " Apt ", unit[apartment])
    return out.astype(object)


#: Address writers by address style (``GeneratorLocale.address_style``).
ADDRESS_STYLES: dict[
    str, Callable[[np.random.Generator, np.ndarray, np.ndarray, GeneratorLocale], np.ndarray]
] = {
    "chinese": _chinese_addresses,
    "american": _american_addresses,
}


def addresses(rng: np.random.Generator, n: int, locale: GeneratorLocale, seed: int) -> np.ndarray:
    """Street addresses (the city and province are separate columns).

    Examples
    --------
    >>> from labkit.world.generator.locales import ZH_CN
    >>> addresses(np.random.default_rng(0), 2, ZH_CN, seed=1)[0].count("号")
    1
    """
    streets = faker_pool(locale, seed, "streets").astype(object)
    street = rng.choice(streets, size=n)
    number = rng.integers(1, 999, size=n)
    return ADDRESS_STYLES[locale.address_style](rng, street, number, locale)
