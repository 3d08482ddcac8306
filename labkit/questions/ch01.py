"""Chapter 01 · Customer information (认识客户信息): questions on content, value, types, profile.

Every expected answer is computed from the learner's own world, so the same
questions work for any seed, size and locale. Windows are measured back from
``world.as_of`` (an order is "in the 365 days up to as_of" when
``ordered_at > as_of - 365 days``), never from today.
"""

from __future__ import annotations

import json

import pandas as pd

from labkit.questions import AnyOf, Mistake, Question
from labkit.world import World
from labkit.world.dictionary import describe_columns


# --------------------------------------------------------------------------- helpers
def _top(values: pd.Series) -> AnyOf:
    """Every label tied for the largest value."""
    return AnyOf(tuple(values[values == values.max()].index))


def _bottom(values: pd.Series) -> AnyOf:
    """Every label tied for the smallest value."""
    return AnyOf(tuple(values[values == values.min()].index))


def _ids(world: World, table: str) -> set[int]:
    return set(world[table]["customer_id"].dropna().astype(int))


def _in_all(world: World) -> set[int]:
    """Customers who ordered, opened a service ticket and gave feedback."""
    return _ids(world, "orders") & _ids(world, "service_tickets") & _ids(world, "feedback")


def _in_any(world: World) -> set[int]:
    return _ids(world, "orders") | _ids(world, "service_tickets") | _ids(world, "feedback")


def _accounts_with_role(world: World, role: str, primary_only: bool = False) -> pd.Index:
    contacts = world["contacts"]
    keep = contacts["role"] == role
    if primary_only:
        keep &= contacts["is_primary"].astype(bool)
    return pd.Index(contacts.loc[keep, "account_id"].unique())


def _accounts_without(world: World, role: str, primary_only: bool = False) -> int:
    accounts = world["accounts"]["account_id"]
    return int((~accounts.isin(_accounts_with_role(world, role, primary_only))).sum())


def _invoiced_by(world: World, column: str = "industry", what: str = "sum") -> pd.Series:
    """Invoiced amount (or number of invoices) per value of an accounts column."""
    invoices = world["invoices"].merge(world["accounts"][["account_id", column]], on="account_id")
    grouped = invoices.groupby(column)["amount"]
    return grouped.sum() if what == "sum" else grouped.size()


def _accounts_per_industry(world: World) -> pd.Series:
    return world["accounts"]["industry"].value_counts()


def _top_industry(world: World) -> str:
    revenue = _invoiced_by(world)
    return str(revenue.idxmax())


def _campaign_costs(world: World, holdout: bool = False) -> pd.DataFrame:
    """Per messaging channel: messages, sending cost, clicks and conversions.

    Held-out customers were sent nothing and cost nothing; with ``holdout=True`` they
    are counted anyway (the mistake of forgetting the hold-out group).
    """
    responses = world["campaign_responses"]
    if not holdout:
        responses = responses[~responses["holdout"]]
    sent = responses.merge(
        world["campaigns"][["campaign_id", "channel", "cost_per_contact"]], on="campaign_id"
    )
    return sent.groupby("channel").agg(
        messages=("customer_id", "size"),
        cost=("cost_per_contact", "sum"),
        mean_cost=("cost_per_contact", "mean"),
        clicks=("clicked", "sum"),
        conversions=("converted", "sum"),
    )


def _cost_per_conversion(world: World, holdout: bool = False) -> pd.Series:
    costs = _campaign_costs(world, holdout)
    costs = costs[costs["conversions"] > 0]
    return costs["cost"] / costs["conversions"]


def _cheapest_channel(world: World) -> str:
    return str(_cost_per_conversion(world).idxmin())


def _order_values(world: World, discount: bool = True) -> pd.Series:
    """Value of each order: sum(quantity × unit_price) × (1 - discount), by order_id."""
    items = world["order_items"]
    gross = (items["quantity"] * items["unit_price"]).groupby(items["order_id"]).sum()
    if not discount:
        return gross
    rate = world["orders"].set_index("order_id")["discount"].reindex(gross.index)
    return gross * (1 - rate)


