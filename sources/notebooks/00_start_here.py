# %% [markdown]
# # 00 · Start here (从这里开始)
#
# Welcome to the lab kit for customer information management (客户信息管理). Every
# chapter works on the same fictional company, **Xudong Trading (旭东商贸)**: a retailer
# that sells to consumers online, in its stores and through a call centre, and to
# business accounts. This notebook is the tour: where things are, what the data looks
# like, and how a lab works.
#
# In this lab you will:
#
# - run cells and restart the kernel in JupyterLab, and know which folder holds what;
# - load the Xudong world with `labkit` and read its locale, seed, as-of date and currency;
# - list the world's tables and trace how they link to each other through keys;
# - sort three tables by the textbook's three natures and three structures of information;
# - draw orders per month, and check an answer with `check(...)`.

# %% [markdown]
# ## 1. JupyterLab in two minutes
#
# A notebook is a list of cells. Markdown cells, like this one, explain; code cells
# run Python and show their result right below. Behind the notebook runs a **kernel
# (内核)**, a Python process that remembers every variable in the order you ran the
# cells, not the order they appear on the page.
#
# - **Run a cell:** click it and press **Shift+Enter**. The next cell is selected, so
#   pressing it again and again walks you through the notebook.
# - **Restart the kernel:** *Kernel ▸ Restart Kernel and Run All Cells…* forgets every
#   variable and runs from the top. Do it whenever results look odd (cells run out of
#   order, an edit far above): afterwards you see exactly what a reader would see.
# - `[*]` beside a cell means it is still running; a number means it has finished.
#
# Try it now:

# %%
print("Hello from the kernel! 你好！")

# %% [markdown]
# ## 2. Where things live
#
# Each chapter `NN` has three notebooks with the same number and name. Paths below are
# relative to the kit's top folder.
#
# | folder | what it holds | what you do there |
# |---|---|---|
# | `notebooks/` | the teaching notebooks, like this one | read and run |
# | `exercises/` | the questions, with `answer = ...` to fill in | work |
# | `solutions/` | the same questions, answered | compare, after trying |
# | `datasets/` | the default world as CSV files, one folder per locale | open in Excel or pandas |
# | `labkit/` | the kit's helper package (loading, checks, plots) | import, rarely read |
#
# This notebook runs inside `notebooks/`, so the top folder is `..` from here. The
# CSV files are UTF-8 with a byte-order mark, so Excel shows Chinese text correctly:

# %%
from pathlib import Path

for folder in sorted(p for p in Path("../datasets").iterdir() if p.is_dir()):
    names = sorted(p.stem for p in folder.glob("*.csv"))
    print(f"datasets/{folder.name}/: {len(names)} tables, e.g. {', '.join(names[:4])} …")

# %% [markdown]
# ## 3. Load the world
#
# Every lab starts with the same two lines. `labkit` is the kit's helper package;
# `load_world()` returns a `World`: the tables of Xudong Trading as pandas DataFrames,
# plus the values it was made from.

# %%
import pandas as pd

import labkit

world = labkit.load_world()
print("locale:   ", world.locale)
print("seed:     ", world.seed)
print("customers:", f"{world.n_customers:,}")
print("as of:    ", world.as_of.date())
print("currency: ", world.currency)

# %% [markdown]
# The world is not a sample of real people: a generator (生成器) makes it from four
# values, `seed`, `n_customers`, `locale` and `as_of`. The same four values give the
# same world, byte for byte, on any computer on any day. That is what makes a lab
# **reproducible (可复现)**: your numbers match the solutions, and anyone can re-run
# your analysis and get your result.
#
# - `locale` sets the language and country: names, addresses, phone formats,
#   festivals, feedback texts, and the currency of every money column.
# - `as_of` is the world's "today" (观察截止日): its history ends on that day.
#
# Let us test the promise on two small worlds made with the same values, and a third
# with another seed:

# %%
small = {"seed": 7, "n_customers": 200, "locale": world.locale}
a = labkit.make_world(**small)
b = labkit.make_world(**small)
c = labkit.make_world(**{**small, "seed": 8})
print("same four values, same tables:", all(a[t].equals(b[t]) for t in a.tables))
print("another seed, same customers: ", a.customers.equals(c.customers))

# %% [markdown]
# Another seed gives other people and other orders, but the same kinds of structure, so
# every exercise and its check still work. The world you make or load last is the one
# that `check` marks against, so we load the course world again and ask it what it
# holds: `world.summary()` has one row per table.

# %%
world = labkit.load_world()
with pd.option_context("display.max_colwidth", None):  # show the descriptions in full
    display(world.summary())

