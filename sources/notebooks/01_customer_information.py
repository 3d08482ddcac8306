# %% [markdown]
# # 01 · Customer information (认识客户信息)
#
# Everything Xudong Trading (旭东商贸) does for a customer, from a birthday greeting to a
# new store, starts from what it knows about that customer. This chapter asks what that
# knowledge is, what it is made of, what it is worth, and what kinds there are. Every idea
# is tried out on the Xudong world.
#
# In this lab you will:
#
# - say what customer information (客户信息) is, and find one customer's information spread
#   over several tables;
# - map the textbook's content groups for personal and business customers onto Xudong's
#   own tables and columns, and see which groups are thin;
# - use customer information for a strategic, a tactical and an operational decision, for
#   grading customers, for communication, and for care, service and win-back;
# - sort columns by nature and by structure, flatten the JSON of `web_events` into a table,
#   and take a first look at the free text of `feedback`;
# - profile every table: size, types, missing values and ranges.

# %% [markdown]
# ## 0. Set-up
#
# The same start as in chapter 00: load the world and switch on the course's plot style
# (which also loads a Chinese font, so labels render in both locales). `describe_columns`
# is the world's data dictionary (数据字典) as a DataFrame: one row per column, with its
# meaning, nature and structure.

# %%
# %matplotlib inline
import json
import re

import matplotlib.pyplot as plt
import pandas as pd

import labkit
from labkit.world.dictionary import TABLES, describe_columns

world = labkit.load_world()
labkit.setup_plots(world.locale)
CURRENCY = world.currency  # CNY in zh_CN, USD in en_US
print(f"{world.locale} world, as of {world.as_of:%Y-%m-%d}, money in {CURRENCY}")

# %% [markdown]
# ## 1. What customer information is (客户信息)
#
# **Customer information (客户信息)** is anything that tells a company who a customer is
# and how they deal with it: how to address them, how to reach them, where they live,
# their job title; how they look and behave when they come in; the mood, words and
# attitude they show; and the papers their dealings leave behind, such as contracts,
# receipts and notes. **Customer information management (客户信息管理)** is the whole
# process around it: collecting, extracting, migrating, storing, integrating, analysing
# and finally putting the information to use.
#
# A real company never holds all of this in one place. Each channel writes down what it
# sees. The data dictionary says which channel filled each Xudong table:

# %%
channels = pd.DataFrame(
    {
        "rows": {t: len(df) for t, df in world.tables.items()},
        "channel": {t: TABLES[t]["channel"] for t in world.tables},
        "one row is": {t: TABLES[t]["grain"] for t in world.tables},
    }
)
with pd.option_context("display.max_colwidth", 70):
    display(channels)

# %% [markdown]
# So "the customer" is not one row anywhere: a customer's information is scattered over
# the tables that carry a `customer_id`. Putting it back together, or **integrating
# (集成)** it, is part of the job. Let us count, for every customer, their rows in each
# of those tables, and pick the customer who shows up in the most of them.

# %%
linked = [t for t, df in world.tables.items() if "customer_id" in df.columns and t != "customers"]
rows_per_customer = (
    pd.DataFrame({t: world[t]["customer_id"].dropna().astype(int).value_counts() for t in linked})
    .fillna(0)
    .astype(int)
)
score = pd.DataFrame(
    {"tables": (rows_per_customer > 0).sum(axis=1), "rows": rows_per_customer.sum(axis=1)}
)
someone = score.sort_values(["tables", "rows"], ascending=False).index[0]
rows_per_customer.loc[[someone]]

# %% [markdown]
# The customer file holds who this person is; the other tables hold what they did and
# said. Here is the file, turned on its side so that each column is a line:

# %%
world.customers.set_index("customer_id").loc[someone].to_frame("value")

# %% [markdown]
# And what they said, in their own words: the feedback and survey rows of the same
# person.

# %%
said = world.feedback.loc[world.feedback["customer_id"] == someone]
with pd.option_context("display.max_colwidth", 90):
    display(said[["created_at", "channel", "rating", "text"]])
world.surveys.loc[world.surveys["customer_id"] == someone]

# %% [markdown]
# > **Checkpoint.** You should see one customer with rows in most of the linked tables:
# > a descriptive file (name, contact details, address), dozens of behavioural rows
# > (orders, web events) and a few rows of opinion (feedback text, survey scores).

