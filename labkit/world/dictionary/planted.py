"""The documentation of the planted truth: one entry per row of the course's table.

:data:`PLANTED` has one entry per row of the planted-truth table of
CURRICULUM.md: what is planted, what finds it, where its answer lives, how it is
made and in which chapters. Rows with a truth table take its documentation from
:data:`labkit.world.dictionary.truth.TRUTH`; the two without one (income and
spending, seasonality) are documented here.

>>> PLANTED["seasonality"]["answer"]
'labkit.world.generator.calendar.day_weights()'
"""

from __future__ import annotations

from labkit.world.dictionary.entries import by_segment, numbers, percent
from labkit.world.dictionary.truth import TRUTH
from labkit.world.generator import calendar, locales, parameters
from labkit.world.generator.demography import DEMOGRAPHY

__all__ = ["PLANTED"]

EN_US_MEDIAN = locales.EN_US.income_median
ZH_CN_MEDIAN = locales.ZH_CN.income_median


def _weekday_text() -> str:
    """The weekday rhythm of the shopping calendar: ``Mon 0.96, Tue 0.93, …``."""
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return ", ".join(
        f"{day} {weight:g}" for day, weight in zip(days, calendar.WEEKDAY, strict=True)
    )


def _income_how() -> list[str]:
    zh, us = DEMOGRAPHY["zh_CN"], DEMOGRAPHY["en_US"]
    return [
        "Each consumer has a hidden wealth: the segment's wealth_mean "
        f"({by_segment(parameters.SEGMENT_BEHAVIOUR['wealth_mean'])}) plus N(0, 1); z is the "
        "standardised wealth.",
        "Who the consumers are follows each locale's published distributions "
        "(labkit/world/generator/demography.py, drawn in people.py): age from the locale's age "
        "bands (segments shifted by SEGMENT_AGE_SHIFT: browsers younger, loyal store customers "
        "older); final education by age cohort, higher with wealth (EDUCATION_WEALTH_WEIGHT = "
        f"{parameters.EDUCATION_WEALTH_WEIGHT:g}), the young still studying being students; "
        "marital status by age and gender; the home city by population, the retailer's reach "
        f"in each city tier (TIER_CUSTOMER_BOOST = {numbers(parameters.TIER_CUSTOMER_BOOST)}) "
        "and wealth (the wealthy live where incomes are high, REGION_WEALTH_SORTING = "
        f"{parameters.REGION_WEALTH_SORTING:g}); a career by a multinomial logit on education, "
        "gender, wealth, age and city tier (CAREER_EFFECTS); retirement at the statutory age in "
        "zh_CN (men 60, women cadres 55, other women 50, raised by one month every four (two) "
        "months from January 2025 under the NPC Standing Committee's 2024 decision) and spread "
        "over the sixties around 65 in en_US.",
        "Log income = log(median) + log(occupation factor) + education premium × (level - 1.5) "
        "- INCOME_AGE_CURVE × (age - INCOME_PEAK_AGE)² for those in work "
        f"(peak at {parameters.INCOME_PEAK_AGE:g}) + log(gender pay) for women + the city's log "
        "income index (province or state income, NBS 2023 or ACS 2023, times a city-tier "
        "premium; labkit.formats.regions) + INCOME_SPREAD × (ρ × z + √(1 - ρ²) × N(0, 1)), with "
        f"ρ = INCOME_WEALTH_RHO = {parameters.INCOME_WEALTH_RHO:g} and INCOME_SPREAD = "
        f"{parameters.INCOME_SPREAD:g}. The median is {_money(EN_US_MEDIAN)} USD (en_US) or "
        f"{_money(ZH_CN_MEDIAN)} CNY (zh_CN) for an office worker of average traits; retirees "
        f"get a pension of {zh.occupation_income[-1]:g} (zh_CN) or "
        f"{us.occupation_income[-1]:g} (en_US) of it; women earn {zh.gender_pay:g} (zh_CN) or "
        f"{us.gender_pay:g} (en_US) of a man with the same traits. Income is rounded to 100 and "
        "empty for about 9%.",
        "Wealth also drives spending: the wealthy pick premium products (each product's weight "
        f"times exp(-s z), 1 or exp(s z - 0.4) for its cheap, mid or premium tier, s = "
        f"TIER_WEALTH_SLOPE = {parameters.TIER_WEALTH_SLOPE:g}; big cities and the middle of life "
        "add to z) and the richest segment (vip) buys most often.",
        "The generator is calibrated so that the Pearson correlation of log(income) with "
        "log(monthly spending: total spending / months since sign-up), among customers with 3+ "
        f"orders, lands near INCOME_SPENDING_CORR = {parameters.INCOME_SPENDING_CORR:g} (within "
        "±0.1 in tested worlds).",
        "The household is drawn last: children under 18 at home by age, marriage and gender; "
        f"renting (zh_CN {percent(zh.renter_share)}, en_US {percent(us.renter_share)} of "
        "households) more for the young, the unmarried, the less wealthy and in the largest "
        f"cities; a pet (zh_CN {percent(zh.pet_share)}, en_US {percent(us.pet_share)}) more with "
        "children and for home owners.",
    ]


def _money(amount: float) -> str:
    """An amount with thousands separators: ``70,000``."""
    return f"{amount:,.0f}"


