"""The data dictionary of the Xudong world and the documentation of its planted truth.

One source, in code: :data:`TABLES` documents every learner table and column,
:data:`TRUTH` every truth table (the answer key) and how it is made, and
:data:`PLANTED` every row of the course's planted-truth table, including the
structure that has no truth table of its own. ``datasets/README.md`` is
rendered from them by :func:`render_data_dictionary`, and a test keeps the two
in step with the generator.

Each column carries its *nature* in the textbook's sense (客户信息的性质):
descriptive (描述类: static attributes of the customer), behavioural
(行为类: records of what the customer did) or relational (关联类: attitudes,
satisfaction and preferences that explain behaviour); and its *structure*
(结构化程度): structured, semi-structured or unstructured.

>>> from labkit.world.dictionary import describe_columns
>>> describe_columns("orders")["nature"].unique().tolist()
['behavioural']
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from labkit.world import (
    DEFAULT_AS_OF,
    DEFAULT_N_CUSTOMERS,
    DEFAULT_SEED,
    FIRST_AS_OF,
    LAST_AS_OF,
    LOCALES,
    MAX_CUSTOMERS,
    MIN_CUSTOMERS,
    TABLE_ORDER,
    datasets_root,
)
from labkit.world.generator import calendar as _calendar
from labkit.world.generator import parameters as P

__all__ = [
    "NATURE_ZH",
    "PLANTED",
    "STRUCTURE_ZH",
    "TABLES",
    "TRUTH",
    "describe_columns",
    "render_data_dictionary",
    "shipped_row_counts",
]

#: The three natures of customer information (客户信息的性质), textbook section 5.1.3.
NATURE_ZH = {"descriptive": "描述类", "behavioural": "行为类", "relational": "关联类"}
#: The three degrees of structure (结构化程度), textbook section 5.1.3.
STRUCTURE_ZH = {"structured": "结构化", "semi-structured": "半结构化", "unstructured": "非结构化"}

MONEY = "CNY (zh_CN) / USD (en_US)"
MONEY_YEAR = "CNY (zh_CN) / USD (en_US) per year"
D, B, R = "descriptive", "behavioural", "relational"


def _c(meaning: str, nature: str, unit: str = "", structure: str = "structured") -> dict[str, str]:
    """One column's entry."""
    return {"meaning": meaning, "nature": nature, "structure": structure, "unit": unit}


def _v(values) -> str:
    """A parameter array as ``(0.1, 0.2, …)``."""
    return "(" + ", ".join(f"{float(x):g}" for x in list(values)) + ")"


def _pct(x: float) -> str:
    return f"{100 * float(x):g}%"


def _by_segment(values, fmt: str = "{:g}") -> str:
    return ", ".join(f"{s} {fmt.format(float(v))}" for s, v in zip(P.SEGMENTS, values, strict=True))


