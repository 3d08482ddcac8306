"""What the chapter 01 questions measure, each a small function of the world.

The expected answers and the known mistakes of :mod:`labkit.questions.ch01` are
built from these functions, so a mistake differs from the right method in one
argument (a window, a filter, a direction). Windows are measured back from
``world.as_of``, never from today.
"""

from __future__ import annotations

import json

import pandas as pd

from labkit.questions import AnyOf
from labkit.questions.sales import order_values
from labkit.world import World
from labkit.world.dictionary import describe_columns


def top(values: pd.Series) -> AnyOf:
    """Every label tied for the largest value."""
    return AnyOf(tuple(values[values == values.max()].index))


def ids(world: World, table: str) -> set[int]:
    return set(world[table]["customer_id"].dropna().astype(int))


def in_all(world: World) -> set[int]:
    """Customers who ordered, opened a service ticket and gave feedback."""
    return ids(world, "orders") & ids(world, "service_tickets") & ids(world, "feedback")


def in_any(world: World) -> set[int]:
    return ids(world, "orders") | ids(world, "service_tickets") | ids(world, "feedback")


def accounts_with_role(world: World, role: str, primary_only: bool = False) -> pd.Index:
    contacts = world["contacts"]
    keep = contacts["role"] == role
    if primary_only:
        keep &= contacts["is_primary"].astype(bool)
    return pd.Index(contacts.loc[keep, "account_id"].unique())


def accounts_without(world: World, role: str, primary_only: bool = False) -> int:
    accounts = world["accounts"]["account_id"]
    return int((~accounts.isin(accounts_with_role(world, role, primary_only))).sum())


def invoiced_by(world: World, column: str = "industry", what: str = "sum") -> pd.Series:
    """Invoiced amount (or number of invoices) per value of an accounts column."""
    invoices = world["invoices"].merge(world["accounts"][["account_id", column]], on="account_id")
    grouped = invoices.groupby(column)["amount"]
    return grouped.sum() if what == "sum" else grouped.size()


def accounts_per_industry(world: World) -> pd.Series:
    return world["accounts"]["industry"].value_counts()


def top_industry(world: World) -> str:
    revenue = invoiced_by(world)
    return str(revenue.idxmax())


def campaign_costs(world: World, holdout: bool = False) -> pd.DataFrame:
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


def cost_per_conversion(world: World, holdout: bool = False) -> pd.Series:
    costs = campaign_costs(world, holdout)
    costs = costs[costs["conversions"] > 0]
    return costs["cost"] / costs["conversions"]


def cheapest_channel(world: World) -> str:
    return str(cost_per_conversion(world).idxmin())


def recent_orders(world: World, days: int) -> pd.Series:
    """Boolean mask of the orders placed after as_of - days."""
    return world["orders"]["ordered_at"] > world.as_of - pd.Timedelta(days=days)


def spend_per_customer(world: World, days: int | None, discount: bool = True) -> pd.Series:
    """Spending per customer who ordered (in the window, when ``days`` is given)."""
    orders = world["orders"]
    if days is not None:
        orders = orders[recent_orders(world, days)]
    values = order_values(world, discount).reindex(orders["order_id"]).to_numpy()
    return pd.Series(values, index=orders["customer_id"].to_numpy()).groupby(level=0).sum()


def top_share(spend: pd.Series, k: int) -> float:
    return float(spend.nlargest(k).sum() / spend.sum())


def open_tickets(world: World) -> pd.DataFrame:
    tickets = world["service_tickets"]
    return tickets[tickets["status"] == "open"]


def lapsed(world: World, days: int, include_never: bool = False) -> int:
    orders = world["orders"]
    recent = set(orders.loc[recent_orders(world, days), "customer_id"])
    pool = world["customers"]["customer_id"] if include_never else orders["customer_id"].unique()
    return int(sum(c not in recent for c in pool))


def email_list(world: World, consent: bool = True, email: bool = True) -> int:
    customers = world["customers"]
    keep = pd.Series(True, index=customers.index)
    if consent:
        keep &= customers["marketing_consent"].astype(bool)
    if email:
        keep &= customers["email"].notna()
    return int(keep.sum())


def not_descriptive(world: World) -> list[str]:
    columns = describe_columns("customers")
    return columns.loc[columns["nature"] != "descriptive", "column"].tolist()


def device_per_event(world: World) -> pd.DataFrame:
    events = world["web_events"]
    device = [json.loads(p)["device"] for p in events["payload"]]
    return pd.DataFrame({"session_id": events["session_id"].to_numpy(), "device": device})


def mobile_share(world: World, by_session: bool = True) -> float:
    devices = device_per_event(world)
    if by_session:
        devices = devices.drop_duplicates("session_id")
    return float((devices["device"] == "mobile").mean())


def text_length(world: World, stars: tuple[int, ...] = (1, 2), words: bool = False) -> float:
    feedback = world["feedback"]
    if stars:
        feedback = feedback[feedback["rating"].isin(stars)]
    text = feedback["text"].astype(str)
    lengths = text.str.split().str.len() if words else text.str.len()
    return float(lengths.mean())


def income_disclosed(world: World, by: str = "education", what: str = "share") -> pd.Series:
    """Per value of ``by``: the share (or number) of customers who disclosed an income."""
    customers = world["customers"]
    disclosed = customers["income"].notna()
    if what == "missing":
        disclosed = ~disclosed
    grouped = disclosed.groupby(customers[by])
    return grouped.sum() if what == "count" else grouped.mean()


def debt_ratios(
    world: World,
    year: str = "latest",
    liabilities: str = "total_liabilities",
    inverted: bool = False,
) -> pd.DataFrame:
    """Each account's debt ratio (total_liabilities / total_assets) in one statement.

    ``year`` is ``"latest"``, ``"earliest"`` or ``"mean"`` (the mean ratio over all years).
    """
    statements = world["account_financials"]
    ratio = statements[liabilities] / statements["total_assets"]
    if inverted:
        ratio = 1 / ratio
    frame = statements[["account_id", "year"]].assign(debt_ratio=ratio)
    if year == "mean":
        return frame.groupby("account_id", as_index=False)["debt_ratio"].mean()
    pick = frame.groupby("account_id")["year"].transform("max" if year == "latest" else "min")
    return frame.loc[frame["year"] == pick, ["account_id", "debt_ratio"]].reset_index(drop=True)


def missing_cells(world: World) -> pd.Series:
    """Share of missing cells (missing ÷ rows × columns) per table."""
    return pd.Series({t: float(df.isna().to_numpy().mean()) for t, df in world.tables.items()})


def most_missing_table(world: World) -> str:
    return str(missing_cells(world).idxmax())