# %% [markdown]
# **Choosing a locale and a seed.** Either set environment variables before you start
# JupyterLab (then every notebook follows them):
#
# ```bash
# LABKIT_LOCALE=zh_CN python3 run.py lab     # the world in Chinese: 中文姓名、地址、反馈
# LABKIT_SEED=7 python3 run.py lab           # another world with the same structure
# ```
#
# or choose in a notebook: `labkit.load_world("zh_CN")`, `labkit.load_world(seed=7)`.
# The default world (seed 2026, 5,000 customers, as of 2025-12-31) is read from the
# CSV files in `datasets/` in a fraction of a second; any other seed is generated in
# memory, which takes a few seconds.

# %% [markdown]
# ## 4. The tables at a glance
#
# `world.tables` is a dictionary from a table's name to its DataFrame; `world["orders"]`
# and `world.orders` reach one table. You can count rows and columns yourself with
# `len(df)` and `df.shape[1]`. The tables fall into five groups: the consumers
# themselves (personal customers, 个人客户), what they buy, how they interact with
# Xudong, the business accounts (企业客户), and the raw records as each channel
# captured them.

# %%
GROUPS = {
    "customers": "consumers (个人客户)",
    **dict.fromkeys(["orders", "order_items", "products", "stores"], "sales (交易)"),
    **dict.fromkeys(
        ["web_events", "campaigns", "campaign_responses", "service_tickets", "feedback",
         "surveys"], "interactions (互动)"),
    **dict.fromkeys(["accounts", "contacts", "invoices", "opportunities", "account_financials"],
                    "business accounts (企业客户)"),
    "raw_records": "raw capture (原始记录)",
}
overview = pd.DataFrame(
    {"group": GROUPS, "rows": {t: len(df) for t, df in world.tables.items()},
     "columns": {t: df.shape[1] for t, df in world.tables.items()}}
)
overview

# %% tags=["nbval-check-output"]
print(f"The world has {len(world.tables)} tables.")

# %% [markdown]
# Tables are linked by **keys (键)**. A table's first column is usually its **primary
# key (主键)**: one distinct value per row, like `customer_id` in `customers`. When another
# table carries the same column, it is a **foreign key (外键)**: `orders.customer_id`
# says whose order each row is. We can find every link from the data itself:

# %%
primary = {df.columns[0]: t for t, df in world.tables.items() if df.iloc[:, 0].is_unique}
links = pd.DataFrame(
    [(t, col, primary[col]) for t, df in world.tables.items()
     for col in df.columns if col in primary and primary[col] != t],
    columns=["table", "foreign key", "points to"],
)
links

# %% [markdown]
# A picture is easier to read than that list: an **entity-relationship diagram
# (实体关系图, E-R 图)** draws a box per table and a line per link. First, the course's
# plot style: `setup_plots` also loads a Chinese font, so Chinese labels show in both
# locales.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt

labkit.setup_plots(world.locale)
POSITION = {  # where each box goes: (x, y)
    "web_events": (1.8, 5.6), "feedback": (1.8, 4.0), "surveys": (1.8, 2.4),
    "stores": (2.6, 7.2), "orders": (5.0, 6.3), "customers": (5.0, 4.0),
    "order_items": (7.6, 6.3), "products": (10.2, 6.3),
    "service_tickets": (7.6, 4.8), "campaign_responses": (7.2, 3.2), "campaigns": (10.3, 4.2),
    "contacts": (1.8, 0.9), "accounts": (4.4, 0.9), "account_financials": (4.4, -0.4),
    "invoices": (7.6, 1.5), "opportunities": (7.6, 0.3), "raw_records": (10.2, 0.9),
}
COLOUR = dict(zip(dict.fromkeys(GROUPS.values()), plt.cm.Set2.colors, strict=False))
HANDLES = [plt.Rectangle((0, 0), 1, 1, fc=c) for c in COLOUR.values()]  # legend patches

# %%
fig, ax = plt.subplots(figsize=(12, 8.5), subplot_kw={"xlim": (0.6, 11.4), "ylim": (-1.0, 7.7)})
for t, key, parent in links.itertuples(index=False):
    (x1, y1), (x2, y2) = POSITION[t], POSITION[parent]
    ax.plot([x1, x2], [y1, y2], color="grey", lw=1.2, zorder=1)
    ax.text((x1 + x2) / 2, (y1 + y2) / 2, key, fontsize=8, color="dimgrey", ha="center",
            va="center", bbox={"fc": "white", "ec": "none", "pad": 1}, zorder=2)
