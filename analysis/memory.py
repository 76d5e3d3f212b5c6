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

import pyarrow as pa


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


LIBC = _libc()


def give_back() -> None:
    """Collect cycles, then return freed heap pages (Arrow's pool, then malloc's) to the system."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    if LIBC is not None:
        LIBC.malloc_trim(0)


__all__ = ["LIBC", "give_back"]
