"""People, organisations and places: a trained recogniser, the gazetteers, and canonical names.

The recogniser (:mod:`analysis.voices.ner`, a linear model trained on CoNLL-2003) finds and types the
names in raw article text; the gazetteers (:func:`analysis.voices.gazetteer.gazetteer_hits`, one
Aho-Corasick pass) then come first, as :mod:`analysis.lexicon` states: a span the model found that is a
known place or organisation takes the gazetteer's type and canonical name ("UK", "Britain" → United
Kingdom; "WHO" → World Health Organization; "Democrats" → Democratic Party), a gazetteer name the model
left out is added ("British Government", "Chinese officials" → the state), and the model's
miscellaneous names ("German", "Olympics") are no entity.  Titles in front of a person are cut off.

Merging: in an article, a surname or given name alone ("Pompeo", "Liu") is the full name used in the
same article; across the corpus, a surname never given in full is the most frequent full name with that
surname (:func:`corpus_names`).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import accumulate

import numpy as np
import pandas as pd

from analysis.lexicon import stop_words, words
from analysis.text.sentences import split_sentences
from analysis.voices.cues import SPEECH_VERBS
from analysis.voices.gazetteer import (
    DEMONYMS,
    KNOWN_ORGS,
    NOT_NAMES,
    ORG_SUFFIXES,
    TITLES,
    first_names,
    gazetteer_hits,
    places,
)
from analysis.voices.ner import default_model, recognise
from analysis.voices.ner_context import STATS
from analysis.voices.ner_features import surname_ranks
from analysis.voices.tokens import Tokens, tokenize

PERSON, ORG, PLACE, UNKNOWN = "person", "organisation", "place", ""
ENTITY_COLUMNS = ["doc_id", "sent_id", "start", "end", "mention", "entity", "type"]
_KIND = {"PER": PERSON, "ORG": ORG, "LOC": PLACE}
_PEOPLE_OF_PLACES = words("people_of_places")
_TITLE, _LOWER, _GIVEN = STATS.index("title"), STATS.index("lower"), STATS.index("given")
_SPEECH, _POSS = STATS.index("speech"), STATS.index("poss")
_SPEECH_NEXT = re.compile(rf"\s+(?:{SPEECH_VERBS})\b")
_POSSESSIVE = re.compile(r"['’]s?\b")
# The lower-case word right after a name: a noun there makes the name attributive ("the Bush
# administration", "a used Ford pickup"), a function word does not ("taking on Obama over health care").
_NEXT_WORD = re.compile(r"[ \t]+([a-z][\w'’-]*)")
_NOT_LONE = NOT_NAMES | TITLES
_DEMONYM_PLURAL = re.compile(r"[a-z](?:ans|ers|ites|ese|ians|ons|s)$")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")  # a middle initial or two: "J.", "H.W."
_KNOWN_ORG_NAMES = frozenset(KNOWN_ORGS.values())
_PERSON_HONORIFICS = words("person_honorifics")


@dataclass(frozen=True)
class Mention:
    """A typed span of an article; ``name`` is the name before merging (title and possessive cut off)."""

    start: int
    end: int
    text: str
    name: str
    type: str


def find_mentions(text: str) -> list[Mention]:
    """Typed entity mentions of one article, in order, with character offsets into ``text``."""
    bounds = np.array(split_sentences(text), dtype=np.int64).reshape(-1, 2)
    return batch_mentions(text, tokenize(text), bounds[:, 0], bounds[:, 1])


def batch_mentions(
    text: str,
    tokens: Tokens,
    sent_starts: np.ndarray,
    sent_ends: np.ndarray,
    article_starts: np.ndarray | None = None,
) -> list[Mention]:
    """:func:`find_mentions` of a whole batch at once: ``text`` is the batch's articles joined, ``tokens``
    its tokens, ``sent_starts``/``sent_ends`` its sentences and ``article_starts`` where each article
    begins, in batch offsets (``None``: one article)."""
    found, f, labels = recognise(text, tokens, sent_starts, sent_ends)
    found = _speaker_labels(text, _after_honorifics(text, tokens, f, labels, found), article_starts)
    # The second look reads the model's labels, which the labels and honorifics above do not update: a
    # word it finds again inside a span they added ("TAPPER:") is that span already.
    found.extend(_outside(found, _name_parts_again(text, tokens, f, labels, found, article_starts)))
    gazetteer = {(a, b): (canonical, kind) for a, b, canonical, kind in gazetteer_hits(text)}
    kept: list[Mention] = []
    for start, end, label in found:
        known = gazetteer.pop((start, end), None)
        if known is not None:
            if known[0]:
                kept.append(Mention(start, end, text[start:end], known[0], known[1]))
            continue
        titled = label in ("UNK", "ORG", "LOC") and _titled_surname(text[start:end])
        if titled or (label == "MISC" and _lone_person(text, start, end)):
            label = "PER"
        if label == "MISC":
            continue
        if label == "UNK":
            if not _people_of_a_place(text[start:end]):
                kept.append(Mention(start, end, text[start:end], text[start:end], UNKNOWN))
            continue
        mention = _named(text, start, end, _KIND[label])
        if mention is not None:
            kept.append(mention)
    # Gazetteer names the model left out (or called miscellaneous), where no kept mention overlaps them.
    taken = sorted((m.start, m.end) for m in kept)
    starts = [a for a, _ in taken]
    # The furthest end of the kept mentions up to each: one prefix maximum, not a maximum per name.
    furthest = list(accumulate((b for _, b in taken), max))
    for (start, end), (canonical, kind) in gazetteer.items():
        if not canonical:
            continue
        i = bisect.bisect_left(starts, end)  # kept mentions starting before this one ends (one at a time: lists)
        if i and furthest[i - 1] > start:
            continue
        kept.append(Mention(start, end, text[start:end], canonical, kind))
    kept.sort(key=lambda m: (m.start, -m.end))
    # No span twice, whichever steps found it.
    return [m for i, m in enumerate(kept) if not i or (m.start, m.end) != (kept[i - 1].start, kept[i - 1].end)]


def _outside(found: list[tuple[int, int, str]], spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The ``spans`` that overlap none of ``found`` (in text order, never overlapping: found by bisection)."""
    starts = [a for a, _, _ in found]
    out = []
    for a, b, label in spans:
        i = bisect.bisect_left(starts, b)  # the spans of ``found`` starting before this one ends
        if not i or found[i - 1][1] <= a:
            out.append((a, b, label))
    return out


