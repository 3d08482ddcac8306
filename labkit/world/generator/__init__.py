"""The Xudong world generator. Use :func:`labkit.make_world`; this is its engine.

Each part of the world has its own random stream (spawned from the seed), so
changing how one table is made does not reshuffle the others.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

import numpy as np
import pandas as pd

from . import business, consumers, engagement, pools, records
from . import parameters as P

STREAMS = (
    "customers",
    "orders",
    "items",
    "tickets",
    "feedback",
    "surveys",
    "churn",
    "web",
    "campaigns",
    "business",
    "records",
)


def labels(names, codes: np.ndarray) -> np.ndarray:
    """Category labels for integer codes, sharing one Python string per label (low memory)."""
    return np.array(list(names), dtype=object)[codes]


def catalogue(locale: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The product table and the planted bundles for a locale."""
    base = resources.files("labkit") / "data"
    with (base / "catalogue.csv").open(encoding="utf-8") as fh:
        cat = pd.read_csv(fh)
    with (base / "bundles.csv").open(encoding="utf-8") as fh:
        bun = pd.read_csv(fh)
    zh = locale == "zh_CN"
    price = cat["price_cny"] if zh else cat["price_usd"]
    products = pd.DataFrame(
        {
            "product_id": np.arange(1, len(cat) + 1, dtype=np.int64),
            "name": cat["name_zh"] if zh else cat["name_en"],
            "category": cat["category"],
            "price": price.round(2),
            "unit_cost": (price * cat["cost_ratio"]).round(2),
        }
    )
    products["category_idx"] = (
        products["category"].map({c: i for i, c in enumerate(P.CATEGORIES)}).astype(np.int64)
    )
    products["tier"] = cat["tier"].astype(np.int64)
    key_to_idx = {k: i for i, k in enumerate(cat["product_key"])}
    order = list(dict.fromkeys(bun["bundle_key"]))
    bundles = pd.DataFrame(
        {
            "bundle_idx": bun["bundle_key"]
            .map({k: i for i, k in enumerate(order)})
            .astype(np.int64),
            "bundle_name": bun["name_zh"] if zh else bun["name_en"],
            "product_idx": bun["product_key"].map(key_to_idx).astype(np.int64),
        }
    )
    return products, bundles


