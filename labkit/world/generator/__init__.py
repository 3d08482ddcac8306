"""The Xudong world generator. Use :func:`labkit.make_world`; this is its engine.

:func:`generate` makes every table and every planted truth from
``(seed, n_customers, locale, as_of)``. Each part of the world has its own
random stream (spawned from the seed), so changing how one table is made does
not reshuffle the others. The locale is one
:class:`~labkit.world.generator.locales.GeneratorLocale`, built once and
passed down.

Modules, in the order the world is made:

- ``parameters`` - the numbers of the planted structure (``world.truth.params``)
- ``locales`` - what differs between locales (currency, phones, festivals …)
- ``calendar`` and ``timeline`` - how busy each day and hour is; the days of the world
- ``pools`` - names, places, phones, e-mails and addresses
- ``demography`` and ``people`` - who the consumers are, per locale (age, education,
  marriage, occupation, income, household)
- ``consumers`` - the customers and their latent traits
- ``orders`` - the purchase process (MBG/NBD with a burn-in): when and where consumers buy
- ``demand`` - what each order holds: categories, products, staples, bundles, discounts
- ``commerce`` - stores, payment methods, delivery fees and order status
- ``engagement``, ``feedback_texts`` and ``survey_answers`` - service tickets, reviews
  written clause by clause, and the yearly survey's fieldwork
- ``churn`` - who leaves after ``as_of``
- ``campaigns`` - the marketing campaigns and the orders they cause (before the order lines)
- ``visits``, ``web`` and ``search_terms`` - the web log: who visits, the funnel of events
  of each visit, and the search queries
- ``business`` - business accounts and their contacts; ``industries`` and
  ``company_names`` (what each industry looks like, names that fit it),
  ``financials`` (yearly statements), ``billing`` (invoices and payments) and
  ``pipeline`` (sales opportunities)
- ``records`` and ``capture_habits`` - the raw records of four capture sources
- ``tables`` - the learner-facing tables and the truth tables
- ``sampling`` and ``strings`` - shared categorical draws and string building
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import (
    business,
    campaigns,
    churn,
    commerce,
    consumers,
    demand,
    engagement,
    locales,
    orders,
    parameters,
    records,
    tables,
    web,
)
from .locales import GeneratorLocale
from .strings import labels
from .timeline import Timeline

__all__ = ["STREAMS", "catalogue", "generate", "labels"]

#: The random streams of a world, one per part, spawned from the seed in this order.
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
    "commerce",
)
#: One business account per this many consumers (at least MIN_ACCOUNTS).
CONSUMERS_PER_ACCOUNT = 20
MIN_ACCOUNTS = 30


def random_streams(seed: int) -> dict[str, np.random.Generator]:
    """One independent random generator per part of the world (:data:`STREAMS`).

    Examples
    --------
    >>> streams = random_streams(2026)
    >>> list(streams)[:2]
    ['customers', 'orders']
    """
    seeds = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return dict(zip(STREAMS, [np.random.default_rng(s) for s in seeds], strict=True))


def catalogue(locale: GeneratorLocale | str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The product table and the planted bundles for a locale.

    Parameters
    ----------
    locale : GeneratorLocale or str
        The locale (or its code): the language of the names and the currency of the prices.

    Returns
    -------
    products : pandas.DataFrame
        ``product_id, name, category, price, unit_cost, category_idx, tier,
        replacement_days, season, female_share, audience, locale_weight``.
    bundles : pandas.DataFrame
        ``bundle_idx, bundle_name, product_idx``: one row per product of a bundle.

    Examples
    --------
    >>> products, bundles = catalogue("en_US")
    >>> list(products.columns[:3])
    ['product_id', 'name', 'category']
    """
    locale = locales.resolve(locale)
    base = resources.files("labkit") / "data"
    with (base / "catalogue.csv").open(encoding="utf-8") as fh:
        source = pd.read_csv(fh)
    with (base / "bundles.csv").open(encoding="utf-8") as fh:
        bundle_source = pd.read_csv(fh)
    name_column = f"name_{locale.language}"
    price = source[f"price_{locale.currency.lower()}"]
    products = pd.DataFrame(
        {
            "product_id": np.arange(1, len(source) + 1, dtype=np.int64),
            "name": source[name_column],
            "category": source["category"],
            "price": price.round(2),
            "unit_cost": (price * source["cost_ratio"]).round(2),
        }
    )
    category_index = {category: i for i, category in enumerate(parameters.CATEGORIES)}
    products["category_idx"] = products["category"].map(category_index).astype(np.int64)
    products["tier"] = source["tier"].astype(np.int64)
    for column in ("replacement_days", "season", "female_share", "audience"):
        products[column] = source[column]
    products["locale_weight"] = source[f"weight_{locale.language}"].astype(float)
    product_index = {key: i for i, key in enumerate(source["product_key"])}
    bundle_keys = list(dict.fromkeys(bundle_source["bundle_key"]))
    bundles = pd.DataFrame(
        {
            "bundle_idx": bundle_source["bundle_key"]
            .map({key: i for i, key in enumerate(bundle_keys)})
            .astype(np.int64),
            "bundle_name": bundle_source[name_column],
            "product_idx": bundle_source["product_key"].map(product_index).astype(np.int64),
        }
    )
    return products, bundles


