"""What the CLV models share: checked input columns, distinct histories, the optimiser.

Internal to :mod:`labkit.clv`; no side effects on import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.optimize import minimize

#: Periods in a month for :func:`expected_clv`, by ``freq`` (as lifetimes counts them).
PERIODS_PER_MONTH: dict[str, float] = {"D": 30.0, "W": 4.345, "M": 1.0, "h": 30.0 * 24}

LOG_BOUND = 25.0  # log-parameters stay in [-25, 25]: no overflow while searching


def column(values: Any, name: str) -> np.ndarray:
    """``values`` as a 1-D float array; a clear ValueError for missing or infinite values."""
    array = np.asarray(values, dtype=float).reshape(-1)
    bad = int(np.count_nonzero(~np.isfinite(array)))
    if bad:
        raise ValueError(f"{name}: {bad} of {array.size} rows are missing (NaN) or infinite")
    return array


def check(condition: np.ndarray, message: str) -> None:
    """Raise ``ValueError(message)`` with the number of rows where ``condition`` is False."""
    bad = int(np.count_nonzero(~condition))
    if bad:
        raise ValueError(message.format(bad=bad, n=condition.size))


def compress(*columns: np.ndarray) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """The distinct rows of ``columns`` and how many customers share each."""
    order = np.lexsort(columns[::-1])
    rows = np.column_stack(columns)[order]
    starts = np.flatnonzero(np.r_[True, np.any(rows[1:] != rows[:-1], axis=1)])
    counts = np.diff(np.r_[starts, len(rows)]).astype(float)
    return tuple(rows[starts].T), counts


def param_values(params: Any, names: tuple[str, ...]) -> np.ndarray:
    if all(hasattr(params, name) for name in names):
        return np.array([getattr(params, name) for name in names], dtype=float)
    values = np.asarray(params, dtype=float)
    if values.shape != (len(names),) or not np.all(values > 0):
        raise ValueError(f"params must be {len(names)} positive numbers ({', '.join(names)})")
    return values


def maximise(
    terms: Callable[[np.ndarray, bool], tuple[np.ndarray, np.ndarray | None]],
    counts: np.ndarray,
    start: np.ndarray,
) -> tuple[np.ndarray, float]:
    """Maximise the weighted log-likelihood over log-parameters; (parameters, total LL)."""
    total = counts.sum()

    def objective(log_theta: np.ndarray) -> tuple[float, np.ndarray]:
        ll, grad = terms(np.exp(log_theta), True)
        assert grad is not None
        value = -(counts @ ll) / total
        if not np.isfinite(value):
            return np.inf, np.zeros_like(log_theta)
        return float(value), -(grad @ counts) / total

    bounds = [(-LOG_BOUND, LOG_BOUND)] * start.size
    result = minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds)
    if not result.success or np.max(np.abs(result.jac)) > 1e-4:
        polished = minimize(
            lambda z: objective(z)[0], result.x, method="Nelder-Mead",
            options={"xatol": 1e-8, "fatol": 1e-12, "maxiter": 4000},
        )  # fmt: skip
        if polished.fun <= result.fun:
            result = polished
        if not result.success:
            raise RuntimeError(f"the fit did not converge: {result.message}")
    theta = np.exp(result.x)
    return theta, float(counts @ terms(theta, False)[0])
