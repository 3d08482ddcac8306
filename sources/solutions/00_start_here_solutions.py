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
# - ✅ **correct**;
# - ❌ **not quite**, with a hint that says what probably went wrong;
# - ⏳ **not answered yet**, while `answer` is still `...`.
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
# **Question 1.** How many customers (客户) does Xudong Trading have? Each row of
# `world.customers` is one customer.

# %% tags=["nbval-check-output"]
# Question 1 — How many customers does Xudong Trading have?
answer = len(world.customers)  # SOLUTION
check("00.q1", answer)

# %% [markdown]
# **Question 2.** How many tables does the world have? `world.tables` is a dictionary.

# %% tags=["nbval-check-output"]
# Question 2 — How many tables does the world have?
answer = len(world.tables)  # SOLUTION
check("00.q2", answer)

# %% [markdown]
# **Question 3.** Which province (省份) has the most customers? Count the customers
# per province, then take the *label* of the largest count, not the count itself.

# %% tags=["nbval-check-output"]
# Question 3 — Which province has the most customers?
answer = world.customers["province"].value_counts().idxmax()  # SOLUTION
check("00.q3", answer)

# %% [markdown]
# **Question 4.** What share of customers have given marketing consent (营销许可), the
# permission to be contacted with offers? Give a share between 0 and 1, not a percentage.

# %% tags=["nbval-check-output"]
# Question 4 — What share of customers have given marketing consent?
answer = world.customers["marketing_consent"].mean()  # SOLUTION
check("00.q4", answer)

# %% [markdown]
# **Question 5.** How many orders were placed through the online channel (渠道)? The
# `orders` table has one row per order and a `channel` column.

# %% tags=["nbval-check-output"]
# Question 5 — How many orders were placed online?
# BEGIN SOLUTION
orders = world.orders
answer = (orders["channel"] == "online").sum()
# END SOLUTION
check("00.q5", answer)

# %% [markdown]
# **Question 6.** On what date did the earliest customer sign up (注册)? The answer is
# a date, for example a pandas `Timestamp`.

# %% tags=["nbval-check-output"]
# Question 6 — On what date did the earliest customer sign up?
answer = world.customers["signup_date"].min()  # SOLUTION
check("00.q6", answer)

# %% [markdown]
# ## Your score so far

# %% tags=["nbval-check-output"]
summary()

# %% [markdown]
# ## Recap
#
# - `load_world()` gives the Xudong world; `world.tables` holds its tables by name.
# - `len(df)` counts rows; `value_counts().idxmax()` gives the most frequent value.
# - The mean of a True/False column is a share; `.min()` of a date column is the earliest date.
# - `check(...)` says correct, not quite (with a hint) or not answered yet; `summary()` adds up.
#
# Next: chapter 01, customer information (认识客户信息), in `notebooks/`.
