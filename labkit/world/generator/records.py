"""Raw records: the same people as four capture channels wrote them down.

Each source has its own formatting habits (that is *not* an error: it is what
standardisation fixes), its own share of empty fields, and its own rate of
real errors (malformed phones and e-mails, impossible birth dates, a city that
is not in the stated province). About 5 % of the rows repeat a person already
captured, with typos, re-formatted phones, swapped name order or missing
fields. ``truth.duplicates`` and ``truth.errors`` record all of it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.dtypes import StringDType

from . import parameters as P
from . import pools
from .consumers import Timeline

PRIMARY_SOURCE = {"store": 0, "online": 1, "call_centre": 2, "referral": 1}
MONTHS_EN = np.array(
    [
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
    ]
)
MON_EN = np.array([m[:3] for m in MONTHS_EN])
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


def _pick(which: np.ndarray, forms: list[np.ndarray]) -> np.ndarray:
    """Element i of ``forms[which[i]]``, as Python strings."""
    out = np.empty(len(which), dtype=object)
    for k, form in enumerate(forms):
        m = which == k
        out[m] = form[m].astype(object)
    return out


def _fmt_phone(num: np.ndarray, src: np.ndarray, locale: str) -> np.ndarray:
    """Format canonical phone numbers (as integers) the way each source writes them."""
    join, z = pools.join, pools.zfill
    if locale == "zh_CN":
        a, b, c = num // 10**8, z((num // 10**4) % 10**4, 4), z(num % 10**4, 4)
        forms = [
            join(a, " ", b, " ", c),
            num.astype(str),
            join("+86 ", a, "-", b, "-", c),
            join("86-", num),
        ]
    else:
        a, b, c = z(num // 10**7, 3), z((num // 10**4) % 1000, 3), z(num % 10**4, 4)
        forms = [
            join("(", a, ") ", b, "-", c),
            join(a, "-", b, "-", c),
            join(a, ".", b, ".", c),
            join("+1 ", a, " ", b, " ", c),
        ]
    return _pick(src, forms)


def _fmt_date(
    y: np.ndarray, m: np.ndarray, d: np.ndarray, src: np.ndarray, locale: str
) -> np.ndarray:
    """Format dates the way each source writes them (the values may be impossible)."""
    join, z = pools.join, pools.zfill
    Y, M, D, M2, D2 = y.astype(str), m.astype(str), d.astype(str), z(m, 2), z(d, 2)
    iso = join(Y, "-", M2, "-", D2)
    if locale == "zh_CN":
        forms = [join(Y, "/", M, "/", D), iso, join(Y, "年", M, "月", D, "日"), join(Y, M2, D2)]
    else:
        mi = np.clip(m - 1, 0, 11)
        forms = [
            join(M2, "/", D2, "/", Y),
            iso,
            join(MONTHS_EN[mi], " ", D, ", ", Y),
            join(D, "-", MON_EN[mi], "-", Y),
        ]
    return _pick(src, forms)


def _typo(
    rng: np.random.Generator, names: np.ndarray, locale: str, chars: np.ndarray
) -> np.ndarray:
    out = names.copy()
    for i, s in enumerate(names):
        if locale == "zh_CN":
            out[i] = s[:-1] + chars[rng.integers(len(chars))] if len(s) > 1 else s
        else:
            j = int(rng.integers(1, max(2, len(s) - 1)))
            if rng.random() < 0.5 and j + 1 < len(s) and s[j] != " " and s[j + 1] != " ":
                out[i] = s[:j] + s[j + 1] + s[j] + s[j + 2 :]
            elif s[j] != " ":
                out[i] = s[:j] + s[j + 1 :]
    return out


def make_raw_records(
    rng: np.random.Generator,
    customers: pd.DataFrame,
    tl: Timeline,
    locale: str,
    faker_seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """raw_records, truth.duplicates and truth.errors."""
    n = len(customers)
    total = int(round(n / (1 - P.DUPLICATE_SHARE - P.PROSPECT_SHARE)))
    n_prosp = int(round(P.PROSPECT_SHARE * total))
    n_dup = total - n - n_prosp

    # prospects from the purchased list: new people, never customers
    pp = pools.sample_people(rng, n_prosp, locale)
    reg = pools.regions(locale)
    where = rng.choice(len(reg), size=n_prosp, p=reg["weight"].to_numpy())
    age = np.clip(18 + rng.gamma(4.0, 5.2, size=n_prosp), 18, 85)
    pbirth = (tl.as_of - pd.to_timedelta((age * 365.25).astype(np.int64), unit="D")).normalize()
    pphone = pools.phones(rng, reg["area_code"].to_numpy()[where], locale)
    taken = pd.Index(customers["phone"])
    clash = pd.Index(pphone).isin(taken)
    while clash.any():
        pphone[clash] = pools.phones(rng, reg["area_code"].to_numpy()[where][clash], locale)
        clash = pd.Index(pphone).isin(taken)
    pemail = pools.emails(
        rng, pp["surname"].to_numpy(), pp["given_name"].to_numpy(), pbirth.year.to_numpy(), locale
    )
    pemail = np.where(pd.Index(pemail).isin(pd.Index(customers["email"].dropna())), None, pemail)

    creg = reg.set_index(["province", "city"])
    ckey = pd.MultiIndex.from_arrays([customers["province"], customers["city"]])
    persons = dict(
        {
            "person_id": np.arange(1, n + n_prosp + 1, dtype=np.int64),
            "surname": np.concatenate([customers["surname"].to_numpy(), pp["surname"].to_numpy()]),
            "given_name": np.concatenate(
                [customers["given_name"].to_numpy(), pp["given_name"].to_numpy()]
            ),
            "name": np.concatenate([customers["name"].to_numpy(), pp["name"].to_numpy()]),
            "gender": np.concatenate([customers["gender"].to_numpy(), pp["gender"].to_numpy()]),
            "birth": np.concatenate(
                [customers["birth_date"].to_numpy(), pbirth.values.astype("datetime64[s]")]
            ),
            "phone": np.concatenate([customers["phone"].to_numpy(), pphone]),
            "email": np.concatenate([customers["email"].to_numpy(object), pemail.astype(object)]),
            "province": np.concatenate(
                [customers["province"].to_numpy(), reg["province"].to_numpy()[where]]
            ),
            "province_short": np.concatenate(
                [
                    creg.loc[ckey, "province_short"].to_numpy(),
                    reg["province_short"].to_numpy()[where],
                ]
            ),
            "city": np.concatenate([customers["city"].to_numpy(), reg["city"].to_numpy()[where]]),
            "city_short": np.concatenate(
                [creg.loc[ckey, "city_short"].to_numpy(), reg["city_short"].to_numpy()[where]]
            ),
            "address": np.concatenate(
                [customers["address"].to_numpy(), pools.addresses(rng, n_prosp, locale, faker_seed)]
            ),
        }
    )
    for k, v in persons.items():
        if k not in ("email", "birth", "person_id", "address"):
            persons[k] = np.asarray(v, dtype=object)  # shared references: low memory
    signup = customers["signup_date"].to_numpy().astype("datetime64[s]")

    # who is captured where, and when
    prim_src = customers["signup_channel"].map(PRIMARY_SOURCE).to_numpy()
    prim_at = signup + (rng.integers(9 * 3600, 21 * 3600, size=n)).astype("timedelta64[s]")
    old_lo = np.datetime64(tl.start - pd.DateOffset(years=2), "s")
    span = (np.datetime64(tl.as_of, "s") - old_lo).astype(np.int64)
    pr_at = old_lo + (rng.random(n_prosp) * span).astype(np.int64).astype("timedelta64[s]")

    n_dup_p = int(round(0.1 * n_dup))
    n_dup_c = n_dup - n_dup_p
    dup_c = rng.choice(n, size=n_dup_c, replace=n_dup_c > n)
    dup_p = n + rng.choice(n_prosp, size=n_dup_p, replace=n_dup_p > n_prosp)
    other = rng.choice(4, size=n_dup_c, p=[0.30, 0.35, 0.25, 0.10])
    other = np.where(other == prim_src[dup_c], (other + 1 + rng.integers(0, 3, n_dup_c)) % 4, other)
    lo = signup[dup_c]
    span_c = (np.datetime64(tl.as_of, "s") - lo).astype(np.int64)
    dup_c_at = lo + (rng.random(n_dup_c) * span_c).astype(np.int64).astype("timedelta64[s]")
    dup_p_src = np.where(rng.random(n_dup_p) < 0.5, 3, rng.integers(0, 3, n_dup_p))
    dup_p_at = old_lo + (rng.random(n_dup_p) * span).astype(np.int64).astype("timedelta64[s]")

    who = np.concatenate([np.arange(n), np.arange(n, n + n_prosp), dup_c, dup_p])
    src = np.concatenate([prim_src, np.full(n_prosp, 3), other, dup_p_src]).astype(np.int64)
    at = np.concatenate([prim_at, pr_at, dup_c_at, dup_p_at])
    is_dup = np.concatenate([np.zeros(n + n_prosp, bool), np.ones(n_dup, bool)])
    o = np.lexsort((who, at))
    who, src, at, is_dup = who[o], src[o], at[o], is_dup[o]
    R = len(who)
    p = {k: v[who] for k, v in persons.items()}
    join = pools.join

    # formatting habits of each source
    name = p["name"].copy()
    if locale == "zh_CN":
        spaced = (src == 0) & (rng.random(R) < 0.2)
        name[spaced] = join(p["surname"][spaced], " ", p["given_name"][spaced]).astype(object)
        province = np.where(
            (src == 0) | ((src == 2) & (rng.random(R) < 0.5)), p["province_short"], p["province"]
        ).astype(object)
        city = np.where((src == 0) | (src == 2), p["city_short"], p["city"]).astype(object)
    else:
        lower = (src == 1) & (rng.random(R) < 0.15)
        name[lower] = np.strings.lower(p["name"][lower].astype(StringDType())).astype(object)
        upper = src == 3
        name[upper] = np.strings.upper(
            join(p["surname"][upper], ", ", p["given_name"][upper])
        ).astype(object)
        province = np.where((src == 0) | (src == 3), p["province_short"], p["province"])
        province = province.astype(object)
        city = p["city"].copy()
    digits = p["phone"].astype(str)
    if locale == "en_US":
        for ch in "()- ":
            digits = np.char.replace(digits, ch, "")
    phone = _fmt_phone(digits.astype(np.int64), src, locale)
    email = p["email"].copy()
    birth = pd.DatetimeIndex(p["birth"])
    by, bm, bd = (np.array(birth.year), np.array(birth.month), np.array(birth.day))
    address = p["address"].copy()
    errors: list[tuple[int, str, str]] = []

    def digit_positions(text: str) -> list[int]:
        start = 3 if text.startswith("+") else 0  # leave country codes alone
        return [i for i, c in enumerate(text) if c.isdigit() and i >= start]

    # duplicates get extra damage: typos, swapped order, a mistyped digit, shouted e-mails
    chars = np.array(
        sorted({c for g in np.unique(persons["given_name"]) for c in g if not c.isspace()})
    )
    di = np.flatnonzero(is_dup)
    t = di[rng.random(len(di)) < 0.25]
    name[t] = _typo(rng, name[t], locale, chars)
    sw = di[rng.random(len(di)) < 0.10]
    if locale == "zh_CN":
        sn = pools.latin(p["surname"][sw], locale)
        gn = pools.latin(p["given_name"][sw], locale)
        name[sw] = [g.capitalize() + " " + s.capitalize() for g, s in zip(gn, sn, strict=True)]
    else:
        name[sw] = join(p["surname"][sw], " ", p["given_name"][sw]).astype(object)
    for i in di[rng.random(len(di)) < 0.08]:
        text = phone[i]
        pos = digit_positions(text)
        j = pos[int(rng.integers(3, len(pos)))]
        phone[i] = text[:j] + str((int(text[j]) + 1 + int(rng.integers(0, 8))) % 10) + text[j + 1 :]
    up = di[rng.random(len(di)) < 0.15]
    email[up] = [e.upper() if isinstance(e, str) else e for e in email[up]]
    phone[di[rng.random(len(di)) < 0.10]] = None

    # empty fields by source habit
    for col, arr in (("email", email), ("address", address)):
        miss = rng.random(R) < P.MISSING_RATES[col][src]
        arr[miss] = None
    bmiss = rng.random(R) < P.MISSING_RATES["birth_date"][src]

    # real errors: letters and wrong lengths in phones, broken e-mails, impossible dates
    rates = P.ERROR_RATES
    ph_ok = np.array([isinstance(x, str) for x in phone])
    bad = np.flatnonzero(ph_ok & (rng.random(R) < rates["invalid_phone"][src]))
    for i in bad:
        text = phone[i]
        k = int(rng.integers(0, 3))
        if k == 1:
            j = digit_positions(text)[4]
            text = text[:j] + "O" + text[j + 1 :]
        phone[i] = text[:-2] if k == 0 else (text if k == 1 else text + "9")
        errors.append((i, "phone", "invalid_phone"))

    em_ok = np.array([isinstance(e, str) for e in email])
    bad = np.flatnonzero(em_ok & (rng.random(R) < rates["invalid_email"][src]))
    for i in bad:
        e = email[i]
        k = int(rng.integers(0, 4))
        local, _, dom = e.partition("@")
        email[i] = [
            local + dom,
            local + "@@" + dom,
            local + "@" + dom.split(".")[0],
            local + " @" + dom,
        ][k]
        errors.append((i, "email", "invalid_email"))
    typo_ok = em_ok & np.array(
        [
            isinstance(e, str) and e.count("@") == 1 and e.split("@")[1].lower() in DOMAIN_TYPOS
            for e in email
        ]
    )
    ty = np.flatnonzero(typo_ok & (rng.random(R) < 0.03))
    for i in ty:
        local, _, dom = email[i].partition("@")
        email[i] = local + "@" + DOMAIN_TYPOS[dom.lower()]
        errors.append((i, "email", "email_domain_typo"))

    bad = np.flatnonzero(~bmiss & (rng.random(R) < rates["impossible_birth_date"][src]))
    kind = rng.integers(0, 3, size=len(bad))
    by[bad] = np.where(
        kind == 0, tl.as_of.year + rng.integers(1, 6, len(bad)), np.where(kind == 1, 1900, by[bad])
    )
    bm[bad] = np.where(kind == 1, 1, np.where(kind == 2, 2, bm[bad]))
    bd[bad] = np.where(kind == 1, 1, np.where(kind == 2, 30, bd[bad]))
    errors.extend((i, "birth_date", "impossible_birth_date") for i in bad)
    birth_txt = _fmt_date(by, bm, bd, src, locale)
    birth_txt[bmiss] = None

    bad = np.flatnonzero(rng.random(R) < rates["province_city_mismatch"][src])
    pick = rng.choice(len(reg), size=len(bad))
    wrong_prov = reg["province"].to_numpy()[pick] != p["province"][bad]
    bad, pick = bad[wrong_prov], pick[wrong_prov]
    city[bad] = np.where(
        ((src[bad] == 0) | (src[bad] == 2)) & (locale == "zh_CN"),
        reg["city_short"].to_numpy()[pick],
        reg["city"].to_numpy()[pick],
    )
    errors.extend((i, "city", "province_city_mismatch") for i in bad)

    record_id = np.arange(1, R + 1, dtype=np.int64)
    raw = pd.DataFrame(
        {
            "record_id": record_id,
            "source": np.array(P.SOURCES, dtype=object)[src],
            "captured_at": at,
            "name": name,
            "gender": pools.shared(p["gender"]),
            "birth_date": birth_txt,
            "phone": phone,
            "email": email,
            "province": pools.shared(province),
            "city": pools.shared(city),
            "address": address,
        }
    )
    dups = pd.DataFrame(
        {
            "record_id": record_id,
            "person_id": p["person_id"],
            "customer_id": pd.array(np.where(who < n, who + 1, 0), dtype="Int64"),
            "is_duplicate": is_dup,
        }
    )
    dups.loc[dups["customer_id"] == 0, "customer_id"] = pd.NA
    # a row counts as a duplicate when its person was captured before (by time order)
    dups["is_duplicate"] = dups.duplicated("person_id")
    err = pd.DataFrame(errors, columns=["row", "column", "kind"])
    err = (
        pd.DataFrame(
            {
                "table": "raw_records",
                "row_id": record_id[err["row"].to_numpy(np.int64)],
                "column": err["column"].to_numpy(object),
                "kind": err["kind"].to_numpy(object),
            }
        )
        .sort_values(["row_id", "column"], kind="stable")
        .reset_index(drop=True)
    )
    return raw, dups, err
