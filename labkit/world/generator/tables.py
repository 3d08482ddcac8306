"""The learner-facing tables and the truth tables, from the generator's working frames.

The working frames index customers, orders and products from 0
(``customer_idx``, ``order_pos``, ``product_idx``); the tables the learner
sees use ids from 1 and the column names of the data dictionary. The member
tier, a company-set grade, is computed here from the orders the learner sees.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import parameters
from .churn import ChurnOutcome
from .consumers import LatentTraits
from .strings import labels, shared


def _ids(n: int) -> np.ndarray:
    """The ids 1..n."""
    return np.arange(1, n + 1, dtype=np.int64)


def order_items_table(items: pd.DataFrame, products: pd.DataFrame) -> pd.DataFrame:
    """``order_items``: order id, product id, quantity and the unit price paid."""
    product = items["product_idx"].to_numpy()
    return pd.DataFrame(
        {
            "order_id": items["order_pos"].to_numpy() + 1,
            "product_id": products["product_id"].to_numpy()[product],
            "quantity": items["quantity"].to_numpy(),
            "unit_price": products["price"].to_numpy()[product],
        }
    )


def _optional_ids(index: np.ndarray) -> pd.array:
    """Ids from 1 for indexes from 0; empty (``<NA>``) where the index is -1.

    Examples
    --------
    >>> _optional_ids(np.array([0, -1, 4])).tolist()
    [1, <NA>, 5]
    """
    ids = pd.array(index + 1, dtype="Int64")
    ids[index < 0] = pd.NA
    return ids


def first_products(items: pd.DataFrame, n_orders: int) -> np.ndarray:
    """The product (index) of the first line of each order, by order position."""
    first_product = np.full(n_orders, 0, np.int64)
    first_lines = items.drop_duplicates("order_pos")
    first_product[first_lines["order_pos"].to_numpy()] = first_lines["product_idx"].to_numpy()
    return first_product


def orders_table(orders: pd.DataFrame) -> pd.DataFrame:
    """``orders``: the orders the learner sees (the window up to ``as_of``).

    The working frame's ``store_idx`` (-1 off the stores), ``payment_code`` and
    ``status`` become ``store_id`` (empty for online and call-centre orders),
    ``payment_method`` and ``status``.
    """
    store = orders["store_idx"].to_numpy()
    store_id = pd.array(np.where(store >= 0, store + 1, 0), dtype="Int64")
    store_id[store < 0] = pd.NA
    return pd.DataFrame(
        {
            "order_id": _ids(len(orders)),
            "customer_id": orders["customer_idx"].to_numpy() + 1,
            "ordered_at": orders["ordered_at"].to_numpy(),
            "channel": labels(vocabularies.ORDER_CHANNELS, orders["channel_code"].to_numpy()),
            "discount": orders["discount"].to_numpy(),
            "store_id": store_id,
            "payment_method": labels(
                vocabularies.PAYMENT_METHODS, orders["payment_code"].to_numpy()
            ),
            "shipping_fee": orders["shipping_fee"].to_numpy(),
            "status": labels(vocabularies.ORDER_STATUSES, orders["status_code"].to_numpy()),
            # marketing: the campaign the order is credited to (empty for most orders)
            "campaign_id": _optional_ids(orders["campaign_idx"].to_numpy()),
        }
    )


def order_values(orders: pd.DataFrame, items: pd.DataFrame, products: pd.DataFrame) -> np.ndarray:
    """Each order's value after its discount (working frames: ``order_pos``, ``product_idx``)."""
    line_value = items["quantity"].to_numpy() * products["price"].to_numpy()[items["product_idx"]]
    gross = np.bincount(items["order_pos"], weights=line_value, minlength=len(orders))
    return gross * (1 - orders["discount"].to_numpy())


def tier_thresholds() -> tuple[float, ...]:
    """Spending rank (0-1) at which each tier above bronze begins, from MEMBER_TIER_SHARES.

    Examples
    --------
    >>> tier_thresholds()
    (0.55, 0.85, 0.96)
    """
    shares = vocabularies.MEMBER_TIER_SHARES
    starts, share_above = [], 0.0
    for tier in reversed(vocabularies.MEMBER_TIERS[1:]):  # platinum first
        share_above += shares[tier]
        starts.append(round(1 - share_above, 6))
    return tuple(reversed(starts))


def member_tiers(
    orders: pd.DataFrame, order_items: pd.DataFrame, as_of: pd.Timestamp, n_customers: int
) -> np.ndarray:
    """Each customer's member tier: spending in the last 12 months, by rank.

    Customers without spending are bronze; the top shares by spending rank are
    silver, gold and platinum (:data:`labkit.vocabularies.MEMBER_TIER_SHARES`).
    """
    # order ids are 1..n_orders, so an order's value sits at position order_id - 1
    gross = np.bincount(
        order_items["order_id"].to_numpy() - 1,
        weights=order_items["quantity"].to_numpy() * order_items["unit_price"].to_numpy(),
        minlength=len(orders),
    )
    order_value = gross * (1 - orders["discount"].to_numpy())
    last_year = np.datetime64(as_of, "s") - np.timedelta64(365, "D")
    in_last_year = (orders["ordered_at"] > last_year).to_numpy()
    spending = np.bincount(
        orders["customer_id"].to_numpy()[in_last_year] - 1,
        weights=order_value[in_last_year],
        minlength=n_customers,
    )
    rank = pd.Series(spending).rank(pct=True, method="first").to_numpy()
    bronze, silver, gold, platinum = vocabularies.MEMBER_TIERS
    silver_from, gold_from, platinum_from = tier_thresholds()
    tier = np.select(
        [spending == 0, rank < silver_from, rank < gold_from, rank < platinum_from],
        [bronze, bronze, silver, gold],
        platinum,
    )
    return shared(tier)


