"""How well and how fast ``labkit.linkage.find_duplicates`` matches, on our world and on FEBRL-4.

Run: ``python3 run.py bench`` or
``.venv/bin/python benchmarks/bench_dedup.py [--customers N] [--sample K] [--locale L]``.

Two kinds of data, so that nothing is tuned to our world alone:

* the world's raw records in each locale (90,000 customers give about 100,000
  ``raw_records``), standardised, with the world's comparisons and blocking
  rules (``RAW_RECORDS_COMPARE``, ``RAW_RECORDS_BLOCK_ON``);
* FEBRL dataset 4 (10,000 records, 5,000 true pairs; ``tests/data/febrl4/``),
  a public benchmark, with nothing but the kind of each column
  (``FEBRL4_COMPARE``): default blocking, default threshold.

For each it prints, measured in the same run:

* precision, recall and F1 of the matched pairs against the truth, with the
  time of ``find_duplicates`` (blocking, estimating the model, scoring, linking);
* two naive baselines: **exact duplicates** (records equal on every compared
  column, as compared: the quality you get without record linkage), and
  **all pairs** (the same model, every pair compared, no blocking), timed on a
  sample of K records and extrapolated to all of them (all-pairs work grows
  with the square of the number of records);
* the ratios: F1 against exact duplicates, and the extrapolated all-pairs time
  against the blocked time.

Shared machines are noisy: read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from labkit import make_world
from labkit.cleaning import standardise_records
from labkit.linkage import (
    RAW_RECORDS_BLOCK_ON,
    RAW_RECORDS_COMPARE,
    THRESHOLD,
    estimate_model,
    find_duplicates,
    pairwise_scores,
    score_pairs,
)
from labkit.linkage.comparisons import as_comparisons
from labkit.linkage.febrl import FEBRL4_COMPARE, load_febrl4

_CHUNK = 500_000  # pairs scored at once by the all-pairs baseline (keeps the memory small)


def exact_duplicates(records: pd.DataFrame, compare: Any) -> np.ndarray:
    """Entity ids of the exact-duplicate baseline: the same compared values, as compared."""
    comparisons = as_comparisons(records.columns, compare)
    codes = pd.DataFrame({c.column: c.prepare(records[c.column]).codes for c in comparisons})
    return codes.groupby(list(codes.columns), sort=False).ngroup().to_numpy()


def naive_all_pairs(
    records: pd.DataFrame, compare: Any, k: int, seed: int = 0
) -> tuple[float, int]:
    """Seconds to score every pair of a sample of k records with one model, and the pairs."""
    model = estimate_model(records, compare)  # once, as find_duplicates does
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(len(records), size=min(k, len(records)), replace=False))
    sample = records.iloc[rows].reset_index(drop=True)
    i, j = np.triu_indices(len(sample), k=1)
    start = time.perf_counter()
    for low in range(0, len(i), _CHUNK):
        chunk = np.stack([i[low : low + _CHUNK], j[low : low + _CHUNK]], axis=1)
        score_pairs(sample, chunk, compare, model=model)
    return time.perf_counter() - start, len(i)


def report(
    title: str,
    records: pd.DataFrame,
    truth: np.ndarray,
    compare: Any,
    block_on: Sequence[Any] | Mapping[str, Any] | None,
    sample: int,
) -> None:
    """Run find_duplicates and both baselines on one table and print the comparison."""
    start = time.perf_counter()
    entity = find_duplicates(records, compare, block_on=block_on)
    seconds = time.perf_counter() - start
    found = pairwise_scores(entity, truth)
    start = time.perf_counter()
    exact = pairwise_scores(exact_duplicates(records, compare), truth)
    t_exact = time.perf_counter() - start
    t_naive, pairs = naive_all_pairs(records, compare, sample)
    n = len(records)
    all_pairs = n * (n - 1) // 2
    t_naive_all = t_naive * all_pairs / pairs
    print(f"\n{title}: {n:,} records, {found['true_pairs']:,} true pairs, threshold {THRESHOLD}")
    print(f"  {'':<22} {'precision':>9} {'recall':>8} {'F1':>8} {'seconds':>10}")
    for name, scores, secs in (
        ("find_duplicates", found, seconds),
        ("exact duplicates", exact, t_exact),
    ):
        print(
            f"  {name:<22} {scores['precision']:9.4f} {scores['recall']:8.4f} "
            f"{scores['f1']:8.4f} {secs:10.2f}"
        )
    print(f"  {'all pairs (extrap.)':<22} {'':>9} {'':>8} {'':>8} {t_naive_all:10,.0f}")
    print(
        f"  find_duplicates: {entity.attrs['candidate_pairs']:,} candidate pairs "
        f"({entity.attrs['candidate_pairs'] / all_pairs:.2%} of all), "
        f"{entity.attrs['linked_pairs']:,} linked"
    )
    print(
        f"  all pairs: {pairs:,} pairs of {min(sample, n):,} records in {t_naive:.2f} s, "
        f"extrapolated to {all_pairs:,}"
    )
    f1_ratio = (
        f"F1 {found['f1'] / exact['f1']:.2f}x exact duplicates"
        if exact["f1"]
        else "exact duplicates find no true pair"
    )
    print(f"  ratios: {f1_ratio}; all pairs / blocked time {t_naive_all / seconds:,.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=90_000)
    parser.add_argument("--sample", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--locale", choices=["en_US", "zh_CN", "both"], default="both")
    args = parser.parse_args()
    for locale in ("en_US", "zh_CN") if args.locale == "both" else (args.locale,):
        world = make_world(seed=args.seed, n_customers=args.customers, locale=locale)
        clean = standardise_records(world.raw_records, world.locale, world.as_of)
        report(
            f"world {locale}, seed {args.seed}",
            clean,
            world.truth.duplicates["person_id"].to_numpy(),
            RAW_RECORDS_COMPARE,
            RAW_RECORDS_BLOCK_ON,
            args.sample,
        )
    records, truth = load_febrl4()
    report("FEBRL dataset 4", records, truth.to_numpy(), FEBRL4_COMPARE, None, args.sample)


if __name__ == "__main__":
    main()
