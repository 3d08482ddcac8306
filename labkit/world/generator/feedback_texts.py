"""Feedback texts composed clause by clause, in natural Chinese or English.

A text is not one canned sentence per topic and sentiment: it is put together
from clauses about several aspects of the purchase (delivery, product quality,
price, customer service, the app or website, returns), each with its own
polarity from -2 (very negative) to +2 (very positive), joined the way people
write: "but" clauses (但是 / 不过 / 就是), concessions, additions, an opening or a
closing remark, emoji (mostly in Chinese), typos and colloquialisms. Product
clauses name the product bought in everyday words (数据线, "earbuds") and
speak of its features (续航, "noise cancelling").

The phrases live in package data (``labkit/data/texts.json``, key
``feedback``): per locale, clauses by aspect and polarity, product clauses by
kind of product and by product group, connectors, openers, closers, emoji,
intensifiers, typos and the everyday name, features, kind and group of each
product of the catalogue (a product not listed gets a generic word).

How a text relates to its planted sentiment is decided in :func:`plan`: the
writer's *expressed* score (the hidden score plus a little noise, see
:mod:`labkit.world.generator.engagement`) picks the kind of text; the
``topic`` is the aspect of the clause that carries the sentiment.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from labkit import vocabularies

__all__ = ["CUTS", "STRONG", "Clause", "compose", "plan", "text_class", "texts"]

#: Scores below CUTS[0] are negative, below CUTS[1] neutral, else positive.
CUTS = (-0.6, 0.3)
#: Expressed scores beyond these read as strong (polarity ±2): below the first, above the second.
STRONG = (-1.6, 1.4)
#: Chance of each optional part of a text, by the kind of text.
EXTRA_ASPECT = {"negative": 0.40, "neutral": 0.45, "positive": 0.50}
CONCESSION = 0.30  # a negative text opens with a conceded positive ("the price is fine, but …")
MINOR_COMPLAINT = 0.20  # a positive text ends with a small complaint ("就是物流有点慢")
MIXED_NEUTRAL = 0.40  # a neutral text weighs one good and one bad aspect
OPENER = 0.15
CLOSER = {"negative": 0.45, "neutral": 0.40, "positive": 0.45}
EMOJI = {"zh_CN": {"negative": 0.25, "neutral": 0.10, "positive": 0.35}, "en_US": 0.06}
GROUP_CLAUSE = 0.35  # a product-quality clause comes from the product's group (food, apparel …)
TYPO = 0.12  # one typo or colloquial spelling
LOWER_CASE = 0.05  # an English text typed all in lower case


@lru_cache(maxsize=1)
def texts() -> dict:
    """Feedback phrases, campaign names and search terms (package data), by locale code.

    Examples
    --------
    >>> sorted(texts()["search_terms"])
    ['en_US', 'zh_CN']
    """
    with (resources.files("labkit") / "data" / "texts.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@dataclass(frozen=True)
class Clause:
    """One clause of a planned text.

    Attributes
    ----------
    aspect : str
        One of :data:`labkit.vocabularies.FEEDBACK_TOPICS`.
    polarity : int
        -2 (very negative) to 2 (very positive).
    joint : str
        How it joins the text before it: ``"first"``, ``"and"`` (in the same
        direction), ``"plain"`` (a second fact), ``"contrast"`` ("but") or
        ``"minor"`` ("only thing is", 就是).
    """

    aspect: str
    polarity: int
    joint: str


def text_class(score: np.ndarray) -> np.ndarray:
    """The sentiment index (into :data:`labkit.vocabularies.SENTIMENTS`) of each score.

    Examples
    --------
    >>> text_class(np.array([-1.0, 0.0, 1.0])).tolist()
    [0, 1, 2]
    """
    return np.searchsorted(np.array(CUTS), score, side="right")


class _Uniforms:
    """Uniform numbers from a random stream, drawn in blocks and handed out one by one.

    Composing a text takes a few dozen small random choices; taking them from a
    block of Python floats is many times faster than one NumPy call each. It
    offers the two methods of :class:`numpy.random.Generator` the writer uses.

    Examples
    --------
    >>> draws = _Uniforms(np.random.default_rng(0), block=4)
    >>> values = [draws.random() for _ in range(6)]
    >>> all(0 <= value < 1 for value in values), draws.integers(3) in (0, 1, 2)
    (True, True)
    """

    def __init__(self, rng: np.random.Generator, block: int = 1 << 16) -> None:
        self.rng, self.block = rng, block
        self.values: list[float] = []
        self.position = 0

    def random(self) -> float:
        """One uniform number on [0, 1)."""
        if self.position == len(self.values):
            self.values, self.position = self.rng.random(self.block).tolist(), 0
        self.position += 1
        return self.values[self.position - 1]

    def integers(self, high: int) -> int:
        """One whole number from 0 to ``high - 1``."""
        return min(int(self.random() * high), high - 1)


#: Random numbers for the writer: a NumPy generator or :class:`_Uniforms`.
Draws = np.random.Generator | _Uniforms


@lru_cache(maxsize=256)
def _aspect_cdf(weights: tuple[tuple[str, float], ...], taken: frozenset[str]) -> tuple:
    """The aspects not taken and the cumulative shares of their weights."""
    names = [name for name, _ in weights if name not in taken]
    shares = np.array([weight for name, weight in weights if name not in taken])
    cumulative = np.cumsum(shares / shares.sum())
    return names, (cumulative / cumulative[-1]).tolist()


def _other_aspect(draws: Draws, used: list[Clause], weights: dict[str, float]) -> str:
    """An aspect no clause of the text speaks of yet, drawn by ``weights``."""
    taken = frozenset(clause.aspect for clause in used)
    names, cumulative = _aspect_cdf(tuple(weights.items()), taken)
    return names[min(bisect.bisect_right(cumulative, draws.random()), len(names) - 1)]


def plan(
    rng: Draws, topic: str, expressed: float, weights: dict[str, float]
) -> tuple[str, list[Clause]]:
    """The kind of text (negative, neutral, positive) and its clauses, in order.

    The kind follows the expressed score (:data:`CUTS`); the clause about
    ``topic`` carries it, at polarity ±2 beyond :data:`STRONG`. A negative
    text may concede a good aspect first ("but …") and add a second
    complaint; a positive text may praise a second aspect and end on a small
    complaint ("only thing is …", 就是); a neutral text is factual, or weighs
    one mildly good against one mildly bad aspect.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> kind, clauses = plan(rng, "delivery", -2.0, {"delivery": 1.0, "price": 1.0})
    >>> kind, [c.polarity for c in clauses if c.aspect == "delivery"]
    ('negative', [-2])
    """
    kind = vocabularies.SENTIMENTS[bisect.bisect_right(CUTS, expressed)]  # as text_class
    main = [Clause(topic, 0, "first")]  # excludes the topic from the other aspects
    clauses: list[Clause] = []
    if kind == "negative":
        strength = -2 if expressed < STRONG[0] else -1
        if rng.random() < CONCESSION:
            clauses.append(Clause(_other_aspect(rng, main, weights), 1, "first"))
        clauses.append(Clause(topic, strength, "contrast" if clauses else "first"))
        if rng.random() < EXTRA_ASPECT[kind]:
            polarity = (-1, -2)[rng.integers(2)]
            clauses.append(Clause(_other_aspect(rng, clauses, weights), polarity, "and"))
    elif kind == "positive":
        strength = 2 if expressed > STRONG[1] else 1
        clauses.append(Clause(topic, strength, "first"))
        if rng.random() < EXTRA_ASPECT[kind]:
            polarity = (1, 2)[rng.integers(2)]
            clauses.append(Clause(_other_aspect(rng, clauses, weights), polarity, "and"))
        if rng.random() < MINOR_COMPLAINT:
            clauses.append(Clause(_other_aspect(rng, clauses, weights), -1, "minor"))
    elif rng.random() < MIXED_NEUTRAL:
        sign = 1 if rng.random() < 0.5 else -1
        other = _other_aspect(rng, main, weights)
        if rng.random() < 0.5:
            clauses.extend([Clause(topic, sign, "first"), Clause(other, -sign, "contrast")])
        else:
            clauses.extend([Clause(other, -sign, "first"), Clause(topic, sign, "contrast")])
    else:
        clauses.append(Clause(topic, 0, "first"))
        if rng.random() < EXTRA_ASPECT[kind]:
            clauses.append(Clause(_other_aspect(rng, clauses, weights), 0, "plain"))
    return kind, clauses


class _Writer:
    """Renders planned clauses into one text in a locale's language."""

    def __init__(self, locale_code: str) -> None:
        self.code = locale_code
        self.chinese = locale_code == "zh_CN"
        self.bank = texts()["feedback"][locale_code]
        self.patterns = {right: re.compile(self._word(right)) for right in self.bank["typos"]}

    def product(self, name: str) -> dict:
        return self.bank["products"].get(name, self.bank["generic_product"])

    def _pick(self, rng: Draws, options: list[str]) -> str:
        return options[rng.integers(len(options))]

    def _fill(self, rng: Draws, template: str, product: dict) -> str:
        plural = product["plural"]
        slots = {
            "product": product["short"],
            "feature": self._pick(rng, product["features"]),
            "very": self._pick(rng, self.bank["intensifiers"]),
            "n": self._pick(rng, self.bank["numbers"]),
            "is": "are" if plural else "is",
            "was": "were" if plural else "was",
            "it": "they" if plural else "it",
            "its": "their" if plural else "its",
            "them": "them" if plural else "it",
            "feels": "feel" if plural else "feels",
            "works": "work" if plural else "works",
            "looks": "look" if plural else "looks",
            "tastes": "taste" if plural else "tastes",
            "fits": "fit" if plural else "fits",
            "runs": "run" if plural else "runs",
        }
        return template.format(**slots)

    def clause(self, rng: Draws, clause: Clause, product: dict) -> str:
        """One clause about an aspect at a polarity; product clauses fit the product.

        A product-quality clause comes from the clauses every product shares,
        those of its kind (``works``: devices; ``made``: clothes, kitchenware,
        furniture; ``consumable``: food, cosmetics, paper) or, with chance
        GROUP_CLAUSE, those of its group (food, apparel, baby_kids …).
        """
        level = str(clause.polarity)
        options = self.bank["aspects"][clause.aspect][level]
        if clause.aspect == "product_quality":
            options = options + self.bank["kinds"].get(product["kind"], {}).get(level, [])
            group = self.bank["groups"].get(product["group"], {})
            if level in group and rng.random() < GROUP_CLAUSE:
                options = group[level]
        return self._fill(rng, self._pick(rng, options), product)

    def join(self, rng: Draws, parts: list[tuple[str, str]]) -> str:
        """Clauses with their joints as one run of text (no final punctuation)."""
        text = ""
        for joint, words in parts:
            if joint == "first":
                text = words
                continue
            connector = self._pick(rng, self.bank["connectors"][joint])
            if not self.chinese and connector.rstrip().endswith("."):  # a new sentence
                words = words[:1].upper() + words[1:]
            text += connector + words
        return text

    def finish(self, rng: Draws, kind: str, body: str, product: dict) -> str:
        bank = self.bank
        if self.chinese:
            end = self._pick(
                rng,
                ["。", "！", "", "~", "。", "！！"]
                if kind == "positive"
                else ["。", "！", "", "。"],
            )
            text = body + end
            if rng.random() < OPENER:
                text = self._fill(rng, self._pick(rng, bank["openers"]), product) + text
            if rng.random() < CLOSER[kind]:
                closer = self._pick(rng, bank["closers"][kind])
                text = text if text[-1:] in "。！~" else text + "，"
                text += closer + self._pick(rng, ["。", "！", ""])
            if rng.random() < EMOJI["zh_CN"][kind]:
                text += self._pick(rng, bank["emoji"][kind]) * (1, 1, 2, 3)[rng.integers(4)]
        else:
            text = body[:1].upper() + body[1:]
            text += self._pick(
                rng, ["!", "!", ".", "!!"] if kind == "positive" else [".", ".", "!", ""]
            )
            if rng.random() < OPENER:
                text = self._fill(rng, self._pick(rng, bank["openers"]), product) + " " + text
            if rng.random() < CLOSER[kind]:
                text = text if text[-1:] in ".!" else text + "."
                text += " " + self._pick(rng, bank["closers"][kind])
            if rng.random() < EMOJI["en_US"]:
                text = text.rstrip(".!") + self._pick(rng, bank["emoji"][kind])
        return self.typo(rng, text)

    def _word(self, words: str) -> str:
        """A pattern for ``words``: anywhere in Chinese, as whole words in English."""
        return re.escape(words) if self.chinese else rf"\b{re.escape(words)}\b"

    def typo(self, rng: Draws, text: str) -> str:
        if rng.random() < TYPO:
            found = [right for right, pattern in self.patterns.items() if pattern.search(text)]
            if found:
                right = found[rng.integers(len(found))]
                text = self.patterns[right].sub(self.bank["typos"][right], text, count=1)
        if not self.chinese and rng.random() < LOWER_CASE:
            text = text.lower()
        return text


