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

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.text.sentences import paragraph_spans
from analysis.voices.cues import SPEECH_VERBS, verb_after
from analysis.voices.tone import analyzer

QUOTE_COLUMNS = [
    "doc_id", "quote_id", "start", "end", "text", "kind", "speaker", "first_sent", "last_sent", "tone", "segments",
]  # fmt: skip
DIRECT, PARTIAL, INDIRECT = "direct", "partial", "indirect"

_PRONOUN = r"(?:he|she|they|He|She|They)"
_NAME_SLOT = r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
_AFTER = [
    re.compile(rf"^\s*(?:{SPEECH_VERBS})\s+(?:(?P<pron>{_PRONOUN})\b|(?:\w+\s+){{0,4}}?{_NAME_SLOT})"),
    re.compile(rf"^\s*(?:(?P<pron>{_PRONOUN})|{_NAME_SLOT})(?:\s+\w+ly)?\s+(?:{SPEECH_VERBS})\b"),
    re.compile(rf"^\s*(?:(?:the|a|an)\s+)?[a-z][\w\s-]{{0,40}}?\s+{_NAME_SLOT}\s+(?:{SPEECH_VERBS})\b"),
]
_BEFORE = [
    re.compile(
        rf"(?:(?P<pron>{_PRONOUN})|{_NAME_SLOT})(?:,[^,]{{1,80}},)?(?:\s+\w+ly)?\s+(?:{SPEECH_VERBS})"
        rf"(?:\s+(?:reporters|journalists|\w+\s+\w+|that))?\s*[:,]?\s*$"
    ),
    re.compile(rf"[Aa]ccording to\s+{_NAME_SLOT}\s*,?\s*$"),
]
# Indirect speech: a speech verb + "that" is found first (rare, so cheap), then its subject is looked for
# just before it — one pattern doing both scanned every position of the article and was slow.
_SAID_THAT = re.compile(rf"\s+(?:{SPEECH_VERBS})\s+that\s+(?P<what>[^.;!?]+)")
_SUBJECT_BEFORE = re.compile(
    rf"(?:\b(?P<pron>{_PRONOUN})|{_NAME_SLOT})(?:,[^,]{{1,80}},)?(?:\s+(?:also|has|had|again|"
    rf"previously|later|then|repeatedly))*$"
)
# A name followed by a verb, after an optional appositive ("Liu also took", "Pompeo delivered").
_VERB_AFTER_NAME = verb_after(appositive=True)
_QUOTE_CHARS = re.compile(r"[“”\"]")


@dataclass
class Quote:
    start: int  # first character inside the marks
    end: int  # last character inside the marks, exclusive
    segments: list[tuple[int, int]]
    kind: str
    speaker: str = ""

    def text(self, article: str) -> str:
        return " … ".join(article[a:b].strip() for a, b in self.segments)


