# %% [markdown]
# # 04 · Maintaining and securing the database (客户数据库的维护与安全)
#
# In this lab you will:
#
# - keep the customer database current with **upserts that keep history** (及时更新), and
#   re-verify a company-set field (定期核实);
# - **back up**, damage, **restore** and verify the database (定期备份), and plan a schedule;
# - give an analyst a **read-only** connection and marketing a **view without identifiers**
#   (least privilege, 最小权限), tell a guard rail from a real boundary, and tell
#   de-identified (去标识化) data from anonymous (匿名化) data;
# - record every change in an **audit log** (审计日志) that names the right person;
# - protect personal data: **keyed pseudonyms** vs plain hashes, **encryption**, **masking**;
# - stop **SQL injection**, choose a **lawful basis** for marketing (consent is one of
#   several), **erase** a customer on request, also from the staging records, the log and the
#   file's free space, say what backups keep, and which rows the law makes you keep.

# %% [markdown]
# ## 1. The database of chapter 03
#
# We rebuild the normalised SQLite database of chapter 03 in a temporary folder: a database
# file holds personal data and never belongs in a repository. `db.connect` turns SQLite's
# foreign-key checks on, which SQLite leaves off by default.

# %%
import tempfile
import time
from pathlib import Path

import pandas as pd

from labkit import database, load_world, privacy

world = load_world()
folder = Path(tempfile.mkdtemp(prefix="xudong_"))  # a temporary folder, never the repo
start = time.perf_counter()
path = database.build_database(world, folder / "xudong.db")
con = database.connect(path)
print(f"{world.locale}: database built in {time.perf_counter() - start:.1f} s")

# %% [markdown]
# ## 2. Timely updates (及时更新) as upserts with history
#
# The textbook names four kinds of update: **new customers** (新客户数据), **volatile data**
# that changes (易变动数据: phone, address, city), **new data** about existing customers
# (易新增数据) and **missing data** to fill (缺失数据). All four are one operation, an
# *upsert* (insert or update). Overwriting a value loses the old one, so every change also
# closes the old version in `customers_history` (`valid_to`) and opens a new one
# (`valid_from`): a *slowly changing dimension* (缓慢变化维) of type 2.

# %%
no_email = world.customers[world.customers["email"].isna()].iloc[0]
mover = world.customers.iloc[0]
moved_to = world.customers.query("province != @mover.province").iloc[0]
updates = pd.DataFrame({  # the mover's new address; a gap filled for another customer
    "customer_id": [mover.customer_id, no_email.customer_id],
    **{col: [moved_to[col], no_email[col]] for col in ("province", "city", "address", "postcode")},
    "email": [mover.email, f"member{no_email.customer_id}@example.com"],
})
database.upsert_customers(con, updates, when=world.as_of + pd.Timedelta(days=10))

# %% [markdown]
# A new customer is an upsert too. Every new value is checked as an import checks it (chapter
# 03): the phone must be a real number of the world's country, so `"0000000000"` is refused.

# %%
new_phone = {"zh_CN": "13900000000", "en_US": "(212) 555-0100"}[world.locale]  # no one has it
new = world.customers.iloc[[5]].assign(customer_id=world.customers.customer_id.max() + 1,
                                        phone=new_phone, signup_date=world.as_of)
print(database.upsert_customers(con, new, when=world.as_of))
pd.read_sql("SELECT customer_id, valid_from, valid_to, json_extract(record, '$.city') AS city"
            " FROM customers_history ORDER BY customer_id, valid_from", con)

# %% [markdown]
# > **Checkpoint.** The mover has two versions: the old city valid from sign-up until the
# > change, the new one open (`valid_to` empty). The new customer has one open version.
# > The customer who only gained an e-mail also has two versions.
#
# > **Common mistake.** `UPDATE customers SET city = …` alone: the report that asks "how
# > many customers lived in this city last year?" can no longer be answered.
#
# An upsert is **idempotent** (幂等): run the same cell again and every row is `unchanged`,
# no new version is written. Maintenance scripts should be, because they do get run twice.

# %% [markdown]
# ## 3. Periodic verification (定期核实) of company-set fields
#
# Fields the company sets itself (企业自设数据) — value grade, credit grade, member tier —
# are only right for the day they were computed. Xudong's rule: rank customers by spending
# in the 12 months up to the verification date; the top 4% are platinum, the next 11% gold,
# the next 30% silver, the rest and everyone who spent nothing bronze.

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
    tier = tier.astype(str).where(spend > 0, "bronze")
    return pd.Categorical(tier, categories=["bronze", "silver", "gold", "platinum"])


