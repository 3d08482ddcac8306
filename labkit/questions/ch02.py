"""Chapter 02 · Collecting customer information (客户信息的收集).

Every expected answer is computed from the learner's own world, so the same
questions work for any seed, size and locale. Where two reasonable methods
differ (a strict or a length-only phone rule; 1.96 or the exact z), every
method's answer is accepted through :class:`~labkit.questions.AnyOf`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from labkit.quality import known_places, province_city_agree
from labkit.questions import AnyOf, Mistake, Question
from labkit.world import World

EXTERNAL_SOURCES = ("purchased_list",)
#: Digits of a national phone number: what is left after the country code.
NATIONAL_DIGITS = {"zh_CN": 11, "en_US": 10}
#: Strict phone patterns on the national number (after separators and country code).
PHONE_PATTERN = {"zh_CN": r"1[3-9]\d{9}", "en_US": r"[2-9]\d{2}[2-9]\d{6}"}
COUNTRY_CODE = {"zh_CN": "86", "en_US": "1"}
Z95 = (1.96, 1.959963984540054)


# --------------------------------------------------------------------------- helpers
def _ties(values: pd.Series, best: str) -> AnyOf:
    """Every label that ties for the max (``best="max"``) or the min."""
    values = values.dropna()
    target = values.max() if best == "max" else values.min()
    return AnyOf(tuple(values[values == target].index))


def _phone_key(phones: pd.Series, locale: str) -> pd.Series:
    """Digits only, the last national-number digits kept (drops +86 / +1); <NA> if empty."""
    digits = phones.astype("string").str.replace(r"\D", "", regex=True)
    key = digits.str[-NATIONAL_DIGITS[locale] :]
    return key.mask(key == "")


def _raw_keys(w: World) -> pd.DataFrame:
    raw = w["raw_records"]
    return raw.assign(phone_key=_phone_key(raw["phone"], w.locale))


def _phone_valid(w: World, strict: bool) -> pd.Series:
    """Nullable booleans per raw record: does the phone pass the rule? <NA> if empty."""
    phones = w["raw_records"]["phone"].astype("string").str.strip()
    phones = phones.mask(phones == "")
    code, length = COUNTRY_CODE[w.locale], NATIONAL_DIGITS[w.locale]
    national = phones.str.replace(r"[\s\-.()]", "", regex=True).str.replace(
        rf"^\+?{code}(?=.{{{length}}}$)", "", regex=True
    )
    pattern = PHONE_PATTERN[w.locale] if strict else rf"\d{{{length}}}"
    return national.str.fullmatch(pattern).astype("boolean")


def _invalid_share(w: World, strict: bool, *, all_rows: bool = False) -> pd.Series:
    """Share of invalid phones per source: among records with a phone, or among all rows."""
    valid = _phone_valid(w, strict)
    invalid = (~valid).astype("Float64")
    if all_rows:
        invalid = invalid.fillna(0.0)
    return invalid.groupby(w["raw_records"]["source"]).mean().astype(float)


def _fix_first(w: World) -> AnyOf:
    worst = {
        label
        for strict in (True, False)
        for label in _ties(_invalid_share(w, strict), "max").values
    }
    return AnyOf(tuple(sorted(worst)))


def _fix_first_share(w: World, *, all_rows: bool = False) -> AnyOf:
    shares = []
    for strict in (True, False):
        by_source = _invalid_share(w, strict, all_rows=all_rows)
        for source in _fix_first(w).values:
            shares.append(float(by_source[source]))
    return AnyOf(tuple(dict.fromkeys(shares)))


def _sent(w: World) -> pd.DataFrame:
    """The messages actually sent: campaign_responses without the hold-out group."""
    responses = w["campaign_responses"]
    return responses[~responses["holdout"]]


def _campaign_channels(w: World, holdout: bool = False) -> pd.DataFrame:
    responses = w["campaign_responses"] if holdout else _sent(w)
    responses = responses.merge(
        w["campaigns"][["campaign_id", "channel", "cost_per_contact"]], on="campaign_id"
    )
    out = responses.groupby("channel").agg(
        contacts=("customer_id", "size"),
        cost=("cost_per_contact", "sum"),
        clicked=("clicked", "sum"),
        converted=("converted", "sum"),
        cost_per_contact=("cost_per_contact", "mean"),
    )
    out["per_conversion"] = out["cost"] / out["converted"].replace(0, np.nan)
    out["per_click"] = out["cost"] / out["clicked"].replace(0, np.nan)
    out["conversion_rate"] = out["converted"] / out["contacts"]
    return out


def _cheapest_channel(w: World) -> AnyOf:
    return _ties(_campaign_channels(w)["per_conversion"], "min")


def _cost_of(w: World, column: str) -> AnyOf:
    table = _campaign_channels(w)
    return AnyOf(tuple(float(table.loc[c, column]) for c in _cheapest_channel(w).values))


def _mean_of_campaign_ratios(w: World) -> AnyOf:
    responses = _sent(w).merge(w["campaigns"], on="campaign_id")
    per = responses.groupby(["channel", "campaign_id"]).agg(
        cost=("cost_per_contact", "sum"), converted=("converted", "sum")
    )
    ratio = (per["cost"] / per["converted"].replace(0, np.nan)).groupby("channel").mean()
    return AnyOf(tuple(float(ratio[c]) for c in _cheapest_channel(w).values))


def _customer_keys(w: World) -> pd.Series:
    return _phone_key(w["customers"]["phone"], w.locale)


def _matched(w: World) -> pd.Series:
    raw = _raw_keys(w)
    return raw["phone_key"].isin(_customer_keys(w).dropna()) & raw["phone_key"].notna()


def _golden_email_share(w: World, rule: str = "any") -> float:
    raw = _raw_keys(w).dropna(subset=["phone_key"])
    if rule == "latest_record":  # the latest record wins, empty fields included
        golden = raw.sort_values("captured_at").drop_duplicates("phone_key", keep="last")
        return float(golden["email"].notna().mean())
    return float(raw.groupby("phone_key")["email"].first().notna().mean())


def _repeats(w: World, keep: str | bool) -> pd.Series:
    raw = _raw_keys(w).sort_values("record_id")
    has_key = raw["phone_key"].notna()
    return has_key & raw["phone_key"].duplicated(keep=keep)


def _recall(w: World) -> AnyOf:
    truth = w.truth["duplicates"].set_index("record_id")["is_duplicate"]
    values = []
    for keep in ("first", False):
        flagged = _repeats(w, keep).to_numpy()
        true = truth.reindex(w["raw_records"].sort_values("record_id")["record_id"]).to_numpy()
        values.append(float((flagged & true).sum() / true.sum()))
    return AnyOf(tuple(dict.fromkeys(values)))


def _precision(w: World) -> float:
    truth = w.truth["duplicates"].sort_values("record_id")["is_duplicate"].to_numpy()
    flagged = _repeats(w, "first").to_numpy()
    return float(truth[flagged].mean())


def _median_age(w: World) -> pd.Series:
    raw = w["raw_records"]
    age = (w.as_of - raw["captured_at"].dt.normalize()).dt.days
    return age.groupby(raw["source"]).median()


def _inconsistent_share(w: World, source: str | None = "purchased_list") -> float:
    raw = w["raw_records"]
    ok = province_city_agree(known_places(w.locale))(raw)
    if source is not None:
        ok = ok[raw["source"] == source]
    return float((~ok).astype("Float64").mean())


def _sample_size(n: int, e: float, fpc: str | None) -> AnyOf:
    sizes = []
    for z in Z95:
        n0 = z**2 * 0.25 / e**2
        if fpc == "minus_one":
            size = n0 / (1 + (n0 - 1) / n)
        elif fpc == "plain":
            size = n0 / (1 + n0 / n)
        else:
            size = n0
        sizes.append(math.ceil(size - 1e-9))
    return AnyOf(tuple(dict.fromkeys(sizes)))


def _survey_size(w: World) -> AnyOf:
    n = len(w["customers"])
    both = _sample_size(n, 0.03, "minus_one").values + _sample_size(n, 0.03, "plain").values
    return AnyOf(tuple(dict.fromkeys(both)))


def _store_allocation(w: World) -> AnyOf:
    share = (w["customers"]["signup_channel"] == "store").mean()
    exact = 400 * share
    return AnyOf(tuple(dict.fromkeys([round(exact), math.floor(exact), math.ceil(exact)])))


def _nps(scores: pd.Series, promoter: int = 9) -> float:
    return float(100 * ((scores >= promoter).mean() - (scores <= 6).mean()))


def _nps_half_width(w: World) -> float:
    scores = w["surveys"]["nps"]
    x = np.select([scores >= 9, scores <= 6], [1.0, -1.0], 0.0)
    return float(100 * 1.96 * x.std() / math.sqrt(len(x)))


def _nps_by_tier(w: World, how: str = "nps") -> pd.Series:
    answers = w["surveys"].merge(w["customers"][["customer_id", "member_tier"]], on="customer_id")
    groups = answers.groupby("member_tier")["nps"]
    if how == "promoters":
        return groups.apply(lambda s: int((s >= 9).sum()))
    return groups.apply(_nps)


# --------------------------------------------------------------------------- questions
QUESTIONS = [
    Question(
        id="02.q1",
        prompt="What share of the raw records came from an external channel?",
        expected=lambda w: float(w["raw_records"]["source"].isin(EXTERNAL_SOURCES).mean()),
        kind="share",
        answer_kind="a share between 0 and 1",
        hint="Of the four sources in raw_records, only the purchased list comes from outside "
        "Xudong (an external database, 外部数据库). Its rows divided by all rows is the share.",
        mistakes=(
            Mistake(
                lambda w: float(1 - w["raw_records"]["source"].isin(EXTERNAL_SOURCES).mean()),
                "That is the share from internal channels; the question asks for external.",
            ),
            Mistake(
                lambda w: 1 / w["raw_records"]["source"].nunique(),
                "You counted sources, not records: one source in four is external, but the "
                "sources hold very different numbers of records.",
            ),
        ),
    ),
    Question(
        id="02.q2",
        prompt="Which campaign messaging channel has the lowest cost per conversion?",
        expected=_cheapest_channel,
        kind="text",
        answer_kind="a messaging channel, e.g. 'sms'",
        hint="Join campaign_responses (without the hold-out group: holdout False) to "
        "campaigns, then per channel add up cost_per_contact over every contact (the total "
        "cost) and divide by the number of conversions.",
        mistakes=(
            Mistake(
                lambda w: _ties(_campaign_channels(w)["per_conversion"], "max"),
                "That channel has the highest cost per conversion: take the smallest.",
            ),
        ),
    ),
    Question(
        id="02.q3",
        prompt="How much does one conversion cost through that channel?",
        expected=lambda w: _cost_of(w, "per_conversion"),
        kind="number",
        answer_kind="an amount of money",
        hint="Total cost of the channel (cost_per_contact summed over all its contacts, "
        "leaving out the hold-out group) divided by its conversions (the sum of converted).",
        mistakes=(
            Mistake(
                lambda w: AnyOf(
                    tuple(
                        float(_campaign_channels(w, holdout=True).loc[c, "per_conversion"])
                        for c in _cheapest_channel(w).values
                    )
                ),
                "You counted the hold-out group as contacts: they were sent nothing and "
                "cost nothing. Keep the rows where holdout is False.",
            ),
            Mistake(
                lambda w: _cost_of(w, "cost_per_contact"),
                "That is the cost of one message. Most messages convert nobody: divide the "
                "total cost by the conversions.",
            ),
            Mistake(
                lambda w: _cost_of(w, "per_click"),
                "You divided by clicks; a conversion is a customer who took up the offer "
                "(converted).",
            ),
            Mistake(
                _mean_of_campaign_ratios,
                "You averaged the cost per conversion of each campaign. A mean of ratios "
                "weighs a small campaign as much as a big one: divide the channel's total "
                "cost by its total conversions.",
            ),
        ),
    ),
    Question(
        id="02.q4",
        prompt="How many raw records match a customer by normalised phone?",
        expected=lambda w: int(_matched(w).sum()),
        kind="count",
        answer_kind="a whole number of records",
        hint="Normalise both phone columns the same way (digits only, then the last 11 "
        "digits in zh_CN or 10 in en_US) and count the raw records whose key is among "
        "the customers' keys, e.g. with isin().",
        mistakes=(
            Mistake(
                lambda w: int(w["raw_records"]["phone"].isin(w["customers"]["phone"]).sum()),
                "You compared the phones as written. Each source formats numbers its own "
                "way, so normalise both sides to digits first.",
            ),
            Mistake(
                lambda w: int(_raw_keys(w).loc[_matched(w), "phone_key"].nunique()),
                "You counted the customers matched; the question counts raw records (a "
                "customer may match several).",
            ),
            Mistake(
                lambda w: int(w["raw_records"]["phone"].notna().sum()),
                "You counted the records that have a phone; keep only those whose key is "
                "also a customer's key.",
            ),
        ),
    ),
    Question(
        id="02.q5",
        prompt="What share of the golden records, one per phone key, have an e-mail address?",
        expected=lambda w: _golden_email_share(w),
        kind="share",
        answer_kind="a share between 0 and 1",
        hint="Group the raw records that have a phone key by that key and take one e-mail "
        "per group with a rule that skips empty values (groupby(...).first() or .last() "
        "do); then the share of groups with an e-mail.",
        mistakes=(
            Mistake(
                lambda w: _golden_email_share(w, "latest_record"),
                "You kept the latest record whole, including an empty e-mail. A field-by-"
                "field rule fills the gap from another record: groupby(...).last() skips "
                "empty values, drop_duplicates(keep='last') does not.",
            ),
            Mistake(
                lambda w: float(w["raw_records"]["email"].notna().mean()),
                "That is the share of raw records with an e-mail, before integration; "
                "build one golden record per phone key first.",
            ),
        ),
    ),
    Question(
        id="02.q6",
        prompt="What share of the true duplicate records does the phone key find?",
        expected=_recall,
        kind="share",
        answer_kind="a share between 0 and 1 (the recall)",
        hint="Mark each record whose phone key appeared in an earlier record "
        "(duplicated() on the key, in record_id order, ignoring empty keys). Recall = "
        "records both marked and is_duplicate in truth.duplicates ÷ all is_duplicate.",
        mistakes=(
            Mistake(
                _precision,
                "That is the precision (of the records you marked, the share that are true "
                "duplicates). Recall divides by all true duplicates instead.",
            ),
            Mistake(
                lambda w: float(w.truth["duplicates"]["is_duplicate"].mean()),
                "That is the share of raw records that are duplicates; the question asks "
                "what share of them the phone key finds.",
            ),
        ),
    ),
    Question(
        id="02.q7",
        prompt="Which source should Xudong fix first, by its share of invalid phones?",
        expected=_fix_first,
        kind="text",
        answer_kind="a source name",
        hint="Per source, take the records that have a phone, check each against the phone "
        "rule (labkit.quality.PHONE_RULES[world.locale] or your own), and compare the "
        "shares of invalid ones.",
        mistakes=(
            Mistake(
                lambda w: _ties(_invalid_share(w, True), "min"),
                "That source has the smallest share of invalid phones: it needs fixing least.",
            ),
            Mistake(
                lambda w: _ties(
                    (~_phone_valid(w, True))
                    .astype("Float64")
                    .groupby(w["raw_records"]["source"])
                    .sum(),
                    "max",
                ),
                "You compared counts of invalid phones. A big source has more of everything; "
                "compare shares (invalid ÷ records with a phone).",
            ),
        ),
    ),
    Question(
        id="02.q8",
        prompt="What share of that source's phones are invalid?",
        expected=_fix_first_share,
        kind="share",
        answer_kind="a share between 0 and 1",
        hint="Invalid phones of that source divided by its records that have a phone.",
        mistakes=(
            Mistake(
                lambda w: _fix_first_share(w, all_rows=True),
                "You divided by all rows, including the ones with no phone. An empty phone "
                "is a completeness problem, not an invalid one: divide by the records that "
                "have a phone.",
            ),
            Mistake(
                lambda w: AnyOf(tuple(1 - v for v in _fix_first_share(w).values)),
                "That is the share of valid phones; the question asks for invalid ones.",
            ),
            Mistake(
                lambda w: float((~_phone_valid(w, True)).astype("Float64").mean()),
                "That is the share over all sources together; keep only the source you "
                "named in the previous question.",
            ),
        ),
    ),
    Question(
        id="02.q9",
        prompt="Which source has the oldest records, by median age in days at as_of?",
        expected=lambda w: _ties(_median_age(w), "max"),
        kind="text",
        answer_kind="a source name",
        hint="Age = (world.as_of - captured_at) in days; take the median per source and the "
        "source with the largest.",
        mistakes=(
            Mistake(
                lambda w: _ties(_median_age(w), "min"),
                "That source has the freshest records; the oldest has the largest median age.",
            ),
        ),
    ),
    Question(
        id="02.q10",
        prompt="What share of the purchased list's records name a city outside their province?",
        expected=lambda w: _inconsistent_share(w),
        kind="share",
        answer_kind="a share between 0 and 1",
        hint="labkit.quality.known_places(world.locale) lists every (province, city) pair in "
        "full and short spellings; a record is inconsistent when its pair is not in that "
        "list. Keep only the purchased_list rows.",
        mistakes=(
            Mistake(
                lambda w: _inconsistent_share(w, None),
                "That is the share over all sources; keep only the purchased_list rows.",
            ),
            Mistake(
                lambda w: 1 - _inconsistent_share(w),
                "That is the share of consistent records; the question asks for the others.",
            ),
        ),
    ),
    Question(
        id="02.q11",
        prompt="How many customers must Xudong survey for a ±3-point margin at 95% confidence?",
        expected=_survey_size,
        kind="count",
        answer_kind="a whole number of customers",
        hint="n0 = z² p(1-p) / e² with z = 1.96, p = 0.5 (the safest guess) and e = 0.03; "
        "then the finite-population correction n = n0 / (1 + (n0 - 1) / N) with N the "
        "number of customers; round up.",
        mistakes=(
            Mistake(
                lambda w: _sample_size(len(w["customers"]), 0.03, None),
                "That is n0, without the finite-population correction: Xudong has only N "
                "customers, so fewer answers are needed. Divide by 1 + (n0 - 1) / N.",
            ),
            Mistake(
                lambda w: AnyOf(
                    tuple(
                        v - 1 for v in _sample_size(len(w["customers"]), 0.03, "minus_one").values
                    )
                ),
                "Round up, not down: rounding down leaves the margin slightly above ±3 points.",
            ),
        ),
    ),
    Question(
        id="02.q12",
        prompt="How many store sign-ups go into a proportional stratified sample of 400?",
        expected=_store_allocation,
        kind="count",
        answer_kind="a whole number of customers",
        hint="Proportional allocation gives each stratum its share of the population: 400 × "
        "(share of customers whose signup_channel is 'store'), rounded.",
        mistakes=(
            Mistake(
                lambda w: 400 // w["customers"]["signup_channel"].nunique(),
                "That is equal allocation (the same number per stratum). Proportional "
                "allocation follows each stratum's share of the customers.",
            ),
            Mistake(
                lambda w: int((w["customers"]["signup_channel"] == "store").sum()),
                "That is every store customer in the population; the sample has only 400.",
            ),
        ),
    ),
    Question(
        id="02.q13",
        prompt="What is Xudong's NPS, in points from -100 to 100?",
        expected=lambda w: _nps(w["surveys"]["nps"]),
        kind="number",
        answer_kind="a number of points between -100 and 100",
        hint="Promoters score 9-10, detractors 0-6, passives 7-8. NPS = 100 × (share of "
        "promoters - share of detractors), where the shares are of all respondents.",
        mistakes=(
            Mistake(
                lambda w: _nps(w["surveys"]["nps"]) / 100,
                "That is NPS as a fraction; multiply by 100 to give it in points.",
            ),
            Mistake(
                lambda w: float(w["surveys"]["nps"].mean()),
                "That is the mean score on the 0-10 scale. NPS counts people instead: "
                "% promoters (9-10) minus % detractors (0-6).",
            ),
            Mistake(
                lambda w: _nps(w["surveys"]["nps"], promoter=8),
                "You counted 8s as promoters; promoters score 9 or 10 (7-8 are passives).",
            ),
            Mistake(
                lambda w: float(100 * (w["surveys"]["nps"] >= 9).mean()),
                "That is the share of promoters alone; subtract the share of detractors.",
            ),
        ),
    ),
    Question(
        id="02.q14",
        prompt="What is the half-width of the 95% confidence interval of that NPS, in points?",
        expected=_nps_half_width,
        kind="number",
        answer_kind="a number of points",
        rtol=0.005,
        hint="Score each respondent +1 (promoter), 0 (passive) or -1 (detractor): NPS is 100 "
        "× their mean, and the half-width is 1.96 × 100 × std / √n (normal approximation).",
        mistakes=(
            Mistake(
                lambda w: _nps_half_width(w) / 1.96,
                "That is the standard error; the 95% half-width is 1.96 standard errors.",
            ),
            Mistake(
                lambda w: _nps_half_width(w) / 100,
                "That is the half-width as a fraction; multiply by 100 to give points.",
            ),
        ),
    ),
    Question(
        id="02.q15",
        prompt="Which member tier has the highest NPS?",
        expected=lambda w: _ties(_nps_by_tier(w), "max"),
        kind="text",
        answer_kind="a member tier",
        hint="Join surveys to customers on customer_id for member_tier, then compute NPS per "
        "tier (promoters 9-10 minus detractors 0-6, as shares of that tier's respondents).",
        mistakes=(
            Mistake(
                lambda w: _ties(_nps_by_tier(w, "promoters"), "max"),
                "You counted promoters; the biggest tier has the most of everything. NPS "
                "uses shares of each tier's respondents.",
            ),
        ),
    ),
]
