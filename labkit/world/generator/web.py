"""The web analytics log: sessions and events of the last WEB_LOG_DAYS days.

Customers visit at their segment's rate (browsers most, much less after they
have dropped out), anonymous visitors add a quarter as many sessions again,
and each event carries a small JSON payload (device, page, product, search
query …) - the semi-structured data of chapter 02.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.dtypes import StringDType

from labkit import vocabularies

from . import calendar, parameters
from .consumers import LatentTraits
from .engagement import texts
from .locales import GeneratorLocale
from .sampling import choice_by_group
from .strings import join
from .timeline import Timeline

#: Devices of a session; the locale's ``device_shares`` follow this order.
DEVICES = ("mobile", "desktop", "tablet", "mini_program")
#: Where a session came from, with its probability.
REFERRER_P = {"direct": 0.35, "search": 0.25, "social": 0.20, "email": 0.10, "ad": 0.10}
#: Event types with their probability (a session's first event is always a page view).
EVENT_TYPE_P = {
    "product_view": 0.45,
    "page_view": 0.22,
    "search": 0.15,
    "add_to_cart": 0.13,
    "checkout": 0.05,
}
#: Sessions of anonymous visitors, as a share of the customers' sessions.
ANONYMOUS_SHARE = 0.25
#: Share of viewed products from the customer's favourite category.
FAVOURITE_VIEW_SHARE = 0.55


def _sessions(
    rng: np.random.Generator,
    latent: LatentTraits,
    timeline: Timeline,
    alive: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Customer index (-1 for anonymous) and start time of every session, in time order."""
    n = len(latent)
    first_log_day = timeline.as_of_idx - parameters.WEB_LOG_DAYS + 1
    start = np.maximum(latent.signup_day, first_log_day)
    months = np.maximum(timeline.as_of_idx + 1 - start, 0) / 30.4
    rate = parameters.SEGMENT_BEHAVIOUR["web_sessions"][latent.segment] * np.where(alive, 1.0, 0.15)
    n_sessions = rng.poisson(rate * months)
    customer = np.repeat(np.arange(n), n_sessions).astype(np.int64)
    n_anonymous = int(len(customer) * ANONYMOUS_SHARE)
    n_known = len(customer)
    customer = np.concatenate([customer, np.full(n_anonymous, -1)])
    first_day = np.concatenate([start[customer[:n_known]], np.full(n_anonymous, first_log_day)])
    day = timeline.sample_days(rng, first_day, timeline.as_of_idx + 1)
    started_at = timeline.stamp(rng, day, calendar.hour_cdf("online"))
    in_time_order = np.argsort(started_at, kind="stable")
    return customer[in_time_order], started_at[in_time_order]


def _viewed_categories(
    rng: np.random.Generator, latent: LatentTraits, customer: np.ndarray
) -> np.ndarray:
    """Category of each event: by segment taste, often the customer's favourite."""
    known = customer >= 0
    segment = latent.segment[np.maximum(customer, 0)]
    category = choice_by_group(rng, segment, parameters.SEGMENT_BEHAVIOUR["category_pref"]).astype(
        np.int8
    )
    del segment
    use_favourite = known & (rng.random(len(customer)) < FAVOURITE_VIEW_SHARE)
    category[use_favourite] = latent.favourite[customer[use_favourite]]
    return category


def _products_of_categories(
    rng: np.random.Generator, products: pd.DataFrame, category: np.ndarray
) -> np.ndarray:
    """A product id drawn uniformly from each event's category."""
    n_categories = len(vocabularies.CATEGORIES)
    product_category = products["category_idx"].to_numpy()
    by_category = np.argsort(product_category, kind="stable")
    category_start = np.searchsorted(product_category[by_category], np.arange(n_categories))
    category_count = np.bincount(product_category, minlength=n_categories)
    offset = (rng.random(len(category)) * category_count[category]).astype(np.int64)
    product_idx = by_category[category_start[category] + offset]
    return products["product_id"].to_numpy()[product_idx]


