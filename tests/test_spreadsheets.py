"""CSV files for spreadsheets: no formula runs, numbers stay numbers, all or nothing."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from labkit.spreadsheets import (
    FORMULA_TRIGGERS,
    neutralise_cell,
    neutralise_frame,
    restore_cell,
    restore_frame,
    write_csv_atomically,
)

texts = st.text(alphabet=st.sampled_from("=+-@\t\r'a1. ,\"\n"), max_size=12) | st.text(max_size=12)


@given(text=texts)
def test_no_text_cell_starts_a_formula_and_restoring_is_exact(text) -> None:
    safe = neutralise_cell(text)
    assert not safe.startswith(FORMULA_TRIGGERS) or safe == text  # a plain number stays
    assert restore_cell(safe) == text


@given(number=st.integers() | st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_stay_numbers(number) -> None:
    assert neutralise_cell(number) == number
    assert neutralise_cell(str(number)) == str(number)


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+1+cmd",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "'=1",
        '=HYPERLINK("x")',
    ],
)
def test_known_injections_are_neutralised(text) -> None:
    assert neutralise_cell(text).startswith("'")


@given(rows=st.lists(st.lists(texts, min_size=2, max_size=2), max_size=5))
def test_a_written_csv_reads_back_the_same(tmp_path_factory, rows) -> None:
    path = tmp_path_factory.mktemp("csv") / "out.csv"
    write_csv_atomically(path, ["a", "b"], rows)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        back = list(csv.reader(handle))
    assert back[0] == ["a", "b"]
    assert [[restore_cell(c) for c in row] for row in back[1:]] == rows
    assert not any(
        c.startswith(FORMULA_TRIGGERS) and c != restore_cell(c)
        for row in back
        for c in row
        if restore_cell(c) != c
    )


def test_frames_keep_numeric_columns() -> None:
    frame = pd.DataFrame({"=name": ["=1", "ok"], "amount": [-1.5, 2.0], "n": [-1, 2]})
    safe = neutralise_frame(frame)
    assert list(safe.columns) == ["'=name", "amount", "n"]
    assert safe["amount"].tolist() == [-1.5, 2.0] and safe["n"].dtype == frame["n"].dtype
    assert restore_frame(safe).equals(frame)


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch) -> None:
    path = tmp_path / "g.csv"
    path.write_text("old\n", encoding="utf-8")

    class Boom:
        def __str__(self) -> str:
            raise RuntimeError("cannot write this cell")

    with pytest.raises(RuntimeError):
        write_csv_atomically(path, ["a"], [["ok"], [Boom()]])
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.csv"]


def test_a_missing_folder_is_an_error(tmp_path) -> None:
    with pytest.raises(FileNotFoundError):
        write_csv_atomically(tmp_path / "nope" / "g.csv", ["a"], [])
