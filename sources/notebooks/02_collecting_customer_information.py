# %% [markdown]
# # 02 · Collecting customer information (客户信息的收集)
#
# Chapter 01 described *what* customer information is. This chapter asks where it comes
# from and how good it is when it arrives. Xudong Trading (旭东商贸) hears about its
# customers through many doors: store counters, its website, its call centre, its
# campaigns, its yearly survey and a list it bought. Each door writes things down in its
# own way, leaves its own gaps and makes its own mistakes. Before anyone can analyse
# customers, someone has to know which door brought what, put the pieces of one person
# together, and measure how far the data can be trusted.
#
# In this lab you will:
#
# - name the internal (内部渠道) and external (外部渠道) channels of customer information
#   and find each one in the Xudong world;
# - compare channels by volume, cost per result and how complete their records are;
# - integrate several channels' records of the same people into one customer view, with a
#   rule for which value wins when channels disagree;
# - measure data quality per channel (validity, completeness, timeliness, consistency,
#   uniqueness) by hand and with `labkit.quality.quality_report`, and check the rules
#   against the errors planted in the world;
# - design a survey sample (simple or stratified, and how big) and compute the Net
#   Promoter Score with a confidence interval.

# %%
# %matplotlib inline
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import labkit
from labkit import quality

world = labkit.load_world()
labkit.setup_plots(world.locale)
raw = world.raw_records
print(f"{world.locale} world, as of {world.as_of:%Y-%m-%d}: {len(raw):,} raw records")

# %% [markdown]
# ## 1. Channels of customer information (客户信息的收集渠道)
#
# A **channel (渠道)** is a way information reaches the company. The textbook sorts them
# into two families.
#
# **Internal channels (内部渠道)** are Xudong's own contacts with customers:
#
# 1. **surveys (企业调查)**: visits (走访调查), phone surveys (电话调查), observation
#    (观察调查) and questionnaires (问卷调查);
# 2. **marketing activities (营销活动)**: advertising (广告), customer events (客户活动) and
#    exhibitions (展会), where people leave their details to take part;
# 3. **business processes (业务过程)**: before a deal the customer asks questions, after it
#    they review the purchase. Company and customer are never closer, so this is the best
#    moment to learn about them;
# 4. **customer communication (客户沟通)**: the official website (官方网站), the call centre
#    (呼叫中心) and new-media official accounts (新媒体官方账号) such as a WeChat account;
# 5. **point of sale (销售终端)**: counters, tills and vending machines, which record what was
#    bought, how many, at what price and when.
#
# **External channels (外部渠道)** bring in what Xudong cannot see itself, above all people
# it has never met, its **potential customers (潜在客户)**: external databases (外部数据库),
# social media platforms (社交媒体平台), government data (政府数据), and consulting and market
# research firms (咨询公司和市场研究公司).

# %% [markdown]
# Every table of the world was filled by one of these channels (the data dictionary,
# `datasets/README.md`, names the channel of each table). The map below places the channels
# in the world. `where` is a filter on the table, written as a `DataFrame.query` string;
# `rows` is counted in *your* world.

# %%
CHANNEL_MAP = [  # (channel, 中文, family, table, which rows: a query, or None for all)
    ("survey: questionnaire", "问卷调查", "internal", "surveys", None),
    ("marketing activities", "营销活动", "internal", "campaign_responses", None),
    ("business process: orders", "业务过程", "internal", "orders", "channel != 'store'"),
    ("business process: service", "业务过程", "internal", "service_tickets", None),
    ("business process: reviews", "业务过程", "internal", "feedback", "channel == 'app_review'"),
    ("website / app", "官方网站", "internal", "web_events", None),
    ("website / app", "官方网站", "internal", "raw_records", "source == 'web_form'"),
    ("call centre", "呼叫中心", "internal", "raw_records", "source == 'call_centre'"),
    ("call centre", "呼叫中心", "internal", "feedback", "channel == 'call_centre'"),
    ("point of sale", "销售终端", "internal", "orders", "channel == 'store'"),
    ("point of sale", "销售终端", "internal", "raw_records", "source == 'store_signup_sheet'"),
    ("external database", "外部数据库", "external", "raw_records", "source == 'purchased_list'"),
    ("social media platforms", "社交媒体平台", "external", "feedback", "channel == 'social_media'"),
]


# %%
def count_rows(table, where):
    df = world[table]
    return len(df) if where is None else len(df.query(where))


channels = pd.DataFrame(CHANNEL_MAP, columns=["channel", "中文", "family", "table", "where"])
channels["rows"] = [count_rows(table, where) for *_, table, where in CHANNEL_MAP]
channels.fillna({"where": "(all rows)"})

