"""The Xudong Trading (旭东商贸) customer world: make it, load it, save it.

>>> import labkit
>>> world = labkit.make_world(seed=7, n_customers=500, locale="zh_CN", as_of="2025-12-31")
>>> world.customers.shape[0]
500
>>> sorted(world.truth.names)[:3]
['bundles', 'churn', 'clv']

The learner-facing tables are pandas DataFrames (``world.customers``,
``world["orders"]``, ``world.tables``); the planted truth, the answer key,
lives apart in ``world.truth`` and is never mixed into them.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from labkit import settings

DEFAULT_SEED = 2026
DEFAULT_N_CUSTOMERS = 5000
DEFAULT_AS_OF = "2025-12-31"
LOCALES = ("en_US", "zh_CN")
MAX_CUSTOMERS = 5_000_000
MIN_CUSTOMERS = 50
FIRST_AS_OF, LAST_AS_OF = pd.Timestamp("2015-01-01"), pd.Timestamp("2034-12-31")
FORMAT_VERSION = 1

TABLE_ORDER = (
    "customers",
    "accounts",
    "contacts",
    "products",
    "orders",
    "order_items",
    "web_events",
    "campaigns",
    "campaign_responses",
    "service_tickets",
    "feedback",
    "surveys",
    "invoices",
    "opportunities",
    "raw_records",
)

_CURRENT: World | None = None


# --------------------------------------------------------------------------- validation
def _check_seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative whole number, got {seed!r}")
    return int(seed)


def _check_n(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise ValueError(f"n_customers must be a whole number, got {n!r}")
    if not MIN_CUSTOMERS <= n <= MAX_CUSTOMERS:
        raise ValueError(
            f"n_customers must be between {MIN_CUSTOMERS:,} and {MAX_CUSTOMERS:,}, got {n:,}"
        )
    return int(n)


def _check_locale(locale: Any) -> str:
    if locale not in LOCALES:
        raise ValueError(f"locale must be one of {', '.join(LOCALES)}; got {locale!r}")
    return str(locale)


def _check_as_of(as_of: Any) -> pd.Timestamp:
    if isinstance(as_of, (pd.Timestamp, datetime, date)) and not isinstance(as_of, str):
        ts = pd.Timestamp(as_of)
    else:
        text = str(as_of)
        try:
            ts = pd.Timestamp(datetime.strptime(text, "%Y-%m-%d"))
        except ValueError:
            raise ValueError(
                f"as_of must be a date written YYYY-MM-DD (for example 2025-12-31), got {as_of!r}"
            ) from None
    if ts != ts.normalize():
        raise ValueError(f"as_of must be a whole day without a time, got {as_of!r}")
    if not FIRST_AS_OF <= ts <= LAST_AS_OF:
        raise ValueError(
            f"as_of must lie between {FIRST_AS_OF:%Y-%m-%d} and {LAST_AS_OF:%Y-%m-%d} "
            f"(the festival calendar's range), got {ts:%Y-%m-%d}"
        )
    return ts


# --------------------------------------------------------------------------- containers
class Truth(Mapping):
    """The planted truth: DataFrames by name plus the generator's ``params``.

    Attribute access works (``world.truth.segments``) as does ``world.truth["churn"]``.
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
                f"no truth table {name!r}; there are: {', '.join(self._frames)}"
            ) from None

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._frames[name]
        except KeyError:
            raise AttributeError(
                f"no truth table {name!r}; there are: {', '.join(self._frames)}"
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
    """

    def __init__(
        self,
        tables: dict[str, pd.DataFrame],
        truth: Truth,
        *,
        seed: int,
        n_customers: int,
        locale: str,
        as_of: pd.Timestamp,
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
        return f"{self.seed}-{self.n_customers}-{self.locale}-{self.as_of:%Y%m%d}"

    @property
    def currency(self) -> str:
        """The currency of every money column: ``CNY`` for zh_CN, ``USD`` for en_US."""
        return "CNY" if self.locale == "zh_CN" else "USD"

    def __getitem__(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"no table {name!r}; the tables are: {', '.join(self.tables)}") from None

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_") or name == "tables":
            raise AttributeError(name)
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"World has no table {name!r}; the tables are: {', '.join(tables)}")

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self.tables]

    def summary(self) -> pd.DataFrame:
        """One row per table: rows, columns and what it holds."""
        from labkit.world.dictionary import TABLES

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

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | os.PathLike) -> Path:
        """Write the world as CSV files (UTF-8 with BOM, so Excel shows Chinese).

        ``path/world.json`` records the seed, size, locale, as_of, parameters and
        column types; ``path/<table>.csv`` holds each table and
        ``path/truth/<name>.csv`` each truth table. Same world, same bytes.

        Returns
        -------
        pathlib.Path
            The folder written.
        """
        out = Path(path)
        (out / "truth").mkdir(parents=True, exist_ok=True)
        schema: dict[str, dict[str, str]] = {}
        for folder, frames in (("", self.tables), ("truth", dict(self.truth.items()))):
            for name, df in frames.items():
                _write_csv(df, out / folder / f"{name}.csv")
                schema[f"{folder}/{name}" if folder else name] = {
                    c: str(t) for c, t in df.dtypes.items()
                }
        meta = {
            "format_version": FORMAT_VERSION,
            "seed": self.seed,
            "n_customers": self.n_customers,
            "locale": self.locale,
            "as_of": f"{self.as_of:%Y-%m-%d}",
            "currency": self.currency,
            "tables": list(self.tables),
            "truth": self.truth.names,
            "schema": schema,
            "params": self.truth.params,
        }
        (out / "world.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8"
        )
        return out


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    out = df.copy(deep=False)
    for col in out.columns:  # columns of whole days print as dates, without 00:00:00
        values = out[col]
        if pd.api.types.is_datetime64_any_dtype(values):
            days = values.dropna()
            if len(days) and (days == days.dt.normalize()).all():
                out[col] = values.dt.strftime("%Y-%m-%d")
    text = out.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d %H:%M:%S")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def _read_csv(path: Path, dtypes: dict[str, str]) -> pd.DataFrame:
    kinds: dict[str, Any] = {}
    for c, t in dtypes.items():
        if t.startswith("datetime64"):
            continue
        if t in ("object", "str", "string"):
            kinds[c] = str
        elif t == "bool":
            kinds[c] = "boolean"
        else:
            kinds[c] = t
    df = pd.read_csv(path, encoding="utf-8-sig", dtype=kinds, keep_default_na=False, na_values=[""])
    for c, t in dtypes.items():
        if c not in df.columns:
            continue
        if t.startswith("datetime64"):
            df[c] = pd.to_datetime(df[c], format="ISO8601").astype("datetime64[s]")
        elif t == "bool":
            df[c] = df[c].astype(bool)
    return df


def read_world(path: str | os.PathLike) -> World:
    """Load a world written by :meth:`World.save`.

    Raises
    ------
    FileNotFoundError
        If ``path/world.json`` does not exist.
    """
    root = Path(path)
    meta_path = root / "world.json"
    if not meta_path.exists():
        raise FileNotFoundError(
            f"{root} does not hold a saved world (no world.json); write one with "
            "World.save(path) or `labkit world --out DIR`"
        )
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    schema = meta["schema"]
    tables = {name: _read_csv(root / f"{name}.csv", schema[name]) for name in meta["tables"]}
    truth = {
        name: _read_csv(root / "truth" / f"{name}.csv", schema[f"truth/{name}"])
        for name in meta["truth"]
    }
    return World(
        tables,
        Truth(truth, meta["params"]),
        seed=meta["seed"],
        n_customers=meta["n_customers"],
        locale=meta["locale"],
        as_of=pd.Timestamp(meta["as_of"]),
    )


# --------------------------------------------------------------------------- making
def make_world(
    seed: int = DEFAULT_SEED,
    n_customers: int = DEFAULT_N_CUSTOMERS,
    locale: str = "en_US",
    as_of: str | date | pd.Timestamp = DEFAULT_AS_OF,
    *,
    progress: bool = False,
) -> World:
    """Generate the Xudong world from ``(seed, n_customers, locale, as_of)``.

    The same four values give the same world, byte for byte, in any process on
    any day: nothing reads today's date.

    Parameters
    ----------
    seed : int
        Any non-negative whole number.
    n_customers : int
        Number of consumers (B2C), 50 to 5,000,000. Business accounts, orders
        and every other table scale with it.
    locale : {"en_US", "zh_CN"}
        Language of names, addresses, product names and feedback, and the
        festival calendar; money is USD or CNY.
    as_of : str or date
        The "today" of the world, ``YYYY-MM-DD``: the learner sees history up
        to and including this day; churn is decided in the 90 days after it.
    progress : bool
        Show a progress bar (useful from 100,000 customers up).

    Returns
    -------
    World

    Raises
    ------
    ValueError
        If an argument is out of range; the message names it and what is allowed.

    Examples
    --------
    >>> w = make_world(seed=1, n_customers=300)
    >>> w.orders.columns.tolist()
    ['order_id', 'customer_id', 'ordered_at', 'channel', 'discount']
    """
    from .generator import generate

    seed = _check_seed(seed)
    n_customers = _check_n(n_customers)
    locale = _check_locale(locale)
    ts = _check_as_of(as_of)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=9, desc=f"world {n_customers:,} {locale}", unit="step")

    def step(name: str) -> None:
        if bar is not None:
            bar.set_postfix_str(name)
            bar.update(1)

    tables, truth, params = generate(seed, n_customers, locale, ts, step)
    if bar is not None:
        bar.update(bar.total - bar.n)
        bar.close()
    world = World(
        {k: tables[k] for k in TABLE_ORDER},
        Truth(truth, params),
        seed=seed,
        n_customers=n_customers,
        locale=locale,
        as_of=ts,
    )
    _set_current(world)
    return world


def _set_current(world: World) -> None:
    global _CURRENT
    _CURRENT = world


def current_world() -> World:
    """The world most recently made or loaded in this session (the default if none)."""
    return _CURRENT if _CURRENT is not None else load_world()


_LAST_LOADED: World | None = None


def last_loaded() -> World | None:
    """The world most recently returned by :func:`load_world` in this process, if any.

    :func:`make_world` and :func:`read_world` do not change it: they make or read
    a world for a look, not the course world a notebook works on.
    """
    return _LAST_LOADED


# --------------------------------------------------------------------------- datasets
def datasets_root(root: str | os.PathLike | None = None) -> Path:
    """Folder of the shipped datasets: ``root``, else ``$LABKIT_DATA``, else ``datasets/``."""
    if root is not None:
        return Path(root)
    folder = settings.shipped_datasets_folder()
    return folder if folder is not None else settings.cache_folder() / "datasets"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(
            f"environment variable {name} must be a whole number, got {raw!r}"
        ) from None


def load_world(
    locale: str | None = None,
    path: str | os.PathLike | None = None,
    seed: int | None = None,
    n_customers: int | None = None,
) -> World:
    """Load the course world: the shipped default, a saved folder, or a seed of your own.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}, optional
        Defaults to ``$LABKIT_LOCALE``, else ``en_US``.
    path : path, optional
        A folder written by :meth:`World.save`; overrides everything else.
    seed, n_customers : int, optional
        Default to ``$LABKIT_SEED`` / ``$LABKIT_CUSTOMERS``, else the course defaults.
        The shipped files are used when they match; otherwise the world is
        generated in memory (a few seconds).

    Returns
    -------
    World

    Examples
    --------
    >>> world = load_world()            # doctest: +SKIP
    >>> world.customers.head()          # doctest: +SKIP
    """
    global _LAST_LOADED
    world = _load_world(locale, path, seed, n_customers)
    _LAST_LOADED = world
    return world


def _load_world(
    locale: str | None = None,
    path: str | os.PathLike | None = None,
    seed: int | None = None,
    n_customers: int | None = None,
) -> World:
    """Load the course world: the shipped default, a saved folder, or a seed of your own.

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}, optional
        Defaults to ``$LABKIT_LOCALE``, else ``en_US``.
    path : path, optional
        A folder written by :meth:`World.save`; overrides everything else.
    seed, n_customers : int, optional
        Default to ``$LABKIT_SEED`` / ``$LABKIT_CUSTOMERS``, else the course defaults.
        The shipped files are used when they match; otherwise the world is
        generated in memory (a few seconds).

    Returns
    -------
    World

    Examples
    --------
    >>> world = load_world()            # doctest: +SKIP
    >>> world.customers.head()          # doctest: +SKIP
    """
    if path is not None:
        world = read_world(path)
        _set_current(world)
        return world
    locale = _check_locale(locale or os.environ.get("LABKIT_LOCALE") or "en_US")
    seed = _check_seed(seed if seed is not None else _env_int("LABKIT_SEED", DEFAULT_SEED))
    n = _check_n(
        n_customers
        if n_customers is not None
        else _env_int("LABKIT_CUSTOMERS", DEFAULT_N_CUSTOMERS)
    )
    shipped = datasets_root() / locale
    if (seed, n) == (DEFAULT_SEED, DEFAULT_N_CUSTOMERS) and (shipped / "world.json").exists():
        meta = json.loads((shipped / "world.json").read_text(encoding="utf-8"))
        if (meta.get("seed"), meta.get("n_customers"), meta.get("as_of")) == (
            seed,
            n,
            DEFAULT_AS_OF,
        ) and meta.get("format_version") == FORMAT_VERSION:
            world = read_world(shipped)
            _set_current(world)
            return world
    return make_world(seed=seed, n_customers=n, locale=locale, as_of=DEFAULT_AS_OF)


def write_datasets(root: str | os.PathLike | None = None) -> list[Path]:
    """(Re)generate the shipped default world in both locales, and README.md, under ``root``."""
    out = []
    for locale in LOCALES:
        t0 = time.perf_counter()
        world = make_world(DEFAULT_SEED, DEFAULT_N_CUSTOMERS, locale, DEFAULT_AS_OF)
        path = world.save(datasets_root(root) / locale)
        print(f"wrote {path} in {time.perf_counter() - t0:.1f} s")
        out.append(path)
    from labkit.world.dictionary import render_data_dictionary

    readme = datasets_root(root) / "README.md"
    readme.write_bytes(render_data_dictionary(root=root).encode("utf-8"))
    print(f"wrote {readme}")
    out.append(readme)
    return out


def datasets_present(root: str | os.PathLike | None = None) -> bool:
    """True when both locales' default worlds are in place."""
    base = datasets_root(root)
    return all((base / loc / "world.json").exists() for loc in LOCALES)


