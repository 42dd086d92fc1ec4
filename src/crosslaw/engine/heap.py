"""Keep the top of the C heap that the Rete engine allocates from.

Each Rete run makes durable_rules' C engine allocate and free about 1.8 MB (a state per
``sid``). glibc hands memory at the top of its heap back to the kernel when the free block
there grows past a threshold, and depending on where Python's own objects happen to lie, that
happens after every run: the next run faults the same pages in again. Measured on this
project's 2-core host (a process holding 2,000 prepared environments, then running the
network over them): 467 minor page faults and 0.95 ms per run, against 0.06 faults and
0.17 ms with 16 MB of top padding. A plain evaluation loop did not hit it, a case system with
more of its own data on the heap can.

``M_TOP_PAD`` asks glibc to keep that much padding at the top of the heap when it grows and
trims it. It is a process-wide setting, made once when the first Rete network is built; the
cost is up to 16 MB of address space kept instead of returned. Set ``CROSSLAW_MALLOC_TOP_PAD``
to ``off`` to leave the allocator alone, or to a number of bytes. Other C libraries ignore it.
"""

from __future__ import annotations

import ctypes
import os
import sys

M_TOP_PAD = -2  # glibc's malloc.h
DEFAULT_PAD = 16 << 20
_applied: bool | None = None


def keep_heap_top() -> bool:
    """Set the top padding once per process; True when the C library accepted it."""
    global _applied
    if _applied is not None:
        return _applied
    _applied = False
    setting = os.environ.get("CROSSLAW_MALLOC_TOP_PAD", "")
    if setting.lower() == "off" or not sys.platform.startswith("linux"):
        return False
    pad = int(setting) if setting.isdigit() else DEFAULT_PAD
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library this process already runs on
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    _applied = bool(mallopt(M_TOP_PAD, pad))
    return _applied
