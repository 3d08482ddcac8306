"""The kit speaks the learner's language: the same action, in Chinese and in English.

Each test does what a learner or an instructor does (gets a verdict, imports a
file, runs ``labkit doctor``, draws with the kit's font) once with
``LABKIT_LANG=zh`` and once with ``LABKIT_LANG=en``, and reads what comes out.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from labkit import i18n
from labkit import questions as registry
from labkit.answers.judging import evaluate
from labkit.answers.verdicts import Summary
from labkit.questions import Question


@pytest.fixture(params=["zh", "en"])
def lang(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The language set by LABKIT_LANG (and no use_language() left over)."""
    i18n.use_language(None)
    monkeypatch.setenv("LABKIT_LANG", request.param)
    yield request.param
    i18n.use_language(None)


def _said(lang: str, chinese: str, english: str) -> str:
    return chinese if lang == "zh" else english


def test_a_verdict_and_its_hints_come_out_in_the_language(lang: str) -> None:
    known = registry.get("00.q1")
    question = Question(
        "00.q90", known.prompt, lambda w: 4, "count", hint=known.hint, answer_kind=known.answer_kind
    )
    wrong_kind = evaluate(question, "many", object()).text()
    assert wrong_kind.startswith(_said(lang, "✗ 00.q90 还不对。", "✗ 00.q90 not quite."))
    assert _said(lang, "你给出的是文本 'many'", "You gave the text 'many'") in wrong_kind
    assert i18n.gettext(known.describe, language=lang) in wrong_kind
    wrong = evaluate(question, 5, object()).text()
    assert i18n.gettext(known.hint, language=lang) in wrong
    if lang == "zh":
        assert known.hint not in wrong  # the question's own hint is translated too
    score = Summary([("00.q90", "correct")], 1.0, 1.0).text()
    assert score.startswith(_said(lang, "目前得分：", "Score so far:"))


def test_a_known_mistake_hint_comes_out_in_the_language(lang: str) -> None:
    with_mistake = next(q for q in registry.all_questions() if q.mistakes)
    mistake = with_mistake.mistakes[0]
    question = Question(
        "00.q91", "?", lambda w: 10, "count", mistakes=(type(mistake)(lambda w: 7, mistake.hint),)
    )
    result = evaluate(question, 7, object())
    assert result.hint == i18n.gettext(mistake.hint, language=lang)
    assert (result.hint == mistake.hint) == (lang == "en")


def test_an_import_reject_reason_and_the_template_come_out_in_the_language(
    lang: str, tmp_path: Path
) -> None:
    import labkit
    from labkit import database

    world = labkit.make_world(seed=1, n_customers=200)
    db = database.build_database(world, tmp_path / "x.db")
    template = database.template("feedback", tmp_path / "fb.csv")
    instructions = template.with_name("fb_instructions.txt").read_text(encoding="utf-8")
    assert instructions.startswith(
        _said(lang, "表 'feedback' 的导入模板", "Import template for table 'feedback'")
    )
    with template.open("a", encoding="utf-8") as handle:
        handle.write("90002,1,2025-06-01,email,9,Too high\n")
    report = database.import_file(template, "feedback", db)
    assert list(report.reasons) == [
        _said(lang, "rating: 不在 1 和 5 之间", "rating: not between 1 and 5")
    ]
    assert _said(lang, "主要拒收原因：", "Top reasons for rejection:") in str(report)


def test_a_doctor_line_and_its_summary_come_out_in_the_language(
    lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from labkit.commands import doctor
    from labkit.course.environment import SETUP_HINT, Finding

    detail = i18n.gettext("cannot import labkit.plotting ({exc}); fix: {SETUP_HINT}").format(
        exc="boom", SETUP_HINT=i18n.gettext(SETUP_HINT)
    )
    findings = [Finding("numpy", True, "2.1.3"), Finding("Chinese font", False, detail)]
    monkeypatch.setattr(doctor, "diagnose", lambda: iter(findings))
    assert doctor.run(argparse.Namespace(quiet=False)) == 1
    out = capsys.readouterr().out
    assert _said(lang, "FAIL 中文字体: 无法导入 labkit.plotting", "FAIL Chinese font:") in out
    assert _said(lang, "2 项检查中有 1 项未通过", "1 of 2 checks failed") in out


def test_the_chart_font_message_comes_out_in_the_language(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The kit draws no chart of its own: its plotting words are the font's messages.
    from labkit import plotting

    monkeypatch.setattr(plotting, "find_chinese_font", lambda: None)
    expected = _said(lang, "找不到中文字体", "The Chinese font")
    with pytest.raises(RuntimeError, match=expected):
        plotting.use_chinese_font()


def test_use_language_wins_over_the_setting(lang: str) -> None:
    other = "en" if lang == "zh" else "zh"
    i18n.use_language(other)
    assert (
        evaluate(Question("00.q90", "?", lambda w: 1, "count"), ..., object())
        .text()
        .startswith(_said(other, "○ 00.q90 尚未作答。", "○ 00.q90 not answered yet."))
    )


def test_a_format_reason_inside_an_import_reject_reason_comes_out_in_the_language(
    lang: str, tmp_path: Path
) -> None:
    import csv
    import sqlite3

    import labkit
    from labkit import database

    world = labkit.make_world(seed=1, n_customers=50)
    db = database.build_database(world, tmp_path / "x.db")
    with sqlite3.connect(db) as con:
        con.row_factory = sqlite3.Row
        row = dict(con.execute("SELECT * FROM customers LIMIT 1").fetchone())
    template = database.template("customers", tmp_path / "c.csv")
    with template.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for customer_id, phone, email in (
            (90001, "512-CALL-NOW", row["email"]),
            (90002, "(512) 604-1234", "li wei@qq.com"),
        ):
            writer.writerow(
                {**row, "customer_id": customer_id, "phone": phone, "email": email}.values()
            )
    report = database.import_file(template, "customers", db)
    assert report.rejected == 2
    assert list(report.reasons) == [
        _said(
            lang,
            "phone: 不是有效的 en_US 电话号码（含字母）",
            "phone: not a valid phone number for en_US (has letters)",
        ),
        _said(
            lang,
            "email: 不是有效的电子邮件地址（含空格）",
            "email: not a valid e-mail address (has spaces)",
        ),
    ]


def test_an_unknown_question_id_is_refused_in_the_language(lang: str) -> None:
    with pytest.raises(KeyError, match=_said(lang, "没有题目 '00.q999'", "there is no question")):
        registry.get("00.q999")
    with pytest.raises(KeyError, match=_said(lang, "不是题号", "is not a question id")):
        registry.get("q1")


def test_labkit_help_comes_out_in_the_language(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from labkit.cli import main

    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(_said(lang, "用法：labkit", "usage: labkit"))
    assert _said(lang, "检查本环境能否运行本课程", "check that this environment can run") in out
    assert _said(lang, "显示本帮助信息并退出", "show this help message and exit") in out
    assert main(["world", "--help"]) == 0
    out = capsys.readouterr().out
    assert _said(lang, "要生成的客户数", "number of customers to generate") in out
    assert _said(lang, "选项", "options") in out
