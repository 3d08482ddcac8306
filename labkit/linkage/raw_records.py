"""How to match the world's ``raw_records``: the comparisons and blocking rules.

Used by chapter 03, ``benchmarks/bench_dedup.py`` and the capstone, on the
records as standardised by :func:`labkit.cleaning.standardise_records`::

    find_duplicates(clean, RAW_RECORDS_COMPARE, block_on=RAW_RECORDS_BLOCK_ON)

How much each agreement counts is estimated from the records
(:func:`labkit.linkage.estimate_model`), not set here.

>>> [str(rule) for rule in RAW_RECORDS_BLOCK_ON][:2]
['block on phone', 'block on email']
"""

from __future__ import annotations

from labkit.linkage.blocking import BlockingRule, block_on
from labkit.linkage.comparisons import (
    Comparison,
    DateMatch,
    EmailMatch,
    NameMatch,
    PhoneMatch,
    TextMatch,
)

__all__ = ["RAW_RECORDS_BLOCK_ON", "RAW_RECORDS_COMPARE"]

#: How to compare two of the world's standardised raw records.
RAW_RECORDS_COMPARE: list[Comparison] = [
    NameMatch("name"),
    PhoneMatch("phone"),
    EmailMatch("email"),
    DateMatch("birth_date"),
    TextMatch("address"),
]
#: Which pairs of the world's raw records to compare: those sharing any one field.
RAW_RECORDS_BLOCK_ON: list[BlockingRule] = [
    block_on("phone"),
    block_on("email"),
    block_on("name"),
    block_on("birth_date"),
    block_on("address"),
]
