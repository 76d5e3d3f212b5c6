"""Keep the server's resident memory close to what it really uses (glibc only; a no-op elsewhere).

Streamlit runs each visitor's script in its own thread, and glibc gives threads their own malloc arenas
(up to 8 per core): freed tables stay mapped in many half-empty arenas, so RSS climbs with the number of
visitors though the live data does not.  Capping the arenas and trimming after a page run returns that
memory to the system — measured with benchmarks/bench_hosting.py.

pyarrow (which holds pandas' strings and every Parquet read) allocates from its own pool, mimalloc by
default, which keeps freed pages per thread and gives them back late: with a built AllSides store it held
about 90 MB more than glibc malloc after trimming.  Arrow is therefore switched to the system allocator,
so the same arena cap and trim cover it.

The objects the start-up imports make (Streamlit, pandas, pyarrow, Altair, the pages' modules: some
140,000) live as long as the process, yet every full collection of the cyclic garbage collector walks
them again: 0.11 s a collection on this machine, and the build of the seed on its first visit collects
three times (``analysis.memory.give_back``).  :func:`freeze_start_up` moves them out of the collector's
sight once (``gc.freeze``), so later collections walk only what was made since.
"""

from __future__ import annotations

import gc

import pyarrow as pa

from analysis.memory import LIBC as _LIBC

_M_ARENA_MAX = -8  # mallopt parameter, from glibc's malloc.h
ARENAS = 2
_LIMITED: list[int] = []
_FROZEN: list[bool] = []


def limit_arenas(arenas: int = ARENAS) -> None:
    """Threads started from now on share at most ``arenas`` malloc arenas, and Arrow allocates from them
    too (glibc only: elsewhere Arrow keeps its default pool).  Once per process; later calls do nothing."""
    if _LIBC is not None and not _LIMITED:
        _LIBC.mallopt(_M_ARENA_MAX, arenas)
        pa.set_memory_pool(pa.system_memory_pool())
        _LIMITED.append(arenas)


def freeze_start_up() -> None:
    """Exempt every object alive now from later garbage collections (once per process; later calls do
    nothing).  Called at the end of the entry point's imports, before any corpus is read: what is frozen
    is the libraries' and modules' objects, which are never garbage, not a visitor's tables (a frozen
    object is still freed when its last reference goes; only a cycle among frozen objects would stay).

    A collection runs first, so the imports' own cyclic garbage is freed rather than frozen for good: without
    it the server over the 37,554-article store held 1,043–1,049 MB after every page, with it 972 MB
    (``bench_hosting.py``, one run each; 1,007 MB before the freeze existed)."""
    if not _FROZEN:
        gc.collect()  # garbage left by the imports is freed first: frozen, a cycle of it would stay for good
        gc.freeze()
        _FROZEN.append(True)


def give_back() -> None:
    """Return freed heap memory to the system (after a page's short-lived tables are gone)."""
    pa.default_memory_pool().release_unused()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
