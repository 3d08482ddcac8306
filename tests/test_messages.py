"""The kit speaks the learner's language: every marked message has a Chinese translation."""

from __future__ import annotations

import pytest

from labkit import i18n
from labkit.course.messages import check_catalogues, extract, fields


def test_every_marked_message_is_translated_with_the_same_fields() -> None:
    problems = check_catalogues("zh")
    listed = "\n".join(f"{where}: {problem}: {message!r}" for where, message, problem in problems)
    assert not problems, (
        f"{len(problems)} message(s) need work (run `labkit messages --list`):\n{listed}"
    )


def test_catalogues_hold_the_marked_messages() -> None:
    messages = extract()
    translated = i18n.translations("zh")
    for domain in messages.values():
        for message in domain:
            assert i18n.gettext(message, language="zh") == translated[message]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LABKIT_LOCALE": "zh_CN"}, "zh"),
        ({"LABKIT_LOCALE": "en_US"}, "en"),
        ({"LABKIT_LANG": "zh"}, "zh"),
        ({"LABKIT_LANG": "zh_CN", "LABKIT_LOCALE": "en_US"}, "zh"),
        ({"LABKIT_LANG": "en", "LABKIT_LOCALE": "zh_CN"}, "en"),
        ({"LABKIT_LANG": "klingon", "LABKIT_LOCALE": "zh_CN"}, "zh"),
    ],
)
def test_language_follows_the_setting_then_the_world(
    environ: dict[str, str], expected: str
) -> None:
    assert i18n.language(environ) == expected


def test_use_language_overrides_and_resets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABKIT_LANG", "en")
    try:
        assert i18n.use_language("zh_CN") == "zh"
        assert i18n.language() == "zh"
        with pytest.raises(ValueError, match="语言只能是 en, zh 之一；收到的是 'fr'"):
            i18n.use_language("fr")  # said in the language in force
        i18n.use_language("en")
        with pytest.raises(ValueError, match="language must be one of en, zh; got 'fr'"):
            i18n.use_language("fr")
    finally:
        assert i18n.use_language(None) == "en"


def test_untranslated_text_comes_back_in_english() -> None:
    assert i18n.gettext("A sentence nobody marked.", language="zh") == "A sentence nobody marked."
    assert i18n.gettext("", language="zh") == ""


def test_fields_are_the_named_format_fields() -> None:
    assert fields("{n} of {total:,} rows, {{literal}}") == ["n", "total"]
    assert fields("no fields") == []
