"""The people behind the customer file: age, education, family, work, income, home.

Every draw follows the locale's published distributions
(:mod:`labkit.world.generator.demography`) and hangs together with the hidden
wealth of :mod:`labkit.world.generator.consumers`: the wealthy study longer, live
more often in the richer cities, hold better-paid jobs and earn more. In order:

1. age, from the locale's age bands (segments differ a little: browsers are younger);
2. final education, by age cohort and wealth; the young still studying are students;
3. marital status, by age and gender;
4. the home city, by population, tier and wealth;
5. occupation: a career chosen by education, gender, age, wealth and city tier,
   replaced by ``retired`` past the retirement age (statutory ages by gender in zh_CN);
6. income, from occupation, education, age (peaking at 45-50), gender (a pay gap),
   the city's income index and wealth;
7. household: children at home, renting, a pet.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit, ndtr

from labkit import vocabularies

from . import parameters
from .demography import AGE_BANDS, CAREERS, MAX_AGE, Demography

__all__ = [
    "ages",
    "careers",
    "children_at_home",
    "educations",
    "home_cities",
    "incomes",
    "marital_statuses",
    "occupations",
    "pets",
    "renters",
    "retired",
    "statutory_retirement_age",
]

_OCCUPATION_INDEX = {name: i for i, name in enumerate(vocabularies.OCCUPATIONS)}
#: Occupations whose women retire at 55 in zh_CN (cadres, 干部); other women at 50.
_CADRES = ("civil_servant", "manager", "professional", "office_worker")
#: The level a student has completed while studying for each final level.
_COMPLETED_WHILE_STUDYING = np.array([0, 0, 1, 1, 3, 4])


def _quantiles(rng: np.random.Generator, signal: np.ndarray, weight: float) -> np.ndarray:
    """Uniform(0, 1) draws that rise with ``signal`` (standardised), Gaussian copula."""
    latent = weight * signal + np.sqrt(1.0 - weight**2) * rng.normal(size=len(signal))
    return ndtr(latent)


def ages(rng: np.random.Generator, segment: np.ndarray, demography: Demography) -> np.ndarray:
    """Ages in years (18 to under 90) from the locale's age bands, shifted by segment.

    Examples
    --------
    >>> from labkit.world.generator.demography import DEMOGRAPHY
    >>> age = ages(np.random.default_rng(0), np.zeros(1000, int), DEMOGRAPHY["en_US"])
    >>> bool(age.min() >= 18 and age.max() < 90)
    True
    """
    shift = parameters.SEGMENT_AGE_SHIFT[segment]
    spread = np.sqrt(1.0 - float(np.mean(parameters.SEGMENT_AGE_SHIFT**2)))
    u = ndtr(shift + spread * rng.normal(size=len(segment)))
    edges = np.array([*AGE_BANDS, MAX_AGE + 1], dtype=float)
    cdf = np.concatenate([[0.0], np.cumsum(demography.age_shares)])
    cdf /= cdf[-1]
    return np.interp(u, cdf, edges).clip(18.0, MAX_AGE + 0.99)


def _band(age: np.ndarray) -> np.ndarray:
    """Index of each age's band in :data:`AGE_BANDS`."""
    return np.searchsorted(np.array(AGE_BANDS), age, side="right") - 1


def educations(
    rng: np.random.Generator, age: np.ndarray, wealth_z: np.ndarray, demography: Demography
) -> tuple[np.ndarray, np.ndarray]:
    """Highest completed education level (index) and whether still studying.

    The final level comes from the age cohort's distribution, higher for the
    wealthy; those younger than the age that level is completed by are students,
    with the level below it completed.

    Examples
    --------
    >>> from labkit.world.generator.demography import DEMOGRAPHY
    >>> level, student = educations(np.random.default_rng(0), np.array([19.0, 50.0]),
    ...                             np.array([3.0, 0.0]), DEMOGRAPHY["zh_CN"])
    >>> bool(student[0]), bool(student[1])
    (True, False)
    """
    u = _quantiles(rng, wealth_z, parameters.EDUCATION_WEALTH_WEIGHT)
    cumulative = np.cumsum(np.array(demography.education_by_age), axis=1)[_band(age)]
    final = (u[:, None] > cumulative[:, :-1]).sum(axis=1)
    studying = age < np.array(demography.study_until)[final]
    completed = np.where(studying, _COMPLETED_WHILE_STUDYING[final], final)
    return completed, studying


