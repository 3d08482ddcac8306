"""labkit.linkage's Fellegi–Sunter model: u from random pairs, m by EM, blocking that skips nobody.

And the check on the default worlds; FEBRL dataset 4, a public benchmark with
other fields, is in tests/test_linkage_febrl.py.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from labkit import load_world
from labkit.cleaning import standardise_records
from labkit.linkage import (
    RAW_RECORDS_BLOCK_ON,
    RAW_RECORDS_COMPARE,
    ExactMatch,
    MatchModel,
    NameMatch,
    PhoneMatch,
    candidate_pairs,
    estimate_model,
    find_duplicates,
    jaro_winkler,
    pairwise_scores,
    score_pairs,
)
from labkit.linkage.estimation import (
    distinct_vectors,
    estimate_u,
    expectation_maximisation,
    prepare,
    random_pairs,
    start_m,
)
from labkit.linkage.model import probability_of_weight

#: The known m and u of a synthetic table of comparison vectors: four comparisons with
#: 2, 3, 4 and 2 levels (from "different" up), full agreement rare among non-matches.
TRUE_M = [
    np.array([0.05, 0.95]),
    np.array([0.1, 0.2, 0.7]),
    np.array([0.05, 0.1, 0.15, 0.7]),
    np.array([0.2, 0.8]),
]
TRUE_U = [
    np.array([0.99, 0.01]),
    np.array([0.95, 0.04, 0.01]),
    np.array([0.9, 0.07, 0.02, 0.01]),
    np.array([0.98, 0.02]),
]


def synthetic_levels(matches: int, non_matches: int, seed: int = 0) -> np.ndarray:
    """Comparison vectors drawn from TRUE_M (matches first) and TRUE_U, 5 % of values missing."""
    rng = np.random.default_rng(seed)
    columns = []
    for m, u in zip(TRUE_M, TRUE_U, strict=True):
        column = np.r_[rng.choice(len(m), size=matches, p=m),
                       rng.choice(len(u), size=non_matches, p=u)]  # fmt: skip
        column[rng.random(len(column)) < 0.05] = -1
        columns.append(column)
    return np.stack(columns, axis=1).astype(np.int8)


# --------------------------------------------------------------------------- estimation
def test_em_recovers_known_m_and_the_prior() -> None:
    matches, total = 2_000, 1_000_000
    levels = synthetic_levels(matches, total - matches)
    starting = [start_m(len(m)) for m in TRUE_M]
    m, prior, rounds = expectation_maximisation(levels, TRUE_U, starting, total, prior=1e-4)
    for estimated, true in zip(m, TRUE_M, strict=True):
        assert np.allclose(estimated, true, atol=0.03), (estimated, true)
        assert estimated.sum() == pytest.approx(1.0)
    assert prior == pytest.approx(matches / total, rel=0.1)
    assert 1 < rounds < 200


def test_em_with_u_from_all_pairs_still_recovers_m() -> None:
    """As in the pipeline: u is the share among (random) pairs, matches included."""
    matches, total = 2_000, 1_000_000
    levels = synthetic_levels(matches, total - matches, seed=1)
    u = []
    for column, true in enumerate(TRUE_U):
        counts = np.bincount(levels[levels[:, column] >= 0, column], minlength=len(true))
        u.append(counts / counts.sum())
    m, prior, _ = expectation_maximisation(
        levels, u, [start_m(len(m)) for m in TRUE_M], total, prior=1e-4
    )
    for estimated, true in zip(m, TRUE_M, strict=True):
        assert np.allclose(estimated, true, atol=0.04), (estimated, true)
    assert prior == pytest.approx(matches / total, rel=0.15)


def test_estimate_u_is_the_share_among_random_pairs() -> None:
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"colour": rng.choice(["red", "green", "blue", "grey"], size=3_000)})
    compare = [ExactMatch("colour")]
    u = estimate_u(compare, prepare(df, compare), len(df))[0]
    assert u[1] == pytest.approx(0.25, abs=0.01)  # four equally common values
    assert u.sum() == pytest.approx(1.0)


def test_random_pairs_are_distinct_rows_and_repeat() -> None:
    pairs = random_pairs(500, count=10_000, seed=7)
    assert pairs.shape == (10_000, 2) and (pairs[:, 0] < pairs[:, 1]).all()
    assert (pairs >= 0).all() and (pairs < 500).all()
    assert np.array_equal(pairs, random_pairs(500, count=10_000, seed=7))
    assert len(random_pairs(10, count=10_000)) == 45  # every pair when there are few


def test_distinct_vectors_count_each_comparison_vector() -> None:
    levels = np.array([[1, -1, 3], [0, 2, -1], [1, -1, 3], [1, -1, 3]], dtype=np.int8)
    vectors, counts = distinct_vectors(levels, [2, 3, 4])  # any numbers of levels
    found = {tuple(vector): int(count) for vector, count in zip(vectors, counts, strict=True)}
    assert found == {(1, -1, 3): 3, (0, 2, -1): 1}


# --------------------------------------------------------------------------- the model
def test_the_model_adds_log2_m_over_u_to_the_prior() -> None:
    model = MatchModel((ExactMatch("zip"), PhoneMatch("phone")),
                       m=(np.array([0.2, 0.8]), np.array([0.1, 0.1, 0.8])),
                       u=(np.array([0.9, 0.1]), np.array([0.98, 0.01, 0.01])),
                       prior=0.001)  # fmt: skip
    levels = np.array([[1, 2], [0, -1], [-1, -1]])
    expected = np.log2(0.001 / 0.999) + np.array([3 + np.log2(80), np.log2(0.2 / 0.9), 0])
    assert np.allclose(model.weight(levels), expected)
    assert np.allclose(model.probability(levels), 1 / (1 + 2.0 ** -expected))
    table = model.table()
    assert table["level"].tolist() == ["equal", "different", "same number",
                                       "one digit differs", "different"]  # fmt: skip
    assert np.allclose(table["weight"], np.log2(table["m"] / table["u"]))
    with pytest.raises(ValueError, match="one probability per level"):
        MatchModel((ExactMatch("zip"),), m=(np.array([1.0]),), u=(np.array([1.0]),), prior=0.1)
    with pytest.raises(ValueError, match="prior"):
        MatchModel((ExactMatch("zip"),), m=(np.array([0.1, 0.9]),),
                   u=(np.array([0.9, 0.1]),), prior=0)  # fmt: skip
    assert probability_of_weight(np.array([5000.0])).tolist() == [1.0]
    assert 0 <= probability_of_weight(np.array([-5000.0]))[0] < 1e-300


def test_estimate_model_learns_agreement_is_evidence() -> None:
    """On records with planted duplicates, agreeing counts for, disagreeing against."""
    rng = np.random.default_rng(5)
    people = pd.DataFrame({
        "name": [f"{a} {b}" for a, b in zip(rng.choice(["Ann", "Bob", "Cy", "Di", "Ed", "Flo"],
                                                       400),
                                            rng.choice(["Lee", "Ray", "King", "Ode", "Moss"],
                                                       400), strict=True)],
        "phone": [f"212555{n:04d}" for n in rng.choice(10_000, 400, replace=False)],
    })  # fmt: skip
    copies = people.sample(80, random_state=1).copy()
    copies.loc[copies.index[:10], "phone"] = None
    df = pd.concat([people, copies], ignore_index=True)
    model = estimate_model(df, {"name": "name", "phone": "phone"})
    weights = {(row.column, row.level): row.weight for row in model.table().itertuples()}
    assert weights["phone", "same number"] > 10 > 0 > weights["phone", "different"]
    assert weights["name", "equal"] > 0 > weights["name", "different"]
    assert model.prior == pytest.approx(80 / (480 * 479 / 2), rel=0.2)
    entity = find_duplicates(df, {"name": "name", "phone": "phone"})
    truth = np.r_[np.arange(400), copies.index.to_numpy()]
    scores = pairwise_scores(entity, truth)
    # a copy without its phone has only a common name (one in 30): rightly left unlinked
    assert scores["precision"] >= 0.95 and scores["correct_pairs"] >= 70


def test_score_pairs_with_a_given_model() -> None:
    df = pd.DataFrame({"name": ["Ann Lee", "Lee, Ann", "Bob Ray", "Cy Ode"],
                       "phone": ["1", "1", "2", None]})  # fmt: skip
    compare = {"name": "name", "phone": "phone"}
    model = estimate_model(df, compare, block_on=["phone"])
    pairs = np.array([[0, 1], [0, 2], [2, 3]])
    scores = score_pairs(df, pairs, compare, model=model)
    assert np.isnan(scores.loc[2, "phone"])
    assert scores["score"].between(0, 1).all() and scores.loc[0, "score"] > scores.loc[1, "score"]
    assert np.allclose(scores["match_weight"],
                       model.prior_weight + scores[["name", "phone"]].fillna(0).sum(axis=1))
    with pytest.raises(ValueError, match="the model compares"):
        score_pairs(df, pairs, [NameMatch("name")], model=model)


# --------------------------------------------------------------------------- blocking
def test_blocking_never_skips_a_row_and_stays_linear_in_big_blocks() -> None:
    rng = np.random.default_rng(11)
    n = 3_000
    df = pd.DataFrame({"state": rng.choice(["nsw", "vic", "qld"], size=n),
                       "name": rng.choice([f"name{k}" for k in range(1_500)], size=n)})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing is skipped, so nothing to warn about
        pairs = candidate_pairs(df, ["state", "name"], max_block=100, neighbours=5)
    assert set(np.unique(pairs)) == set(range(n))  # every row is compared with someone
    assert (pairs[:, 0] < pairs[:, 1]).all() and len(np.unique(pairs, axis=0)) == len(pairs)
    by_name = candidate_pairs(df, ["name"])
    assert len(pairs) <= len(by_name) + n * 5  # the state blocks add at most 5 per row
    same_state = df["state"].to_numpy()[pairs[:, 0]] == df["state"].to_numpy()[pairs[:, 1]]
    same_name = df["name"].to_numpy()[pairs[:, 0]] == df["name"].to_numpy()[pairs[:, 1]]
    assert (same_state | same_name).all()


def test_a_big_block_is_sorted_by_the_other_keys() -> None:
    """Inside an oversized block, rows that agree on another rule's key are neighbours."""
    df = pd.DataFrame({"state": ["nsw"] * 8, "surname": list("abcdabcd")})
    pairs = candidate_pairs(df, ["state", "surname"], max_block=2, neighbours=1)
    surname = df["surname"].to_numpy()
    assert {tuple(p) for p in pairs if surname[p[0]] == surname[p[1]]} == {
        (0, 4), (1, 5), (2, 6), (3, 7)}  # fmt: skip
    with pytest.raises(ValueError, match="at least 1"):
        candidate_pairs(df, ["state"], max_block=0)


