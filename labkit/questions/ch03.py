"""Chapter 03 · Building the customer database (客户数据库的建立): cleaning and matching.

Every expected answer is computed from the learner's own world (its
``raw_records`` and, for scoring, ``truth.duplicates``), so the same questions
work for any seed, size and locale. Birth dates are judged at ``world.as_of``,
never at today's date.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from labkit import database
from labkit.cleaning import (
    standardise_date,
    standardise_email,
    standardise_phone,
    standardise_records,
    standardise_region,
)
from labkit.database.uploads import messy_upload
from labkit.linkage import (
    RAW_RECORDS_BLOCK_ON,
    RAW_RECORDS_COMPARE,
    find_duplicates,
    pairwise_scores,
)
from labkit.questions import Mistake, Question
from labkit.world import World

_CACHE: dict[tuple[str, str], object] = {}
#: The stricter threshold of question 03.q10: a match probability of 0.9999 (odds of 10,000 to
#: 1). Milder thresholds (0.9, 0.99) link the same pairs as the default on most worlds, where
#: the model is sure of nearly every pair.
STRICT = 0.9999


def _memo(world: World, name: str, compute):
    key = (world.fingerprint, name)
    if key not in _CACHE:
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = compute()
    return _CACHE[key]


def _phones(world: World) -> pd.DataFrame:
    raw = world["raw_records"]["phone"]
    return _memo(world, "phones", lambda: standardise_phone(raw, world.locale))


def _emails(world: World) -> pd.DataFrame:
    return _memo(world, "emails", lambda: standardise_email(world["raw_records"]["email"]))


def _dates(world: World, as_of: bool = True) -> pd.DataFrame:
    day = world.as_of if as_of else None
    raw = world["raw_records"]["birth_date"]
    return _memo(world, f"dates{as_of}", lambda: standardise_date(raw, as_of=day))


def _regions(world: World) -> pd.DataFrame:
    raw = world["raw_records"]
    return _memo(
        world, "regions", lambda: standardise_region(raw["province"], raw["city"], world.locale)
    )


def _clean(world: World) -> pd.DataFrame:
    return _memo(
        world,
        "records",
        lambda: standardise_records(world["raw_records"], world.locale, world.as_of),
    )


def _entities(world: World, threshold: float | None = None) -> pd.Series:
    def compute() -> pd.Series:
        clean = _clean(world)
        return find_duplicates(
            clean, RAW_RECORDS_COMPARE, block_on=RAW_RECORDS_BLOCK_ON, threshold=threshold
        )

    return _memo(world, f"entities{threshold}", compute)


def _scores(world: World, threshold: float | None = None) -> dict[str, float]:
    return pairwise_scores(_entities(world, threshold), world.truth.duplicates["person_id"])


def _failed(frame: pd.DataFrame, reason_excluded: str = "empty") -> int:
    return int((frame["reason"].notna() & (frame["reason"] != reason_excluded)).sum())


def _filled(world: World, column: str, standard: bool = True) -> int:
    """Empty cells of ``column`` that another record of the same matched person fills."""
    values = (_clean(world) if standard else world["raw_records"])[column].reset_index(drop=True)
    best = values.groupby(_entities(world).to_numpy()).transform("first")
    return int((values.isna() & best.notna()).sum())


def _multi_source_people(world: World, column: str = "source") -> int:
    """People of the customer file whose records come from more than one source."""
    per_person = _clean(world)[column].reset_index(drop=True).groupby(_entities(world).to_numpy())
    return (
        int((per_person.nunique() > 1).sum())
        if column == "source"
        else int((per_person.size() > 1).sum())
    )


def _recent(world: World) -> pd.Series:
    """Records captured in the 365 days before ``as_of``."""
    captured = _clean(world)["captured_at"].reset_index(drop=True)
    return captured > world.as_of - pd.Timedelta(days=365)


def _recent_on_file(world: World) -> int:
    entity = pd.Series(_entities(world).to_numpy())
    recent = _recent(world)
    return int(entity[recent].isin(set(entity[~recent])).sum())


def _true_pairs(world: World) -> int:
    sizes = world.truth.duplicates["person_id"].value_counts()
    return int((sizes * (sizes - 1) // 2).sum())


#: The lookup of question 03.q15, and the table whose columns question 03.q16 tries.
LOOKUP = "SELECT * FROM orders WHERE customer_id = ?"
PLAN_TABLE = "orders"


def _plan(con, sql: str) -> str:
    """The detail of the first step of SQLite's query plan for ``sql`` (one ``?``)."""
    return str(con.execute("EXPLAIN QUERY PLAN " + sql, (1,)).fetchall()[0][-1])


