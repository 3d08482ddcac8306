"""Names of business accounts that fit their industry, from word pools per locale.

A Chinese registered name reads 地名 + 字号 + 行业 + 组织形式: the city, a trade
name, what the firm does and its legal form (``杭州鑫达商贸有限公司``,
``苏州精工机械制造有限公司``, ``成都悦华酒店管理有限公司``). An American one is a
trade name (a place-like word or a family name), what the firm does and often a
legal form (``Summit Machine Works, Inc.``, ``Keller Trucking LLC``). The words
are in ``labkit/data/company_names.json``: common trade names, trade names
flavoured by industry, and the industry's forms with their weights.

>>> from labkit.world.generator.locales import ZH_CN
>>> names, stems = company_names(
...     np.random.default_rng(1), np.array(["hospitality"]), np.array(["成都"]), ZH_CN)
>>> any(word in names[0] for word in ("酒店", "餐饮", "宾馆"))
True
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from . import pools
from .locales import GeneratorLocale

__all__ = ["company_names", "name_pools"]

#: Redraws of the names that repeat another; the second half join two trade names.
REDRAWS = 40


@cache
def name_pools(code: str) -> dict:
    """The word pools of one locale (``labkit/data/company_names.json``).

    Examples
    --------
    >>> sorted(name_pools("en_US")["forms"])[:2]
    ['construction', 'education']
    """
    with (resources.files("labkit") / "data" / "company_names.json").open(encoding="utf-8") as fh:
        return json.load(fh)[code]


def _weighted_choice(rng: np.random.Generator, weighted: list[list], size: int) -> np.ndarray:
    """Draw ``size`` words from ``[[word, weight], ...]``."""
    words = np.array([word for word, _ in weighted], dtype=object)
    weights = np.array([weight for _, weight in weighted], dtype=float)
    return rng.choice(words, size=size, p=weights / weights.sum())


def _trade_names(
    rng: np.random.Generator, industry: np.ndarray, locale: GeneratorLocale
) -> np.ndarray:
    """A trade name (字号) per company: common, flavoured by its industry, or a surname."""
    pool = name_pools(locale.code)
    n = len(industry)
    names = rng.choice(np.array(pool["trade_names"]["common"], dtype=object), size=n)
    flavoured = rng.random(n) < pool["industry_trade_name_share"]
    for sector in np.unique(industry[flavoured]):
        rows = flavoured & (industry == sector)
        words = np.array(pool["trade_names"][sector], dtype=object)
        names[rows] = rng.choice(words, size=int(rows.sum()))
    if pool["surname_share"]:
        family = rng.random(n) < pool["surname_share"]
        surnames = pools.name_pools(locale)
        names[family] = rng.choice(
            surnames.surnames, size=int(family.sum()), p=surnames.surname_p
        ).astype(object)
    return names


def _draw(
    rng: np.random.Generator,
    industry: np.ndarray,
    city: np.ndarray,
    locale: GeneratorLocale,
    double: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Names and domain stems for the given companies (not yet unique).

    ``double`` joins two trade names (鑫达恒通, Summit Harbor) when the pools run out.
    """
    pool = name_pools(locale.code)
    n = len(industry)
    trade = _trade_names(rng, industry, locale)
    if double:
        glue = "" if locale.script == "han" else " "
        trade = trade + glue + _trade_names(rng, industry, locale)
    form = np.empty(n, dtype=object)
    for sector in np.unique(industry):
        rows = industry == sector
        form[rows] = _weighted_choice(rng, pool["forms"][sector], int(rows.sum()))
    legal = _weighted_choice(rng, pool["legal_forms"], n)
    if locale.script == "han":
        prefix = np.where(rng.random(n) < pool["city_prefix_share"], city, "")
        names = prefix.astype(object) + trade + form + legal
        domain_word = np.array([word[:2] for word in form], dtype=object)
    else:
        names = trade + " " + form + legal
        domain_word = np.array([word.split()[0] for word in form], dtype=object)
    stems = np.char.add(pools.latin(trade, locale), pools.latin(domain_word, locale))
    return names, stems.astype(object)


def company_names(
    rng: np.random.Generator, industry: np.ndarray, city: np.ndarray, locale: GeneratorLocale
) -> tuple[np.ndarray, np.ndarray]:
    """A distinct registered name per company, fitting its industry, and its domain stem.

    Parameters
    ----------
    rng : numpy.random.Generator
    industry : numpy.ndarray
        Each company's industry (:data:`labkit.vocabularies.INDUSTRIES`).
    city : numpy.ndarray
        Each company's city, short form (``杭州``); zh_CN names usually begin with it.
    locale : GeneratorLocale

    Returns
    -------
    names : numpy.ndarray
        Distinct company names.
    stems : numpy.ndarray
        Lower-case ASCII stems of their web domains: the trade name and the first
        word of the industry form (``xindashangmao``, ``summitmachine``).

    Examples
    --------
    >>> from labkit.world.generator.locales import EN_US
    >>> names, stems = company_names(np.random.default_rng(0),
    ...     np.array(["logistics"] * 50), np.array(["Boston"] * 50), EN_US)
    >>> len(set(names)) == 50 and stems[0].isascii()
    True
    """
    industry = np.asarray(industry, dtype=object)
    city = np.asarray(city, dtype=object)
    names, stems = _draw(rng, industry, city, locale)
    for attempt in range(REDRAWS):
        repeated = pd.Series(names).duplicated().to_numpy()
        if not repeated.any():
            return names, stems
        rows = np.flatnonzero(repeated)
        names[rows], stems[rows] = _draw(
            rng, industry[rows], city[rows], locale, double=attempt >= REDRAWS // 2
        )
    raise RuntimeError("could not draw distinct company names")  # pragma: no cover