# --------------------------------------------------------------------------- similarity
def reference_jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler as in Winkler's reference code (strcmp95), in plain Python.

    Transpositions are half the matched characters out of order, rounded down (strcmp95's
    integer division); the prefix bonus applies above a Jaro similarity of 0.7.
    """
    if a == b:
        return 1.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    used = [False] * len(b)
    matched_a = []
    for i, char in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not used[j] and b[j] == char:
                used[j] = True
                matched_a.append(char)
                break
    matches = len(matched_a)
    if matches == 0:
        return 0.0
    matched_b = [char for j, char in enumerate(b) if used[j]]
    transpositions = sum(x != y for x, y in zip(matched_a, matched_b, strict=True)) // 2
    jaro = (matches / len(a) + matches / len(b) + (matches - transpositions) / matches) / 3
    if jaro <= 0.7:
        return jaro
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + 0.1 * prefix * (1 - jaro)


def test_the_rapidfuzz_wrapper_agrees_with_the_definition() -> None:
    rng = np.random.default_rng(2)
    letters = np.array(list("aabcdeeilmnorst "))
    words = ["".join(rng.choice(letters, size=rng.integers(1, 12))) for _ in range(2_000)]
    a, b = words[:1_000], words[1_000:]
    b[:300] = [word[::-1] if k % 2 else word[:-1] + "x" for k, word in enumerate(a[:300])]
    expected = [reference_jaro_winkler(x, y) for x, y in zip(a, b, strict=True)]
    assert np.allclose(jaro_winkler(a, b), expected, atol=1e-9)


# --------------------------------------------------------------------------- tuned to nothing
@pytest.mark.parametrize("locale", ["en_US", "zh_CN"])
def test_the_default_world_scores_f1_above_0_97(locale: str) -> None:
    world = load_world(locale=locale)
    clean = standardise_records(world.raw_records, world.locale, world.as_of)
    entity = find_duplicates(clean, RAW_RECORDS_COMPARE, block_on=RAW_RECORDS_BLOCK_ON)
    scores = pairwise_scores(entity, world.truth.duplicates["person_id"])
    assert scores["f1"] >= 0.97, scores
