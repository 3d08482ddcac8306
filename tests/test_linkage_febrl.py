"""labkit.linkage on data that is not ours: FEBRL dataset 4, a public benchmark.

The only configuration is the kind of each column (``FEBRL4_COMPARE``): no blocking
rules, no threshold, no weights. The files are kept in tests/data/febrl4/ (origin and
licence in its README), so the test needs no network.
"""

from __future__ import annotations

import time
import warnings

import pandas as pd
import pytest

from labkit.linkage import find_duplicates, pairwise_scores
from labkit.linkage.febrl import FEBRL4_COMPARE, FEBRL4_FILES, febrl4_folder, load_febrl4


def test_the_febrl_files_are_kept_with_the_kit() -> None:
    folder = febrl4_folder()
    assert folder is not None and (folder / "README.md").is_file()
    assert all((folder / name).is_file() for name in FEBRL4_FILES)
    with pytest.raises(FileNotFoundError, match="tests/data/febrl4"):
        load_febrl4(folder / "nowhere")


@pytest.mark.slow
def test_febrl_dataset_4_scores_f1_above_0_97_with_only_the_column_kinds() -> None:
    records, truth = load_febrl4()
    assert len(records) == 10_000 and truth.nunique() == 5_000
    assert set(FEBRL4_COMPARE) < set(records.columns)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no block is skipped, so nothing to warn about
        entity = find_duplicates(records, FEBRL4_COMPARE)
    seconds = time.perf_counter() - start
    scores = pairwise_scores(entity, truth)
    assert scores["f1"] >= 0.97, scores
    assert scores["precision"] >= 0.95 and scores["recall"] >= 0.95, scores
    assert seconds < 60, seconds  # about 2 s on a laptop; generous for shared CI machines
    assert isinstance(entity, pd.Series) and entity.index.equals(records.index)
