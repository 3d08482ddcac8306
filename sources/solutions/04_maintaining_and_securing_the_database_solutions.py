# %% [markdown]
# # 04 · Maintaining and securing the database: exercises (维护与安全 练习)
#
# In this lab you will:
#
# - answer ten questions on updates, backups, least privilege, audit logs and privacy;
# - work on your own database, built from your world in a temporary folder;
# - check every answer with `check(...)`.

# %% [markdown] tags=["solution-only"]
# > **Solutions notebook.** This notebook is the source of
# > `exercises/04_maintaining_and_securing_the_database_exercises.ipynb`: a line ending in
# > `# SOLUTION`, or a block between `# BEGIN SOLUTION` and `# END SOLUTION`, becomes
# > `answer = ...` there. After editing it, run `labkit exercises` (see `docs/instructors.md`).

# %%
import tempfile
import time
from pathlib import Path

from labkit import check, database, load_world, privacy, summary  # noqa: F401

world = load_world()
folder = Path(tempfile.mkdtemp(prefix="xudong_"))  # a temporary folder, never the repo
start = time.perf_counter()
path = database.build_database(world, folder / "xudong.db")
con = database.connect(path)
print(f"{world.locale}: database built in {time.perf_counter() - start:.1f} s")

# %% [markdown]
# **Question 1.** Missing data (缺失数据) is one of the four kinds of update. How many
# customers have no e-mail address on file?

# %% tags=["nbval-check-output"]
# Question 1 — How many customers have no e-mail address on file?
answer = con.execute("SELECT COUNT(*) FROM customers WHERE email IS NULL").fetchone()[0]  # SOLUTION
check("04.q1", answer)

# %% [markdown]
# **Question 2.** Make a backup with `db.backup`. How many rows do the world's tables hold
# in all? (The restored database must match this number.) Count only the tables of
# `world.tables`; `verify()` also lists the database's own `meta` table.

# %%
backup = database.backup(con, folder / "backup.db")
counts = database.verify(backup)["counts"]

# %% tags=["nbval-check-output"]
# Question 2 — How many rows do the world's tables hold in all?
answer = sum(counts[name] for name in world.tables)  # SOLUTION
check("04.q2", answer)

# %% [markdown]
# **Question 3.** Create the marketing view with `db.create_marketing_view(con)`. How many
# customers are in the age band `25-34`?

# %% tags=["nbval-check-output"]
# Question 3 — How many customers does the marketing view put in the age band 25-34?
# BEGIN SOLUTION
view = database.create_marketing_view(con)
answer = con.execute(f"SELECT COUNT(*) FROM {view} WHERE age_band = '25-34'").fetchone()[0]
# END SOLUTION
check("04.q3", answer)

# %% [markdown]
# **Scenario.** Install the audit log, set the session user to `call_centre`, then set
# `marketing_consent = 0` for every customer with at least one `complaint` ticket (one
# UPDATE per customer).

# %%
database.install_audit_log(con)
database.set_session_user(con, "call_centre")
complained = world.service_tickets.query("topic == 'complaint'")["customer_id"].unique()
con.executemany("UPDATE customers SET marketing_consent = 0 WHERE customer_id = ?",
                [(int(c),) for c in complained])
con.commit()

# %% [markdown]
# **Question 4.** How many audit-log entries did user `call_centre` leave?

# %% tags=["nbval-check-output"]
# Question 4 — How many audit-log entries does user call_centre leave?
# BEGIN SOLUTION
sql = "SELECT COUNT(*) FROM audit_log WHERE who = 'call_centre'"
answer = con.execute(sql).fetchone()[0]
# END SOLUTION
check("04.q4", answer)

# %% [markdown]
# **Question 5.** In how many of those entries did consent really change (old value 1, new
# value 0)? Use `json_extract(old, '$.marketing_consent')`.

