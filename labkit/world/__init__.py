"""The Xudong Trading (旭东商贸) customer world: make it, load it, save it, ship it.

>>> import labkit
>>> world = labkit.make_world(seed=7, n_customers=500, locale="zh_CN", as_of="2025-12-31")
>>> world.customers.shape[0]
500
>>> sorted(world.truth.names)[:3]
['bundles', 'churn', 'clv']

The learner-facing tables are pandas DataFrames (``world.customers``,
``world["orders"]``, ``world.tables``); the planted truth, the answer key,
lives apart in ``world.truth`` and is never mixed into them.

Modules, lowest first (each imports only from those above it, the data
dictionary and :mod:`labkit.settings`):

- :mod:`~labkit.world.storage` — the files of a saved world: CSV tables and
  ``world.json`` with the column types (on plain dictionaries of DataFrames),
  and a listing of the files written;
- :mod:`~labkit.world.shipped` — where the shipped datasets are
  (:func:`datasets_root`, :func:`datasets_present`) and their row counts and
  column types;
- :mod:`labkit.world.dictionary` — the data dictionary (tables, columns, the
  planted truth's documentation, ``datasets/README.md``);
- :mod:`~labkit.world.model` — :class:`World` and :class:`Truth`;
- :mod:`labkit.world.generator` — the engine that makes the tables;
- :mod:`~labkit.world.making` — :func:`make_world` and the checks of its arguments;
- :mod:`~labkit.world.loading` — :func:`load_world`, :func:`read_world`,
  :func:`last_loaded` and the default world (shipped, or cached when the kit
  runs without its datasets);
- :mod:`~labkit.world.datasets` — writing and verifying the shipped datasets
  (:func:`write_datasets`, :func:`verify_datasets`).

Locales and world defaults are :mod:`labkit.settings`'; they are re-exported
here (``LOCALES``, ``DEFAULT_SEED`` …) for the code that imports them from the world.
"""

from __future__ import annotations

from labkit.settings import (
    DEFAULT_AS_OF,
    DEFAULT_N_CUSTOMERS,
    DEFAULT_SEED,
    FIRST_AS_OF,
    LAST_AS_OF,
    LOCALES,
    MAX_CUSTOMERS,
    MIN_CUSTOMERS,
)
from labkit.world import storage
from labkit.world.datasets import verify_datasets, write_datasets
from labkit.world.dictionary.tables import TABLE_ORDER
from labkit.world.loading import cached_world_folder, last_loaded, load_world, read_world
from labkit.world.making import (
    check_as_of,
    check_locale,
    check_n_customers,
    check_seed,
    make_world,
)
from labkit.world.model import Truth, World
from labkit.world.shipped import datasets_present, datasets_root, shipped_row_counts
from labkit.world.storage import FORMAT_VERSION

__all__ = [
    "DEFAULT_AS_OF",
    "DEFAULT_N_CUSTOMERS",
    "DEFAULT_SEED",
    "FIRST_AS_OF",
    "FORMAT_VERSION",
    "LAST_AS_OF",
    "LOCALES",
    "MAX_CUSTOMERS",
    "MIN_CUSTOMERS",
    "TABLE_ORDER",
    "Truth",
    "World",
    "cached_world_folder",
    "check_as_of",
    "check_locale",
    "check_n_customers",
    "check_seed",
    "datasets_present",
    "datasets_root",
    "last_loaded",
    "load_world",
    "make_world",
    "read_world",
    "shipped_row_counts",
    "storage",
    "verify_datasets",
    "write_datasets",
]