# %%
stored = world.customers["member_tier"].to_numpy()
agree = (tier_on(world.as_of) == stored).mean()
print(f"stored tier = tier recomputed at as_of for {agree:.1%} of customers")
quarter_ago = tier_on(world.as_of - pd.Timedelta(days=91))
pd.crosstab(pd.Series(quarter_ago, name="tier a quarter earlier"),
            pd.Series(tier_on(world.as_of), name="tier at as_of"))


# %% [markdown]
# > **Common mistake.** Verifying against *today* (`pd.Timestamp.now()`) instead of a fixed
# > date: the answer changes every time the notebook runs, and no order after `as_of` exists.
#
# Nearly every stored tier agrees with the rule; the few that do not are exactly what
# verification is for — list them and find out why before trusting either value.
# Everything off the diagonal is a customer whose tier moved within one quarter: a tier
# verified once a year is wrong for many customers most of the year. Run the rule on a
# schedule and store the date it was computed beside the tier.

# %% [markdown]
# ### A credit grade (客户信用等级) for business accounts
#
# The textbook's other company-set fields are the credit grade and the relationship grade
# (客户关系等级). Xudong grades its business accounts on how they pay: of the invoices due in
# the 12 months up to the verification day, the share paid by the due date. A from 90%, B
# from 60%, C below; an account with no invoice due in that window gets no grade. The rule
# must read the invoices *as they stood that day*: an invoice paid a week after the
# verification day was unpaid on it.

# %%
def grade_on(day, window_days=365):
    inv = world.invoices
    due = inv[(inv.due_date > day - pd.Timedelta(days=window_days)) & (inv.due_date <= day)]
    on_time = due.paid_at.notna() & (due.paid_at.dt.normalize() <= due.due_date)
    on_time &= due.paid_at <= day                 # paid later than the day: unpaid on it
    share = on_time.groupby(due.account_id).mean()
    return pd.cut(share, [-0.01, 0.6, 0.9, 1], right=False, labels=["C", "B", "A"]).astype(str)


# %%
year_ago = grade_on(world.as_of - pd.Timedelta(days=365)).rename("grade a year earlier")
pd.crosstab(year_ago, grade_on(world.as_of).rename("grade at as_of"))

# %% [markdown]
# > **Checkpoint.** The diagonal holds the accounts whose grade held for a year; the rest
# > moved, in both directions. An account graded A last year and C now is one the sales team
# > should hear about before it gets more credit (`credit_limit` in `accounts`).

# %% [markdown]
# ## 4. Backups (定期备份), restore and verification
#
# `db.backup` uses SQLite's online backup API, which copies a consistent snapshot even while
# others write; copying the file with the operating system can catch it half-written.

# %%
backup = database.backup(con, folder / "backups" / "xudong_monday.db")
database.verify(backup)["integrity"], database.verify(backup)["foreign_key_violations"]

# %% [markdown]
# Now an accident: a clerk runs a DELETE without a WHERE clause.

# %%
con.execute("DELETE FROM feedback")
con.commit()
database.compare_counts(backup, path).query("not same")

# %% [markdown]
# The textbook's advice for an unrecoverable loss holds: stop working on the damaged
# database at once (every write can overwrite what a recovery specialist could save). With
# a backup, restore it, then verify: `PRAGMA integrity_check` and the row counts.

# %%
con.close()
database.restore(backup, path)
con = database.connect(path)
report = database.verify(path)
same = database.compare_counts(backup, path)["same"].all()
print(report["integrity"], "| all counts equal:", same)

# %% [markdown]
# ### A backup schedule and the 3-2-1 rule
#
# | what | when | kept |
# |---|---|---|
# | full backup (`db.backup`) | nightly, outside business hours | 7 daily, 4 weekly, 12 monthly |
# | verify the backup (`integrity_check`, row counts) | right after each backup | — |
# | restore test into a scratch database | monthly | — |
#
# **3-2-1**: keep **3** copies of the data, on **2** different kinds of storage, **1** of them
# off site (another building or a cloud drive such as the textbook's 百度网盘 / 腾讯微云, then
# encrypted first — section 7). A backup that was never restored is a hope, not a backup.

