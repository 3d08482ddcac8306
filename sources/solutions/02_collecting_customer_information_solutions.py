# %% [markdown]
# # 02 · Collecting customer information: exercises (客户信息的收集 · 练习)
#
# In this lab you will:
#
# - find the external channel in the raw records and compare campaign channels by cost;
# - normalise a phone key, join the channels to the customer file and build one customer
#   view, then score the join against the truth;
# - measure data quality per source and decide, with a number, which source to fix first;
# - size a survey sample, allocate a stratified sample, and compute NPS with its
#   confidence interval.
#
# Each question ends with `check("02.qN", answer)`; the expected answer is computed from
# *your* world. The teaching notebook, `notebooks/02_collecting_customer_information.ipynb`,
# shows every method used here.

# %% [markdown] tags=["solution-only"]
# > **Solutions notebook.** This notebook is the source of
# > `exercises/02_collecting_customer_information_exercises.ipynb`: a line ending in
# > `# SOLUTION`, or a block between `# BEGIN SOLUTION` and `# END SOLUTION`, becomes
# > `answer = ...` there. After editing it, run `labkit exercises` (see `docs/instructors.md`).

# %%
# math and numpy are for your answers (sample sizes, scores)
import math  # noqa: F401

import numpy as np  # noqa: F401

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
# between 0 and 1.

# %% tags=["nbval-check-output"]
# Question 1 — What share of the raw records came from an external channel?
answer = (raw["source"] == "purchased_list").mean()  # SOLUTION
check("02.q1", answer)

# %% [markdown]
# ## 2. Comparing channels (渠道比较)
#
# Every message of a campaign costs `cost_per_contact` (in `world.currency`); the campaign's
# messaging channel is in `campaigns.channel`, and who converted is in
# `campaign_responses.converted`. Leave out the hold-out group (`holdout` True): they were
# picked for a campaign but sent nothing, so they cost nothing.
#
# **Question 2** asks for a judgement backed by a number: which messaging channel buys a
# conversion most cheaply? **Question 3** asks for that number.

# %% tags=["nbval-check-output"]
# Question 2 — Which campaign messaging channel has the lowest cost per conversion?
# BEGIN SOLUTION
sent = world.campaign_responses.query("not holdout").merge(world.campaigns, on="campaign_id")
cost = sent.groupby("channel").agg(total=("cost_per_contact", "sum"),
                                   conversions=("converted", "sum"))
cost["per_conversion"] = cost["total"] / cost["conversions"]
answer = cost["per_conversion"].idxmin()
# END SOLUTION
check("02.q2", answer)

# %% tags=["nbval-check-output"]
# Question 3 — How much does one conversion cost through that channel?
answer = cost["per_conversion"].min()  # SOLUTION
check("02.q3", answer)

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
# **Question 4.** How many raw records match a customer by normalised phone, that is, have a
# phone key that is also the key of some customer?

# %% tags=["nbval-check-output"]
# Question 4 — How many raw records match a customer by normalised phone?
answer = raw["phone_key"].isin(customer_keys).sum()  # SOLUTION
check("02.q4", answer)

# %% [markdown]
# **Question 5.** Build one golden record per phone key (over the raw records that have a
# key) with any survivorship rule that fills each field from the records that have it. What
# share of the golden records have an e-mail address? Compare it with the share of raw
# records that have one.

# %% tags=["nbval-check-output"]
# Question 5 — What share of the golden records, one per phone key, have an e-mail address?
# BEGIN SOLUTION
golden = raw.dropna(subset=["phone_key"]).sort_values("captured_at").groupby("phone_key").last()
answer = golden["email"].notna().mean()
# END SOLUTION
check("02.q5", answer)

# %% [markdown]
# **Question 6.** Score the phone key against the truth. Mark each raw record whose phone key
# already appeared in an earlier record (records are numbered in capture order). Of the
# records that `world.truth.duplicates` marks `is_duplicate`, what share did your key find?
# That share is the key's **recall (查全率)**.

# %% tags=["nbval-check-output"]
# Question 6 — What share of the true duplicate records does the phone key find?
# BEGIN SOLUTION
marked = raw["phone_key"].notna() & raw["phone_key"].duplicated()
is_dup = raw["record_id"].map(world.truth.duplicates.set_index("record_id")["is_duplicate"])
answer = (marked & is_dup).sum() / is_dup.sum()
# END SOLUTION
check("02.q6", answer)

# %% [markdown]
# ## 4. Data quality as numbers (数据质量)
#
# `labkit.quality.PHONE_RULES[world.locale]` is a rule for the locale's phone numbers: it
# returns True, False, or `<NA>` where there is no phone (a missing value is not an invalid
# one). You may also write your own rule as in the teaching notebook.
#
# **Question 7** asks for a judgement backed by a number: which source should Xudong fix
# first, judged by its share of invalid phones among its records that have a phone?
# **Question 8** asks for that share.

