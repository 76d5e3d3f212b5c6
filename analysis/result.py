"""An analysed corpus as tidy frames, and how it is written to and read from Parquet.

Kept apart from the pipeline so that reopening a stored analysis imports pandas and pyarrow only, not
scikit-learn: the dashboard's cold start and the store's reopen time depend on it.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.text_file import TextFile, read_texts, readable_text_file, write_text_file

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


#: Rows per row group of ``articles.parquet``: a reader takes one article's text by decoding its row group
#: (a few MB of text at news lengths), not the whole corpus's (220 MB for AllSides' 37,554 articles).
ARTICLE_ROWS = 500
#: The codec of the articles' text: LZ4 decodes about five times faster than Snappy here (the text of 55
#: row groups of AllSides' 37,554 articles, which one page's evidence sentences span: 0.10 s against 0.51 s,
#: one core) for the same size on disk (142 MB against 139 MB).
TEXT_CODEC = "lz4"


def _article_options(columns: Iterable[str]) -> dict[str, object]:
    """How ``articles.parquet`` is written: row groups of :data:`ARTICLE_ROWS`, the text in
    :data:`TEXT_CODEC` without a dictionary (articles are all different: a dictionary page is built, found
    too large and abandoned, and a reader decodes both), every other column as pandas writes it."""
    columns = list(columns)
    return {
        "row_group_size": ARTICLE_ROWS,
        "compression": {c: TEXT_CODEC if c == "text" else "snappy" for c in columns},
        "use_dictionary": [c for c in columns if c != "text"],
    }


#: Row groups a read of left-out columns asks pyarrow for at once: a few MB of text each.
GROUPS_AT_ONCE = 4
#: Tables only the build reads (an upload's analysis reuses them from the stores in the cache): a lean
#: open (:meth:`Analysis.load` with ``lean=True``) does not read them.
BUILD_ONLY = ("mentions",)
#: Tables a lean open leaves on disk: read whole when asked for (:meth:`Analysis.table`), never kept.
ON_DEMAND = ("term_counts",)
#: Columns a lean open leaves on disk, per table: the long texts, read for the rows a page shows
#: (:meth:`Analysis.column`, :meth:`Analysis.text_batches`), and columns no page draws, which a download
#: reads back (:meth:`Analysis.stored_rows`).  With AllSides' 37,554 articles they are 380 MB of 1.35 GB.
LEFT_ON_DISK = {
    "articles": ("text",),
    "sentences": ("pos", "neu", "neg"),
    "entities": ("mention",),
    "quotes": ("text", "source_text", "cue", "speaker_in_article"),
}
#: Columns a lean open holds dictionary-encoded (pandas categoricals, categories sorted, so they sort as
#: the strings do): ids and names repeated over millions of rows, and few-valued labels.  Each group of
#: columns shares one set of categories across its tables (a ``doc_id`` of the entities and one of the
#: sentences compare, merge and ``isin`` as the same values).  With AllSides' 37,554 articles they are
#: about 400 MB as strings and 70 MB as codes; :func:`decoded` gives the frames as a full read holds them.
ENCODED = {
    "doc_id": (("sentences", "doc_id"), ("entities", "doc_id"), ("entity_sentiment", "doc_id"),
               ("quotes", "doc_id"), ("keywords", "doc_id")),
    "entity": (("entities", "entity"), ("entity_sentiment", "entity")),
    "type": (("entities", "type"), ("entity_sentiment", "type")),
    "label": (("entity_sentiment", "label"),),
    "kind": (("quotes", "kind"),),
}  # fmt: skip


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
        written = self.__dict__.get("written", {})
        if name in written:
            raise AttributeError(
                f"{name} was written to {written[name]}, not held: Analysis.load the store it was saved to"
            )
        raise AttributeError(name)

    def memo(self, name: str, compute: Callable[[], T]) -> T:
        """A value derived from the frames, computed once per analysis: the frames never change after
        the analysis, and the dashboard asks for the same derived tables on every rerun."""
        cache = self.__dict__.setdefault("_memo", {})
        if name not in cache:
            cache[name] = compute()
        return cache[name]

    def save(self, directory: str | Path, reuse: str | Path | None = None) -> Path:
        """Write each frame as ``<name>.parquet`` — a folder of parts for the :data:`PARTITIONED` tables —
        and ``meta.json``; returns the directory.  A table of an earlier save in the same place is
        replaced whole (a folder left with parts of another build would read as one table).

        ``reuse``: the store this analysis grew from (:mod:`analysis.append`).  A table whose first rows
        are that store's table unchanged (``stored_prefix``: rows per table) links the stored part files
        instead of writing them again, and only its new rows become new parts.
        """
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        prefixes: dict[str, int] = self.__dict__.get("stored_prefix", {}) if reuse is not None else {}
        for name, frame in self.frames.items():
            target = directory / f"{name}.parquet"
            if name not in PARTITIONED:
                _remove(target)
                frame.to_parquet(target, index=False, **(_article_options(frame.columns) if name == "articles" else {}))
                if name == "articles":
                    write_text_file(directory, frame)
                continue
            partial = directory / f".{name}.parquet.partial"
            _remove(partial)
            partial.mkdir()
            linked = _link_parts(Path(reuse) / f"{name}.parquet", partial, prefixes[name]) if name in prefixes else 0
            rest = frame.iloc[prefixes[name] :] if linked else frame
            if len(rest) or not linked:
                write_parts(partial, rest, self._part_labels(name, rest), first=linked)
            _remove(target)
            partial.rename(target)
        saved = self.__dict__.setdefault("saved_written", set())
        for name, folder in self.written.items():  # written by the build as it went (analysis.tables)
            target = directory / f"{name}.parquet"
            if folder.resolve() == target.resolve():
                saved.add(name)  # the store it was written in: later saves link its parts
                continue
            _remove(target)
            if name in saved:  # a store's table already: that store keeps it, this one links its parts
                target.mkdir()
                _link_parts(folder, target, None)
            else:  # out of the build's folder, into the first store it is saved to
                shutil.move(folder, target)
                self.written[name] = target
                saved.add(name)
        for name in self.model_names():
            arrays = self.model(name)
            if arrays:
                np.savez(directory / f"{name}.npz", **arrays)
        (directory / "meta.json").write_text(json.dumps(self.meta, indent=2, default=str))
        return directory

    def replaced(self, frames: dict[str, pd.DataFrame], meta: dict[str, object] | None = None) -> Analysis:
        """This analysis with other frames (and meta), keeping its models and where they are stored."""
        other = Analysis(frames=frames, meta=self.meta if meta is None else meta, models=self.models)
        if "stored" in self.__dict__:
            other.__dict__["stored"] = self.__dict__["stored"]
        prefix = self.__dict__.get("stored_prefix", {})
        # A table's stored rows still come first where the table is the very same frame.
        other.__dict__["stored_prefix"] = {n: rows for n, rows in prefix.items() if frames.get(n) is self.frames.get(n)}
        other.written.update({n: path for n, path in self.written.items() if n not in frames})
        return other

    def whole(self) -> Analysis:
        """This analysis with every table and column held: itself, or — after a lean open — read again in
        full from its store (growing it reads every per-article table, text included)."""
        stored = self._stored()
        lean = stored.on_demand or any(t.left_out for t in stored.tables.values())
        missing = any(name not in self.frames for name in self.meta.get("frames", ()))
        if not (lean or missing):
            return self
        whole = Analysis.load(stored.directory)
        whole.meta = self.meta
        return whole

    @property
    def written(self) -> dict[str, Path]:
        """Tables the build wrote to disk as it went instead of holding them (:mod:`analysis.tables`):
        each one's folder of part files, which :meth:`save` moves into the store."""
        return self.__dict__.setdefault("written", {})

    @property
    def home(self) -> Path | None:
        """The store this analysis was read from (None for one computed in this process)."""
        stored = self.__dict__.get("stored")
        return stored.directory if stored is not None else None

    def model_names(self) -> list[str]:
        """The models this analysis holds, in memory or in the folder it was read from."""
        home = self.home
        stored = [p.stem for p in home.glob("*.npz")] if home is not None else []
        return sorted({*self.models, *stored})

    def model(self, name: str) -> dict[str, np.ndarray]:
        """A fitted model's arrays ({} if there is none): from memory, else read from the store it came
        from (the dashboard never needs them, so a reopened store does not read them)."""
        if name not in self.models:
            home = self.home
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
        return partition_labels(name, frame, articles["doc_id"], step)

    @classmethod
    def load(cls, directory: str | Path, lean: bool = False) -> Analysis:
        """Read an analysis written by :meth:`save` (raises if any part is missing or unreadable).

        ``lean``: read what the dashboard reads, for a store too big to hold whole — not the
        :data:`BUILD_ONLY` tables, not the :data:`ON_DEMAND` ones (:meth:`table` reads them when asked),
        and the articles without their text, which :meth:`texts` and :meth:`text_batches` read from the
        file on demand (unless the file's row groups are too large for that, as in stores written before
        :data:`ARTICLE_ROWS`: then the text is held).  The frames held are the same as a full read's.
        """
        directory = Path(directory)
        meta = json.loads((directory / "meta.json").read_text())
        skipped = (*BUILD_ONLY, *ON_DEMAND) if lean else ()
        frames, tables = {}, {}
        for name in meta["frames"]:
            path = directory / f"{name}.parquet"
            if name in skipped:
                continue
            stored = StoredTable.of(path, LEFT_ON_DISK.get(name, ())) if lean and name in LEFT_ON_DISK else None
            if stored is None:
                frames[name] = _read_encoded(name, path, None) if lean else pd.read_parquet(path)
                continue
            tables[name] = stored
            frames[name] = _read_encoded(name, path, [c for c in stored.columns if c not in stored.left_out])
        if lean:
            _share_categories(frames)
        analysis = cls(frames=frames, meta=meta)
        on_demand = tuple(n for n in ON_DEMAND if n in skipped and n in meta["frames"])
        text_file = None
        if "articles" in tables and "text" in tables["articles"].left_out:
            text_file = readable_text_file(directory, frames["articles"]["doc_id"])
        analysis.__dict__["stored"] = Stored(directory, tables, on_demand, text_file)  # also where its models are
        return analysis

    # ------------------------------------------------------------------ what a lean open left on disk

    def _stored(self) -> Stored:
        return self.__dict__.get("stored") or Stored(Path(), {}, ())

    def table(self, name: str) -> pd.DataFrame:
        """Frame ``name``: the one held, else read from the store (an :data:`ON_DEMAND` table of a lean
        open), not kept — the caller keeps what it derives (the term matrix, a few MB denser)."""
        if name in self.frames:
            return self.frames[name]
        stored = self._stored()
        if name in stored.on_demand:
            return single_chunks(pd.read_parquet(stored.directory / f"{name}.parquet"))
        raise KeyError(name)

    def has_table(self, name: str) -> bool:
        """Whether :meth:`table` can give frame ``name`` (held, or left on disk by a lean open)."""
        return name in self.frames or name in self._stored().on_demand

    def left_out(self, name: str) -> tuple[str, ...]:
        """The columns of frame ``name`` a lean open left on disk (none for a frame held whole)."""
        table = self._stored().tables.get(name)
        return table.left_out if table is not None else ()

    @property
    def text_on_demand(self) -> bool:
        """Whether the articles' text is read from the store when asked for, rather than held."""
        return "text" in self.left_out("articles")

    def stored_rows(self, name: str, rows: np.ndarray) -> pd.DataFrame:
        """Rows ``rows`` (positions in the frame, ascending) of frame ``name`` with every column a full read
        holds, in its order: the held columns from the frame, the ones a lean open left on disk read back —
        a download's table, the same as a full read's rows.  The articles' columns are the corpus's as it
        is now, joined on reopening (one added or moved since the build is where a full read has it),
        the text put back where the store has it; the other frames' are the store's.  Indexed by the
        positions."""
        rows = np.asarray(rows, dtype=np.int64)
        frame = self.frames[name].iloc[rows]
        table = self._stored().tables.get(name)
        left = self.left_out(name)
        if table is None or not left:
            return frame
        parts = [piece for _, piece in table.batches(rows, list(left))]
        read = single_chunks((pa.concat_tables(parts) if parts else table.empty(list(left))).to_pandas())
        frame = frame.copy(deep=False)
        for column in left:
            frame[column] = read[column].set_axis(frame.index)
        stored = list(table.columns)
        if name == "articles":  # the corpus's current columns in its current order (with_articles), as a
            order = [c for c in frame.columns if c not in left]  # full read has them; the left out where stored
            for column in (c for c in stored if c in left):
                later = next((c for c in stored[stored.index(column) + 1 :] if c in order), None)
                order.insert(order.index(later) if later is not None else len(order), column)
        else:  # the stored order (a share-safe view holds its own redacted columns last)
            order = [c for c in stored if c in frame.columns]
            order += [c for c in frame.columns if c not in order]
        return frame[order]

    def reading(self, stored: Stored) -> Analysis:
        """This analysis, its left-out columns read from ``stored`` (a view made of a lean analysis's
        frames, such as the share-safe one, reads them where that one does); returns it."""
        self.__dict__["stored"] = stored
        return self

    def without_stored(self, columns: dict[str, tuple[str, ...]]) -> Stored:
        """What this analysis left on disk, less ``columns`` (per frame) that a view holds its own of."""
        stored = self._stored()
        tables = dict(stored.tables)
        for name, own in columns.items():
            table = tables.pop(name, None)
            kept = tuple(c for c in table.left_out if c not in own) if table is not None else ()
            if kept:
                tables[name] = StoredTable(table.pieces, table.bounds, table.schema, kept)
                tables[name].footers = table.footers
        articles = tables.get("articles")
        text_file = stored.text_file if articles is not None and "text" in articles.left_out else None
        return Stored(stored.directory, tables, stored.on_demand, text_file)  # no text file for a view's own text

    def column(self, name: str, column: str, rows: np.ndarray) -> pd.Series:
        """Column ``column`` of frame ``name`` at ``rows`` (positions, ascending), held or read."""
        rows = np.asarray(rows, dtype=np.int64)
        if column in self.frames[name].columns:
            return self.frames[name][column].iloc[rows]
        table = self._stored().tables[name]
        parts = [piece for _, piece in table.batches(rows, [column])]
        read = pa.concat_tables(parts) if parts else table.empty([column])
        return single_chunks(read.to_pandas())[column].set_axis(pd.Index(rows))

    def row_index(self) -> pd.Index:
        """The articles' ``doc_id`` as an index whose positions are their rows, built once and kept: every
        look-up of ids goes through it rather than hashing strings again."""
        return self.memo("rows_by_doc_id", lambda: pd.Index(self.articles["doc_id"].to_numpy()))

    def positions(self, doc_ids: pd.Series | pd.Categorical | list[str] | np.ndarray) -> np.ndarray:
        """The rows of ``articles`` holding ``doc_ids`` (unknown ids left out), ascending, each once."""
        index = self.row_index()
        if isinstance(getattr(doc_ids, "dtype", None), pd.CategoricalDtype):  # a lean store's codes
            codes = np.unique(np.asarray(doc_ids.codes if isinstance(doc_ids, pd.Categorical) else doc_ids.cat.codes))
            wanted = doc_ids.categories if isinstance(doc_ids, pd.Categorical) else doc_ids.cat.categories
            found = index.get_indexer(wanted.take(codes[codes >= 0]))
        else:
            found = index.get_indexer(pd.unique(pd.Series(doc_ids, dtype="str")))
        return np.unique(found[found >= 0])

    def category_rows(self, categories: pd.Index) -> np.ndarray:
        """The row in ``articles`` of each of a lean store's ``doc_id`` categories (−1: none), kept for the
        categories last asked for: the tables share one set, and looking up 37,554 Arrow strings again
        costs 40 ms on each filter change."""
        held = self.memo("category_rows", dict)
        pair = held.get("last")  # one tuple, swapped whole: sessions share the analysis across threads
        if pair is None or pair[0] is not categories:
            pair = held["last"] = (categories, self.row_index().get_indexer(categories))
        return pair[1]

    def rows_for(self, doc_ids: pd.Series) -> np.ndarray:
        """The row in ``articles`` of each of ``doc_ids``, in their order, repeats kept (−1: an id not in the
        analysis) — :meth:`positions` without the sorting and the dropping."""
        if isinstance(doc_ids.dtype, pd.CategoricalDtype):
            return np.append(self.category_rows(doc_ids.cat.categories), -1)[doc_ids.cat.codes.to_numpy()]
        return self.row_index().get_indexer(pd.Index(doc_ids.to_numpy()))

    def texts(self, rows: np.ndarray) -> list[str]:
        """The text of the articles at ``rows`` (positions in ``articles``, ascending), in that order."""
        rows = np.asarray(rows, dtype=np.int64)
        text_file = self._stored().text_file if self.text_on_demand else None
        read = read_texts(text_file, rows) if text_file is not None else None
        if read is not None:
            return read
        out: list[str] = []
        for _, column in self.text_batches(rows):
            out += column.to_pylist()
        return out

    def text_batches(self, rows: np.ndarray | None = None) -> Iterator[tuple[np.ndarray, pa.Array]]:
        """``(rows, texts)`` for the articles at ``rows`` (ascending positions; default all) in pieces of at
        most one row group, in row order: a scan over the text holds one piece at a time."""
        if self.text_on_demand:
            for wanted, piece in self._stored().tables["articles"].batches(rows, ["text"]):
                yield wanted, piece.column(0).combine_chunks()
            return
        column = self.articles["text"]
        chosen = np.arange(len(column)) if rows is None else np.asarray(rows, dtype=np.int64)
        for start in range(0, len(chosen), ARTICLE_ROWS):
            piece = chosen[start : start + ARTICLE_ROWS]
            yield piece, pa.array(column.iloc[piece].array, type=pa.large_string())


