"""Record linkage (信息匹配): find the records that belong to one person."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from labkit.cleaning import standardise_date
from labkit.formats.text import CJK as _CJK
from labkit.formats.text import normalise_series as _text

__all__ = [
    "KINDS",
    "RAW_RECORDS_BLOCK_ON",
    "RAW_RECORDS_COMPARE",
    "candidate_pairs",
    "find_duplicates",
    "jaro_winkler",
    "pairwise_scores",
    "score_pairs",
]

#: Default threshold of :func:`find_duplicates`.
THRESHOLD = 0.75
#: Share of the total weight a pair must have available (in both records) before
#: it can score 1; with less, the score is scaled down (see :func:`score_pairs`).
MIN_EVIDENCE = 0.25
#: Jaro-Winkler at or below this counts as no agreement (names and free text).
JW_FLOOR = 0.6
#: Blocks with more rows than this are skipped (their key says too little).
MAX_BLOCK = 1000

#: What :func:`find_duplicates` can compare, and the default weight of each kind.
KINDS: dict[str, float] = {
    "exact": 4.0,  # an identifier: equal or not
    "phone": 4.0,
    "email": 4.0,
    "name": 2.0,
    "date": 1.5,
    "text": 1.0,  # any free text, e.g. a street address
}


# --------------------------------------------------------------------------- similarity
def _codes(strings: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    arr = np.asarray(strings, dtype=f"<U{width}")
    return arr.view(np.uint32).reshape(len(arr), width), np.char.str_len(arr)


def jaro_winkler(a: Iterable[str], b: Iterable[str], max_len: int = 32) -> np.ndarray:
    """Jaro-Winkler similarity of each pair of strings, vectorised with NumPy.

    1 means equal, 0 means nothing in common. Characters are matched within a
    window, transposed matches count half, and a common prefix of up to four
    characters raises the score (Winkler's boost, 0.1 per character).

    Parameters
    ----------
    a, b : sequences of str
        Equal-length sequences; pair ``i`` is ``(a[i], b[i])``.
    max_len : int
        Strings are compared on their first ``max_len`` characters.

    Returns
    -------
    numpy.ndarray
        Similarities between 0 and 1.

    Examples
    --------
    >>> jaro_winkler(["MARTHA", "DIXON", "abc"], ["MARHTA", "DICKSONX", "xyz"]).round(3).tolist()
    [0.961, 0.813, 0.0]
    """
    a = np.asarray(list(a), dtype=object)
    b = np.asarray(list(b), dtype=object)
    if len(a) != len(b):
        raise ValueError(f"a and b must have the same length, got {len(a)} and {len(b)}")
    n = len(a)
    out = np.zeros(n)
    if n == 0:
        return out
    eq = a == b
    out[eq] = 1.0
    todo = np.flatnonzero(~eq)
    for start in range(0, len(todo), 100_000):
        part = todo[start : start + 100_000]
        out[part] = _jw(a[part], b[part], max_len)
    return out


def _jw(a: np.ndarray, b: np.ndarray, max_len: int) -> np.ndarray:
    width = max(1, min(max_len, max(max(map(len, a)), max(map(len, b)))))
    A, la = _codes(a, width)
    B, lb = _codes(b, width)
    n = len(A)
    window = np.maximum(np.maximum(la, lb) // 2 - 1, 0)
    jj = np.arange(width)
    in_b = jj[None, :] < lb[:, None]
    matched_a = np.zeros((n, width), bool)
    matched_b = np.zeros((n, width), bool)
    rows_all = np.arange(n)
    for i in range(int(la.max())):
        live = np.flatnonzero(la > i)
        if live.size == 0:
            break
        lo = np.maximum(i - window[live], 0)
        hi = i + window[live]
        near = (jj[None, :] >= lo[:, None]) & (jj[None, :] <= hi[:, None])
        cand = (B[live] == A[live, i][:, None]) & ~matched_b[live] & near & in_b[live]
        has = cand.any(axis=1)
        first = cand.argmax(axis=1)
        r = live[has]
        matched_b[r, first[has]] = True
        matched_a[r, i] = True
    m = matched_a.sum(axis=1)
    order_a = np.argsort(~matched_a, axis=1, kind="stable")
    order_b = np.argsort(~matched_b, axis=1, kind="stable")
    sa = np.take_along_axis(A, order_a, axis=1)
    sb = np.take_along_axis(B, order_b, axis=1)
    within = jj[None, :] < m[:, None]
    t = ((sa != sb) & within).sum(axis=1) / 2
    mf = m.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        jaro = np.where(
            m > 0,
            (mf / np.maximum(la, 1) + mf / np.maximum(lb, 1) + (mf - t) / np.maximum(mf, 1)) / 3,
            0.0,
        )
    k = min(4, width)
    same = (A[:, :k] == B[:, :k]) & (jj[None, :k] < np.minimum(la, lb)[:, None])
    prefix = np.cumprod(same, axis=1).sum(axis=1)
    del rows_all
    return jaro + 0.1 * prefix * (1 - jaro)


# --------------------------------------------------------------------------- matching
@cache
def _pinyin_of(char: str) -> str:
    try:
        from pypinyin import lazy_pinyin
    except ImportError:  # pragma: no cover - pypinyin is a dependency
        return char
    return "".join(lazy_pinyin(char))


def _coded(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes (-1 for missing) and the distinct values."""
    codes, uniq = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    return codes.astype(np.int64), np.asarray(uniq, dtype=object)


def _name_forms(values: pd.Series) -> dict[str, np.ndarray]:
    """Forms of names: as written (normalised), its sorted words, and sorted Latin words.

    Chinese characters are spelled in pinyin for the Latin form, surname first
    character, given name the rest, so 张伟 and "Wei Zhang" have the same form.
    """
    text = _text(values)
    codes, uniq = pd.factorize(text)
    plain, block, latin = [], [], []
    for u in uniq:
        s = re.sub(r"[\s,.\-']+", " ", u.casefold()).strip()
        if re.search(_CJK, s):
            s = s.replace(" ", "")
            chars = [c for c in s if re.match(_CJK, c)]
            head = _pinyin_of(chars[0]) if chars else s
            tokens = [t for t in (head, "".join(_pinyin_of(c) for c in chars[1:])) if t]
            words = s
        else:
            tokens = s.split()
            words = " ".join(sorted(tokens))
        plain.append(s)
        block.append(words)
        latin.append(" ".join(sorted(tokens)))

    def spread(items: list[str]) -> np.ndarray:
        return np.array(items + [None], dtype=object)[codes]

    return {"block": spread(block), "plain": spread(plain), "latin": spread(latin)}


def _prepare(values: pd.Series, kind: str) -> dict[str, Any]:
    """Comparison forms of one column.

    ``block`` is the blocking key (None when missing); ``codes``/``uniq`` code the
    compared values (``codes2``/``uniq2`` a second form for names).
    """
    if kind == "name":
        forms = _name_forms(values)
        codes, uniq = _coded(forms["plain"])
        codes2, uniq2 = _coded(forms["latin"])
        cjk = np.array([bool(re.search(_CJK, str(u))) for u in uniq], dtype=bool)
        return {
            "block": forms["block"],
            "codes": codes,
            "uniq": uniq,
            "codes2": codes2,
            "uniq2": uniq2,
            "cjk": cjk,
        }
    if kind == "date":
        if pd.api.types.is_datetime64_any_dtype(values):
            dates = pd.Series(pd.to_datetime(values), index=values.index)
        else:
            dates = standardise_date(values)["value"]
        key = np.where(
            dates.isna().to_numpy(), None, dates.dt.strftime("%Y-%m-%d").to_numpy(object)
        )
        codes, uniq = _coded(key)
        return {
            "block": key,
            "codes": codes,
            "uniq": uniq,
            "y": dates.dt.year.to_numpy(float),
            "m": dates.dt.month.to_numpy(float),
            "d": dates.dt.day.to_numpy(float),
        }
    text = _text(values)
    if kind == "phone":
        # the last ten digits: drops any country code (+86, +1) and the leading 0 of
        # an area code, and still tells every mainland mobile and US number apart
        key = text.map(lambda v: None if v is None else re.sub(r"\D", "", v)[-10:] or None)
    else:
        key = text.map(lambda v: None if v is None else re.sub(r"\s+", " ", v.casefold()))
    key = key.to_numpy(object)
    codes, uniq = _coded(key)
    return {"block": key, "codes": codes, "uniq": uniq}


#: Kinds whose similarity is cheap to compute (compared first, so that pairs that
#: cannot reach the threshold skip the fuzzy comparisons).
_CHEAP = ("exact", "phone", "email", "date")


def _similarity(kind: str, form: dict[str, Any], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Similarity in [0, 1] of pairs (i, j); NaN where either value is missing."""
    ca, cb = form["codes"][i], form["codes"][j]
    sim = np.full(len(i), np.nan)
    ok = (ca >= 0) & (cb >= 0)
    eq = ok & (ca == cb)
    sim[eq] = 1.0
    rest = ok & ~eq
    if not rest.any():
        return sim
    uniq = form["uniq"]
    if kind == "exact":
        sim[rest] = 0.0
    elif kind == "phone":
        a, b = uniq[ca[rest]].astype(str), uniq[cb[rest]].astype(str)
        la, lb = np.char.str_len(a), np.char.str_len(b)
        width = int(max(la.max(), lb.max()))
        diff = (_codes(a, width)[0] != _codes(b, width)[0]).sum(axis=1)
        sim[rest] = np.where((la == lb) & (diff == 1), 0.8, 0.0)
    elif kind == "email":
        local = np.array([str(v).partition("@")[0] for v in uniq], dtype=object)
        sim[rest] = np.where(local[ca[rest]] == local[cb[rest]], 0.5, 0.0)
    elif kind == "date":
        y, m, d = form["y"], form["m"], form["d"]
        ii, jj = i[rest], j[rest]
        same = (y[ii] == y[jj]).astype(int) + (m[ii] == m[jj]) + (d[ii] == d[jj])
        swapped = (y[ii] == y[jj]) & (m[ii] == d[jj]) & (d[ii] == m[jj])
        sim[rest] = np.where(swapped, 0.7, np.where(same == 2, 0.5, 0.0))
    elif kind == "name":
        # same script: the names as written; Chinese against Latin: both in pinyin
        ca2, cb2 = form["codes2"][i][rest], form["codes2"][j][rest]
        cjk = form["cjk"]
        same_script = cjk[ca[rest]] == cjk[cb[rest]]
        written = _pair_jw(uniq, ca[rest], cb[rest])
        latin = _pair_jw(form["uniq2"], ca2, cb2)
        sim[rest] = _rescale(
            np.where(same_script, np.maximum(written, np.where(cjk[ca[rest]], 0, latin)), latin)
        )
    else:  # text
        sim[rest] = _rescale(_pair_jw(uniq, ca[rest], cb[rest]))
    return sim


def _rescale(jw: np.ndarray) -> np.ndarray:
    """Jaro-Winkler rescaled so that JW_FLOOR or less counts as no agreement at all.

    Unrelated short strings often reach a Jaro-Winkler of 0.6-0.7 (张勇 / 张瑜:
    0.73); the rescaled similarity keeps such pairs from adding up to a match.
    """
    return np.clip((jw - JW_FLOOR) / (1 - JW_FLOOR), 0.0, 1.0)


def _pair_jw(uniq: np.ndarray, ca: np.ndarray, cb: np.ndarray) -> np.ndarray:
    """Jaro-Winkler of coded pairs, computed once per distinct pair of values."""
    size = max(len(uniq), 1)
    pair, inverse = np.unique(ca * size + cb, return_inverse=True)
    return jaro_winkler(uniq[pair // size], uniq[pair % size])[inverse]


def _check_frame_and_compare(df: Any, compare: Any) -> dict[str, tuple[str, float]]:
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"find_duplicates works on a pandas DataFrame, not {type(df).__name__}")
    if not isinstance(compare, Mapping) or not compare:
        raise ValueError(
            "compare must map column names to kinds, e.g. {'name': 'name', 'phone': 'phone'}; "
            f"kinds are: {', '.join(KINDS)}"
        )
    spec = {}
    for column, kind in compare.items():
        weight = None
        if isinstance(kind, tuple):
            if len(kind) != 2:
                raise ValueError(
                    f"compare[{column!r}] must be a kind or (kind, weight), got {kind!r}"
                )
            kind, weight = kind
        if column not in df.columns:
            raise ValueError(
                f"compare names column {column!r}, which the table does not have; "
                f"its columns are: {', '.join(map(str, df.columns))}"
            )
        if kind not in KINDS:
            raise ValueError(
                f"compare[{column!r}] is {kind!r}; a kind must be one of {', '.join(KINDS)}"
            )
        weight = KINDS[kind] if weight is None else float(weight)
        if not weight > 0:
            raise ValueError(f"compare[{column!r}]: the weight must be positive, got {weight!r}")
        spec[column] = (kind, weight)
    return spec


def _block_groups(
    df: pd.DataFrame, block_on: Any, spec: Mapping[str, tuple[str, float]]
) -> list[list[str]]:
    if block_on is None:
        return [[c] for c, (k, _) in spec.items() if k != "text"] or [[next(iter(spec))]]
    if isinstance(block_on, str):
        block_on = [block_on]
    groups = []
    for group in block_on:
        group = [group] if isinstance(group, str) else list(group)
        if not group:
            raise ValueError("block_on has an empty group; each group names one or more columns")
        for column in group:
            if column not in df.columns:
                raise ValueError(
                    f"block_on names column {column!r}, which the table does not have; "
                    f"its columns are: {', '.join(map(str, df.columns))}"
                )
        groups.append(group)
    return groups


def candidate_pairs(
    df: pd.DataFrame,
    block_on: Sequence[str | Sequence[str]],
    compare: Mapping[str, str] | None = None,
    max_block: int = 1000,
) -> np.ndarray:
    """Pairs of rows that share a blocking key in at least one group (blocking, 分块).

    Parameters
    ----------
    df : pandas.DataFrame
        The records.
    block_on : list of str or list of lists of str
        Groups of columns; two rows are a candidate pair when they agree on every
        column of some group. Columns named in ``compare`` are compared in their
        standard form (a phone's digits, a name's sorted words, a date's day).
    compare : mapping, optional
        Column kinds, as for :func:`find_duplicates`.
    max_block : int
        Blocks with more rows than this are skipped: such a key says too little
        to be worth the pairs (1,000 rows make 499,500 pairs).

    Returns
    -------
    numpy.ndarray
        Shape ``(k, 2)``: positions ``i < j`` of each candidate pair, without repeats.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"zip": ["02139", "02139", "10001"], "name": ["a", "b", "c"]})
    >>> candidate_pairs(df, ["zip"]).tolist()
    [[0, 1]]
    """
    spec = _check_frame_and_compare(df, compare) if compare else {}
    groups = _block_groups(df, block_on, spec)
    forms: dict[str, np.ndarray] = {}
    for group in groups:
        for column in group:
            if column not in forms:
                kind = spec.get(column, ("exact", 1.0))[0]
                forms[column] = _prepare(df[column], kind)["block"]
    return _pairs_from_keys(len(df), [[forms[c] for c in g] for g in groups], max_block)


def _pairs_from_keys(n: int, groups: list[list[np.ndarray]], max_block: int) -> np.ndarray:
    found = []
    for keys in groups:
        frame = pd.DataFrame({str(k): v for k, v in enumerate(keys)})
        usable = frame.notna().all(axis=1).to_numpy()
        if len(keys) == 1:
            code = pd.factorize(frame.iloc[:, 0])[0]
        else:
            code = frame.groupby(list(frame.columns), dropna=True, sort=False).ngroup().to_numpy()
        code = np.where(usable, code, -1)
        rows = np.flatnonzero(code >= 0)
        if rows.size < 2:
            continue
        order = rows[np.argsort(code[rows], kind="stable")]
        c = code[order]
        starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]])
        sizes = np.diff(np.r_[starts, len(c)])
        keep = (sizes >= 2) & (sizes <= max_block)
        too_big = sizes > max_block
        if too_big.any():  # say so: these rows are never compared with each other
            warnings.warn(
                f"{int(too_big.sum())} block(s) with more than {max_block:,} rows were not "
                f"compared (largest: {int(sizes.max()):,} rows; {int(sizes[too_big].sum()):,} "
                "rows in all). Block on something more specific, or raise max_block.",
                UserWarning,
                stacklevel=3,
            )
        if not keep.any():
            continue
        pos_in = np.arange(len(c)) - np.repeat(starts, sizes)
        size_of = np.repeat(sizes, sizes)
        ok = np.repeat(keep, sizes)
        count = np.where(ok, size_of - pos_in - 1, 0)
        left = np.repeat(np.arange(len(c)), count)
        offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        right = left + 1 + offset
        i, j = order[left], order[right]
        found.append(np.stack([np.minimum(i, j), np.maximum(i, j)], axis=1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    allp = np.concatenate(found).astype(np.int64)
    packed = np.unique(allp[:, 0] * n + allp[:, 1])
    return np.stack([packed // n, packed % n], axis=1)


def score_pairs(
    df: pd.DataFrame,
    pairs: np.ndarray,
    compare: Mapping[str, Any],
    min_evidence: float | None = None,
) -> pd.DataFrame:
    """Similarity per compared column and the weighted score of each candidate pair.

    The score is ``sum(weight × similarity) / max(weight available, min_evidence ×
    total weight)``: a column missing in either record neither helps nor hurts,
    unless so little is left that the pair cannot be judged.

    Parameters
    ----------
    df : pandas.DataFrame
        The records.
    pairs : numpy.ndarray
        ``(k, 2)`` row positions, e.g. from :func:`candidate_pairs`.
    compare : mapping
        Column → kind (or ``(kind, weight)``), as for :func:`find_duplicates`.
    min_evidence : float
        Share of the total weight that must be available before a pair can score 1.

    Returns
    -------
    pandas.DataFrame
        Columns ``i``, ``j``, one similarity column per compared column (NaN where
        missing) and ``score``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"name": ["Ann Lee", "Lee, Ann", "Bob Ray"], "zip": ["1", "1", "2"]})
    >>> scores = score_pairs(df, np.array([[0, 1], [0, 2]]), {"name": "name", "zip": "exact"})
    >>> scores["score"].round(2).tolist()
    [1.0, 0.0]
    """
    spec = _check_frame_and_compare(df, compare)
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    i, j = pairs[:, 0], pairs[:, 1]
    prepared = {c: _prepare(df[c], kind) for c, (kind, _) in spec.items()}
    sims, score = _weighted_score(spec, prepared, i, j, min_evidence)
    out = {"i": i, "j": j, **sims, "score": score}
    return pd.DataFrame(out)


def _weighted_score(
    spec: Mapping[str, tuple[str, float]],
    prepared: Mapping[str, dict[str, Any]],
    i: np.ndarray,
    j: np.ndarray,
    min_evidence: float | None = None,
    prune_below: float | None = None,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Per-column similarities and the weighted score of pairs (i, j).

    With ``prune_below``, the fuzzy kinds are computed only for pairs that could
    still reach it; the others keep NaN similarities and a score below it.
    """
    min_evidence = MIN_EVIDENCE if min_evidence is None else min_evidence
    floor = max(min_evidence * sum(w for _, w in spec.values()), 1e-12)
    avail = np.zeros(len(i))
    for column, (_, weight) in spec.items():
        codes = prepared[column]["codes"]
        avail += np.where((codes[i] >= 0) & (codes[j] >= 0), weight, 0.0)
    denominator = np.maximum(avail, floor)
    order = sorted(spec, key=lambda c: spec[c][0] not in _CHEAP)
    sims: dict[str, np.ndarray] = {}
    total = np.zeros(len(i))
    pending = avail.copy()  # weight of the columns not compared yet, where both have values
    live = np.ones(len(i), bool)
    for column in order:
        kind, weight = spec[column]
        codes = prepared[column]["codes"]
        present = (codes[i] >= 0) & (codes[j] >= 0)
        if prune_below is not None and kind not in _CHEAP:
            live &= (total + pending) / denominator >= prune_below
        sim = np.full(len(i), np.nan)
        idx = np.flatnonzero(live)
        sim[idx] = _similarity(kind, prepared[column], i[idx], j[idx])
        sims[column] = sim
        total += np.where(present & live, weight * np.nan_to_num(sim), 0.0)
        pending -= np.where(present, weight, 0.0)
    return {c: sims[c] for c in spec}, total / denominator


