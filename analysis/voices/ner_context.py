"""How a capitalised word behaves across a lot of unlabelled news: the recogniser's knowledge of names that
CoNLL-2003's 1996 Reuters never saw.

For each capitalised word type seen often enough, the share of its occurrences that follow a title
("President Trump"), follow a given name ("Donald Trump"), come before a verb of saying ("Trump said"),
before a possessive, after a preposition of place ("in Ohio"), after "the", before an organisation word
("Acme Corp"), and how often the word is written in lower case at all ("Will", "Rich").  Each share is cut
into a bucket and becomes a feature (``d=title:2``).  Nothing here is labelled: the counts come from the
texts named in the model card (unlabelled news, never the texts the model is evaluated on), and are
shipped in the model's arrays.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from analysis.lexicon import words
from analysis.voices.gazetteer import ORG_SUFFIXES, TITLES, first_names
from analysis.voices.tokens import LOWER, UPPER, tokenize

#: The statistics, in the order of the shipped bucket matrix's columns.
STATS = ("title", "given", "speech", "poss", "prep", "the", "orgword", "lower", "capnext")
#: A word seen fewer times than this (capitalised) gets no statistics.
MIN_SEEN = 5
_CUTS = np.array([0.02, 0.1, 0.3, 0.6])
_PREPOSITIONS = frozenset({"in", "from", "to", "at", "near", "across", "throughout"})
_SPEECH = words("speech_verbs")
# An organisation word after a name, except those that follow people as often ("the Obama administration").
_ORG_WORDS = ORG_SUFFIXES - {"administration", "campaign", "government", "team", "family", "camp"}


def context_table(texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """``(words, buckets)``: capitalised word types and, per :data:`STATS`, the bucket (0–4) of its share."""
    counts: dict[str, np.ndarray] = {}
    lower_counts: dict[str, int] = {}
    given = first_names()
    for text in texts:
        tokens = tokenize(text)
        if len(tokens) < 3:
            continue
        strings = [text[a:b] for a, b in zip(tokens.starts.tolist(), tokens.ends.tolist(), strict=True)]
        kinds = tokens.kind.tolist()
        for i, word in enumerate(strings):
            if kinds[i] == LOWER:
                lower_counts[word] = lower_counts.get(word, 0) + 1
                continue
            if kinds[i] != UPPER or i == 0 or strings[i - 1] in (".", "\n", "“", '"'):
                continue  # sentence openers say nothing of the word
            row = counts.get(word)
            if row is None:
                row = counts[word] = np.zeros(len(STATS) + 1, dtype=np.int64)
            prev = strings[i - 1].lower()
            nxt = strings[i + 1] if i + 1 < len(strings) else ""
            row[0] += 1
            row[1] += prev in TITLES
            row[2] += kinds[i - 1] == UPPER and prev in given
            row[3] += nxt.lower() in _SPEECH
            row[4] += nxt in ("'s", "’s")
            row[5] += prev in _PREPOSITIONS
            # "the Pentagon said", "the Kremlin.": not "the Obama administration"
            row[6] += prev == "the" and (nxt.lower() in _SPEECH or nxt in (".", ",", ";", ":"))
            row[7] += nxt.lower() in _ORG_WORDS
            row[9] += i + 1 < len(kinds) and kinds[i + 1] == UPPER
    kept = sorted(w for w, row in counts.items() if row[0] >= MIN_SEEN)
    matrix = np.array([counts[w] for w in kept], dtype=np.float64).reshape(len(kept), len(STATS) + 1)
    seen = matrix[:, :1]
    shares = matrix[:, 1:] / np.maximum(seen, 1)
    lowers = np.array([lower_counts.get(w.lower(), 0) for w in kept], dtype=np.float64)
    shares[:, STATS.index("lower")] = lowers / (lowers + seen[:, 0])
    buckets = np.searchsorted(_CUTS, shares, side="right").astype(np.int8)
    return np.array(kept, dtype=str), buckets


def context_features(table: dict[str, tuple[int, ...]], word: str) -> list[str]:
    """The ``d=stat:bucket`` features of ``word`` (none for a word the table does not hold)."""
    row = table.get(word)
    if row is None:
        return ["d=unseen"]
    return [f"d={stat}:{bucket}" for stat, bucket in zip(STATS, row, strict=True)]


def as_lookup(names: np.ndarray, buckets: np.ndarray) -> dict[str, tuple[int, ...]]:
    """The shipped arrays as a word → buckets dict, built once when the model loads."""
    return dict(zip(names.tolist(), map(tuple, buckets.tolist()), strict=True))


def unlabelled_texts(data) -> Iterable[str]:
    """The unlabelled news the statistics are counted on: BBC News (2004–05) and the AllSides articles
    *outside* the 8,000-article sample the project checks by hand and times (``articles.jsonl.gz``)."""
    import gzip
    import json

    for path in sorted((data / "bbc-news" / "bbc").glob("*/*.txt")):
        yield path.read_bytes().decode("latin-1")
    allsides = data / "allsides-news"
    with gzip.open(allsides / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        sample = {json.loads(line)["id"] for line in handle}
    with gzip.open(allsides / "articles-full.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["id"] not in sample:
                yield record["text"]


__all__ = ["STATS", "as_lookup", "context_features", "context_table", "unlabelled_texts"]
