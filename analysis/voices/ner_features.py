"""Features of the entity recogniser: which tokens it reads, and what it sees of each.

Only *candidate* tokens are classified — capitalised words, and the joining words of a name between two
of them ("Bank of England") — since news names almost never start with a lower-case letter; everything
else is outside any entity.  Consecutive candidates in one sentence form a *run*, tagged with BIO labels
(PER/ORG/LOC/MISC) by the model in :mod:`analysis.voices.ner`.

What the model sees of a candidate, as named binary features (``role|name=value``):

* itself (role ``0``, or ``0c`` in an ALL-CAPS line such as a CoNLL headline, where shape says nothing):
  the word, its lower case, shape ("Xxxx", "X.X."), prefixes and suffixes, and gazetteer hits (a place,
  a known organisation, a given name, a title, an organisation word, a role, a non-name, a demonym);
* its neighbours two either side (``-2 … +2``): lower case, short shape and a few gazetteer hits;
* the words just outside its run (``rb``, ``ra``): "said", "in", "the", a title;
* where it stands: first in the sentence, position and length of its run.

Features of a token type are computed once per batch and summed into one score vector per role, so the
cost per token is a few array gathers (:func:`type_features`, :func:`candidate_rows`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from analysis.lexicon import entries, words
from analysis.voices.gazetteer import (
    DEMONYMS,
    KNOWN_ORGS,
    NOT_NAMES,
    ORG_CUES,
    ORG_SUFFIXES,
    ROLES,
    TITLES,
    first_names,
    places,
)
from analysis.voices.ner_clusters import cluster_features
from analysis.voices.ner_context import context_features
from analysis.voices.tokens import LOWER, UPPER, Tokens

#: BIO labels, in the order of the model's weight columns.
LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
#: Roles whose features are properties of a token type (offset from the candidate, or the run's sides).
SELF_ROLES = ("0", "0c")
CONTEXT_ROLES = {"-2": -2, "-1": -1, "+1": 1, "+2": 2}
RUN_ROLES = ("rb", "ra")
_CONNECTORS = frozenset(entries("name_particles.txt")) | {"&", "and"}
_SPEECH = words("speech_verbs")
_DEMONYM_WORDS = frozenset(d.lower() for d in DEMONYMS)
_SHAPE = re.compile(r"(.)\1+")


@cache
def _shape_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x3000):
        ch = chr(code)
        if ch.isalpha():
            table[code] = "X" if ch.isupper() else "x"
        elif ch.isdigit():
            table[code] = "d"
    return table


@cache
def _gazetteer_sets() -> dict[str, frozenset[str]]:
    place_words = frozenset(w for name in places() for w in name.split())
    return {
        "given": first_names(),
        "title": TITLES,
        "orgsuf": ORG_SUFFIXES,
        "orgcue": ORG_CUES,
        "role": ROLES,
        "nonname": NOT_NAMES,
        "demonym": _DEMONYM_WORDS,
        "speech": _SPEECH,
        "placeword": frozenset(w.lower() for w in place_words),
    }


@cache
def surname_ranks() -> dict[str, int]:
    """Lower-case US surnames → rank by frequency (the 1990 US Census list of 88,799 surnames, shipped in
    the ``names`` package): "sanders" 75, "trump" 8,608.  The recogniser reads the rank's bucket, so a
    surname CoNLL's 1996 Reuters never saw still looks like one."""
    from importlib.resources import files

    # Every line is "NAME  frequency  cumulative  rank": the words of the whole file, four at a time, are
    # the same table as a line-by-line split (a later duplicate wins in both) in half the time.
    fields = (files("names") / "dist.all.last").read_text(encoding="ascii").lower().split()
    if len(fields) % 4:
        raise ValueError("names' dist.all.last: a line without its four fields")
    return dict(zip(fields[0::4], map(int, fields[3::4]), strict=True))


def _surname_bucket(lower: str) -> str | None:
    rank = surname_ranks().get(lower)
    if rank is None:
        return None
    return "sur1k" if rank <= 1000 else "sur5k" if rank <= 5000 else "sur20k" if rank <= 20000 else "sur90k"


def _flags(word: str, lower: str) -> list[str]:
    sets = _gazetteer_sets()
    out = [name for name, members in sets.items() if lower in members]
    bucket = _surname_bucket(lower)
    if bucket:
        out.append(bucket)
    if word in places():
        out.append("place")
    if word in KNOWN_ORGS:
        out.append("org")
    return out


