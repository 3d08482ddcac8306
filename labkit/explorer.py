"""Chapter 05's consumer explorer: pick a group, a region and a period; the charts follow.

The logic is two plain functions, tested without a browser:

- :func:`explorer_data` turns the world's frames into one row per customer (the groups
  a learner can pick, and the customer's RFM segment) and the completed order lines
  (month, year, category, net value);
- :func:`explore` takes that and the choices and returns a :class:`View`, the frames the
  three charts draw: revenue per customer by month, the category mix, the RFM segment
  shares, each for the chosen group *and* for everyone in the same region and period.

:func:`explorer` is the thin ipywidgets layer over them, shown in the teaching notebook.

>>> import labkit
>>> data = explorer_data(labkit.make_world(seed=7, n_customers=300))
>>> view = explore(data, "pet owner", True)
>>> list(view.categories.columns)
['group', 'everyone']
>>> view.customers <= view.everyone
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from labkit.formats.regions import regions
from labkit.i18n import N_, _

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World

__all__ = ["ALL", "GROUPS", "ExplorerData", "View", "explore", "explorer", "explorer_data"]

#: The choice meaning "no filter" for the region and the period.
ALL = "all"
#: The groups a learner can pick: label shown → column of :attr:`ExplorerData.people`.
GROUPS: dict[str, str] = {
    N_("city tier"): "city_tier",
    N_("age band"): "age_band",
    N_("gender"): "gender",
    N_("pet owner"): "pet_owner",
    N_("housing"): "housing",
    N_("member tier"): "member_tier",
}
#: The two lines of every chart: column of a view's frames → name in the legend.
LEGEND = {"group": N_("chosen group"), "everyone": N_("everyone")}
AGE_BANDS = ["18-29", "30-39", "40-49", "50-64", "65+"]
#: The RFM segments, in the order the chart shows them (as in the teaching notebook).
SEGMENTS = ["champions", "new / promising", "need attention", "at risk", "hibernating"]


@dataclass(frozen=True)
class ExplorerData:
    """What the explorer reads: one row per customer, and the completed order lines."""

    #: customer_id, province, the :data:`GROUPS` columns, segment (NaN for non-buyers)
    people: pd.DataFrame
    #: customer_id, month (Period), year, category, value (net of the order's discount)
    sales: pd.DataFrame


@dataclass(frozen=True)
class View:
    """The frames the explorer's charts draw for one choice."""

    label: str
    #: customers in the group (in the region), and everyone in the region
    customers: int
    everyone: int
    #: index month; columns group, everyone: revenue per customer of the month
    monthly: pd.DataFrame
    #: index category; columns group, everyone: share of the period's revenue
    categories: pd.DataFrame
    #: index segment; columns group, everyone: share of the buyers in each RFM segment
    segments: pd.DataFrame

    def summary(self) -> str:
        """One line a person reads under the charts."""
        if self.customers == 0:
            return _("{label}: no customers in this choice").format(label=self.label)
        revenue = self.monthly["group"].sum()
        ratio = revenue / self.monthly["everyone"].sum() if self.monthly["everyone"].sum() else 0
        return _(
            "{label}: {customers:,} of {everyone:,} customers; revenue per customer "
            "{revenue:,.0f} ({ratio:.2f} × everyone's)"
        ).format(
            label=self.label,
            customers=self.customers,
            everyone=self.everyone,
            revenue=revenue,
            ratio=ratio,
        )


def _segment(r: pd.Series, f: pd.Series) -> pd.Series:
    """The teaching notebook's segment rules on R and F scores (1 to 5)."""
    return pd.Series(
        [
            "champions" if ri >= 4 and fi >= 4 else "new / promising" if ri >= 4
            else "at risk" if fi >= 4 else "hibernating" if ri <= 2 else "need attention"
            for ri, fi in zip(r, f, strict=True)
        ],
        index=r.index,
    )