def _honorific_kind(word: str) -> int:
    """0: no honorific; 2: a person's honorific with its full stop ("Mr.", "Sen."), or without one where
    titles.txt lists the abbreviation and news never writes it in lower case (British "Mr Hunt", "Mrs
    May"); 1: an abbreviation without its stop that news also writes in lower case ("Gen", "Rev",
    "Rep": "Gen Z", "rev up", a sales rep), an honorific only before a word that is no common word ("Gen
    Ibn Auf", not "Gen Alpha")."""
    lower = word.lower()
    if lower.endswith("."):
        return 2 * (lower[:-1] in _PERSON_HONORIFICS)
    if lower not in _PERSON_HONORIFICS or lower not in TITLES:
        return 0
    row = default_model().context.get(word)
    return 2 if row is None or row[_LOWER] == 0 else 1


#: A surname rank (the census's, most common first) within which a word after an honorific is a surname
#: even if it is a title or a function word: "Mr. King", "Mr. Major", "Mrs May", "Mr. Little", but "Mr.
#: President", "Mr. Speaker", "Mr. Then", "Rev. Up".
_SURNAME_RANK = 5000


def _no_name_after_honorific(word: str) -> bool:
    """Is the capitalised ``word`` after an honorific no name?  A title addressed ("Mr. President",
    "Madam Speaker"), a function word ("Mr. Then", "Rev. Up") or a non-name — unless it is also a common
    surname.  A common word is a name here ("Mr. Price", "Mrs. Hunt"): that is what the honorific says."""
    lower = word.lower()
    # A title with a suffix joined by a hyphen is still a title ("Mr. President-elect", "Madam
    # Speaker-designate"), unless the hyphen joins two surnames ("Mrs. Hunt-Lenox").
    head = lower.split("-", 1)[0]
    if head != lower and head in TITLES:
        rank = surname_ranks().get(head)
        return rank is None or rank > _SURNAME_RANK
    if lower in stop_words() or lower in NOT_NAMES or lower in TITLES:
        rank = surname_ranks().get(lower)
        return rank is None or rank > _SURNAME_RANK
    return False


# A generation's letter, alone or as its members ("Gen Z", "Gen Xers", "Gen Z-ers"): after an abbreviation
# that may be no honorific, it names no one.
_GENERATION = re.compile(r"[A-Z](?:-?ers?)?")