def _recent(world: World, days: int) -> pd.Series:
    """Boolean mask of the orders placed after as_of - days."""
    return world["orders"]["ordered_at"] > world.as_of - pd.Timedelta(days=days)


def _spend_per_customer(world: World, days: int | None, discount: bool = True) -> pd.Series:
    """Spending per customer who ordered (in the window, when ``days`` is given)."""
    orders = world["orders"]
    if days is not None:
        orders = orders[_recent(world, days)]
    values = _order_values(world, discount).reindex(orders["order_id"]).to_numpy()
    return pd.Series(values, index=orders["customer_id"].to_numpy()).groupby(level=0).sum()


def _top_share(spend: pd.Series, k: int) -> float:
    return float(spend.nlargest(k).sum() / spend.sum())


def _open_tickets(world: World) -> pd.DataFrame:
    tickets = world["service_tickets"]
    return tickets[tickets["status"] == "open"]


def _lapsed(world: World, days: int, include_never: bool = False) -> int:
    orders = world["orders"]
    recent = set(orders.loc[_recent(world, days), "customer_id"])
    pool = world["customers"]["customer_id"] if include_never else orders["customer_id"].unique()
    return int(sum(c not in recent for c in pool))


def _email_list(world: World, consent: bool = True, email: bool = True) -> int:
    customers = world["customers"]
    keep = pd.Series(True, index=customers.index)
    if consent:
        keep &= customers["marketing_consent"].astype(bool)
    if email:
        keep &= customers["email"].notna()
    return int(keep.sum())


def _not_descriptive(world: World) -> list[str]:
    columns = describe_columns("customers")
    return columns.loc[columns["nature"] != "descriptive", "column"].tolist()


def _devices(world: World) -> pd.DataFrame:
    events = world["web_events"]
    device = [json.loads(p)["device"] for p in events["payload"]]
    return pd.DataFrame({"session_id": events["session_id"].to_numpy(), "device": device})


def _mobile_share(world: World, by_session: bool = True) -> float:
    devices = _devices(world)
    if by_session:
        devices = devices.drop_duplicates("session_id")
    return float((devices["device"] == "mobile").mean())


def _text_length(world: World, stars: tuple[int, ...] = (1, 2), words: bool = False) -> float:
    feedback = world["feedback"]
    if stars:
        feedback = feedback[feedback["rating"].isin(stars)]
    text = feedback["text"].astype(str)
    lengths = text.str.split().str.len() if words else text.str.len()
    return float(lengths.mean())


def _missing_cells(world: World) -> pd.Series:
    """Share of missing cells (missing ÷ rows × columns) per table."""
    return pd.Series({t: float(df.isna().to_numpy().mean()) for t, df in world.tables.items()})


def _most_missing_table(world: World) -> str:
    return str(_missing_cells(world).idxmax())


