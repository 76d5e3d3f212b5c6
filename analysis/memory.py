"""Give freed memory back to the system between the build's stages (glibc only; a no-op elsewhere).

A stage's short-lived tables are freed, but glibc and Arrow's pool keep the pages mapped, so the process's
resident size stays at the high-water mark of every stage before and the next stage's peak lands on top of
it.  Trimming after the load and after the per-article stage measured 386 → 241 MB after loading AllSides
8k, and the same floor under every later stage.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Iterator
from contextlib import contextmanager

import pyarrow as pa


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


LIBC = _libc()


#: glibc's ``mallopt`` parameter for the size from which a block gets a mapping of its own.
_M_MMAP_THRESHOLD = -3
#: Blocks from this size up (NumPy arrays, frames' columns) are mapped on their own while building.
MAPPED_FROM = 1 << 20
#: The threshold after a build: where glibc's own rising threshold ends up (its ceiling on 64-bit).
_AFTER = 32 << 20
_DEPTH = [0]
#: Arrow's pool before the outermost bounded heap, put back when it ends.
_POOL: list[pa.MemoryPool] = []


@contextmanager
def bounded_heap() -> Iterator[None]:
    """While building, give every block of :data:`MAPPED_FROM` bytes or more a mapping of its own,
    returned to the system the moment it is freed.

    glibc starts at 128 KiB but raises the threshold, up to 32 MiB, each time such a block is freed; from
    then on the build's arrays come from the heap, where one block still in use pins the freed ones around
    it until the next trim.  Fixed at 1 MiB, the load of AllSides' 37,554 articles ended at 684 MB resident
    instead of 1,182 MB.  Only while building: a fresh mapping per array costs page faults, so many short
    temporaries of a few MB (a dashboard's reruns) run slower — after the build the threshold is left
    where glibc's own would have climbed to.  It changes how memory is held, never what is computed.

    Arrow allocates from the same heap meanwhile (:func:`pyarrow.system_memory_pool`), not from its own
    pool (mimalloc in the wheels), which keeps the pages a thread freed for that thread and gives them
    back late: every Parquet part a build reads or writes goes through it.  AllSides 8k, the main
    process traced every 20 ms (4 Dec 2026): the names merged across the corpus, reading each
    partition's mentions and writing its entities, 545 → 467 MB; the build's peak 547 → 507 MB."""
    if LIBC is None:
        yield
        return
    _DEPTH[0] += 1
    if _DEPTH[0] == 1:
        _POOL[:] = [pa.default_memory_pool()]
        pa.set_memory_pool(pa.system_memory_pool())
    LIBC.mallopt(_M_MMAP_THRESHOLD, MAPPED_FROM)
    try:
        yield
    finally:
        _DEPTH[0] -= 1
        if not _DEPTH[0]:
            LIBC.mallopt(_M_MMAP_THRESHOLD, _AFTER)
            pa.set_memory_pool(_POOL.pop())


#: Text (characters) from which a corpus's stages free enough for :func:`give_back` to be worth its full
#: collection: about 0.1 s each once the build side is imported, seven in a build — on the seed's one
#: article 0.72 of its 1.89 s analysis (3 Dec 2026), to give back a few kilobytes.
WORTH_GIVING_BACK = 1_000_000


def give_back(chars: int | None = None, collect: bool = True) -> None:
    """Collect cycles, then return freed heap pages (Arrow's pool, then malloc's) to the system —
    skipped where ``chars``, the text the freeing work was on, is below :data:`WORTH_GIVING_BACK`.
    ``collect=False``: without the collection (a worker's task, whose frames are freed as they go)."""
    if chars is not None and chars < WORTH_GIVING_BACK:
        return
    if collect:
        gc.collect()
    pa.default_memory_pool().release_unused()
    if LIBC is not None:
        LIBC.malloc_trim(0)


def trim_heap() -> None:
    """Return malloc's free pages to the system, without :func:`give_back`'s full collection: for a loop
    that frees as it goes (the load's raw records), where the pages freed would otherwise stay resident
    under what Arrow allocates next, from a pool of its own."""
    if LIBC is not None:
        LIBC.malloc_trim(0)


__all__ = ["LIBC", "MAPPED_FROM", "bounded_heap", "give_back", "trim_heap"]
