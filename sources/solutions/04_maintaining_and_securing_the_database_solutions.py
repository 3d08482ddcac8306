# %% [markdown]
# # 04 · Maintaining and securing the database: exercises (维护与安全 练习)
#
# In this lab you will:
#
# - answer seventeen questions on updates with history, re-verification of tiers and credit grades,
#   backups and restores, least privilege, audit logs, pseudonyms, masking, injection, consent,
#   erasure, the rule book and authenticated encryption;
# - work on your own database, built from your world in a temporary folder;
# - check every answer with `check(...)`.
#
# Run each **scenario** cell once. If you run one twice by accident, the check says so:
# then run the notebook again from the top (Kernel ▸ Restart & Run All).

# %% [markdown] tags=["solution-only"]
# > **Solutions notebook.** This notebook is the source of
# > `exercises/04_maintaining_and_securing_the_database_exercises.ipynb`: a line ending in
# > `# SOLUTION`, or a block between `# BEGIN SOLUTION` and `# END SOLUTION`, becomes
# > `answer = ...` there. After editing it, run `labkit exercises` (see `docs/instructors.md`).

# %%
import tempfile
import time
from pathlib import Path

import pandas as pd

from labkit import check, database, load_world, privacy, summary  # noqa: F401

world = load_world()
folder = Path(tempfile.mkdtemp(prefix="xudong_"))  # a temporary folder, never the repo
start = time.perf_counter()
path = database.build_database(world, folder / "xudong.db")
con = database.connect(path)
print(f"{world.locale}: database built in {time.perf_counter() - start:.1f} s")

# %% [markdown]
# **Question 1.** Missing data (缺失数据) is one of the four kinds of update. How many
# customers have no e-mail address on file? (An exact whole number.)

# %% tags=["nbval-check-output"]
# Question 1 — How many customers have no e-mail on file (exact whole number)?
answer = con.execute("SELECT COUNT(*) FROM customers WHERE email IS NULL").fetchone()[0]  # SOLUTION
check("04.q1", answer)

# %% [markdown]
# **Scenario: filling gaps with history.** The service desk collected the e-mail addresses
# of customers 1 to 300 who had none (here: `member<id>@example.com`). The cell upserts them
# with `database.upsert_customers`, which keeps every version in `customers_history`.
# Running it twice changes nothing the second time (the values are already there).

# %%
gaps = world.customers.query("customer_id <= 300 and email.isna()")[["customer_id"]]
gaps = gaps.assign(email=[f"member{i}@example.com" for i in gaps["customer_id"]])
database.upsert_customers(con, gaps, when=world.as_of + pd.Timedelta(days=7))

# %% [markdown]
# **Question 2.** How many rows does `customers_history` hold now? (An exact whole number.)

# %% tags=["nbval-check-output"]
# Question 2 — How many rows does customers_history hold after the upsert (exact whole number)?
answer = con.execute("SELECT COUNT(*) FROM customers_history").fetchone()[0]  # SOLUTION
check("04.q2", answer)

# %% [markdown]
# **Question 3.** Periodic verification (定期核实) of a company-set field. `tier_on(day)`
# below is Xudong's tier rule from the lesson (spending in the 12 months up to `day`; top 4%
# platinum, next 11% gold, next 30% silver). How many customers have a different tier on
# `as_of` than half a year (182 days) earlier? (An exact whole number.)

# %%
items = world.order_items.assign(gross=lambda d: d.quantity * d.unit_price)
orders = world.orders.merge(items.groupby("order_id")["gross"].sum().reset_index())
orders["value"] = orders["gross"] * (1 - orders["discount"])


def tier_on(day):
    recent = orders[(orders.ordered_at > day - pd.Timedelta(days=365)) & (orders.ordered_at <= day)]
    spend = recent.groupby("customer_id")["value"].sum().reindex(world.customers.customer_id,
                                                                   fill_value=0)
    rank = spend.rank(pct=True, method="first")
    tier = pd.cut(rank, [0, 0.55, 0.85, 0.96, 1], labels=["bronze", "silver", "gold", "platinum"])
    return tier.astype(str).where(spend > 0, "bronze")


