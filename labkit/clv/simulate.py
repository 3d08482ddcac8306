"""Customer histories drawn from a BG/NBD or MBG/NBD with known parameters.

What the fit should give back is known when the data come from the model itself: the
tests check the fits against these histories and the benchmark times them.
"""

from __future__ import annotations

import numpy as np

__all__ = ["simulate_histories"]


def simulate_histories(
    n: int,
    r: float,
    alpha: float,
    a: float,
    b: float,
    *,
    seed: int,
    t_max: float = 52.0,
    modified: bool = False,
    whole_periods: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(frequency, recency, T) of ``n`` customers drawn from the model.

    Each customer buys at a rate ``lam ~ Gamma(r, alpha)`` (rate ``alpha``) from their first
    purchase at time 0 and drops out after each repeat purchase with probability
    ``p ~ Beta(a, b)``; their age ``T`` is uniform between 1 and ``t_max`` periods.

    Parameters
    ----------
    n : int
        Customers.
    r, alpha, a, b : float
        The model's parameters.
    seed : int
        Seeds the draws (the same seed, the same histories).
    t_max : float
        The oldest customer's age, in periods.
    modified : bool
        MBG/NBD: a customer may also drop out right after the first purchase.
    whole_periods : bool
        Ages are whole periods (1 to ``t_max``) and the recency is rounded down to one, as
        a summary of a daily transaction log gives them.

    Returns
    -------
    frequency, recency, T : numpy.ndarray

    Examples
    --------
    >>> x, t_x, T = simulate_histories(1_000, 0.5, 6.0, 0.8, 2.5, seed=0)
    >>> bool((t_x <= T).all() and (x[t_x == 0] == 0).all())
    True
    """
    rng = np.random.default_rng(seed)
    rate, drop = rng.gamma(r, 1.0 / alpha, n), rng.beta(a, b, n)
    if whole_periods:
        age = rng.integers(1, int(t_max) + 1, n).astype(float)
    else:
        age = rng.uniform(1.0, t_max, n)
    x, t_x, now = np.zeros(n), np.zeros(n), np.zeros(n)
    alive = rng.random(n) >= drop if modified else np.ones(n, dtype=bool)
    while alive.any():
        i = np.flatnonzero(alive)
        now[i] += rng.exponential(1.0, i.size) / rate[i]
        bought = now[i] <= age[i]
        j = i[bought]
        x[j] += 1
        t_x[j] = np.floor(now[j]) if whole_periods else now[j]
        alive[i[~bought]] = False
        alive[j[rng.random(j.size) < drop[j]]] = False
    return x, t_x, age