def _after_honorifics(text, tokens, f, labels, found) -> list[tuple[int, int, str]]:
    """The capitalised words right after a person's honorific ("Mr. Sessions", "Sen. Price", "Mrs.
    Fidget": ``person_honorifics.txt``, written with its full stop) are a person: where the model left them
    out they are added, and a span of another type it began there is a person's.  The recogniser reads
    "Sessions" and "Price" by how news writes them elsewhere (in lower case) and leaves them out even
    after "Mr."; a reader never does.  Not when the word is a title or a function word
    (:func:`_no_name_after_honorific`: "Mr. President", "Rev. Up"), the honorific a state after its city
    ("Boulder, Col. Springs") or part of a brand ("Dr Pepper", "Dr. Martens": an organisation), nor after
    an abbreviation that may be no honorific (:func:`_honorific_kind`) when a common word follows ("Gen
    Alpha")."""
    c = f.cands
    n = len(c.index)
    if n < 2:
        return found
    # Each token type is read once (the recogniser's table of the batch's types), then gathered per candidate.
    kind_of_type = np.array([_honorific_kind(t) for t in f.types], dtype=np.int8)
    own = f.role_types["0"]
    kinds = np.where(own > 0, kind_of_type[own], 0)
    flagged = kinds > 0
    openers = np.flatnonzero(flagged[:-1] & (c.run[1:] == c.run[:-1])).tolist()
    word = {}

    def at(k: int) -> str:
        if k not in word:
            word[k] = text[tokens.starts[c.index[k]] : tokens.ends[c.index[k]]]
        return word[k]

    def capitalised(k: int) -> bool:
        return at(k)[:1].isupper() and not flagged[k]

    if not openers:
        return found
    typed = {start: j for j, (start, _, _) in enumerate(found)}
    out = list(found)
    alone: set[int] = set()
    for h in openers:
        k = h + 1
        at_honorific = int(tokens.starts[c.index[h]])
        if _no_name_after_honorific(at(k)) or _state_after_place(text, found, at_honorific):
            continue
        if kinds[h] == 1 and _GENERATION.fullmatch(at(k)):
            j = typed.get(at_honorific)
            if j is not None:  # the model's "Gen Zers", of whatever type: a generation is nobody's name
                out[j] = (out[j][0], out[j][1], "MISC")
            continue
        if kinds[h] == 1 and _common_word(at(k)):
            continue
        brand = _brand_at(text, at_honorific, [int(tokens.ends[c.index[x]]) for x in range(k, min(k + 2, n))])
        if brand:  # "Dr Pepper", "Dr. Martens": the organisation, in place of what the model found in it
            j = typed.get(at_honorific, typed.get(int(tokens.starts[c.index[k]])))
            if j is None:
                out.append((at_honorific, brand, "ORG"))
            else:
                out[j] = (at_honorific, max(brand, out[j][1]), "ORG")
            continue
        j = typed.get(at_honorific)
        if j is not None and out[j][1] > tokens.ends[c.index[h]]:
            # A span the model began at the honorific ("Mr Varoufakis" as an organisation): a person's,
            # unless one letter follows ("Gen Z").
            if out[j][1] - tokens.ends[c.index[h]] > 2:
                out[j] = (out[j][0], out[j][1], "PER")
            continue
        if c.caps_line[k] or not capitalised(k) or len(at(k)) < 2:
            continue
        if j is not None:  # the model's span is the honorific alone ("Gen." of "Gen. Milley"): no name
            alone.add(j)
        start = int(tokens.starts[c.index[k]])
        if start in typed:  # the model began a span here: a person's, whatever type it gave
            j = typed[start]
            out[j] = (out[j][0], out[j][1], "PER")
            continue
        if labels[k] != 0:
            continue  # inside a span the model began before the honorific
        last = k
        while last + 1 < n and c.run[last + 1] == c.run[k] and labels[last + 1] == 0 and last - k < 2:
            if flagged[last + 1]:
                break
            last += 1
        while last > k and not capitalised(last):
            last -= 1  # a run never ends on a joining word
        after = last + 1
        j = typed.get(int(tokens.starts[c.index[after]])) if after < n else None
        if j is not None and c.run[after] == c.run[k] and not flagged[after]:
            # One word, or given names and initials, before the model's span ("Sen. Mitch McConnell", it
            # found "McConnell"): one name of at most four words, the model's span extended to them.  Not
            # a name of its own before another ("Sen. Mazie Hirono Mazie Keiko HironoHirono", a web page's
            # run-on: the words repeat).
            before = [at(x).rstrip(".") for x in range(k, after)]
            spanned = text[out[j][0] : out[j][1]].split()
            given = len(before) == 1 or all(w.lower() in first_names() or len(w) == 1 for w in before)
            if given and len(before) + len(spanned) <= 4 and not set(before) & set(spanned):
                out[j] = (start, out[j][1], "PER")
                continue
        out.append((start, int(tokens.ends[c.index[last]]), "PER"))
    return sorted(span for i, span in enumerate(out) if i not in alone)


def _state_after_place(text: str, found: list[tuple[int, int, str]], at: int) -> bool:
    """Is the honorific at ``at`` a state's abbreviation after its city ("Boulder, Col.", "Denver, Col.
    Springs")?  It is when it follows a place and a comma.  ``found`` is in text order."""
    i = bisect.bisect_left(found, (at,)) - 1
    if i < 0 or text[found[i][1] : at] != ", ":
        return False
    a, b, label = found[i]
    return label == "LOC" or text[a:b] in places()


def _brand_at(text: str, at: int, ends: list[int]) -> int:
    """Where a known organisation named with an honorific ends ("Dr Pepper", "Dr. Martens", "Mr. Clean" in
    known_orgs.tsv), starting at ``at`` and ending at one of ``ends`` (longest first); 0 for none."""
    for end in sorted(ends, reverse=True):
        if text[at:end] in KNOWN_ORGS:
            return end
    return 0


