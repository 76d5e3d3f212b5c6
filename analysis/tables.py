"""Where the build keeps each finished per-article table until the store is written.

Held in memory (:class:`HeldTables`) for an analysis whose caller wants the frames back; for a build that
writes a store, written to the store's folder as soon as it is final (:class:`WrittenTables`), as the
part files :meth:`analysis.result.Analysis.save` would write — one per build partition — and read back a
partition at a time by the stage that needs it again (entity sentiment reads its partition's entities and
sentences from one file each).

Why: the per-article tables of AllSides' 37,554 articles are about 1.1 GB of frames, which the main
process held from the end of the per-article stage until the store was written — under the corpus-level
fits, whose own scratch landed on top.  Written at once, they cost the process nothing meanwhile.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.result import partition_labels, write_parts

_NONE = np.zeros(0, dtype=np.int64)


def _rows_by_doc(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    return frame.groupby("doc_id", sort=False).indices if len(frame) else {}


def _take(frame: pd.DataFrame, by_doc: dict[str, np.ndarray], doc_ids: Sequence[str]) -> pd.DataFrame:
    found = [by_doc.get(d, _NONE) for d in doc_ids]
    return frame.iloc[np.concatenate(found) if found else _NONE].reset_index(drop=True)


def in_article_order(frame: pd.DataFrame, doc_ids: Sequence[str]) -> pd.DataFrame:
    """The rows of ``frame`` for ``doc_ids``: article after article in that order, each article's rows in
    the frame's order, indexed from 0 — what a partition's task gets, wherever the table is kept."""
    return _take(frame, _rows_by_doc(frame), doc_ids)


@dataclass(frozen=True)
class PartRows:
    """A partition's rows of a written table, read where its task runs: a worker process on this machine
    reads the part file itself, so the frames never pass through the main process (which, while the
    workers score entity sentiment, is fitting the topics).  Pickles as a path and the ids."""

    file: Path | None  # the partition's part file; None: the partition has no rows
    table: Path  # the table's folder, filtered by id where its parts are not one per partition
    doc_ids: tuple[str, ...]
    empty: pd.DataFrame  # no rows: the table's columns and types
    by_part: bool

    def read(self) -> pd.DataFrame:
        if not self.by_part:  # rows out of partition order were cut into equal parts: filter the table
            frame = pd.read_parquet(self.table, filters=[("doc_id", "in", list(self.doc_ids))])
        else:
            frame = pd.read_parquet(self.file) if self.file is not None else self.empty
        return in_article_order(frame, self.doc_ids)


def rows_of(rows: pd.DataFrame | PartRows) -> pd.DataFrame:
    """A task's rows: the frame it was given, or the part it was pointed to, read."""
    return rows.read() if isinstance(rows, PartRows) else rows


