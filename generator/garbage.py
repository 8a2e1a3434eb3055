"""The cyclic garbage collector, paused while a build runs.

A build keeps millions of objects alive until it ends (every briefing, term, page
plan and rendered body) and frees almost all it throws away by reference counting:
a clean build of 1,000 briefings leaves about 3,000 objects in reference cycles,
none large. Yet the collector, run after every 700 allocations, walks the whole
heap each time it has grown by a quarter: at 10,000 briefings that was a third of
the time an addition spends planning, and a fifth of a clean build's, to free nothing.
So a build runs with the collector off (the render workers, forked, inherit that),
and the cycles it left are collected as usual after it, which a long-running
process (the preview server) relies on.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside; the collector as it was after (on errors too)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
