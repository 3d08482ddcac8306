"""Raw records: the same people as four capture channels wrote them down.

Each source has its own formatting habits (that is *not* an error: it is what
standardisation fixes, see :mod:`labkit.world.generator.capture_habits`), its
own share of empty fields, and its own rate of real errors (malformed phones
and e-mails, impossible birth dates, a city that is not in the stated
province). About 5 % of the rows repeat a person already captured, with
typos, re-formatted phones, swapped name order or missing fields; a few of
those people are captured a third time.
``truth.duplicates`` and ``truth.errors`` record all of it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit import vocabularies

from . import capture_habits, parameters, pools
from .capture_habits import CALL_CENTRE, PURCHASED_LIST, STORE_SHEET, WEB_FORM
from .locales import GeneratorLocale
from .strings import shared
from .timeline import Timeline

#: The source that captured each customer first, by sign-up channel.
PRIMARY_SOURCE = {
    "store": STORE_SHEET,
    "online": WEB_FORM,
    "call_centre": CALL_CENTRE,
    "referral": WEB_FORM,
}
#: Mistyped free-mail domains (``email_domain_typo`` errors).
DOMAIN_TYPOS = {
    "gmail.com": "gmial.com",
    "hotmail.com": "hotmial.com",
    "yahoo.com": "yahooo.com",
    "163.com": "163.cm",
    "qq.com": "qq.con",
    "126.com": "162.com",
    "outlook.com": "outlok.com",
    "icloud.com": "icloud.co",
}
#: Source of repeat captures of a customer (other than the first source).
REPEAT_SOURCE_P = [0.30, 0.35, 0.25, 0.10]

ErrorList = list[tuple[int, str, str]]


def _prospects(
    rng: np.random.Generator,
    n_prospects: int,
    customers: pd.DataFrame,
    regions: pd.DataFrame,
    timeline: Timeline,
    locale: GeneratorLocale,
) -> dict[str, np.ndarray]:
    """People of the purchased list who never became customers (no shared phone or e-mail)."""
    people = pools.sample_people(rng, n_prospects, locale)
    where = rng.choice(len(regions), size=n_prospects, p=regions["weight"].to_numpy())
    age = np.clip(18 + rng.gamma(4.0, 5.2, size=n_prospects), 18, 85)
    birth = timeline.as_of - pd.to_timedelta((age * 365.25).astype(np.int64), unit="D")
    birth = birth.normalize()
    area_code = regions["area_code"].to_numpy()[where]
    phone = pools.phones(rng, area_code, locale)
    taken = pd.Index(customers["phone"])
    clash = pd.Index(phone).isin(taken)
    while clash.any():
        phone[clash] = pools.phones(rng, area_code[clash], locale)
        clash = pd.Index(phone).isin(taken)
    email = pools.emails(
        rng,
        people["surname"].to_numpy(),
        people["given_name"].to_numpy(),
        birth.year.to_numpy(),
        locale,
    )
    email = np.where(pd.Index(email).isin(pd.Index(customers["email"].dropna())), None, email)
    return {
        "people": people,
        "where": where,
        "birth": birth.values.astype("datetime64[s]"),
        "phone": phone,
        "email": email,
    }


def _persons(
    customers: pd.DataFrame,
    prospects: dict[str, np.ndarray],
    prospect_address: np.ndarray,
    regions: pd.DataFrame,
) -> dict[str, np.ndarray]:
    """Every real person, customers first then prospects: the truth the records copy."""
    people, where = prospects["people"], prospects["where"]
    by_place = regions.set_index(["province", "city"])
    customer_place = pd.MultiIndex.from_arrays([customers["province"], customers["city"]])

    def both(customer_values: np.ndarray, prospect_values: np.ndarray) -> np.ndarray:
        return np.concatenate([customer_values, prospect_values])

    persons = {
        "person_id": np.arange(1, len(customers) + len(where) + 1, dtype=np.int64),
        "surname": both(customers["surname"].to_numpy(), people["surname"].to_numpy()),
        "given_name": both(customers["given_name"].to_numpy(), people["given_name"].to_numpy()),
        "name": both(customers["name"].to_numpy(), people["name"].to_numpy()),
        "gender": both(customers["gender"].to_numpy(), people["gender"].to_numpy()),
        "birth": both(customers["birth_date"].to_numpy(), prospects["birth"]),
        "phone": both(customers["phone"].to_numpy(), prospects["phone"]),
        "email": both(customers["email"].to_numpy(object), prospects["email"].astype(object)),
        "province": both(customers["province"].to_numpy(), regions["province"].to_numpy()[where]),
        "province_short": both(
            by_place.loc[customer_place, "province_short"].to_numpy(),
            regions["province_short"].to_numpy()[where],
        ),
        "city": both(customers["city"].to_numpy(), regions["city"].to_numpy()[where]),
        "city_short": both(
            by_place.loc[customer_place, "city_short"].to_numpy(),
            regions["city_short"].to_numpy()[where],
        ),
        "address": both(customers["address"].to_numpy(), prospect_address),
    }
    for column, values in persons.items():
        if column not in ("email", "birth", "person_id", "address"):
            persons[column] = np.asarray(values, dtype=object)  # shared references: low memory
    return persons


def _captures(
    rng: np.random.Generator,
    customers: pd.DataFrame,
    n_prospects: int,
    n_duplicates: int,
    timeline: Timeline,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Who is captured, by which source, when, and whether it repeats a capture.

    Returns ``person`` (index into the persons), ``source``, ``captured_at`` and
    ``is_repeat``, in time order.
    """
    n = len(customers)
    signup = customers["signup_date"].to_numpy().astype("datetime64[s]")
    primary_source = customers["signup_channel"].map(PRIMARY_SOURCE).to_numpy()
    primary_at = signup + (rng.integers(9 * 3600, 21 * 3600, size=n)).astype("timedelta64[s]")
    oldest = np.datetime64(timeline.start - pd.DateOffset(years=2), "s")
    as_of = np.datetime64(timeline.as_of, "s")
    span = (as_of - oldest).astype(np.int64)
    prospect_at = oldest + (rng.random(n_prospects) * span).astype(np.int64).astype(
        "timedelta64[s]"
    )

    # repeats: nine in ten of customers, one in ten of prospects
    n_prospect_repeats = int(round(0.1 * n_duplicates))
    n_customer_repeats = n_duplicates - n_prospect_repeats
    customer_repeat = rng.choice(n, size=n_customer_repeats, replace=n_customer_repeats > n)
    # a few of the repeated customers are captured a third time (the drawn order is random)
    n_third = int(round(parameters.THIRD_RECORD_SHARE * n_customer_repeats))
    if 0 < n_third < n_customer_repeats // 2:
        customer_repeat[-n_third:] = customer_repeat[:n_third]
    prospect_repeat = n + rng.choice(
        n_prospects, size=n_prospect_repeats, replace=n_prospect_repeats > n_prospects
    )
    other_source = rng.choice(4, size=n_customer_repeats, p=REPEAT_SOURCE_P)
    other_source = np.where(
        other_source == primary_source[customer_repeat],
        (other_source + 1 + rng.integers(0, 3, n_customer_repeats)) % 4,
        other_source,
    )
    since = signup[customer_repeat]
    customer_span = (as_of - since).astype(np.int64)
    customer_repeat_at = since + (rng.random(n_customer_repeats) * customer_span).astype(
        np.int64
    ).astype("timedelta64[s]")
    prospect_repeat_source = np.where(
        rng.random(n_prospect_repeats) < 0.5,
        PURCHASED_LIST,
        rng.integers(0, 3, n_prospect_repeats),
    )
    prospect_repeat_at = oldest + (rng.random(n_prospect_repeats) * span).astype(np.int64).astype(
        "timedelta64[s]"
    )

    person = np.concatenate(
        [np.arange(n), np.arange(n, n + n_prospects), customer_repeat, prospect_repeat]
    )
    source = np.concatenate(
        [
            primary_source,
            np.full(n_prospects, PURCHASED_LIST),
            other_source,
            prospect_repeat_source,
        ]
    ).astype(np.int64)
    captured_at = np.concatenate([primary_at, prospect_at, customer_repeat_at, prospect_repeat_at])
    is_repeat = np.concatenate([np.zeros(n + n_prospects, bool), np.ones(n_duplicates, bool)])
    in_order = np.lexsort((person, captured_at))
    return person[in_order], source[in_order], captured_at[in_order], is_repeat[in_order]