# %% tags=["nbval-check-output"]
# Question 3 — How many customers' tiers differ between as_of and 182 days before (exact count)?
# BEGIN SOLUTION
earlier = tier_on(world.as_of - pd.Timedelta(days=182))
answer = int((earlier != tier_on(world.as_of)).sum())
# END SOLUTION
check("04.q3", answer)


# %% [markdown]
# **Question 4.** The credit grade (客户信用等级) of a business account is company-set too.
# `grade_on(day)` below is Xudong's rule from the lesson: of the account's invoices due in
# the 365 days up to `day`, the share paid by the due date (as things stood that day); A from
# 90%, B from 60%, C below. How many accounts had each grade 182 days before `as_of`? Give a
# pandas Series indexed by grade (exact whole numbers).

# %%
def grade_on(day, window_days=365):
    inv = world.invoices
    due = inv[(inv.due_date > day - pd.Timedelta(days=window_days)) & (inv.due_date <= day)]
    on_time = due.paid_at.notna() & (due.paid_at.dt.normalize() <= due.due_date)
    on_time &= due.paid_at <= day
    share = on_time.groupby(due.account_id).mean()
    return pd.cut(share, [-0.01, 0.6, 0.9, 1], right=False, labels=["C", "B", "A"]).astype(str)


# %% tags=["nbval-check-output"]
# Question 4 — How many accounts had each credit grade 182 days before as_of (Series, exact)?
answer = grade_on(world.as_of - pd.Timedelta(days=182)).value_counts()  # SOLUTION
check("04.q4", answer)

# %% [markdown]
# **Question 5.** Make a backup with `database.backup`. How many rows do the world's tables
# hold in all? Count only the tables of `world.tables`; `verify()` also lists the database's
# own tables (`meta`, `customers_history`). (An exact whole number.)

# %%
backup = database.backup(con, folder / "backup.db")
counts = database.verify(backup)["counts"]

# %% tags=["nbval-check-output"]
# Question 5 — How many rows do the world's tables hold in all (exact whole number)?
answer = sum(counts[name] for name in world.tables)  # SOLUTION
check("04.q5", answer)

# %% [markdown]
# **Scenario: an accident.** A clerk "tidies up" by deleting every feedback row rated 2 or
# lower. (A second run deletes nothing more.)

# %%
con.execute("DELETE FROM feedback WHERE rating <= 2")
con.commit()

# %% [markdown]
# **Question 6.** How many feedback rows will restoring the backup bring back? Compare the
# backup with the damaged file *before* restoring (`database.compare_counts(backup, path)`).
# (An exact whole number.) The cell after it restores.

# %% tags=["nbval-check-output"]
# Question 6 — How many feedback rows does the restore bring back (exact whole number)?
# BEGIN SOLUTION
difference = database.compare_counts(backup, path).loc["feedback", "difference"]
answer = int(abs(difference))
# END SOLUTION
check("04.q6", answer)

# %% [markdown]
# Now restore, and verify: the integrity check and the row counts.

# %%
con.close()
database.restore(backup, path)
con = database.connect(path)
print("after the restore:", database.verify(path)["integrity"],
      "| all counts equal:", database.compare_counts(backup, path)["same"].all())

# %% [markdown]
# **Question 7.** Create the marketing view with `database.create_marketing_view(con)`. How
# many customers are in the age band `25-34`? (An exact whole number.)

# %% tags=["nbval-check-output"]
# Question 7 — How many customers does the view put in age band 25-34 (exact whole number)?
# BEGIN SOLUTION
view = database.create_marketing_view(con)
answer = con.execute(f"SELECT COUNT(*) FROM {view} WHERE age_band = '25-34'").fetchone()[0]
# END SOLUTION
check("04.q7", answer)

