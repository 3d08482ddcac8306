"""The data dictionary of the Xudong world and the documentation of its planted truth.

One source, in code: :data:`TABLES` documents every learner table and column,
:data:`TRUTH` every truth table (the answer key) and how it is made, and
:data:`PLANTED` every row of the course's planted-truth table, including the
structure that has no truth table of its own. ``datasets/README.md`` is
rendered from them by :func:`render_data_dictionary`, and a test keeps the two
in step with the generator.

Each column carries its *nature* in the textbook's sense (客户信息的性质):
descriptive (描述类), behavioural (行为类) or relational (关联类); and its
*structure* (结构化程度): structured, semi-structured or unstructured.

Modules, lowest first:

- :mod:`~labkit.world.dictionary.entries` — column entries, the natures and
  structures (from :mod:`labkit.vocabularies`), units and text helpers;
- :mod:`~labkit.world.dictionary.consumer_tables` — the consumer (B2C) tables;
- :mod:`~labkit.world.dictionary.service_and_business_tables` — service,
  feedback, surveys and the business (B2B) tables;
- :mod:`~labkit.world.dictionary.truth` — the truth tables (:data:`TRUTH`);
- :mod:`~labkit.world.dictionary.tables` — :data:`TABLE_ORDER`, :data:`TABLES`
  and :func:`describe_columns`;
- :mod:`~labkit.world.dictionary.planted` — the planted-truth rows (:data:`PLANTED`);
- :mod:`~labkit.world.dictionary.render` — the Markdown of ``datasets/README.md``.

None of them imports the world's model, so :class:`labkit.world.World` can use
the tables' descriptions.

>>> from labkit.world.dictionary import describe_columns
>>> describe_columns("orders")["nature"].unique().tolist()
['behavioural']
"""

from __future__ import annotations

from labkit.world.dictionary.entries import NATURE_ZH, STRUCTURE_ZH
from labkit.world.dictionary.planted import PLANTED
from labkit.world.dictionary.render import render_data_dictionary
from labkit.world.dictionary.tables import TABLE_ORDER, TABLES, describe_columns
from labkit.world.dictionary.truth import TRUTH
from labkit.world.shipped import shipped_column_types, shipped_row_counts

__all__ = [
    "NATURE_ZH",
    "PLANTED",
    "STRUCTURE_ZH",
    "TABLES",
    "TABLE_ORDER",
    "TRUTH",
    "describe_columns",
    "render_data_dictionary",
    "shipped_column_types",
    "shipped_row_counts",
]
