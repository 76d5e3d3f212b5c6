"""Who says what: quotations in news text and the speaker each is attributed to.

Finds direct quotations (curly “…” or straight "…"), partial quotes (a few quoted words inside the
reporter's sentence: a global “coalition”) and indirect speech ("Raab insisted that …"), and gives each
the canonical entity that says it:

* said-after: “…,” said Pompeo / “…,” Pompeo said / “…,” he said;
* said-before: Pompeo said: “…” / According to Pompeo, “…”;
* split quotes are one quote: “I want to …,” said Pompeo, “We support …” — and a quote that goes on after
  its attribution in the same paragraph (“…,” said Raab. “But …”);
* a partial quote belongs to the sentence's subject: "Liu Xiaoming, the Chinese ambassador to Britain,
  had previously urged the UK not to “dance to the tune of the Americans”" → Liu Xiaoming;
* "he"/"she" and an unattributed quote paragraph → the last speaker, else the last person named.

News convention for a quote running over paragraphs — no closing mark at the end of a paragraph, an
opening one at the next — is honoured: an unclosed quote ends with its paragraph.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.lexicon import words
from analysis.text.sentences import paragraph_spans
from analysis.voices.attribution import Reported, prose_mask, reported_speech
from analysis.voices.cues import QUOTE_CUES, SPEECH_VERBS, object_of_a_verb, verb_after
from analysis.voices.speakers import ORG, PERSON, Named, Speakers
from analysis.voices.tone import analyzer

#: ``source_text``: the words of reported speech that say who spoke, as written ("several friends", "Sen.
#: Warren", "a new poll"), where ``speaker`` is the name they resolve to — empty when they name no one.
QUOTE_COLUMNS = [
    "doc_id", "quote_id", "start", "end", "text", "kind", "speaker", "source_text", "cue", "first_sent", "last_sent",
    "tone", "segments",
]  # fmt: skip
DIRECT, PARTIAL, INDIRECT, MIXED = "direct", "partial", "indirect", "mixed"
# A conjunction or dash opening a source slot, not part of who spoke.
_OPENING_JOINER = re.compile(r"^(?:(?:but|and|or|yet|so|though|while|[—–-])\s+)+", re.IGNORECASE)
#: Kinds whose text is inside quotation marks, wholly or in part.
MARKED = frozenset({DIRECT, PARTIAL, MIXED})

_PRONOUN = r"(?:he|she|they|it|He|She|They|It)"
_NAME_SLOT = r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
_DESC_SLOT = r"(?P<desc>(?:the|a|an|his|her|its|The|A|An|His|Her|Its)\s+[a-z]+(?:\s+[a-z]+)?)"
_CUE = rf"(?P<cue>{SPEECH_VERBS})"
_AFTER = [
    re.compile(rf"^\s*{_CUE}\s+(?:(?P<pron>{_PRONOUN})\b|(?:\w+\s+){{0,4}}?{_NAME_SLOT}|{_DESC_SLOT}\b)"),
    re.compile(rf"^\s*(?:(?P<pron>{_PRONOUN})|{_NAME_SLOT}|{_DESC_SLOT})(?:\s+\w+ly)?\s+{_CUE}\b"),
    re.compile(rf"^\s*(?:(?:the|a|an)\s+)?[a-z][\w\s-]{{0,40}}?\s+{_NAME_SLOT}\s+{_CUE}\b"),
    # "…,” Brent Bozell III, founder of the Media Research Center, says.
    re.compile(rf"^\s*{_NAME_SLOT}\s*,[^,“”\"]{{1,120}},\s*(?:\w+ly\s+)?{_CUE}\b"),
]
# Before a quote, any cue beside a quotation (:data:`~analysis.voices.cues.QUOTE_CUES`: "As Politico
# reported, “…”", "Pew found that “…”").
# A participle ("…, saying: “…”") is read apart: the main clause's subject speaks (:data:`_PARTICIPLE`).
_QUOTE_CUE = (
    "(?P<cue>" + "|".join(sorted((w for w in QUOTE_CUES if not w.endswith("ing")), key=lambda w: (-len(w), w))) + ")"
)
_PARTICIPLE = re.compile(
    r",\s*(?P<cue>"
    + "|".join(sorted((w for w in QUOTE_CUES if w.endswith("ing")), key=lambda w: (-len(w), w)))
    + r")(?:\s+(?:reporters|journalists|that|\w+))?\s*[:,]?\s*$"
)
_BEFORE = [
    re.compile(
        rf"(?:(?P<pron>{_PRONOUN})|{_NAME_SLOT}|{_DESC_SLOT})(?:,[^,]{{1,80}},)?(?:\s+\w+ly)?\s+{_QUOTE_CUE}"
        rf"(?:\s+(?:reporters|journalists|\w+\s+\w+|that))?\s*[:,]?\s*$"
    ),
    re.compile(rf"(?P<cue>[Aa]ccording to)\s+{_NAME_SLOT}\s*,?\s*$"),
]
# A name followed by a verb, after an optional appositive ("Liu also took", "Pompeo delivered").
_VERB_AFTER_NAME = verb_after(appositive=True)
# Curly and straight double quotes, and two apostrophes for one (as some newspapers' feeds write them).
_QUOTE_CHARS = re.compile(r"[“”\"]|''")
_POSSESSOR = re.compile(r"['’]s\b|(?<=s)['’](?=\s)")  # "Bush's", "Sanders’ campaign"
# What the content of reported speech is trimmed of at its end (:func:`analysis.voices.attribution._trim`).
_TRIMMED = " \t\n.,;:!?"


@dataclass
class Quote:
    start: int  # first character inside the marks (or of the reported content)
    end: int  # last character inside the marks, exclusive
    segments: list[tuple[int, int]]
    kind: str
    speaker: str = ""
    cue: str = ""
    source: tuple[int, int] | None = None  # the source slot of reported speech
    subject: bool = False  # the source slot is a whole clause whose subject speaks
    marks: list[tuple[int, int]] = field(default_factory=list)  # quoted words inside reported speech
    cue_at: int = -1  # where the cue of reported speech begins

    def marked(self) -> list[tuple[int, int]]:
        """The spans inside quotation marks: the quote's own, or the quoted words of reported speech."""
        return self.segments if self.kind in (DIRECT, PARTIAL) else self.marks

    def text(self, article: str) -> str:
        return " … ".join(article[a:b].strip() for a, b in self.segments)


