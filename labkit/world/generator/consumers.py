"""Consumers (B2C): who they are, and the hidden traits that drive how they buy.

Each consumer gets latent traits first (segment, wealth, purchase rate,
drop-out probability, favourite category, frailty), then a sign-up day (sign-ups
grow over time) and the descriptive columns of the ``customers`` table, which
hang together with the traits: the wealthy earn more and study longer.
How they buy is in :mod:`labkit.world.generator.orders`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import parameters, pools
from .locales import GeneratorLocale, resolve
from .sampling import choice_by_group, choice_rows, softmax_rows
from .strings import shared
from .timeline import Timeline

__all__ = ["LatentTraits", "Timeline", "make_customers"]

#: Share of consumers who never gave an e-mail address.
NO_EMAIL_SHARE = 0.06
#: Share of consumers who did not disclose their income.
UNDISCLOSED_INCOME_SHARE = 0.09


@dataclass
class LatentTraits:
    """The hidden traits of every consumer (one array element per consumer).

    Attributes
    ----------
    segment : numpy.ndarray
        Index into :data:`~labkit.world.generator.parameters.SEGMENTS`.
    wealth : numpy.ndarray
        Spending power in standard units (segment mean plus noise).
    lam : numpy.ndarray
        Repeat-purchase rate λ, orders per day (BG/NBD).
    p : numpy.ndarray
        Probability of dropping out for good after each repeat purchase (BG/NBD).
    favourite : numpy.ndarray
        Index of the favourite category.
    frailty : numpy.ndarray
        Proneness to service trouble (tickets, complaints), mean 1.
    buyer : numpy.ndarray
        False for the registered consumers who never order.
    signup_day : numpy.ndarray
        Day index of sign-up on the timeline.
    signup_code : numpy.ndarray
        Index into :data:`~labkit.world.generator.parameters.SIGNUP_CHANNELS`.
    z_wealth : numpy.ndarray
        ``wealth`` standardised over the world (mean 0, sd 1).
    max_repeats : numpy.ndarray or None
        Repeat purchases before drop-out; set when the orders are simulated.
    age : numpy.ndarray
        Age in years at ``as_of`` (as the birth date says).
    female : numpy.ndarray
        True for women (the ``gender`` column).
    city_tier : numpy.ndarray
        Tier of the home city, 1 (the largest cities) to 4.
    children : numpy.ndarray
        True when children under 18 live in the household.
    pet : numpy.ndarray
        True when the household keeps a pet.
    renter : numpy.ndarray
        True when the household rents its home (else it owns it).
    """

    segment: np.ndarray
    wealth: np.ndarray
    lam: np.ndarray
    p: np.ndarray
    favourite: np.ndarray
    frailty: np.ndarray
    buyer: np.ndarray
    signup_day: np.ndarray
    signup_code: np.ndarray
    z_wealth: np.ndarray
    max_repeats: np.ndarray | None = None
    age: np.ndarray | None = None
    female: np.ndarray | None = None
    city_tier: np.ndarray | None = None
    children: np.ndarray | None = None
    pet: np.ndarray | None = None
    renter: np.ndarray | None = None

    def __len__(self) -> int:
        """The number of consumers."""
        return len(self.segment)


def _signup_days(rng: np.random.Generator, n: int, timeline: Timeline) -> np.ndarray:
    """Sign-up day indices up to ``as_of``; sign-ups grow by ACQUISITION_GROWTH a year."""
    n_history_days = timeline.as_of_idx + 1
    daily_growth = np.log1p(parameters.ACQUISITION_GROWTH) / 365.0
    density = np.exp(daily_growth * np.arange(n_history_days))
    cdf = np.cumsum(density) / density.sum()
    signup_day = np.searchsorted(cdf, rng.random(n), side="right")
    return np.minimum(signup_day, timeline.as_of_idx)


def _latent_traits(rng: np.random.Generator, n: int, timeline: Timeline) -> dict[str, np.ndarray]:
    """Segment-driven traits and sign-up days, with consumers ordered by sign-up day.

    The sign-up channel and the standardised wealth are added later.
    """
    behaviour = parameters.SEGMENT_BEHAVIOUR
    segment = rng.choice(len(parameters.SEGMENTS), size=n, p=parameters.SEGMENT_SHARE)
    wealth = behaviour["wealth_mean"][segment] + rng.normal(size=n)
    mean_rate = behaviour["orders_per_year"][segment] / 365.0
    shape = behaviour["gamma_shape"][segment]
    lam = rng.gamma(shape, mean_rate / shape)
    p = rng.beta(behaviour["dropout_a"][segment], behaviour["dropout_b"][segment])
    favourite = choice_by_group(rng, segment, behaviour["category_pref"])
    frailty = rng.gamma(2.0, 0.5, size=n)
    buyer = rng.random(n) >= parameters.NEVER_BUY_SHARE
    signup_day = _signup_days(rng, n, timeline)
    by_signup = np.argsort(signup_day, kind="stable")  # customer ids follow signup order
    traits = {
        "segment": segment,
        "wealth": wealth,
        "lam": lam,
        "p": p,
        "favourite": favourite,
        "frailty": frailty,
        "buyer": buyer,
        "signup_day": signup_day,
    }
    return {name: values[by_signup] for name, values in traits.items()}


def _incomes(
    rng: np.random.Generator, wealth_z: np.ndarray, age: np.ndarray, locale: GeneratorLocale
) -> np.ndarray:
    """Yearly incomes that follow wealth (INCOME_WEALTH_RHO) and age; some not disclosed."""
    n = len(wealth_z)
    rho = parameters.INCOME_WEALTH_RHO
    log_income = rho * wealth_z + np.sqrt(1 - rho**2) * rng.normal(size=n)
    log_income += 0.25 * np.clip((age - 45) / 15, -1.5, 1) - 0.25 * (age < 24)
    income = np.round(locale.income_median * np.exp(0.55 * log_income), -2)
    return np.where(rng.random(n) < UNDISCLOSED_INCOME_SHARE, np.nan, income)


def _education(rng: np.random.Generator, wealth_z: np.ndarray) -> np.ndarray:
    """Education levels: the wealthy are more likely to hold higher degrees."""
    logits = np.stack(
        [
            -0.8 * wealth_z,
            0 * wealth_z,
            0.5 * wealth_z + 0.3,
            0.9 * wealth_z - 1.0,
            1.2 * wealth_z - 3.0,
        ],
        axis=1,
    )  # columns follow EDUCATION_LEVELS
    levels = np.array(vocabularies.EDUCATION_LEVELS).astype(object)
    return levels[choice_rows(rng, softmax_rows(logits))]


def _marital_status(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    """Marital status by age: married more with age, some later divorced or widowed."""
    single, married, divorced, widowed = vocabularies.MARITAL_STATUSES
    n = len(age)
    is_married = rng.random(n) < np.clip((age - 22) / 14, 0.05, 0.78)
    status = np.where(is_married, married, single).astype(object)
    status[(age > 45) & (rng.random(n) < 0.10)] = divorced
    status[(age > 65) & (rng.random(n) < 0.18)] = widowed
    return shared(status)


def _household(
    rng: np.random.Generator, age: np.ndarray, married: np.ndarray, city_tier: np.ndarray
) -> dict[str, np.ndarray]:
    """Who lives with whom: children at home, a pet, a rented home.

    Children at home are likeliest for married people of 28-50; pets are kept by
    about a third of households, more with children; renting is commonest among
    the young and in the largest cities.
    """
    n = len(age)
    child_age = np.exp(-(((age - 39.0) / 11.0) ** 2))
    children = rng.random(n) < np.where(married, 0.85, 0.15) * child_age
    pet = rng.random(n) < 0.25 + 0.15 * children
    young = np.clip((40.0 - age) / 20.0, 0.0, 1.0)
    renter = rng.random(n) < np.clip(0.12 + 0.45 * young + 0.08 * (city_tier <= 2), 0, 0.9)
    return {"children": children, "pet": pet, "renter": renter}


def make_customers(
    rng: np.random.Generator,
    n: int,
    locale: GeneratorLocale | str,
    timeline: Timeline,
    faker_seed: int,
) -> tuple[pd.DataFrame, LatentTraits]:
    """The customers table and each customer's latent traits.

    Parameters
    ----------
    rng : numpy.random.Generator
        The customers' random stream.
    n : int
        Number of consumers.
    locale : GeneratorLocale or str
        The locale (or its code).
    timeline : Timeline
        The days of the world.
    faker_seed : int
        Seeds the Faker pools (jobs, streets).

    Returns
    -------
    customers : pandas.DataFrame
    latent : LatentTraits

    Examples
    --------
    >>> timeline = Timeline.make(pd.Timestamp("2025-12-31"), "en_US")
    >>> customers, latent = make_customers(np.random.default_rng(1), 60, "en_US", timeline, 1)
    >>> len(customers), len(latent)
    (60, 60)
    """
    locale = resolve(locale)
    traits = _latent_traits(rng, n, timeline)
    signup_day = traits["signup_day"]

    people = pools.sample_people(rng, n, locale)
    regions = pools.regions(locale.code)
    where = rng.choice(len(regions), size=n, p=regions["weight"].to_numpy())
    age = np.clip(18 + rng.gamma(4.0, 5.2, size=n), 18, 88)
    birth = timeline.as_of - pd.to_timedelta((age * 365.25).astype(np.int64), unit="D")
    birth = birth.normalize()
    phone = pools.phones(rng, regions["area_code"].to_numpy()[where], locale)
    email = pools.emails(
        rng,
        people["surname"].to_numpy(),
        people["given_name"].to_numpy(),
        birth.year.to_numpy(),
        locale,
    )
    email = np.where(rng.random(n) < NO_EMAIL_SHARE, None, email)

    wealth = traits["wealth"]
    wealth_z = (wealth - wealth.mean()) / wealth.std()
    income = _incomes(rng, wealth_z, age, locale)
    education = _education(rng, wealth_z)
    marital = _marital_status(rng, age)
    jobs = pools.faker_pool(locale, faker_seed, "jobs")
    occupation = rng.choice(jobs.astype(object), size=n)
    occupation[age > 64] = locale.retired

    signup_code = choice_by_group(
        rng, traits["segment"], parameters.SEGMENT_BEHAVIOUR["signup_mix"]
    )
    signup_channel = np.array(parameters.SIGNUP_CHANNELS, dtype=object)[signup_code]
    consent = rng.random(n) < np.where(signup_channel == "online", 0.72, 0.55)

    customers = pd.DataFrame(
        {
            "customer_id": np.arange(1, n + 1, dtype=np.int64),
            "name": people["name"].to_numpy(),
            "surname": people["surname"].to_numpy(),
            "given_name": people["given_name"].to_numpy(),
            "gender": people["gender"].to_numpy(),
            "birth_date": birth.values.astype("datetime64[s]"),
            "phone": phone,
            "email": email,
            "province": regions["province"].to_numpy()[where],
            "city": regions["city"].to_numpy()[where],
            "address": pools.addresses(rng, n, locale, faker_seed),
            "postcode": regions["postcode"].to_numpy()[where],
            "income": income,
            "occupation": occupation,
            "education": education,
            "marital_status": marital,
            "signup_date": timeline.day_stamps()[signup_day],
            "signup_channel": signup_channel,
            "marketing_consent": consent,
        }
    )
    # drawn last, so the columns above stay as they were
    city_tier = regions["city_tier"].to_numpy()[where]
    married = marital == vocabularies.MARITAL_STATUSES[1]
    latent = LatentTraits(
        **traits,
        signup_code=signup_code,
        z_wealth=wealth_z,
        age=age,
        female=people["gender"].to_numpy() == "F",
        city_tier=city_tier,
        **_household(rng, age, married, city_tier),
    )
    return customers, latent