def quote_segments(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks, in order.  Curly quotes pair by direction; straight ones alternate
    within a paragraph; a quote left open ends with its paragraph."""
    segments: list[tuple[int, int]] = []
    for para_start, para_end in paragraph_spans(text):
        open_at: int | None = None
        straight_open: int | None = None
        for match in _QUOTE_CHARS.finditer(text, para_start, para_end):
            ch, at = match.group(), match.start()
            if ch == "“":
                if open_at is None:
                    open_at = at + 1
            elif ch == "”":
                if open_at is not None:
                    segments.append((open_at, at))
                    open_at = None
            elif open_at is None:  # a straight quote outside any curly one
                if straight_open is None:
                    straight_open = at + 1
                else:
                    segments.append((straight_open, at))
                    straight_open = None
        for left in (open_at, straight_open):
            if left is not None and para_end - left > 1:
                segments.append((left, para_end))
    segments.sort()
    return [(a, b) for a, b in segments if text[a:b].strip()]


Person = tuple[int, int, str]  # start, end, canonical name


def find_quotes(text: str, people: list[Person], sentence_starts: np.ndarray) -> list[Quote]:
    """Quotes of one article with speakers; ``people`` are its person mentions ``(start, end, name)``,
    ``sentence_starts`` the offsets of its sentences (the ``sentences`` frame's ``start``)."""
    people = sorted(people)
    person_at = {start: name for start, _, name in people}
    person_starts = np.array([start for start, _, _ in people], dtype=np.int64)
    person_names = [name for _, _, name in people]
    paragraphs = paragraph_spans(text)
    para_of = np.array([a for a, _ in paragraphs])

    def paragraph(at: int) -> tuple[int, int]:
        return paragraphs[max(0, int(np.searchsorted(para_of, at, side="right")) - 1)]

    def resolve(match: re.Match[str], offset: int) -> str | None:
        if match.groupdict().get("pron"):
            return "PRONOUN"
        name_start = offset + match.start("name")
        for start in range(name_start, offset + match.end("name")):
            if start in person_at:
                return person_at[start]
        return None

    def last_person_before(at: int) -> str:
        i = int(np.searchsorted(person_starts, at)) - 1
        return person_names[i] if i >= 0 else ""

    quotes: list[Quote] = []
    for a, b in quote_segments(text):
        para_start, para_end = paragraph(a)
        words = len(text[a:b].split())
        before = text[para_start : a - 1]
        starts_clause = not before.strip() or bool(re.search(r"[:,]\s*$|[.!?]\s*$", before))
        kind = DIRECT if (starts_clause or words >= 8) else PARTIAL
        # A split quote or a quote going on after its attribution: join to the previous quote.
        if quotes and quotes[-1].kind == DIRECT and kind == DIRECT:
            previous = quotes[-1]
            gap = text[previous.end + 1 : a - 1]
            if (
                previous.end > para_start
                and len(gap) <= 80
                and not _QUOTE_CHARS.search(gap)
                and (re.search(rf"\b(?:{SPEECH_VERBS})\b", gap) or not gap.strip())
            ):
                previous.segments.append((a, b))
                previous.end = b
                continue
        quotes.append(Quote(a, b, [(a, b)], kind))

    last_speaker = ""
    for quote in quotes:
        para_start, para_end = paragraph(quote.start)
        speaker = None
        if quote.kind == DIRECT:
            for _, segment_end in quote.segments:
                after_at = segment_end + 1
                after = text[after_at : min(para_end, after_at + 120)]
                for pattern in _AFTER:
                    match = pattern.match(after)
                    if match and (speaker := resolve(match, after_at)):
                        break
                if speaker:
                    break
            if not speaker:
                before_at = max(para_start, quote.start - 160)
                before = text[before_at : quote.start - 1]
                for pattern in _BEFORE:
                    match = pattern.search(before)
                    if match and (speaker := resolve(match, before_at)):
                        break
        else:
            speaker = _sentence_subject(text, quote.start, people, _sentence_start(sentence_starts, quote.start))
            opening = _sentence_start(sentence_starts, quote.start)
            if not speaker and re.match(rf"\s*{_PRONOUN}\b", text[opening : quote.start]):
                speaker = "PRONOUN"
        if speaker == "PRONOUN" or (not speaker and quote.kind == DIRECT):
            speaker = last_speaker or last_person_before(quote.start)
        quote.speaker = speaker or ""
        if quote.speaker:
            last_speaker = quote.speaker
    quotes.extend(_indirect(text, quotes, person_at, last_person_before))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _sentence_start(sentence_starts: np.ndarray, at: int) -> int:
    """Where the sentence holding offset ``at`` begins."""
    i = int(np.searchsorted(sentence_starts, at, side="right")) - 1
    return int(sentence_starts[i]) if i >= 0 else 0


def _sentence_subject(text: str, at: int, people: list[Person], start: int) -> str | None:
    """The person a partial quote belongs to: in the quote's sentence (from ``start``), the last person
    named before it who is followed by a verb ("Pompeo delivered", "Liu Xiaoming, the …, had previously
    urged"), else the first."""
    inside = [(a, b, name) for a, b, name in people if a >= start and b <= at]
    if not inside:
        return None
    for _, end, name in reversed(inside):
        if _VERB_AFTER_NAME.match(text[end:at]):
            return name
    return inside[0][2]


def _indirect(text: str, quotes: list[Quote], person_at: dict[int, str], last_person_before) -> list[Quote]:
    """Reported speech without marks: "Raab insisted that the UK had not been coerced …"."""
    out = []
    covered = [(q.start - 1, q.end + 1) for q in quotes]
    for said in _SAID_THAT.finditer(text):
        a, b = said.start("what"), said.end("what")
        if any(x <= a < y or x < b <= y for x, y in covered) or _QUOTE_CHARS.search(text[a:b]):
            continue
        window = max(0, said.start() - 140)
        match = _SUBJECT_BEFORE.search(text, window, said.start())
        if match is None:
            continue
        if match.group("pron"):
            speaker = last_person_before(match.start())
        else:
            speaker = next((person_at[i] for i in range(match.start("name"), match.end("name")) if i in person_at), "")
        if speaker:
            out.append(Quote(a, b, [(a, b)], INDIRECT, speaker))
    return out


def quote_rows(
    doc_id: str, text: str, people: list[Person], sentence_starts: np.ndarray, sentence_ends: np.ndarray
) -> tuple[list[tuple], np.ndarray]:
    """One article's quote rows (as :data:`QUOTE_COLUMNS`; ``tone`` is VADER's compound of the quoted words)
    and, per sentence, the share of its characters inside direct quotation marks."""
    vader = analyzer()
    rows = []
    share = np.zeros(len(sentence_starts), dtype=np.float32)
    lengths = np.maximum(sentence_ends - sentence_starts, 1)
    for n, quote in enumerate(find_quotes(text, people, sentence_starts)):
        first = int(np.searchsorted(sentence_starts, quote.start, side="right")) - 1
        last = int(np.searchsorted(sentence_starts, max(quote.start, quote.end - 1), side="right")) - 1
        words = quote.text(text)
        rows.append(
            (
                doc_id,
                n,
                quote.start,
                quote.end,
                words,
                quote.kind,
                quote.speaker,
                max(first, 0),
                max(last, 0),
                vader.scores(words.replace(" … ", " "))[0],
                segments_text(quote.segments),
            )
        )
        if quote.kind == DIRECT:
            for a, b in quote.segments:
                overlap = np.minimum(sentence_ends, b) - np.maximum(sentence_starts, a)
                share += np.clip(overlap, 0, None) / lengths
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