# %% [markdown]
# ## 5. Least privilege (最小权限原则)
#
# The textbook asks for three things of database staff: careful selection and training
# (严格筛选与培训), permissions graded to the minimum a job needs (权限分级与最小化), and
# supervision with audit logs (监督与审计), all written into database rules (数据库管理制度:
# general rules, use, changes and maintenance, security). An analyst reads; only the
# administrator writes. SQLite has no users, so `db.connect_readonly` puts two locks on the
# analyst's connection: the file is opened **read-only**, and an *authorizer*, a function
# SQLite asks before every statement runs, refuses anything that writes.

# %% tags=["nbval-check-output"]
analyst = database.connect_readonly(path)
print(analyst.execute("SELECT COUNT(*) FROM customers").fetchone())
try:
    analyst.execute("UPDATE customers SET member_tier = 'platinum' WHERE customer_id = 1")
except Exception as error:
    print(type(error).__name__, "-", error)

# %% [markdown]
# Marketing needs segments, not people. A **view** (视图) shows them a table without the
# direct identifiers (直接标识符): no name, phone, e-mail, address, postcode or birth date;
# age becomes an age band. The administrator creates it; marketing reads it through the
# read-only connection, the way they would on a server with `GRANT SELECT ON
# marketing_customers TO marketing` and no grant on `customers`.

# %%
view = database.create_marketing_view(con)          # the administrator creates it …
marketing = database.connect_readonly(path)          # … the reader role's connection reads it
pd.read_sql(f"SELECT * FROM {view} LIMIT 3", marketing)

# %% [markdown]
# **De-identified is not anonymous.** PIPL art. 73 draws the line. *De-identification*
# (去标识化) processes personal information so that it no longer points to a particular
# person *unless combined with additional information*; *anonymisation* (匿名化) processes it
# so that nobody can identify the person and the result *cannot be reversed*. Only anonymised
# information leaves the law's scope (art. 4). This view is de-identified: `customer_id`
# joins it straight back to `customers`, and city + gender + age band + sign-up year is
# unique for many customers. So it is still personal information, and the view limits what a
# reader sees only while the reader has no other way in: through the administrator's
# connection (`con`) the whole `customers` table is one query away, so a view enforces
# nothing unless the reader's account can read the view and nothing else.

# %% [markdown]
# > **Checkpoint.** The analyst's UPDATE fails with *read-only analyst connection*, naming the
# > statement refused; the view has `age_band` but no `name`, `phone` or `birth_date`.
#
# > **Common mistake.** Calling such a view "anonymous data". It is de-identified personal
# > information, with every duty that comes with it.

# %% [markdown]
# ### A guard rail is not a boundary
#
# Why not stop at the authorizer? Because it lives in the analyst's own program, and that
# program can switch it off and open the file again for writing. Watch (and roll back):

# %%
import sqlite3

sneaky = database.connect_readonly(path)
sneaky.set_authorizer(None)                       # the analyst's code removes the guard …
try:
    sneaky.execute("DELETE FROM feedback")
except sqlite3.DatabaseError as error:
    print("still refused:", str(error).split(";")[0])
sneaky.execute("ATTACH DATABASE ? AS rw", (f"{path.resolve().as_uri()}?mode=rw",))
gone = sneaky.execute("DELETE FROM rw.feedback").rowcount   # … and writes anyway
sneaky.rollback()
sneaky.close()
print(f"deleted {gone:,} feedback rows through a 'read-only' connection (rolled back)")

# %% [markdown]
# The first DELETE was refused by the second lock: the connection opened the file read-only,
# by URI (`file:…/xudong.db?mode=ro`, what `connect_readonly` does). But the same program
# opened the file again, read-write. Which lock holds against whom:
#
# | lock | stops | does not stop |
# |---|---|---|
# | the authorizer | a write typed by mistake, with a clear message | the same program (it can remove it) |
# | the file opened by URI `?mode=ro` | every write through *that* connection | the same user opening the file again |
# | file permissions of the operating system | every program of a user who may only read the file and its folder | the file's owner, an administrator |
#
# The **real boundary** is the last one: the analyst's account may read `xudong.db` (e.g.
# `chmod 640`, owned by the database administrator), and cannot write it or its folder. A
# notebook running as you cannot show that against you. A database **server** (PostgreSQL,
# MySQL) does it per statement, with **roles and grants** checked in a process the analyst
# cannot touch: `CREATE ROLE analyst LOGIN; GRANT SELECT ON customers TO analyst;` — no
# INSERT, UPDATE or DELETE was granted, so none is possible, whatever the analyst's code does.

