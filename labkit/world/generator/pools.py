"""People, places and contact details, per locale.

Faker only fills small *pools* (names with their real frequencies, jobs,
street names, company names); NumPy then samples millions of values from
them at once. Geography comes from real tables shipped as package data
(``labkit/data/cn_regions.csv``, ``labkit/data/us_cities.csv``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import pandas as pd
from faker import Faker
from numpy.dtypes import StringDType

# the region table is read in labkit.formats; the generator samples from it
from labkit.formats.regions import regions as regions

CN_MOBILE_PREFIXES = np.array(
    [
        130,
        131,
        132,
        133,
        134,
        135,
        136,
        137,
        138,
        139,
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
        180,
        181,
        182,
        183,
        184,
        185,
        186,
        187,
        188,
        189,
        191,
        198,
        199,
    ]
)
CN_EMAIL_DOMAINS = (
    [
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
    ],
    [0.27, 0.13, 0.12, 0.09, 0.09, 0.06, 0.07, 0.08, 0.05, 0.04],
)
US_EMAIL_DOMAINS = (
    [
        "gmail.com",
        "yahoo.com",
        "hotmail.com",
        "outlook.com",
        "aol.com",
        "icloud.com",
        "comcast.net",
        "att.net",
    ],
    [0.45, 0.14, 0.08, 0.10, 0.04, 0.11, 0.04, 0.04],
)
CN_STREETS = [
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
]
CN_STREET_SUFFIX = ["路", "路", "路", "大道", "街", "东路", "西路", "南路", "北路"]
CN_COMMUNITY = ["小区", "花园", "公寓", "家园", "苑", "新村", "大厦"]


@dataclass(frozen=True)
class NamePools:
    """Weighted name pools for one locale."""

    surnames: np.ndarray
    surname_p: np.ndarray
    given_f: np.ndarray
    given_f_p: np.ndarray
    given_m: np.ndarray
    given_m_p: np.ndarray


def join(*parts) -> np.ndarray:
    """Element-wise string concatenation of arrays and scalars (fast NumPy string ufuncs)."""
    sd = StringDType()
    out = np.asarray(parts[0]).astype(sd)
    for part in parts[1:]:
        out = np.strings.add(out, np.asarray(part).astype(sd))
    return out


def zfill(values: np.ndarray, width: int) -> np.ndarray:
    """Whole numbers as zero-padded strings."""
    return np.char.zfill(np.asarray(values).astype(np.int64).astype(str), width)


def shared(values: np.ndarray) -> np.ndarray:
    """The same values as an object array in which equal strings are one Python object."""
    codes, uniq = pd.factorize(np.asarray(values, dtype=object))
    return np.asarray(uniq, dtype=object)[codes]


def _weighted(d) -> tuple[np.ndarray, np.ndarray]:
    keys = np.array(list(d.keys()))
    w = np.array(list(d.values()), dtype=float)
    return keys, w / w.sum()


@lru_cache(maxsize=2)
def name_pools(locale: str) -> NamePools:
    """Surnames with their real frequencies and gendered given names (from Faker's data)."""
    if locale == "zh_CN":
        from faker.providers.person.zh_CN import Provider as P

        surnames, sp = _weighted(P.last_names)
        pools = {}
        for g, names in (("f", P.first_names_female), ("m", P.first_names_male)):
            singles = sorted({c for name in names for c in name})
            whole = sorted(set(names))
            # whole Faker names, plus two-character names built from the same characters
            pairs = [a + b for a in singles for b in singles if a != b]
            allnames = np.array(whole + pairs)
            w = np.concatenate([np.full(len(whole), 40.0), np.ones(len(pairs))])
            pools[g] = (allnames, w / w.sum())
        return NamePools(surnames, sp, *pools["f"], *pools["m"])
    from faker.providers.person.en_US import Provider as P

    surnames, sp = _weighted(P.last_names)
    gf, gfp = _weighted(P.first_names_female)
    gm, gmp = _weighted(P.first_names_male)
    return NamePools(surnames, sp, gf, gfp, gm, gmp)


@cache
def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text))


def latin(names: np.ndarray, locale: str) -> np.ndarray:
    """Lower-case ASCII spelling of names (pinyin for Chinese), for e-mail addresses."""
    codes, uniq = pd.factorize(np.asarray(names, dtype=object))
    if locale == "zh_CN":
        out = np.array(["".join([_pinyin(c) for c in u]) for u in uniq], dtype=str)
    else:
        out = np.array([re.sub(r"[^a-z]", "", u.lower()) for u in uniq], dtype=str)
    return out[codes]


def sample_people(rng: np.random.Generator, n: int, locale: str) -> pd.DataFrame:
    """Names and genders for ``n`` people.

    Returns
    -------
    pandas.DataFrame
        Columns ``surname, given_name, name, gender`` with gender ``'F'``/``'M'``.
    """
    pools = name_pools(locale)
    gender = np.array(["M", "F"], dtype=object)[(rng.random(n) < 0.51).astype(np.int8)]
    surname = rng.choice(pools.surnames, size=n, p=pools.surname_p)
    given = np.empty(n, dtype=object)
    f = gender == "F"
    given[f] = rng.choice(pools.given_f, size=int(f.sum()), p=pools.given_f_p)
    given[~f] = rng.choice(pools.given_m, size=int((~f).sum()), p=pools.given_m_p)
    given = given.astype(str)
    if locale == "zh_CN":
        name = np.char.add(surname, given)
    else:
        name = np.char.add(np.char.add(given, " "), surname)
    return pd.DataFrame({"surname": surname, "given_name": given, "name": name, "gender": gender})