# %% [markdown]
# A few things the map shows:
#
# - `raw_records` is the one table where the channels meet: the same kind of record
#   (name, phone, e-mail, birth date, address) as the **store sign-up sheet** (point of
#   sale), the **web form** (website), the **call centre**'s notes and a **purchased list**
#   (an external database) wrote it down. Most of this chapter works on it.
# - New-media official accounts have no table of their own: in the `zh_CN` world some
#   campaigns are sent through WeChat (`campaigns.channel`), and posts about Xudong on
#   social media platforms land in `feedback`.
# - Visits, observation, customer events and exhibitions leave no table either. What staff
#   learn there reaches the database only when someone types it in, often on the same kind
#   of sheet as a store sign-up.
#
# Two external channels of the textbook have no table in the world:
#
# - **government data (政府数据)**: statistics by region (population, age mix, average
#   disposable income per province or state, published by the statistics bureau, 统计局, or
#   the census) tell Xudong how big each regional market is and how rich, a yardstick for
#   its own customers. The kit carries one piece of it, the region table the world is built
#   from: each city's share of the population, its tier (城市等级) and an income index, the
#   official income of its province or state relative to the national figure (NBS 2023
#   per-capita disposable income for `zh_CN`, the 2023 American Community Survey median
#   household income for `en_US`). For business accounts, public company registers
#   (企业信用信息公示) would add registered capital, legal representative and status.
# - **consulting and market research firms (咨询公司和市场研究公司)**: market size,
#   competitors' shares, panels of people who are *not* Xudong's customers, and industry
#   benchmarks, e.g. the typical NPS of retailers, without which Xudong cannot tell whether
#   its own score (section 5) is good.

# %%
from labkit.formats.regions import regions

official = regions(world.locale)  # statistics about places: no person in it
official.nlargest(5, "income_index")[["province", "city", "city_tier", "income_index"]]

# %% [markdown]
# An index above 1 means richer than the country as a whole: 1.4 is 40 % above the
# national figure, and Shanghai's 2.16 in the `zh_CN` table more than twice it. Chapter 05 holds Xudong's customers
# against this yardstick. Statistics like these describe places, not people; personal data
# bought from outside is another matter. Whether Xudong may use the purchased list at all is
# a question for chapter 04: the lawful bases of PIPL (个人信息保护法) article 13, article
# 10's ban on buying or selling personal information unlawfully, and Criminal Law (刑法)
# article 253-1 on infringing citizens' personal information.
#
# > **Checkpoint.** Your `channels` table has 13 rows, every `rows` value above zero, and
# > two of them marked `external`.

# %% [markdown]
# ## 2. Comparing channels (渠道比较)
#
# A manager asks three things of a channel: how much does it bring (**volume**, 数量), what
# does a result cost (**cost**, 成本), and how complete is what it brings (**completeness**,
# 完整性)?
#
# ### 2.1 Volume

# %%
volume = raw["source"].value_counts().sort_values()
colours = ["tab:red" if s == "purchased_list" else "tab:blue" for s in volume.index]
ax = volume.plot.barh(color=colours, figsize=(8, 3))
ax.set(title="Customer records per source (各渠道采集的记录数); red = external",
       xlabel="raw records (count)", ylabel="source")
plt.show()

# %% [markdown]
# The web form brings most records because most customers sign up online. The purchased
# list is small, but nearly all of its names are new to Xudong, as section 3 will show:
# that is what an external database is for.
#
# ### 2.2 Cost per result
#
# Marketing activities have a price: every message of a campaign costs `cost_per_contact`
# (in the world's currency). A cheap message is not a cheap customer, because most messages
# convert nobody. Per messaging channel, we add up the cost of every message sent and
# divide by the conversions. Each campaign also keeps a random **hold-out group (对照组)**
# of customers who were picked but sent nothing (`holdout` True): they cost nothing and are
# left out here; chapter 08 uses them to measure what a campaign really changes.

# %%
responses = world.campaign_responses.query("not holdout")  # the messages actually sent
sent = responses.merge(
    world.campaigns[["campaign_id", "channel", "cost_per_contact"]], on="campaign_id")
cost = sent.groupby("channel").agg(
    contacts=("customer_id", "size"),
    cost_per_contact=("cost_per_contact", "mean"),
    total_cost=("cost_per_contact", "sum"),
    conversions=("converted", "sum"),
)
cost["conversion_rate"] = cost["conversions"] / cost["contacts"]
cost["cost_per_conversion"] = cost["total_cost"] / cost["conversions"]
print(f"money in {world.currency}")
cost.round(3)

# %% [markdown]
# > **Common mistake.** Averaging the cost per conversion of each campaign. A small campaign
# > with two lucky conversions then weighs as much as a big one. Divide the channel's
# > *total* cost by its *total* conversions (a ratio of sums, not a mean of ratios).
#
# ### 2.3 Completeness of what each source captures
#
# Completeness (完整性) is the share of the fields that were filled in. A heat map shows the
# whole source × field grid at once.

# %%
FIELDS = ["name", "gender", "birth_date", "phone", "email", "province", "city", "address"]
filled = raw[FIELDS].notna().groupby(raw["source"]).mean()
fig, ax = plt.subplots(figsize=(10, 3.2))
im = ax.imshow(filled, cmap="RdYlGn", vmin=0, vmax=1, aspect="auto")
for (i, j), share in np.ndenumerate(filled.to_numpy()):
    ax.text(j, i, f"{share:.0%}", ha="center", va="center", fontsize=9)