# %% [markdown]
# ### The database rules (数据库管理制度)
#
# Every lock above answers a written rule. The textbook names the four parts of a database
# rule book: general provisions (总则), use (数据库的使用), changes and maintenance (数据库的修改与
# 维护) and security management (数据库的安全管理). A rule book is only worth something when each
# clause says who does what and what enforces it, so we draft Xudong's as a table:

# %%
rules = pd.DataFrame([
    ("总则 general", "purpose, scope and the person responsible for personal information",
     "named in the rules; PIPL art. 52"),
    ("总则 general", "every table has an owner and a lawful basis for what it holds", "section 9"),
    ("使用 use", "analysts read, never write", "connect_readonly; GRANT SELECT on a server"),
    ("使用 use", "marketing reads de-identified segments only", "marketing_customers view"),
    ("使用 use", "campaign queries filter on consent in the query", "section 9"),
    ("修改与维护 change", "every change is an upsert that keeps history", "customers_history"),
    ("修改与维护 change", "company-set grades are recomputed on a fixed date", "section 3"),
    ("修改与维护 change", "nightly backup, verified; monthly restore test", "backup, verify"),
    ("安全管理 security", "every change to customers is logged under a person's name", "audit_log"),
    ("安全管理 security", "keys live in a key store, never with the data", "section 7"),
    ("安全管理 security", "erasure requests are carried out and registered", "erase_customer"),
], columns=["part", "clause", "enforced_by"])
rules.groupby("part", sort=False).size()

# %% [markdown]
# What goes in which part, so that a new clause finds its place:
#
# - **General provisions (总则)**: what the rules are for, which data and people they cover,
#   and who answers for them (the person responsible for personal information).
# - **Use**: who may read which table or view, for what purpose, and through which
#   connection; the consent filter of every campaign query belongs here.
# - **Change and maintenance**: how data are changed (upserts with history), re-verified on
#   a schedule, backed up and restored. A backup keeps the data recoverable: maintenance,
#   not use.
# - **Security management**: how misuse is detected and prevented: the audit log, keys,
#   leaks and erasure requests. Who may *read* a table is use; who *checks* what was done is
#   security.
#
# Question 16 of the exercises asks you to sort ten draft clauses into these parts.

# %% [markdown]
# > **Common mistake.** A rule with nothing in the *enforced by* column ("staff must be
# > careful with data"). Either name the mechanism or the person who checks it, and when.

# %% [markdown]
# ## 6. The audit log (审计日志)
#
# Triggers (触发器) stored in the database record who, what, when, the old row and the new
# row (as JSON) for every INSERT, UPDATE and DELETE on `customers`, whichever program makes
# the change. *Who* is set per connection with `db.set_session_user` when a person starts
# work: two people working at once are each logged under their own name.
#
# The scenario: a supervisor is told that customers who complained should be left out of
# the next campaign. Logged in as `supervisor`, they switch off `marketing_consent` for every
# customer with a complaint ticket. That is the **wrong switch**, and we make it on purpose:
# consent records the *customer's* own choice, a complaint does not withdraw it, and once it
# is overwritten nobody knows any more who said yes. Leaving people out of one campaign
# belongs in a suppression list (营销屏蔽名单) kept apart. The log is how the firm finds out
# and puts it right (section 9). Run the cell once: a second run writes a second entry per
# customer (the updates themselves change nothing more).

# %%
database.install_audit_log(con)
database.set_session_user(con, "supervisor")
complained = world.service_tickets.query("topic == 'complaint'")["customer_id"].unique()
con.executemany("UPDATE customers SET marketing_consent = 0 WHERE customer_id = ?",
                [(int(c),) for c in complained])
con.commit()

# %%
pd.read_sql("""SELECT who, action, COUNT(*) AS entries,
               SUM(json_extract(old, '$.marketing_consent') = 1) AS consent_switched_off
               FROM audit_log GROUP BY who, action""", con)

# %% [markdown]
# Every UPDATE leaves an entry, also those that set 0 where it was already 0; the JSON of
# `old` and `new` tells the real changes apart. The log holds copies of personal data, so it
# needs the same protection as the table it watches (and erasure must reach it, section 9).
#
# A log that can be edited proves nothing, so more triggers refuse to change or delete an
# entry:

# %%
try:
    con.execute("DELETE FROM audit_log WHERE who = 'supervisor'")
except sqlite3.IntegrityError as error:
    print(error)

