"""Page furniture: what an outlet prints around every story, found from the corpus itself.

A short paragraph, or a sentence of four words or more in a short paragraph, that recurs across a large
share of one outlet's stories — "Copyright © 2019 The Washington Times, LLC. Click here for reprint
permission.", "Story continued below", "The Associated Press contributed to this report." — is
furniture, not reporting.  No list of phrases is kept: the rule works for an outlet nobody here has seen.
Counted per *story* (the copies of one syndicated story share their text, and that text is reporting),
with case and digits folded ("2019" and "2020" are one line), over outlets with at least
:data:`MIN_STORIES` stories.  Paragraphs longer than :data:`LONGEST` characters are reporting, as the
per-paragraph rules of :mod:`analysis.ingest.cleaning` also assume.

Furniture is not cut out of the article: the text stays as it was loaded (its content id and every offset
with it), and the analysis reads it with the furniture blanked out (:func:`blank`), so sentences, entities,
terms and topics never see it.  What was found is the ``furniture`` table; each article's spans are its
``furniture`` column (``"start:end;start:end"``), and the load report counts them.

Both passes run on whole columns (Arrow's string kernels) and one pattern per outlet, not a Python loop
per paragraph: a second or two for the 8,000 AllSides articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import overload

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: Outlets with fewer stories are not searched: three of five articles sharing a line proves little.
MIN_STORIES = 10
#: A line is furniture when it is in at least this share of an outlet's stories (and in three of them).
SHARE = 0.05
MIN_SENTENCE_WORDS = 4
#: The longest paragraph that can be furniture, in characters (and twice it, for one holding a line).
LONGEST = 300
COLUMNS = ["source", "key", "example", "stories", "share"]
_SENTENCE_BREAK = r"[.!?]+[\"”’')\]]*\s+"


def _keys(lines: pa.Array) -> pa.Array:
    """Lines as furniture is compared: lower case, each run of digits as 0, outer white space dropped."""
    return pc.replace_substring_regex(pc.utf8_lower(pc.utf8_trim_whitespace(lines)), r"\d+", "0")


def _lines(texts: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """``(row, line)`` for each short paragraph and each sentence of four words or more of a short paragraph
    (``row``: the text's position), with Arrow's string kernels over the whole column."""
    split = pc.split_pattern(texts, "\n\n")
    paragraphs, rows = pc.list_flatten(split), pc.list_parent_indices(split)
    length = pc.utf8_length(paragraphs)
    short = pc.and_(pc.greater(length, 0), pc.less_equal(length, 2 * LONGEST))
    paragraphs, rows, length = paragraphs.filter(short), rows.filter(short), length.filter(short)
    whole = pc.less_equal(length, LONGEST)
    sentences = pc.split_pattern_regex(paragraphs, _SENTENCE_BREAK)
    several = pc.greater(pc.list_value_length(sentences), 1)
    sentences, sentence_rows = sentences.filter(several), rows.filter(several)
    flat, parent = pc.list_flatten(sentences), pc.list_parent_indices(sentences)
    long_enough = pc.greater_equal(pc.count_substring(flat, " "), MIN_SENTENCE_WORDS - 1)
    flat, parent = flat.filter(long_enough), parent.filter(long_enough)
    lines = pa.concat_arrays([paragraphs.filter(whole), flat])
    row = np.concatenate([rows.filter(whole).to_numpy(), sentence_rows.take(parent).to_numpy()])
    return row, lines


def find_furniture(articles: pd.DataFrame) -> pd.DataFrame:
    """The furniture of each outlet (:data:`COLUMNS`): lines in at least :data:`SHARE` of its stories."""
    if articles.empty:
        return pd.DataFrame(columns=COLUMNS)
    sources = articles["source"].fillna("").to_numpy()
    stories = (articles["story_id"] if "story_id" in articles else articles["doc_id"]).to_numpy()
    per_source = pd.Series(stories).groupby(sources).nunique()
    searched = set(per_source[per_source >= MIN_STORIES].index) - {""}
    if not searched:
        return pd.DataFrame(columns=COLUMNS)
    texts = _arrow_texts(articles["text"])
    groups = pd.Series(np.arange(len(sources))).groupby(sources).groups
    found = [
        _outlet_lines(source, texts.take(pa.array(rows)).combine_chunks(), stories[rows], int(per_source[source]))
        for source, rows in ((s, r.to_numpy()) for s, r in groups.items())
        if source in searched
    ]
    kept = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=COLUMNS)
    kept = kept.astype({"source": "str", "key": "str", "example": "str"})
    return kept.sort_values(["source", "stories"], ascending=[True, False], kind="stable")[COLUMNS].reset_index(
        drop=True
    )


def _arrow_texts(column: pd.Series) -> pa.ChunkedArray:
    """The texts as Arrow strings: the column's own buffers where it is Arrow-backed (pandas' strings).
    Made into a NumPy array, the column became a Python string per article — the whole corpus again
    (+750 MB at the peak of the load of AllSides' 37,554 articles)."""
    array = column.array
    arrow = array.__arrow_array__() if hasattr(array, "__arrow_array__") else pa.array(array.tolist())
    arrow = arrow if isinstance(arrow, pa.ChunkedArray) else pa.chunked_array([arrow])
    return arrow if arrow.type == pa.large_string() else arrow.cast(pa.large_string())


def _outlet_lines(source: str, texts: pa.Array, stories: np.ndarray, n_stories: int) -> pd.DataFrame:
    """One outlet's furniture.  Outlet by outlet, so the lines of only one outlet are held at a time (all of
    AllSides' lines at once cost 400 MB at the peak)."""
    local, lines = _lines(texts)
    found = pd.DataFrame({"story": stories[local], "key": _keys(lines).to_pandas(), "line": np.arange(len(local))})
    found = found.drop_duplicates(["key", "story"])
    counts = found.groupby("key", sort=True).agg(stories=("story", "size"), line=("line", "first")).reset_index()
    # A line with no letter ("2019", "–") is a date or a rule, and as a pattern it would match anywhere.
    has_letter = counts["key"].str.contains(r"[^\W\d_]", regex=True).to_numpy(dtype=bool)
    counts = counts[(counts["stories"] >= 3) & (counts["stories"] / n_stories >= SHARE) & has_letter]
    example = lines.take(pa.array(counts["line"].to_numpy())).to_pandas()
    return pd.DataFrame({
        "source": source, "key": counts["key"].to_numpy(), "example": example.str.strip().str.slice(0, 200).to_numpy(),
        "stories": counts["stories"].to_numpy(), "share": counts["stories"].to_numpy() / n_stories,
    })  # fmt: skip


def _pattern(keys: list[str]) -> re.Pattern[str]:
    """One pattern for an outlet's lines: each key as written, any digits where it has 0, case ignored,
    a sentence's closing punctuation taken with it."""
    parts = sorted((re.escape(k).replace("0", r"\d+") for k in keys), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?:[.!?]+[\"”’')\]]*)?(?!\w)", re.IGNORECASE)


def mark_furniture(articles: pd.DataFrame, table: pd.DataFrame) -> pd.Series:
    """Each article's furniture spans as stored (``"start:end;…"``, empty where none)."""
    out = pd.Series("", index=articles.index, dtype="str")
    if table.empty or articles.empty:
        return out
    sources = articles["source"].fillna("")
    for source, keys in table.groupby("source")["key"]:
        rows = sources.index[(sources == source).to_numpy()]
        if not len(rows):
            continue
        pattern = _pattern(keys.tolist())
        out.loc[rows] = [spans_text(merge([m.span() for m in pattern.finditer(t) if _in_place(t, *m.span())]))
                         for t in articles.loc[rows, "text"]]  # fmt: skip
    return out


_SENTENCE_END_BEFORE = re.compile(r"[.!?][\"”’')\]]*\s+$")


def _in_place(text: str, start: int, end: int) -> bool:
    """Is a match where :func:`_lines` found its line — a whole paragraph, or a whole sentence of a short
    paragraph?  Anywhere else the same words are reporting ("The Washington Post reports", "since 1992")."""
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    before, after = text[para_start:start], text[end:para_end]
    if not before.strip() and not after.strip():
        return True
    if para_end - para_start > 2 * LONGEST:
        return False
    opens = not before.strip() or bool(_SENTENCE_END_BEFORE.search(before))
    closes = not after.strip() or (after[:1].isspace() and text[end - 1] in ".!?\"”’')]")
    return opens and closes


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def spans_text(spans: list[tuple[int, int]]) -> str:
    return ";".join(f"{a}:{b}" for a, b in spans)


def parse_spans(value: object) -> list[tuple[int, int]]:
    if not isinstance(value, str) or not value:
        return []
    return [(int(a), int(b)) for a, b in (part.split(":") for part in value.split(";"))]


def blank(text: str, spans: object) -> str:
    """``text`` with its furniture spans turned to spaces (same length: every offset still holds)."""
    for a, b in parse_spans(spans):
        text = text[:a] + " " * (b - a) + text[b:]
    return text


class AnalysedTexts(Sequence[str]):
    """The articles' text as the stages read it: the outlet's page furniture blanked out (same length,
    so every offset holds in the text as loaded).

    Made per slice when a stage asks — a partition's texts as its task is sent — rather than held as a
    list: a second copy of the corpus as Python strings (UCS-2 wherever a curly quote appears) cost 83 MB
    at 8,000 articles and 400 MB at 37,554.  The articles frame keeps the only whole copy.  Without a
    ``furniture`` column (while loading, before it is found) these are the texts as loaded.
    """

    _CHUNK = 1000  # articles converted at a time when iterated

    def __init__(self, articles: pd.DataFrame) -> None:
        self._text = articles["text"]
        self._furniture = articles.get("furniture")

    def __len__(self) -> int:
        return len(self._text)

    def _slice(self, start: int, stop: int) -> list[str]:
        texts = self._text.iloc[start:stop].tolist()
        if self._furniture is None:
            return texts
        return [blank(t, f) for t, f in zip(texts, self._furniture.iloc[start:stop].tolist(), strict=True)]

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            positions = range(len(self))[index]
            if not positions:
                return []
            if positions.step == 1:
                return self._slice(positions.start, positions.stop)
            lo, hi = min(positions[0], positions[-1]), max(positions[0], positions[-1]) + 1
            block = self._slice(lo, hi)  # one conversion, then the positions asked for, in their order
            return [block[p - lo] for p in positions]
        position = range(len(self))[index]
        return self._slice(position, position + 1)[0]

    def __iter__(self) -> Iterator[str]:
        for start in range(0, len(self), self._CHUNK):
            yield from self._slice(start, start + self._CHUNK)
