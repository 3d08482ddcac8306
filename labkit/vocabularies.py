"""Every categorical value set of the Xudong world, stated once.

The generator draws from these sets, the database turns them into CHECK
constraints and the data dictionary lists them, so the three cannot disagree.
A leaf module: it imports nothing from the kit.

Each set is a tuple of the stored (English, snake_case) values in their
natural order (e.g. tiers from lowest to highest).

>>> from labkit import vocabularies
>>> vocabularies.MEMBER_TIERS
('bronze', 'silver', 'gold', 'platinum')
>>> vocabularies.size_band(49), vocabularies.size_band(50)
('small', 'medium')
"""

from __future__ import annotations

__all__ = [
    "CAMPAIGN_CHANNELS",
    "CAMPAIGN_OFFERS",
    "CATEGORIES",
    "CLOSED_STAGES",
    "CONTACT_ROLES",
    "EDUCATION_LEVELS",
    "FEEDBACK_CHANNELS",
    "FEEDBACK_TOPICS",
    "FINANCIAL_TRENDS",
    "GENDERS",
    "HOUSING",
    "INDUSTRIES",
    "INFORMATION_NATURES",
    "INFORMATION_STRUCTURES",
    "INVOICE_STATUSES",
    "LOST_REASONS",
    "MARITAL_STATUSES",
    "MEMBER_TIERS",
    "MEMBER_TIER_SHARES",
    "OCCUPATIONS",
    "OCCUPATION_NAMES_ZH",
    "OPEN_STAGES",
    "OPPORTUNITY_STAGES",
    "ORDER_CHANNELS",
    "ORDER_STATUSES",
    "PAYMENT_METHODS",
    "RECORD_SOURCES",
    "SEGMENTS",
    "SENTIMENTS",
    "SIGNUP_CHANNELS",
    "SIZE_BANDS",
    "SIZE_BAND_LIMITS",
    "TICKET_CHANNELS",
    "TICKET_PRIORITIES",
    "TICKET_STATUSES",
    "TICKET_TOPICS",
    "WEB_EVENT_TYPES",
    "size_band",
]

# --------------------------------------------------------------------------- consumers
GENDERS = ("F", "M")
#: Highest completed education, lowest first. ``below_high_school``: no upper-secondary
#: diploma (zh_CN 初中及以下, junior secondary or less); ``high_school``: 高中/中专/技校, or a US
#: high-school diploma (with some college but no degree); ``associate``: 大专 or an associate
#: degree; ``bachelor``: 本科; ``master``: 硕士 (US master's and professional degrees);
#: ``doctorate``: 博士.
EDUCATION_LEVELS = (
    "below_high_school",
    "high_school",
    "associate",
    "bachelor",
    "master",
    "doctorate",
)
MARITAL_STATUSES = ("single", "married", "divorced", "widowed")
#: Where a consumer signed up; ``referral`` means invited by a friend, registered online.
SIGNUP_CHANNELS = ("store", "online", "call_centre", "referral")
#: Membership grades, lowest first.
MEMBER_TIERS = ("bronze", "silver", "gold", "platinum")
#: Share of customers in each tier above bronze, by 12-month spending rank: the
#: top 4% platinum, the next 11% gold, the next 30% silver; the rest bronze.
MEMBER_TIER_SHARES = {"platinum": 0.04, "gold": 0.11, "silver": 0.30}
#: Behavioural segments of consumers (the planted truth for clustering).
SEGMENTS = ("vip", "loyal", "bargain", "occasional", "browser")

# --------------------------------------------------------------------------- consumers: people
#: Occupation groups of consumers, one set for both locales (the stored values are English,
#: as for every other category; :data:`OCCUPATION_NAMES_ZH` gives the Chinese names). Modelled
#: on the occupation question of CNNIC's Statistical Reports on Internet Development (学生,
#: 党政机关事业单位, 企业/公司管理者, 专业技术人员, 企业/公司一般职员, 商业服务业职工,
#: 制造生产型企业工人, 个体户/自由职业者, 农林牧渔劳动者, 退休, 无业/失业) and on the BLS
#: major occupation groups: ``civil_servant`` is government and public institutions;
#: ``sales_service`` is sales and service work; ``production_worker`` is production,
#: construction, transport and trades; ``farmer`` is farming, forestry and fishing.
OCCUPATIONS = (
    "student",
    "civil_servant",
    "manager",
    "professional",
    "office_worker",
    "sales_service",
    "production_worker",
    "self_employed",
    "farmer",
    "homemaker",
    "unemployed",
    "retired",
)
#: The Chinese name of each occupation group (for zh_CN labels and the data dictionary).
OCCUPATION_NAMES_ZH = {
    "student": "学生",
    "civil_servant": "公务员/事业单位人员",
    "manager": "企业管理人员",
    "professional": "专业技术人员",
    "office_worker": "企业职员",
    "sales_service": "商业服务业人员",
    "production_worker": "工人",
    "self_employed": "个体户/自由职业者",
    "farmer": "农民",
    "homemaker": "家庭主妇/主夫",
    "unemployed": "无业/失业",
    "retired": "退休",
}
#: Whether the customer's household owns or rents its home.
HOUSING = ("own", "rent")

