"""How fast the world generator is, against a naive per-row Faker loop measured in the same run.

Run: ``python3 run.py bench`` or ``.venv/bin/python benchmarks/bench_world.py [--big N]``.

It prints, for each locale at 100,000 customers:

* customers/s of labkit's vectorised customer table (the same fields a naive
  loop makes: name, gender, birth date, phone, e-mail, province, city,
  address, income, occupation, signup date and channel, consent);
* customers/s of the naive loop (one Faker call per field per row, timed on
  a sample and reported as a rate);
* the ratio (goal: 20x or more);
* customers/s of the whole world (every table, every truth).

Then time and peak memory of a whole world of 1,000,000 customers, in a child
process so its peak is its own (goals: under 60 s, under 4 GB). Shared
machines are noisy: read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

import numpy as np
import pandas as pd
from faker import Faker

from labkit import make_world
from labkit.world.generator import consumers

AS_OF = pd.Timestamp("2025-12-31")


def naive_rows(locale: str, n: int, seed: int = 1) -> float:
    """Seconds for a per-row Faker loop making n customers' fields."""
    fake = Faker(locale)
    fake.seed_instance(seed)
    rows = []
    t0 = time.perf_counter()
    for i in range(n):
        female = i % 2 == 0
        first = fake.first_name_female() if female else fake.first_name_male()
        last = fake.last_name()
        rows.append({
            "customer_id": i + 1,
            "name": f"{last}{first}" if locale == "zh_CN" else f"{first} {last}",
            "gender": "F" if female else "M",
            "birth_date": fake.date_of_birth(minimum_age=18, maximum_age=85),
            "phone": fake.phone_number(),
            "email": fake.email(),
            "province": fake.province() if locale == "zh_CN" else fake.state(),
            "city": fake.city(),
            "address": fake.street_address(),
            "income": fake.random_int(20_000, 300_000),
            "occupation": fake.job(),
            "signup_date": fake.date_between(start_date="-4y", end_date="today"),
            "signup_channel": fake.random_element(["store", "online", "call_centre", "referral"]),
            "marketing_consent": fake.boolean(),
        })
    pd.DataFrame(rows)
    return time.perf_counter() - t0


def vectorised_customers(locale: str, n: int) -> float:
    """Seconds for labkit's customer table (with the latent traits behind it)."""
    tl = consumers.Timeline.make(AS_OF, locale)
    t0 = time.perf_counter()
    consumers.make_customers(np.random.default_rng(1), n, locale, tl, faker_seed=1)
    return time.perf_counter() - t0


def whole_world(locale: str, n: int) -> float:
    t0 = time.perf_counter()
    make_world(seed=1, n_customers=n, locale=locale)
    return time.perf_counter() - t0


CHILD = """
import json, resource, sys, time
from labkit import make_world
t0 = time.perf_counter()
w = make_world(seed=1, n_customers=int(sys.argv[1]), locale=sys.argv[2])
dt = time.perf_counter() - t0
rows = {k: len(v) for k, v in w.tables.items()}
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": dt, "peak_mb": peak, "orders": rows["orders"],
                  "order_items": rows["order_items"], "rows": sum(rows.values())}))
"""


def big_world(n: int, locale: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(n), locale], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--naive-sample", type=int, default=5_000,
                    help="rows the naive loop makes (its rate is scaled from this sample)")
    ap.add_argument("--big", type=int, default=1_000_000, help="size of the big run (0 skips)")
    args = ap.parse_args(argv)

    n = args.customers
    print(f"customers per second at {n:,} customers (naive loop timed on {args.naive_sample:,})")
    print(f"{'locale':<7} {'vectorised':>12} {'naive Faker':>12} {'ratio':>7} {'whole world':>12}")
    for locale in ("en_US", "zh_CN"):
        # warm up both (imports, Faker's locale data, labkit's name pools) so the rates
        # compare steady-state throughput, not one-off start-up costs
        naive_rows(locale, 200)
        vectorised_customers(locale, 1_000)
        v = n / vectorised_customers(locale, n)
        naive = args.naive_sample / naive_rows(locale, args.naive_sample)
        world = n / whole_world(locale, n)
        print(f"{locale:<7} {v:>12,.0f} {naive:>12,.0f} {v / naive:>6.0f}x {world:>12,.0f}")
    print("goal: vectorised / naive >= 20x")

    if args.big:
        for locale in ("zh_CN",):
            r = big_world(args.big, locale)
            print(f"\nwhole world, {args.big:,} customers, {locale}: {r['seconds']:.1f} s, "
                  f"peak {r['peak_mb'] / 1024:.2f} GB, {r['orders']:,} orders, "
                  f"{r['order_items']:,} order lines, {r['rows']:,} rows in all")
            print(f"  budget: time {r['seconds'] / 60:.2f} of 60 s, "
                  f"memory {r['peak_mb'] / 1024 / 4:.2f} of 4 GB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
