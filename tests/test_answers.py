"""Answer checking: verdicts, hints, robustness, the judged world, summary, results file."""

from __future__ import annotations

import contextlib
import decimal
import fractions
import io
import json
import math
import os

import numpy as np
import pandas as pd
import pytest
from conftest import CHECK_LOCALES, CHECK_SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import labkit
from labkit import answers
from labkit import questions as registry
from labkit.answers import check, current_world, evaluate, judged_world, summary, use_world
from labkit.answers.kinds import KINDS
from labkit.answers.transcript import record_line
from labkit.questions import AnyOf, Mistake, Question, ch00

QUESTIONS = registry.all_questions()
IDS = [q.id for q in QUESTIONS]
STATUSES = {"correct", "incorrect", "unanswered", "error"}


def plain(value: object) -> object:
    """One acceptable form of an expected answer."""
    return value.values[0] if isinstance(value, AnyOf) else value


# --------------------------------------------------------------------------- registry


def test_registry_is_well_formed() -> None:
    assert "00" in registry.chapters()
    assert len(IDS) == len(set(IDS))
    for question in QUESTIONS:
        assert question.prompt.endswith("?"), question.id
        assert question.hint, question.id
        assert question.describe, question.id
        assert registry.get(question.id) is question


@pytest.mark.parametrize("bad", ["0.q1", "00-q1", "", "00.q"])
def test_question_ids_are_validated(bad: str) -> None:
    with pytest.raises(ValueError, match="must look like"):
        Question(bad, "?", lambda w: 1, "count")


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind 'colour'"):
        Question("00.q90", "?", lambda w: 1, "colour")


def test_get_names_the_chapters_questions() -> None:
    with pytest.raises(KeyError, match="00.q1, 00.q2"):
        registry.get("00.q99")
    assert registry.chapter_questions("42") == []


def test_every_kind_of_question_has_a_way_to_be_checked() -> None:
    assert set(KINDS) == set(registry.KIND_DESCRIPTIONS)


# --------------------------------------------------------------------------- verdicts


@pytest.mark.parametrize("locale", CHECK_LOCALES)
@pytest.mark.parametrize("seed", CHECK_SEEDS)
def test_expected_answers_are_correct_on_every_world(small_world_factory, seed, locale) -> None:
    world = small_world_factory(seed, locale)
    for question in QUESTIONS:
        result = evaluate(question.id, plain(question.expected(world)), world)
        assert result.status == "correct", (question.id, result.text())
        assert result.points == question.points
        assert result.world["seed"] == seed and result.world["locale"] == locale


@pytest.mark.parametrize("question_id", IDS)
@pytest.mark.parametrize("blank", [..., None])
def test_blank_answers_are_not_answered(question_id, blank) -> None:
    result = evaluate(question_id, blank)
    assert result.status == "unanswered"
    assert "not answered yet" in result.text()
    assert result.points == 0


@pytest.mark.parametrize("locale", CHECK_LOCALES)
def test_known_mistakes_get_their_hint(small_world_factory, locale) -> None:
    world = small_world_factory(7, locale)
    tried = 0
    for question in QUESTIONS:
        expected = question.expected(world)
        earlier: list[tuple[object, str]] = []  # (wrong answer, hint) of the mistakes before
        for mistake in question.mistakes:
            wrong = plain(mistake.compute(world))
            if evaluate(question.id, wrong, world).status == "correct":
                continue  # the mistake happens to give the right answer on this world
            result = evaluate(question.id, wrong, world)
            assert result.status == "incorrect", question.id
            # two mistakes may coincide on a small world: then the first one's hint is shown
            same = [hint for value, hint in earlier if repr(value) == repr(wrong)]
            assert result.hint in [mistake.hint, *same], (question.id, wrong, expected)
            earlier.append((wrong, mistake.hint))
            tried += 1
    assert tried >= 10


