"""Contacts between Xudong and its consumers after the sale.

Service tickets, feedback texts, survey answers, the web log and marketing
campaigns. They share the customers' latent traits, so satisfaction, sentiment
and churn hang together the way they do in a real business.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd
from numpy.dtypes import StringDType

from . import calendar, pools
from . import parameters as P
from .consumers import Timeline, _choice_by_group, _choice_rows

TICKET_TOPICS = np.array(["delivery", "product_fault", "return_refund", "billing", "complaint"])
TICKET_TOPIC_P = np.array([0.30, 0.20, 0.20, 0.10, 0.20])
TICKET_TO_FEEDBACK = {
    "delivery": "delivery",
    "product_fault": "product_quality",
    "return_refund": "returns",
    "billing": "price",
    "complaint": "customer_service",
}
FEEDBACK_TOPICS = np.array(
    ["delivery", "product_quality", "price", "customer_service", "website_app", "returns"]
)
FEEDBACK_TOPIC_P = np.array([0.22, 0.30, 0.16, 0.10, 0.14, 0.08])
SENTIMENTS = np.array(["negative", "neutral", "positive"])


@lru_cache(maxsize=1)
def texts() -> dict:
    """Feedback sentences, campaign names and search terms (package data)."""
    with (resources.files("labkit") / "data" / "texts.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def _to_dt(x) -> np.ndarray:
    return np.asarray(x, dtype="datetime64[s]")


def tickets(
    rng: np.random.Generator, orders: pd.DataFrame, latent: dict, tl: Timeline
) -> pd.DataFrame:
    """Service tickets opened after historical orders (before ``as_of``)."""
    hist = orders[orders["day"] <= tl.as_of_idx]
    cust = hist["customer_idx"].to_numpy()
    rate = P.TICKET_RATE * latent["frailty"][cust]
    has = rng.random(len(hist)) < rate
    h = hist[has]
    c = cust[has]
    k = len(h)
    topic_p = np.tile(TICKET_TOPIC_P, (k, 1))
    topic_p[:, 4] *= latent["frailty"][c]  # frail customers complain more
    topic = TICKET_TOPICS[_choice_rows(rng, topic_p / topic_p.sum(1, keepdims=True))]
    opened = _to_dt(h["ordered_at"].to_numpy()) + (
        rng.exponential(4 * 86400, size=k).astype(np.int64) + 3600
    ).astype("timedelta64[s]")
    hours = rng.lognormal(np.log(30), 1.0, size=k) * np.where(topic == "complaint", 2.5, 1.0)
    resolved = opened + (hours * 3600).astype(np.int64).astype("timedelta64[s]")
    stuck = rng.random(k) < 0.03 * latent["frailty"][c]
    as_of_end = np.datetime64(tl.as_of + pd.Timedelta(days=1), "s")
    keep = opened < as_of_end
    is_open = stuck | (resolved >= as_of_end)
    channel = rng.choice(
        np.array(["phone", "online_chat", "email", "store"]), size=k, p=[0.40, 0.35, 0.15, 0.10]
    )
    priority = np.where(
        topic == "complaint",
        rng.choice(np.array(["normal", "high"]), size=k, p=[0.4, 0.6]),
        rng.choice(np.array(["low", "normal", "high"]), size=k, p=[0.3, 0.6, 0.1]),
    )
    df = pd.DataFrame(
        {
            "customer_idx": c,
            "order_pos": h.index.to_numpy(),
            "opened_at": opened,
            "resolved_at": np.where(is_open, np.datetime64("NaT"), resolved).astype(
                "datetime64[s]"
            ),
            "channel": channel,
            "topic": topic,
            "priority": priority,
            "status": np.where(is_open, "open", "resolved"),
        }
    )[keep]
    return df.sort_values("opened_at", kind="stable").reset_index(drop=True)


def feedback(
    rng: np.random.Generator,
    orders: pd.DataFrame,
    tix: pd.DataFrame,
    latent: dict,
    tl: Timeline,
    locale: str,
    product_names: np.ndarray,
    first_product: np.ndarray,
) -> pd.DataFrame:
    """Free-text feedback with planted topic and sentiment (truth), and a rating."""
    hist = orders[orders["day"] <= tl.as_of_idx]
    rev = rng.random(len(hist)) < P.REVIEW_RATE
    r = hist[rev]
    rc = r["customer_idx"].to_numpy()
    r_topic = FEEDBACK_TOPICS[rng.choice(len(FEEDBACK_TOPICS), size=len(r), p=FEEDBACK_TOPIC_P)]
    r_when = _to_dt(r["ordered_at"].to_numpy()) + (
        rng.exponential(5 * 86400, size=len(r)).astype(np.int64) + 7200
    ).astype("timedelta64[s]")
    sat = P.SEGMENT_BEHAVIOUR["satisfaction"][latent["segment"][rc]]
    r_score = sat + rng.normal(0, 1.0, size=len(r))
    r_prod = first_product[r.index.to_numpy()]
    r_channel = rng.choice(
        np.array(["app_review", "social_media", "email"]), size=len(r), p=[0.6, 0.25, 0.15]
    )

    t = tix[rng.random(len(tix)) < 0.5]
    tc = t["customer_idx"].to_numpy()
    t_topic = t["topic"].map(TICKET_TO_FEEDBACK).to_numpy()
    base = _to_dt(t["opened_at"].to_numpy())
    resolved = _to_dt(t["resolved_at"].to_numpy())
    when = np.where(np.isnat(resolved), base, resolved)
    t_when = when + (rng.exponential(1.5 * 86400, size=len(t)).astype(np.int64) + 600).astype(
        "timedelta64[s]"
    )
    slow = (resolved - base).astype("timedelta64[h]").astype(float) > 72
    t_score = (
        P.SEGMENT_BEHAVIOUR["satisfaction"][latent["segment"][tc]]
        - 1.0
        - 1.2 * np.isnat(resolved)
        - 0.6 * slow
        + rng.normal(0, 1.0, size=len(t))
    )
    t_prod = first_product[t["order_pos"].to_numpy()]
    t_channel = rng.choice(
        np.array(["call_centre", "email", "social_media"]), size=len(t), p=[0.5, 0.3, 0.2]
    )

    cust = np.concatenate([rc, tc])
    topic = np.concatenate([r_topic, t_topic])
    when = np.concatenate([r_when, t_when])
    score = np.concatenate([r_score, t_score])
    prod = np.concatenate([r_prod, t_prod])
    channel = np.concatenate([r_channel, t_channel])
    sentiment = np.where(score < -0.6, 0, np.where(score < 0.3, 1, 2))
    rating_table = np.array(
        [[0.55, 0.40, 0.05, 0.0, 0.0], [0.03, 0.20, 0.55, 0.20, 0.02], [0.0, 0.0, 0.05, 0.35, 0.60]]
    )
    rating = 1 + _choice_by_group(rng, sentiment, rating_table)

    bank = texts()["feedback"][locale]
    text = np.empty(len(cust), dtype=object)
    for tname in FEEDBACK_TOPICS:
        for si, sname in enumerate(SENTIMENTS):
            sel = np.flatnonzero((topic == tname) & (sentiment == si))
            if len(sel) == 0:
                continue
            options = np.array(bank[tname][sname], dtype=object)
            picked = options[rng.integers(0, len(options), size=len(sel))]
            names = product_names[prod[sel]]
            text[sel] = [s.replace("{product}", nm) for s, nm in zip(picked, names, strict=True)]
    df = pd.DataFrame(
        {
            "customer_idx": cust,
            "created_at": when,
            "channel": channel,
            "rating": rating.astype(np.int64),
            "text": text.astype(str),
            "topic": topic,
            "sentiment": SENTIMENTS[sentiment],
        }
    )
    df = df[df["created_at"] < np.datetime64(tl.as_of + pd.Timedelta(days=1), "s")]
    return df.sort_values("created_at", kind="stable").reset_index(drop=True)


def _count_before(
    events: pd.DataFrame, column: str, who: np.ndarray, when: np.ndarray, days: int | None = None
) -> np.ndarray:
    """For each (who, when): events of that customer with ``column`` <= when (and > when - days)."""
    span = np.int64(1) << 34  # seconds fit below this; customer index in the high bits
    t = np.asarray(events[column].to_numpy(), dtype="datetime64[s]").astype(np.int64)
    keys = np.sort(events["customer_idx"].to_numpy().astype(np.int64) * span + t)
    at = np.asarray(when, dtype="datetime64[s]").astype(np.int64)
    base = who.astype(np.int64) * span
    count = np.searchsorted(keys, base + at, side="right")
    start = base + (at - days * 86400 if days is not None else 0)
    return count - np.searchsorted(keys, start, side="right")


def surveys(
    rng: np.random.Generator,
    latent: dict,
    tl: Timeline,
    tix: pd.DataFrame,
) -> pd.DataFrame:
    """Yearly satisfaction survey: NPS (0-10) and four satisfaction items (1-5).

    Satisfaction falls with the complaints a customer made in the 180 days
    before answering and with the tickets still open when they answered:
    only what had happened by then, never later events.
    """
    n = len(latent["segment"])
    eligible = latent["signup_day"] <= tl.as_of_idx - 30
    took = eligible & (rng.random(n) < P.SURVEY_SHARE)
    idx = np.flatnonzero(took)
    k = len(idx)
    lo = np.maximum(latent["signup_day"][idx] + 1, tl.as_of_idx - 364)
    day = tl.sample_days(rng, lo, np.full(k, tl.as_of_idx + 1))
    at = tl.stamp(rng, day, calendar.hour_cdf("online"))
    complaints = _count_before(tix.loc[tix["topic"] == "complaint"], "opened_at", idx, at, 180)
    unresolved = _count_before(tix, "opened_at", idx, at) - _count_before(
        tix.dropna(subset=["resolved_at"]), "resolved_at", idx, at
    )
    sat = (
        P.SEGMENT_BEHAVIOUR["satisfaction"][latent["segment"][idx]]
        + rng.normal(0, 0.8, size=k)
        - 0.6 * complaints
        - 0.8 * unresolved
    )
    nps = np.clip(np.round(7.2 + 1.6 * sat + rng.normal(0, 1.0, size=k)), 0, 10)

    def item(shift: float) -> np.ndarray:
        return np.clip(np.round(3.7 + 0.7 * sat + shift + rng.normal(0, 0.7, size=k)), 1, 5)

    wealth = latent["z_wealth"][idx]
    df = pd.DataFrame(
        {
            "customer_idx": idx,
            "answered_at": at,
            "nps": nps.astype(np.int64),
            "sat_product": item(0.1).astype(np.int64),
            "sat_price": np.clip(item(-0.3) - (wealth < -0.8), 1, 5).astype(np.int64),
            "sat_service": item(0.0).astype(np.int64),
            "sat_delivery": item(-0.1).astype(np.int64),
        }
    )
    return df.sort_values("answered_at", kind="stable").reset_index(drop=True)


def web_events(
    rng: np.random.Generator,
    latent: dict,
    tl: Timeline,
    alive: np.ndarray,
    locale: str,
    products: pd.DataFrame,
) -> pd.DataFrame:
    """The web analytics log of the last ``WEB_LOG_DAYS`` days: one JSON payload per event."""
    n = len(latent["segment"])
    lo_day = tl.as_of_idx - P.WEB_LOG_DAYS + 1
    start = np.maximum(latent["signup_day"], lo_day)
    months = np.maximum(tl.as_of_idx + 1 - start, 0) / 30.4
    rate = P.SEGMENT_BEHAVIOUR["web_sessions"][latent["segment"]] * np.where(alive, 1.0, 0.15)
    ns = rng.poisson(rate * months)
    s_cust = np.repeat(np.arange(n), ns).astype(np.int64)
    # anonymous visitors: a quarter as many sessions again, no customer id
    n_anon = int(len(s_cust) * 0.25)
    s_cust = np.concatenate([s_cust, np.full(n_anon, -1)])
    s_lo = np.concatenate([start[s_cust[: len(s_cust) - n_anon]], np.full(n_anon, lo_day)])
    s_day = tl.sample_days(rng, s_lo, tl.as_of_idx + 1)
    s_at = tl.stamp(rng, s_day, calendar.hour_cdf("online"))
    o = np.argsort(s_at, kind="stable")
    s_cust, s_at = s_cust[o], s_at[o]
    n_sess = len(s_cust)
    devices = ["mobile", "desktop", "tablet", "mini_program"]
    device = rng.choice(
        4, size=n_sess, p=[0.55, 0.25, 0.05, 0.15] if locale == "zh_CN" else [0.55, 0.35, 0.10, 0.0]
    ).astype(np.int8)
    referrers = ["direct", "search", "social", "email", "ad"]
    referrer = rng.choice(5, size=n_sess, p=[0.35, 0.25, 0.20, 0.10, 0.10]).astype(np.int8)

    n_ev = 1 + rng.poisson(2.2, size=n_sess)
    sess = np.repeat(np.arange(n_sess), n_ev)
    first = np.concatenate([[0], np.cumsum(n_ev)[:-1]])
    step = np.arange(len(sess)) - first[sess]
    gaps = rng.exponential(45, size=len(sess)).astype(np.int64) + 5
    gaps[first] = 0
    csum = np.cumsum(gaps)
    at = s_at[sess] + (csum - csum[first][sess]).astype("timedelta64[s]")
    del gaps, csum
    kinds = ["product_view", "page_view", "search", "add_to_cart", "checkout"]
    kind = rng.choice(5, size=len(sess), p=[0.45, 0.22, 0.15, 0.13, 0.05]).astype(np.int8)
    kind[step == 0] = 1  # a visit starts with a page view
    del step

    ec = s_cust[sess]
    known = ec >= 0
    seg = latent["segment"][np.maximum(ec, 0)]
    cat = _choice_by_group(rng, seg, P.SEGMENT_BEHAVIOUR["category_pref"]).astype(np.int8)
    del seg
    use_fav = known & (rng.random(len(sess)) < 0.55)
    cat[use_fav] = latent["favourite"][ec[use_fav]]
    del use_fav
    pc = products["category_idx"].to_numpy()
    order_ = np.argsort(pc, kind="stable")
    cstart = np.searchsorted(pc[order_], np.arange(len(P.CATEGORIES)))
    ccount = np.bincount(pc, minlength=len(P.CATEGORIES))
    prod_idx = order_[cstart[cat] + (rng.random(len(sess)) * ccount[cat]).astype(np.int64)]
    prod_id = products["product_id"].to_numpy()[prod_idx]
    del prod_idx
    terms = texts()["search_terms"][locale]
    term = rng.integers(0, len(terms), size=len(sess))
    cart = 1 + rng.poisson(1.0, len(sess))

    # the log ends at as_of; order it in time, then write each event's JSON
    keep = at < np.datetime64(tl.as_of + pd.Timedelta(days=1), "s")
    o = np.flatnonzero(keep)[np.lexsort((sess[keep], at[keep]))]
    sess, at, kind, ec, cat, prod_id, term, cart = (
        a[o] for a in (sess, at, kind, ec, cat, prod_id, term, cart)
    )
    sd = StringDType()
    names = {
        k: np.array(v, dtype=sd)
        for k, v in (("cat", P.CATEGORIES), ("dev", devices), ("ref", referrers), ("term", terms))
    }
    join = pools.join
    payload = np.empty(len(sess), dtype=object)
    for code, k in enumerate(kinds):  # build each event type's JSON only for its own rows
        m = np.flatnonzero(kind == code)
        head = join('{"device":"', names["dev"][device[sess[m]]], '"')
        cat_m = names["cat"][cat[m]]
        if k == "page_view":
            tail = join(
                ',"page":"/', cat_m, '","referrer":"', names["ref"][referrer[sess[m]]], '"}'
            )
        elif k == "search":
            tail = join(',"page":"/search","query":"', names["term"][term[m]], '"}')
        elif k == "checkout":
            tail = join(',"page":"/checkout","cart_items":', cart[m], "}")
        else:
            pid = prod_id[m]
            tail = join(
                ',"page":"/product/',
                pid,
                '","product_id":',
                pid,
                ',"category":"',
                cat_m,
                '"',
                ',"quantity":1}' if k == "add_to_cart" else "}",
            )
        payload[m] = np.strings.add(head, tail).astype(object)
    return pd.DataFrame(
        {
            "customer_idx": ec,
            "session_no": sess,
            "occurred_at": at,
            "event_type": np.array(kinds, dtype=object)[kind],
            "payload": payload,
        }
    )


CAMPAIGN_PLAN = {
    # (month, day, English name, Chinese name, offer, channel)
    "zh_CN": [
        ("sf", -20, "Spring Festival Goods Fair", "春节年货节", "discount", "sms"),
        (3, 1, "Women's Day Picks", "三八女神节", "coupon", "app_push"),
        (4, 15, "Members' Day", "会员日专享", "points", "wechat"),
        (6, 1, "618 Mid-year Sale", "618年中大促", "discount", "app_push"),
        (8, 20, "Back to School", "开学季", "coupon", "wechat"),
        (9, 25, "National Day Golden Week", "国庆黄金周", "gift", "sms"),
        (10, 25, "Double 11 Carnival", "双11狂欢购", "discount", "app_push"),
        (12, 5, "Double 12 Year-end Gala", "双12年终盛典", "coupon", "wechat"),
    ],
    "en_US": [
        (1, 2, "New Year Clearance", "新年清仓", "discount", "email"),
        (2, 1, "Valentine's Gifts", "情人节礼物", "gift", "email"),
        (3, 20, "Spring Refresh", "春季焕新", "coupon", "sms"),
        (5, 1, "Mother's Day Picks", "母亲节精选", "gift", "email"),
        (7, 5, "Summer Sale", "夏季特卖", "discount", "app_push"),
        (8, 5, "Back to School Essentials", "返校季必备", "coupon", "email"),
        ("bf", -7, "Black Friday Doorbusters", "黑色星期五", "discount", "email"),
        (12, 1, "Holiday Gift Guide", "节日礼物指南", "points", "sms"),
    ],
}


def _campaign_starts(locale: str, first: pd.Timestamp, last: pd.Timestamp) -> list[tuple]:
    out = []
    for year in range(first.year, last.year + 1):
        for month, day, en, zh, offer, channel in CAMPAIGN_PLAN[locale]:
            if month == "sf":
                start = pd.Timestamp(calendar.SPRING_FESTIVAL[year]) + pd.Timedelta(days=day)
            elif month == "bf":
                nov1 = pd.Timestamp(year=year, month=11, day=1)
                bf = nov1 + pd.Timedelta(days=(3 - nov1.weekday()) % 7 + 22)
                start = bf + pd.Timedelta(days=day)
            else:
                start = pd.Timestamp(year=year, month=month, day=day)
            if first <= start <= last:
                out.append((start, en, zh, offer, channel))
    return sorted(out)


def campaigns(
    rng: np.random.Generator,
    latent: dict,
    tl: Timeline,
    consent: np.ndarray,
    locale: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Campaigns of the last two years and who was sent what, and how they responded."""
    first = tl.as_of - pd.DateOffset(years=2) + pd.Timedelta(days=1)
    plan = _campaign_starts(locale, first, tl.as_of - pd.Timedelta(days=14))
    cost = {"email": 0.02, "sms": 0.05, "app_push": 0.01, "wechat": 0.03}
    if locale == "zh_CN":
        cost = {k: v * 7 for k, v in cost.items()}
    rows, resp = [], []
    seg = latent["segment"]
    signup = tl.days.values[latent["signup_day"]]
    for cid, (start, en, zh, offer, channel) in enumerate(plan, start=1):
        rows.append(
            {
                "campaign_id": cid,
                "name": zh if locale == "zh_CN" else en,
                "channel": channel,
                "start_date": start,
                "end_date": start + pd.Timedelta(days=13),
                "offer": offer,
                "cost_per_contact": round(cost[channel], 2),
            }
        )
        eligible = np.flatnonzero(consent & (signup < np.datetime64(start)))
        chosen = eligible[rng.random(len(eligible)) < 0.4]
        k = len(chosen)
        s = seg[chosen]
        sent = np.datetime64(start, "s") + (rng.integers(8, 20, size=k) * 3600).astype(
            "timedelta64[s]"
        )
        p_open = np.array([0.35, 0.30, 0.40, 0.18, 0.30])[s]
        p_click = np.array([0.20, 0.15, 0.35, 0.10, 0.25])[s]
        p_conv = np.array([0.30, 0.25, 0.35, 0.12, 0.08])[s]
        if offer == "discount":
            p_conv = p_conv * np.where(s == 2, 1.6, 1.0)
        opened = rng.random(k) < p_open
        clicked = opened & (rng.random(k) < p_click)
        converted = clicked & (rng.random(k) < np.clip(p_conv, 0, 1))
        resp.append(
            pd.DataFrame(
                {
                    "campaign_id": cid,
                    "customer_idx": chosen,
                    "sent_at": sent,
                    "opened": opened,
                    "clicked": clicked,
                    "converted": converted,
                }
            )
        )
    camp = pd.DataFrame(rows)
    camp["start_date"] = camp["start_date"].values.astype("datetime64[s]")
    camp["end_date"] = camp["end_date"].values.astype("datetime64[s]")
    return camp, pd.concat(resp, ignore_index=True)
