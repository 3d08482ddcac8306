"""What each industry of the business accounts looks like: size, productivity, ratios.

One row per industry of :data:`labkit.vocabularies.INDUSTRIES`, read from
``labkit/data/industries.csv``:

- ``share``: share of Xudong's business accounts in the industry (many small
  hotels and restaurants, fewer logistics firms);
- ``employees_shift``: added to the mean of ln(employees) (factories are bigger,
  IT shops smaller);
- ``revenue_per_employee_usd`` / ``_cny``: typical yearly revenue per employee.
  en_US from the US Census Bureau's 2017 Economic Census (sales, shipments or
  receipts ÷ paid employees by NAICS sector: retail trade about $311,000,
  manufacturing $487,000, accommodation and food services $70,000); zh_CN from
  NBS China yearbooks for enterprises above the designated size and the China
  Construction Industry Association's 2023 statistics (construction labour
  productivity 407,193 yuan per person): wholesale and retail trade high,
  hotels, catering and education low;
- ``gross_margin``, ``net_margin``, ``debt_ratio`` (liabilities ÷ assets),
  ``asset_turnover`` (revenue ÷ assets), ``inventory_turnover`` (cost of sales ÷
  inventory) and ``current_asset_share`` (current ÷ total assets): the median
  firm of the industry, rounded from Damodaran's industry data (NYU Stern, January
  2024: margins, capital structure, turnover by US industry) and the SASAC
  enterprise performance evaluation standards (企业绩效评价标准值, 2023) for
  Chinese firms.

>>> profiles = industry_profiles()
>>> list(profiles.index[:2])
['retail', 'manufacturing']
>>> bool(profiles.loc["retail", "asset_turnover"] > profiles.loc["manufacturing", "asset_turnover"])
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

from labkit import vocabularies

__all__ = ["industry_profiles", "revenue_per_employee"]


@cache
def _read_profiles() -> pd.DataFrame:
    """The industries table as shipped, checked against the vocabulary."""
    with (resources.files("labkit") / "data" / "industries.csv").open(encoding="utf-8") as fh:
        table = pd.read_csv(fh).set_index("industry")
    if tuple(table.index) != vocabularies.INDUSTRIES:
        raise ValueError(
            f"labkit/data/industries.csv lists {tuple(table.index)}, "
            f"not the industries of labkit.vocabularies: {vocabularies.INDUSTRIES}"
        )
    if abs(table["share"].sum() - 1) > 1e-9:
        raise ValueError("labkit/data/industries.csv: the shares must add up to 1")
    return table


def industry_profiles() -> pd.DataFrame:
    """One row per industry (in the order of :data:`labkit.vocabularies.INDUSTRIES`).

    Returns
    -------
    pandas.DataFrame
        Indexed by industry; the columns are described in the module docstring.
        A copy: changing it changes nothing else.
    """
    return _read_profiles().copy()


def revenue_per_employee(currency: str) -> pd.Series:
    """Typical yearly revenue per employee of each industry, in ``currency`` (USD or CNY).

    Examples
    --------
    >>> revenue_per_employee("USD")["hospitality"]
    np.int64(70000)
    """
    return _read_profiles()[f"revenue_per_employee_{currency.lower()}"].copy()