# --------------------------------------------------------------------------- learner tables
#: Every learner table: what it holds, the business channel that produced it,
#: its grain and, per column, meaning, nature, structure and unit.
TABLES: dict[str, dict] = {
    "customers": {
        "description": "The customer file (客户档案) of consumers (B2C): who they are, how to "
        "reach them and when they joined; filled in at sign-up in stores, on the website and "
        "by the call centre, and kept clean by Xudong's CRM team.",
        "channel": "membership sign-up (point of sale, website, call centre)",
        "grain": "one row per consumer (individual customer, 个人客户)",
        "columns": {
            "customer_id": _c(
                "Customer number, the primary key (主键); other tables refer to "
                "it. Numbers follow the order of sign-up.",
                D,
            ),
            "name": _c(
                "Full name as the customer file writes it: surname then given name "
                "without a space in zh_CN (张伟), 'Given Surname' in en_US.",
                D,
            ),
            "surname": _c("Family name (姓).", D),
            "given_name": _c("Given name (名).", D),
            "gender": _c("F or M, as stated at sign-up.", D),
            "birth_date": _c(
                "Date of birth; customers are "
                "18 to about 88 years old at as_of.",
                D,
            ),
            "phone": _c(
                "Mobile phone, unique: an 11-digit mainland number in zh_CN "
                "(13812345678); '(212) 555-0134' style in en_US, with the area code "
                "of the customer's city.",
                D,
            ),
            "email": _c(
                "E-mail address made from the name (pinyin in zh_CN, where about a "
                "quarter are numeric QQ numbers @qq.com); empty for about 6% who never "
                "gave one.",
                D,
            ),
            "province": _c("Province (省) in zh_CN, state in en_US, full name.", D),
            "city": _c("City; always a real city of the stated province.", D),
            "address": _c("Street address, without city and province.", D),
            "postcode": _c(
                "Postcode of the city (six digits in zh_CN, ZIP code in en_US); "
                "text, so leading zeros stay.",
                D,
            ),
            "income": _c(
                "Yearly personal income the customer stated, rounded to 100; empty "
                "for about 9% who did not disclose it. Planted to correlate with "
                "spending.",
                D,
                MONEY_YEAR,
            ),
            "occupation": _c(
                "Job title, from Faker's list for the locale; 'retired' / 退休 above 64.", D
            ),
            "education": _c(
                "Highest education: high_school, associate, bachelor, master or doctorate.", D
            ),
            "marital_status": _c("single, married, divorced or widowed.", D),
            "signup_date": _c(
                "Day the customer joined Xudong's membership and the file was "
                "opened; the first order, if any, is on "
                "this day.",
                D,
            ),
            "signup_channel": _c(
                "Where the customer signed up: store, online, call_centre or "
                "referral (invited by a friend, registered online).",
                D,
            ),
            "marketing_consent": _c(
                "True when the customer agreed to receive marketing "
                "messages (a stated preference); campaigns go only to "
                "these customers.",
                R,
            ),
            "member_tier": _c(
                "Membership grade Xudong assigns from spending in the 12 months "
                "up to as_of: the top 4% platinum, the next 11% gold, the next "
                "30% silver, the rest (and everyone who spent nothing) bronze.",
                B,
            ),
        },
    },
    "accounts": {
        "description": "The account file of business customers (B2B, 企业客户): company "
        "profile, size and the credit terms Xudong grants; kept by the B2B sales team.",
        "channel": "sales (B2B account management)",
        "grain": "one row per business account",
        "columns": {
            "account_id": _c("Account number, the primary key.", D),
            "company_name": _c("Registered company name (from Faker's list for the locale).", D),
            "industry": _c(
                "retail, manufacturing, hospitality, education, healthcare, "
                "logistics, it_services or construction.",
                D,
            ),
            "size_band": _c(
                "micro (under 10 employees), small (10-49), medium (50-249) or "
                "large (250 and more).",
                D,
            ),
            "employees": _c("Number of employees.", D, "people"),
            "annual_revenue": _c("The company's yearly revenue, rounded to 1,000.", D, MONEY_YEAR),
            "founded_year": _c(
                "Year the company was founded (1 to 25 years before as_of); older firms "
                "tend to have better credit.",
                D,
            ),
            "province": _c("Province or state of the company's address.", D),
            "city": _c("City of the company's address.", D),
            "credit_terms_days": _c(
                "Days the account has to pay an invoice: 30, 45 or 60 by "
                "size, 15 more for about one account in five.",
                D,
                "days",
            ),
            "credit_limit": _c(
                "Most the account may owe Xudong at once, set by Xudong's "
                "finance team (rounded to 1,000).",
                D,
                MONEY,
            ),
            "account_since": _c("Day the business relationship began.", D),
            "account_manager": _c(
                "Xudong's account manager (客户经理) for the account; eight "
                "managers share all accounts.",
                D,
            ),
        },
    },
    "contacts": {
        "description": "The people Xudong deals with at each business account (联系人信息): "
        "name, role and how to reach them; kept by the B2B sales team.",
        "channel": "sales (B2B account management)",
        "grain": "one row per person at a business account (1 to 4 per account)",
        "columns": {
            "contact_id": _c("Contact number, the primary key.", D),
            "account_id": _c("The account the person works for (→ accounts).", D),
            "name": _c("Full name of the contact person.", D),
            "role": _c(
                "owner, purchasing_manager, finance, operations or admin; the primary "
                "contact is the owner of a micro company, else the purchasing "
                "manager.",
                D,
            ),
            "phone": _c(
                "Phone number (mobile in zh_CN; area code of the account's city in en_US).", D
            ),
            "email": _c("Work e-mail at the company's domain (given.surname@company).", D),
            "is_primary": _c("True for the account's main contact (exactly one per account).", D),
        },
    },
    "products": {
        "description": "Xudong's product catalogue (reference data about the offer, not about "
        "customers): 80 products in 8 categories at three price tiers; kept by "
        "merchandising.",
        "channel": "merchandising (reference data)",
        "grain": "one row per product",
        "columns": {
            "product_id": _c("Product number, the primary key.", D),
            "name": _c("Product name in the locale's language.", D),
            "category": _c(
                "electronics, appliances, kitchen, personal_care, food, apparel, "
                "baby_kids or office.",
                D,
            ),
            "price": _c("List price; it does not change over the history.", D, MONEY),
            "unit_cost": _c(
                "What one unit costs Xudong; price minus unit_cost is the gross margin per unit.",
                D,
                MONEY,
            ),
        },
    },
    "orders": {
        "description": "Consumer purchases (交易记录) up to as_of, from the tills of the "
        "stores, the website and app, and the call centre's order line.",
        "channel": "point of sale, website / app, call centre",
        "grain": "one row per order",
        "columns": {
            "order_id": _c("Order number, the primary key; numbered by customer, then time.", B),
            "customer_id": _c("The customer who ordered (→ customers).", B),
            "ordered_at": _c("Date and time of the order, to the second (local time).", B),
            "channel": _c(
                "online, store or call_centre; a customer's first order uses the "
                "channel they signed up through (online for referrals).",
                B,
            ),
            "discount": _c(
                "Discount on the whole order, in steps of 0.05 from 0 (full price) "
                "to 0.5; the order's value is sum(quantity × unit_price) × "
                "(1 - discount).",
                B,
                "fraction of the list price (0.05 = 5%)",
            ),
        },
    },
    "order_items": {
        "description": "The lines of each order: which products, how many, at what price; "
        "from the same tills, website and call centre as the orders.",
        "channel": "point of sale, website / app, call centre",
        "grain": "one row per product in an order (a product appears at most once per order)",
        "columns": {
            "order_id": _c("The order (→ orders).", B),
            "product_id": _c("The product bought (→ products).", B),
            "quantity": _c("Units bought.", B, "units"),
            "unit_price": _c("List price of one unit (before the order's discount).", B, MONEY),
        },
    },
    "web_events": {
        "description": f"The web and app analytics log (网站日志) of the last "
        f"{P.WEB_LOG_DAYS} days up to as_of: page views, product views, searches, carts and "
        "checkouts, for logged-in customers and anonymous visitors.",
        "channel": "website / app",
        "grain": "one row per event (a click or page load) in a visit",
        "columns": {
            "event_id": _c("Event number, the primary key; events are in time order.", B),
            "customer_id": _c(
                "The logged-in customer (→ customers); empty for anonymous "
                "visitors (about one visit in five).",
                B,
            ),
            "session_id": _c("Visit (会话) number: the events of one visit share it.", B),
            "occurred_at": _c("Date and time of the event, to the second (local time).", B),
            "event_type": _c(
                "page_view, product_view, search, add_to_cart or checkout; "
                "every visit starts with a page_view.",
                B,
            ),
            "payload": _c(
                "JSON object with the event's details. Always device (mobile, "
                "desktop, tablet, or mini_program: a WeChat mini program, zh_CN "
                "only) and page; page_view adds referrer (direct, search, social, "
                "email, ad); product_view and add_to_cart add product_id and "
                "category (add_to_cart also quantity); search adds query; checkout "
                "adds cart_items.",
                B,
                structure="semi-structured",
            ),
        },
    },
    "campaigns": {
        "description": "Marketing campaigns of the last two years (reference data about "
        "Xudong's actions): the festival calendar of promotions, each sent through one "
        "messaging channel.",
        "channel": "marketing",
        "grain": "one row per campaign",
        "columns": {
            "campaign_id": _c("Campaign number, the primary key.", D),
            "name": _c(
                "Campaign name in the locale's language (e.g. 双11狂欢购, Black "
                "Friday Doorbusters).",
                D,
            ),
            "channel": _c("How the offer was sent: sms, email, app_push or wechat.", D),
            "start_date": _c("First day of the campaign.", D),
            "end_date": _c("Last day of the campaign: start_date + 13 days.", D),
            "offer": _c("discount, coupon, points or gift.", D),
            "cost_per_contact": _c("What one message costs to send.", D, MONEY),
        },
    },
    "campaign_responses": {
        "description": "Who was sent each campaign and how they responded (opened, clicked, "
        "bought), as tracked by the marketing system; only customers with marketing consent "
        "are contacted.",
        "channel": "marketing",
        "grain": "one row per customer contacted in a campaign",
        "columns": {
            "campaign_id": _c("The campaign (→ campaigns).", B),
            "customer_id": _c("The customer contacted (→ customers).", B),
            "sent_at": _c("When the message was sent (local time).", B),
            "opened": _c("True when the customer opened the message.", B),
            "clicked": _c("True when the customer clicked through (only if opened).", B),
            "converted": _c(
                "True when the customer took up the offer (only if clicked). "
                "Not linked to a row of orders.",
                B,
            ),
        },
    },
    "service_tickets": {
        "description": "Customer-service cases (服务记录) opened after an order by phone, "
        "online chat, e-mail or in a store, handled by the call centre.",
        "channel": "call centre (customer service)",
        "grain": "one row per service ticket",
        "columns": {
            "ticket_id": _c("Ticket number, the primary key; numbered in order of opening.", B),
            "customer_id": _c("The customer (→ customers).", B),
            "order_id": _c("The order the ticket is about (→ orders).", B),
            "opened_at": _c("When the ticket was opened (local time).", B),
            "resolved_at": _c("When it was resolved; empty while the ticket is open.", B),
            "channel": _c("How the customer got in touch: phone, online_chat, email or store.", B),
            "topic": _c("delivery, product_fault, return_refund, billing or complaint.", B),
            "priority": _c("low, normal or high (complaints are normal or high).", B),
            "status": _c("open or resolved, at as_of.", B),
        },
    },
    "feedback": {
        "description": "Free-text feedback (客户反馈): product reviews in the app, posts on "
        "social media, e-mails, and call-centre follow-ups to service tickets, with a star "
        "rating.",
        "channel": "app reviews, social media, e-mail, call centre",
        "grain": "one row per piece of feedback",
        "columns": {
            "feedback_id": _c("Feedback number, the primary key; numbered in time order.", B),
            "customer_id": _c("The customer who wrote it (→ customers).", B),
            "created_at": _c("When it was written (local time).", B),
            "channel": _c("app_review, social_media, email or call_centre.", B),
            "rating": _c("Star rating the customer gave, 1 (worst) to 5 (best).", R, "stars (1-5)"),
            "text": _c(
                "What the customer wrote, in the locale's language (Chinese in zh_CN, "
                "English in en_US). Its topic and sentiment are in the truth.",
                R,
                structure="unstructured",
            ),
        },
    },
    "surveys": {
        "description": "Answers to Xudong's yearly satisfaction survey (满意度调查) during "
        "the 12 months up to as_of: Net Promoter Score and four satisfaction items.",
        "channel": "surveys",
        "grain": "one row per survey response (a customer answers at most once)",
        "columns": {
            "response_id": _c("Response number, the primary key; numbered in time order.", B),
            "customer_id": _c("The customer who answered (→ customers).", B),
            "answered_at": _c("When the survey was answered (local time).", B),
            "nps": _c(
                "'How likely are you to recommend Xudong to a friend?' 0-10; 9-10 are "
                "promoters, 0-6 detractors; NPS = % promoters - % detractors.",
                R,
                "score (0-10)",
            ),
            "sat_product": _c("Satisfaction with the products.", R, "score (1-5)"),
            "sat_price": _c("Satisfaction with prices.", R, "score (1-5)"),
            "sat_service": _c("Satisfaction with customer service.", R, "score (1-5)"),
            "sat_delivery": _c("Satisfaction with delivery.", R, "score (1-5)"),
        },
    },
    "invoices": {
        "description": "Invoices to business accounts over the last two years and how they "
        "were paid (应收账款), from Xudong's finance system.",
        "channel": "finance",
        "grain": "one row per invoice",
        "columns": {
            "invoice_id": _c("Invoice number, the primary key; numbered in order of issue.", B),
            "account_id": _c("The account billed (→ accounts).", B),
            "issued_at": _c("Day of issue.", B),
            "due_date": _c("Day payment is due: issued_at + the account's credit_terms_days.", B),
            "amount": _c("Amount invoiced.", B, MONEY),
            "paid_at": _c("When the payment arrived; empty while unpaid.", B),
            "status": _c(
                "paid (on time), paid_late (after the due day), open (unpaid, not "
                "yet due) or overdue (unpaid, past due), at as_of.",
                B,
            ),
        },
    },
    "opportunities": {
        "description": "The B2B sales pipeline (销售机会): deals with business accounts, "
        "open and closed, from the sales team's CRM.",
        "channel": "sales (B2B)",
        "grain": "one row per sales opportunity",
        "columns": {
            "opportunity_id": _c("Opportunity number, the primary key.", B),
            "account_id": _c("The account (→ accounts).", B),
            "created_at": _c(
                "Day the opportunity was opened; may be up "
                "to 60 days before account_since.",
                B,
            ),
            "stage": _c(
                "Open: prospecting, qualification, proposal or negotiation; closed: won or lost.", B
            ),
            "amount": _c("Expected value of the deal, rounded to 100.", B, MONEY),
            "expected_close": _c("Day the salesperson expected to close, set at creation.", B),
            "closed_at": _c("When the deal was won or lost; empty while open.", B),
        },
    },
    "raw_records": {
        "description": "Customer details as four capture channels wrote them down, before "
        "any cleaning: store sign-up sheets (point of sale), the website's form, call-centre "
        "notes and a purchased list from an outside data vendor. Same people as customers, "
        "plus prospects, repeats, errors and gaps.",
        "channel": "point of sale, website, call centre, external list",
        "grain": "one row per capture of a person by one source (a person may appear more "
        "than once)",
        "columns": {
            "record_id": _c("Record number, the primary key; numbered in order of capture.", D),
            "source": _c("store_signup_sheet, web_form, call_centre or purchased_list.", D),
            "captured_at": _c("When the record was written down (local time).", D),
            "name": _c(
                "Name as the source wrote it (spaces, lower or upper case, "
                "'SURNAME, GIVEN', pinyin …).",
                D,
            ),
            "gender": _c("F or M.", D),
            "birth_date": _c(
                "Date of birth as text in the source's own format; may be impossible or empty.", D
            ),
            "phone": _c("Phone as text in the source's own format; may be malformed or empty.", D),
            "email": _c("E-mail as typed; may be malformed, mistyped or empty.", D),
            "province": _c("Province or state, full or short (浙江省 / 浙江, California / CA).", D),
            "city": _c("City, full or short; occasionally not in the stated province.", D),
            "address": _c("Street address; may be empty.", D),
        },
    },
}


