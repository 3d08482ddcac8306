"""Chapter 02 · Collecting customer information (客户信息的收集).

Every expected answer is computed from the learner's own world, so the same
questions work for any seed, size and locale. Where two reasonable methods
differ (a strict or a length-only phone rule; 1.96 or the exact z), every
method's answer is accepted through :class:`~labkit.questions.AnyOf`. Shares and
numbers need 4 significant digits (``SIG4``); counts are exact.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from labkit.quality import known_places, province_city_agree, valid_email
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


def _recent(w: World, days: int = 365) -> pd.Series:
    return w["raw_records"]["captured_at"] > w.as_of - pd.Timedelta(days=days)


def _invalid_by_source(w: World, strict=True, how="share", recent=True, all_rows=False):
    """Invalid phones per source among records with a phone (recent records by default)."""
    invalid = (~_phone_valid(w, strict)).astype("Float64")
    if all_rows:
        invalid = invalid.fillna(0.0)
    source = w["raw_records"]["source"]
    if recent:
        keep = _recent(w)
        invalid, source = invalid[keep], source[keep]
    groups = invalid.groupby(source)
    out = groups.sum() if how == "count" else groups.mean()
    return (100 * out if how == "percent" else out).astype(float)


def _email_filled(w: World, how: str = "share") -> pd.Series:
    raw = w["raw_records"]
    filled = raw["email"].notna().groupby(raw["source"])
    total = raw["email"].notna().sum()
    out = {"count": filled.sum(), "of_all": filled.sum() / total, "percent": 100 * filled.mean()}
    return out.get(how, filled.mean()).astype(float)


def _matched(w: World) -> pd.Series:
    key = _raw_keys(w)["phone_key"]
    return key.notna() & key.isin(_phone_key(w["customers"]["phone"], w.locale).dropna())


def _prospects(w: World, how: str = "people") -> int:
    """People (phone keys) of the purchased list that no internal source captured."""
    raw = _raw_keys(w).dropna(subset=["phone_key"])
    bought = raw["source"].isin(EXTERNAL_SOURCES)
    if how == "all_listed":
        return int(raw.loc[bought, "phone_key"].nunique())
    if how == "not_customers":
        known = set(_phone_key(w["customers"]["phone"], w.locale).dropna())
    else:
        known = set(raw.loc[~bought, "phone_key"])
    new = bought & ~raw["phone_key"].isin(known)
    return int(new.sum()) if how == "records" else int(raw.loc[new, "phone_key"].nunique())


def _golden_share(w: World, field: str, rule: str = "any") -> float:
    raw = _raw_keys(w).dropna(subset=["phone_key"])
    if rule == "latest_record":  # the latest record wins, empty fields included
        golden = raw.sort_values("captured_at").drop_duplicates("phone_key", keep="last")
        return float(golden[field].notna().mean())
    return float(raw.groupby("phone_key")[field].first().notna().mean())


def _dup_flags(w: World, keep: str | bool = "first") -> tuple[pd.Series, pd.Series, pd.Series]:
    """(marked by the phone key, truly a duplicate, source), per raw record in record_id order."""
    raw = _raw_keys(w).sort_values("record_id").reset_index(drop=True)
    marked = raw["phone_key"].notna() & raw["phone_key"].duplicated(keep=keep)
    truth = w.truth["duplicates"].set_index("record_id")["is_duplicate"]
    return marked, raw["record_id"].map(truth).astype(bool), raw["source"]


STORE = "store_signup_sheet"


def _store_recall(w: World, keep="first", source: str | None = STORE, what="recall") -> float:
    marked, dup, src = _dup_flags(w, keep)
    mine = src == source if source else pd.Series(True, index=src.index)
    found = (marked & dup & mine).sum()
    return float(found / ((marked if what == "precision" else dup) & mine).sum())


EMAIL_ERRORS = ("invalid_email", "email_domain_typo")
#: The teaching notebook's own e-mail rule, next to labkit.quality.valid_email.
EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"


def _email_flags(w: World, own_rule: bool = False) -> pd.Series:
    """True where the e-mail fails a rule about its form; an empty e-mail is not flagged."""
    emails = w["raw_records"]["email"].astype("string")
    ok = emails.str.fullmatch(EMAIL_PATTERN).astype("boolean") if own_rule else valid_email(emails)
    return ~ok.mask(emails.isna()).fillna(True).astype(bool)


def _email_rule_score(w: World, what: str = "recall", kinds=EMAIL_ERRORS) -> AnyOf:
    errors = w.truth["errors"]
    planted = w["raw_records"]["record_id"].isin(errors.loc[errors["kind"].isin(kinds), "row_id"])
    values = []
    for flag in (_email_flags(w), _email_flags(w, own_rule=True)):
        found = int((flag & planted).sum())
        values.append(
            {"recall": found / planted.sum(), "precision": found / flag.sum()}.get(what, found)
        )
    return AnyOf(tuple(dict.fromkeys(float(v) for v in values)))


def _of_source(w: World, values: pd.Series, source: str | None) -> float:
    """Mean of ``values`` over one source's raw records (all records if source is None)."""
    if source is not None:
        values = values[w["raw_records"]["source"] == source]
    return float(values.astype("Float64").mean())


