"""The trained entity recogniser: BIO tags for the candidate tokens of a batch, decoded into typed spans.

A multinomial logistic regression over the features of :mod:`analysis.voices.ner_features`, trained on
CoNLL-2003 English train (Reuters 1996, Tjong Kim Sang & De Meulder 2003; research use) by
``python -m analysis train-entities`` and shipped as plain arrays in ``entity_model.npz`` (feature names
and weights, loaded with ``allow_pickle=False``: nothing is unpickled).  ``entity_model.json`` records how
it was trained and chosen.  Spans are decoded per run of candidates with Viterbi under BIO constraints
(an ``I-X`` only after ``B-X`` or ``I-X``).

Scoring is vectorised: the features of a token *type* are looked up once per batch and summed into one
score vector per role, so a candidate's score is a handful of row gathers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.voices import ner_clusters, ner_context
from analysis.voices.ner_features import (
    BOUNDARY,
    CONTEXT_ROLES,
    LABELS,
    RUN_ROLES,
    Candidates,
    candidates,
    token_level,
    type_features,
)
from analysis.voices.tokens import Tokens

MODEL_PATH = Path(__file__).parent / "entity_model.npz"
TYPES = ("PER", "ORG", "LOC", "MISC")


@dataclass
class Featurized:
    """A batch ready for the model: its unique token types, which type each candidate sees in each
    role, and the token-level feature names."""

    cands: Candidates
    types: list[str]
    role_types: dict[str, np.ndarray]
    token_names: list[np.ndarray]


def featurize(text: str, tokens: Tokens, sent_starts: np.ndarray, sent_ends: np.ndarray) -> Featurized:
    """The candidates of ``text`` (a batch of articles joined, or one article) and what the model reads."""
    share = tokens.lower_share(sent_starts, sent_ends) if len(sent_starts) else np.zeros(0)
    c = candidates(text, tokens, sent_starts, sent_ends, share)
    n = len(tokens)
    sent = np.searchsorted(sent_starts, tokens.starts, side="right") - 1 if n else np.zeros(0, np.int64)
    wanted = [c.index + k for k in CONTEXT_ROLES.values()]
    run_first = np.r_[True, c.run[1:] != c.run[:-1]] if len(c.run) else np.zeros(0, bool)
    run_last = np.r_[c.run[1:] != c.run[:-1], True] if len(c.run) else np.zeros(0, bool)
    first_of_run = c.index[run_first][c.run]
    last_of_run = c.index[run_last][c.run]
    sides = {"rb": first_of_run - 1, "ra": last_of_run + 1}
    positions = {"0": c.index, "0c": c.index, **dict(zip(CONTEXT_ROLES, wanted, strict=True)), **sides}
    mark = np.zeros(max(n, 1), dtype=bool)
    for p in positions.values():
        mark[p[(p >= 0) & (p < n)]] = True
    keys = np.flatnonzero(mark[:n])
    starts, ends = tokens.starts[keys].tolist(), tokens.ends[keys].tolist()
    strings = [text[a:b] for a, b in zip(starts, ends, strict=True)]
    codes, uniques = pd.factorize(np.array(strings, dtype=object))
    types = [BOUNDARY, *uniques.tolist()]
    lookup = np.zeros(max(n, 1), dtype=np.int64)
    lookup[keys] = codes + 1
    role_types = {}
    for role, at in positions.items():
        valid = (at >= 0) & (at < n)
        clipped = np.clip(at, 0, max(n - 1, 0))
        valid &= sent[clipped] == c.sentence if n else valid
        role_types[role] = np.where(valid, lookup[clipped], 0)
    return Featurized(c, types, role_types, token_level(c))


def feature_names(
    f: Featurized, role: str, context: dict[str, tuple[int, ...]], clusters: dict[str, tuple[int, ...]]
) -> list[list[str]]:
    """Names of the role's features for each type of ``f`` (``role|name``)."""
    out = []
    for word in f.types:
        names = [f"{role}|l={BOUNDARY}"] if word == BOUNDARY else type_features(word, context, clusters)[role]
        out.append([n if n.startswith(f"{role}|") else f"{role}|{n}" for n in names])
    return out


ROLES = ("0", "0c", *CONTEXT_ROLES, *RUN_ROLES)


#: New token types whose feature weights are summed at once (:meth:`EntityModel.type_table`).
TYPE_CHUNK = 2048