def test_intended_hints_on_chapter_00(small_world_factory) -> None:
    world = small_world_factory()
    customers, orders = world["customers"], world["orders"]
    share = customers["marketing_consent"].mean()

    def hint(question_id: str, answer: object) -> str:
        result = evaluate(question_id, answer, world)
        assert result.status == "incorrect"
        return result.hint

    assert "You gave a DataFrame" in hint("00.q1", customers)
    assert "whole number" in hint("00.q1", customers)
    assert "isna().sum()" in hint("00.q1", customers["email"].count())
    assert "every customer" in hint("00.q1", len(customers))
    assert "df.shape[0]" in hint("00.q1", customers.shape)
    assert "without quotes" in hint("00.q1", str(len(customers)))
    assert "a count is a whole number" in hint("00.q1", len(customers) + 0.5)
    assert "forget to call" in hint("00.q1", customers.count)
    assert "True" in hint("00.q1", True)
    assert "orders" in hint("00.q2", int((orders["ordered_at"].dt.year == world.as_of.year).sum()))
    text = hint("00.q4", 12.3)
    assert "You gave 12.3; the question asks for a share between 0 and 1" in text
    assert "divide it by 100" in hint("00.q4", share * 100)
    assert "NaN" in hint("00.q4", float("nan"))
    if not math.isclose(round(share, 2), share, abs_tol=1e-3):
        assert "Did you round?" in hint("00.q4", round(share, 2))
    assert "customers per province" in hint("00.q3", customers["province"].value_counts().idxmax())
    assert "orders per province" in hint(
        "00.q3", orders.merge(customers[["customer_id", "province"]])["province"].value_counts()
    )
    assert "Series of" in hint("00.q6", customers["signup_date"])
    assert "not a date" in hint("00.q6", "last spring")


def test_lenient_forms_are_accepted(small_world_factory) -> None:
    world = small_world_factory(7, "zh_CN")
    customers = world["customers"]
    missing = int(customers["email"].isna().sum())
    first = customers.loc[customers["signup_channel"] == "referral", "signup_date"].min()
    assert evaluate("00.q1", float(missing), world).correct
    assert evaluate("00.q1", np.int64(missing), world).correct
    assert evaluate("00.q1", np.array(missing), world).correct
    shuffled = customers["province"].value_counts().sample(frac=1, random_state=0)
    assert evaluate("00.q3", shuffled.rename("n").rename_axis("where"), world).correct
    share = customers["marketing_consent"].mean()
    assert evaluate("00.q4", round(share, 3), world).correct
    assert evaluate("00.q6", first.strftime("%Y-%m-%d"), world).correct
    assert evaluate("00.q6", first.date(), world).correct
    assert evaluate("00.q6", first.to_datetime64(), world).correct


def test_text_is_case_width_and_space_insensitive() -> None:
    question = Question("00.q90", "Which?", lambda w: "New  York", "text")
    for answer in ["new york", " NEW YORK ", "Ｎｅｗ Ｙｏｒｋ"]:
        assert evaluate(question, answer, object()).correct, answer
    assert not evaluate(question, "Newark", object()).correct


def test_ties_accept_any_of_the_tied_answers() -> None:
    question = Question("00.q90", "Which?", lambda w: AnyOf(("a", "b")), "text")
    assert evaluate(question, "b", object()).correct
    assert not evaluate(question, "c", object()).correct


def test_number_tolerance() -> None:
    question = Question("00.q90", "How much?", lambda w: 2 / 3, "number", rtol=1e-6)
    assert evaluate(question, 0.6666667, object()).correct
    assert "Did you round?" in evaluate(question, 0.67, object()).hint
    assert not evaluate(question, 0.5, object()).correct
    assert evaluate(question, decimal.Decimal("0.66666667"), object()).correct
    assert evaluate(question, fractions.Fraction(2, 3), object()).correct