# %% [markdown]
# **Scenario: the wrong switch.** A supervisor is told that customers who complained should
# not get the next campaign. Logged in as `supervisor`, they set `marketing_consent = 0` for
# every customer with at least one `complaint` ticket (one UPDATE per customer). That was the
# wrong switch: consent records the *customer's* choice, and a complaint does not withdraw it
# (leaving someone out of one campaign is a suppression list, 营销屏蔽名单). The audit log is
# how the firm finds out. **Run this cell once**: a second run writes more audit entries.

# %%
database.install_audit_log(con)
database.set_session_user(con, "supervisor")
complained = world.service_tickets.query("topic == 'complaint'")["customer_id"].unique()
con.executemany("UPDATE customers SET marketing_consent = 0 WHERE customer_id = ?",
                [(int(c),) for c in complained])
con.commit()

# %% [markdown]
# **Question 8.** How many audit-log entries did user `supervisor` leave? (An exact whole
# number.)

# %% tags=["nbval-check-output"]
# Question 8 — How many audit-log entries does user supervisor leave (exact whole number)?
# BEGIN SOLUTION
sql = "SELECT COUNT(*) FROM audit_log WHERE who = 'supervisor'"
answer = con.execute(sql).fetchone()[0]
# END SOLUTION
check("04.q8", answer)

# %% [markdown]
# **Question 9.** In how many of those entries did consent really change (old value 1, new
# value 0)? Use `json_extract(old, '$.marketing_consent')`. (An exact whole number.)

# %% tags=["nbval-check-output"]
# Question 9 — In how many of those entries did consent really change (exact whole number)?
# BEGIN SOLUTION
answer = con.execute("""SELECT COUNT(*) FROM audit_log WHERE who = 'supervisor'
    AND json_extract(old, '$.marketing_consent') = 1
    AND json_extract(new, '$.marketing_consent') = 0""").fetchone()[0]
# END SOLUTION
check("04.q9", answer)

# %% [markdown]
# **Question 10.** An export replaced each phone by the SHA-256 hash of its digits. Enumerate
# every number of the **50** most common number blocks (a block is all digits but the last
# four, so 10,000 numbers each) and count the export's hashes you reverse. (An exact whole
# number.)

# %%
import hashlib
import re

digits = world.customers["phone"].map(lambda p: re.sub(r"\D", "", p))
export = set(digits.map(lambda d: hashlib.sha256(d.encode()).hexdigest()))
blocks = digits.str[:-4].value_counts().index[:50]

# %% tags=["nbval-check-output"]
# Question 10 — How many SHA-256 phone hashes does the attack on 50 blocks reverse (exact count)?
# BEGIN SOLUTION
tried = (f"{b}{t:04d}" for b in blocks for t in range(10_000))
answer = sum(hashlib.sha256(n.encode()).hexdigest() in export for n in tried)
# END SOLUTION
check("04.q10", answer)

# %% [markdown]
# **Question 11.** Keyed pseudonyms (假名化). Give the HMAC pseudonyms of the phone digits
# of customers 1 to 5 under the lab key `xudong-exercise-key-2025`, as a pandas Series
# indexed by `customer_id` (64 hex characters each, exactly). In real work the key never
# appears in a notebook: it lives in a key store, out of reach of whoever receives the data.

# %% tags=["nbval-check-output"]
# Question 11 — HMAC pseudonyms of customers 1-5's phone digits (Series by customer_id, exact)?
# BEGIN SOLUTION
five = world.customers.set_index("customer_id").loc[1:5, "phone"]
answer = privacy.pseudonymise(five.str.replace(r"\D", "", regex=True), "xudong-exercise-key-2025")
# END SOLUTION
check("04.q11", answer)

# %% [markdown]
# **Question 12.** How are the phones of customers 11 to 15 shown once masked for display
# (脱敏)? A pandas Series of text indexed by `customer_id`, exactly as
# `privacy.mask_phone` writes them.

