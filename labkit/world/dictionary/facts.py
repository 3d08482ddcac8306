"""Stylised facts: what real retail data shows, with a range and a source, measured on the world.

Each :class:`~labkit.world.dictionary.stylised.StylisedFact` states one published
regularity of real customer data (a repeat-purchase rate, an open rate, a share of
returns …), the range real data shows, where that range comes from, and a
function that measures it on a world's learner tables. The generator plants each
fact; ``tests/test_stylised_facts.py`` asserts every one on several seeds in both
locales; ``datasets/README.md`` lists them with their sources and the values
measured on the shipped worlds.

The facts are declared by topic in the ``facts_*`` modules next to this one and
collected here in :data:`FACTS`.

>>> all(fact.low <= fact.high for fact in FACTS)
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import pandas as pd

from labkit.i18n import _
from labkit.world import storage
from labkit.world.dictionary import (
    facts_business,
    facts_customers,
    facts_feedback,
    facts_marketing,
    facts_purchases,
)
from labkit.world.dictionary.stylised import StylisedFact
from labkit.world.shipped import shipped_world_folders

__all__ = ["FACTS", "measure_facts", "measure_shipped_facts"]


def _collect() -> tuple[StylisedFact, ...]:
    """Every fact of the ``facts_*`` modules, in topic order; keys are unique."""
    facts: list[StylisedFact] = []
    for module in (
        facts_customers,
        facts_purchases,
        facts_marketing,
        facts_feedback,
        facts_business,
    ):
        facts.extend(module.FACTS)
    keys = [fact.key for fact in facts]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    if duplicated:
        raise ValueError(
            _("stylised facts declared twice: {items}").format(items=", ".join(duplicated))
        )
    return tuple(facts)


#: Every stylised fact the world plants, by topic.
FACTS: tuple[StylisedFact, ...] = _collect()


def measure_facts(
    tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp, locale: str
) -> dict[str, float]:
    """Measure every fact that applies to ``locale`` on one world's tables.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The learner tables (``world.tables``).
    as_of : pandas.Timestamp
        The world's as_of.
    locale : str
        The world's locale.

    Returns
    -------
    dict of str to float
        Fact key → measured value.
    """
    return {
        fact.key: float(fact.measure(tables, as_of)) for fact in FACTS if locale in fact.locales
    }


def measure_shipped_facts(
    root: str | os.PathLike | None = None,
) -> dict[str, dict[str, float]]:
    """The facts measured on each shipped world: ``{locale: {key: value}}``.

    Parameters
    ----------
    root : path, optional
        The datasets folder (default: the shipped datasets).

    Returns
    -------
    dict
        Empty for a locale whose world is not saved.
    """
    measured: dict[str, dict[str, float]] = {}
    for locale, folder in shipped_world_folders(root).items():
        metadata, tables, _truth = storage.read_world_files(folder)
        measured[locale] = measure_facts(tables, pd.Timestamp(metadata["as_of"]), locale)
    return measured
