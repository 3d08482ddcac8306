"""The data dictionary of the service and business tables: service tickets, feedback and
surveys of consumers, and the business accounts (B2B) with their contacts, invoices,
sales pipeline and yearly financial statements.

Each entry says what the table holds, the business channel that produced it, its
grain and, per column, meaning, nature, structure and unit (see
:mod:`labkit.world.dictionary.entries`). Value lists come from
:mod:`labkit.vocabularies`.

>>> SERVICE_AND_BUSINESS_TABLES["feedback"]["columns"]["text"]["structure"]
'unstructured'
"""

from __future__ import annotations

from labkit.vocabularies import (
    CLOSED_STAGES,
    CONTACT_ROLES,
    INDUSTRIES,
    LOST_REASONS,
    OPEN_STAGES,
    SIZE_BAND_LIMITS,
    SIZE_BANDS,
    TICKET_CHANNELS,
    TICKET_PRIORITIES,
    TICKET_STATUSES,
    TICKET_TOPICS,
)
from labkit.world.dictionary.entries import (
    BEHAVIOURAL,
    DESCRIPTIVE,
    MONEY,
    MONEY_YEAR,
    RELATIONAL,
    column,
    one_of,
)
from labkit.world.generator import parameters
from labkit.world.generator.billing import WRITE_OFF_DAYS
from labkit.world.generator.business import EXTRA_TERMS_DAYS, TERMS_BY_SIZE_BAND

__all__ = ["SERVICE_AND_BUSINESS_TABLES", "size_bands_text"]


def size_bands_text() -> str:
    """The size bands with their numbers of employees, from the vocabulary's limits.

    Examples
    --------
    >>> size_bands_text()
    'micro (under 10 employees), small (10-49), medium (50-249) or large (250 and more)'
    """
    first, *middle, last = SIZE_BANDS
    ranges = [
        f"{band} ({low}-{high - 1})"
        for band, low, high in zip(middle, SIZE_BAND_LIMITS, SIZE_BAND_LIMITS[1:], strict=False)
    ]
    return one_of(
        [
            f"{first} (under {SIZE_BAND_LIMITS[0]} employees)",
            *ranges,
            f"{last} ({SIZE_BAND_LIMITS[-1]} and more)",
        ]
    )


def _terms_text() -> str:
    """The payment terms by size band and the share of accounts granted more days.

    Examples
    --------
    >>> _terms_text()[:24]
    'by size band micro 30, s'
    """
    bands = ", ".join(
        f"{band} {days}" for band, days in zip(SIZE_BANDS, TERMS_BY_SIZE_BAND, strict=True)
    )
    extra = parameters.EXTRA_TERMS_SHARE
    return (
        f"by size band {bands}; {EXTRA_TERMS_DAYS} days more for about "
        f"{extra['en_US']:.0%} of accounts in en_US and {extra['zh_CN']:.0%} in zh_CN "
        "(Chinese B2B terms run longer)"
    )