# %% [markdown]
# ## 2. What customer information contains (客户信息的内容)
#
# ### 2.1 Personal customers (个人客户信息)
#
# The textbook sorts what a company may know about a personal customer into groups:
#
# | group | 中文 | for example |
# |---|---|---|
# | basic | 基本信息 | name, gender, age, contact details, address |
# | consumption | 消费信息 | what, when, where and how much they buy; habits |
# | career | 事业信息 | occupation, employer, income |
# | family | 家庭信息 | marriage, children, household |
# | lifestyle | 生活信息 | hobbies, media, the devices and places they use |
# | education | 教育信息 | level of education, school |
# | social ties | 人际信息 | friends, referrals, communities |
# | other | 其他信息 | anything else useful: consent, opinions, service history |
#
# Where does each group live in Xudong's tables? The mapping below is a judgement call;
# write it down as data, so that it can be checked and changed.

# %%
PERSONAL = [
    ("basic", "基本信息", "customers", "name gender birth_date phone email"),
    ("basic", "基本信息", "customers", "province city address postcode"),
    ("consumption", "消费信息", "orders", "ordered_at channel discount"),
    ("consumption", "消费信息", "order_items", "product_id quantity unit_price"),
    ("consumption", "消费信息", "customers", "member_tier"),
    ("career", "事业信息", "customers", "occupation income"),
    ("family", "家庭信息", "customers", "marital_status children_at_home"),
    ("lifestyle", "生活信息", "customers", "housing pet_owner"),
    ("lifestyle", "生活信息", "web_events", "occurred_at payload"),
    ("education", "教育信息", "customers", "education"),
    ("social ties", "人际信息", "customers", "signup_channel"),
    ("other", "其他信息", "customers", "signup_date marketing_consent"),
    ("other", "其他信息", "service_tickets", "topic status"),
    ("other", "其他信息", "feedback", "rating text"),
]

# %% [markdown]
# For each entry: how many columns it has, and how complete it is, as the share of its
# cells that are filled in.

# %%
personal = pd.DataFrame(PERSONAL, columns=["group", "中文", "table", "columns"])
personal["n columns"] = personal["columns"].str.split().str.len()
personal["filled"] = [
    world[t][cols.split()].notna().to_numpy().mean()
    for t, cols in zip(personal["table"], personal["columns"], strict=True)
]
with pd.option_context("display.max_colwidth", 60):
    display(personal.round(3))

# %% [markdown]
# Xudong knows a lot about consumption and little about family (two columns: marital
# status and the number of children at home) or social ties: the only trace of a friend
# is a sign-up by referral (推荐注册). Lifestyle is two answers from the sign-up form
# (renting or owning a home, keeping a pet) and otherwise read indirectly, from the
# devices and pages of web visits. Gaps such as these are what chapter 02, collecting
# customer information, sets out to fill.

# %%
world.customers["signup_channel"].value_counts()

# %% [markdown]
# ### 2.2 Business customers (企业客户信息)
#
# For a business account the groups are different: **basic information (基本信息)**
# about the company, its **characteristics (客户特征信息)** such as industry and size,
# its **business (业务信息)**, how the company itself is doing (its revenue, profit and
# debts, from its yearly financial statements), the **transactions (交易信息)** with
# Xudong (credit terms, invoices, deals under negotiation), its **principal (负责人信息)**,
# the person in charge, its **contacts (联系人信息)**, the people Xudong deals with day to
# day, and **other information (其他信息)**: what Xudong records about the relationship
# itself, such as since when the company has been a customer and who looks after it.

# %%
ENTERPRISE = [
    ("basic", "基本信息", "accounts", "company_name province city founded_year"),
    ("characteristics", "客户特征信息", "accounts", "industry size_band employees"),
    ("business", "业务信息", "accounts", "annual_revenue"),
    ("business", "业务信息", "account_financials",
     "year revenue cost_of_sales operating_profit net_profit total_assets total_liabilities "
     "current_assets current_liabilities inventory headcount"),
    ("transactions", "交易信息", "accounts", "credit_terms_days credit_limit"),
    ("transactions", "交易信息", "invoices", "issued_at due_date amount paid_at status"),
    ("transactions", "交易信息", "opportunities",
     "created_at stage amount expected_close closed_at"),
    ("principal", "负责人信息", "contacts", "name phone email (where role is 'owner')"),
    ("contacts", "联系人信息", "contacts", "name role phone email is_primary"),
    ("other", "其他信息", "accounts", "account_since account_manager"),
]
enterprise = pd.DataFrame(ENTERPRISE, columns=["group", "中文", "table", "columns"])
with pd.option_context("display.max_colwidth", 70):
    display(enterprise)

