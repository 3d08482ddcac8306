"""Stylised facts about business accounts (see :mod:`labkit.world.dictionary.facts`).

Three groups, as chapter 06 analyses them: the *business status* of the B2B side
(win rate, lost reasons, sales cycle by deal size), the *operating status* of the
accounts from their yearly statements (revenue per employee, debt ratio, net
margin, asset turnover by industry) and their *credit status* (billing days,
late payment, DSO, credit limits). Each measure reads the learner tables only.

>>> [fact.key for fact in FACTS][:2]
['b2b_win_rate', 'b2b_lost_to_no_decision']
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from labkit.world.dictionary.stylised import StylisedFact

__all__ = ["FACTS", "latest_statements"]

Tables = Mapping[str, pd.DataFrame]


# --------------------------------------------------------------------------- measures
def _closed(tables: Tables) -> pd.DataFrame:
    deals = tables["opportunities"]
    return deals[deals["stage"].isin(["won", "lost"])]


def _win_rate(tables: Tables, as_of: pd.Timestamp) -> float:
    return float((_closed(tables)["stage"] == "won").mean())


def _lost_to_no_decision(tables: Tables, as_of: pd.Timestamp) -> float:
    lost = tables["opportunities"].query("stage == 'lost'")
    return float((lost["lost_reason"] == "no_decision").mean())


def _cycle_large_vs_small(tables: Tables, as_of: pd.Timestamp) -> float:
    won = tables["opportunities"].query("stage == 'won'")
    days = (won["closed_at"] - won["created_at"]).dt.days
    small, large = won["amount"].quantile([0.25, 0.75])
    return float(days[won["amount"] >= large].median() / days[won["amount"] <= small].median())


def _weekend_invoices(tables: Tables, as_of: pd.Timestamp) -> float:
    return float((tables["invoices"]["issued_at"].dt.day_of_week >= 5).mean())


def _month_end_invoices(tables: Tables, as_of: pd.Timestamp) -> float:
    issued = tables["invoices"]["issued_at"]
    return float((issued.dt.days_in_month - issued.dt.day < 3).mean())


def _due_by_as_of(tables: Tables, as_of: pd.Timestamp) -> pd.DataFrame:
    invoices = tables["invoices"]
    return invoices[invoices["due_date"] <= as_of.normalize()]


def _late_share(tables: Tables, as_of: pd.Timestamp) -> float:
    due = _due_by_as_of(tables, as_of)
    return float(due["status"].isin(["paid_late", "overdue", "written_off"]).mean())


def _days_late(tables: Tables, as_of: pd.Timestamp) -> float:
    late = tables["invoices"].query("status == 'paid_late'")
    return float((late["paid_at"].dt.normalize() - late["due_date"]).dt.days.mean())


def _receivable(invoices: pd.DataFrame) -> pd.DataFrame:
    """Invoices still owed at as_of: unpaid and not written off."""
    return invoices[invoices["status"].isin(["open", "overdue"])]


def _dso(tables: Tables, as_of: pd.Timestamp) -> float:
    invoices = tables["invoices"]
    receivable = _receivable(invoices)["amount"].sum()
    year_start = as_of.normalize() - pd.Timedelta(days=364)
    sales = invoices.loc[invoices["issued_at"] >= year_start, "amount"].sum()
    return float(receivable / sales * 365)


def _over_limit(tables: Tables, as_of: pd.Timestamp) -> float:
    invoices = tables["invoices"]
    owed = _receivable(invoices).groupby("account_id")["amount"].sum()
    accounts = tables["accounts"].set_index("account_id")
    exposure = owed.reindex(accounts.index, fill_value=0.0)
    return float((exposure > accounts["credit_limit"]).mean())


def _median_by_industry(tables: Tables, per_account: pd.Series) -> pd.Series:
    industry = tables["accounts"].set_index("account_id")["industry"]
    return per_account.groupby(industry.reindex(per_account.index)).median()


def _revenue_per_employee_ratio(tables: Tables, as_of: pd.Timestamp) -> float:
    accounts = tables["accounts"].set_index("account_id")
    per_employee = _median_by_industry(tables, accounts["annual_revenue"] / accounts["employees"])
    return float(per_employee["retail"] / per_employee["hospitality"])


def latest_statements(tables: Tables) -> pd.DataFrame:
    """Each account's latest yearly statement (``account_financials``), indexed by account.

    Examples
    --------
    >>> statements = pd.DataFrame({"account_id": [1, 1, 2], "year": [2023, 2024, 2024],
    ...                            "revenue": [10, 12, 5]})
    >>> latest_statements({"account_financials": statements})["revenue"].tolist()
    [12, 5]
    """
    statements = tables["account_financials"].sort_values(["account_id", "year"])
    return statements.groupby("account_id").tail(1).set_index("account_id")


def _debt_ratio(tables: Tables) -> pd.Series:
    latest = latest_statements(tables)
    return latest["total_liabilities"] / latest["total_assets"]


def _net_margin(tables: Tables) -> pd.Series:
    latest = latest_statements(tables)
    return latest["net_profit"] / latest["revenue"]


def _debt_ratio_median(tables: Tables, as_of: pd.Timestamp) -> float:
    return float(_debt_ratio(tables).median())


def _debt_ratio_gap(tables: Tables, as_of: pd.Timestamp) -> float:
    by_industry = _median_by_industry(tables, _debt_ratio(tables))
    return float(by_industry["construction"] - by_industry["it_services"])


def _net_margin_median(tables: Tables, as_of: pd.Timestamp) -> float:
    return float(_net_margin(tables).median())


def _net_margin_gap(tables: Tables, as_of: pd.Timestamp) -> float:
    by_industry = _median_by_industry(tables, _net_margin(tables))
    return float(by_industry["it_services"] - by_industry["retail"])


def _asset_turnover_ratio(tables: Tables, as_of: pd.Timestamp) -> float:
    latest = latest_statements(tables)
    by_industry = _median_by_industry(tables, latest["revenue"] / latest["total_assets"])
    return float(by_industry["retail"] / by_industry["manufacturing"])


# --------------------------------------------------------------------------- sources
_HUBSPOT = (
    "HubSpot (2024), State of Sales report: average B2B win rate about 21% of opportunities; "
    "SMB deals 25-35% (Salesmotion 2026 summary of win-rate benchmarks)"
)
_JOLT = (
    "Dixon & McKenna (2022), The JOLT Effect: 40-60% of qualified B2B deals are lost to no "
    "decision (2.5 million recorded sales calls); HBR (2022), Stop losing sales to customer "
    "indecision"
)
_CYCLE = (
    "Sales-cycle benchmarks by deal size: SMB 14-30 days, mid-market 30-90, enterprise 90-180 "
    "(Gong Labs 2024 sales benchmarks; RevOps glossaries)"
)
_BILLING = (
    "Ng, Smith & Smith (1999), Evidence on the determinants of credit terms used in interfirm "
    "trade, Journal of Finance 54(3): net terms and end-of-month billing; monthly statement "
    "billing (月结) in Chinese B2B trade"
)
_ATRADIUS_CN = (
    "Atradius (2024), Payment Practices Barometer, B2B payment practices trends China: late "
    "payment affects just over one third of B2B invoices"
)
_ATRADIUS_US = (
    "Atradius (2024), Payment Practices Barometer, B2B payment practices trends United States: "
    "half of all B2B invoices overdue"
)
_ATRADIUS_DAYS = (
    "Atradius (2024), Payment Practices Barometer (China; United States): overdue invoices are "
    "turned into cash about three weeks (China) or 20 days (US) after the due date"
)
_ATRADIUS_DSO_US = (
    "Atradius Payment Practices Barometer: US average terms 38 days and DSO 38 days (2020); "
    "Americas terms 28 days, DSO 48 days (2014); measured at a month end, just after monthly "
    "billing, DSO sits about half a month above its yearly average"
)
_ATRADIUS_DSO_CN = (
    "Atradius Payment Practices Barometer, China: average payment terms 39 days (2020) to 67 days "
    "(2021); overdue invoices paid about three weeks late (2024)"
)
_CREDIT_LIMITS = (
    "Trade-credit practice: limits are set from expected purchases over the payment terms and "
    "reviewed when breached (Atradius, Credit management guides; Bragg (2021), Credit & "
    "Collection Guidebook): a small minority of accounts is over limit at any time"
)
_PRODUCTIVITY = (
    "US Census Bureau, 2017 Economic Census (sales per paid employee: retail trade $311k, "
    "accommodation and food services $70k); NBS China and China Construction Industry "
    "Association (2024) statistics (wholesale and retail far above hotels and catering)"
)
_RATIOS = (
    "Damodaran (NYU Stern, January 2024), industry data: net margins, debt ratios and sales to "
    "capital by US industry; NBS China (2024): debt-to-asset ratio of industrial enterprises "
    "above designated size 57.1%; SASAC (2023), 企业绩效评价标准值"
)

#: The facts of this topic, in the order the data dictionary lists them.
FACTS: list[StylisedFact] = [
    StylisedFact(
        key="b2b_win_rate",
        topic="business",
        statement="Share of closed opportunities that were won (won ÷ won + lost).",
        low=0.20,
        high=0.35,
        unit="share",
        source=_HUBSPOT,
        measure=_win_rate,
    ),
    StylisedFact(
        key="b2b_lost_to_no_decision",
        topic="business",
        statement="Share of lost opportunities lost to no decision (the customer never decided).",
        low=0.35,
        high=0.60,
        unit="share",
        source=_JOLT,
        measure=_lost_to_no_decision,
    ),
    StylisedFact(
        key="b2b_cycle_large_vs_small",
        topic="business",
        statement="Median days from creation to close of won deals in the top amount quartile ÷ "
        "the same in the bottom quartile.",
        low=1.5,
        high=4.0,
        unit="ratio",
        source=_CYCLE,
        measure=_cycle_large_vs_small,
    ),
    StylisedFact(
        key="invoices_on_weekends",
        topic="business",
        statement="Share of invoices issued on a Saturday or Sunday.",
        low=0.0,
        high=0.005,
        unit="share",
        source=_BILLING,
        measure=_weekend_invoices,
    ),
    StylisedFact(
        key="invoices_at_month_end",
        topic="business",
        statement="Share of invoices issued in the last three days of the month.",
        low=0.45,
        high=0.85,
        unit="share",
        source=_BILLING,
        measure=_month_end_invoices,
    ),
    StylisedFact(
        key="invoices_paid_late_zh",
        topic="business",
        statement="Share of invoices due by as_of that were paid late, are overdue or were "
        "written off (zh_CN).",
        low=0.25,
        high=0.45,
        unit="share",
        source=_ATRADIUS_CN,
        measure=_late_share,
        locales=("zh_CN",),
    ),
    StylisedFact(
        key="invoices_paid_late_us",
        topic="business",
        statement="Share of invoices due by as_of that were paid late, are overdue or were "
        "written off (en_US).",
        low=0.40,
        high=0.60,
        unit="share",
        source=_ATRADIUS_US,
        measure=_late_share,
        locales=("en_US",),
    ),
    StylisedFact(
        key="invoices_days_late",
        topic="business",
        statement="Mean days between the due date and payment of invoices paid late.",
        low=10,
        high=30,
        unit="days",
        source=_ATRADIUS_DAYS,
        measure=_days_late,
    ),
    StylisedFact(
        key="b2b_dso_us",
        topic="business",
        statement="Days sales outstanding at as_of (en_US): amount of open and overdue invoices ÷ "
        "amount invoiced in the last 365 days × 365.",
        low=35,
        high=70,
        unit="days",
        source=_ATRADIUS_DSO_US,
        measure=_dso,
        locales=("en_US",),
    ),
    StylisedFact(
        key="b2b_dso_zh",
        topic="business",
        statement="Days sales outstanding at as_of (zh_CN): amount of open and overdue invoices ÷ "
        "amount invoiced in the last 365 days × 365.",
        low=45,
        high=90,
        unit="days",
        source=_ATRADIUS_DSO_CN,
        measure=_dso,
        locales=("zh_CN",),
    ),
    StylisedFact(
        key="accounts_over_credit_limit",
        topic="business",
        statement="Share of accounts whose open and overdue invoices at as_of exceed their "
        "credit limit.",
        low=0.01,
        high=0.09,
        unit="share",
        source=_CREDIT_LIMITS,
        measure=_over_limit,
    ),
    StylisedFact(
        key="revenue_per_employee_retail_vs_hospitality",
        topic="business",
        statement="Median annual revenue per employee of retail accounts ÷ that of hospitality "
        "accounts.",
        low=2.5,
        high=8.0,
        unit="ratio",
        source=_PRODUCTIVITY,
        measure=_revenue_per_employee_ratio,
    ),
    StylisedFact(
        key="debt_ratio_median",
        topic="business",
        statement="Median debt ratio (total liabilities ÷ total assets) of the accounts' latest "
        "statements.",
        low=0.45,
        high=0.65,
        unit="share",
        source=_RATIOS,
        measure=_debt_ratio_median,
    ),
    StylisedFact(
        key="debt_ratio_construction_minus_it",
        topic="business",
        statement="Median debt ratio of construction accounts minus that of IT-services accounts "
        "(latest statements).",
        low=0.12,
        high=0.45,
        unit="points",
        source=_RATIOS,
        measure=_debt_ratio_gap,
    ),
    StylisedFact(
        key="net_margin_median",
        topic="business",
        statement="Median net margin (net profit ÷ revenue) of the accounts' latest statements.",
        low=0.02,
        high=0.08,
        unit="share",
        source=_RATIOS,
        measure=_net_margin_median,
    ),
    StylisedFact(
        key="net_margin_it_minus_retail",
        topic="business",
        statement="Median net margin of IT-services accounts minus that of retail accounts "
        "(latest statements).",
        low=0.02,
        high=0.10,
        unit="points",
        source=_RATIOS,
        measure=_net_margin_gap,
    ),
    StylisedFact(
        key="asset_turnover_retail_vs_manufacturing",
        topic="business",
        statement="Median asset turnover (revenue ÷ total assets) of retail accounts ÷ that of "
        "manufacturing accounts (latest statements).",
        low=1.5,
        high=3.5,
        unit="ratio",
        source=_RATIOS,
        measure=_asset_turnover_ratio,
    ),
]