def check_datasets(root: str | os.PathLike | None = None) -> list[str]:
    """Differences between the shipped files and what the generator makes now.

    Returns
    -------
    list of str
        One line per differing, missing or unexpected file; empty when identical.
    """
    import tempfile

    base = datasets_root(root)
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for locale in LOCALES:
            fresh = make_world(DEFAULT_SEED, DEFAULT_N_CUSTOMERS, locale, DEFAULT_AS_OF).save(
                Path(tmp) / locale
            )
            shipped = base / locale
            want = {p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file()}
            have = (
                {p.relative_to(shipped) for p in shipped.rglob("*") if p.is_file()}
                if shipped.exists()
                else set()
            )
            for rel in sorted(want - have):
                problems.append(f"{locale}/{rel}: missing from {shipped}")
            for rel in sorted(have - want):
                problems.append(f"{locale}/{rel}: not made by the generator")
            for rel in sorted(want & have):
                if (fresh / rel).read_bytes() != (shipped / rel).read_bytes():
                    problems.append(f"{locale}/{rel}: differs from what the generator makes")
        from labkit.world.dictionary import render_data_dictionary

        readme = base / "README.md"
        if not readme.exists():
            problems.append(f"README.md: missing from {base}")
        elif readme.read_bytes().decode("utf-8").replace("\r\n", "\n") != (
            render_data_dictionary(root=tmp)
        ):
            problems.append(
                "README.md: differs from labkit.world.dictionary.render_data_dictionary()"
            )
    return problems