ax.set_xticks(range(len(FIELDS)), FIELDS)
ax.set_yticks(range(len(filled)), filled.index)
ax.set(title="Share of records with each field filled in (完整性), by source",
       xlabel="field", ylabel="source")
ax.grid(False)
fig.colorbar(im, ax=ax, label="share filled (0-1)")
plt.show()

# %% [markdown]
# Name, gender, province and city are always there; the gaps are in e-mail, birth date and
# address. The web form is the most complete, since it asks for every field in turn, but
# only the name and phone are compulsory there: about one customer in twenty leaves out the
# address or birth date, and one in thirteen the e-mail. A call-centre
# agent typing while talking skips what the caller does not volunteer, and a paper sign-up
# sheet leaves the e-mail line empty for many shoppers. Each gap is a habit of the
# channel, and the fix belongs at the channel (a compulsory field, a script for the agent),
# not only in a cleaning step later.

# %% [markdown]
# ## 3. One customer view (统一客户视图)
#
# The same person can sign up in a store, later call the call centre and also be on the
# purchased list. To serve them as *one* customer, Xudong must **integrate (整合)** the
# channels' records: choose a key, standardise it, join on it, settle conflicts, and check
# how well it worked.
#
# ### 3.1 A key: the phone number, normalised
#
# A good **matching key (匹配键)** is filled in almost everywhere, is the same for the same
# person and differs between people. The phone is filled in nearly always (section 2.3),
# but each source writes it its own way:

# %%
raw.groupby("source")["phone"].first()

# %% [markdown]
# To compare numbers we **normalise (标准化)** them: keep the digits only, then the last 11
# (a mainland mobile in `zh_CN`) or 10 (a US number in `en_US`), which drops the country
# code 86 or 1.

# %%
NATIONAL_DIGITS = {"zh_CN": 11, "en_US": 10}


def phone_key(phones):
    digits = phones.str.replace(r"\D", "", regex=True)  # \D: anything but a digit
    return digits.str[-NATIONAL_DIGITS[world.locale]:].replace("", np.nan)


raw = raw.assign(phone_key=phone_key(raw["phone"]))
customer_keys = phone_key(world.customers["phone"])
raw.groupby("source")[["phone", "phone_key"]].first()

# %% [markdown]
# ### 3.2 Join the channels to the customer file
#
# Which raw records belong to a known customer? Compare the phone as written with the
# normalised key:

# %%
as_written = raw["phone"].isin(world.customers["phone"])
by_key = raw["phone_key"].isin(customer_keys)
pd.DataFrame({"as written": as_written.groupby(raw["source"]).mean(),
              "normalised key": by_key.groupby(raw["source"]).mean()}).round(3)

# %% [markdown]
# > **Common mistake.** Joining on a column as each channel wrote it. Only the source whose
# > format happens to equal the customer file's matches; the others look like strangers.
# > Standardise first, then join.
#
# With the key, nearly every internal record finds its customer; the rest have a missing,
# malformed or mistyped phone. The purchased list matches few: most of its people are
# prospects (潜在客户) that no internal channel has met.
#
# How many channels know each person? One row per person (phone key) and the number of
# different sources that captured them:

# %%
people = raw.dropna(subset=["phone_key"]).groupby("phone_key")
sources_per_person = people["source"].nunique()
sources_per_person.value_counts().sort_index().rename_axis("sources").rename("people")

# %% [markdown]
# Here is the person, among those that two or more sources captured, whose records differ
# in the most fields. Look at the name, birth date, e-mail and address columns: formats
# differ, a field is missing in one record and present in another, values disagree.

# %%
shown = ["record_id", "source", "captured_at", "name", "birth_date", "email", "address"]
several = raw[raw["phone_key"].isin(sources_per_person[sources_per_person >= 2].index)]
differences = several.groupby("phone_key")[shown[3:]].nunique(dropna=False).sum(axis=1)
example = differences.idxmax()  # the first of the people with the most differing fields
raw.loc[raw["phone_key"] == example, shown]

# %% [markdown]
# ### 3.3 Conflicts: which value wins?
#
# When two channels disagree, a **survivorship rule (取值规则)** decides, field by field,
# which value goes into the customer view. Three common rules, each with its reason:
#
# | rule | wins | why |
# |---|---|---|
# | most recent (最新优先) | the latest non-empty value | people move and change e-mail addresses |
# | most trusted source (最可信来源优先) | the value from the most reliable source | a value the customer typed in beats one copied from handwriting or bought |
# | most complete (最完整优先) | the value from the fullest record | a record filled in with care is likely right elsewhere too |
#
# Our trust order puts the web form first (the customer typed it and the form checks it),
# then the call centre (an agent typed it while listening), the store sheet (handwriting,
# copied later) and last the purchased list (a third party's data of unknown age).
# Section 4 will test whether the numbers back that order.

