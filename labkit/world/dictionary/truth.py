"""The documentation of the truth tables (the answer key, ``world.truth``).

For each truth table: what it holds, its grain and columns, how the generator
makes it (with the generator's parameters written in from
:mod:`labkit.world.generator.parameters`, so the text follows them), what finds
it and in which chapters.

>>> TRUTH["churn"]["chapters"]
('08', '09')
"""

from __future__ import annotations

from labkit.vocabularies import CATEGORIES, FEEDBACK_TOPICS, RECORD_SOURCES, SEGMENTS, SENTIMENTS
from labkit.world.dictionary.entries import by_segment, numbers, one_of, percent
from labkit.world.generator import campaigns, parameters, visits

__all__ = ["TRUTH"]


def _segment_how() -> list[str]:
    behaviour = parameters.SEGMENT_BEHAVIOUR
    return [
        "Each consumer gets one segment of SEGMENTS with probabilities SEGMENT_SHARE: "
        f"{by_segment(parameters.SEGMENT_SHARE, '{:.0%}')}.",
        "The segment picks the row of SEGMENT_BEHAVIOUR that drives everything the customer does: "
        "purchase rate (orders_per_year) and drop-out (dropout_a, dropout_b), order-channel mix "
        "(channel_mix), sign-up channel (signup_mix), how often and how deeply they use discounts "
        "(discount_share, discount_mean), basket size (extra_lines: Poisson mean of lines beyond "
        "the first), spending power (wealth_mean), web visits per month (web_sessions), "
        "satisfaction (satisfaction) and category tastes (category_pref). The table below shows "
        "the main parameters.",
        f"NEVER_BUY_SHARE = {percent(parameters.NEVER_BUY_SHARE)} of the customers of every "
        "segment never order; their segment shows only in sign-up channel, web visits and income.",
        "Segment means are far apart, e.g. orders per year "
        f"{by_segment(behaviour['orders_per_year'])}; share of orders with a discount "
        f"{by_segment(behaviour['discount_share'], '{:.0%}')}.",
    ]


def _churn_how() -> list[str]:
    logit = parameters.DEFECTION_LOGIT
    return [
        "`churned` is True when the customer places no order in the CHURN_WINDOW_DAYS = "
        f"{parameters.CHURN_WINDOW_DAYS} days after as_of. The simulation runs on past as_of, so "
        "this is a real future that no learner table shows; `orders_next_90d` counts those orders.",
        "Route 1, the repeat-purchase process (see truth/clv): the customer never bought, has "
        "dropped out for good, or by chance makes no purchase in the window.",
        "Route 2, service-driven defection at as_of (DEFECTION_LOGIT): the customer leaves with "
        f"probability q = 1 / (1 + exp(-z)), z = {logit['intercept']:g} + "
        f"{logit['complaints_180d']:g} × complaint tickets opened in the 180 days before as_of + "
        f"{logit['unresolved_tickets']:g} × tickets still open + "
        f"{logit['negative_feedback_180d']:g} × negative feedback in the 180 days before as_of "
        f"{logit['tenure_years']:+g} × tenure in years; a defector's future orders are removed. "
        "The mean q is in world.truth.params['defection_probability_mean'].",
        "`churn_probability` is the exact chance of churn given the hidden traits: 1 - (1 - q) × "
        "[alive at as_of] × (1 - exp(-λ × W)), with λ the purchase rate and W the window's "
        "calendar-weighted length. Its ROC-AUC against `churned` is the best any model can reach.",
    ]


def _duplicates_how() -> list[str]:
    return [
        f"SOURCES = {', '.join(RECORD_SOURCES)}. Every customer is captured once, at sign-up, by "
        "the source of their sign-up channel (store → store_signup_sheet, online and referral → "
        "web_form, call_centre → call_centre).",
        f"PROSPECT_SHARE = {percent(parameters.PROSPECT_SHARE)} of the rows are people on the "
        "purchased list who never became customers (customer_id empty).",
        f"DUPLICATE_SHARE = {percent(parameters.DUPLICATE_SHARE)} of the rows repeat a person "
        "already captured: nine in ten repeat a customer through a different source some time "
        "after sign-up, one in ten repeats a prospect.",
        "Repeats carry extra damage on top of their source's formatting habits and empty fields: a "
        "typo in the name (25%; zh_CN: the last character replaced, en_US: two letters swapped or "
        "one dropped), name order swapped (10%; zh_CN: written in pinyin as 'Given Surname'), one "
        "phone digit mistyped (8%), the e-mail in capitals (15%), the phone left out (10%).",
        "`is_duplicate` is True for every capture of a person after their first (by captured_at): "
        "the first capture is the one to keep.",
    ]