@dataclass(frozen=True)
class Stored:
    """Where a lean open (:meth:`Analysis.load`) left what it did not read."""

    directory: Path
    tables: dict[str, StoredTable]
    on_demand: tuple[str, ...]
    text_file: TextFile | None = None  # the articles' text for reading a few at a time (analysis.text_file)


class StoredTable:
    """A stored table as its (file, row group) pieces, in the order a full read returns its rows: some of
    its columns read for the rows asked for, decoding only the row groups that hold them."""

    def __init__(
        self, pieces: list[tuple[Path, int]], bounds: np.ndarray, schema: pa.Schema, left_out: tuple[str, ...]
    ):
        self.pieces, self.bounds, self.schema, self.left_out = pieces, bounds, schema, left_out
        self.footers: dict[Path, pq.FileMetaData] = {}  # each file's, read once at the open

    @property
    def columns(self) -> list[str]:
        return list(self.schema.names)

    @classmethod
    def of(cls, path: Path, left_out: tuple[str, ...]) -> StoredTable | None:
        """The table at ``path`` (a file, or a folder of part files read in name order, as pyarrow reads
        it), with ``left_out`` not held; None when none of them is stored, or when a row group is so
        large (an ``articles.parquet`` written before :data:`ARTICLE_ROWS`) that reading one article's
        text would decode most of the corpus."""
        files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
        pieces, sizes, schema, footers = [], [], None, {}
        for file in files:
            meta = footers[file] = pq.ParquetFile(file).metadata
            schema = schema or meta.schema.to_arrow_schema()
            pieces += [(file, g) for g in range(meta.num_row_groups)]
            sizes += [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]
        left_out = tuple(c for c in left_out if schema is not None and c in schema.names)
        if not left_out or (path.name == "articles.parquet" and max(sizes, default=0) > 2 * ARTICLE_ROWS):
            return None
        table = cls(pieces, np.cumsum([0, *sizes]), schema, left_out)
        table.footers = footers
        return table

    def empty(self, columns: list[str] | None) -> pa.Table:
        schema = self.schema if columns is None else pa.schema([self.schema.field(c) for c in columns])
        return schema.empty_table()

    def batches(
        self, rows: np.ndarray | None = None, columns: list[str] | None = None
    ) -> Iterator[tuple[np.ndarray, pa.Table]]:
        """``(rows, table)`` per row group holding any of ``rows`` (ascending; default all).

        The row groups wanted are decoded :data:`GROUPS_AT_ONCE` at a time, on this thread, and yielded one
        row group at a time.  Not on pyarrow's threads: with the text in LZ4 its thread pool cost more than it
        gained (the 55 row groups of one page's evidence: 0.13–0.15 s on one thread, 0.18–0.26 s threaded,
        alternating runs on this 2-core machine), and a dashboard's sessions already read in threads of
        their own."""
        files: dict[Path, pq.ParquetFile] = {}  # per scan: scans of several sessions run in several threads
        wanted_groups = []
        for n, (path, group) in enumerate(self.pieces):
            low, high = int(self.bounds[n]), int(self.bounds[n + 1])
            if rows is None:
                wanted = np.arange(low, high)
            else:
                first, last = np.searchsorted(rows, [low, high])
                wanted = rows[first:last]
                if not len(wanted):
                    continue
            wanted_groups.append((path, group, low, high, wanted))
        for start in range(0, len(wanted_groups), GROUPS_AT_ONCE):
            chunk = wanted_groups[start : start + GROUPS_AT_ONCE]
            by_file: dict[Path, list[int]] = {}
            for path, group, *_ in chunk:
                by_file.setdefault(path, []).append(group)
            read = {}
            for path, groups in by_file.items():
                if path not in files:  # opened once per scan, its footer not parsed again (3 ms for the articles)
                    files[path] = pq.ParquetFile(path, metadata=self.footers.get(path))
                file = files[path]
                table = file.read_row_groups(groups, columns=columns, use_threads=False)
                offset = 0
                for group in groups:
                    size = file.metadata.row_group(group).num_rows
                    read[path, group] = table.slice(offset, size)
                    offset += size
            for path, group, low, high, wanted in chunk:
                piece = read.pop((path, group))
                if len(wanted) < high - low:
                    piece = piece.take(pa.array(wanted - low))
                yield wanted, piece