# %%
TRUST = {"web_form": 0, "call_centre": 1, "store_signup_sheet": 2, "purchased_list": 3}
keyed = raw.dropna(subset=["phone_key"]).assign(
    trust=lambda d: d["source"].map(TRUST), filled=lambda d: d[FIELDS].notna().sum(axis=1))
RULES = {  # sort so that the winning record comes first within each person
    "most recent": (["captured_at"], [False]),
    "most trusted": (["trust", "captured_at"], [True, False]),
    "most complete": (["filled", "captured_at"], [False, False]),
}
golden = {name: keyed.sort_values(by, ascending=up).groupby("phone_key")[FIELDS].first()
          for name, (by, up) in RULES.items()}  # first(): the first NON-EMPTY value

# %% [markdown]
# `groupby(...).first()` takes, per column, the first value that is not empty, so a gap in
# the winning record is filled from the next one. How much do the rules matter?

# %%
emails = pd.DataFrame({name: g["email"].str.lower() for name, g in golden.items()})
print(f"people (phone keys):                  {len(emails):,}")
print(f"raw records with an e-mail:           {raw['email'].notna().mean():.3f}")
print(f"customer views with an e-mail:        {emails['most recent'].notna().mean():.3f}")
print(f"people whose rules pick other e-mails: {(emails.nunique(axis=1) > 1).mean():.3f}")

# %% [markdown]
# Integration fills gaps: the customer view has an e-mail more often than the raw records
# do. The rules disagree only for people with two *different* e-mails on file, but for them
# the choice matters. A sensible policy mixes the rules, field by field, by what the field
# is: contact details change, so the most recent value wins; facts about the person do
# not, so the most trusted source wins.

# %%
CONTACT = ["phone", "email", "province", "city", "address"]
PERSON = ["name", "gender", "birth_date"]
customer_view = golden["most trusted"][PERSON].join(golden["most recent"][CONTACT])
customer_view.loc[[example]]  # the person of section 3.2, now one row

# %% [markdown]
# A rule picks a *source*, not the truth: if the name in this view carries a typo, the
# trusted source had it too. And the birth date still shows its source's format: comparing
# values for typos and standardising formats come in chapter 03.
#
# > **Common mistake.** `drop_duplicates("phone_key", keep="last")` keeps the latest
# > *record* whole, including its empty fields, so an e-mail given in an earlier channel is
# > thrown away. Choose field by field: `groupby(...).first()` / `.last()` skip empty values.
#
# ### 3.4 Score the join against the truth
#
# The world knows who is who: `world.truth.duplicates` gives every raw record's
# `person_id` and marks `is_duplicate` when that person was captured before. We did the
# join without it; now we use it only to **score** the join. A record is *marked* by our
# key when an earlier record has the same phone key.

# %%
truth = world.truth.duplicates.set_index("record_id")
marked = raw["phone_key"].notna() & raw["phone_key"].duplicated()  # key seen before
is_dup = raw["record_id"].map(truth["is_duplicate"])
precision = (marked & is_dup).sum() / marked.sum()
recall = (marked & is_dup).sum() / is_dup.sum()
print(f"marked {marked.sum()}, true duplicates {is_dup.sum()}")
print(f"precision {precision:.3f}: of the marked records, the share that are duplicates")
print(f"recall    {recall:.3f}: of the duplicates, the share the key found")

# %% [markdown]
# When two records share a normalised phone they are nearly always the same person, so
# precision is high. Recall is lower: why did the key miss the others?

# %%
invalid_phone_rows = world.truth.errors.query("kind == 'invalid_phone'")["row_id"]
missed = raw[is_dup & ~marked]
reason = np.select(
    [missed["phone"].isna(), missed["record_id"].isin(invalid_phone_rows)],
    ["no phone", "malformed phone"],
    "other key (a mistyped digit, or no usable phone in the earlier record)")
pd.Series(reason).value_counts()

# %% [markdown]
# One key is not enough. Chapter 03 adds more: the e-mail, and the name with the birth date,
# compared with string similarity so that a mistyped digit or name still matches.
#
# > **Checkpoint.** Precision near 1, recall well below it, and the missed duplicates
# > explained by missing, malformed or mistyped phones.

# %% [markdown]
# ## 4. Data quality as numbers (数据质量)
#
# "The data is bad" starts no repair; "one phone in fifteen on the store sheet is malformed"
# does.
# Five dimensions turn quality into numbers:
#
# | dimension | 中文 | the question | measured here as |
# |---|---|---|---|
# | accuracy | 准确性 | is the value true? | needs the truth or an outside reference; on the data alone we measure **validity (有效性)**: *could* the value be true (a possible phone, a real date)? |
# | completeness | 完整性 | is it there? | share of fields filled in |
# | timeliness | 及时性 | is it recent? | median age of the records in days at `as_of` |
# | consistency | 一致性 | do the fields agree? | the city lies in the stated province |
# | uniqueness | 唯一性 | is each person there once? | share of records whose phone key no earlier record has |
#
# A **missing value is not an invalid one**: a rule applies only where there is a value.
# An empty phone lowers completeness; counting it as invalid too would blame one gap twice.
# So validity is a share of the records that *have* a value.
#
# ### 4.1 Validity rules in plain pandas
#
# Phones: drop separators and the country code, then test the national number against its
# pattern (a mobile starts with 13–19 in `zh_CN`; a US area code and exchange start with 2–9).

