"""Keep the server's resident memory close to what it really uses (glibc only; a no-op elsewhere).

Streamlit runs each visitor's script in its own thread, and glibc gives threads their own malloc arenas
(up to 8 per core): freed tables stay mapped in many half-empty arenas, so RSS climbs with the number of
visitors though the live data does not.  Capping the arenas and trimming after a page run returns that
memory to the system — measured with benchmarks/bench_hosting.py.
"""

from __future__ import annotations

import ctypes
import ctypes.util

_M_ARENA_MAX = -8  # mallopt parameter, from glibc's malloc.h
ARENAS = 2


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


_LIBC = _libc()


def limit_arenas(arenas: int = ARENAS) -> None:
    """Threads started from now on share at most ``arenas`` malloc arenas."""
    if _LIBC is not None:
        _LIBC.mallopt(_M_ARENA_MAX, arenas)


def give_back() -> None:
    """Return freed heap memory to the system (after a page's short-lived tables are gone)."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