# --------------------------------------------------------------------------- truth
def _segment_how() -> list[str]:
    b = P.SEGMENT_BEHAVIOUR
    return [
        f"Each consumer gets one segment of SEGMENTS with probabilities SEGMENT_SHARE: "
        f"{_by_segment(P.SEGMENT_SHARE, '{:.0%}')}.",
        "The segment picks the row of SEGMENT_BEHAVIOUR that drives everything the customer "
        "does: purchase rate (orders_per_year) and drop-out (dropout_a, dropout_b), "
        "order-channel mix (channel_mix), sign-up channel (signup_mix), how often and how "
        "deeply they use discounts (discount_share, discount_mean), basket size (extra_lines: "
        "Poisson mean of lines beyond the first), spending power (wealth_mean), web visits "
        "per month (web_sessions), satisfaction (satisfaction) and category tastes "
        "(category_pref). The table below shows the main parameters.",
        f"NEVER_BUY_SHARE = {_pct(P.NEVER_BUY_SHARE)} of the customers of every segment never "
        "order; their segment shows only in sign-up channel, web visits and income.",
        f"Segment means are far apart, e.g. orders per year {_by_segment(b['orders_per_year'])}"
        f"; share of orders with a discount {_by_segment(b['discount_share'], '{:.0%}')}.",
    ]


