"""Chapter 00 · Start here: warm-up questions on the world's tables.

Every expected answer is computed from the learner's own world, so the same
questions work for any seed, size and locale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from labkit.questions import Mistake, Question

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World


def _customers_per(world: World, column: str) -> pd.Series:
    """Number of customers per value of a customers column."""
    return world["customers"][column].value_counts()


def _online_orders(world: World) -> pd.DataFrame:
    orders = world["orders"]
    return orders[orders["channel"] == "online"]


def _orders_per_province(world: World) -> pd.Series:
    orders = world["orders"].merge(world["customers"][["customer_id", "province"]])
    return orders["province"].value_counts()


def _without_email(world: World, table: str = "customers") -> int:
    return int(world[table]["email"].isna().sum())


def _first_signup(world: World, channel: str | None = None, latest: bool = False) -> pd.Timestamp:
    """Day of the first (or latest) sign-up, of every customer or through one channel."""
    customers = world["customers"]
    if channel is not None:
        customers = customers[customers["signup_channel"] == channel]
    dates = customers["signup_date"]
    return pd.Timestamp(dates.max() if latest else dates.min()).normalize()


def _signed_up_in(world: World, year: int) -> int:
    return int((world["customers"]["signup_date"].dt.year == year).sum())


QUESTIONS = [
    Question(
        id="00.q1",
        prompt="How many customers have no e-mail address on file (an exact count)?",
        expected=_without_email,
        kind="count",
        answer_kind="a whole number of customers",
        hint="A missing e-mail is a missing value (NaN) in customers['email']: isna() marks "
        "them True, and the sum of a True/False column counts the True values.",
        mistakes=(
            Mistake(
                lambda w: int(w["customers"]["email"].count()),
                "count() counts the values that are *there*: that is the customers who have "
                "an e-mail address. Count the missing ones with isna().sum().",
            ),
            Mistake(
                lambda w: len(w["customers"]),
                "That is every customer; keep only those whose email is missing (isna()).",
            ),
            Mistake(
                lambda w: _without_email(w, "raw_records"),
                "raw_records are the messy records as each channel captured them, with "
                "duplicates; the customers table is the clean list of customers.",
            ),
        ),
    ),
    Question(
        id="00.q2",
        prompt="How many customers signed up in the year of world.as_of (an exact count)?",
        expected=lambda w: _signed_up_in(w, w.as_of.year),
        kind="count",
        answer_kind="a whole number of customers",
        hint="signup_date is a datetime column: signup_date.dt.year gives each customer's "
        "year of sign-up. Compare it with world.as_of.year and count the True values.",
        mistakes=(
            Mistake(
                lambda w: int((w["orders"]["ordered_at"].dt.year == w.as_of.year).sum()),
                "You counted orders placed in that year; the question asks about customers "
                "who *signed up* then (signup_date).",
            ),
            Mistake(
                lambda w: _signed_up_in(w, w.as_of.year - 1),
                "That is the year before; world.as_of.year is the year the history ends.",
            ),
            Mistake(
                lambda w: int((w["customers"]["signup_date"].dt.year < w.as_of.year).sum()),
                "You counted the customers who signed up *before* that year.",
            ),
        ),
    ),
    Question(
        id="00.q3",
        prompt="How many customers live in each province (a Series by province, exact counts)?",
        expected=lambda w: _customers_per(w, "province"),
        kind="series",
        answer_kind="a Series: customers per province",
        hint="value_counts() on the province column of customers gives one count per "
        "province, labelled by province.",
        mistakes=(
            Mistake(
                lambda w: _orders_per_province(w),
                "You counted orders per province; a customer can place many orders. Count "
                "the rows of customers, one per customer.",
            ),
            Mistake(
                lambda w: w["customers"]["province"].value_counts(normalize=True),
                "Those are shares (normalize=True); the question asks for numbers of customers.",
            ),
            Mistake(
                lambda w: _customers_per(w, "city"),
                "That is customers per city; the question asks per province.",
            ),
        ),
    ),
    Question(
        id="00.q4",
        prompt="What share of customers gave marketing consent (3 decimals are enough)?",
        expected=lambda w: float(w["customers"]["marketing_consent"].mean()),
        kind="share",
        answer_kind="a share between 0 and 1",
        atol=1e-3,
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
        prompt="How many orders were placed online (an exact count)?",
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
        prompt="On what date did the first customer referred by a friend sign up (the exact day)?",
        expected=lambda w: _first_signup(w, "referral"),
        kind="date",
        answer_kind="a date",
        hint="Keep the customers whose signup_channel is 'referral'; signup_date is a datetime "
        "column, and its min() is the earliest date.",
        mistakes=(
            Mistake(
                lambda w: _first_signup(w),
                "That is the first sign-up of any customer; keep only those whose "
                "signup_channel is 'referral'.",
            ),
            Mistake(
                lambda w: _first_signup(w, "referral", latest=True),
                "That is the latest referred sign-up; the first is the min().",
            ),
            Mistake(
                lambda w: w["orders"]["ordered_at"].min().normalize(),
                "That is the date of the earliest order, not of a sign-up.",
            ),
        ),
    ),
]