for t, (x, y) in POSITION.items():
    ax.text(x, y, f"{t}\n{len(world[t]):,} rows", ha="center", va="center", fontsize=10,
            bbox={"boxstyle": "round,pad=0.5", "fc": COLOUR[GROUPS[t]],
                  "ls": "--" if t == "raw_records" else "-"}, zorder=3)
ax.legend(HANDLES, COLOUR.keys(), loc="upper center", bbox_to_anchor=(0.5, 0.02), ncol=5,
          fontsize=9, frameon=False)
ax.text(10.2, 0.35, "primary key record_id, no foreign key:\nmatched to customers in chapter 03",
        ha="center",
        va="top", fontsize=8, style="italic", color="dimgrey")
ax.set_title("How the Xudong tables link (旭东商贸数据表关系图): boxes are tables, lines are keys")
ax.axis("off")
plt.show()

# %% [markdown]
# Read it from the centre: every consumer table hangs off `customers` through
# `customer_id`; sales go customers → orders → order_items → products, and an order
# also names its store (a store order) and the campaign it is credited to (a few online
# orders); the business side is its own cluster around `accounts`, with each account's
# yearly financial statements. `raw_records` (dashed) has a primary key of its own,
# `record_id`, one per captured record, but no foreign key: nothing in it says which
# customer a record belongs to. It is the messy, duplicated capture from each channel,
# and linking it to `customers` is the record matching you will do in chapter 03.

# %% [markdown]
# ## 5. A first look: three natures, three structures
#
# The textbook sorts customer information by its **nature (性质)** into three kinds:
#
# - **descriptive information (描述类信息)**: who the customer is; mostly static
#   attributes such as contact details and address;
# - **behavioural information (行为类信息)**: what the customer does; purchases and
#   contacts with the company, time-stamped and growing every day;
# - **relational information (关联类信息)**: what reflects and shapes that behaviour;
#   attitudes, satisfaction, brand preference.
#
# One table of each, in plain pandas. `customers` is descriptive:

# %%
world.customers.head(3)

# %% [markdown]
# `dtypes` says what kind of value each column holds: `int64` and `float64` are
# numbers, `str` text, `datetime64` dates and times, `bool` True/False. Check it before
# you compute: a date stored as text cannot be subtracted.

# %%
world.customers.dtypes

# %%
world.customers["member_tier"].value_counts()

# %% [markdown]
# `orders` is behavioural: one row per purchase, with when, through which channel and
# at what discount. The money side is in `order_items` (quantity × unit price).

# %%
world.orders.head(3)

# %%
world.orders["channel"].value_counts(normalize=True).round(3)  # share of orders

# %% [markdown]
# `surveys` is relational: what customers think. `nps` is the 0–10 answer to "how
# likely are you to recommend us?", and the `sat_*` columns are satisfaction scores
# from 1 to 5.

# %%
world.surveys.head(3)

# %%
world.surveys["nps"].value_counts().sort_index()

# %% [markdown]
# Information also differs by **structure (结构化程度)**. Everything above is
# **structured (结构化信息)**: fixed columns, one value per cell, ready to count.
# `web_events.payload` is **semi-structured (半结构化信息)**: each cell is a JSON text
# whose keys depend on the kind of event.

# %%
import json

first = world.web_events.groupby("event_type")["payload"].first()
for event_type, payload in first.items():
    print(f"{event_type:<13} {payload}")
json.loads(first["search"])  # JSON text -> a Python dict

# %% [markdown]
# `feedback.text` is **unstructured (非结构化信息)**: free text in the customer's own
# words, in the language of the locale. A person reads it at once; a computer needs
# text analysis (chapter 10) before it can count anything in it.

# %%
for rating, text in world.feedback[["rating", "text"]].head(4).itertuples(index=False):
    print(f"{rating}/5  {text}")

# %% [markdown]
# ## 6. Is the world alive? Orders per month
#
# Before any analysis, look at the whole history. Counting orders per month shows two
# things a table would hide: the business grows slowly (a few per cent a year, as new
# customers sign up and some old ones drift away), and sales jump at
# the shopping festivals: 618 and Double 11 (双十一) in the `zh_CN` world (plus the
# shopping before the Spring Festival, 春节, in January or February), Black Friday and
# Christmas in the `en_US` world. The dots mark the festival months of your locale.

# %%
monthly = world.orders.set_index("ordered_at").resample("MS").size()
FESTIVALS = {"zh_CN": {6: "618 (June)", 11: "Double 11 (双十一, November)"},
             "en_US": {11: "Black Friday (November)", 12: "Christmas (December)"}}
