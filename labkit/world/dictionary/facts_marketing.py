"""Stylised facts about marketing: the web funnel and the campaigns (see
:mod:`labkit.world.dictionary.facts`).

Each measure reads the learner tables only (``web_events``, ``orders``,
``campaigns``, ``campaign_responses``), the way an analyst would.

>>> [fact.key for fact in FACTS][:3]
['session_conversion', 'cart_abandonment', 'online_orders_with_session']
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from labkit.world.dictionary.stylised import StylisedFact

__all__ = ["FACTS", "campaign_purchases", "festival_days"]

Tables = Mapping[str, pd.DataFrame]


def _sessions_with(tables: Tables, event_type: str) -> pd.Index:
    """The session ids that have at least one event of a type."""
    events = tables["web_events"]
    return pd.Index(events.loc[events["event_type"] == event_type, "session_id"].unique())


def session_conversion(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of web sessions (visits) that end in an order (have a checkout)."""
    return len(_sessions_with(tables, "checkout")) / tables["web_events"]["session_id"].nunique()


def cart_abandonment(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of sessions with an add_to_cart that do not check out."""
    carts = _sessions_with(tables, "add_to_cart")
    return float(1 - carts.isin(_sessions_with(tables, "checkout")).mean())


def online_orders_with_session(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of the online orders placed in the web log's days that a checkout event names."""
    events = tables["web_events"]
    first_day = events["occurred_at"].min().normalize()
    orders = tables["orders"]
    online = orders[(orders["channel"] == "online") & (orders["ordered_at"] >= first_day)]
    checkouts = events.loc[events["event_type"] == "checkout", "payload"]
    named = checkouts.str.extract(r'"order_id":(\d+)', expand=False).astype("int64")
    return float(online["order_id"].isin(named).mean())


def _contacted(tables: Tables, channel: str) -> pd.DataFrame:
    """The responses of the customers contacted through one channel."""
    responses = tables["campaign_responses"]
    campaigns = tables["campaigns"]
    of_channel = campaigns.loc[campaigns["channel"] == channel, "campaign_id"]
    chosen = responses["campaign_id"].isin(of_channel) & ~responses["holdout"].astype(bool)
    return responses[chosen]


def _rate(channel: str, column: str):
    """A measure: the share of a channel's messages that were opened (or clicked)."""

    def measure(tables: Tables, as_of: pd.Timestamp) -> float:
        return float(_contacted(tables, channel)[column].astype(bool).mean())

    measure.__doc__ = f"Share of {channel} campaign messages {column}."
    return measure


def campaign_purchases(tables: Tables) -> pd.DataFrame:
    """Each targeted customer of each campaign, held out or contacted, and whether they
    placed an order (any channel) during the campaign.

    Returns
    -------
    pandas.DataFrame
        ``campaign_id, customer_id, holdout, bought``.
    """
    responses = tables["campaign_responses"][["campaign_id", "customer_id", "holdout"]]
    windows = tables["campaigns"][["campaign_id", "start_date", "end_date"]]
    targeted = responses.merge(windows, on="campaign_id")
    orders = tables["orders"][["customer_id", "ordered_at"]]
    pairs = targeted.merge(orders, on="customer_id")
    in_window = (pairs["ordered_at"] >= pairs["start_date"]) & (
        pairs["ordered_at"] < pairs["end_date"] + pd.Timedelta(days=1)
    )
    bought = pairs.loc[in_window, ["campaign_id", "customer_id"]].drop_duplicates()
    bought["bought"] = True
    out = targeted.merge(bought, on=["campaign_id", "customer_id"], how="left")
    out["bought"] = out["bought"].fillna(False).astype(bool)
    return out[["campaign_id", "customer_id", "holdout", "bought"]]


def campaign_uplift(tables: Tables, as_of: pd.Timestamp) -> float:
    """Purchase rate during the campaigns of the contacted minus that of the held out."""
    purchases = campaign_purchases(tables)
    rate = purchases.groupby(purchases["holdout"].astype(bool))["bought"].mean()
    return float(rate[False] - rate[True])


def _second_sunday_of_may(year: int) -> pd.Timestamp:
    first = pd.Timestamp(year=year, month=5, day=1)
    return first + pd.Timedelta(days=(6 - first.weekday()) % 7 + 7)


def _black_friday(year: int) -> pd.Timestamp:
    first = pd.Timestamp(year=year, month=11, day=1)
    return first + pd.Timedelta(days=(3 - first.weekday()) % 7 + 22)


def festival_days(name: str, year: int) -> list[pd.Timestamp]:
    """The festival day(s) a campaign is built around, read from its name (none if it is
    not a festival campaign).

    Examples
    --------
    >>> [day.strftime("%m-%d") for day in festival_days("双11狂欢购", 2025)]
    ['11-11']
    >>> [day.strftime("%m-%d") for day in festival_days("Black Friday Doorbusters", 2025)]
    ['11-28', '12-01']
    """
    fixed = {
        "618": (6, 18),
        "双11": (11, 11),
        "双12": (12, 12),
        "三八": (3, 8),
        "国庆": (10, 1),
        "Valentine": (2, 14),
        "Holiday": (12, 24),
    }
    days = [pd.Timestamp(year=year, month=m, day=d) for key, (m, d) in fixed.items() if key in name]
    if "Mother's Day" in name:
        days.append(_second_sunday_of_may(year))
    if "Black Friday" in name:
        days += [_black_friday(year), _black_friday(year) + pd.Timedelta(days=3)]  # Cyber Monday
    return days


def festival_coverage(tables: Tables, as_of: pd.Timestamp) -> float:
    """Share of festival campaigns whose window includes their festival day(s)."""
    covered = []
    for name, start, end in tables["campaigns"][["name", "start_date", "end_date"]].itertuples(
        index=False
    ):
        for day in festival_days(name, start.year):
            covered.append(start <= day <= end)
    return float(np.mean(covered)) if covered else float("nan")


#: The facts of this topic, in the order the data dictionary lists them.
FACTS: list[StylisedFact] = [
    StylisedFact(
        key="session_conversion",
        topic="marketing",
        statement="About 2-3 web visits in a hundred end in an order: sessions with a checkout "
        "÷ sessions in web_events.",
        low=0.01,
        high=0.05,
        unit="share",
        source="Monetate (2019), Ecommerce Quarterly Q2: 2.58% of sessions convert worldwide; "
        "Dynamic Yield (2024), Ecommerce conversion rate benchmarks by industry: 1-4%",
        measure=session_conversion,
    ),
    StylisedFact(
        key="cart_abandonment",
        topic="marketing",
        statement="Most carts are abandoned: sessions with an add_to_cart but no checkout ÷ "
        "sessions with an add_to_cart.",
        low=0.55,
        high=0.85,
        unit="share",
        source="Baymard Institute (2024), Cart abandonment rate statistics: 70.19% average of "
        "49 studies",
        measure=cart_abandonment,
    ),
    StylisedFact(
        key="online_orders_with_session",
        topic="marketing",
        statement="Every online order of the log's days is checked out in a web session: "
        "online orders named by a checkout event ÷ online orders since the log's first day.",
        low=0.99,
        high=1.0,
        unit="share",
        source="Google Analytics 4 (2024), Measure ecommerce: the purchase is the last step "
        "of the view_item → add_to_cart → begin_checkout → purchase funnel",
        measure=online_orders_with_session,
    ),
    StylisedFact(
        key="email_open_rate",
        topic="marketing",
        statement="About one marketing e-mail in five is opened: opened ÷ e-mails sent "
        "(contacted, not held out).",
        low=0.15,
        high=0.30,
        unit="share",
        source="Mailchimp (2019), Email marketing benchmarks by industry: 21.33% average "
        "open rate (retail 18.39%, e-commerce 15.68%)",
        measure=_rate("email", "opened"),
        locales=("en_US",),
    ),
    StylisedFact(
        key="email_click_rate",
        topic="marketing",
        statement="Two to three e-mails in a hundred are clicked: clicked ÷ e-mails sent.",
        low=0.015,
        high=0.04,
        unit="share",
        source="Mailchimp (2019), Email marketing benchmarks by industry: 2.62% average click "
        "rate (retail 2.25%, e-commerce 2.01%)",
        measure=_rate("email", "clicked"),
        locales=("en_US",),
    ),
    StylisedFact(
        key="sms_open_rate",
        topic="marketing",
        statement="Nearly every text message is read: opened ÷ SMS sent.",
        low=0.85,
        high=1.0,
        unit="share",
        source="Gartner (2016), Tap into the marketing power of SMS: SMS open rates as high as "
        "98%, against about 20% for e-mail",
        measure=_rate("sms", "opened"),
    ),
    StylisedFact(
        key="sms_click_rate",
        topic="marketing",
        statement="Several text messages in a hundred are clicked, more than e-mails: clicked "
        "÷ SMS sent.",
        low=0.03,
        high=0.15,
        unit="share",
        source="Klaviyo (2024), SMS benchmarks (US campaigns): click rate 6-9% typical, 8.9-14.5% "
        "good",
        measure=_rate("sms", "clicked"),
    ),
    StylisedFact(
        key="app_push_open_rate",
        topic="marketing",
        statement="Few app push notifications are tapped open: opened (direct opens) ÷ pushes "
        "sent.",
        low=0.02,
        high=0.12,
        unit="share",
        source="Airship (2023), Mobile app push notification benchmarks: retail direct open "
        "rate about 3%, up to 10% in other verticals; Braze (2016), Digits: 2-6%",
        measure=_rate("app_push", "opened"),
    ),
    StylisedFact(
        key="wechat_open_rate",
        topic="marketing",
        statement="A WeChat official-account message is opened by a few followers in a hundred: "
        "opened ÷ messages sent.",
        low=0.02,
        high=0.15,
        unit="share",
        source="NewRank 新榜 (2019-2024), 微信公众号 monthly reports: average article open rate "
        "1-5%, service accounts about 4%",
        measure=_rate("wechat", "opened"),
        locales=("zh_CN",),
    ),
    StylisedFact(
        key="campaign_uplift",
        topic="marketing",
        statement="Campaigns change behaviour: the share of contacted customers who order during "
        "the campaign minus that of the randomly held-out, pooled over campaigns (points).",
        low=0.003,
        high=0.05,
        unit="share",
        source="Hillstrom (2008), MineThatData e-mail analytics challenge: two-week conversion "
        "0.57% held out vs 1.07-1.25% e-mailed, visits 10.6% vs 15.2-18.3%; Radcliffe & Surry "
        "(2011), Real-world uplift modelling with significance-based uplift trees",
        measure=campaign_uplift,
    ),
    StylisedFact(
        key="festival_campaign_covers_day",
        topic="marketing",
        statement="A festival campaign runs up to its festival day (618, 双11, 双12, Black "
        "Friday …): festival campaigns whose window includes the day ÷ festival campaigns.",
        low=1.0,
        high=1.0,
        unit="share",
        source="Alibaba Group (2023), 11.11 Global Shopping Festival: pre-sales from 24 October "
        "to 11 November; JD.com (2024), 618 Grand Promotion: 31 May to 18 June",
        measure=festival_coverage,
    ),
]
