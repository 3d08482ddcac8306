"""The people of the world: locale-specific demographics, city tiers and regional incomes,
occupations, retirement, the pay gap and the household (issue 16, items 9 and 1).

The stylised facts themselves (shares and ratios against published figures) are asserted
on full worlds by tests/test_stylised_facts.py; these are unit tests of the functions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from labkit import vocabularies
from labkit.formats.regions import regions
from labkit.world.generator import parameters, people
from labkit.world.generator.consumers import make_customers
from labkit.world.generator.demography import AGE_BANDS, CAREERS, DEMOGRAPHY
from labkit.world.generator.timeline import Timeline

AS_OF = pd.Timestamp("2025-12-31")
N = 6000


@pytest.fixture(scope="module", params=("en_US", "zh_CN"))
def made(request):
    locale = request.param
    timeline = Timeline.make(AS_OF, locale)
    customers, latent = make_customers(np.random.default_rng(5), N, locale, timeline, 5)
    return locale, customers, latent


def _age(customers: pd.DataFrame) -> pd.Series:
    return (AS_OF - customers["birth_date"]).dt.days / 365.25


# ----------------------------------------------------------------------------- regions
def test_curated_city_tiers_zh():
    table = regions("zh_CN").set_index("city_short")["city_tier"]
    assert {table[c] for c in ("北京", "上海", "广州", "深圳")} == {1}
    new_first_tier = ("成都", "重庆", "杭州", "武汉", "西安", "苏州", "天津", "南京", "长沙")
    assert {table[c] for c in new_first_tier} == {2}
    assert table["合肥"] == 3 and table["拉萨"] == 4
    assert table.value_counts().sort_index().tolist()[:3] == [4, 15, 30]


def test_curated_city_tiers_us_follow_metro_size():
    table = regions("en_US").set_index(["province", "city"])["city_tier"]
    assert table["New York", "New York"] == 1 and table["Massachusetts", "Cambridge"] == 1
    assert table["New Jersey", "Jersey City"] == 1  # the New York metro
    assert table["Colorado", "Denver"] == 2 and table["Mississippi", "Jackson"] == 3
    assert table["Wyoming", "Casper"] == 4
    assert set(table) == {1, 2, 3, 4}


def test_income_index_follows_published_regional_incomes():
    zh = regions("zh_CN").set_index("city")["income_index"]
    assert zh["上海市"] == pytest.approx(84_834 / 39_218, abs=1e-3)
    assert zh["北京市"] == pytest.approx(81_752 / 39_218, abs=1e-3)
    assert zh["广州市"] > 1.8 and zh["兰州市"] < 1.0
    us = regions("en_US")
    by_state = us.groupby("province")["income_index"].median()
    assert by_state["Massachusetts"] > 1.7 * by_state["Mississippi"]
    for table in (regions("zh_CN"), us):
        assert table["income_index"].notna().all() and (table["income_index"] > 0).all()


# ----------------------------------------------------------------------------- age and education
@pytest.mark.parametrize("locale", ["en_US", "zh_CN"])
def test_ages_follow_the_locale_bands(locale):
    demography = DEMOGRAPHY[locale]
    segment = np.random.default_rng(1).choice(5, size=40_000, p=parameters.SEGMENT_SHARE)
    age = people.ages(np.random.default_rng(2), segment, demography)
    shares = np.bincount(np.searchsorted(AGE_BANDS, age, side="right") - 1) / len(age)
    assert np.allclose(shares, demography.age_shares, atol=0.015)
    browser, loyal = age[segment == 4], age[segment == 1]
    assert np.median(browser) < np.median(loyal) - 5


def test_locales_are_not_copies():
    zh, us = DEMOGRAPHY["zh_CN"], DEMOGRAPHY["en_US"]
    assert zh.age_shares != us.age_shares
    assert zh.education_by_age != us.education_by_age
    assert zh.retirement != us.retirement


def test_students_are_young_and_have_not_finished(made):
    _, customers, _ = made
    age = _age(customers)
    student = customers["occupation"] == "student"
    assert age[student].max() < 30
    assert (customers.loc[student, "education"] != "doctorate").all()
    assert student[age < 21].mean() > 0.3


def test_zh_customers_mostly_studied_to_junior_or_senior_high():
    levels = pd.Series(
        people.educations(
            np.random.default_rng(3),
            np.random.default_rng(4).uniform(25, 80, 20_000),
            np.zeros(20_000),
            DEMOGRAPHY["zh_CN"],
        )[0]
    )
    below, high_school = (levels == 0).mean(), (levels == 1).mean()
    assert below > 0.3 and below + high_school > 0.6


def test_education_rises_with_wealth_and_falls_with_age():
    rng = np.random.default_rng(0)
    demography = DEMOGRAPHY["zh_CN"]
    age = np.full(20_000, 40.0)
    rich, _ = people.educations(rng, age, np.full(20_000, 1.5), demography)
    poor, _ = people.educations(rng, age, np.full(20_000, -1.5), demography)
    assert rich.mean() > poor.mean() + 0.5
    old, _ = people.educations(rng, np.full(20_000, 70.0), np.zeros(20_000), demography)
    young, _ = people.educations(rng, np.full(20_000, 30.0), np.zeros(20_000), demography)
    assert young.mean() > old.mean() + 0.5


# ----------------------------------------------------------------------------- work and retirement
@pytest.mark.parametrize(
    ("birth", "female", "cadre", "expected"),
    [
        ("1960-06-01", False, False, 60.0),  # retired before the reform
        ("1965-01-15", False, False, 60 + 1 / 12),  # old date January 2025: one month
        ("1965-05-01", False, False, 60 + 2 / 12),  # one month every four
        ("1975-01-01", True, False, 50 + 1 / 12),  # women at 50: one month every two
        ("1975-03-01", True, False, 50 + 2 / 12),
        ("1970-01-01", True, True, 55 + 1 / 12),  # women cadres at 55: every four
        ("1990-01-01", False, False, 63.0),  # fully raised
        ("1990-01-01", True, True, 58.0),
        ("1990-01-01", True, False, 55.0),
    ],
)
def test_statutory_retirement_age(birth, female, cadre, expected):
    age = people.statutory_retirement_age(
        pd.DatetimeIndex([birth]), np.array([female]), np.array([cadre])
    )
    assert age[0] == pytest.approx(expected)


def test_zh_women_retire_before_men_and_us_retire_in_their_sixties(made):
    locale, customers, _ = made
    age = _age(customers)
    retired = customers["occupation"] == "retired"
    women = customers["gender"] == "F"
    fifties = age.between(52, 59)
    if locale == "zh_CN":
        assert retired[fifties & women].mean() > retired[fifties & ~women].mean() + 0.2
        assert retired[age.between(61, 64) & ~women].mean() > 0.5
    else:
        assert retired[age < 55].mean() < 0.02
        assert retired[age.between(62, 67)].mean() > 0.3
        assert retired[age >= 70].mean() > 0.8


def test_careers_follow_education_and_gender():
    rng = np.random.default_rng(0)
    n = 20_000
    demography = DEMOGRAPHY["en_US"]

    def careers(education: int, female: bool) -> pd.Series:
        job = people.careers(
            rng,
            np.full(n, 40.0),
            np.full(n, female),
            np.full(n, education),
            np.zeros(n),
            np.full(n, 3),
            demography,
        )
        return pd.Series(job).value_counts(normalize=True)

    graduates, dropouts = careers(3, False), careers(0, False)
    assert graduates["professional"] > 2 * dropouts["professional"]
    assert dropouts["production_worker"] > 2 * graduates["production_worker"]
    assert careers(1, True)["homemaker"] > 3 * careers(1, False)["homemaker"]


def test_occupation_column_uses_the_taxonomy(made):
    _, customers, _ = made
    assert set(customers["occupation"]) <= set(vocabularies.OCCUPATIONS)
    assert customers["occupation"].nunique() >= 10
    assert set(CAREERS) | {"student", "retired"} == set(vocabularies.OCCUPATIONS)
    assert set(vocabularies.OCCUPATION_NAMES_ZH) == set(vocabularies.OCCUPATIONS)


# ----------------------------------------------------------------------------- income
def _one_income(**changes: object) -> float:
    traits = {
        "occupation": "office_worker",
        "education": 2,
        "age": 45.0,
        "female": False,
        "wealth_z": 0.0,
        "log_index": 0.0,
    }
    traits.update(changes)
    value = people.incomes(
        np.random.default_rng(0),
        np.array([traits["occupation"]], dtype=object),
        np.array([traits["education"]]),
        np.array([traits["age"]]),
        np.array([traits["female"]]),
        np.array([traits["wealth_z"]]),
        np.array([traits["log_index"]]),
        60_000,
        DEMOGRAPHY["zh_CN"],
    )
    return float(value[0])


def test_income_for_the_same_traits():
    base = _one_income()
    assert _one_income(female=True) == pytest.approx(base * DEMOGRAPHY["zh_CN"].gender_pay)
    assert _one_income(age=25.0) < base and _one_income(age=62.0) < base
    assert _one_income(occupation="manager") > _one_income(occupation="sales_service")
    assert _one_income(occupation="retired", age=70.0) < base
    assert _one_income(education=4) > base
    assert _one_income(log_index=np.log(2.0)) == pytest.approx(2 * base)


def test_income_peaks_mid_career_and_is_lower_in_old_age(made):
    _, customers, _ = made
    age = _age(customers)
    income = customers["income"]
    peak = income[age.between(40, 55)].median()
    assert income[age >= 65].median() < 0.9 * peak
    assert income[age < 25].median() < 0.7 * peak


def test_income_follows_wealth_and_region(made):
    locale, customers, latent = made
    income = customers["income"]
    ok = income.notna().to_numpy()
    r = np.corrcoef(np.log(income[ok]), latent.z_wealth[ok])[0, 1]
    assert 0.4 < r < 0.9
    top = income[latent.city_tier == 1].median()
    assert top > 1.1 * income[latent.city_tier == 4].median()


# ----------------------------------------------------------------------------- household
def test_household_columns_and_latent_traits_agree(made):
    locale, customers, latent = made
    assert customers["children_at_home"].between(0, 3).all()
    assert (latent.children == (customers["children_at_home"] > 0).to_numpy()).all()
    assert (latent.n_children == customers["children_at_home"].to_numpy()).all()
    assert (latent.pet == customers["pet_owner"].to_numpy()).all()
    assert (latent.renter == (customers["housing"] == "rent").to_numpy()).all()
    assert set(customers["housing"]) == set(vocabularies.HOUSING)
    assert (latent.female == (customers["gender"] == "F").to_numpy()).all()
    assert np.allclose(latent.age, _age(customers), atol=0.01)
    tiers = regions(locale).set_index(["province", "city"])["city_tier"]
    looked_up = tiers.reindex(pd.MultiIndex.from_frame(customers[["province", "city"]]))
    assert (looked_up.to_numpy() == latent.city_tier).all()


def test_children_at_home_by_life_stage(made):
    _, customers, _ = made
    age = _age(customers)
    has = customers["children_at_home"] > 0
    married = customers["marital_status"] == "married"
    assert has[age >= 75].mean() < 0.02
    assert has[age.between(32, 45) & married].mean() > 0.5
    assert (
        has[age.between(32, 45) & married].mean() > 2 * has[age.between(32, 45) & ~married].mean()
    )


def test_renting_and_pets_by_locale_and_life_stage(made):
    locale, customers, latent = made
    rent = customers["housing"] == "rent"
    age = _age(customers)
    assert rent[age < 30].mean() > rent[age >= 55].mean() + 0.15
    assert rent[latent.city_tier == 1].mean() > rent[latent.city_tier == 4].mean()
    pet = customers["pet_owner"]
    assert (0.5 < pet.mean() < 0.75) if locale == "en_US" else (0.15 < pet.mean() < 0.3)
    with_children = customers["children_at_home"] > 0
    assert pet[with_children].mean() > pet[~with_children].mean()