def _churn_how() -> list[str]:
    c = P.DEFECTION_LOGIT
    return [
        f"`churned` is True when the customer places no order in the CHURN_WINDOW_DAYS = "
        f"{P.CHURN_WINDOW_DAYS} days after as_of. The simulation runs on past as_of, so this "
        "is a real future that no learner table shows; `orders_next_90d` counts those orders.",
        "Route 1, the repeat-purchase process (see truth/clv): the customer never bought, has "
        "dropped out for good, or by chance makes no purchase in the window.",
        f"Route 2, service-driven defection at as_of (DEFECTION_LOGIT): the customer leaves "
        f"with probability q = 1 / (1 + exp(-z)), z = {c['intercept']:g} + "
        f"{c['complaints_180d']:g} × complaint tickets opened in the 180 days before as_of + "
        f"{c['unresolved_tickets']:g} × tickets still open + {c['negative_feedback_180d']:g} "
        f"× negative feedback in the 180 days before as_of {c['tenure_years']:+g} × tenure in "
        "years; a defector's future orders are removed. The mean q is in "
        "world.truth.params['defection_probability_mean'].",
        "`churn_probability` is the exact chance of churn given the hidden traits: "
        "1 - (1 - q) × [alive at as_of] × (1 - exp(-λ × W)), with λ the purchase rate and W "
        "the window's calendar-weighted length. Its ROC-AUC against `churned` is the best any "
        "model can reach.",
    ]


def _duplicates_how() -> list[str]:
    return [
        f"SOURCES = {', '.join(P.SOURCES)}. Every customer is captured once, at sign-up, by "
        "the source of their sign-up channel (store → store_signup_sheet, online and referral "
        "→ web_form, call_centre → call_centre).",
        f"PROSPECT_SHARE = {_pct(P.PROSPECT_SHARE)} of the rows are people on the purchased "
        "list who never became customers (customer_id empty).",
        f"DUPLICATE_SHARE = {_pct(P.DUPLICATE_SHARE)} of the rows repeat a person already "
        "captured: nine in ten repeat a customer through a different source some time after "
        "sign-up, one in ten repeats a prospect.",
        "Repeats carry extra damage on top of their source's formatting habits and empty "
        "fields: a typo in the name (25%; zh_CN: the last character replaced, en_US: two "
        "letters swapped or one dropped), name order swapped (10%; zh_CN: written in pinyin "
        "as 'Given Surname'), one phone digit mistyped (8%), the e-mail in capitals (15%), "
        "the phone left out (10%).",
        "`is_duplicate` is True for every capture of a person after their first (by "
        "captured_at): the first capture is the one to keep.",
    ]


def _errors_how() -> list[str]:
    e, m = P.ERROR_RATES, P.MISSING_RATES
    return [
        f"Real errors are planted at per-source rates ERROR_RATES, in the order of SOURCES "
        f"({', '.join(P.SOURCES)}), and listed here one row per record and column:",
        f"invalid_phone {_v(e['invalid_phone'])}: two digits cut off, a letter O in place of "
        "a digit, or an extra digit;",
        f"invalid_email {_v(e['invalid_email'])}: no @, a double @@, no top-level domain, or "
        "a space before the @;",
        f"impossible_birth_date {_v(e['impossible_birth_date'])}: a year in the future, "
        "1900-01-01, or 30 February;",
        f"province_city_mismatch {_v(e['province_city_mismatch'])}: the city is replaced by "
        "a city of another province.",
        "email_domain_typo (3% of e-mails at well-known domains): a misspelled domain such "
        "as gmial.com, 163.cm or qq.con - valid in form, wrong in fact.",
        f"Missing values are not listed (they are empty cells); they follow MISSING_RATES per "
        f"source: email {_v(m['email'])}, birth_date {_v(m['birth_date'])}, address "
        f"{_v(m['address'])}. In customers, income is empty for about 9% and email for about "
        "6%.",
        "Formatting habits are not errors and are not listed: each source writes phones "
        "(e.g. 138 1234 5678, +86 138-1234-5678, 86-13812345678; (212) 555-0134, "
        "212.555.0134, +1 212 555 0134), dates (2024/3/5, 2024年3月5日, 20240305; 03/05/2024, "
        "March 5, 2024, 5-Mar-2024) and province names (浙江 / 浙江省, CA / California) its own "
        "way. Standardisation fixes them.",
    ]


def _clv_how() -> list[str]:
    b = P.SEGMENT_BEHAVIOUR
    beta = ", ".join(
        f"{s} Beta({a:g}, {bb:g})"
        for s, a, bb in zip(P.SEGMENTS, b["dropout_a"], b["dropout_b"], strict=True)
    )
    return [
        "BG/NBD-style repeat purchasing. Each customer has a purchase rate λ drawn from a "
        f"Gamma distribution with shape gamma_shape = {_v(b['gamma_shape'])} and mean "
        "orders_per_year / 365 of their segment (SEGMENT_BEHAVIOUR: "
        f"{_by_segment(b['orders_per_year'])} orders a year), and a drop-out probability "
        f"p ~ Beta(dropout_a, dropout_b): {beta}.",
        f"Buyers (1 - NEVER_BUY_SHARE = {_pct(1 - P.NEVER_BUY_SHARE)}) place a first order on "
        "the sign-up day. Repeat purchases follow a Poisson process with rate λ, stretched by "
        "the shopping calendar (busy days get more orders); after each repeat purchase the "
        "customer drops out for good with probability p.",
        f"Sign-ups grow by ACQUISITION_GROWTH = {_pct(P.ACQUISITION_GROWTH)} a year over "
        f"HISTORY_YEARS = {P.HISTORY_YEARS} years up to as_of.",
        "`alive_at_as_of` is True for buyers who have not dropped out by as_of.",
    ]


def _weekday_text() -> str:
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return ", ".join(f"{d} {w:g}" for d, w in zip(days, _calendar.WEEKDAY, strict=True))


