"""Who the consumers of each locale are: published distributions, one :class:`Demography` each.

The customer base of an online-and-store retailer differs by country: Chinese
internet users are younger and have mostly studied to 初中 or 高中 (CNNIC), US
adults are older and a third hold a bachelor's degree (Census); Chinese women
retire at 50 or 55 and men at 60 (State Council 1978, raised gradually from
2025), Americans mostly between 62 and 67; a US household keeps a pet twice as
often as a Chinese one. Each :class:`Demography` states one locale's numbers
with their sources; :mod:`labkit.world.generator.people` draws from them.

Tables whose columns follow a vocabulary say so; every share is a fraction.

>>> from labkit.world.generator.demography import DEMOGRAPHY
>>> DEMOGRAPHY["zh_CN"].retirement, DEMOGRAPHY["en_US"].retirement
('cn_statutory', 'us_gradual')
"""

from __future__ import annotations

from dataclasses import dataclass

from labkit import vocabularies

__all__ = ["AGE_BANDS", "CAREERS", "DEMOGRAPHY", "Demography"]

#: Lower edges of the age bands (years); the last band ends at :data:`MAX_AGE`.
AGE_BANDS = (18, 25, 35, 45, 55, 65, 75)
#: The oldest customer.
MAX_AGE = 89
#: The occupations of working life (every occupation but student and retired), in
#: the order of :data:`labkit.vocabularies.OCCUPATIONS`.
CAREERS = tuple(o for o in vocabularies.OCCUPATIONS if o not in ("student", "retired"))


@dataclass(frozen=True)
class Demography:
    """The published distributions of one locale's customers.

    Attributes
    ----------
    female_share : float
        Share of women among customers.
    age_shares : tuple of float
        Share of customers in each band of :data:`AGE_BANDS`.
    education_by_age : tuple of tuple of float
        Final education (the highest a person will complete) by age band: rows follow
        :data:`AGE_BANDS`, columns :data:`labkit.vocabularies.EDUCATION_LEVELS`. The young
        who have not finished yet are students with a lower completed level.
    study_until : tuple of float
        The age by which each level of ``EDUCATION_LEVELS`` is completed.
    first_marriage_age : tuple of float
        Median age at first marriage of (women, men).
    ever_married : float
        Share of a cohort that has married by 50.
    divorced : float
        Share of the ever-married (and not widowed) who are divorced at 45 and over.
    retirement : str
        ``"cn_statutory"`` (statutory ages by gender and job, raised from 2025) or
        ``"us_gradual"`` (retirement spread over 60-70, centred on 65).
    career_shares : tuple of float
        Share of each occupation of :data:`CAREERS` among working-age adults of average
        education, wealth and age (before gender, age and education shift them).
    occupation_income : tuple of float
        Income of each occupation of :data:`labkit.vocabularies.OCCUPATIONS`, in its order,
        relative to an office worker of the same traits (a pension for ``retired``).
    education_premium : float
        Log income gained per level of education.
    gender_pay : float
        Women's income relative to men's with the same traits.
    children_peak : tuple of float
        (age of parents at which children at home are likeliest, spread in years).
    children_if_married, children_if_single_woman, children_if_single_man : float
        Chance of children under 18 at home at the peak age.
    more_children : tuple of float
        Chance of a second child, and of a third, given one.
    renter_share : float
        Share of customers' households that rent their home.
    renter_by_tier : tuple of float
        Log-odds of renting added in city tiers 1-4 (more in the largest cities).
    pet_share : float
        Share of customers' households that keep a pet.
    """

    female_share: float
    age_shares: tuple[float, ...]
    education_by_age: tuple[tuple[float, ...], ...]
    study_until: tuple[float, ...]
    first_marriage_age: tuple[float, float]
    ever_married: float
    divorced: float
    retirement: str
    career_shares: tuple[float, ...]
    occupation_income: tuple[float, ...]
    education_premium: float
    gender_pay: float
    children_peak: tuple[float, float]
    children_if_married: float
    children_if_single_woman: float
    children_if_single_man: float
    more_children: tuple[float, float]
    renter_share: float
    renter_by_tier: tuple[float, float, float, float]
    pet_share: float


