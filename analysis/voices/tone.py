"""Sentence tone with VADER, and article tone built from it.

VADER (vaderSentiment, lexicon shipped in the wheel) scores each sentence.  Its reference
``polarity_scores`` walks every character looking for emoji and runs its rules on every word; on news
that is about 10k sentences/s, half a minute for an 8,000-article corpus.  :class:`FastVader` returns
exactly the same four numbers (a test compares them on real news) but skips the work that cannot change
them: the emoji pass when the sentence has no emoji, and the rules for words that are not in the lexicon
(for which VADER appends a zero).  About a third of news sentences have no lexicon word at all.

Article tone is "length-aware": the mean sentence compound weighted by sentence length in words, shrunk
towards neutral by a prior worth :data:`PRIOR_WORDS` words, so a two-line brief with one angry sentence
does not outrank a long, steadily negative report.
"""

from __future__ import annotations

import string

import numpy as np
import pandas as pd
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    allcap_differential,
    scalar_inc_dec,
)

#: Compound at or beyond which a sentence counts as positive/negative (VADER's own thresholds).
POSITIVE = 0.05
NEGATIVE = -0.05
#: Words of neutral text the article tone is shrunk towards; a ~3-sentence prior.
PRIOR_WORDS = 60
TONE_COLUMNS = ("compound", "pos", "neu", "neg")


_PUNCTUATION = string.punctuation
_NEGATE = frozenset(NEGATE)


def _negated(word: str) -> bool:
    """VADER's ``negated([word])`` for one lower-case word, with a set instead of a list scan."""
    return word in _NEGATE or "n't" in word