# %% tags=["nbval-check-output"]
# Question 12 — Masked phones of customers 11-15 (Series of text by customer_id, exact)?
mask = privacy.mask_phone
answer = world.customers.set_index("customer_id").loc[11:15, "phone"].map(mask)  # SOLUTION
check("04.q12", answer)

# %% [markdown]
# **Question 13.** A search box builds `SELECT … FROM customers WHERE name = '<typed>'` by
# pasting text. How many rows come back when someone types `x' OR member_tier = 'platinum`?
# (An exact whole number.)

# %%
typed = "x' OR member_tier = 'platinum"
unsafe = f"SELECT customer_id, name FROM customers WHERE name = '{typed}'"

# %% tags=["nbval-check-output"]
# Question 13 — How many rows does the string-built name search return (exact whole number)?
answer = len(con.execute(unsafe).fetchall())  # SOLUTION
check("04.q13", answer)

# %% [markdown]
# **Question 14.** A campaign targets gold and platinum members. Reading your *database*
# (after the supervisor's switch), give per sign-up channel the number of such members and
# how many may be contacted: a DataFrame with columns `signup_channel`, `members`,
# `may_contact` (exact whole numbers).

# %% tags=["nbval-check-output"]
# Question 14 — Gold and platinum members and may_contact per sign-up channel (DataFrame, exact)?
# BEGIN SOLUTION
answer = pd.read_sql("""SELECT signup_channel, COUNT(*) AS members,
    SUM(marketing_consent) AS may_contact FROM customers
    WHERE member_tier IN ('gold', 'platinum') GROUP BY signup_channel""", con)
# END SOLUTION
check("04.q14", answer)

# %% [markdown]
# **Question 15.** Erase the customer with the most orders (ties: the lowest `customer_id`)
# with `database.erase_customer`. How many rows left `orders` and `order_items` together?
# Then confirm that `database.customer_footprint` is zero everywhere (keep the customer's
# record first with `database.customer_record`: afterwards nothing in the database says who
# they were). The cell erases only while the customer is still there, so a second run
# keeps the counts of the first.

# %%
counts = world.orders["customer_id"].value_counts()
target = int(counts[counts == counts.max()].index.min())
if database.customer_record(con, target) is not None:  # a second run keeps the first counts
    person = database.customer_record(con, target)
    erased = database.erase_customer(con, target)
print("left anywhere:", sum(database.customer_footprint(con, target, record=person).values()))

# %% tags=["nbval-check-output"]
# Question 15 — How many rows leave orders and order_items together (exact whole number)?
answer = erased["orders"] + erased["order_items"]  # SOLUTION
check("04.q15", answer)

# %% [markdown]
# **Question 16.** Xudong drafts its database rule book (数据库管理制度). The ten draft
# clauses below are numbered in an order of their own for each world. Sort each into its
# section: `general` (总则: what the rules cover, who answers for them), `use`
# (数据库的使用: who may read what, and how), `maintenance` (数据库的修改与维护: how data
# change and stay recoverable) or `security` (数据库的安全管理: how misuse is detected and
# prevented). Give a pandas Series indexed by clause id with one of those four labels each
# (exact labels; the four Chinese names 总则, 使用, 修改与维护, 安全管理 are accepted too).

# %%
drafts = [
    "An analyst's account may read the customer tables but never change them.",
    "The database is backed up every night; a restore is tested every month.",
    "These rules cover every table of the customer database and everyone who works on it.",
    "Every insert, update and delete on customers is logged under the user's own name.",
    "Tiers and credit grades are recomputed on the first day of each quarter.",
    "Campaign lists are drawn only from customers whose marketing_consent is 1.",
    "Encryption keys live in the key store, never in the database, a notebook or the repo.",
    "The person responsible for personal information owns these rules, reviewed yearly.",
    "A changed address is written by upsert; the old version stays in customers_history.",
    "Marketing works on the de-identified view, never on the customers table itself.",
]
# the numbering differs from world to world
order = pd.Series(range(len(drafts))).sample(frac=1, random_state=world.seed)
clauses = pd.Series([drafts[i] for i in order], index=[f"R{k:02d}" for k in range(1, 11)])
pd.set_option("display.max_colwidth", 100)
clauses