def explorer_data(world: World) -> ExplorerData:
    """One row per customer with the groups and RFM segment; the completed order lines."""
    orders = world.orders[world.orders["status"] == "completed"]
    lines = world.order_items.merge(world.products[["product_id", "category"]], on="product_id")
    lines = lines.merge(orders[["order_id", "customer_id", "ordered_at", "discount"]],
                        on="order_id")
    sales = pd.DataFrame({
        "customer_id": lines["customer_id"],
        "month": lines["ordered_at"].dt.to_period("M"),
        "year": lines["ordered_at"].dt.year,
        "category": lines["category"],
        "value": lines["quantity"] * lines["unit_price"] * (1 - lines["discount"]),
    })
    tiers = regions(world.locale)[["province", "city", "city_tier"]]
    people = world.customers.merge(tiers, on=["province", "city"], how="left")
    age = (world.as_of - people["birth_date"]).dt.days // 365.25
    people["age_band"] = pd.cut(age, [17, 29, 39, 49, 64, 120], labels=AGE_BANDS)
    people["city_tier"] = people["city_tier"].astype("Int64")
    # RFM segment from rank quintiles, recency from as_of (the notebook's section 5)
    per = orders.groupby("customer_id")["ordered_at"]
    recency = (world.as_of - per.max().dt.normalize()).dt.days
    frequency = per.size()
    r = pd.qcut(recency.rank(method="first", ascending=False), 5, labels=range(1, 6))
    f = pd.qcut(frequency.rank(method="first"), 5, labels=range(1, 6))
    segment = _segment(r.astype(int), f.astype(int))
    people["segment"] = people["customer_id"].map(segment)
    columns = ["customer_id", "province", *GROUPS.values(), "segment"]
    return ExplorerData(people=people[columns].reset_index(drop=True), sales=sales)


def choices(data: ExplorerData, group: str) -> list[Any]:
    """The values a group can take, in a readable order."""
    column = _column(group)
    values = data.people[column].dropna().unique().tolist()
    return AGE_BANDS if column == "age_band" else sorted(values)


def regions_of(data: ExplorerData) -> list[str]:
    """:data:`ALL`, then the provinces (states), most customers first."""
    return [ALL, *data.people["province"].value_counts().index.tolist()]


def periods_of(data: ExplorerData) -> list[str]:
    """:data:`ALL`, then each year with sales."""
    return [ALL, *(str(y) for y in sorted(data.sales["year"].unique()))]


def _column(group: str) -> str:
    if group not in GROUPS:
        raise ValueError(
            _("unknown group {group!r}: choose one of {groups}").format(
                group=group, groups=", ".join(GROUPS)
            )
        )
    return GROUPS[group]


def _shares(values: pd.Series, index: list[str]) -> pd.Series:
    total = values.sum()
    return (values / total if total else values * 0).reindex(index, fill_value=0.0)


