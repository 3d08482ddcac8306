"""The branch upload of chapter 03's import exercise: the same rows, the planted problems."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import CHECK_LOCALES

from labkit import database
from labkit.database.tables import table_spec
from labkit.database.uploads import PLANTED, messy_upload


@pytest.mark.parametrize("locale", CHECK_LOCALES)
def test_the_upload_is_rebuilt_identically_from_the_world(small_world_factory, locale) -> None:
    world = small_world_factory(2026, locale)
    first, again = messy_upload(world), messy_upload(world)
    pd.testing.assert_frame_equal(first, again)
    assert list(first.columns) == table_spec("customers").column_names
    assert len(world["customers"]) == 1500  # the world itself is not changed


@pytest.mark.parametrize("locale", CHECK_LOCALES)
def test_exactly_the_planted_rows_are_rejected_with_their_reasons(
    small_world_factory, locale, tmp_path
) -> None:
    world = small_world_factory(7, locale)
    path = tmp_path / "branch_upload.csv"
    messy_upload(world).to_csv(path, index=False)
    report = database.import_file(
        path, "customers", database.build_database(world, tmp_path / "x.db")
    )
    assert (report.rows_read, report.rejected) == (10, len(PLANTED))
    assert sum(report.reasons.values()) == sum(len(why) for why in PLANTED.values())
    rejects = pd.read_csv(report.rejects_path, encoding="utf-8-sig", dtype=str)
    assert sorted(rejects["email"]) == sorted(
        f"branch.upload{row + 1}@example.com" for row in PLANTED
    )
    assert rejects["reasons"].str.contains("; ").sum() == 1  # row 6 has two problems


def test_a_world_too_small_for_the_upload_is_refused(small_world_factory) -> None:
    world = small_world_factory(2026, "en_US")

    class Tiny:
        def __getitem__(self, name: str) -> pd.DataFrame:
            return world[name].head(5)

    with pytest.raises(ValueError, match="needs 10"):
        messy_upload(Tiny())
