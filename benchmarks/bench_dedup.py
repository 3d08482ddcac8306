"""How well and how fast ``labkit.linkage.find_duplicates`` matches the world's raw records.

Run: ``.venv/bin/python benchmarks/bench_dedup.py [--customers N] [--sample K] [--locale L]``.

For each locale it makes a world (90,000 customers give about 100,000
``raw_records``), standardises the records, and prints in one run:

* precision, recall and F1 of the matched pairs against ``truth.duplicates``
  (``person_id``), with the time of ``find_duplicates`` (blocking, scoring,
  linking);
* a naive all-pairs comparison (the same scoring, every pair, no blocking) on a
  sample of K records: its time, and that time extrapolated to all records
  (all-pairs work grows with the square of the number of records);
* the ratio of the extrapolated naive time to the blocked time.

Shared machines are noisy: read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from labkit import make_world
from labkit.cleaning import standardise_records
from labkit.linkage import (
    RAW_RECORDS_BLOCK_ON,
    RAW_RECORDS_COMPARE,
    THRESHOLD,
    find_duplicates,
    pairwise_scores,
    score_pairs,
)


def naive_all_pairs(clean, k: int, seed: int = 0) -> tuple[float, int]:
    """Seconds to score every pair of a sample of k records, and the number of pairs."""
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(len(clean), size=min(k, len(clean)), replace=False))
    sample = clean.iloc[rows].reset_index(drop=True)
    i, j = np.triu_indices(len(sample), k=1)
    start = time.perf_counter()
    for lo in range(0, len(i), 500_000):  # chunks keep the memory small
        score_pairs(sample, np.stack([i[lo : lo + 500_000], j[lo : lo + 500_000]], axis=1),
                    RAW_RECORDS_COMPARE)  # fmt: skip
    return time.perf_counter() - start, len(i)


def run(locale: str, customers: int, sample: int, seed: int) -> None:
    world = make_world(seed=seed, n_customers=customers, locale=locale)
    raw = world.raw_records
    start = time.perf_counter()
    clean = standardise_records(raw, world.locale, world.as_of)
    t_std = time.perf_counter() - start
    start = time.perf_counter()
    entity = find_duplicates(clean, RAW_RECORDS_COMPARE, block_on=RAW_RECORDS_BLOCK_ON)
    t_match = time.perf_counter() - start
    s = pairwise_scores(entity, world.truth.duplicates["person_id"])
    t_naive, pairs = naive_all_pairs(clean, sample)
    n = len(clean)
    all_pairs = n * (n - 1) // 2
    t_naive_all = t_naive * all_pairs / pairs
    print(f"\n{locale}  seed {seed}  {n:,} raw records  threshold {THRESHOLD}")
    print(f"  standardise            {t_std:8.2f} s")
    print(
        f"  find_duplicates        {t_match:8.2f} s   {entity.attrs['candidate_pairs']:,} "
        f"candidate pairs, {entity.attrs['linked_pairs']:,} linked"
    )
    print(
        f"  precision {s['precision']:.4f}   recall {s['recall']:.4f}   F1 {s['f1']:.4f}   "
        f"({s['correct_pairs']:,} of {s['true_pairs']:,} true pairs; "
        f"{s['predicted_pairs']:,} predicted)"
    )
    k = min(sample, n)
    print(f"  naive all pairs, {k:,} records: {t_naive:8.2f} s  ({pairs:,} pairs)")
    print(f"  naive all pairs, extrapolated to {n:,}: {t_naive_all:,.0f} s  ({all_pairs:,} pairs)")
    print(f"  ratio naive / blocked: {t_naive_all / t_match:,.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=90_000)
    parser.add_argument("--sample", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--locale", choices=["en_US", "zh_CN", "both"], default="both")
    args = parser.parse_args()
    for locale in ("en_US", "zh_CN") if args.locale == "both" else (args.locale,):
        run(locale, args.customers, args.sample, args.seed)


if __name__ == "__main__":
    main()