def tickets_table(tickets: pd.DataFrame) -> pd.DataFrame:
    """``service_tickets``."""
    return pd.DataFrame(
        {
            "ticket_id": _ids(len(tickets)),
            "customer_id": tickets["customer_idx"].to_numpy() + 1,
            "order_id": tickets["order_pos"].to_numpy() + 1,
            **{
                column: tickets[column].to_numpy()
                for column in (
                    "opened_at",
                    "resolved_at",
                    "channel",
                    "topic",
                    "priority",
                    "status",
                    "first_contact_resolved",
                )
            },
        }
    )


def feedback_table(feedback: pd.DataFrame) -> pd.DataFrame:
    """``feedback`` (without the planted topic and sentiment)."""
    return pd.DataFrame(
        {
            "feedback_id": _ids(len(feedback)),
            "customer_id": feedback["customer_idx"].to_numpy() + 1,
            **{
                column: feedback[column].to_numpy()
                for column in ("created_at", "channel", "rating", "text")
            },
        }
    )


def surveys_table(surveys: pd.DataFrame) -> pd.DataFrame:
    """``surveys``."""
    table = surveys.rename(columns={"customer_idx": "customer_id"})
    table["customer_id"] += 1
    table.insert(0, "response_id", _ids(len(surveys)))
    return table


def web_events_table(web: pd.DataFrame) -> pd.DataFrame:
    """``web_events``: anonymous visitors have no customer id."""
    customer = web["customer_idx"].to_numpy()
    table = pd.DataFrame(
        {
            "event_id": _ids(len(web)),
            "customer_id": pd.array(np.where(customer >= 0, customer + 1, 0), dtype="Int64"),
            "session_id": pd.factorize(web["session_no"])[0].astype(np.int64) + 1,
            "occurred_at": web["occurred_at"].to_numpy(),
            "event_type": web["event_type"].to_numpy(),
            "payload": web["payload"].to_numpy(),
        }
    )
    table.loc[customer < 0, "customer_id"] = pd.NA
    return table


def campaigns_table(campaigns: pd.DataFrame) -> pd.DataFrame:
    """``campaigns``: one row per campaign, numbered from 1 in time order."""
    table = campaigns.copy()
    table.insert(0, "campaign_id", _ids(len(campaigns)))
    return table


def responses_table(responses: pd.DataFrame) -> pd.DataFrame:
    """``campaign_responses``: the targeted customers of each campaign, contacted or held out."""
    return pd.DataFrame(
        {
            "campaign_id": responses["campaign_idx"].to_numpy().astype(np.int64) + 1,
            "customer_id": responses["customer_idx"].to_numpy().astype(np.int64) + 1,
            **{
                column: responses[column].to_numpy()
                for column in ("holdout", "sent_at", "opened", "clicked", "converted")
            },
        }
    )


def uplift_table(responses: pd.DataFrame, uplift: pd.DataFrame) -> pd.DataFrame:
    """``truth/uplift``: the planted effect of each campaign on each targeted customer
    (``uplift`` goes row by row with ``responses``)."""
    return pd.DataFrame(
        {
            "campaign_id": responses["campaign_idx"].to_numpy().astype(np.int64) + 1,
            "customer_id": responses["customer_idx"].to_numpy().astype(np.int64) + 1,
            "uplift": uplift["uplift"].to_numpy(),
            "incremental_order": uplift["incremental_order"].to_numpy(),
        }
    )


def truth_tables(
    latent: LatentTraits,
    outcome: ChurnOutcome,
    products: pd.DataFrame,
    bundles: pd.DataFrame,
    feedback: pd.DataFrame,
    business_truth: pd.DataFrame,
    duplicates: pd.DataFrame,
    errors: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """Every truth table (the answer key), in the order ``world.truth`` lists them."""
    ids = _ids(len(latent))
    return {
        "segments": pd.DataFrame(
            {"customer_id": ids, "segment": np.array(parameters.SEGMENTS)[latent.segment]}
        ),
        "churn": pd.DataFrame(
            {
                "customer_id": ids,
                "churn_probability": np.round(outcome.churn_probability, 6),
                "churned": outcome.churned,
                "orders_next_90d": outcome.orders_next_90d.astype(np.int64),
                "reachable_probability": np.round(outcome.reachable_probability, 6),
                "segment_known_probability": np.round(outcome.segment_known_probability, 6),
                "rates_known_probability": np.round(outcome.rates_known_probability, 6),
            }
        ),
        "duplicates": duplicates,
        "bundles": pd.DataFrame(
            {
                "bundle_id": bundles["bundle_idx"].to_numpy() + 1,
                "bundle_name": bundles["bundle_name"].to_numpy(),
                "product_id": products["product_id"].to_numpy()[bundles["product_idx"].to_numpy()],
            }
        ),
        "errors": errors,
        "feedback": pd.DataFrame(
            {
                "feedback_id": _ids(len(feedback)),
                "topic": feedback["topic"].to_numpy(),
                "sentiment": feedback["sentiment"].to_numpy(),
            }
        ),
        "credit": business_truth,
        "clv": pd.DataFrame(
            {
                "customer_id": ids,
                "orders_per_year": np.round(latent.lam * 365.0, 6),
                "dropout_probability": np.round(latent.p, 6),
                "buyer": latent.buyer,
                "alive_at_as_of": outcome.alive,
            }
        ),
        "interests": pd.DataFrame(
            {
                "customer_id": ids,
                "favourite_category": np.array(parameters.CATEGORIES)[latent.favourite],
            }
        ),
    }
