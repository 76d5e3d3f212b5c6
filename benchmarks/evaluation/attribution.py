"""Attribution on the held-out part of PolNeAR's training compartment (2016 US political news, every
attribution hand-annotated): detection F1 over all attributions, the quote-marked ones and the reported
ones (no quotation marks), and speaker accuracy on sources that are names.

The held-out part is one article in four, chosen by a hash of the article's name
(:func:`analysis.voices.polnear.held_out`); the cue words were learnt from the other three only.  The
articles run through the same pipeline steps as any corpus (sentences, ``analyse_voices``, ``link_names``).

Two measures of a match (:func:`match`): *overlap*, the one the issue's figures were measured with (on
this split it gives the code before this work 0.945 quote-marked F1 and 0.448 over all attributions,
close to the issue's 0.96 and 0.50), and *strict*: one to one, each span covering half of the other.
A quote-marked attribution is one whose content holds a
quotation mark; found rows of kind direct, partial and mixed are quote-marked, indirect ones reported.
A matched source counts as right when the speaker found shares a word with the annotated source (a
surname, "Post"); sources that are pronouns or descriptions ("he", "the campaign") are left out of
that figure, since their right answer is a name the annotation does not give.
"""

from __future__ import annotations

import re

import pandas as pd

from benchmarks.evaluation import SHARED

_NOT_NAME = frozenset(
    "the a an he she it they we i you his her its their this that who which mr mrs ms dr".split()
)  # fmt: skip
# Capitalised heads that describe rather than name ("the Kentucky Republican", "a Democrat").
_DESCRIPTIVE = frozenset("republican republicans democrat democrats american americans conservative liberal".split())
_WORD = re.compile(r"[A-Za-z][\w’'-]*")


def _overlap(pieces: tuple[tuple[int, int], ...], b: tuple[int, int]) -> int:
    return sum(max(0, min(y, b[1]) - max(x, b[0])) for x, y in pieces)