def test_sets_ignore_order_and_duplicates() -> None:
    question = Question("00.q90", "Which?", lambda w: ["store", "Online"], "set")
    assert evaluate(question, ["online", "store", "store"], object()).correct
    assert evaluate(question, pd.Series(["store", "online"]), object()).correct
    assert evaluate(question, {"online", "store"}, object()).correct
    hint = evaluate(question, ["online", "email"], object()).hint
    assert "1 of the 2 expected values" in hint and "email" in hint
    assert "Put the values in a list" in evaluate(question, "online", object()).hint


def test_sequences_care_about_order() -> None:
    question = Question("00.q90", "Rank?", lambda w: ["a", "b", "c"], "sequence")
    assert evaluate(question, ("a", "b", "c"), object()).correct
    assert "wrong order" in evaluate(question, ["c", "b", "a"], object()).hint
    assert "has 2 values" in evaluate(question, ["a", "b"], object()).hint


def test_series_compare_labels_and_values() -> None:
    expected = pd.Series({"north": 3.0, "south": 1.5}, name="spend")
    question = Question("00.q90", "Per region?", lambda w: expected, "series", rtol=1e-9)
    assert evaluate(question, pd.Series({"south": 1.5, "north": 3.0}), object()).correct
    assert evaluate(question, pd.Series({"North": 3, "South": 1.5}), object()).correct
    assert (
        "different index labels"
        in evaluate(question, pd.Series({"east": 3.0, "south": 1.5}), object()).hint
    )
    assert (
        "1 of the 2 values differ"
        in evaluate(question, pd.Series({"north": 3.0, "south": 2.5}), object()).hint
    )
    assert "select its column" in evaluate(question, expected.to_frame(), object()).hint.lower()
    ordered = Question("00.q91", "Per region?", lambda w: expected, "series", ordered=True)
    assert "wrong order" in evaluate(ordered, expected.iloc[::-1], object()).hint


def test_frames_ignore_column_and_row_order() -> None:
    expected = pd.DataFrame({"province": ["A", "B"], "customers": [10, 20]})
    question = Question("00.q90", "Table?", lambda w: expected, "frame")
    shuffled = expected.iloc[::-1][["customers", "province"]]
    assert evaluate(question, shuffled, object()).correct
    assert evaluate(question, expected.set_index("province"), object()).correct
    assert "missing columns: customers" in evaluate(question, expected[["province"]], object()).hint
    assert (
        "values differ in: customers"
        in evaluate(question, expected.assign(customers=[10, 21]), object()).hint
    )
    assert "has 1 rows" in evaluate(question, expected.head(1), object()).hint
    assert "to_frame()" in evaluate(question, expected["customers"], object()).hint


def test_booleans() -> None:
    question = Question("00.q90", "Is it?", lambda w: np.True_, "bool")
    assert evaluate(question, True, object()).correct
    assert "True or False" in evaluate(question, "yes", object()).hint


# --------------------------------------------------------------------------- never raises


def test_kit_problems_show_as_a_message_not_a_traceback(
    monkeypatch, capsys, small_world_factory, fresh_checks
) -> None:
    broken = Question("00.q99", "Broken?", lambda w: w["no_such_table"], "count")
    monkeypatch.setattr(ch00, "QUESTIONS", [*ch00.QUESTIONS, broken])
    result = check("00.q99", 3, small_world_factory())
    out = capsys.readouterr().out
    assert result.status == "error"
    assert "problem with labkit, not with your answer" in out
    assert "KeyError" in out and "Traceback" not in out
    # the other questions of the chapter are not affected
    world = small_world_factory()
    assert check("00.q1", int(world["customers"]["email"].isna().sum()), world).correct


def test_unknown_or_weird_question_ids(capsys) -> None:
    assert check("00.q99", 1).status == "error"
    assert "chapter 00 has: 00.q1" in capsys.readouterr().out
    assert evaluate(None, 1).status == "error"
    assert evaluate(12, 1).status == "error"
    assert evaluate("zz", ...).status == "error"


