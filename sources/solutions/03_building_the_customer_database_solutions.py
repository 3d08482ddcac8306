# %% [markdown]
# # 03 · Building the customer database: exercises (客户数据库的建立 练习)
#
# In this lab you will:
#
# - standardise phones, e-mails, birth dates and provinces of the raw records and count what cannot be standardised;
# - count what a repair changes;
# - match the records of one person with `find_duplicates` and score the result against the planted truth;
# - see how the threshold trades precision for recall.

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

# %%
from labkit import check, cleaning, linkage, load_world, summary

world = load_world()
raw = world.raw_records
print(f"{world.locale} world, as of {world.as_of:%Y-%m-%d}: {len(raw):,} raw records")

# %% [markdown]
# ## Standardise (数据标准化)

# %%
# Question 1 — How many phones cannot be standardised (written, but missing with a reason)?
# BEGIN SOLUTION
phones = cleaning.standardise_phone(raw["phone"], world.locale)
answer = int((phones["reason"].notna() & (phones["reason"] != "empty")).sum())
# END SOLUTION
check("03.q1", answer)

# %%
# Question 2 — How many phone cells does standardising change (new text, or now missing)?
# BEGIN SOLUTION
written = raw["phone"].notna()
changed = phones["value"].isna() | (phones["value"].astype(object) != raw["phone"].astype(object))
answer = int((written & changed).sum())
# END SOLUTION
check("03.q2", answer)

# %%
# Question 3 — How many e-mail addresses have a domain typo that standardise_email fixes?
emails = cleaning.standardise_email(raw["email"])
answer = int((emails["note"] == "domain typo fixed").sum())  # SOLUTION
check("03.q3", answer)

# %%
# Question 4 — After standardising provinces, which province (state) has the most raw records?
regions = cleaning.standardise_region(raw["province"], raw["city"], world.locale)
answer = regions["province"].value_counts().idxmax()  # SOLUTION
check("03.q4", answer)

# %%
# Question 5 — How many raw records name a city that is not in the stated province?
answer = int((regions["reason"] == "city not in province").sum())  # SOLUTION
check("03.q5", answer)

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

# %%
# Question 7 — How many pairs of records belong to the same person (true duplicate pairs)?
# BEGIN SOLUTION
per_person = world.truth.duplicates["person_id"].value_counts()
answer = int((per_person * (per_person - 1) // 2).sum())
# END SOLUTION
check("03.q7", answer)

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

# %%
# Question 9 — What is the pairwise F1 of that matching against truth.duplicates.person_id?
answer = linkage.pairwise_scores(entity, world.truth.duplicates["person_id"])["f1"]  # SOLUTION
check("03.q9", answer)

# %%
# Question 10 — Raise the threshold to 0.9999. What is the recall now?
# BEGIN SOLUTION
strict = linkage.find_duplicates(
    records, linkage.RAW_RECORDS_COMPARE, block_on=linkage.RAW_RECORDS_BLOCK_ON, threshold=0.9999
)
answer = linkage.pairwise_scores(strict, world.truth.duplicates["person_id"])["recall"]
# END SOLUTION
check("03.q10", answer)

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
# - A stricter threshold links fewer pairs: precision up, recall down.
#
# Next: chapter 04, maintaining and securing the database.
