"""Chapter 01 · Customer information (认识客户信息): questions on content, value, types, profile.

Every expected answer is computed from the learner's own world, so the same
questions work for any seed, size and locale. Windows are measured back from
``world.as_of`` (an order is "in the 365 days up to as_of" when
``ordered_at > as_of - 365 days``), never from today.
"""

from __future__ import annotations

import pandas as pd

from labkit.questions import Mistake, Question
from labkit.questions import ch01_measures as measures

# --------------------------------------------------------------------------- questions
QUESTIONS = [
    Question(
        id="01.q1",
        prompt="How many customers appear in all of orders, service_tickets and feedback (exact)?",
        expected=lambda w: len(measures.in_all(w)),
        kind="count",
        answer_kind="a whole number of customers",
        hint="Make a set of the customer_id values of each table, then intersect the three "
        "sets with & and count what is left with len().",
        mistakes=(
            Mistake(
                lambda w: len(measures.in_any(w)),
                "You counted customers in *any* of the three tables (a union, |); the question "
                "asks for those in all three (an intersection, &).",
            ),
            Mistake(
                lambda w: int(w["feedback"]["customer_id"].isin(measures.in_all(w)).sum()),
                "You counted rows of feedback, not customers: one customer can write more than "
                "once. Count distinct customer_id values.",
            ),
        ),
    ),
    Question(
        id="01.q2",
        prompt="Per education level, what share of customers disclosed income (Series; 3 "
        "decimals)?",
        expected=measures.income_disclosed,
        kind="series",
        answer_kind="a Series: share who disclosed income, per education level",
        atol=1e-3,
        hint="income is empty (NaN) for customers who did not disclose it. Group "
        "customers['income'].notna() by customers['education'] and take the mean: the "
        "mean of True/False values is the share of True.",
        mistakes=(
            Mistake(
                lambda w: measures.income_disclosed(w, what="missing"),
                "Those are the shares who did *not* disclose their income (isna); the "
                "question asks for those who did (notna).",
            ),
            Mistake(
                lambda w: measures.income_disclosed(w, what="count"),
                "You counted the customers who disclosed it; the mean, not the sum, of "
                "notna() gives a share.",
            ),
            Mistake(
                lambda w: measures.income_disclosed(w, by="occupation"),
                "You grouped by occupation; the question asks per education level.",
            ),
        ),
    ),
    Question(
        id="01.q3",
        prompt="How many business accounts have no owner (负责人) among their contacts (exact)?",
        expected=lambda w: measures.accounts_without(w, "owner"),
        kind="count",
        answer_kind="a whole number of accounts",
        hint="Collect the account_id of the contacts whose role is 'owner', then count the "
        "accounts whose account_id is not in that set (~accounts['account_id'].isin(...)).",
        mistakes=(
            Mistake(
                lambda w: len(measures.accounts_with_role(w, "owner")),
                "You counted the accounts that *have* an owner on file; the question asks "
                "for those without one.",
            ),
            Mistake(
                lambda w: measures.accounts_without(w, "owner", primary_only=True),
                "You looked only at each account's primary contact. Some accounts have an "
                "owner on file who is not the primary contact: look at every contact.",
            ),
            Mistake(
                lambda w: int((w["contacts"]["role"] != "owner").sum()),
                "You counted contacts (people) who are not owners; the question counts "
                "accounts (companies). One account has several contacts.",
            ),
        ),
    ),
    Question(
        id="01.q4",
        prompt="Which industry should the B2B team focus on first, by amount invoiced (exact "
        "name)?",
        expected=lambda w: measures.top(measures.invoiced_by(w)),
        kind="text",
        answer_kind="an industry",
        hint="Join invoices to accounts on account_id to get each invoice's industry, sum "
        "the amount per industry, and take the label of the largest sum with idxmax().",
        mistakes=(
            Mistake(
                lambda w: str(measures.accounts_per_industry(w).idxmax()),
                "That industry has the most accounts, not the most money: a few large "
                "accounts can outweigh many small ones. Sum the invoiced amount.",
            ),
            Mistake(
                lambda w: str(measures.invoiced_by(w).idxmin()),
                "That industry was invoiced the *least*: idxmin() finds the smallest sum, "
                "idxmax() the largest.",
            ),
        ),
    ),
    Question(
        id="01.q5",
        prompt="What share of all invoiced money went to that industry (4 decimals are enough)?",
        expected=lambda w: float(measures.invoiced_by(w).max() / w["invoices"]["amount"].sum()),
        kind="share",
        answer_kind="a share between 0 and 1",
        atol=1e-4,
        hint="Divide the top industry's invoiced amount by the sum of invoices['amount'].",
        mistakes=(
            Mistake(
                lambda w: float((w["accounts"]["industry"] == measures.top_industry(w)).mean()),
                "That is the industry's share of the *accounts*; the question asks for its "
                "share of the invoiced amount.",
            ),
            Mistake(
                lambda w: (
                    float(measures.invoiced_by(w, what="size")[measures.top_industry(w)])
                    / len(w["invoices"])
                ),
                "That is the industry's share of the *number* of invoices; divide amounts, "
                "not counts.",
            ),
            Mistake(
                lambda w: float(measures.invoiced_by(w).max()),
                "That is the industry's invoiced amount; divide it by the amount invoiced "
                "to all accounts.",
            ),
        ),
    ),
    Question(
        id="01.q6",
        prompt="What did one conversion cost in each messaging channel (Series; within 0.5%)?",
        expected=measures.cost_per_conversion,
        kind="series",
        answer_kind="a Series: cost per conversion, per channel",
        rtol=5e-3,
        hint="Join campaign_responses (without the hold-out group, who were sent nothing) to "
        "campaigns on campaign_id; per channel, divide the sum of cost_per_contact (what all "
        "messages cost) by the sum of converted (how many took up the offer).",
        mistakes=(
            Mistake(
                lambda w: measures.campaign_costs(w)["mean_cost"],
                "That is the cost of one *message* per channel. A cheap message is not a cheap "
                "customer: divide the cost of all messages by the number of conversions.",
            ),
            Mistake(
                lambda w: measures.cost_per_conversion(w, holdout=True),
                "You counted the hold-out group as if they had been sent the message: they "
                "were sent nothing and cost nothing. Keep the rows where holdout is False.",
            ),
            Mistake(
                lambda w: measures.campaign_costs(w).eval("cost / clicks"),
                "That is the cost per *click*; a click is not yet a conversion (converted).",
            ),
            Mistake(
                lambda w: measures.campaign_costs(w).eval("conversions / messages"),
                "That is each channel's conversion rate, which ignores what a message costs. "
                "Divide cost by conversions.",
            ),
        ),
    ),
    Question(
        id="01.q7",
        prompt="In the channel cheapest per conversion, what did one conversion cost (within "
        "0.5%)?",
        expected=lambda w: float(measures.cost_per_conversion(w).min()),
        kind="number",
        answer_kind="an amount of money per conversion",
        rtol=5e-3,
        hint="Cost per conversion = sum of cost_per_contact over the channel's messages "
        "÷ number of messages with converted True. Leave out the hold-out group (holdout "
        "True): they were sent nothing.",
        mistakes=(
            Mistake(
                lambda w: float(
                    measures.cost_per_conversion(w, holdout=True)[measures.cheapest_channel(w)]
                ),
                "You counted the hold-out group as if they had been sent the message: they "
                "were sent nothing and cost nothing. Keep the rows where holdout is False.",
            ),
            Mistake(
                lambda w: float(
                    measures.campaign_costs(w).loc[measures.cheapest_channel(w), "mean_cost"]
                ),
                "That is the cost of one *message*; divide the cost of all messages by the "
                "number of conversions.",
            ),
            Mistake(
                lambda w: float(
                    measures.campaign_costs(w).eval("cost / clicks")[measures.cheapest_channel(w)]
                ),
                "That is the cost per *click*; a click is not yet a conversion (converted).",
            ),
            Mistake(
                lambda w: float(measures.cost_per_conversion(w).max()),
                "That is the *most* expensive channel per conversion; take the lowest (min()).",
            ),
            Mistake(
                lambda w: float(1 / measures.cost_per_conversion(w).min()),
                "You divided the other way round: that is conversions per unit of money. "
                "Divide cost by conversions.",
            ),
        ),
    ),
    Question(
        id="01.q8",
        prompt="How many customers are waiting on an open service ticket at as_of (exact)?",
        expected=lambda w: int(measures.open_tickets(w)["customer_id"].nunique()),
        kind="count",
        answer_kind="a whole number of customers",
        hint="Keep the service_tickets whose status is 'open', then count the distinct "
        "customer_id values with nunique().",
        mistakes=(
            Mistake(
                lambda w: len(measures.open_tickets(w)),
                "You counted open tickets; a customer can wait on more than one. Count "
                "distinct customers (nunique()).",
            ),
            Mistake(
                lambda w: int(w["service_tickets"]["customer_id"].nunique()),
                "You counted every customer who ever opened a ticket; keep only the tickets "
                "whose status is 'open'.",
            ),
        ),
    ),
    Question(
        id="01.q9",
        prompt="What share of last 365 days' revenue came from the top 10% of buyers (4 decimals)?",
        expected=lambda w: measures.top_share(
            measures.spend_per_customer(w, 365), len(measures.spend_per_customer(w, 365)) // 10
        ),
        kind="share",
        answer_kind="a share between 0 and 1",
        atol=1e-4,
        hint="Keep the orders with ordered_at > as_of - 365 days; an order's value is "
        "sum(quantity × unit_price) × (1 - discount). Sum it per customer, take the "
        "n // 10 largest (n = customers who ordered in the period) with nlargest(), and "
        "divide their sum by the period's total.",
        mistakes=(
            Mistake(
                lambda w: measures.top_share(
                    measures.spend_per_customer(w, 365), len(w["customers"]) // 10
                ),
                "You took 10% of *all* customers; take 10% of the customers who ordered in "
                "the period (those with spending above zero).",
            ),
            Mistake(
                lambda w: measures.top_share(
                    measures.spend_per_customer(w, 365, discount=False),
                    len(measures.spend_per_customer(w, 365)) // 10,
                ),
                "Close, but you left out the discount: an order's value is "
                "sum(quantity × unit_price) × (1 - discount).",
            ),
            Mistake(
                lambda w: measures.top_share(
                    measures.spend_per_customer(w, None),
                    len(measures.spend_per_customer(w, None)) // 10,
                ),
                "You used the whole history; keep only the orders of the 365 days up to as_of.",
            ),
        ),
    ),
    Question(
        id="01.q10",
        prompt="How many customers may Xudong e-mail, with consent and an e-mail on file (exact)?",
        expected=measures.email_list,
        kind="count",
        answer_kind="a whole number of customers",
        hint="Combine two conditions with &: marketing_consent is True and email is not "
        "missing (notna()).",
        mistakes=(
            Mistake(
                lambda w: measures.email_list(w, email=False),
                "Some customers who consented never gave an e-mail address: add the "
                "condition email.notna().",
            ),
            Mistake(
                lambda w: measures.email_list(w, consent=False),
                "Having an e-mail address is not permission to use it for marketing: add "
                "the condition marketing_consent == True.",
            ),
            Mistake(
                lambda w: len(w["customers"]),
                "That is every customer; keep only those with consent and an e-mail address.",
            ),
        ),
    ),
    Question(
        id="01.q11",
        prompt="How many customers ordered before but not in the 365 days up to as_of (exact)?",
        expected=lambda w: measures.lapsed(w, 365),
        kind="count",
        answer_kind="a whole number of customers",
        hint="Take the customers who appear in orders at all, and remove those with an "
        "order where ordered_at > as_of - 365 days. Measure from world.as_of, not from today.",
        mistakes=(
            Mistake(
                lambda w: measures.lapsed(w, 365, include_never=True),
                "You also counted customers who never ordered. A win-back list (客户挽回) is "
                "for customers who bought and stopped; those who never bought need a "
                "different message.",
            ),
            Mistake(
                lambda w: int(
                    w["orders"].loc[measures.recent_orders(w, 365), "customer_id"].nunique()
                ),
                "You counted the customers who *did* order in the last 365 days; the "
                "win-back list holds those who did not.",
            ),
            Mistake(
                lambda w: measures.lapsed(w, 180),
                "You used the 180 days of the notebook's example; this question asks about "
                "365 days.",
            ),
        ),
    ),
    Question(
        id="01.q12",
        prompt="Which columns of customers are not descriptive (描述类) (exact names, any order)?",
        expected=measures.not_descriptive,
        kind="set",
        answer_kind="a list of column names",
        hint="Descriptive columns say who the customer is. Ask of each column: is it a record "
        "or a summary of what the customer did (behavioural), or a stated attitude or "
        "preference (relational)?",
        mistakes=(
            Mistake(
                lambda w: ["member_tier"],
                "member_tier is one; look again at the column that records what the customer "
                "*wants*: a stated preference is relational information (关联类).",
            ),
            Mistake(
                lambda w: ["marketing_consent"],
                "marketing_consent is one; look again at member_tier: it is computed from "
                "the customer's spending, so it summarises behaviour (行为类).",
            ),
            Mistake(
                lambda w: [*measures.not_descriptive(w), "income"],
                "income is stated once at sign-up and describes who the customer is "
                "(career information): it is descriptive.",
            ),
        ),
    ),
    Question(
        id="01.q13",
        prompt="What share of web sessions (visits) came from a mobile device (4 decimals)?",
        expected=measures.mobile_share,
        kind="share",
        answer_kind="a share between 0 and 1",
        atol=1e-4,
        hint="Parse each payload with json.loads and flatten with pandas.json_normalize to "
        "get a device column; keep one row per session_id (drop_duplicates), then take the "
        "mean of device == 'mobile'.",
        mistakes=(
            Mistake(
                lambda w: measures.mobile_share(w, by_session=False),
                "You counted rows of web_events (events, i.e. clicks), not distinct "
                "sessions: keep one row per session_id first.",
            ),
        ),
    ),
    Question(
        id="01.q14",
        prompt="What is the mean length in characters of feedback rated 1 or 2 stars (2 decimals)?",
        expected=measures.text_length,
        kind="number",
        answer_kind="a number of characters",
        atol=6e-3,
        hint="Keep the feedback rows with rating <= 2, then take the mean of "
        "text.str.len() (characters, which works for Chinese and English alike).",
        mistakes=(
            Mistake(
                lambda w: measures.text_length(w, stars=()),
                "That is the mean over all feedback; keep only the texts rated 1 or 2 stars.",
            ),
            Mistake(
                lambda w: measures.text_length(w, words=True),
                "You counted words (split on spaces); the question asks for characters "
                "(str.len()). Chinese has no spaces between words, so characters are the "
                "unit that works in both locales.",
            ),
            Mistake(
                lambda w: measures.text_length(w, stars=(1,)),
                "You kept only the 1-star texts; the question asks for 1 *or* 2 stars.",
            ),
        ),
    ),
    Question(
        id="01.q15",
        prompt="What share of each table's cells are missing (Series by table; 4 decimals)?",
        expected=measures.missing_cells,
        kind="series",
        answer_kind="a Series: share of missing cells, per table",
        atol=1e-4,
        hint="For each table in world.tables, the share of missing cells is "
        "df.isna().to_numpy().mean() (missing cells ÷ rows × columns); collect them in a "
        "Series, e.g. pd.Series({name: ... for name, df in world.tables.items()}).",
        mistakes=(
            Mistake(
                lambda w: pd.Series(
                    {t: int(df.isna().to_numpy().sum()) for t, df in w.tables.items()}
                ),
                "Those are numbers of missing cells; a large table has more of everything. "
                "Divide by each table's number of cells (rows × columns) to compare fairly.",
            ),
            Mistake(
                lambda w: pd.Series(
                    {t: float(df.isna().any(axis=1).mean()) for t, df in w.tables.items()}
                ),
                "Those are shares of *rows* with at least one gap; the question asks for the "
                "share of missing *cells*.",
            ),
        ),
    ),
    Question(
        id="01.q16",
        prompt="What is the highest share of missing cells of any table (4 decimals)?",
        expected=lambda w: float(measures.missing_cells(w).max()),
        kind="share",
        answer_kind="a share between 0 and 1",
        atol=1e-4,
        hint="df.isna() is True for each missing cell; its mean over all cells "
        "(df.isna().to_numpy().mean(), or df.isna().mean().mean()) is the share.",
        mistakes=(
            Mistake(
                lambda w: float(w[measures.most_missing_table(w)].isna().any(axis=1).mean()),
                "That is the share of *rows* with at least one missing value; the question "
                "asks for the share of missing *cells*.",
            ),
            Mistake(
                lambda w: int(w[measures.most_missing_table(w)].isna().to_numpy().sum()),
                "You counted the missing cells; divide by the number of cells (rows × columns).",
            ),
            Mistake(
                lambda w: float(
                    w[measures.most_missing_table(w)].isna().mean().loc[lambda s: s > 0].mean()
                ),
                "You averaged only over the columns that have gaps; the share of missing "
                "cells counts every column, complete ones too.",
            ),
        ),
    ),
    Question(
        id="01.q17",
        prompt="What is each account's debt ratio in its latest statement (DataFrame; 3 decimals)?",
        expected=measures.debt_ratios,
        kind="frame",
        answer_kind="a DataFrame: account_id, debt_ratio",
        atol=1e-3,
        hint="account_financials has one row per account and year. Keep each account's "
        "latest year (the rows whose year equals the account's groupby('account_id')['year'] "
        "maximum), and divide total_liabilities by total_assets.",
        mistakes=(
            Mistake(
                lambda w: measures.debt_ratios(w, year="earliest"),
                "Those are the ratios of each account's *earliest* statement; keep the latest "
                "year (the maximum of year).",
            ),
            Mistake(
                lambda w: measures.debt_ratios(w, year="mean"),
                "You averaged the ratio over all years; the question asks for the latest "
                "statement only.",
            ),
            Mistake(
                lambda w: measures.debt_ratios(w, inverted=True),
                "You divided the other way round: the debt ratio is total_liabilities ÷ "
                "total_assets, a number between 0 and about 1.",
            ),
            Mistake(
                lambda w: measures.debt_ratios(w, liabilities="current_liabilities"),
                "You used current_liabilities, the debts due within a year; the debt ratio "
                "counts all of them: total_liabilities.",
            ),
        ),
    ),
]