def _seasonality_how() -> list[str]:
    return [
        "Every order time is drawn from the day weights of its order channel "
        "(labkit/world/generator/calendar.py, channel_day_weights); web visits from their "
        "blend (day_weights); survey answers from the survey's fieldwork window (a September "
        "invitation with two reminders, labkit/world/generator/survey_answers.py). "
        "Weekday rhythm per channel (stores fill at the weekend, the "
        f"call centre works weekdays), all channels together: {_weekday_text()}.",
        "zh_CN festivals (online × stores): Double 11 (双十一) pre-sale from 20 October (× 1.45 "
        "online), 1-10 November × 1.7 online, 11 November × 8 online but × 1.25 in stores, with "
        "three in ten of the day's online orders in the first hour after midnight; 618 × 4.5 "
        "online, × 1.3 in stores; Double 12 × 2; Women's Day (三八节); National Day week (shops "
        "busier); Mid-Autumn gifts; Spring Festival (春节): the New Year goods rush (年货节, "
        "stores × 1.6) from 21 to 2 days before, then the holiday dip (couriers stop: online × "
        "0.35).",
        "en_US festivals (online × stores): Thanksgiving Day (× 1.6 online, stores × 0.3), Black "
        "Friday (× 3.5 online, × 4 in stores), the weekend after, Cyber Monday (× 5 online, stores "
        "flat); Christmas shopping from 1 December, last-minute store gifts on 21-23 December, "
        "Christmas Day shut; back to school from 10 August; mid-summer online sale days 8-11 July.",
        "Products have seasons too (season_factors): down jackets, sweaters and humidifiers in "
        "winter, fans, sunscreen and T-shirts in summer, mooncakes in the 25 days before the "
        "Mid-Autumn Festival, gift boxes before Spring Festival (zh_CN) or Christmas (en_US), new "
        "green tea in spring, school goods in late August.",
        "Festive days (channel weight above 2.5) bring more and deeper discounts (+0.35 to the "
        "share of discounted orders), and orders of the festival peaks are returned more often.",
        "Trend: a mature business. The customer base was built up in the burn-in years before the "
        "window and sign-ups grow by ACQUISITION_GROWTH = "
        f"{percent(parameters.ACQUISITION_GROWTH)} a year, so revenue grows by a few percent a "
        "year and a log-linear trend explains well under half of the monthly variance; the "
        "seasonality stands out.",
        "Hours of the day follow HOURS per order channel (stores 9:00-22:00, call centre "
        "8:00-18:00, online peaking 20:00-22:00, and at midnight on Double 11).",
    ]


def _planted(
    key: str, truth: str, method: str, tables: tuple[str, ...], answer: str, **extra: object
) -> tuple[str, dict]:
    """One row of the planted-truth table; its how / finds / chapters default to its
    first truth table's."""
    entry = {"truth": truth, "method": method, "truth_tables": tables, "answer": answer}
    if tables:
        first = TRUTH[tables[0]]
        entry.update(how=first["how"], finds=first["finds"], chapters=first["chapters"])
    entry.update(extra)
    return key, entry


#: Every row of the course's planted-truth table (CURRICULUM.md): what is
#: planted, where its answer lives, how it is made, what finds it and where.
PLANTED: dict[str, dict] = dict(
    [
        _planted(
            "segments",
            "behavioural segments of consumers",
            "clustering on RFM and behaviour features",
            ("segments",),
            "world.truth.segments",
        ),
        _planted(
            "churn",
            "churn propensity from recency, complaints, unresolved tickets, tenure",
            "classification (churn model), with the best reachable AUC known from the latent "
            "probabilities",
            ("churn",),
            "world.truth.churn",
        ),
        _planted(
            "bundles",
            "product bundles bought together",
            "association rules (support, confidence, lift)",
            ("bundles",),
            "world.truth.bundles",
        ),
        _planted(
            "duplicates",
            "duplicate customer records across channels (typos, re-formatted phones, swapped name "
            "order, missing fields)",
            "standardisation + record matching, scored by precision / recall",
            ("duplicates",),
            "world.truth.duplicates",
        ),
        _planted(
            "errors",
            "invalid and missing values (impossible ages and dates, malformed phones and e-mails, "
            "inconsistent province/city names)",
            "validation rules and data-quality metrics",
            ("errors",),
            "world.truth.errors",
        ),
        _planted(
            "income_spending",
            "income ↔ spending correlation",
            "correlation analysis",
            (),
            "world.truth.params['income_spending_corr']",
            how=_income_how(),
            finds="Correlation analysis: Pearson on the logs (or Spearman on the ranks) of "
            "income and monthly spending, with a scatter plot. Correlation is not causation: both "
            "follow the hidden wealth.",
            chapters=("06",),
        ),
        _planted(
            "seasonality",
            "monthly sales with trend and seasonality (Spring Festival, 618, Double 11 in zh_CN; "
            "Black Friday and Christmas in en_US)",
            "inertia / trend forecasting",
            (),
            "labkit.world.generator.calendar.day_weights()",
            how=_seasonality_how(),
            finds="Inertia (trend) forecasting: the monthly sales series, moving averages, a "
            "trend line with month-of-year seasonal indices, and a hold-out error for each method.",
            chapters=("06",),
        ),
        _planted(
            "repeat_purchase",
            "a repeat-purchase process of known parameters (BG/NBD-style)",
            "CLV models",
            ("clv",),
            "world.truth.clv",
        ),
        _planted(
            "credit",
            "credit quality of business accounts, behind their yearly statements (planted "
            "growing, stable and declining trends), late payments, write-offs and won deals",
            "business, operating and credit-status analysis",
            ("credit",),
            "world.truth.credit",
        ),
        _planted(
            "feedback",
            "sentiment and topic of feedback texts (zh and en)",
            "text classification, sentiment analysis",
            ("feedback",),
            "world.truth.feedback",
        ),
    ]
)