def _errors_how() -> list[str]:
    errors, missing = parameters.ERROR_RATES, parameters.MISSING_RATES
    return [
        "Real errors are planted at per-source rates ERROR_RATES, in the order of SOURCES "
        f"({', '.join(RECORD_SOURCES)}), and listed here one row per record and column:",
        f"invalid_phone {numbers(errors['invalid_phone'])}: two digits cut off, a letter O in "
        "place of a digit, or an extra digit;",
        f"invalid_email {numbers(errors['invalid_email'])}: no @, a double @@, no top-level "
        "domain, or a space before the @;",
        f"impossible_birth_date {numbers(errors['impossible_birth_date'])}: a year in the future, "
        "1900-01-01, or 30 February;",
        f"province_city_mismatch {numbers(errors['province_city_mismatch'])}: the city is replaced "
        "by a city of another province.",
        "email_domain_typo (3% of e-mails at well-known domains): a misspelled domain such as "
        "gmial.com, 163.cm or qq.con - valid in form, wrong in fact.",
        "Missing values are not listed (they are empty cells); they follow MISSING_RATES per "
        f"source: email {numbers(missing['email'])}, birth_date {numbers(missing['birth_date'])}, "
        f"address {numbers(missing['address'])}. In customers, income is empty for about 9% and "
        "email for about 6%.",
        "Formatting habits are not errors and are not listed: each source writes phones (e.g. 138 "
        "1234 5678, +86 138-1234-5678, 86-13812345678; (212) 555-0134, 212.555.0134, +1 212 555 "
        "0134), dates (2024/3/5, 2024年3月5日, 20240305; 03/05/2024, March 5, 2024, 5-Mar-2024) "
        "and province names (浙江 / 浙江省, CA / California) its own way. Standardisation fixes "
        "them.",
    ]


def _clv_how() -> list[str]:
    behaviour = parameters.SEGMENT_BEHAVIOUR
    dropouts = ", ".join(
        f"{segment} Beta({alpha:g}, {beta:g})"
        for segment, alpha, beta in zip(
            SEGMENTS, behaviour["dropout_a"], behaviour["dropout_b"], strict=True
        )
    )
    return [
        "BG/NBD-style repeat purchasing. Each customer has a purchase rate λ drawn from a Gamma "
        f"distribution with shape gamma_shape = {numbers(behaviour['gamma_shape'])} and mean "
        "orders_per_year / 365 of their segment (SEGMENT_BEHAVIOUR: "
        f"{by_segment(behaviour['orders_per_year'])} orders a year), and a drop-out probability p "
        f"~ Beta(dropout_a, dropout_b): {dropouts}.",
        f"Buyers (1 - NEVER_BUY_SHARE = {percent(1 - parameters.NEVER_BUY_SHARE)}) place a first "
        "order on the sign-up day. Repeat purchases follow a Poisson process with rate λ, "
        "stretched by the shopping calendar (busy days get more orders); after each repeat "
        "purchase the customer drops out for good with probability p.",
        f"Sign-ups grow by ACQUISITION_GROWTH = {percent(parameters.ACQUISITION_GROWTH)} a year "
        f"over HISTORY_YEARS = {parameters.HISTORY_YEARS} years up to as_of.",
        "`alive_at_as_of` is True for buyers who have not dropped out by as_of.",
    ]


def _interests_how() -> list[str]:
    kind = {"online": "an online", "store": "a store", "call_centre": "a call-centre"}
    research = ", ".join(
        f"{mean:g} before {kind[channel]} order" for channel, mean in visits.RESEARCH_VISITS.items()
    )
    return [
        "The favourite is drawn from the segment's category tastes "
        "(SEGMENT_BEHAVIOUR['category_pref'], columns in the order of CATEGORIES).",
        f"FAVOURITE_SHARE = {percent(parameters.FAVOURITE_SHARE)} of the customer's order "
        "lines come from it (the rest follow category_pref).",
        f"The web log (WEB_LOG_DAYS = {parameters.WEB_LOG_DAYS}) shows interest in two ways. "
        f"Browsing visits are about the favourite {percent(visits.FAVOURITE_VIEW_SHARE)} of the "
        "time (else the segment's tastes); a customer browses SEGMENT_BEHAVIOUR['web_sessions'] "
        f"= {by_segment(parameters.SEGMENT_BEHAVIOUR['web_sessions'])} times a month, less with "
        f"age, {percent(visits.LAPSED_BROWSING)} of that after dropping out. Research visits "
        f"come in the days before each order ({research}; 1 to {visits.RESEARCH_MAX_DAYS} days "
        "ahead, most often 1-3): they view one of the products the order will contain "
        f"({percent(visits.RESEARCH_EXACT_SHARE)} of the time the very product, else one of its "
        "category), often search for it and sometimes put it in the cart - so browsing predicts "
        "the next purchase. Orders after as_of have their research visits too, at the end of "
        "the log.",
    ]