def _unique_fill(rng: np.random.Generator, make, n: int) -> np.ndarray:
    """Draw ``n`` values with ``make(rng, k)`` and redraw the collisions until all differ."""
    vals = make(rng, n)
    for _ in range(50):
        _, first = np.unique(vals, return_index=True)
        dup = np.ones(n, bool)
        dup[first] = False
        if not dup.any():
            return vals
        vals[dup] = make(rng, int(dup.sum()))
    raise RuntimeError("could not draw unique values")  # pragma: no cover


def phones(rng: np.random.Generator, area_codes: np.ndarray, locale: str) -> np.ndarray:
    """Unique phone numbers in the locale's national format.

    zh_CN: 11-digit mainland mobiles such as ``13812345678``.
    en_US: ``(212) 555-0134`` style, with the area code of the person's city.
    """
    n = len(area_codes)
    if locale == "zh_CN":

        def make(r, k):
            pre = r.choice(CN_MOBILE_PREFIXES, size=k)
            return pre.astype(np.int64) * 10**8 + r.integers(0, 10**8, size=k)

        nums = _unique_fill(rng, make, n)
        return nums.astype(str)

    codes = area_codes.astype(np.int64)

    def make_us(r, k):
        exch = r.integers(200, 1000, size=k)
        exch = np.where((exch == 555) | (exch % 100 == 11), exch + 1, exch)
        return exch * 10_000 + r.integers(0, 10_000, size=k)

    # uniqueness within an area code is enough: add the code as the high part
    local = make_us(rng, n)
    full = codes * 10**7 + local
    for _ in range(50):
        _, first = np.unique(full, return_index=True)
        dup = np.ones(n, bool)
        dup[first] = False
        if not dup.any():
            break
        local[dup] = make_us(rng, int(dup.sum()))
        full = codes * 10**7 + local
    out = join("(", zfill(codes, 3), ") ", local // 10_000, "-", zfill(local % 10_000, 4))
    return out.astype(object)


def emails(
    rng: np.random.Generator,
    surname: np.ndarray,
    given: np.ndarray,
    birth_year: np.ndarray,
    locale: str,
) -> np.ndarray:
    """Unique e-mail addresses derived from each person's name (pinyin for zh_CN)."""
    n = len(surname)
    sd = StringDType()
    s, g = latin(surname, locale).astype(sd), latin(given, locale).astype(sd)
    codes, uniq = pd.factorize(g.astype(object))
    gi = np.array([x[:1] for x in uniq], dtype=sd)[codes]
    yy = zfill(birth_year % 100, 2)
    nn = rng.integers(1, 1000, size=n)
    which = rng.integers(0, 6, size=n)
    local = np.empty(n, dtype=sd)
    patterns = [  # which parts make the local part, before the "@"
        (g, ".", s),
        (s, g),
        (s, g, yy),
        (gi, s, nn),
        (s, "_", g, nn),
        (g, s, yy),
    ]
    for k, parts in enumerate(patterns):  # build each pattern only for the rows that use it
        m = which == k
        local[m] = join(*(part if isinstance(part, str) else part[m] for part in parts))
    domains, dp = CN_EMAIL_DOMAINS if locale == "zh_CN" else US_EMAIL_DOMAINS
    domain = rng.choice(np.array(domains, dtype=object), size=n, p=dp)
    if locale == "zh_CN":  # many Chinese addresses are the numeric QQ number
        qq = rng.random(n) < 0.25
        local[qq] = rng.integers(10**5, 3 * 10**9, size=int(qq.sum())).astype(sd)
        domain[qq] = "qq.com"
    out = join(local, "@", domain.astype(sd)).astype(object)
    for _ in range(50):
        dup = pd.Series(out).duplicated().to_numpy()
        if not dup.any():
            break
        extra = rng.integers(100, 10000, size=int(dup.sum()))
        out[dup] = [e.replace("@", f"{x}@", 1) for e, x in zip(out[dup], extra, strict=True)]
    return out


@lru_cache(maxsize=24)
def faker_pool(locale: str, seed: int, kind: str) -> np.ndarray:
    """A small pool filled by Faker (each kind with its own seeded Faker).

    Parameters
    ----------
    kind : {"jobs", "companies", "streets"}
    """
    fk = Faker(locale)
    fk.seed_instance(seed)
    if kind == "jobs":
        junk = {"Land"}  # a fragment in Faker's en_US job list, not a job
        return np.array(sorted({fk.job() for _ in range(400)} - junk))
    if kind == "companies":
        return np.array(sorted({fk.company() for _ in range(3000)}))
    if locale == "zh_CN":  # Faker's zh_CN street names are thin; these read like real ones
        return np.array([s + x for s in CN_STREETS for x in CN_STREET_SUFFIX])
    return np.array(sorted({fk.street_name() for _ in range(1500)}))


def addresses(rng: np.random.Generator, n: int, locale: str, seed: int) -> np.ndarray:
    """Street addresses (the city and province are separate columns)."""
    streets = faker_pool(locale, seed, "streets").astype(object)
    st = rng.choice(streets, size=n)
    num = rng.integers(1, 999, size=n)
    if locale == "zh_CN":
        comm = join(
            rng.choice(np.array(CN_STREETS, dtype=object), size=n),
            rng.choice(np.array(CN_COMMUNITY, dtype=object), size=n),
        )
        building = rng.integers(1, 30, size=n)
        room = rng.integers(1, 33, size=n) * 100 + rng.integers(1, 6, size=n)
        out = join(st, num, "号")
        flat = rng.random(n) < 0.6
        out[flat] = join(out[flat], comm[flat], building[flat], "栋", room[flat], "室")
        return out.astype(object)
    unit = rng.integers(1, 400, size=n)
    out = join(num, " ", st)
    apt = rng.random(n) < 0.25
    out[apt] = join(out[apt], " Apt ", unit[apt])
    return out.astype(object)