def compose(
    rng: np.random.Generator,
    topic: np.ndarray,
    expressed: np.ndarray,
    product_name: np.ndarray,
    locale_code: str,
    weights: dict[str, float],
) -> np.ndarray:
    """One text per row: planned by :func:`plan`, written in the locale's language.

    Parameters
    ----------
    rng : numpy.random.Generator
    topic : numpy.ndarray
        The aspect each text is about (:data:`labkit.vocabularies.FEEDBACK_TOPICS`).
    expressed : numpy.ndarray
        The writer's expressed score: it picks the kind of text and its strength.
    product_name : numpy.ndarray
        The catalogue name of the product bought; unknown names get a generic word.
    locale_code : str
        ``"en_US"`` or ``"zh_CN"``.
    weights : dict of str to float
        How often each aspect is the *other* aspect of a text.

    Returns
    -------
    numpy.ndarray
        The texts (object dtype).

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> weights = {name: 1.0 for name in vocabularies.FEEDBACK_TOPICS}
    >>> text = compose(rng, np.array(["delivery"]), np.array([2.5]), np.array(["?"]), "en_US",
    ...                weights)[0]
    >>> isinstance(text, str) and len(text) > 10
    True
    """
    writer = _Writer(locale_code)
    draws = _Uniforms(rng)
    out = np.empty(len(topic), dtype=object)
    for row in range(len(topic)):
        product = writer.product(str(product_name[row]))
        kind, clauses = plan(draws, str(topic[row]), float(expressed[row]), weights)
        parts = [(clause.joint, writer.clause(draws, clause, product)) for clause in clauses]
        out[row] = writer.finish(draws, kind, writer.join(draws, parts), product)
    return out