ZH_CN = Demography(
    # CNNIC 53rd Statistical Report on Internet Development (2024): 51.2 % of users men.
    female_share=0.49,
    # CNNIC (2024): 20-29 13.7 %, 30-39 19.2 %, 40-49 16.0 %, 50-59 16.4 %, 60+ 15.6 % of all
    # users (children included): among adult customers about one in ten is 65 or older.
    age_shares=(0.13, 0.22, 0.21, 0.19, 0.15, 0.07, 0.03),
    # CNNIC (2020-2024): 小学及以下 ~19 %, 初中 ~40 %, 高中/中专/技校 ~21 %, 大专 ~10 %,
    # 本科及以上 ~10 % of users; NBS 2020 census: 大专 and above ~45 % at 25-29, under 10 % over 50.
    education_by_age=(
        (0.15, 0.22, 0.27, 0.31, 0.045, 0.005),
        (0.25, 0.25, 0.20, 0.25, 0.045, 0.005),
        (0.40, 0.27, 0.14, 0.16, 0.025, 0.005),
        (0.55, 0.28, 0.08, 0.08, 0.008, 0.002),
        (0.62, 0.27, 0.055, 0.05, 0.004, 0.001),
        (0.68, 0.22, 0.05, 0.045, 0.004, 0.001),
        (0.72, 0.19, 0.045, 0.04, 0.004, 0.001),
    ),
    study_until=(0.0, 18.5, 21.5, 22.5, 25.5, 29.0),
    # NBS 2020 census: mean age at first marriage 29.4 (men) and 28.0 (women); almost all marry.
    first_marriage_age=(26.5, 28.5),
    ever_married=0.96,
    divorced=0.05,
    retirement="cn_statutory",
    # columns follow CAREERS: civil_servant, manager, professional, office_worker,
    # sales_service, production_worker, self_employed, farmer, homemaker, unemployed
    career_shares=(0.07, 0.05, 0.12, 0.15, 0.14, 0.15, 0.18, 0.07, 0.02, 0.05),
    # follows OCCUPATIONS: student … unemployed, retired
    occupation_income=(0.12, 1.25, 1.9, 1.4, 1.0, 0.8, 0.85, 1.05, 0.45, 0.12, 0.18, 0.5),
    education_premium=0.16,
    # Boss Zhipin (2019) 78 %, Zhaopin (2021) 88 %, Bai et al. (2022, ten million online
    # CVs) 72 % of men's pay, much of it unexplained by job, education or region.
    gender_pay=0.76,
    children_peak=(38.0, 9.0),
    children_if_married=0.85,
    children_if_single_woman=0.08,
    children_if_single_man=0.03,
    more_children=(0.35, 0.12),
    # NBS 2020 census: about one urban household in five rents; DRC (2021); tier-1 cities
    # about half (Beike Research Institute 2024: 47 %).
    renter_share=0.22,
    renter_by_tier=(1.6, 0.7, 0.3, -0.3),
    # China Pet Industry White Paper (2023): dog or cat in about a fifth of urban households.
    pet_share=0.22,
)

EN_US = Demography(
    # US Census Bureau, population estimates 2023: 51 % of adults women.
    female_share=0.51,
    # Census 2023 adults: 18-24 12 %, 25-34 17 %, 35-44 17 %, 45-54 16 %, 55-64 16 %, 65+ 22 %.
    age_shares=(0.11, 0.18, 0.17, 0.16, 0.17, 0.13, 0.08),
    # Census CPS 2022 educational attainment (25+): no diploma 9 %, high school or some
    # college 43 %, associate 10 %, bachelor 23 %, master's or professional 12 %, doctorate 2 %.
    education_by_age=(
        (0.10, 0.38, 0.12, 0.32, 0.07, 0.01),
        (0.08, 0.40, 0.10, 0.27, 0.13, 0.02),
        (0.09, 0.37, 0.10, 0.26, 0.15, 0.03),
        (0.09, 0.43, 0.11, 0.22, 0.13, 0.02),
        (0.08, 0.47, 0.11, 0.21, 0.11, 0.02),
        (0.10, 0.48, 0.09, 0.19, 0.11, 0.03),
        (0.14, 0.48, 0.07, 0.18, 0.10, 0.03),
    ),
    study_until=(0.0, 18.5, 20.5, 22.5, 24.5, 28.0),
    # Census CPS 2023: median age at first marriage 30.2 (men) and 28.4 (women).
    first_marriage_age=(28.4, 30.2),
    ever_married=0.86,
    divorced=0.20,
    retirement="us_gradual",
    career_shares=(0.08, 0.10, 0.16, 0.12, 0.17, 0.17, 0.09, 0.01, 0.04, 0.06),
    # follows OCCUPATIONS: student … unemployed, retired
    occupation_income=(0.2, 1.15, 1.8, 1.4, 0.85, 0.7, 0.9, 1.0, 0.75, 0.12, 0.22, 0.6),
    education_premium=0.14,
    # BLS (2024), Highlights of women's earnings in 2023: 83.6 % of men's median weekly earnings;
    # within the same occupation, education, age and place the gap is smaller.
    gender_pay=0.86,
    children_peak=(40.0, 11.0),
    children_if_married=0.85,
    children_if_single_woman=0.4,
    children_if_single_man=0.08,
    more_children=(0.55, 0.25),
    # Census Housing Vacancy Survey 2024: home-ownership 65.6 %, so 34 % of households rent.
    renter_share=0.34,
    renter_by_tier=(0.3, 0.1, 0.0, -0.2),
    # APPA National Pet Owners Survey 2023-2024: 66 % of households own a pet.
    pet_share=0.64,
)

#: The demography of each locale, by code.
DEMOGRAPHY: dict[str, Demography] = {"zh_CN": ZH_CN, "en_US": EN_US}
