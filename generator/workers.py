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

`map_in_order` forks its workers when called, so they start with whatever the build
holds then: nothing needs sending, but each worker's resident memory counts all of
it again. `Workers` are forked once, at the start of a build, before the archive is
read, and are sent what they work on: a clean build renders its pages with them, so
the site it holds while pages render (every briefing's fields, terms and related
lists: about 10 KB a briefing) is resident in the build alone, not once more in each
worker (issue 17: at 100,000 briefings, the difference between about 2 GB and
1.2 GB, the build and its workers summed).
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import ctypes.util
import functools
import gc
import multiprocessing
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Callable, Generic, Iterable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Resident = TypeVar("Resident")
Chunk = tuple[int, int]  # items[start:end]

# small batches are not worth a process start
MIN_ITEMS_PER_WORKER = 64

# Chunks handed to each forked worker ahead of the one this process waits for. A bound,
# not a queue: a worker's results wait in this process until their turn comes, and a
# worker that runs ahead of this one (which also stores what the workers return, and may
# be slowed by other jobs on the machine) would otherwise pile up a whole batch's results
# here. Issue 17: a clean build of 100,000 briefings peaked at 1,238 MiB summed on an idle
# machine and at 1,939 MiB on a loaded one, where the rendered bodies waited. Two keep a
# worker busy (its next chunk is queued while it works on one) and cost it no wait: the
# chunks are dealt in a fixed order, so one running ahead would wait at the end instead.
AHEAD_PER_WORKER = 2

# From this many briefings a full build forks its workers before reading the archive and
# sends them their work (`Workers.start`); below, each call forks processes holding what
# the build holds then, which need nothing sent (`map_in_order`). Sending costs CPU in
# proportion to the pages: a page goes pickled with the briefings it lists, and at 1,000
# briefings the worker's unpickling and the build's pickling took about 0.7 s of the
# 1.5 s of CPU that rendering and writing every page takes. Forking for each call costs
# memory instead: each worker starts resident at the build's size, so the build and its
# workers summed count the site twice: at 1,000 briefings 188 MiB RSS summed against 143
# (PSS 114 against 119: the pages are shared), and at 100,000 about 2 GB against 1.2 GB
# (issue 17), where sending is the price of fitting.
SEND_WORK_FROM = 5000


def sent_work_from(briefings: int) -> bool:
    """Whether a full build of `briefings` should start its workers before reading (SEND_WORK_FROM)."""
    return briefings >= SEND_WORK_FROM


_TASK: tuple[Callable, Sequence] | None = None  # set in the parent just before forking
_RESIDENT: Any = None  # what `Workers` were forked with, as the forked processes hold it


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
    chunks = _chunks(len(items), jobs)
    _TASK = (function, items)
    mine = set(range(0, len(chunks), jobs))
    give_back_freed_memory()
    # objects the workers never free need not be scanned by their collector: frozen, the
    # collector leaves their headers alone, and their pages stay shared with this process
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(jobs - 1) as pool:
            gc.unfreeze()
            yield from _in_order(
                chunks, mine, _run_chunk, lambda chunk: pool.apply_async(_run_chunk, (chunk,)), jobs - 1,
            )
    finally:
        gc.unfreeze()
        _TASK = None


def _in_order(
    chunks: Sequence[Chunk], mine: set[int], run_here: Callable[[Chunk], Iterable[Result]],
    send: Callable[[Chunk], Any], workers: int,
) -> Iterator[Result]:
    """Every chunk's results in chunk order: this process runs the chunks numbered in `mine`
    (`run_here`), the others are sent to the workers (`send` gives an AsyncResult), at most
    AHEAD_PER_WORKER for each worker in flight at once, so at most that many chunks'
    results ever wait here, however far this process falls behind."""
    theirs = iter([chunk for number, chunk in enumerate(chunks) if number not in mine])
    in_flight: collections.deque = collections.deque()
    for number, chunk in enumerate(chunks):
        while len(in_flight) < AHEAD_PER_WORKER * workers and (task := next(theirs, None)) is not None:
            in_flight.append(send(task))
        if number in mine:
            yield from run_here(chunk)
        else:
            yield from in_flight.popleft().get()