def overlaps(gold: list[tuple[tuple[int, int], ...]], found: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Every overlapping ``(characters, gold index, found index)``; a gold content is its pieces (a quote
    split around its attribution is two)."""
    out = []
    for i, g in enumerate(gold):
        for j, f in enumerate(found):
            if f[1] <= g[0][0] or f[0] >= g[-1][1]:
                continue
            o = _overlap(g, f)
            if o:
                out.append((o, i, j))
    return out


def match(gold: list[tuple[tuple[int, int], ...]], found: list[tuple[int, int]], strict: bool) -> dict:
    """``tp_found`` (found rows counted right), ``tp_gold`` (annotations found) and ``pairs`` (gold index →
    the found index read for its speaker).

    Overlap (the issue's measure): a found row is right when it overlaps an annotated content, an
    annotation is found when a row overlaps it, and its speaker is read from the row overlapping it most.
    Strict: one to one, best overlap first, each covering at least half of the other."""
    pairs = overlaps(gold, found)
    if strict:
        sizes = [sum(y - x for x, y in g) for g in gold]
        pairs = [(o, i, j) for o, i, j in pairs if o * 2 >= sizes[i] and o * 2 >= found[j][1] - found[j][0]]
        used_g, used_f, best = set(), set(), {}
        for _, i, j in sorted(pairs, reverse=True):
            if i not in used_g and j not in used_f:
                used_g.add(i)
                used_f.add(j)
                best[i] = j
        return {"tp_found": len(best), "tp_gold": len(best), "pairs": best}
    best = {}
    for _, i, j in sorted(pairs):
        best[i] = j
    return {"tp_found": len({j for _, _, j in pairs}), "tp_gold": len(best), "pairs": best}


def is_named(source: str) -> bool:
    """Is the annotated source a name ("Trump", "The Washington Post", "Brent Bozell III, founder of …")
    rather than a pronoun or a description ("he", "the campaign", "The GOP presidential candidate",
    "the Kentucky Republican")?  Its head — the last word before any comma, possessive cut off — is a
    capitalised word that is no party or demonym noun."""
    head = source.split(",")[0].strip()
    words = _WORD.findall(head)
    if not words:
        return False
    last = words[-1].removesuffix("’s").removesuffix("'s")
    return last[:1].isupper() and last.lower() not in _NOT_NAME and last.lower() not in _DESCRIPTIVE


def same_speaker(gold_source: str, speaker: str) -> bool:
    gold = {w.lower().removesuffix("’s").removesuffix("'s") for w in _WORD.findall(gold_source)} - _NOT_NAME
    return bool(speaker) and bool(gold & {w.lower() for w in _WORD.findall(speaker)})


def _prf(tp_found: int, tp_gold: int, n_found: int, n_gold: int) -> dict[str, float]:
    p = tp_found / n_found if n_found else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "gold": n_gold, "found": n_found}


SUBSETS = {
    "all": (lambda a: True, lambda marked: True),
    "quote-marked": (lambda a: a.marked, lambda marked: marked),
    "reported": (lambda a: not a.marked, lambda marked: not marked),
}


def attribution_scores(part: str = "held_out") -> dict[str, dict[str, dict[str, float]]] | None:
    """Per measure (``overlap``, ``strict``): P/R/F1 per subset and speaker accuracy on named sources, on
    the held-out articles (``part="learn"`` scores the articles the cues were learnt from, in-sample)."""
    from analysis.text.sentences import sentence_frame
    from analysis.voices.batch import analyse_voices, link_names
    from analysis.voices.polnear import read_polnear
    from analysis.voices.quotes import MARKED

    folder = SHARED / "polnear"
    if not folder.exists():
        return None
    articles = read_polnear(folder, part)
    ids = [a.name for a in articles]
    frame = pd.DataFrame({"doc_id": ids, "text": [a.text for a in articles]})
    _, entities, quotes = analyse_voices(frame, sentence_frame(ids, frame["text"].tolist()))
    _, quotes = link_names(entities, quotes)
    by_doc = {doc: group for doc, group in quotes.groupby("doc_id", sort=False)}
    out: dict[str, dict[str, dict[str, float]]] = {}
    for measure in ("overlap", "strict"):
        counts = {name: [0, 0, 0, 0] for name in SUBSETS}  # tp found, tp gold, found, gold
        named = right = 0
        for article in articles:
            rows = by_doc.get(article.name, quotes.iloc[:0])
            found = list(zip(rows["start"].tolist(), rows["end"].tolist(), strict=True))
            marked = rows["kind"].isin(MARKED).tolist()
            speakers = rows["speaker"].tolist()
            for name, (keep_gold, keep_found) in SUBSETS.items():
                g = [i for i, a in enumerate(article.attributions) if keep_gold(a)]
                f = [j for j, m in enumerate(marked) if keep_found(m)]
                result = match([article.attributions[i].pieces for i in g], [found[j] for j in f], measure == "strict")
                counts[name][0] += result["tp_found"]
                counts[name][1] += result["tp_gold"]
                counts[name][2] += len(f)
                counts[name][3] += len(g)
                if name == "all":
                    for i, j in result["pairs"].items():
                        source = article.attributions[g[i]].source_text
                        if is_named(source):
                            named += 1
                            right += same_speaker(source, speakers[f[j]])
        out[measure] = {name: _prf(*values) for name, values in counts.items()}
        out[measure]["speaker"] = {"accuracy": right / named if named else 0.0, "named_sources": named}
    out["articles"] = {"held_out": {"n": len(articles)}}
    return out


def report() -> None:
    print("== Attribution (PolNeAR, held-out quarter of the training compartment; cues learnt from the rest)")
    scores = attribution_scores()
    if scores is None:
        print("skipped: ../shared/data/polnear is absent")
        return
    print(f"{scores['articles']['held_out']['n']} articles")
    for measure, label in (
        ("overlap", "overlapping spans (the issue's measure)"),
        ("strict", "strict: half of each, one to one"),
    ):
        print(f"  {label}:")
        for name in SUBSETS:
            row = scores[measure][name]
            print(
                f"   {name:<13} P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}  "
                f"({row['gold']:,} annotated, {row['found']:,} found)"
            )
        speaker = scores[measure]["speaker"]
        print(f"   speaker accuracy on named sources: {speaker['accuracy']:.3f} of {speaker['named_sources']:,}")
