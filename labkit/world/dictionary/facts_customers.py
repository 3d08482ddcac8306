"""Stylised facts about customers (see :mod:`labkit.world.dictionary.facts`)."""

from __future__ import annotations

from labkit.world.dictionary.stylised import StylisedFact

__all__ = ["FACTS"]

#: The facts of this topic, in the order the data dictionary lists them.
FACTS: list[StylisedFact] = []