# %%
PHONE_PATTERN = {"zh_CN": r"1[3-9]\d{9}", "en_US": r"[2-9]\d{2}[2-9]\d{6}"}
COUNTRY_CODE = {"zh_CN": r"\+?86", "en_US": r"\+?1"}
length = NATIONAL_DIGITS[world.locale]
national = (raw["phone"].str.replace(r"[\s\-.()]", "", regex=True)  # separators go
            .str.replace(rf"^{COUNTRY_CODE[world.locale]}(?=.{{{length}}}$)", "", regex=True))
phone_ok = (national.str.fullmatch(PHONE_PATTERN[world.locale]).astype("boolean")
            .mask(raw["phone"].isna()))  # <NA>: no phone, the rule does not apply
invalid_phone = ~phone_ok.fillna(True)  # an empty phone is not an invalid one
raw.loc[invalid_phone, ["source", "phone"]].head()

# %% [markdown]
# `phone_ok` is True, False or `<NA>` (no phone). Letters (an O for a zero), a digit too
# many or too few all fail. The `.mask(...)` matters: depending on the pandas version,
# `.str.fullmatch` returns False, not a missing value, for an empty cell, which would count
# every empty phone as invalid. E-mails get a rule about their form, birth dates must be real
# dates giving an age from 0 to 120 at `as_of` (each source writes dates its own way, so we
# try each format in turn), and the province/city pair must exist in the list of real places
# that `labkit.quality.known_places` gives, in full and short spellings.

# %%
email_ok = (raw["email"].str.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}").astype("boolean")
            .mask(raw["email"].isna()))
FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d", "%m/%d/%Y", "%B %d, %Y", "%d-%b-%Y"]
born = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
for fmt in FORMATS:  # 30 February matches no format and stays NaT
    born = born.fillna(pd.to_datetime(raw["birth_date"], format=fmt, errors="coerce"))
age_years = (world.as_of - born).dt.days / 365.25
birth_ok = age_years.between(0, 120).astype("boolean").mask(raw["birth_date"].isna())
places = pd.MultiIndex.from_frame(quality.known_places(world.locale))
place_ok = pd.Series(pd.MultiIndex.from_frame(raw[["province", "city"]]).isin(places),
                     index=raw.index)

# %% [markdown]
# Timeliness is the age of each record in whole days at `as_of`; uniqueness asks whether an
# earlier record already had the same phone key. Then one table, one row per source:

# %%
age_days = (world.as_of - raw["captured_at"].dt.normalize()).dt.days
unique = (~raw["phone_key"].duplicated()).astype("boolean").mask(raw["phone_key"].isna())
per_record = pd.DataFrame({
    "completeness": raw[FIELDS].notna().mean(axis=1),
    "valid_phone": phone_ok, "valid_email": email_ok, "valid_birth_date": birth_ok,
    "consistency": place_ok, "uniqueness": unique, "median_age_days": age_days,
}).astype("Float64")
by_hand = per_record.groupby(raw["source"]).mean()  # mean() skips <NA>: not applicable
by_hand["median_age_days"] = per_record["median_age_days"].groupby(raw["source"]).median()
by_hand.round(3)

# %%
shares = by_hand.drop(columns="median_age_days").astype(float)
fig, (left, right) = plt.subplots(1, 2, figsize=(13, 3.6), width_ratios=[3, 1])
im = left.imshow(shares, cmap="RdYlGn", vmin=0.8, vmax=1, aspect="auto")
for (i, j), share in np.ndenumerate(shares.to_numpy()):
    left.text(j, i, f"{share:.1%}", ha="center", va="center", fontsize=9)
left.set_xticks(range(shares.shape[1]), shares.columns, rotation=20)
left.set_yticks(range(len(shares)), shares.index)
left.set(title="Data quality by source (数据质量), share of records", xlabel="dimension")
left.grid(False)
fig.colorbar(im, ax=left, label="share passing (0-1)")
right.barh(by_hand.index, by_hand["median_age_days"].astype(float), color="tab:grey")
right.set(title="Timeliness (及时性)", xlabel="median age at as_of (days)", yticks=[])
right.invert_yaxis()
plt.show()

# %% [markdown]
# Each source has its own weak spot, and the numbers say which: compare the phone column
# down the sources, the consistency of the purchased list, the age of its records. A list
# bought from outside was compiled for someone else, at some earlier time, with its own
# errors: the external channel is the oldest and least consistent.
#
# > **Common mistake.** Dividing the invalid phones by *all* rows, including those with no
# > phone. The share then mixes two problems (missing and malformed) and changes whenever
# > completeness changes. Divide by the records the rule applies to.
#
# ### 4.2 The same report with `labkit.quality`
#
# Chapters 03 and 12 need this report again, so `labkit.quality` packs it into one
# function with ready rules. The rules return `<NA>` for empty values, as ours did.