# %% [markdown]
# What SQLite **cannot** enforce: anyone who holds the file can open it with another program,
# drop these triggers, edit the log and put them back, and can claim any name as *who*. The
# log catches honest mistakes, not a determined insider. A server database takes *who* from
# the login (`current_user`, not a name the program chooses) and grants the application only
# `INSERT` on the log table, while the log's owner is a role nobody works as; many also ship
# the log to another machine as it is written.

# %% [markdown]
# ## 7. Keyed pseudonyms (假名化) versus a plain hash
#
# A partner asks for orders "without phone numbers". Replacing each phone with its SHA-256
# hash *looks* anonymous. It is not: phone numbers are few and structured, so an attacker
# hashes every candidate number and looks the hashes up — a **dictionary attack** (字典攻击).

# %%
import hashlib
import re

digits = world.customers["phone"].map(lambda p: re.sub(r"\D", "", p))
export = set(digits.map(lambda d: hashlib.sha256(d.encode()).hexdigest()))
blocks = digits.str[:-4].value_counts().index[:100]    # a block: all digits but the last 4
print(f"{len(export):,} hashed phones; trying {len(blocks) * 10_000:,} numbers")

# %%
start = time.perf_counter()
recovered = {}
for block in blocks:
    for tail in range(10_000):
        number = f"{block}{tail:04d}"
        h = hashlib.sha256(number.encode()).hexdigest()
        if h in export:
            recovered[h] = number
print(f"reversed {len(recovered)} phone numbers in {time.perf_counter() - start:.1f} s")

# %% [markdown]
# A laptop reverses every hash in the blocks it tries. Mainland mobile numbers are 11 digits
# starting 13–19, about 7×10⁹ values in all; one GPU computes billions of SHA-256 hashes a
# second, so it tries every mainland mobile in seconds. The fix is a **keyed** hash, HMAC
# (密钥散列): without the key the attacker cannot compute a single candidate. The same phone
# still gets the same pseudonym, so the partner can join and count.

# %%
key = "lab-only-key-never-reuse"   # in real work: from a key store, like the Fernet key below
pseudonyms = set(privacy.pseudonymise(digits, key))
attacker = {hashlib.sha256(n.encode()).hexdigest() for n in recovered.values()}
print("reversed from HMAC pseudonyms:", len(attacker & pseudonyms))

# %% [markdown]
# The key is the whole protection. Whoever holds it runs the same enumeration, only with
# HMAC instead of SHA-256, and gets every number back:

# %%
keyholder = set(privacy.pseudonymise(list(recovered.values()), key))
print("reversed by someone holding the key:", len(keyholder & pseudonyms))

# %% [markdown]
# So the key stays with Xudong, in a key store, and the partner who receives the pseudonyms,
# the analysts who work on them and anyone outside the team that manages the key must never
# hold it. Rotate it if it leaks; the old pseudonyms then have to be recomputed.
#
# > **Common mistake.** Calling pseudonymised data "anonymous". While the key exists the
# > data are de-identified (去标识化), still personal information under PIPL (个人信息保护法,
# > art. 73) and personal data under GDPR (recital 26, art. 4(5)).

# %% [markdown]
# ### Field encryption (字段加密) and where the key lives
#
# Without the key pseudonyms cannot be turned back; sometimes the call centre must read the
# phone again. Then
# encrypt the field with **Fernet** from the `cryptography` library (AES with an HMAC, so a
# changed ciphertext is detected). Never write your own cipher.
#
# The key must not live in the notebook, the database or the repository — whoever holds it
# reads everything. It lives in an environment variable or a key store (密钥管理服务). In
# this lab we *generate* a throw-away key and put it in the environment of this kernel only.

# %%
import os

from cryptography.fernet import Fernet

os.environ[privacy.KEY_ENV] = Fernet.generate_key().decode()   # lab only: a fresh key
fernet_key = privacy.fernet_key_from_env()
tokens = privacy.encrypt_values(world.customers["phone"].head(3), fernet_key)
print(tokens.iloc[0][:40], "…")
print(privacy.decrypt_values(tokens, fernet_key).tolist() == world.customers.phone.head(3).tolist())

# %% [markdown]
# Fernet is **authenticated encryption (认证加密)**: each token carries an HMAC of its
# contents, checked before anything is decrypted. Someone without the key who edits a token
# cannot turn it into another phone number; the token is refused (`InvalidToken`, which
# `privacy.decrypt_values` reports as a `ValueError`). The same phone also encrypts to a
# different token every time (a random IV and a timestamp), so tokens are never compared.