def _payloads(
    event_type: np.ndarray,
    device: np.ndarray,
    referrer: np.ndarray,
    category: np.ndarray,
    product_id: np.ndarray,
    query: np.ndarray,
    cart_items: np.ndarray,
) -> np.ndarray:
    """The JSON text of every event (codes index EVENT_TYPE_P, DEVICES, REFERRER_P …)."""
    string = StringDType()
    device_names = np.array(DEVICES, dtype=string)
    referrer_names = np.array(list(REFERRER_P), dtype=string)
    category_names = np.array(vocabularies.CATEGORIES, dtype=string)
    payload = np.empty(len(event_type), dtype=object)
    for code, kind in enumerate(EVENT_TYPE_P):  # build each type's JSON only for its own rows
        rows = np.flatnonzero(event_type == code)
        head = join('{"device":"', device_names[device[rows]], '"')
        category_rows = category_names[category[rows]]
        if kind == "page_view":
            tail = join(
                ',"page":"/', category_rows, '","referrer":"', referrer_names[referrer[rows]], '"}'
            )
        elif kind == "search":
            tail = join(',"page":"/search","query":"', query[rows].astype(string), '"}')
        elif kind == "checkout":
            tail = join(',"page":"/checkout","cart_items":', cart_items[rows], "}")
        else:
            product = product_id[rows]
            tail = join(
                ',"page":"/product/',
                product,
                '","product_id":',
                product,
                ',"category":"',
                category_rows,
                '"',
                ',"quantity":1}' if kind == "add_to_cart" else "}",
            )
        payload[rows] = np.strings.add(head, tail).astype(object)
    return payload


def web_events(
    rng: np.random.Generator,
    latent: LatentTraits,
    timeline: Timeline,
    alive: np.ndarray,
    locale: GeneratorLocale,
    products: pd.DataFrame,
) -> pd.DataFrame:
    """The web analytics log of the last ``WEB_LOG_DAYS`` days: one JSON payload per event.

    Parameters
    ----------
    rng : numpy.random.Generator
        The web log's random stream.
    latent : LatentTraits
    timeline : Timeline
    alive : numpy.ndarray
        Whether each customer is still active at ``as_of`` (visits less if not).
    locale : GeneratorLocale
        Device shares and search terms.
    products : pandas.DataFrame
        The catalogue.

    Returns
    -------
    pandas.DataFrame
        ``customer_idx`` (-1 for anonymous visitors), ``session_no, occurred_at,
        event_type, payload``, in time order.
    """
    session_customer, session_start = _sessions(rng, latent, timeline, alive)
    n_sessions = len(session_customer)
    device = rng.choice(len(DEVICES), size=n_sessions, p=list(locale.device_shares))
    device = device.astype(np.int8)
    referrer = rng.choice(len(REFERRER_P), size=n_sessions, p=list(REFERRER_P.values()))
    referrer = referrer.astype(np.int8)

    n_events = 1 + rng.poisson(2.2, size=n_sessions)
    session = np.repeat(np.arange(n_sessions), n_events)
    first = np.concatenate([[0], np.cumsum(n_events)[:-1]])
    step = np.arange(len(session)) - first[session]
    gaps = rng.exponential(45, size=len(session)).astype(np.int64) + 5
    gaps[first] = 0
    elapsed = np.cumsum(gaps)
    at = session_start[session] + (elapsed - elapsed[first][session]).astype("timedelta64[s]")
    del gaps, elapsed
    event_types = list(EVENT_TYPE_P)
    event_type = rng.choice(
        len(event_types), size=len(session), p=list(EVENT_TYPE_P.values())
    ).astype(np.int8)
    event_type[step == 0] = event_types.index("page_view")  # a visit starts with a page view
    del step

    customer = session_customer[session]
    category = _viewed_categories(rng, latent, customer)
    product_id = _products_of_categories(rng, products, category)
    terms = texts()["search_terms"][locale.code]
    term = rng.integers(0, len(terms), size=len(session))
    cart_items = 1 + rng.poisson(1.0, len(session))

    # the log ends at as_of; order it in time, then write each event's JSON
    keep = at < timeline.as_of_end
    in_order = np.flatnonzero(keep)[np.lexsort((session[keep], at[keep]))]
    session, at, event_type, customer, category, product_id, term, cart_items = (
        values[in_order]
        for values in (session, at, event_type, customer, category, product_id, term, cart_items)
    )
    payload = _payloads(
        event_type,
        device[session],
        referrer[session],
        category,
        product_id,
        np.array(terms, dtype=object)[term],
        cart_items,
    )
    return pd.DataFrame(
        {
            "customer_idx": customer,
            "session_no": session,
            "occurred_at": at,
            "event_type": np.array(event_types, dtype=object)[event_type],
            "payload": payload,
        }
    )
