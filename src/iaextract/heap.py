"""The C heap of iaextract's processes kept flat as the source grows (glibc only).

glibc's malloc keeps freed memory for reuse: a large source leaves holes that stay
resident. Each process holds the mmap threshold (:func:`steady_heap`, and
:func:`child_environment` for the helper processes) and hands free pages back between
datasets (:func:`release_memory`). Elsewhere (Windows, macOS, musl) each is a no-op.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import Any

#: Blocks of this many bytes and more get pages of their own, returned when freed:
#: glibc's starting threshold, which it raises as large blocks are freed.
MMAP_THRESHOLD = 131_072
_M_MMAP_THRESHOLD = -3  # mallopt's number for it (malloc.h)


def steady_heap() -> None:
    """Keep the C heap of this process from growing with the source (glibc only).

    Left to itself glibc raises its mmap threshold each time a large block (a chunk's
    column lists) is freed, after which such blocks go in the heap, where the holes
    they leave stay resident: the export process grew by stairs, 87 to 208 MB through
    200k incidents with the threshold free to rise, 80 to 166 MB with it held.
    A threshold the user set (``MALLOC_MMAP_THRESHOLD_``) is kept."""
    mallopt = _glibc("mallopt")
    if mallopt is not None and "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def child_environment() -> dict[str, str]:
    """The environment of a helper process (the leak scan process, a scrubbing worker):
    this one's, and glibc's malloc told to hold its mmap threshold as
    :func:`steady_heap` does here. Left to raise it, the scan process kept 35-55 MB of
    Arrow's freed CSV blocks resident (50k and 200k incidents, scrub mode), and a
    worker the holes its freed batches left. A threshold the user set is kept; other C
    libraries ignore the variable."""
    return {"MALLOC_MMAP_THRESHOLD_": str(MMAP_THRESHOLD), **os.environ}


def release_memory() -> None:
    """Hand the pages the C heap holds free back to the system, where the C library
    can (glibc's ``malloc_trim``); elsewhere nothing. Freed memory otherwise stays the
    process's: after a dataset, tens of megabytes at 200k incidents, resident while the
    leak scan process reads the files back beside it."""
    trim = _glibc("malloc_trim")
    if trim is not None:
        trim(0)


@cache
def _glibc(name: str) -> Any:
    """The C library's function ``name`` (``malloc_trim``, ``mallopt``), or None where
    there is none (Windows, macOS, a C library without it such as musl's)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # only here: a run without it need not import it

    try:
        function = getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_size_t] if name == "malloc_trim" else [ctypes.c_int] * 2
    function.restype = ctypes.c_int
    return function