def _digit_positions(text: str) -> list[int]:
    """Positions of the digits of a phone text, leaving a country code alone."""
    start = 3 if text.startswith("+") else 0
    return [i for i, character in enumerate(text) if character.isdigit() and i >= start]


def _damage_repeats(
    rng: np.random.Generator,
    repeats: np.ndarray,
    record: dict[str, np.ndarray],
    person: dict[str, np.ndarray],
    given_name_pool: np.ndarray,
    locale: GeneratorLocale,
) -> None:
    """Extra damage on repeat captures, in place: typos, swapped order, a wrong digit …"""
    name, phone, email = record["name"], record["phone"], record["email"]
    typo = repeats[rng.random(len(repeats)) < 0.25]
    name[typo] = capture_habits.typos(rng, name[typo], given_name_pool, locale)
    swap = repeats[rng.random(len(repeats)) < 0.10]
    name[swap] = capture_habits.swapped_names(
        person["surname"][swap], person["given_name"][swap], locale
    )
    for i in repeats[rng.random(len(repeats)) < 0.08]:
        text = phone[i]
        positions = _digit_positions(text)
        j = positions[int(rng.integers(3, len(positions)))]
        wrong = (int(text[j]) + 1 + int(rng.integers(0, 8))) % 10
        phone[i] = text[:j] + str(wrong) + text[j + 1 :]
    shout = repeats[rng.random(len(repeats)) < 0.15]
    email[shout] = [
        address.upper() if isinstance(address, str) else address for address in email[shout]
    ]
    phone[repeats[rng.random(len(repeats)) < 0.10]] = None


