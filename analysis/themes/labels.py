"""Labels a reader can use: a topic's best phrases first, no credit line or number, never two topics alike.

A label is a topic's three most *relevant* terms (LDAvis relevance, λ = 0.6: frequent in the topic and
rarer elsewhere), phrases before single words ("mueller investigation · russia" rather than "russia ·
investigation"), a word left out where a chosen phrase already says it, and never a number, a wire credit
or byline word (``analysis/lexicon/credit_words.txt``) or the name of one of the corpus's sources, and
one form of a word only ("award", not also "awards").  A label
that another topic already has takes the next term, so every topic reads differently.
"""

from __future__ import annotations

import re

import numpy as np

from analysis.lexicon import words
from analysis.text.terms import dedupe_phrases

LAMBDA = 0.6
LABEL_TERMS = 3
_NUMBER = re.compile(r"^[\d.,%$£€-]+(?:\s[\d.,%$£€-]+)*$")


def is_furniture(term: str, banned: frozenset[str]) -> bool:
    """A term no label may show: a number, a credit or byline word, a source's name."""
    credit = words("credit_words")
    return bool(_NUMBER.match(term)) or term in banned or term in credit or any(w in credit for w in term.split())


def ranked_terms(p_term_topic: np.ndarray, p_term: np.ndarray, terms: np.ndarray, counts: np.ndarray,
                 banned: frozenset[str], n: int, weight: float = LAMBDA) -> list[np.ndarray]:  # fmt: skip
    """Per topic, the positions of its ``n`` best terms for a reader: by relevance (``weight`` λ; 1 ranks
    by frequency in the topic, which a corpus of a few passages needs: its p(w) is too noisy to reward
    rarity), furniture left out, phrases first, a word a chosen phrase contains left out."""
    relevance = weight * np.log(np.maximum(p_term_topic, 1e-12)) + (1 - weight) * np.log(
        np.maximum(p_term_topic, 1e-12) / np.maximum(p_term, 1e-12)
    )
    out = []
    for row, weights in zip(relevance, p_term_topic, strict=True):
        order = np.argsort(-row, kind="stable")
        order = order[weights[order] > 0][: n * 6]
        order = np.array([i for i in order if not is_furniture(str(terms[i]), banned)], dtype=np.int64)
        if order.size:
            order = order[dedupe_phrases(terms[order], counts[order], n * 2)]
            order = _one_form_each(order, terms)[:n]
        phrases_first = sorted(range(len(order)), key=lambda j: (" " not in str(terms[order[j]]), j))
        out.append(order[phrases_first] if order.size else order)
    return out


def _word_key(term: str) -> str:
    """A term with each word's plural ending dropped: "awards" and "award" say the same thing."""
    return " ".join(w[:-3] + "y" if w.endswith("ies") and len(w) > 4
                    else w[:-2] if w.endswith("es") and len(w) > 4 and w[-3] in "sxz"
                    else w[:-1] if w.endswith("s") and len(w) > 4 and not w.endswith(("ss", "us", "is")) else w
                    for w in term.split())  # fmt: skip


def _one_form_each(order: np.ndarray, terms: np.ndarray) -> np.ndarray:
    """``order`` without a term whose singular or plural ranked higher ("film · award · awards")."""
    seen: set[str] = set()
    kept = []
    for i in order:
        key = _word_key(str(terms[i]))
        if key not in seen:
            seen.add(key)
            kept.append(i)
    return np.asarray(kept, dtype=np.int64)


def unique_labels(tops: list[np.ndarray], terms: np.ndarray, spare: list[np.ndarray]) -> list[str]:
    """Each topic's label from its top terms; one that another topic already has takes its next term."""
    labels, seen = [], set()
    for top, extra in zip(tops, spare, strict=True):
        chosen = [str(terms[i]) for i in top[:LABEL_TERMS]]
        label = " · ".join(chosen)
        more = [str(terms[i]) for i in extra if str(terms[i]) not in chosen]
        while label in seen and more:
            chosen.append(more.pop(0))
            label = " · ".join(chosen)
        if label in seen:
            label = f"{label} ({len(labels) + 1})"
        seen.add(label)
        labels.append(label or "(no terms)")
    return labels