# %%
report = quality.quality_report(
    raw,
    rules={"phone": quality.PHONE_RULES[world.locale], "email": quality.valid_email,
           "birth_date": quality.plausible_birth_date(world.as_of)},
    group_by="source", timestamp="captured_at", as_of=world.as_of, key="phone_key",
    consistency=quality.province_city_agree(quality.known_places(world.locale)),
    columns=FIELDS,
)
report.round(3).T

# %% tags=["nbval-check-output"]
same = list(by_hand.columns)
print("quality_report agrees with the hand-made table:",
      np.allclose(report[same].to_numpy(float), by_hand[same].to_numpy(float)))

# %% [markdown]
# ### 4.3 Check the rules against the planted errors
#
# The generator planted real errors in `raw_records` and listed them in
# `world.truth.errors`, one row per record and column. Where are they?

# %%
errors = world.truth.errors.merge(raw[["record_id", "source"]],
                                  left_on="row_id", right_on="record_id")
pd.crosstab(errors["kind"], errors["source"], margins=True, margins_name="total")

# %% [markdown]
# How many of them does each of our rules find (**recall**, 查全率), and how many of the
# records a rule flags are real errors (**precision**, 查准率)?

# %%
flagged = {"invalid_phone": invalid_phone, "invalid_email": ~email_ok.fillna(True),
           "impossible_birth_date": ~birth_ok.fillna(True), "province_city_mismatch": ~place_ok,
           "email_domain_typo": ~email_ok.fillna(True)}
rows = []
for kind, flag in flagged.items():
    planted = raw["record_id"].isin(errors.loc[errors["kind"] == kind, "row_id"])
    rows.append({"kind": kind, "planted": planted.sum(), "flagged": flag.sum(),
                 "recall": (flag & planted).sum() / planted.sum(),
                 "precision": (flag & planted).sum() / flag.sum()})
pd.DataFrame(rows).set_index("kind").round(3)

# %% [markdown]
# The rules about form find their errors. The last row is the lesson about accuracy: an
# e-mail at `gmial.com` or `qq.con` has a perfectly valid *form* and is still wrong. Only
# a reference from outside the record (a list of real mail domains, a confirmation mail
# that bounces) can show it. Validity is the part of accuracy that a rule can check alone.

# %%
typos = errors.loc[errors["kind"] == "email_domain_typo", "row_id"]
raw.loc[raw["record_id"].isin(typos), "email"].str.split("@").str[1].value_counts().head()

# %% [markdown]
# ### 4.4 Which source to fix first?
#
# A judgement, backed by numbers: per source, how many records have a phone, how many of
# those phones are invalid, and what share that is.

# %%
fix = pd.DataFrame({"with a phone": phone_ok.notna().groupby(raw["source"]).sum(),
                    "invalid": invalid_phone.groupby(raw["source"]).sum()})
fix["share invalid"] = fix["invalid"] / fix["with a phone"]
fix.sort_values("share invalid", ascending=False).round(4)

# %% [markdown]
# In the default world the store sign-up sheet has the highest share of invalid phones, and
# because it is also a big source, the most invalid phones in number. That is where to act,
# and *at the source*: have staff type the number into a tablet form that checks its
# format and reads it back to the customer, rather than cleaning the sheet afterwards.
# Prevention at capture (源头控制) is cheaper than repair.
#
# > **Checkpoint.** Your hand-made table and `quality_report` agree (`True` above); every
# > form rule has a recall near 1 and the domain typos a recall near 0.

# %% [markdown]
# ## 5. Surveys: sample design and NPS (抽样调查与净推荐值)
#
# Xudong's yearly satisfaction survey (满意度调查) is a questionnaire, the most measurable
# of the textbook's survey methods. Asking every customer costs time and goodwill, so a
# survey asks a **sample (样本)** of the **population (总体)**.
#
# ### 5.1 Simple or stratified?
#
# A **simple random sample (简单随机抽样)** gives every customer the same chance. A
# **stratified sample (分层抽样)** first splits the population into **strata (层)**, here by
# sign-up channel, and draws from each in proportion to its size (proportional allocation,
# 按比例分配), so every stratum gets its share, up to rounding its count to whole customers.

# %%
customers = world.customers
n = 400
frac = n / len(customers)
simple = customers.sample(n=n, random_state=1)
stratified = customers.groupby("signup_channel").sample(frac=frac, random_state=1)
pd.DataFrame({
    "population": customers["signup_channel"].value_counts(normalize=True),
    "simple random": simple["signup_channel"].value_counts(normalize=True),
    "stratified": stratified["signup_channel"].value_counts(normalize=True),
}).round(3)

# %% [markdown]
# One sample proves little. Draw 200 of each kind and watch the share of the smallest
# stratum: the simple random samples scatter around the truth; the stratified ones give the
# *same* share every time (a standard deviation of 0), because `sample(frac=...)` takes
# round(frac × size) customers from each stratum. That fixed share is the population's share
# up to the rounding of each stratum's size, so it can sit a little off the population line
# (and the sample can hold a customer or two more or fewer than 400).

