"""Chapter 00 · Start here: warm-up questions on the world's tables.

Every expected answer is computed from the learner's own world, so the same
questions work for any seed, size and locale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from labkit.questions import AnyOf, Mistake, Question

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World


def _customers_per(world: World, column: str) -> pd.Series:
    """Number of customers per value of a customers column."""
    return world["customers"][column].value_counts()


def _top(counts: pd.Series) -> AnyOf:
    """Every label that ties for the highest count."""
    return AnyOf(tuple(counts[counts == counts.max()].index))


def _bottom(counts: pd.Series) -> AnyOf:
    """Every label that ties for the lowest count."""
    return AnyOf(tuple(counts[counts == counts.min()].index))


def _online_orders(world: World) -> pd.DataFrame:
    orders = world["orders"]
    return orders[orders["channel"] == "online"]


def _orders_per_province(world: World) -> pd.Series:
    orders = world["orders"].merge(world["customers"][["customer_id", "province"]])
    return orders["province"].value_counts()


QUESTIONS = [
    Question(
        id="00.q1",
        prompt="How many customers does Xudong Trading have?",
        expected=lambda w: len(w["customers"]),
        kind="count",
        answer_kind="a whole number of customers",
        hint="Each row of the customers table is one customer: count the rows with len().",
        mistakes=(
            Mistake(lambda w: len(w["orders"]), "You counted orders, not customers."),
            Mistake(
                lambda w: w["customers"].size,
                "That is rows × columns (.size); the number of rows is len(df) or df.shape[0].",
            ),
            Mistake(
                lambda w: len(w["customers"].columns),
                "You counted the columns; each customer is a row.",
            ),
            Mistake(
                lambda w: len(w["raw_records"]),
                "raw_records are the messy records as each channel captured them, with "
                "duplicates; the customers table is the clean list of customers.",
            ),
        ),
    ),
    Question(
        id="00.q2",
        prompt="How many tables does the world have?",
        expected=lambda w: len(w.tables),
        kind="count",
        answer_kind="a whole number of tables",
        hint="world.tables is a dictionary from table name to DataFrame; len() counts its keys.",
        mistakes=(
            Mistake(
                lambda w: len(w["customers"].columns),
                "You counted the columns of the customers table, not the tables.",
            ),
        ),
    ),
    Question(
        id="00.q3",
        prompt="Which province has the most customers?",
        expected=lambda w: _top(_customers_per(w, "province")),
        kind="text",
        answer_kind="a province name",
        hint="Count customers per province with value_counts(), then take the label "
        "of the largest count with idxmax() (or .index[0]).",
        mistakes=(
            Mistake(
                lambda w: _top(_customers_per(w, "city")),
                "That is the city with the most customers; the question asks for a province.",
            ),
            Mistake(
                lambda w: _bottom(_customers_per(w, "province")),
                "That province has the fewest customers: idxmin() finds the smallest count, "
                "idxmax() the largest.",
            ),
            Mistake(
                lambda w: _top(_orders_per_province(w)),
                "That province has the most orders; count customers, not orders.",
            ),
        ),
    ),
    Question(
        id="00.q4",
        prompt="What share of customers have given marketing consent?",
        expected=lambda w: float(w["customers"]["marketing_consent"].mean()),
        kind="share",
        answer_kind="a share between 0 and 1",
        hint="marketing_consent is True or False; the mean of a True/False column is "
        "the share of True.",
        mistakes=(
            Mistake(
                lambda w: int(w["customers"]["marketing_consent"].sum()),
                "You counted the customers who consented; divide by the number of customers "
                "to get a share.",
            ),
            Mistake(
                lambda w: float(1 - w["customers"]["marketing_consent"].mean()),
                "That is the share of customers *without* consent.",
            ),
        ),
    ),
    Question(
        id="00.q5",
        prompt="How many orders were placed online?",
        expected=lambda w: int((w["orders"]["channel"] == "online").sum()),
        kind="count",
        answer_kind="a whole number of orders",
        hint="Keep the orders whose channel is 'online' (a boolean mask), then count the rows.",
        mistakes=(
            Mistake(
                lambda w: _online_orders(w)["customer_id"].nunique(),
                "You counted customers who ordered online, not orders.",
            ),
            Mistake(
                lambda w: int(
                    w["order_items"]["order_id"].isin(_online_orders(w)["order_id"]).sum()
                ),
                "You counted order lines (order_items), not orders: one order can have "
                "several lines.",
            ),
            Mistake(
                lambda w: len(w["orders"]),
                "You counted all orders; keep only those whose channel is 'online'.",
            ),
            Mistake(
                lambda w: int((w["customers"]["signup_channel"] == "online").sum()),
                "You counted customers who signed up online; the question is about orders.",
            ),
        ),
    ),
    Question(
        id="00.q6",
        prompt="On what date did the earliest customer sign up?",
        expected=lambda w: pd.Timestamp(w["customers"]["signup_date"].min()).normalize(),
        kind="date",
        answer_kind="a date",
        hint="signup_date is a datetime column: its min() is the earliest date.",
        mistakes=(
            Mistake(
                lambda w: w["customers"]["signup_date"].max(),
                "That is the latest signup; the earliest is the min().",
            ),
            Mistake(
                lambda w: w["orders"]["ordered_at"].min(),
                "That is the date of the earliest order, not of the earliest signup.",
            ),
            Mistake(
                lambda w: w["customers"]["birth_date"].min(),
                "That is the earliest birth date; look at signup_date.",
            ),
        ),
    ),
]
