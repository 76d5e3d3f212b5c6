"""People, organisations and places, found by rules and gazetteers and merged under canonical names.

No statistical model: none may be downloaded at run time, and rules over capitalisation do well on edited
news.  A mention is a run of capitalised words ("Secretary of State Mike Pompeo", "UK Foreign Secretary
Dominic Raab").  Titles are cut off and become no part of the name; a place in front of a title ("UK")
is a mention of its own.  Each run is then typed, first by the gazetteers (:mod:`analysis.gazetteer`),
then by its shape and context:

* person — a common given name first ("Mike Pompeo"), a title before it, an appositive role after it
  ("Liu Xiaoming, the Chinese ambassador"), or a speech verb next to it ("Winner wrote");
* organisation — an organisation word last ("Chinese Communist Party"), a cue before it ("telecoms giant
  Huawei"), an acronym, or a well-known name;
* place — a country by any of its names, a demonym governing "government"/"officials" ("British
  Government" is the United Kingdom), a known city, or a capitalised word after "in"/"from".

Merging: in an article, a surname or given name alone ("Pompeo", "Liu") is the full name used in the
same article; across the corpus, a surname never given in full is the most frequent full name with that
surname.  Runs that are none of the above are dropped rather than guessed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.lexicon import entries, words
from analysis.voices.cues import PERSON_VERBS, SPEECH_VERBS, verb_after
from analysis.voices.gazetteer import (
    DEMONYMS,
    GOVERNING,
    KNOWN_ORGS,
    NOT_LONE_PEOPLE,
    NOT_NAMES,
    ORG_CUES,
    ORG_HEADS,
    ORG_SUFFIXES,
    ROLES,
    TITLES,
    first_names,
    places,
)

PERSON, ORG, PLACE, UNKNOWN = "person", "organisation", "place", ""
ENTITY_COLUMNS = ["doc_id", "sent_id", "start", "end", "mention", "entity", "type"]

_HONORIFICS = "|".join(
    sorted((w.capitalize() for w in words("honorifics") | words("name_suffixes")), key=lambda w: (-len(w), w))
)
_WORD = (
    rf"(?:(?:[A-Z]\.){{2,}}|(?:{_HONORIFICS})\."
    r"|[A-Z]\.(?=\s+[A-Z])|[A-Z][A-Za-z]*(?:[-'’][A-Za-z]+)*)"
)
_PARTICLES = "|".join(sorted((re.escape(p) for p in entries("name_particles.txt")), key=lambda w: (-len(w), w)))
_JOIN = rf"(?:[ \t]+(?:{_PARTICLES})[ \t]+|[ \t]+)"
_RUN = re.compile(rf"(?<![\w.]){_WORD}(?:{_JOIN}{_WORD})*")
_POSSESSIVE = re.compile(r"['’]s?$")
_SPEECH_AFTER = re.compile(
    r"^\s*(?:,[^,]{1,60},\s*)?(?:has |had |also |previously |later |then |once |recently )*"
    rf"(?:{PERSON_VERBS})\b"
)
_SPEECH_BEFORE = re.compile(rf"\b(?:{SPEECH_VERBS}|according to)\s+$")
_APPOSITIVE = re.compile(r"^\s*,\s+(?:the|a|an|his|her|its|then|now|former|who is)?\s*([^,.;]{0,60}?)(?:,|\.|;|$)")
_PREPOSITION_PLACE = re.compile(r"\b(?:in|from|to|across|throughout|near)\s+$")
_DEMONYM_WORDS = frozenset(part.lower() for demonym in DEMONYMS for part in demonym.split())
_CONTRACTION = re.compile(r"^(?:I|It|We|They|You|He|She|That|There|What|Here|Let)['’](?:m|s|ve|re|ll|d)\b")
_DEMONYM_PLURAL = re.compile(r"^[A-Z][a-z]+(?:ans|ers|ites|ese|ians|ish|ons)$")
# A lone name followed by a verb (a lower-case word that is not a function word), as the quote rules see it.
_VERB_AFTER = verb_after()
_INITIALS = re.compile(r"(?:[A-Z]\.)+")  # a middle initial or two: "J.", "H.W."
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,6}$")


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
    found: list[Mention] = []
    for match in _RUN.finditer(text):
        found.extend(_classify(text, match.start(), match.group()))
    found.extend(_demonym_states(text))
    found.sort(key=lambda m: (m.start, -m.end))
    out: list[Mention] = []
    last_end = -1
    for mention in found:  # a demonym state may overlap a run; keep the first, longest
        if mention.start >= last_end:
            out.append(mention)
            last_end = mention.end
    return out


def _demonym_states(text: str) -> list[Mention]:
    out = []
    for match in _DEMONYM_STATE.finditer(text):
        canonical = places().get(f"{match.group(1)} Government") if match.group(1) in DEMONYMS else None
        if canonical:
            out.append(Mention(match.start(), match.end(), match.group(), canonical[0], PLACE))
    return out


# A capitalised word or two before a governing word; kept only when the words are a demonym.  (One
# alternation of all demonyms with IGNORECASE was the slowest pattern of the whole entity pass.)
_DEMONYM_STATE = re.compile(
    r"(?<![\w-])([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+("
    + "|".join(sorted(GOVERNING | {g.capitalize() for g in GOVERNING}))
    + r")\b"
)


def _classify(text: str, start: int, run: str) -> list[Mention]:
    # The gazetteers come first (see analysis.lexicon): "WHO" is an organisation though "who" is no name.
    if " " not in run and run.lower() in NOT_NAMES and _lookup(run) is None:
        return []  # the commonest run by far: a capitalised sentence opener ("The", "In", "He")
    if _CONTRACTION.search(run):
        return []  # "I’m", "We’re", "It’s"
    whole = _POSSESSIVE.sub("", run)
    known = _lookup(whole)
    if known:  # before openers are cut: "New Delhi", "The Associated Press"
        return [Mention(start, start + len(whole), whole, *known)]
    words = [(m.start() + start, m.group()) for m in re.finditer(r"\S+", run)]
    # Sentence openers and other capitalised function words are not part of a name.
    while words and words[0][1].lower().rstrip(".") in NOT_NAMES and words[0][1] not in KNOWN_ORGS:
        words = words[1:]
    while words and words[-1][1].lower() in NOT_NAMES and words[-1][1] not in KNOWN_ORGS:  # "President Trump Monday"
        words = words[:-1]
    if not words:
        return []
    first, last = words[0][0], words[-1][0] + len(words[-1][1])
    surface = text[first:last]
    clean = _POSSESSIVE.sub("", surface.rstrip(".")) if not _ACRONYM.match(surface) else surface
    if not clean:
        return []
    hit = _lookup(clean)
    if hit:
        return [Mention(first, first + len(clean), clean, hit[0], hit[1])]
    lower = [w.lower().rstrip(",") for _, w in words]
    if lower[0] in ORG_HEADS and "of" in lower[1:]:
        return [Mention(first, first + len(clean), clean, clean, ORG)]  # "Department of Health"
    # Titles split the run: "UK Foreign Secretary Dominic Raab" → place "UK" + person "Dominic Raab".
    # A title word the gazetteers know ("Senate" of "Senate Majority Leader") is the entry, not a title.
    titled = [i for i, w in enumerate(lower) if (w in TITLES or (w == "of" and i > 0)) and _lookup(words[i][1]) is None]
    if titled and titled[-1] < len(words) - 1 and titled[0] < len(words) - 1:
        cut = titled[-1] + 1
        head = words[: titled[0]]
        out: list[Mention] = []
        if head:
            out.extend(_classify(text, head[0][0], text[head[0][0] : head[-1][0] + len(head[-1][1])]))
        name_start = words[cut][0]
        name = _POSSESSIVE.sub("", text[name_start:last].rstrip("."))
        name_words = name.lower().split()
        looks_personal = (
            bool(name_words)
            and name_words[-1] not in ORG_SUFFIXES
            and (len(name_words) > 1 or _could_be_surname(text, name_words[0]))
        )
        if looks_personal and _lookup(name) is None:
            out.append(Mention(name_start, name_start + len(name), name, name, PERSON))
        elif name_words and name_words[-1] in ORG_SUFFIXES:
            out.append(Mention(first, first + len(clean), clean, clean, ORG))  # "Justice Department"
        elif name:
            out.extend(_classify(text, name_start, name))
        return out
    if all(w in TITLES or w in NOT_NAMES for w in lower):
        return []
    plural = _DEMONYM_PLURAL.match(clean.split()[-1])
    if plural and (len(lower) == 1 or any(clean[:-cut] in places() for cut in (1, 2, 3))):
        return []  # "Americans", "Hong Kongers": the people of a place, not an entity
    kind = _shape_type(text, first, first + len(clean), clean, lower)
    # An untyped single word is kept for now: it may be the surname of a person named in full elsewhere.
    if kind or len(lower) == 1:
        return [Mention(first, first + len(clean), clean, clean, kind or UNKNOWN)]
    return []


def _lookup(name: str) -> tuple[str, str] | None:
    place = places().get(name)
    if place:
        return place[0], PLACE
    org = KNOWN_ORGS.get(name)
    if org:
        return org, ORG
    return None


def _shape_type(text: str, start: int, end: int, name: str, lower: list[str]) -> str | None:
    before = text[max(0, start - 40) : start]
    after = text[end : end + 120]
    if lower[-1].rstrip(".,") in ORG_SUFFIXES and len(lower) > 1:
        return ORG
    previous_word = before.split()[-1].lower() if before.split() else ""
    if previous_word in ORG_CUES:
        return ORG
    if _ACRONYM.match(name):
        return ORG
    if previous_word.rstrip(".") in TITLES:
        return PERSON
    if len(lower) >= 2 and lower[0] in first_names() and lower[1] not in ORG_SUFFIXES:
        return PERSON
    appositive = _APPOSITIVE.match(after)
    if appositive and set(appositive.group(1).lower().split()) & ROLES:
        return PERSON
    if (_SPEECH_AFTER.match(after) or _SPEECH_BEFORE.search(before)) and (
        len(lower) > 1 or _could_be_surname(text, lower[0])
    ):
        return PERSON
    if (
        len(lower) == 1
        and (_VERB_AFTER.match(after) or text[end : end + 2] in ("'s", "’s"))
        and _could_be_surname(text, lower[0])
    ):
        return PERSON  # "Trump accepted", "Clinton also looked", "Trump's"
    if _PREPOSITION_PLACE.search(before) and len(lower) <= 3:
        return PLACE
    if len(lower) >= 2 and all(w not in NOT_NAMES for w in lower):
        return PERSON if len(lower) <= 3 and lower[0] in first_names() else None
    return None


def _could_be_surname(text: str, word: str) -> bool:
    """A lone capitalised word can be a surname unless it is a demonym or a word news capitalises that
    names no one, or the article itself uses it in lower case ("media", "critics")."""
    word = word.rstrip(".,")
    if word in NOT_LONE_PEOPLE or word in _DEMONYM_WORDS or word in NOT_NAMES or word in TITLES:
        return False
    return word not in _lower_words(text)


@lru_cache(maxsize=4)
def _lower_words(text: str) -> frozenset[str]:
    """The lower-case words of an article, once per article (the caller asks once per candidate)."""
    return frozenset(_LOWER_WORD.findall(text))


_LOWER_WORD = re.compile(r"(?<![\w.])[a-z][a-z'’-]*\b")


def article_mentions(text: str) -> list[tuple[int, int, str, str, str]]:
    """``(start, end, mention, name, type)`` of one article, names merged within it."""
    return [(m.start, m.end, m.text, name, m.type) for m, name in merge_in_article(find_mentions(text))]


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
        if " " not in name and mention.type != PLACE and name not in KNOWN_ORGS.values():
            candidates = parts.get(name)
            if candidates:
                out.append(
                    (Mention(mention.start, mention.end, mention.text, name, PERSON), candidates.most_common(1)[0][0])
                )
                continue
        out.append((mention, name))
    return out


def corpus_names(entities: pd.DataFrame) -> dict[str, str]:
    """Cross-article merging: a one-word person name → the corpus's most frequent full name with that word.

    Only when that full name has at least 60 % of the full names sharing the word, so "Johnson" is not
    forced onto one of several Johnsons.  A name with and without middle initials is also merged
    (:func:`initialled_names`).
    """
    if entities.empty:
        return {}
    people = entities[entities["type"] == PERSON]
    full = people[people["entity"].str.contains(" ", regex=False)]
    by_part: dict[str, Counter[str]] = defaultdict(Counter)
    for name, count in full["entity"].value_counts().items():
        tokens = str(name).split()
        by_part[tokens[-1]][str(name)] += int(count)
        by_part[tokens[0]][str(name)] += int(count)
    mapping = {}
    lone = entities[entities["type"].isin([PERSON, UNKNOWN]) & ~entities["entity"].str.contains(" ", regex=False)]
    for word in lone["entity"].unique():
        options = by_part.get(word)
        if options:
            best, best_count = options.most_common(1)[0]
            if best_count >= 0.6 * sum(options.values()):
                mapping[str(word)] = best
    initialled = initialled_names(full["entity"].value_counts())
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
    out = entities.copy()
    mask = out["type"].isin([PERSON, UNKNOWN]) & out["entity"].isin(mapping.keys())
    out.loc[mask, "entity"] = out.loc[mask, "entity"].map(mapping)
    out.loc[mask, "type"] = PERSON
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
