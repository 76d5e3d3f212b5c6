"""An analysed corpus as tidy frames, and how it is written to and read from Parquet.

Kept apart from the pipeline so that reopening a stored analysis imports pandas and pyarrow only, not
scikit-learn: the dashboard's cold start and the store's reopen time depend on it.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd

T = TypeVar("T")
_SERIALS = itertools.count(1)
#: Columns the analysis adds to ``articles`` (the tone of each article).
ANALYSIS_ARTICLE_COLUMNS = ("tone", "share_negative", "share_positive", "tone_reporter", "tone_quoted")
#: What a new analysis may reuse of a stored one for articles with the same text (see
#: :mod:`analysis.pipeline`), and the quotes' column naming the speaker as the article does, before names
#: are merged across the corpus.
REUSED = ("sentences", "mentions", "quotes")
IN_ARTICLE = "speaker_in_article"
FRAMES = (
    "articles",
    "sentences",
    "entities",
    "entity_sentiment",
    "quotes",
    "keywords",
    "corpus_keywords",
    "themes",
    "topics",
    "topic_terms",
    "doc_topics",
    "passages",
    "term_counts",
    "vocabulary",
    "mentions",
)


def single_chunks(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each Arrow-backed column (pandas' strings) held in one contiguous chunk.

    A Parquet read or a concat leaves a column in several chunks, and pyarrow's ``take`` — behind every
    boolean filter of the frame — first concatenates them: picking one article's 50 sentences out of the
    AllSides sentences cost a transient copy of all 50 MB of their text, on every rerun of a page.
    Concatenated once here, a filter copies only the rows it keeps.
    """
    chunked = [
        name
        for name in frame.columns
        if hasattr(frame[name].array, "__arrow_array__")
        and getattr(frame[name].array.__arrow_array__(), "num_chunks", 1) > 1
    ]
    if not chunked:
        return frame
    frame = frame.copy(deep=False)
    for name in chunked:  # one column at a time, so the peak is one extra column, not the frame
        column = frame[name]
        frame[name] = pd.Series(
            pd.array(column.array.__arrow_array__().combine_chunks(), dtype=column.dtype), index=column.index, name=name
        )
    return frame


@dataclass
class Analysis:
    """The tidy frames of one analysed corpus, plus what produced them (``meta``)."""

    frames: dict[str, pd.DataFrame]
    meta: dict[str, object]

    def __post_init__(self) -> None:
        self.frames = {name: single_chunks(frame) for name, frame in self.frames.items()}
        # A serial number of this object: caches of what is derived from an analysis are keyed by it, so
        # a store rebuilt in place (same articles, new tables) is never served from the old one's cache.
        self.__dict__["serial"] = next(_SERIALS)

    def __getattr__(self, name: str) -> pd.DataFrame:
        frames = self.__dict__.get("frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(name)

    def memo(self, name: str, compute: Callable[[], T]) -> T:
        """A value derived from the frames, computed once per analysis: the frames never change after
        the analysis, and the dashboard asks for the same derived tables on every rerun."""
        cache = self.__dict__.setdefault("_memo", {})
        if name not in cache:
            cache[name] = compute()
        return cache[name]

    def save(self, directory: str | Path) -> Path:
        """Write each frame as ``<name>.parquet`` and ``meta.json``; returns the directory."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        for name, frame in self.frames.items():
            frame.to_parquet(directory / f"{name}.parquet", index=False)
        (directory / "meta.json").write_text(json.dumps(self.meta, indent=2, default=str))
        return directory

    @classmethod
    def load(cls, directory: str | Path) -> Analysis:
        """Read an analysis written by :meth:`save` (raises if any part is missing or unreadable)."""
        directory = Path(directory)
        meta = json.loads((directory / "meta.json").read_text())
        frames = {name: pd.read_parquet(directory / f"{name}.parquet") for name in meta["frames"]}
        return cls(frames=frames, meta=meta)