@dataclass
class EntityModel:
    """Feature names, their weights ``(features, labels)`` and the label bias, as trained."""

    names: np.ndarray
    weights: np.ndarray
    intercept: np.ndarray
    context_words: np.ndarray
    context_buckets: np.ndarray
    cluster_words: np.ndarray
    cluster_ids: np.ndarray

    def __post_init__(self) -> None:
        self.context = ner_context.as_lookup(self.context_words, self.context_buckets)
        self.clusters = ner_clusters.as_lookup(self.cluster_words, self.cluster_ids)
        self._index = pd.Index(self.names)
        # The words as loaded are fixed-width arrays (up to 45 characters × 4 bytes each, ~13 MB in all):
        # kept instead as object arrays of the very strings the look-ups hold, not a second copy in every
        # worker process.
        self.names = self._index.to_numpy(dtype=object)
        self.context_words = np.fromiter(self.context, dtype=object, count=len(self.context))
        self.cluster_words = np.fromiter(self.clusters, dtype=object, count=len(self.clusters))
        # Per token type, its summed weights in every role: (roles, labels).  Kept for the process, so a
        # type seen in an earlier batch costs one dictionary look-up (news repeats its words).
        self._cache: dict[str, np.ndarray] = {}

    def type_table(self, types: list[str]) -> np.ndarray:
        """Summed weights of each type's features in every role: ``(types, roles, labels)``."""
        # One table for the whole call: :meth:`forget` may swap in a new one from another thread meanwhile.
        cache = self._cache
        missing = [t for t in dict.fromkeys(types) if t not in cache]
        for lo in range(0, len(missing), TYPE_CHUNK):
            self._add_types(missing[lo : lo + TYPE_CHUNK], cache)
        return np.stack([cache[t] for t in types]) if types else np.zeros((0, len(ROLES), len(LABELS)))

    def forget(self) -> None:
        """Let the per-type table go (a new, empty one for later calls; a call under way keeps its own)."""
        self._cache = {}

    def _add_types(self, missing: list[str], cache: dict[str, np.ndarray]) -> None:
        """Cache the summed weights of ``missing`` types.  A chunk at a time: each type spells out a few
        dozen feature names, and a batch's first call (tens of thousands of new types) held them all at
        once — a worker's largest allocation."""
        flat: list[str] = []
        owner: list[int] = []
        for k, word in enumerate(missing):
            if word == BOUNDARY:
                by_role = {role: [f"{role}|l={BOUNDARY}"] for role in ROLES}
            else:
                features = type_features(word, self.context, self.clusters)
                by_role = {role: [f"{role}|{n}" for n in names] for role, names in features.items()}
            for r, role in enumerate(ROLES):
                names = by_role[role]
                flat.extend(names)
                owner.extend([k * len(ROLES) + r] * len(names))
        ids = self._index.get_indexer(flat)
        keep = ids >= 0
        out = np.zeros((len(missing) * len(ROLES), self.weights.shape[1]), dtype=np.float32)
        np.add.at(out, np.asarray(owner)[keep], self.weights[ids[keep]])
        out = out.reshape(len(missing), len(ROLES), -1)
        for k, word in enumerate(missing):
            cache[word] = out[k]

    def scores(self, f: Featurized) -> np.ndarray:
        """Unnormalised label scores of each candidate."""
        total = np.tile(self.intercept, (len(f.cands.index), 1)).astype(np.float32)
        table = self.type_table(f.types)
        for r, role in enumerate(ROLES):
            chosen = f.role_types[role]
            if role == "0":
                chosen = np.where(f.cands.caps_line, -1, chosen)
            elif role == "0c":
                chosen = np.where(f.cands.caps_line, chosen, -1)
            keep = chosen >= 0
            total[keep] += table[chosen[keep], r]
        for names in f.token_names:
            ids = self._index.get_indexer(names)
            keep = ids >= 0
            total[keep] += self.weights[ids[keep]]
        return total


