"""Record linkage (信息匹配): find the records that belong to one person.

One module per stage, in the order the records go through them:

1. :mod:`~labkit.linkage.standardise` — each compared column in its comparison
   forms (the values themselves are standardised first by :mod:`labkit.cleaning`);
2. :mod:`~labkit.linkage.blocking` — which pairs are compared at all:
   :func:`block_on` rules and :func:`candidate_pairs`;
3. :mod:`~labkit.linkage.comparisons` — how two records are compared on one
   column: :class:`ExactMatch`, :class:`PhoneMatch`, :class:`EmailMatch`,
   :class:`NameMatch`, :class:`DateMatch`, :class:`TextMatch` (their string
   similarity is :mod:`~labkit.linkage.similarity`: :func:`jaro_winkler`);
4. :mod:`~labkit.linkage.scoring` — one weighted score per pair, with the
   evidence rule: :func:`score_pairs`;
5. :mod:`~labkit.linkage.clustering` — a threshold and connected components
   give entity ids: :func:`find_duplicates` runs stages 1–5;
6. :mod:`~labkit.linkage.evaluation` — precision, recall and F1 against the
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

from labkit.linkage.blocking import MAX_BLOCK, BlockingRule, block_on, candidate_pairs
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
from labkit.linkage.evaluation import pairwise_scores
from labkit.linkage.raw_records import RAW_RECORDS_BLOCK_ON, RAW_RECORDS_COMPARE
from labkit.linkage.scoring import MIN_EVIDENCE, score_pairs
from labkit.linkage.similarity import JW_FLOOR, jaro_winkler

__all__ = [
    "JW_FLOOR",
    "KINDS",
    "MAX_BLOCK",
    "MIN_EVIDENCE",
    "RAW_RECORDS_BLOCK_ON",
    "RAW_RECORDS_COMPARE",
    "THRESHOLD",
    "BlockingRule",
    "Comparison",
    "DateMatch",
    "EmailMatch",
    "ExactMatch",
    "NameMatch",
    "PhoneMatch",
    "TextMatch",
    "block_on",
    "candidate_pairs",
    "find_duplicates",
    "jaro_winkler",
    "pairwise_scores",
    "score_pairs",
]