# %% [markdown]
# The principal is not a table of its own: it is a contact with the role `owner`. Every
# account has a primary contact, but not every account has its owner on file:

# %%
pd.crosstab(world.contacts["role"], world.contacts["is_primary"], margins=True)

# %% [markdown]
# One account's file, gathered from five tables: its profile, its people, a summary of
# its invoices and deals, and its last two yearly financial statements (财务报表), which
# the account files with Xudong when it asks for credit.

# %%
account = world.accounts["annual_revenue"].idxmax()  # the largest company, by row position
acc_id = world.accounts.loc[account, "account_id"]
display(world.accounts.loc[[account]])
display(world.contacts.loc[world.contacts["account_id"] == acc_id])
invoices = world.invoices.loc[world.invoices["account_id"] == acc_id]
deals = world.opportunities.loc[world.opportunities["account_id"] == acc_id]
print("invoices by status:", invoices["status"].value_counts().to_dict())
print("deals by stage:    ", deals["stage"].value_counts().to_dict())
statements = world.account_financials.loc[world.account_financials["account_id"] == acc_id]
statements.tail(2)

# %% [markdown]
# ## 3. What customer information is worth (客户信息的价值)
#
# Information is the basis of decisions, and for a company that puts the customer at the
# centre, customer information is the basis of its decisions at every level:
# **strategic (战略决策)**, where the company goes; **tactical (战术决策)**, how it gets
# there; and **operational (业务决策)**, what it does today. It is also the yardstick for
# **grading customers (客户分级)**, the raw material of **communication (客户沟通)**, and
# the ground on which **customer satisfaction (客户满意)** is built. One small example of
# each follows.
#
# All of them need the value of an order: the sum of quantity × unit price over its lines,
# less the order's discount.

# %%
items = world.order_items
gross = (items["quantity"] * items["unit_price"]).groupby(items["order_id"]).sum()
orders = world.orders.set_index("order_id")
orders["value"] = gross * (1 - orders["discount"])
orders = orders.join(world.customers.set_index("customer_id")["province"], on="customer_id")
print(f"{len(orders):,} orders worth {orders['value'].sum():,.0f} {CURRENCY} in total")

# %% [markdown]
# > **Common mistake.** Summing `unit_price` alone, or `quantity × unit_price` without the
# > discount. `unit_price` is the list price of *one* unit and `discount` applies to the
# > whole order: the value is sum(quantity × unit_price) × (1 − discount).

# %% [markdown]
# ### 3.1 A strategic decision: where to open the next store
#
# Which provinces bring the most revenue, and how much of it already comes through stores?
# A province with high revenue but a small store share is a candidate for a new store.

# %%
by_province = orders.pivot_table(index="province", columns="channel", values="value", aggfunc="sum")
top10 = by_province.loc[by_province.sum(axis=1).nlargest(10).index]
ax = (top10.iloc[::-1] / 1000).plot.barh(stacked=True, figsize=(9, 5))
ax.set(
    title="Order revenue of the top 10 provinces, by channel (各省订单收入)",
    xlabel=f"revenue over the whole history (thousand {CURRENCY})",
    ylabel="province / state",
)
ax.legend(title="order channel")
plt.show()

# %%
store_share = (top10["store"] / top10.sum(axis=1)).sort_values()
store_share.round(3).to_frame("share of revenue through stores")

# %% [markdown]
# The decision itself needs more than this (rents, competitors, population), but customer
# information narrows the list: start with the large provinces whose customers buy least
# in stores.

# %% [markdown]
# ### 3.2 A tactical decision: how to split the effort between channels
#
# How the mix of order channels moves from year to year tells marketing where to put next
# year's budget and the call centre how many staff it needs.

# %%
mix = pd.crosstab(orders["ordered_at"].dt.year, orders["channel"], normalize="index")
mix.index.name = "year"
mix.round(3)