# A transcript's speaker label: one to three ALL-CAPS words opening a line, then a colon ("TAPPER: If you
# are saying …", "NEIL ARMSTRONG: …").
# Searched from each newline (a literal the regex engine scans for fast; "^" with MULTILINE is tried at
# every character of the batch), and matched at the text's start.
_LABEL = re.compile(r"[ \t]*(?P<name>[A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Z'’.-]+){0,2})[ \t]*:(?=\s)")
_LINE_LABEL = re.compile(r"\n" + _LABEL.pattern)
# What a label's turn says when it is speech, not a dateline's news: a first- or second-person word, a
# question, or a word people open a spoken answer with ("SHAPIRO: Well, …", "KARL: Does he …?").
_SPOKEN = re.compile(
    r"[ \t]*:\s*(?:(?:well|yes|yeah|no|oh|ok|okay|sure|thank|thanks|absolutely|look|right|whoa)\b|…|\.\.\."
    r"|[^\n]{0,80}?(?:\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|me|my|we|we're|we’re|our|us|you|your)\b|\?))",
    re.IGNORECASE,
)


def _speaker_labels(
    text: str, found: list[tuple[int, int, str]], article_starts: np.ndarray | None = None
) -> list[tuple[int, int, str]]:
    """A transcript's speaker labels are people, whatever the model made of them (an ALL-CAPS word reads
    as an acronym or a place to it) — but a line opening with capitals and a colon is as often a dateline
    ("SYDNEY:", "AUSTIN:"), a company or a section label ("FORD:", "BOTTOM LINE:"), and gazetteers never
    list every city.  So a label is a person's only when it reads as a name (a given name or a census
    surname, none of its words a common word, a title or a known place or organisation) *and* the article
    says so: the same label opens another line too (a transcript's turns), the article names a person
    with that surname ("Jake Tapper" … "TAPPER:", "Neil Armstrong" … "NEIL ARMSTRONG:"; not where the
    label opens the article, as a dateline does), or what follows the label is speech (:data:`_SPOKEN`:
    "HORSLEY: Well, …", "PORTMAN: 100 percent?", "LEE: I just thought …"), or the label is a given name
    then a surname that is no given name ("ANDREW MCCABE:"; not "SANTA MONICA:").  "SYDNEY: Fires spread
    overnight." is a dateline."""
    articles = np.zeros(1, dtype=np.int64) if article_starts is None else np.asarray(article_starts)
    candidates = []
    first = _LABEL.match(text)
    for m in ([first] if first else []) + list(_LINE_LABEL.finditer(text)):
        name = m.group("name")
        words = [w.strip(".") for w in name.split()]
        titled = " ".join(w.capitalize() for w in words)
        if name in places() or titled in places() or name in KNOWN_ORGS or titled in KNOWN_ORGS:
            continue
        lower = [w.lower() for w in words]
        if any(w in _NOT_LONE or w in stop_words() or _common_word(w.capitalize()) for w in lower):
            continue
        # A given name or census surname, or a surname news writes after titles ("OBAMA:", "PELOSI:").
        if any(w in first_names() or w in surname_ranks() for w in lower) or _titled_surname(titled):
            candidates.append((m.start("name"), m.end("name"), m.start(), tuple(words)))
    if not candidates:
        return found
    where = np.searchsorted(articles, [c[0] for c in candidates], side="right") - 1
    turns = Counter((int(a), c[3]) for a, c in zip(where, candidates, strict=True))
    # The surnames of the people the model found in prose (not in capitals, as the labels are), in the
    # articles that hold a label only (found by bisection: the spans are in text order).
    surnames: dict[int, set[str]] = {}
    for k in set(where.tolist()):
        lo = bisect.bisect_left(found, (int(articles[k]),))
        hi = bisect.bisect_left(found, (int(articles[k + 1]),)) if k + 1 < len(articles) else len(found)
        surnames[k] = {
            text[a:b].split()[-1].upper() for a, b, label in found[lo:hi] if label == "PER" and not text[a:b].isupper()
        }
    labels = []
    for (a, b, line, words), k in zip(candidates, where.tolist(), strict=True):
        repeated = turns[(k, words)] > 1
        opening = not text[articles[k] : line].strip()
        lower = [w.lower() for w in words]
        # A given name then a surname that is no given name ("ANDREW MCCABE"; not "SANTA MONICA").
        full_name = len(words) > 1 and lower[0] in first_names() and lower[-1] not in first_names()
        full_name = full_name and lower[-1] in surname_ranks()
        if repeated or full_name or (not opening and words[-1].upper() in surnames[k]) or _SPOKEN.match(text, b):
            labels.append((a, b))
    if not labels:
        return found
    # The spans are in text order and never overlap: those a label overlaps are found by bisection, and
    # the list is edited in place (a batch holds hundreds of thousands of spans, and a few labels).
    out = list(found)
    for a, b in reversed(labels):
        i = bisect.bisect_left(out, (a,))
        if i and out[i - 1][1] > a:
            i -= 1
        j = i
        while j < len(out) and out[j][0] < b:
            j += 1
        out[i:j] = [(a, b, "PER")]
    return out


