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
#: (Shares of sign-ups; the long-lived vip and loyal customers weigh more among
#: the customers who buy in any one year.)
SEGMENT_SHARE = np.array([0.06, 0.14, 0.24, 0.36, 0.20])

#: Product categories; the columns of ``SEGMENT_BEHAVIOUR["category_pref"]``.
CATEGORIES = vocabularies.CATEGORIES
#: Order channels; the columns of ``SEGMENT_BEHAVIOUR["channel_mix"]``.
ORDER_CHANNELS = vocabularies.ORDER_CHANNELS
#: Sign-up channels; the columns of ``SEGMENT_BEHAVIOUR["signup_mix"]``.
SIGNUP_CHANNELS = vocabularies.SIGNUP_CHANNELS

#: Per-segment behaviour. Rows follow SEGMENTS.
SEGMENT_BEHAVIOUR = {
    # MBG/NBD repeat purchasing: rate lambda ~ Gamma(shape, mean=orders_per_year/365),
    # drop-out probability after each purchase (the first included) p ~ Beta(a, b).
    "orders_per_year": np.array([15.0, 6.0, 2.6, 0.9, 1.1]),
    "gamma_shape": np.array([4.0, 4.0, 4.0, 4.0, 4.0]),
    "dropout_a": np.array([2.0, 2.0, 2.0, 3.0, 3.0]),
    "dropout_b": np.array([26.0, 10.0, 2.0, 1.6, 2.0]),
    # order channel mix: online, store, call_centre
    "channel_mix": np.array(
        [
            [0.62, 0.30, 0.08],
            [0.08, 0.88, 0.04],
            [0.88, 0.10, 0.02],
            [0.12, 0.23, 0.65],
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
    "extra_lines": np.array([3.5, 0.6, 0.6, 0.4, 0.3]),
    # latent spending power (wealth) mean, in standard units
    "wealth_mean": np.array([1.7, 0.1, -0.7, 0.0, -0.2]),
    # browsing visits to the website / app per month while active (besides the visits
    # that research or place an order; see labkit.world.generator.web)
    "web_sessions": np.array([0.5, 0.25, 0.6, 0.2, 3.0]),
    # base satisfaction (drives NPS, feedback sentiment)
    "satisfaction": np.array([0.6, 0.9, -0.2, 0.0, 0.1]),
    # category preferences, columns follow CATEGORIES (pet_supplies last)
    "category_pref": np.array(
        [
            [0.18, 0.22, 0.12, 0.14, 0.06, 0.16, 0.07, 0.05, 0.05],
            [0.06, 0.07, 0.18, 0.13, 0.32, 0.10, 0.10, 0.04, 0.05],
            [0.10, 0.04, 0.10, 0.24, 0.20, 0.22, 0.08, 0.02, 0.05],
            [0.14, 0.14, 0.12, 0.12, 0.16, 0.14, 0.10, 0.08, 0.05],
            [0.26, 0.10, 0.07, 0.16, 0.07, 0.23, 0.06, 0.05, 0.05],
        ]
    ),
}

HISTORY_YEARS = 4  # the learner sees this many years of orders up to as_of
CHURN_WINDOW_DAYS = 90  # churned = no order in the 90 days after as_of
NEVER_BUY_SHARE = 0.12  # registered but never ordered ("potential" customers)
ACQUISITION_GROWTH = 0.02  # yearly growth of new signups (a mature business)
FAVOURITE_SHARE = 0.40  # share of order lines from the customer's favourite category
BUNDLE_RATE = 0.07  # share of orders that contain a planted bundle
WEB_LOG_DAYS = 90  # the web analytics log covers this many days up to as_of

#: Correlation between latent wealth and the part of log income that is not demographic
#: (the demographic part is in the block "people" below).
INCOME_WEALTH_RHO = 0.9
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

#: Service tickets per order (times the customer's frailty, before return_refund tickets, which
#: come from returned orders): with them about 14 tickets per 100 orders. Online shops get about
#: 7 tickets per 100 orders (Gorgias, 2024: one per 15 orders); a service centre that also
#: takes the questions about store and phone orders and the returns gets more.
TICKET_RATE = 0.16
#: Share of the orders (not cancelled) after which the customer is asked for a review, by
#: locale: a post-purchase e-mail in the US (Bazaarvoice, 2016: the most common way to collect
#: reviews; Clutch, 2017: 81% of US online shoppers never write one, 23% write when asked by
#: e-mail); in China the platform asks every online buyer to rate an order after confirming
#: receipt (Taobao and JD.com: a review within 15 days, else a default positive rating).
#: About two in three of those asked write (REVIEW_SELECTION): reviews follow about 13% (en_US)
#: and 19% (zh_CN) of the orders.
REVIEW_RATE = {"en_US": 0.2, "zh_CN": 0.28}
SURVEY_SHARE = 0.20  # share of invited customers who answered the yearly survey

# ---------------------------------------------------------------- service, feedback and surveys
#: Share of tickets solved at the first contact, by topic (follows TICKET_TOPICS:
#: delivery, product_fault, return_refund, billing, complaint); e-mail tickets × 0.85.
FIRST_CONTACT_RESOLUTION = np.array([0.82, 0.66, 0.76, 0.85, 0.55])
#: Median hours to resolve a ticket not solved at first contact, by priority
#: (follows TICKET_PRIORITIES: low, normal, high); complaints take 1.5 times as long.
ESCALATED_HOURS = np.array([60.0, 28.0, 8.0])
#: Standard deviation of log resolution hours (log-normal times with a long tail).
RESOLUTION_SIGMA = 1.0
#: Share of returned orders whose customer opens a return_refund ticket.
RETURN_TICKET_SHARE = 0.15
#: Share of service tickets followed by a piece of feedback (a follow-up).
FOLLOW_UP_SHARE = 0.3
#: Share of orders where something goes wrong (times frailty): the review score drops.
ORDER_INCIDENT_SHARE = 0.10
#: Share of returned orders whose review tells of an incident (a fault, a disappointment);
#: the others were sent back for the size or a change of mind (Coresight Research, 2023:
#: size and fit are the first reason for online returns, damaged or defective items about
#: a fifth).
RETURN_INCIDENT_SHARE = 0.5
#: The review score: segment satisfaction + shift + N(0, noise); an incident subtracts
#: U(incident_drop); a returned order counts as an incident.
REVIEW_SCORE = {"shift": 0.5, "noise": 0.9, "incident_drop": (1.5, 3.5)}
#: Who writes a review: P(write | score s) = min(1, base + slope × |s - centre|) of the
#: REVIEW_RATE orders asked; the very pleased and the very displeased write most.
REVIEW_SELECTION = {"base": 0.30, "slope": 0.40, "centre": 0.3}
#: Posts not tied to one order (a social-media post, an app-store review about Xudong), per
#: buyer and year from the first order to POST_DAYS_AFTER days after the last, by locale;
#: written, like reviews, mostly by the very pleased and the very displeased.
POST_RATE = {"en_US": 0.25, "zh_CN": 0.2}
POST_DAYS_AFTER = 180
#: Standard deviation of the score a text expresses around the writer's hidden score.
TEXT_NOISE = 0.35
#: Star rating from the expressed score (hidden score + text noise) plus N(0, RATING_NOISE):
#: 1 below the first cut … 5 above the last; RATING_SLIP of writers invert the scale.
RATING_CUTS = (-1.1, -0.5, 0.0, 0.7)
RATING_NOISE = 0.3
RATING_SLIP = 0.03
#: The yearly survey: invitations on the first Monday of FIELDWORK["month"], answers for
#: FIELDWORK["days"] days, reminders on the days after the invitation listed in "reminders".
FIELDWORK = {"month": 9, "days": 21, "reminders": (7, 14)}
#: Likelihood to recommend (0-10) = mean + slope × satisfaction + scale × Student-t(df) noise.
NPS_ANSWER = {"mean": 8.2, "slope": 1.5, "scale": 1.3, "df": 2.5}
#: Answers drawn to round numbers (heaping): (from, to, share of the answers at "from").
NPS_HEAPING = (
    (9, 10, 0.30),
    (7, 8, 0.30),
    (6, 5, 0.40),
    (4, 5, 0.50),
    (3, 0, 0.35),
    (2, 0, 0.45),
    (1, 0, 0.55),
)

#: Raw-record capture: each source's formatting habits and error rates.
SOURCES = vocabularies.RECORD_SOURCES
DUPLICATE_SHARE = 0.05  # share of raw_records rows that repeat a person already captured
PROSPECT_SHARE = 0.06  # share of raw_records rows from the purchased list of non-customers
THIRD_RECORD_SHARE = 0.05  # share of the repeated customers captured a third time
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
    "province": np.array([0.01, 0.0, 0.03, 0.05]),
}

# --------------------------------------------------------------------------- marketing
#: Share of the eligible customers (marketing consent, signed up before the campaign,
#: an e-mail address for e-mail campaigns, an order in the CAMPAIGN_ACTIVE_DAYS before
#: the start: the "active file", as in Hillstrom's (2008) e-mail test of customers who
#: had bought within twelve months) each campaign targets, and the share of the
#: targeted held out at random (not contacted, tracked to measure the campaign's effect).
CAMPAIGN_AUDIENCE_SHARE = 1.0
CAMPAIGN_HOLDOUT_SHARE = 0.2
CAMPAIGN_ACTIVE_DAYS = 365
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
    # incremental purchase probability of a reference customer (aged 35-54, not a bargain
    # hunter on a discount), before the recency factor
    "channel": {"email": 0.07, "sms": 0.09, "app_push": 0.075, "wechat": 0.075},
    # days since the last order at the campaign's start: at most 30, 90, 180, 365, more;
    # the recent buy anyway, the lapsing (91-180 days) are won back most, the lapsed are lost
    # (pooled over the active file the measured uplift is 2-4 points, the 91-180 days group's
    # about 10: strong enough to find with the hold-out groups of a 5,000-customer world)
    "recency_days": (30, 90, 180, 365),
    "recency": (0.1, 0.25, 2.5, 0.2, 0.1),
    # age bands: under 35, 35-54, 55 and over; app_push and wechat move the young,
    # email and sms the older
    "age_from": (35, 55),
    "age_app": (1.4, 1.0, 0.5),
    "age_classic": (0.7, 1.0, 1.3),
    # bargain hunters on a discount or coupon offer; vip customers buy anyway
    "bargain_on_discount": 2.0,
    "vip": 0.5,
}

