"""Features of one target mention in one sentence, for the target-sentiment model.

Sentiment *toward* a target depends on which words are near it and on its side of the clause, not only on
the sentence's tone ("Pompeo praised the UK" is positive toward the UK, not toward Pompeo).  Each
``(sentence, span)`` becomes named sparse features in four blocks plus dense values:

* ``m:`` words and word pairs of the sentence with the mention replaced by ``TGT``;
* ``c:`` the six words either side, by side and distance ("c:L0_criticized", "c:R_praised");
* ``k:`` words and pairs of the clause holding the target (cut at punctuation and "but", "while", …);
* ``p:`` every word weighted by 1 / (1 + distance / 2), with and without its side;
* dense: VADER on the sentence and on the clause, lexicon valence weighted by distance, position, quotes,
  and word vectors (:mod:`analysis.word_vectors`) averaged left, right and over the sentence.

Everything is plain Python over one tokenization, so featurizing is the same code in training and use,
with no fitted scikit-learn object to carry: the model stores vocabularies and weights as arrays.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np

from analysis.lexicon import words as word_list
from analysis.voices.tone import analyzer

TOKEN = re.compile(r"[a-z0-9]+(?:['’\-][a-z0-9]+)*|[^\sa-z0-9]")
WINDOW = 6
_CLAUSE_WORDS = word_list("clause_words")
_CLAUSE_MARKS = frozenset(',;:()“”"—–')
BLOCKS = ("m", "c", "k", "p")


def tokens_and_target(sentence: str, span: tuple[int, int]) -> tuple[list[str], int, int]:
    """Lower-case tokens of ``sentence`` and the token range ``[first, last)`` covered by ``span``."""
    tokens: list[str] = []
    first = last = -1
    a, b = span
    for match in TOKEN.finditer(sentence.lower()):
        i = len(tokens)
        if match.end() > a and match.start() < b:
            if first < 0:
                first = i
            last = i + 1
        elif match.start() >= b and first < 0:
            first = last = i  # a span between tokens
        tokens.append(match.group().replace("’", "'"))
    if first < 0:
        first = last = len(tokens)
    return tokens, first, last


def sparse_features(tokens: list[str], first: int, last: int) -> dict[str, float]:
    """Raw (count or weight) values of the ``m``, ``c``, ``k`` and ``p`` blocks."""
    features: dict[str, float] = {}
    get = features.get
    _count_ngrams(features, "m:", [*tokens[:first], "TGT", *tokens[last:]])
    left, right = tokens[:first], tokens[last:]
    for d, word in enumerate(reversed(left[-WINDOW:])):
        features[f"c:L{min(d, 3)}_{word}"] = 1.0
        features["c:L_" + word] = 1.0
    for d, word in enumerate(right[:WINDOW]):
        features[f"c:R{min(d, 3)}_{word}"] = 1.0
        features["c:R_" + word] = 1.0
    _count_ngrams(features, "k:", _clause(tokens, first, last))
    for side, words in (("p:<", reversed(left)), ("p:>", right)):
        for d, word in enumerate(words):
            weight = _WEIGHTS[d] if d < len(_WEIGHTS) else 1.0 / (1.0 + d / 2.0)
            key = "p:" + word
            features[key] = get(key, 0.0) + weight
            key = side + word
            features[key] = get(key, 0.0) + weight
    return features


_WEIGHTS = [1.0 / (1.0 + d / 2.0) for d in range(200)]


def _count_ngrams(features: dict[str, float], prefix: str, words: list[str]) -> None:
    """Add counts of the words and adjacent word pairs of ``words`` under ``prefix``."""
    get = features.get
    previous = None
    for word in words:
        key = prefix + word
        features[key] = get(key, 0.0) + 1.0
        if previous is not None:
            key = prefix + previous + " " + word
            features[key] = get(key, 0.0) + 1.0
        previous = word


def _clause(tokens: list[str], first: int, last: int) -> list[str]:
    start = first
    while start > 0 and tokens[start - 1] not in _CLAUSE_MARKS and tokens[start - 1] not in _CLAUSE_WORDS:
        start -= 1
    end = last
    while end < len(tokens) and tokens[end] not in _CLAUSE_MARKS and tokens[end] not in _CLAUSE_WORDS:
        end += 1
    return [*tokens[start:first], "TGT", *tokens[last:end]]


def dense_features(
    sentence: str,
    span: tuple[int, int],
    tokens: list[str],
    first: int,
    last: int,
    sentence_scores: Callable[[str], tuple[float, float, float, float]],
) -> list[float]:
    """Fifteen values: tone of sentence and clause, valence near the target, position, quotes."""
    vader = analyzer()
    lexicon = vader.lexicon
    compound, pos, _neu, neg = sentence_scores(sentence)
    clause = " ".join(w for w in _clause(tokens, first, last) if w != "TGT")
    c_compound, c_pos, _c_neu, c_neg = vader.scores(clause)
    near_pos = near_neg = left_val = right_val = 0.0
    for i, word in enumerate(tokens):
        value = lexicon.get(word)
        if value is None or first <= i < last:
            continue
        distance = first - i if i < first else i - last + 1
        weight = 1.0 / (1.0 + distance / 3.0)
        if value > 0:
            near_pos += value * weight
        else:
            near_neg -= value * weight
        if i < first:
            left_val += value
        else:
            right_val += value
    n = max(len(tokens), 1)
    before = sentence[: span[0]]
    in_quote = before.count("“") > before.count("”") or before.count('"') % 2 == 1
    return [
        compound,
        pos,
        neg,
        c_compound,
        c_pos,
        c_neg,
        near_pos,
        near_neg,
        left_val,
        right_val,
        first / n,
        float(first == 0),
        math.log1p(n),
        float(any(q in sentence for q in '“"')),
        float(in_quote),
    ]


def vector_features(tokens: list[str], first: int, last: int, index: dict[str, int], vectors: np.ndarray) -> np.ndarray:
    """Word vectors averaged over the left side and the right side (weighted by nearness) and the sentence."""
    dim = vectors.shape[1]
    out = np.zeros(3 * dim, dtype=np.float32)
    get = index.get
    left = [(get(w, -1), d) for d, w in enumerate(reversed(tokens[:first]))]
    right = [(get(w, -1), d) for d, w in enumerate(tokens[last:])]
    every: list[int] = []
    for side, pairs in ((0, left), (1, right)):
        known = [(i, d) for i, d in pairs if i >= 0]
        if known:
            ids = [i for i, _ in known]
            weights = _WEIGHT_ARRAY[np.minimum([d for _, d in known], len(_WEIGHT_ARRAY) - 1)]
            out[side * dim : (side + 1) * dim] = weights @ vectors[ids] / weights.sum()
            every.extend(ids)
    if every:
        out[2 * dim :] = vectors[every].mean(axis=0)
    return out


_WEIGHT_ARRAY = np.array([1.0 / (1.0 + d / 2.0) for d in range(400)], dtype=np.float32)
