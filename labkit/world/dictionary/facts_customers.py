"""Stylised facts about customers (see :mod:`labkit.world.dictionary.facts`).

Who the consumers are differs by country: age, education, marriage, work and
retirement, income by place, age and gender, and the household (children, a
rented home, a pet). Each fact is measured on the ``customers`` table alone
(age from ``birth_date`` at as_of; a city's tier from the region table,
:func:`labkit.formats.regions.regions`).

>>> [fact.key for fact in FACTS][:2]
['aged_65_plus_cn', 'aged_65_plus_us']
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from labkit.formats.regions import regions
from labkit.world.dictionary.stylised import Measure, StylisedFact

__all__ = ["FACTS"]

CN, US = ("zh_CN",), ("en_US",)
#: Occupations of wage and salary earners (the population of pay-gap statistics).
EMPLOYEES = (
    "civil_servant",
    "manager",
    "professional",
    "office_worker",
    "sales_service",
    "production_worker",
)
#: The ten states with the highest and the lowest median household income (US Census
#: Bureau, ACS 2023 1-year; District of Columbia counted as a state).
RICHEST_STATES = (
    "District of Columbia",
    "Maryland",
    "New Jersey",
    "Massachusetts",
    "New Hampshire",
    "Hawaii",
    "California",
    "Washington",
    "Utah",
    "Colorado",
)
POOREST_STATES = (
    "Mississippi",
    "West Virginia",
    "Arkansas",
    "Louisiana",
    "Alabama",
    "New Mexico",
    "Kentucky",
    "Oklahoma",
    "Tennessee",
    "Missouri",
)


def _customers(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    return tables["customers"]


def _age(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> pd.Series:
    """Age in years at as_of."""
    return (pd.Timestamp(as_of) - _customers(tables)["birth_date"]).dt.days / 365.25


def _tier(customers: pd.DataFrame, locale: str) -> pd.Series:
    """Each customer's city tier, looked up in the region table."""
    table = regions(locale).set_index(["province", "city"])["city_tier"]
    keys = pd.MultiIndex.from_arrays([customers["province"], customers["city"]])
    return pd.Series(table.reindex(keys).to_numpy(), index=customers.index)


def _share(mask: pd.Series, among: pd.Series | None = None) -> float:
    """Share of True in ``mask`` (among the rows where ``among`` is True)."""
    return float(mask[among].mean() if among is not None else mask.mean())


def _median_ratio(income: pd.Series, top: pd.Series, bottom: pd.Series) -> float:
    return float(income[top].median() / income[bottom].median())