class FastVader(SentimentIntensityAnalyzer):
    """VADER's ``polarity_scores`` with the same output, faster on text where most words carry no sentiment.

    Pure: nothing of a sentence is kept on the instance, so one analyser serves every thread (Streamlit runs
    each session in its own).  The reference keeps no state either, but its rule checks re-read the
    sentence; ours take the lower-cased words as arguments instead.
    """

    def __init__(self) -> None:
        super().__init__()
        self._emoji = frozenset(key for key in self.emojis if len(key) == 1)

    def scores(self, text: str) -> tuple[float, float, float, float]:
        """``(compound, pos, neu, neg)`` of one sentence, identical to ``polarity_scores``."""
        if not text.isascii() and not self._emoji.isdisjoint(text):
            text = self._describe_emoji(text)
        text = text.strip()
        lexicon = self.lexicon
        # SentiText's tokens: white-space split, punctuation stripped unless that leaves <= 2 characters.
        # For ASCII text, lower-casing first gives the same lower-case tokens (punctuation has no case), so
        # a sentence without a lexicon word — a third of news — is let go before its tokens are cased.
        ascii_text = text.isascii()
        if ascii_text:
            lower = [word if len(bare := word.strip(_PUNCTUATION)) <= 2 else bare for word in text.lower().split()]
            if lexicon.keys().isdisjoint(lower):
                return (0.0, 0.0, 1.0, 0.0) if lower else (0.0, 0.0, 0.0, 0.0)
        words = [word if len(bare := word.strip(_PUNCTUATION)) <= 2 else bare for word in text.split()]
        if not ascii_text:
            lower = [word.lower() for word in words]
            if lexicon.keys().isdisjoint(lower):
                return (0.0, 0.0, 1.0, 0.0) if words else (0.0, 0.0, 0.0, 0.0)
        is_cap_diff = allcap_differential(words)
        # The reference skips boosters and "kind of"; every other non-lexicon word adds a zero.
        sentiments: list[float] = [0] * len(words)
        for i in [i for i, low in enumerate(lower) if low in lexicon]:
            low = lower[i]
            if low in BOOSTER_DICT or (low == "kind" and lower[i + 1 : i + 2] == ["of"]):
                continue
            sentiments[i] = self._valence(i, words[i], words, lower, is_cap_diff)
        if "but" in lower:  # the reference's _but_check, quirks (list.index of equal values) included
            bi = lower.index("but")
            for sentiment in sentiments:
                si = sentiments.index(sentiment)
                if si < bi:
                    sentiments.pop(si)
                    sentiments.insert(si, sentiment * 0.5)
                elif si > bi:
                    sentiments.pop(si)
                    sentiments.insert(si, sentiment * 1.5)
        result = self.score_valence(sentiments, text)
        return result["compound"], result["pos"], result["neu"], result["neg"]

    def _valence(self, i: int, item: str, words: list[str], lower: list[str], is_cap_diff: bool) -> float:
        """The reference's ``sentiment_valence`` (with ``_least_check``) for a lexicon word, reading the
        lower-cased words instead of lower-casing them again for every check."""
        lexicon = self.lexicon
        low = lower[i]
        valence = lexicon[low]
        if low == "no" and i != len(words) - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if (
            (i > 0 and lower[i - 1] == "no")
            or (i > 1 and lower[i - 2] == "no")
            or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[low] * N_SCALAR
        if item.isupper() and is_cap_diff:
            valence = valence + C_INCR if valence > 0 else valence - C_INCR
        for start_i in range(3):
            if i > start_i and lower[i - (start_i + 1)] not in lexicon:
                scalar = scalar_inc_dec(words[i - (start_i + 1)], valence, is_cap_diff)
                if start_i == 1 and scalar != 0:
                    scalar = scalar * 0.95
                if start_i == 2 and scalar != 0:
                    scalar = scalar * 0.9
                valence = valence + scalar
                valence = _negation_check(valence, lower, start_i, i)
                if start_i == 2:
                    valence = _special_idioms_check(valence, lower, i)
        if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            if lower[i - 2] != "at" and lower[i - 2] != "very":
                valence = valence * N_SCALAR
        elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            valence = valence * N_SCALAR
        return valence

    def _describe_emoji(self, text: str) -> str:
        """The reference's emoji pass: each emoji becomes its description, space-separated."""
        out = []
        prev_space = True
        for ch in text:
            if ch in self.emojis:
                if not prev_space:
                    out.append(" ")
                out.append(self.emojis[ch])
                prev_space = False
            else:
                out.append(ch)
                prev_space = ch == " "
        return "".join(out)


# The reference's ``_negation_check`` and ``_special_idioms_check`` lower-case the whole sentence again on
# every call (several times per sentiment word); these read the words lower-cased once, passed in, so that
# no call depends on another's.  Negative indices wrap around exactly as in the reference.
def _negation_check(valence: float, low: list[str], start_i: int, i: int) -> float:
    if start_i == 0:
        if _negated(low[i - 1]):
            valence = valence * N_SCALAR
    elif start_i == 1:
        if low[i - 2] == "never" and low[i - 1] in ("so", "this"):
            valence = valence * 1.25
        elif low[i - 2] == "without" and low[i - 1] == "doubt":
            pass
        elif _negated(low[i - 2]):
            valence = valence * N_SCALAR
    elif start_i == 2:
        if (low[i - 3] == "never" and low[i - 2] in ("so", "this")) or low[i - 1] in ("so", "this"):
            valence = valence * 1.25
        elif low[i - 3] == "without" and (low[i - 2] == "doubt" or low[i - 1] == "doubt"):
            pass
        elif _negated(low[i - 3]):
            valence = valence * N_SCALAR
    return valence


def _special_idioms_check(valence: float, low: list[str], i: int) -> float:
    sequences = [
        f"{low[i - 1]} {low[i]}",
        f"{low[i - 2]} {low[i - 1]} {low[i]}",
        f"{low[i - 2]} {low[i - 1]}",
        f"{low[i - 3]} {low[i - 2]} {low[i - 1]}",
        f"{low[i - 3]} {low[i - 2]}",
    ]
    for sequence in sequences:
        if sequence in SPECIAL_CASES:
            valence = SPECIAL_CASES[sequence]
            break
    if len(low) - 1 > i and f"{low[i]} {low[i + 1]}" in SPECIAL_CASES:
        valence = SPECIAL_CASES[f"{low[i]} {low[i + 1]}"]
    if len(low) - 1 > i + 1 and f"{low[i]} {low[i + 1]} {low[i + 2]}" in SPECIAL_CASES:
        valence = SPECIAL_CASES[f"{low[i]} {low[i + 1]} {low[i + 2]}"]
    for n_gram in (sequences[3], sequences[4], sequences[2]):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


_ANALYZER: FastVader | None = None


def analyzer() -> FastVader:
    """One shared analyser per process (reading the lexicon takes ~0.1 s)."""
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = FastVader()
    return _ANALYZER


def sentence_tone(texts: list[str]) -> pd.DataFrame:
    """VADER ``compound, pos, neu, neg`` for each text, as float32 columns in input order."""
    vader = analyzer()
    values = np.array([vader.scores(text) for text in texts], dtype=np.float32).reshape(len(texts), 4)
    return pd.DataFrame(values, columns=list(TONE_COLUMNS))


def article_tone(sentences: pd.DataFrame) -> pd.DataFrame:
    """Per-article tone from a sentences frame with ``doc_id, n_words, compound, quoted``.

    Columns: ``tone`` (length-weighted, shrunk mean compound), ``tone_reporter`` and ``tone_quoted`` (the
    same over the reporter's own and over quoted sentences; missing when an article has none),
    ``share_negative`` and ``share_positive`` (shares of sentences past VADER's thresholds).
    """
    words = sentences["n_words"].clip(lower=1).astype("float64")
    compound = sentences["compound"].astype("float64")
    frame = pd.DataFrame(
        {
            "doc_id": sentences["doc_id"],
            "w": words,
            "wc": words * compound,
            "neg": compound <= NEGATIVE,
            "pos": compound >= POSITIVE,
            "quoted": sentences["quoted"].astype(bool),
        }
    )
    grouped = frame.groupby("doc_id", sort=False)
    out = pd.DataFrame(
        {
            "tone": grouped["wc"].sum() / (grouped["w"].sum() + PRIOR_WORDS),
            "share_negative": grouped["neg"].mean(),
            "share_positive": grouped["pos"].mean(),
        }
    )
    for name, mask in (("tone_reporter", ~frame["quoted"]), ("tone_quoted", frame["quoted"])):
        part = frame[mask].groupby("doc_id", sort=False)
        out[name] = part["wc"].sum() / part["w"].sum()
    return out.astype("float32").reset_index()