# %%
smallest = customers["signup_channel"].value_counts().idxmin()
in_smallest = customers["signup_channel"] == smallest
draws = pd.DataFrame({
    "simple random": [in_smallest[customers.sample(n=n, random_state=i).index].mean()
                      for i in range(200)],
    "stratified": [in_smallest[customers.groupby("signup_channel")
                               .sample(frac=frac, random_state=i).index].mean()
                   for i in range(200)],
})
print("population share:", round(in_smallest.mean(), 4), "| stratified sample size:",
      len(stratified), "| stratum sizes:", stratified["signup_channel"].value_counts().to_dict())
draws.describe().loc[["mean", "std", "min", "max"]].round(4)

# %%
bins = np.linspace(draws.min().min(), draws.max().max(), 30)
fig, ax = plt.subplots(figsize=(8, 3.5))
ax.hist(draws["simple random"], bins=bins, alpha=0.7, label="simple random (简单随机抽样)")
ax.hist(draws["stratified"], bins=bins, alpha=0.7, label="stratified (分层抽样)")
ax.axvline(in_smallest.mean(), color="black", ls="--", label="population")
ax.set(title=f"Share of '{smallest}' sign-ups in 200 samples of {n}",
       xlabel=f"share of '{smallest}' in the sample (0-1)", ylabel="samples (count)")
ax.legend()
plt.show()


# %% [markdown]
# Stratifying guarantees that small groups are represented as they should be, which
# matters when results are reported per group. It also makes an estimate more precise, but
# only for what differs between the strata: the more the strata differ in what is measured,
# the bigger the gain.
#
# ### 5.2 How big a sample? (样本量)
#
# To estimate a share (for example the share of satisfied customers) within a **margin of
# error (误差范围)** *e* at 95% confidence (z = 1.96), a simple random sample needs
#
# $$n_0 = \frac{z^2\,p(1-p)}{e^2},$$
#
# with *p* = 0.5 when nothing is known (the largest, safest value). When the population
# *N* is not much larger than that, the **finite-population correction (有限总体校正)**
# lowers it: $n = n_0 / \bigl(1 + (n_0 - 1)/N\bigr)$. Round up.

# %%
def sample_size(margin, population, z=1.96, p=0.5):
    n0 = z**2 * p * (1 - p) / margin**2
    return math.ceil(n0), math.ceil(n0 / (1 + (n0 - 1) / population))


N = len(customers)
sizes = pd.DataFrame([(e, *sample_size(e, N)) for e in (0.10, 0.05, 0.03, 0.02, 0.01)],
                     columns=["margin (±)", "n0 (no correction)", f"n for N = {N:,}"])
sizes

# %% [markdown]
# Halving the margin quadruples the sample. The correction matters more as *n0* becomes a
# sizeable part of *N*. And these are *answers*: if one invited customer in four answers,
# Xudong must invite four times as many.
#
# ### 5.3 Net Promoter Score and its confidence interval
#
# The survey asks "How likely are you to recommend Xudong to a friend?" on a 0–10 scale.
# **Promoters (推荐者)** answer 9–10, **passives (被动者)** 7–8, **detractors (贬损者)**
# 0–6. The **Net Promoter Score (净推荐值, NPS)** is the percentage of promoters minus the
# percentage of detractors, from −100 to +100; passives count in the total only.

# %%
scores = world.surveys["nps"]
group = pd.cut(scores, bins=[-1, 6, 8, 10], labels=["detractor", "passive", "promoter"])
shares = group.value_counts(normalize=True)
nps = 100 * (shares["promoter"] - shares["detractor"])
print(shares.round(3).to_string())
print(f"NPS = {nps:.1f} points from {len(scores):,} answers")

# %%
counts = scores.value_counts().reindex(range(11), fill_value=0)
colour = ["tab:red"] * 7 + ["tab:grey"] * 2 + ["tab:green"] * 2
fig, ax = plt.subplots(figsize=(8, 3.5))
ax.bar(counts.index, counts.to_numpy(), color=colour)
ax.set_xticks(range(11))
ax.set(title="Answers to 'would you recommend Xudong?' (red: detractors, green: promoters)",
       xlabel="score (0-10)", ylabel="respondents (count)")
plt.show()

# %% [markdown]
# NPS is an estimate from a sample, so it needs a **confidence interval (置信区间)**. Score
# each respondent +1 (promoter), 0 (passive) or −1 (detractor): NPS is 100 × their mean,
# and the normal approximation gives a 95% interval of ±1.96 standard errors. A
# **bootstrap (自助法)** gets the interval without a formula: resample the answers with
# replacement many times and take the middle 95% of the NPS values.

# %%
x = np.select([scores >= 9, scores <= 6], [1, -1], 0)
half = 1.96 * 100 * x.std() / np.sqrt(len(x))
rng = np.random.default_rng(2026)
boot = 100 * rng.choice(x, size=(2000, len(x))).mean(axis=1)
low, high = np.percentile(boot, [2.5, 97.5])
print(f"normal approximation: {nps - half:.1f} to {nps + half:.1f} (±{half:.1f})")
print(f"bootstrap:            {low:.1f} to {high:.1f}")


