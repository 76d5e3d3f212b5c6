"""Group republished copies of one story (wire copy, other headline, trimmed paragraphs) into *stories*.

Analysts count stories, not copies: an AP report carried by forty sites is one piece of news.  Copies
share long runs of words, so each article is reduced to a sample of its shingles (runs of about seven
words) and two articles belong to one story when enough of the shorter one's shingles occur in the
longer one (containment, which tolerates a trimmed or extended copy better than Jaccard).

It scales like a search index, not like all-pairs diffing: shingles are hashed with numpy, only
shingles shared by two or more articles (and not by so many that they are boilerplate) are kept, and
the sparse product of the article × shingle matrix with itself is computed in row blocks, so only
articles that actually share text are ever compared.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from analysis.ingest.furniture import AnalysedTexts

WINDOW = 40  # letters and digits per shingle: about seven words
SAMPLE = 16  # keep one window in this many, chosen by content
_BASE = np.uint64(0x100000001B3)  # odd, so it has an inverse modulo 2**64
_BASE_INV = np.uint64(pow(int(_BASE), -1, 2**64))
_POWERS: tuple[np.ndarray, np.ndarray] = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint64))
BATCH_BYTES = 256 << 10  # small batches stay in cache: 2x faster than 4 MiB ones here
# Which bytes count: ASCII letters and digits, and every byte of a multi-byte UTF-8 character.
_ALNUM = np.array([(chr(b).isascii() and chr(b).isalnum()) or b >= 0x80 for b in range(256)], dtype=bool)

# Wire services, how sources name them, and how a copy credits them in its dateline or trailer.
WIRES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    name: (re.compile(source, re.IGNORECASE), re.compile(credit))
    for name, source, credit in (
        (
            "The Associated Press",
            r"\bassociated press\b|^\s*ap\s*$|\bap news\b",
            r"\(AP\)\s*[—–-]|[—–-]\s*The Associated Press\b|Associated Press (?:writers?|contributed)",
        ),
        ("Reuters", r"\breuters\b", r"\(Reuters\)\s*[—–-]|Reporting by [A-Z]"),
        ("Agence France-Presse", r"\bagence france[- ]presse\b|^\s*afp\s*$", r"\(AFP\)\s*[—–-]|\bAFP contributed"),
        ("Bloomberg", r"^\s*bloomberg(?: news)?\s*$", r"\(Bloomberg\)\s*[—–-]{1,2}"),
        ("United Press International", r"\bunited press international\b|^\s*upi\s*$", r"\(UPI\)\s*[—–-]{1,2}"),
        ("PA Media", r"\bpress association\b|^\s*pa media\s*$", r"\(PA\)\s*[—–-]"),
    )
}


def credited_wire(source: str | None, text: str) -> str | None:
    """The wire service an article is from: its source is one, or its dateline/trailer credits one."""
    if source:
        for name, (by_source, _) in WIRES.items():
            if by_source.search(source):
                return name
    head, tail = text[:400], text[-400:]
    for name, (_, credit) in WIRES.items():
        if credit.search(head) or credit.search(tail):
            return name
    return None


def _fingerprints(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Sampled character-shingle hashes of each text: ``(doc index, hash)`` arrays.

    Each text is lower-cased and reduced to its letters and digits (so typography, spacing and
    punctuation edits do not matter); every window of ``WINDOW`` such characters (about seven words) is
    hashed with a polynomial rolling hash computed by prefix sums, and a content-defined 1-in-``SAMPLE``
    subset of windows is kept.  Because the choice depends only on the window's content, two copies of a
    passage keep the same windows, and containment measured on the samples estimates containment on all
    windows.  No Python loop runs per word; texts are processed in batches of about ``BATCH_BYTES`` so
    memory stays bounded on large corpora.
    """
    docs: list[np.ndarray] = []
    hashes: list[np.ndarray] = []
    batch: list[bytes] = []
    first = size = 0
    for i, text in enumerate(texts):
        encoded = text.lower().encode("utf-8")
        batch.append(encoded)
        size += len(encoded)
        if size >= BATCH_BYTES or i == len(texts) - 1:
            doc, hashed = _batch_fingerprints(batch, first)
            docs.append(doc)
            hashes.append(hashed)
            first, size, batch = i + 1, 0, []
    if not docs:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.uint64)
    return np.concatenate(docs), np.concatenate(hashes)


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``BASE**(i+1)`` and its inverse for ``i < n`` (mod 2**64), grown and kept between calls."""
    global _POWERS
    if _POWERS[0].size < n:
        with np.errstate(over="ignore"):
            _POWERS = (
                np.cumprod(np.full(n, _BASE, dtype=np.uint64)),
                np.cumprod(np.full(n, _BASE_INV, dtype=np.uint64)),
            )
    return _POWERS[0][:n], _POWERS[1][:n]


def _batch_fingerprints(encoded: list[bytes], first: int) -> tuple[np.ndarray, np.ndarray]:
    raw = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    keep = _ALNUM[raw]
    chars = raw[keep].astype(np.uint64)
    starts = np.cumsum([0] + [len(e) for e in encoded[:-1]])
    kept_per_doc = np.add.reduceat(keep, starts) if raw.size else np.zeros(len(encoded), dtype=np.int64)
    kept_per_doc[np.diff(np.append(starts, raw.size)) == 0] = 0  # reduceat's quirk on empty slices
    doc = np.repeat(np.arange(first, first + len(encoded), dtype=np.int32), kept_per_doc)  # int32: half the memory
    n = chars.size
    if n < WINDOW:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.uint64)
    power, inverse = _powers(n)
    with np.errstate(over="ignore"):
        prefix = np.cumsum(chars * power)
        window = prefix[WINDOW - 1 :] - np.concatenate(([np.uint64(0)], prefix[:-WINDOW]))
        hashed = window * inverse[: n - WINDOW + 1]  # undo the position factor: equal text, equal hash
        hashed ^= hashed >> np.uint64(31)
        hashed *= np.uint64(0xBF58476D1CE4E5B9)
        hashed ^= hashed >> np.uint64(27)
    sampled = (doc[: n - WINDOW + 1] == doc[WINDOW - 1 :]) & (hashed % np.uint64(SAMPLE) == 0)
    return doc[: n - WINDOW + 1][sampled], hashed[sampled]


def _ranks(values: np.ndarray) -> np.ndarray:
    """Each value's rank among the distinct values (``np.unique``'s inverse), as int32: ``np.unique`` holds
    its sort order, the sorted copy and two int64 index arrays at once (+500 MB for the 23 M sampled
    shingles of AllSides' 37,554 articles); here the sorted copy goes before the ranks are made."""
    if not values.size:
        return np.zeros(0, dtype=np.int32)
    order = np.argsort(values)
    ordered = values[order]
    new = np.empty(values.size, dtype=bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    del ordered
    ranks = np.empty(values.size, dtype=np.int32)
    ranks[order] = np.cumsum(new, dtype=np.int32) - 1
    return ranks


def _shingle_matrix(texts: Sequence[str], max_df: int) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Article × shared-shingle binary matrix, plus each article's count of distinct sampled shingles."""
    n = len(texts)
    doc, shingle = _fingerprints(texts)
    column = _ranks(shingle)
    del shingle
    # Summing duplicates in CSR form sorts and merges each row's repeated shingles in compiled code.
    matrix = sparse.csr_matrix(
        (np.ones(column.size, dtype=np.float32), (doc, column)), shape=(n, int(column.max()) + 1 if column.size else 0)
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    distinct = np.diff(matrix.indptr)
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    matrix = matrix[:, np.flatnonzero((df >= 2) & (df <= max_df))]
    return matrix, distinct


def find_stories(
    texts: Sequence[str],
    dates: Sequence[object] | None = None,
    *,
    threshold: float = 0.5,
    min_shared: int = 8,
    max_days_apart: float = 7.0,
    block: int = 2000,
) -> np.ndarray:
    """Label each text with a story number; texts sharing a label are copies of one story.

    Two texts are linked when at least ``min_shared`` of their sampled shingles match and those make up
    at least ``threshold`` of the shorter text's shingles, and, where both have ``dates``, they were
    published at most ``max_days_apart`` days apart (republication happens within days; a long block
    shared by articles weeks apart is an appendix or embed, not a copy).  Stories are the connected
    groups of links.
    """
    n = len(texts)
    if n < 2:
        return np.zeros(n, dtype=np.int64)
    max_df = max(50, n // 50)  # shingles in more articles than this are boilerplate, not a shared story
    matrix, distinct = _shingle_matrix(texts, max_df)
    days = (
        pd.to_datetime(pd.Series(dates if dates is not None else [None] * n))
        .to_numpy()
        .astype("datetime64[s]")
        .astype(np.float64)
        / 86400.0
    )
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    transposed = matrix.T.tocsc()
    for lo in range(0, n, block):
        shared = sparse.triu(matrix[lo : lo + block] @ transposed, k=lo + 1).tocoo()
        i, j = shared.row + lo, shared.col
        smaller = np.minimum(distinct[i], distinct[j]).clip(min=1)
        linked = (shared.data >= min_shared) & (shared.data / smaller >= threshold)
        linked &= ~(np.abs(days[i] - days[j]) > max_days_apart)  # NaN (no date) compares False: kept
        rows.append(i[linked])
        cols.append(j[linked])
    i, j = np.concatenate(rows), np.concatenate(cols)
    graph = sparse.coo_matrix((np.ones(i.size), (i, j)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return labels


def story_table(articles: pd.DataFrame, labels: np.ndarray) -> tuple[pd.Series, pd.DataFrame]:
    """Name each story by its lead copy and describe it.

    The lead is the copy from the credited wire when there is one, else the earliest dated, else the
    longest; its ``doc_id`` is the ``story_id``, so ids do not depend on load order.  Returns the
    ``story_id`` per article and a ``stories`` frame (one row per story with two or more copies, plus
    single-copy stories, so every article has a story).
    """
    frame = pd.DataFrame(
        {
            "label": labels,
            "doc_id": articles["doc_id"].to_numpy(),
            "from_wire": (articles["wire"].notna() & articles["source"].fillna("").eq(articles["wire"])).to_numpy(),
            "published": articles["published"].to_numpy(),
            "n_words": articles["n_words"].to_numpy(),
        }
    )
    frame["no_date"] = frame["published"].isna()
    ordered = frame.sort_values(
        ["label", "from_wire", "no_date", "published", "n_words", "doc_id"],
        ascending=[True, False, True, True, False, True],
    )
    lead = ordered.drop_duplicates("label").set_index("label")["doc_id"]
    story_id = pd.Series(lead.reindex(labels).to_numpy(), index=articles.index, name="story_id")
    # Lists per story, built in one pass over the articles (a groupby with Python lambdas is 20x slower).
    members: dict[str, list[int]] = {}
    for position, sid in enumerate(story_id):
        members.setdefault(sid, []).append(position)
    source, wire, doc_id = articles["source"].to_numpy(), articles["wire"].to_numpy(), articles["doc_id"].to_numpy()
    titles = dict(zip(articles["doc_id"], articles["title"], strict=True))
    first_published = articles["published"].groupby(story_id.to_numpy()).min()
    stories = pd.DataFrame(
        {
            "story_id": list(members),
            "n_copies": [len(m) for m in members.values()],
            "title": [titles[sid] for sid in members],
            "wire": [next((w for w in wire[m] if isinstance(w, str)), None) for m in members.values()],
            "sources": [sorted({x for x in source[m] if isinstance(x, str)}) for m in members.values()],
            "doc_ids": [list(doc_id[m]) for m in members.values()],
        }
    )
    stories["first_published"] = first_published.reindex(stories["story_id"]).to_numpy()
    stories = stories.sort_values(["n_copies", "story_id"], ascending=[False, True])
    return story_id, stories.reset_index(drop=True)


def group_stories(articles: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """Find the stories among ``articles`` (needs ``text``, ``published``, ``doc_id``, ``source``, ``wire``,
    ``title``, ``n_words``): the ``story_id`` per article and the ``stories`` frame."""
    # The texts as Python strings a batch at a time (no furniture column yet: the texts as loaded); the
    # whole list at once was the load's peak (+680 MB at 37,554 articles).
    return story_table(articles, find_stories(AnalysedTexts(articles[["text"]]), articles["published"]))
