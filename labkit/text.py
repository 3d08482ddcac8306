"""Words from customers' texts, in English and Chinese (chapter 10's tokenizer).

Text analysis starts by cutting a text into words (tokens). English words are
separated by spaces; Chinese is written without them, so a Chinese text is cut by a
word segmenter (分词): `jieba <https://github.com/fxsjy/jieba>`_, the standard
one, pure Python with its dictionary inside the package (nothing is downloaded).
:func:`tokenize` hides that difference, so one analysis runs on both worlds. The
lesson of chapter 10 shows what segmentation does; this module only does it.

jieba is imported the first time a Chinese text is cut, not when labkit is
imported, and its start-up messages are silenced. It keeps a cache of its
dictionary in the system's temporary folder, which makes the next start faster.

>>> tokenize("The delivery was NOT fast!", "en_US")
['the', 'delivery', 'was', 'not', 'fast']
>>> tokenize("物流太慢了，差评！", "zh_CN")
['物流', '太慢', '了', '差评']
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import cache

from labkit.i18n import _

__all__ = ["SENTIMENT_WORDS", "tokenize", "tokenize_all"]

#: A small sentiment word list per locale (positive words, negative words): the lexicon
#: baseline of chapter 10. Chinese entries are words as jieba cuts them.
SENTIMENT_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en_US": (
        tuple(
            "good great excellent love happy fast quick easy perfect recommend amazing best "
            "nice helpful friendly fair value smooth fresh impressed".split()
        ),
        tuple(
            "bad terrible slow broken broke poor worst disappointed disappointing late rude "
            "expensive overpriced cheap problem never crashing waste defective avoid".split()
        ),
    ),
    "zh_CN": (
        tuple("好 不错 满意 喜欢 快 方便 推荐 实惠 划算 值 棒 赞 耐心 新鲜 精致 流畅".split()),
        tuple("差 慢 坏 失望 贵 烂 问题 不好 垃圾 麻烦 投诉 差评 卡 闪退 过敏 难".split()),
    ),
}

_ENGLISH_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_WORD_CHARACTER = re.compile(r"\w")


@cache
def _segmenter():  # noqa: ANN202 - jieba has no type hints
    """jieba's tokenizer, imported and made quiet on first use."""
    import jieba  # a third-party package, imported only when a Chinese text is cut

    jieba.setLogLevel(logging.WARNING)
    return jieba.dt


def tokenize(text: str, locale: str) -> list[str]:
    """The words of one text, in order, lower-cased; punctuation and emoji left out.

    Parameters
    ----------
    text : str
        A customer's text.
    locale : str
        The world's locale: ``"en_US"`` (words between spaces and punctuation) or
        ``"zh_CN"`` (words cut by jieba; Latin words in it are lower-cased).

    Returns
    -------
    list of str

    Raises
    ------
    ValueError
        For a locale without a tokenizer, or a text that is not a string.

    Examples
    --------
    >>> tokenize("Didn't fit, returned it.", "en_US")
    ["didn't", 'fit', 'returned', 'it']
    >>> tokenize("客服态度很好", "zh_CN")
    ['客服', '态度', '很', '好']
    """
    if not isinstance(text, str):
        raise ValueError(
            _("tokenize expects a text (str), not {kind}.").format(kind=type(text).__name__)
        )
    if locale == "en_US":
        return _ENGLISH_WORD.findall(text.lower())
    if locale == "zh_CN":
        words = _segmenter().lcut(text)
        return [word.lower() for word in words if _WORD_CHARACTER.search(word)]
    raise ValueError(
        _("No tokenizer for the locale {locale!r}: use 'en_US' or 'zh_CN'.").format(locale=locale)
    )


def tokenize_all(texts: Iterable[str], locale: str) -> list[list[str]]:
    """The words of each text (:func:`tokenize` of each).

    Examples
    --------
    >>> tokenize_all(["Fast delivery", "Too slow"], "en_US")
    [['fast', 'delivery'], ['too', 'slow']]
    """
    return [tokenize(text, locale) for text in texts]
