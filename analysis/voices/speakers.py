"""Who a source is, read as a careful reader would: a name is its entity; a pronoun or a description is
the nearest compatible name before it in the same article.

* "he"/"she" → the nearest person of that gender (from the given name: gender-guesser's list) or of
  unknown gender; "they"/"it" → the nearest organisation — a plural pronoun never stands for one person
  ("they said" after "Smith met the board" is the board, or nobody the article names);
* a description from ``speaker_nouns.tsv`` ("the spokeswoman", "the campaign", "the newspaper") → the
  nearest person (of its gender, where it has one) or organisation;
* "who" in "Smith, who said …" → the name before the comma.

Speakers already attributed count as mentions at the place of their attribution, so "he said" after a
quote by Pompeo goes to Pompeo even when someone else was named in passing before that quote.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from analysis.lexicon import table, words
from analysis.voices.cues import object_of_a_verb
from analysis.voices.entities import speaker_name
from analysis.voices.gazetteer import name_detector

PERSON, ORG = "person", "organisation"
_PRONOUNS = {"he": (PERSON, "m"), "she": (PERSON, "f"), "they": (ORG, ""), "it": (ORG, "")}
_NOUNS = table("speaker_nouns")
_CAPITALISED_END = re.compile(r"(?:[A-Z][\w’'.-]*[a-z][\w’'.-]*\s+){0,2}[A-Z][\w’'.-]*[a-z][\w’'.-]*$")
_NOT_SPEAKERS = words("not_names") | frozenset(d.lower() for d in table("demonyms"))
# Nouns that head a source of reported speech in PolNeAR's annotations ("several friends said", "police
# said", "a new poll shows"), learnt by ``train-voices`` (analysis/voices/polnear.py).
_SOURCE_HEADS = frozenset(table("source_heads"))
# Words that show a slot's last word is no source's head but a noun inside a clause or a prepositional
# phrase ("going around the country", "briefed on the investigation", "people seeking green cards").
_NOT_IN_SOURCE = frozenset(
    "of in on at from to for by with around after before about over under into through during against among "
    "between near across without within than as like is are was were be been has have had do does did "
    "that what how where when which who whose while because if despite though although".split()
)


def slot_words(source: str) -> list[str]:
    """A source slot's words as the speaker step reads them: lower case, one apostrophe."""
    return source.lower().replace("’", "'").split()


def slot_head(words: list[str]) -> str:
    """The head of a slot (its :func:`slot_words`): the last word, stops stripped ("" for none)."""
    return words[-1].strip(",.") if words else ""


def _described_source(words: list[str], head: str) -> bool:
    """Is the slot a description of who spoke ("several friends", "a new poll"): a learnt source head,
    preceded by no preposition, verb form or clause word?"""
    return head in _SOURCE_HEADS and not any(w in _NOT_IN_SOURCE or w.endswith("ing") for w in words[:-1])


@cache
def gender(name: str) -> str:
    """``"m"``, ``"f"`` or ``""`` for a person's canonical name, from its first word."""

    first = name.split()[0] if name else ""
    guess = name_detector().get_gender(first) if first[:1].isupper() else "unknown"
    return "m" if guess in ("male", "mostly_male") else "f" if guess in ("female", "mostly_female") else ""


@dataclass(frozen=True)
class Named:
    start: int
    end: int
    name: str
    type: str


