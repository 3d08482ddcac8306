"""What an order is worth, as every chapter's checks count it.

An order's value is not stored: it is the sum of its lines (quantity × unit_price)
less the order's discount, and revenue counts completed orders only. The checks of
every chapter value orders with these two functions, so a known mistake (leaving the
discount in, keeping cancelled orders) differs from the right method in one argument.

>>> import labkit
>>> world = labkit.make_world(seed=1, n_customers=200)
>>> orders = valued_orders(world)
>>> set(orders["status"]) == {"completed"} and bool((orders["value"] > 0).all())
True
>>> bool((valued_orders(world, discount=False)["value"] >= orders["value"]).all())
True
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from labkit.world import World

__all__ = ["order_values", "valued_orders"]


def order_values(world: World, discount: bool = True) -> pd.Series:
    """Value of each order by order_id: sum(quantity × unit_price) × (1 - discount).

    Parameters
    ----------
    world : World
    discount : bool
        False leaves the order's discount in (the gross value).

    Returns
    -------
    pandas.Series
        Indexed by order_id.
    """
    items = world["order_items"]
    gross = (items["quantity"] * items["unit_price"]).groupby(items["order_id"]).sum()
    if not discount:
        return gross
    rate = world["orders"].set_index("order_id")["discount"].reindex(gross.index)
    return gross * (1 - rate)


def valued_orders(
    world: World, statuses: Iterable[str] | None = ("completed",), discount: bool = True
) -> pd.DataFrame:
    """The orders table with a ``value`` column, keeping the orders of ``statuses``.

    Parameters
    ----------
    world : World
    statuses : iterable of str or None
        The statuses to keep (default: completed orders only); None keeps every order.
    discount : bool
        False values each order before its discount.

    Returns
    -------
    pandas.DataFrame
    """
    orders = world["orders"]
    if statuses is not None:
        orders = orders[orders["status"].isin(tuple(statuses))]
    return orders.assign(value=orders["order_id"].map(order_values(world, discount)))
