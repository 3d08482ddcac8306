"""Business accounts (B2B): companies, their people, invoices and the pipeline.

Each account has a latent credit quality (higher is better) that grows with
size and age and drives late payment and default: the planted truth behind
the credit-status analysis of chapter 06.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import pools
from .consumers import Timeline

INDUSTRIES = np.array(
    [
        "retail",
        "manufacturing",
        "hospitality",
        "education",
        "healthcare",
        "logistics",
        "it_services",
        "construction",
    ]
)
ROLES = np.array(["owner", "purchasing_manager", "finance", "operations", "admin"])
STAGES = ["prospecting", "qualification", "proposal", "negotiation"]


def _size_band(emp: np.ndarray) -> np.ndarray:
    return np.select([emp < 10, emp < 50, emp < 250], ["micro", "small", "medium"], "large")


def _domain(company: np.ndarray, locale: str) -> np.ndarray:
    if locale == "zh_CN":
        short = np.array([c[:2] for c in company])
        return np.char.add(pools.latin(short, locale), ".com.cn")
    first = np.array([c.replace(",", " ").split()[0] for c in company])
    return np.char.add(pools.latin(first, locale), ".com")


def make_business(
    rng: np.random.Generator,
    n_accounts: int,
    locale: str,
    tl: Timeline,
    faker_seed: int,
) -> dict[str, pd.DataFrame]:
    """accounts, contacts, invoices, opportunities and the credit truth."""
    pool = pools.faker_pool(locale, faker_seed, "companies")
    company = rng.choice(pool, size=n_accounts, replace=n_accounts > len(pool))
    reg = pools.regions(locale)
    where = rng.choice(len(reg), size=n_accounts, p=reg["weight"].to_numpy())
    if n_accounts > len(pool):  # big worlds: tell namesakes apart by their city
        again = pd.Series(company).duplicated().to_numpy()
        city = reg["city_short"].to_numpy()[where]
        company = np.where(
            again,
            np.char.add(city, company)
            if locale == "zh_CN"
            else np.char.add(np.char.add(company, " of "), city),
            company,
        )
    emp = np.maximum(1, np.round(np.exp(rng.normal(3.2, 1.3, size=n_accounts)))).astype(np.int64)
    per_head = 1.2e6 if locale == "zh_CN" else 1.8e5
    revenue = np.round(emp * per_head * np.exp(rng.normal(0, 0.45, size=n_accounts)), -3)
    years = rng.integers(1, 26, size=n_accounts)  # in business, shown as founded_year
    since_day = np.maximum(0, tl.as_of_idx - (rng.uniform(0.1, 1.0, n_accounts) * 4 * 365)).astype(
        int
    )
    credit = 0.35 * (np.log(emp) - 3.2) + 0.05 * (years - 13) + rng.normal(0, 1.0, n_accounts)
    terms = np.select([emp < 10, emp < 50, emp < 250], [30, 30, 45], 60)
    terms = np.where(rng.random(n_accounts) < 0.2, terms + 15, terms)
    limit = np.round(revenue * 0.01 * np.exp(0.3 * credit), -3)
    managers = pools.sample_people(rng, 8, locale)["name"].to_numpy()
    accounts = pd.DataFrame(
        {
            "account_id": np.arange(1, n_accounts + 1, dtype=np.int64),
            "company_name": company,
            "industry": rng.choice(INDUSTRIES, size=n_accounts),
            "size_band": _size_band(emp),
            "employees": emp,
            "annual_revenue": revenue,
            "founded_year": (tl.as_of.year - years).astype(np.int64),
            "province": reg["province"].to_numpy()[where],
            "city": reg["city"].to_numpy()[where],
            "credit_terms_days": terms.astype(np.int64),
            "credit_limit": limit,
            "account_since": tl.days.values.astype("datetime64[s]")[since_day],
            "account_manager": rng.choice(managers, size=n_accounts),
        }
    )

    # contacts: 1-4 people per account
    nc = 1 + rng.binomial(3, 0.45, size=n_accounts)
    acc = np.repeat(np.arange(n_accounts), nc)
    people = pools.sample_people(rng, len(acc), locale)
    first = np.concatenate([[0], np.cumsum(nc)[:-1]])
    rank = np.arange(len(acc)) - first[acc]
    role = ROLES[rng.integers(0, len(ROLES), size=len(acc))]
    role = np.where(rank == 0, np.where(emp[acc] < 10, "owner", "purchasing_manager"), role)
    phone = pools.phones(rng, reg["area_code"].to_numpy()[where][acc], locale)
    domain = _domain(company, locale)[acc]
    local = np.char.add(
        np.char.add(pools.latin(people["given_name"].to_numpy(), locale), "."),
        pools.latin(people["surname"].to_numpy(), locale),
    )
    contacts = pd.DataFrame(
        {
            "contact_id": np.arange(1, len(acc) + 1, dtype=np.int64),
            "account_id": acc + 1,
            "name": people["name"].to_numpy(),
            "role": role,
            "phone": phone,
            "email": np.char.add(np.char.add(local, "@"), domain),
            "is_primary": rank == 0,
        }
    )

    # invoices: roughly monthly while the account is active
    start = np.maximum(since_day, tl.as_of_idx - 2 * 365)
    months = (tl.as_of_idx - start) / 30.4
    ni = rng.poisson(np.maximum(months, 0) * np.clip(0.4 + 0.15 * np.log(emp), 0.3, 1.5))
    ia = np.repeat(np.arange(n_accounts), ni)
    iday = rng.integers(start[ia], tl.as_of_idx + 1)
    issued = tl.days.values.astype("datetime64[s]")[iday]
    amount = np.round(revenue[ia] * 0.002 * np.exp(rng.normal(0, 0.6, len(ia))), 2)
    due = issued + (terms[ia] * 86400).astype("timedelta64[s]")
    c = credit[ia]
    default = rng.random(len(ia)) < 1 / (1 + np.exp(4.2 + 1.6 * c))
    late = np.maximum(0, rng.normal(2 - 14 * c, 10)).astype(np.int64)
    early = rng.integers(0, 10, len(ia))
    pay_days = np.where(late > 0, late, -early)
    paid = due + (pay_days * 86400 + rng.integers(9, 18, len(ia)) * 3600).astype("timedelta64[s]")
    as_of_end = np.datetime64(tl.as_of + pd.Timedelta(days=1), "s")
    unpaid = default | (paid >= as_of_end)
    status = np.where(
        unpaid,
        np.where(due < as_of_end, "overdue", "open"),
        np.where(paid > due + np.timedelta64(86399, "s"), "paid_late", "paid"),
    )
    invoices = (
        pd.DataFrame(
            {
                "account_idx": ia,
                "issued_at": issued,
                "due_date": due,
                "amount": amount,
                "paid_at": np.where(unpaid, np.datetime64("NaT"), paid).astype("datetime64[s]"),
                "status": status,
            }
        )
        .sort_values("issued_at", kind="stable")
        .reset_index(drop=True)
    )
    invoices.insert(0, "invoice_id", np.arange(1, len(invoices) + 1, dtype=np.int64))
    invoices.insert(1, "account_id", invoices.pop("account_idx") + 1)

    # opportunities: the sales pipeline
    no = 1 + rng.poisson(2.0, size=n_accounts)
    oa = np.repeat(np.arange(n_accounts), no)
    oday = rng.integers(np.maximum(since_day[oa] - 60, 0), tl.as_of_idx + 1)
    created = tl.days.values.astype("datetime64[s]")[oday]
    age = tl.as_of_idx - oday
    closed_p = np.clip(age / 120, 0, 0.95)
    closed = rng.random(len(oa)) < closed_p
    win_p = 1 / (1 + np.exp(-(0.2 + 0.5 * credit[oa] + 0.2 * (np.log(emp[oa]) - 3))))
    won = closed & (rng.random(len(oa)) < win_p)
    open_stage = np.array(STAGES)[rng.choice(4, size=len(oa), p=[0.35, 0.3, 0.2, 0.15])]
    stage = np.where(closed, np.where(won, "won", "lost"), open_stage)
    close_after = (rng.uniform(20, 110, len(oa)) * 86400).astype(np.int64).astype("timedelta64[s]")
    closed_at = np.where(
        closed,
        np.minimum(created + close_after, as_of_end - np.timedelta64(1, "s")),
        np.datetime64("NaT"),
    ).astype("datetime64[s]")
    expected = created + (rng.uniform(30, 120, len(oa)) * 86400).astype(np.int64).astype(
        "timedelta64[s]"
    )
    opps = pd.DataFrame(
        {
            "opportunity_id": np.arange(1, len(oa) + 1, dtype=np.int64),
            "account_id": oa + 1,
            "created_at": created,
            "stage": stage,
            "amount": np.round(revenue[oa] * 0.01 * np.exp(rng.normal(0, 0.7, len(oa))), -2),
            "expected_close": expected.astype("datetime64[D]").astype("datetime64[s]"),
            "closed_at": closed_at,
        }
    )
    truth = pd.DataFrame(
        {
            "account_id": accounts["account_id"].to_numpy(),
            "credit_score": np.round(credit, 4),
            "default_probability": np.round(1 / (1 + np.exp(4.2 + 1.6 * credit)), 4),
        }
    )
    return {
        "accounts": accounts,
        "contacts": contacts,
        "invoices": invoices,
        "opportunities": opps,
        "credit": truth,
    }