# --------------------------------------------------------------------------- people (issue 16)
# Who the consumers are; the per-locale distributions are in demography.py.
#: Age quantile shift of each segment (standard-normal units; rows follow SEGMENTS): loyal
#: store customers are older, browsers younger.
SEGMENT_AGE_SHIFT = np.array([0.25, 0.35, -0.15, 0.1, -0.5])
#: How strongly wealth raises the education level (weight of a Gaussian copula, 0-1).
EDUCATION_WEALTH_WEIGHT = 0.45
#: The retailer's customers per resident, relative, in city tiers 1-4.
TIER_CUSTOMER_BOOST = (1.8, 1.4, 1.0, 0.8)
#: How strongly the wealthy live where incomes are high: city weight × income_index ** (this
#: × standardised wealth).
REGION_WEALTH_SORTING = 0.2
#: Shifts of the log-odds of each career (columns follow demography.CAREERS: civil_servant,
#: manager, professional, office_worker, sales_service, production_worker, self_employed,
#: farmer, homemaker, unemployed) per education level above average, for women, per unit of
#: standardised wealth, per 15 years of age above 40, and in tier 1-2 cities.
CAREER_EFFECTS = {
    "education": np.array([0.45, 0.45, 0.75, 0.25, -0.15, -0.45, -0.05, -0.8, -0.3, -0.35]),
    "female": np.array([0.0, -0.4, 0.1, 0.45, 0.3, -0.8, -0.1, -0.2, 1.6, 0.1]),
    "wealth": np.array([0.1, 0.5, 0.2, 0.0, -0.2, -0.3, 0.25, -0.4, 0.1, -0.5]),
    "age": np.array([0.1, 0.35, -0.1, -0.3, -0.2, 0.0, 0.2, 0.6, 0.3, 0.1]),
    "large_city": np.array([0.1, 0.3, 0.3, 0.4, 0.1, -0.3, -0.1, -2.5, -0.2, 0.0]),
}
#: Working incomes peak at this age …
INCOME_PEAK_AGE = 47.0
#: … and fall by this times the squared distance in years in log income (25 or 65: -0.29).
INCOME_AGE_CURVE = 0.0006
#: Spread of the non-demographic part of log income: INCOME_SPREAD × (ρ × wealth + √(1 - ρ²) ×
#: N(0, 1)) with ρ = INCOME_WEALTH_RHO.
INCOME_SPREAD = 0.7