def _name_parts_again(text, tokens, f, labels, found, article_starts) -> list[tuple[int, int, str]]:
    """A careful reader's second look at a lone capitalised word the model left out: the first or last word
    of a person it found in the same article ("Mike Pompeo … Pompeo praised Raab") is that person; any
    other that is no non-name or title is kept untyped (``"UNK"``) for the corpus step, which names it
    when the corpus names that person in full elsewhere and drops it otherwise."""
    if not len(labels):
        return []
    articles = np.zeros(1, dtype=np.int64) if article_starts is None else np.asarray(article_starts)
    article_list = articles.tolist()
    parts = set()
    for start, end, label in found:
        if label == "PER" and " " in text[start:end]:
            words = text[start:end].split()
            a = bisect.bisect_right(article_list, start) - 1
            parts.update(((a, words[0]), (a, words[-1])))
    missed = f.cands.index[(labels == 0) & (f.cands.position == 0)]  # a lone capitalised word, left out
    out = []
    which = np.searchsorted(articles, tokens.starts[missed], side="right") - 1
    for start, end, a in zip(tokens.starts[missed].tolist(), tokens.ends[missed].tolist(), which.tolist(), strict=True):
        word = text[start:end]
        if (a, word) in parts:
            out.append((start, end, "PER"))
        elif (
            (len(word) > 2 or _titled_surname(word))  # "Xi" after a title, in unlabelled news
            and word.lower() not in _NOT_LONE
            and not word.isupper()
            and word not in places()
        ):
            # Followed by a verb of saying, it is someone speaking ("Winner wrote"): a person, the model
            # having found no organisation in it — unless it is a common plural or a stop word that news
            # writes in lower case ("Critics said", "Everyone says": the capital is the sentence's).
            said = _SPEECH_NEXT.match(text, end) and not (
                _common_word(word) and (word.endswith("s") or word.lower() in stop_words())
            )
            out.append((start, end, "PER" if said else "UNK"))
    return out


def _named(text: str, start: int, end: int, kind: str) -> Mention | None:
    """The mention of a recognised span under its name: titles cut off a person ("Foreign Secretary
    Dominic Raab" → Dominic Raab), a known organisation under its canonical name, a closing full stop off
    anything but initials."""
    surface = text[start:end]
    if kind == PERSON:
        words = surface.split(" ")
        while len(words) > 1 and words[0].lower() in TITLES:
            start += len(words[0]) + 1
            words = words[1:]
        surface = text[start:end]
    if surface.endswith(".") and not _INITIALS.fullmatch(surface.split(" ")[-1]):
        end -= 1
        surface = surface[:-1]
    if not surface or _people_of_a_place(surface):
        return None
    name = KNOWN_ORGS.get(surface, surface) if kind == ORG else surface
    if kind == PLACE and surface in places():
        name = places()[surface][0]
    return Mention(start, end, surface, name, kind) if name else None


def article_mentions(text: str) -> list[tuple[int, int, str, str, str]]:
    """``(start, end, mention, name, type)`` of one article, names merged within it."""
    return [(m.start, m.end, m.text, name, m.type) for m, name in merge_in_article(find_mentions(text))]


def batch_article_mentions(
    texts: list[str], sentence_starts: list[np.ndarray], sentence_ends: list[np.ndarray]
) -> list[list[tuple[int, int, str, str, str]]]:
    """:func:`article_mentions` of many articles at once, with their sentences as given (the pipeline's
    ``sentences`` frame): the articles are joined into one text, so that tokens, the recogniser and the
    gazetteer automaton each run once over the batch; names are then merged article by article."""
    if not texts:
        return []
    offsets = np.cumsum([0, *(len(t) + 2 for t in texts[:-1])])
    joined = "\n\n".join(texts)
    starts = np.concatenate([s + o for s, o in zip(sentence_starts, offsets, strict=True)]).astype(np.int64)
    ends = np.concatenate([e + o for e, o in zip(sentence_ends, offsets, strict=True)]).astype(np.int64)
    found = batch_mentions(joined, tokenize(joined), starts, ends, offsets)
    where = np.searchsorted(offsets, [m.start for m in found], side="right") - 1
    per_article: list[list[Mention]] = [[] for _ in texts]
    starts_of = offsets.tolist()
    for mention, k in zip(found, where.tolist(), strict=True):
        o = starts_of[k]
        per_article[k].append(Mention(mention.start - o, mention.end - o, mention.text, mention.name, mention.type))
    return [[(m.start, m.end, m.text, name, m.type) for m, name in merge_in_article(ms)] for ms in per_article]