def find_duplicates(
    df: pd.DataFrame,
    compare: Mapping[str, Any],
    block_on: Sequence[str | Sequence[str]] | None = None,
    threshold: float | None = None,
) -> pd.Series:
    """Give every record an entity id: records of the same person share one (信息匹配).

    1. **Blocking**: only pairs that agree on all columns of at least one
       ``block_on`` group are compared (the union over the groups).
    2. **Similarity**: each column in ``compare`` is compared by its kind:
       ``"exact"`` (equal or not, e.g. an ID number), ``"text"`` (Jaro-Winkler,
       e.g. an address), ``"name"`` (Jaro-Winkler on the name as written and on
       its sorted words, with pinyin for Chinese characters, so "Smith John",
       "John Smith" and 张伟 / "Wei Zhang" agree), ``"phone"`` (digits equal;
       one mistyped digit scores 0.8), ``"email"`` (equal, or Jaro-Winkler ≥ 0.9)
       and ``"date"`` (equal; day and month swapped 0.7; one part differs 0.5).
    3. **Score**: the weighted mean similarity over the columns both records
       have (see :func:`score_pairs`).
    4. **Link** pairs scoring at least ``threshold`` and take connected
       components: if A matches B and B matches C, all three are one entity.

    Parameters
    ----------
    df : pandas.DataFrame
        Person records, any columns.
    compare : mapping
        Column → kind, or column → ``(kind, weight)``. Kinds: :data:`KINDS`.
    block_on : list, optional
        Groups of columns, e.g. ``[["phone"], ["email"], ["surname", "dob"]]``; a
        single column may be given as a string. Default: each compared column
        that is not free text, on its own.
    threshold : float, optional
        Between 0 and 1; default :data:`THRESHOLD` (0.75). Higher links fewer pairs (precision up,
        recall down).

    Returns
    -------
    pandas.Series
        ``entity_id`` per row (1, 2, … in order of first appearance), same index as
        ``df``. ``attrs`` records the number of candidate and linked pairs.

    Raises
    ------
    ValueError
        If ``df`` is not a DataFrame, a column is missing, a kind is unknown or
        the threshold is not between 0 and 1.

    Examples
    --------
    >>> import pandas as pd
    >>> people = pd.DataFrame({
    ...     "given_name": ["Ann", "Anne", "Bob"], "surname": ["Lee", "Lee", "Ray"],
    ...     "dob": ["1990-01-02", "1990-01-02", "1985-05-05"]})
    >>> find_duplicates(people, {"given_name": "name", "surname": "name", "dob": "date"},
    ...                 block_on=[["surname"], ["dob"]]).tolist()
    [1, 1, 2]
    """
    spec = _check_frame_and_compare(df, compare)
    if threshold is None:
        threshold = THRESHOLD
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.floating)):
        raise ValueError(f"threshold must be a number between 0 and 1, got {threshold!r}")
    if not 0 < float(threshold) <= 1:
        raise ValueError(f"threshold must be between 0 and 1 (e.g. 0.75), got {threshold!r}")
    groups = _block_groups(df, block_on, spec)
    n = len(df)
    prepared = {c: _prepare(df[c], spec[c][0]) for c in spec}
    keys = []
    for group in groups:
        keys.append(
            [
                prepared[c]["block"] if c in prepared else _prepare(df[c], "exact")["block"]
                for c in group
            ]
        )
    pairs = _pairs_from_keys(n, keys, max_block=MAX_BLOCK)
    i, j = pairs[:, 0], pairs[:, 1]
    score = _weighted_score(spec, prepared, i, j, prune_below=float(threshold))[1]
    linked = score >= float(threshold)
    entity = _components(n, i[linked], j[linked])
    out = pd.Series(entity, index=df.index, name="entity_id")
    out.attrs.update(
        candidate_pairs=int(len(i)), linked_pairs=int(linked.sum()), threshold=float(threshold)
    )
    return out