def test_a_missing_world_is_a_kit_problem(monkeypatch, capsys, fresh_checks) -> None:
    def no_world() -> None:
        raise FileNotFoundError("datasets/en_US/world.json")

    monkeypatch.setattr(judged_world, "last_loaded", lambda: None)
    monkeypatch.setattr(judged_world, "load_world", no_world)
    result = evaluate("00.q1", 5)
    assert result.status == "error" and "No world to check against" in result.hint
    result = check("00.q1", 5)
    assert result.status == "error" and "Traceback" not in capsys.readouterr().out
    assert check("00.q1", ...).status == "unanswered"  # a blank answer needs no world


class Boom(Exception):
    """Raised by the weird objects below."""


DUNDERS = [
    "__eq__", "__ne__", "__hash__", "__float__", "__int__", "__index__", "__len__",
    "__iter__", "__bool__", "__repr__", "__str__", "__getattr__", "__array__", "__lt__",
    "__format__", "__contains__", "__getitem__",
]  # fmt: skip
ERRORS = [Boom, TypeError, ValueError, RuntimeError, RecursionError, SystemExit, MemoryError]


def weird_object(names: set[str], error: type[BaseException], base: type) -> object:
    """An instance of a class whose chosen special methods all raise ``error``."""

    def fail(*args: object, **kwargs: object) -> object:
        raise error("weird")

    namespace: dict[str, object] = {name: fail for name in names}
    if "__class__" in names:
        namespace["__class__"] = property(fail)
    cls = type("Weird", (base,), namespace)
    if base is pd.DataFrame:
        return cls({"a": [1, 2]})
    if base in (int, float, str):
        # values no question expects: a weird 1 would be a right answer where F1 = 1.0
        return cls(987_654_321) if base is not str else cls("not an answer")
    return cls()


weird = st.builds(
    weird_object,
    st.sets(st.sampled_from([*DUNDERS, "__class__"]), min_size=1),
    st.sampled_from(ERRORS),
    st.sampled_from([object, int, float, str, list, dict]),
)
scalars = st.one_of(
    st.none(),
    st.just(...),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.complex_numbers(),
    st.decimals(allow_nan=True),
    st.fractions(),
    st.text(max_size=20),
    st.binary(max_size=10),
    st.datetimes(),
    st.dates(),
    st.timedeltas(),
    st.sampled_from([pd.NA, pd.NaT, np.nan, np.float64("inf"), np.int8(3), np.str_("x")]),
)
values = st.recursive(
    st.one_of(scalars, weird),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=3), inner, max_size=3),
        st.frozensets(st.integers(), max_size=3),
    ),
    max_leaves=8,
)
arrays = hnp.arrays(
    st.sampled_from([np.int64, np.float64, np.bool_, "U3", "datetime64[D]"]),
    hnp.array_shapes(min_dims=0, max_dims=2, max_side=3),
)
pandas_objects = st.builds(
    lambda data, kind: {
        "series": pd.Series(data, dtype=object),
        "frame": pd.DataFrame({"x": data}, dtype=object),
        "index": pd.Index(data, dtype=object),
    }[kind],
    st.lists(scalars, max_size=4),
    st.sampled_from(["series", "frame", "index"]),
)


@settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
@given(
    question_id=st.one_of(st.sampled_from(IDS), st.text(max_size=8), values),
    answer=st.one_of(values, arrays, pandas_objects),
)
def test_check_never_raises(small_world_factory, question_id, answer) -> None:
    world = small_world_factory()
    with contextlib.redirect_stdout(io.StringIO()) as out:
        result = check(question_id, answer, world)
    assert result.status in STATUSES
    assert isinstance(result.text(), str) and isinstance(result.html(), str)
    assert "Traceback" not in out.getvalue()
    json.dumps(result.to_record())
    recorded = json.loads(record_line(result, answer))  # the answer, for the grader
    assert recorded["answer"]["type"]


