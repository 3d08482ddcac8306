"""Chapter 04 · Maintaining and securing the database: questions.

Every expected answer is computed from the learner's own world with pandas
(no database is needed to check), so the same questions work for any seed,
size and locale. The scenario each question refers to is described in the
solutions notebook: the call centre withdraws the marketing consent of every
customer who filed a complaint, the dictionary attack enumerates the most
common number block, the injected search uses ``x' OR '1'='1``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from labkit.privacy import mask_phone
from labkit.questions import Mistake, Question

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World


def _complainants(world: World) -> pd.Index:
    """Customers with at least one complaint ticket (the call-centre scenario)."""
    t = world["service_tickets"]
    return pd.Index(t.loc[t["topic"] == "complaint", "customer_id"].unique())


def _consenting_complainants(world: World) -> int:
    c = world["customers"]
    ids = _complainants(world)
    return int(c.loc[c["customer_id"].isin(ids), "marketing_consent"].sum())


def _block_sizes(world: World) -> pd.Series:
    """Customers per number block: the phone's digits without the last four."""
    digits = world["customers"]["phone"].map(lambda p: re.sub(r"\D", "", str(p)))
    return digits.str[:-4].value_counts()


def _age_band_count(world: World, band: tuple[int, int]) -> int:
    c = world["customers"]
    days = (world.as_of - c["birth_date"]).dt.days
    age = (days / 365.25).astype(int)
    return int(((age >= band[0]) & (age <= band[1])).sum())


def _top_orderer(world: World) -> int:
    counts = world["orders"]["customer_id"].value_counts()
    return int(counts[counts == counts.max()].index.min())


def _orders_and_lines(world: World) -> int:
    cid = _top_orderer(world)
    orders = world["orders"].loc[world["orders"]["customer_id"] == cid, "order_id"]
    return len(orders) + int(world["order_items"]["order_id"].isin(orders).sum())


def _world_rows(world: World) -> int:
    return sum(len(df) for df in world.tables.values())


def _reach(world: World, consent: bool = True) -> int:
    c = world["customers"]
    top = c["member_tier"].isin(["gold", "platinum"])
    return int((top & c["marketing_consent"]).sum()) if consent else int(top.sum())