def _schema(world: World) -> dict[str, object]:
    """What the schema questions read from the world's database, built once per world."""

    def compute() -> dict[str, object]:
        with tempfile.TemporaryDirectory() as folder:
            con = database.connect(database.build_database(world, Path(folder) / "xudong.db"))
            try:
                tables = [
                    r[0]
                    for r in con.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite_%'"
                    )
                ]
                links = [
                    (t, fk[2])
                    for t in tables
                    for fk in con.execute(f"PRAGMA foreign_key_list({t})")
                ]
                columns = [r[1] for r in con.execute(f"PRAGMA table_info({PLAN_TABLE})")]
                plans = {
                    c: _plan(con, f"SELECT * FROM {PLAN_TABLE} WHERE {c} = ?") for c in columns
                }
                # the first column of each index the schema lists (what PRAGMA index_list shows)
                indexed = {
                    con.execute(f"PRAGMA index_info({index[1]})").fetchall()[0][2]
                    for index in con.execute(f"PRAGMA index_list({PLAN_TABLE})").fetchall()
                }
                references = {fk[3] for fk in con.execute(f"PRAGMA foreign_key_list({PLAN_TABLE})")}
                lookup = _plan(con, LOOKUP)
            finally:
                con.close()
        linking = {child for child, _ in links}
        linked = {parent for _, parent in links}
        return {
            "islands": set(tables) - linking - linked,
            "no_foreign_key": set(tables) - linking,
            "not_referred_to": set(tables) - linked,
            "lookup": lookup,
            "index": lookup.split(" USING INDEX ")[1].split()[0]
            if " USING INDEX " in lookup
            else lookup,
            "searchable": {c for c, plan in plans.items() if plan.startswith("SEARCH")},
            "indexed": indexed,
            "references": references,
        }

    return _memo(world, "schema", compute)


def _import(world: World) -> dict[str, object]:
    """The import of :func:`~labkit.database.uploads.messy_upload` into a fresh database."""

    def compute() -> dict[str, object]:
        with tempfile.TemporaryDirectory() as folder:
            path = database.build_database(world, Path(folder) / "xudong.db")
            upload = messy_upload(world)
            upload.to_csv(Path(folder) / "branch_upload.csv", index=False)
            report = database.import_file(Path(folder) / "branch_upload.csv", "customers", path)
            rejects = pd.read_csv(report.rejects_path, encoding="utf-8-sig", dtype=str)
        reasons = pd.Series(dict(report.reasons), name="rows").sort_values(ascending=False)
        return {
            "reasons": reasons,
            "rejected": report.rejected,
            "accepted": report.accepted,
            "problems": int(reasons.sum()),
            "joined": rejects["reasons"].value_counts(),
            "with_gaps": int(upload.isna().any(axis=1).sum()),
        }

    return _memo(world, "import", compute)