def _chunks(count: int, jobs: int) -> list[tuple[int, int]]:
    # small enough to balance the load and to show progress, big enough to be cheap
    size = max(8, min(256, count // (jobs * 8)))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


_SENT: tuple[str, Any] = ("", None)  # in a worker: the last context sent to it, by its call's key


def _run_sent(task: tuple[Callable[[Any, Any], Any], Sequence, str, str]) -> list:
    function, items, context_file, call = task
    global _SENT
    context = _RESIDENT
    if not context_file:
        if _SENT[0]:  # not held past its work (the link targets of 100,000 briefings: about 150 MB)
            _SENT = ("", None)
            give_back_freed_memory()
    else:
        if _SENT[0] != call:  # a file's name may come again, a call's key not
            _SENT = ("", None)  # the last one let go before the next is read
            _SENT = (call, pickle.loads(Path(context_file).read_bytes()))
        context = _SENT[1]
    return [function(context, item) for item in items]


_RESIDENT_CONTEXT: Any = object()  # map_in_order without a context: the workers' resident


class Workers(Generic[Resident]):
    """`jobs - 1` processes forked when started, kept for the whole build, and sent their work.

    Started before the archive is read (a full plan starts them), they hold the build's
    code and `resident` (what every task is given and that cannot or need not be sent:
    the page renderer with its template environment), and then only the items they are
    sent (pickled), a chunk at a time: never the site the build goes on to hold.
    `map_in_order` gives results in item order, this process taking every `jobs`-th chunk
    itself, as the function of that name.
    """

    def __init__(self, jobs: int, resident: Resident):
        self.resident = resident
        self.jobs = jobs if "fork" in multiprocessing.get_all_start_methods() else 1
        self._pool: Any = None
        self._calls = 0

    def start(self) -> None:
        """Fork the workers now (once): before the build reads what they should not hold.
        Until then, `map_in_order` forks processes for each call, as the function of that
        name does (a quick build renders a few pages: forking early would be wasted)."""
        if self.jobs > 1 and self._pool is None:
            global _RESIDENT
            _RESIDENT = self.resident
            self._pool = multiprocessing.get_context("fork").Pool(self.jobs - 1)

    def map_in_order(
        self, function: Callable[[Any, Item], Result], items: Sequence[Item], context: Any = _RESIDENT_CONTEXT,
        min_per_worker: int | None = None,
    ) -> Iterator[Result]:
        """`function(context, item)` over `items`, results in item order; `function` is sent
        by name (a module's function). `context`: what every item needs, sent to each worker
        once (through a temporary file each reads, rather than with every chunk); the
        workers' resident when not given. Fewer items than `min_per_worker` for each process
        (MIN_ITEMS_PER_WORKER by default): all in this process."""
        given = context is not _RESIDENT_CONTEXT
        context = context if given else self.resident
        minimum = min_per_worker or MIN_ITEMS_PER_WORKER
        if self._pool is None:  # not started: processes forked for this call, holding all this one does
            yield from map_in_order(functools.partial(function, context), items, self.jobs, minimum)
            return
        jobs = min(self.jobs, len(items) // minimum)
        if jobs <= 1:
            yield from (function(context, item) for item in items)
            return
        with contextlib.ExitStack() as held:
            context_file = ""
            self._calls += 1
            call = f"{os.getpid()}:{self._calls}"
            if given:
                handle, context_file = tempfile.mkstemp(prefix="briefings-workers-")
                held.callback(os.unlink, context_file)
                with os.fdopen(handle, "wb") as file:
                    pickle.dump(context, file, protocol=pickle.HIGHEST_PROTOCOL)
            chunks = _chunks(len(items), jobs)
            mine = set(range(0, len(chunks), jobs))
            pool = self._pool
            yield from _in_order(
                chunks, mine,
                lambda bounds: (function(context, items[index]) for index in range(*bounds)),
                lambda bounds: pool.apply_async(_run_sent, ((function, items[bounds[0]:bounds[1]], context_file, call),)),
                jobs - 1,
            )

    def close(self, failed: bool = False) -> None:
        if self._pool is not None:
            if failed:  # their work abandoned
                self._pool.terminate()
            else:  # idle: they end as soon as told (terminating took 0.1 s more at times)
                self._pool.close()
            self._pool.join()
            self._pool = None
            global _RESIDENT
            _RESIDENT = None

    def __enter__(self) -> Workers[Resident]:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc_info: object) -> None:
        self.close(failed=kind is not None)
