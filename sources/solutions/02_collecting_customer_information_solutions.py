# %% [markdown]
# # 02 · Collecting customer information: exercises (客户信息的收集 · 练习)
#
# In this lab you will:
#
# - find the external channel in the raw records, compare the sources' completeness and
#   count the prospects only the bought list knows;
# - normalise a phone key, join the channels to the customer file and build one customer
#   view, then score the join against the truth;
# - measure data quality per source and decide, with a number, which source to fix first;
# - size a survey sample, allocate a stratified sample, and compute NPS with its
#   confidence interval.
#
# Each question ends with `check("02.qN", answer)`; the expected answer is computed from
# *your* world. The teaching notebook, `notebooks/02_collecting_customer_information.ipynb`,
# shows every method used here, on other columns, groups or windows: compute, do not copy.
# Each question says how precise the answer must be: counts are exact whole numbers,
# shares and scores need 4 significant digits (0.1 % relative) and may be left unrounded.

# %% [markdown] tags=["solution-only"]
# > **Solutions notebook.** This notebook is the source of
# > `exercises/02_collecting_customer_information_exercises.ipynb`: a line ending in
# > `# SOLUTION`, or a block between `# BEGIN SOLUTION` and `# END SOLUTION`, becomes
# > `answer = ...` there. After editing it, run `labkit exercises` (see `docs/instructors.md`).

# %%
# math and numpy are for your answers (sample sizes, scores)
import math  # noqa: F401

import numpy as np  # noqa: F401
import pandas as pd

from labkit import check, load_world, quality, summary

world = load_world()
raw = world.raw_records
print(f"{world.locale} world, seed {world.seed}: {len(raw):,} raw records")

# %% [markdown]
# ## 1. Channels (收集渠道)
#
# `raw_records` holds customer details as four sources wrote them down: the store sign-up
# sheet (point of sale), the web form (website), the call centre's notes, and a list bought
# from an outside data vendor (an external database, 外部数据库).
#
# **Question 1.** What share of the raw records came from an external channel? Give a share
# between 0 and 1; 4 significant digits are enough.

# %% tags=["nbval-check-output"]
# Question 1 — What share of raw records came from an external channel (4 significant digits)?
answer = (raw["source"] == "purchased_list").mean()  # SOLUTION
check("02.q1", answer)

# %% [markdown]
# ## 2. Comparing channels (渠道比较)
#
# A channel is judged by how much it brings, what a result costs and how complete its records
# are (完整性). Chapter 01 compared the campaigns' costs; here the sources of `raw_records`.
#
# **Question 2.** Per source, what share of the raw records have an e-mail address? Give a
# pandas Series indexed by `source`, each value a share between 0 and 1; 4 significant digits
# are enough.

# %% tags=["nbval-check-output"]
# Question 2 — Per source, what share of records have an e-mail (Series, 4 significant digits)?
answer = raw["email"].notna().groupby(raw["source"]).mean()  # SOLUTION
check("02.q2", answer)

# %% [markdown]
# ## 3. One customer view (统一客户视图)
#
# First a helper: normalise a column of phone numbers into a key, keeping the digits only
# and then the last 11 (`zh_CN`) or 10 (`en_US`) of them, which drops the country code.
# Empty phones stay empty. Fill in the body of `phone_key`; the next cell applies it.

# %%
NATIONAL_DIGITS = {"zh_CN": 11, "en_US": 10}


def phone_key(phones):
    # BEGIN SOLUTION
    digits = phones.str.replace(r"\D", "", regex=True)
    return digits.str[-NATIONAL_DIGITS[world.locale]:].replace("", np.nan)
    # END SOLUTION


# %%
raw = raw.assign(phone_key=phone_key(raw["phone"]))
customer_keys = phone_key(world.customers["phone"])
raw[["source", "phone", "phone_key"]].head()

# %% [markdown]
# **Question 3.** An external database is bought for the people Xudong has never met, its
# prospects (潜在客户). How many people (different phone keys) does only the purchased list
# know, that is, no internal source (store sheet, web form, call centre) captured? Give an
# exact whole number.

# %% tags=["nbval-check-output"]
# Question 3 — How many people does only the purchased list know (exact whole number)?
# BEGIN SOLUTION
bought = raw["source"] == "purchased_list"
internal_keys = raw.loc[~bought, "phone_key"].dropna()
answer = raw.loc[bought & ~raw["phone_key"].isin(internal_keys), "phone_key"].nunique()
# END SOLUTION
check("02.q3", answer)

# %% [markdown]
# **Question 4.** How many raw records match a customer by normalised phone, that is, have a
# phone key that is also the key of some customer? Give an exact whole number.

# %% tags=["nbval-check-output"]
# Question 4 — How many raw records match a customer by normalised phone (exact whole number)?
answer = raw["phone_key"].isin(customer_keys).sum()  # SOLUTION
check("02.q4", answer)