def merge_in_article(mentions: list[Mention]) -> list[tuple[Mention, str]]:
    """Pair each mention with its in-article name: a lone surname or given name becomes the full name.

    "Pompeo" → "Mike Pompeo" and "Liu" → "Liu Xiaoming" when the full form appears in the same article
    (before or after).  A single capitalised word still untyped stays so (type ``""``) for the corpus step,
    which names it or drops it: alone it is too often a sentence opener or an adjective.
    """
    full = [m.name for m in mentions if m.type == PERSON and " " in m.name]
    parts: dict[str, Counter[str]] = defaultdict(Counter)
    for name in full:
        tokens = name.split()
        for token in (tokens[0], tokens[-1]):
            parts[token][name] += 1
    out = []
    for mention in mentions:
        name = mention.name
        if " " not in name and not _gazetteer_name(mention) and name not in _KNOWN_ORG_NAMES:
            # A transcript's label in capitals is the name in prose ("OBAMA:" … "Barack Obama").
            candidates = parts.get(name) or (parts.get(name.capitalize()) if name.isupper() else None)
            if candidates:
                out.append(
                    (Mention(mention.start, mention.end, mention.text, name, PERSON), candidates.most_common(1)[0][0])
                )
                continue
        out.append((mention, name))
    return out


def _titled_surname(word: str) -> bool:
    """A single word that unlabelled news writes after a title at least one time in ten ("President
    Obama", "Sen. McConnell") and never in lower case is a person's surname, whatever its neighbours
    here suggest (a careful reader knows who Obama is)."""
    if " " in word or word in KNOWN_ORGS or word in places() or _acronym(word):
        return False
    row = default_model().context.get(word)
    return row is not None and row[_TITLE] >= 2 and row[_LOWER] == 0


def _acronym(word: str) -> bool:
    """Two to four capitals that are no given name or census surname ("FDA", "KGB", "NATO"; not "LEE",
    "HARRY", "NORTHAM"): an organisation's, whatever titles news writes before it."""
    lower = word.lower()
    return 2 <= len(word) <= 4 and word.isupper() and lower not in first_names() and lower not in surname_ranks()


def _surname_of_someone(word: str) -> bool:
    """A titled surname (:func:`_titled_surname`) that unlabelled news also writes after a given name, as
    someone speaking, and often as a possessor ("Vladimir Putin", "Putin said", "Putin's"): before its
    possessive the model may read it as miscellaneous ("Obama's primetime speech"), where only a person
    fits.  Not a demonym after a title ("former Soviet president": no given name before it), nor a
    word that shares a person's profile only in part ("Nielsen's ratings", "Kellogg's cereal": less often
    possessive than a person; "the Enquirer's": never speaking)."""
    if not _titled_surname(word):
        return False
    row = default_model().context[word]
    return row[_GIVEN] >= 1 and row[_SPEECH] >= 1 and row[_POSS] >= 2


def _lone_person(text: str, start: int, end: int) -> bool:
    """A span the model read as miscellaneous that is a person: a surname of someone
    (:func:`_surname_of_someone`) before its possessive ("carry Obama's primetime speech") or standing as
    a noun of its own ("taking on Obama over health care") — not before a noun it qualifies ("the Bush
    family", "a Ford dealership"), where a name is as often a family, a brand or an era."""
    if not _surname_of_someone(text[start:end]):
        return False
    if _POSSESSIVE.match(text, end):
        return True
    after = _NEXT_WORD.match(text, end)
    return after is None or after.group(1) in stop_words()


def _people_of_a_place(surface: str) -> bool:
    """ "Americans", "Hong Kongers", "Britons": the people of a place, not an entity."""
    if surface in _PEOPLE_OF_PLACES:
        return True
    if not _DEMONYM_PLURAL.search(surface):
        return False
    return surface[:-1] in DEMONYMS or any(surface[:-cut] in places() for cut in (1, 2, 3, 4))


def _gazetteer_name(mention: Mention) -> bool:
    """A place the gazetteers know ("China") is never a person's surname; a place only the model saw
    may be ("Raab" read as a place)."""
    return mention.type == PLACE and mention.text in places()


def name_counts(entities: pd.DataFrame) -> pd.DataFrame:
    """Mentions per ``(entity, type)``: ``entity, type, count`` — all that :func:`corpus_names` reads of
    the mentions, so the build keeps these per partition until the corpus's names are merged instead of
    every mention's name (at 37,554 articles, 2.8 M rows).  Frames of counts sum again the same way."""
    weight = entities["count"] if "count" in entities.columns else pd.Series(1, index=entities.index)
    keys = entities[["entity", "type"]].assign(count=weight.to_numpy(dtype=np.int64))
    return keys.groupby(["entity", "type"], sort=False, observed=True, dropna=False)["count"].sum().reset_index()