#: Every truth table (the answer key, ``world.truth``): what it holds, its
#: columns, how the generator makes it, what finds it and in which chapters.
TRUTH: dict[str, dict] = {
    "segments": {
        "description": "The behavioural segment each consumer was generated from.",
        "grain": "one row per consumer",
        "columns": {
            "customer_id": "The customer (→ customers).",
            "segment": f"One of {', '.join(P.SEGMENTS)}.",
        },
        "how": _segment_how(),
        "finds": "Clustering (k-means, hierarchical) on RFM and behaviour features per "
        "customer: recency, frequency, monetary value, average order value, discount use, "
        "lines per order, channel shares, web activity. In the default world, k-means with "
        "k = 5 on log-scaled, standardised features of customers with 2+ orders reaches an "
        "adjusted Rand index of 0.6 or more against this table.",
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
        "tenure, web activity - evaluated by ROC-AUC on a hold-out split. In the default "
        "world a plain logistic regression reaches at least 0.75; the AUC of "
        "churn_probability is the ceiling.",
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
        "matching: block on candidate keys (phone digits, e-mail, name + birth date), compare "
        "with string similarity, group matches; scored by precision and recall over the pairs "
        "of records that share a person_id.",
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
            f"BUNDLE_RATE = {_pct(P.BUNDLE_RATE)} of all orders, chosen at random, contain "
            "every product of one bundle (chosen uniformly) on top of their other lines; a "
            "product already in the order gets its quantity raised.",
        ],
        "finds": "Association rules (Apriori, FP-growth) on the baskets of products per "
        "order: every pair inside a planted bundle has a lift of 3 or more in the default "
        "world and shows as a high-confidence, high-lift rule.",
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
        "completeness, validity, consistency, uniqueness; flagged cells are compared with "
        "this table by precision and recall.",
        "chapters": ("02", "03"),
    },
    "feedback": {
        "description": "The topic and sentiment planted in each feedback text.",
        "grain": "one row per piece of feedback (same rows as feedback)",
        "columns": {
            "feedback_id": "The feedback (→ feedback).",
            "topic": "delivery, product_quality, price, customer_service, website_app or returns.",
            "sentiment": "negative, neutral or positive.",
        },
        "how": [
            f"Two streams. Reviews follow REVIEW_RATE = {_pct(P.REVIEW_RATE)} of orders "
            "(channel app_review, social_media or email; topic drawn with probabilities "
            "delivery 0.22, product_quality 0.30, price 0.16, customer_service 0.10, "
            "website_app 0.14, returns 0.08 - FEEDBACK_TOPIC_P in "
            "labkit/world/generator/engagement.py). "
            "Follow-ups come after half of the service tickets (channel call_centre, email or "
            "social_media), with the ticket's topic mapped: delivery → delivery, "
            "product_fault → product_quality, return_refund → returns, billing → price, "
            "complaint → customer_service.",
            "A hidden score decides the sentiment: the segment's satisfaction "
            f"(SEGMENT_BEHAVIOUR['satisfaction'] = {_v(P.SEGMENT_BEHAVIOUR['satisfaction'])}) "
            "plus noise N(0, 1); follow-ups start 1.0 lower, another 1.2 lower while the "
            "ticket is open and 0.6 lower when it took more than 72 hours to resolve. Score "
            "below -0.6 is negative, below 0.3 neutral, else positive.",
            "The text is one of 12 sentences written for that topic and sentiment in the "
            "locale's language (labkit/data/texts.json), with the product of the order filled "
            "in; the star rating is drawn from the sentiment (negative mostly 1-2, neutral "
            "mostly 3, positive 4-5).",
            "Negative feedback in the 180 days before as_of raises the chance of defection "
            "(see truth/churn).",
        ],
        "finds": "Text classification and sentiment analysis: a sentiment lexicon, or a "
        "model trained on labelled texts (TF-IDF + logistic regression), with Chinese word "
        "segmentation (jieba) in zh_CN; scored by accuracy and a confusion matrix against "
        "this table.",
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
            "credit_score = 0.35 × (ln employees - 3.2) + 0.05 × (years in business - 13) + "
            "N(0, 1); years in business (as_of year - founded_year) is uniform on 1-25. The "
            "constants live in make_business in labkit/world/generator/business.py.",
            "default_probability = 1 / (1 + exp(4.2 + 1.6 × credit_score)): a defaulted "
            "invoice stays unpaid (status open, then overdue).",
            "Days late = max(0, N(2 - 14 × credit_score, 10)), else paid 0-9 days early, so "
            "weak accounts pay late (status paid_late).",
            "The score also raises the credit_limit (1% of annual revenue × exp(0.3 × "
            "credit_score)) and the chance of winning an opportunity (logistic in 0.2 + 0.5 × "
            "credit_score + 0.2 × (ln employees - 3)).",
        ],
        "finds": "Credit-status analysis of business accounts: per account, the share of "
        "invoices paid late or overdue, days late and the overdue amount, compared across "
        "size bands and industries. In the default world, accounts with a score below the "
        "median have at least 1.5 times the late-or-overdue share of the rest.",
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
        "and a probabilistic repeat-purchase model (BG/NBD, with Gamma-Gamma for spend) "
        "fitted to frequency, recency and age (T) at as_of; fitted rates and P(alive) are "
        "compared with this table.",
        "chapters": ("09",),
    },
    "interests": {
        "description": "Each consumer's favourite product category (what catches their attention).",
        "grain": "one row per consumer",
        "columns": {
            "customer_id": "The customer (→ customers).",
            "favourite_category": f"One of {', '.join(P.CATEGORIES)}.",
        },
        "how": [
            "The favourite is drawn from the segment's category tastes "
            "(SEGMENT_BEHAVIOUR['category_pref'], columns in the order of CATEGORIES).",
            f"FAVOURITE_SHARE = {_pct(P.FAVOURITE_SHARE)} of the customer's order lines come "
            "from it (the rest follow category_pref), and so do 55% of their web events that "
            "name a category or product.",
        ],
        "finds": "Attention analysis: the most viewed and most bought category per customer "
        "from web_events (payload category) and order_items; interest tags in the portrait; "
        "content-based recommendation.",
        "chapters": ("05", "07", "08"),
    },
}


def _income_how() -> list[str]:
    return [
        "Each consumer has a hidden wealth: the segment's wealth_mean "
        f"({_by_segment(P.SEGMENT_BEHAVIOUR['wealth_mean'])}) plus N(0, 1).",
        f"Log income = ρ × z + √(1 - ρ²) × N(0, 1), with z the standardised wealth and "
        f"ρ = INCOME_WEALTH_RHO = {P.INCOME_WEALTH_RHO:g}, plus a life-cycle effect (higher "
        "from 45, lower under 24); income = median × exp(0.55 × log income), median 96,000 "
        "CNY (zh_CN) or 61,000 USD (en_US), rounded to 100, empty for about 9%.",
        "Wealth also drives spending: the wealthy pick premium products (price tier chosen "
        "by a softmax in z) and the richest segment (vip) buys most often.",
        "The generator is calibrated so that the Pearson correlation of log(income) with "
        "log(monthly spending: total spending / months since sign-up), among customers with "
        f"3+ orders, lands near INCOME_SPENDING_CORR = {P.INCOME_SPENDING_CORR:g} (within "
        "±0.1 in tested worlds).",
    ]


def _seasonality_how() -> list[str]:
    return [
        "Every order, web visit and survey time is drawn from day weights "
        "(labkit/world/generator/calendar.py, day_weights): the weekday rhythm WEEKDAY "
        f"({_weekday_text()}) times festival factors.",
        "zh_CN festivals: Double 11 (双十一) × 4.0 on 11 November, × 1.3 on 1-10 November "
        "(pre-sale), × 1.6 on 12 November; 618 × 3.0 on 18 June, × 1.25 on 1-17 June; "
        "Double 12 × 1.8; Women's Day (三八节) × 1.3; Spring Festival (春节): × 1.45 from 21 "
        "to 2 days before (年货节, the New Year goods rush), × 0.45 from the eve to the "
        "sixth day (shops shut, couriers stop).",
        "en_US festivals: Black Friday × 4.0, the weekend after × 1.6, Cyber Monday × 3.0, "
        "the week before Thanksgiving × 1.3, Thanksgiving Day × 0.7; Christmas shopping "
        "× 1.45 on 1-22 December, × 0.9 on the 24th, × 0.3 on the 25th, × 1.2 from the "
        "26th; back to school × 1.15 from 10 August; mid-summer sale days × 1.5 on 8-11 "
        "July.",
        "Festive days (weight above 1.8) also bring more and deeper discounts (+0.35 to the "
        "share of discounted orders).",
        f"Trend: sign-ups grow by ACQUISITION_GROWTH = {_pct(P.ACQUISITION_GROWTH)} a year and "
        "customers keep buying, so monthly sales grow; the last six full months sell more "
        "than 1.3 times the first six.",
        "Hours of the day follow HOURS per order channel (stores 9:00-22:00, call centre "
        "8:00-18:00, online peaking 20:00-22:00).",
    ]


