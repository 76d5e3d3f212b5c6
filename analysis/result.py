"""An analysed corpus as tidy frames, and how it is written to and read from Parquet.

Kept apart from the pipeline so that reopening a stored analysis imports pandas and pyarrow only, not
scikit-learn: the dashboard's cold start and the store's reopen time depend on it.
"""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np
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

#: Tables that grow with the corpus (rows per sentence, mention, quote, keyword or term count): each is
#: written as a folder ``<name>.parquet/`` of part files, one per build partition, so that writing them
#: never converts a whole table at once and a reader can take one partition's rows (pyarrow datasets,
#: DuckDB or polars over ``<name>.parquet/*.parquet``) — while ``pd.read_parquet("<name>.parquet")``
#: still reads the table whole.  The others (the articles, topics, vocabulary …) stay single files.
PARTITIONED = (
    "sentences",
    "entities",
    "entity_sentiment",
    "quotes",
    "keywords",
    "doc_topics",
    "term_counts",
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
    #: Fitted models as named arrays (``topic_model``: what places new articles in the topics), written
    #: as ``<name>.npz`` beside the frames and read back only when asked for (:meth:`model`).
    models: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)

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
        """Write each frame as ``<name>.parquet`` — a folder of parts for the :data:`PARTITIONED` tables —
        and ``meta.json``; returns the directory.  A table of an earlier save in the same place is
        replaced whole (a folder left with parts of another build would read as one table)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        for name, frame in self.frames.items():
            target = directory / f"{name}.parquet"
            if name not in PARTITIONED:
                _remove(target)
                frame.to_parquet(target, index=False)
                continue
            partial = directory / f".{name}.parquet.partial"
            _remove(partial)
            partial.mkdir()
            for n, (start, end) in enumerate(part_bounds(self._part_labels(name, frame))):
                frame.iloc[start:end].to_parquet(partial / f"part-{n:05d}.parquet", index=False)
            _remove(target)
            partial.rename(target)
        for name in self.model_names():
            arrays = self.model(name)
            if arrays:
                np.savez(directory / f"{name}.npz", **arrays)
        (directory / "meta.json").write_text(json.dumps(self.meta, indent=2, default=str))
        return directory

    def replaced(self, frames: dict[str, pd.DataFrame], meta: dict[str, object] | None = None) -> Analysis:
        """This analysis with other frames (and meta), keeping its models and where they are stored."""
        other = Analysis(frames=frames, meta=self.meta if meta is None else meta, models=self.models)
        if "_home" in self.__dict__:
            other.__dict__["_home"] = self.__dict__["_home"]
        return other

    def model_names(self) -> list[str]:
        """The models this analysis holds, in memory or in the folder it was read from."""
        home = self.__dict__.get("_home")
        stored = [p.stem for p in home.glob("*.npz")] if home is not None else []
        return sorted({*self.models, *stored})

    def model(self, name: str) -> dict[str, np.ndarray]:
        """A fitted model's arrays ({} if there is none): from memory, else read from the store it came
        from (the dashboard never needs them, so a reopened store does not read them)."""
        if name not in self.models:
            home = self.__dict__.get("_home")
            path = home / f"{name}.npz" if home is not None else None
            if path is None or not path.is_file():
                return {}
            with np.load(path, allow_pickle=False) as stored:
                self.models[name] = {key: stored[key] for key in stored.files}
        return self.models[name]

    def _part_labels(self, name: str, frame: pd.DataFrame) -> np.ndarray:
        """The build partition of each row of ``frame``: articles ``[p * step, (p + 1) * step)`` of the
        ``articles`` frame were partition ``p`` (``meta["partition_articles"]``); without that record, or
        without the articles, all rows are one part."""
        step = self.meta.get("partition_articles")
        articles = self.frames.get("articles")
        if not isinstance(step, int) or step < 1 or articles is None:
            return np.zeros(len(frame), dtype=np.int64)
        if name == "term_counts":  # its rows point into the articles by position
            return frame["row"].to_numpy(dtype=np.int64) // step
        part_of = pd.Series(np.arange(len(articles), dtype=np.int64) // step, index=articles["doc_id"].to_numpy())
        labels = frame["doc_id"].map(part_of)
        return labels.fillna(-1).to_numpy(dtype=np.int64)

    @classmethod
    def load(cls, directory: str | Path) -> Analysis:
        """Read an analysis written by :meth:`save` (raises if any part is missing or unreadable)."""
        directory = Path(directory)
        meta = json.loads((directory / "meta.json").read_text())
        frames = {name: pd.read_parquet(directory / f"{name}.parquet") for name in meta["frames"]}
        loaded = cls(frames=frames, meta=meta)
        loaded.__dict__["_home"] = directory
        return loaded


def part_bounds(labels: np.ndarray) -> list[tuple[int, int]]:
    """Row ranges ``[start, end)`` of the part files of a table whose rows have these partition labels.

    The parts must be contiguous ranges in row order, since a folder is read back part after part: a
    table in partition order (as the build makes them) gets one part per partition it has rows in.  Rows
    out of that order (articles reused from an earlier store come last) would cut the table into many
    small runs, so then it is cut into as many parts of equal rows as it has partitions instead.  An
    empty table is one empty part, which keeps its columns and types.
    """
    n = len(labels)
    if n == 0:
        return [(0, 0)]
    cuts = np.flatnonzero(labels[1:] != labels[:-1]) + 1
    starts, ends = np.r_[0, cuts], np.r_[cuts, n]
    distinct = len(np.unique(labels))
    if len(starts) > distinct:
        edges = np.linspace(0, n, distinct + 1).round().astype(np.int64)
        starts, ends = edges[:-1], edges[1:]
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]


def _remove(path: Path) -> None:
    """A file or a folder of parts, gone (nothing if absent)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