QUESTIONS = [
    Question(
        id="03.q1",
        prompt="How many phones cannot be standardised (written, but missing with a reason)?",
        expected=lambda w: _failed(_phones(w)),
        kind="count",
        answer_kind="an exact whole number of phones",
        hint="Run standardise_phone(raw['phone'], world.locale) and count the rows whose "
        "reason is set, leaving out the reason 'empty' (nothing was written down).",
        mistakes=(
            Mistake(
                lambda w: int(_phones(w)["reason"].notna().sum()),
                "You also counted the phones that were never written down (reason 'empty'); "
                "the question asks for numbers that were written but cannot be standardised.",
            ),
        ),
    ),
    Question(
        id="03.q2",
        prompt="How many phone cells does standardising change (new text, or now missing)?",
        expected=lambda w: int(
            (
                w["raw_records"]["phone"].notna()
                & (
                    _phones(w)["value"].isna()
                    | (
                        _phones(w)["value"].astype(object)
                        != w["raw_records"]["phone"].astype(object)
                    )
                )
            ).sum()
        ),
        kind="count",
        answer_kind="an exact whole number of cells",
        hint="Compare the standard value with the raw text, row by row, where the raw phone "
        "is filled in; a value that became missing is a change too. repair() counts these "
        "for you: len(log) of a phone rule.",
        mistakes=(
            Mistake(
                lambda w: _failed(_phones(w)),
                "You counted only the phones that became missing; reformatted phones "
                "('138 1234 5678' → '13812345678') are changes too.",
            ),
        ),
    ),
    Question(
        id="03.q3",
        prompt="How many e-mail addresses have a domain typo that standardise_email fixes?",
        expected=lambda w: int((_emails(w)["note"] == "domain typo fixed").sum()),
        kind="count",
        answer_kind="an exact whole number of e-mails",
        hint="standardise_email returns a 'note' column; count the rows where it says "
        "'domain typo fixed'.",
        mistakes=(
            Mistake(
                lambda w: _failed(_emails(w)),
                "Those are the malformed e-mails (a reason is set, the value is missing); a "
                "fixed typo keeps its value and says so in 'note'.",
            ),
        ),
    ),
    Question(
        id="03.q4",
        prompt="How many raw records does each province (state) have once provinces are "
        "standardised?",
        expected=lambda w: _regions(w)["province"].value_counts(),
        kind="series",
        answer_kind="a pandas Series: standard province name → number of records (exact "
        "whole numbers)",
        hint="Standardise with standardise_region(raw['province'], raw['city'], world.locale), "
        "then value_counts() on its 'province' column.",
        mistakes=(
            Mistake(
                lambda w: w["raw_records"]["province"].value_counts(),
                "You counted the raw spellings: the short and long forms of one province (广东 / "
                "广东省, CA / California) are counted apart until you standardise them.",
            ),
            Mistake(
                lambda w: _regions(w)["province"].value_counts(normalize=True),
                "Those are shares (normalize=True); the question asks for numbers of records.",
            ),
        ),
        rtol=0,
        atol=0,
    ),
    Question(
        id="03.q5",
        prompt="How many raw records name a city that is not in the stated province?",
        expected=lambda w: int((_regions(w)["reason"] == "city not in province").sum()),
        kind="count",
        answer_kind="an exact whole number of records",
        hint="Count the rows whose reason is 'city not in province' in standardise_region's "
        "result.",
        mistakes=(
            Mistake(
                lambda w: int(_regions(w)["reason"].notna().sum()),
                "You counted every reason, the empty provinces too; keep only 'city not in "
                "province'.",
            ),
        ),
    ),
    Question(
        id="03.q6",
        prompt="How many birth dates are written down but impossible (judged at world.as_of)?",
        expected=lambda w: _failed(_dates(w)),
        kind="count",
        answer_kind="an exact whole number of dates",
        hint="standardise_date(raw['birth_date'], as_of=world.as_of); count the reasons other "
        "than 'empty'.",
        mistakes=(
            Mistake(
                lambda w: _failed(_dates(w, as_of=False)),
                "Without as_of, dates in the future are not caught: pass as_of=world.as_of.",
            ),
            Mistake(
                lambda w: int(_dates(w)["reason"].notna().sum()),
                "You also counted the empty birth dates; leave out reason 'empty'.",
            ),
        ),
    ),
    Question(
        id="03.q7",
        prompt="How many pairs of records belong to the same person (true duplicate pairs)?",
        expected=_true_pairs,
        kind="count",
        answer_kind="an exact whole number of pairs",
        hint="Count records per person_id; a person with k records gives k × (k − 1) / 2 pairs.",
        mistakes=(
            Mistake(
                lambda w: int(w.truth.duplicates["is_duplicate"].sum()),
                "That is the number of duplicate *records*; a person with three records has "
                "three pairs, not two.",
            ),
        ),
    ),
    Question(
        id="03.q8",
        prompt="How many distinct people does find_duplicates find (default threshold)?",
        expected=lambda w: int(_entities(w).nunique()),
        kind="count",
        answer_kind="an exact whole number of people",
        hint="standardise_records(...), then find_duplicates(...) gives an entity id per "
        "record; count the distinct ids with nunique().",
        mistakes=(
            Mistake(
                lambda w: len(w["raw_records"]),
                "That is the number of records; several records can be one person.",
            ),
            Mistake(
                lambda w: int(w["raw_records"]["name"].nunique()),
                "You counted distinct names: different people share a name, and one person's "
                "name is written in several ways.",
            ),
        ),
        rtol=0,
    ),
    Question(
        id="03.q9",
        prompt="What is the pairwise F1 of that matching against truth.duplicates.person_id?",
        expected=lambda w: float(_scores(w)["f1"]),
        kind="number",
        answer_kind="a number between 0 and 1, unrounded (4 significant digits are enough)",
        hint="pairwise_scores(entity, world.truth.duplicates['person_id'])['f1'].",
        mistakes=(
            Mistake(
                lambda w: float(_scores(w)["precision"]),
                "That is the precision (查准率); F1 combines precision and recall.",
            ),
            Mistake(
                lambda w: float(_scores(w)["recall"]),
                "That is the recall; F1 combines precision and recall.",
            ),
        ),
        rtol=1e-4,
    ),
    Question(
        id="03.q10",
        prompt="Raise the threshold to 0.9999. What is the recall (查全率) now?",
        expected=lambda w: float(_scores(w, STRICT)["recall"]),
        kind="number",
        answer_kind="a number between 0 and 1, unrounded (4 significant digits are enough)",
        hint="find_duplicates(..., threshold=0.9999), then pairwise_scores(...)['recall']: a "
        "stricter threshold links fewer pairs, so recall can only fall.",
        mistakes=(
            Mistake(
                lambda w: float(_scores(w, STRICT)["precision"]),
                "That is the precision at 0.9999; the question asks for the recall.",
            ),
            Mistake(
                lambda w: float(_scores(w)["recall"]),
                "That is the recall at the default threshold; pass threshold=0.9999.",
            ),
        ),
        rtol=1e-4,
    ),
    Question(
        id="03.q11",
        prompt="How many empty e-mails can be filled from the same person's other records?",
        expected=lambda w: _filled(w, "email"),
        kind="count",
        answer_kind="an exact whole number of e-mail cells",
        hint="Group the standardised e-mails by the entity ids: "
        "records['email'].groupby(entity.to_numpy()).transform('first') is the person's first "
        "known e-mail; count the rows where the e-mail is empty and that value is not.",
        mistakes=(
            Mistake(
                lambda w: int(_clean(w)["email"].isna().sum()),
                "You counted every empty e-mail; most belong to people with no other record, or "
                "whose other records have no e-mail either, and cannot be filled.",
            ),
            Mistake(
                lambda w: _filled(w, "email", standard=False),
                "You filled from the raw e-mails: a malformed address is no e-mail. Fill the "
                "standardised records, where a broken address is already missing.",
            ),
        ),
    ),
    Question(
        id="03.q12",
        prompt="How many people in the customer file were captured by more than one source?",
        expected=_multi_source_people,
        kind="count",
        answer_kind="an exact whole number of people",
        hint="Group the standardised records' 'source' by the entity ids and count the groups "
        "whose nunique() is above 1.",
        mistakes=(
            Mistake(
                lambda w: _multi_source_people(w, column="record_id"),
                "You counted people with more than one record; some people were captured twice "
                "by the same source. Count distinct sources with nunique().",
            ),
        ),
    ),
    Question(
        id="03.q13",
        prompt="How many records of the last 365 days belong to a person already on file?",
        expected=_recent_on_file,
        kind="count",
        answer_kind="an exact whole number of records",
        hint="recent = records['captured_at'] > world.as_of - pd.Timedelta(days=365); the people "
        "on file are the entity ids of the records before that; count the recent records whose "
        "entity id is among them.",
        mistakes=(
            Mistake(
                lambda w: int(_recent(w).sum()),
                "That is every record of the last 365 days; most are new people. Keep only those "
                "whose entity id also has an earlier record.",
            ),
            Mistake(
                lambda w: int(
                    w.truth.duplicates["is_duplicate"].reset_index(drop=True)[_recent(w)].sum()
                ),
                "You used the planted truth's is_duplicate, which also counts a person first "
                "captured inside the window; and a database has no truth: use the entity ids.",
            ),
        ),
    ),
    Question(
        id="03.q14",
        prompt="Which tables are linked to no other table by a foreign key, in either direction?",
        expected=lambda w: _schema(w)["islands"],
        kind="set",
        answer_kind="a set of table names (exact, in any order)",
        hint="PRAGMA foreign_key_list(t) lists the foreign keys *of* table t (t → parent). A "
        "table is linked when it has one, or when another table's foreign key refers to it; "
        "keep the tables that are neither.",
        mistakes=(
            Mistake(
                lambda w: _schema(w)["no_foreign_key"],
                "Those are the tables without a foreign key of their own; a table that others "
                "refer to (customers, products …) is linked too, as the parent.",
            ),
            Mistake(
                lambda w: _schema(w)["not_referred_to"],
                "Those are the tables no foreign key refers to; a table with a foreign key of its "
                "own is linked too, as the child.",
            ),
        ),
    ),
    Question(
        id="03.q15",
        prompt="Which index does the plan of the customer_id lookup on orders use?",
        expected=lambda w: _schema(w)["index"],
        kind="text",
        answer_kind="the index's name, as the plan writes it (exact text)",
        hint=f"con.execute('EXPLAIN QUERY PLAN {LOOKUP}', (1,)).fetchall(): the last field of "
        "the row reads 'SEARCH … USING INDEX <name> (…)'; answer the <name>.",
        mistakes=(
            Mistake(
                lambda w: "customer_id",
                "customer_id is the column the index is built on; the question asks for the "
                "index's name, the word after USING INDEX.",
            ),
            Mistake(
                lambda w: _schema(w)["lookup"],
                "That is the whole plan line; answer only the index's name, the word after "
                "USING INDEX.",
            ),
            Mistake(
                lambda w: f"SCAN {PLAN_TABLE}",
                "SCAN means reading every row, which SQLite does only when no index fits; this "
                "lookup has one. Run EXPLAIN QUERY PLAN on the database that build_database made.",
            ),
        ),
    ),
    Question(
        id="03.q16",
        prompt=f"Which columns of {PLAN_TABLE} can SQLite look up without reading every row?",
        expected=lambda w: _schema(w)["searchable"],
        kind="set",
        answer_kind="a set of column names (exact, in any order)",
        hint=f"For each column c of PRAGMA table_info({PLAN_TABLE}), run EXPLAIN QUERY PLAN on "
        "the query and keep c when the plan starts with SEARCH.",
        mistakes=(
            Mistake(
                lambda w: _schema(w)["indexed"],
                "Those are the columns PRAGMA index_list names; the primary key needs no index "
                "of its own (SEARCH … USING INTEGER PRIMARY KEY). Ask the plan, column by column.",
            ),
            Mistake(
                lambda w: _schema(w)["references"],
                "Those are the foreign-key columns; other columns have indexes too, and so does "
                "the primary key. Ask the plan, column by column.",
            ),
        ),
    ),
    Question(
        id="03.q17",
        prompt="How many rows of the upload are rejected for each reason?",
        expected=lambda w: _import(w)["reasons"],
        kind="series",
        answer_kind="a pandas Series: reason → rejected rows (exact whole numbers)",
        hint="report = database.import_file(path, 'customers', db); report.reasons counts the "
        "rows per reason: pd.Series(report.reasons).",
        mistakes=(
            Mistake(
                lambda w: _import(w)["joined"],
                "You counted the 'reasons' cells of the rejects file: a row with two problems "
                "has both in one cell, joined by '; '. Count each reason on its own "
                "(report.reasons).",
            ),
            Mistake(
                lambda w: _import(w)["reasons"] / _import(w)["rejected"],
                "Those are shares of the rejected rows; the question asks for numbers of rows.",
            ),
        ),
        rtol=0,
        atol=0,
    ),
    Question(
        id="03.q18",
        prompt="How many rows of that upload are rejected?",
        expected=lambda w: _import(w)["rejected"],
        kind="count",
        answer_kind="an exact whole number of rows",
        hint="report.rejected, or the rows of the rejects file; every row read is either "
        "accepted or rejected.",
        mistakes=(
            Mistake(
                lambda w: _import(w)["problems"],
                "You added up the reasons: a row with two problems is one rejected row, not two.",
            ),
            Mistake(
                lambda w: _import(w)["with_gaps"],
                "You counted the rows with an empty cell (dropna): that finds only the missing "
                "names; a taken key, an impossible date or a tier that does not exist is filled "
                "in and still wrong. Let import_file check every rule.",
            ),
            Mistake(
                lambda w: _import(w)["accepted"],
                "That is the number of rows accepted; the question asks for the rejected ones.",
            ),
        ),
    ),
]
