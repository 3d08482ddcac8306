"""labkit.text: one tokenizer for English and Chinese, quiet and loaded only when used."""

from __future__ import annotations

import subprocess
import sys

import pytest

from labkit.i18n import use_language
from labkit.text import SENTIMENT_WORDS, tokenize, tokenize_all


def test_english_words_are_lower_cased_without_punctuation() -> None:
    assert tokenize("Great price!! Didn't arrive on time, though 😡", "en_US") == [
        "great", "price", "didn't", "arrive", "on", "time", "though"]


def test_chinese_is_segmented_into_words_and_emoji_are_dropped() -> None:
    words = tokenize("电话排队等了好久，APP还闪退😤😤", "zh_CN")
    assert "好久" in words and "好" not in words
    assert "app" in words and not any("😤" in word for word in words)
    assert all(word.strip() for word in words)


def test_tokenize_all_keeps_one_list_per_text() -> None:
    assert tokenize_all([], "zh_CN") == []
    assert tokenize_all(["", "ok"], "en_US") == [[], ["ok"]]


@pytest.mark.parametrize("locale", ["de_DE", "zh", ""])
def test_an_unknown_locale_is_refused_with_a_clear_error(locale: str) -> None:
    with pytest.raises(ValueError, match="No tokenizer"):
        tokenize("text", locale)


@pytest.mark.parametrize("text", [None, 3, ["a"]])
def test_a_text_that_is_not_a_string_is_refused(text) -> None:
    with pytest.raises(ValueError, match="expects a text"):
        tokenize(text, "en_US")


def test_the_error_is_said_in_chinese_in_a_chinese_notebook() -> None:
    use_language("zh")
    try:
        with pytest.raises(ValueError, match="分词方法"):
            tokenize("text", "fr_FR")
    finally:
        use_language(None)  # follow the environment again


def test_the_word_lists_are_words_the_tokenizer_returns() -> None:
    for locale, (positive, negative) in SENTIMENT_WORDS.items():
        assert not set(positive) & set(negative)
        for word in (*positive, *negative):
            assert tokenize(word, locale) == [word], (locale, word)


def test_importing_labkit_does_not_load_jieba() -> None:
    code = "import sys, labkit, labkit.text, labkit.questions.ch10; print('jieba' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True)
    assert found.stdout.strip() == "False"


def test_segmenting_says_nothing() -> None:
    code = "from labkit.text import tokenize; tokenize('物流很快', 'zh_CN')"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert run.stdout == "" and run.stderr == ""