def concat_rows(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The frames' rows, one after the other (the empty ones left out, so their column types do not
    leak into the others'); the first frame's columns when all are empty."""
    kept = [f for f in frames if len(f)]
    return pd.concat(kept, ignore_index=True) if kept else frames[0].iloc[:0]


class Tables(Protocol):
    """What the pipeline needs of a keeper of tables."""

    frames: dict[str, pd.DataFrame]
    written: dict[str, Path]

    def put(self, name: str, frame: pd.DataFrame) -> None:
        """Table ``name``, final."""

    def partition(self, name: str, part: int, doc_ids: Sequence[str]) -> pd.DataFrame:
        """The rows of table ``name`` for build partition ``part``, whose articles are ``doc_ids``."""

    def reference(self, name: str, part: int, doc_ids: Sequence[str]) -> pd.DataFrame | PartRows:
        """The same rows, or where to read them (:class:`PartRows`) for a task on this machine."""

    def add(self, name: str, part: int, frame: pd.DataFrame) -> None:
        """Partition ``part``'s rows of a table that arrives a partition at a time, in partition order."""

    def finish(self, name: str) -> int:
        """Every partition of ``name`` added: the table is final; returns its rows."""

    def discard(self, name: str) -> None:
        """Table ``name`` is let go: a scratch table the build kept only between two of its stages."""


class HeldTables:
    """Every table held in memory, as frames."""

    def __init__(self) -> None:
        self.frames: dict[str, pd.DataFrame] = {}
        self.written: dict[str, Path] = {}
        self._pieces: dict[str, list[pd.DataFrame]] = {}
        self._by_doc: dict[str, dict[str, np.ndarray]] = {}

    def put(self, name: str, frame: pd.DataFrame) -> None:
        self.frames[name] = frame

    def partition(self, name: str, part: int, doc_ids: Sequence[str]) -> pd.DataFrame:
        frame = self.frames[name]
        if name not in self._by_doc:  # one grouping per table, not one per partition
            self._by_doc[name] = _rows_by_doc(frame)
        return _take(frame, self._by_doc[name], doc_ids)

    reference = partition  # held: the rows themselves

    def add(self, name: str, part: int, frame: pd.DataFrame) -> None:
        self._pieces.setdefault(name, []).append(frame)

    def finish(self, name: str) -> int:
        self.frames[name] = concat_rows(self._pieces.pop(name))
        return len(self.frames[name])

    def discard(self, name: str) -> None:
        self.frames.pop(name, None)
        self._by_doc.pop(name, None)


class WrittenTables:
    """Every partitioned table written to ``folder`` as ``<name>.parquet/part-NNNNN.parquet`` once final,
    then let go; the rows of one partition are read back from its part file.

    ``doc_ids`` and ``step``: the articles in the analysis's order and the partition size, which decide
    the parts exactly as :meth:`analysis.result.Analysis.save` does, so the store is the same file for
    file as one written from held frames.  Tables that are not partitioned are held (they are small).
    """

    def __init__(self, folder: Path, doc_ids: pd.Series, step: int, partitioned: Sequence[str]) -> None:
        self.folder, self.doc_ids, self.step, self.partitioned = Path(folder), doc_ids, step, set(partitioned)
        self.frames: dict[str, pd.DataFrame] = {}
        self.written: dict[str, Path] = {}
        self._files: dict[str, dict[int, Path]] = {}  # per table: its part file of each partition
        self._by_part: dict[str, bool] = {}  # per table: a partition's rows are its file's (else: filter)
        self._empty: dict[str, pd.DataFrame] = {}  # per table: no rows, its columns and types
        self._streams: dict[str, tuple[Path, list[Path], pa.Schema | None]] = {}

    def _partial(self, name: str) -> Path:
        partial = self.folder / f".{name}.parquet.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        return partial

    def _final(self, name: str, partial: Path) -> None:
        target = self.folder / f"{name}.parquet"
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
        self.written[name] = target

    def put(self, name: str, frame: pd.DataFrame) -> None:
        if name not in self.partitioned:
            self.frames[name] = frame
            return
        partial = self._partial(name)
        labels = partition_labels(name, frame, self.doc_ids, self.step)
        files = write_parts(partial, frame, labels)
        starts = [0, *np.flatnonzero(labels[1:] != labels[:-1]) + 1]
        target = self.folder / f"{name}.parquet"
        one_each = bool(len(frame)) and len(starts) == len(files) and len(set(labels[starts])) == len(files)
        by_part = zip(labels[starts].tolist(), files, strict=True) if one_each else ()
        self._files[name] = {int(label): target / file.name for label, file in by_part}
        self._by_part[name] = one_each or not len(frame)  # no rows: no partition has any
        self._empty[name] = frame.iloc[:0].copy()
        self._final(name, partial)

    def partition(self, name: str, part: int, doc_ids: Sequence[str]) -> pd.DataFrame:
        return rows_of(self.reference(name, part, doc_ids))

    def reference(self, name: str, part: int, doc_ids: Sequence[str]) -> pd.DataFrame | PartRows:
        if name in self.frames:
            return in_article_order(self.frames[name], doc_ids)
        return PartRows(
            self._files[name].get(part), self.written[name], tuple(doc_ids), self._empty[name], self._by_part[name]
        )

    def add(self, name: str, part: int, frame: pd.DataFrame) -> None:
        if name not in self._streams:
            self._streams[name] = (self._partial(name), [], None)
            self._empty[name] = frame.iloc[:0].copy()
            self._files[name] = {}
            self._by_part[name] = True  # one file per partition with rows, none for one without
        partial, files, schema = self._streams[name]
        if not len(frame):
            return
        table = pa.Table.from_pandas(frame, preserve_index=False)
        if schema is None:
            schema = table.schema
        elif not table.schema.equals(schema):  # a column all missing in this partition: the first's types
            table = table.cast(schema)
        files.append(partial / f"part-{len(files):05d}.parquet")
        pq.write_table(table, files[-1])
        self._streams[name] = (partial, files, schema)
        self._files[name][part] = self.folder / f"{name}.parquet" / files[-1].name  # where it will be

    def finish(self, name: str) -> int:
        partial, files, _ = self._streams.pop(name)
        if not files:
            self._empty[name].to_parquet(partial / "part-00000.parquet", index=False)
        self._final(name, partial)
        return sum(pq.ParquetFile(self.written[name] / f.name).metadata.num_rows for f in files)

    def discard(self, name: str) -> None:
        for held in (self.frames, self._files, self._by_part, self._empty):
            held.pop(name, None)
        written = self.written.pop(name, None)
        if written is not None:
            shutil.rmtree(written, ignore_errors=True)
