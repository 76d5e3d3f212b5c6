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


def readable_text_file(directory: Path, doc_ids: pd.Series) -> Path | None:
    """:data:`NAME` in ``directory`` when it holds the text of exactly these articles, in this order."""
    path = directory / NAME
    if not path.is_file():
        return None
    try:
        with pa.memory_map(str(path)) as source:
            reader = ipc.open_file(source)
            if reader.num_record_batches != 1:
                return None
            held = reader.get_batch(0).column("doc_id")
            same = len(held) == len(doc_ids) and np.array_equal(
                held.to_numpy(zero_copy_only=False), doc_ids.astype("str").to_numpy()
            )
            del held
    except (OSError, pa.ArrowInvalid, KeyError):
        return None
    return path if same else None


def read_texts(path: Path, rows: np.ndarray) -> list[str]:
    """The text of the articles at ``rows`` (positions), in that order; the map is closed before returning,
    so the pages read are not kept counted in this process's memory."""
    with pa.memory_map(str(path)) as source:
        column = ipc.open_file(source).get_batch(0).column("text")
        texts = column.take(pa.array(np.asarray(rows, dtype=np.int64))).to_pylist()
        del column
    return texts