def _read_encoded(name: str, path: Path, columns: list[str] | None) -> pd.DataFrame:
    """``columns`` (default all) of the table at ``path``, its :data:`ENCODED` ones read as dictionaries
    (categoricals straight from the Parquet dictionary pages: the strings are never held one per row)."""
    encoded = sorted({c for cols in ENCODED.values() for t, c in cols if t == name})
    return pd.read_parquet(path, columns=columns, read_dictionary=encoded or None)


def _share_categories(frames: dict[str, pd.DataFrame]) -> None:
    """Give each group of :data:`ENCODED` columns one sorted set of categories (in place)."""
    for group, columns in ENCODED.items():
        held = [(t, c) for t, c in columns if t in frames and isinstance(frames[t].get(c), pd.Series)]
        held = [(t, c) for t, c in held if isinstance(frames[t][c].dtype, pd.CategoricalDtype)]
        if not held:
            continue
        values = pd.Index([])
        for table, column in held:
            values = values.union(frames[table][column].cat.categories, sort=False)
        if group == "doc_id" and "articles" in frames:
            values = values.union(pd.Index(frames["articles"]["doc_id"].dropna().unique()), sort=False)
        dtype = pd.CategoricalDtype(pd.Index(np.sort(values.to_numpy(dtype=object)), dtype="str"))
        for table, column in held:
            frame = frames[table]
            shared = frame[column].cat.set_categories(dtype.categories)
            codes = shared.cat.codes.to_numpy()
            if np.iinfo(codes.dtype).max < len(dtype.categories):
                # pandas 3.1 keeps an empty column's int8 codes under more than 127 categories, and then a
                # comparison with an id past them overflows; made again, the codes are wide enough.
                shared = pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=shared.index, name=column)
            frame[column] = shared