def _planted(
    key: str, truth: str, method: str, tables: tuple[str, ...], answer: str, **extra
) -> tuple[str, dict]:
    entry = {"truth": truth, "method": method, "truth_tables": tables, "answer": answer}
    if tables:
        first = TRUTH[tables[0]]
        entry.update(how=first["how"], finds=first["finds"], chapters=first["chapters"])
    entry.update(extra)
    return key, entry


#: Every row of the course's planted-truth table (CURRICULUM.md): what is
#: planted, where its answer lives, how it is made, what finds it and where.
PLANTED: dict[str, dict] = dict(
    [
        _planted(
            "segments",
            "behavioural segments of consumers",
            "clustering on RFM and behaviour features",
            ("segments",),
            "world.truth.segments",
        ),
        _planted(
            "churn",
            "churn propensity from recency, complaints, unresolved tickets, tenure",
            "classification (churn model), with the best reachable AUC known from the latent "
            "probabilities",
            ("churn",),
            "world.truth.churn",
        ),
        _planted(
            "bundles",
            "product bundles bought together",
            "association rules (support, confidence, lift)",
            ("bundles",),
            "world.truth.bundles",
        ),
        _planted(
            "duplicates",
            "duplicate customer records across channels (typos, re-formatted phones, swapped "
            "name order, missing fields)",
            "standardisation + record matching, scored by precision / recall",
            ("duplicates",),
            "world.truth.duplicates",
        ),
        _planted(
            "errors",
            "invalid and missing values (impossible ages and dates, malformed phones and "
            "e-mails, inconsistent province/city names)",
            "validation rules and data-quality metrics",
            ("errors",),
            "world.truth.errors",
        ),
        _planted(
            "income_spending",
            "income ↔ spending correlation",
            "correlation analysis",
            (),
            "world.truth.params['income_spending_corr']",
            how=_income_how(),
            finds="Correlation analysis: Pearson on the logs (or Spearman on the ranks) of "
            "income and monthly spending, with a scatter plot. Correlation is not causation: "
            "both follow the hidden wealth.",
            chapters=("06",),
        ),
        _planted(
            "seasonality",
            "monthly sales with trend and seasonality (Spring Festival, 618, Double 11 in "
            "zh_CN; Black Friday and Christmas in en_US)",
            "inertia / trend forecasting",
            (),
            "labkit.world.generator.calendar.day_weights()",
            how=_seasonality_how(),
            finds="Inertia (trend) forecasting: the monthly sales series, moving averages, a "
            "trend line with month-of-year seasonal indices, and a hold-out error for each "
            "method.",
            chapters=("06",),
        ),
        _planted(
            "repeat_purchase",
            "a repeat-purchase process of known parameters (BG/NBD-style)",
            "CLV models",
            ("clv",),
            "world.truth.clv",
        ),
        _planted(
            "credit",
            "credit quality of business accounts driving late payments and defaults",
            "credit-status analysis",
            ("credit",),
            "world.truth.credit",
        ),
        _planted(
            "feedback",
            "sentiment and topic of feedback texts (zh and en)",
            "text classification, sentiment analysis",
            ("feedback",),
            "world.truth.feedback",
        ),
    ]
)


# --------------------------------------------------------------------------- functions
_FIELDS = ("meaning", "nature", "structure", "unit")


def describe_columns(table: str | None = None) -> pd.DataFrame:
    """The data dictionary as a DataFrame: one row per column of the learner tables.

    Parameters
    ----------
    table : str, optional
        One table's name (``"orders"``); all tables, in the world's order, when omitted.

    Returns
    -------
    pandas.DataFrame
        Columns ``table, column, meaning, nature, structure, unit``. ``nature`` is
        descriptive / behavioural / relational (see :data:`NATURE_ZH`), ``structure``
        structured / semi-structured / unstructured (see :data:`STRUCTURE_ZH`).

    Raises
    ------
    ValueError
        If ``table`` is not a learner table; the message lists the tables.

    Examples
    --------
    >>> describe_columns("feedback").set_index("column").loc["text", "structure"]
    'unstructured'
    >>> len(describe_columns()) > 100
    True
    """
    if table is None:
        names = [t for t in TABLE_ORDER if t in TABLES]
    elif isinstance(table, str) and table in TABLES:
        names = [table]
    else:
        truth = isinstance(table, str) and table in TRUTH
        hint = " (a truth table: see labkit.world.dictionary.TRUTH)" if truth else ""
        raise ValueError(f"unknown table {table!r}{hint}; the tables are: {', '.join(TABLES)}")
    rows = [
        {"table": name, "column": col, **{k: info[k] for k in _FIELDS}}
        for name in names
        for col, info in TABLES[name]["columns"].items()
    ]
    return pd.DataFrame(rows, columns=["table", "column", *_FIELDS])


def _world_dirs(root: str | os.PathLike | None) -> dict[str, Path]:
    base = datasets_root(root)
    dirs = {loc: base / loc for loc in LOCALES}
    for folder in dirs.values():
        if not (folder / "world.json").exists():
            raise FileNotFoundError(
                f"no saved world in {folder} (world.json is missing); run "
                "`python3 run.py datasets` to write the default datasets"
            )
    return dirs


def _count_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def shipped_row_counts(root: str | os.PathLike | None = None) -> dict[str, dict[str, int]]:
    """Rows of every table of the saved default worlds, counted in their CSV files.

    Parameters
    ----------
    root : path, optional
        The datasets folder (default: :func:`labkit.world.datasets_root`).

    Returns
    -------
    dict
        ``{locale: {table: rows}}``; truth tables are keyed ``truth/<name>``.

    Raises
    ------
    FileNotFoundError
        If a locale's ``world.json`` is missing.
    """
    out: dict[str, dict[str, int]] = {}
    for loc, folder in _world_dirs(root).items():
        meta = json.loads((folder / "world.json").read_text(encoding="utf-8"))
        counts = {t: _count_rows(folder / f"{t}.csv") for t in meta["tables"]}
        counts.update(
            {f"truth/{t}": _count_rows(folder / "truth" / f"{t}.csv") for t in meta["truth"]}
        )
        out[loc] = counts
    return out


def _saved_types(root: str | os.PathLike | None) -> dict[str, dict[str, dict[str, str]]]:
    return {
        loc: json.loads((folder / "world.json").read_text(encoding="utf-8"))["schema"]
        for loc, folder in _world_dirs(root).items()
    }


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _type_of(types: dict, key: str, col: str) -> str:
    seen = {loc: types.get(loc, {}).get(key, {}).get(col, "?") for loc in LOCALES}
    if len(set(seen.values())) == 1:
        return f"`{next(iter(seen.values()))}`"
    return "; ".join(f"{loc}: `{t}`" for loc, t in seen.items())


def _count_of(counts: dict, loc: str, key: str) -> str:
    n = counts.get(loc, {}).get(key)
    return f"{n:,}" if isinstance(n, int) else "-"