@settings(max_examples=60, deadline=None)
@given(question=st.sampled_from(QUESTIONS), answer=weird)
def test_weird_answers_are_wrong_not_errors(small_world_factory, question, answer) -> None:
    result = evaluate(question.id, answer, small_world_factory())
    assert result.status == "incorrect", result.text()


# --------------------------------------------------------------------------- session


def test_summary_counts_the_chapter(capsys, small_world_factory, fresh_checks) -> None:
    world = small_world_factory()
    assert summary().total == 0
    assert "No answers checked yet" in capsys.readouterr().out
    check("00.q1", q1_answer(world), world)
    check("00.q2", 3, world)
    check("00.q3", ..., world)
    check("00.q2", q2_answer(world), world)  # a second try counts, not the first
    result = summary()
    out = capsys.readouterr().out
    assert (result.correct, result.total) == (2, 6)
    assert "Score so far: 2 of 6 questions correct (2 of 6 points)." in out
    assert "00.q3  not answered yet" in out and "00.q6  not checked yet" in out
    assert [r.question_id for r in answers.results()] == ["00.q1", "00.q2", "00.q3"]


def test_results_file_gets_one_json_line_per_check(
    tmp_path, monkeypatch, small_world_factory, fresh_checks, capsys
) -> None:
    sink = tmp_path / "results.jsonl"
    monkeypatch.setenv(answers.RESULTS_ENV, str(sink))
    world = small_world_factory(7, "zh_CN")
    check("00.q1", q1_answer(world), world)
    check("00.q5", "many", world)
    records = [json.loads(line) for line in sink.read_text(encoding="utf-8").splitlines()]
    assert [(r["question_id"], r["status"], r["points"]) for r in records] == [
        ("00.q1", "correct", 1.0),
        ("00.q5", "incorrect", 0.0),
    ]
    assert records[0]["world"]["seed"] == 7 and records[0]["world"]["locale"] == "zh_CN"
    assert records[0]["note"] == ""


def test_each_check_records_the_answer_itself(
    tmp_path, monkeypatch, small_world_factory, fresh_checks, capsys
) -> None:
    sink = tmp_path / "results.jsonl"
    monkeypatch.setenv(answers.RESULTS_ENV, str(sink))
    world = small_world_factory()
    check("00.q3", world["customers"]["province"].value_counts(), world)
    check("00.q1", np.int64(q1_answer(world)), world)
    check("00.q2", ...)
    records = [json.loads(line) for line in sink.read_text(encoding="utf-8").splitlines()]
    assert [r["answer"]["type"] for r in records] == ["series", "numpy", "ellipsis"]
    assert records[1]["answer"] == {
        "type": "numpy",
        "dtype": "int64",
        "value": str(q1_answer(world)),
    }
    assert {r["record_version"] for r in records} == {2}


def test_submit_records_without_a_verdict(tmp_path, monkeypatch, fresh_checks, capsys) -> None:
    sink = tmp_path / "results.jsonl"
    monkeypatch.setenv(answers.RESULTS_ENV, str(sink))
    recorded = answers.submit("00.q7", {"a", "b"})
    blank = answers.submit("00.q8", ...)
    out = capsys.readouterr().out
    assert (recorded.status, blank.status) == ("recorded", "unanswered")
    assert "✉ 00.q7 recorded for grading." in out and "○ 00.q8 not answered yet." in out
    records = [json.loads(line) for line in sink.read_text(encoding="utf-8").splitlines()]
    assert records[0]["answer"]["type"] == "set" and records[1]["answer"]["type"] == "ellipsis"
    assert answers.summary().points == 0


def test_expected_answers_are_cached_per_world(fresh_checks) -> None:
    calls = []

    class FakeWorld:
        fingerprint = "fake-1"

    def expected(world: object) -> int:
        calls.append(world)
        return 4

    question = Question("00.q90", "How many?", expected, "count")
    for answer in (4, 5, 4):
        evaluate(question, answer, FakeWorld())
    assert len(calls) == 1


