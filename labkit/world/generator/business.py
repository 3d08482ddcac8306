"""Business accounts (B2B): companies, their people, invoices and the pipeline.

Each account has a latent credit quality (higher is better) that grows with
size and age and drives late payment and default: the planted truth behind
the credit-status analysis of chapter 06.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import pools
from .locales import GeneratorLocale
from .timeline import Timeline

#: Industries (a NumPy array of :data:`labkit.vocabularies.INDUSTRIES`).
INDUSTRIES = np.array(vocabularies.INDUSTRIES)
#: Contact roles (a NumPy array of :data:`labkit.vocabularies.CONTACT_ROLES`).
ROLES = np.array(vocabularies.CONTACT_ROLES)
#: Stages of open opportunities (:data:`labkit.vocabularies.OPEN_STAGES`).
STAGES = vocabularies.OPEN_STAGES
#: Probability of each open stage; follows STAGES.
OPEN_STAGE_P = [0.35, 0.3, 0.2, 0.15]
#: Payment terms in days by size band (follows :data:`labkit.vocabularies.SIZE_BANDS`).
TERMS_BY_SIZE_BAND = (30, 30, 45, 60)


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


def _company_stem(company: str, locale: GeneratorLocale) -> str:
    """The part of a company name its web domain is made from."""
    if locale.script == "han":
        return company[:2]
    return company.replace(",", " ").split()[0]


def _domain(company: np.ndarray, locale: GeneratorLocale) -> np.ndarray:
    """A web domain for each company: ``huawei.com.cn``, ``acme.com``."""
    stems = np.array([_company_stem(name, locale) for name in company])
    return np.char.add(pools.latin(stems, locale), locale.company_domain_suffix)


def _with_city(company: np.ndarray, city: np.ndarray, locale: GeneratorLocale) -> np.ndarray:
    """Company names told apart by their city: ``杭州华为``, ``Acme of Boston``."""
    if locale.script == "han":
        return np.char.add(city, company)
    return np.char.add(np.char.add(company, " of "), city)


def _accounts(
    rng: np.random.Generator,
    n_accounts: int,
    locale: GeneratorLocale,
    timeline: Timeline,
    faker_seed: int,
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The accounts table and the hidden facts the other tables need."""
    pool = pools.faker_pool(locale, faker_seed, "companies")
    company = rng.choice(pool, size=n_accounts, replace=n_accounts > len(pool))
    regions = pools.regions(locale.code)
    where = rng.choice(len(regions), size=n_accounts, p=regions["weight"].to_numpy())
    if n_accounts > len(pool):  # big worlds: tell namesakes apart by their city
        namesake = pd.Series(company).duplicated().to_numpy()
        city = regions["city_short"].to_numpy()[where]
        company = np.where(namesake, _with_city(company, city, locale), company)
    employees = np.maximum(1, np.round(np.exp(rng.normal(3.2, 1.3, size=n_accounts))))
    employees = employees.astype(np.int64)
    revenue = np.round(
        employees * locale.revenue_per_employee * np.exp(rng.normal(0, 0.45, size=n_accounts)), -3
    )
    years = rng.integers(1, 26, size=n_accounts)  # in business, shown as founded_year
    since_day = np.maximum(
        0, timeline.as_of_idx - (rng.uniform(0.1, 1.0, n_accounts) * 4 * 365)
    ).astype(int)
    credit = 0.35 * (np.log(employees) - 3.2) + 0.05 * (years - 13) + rng.normal(0, 1.0, n_accounts)
    terms = np.array(TERMS_BY_SIZE_BAND)[_size_band_index(employees)]
    terms = np.where(rng.random(n_accounts) < 0.2, terms + 15, terms)
    limit = np.round(revenue * 0.01 * np.exp(0.3 * credit), -3)
    managers = pools.sample_people(rng, 8, locale)["name"].to_numpy()
    accounts = pd.DataFrame(
        {
            "account_id": np.arange(1, n_accounts + 1, dtype=np.int64),
            "company_name": company,
            "industry": rng.choice(INDUSTRIES, size=n_accounts),
            "size_band": _size_band(employees),
            "employees": employees,
            "annual_revenue": revenue,
            "founded_year": (timeline.as_of.year - years).astype(np.int64),
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
        "area_code": regions["area_code"].to_numpy()[where],
        "employees": employees,
        "revenue": revenue,
        "since_day": since_day,
        "credit": credit,
        "terms": terms,
    }
    return accounts, hidden


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
    domain = _domain(hidden["company"], locale)[account]
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


def default_probability(credit: np.ndarray) -> np.ndarray:
    """The chance that an invoice of an account with this credit score is never paid.

    Examples
    --------
    >>> default_probability(np.array([0.0])).round(4).tolist()
    [0.0148]
    """
    return 1 / (1 + np.exp(4.2 + 1.6 * credit))


def _invoices(
    rng: np.random.Generator, hidden: dict[str, np.ndarray], timeline: Timeline
) -> pd.DataFrame:
    """Roughly monthly invoices over the last two years; weak credit pays late or never."""
    open_, overdue, paid, paid_late = vocabularies.INVOICE_STATUSES
    employees, since_day = hidden["employees"], hidden["since_day"]
    start = np.maximum(since_day, timeline.as_of_idx - 2 * 365)
    months = (timeline.as_of_idx - start) / 30.4
    per_account = rng.poisson(
        np.maximum(months, 0) * np.clip(0.4 + 0.15 * np.log(employees), 0.3, 1.5)
    )
    account = np.repeat(np.arange(len(employees)), per_account)
    n = len(account)
    issue_day = rng.integers(start[account], timeline.as_of_idx + 1)
    issued = timeline.day_stamps()[issue_day]
    amount = np.round(hidden["revenue"][account] * 0.002 * np.exp(rng.normal(0, 0.6, n)), 2)
    due = issued + (hidden["terms"][account] * 86400).astype("timedelta64[s]")
    credit = hidden["credit"][account]
    default = rng.random(n) < default_probability(credit)
    days_late = np.maximum(0, rng.normal(2 - 14 * credit, 10)).astype(np.int64)
    days_early = rng.integers(0, 10, n)
    pay_days = np.where(days_late > 0, days_late, -days_early)
    paid_at = due + (pay_days * 86400 + rng.integers(9, 18, n) * 3600).astype("timedelta64[s]")
    unpaid = default | (paid_at >= timeline.as_of_end)
    status = np.where(
        unpaid,
        np.where(due < timeline.as_of_end, overdue, open_),
        np.where(paid_at > due + np.timedelta64(86399, "s"), paid_late, paid),
    )
    invoices = (
        pd.DataFrame(
            {
                "account_idx": account,
                "issued_at": issued,
                "due_date": due,
                "amount": amount,
                "paid_at": np.where(unpaid, np.datetime64("NaT"), paid_at).astype("datetime64[s]"),
                "status": status,
            }
        )
        .sort_values("issued_at", kind="stable")
        .reset_index(drop=True)
    )
    invoices.insert(0, "invoice_id", np.arange(1, len(invoices) + 1, dtype=np.int64))
    invoices.insert(1, "account_id", invoices.pop("account_idx") + 1)
    return invoices


def _opportunities(
    rng: np.random.Generator, hidden: dict[str, np.ndarray], timeline: Timeline
) -> pd.DataFrame:
    """The sales pipeline: old deals are closed, won more often by creditworthy accounts."""
    won_stage, lost_stage = vocabularies.CLOSED_STAGES
    employees, since_day, credit = hidden["employees"], hidden["since_day"], hidden["credit"]
    per_account = 1 + rng.poisson(2.0, size=len(employees))
    account = np.repeat(np.arange(len(employees)), per_account)
    n = len(account)
    created_day = rng.integers(np.maximum(since_day[account] - 60, 0), timeline.as_of_idx + 1)
    created = timeline.day_stamps()[created_day]
    age = timeline.as_of_idx - created_day
    closed = rng.random(n) < np.clip(age / 120, 0, 0.95)
    win_p = 1 / (
        1 + np.exp(-(0.2 + 0.5 * credit[account] + 0.2 * (np.log(employees[account]) - 3)))
    )
    won = closed & (rng.random(n) < win_p)
    open_stage = np.array(STAGES)[rng.choice(len(STAGES), size=n, p=OPEN_STAGE_P)]
    stage = np.where(closed, np.where(won, won_stage, lost_stage), open_stage)
    close_after = (rng.uniform(20, 110, n) * 86400).astype(np.int64).astype("timedelta64[s]")
    closed_at = np.where(
        closed,
        np.minimum(created + close_after, timeline.as_of_end - np.timedelta64(1, "s")),
        np.datetime64("NaT"),
    ).astype("datetime64[s]")
    expected = created + (rng.uniform(30, 120, n) * 86400).astype(np.int64).astype("timedelta64[s]")
    return pd.DataFrame(
        {
            "opportunity_id": np.arange(1, n + 1, dtype=np.int64),
            "account_id": account + 1,
            "created_at": created,
            "stage": stage,
            "amount": np.round(
                hidden["revenue"][account] * 0.01 * np.exp(rng.normal(0, 0.7, n)), -2
            ),
            "expected_close": expected.astype("datetime64[D]").astype("datetime64[s]"),
            "closed_at": closed_at,
        }
    )


def make_business(
    rng: np.random.Generator,
    n_accounts: int,
    locale: GeneratorLocale,
    timeline: Timeline,
    faker_seed: int,
) -> dict[str, pd.DataFrame]:
    """Accounts, contacts, invoices, opportunities and the credit truth.

    Parameters
    ----------
    rng : numpy.random.Generator
        The business stream.
    n_accounts : int
        Number of business accounts.
    locale : GeneratorLocale
    timeline : Timeline
    faker_seed : int
        Seeds the Faker pool of company names.

    Returns
    -------
    dict of pandas.DataFrame
        ``accounts, contacts, invoices, opportunities`` and ``credit`` (truth).
    """
    accounts, hidden = _accounts(rng, n_accounts, locale, timeline, faker_seed)
    contacts = _contacts(rng, hidden, locale)
    invoices = _invoices(rng, hidden, timeline)
    opportunities = _opportunities(rng, hidden, timeline)
    credit = hidden["credit"]
    truth = pd.DataFrame(
        {
            "account_id": accounts["account_id"].to_numpy(),
            "credit_score": np.round(credit, 4),
            "default_probability": np.round(default_probability(credit), 4),
        }
    )
    return {
        "accounts": accounts,
        "contacts": contacts,
        "invoices": invoices,
        "opportunities": opportunities,
        "credit": truth,
    }