def _components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected components (entity ids 1, 2, … in order of first row)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    _, first = np.unique(labels, return_index=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(np.argsort(first))] = np.arange(1, len(first) + 1)
    return rank[labels]


def pairwise_scores(predicted: Any, truth: Any) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a de-duplication against the true entities.

    A pair of records is *predicted* when both have the same predicted id and
    *true* when both have the same true id (e.g. ``truth.duplicates.person_id``).

    Parameters
    ----------
    predicted, truth : array-like
        One id per record, same length and order.

    Returns
    -------
    dict
        ``precision``, ``recall``, ``f1``, ``predicted_pairs``, ``true_pairs``,
        ``correct_pairs``.

    Examples
    --------
    >>> scores = pairwise_scores([1, 1, 2, 3], [7, 7, 8, 8])
    >>> scores["precision"], scores["recall"], round(scores["f1"], 3)
    (1.0, 0.5, 0.667)
    """
    p = np.asarray(predicted)
    t = np.asarray(truth)
    if p.shape != t.shape or p.ndim != 1:
        raise ValueError(
            f"predicted and truth must be 1-d and the same length, got {p.shape} and {t.shape}"
        )

    def pairs(*cols: np.ndarray) -> int:
        sizes = pd.DataFrame({str(k): c for k, c in enumerate(cols)}).value_counts().to_numpy()
        return int((sizes * (sizes - 1) // 2).sum())

    pred, true, both = pairs(p), pairs(t), pairs(p, t)
    precision = both / pred if pred else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "predicted_pairs": pred,
        "true_pairs": true,
        "correct_pairs": both,
    }



# --------------------------------------------------------------------------- the world's records
#: How to compare the world's standardised ``raw_records`` (used by chapter 03,
#: the benchmark and the capstone): the address is strong evidence, so weight 2.
RAW_RECORDS_COMPARE: dict[str, Any] = {
    "name": "name",
    "phone": "phone",
    "email": "email",
    "birth_date": "date",
    "address": ("text", 2.0),
}
#: Blocking groups for the world's ``raw_records``.
RAW_RECORDS_BLOCK_ON: list[list[str]] = [
    ["phone"],
    ["email"],
    ["name"],
    ["birth_date"],
    ["address"],
]


