"""Chapter 04's scenario cells run twice never earn a tick, and the check says why.

The exercises change the learner's database (upserts, a consent switch, an erasure).
A learner who runs such a cell twice must get either the same right answer (the cell is
idempotent) or a hint naming the second run, never a tick for a different number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import pytest
from cryptography.fernet import Fernet, InvalidToken

from labkit import database, load_world, make_world, privacy
from labkit.answers import evaluate
from labkit.questions.ch04 import SECTION_NAMES_ZH, _rule_book

if TYPE_CHECKING:  # pragma: no cover - typing only
    from labkit.world import World

#: The lab key of the encryption exercise (the solutions notebook's set-up cell).
LAB_KEY = b"eHVkb25nLWZlcm5ldC1leGVyY2lzZS1rZXktMjAyNSE="


@pytest.fixture(scope="module")
def world():
    return load_world()


@pytest.fixture()
def con(world, tmp_path):
    connection = database.connect(database.build_database(world, tmp_path / "xudong.db"))
    yield connection
    connection.close()


def test_the_upsert_run_twice_keeps_the_history_answer(world, con) -> None:
    gaps = world.customers.query("customer_id <= 300 and email.isna()")[["customer_id"]]
    gaps = gaps.assign(email=[f"member{i}@example.com" for i in gaps["customer_id"]])
    for _ in range(2):
        database.upsert_customers(con, gaps, when=world.as_of + pd.Timedelta(days=7))
    rows = con.execute("SELECT COUNT(*) FROM customers_history").fetchone()[0]
    assert evaluate("04.q2", rows, world).status == "correct"


def test_the_consent_switch_run_twice_is_named(world, con) -> None:
    database.install_audit_log(con)
    database.set_session_user(con, "supervisor")
    complained = world.service_tickets.query("topic == 'complaint'")["customer_id"].unique()
    for _ in range(2):
        con.executemany("UPDATE customers SET marketing_consent = 0 WHERE customer_id = ?",
                        [(int(c),) for c in complained])
    entries = con.execute("SELECT COUNT(*) FROM audit_log WHERE who = 'supervisor'").fetchone()[0]
    verdict = evaluate("04.q8", entries, world)
    assert verdict.status != "correct"
    assert "twice" in verdict.hint
    changed = con.execute("""SELECT COUNT(*) FROM audit_log WHERE who = 'supervisor'
        AND json_extract(old, '$.marketing_consent') = 1""").fetchone()[0]
    assert evaluate("04.q9", changed, world).status == "correct"


def test_the_accident_run_twice_keeps_the_restore_answer(world, con, tmp_path) -> None:
    backup = database.backup(con, tmp_path / "backup.db")
    for _ in range(2):
        con.execute("DELETE FROM feedback WHERE rating <= 2")
        con.commit()
    path = tmp_path / "xudong.db"
    back = abs(int(database.compare_counts(backup, path).loc["feedback", "difference"]))
    assert evaluate("04.q6", back, world).status == "correct"


def test_the_erasure_cell_run_twice_keeps_its_answer(world, con) -> None:
    counts = world.orders["customer_id"].value_counts()
    target = int(counts[counts == counts.max()].index.min())
    for _ in range(2):  # the exercise cell: a second run finds nobody and keeps the first counts
        if database.customer_record(con, target) is not None:
            erased = database.erase_customer(con, target)
    assert evaluate("04.q15", erased["orders"] + erased["order_items"], world).status == "correct"
    with pytest.raises(KeyError, match="no customer"):
        database.erase_customer(con, target)
    verdict = evaluate("04.q15", 0, world)  # what a zero-count second erasure would give
    assert verdict.status != "correct"
    assert "twice" in verdict.hint


def _altered_tokens(world: World) -> pd.Series:
    """The encryption scenario cell of 04.q17: fresh tokens, the call-centre ones edited."""
    file = world.customers.set_index("customer_id").loc[1:300]
    tokens = privacy.encrypt_values(file["phone"], LAB_KEY)
    edited = file["signup_channel"] == "call_centre"
    return tokens.where(~edited, tokens.map(lambda t: t[:60] + ("B" if t[60] == "A" else "A")
                                                      + t[61:]))


def _outcomes(tokens: pd.Series, key: bytes) -> pd.Series:
    fernet, outcomes = Fernet(key), {"decrypted": 0, "rejected": 0}
    for token in tokens:
        try:
            fernet.decrypt(token.encode())
            outcomes["decrypted"] += 1
        except InvalidToken:
            outcomes["rejected"] += 1
    return pd.Series(outcomes)


@pytest.mark.parametrize("locale", ["en_US", "zh_CN"])
def test_the_altered_tokens_are_counted_by_decrypting_in_both_locales(locale) -> None:
    world = make_world(seed=11, n_customers=500, locale=locale)
    for _ in range(2):  # a second run encrypts afresh: other tokens, the same answer
        answer = _outcomes(_altered_tokens(world), LAB_KEY)
        assert evaluate("04.q17", answer, world).status == "correct"
    assert answer["rejected"] > 0
    fresh = evaluate("04.q17", _outcomes(_altered_tokens(world), Fernet.generate_key()), world)
    assert fresh.status != "correct"
    assert "fresh key" in fresh.hint


def test_the_rule_book_numbering_follows_the_world(world) -> None:
    other = make_world(seed=7, n_customers=500, locale="zh_CN")
    assert not _rule_book(world).equals(_rule_book(other))
    assert sorted(_rule_book(world).value_counts().tolist()) == [2, 2, 3, 3]
    verdict = evaluate("04.q16", _rule_book(world).str.upper(), world)
    assert verdict.status == "correct"


def test_the_rule_book_takes_the_chinese_section_names_but_not_a_mixture(world) -> None:
    chinese = _rule_book(world).map(SECTION_NAMES_ZH)
    assert evaluate("04.q16", chinese, world).status == "correct"
    mixed = _rule_book(world).where(lambda s: s != "general", "总则")
    assert evaluate("04.q16", mixed, world).status == "incorrect"
