"""Yearly financial statements of the business accounts, with planted trends.

Each account files one statement a year, from two years before it became an
account (a credit application asks for them) or its founding year, whichever is
later, to the last full year before as_of. The median firm of each industry has
the industry's margins, debt ratio and turnovers
(:func:`~labkit.world.generator.industries.industry_profiles`). A hidden
*financial health* (standard units) moves every ratio the same way - higher
margins, lower debt - and feeds the credit score. A planted *trend*
(:data:`labkit.vocabularies.FINANCIAL_TRENDS`) shapes the years: growing accounts
add revenue (about 12% a year) and headcount, stable ones hold, declining ones
shrink (about -10% a year) while their margins fall and their debt ratio rises.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import parameters
from .industries import industry_profiles
from .locales import GeneratorLocale

__all__ = ["INTEREST_COST", "financial_statements"]

#: Interest paid as a share of total liabilities (about half of liabilities bear
#: interest, at about 4.5%).
INTEREST_COST = 0.0225
#: Headcount moves with revenue to this power.
HEADCOUNT_ELASTICITY = 0.6
#: Yearly change of the net margin and of the debt ratio by trend (follows
#: FINANCIAL_TRENDS): looking back one year, a declining account had a margin 1.2
#: points higher and a debt ratio 2.5 points lower.
MARGIN_SLOPE = np.array([-0.004, 0.0, 0.012])
DEBT_SLOPE = np.array([0.0, 0.0, -0.025])


def _account_ratios(
    rng: np.random.Generator, industry: np.ndarray, health: np.ndarray, trend: np.ndarray
) -> dict[str, np.ndarray]:
    """Each account's ratios in its latest year (before yearly noise)."""
    profile = industry_profiles().iloc[industry]
    n = len(industry)
    declining = trend == 2
    return {
        "gross_margin": np.clip(
            profile["gross_margin"].to_numpy() + 0.03 * health + rng.normal(0, 0.03, n), 0.03, 0.9
        ),
        "net_margin": profile["net_margin"].to_numpy()
        + 0.022 * health
        - 0.012 * declining
        + rng.normal(0, 0.022, n),
        "debt_ratio": profile["debt_ratio"].to_numpy()
        - 0.06 * health
        + 0.03 * declining
        + rng.normal(0, 0.07, n),
        "asset_turnover": profile["asset_turnover"].to_numpy()
        * np.exp(0.08 * health + rng.normal(0, 0.2, n)),
        "inventory_turnover": profile["inventory_turnover"].to_numpy()
        * np.exp(0.1 * health + rng.normal(0, 0.3, n)),
        "current_asset_share": np.clip(
            profile["current_asset_share"].to_numpy() + rng.normal(0, 0.08, n), 0.1, 0.95
        ),
        "current_liability_share": np.clip(rng.normal(0.7, 0.1, n), 0.3, 1.0),
    }


def _thousands(values: np.ndarray) -> np.ndarray:
    """Money rounded to 1,000, as statements in thousands report it."""
    return np.round(values, -3)


