"""Work spread over the machine's cores, in order, identical to doing it in one process.

Rendering is pure Python, so threads would queue on the interpreter lock;
worker processes are forked instead. Forking lets each worker start with the
build's whole state (the site, the planned pages, the Jinja environment)
without pickling it: only item numbers go to the workers and only results
come back, and results arrive in the order of the items, so the output does
not depend on which worker finished first.

The build process does a share of the work itself, so `jobs` processes in all
do it (jobs - 1 forked): it would otherwise only wait for results, and a
forked process starts out resident at the whole size of the build (its pages
are shared, but counted in each process's resident memory), so one fork fewer
is one copy of the build's memory fewer.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
from typing import Callable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# small batches are not worth a process start
MIN_ITEMS_PER_WORKER = 64

_TASK: tuple[Callable, Sequence] | None = None  # set in the parent just before forking


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def give_back_freed_memory() -> None:
    """Return to the system the memory this process freed but its allocator keeps.

    What the build let go of (the archive's Markdown once rendered, say) leaves
    holes in the C heap that glibc keeps resident, and a forked worker would
    start resident at that size too. `malloc_trim` hands the free pages back;
    elsewhere than glibc there is nothing to do.
    """
    name = ctypes.util.find_library("c")
    if name is None:
        return
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)


def _run_chunk(bounds: tuple[int, int]) -> list:
    assert _TASK is not None, "workers are forked from map_in_order"
    function, items = _TASK
    return [function(items[index]) for index in range(*bounds)]


def map_in_order(
    function: Callable[[Item], Result], items: Sequence[Item], jobs: int, min_per_worker: int = MIN_ITEMS_PER_WORKER,
) -> Iterator[Result]:
    """`function` over `items`, results in item order, on up to `jobs` forked processes.

    This process takes every `jobs`-th chunk of the items itself. An exception in a worker
    is raised here. With one job, few items (fewer than `min_per_worker` for each process),
    or no fork on this platform, it all runs in this process.
    """
    jobs = min(jobs, len(items) // min_per_worker)
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, items)
        return
    global _TASK
    # chunks small enough to balance the load and to show progress, big enough to be cheap
    size = max(8, min(256, len(items) // (jobs * 8)))
    chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _TASK = (function, items)
    mine = set(range(0, len(chunks), jobs))
    give_back_freed_memory()
    # objects the workers never free need not be scanned by their collector: frozen, the
    # collector leaves their headers alone, and their pages stay shared with this process
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(jobs - 1) as pool:
            gc.unfreeze()
            theirs = pool.imap(_run_chunk, [chunk for number, chunk in enumerate(chunks) if number not in mine])
            for number, chunk in enumerate(chunks):
                yield from _run_chunk(chunk) if number in mine else next(theirs)
    finally:
        gc.unfreeze()
        _TASK = None
