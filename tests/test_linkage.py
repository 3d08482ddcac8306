"""labkit.linkage: similarity, blocking, comparisons, scoring, clustering and evaluation.

The model (m, u, EM) and the benchmarks on other data are in tests/test_linkage_model.py.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from labkit.cleaning import standardise_records
from labkit.linkage import (
    KINDS,
    RAW_RECORDS_BLOCK_ON,
    RAW_RECORDS_COMPARE,
    BlockingRule,
    DateMatch,
    EmailMatch,
    ExactMatch,
    NameMatch,
    PhoneMatch,
    TextMatch,
    block_on,
    candidate_pairs,
    find_duplicates,
    jaro_winkler,
    pairwise_scores,
    score_pairs,
)
from labkit.linkage.comparisons import as_comparisons, comparison_levels


@pytest.fixture(scope="module", params=[("zh_CN", 1), ("zh_CN", 2), ("en_US", 1), ("en_US", 2)])
def small_world(request, small_world_factory):
    locale, seed = request.param
    return small_world_factory(seed, locale)


# --------------------------------------------------------------------------- similarity
def test_jaro_winkler_known_values() -> None:
    got = jaro_winkler(["MARTHA", "DWAYNE", "DIXON", "abc", "", "same"],
                       ["MARHTA", "DUANE", "DICKSONX", "xyz", "", "same"])  # fmt: skip
    assert np.allclose(got, [0.9611, 0.84, 0.8133, 0.0, 1.0, 1.0], atol=1e-3)
    assert np.allclose(jaro_winkler(["ab"], ["ba"]), jaro_winkler(["ba"], ["ab"]))
    with pytest.raises(ValueError, match="same length"):
        jaro_winkler(["a"], [])
    with pytest.raises(ValueError, match="compares text"):
        jaro_winkler(["a"], [3])


def test_jaro_winkler_is_the_standard_definition() -> None:
    """Winkler's prefix bonus only above a Jaro of 0.7 (the old NumPy version added it below)."""
    got = jaro_winkler(["Jesse Donovan", "JELLYFISH", "CRATE", "张伟"],
                       ["Jessica Parker", "SMELLYFISH", "TRACE", "张玮"])  # fmt: skip
    # Jaro 0.5745 < 0.7: no bonus (0.745 with it); no common prefix; Jaro 0.7333 (no
    # prefix); Jaro 0.6667 < 0.7 with a common prefix, so no bonus either.
    assert np.allclose(got, [0.5745, 0.8963, 0.7333, 0.6667], atol=1e-4)
    assert jaro_winkler([], []).tolist() == []


def test_candidate_pairs_union_without_repeats() -> None:
    df = pd.DataFrame({"zip": ["1", "1", "2", "2"], "dob": ["x", "x", "y", None]})
    assert candidate_pairs(df, [["zip"], ["dob"]]).tolist() == [[0, 1], [2, 3]]
    assert candidate_pairs(df, [["zip", "dob"]]).tolist() == [[0, 1]]
    # with max_block=1 each block of two is compared by sorted neighbourhood: the same pairs
    assert candidate_pairs(df, [["zip"]], max_block=1).tolist() == [[0, 1], [2, 3]]


# --------------------------------------------------------------------------- matching
PEOPLE = pd.DataFrame(
    {
        "given_name": ["Ann", "Anne", "Robert", "Bob", "Carol", "carol", "Dan"],
        "surname": ["Lee", "Lee", "Ray", "Ray", "King", "KING", "King"],
        "street": ["1 High St", "1 High Street", "9 Low Rd", "22 Elm Ave", "5 Oak Ln",
                   "5 Oak Ln", "5 Oak Ln"],
        "suburb": ["Kew", "Kew", "Carlton", "Fitzroy", "Kew", "Kew", "Kew"],
        "postcode": ["3101", "3101", "3053", "3065", "3101", "3101", "3101"],
        "dob": ["1990-01-02", "02/01/1990", "1985-05-05", "1971-12-12", "1960-03-04",
                "1960-03-04", "1994-07-08"],
        "id_number": ["A1", "A1", None, "B7", None, None, "C9"],
    },
    index=[101, 102, 103, 104, 105, 106, 107],
)  # fmt: skip
PEOPLE_COMPARE = {"given_name": "name", "surname": "name", "street": "text",
                  "postcode": "exact", "dob": "date", "id_number": "exact"}  # fmt: skip


def test_find_duplicates_on_any_person_table() -> None:
    entity = find_duplicates(PEOPLE, PEOPLE_COMPARE, block_on=[["surname"], ["postcode", "dob"]])
    assert entity.index.equals(PEOPLE.index) and entity.name == "entity_id"
    assert entity.tolist() == [1, 1, 2, 3, 4, 4, 5]
    assert entity.attrs["candidate_pairs"] >= entity.attrs["linked_pairs"] == 2