def quote_segments(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks, in order, never overlapping.  Curly quotes pair by direction; straight
    ones alternate within a paragraph; a quote left open ends with its paragraph.

    One quote is open at a time, so a mark of the other kind inside it is text, not a second quote — with
    one exception, a quote closed by the wrong kind of mark (a straight opening quote closed by a curly
    one, or the reverse): a curly ``”`` closes a straight quote when the straight marks after it pair up
    among themselves; a straight mark closes a curly quote when no ``”`` comes before the next ``“``.
    """
    segments: list[tuple[int, int]] = []
    for para_start, para_end in paragraph_spans(text):
        marks = [(m.group(), m.start(), m.end()) for m in _QUOTE_CHARS.finditer(text, para_start, para_end)]
        # Looking ahead from each mark: the next curly mark, and how many straight marks follow.
        next_curly, straight_after = [""] * len(marks), [0] * len(marks)
        curly, straight = "", 0
        for i in range(len(marks) - 1, -1, -1):
            next_curly[i], straight_after[i] = curly, straight
            if marks[i][0] in "“”":
                curly = marks[i][0]
            else:
                straight += 1
        open_at: int | None = None
        open_curly = False
        for i, (ch, at, after) in enumerate(marks):
            if open_at is None:
                if ch != "”":  # a stray closing mark opens nothing
                    open_at, open_curly = after, ch == "“"
                continue
            if open_curly:
                closes = ch == "”" or (ch != "“" and next_curly[i] != "”")
            else:
                closes = ch != "“" and (ch != "”" or straight_after[i] % 2 == 0)
            if closes:
                segments.append((open_at, at))
                open_at = None
        if open_at is not None and para_end - open_at > 1:
            segments.append((open_at, para_end))
    return [(a, b) for a, b in segments if text[a:b].strip()]


def _within(segments: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """``segments`` clipped to ``[start, end]``, sorted, overlapping ones joined: the invariant of a stored
    quote's ``segments``."""
    out: list[tuple[int, int]] = []
    for a, b in sorted((max(a, start), min(b, end)) for a, b in segments):
        if a >= b:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


Person = tuple[int, int, str]  # start, end, canonical name


def find_quotes(
    text: str,
    people: list[Person],
    sentence_starts: np.ndarray,
    sentence_ends: np.ndarray | None = None,
    organisations: list[Person] = (),
    prose: np.ndarray | None = None,
    found_mentions: list[tuple[int, int, str, str, str]] | None = None,
) -> list[Quote]:
    """Quotes and reported speech of one article with speakers and cues.

    ``people`` and ``organisations`` are its mentions ``(start, end, name)``; ``sentence_starts`` and
    ``sentence_ends`` its sentences (the ``sentences`` frame's ``start`` and ``end``; without ends, a
    sentence ends where the next begins); ``prose`` marks the sentences that are prose
    (:func:`analysis.voices.attribution.prose_mask`; default: all of them).  Speakers the recogniser left
    out that read as names are appended to ``found_mentions`` as ``(start, end, mention, name, type)``,
    once each, so that every speaker is an entity of the article.
    """
    people = sorted(people)
    people_starts = [a for a, _, _ in people]
    org_names = frozenset(n for _, _, n in organisations)
    if sentence_ends is None:
        sentence_ends = np.r_[sentence_starts[1:], len(text)].astype(np.int64)
    paragraphs = paragraph_spans(text)
    para_of = [a for a, _ in paragraphs]
    # Offsets are looked up one at a time, tens of times per quote: bisect over lists, not numpy's
    # searchsorted over arrays (a call into numpy and a scalar back: several times slower for one value).
    starts = np.asarray(sentence_starts).tolist()
    if prose is None:
        prose = np.ones(len(sentence_starts), dtype=bool)
    named = [Named(a, b, n, PERSON) for a, b, n in people] + [Named(a, b, n, ORG) for a, b, n in organisations]
    segments = quote_segments(text)
    possessive = frozenset(m.start for m in named if _POSSESSOR.match(text, m.end))
    speakers = Speakers(named, quoted=segments, possessive=possessive)

    def paragraph(at: int) -> tuple[int, int]:
        return paragraphs[max(0, bisect.bisect_right(para_of, at) - 1)]

    def in_prose(at: int) -> bool:
        k = bisect.bisect_right(starts, at) - 1
        return k < 0 or bool(prose[k])

    def resolve(match: re.Match[str], offset: int) -> str:
        for group in ("pron", "desc", "name"):
            if match.groupdict().get(group):
                a, b = offset + match.start(group), offset + match.end(group)
                return speakers.resolve(text[a:b], a, b)
        return ""

    quotes: list[Quote] = []
    for a, b in segments:
        if not in_prose(a):
            continue  # a quoted title in a headline is nobody's quote
        para_start, _ = paragraph(a)
        words = len(text[a:b].split())
        before = text[para_start : a - _opening_length(text, a)]
        starts_clause = not before.strip() or bool(re.search(r"[:,]\s*$|[.!?]\s*$", before))
        kind = DIRECT if (starts_clause or words >= 8) else PARTIAL
        # A split quote or a quote going on after its attribution: join to the previous quote.
        if quotes and quotes[-1].kind == DIRECT and kind == DIRECT:
            previous = quotes[-1]
            gap = text[previous.end + _mark_length(text, previous.end) : a - _opening_length(text, a)]
            if (
                previous.end > para_start
                and len(gap) <= 80
                and not _QUOTE_CHARS.search(gap)
                and (re.search(rf"\b(?:{SPEECH_VERBS})\b", gap) or not gap.strip())
                and not _attributed_apart(text, gap, b, paragraph(a)[1])
            ):
                previous.segments.append((a, b))
                previous.end = b
                continue
        quotes.append(Quote(a, b, [(a, b)], kind))

    reported = reported_speech(text, sentence_starts, sentence_ends, prose, segments)
    inside = _merge_reported(quotes, reported, text)
    # The cues that attribute a direct quote after it, the quote not ending with a full stop: the words
    # after such a cue are the attribution's own ("“…?” Ann Bell told a rally in Ohio", "“…,” she said the
    # next day"), no reported speech — unless "that" opens them.  After a full stop the sentence is one of
    # its own, and so is its content ("“… challenge.” He said that even if …").
    attributing: set[int] = set()
    spent: set[int] = set()
    for quote in sorted(quotes + inside, key=lambda q: q.start):
        if (
            quote.cue_at in attributing
            and quote.start >= quote.cue_at
            and not quote.marks
            and not text.startswith("that ", quote.start)
        ):
            spent.add(id(quote))
            continue
        para_start, para_end = paragraph(quote.start)
        speaker, cue = "", ""
        if quote.kind == DIRECT:
            for _, segment_end in quote.segments:
                after_at = segment_end + _mark_length(text, segment_end)
                after = text[after_at : min(para_end, after_at + 120)]
                # A quote ending with a full stop ends its sentence: what follows is a new one, not its
                # attribution.  One ending with "?", "!" or no stop may end its sentence too: its
                # attribution is then a verb of saying with no object of its own ("“Why?” she asked";
                # not "“Why?” Critics said yes", "“…!” Ann Bell praised the plan").
                last = text[quote.start : segment_end].rstrip()[-1:]
                ended, open_ended = last == ".", last not in (",", ".")
                for pattern in _AFTER:
                    match = pattern.match(after)
                    if not match or (open_ended and _new_sentence(text, after_at, after_at + match.end("cue"))):
                        continue
                    if speaker := resolve(match, after_at):
                        cue = match.group("cue")
                        if not ended:
                            attributing.add(after_at + match.start("cue"))
                        break
                found = None if speaker or ended else _source_after(text, after_at, para_end, speakers, open_ended)
                if found:
                    speaker, cue, cue_at = found
                    attributing.add(cue_at)
                if speaker:
                    break
            if not speaker:
                before_at = max(para_start, quote.start - 160)
                before = text[before_at : quote.start - _opening_length(text, quote.start)]
                for pattern in _BEFORE:
                    match = pattern.search(before)
                    if match and (speaker := resolve(match, before_at)):
                        cue = match.group("cue")
                        break
            objects = False
            if not speaker and (participle := _PARTICIPLE.search(before)):
                # "Sanders stepped up his emphasis on the issue, saying, “…”": the sentence's subject, never
                # a name its verb governs ("Police arrested John Smith, saying" is the police's).
                at = before_at + participle.start()
                opening = _sentence_start(starts, at)
                speaker, objects = _participle_subject(text, at, people, opening, people_starts)
                if not speaker and (pron := re.match(rf"\s*({_PRONOUN})\b", text[opening:at])):
                    speaker = speakers.resolve(pron.group(1), opening, opening + pron.end(1))
                cue = participle.group("cue") if speaker else cue
            if not speaker and not objects:  # a quote paragraph of its own: the nearest person, or a speaker since
                speaker = speakers.antecedent(quote.start, PERSON, speaking=True)
        elif quote.kind == PARTIAL:
            opening = _sentence_start(starts, quote.start)
            speaker = _sentence_subject(text, quote.start, people, opening, people_starts)
            if not speaker and (pron := re.match(rf"\s*({_PRONOUN})\b", text[opening : quote.start])):
                speaker = speakers.resolve(pron.group(1), opening, opening + pron.end(1))
        elif quote.source is not None:  # reported speech, with or without quoted words
            a, b = quote.source
            speaker = speakers.subject(text, a, b) if quote.subject else speakers.resolve(text[a:b], a, b)
        quote.speaker = speaker or ""
        quote.cue = quote.cue or cue or ""
        if quote.speaker:
            kind = ORG if quote.speaker in org_names or speakers.found_types.get(quote.speaker) == ORG else PERSON
            speakers.attributed(quote.start, quote.speaker, kind)
    # Reported speech is kept when its source resolves to a speaker, or when it holds quoted words: "some
    # have criticized …" and "Tensions continued to rise …" attribute nothing to anyone the table can name.
    # A source of capitalised words that names no entity ("Critics said …") is a source all the same: its
    # speech is kept, its speaker left empty.  Not the words after a direct quote's own cue (``spent``).
    kept = [
        q
        for q in inside
        if id(q) not in spent
        and (q.speaker or (q.source and q.source[0] in speakers.unnamed) or _QUOTE_CHARS.search(q.text(text)))
    ]
    for q in kept:
        # No words to show for a slot that names no one and describes no one: kept for its quoted words
        # ("The shops have been"), or capitalised words that are no name ("Critics", "Similar", "I’m").
        if q.source and not q.speaker and q.source[0] not in speakers.described:
            q.source = None
    found = sorted(quotes + kept, key=lambda q: q.start)
    for quote in found:  # the invariant of every row: its spans lie inside its [start, end], never overlapping
        quote.segments = _within(quote.segments, quote.start, quote.end)
        quote.marks = _within(quote.marks, quote.start, quote.end)
    if found_mentions is not None:
        spoken = {q.speaker for q in found}
        unique = {(m[0], m[1]): m for m in speakers.found if m[3] in spoken}
        found_mentions.extend(sorted(unique.values()))
    return found


# Words between a source and its cue that are not the source ("Smith has also said").
_AUXILIARIES = frozenset(
    "has have had is was were also then now later again once recently previously would will".split()
)
# Lower-case words that may open a source slot ("the campaign", "former Gov. Jeb Bush").
_SLOT_OPENERS = frozenset("the a an his her its their former then".split())
# Where the head of a source slot ends: a parenthesis ("Rep. Earl Blumenauer (D-Ore.)"), "of" or "from"
# ("James Smith of the American Enterprise Institute"), a relative pronoun.
_HEAD_END = re.compile(r"\s*\(|\s+(?:of|from|at|who|which)\s")
_TOKEN = re.compile(r"\S+")


def _source_after(
    text: str, at: int, para_end: int, speakers: Speakers, open_ended: bool = False
) -> tuple[str, str, int] | None:
    """``(speaker, cue, where the cue begins)`` of the attribution right after a closing quotation mark at
    ``at``, read more widely than the patterns of :data:`_AFTER`: a cue word (:data:`~analysis.voices.cues.QUOTE_CUES`)
    among the clause's first words, the source before it ("Clinton spokesman Josh Schwerin said", "Jane
    Doe, 67, a retired nurse, said", "Sotomayor has said") or after it ("said L2 president Bruce
    Willsie, who …", "reads an editorial in The Register").  The source is the head of that slot when it
    names someone (cut at "(", "of", "who" …, outside a name), else the whole slot.  After a quote that
    may have ended its sentence (``open_ended``: "?", "!" or no stop) a cue after its source attributes it
    only as :func:`_new_sentence` allows: "Senator Ann Bell rejected that argument" is a new sentence."""
    words: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(text, at, min(para_end, at + 200)):
        w = m.group()
        if _QUOTE_CHARS.search(w) or len(words) >= 16:
            break
        if w in (",", "—", "–", "-"):
            if words:
                break
            continue
        words.append((m.start(), m.end(), w))
        if w[-1] in "!?;:" or (w.endswith(".") and w[:1].islower() and len(w) > 4):
            break
    cue_at = next((i for i, (_, _, w) in enumerate(words) if w.rstrip(",.") in QUOTE_CUES), None)
    if cue_at is None:
        return None
    if open_ended and _new_sentence(text, at, words[cue_at][0] + len(words[cue_at][2].rstrip(",."))):
        return None
    if cue_at == 0:  # "said X, who …"
        slot = words[1:]
    else:
        slot = words[:cue_at]
        while slot and (slot[-1][2] in _AUXILIARIES or (slot[-1][2].endswith("ly") and slot[-1][2].islower())):
            slot.pop()
        if not slot or not (slot[0][2][:1].isupper() or slot[0][2] in _SLOT_OPENERS):
            return None
    if cue_at == 0 or slot[-1][2].endswith(","):
        # The name before a comma: "Jane Doe, 67, a retired nurse, said", "said X, who …".
        comma = next((k for k, (_, _, w) in enumerate(slot) if w.endswith(",")), len(slot) - 1)
        slot = slot[: comma + 1]
    else:  # "…, he said": the words after the last comma
        comma = max((k for k, (_, _, w) in enumerate(slot) if w.endswith(",")), default=-1)
        slot = slot[comma + 1 :]
    if len(slot) > 10:
        return None
    if not slot:
        return None
    start, end = slot[0][0], slot[-1][1] - slot[-1][2].endswith(",")
    cue = words[cue_at][2].rstrip(",.")
    for head in _HEAD_END.finditer(text, start, end):
        if not speakers.covering(head.start() + 1):
            if head.start() > start and (speaker := speakers.resolve(text[start : head.start()], start, head.start())):
                return speaker, cue, words[cue_at][0]
            break
    speaker = speakers.resolve(text[start:end], start, end)
    return (speaker, cue, words[cue_at][0]) if speaker else None


# The verbs of saying as the word list gives them (not the learnt cues beside a quote: "praised",
# "rejected" attribute a quote ending with a comma, but after "?" they open a sentence of their own).
_SAYING = words("speech_verbs")
# A time expression after a verb: when it was said, not what ("said this week", "said the next day",
# "said that night", "wrote the same day", "said a day later").
_TIME = (
    r"(?:(?:this|that|these|those|last|the\s+(?:next|same|following|previous|other))\s+"
    r"|(?:a|an|one)\s+(?=\w+\s+(?:later|earlier|after|before)\b))"
    r"(?:day|week|night|morning|afternoon|evening|month|year|weekend|time|hour|minute)s?\b"
)
# What opens a verb's own object or content ("said yes", "said the plan was dead"): the verb is then not
# a quote's attribution.  Not a time expression (:data:`_TIME`).
_OBJECT = re.compile(rf"\s+(?!{_TIME})(?:that|the|a|an|this|these|those|its|it|their|yes|no)\b")
# Verbs of asking and telling take whom they address, not a reaction, as their object: "“Why?” she asked
# the crowd", "“…?” Ann Bell told the Associated Press", "“…!” he told a rally".
_ADDRESSED = frozenset({"asked", "asks", "ask", "asking", "told", "tells", "tell", "telling"})
_CLAUSE_END = re.compile(r"\s*(?:[.,;:!?—–]|$)")


def _attributed_apart(text: str, gap: str, end: int, para_end: int) -> bool:
    """Whether a quote after an attributed one is another speaker's, not the first one going on: the
    attribution between them names someone and ends its sentence, and the new quote's own attribution
    after it names someone else ("“We will win,” said Tom Price. “The plan works,” Jane Doe said.").

    Kept as one quote: a quote that goes on after its attribution ("… said Tom Price. “The plan works.”")
    or is split by it ("… said Tom Price, “because …”"); one whose attribution is a pronoun or a
    description on either side ("…,” they said. “…,” the Democrats said": the names say who "they" are, and
    a pronoun alone was resolved to whoever came before); and a question or exclamation, whose words after
    may be a sentence of their own ("“Why not?” Reid said more revenue was needed").  Only the plainest
    attributions count, a name right before or after the verb ("Jane Doe said", "said Jane Doe"): a name
    inside a description is not the speaker ("the senator from Georgia said")."""
    if not re.search(r"[.!?]\s*$", gap) or text[:end].rstrip()[-1:] != ",":
        return False  # only a quote ending with a comma has its attribution after it for certain
    first = _named_attribution(gap)
    after_at = end + _mark_length(text, end)
    second = _named_attribution(text[after_at : min(para_end, after_at + 120)])
    if first is None or second is None:
        return False
    # "Tom Price" … "Price said": one surname, one speaker, one quote as before ("Mr. Smith" … "Mr. Jones"
    # share a title, not a surname).
    one, two = (_surname(m.group("name")) for m in (first, second))
    return one != two


def _surname(name: str) -> str:
    """The last word of a name, without its stop or a generation's suffix ("Donald Trump Jr." → "trump")."""
    words = [w.strip(".,'’").lower() for w in name.split()]
    words = [w for w in words if w not in ("jr", "sr", "ii", "iii", "iv")] or words
    return words[-1] if words else ""


def _named_attribution(after: str) -> re.Match[str] | None:
    """The attribution at the start of ``after`` when it names its speaker (no pronoun, no description)."""
    for pattern in _AFTER[:2]:
        match = pattern.match(after)
        if match:
            groups = match.groupdict()
            if not groups.get("name") or groups.get("pron") or groups.get("desc"):
                return None
            # The name right beside its verb: "said Jane Doe", not "said the Georgia Republican".
            between = after[match.end("cue") : match.start("name")] if match.start("cue") < match.start("name") else ""
            return match if not between.strip() else None
    return None


def _new_sentence(text: str, at: int, cue_end: int) -> bool:
    """After a quote that may have ended its sentence ("?", "!", no stop), closing at ``at``: do the words
    up to the cue ending at ``cue_end`` open a sentence of their own rather than attribute it?  A cue
    opening them ("wrote a man calling himself …") attributes; after its source, a verb of saying does
    unless an object follows ("Critics said yes"; not whom a verb of asking or telling addresses, "she asked
    the crowd", "she told the Associated Press", nor a time, "she said that night"), any other learnt cue only
    where the clause ends with it ("Beck questioned."; not "Ann Bell rejected that argument")."""
    verb = re.search(r"\w+$", text[at:cue_end])
    if verb is None or not text[at : verb.start() + at].strip(" \t”\"'"):
        return False
    word = verb.group().lower()
    if word in _SAYING:
        return word not in _ADDRESSED and _OBJECT.match(text, cue_end) is not None
    return _CLAUSE_END.match(text, cue_end) is None


def _merge_reported(quotes: list[Quote], reported: list[Reported], text: str) -> list[Quote]:
    """Reported speech as quotes: ``indirect``, or ``mixed`` when quoted words fall inside its content
    (those partial quotes are then part of it, not rows of their own: they leave ``quotes``).  A content
    that a direct quote covers is that quote's attribution, not a second one.

    ``quotes`` are in text order and do not overlap (nor do ``reported``), so the quotes overlapping a
    content are found by bisection: linear in the article, however long."""
    starts = [q.start for q in quotes]
    ends = [q.end for q in quotes]
    taken: set[int] = set()
    out = []
    for r in reported:
        i = bisect.bisect_right(ends, r.start)  # the first quote ending after the content starts
        overlapping = []
        while i < len(quotes) and starts[i] < r.end:
            if i not in taken and r.start < ends[i]:
                overlapping.append(i)
            i += 1
        # "Ryan said: “…”" is a direct quote with its cue; "Ryan said Obama’s words “amount to …”" is
        # reported speech with quoted words in it.
        if any(quotes[k].kind == DIRECT and _opens_content(text, r, quotes[k]) for k in overlapping):
            continue
        taken.update(overlapping)
        kind = MIXED if overlapping else INDIRECT
        marks = sorted(segment for k in overlapping for segment in quotes[k].segments)
        # The content's end was trimmed of punctuation, which may be a quote's own closing comma ("…
        # called it a “disaster,” the senator said"): the content then ends with the quote, mark included.
        end = r.end
        for a, b in marks:
            if r.start <= a and b > end and not text[end:b].strip(_TRIMMED):
                end = b + _mark_length(text, b)
        cue = text[r.cue_start : r.cue_end]
        quote = Quote(r.start, end, [(r.start, end)], kind, cue=cue, source=(r.source_start, r.source_end))
        quote.subject = r.subject
        quote.marks = marks
        quote.cue_at = r.cue_start
        out.append(quote)
    if taken:
        quotes[:] = [q for k, q in enumerate(quotes) if k not in taken]
    return out


def _mark_length(text: str, at: int) -> int:
    """The length of the closing quotation mark at ``at`` (0 where a quote ran to its paragraph's end)."""
    if text.startswith("''", at):
        return 2
    return 1 if text[at : at + 1] in ("”", '"') else 0


def _opening_length(text: str, at: int) -> int:
    """The length of the opening quotation mark ending at ``at``: two apostrophes (some feeds' way of
    writing one) are two characters, so the words before the quote do not end with the first of them."""
    return 2 if text[max(0, at - 2) : at] == "''" else 1


def _opens_content(text: str, r: Reported, q: Quote) -> bool:
    """Does the quote open the reported content (only "that", a colon or a comma between cue and quote),
    or lie outside it?"""
    between = text[r.cue_end : q.start - _opening_length(text, q.start)].strip(" ,:\n")
    return q.start < r.start or between in ("", "that") or q.end > r.end


def _sentence_start(sentence_starts: list[int], at: int) -> int:
    """Where the sentence holding offset ``at`` begins (``sentence_starts`` sorted)."""
    i = bisect.bisect_right(sentence_starts, at) - 1
    return sentence_starts[i] if i >= 0 else 0


def _sentence_subject(
    text: str, at: int, people: list[Person], start: int, people_starts: list[int] | None = None
) -> str | None:
    """The person a partial quote belongs to: in the quote's sentence (from ``start``), the last person
    named before it who is followed by a verb ("Pompeo delivered", "Liu Xiaoming, the …, had previously
    urged"), else the first — unless a pronoun opens the sentence (None: the caller resolves it).
    ``people`` are sorted; ``people_starts`` their starts (found by bisection)."""
    if people_starts is None:
        people_starts = [a for a, _, _ in people]
    lo, hi = bisect.bisect_left(people_starts, start), bisect.bisect_right(people_starts, at)
    inside = [(a, b, name) for a, b, name in people[lo:hi] if b <= at]
    if not inside:
        return None
    for _, end, name in reversed(inside):
        if _VERB_AFTER_NAME.match(text[end:at]):
            return name
    if re.match(rf"\s*{_PRONOUN}\b", text[start:at]):
        return None  # "He contrasted Bush's speech … “…”": the pronoun is the subject, not the name after it
    return inside[0][2]


def _participle_subject(
    text: str, at: int, people: list[Person], start: int, people_starts: list[int]
) -> tuple[str, bool]:
    """The subject of the clause a participle at ``at`` hangs from ("Mayor Jane Cole praised the officers
    who arrested Tom Reed, saying …" → Jane Cole; "Ryan and Trump will meet, Spicer said, adding" →
    Spicer), in the sentence from ``start``: the last person named whom a verb follows and no verb
    precedes in their clause.  Also whether people are named before the participle at all: then none of
    them spoke ("Police arrested John Smith …, saying"), and no nearest person stands in."""
    lo, hi = bisect.bisect_left(people_starts, start), bisect.bisect_right(people_starts, at)
    inside = [(a, b, name) for a, b, name in people[lo:hi] if b <= at]
    for a, end, name in reversed(inside):
        if _VERB_AFTER_NAME.match(text[end:at]) and not object_of_a_verb(text, start, a):
            return name, False
    return "", bool(inside)


def quote_rows(
    doc_id: str,
    text: str,
    people: list[Person],
    organisations: list[Person],
    sentence_starts: np.ndarray,
    sentence_ends: np.ndarray,
    para_first: np.ndarray,
    found_mentions: list[tuple[int, int, str, str, str]] | None = None,
) -> tuple[list[tuple], np.ndarray]:
    """One article's quote rows (as :data:`QUOTE_COLUMNS`; ``tone`` is VADER's compound of the quoted words)
    and, per sentence, the share of its characters inside direct quotation marks.  ``para_first`` marks
    the sentences that open a paragraph (a headline is a paragraph of one line).  Speakers the recogniser
    left out are appended to ``found_mentions`` (see :func:`find_quotes`)."""
    vader = analyzer()
    rows = []
    share = np.zeros(len(sentence_starts), dtype=np.float32)
    lengths = np.maximum(sentence_ends - sentence_starts, 1)
    prose = prose_mask(text, sentence_starts, sentence_ends, para_first)
    found = find_quotes(text, people, sentence_starts, sentence_ends, organisations, prose, found_mentions)
    starts, ends = sentence_starts.tolist(), sentence_ends.tolist()
    for n, quote in enumerate(found):
        first = bisect.bisect_right(starts, quote.start) - 1
        last = bisect.bisect_right(starts, max(quote.start, quote.end - 1)) - 1
        words = quote.text(text)
        # The source slot as written; not a participle's whole clause ("Smith toured the plant, saying …").
        source = text[quote.source[0] : quote.source[1]].strip() if quote.source and not quote.subject else ""
        source = _OPENING_JOINER.sub("", source)  # "But supporters said" → "supporters"
        rows.append(
            (
                doc_id,
                n,
                quote.start,
                quote.end,
                words,
                quote.kind,
                quote.speaker,
                source,
                quote.cue,
                max(first, 0),
                max(last, 0),
                vader.scores(words.replace(" … ", " "))[0],
                segments_text(quote.marked()),
            )
        )
        if quote.kind == DIRECT:
            for a, b in quote.segments:  # only the sentences the segment overlaps: linear in the article
                lo = bisect.bisect_right(ends, a)
                hi = bisect.bisect_left(starts, b)
                overlap = np.minimum(sentence_ends[lo:hi], b) - np.maximum(sentence_starts[lo:hi], a)
                share[lo:hi] += np.maximum(overlap, 0) / lengths[lo:hi]
    return rows, np.clip(share, 0, 1)


def segments_text(segments: list[tuple[int, int]]) -> str:
    """A quote's spans inside quotation marks as stored: ``"start:end;start:end"`` (offsets into the article),
    so the reader underlines exactly what the rules found, without finding it again."""
    return ";".join(f"{a}:{b}" for a, b in segments)


def quote_table(rows: list[tuple]) -> pd.DataFrame:
    """Quote rows as a typed frame."""
    frame = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    return frame.astype(
        {
            "quote_id": "int32",
            "start": "int32",
            "end": "int32",
            "first_sent": "int32",
            "last_sent": "int32",
            "tone": "float32",
        }
    )
