"""Chapter 07's customer portraits: features, clusters, tags, and the portrait explorer.

The teaching notebook builds a portrait step by step in plain pandas and scikit-learn;
this module keeps the same steps as functions, for the explorer and for the tests:

- :func:`behaviour_features`: one row per customer with at least ``min_orders`` orders:
  recency, frequency, monetary value, average order value, discount, lines per order,
  channel shares and web events (the features ``tests/test_world.py`` clusters);
- :func:`scale` and :func:`cluster`: log of the skewed columns, standard scaling,
  k-means; :func:`name_clusters` reads each cluster by its signature feature;
- :data:`TAGS` and :func:`tag_table`: the tag table (definition, source, refresh rule);
  :func:`customer_tags`: the customer × tag long table with a strength in (0, 1];
- :func:`portrait_data` and :func:`portrait`: everything the explorer shows for a segment
  or one customer (the tag weights of the cloud, the radar against everyone, the card).

:func:`portrait_explorer` is the thin ipywidgets layer over them. It sits one layer above
the chapter 05 explorer and the plotting module: it finds the kit's Chinese font with
:func:`labkit.plotting.find_chinese_font`, so Chinese tags render in the word cloud.

>>> import labkit
>>> data = portrait_data(labkit.make_world(seed=7, n_customers=600))
>>> sorted(data.tags.columns)
['customer_id', 'strength', 'tag']
>>> view = portrait(data, segment=data.segments()[0])
>>> 0 < view.members <= view.everyone
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

from labkit.formats.regions import regions
from labkit.i18n import N_, _
from labkit.plotting import find_chinese_font

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World

__all__ = [
    "LOGGED", "RADAR", "SIGNATURES", "TAGS", "Portrait", "PortraitData", "Tag",
    "behaviour_features", "cluster", "customer_tags", "draw", "name_clusters", "portrait",
    "portrait_data", "portrait_explorer", "scale", "tag_table",
]

#: Skewed columns taken as log(1 + x) before scaling.
LOGGED = ["recency", "frequency", "monetary", "aov", "lines", "web_events"]
#: Each cluster name and the feature whose high centre marks it (read by the Hungarian
#: assignment in :func:`name_clusters`).
SIGNATURES: dict[str, str] = {
    N_("VIP"): "monetary",
    N_("store regular"): "share_store",
    N_("deal hunter"): "discount",
    N_("phone buyer"): "share_call_centre",
    N_("web browser"): "web_events",
}
#: What to do with each segment: the portrait's use for decisions.
ACTIONS: dict[str, str] = {
    "VIP": N_("keep them: a personal contact and early access, no discounts needed"),
    "store regular": N_("invite them to store events; a loyalty card rewards the visits"),
    "deal hunter": N_("send coupons at the festivals; watch the margin"),
    "phone buyer": N_("call them with a short offer; move them online gently"),
    "web browser": N_("recommend what they viewed; remind them of a left basket"),
}
#: The radar's two lines: column → name in the legend.
LEGEND = {"chosen": N_("chosen"), "everyone": N_("everyone")}
#: The radar's axes: feature → label; recency is turned round (higher = more recent).
RADAR: dict[str, str] = {
    "recency": N_("recent"),
    "frequency": N_("frequent"),
    "monetary": N_("spending"),
    "aov": N_("order value"),
    "discount": N_("discount"),
    "lines": N_("basket"),
    "share_online": N_("online"),
    "web_events": N_("browsing"),
}


@dataclass(frozen=True)
class Tag:
    """One row of the tag table."""

    name: str
    kind: str  # rule, statistical or model
    definition: str
    source: str
    refresh: str


_TOP = N_("top 20% of the customers clustered (strength: percentile rank)")
TAGS: tuple[Tag, ...] = (
    Tag(N_("pet owner"), "rule", N_("pet_owner is True"), "customers", N_("on change")),
    Tag(N_("parent"), "rule", N_("children_at_home > 0"), "customers", N_("on change")),
    Tag(N_("renter"), "rule", N_("housing == 'rent'"), "customers", N_("on change")),
    Tag(N_("young"), "rule", N_("age under 30 at as_of"), "customers", N_("yearly")),
    Tag(N_("senior"), "rule", N_("age 65 or more at as_of"), "customers", N_("yearly")),
    Tag(N_("tier-1 city"), "rule", N_("lives in a city of tier 1"), "customers",
        N_("on change")),
    Tag(N_("online shopper"), "rule", N_("80% or more of orders online"), "orders",
        N_("monthly")),
    Tag(N_("store shopper"), "rule", N_("80% or more of orders in a store"), "orders",
        N_("monthly")),
    Tag(N_("phone shopper"), "rule", N_("half or more of orders by phone"), "orders",
        N_("monthly")),
    Tag(N_("big spender"), "statistical", _TOP, "orders, order_items", N_("monthly")),
    Tag(N_("frequent buyer"), "statistical", _TOP, "orders", N_("monthly")),
    Tag(N_("recent buyer"), "statistical", _TOP, "orders", N_("daily")),
    Tag(N_("bargain seeker"), "statistical", _TOP, "orders", N_("monthly")),
    Tag(N_("big baskets"), "statistical", _TOP, "order_items", N_("monthly")),
    Tag(N_("keen browser"), "statistical", _TOP, "web_events", N_("daily")),
    *(Tag(name, "model", N_("k-means cluster on the behaviour features"),
          "orders, order_items, web_events", N_("quarterly (re-fit the clusters)"))
      for name in SIGNATURES),
)
#: Statistical tags: tag → (feature, True when high values earn it).
_STATISTICAL = {
    "big spender": ("monetary", True), "frequent buyer": ("frequency", True),
    "recent buyer": ("recency", False), "bargain seeker": ("discount", True),
    "big baskets": ("lines", True), "keen browser": ("web_events", True),
}


def tag_table() -> pd.DataFrame:
    """The tag table, one row per tag, in the learner's language.

    >>> tag_table()["kind"].value_counts().to_dict()
    {'rule': 9, 'statistical': 6, 'model': 5}
    """
    return pd.DataFrame([{"tag": _(t.name), "kind": t.kind, "definition": _(t.definition),
                          "source": t.source, "refresh": _(t.refresh)} for t in TAGS])


def behaviour_features(world: World, min_orders: int = 2) -> pd.DataFrame:
    """Recency, frequency, money, basket, discount, channel and web features per customer.

    Orders of every status count (a cancelled order is behaviour too); customers with
    fewer than ``min_orders`` orders are left out (one order says little about habits).

    >>> import labkit
    >>> f = behaviour_features(labkit.make_world(seed=7, n_customers=300))
    >>> int(f["frequency"].min())
    2
    """
    items = world.order_items
    gross = (items["quantity"] * items["unit_price"]).groupby(items["order_id"]).sum()
    orders = world.orders.assign(value=world.orders["order_id"].map(gross)
                                 * (1 - world.orders["discount"]),
                                 lines=world.orders["order_id"].map(items.groupby("order_id")
                                                                    .size()))
    per = orders.groupby("customer_id")
    features = pd.DataFrame({
        "recency": (world.as_of - per["ordered_at"].max().dt.normalize()).dt.days,
        "frequency": per.size(),
        "monetary": per["value"].sum(),
        "aov": per["value"].mean(),
        "discount": per["discount"].mean(),
        "lines": per["lines"].mean(),
    })
    share = pd.crosstab(orders["customer_id"], orders["channel"], normalize="index")
    features = features.join(share.add_prefix("share_"))
    web = world.web_events.dropna(subset=["customer_id"]).groupby("customer_id").size()
    features["web_events"] = web.reindex(features.index).fillna(0)
    return features[features["frequency"] >= min_orders]


def scale(features: pd.DataFrame) -> np.ndarray:
    """Log of the skewed columns (:data:`LOGGED`), then each column to mean 0, sd 1."""
    logged = features.copy()
    for column in LOGGED:
        if column in logged:
            logged[column] = np.log1p(logged[column])
    return StandardScaler().fit_transform(logged)


def cluster(features: pd.DataFrame, k: int = 5, seed: int = 0) -> pd.Series:
    """k-means labels (0 … k-1) of the scaled features, indexed like ``features``."""
    if not 2 <= k <= len(features):
        raise ValueError(_("k must be between 2 and the number of customers ({n}), not {k}")
                         .format(n=len(features), k=k))
    labels = KMeans(k, n_init=10, random_state=seed).fit_predict(scale(features))
    return pd.Series(labels, index=features.index, name="cluster")


def name_clusters(features: pd.DataFrame, labels: pd.Series) -> dict[int, str]:
    """Give each cluster the name of :data:`SIGNATURES` whose feature is highest in it.

    The centres are compared in scaled units; each name is used once (the assignment
    maximises the sum of the signature features' centres). Extra clusters, when there are
    more than names, are called "cluster N".
    """
    centres = pd.DataFrame(scale(features), index=features.index,
                           columns=features.columns).groupby(labels.to_numpy()).mean()
    names = list(SIGNATURES)
    score = np.array([[centres.loc[c, SIGNATURES[n]] for n in names] for c in centres.index])
    rows, cols = linear_sum_assignment(-score)
    named = {int(centres.index[r]): names[c] for r, c in zip(rows, cols, strict=True)}
    return {int(c): named.get(int(c), f"cluster {c}") for c in centres.index}


def customer_tags(world: World, features: pd.DataFrame, segment: pd.Series) -> pd.DataFrame:
    """The customer × tag long table: customer_id, tag, strength in (0, 1].

    Rule tags have strength 1; statistical tags the customer's percentile rank among the
    customers of ``features`` (top 20% only); the model tag the customer's segment name.
    """
    people = world.customers.set_index("customer_id").loc[features.index]
    tiers = regions(world.locale)[["province", "city", "city_tier"]]
    tier = people.reset_index().merge(tiers, on=["province", "city"], how="left").set_index(
        "customer_id")["city_tier"]
    age = (world.as_of - people["birth_date"]).dt.days // 365.25
    rules = {
        "pet owner": people["pet_owner"].astype(bool),
        "parent": people["children_at_home"] > 0,
        "renter": people["housing"] == "rent",
        "young": age < 30,
        "senior": age >= 65,
        "tier-1 city": tier == 1,
        "online shopper": features.get("share_online", 0) >= 0.8,
        "store shopper": features.get("share_store", 0) >= 0.8,
        "phone shopper": features.get("share_call_centre", 0) >= 0.5,
    }
    parts = [pd.DataFrame({"customer_id": mask[mask].index, "tag": name, "strength": 1.0})
             for name, mask in rules.items()]
    for name, (column, high) in _STATISTICAL.items():
        rank = features[column].rank(pct=True, ascending=high)
        top = rank[rank > 0.8]
        parts.append(pd.DataFrame({"customer_id": top.index, "tag": name,
                                   "strength": top.to_numpy()}))
    parts.append(pd.DataFrame({"customer_id": segment.index, "tag": segment.to_numpy(),
                               "strength": 1.0}))
    return pd.concat(parts, ignore_index=True)


@dataclass(frozen=True)
class PortraitData:
    """What the explorer reads: features, segment names, tags, and the static columns."""

    features: pd.DataFrame
    segment: pd.Series
    tags: pd.DataFrame
    people: pd.DataFrame  # customer_id index: age, gender, city, member_tier

    def segments(self) -> list[str]:
        """The segment names, largest first."""
        return self.segment.value_counts().index.tolist()


def portrait_data(world: World, k: int = 5, min_orders: int = 2) -> PortraitData:
    """Features, clusters named by :func:`name_clusters`, and the tags of ``world``."""
    features = behaviour_features(world, min_orders)
    labels = cluster(features, k)
    segment = labels.map(name_clusters(features, labels)).rename("segment")
    people = world.customers.set_index("customer_id").loc[features.index]
    people = pd.DataFrame({
        "age": (world.as_of - people["birth_date"]).dt.days // 365.25,
        "gender": people["gender"], "city": people["city"],
        "member_tier": people["member_tier"]})
    return PortraitData(features, segment, customer_tags(world, features, segment), people)


@dataclass(frozen=True)
class Portrait:
    """One portrait: a segment's or one customer's cloud, radar and card."""

    label: str
    members: int
    everyone: int
    #: tag (in the learner's language) → weight: mean strength over the members
    cloud: pd.Series
    #: index: radar axis; columns chosen, everyone: mean percentile rank (everyone = 0.5)
    radar: pd.DataFrame
    #: line label → value, in the order shown
    card: dict[str, str]

    def summary(self) -> str:
        """One line a person reads under the charts."""
        return _("{label}: {members:,} of {everyone:,} customers clustered").format(
            label=self.label, members=self.members, everyone=self.everyone)


def portrait(data: PortraitData, segment: str | None = None,
             customer: int | None = None) -> Portrait:
    """The portrait of one segment, or of one customer (give exactly one of the two)."""
    if (segment is None) == (customer is None):
        raise ValueError(_("give a segment or a customer, not both and not neither"))
    if segment is not None:
        if segment not in data.segments():
            raise ValueError(_("unknown segment {segment!r}: choose one of {known}").format(
                segment=segment, known=data.segments()))
        members = data.segment.index[data.segment == segment]
        label = _(segment)
    else:
        if customer not in data.segment.index:
            raise ValueError(_("customer {customer!r} is not among the customers clustered "
                               "(two orders or more)").format(customer=customer))
        members = pd.Index([customer])
        label = _("customer {customer}").format(customer=customer)
    tags = data.tags[data.tags["customer_id"].isin(members)]
    cloud = (tags.groupby("tag")["strength"].sum() / len(members)).sort_values(ascending=False)
    cloud.index = [_(tag) for tag in cloud.index]
    ranks = data.features[list(RADAR)].rank(pct=True)
    ranks["recency"] = data.features["recency"].rank(pct=True, ascending=False)
    radar = pd.DataFrame({"chosen": ranks.loc[members].mean(), "everyone": ranks.mean()})
    radar.index = [_(RADAR[axis]) for axis in radar.index]
    return Portrait(label, len(members), len(data.segment), cloud, radar,
                    _card(data, members, segment or data.segment[customer]))


def _card(data: PortraitData, members: pd.Index, segment: str) -> dict[str, str]:
    people, features = data.people.loc[members], data.features.loc[members]
    channels = features.filter(like="share_").mean().idxmax().removeprefix("share_")
    return {
        _("segment"): _(segment),
        _("customers"): f"{len(members):,} ({len(members) / len(data.segment):.0%})",
        _("median age"): f"{people['age'].median():.0f}",
        _("women"): f"{(people['gender'] == 'F').mean():.0%}",
        _("orders (median)"): f"{features['frequency'].median():.0f}",
        _("spend (median)"): f"{features['monetary'].median():,.0f}",
        _("main channel"): channels,
        _("action"): _(ACTIONS.get(segment, N_("read the tags first"))),
    }


def draw(view: Portrait, font_path: str | None = None) -> Any:
    """Word cloud, radar and persona card on one matplotlib figure (returned, not shown).

    ``font_path`` is the font of the cloud; by default the kit's Chinese font
    (Noto Sans SC, from zhplot), which also has the Latin letters.
    """
    import matplotlib.pyplot as plt
    from wordcloud import WordCloud

    font = font_path or find_chinese_font()
    fig = plt.figure(figsize=(15, 4.6))
    cloud_axis = fig.add_subplot(1, 3, 1)
    weights = {tag: float(w) for tag, w in view.cloud.items() if w > 0}
    cloud = WordCloud(width=640, height=400, background_color="white", colormap="tab10",
                      font_path=str(font) if font else None, prefer_horizontal=1.0,
                      random_state=0, relative_scaling=1.0)
    cloud_axis.imshow(cloud.generate_from_frequencies(weights or {"—": 1.0}),
                      interpolation="bilinear")
    cloud_axis.set_axis_off()
    cloud_axis.set_title(_("Tag cloud (标签词云)"))
    radar_axis = fig.add_subplot(1, 3, 2, projection="polar")
    angles = np.linspace(0, 2 * np.pi, len(view.radar), endpoint=False)
    for column in view.radar.columns:
        values = view.radar[column].to_numpy()
        radar_axis.plot(np.append(angles, angles[0]), np.append(values, values[0]),
                        label=_(LEGEND[column]))
    radar_axis.set_xticks(angles, view.radar.index)
    radar_axis.set_ylim(0, 1)
    radar_axis.set_title(_("Against everyone (雷达图, percentile rank)"))
    radar_axis.legend(loc="lower right", fontsize="small", bbox_to_anchor=(1.25, -0.1))
    card_axis = fig.add_subplot(1, 3, 3)
    card_axis.set_axis_off()
    text = "\n".join(f"{key}: {value}" for key, value in view.card.items())
    card_axis.text(0, 0.95, text, va="top", fontsize=11, wrap=True)
    card_axis.set_title(_("Persona card (人物卡片)"))
    fig.suptitle(view.label, y=1.0)
    fig.tight_layout()
    return fig


def portrait_explorer(world: World, k: int = 5) -> Any:
    """The widget: pick a segment, or type a customer id, and see the portrait."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    data = portrait_data(world, k)
    pick_segment = widgets.Dropdown(options=[(_(s), s) for s in data.segments()],
                                    description=_("segment"))
    pick_customer = widgets.Dropdown(
        options=[(_("whole segment"), 0)], value=0, description=_("customer"))
    out = widgets.Output()
    busy = []  # set while the customer's options follow the segment

    def show(change: object = None) -> None:
        if busy:
            return
        customer = pick_customer.value or None
        view = portrait(data, segment=None if customer else pick_segment.value,
                        customer=customer)
        out.clear_output(wait=True)
        with out:
            display(draw(view))
            plt.close("all")
            print(view.summary())

    def resegment(change: object = None) -> None:
        busy.append(True)
        try:
            members = data.segment.index[data.segment == pick_segment.value][:20]
            pick_customer.options = [(_("whole segment"), 0),
                                     *((str(c), int(c)) for c in members)]
            pick_customer.value = 0
        finally:
            busy.clear()
        show()

    pick_segment.observe(resegment, "value")
    pick_customer.observe(show, "value")
    resegment()
    return widgets.VBox([widgets.HBox([pick_segment, pick_customer]), out])
