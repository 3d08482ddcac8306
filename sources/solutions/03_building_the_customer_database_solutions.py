# %% [markdown]
# # 03 · Building the customer database: exercises (客户数据库的建立 练习)
#
# In this lab you will:
#
# - standardise phones, e-mails, birth dates and provinces of the raw records and count what cannot be standardised;
# - count what a repair changes;
# - match the records of one person with `find_duplicates` and score the result against the planted truth;
# - see how the threshold trades precision (查准率) for recall (查全率);
# - fill missing values from the other records of the same person;
# - build the customer file and verify newly added records;
# - read the database's schema and query plans, and import a branch's upload with its rejects.
#
# Work through `notebooks/03_building_the_customer_database.ipynb` first: every question here
# uses a tool shown there, on another part of the data.

# %% [markdown] tags=["solution-only"]
# > **Solutions notebook.** This notebook is the source of
# > `exercises/03_building_the_customer_database_exercises.ipynb`: a line ending in `# SOLUTION`, or a block
# > between `# BEGIN SOLUTION` and `# END SOLUTION`, becomes `answer = ...` there. After
# > editing it, run `labkit exercises` (instructors: see `docs/instructors.md`).

# %% [markdown]
# ## Set-up
#
# `raw_records` are the people as four capture channels wrote them down. `labkit.cleaning` holds
# the standardisers of the teaching notebook; each returns a `value` and, where the value
# is missing, the `reason`.
#
# Each question ends with `check("03.qN", answer)`: ✓ correct, ✗ not quite (with a hint),
# or ○ not answered yet. The expected answer is computed from *your* world, so give the
# value you computed, not a rounded copy of it.

# %%
import tempfile
from pathlib import Path

import pandas as pd

from labkit import check, cleaning, database, linkage, load_world, summary

world = load_world()
raw = world.raw_records
print(f"{world.locale} world, as of {world.as_of:%Y-%m-%d}: {len(raw):,} raw records")

# %% [markdown]
# ## Standardise (数据标准化)

# %% [markdown]
# **Question 1.** How many phones cannot be standardised: written down, but missing after
# `standardise_phone`, with a reason? An exact whole number.

# %%
# Question 1 — How many phones cannot be standardised (written, but missing with a reason)?
# BEGIN SOLUTION
phones = cleaning.standardise_phone(raw["phone"], world.locale)
answer = int((phones["reason"].notna() & (phones["reason"] != "empty")).sum())
# END SOLUTION
check("03.q1", answer)

# %% [markdown]
# **Question 2.** How many phone cells does standardising change: the standard text differs
# from the raw text, or the value became missing? Only count phones that were written down.
# An exact whole number.

# %%
# Question 2 — How many phone cells does standardising change (new text, or now missing)?
# BEGIN SOLUTION
written = raw["phone"].notna()
changed = phones["value"].isna() | (phones["value"].astype(object) != raw["phone"].astype(object))
answer = int((written & changed).sum())
# END SOLUTION
check("03.q2", answer)

# %% [markdown]
# **Question 3.** How many e-mail addresses have a domain typo (gmial.com, qq.con …) that
# `standardise_email` fixes? An exact whole number.

# %%
# Question 3 — How many e-mail addresses have a domain typo that standardise_email fixes?
emails = cleaning.standardise_email(raw["email"])
answer = int((emails["note"] == "domain typo fixed").sum())  # SOLUTION
check("03.q3", answer)

# %% [markdown]
# **Question 4.** How many raw records does each province (state) have once provinces are
# standardised? Answer with a pandas Series: the official province name as the index, the
# number of records as the values (exact whole numbers). Records without a province are left out.

# %%
# Question 4 — How many raw records does each province (state) have once provinces are standardised?
regions = cleaning.standardise_region(raw["province"], raw["city"], world.locale)
answer = regions["province"].value_counts()  # SOLUTION
check("03.q4", answer)

# %% [markdown]
# **Question 5.** How many raw records name a city that is not in the stated province? Several
# reasons can leave a region non-standard; count only this one. An exact whole number.

# %%
# Question 5 — How many raw records name a city that is not in the stated province?
answer = int((regions["reason"] == "city not in province").sum())  # SOLUTION
check("03.q5", answer)

# %% [markdown]
# **Question 6.** How many birth dates are written down but impossible, judged at
# `world.as_of` (not today)? An exact whole number.

# %%
# Question 6 — How many birth dates are written down but impossible (judged at world.as_of)?
# BEGIN SOLUTION
dates = cleaning.standardise_date(raw["birth_date"], as_of=world.as_of)
answer = int((dates["reason"].notna() & (dates["reason"] != "empty")).sum())
# END SOLUTION
check("03.q6", answer)

