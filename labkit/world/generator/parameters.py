"""Parameters of the planted structure: one place, documented.

Every name in :data:`PARAMETER_NAMES` is copied, in that order, into
``world.truth.params`` (and ``world.json``) so a learner or an instructor can
see exactly how the world was made. The value sets (segments, categories,
channels, record sources) come from :mod:`labkit.vocabularies`; the numbers
that shape behaviour are stated here.

>>> from labkit.world.generator import parameters
>>> parameters.SEGMENTS
('vip', 'loyal', 'bargain', 'occasional', 'browser')
>>> list(parameters.as_dict())[:3]
['segments', 'segment_share', 'categories']
"""

from __future__ import annotations

import numpy as np

from labkit import vocabularies

#: Behavioural segments of consumers (planted truth for clustering).
SEGMENTS = vocabularies.SEGMENTS
#: Share of consumers in each segment; follows SEGMENTS.
SEGMENT_SHARE = np.array([0.10, 0.20, 0.25, 0.30, 0.15])

#: Product categories; the columns of ``SEGMENT_BEHAVIOUR["category_pref"]``.
CATEGORIES = vocabularies.CATEGORIES
#: Order channels; the columns of ``SEGMENT_BEHAVIOUR["channel_mix"]``.
ORDER_CHANNELS = vocabularies.ORDER_CHANNELS
#: Sign-up channels; the columns of ``SEGMENT_BEHAVIOUR["signup_mix"]``.
SIGNUP_CHANNELS = vocabularies.SIGNUP_CHANNELS

#: Per-segment behaviour. Rows follow SEGMENTS.
SEGMENT_BEHAVIOUR = {
    # BG/NBD-style repeat purchasing: rate lambda ~ Gamma(shape, mean=orders_per_year/365),
    # dropout probability after each repeat purchase p ~ Beta(a, b).
    "orders_per_year": np.array([14.0, 9.0, 6.0, 2.5, 3.0]),
    "gamma_shape": np.array([4.0, 4.0, 4.0, 4.0, 4.0]),
    "dropout_a": np.array([1.0, 1.0, 1.0, 1.5, 1.0]),
    "dropout_b": np.array([32.0, 19.0, 10.0, 8.5, 9.0]),
    # order channel mix: online, store, call_centre
    "channel_mix": np.array(
        [
            [0.62, 0.30, 0.08],
            [0.08, 0.88, 0.04],
            [0.88, 0.10, 0.02],
            [0.15, 0.30, 0.55],
            [0.95, 0.03, 0.02],
        ]
    ),
    # signup channel mix: store, online, call_centre, referral
    "signup_mix": np.array(
        [
            [0.35, 0.40, 0.10, 0.15],
            [0.62, 0.23, 0.08, 0.07],
            [0.12, 0.78, 0.03, 0.07],
            [0.30, 0.20, 0.40, 0.10],
            [0.04, 0.89, 0.02, 0.05],
        ]
    ),
    # share of orders with a discount, and the mean discount when there is one
    "discount_share": np.array([0.03, 0.10, 0.95, 0.20, 0.15]),
    "discount_mean": np.array([0.05, 0.06, 0.28, 0.08, 0.08]),
    # extra order lines beyond the first: Poisson mean
    "extra_lines": np.array([2.8, 1.0, 0.6, 0.4, 0.3]),
    # latent spending power (wealth) mean, in standard units
    "wealth_mean": np.array([1.7, 0.1, -0.7, 0.0, -0.2]),
    # browsing visits to the website / app per month while active (besides the visits
    # that research or place an order; see labkit.world.generator.web)
    "web_sessions": np.array([2.4, 1.2, 3.0, 0.8, 12.0]),
    # base satisfaction (drives NPS, feedback sentiment)
    "satisfaction": np.array([0.6, 0.9, -0.2, 0.0, 0.1]),
    # category preferences, columns follow CATEGORIES
    "category_pref": np.array(
        [
            [0.18, 0.22, 0.12, 0.14, 0.06, 0.16, 0.07, 0.05],
            [0.06, 0.07, 0.18, 0.13, 0.32, 0.10, 0.10, 0.04],
            [0.10, 0.04, 0.10, 0.24, 0.20, 0.22, 0.08, 0.02],
            [0.14, 0.14, 0.12, 0.12, 0.16, 0.14, 0.10, 0.08],
            [0.26, 0.10, 0.07, 0.16, 0.07, 0.23, 0.06, 0.05],
        ]
    ),
}

HISTORY_YEARS = 4  # signups start this many years before as_of
CHURN_WINDOW_DAYS = 90  # churned = no order in the 90 days after as_of
NEVER_BUY_SHARE = 0.10  # registered but never ordered ("potential" customers)
ACQUISITION_GROWTH = 0.30  # yearly growth of new signups
FAVOURITE_SHARE = 0.40  # share of order lines from the customer's favourite category
BUNDLE_RATE = 0.07  # share of orders that contain a planted bundle
WEB_LOG_DAYS = 14  # the web analytics log covers this many days up to as_of

#: Correlation between latent wealth and log income (before purchase noise).
INCOME_WEALTH_RHO = 0.75
#: Target: Pearson correlation of log(income) with log(monthly spending) among
#: customers with 3+ orders; the generator is calibrated to land near it.
INCOME_SPENDING_CORR = 0.45

