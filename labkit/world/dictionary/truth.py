"""The documentation of the truth tables (the answer key, ``world.truth``).

For each truth table: what it holds, its grain and columns, how the generator
makes it (with the generator's parameters written in from
:mod:`labkit.world.generator.parameters`, so the text follows them), what finds
it and in which chapters.

>>> TRUTH["churn"]["chapters"]
('08', '09')
"""

from __future__ import annotations

from labkit.vocabularies import (
    CATEGORIES,
    FEEDBACK_TOPICS,
    FINANCIAL_TRENDS,
    RECORD_SOURCES,
    SEGMENTS,
    SENTIMENTS,
)
from labkit.world.dictionary.entries import by_locale, by_segment, numbers, one_of, percent
from labkit.world.generator import billing, business, campaigns, financials, parameters, visits

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
        "segment never order; their segment shows only in sign-up channel, web visits and income. "
        "Who the customer is shifts the segment's habits: younger and big-city customers order "
        "online more (ONLINE_AGE_SLOPE, ONLINE_TIER_SHIFT), and gender, age, children at home, a "
        "pet and renting shift category tastes (CATEGORY_SHIFTS).",
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
        "dropped out for good, or by chance makes no purchase in the window (a customer still "
        "waiting for a first order places it in the window with the chance of the exponential "
        "wait).",
        "Route 2, service-driven defection at as_of (DEFECTION_LOGIT): the customer leaves with "
        f"probability q = 1 / (1 + exp(-z)), z = {logit['intercept']:g} + "
        f"{logit['complaints_180d']:g} × complaint tickets opened in the 180 days before as_of + "
        f"{logit['unresolved_tickets']:g} × tickets still open + "
        f"{logit['negative_feedback_180d']:g} × negative feedback in the 180 days before as_of "
        f"{logit['tenure_years']:+g} × tenure in years; a defector's future orders are removed. "
        "The mean q is in world.truth.params['defection_probability_mean'].",
        "`churn_probability` is the exact chance of churn given the hidden traits: 1 - (1 - q) × "
        "[alive at as_of] × (1 - exp(-λ × W)), with λ the purchase rate and W the window's "
        "calendar-weighted length in the customer's channels (for a customer waiting for a first "
        "order, the chance that it falls in the window). It knows who has already dropped out, "
        "which no table shows, so its ROC-AUC against `churned` is a ceiling no model reaches: "
        "the hidden-state ceiling.",
        "Three more columns know less than that hidden state, so their ROC-AUCs are the "
        "ceilings (上限) of models that know as much; each is the churn chance under the "
        "world's law given what it knows, and each is empty for customers with no order in the "
        "window. `rates_known_probability` knows the customer's own λ and p and their last "
        "order (of the purchase process, campaign extras aside): 1 - (1 - q) × "
        "P(alive | λ, p, last order) × (1 - exp(-λ × W)), where P(alive) = (1 - p) e^(-λE) / "
        "((1 - p) e^(-λE) + p) and E is the calendar-weighted exposure from the day after the "
        "last order to as_of. `segment_known_probability` knows the customer's segment and "
        "the days of their orders in the window, not λ and p: 1 - (1 - q) × E[alive and an "
        "order in W | orders], the expectation over the segment's Gamma law of λ and Beta law "
        "of p given the orders (the λ integral in closed form, Gauss-Jacobi nodes for p; "
        "labkit.world.generator.ceilings). `reachable_probability` knows what a churn model "
        "sees, the days of the orders and the service record, not the segment: the same "
        "expectation over the mixture of the five segments weighted by their shares and by "
        "how well each explains the orders. Its ROC-AUC is the reachable ceiling (可达上限): "
        "all that better modelling of order history and service record can win.",
    ]