# ---------------------------------------------------------------- business accounts (B2B)
#: The account's latent credit score: weights of ln(employees) - 3.2, of years in business
#: - 12, of the financial health behind its statements (standard units), of its trend
#: (growing +1, stable 0, declining -1), and the sd of the rest (noise).
CREDIT_SCORE = {
    "log_employees": 0.30,
    "years_in_business": 0.03,
    "financial_health": 0.60,
    "trend": 0.30,
    "noise_sd": 0.75,
}
#: Share of accounts whose statements grow, stay stable or decline (FINANCIAL_TRENDS),
#: and the mean yearly revenue growth of each.
FINANCIAL_TREND_SHARE = np.array([0.35, 0.40, 0.25])
FINANCIAL_TREND_GROWTH = np.array([0.12, 0.02, -0.10])
#: Share of accounts billed once a month, on the last business day (月结); the rest
#: are invoiced on each delivery.
MONTHLY_BILLING_SHARE = 0.75
#: Share of accounts granted 30 more days to pay than their size band's terms: Chinese
#: B2B terms run longer (Atradius: 39-67 days in China, about 38 in the US).
EXTRA_TERMS_SHARE = {"en_US": 0.15, "zh_CN": 0.45}
#: Expected days late of an invoice before the credit score's effect (mean of a normal
#: cut at zero; negative means most pay on time), by locale: US B2B buyers pay late
#: more often than Chinese ones (Atradius, 2024).
LATE_PAYMENT_SHIFT = {"en_US": -1.0, "zh_CN": -12.0}
#: Chance that a deal passes each open stage (OPEN_STAGES) for an average account and
#: deal; the last is negotiation → won. Better credit and bigger accounts pass more
#: often, bigger deals less often.
STAGE_PASS_RATE = np.array([0.62, 0.70, 0.76, 0.84])
#: Median days from opening to closing a won deal of median size; it grows with the
#: deal's amount to the power SALES_CYCLE_ELASTICITY.
SALES_CYCLE_DAYS = 45
SALES_CYCLE_ELASTICITY = 0.22
#: Corporate income tax rate on positive pre-tax profit, by locale.
TAX_RATE = {"en_US": 0.21, "zh_CN": 0.25}

