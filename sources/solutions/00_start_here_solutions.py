# %% [markdown]
# # 00 · Start here: warm-up exercises (入门练习)
#
# In this lab you will:
#
# - load the world of Xudong Trading (旭东商贸) and find its tables;
# - answer six warm-up questions with a line or two of pandas each;
# - check every answer instantly with `check(...)` and learn from its hints;
# - see your score so far with `summary()`.

# %% [markdown] tags=["solution-only"]
# > **Solutions notebook.** This notebook is the source of
# > `exercises/00_start_here_exercises.ipynb`: a line ending in `# SOLUTION`, or a block
# > between `# BEGIN SOLUTION` and `# END SOLUTION`, becomes `answer = ...` there. After
# > editing it, run `labkit exercises` (instructors: see `docs/instructors.md`).

# %% [markdown]
# ## How the checks work
#
# Each question cell ends with a call such as `check("00.q1", answer)`. It shows one of:
#
# - ✓ **correct**;
# - ✗ **not quite**, with a hint that says what probably went wrong;
# - ○ **not answered yet**, while `answer` is still `...`.
#
# The expected answer is computed from *your* world, the one you load below. If your
# instructor gave you a notebook with your own seed, your numbers differ from your
# neighbour's and the checks still work. A check never stops the notebook, so you can
# run all cells at any time and come back to the ones that are not yet right.

# %%
from labkit import check, load_world, summary

world = load_world()
print(f"locale: {world.locale}, seed: {world.seed}")

# %% [markdown]
# ## The tables (数据表)
#
# `world.tables` is a dictionary from a table's name to a pandas DataFrame. You can
# also reach a table as an attribute, `world.customers`, or by name, `world["orders"]`.
# Each row of `customers` is one consumer, a personal customer (个人客户):

# %%
world.customers[["customer_id", "name", "province", "signup_date"]].head(3)

# %% [markdown]
# ## Warm-up questions
#
# Each question says how exact the answer must be: an "exact count" must match exactly,
# and "3 decimals are enough" means a share between 0 and 1 is right when it is within
# 0.001 of the expected value.
#
# **Question 1.** How many customers have no e-mail address on file? A missing value
# (缺失值) shows as `NaN` (or `None`); `isna()` marks it `True`.

# %% tags=["nbval-check-output"]
# Question 1 — How many customers have no e-mail address on file (an exact count)?
answer = world.customers["email"].isna().sum()  # SOLUTION
check("00.q1", answer)

# %% [markdown]
# **Question 2.** How many customers signed up (注册) in the last year of the history, the
# calendar year of `world.as_of`? `signup_date.dt.year` gives each sign-up's year.

# %% tags=["nbval-check-output"]
# Question 2 — How many customers signed up in the year of world.as_of (an exact count)?
answer = (world.customers["signup_date"].dt.year == world.as_of.year).sum()  # SOLUTION
check("00.q2", answer)

# %% [markdown]
# **Question 3.** How many customers live in each province (省份)? The answer is a
# pandas Series: one number per province, labelled by the province.

# %% tags=["nbval-check-output"]
# Question 3 — How many customers live in each province (a Series by province, exact counts)?
answer = world.customers["province"].value_counts()  # SOLUTION
check("00.q3", answer)

# %% [markdown]
# The label of the largest count is `answer.idxmax()`: the province with the most
# customers.

# %% [markdown]
# **Question 4.** What share of customers have given marketing consent (营销许可), the
# permission to be contacted with offers? Give a share between 0 and 1, not a percentage.

# %% tags=["nbval-check-output"]
# Question 4 — What share of customers gave marketing consent (3 decimals are enough)?
answer = world.customers["marketing_consent"].mean()  # SOLUTION
check("00.q4", answer)

# %% [markdown]
# **Question 5.** How many orders were placed through the online channel (渠道)? The
# `orders` table has one row per order and a `channel` column.

# %% tags=["nbval-check-output"]
# Question 5 — How many orders were placed online (an exact count)?
# BEGIN SOLUTION
orders = world.orders
answer = (orders["channel"] == "online").sum()
# END SOLUTION
check("00.q5", answer)

# %% [markdown]
# **Question 6.** Some customers signed up (注册) because a friend referred them
# (`signup_channel` is `"referral"`). On what date did the first of them sign up? The
# answer is a date, for example a pandas `Timestamp`.

# %% tags=["nbval-check-output"]
# Question 6 — On what date did the first customer referred by a friend sign up (the exact day)?
# BEGIN SOLUTION
customers = world.customers
answer = customers.loc[customers["signup_channel"] == "referral", "signup_date"].min()
# END SOLUTION
check("00.q6", answer)

# %% [markdown]
# ## Your score so far

# %% tags=["nbval-check-output"]
summary()

# %% [markdown]
# ## Recap
#
# - `load_world()` gives the Xudong world; `world.tables` holds its tables by name.
# - `isna().sum()` counts missing values; `.dt.year` takes the year of a date column.
# - `value_counts()` counts per value, as a Series; its `idxmax()` is the most frequent value.
# - The mean of a True/False column is a share; `.min()` of a date column is the earliest date.
# - `check(...)` says correct, not quite (with a hint) or not answered yet; `summary()` adds up.
#
# Next: chapter 01, customer information (认识客户信息), in `notebooks/`.
