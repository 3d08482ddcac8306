# %% [markdown]
# # 01 · Customer information: exercises (认识客户信息 练习)
#
# In this lab you will:
#
# - gather one kind of customer across several tables, and measure how complete two content
#   groups of customer information are;
# - back a strategic and a tactical judgement with a number, and build an operational
#   list, a grade, a contact list and a win-back list;
# - classify columns by nature, flatten JSON to count visits by device, and measure free text;
# - profile the tables to find where information is missing.
#
# Work through `notebooks/01_customer_information.ipynb` first: every question here
# uses a tool shown there, on another part of the data.

# %% [markdown] tags=["solution-only"]
# > **Solutions notebook.** This notebook is the source of
# > `exercises/01_customer_information_exercises.ipynb`: a line ending in `# SOLUTION`, or a
# > block between `# BEGIN SOLUTION` and `# END SOLUTION`, becomes `answer = ...` there.
# > After editing it, run `labkit exercises` (instructors: see `docs/instructors.md`).

# %% [markdown]
# Each question ends with `check("01.qN", answer)`: ✓ correct, ✗ not quite (with a hint),
# or ○ not answered yet. The expected answer is computed from *your* world. Each question
# says how precise the answer must be: "exact" counts and names must match exactly; "3
# decimals" means an answer within 0.001 of the expected value is right (4 decimals:
# 0.0001); "within 0.5%" means within half a per cent of it. A Series or DataFrame is
# compared value by value with the same margin. Give the value you computed; rounding it
# by hand only risks leaving that margin.

# %%
import json

import pandas as pd

from labkit import check, load_world, summary

world = load_world()
print(f"locale: {world.locale}, seed: {world.seed}, as of {world.as_of:%Y-%m-%d}")

# %% [markdown]
# ## 1. What customer information is (客户信息)
#
# One customer's information is spread over the tables of several channels. The customers
# who have bought something, asked customer service for help *and* told Xudong what they
# think are the ones the company knows best.

# %% [markdown]
# **Question 1.** How many customers appear in all three of `orders`, `service_tickets` and `feedback`?
# Think of each table's `customer_id` values as a set.

# %% tags=["nbval-check-output"]
# Question 1 — How many customers appear in all of orders, service_tickets and feedback (exact)?
# BEGIN SOLUTION
bought = set(world.orders["customer_id"])
asked = set(world.service_tickets["customer_id"])
wrote = set(world.feedback["customer_id"])
answer = len(bought & asked & wrote)
# END SOLUTION
check("01.q1", answer)

# %% [markdown]
# ## 2. What customer information contains (客户信息的内容)
#
# **Career information (事业信息)** of a personal customer includes their income, which
# customers may decline to state. Does that depend on another content group, their
# **education (教育信息)**? Compare the groups side by side: one share per education level.

# %% [markdown]
# **Question 2.** For each education level, what share of customers disclosed their income? Give a
# pandas Series indexed by education level, with shares between 0 and 1.

# %% tags=["nbval-check-output"]
# Question 2 — Per education level, what share of customers disclosed income (Series; 3 decimals)?
customers = world.customers
answer = customers["income"].notna().groupby(customers["education"]).mean()  # SOLUTION
check("01.q2", answer)

# %% [markdown]
# For a business customer, the **principal (负责人信息)** is the person in charge. At
# Xudong the principal is the contact whose `role` is `owner`; the primary contact
# (`is_primary`) is someone else at many companies.

# %% [markdown]
# **Question 3.** How many business accounts have no owner among their contacts, so that Xudong does not
# know who is in charge there?

# %% tags=["nbval-check-output"]
# Question 3 — How many business accounts have no owner (负责人) among their contacts (exact)?
# BEGIN SOLUTION
contacts = world.contacts
with_owner = contacts.loc[contacts["role"] == "owner", "account_id"]
answer = (~world.accounts["account_id"].isin(with_owner)).sum()
# END SOLUTION
check("01.q3", answer)

