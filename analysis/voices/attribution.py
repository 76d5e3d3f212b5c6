"""Reported speech without quotation marks, and which sentences are prose at all.

A cue is a word learnt from PolNeAR as one that reports speech or thought (``attribution_cues.tsv``:
"said", "told", "argued", "warned", "believes" …, and "according to"), found for a whole batch in one
Aho-Corasick pass.  Around each cue in a sentence of prose, outside quotation marks:

* source before the cue — "X said (that) …", "X told reporters (that) …", "Smith, a spokesman, argued …",
  "the campaign warned …": the content is what follows, up to the end of the sentence;
* cue at the end — "…, X said." / "…, said X.": the content is what comes before the comma;
* "according to X, …" and "…, according to X.".

The source slot must hold a name, a pronoun or a description (:mod:`analysis.voices.speakers` resolves
it): a cue without one reports nobody ("the report said" is kept, "as expected" is not).

Headlines, bylines, captions and e-mail header lines are not prose (:func:`prose_mask`): no attribution
is read in them ("Hillary Clinton Joked …" is a headline, not a quote of Clinton).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from analysis.lexicon import table

_QUOTE = re.compile(r"[“”\"]")
_QUOTE_CLOSED = re.compile(r"[,.!?]\s*[”\"]\s*$")  # the words before the source close a quotation
_AUX = re.compile(
    r"(?:has|have|had|is|was|were|are|also|then|now|later|again|once|repeatedly|previously|reportedly|"
    r"publicly|privately|would|will|could|did|does|do|not|never|just|even|still|already|recently|\w+ly)"
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who"})
_TOKEN = re.compile(r"\S+")
_ADJUNCTS = table("cue_adjuncts")
_TIME = "|".join(sorted((re.escape(w) for w, k in _ADJUNCTS.items() if k == "time"), key=lambda w: (-len(w), w)))
_MEDIUM = "|".join(sorted((re.escape(w) for w, k in _ADJUNCTS.items() if k == "medium"), key=lambda w: (-len(w), w)))
# A short phrase between a cue and its "that": an adverb, a time ("Tuesday", "last week", "earlier this
# month"), where it was said ("in a statement", "at a news conference", "on Twitter").
_ADJUNCT = (
    rf"(?:[a-z]+ly|(?:(?:on|last|this|next|early|late)\s+)?(?i:{_TIME})(?:\s+(?i:{_TIME}))?"
    rf"|(?:in|on|at|during|to|via)\s+(?:a|an|the|his|her|its|their)\s+(?:[\w-]+\s+)?(?:{_MEDIUM})s?"
    rf"|on\s+[A-Z][\w.]*|to\s+(?:reporters|journalists))"
)
# "that" opening the content, directly after the cue or after such phrases — never a later "that" (a
# relative clause of the content: "said the report that the agency released …").
_SKIP_THAT = re.compile(rf"^\s*(?:{_ADJUNCT}\s*,?\s+){{0,2}}(?P<that>that)\s+")
_OBJECT = re.compile(r"^\s*(?:reporters|journalists|me|us|him|her|them|the \w+|\w+)(?:\s+(?:on|in)\s+\w+)?\s*,?\s*")
# Verbs whose object is the hearer, not the content: "told reporters that …", "assured him …".
_TELL = frozenset({"told", "tells", "telling", "informed", "assured", "reminded"})
_END_SOURCE = re.compile(r"^\s*(?P<src>[^,.;:!?]{1,60}?)\s*[.!?]?\s*$")
_ACCORDING_AFTER = re.compile(r"^\s+to\s+(?P<src>[^,.;:!?]{1,80}?)\s*(?:,\s*|[.!?]\s*$)")
_MIN_WORDS = 3
# What may follow "…, X said" and leave the content before the comma: "…, he said after the meeting".
_AFTER_CLAUSE = re.compile(r"^\s*(?:,|(?:after|before|in|on|at|during|when|while|because|last|this|on)\b)")


@cache
def cue_words() -> dict[str, float]:
    """The learnt cue words and how often each is a cue where it appears."""
    return {word: float(share) for word, share in table("attribution_cues").items()}


@cache
def _cue_automaton():
    import ahocorasick

    found = ahocorasick.Automaton()
    for word in cue_words():
        found.add_word(word, word)
        found.add_word(word.capitalize(), word)
    found.make_automaton()
    return found


def cue_hits(text: str) -> list[tuple[int, int, str]]:
    """Every learnt cue word standing as a whole word in ``text`` (a batch), ``(start, end, word)``."""
    out = []
    n = len(text)
    for last, word in _cue_automaton().iter(text):
        start = last - len(word) + 1
        end = last + 1
        if (start and (text[start - 1].isalnum() or text[start - 1] in "'’-")) or (end < n and text[end].isalnum()):
            continue
        out.append((start, end, word))
    return out


@dataclass
class Reported:
    """Reported speech found in a sentence: content span, cue span and the source slot."""

    start: int
    end: int
    cue_start: int
    cue_end: int
    source_start: int
    source_end: int
    source: str
    subject: bool = False  # the source is the subject of the sentence's main clause ("…, calling for")


def reported_speech(
    text: str, sentence_starts: np.ndarray, sentence_ends: np.ndarray, prose: np.ndarray, quoted: list[tuple[int, int]]
) -> list[Reported]:
    """Reported speech in the prose sentences of ``text`` (see the module docstring); ``quoted`` are the
    spans inside quotation marks, where no cue is read."""
    q_starts = [a for a, _ in quoted]
    q_ends = [b for _, b in quoted]
    # One offset at a time: bisect over lists (numpy's searchsorted costs more than it saves for one value).
    starts, ends, in_prose = (np.asarray(a).tolist() for a in (sentence_starts, sentence_ends, prose))
    shares = cue_words()
    found: list[tuple[float, int, Reported]] = []
    for start, end, word in cue_hits(text):
        k = bisect.bisect_right(starts, start) - 1
        if k < 0 or start >= ends[k] or not in_prose[k]:
            continue
        i = bisect.bisect_right(q_starts, start) - 1
        if i >= 0 and start < q_ends[i]:
            continue  # inside quotation marks
        reported = _around_cue(text, starts[k], ends[k], start, end, word)
        if reported is not None:
            found.append((shares[word], start, reported))
    # Where two cues read overlapping content, the likelier cue wins ("In response to …, Raab insisted
    # that …": "insisted", not "response").
    # The kept contents do not overlap, so they are in the same order by start and by end: a new one
    # overlaps a kept one only if it overlaps the last kept one starting before it ends (a bisection).
    out: list[Reported] = []
    kept_starts: list[int] = []
    for _, _, reported in sorted(found, key=lambda f: (-f[0], f[1])):
        i = bisect.bisect_left(kept_starts, reported.end)
        if i and out[i - 1].end > reported.start:
            continue
        kept_starts.insert(i, reported.start)
        out.insert(i, reported)
    return out


def _around_cue(text: str, s0: int, s1: int, c0: int, c1: int, word: str) -> Reported | None:
    before = text[s0:c0]
    after = text[c1:s1]
    if word == "according":
        to = _ACCORDING_AFTER.match(after)
        if to is None:
            return None
        src0, src1 = c1 + to.start("src"), c1 + to.end("src")
        if to.end() >= len(after.rstrip()) or not after[to.end() :].strip():
            content = _trim(text, s0, c0)  # "…, according to X."
        else:
            content = _trim(text, c1 + to.end(), s1)  # "According to X, …"
        return _make(text, content, (c0, c1), (src0, src1))
    tail = _END_SOURCE.match(after)
    comma_before = before.rstrip().endswith(",")
    # "…, said X." — the source after the cue, the content before the comma
    if comma_before and tail is not None and len(after.split()) <= 6:
        content = _trim(text, s0, s0 + len(before.rstrip()) - 1)
        return _make(text, content, (c0, c1), (c1 + tail.start("src"), c1 + tail.end("src")))
    if word.endswith("ing") and comma_before:
        # "Pompeo also took things a step further, calling for …": the main clause's subject speaks.  Kept
        # only with quoted words in it ("…, saying “…”"): without them, a participle after a comma as often
        # describes an act ("calling for unity") as it reports words.
        found = _make(text, _trim(text, c1, s1), (c0, c1), (s0, c0))
        if found is None or not _QUOTE.search(text[found.start : found.end]):
            return None
        found.subject = True
        return found
    source = _source_before(before)
    if source is None:
        return None
    src0, src1 = s0 + source[0], s0 + source[1]
    if _QUOTE_CLOSED.search(text, s0, src0) and not _QUOTE.search(after):
        return None  # "“…,” Abbas said to Obama.": a direct quote's attribution, not a second statement
    skip = _SKIP_THAT.match(after)
    # "…, X said." — the content is the sentence up to the comma before the source; not when "that" opens
    # what follows ("Smith, an adviser, said on Tuesday that …": the content is after the cue).
    if skip is None and (not after.strip(' .!?"”') or _AFTER_CLAUSE.match(after)) and "," in before:
        comma = text.rfind(",", s0, src0 + 1)
        if comma > s0:
            return _make(text, _trim(text, s0, comma), (c0, c1), (src0, src1))
        return None
    if skip is not None:
        begin = c1 + skip.start("that")  # the content starts at "that", as annotators mark it
    elif word in _TELL:  # "told reporters (on Tuesday) (that) …": the content after the hearer
        obj = _OBJECT.match(after)
        begin = c1 + (obj.end() if obj else 0)
        if (skip := _SKIP_THAT.match(text, begin, s1)) is not None:
            begin = skip.start("that")
    else:
        begin = c1
    return _make(text, _trim(text, begin, s1), (c0, c1), (src0, src1))


def _source_before(before: str) -> tuple[int, int] | None:
    """The source slot at the end of the text before a cue: past auxiliaries and adverbs ("has also"),
    past an appositive between commas ("Smith, a spokesman for the group,"), the last words of the
    clause (at most four, back to a comma or a full stop), or a lone pronoun."""
    words = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(before, max(0, len(before) - 200))]
    i = len(words) - 1
    # Lower-case words only: "Connolly", "Kelly" are surnames, not adverbs in "-ly".
    while i >= 0 and words[i][2][:1].islower() and _AUX.fullmatch(words[i][2]):
        i -= 1
    if i < 0:
        return None
    if words[i][2].endswith(","):  # an appositive: the source ends before its opening comma
        j = i - 1
        while j >= 0 and not words[j][2].endswith(",") and words[i][1] - words[j][0] <= 90:
            j -= 1
        if j < 0 or not words[j][2].endswith(","):
            return None
        i = j
    end = words[i][1] - (1 if words[i][2].endswith(",") else 0)
    if words[i][2].rstrip(",").lower() in _PRONOUNS:
        return words[i][0], end
    if not words[i][2][-1:].isalnum() and not words[i][2].endswith(","):
        return None  # "…” he" is handled above; a cue after a closing bracket or a dash reports nothing
    k = i
    while k > 0 and i - k < 3 and words[k - 1][2][-1] not in ',.;:!?”"' and words[k - 1][2].lower() not in _PRONOUNS:
        k -= 1
    return words[k][0], end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?"):
        end -= 1
    return start, end


def _make(text: str, content: tuple[int, int], cue: tuple[int, int], source: tuple[int, int]) -> Reported | None:
    a, b = content
    if len(text[a:b].split()) < _MIN_WORDS:
        return None
    return Reported(a, b, cue[0], cue[1], source[0], source[1], text[source[0] : source[1]])


# ------------------------------------------------------------------------------------------------ prose

_HEADER = re.compile(r"^(?:subject|from|to|sent|date|cc|bcc|re|fwd?)\s*:", re.IGNORECASE)
_CAPTION = re.compile(
    r"^(?:\(?(?:photo|image|picture|video|file photo|getty|ap photo|credit)\b|by\s+[A-Z])", re.IGNORECASE
)
_SMALL = frozenset("a an the of in on at to for and or but with by from as is".split())


def prose_mask(text: str, sentence_starts: np.ndarray, sentence_ends: np.ndarray, para_first: np.ndarray) -> np.ndarray:
    """Which sentences are prose: not a headline (a one-sentence paragraph without closing punctuation,
    or one whose words are nearly all capitalised), a byline, a caption or an e-mail header line."""
    out = np.ones(len(sentence_starts), dtype=bool)
    for k in np.flatnonzero(para_first).tolist():  # headlines, bylines, captions and headers open a paragraph
        a, b = int(sentence_starts[k]), int(sentence_ends[k])
        sentence = text[a:b]
        stripped = sentence.rstrip(" \"”’')")
        if _HEADER.match(sentence) or _CAPTION.match(sentence):
            out[k] = False
            continue
        whole = para_first[k] and (k + 1 == len(out) or para_first[k + 1])  # a paragraph of one sentence
        closed = stripped.endswith((".", "!", "?", ":", "…"))
        if closed and not whole:
            continue  # the opening sentence of a longer paragraph, punctuated: prose, whatever its words
        words = [w for w in sentence.split() if w[:1].isalpha()]
        if len(words) < 3:
            continue
        lower = [w for w in words if w[:1].islower() and w not in _SMALL]
        if para_first[k] and not closed and len(lower) <= len(words) // 3:
            out[k] = False  # a Title-Case line of its own: a headline or a subject line
        elif whole and len(lower) <= len(words) // 5:
            out[k] = False  # "Obama: I’m Optimistic Americans Will Say No to Trump."
    return out


__all__ = ["Reported", "cue_hits", "cue_words", "prose_mask", "reported_speech"]
