"""What differs between the locales a world can be made in, stated once per locale.

The generator builds one :class:`GeneratorLocale` per world (:func:`by_code`)
and passes it down, so no function tests a locale string: each reads the fact
it needs (currency, phone plan, e-mail domains, festival calendar, script of
names …). A new locale is one new entry in :data:`LOCALES`; where it also
needs a new *kind* of behaviour (a new phone plan, festival calendar or
address style), that is one new function registered under the new key in the
module that owns the behaviour.

>>> from labkit.world.generator.locales import by_code
>>> by_code("zh_CN").currency, by_code("en_US").currency
('CNY', 'USD')
"""

from __future__ import annotations

from dataclasses import dataclass

from labkit import settings
from labkit.i18n import _

from . import demography
from .demography import Demography


@dataclass(frozen=True)
class PlannedCampaign:
    """One yearly marketing campaign of the locale's campaign calendar.

    Attributes
    ----------
    starts : tuple
        ``(month, day)``, or ``(festival, days from it)`` for a festival of
        :data:`labkit.world.generator.calendar.FESTIVAL_DAYS`.
    name : str
        The campaign's name in the locale's language.
    offer : str
        One of :data:`labkit.vocabularies.CAMPAIGN_OFFERS`.
    channel : str
        One of :data:`labkit.vocabularies.CAMPAIGN_CHANNELS`.
    days : int
        How many days the campaign runs (a festival campaign runs up to and
        including its festival day: 618 to 18 June, 双11 to 11 November).
    """

    starts: tuple[int | str, int]
    name: str
    offer: str
    channel: str
    days: int = 14


@dataclass(frozen=True)
class GeneratorLocale:
    """The facts of one locale that the generator needs.

    Attributes
    ----------
    code : str
        The locale code, one of :data:`labkit.settings.LOCALES`.
    language : str
        ``"en"`` or ``"zh"``: which name column of the product catalogue is used.
    currency : str
        Currency of every money column; the catalogue's price column is
        ``price_<currency in lower case>``.
    per_usd : float
        Units of the currency per US dollar (prices stated in dollars are converted).
    script : str
        Writing system of names. ``"han"``: surname then given name without a
        space, romanised with pinyin, typos replace a character. ``"latin"``:
        given name, space, surname; typos swap or drop a letter.
    income_median : float
        Yearly personal income of a median consumer (an office worker of average traits).
    revenue_per_employee : float
        Typical yearly revenue of a business account per employee.
    demography : Demography
        Who the customers are: age, education, family, work, income and home
        (:mod:`labkit.world.generator.demography`).
    phone_plan : str
        ``"cn_mobile"`` (11-digit mobiles) or ``"nanp"`` (``(212) 555-0134``).
    phone_groups : tuple of int
        Digit groups of a number as people write it (3-4-4 or 3-3-4).
    mobile_prefixes : tuple of int
        The first three digits of mobile numbers (``cn_mobile`` only).
    email_domains, email_domain_shares : tuple
        Free-mail domains and the share of addresses at each.
    numeric_email_share : float
        Share of addresses whose local part is a number (QQ numbers in China).
    numeric_email_domain : str
        The domain of those numeric addresses.
    street_stems, street_suffixes, community_names : tuple of str
        Curated street names (stem + suffix) and residential-community words;
        empty stems mean Faker's street names.
    address_style : str
        ``"chinese"`` (number 号, community, building 栋 and room 室) or
        ``"american"`` (number, street, sometimes an apartment).
    company_domain_suffix : str
        Ending of business accounts' e-mail domains.
    festivals : str
        Key of the festival calendar (``"chinese"`` or ``"american"``).
    device_shares : tuple of float
        Web sessions by device: mobile, desktop, tablet, mini_program.
    campaign_plan : tuple of PlannedCampaign
        The yearly marketing campaigns.
    contact_costs : tuple of float
        What one campaign message costs, in the locale's currency, per channel of
        :data:`labkit.vocabularies.CAMPAIGN_CHANNELS` (email, sms, app_push, wechat).
    short_province_shares, short_city_shares : tuple of float
        Per record source (:data:`labkit.vocabularies.RECORD_SOURCES`): share of
        records that write the short form of the province (state abbreviation)
        and of the city.
    phone_forms, date_forms : tuple of str
        Per record source: how it writes a phone number (from ``{a}``, ``{b}``,
        ``{c}`` - the digit groups - and ``{number}``) and a date (from ``{Y}``,
        ``{M}``, ``{D}``, ``{MM}``, ``{DD}`` zero-padded, ``{Month}``, ``{Mon}``).
    month_names : tuple of str
        Month names for ``{Month}`` (and their first three letters for ``{Mon}``).
    """

    code: str
    language: str
    currency: str
    per_usd: float
    script: str
    income_median: float
    revenue_per_employee: float
    demography: Demography
    phone_plan: str
    phone_groups: tuple[int, ...]
    mobile_prefixes: tuple[int, ...]
    email_domains: tuple[str, ...]
    email_domain_shares: tuple[float, ...]
    numeric_email_share: float
    numeric_email_domain: str
    street_stems: tuple[str, ...]
    street_suffixes: tuple[str, ...]
    community_names: tuple[str, ...]
    address_style: str
    company_domain_suffix: str
    festivals: str
    device_shares: tuple[float, ...]
    campaign_plan: tuple[PlannedCampaign, ...]
    contact_costs: tuple[float, ...]
    short_province_shares: tuple[float, ...]
    short_city_shares: tuple[float, ...]
    phone_forms: tuple[str, ...]
    date_forms: tuple[str, ...]
    month_names: tuple[str, ...] = ()


