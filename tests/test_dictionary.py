"""The data dictionary (labkit.world.dictionary) against the world it documents.

Every column of every table is documented and nothing documented is missing;
natures and structures come from the textbook's sets; every truth table and
every planted-truth row of the curriculum has an entry; datasets/README.md is
what render_data_dictionary() makes now.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import labkit
from labkit import vocabularies
from labkit.world import LOCALES, TABLE_ORDER, dictionary
from labkit.world.dictionary import (
    NATURE_ZH,
    PLANTED,
    STRUCTURE_ZH,
    TABLES,
    TRUTH,
    describe_columns,
    render_data_dictionary,
)
from labkit.world.generator import calendar
from labkit.world.generator import parameters as params

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "datasets" / "README.md"

#: The rows of the planted-truth table in CURRICULUM.md, one key each.
CURRICULUM_ROWS = (
    "segments",  # behavioural segments of consumers
    "churn",  # churn propensity from recency, complaints, unresolved tickets, tenure
    "bundles",  # product bundles bought together
    "duplicates",  # duplicate customer records across channels
    "errors",  # invalid and missing values
    "income_spending",  # income <-> spending correlation
    "seasonality",  # monthly sales with trend and seasonality
    "repeat_purchase",  # a repeat-purchase process of known parameters (BG/NBD-style)
    "credit",  # credit quality of business accounts
    "feedback",  # sentiment and topic of feedback texts
)
CHAPTERS = {f"{n:02d}" for n in range(13)}


@pytest.fixture(scope="module", params=LOCALES)
def world(request) -> labkit.World:
    return labkit.make_world(seed=11, n_customers=300, locale=request.param)


# ----------------------------------------------------------------------------- coverage
def test_every_table_is_documented(world):
    assert list(world.tables) == list(TABLES), "TABLES follows the world's table order"


def test_every_column_is_documented_and_nothing_more(world):
    for name, df in world.tables.items():
        documented = list(TABLES[name]["columns"])
        missing = [c for c in df.columns if c not in documented]
        extra = [c for c in documented if c not in df.columns]
        assert not missing, (
            f"{name}: columns without an entry in labkit.world.dictionary.TABLES: {missing}"
        )
        assert not extra, f"{name}: documented columns the world does not have: {extra}"
        assert documented == list(df.columns), f"{name}: documented in another order"


def test_every_truth_table_is_documented(world):
    assert set(world.truth.names) == set(TRUTH)
    for name in world.truth.names:
        cols = list(world.truth[name].columns)
        assert list(TRUTH[name]["columns"]) == cols, f"truth/{name}"


def test_entries_are_complete_and_from_the_allowed_sets():
    assert NATURE_ZH == {"descriptive": "描述类", "behavioural": "行为类", "relational": "关联类"}
    assert STRUCTURE_ZH == {
        "structured": "结构化",
        "semi-structured": "半结构化",
        "unstructured": "非结构化",
    }
    for name, info in TABLES.items():
        for key in ("description", "channel", "grain"):
            assert isinstance(info[key], str) and info[key].strip(), f"{name}.{key}"
        for col, c in info["columns"].items():
            where = f"{name}.{col}"
            assert set(c) == {"meaning", "nature", "structure", "unit"}, where
            assert c["meaning"].strip(), where
            assert c["nature"] in NATURE_ZH, f"{where}: nature {c['nature']!r}"
            assert c["structure"] in STRUCTURE_ZH, f"{where}: structure {c['structure']!r}"
            assert isinstance(c["unit"], str), where


def test_structure_of_the_textbook_examples():
    d = describe_columns().set_index(["table", "column"])
    assert d.loc[("web_events", "payload"), "structure"] == "semi-structured"
    assert d.loc[("feedback", "text"), "structure"] == "unstructured"
    others = d.drop(index=[("web_events", "payload"), ("feedback", "text")])
    assert set(others["structure"]) == {"structured"}
    # one clear example of each nature
    assert d.loc[("customers", "birth_date"), "nature"] == "descriptive"
    assert d.loc[("orders", "ordered_at"), "nature"] == "behavioural"
    assert d.loc[("surveys", "nps"), "nature"] == "relational"


def test_money_columns_name_both_currencies():
    d = describe_columns()
    money = d[d["unit"].str.contains("CNY")]
    assert {"price", "unit_price", "amount", "income", "credit_limit"} <= set(money["column"])
    assert money["unit"].str.contains("USD").all()


def test_every_curriculum_row_has_an_entry():
    assert set(PLANTED) == set(CURRICULUM_ROWS)
    for key, p in PLANTED.items():
        for field in ("truth", "method", "answer", "finds"):
            assert isinstance(p[field], str) and p[field].strip(), f"{key}.{field}"
        assert p["how"] and all(isinstance(x, str) and x.strip() for x in p["how"]), key
        assert p["chapters"] and set(p["chapters"]) <= CHAPTERS, key
        assert set(p["truth_tables"]) <= set(TRUTH), key
    without = {k for k, p in PLANTED.items() if not p["truth_tables"]}
    assert without == {"income_spending", "seasonality"}


def test_truth_entries_are_complete():
    for name, t in TRUTH.items():
        for field in ("description", "grain", "finds"):
            assert isinstance(t[field], str) and t[field].strip(), f"{name}.{field}"
        assert t["how"] and all(isinstance(x, str) and x.strip() for x in t["how"]), name
        assert t["chapters"] and set(t["chapters"]) <= CHAPTERS, name
        assert all(m.strip() for m in t["columns"].values()), name


def test_named_parameters_exist():
    """Every CAPITAL_NAME the documentation cites is a real generator constant."""
    from labkit.world.generator import engagement

    text = " ".join(item for entry in [*TRUTH.values(), *PLANTED.values()] for item in entry["how"])
    names = set(re.findall(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b", text)) | {"WEEKDAY", "HOURS"}
    modules = (params, calendar, engagement)
    unknown = sorted(n for n in names if not any(hasattr(m, n) for m in modules))
    assert not unknown, f"documentation names constants that do not exist: {unknown}"
    for name in ("SEGMENT_SHARE", "DEFECTION_LOGIT", "DUPLICATE_SHARE", "ERROR_RATES"):
        assert name in text


def test_parameter_values_follow_params():
    how = " ".join(TRUTH["churn"]["how"])
    assert f"{params.DEFECTION_LOGIT['intercept']:g}" in how
    income = " ".join(PLANTED["income_spending"]["how"])
    assert f"INCOME_WEALTH_RHO = {params.INCOME_WEALTH_RHO:g}" in income
    assert f"INCOME_SPENDING_CORR = {params.INCOME_SPENDING_CORR:g}" in income


# ----------------------------------------------------------------------------- describe_columns
def test_describe_columns_one_table():
    df = describe_columns("orders")
    assert list(df.columns) == ["table", "column", "meaning", "nature", "structure", "unit"]
    assert list(df["column"]) == list(TABLES["orders"]["columns"])
    assert set(df["table"]) == {"orders"}


def test_describe_columns_all_tables():
    df = describe_columns()
    assert isinstance(df, pd.DataFrame)
    assert list(dict.fromkeys(df["table"])) == list(TABLE_ORDER)
    assert len(df) == sum(len(t["columns"]) for t in TABLES.values())
    assert not df.duplicated(["table", "column"]).any()


@pytest.mark.parametrize("bad", ["order", "segments", "", 3, ["orders"]])
def test_describe_columns_unknown_table_names_the_tables(bad):
    with pytest.raises(ValueError, match=r"unknown table .*the tables are: customers, accounts"):
        describe_columns(bad)


def test_describe_columns_points_truth_names_to_truth():
    with pytest.raises(ValueError, match="a truth table"):
        describe_columns("churn")


# ----------------------------------------------------------------------------- README
def test_readme_is_in_step_with_the_dictionary():
    assert README.exists(), "datasets/README.md is missing: run `python3 run.py datasets`"
    shipped = README.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert shipped == render_data_dictionary(), (
        "datasets/README.md differs from labkit.world.dictionary.render_data_dictionary(): "
        "run `python3 run.py datasets` to regenerate it"
    )


def test_render_is_deterministic_and_uses_given_counts():
    counts = {loc: {name: 1000 + i for i, name in enumerate(TABLE_ORDER)} for loc in LOCALES}
    a = render_data_dictionary(row_counts=counts)
    assert a == render_data_dictionary(row_counts=counts)
    assert "| 1,000 | 1,000 |" in a  # customers, both locales
    assert a.startswith("# ") and a.endswith("\n")
    for heading in ["## How to load the data", "## The planted truth (answer key)"]:
        assert heading in a
    for name in TABLE_ORDER:
        assert f"\n## {name}\n" in a
    for name in TRUTH:
        assert f"\n### truth/{name}\n" in a
    assert "utf-8-sig" in a and "python3 run.py datasets" in a


def test_render_without_saved_worlds_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"world\.json.*python3 run\.py datasets"):
        render_data_dictionary(root=tmp_path)


def test_render_with_everything_given_reads_no_files(tmp_path):
    counts = {loc: {} for loc in LOCALES}
    types = {loc: {"customers": {"customer_id": "int64"}} for loc in LOCALES}
    facts = {loc: {} for loc in LOCALES}
    text = render_data_dictionary(counts, types, root=tmp_path, fact_values=facts)
    assert "| `customer_id` | `int64` |" in text
    assert "| `name` | `?` |" in text  # unknown types are shown, not invented


def test_import_has_no_side_effects(tmp_path):
    code = (
        "import labkit.world.dictionary, sys; "
        "sys.exit(0 if len(labkit.world.dictionary.TABLES) == 17 else 1)"
    )
    env = {"LABKIT_DATA": str(tmp_path / "nowhere"), "PATH": ""}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert not (tmp_path / "nowhere").exists()


def test_world_summary_uses_the_descriptions(world):
    summary = world.summary()
    assert summary.loc["orders", "what it holds"] == TABLES["orders"]["description"]


@pytest.mark.slow
def test_verify_datasets_reports_a_stale_or_missing_readme(tmp_path):
    root = tmp_path / "datasets"
    shutil.copytree(ROOT / "datasets", root)
    problems = labkit.world.verify_datasets(root)
    assert not [p for p in problems if p.startswith("README.md")], problems
    (root / "README.md").write_text("# old\n", encoding="utf-8")
    problems = labkit.world.verify_datasets(root)
    assert "README.md: differs from labkit.world.dictionary.render_data_dictionary()" in problems
    (root / "README.md").unlink()
    problems = labkit.world.verify_datasets(root)
    assert f"README.md: missing from {root}" in problems


def test_module_exports():
    assert set(dictionary.__all__) <= set(dir(dictionary))


# ----------------------------------------------------------------------------- facts stated once
def test_natures_and_structures_are_the_vocabularies():
    assert NATURE_ZH is vocabularies.INFORMATION_NATURES
    assert STRUCTURE_ZH is vocabularies.INFORMATION_STRUCTURES


#: Columns whose meaning names every value of a vocabulary.
VALUE_LISTS = [
    ("customers", "gender", vocabularies.GENDERS),
    ("customers", "education", vocabularies.EDUCATION_LEVELS),
    ("customers", "marital_status", vocabularies.MARITAL_STATUSES),
    ("customers", "signup_channel", vocabularies.SIGNUP_CHANNELS),
    ("customers", "member_tier", vocabularies.MEMBER_TIERS),
    ("accounts", "industry", vocabularies.INDUSTRIES),
    ("accounts", "size_band", vocabularies.SIZE_BANDS),
    ("contacts", "role", vocabularies.CONTACT_ROLES),
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
    ("invoices", "status", vocabularies.INVOICE_STATUSES),
    ("opportunities", "stage", vocabularies.OPPORTUNITY_STAGES),
    ("raw_records", "source", vocabularies.RECORD_SOURCES),
]


@pytest.mark.parametrize(("table", "column", "values"), VALUE_LISTS, ids=lambda v: str(v)[:20])
def test_value_lists_name_every_value_of_the_vocabulary(table, column, values):
    words = set(re.findall(r"[A-Za-z_]+", TABLES[table]["columns"][column]["meaning"]))
    missing = [v for v in values if v not in words]
    assert not missing, f"{table}.{column} does not name {missing}"


def test_truth_value_lists_follow_the_vocabularies():
    assert TRUTH["segments"]["columns"]["segment"].endswith(", ".join(vocabularies.SEGMENTS) + ".")
    assert TRUTH["interests"]["columns"]["favourite_category"].endswith(
        ", ".join(vocabularies.CATEGORIES) + "."
    )
    for column, values in (
        ("topic", vocabularies.FEEDBACK_TOPICS),
        ("sentiment", vocabularies.SENTIMENTS),
    ):
        words = set(re.findall(r"[a-z_]+", TRUTH["feedback"]["columns"][column]))
        assert set(values) <= words, column


def test_member_tiers_follow_their_shares():
    meaning = TABLES["customers"]["columns"]["member_tier"]["meaning"]
    assert "the top 4% platinum, the next 11% gold, the next 30% silver" in meaning
    assert meaning.endswith("everyone who spent nothing) bronze.")


def test_size_bands_follow_their_limits():
    meaning = TABLES["accounts"]["columns"]["size_band"]["meaning"]
    assert meaning == (
        "micro (under 10 employees), small (10-49), medium (50-249) or large (250 and more)."
    )


# ----------------------------------------------------------------------------- entries
def test_a_column_entry_checks_nature_and_structure():
    from labkit.world.dictionary.entries import column

    entry = column("Text.", "relational", structure="unstructured")
    assert entry == {
        "meaning": "Text.",
        "nature": "relational",
        "structure": "unstructured",
        "unit": "",
    }
    with pytest.raises(ValueError, match="nature must be one of descriptive"):
        column("Text.", "emotional")
    with pytest.raises(ValueError, match="structure must be one of structured"):
        column("Text.", "relational", structure="tabular")


@pytest.mark.parametrize(
    ("values", "text"),
    [((), ""), (("a",), "a"), (("a", "b"), "a or b"), (("a", "b", "c"), "a, b or c")],
)
def test_one_of_writes_a_value_list(values, text):
    from labkit.world.dictionary.entries import one_of

    assert one_of(values) == text


def test_the_notebooks_imports_still_work():
    from labkit.world.dictionary import (  # noqa: F401  (notebook 01 and labkit.database)
        TABLES,
        describe_columns,
        render_data_dictionary,
        shipped_row_counts,
    )

    counts = shipped_row_counts(ROOT / "datasets")
    assert counts["en_US"]["customers"] == 5000
    assert set(counts) == set(LOCALES)