# %% tags=["nbval-check-output"]
edited = tokens.iloc[0][:60] + ("B" if tokens.iloc[0][60] == "A" else "A") + tokens.iloc[0][61:]
try:
    privacy.decrypt_values([edited], fernet_key)
except ValueError as error:
    print("refused:", error)
print("same phone, same token twice?",
      privacy.encrypt_values(["13812345678"], fernet_key)
      == privacy.encrypt_values(["13812345678"], fernet_key))

# %% [markdown]
# ### Masking for display (脱敏)
#
# Screens and reports show only what the reader needs to recognise a number:

# %%
sample = world.customers[["customer_id", "phone", "email"]].head(3).copy()
sample["phone"] = sample["phone"].map(privacy.mask_phone)
sample["email"] = sample["email"].map(privacy.mask_email)
sample

# %% [markdown]
# ## 8. SQL injection (SQL 注入)
#
# A search box builds its query by pasting the typed text into SQL. Type a quote and SQL of
# your own, and the database runs it:

# %%
typed = "x' OR '1'='1"
unsafe = f"SELECT customer_id, name, phone FROM customers WHERE name = '{typed}'"
print(unsafe)
print("string-built query returns", len(con.execute(unsafe).fetchall()), "rows")

# %% [markdown]
# A **parameterised query** (参数化查询) sends the SQL and the value separately; the value is
# only ever data, never SQL. Use `?` placeholders (or `params=` in `pandas.read_sql`) always.

# %%
safe = con.execute("SELECT customer_id, name, phone FROM customers WHERE name = ?", (typed,))
print("parameterised query returns", len(safe.fetchall()), "rows")

# %% [markdown]
# ## 9. Privacy duties: a lawful basis (合法性基础), consent (同意) and erasure (删除权)
#
# "Marketing needs consent" is too short. Both laws ask first for a **lawful basis**:
#
# - **PIPL art. 13** lists them: consent, a contract with the person, legal duties, public
#   health emergencies, news reporting, information the person made public, and others set by
#   law. Consent is one of them; it must be informed, voluntary and explicit (art. 14) and can
#   be withdrawn (art. 15). Marketing by automated decision-making, pushed to a person on the
#   basis of their profile (个性化推送), must offer an option not aimed at their personal
#   characteristics, or an easy way to refuse it (art. 24): an **opt-out right**.
# - **GDPR art. 6(1)** has six bases. Direct marketing *may* rest on legitimate interest
#   (art. 6(1)(f); recital 47 says so), weighed against the person's interests, and the person
#   may object to it at any time, after which it stops (art. 21(2)–(3)).
# - The **ePrivacy rules** (Directive 2002/58/EC art. 13) decide the channel: e-mail and SMS
#   marketing to individuals needs **prior consent**, except the "soft opt-in": a firm that
#   got the address from its own customer in a sale may market its own similar products, if
#   the customer could refuse then and can refuse in every message.
#
# **Bought lists.** Chapter 02 asked whether Xudong may buy a list of individuals (外部数据库).
# The seller must have had a lawful basis to collect them and to *provide* them to another
# firm, which under PIPL needs the person's **separate consent** (单独同意, art. 23) after being
# told who receives the data and why; the buyer must check that (art. 10: no one may buy, sell
# or provide others' personal information unlawfully). Selling or buying citizens' personal
# information in breach of the law is a crime in China (Criminal Law art. 253-1, 侵犯公民个人信息罪)
# when the circumstances are serious, e.g. by the number of records. A list whose origin
# cannot be shown is not used.
#
# Xudong's `marketing_consent` records the customer's own answer, and a campaign query must
# filter on it *in the query*, not in someone's memory. Read the gold and platinum members from
# the database, next to what the world recorded before the supervisor's switch of section 6:

# %%
reach = pd.read_sql("""
    SELECT member_tier, COUNT(*) AS members, SUM(marketing_consent) AS may_contact
    FROM marketing_customers WHERE member_tier IN ('gold', 'platinum')
    GROUP BY member_tier""", con).set_index("member_tier")
top = world.customers[world.customers.member_tier.isin(["gold", "platinum"])]
reach["consent_in_world"] = top.groupby("member_tier", observed=True)["marketing_consent"].sum()
complainants = top[top.customer_id.isin(complained)]
reach["complainants_with_consent"] = (complainants.groupby("member_tier", observed=True)
                                      ["marketing_consent"].sum())
reach