# --------------------------------------------------------------------------- products and orders
CATEGORIES = (
    "electronics",
    "appliances",
    "kitchen",
    "personal_care",
    "food",
    "apparel",
    "baby_kids",
    "office",
    "pet_supplies",
)
ORDER_CHANNELS = ("online", "store", "call_centre")
WEB_EVENT_TYPES = ("page_view", "product_view", "search", "add_to_cart", "checkout")

# --------------------------------------------------------------------------- order fulfilment
#: What became of an order by as_of: kept, cancelled before it shipped, or sent back.
ORDER_STATUSES = ("completed", "cancelled", "returned")
#: How an order was paid. zh_CN uses alipay, wechat_pay, bank_card (UnionPay cards)
#: and cash; en_US credit_card, debit_card, paypal, apple_pay and cash.
PAYMENT_METHODS = (
    "alipay",
    "wechat_pay",
    "bank_card",
    "credit_card",
    "debit_card",
    "paypal",
    "apple_pay",
    "cash",
)

# --------------------------------------------------------------------------- marketing and service
CAMPAIGN_CHANNELS = ("email", "sms", "app_push", "wechat")
CAMPAIGN_OFFERS = ("discount", "coupon", "gift", "points")
TICKET_CHANNELS = ("phone", "online_chat", "email", "store")
TICKET_TOPICS = ("delivery", "product_fault", "return_refund", "billing", "complaint")
TICKET_PRIORITIES = ("low", "normal", "high")
TICKET_STATUSES = ("open", "resolved")
FEEDBACK_CHANNELS = ("app_review", "call_centre", "email", "social_media")
FEEDBACK_TOPICS = (
    "delivery",
    "product_quality",
    "price",
    "customer_service",
    "website_app",
    "returns",
)
SENTIMENTS = ("negative", "neutral", "positive")

# --------------------------------------------------------------------------- business accounts
INDUSTRIES = (
    "retail",
    "manufacturing",
    "hospitality",
    "education",
    "healthcare",
    "logistics",
    "it_services",
    "construction",
)
SIZE_BANDS = ("micro", "small", "medium", "large")
#: Employees at which each band above micro begins: small from 10, medium from 50,
#: large from 250.
SIZE_BAND_LIMITS = (10, 50, 250)
CONTACT_ROLES = ("owner", "purchasing_manager", "finance", "operations", "admin")
#: Stages of an opportunity still in the pipeline, in order.
OPEN_STAGES = ("prospecting", "qualification", "proposal", "negotiation")
CLOSED_STAGES = ("won", "lost")
OPPORTUNITY_STAGES = (*OPEN_STAGES, *CLOSED_STAGES)
#: ``written_off``: still unpaid WRITE_OFF_DAYS after the due day, written off as a bad debt.
INVOICE_STATUSES = ("open", "overdue", "paid", "paid_late", "written_off")
#: Why a lost opportunity was lost, as the salesperson records it; ``no_decision``:
#: the customer never decided (stalled, went quiet).
LOST_REASONS = ("no_decision", "price", "competitor", "no_budget", "timing", "product_fit")
#: The planted direction of an account's yearly financial statements (truth only).
FINANCIAL_TRENDS = ("growing", "stable", "declining")

# --------------------------------------------------------------------------- raw records
#: The channels whose captured records make up ``raw_records``.
RECORD_SOURCES = ("store_signup_sheet", "web_form", "call_centre", "purchased_list")

# --------------------------------------------------------------------------- the textbook
#: The three natures of customer information (客户信息的性质), textbook section 5.1.3.
INFORMATION_NATURES = {"descriptive": "描述类", "behavioural": "行为类", "relational": "关联类"}
#: The three degrees of structure (结构化程度), textbook section 5.1.3.
INFORMATION_STRUCTURES = {
    "structured": "结构化",
    "semi-structured": "半结构化",
    "unstructured": "非结构化",
}


def size_band(employees: int) -> str:
    """The size band of a company with this many employees.

    Parameters
    ----------
    employees : int
        Number of employees.

    Returns
    -------
    str
        One of :data:`SIZE_BANDS`.

    Examples
    --------
    >>> [size_band(n) for n in (3, 10, 249, 250)]
    ['micro', 'small', 'medium', 'large']
    """
    for band, limit in zip(SIZE_BANDS, SIZE_BAND_LIMITS, strict=False):
        if employees < limit:
            return band
    return SIZE_BANDS[-1]
