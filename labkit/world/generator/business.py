"""Business accounts (B2B): companies, their people, statements, invoices and pipeline.

Each account belongs to an industry that sets its size, its revenue per
employee and its financial ratios (:mod:`~labkit.world.generator.industries`),
and has a name that fits the industry
(:mod:`~labkit.world.generator.company_names`). A hidden financial health and a
planted trend shape its yearly statements
(:mod:`~labkit.world.generator.financials`); they, its size and its age make its
latent credit score (higher is better), which drives late payment and default
(:mod:`~labkit.world.generator.billing`), its credit limit and its chance of
winning deals (:mod:`~labkit.world.generator.pipeline`): the planted truth behind
the business, operating and credit analysis of chapter 06.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import billing, parameters, pipeline, pools
from .company_names import company_names
from .financials import financial_statements
from .industries import industry_profiles, revenue_per_employee
from .locales import GeneratorLocale
from .timeline import Timeline

__all__ = ["INDUSTRIES", "ROLES", "STAGES", "default_probability", "make_business"]

#: Industries (a NumPy array of :data:`labkit.vocabularies.INDUSTRIES`).
INDUSTRIES = np.array(vocabularies.INDUSTRIES)
#: Contact roles (a NumPy array of :data:`labkit.vocabularies.CONTACT_ROLES`).
ROLES = np.array(vocabularies.CONTACT_ROLES)
#: Stages of open opportunities (:data:`labkit.vocabularies.OPEN_STAGES`).
STAGES = vocabularies.OPEN_STAGES
#: Chance that a deal passes each open stage (follows STAGES); see
#: :data:`~labkit.world.generator.parameters.STAGE_PASS_RATE`.
OPEN_STAGE_P = parameters.STAGE_PASS_RATE
#: Payment terms in days by size band (follows :data:`labkit.vocabularies.SIZE_BANDS`);
#: some accounts negotiate EXTRA_TERMS_DAYS more (parameters.EXTRA_TERMS_SHARE).
TERMS_BY_SIZE_BAND = (30, 30, 30, 45)
EXTRA_TERMS_DAYS = 30
#: Share of its yearly revenue an account spends at Xudong (before a lognormal spread).
SPEND_SHARE = 0.02
#: A credit limit is this many times the purchases of the payment terms plus a month
#: (what a monthly-billed account owes just after billing), more for better credit.
LIMIT_HEADROOM = 2.0
#: The chance that an invoice is never paid, by credit score.
default_probability = billing.default_probability


def _size_band_index(employees: np.ndarray) -> np.ndarray:
    """Index into SIZE_BANDS of each company (bands begin at SIZE_BAND_LIMITS)."""
    return np.searchsorted(np.array(vocabularies.SIZE_BAND_LIMITS), employees, side="right")


def _size_band(employees: np.ndarray) -> np.ndarray:
    """The size band of each company, as :func:`labkit.vocabularies.size_band` says.

    Examples
    --------
    >>> _size_band(np.array([3, 10, 249, 250])).tolist()
    ['micro', 'small', 'medium', 'large']
    """
    bands = vocabularies.SIZE_BANDS
    limits = vocabularies.SIZE_BAND_LIMITS
    return np.select([employees < limit for limit in limits], bands[:-1], bands[-1])


def _domain(stems: np.ndarray, locale: GeneratorLocale) -> np.ndarray:
    """A web domain for each company: ``xindashangmao.com.cn``, ``summitmachine.com``."""
    return np.char.add(stems.astype(str), locale.company_domain_suffix)


def _founding(
    rng: np.random.Generator, since_day: np.ndarray, timeline: Timeline
) -> tuple[np.ndarray, np.ndarray]:
    """(founded_year, years in business at as_of): always at least a year before account_since."""
    since_year = timeline.days.year.to_numpy()[since_day]
    age_at_since = 1 + np.minimum(np.floor(np.exp(rng.normal(np.log(7), 0.8, len(since_day)))), 80)
    founded = (since_year - age_at_since).astype(np.int64)
    return founded, timeline.as_of.year - founded


def _credit_score(
    rng: np.random.Generator,
    employees: np.ndarray,
    years: np.ndarray,
    health: np.ndarray,
    trend_idx: np.ndarray,
) -> np.ndarray:
    """The latent credit score (CREDIT_SCORE): size, age, financial health and trend."""
    weights = parameters.CREDIT_SCORE
    trend_sign = 1 - trend_idx  # growing +1, stable 0, declining -1
    return (
        weights["log_employees"] * (np.log(employees) - 3.2)
        + weights["years_in_business"] * (years - 12)
        + weights["financial_health"] * health
        + weights["trend"] * trend_sign
        + rng.normal(0, weights["noise_sd"], len(employees))
    )


def _accounts(
    rng: np.random.Generator,
    n_accounts: int,
    locale: GeneratorLocale,
    timeline: Timeline,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, np.ndarray]]:
    """The accounts table, their yearly statements and the hidden facts the other tables need."""
    profiles = industry_profiles()
    industry_idx = rng.choice(len(profiles), size=n_accounts, p=profiles["share"].to_numpy())
    industry = INDUSTRIES[industry_idx]
    regions = pools.regions(locale.code)
    where = rng.choice(len(regions), size=n_accounts, p=regions["weight"].to_numpy())
    company, stems = company_names(rng, industry, regions["city_short"].to_numpy()[where], locale)
    shift = profiles["employees_shift"].to_numpy()[industry_idx]
    employees = np.maximum(1, np.round(np.exp(rng.normal(3.2 + shift, 1.3)))).astype(np.int64)
    per_employee = revenue_per_employee(locale.currency).to_numpy()[industry_idx]
    revenue = np.round(employees * per_employee * np.exp(rng.normal(0, 0.45, n_accounts)), -3)
    revenue = np.maximum(revenue, 1000.0)
    since_day = np.maximum(
        0, timeline.as_of_idx - (rng.uniform(0.1, 1.0, n_accounts) * 4 * 365)
    ).astype(int)
    founded, years = _founding(rng, since_day, timeline)
    health = rng.normal(0, 1, n_accounts)
    trend_idx = rng.choice(
        len(vocabularies.FINANCIAL_TRENDS), size=n_accounts, p=parameters.FINANCIAL_TREND_SHARE
    )
    growth = parameters.FINANCIAL_TREND_GROWTH[trend_idx] + rng.normal(0, 0.04, n_accounts)
    last_year = timeline.as_of.year - 1
    since_year = timeline.days.year.to_numpy()[since_day]
    statements = financial_statements(
        rng,
        {
            "industry_idx": industry_idx,
            "employees": employees,
            "revenue": revenue,
            "health": health,
            "trend_idx": trend_idx,
            "growth": growth,
            "first_year": np.minimum(np.maximum(founded, since_year - 2), last_year),
        },
        last_year,
        locale,
    )
    credit = _credit_score(rng, employees, years, health, trend_idx)
    terms = np.array(TERMS_BY_SIZE_BAND)[_size_band_index(employees)]
    longer = rng.random(n_accounts) < parameters.EXTRA_TERMS_SHARE[locale.code]
    terms = np.where(longer, terms + EXTRA_TERMS_DAYS, terms)
    # what the account buys from Xudong, and a credit limit sized to what it owes at once
    monthly_spend = revenue * SPEND_SHARE / 12 * np.exp(rng.normal(0, 0.5, n_accounts))
    limit = (
        np.ceil(
            monthly_spend
            * (terms / 30 + 1)
            * LIMIT_HEADROOM
            * np.exp(0.15 * credit + rng.normal(0, 0.1, n_accounts))
            / 1000
        )
        * 1000
    )
    managers = pools.sample_people(rng, 8, locale)["name"].to_numpy()
    accounts = pd.DataFrame(
        {
            "account_id": np.arange(1, n_accounts + 1, dtype=np.int64),
            "company_name": company,
            "industry": industry,
            "size_band": _size_band(employees),
            "employees": employees,
            "annual_revenue": revenue,
            "founded_year": founded,
            "province": regions["province"].to_numpy()[where],
            "city": regions["city"].to_numpy()[where],
            "credit_terms_days": terms.astype(np.int64),
            "credit_limit": limit,
            "account_since": timeline.day_stamps()[since_day],
            "account_manager": rng.choice(managers, size=n_accounts),
        }
    )
    hidden = {
        "company": company,
        "domain": _domain(stems, locale),
        "area_code": regions["area_code"].to_numpy()[where],
        "employees": employees,
        "revenue": revenue,
        "since_day": since_day,
        "credit": credit,
        "terms": terms,
        "monthly_spend": monthly_spend,
        "growth": growth,
        "monthly_billing": rng.random(n_accounts) < parameters.MONTHLY_BILLING_SHARE,
        "health": health,
        "trend_idx": trend_idx,
    }
    return accounts, statements, hidden


def _contacts(
    rng: np.random.Generator, hidden: dict[str, np.ndarray], locale: GeneratorLocale
) -> pd.DataFrame:
    """One to four people per account; the first is the primary contact."""
    n_accounts = len(hidden["company"])
    per_account = 1 + rng.binomial(3, 0.45, size=n_accounts)
    account = np.repeat(np.arange(n_accounts), per_account)
    people = pools.sample_people(rng, len(account), locale)
    first = np.concatenate([[0], np.cumsum(per_account)[:-1]])
    rank = np.arange(len(account)) - first[account]
    role = ROLES[rng.integers(0, len(ROLES), size=len(account))]
    # the primary contact: the owner of a micro company, else the purchasing manager
    micro = hidden["employees"][account] < vocabularies.SIZE_BAND_LIMITS[0]
    role = np.where(rank == 0, np.where(micro, "owner", "purchasing_manager"), role)
    phone = pools.phones(rng, hidden["area_code"][account], locale)
    domain = hidden["domain"][account]
    local = np.char.add(
        np.char.add(pools.latin(people["given_name"].to_numpy(), locale), "."),
        pools.latin(people["surname"].to_numpy(), locale),
    )
    return pd.DataFrame(
        {
            "contact_id": np.arange(1, len(account) + 1, dtype=np.int64),
            "account_id": account + 1,
            "name": people["name"].to_numpy(),
            "role": role,
            "phone": phone,
            "email": np.char.add(np.char.add(local, "@"), domain),
            "is_primary": rank == 0,
        }
    )


def make_business(
    rng: np.random.Generator,
    n_accounts: int,
    locale: GeneratorLocale,
    timeline: Timeline,
) -> dict[str, pd.DataFrame]:
    """Accounts, contacts, statements, invoices, opportunities and the credit truth.

    Parameters
    ----------
    rng : numpy.random.Generator
        The business stream.
    n_accounts : int
        Number of business accounts.
    locale : GeneratorLocale
    timeline : Timeline

    Returns
    -------
    dict of pandas.DataFrame
        ``accounts, contacts, account_financials, invoices, opportunities`` and
        ``credit`` (truth).

    Examples
    --------
    >>> from labkit.world.generator.locales import ZH_CN
    >>> timeline = Timeline.make(pd.Timestamp("2025-12-31"), ZH_CN)
    >>> made = make_business(np.random.default_rng(0), 30, ZH_CN, timeline)
    >>> bool((made["accounts"]["founded_year"]
    ...       < made["accounts"]["account_since"].dt.year).all())
    True
    """
    accounts, statements, hidden = _accounts(rng, n_accounts, locale, timeline)
    contacts = _contacts(rng, hidden, locale)
    invoices = billing.invoices(rng, hidden, timeline, locale)
    opportunities = pipeline.opportunities(rng, hidden, timeline)
    credit = hidden["credit"]
    truth = pd.DataFrame(
        {
            "account_id": accounts["account_id"].to_numpy(),
            "credit_score": np.round(credit, 4),
            "default_probability": np.round(default_probability(credit), 4),
            "financial_health": np.round(hidden["health"], 4),
            "financial_trend": np.array(vocabularies.FINANCIAL_TRENDS)[hidden["trend_idx"]],
        }
    )
    return {
        "accounts": accounts,
        "contacts": contacts,
        "account_financials": statements,
        "invoices": invoices,
        "opportunities": opportunities,
        "credit": truth,
    }
