"""Record linkage (信息匹配): find the records that belong to one person.

One module per stage, in the order the records go through them:

1. :mod:`~labkit.linkage.standardise` — each compared column in its comparison
   forms (the values themselves are standardised first by :mod:`labkit.cleaning`);
2. :mod:`~labkit.linkage.blocking` — which pairs are compared at all:
   :func:`block_on` rules, unioned, and :func:`candidate_pairs` (oversized
   blocks by sorted neighbourhood, so no record is left out);
3. :mod:`~labkit.linkage.comparisons` — how two records are compared on one
   column, as agreement levels: :class:`ExactMatch`, :class:`PhoneMatch`,
   :class:`EmailMatch`, :class:`NameMatch`, :class:`DateMatch`,
   :class:`TextMatch` (their string similarity is
   :mod:`~labkit.linkage.similarity`: :func:`jaro_winkler`, from ``rapidfuzz``);
4. :mod:`~labkit.linkage.model` — the Fellegi–Sunter model: m and u per level,
   match weights and match probabilities (:class:`MatchModel`);
5. :mod:`~labkit.linkage.estimation` — the model learnt from the records: u from
   random pairs, m and the prior by EM over the candidate pairs
   (:func:`estimate_model`);
6. :mod:`~labkit.linkage.scoring` — match weights and probability of each pair:
   :func:`score_pairs`;
7. :mod:`~labkit.linkage.clustering` — a threshold and connected components
   give entity ids: :func:`find_duplicates` runs stages 1–7;
8. :mod:`~labkit.linkage.evaluation` — precision, recall and F1 against the
   truth: :func:`pairwise_scores`.

:mod:`~labkit.linkage.raw_records` holds the world's own configuration,
:data:`RAW_RECORDS_COMPARE` and :data:`RAW_RECORDS_BLOCK_ON`.

Examples
--------
>>> import pandas as pd
>>> from labkit.linkage import NameMatch, PhoneMatch, block_on, find_duplicates
>>> people = pd.DataFrame({"name": ["John Smith", "SMITH, John", "Li Na"],
...                        "phone": ["212 555 0134", "(212) 555-0134", "13812345678"]})
>>> find_duplicates(people, [NameMatch("name"), PhoneMatch("phone")],
...                 block_on=[block_on("phone")]).tolist()
[1, 1, 2]
>>> find_duplicates(people, {"name": "name", "phone": "phone"}).tolist()  # the dict form
[1, 1, 2]
"""

from __future__ import annotations

from labkit.linkage.blocking import (
    MAX_BLOCK,
    NEIGHBOURS,
    BlockingRule,
    block_on,
    candidate_pairs,
)
from labkit.linkage.clustering import THRESHOLD, find_duplicates
from labkit.linkage.comparisons import (
    KINDS,
    Comparison,
    DateMatch,
    EmailMatch,
    ExactMatch,
    NameMatch,
    PhoneMatch,
    TextMatch,
)
from labkit.linkage.estimation import estimate_model
from labkit.linkage.evaluation import pairwise_scores
from labkit.linkage.model import MatchModel
from labkit.linkage.raw_records import RAW_RECORDS_BLOCK_ON, RAW_RECORDS_COMPARE
from labkit.linkage.scoring import score_pairs
from labkit.linkage.similarity import jaro_winkler

__all__ = [
    "KINDS",
    "MAX_BLOCK",
    "NEIGHBOURS",
    "RAW_RECORDS_BLOCK_ON",
    "RAW_RECORDS_COMPARE",
    "THRESHOLD",
    "BlockingRule",
    "Comparison",
    "DateMatch",
    "EmailMatch",
    "ExactMatch",
    "MatchModel",
    "NameMatch",
    "PhoneMatch",
    "TextMatch",
    "block_on",
    "candidate_pairs",
    "estimate_model",
    "find_duplicates",
    "jaro_winkler",
    "pairwise_scores",
    "score_pairs",
]