def _feedback_how() -> list[str]:
    score, selection = parameters.REVIEW_SCORE, parameters.REVIEW_SELECTION
    low, high = score["incident_drop"]
    return [
        f"Three streams. Reviews: REVIEW_RATE = {by_locale(parameters.REVIEW_RATE)} of the "
        "orders not cancelled are asked for one (a post-purchase e-mail in the US; in China the "
        "platform asks every buyer to rate the order after confirming receipt). "
        "ORDER_INCIDENT_SHARE = "
        f"{percent(parameters.ORDER_INCIDENT_SHARE)} of orders (times the customer's frailty), "
        f"and RETURN_INCIDENT_SHARE = {percent(parameters.RETURN_INCIDENT_SHARE)} of the "
        "returned orders (the others were sent back for the size or a change of mind), had an "
        "incident. The review's hidden score s = the segment's "
        f"satisfaction (SEGMENT_BEHAVIOUR['satisfaction'] = "
        f"{numbers(parameters.SEGMENT_BEHAVIOUR['satisfaction'])}) + {score['shift']:g} + "
        f"N(0, {score['noise']:g}), minus U({low:g}, {high:g}) after an incident. The customer "
        f"writes with probability min(1, {selection['base']:g} + {selection['slope']:g} × |s - "
        f"{selection['centre']:g}|) (REVIEW_SELECTION): the very pleased and the very displeased "
        "write most, which makes the star ratings J-shaped.",
        "A review's topic is drawn from FEEDBACK_TOPIC_P after an ordinary order (delivery 0.22, "
        "product_quality 0.30, price 0.16, customer_service 0.10, website_app 0.14, returns "
        "0.08) and from INCIDENT_TOPIC_P after an incident (mostly delivery and product_quality; "
        "half of the reviews of returned orders are about returns). It is posted REVIEW_MIN_DAYS "
        "plus an exponential number of days (mean REVIEW_MEAN_DAYS) after the order, at an hour "
        "of the online profile (HOURS['online'], peaking 20:00-22:00), on app_review, "
        "social_media or email.",
        "Posts not tied to one order (social_media, app_review): POST_RATE = "
        f"{by_locale(parameters.POST_RATE, as_percent=False)} a year per buyer, from the "
        f"first order to POST_DAYS_AFTER = {parameters.POST_DAYS_AFTER} days after the last, "
        "on a random day at an hour of the online profile, about the product of the latest "
        "order and a topic from FEEDBACK_TOPIC_P. The score is a review's without an incident, "
        "and the same selection makes mostly the very pleased and the very displeased post.",
        "Follow-ups come after FOLLOW_UP_SHARE = "
        f"{percent(parameters.FOLLOW_UP_SHARE)} of the service tickets "
        "(channel call_centre, email or social_media), about the ticket's topic mapped (delivery "
        "→ delivery, product_fault → product_quality, return_refund → returns, billing → price, "
        "complaint → customer_service), within days of the ticket's end. Their score s = "
        "satisfaction - 0.6, + 0.7 when solved at the first contact, - 1.2 while the ticket is "
        "open, - 0.6 when it took more than 72 hours, + N(0, 1).",
        "sentiment: s below -0.6 is negative, below 0.3 neutral, else positive. It is the "
        "writer's own sentiment, not an annotator's reading of the text.",
        "The text is composed clause by clause (labkit/world/generator/feedback_texts.py, phrases "
        "in labkit/data/texts.json) from the expressed score e = s + N(0, TEXT_NOISE = "
        f"{parameters.TEXT_NOISE:g}): e picks the kind of text with the same cuts, and strong "
        "wording below -1.6 or above 1.4. Because e is not s, roughly one text in seven reads "
        "like a neighbouring sentiment.",
        "topic is the aspect of the clause that carries the sentiment; a text may mention one or "
        "two other aspects. A negative text may open with a conceded good aspect ('the price is "
        "fine, but …', 价格是便宜，但是…) and add a second complaint; a positive text may praise a "
        "second aspect and end on a small complaint ('only thing is …', 就是…); a neutral text is "
        "factual, or weighs a mildly good against a mildly bad aspect. Product clauses name the "
        "product in everyday words and speak of its features (续航, 'noise cancelling'); "
        "openers, closers, intensifiers, negations, typos and (mostly in zh_CN) emoji vary the "
        "wording.",
        "rating: written with the text, from e + N(0, RATING_NOISE = "
        f"{parameters.RATING_NOISE:g}) cut at RATING_CUTS = {numbers(parameters.RATING_CUTS)} "
        f"(1 star below the first cut … 5 above the last); RATING_SLIP = "
        f"{percent(parameters.RATING_SLIP)} of writers invert the scale (a 5-star complaint), so "
        "rating and text mostly, but not always, agree.",
        "Negative feedback in the 180 days before as_of raises the chance of defection (see "
        "truth/churn).",
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
        "after sign-up, one in ten repeats a prospect. THIRD_RECORD_SHARE = "
        f"{percent(parameters.THIRD_RECORD_SHARE)} of the repeated customers are captured a "
        "third time (by any source other than their first, possibly the one of their second "
        "record), so a person can have three records and three true pairs.",
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
        f"address {numbers(missing['address'])}, province {numbers(missing['province'])} (never "
        "on a row with a province_city_mismatch). In customers, income is empty for about 9% and "
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
    same_day = ", ".join(
        f"{channel} {percent(share)}"
        for channel, share in zip(
            parameters.SIGNUP_CHANNELS, parameters.SAME_DAY_FIRST_ORDER, strict=True
        )
    )
    return [
        "MBG/NBD repeat purchasing (Batislam, Denizel & Filiztekin 2007: the BG/NBD of Fader, "
        "Hardie & Lee 2005 with drop-out possible at the first purchase). Each customer has a "
        "purchase rate λ drawn from a Gamma distribution with shape gamma_shape = "
        f"{numbers(behaviour['gamma_shape'])} and mean orders_per_year / 365 of their segment "
        f"(SEGMENT_BEHAVIOUR: {by_segment(behaviour['orders_per_year'])} orders a year), and a "
        f"drop-out probability p ~ Beta(dropout_a, dropout_b): {dropouts}.",
        f"Buyers (1 - NEVER_BUY_SHARE = {percent(1 - parameters.NEVER_BUY_SHARE)}) place a first "
        f"order on the sign-up day (SAME_DAY_FIRST_ORDER by sign-up channel: {same_day}) or after "
        f"an exponential wait of mean FIRST_ORDER_DELAY_DAYS = "
        f"{parameters.FIRST_ORDER_DELAY_DAYS:g} calendar-weighted days. After each purchase, the "
        "first included, the customer drops out for good with probability p; while alive, "
        "repeat purchases follow a Poisson process with rate λ, spread over the order channels by "
        "the customer's channel mix and stretched by each channel's festival calendar.",
        f"A mature business: sign-ups start HISTORY_YEARS + BURN_IN_YEARS = "
        f"{parameters.HISTORY_YEARS + parameters.BURN_IN_YEARS} years before as_of and grow by "
        f"ACQUISITION_GROWTH = {percent(parameters.ACQUISITION_GROWTH)} a year; the orders table "
        f"shows the last HISTORY_YEARS = {parameters.HISTORY_YEARS}. The repeat purchases of the "
        "burn-in are counted (a Poisson draw) to decide who is still alive when the window opens; "
        "customers who signed up before the window keep their sign-up dates, and their first "
        "visible order is not their first ever.",
        "The parameters are per customer, so a BG/NBD-family model fitted to frequency, recency "
        "and T of the customers who signed up inside the window recovers them (the modified "
        "BG/NBD exactly; a plain BG/NBD sees the one-time buyers' early drop-out as a low rate).",
        "`alive_at_as_of` is True for customers who have bought by as_of and not dropped out.",
    ]


def _credit_how() -> list[str]:
    weights = parameters.CREDIT_SCORE
    shift = parameters.LATE_PAYMENT_SHIFT
    growth = parameters.FINANCIAL_TREND_GROWTH
    shares = parameters.FINANCIAL_TREND_SHARE
    trends = ", ".join(
        f"{trend} {share:.0%} (revenue {rate:+.0%} a year)"
        for trend, share, rate in zip(FINANCIAL_TRENDS, shares, growth, strict=True)
    )
    return [
        "Each account draws an industry (labkit/data/industries.csv: share of accounts, size, "
        "revenue per employee and the median firm's gross and net margin, debt ratio, asset and "
        "inventory turnover), a latent financial_health ~ N(0, 1) and a financial_trend "
        f"(FINANCIAL_TREND_SHARE and FINANCIAL_TREND_GROWTH): {trends}. Health raises margins "
        "and turnover and lowers the debt ratio; declining accounts' net margins fall by "
        f"{100 * financials.MARGIN_SLOPE[-1]:g} points a year and their debt ratio rises by "
        f"{-100 * financials.DEBT_SLOPE[-1]:g} (labkit/world/generator/financials.py).",
        f"credit_score = {weights['log_employees']:g} × (ln employees - 3.2) + "
        f"{weights['years_in_business']:g} × (years in business - 12) + "
        f"{weights['financial_health']:g} × financial_health + {weights['trend']:g} × trend "
        f"(growing +1, stable 0, declining -1) + N(0, {weights['noise_sd']:g}²) (CREDIT_SCORE); "
        "years in business = as_of year - founded_year, and every company was founded at least a "
        "year before it became an account.",
        "default_probability = 1 / (1 + exp(4.2 + 1.6 × credit_score)): a defaulted invoice "
        f"stays unpaid (open, then overdue) and is written off {billing.WRITE_OFF_DAYS} days "
        "after its due day.",
        f"Days late = N(shift - {billing.LATENESS_PER_CREDIT:g} × credit_score, "
        f"{billing.LATENESS_SD:g}) (LATE_PAYMENT_SHIFT: "
        f"en_US {shift['en_US']:g}, zh_CN {shift['zh_CN']:g}); when that is not positive the "
        "invoice is paid 0-9 days early; payments arrive on business days. Weak accounts pay "
        "late (paid_late), stay overdue or are written off.",
        f"The score also raises the credit_limit ({business.LIMIT_HEADROOM:g} × the purchases of "
        "the payment terms plus a month × exp(0.15 × credit_score)) and the chance of passing "
        "each stage of an opportunity (logit + 0.35 × credit_score + 0.15 × (ln employees - "
        "3.2) - 0.15 × the deal's log size).",
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
        "lines come from it (the rest follow category_pref shifted by the household, see "
        "truth/segments), unless it is baby_kids without children or pet_supplies without a "
        "pet at home.",
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
        "consent, signed up before the start, an e-mail address for e-mail campaigns, an order "
        f"in the CAMPAIGN_ACTIVE_DAYS = {parameters.CAMPAIGN_ACTIVE_DAYS} days before the start: "
        "the active file), chosen at random; CAMPAIGN_HOLDOUT_SHARE = "
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
            "reachable_probability": "Probability of churn given what a churn model sees - the "
            "days of the orders and the service record - and the world's law (0-1); empty "
            "without an order in the window.",
            "segment_known_probability": "Probability of churn given the segment as well "
            "(0-1); empty without an order in the window.",
            "rates_known_probability": "Probability of churn given the customer's own purchase "
            "rate and drop-out chance and their last order, not who has dropped out (0-1); "
            "empty without an order in the window.",
        },
        "how": _churn_how(),
        "finds": "A classification model (logistic regression, trees) on features computed "
        "up to as_of - recency, frequency, monetary value, complaints and unresolved tickets, "
        "tenure, web activity - evaluated by ROC-AUC on a hold-out split. In the default world a "
        "plain logistic regression reaches at least 0.75; the AUC of reachable_probability is "
        "the reachable ceiling (the same data, the world's law known), within 0.03 above it; "
        "segment_known_probability, rates_known_probability and churn_probability are the "
        "ceilings of knowing more (the segment; each customer's own rates; who has dropped "
        "out).",
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
            "contain every product of one bundle on top of their other lines; a product already in "
            "the order gets its quantity raised. The bundle is chosen uniformly, except that the "
            "newborn bundle goes only to households with children (and is six times as likely "
            "there) and a bundle of goods little sold in the locale comes less often.",
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
        "how": _feedback_how(),
        "finds": "Text classification and sentiment analysis: a sentiment lexicon, or a "
        "model trained on labelled texts (TF-IDF + logistic regression), with Chinese word "
        "segmentation (jieba) in zh_CN; scored by accuracy and a confusion matrix against this "
        "table. In the default worlds a TF-IDF + logistic regression model trained on 70% of the "
        "customers reaches about 0.8 accuracy on the others, a small sentiment word list about "
        "0.55; neutral texts and 'but' clauses are where both go wrong.",
        "chapters": ("10",),
    },
    "credit": {
        "description": "The hidden credit quality of each business account, the chance that "
        "one of its invoices is never paid, and the financial health and trend planted in its "
        "yearly statements.",
        "grain": "one row per business account",
        "columns": {
            "account_id": "The account (→ accounts).",
            "credit_score": "Latent credit quality in standard units; higher is better.",
            "default_probability": "Probability that an invoice of the account is never "
            "paid (0-1).",
            "financial_health": "Latent financial health behind the statements, in standard "
            "units: higher margins, lower debt.",
            "financial_trend": f"The planted trend of the statements: {one_of(FINANCIAL_TRENDS)}.",
        },
        "how": _credit_how(),
        "finds": "Business, operating and credit analysis of business accounts: win rates and "
        "sales cycles from opportunities; trends and ratios (debt ratio, net margin, asset and "
        "inventory turnover, current ratio) from account_financials compared with the industry; "
        "per account, the share of invoices paid late, overdue or written off, days late, DSO and "
        "exposure against the credit limit, compared across size bands and industries. In the "
        "default world, accounts with a score below the median have at least 1.5 times the "
        "late share of the rest, and weaker statements (higher debt ratio, lower margin) go with "
        "later payment.",
        "chapters": ("06",),
    },
    "clv": {
        "description": "The parameters of each consumer's repeat-purchase process (the truth "
        "behind customer lifetime value, 客户终身价值).",
        "grain": "one row per consumer",
        "columns": {
            "customer_id": "The customer (→ customers).",
            "orders_per_year": "Repeat-purchase rate λ × 365 while alive.",
            "dropout_probability": "Probability p of dropping out for good after each purchase "
            "(the first included).",
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
