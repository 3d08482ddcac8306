"""The files of a saved world (labkit.world.storage): CSV tables, world.json, column types."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import labkit
from labkit.world import storage


def sample_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": np.array([1, 2, 3], dtype=np.int64),
            "maybe": pd.array([4, None, 6], dtype="Int64"),
            "share": [0.5, np.nan, 0.25],
            "phone": ["013800", "(212) 555-0134", None],
            "ok": [True, False, True],
            "day": pd.to_datetime(["2025-01-02", "2025-01-03", None]).astype("datetime64[s]"),
            "at": pd.to_datetime(["2025-01-02 08:30:05", None, "2025-12-31 23:59:59"]).astype(
                "datetime64[s]"
            ),
            "text": ["一行\n两行", 'a "quoted", text', "plain"],
        }
    )


def test_a_table_round_trips_with_its_types(tmp_path):
    frame = sample_table()
    storage.write_table(frame, tmp_path / "t.csv")
    back = storage.read_table(tmp_path / "t.csv", storage.column_types_of(frame))
    assert back["id"].dtype == "int64" and back["maybe"].dtype == "Int64"
    assert back["ok"].dtype == bool and back["day"].dtype == "datetime64[s]"
    assert back["phone"].tolist()[:2] == ["013800", "(212) 555-0134"]
    assert pd.isna(back["phone"].iloc[2])
    pd.testing.assert_series_equal(back["at"], frame["at"])
    pd.testing.assert_series_equal(back["day"], frame["day"])
    assert back["text"].tolist() == frame["text"].tolist()
    assert storage.count_rows(tmp_path / "t.csv") == 3


def test_a_table_file_is_utf8_with_bom_dates_without_midnight(tmp_path):
    storage.write_table(sample_table(), tmp_path / "t.csv")
    raw = (tmp_path / "t.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    text = raw.decode("utf-8-sig")
    assert ",2025-01-02,2025-01-02 08:30:05," in text
    assert "00:00:00" not in text


def test_world_json_keeps_its_keys_and_order(tmp_path):
    world = labkit.make_world(seed=2, n_customers=60, locale="zh_CN")
    world.save(tmp_path)
    metadata = json.loads((tmp_path / "world.json").read_text(encoding="utf-8"))
    assert list(metadata) == [
        "format_version",
        "seed",
        "n_customers",
        "locale",
        "as_of",
        "currency",
        "tables",
        "truth",
        "schema",  # the column types; the key keeps its old name so files stay identical
        "params",
    ]
    assert metadata["currency"] == "CNY" and metadata["as_of"] == "2025-12-31"
    assert metadata["schema"]["truth/churn"]["churned"] == "bool"
    read = storage.read_metadata(tmp_path)
    assert read["column_types"] == metadata["schema"]
    assert storage.saved_column_types(tmp_path) == metadata["schema"]
    counts = storage.saved_row_counts(tmp_path)
    assert counts["customers"] == 60
    assert counts["truth/segments"] == 60
    assert set(counts) == {*world.tables, *(f"truth/{n}" for n in world.truth.names)}


def test_same_tables_same_bytes(tmp_path):
    world = labkit.make_world(seed=2, n_customers=60)
    world.save(tmp_path / "a")
    labkit.world.read_world(tmp_path / "a").save(tmp_path / "b")
    for path in sorted((tmp_path / "a").rglob("*.*")):
        rel = path.relative_to(tmp_path / "a")
        assert (tmp_path / "b" / rel).read_bytes() == path.read_bytes(), rel


def test_a_folder_without_world_json_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"does not hold a saved world \(no world.json\)"):
        storage.read_world_files(tmp_path)
    with pytest.raises(FileNotFoundError, match="labkit world --out DIR"):
        labkit.world.read_world(tmp_path)
