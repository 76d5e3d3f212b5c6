"""The articles' text a second time, beside ``articles.parquet``, laid out for reading a few articles at once.

``articles.parquet`` keeps the text (it is the table people and scripts read), but Parquet decodes a whole
row group to hand over one article: the thousand evidence sentences a Sentiment page lists for a much-named
entity sit in some 900 articles spread over 55 of the 76 row groups of AllSides' 37,554 articles, and
decoding those took 0.13–0.6 s on each filter change.  Here the text is one uncompressed Arrow IPC file,
memory-mapped: taking those 900 articles copies their 7 MB and nothing else (10–35 ms measured), and only the
pages touched are read while the map is open.  It costs the text's size on disk again (222 MB at 37,554
articles; the store was 367 MB) and about half a second to write.

The file holds each article's ``doc_id`` too, so a reader checks that it is this store's text, in this
order, before it trusts the positions (a store copied in part, or written by another version, falls back to
the Parquet row groups).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

NAME = "article_text.arrow"


def write_text_file(directory: Path, articles: pd.DataFrame) -> Path | None:
    """Write ``articles``' ``doc_id`` and ``text`` as :data:`NAME` in ``directory`` (one record batch,
    uncompressed); None, and any older file removed, where the frame holds no text."""
    path = directory / NAME
    path.unlink(missing_ok=True)
    if "text" not in articles.columns or "doc_id" not in articles.columns:
        return None
    table = pa.table(
        {
            "doc_id": pa.array(articles["doc_id"].astype("str").to_numpy(), type=pa.large_string()),
            "text": pa.array(articles["text"].fillna("").array, type=pa.large_string()),
        }
    ).combine_chunks()  # one record batch: a pandas column read from Parquet comes in a chunk per row group
    partial = directory / f".{NAME}.partial"
    with ipc.new_file(partial, table.schema) as writer:
        writer.write_table(table, max_chunksize=max(len(table), 1))
    partial.replace(path)
    return path


@dataclass(frozen=True)
class TextFile:
    """A checked :data:`NAME`: where it is, and the stamp of the file that was checked (an analysis opened
    before its store was rebuilt in place must not read the new file at the old rows)."""

    path: Path
    stamp: tuple[int, int, int]


def _stamp(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


SCHEMA = pa.schema([("doc_id", pa.large_string()), ("text", pa.large_string())])


def sound_offsets(text: pa.Array) -> bool:
    """Whether a large-string array's offsets start at or after 0, never fall, and end inside its data."""
    _, offsets_buffer, data_buffer = text.buffers()
    if offsets_buffer is None:
        return len(text) == 0
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[text.offset : text.offset + len(text) + 1]
    return (
        len(offsets) == len(text) + 1
        and offsets[0] >= 0
        and bool((np.diff(offsets) >= 0).all())
        and int(offsets[-1]) <= (data_buffer.size if data_buffer is not None else 0)
    )


def readable_text_file(directory: Path, doc_ids: pd.Series) -> TextFile | None:
    """:data:`NAME` in ``directory`` when it holds the text of exactly these articles, in this order, and is
    sound: the two large-string columns, and text offsets that rise and stay inside the data (a file with
    offsets broken would make a read crash the process, not raise)."""
    path = directory / NAME
    if not path.is_file():
        return None
    try:
        stamp = _stamp(path)
        with pa.memory_map(str(path)) as source:
            reader = ipc.open_file(source)
            if reader.num_record_batches != 1 or not reader.schema.equals(SCHEMA):
                return None
            batch = reader.get_batch(0)
            batch.validate()
            held, text = batch.column("doc_id"), batch.column("text")
            same = (
                sound_offsets(text)
                and len(held) == len(doc_ids)
                and np.array_equal(held.to_numpy(zero_copy_only=False), doc_ids.astype("str").to_numpy())
            )
            del held, text, batch
    except (OSError, pa.ArrowInvalid, KeyError, ValueError):
        return None
    return TextFile(path, stamp) if same else None


def read_texts(text_file: TextFile, rows: np.ndarray) -> list[str] | None:
    """The text of the articles at ``rows`` (positions), in that order; None when the file is no longer the
    one that was checked (the caller reads the row groups instead).  The map is closed before returning, so
    the pages read are not kept counted in this process's memory."""
    try:
        if _stamp(text_file.path) != text_file.stamp:
            return None
        with pa.memory_map(str(text_file.path)) as source:
            column = ipc.open_file(source).get_batch(0).column("text")
            texts = column.take(pa.array(np.asarray(rows, dtype=np.int64))).to_pylist()
            del column
    except (OSError, pa.ArrowInvalid):
        return None
    return texts