def corpus_names(entities: pd.DataFrame) -> dict[str, str]:
    """Cross-article merging: a one-word person name → the corpus's most frequent full name with that word.

    Only when that full name has at least 60 % of the full names sharing the word, so "Johnson" is not
    forced onto one of several Johnsons.  A name with and without middle initials is also merged
    (:func:`initialled_names`).  ``entities``: the mentions (``entity``, ``type``), or their
    :func:`name_counts` (a ``count`` column) — the same mapping either way: it depends on how often each
    name is mentioned, not in which order (a tie at the top of a word's names is under the 60 % anyway).
    Only names mentioned count: a categorical column's unused categories are no names.
    """
    if entities.empty:
        return {}
    counts = entities if "count" in entities.columns else name_counts(entities)
    people = counts[counts["type"] == PERSON]
    full = people[people["entity"].str.contains(" ", regex=False)]
    mentions = full.groupby("entity", sort=False, observed=True)["count"].sum().sort_values(ascending=False)
    by_part: dict[str, Counter[str]] = defaultdict(Counter)
    for name, count in mentions.items():
        tokens = str(name).split()
        by_part[tokens[-1]][str(name)] += int(count)
        by_part[tokens[0]][str(name)] += int(count)
    mapping = {}
    lone = counts[counts["type"].isin([PERSON, UNKNOWN]) & ~counts["entity"].str.contains(" ", regex=False)]
    for word in lone["entity"].unique():
        options = by_part.get(word) or (by_part.get(str(word).capitalize()) if str(word).isupper() else None)
        if options:
            best, best_count = options.most_common(1)[0]
            if best_count >= 0.6 * sum(options.values()):
                mapping[str(word)] = best
    initialled = initialled_names(mentions)
    # A lone word mapped to a name that is itself merged goes straight to the merged name.
    return {**{word: initialled.get(name, name) for word, name in mapping.items()}, **initialled}


def initialled_names(counts: pd.Series) -> dict[str, str]:
    """One person named with and without middle initials ("Donald J. Trump", "Donald Trump"): the less
    used form → the more used one.

    ``counts`` are mentions per full person name.  Only when the corpus has exactly one initialled form
    of the name, so that George W. Bush and George H.W. Bush (both "George Bush" without their initials)
    stay two people.
    """
    forms: dict[str, list[str]] = defaultdict(list)
    for name in counts.index:
        tokens = str(name).split()
        if len(tokens) >= 3 and all(_INITIALS.fullmatch(token) for token in tokens[1:-1]):
            forms[f"{tokens[0]} {tokens[-1]}"].append(str(name))
    mapping = {}
    for plain, initialled in forms.items():
        if len(initialled) == 1 and plain in counts.index:
            kept, merged = (plain, initialled[0]) if counts[plain] >= counts[initialled[0]] else (initialled[0], plain)
            mapping[merged] = kept
    return mapping


def link_corpus(entities: pd.DataFrame, mapping: dict[str, str] | None = None) -> pd.DataFrame:
    """``entities`` with lone names replaced by :func:`corpus_names` (or the given ``mapping``); untyped
    words that name no one are dropped."""
    mapping = corpus_names(entities) if mapping is None else mapping
    mask = entities["type"].isin([PERSON, UNKNOWN]) & entities["entity"].isin(mapping.keys())
    # New columns on a shallow view (copy on write) rather than a deep copy of every column.
    out = entities.assign(
        entity=entities["entity"].where(~mask, entities["entity"].map(mapping)),
        type=entities["type"].where(~mask, PERSON),
    )
    return out[out["type"] != UNKNOWN].reset_index(drop=True)


def entity_table(rows: list[tuple[str, int, int, int, str, str, str]]) -> pd.DataFrame:
    """Rows ``(doc_id, sent_id, start, end, mention, entity, type)`` as a typed frame."""
    frame = pd.DataFrame(rows, columns=ENTITY_COLUMNS)
    return frame.astype({"sent_id": "int32", "start": "int32", "end": "int32"})


def mention_rows(
    doc_id: str, mentions: list[tuple[int, int, str, str, str]], sentence_starts: np.ndarray
) -> list[tuple[str, int, int, int, str, str, str]]:
    """One article's :func:`article_mentions` as rows of :data:`ENTITY_COLUMNS`, each with its sentence."""
    sent_ids = np.searchsorted(sentence_starts, [m[0] for m in mentions], side="right") - 1
    return [(doc_id, max(int(i), 0), *m) for i, m in zip(sent_ids, mentions, strict=True)]


def entity_frame(doc_ids: list[str], texts: list[str], sentences: pd.DataFrame) -> pd.DataFrame:
    """All mentions of a corpus (columns :data:`ENTITY_COLUMNS`), merged within articles and across them
    (:func:`link_corpus`)."""
    starts = {doc: group["start"].to_numpy() for doc, group in sentences.groupby("doc_id", sort=False)}
    empty = np.zeros(1, dtype=np.int64)
    rows = []
    for doc, text in zip(doc_ids, texts, strict=True):
        rows.extend(mention_rows(doc, article_mentions(text), starts.get(doc, empty)))
    return link_corpus(entity_table(rows))