def _phone_errors(
    rng: np.random.Generator, phone: np.ndarray, source: np.ndarray, errors: ErrorList
) -> None:
    """Invalid phones, in place: a digit cut off, a letter O for a zero, or a digit too many."""
    has_phone = np.array([isinstance(text, str) for text in phone])
    rate = parameters.ERROR_RATES["invalid_phone"][source]
    for i in np.flatnonzero(has_phone & (rng.random(len(phone)) < rate)):
        text = phone[i]
        kind = int(rng.integers(0, 3))
        if kind == 0:
            phone[i] = text[:-2]
        elif kind == 1:
            j = _digit_positions(text)[4]
            phone[i] = text[:j] + "O" + text[j + 1 :]
        else:
            phone[i] = text + "9"
        errors.append((i, "phone", "invalid_phone"))


def _email_errors(
    rng: np.random.Generator, email: np.ndarray, source: np.ndarray, errors: ErrorList
) -> None:
    """Broken e-mails (no @, two @, no top-level domain, a space) and mistyped domains."""
    has_email = np.array([isinstance(e, str) for e in email])
    rate = parameters.ERROR_RATES["invalid_email"][source]
    for i in np.flatnonzero(has_email & (rng.random(len(email)) < rate)):
        kind = int(rng.integers(0, 4))
        local, _, domain = email[i].partition("@")
        email[i] = [
            local + domain,
            local + "@@" + domain,
            local + "@" + domain.split(".")[0],
            local + " @" + domain,
        ][kind]
        errors.append((i, "email", "invalid_email"))
    typo_possible = has_email & np.array(
        [
            isinstance(e, str) and e.count("@") == 1 and e.split("@")[1].lower() in DOMAIN_TYPOS
            for e in email
        ]
    )
    for i in np.flatnonzero(typo_possible & (rng.random(len(email)) < 0.03)):
        local, _, domain = email[i].partition("@")
        email[i] = local + "@" + DOMAIN_TYPOS[domain.lower()]
        errors.append((i, "email", "email_domain_typo"))


