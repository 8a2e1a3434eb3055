"""What was read of each file of a folder, kept in memory by a process that asks again and
again (the inbox of `briefings serve`, on every save and every look at its drafts), and
read again only when the file may have changed since.

Every call lists the folder and stats each file, so an edit, a new file or a removed one
is seen on the next call; only files unchanged since they were read are not read again.
A file is "unchanged" when its stamp (inode, size, modification and change time) is the
one it had when read, and it had not changed for SETTLED_NS before that read: file times
tick coarsely (1-4 ms on Linux, 2 s on FAT), so a second write within one tick of the
read could keep the stamp of the first (git calls such files "racily clean", and reads
them again too). The change time catches what the others miss: `cp -p` and `rsync -t`
put the old modification time back, but the change time is the kernel's own.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable, Generic, TypeVar

T = TypeVar("T")
FileStamp = tuple[int, int, int, int]  # (inode, size, modification ns, change ns): a write changes one
SETTLED_NS = 2_000_000_000


def file_stamp(file: Path) -> FileStamp | None:
    """The file's stamp, or None when it cannot be examined (gone since it was listed)."""
    try:
        status = file.stat()
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


def still_holds(stamp: FileStamp, read_at_ns: int, now: FileStamp) -> bool:
    """Whether what was read of a file at `read_at_ns`, when it had `stamp`, holds for the file
    as it is now (`now`): the same stamp, and no change within SETTLED_NS before the read."""
    return stamp == now and max(stamp[2], stamp[3]) < read_at_ns - SETTLED_NS


class KeptReadings(Generic[T]):
    """`read(file)` of every file matching `pattern` under `folder`, kept between calls."""

    def __init__(
        self, folder: Path, read: Callable[[Path], T], pattern: str = "*.md", clock: Callable[[], int] = time.time_ns,
    ):
        self.folder = folder
        self._read = read
        self._pattern = pattern
        self._clock = clock  # the time a file is read at, in ns (file times are of the same clock)
        self._kept: dict[Path, tuple[FileStamp, int, T]] = {}  # stamp, read at, reading
        self._lock = threading.Lock()  # a server answers each request in a thread of its own

    def current(self) -> dict[Path, T]:
        """The reading of each file there now, by path, in path order."""
        with self._lock:
            kept: dict[Path, tuple[FileStamp, int, T]] = {}
            if self.folder.is_dir():
                for file in sorted(self.folder.rglob(self._pattern)):
                    read_at = self._clock()  # before the stat: a change after it is after the read
                    stamp = file_stamp(file)
                    if stamp is None:
                        continue
                    entry = self._kept.get(file)
                    if entry is None or not still_holds(entry[0], entry[1], stamp):
                        entry = (stamp, read_at, self._read(file))
                    kept[file] = entry
            self._kept = kept
            return {file: reading for file, (_, _, reading) in kept.items()}