def type_features(
    word: str, context: dict[str, tuple[int, ...]], clusters: dict[str, tuple[int, ...]]
) -> dict[str, list[str]]:
    """Feature names of one token type for every role it can play (see the module docstring);
    ``context`` holds how capitalised words behave in unlabelled news (:mod:`analysis.voices.ner_context`),
    ``clusters`` the word classes learnt there (:mod:`analysis.voices.ner_clusters`)."""
    lower = word.lower()
    seen = context_features(context, word) if word[:1].isupper() else []
    kind = cluster_features(clusters, word)
    shape = word.translate(_shape_table())
    short = _SHAPE.sub(r"\1", shape)
    flags = _flags(word, lower)
    self_ = [
        f"w={word}",
        f"l={lower}",
        f"sh={shape if len(shape) <= 6 else short}",
        f"ss={short}",
        f"p2={lower[:2]}",
        f"p3={lower[:3]}",
        f"s2={lower[-2:]}",
        f"s3={lower[-3:]}",
        f"s4={lower[-4:]}",
        f"n={min(len(word), 8)}",
        *(f"g={flag}" for flag in flags),
        *seen,
        *kind,
    ]
    caps = [f"l={lower}", f"p3={lower[:3]}", f"s3={lower[-3:]}", *(f"g={flag}" for flag in flags)]
    near = [f"l={lower}", f"ss={short}", *(f"g={flag}" for flag in flags), *seen, *kind[:2]]
    far = [f"l={lower}", f"ss={short}", *kind[:1]]
    side = [f"l={lower}", *(f"g={flag}" for flag in flags if flag in ("title", "speech", "orgcue", "role"))]
    return {
        "0": self_,
        "0c": caps,
        "-1": near,
        "+1": near,
        "-2": far,
        "+2": far,
        "rb": side,
        "ra": side,
    }


#: Context value for a neighbour outside the sentence.
BOUNDARY = "<s>"


@dataclass(frozen=True)
class Candidates:
    """The candidate tokens of a batch: their token index, run id, and the per-token fields the
    token-level features need."""

    index: np.ndarray  # into the batch's tokens
    run: np.ndarray  # run id per candidate, runs numbered in text order
    sentence: np.ndarray  # sentence id per candidate
    first_in_sentence: np.ndarray
    caps_line: np.ndarray  # the sentence has (almost) no lower-case letters
    position: np.ndarray  # S, B, I, E codes 0..3 within the run
    run_length: np.ndarray  # length of the candidate's run, capped at 4


def candidates(text: str, tokens: Tokens, sent_starts: np.ndarray, sent_ends: np.ndarray, lower_share) -> Candidates:
    """Candidate tokens and their runs (see the module docstring).

    ``lower_share`` is the share of lower-case letters in each sentence (for ALL-CAPS lines)."""
    n = len(tokens)
    sent = np.searchsorted(sent_starts, tokens.starts, side="right") - 1
    inside = (sent >= 0) & (tokens.starts < sent_ends[np.maximum(sent, 0)]) if len(sent_starts) else np.zeros(n, bool)
    upper = (tokens.kind == UPPER) & inside
    is_joiner = np.zeros(n, dtype=bool)
    maybe = np.flatnonzero((tokens.kind == LOWER) | (tokens.kind != UPPER))
    if len(maybe):
        prev_up = np.r_[False, upper[:-1]][maybe]
        next_up = np.r_[upper[1:], False][maybe]
        both = maybe[prev_up & next_up]
        for i in both:
            if text[tokens.starts[i] : tokens.ends[i]] in _CONNECTORS:
                is_joiner[i] = True
    cand = upper | is_joiner
    index = np.flatnonzero(cand)
    s = sent[index]
    new_run = np.r_[True, (np.diff(index) != 1) | (np.diff(s) != 0)] if len(index) else np.zeros(0, bool)
    # a run never ends on a joining word: "Smith and" → "Smith"; handled by the model's O label.
    run = np.cumsum(new_run) - 1
    run_start = np.flatnonzero(new_run)
    lengths = np.diff(np.r_[run_start, len(index)])
    run_length = np.minimum(lengths[run], 4) if len(index) else np.zeros(0, np.int64)
    offset = np.arange(len(index)) - run_start[run] if len(index) else np.zeros(0, np.int64)
    last = offset == lengths[run] - 1 if len(index) else np.zeros(0, bool)
    position = np.where(lengths[run] == 1, 0, np.where(offset == 0, 1, np.where(last, 3, 2))) if len(index) else offset
    prev_sent = np.r_[-1, sent[:-1]]
    first = (prev_sent[index] != s) if len(index) else np.zeros(0, bool)
    caps = lower_share[s] < 0.1 if len(index) else np.zeros(0, bool)
    return Candidates(index, run, s, first, caps, position, run_length)


def token_level(c: Candidates) -> list[np.ndarray]:
    """Per-candidate token-level feature names, as arrays of strings (one array per template)."""
    pos = np.array(["S", "B", "I", "E"])[c.position]
    caps = np.where(c.caps_line, "1", "0")
    return [
        np.full(len(c.index), "bias", dtype=object),
        np.char.add("pos=", pos).astype(object),
        np.char.add("len=", c.run_length.astype(str)).astype(object),
        np.char.add(np.char.add("first=", np.where(c.first_in_sentence, "1", "0")), caps).astype(object),
        np.char.add(np.char.add("caps=", caps), pos).astype(object),
    ]


__all__ = [
    "BOUNDARY",
    "CONTEXT_ROLES",
    "LABELS",
    "RUN_ROLES",
    "SELF_ROLES",
    "Candidates",
    "candidates",
    "token_level",
    "type_features",
]
