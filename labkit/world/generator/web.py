"""The web analytics log of the last WEB_LOG_DAYS days: the events of every visit, as a funnel.

A visit lands on a page (``page_view``), may search, views products
(``product_view``), may put one in the cart (``add_to_cart``) and, when it places
an order, checks out (``checkout``, which names the order). Which visits happen
is :mod:`labkit.world.generator.visits`; here each gets its events:

- a **buying visit** views the order's products (and a few others of their
  categories), adds each to the cart and checks out on the order's day, just
  before the order time;
- a **research visit** views the product the customer will buy (or one of its
  category), may search for it and often leaves it in the cart;
- **browsing** and **anonymous** visits often leave after one page (a bounce),
  else view a product or two, sometimes leaving one in the cart.

About two visits in a hundred end in an order and three carts in four are left
behind, as in real e-commerce. A search's query is about the product viewed
next (:mod:`labkit.world.generator.search_terms`). Each event carries a small
JSON payload - the semi-structured data of chapter 01.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.dtypes import StringDType

from labkit import vocabularies

from . import search_terms
from .consumers import LatentTraits
from .locales import GeneratorLocale
from .strings import join, labels
from .timeline import Timeline
from .visits import (
    DEVICES,
    USUAL_DEVICE_SHARE,
    Visits,
    interest_categories,
    plan_visits,
    random_products,
    usual_devices,
    visit_starts,
)

#: Where a visit came from: for logged-in customers and for anonymous visitors.
REFERRER_P = {
    "known": {"direct": 0.45, "search": 0.20, "social": 0.12, "email": 0.13, "ad": 0.10},
    "anonymous": {"direct": 0.20, "search": 0.38, "social": 0.22, "email": 0.02, "ad": 0.18},
}
#: Event types, in the funnel's order (:data:`labkit.vocabularies.WEB_EVENT_TYPES`).
EVENT_TYPES = vocabularies.WEB_EVENT_TYPES
PAGE_VIEW, PRODUCT_VIEW, SEARCH, ADD_TO_CART, CHECKOUT = range(len(EVENT_TYPES))


@dataclass(frozen=True)
class VisitHabit:
    """How one kind of visit that does not order goes.

    Attributes
    ----------
    bounce : float
        Share of visits that leave after the landing page.
    search : float
        Share of the other visits that search (right after landing).
    views : float
        Product views beyond the first: Poisson mean.
    cart : float
        Share of the other visits that put the product they came for in the cart.
    """

    bounce: float
    search: float
    views: float
    cart: float


#: How research, browsing and anonymous visits go (buying visits follow their order).
HABITS = {
    "research": VisitHabit(bounce=0.10, search=0.45, views=1.5, cart=0.30),
    "browse": VisitHabit(bounce=0.50, search=0.25, views=0.8, cart=0.14),
    "anonymous": VisitHabit(bounce=0.65, search=0.20, views=0.8, cart=0.04),
}
#: A buying visit: share that searches first, extra views of the category per order line.
BUYING_SEARCH_SHARE = 0.30
BUYING_EXTRA_VIEWS = 0.4
#: Share of extra product views that wander to another category.
WANDER_SHARE = 0.2
#: Seconds between two events of a visit: MIN_GAP + exponential(MEAN_GAP).
MIN_GAP, MEAN_GAP = 5, 40


@dataclass
class Events:
    """The events of every visit, in no particular order yet (one element per event)."""

    visit: np.ndarray
    position: np.ndarray  # order within the visit
    event_type: np.ndarray
    product: np.ndarray  # -1 where the event names no product
    quantity: np.ndarray

    @staticmethod
    def concat(parts: list[Events]) -> Events:
        """The events of several parts together."""
        return Events(
            *(
                np.concatenate([getattr(part, name) for part in parts])
                for name in Events.__annotations__
            )
        )


#: Position of the checkout in a visit (after every order line) and the room per order line.
LINE_ROOM = 64
CHECKOUT_POSITION = (1 << 24) - 1


def _browsing_events(
    rng: np.random.Generator, visits: Visits, products: pd.DataFrame, latent: LatentTraits
) -> Events:
    """Landing, search, product views and cart of the visits that do not order."""
    first = visits.n_buying
    kind = visits.kind[first:]
    habit = [HABITS["research"], HABITS["browse"], HABITS["anonymous"]]
    bounce_p, search_p, views_mean, cart_p = (
        np.array([getattr(h, name) for h in habit])[kind - 1]
        for name in ("bounce", "search", "views", "cart")
    )
    n = len(kind)
    bounce = rng.random(n) < bounce_p
    search = ~bounce & (rng.random(n) < search_p)
    views = np.where(bounce, 0, 1 + rng.poisson(views_mean))
    cart = ~bounce & (rng.random(n) < cart_p)
    n_events = 1 + search + views + cart
    visit = np.repeat(np.arange(first, first + n), n_events)
    local = visit - first
    step = np.arange(len(visit)) - np.repeat(np.cumsum(n_events) - n_events, n_events)
    view_rank = step - 1 - search[local]
    event_type = np.full(len(visit), PAGE_VIEW, np.int8)
    event_type[(step == 1) & search[local]] = SEARCH
    is_view = (view_rank >= 0) & (view_rank < views[local])
    event_type[is_view] = PRODUCT_VIEW
    event_type[view_rank == views[local]] = ADD_TO_CART
    # the first view (and the cart) is the product the visit is about; later views stay
    # in its category or wander to another of the customer's interests
    product = np.full(len(visit), -1, np.int64)
    focus = (view_rank == 0) | (event_type == ADD_TO_CART)
    product[focus] = visits.product[visit[focus]]
    later = is_view & (view_rank > 0)
    category = products["category_idx"].to_numpy()[visits.product[visit[later]]]
    wander = rng.random(len(category)) < WANDER_SHARE
    category[wander] = interest_categories(rng, latent, visits.customer[visit[later]][wander])
    product[later] = random_products(rng, products, category)
    quantity = np.where(event_type == ADD_TO_CART, 1 + (rng.random(len(visit)) < 0.1), 0)
    position = np.where(event_type == ADD_TO_CART, 2 + views[local], step)
    return Events(visit, position, event_type, product, quantity)


def _buying_events(
    rng: np.random.Generator, visits: Visits, order_items: pd.DataFrame, products: pd.DataFrame
) -> tuple[Events, np.ndarray]:
    """Landing, search, the order's lines (views, add to cart) and checkout of buying visits.

    Returns the events and the number of lines of each buying visit's order.
    """
    n = visits.n_buying
    line_order = order_items["order_id"].to_numpy()
    first = np.searchsorted(line_order, visits.order[:n], side="left")
    n_lines = np.searchsorted(line_order, visits.order[:n], side="right") - first
    line_visit = np.repeat(np.arange(n), n_lines)
    line = (
        np.repeat(first, n_lines)
        + np.arange(len(line_visit))
        - np.repeat(np.cumsum(n_lines) - n_lines, n_lines)
    )
    rank = line - first[line_visit]
    line_product = order_items["product_id"].to_numpy()[line] - 1
    extra = np.minimum(rng.poisson(BUYING_EXTRA_VIEWS, size=len(line)), LINE_ROOM - 4)
    per_line = extra + 2
    event_line = np.repeat(np.arange(len(line)), per_line)
    step = np.arange(len(event_line)) - np.repeat(np.cumsum(per_line) - per_line, per_line)
    is_extra = step < extra[event_line]
    is_add = step == per_line[event_line] - 1
    event_type = np.where(is_add, ADD_TO_CART, PRODUCT_VIEW).astype(np.int8)
    product = line_product[event_line]
    product[is_extra] = random_products(
        rng, products, products["category_idx"].to_numpy()[product[is_extra]]
    )
    quantity = np.where(is_add, order_items["quantity"].to_numpy()[line][event_line], 0)
    lines = Events(
        line_visit[event_line],
        2 + LINE_ROOM * rank[event_line] + np.where(is_extra, step, np.where(is_add, 63, 62)),
        event_type,
        product,
        quantity,
    )
    search = rng.random(n) < BUYING_SEARCH_SHARE
    searching = np.flatnonzero(search)
    visit = np.arange(n)
    head = Events(
        np.concatenate([visit, searching, visit]),
        np.concatenate(
            [
                np.zeros(n, np.int64),
                np.ones(len(searching), np.int64),
                np.full(n, CHECKOUT_POSITION, np.int64),
            ]
        ),
        np.concatenate(
            [np.full(n, PAGE_VIEW), np.full(len(searching), SEARCH), np.full(n, CHECKOUT)]
        ).astype(np.int8),
        np.full(2 * n + len(searching), -1, np.int64),
        np.zeros(2 * n + len(searching), np.int64),
    )
    return Events.concat([head, lines]), n_lines


def _event_times(
    rng: np.random.Generator, visits: Visits, events: Events, start: np.ndarray
) -> np.ndarray:
    """When each event happens; ``events`` must be sorted by visit, then position.

    Visits that do not order run forward from their start; buying visits run
    backward from their checkout and are squeezed, if need be, to begin on the
    order's day.
    """
    visit = events.visit
    first = np.flatnonzero(np.r_[True, visit[1:] != visit[:-1]])
    gaps = MIN_GAP + rng.exponential(MEAN_GAP, size=len(visit)).astype(np.int64)
    gaps[first] = 0
    elapsed = np.cumsum(gaps)
    elapsed -= np.repeat(elapsed[first], np.diff(np.r_[first, len(visit)]))
    buying = visit < visits.n_buying
    at = np.empty(len(visit), dtype="datetime64[s]")
    at[~buying] = start[visit[~buying]] + elapsed[~buying].astype("timedelta64[s]")
    # buying visits: the last event (checkout) at checkout_at, the first on the same day
    total = np.zeros(visits.n_buying, np.int64)
    np.maximum.at(total, visit[buying], elapsed[buying])
    checkout = visits.checkout_at
    room = (checkout - checkout.astype("datetime64[D]")).astype(np.int64)
    squeeze = np.minimum(1.0, room / np.maximum(total, 1))
    before_checkout = ((total[visit[buying]] - elapsed[buying]) * squeeze[visit[buying]]).astype(
        np.int64
    )
    at[buying] = checkout[visit[buying]] - before_checkout.astype("timedelta64[s]")
    return at


def _payloads(
    event_type: np.ndarray,
    visit: np.ndarray,
    visits: Visits,
    device: np.ndarray,
    referrer: np.ndarray,
    named: np.ndarray,
    products: pd.DataFrame,
    queries: np.ndarray,
    quantity: np.ndarray,
    n_lines: np.ndarray,
) -> np.ndarray:
    """The JSON text of every event.

    ``device`` and ``referrer`` are per visit (codes of DEVICES and REFERRERS),
    ``named`` is the product (index) each event names or is about, ``queries``
    the text of each search in order, ``n_lines`` the lines of each buying visit.
    """
    string = StringDType()
    device_names = np.array(DEVICES, dtype=string)
    referrer_names = np.array(REFERRERS, dtype=string)
    category_names = np.array(vocabularies.CATEGORIES, dtype=string)
    category_of = products["category_idx"].to_numpy()
    product_ids = products["product_id"].to_numpy()
    payload = np.empty(len(event_type), dtype=object)
    for code, kind in enumerate(EVENT_TYPES):  # build each type's JSON only for its own rows
        rows = np.flatnonzero(event_type == code)
        of_visit = visit[rows]
        head = join('{"device":"', device_names[device[of_visit]], '"')
        if kind == "page_view":
            tail = join(
                ',"page":"/',
                category_names[category_of[named[rows]]],
                '","referrer":"',
                referrer_names[referrer[of_visit]],
                '"}',
            )
        elif kind == "search":
            tail = join(',"page":"/search","query":"', queries.astype(string), '"}')
        elif kind == "checkout":
            tail = join(
                ',"page":"/checkout","cart_items":',
                n_lines[of_visit],
                ',"order_id":',
                visits.order[of_visit],
                "}",
            )
        else:
            product = product_ids[named[rows]]
            tail = join(
                ',"page":"/product/',
                product,
                '","product_id":',
                product,
                ',"category":"',
                category_names[category_of[named[rows]]],
                '"',
                join(',"quantity":', quantity[rows], "}") if kind == "add_to_cart" else "}",
            )
        payload[rows] = np.strings.add(head, tail).astype(object)
        del head, tail
    return payload


#: Referrers of a visit (the keys of each REFERRER_P entry, in order).
REFERRERS = tuple(REFERRER_P["known"])


def web_events(
    rng: np.random.Generator,
    latent: LatentTraits,
    timeline: Timeline,
    alive: np.ndarray,
    locale: GeneratorLocale,
    products: pd.DataFrame,
    orders: pd.DataFrame,
    order_items: pd.DataFrame,
    future_orders: pd.DataFrame,
) -> pd.DataFrame:
    """The web analytics log of the last ``WEB_LOG_DAYS`` days: one JSON payload per event.

    Parameters
    ----------
    rng : numpy.random.Generator
        The web log's random stream.
    latent : LatentTraits
    timeline : Timeline
    alive : numpy.ndarray
        Whether each customer is still active at ``as_of`` (browses less if not).
    locale : GeneratorLocale
        Device shares and the language of the search queries.
    products : pandas.DataFrame
        The catalogue (``category_idx``, in product id order).
    orders, order_items : pandas.DataFrame
        The learner tables ``orders`` (sorted by order_id) and ``order_items``
        (sorted by order_id): buying visits check out the online orders, research
        visits come before the orders.
    future_orders : pandas.DataFrame
        ``customer_idx, day, channel_code`` of the orders in the days after as_of
        (their research visits fall at the end of the log).

    Returns
    -------
    pandas.DataFrame
        ``customer_idx`` (-1 for anonymous visitors), ``session_no, occurred_at,
        event_type, payload``, in time order.
    """
    visits = plan_visits(rng, latent, timeline, alive, products, orders, order_items, future_orders)
    n_visits = len(visits.customer)
    known = visits.customer >= 0
    usual = usual_devices(
        rng, latent.age if latent.age is not None else np.full(len(latent), 35.0), locale
    )
    device = rng.choice(len(DEVICES), size=n_visits, p=list(locale.device_shares)).astype(np.int8)
    keep_usual = known & (rng.random(n_visits) < USUAL_DEVICE_SHARE)
    device[keep_usual] = usual[visits.customer[keep_usual]]
    referrer = np.where(
        known,
        rng.choice(len(REFERRERS), size=n_visits, p=list(REFERRER_P["known"].values())),
        rng.choice(len(REFERRERS), size=n_visits, p=list(REFERRER_P["anonymous"].values())),
    ).astype(np.int8)
    start = np.empty(n_visits, dtype="datetime64[s]")
    start[visits.n_buying :] = visit_starts(
        rng, timeline, visits.day[visits.n_buying :], device[visits.n_buying :]
    )

    buying_events, n_lines = _buying_events(rng, visits, order_items, products)
    browsing_events = _browsing_events(rng, visits, products, latent)
    events = Events.concat([buying_events, browsing_events])
    del buying_events, browsing_events
    in_visit_order = np.argsort(events.visit << 24 | events.position, kind="stable")
    events = Events(*(getattr(events, name)[in_visit_order] for name in Events.__annotations__))
    del in_visit_order
    at = _event_times(rng, visits, events, start)

    # the log ends at as_of; order it in time (a visit's own order breaks ties), then
    # write each event's JSON
    keep = np.flatnonzero(at < timeline.as_of_end)
    in_time = keep[np.argsort(at[keep].astype(np.int64), kind="stable")]
    del keep
    visit, event_type = events.visit[in_time], events.event_type[in_time]
    occurred_at, quantity = at[in_time], events.quantity[in_time]
    named = events.product[in_time]  # the product an event names, else its visit's
    del events, at, in_time
    unnamed = named < 0
    named[unnamed] = visits.product[visit[unnamed]]
    del unnamed
    searches = np.flatnonzero(event_type == SEARCH)
    queries = search_terms.draw_queries(
        rng,
        search_terms.query_vocabulary(locale.language, len(products)),
        named[searches],
        products["category_idx"].to_numpy()[named[searches]],
        len(products),
    )
    payload = _payloads(
        event_type, visit, visits, device, referrer, named, products, queries, quantity, n_lines
    )
    del named, quantity, queries
    return pd.DataFrame(
        {
            "customer_idx": visits.customer[visit],
            "session_no": visit,
            "occurred_at": occurred_at,
            "event_type": labels(EVENT_TYPES, event_type),
            "payload": payload,
        }
    )