# %% [markdown]
# The two totals differ, and the table says why: `consent_in_world − may_contact` equals
# `complainants_with_consent` in every tier. The drop is exactly the gold and platinum
# members who had said yes and filed a complaint: the supervisor's switch, not a customer's
# choice. None of them withdrew consent. The audit log holds each row's old value, so the
# data protection officer can put back exactly what was overwritten (and the log records
# that too):

# %%
database.set_session_user(con, "dpo")
wrongly = con.execute("""SELECT DISTINCT customer_id FROM audit_log WHERE who = 'supervisor'
    AND json_extract(old, '$.marketing_consent') = 1""").fetchall()
con.executemany("UPDATE customers SET marketing_consent = 1 WHERE customer_id = ?", wrongly)
con.commit()
restored = pd.read_sql("SELECT member_tier, SUM(marketing_consent) AS may_contact FROM "
                       "marketing_customers WHERE member_tier IN ('gold', 'platinum') "
                       "GROUP BY member_tier", con).set_index("member_tier")
print(len(wrongly), "consents put back; matches the world:",
      restored["may_contact"].equals(reach["consent_in_world"]))

# %% [markdown]
# The undo is idempotent: run it twice and it sets 1 where it is already 1. To leave the
# complainants out of the next campaign, Xudong keeps a suppression list for that campaign
# and leaves their consent alone.
#
# > **Common mistake.** Using the consent column for the firm's own decisions (paused,
# > blocked, bounced). Keep the customer's answer in one place and the firm's rules in another.
#
# A customer may also ask to be **erased** (PIPL art. 47; GDPR art. 17).

# %% [markdown]
# Erasure must reach every table: orders and their lines, tickets, feedback, surveys, web
# events, campaign responses, history versions, audit entries (they hold copies) and the
# staging records of chapter 03. Those are the hard part: a call-centre note may hold the
# phone with a typo and no e-mail. `db.erase_customer` finds them with the record linkage of
# chapter 03 (standardise, compare, score, threshold), deletes everything in one transaction
# and checks the footprint is empty before it commits.

# %%
counts = world.orders["customer_id"].value_counts()
target = int(counts[counts == counts.max()].index.min())
person = database.customer_record(con, target)   # kept: afterwards nothing says who they were
typo = person["phone"][:-1] + ("1" if person["phone"][-1] != "1" else "2")
con.execute("INSERT OR REPLACE INTO raw_records (record_id, source, name, birth_date,"
            " phone, address) VALUES (-1, 'call_centre', ?, ?, ?, ?)",
            (person["name"], person["birth_date"], typo, person["address"]))
con.commit()

# %%
in_file = path.read_bytes().count(person["phone"].encode())
before = database.customer_footprint(con, target)
erased = database.erase_customer(con, target)
after = database.customer_footprint(con, target, record=person)
print(f"the phone's bytes in the file: {in_file} times before,",
      path.read_bytes().count(person["phone"].encode()), "after")
pd.DataFrame({"before": before, "deleted": erased, "after": after}).fillna(0).astype(int)

# %% [markdown]
# > **Checkpoint.** The `after` column is all zeros, `raw_records` included (the note with the
# > typo went too), and the phone number no longer appears anywhere in the database file.
#
# A deleted row normally stays in the file's free space until something overwrites it;
# erasure turns on SQLite's `secure_delete` (deleted content is overwritten with zeros) and
# empties the write-ahead log into the file.
#
# **Rows the law requires to be kept.** This lab deletes the orders too. In real work,
# invoices and accounting vouchers must be kept for a period set by accounting and tax law
# (e.g. China's 会计档案管理办法). Such rows are **not anonymised** (an invoice must still
# show whom it was issued to) and not erased: they are kept, and processing is limited to
# storing them and keeping them secure — PIPL art. 47 second paragraph (when the retention
# period set by law has not expired, the handler stops all processing except storage and the
# necessary security measures); GDPR art. 17(3)(b) (no erasure where processing is needed to
# comply with a legal obligation). In practice they move to an archive that marketing and
# analysts cannot read, and are deleted when the period ends. Which tables fall under which
# rule is a decision of the person responsible for personal information protection
# (个人信息保护负责人), written into the database rules.
#
# **And the backups?** Every backup made before the erasure still holds the person; a backup
# is not edited (it must stay exactly what it was). It expires on its schedule (section 4: at
# most 12 months), and until then it must not bring the person back: a restore is followed by
# every erasure made since that backup. So the firm keeps a register of erasure requests, with
# the customer number and the date only, apart from the database and its backups, and says in
# its privacy notice how long backups are kept.