def decoded(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its categorical columns (a lean open's :data:`ENCODED` ones) as strings again."""
    cats = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    if not cats:
        return frame
    return frame.assign(**{c: frame[c].astype("str") for c in cats})


def value_counts(series: pd.Series) -> pd.Series:
    """``series.value_counts()`` as the strings give it, also for a categorical: a categorical's own lists
    its unused categories (as zeros) and breaks ties in category order, not in order of first appearance."""
    if not isinstance(series.dtype, pd.CategoricalDtype):
        return series.value_counts()
    codes = pd.Series(series.cat.codes.to_numpy())
    counted = codes[codes >= 0].value_counts()
    index = pd.Index(series.cat.categories.take(counted.index.to_numpy()), name=series.name)
    return pd.Series(counted.to_numpy(), index=index, name="count")


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


def partition_labels(name: str, frame: pd.DataFrame, doc_ids: pd.Series, step: int) -> np.ndarray:
    """The build partition of each row of table ``name``: the articles at rows ``[p * step, (p + 1) *
    step)`` of ``doc_ids`` (the ``articles`` frame's order) were partition ``p``; -1 for an unknown id."""
    if name == "term_counts":  # its rows point into the articles by position
        return frame["row"].to_numpy(dtype=np.int64) // step
    part_of = pd.Series(np.arange(len(doc_ids), dtype=np.int64) // step, index=doc_ids.to_numpy())
    return frame["doc_id"].map(part_of).fillna(-1).to_numpy(dtype=np.int64)


def write_parts(folder: Path, frame: pd.DataFrame, labels: np.ndarray, first: int = 0) -> list[Path]:
    """``frame`` as part files ``part-NNNNN.parquet`` of ``folder`` (numbered from ``first``), cut where its
    rows' partition ``labels`` change (:func:`part_bounds`); returns the files written, in order."""
    files = []
    for n, (start, end) in enumerate(part_bounds(labels), start=first):
        files.append(folder / f"part-{n:05d}.parquet")
        frame.iloc[start:end].to_parquet(files[-1], index=False)
    return files


def _link_parts(stored: Path, into: Path, rows: int | None) -> int:
    """Hard-link (else copy) the part files of ``stored`` into ``into`` when they hold exactly ``rows``
    rows (``None``: whatever they hold); returns how many were linked (0: nothing reusable, the caller
    writes the table whole)."""
    if not stored.is_dir():
        return 0
    parts = sorted(stored.glob("part-*.parquet"))
    if not parts or (rows is not None and sum(pq.ParquetFile(p).metadata.num_rows for p in parts) != rows):
        return 0
    for part in parts:
        try:
            os.link(part, into / part.name)
        except OSError:  # another file system, or links not allowed
            shutil.copy2(part, into / part.name)
    return len(parts)


def _remove(path: Path) -> None:
    """A file or a folder of parts, gone (nothing if absent)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