# %% [markdown]
# The two intervals nearly coincide: with hundreds of answers the normal approximation is
# good. The interval is wide, several points on each side, which is worth remembering
# before celebrating a two-point rise.
#
# NPS by group shows where loyalty lives, but only the intervals say whether two groups
# really differ.

# %%
def nps_with_ci(s):
    x = np.select([s >= 9, s <= 6], [1, -1], 0)
    return pd.Series({"answers": len(x), "nps": 100 * x.mean(),
                      "half_width": 1.96 * 100 * x.std() / np.sqrt(len(x))})


def nps_by(column):
    return pd.DataFrame({k: nps_with_ci(s) for k, s in answers.groupby(column)["nps"]}).T


answers = world.surveys.merge(
    customers[["customer_id", "signup_channel", "member_tier"]], on="customer_id")
by_channel = nps_by("signup_channel")
by_tier = nps_by("member_tier").reindex(["bronze", "silver", "gold", "platinum"])
by_tier.round(1)

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 3.8), sharey=True)
panels = [("sign-up channel", by_channel), ("member tier", by_tier)]
for ax, (name, table) in zip(axes, panels, strict=True):
    ax.errorbar(table.index, table["nps"], yerr=table["half_width"], fmt="o", capsize=5)
    ax.axhline(nps, color="grey", ls="--", lw=1, label="all respondents")
    ax.set(title=f"NPS by {name} (净推荐值) with 95% CI", xlabel=name,
           ylabel="NPS (points, -100 to 100)")
axes[0].legend(loc="upper left")
plt.show()

# %% [markdown]
# Read the bars before the dots: where two intervals overlap widely, the survey cannot tell
# the groups apart. The top tier has the fewest respondents and so the widest interval; a
# stratified survey that over-samples it (disproportionate allocation) would narrow it.
#
# > **Common mistake.** Reporting the mean score (about 8 here) as the NPS. NPS counts
# > people, not points: the share of promoters minus the share of detractors, times 100.
#
# > **Checkpoint.** NPS between −100 and 100, a normal and a bootstrap interval that nearly
# > agree, and a chart with one interval per group.

# %% [markdown]
# ## Recap
#
# - Internal channels: surveys, marketing activities, business processes, customer
#   communication (website, call centre, new-media accounts), point of sale; external:
#   external databases, social media, government data, research firms.
# - In the world, `raw_records` is where four channels meet; of government data the kit
#   has regional income and city tiers; research firms would add market size and benchmarks.
# - Compare channels by volume, cost per *result* (a ratio of sums) and completeness.
# - One customer view: normalise a key, join, settle conflicts field by field with a stated
#   rule (most recent, most trusted, most complete), and score against the truth.
# - Data quality in numbers: validity (accuracy's checkable part), completeness,
#   timeliness, consistency, uniqueness; missing is not invalid.
# - `labkit.quality.quality_report` gives the whole table per source in one call.
# - Samples: simple or stratified (proportional allocation: each stratum its share, up to
#   rounding); n0 = z²p(1−p)/e², then the finite-population correction.
# - NPS = % promoters (9–10) − % detractors (0–6), with a confidence interval.
#
# **Next:** the exercises in
# [`exercises/02_collecting_customer_information_exercises.ipynb`](../exercises/02_collecting_customer_information_exercises.ipynb),
# then chapter 03, building the customer database (客户数据库的建立).

# %% [markdown]
# ### Glossary (术语表)
#
# | English | 中文 | in the kit |
# |---|---|---|
# | internal / external channel | 内部渠道 / 外部渠道 | section 1 |
# | survey, questionnaire | 企业调查, 问卷调查 | `surveys` |
# | marketing activity | 营销活动 | `campaigns`, `campaign_responses` |
# | point of sale | 销售终端 | `orders` (store), store sign-up sheet |
# | external database | 外部数据库 | purchased list |
# | potential customer (prospect) | 潜在客户 | purchased-list rows with no customer |
# | matching key, normalise | 匹配键, 标准化 | `phone_key` |
# | survivorship rule | 取值规则 | section 3.3 |
# | accuracy, validity | 准确性, 有效性 | `valid_*` |
# | completeness, timeliness | 完整性, 及时性 | `complete_*`, `median_age_days` |
# | consistency, uniqueness | 一致性, 唯一性 | `consistency`, `uniqueness` |
# | recall, precision | 查全率, 查准率 | section 3.4, 4.3 |
# | simple random / stratified sample | 简单随机抽样 / 分层抽样 | section 5.1 |
# | margin of error, finite-population correction | 误差范围, 有限总体校正 | section 5.2 |
# | promoter, passive, detractor | 推荐者, 被动者, 贬损者 | section 5.3 |
# | Net Promoter Score | 净推荐值 | NPS |
# | confidence interval, bootstrap | 置信区间, 自助法 | section 5.3 |