def viterbi(scores: np.ndarray, run: np.ndarray) -> np.ndarray:
    """Best BIO label per candidate, run by run, under the BIO constraints; vectorised over runs."""
    n_labels = len(LABELS)
    if len(scores) == 0:
        return np.zeros(0, dtype=np.int64)
    log = scores - scores.max(axis=1, keepdims=True)
    log = log - np.log(np.exp(log).sum(axis=1, keepdims=True))
    allowed = np.ones((n_labels, n_labels), dtype=bool)  # from, to
    for j, label in enumerate(LABELS):
        if label.startswith("I-"):
            allowed[:, j] = False
            allowed[LABELS.index("B-" + label[2:]), j] = True
            allowed[j, j] = True
    penalty = np.where(allowed, 0.0, -1e9)
    start_ok = np.array([0.0 if not label.startswith("I-") else -1e9 for label in LABELS])
    starts = np.flatnonzero(np.r_[True, run[1:] != run[:-1]])
    lengths = np.diff(np.r_[starts, len(run)])
    longest = int(lengths.max())
    delta = log[starts] + start_ok
    # Back-pointers only for the runs still going at each step: a (longest × runs × labels) block was
    # mostly zeros and, with one long capitalised line in a batch, the recogniser's largest allocation.
    alive_at = [np.flatnonzero(lengths > t) for t in range(longest)]
    back: list[np.ndarray] = [np.zeros((0, n_labels), dtype=np.int8)]
    for t in range(1, longest):
        alive = alive_at[t]
        cand = delta[alive][:, :, None] + penalty[None]
        back.append(cand.argmax(axis=1).astype(np.int8))
        delta[alive] = cand.max(axis=1) + log[starts[alive] + t]
    best = np.zeros(len(run), dtype=np.int64)
    current = delta.argmax(axis=1)
    for t in range(longest - 1, -1, -1):
        alive = alive_at[t]
        best[starts[alive] + t] = current[alive]
        if t:
            current[alive] = back[t][np.arange(len(alive)), current[alive]]
    return best


def spans(f: Featurized, tokens: Tokens, labels: np.ndarray) -> list[tuple[int, int, str]]:
    """``(start, end, type)`` character spans from BIO labels of the candidates (types of :data:`TYPES`)."""
    out: list[tuple[int, int, str]] = []
    open_type, open_start, open_end, open_run = "", -1, -1, -1
    # Each candidate's offsets and run as Python lists: one conversion, not a numpy scalar per read.
    starts, ends = tokens.starts[f.cands.index].tolist(), tokens.ends[f.cands.index].tolist()
    for label_id, start, end, run in zip(labels.tolist(), starts, ends, f.cands.run.tolist(), strict=True):
        label = LABELS[label_id]
        if label.startswith("I-") and open_type == label[2:] and run == open_run:
            open_end = end
            continue
        if open_type:
            out.append((open_start, open_end, open_type))
            open_type = ""
        if label != "O":
            open_type, open_start, open_end, open_run = label[2:], start, end, run
    if open_type:
        out.append((open_start, open_end, open_type))
    return out


def recognise(
    text: str, tokens: Tokens, sent_starts: np.ndarray, sent_ends: np.ndarray
) -> tuple[list[tuple[int, int, str]], Featurized, np.ndarray]:
    """Typed entity spans of ``text`` (one article or a batch joined), given its tokens and sentences; also
    the candidates and their labels, for the second look at what the model left out."""
    f = featurize(text, tokens, sent_starts, sent_ends)
    if len(f.cands.index) == 0:
        return [], f, np.zeros(0, dtype=np.int64)
    labels = viterbi(default_model().scores(f), f.cands.run)
    return spans(f, tokens, labels), f, labels


def save_model(path: Path, model: EntityModel, card: dict) -> None:
    """The model as plain arrays (no pickle) and its card as JSON beside it."""
    np.savez_compressed(
        path,
        names=model.names.astype(str),
        weights=model.weights.astype(np.float16),
        intercept=model.intercept,
        context_words=model.context_words.astype(str),
        context_buckets=model.context_buckets.astype(np.int8),
        cluster_words=model.cluster_words.astype(str),
        cluster_ids=model.cluster_ids.astype(np.int16),
    )
    path.with_suffix(".json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")


def load_model(path: Path = MODEL_PATH) -> EntityModel:
    with np.load(path, allow_pickle=False) as data:
        return EntityModel(
            data["names"],
            data["weights"].astype(np.float32),
            data["intercept"].astype(np.float32),
            data["context_words"],
            data["context_buckets"],
            data["cluster_words"],
            data["cluster_ids"],
        )


@cache
def default_model() -> EntityModel:
    """The shipped model, loaded once per process."""
    return load_model()


def forget_types() -> None:
    """Empty the shipped model's per-type table, if this process loaded the model: a worker that has moved
    on to a later stage no longer reads it, and after a partition of a thousand articles it holds some
    30,000 words' weights, after a whole stage of a large corpus a few hundred thousand.  The next batch
    to be recognised fills it again (the same scores: it is a cache)."""
    if default_model.cache_info().currsize:
        default_model().forget()


__all__ = [
    "LABELS",
    "MODEL_PATH",
    "TYPES",
    "EntityModel",
    "featurize",
    "forget_types",
    "load_model",
    "recognise",
    "viterbi",
]
