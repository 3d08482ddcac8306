"""A wrong method never earns a tick: every declared mistake is judged wrong on many worlds.

Each :class:`~labkit.questions.Mistake` of the registry is a method a learner will
plausibly use. Its answer must be judged *not correct* on the default world and on
three other seeds, in both locales, at the course's size. If a mistake gives the
right number on some world, the lesson cannot tell the two methods apart there: change
the world (plant what the lesson needs) or the question, never this test.
"""

from __future__ import annotations

import pytest
from conftest import CHECK_LOCALES

from labkit import questions as registry
from labkit.answers import evaluate
from labkit.questions import AnyOf
from labkit.settings import DEFAULT_SEED

#: The worlds every mistake is tried on: the default one and three other seeds.
SEEDS = (DEFAULT_SEED, 7, 11, 13)
QUESTIONS = registry.all_questions()
WITH_MISTAKES = [q for q in QUESTIONS if q.mistakes]


@pytest.fixture(scope="module")
def worlds(course_world_factory) -> dict[tuple[int, str], object]:
    """The course-size worlds, made once per test process (shared with other modules)."""
    return {
        (seed, locale): course_world_factory(seed, locale)
        for seed in SEEDS
        for locale in CHECK_LOCALES
    }


def test_the_registry_declares_mistakes_in_every_chapter() -> None:
    chapters = {q.chapter for q in WITH_MISTAKES}
    assert chapters == set(registry.chapters())


@pytest.mark.slow
@pytest.mark.parametrize("question", WITH_MISTAKES, ids=lambda q: q.id)
def test_every_mistake_is_judged_wrong_on_every_world(question, worlds) -> None:
    earned = []
    for (seed, locale), world in worlds.items():
        for number, mistake in enumerate(question.mistakes, start=1):
            try:
                wrong = mistake.compute(world)
            except Exception as error:  # a mistake that cannot be computed is a defect too
                earned.append(f"mistake {number} fails on seed {seed} {locale}: {error!r}")
                continue
            # a mistake may name several forms of its wrong answer: none may earn a tick
            forms = wrong.values if isinstance(wrong, AnyOf) else (wrong,)
            if any(evaluate(question.id, form, world).status == "correct" for form in forms):
                earned.append(f"mistake {number} ({mistake.hint[:50]}…) on seed {seed} {locale}")
    assert not earned, f"{question.id}: a wrong method earns a tick: " + "; ".join(earned)
