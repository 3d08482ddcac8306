"""Consumers (B2C): who they are, and the hidden traits that drive how they buy.

Each consumer gets latent traits first (segment, wealth, purchase rate,
drop-out probability, favourite category, frailty), then a sign-up day (sign-ups
grow over time) and the descriptive columns of the ``customers`` table: age,
education, family, home city, occupation, income and household, drawn from the
locale's published distributions by :mod:`labkit.world.generator.people`, which
hang together with the traits: the wealthy study longer, live more often in the
richer cities, hold better-paid jobs and earn more. How they buy is in
:mod:`labkit.world.generator.orders`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import parameters, people, pools
from .locales import GeneratorLocale, resolve
from .sampling import choice_by_group
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
        Probability of dropping out for good after each purchase, the first included
        (the modified BG/NBD process of Batislam et al. 2007).
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
        Repeat orders still allowed from the window's start before drop-out; set when
        the orders are simulated.
    age : numpy.ndarray
        Age in years at ``as_of`` (as the birth date says).
    female : numpy.ndarray
        True for women (the ``gender`` column).
    city_tier : numpy.ndarray
        Tier of the home city, 1 (the largest cities) to 4 (the curated ``city_tier`` of
        :func:`labkit.formats.regions.regions`).
    children : numpy.ndarray
        True when children under 18 live in the household.
    pet : numpy.ndarray
        True when the household keeps a pet.
    renter : numpy.ndarray
        True when the household rents its home (else it owns it).
    n_children : numpy.ndarray
        Number of children under 18 at home (0-3; the ``children_at_home`` column).
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
    n_children: np.ndarray | None = None

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
        Seeds the Faker pool of streets.

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
    demography = locale.demography
    traits = _latent_traits(rng, n, timeline)
    signup_day = traits["signup_day"]
    wealth = traits["wealth"]
    wealth_z = (wealth - wealth.mean()) / wealth.std()

    age = people.ages(rng, traits["segment"], demography)
    names = pools.sample_people(rng, n, locale, female_share=demography.female_share)
    female = names["gender"].to_numpy() == vocabularies.GENDERS[0]
    birth = timeline.as_of - pd.to_timedelta((age * 365.25).astype(np.int64), unit="D")
    birth = birth.normalize()
    education, studying = people.educations(rng, age, wealth_z, demography)
    marital = people.marital_statuses(rng, age, female, demography)
    married = marital == vocabularies.MARITAL_STATUSES[1]

    regions = pools.regions(locale.code)
    where = people.home_cities(rng, regions, wealth_z)
    city_tier = regions["city_tier"].to_numpy()[where].astype(np.int64)
    log_index = np.log(regions["income_index"].to_numpy()[where])
    career = people.careers(rng, age, female, education, wealth_z, city_tier, demography)
    is_retired = people.retired(rng, age, female, career, birth, demography)
    occupation = people.occupations(career, studying, is_retired)
    income = people.incomes(
        rng,
        occupation,
        education,
        age,
        female,
        wealth_z,
        log_index - np.median(log_index),
        locale.income_median,
        demography,
    )
    income = np.where(rng.random(n) < UNDISCLOSED_INCOME_SHARE, np.nan, np.round(income, -2))
    children = people.children_at_home(rng, age, female, married, demography)
    renter = people.renters(rng, age, married, wealth_z, city_tier, demography)
    pet = people.pets(rng, age, female, children, renter, wealth_z, demography)

    phone = pools.phones(rng, regions["area_code"].to_numpy()[where], locale)
    email = pools.emails(
        rng,
        names["surname"].to_numpy(),
        names["given_name"].to_numpy(),
        birth.year.to_numpy(),
        locale,
    )
    email = np.where(rng.random(n) < NO_EMAIL_SHARE, None, email)

    signup_code = choice_by_group(
        rng, traits["segment"], parameters.SEGMENT_BEHAVIOUR["signup_mix"]
    )
    signup_channel = np.array(parameters.SIGNUP_CHANNELS, dtype=object)[signup_code]
    consent = rng.random(n) < np.where(signup_channel == "online", 0.72, 0.55)
    housing = np.array(vocabularies.HOUSING, dtype=object)[renter.astype(np.int64)]

    customers = pd.DataFrame(
        {
            "customer_id": np.arange(1, n + 1, dtype=np.int64),
            "name": names["name"].to_numpy(),
            "surname": names["surname"].to_numpy(),
            "given_name": names["given_name"].to_numpy(),
            "gender": names["gender"].to_numpy(),
            "birth_date": birth.values.astype("datetime64[s]"),
            "phone": phone,
            "email": email,
            "province": regions["province"].to_numpy()[where],
            "city": regions["city"].to_numpy()[where],
            "address": pools.addresses(rng, n, locale, faker_seed),
            "postcode": regions["postcode"].to_numpy()[where],
            "income": income,
            "occupation": shared(occupation),
            "education": shared(np.array(vocabularies.EDUCATION_LEVELS, dtype=object)[education]),
            "marital_status": shared(marital),
            "children_at_home": children,
            "housing": shared(housing),
            "pet_owner": pet,
            "signup_date": timeline.day_stamps()[signup_day],
            "signup_channel": signup_channel,
            "marketing_consent": consent,
        }
    )
    latent = LatentTraits(
        **traits,
        signup_code=signup_code,
        z_wealth=wealth_z,
        age=age,
        female=female,
        city_tier=city_tier,
        children=children > 0,
        pet=pet,
        renter=renter,
        n_children=children,
    )
    return customers, latent