def _chapters(chapters: tuple[str, ...]) -> str:
    return ", ".join(chapters)


def render_data_dictionary(
    row_counts: dict[str, dict[str, int]] | None = None,
    column_types: dict[str, dict[str, dict[str, str]]] | None = None,
    *,
    root: str | os.PathLike | None = None,
) -> str:
    """The full markdown of ``datasets/README.md``: the data dictionary and the answer key.

    Parameters
    ----------
    row_counts : dict, optional
        ``{locale: {table: rows}}`` (truth tables as ``truth/<name>``) for the table of
        tables. Default: counted in the saved CSV files (:func:`shipped_row_counts`).
    column_types : dict, optional
        ``{locale: {table: {column: dtype}}}`` as in ``world.json``'s ``schema``.
        Default: read from each locale's ``world.json``.
    root : path, optional
        The datasets folder to read when an argument is omitted (default:
        :func:`labkit.world.datasets_root`).

    Returns
    -------
    str
        Markdown text; the same inputs give the same text.

    Raises
    ------
    FileNotFoundError
        If the saved worlds are needed but missing.

    Examples
    --------
    >>> text = render_data_dictionary()            # doctest: +SKIP
    >>> text.splitlines()[0]                       # doctest: +SKIP
    '# The Xudong Trading (旭东商贸) datasets: data dictionary and answer key'
    """
    counts = row_counts if row_counts is not None else shipped_row_counts(root)
    types = column_types if column_types is not None else _saved_types(root)
    out: list[str] = []
    add = out.append
    add("# The Xudong Trading (旭东商贸) datasets: data dictionary and answer key")
    add("")
    add(
        "<!-- Generated by labkit.world.dictionary.render_data_dictionary(); do not edit by hand. "
        "Edit labkit/world/dictionary/, then run `python3 run.py datasets`. -->"
    )
    add("")
    add(
        "This folder holds the course's synthetic customer world: **Xudong Trading "
        "(旭东商贸)**, a fictional retailer that sells to consumers (B2C) online, in stores "
        "and through a call centre, and to business accounts (B2B). Every lab works on it. "
        "Its customer information (客户信息) comes from the channels a real retailer has - "
        "point of sale, website and app, call centre, marketing, surveys, finance and "
        "sales - and the generator plants known structure in it (the *planted truth*, the "
        "answer key), so every technique in the course has a right answer to find."
    )
    add("")
    add(
        "This page is the data dictionary (数据字典): every table, every column, what it "
        "means, its type, its nature and structure, and its unit; then the answer key and "
        "how each part of it was made."
    )
    add("")
    _render_loading(add)
    _render_tables_overview(add, counts)
    _render_reading_guide(add)
    for name in (t for t in TABLE_ORDER if t in TABLES):
        _render_table(add, name, counts, types)
    _render_truth(add, counts, types)
    return "\n".join(out).rstrip("\n") + "\n"


def _render_loading(add: Callable[[str], None]) -> None:
    add("## How to load the data")
    add("")
    add("In Python, with labkit installed (`python3 run.py setup`):")
    add("")
    add("```python")
    add("import labkit")
    add("world = labkit.load_world()            # the shipped default world, en_US")
    add('world = labkit.load_world("zh_CN")     # the same world in Chinese')
    add("world.customers.head()                 # every table is a pandas DataFrame")
    add('world["orders"]                        # the same by name')
    add("world.summary()                        # one row per table")
    add("world.truth.segments                   # the answer key, kept apart")
    add("")
    add("from labkit.world.dictionary import describe_columns")
    add('describe_columns("orders")             # this dictionary as a DataFrame')
    add("```")
    add("")
    add(
        "Without labkit, open any CSV file directly: the files are UTF-8 with a byte-order "
        "mark (BOM), so Excel shows Chinese correctly. Empty cells are missing values; "
        "times are written `YYYY-MM-DD HH:MM:SS` in local time without a time zone "
        "(columns that hold whole days are written `YYYY-MM-DD`). In pandas, read with "
        '`encoding="utf-8-sig"` and keep `phone` and `postcode` as text '
        '(`dtype={"phone": str, "postcode": str}`).'
    )
    add("")
    add("### Reproducibility contract")
    add("")
    add(
        f"A world is fixed by four values, `(seed, n_customers, locale, as_of)`: the same "
        "four give the same world, byte for byte, in any process on any day - nothing reads "
        "today's date. The shipped default is `seed = "
        f"{DEFAULT_SEED}`, `n_customers = {DEFAULT_N_CUSTOMERS:,}`, `as_of = {DEFAULT_AS_OF}`, "
        f"in both locales ({', '.join(f'`{loc}`' for loc in LOCALES)}). `n_customers` may be "
        f"{MIN_CUSTOMERS:,} to {MAX_CUSTOMERS:,}; `as_of` any day from "
        f"{FIRST_AS_OF:%Y-%m-%d} to {LAST_AS_OF:%Y-%m-%d}."
    )
    add("")
    add(
        f'- `as_of` is the world\'s "today": tables hold the {P.HISTORY_YEARS} years of '
        "history up to and including it, and nothing after. Compute recency and tenure from "
        "`world.as_of`, never from the real today."
    )
    add("- Money is in CNY (人民币) in `zh_CN` and USD in `en_US` (`world.currency`).")
    add(
        "- The same seed gives the same underlying customers in both locales (segments, "
        "purchase rates, ages); names, places, prices, texts and the "
        "festival calendar follow the locale."
    )
    add("")
    add("Make another world:")
    add("")
    add("```python")
    add('world = labkit.make_world(seed=7, n_customers=20_000, locale="zh_CN", as_of="2025-12-31")')
    add("```")
    add("")
    add("or from the shell, saved as CSV files like these:")
    add("")
    add("```")
    add("labkit world --seed 7 --customers 20000 --locale zh_CN --as-of 2025-12-31 --out worlds/s7")
    add("```")
    add("")
    add(
        'and load it with `labkit.load_world(path="worlds/s7")`. `load_world()` also reads '
        "`LABKIT_LOCALE`, `LABKIT_SEED` and `LABKIT_CUSTOMERS` from the environment."
    )
    add("")
    add(
        "Regenerate the shipped files (and this page) with `python3 run.py datasets`; "
        "`labkit datasets --check` lists any difference between them and what the generator "
        "makes now."
    )
    add("")
    add("### Folder layout")
    add("")
    add("```")
    add("datasets/")
    add("├── README.md              this page (generated by labkit.world.dictionary)")
    add("├── en_US/")
    add("│   ├── world.json         seed, size, locale, as_of, currency, column types, parameters")
    add("│   ├── customers.csv      one CSV file per table (UTF-8 with BOM)")
    add("│   ├── …")
    add("│   └── truth/             the answer key: one CSV file per truth table")
    add("└── zh_CN/                the same layout, in Chinese")
    add("```")
    add("")