def _old_share(w: World, source: str | None = "purchased_list") -> float:
    return _of_source(w, ~_recent(w, 730), source)


def _inconsistent_share(w: World, source: str | None = "purchased_list") -> float:
    return _of_source(w, ~province_city_agree(known_places(w.locale))(w["raw_records"]), source)


MARGIN = 0.035


def _sample_size(n: int, e: float, fpc: str | None) -> AnyOf:
    """n0 = z² p(1-p) / e² with p = 0.5, corrected for a population of n, rounded up."""
    sizes = []
    for z in Z95:
        n0 = z**2 * 0.25 / e**2
        size = {"minus_one": n0 / (1 + (n0 - 1) / n), "plain": n0 / (1 + n0 / n)}.get(fpc, n0)
        sizes.append(math.ceil(size - 1e-9))
    return AnyOf(tuple(dict.fromkeys(sizes)))


def _survey_size(w: World) -> AnyOf:
    n = len(w["customers"])
    both = _sample_size(n, MARGIN, "minus_one").values + _sample_size(n, MARGIN, "plain").values
    return AnyOf(tuple(dict.fromkeys(both)))


def _rounded_down(w: World) -> AnyOf:
    """The sample size rounded down, leaving out values another formula rounds up to."""
    down = [v - 1 for v in _sample_size(len(w["customers"]), MARGIN, "minus_one").values]
    distinct = [v for v in down if v not in _survey_size(w).values]
    return AnyOf(tuple(distinct or down))


STRATUM = "referral"


def _allocation(w: World) -> AnyOf:
    share = (w["customers"]["signup_channel"] == STRATUM).mean()
    exact = 400 * share
    return AnyOf(tuple(dict.fromkeys([round(exact), math.floor(exact), math.ceil(exact)])))


def _nps(scores: pd.Series, promoter: int = 9) -> float:
    return float(100 * ((scores >= promoter).mean() - (scores <= 6).mean()))


def _half_width(scores: pd.Series) -> float:
    x = np.select([scores >= 9, scores <= 6], [1.0, -1.0], 0.0)
    return float(100 * 1.96 * x.std() / math.sqrt(len(x)))


TOP_TIERS = ("gold", "platinum")


def _answers(w: World) -> pd.DataFrame:
    columns = ["customer_id", "member_tier", "signup_channel"]
    return w["surveys"].merge(w["customers"][columns], on="customer_id")


def _top(w: World) -> pd.DataFrame:
    answers = _answers(w)
    return answers[answers["member_tier"].isin(TOP_TIERS)]


def _top_scores(w: World) -> pd.Series:
    return _top(w)["nps"]


def _nps_by_channel(w: World, how: str = "nps") -> pd.Series:
    groups = _answers(w).groupby("signup_channel")["nps"]
    if how == "promoters":
        return groups.apply(lambda s: int((s >= 9).sum()))
    nps = groups.apply(_nps).astype(float)
    return {"mean": groups.mean().astype(float), "fraction": nps / 100}.get(how, nps)


# --------------------------------------------------------------------------- questions
SIG4 = {"rtol": 1e-3, "atol": 1e-9}
SHARE = "a share between 0 and 1, 4 significant digits are enough"

