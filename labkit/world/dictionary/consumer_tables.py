"""The data dictionary of the consumer (B2C) tables: who the consumers are, how they were
captured, what Xudong sells them, what they buy and view, and the marketing they receive.

Each entry says what the table holds, the business channel that produced it, its
grain and, per column, meaning, nature, structure and unit (see
:mod:`labkit.world.dictionary.entries`). Value lists come from
:mod:`labkit.vocabularies`.

>>> CONSUMER_TABLES["orders"]["columns"]["discount"]["nature"]
'behavioural'
"""

from __future__ import annotations

from labkit.vocabularies import (
    CATEGORIES,
    EDUCATION_LEVELS,
    GENDERS,
    HOUSING,
    MARITAL_STATUSES,
    MEMBER_TIER_SHARES,
    MEMBER_TIERS,
    OCCUPATION_NAMES_ZH,
    OCCUPATIONS,
    ORDER_CHANNELS,
    ORDER_STATUSES,
    PAYMENT_METHODS,
    RECORD_SOURCES,
    SIGNUP_CHANNELS,
    WEB_EVENT_TYPES,
)
from labkit.world.dictionary.entries import (
    BEHAVIOURAL,
    DESCRIPTIVE,
    MONEY,
    MONEY_YEAR,
    RELATIONAL,
    column,
    one_of,
    percent,
)
from labkit.world.generator import parameters

__all__ = ["CONSUMER_TABLES"]


def _member_tiers() -> str:
    """How member tiers are assigned, from the tier shares."""
    ranks = [
        f"the {'top' if i == 0 else 'next'} {percent(share)} {tier}"
        for i, (tier, share) in enumerate(MEMBER_TIER_SHARES.items())
    ]
    return f"{', '.join(ranks)}, the rest (and everyone who spent nothing) {MEMBER_TIERS[0]}"


def _shipping_text() -> str:
    """The delivery fees and thresholds of both locales, from SHIPPING."""
    (cn_free, cn_fee), (us_free, us_fee) = (
        parameters.SHIPPING[code] for code in ("zh_CN", "en_US")
    )
    return (
        f"{cn_fee:g} CNY below {cn_free:g} CNY in zh_CN, "
        f"{us_fee:g} USD below {us_free:g} USD in en_US"
    )


