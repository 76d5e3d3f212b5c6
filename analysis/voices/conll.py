"""CoNLL-2003 files as articles: each document rebuilt as raw text with its gold entities as character spans.

CoNLL's text is tokenised ("U.S. 's", "( Reuters )"); the recogniser reads raw article text.  Each
sentence is joined back with news spacing (no space before ",", "'s", ")", after "(" …) and each sentence
is a paragraph of its own, so the model is trained and scored on text cut by the same tokenizer and
sentence splitter as an article.  Nothing here is shipped text: the files are read from ``../shared``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "]", "}", "%", "'s", "'S", "n't", "'", "'re", "'ve", "'ll", "'d"}
_NO_SPACE_AFTER = {"(", "[", "{", "$"}


@dataclass
class Document:
    """One CoNLL document as an article: ``text`` and gold ``(start, end, type)`` spans (PER/ORG/LOC/MISC)."""

    text: str
    entities: list[tuple[int, int, str]]


def read_conll(path: Path) -> list[Document]:
    """The documents of a CoNLL-2003 file (``word POS chunk NER`` per line, IOB tags)."""
    documents: list[Document] = []
    sentences: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []

    def close_document() -> None:
        if sentence:
            sentences.append(list(sentence))
            sentence.clear()
        if sentences:
            documents.append(_document(sentences))
            sentences.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            close_document()
            continue
        if not line.strip():
            if sentence:
                sentences.append(list(sentence))
                sentence.clear()
            continue
        parts = line.split()
        sentence.append((parts[0], parts[-1]))
    close_document()
    return documents


def _document(sentences: list[list[tuple[str, str]]]) -> Document:
    pieces: list[str] = []
    entities: list[tuple[int, int, str]] = []
    at = 0
    for n, sentence in enumerate(sentences):
        if n:
            pieces.append("\n\n")
            at += 2
        open_type, open_start, last_end = "", 0, 0
        for k, (word, tag) in enumerate(sentence):
            if k and word not in _NO_SPACE_BEFORE and sentence[k - 1][0] not in _NO_SPACE_AFTER:
                pieces.append(" ")
                at += 1
            start = at
            pieces.append(word)
            at += len(word)
            kind = tag[2:] if tag != "O" else ""
            begins = tag.startswith("B-") or (kind and kind != open_type)
            if open_type and (not kind or begins):
                entities.append((open_start, last_end, open_type))
                open_type = ""
            if kind and not open_type:
                open_type, open_start = kind, start
            last_end = at
        if open_type:
            entities.append((open_start, last_end, open_type))
    return Document("".join(pieces), entities)


def span_scores(gold: list[set], predicted: list[set], types=("PER", "ORG", "LOC")) -> dict[str, dict[str, float]]:
    """Exact-span precision, recall and F1 per type and micro-averaged over ``types``; each item of ``gold``
    and ``predicted`` is one document's set of ``(start, end, type)``."""
    out: dict[str, dict[str, float]] = {}
    totals = [0, 0, 0]
    for kind in types:
        tp = fp = fn = 0
        for g, p in zip(gold, predicted, strict=True):
            g_k = {s for s in g if s[2] == kind}
            p_k = {s for s in p if s[2] == kind}
            tp += len(g_k & p_k)
            fp += len(p_k - g_k)
            fn += len(g_k - p_k)
        out[kind] = _prf(tp, fp, fn)
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
    out["micro"] = _prf(*totals)
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "gold": tp + fn}


__all__ = ["Document", "read_conll", "span_scores"]