def marital_statuses(
    rng: np.random.Generator, age: np.ndarray, female: np.ndarray, demography: Demography
) -> np.ndarray:
    """Marital status of :data:`labkit.vocabularies.MARITAL_STATUSES` by age and gender.

    Marriage follows a logistic curve around the median age at first marriage;
    the married may later be divorced (from 25, fully at 45) or widowed (from 50,
    women more than men, who die younger and marry younger wives).

    Examples
    --------
    >>> from labkit.world.generator.demography import DEMOGRAPHY
    >>> status = marital_statuses(np.random.default_rng(0), np.full(3, 20.0),
    ...                           np.ones(3, bool), DEMOGRAPHY["zh_CN"])
    >>> status.dtype.kind
    'O'
    """
    single, married, divorced, widowed = vocabularies.MARITAL_STATUSES
    n = len(age)
    women_age, men_age = demography.first_marriage_age
    centre = np.where(female, women_age, men_age)
    ever = rng.random(n) < demography.ever_married * expit((age - centre) / 2.5)
    widow = np.clip((age - 50.0) / 40.0, 0.0, 1.0) ** 2 * np.where(female, 0.8, 0.3)
    is_widowed = ever & (rng.random(n) < widow)
    split = demography.divorced * np.clip((age - 25.0) / 20.0, 0.0, 1.0)
    is_divorced = ever & ~is_widowed & (rng.random(n) < split)
    status = np.full(n, single, dtype=object)
    status[ever] = married
    status[is_divorced] = divorced
    status[is_widowed] = widowed
    return status


def home_cities(
    rng: np.random.Generator, regions: pd.DataFrame, wealth_z: np.ndarray
) -> np.ndarray:
    """Row index into ``regions`` of each customer's home city.

    Cities are drawn by population weight times TIER_CUSTOMER_BOOST (the retailer
    has more customers in large cities) times ``income_index`` ** (SORTING × wealth):
    the wealthy live more often where incomes are high. Customers are drawn in
    twenty wealth groups.

    Examples
    --------
    >>> from labkit.formats.regions import regions
    >>> where = home_cities(np.random.default_rng(0), regions("en_US"), np.zeros(5))
    >>> where.shape
    (5,)
    """
    n = len(wealth_z)
    boost = np.array(parameters.TIER_CUSTOMER_BOOST)[regions["city_tier"].to_numpy() - 1]
    base = regions["weight"].to_numpy() * boost
    log_index = np.log(regions["income_index"].to_numpy())
    log_index -= np.average(log_index, weights=base)
    group = np.minimum((ndtr(wealth_z) * 20).astype(np.int64), 19)
    where = np.empty(n, dtype=np.int64)
    for g in range(20):
        members = np.flatnonzero(group == g)
        if len(members) == 0:
            continue
        centre_z = float(np.mean(wealth_z[members]))
        weights = base * np.exp(parameters.REGION_WEALTH_SORTING * centre_z * log_index)
        where[members] = rng.choice(len(base), size=len(members), p=weights / weights.sum())
    return where


def careers(
    rng: np.random.Generator,
    age: np.ndarray,
    female: np.ndarray,
    education: np.ndarray,
    wealth_z: np.ndarray,
    city_tier: np.ndarray,
    demography: Demography,
) -> np.ndarray:
    """The occupation of working life (one of :data:`CAREERS`) of each person.

    A multinomial logit: the locale's shares, shifted by education (managers and
    professionals study longer, farmers and workers less), gender (homemakers are
    mostly women, production workers mostly men), wealth, age and city tier
    (farmers live in the small cities' countryside).

    Examples
    --------
    >>> from labkit.world.generator.demography import DEMOGRAPHY
    >>> job = careers(np.random.default_rng(0), np.array([40.0]), np.array([True]),
    ...               np.array([3]), np.array([0.0]), np.array([1]), DEMOGRAPHY["en_US"])
    >>> job[0] in CAREERS
    True
    """
    effects = parameters.CAREER_EFFECTS
    level = education - 1.5
    logits = np.log(np.array(demography.career_shares))[None, :] + (
        np.outer(level, effects["education"])
        + np.outer(female, effects["female"])
        + np.outer(wealth_z, effects["wealth"])
        + np.outer(np.clip((age - 40.0) / 15.0, -1.0, 1.5), effects["age"])
        + np.outer(city_tier <= 2, effects["large_city"])
    )
    probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    cumulative = probabilities.cumsum(axis=1)
    pick = (rng.random(len(age))[:, None] > cumulative[:, :-1]).sum(axis=1)
    return np.array(CAREERS, dtype=object)[pick]