class Speakers:
    """The named mentions of a text (one article, or a batch of them with ``article_starts``), for
    resolving sources; resolved speakers are added as they are found (:meth:`attributed`)."""

    def __init__(
        self,
        mentions: list[Named],
        article_starts: list[int] | None = None,
        quoted: list[tuple[int, int]] = (),
        possessive: frozenset[int] = frozenset(),
    ) -> None:
        # A name inside quotation marks is the quoted speaker's word, not an antecedent of the reporter's
        # "he said" ("“… Cruz is responding with humor,” he adds" is not Cruz speaking).
        inside = _inside(mentions, quoted)
        self._mentions = sorted((m for m, q in zip(mentions, inside, strict=True) if not q), key=lambda m: m.start)
        self._starts = [m.start for m in self._mentions]
        self._ends = [m.end for m in self._mentions]
        self._articles = article_starts or [0]
        # Where a name stands as a possessor ("Bush's speech"): the article talks about a thing of theirs,
        # so they are no antecedent of a quotation standing alone (:meth:`antecedent`'s ``speaking``).
        self._possessive = possessive
        self._said: list[tuple[int, str, str]] = []  # position, name, type
        # Per wanted (kind, gender): the compatible mentions' starts and names, and the compatible
        # speakers attributed so far, so that finding an antecedent is a bisection, not a walk back
        # through the article (which made long articles quadratic).
        self._compatible_mentions: dict[tuple[str, str], tuple[list[int], list[str]]] = {}
        self._compatible_said: dict[tuple[str, str], tuple[list[int], list[str]]] = {}
        # Full person names by their first and last word, per article: a lone surname found as a speaker
        # is the full name the article uses ("Mrs May" → Theresa May), as for any entity.
        self._full: dict[tuple[int, str], dict[str, int]] = {}
        for m in self._mentions:
            if m.type == PERSON and " " in m.name:
                parts = m.name.split()
                for part in {parts[0], parts[-1]}:
                    counts = self._full.setdefault((self.article_start(m.start), part), {})
                    counts[m.name] = counts.get(m.name, 0) + 1
        self._full_words: dict[int, set[str]] = {}
        for article, part in self._full:
            self._full_words.setdefault(article, set()).add(part)
        #: Speakers the recogniser left out that the entity rules read as names: ``(start, end, mention,
        #: name, type)``, to be added to the article's entities.
        self.found: list[tuple[int, int, str, str, str]] = []
        self.found_types: dict[str, str] = {}
        #: Where a source slot held capitalised words that name no entity ("Critics said …"): reported
        #: speech there has a source, just none the entities can name.
        self.unnamed: set[int] = set()
        # Of those, the slots that are a description of who spoke ("several friends"): their words are shown.
        self.described: set[int] = set()

    def article_start(self, at: int) -> int:
        return self._articles[max(0, bisect.bisect_right(self._articles, at) - 1)]

    def named_in(self, start: int, end: int) -> Named | None:
        """The last name inside ``[start, end)`` (the head of "the Post's Smith" is its last name)."""
        i = bisect.bisect_left(self._starts, start)
        found = None
        while i < len(self._mentions) and self._mentions[i].start < end:
            if self._mentions[i].end <= end:
                found = self._mentions[i]
            i += 1
        return found

    def covering(self, at: int) -> bool:
        """Is offset ``at`` inside a named mention ("of" in "Bank of America")?"""
        i = bisect.bisect_right(self._starts, at) - 1
        return i >= 0 and at < self._ends[i]

    def named_ending_before(self, at: int, within: int = 3) -> Named | None:
        """A name ending at most ``within`` characters before ``at`` ("Smith, who said": the name before ", who")."""
        i = bisect.bisect_right(self._ends, at) - 1
        while i >= 0 and self._mentions[i].end > at:
            i -= 1
        if i >= 0 and at - self._mentions[i].end <= within:
            return self._mentions[i]
        return None

    def subject(self, text: str, start: int, end: int) -> str:
        """The subject of the clause ``text[start:end]``: a pronoun opening it, else the first name in it
        unless a verb precedes it in its clause (:func:`~analysis.voices.cues.object_of_a_verb`: the name
        after "The company fired" is its object)."""
        opening = text[start:end].lstrip()
        first = opening.split(" ", 1)[0].lower().strip(",") if opening else ""
        if first in _PRONOUNS:
            kind, sex = _PRONOUNS[first]
            return self.antecedent(start, kind, sex)
        i = bisect.bisect_left(self._starts, start)
        named = self._mentions[i] if i < len(self._mentions) else None
        if named is not None and named.end <= end and not object_of_a_verb(text, start, named.start):
            return named.name
        return ""

    def attributed(self, at: int, name: str, kind: str) -> None:
        """Remember a resolved speaker at offset ``at`` (kept in text order)."""
        i = bisect.bisect_right(self._said, (at, name, kind))
        self._said.insert(i, (at, name, kind))
        for (wanted, sex, _), (positions, names) in self._compatible_said.items():
            if _compatible(name, kind, wanted, sex):
                j = bisect.bisect_right(positions, at)
                positions.insert(j, at)
                names.insert(j, name)

    def _index(
        self, kind: str, wanted_gender: str, speaking: bool = False
    ) -> tuple[tuple[list[int], list[str]], tuple[list[int], list[str]]]:
        key = (kind, wanted_gender, speaking)
        if key not in self._compatible_mentions:
            mentions = [
                m
                for m in self._mentions
                if _compatible(m.name, m.type, kind, wanted_gender) and not (speaking and m.start in self._possessive)
            ]
            self._compatible_mentions[key] = ([m.start for m in mentions], [m.name for m in mentions])
            said = [(at, name) for at, name, sk in self._said if _compatible(name, sk, kind, wanted_gender)]
            self._compatible_said[key] = ([at for at, _ in said], [name for _, name in said])
        return self._compatible_mentions[key], self._compatible_said[key]

    def antecedent(self, at: int, kind: str, wanted_gender: str = "", speaking: bool = False) -> str:
        """The nearest compatible name before ``at`` in the same article: ``kind`` is person,
        organisation or any; a person of the other known gender is passed over.  A speaker attributed
        since that name was mentioned comes first.  ``speaking``: the speaker of a quotation standing
        alone, where a possessor is passed over too ("He contrasted Bush's speech … “…”" is not Bush's)."""
        floor = self.article_start(at)
        (starts, names), (said_at, said_names) = self._index(kind, wanted_gender, speaking)
        best_at, best = -1, ""
        i = bisect.bisect_left(starts, at) - 1
        if i >= 0 and starts[i] >= floor:
            best_at, best = starts[i], names[i]
        j = bisect.bisect_left(said_at, at) - 1
        if j >= 0 and said_at[j] >= max(floor, best_at):
            return said_names[j]
        return best

    def resolve(self, source: str, start: int, end: int) -> str:
        """The speaker a source slot ``text[start:end]`` (its text ``source``) stands for, or ''."""
        named = self.named_in(start, end)
        if named is not None and named.type in (PERSON, ORG):
            return named.name
        words = slot_words(source)
        if not words:
            return ""
        head = slot_head(words)
        if head in _PRONOUNS:
            kind, sex = _PRONOUNS[head]
            return self.antecedent(start, kind, sex)
        if head == "who":
            before = self.named_ending_before(start)
            return before.name if before is not None else ""
        noun = _NOUNS.get(head.rstrip("s")) or _NOUNS.get(head)
        if noun:
            kind, _, sex = noun.partition("-")
            speaker = self.antecedent(start, kind, sex)
            if not speaker and _described_source(words, head):
                self.unnamed.add(start)  # "the campaign said" with no campaign named before: a source still
                self.described.add(start)
            return speaker
        # A name the recogniser missed ("Viguerie tells", "Professor Hunt said"): its capitalised words,
        # read by the same rules as any entity ("Critics", "Reports" name no one; titles are cut off) and
        # then an entity of the article; a lone surname is the article's full name with it, else the
        # corpus step's.
        name = _CAPITALISED_END.search(source)
        if not name or name.group().lower() in _NOT_SPEAKERS:
            if _described_source(words, head):
                # "several friends said", "Police said", "a new poll shows": a description that names no
                # one is a source all the same; its speech is kept with the speaker left empty.
                self.unnamed.add(start)
                self.described.add(start)
            return ""
        known = self._full_words.get(self.article_start(start), frozenset())
        found = speaker_name(name.group(), start + name.start(), known)
        if found is None:
            self.unnamed.add(start)
            return ""
        if found.type == PERSON and " " not in found.name:
            options = self._full.get((self.article_start(start), found.name))
            canonical = max(options, key=options.__getitem__) if options else found.name
        else:
            canonical = found.name
        if found.type in (PERSON, ORG):
            self.found.append((found.start, found.end, found.text, canonical, found.type))
            self.found_types[canonical] = found.type
        return canonical


def _inside(mentions: list[Named], quoted: list[tuple[int, int]]) -> list[bool]:
    starts = [a for a, _ in quoted]
    out = []
    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        out.append(i >= 0 and m.end <= quoted[i][1])
    return out


def _compatible(name: str, name_type: str, kind: str, wanted_gender: str) -> bool:
    if kind == "any":
        return name_type in (PERSON, ORG)
    if name_type != kind:
        return False
    if kind == PERSON and wanted_gender:
        known = gender(name)
        return (known in ("", wanted_gender) and " " in name) or known == wanted_gender
    return True


__all__ = ["Named", "Speakers", "gender"]
