"""Memory of a process that serves an engine: large arrays go back to the operating system
when they are freed, and the garbage collector leaves the engine's objects alone.

glibc serves an allocation from its heap or, above a threshold, with its own mmap. The
threshold moves up (to 32 MB) each time a large block is freed, so after the first fit the
many 5–30 MB arrays that fitting and stacking create come from the heap, and freed heap
memory mostly stays with the process: a fit at 30,000 documents kept 250 MB more resident
than it used. A fixed threshold of 4 MB sends every large array to mmap (returned when
freed) and keeps the small, frequent ones (a query's vectors) on the heap.

``return_large_blocks()`` sets it once per process (the index calls it before it fits or
loads an engine; ``benchmarks/speed.py`` does the same). Elsewhere than glibc it does
nothing.

``leave_to_refcounting()`` concerns the cyclic garbage collector. A loaded engine holds some
250,000 Python objects (ids, dicts of rows, the history, the lexicon) that live as long as
it does, and every full collection walked all of them: 100–190 ms with the process
answering nothing, three times a minute per web worker under the load benchmark.
``gc.freeze()`` moves every object alive at that moment to a generation the collector never
scans; such objects are still freed by reference counting when nothing refers to them, and
``gc.unfreeze()`` hands them back before the next freeze, so an engine that was replaced is
collected once, right then, even if its objects refer to each other.
"""

import ctypes
import ctypes.util
import gc

M_MMAP_THRESHOLD = -3  # mallopt's parameter number in glibc's malloc.h
THRESHOLD = 4 * 1024 * 1024
_done = []


def return_large_blocks():
    """Fix glibc's mmap threshold at 4 MB; True when it is set (now or before)."""
    if _done:
        return _done[0]
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc: nothing to tune
        _done.append(False)
        return False
    _done.append(bool(mallopt(M_MMAP_THRESHOLD, THRESHOLD)))
    return _done[0]


def leave_to_refcounting():
    """Collect once, then keep the collector's full passes off every object alive now (the
    engine just installed, the app, the modules)."""
    gc.unfreeze()  # what an earlier call froze: a replaced engine is garbage now
    gc.collect()
    gc.freeze()
