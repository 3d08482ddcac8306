"""The business accounts of the world's second edition (issue 16, item 11).

Names that fit the industry, revenue per employee by industry, founding before the
account opened, invoices on business days and mostly at month end, a realistic
pipeline, a few accounts over their credit limit, yearly financial statements with
planted trends, and weaker financials → lower credit score → later payment. The
stylised facts of ``facts_business`` are asserted on full-size worlds in
``tests/test_stylised_facts.py``; here the business part alone is made on several
seeds (it has its own random stream), which is fast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from labkit import vocabularies
from labkit.database.tables import SPEC
from labkit.world.dictionary import facts_business
from labkit.world.dictionary.tables import TABLE_ORDER, TABLES
from labkit.world.generator import billing, business, company_names, locales, random_streams
from labkit.world.generator.industries import industry_profiles
from labkit.world.generator.timeline import Timeline

AS_OF = pd.Timestamp("2025-12-31")
SEEDS = (2026, 7, 11)
#: The course world's number of accounts (5,000 customers, one account per 20).
N_ACCOUNTS = 250


@pytest.fixture(
    scope="module",
    params=[(code, seed) for code in locales.LOCALES for seed in SEEDS],
    ids=lambda p: f"{p[0]}-{p[1]}",
)
def made(request) -> dict:
    code, seed = request.param
    locale = locales.by_code(code)
    timeline = Timeline.make(AS_OF, locale)
    tables = business.make_business(random_streams(seed)["business"], N_ACCOUNTS, locale, timeline)
    return {**tables, "locale": locale, "timeline": timeline}


# ----------------------------------------------------------------------------- accounts
def test_company_names_fit_the_industry(made):
    accounts = made["accounts"]
    pool = company_names.name_pools(made["locale"].code)
    assert accounts["company_name"].is_unique
    for industry, name in zip(accounts["industry"], accounts["company_name"], strict=True):
        forms = [form for form, _ in pool["forms"][industry]]
        assert any(form in name for form in forms), (industry, name)


def test_zh_names_are_not_all_technology_firms():
    locale = locales.by_code("zh_CN")
    accounts = business.make_business(
        random_streams(2026)["business"], N_ACCOUNTS, locale, Timeline.make(AS_OF, locale)
    )["accounts"]
    tech = accounts["company_name"].str.contains("科技|信息|网络|传媒|软件")
    assert tech.mean() < 0.3
    retail = accounts.loc[accounts["industry"] == "retail", "company_name"]
    assert retail.str.contains("商贸|百货|超市|贸易|商业|便利").all()


def test_founded_before_the_account_opened(made):
    accounts = made["accounts"]
    assert (accounts["founded_year"] < accounts["account_since"].dt.year).all()
    assert (accounts["founded_year"] >= 1900).all()


def test_revenue_per_employee_differs_by_industry(made):
    accounts = made["accounts"]
    per_employee = (
        (accounts["annual_revenue"] / accounts["employees"]).groupby(accounts["industry"]).median()
    )
    assert per_employee["retail"] > 2.5 * per_employee["hospitality"]
    assert per_employee["manufacturing"] > 2 * per_employee["education"]


def test_size_bands_follow_employees(made):
    accounts = made["accounts"]
    expected = [vocabularies.size_band(int(n)) for n in accounts["employees"]]
    assert accounts["size_band"].tolist() == expected


# ----------------------------------------------------------------------------- statements
def test_statements_cover_the_known_years(made):
    accounts = made["accounts"].set_index("account_id")
    statements = made["account_financials"]
    assert not statements.duplicated(["account_id", "year"]).any()
    years = statements.groupby("account_id")["year"]
    assert (years.max() == AS_OF.year - 1).all()
    assert (years.count() == years.max() - years.min() + 1).all(), "one statement a year"
    first = years.min()
    since_year = accounts["account_since"].dt.year
    assert (first >= accounts["founded_year"].reindex(first.index)).all()
    assert (first >= since_year.reindex(first.index) - 2).all()
    assert set(statements["account_id"]) == set(accounts.index)


def test_latest_statement_is_the_account_profile(made):
    accounts = made["accounts"].set_index("account_id")
    latest = facts_business.latest_statements(made)
    assert (latest["revenue"] == accounts["annual_revenue"].reindex(latest.index)).all()
    assert (latest["headcount"] == accounts["employees"].reindex(latest.index)).all()


def test_statements_hold_together(made):
    s = made["account_financials"]
    assert (s["inventory"] <= s["current_assets"]).all()
    assert (s["current_assets"] <= s["total_assets"]).all()
    assert (s["current_liabilities"] <= s["total_liabilities"]).all()
    assert (s["cost_of_sales"] < s["revenue"]).all()
    assert (s["headcount"] >= 1).all()
    margin = s["net_profit"] / s["revenue"]
    assert 0.03 < (margin < 0).mean() < 0.3, "some firms make a loss, most do not"


def test_planted_trends_show_in_the_statements(made):
    statements = made["account_financials"].merge(made["credit"], on="account_id")
    span = statements.groupby("account_id").agg(
        first=("revenue", "first"),
        last=("revenue", "last"),
        years=("year", "size"),
        trend=("financial_trend", "first"),
    )
    span = span[span["years"] >= 3]
    growth = np.log(span["last"] / span["first"]) / (span["years"] - 1)
    by_trend = growth.groupby(span["trend"]).median()
    assert by_trend["growing"] > 0.06 and by_trend["declining"] < -0.05
    assert by_trend["growing"] > by_trend["stable"] > by_trend["declining"]


# ----------------------------------------------------------------------------- credit
def test_weaker_financials_mean_lower_credit_and_later_payment(made):
    latest = facts_business.latest_statements(made)
    debt_ratio = latest["total_liabilities"] / latest["total_assets"]
    credit = made["credit"].set_index("account_id")["credit_score"].reindex(latest.index)
    assert np.corrcoef(debt_ratio, credit)[0, 1] < -0.15
    invoices = made["invoices"]
    late = invoices["status"].isin(["paid_late", "overdue", "written_off"])
    late_share = late.groupby(invoices["account_id"]).mean().reindex(latest.index)
    heavy = debt_ratio > debt_ratio.median()
    assert late_share[heavy].mean() > late_share[~heavy].mean()


def test_credit_drives_late_payment_on_every_seed(made):
    invoices = made["invoices"].merge(made["credit"], on="account_id")
    late = invoices["status"].isin(["paid_late", "overdue", "written_off"])
    low = invoices["credit_score"] < invoices["credit_score"].median()
    assert late[low].mean() > 1.5 * late[~low].mean()


def test_a_few_accounts_are_over_their_limit(made):
    share = facts_business._over_limit(made, AS_OF)
    assert 0.0 < share < 0.1


# ----------------------------------------------------------------------------- invoices
def test_invoices_on_business_days_mostly_at_month_end(made):
    invoices = made["invoices"]
    days = pd.DatetimeIndex(invoices["issued_at"])
    assert business_days_only(days, made["locale"])
    assert facts_business._month_end_invoices(made, AS_OF) > 0.45
    paid = pd.DatetimeIndex(invoices["paid_at"].dropna().dt.normalize())
    assert business_days_only(paid, made["locale"])


def business_days_only(days: pd.DatetimeIndex, locale) -> bool:
    return bool(billing.business_days(days, locale).all())


def test_terms_and_statuses(made):
    invoices = made["invoices"].merge(made["accounts"], on="account_id")
    days = (invoices["due_date"] - invoices["issued_at"]).dt.days
    assert (days == invoices["credit_terms_days"]).all()
    written_off = invoices["status"] == "written_off"
    overdue_days = (AS_OF - invoices["due_date"]).dt.days
    assert (overdue_days[written_off] > billing.WRITE_OFF_DAYS).all()
    assert invoices.loc[written_off, "paid_at"].isna().all()
    assert set(invoices["status"]) <= set(vocabularies.INVOICE_STATUSES)
    assert invoices["issued_at"].max() <= AS_OF


def test_month_end_days_of_a_short_month():
    days = pd.date_range("2026-02-20", "2026-03-05")
    locale = locales.by_code("en_US")
    ends = billing.month_end_days(days, billing.business_days(days, locale))
    assert [str(days[i].date()) for i in ends] == ["2026-02-27"]


# ----------------------------------------------------------------------------- pipeline
def test_win_rate_and_funnel(made):
    deals = made["opportunities"]
    closed = deals[deals["stage"].isin(["won", "lost"])]
    assert 0.18 < (closed["stage"] == "won").mean() < 0.38
    # how far every closed deal got: lost at a stage, or won after all of them
    stages = vocabularies.OPEN_STAGES
    depth = closed["lost_at_stage"].map({s: i for i, s in enumerate(stages)}).fillna(len(stages))
    reached = [(depth >= k).sum() for k in range(len(stages) + 1)]
    assert all(a > b for a, b in zip(reached, reached[1:], strict=False)), reached
    passed = [b / a for a, b in zip(reached, reached[1:], strict=False)]
    assert passed[0] < passed[-1], "early stages lose more deals than negotiation"


def test_lost_reasons_only_on_lost_deals(made):
    deals = made["opportunities"]
    lost = deals["stage"] == "lost"
    assert deals.loc[lost, "lost_reason"].notna().all()
    assert deals.loc[lost, "lost_at_stage"].notna().all()
    assert deals.loc[~lost, ["lost_reason", "lost_at_stage"]].isna().all().all()
    assert set(deals.loc[lost, "lost_reason"]) <= set(vocabularies.LOST_REASONS)
    reasons = deals.loc[lost, "lost_reason"].value_counts()
    assert reasons.index[0] == "no_decision"


def test_deal_dates(made):
    deals = made["opportunities"]
    closed = deals.dropna(subset=["closed_at"])
    assert (closed["closed_at"] >= closed["created_at"]).all()
    assert (closed["closed_at"] < AS_OF + pd.Timedelta(days=1)).all()
    assert deals["closed_at"].isna().eq(deals["stage"].isin(vocabularies.OPEN_STAGES)).all()
    assert facts_business._cycle_large_vs_small(made, AS_OF) > 1.3


# ----------------------------------------------------------------------------- the world
def test_the_world_has_the_statements_table(small_world_factory):
    world = small_world_factory(2026, "zh_CN")
    assert list(world.tables) == list(TABLE_ORDER)
    assert "account_financials" in TABLES and "account_financials" in SPEC
    assert list(world.account_financials.columns) == list(TABLES["account_financials"]["columns"])
    assert SPEC["account_financials"].column_names == list(world.account_financials.columns)
    assert set(world.truth.credit.columns) >= {"financial_health", "financial_trend"}


def test_facts_measure_on_a_small_world(small_world_factory):
    world = small_world_factory(7, "en_US")
    for fact in facts_business.FACTS:
        if "en_US" in fact.locales:
            assert np.isfinite(fact.measure(world.tables, world.as_of)), fact.key


def test_every_industry_has_a_profile_and_names():
    assert tuple(industry_profiles().index) == vocabularies.INDUSTRIES
    for code in locales.LOCALES:
        pool = company_names.name_pools(code)
        assert set(pool["forms"]) == set(vocabularies.INDUSTRIES)
        assert set(pool["trade_names"]) == {"common", *vocabularies.INDUSTRIES}


@pytest.mark.parametrize(
    ("column", "values"),
    [("lost_at_stage", vocabularies.OPEN_STAGES), ("lost_reason", vocabularies.LOST_REASONS)],
)
def test_the_dictionary_names_every_value(column, values):
    meaning = TABLES["opportunities"]["columns"][column]["meaning"]
    assert all(value in meaning for value in values), column