# --------------------------------------------------------------------------- purchases
# How consumers buy (issue 16: repurchase, a mature business, demand, commercial fields).

#: The business ran this many years before the visible window: sign-ups start
#: HISTORY_YEARS + BURN_IN_YEARS before as_of, so the window opens on an existing base.
BURN_IN_YEARS = 5
#: Share of buyers whose first order is on the sign-up day, by SIGNUP_CHANNELS
#: (a till sign-up comes with a purchase; a website registration often does not).
SAME_DAY_FIRST_ORDER = np.array([0.92, 0.40, 0.70, 0.45])
#: Mean wait (calendar-weighted days) from sign-up to a later first order.
FIRST_ORDER_DELAY_DAYS = 45.0
#: Online ordering by age and city: log-odds of online against the other channels
#: change by ONLINE_AGE_SLOPE per 10 years above 40, plus ONLINE_TIER_SHIFT by city tier 1-4.
ONLINE_AGE_SLOPE = -0.4
ONLINE_TIER_SHIFT = np.array([0.35, 0.15, 0.0, -0.25])
#: How demographics shift category choice: log-weight added per category when true.
CATEGORY_SHIFTS = {
    "female": {"personal_care": 0.6, "apparel": 0.25, "kitchen": 0.2, "electronics": -0.35},
    "under_35": {"electronics": 0.35, "apparel": 0.3, "appliances": -0.2, "food": -0.1},
    "over_55": {"food": 0.35, "electronics": -0.4, "apparel": -0.25, "kitchen": 0.15},
    "children": {"baby_kids": 1.5, "food": 0.15},
    "no_children": {"baby_kids": -1.6},
    "over_65": {"baby_kids": -1.2, "office": -0.4},
    "pet": {"pet_supplies": 2.3},
    "no_pet": {"pet_supplies": -3.5},
    "renter": {"appliances": -0.3, "kitchen": -0.2},
}
#: Cheaper products sell more units: a product's weight in its category falls as
#: (price / category median price) ** -PRICE_ELASTICITY.
PRICE_ELASTICITY = 1.0
#: Wealth picks the price tier: weights exp(-s z), 1, exp(s z - 0.4) for cheap, mid,
#: premium, with z the standardised wealth and s = TIER_WEALTH_SLOPE.
TIER_WEALTH_SLOPE = 1.1
#: Spending by age is humped: extra order lines are scaled by
#: 1 + AGE_BASKET_HUMP * (exp(-((age - 45) / 15)^2) - 0.5).
AGE_BASKET_HUMP = 1.4
#: A customer who keeps a staple consumable (diapers, pet food, coffee …) re-buys it
#: about every replenishment cycle (the catalogue's replacement_days), when they order.
STAPLE_SHARE = {"children": 0.5, "pet": 0.6, "everyone": 0.3}
#: Store orders go to the customer's home store (in their city, else their province's).
HOME_STORE_SHARE = 0.9
#: Share of orders cancelled before they ship, per ORDER_CHANNELS.
CANCEL_RATE = np.array([0.03, 0.004, 0.04])
#: Chance that a delivered online order is sent back, by category (value-weighted
#: over the order's lines); stores take back STORE_RETURN_FACTOR times as much, and
#: orders of the festival peaks (Double 11, Black Friday to Christmas) FESTIVAL_RETURN_FACTOR.
RETURN_RATE = {
    "electronics": 0.19,
    "appliances": 0.16,
    "kitchen": 0.12,
    "personal_care": 0.07,
    "food": 0.012,
    "apparel": 0.42,
    "baby_kids": 0.12,
    "office": 0.08,
    "pet_supplies": 0.06,
}
STORE_RETURN_FACTOR = 0.65
FESTIVAL_RETURN_FACTOR = 1.4
#: Payment method shares per locale and ORDER_CHANNELS (online, store, call centre).
PAYMENT_SHARES = {
    "zh_CN": {
        "online": {"alipay": 0.53, "wechat_pay": 0.38, "bank_card": 0.09},
        "store": {"wechat_pay": 0.42, "alipay": 0.28, "bank_card": 0.20, "cash": 0.10},
        "call_centre": {"alipay": 0.45, "wechat_pay": 0.35, "bank_card": 0.20},
    },
    "en_US": {
        "online": {"credit_card": 0.40, "debit_card": 0.24, "paypal": 0.22, "apple_pay": 0.14},
        "store": {"credit_card": 0.36, "debit_card": 0.31, "cash": 0.18, "apple_pay": 0.15},
        "call_centre": {"credit_card": 0.58, "debit_card": 0.34, "paypal": 0.08},
    },
}
#: Older customers pay cash (stores) and by card more often: their odds of cash and
#: bank or debit card rise by PAYMENT_AGE_SLOPE per 10 years above 40.
PAYMENT_AGE_SLOPE = 0.35
#: Delivery fee per locale: (free from this order value, fee below it) in the currency.
SHIPPING = {"zh_CN": (99.0, 6.0), "en_US": (35.0, 5.99)}

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
    "THIRD_RECORD_SHARE",
    "ERROR_RATES",
    "MISSING_RATES",
    "SEGMENT_AGE_SHIFT",
    "EDUCATION_WEALTH_WEIGHT",
    "TIER_CUSTOMER_BOOST",
    "REGION_WEALTH_SORTING",
    "CAREER_EFFECTS",
    "INCOME_PEAK_AGE",
    "INCOME_AGE_CURVE",
    "INCOME_SPREAD",
    "CREDIT_SCORE",
    "FINANCIAL_TREND_SHARE",
    "FINANCIAL_TREND_GROWTH",
    "MONTHLY_BILLING_SHARE",
    "EXTRA_TERMS_SHARE",
    "LATE_PAYMENT_SHIFT",
    "STAGE_PASS_RATE",
    "SALES_CYCLE_DAYS",
    "SALES_CYCLE_ELASTICITY",
    "TAX_RATE",
    "BURN_IN_YEARS",
    "SAME_DAY_FIRST_ORDER",
    "FIRST_ORDER_DELAY_DAYS",
    "ONLINE_AGE_SLOPE",
    "ONLINE_TIER_SHIFT",
    "CATEGORY_SHIFTS",
    "PRICE_ELASTICITY",
    "TIER_WEALTH_SLOPE",
    "AGE_BASKET_HUMP",
    "STAPLE_SHARE",
    "HOME_STORE_SHARE",
    "CANCEL_RATE",
    "RETURN_RATE",
    "STORE_RETURN_FACTOR",
    "FESTIVAL_RETURN_FACTOR",
    "PAYMENT_SHARES",
    "PAYMENT_AGE_SLOPE",
    "SHIPPING",
    "FIRST_CONTACT_RESOLUTION",
    "ESCALATED_HOURS",
    "RESOLUTION_SIGMA",
    "RETURN_TICKET_SHARE",
    "FOLLOW_UP_SHARE",
    "ORDER_INCIDENT_SHARE",
    "REVIEW_SCORE",
    "REVIEW_SELECTION",
    "TEXT_NOISE",
    "RATING_CUTS",
    "RATING_NOISE",
    "RATING_SLIP",
    "FIELDWORK",
    "NPS_ANSWER",
    "NPS_HEAPING",
    "CAMPAIGN_AUDIENCE_SHARE",
    "CAMPAIGN_HOLDOUT_SHARE",
    "CAMPAIGN_RESPONSE",
    "CAMPAIGN_UPLIFT",
    "CAMPAIGN_ACTIVE_DAYS",
    "POST_RATE",
    "POST_DAYS_AFTER",
    "RETURN_INCIDENT_SHARE",
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