fig, ax = plt.subplots(figsize=(11, 4))
ax.plot(monthly.index, monthly.to_numpy(), color="grey", marker="o", ms=3)
for month, name in FESTIVALS[world.locale].items():
    peaks = monthly[monthly.index.month == month]
    ax.scatter(peaks.index, peaks.to_numpy(), s=60, zorder=3, label=name)
ax.set(title=f"Xudong orders per month (每月订单数), {world.locale} world",
       xlabel="month", ylabel="orders per month (count)")
ax.legend(loc="upper left")
plt.show()

# %% [markdown]
# ## 7. The answer key: `world.truth`
#
# The generator planted known structure in the world (customer segments, duplicate
# records, churn drivers, product bundles, …) and kept the right answers apart, in
# `world.truth`. The checks and your instructor use it. **Do not look at it while you
# work on an exercise**: finding the structure yourself is the exercise. Here are only
# its names:

# %%
world.truth.names

# %% [markdown]
# ## 8. Checking an answer
#
# Each exercise ends with `check(question_id, answer)`. It computes the expected
# answer from *your* world and shows one of three verdicts: ✓ correct, ✗ not quite
# (with a hint that says what probably went wrong), or ○ not answered yet. It never
# stops the notebook, whatever you give it.
#
# Question `00.q1` asks how many customers have no e-mail address on file. A
# deliberately wrong first try: `count()` counts the values of a column.

# %%
from labkit import check

check("00.q1", world.customers["email"].count())

# %% [markdown]
# The hint names the mistake and points to the fix; making it is the first exercise.
# A check also tells you when an answer is of the wrong kind, here a whole table
# where one number is expected:

# %%
check("00.q1", world.customers)

# %% [markdown]
# In the exercises notebook each answer starts as `...`, which the check reports as
# not answered yet:

# %%
check("00.q1", ...)

# %% [markdown]
# > **Common mistake.** Measuring time from *today*. The world's history ends on
# > `world.as_of`; `pd.Timestamp.today()` is the date on your computer, which changes
# > every day and lies after the last order. "Days since the last order" computed from
# > today is too large for everyone, and a different number tomorrow. Always measure
# > from `world.as_of`.

# %%
last_order = world.orders.groupby("customer_id")["ordered_at"].max()
recency_days = (world.as_of - last_order.dt.normalize()).dt.days  # whole days
recency_days.describe().round(1)

# %% [markdown]
# > **Checkpoint.** You should now have:
# >
# > - a `world` whose `world.locale` is the locale you chose (`en_US` unless you set one);
# > - the number of tables printed in section 4, and a diagram with `customers` at its
# >   centre and `raw_records` standing apart;
# > - a monthly plot whose marked festival months stand out above their neighbours;
# > - ✗ with a hint for each deliberately wrong try at `00.q1`, and ○ for the blank one.
# >
# > If something differs, use *Kernel ▸ Restart Kernel and Run All Cells…* first.

# %% [markdown]
# ## Recap
#
# - **Shift+Enter** runs a cell; *Restart Kernel and Run All Cells* reruns from a clean start.
# - `labkit.load_world()` loads Xudong Trading; (seed, n_customers, locale, as_of) reproduce it exactly.
# - `LABKIT_LOCALE` / `LABKIT_SEED`, or `load_world("zh_CN")` / `load_world(seed=7)`, pick the world.
# - The tables link through keys: `customer_id`, `order_id`, `product_id`, `account_id`, `campaign_id`.
# - By nature: descriptive (描述类), behavioural (行为类), relational (关联类) information.
# - By structure: structured, semi-structured (JSON payload), unstructured (free text).
# - Time is measured from `world.as_of`, never from today.
# - `world.truth` is the answer key: not while you work.
# - `check(id, answer)` says correct, not quite (with a hint), or not answered yet.
#
# **Next:** the warm-up exercises in
# [`exercises/00_start_here_exercises.ipynb`](../exercises/00_start_here_exercises.ipynb),
# then chapter 01, customer information (认识客户信息).

# %% [markdown]
# ### Glossary (术语表)
#
# | English | 中文 | in the kit |
# |---|---|---|
# | customer information management | 客户信息管理 | the course |
# | personal customer / business account | 个人客户 / 企业客户 | `customers` / `accounts` |
# | kernel | 内核 | the Python process behind the notebook |
# | as-of date | 观察截止日 | `world.as_of` |
# | primary key / foreign key | 主键 / 外键 | `customer_id` in `customers` / in `orders` |
# | entity-relationship diagram | 实体关系图 | section 4 |
# | descriptive / behavioural / relational information | 描述类 / 行为类 / 关联类信息 | section 5 |
# | structured / semi-structured / unstructured | 结构化 / 半结构化 / 非结构化 | section 5 |
