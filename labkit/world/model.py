"""What a world is: :class:`World` (the learner's tables) and :class:`Truth` (the answer key).

A world holds the learner-facing tables as pandas DataFrames and, apart from
them, the planted truth. The four values ``(seed, n_customers, locale, as_of)``
reproduce it exactly; :func:`fingerprint` writes them as one short string.

>>> import pandas as pd
>>> truth = Truth({"segments": pd.DataFrame({"customer_id": [1]})}, params={})
>>> world = World({"customers": pd.DataFrame({"customer_id": [1]})}, truth,
...               seed=1, n_customers=50, locale="en_US", as_of=pd.Timestamp("2025-12-31"))
>>> world.fingerprint, world.customers.shape
('1-50-en_US-20251231', (1, 1))
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from labkit.i18n import _
from labkit.world import storage
from labkit.world.dictionary.tables import TABLES

__all__ = ["Truth", "World", "currency_of", "fingerprint"]


def fingerprint(seed: int, n_customers: int, locale: str, as_of: pd.Timestamp | str) -> str:
    """Short identity of a world: ``seed-n_customers-locale-YYYYMMDD``.

    Examples
    --------
    >>> fingerprint(2026, 5000, "zh_CN", "2025-12-31")
    '2026-5000-zh_CN-20251231'
    """
    return f"{seed}-{n_customers}-{locale}-{pd.Timestamp(as_of):%Y%m%d}"


def currency_of(locale: str) -> str:
    """The currency of every money column: ``CNY`` for zh_CN, ``USD`` for en_US.

    Examples
    --------
    >>> currency_of("zh_CN"), currency_of("en_US")
    ('CNY', 'USD')
    """
    return "CNY" if locale == "zh_CN" else "USD"


class Truth(Mapping):
    """The planted truth: DataFrames by name plus the generator's ``params``.

    Attribute access works (``world.truth.segments``) as does ``world.truth["churn"]``.

    Parameters
    ----------
    frames : dict of pandas.DataFrame
        The truth tables by name.
    params : dict
        The generator's parameters (what ``world.json`` saves as ``params``).

    Examples
    --------
    >>> truth = Truth({"churn": pd.DataFrame({"churned": [True]})}, params={"a": 1})
    >>> truth.names, len(truth), truth.churn is truth["churn"]
    (['churn'], 1, True)
    """

    def __init__(self, frames: dict[str, pd.DataFrame], params: dict[str, Any]) -> None:
        self._frames = dict(frames)
        self.params = params

    @property
    def names(self) -> list[str]:
        """Names of the truth tables."""
        return list(self._frames)

    def __getitem__(self, name: str) -> pd.DataFrame:
        try:
            return self._frames[name]
        except KeyError:
            raise KeyError(
                _("no truth table {name!r}; there are: {items}").format(
                    name=name, items=", ".join(self._frames)
                )
            ) from None

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._frames[name]
        except KeyError:
            raise AttributeError(
                _("no truth table {name!r}; there are: {items}").format(
                    name=name, items=", ".join(self._frames)
                )
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self._frames]

    def __repr__(self) -> str:
        rows = ", ".join(f"{k} ({len(v):,})" for k, v in self._frames.items())
        return f"Truth({rows})"


class World:
    """One reproducible customer world: tables, truth and how it was made.

    Parameters
    ----------
    tables : dict of pandas.DataFrame
        Learner-facing tables by name.
    truth : Truth
        The answer key.
    seed, n_customers, locale, as_of
        The four values that reproduce the world exactly.

    Examples
    --------
    >>> world = World({"orders": pd.DataFrame({"order_id": [1, 2]})}, Truth({}, {}),
    ...               seed=7, n_customers=50, locale="zh_CN", as_of="2025-12-31")
    >>> world.orders is world["orders"], world.currency
    (True, 'CNY')
    """

    def __init__(
        self,
        tables: dict[str, pd.DataFrame],
        truth: Truth,
        *,
        seed: int,
        n_customers: int,
        locale: str,
        as_of: pd.Timestamp | str,
    ) -> None:
        self.tables = dict(tables)
        self.truth = truth
        self.seed = seed
        self.n_customers = n_customers
        self.locale = locale
        self.as_of = pd.Timestamp(as_of)

    @property
    def fingerprint(self) -> str:
        """Short identity of the world: ``seed-n-locale-as_of``."""
        return fingerprint(self.seed, self.n_customers, self.locale, self.as_of)

    @property
    def currency(self) -> str:
        """The currency of every money column: ``CNY`` for zh_CN, ``USD`` for en_US."""
        return currency_of(self.locale)

    def __getitem__(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(
                _("no table {name!r}; the tables are: {items}").format(
                    name=name, items=", ".join(self.tables)
                )
            ) from None

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_") or name == "tables":
            raise AttributeError(name)
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(
            _("World has no table {name!r}; the tables are: {items}").format(
                name=name, items=", ".join(tables)
            )
        )

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self.tables]

    def summary(self) -> pd.DataFrame:
        """One row per table: rows, columns and what it holds.

        Returns
        -------
        pandas.DataFrame
            Indexed by table name; ``what it holds`` comes from the data
            dictionary (:data:`labkit.world.dictionary.TABLES`).

        Examples
        --------
        >>> world = World({"orders": pd.DataFrame({"order_id": [1]})}, Truth({}, {}),
        ...               seed=7, n_customers=50, locale="en_US", as_of="2025-12-31")
        >>> world.summary().loc["orders", ["rows", "columns"]].tolist()
        [1, 1]
        """
        return pd.DataFrame(
            [
                {
                    "table": k,
                    "rows": len(v),
                    "columns": v.shape[1],
                    "what it holds": TABLES[k]["description"] if k in TABLES else "",
                }
                for k, v in self.tables.items()
            ]
        ).set_index("table")

    def __repr__(self) -> str:
        head = (
            f"World(seed={self.seed}, n_customers={self.n_customers:,}, "
            f"locale={self.locale!r}, as_of='{self.as_of:%Y-%m-%d}')"
        )
        body = "\n".join(f"  {k:<20} {len(v):>9,} rows" for k, v in self.tables.items())
        return f"{head}\n{body}\n  truth: {', '.join(self.truth.names)}"

    def save(self, path: str | os.PathLike) -> Path:
        """Write the world as CSV files (UTF-8 with BOM, so Excel shows Chinese).

        ``path/world.json`` records the seed, size, locale, as_of, parameters and
        column types; ``path/<table>.csv`` holds each table and
        ``path/truth/<name>.csv`` each truth table. Same world, same bytes.
        Read it back with :func:`labkit.world.read_world` or
        ``labkit.load_world(path=...)``.

        Parameters
        ----------
        path : path
            The folder to write (created if missing).

        Returns
        -------
        pathlib.Path
            The folder written.

        Examples
        --------
        >>> import tempfile
        >>> world = World({"orders": pd.DataFrame({"order_id": [1]})}, Truth({}, {}),
        ...               seed=7, n_customers=50, locale="en_US", as_of="2025-12-31")
        >>> sorted(p.name for p in world.save(tempfile.mkdtemp()).iterdir())
        ['orders.csv', 'truth', 'world.json']
        """
        return storage.write_world_files(
            path,
            self.tables,
            dict(self.truth.items()),
            identity={
                "seed": self.seed,
                "n_customers": self.n_customers,
                "locale": self.locale,
                "as_of": f"{self.as_of:%Y-%m-%d}",
                "currency": self.currency,
            },
            params=self.truth.params,
        )