def financial_statements(
    rng: np.random.Generator,
    accounts: dict[str, np.ndarray],
    last_year: int,
    locale: GeneratorLocale,
) -> pd.DataFrame:
    """The ``account_financials`` table: one row per account and year.

    Parameters
    ----------
    rng : numpy.random.Generator
    accounts : dict of numpy.ndarray
        Per account: ``industry_idx, employees, revenue`` (of ``last_year``),
        ``health, trend_idx, growth, first_year``.
    last_year : int
        The last full year before as_of: the latest statement.
    locale : GeneratorLocale
        Its tax rate (:data:`~labkit.world.generator.parameters.TAX_RATE`).

    Returns
    -------
    pandas.DataFrame
        ``account_id, year, revenue, cost_of_sales, operating_profit, net_profit,
        total_assets, total_liabilities, current_assets, current_liabilities,
        inventory, headcount``, by account and year.

    Examples
    --------
    >>> from labkit.world.generator.locales import EN_US
    >>> one = {"industry_idx": np.array([0]), "employees": np.array([20]),
    ...        "revenue": np.array([6e6]), "health": np.array([0.0]),
    ...        "trend_idx": np.array([0]), "growth": np.array([0.1]),
    ...        "first_year": np.array([2022])}
    >>> table = financial_statements(np.random.default_rng(0), one, 2024, EN_US)
    >>> table["year"].tolist(), table["revenue"].iloc[-1]
    ([2022, 2023, 2024], np.float64(6000000.0))
    """
    ratios = _account_ratios(
        rng, accounts["industry_idx"], accounts["health"], accounts["trend_idx"]
    )
    years = last_year - accounts["first_year"] + 1
    account = np.repeat(np.arange(len(years)), years)
    lag = np.concatenate([np.arange(k)[::-1] for k in years]).astype(float)
    n = len(account)
    trend = accounts["trend_idx"][account]
    # revenue and headcount run back from the latest year along the trend
    wobble = np.where(lag > 0, rng.normal(0, 0.05, n), 0.0)
    scale = np.exp(-accounts["growth"][account] * lag + wobble)
    revenue = accounts["revenue"][account] * scale
    headcount = np.where(
        lag > 0,
        np.maximum(
            1,
            np.round(
                accounts["employees"][account]
                * scale**HEADCOUNT_ELASTICITY
                * np.exp(rng.normal(0, 0.03, n))
            ),
        ),
        accounts["employees"][account],
    ).astype(np.int64)
    # ratios move with the trend and a little each year
    net_margin = ratios["net_margin"][account] + MARGIN_SLOPE[trend] * lag + rng.normal(0, 0.008, n)
    debt_ratio = np.clip(
        ratios["debt_ratio"][account] + DEBT_SLOPE[trend] * lag + rng.normal(0, 0.015, n),
        0.08,
        1.05,
    )
    cost_of_sales = revenue * (1 - ratios["gross_margin"][account] + rng.normal(0, 0.008, n))
    total_assets = revenue / ratios["asset_turnover"][account] * np.exp(rng.normal(0, 0.04, n))
    total_liabilities = total_assets * debt_ratio
    tax_rate = parameters.TAX_RATE[locale.code]
    # the net margin is after tax: work back to profit before tax and interest
    pre_tax = revenue * np.where(net_margin > 0, net_margin / (1 - tax_rate), net_margin)
    net_profit = pre_tax - tax_rate * np.maximum(pre_tax, 0)
    operating_profit = pre_tax + INTEREST_COST * total_liabilities
    inventory = cost_of_sales / ratios["inventory_turnover"][account]
    current_assets = np.minimum(
        np.maximum(total_assets * ratios["current_asset_share"][account], 1.25 * inventory),
        total_assets,
    )
    current_liabilities = total_liabilities * ratios["current_liability_share"][account]
    statements = {
        "revenue": revenue,
        "cost_of_sales": cost_of_sales,
        "operating_profit": operating_profit,
        "net_profit": net_profit,
        "total_assets": total_assets,
        "total_liabilities": total_liabilities,
        "current_assets": current_assets,
        "current_liabilities": current_liabilities,
        "inventory": inventory,
    }
    table = pd.DataFrame(
        {
            "account_id": account + 1,
            "year": (last_year - lag).astype(np.int64),
            **{name: _thousands(values) for name, values in statements.items()},
            "headcount": headcount,
        }
    )
    # rounding must not break the statements' order: inventory ≤ current ≤ total assets
    table["total_assets"] = table["total_assets"].clip(lower=1000)
    table["current_assets"] = table[["current_assets", "total_assets"]].min(axis=1)
    table["inventory"] = table[["inventory", "current_assets"]].min(axis=1)
    table["current_liabilities"] = table[["current_liabilities", "total_liabilities"]].min(axis=1)
    return table