# %% tags=["nbval-check-output"]
# Question 5 — In how many of those audit entries did consent really change?
# BEGIN SOLUTION
answer = con.execute("""SELECT COUNT(*) FROM audit_log WHERE who = 'call_centre'
    AND json_extract(old, '$.marketing_consent') = 1
    AND json_extract(new, '$.marketing_consent') = 0""").fetchone()[0]
# END SOLUTION
check("04.q5", answer)

# %% [markdown]
# **Question 6.** An export replaced each phone by the SHA-256 hash of its digits. Enumerate
# every number of the 100 most common number blocks (a block is all digits but the last
# four, so 10,000 numbers each) and count the export's hashes you reverse.

# %%
import hashlib
import re

digits = world.customers["phone"].map(lambda p: re.sub(r"\D", "", p))
export = set(digits.map(lambda d: hashlib.sha256(d.encode()).hexdigest()))
blocks = digits.str[:-4].value_counts().index[:100]

# %% tags=["nbval-check-output"]
# Question 6 — How many plain SHA-256 phone hashes does the dictionary attack reverse?
# BEGIN SOLUTION
tried = (f"{b}{t:04d}" for b in blocks for t in range(10_000))
answer = sum(hashlib.sha256(n.encode()).hexdigest() in export for n in tried)
# END SOLUTION
check("04.q6", answer)

# %% [markdown]
# **Question 7.** How is the phone of customer 1 shown once masked for display?

# %% tags=["nbval-check-output"]
# Question 7 — How is the phone number of customer 1 shown once masked for display?
answer = privacy.mask_phone(world.customers.set_index("customer_id").loc[1, "phone"])  # SOLUTION
check("04.q7", answer)

# %% [markdown]
# **Question 8.** A search box builds `SELECT … FROM customers WHERE name = '<typed>'` by
# pasting text. How many rows come back when someone types `x' OR '1'='1`?

# %%
typed = "x' OR '1'='1"
unsafe = f"SELECT customer_id, name FROM customers WHERE name = '{typed}'"

# %% tags=["nbval-check-output"]
# Question 8 — How many rows does the string-built name search return?
answer = len(con.execute(unsafe).fetchall())  # SOLUTION
check("04.q8", answer)

# %% [markdown]
# **Question 9.** A campaign targets gold and platinum members. Using the customers table of
# your *world* (before the call centre's changes), how many may it contact once consent is
# respected?

# %% tags=["nbval-check-output"]
# Question 9 — How many gold and platinum members may the campaign contact?
# BEGIN SOLUTION
c = world.customers
answer = int((c["member_tier"].isin(["gold", "platinum"]) & c["marketing_consent"]).sum())
# END SOLUTION
check("04.q9", answer)

# %% [markdown]
# **Question 10.** Erase the customer with the most orders (ties: the lowest
# `customer_id`) with `db.erase_customer`. How many rows left `orders` and `order_items`
# together? Then confirm that `db.customer_footprint` is zero everywhere (keep the customer's
# record first with `db.customer_record`: afterwards nothing in the database says who they were).

# %%
counts = world.orders["customer_id"].value_counts()
target = int(counts[counts == counts.max()].index.min())
person = database.customer_record(con, target)
erased = database.erase_customer(con, target)
print("left anywhere:", sum(database.customer_footprint(con, target, record=person).values()))

# %% tags=["nbval-check-output"]
# Question 10 — How many rows leave orders and order_items together?
answer = erased["orders"] + erased["order_items"]  # SOLUTION
check("04.q10", answer)

# %% [markdown]
# ## Your score so far

# %% tags=["nbval-check-output"]
con.close()
summary()

# %% [markdown]
# ## Recap
#
# - Counts, views and the audit log are all questions you can put to the database in SQL.
# - A plain hash of a phone number is reversible by enumeration; masking and HMAC are not.
# - String-built SQL runs what the user types; parameters keep it data.
# - Consent filters every campaign; erasure is proven by an empty footprint.
#
# Next: chapter 05, analysing consumers.
