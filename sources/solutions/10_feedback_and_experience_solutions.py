# %% [markdown]
# # 10 · Feedback and experience: exercises (客户反馈与体验 练习)
#
# In this lab you will:
#
# - answer thirteen questions on feedback channels, the service centre's handling metrics,
#   text analysis, experience and churn;
# - use the lesson's methods on other slices of the data: e-mail tickets, complaints,
#   normal priority, the texts of `as_of`'s year;
# - check every answer with `check(...)`.

# %% [markdown] tags=["solution-only"]
# > **Solutions notebook.** This notebook is the source of
# > `exercises/10_feedback_and_experience_exercises.ipynb`: a line ending in `# SOLUTION`, or
# > a block between `# BEGIN SOLUTION` and `# END SOLUTION`, becomes `answer = ...` there.
# > After editing it, run `labkit exercises` (see `docs/instructors.md`).

# %%
import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from labkit import check, load_world
from labkit.text import SENTIMENT_WORDS, tokenize, tokenize_all

world = load_world()
as_of = world.as_of
tickets = world.service_tickets.copy()
tickets["hours"] = (tickets["resolved_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
labelled = world.feedback.merge(world.truth.feedback, on="feedback_id")
print(f"{world.locale} world, as of {as_of:%Y-%m-%d}: {len(tickets)} tickets, "
      f"{len(labelled)} pieces of feedback")

# %% [markdown]
# ## Feedback channels (反馈渠道)
#
# **Question 1.** For each feedback channel, what share of its feedback is rated 1 or 2 stars?
# Give a Series indexed by `channel`; 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 1 — Share of feedback rated 1 or 2 stars, per feedback channel (Series, 3 decimals)?
answer = labelled["rating"].le(2).groupby(labelled["channel"]).mean()  # SOLUTION
check("10.q1", answer)

# %% [markdown]
# ## Handling metrics
#
# `tickets["hours"]` above is the **resolution time** (解决时长) of each resolved ticket.
#
# **Question 2.** What is the median resolution time of the tickets that came by e-mail
# (`channel == "email"`), in hours? 2 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 2 — Median hours to resolve an e-mail ticket (number, 2 decimals)?
answer = tickets.loc[tickets["channel"] == "email", "hours"].median()  # SOLUTION
check("10.q2", answer)

# %% [markdown]
# **Question 3.** What is the **first-contact resolution rate** (首次解决率) of the complaint
# tickets (`topic == "complaint"`), open ones included? A share; 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 3 — First-contact resolution rate of complaint tickets (share, 3 decimals)?
answer = tickets.loc[tickets["topic"] == "complaint", "first_contact_resolved"].mean()  # SOLUTION
check("10.q3", answer)

# %% [markdown]
# **Question 4.** Normal-priority tickets have a target of 72 hours. What share of them met
# it? Count the resolved ones and the open ones older than 72 hours at `as_of` (they have
# missed it); leave out open ones younger than that. 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 4 — SLA compliance of normal-priority tickets, target 72 hours (share, 3 decimals)?
# BEGIN SOLUTION
normal = tickets[tickets["priority"] == "normal"]
age = (as_of - normal["opened_at"]).dt.total_seconds() / 3600
resolved = normal["resolved_at"].notna()
judged = resolved | (age > 72)
answer = (resolved & (normal["hours"] <= 72))[judged].mean()
# END SOLUTION
check("10.q4", answer)

# %% [markdown]
# **Question 5.** How large was the **backlog** (积压工单) at the end of the year before
# `as_of`'s year (31 December, 23:59:59): tickets opened by then and not resolved by then?
# An exact whole number.

# %% tags=["nbval-check-output"]
# Question 5 — Backlog at the end of the year before as_of's year (exact whole number)?
# BEGIN SOLUTION
end = pd.Timestamp(year=as_of.year - 1, month=12, day=31, hour=23, minute=59, second=59)
answer = int(((tickets["opened_at"] <= end) & ~(tickets["resolved_at"] <= end)).sum())
# END SOLUTION
check("10.q5", answer)

# %% [markdown]
# **Question 6.** Per ticket topic: the number of tickets, the first-contact resolution rate
# and the median resolution time in hours. Give a DataFrame indexed by `topic` with the
# columns `tickets`, `fcr_rate` and `median_hours`; 3 significant digits are enough.

# %% tags=["nbval-check-output"]
# Question 6 — Tickets, FCR rate and median hours per topic (DataFrame, 3 significant digits)?
# BEGIN SOLUTION
answer = tickets.groupby("topic").agg(tickets=("ticket_id", "size"),
                                      fcr_rate=("first_contact_resolved", "mean"),
                                      median_hours=("hours", "median"))
# END SOLUTION
check("10.q6", answer)

# %% [markdown]
# **Question 7.** Judge the service centre against its **service-level agreement**
# (服务水平协议): targets of 24 hours for high, 72 for normal and 120 for low priority,
# counted as in question 4. Which priority has the lowest compliance? Give `"high"`,
# `"normal"` or `"low"`.

# %% tags=["nbval-check-output"]
# Question 7 — Which priority misses its SLA target most often (high, normal or low)?
TARGET_HOURS = {"high": 24, "normal": 72, "low": 120}
# BEGIN SOLUTION
target = tickets["priority"].map(TARGET_HOURS)
age = (as_of - tickets["opened_at"]).dt.total_seconds() / 3600
resolved = tickets["resolved_at"].notna()
judged = resolved | (age > target)
met = resolved & (tickets["hours"] <= target)
compliance = met[judged].groupby(tickets.loc[judged, "priority"]).mean()
answer = compliance.idxmin()
# END SOLUTION
check("10.q7", answer)

# %% [markdown]
# ## Text analysis
#
# The questions use the feedback of `as_of`'s year; `this_year` marks it.

# %%
this_year = (labelled["created_at"].dt.year == as_of.year).to_numpy()
print(tokenize(labelled.loc[this_year, "text"].iloc[0], world.locale))

# %% [markdown]
# **Question 8.** Cut every text of `as_of`'s year into words with `tokenize(text,
# world.locale)`. How many distinct words are there? An exact whole number.

# %% tags=["nbval-check-output"]
# Question 8 — How many distinct words are in the feedback texts of as_of's year (exact)?
# BEGIN SOLUTION
words = tokenize_all(labelled.loc[this_year, "text"], world.locale)
answer = len({word for text_words in words for word in text_words})
# END SOLUTION
check("10.q8", answer)

# %% [markdown]
# **Question 9.** Label the texts of `as_of`'s year with the lesson's **sentiment lexicon**
# (情感词典), `SENTIMENT_WORDS[world.locale]`: positive words minus negative words among the
# text's words; above 0 positive, below 0 negative, 0 neutral. What is its accuracy against
# the hand-coded `sentiment`? A share; 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 9 — Accuracy of the word list on the texts of as_of's year (share, 3 decimals)?
positive, negative = (set(words) for words in SENTIMENT_WORDS[world.locale])
# BEGIN SOLUTION
year_texts = labelled[this_year]
balance = np.array([sum(w in positive for w in ws) - sum(w in negative for w in ws)
                    for ws in tokenize_all(year_texts["text"], world.locale)])
lexicon = np.select([balance > 0, balance < 0], ["positive", "negative"], "neutral")
answer = (lexicon == year_texts["sentiment"].to_numpy()).mean()
# END SOLUTION
check("10.q9", answer)

# %% [markdown]
# **Question 10.** Train the lesson's model (words joined by spaces,
# `TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True)` and
# `LogisticRegression(solver="saga", max_iter=1000, random_state=0)`) on the feedback
# *before* `as_of`'s year, and score it on the feedback *of* that year. What is its
# macro-F1 (宏平均F1值)? 3 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 10 — Macro-F1 of the model trained before as_of's year, on that year (3 decimals)?
# BEGIN SOLUTION
joined = pd.Series([" ".join(ws) for ws in tokenize_all(labelled["text"], world.locale)])
vectorizer = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True)
model = LogisticRegression(solver="saga", max_iter=1000, random_state=0)
model.fit(vectorizer.fit_transform(joined[~this_year]), labelled.loc[~this_year, "sentiment"])
predicted = model.predict(vectorizer.transform(joined[this_year]))
answer = f1_score(labelled.loc[this_year, "sentiment"], predicted, average="macro")
# END SOLUTION
check("10.q10", answer)

# %% [markdown]
# ## Experience and churn
#
# **Question 11.** The survey's fieldwork starts on the day of its first answer. Split the
# respondents into those who opened a ticket in the 365 days before that day and the others.
# What is the first group's NPS minus the second group's, in points? 1 decimal is enough.

# %% tags=["nbval-check-output"]
# Question 11 — NPS of respondents with a ticket in the prior year minus the others' (1 decimal)?
surveys = world.surveys


def nps(scores):
    return 100 * ((scores >= 9).mean() - (scores <= 6).mean())


# BEGIN SOLUTION
start = surveys["answered_at"].min().normalize()
year = tickets[(tickets["opened_at"] < start)
               & (tickets["opened_at"] >= start - pd.Timedelta(days=365))]
had = surveys["customer_id"].isin(year["customer_id"])
answer = nps(surveys.loc[had, "nps"]) - nps(surveys.loc[~had, "nps"])
# END SOLUTION
check("10.q11", answer)

# %% [markdown]
# The cell below builds the lesson's table of buyers: recency, orders in the last 365 days,
# tenure, service trouble in the 180 days before `as_of` (negative feedback, a complaint
# ticket) or a ticket still open, and whether they churned.

# %%
recent = as_of - pd.Timedelta(days=180)
orders = world.orders
last_order = orders.groupby("customer_id")["ordered_at"].max()
buyers = pd.DataFrame(index=last_order.index)
buyers["log_recency"] = np.log1p((as_of - last_order).dt.days.clip(lower=0))
last_year = orders[orders["ordered_at"] > as_of - pd.Timedelta(days=365)]
buyers["log_orders_365d"] = np.log1p(last_year.groupby("customer_id").size()
                                     .reindex(buyers.index, fill_value=0))
signup = world.customers.set_index("customer_id")["signup_date"]
buyers["tenure_years"] = (as_of - signup.reindex(buyers.index)).dt.days / 365.25
negative = labelled[(labelled["sentiment"] == "negative") & (labelled["created_at"] > recent)]
complaints = tickets[(tickets["topic"] == "complaint") & (tickets["opened_at"] > recent)]
still_open = tickets[tickets["status"] == "open"]
troubled = (set(negative["customer_id"]) | set(complaints["customer_id"])
            | set(still_open["customer_id"]))
buyers["trouble"] = buyers.index.isin(list(troubled)).astype(float)
churned = world.truth.churn.set_index("customer_id")["churned"]
buyers["churned"] = churned.reindex(buyers.index).astype(int)
buyers.groupby("trouble")["churned"].mean().round(3)

# %% [markdown]
# **Question 12.** Fit `LogisticRegression(C=1e6, max_iter=5000)` of `churned` on
# `log_recency`, `log_orders_365d`, `tenure_years` and `trouble`. What is the **odds ratio**
# (优势比) of `trouble`, `exp` of its coefficient? 2 decimals are enough.

# %% tags=["nbval-check-output"]
# Question 12 — Odds ratio of churn for service trouble, with the controls (2 decimals)?
columns = ["log_recency", "log_orders_365d", "tenure_years", "trouble"]
# BEGIN SOLUTION
churn_model = LogisticRegression(C=1e6, max_iter=5000).fit(buyers[columns], buyers["churned"])
answer = float(np.exp(churn_model.coef_[0][-1]))
# END SOLUTION
check("10.q12", answer)

# %% [markdown]
# **Question 13.** Judged with those controls, does service trouble raise churn? Answer
# `True` or `False`.

# %% tags=["nbval-check-output"]
# Question 13 — Judged with those controls, does service trouble raise churn (True or False)?
answer = bool(np.exp(churn_model.coef_[0][-1]) > 1)  # SOLUTION
check("10.q13", answer)

# %% [markdown]
# ## Wrap-up
#
# Compare the raw churn rates in the table above with your answer to question 13. Which one
# would you show the head of customer service, and why? Write two sentences for yourself.