def test_expected_answers_survive_later_changes_to_the_world(fresh_checks) -> None:
    from labkit import make_world

    world = make_world(seed=11, n_customers=300)
    missing_email, online = q1_answer(world), (world["orders"]["channel"] == "online").sum()
    assert check("00.q1", missing_email, world).correct  # the chapter's answers are computed now
    world["orders"]["channel"] = "store"  # a learner's in-place change to a shared table
    world.tables["customers"] = world["customers"].head(10)
    assert evaluate("00.q5", online, world).correct
    assert evaluate("00.q1", missing_email, world).correct


def test_mistakes_that_fail_are_skipped(small_world_factory) -> None:
    question = Question(
        "00.q90",
        "How many?",
        lambda w: 4,
        "count",
        hint="Count again.",
        mistakes=(Mistake(lambda w: 1 / 0, "never shown"), Mistake(lambda w: 5, "Off by one.")),
    )
    assert evaluate(question, 5, small_world_factory()).hint == "Off by one."
    assert evaluate(question, 9, small_world_factory()).hint == "Count again."


def test_html_escapes_what_the_learner_typed(small_world_factory) -> None:
    result = evaluate("00.q1", "<script>alert(1)</script>", small_world_factory())
    assert "<script>" not in result.html() and "&lt;script&gt;" in result.html()


def test_jupyter_gets_text_and_html(monkeypatch) -> None:
    shown = []

    class Shell:
        kernel = object()

    monkeypatch.setattr(answers.verdicts, "jupyter_shell", lambda: Shell())
    monkeypatch.setattr("IPython.display.display", lambda data, raw: shown.append(data))
    result = check("00.q1", ...)
    assert shown and set(shown[0]) == {"text/plain", "text/html"}
    shown.clear()
    result._ipython_display_()  # the cell's return value is not shown a second time
    assert not shown


def test_result_text_forms() -> None:
    assert evaluate("00.q1", ...).text().startswith("○ 00.q1 not answered yet.")
    assert repr(evaluate("00.q1", None)) == "<Result 00.q1: unanswered>"


def test_an_id_whose_class_raises_is_still_answered(small_world_factory) -> None:
    """isinstance() itself raises for such an object: check must still answer, not raise."""
    odd = weird_object({"__class__", "__eq__", "__hash__"}, Boom, object)
    with contextlib.redirect_stdout(io.StringIO()):
        result = check(odd, 5, small_world_factory())
    assert result.status in STATUSES


# --------------------------------------------------------------------------- the judged world


def q1_answer(world: object) -> int:
    """The right answer to 00.q1 on ``world``: customers without an e-mail address."""
    return int(world["customers"]["email"].isna().sum())


def q2_answer(world: object) -> int:
    """The right answer to 00.q2 on ``world``: customers who signed up in as_of's year."""
    return int((world["customers"]["signup_date"].dt.year == world.as_of.year).sum())


NOTE = (
    "Checked against the world you loaded first (seed 7, en_US, 200 customers); to check "
    "against the one you loaded since, call labkit.use_world(world)."
)


def test_make_world_does_not_change_the_judged_world(fresh_checks, capsys) -> None:
    loaded = labkit.load_world(seed=7, n_customers=200)
    made = labkit.make_world(seed=8, n_customers=300)  # for a look: before the first check
    assert current_world() is loaded
    result = check("00.q1", q1_answer(loaded))
    assert result.correct and result.world["seed"] == 7 and result.note == ""
    labkit.make_world(seed=9, n_customers=400)  # and after it
    assert check("00.q1", q1_answer(loaded)).correct
    assert not check("00.q1", q1_answer(made)).correct
    assert current_world() is loaded
    assert "Checked against" not in capsys.readouterr().out