def _commercial_fields(
    rng: np.random.Generator,
    history: pd.DataFrame,
    items: pd.DataFrame,
    latent: consumers.LatentTraits,
    customers: pd.DataFrame,
    products: pd.DataFrame,
    store_table: pd.DataFrame,
    timeline: Timeline,
) -> None:
    """Add ``store_idx, payment_code, status_code, status, shipping_fee`` to the orders frame."""
    customer = history["customer_idx"].to_numpy()
    channel = history["channel_code"].to_numpy()
    home = commerce.home_stores(rng, customers, store_table)
    history["store_idx"] = commerce.order_stores(rng, customer, channel, home, store_table)
    history["payment_code"] = commerce.payment_methods(
        rng, channel, latent.age[customer], timeline.locale
    ).astype(np.int8)
    status = commerce.order_status(
        rng, channel, history["day"].to_numpy(), items, products, timeline
    )
    history["status_code"] = status
    history["status"] = labels(vocabularies.ORDER_STATUSES, status)
    cancelled = status == vocabularies.ORDER_STATUSES.index("cancelled")
    value = tables.order_values(history, items, products)
    history["shipping_fee"] = commerce.shipping_fees(channel, value, cancelled, timeline.locale)


def generate(
    seed: int,
    n_customers: int,
    locale: str,
    as_of: pd.Timestamp,
    step: Callable[[str], None] | None = None,
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame], dict]:
    """Make every table and every planted truth.

    Parameters
    ----------
    seed : int
        Seeds every random stream and the Faker pools.
    n_customers : int
        Number of consumers.
    locale : str
        Locale code, one of :data:`labkit.settings.LOCALES`.
    as_of : pandas.Timestamp
        The world's "today": the learner sees nothing after it.
    step : callable, optional
        Called with the name of each stage as it starts (for progress bars).

    Returns
    -------
    tables : dict of DataFrames (learner-facing)
    truth : dict of DataFrames (the answer key)
    params : dict (how it was made)
    """
    step = step or (lambda _name: None)
    world_locale = locales.by_code(locale)
    streams = random_streams(seed)
    timeline = Timeline.make(as_of, world_locale)

    step("customers")
    customers, latent = consumers.make_customers(
        streams["customers"], n_customers, world_locale, timeline, seed
    )
    products, bundles = catalogue(world_locale)

    step("orders")
    all_orders, outlook = orders.simulate_orders(streams["orders"], latent, timeline)
    # the churn window's orders decide `churned`; the learner never sees them
    in_history = all_orders["day"].to_numpy() <= timeline.as_of_idx
    future_customer = all_orders.loc[~in_history, "customer_idx"].to_numpy()
    # marketing: the orders after as_of, whose research visits end the web log
    future_orders = all_orders.loc[~in_history, ["customer_idx", "day", "channel_code"]]
    history = all_orders[in_history].reset_index(drop=True)
    del all_orders, in_history
    # marketing: campaigns add the orders they cause (campaign_idx) before the order lines
    history, marketing = campaigns.run_campaigns(
        streams["campaigns"],
        history,
        latent,
        timeline,
        customers["marketing_consent"].to_numpy(),
        customers["email"].notna().to_numpy(),
        world_locale,
    )
    discount, items = demand.order_details(
        streams["items"], history, latent, products, bundles, timeline
    )
    history["discount"] = discount
    history["discount"] = campaigns.offer_discounts(history, marketing.table)  # marketing
    store_table = commerce.stores(world_locale)
    _commercial_fields(
        streams["commerce"], history, items, latent, customers, products, store_table, timeline
    )
    first_product = tables.first_products(items, len(history))
    order_items = tables.order_items_table(items, products)
    del items  # the learner-facing order lines are made: the working copy can go

    step("service")
    tickets = engagement.tickets(streams["tickets"], history, latent, timeline)
    feedback = engagement.feedback(
        streams["feedback"],
        history,
        tickets,
        latent,
        timeline,
        world_locale,
        products["name"].to_numpy(),
        first_product,
    )
    surveys = engagement.surveys(streams["surveys"], latent, timeline, tickets)

    step("churn")
    organic = history[~history["incremental"].to_numpy()]  # marketing: the purchase process only
    outcome = churn.churn(
        streams["churn"], organic, future_customer, latent, timeline, tickets, feedback, outlook
    )
    del organic
    learner_orders = tables.orders_table(history)
    del history  # the learner-facing orders are made: the working copy can go

    step("web")
    web_events = web.web_events(
        streams["web"],
        latent,
        timeline,
        outcome.alive,
        world_locale,
        products,
        learner_orders,
        order_items,
        future_orders,
    )
    del future_orders

    step("business")
    n_accounts = max(MIN_ACCOUNTS, n_customers // CONSUMERS_PER_ACCOUNT)
    b2b = business.make_business(streams["business"], n_accounts, world_locale, timeline)

    step("records")
    raw_records, duplicates, errors = records.make_raw_records(
        streams["records"], customers, timeline, world_locale, seed
    )

    step("assemble")
    customers["member_tier"] = tables.member_tiers(learner_orders, order_items, as_of, n_customers)
    learner_tables = {
        "customers": customers,
        "accounts": b2b["accounts"],
        "contacts": b2b["contacts"],
        "products": products[["product_id", "name", "category", "price", "unit_cost"]],
        "stores": store_table,
        "orders": learner_orders,
        "order_items": order_items,
        "web_events": tables.web_events_table(web_events),
        "campaigns": tables.campaigns_table(marketing.table),
        "campaign_responses": tables.responses_table(marketing.responses),
        "service_tickets": tables.tickets_table(tickets),
        "feedback": tables.feedback_table(feedback),
        "surveys": tables.surveys_table(surveys),
        "invoices": b2b["invoices"],
        "opportunities": b2b["opportunities"],
        "account_financials": b2b["account_financials"],
        "raw_records": raw_records,
    }
    del web_events
    truth = tables.truth_tables(
        latent, outcome, products, bundles, feedback, b2b["credit"], duplicates, errors
    )
    truth["uplift"] = tables.uplift_table(marketing.responses, marketing.uplift)  # marketing
    info = parameters.as_dict()
    info["defection_probability_mean"] = float(np.round(outcome.defection_probability.mean(), 6))
    return learner_tables, truth, info