def test_find_duplicates_default_blocks_and_threshold_trade_off() -> None:
    loose = find_duplicates(PEOPLE, PEOPLE_COMPARE, threshold=0.3)
    strict = find_duplicates(PEOPLE, PEOPLE_COMPARE, threshold=1.0)
    assert loose.nunique() <= strict.nunique()
    assert strict.attrs["linked_pairs"] <= loose.attrs["linked_pairs"]


def test_find_duplicates_names_in_either_order_and_script() -> None:
    df = pd.DataFrame({"name": ["John Smith", "SMITH JOHN", "张伟", "Wei Zhang", "Li Na"],
                       "phone": ["1", "1", "2", "2", "2"]})  # fmt: skip
    entity = find_duplicates(df, {"name": "name", "phone": "phone"}, block_on=["phone"])
    assert entity.tolist() == [1, 1, 2, 2, 3]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"compare": {"nope": "name"}}, "column 'nope'"),
        ({"compare": {"surname": "fuzzy"}}, "kind must be one of exact, phone, email, name"),
        ({"compare": {}}, "compare must map column names to kinds"),
        ({"compare": {"surname": ("name", 2.0)}}, "give the kind alone"),
        ({"compare": {"surname": "name"}, "threshold": 1.5}, "threshold must be between 0 and 1"),
        ({"compare": {"surname": "name"}, "threshold": "high"}, "threshold must be a number"),
        ({"compare": {"surname": "name"}, "block_on": [["zip"]]}, "block_on names column 'zip'"),
        ({"compare": {"surname": "name"}, "block_on": [[]]}, "empty group"),
    ],
)
def test_find_duplicates_bad_input(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        find_duplicates(PEOPLE, **kwargs)


def test_find_duplicates_needs_a_frame() -> None:
    with pytest.raises(ValueError, match="DataFrame"):
        find_duplicates([1, 2], {"a": "exact"})


def test_score_pairs_shows_each_columns_match_weight() -> None:
    scores = score_pairs(PEOPLE, np.array([[0, 1], [2, 3]]), PEOPLE_COMPARE)
    assert list(scores.columns) == ["i", "j", *PEOPLE_COMPARE, "match_weight", "score"]
    assert scores.loc[0, "id_number"] > 0 and np.isnan(scores.loc[1, "id_number"])
    assert scores.loc[0, "score"] > scores.loc[1, "score"]
    assert set(KINDS) == {"exact", "text", "name", "phone", "email", "date"}


def test_pairwise_scores() -> None:
    s = pairwise_scores([1, 1, 1, 2], [5, 5, 6, 6])
    assert (s["predicted_pairs"], s["true_pairs"], s["correct_pairs"]) == (3, 2, 1)
    assert s["precision"] == pytest.approx(1 / 3) and s["recall"] == 0.5
    assert pairwise_scores([1, 2], [1, 2])["f1"] == 1.0
    with pytest.raises(ValueError, match="same length"):
        pairwise_scores([1], [1, 2])


def test_matching_the_world_scores_f1_above_0_97(small_world) -> None:
    clean = standardise_records(small_world.raw_records, small_world.locale, small_world.as_of)
    entity = find_duplicates(clean, RAW_RECORDS_COMPARE, block_on=RAW_RECORDS_BLOCK_ON)
    scores = pairwise_scores(entity, small_world.truth.duplicates["person_id"])
    assert scores["f1"] >= 0.97, scores
    assert scores["precision"] >= 0.95 and scores["recall"] >= 0.95


def test_empty_table() -> None:
    assert len(find_duplicates(PEOPLE.iloc[:0], PEOPLE_COMPARE)) == 0


def test_big_blocks_are_compared_by_sorted_neighbourhood_not_skipped():
    """A block over max_block is still compared: each row with its nearest rows, no warning."""
    df = pd.DataFrame({"city": ["Springfield"] * 5 + ["Shelbyville"] * 2, "name": list("abcdefg")})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pairs = candidate_pairs(df, [["city"]], {"city": "exact"}, max_block=3, neighbours=1)
    # Springfield (5 rows > 3): next neighbours only, 4 pairs of 10; Shelbyville: its one pair
    assert len(pairs) == 4 + 1
    assert set(pairs.ravel()) == set(range(7))  # nobody is left uncompared
    assert len(candidate_pairs(df, [["city"]], {"city": "exact"}, max_block=10)) == 10 + 1


# --------------------------------------------------------------------------- the declared forms
#: PEOPLE_COMPARE as comparison objects.
PEOPLE_COMPARISONS = [
    NameMatch("given_name"),
    NameMatch("surname"),
    TextMatch("street"),
    ExactMatch("postcode"),
    DateMatch("dob"),
    ExactMatch("id_number"),
]


def test_the_dict_form_and_the_comparison_objects_are_the_same() -> None:
    assert as_comparisons(PEOPLE.columns, PEOPLE_COMPARE) == PEOPLE_COMPARISONS
    rules = [block_on("surname"), block_on("postcode", "dob")]
    by_dict = find_duplicates(PEOPLE, PEOPLE_COMPARE, block_on=[["surname"], ["postcode", "dob"]])
    by_objects = find_duplicates(PEOPLE, PEOPLE_COMPARISONS, block_on=rules)
    assert by_objects.tolist() == by_dict.tolist() == [1, 1, 2, 3, 4, 4, 5]
    assert by_objects.attrs == by_dict.attrs
    pairs = np.array([[0, 1], [2, 3], [4, 6]])
    pd.testing.assert_frame_equal(
        score_pairs(PEOPLE, pairs, PEOPLE_COMPARE), score_pairs(PEOPLE, pairs, PEOPLE_COMPARISONS)
    )


def test_block_on_reads_like_a_sentence() -> None:
    rule = block_on("name", "birth_date")
    assert rule == BlockingRule(("name", "birth_date"))
    assert str(rule) == "block on name and birth_date"
    df = pd.DataFrame({"zip": ["1", "1", "2", "2"], "dob": ["x", "x", "y", None]})
    assert candidate_pairs(df, [block_on("zip"), ["dob"]]).tolist() == [[0, 1], [2, 3]]
    assert candidate_pairs(df, block_on("zip", "dob")).tolist() == [[0, 1]]
    assert candidate_pairs(df, "zip").tolist() == [[0, 1], [2, 3]]
    with pytest.raises(ValueError, match="empty group"):
        block_on()
    with pytest.raises(ValueError, match="block_on is needed"):
        candidate_pairs(df, None)


def test_comparisons_declare_their_levels() -> None:
    """Each comparison states its agreement levels in its docstring; nobody sets weights."""
    classes = (ExactMatch, PhoneMatch, EmailMatch, NameMatch, DateMatch, TextMatch)
    assert KINDS == {cls.kind: cls.levels for cls in classes}
    for cls in classes:
        assert cls.levels[0] == "different" and len(cls.levels) >= 2
        doc = " ".join(cls.__doc__.lower().split())
        assert "levels, highest first" in doc
        for level in cls.levels:
            assert level in doc, (cls.__name__, level)
    with pytest.raises(TypeError):
        TextMatch("address", weight=2.0)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="names a column"):
        TextMatch(3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("compare", "message"),
    [
        ([NameMatch("nope")], "column 'nope'"),
        ([NameMatch("surname"), TextMatch("surname")], "'surname' twice"),
        ({"surname": ("name", 1, 2)}, "give the kind alone"),
        (["name"], "compare must map column names to kinds"),
    ],
)
def test_comparison_lists_are_checked(compare, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        find_duplicates(PEOPLE, compare)


def test_comparison_levels() -> None:
    df = pd.DataFrame(
        {
            "phone": ["13812345678", "+86 138 1234 5678", "13812345679", "13900000000", None],
            "email": ["li@163.com", "LI@163.COM", "li@qq.com", "wang@163.com", "x@y.com"],
            "dob": ["1990-03-07", "1990-03-07", "1990-07-03", "1991-03-07", "2001-01-01"],
        }
    )
    i, j = np.array([0, 0, 0, 0]), np.array([1, 2, 3, 4])
    compare = [PhoneMatch("phone"), EmailMatch("email"), DateMatch("dob")]
    levels = comparison_levels(compare, {c.column: c.prepare(df[c.column]) for c in compare}, i, j)
    named = [[c.levels[k] if k >= 0 else None for k in levels[:, n]] for n, c in enumerate(compare)]
    assert named[0] == ["same number", "one digit differs", "different", None]
    # another domain is "different": the local part is made from the name, not new evidence
    assert named[1] == ["same address", "different", "different", "different"]
    assert named[2] == ["same day", "day and month swapped", "two of year, month and day agree",
                        "different"]  # fmt: skip


def test_the_worlds_configuration_is_the_old_dict_form(small_world) -> None:
    """RAW_RECORDS_* as declared objects give exactly the entities of the dict form they replace."""
    clean = standardise_records(small_world.raw_records, small_world.locale, small_world.as_of)
    old_compare = {"name": "name", "phone": "phone", "email": "email", "birth_date": "date",
                   "address": "text"}  # fmt: skip
    old_block_on = [["phone"], ["email"], ["name"], ["birth_date"], ["address"]]
    assert as_comparisons(clean.columns, old_compare) == RAW_RECORDS_COMPARE
    new = find_duplicates(clean, RAW_RECORDS_COMPARE, block_on=RAW_RECORDS_BLOCK_ON)
    old = find_duplicates(clean, old_compare, block_on=old_block_on)
    pd.testing.assert_series_equal(new, old)