# %% [markdown]
# **Question 5.** Build one golden record per phone key (over the raw records that have a
# key) with any survivorship rule (取值规则) that fills each field from the records that have
# it. What share of the golden records have an address? Compare it with the share of raw
# records that have one. A share between 0 and 1, unrounded (6 significant digits).

# %% tags=["nbval-check-output"]
# Question 5 — What share of golden records, one per phone key, have an address (unrounded)?
# BEGIN SOLUTION
golden = raw.dropna(subset=["phone_key"]).sort_values("captured_at").groupby("phone_key").last()
answer = golden["address"].notna().mean()
# END SOLUTION
check("02.q5", answer)

# %% [markdown]
# **Question 6.** Score the phone key against the truth, on the source with handwritten
# phones. Mark each raw record whose phone key already appeared in an earlier record of any
# source (records are numbered in capture order). Of the store sign-up sheet's records that
# `world.truth.duplicates` marks `is_duplicate`, what share did your key find? That share is
# the key's **recall (查全率)** on that source. A share between 0 and 1; 4 significant digits
# are enough.

# %% tags=["nbval-check-output"]
# Question 6 — What is the phone key's recall on store-sheet duplicates (4 significant digits)?
# BEGIN SOLUTION
marked = raw["phone_key"].notna() & raw["phone_key"].duplicated()
is_dup = raw["record_id"].map(world.truth.duplicates.set_index("record_id")["is_duplicate"])
store = raw["source"] == "store_signup_sheet"
answer = (marked & is_dup & store).sum() / (is_dup & store).sum()
# END SOLUTION
check("02.q6", answer)

# %% [markdown]
# ## 4. Data quality as numbers (数据质量)
#
# `labkit.quality.PHONE_RULES[world.locale]` is a rule for the locale's phone numbers: it
# returns True, False, or `<NA>` where there is no phone (a missing value is not an invalid
# one). You may also write your own rule as in the teaching notebook.
#
# **Question 7.** Is the phone problem still there? Take the raw records captured in the 365
# days up to `world.as_of` (`captured_at > world.as_of - 365 days`). Per source, what share
# of those that have a phone are invalid? Give a pandas Series indexed by `source`, each value
# a share between 0 and 1; 4 significant digits are enough. The largest share is the source
# to fix first, at capture.

# %% tags=["nbval-check-output"]
# Question 7 — Per source, what share of recent phones are invalid (Series, 4 significant digits)?
# BEGIN SOLUTION
recent = raw[raw["captured_at"] > world.as_of - pd.Timedelta(days=365)]
phone_ok = quality.PHONE_RULES[world.locale](recent["phone"])
answer = (~phone_ok).astype("Float64").groupby(recent["source"]).mean()
# END SOLUTION
check("02.q7", answer)

# %% [markdown]
# **Question 8** (accuracy, 准确性). `world.truth.errors` lists the errors planted in
# `raw_records` (`row_id` is the `record_id`). Take the e-mail errors, kinds `invalid_email`
# and `email_domain_typo` together. What share of them does a rule about the e-mail's form
# (`quality.valid_email`, empty is not invalid) find, its **recall (查全率)**? A share between
# 0 and 1; 4 significant digits are enough.

# %% tags=["nbval-check-output"]
# Question 8 — What share of planted e-mail errors does the form rule find (4 significant digits)?
# BEGIN SOLUTION
errors = world.truth.errors
kinds = ["invalid_email", "email_domain_typo"]
planted = raw["record_id"].isin(errors.loc[errors["kind"].isin(kinds), "row_id"])
flagged = ~quality.valid_email(raw["email"]).fillna(True).astype(bool)
answer = (flagged & planted).sum() / planted.sum()
# END SOLUTION
check("02.q8", answer)

# %% [markdown]
# **Question 9** (timeliness, 及时性). What share of the purchased list's records were
# captured more than 730 days (two years) before `world.as_of`? A share between 0 and 1; 3
# significant digits are enough.

# %% tags=["nbval-check-output"]
# Question 9 — What share of the purchased list is over 730 days old (4 significant digits)?
# BEGIN SOLUTION
bought = raw[raw["source"] == "purchased_list"]
answer = (bought["captured_at"] <= world.as_of - pd.Timedelta(days=730)).mean()
# END SOLUTION
check("02.q9", answer)

# %% [markdown]
# **Question 10** (consistency, 一致性). `quality.known_places(world.locale)` lists every real
# (province, city) pair in full and short spellings, and `quality.province_city_agree(places)`
# makes a rule that checks a frame's `province` and `city` against them. What share of the
# purchased list's records name a city outside their stated province? A share between 0 and
# 1; 4 significant digits are enough.

# %% tags=["nbval-check-output"]
# Question 10 — What share of purchased-list records fail the province/city check (4 sig. digits)?
# BEGIN SOLUTION
agree = quality.province_city_agree(quality.known_places(world.locale))(raw)
answer = 1 - agree[raw["source"] == "purchased_list"].mean()
# END SOLUTION
check("02.q10", answer)