# %% [markdown]
# ## Match (信息匹配)
#
# `truth.duplicates` says which person each record belongs to (`person_id`): the answer key
# the matching is scored against.

# %% [markdown]
# **Question 7.** How many pairs of records belong to the same person (true duplicate pairs)?
# Some people have more than two records. An exact whole number.

# %%
# Question 7 — How many pairs of records belong to the same person (true duplicate pairs)?
# BEGIN SOLUTION
per_person = world.truth.duplicates["person_id"].value_counts()
answer = int((per_person * (per_person - 1) // 2).sum())
# END SOLUTION
check("03.q7", answer)

# %% [markdown]
# **Question 8.** How many distinct people does `find_duplicates` find on the standardised
# records, at the default threshold? An exact whole number.

# %%
# Question 8 — How many distinct people does find_duplicates find (default threshold)?
records = cleaning.standardise_records(raw, world.locale, world.as_of)
# BEGIN SOLUTION
entity = linkage.find_duplicates(
    records, linkage.RAW_RECORDS_COMPARE, block_on=linkage.RAW_RECORDS_BLOCK_ON
)
answer = int(entity.nunique())
# END SOLUTION
check("03.q8", answer)

# %% [markdown]
# **Question 9.** What is the pairwise F1 of that matching against
# `truth.duplicates.person_id`? A number between 0 and 1; give it unrounded (4 significant
# digits are enough).

# %%
# Question 9 — What is the pairwise F1 of that matching against truth.duplicates.person_id?
answer = linkage.pairwise_scores(entity, world.truth.duplicates["person_id"])["f1"]  # SOLUTION
check("03.q9", answer)

# %% [markdown]
# **Question 10.** Raise the threshold to 0.9999. What is the recall (查全率) now? A number
# between 0 and 1; give it unrounded (4 significant digits are enough).

# %%
# Question 10 — Raise the threshold to 0.9999. What is the recall (查全率) now?
# BEGIN SOLUTION
strict = linkage.find_duplicates(
    records, linkage.RAW_RECORDS_COMPARE, block_on=linkage.RAW_RECORDS_BLOCK_ON, threshold=0.9999
)
answer = linkage.pairwise_scores(strict, world.truth.duplicates["person_id"])["recall"]
# END SOLUTION
check("03.q10", answer)

# %% [markdown]
# ## Repair missing values (修复缺失信息)
#
# **Question 11.** In the standardised `records`, fill each empty e-mail with the e-mail of
# another record of the same person, as found by `find_duplicates` in question 8 (`entity`).
# How many e-mail cells get filled? An exact whole number.

# %%
# Question 11 — How many empty e-mails can be filled from the same person's other records?
# BEGIN SOLUTION
known = records["email"].groupby(entity.to_numpy()).transform("first")
answer = int((records["email"].isna() & known.notna()).sum())
# END SOLUTION
check("03.q11", answer)

# %% [markdown]
# ## The customer file and new data (电子客户档案, 新增客户数据)
#
# The customer file keeps one golden record per person: the records that share an entity id.
#
# **Question 12.** In the customer file (one golden record per person found by
# `find_duplicates`), how many people were captured by more than one source (`source`)?
# An exact whole number.

# %%
# Question 12 — How many people in the customer file were captured by more than one source?
answer = int((records["source"].groupby(entity.to_numpy()).nunique() > 1).sum())  # SOLUTION
check("03.q12", answer)

# %% [markdown]
# **Question 13.** Newly added data is verified before it is trusted. Of the records captured
# in the 365 days before `world.as_of`, how many belong to a person already on file from an
# earlier record, so that they should update a golden record rather than add a customer? Use
# the entity ids of question 8. An exact whole number.

# %%
# Question 13 — How many records of the last 365 days belong to a person already on file?
# BEGIN SOLUTION
recent = (records["captured_at"] > world.as_of - pd.Timedelta(days=365)).to_numpy()
ids = entity.to_numpy()
answer = int(pd.Series(ids[recent]).isin(set(ids[~recent])).sum())
# END SOLUTION
check("03.q13", answer)

# %% [markdown]
# ## The database: requirements, index, import (建立要求, 编制索引, 导入数据表)
#
# Build the database from your world in a fresh scratch folder, as in section 3 of the teaching
# notebook. Questions 14–16 read its schema and its query plans.

# %%
folder = Path(tempfile.mkdtemp())  # a scratch folder, outside the repository
con = database.connect(database.build_database(world, folder / "xudong.db"))
tables = [
    r[0]
    for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
]
print(len(tables), "tables")

# %% [markdown]
# **Question 14.** Clear logic (逻辑明确) links tables by keys. Which tables of the database are
# linked to no other table by a foreign key, in either direction: they have no foreign key of
# their own, and no other table's foreign key refers to them? Answer with a set of table names
# (exact names, any order).

# %%
# Question 14 — Which tables are linked to no other table by a foreign key, in either direction?
# BEGIN SOLUTION
links = [(t, fk[2]) for t in tables for fk in con.execute(f"PRAGMA foreign_key_list({t})")]
children = {child for child, _ in links}
parents = {parent for _, parent in links}
answer = set(tables) - children - parents
# END SOLUTION
check("03.q14", answer)

# %% [markdown]
# **Question 15.** Ask SQLite for the query plan (查询计划) of
# `SELECT * FROM orders WHERE customer_id = ?` with `EXPLAIN QUERY PLAN`. Which index (索引)
# does it use? Answer with the index's name, exactly as the plan writes it.

# %%
# Question 15 — Which index does the plan of the customer_id lookup on orders use?
# BEGIN SOLUTION
plan = con.execute(
    "EXPLAIN QUERY PLAN SELECT * FROM orders WHERE customer_id = ?", (1,)
).fetchall()
print(plan)
answer = plan[0][-1].split(" USING INDEX ")[1].split()[0]
# END SOLUTION
check("03.q15", answer)

# %% [markdown]
# **Question 16.** For which columns `c` of table `orders` is the plan of
# `SELECT * FROM orders WHERE c = ?` a `SEARCH` (a lookup) rather than a `SCAN` (reading every
# row)? Try every column. Answer with a set of column names (exact names, any order).

# %%
# Question 16 — Which columns of orders can SQLite look up without reading every row?
# BEGIN SOLUTION
columns = [r[1] for r in con.execute("PRAGMA table_info(orders)")]
plans = {
    c: con.execute(f"EXPLAIN QUERY PLAN SELECT * FROM orders WHERE {c} = ?", (1,)).fetchall()
    for c in columns
}
answer = {c for c, p in plans.items() if p[0][-1].startswith("SEARCH")}
# END SOLUTION
check("03.q16", answer)

# %% [markdown]
# A branch sends its filled-in customers template. `database.messy_upload(world)` rebuilds it:
# ten new customers, some of them with problems. Import it into a freshly built database with
# `database.import_file`, which keeps the bad rows aside with their reasons.

# %%
upload = database.messy_upload(world)
upload.iloc[:, :8]

# %% [markdown]
# **Question 17.** How many rows are rejected for each reason? A row with two problems counts
# once under each of its reasons. Answer with a pandas Series: the reason as the index, the
# number of rejected rows as the values (exact whole numbers).

# %%
# Question 17 — How many rows of the upload are rejected for each reason?
# BEGIN SOLUTION
fresh = Path(tempfile.mkdtemp())  # a new database: importing twice would reject every key
upload.to_csv(fresh / "branch_upload.csv", index=False)
report = database.import_file(
    fresh / "branch_upload.csv", "customers", database.build_database(world, fresh / "x.db")
)
answer = pd.Series(report.reasons)
# END SOLUTION
check("03.q17", answer)

# %% [markdown]
# **Question 18.** How many rows of the upload are rejected? An exact whole number.

# %%
# Question 18 — How many rows of that upload are rejected?
answer = report.rejected  # SOLUTION
check("03.q18", answer)

# %%
con.close()

# %% [markdown]
# ## Your score so far

# %% tags=["nbval-check-output"]
summary()

# %% [markdown]
# ## Recap
#
# - A standardiser returns the standard value or a missing value *with its reason*; count reasons, not guesses.
# - Judge dates at a fixed `as_of`, never at today's date.
# - Pairs, not records: a person with k records gives k × (k − 1) / 2 true pairs.
# - A stricter threshold links fewer pairs: precision (查准率) up, recall (查全率) down.
# - Fill a missing value from the same person's other records, never from a guess.
# - A new record of a person on file updates a golden record; it is not a new customer.
# - Clear logic: a table is linked as a child (its foreign keys) or as a parent (keys that refer to it).
# - Ask the query plan, not your memory: a `SEARCH` uses an index or the primary key, a `SCAN` reads every row.
# - An import rejects a row once, whatever the number of its reasons, and keeps it aside with them.
#
# Next: chapter 04, maintaining and securing the database.
