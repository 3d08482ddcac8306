"""How fast ``labkit.clv`` fits BG/NBD and Gamma-Gamma, on CDNOW and on a million customers.

Run: ``python3 run.py bench`` or
``.venv/bin/python benchmarks/bench_clv.py [--customers N] [--loop-sample K]``.

It prints, measured in the same run:

* the fit times on the CDNOW sample (2,357 customers, ``tests/data/cdnow/``), with
  the fitted parameters next to Fader, Hardie and Lee's (2005) and, for the
  MBG/NBD, BTYDplus's;
* the BG/NBD fit time on N simulated customers (1,000,000 by default) whose recency
  and T are whole days, as :func:`labkit.clv.rfm_summary` gives them: the fit sums
  the likelihood over the distinct histories, with weights;
* one evaluation of the log-likelihood three ways: the vectorised one over every
  customer, the vectorised one over the distinct histories (what the fit does), and
  the baseline, a plain-Python loop over the customers (``math.lgamma``), timed on
  K customers and scaled to all of them; and the ratios against the loop.

Nothing is fitted with the loop. Shared machines are noisy: read the ratios, not
the seconds.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from labkit import clv
from labkit.clv.bgnbd import log_likelihood_terms
from labkit.clv.common import compress
from labkit.clv.simulate import simulate_histories

CDNOW = Path(__file__).resolve().parents[1] / "tests" / "data" / "cdnow"
PAPER = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "log_likelihood": -9582.4}
PLANTED = {"r": 0.5, "alpha": 40.0, "a": 0.8, "b": 2.5}  # rates per day: one order in 80 days


def best_of(repeats: int, work: Callable[[], object]) -> float:
    """The shortest of ``repeats`` timings of ``work()``, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def simulate(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Frequency, recency and T (whole days, up to two years) of n BG/NBD customers."""
    return simulate_histories(n, **PLANTED, seed=seed, t_max=730, whole_periods=True)


def loop_log_likelihood(
    params: tuple[float, float, float, float], x: list, t_x: list, age: list
) -> float:
    """The baseline: the BG/NBD log-likelihood, one customer at a time in plain Python."""
    r, alpha, a, b = params
    total = 0.0
    for xi, ti, Ti in zip(x, t_x, age, strict=True):
        common = (
            math.lgamma(r + xi) - math.lgamma(r) + r * math.log(alpha)
            + math.lgamma(a + b) + math.lgamma(b + xi) - math.lgamma(b) - math.lgamma(a + b + xi)
        )  # fmt: skip
        alive = -(r + xi) * math.log(alpha + Ti)
        if xi > 0:
            dead = math.log(a) - math.log(b + xi - 1) - (r + xi) * math.log(alpha + ti)
            top = max(alive, dead)
            alive = top + math.log(math.exp(alive - top) + math.exp(dead - top))
        total += common + alive
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--loop-sample", type=int, default=100_000,
                    help="customers the Python loop goes through (scaled to all)")  # fmt: skip
    args = ap.parse_args(argv)

    data = pd.read_csv(CDNOW / "cdnow_customers_summary_with_transactions.csv")
    x, t_x, age = (data[c].to_numpy(dtype=float) for c in ("x", "t_x", "T"))
    fit = clv.fit_bgnbd(x, t_x, age)
    bg_time = best_of(5, lambda: clv.fit_bgnbd(x, t_x, age))
    gg_time = best_of(5, lambda: clv.fit_gamma_gamma(data["x"], data["zbar"]))
    gg = clv.fit_gamma_gamma(data["x"], data["zbar"])
    print(f"CDNOW, {len(data):,} customers: BG/NBD fit {bg_time * 1000:.0f} ms, "
          f"Gamma-Gamma fit {gg_time * 1000:.0f} ms (goal: under 1 s)")  # fmt: skip
    for name, paper in PAPER.items():
        print(f"  {name:<15} labkit {getattr(fit, name):>10.3f}   paper {paper:>10.3f}")
    print(f"  Gamma-Gamma     p {gg.p:.2f} q {gg.q:.2f} v {gg.v:.2f} "
          f"(Fader & Hardie 2013: 6.25, 3.74, 15.44), {gg.n_customers} repeat buyers")  # fmt: skip
    mbg = clv.fit_mbgnbd(x, t_x, age)
    mbg_time = best_of(5, lambda: clv.fit_mbgnbd(x, t_x, age))
    print(f"  MBG/NBD fit {mbg_time * 1000:.0f} ms: r {mbg.r:.3f} alpha {mbg.alpha:.3f} "
          f"a {mbg.a:.3f} b {mbg.b:.3f} (BTYDplus: 0.525, 6.183, 0.891, 1.614)")  # fmt: skip
    params = (fit.r, fit.alpha, fit.a, fit.b)
    loop = best_of(3, lambda: loop_log_likelihood(params, list(x), list(t_x), list(age)))
    vector = best_of(20, lambda: clv.bgnbd_log_likelihood(params, x, t_x, age))
    print(f"  one log-likelihood: vectorised {vector * 1000:.2f} ms, Python loop "
          f"{loop * 1000:.1f} ms: {loop / vector:.0f}x")  # fmt: skip

    n = args.customers
    start = time.perf_counter()
    x, t_x, age = simulate(n)
    simulated = time.perf_counter() - start
    (ux, utx, uage), counts = compress(x, t_x, age)
    print(f"\nsimulated, {n:,} customers ({simulated:.1f} s to draw), planted {PLANTED}; "
          f"{len(counts):,} distinct (x, t_x, T)")  # fmt: skip
    start = time.perf_counter()
    big = clv.fit_bgnbd(x, t_x, age)
    fitted = time.perf_counter() - start
    print(f"  BG/NBD fit {fitted:.2f} s: r {big.r:.3f} alpha {big.alpha:.2f} a {big.a:.3f} "
          f"b {big.b:.3f}")  # fmt: skip
    k = min(args.loop_sample, n)
    loop = best_of(1, lambda: loop_log_likelihood(params, *(list(v[:k]) for v in (x, t_x, age))))
    loop *= n / k
    theta = np.array(params)
    every = best_of(3, lambda: clv.bgnbd_log_likelihood(params, x, t_x, age))
    distinct = best_of(
        3, lambda: counts @ log_likelihood_terms(theta, ux, utx, uage, False, gradient=False)[0]
    )
    print(f"  one log-likelihood over {n:,} customers:")
    print(f"    Python loop (timed on {k:,}, scaled)   {loop:>8.2f} s")
    print(f"    vectorised, every customer           {every:>8.3f} s   {loop / every:>6.0f}x")
    print(
        f"    vectorised, distinct histories        {distinct:>8.4f} s   {loop / distinct:>6.0f}x"
    )
    print(f"  the whole fit takes {fitted / loop:.2f} of one loop evaluation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