# %% [markdown]
# ## 3. What customer information is worth (客户信息的价值)
#
# **A strategic decision (战略决策).** The B2B team can court only a few industries well.
# Judge which one to focus on by the money already invoiced to its accounts (`invoices`
# joined to `accounts` on `account_id`), then back the judgement with its share.

# %% [markdown]
# **Question 4.** Which industry should the B2B team focus on first, judged by the amount invoiced to its
# accounts? Give the industry as it is written in `accounts["industry"]`.

# %% tags=["nbval-check-output"]
# Question 4 — Which industry should the B2B team focus on first, by amount invoiced (exact name)?
# BEGIN SOLUTION
invoices = world.invoices.merge(world.accounts[["account_id", "industry"]], on="account_id")
invoiced = invoices.groupby("industry")["amount"].sum().sort_values(ascending=False)
answer = invoiced.idxmax()
# END SOLUTION
check("01.q4", answer)

# %% [markdown]
# **Question 5.** What share of the amount invoiced to all accounts went to that industry? A large share
# makes the case; it also says how much rides on a few customers.

# %% tags=["nbval-check-output"]
# Question 5 — What share of all invoiced money went to that industry (4 decimals are enough)?
answer = invoiced.max() / invoiced.sum()  # SOLUTION
check("01.q5", answer)

# %% [markdown]
# **A tactical decision (战术决策).** Each campaign was sent through one messaging channel
# (`campaigns["channel"]`), and each message cost `cost_per_contact`. Compare the channels
# by **cost per conversion**: what all of a channel's messages cost, divided by the number
# of messages that led to a purchase (`converted`).

# %% [markdown]
# **Question 6.** What did one conversion cost through each messaging channel? Give a pandas Series
# indexed by channel. A channel can be cheap per message and still dear per conversion, so
# compare the channels by what each customer won cost.

# %% tags=["nbval-check-output"]
# Question 6 — What did one conversion cost in each messaging channel (Series; within 0.5%)?
# BEGIN SOLUTION
sent = world.campaign_responses.query("not holdout").merge(world.campaigns, on="campaign_id")
per_channel = sent.groupby("channel").agg(
    cost=("cost_per_contact", "sum"), conversions=("converted", "sum")
)
answer = per_channel["cost"] / per_channel["conversions"]
# END SOLUTION
check("01.q6", answer)

# %% [markdown]
# **Question 7.** The next campaign should use the channel with the lowest cost per conversion
# (`idxmin()` of your Series names it). What did one conversion cost there, in the world's
# currency (`world.currency`)?

# %% tags=["nbval-check-output"]
# Question 7 — In the channel cheapest per conversion, what did one conversion cost (within 0.5%)?
# BEGIN SOLUTION
cost_per_conversion = per_channel["cost"] / per_channel["conversions"]
answer = cost_per_conversion.min()
# END SOLUTION
check("01.q7", answer)

# %% [markdown]
# **An operational decision (业务决策).** The call centre's morning list is the set of
# customers still waiting for an answer.

# %% [markdown]
# **Question 8.** How many customers are waiting on at least one open service ticket at `as_of`?

# %% tags=["nbval-check-output"]
# Question 8 — How many customers are waiting on an open service ticket at as_of (exact)?
# BEGIN SOLUTION
tickets = world.service_tickets
answer = tickets.loc[tickets["status"] == "open", "customer_id"].nunique()
# END SOLUTION
check("01.q8", answer)

# %% [markdown]
# **Grading customers (客户分级).** How concentrated is value? Take the orders placed in the
# 365 days up to `as_of`, value each order as sum(quantity × unit_price) × (1 − discount),
# and sum per customer. "The 365 days up to `as_of`" means `ordered_at > cutoff`, with the
# cutoff measured back from the world's today, never from your computer's:

# %%
cutoff = world.as_of - pd.Timedelta(days=365)
print(f"orders after {cutoff:%Y-%m-%d %H:%M} count as the last 365 days")