# --------------------------------------------------------------------------- questions
QUESTIONS = [
    Question(
        id="01.q1",
        prompt="How many customers appear in all of orders, service_tickets and feedback?",
        expected=lambda w: len(_in_all(w)),
        kind="count",
        answer_kind="a whole number of customers",
        hint="Make a set of the customer_id values of each table, then intersect the three "
        "sets with & and count what is left with len().",
        mistakes=(
            Mistake(
                lambda w: len(_in_any(w)),
                "You counted customers in *any* of the three tables (a union, |); the question "
                "asks for those in all three (an intersection, &).",
            ),
            Mistake(
                lambda w: int(w["feedback"]["customer_id"].isin(_in_all(w)).sum()),
                "You counted rows of feedback, not customers: one customer can write more than "
                "once. Count distinct customer_id values.",
            ),
        ),
    ),
    Question(
        id="01.q2",
        prompt="What share of customers disclosed their income (事业信息)?",
        expected=lambda w: float(w["customers"]["income"].notna().mean()),
        kind="share",
        answer_kind="a share between 0 and 1",
        hint="income is empty (NaN) for customers who did not disclose it: the mean of "
        "customers['income'].notna() is the share who did.",
        mistakes=(
            Mistake(
                lambda w: float(w["customers"]["income"].isna().mean()),
                "That is the share who did *not* disclose their income (isna); the question "
                "asks for those who did (notna).",
            ),
            Mistake(
                lambda w: int(w["customers"]["income"].notna().sum()),
                "You counted the customers who disclosed it; divide by the number of "
                "customers to get a share.",
            ),
        ),
    ),
    Question(
        id="01.q3",
        prompt="How many business accounts have no owner (负责人) among their contacts?",
        expected=lambda w: _accounts_without(w, "owner"),
        kind="count",
        answer_kind="a whole number of accounts",
        hint="Collect the account_id of the contacts whose role is 'owner', then count the "
        "accounts whose account_id is not in that set (~accounts['account_id'].isin(...)).",
        mistakes=(
            Mistake(
                lambda w: len(_accounts_with_role(w, "owner")),
                "You counted the accounts that *have* an owner on file; the question asks "
                "for those without one.",
            ),
            Mistake(
                lambda w: _accounts_without(w, "owner", primary_only=True),
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
        prompt="Which industry should the B2B team focus on first, by amount invoiced?",
        expected=lambda w: _top(_invoiced_by(w)),
        kind="text",
        answer_kind="an industry",
        hint="Join invoices to accounts on account_id to get each invoice's industry, sum "
        "the amount per industry, and take the label of the largest sum with idxmax().",
        mistakes=(
            Mistake(
                lambda w: _top(_accounts_per_industry(w)),
                "That industry has the most accounts, not the most money: a few large "
                "accounts can outweigh many small ones. Sum the invoiced amount.",
            ),
            Mistake(
                lambda w: _bottom(_invoiced_by(w)),
                "That industry was invoiced the *least*: idxmin() finds the smallest sum, "
                "idxmax() the largest.",
            ),
        ),
    ),
    Question(
        id="01.q5",
        prompt="What share of the amount invoiced to all accounts went to that industry?",
        expected=lambda w: float(_invoiced_by(w).max() / w["invoices"]["amount"].sum()),
        kind="share",
        answer_kind="a share between 0 and 1",
        hint="Divide the top industry's invoiced amount by the sum of invoices['amount'].",
        mistakes=(
            Mistake(
                lambda w: float((w["accounts"]["industry"] == _top_industry(w)).mean()),
                "That is the industry's share of the *accounts*; the question asks for its "
                "share of the invoiced amount.",
            ),
            Mistake(
                lambda w: (
                    float(_invoiced_by(w, what="size")[_top_industry(w)]) / len(w["invoices"])
                ),
                "That is the industry's share of the *number* of invoices; divide amounts, "
                "not counts.",
            ),
            Mistake(
                lambda w: float(_invoiced_by(w).max()),
                "That is the industry's invoiced amount; divide it by the amount invoiced "
                "to all accounts.",
            ),
        ),
    ),
    Question(
        id="01.q6",
        prompt="Which messaging channel should the next campaign use, by cost per conversion?",
        expected=lambda w: _bottom(_cost_per_conversion(w)),
        kind="text",
        answer_kind="a campaign channel",
        hint="Join campaign_responses (without the hold-out group, who were sent nothing) to "
        "campaigns on campaign_id; per channel, divide the sum of cost_per_contact (what all "
        "messages cost) by the sum of converted (how many took up the offer). The lowest cost "
        "per conversion wins.",
        mistakes=(
            Mistake(
                lambda w: _top(_campaign_costs(w).eval("conversions / messages")),
                "That channel converts the largest share of its messages, but a conversion "
                "rate ignores what each message costs. Divide cost by conversions.",
            ),
            Mistake(
                lambda w: _top(_cost_per_conversion(w)),
                "That is the *most* expensive channel per conversion; the question asks for "
                "the cheapest (idxmin()).",
            ),
            Mistake(
                lambda w: _bottom(_campaign_costs(w)["mean_cost"]),
                "That channel is cheapest per message sent, but what counts is the cost of "
                "each customer who took up the offer: divide cost by conversions.",
            ),
        ),
    ),
    Question(
        id="01.q7",
        prompt="What did one conversion cost through that channel?",
        expected=lambda w: float(_cost_per_conversion(w).min()),
        kind="number",
        answer_kind="an amount of money per conversion",
        rtol=1e-6,
        hint="Cost per conversion = sum of cost_per_contact over the channel's messages "
        "÷ number of messages with converted True. Leave out the hold-out group (holdout "
        "True): they were sent nothing.",
        mistakes=(
            Mistake(
                lambda w: float(_cost_per_conversion(w, holdout=True)[_cheapest_channel(w)]),
                "You counted the hold-out group as if they had been sent the message: they "
                "were sent nothing and cost nothing. Keep the rows where holdout is False.",
            ),
            Mistake(
                lambda w: float(_campaign_costs(w).loc[_cheapest_channel(w), "mean_cost"]),
                "That is the cost of one *message*; divide the cost of all messages by the "
                "number of conversions.",
            ),
            Mistake(
                lambda w: float(_campaign_costs(w).eval("cost / clicks")[_cheapest_channel(w)]),
                "That is the cost per *click*; a click is not yet a conversion (converted).",
            ),
            Mistake(
                lambda w: float(1 / _cost_per_conversion(w).min()),
                "You divided the other way round: that is conversions per unit of money. "
                "Divide cost by conversions.",
            ),
        ),
    ),
    Question(
        id="01.q8",
        prompt="How many customers are waiting on an open service ticket at as_of?",
        expected=lambda w: int(_open_tickets(w)["customer_id"].nunique()),
        kind="count",
        answer_kind="a whole number of customers",
        hint="Keep the service_tickets whose status is 'open', then count the distinct "
        "customer_id values with nunique().",
        mistakes=(
            Mistake(
                lambda w: len(_open_tickets(w)),
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
        prompt="What share of the last 365 days' revenue came from the top 10% of buyers?",
        expected=lambda w: _top_share(
            _spend_per_customer(w, 365), len(_spend_per_customer(w, 365)) // 10
        ),
        kind="share",
        answer_kind="a share between 0 and 1",
        hint="Keep the orders with ordered_at > as_of - 365 days; an order's value is "
        "sum(quantity × unit_price) × (1 - discount). Sum it per customer, take the "
        "n // 10 largest (n = customers who ordered in the period) with nlargest(), and "
        "divide their sum by the period's total.",
        mistakes=(
            Mistake(
                lambda w: _top_share(_spend_per_customer(w, 365), len(w["customers"]) // 10),
                "You took 10% of *all* customers; take 10% of the customers who ordered in "
                "the period (those with spending above zero).",
            ),
            Mistake(
                lambda w: _top_share(
                    _spend_per_customer(w, 365, discount=False),
                    len(_spend_per_customer(w, 365)) // 10,
                ),
                "Close, but you left out the discount: an order's value is "
                "sum(quantity × unit_price) × (1 - discount).",
            ),
            Mistake(
                lambda w: _top_share(
                    _spend_per_customer(w, None), len(_spend_per_customer(w, None)) // 10
                ),
                "You used the whole history; keep only the orders of the 365 days up to as_of.",
            ),
        ),
    ),
    Question(
        id="01.q10",
        prompt="How many customers may Xudong e-mail, with consent given and an e-mail on file?",
        expected=_email_list,
        kind="count",
        answer_kind="a whole number of customers",
        hint="Combine two conditions with &: marketing_consent is True and email is not "
        "missing (notna()).",
        mistakes=(
            Mistake(
                lambda w: _email_list(w, email=False),
                "Some customers who consented never gave an e-mail address: add the "
                "condition email.notna().",
            ),
            Mistake(
                lambda w: _email_list(w, consent=False),
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
        prompt="How many customers have ordered before but not in the 365 days up to as_of?",
        expected=lambda w: _lapsed(w, 365),
        kind="count",
        answer_kind="a whole number of customers",
        hint="Take the customers who appear in orders at all, and remove those with an "
        "order where ordered_at > as_of - 365 days. Measure from world.as_of, not from today.",
        mistakes=(
            Mistake(
                lambda w: _lapsed(w, 365, include_never=True),
                "You also counted customers who never ordered. A win-back list (客户挽回) is "
                "for customers who bought and stopped; those who never bought need a "
                "different message.",
            ),
            Mistake(
                lambda w: int(w["orders"].loc[_recent(w, 365), "customer_id"].nunique()),
                "You counted the customers who *did* order in the last 365 days; the "
                "win-back list holds those who did not.",
            ),
            Mistake(
                lambda w: _lapsed(w, 180),
                "You used the 180 days of the notebook's example; this question asks about "
                "365 days.",
            ),
        ),
    ),
    Question(
        id="01.q12",
        prompt="Which columns of customers are not descriptive information (描述类信息)?",
        expected=_not_descriptive,
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
                lambda w: [*_not_descriptive(w), "income"],
                "income is stated once at sign-up and describes who the customer is "
                "(career information): it is descriptive.",
            ),
        ),
    ),
    Question(
        id="01.q13",
        prompt="What share of web sessions (visits) were made from a mobile device?",
        expected=_mobile_share,
        kind="share",
        answer_kind="a share between 0 and 1",
        hint="Parse each payload with json.loads and flatten with pandas.json_normalize to "
        "get a device column; keep one row per session_id (drop_duplicates), then take the "
        "mean of device == 'mobile'.",
        mistakes=(
            Mistake(
                lambda w: _mobile_share(w, by_session=False),
                "You counted rows of web_events (events, i.e. clicks), not distinct "
                "sessions: keep one row per session_id first.",
            ),
        ),
    ),
    Question(
        id="01.q14",
        prompt="What is the mean length, in characters, of feedback texts rated 1 or 2 stars?",
        expected=_text_length,
        kind="number",
        answer_kind="a number of characters",
        rtol=1e-6,
        hint="Keep the feedback rows with rating <= 2, then take the mean of "
        "text.str.len() (characters, which works for Chinese and English alike).",
        mistakes=(
            Mistake(
                lambda w: _text_length(w, stars=()),
                "That is the mean over all feedback; keep only the texts rated 1 or 2 stars.",
            ),
            Mistake(
                lambda w: _text_length(w, words=True),
                "You counted words (split on spaces); the question asks for characters "
                "(str.len()). Chinese has no spaces between words, so characters are the "
                "unit that works in both locales.",
            ),
            Mistake(
                lambda w: _text_length(w, stars=(1,)),
                "You kept only the 1-star texts; the question asks for 1 *or* 2 stars.",
            ),
        ),
    ),
    Question(
        id="01.q15",
        prompt="Which table has the highest share of missing cells?",
        expected=lambda w: _top(_missing_cells(w)),
        kind="text",
        answer_kind="a table name",
        hint="For each table, the share of missing cells is df.isna().to_numpy().mean() "
        "(missing cells ÷ rows × columns); compare the tables and take the largest.",
        mistakes=(
            Mistake(
                lambda w: _top(
                    pd.Series({t: int(df.isna().to_numpy().sum()) for t, df in w.tables.items()})
                ),
                "That table has the most missing cells in number, but it is also large: "
                "divide by its number of cells (rows × columns) to compare tables fairly.",
            ),
        ),
    ),
    Question(
        id="01.q16",
        prompt="What is that table's share of missing cells?",
        expected=lambda w: float(_missing_cells(w).max()),
        kind="share",
        answer_kind="a share between 0 and 1",
        hint="df.isna() is True for each missing cell; its mean over all cells "
        "(df.isna().to_numpy().mean(), or df.isna().mean().mean()) is the share.",
        mistakes=(
            Mistake(
                lambda w: float(w[_most_missing_table(w)].isna().any(axis=1).mean()),
                "That is the share of *rows* with at least one missing value; the question "
                "asks for the share of missing *cells*.",
            ),
            Mistake(
                lambda w: int(w[_most_missing_table(w)].isna().to_numpy().sum()),
                "You counted the missing cells; divide by the number of cells (rows × columns).",
            ),
            Mistake(
                lambda w: float(
                    w[_most_missing_table(w)].isna().mean().loc[lambda s: s > 0].mean()
                ),
                "You averaged only over the columns that have gaps; the share of missing "
                "cells counts every column, complete ones too.",
            ),
        ),
    ),
]
