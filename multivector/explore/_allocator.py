"""Keep freed memory for reuse while a sweep's chunk runs, in a process whose C allocator
was told to hand it back at once.

glibc's ``malloc`` tunes itself: a block freed is kept for the next request of its size,
and only blocks larger than the largest freed so far get their own pages from the
operating system. Any ``MALLOC_TRIM_THRESHOLD_`` or ``MALLOC_MMAP_THRESHOLD_`` in the
environment turns that tuning off (mallopt(3)). Dask's nanny sets
``MALLOC_TRIM_THRESHOLD_=65536`` in every worker it starts, so that a worker's memory
shrinks after each task. In such a process every numpy temporary over 128 KiB gets fresh
pages, and freeing memory at the top of the heap gives it back: a 6,667-point
great-powers chunk then takes about 6,400 page faults, and 28 ms instead of 19 ms.

:func:`reusing_freed_memory` raises both thresholds to 32 MiB while a chunk runs, then
puts back the environment's values (or glibc's defaults), so that between tasks the heap
shrinks again as the environment asks. Measured on such a chunk in a Dask worker: 1,100
page faults and 22 ms. Those 1,100 faults came back with every chunk: the chunk's own
rows, freed after the block, trimmed the heap down to nothing, and the next chunk got
fresh pages again. So the first block also sets glibc's top pad to 16 MiB for the rest
of the process (it is never lowered): a trim keeps that much of the heap's top, which
is all a sweep's chunk uses. On two Dask workers a 40,000-point great-powers sweep then
took 918 page faults instead of 7,924 and 164 ms of worker CPU instead of 176 ms. It
does nothing where the environment sets neither variable (glibc tunes itself there),
nor on a C library other than glibc.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

__all__ = ["reusing_freed_memory"]

#: mallopt(3) parameters (glibc's malloc.h)
_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3
#: What both thresholds are raised to while a chunk runs: the largest mmap threshold
#: glibc accepts on every 64-bit system.
_KEEP = 32 * 2**20
#: glibc's own value of both when the environment does not set them.
_GLIBC_DEFAULT = 128 * 1024
#: The top pad set for the rest of the process from the first block on: how much of the
#: heap's top a trim keeps (a sweep's chunk uses a few MiB).
_TOP_PAD = 16 * 2**20

_lock = threading.Lock()
_active = 0


def _env_bytes(name: str) -> int | None:
    """A variable's value in bytes, within what ``mallopt`` takes (a C int)."""
    text = os.environ.get(name)
    if text is None:
        return None
    try:
        return min(max(int(text, 0), 0), 2**31 - 1)
    except ValueError:
        return None


@cache
def _glibc() -> Any:
    """glibc's handle, or None (another platform or C library)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018 (only glibc has it)
        libc.mallopt  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


def _settings() -> tuple[int, int] | None:
    """The trim and mmap thresholds the environment gives, when it sets either."""
    trim = _env_bytes("MALLOC_TRIM_THRESHOLD_")
    mmap = _env_bytes("MALLOC_MMAP_THRESHOLD_")
    if trim is None and mmap is None:
        return None
    return (
        trim if trim is not None else _GLIBC_DEFAULT,
        mmap if mmap is not None else _GLIBC_DEFAULT,
    )


@contextmanager
def reusing_freed_memory() -> Iterator[bool]:
    """Within the block, keep freed memory for reuse (see the module notes); yields
    whether it changed anything.

    Threads of one process may nest it: the first to enter raises the thresholds, the
    last to leave puts them back. The top pad the first block sets stays (at most 16 MiB
    of freed memory kept between blocks).

    Examples
    --------
    >>> import numpy as np
    >>> with reusing_freed_memory():
    ...     total = float(np.ones(10**6).sum())
    >>> total
    1000000.0
    """
    global _active
    settings = _settings()
    libc = _glibc() if settings is not None else None
    if libc is None or settings is None:
        yield False
        return
    with _lock:
        if _active == 0:  # (never lower than the environment's own values)
            libc.mallopt(_M_TRIM_THRESHOLD, max(_KEEP, settings[0]))
            libc.mallopt(_M_MMAP_THRESHOLD, max(_KEEP, settings[1]))
            libc.mallopt(_M_TOP_PAD, max(_TOP_PAD, _env_bytes("MALLOC_TOP_PAD_") or 0))
        _active += 1
    try:
        yield True
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                trim, mmap = settings
                libc.mallopt(_M_TRIM_THRESHOLD, trim)
                libc.mallopt(_M_MMAP_THRESHOLD, mmap)