# %% [markdown]
# ## 10. Network-level measures (网络安全) — beyond this notebook
#
# The textbook's network measures protect the server, which an embedded SQLite file does
# not have. They are real and necessary, and none of them can be shown honestly here:
#
# - **access control** (访问控制): named accounts and roles on the database server
#   (`GRANT SELECT ON … TO analyst`), not one shared password;
# - **TLS** (安全套接层 / 传输层安全): encrypted connections between applications and the server;
# - **firewalls** (防火墙): the database port reachable only from the application servers;
# - **vulnerability scans and patching** (定期漏洞扫描与修复): on a schedule, by the IT team.

# %%
con.close()
analyst.close()
marketing.close()

# %% [markdown]
# ## Recap
#
# - Updates are upserts; `customers_history` keeps every version with `valid_from` / `valid_to`.
# - Company-set fields are recomputed on a schedule against a fixed date and compared.
# - `db.backup` + `db.verify` + a tested `db.restore`; 3 copies, 2 media, 1 off site.
# - Analysts get a read-only connection; marketing gets a view without identifiers. The
#   authorizer is a guard rail; file permissions (or a server's grants) are the boundary.
# - Triggers write an append-only audit log of who (per connection), what, when, old and new;
#   SQLite cannot stop someone who holds the file, a server with roles and grants can.
# - Plain hashes of phone numbers are reversible; HMAC with a secret key is not, for anyone
#   without the key; Fernet encrypts fields whose key lives outside the code and refuses an
#   altered token (authenticated encryption); masking hides digits on screens.
# - A view without names is de-identified (去标识化), not anonymous (匿名化, PIPL art. 73),
#   and enforces something only when the reader's connection can read nothing else.
# - HMAC pseudonyms are reversed by enumeration by whoever holds the key: the recipient never does.
# - Parameterised queries stop SQL injection. Marketing needs a lawful basis (PIPL art. 13,
#   GDPR art. 6); consent is the customer's answer, filtered in every campaign query and never
#   overwritten by the firm's own rules (the audit log finds and undoes such a switch).
# - Erasure reaches staging records by record linkage and the log, leaves no bytes in the
#   file, is verified table by table, and is repeated after restoring an older backup; rows the
#   law requires to be kept are kept, restricted to storage and security (PIPL art. 47).
#
# Next: `exercises/04_maintaining_and_securing_the_database_exercises.ipynb`.

# %% [markdown]
# ### Glossary (术语表)
#
# | English | 中文 | in the kit |
# |---|---|---|
# | timely update, upsert | 及时更新 | `database.upsert_customers` |
# | slowly changing dimension (type 2) | 缓慢变化维 | `customers_history` |
# | idempotent | 幂等 | an upsert run twice changes nothing |
# | periodic verification; company-set data | 定期核实; 企业自设数据 | section 3, `tier_on` |
# | backup, restore | 定期备份, 恢复 | `database.backup`, `database.restore`, `verify` |
# | least privilege | 最小权限原则 | `database.connect_readonly` |
# | view | 视图 | `marketing_customers` |
# | direct identifier | 直接标识符 | name, phone, e-mail, address |
# | de-identification / anonymisation | 去标识化 / 匿名化 | PIPL art. 73; section 5 |
# | audit log, trigger | 审计日志, 触发器 | `audit_log`, `install_audit_log` |
# | pseudonymisation, keyed hash (HMAC) | 假名化, 密钥散列 | `privacy.pseudonymise` |
# | dictionary attack | 字典攻击 | section 7 |
# | field encryption, key management | 字段加密, 密钥管理 | `privacy.encrypt_values` |
# | masking | 脱敏 | `privacy.mask_phone`, `mask_email` |
# | SQL injection, parameterised query | SQL 注入, 参数化查询 | `?` placeholders |
# | lawful basis, consent, separate consent | 合法性基础, 同意, 单独同意 | PIPL art. 13, 14, 23 |
# | suppression list | 营销屏蔽名单 | section 9 |
# | right to erasure | 删除权 | `database.erase_customer` |
# | person responsible for PI protection | 个人信息保护负责人 | the database rules |
# | database management rules | 数据库管理制度 | `rules` (section 5) |
# | general provisions | 总则 | the first part of the rules |
# | authenticated encryption | 认证加密 | Fernet, `InvalidToken` |