def statutory_retirement_age(
    birth: pd.DatetimeIndex, female: np.ndarray, cadre: np.ndarray
) -> np.ndarray:
    """China's statutory retirement age in years, by birth date, gender and job.

    Men retire at 60, women cadres (干部) at 55 and other women at 50 (State
    Council 1978, 国发〔1978〕104号). From 1 January 2025 the NPC Standing
    Committee's Decision on gradually raising the statutory retirement age
    delays it: for men and for women retiring at 55, by one month for every four
    months that their old retirement date falls after January 2025 (up to 63 and
    58); for women retiring at 50, by one month every two months (up to 55).

    Examples
    --------
    >>> birth = pd.DatetimeIndex(["1960-06-01", "1965-01-15", "1990-01-01"])
    >>> statutory_retirement_age(birth, np.array([False] * 3), np.array([True] * 3)).round(3)
    array([60.   , 60.083, 63.   ])
    """
    base = np.where(female, np.where(cadre, 55, 50), 60)
    old_month = (birth.year.to_numpy() + base - 2025) * 12 + birth.month.to_numpy() - 1
    step = np.where(female & ~cadre, 2, 4)
    cap = np.where(female & ~cadre, 60, 36)
    delay = np.where(old_month >= 0, np.minimum(old_month // step + 1, cap), 0)
    return base + delay / 12.0


def retired(
    rng: np.random.Generator,
    age: np.ndarray,
    female: np.ndarray,
    career: np.ndarray,
    birth: pd.DatetimeIndex,
    demography: Demography,
) -> np.ndarray:
    """Whether each person has retired.

    ``cn_statutory``: employees retire at :func:`statutory_retirement_age` (a few up
    to five years early); the self-employed, farmers and homemakers, who have no
    employer, retire later and not all of them. ``us_gradual``: retirement is
    spread over the sixties, P = 1 / (1 + exp(-(age - 65) / 2.5)), so most retire
    between 62 and 67 (BLS labour-force participation: about 55 % at 60-64, 19 %
    at 65 and over).

    Examples
    --------
    >>> from labkit.world.generator.demography import DEMOGRAPHY
    >>> birth = pd.DatetimeIndex(["1950-01-01", "1995-01-01"])
    >>> retired(np.random.default_rng(0), np.array([75.0, 30.0]), np.array([True, True]),
    ...         np.array(["office_worker"] * 2, dtype=object), birth, DEMOGRAPHY["zh_CN"])
    array([ True, False])
    """
    n = len(age)
    draw = rng.random(n)
    if demography.retirement == "us_gradual":
        chance = expit((age - 65.0) / 2.5)
        return draw < np.where(career == "homemaker", 0.6 * chance, chance)
    statutory = statutory_retirement_age(birth, female, np.isin(career, _CADRES))
    past = age - statutory
    employee = ~np.isin(career, ("self_employed", "farmer", "homemaker"))
    chance = np.where(
        employee,
        np.where(past >= 0, 0.97, np.where(past >= -5, 0.06, 0.0)),
        np.clip((age - 58.0) / 15.0, 0.0, 0.85) * np.where(career == "farmer", 0.6, 1.0),
    )
    return draw < chance


def occupations(career: np.ndarray, studying: np.ndarray, is_retired: np.ndarray) -> np.ndarray:
    """The occupation column: students, the retired, or the career.

    Examples
    --------
    >>> occupations(np.array(["manager", "farmer"], dtype=object), np.array([True, False]),
    ...             np.array([False, True])).tolist()
    ['student', 'retired']
    """
    return np.where(studying, "student", np.where(is_retired, "retired", career)).astype(object)


def incomes(
    rng: np.random.Generator,
    occupation: np.ndarray,
    education: np.ndarray,
    age: np.ndarray,
    female: np.ndarray,
    wealth_z: np.ndarray,
    log_index: np.ndarray,
    median: float,
    demography: Demography,
) -> np.ndarray:
    """Yearly personal incomes (before rounding and non-disclosure).

    log income = log(median) + log(occupation factor) + education premium × (level
    - 1.5) + age profile (workers only: -AGE_CURVE × (age - INCOME_PEAK_AGE)²)
    + log(gender pay) for women + the city's log income index (centred) +
    INCOME_SPREAD × (ρ × wealth + √(1 - ρ²) × N(0, 1)), ρ = INCOME_WEALTH_RHO.

    Examples
    --------
    >>> from labkit.world.generator.demography import DEMOGRAPHY
    >>> x = incomes(np.random.default_rng(0), np.array(["manager", "student"], dtype=object),
    ...             np.array([3, 1]), np.array([45.0, 20.0]), np.array([False, False]),
    ...             np.zeros(2), np.zeros(2), 60_000, DEMOGRAPHY["en_US"])
    >>> bool(x[0] > x[1])
    True
    """
    rho = parameters.INCOME_WEALTH_RHO
    noise = rng.normal(size=len(age))
    index = np.vectorize(_OCCUPATION_INDEX.__getitem__, otypes=[np.int64])(occupation)
    factor = np.array(demography.occupation_income)[index]
    working = ~np.isin(occupation, ("student", "retired"))
    curve = -parameters.INCOME_AGE_CURVE * (np.minimum(age, 70.0) - parameters.INCOME_PEAK_AGE) ** 2
    log_income = (
        np.log(median)
        + np.log(factor)
        + demography.education_premium * (education - 1.5)
        + np.where(working, curve, 0.0)
        + np.log(demography.gender_pay) * female
        + log_index
        + parameters.INCOME_SPREAD * (rho * wealth_z + np.sqrt(1 - rho**2) * noise)
    )
    return np.exp(log_income)


def children_at_home(
    rng: np.random.Generator,
    age: np.ndarray,
    female: np.ndarray,
    married: np.ndarray,
    demography: Demography,
) -> np.ndarray:
    """Number of children under 18 living with the customer (0-3).

    Likeliest for the married around the locale's peak parental age; single
    mothers more often than single fathers; a second and third child by the
    locale's chances (fewer in zh_CN).

    Examples
    --------
    >>> from labkit.world.generator.demography import DEMOGRAPHY
    >>> kids = children_at_home(np.random.default_rng(0), np.array([80.0]), np.array([True]),
    ...                         np.array([True]), DEMOGRAPHY["en_US"])
    >>> int(kids[0])
    0
    """
    n = len(age)
    peak, spread = demography.children_peak
    curve = np.exp(-(((age - peak) / spread) ** 2))
    single = np.where(
        female, demography.children_if_single_woman, demography.children_if_single_man
    )
    any_child = rng.random(n) < curve * np.where(married, demography.children_if_married, single)
    second, third = demography.more_children
    count = any_child.astype(np.int64)
    count += any_child & (rng.random(n) < second)
    count += (count == 2) & (rng.random(n) < third)
    return count


def _calibrated(rng: np.random.Generator, logit: np.ndarray, share: float) -> np.ndarray:
    """Bernoulli draws with log-odds ``logit`` + c, c chosen so the expected share is ``share``."""
    low, high = -20.0, 20.0
    for _ in range(60):
        middle = (low + high) / 2
        if expit(logit + middle).mean() < share:
            low = middle
        else:
            high = middle
    return rng.random(len(logit)) < expit(logit + (low + high) / 2)


def renters(
    rng: np.random.Generator,
    age: np.ndarray,
    married: np.ndarray,
    wealth_z: np.ndarray,
    city_tier: np.ndarray,
    demography: Demography,
) -> np.ndarray:
    """Whether each customer's household rents its home.

    The young, the unmarried and the less wealthy rent more, and so do people in
    the largest cities (``renter_by_tier``); the locale's renter share is kept.

    Examples
    --------
    >>> from labkit.world.generator.demography import DEMOGRAPHY
    >>> rent = renters(np.random.default_rng(0), np.full(4000, 30.0), np.zeros(4000, bool),
    ...                np.zeros(4000), np.full(4000, 3), DEMOGRAPHY["en_US"])
    >>> bool(0.3 < rent.mean() < 0.4)
    True
    """
    young = np.clip((45.0 - age) / 20.0, -1.0, 1.0)
    logit = (
        1.3 * young
        - 0.6 * married
        - 0.35 * wealth_z
        + np.array(demography.renter_by_tier)[city_tier - 1]
    )
    return _calibrated(rng, logit, demography.renter_share)


def pets(
    rng: np.random.Generator,
    age: np.ndarray,
    female: np.ndarray,
    children: np.ndarray,
    renter: np.ndarray,
    wealth_z: np.ndarray,
    demography: Demography,
) -> np.ndarray:
    """Whether each customer's household keeps a pet.

    Families with children and home owners keep pets more often, the very old
    less; women slightly more (in China most pet owners are young women); the
    locale's pet-owner share is kept.

    Examples
    --------
    >>> from labkit.world.generator.demography import DEMOGRAPHY
    >>> pet = pets(np.random.default_rng(0), np.full(4000, 40.0), np.ones(4000, bool),
    ...            np.zeros(4000, int), np.zeros(4000, bool), np.zeros(4000), DEMOGRAPHY["zh_CN"])
    >>> bool(0.17 < pet.mean() < 0.27)
    True
    """
    logit = (
        0.5 * (children > 0)
        - 0.4 * renter
        - 0.9 * (age >= 75)
        - 0.3 * (age < 25)
        + 0.25 * female
        + 0.15 * wealth_z
    )
    return _calibrated(rng, logit, demography.pet_share)