def _birth_date_errors(
    rng: np.random.Generator,
    birth: tuple[np.ndarray, np.ndarray, np.ndarray],
    missing: np.ndarray,
    source: np.ndarray,
    timeline: Timeline,
    errors: ErrorList,
) -> None:
    """Impossible birth dates, in place: in the future, 1900-01-01, or 30 February."""
    year, month, day = birth
    rate = parameters.ERROR_RATES["impossible_birth_date"][source]
    bad = np.flatnonzero(~missing & (rng.random(len(source)) < rate))
    kind = rng.integers(0, 3, size=len(bad))
    future = timeline.as_of.year + rng.integers(1, 6, len(bad))
    year[bad] = np.where(kind == 0, future, np.where(kind == 1, 1900, year[bad]))
    month[bad] = np.where(kind == 1, 1, np.where(kind == 2, 2, month[bad]))
    day[bad] = np.where(kind == 1, 1, np.where(kind == 2, 30, day[bad]))
    errors.extend((i, "birth_date", "impossible_birth_date") for i in bad)


def _city_errors(
    rng: np.random.Generator,
    city: np.ndarray,
    province: np.ndarray,
    source: np.ndarray,
    regions: pd.DataFrame,
    locale: GeneratorLocale,
    errors: ErrorList,
) -> None:
    """A city of another province, in place, written as the source writes cities."""
    rate = parameters.ERROR_RATES["province_city_mismatch"][source]
    bad = np.flatnonzero(rng.random(len(source)) < rate)
    pick = rng.choice(len(regions), size=len(bad))
    other_province = regions["province"].to_numpy()[pick] != province[bad]
    bad, pick = bad[other_province], pick[other_province]
    writes_short = np.array(locale.short_city_shares)[source[bad]] > 0
    city[bad] = np.where(
        writes_short, regions["city_short"].to_numpy()[pick], regions["city"].to_numpy()[pick]
    )
    errors.extend((i, "city", "province_city_mismatch") for i in bad)