# %% tags=["nbval-check-output"]
# Question 16 — The section of each draft clause (Series by clause id, exact labels)?
# BEGIN SOLUTION
def section(clause):
    if "backed up" in clause or "upsert" in clause or "recomputed" in clause:
        return "maintenance"
    if "logged" in clause or "key store" in clause:
        return "security"
    if "These rules cover" in clause or "owns these rules" in clause:
        return "general"
    return "use"


answer = clauses.map(section)
# END SOLUTION
check("04.q16", answer)

# %% [markdown]
# **Scenario: altered ciphertext.** A partner file holds the phones of customers 1 to 300,
# encrypted with Fernet (字段加密) under the lab key below (in real work the key lives in a
# key store). Someone without the key edited one character of the token of every customer
# who signed up through the call centre, hoping to redirect their calls. Running the cell
# again encrypts afresh: the tokens change, the question's answer does not.

# %%
from cryptography.fernet import Fernet, InvalidToken

lab_key = b"eHVkb25nLWZlcm5ldC1leGVyY2lzZS1rZXktMjAyNSE="   # lab only, never reuse
file = world.customers.set_index("customer_id").loc[1:300]
tokens = privacy.encrypt_values(file["phone"], lab_key)
edited = file["signup_channel"] == "call_centre"
tokens[edited] = tokens[edited].map(lambda t: t[:60] + ("B" if t[60] == "A" else "A") + t[61:])
print(len(tokens), "tokens; each begins", tokens.iloc[0][:7], "(Fernet version and time)")

# %% [markdown]
# **Question 17.** Decrypt every token with the lab key. How many decrypt, and how many are
# rejected (Fernet raises `InvalidToken`)? Give a pandas Series with the labels `decrypted`
# and `rejected` (exact whole numbers). `privacy.decrypt_values` stops at the first bad
# token, so loop over the tokens yourself. Do not compare tokens: the same phone encrypts
# differently every time.

# %% tags=["nbval-check-output"]
# Question 17 — How many tokens decrypt and how many are rejected (Series, exact)?
# BEGIN SOLUTION
fernet = Fernet(lab_key)
outcomes = {"decrypted": 0, "rejected": 0}
for token in tokens:
    try:
        fernet.decrypt(token.encode())
        outcomes["decrypted"] += 1
    except InvalidToken:
        outcomes["rejected"] += 1
answer = pd.Series(outcomes)
# END SOLUTION
check("04.q17", answer)

# %% [markdown]
# ## Your score so far

# %% tags=["nbval-check-output"]
con.close()
summary()

# %% [markdown]
# ## Recap
#
# - Upserts keep the old version closed and the new one open; re-run rules on fixed dates.
# - A backup is proven by a restore: compare counts, then `integrity_check`.
# - Counts, views and the audit log are all questions you can put to the database in SQL;
#   the log shows who flipped which switch, so a wrong bulk change can be found and undone.
# - A plain hash of a phone number is reversible by enumeration; HMAC is not without the key
#   (so the recipient must never hold it); masking hides digits on screens.
# - String-built SQL runs what the user types; parameters keep it data.
# - Consent is the customer's choice and filters every campaign; erasure is proven by an
#   empty footprint.
# - A rule book has four parts (general, use, change and maintenance, security); each clause
#   names what enforces it.
# - Fernet refuses an altered token (InvalidToken) instead of decrypting it to rubbish; count
#   outcomes by decrypting, never by comparing tokens.
#
# Next: chapter 05, analysing consumers.