EN_US = GeneratorLocale(
    code="en_US",
    language="en",
    currency="USD",
    per_usd=1.0,
    script="latin",
    income_median=70_000,
    revenue_per_employee=1.8e5,
    demography=demography.EN_US,
    phone_plan="nanp",
    phone_groups=(3, 3, 4),
    mobile_prefixes=(),
    email_domains=(
        "gmail.com",
        "yahoo.com",
        "hotmail.com",
        "outlook.com",
        "aol.com",
        "icloud.com",
        "comcast.net",
        "att.net",
    ),
    email_domain_shares=(0.45, 0.14, 0.08, 0.10, 0.04, 0.11, 0.04, 0.04),
    numeric_email_share=0.0,
    numeric_email_domain="",
    street_stems=(),
    street_suffixes=(),
    community_names=(),
    address_style="american",
    company_domain_suffix=".com",
    festivals="american",
    device_shares=(0.55, 0.35, 0.10, 0.0),
    campaign_plan=(
        PlannedCampaign((1, 2), "New Year Clearance", "discount", "email"),
        PlannedCampaign((2, 1), "Valentine's Gifts", "gift", "email"),  # to 14 February
        PlannedCampaign((3, 20), "Spring Refresh", "coupon", "sms"),
        PlannedCampaign((5, 1), "Mother's Day Picks", "gift", "email"),  # to the second Sunday
        PlannedCampaign((7, 5), "Summer Sale", "discount", "app_push"),  # over the 8-11 July sale
        PlannedCampaign((8, 5), "Back to School Essentials", "coupon", "email"),
        # a week before Black Friday to Cyber Monday and after
        PlannedCampaign(("black_friday", -7), "Black Friday Doorbusters", "discount", "email"),
        PlannedCampaign((12, 8), "Holiday Gift Guide", "points", "sms", days=17),  # to 24 December
    ),
    # per message: e-mail service ~0.2 cents, US SMS ~1.5 cents with carrier fees, push ~free
    contact_costs=(0.002, 0.015, 0.0005, 0.003),
    # store sheets and purchased lists write state abbreviations
    short_province_shares=(1.0, 0.0, 0.0, 1.0),
    short_city_shares=(0.0, 0.0, 0.0, 0.0),
    phone_forms=("({a}) {b}-{c}", "{a}-{b}-{c}", "{a}.{b}.{c}", "+1 {a} {b} {c}"),
    date_forms=("{MM}/{DD}/{Y}", "{Y}-{MM}-{DD}", "{Month} {D}, {Y}", "{D}-{Mon}-{Y}"),
    month_names=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
)