def _uplift_how() -> list[str]:
    uplift = parameters.CAMPAIGN_UPLIFT
    channels = ", ".join(f"{name} {value:g}" for name, value in uplift["channel"].items())
    bands = "≤30, 31-90, 91-180, 181-365, >365 days: " + ", ".join(
        f"× {value:g}" for value in uplift["recency"]
    )
    return [
        "Each campaign targets CAMPAIGN_AUDIENCE_SHARE = "
        f"{percent(parameters.CAMPAIGN_AUDIENCE_SHARE)} of the eligible customers (marketing "
        "consent, signed up before the start, an e-mail address for e-mail campaigns), chosen "
        "at random; CAMPAIGN_HOLDOUT_SHARE = "
        f"{percent(parameters.CAMPAIGN_HOLDOUT_SHARE)} of the targeted are held out at random.",
        "A contacted customer places an extra order during the campaign with probability "
        "uplift = channel × recency × age × offer (CAMPAIGN_UPLIFT), if they still buy (a buyer "
        f"who has not dropped out): channel {channels}; recency, the days from the last order "
        f"to the start, {bands} (customers who bought lately would buy anyway, long-lapsed "
        "ones are lost; those 3-6 months out respond most); age under 35 / 35-54 / 55+: "
        f"app_push and wechat × {', '.join(f'{v:g}' for v in uplift['age_app'])}, email and sms "
        f"× {', '.join(f'{v:g}' for v in uplift['age_classic'])}; bargain hunters on a discount "
        f"or coupon offer × {uplift['bargain_on_discount']:g}; vip customers × "
        f"{uplift['vip']:g}.",
        f"Customers the campaign moves open (at least {percent(campaigns.MOVED_OPEN)}) and "
        f"click ({percent(campaigns.MOVED_CLICK)} once opened) more "
        "than others, who open and click at the channel's rates (CAMPAIGN_RESPONSE). After a "
        "click the extra order is placed online and credited to the campaign "
        "(orders.campaign_id, converted); without one it is placed through the customer's "
        "usual channel and credited to nothing. A click followed by an order the customer "
        "would have placed anyway is credited too (last-click attribution).",
        "Extra orders come on top of the repeat-purchase process (truth/clv does not count "
        "them, nor does the churn truth's alive_at_as_of).",
    ]