def explore(data: ExplorerData, group: str, value: Any, region: str = ALL,
            period: str = ALL) -> View:
    """The frames of the charts for customers whose ``group`` is ``value``.

    ``region`` keeps the customers of one province (state) for the group and for
    everyone; ``period`` keeps one year's sales (a year as text, or :data:`ALL`).
    Bad choices raise :class:`ValueError` saying what to choose instead.
    """
    column = _column(group)
    known = choices(data, group)
    if value not in known:
        raise ValueError(
            _("{group} has no value {value!r}: choose one of {known}").format(
                group=group, value=value, known=known
            )
        )
    people = data.people
    if region != ALL:
        if region not in set(people["province"]):
            raise ValueError(
                _("unknown region {region!r}: choose a province (state) or {all!r}").format(
                    region=region, all=ALL
                )
            )
        people = people[people["province"] == region]
    sales = data.sales
    if period != ALL:
        if period not in periods_of(data):
            raise ValueError(
                _("unknown period {period!r}: choose one of {periods}").format(
                    period=period, periods=periods_of(data)
                )
            )
        sales = sales[sales["year"] == int(period)]
    members = people[people[column] == value]
    sales = sales[sales["customer_id"].isin(people["customer_id"])]
    own = sales[sales["customer_id"].isin(members["customer_id"])]

    months = sorted(data.sales["month"].unique()) if period == ALL else sorted(
        data.sales.loc[data.sales["year"] == int(period), "month"].unique())
    per_customer = pd.DataFrame({
        "group": own.groupby("month")["value"].sum() / max(len(members), 1),
        "everyone": sales.groupby("month")["value"].sum() / max(len(people), 1),
    }).reindex(months, fill_value=0.0).fillna(0.0)
    per_customer.index.name = "month"

    categories = sorted(data.sales["category"].unique())
    mix = pd.DataFrame({
        "group": _shares(own.groupby("category")["value"].sum(), categories),
        "everyone": _shares(sales.groupby("category")["value"].sum(), categories),
    })
    mix.index.name = "category"

    segments = pd.DataFrame({
        "group": _shares(members["segment"].value_counts(), SEGMENTS),
        "everyone": _shares(people["segment"].value_counts(), SEGMENTS),
    })
    segments.index.name = "segment"
    where = "" if region == ALL else f", {region}"
    when = "" if period == ALL else f", {period}"
    return View(f"{_(group)} = {value}{where}{when}", len(members), len(people), per_customer,
                mix, segments)


def draw(view: View, currency: str = "") -> Any:
    """The three charts of a view on one matplotlib figure (returned, not shown)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(15, 3.8), gridspec_kw={"width_ratios": [2, 1.3, 1]})
    monthly = view.monthly.copy()
    monthly.index = monthly.index.astype(str)
    monthly.plot(ax=axes[0], marker=".")
    axes[0].set(
        title=_("Revenue per customer by month (月度人均消费)"),
        xlabel=_("month"),
        ylabel=_("revenue per customer {currency}").format(currency=currency).strip(),
    )
    view.categories.sort_values("everyone").plot.barh(ax=axes[1])
    axes[1].set(title=_("Category mix (品类结构)"), xlabel=_("share of revenue"), ylabel="")
    view.segments.plot.bar(ax=axes[2], rot=30)
    axes[2].set(title=_("RFM segments (RFM 分群)"), xlabel="", ylabel=_("share of customers"))
    for axis in axes:
        legend = axis.get_legend()
        if legend is not None:
            for text in legend.get_texts():
                text.set_text(_(LEGEND.get(text.get_text(), text.get_text())))
    fig.suptitle(view.label)
    fig.tight_layout()
    return fig


def explorer(world: World, group: str = "city tier") -> Any:
    """The widget: dropdowns for the group, its value, the region and the period."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    data = explorer_data(world)
    pick_group = widgets.Dropdown(
        options=[(_(name), name) for name in GROUPS], value=group, description=_("group")
    )
    pick_value = widgets.Dropdown(options=choices(data, group), description=_("value"))
    pick_region = widgets.Dropdown(options=regions_of(data), value=ALL, description=_("region"))
    pick_period = widgets.Dropdown(options=periods_of(data), value=ALL, description=_("period"))
    out = widgets.Output()

    regrouping = []  # set while the value's options change with the group

    def show(change: object = None) -> None:
        if regrouping:
            return
        view = explore(data, pick_group.value, pick_value.value, pick_region.value,
                       pick_period.value)
        out.clear_output(wait=True)
        with out:
            display(draw(view, world.currency))
            plt.close("all")
            print(view.summary())

    def regroup(change: object = None) -> None:
        regrouping.append(True)
        try:
            pick_value.options = choices(data, pick_group.value)
        finally:
            regrouping.clear()
        show()

    pick_group.observe(regroup, "value")
    for control in (pick_value, pick_region, pick_period):
        control.observe(show, "value")
    show()
    return widgets.VBox([widgets.HBox([pick_group, pick_value]),
                         widgets.HBox([pick_region, pick_period]), out])