QUESTIONS = [
    Question(
        id="02.q1",
        prompt="What share of raw records came from an external channel (4 significant digits)?",
        expected=lambda w: float(w["raw_records"]["source"].isin(EXTERNAL_SOURCES).mean()),
        kind="share",
        answer_kind=SHARE,
        **SIG4,
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
        prompt="Per source, what share of records have an e-mail (Series, 4 significant digits)?",
        expected=_email_filled,
        kind="series",
        answer_kind="a Series: source → share with an e-mail (0-1)",
        **SIG4,
        hint="Completeness (完整性) of one field per channel: raw['email'].notna() grouped by "
        "raw['source'], then the mean of each group.",
        mistakes=(
            Mistake(
                lambda w: _email_filled(w, "count"),
                "Those are counts of records with an e-mail. A big source has more of "
                "everything: divide by each source's number of records (mean(), not sum()).",
            ),
            Mistake(
                lambda w: _email_filled(w, "percent"),
                "Those look like percentages: give shares between 0 and 1 (divide by 100).",
            ),
            Mistake(
                lambda w: _email_filled(w, "of_all"),
                "You divided by all the e-mails of all sources: that says where the e-mails "
                "come from, not how complete each source is. Divide by each source's records.",
            ),
        ),
    ),
    Question(
        id="02.q3",
        prompt="How many people does only the purchased list know (exact whole number)?",
        expected=_prospects,
        kind="count",
        answer_kind="an exact whole number of people",
        hint="Take the phone keys of the purchased-list records and remove every key that "
        "appears in a record of an internal source (store sheet, web form, call centre); count "
        "the different keys left. These are Xudong's prospects (潜在客户).",
        mistakes=(
            Mistake(
                lambda w: _prospects(w, "records"),
                "You counted records; one person can be on the list more than once. Count "
                "different phone keys (nunique()).",
            ),
            Mistake(
                lambda w: _prospects(w, "all_listed"),
                "That is everyone on the purchased list. Leave out the people an internal "
                "channel has already captured.",
            ),
            Mistake(
                lambda w: _prospects(w, "not_customers"),
                "You compared with the customer file, not with the internal sources' records: "
                "a person can be in a store sheet or the call centre's notes without being a "
                "customer yet.",
            ),
        ),
    ),
    Question(
        id="02.q4",
        prompt="How many raw records match a customer by normalised phone (exact whole number)?",
        expected=lambda w: int(_matched(w).sum()),
        kind="count",
        answer_kind="an exact whole number of records",
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
        prompt="What share of golden records, one per phone key, have an address (unrounded)?",
        expected=lambda w: _golden_share(w, "address"),
        kind="share",
        answer_kind="a share between 0 and 1, unrounded",
        hint="Group the raw records that have a phone key by that key and take one address "
        "per group with a rule that skips empty values (groupby(...).first() or .last() "
        "do); then the share of groups with an address.",
        mistakes=(
            Mistake(
                lambda w: _golden_share(w, "address", "latest_record"),
                "You kept the latest record whole, including an empty address. A field-by-"
                "field rule fills the gap from another record: groupby(...).last() skips "
                "empty values, drop_duplicates(keep='last') does not.",
            ),
            Mistake(
                lambda w: float(w["raw_records"]["address"].notna().mean()),
                "That is the share of raw records with an address, before integration; "
                "build one golden record per phone key first.",
            ),
        ),
    ),
    Question(
        id="02.q6",
        prompt="What is the phone key's recall on store-sheet duplicates (4 significant digits)?",
        expected=lambda w: AnyOf(
            tuple(dict.fromkeys(_store_recall(w, keep) for keep in ("first", False)))
        ),
        kind="share",
        answer_kind=SHARE,
        **SIG4,
        hint="Mark each record whose phone key appeared in an earlier record of any source "
        "(duplicated() on the key, in record_id order, ignoring empty keys). Keep the store "
        "sheet's records: recall = marked and is_duplicate ÷ all is_duplicate among them.",
        mistakes=(
            Mistake(
                lambda w: _store_recall(w, source=None),
                "That is the recall over all sources; keep only the store sign-up sheet's "
                "records (its handwritten phones are what this question is about).",
            ),
            Mistake(
                lambda w: _store_recall(w, what="precision"),
                "That is the precision (查准率: of the store records you marked, the share "
                "that are true duplicates). Recall divides by all true duplicates instead.",
            ),
            Mistake(
                lambda w: float(_dup_flags(w)[1][_dup_flags(w)[2] == STORE].mean()),
                "That is the share of the store sheet's records that are duplicates; the "
                "question asks what share of them the phone key finds.",
            ),
        ),
    ),
    Question(
        id="02.q7",
        prompt="Per source, what share of recent phones are invalid "
        "(Series, 4 significant digits)?",
        expected=lambda w: AnyOf((_invalid_by_source(w, True), _invalid_by_source(w, False))),
        kind="series",
        answer_kind="a Series: source → share of invalid phones (0-1)",
        **SIG4,
        hint="Keep the records with captured_at > world.as_of - 365 days, check each phone "
        "with labkit.quality.PHONE_RULES[world.locale] (or your own rule), and take the mean "
        "of the invalid ones per source; <NA> (no phone) is left out by mean().",
        mistakes=(
            Mistake(
                lambda w: _invalid_by_source(w, how="count"),
                "Those are counts of invalid phones. A big source has more of everything: "
                "compare shares (invalid ÷ records with a phone).",
            ),
            Mistake(
                lambda w: _invalid_by_source(w, how="percent"),
                "Those look like percentages: give shares between 0 and 1 (divide by 100).",
            ),
            Mistake(
                lambda w: _invalid_by_source(w, recent=False),
                "Those are the shares over all records ever captured; keep only the last 365 "
                "days up to as_of (captured_at > as_of - 365 days).",
            ),
            Mistake(
                lambda w: _invalid_by_source(w, all_rows=True),
                "You divided by all rows, including the ones with no phone. An empty phone "
                "is a completeness problem, not an invalid one: divide by the records that "
                "have a phone.",
            ),
        ),
    ),
    Question(
        id="02.q8",
        prompt="What share of planted e-mail errors does the form rule find "
        "(4 significant digits)?",
        expected=_email_rule_score,
        kind="share",
        answer_kind=SHARE,
        **SIG4,
        hint="Flag the records whose e-mail fails labkit.quality.valid_email (or the teaching "
        "notebook's pattern; empty is not invalid). Planted = records whose record_id is a "
        "row_id of those two kinds. Recall = flagged and planted ÷ planted.",
        mistakes=(
            Mistake(
                lambda w: _email_rule_score(w, "precision").values[0],
                "That is the precision (查准率: of the flagged records, the share with a "
                "planted error). Recall divides by all planted e-mail errors.",
            ),
            Mistake(
                lambda w: _email_rule_score(w, kinds=("invalid_email",)).values[0],
                "You kept only the invalid_email kind. A domain typo (gmial.com) is an error "
                "too, one the form rule cannot see: count both kinds as planted.",
            ),
            Mistake(
                lambda w: _email_rule_score(w, "found").values[0],
                "That is how many errors the rule found; divide by the number planted.",
            ),
        ),
    ),
    Question(
        id="02.q9",
        prompt="What share of the purchased list is over 730 days old (4 significant digits)?",
        expected=lambda w: _old_share(w),
        kind="share",
        answer_kind=SHARE,
        **SIG4,
        hint="Keep the purchased_list rows; a record is older than two years when captured_at "
        "<= world.as_of - 730 days. The share is the mean of that condition.",
        mistakes=(
            Mistake(
                lambda w: _old_share(w, None),
                "That is the share over all sources; keep only the purchased_list rows.",
            ),
            Mistake(
                lambda w: 1 - _old_share(w),
                "That is the share of records from the last two years; the question asks "
                "for the older ones.",
            ),
        ),
    ),
    Question(
        id="02.q10",
        prompt="What share of purchased-list records fail the province/city check (4 sig. digits)?",
        expected=lambda w: _inconsistent_share(w),
        kind="share",
        answer_kind=SHARE,
        **SIG4,
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
        prompt="How many answers for a ±3.5-point margin at 95% confidence (exact whole number)?",
        expected=_survey_size,
        kind="count",
        answer_kind="an exact whole number of customers",
        hint="n0 = z² p(1-p) / e² with z = 1.96, p = 0.5 (the safest guess) and e = 0.035; "
        "then the finite-population correction n = n0 / (1 + (n0 - 1) / N) with N the "
        "number of customers; round up.",
        mistakes=(
            Mistake(
                lambda w: _sample_size(len(w["customers"]), MARGIN, None),
                "That is n0, without the finite-population correction: Xudong has only N "
                "customers, so fewer answers are needed. Divide by 1 + (n0 - 1) / N.",
            ),
            Mistake(
                _rounded_down,
                "Round up, not down: rounding down leaves the margin slightly above ±3.5 points.",
            ),
        ),
    ),
    Question(
        id="02.q12",
        prompt="How many referral sign-ups go into a proportional stratified sample of 400 "
        "(exact)?",
        expected=_allocation,
        kind="count",
        answer_kind="an exact whole number of customers",
        hint="Proportional allocation gives each stratum its share of the population: 400 × "
        "(share of customers whose signup_channel is 'referral'), rounded.",
        mistakes=(
            Mistake(
                lambda w: 400 // w["customers"]["signup_channel"].nunique(),
                "That is equal allocation (the same number per stratum). Proportional "
                "allocation follows each stratum's share of the customers.",
            ),
            Mistake(
                lambda w: int((w["customers"]["signup_channel"] == STRATUM).sum()),
                "That is every referral customer in the population; the sample has only 400.",
            ),
        ),
    ),
    Question(
        id="02.q13",
        prompt="What is the NPS of gold and platinum respondents together (points, 4 sig. digits)?",
        expected=lambda w: _nps(_top_scores(w)),
        kind="number",
        answer_kind="a number of points between -100 and 100, 4 significant digits are enough",
        **SIG4,
        hint="Join surveys to customers on customer_id for member_tier and keep the gold and "
        "platinum respondents. Promoters score 9-10, detractors 0-6: NPS = 100 × (share of "
        "promoters - share of detractors) among all of them.",
        mistakes=(
            Mistake(
                lambda w: _nps(_top_scores(w)) / 100,
                "That is NPS as a fraction; multiply by 100 to give it in points.",
            ),
            Mistake(
                lambda w: float(_top_scores(w).mean()),
                "That is the mean score on the 0-10 scale. NPS counts people instead: "
                "% promoters (9-10) minus % detractors (0-6).",
            ),
            Mistake(
                lambda w: _nps(_top_scores(w), promoter=8),
                "You counted 8s as promoters; promoters score 9 or 10 (7-8 are passives).",
            ),
            Mistake(
                lambda w: float(100 * (_top_scores(w) >= 9).mean()),
                "That is the share of promoters alone; subtract the share of detractors.",
            ),
            Mistake(
                lambda w: float(_top(w).groupby("member_tier")["nps"].apply(_nps).mean()),
                "You averaged the two tiers' NPS. The tiers have different numbers of "
                "respondents: pool the respondents and compute one NPS.",
            ),
            Mistake(
                lambda w: _nps(w["surveys"]["nps"]),
                "That is the NPS of all respondents; keep the gold and platinum tiers.",
            ),
        ),
    ),
    Question(
        id="02.q14",
        prompt="What is the half-width of that NPS's 95% interval (points, 4 significant digits)?",
        expected=lambda w: _half_width(_top_scores(w)),
        kind="number",
        answer_kind="a number of points, 4 significant digits are enough",
        **SIG4,
        hint="Score each of those respondents +1 (promoter), 0 (passive) or -1 (detractor): "
        "NPS is 100 × their mean, and the half-width is 1.96 × 100 × std / √n (normal "
        "approximation).",
        mistakes=(
            Mistake(
                lambda w: _half_width(_top_scores(w)) / 1.96,
                "That is the standard error; the 95% half-width is 1.96 standard errors.",
            ),
            Mistake(
                lambda w: _half_width(_top_scores(w)) / 100,
                "That is the half-width as a fraction; multiply by 100 to give points.",
            ),
            Mistake(
                lambda w: _half_width(w["surveys"]["nps"]),
                "That is the half-width for all respondents. The gold and platinum tiers have "
                "far fewer answers, so their interval is wider: use only their scores.",
            ),
        ),
    ),
    Question(
        id="02.q15",
        prompt="What is the NPS per sign-up channel (Series of points, 4 significant digits)?",
        expected=_nps_by_channel,
        kind="series",
        answer_kind="a Series: signup_channel → NPS in points",
        **SIG4,
        hint="Join surveys to customers on customer_id for signup_channel, then per channel "
        "100 × (share of promoters 9-10 - share of detractors 0-6) among that channel's "
        "respondents (groupby(...)['nps'].apply(...)).",
        mistakes=(
            Mistake(
                lambda w: _nps_by_channel(w, "promoters"),
                "Those are counts of promoters; the biggest channel has the most of "
                "everything. NPS uses shares of each channel's respondents.",
            ),
            Mistake(
                lambda w: _nps_by_channel(w, "fraction"),
                "Those are NPS values as fractions; multiply by 100 to give points.",
            ),
            Mistake(
                lambda w: _nps_by_channel(w, "mean"),
                "Those are mean scores on the 0-10 scale. NPS counts people: % promoters "
                "(9-10) minus % detractors (0-6).",
            ),
        ),
    ),
]