#: Every truth table (the answer key, ``world.truth``): what it holds, its
#: columns, how the generator makes it, what finds it and in which chapters.
TRUTH: dict[str, dict] = {
    "segments": {
        "description": "The behavioural segment each consumer was generated from.",
        "grain": "one row per consumer",
        "columns": {
            "customer_id": "The customer (→ customers).",
            "segment": f"One of {', '.join(SEGMENTS)}.",
        },
        "how": _segment_how(),
        "finds": "Clustering (k-means, hierarchical) on RFM and behaviour features per "
        "customer: recency, frequency, monetary value, average order value, discount use, lines "
        "per order, channel shares, web activity. In the default world, k-means with k = 5 on "
        "log-scaled, standardised features of customers with 2+ orders reaches an adjusted Rand "
        "index of 0.6 or more against this table.",
        "chapters": ("07", "08"),
    },
    "churn": {
        "description": "Whether each consumer churned (no order in the 90 days after as_of) "
        "and the latent probability that they would.",
        "grain": "one row per consumer",
        "columns": {
            "customer_id": "The customer (→ customers).",
            "churn_probability": "Exact probability of churn given the hidden traits (0-1).",
            "churned": "True when the customer placed no order in the window after as_of.",
            "orders_next_90d": "Orders the customer placed in the window after as_of.",
        },
        "how": _churn_how(),
        "finds": "A classification model (logistic regression, trees) on features computed "
        "up to as_of - recency, frequency, monetary value, complaints and unresolved tickets, "
        "tenure, web activity - evaluated by ROC-AUC on a hold-out split. In the default world a "
        "plain logistic regression reaches at least 0.75; the AUC of churn_probability is the "
        "ceiling.",
        "chapters": ("08", "09"),
    },
    "duplicates": {
        "description": "Which raw records belong to the same person, and which customer that "
        "person is.",
        "grain": "one row per raw record (same rows and order as raw_records)",
        "columns": {
            "record_id": "The raw record (→ raw_records).",
            "person_id": "The person behind the record; rows sharing it are the same person.",
            "customer_id": "The customer the person is (→ customers); empty for prospects "
            "from the purchased list.",
            "is_duplicate": "True when the person was captured before (an earlier captured_at).",
        },
        "how": _duplicates_how(),
        "finds": "Standardisation (names, phones, e-mails, dates, province names) and record "
        "matching: block on candidate keys (phone digits, e-mail, name + birth date), compare with "
        "string similarity, group matches; scored by precision and recall over the pairs of "
        "records that share a person_id.",
        "chapters": ("03",),
    },
    "bundles": {
        "description": "Sets of products planted to be bought together.",
        "grain": "one row per product in a bundle",
        "columns": {
            "bundle_id": "Bundle number (five bundles).",
            "bundle_name": "Bundle name in the locale's language (e.g. Fast Charging Kit).",
            "product_id": "A product of the bundle (→ products).",
        },
        "how": [
            "Five bundles of two or three products are defined in labkit/data/bundles.csv.",
            f"BUNDLE_RATE = {percent(parameters.BUNDLE_RATE)} of all orders, chosen at random, "
            "contain every product of one bundle (chosen uniformly) on top of their other lines; a "
            "product already in the order gets its quantity raised.",
        ],
        "finds": "Association rules (Apriori, FP-growth) on the baskets of products per "
        "order: every pair inside a planted bundle has a lift of 3 or more in the default world "
        "and shows as a high-confidence, high-lift rule.",
        "chapters": ("08",),
    },
    "errors": {
        "description": "Every real error planted in raw_records: which record, which column, "
        "what kind.",
        "grain": "one row per erroneous cell",
        "columns": {
            "table": "Always raw_records.",
            "row_id": "The record (→ raw_records.record_id).",
            "column": "phone, email, birth_date or city.",
            "kind": "invalid_phone, invalid_email, email_domain_typo, impossible_birth_date "
            "or province_city_mismatch.",
        },
        "how": _errors_how(),
        "finds": "Validation rules (regular expressions for phones and e-mails, date parsing "
        "with range checks, a province → city lookup) and data-quality metrics per source - "
        "completeness, validity, consistency, uniqueness; flagged cells are compared with this "
        "table by precision and recall.",
        "chapters": ("02", "03"),
    },
    "feedback": {
        "description": "The topic and sentiment planted in each feedback text.",
        "grain": "one row per piece of feedback (same rows as feedback)",
        "columns": {
            "feedback_id": "The feedback (→ feedback).",
            "topic": f"{one_of(FEEDBACK_TOPICS)}.",
            "sentiment": f"{one_of(SENTIMENTS)}.",
        },
        "how": [
            f"Two streams. Reviews follow REVIEW_RATE = {percent(parameters.REVIEW_RATE)} of "
            "orders (channel app_review, social_media or email; topic drawn with probabilities "
            "delivery 0.22, product_quality 0.30, price 0.16, customer_service 0.10, website_app "
            "0.14, returns 0.08 - FEEDBACK_TOPIC_P in labkit/world/generator/engagement.py). "
            "Follow-ups come after half of the service tickets (channel call_centre, email or "
            "social_media), with the ticket's topic mapped: delivery → delivery, product_fault → "
            "product_quality, return_refund → returns, billing → price, complaint → "
            "customer_service.",
            "A hidden score decides the sentiment: the segment's satisfaction "
            "(SEGMENT_BEHAVIOUR['satisfaction'] = "
            f"{numbers(parameters.SEGMENT_BEHAVIOUR['satisfaction'])}) plus noise N(0, 1); "
            "follow-ups start 1.0 lower, another 1.2 lower while the ticket is open and 0.6 lower "
            "when it took more than 72 hours to resolve. Score below -0.6 is negative, below 0.3 "
            "neutral, else positive.",
            "The text is one of 12 sentences written for that topic and sentiment in the locale's "
            "language (labkit/data/texts.json), with the product of the order filled in; the star "
            "rating is drawn from the sentiment (negative mostly 1-2, neutral mostly 3, positive "
            "4-5).",
            "Negative feedback in the 180 days before as_of raises the chance of defection (see "
            "truth/churn).",
        ],
        "finds": "Text classification and sentiment analysis: a sentiment lexicon, or a "
        "model trained on labelled texts (TF-IDF + logistic regression), with Chinese word "
        "segmentation (jieba) in zh_CN; scored by accuracy and a confusion matrix against this "
        "table.",
        "chapters": ("10",),
    },
    "credit": {
        "description": "The hidden credit quality of each business account and the chance "
        "that one of its invoices is never paid.",
        "grain": "one row per business account",
        "columns": {
            "account_id": "The account (→ accounts).",
            "credit_score": "Latent credit quality in standard units; higher is better.",
            "default_probability": "Probability that an invoice of the account is never "
            "paid (0-1).",
        },
        "how": [
            "credit_score = 0.35 × (ln employees - 3.2) + 0.05 × (years in business - 13) + N(0, "
            "1); years in business (as_of year - founded_year) is uniform on 1-25. The constants "
            "live in make_business in labkit/world/generator/business.py.",
            "default_probability = 1 / (1 + exp(4.2 + 1.6 × credit_score)): a defaulted invoice "
            "stays unpaid (status open, then overdue).",
            "Days late = max(0, N(2 - 14 × credit_score, 10)), else paid 0-9 days early, so weak "
            "accounts pay late (status paid_late).",
            "The score also raises the credit_limit (1% of annual revenue × exp(0.3 × "
            "credit_score)) and the chance of winning an opportunity (logistic in 0.2 + 0.5 × "
            "credit_score + 0.2 × (ln employees - 3)).",
        ],
        "finds": "Credit-status analysis of business accounts: per account, the share of "
        "invoices paid late or overdue, days late and the overdue amount, compared across size "
        "bands and industries. In the default world, accounts with a score below the median have "
        "at least 1.5 times the late-or-overdue share of the rest.",
        "chapters": ("06",),
    },
    "clv": {
        "description": "The parameters of each consumer's repeat-purchase process (the truth "
        "behind customer lifetime value, 客户终身价值).",
        "grain": "one row per consumer",
        "columns": {
            "customer_id": "The customer (→ customers).",
            "orders_per_year": "Repeat-purchase rate λ × 365 while alive.",
            "dropout_probability": "Probability p of dropping out for good after each repeat "
            "purchase.",
            "buyer": "False for the customers who never order.",
            "alive_at_as_of": "True when the customer is a buyer and has not dropped out by as_of.",
        },
        "how": _clv_how(),
        "finds": "CLV models: a simple formula (margin × purchase rate × expected lifetime) "
        "and a probabilistic repeat-purchase model (BG/NBD, with Gamma-Gamma for spend) fitted to "
        "frequency, recency and age (T) at as_of; fitted rates and P(alive) are compared with this "
        "table.",
        "chapters": ("09",),
    },
    "interests": {
        "description": "Each consumer's favourite product category (what catches their attention).",
        "grain": "one row per consumer",
        "columns": {
            "customer_id": "The customer (→ customers).",
            "favourite_category": f"One of {', '.join(CATEGORIES)}.",
        },
        "how": _interests_how(),
        "finds": "Attention analysis: the most viewed and most bought category per customer "
        "from web_events (payload category) and order_items; interest tags in the portrait; "
        "content-based recommendation. In the web log, the category a customer viewed most in "
        "the week before an order is one of the order's categories far more often than chance.",
        "chapters": ("05", "07", "08"),
    },
    "uplift": {
        "description": "The planted effect of each campaign on each customer it targeted: the "
        "chance that contacting them causes an extra order, and whether it did.",
        "grain": "one row per customer targeted by a campaign (same rows as campaign_responses)",
        "columns": {
            "campaign_id": "The campaign (→ campaigns).",
            "customer_id": "The customer (→ customers).",
            "uplift": "Probability (0-1) that contacting the customer causes an extra order "
            "during the campaign; for a held-out customer, what contacting them would have done.",
            "incremental_order": "True when the campaign caused an extra order (contacted "
            "customers only).",
        },
        "how": _uplift_how(),
        "finds": "Uplift (incremental response) modelling: the purchase rate during the "
        "campaign of the contacted minus that of the held-out customers (campaign_responses."
        "holdout), overall and by segment - recency of the last order, age, discount habits, "
        "channel; two-model or transformed-outcome uplift models, ranked by a Qini curve against "
        "this table. Attributed conversions (converted, orders.campaign_id) are not the effect.",
        "chapters": ("08",),
    },
}