#: The consumer tables: customers, raw_records, products, orders, order_items,
#: web_events, campaigns and campaign_responses.
CONSUMER_TABLES: dict[str, dict] = {
    "customers": {
        "description": "The customer file (客户档案) of consumers (B2C): who they are, how to "
        "reach them and when they joined; filled in at sign-up in stores, on the website and by "
        "the call centre, and kept clean by Xudong's CRM team.",
        "channel": "membership sign-up (point of sale, website, call centre)",
        "grain": "one row per consumer (individual customer, 个人客户)",
        "columns": {
            "customer_id": column(
                "Customer number, the primary key (主键); other tables refer to it. Numbers follow "
                "the order of sign-up.",
                DESCRIPTIVE,
            ),
            "name": column(
                "Full name as the customer file writes it: surname then given name without a space "
                "in zh_CN (张伟), 'Given Surname' in en_US.",
                DESCRIPTIVE,
            ),
            "surname": column("Family name (姓).", DESCRIPTIVE),
            "given_name": column("Given name (名).", DESCRIPTIVE),
            "gender": column(f"{one_of(GENDERS)}, as stated at sign-up.", DESCRIPTIVE),
            "birth_date": column(
                "Date of birth; customers are 18 to 89 years old at as_of, younger in zh_CN "
                "(about one in ten 65 or older, as among China's internet users) than in en_US "
                "(about one in five).",
                DESCRIPTIVE,
            ),
            "phone": column(
                "Mobile phone, unique: an 11-digit mainland number in zh_CN (13812345678); '(212) "
                "555-0134' style in en_US, with the area code of the customer's city.",
                DESCRIPTIVE,
            ),
            "email": column(
                "E-mail address made from the name (pinyin in zh_CN, where about a quarter are "
                "numeric QQ numbers @qq.com); empty for about 6% who never gave one.",
                DESCRIPTIVE,
            ),
            "province": column(
                "Province (省) in zh_CN, state in en_US, full name. Incomes follow the "
                "province's (state's) published income level.",
                DESCRIPTIVE,
            ),
            "city": column(
                "City; always a real city of the stated province. Its tier (1 the largest "
                "cities … 4) and income index are in the region table, "
                "labkit.formats.regions.regions(locale): join on province and city.",
                DESCRIPTIVE,
            ),
            "address": column("Street address, without city and province.", DESCRIPTIVE),
            "postcode": column(
                "Postcode of the city (six digits in zh_CN, ZIP code in en_US); text, so leading "
                "zeros stay.",
                DESCRIPTIVE,
            ),
            "income": column(
                "Yearly personal income the customer stated, rounded to 100; empty for about 9% "
                "who did not disclose it. It follows occupation, education, age (peaking at "
                "45-50, a pension after retirement), gender (women earn less for the same "
                "traits), the city's income level (first-tier cities about twice the median in "
                "zh_CN) and the hidden wealth that also drives spending.",
                DESCRIPTIVE,
                MONEY_YEAR,
            ),
            "occupation": column(
                f"Occupation group: {one_of(OCCUPATIONS)} (Chinese names: "
                f"{', '.join(OCCUPATION_NAMES_ZH.values())}). Students are young (still "
                "studying for their degree), the retired past the retirement age (zh_CN: the "
                "statutory age, men 60, women 50 or 55, rising from 2025); careers follow "
                "education, gender, age, wealth and city tier.",
                DESCRIPTIVE,
            ),
            "education": column(
                f"Highest completed education: {one_of(EDUCATION_LEVELS)}. below_high_school is "
                "初中及以下 in zh_CN, where most customers studied to 初中 or 高中; high_school "
                "in en_US includes some college without a degree.",
                DESCRIPTIVE,
            ),
            "marital_status": column(
                f"{one_of(MARITAL_STATUSES)}; by age and gender (almost everyone marries in "
                "zh_CN, divorce is commoner in en_US).",
                DESCRIPTIVE,
            ),
            "children_at_home": column(
                "Number of the customer's children under 18 living at home (0-3); likeliest "
                "for married customers of 30-50, fewer children per family in zh_CN.",
                DESCRIPTIVE,
                "children",
            ),
            "housing": column(
                f"Whether the customer's household owns or rents its home: {one_of(HOUSING)}. "
                "The young, the unmarried and people in the largest cities rent more.",
                DESCRIPTIVE,
            ),
            "pet_owner": column(
                "True when the customer's household keeps a pet (about two in three in en_US, "
                "one in five in zh_CN); commoner with children and for home owners.",
                DESCRIPTIVE,
            ),
            "signup_date": column(
                "Day the customer joined Xudong's membership and the file was opened; the first "
                "order, if any, is on this day.",
                DESCRIPTIVE,
            ),
            "signup_channel": column(
                f"Where the customer signed up: {one_of(SIGNUP_CHANNELS)} (invited by a friend, "
                "registered online).",
                DESCRIPTIVE,
            ),
            "marketing_consent": column(
                "True when the customer agreed to receive marketing messages (a stated "
                "preference); campaigns go only to these customers.",
                RELATIONAL,
            ),
            "member_tier": column(
                "Membership grade Xudong assigns from spending in the 12 months up to as_of: "
                f"{_member_tiers()}.",
                BEHAVIOURAL,
            ),
        },
    },
    "products": {
        "description": "Xudong's product catalogue (reference data about the offer, not about "
        f"customers): 94 products in {len(CATEGORIES)} categories at three price tiers; kept by "
        "merchandising. The same catalogue is sold in both locales, but not equally: mooncakes "
        "and Longjing tea sell in zh_CN, breakfast cereal and olive oil in en_US.",
        "channel": "merchandising (reference data)",
        "grain": "one row per product",
        "columns": {
            "product_id": column("Product number, the primary key.", DESCRIPTIVE),
            "name": column("Product name in the locale's language.", DESCRIPTIVE),
            "category": column(f"{one_of(CATEGORIES)}.", DESCRIPTIVE),
            "price": column("List price; it does not change over the history.", DESCRIPTIVE, MONEY),
            "unit_cost": column(
                "What one unit costs Xudong; price minus unit_cost is the gross margin per unit.",
                DESCRIPTIVE,
                MONEY,
            ),
        },
    },
    "stores": {
        "description": "Xudong's stores (reference data): three in each of the largest "
        "(tier-1) cities, two in each tier-2 city, and one in the largest city of every other "
        "province (state). Store orders name their store.",
        "channel": "store operations (reference data)",
        "grain": "one row per store",
        "columns": {
            "store_id": column("Store number, the primary key.", DESCRIPTIVE),
            "name": column(
                "Store name in the locale's language (旭东商贸广州1号店, Xudong Boston #1).",
                DESCRIPTIVE,
            ),
            "province": column("Province (state) of the store.", DESCRIPTIVE),
            "city": column("City of the store.", DESCRIPTIVE),
            "city_tier": column(
                "Tier of the city by population, 1 (the largest cities) to 4.", DESCRIPTIVE
            ),
        },
    },
    "orders": {
        "description": f"Consumer purchases (交易记录) of the {parameters.HISTORY_YEARS} years up "
        "to as_of, from the tills of the stores, the website and app, and the call centre's order "
        "line. Xudong is a mature business: many customers signed up and bought before these "
        "years; their older orders are archived and not in this table (a customer whose "
        "signup_date is before the first order here may have bought before it).",
        "channel": "point of sale, website / app, call centre",
        "grain": "one row per order",
        "columns": {
            "order_id": column(
                "Order number, the primary key; numbered by customer, then time.", BEHAVIOURAL
            ),
            "customer_id": column("The customer who ordered (→ customers).", BEHAVIOURAL),
            "ordered_at": column(
                "Date and time of the order, to the second (local time).", BEHAVIOURAL
            ),
            "channel": column(
                f"{one_of(ORDER_CHANNELS)}; a first order placed on the sign-up day uses the "
                "channel the customer signed up through (online for referrals). Younger and "
                "big-city customers order online more.",
                BEHAVIOURAL,
            ),
            "discount": column(
                "Discount on the whole order, in steps of 0.05 from 0 (full price) to 0.5; the "
                "order's value is sum(quantity × unit_price) × (1 - discount).",
                BEHAVIOURAL,
                "fraction of the list price (0.05 = 5%)",
            ),
            "store_id": column(
                "The store of a store order (→ stores), mostly the customer's home store in their "
                "city or province; empty for online and call-centre orders.",
                BEHAVIOURAL,
            ),
            "payment_method": column(
                f"How the order was paid: {one_of(PAYMENT_METHODS)}. zh_CN orders are paid "
                "mostly by Alipay and WeChat Pay (bank cards, and cash in stores, for the rest); "
                "en_US orders by credit and debit card, PayPal, Apple Pay and cash. Older "
                "customers use cash and cards more.",
                BEHAVIOURAL,
            ),
            "shipping_fee": column(
                "Delivery fee charged on an online or call-centre order whose value (after "
                f"discount) is below the free-delivery threshold ({_shipping_text()}); 0 for "
                "store orders, cancelled orders and larger orders. Not part of the order's value.",
                BEHAVIOURAL,
                MONEY,
            ),
            "status": column(
                f"What became of the order by as_of: {one_of(ORDER_STATUSES)}. Cancelled orders "
                "(mostly online) never shipped; returned orders were sent back within 30 days "
                "(apparel often, food almost never, stores less than online, more after the big "
                "sales). Revenue analyses usually leave out cancelled and returned orders.",
                BEHAVIOURAL,
            ),
            "campaign_id": column(
                "The campaign the order is credited to (→ campaigns), as the marketing system "
                "records it: the customer clicked the campaign's message, then ordered online "
                "during the campaign (last-click attribution); a discount or coupon offer then "
                "sets the discount to at least 0.15 or 0.10. Empty for most orders. Credit is not "
                "cause: some credited orders would have been placed anyway, and some orders a "
                "campaign caused (a customer who saw the message and went to a store) carry no "
                "id - the held-out customers of campaign_responses measure the true effect.",
                BEHAVIOURAL,
            ),
        },
    },
    "order_items": {
        "description": "The lines of each order: which products, how many, at what price; "
        "from the same tills, website and call centre as the orders.",
        "channel": "point of sale, website / app, call centre",
        "grain": "one row per product in an order (a product appears at most once per order)",
        "columns": {
            "order_id": column("The order (→ orders).", BEHAVIOURAL),
            "product_id": column("The product bought (→ products).", BEHAVIOURAL),
            "quantity": column("Units bought.", BEHAVIOURAL, "units"),
            "unit_price": column(
                "List price of one unit (before the order's discount).", BEHAVIOURAL, MONEY
            ),
        },
    },
    "web_events": {
        "description": f"The web and app analytics log (网站日志) of the last "
        f"{parameters.WEB_LOG_DAYS} days up to as_of: visits (sessions) as a funnel - landing "
        "page, searches, product views, carts and checkouts - of logged-in customers and "
        "anonymous visitors. Every online order of those days is checked out in a visit on its "
        "day; about 2 visits in 100 end in an order and about 3 carts in 4 are abandoned. What "
        "customers look at in the days before an order is mostly what they then buy.",
        "channel": "website / app",
        "grain": "one row per event (a click or page load) in a visit",
        "columns": {
            "event_id": column(
                "Event number, the primary key; events are in time order.", BEHAVIOURAL
            ),
            "customer_id": column(
                "The logged-in customer (→ customers); empty for anonymous visitors (about two "
                "visits in five, most of them leaving after one page).",
                BEHAVIOURAL,
            ),
            "session_id": column(
                "Visit (会话) number: the events of one visit share it; numbered in the order "
                "the visits begin.",
                BEHAVIOURAL,
            ),
            "occurred_at": column(
                "Date and time of the event, to the second (local time).", BEHAVIOURAL
            ),
            "event_type": column(
                f"{one_of(WEB_EVENT_TYPES)}, in the funnel's order: every visit starts with a "
                f"{WEB_EVENT_TYPES[0]}, may search and view products, put one in the cart, and "
                f"ends with a {WEB_EVENT_TYPES[-1]} when it places an order (and only then).",
                BEHAVIOURAL,
            ),
            "payload": column(
                "JSON object with the event's details. Always device (mobile, desktop, tablet, or "
                "mini_program: a WeChat mini program, zh_CN only; each customer mostly uses one, "
                "the young phones, the old desktops and tablets) and page; page_view adds "
                "referrer (direct, search, social, email, ad); product_view and add_to_cart add "
                "product_id and category (add_to_cart also quantity); search adds query (what "
                "the visitor typed, in the locale's language, typos included; the next product "
                "viewed is what was searched for); checkout adds cart_items and order_id (→ "
                "orders).",
                BEHAVIOURAL,
                structure="semi-structured",
            ),
        },
    },
    "campaigns": {
        "description": "Marketing campaigns of the last two years (reference data about "
        "Xudong's actions): the yearly calendar of promotions, each sent through one messaging "
        "channel; festival campaigns run up to and including their festival day (618 to 18 June, "
        "双11 to 11 November, Black Friday Doorbusters past Cyber Monday).",
        "channel": "marketing",
        "grain": "one row per campaign",
        "columns": {
            "campaign_id": column(
                "Campaign number, the primary key; campaigns are numbered in time order.",
                DESCRIPTIVE,
            ),
            "name": column(
                "Campaign name in the locale's language (e.g. 双11狂欢购, Black Friday "
                "Doorbusters).",
                DESCRIPTIVE,
            ),
            "channel": column(
                "How the offer was sent: sms, email, app_push or wechat. Each channel has its own "
                "open and click rates (an SMS is nearly always read, an e-mail one time in five, a "
                "push rarely tapped).",
                DESCRIPTIVE,
            ),
            "start_date": column(
                "First day of the campaign (messages go out that day).", DESCRIPTIVE
            ),
            "end_date": column(
                "Last day of the campaign, included: usually start_date + 13 days; festival "
                "campaigns end on or after their festival day.",
                DESCRIPTIVE,
            ),
            "offer": column("discount, coupon, points or gift.", DESCRIPTIVE),
            "cost_per_contact": column(
                "What one message costs to send, in the locale's currency (sms costs the most, "
                "app_push almost nothing); held-out customers cost nothing.",
                DESCRIPTIVE,
                MONEY,
            ),
        },
    },
    "campaign_responses": {
        "description": "The customers each campaign targeted and how they responded (opened, "
        "clicked, bought), as tracked by the marketing system. Each campaign targets the active "
        "file: the customers with marketing consent who ordered in the year before it (and gave "
        "an e-mail address, for e-mail campaigns); a random fifth of the targeted are held out - "
        "not contacted - so the campaign's effect can be measured against them.",
        "channel": "marketing",
        "grain": "one row per customer targeted by a campaign (contacted or held out)",
        "columns": {
            "campaign_id": column("The campaign (→ campaigns).", BEHAVIOURAL),
            "customer_id": column("The customer targeted (→ customers).", BEHAVIOURAL),
            "holdout": column(
                "True for a customer held out at random: targeted but not contacted (sent_at "
                "empty, nothing opened). Their orders during the campaign show what the "
                "contacted would have done without it: the difference is the campaign's effect "
                "(uplift).",
                DESCRIPTIVE,
            ),
            "sent_at": column(
                "When the message was sent (local time); empty for held-out customers.",
                BEHAVIOURAL,
            ),
            "opened": column("True when the customer opened the message.", BEHAVIOURAL),
            "clicked": column(
                "True when the customer clicked through (only if opened).", BEHAVIOURAL
            ),
            "converted": column(
                "True when the customer clicked and then ordered online during the campaign "
                "(only if clicked): that order carries the campaign's id (→ orders.campaign_id).",
                BEHAVIOURAL,
            ),
        },
    },
    "raw_records": {
        "description": "Customer details as four capture channels wrote them down, before "
        "any cleaning: store sign-up sheets (point of sale), the website's form, call-centre notes "
        "and a purchased list from an outside data vendor. Same people as customers, plus "
        "prospects, repeats, errors and gaps.",
        "channel": "point of sale, website, call centre, external list",
        "grain": "one row per capture of a person by one source (a person may appear more "
        "than once)",
        "columns": {
            "record_id": column(
                "Record number, the primary key; numbered in order of capture.", DESCRIPTIVE
            ),
            "source": column(f"{one_of(RECORD_SOURCES)}.", DESCRIPTIVE),
            "captured_at": column("When the record was written down (local time).", DESCRIPTIVE),
            "name": column(
                "Name as the source wrote it (spaces, lower or upper case, 'SURNAME, GIVEN', "
                "pinyin …).",
                DESCRIPTIVE,
            ),
            "gender": column(f"{one_of(GENDERS)}.", DESCRIPTIVE),
            "birth_date": column(
                "Date of birth as text in the source's own format; may be impossible or empty.",
                DESCRIPTIVE,
            ),
            "phone": column(
                "Phone as text in the source's own format; may be malformed or empty.", DESCRIPTIVE
            ),
            "email": column("E-mail as typed; may be malformed, mistyped or empty.", DESCRIPTIVE),
            "province": column(
                "Province or state, full or short (浙江省 / 浙江, California / CA).", DESCRIPTIVE
            ),
            "city": column(
                "City, full or short; occasionally not in the stated province.", DESCRIPTIVE
            ),
            "address": column("Street address; may be empty.", DESCRIPTIVE),
        },
    },
}
