"""The lock a build holds on its output folder's cache for as long as it runs.

Two things must not happen beside a running build:

- another build into the same output folder: a clean build empties the body cache the
  first one is reading, and both would swap a staging folder into the same place;
- the removal of its cache by a build into another folder: eviction
  (generator/incremental/cacheeviction.py) removes the caches of output folders that do
  not exist, and a first build's output folder does not exist until it is swapped into
  place at the very end.

So a build holds an exclusive `flock` on `build.lock` in its cache folder from before it
reads the cache until it has saved it. A second build into the same output folder waits
for it, and says so once. A build removing another folder's cache first takes that
cache's lock without waiting, and leaves the cache alone when it cannot, so a cache in
use is never removed, however new it is or however long ago its output folder went.

Why wait rather than fail: the second build then starts from what the first left (often
nothing is left to do) and ends with the newest content, which is what whoever started it
asked for. `briefings serve` builds into a folder of its own, one build at a time (the
inbox's saves included), so it never waits on itself, and a `briefings build` beside it
builds another folder and does not wait for it either.

A killed build blocks nobody: the kernel drops the locks of a process that dies, however
it dies. The processes a build forks (its render workers) close their copy of the lock,
so none of them can keep it after the build is gone. The file holds the pid of the build
holding it, for the message only: the lock, not the pid, says whether a build runs.

Where `fcntl` is missing (Windows), or the file system has no locks (some network ones),
there is no lock: builds into the same folder are not kept apart, as before the lock, and
eviction leaves every cache whose build started within the last hour.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

try:
    import fcntl
except ImportError:  # Windows: see the module's docstring
    fcntl = None  # type: ignore[assignment]

LOCK = "build.lock"
REMOVING = ".removing-"  # a cache being removed, out of its name (a killed removal leaves it)
# without fcntl, a cache whose build started this recently may be in use: a build of
# 100,000 briefings takes minutes, not an hour
UNLOCKED_IN_USE_FOR = 3600  # seconds

_held: set[int] = set()  # descriptors of the locks this process holds


def _close_in_child() -> None:
    """In a forked process: close the inherited locks. A flock is released only when every
    descriptor sharing it is closed, so a worker still running after its build was killed
    would otherwise keep the lock, and every later build would wait for it."""
    for descriptor in list(_held):
        try:
            os.close(descriptor)
        except OSError:
            pass
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def held(folder: Path, out_dir: Path, notify: Callable[[str], None] = _to_stderr) -> Iterator[bool]:
    """Hold the lock of the cache `folder` (made if missing) of builds into `out_dir`
    for the `with` block, waiting for a build that holds it, after telling `notify` so.

    Yields whether the lock is held: not where the folder cannot be made (a read-only
    project still builds, without a cache) or where `fcntl` is missing.
    """
    descriptor = _acquire(folder, out_dir, notify)
    if descriptor is None:
        yield False
        return
    _held.add(descriptor)
    try:
        yield True
    finally:
        _held.discard(descriptor)
        os.close(descriptor)  # closing releases the lock


def _acquire(folder: Path, out_dir: Path, notify: Callable[[str], None]) -> int | None:
    lock_file = folder / LOCK
    told = False
    while True:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o666)
        except FileNotFoundError:
            continue  # the folder was removed between the two steps: make it again
        except OSError:
            return None
        try:
            taken = _try_lock(descriptor) if fcntl is not None else None
            if taken is None:  # no locks here: build without one, as the module's docstring says
                _write_pid(descriptor)  # the file's time is when the build started
                os.close(descriptor)
                return None
            if not taken:
                if not told:
                    pid = _holder(descriptor)
                    holder = f" (pid {pid})" if pid is not None else ""
                    notify(f"waiting for another build of {out_dir}{holder} to finish...")
                    told = True
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            # A build removing this cache held the lock before us, and removed the file with
            # the folder: our lock is on a file no one else can find. Start again.
            if _same_file(descriptor, lock_file):
                _write_pid(descriptor)
                return descriptor
        except BaseException:  # interrupted while waiting, say: never keep a descriptor
            os.close(descriptor)
            raise
        os.close(descriptor)


def remove_unless_in_use(folder: Path) -> bool:
    """Remove the cache `folder` unless a build holds its lock; whether it was removed."""
    lately = _started_lately(folder)  # asked before our own opening below touches the lock file
    if fcntl is None:
        return False if lately else _remove(folder)
    lock_file = folder / LOCK
    try:
        # created if missing (an older version's cache, or one made a moment ago): a build
        # opening it now waits for us, then finds it gone and makes its folder again
        descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:  # gone already, or not ours to lock: not ours to remove either
        return False
    try:
        taken = _try_lock(descriptor)
        if taken is None:  # no locks on this file system
            return False if lately else _remove(folder)
        if not taken or not _same_file(descriptor, lock_file):
            return False
        # Out of its name in one step, then removed: a build that comes for this cache from
        # now on finds no folder and makes a new one, rather than locking a file that the
        # removal deletes a moment later.
        doomed = folder
        if not folder.name.startswith(REMOVING):
            doomed = folder.with_name(f"{REMOVING}{secrets.token_hex(4)}")
            try:
                os.rename(folder, doomed)
            except OSError:
                return False
        shutil.rmtree(doomed, ignore_errors=True)
        return True
    finally:
        os.close(descriptor)


def _try_lock(descriptor: int) -> bool | None:
    """Whether the lock was taken; None where the file system has no locks (some network ones)."""
    assert fcntl is not None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return None
    return True


def _same_file(descriptor: int, path: Path) -> bool:
    try:
        named = os.stat(path)
    except OSError:
        return False
    opened = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _write_pid(descriptor: int) -> None:
    try:
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))
    except OSError:  # a full disk: the pid is for the message only
        pass


def _holder(descriptor: int) -> int | None:
    """The pid the holder wrote, None while it has not yet written it."""
    try:
        text = os.pread(descriptor, 32, 0).decode("ascii")
        return int(text)
    except (OSError, ValueError):
        return None


def _started_lately(folder: Path) -> bool:
    """For when there is no lock to ask: whether a build into this cache started within the hour."""
    for marker in (folder / LOCK, folder):
        try:
            return time.time() - marker.stat().st_mtime < UNLOCKED_IN_USE_FOR
        except OSError:
            continue
    return False


def _remove(folder: Path) -> bool:
    shutil.rmtree(folder, ignore_errors=True)
    return True