def test_a_world_loaded_later_is_named_not_switched_to(fresh_checks, capsys, tmp_path) -> None:
    sink = tmp_path / "results.jsonl"
    first = labkit.load_world(seed=7, n_customers=200)
    assert check("00.q1", q1_answer(first)).note == ""
    second = labkit.load_world(seed=8, n_customers=300)
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(answers.RESULTS_ENV, str(sink))
        result = check("00.q1", q1_answer(first))
    assert result.correct and result.world["seed"] == 7
    assert result.note == NOTE
    assert NOTE in capsys.readouterr().out and NOTE in result.text()
    assert "use_world" in result.html()
    assert json.loads(sink.read_text(encoding="utf-8"))["note"] == NOTE
    wrong = check("00.q1", q1_answer(second))  # still judged against the first
    assert not wrong.correct and wrong.note == NOTE
    assert current_world() is first
    assert check("00.q1", ...).note == ""  # a blank answer was not judged against a world
    labkit.load_world(seed=7, n_customers=200)  # the same world again: nothing to say
    assert check("00.q1", q1_answer(first)).note == ""


def test_use_world_switches_the_judged_world(fresh_checks, capsys) -> None:
    first = labkit.load_world(seed=7, n_customers=200)
    check("00.q1", q1_answer(first))
    second = labkit.load_world(seed=8, n_customers=300)
    labkit.use_world(second)
    assert labkit.current_world() is second
    result = check("00.q1", q1_answer(second))
    assert result.correct and result.world["seed"] == 8 and result.note == ""
    made = labkit.make_world(seed=9, n_customers=250)
    use_world(made)  # a made world can be chosen too
    assert check("00.q1", q1_answer(made)).correct
    labkit.load_world(seed=7, n_customers=200)  # loaded after the choice: named in the verdict
    note = check("00.q1", q1_answer(made)).note
    assert note.startswith("Checked against the world you chose with use_world (seed 9, en_US")
    with pytest.raises(TypeError, match="use_world needs a World.*you gave the text 'world'"):
        use_world("world")


def test_reset_unbinds_the_judged_world(fresh_checks) -> None:
    first = labkit.load_world(seed=7, n_customers=200)
    check("00.q1", q1_answer(first))
    second = labkit.load_world(seed=8, n_customers=300)
    answers.reset()
    assert current_world() is second
    result = check("00.q1", q1_answer(second))
    assert result.correct and result.note == "" and result.world["seed"] == 8


def test_a_world_given_to_check_is_for_that_call_only(fresh_checks, small_world_factory) -> None:
    first = labkit.load_world(seed=7, n_customers=200)
    check("00.q1", q1_answer(first))
    other = small_world_factory()
    result = check("00.q1", q1_answer(other), other)
    assert result.correct and result.note == "" and result.world["seed"] == 2026
    assert check("00.q1", q1_answer(first)).correct
    assert current_world() is first


def test_with_nothing_loaded_the_first_check_loads_the_course_world(
    fresh_checks, monkeypatch, small_world_factory
) -> None:
    course = small_world_factory(7, "zh_CN")
    loads = []
    monkeypatch.setattr(judged_world, "last_loaded", lambda: loads[-1] if loads else None)
    monkeypatch.setattr(judged_world, "load_world", lambda: loads.append(course) or course)
    assert check("00.q1", ...).status == "unanswered" and not loads  # no world needed yet
    assert check("00.q1", q1_answer(course)).correct
    assert loads == [course] and current_world() is course
    assert check("00.q2", q2_answer(course)).correct and loads == [course]


def test_evaluate_does_not_bind_the_session(fresh_checks) -> None:
    first = labkit.load_world(seed=7, n_customers=200)
    assert evaluate("00.q1", q1_answer(first)).correct  # judged against the loaded one
    second = labkit.load_world(seed=8, n_customers=300)
    result = check("00.q1", q1_answer(second))
    assert result.correct and result.note == ""


def test_labkit_exports_the_judged_world() -> None:
    assert labkit.use_world is use_world and labkit.current_world is current_world
    assert {"check", "summary", "use_world", "current_world"} <= set(labkit.__all__)
    assert {"use_world", "current_world"} <= set(dir(labkit))