def generate(
    seed: int,
    n_customers: int,
    locale: str,
    as_of: pd.Timestamp,
    step: Callable[[str], None] | None = None,
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame], dict]:
    """Make every table and every planted truth.

    Returns
    -------
    tables : dict of DataFrames (learner-facing)
    truth : dict of DataFrames (the answer key)
    params : dict (how it was made)
    """
    step = step or (lambda _name: None)
    rngs = dict(
        zip(
            STREAMS,
            [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(STREAMS))],
            strict=True,
        )
    )
    tl = consumers.Timeline.make(as_of, locale)

    step("customers")
    customers, lat = consumers.make_customers(rngs["customers"], n_customers, locale, tl, seed)
    products, bundles = catalogue(locale)

    step("orders")
    orders = consumers.simulate_orders(rngs["orders"], lat, tl)
    # the churn window's orders decide `churned`; the learner never sees them
    hist_mask = orders["day"].to_numpy() <= tl.as_of_idx
    future_cust = orders.loc[~hist_mask, "customer_idx"].to_numpy()
    orders = orders[hist_mask].reset_index(drop=True)
    discount, items = consumers.order_details(
        rngs["items"], orders, lat, products, bundles, tl, locale
    )
    orders["discount"] = discount
    first_product = np.full(len(orders), 0, np.int64)
    firsts = items.drop_duplicates("order_pos")
    first_product[firsts["order_pos"].to_numpy()] = firsts["product_idx"].to_numpy()
    # the learner-facing order lines now, so the working copy can go
    tab_items = pd.DataFrame(
        {
            "order_id": items["order_pos"].to_numpy() + 1,
            "product_id": products["product_id"].to_numpy()[items["product_idx"].to_numpy()],
            "quantity": items["quantity"].to_numpy(),
            "unit_price": products["price"].to_numpy()[items["product_idx"].to_numpy()],
        }
    )
    del items, firsts

    step("service")
    tix = engagement.tickets(rngs["tickets"], orders, lat, tl)
    n = n_customers
    as_of_s = np.datetime64(tl.as_of, "s")
    recent = as_of_s - np.timedelta64(180, "D")
    comp = tix[(tix["topic"] == "complaint") & (tix["opened_at"] > recent)]
    complaints = np.bincount(comp["customer_idx"], minlength=n)
    unresolved = np.bincount(tix.loc[tix["status"] == "open", "customer_idx"], minlength=n)
    fb = engagement.feedback(
        rngs["feedback"], orders, tix, lat, tl, locale, products["name"].to_numpy(), first_product
    )
    negfb = fb[(fb["sentiment"] == "negative") & (fb["created_at"] > recent)]
    neg_feedback = np.bincount(negfb["customer_idx"], minlength=n)
    srv = engagement.surveys(rngs["surveys"], lat, tl, tix)

    step("churn")
    cust = orders["customer_idx"].to_numpy()
    hist_repeats = np.bincount(cust[~orders["is_first"].to_numpy()], minlength=n)
    alive = lat["buyer"] & (hist_repeats < lat["max_repeats"])
    end_idx = len(tl.days)
    w_future = tl.cum[end_idx] - tl.cum[tl.as_of_idx + 1]
    p_buy = 1 - np.exp(-lat["lam"] * w_future)
    tenure = (tl.as_of_idx - lat["signup_day"]) / 365.25
    c = P.DEFECTION_LOGIT
    logit = (
        c["intercept"]
        + c["complaints_180d"] * complaints
        + c["unresolved_tickets"] * unresolved
        + c["negative_feedback_180d"] * neg_feedback
        + c["tenure_years"] * tenure
    )
    q = 1 / (1 + np.exp(-logit))
    defect = rngs["churn"].random(n) < q
    n_future = np.bincount(future_cust[~defect[future_cust]], minlength=n)
    churned = n_future == 0
    churn_prob = 1 - (1 - q) * alive * p_buy

    # the orders the learner sees (up to as_of); the working copy can go
    tab_orders = pd.DataFrame(
        {
            "order_id": np.arange(1, len(orders) + 1, dtype=np.int64),
            "customer_id": orders["customer_idx"].to_numpy() + 1,
            "ordered_at": orders["ordered_at"].to_numpy(),
            "channel": labels(P.ORDER_CHANNELS, orders["channel_code"].to_numpy()),
            "discount": orders["discount"].to_numpy(),
        }
    )
    del orders

    step("web")
    web = engagement.web_events(rngs["web"], lat, tl, alive, locale, products)
    consent = customers["marketing_consent"].to_numpy()
    camp, resp = engagement.campaigns(rngs["campaigns"], lat, tl, consent, locale)

    step("business")
    n_accounts = max(30, n_customers // 20)
    b2b = business.make_business(rngs["business"], n_accounts, locale, tl, seed)

    step("records")
    raw, dups, errors = records.make_raw_records(rngs["records"], customers, tl, locale, seed)

    step("assemble")
    # orders the learner sees: up to as_of

    # company-set value grade: spending in the last 12 months, by rank
    # (order ids are 1..n_orders, so an order's value sits at position order_id - 1)
    gross = np.bincount(
        tab_items["order_id"].to_numpy() - 1,
        weights=tab_items["quantity"].to_numpy() * tab_items["unit_price"].to_numpy(),
        minlength=len(tab_orders),
    )
    ov = gross * (1 - tab_orders["discount"].to_numpy())
    last12 = (tab_orders["ordered_at"] > as_of_s - np.timedelta64(365, "D")).to_numpy()
    spend12 = np.bincount(
        tab_orders["customer_id"].to_numpy()[last12] - 1, weights=ov[last12], minlength=n
    )
    rank = pd.Series(spend12).rank(pct=True, method="first").to_numpy()
    tier = np.select(
        [spend12 == 0, rank < 0.55, rank < 0.85, rank < 0.96],
        ["bronze", "bronze", "silver", "gold"],
        "platinum",
    )
    customers["member_tier"] = pools.shared(tier)
    del gross, ov, last12

    tab_tix = pd.DataFrame(
        {
            "ticket_id": np.arange(1, len(tix) + 1, dtype=np.int64),
            "customer_id": tix["customer_idx"].to_numpy() + 1,
            "order_id": tix["order_pos"].to_numpy() + 1,
            **{
                k: tix[k].to_numpy()
                for k in ("opened_at", "resolved_at", "channel", "topic", "priority", "status")
            },
        }
    )
    fb_ids = np.arange(1, len(fb) + 1, dtype=np.int64)
    tab_fb = pd.DataFrame(
        {
            "feedback_id": fb_ids,
            "customer_id": fb["customer_idx"].to_numpy() + 1,
            **{k: fb[k].to_numpy() for k in ("created_at", "channel", "rating", "text")},
        }
    )
    tab_srv = srv.rename(columns={"customer_idx": "customer_id"})
    tab_srv["customer_id"] += 1
    tab_srv.insert(0, "response_id", np.arange(1, len(srv) + 1, dtype=np.int64))
    ec = web["customer_idx"].to_numpy()
    tab_web = pd.DataFrame(
        {
            "event_id": np.arange(1, len(web) + 1, dtype=np.int64),
            "customer_id": pd.array(np.where(ec >= 0, ec + 1, 0), dtype="Int64"),
            "session_id": pd.factorize(web["session_no"])[0].astype(np.int64) + 1,
            "occurred_at": web["occurred_at"].to_numpy(),
            "event_type": web["event_type"].to_numpy(),
            "payload": web["payload"].to_numpy(),
        }
    )
    tab_web.loc[ec < 0, "customer_id"] = pd.NA
    del web, ec
    tab_resp = resp.rename(columns={"customer_idx": "customer_id"})
    tab_resp["customer_id"] += 1

    tables = {
        "customers": customers,
        "accounts": b2b["accounts"],
        "contacts": b2b["contacts"],
        "products": products[["product_id", "name", "category", "price", "unit_cost"]],
        "orders": tab_orders,
        "order_items": tab_items,
        "web_events": tab_web,
        "campaigns": camp,
        "campaign_responses": tab_resp,
        "service_tickets": tab_tix,
        "feedback": tab_fb,
        "surveys": tab_srv,
        "invoices": b2b["invoices"],
        "opportunities": b2b["opportunities"],
        "raw_records": raw,
    }
    ids = np.arange(1, n + 1, dtype=np.int64)
    truth = {
        "segments": pd.DataFrame(
            {"customer_id": ids, "segment": np.array(P.SEGMENTS)[lat["segment"]]}
        ),
        "churn": pd.DataFrame(
            {
                "customer_id": ids,
                "churn_probability": np.round(churn_prob, 6),
                "churned": churned,
                "orders_next_90d": n_future.astype(np.int64),
            }
        ),
        "duplicates": dups,
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
                "feedback_id": fb_ids,
                "topic": fb["topic"].to_numpy(),
                "sentiment": fb["sentiment"].to_numpy(),
            }
        ),
        "credit": b2b["credit"],
        "clv": pd.DataFrame(
            {
                "customer_id": ids,
                "orders_per_year": np.round(lat["lam"] * 365.0, 6),
                "dropout_probability": np.round(lat["p"], 6),
                "buyer": lat["buyer"],
                "alive_at_as_of": alive,
            }
        ),
        "interests": pd.DataFrame(
            {
                "customer_id": ids,
                "favourite_category": np.array(P.CATEGORIES)[lat["favourite"]],
            }
        ),
    }
    info = P.as_dict()
    info["defection_probability_mean"] = float(np.round(q.mean(), 6))
    return tables, truth, info