ZH_CN = GeneratorLocale(
    code="zh_CN",
    language="zh",
    currency="CNY",
    per_usd=7.0,
    script="han",
    income_median=96_000,
    revenue_per_employee=1.2e6,
    demography=demography.ZH_CN,
    phone_plan="cn_mobile",
    phone_groups=(3, 4, 4),
    mobile_prefixes=(
        *range(130, 140),
        145,
        147,
        150,
        151,
        152,
        153,
        155,
        156,
        157,
        158,
        159,
        166,
        173,
        175,
        176,
        177,
        178,
        *range(180, 190),
        191,
        198,
        199,
    ),
    email_domains=(
        "163.com",
        "126.com",
        "qq.com",
        "sina.com",
        "foxmail.com",
        "gmail.com",
        "outlook.com",
        "139.com",
        "sohu.com",
        "yeah.net",
    ),
    email_domain_shares=(0.27, 0.13, 0.12, 0.09, 0.09, 0.06, 0.07, 0.08, 0.05, 0.04),
    numeric_email_share=0.25,  # many Chinese addresses are the numeric QQ number
    numeric_email_domain="qq.com",
    # Faker's zh_CN street names are thin; these read like real ones
    street_stems=(
        "人民",
        "解放",
        "中山",
        "建设",
        "和平",
        "新华",
        "胜利",
        "长江",
        "黄河",
        "文化",
        "东风",
        "朝阳",
        "迎宾",
        "光明",
        "青年",
        "幸福",
        "府前",
        "滨江",
        "世纪",
        "科技",
        "工业",
        "学府",
        "花园",
        "金桥",
        "南京",
        "北京",
        "延安",
        "五一",
        "红旗",
        "团结",
        "振兴",
        "育才",
        "秀水",
        "翠湖",
        "梧桐",
        "银河",
    ),
    street_suffixes=("路", "路", "路", "大道", "街", "东路", "西路", "南路", "北路"),
    community_names=("小区", "花园", "公寓", "家园", "苑", "新村", "大厦"),
    address_style="chinese",
    company_domain_suffix=".com.cn",
    festivals="chinese",
    device_shares=(0.55, 0.25, 0.05, 0.15),
    campaign_plan=(
        # English names: Spring Festival Goods Fair, Women's Day Picks, Members' Day,
        # 618 Mid-year Sale, Back to School, National Day Golden Week, Double 11
        # Carnival, Double 12 Year-end Gala. Festival campaigns run up to their day.
        PlannedCampaign(("spring_festival", -20), "春节年货节", "discount", "sms"),
        PlannedCampaign((3, 1), "三八女神节", "coupon", "app_push", days=8),  # to 8 March
        PlannedCampaign((4, 15), "会员日专享", "points", "wechat"),
        PlannedCampaign((6, 1), "618年中大促", "discount", "app_push", days=18),  # to 18 June
        PlannedCampaign((8, 20), "开学季", "coupon", "wechat"),
        PlannedCampaign((9, 25), "国庆黄金周", "gift", "sms", days=13),  # over 1-7 October
        PlannedCampaign((10, 20), "双11狂欢购", "discount", "app_push", days=23),  # to 11 November
        PlannedCampaign((12, 1), "双12年终盛典", "coupon", "wechat", days=12),  # to 12 December
    ),
    # per message, CNY: EDM e-mail ~1 fen, marketing SMS ~4.5 fen, push ~0.2 fen, WeChat ~0.5 fen
    contact_costs=(0.01, 0.045, 0.002, 0.005),
    # store sheets write short province and city names, call centres half the time
    short_province_shares=(1.0, 0.0, 0.5, 0.0),
    short_city_shares=(1.0, 0.0, 1.0, 0.0),
    phone_forms=("{a} {b} {c}", "{number}", "+86 {a}-{b}-{c}", "86-{number}"),
    date_forms=("{Y}/{M}/{D}", "{Y}-{MM}-{DD}", "{Y}年{M}月{D}日", "{Y}{MM}{DD}"),
)

#: Every locale a world can be made in, by code.
LOCALES: dict[str, GeneratorLocale] = {locale.code: locale for locale in (EN_US, ZH_CN)}


def by_code(code: str) -> GeneratorLocale:
    """The generator locale for a locale code.

    Parameters
    ----------
    code : str
        One of :data:`labkit.settings.LOCALES`.

    Returns
    -------
    GeneratorLocale

    Raises
    ------
    ValueError
        For a code the generator does not know.

    Examples
    --------
    >>> by_code("en_US").phone_plan
    'nanp'
    """
    if code not in LOCALES or code not in settings.LOCALES:
        raise ValueError(
            _("locale must be one of {locales}; got {locale!r}").format(
                locales=", ".join(settings.LOCALES), locale=code
            )
        )
    return LOCALES[code]


def resolve(locale: GeneratorLocale | str) -> GeneratorLocale:
    """A generator locale, given either one or its code (for public functions).

    Examples
    --------
    >>> resolve("zh_CN") is resolve(ZH_CN)
    True
    """
    return locale if isinstance(locale, GeneratorLocale) else by_code(locale)
