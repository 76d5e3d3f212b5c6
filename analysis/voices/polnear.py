"""PolNeAR (Newell, Margolin & Ruths, LREC 2018) read for training and scoring attribution.

Each article of the training compartment has one or more brat files of attributions: a Source (who),
a Cue (the verb or phrase) and a Content (what was said or thought), as character spans.  The project
splits the compartment by article, deterministically (a hash of the article's name), into a part that
teaches the cue verbs (:func:`learn_cues`) and a held-out part that only scores
(``benchmarks/evaluation/attribution.py``): no article is in both.  Of an article annotated twice, the
first file in name order is read.  Nothing here is shipped text: the files stay in ``../shared``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

#: One article in this many is held out for scoring (by the hash of its name).
HOLD_OUT_EVERY = 4
_QUOTE = re.compile(r"[“”\"]|''")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


@dataclass(frozen=True)
class Attribution:
    """A gold attribution: content, source and cue as ``(start, end)`` (the hull of a split span); the
    content also as its pieces (a quote split around its attribution is two pieces)."""

    content: tuple[int, int]
    pieces: tuple[tuple[int, int], ...]
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    source_text: str
    cue_text: str
    marked: bool  # the content holds a quotation mark


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    attributions: list[Attribution]


def held_out(name: str) -> bool:
    """Is the article scored only (never learnt from)?"""
    return int(hashlib.md5(name.encode()).hexdigest(), 16) % HOLD_OUT_EVERY == 0


def read_polnear(folder: Path, part: str) -> list[Article]:
    """Articles of the training compartment in ``folder`` (``.../polnear``): ``part`` is ``"learn"``,
    ``"held_out"`` or ``"all"``."""
    texts = folder / "train" / "text"
    annotations = folder / "train" / "attributions"
    files: dict[str, Path] = {}
    for path in sorted(annotations.glob("*.ann")):
        stem = path.stem.rsplit("_", 1)[0]
        files.setdefault(stem, path)
    out = []
    for stem, path in sorted(files.items()):
        hold = held_out(stem)
        if (part == "learn" and hold) or (part == "held_out" and not hold):
            continue
        text = (texts / f"{stem}.txt").read_text(encoding="utf-8")
        out.append(Article(stem, text, _attributions(path, text)))
    return out


def _pieces(spans: str) -> tuple[tuple[int, int], ...]:
    return tuple(sorted((int(a), int(b)) for a, b in (piece.split() for piece in spans.split(";"))))


def _hull(spans: str) -> tuple[int, int]:
    pairs = _pieces(spans)
    return min(a for a, _ in pairs), max(b for _, b in pairs)


def _attributions(path: Path, text: str) -> list[Attribution]:
    spans: dict[str, tuple[str, tuple[int, int], tuple[tuple[int, int], ...]]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[0].startswith("T") and len(parts) >= 2:
            label, _, where = parts[1].partition(" ")
            spans[parts[0]] = (label, _hull(where), _pieces(where))
        elif parts[0].startswith("E") and len(parts) >= 2:
            events.append(dict(item.split(":", 1) for item in parts[1].split()[1:]))
    out = []
    for event in events:
        content = spans.get(event.get("Content", ""))
        if content is None:
            continue
        source = spans.get(event.get("Source", ""))
        cue = spans.get(event.get("Cue", ""))
        a, b = content[1]
        out.append(
            Attribution(
                content=(a, b),
                pieces=content[2],
                source=source[1] if source else None,
                cue=cue[1] if cue else None,
                source_text=text[source[1][0] : source[1][1]] if source else "",
                cue_text=text[cue[1][0] : cue[1][1]] if cue else "",
                marked=any(_QUOTE.search(text[x:y]) for x, y in content[2]),
            )
        )
    return out


def learn_cues(articles: list[Article], min_count: int = 3) -> list[tuple[str, int, int]]:
    """Cue words learnt from the annotations: ``(word, times a cue, times seen)`` for each lower-case word
    that heads an annotated cue at least ``min_count`` times (the verb of "has said", "told", "according").

    "Times seen" counts every occurrence of the word in the same articles, so their ratio is how often
    the word *is* a cue where it appears: the precision a rule that fires on it would have.
    """
    cue_counts: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for article in articles:
        seen.update(w.lower() for w in _WORD.findall(article.text))
        for attribution in article.attributions:
            head = _head(attribution.cue_text)
            if head:
                cue_counts[head] += 1
    return sorted(
        ((w, c, seen[w]) for w, c in cue_counts.items() if c >= min_count and seen[w]),
        key=lambda row: (-row[1], row[0]),
    )


#: A learnt cue is kept when it heads at least this many annotated cues and is a cue in at least this
#: share of its occurrences (the rules that read it fire on every occurrence).
CUE_MIN_COUNT, CUE_MIN_SHARE = 5, 0.25


def write_cues(folder: Path, out: Path) -> int:
    """Learn the cue words from the articles not held out and write them as ``attribution_cues.tsv``."""
    rows = [(w, c, n) for w, c, n in learn_cues(read_polnear(folder, "learn")) if len(w) > 2]
    kept = [(w, c / n) for w, c, n in rows if c >= CUE_MIN_COUNT and c / n >= CUE_MIN_SHARE]
    header = (
        "# Cue words learnt from PolNeAR's training compartment (the articles not held out for scoring) by\n"
        f"# python -m analysis train-voices: a word heading an annotated cue at least {CUE_MIN_COUNT} times and a "
        "cue in at least\n"
        f"# {CUE_MIN_SHARE:.0%} of its occurrences, TAB that share.  analysis/voices/attribution.py reads them as "
        "verbs of reporting.\n"
    )
    return _write_learnt(out, header, [(w, f"{share:.2f}") for w, share in kept])


#: A word beside a quotation is learnt as its cue when it heads the annotated cue of that quotation at
#: least this many times and in at least this share of the times it stands beside one.
QUOTE_CUE_MIN_COUNT, QUOTE_CUE_MIN_SHARE = 3, 0.5
# Where the words beside a quotation end: a sentence's end, a line, another quotation mark.
_BESIDE_END = re.compile(r"[.!?\n“”\"]")


def learn_quote_cues(articles: list[Article]) -> list[tuple[str, int, int]]:
    """The words that attribute a quotation beside them: ``(word, times the cue of the quotation it
    stands beside, times beside one)``, over the clause after each closing mark and the clause before each
    opening mark (to the sentence's end, 120 characters at most).  A word that is a cue somewhere in the
    article is not one beside a quote on that account: "expected", "declined", "showed" are cues of
    reported speech ("X declined to comment") but rarely attribute the quotation next to them."""
    from analysis.voices.quotes import quote_segments

    cue_counts: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for article in articles:
        text = article.text
        cues = [(a.cue, a.pieces) for a in article.attributions if a.cue]
        for start, end in quote_segments(text):
            after = text[end + 1 : end + 120]
            stop = _BESIDE_END.search(after)
            before = text[max(0, start - 120) : max(0, start - 1)]
            ends = [m.end() for m in _BESIDE_END.finditer(before)]
            sides = [(end + 1, end + 1 + (stop.start() if stop else len(after)))]
            sides.append((max(0, start - 120) + (ends[-1] if ends else 0), max(0, start - 1)))
            for lo, hi in sides:
                for m in _WORD.finditer(text, lo, hi):
                    word = m.group().lower()
                    seen[word] += 1
                    if any(
                        c[0] <= m.start() < c[1] and any(x < end and start < y for x, y in pieces) for c, pieces in cues
                    ):
                        cue_counts[word] += 1
    return sorted(((w, c, seen[w]) for w, c in cue_counts.items()), key=lambda row: (-row[1], row[0]))


def write_quote_cues(folder: Path, out: Path) -> int:
    """Learn the cues beside a quotation from the articles not held out and write them as
    ``quote_cues.tsv``."""
    articles = read_polnear(folder, "learn")
    # Only words that head annotated cues anywhere as attribution_cues.tsv keeps them: a word beside
    # quotes that is never a cue elsewhere is a noun of the quote's own ("slogans", "chants").
    heads = {w for w, c, n in learn_cues(articles) if c >= CUE_MIN_COUNT and c / n >= CUE_MIN_SHARE}
    kept = [
        (w, c / n)
        for w, c, n in learn_quote_cues(articles)
        if w in heads and w != "according" and c >= QUOTE_CUE_MIN_COUNT and c / n >= QUOTE_CUE_MIN_SHARE
    ]
    header = (
        "# Cue words beside a quotation, learnt from PolNeAR's training compartment (the articles not held out\n"
        f"# for scoring) by python -m analysis train-voices: a word heading the annotated cue of a quotation it\n"
        f"# stands beside at least {QUOTE_CUE_MIN_COUNT} times and in at least {QUOTE_CUE_MIN_SHARE:.0%} of the "
        "times it stands beside one, and\n"
        "# a cue word of attribution_cues.tsv, TAB that share.  analysis/voices/cues.py adds them to the verbs of\n"
        '# saying as QUOTE_CUES ("according" reads its own pattern).\n'
    )
    return _write_learnt(out, header, [(w, f"{share:.2f}") for w, share in kept])


#: A lower-case word is learnt as a source's head when it ends at least this many annotated sources.
SOURCE_MIN_COUNT = 4


def learn_source_heads(articles: list[Article]) -> list[tuple[str, int]]:
    """The nouns that head the sources of reported speech: ``(word, times)`` for each lower-case word
    ending the annotated source of an attribution without quotation marks ("several friends said",
    "police said", "a new poll shows"), its first part before any comma ("Smith, a spokesman,").  Function
    words and pronouns are left out: those are resolved to names or name no one."""
    from analysis.lexicon import words
    from analysis.voices.speakers import slot_head, slot_words

    stop = words("stop_words")
    counts: Counter[str] = Counter()
    for article in articles:
        for attribution in article.attributions:
            if attribution.marked or not attribution.source_text:
                continue
            # The head as the speaker step reads a slot ("GunBroker.com" is the word "gunbroker.com").
            first = attribution.source_text.split(",")[0]
            written = first.split()
            if written and written[-1][:1].islower():  # a description, not a name
                counts[slot_head(slot_words(first))] += 1
    return sorted(
        ((w, c) for w, c in counts.items() if c >= SOURCE_MIN_COUNT and w not in stop and w.isalpha()),
        key=lambda row: (-row[1], row[0]),
    )


def write_source_heads(folder: Path, out: Path) -> int:
    """Learn the heads of descriptive sources from the articles not held out and write them as
    ``source_heads.tsv``."""
    kept = learn_source_heads(read_polnear(folder, "learn"))
    header = (
        "# Nouns heading the source of reported speech, learnt from PolNeAR's training compartment (the articles\n"
        f"# not held out for scoring) by python -m analysis train-voices: a lower-case word ending at least "
        f"{SOURCE_MIN_COUNT} annotated\n"
        "# sources of attributions without quotation marks, function words left out, TAB that count.\n"
        '# analysis/voices/speakers.py keeps reported speech whose source such a word heads ("several friends\n'
        '# said …") when it resolves to no name: a source all the same, its speaker left empty.\n'
    )
    return _write_learnt(out, header, [(w, str(c)) for w, c in kept])


def _write_learnt(out: Path, header: str, rows: list[tuple[str, str]]) -> int:
    """A learnt word list as shipped: its header (how it was learnt), then ``word TAB value`` lines."""
    out.write_text(header + "".join(f"{w}\t{value}\n" for w, value in rows), encoding="utf-8")
    return len(rows)


# Words of a cue phrase that are not its head ("has said", "also told", "said in a statement").
_NOT_HEAD = frozenset(
    "has have had is was were are be been also not never did does do will would could should may might "
    "must can just even still already then now later again repeatedly previously reportedly publicly "
    "privately has been to the a an in on at of for that this his her their its he she they it".split()
)


def _head(cue: str) -> str:
    for word in _WORD.findall(cue.lower()):
        if word not in _NOT_HEAD and not word.endswith("ly"):
            return word
    return ""


__all__ = [
    "HOLD_OUT_EVERY",
    "Article",
    "Attribution",
    "held_out",
    "learn_cues",
    "learn_quote_cues",
    "learn_source_heads",
    "read_polnear",
    "write_cues",
    "write_quote_cues",
    "write_source_heads",
]