# A word that is no name however it is written: a contraction ("I’m", "It’s"), a party and state ("R-Fla."),
# a number.
_NO_NAME_WORD = re.compile(r"[’'](?:s|m|re|ve|ll|d|t)$|^[A-Z]-[A-Z]|\d", re.IGNORECASE)
_LOWER_BUCKET = STATS.index("lower")
# Titles after which any word is a name ("Mrs May", "Dr. Hunt"); after a title of office a common word is
# not ("Labor Day").
_HONORIFIC_TITLES = words("honorifics") | {"professor"}


def speaker_name(surface: str, start: int, known: frozenset[str] | set[str] = frozenset()) -> Mention | None:
    """A source the recogniser left out, ``surface`` (capitalised words at offset ``start``: "Professor
    Hunt", "Viguerie", "Critics"), read with the rules for entities: the mention it is, or None for no
    name.  ``known`` are the words of the people the article names in full: one of them alone is that
    person's surname or given name, whatever else it means ("Band" after "Douglas J. Band").

    Titles are cut off ("Mrs May" → May, a person); a known place or organisation is its canonical entity;
    the people of a place, non-names, contractions and a party with its state ("R-Fla.") are no name; a
    word news writes in lower case at least three times in ten ("Critics", "Reports", "Everyone") is a
    name only after a title, a party's member ("Republican") never; two or three words are a person's
    name when the first is a given name, else an organisation's when "The" opens them, an organisation
    word or a common word ends them ("Geological Survey"), else a person's ("Rush Limbaugh")."""
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", surface)]
    if not tokens:
        return None
    a, b = tokens[-1]
    if surface[b - 1] == "." and not _INITIALS.fullmatch(surface[a:b]):
        tokens[-1] = (a, b - 1)
    # A joining word before the name is not part of it ("And Gallup", "As The Atlantic").
    while (
        len(tokens) > 1
        and surface[tokens[0][0] : tokens[0][1]] != "The"
        and (surface[tokens[0][0] : tokens[0][1]].lower() in NOT_NAMES)
    ):
        tokens = tokens[1:]
    title = ""
    while len(tokens) > 1 and surface[tokens[0][0] : tokens[0][1]].lower() in TITLES:
        title = surface[tokens[0][0] : tokens[0][1]].lower().rstrip(".")
        tokens = tokens[1:]
    article = not title and len(tokens) > 1 and surface[tokens[0][0] : tokens[0][1]] == "The"
    if article:
        tokens = tokens[1:]
    s, e = tokens[0][0], tokens[-1][1]
    text = surface[s:e]
    found = [surface[x:y] for x, y in tokens]
    if any(_NO_NAME_WORD.search(w) for w in found):
        return None
    if len(found) == 1 and text in known:
        return Mention(start + s, start + e, text, text, PERSON)
    common = len(found) == 1 and _common_word(text)
    if title:  # "Mrs May", "Mr. Jordan": a person, even when the word is a month or a country
        if common and title not in _HONORIFIC_TITLES:
            return None
        return Mention(start + s, start + e, text, text, PERSON)
    if text in places():
        return Mention(start + s, start + e, text, places()[text][0], PLACE)
    if text in KNOWN_ORGS:
        return Mention(start + s, start + e, text, KNOWN_ORGS[text], ORG)
    if _people_of_a_place(text) or any(w.lower() in NOT_NAMES for w in found):
        return None
    if len(found) == 1 and article:  # "The Atlantic": an organisation; "The Clintons", "The North": none
        plural = text.endswith("s")
        return None if (plural or common) else Mention(start + s, start + e, text, text, ORG)
    if len(found) == 1:
        # A party's member ("Republican", "Democrat": "Republicans" is an organisation) is no one's name.
        member = f"{text}s" in KNOWN_ORGS or f"{text.lower()}s" in ORG_SUFFIXES
        return None if (common or member) else Mention(start + s, start + e, text, text, PERSON)
    if found[0].lower() in first_names():
        return Mention(start + s, start + e, text, text, PERSON)
    if article or found[-1].lower() in ORG_SUFFIXES:
        return Mention(start + s, start + e, text, text, ORG)
    # Else a person when the last word, the surname, is no word news writes in lower case ("Rush
    # Limbaugh"), an institution's name when it is one ("Policy Research", "Geological Survey").
    return Mention(start + s, start + e, text, text, ORG if _common_word(found[-1]) else PERSON)


def _common_word(word: str) -> bool:
    """Does news write ``word`` in lower case at least three times in ten ("Critics", "Reports", "Hunt";
    not "Politico")?"""
    row = default_model().context.get(word)
    return row is not None and row[_LOWER_BUCKET] >= 3