# %%
orders.groupby("channel")["value"].agg(orders="size", mean_value="mean").round(1)

# %% [markdown]
# > **Checkpoint.** The mix should change little from year to year, and the call centre's
# > orders should be the smallest share and a little smaller in value on average.

# %% [markdown]
# ### 3.3 An operational decision: today's open service tickets
#
# Operational decisions are taken every day: who does the call centre call back first this
# morning? The answer is a list, the tickets still open on `as_of`, most urgent first.

# %%
open_now = world.service_tickets.loc[world.service_tickets["status"] == "open"].copy()
open_now["days_open"] = (world.as_of - open_now["opened_at"].dt.normalize()).dt.days
open_now["priority"] = pd.Categorical(open_now["priority"], ["high", "normal", "low"], ordered=True)
queue = open_now.sort_values(["priority", "days_open"], ascending=[True, False])
print(f"{len(queue)} open tickets on {world.as_of:%Y-%m-%d}")
queue[["ticket_id", "customer_id", "topic", "priority", "days_open"]].head(8)

# %% [markdown]
# In the default world the oldest high-priority tickets have been open for years: cases
# that nobody closed.
# Finding them is itself an operational result, and a customer who waited that long is
# a churn risk (chapter 08).
#
# > **Common mistake.** Computing `days_open` from today, `pd.Timestamp.today()`. The world
# > stops on `world.as_of`; measured from today, every ticket looks older, and the numbers
# > change every day you run the notebook.

# %% [markdown]
# ### 3.4 Grading customers (客户分级)
#
# Grading sorts customers by their value to the company, so that the best get the most
# attention. Value is read from customer information: here, what each customer spent in
# the 365 days up to `as_of`. Grade A is the top 20% of that year's buyers, B the next 30%,
# C the other half, and D those who bought nothing that year.

# %%
last_year = orders[orders["ordered_at"] > world.as_of - pd.Timedelta(days=365)]
spend = last_year.groupby("customer_id")["value"].sum()
rank = spend.rank(method="first", pct=True)  # 'first' breaks ties, so every grade is the right size
grade = pd.cut(rank, [0, 0.5, 0.8, 1], labels=["C", "B", "A"])
grades = pd.DataFrame({"spend": spend, "grade": grade}).reindex(world.customers["customer_id"])
grades["grade"] = grades["grade"].cat.add_categories("D").fillna("D")  # D: no purchase
grades["grade"] = grades["grade"].cat.reorder_categories(["A", "B", "C", "D"])
grades["spend"] = grades["spend"].fillna(0)

# %%
table = grades.groupby("grade", observed=True)["spend"].agg(customers="size", revenue="sum")
table["share of customers"] = table["customers"] / table["customers"].sum()
table["share of revenue"] = table["revenue"] / table["revenue"].sum()
table["revenue"] = table["revenue"] / 1000
table.rename(columns={"revenue": f"revenue (thousand {CURRENCY})"}).round(3)

# %% [markdown]
# A small group brings a large part of the revenue, the familiar Pareto pattern (帕累托).
# Xudong's own `member_tier` is a grade of the same kind, on the same year of spending
# but with other cut-offs, so the two agree closely:

# %%
tiers = ["platinum", "gold", "silver", "bronze"]
pd.crosstab(grades["grade"], world.customers.set_index("customer_id")["member_tier"])[tiers]

# %% [markdown]
# ### 3.5 Communication (客户沟通)
#
# A customer-centred company talks with its customers more often and more actively than
# an advertiser does, and how well it does so decides how many customers and orders it
# wins. Customer information tells it whom to contact, through which channel, and whether
# it may. Under China's Personal Information Protection Law (个人信息保护法, PIPL) and
# Europe's GDPR, the customer's consent (同意) is the usual lawful basis for marketing
# messages, but not the only one. PIPL article 13 lists other legal bases besides
# consent, and article 24 gives every individual the right to refuse marketing pushed by
# automated decision-making (an opt-out, 拒绝). In Europe, the GDPR allows direct
# marketing on the company's legitimate interest with a right to object at any time;
# on top of it, the ePrivacy rules require *prior* consent for marketing by e-mail or SMS
# to individuals, with a "soft opt-in" for the company's existing customers buying
# similar products, who must be offered an easy way out in every message. Xudong keeps
# it simple and texts only customers who said yes (`marketing_consent`); chapter 04
# goes further into privacy and consent.
#
# Say Xudong wants to text an early-access offer to its gold and platinum members:

# %%
customers = world.customers
vip = customers["member_tier"].isin(["gold", "platinum"])
may_text = vip & customers["marketing_consent"]
sms_list = customers.loc[may_text, ["customer_id", "name", "phone", "member_tier"]]
print(f"{vip.sum()} gold and platinum members, {len(sms_list)} of them may be texted")
sms_list.head()

# %% [markdown]
# > **Common mistake.** Sending to every customer with a phone number. A phone number on
# > file is a way to reach someone, not a permission to advertise to them: filter on
# > `marketing_consent` first.

# %% [markdown]
# ### 3.6 Satisfaction (客户满意): care, service and win-back
#
# To satisfy customers a company must know their needs, habits, means and preferences,
# and tailor what it offers. The textbook names three uses.
#
# **Customer care (客户关怀)**: small attentions, such as a birthday greeting. Who has a
# birthday in the 30 days after `as_of`?

# %%
next_30_days = pd.date_range(world.as_of + pd.Timedelta(days=1), periods=30)
month_day = customers["birth_date"].dt.strftime("%m-%d")
birthdays = customers[month_day.isin(next_30_days.strftime("%m-%d"))]
first, last = next_30_days[0], next_30_days[-1]
print(f"{len(birthdays)} birthdays from {first:%Y-%m-%d} to {last:%Y-%m-%d}")
birthdays[["customer_id", "name", "birth_date", "member_tier"]].head()

# %% [markdown]
# **Customer service (客户服务)**: solving problems quickly. Most tickets are solved at
# the first contact (首次解决), in minutes; the waiting happens in the others. Which kind
# of ticket is solved at once least often, and how long do the rest take?

