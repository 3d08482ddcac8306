"""The world generator's own contracts: recorded parameters, one source for every
value set (labkit.vocabularies), complete locales, and the module rules."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from labkit import settings, vocabularies
from labkit.world.generator import (
    business,
    calendar,
    capture_habits,
    engagement,
    generate,
    locales,
    parameters,
    pools,
    sampling,
    tables,
    web,
)

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "labkit" / "world" / "generator"
N_CUSTOMERS = 300


# ----------------------------------------------------------------------------- parameters
@pytest.mark.parametrize("locale", settings.LOCALES)
def test_parameters_are_the_recorded_ones(locale):
    """as_dict() gives exactly the keys, order and values recorded in the shipped world.json."""
    recorded = json.loads((ROOT / "datasets" / locale / "world.json").read_text("utf-8"))["params"]
    recorded.pop("defection_probability_mean")
    now = json.loads(json.dumps(parameters.as_dict()))
    assert list(now) == list(recorded)
    assert now == recorded


def test_parameter_names_are_the_module_constants():
    assert len(set(parameters.PARAMETER_NAMES)) == len(parameters.PARAMETER_NAMES)
    for name in parameters.PARAMETER_NAMES:
        assert name.isupper() and hasattr(parameters, name), name


def test_parameter_value_sets_come_from_vocabularies():
    assert parameters.SEGMENTS is vocabularies.SEGMENTS
    assert parameters.CATEGORIES is vocabularies.CATEGORIES
    assert parameters.ORDER_CHANNELS is vocabularies.ORDER_CHANNELS
    assert parameters.SIGNUP_CHANNELS is vocabularies.SIGNUP_CHANNELS
    assert parameters.SOURCES is vocabularies.RECORD_SOURCES


def test_parameter_tables_follow_their_value_sets():
    behaviour = parameters.SEGMENT_BEHAVIOUR
    n_segments = len(vocabularies.SEGMENTS)
    assert len(parameters.SEGMENT_SHARE) == n_segments
    assert behaviour["channel_mix"].shape == (n_segments, len(vocabularies.ORDER_CHANNELS))
    assert behaviour["signup_mix"].shape == (n_segments, len(vocabularies.SIGNUP_CHANNELS))
    assert behaviour["category_pref"].shape == (n_segments, len(vocabularies.CATEGORIES))
    for rates in (*parameters.ERROR_RATES.values(), *parameters.MISSING_RATES.values()):
        assert len(rates) == len(vocabularies.RECORD_SOURCES)


# ----------------------------------------------------------------------------- vocabularies
def test_module_value_sets_are_the_vocabularies():
    """The attributes other modules still read agree with labkit.vocabularies."""
    assert tuple(business.INDUSTRIES.tolist()) == vocabularies.INDUSTRIES
    assert tuple(business.ROLES.tolist()) == vocabularies.CONTACT_ROLES
    assert tuple(business.STAGES) == vocabularies.OPEN_STAGES
    assert tuple(engagement.TICKET_TOPICS.tolist()) == vocabularies.TICKET_TOPICS
    assert tuple(engagement.FEEDBACK_TOPICS.tolist()) == vocabularies.FEEDBACK_TOPICS
    assert tuple(engagement.SENTIMENTS.tolist()) == vocabularies.SENTIMENTS


def test_generator_label_sets_are_in_the_vocabularies():
    assert set(engagement.TICKET_TO_FEEDBACK) == set(vocabularies.TICKET_TOPICS)
    assert set(engagement.TICKET_TO_FEEDBACK.values()) <= set(vocabularies.FEEDBACK_TOPICS)
    assert len(engagement.TICKET_TOPIC_P) == len(vocabularies.TICKET_TOPICS)
    assert len(engagement.FEEDBACK_TOPIC_P) == len(vocabularies.FEEDBACK_TOPICS)
    assert len(engagement.TICKET_CHANNEL_P) == len(vocabularies.TICKET_CHANNELS)
    for shares in (engagement.COMPLAINT_PRIORITY_P, engagement.OTHER_PRIORITY_P):
        assert set(shares) <= set(vocabularies.TICKET_PRIORITIES)
    for shares in (engagement.REVIEW_CHANNEL_P, engagement.FOLLOW_UP_CHANNEL_P):
        assert set(shares) <= set(vocabularies.FEEDBACK_CHANNELS)
    assert web.EVENT_TYPES == vocabularies.WEB_EVENT_TYPES
    for code in ("en_US", "zh_CN"):
        costs = locales.by_code(code).contact_costs
        assert len(costs) == len(vocabularies.CAMPAIGN_CHANNELS)
    assert len(business.OPEN_STAGE_P) == len(vocabularies.OPEN_STAGES)
    assert len(business.TERMS_BY_SIZE_BAND) == len(vocabularies.SIZE_BANDS)


def test_member_tier_thresholds_follow_the_shares():
    assert tables.tier_thresholds() == (0.55, 0.85, 0.96)


def test_size_bands_agree_with_vocabularies():
    employees = np.array([1, 9, 10, 49, 50, 249, 250, 5000])
    expected = [vocabularies.size_band(int(n)) for n in employees]
    assert business._size_band(employees).tolist() == expected


# ----------------------------------------------------------------------------- locales
def test_every_locale_has_a_generator_locale():
    assert tuple(locales.LOCALES) == settings.LOCALES
    with pytest.raises(ValueError, match="locale must be one of"):
        locales.by_code("fr_FR")


@pytest.mark.parametrize("locale", locales.LOCALES.values(), ids=lambda locale: locale.code)
def test_locale_facts_are_complete(locale):
    n_sources = len(vocabularies.RECORD_SOURCES)
    assert locale.festivals in calendar.FESTIVAL_FACTORS
    assert locale.festivals in calendar.FESTIVAL_LABELS
    assert locale.phone_plan in pools.PHONE_PLANS
    assert locale.address_style in pools.ADDRESS_STYLES
    for registry in (capture_habits.NAME_HABITS, capture_habits.TYPOS, capture_habits.SWAPPED):
        assert locale.script in registry
    assert len(locale.email_domains) == len(locale.email_domain_shares)
    assert sum(locale.email_domain_shares) == pytest.approx(1)
    assert len(locale.device_shares) == len(web.DEVICES)
    assert sum(locale.device_shares) == pytest.approx(1)
    for per_source in (
        locale.short_province_shares,
        locale.short_city_shares,
        locale.phone_forms,
        locale.date_forms,
    ):
        assert len(per_source) == n_sources
    for planned in locale.campaign_plan:
        assert planned.offer in vocabularies.CAMPAIGN_OFFERS
        assert planned.channel in vocabularies.CAMPAIGN_CHANNELS
        anchor, _ = planned.starts
        assert isinstance(anchor, int) or anchor in calendar.FESTIVAL_DAYS


def test_festival_labels_by_code_and_by_locale():
    assert calendar.festival_labels("zh_CN") == calendar.festival_labels(locales.ZH_CN)
    assert "double_11" in calendar.festival_labels("zh_CN")


# ----------------------------------------------------------------------------- sampling
def test_choice_by_group_never_draws_an_impossible_category():
    rng = np.random.default_rng(1)
    group = rng.integers(0, 2, size=2000)
    table = np.array([[1.0, 0.0, 3.0], [0.0, 2.0, 0.0]])
    drawn = sampling.choice_by_group(rng, group, table)
    assert set(drawn[group == 0]) == {0, 2}
    assert set(drawn[group == 1]) == {1}


def test_choice_rows_follows_each_row():
    rng = np.random.default_rng(2)
    probabilities = np.tile([0.2, 0.8], (4000, 1))
    drawn = sampling.choice_rows(rng, probabilities)
    assert 0.75 < drawn.mean() < 0.85


# ----------------------------------------------------------------------------- generated values
@pytest.fixture(scope="module", params=settings.LOCALES)
def made(request):
    tables_, truth, _ = generate(7, N_CUSTOMERS, request.param, pd.Timestamp("2025-12-31"))
    return tables_, truth


VALUE_SETS = [
    ("customers", "gender", vocabularies.GENDERS),
    ("customers", "education", vocabularies.EDUCATION_LEVELS),
    ("customers", "marital_status", vocabularies.MARITAL_STATUSES),
    ("customers", "signup_channel", vocabularies.SIGNUP_CHANNELS),
    ("customers", "member_tier", vocabularies.MEMBER_TIERS),
    ("products", "category", vocabularies.CATEGORIES),
    ("orders", "channel", vocabularies.ORDER_CHANNELS),
    ("web_events", "event_type", vocabularies.WEB_EVENT_TYPES),
    ("campaigns", "channel", vocabularies.CAMPAIGN_CHANNELS),
    ("campaigns", "offer", vocabularies.CAMPAIGN_OFFERS),
    ("service_tickets", "channel", vocabularies.TICKET_CHANNELS),
    ("service_tickets", "topic", vocabularies.TICKET_TOPICS),
    ("service_tickets", "priority", vocabularies.TICKET_PRIORITIES),
    ("service_tickets", "status", vocabularies.TICKET_STATUSES),
    ("feedback", "channel", vocabularies.FEEDBACK_CHANNELS),
    ("accounts", "industry", vocabularies.INDUSTRIES),
    ("accounts", "size_band", vocabularies.SIZE_BANDS),
    ("contacts", "role", vocabularies.CONTACT_ROLES),
    ("opportunities", "stage", vocabularies.OPPORTUNITY_STAGES),
    ("invoices", "status", vocabularies.INVOICE_STATUSES),
    ("raw_records", "source", vocabularies.RECORD_SOURCES),
]


@pytest.mark.parametrize(("table", "column", "allowed"), VALUE_SETS)
def test_generated_values_are_in_their_vocabulary(made, table, column, allowed):
    tables_, _ = made
    assert set(tables_[table][column].dropna().unique()) <= set(allowed)


def test_truth_values_are_in_their_vocabulary(made):
    _, truth = made
    assert set(truth["segments"]["segment"]) <= set(vocabularies.SEGMENTS)
    assert set(truth["interests"]["favourite_category"]) <= set(vocabularies.CATEGORIES)
    assert set(truth["feedback"]["topic"]) <= set(vocabularies.FEEDBACK_TOPICS)
    assert set(truth["feedback"]["sentiment"]) <= set(vocabularies.SENTIMENTS)


# ----------------------------------------------------------------------------- module rules
def _modules() -> list[Path]:
    return sorted(GENERATOR.glob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda path: path.name)
def test_module_is_short_and_says_what_it_makes(path):
    text = path.read_text("utf-8")
    assert len(text.splitlines()) <= 600
    assert ast.get_docstring(ast.parse(text)), f"{path.name} has no module docstring"


@pytest.mark.parametrize("path", _modules(), ids=lambda path: path.name)
def test_no_private_imports_between_modules(path):
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            private = [alias.name for alias in node.names if alias.name.startswith("_")]
            assert not private, f"{path.name} imports private names {private}"


@pytest.mark.parametrize("path", _modules(), ids=lambda path: path.name)
def test_no_locale_string_tests(path):
    """The locale object is passed down; only the region-table loader still reads the code."""
    tree = ast.parse(path.read_text("utf-8"))
    allowed = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef) and function.name == "regions"
        for node in ast.walk(function)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and id(node) not in allowed:
            operands = [node.left, *node.comparators]
            names = {operand.id for operand in operands if isinstance(operand, ast.Name)}
            strings = [
                o for o in operands if isinstance(o, ast.Constant) and o.value in ("zh_CN", "en_US")
            ]
            assert not ("locale" in names and strings), f"{path.name}:{node.lineno} tests a locale"
