"""Files written whole or not at all, file locks, and the leftovers of a killed writer.

A file is written to a hidden temporary file beside it (`.<name>.<random>.tmp`, same
folder, so the last step is a rename) and renamed into place: a reader never sees half a
file. The writer holds an `flock` on its temporary file for as long as it lives, so the
next run can tell a leftover of a killed process (unlocked: the kernel drops the locks of
a dead process) from the live file of a run going on beside it (locked). No pid in the
name: a pid is reused, and means nothing on another machine sharing the folder.

POSIX only (`fcntl`), like the rest of the writing code.
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

# `.<target name>.<8 random characters>.tmp`: the target's own name ends in .md or .yaml,
# which keeps this apart from other hidden temporary files in a content folder
OWN_TEMPORARY = re.compile(r"^\..+\.(?:md|yaml)\.[a-z0-9_]{8}\.tmp$")
# `.<slug>.<random>.tmp`, written without a lock by older versions of ingest and by
# `briefings new`: only its age tells that no live process is writing it
UNLOCKED_TEMPORARY = re.compile(r"^\.[^.]+\.[a-z0-9_]{8}\.tmp$")
UNLOCKED_STALE_AFTER = 3600  # seconds; such a file lives for milliseconds


def write_atomically(path: Path, text: str | bytes, *, replace: bool = True) -> None:
    """Write `text` (UTF-8, LF line ends) or bytes to `path` through a locked temporary file and a rename.

    With `replace=False` an existing file is never replaced, even one that appeared a
    moment ago: the temporary file is hard-linked to the target name, which fails with
    FileExistsError if the name is taken.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = _locked_temporary(path)
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(descriptor, "wb", closefd=False) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            _link_without_replacing(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)  # gone already after a rename
        os.close(descriptor)  # releases the lock, after the name is gone


def _link_without_replacing(temporary: Path, path: Path) -> None:
    try:
        os.link(temporary, path)  # FileExistsError when the name is taken
    except FileExistsError:
        raise
    except OSError:
        # a file system without hard links: the check before the rename is the best we can do
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(temporary, path)


def _locked_temporary(path: Path) -> tuple[int, Path]:
    """A new temporary file beside `path`, open and locked by this process.

    Its mode is the mode of the file it replaces, or 0644 (as `briefings new` writes).
    """
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0o644
    while True:
        descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.fchmod(descriptor, mode)  # mkstemp's 0600 would hide the file from the group
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        # A cleaner may have found the file between its creation and our lock, taken it
        # for a leftover and removed it: then it has no name any more, and we start again.
        if os.fstat(descriptor).st_nlink > 0:
            return descriptor, Path(name)
        os.close(descriptor)


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files a killed writer left in `folder`; the ones removed.

    Only our own names; a file some live process still holds locked is left alone, and so
    is one in the unlocked older form that is less than an hour old.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed  # a folder we cannot list is reported by whoever reads it
    now = time.time() if now is None else now
    for entry in entries:
        if not entry.is_file(follow_symlinks=False):
            continue
        path = Path(entry.path)
        try:
            if OWN_TEMPORARY.match(entry.name):
                if _remove_if_unlocked(path):
                    removed.append(path)
            elif UNLOCKED_TEMPORARY.match(entry.name):
                if now - entry.stat(follow_symlinks=False).st_mtime > UNLOCKED_STALE_AFTER:
                    path.unlink()
                    removed.append(path)
        except FileNotFoundError:
            continue  # its writer finished and renamed it meanwhile
        except OSError:
            continue  # not ours to remove after all (permissions): leave it
    return removed


def _remove_if_unlocked(path: Path) -> bool:
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_NOFOLLOW)
    except PermissionError:  # another user's file: a read-only descriptor can still be locked here
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a live writer holds it
        # still the file we locked, not a new one that took the name after a rename
        if os.stat(path, follow_symlinks=False).st_ino != os.fstat(descriptor).st_ino:
            return False
        path.unlink()
        return True
    finally:
        os.close(descriptor)


@contextmanager
def exclusive_lock(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive `flock` on `lock_file` (created if missing) for the `with` block.

    The lock file is never removed: removing it would let two processes lock two
    different files of the same name.
    """
    descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock
