"""Chapter 04 · Maintaining and securing the database: questions.

Every expected answer is computed from the learner's own world with pandas
(no database is needed to check), so the same questions work for any seed,
size and locale. The scenarios the questions refer to are described in the
solutions notebook: e-mail gaps filled by upsert for customers 1-300, tiers
re-verified half a year apart, a clerk deleting the low-rated feedback, a
supervisor switching off the marketing consent of every complainant, the
dictionary attack on the 50 most common number blocks, the injected search
``x' OR member_tier = 'platinum``, the erasure of the most active customer,
the ten draft clauses of a rule book (numbered per world), the Fernet tokens of
customers 1-300 with the call-centre sign-ups' tokens altered.

A scenario cell run twice must not earn a tick either: where a second run
changes the result (the consent switch writes more audit entries, a second
erasure finds nothing), a :class:`Mistake` recognises the doubled result and
says so.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

import pandas as pd

from labkit.privacy import mask_phone, pseudonymise
from labkit.questions import AnyOf, Mistake, Question
from labkit.questions.sales import valued_orders

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World

#: The key of the HMAC exercise (a lab key, printed in the prompt on purpose).
EXERCISE_KEY = "xudong-exercise-key-2025"
#: Customers whose e-mail gap the upsert exercise fills (ids up to this one).
GAP_FILL_LAST_ID = 300
TIERS = ["bronze", "silver", "gold", "platinum"]
TOP_TIERS = ["gold", "platinum"]
TWICE = (
    "That is what a scenario cell run twice gives. Rebuild the database (run the notebook "
    "from the top, Kernel ▸ Restart & Run All) and run each scenario cell once."
)


def _complainants(world: World) -> pd.Index:
    """Customers with at least one complaint ticket (the consent-switch scenario)."""
    t = world["service_tickets"]
    return pd.Index(t.loc[t["topic"] == "complaint", "customer_id"].unique())


def _consenting_complainants(world: World) -> int:
    c = world["customers"]
    ids = _complainants(world)
    return int(c.loc[c["customer_id"].isin(ids), "marketing_consent"].sum())


def _digits(world: World) -> pd.Series:
    return world["customers"]["phone"].map(lambda p: re.sub(r"\D", "", str(p)))


def _block_sizes(world: World) -> pd.Series:
    """Customers per number block: the phone's digits without the last four."""
    return _digits(world).str[:-4].value_counts()


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


def _gap_fills(world: World) -> int:
    """Customers 1-300 without an e-mail: the rows the upsert exercise changes."""
    c = world["customers"]
    return int((c["email"].isna() & (c["customer_id"] <= GAP_FILL_LAST_ID)).sum())


def tier_on(world: World, day: pd.Timestamp) -> pd.Series:
    """Xudong's tier rule on ``day``: rank the 12 months' spending (top 4%, 11%, 30%)."""
    orders = valued_orders(world, statuses=None)
    recent = orders[
        (orders["ordered_at"] > day - pd.Timedelta(days=365)) & (orders["ordered_at"] <= day)
    ]
    ids = world["customers"]["customer_id"]
    spend = recent.groupby("customer_id")["value"].sum().reindex(ids, fill_value=0)
    rank = spend.rank(pct=True, method="first")
    tier = pd.cut(rank, [0, 0.55, 0.85, 0.96, 1], labels=TIERS).astype(str)
    return tier.where(spend > 0, "bronze")


def _tier_moves(world: World, days: int) -> int:
    before = tier_on(world, world.as_of - pd.Timedelta(days=days))
    return int((before != tier_on(world, world.as_of)).sum())


def grade_on(world: World, day: pd.Timestamp, window_days: int = 365) -> pd.Series:
    """Xudong's credit grade of each account on ``day``, from its invoices due in the window.

    The share of those invoices paid by their due date (by the calendar day): A from 90%,
    B from 60%, C below. Accounts with no invoice due in the window get no grade.
    """
    inv = world["invoices"]
    start = day - pd.Timedelta(days=window_days)
    due = inv[(inv["due_date"] > start) & (inv["due_date"] <= day)]
    paid_on_time = due["paid_at"].notna() & (due["paid_at"].dt.normalize() <= due["due_date"])
    paid_on_time &= due["paid_at"] <= day
    share = paid_on_time.groupby(due["account_id"]).mean()
    return pd.cut(share, [-0.01, 0.6, 0.9, 1], right=False, labels=["C", "B", "A"]).astype(str)


def _grade_counts(world: World, days_before: int, window_days: int = 365) -> pd.Series:
    day = world.as_of - pd.Timedelta(days=days_before)
    counts = grade_on(world, day, window_days).value_counts().sort_index()
    return counts.rename("accounts").rename_axis("grade")


def _low_ratings(world: World, worst: int = 2) -> int:
    return int((world["feedback"]["rating"] <= worst).sum())


def _reversed(world: World, n_blocks: int) -> int:
    return int(_block_sizes(world).head(n_blocks).sum())


def _phones(world: World, first: int, last: int) -> pd.Series:
    c = world["customers"].set_index("customer_id")
    return c.loc[first:last, "phone"]


def _pseudonyms(world: World) -> pd.Series:
    digits = _phones(world, 1, 5).map(lambda p: re.sub(r"\D", "", str(p)))
    return pseudonymise(digits, EXERCISE_KEY).rename("pseudonym")


def _plain_hashes(world: World) -> pd.Series:
    digits = _phones(world, 1, 5).map(lambda p: re.sub(r"\D", "", str(p)))
    return digits.map(lambda d: hashlib.sha256(d.encode()).hexdigest()).rename("pseudonym")


def _reach_by_channel(world: World, *, after_switch: bool = True, tiers=TOP_TIERS) -> pd.DataFrame:
    """Members of the given tiers and how many may be contacted, per sign-up channel."""
    c = world["customers"]
    consent = c["marketing_consent"].astype(bool)
    if after_switch:
        consent = consent & ~c["customer_id"].isin(_complainants(world))
    top = c["member_tier"].isin(tiers)
    frame = pd.DataFrame({"signup_channel": c["signup_channel"], "members": top,
                          "may_contact": top & consent})
    return frame.groupby("signup_channel", observed=True)[["members", "may_contact"]].sum()\
        .astype(int).reset_index()


#: The section of each draft clause of the rule-book exercise, in the order the solutions
#: notebook lists the drafts (the notebook numbers them R01-R10 in a per-world order).
CLAUSE_SECTIONS = (
    "use", "maintenance", "general", "security", "maintenance",
    "use", "security", "general", "maintenance", "use",
)
#: The short Chinese name of each section of the rule book, as the lesson's table writes them.
SECTION_NAMES_ZH = {"general": "总则", "use": "使用", "maintenance": "修改与维护",
                    "security": "安全管理"}
#: The customers whose phones the encryption exercise encrypts (ids up to this one).
ENCRYPTED_LAST_ID = 300
#: The sign-up channel whose customers' tokens the encryption scenario alters.
ALTERED_CHANNEL = "call_centre"


def _rule_book_labels(world: World) -> AnyOf:
    """The rule book's sections, in English labels or all in the lesson's Chinese names."""
    sections = _rule_book(world)
    return AnyOf((sections, sections.map(SECTION_NAMES_ZH)))


def _rule_book(world: World, moved: tuple[int, str] | None = None) -> pd.Series:
    """Each clause id (R01-R10, shuffled by the world's seed) with its section.

    ``moved`` puts one draft (by its position in the list) under another section: the
    confusion a :class:`Mistake` recognises.
    """
    sections = list(CLAUSE_SECTIONS)
    if moved is not None:
        sections[moved[0]] = moved[1]
    order = pd.Series(range(len(sections))).sample(frac=1, random_state=world.seed)
    ids = [f"R{k:02d}" for k in range(1, len(sections) + 1)]
    return pd.Series([sections[i] for i in order], index=pd.Index(ids, name="clause"),
                     name="section")


def _token_counts(world: World, rejected: str = "altered") -> pd.Series:
    """Tokens that decrypt and tokens refused, of customers 1-300's encrypted phones.

    The scenario alters the token of every customer in the file who signed up through
    the call centre; ``rejected`` says
    what a method refuses: the altered ones (right), ``"none"`` or ``"all"``.
    """
    c = world["customers"]
    in_file = c["customer_id"] <= ENCRYPTED_LAST_ID
    n = int(in_file.sum())
    altered = int((in_file & (c["signup_channel"] == ALTERED_CHANNEL)).sum())
    refused = {"altered": altered, "none": 0, "all": n}[rejected]
    return pd.Series({"decrypted": n - refused, "rejected": refused}, name="tokens")


QUESTIONS = [
    Question(
        id="04.q1",
        prompt="How many customers have no e-mail on file (exact whole number)?",
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
        prompt="How many rows does customers_history hold after the upsert (exact whole number)?",
        expected=lambda w: 2 * _gap_fills(w),
        kind="count",
        answer_kind="a whole number of history rows",
        hint="Each changed customer gets two versions: the old one, closed (valid_to set), "
        "and the new one, open. SELECT COUNT(*) FROM customers_history.",
        mistakes=(
            Mistake(
                _gap_fills,
                "That is the number of customers changed; each has two versions in the "
                "history, the closed old one and the open new one.",
            ),
            Mistake(
                lambda w: 2 * int(w["customers"]["email"].isna().sum()),
                "You filled the gaps of every customer; the exercise fills those of "
                "customers 1 to 300 only.",
            ),
        ),
    ),
    Question(
        id="04.q3",
        prompt="How many customers' tiers differ between as_of and 182 days before (exact count)?",
        expected=lambda w: _tier_moves(w, 182),
        kind="count",
        answer_kind="a whole number of customers",
        hint="Run tier_on(world.as_of - pd.Timedelta(days=182)) and tier_on(world.as_of) and "
        "count the customers where the two differ.",
        mistakes=(
            Mistake(
                lambda w: _tier_moves(w, 91),
                "That is a quarter (91 days); the question compares with half a year, 182 days.",
            ),
            Mistake(
                lambda w: len(w["customers"]) - _tier_moves(w, 182),
                "That counts the customers whose tier stayed the same; count those whose "
                "tier changed.",
            ),
        ),
    ),
    Question(
        id="04.q4",
        prompt="How many accounts had each credit grade 182 days before as_of "
        "(Series, exact)?",
        expected=lambda w: _grade_counts(w, 182),
        kind="series",
        answer_kind="a Series of account counts indexed by grade (A, B, C)",
        hint="grade_on(world.as_of - pd.Timedelta(days=182)).value_counts(): the rule looks at "
        "the invoices due in the 365 days up to that day, as they stood that day.",
        mistakes=(
            Mistake(
                lambda w: _grade_counts(w, 0),
                "Those are the grades on as_of; the question asks for the grades half a year "
                "(182 days) earlier.",
            ),
            Mistake(
                lambda w: _grade_counts(w, 182, window_days=100_000),
                "You graded on every invoice due before that day; the rule looks at the 365 "
                "days up to it only.",
            ),
        ),
    ),
    Question(
        id="04.q5",
        prompt="How many rows do the world's tables hold in all (exact whole number)?",
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
            Mistake(
                lambda w: _world_rows(w) + 2 * _gap_fills(w),
                "You counted customers_history too; it is the database's own table, not "
                "one of world.tables.",
            ),
        ),
    ),
    Question(
        id="04.q6",
        prompt="How many feedback rows does the restore bring back (exact whole number)?",
        expected=_low_ratings,
        kind="count",
        answer_kind="a whole number of rows",
        hint="Compare the backup with the damaged file before restoring: "
        "database.compare_counts(backup, path) shows the difference per table.",
        mistakes=(
            Mistake(
                lambda w: len(w["feedback"]),
                "That is every feedback row; the restore brings back only those the "
                "accident deleted (the rest were never gone).",
            ),
            Mistake(
                lambda w: _low_ratings(w, 1),
                "The clerk deleted ratings of 2 *and below* (<= 2), not only the ones.",
            ),
        ),
    ),
    Question(
        id="04.q7",
        prompt="How many customers does the view put in age band 25-34 (exact whole number)?",
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
        id="04.q8",
        prompt="How many audit-log entries does user supervisor leave (exact whole number)?",
        expected=lambda w: len(_complainants(w)),
        kind="count",
        answer_kind="a whole number of audit entries",
        hint="One UPDATE of a customer row is one audit entry: SELECT COUNT(*) FROM audit_log "
        "WHERE who = 'supervisor'.",
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
            Mistake(lambda w: 2 * len(_complainants(w)), TWICE),
        ),
    ),
    Question(
        id="04.q9",
        prompt="In how many of those entries did consent really change (exact whole number)?",
        expected=_consenting_complainants,
        kind="count",
        answer_kind="a whole number of audit entries",
        hint="Compare json_extract(old, '$.marketing_consent') with "
        "json_extract(new, '$.marketing_consent') in audit_log.",
        mistakes=(
            Mistake(
                lambda w: len(_complainants(w)),
                "That is every entry of supervisor; keep those whose old value was 1.",
            ),
        ),
    ),
    Question(
        id="04.q10",
        prompt="How many SHA-256 phone hashes does the attack on 50 blocks reverse (exact count)?",
        expected=lambda w: _reversed(w, 50),
        kind="count",
        answer_kind="a whole number of phone numbers",
        hint="Hash all 500,000 numbers of those blocks the same way as the export (digits "
        "only, SHA-256) and count the export's hashes that appear among them.",
        mistakes=(
            Mistake(
                lambda w: 500_000,
                "That is how many numbers you tried, not the number of customers whose "
                "hash matched.",
            ),
            Mistake(
                lambda w: _reversed(w, 100),
                "That is the teaching notebook's attack on 100 blocks; this one tries the "
                "50 most common.",
            ),
            Mistake(
                lambda w: int(_block_sizes(w).max()),
                "That is the most common block alone; the question enumerates the 50 most common.",
            ),
            Mistake(
                lambda w: 0,
                "Zero is what the attack gets against the HMAC pseudonyms; "
                "against the plain hash it works.",
            ),
        ),
    ),
    Question(
        id="04.q11",
        prompt="HMAC pseudonyms of customers 1-5's phone digits (Series by customer_id, exact)?",
        expected=_pseudonyms,
        kind="series",
        answer_kind="a Series of 5 pseudonyms indexed by customer_id",
        hint=f"privacy.pseudonymise(digits, '{EXERCISE_KEY}') on the digits of those five "
        "phones; keep customer_id as the index.",
        mistakes=(
            Mistake(
                _plain_hashes,
                "Those are plain SHA-256 hashes, without the key: anyone can rebuild them by "
                "enumeration. Use privacy.pseudonymise with the key.",
            ),
        ),
    ),
    Question(
        id="04.q12",
        prompt="Masked phones of customers 11-15 (Series of text by customer_id, exact)?",
        expected=lambda w: _phones(w, 11, 15).map(mask_phone),
        kind="series",
        answer_kind="a Series of 5 masked phone numbers indexed by customer_id",
        hint="Select the five customers, then .map(privacy.mask_phone) on their phone column.",
        mistakes=(
            Mistake(
                lambda w: _phones(w, 11, 15),
                "Those are the full numbers; masking hides the middle digits.",
            ),
        ),
    ),
    Question(
        id="04.q13",
        prompt="How many rows does the string-built name search return (exact whole number)?",
        expected=lambda w: int((w["customers"]["member_tier"] == "platinum").sum()),
        kind="count",
        answer_kind="a whole number of rows",
        hint="The typed text closes the quote and adds its own condition: the query returns "
        "every platinum member.",
        mistakes=(
            Mistake(
                lambda w: 0,
                "Zero is what the parameterised query returns (no customer is called "
                "that); the string-built one runs the typed condition.",
            ),
            Mistake(
                lambda w: len(w["customers"]),
                "That is the teaching notebook's OR '1'='1', which returns every row; this "
                "input returns only the rows its condition selects.",
            ),
        ),
    ),
    Question(
        id="04.q14",
        prompt="Gold and platinum members and may_contact per sign-up channel (DataFrame, exact)?",
        expected=_reach_by_channel,
        kind="frame",
        answer_kind="a table with one row per sign-up channel",
        hint="From the database: SELECT signup_channel, COUNT(*) AS members, "
        "SUM(marketing_consent) AS may_contact FROM customers WHERE member_tier IN "
        "('gold', 'platinum') GROUP BY signup_channel.",
        mistakes=(
            Mistake(
                lambda w: _reach_by_channel(w, after_switch=False),
                "You read the consent of the world, before the supervisor's switch; the "
                "question asks what the database says now.",
            ),
            Mistake(
                lambda w: _reach_by_channel(w, tiers=TIERS),
                "You counted every tier; the campaign targets gold and platinum only.",
            ),
        ),
    ),
    Question(
        id="04.q15",
        prompt="How many rows leave orders and order_items together (exact whole number)?",
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
            Mistake(
                lambda w: 0,
                "Zero: the erasure cell ran twice and the second run found nothing left. "
                + TWICE,
            ),
        ),
    ),
    Question(
        id="04.q16",
        prompt="The section of each draft clause (Series by clause id, exact labels)?",
        expected=_rule_book_labels,
        kind="series",
        answer_kind="a Series of 10 section labels indexed by clause id",
        hint="General provisions (总则) say what the rules cover and who answers for them; "
        "use (使用) says who may read what and how; change and maintenance (修改与维护) "
        "how data change and are kept recoverable; security (安全管理) how misuse is "
        "detected and prevented. Label each clause id with one of general, use, "
        "maintenance, security (or, all in Chinese, 总则, 使用, 修改与维护, 安全管理).",
        mistakes=(
            Mistake(
                lambda w: _rule_book(w, moved=(1, "use")),
                "The backup clause is change and maintenance (修改与维护): backups keep "
                "the data recoverable; use is about who reads what.",
            ),
            Mistake(
                lambda w: _rule_book(w, moved=(0, "general")),
                "Who may read or change a table is a rule of use (数据库的使用), not a "
                "general provision: 总则 states scope, purpose and who answers for the rules.",
            ),
            Mistake(
                lambda w: _rule_book(w, moved=(3, "maintenance")),
                "The audit log is security management (监督与审计): it records who did "
                "what so misuse is found; maintenance is about keeping the data right "
                "and recoverable.",
            ),
        ),
    ),
    Question(
        id="04.q17",
        prompt="How many tokens decrypt and how many are rejected (Series, exact)?",
        expected=_token_counts,
        kind="series",
        answer_kind="a Series of two whole numbers indexed by decrypted and rejected",
        hint="Decrypt each token with Fernet(lab_key).decrypt in a loop and catch "
        "InvalidToken: an altered token fails authentication. Count both outcomes.",
        mistakes=(
            Mistake(
                lambda w: _token_counts(w, "all"),
                "Every token was refused: a fresh key (Fernet.generate_key()) cannot open "
                "what the lab key encrypted, and comparing tokens with a new encryption "
                "never matches (each token has its own random IV and timestamp). Decrypt "
                "with lab_key.",
            ),
            Mistake(
                lambda w: _token_counts(w, "none"),
                "Some tokens were altered, and Fernet refuses them: it checks each token's "
                "HMAC before decrypting and raises InvalidToken. Catch it and count those.",
            ),
            Mistake(
                lambda w: _token_counts(w).set_axis(["rejected", "decrypted"]),
                "The two counts are swapped: most tokens decrypt, the altered ones are "
                "rejected.",
            ),
        ),
    ),
]