def _aged_65_plus(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> float:
    return _share(_age(tables, as_of) >= 65)


def _high_school_or_less(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> float:
    education = _customers(tables)["education"]
    return _share(education.isin(("below_high_school", "high_school")))


def _bachelor_or_higher(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> float:
    education = _customers(tables)["education"]
    return _share(education.isin(("bachelor", "master", "doctorate")))


def _married(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> float:
    return _share(_customers(tables)["marital_status"] == "married")


def _students_18_22(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> float:
    return _share(_customers(tables)["occupation"] == "student", _age(tables, as_of) < 23)


def _retired_gap_50s(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> float:
    customers = _customers(tables)
    fifties = _age(tables, as_of).between(50, 60, inclusive="left")
    retired = customers["occupation"] == "retired"
    women = customers["gender"] == "F"
    return _share(retired, fifties & women) - _share(retired, fifties & ~women)


def _retired_65_plus(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> float:
    return _share(_customers(tables)["occupation"] == "retired", _age(tables, as_of) >= 65)


def _gender_pay(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> float:
    customers = _customers(tables)
    employed = customers["occupation"].isin(EMPLOYEES) & _age(tables, as_of).between(
        25, 60, inclusive="left"
    )
    women = customers["gender"] == "F"
    return _median_ratio(customers["income"], employed & women, employed & ~women)


def _old_age_income(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> float:
    age = _age(tables, as_of)
    return _median_ratio(
        _customers(tables)["income"], age >= 65, age.between(40, 55, inclusive="left")
    )


def _tier1_income(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> float:
    customers = _customers(tables)
    income = customers["income"]
    return float(income[_tier(customers, "zh_CN") == 1].median() / income.median())


def _rich_poor_states(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> float:
    customers = _customers(tables)
    state = customers["province"]
    return _median_ratio(
        customers["income"], state.isin(RICHEST_STATES), state.isin(POOREST_STATES)
    )


def _pet_owners(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> float:
    return _share(_customers(tables)["pet_owner"].astype(bool))


def _renters(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> float:
    return _share(_customers(tables)["housing"] == "rent")


def _tier1_renters(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> float:
    customers = _customers(tables)
    return _share(customers["housing"] == "rent", _tier(customers, "zh_CN") == 1)


def _children_at_home(tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> float:
    return _share(_customers(tables)["children_at_home"] > 0)


def _fact(
    key: str,
    statement: str,
    low: float,
    high: float,
    unit: str,
    source: str,
    measure: Measure,
    locales: tuple[str, ...],
) -> StylisedFact:
    """A fact of the topic ``customers``."""
    return StylisedFact(key, "customers", statement, low, high, unit, source, measure, locales)


_CNNIC = (
    "CNNIC (2024), the 53rd Statistical Report on China's Internet Development; NBS China "
    "(2021), Seventh National Population Census"
)

#: The facts of this topic, in the order the data dictionary lists them.
FACTS: list[StylisedFact] = [
    _fact(
        "aged_65_plus_cn",
        "Share of customers aged 65 or older (China's internet users are young: 60+ are 15.6% "
        "of all users, children included).",
        0.06,
        0.15,
        "share",
        _CNNIC,
        _aged_65_plus,
        CN,
    ),
    _fact(
        "aged_65_plus_us",
        "Share of customers aged 65 or older (22% of US adults).",
        0.15,
        0.25,
        "share",
        "US Census Bureau (2024), Vintage 2023 population estimates by age; Pew Research "
        "Center (2024), Internet use by age (90% of 65+ online)",
        _aged_65_plus,
        US,
    ),
    _fact(
        "high_school_or_less_cn",
        "Share of customers whose highest education is 高中/中专 or below (初中及以下): "
        "most Chinese internet users have not been to college.",
        0.60,
        0.85,
        "share",
        "CNNIC (2021-2024), Statistical Reports on China's Internet Development: 初中 ~40%, "
        "高中/中专/技校 ~21%, 小学及以下 ~19%, 大专 and above ~20% of users",
        _high_school_or_less,
        CN,
    ),
    _fact(
        "bachelor_or_higher_us",
        "Share of customers with a bachelor's degree or higher.",
        0.30,
        0.45,
        "share",
        "US Census Bureau (2023), Educational Attainment in the United States: 2022 (CPS): "
        "37.7% of adults 25+ hold a bachelor's degree or higher",
        _bachelor_or_higher,
        US,
    ),
    _fact(
        "married_cn",
        "Share of customers who are married.",
        0.65,
        0.80,
        "share",
        "NBS China (2021), Seventh National Population Census: about 72% of people 15+ have a "
        "spouse; almost everyone marries by 35",
        _married,
        CN,
    ),
    _fact(
        "married_us",
        "Share of customers who are married.",
        0.45,
        0.58,
        "share",
        "US Census Bureau (2023), America's Families and Living Arrangements (CPS ASEC): about "
        "half of adults are married, 34% of people 15+ never married",
        _married,
        US,
    ),
    _fact(
        "students_18_22_cn",
        "Share of customers aged 18-22 who are students.",
        0.40,
        0.70,
        "share",
        "Ministry of Education of China (2024), Statistical Bulletin on National Education "
        "2023: gross enrolment ratio in higher education 60.2%",
        _students_18_22,
        CN,
    ),
    _fact(
        "students_18_22_us",
        "Share of customers aged 18-22 who are students.",
        0.33,
        0.60,
        "share",
        "NCES (2024), Condition of Education: College Enrollment Rates (39% of 18-24-year-olds "
        "enrolled in college in 2022, more at 18-21)",
        _students_18_22,
        US,
    ),
    _fact(
        "retired_gap_50s_cn",
        "Share retired among women aged 50-59 minus the share among men (statutory retirement: "
        "women 50 or 55, men 60).",
        0.25,
        0.65,
        "share",
        "State Council (1978), Interim Measures on the Retirement of Workers (国发〔1978〕104号); "
        "NPC Standing Committee (2024), Decision on gradually raising the statutory retirement "
        "age (from 2025, to 63 for men and 55 or 58 for women)",
        _retired_gap_50s,
        CN,
    ),
    _fact(
        "retired_65_plus_us",
        "Share of customers aged 65 or older who are retired.",
        0.72,
        0.92,
        "share",
        "BLS (2024), Labor force participation rate, 65 years and over: 19% in 2023",
        _retired_65_plus,
        US,
    ),
    _fact(
        "gender_pay_ratio",
        "Median income of women employees ÷ that of men employees, aged 25-59.",
        0.70,
        0.94,
        "ratio",
        "BLS (2024), Highlights of women's earnings in 2023: 83.6%; Boss Zhipin (2019) 78%, "
        "Zhaopin (2021) 88% in China",
        _gender_pay,
        CN + US,
    ),
    _fact(
        "income_65_plus_vs_40_54",
        "Median income of customers aged 65+ ÷ that of customers aged 40-54: income peaks in "
        "mid-career and falls at retirement.",
        0.40,
        0.85,
        "ratio",
        "US Census Bureau (2024), CPS ASEC PINC-01, personal income by age; MOHRSS (2024), "
        "Statistical Bulletin 2023: average basic pension well below the average wage",
        _old_age_income,
        CN + US,
    ),
    _fact(
        "tier1_income_ratio_cn",
        "Median income in the first-tier cities (Beijing, Shanghai, Guangzhou, Shenzhen) ÷ the "
        "median of all customers.",
        1.8,
        2.4,
        "ratio",
        "NBS China (2024), Statistical Communiqué 2023 and provincial data: per-capita disposable "
        "income Shanghai 84,834 and Beijing 81,752 yuan, 2.1 times the national 39,218",
        _tier1_income,
        CN,
    ),
    _fact(
        "rich_poor_states_income_ratio_us",
        "Median income in the ten richest states (Massachusetts, Maryland, New Jersey …) ÷ that "
        "in the ten poorest (Mississippi, West Virginia, Arkansas …).",
        1.35,
        2.2,
        "ratio",
        "US Census Bureau (2024), Household Income in States and Metropolitan Areas: 2023 "
        "(ACSBR-023): Massachusetts $99,858 vs Mississippi $54,915",
        _rich_poor_states,
        US,
    ),
    _fact(
        "pet_owners_cn",
        "Share of customers whose household keeps a pet.",
        0.15,
        0.30,
        "share",
        "China Pet Industry White Paper (Pethadoop, 2023): dogs or cats in about one urban "
        "household in five",
        _pet_owners,
        CN,
    ),
    _fact(
        "pet_owners_us",
        "Share of customers whose household keeps a pet.",
        0.55,
        0.72,
        "share",
        "APPA (2023), National Pet Owners Survey 2023-2024: 66% of US households own a pet",
        _pet_owners,
        US,
    ),
    _fact(
        "renters_cn",
        "Share of customers whose household rents its home.",
        0.15,
        0.32,
        "share",
        "NBS China (2021), Seventh National Population Census, household housing: about one "
        "urban household in five rents",
        _renters,
        CN,
    ),
    _fact(
        "tier1_renters_cn",
        "Share of customers in the first-tier cities whose household rents its home.",
        0.35,
        0.65,
        "share",
        "Beike Research Institute (2024), report on rental housing in major cities: 47% of "
        "first-tier city residents rent (Shenzhen about 70%)",
        _tier1_renters,
        CN,
    ),
    _fact(
        "renters_us",
        "Share of customers whose household rents its home.",
        0.28,
        0.42,
        "share",
        "US Census Bureau (2024), Housing Vacancies and Homeownership (CPS/HVS): home-ownership "
        "rate 65.6%",
        _renters,
        US,
    ),
    _fact(
        "children_at_home_us",
        "Share of customers with children under 18 living at home.",
        0.16,
        0.32,
        "share",
        "US Census Bureau (2023), America's Families and Living Arrangements: 39% of families, "
        "about a quarter of households, live with their own children under 18",
        _children_at_home,
        US,
    ),
]