# %%
tickets = world.service_tickets
hours = (tickets["resolved_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
later = ~tickets["first_contact_resolved"]  # needed a call-back, a visit or a hand-over
service = pd.DataFrame(
    {
        "tickets": tickets.groupby("topic").size(),
        "solved at first contact": tickets.groupby("topic")["first_contact_resolved"].mean(),
        "median hours, the rest": hours[later].groupby(tickets["topic"]).median(),
    }
)
service.sort_values("solved at first contact").round(2)

# %% [markdown]
# **Win-back (客户挽回)**: customers who bought before and then stopped. Here, the buyers
# with no order in the 180 days up to `as_of`, most valuable first, are the list the
# win-back campaign starts from.

# %%
last_order = orders.groupby("customer_id")["ordered_at"].max()
lapsed = last_order[last_order <= world.as_of - pd.Timedelta(days=180)]
lifetime = orders.groupby("customer_id")["value"].sum()
winback = pd.DataFrame({"last order": lapsed, "lifetime value": lifetime.reindex(lapsed.index)})
winback.nlargest(5, "lifetime value").round({"lifetime value": 0})

# %% [markdown]
# > **Checkpoint.** Every example above is a few lines of pandas on one or two tables, and
# > each answers a question a manager would actually ask. That is the value of customer
# > information: it turns opinions about customers into numbers about them.

# %% [markdown]
# ## 4. Kinds of customer information (客户信息的类型)
#
# ### 4.1 By nature (按性质)
#
# - **Descriptive information (描述类信息)** describes who the customer is: mostly static
#   attributes such as contact details and address, or, for a business customer, its
#   profile, terms and business information (its yearly statements).
# - **Behavioural information (行为类信息)** records what the customer does: purchases,
#   contacts with the company, habits and preferences shown in action.
# - **Relational information (关联类信息)** reflects and shapes that behaviour: attitudes
#   to products and services, satisfaction, brand preference.
#
# The data dictionary gives every column of the world its nature by one rule: **ask what
# the column says about the thing its row stands for.** An attribute of it, even one
# measured at a date, is descriptive; a record or a summary of something a customer did
# in dealing with Xudong is behavioural; an opinion, attitude or stated preference is
# relational. So a business customer's business information (业务信息), the revenue,
# profit and debts in its yearly statements, is descriptive: it says what kind of company
# the account is, not what it did with Xudong, whereas its invoices and deals are
# behavioural. The content groups of section 2 and the natures are two different
# questions: the transactions group, for instance, holds both descriptive credit terms
# and behavioural invoices. The rule also covers the tables that are not about customers
# at all: `products`, `stores` and `campaigns` are Xudong's reference data (参考数据) about
# its own offer, and their columns are descriptive because they describe a product, a
# store or a campaign. They are not customer information, and no content group lists them.
#
# Per table:

# %%
columns = describe_columns()
by_nature = pd.crosstab(columns["table"], columns["nature"]).reindex(list(world.tables))
by_nature

# %%
ax = by_nature.plot.barh(stacked=True, figsize=(8, 5.5))
ax.invert_yaxis()
ax.set(
    title="Columns of each table by nature (按性质分类的字段数)",
    xlabel="number of columns",
    ylabel="table",
)
ax.legend(title="nature")
plt.show()

# %% [markdown]
# Most tables are of one nature, and the reason is instructive: a record of an event is
# behavioural even when it carries a date or a key. The mixed tables are where judgement
# is needed. In `feedback`, *that* a customer wrote, when and through which channel is a
# contact record (behavioural); *what* they wrote and the stars they gave are their
# opinion (relational):

# %%
with pd.option_context("display.max_colwidth", 80):
    display(describe_columns("feedback")[["column", "nature", "meaning"]])

# %% [markdown]
# > **Common mistake.** Classifying by the table a column sits in. The customer file is
# > mostly descriptive, but a column in it can be a summary of behaviour or a stated
# > preference. Ask of each column: does it say who the customer is, what they did, or
# > what they think and want?

# %% [markdown]
# ### 4.2 By structure (按结构化程度)
#
# - **Structured information (结构化信息)**: fixed columns with one value of a known type
#   per cell, ready to count and join.
# - **Semi-structured information (半结构化信息)**: records that carry their own labels
#   but not a fixed layout, such as JSON, XML or log lines.
# - **Unstructured information (非结构化信息)**: free text, images, sound and video, such
#   as a customer's words, looks and tone in a shop.

# %%
columns["structure"].value_counts()

# %%
columns.loc[columns["structure"] != "structured", ["table", "column", "structure"]]

# %% [markdown]
# Almost everything is structured; two columns are not. They need work before they can be
# counted.
#
# **Semi-structured: the JSON of `web_events`.** Each `payload` is a JSON text whose keys
# depend on the kind of event. `json.loads` turns one text into a Python dict, and
# `pandas.json_normalize` turns a list of dicts into a table with one column per key:

# %%
events = world.web_events
parsed = events["payload"].map(json.loads)  # JSON text -> dict, one per event
flat = pd.json_normalize(parsed.tolist())
flat.index = events.index  # line the new columns up with the events
web = pd.concat([events.drop(columns="payload"), flat], axis=1)
web.head()

# %% [markdown]
# Which keys does each kind of event carry? The share of events of each type that have a
# value for each key shows the structure the JSON was hiding:

# %%
keys = flat.notna().groupby(events["event_type"]).mean()
fig, ax = plt.subplots(figsize=(9, 3.5))
im = ax.imshow(keys.to_numpy(), cmap="Blues", vmin=0, vmax=1, aspect="auto")
ax.set_xticks(range(keys.shape[1]), keys.columns, rotation=30, ha="right")
ax.set_yticks(range(keys.shape[0]), keys.index)
ax.grid(False)
fig.colorbar(im, ax=ax, label="share of events with the key (0-1)")
ax.set(
    title="Keys of the JSON payload by event type (网站日志字段)",
    xlabel="JSON key",
    ylabel="event type",
)
plt.show()

# %% [markdown]
# Now the payload answers questions like any other column. Which product categories do
# customers look at most, and where do visits come from?

# %%
views = web.loc[web["event_type"] == "product_view", "category"].value_counts()
visits = web.drop_duplicates("session_id")  # the first event of each visit is a page_view
display(views.head(5).to_frame("product views"))
visits["referrer"].value_counts().to_frame("visits")

# %% [markdown]
# > **Common mistake.** Counting rows of `web_events` when you mean visits. A row is one
# > event (a click or a page load); a visit, or session (会话), is many rows that share a
# > `session_id`. Count distinct sessions, or keep one row per session first, as above.

# %% [markdown]
# **Unstructured: the free text of `feedback`.** A person reads a review at once; a
# computer first needs it turned into numbers. The simplest numbers are lengths and counts.
# Here is one example per star rating:

# %%
feedback = world.feedback
examples = feedback.groupby("rating").head(1).sort_values("rating")
for rating, text in examples[["rating", "text"]].itertuples(index=False):
    print(f"{rating}/5  {text}")

# %% [markdown]
# Length in characters, `str.len()`, works in both languages. Words do not: Chinese is
# written without spaces, so splitting on spaces finds one "word" per sentence.

# %%
lengths = pd.DataFrame(
    {
        "characters": feedback["text"].str.len(),
        "space-separated words": feedback["text"].str.split().str.len(),
    }
)
lengths.describe().round(1)

# %%
lo, hi = lengths["characters"].min(), lengths["characters"].max()
step = max(1, (hi - lo) // 40)  # whole characters per bar, about 40 bars
fig, ax = plt.subplots(figsize=(8, 3.5))
ax.hist(
    lengths["characters"], bins=range(lo, hi + step + 1, step), color="tab:blue", edgecolor="white"
)
ax.set(
    title="Length of the feedback texts (反馈文本长度)",
    xlabel="length of a text (characters)",
    ylabel="number of texts",
)
plt.show()

# %% [markdown]
# What do customers write about? Counting the most frequent words gives a first idea. In
# English, a word is a run of letters. In Chinese, real words need word segmentation
# (分词), which chapter 10 introduces; until then, pairs of neighbouring characters
# (bigrams, 二元组) are a fair stand-in, since most Chinese words are two characters long.

# %%
STOP = set(
    "the a an and to is it was of i my for in on but with this that me at so we our be not they "
    "had are than about what after really even came were have has from just very too all out "
    "no up one when".split()
)  # English words too common to tell anything


def tokens(text: str) -> list[str]:
    if world.locale == "zh_CN":  # bigrams inside each run of Chinese characters
        runs = re.findall(r"[\u4e00-\u9fff]+", text)
        return [run[i : i + 2] for run in runs for i in range(len(run) - 1)]
    return [w for w in re.findall(r"[a-z']+", text.lower()) if w not in STOP]


# %%
counts = feedback["text"].map(tokens).explode().value_counts()
counts.head(15).to_frame("occurrences")

# %% [markdown]
# > **Checkpoint.** The top of the list should already hint at what customers care about:
# > price (价格), delivery (shipping, days; 物流, 快递) and returns (退货) are near the top
# > in both languages, with the app in English and customer service (客服) in Chinese.
# > In Chinese, a few pairs are not words at all, just two characters that happen to
# > meet; that is the price of skipping word segmentation.
# > Counting is a start, not an understanding: whether "delivery" came with praise or a
# > complaint is sentiment analysis, in chapter 10.

# %% [markdown]
# ## 5. A first profile of each table (数据概况)
#
# Before analysing a table, look at it: how big it is, what types its columns hold, where
# values are missing, and what range the values cover. A profile takes a minute and saves
# hours of trusting a column that is half empty. First, every table in one line each:

# %%
profile = pd.DataFrame(
    {
        "rows": len(df),
        "columns": df.shape[1],
        "MB in memory": df.memory_usage(deep=True).sum() / 1e6,
        "columns with gaps": int(df.isna().any().sum()),
        "dtypes": ", ".join(sorted({str(d) for d in df.dtypes})),
    }
    for df in world.tables.values()
)
profile.index = list(world.tables)
profile.round(2)


# %% [markdown]
# Then one table column by column: type, share missing, number of distinct values, and the
# range of the numbers and dates.

# %%
def column_profile(df: pd.DataFrame) -> pd.DataFrame:
    measured = df.select_dtypes(include=["number", "datetime"])
    return pd.DataFrame(
        {
            "dtype": df.dtypes.astype(str),
            "missing": df.isna().mean().round(3),
            "distinct": df.nunique(),
            "min": measured.min(),
            "max": measured.max(),
        },
        index=df.columns,  # keep the table's own column order
    )


# %%
column_profile(world.customers)

# %% [markdown]
# Read the ranges as a check on the data: birth dates should give adults, sign-ups should
# lie in the history before `as_of`, and incomes should be positive.

# %%
c = world.customers
age = (world.as_of - c["birth_date"]).dt.days / 365.25
print(f"age at as_of: {age.min():.0f} to {age.max():.0f} years")
print(f"signed up:    {c['signup_date'].min():%Y-%m-%d} to {c['signup_date'].max():%Y-%m-%d}")
print(f"income:       {c['income'].min():,.0f} to {c['income'].max():,.0f} {CURRENCY} a year")

# %% [markdown]
# Missing values are easiest to compare as a picture: the share of rows with no value, per
# column, for the clean customer file and for the raw records as the channels captured them.

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 5), sharex=True)
for ax, name in zip(axes, ["customers", "raw_records"], strict=True):
    share = world[name].isna().mean() * 100
    ax.barh(share.index[::-1], share.to_numpy()[::-1], color="tab:orange")
    ax.set(title=f"{name}", xlabel="missing values (% of rows)")
axes[0].set_ylabel("column")
fig.suptitle("Missing values per column (各字段缺失值比例)")
fig.tight_layout()
plt.show()

# %% [markdown]
# > **Checkpoint.** In `customers` only `email` and `income` have gaps, each under 10%; in
# > `raw_records`, e-mail, birth date and address are missing far more often. The customer
# > file has been cleaned; the raw records are what chapters 02 and 03 clean.
#
# > **Common mistake.** Taking "no missing values" for "correct values". `raw_records.phone`
# > is almost never empty, yet some phones in it are malformed. A profile finds gaps;
# > finding wrong values needs validation rules (chapter 02).

# %% [markdown]
# ## Recap
#
# - Customer information (客户信息) is everything that tells who a customer is and how they
#   deal with the company; managing it runs from collection to use.
# - One customer's information is spread over many tables; `customer_id` ties it together.
# - Personal customers: basic, consumption, career, family, lifestyle, education, social
#   ties, other; business customers: basic, characteristics, business (yearly statements),
#   transactions, principal, contacts, other. Xudong is rich in consumption, thin in family
#   and social ties.
# - Customer information supports strategic (revenue by province), tactical (channel mix)
#   and operational (today's open tickets) decisions.
# - It grades customers (spending rank → A/B/C/D), guides communication (consent is the usual
#   lawful basis, and an opt-out must always be honoured),
#   and underpins care (birthdays), service (first-contact resolution, waiting times) and win-back (lapsed buyers).
# - By nature: descriptive (描述类), behavioural (行为类), relational (关联类) information,
#   decided by what a column says about its row's subject; products, stores and campaigns
#   are reference data, not customer information.
# - By structure: structured, semi-structured (JSON → `json.loads` + `json_normalize`),
#   unstructured (free text → lengths in characters, word or bigram counts).
# - A first profile: rows, columns, dtypes, missing shares and ranges, before any analysis.
#
# **Next:** the exercises in
# [`exercises/01_customer_information_exercises.ipynb`](../exercises/01_customer_information_exercises.ipynb),
# then chapter 02, collecting customer information (客户信息的收集).

# %% [markdown]
# ### Glossary (术语表)
#
# | English | 中文 | in the kit |
# |---|---|---|
# | customer information / its management | 客户信息 / 客户信息管理 | the whole course |
# | personal customer / business customer | 个人客户 / 企业客户 | `customers` / `accounts` |
# | principal / contact person | 负责人 / 联系人 | `contacts.role == "owner"` / `contacts` |
# | business information / financial statements | 业务信息 / 财务报表 | `account_financials` |
# | debt ratio | 资产负债率 | `total_liabilities / total_assets` |
# | reference data | 参考数据 | `products`, `stores`, `campaigns` |
# | strategic / tactical / operational decision | 战略 / 战术 / 业务决策 | section 3.1–3.3 |
# | customer grading | 客户分级 | grades A–D, `member_tier` |
# | customer communication | 客户沟通 | consent-based contact lists |
# | customer care / service / win-back | 客户关怀 / 客户服务 / 客户挽回 | section 3.6 |
# | descriptive / behavioural / relational | 描述类 / 行为类 / 关联类 | `describe_columns()["nature"]` |
# | structured / semi-structured / unstructured | 结构化 / 半结构化 / 非结构化 | `describe_columns()["structure"]` |
# | data dictionary / data profile | 数据字典 / 数据概况 | `labkit.world.dictionary`, section 5 |