# %% tags=["nbval-check-output"]
# Question 7 — Which source should Xudong fix first, by its share of invalid phones?
# BEGIN SOLUTION
phone_ok = quality.PHONE_RULES[world.locale](raw["phone"])
invalid_share = (~phone_ok).astype("Float64").groupby(raw["source"]).mean()
answer = invalid_share.idxmax()
# END SOLUTION
check("02.q7", answer)

# %% tags=["nbval-check-output"]
# Question 8 — What share of that source's phones are invalid?
answer = invalid_share.max()  # SOLUTION
check("02.q8", answer)

# %% [markdown]
# **Question 9** (timeliness, 及时性). The age of a record is the number of days from its
# `captured_at` to `world.as_of`. Which source has the oldest records, by median age?

# %% tags=["nbval-check-output"]
# Question 9 — Which source has the oldest records, by median age in days at as_of?
# BEGIN SOLUTION
age_days = (world.as_of - raw["captured_at"].dt.normalize()).dt.days
answer = age_days.groupby(raw["source"]).median().idxmax()
# END SOLUTION
check("02.q9", answer)

# %% [markdown]
# **Question 10** (consistency, 一致性). `quality.known_places(world.locale)` lists every real
# (province, city) pair in full and short spellings, and `quality.province_city_agree(places)`
# makes a rule that checks a frame's `province` and `city` against them. What share of the
# purchased list's records name a city outside their stated province?

# %% tags=["nbval-check-output"]
# Question 10 — What share of the purchased list's records name a city outside their province?
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
# **Question 11.** Xudong wants to estimate a share among its customers within ±3 percentage
# points at 95% confidence (z = 1.96), knowing nothing in advance (p = 0.5). How many
# completed surveys does it need, with the finite-population correction for its number of
# customers? Round up to a whole number.

# %% tags=["nbval-check-output"]
# Question 11 — How many customers must Xudong survey for a ±3-point margin at 95% confidence?
# BEGIN SOLUTION
N = len(world.customers)
n0 = 1.96**2 * 0.5 * 0.5 / 0.03**2
answer = math.ceil(n0 / (1 + (n0 - 1) / N))
# END SOLUTION
check("02.q11", answer)

# %% [markdown]
# **Question 12.** A stratified sample of 400 customers uses `signup_channel` as strata with
# proportional allocation. How many customers who signed up in a store does it include?

# %% tags=["nbval-check-output"]
# Question 12 — How many store sign-ups go into a proportional stratified sample of 400?
answer = round(400 * (world.customers["signup_channel"] == "store").mean())  # SOLUTION
check("02.q12", answer)

# %% [markdown]
# **Question 13.** In `world.surveys`, `nps` is the 0–10 answer to "How likely are you to
# recommend Xudong?". Promoters answer 9–10, detractors 0–6. What is the NPS, in points from
# −100 to 100?

# %% tags=["nbval-check-output"]
# Question 13 — What is Xudong's NPS, in points from -100 to 100?
# BEGIN SOLUTION
scores = world.surveys["nps"]
answer = 100 * ((scores >= 9).mean() - (scores <= 6).mean())
# END SOLUTION
check("02.q13", answer)

# %% [markdown]
# **Question 14.** Using the normal approximation, what is the half-width of the 95%
# confidence interval of that NPS, in points? (Score each respondent +1, 0 or −1.)

# %% tags=["nbval-check-output"]
# Question 14 — What is the half-width of the 95% confidence interval of that NPS, in points?
# BEGIN SOLUTION
x = np.select([scores >= 9, scores <= 6], [1, -1], 0)
answer = 1.96 * 100 * x.std() / np.sqrt(len(x))
# END SOLUTION
check("02.q14", answer)

# %% [markdown]
# **Question 15.** Join the answers to `customers` to get each respondent's `member_tier`.
# Which tier has the highest NPS? Before you act on it, look at how many answers that tier
# has and how wide its interval would be.

# %% tags=["nbval-check-output"]
# Question 15 — Which member tier has the highest NPS?
# BEGIN SOLUTION
answers = world.surveys.merge(world.customers[["customer_id", "member_tier"]], on="customer_id")
by_tier = answers.groupby("member_tier")["nps"]
answer = by_tier.apply(lambda s: 100 * ((s >= 9).mean() - (s <= 6).mean())).idxmax()
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
# - Cost per conversion = a channel's total cost ÷ its conversions (a ratio of sums).
# - Normalise a key before joining; build the customer view field by field so gaps fill in.
# - Recall = duplicates found ÷ all duplicates; precision = duplicates among those marked.
# - Validity is a share of the values present: an empty phone is not an invalid one.
# - Sample size: n0 = z²p(1−p)/e², then n = n0 / (1 + (n0 − 1)/N), rounded up.
# - NPS = 100 × (share of promoters − share of detractors), ± 1.96 standard errors.
#
# Next: chapter 03, building the customer database (客户数据库的建立), in `notebooks/`.
