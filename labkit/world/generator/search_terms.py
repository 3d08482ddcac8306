"""What visitors type into the search box: queries derived from the products they look for.

Every product has a few queries in each language (``labkit/data/search_terms.json``,
most common first), every category a few broader ones. The vocabulary of a locale
is built once: each query with its popularity (a Zipf-like fall with its rank),
variants with a modifier (``cheap air fryer``, ``空气炸锅 包邮``) that make the long
tail, and variants with a typo (two letters swapped, one dropped or doubled in
English; a pinyin-input slip, a character typed for a near-homophone, in Chinese).
A search event then draws its query from the vocabulary of the product (or, a
quarter of the time, the category) the visit is about, so what is searched is
what is viewed next.

>>> vocabulary = query_vocabulary("en", 80)
>>> vocabulary.queries[vocabulary.group == 17][0]  # the robot vacuum's commonest query
'robot vacuum'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from labkit import vocabularies

__all__ = ["QueryVocabulary", "draw_queries", "query_vocabulary"]

#: Popularity of the query of rank r (0 = commonest) among a product's queries: 1 / (r + 1) ** ZIPF.
ZIPF = 1.2
#: Weight of a query with a modifier, and of a query with a typo, relative to the plain query.
MODIFIED_WEIGHT = 0.06
TYPO_WEIGHT = {"en": 0.05, "zh": 0.04}
#: Modifiers tried per plain query, and typo variants per query.
MODIFIERS_PER_QUERY = 4
TYPOS_PER_QUERY = 2
#: Share of searches that use a category word instead of a product's query.
CATEGORY_QUERY_SHARE = 0.25


@dataclass(frozen=True)
class QueryVocabulary:
    """Every query of a locale, grouped by what it looks for.

    Attributes
    ----------
    queries : numpy.ndarray
        The query texts (object array).
    group : numpy.ndarray
        What each query looks for: a product index (0 .. n_products - 1), or
        ``n_products + category index`` for a category word.
    cumulative : numpy.ndarray
        ``group + the cumulative share of the group's popularity`` up to and
        including each query: drawing ``group + u`` (u uniform) and searching it
        picks a query of the group by popularity.
    """

    queries: np.ndarray
    group: np.ndarray
    cumulative: np.ndarray


@lru_cache(maxsize=1)
def _term_data() -> dict:
    """The curated search terms (package data)."""
    with (resources.files("labkit") / "data" / "search_terms.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def _catalogue_rows() -> pd.DataFrame:
    """``product_key`` and the two names of every catalogue row (product_id = row + 1)."""
    with (resources.files("labkit") / "data" / "catalogue.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(fh, usecols=["product_key", "name_en", "name_zh"])


def _derived_terms(name: str, language: str) -> list[str]:
    """Queries made from a product name that has no curated ones.

    Examples
    --------
    >>> _derived_terms("5QT Digital Air Fryer", "en")
    ['air fryer', 'digital air fryer']
    """
    if language == "zh":
        core = "".join(ch for ch in name if "\u4e00" <= ch <= "\u9fff")
        return [core[-4:], core] if len(core) > 4 else [core or name]
    words = [w for w in name.lower().replace("-", " ").split() if w.isalpha()]
    return list(dict.fromkeys([" ".join(words[-2:]), " ".join(words[-3:])])) or [name.lower()]


def _typos(query: str, language: str, rng: np.random.Generator) -> list[str]:
    """Up to TYPOS_PER_QUERY misspellings of a query.

    English: two neighbouring letters swapped, a letter dropped or doubled.
    Chinese: one character replaced by a pinyin-input slip (``zh_typos``).
    """
    out: list[str] = []
    if language == "zh":
        slips = _term_data()["zh_typos"]
        spots = [i for i, ch in enumerate(query) if ch in slips]
        for i in rng.permutation(spots)[:TYPOS_PER_QUERY]:
            out.append(query[:i] + slips[query[i]] + query[i + 1 :])
        return out
    letters = [i for i, ch in enumerate(query) if ch.isalpha()]
    if len(letters) < 4:
        return out
    for _ in range(TYPOS_PER_QUERY):
        i = int(rng.choice(letters[1:-1]))
        kind = rng.integers(3)
        if kind == 0 and query[i + 1].isalpha():
            typo = query[:i] + query[i + 1] + query[i] + query[i + 2 :]
        elif kind == 1:
            typo = query[:i] + query[i + 1 :]
        else:
            typo = query[:i] + query[i] + query[i:]
        if typo != query:
            out.append(typo)
    return list(dict.fromkeys(out))


def _with_modifiers(query: str, language: str, rng: np.random.Generator) -> list[str]:
    """A few long-tail variants of a query: a modifier before or after it."""
    modifiers = _term_data()["modifiers"][language]
    glue = "" if language == "zh" else " "  # 便宜扫地机器人, but cheap robot vacuum
    variants = []
    for _ in range(MODIFIERS_PER_QUERY):
        if rng.random() < 0.4:
            variants.append(f"{rng.choice(modifiers['before'])}{glue}{query}")
        else:
            variants.append(f"{query} {rng.choice(modifiers['after'])}")
    return list(dict.fromkeys(variants))


@lru_cache(maxsize=4)
def query_vocabulary(language: str, n_products: int) -> QueryVocabulary:
    """Every query of a language for the first ``n_products`` catalogue products.

    Built once per language with its own fixed random generator, so the same
    queries (and typos) exist in every world of the language.

    Parameters
    ----------
    language : str
        ``"en"`` or ``"zh"``.
    n_products : int
        Products in the catalogue (their ids are 1 .. n_products, in catalogue order).

    Returns
    -------
    QueryVocabulary

    Examples
    --------
    >>> vocabulary = query_vocabulary("zh", 80)
    >>> "扫地机器人" in set(vocabulary.queries)
    True
    """
    rng = np.random.default_rng(20_26)
    data = _term_data()
    rows = _catalogue_rows()
    groups: list[tuple[int, list[str]]] = []
    for index in range(n_products):
        key = rows["product_key"].iloc[index]
        curated = data["products"].get(key, {}).get(language)
        groups.append(
            (index, curated or _derived_terms(rows[f"name_{language}"].iloc[index], language))
        )
    for index, category in enumerate(vocabularies.CATEGORIES):
        groups.append((n_products + index, data["categories"][category][language]))

    queries, group, weight = [], [], []
    for group_id, terms in groups:
        seen: set[str] = set()
        for rank, term in enumerate(terms):
            base = 1.0 / (rank + 1) ** ZIPF
            variants = [(term, base)]
            variants += [
                (text, base * MODIFIED_WEIGHT) for text in _with_modifiers(term, language, rng)
            ]
            variants += [
                (text, base * TYPO_WEIGHT[language]) for text in _typos(term, language, rng)
            ]
            for text, popularity in variants:
                if text not in seen:
                    seen.add(text)
                    queries.append(text)
                    group.append(group_id)
                    weight.append(popularity)
    group_array = np.array(group, dtype=np.int64)
    weight_array = np.array(weight)
    totals = np.bincount(group_array, weights=weight_array)
    within = np.cumsum(weight_array) - np.repeat(
        np.cumsum(totals) - totals, np.bincount(group_array)
    )
    cumulative = group_array + np.minimum(within / totals[group_array], 1.0)
    last_of_group = np.r_[np.flatnonzero(np.diff(group_array)), len(group_array) - 1]
    cumulative[last_of_group] = group_array[last_of_group] + 1.0  # exact ends, no rounding gap
    return QueryVocabulary(np.array(queries, dtype=object), group_array, cumulative)


def draw_queries(
    rng: np.random.Generator,
    vocabulary: QueryVocabulary,
    product_idx: np.ndarray,
    category_idx: np.ndarray,
    n_products: int,
) -> np.ndarray:
    """One query per search: for the product looked for, or a quarter of the time its category.

    Parameters
    ----------
    rng : numpy.random.Generator
    vocabulary : QueryVocabulary
        From :func:`query_vocabulary`.
    product_idx, category_idx : numpy.ndarray
        The product (index) and category (index) each search is about.
    n_products : int
        Products in the catalogue.

    Returns
    -------
    numpy.ndarray
        The query texts (object array).

    Examples
    --------
    >>> vocabulary = query_vocabulary("en", 80)
    >>> rng = np.random.default_rng(0)
    >>> queries = draw_queries(rng, vocabulary, np.array([17, 17]), np.array([1, 1]), 80)
    >>> len(queries)
    2
    """
    group = np.where(
        rng.random(len(product_idx)) < CATEGORY_QUERY_SHARE, n_products + category_idx, product_idx
    )
    position = np.searchsorted(vocabulary.cumulative, group + rng.random(len(group)), side="right")
    return vocabulary.queries[np.minimum(position, len(vocabulary.queries) - 1)]