#: The service and business tables: service_tickets, feedback, surveys, invoices,
#: opportunities, account_financials, accounts and contacts.
SERVICE_AND_BUSINESS_TABLES: dict[str, dict] = {
    "service_tickets": {
        "description": "Customer-service cases (服务记录) opened after an order by phone, "
        "online chat, e-mail or in a store, handled by the service centre. Phone lines are "
        "staffed 8:00-21:00 and chat 8:00-23:00; e-mails arrive around the clock, mostly by day; "
        "store tickets come in store hours. About seven in ten are solved at the first contact. "
        "About 14 tickets per 100 orders (TICKET_RATE, plus a return_refund ticket for "
        "RETURN_TICKET_SHARE of the returned orders): online-only shops get about 7 per 100 "
        "(Gorgias, 2024: one ticket per 15 orders); Xudong's service centre also takes the "
        "store and phone orders' questions and the returns, so it gets about twice that.",
        "channel": "call centre (customer service)",
        "grain": "one row per service ticket",
        "columns": {
            "ticket_id": column(
                "Ticket number, the primary key; numbered in order of opening.", BEHAVIOURAL
            ),
            "customer_id": column("The customer (→ customers).", BEHAVIOURAL),
            "order_id": column(
                "The order the ticket is about (→ orders); a return_refund ticket is about an "
                "order the customer returned.",
                BEHAVIOURAL,
            ),
            "opened_at": column(
                "When the ticket was opened (local time), some days after the order.", BEHAVIOURAL
            ),
            "resolved_at": column(
                "When it was resolved; empty while the ticket is open. Minutes after opened_at "
                "when solved at the first contact (hours for an e-mail reply); otherwise hours to "
                "weeks, with a long tail, sooner for higher priority.",
                BEHAVIOURAL,
            ),
            "channel": column(
                f"How the customer got in touch: {one_of(TICKET_CHANNELS)}.", BEHAVIOURAL
            ),
            "topic": column(f"{one_of(TICKET_TOPICS)}.", BEHAVIOURAL),
            "priority": column(
                f"{one_of(TICKET_PRIORITIES)} (complaints are normal or high); higher priority "
                "is resolved sooner.",
                BEHAVIOURAL,
            ),
            "status": column(f"{one_of(TICKET_STATUSES)}, at as_of.", BEHAVIOURAL),
            "first_contact_resolved": column(
                "True when the first contact solved the ticket: no call back, no escalation "
                "(first-contact resolution, 首次解决). False for tickets still open.",
                BEHAVIOURAL,
            ),
        },
    },
    "feedback": {
        "description": "Free-text feedback (客户反馈): reviews of orders (asked for after "
        "an order), posts on social media and in the app store that are not about one order, "
        "e-mails, and call-centre follow-ups to service tickets, with a star rating. Reviews "
        "follow about 13% of the orders in en_US and 19% in zh_CN (REVIEW_RATE): American "
        "shoppers are asked by e-mail and most never write (Clutch, 2017: 81% never do, 23% "
        "write when e-mailed), Chinese platforms ask every buyer to rate the order after "
        "confirming receipt (Taobao, JD.com). Posts not about one order add about 0.2 a year "
        "per buyer (POST_RATE), follow-ups about 3 per 10 tickets (FOLLOW_UP_SHARE). "
        "Most is written by the very pleased or the very displeased, so the ratings are J-shaped "
        "(many 5 stars, some 1 star, few in between); reviews are posted when people are online, "
        "mostly in the evening.",
        "channel": "app reviews, social media, e-mail, call centre",
        "grain": "one row per piece of feedback",
        "columns": {
            "feedback_id": column(
                "Feedback number, the primary key; numbered in time order.", BEHAVIOURAL
            ),
            "customer_id": column("The customer who wrote it (→ customers).", BEHAVIOURAL),
            "created_at": column("When it was written (local time).", BEHAVIOURAL),
            "channel": column("app_review, social_media, email or call_centre.", BEHAVIOURAL),
            "rating": column(
                "Star rating the customer gave, 1 (worst) to 5 (best); it mostly agrees with the "
                "text, but not always.",
                RELATIONAL,
                "stars (1-5)",
            ),
            "text": column(
                "What the customer wrote, in the locale's language (Chinese in zh_CN, English in "
                "en_US): one to four clauses about delivery, the product, price, service, the "
                "app or returns, with 'but' clauses, negations, intensifiers, typos and (in "
                "Chinese) emoji. Its main topic and sentiment are in the truth.",
                RELATIONAL,
                structure="unstructured",
            ),
        },
    },
    "surveys": {
        "description": "Answers to Xudong's yearly satisfaction survey (满意度调查): invitations "
        "on the first Monday of September before as_of, reminders a week and two weeks later, "
        "answers over three weeks of fieldwork (调查执行期). Net Promoter Score and four "
        "satisfaction items.",
        "channel": "surveys",
        "grain": "one row per survey response (a customer answers at most once)",
        "columns": {
            "response_id": column(
                "Response number, the primary key; numbered in time order.", BEHAVIOURAL
            ),
            "customer_id": column("The customer who answered (→ customers).", BEHAVIOURAL),
            "answered_at": column(
                "When the survey was answered (local time), within the fieldwork window.",
                BEHAVIOURAL,
            ),
            "nps": column(
                "'How likely are you to recommend Xudong to a friend?' 0-10; 9-10 are promoters, "
                "0-6 detractors; NPS = % promoters - % detractors. Answers heap on 10, 8, 5 and 0.",
                RELATIONAL,
                "score (0-10)",
            ),
            "sat_product": column("Satisfaction with the products.", RELATIONAL, "score (1-5)"),
            "sat_price": column("Satisfaction with prices.", RELATIONAL, "score (1-5)"),
            "sat_service": column("Satisfaction with customer service.", RELATIONAL, "score (1-5)"),
            "sat_delivery": column("Satisfaction with delivery.", RELATIONAL, "score (1-5)"),
        },
    },
    "invoices": {
        "description": "Invoices to business accounts over the last two years and how they "
        "were paid (应收账款), from Xudong's finance system. Most accounts are billed once a "
        "month, on the last business day, for that month's purchases (月结); the others with "
        "each delivery.",
        "channel": "finance",
        "grain": "one row per invoice",
        "columns": {
            "invoice_id": column(
                "Invoice number, the primary key; numbered in order of issue.", BEHAVIOURAL
            ),
            "account_id": column("The account billed (→ accounts).", BEHAVIOURAL),
            "issued_at": column(
                "Day of issue: always a business day (Monday to Friday, no public holiday); for "
                "monthly-billed accounts the last business day of the month.",
                BEHAVIOURAL,
            ),
            "due_date": column(
                "Day payment is due: issued_at + the account's credit_terms_days.", BEHAVIOURAL
            ),
            "amount": column("Amount invoiced.", BEHAVIOURAL, MONEY),
            "paid_at": column(
                "When the payment arrived (on a business day); empty while unpaid.", BEHAVIOURAL
            ),
            "status": column(
                "paid (on time), paid_late (after the due day), open (unpaid, not yet due), "
                "overdue (unpaid, past due) or written_off (still unpaid "
                f"{WRITE_OFF_DAYS} days after the due day: a bad debt), at as_of.",
                BEHAVIOURAL,
            ),
        },
    },
    "opportunities": {
        "description": "The B2B sales pipeline (销售机会): deals with business accounts, "
        "open and closed, from the sales team's CRM. A deal moves through the open stages in "
        "order and is won after negotiation or lost at the stage it reached.",
        "channel": "sales (B2B)",
        "grain": "one row per sales opportunity",
        "columns": {
            "opportunity_id": column(
                "Opportunity number, the primary key; numbered in order of creation.", BEHAVIOURAL
            ),
            "account_id": column("The account (→ accounts).", BEHAVIOURAL),
            "created_at": column(
                "Day the opportunity was opened; may be up to 60 days before account_since.",
                BEHAVIOURAL,
            ),
            "stage": column(
                f"Open: {one_of(OPEN_STAGES)} (the stage reached by as_of); closed: "
                f"{one_of(CLOSED_STAGES)}.",
                BEHAVIOURAL,
            ),
            "amount": column("Expected value of the deal, rounded to 100.", BEHAVIOURAL, MONEY),
            "expected_close": column(
                "Day the salesperson expected to close, set at creation (often too early).",
                BEHAVIOURAL,
            ),
            "closed_at": column("When the deal was won or lost; empty while open.", BEHAVIOURAL),
            "lost_at_stage": column(
                f"For a lost deal, the stage it was lost at ({one_of(OPEN_STAGES)}); empty "
                "otherwise. With the open stages, it gives how far every deal got (the funnel).",
                BEHAVIOURAL,
            ),
            "lost_reason": column(
                f"For a lost deal, why it was lost as the salesperson recorded it: "
                f"{one_of(LOST_REASONS)}; empty otherwise.",
                RELATIONAL,
            ),
        },
    },
    "account_financials": {
        "description": "Yearly financial statements of the business accounts (财务报表), "
        "collected by the B2B team for credit checks: from two years before the account opened "
        "(or the founding year) to the last full year before as_of. The latest year's revenue "
        "and headcount are the account's annual_revenue and employees.",
        "channel": "sales (B2B account management, credit checks)",
        "grain": "one row per account and year (the primary key is account_id + year)",
        "columns": {
            "account_id": column("The account (→ accounts).", DESCRIPTIVE),
            "year": column("The financial year (calendar year) of the statement.", DESCRIPTIVE),
            "revenue": column(
                "Revenue (营业收入) of the year, rounded to 1,000.", DESCRIPTIVE, MONEY_YEAR
            ),
            "cost_of_sales": column(
                "Cost of the goods and services sold (营业成本); revenue - cost_of_sales is the "
                "gross profit.",
                DESCRIPTIVE,
                MONEY_YEAR,
            ),
            "operating_profit": column(
                "Profit from operations before interest and tax (营业利润); negative for a loss.",
                DESCRIPTIVE,
                MONEY_YEAR,
            ),
            "net_profit": column(
                "Profit after interest and income tax (净利润); negative for a loss. "
                "net_profit / revenue is the net margin.",
                DESCRIPTIVE,
                MONEY_YEAR,
            ),
            "total_assets": column(
                "Total assets at the year end (资产总额); revenue / total_assets is the asset "
                "turnover.",
                DESCRIPTIVE,
                MONEY,
            ),
            "total_liabilities": column(
                "Total liabilities at the year end (负债总额); total_liabilities / total_assets "
                "is the debt ratio (资产负债率).",
                DESCRIPTIVE,
                MONEY,
            ),
            "current_assets": column(
                "Current assets (流动资产): cash, receivables, inventory; current_assets / "
                "current_liabilities is the current ratio.",
                DESCRIPTIVE,
                MONEY,
            ),
            "current_liabilities": column(
                "Liabilities due within a year (流动负债).", DESCRIPTIVE, MONEY
            ),
            "inventory": column(
                "Inventory at the year end (存货); cost_of_sales / inventory is the inventory "
                "turnover.",
                DESCRIPTIVE,
                MONEY,
            ),
            "headcount": column("Employees at the year end.", DESCRIPTIVE, "people"),
        },
    },
    "accounts": {
        "description": "The account file of business customers (B2B, 企业客户): company "
        "profile, size and the credit terms Xudong grants; kept by the B2B sales team.",
        "channel": "sales (B2B account management)",
        "grain": "one row per business account",
        "columns": {
            "account_id": column("Account number, the primary key.", DESCRIPTIVE),
            "company_name": column(
                "Registered company name, fitting the industry: in zh_CN city + trade name + "
                "business + legal form (杭州鑫达商贸有限公司), in en_US trade name + business + "
                "legal form (Summit Machine Works, Inc.).",
                DESCRIPTIVE,
            ),
            "industry": column(f"{one_of(INDUSTRIES)}.", DESCRIPTIVE),
            "size_band": column(f"{size_bands_text()}.", DESCRIPTIVE),
            "employees": column("Number of employees.", DESCRIPTIVE, "people"),
            "annual_revenue": column(
                "The company's revenue in its latest yearly statement (the year before as_of's "
                "year; see account_financials), rounded to 1,000. Revenue per employee depends "
                "on the industry: high in retail and manufacturing, low in hospitality and "
                "education.",
                DESCRIPTIVE,
                MONEY_YEAR,
            ),
            "founded_year": column(
                "Year the company was founded, always before the year of account_since; older "
                "firms tend to have better credit.",
                DESCRIPTIVE,
            ),
            "province": column("Province or state of the company's address.", DESCRIPTIVE),
            "city": column("City of the company's address.", DESCRIPTIVE),
            "credit_terms_days": column(
                f"Days the account has to pay an invoice: {_terms_text()}.",
                DESCRIPTIVE,
                "days",
            ),
            "credit_limit": column(
                "Most the account may owe Xudong at once, set by Xudong's finance team from its "
                "expected purchases over the payment terms plus a margin, higher for better "
                "credit (rounded up to 1,000). A few accounts owe more than their limit.",
                DESCRIPTIVE,
                MONEY,
            ),
            "account_since": column("Day the business relationship began.", DESCRIPTIVE),
            "account_manager": column(
                "Xudong's account manager (客户经理) for the account; eight managers share all "
                "accounts.",
                DESCRIPTIVE,
            ),
        },
    },
    "contacts": {
        "description": "The people Xudong deals with at each business account (联系人信息): "
        "name, role and how to reach them; kept by the B2B sales team.",
        "channel": "sales (B2B account management)",
        "grain": "one row per person at a business account (1 to 4 per account)",
        "columns": {
            "contact_id": column("Contact number, the primary key.", DESCRIPTIVE),
            "account_id": column("The account the person works for (→ accounts).", DESCRIPTIVE),
            "name": column("Full name of the contact person.", DESCRIPTIVE),
            "role": column(
                f"{one_of(CONTACT_ROLES)}; the primary contact is the owner of a micro company, "
                "else the purchasing manager.",
                DESCRIPTIVE,
            ),
            "phone": column(
                "Phone number (mobile in zh_CN; area code of the account's city in en_US).",
                DESCRIPTIVE,
            ),
            "email": column(
                "Work e-mail at the company's domain (given.surname@company).", DESCRIPTIVE
            ),
            "is_primary": column(
                "True for the account's main contact (exactly one per account).", DESCRIPTIVE
            ),
        },
    },
}