QUESTIONS = [
    Question(
        id="04.q1",
        prompt="How many customers have no e-mail address on file?",
        expected=lambda w: int(w["customers"]["email"].isna().sum()),
        kind="count",
        answer_kind="a whole number of customers",
        hint="Count the missing values (isna) in the email column of customers.",
        mistakes=(
            Mistake(
                lambda w: int(w["customers"]["email"].notna().sum()),
                "That is the number of customers *with* an e-mail; the question asks for "
                "those without one.",
            ),
        ),
    ),
    Question(
        id="04.q2",
        prompt="How many rows do the world's tables hold in all?",
        expected=_world_rows,
        kind="count",
        answer_kind="a whole number of rows",
        hint="Add up the row counts of every table in world.tables (or of verify()'s counts "
        "for those tables only).",
        mistakes=(
            Mistake(
                lambda w: _world_rows(w) + 5,
                "You also counted the meta table the database keeps about itself; count only "
                "the world's tables.",
            ),
            Mistake(
                lambda w: len(w["customers"]),
                "That is one table; the backup holds every table.",
            ),
        ),
    ),
    Question(
        id="04.q3",
        prompt="How many customers does the marketing view put in the age band 25-34?",
        expected=lambda w: _age_band_count(w, (25, 34)),
        kind="count",
        answer_kind="a whole number of customers",
        hint="Query the view: SELECT COUNT(*) FROM marketing_customers WHERE age_band = "
        "'25-34'. Ages are counted at the world's as_of date, not today.",
        mistakes=(
            Mistake(
                lambda w: _age_band_count(w, (25, 35)),
                "The band 25-34 stops before 35.",
            ),
        ),
    ),
    Question(
        id="04.q4",
        prompt="How many audit-log entries does user call_centre leave?",
        expected=lambda w: len(_complainants(w)),
        kind="count",
        answer_kind="a whole number of audit entries",
        hint="One UPDATE of a customer row is one audit entry: SELECT COUNT(*) FROM audit_log "
        "WHERE who = 'call_centre'.",
        mistakes=(
            Mistake(
                lambda w: int((w["service_tickets"]["topic"] == "complaint").sum()),
                "You counted complaint tickets; a customer with two complaints is updated "
                "once, so count customers.",
            ),
            Mistake(
                _consenting_complainants,
                "That counts only the updates that changed the value; the trigger records "
                "every UPDATE, including those that set 0 where it already was 0.",
            ),
        ),
    ),
    Question(
        id="04.q5",
        prompt="In how many of those audit entries did consent really change?",
        expected=_consenting_complainants,
        kind="count",
        answer_kind="a whole number of audit entries",
        hint="Compare json_extract(old, '$.marketing_consent') with "
        "json_extract(new, '$.marketing_consent') in audit_log.",
        mistakes=(
            Mistake(
                lambda w: len(_complainants(w)),
                "That is every entry of call_centre; keep those whose old value was 1.",
            ),
        ),
    ),
    Question(
        id="04.q6",
        prompt="How many plain SHA-256 phone hashes does the dictionary attack reverse?",
        expected=lambda w: int(_block_sizes(w).head(100).sum()),
        kind="count",
        answer_kind="a whole number of phone numbers",
        hint="Hash all 1,000,000 numbers of those blocks the same way as the export (digits "
        "only, SHA-256) and count the export's hashes that appear among them.",
        mistakes=(
            Mistake(
                lambda w: 1_000_000,
                "That is how many numbers you tried, not the "
                "number of customers whose hash matched.",
            ),
            Mistake(
                lambda w: int(_block_sizes(w).max()),
                "That is the most common block alone; the question enumerates the 100 most common.",
            ),
            Mistake(
                lambda w: 0,
                "Zero is what the attack gets against the HMAC pseudonyms; "
                "against the plain hash it works.",
            ),
        ),
    ),
    Question(
        id="04.q7",
        prompt="How is the phone number of customer 1 shown once masked for display?",
        expected=lambda w: mask_phone(
            w["customers"].loc[w["customers"]["customer_id"] == 1, "phone"].iloc[0]
        ),
        kind="text",
        answer_kind="the masked phone number as text",
        hint="Use labkit.privacy.mask_phone on the phone of customer_id 1.",
        mistakes=(
            Mistake(
                lambda w: str(
                    w["customers"].loc[w["customers"]["customer_id"] == 1, "phone"].iloc[0]
                ),
                "That is the full number; masking hides the middle digits.",
            ),
        ),
    ),
    Question(
        id="04.q8",
        prompt="How many rows does the string-built name search return?",
        expected=lambda w: len(w["customers"]),
        kind="count",
        answer_kind="a whole number of rows",
        hint="The injected OR '1'='1' is true for every row, so the query returns the whole "
        "customers table.",
        mistakes=(
            Mistake(
                lambda w: 0,
                "Zero is what the parameterised query returns (no customer "
                "is called that); the string-built one returns every row.",
            ),
        ),
    ),
    Question(
        id="04.q9",
        prompt="How many gold and platinum members may the campaign contact?",
        expected=_reach,
        kind="count",
        answer_kind="a whole number of customers",
        hint="Keep the gold and platinum members whose marketing_consent is 1 (true).",
        mistakes=(
            Mistake(
                lambda w: _reach(w, consent=False),
                "You forgot the consent flag: customers who said no may not be contacted.",
            ),
        ),
    ),
    Question(
        id="04.q10",
        prompt="How many rows leave orders and order_items together?",
        expected=_orders_and_lines,
        kind="count",
        answer_kind="a whole number of rows",
        hint="Read the counts erase_customer returns (or count before erasing): the "
        "customer's orders plus the order lines of those orders.",
        mistakes=(
            Mistake(
                lambda w: int((w["orders"]["customer_id"] == _top_orderer(w)).sum()),
                "That is the orders only; their order lines (order_items) go too.",
            ),
        ),
    ),
]
