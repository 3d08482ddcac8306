"""Every stylised fact holds on several worlds, in both locales.

The facts (range, source, measurement) are declared in
``labkit/world/dictionary/facts_*.py``; this test measures each on worlds of the
course's size made from three seeds, in each locale the fact applies to, and
fails with the measured value and the range when one lands outside.
"""

from __future__ import annotations

import pytest

from labkit import make_world, settings
from labkit.world.dictionary.facts import FACTS, measure_facts

#: The course world's seed and two others; the course's size, so shares are stable.
SEEDS = (settings.DEFAULT_SEED, 7, 11)

_WORLDS: dict[tuple[int, str], object] = {}


def _world(seed: int, locale: str) -> object:
    if (seed, locale) not in _WORLDS:
        _WORLDS[seed, locale] = make_world(seed=seed, locale=locale)
    return _WORLDS[seed, locale]


CASES = [
    pytest.param(fact, seed, locale, id=f"{fact.key}-{locale}-{seed}")
    for fact in FACTS
    for locale in fact.locales
    for seed in SEEDS
]


def test_facts_are_declared_with_a_source_and_a_range() -> None:
    for fact in FACTS:
        assert fact.low <= fact.high, fact.key
        assert len(fact.source) > 10 and len(fact.statement) > 10, fact.key
        assert set(fact.locales) <= set(settings.LOCALES), fact.key


@pytest.mark.slow
@pytest.mark.parametrize(("fact", "seed", "locale"), CASES)
def test_the_world_reproduces_the_fact(fact, seed: int, locale: str) -> None:
    world = _world(seed, locale)
    value = float(fact.measure(world.tables, world.as_of))
    assert fact.holds(value), (
        f"{fact.statement} measured {value:.4g} on seed {seed} {locale}; "
        f"real data: {fact.low:g} to {fact.high:g} ({fact.source})"
    )


def test_measure_facts_returns_one_value_per_applicable_fact(small_world_factory) -> None:
    world = small_world_factory(settings.DEFAULT_SEED, "en_US")
    values = measure_facts(world.tables, world.as_of, "en_US")
    assert set(values) == {fact.key for fact in FACTS if "en_US" in fact.locales}