# %% [markdown]
# All five dimensions per source at once, with the function later chapters reuse:

# %%
report = quality.quality_report(
    raw,
    rules={"phone": quality.PHONE_RULES[world.locale], "email": quality.valid_email,
           "birth_date": quality.plausible_birth_date(world.as_of)},
    group_by="source", timestamp="captured_at", as_of=world.as_of, key="phone_key",
    consistency=quality.province_city_agree(quality.known_places(world.locale)),
)
shown = ["rows", "completeness", "validity", "median_age_days", "consistency", "uniqueness"]
report[shown].round(3)

# %% [markdown]
# ## 5. Surveys and NPS (抽样调查与净推荐值)
#
# **Question 11.** Xudong wants to estimate a share among its customers within ±3.5 percentage
# points at 95% confidence (z = 1.96), knowing nothing in advance (p = 0.5). How many
# completed surveys does it need, with the finite-population correction for its number of
# customers? Give an exact whole number, rounded up.

# %% tags=["nbval-check-output"]
# Question 11 — How many answers for a ±3.5-point margin at 95% confidence (exact whole number)?
# BEGIN SOLUTION
N = len(world.customers)
n0 = 1.96**2 * 0.5 * 0.5 / 0.035**2
answer = math.ceil(n0 / (1 + (n0 - 1) / N))
# END SOLUTION
check("02.q11", answer)

# %% [markdown]
# **Question 12.** A stratified sample of 400 customers uses `signup_channel` as strata with
# proportional allocation (按比例分配). How many customers who signed up through a referral
# does it include? Give an exact whole number.

# %% tags=["nbval-check-output"]
# Question 12 — How many referral sign-ups go into a proportional stratified sample of 400 (exact)?
answer = round(400 * (world.customers["signup_channel"] == "referral").mean())  # SOLUTION
check("02.q12", answer)

# %% [markdown]
# **Question 13.** In `world.surveys`, `nps` is the 0–10 answer to "How likely are you to
# recommend Xudong?". Promoters answer 9–10, detractors 0–6. Join the answers to `customers`
# for `member_tier`. What is the NPS of the gold and platinum respondents taken together, in
# points from −100 to 100? 4 significant digits are enough.

# %% tags=["nbval-check-output"]
# Question 13 — What is the NPS of gold and platinum respondents together (points, 4 sig. digits)?
# BEGIN SOLUTION
answers = world.surveys.merge(
    world.customers[["customer_id", "member_tier", "signup_channel"]], on="customer_id")
top = answers.loc[answers["member_tier"].isin(["gold", "platinum"]), "nps"]
answer = 100 * ((top >= 9).mean() - (top <= 6).mean())
# END SOLUTION
check("02.q13", answer)

# %% [markdown]
# **Question 14.** Using the normal approximation, what is the half-width of the 95%
# confidence interval of that NPS, in points? (Score each respondent +1, 0 or −1.) 3
# significant digits are enough.

# %% tags=["nbval-check-output"]
# Question 14 — What is the half-width of that NPS's 95% interval (points, 4 significant digits)?
# BEGIN SOLUTION
x = np.select([top >= 9, top <= 6], [1, -1], 0)
answer = 1.96 * 100 * x.std() / np.sqrt(len(x))
# END SOLUTION
check("02.q14", answer)

# %% [markdown]
# **Question 15.** What is the NPS per sign-up channel? Give a pandas Series indexed by
# `signup_channel`, each value in points from −100 to 100; 4 significant digits are enough.
# Before you act on the differences, think of how wide each channel's interval is.

# %% tags=["nbval-check-output"]
# Question 15 — What is the NPS per sign-up channel (Series of points, 4 significant digits)?
# BEGIN SOLUTION
by_channel = answers.groupby("signup_channel")["nps"]
answer = by_channel.apply(lambda s: 100 * ((s >= 9).mean() - (s <= 6).mean()))
# END SOLUTION
check("02.q15", answer)

# %% [markdown]
# ## Your score so far

# %% tags=["nbval-check-output"]
summary()

# %% [markdown]
# ## Recap
#
# - `raw_records` is where four channels meet; the purchased list is the external one.
# - Completeness per source is a share of that source's records (mean, not sum).
# - Prospects are the people only the bought list knows: compare keys, count people.
# - Normalise a key before joining; build the customer view field by field so gaps fill in.
# - Recall (查全率) = errors or duplicates found ÷ all of them; precision (查准率) = the
#   true ones among those flagged. A rule about form cannot find a typo in a valid form.
# - Validity is a share of the values present: an empty phone is not an invalid one.
# - Sample size: n0 = z²p(1−p)/e², then n = n0 / (1 + (n0 − 1)/N), rounded up.
# - NPS = 100 × (share of promoters − share of detractors), ± 1.96 standard errors.
#
# Next: chapter 03, building the customer database (客户数据库的建立), in `notebooks/`.