def _render_tables_overview(add: Callable[[str], None], counts: dict) -> None:
    add("## The tables")
    add("")
    header = ["table", "what it holds", "channel", "grain", *(f"rows {loc}" for loc in LOCALES)]
    rows = [
        [
            f"[`{name}`](#{name})",
            info["description"],
            info["channel"],
            info["grain"],
            *(_count_of(counts, loc, name) for loc in LOCALES),
        ]
        for name, info in ((t, TABLES[t]) for t in TABLE_ORDER if t in TABLES)
    ]
    for line in _table(header, rows):
        add(line)
    add("")
    add(
        "Keys: every table's first column is its primary key (主键), except order_items "
        "(order_id + product_id) and campaign_responses (campaign_id + customer_id). A "
        "column named like another table's key (`customer_id`, `order_id`, `account_id`, "
        "`product_id`, `campaign_id`) is a foreign key (外键) to it, marked → in the column "
        "tables. raw_records has no key to customers: finding who is who is the lesson of "
        "chapter 03."
    )
    add("")


def _render_reading_guide(add: Callable[[str], None]) -> None:
    add("## Reading the column tables")
    add("")
    add("**Nature (性质)** - the textbook's three kinds of customer information:")
    add("")
    add(
        f"- **descriptive ({NATURE_ZH['descriptive']})**: static attributes that describe the "
        "customer - identity, demographics, contact details, address; for business "
        "customers, the company profile and the terms of business. Reference tables "
        "(products, campaigns) describe Xudong's offer and are marked descriptive too."
    )
    add(
        f"- **behavioural ({NATURE_ZH['behavioural']})**: records of what the customer did - "
        "purchases, visits, clicks, service contacts, payments, deals - and summaries of "
        "them such as member_tier."
    )
    add(
        f"- **relational ({NATURE_ZH['relational']})**: what the customer thinks and prefers, "
        "which explains behaviour - attitudes, satisfaction, ratings, opinions, consent to "
        "marketing."
    )
    add("")
    add(
        "Keys and timestamps take the nature of the record they belong to: in feedback and "
        "surveys, *that* a customer wrote or answered, when and where, is a contact record "
        "(behavioural); *what* they said is relational."
    )
    add("")
    add("**Structure (结构)**:")
    add("")
    add(
        f"- **structured ({STRUCTURE_ZH['structured']})**: one value of a fixed type per "
        "cell - numbers, codes, dates, short text."
    )
    add(
        f"- **semi-structured ({STRUCTURE_ZH['semi-structured']})**: self-describing records "
        "whose fields vary - the JSON `payload` of web_events."
    )
    add(f"- **unstructured ({STRUCTURE_ZH['unstructured']})**: free text - the `text` of feedback.")
    add("")
    add(
        "**Types** (as pandas holds them; saved in `world.json`): `int64` whole number; "
        "`Int64` whole number that may be missing; `float64` decimal number (missing shows "
        "as NaN); `str` text; `bool` True/False; `datetime64[s]` date and time to the "
        "second (missing shows as NaT)."
    )
    add("")


def _render_table(add: Callable[[str], None], name: str, counts: dict, types: dict) -> None:
    info = TABLES[name]
    add(f"## {name}")
    add("")
    add(info["description"])
    add("")
    rows = " · ".join(f"{loc}: {_count_of(counts, loc, name)}" for loc in LOCALES)
    add(f"*Grain:* {info['grain']}. *Channel:* {info['channel']}. *Rows:* {rows}.")
    add("")
    header = ["column", "type", "meaning", "nature 性质", "structure 结构", "unit"]
    body = [
        [
            f"`{col}`",
            _type_of(types, name, col),
            c["meaning"],
            f"{c['nature']} {NATURE_ZH[c['nature']]}",
            f"{c['structure']} {STRUCTURE_ZH[c['structure']]}",
            c["unit"],
        ]
        for col, c in info["columns"].items()
    ]
    for line in _table(header, body):
        add(line)
    add("")


def _render_truth(add: Callable[[str], None], counts: dict, types: dict) -> None:
    add("## The planted truth (answer key)")
    add("")
    add(
        "The generator plants known structure in the world so that every technique has a "
        "right answer. The answers live in `world.truth` (files in `truth/`), never in the "
        "learner tables; the exercises' checks compute their expected answers from them. "
        "`world.truth.params` (the `params` of `world.json`) holds every parameter of "
        "`labkit/world/generator/parameters.py`, named below in CAPITALS."
    )
    add("")
    header = ["planted truth", "what finds it", "chapters", "answer"]
    rows = [
        [p["truth"], p["method"], _chapters(p["chapters"]), f"`{p['answer']}`"]
        for p in PLANTED.values()
    ]
    for line in _table(header, rows):
        add(line)
    add("")
    for name, t in TRUTH.items():
        key = f"truth/{name}"
        add(f"### truth/{name}")
        add("")
        add(t["description"])
        add("")
        n = " · ".join(f"{loc}: {_count_of(counts, loc, key)}" for loc in LOCALES)
        add(f"*Grain:* {t['grain']}. *Rows:* {n}. *Chapters:* {_chapters(t['chapters'])}.")
        add("")
        body = [[f"`{col}`", _type_of(types, key, col), m] for col, m in t["columns"].items()]
        for line in _table(["column", "type", "meaning"], body):
            add(line)
        add("")
        add("**How it is made.**")
        add("")
        for item in t["how"]:
            add(f"- {item}")
        add("")
        if name == "segments":
            for line in _segment_table():
                add(line)
            add("")
        add(f"**What finds it.** {t['finds']}")
        add("")
    add("### Planted structure without a truth table")
    add("")
    for p in PLANTED.values():
        if p["truth_tables"]:
            continue
        add(f"#### {p['truth'][0].upper()}{p['truth'][1:]}")
        add("")
        add(f"*Chapters:* {_chapters(p['chapters'])}. *Answer:* `{p['answer']}`.")
        add("")
        add("**How it is made.**")
        add("")
        for item in p["how"]:
            add(f"- {item}")
        add("")
        add(f"**What finds it.** {p['finds']}")
        add("")


def _segment_table() -> list[str]:
    b = P.SEGMENT_BEHAVIOUR
    header = [
        "segment",
        "share",
        "orders / year",
        "drop-out p (mean)",
        "discounted orders",
        "mean discount when discounted",
        "lines / order",
        "wealth",
        "web visits / month",
        "satisfaction",
        "main order channel",
    ]
    rows = []
    for i, s in enumerate(P.SEGMENTS):
        a, bb = float(b["dropout_a"][i]), float(b["dropout_b"][i])
        ch = P.ORDER_CHANNELS[int(b["channel_mix"][i].argmax())]
        rows.append(
            [
                s,
                f"{P.SEGMENT_SHARE[i]:.0%}",
                f"{b['orders_per_year'][i]:g}",
                f"{a / (a + bb):.3f}",
                f"{b['discount_share'][i]:.0%}",
                f"{b['discount_mean'][i]:.0%}",
                f"{1 + b['extra_lines'][i]:.1f}",
                f"{b['wealth_mean'][i]:+.1f}",
                f"{b['web_sessions'][i]:g}",
                f"{b['satisfaction'][i]:+.1f}",
                f"{ch} ({b['channel_mix'][i].max():.0%})",
            ]
        )
    return _table(header, rows)