# %% [markdown]
# **Question 9.** What share of the revenue of the 365 days up to `as_of` came from the top 10% of that
# period's buyers, the `n // 10` biggest spenders where `n` is the number of customers who
# ordered in the period?

# %% tags=["nbval-check-output"]
# Question 9 — What share of last 365 days' revenue came from the top 10% of buyers (4 decimals)?
# BEGIN SOLUTION
items = world.order_items
gross = (items["quantity"] * items["unit_price"]).groupby(items["order_id"]).sum()
orders = world.orders.set_index("order_id")
orders["value"] = gross * (1 - orders["discount"])
recent = orders[orders["ordered_at"] > cutoff]
spend = recent.groupby("customer_id")["value"].sum()
answer = spend.nlargest(len(spend) // 10).sum() / spend.sum()
# END SOLUTION
check("01.q9", answer)

# %% [markdown]
# **Communication (客户沟通).** An e-mail newsletter may go only to customers who agreed to
# receive marketing (`marketing_consent`), and only those with an address can get it.

# %% [markdown]
# **Question 10.** How many customers may Xudong e-mail a campaign to, with marketing consent given and an
# e-mail address on file?

# %% tags=["nbval-check-output"]
# Question 10 — How many customers may Xudong e-mail, with consent and an e-mail on file (exact)?
# BEGIN SOLUTION
customers = world.customers
answer = (customers["marketing_consent"] & customers["email"].notna()).sum()
# END SOLUTION
check("01.q10", answer)

# %% [markdown]
# **Win-back (客户挽回).** The notebook listed buyers silent for 180 days. A stricter list
# for a "we miss you" letter: customers who have ordered at some time, but not once in the
# 365 days up to `as_of`.

# %% [markdown]
# **Question 11.** How many customers have ordered before but placed no order in the 365 days up to `as_of`?

# %% tags=["nbval-check-output"]
# Question 11 — How many customers ordered before but not in the 365 days up to as_of (exact)?
# BEGIN SOLUTION
orders = world.orders
recent = orders["ordered_at"] > cutoff
answer = len(set(orders["customer_id"]) - set(orders.loc[recent, "customer_id"]))
# END SOLUTION
check("01.q11", answer)

# %% [markdown]
# ## 4. Kinds of customer information (客户信息的类型)
#
# **By nature (按性质).** The customer file is mostly descriptive (描述类): who the customer
# is. Classify its columns yourself before you look anything up. Which of them record or
# summarise what the customer *did* (行为类), or what the customer *thinks or wants* (关联类)?

# %%
world.customers.columns.tolist()

# %% [markdown]
# **Question 12.** Which columns of the customers table are not descriptive information? Give a list of
# column names. Afterwards, compare with `labkit.world.dictionary.describe_columns("customers")`.

# %% tags=["nbval-check-output"]
# Question 12 — Which columns of customers are not descriptive (描述类) (exact names, any order)?
answer = ["marketing_consent", "member_tier"]  # SOLUTION
check("01.q12", answer)

# %% [markdown]
# **Semi-structured information (半结构化信息).** The device of a visit is inside the JSON
# `payload` of `web_events`. Flatten it with `json.loads` and `pandas.json_normalize`.
# Remember that a visit (session, 会话) is many rows. One payload, parsed:

# %%
json.loads(world.web_events["payload"].iloc[0])

# %% [markdown]
# **Question 13.** What share of the web sessions (visits) were made from a mobile device?

# %% tags=["nbval-check-output"]
# Question 13 — What share of web sessions (visits) came from a mobile device (4 decimals)?
# BEGIN SOLUTION
events = world.web_events
flat = pd.json_normalize(events["payload"].map(json.loads).tolist())
flat["session_id"] = events["session_id"].to_numpy()
answer = (flat.drop_duplicates("session_id")["device"] == "mobile").mean()
# END SOLUTION
check("01.q13", answer)

# %% [markdown]
# **Unstructured information (非结构化信息).** Unhappy customers may write more, or less.
# Measure length in characters (`str.len()`), which works for Chinese and English alike.

# %% [markdown]
# **Question 14.** What is the mean length, in characters, of the feedback texts rated 1 or 2 stars?

# %% tags=["nbval-check-output"]
# Question 14 — What is the mean length in characters of feedback rated 1 or 2 stars (2 decimals)?
# BEGIN SOLUTION
feedback = world.feedback
answer = feedback.loc[feedback["rating"] <= 2, "text"].str.len().mean()
# END SOLUTION
check("01.q14", answer)

# %% [markdown]
# ## 5. A first profile of each table (数据概况)
#
# How complete is each table? Compare the tables fairly by the **share of missing
# cells**: missing cells ÷ (rows × columns), one share per table.

# %% [markdown]
# **Question 15.** What share of each table's cells are missing? Give a pandas Series indexed by the
# table's name (the keys of `world.tables`).

# %% tags=["nbval-check-output"]
# Question 15 — What share of each table's cells are missing (Series by table; 4 decimals)?
# BEGIN SOLUTION
answer = pd.Series({name: df.isna().to_numpy().mean() for name, df in world.tables.items()})
# END SOLUTION
check("01.q15", answer)

# %% [markdown]
# **Question 16.** What is the highest share of missing cells of any table? Then look at which
# table it is (`idxmax()`) and at its columns: are its gaps information lost, or cells where
# nothing applies?

# %% tags=["nbval-check-output"]
# Question 16 — What is the highest share of missing cells of any table (4 decimals)?
# BEGIN SOLUTION
missing = pd.Series({name: df.isna().to_numpy().mean() for name, df in world.tables.items()})
answer = missing.max()
# END SOLUTION
check("01.q16", answer)

# %% [markdown]
# ## 6. Business information of a business customer (企业客户的业务信息)
#
# An account's yearly financial statements (财务报表, `account_financials`) are its
# **business information (业务信息)**: how large, profitable and indebted the company is.
# One common measure is the **debt ratio (资产负债率)**, total liabilities ÷ total assets:
# the share of the company's assets financed by debt. A credit manager reads it from the
# latest statement.

# %% [markdown]
# **Question 17.** What was each account's debt ratio in its latest yearly statement? Give a
# DataFrame with the columns `account_id` and `debt_ratio`, one row per account.

# %% tags=["nbval-check-output"]
# Question 17 — What is each account's debt ratio in its latest statement (DataFrame; 3 decimals)?
# BEGIN SOLUTION
statements = world.account_financials
latest = statements[statements["year"] == statements.groupby("account_id")["year"].transform("max")]
answer = latest.assign(debt_ratio=latest["total_liabilities"] / latest["total_assets"])[
    ["account_id", "debt_ratio"]
]
# END SOLUTION
check("01.q17", answer)

# %% [markdown]
# ## Your score so far

# %% tags=["nbval-check-output"]
summary()

# %% [markdown]
# ## Recap
#
# - Sets and `&` find the customers that several channels know: integration in one line.
# - `notna().mean()` measures how complete a content group is; grouped, it compares groups.
# - A judgement is a label (`idxmax()`, `idxmin()`) plus the number behind it; compare the
#   right measure (cost per conversion, not per message).
# - Count distinct customers (`nunique()`) or sessions (`drop_duplicates`), not rows.
# - Windows are measured back from `world.as_of`: `ordered_at > as_of - 365 days`.
# - Consent and an address are two conditions, combined with `&`.
# - JSON → `json.loads` + `json_normalize`; free text → `str.len()` in characters.
# - `df.isna().to_numpy().mean()` is a table's share of missing cells.
# - Business information: the debt ratio is total_liabilities ÷ total_assets of the latest statement.
#
# Next: chapter 02, collecting customer information (客户信息的收集), in `notebooks/`.