def _truth_tables(
    record_id: np.ndarray,
    person: np.ndarray,
    person_id: np.ndarray,
    n_customers: int,
    errors: ErrorList,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``truth.duplicates`` and ``truth.errors`` of the records."""
    duplicates = pd.DataFrame(
        {
            "record_id": record_id,
            "person_id": person_id,
            "customer_id": pd.array(np.where(person < n_customers, person + 1, 0), dtype="Int64"),
            "is_duplicate": False,
        }
    )
    duplicates.loc[duplicates["customer_id"] == 0, "customer_id"] = pd.NA
    # a row counts as a duplicate when its person was captured before (by time order)
    duplicates["is_duplicate"] = duplicates.duplicated("person_id")
    found = pd.DataFrame(errors, columns=["row", "column", "kind"])
    error_table = (
        pd.DataFrame(
            {
                "table": "raw_records",
                "row_id": record_id[found["row"].to_numpy(np.int64)],
                "column": found["column"].to_numpy(object),
                "kind": found["kind"].to_numpy(object),
            }
        )
        .sort_values(["row_id", "column"], kind="stable")
        .reset_index(drop=True)
    )
    return duplicates, error_table


def make_raw_records(
    rng: np.random.Generator,
    customers: pd.DataFrame,
    timeline: Timeline,
    locale: GeneratorLocale,
    faker_seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``raw_records``, ``truth.duplicates`` and ``truth.errors``.

    Parameters
    ----------
    rng : numpy.random.Generator
        The records' random stream.
    customers : pandas.DataFrame
        The customers table (the people most records are about).
    timeline : Timeline
    locale : GeneratorLocale
        Formats and habits of the sources.
    faker_seed : int
        Seeds the Faker pool of street names (prospects' addresses).

    Returns
    -------
    raw_records, duplicates, errors : pandas.DataFrame
    """
    n = len(customers)
    total = int(round(n / (1 - parameters.DUPLICATE_SHARE - parameters.PROSPECT_SHARE)))
    n_prospects = int(round(parameters.PROSPECT_SHARE * total))
    n_duplicates = total - n - n_prospects

    regions = pools.regions(locale.code)
    prospects = _prospects(rng, n_prospects, customers, regions, timeline, locale)
    prospect_address = pools.addresses(rng, n_prospects, locale, faker_seed)
    persons = _persons(customers, prospects, prospect_address, regions)
    who, source, captured_at, is_repeat = _captures(
        rng, customers, n_prospects, n_duplicates, timeline
    )
    n_records = len(who)
    person = {column: values[who] for column, values in persons.items()}

    # formatting habits of each source
    record = {"name": capture_habits.source_names(rng, person, source, locale)}
    short_province = capture_habits.short_forms(rng, locale.short_province_shares, source)
    province = np.where(short_province, person["province_short"], person["province"])
    province = province.astype(object)
    short_city = capture_habits.short_forms(rng, locale.short_city_shares, source)
    city = np.where(short_city, person["city_short"], person["city"]).astype(object)
    digits = person["phone"].astype(str)
    for character in "()- ":
        digits = np.char.replace(digits, character, "")
    record["phone"] = capture_habits.format_phones(digits.astype(np.int64), source, locale)
    record["email"] = person["email"].copy()
    birth = pd.DatetimeIndex(person["birth"])
    birth_parts = (np.array(birth.year), np.array(birth.month), np.array(birth.day))
    address = person["address"].copy()
    errors: ErrorList = []

    # repeats get extra damage: typos, swapped order, a mistyped digit, shouted e-mails
    _damage_repeats(rng, np.flatnonzero(is_repeat), record, person, persons["given_name"], locale)

    # empty fields by source habit
    for values, column in ((record["email"], "email"), (address, "address")):
        values[rng.random(n_records) < parameters.MISSING_RATES[column][source]] = None
    birth_missing = rng.random(n_records) < parameters.MISSING_RATES["birth_date"][source]

    # real errors: letters and wrong lengths in phones, broken e-mails, impossible dates
    _phone_errors(rng, record["phone"], source, errors)
    _email_errors(rng, record["email"], source, errors)
    _birth_date_errors(rng, birth_parts, birth_missing, source, timeline, errors)
    birth_text = capture_habits.format_dates(*birth_parts, source, locale)
    birth_text[birth_missing] = None
    _city_errors(rng, city, person["province"], source, regions, locale, errors)
    # provinces left empty (never on a row whose city is planted in another province)
    no_province = rng.random(n_records) < parameters.MISSING_RATES["province"][source]
    no_province[[row for row, column, _ in errors if column == "city"]] = False
    province[no_province] = None

    record_id = np.arange(1, n_records + 1, dtype=np.int64)
    raw = pd.DataFrame(
        {
            "record_id": record_id,
            "source": np.array(vocabularies.RECORD_SOURCES, dtype=object)[source],
            "captured_at": captured_at,
            "name": record["name"],
            "gender": shared(person["gender"]),
            "birth_date": birth_text,
            "phone": record["phone"],
            "email": record["email"],
            "province": shared(province),
            "city": shared(city),
            "address": address,
        }
    )
    duplicates, error_table = _truth_tables(record_id, who, person["person_id"], n, errors)
    return raw, duplicates, error_table