# Service-driven defection at as_of (part of churn): logit of q.
DEFECTION_LOGIT = {
    "intercept": -2.8,
    "complaints_180d": 2.0,
    "unresolved_tickets": 2.2,
    "negative_feedback_180d": 1.0,
    "tenure_years": -0.25,
}

TICKET_RATE = 0.05  # tickets per historical order (times a customer frailty)
REVIEW_RATE = 0.04  # reviews per historical order
SURVEY_SHARE = 0.20  # share of customers who answered the yearly survey

#: Raw-record capture: each source's formatting habits and error rates.
SOURCES = vocabularies.RECORD_SOURCES
DUPLICATE_SHARE = 0.05  # share of raw_records rows that repeat a person already captured
PROSPECT_SHARE = 0.06  # share of raw_records rows from the purchased list of non-customers
ERROR_RATES = {  # per source: store, web, call centre, purchased list
    "invalid_phone": np.array([0.06, 0.01, 0.03, 0.04]),
    "invalid_email": np.array([0.04, 0.015, 0.07, 0.03]),
    "impossible_birth_date": np.array([0.02, 0.03, 0.01, 0.02]),
    "province_city_mismatch": np.array([0.01, 0.015, 0.01, 0.05]),
}
MISSING_RATES = {  # per source: share of rows with the field left empty
    "email": np.array([0.40, 0.02, 0.45, 0.15]),
    "birth_date": np.array([0.10, 0.05, 0.30, 0.08]),
    "address": np.array([0.15, 0.05, 0.35, 0.10]),
}

# --------------------------------------------------------------------------- marketing
#: Share of the eligible customers (marketing consent, signed up before the campaign,
#: an e-mail address for e-mail campaigns) each campaign targets, and the share of the
#: targeted held out at random (not contacted, tracked to measure the campaign's effect).
CAMPAIGN_AUDIENCE_SHARE = 0.5
CAMPAIGN_HOLDOUT_SHARE = 0.2
#: Per channel: share of messages opened and share clicked through (both of those sent),
#: near published benchmarks (see labkit.world.dictionary.facts_marketing).
CAMPAIGN_RESPONSE = {
    "email": {"open": 0.20, "click": 0.02},
    "sms": {"open": 0.95, "click": 0.06},
    "app_push": {"open": 0.04, "click": 0.03},
    "wechat": {"open": 0.04, "click": 0.02},
}
#: The planted campaign effect: the chance that a contacted customer places an extra
#: (incremental) order in the campaign window = channel × recency × age × offer factors,
#: for customers still buying (see truth/uplift).
CAMPAIGN_UPLIFT = {
    # incremental purchase probability of a reference customer (31-90 days since the last
    # order, aged 35-54, not a bargain hunter on a discount)
    "channel": {"email": 0.04, "sms": 0.06, "app_push": 0.05, "wechat": 0.05},
    # days since the last order at the campaign's start: at most 30, 90, 180, 365, more
    "recency_days": (30, 90, 180, 365),
    "recency": (0.25, 1.0, 1.6, 0.8, 0.2),
    # age bands: under 35, 35-54, 55 and over; app_push and wechat move the young,
    # email and sms the older
    "age_from": (35, 55),
    "age_app": (1.4, 1.0, 0.5),
    "age_classic": (0.7, 1.0, 1.3),
    # bargain hunters on a discount or coupon offer; vip customers buy anyway
    "bargain_on_discount": 2.0,
    "vip": 0.5,
}

#: The parameters recorded in ``world.truth.params``, in their recorded order.
PARAMETER_NAMES = (
    "SEGMENTS",
    "SEGMENT_SHARE",
    "CATEGORIES",
    "ORDER_CHANNELS",
    "SIGNUP_CHANNELS",
    "SEGMENT_BEHAVIOUR",
    "HISTORY_YEARS",
    "CHURN_WINDOW_DAYS",
    "NEVER_BUY_SHARE",
    "ACQUISITION_GROWTH",
    "FAVOURITE_SHARE",
    "BUNDLE_RATE",
    "WEB_LOG_DAYS",
    "INCOME_WEALTH_RHO",
    "INCOME_SPENDING_CORR",
    "DEFECTION_LOGIT",
    "TICKET_RATE",
    "REVIEW_RATE",
    "SURVEY_SHARE",
    "SOURCES",
    "DUPLICATE_SHARE",
    "PROSPECT_SHARE",
    "ERROR_RATES",
    "MISSING_RATES",
    "CAMPAIGN_AUDIENCE_SHARE",
    "CAMPAIGN_HOLDOUT_SHARE",
    "CAMPAIGN_RESPONSE",
    "CAMPAIGN_UPLIFT",
)


def _plain(value: object) -> object:
    """A parameter value as JSON-friendly Python (arrays and tuples become lists)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return list(value)
    return value


def as_dict() -> dict[str, object]:
    """All parameters as plain JSON-friendly Python values, keyed by lower-case name.

    Returns
    -------
    dict
        One entry per name of :data:`PARAMETER_NAMES`, in that order.

    Examples
    --------
    >>> as_dict()["history_years"]
    4
    """
    here = globals()
    return {name.lower(): _plain(here[name]) for name in PARAMETER_NAMES}
