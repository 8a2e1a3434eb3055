"""Atomic output: the site is written to a staging folder beside the output
folder and swapped into place in one step, so a failed or killed build leaves
the previous site whole.

The staging folder sits next to the output (same file system, so the swap is
a rename). On Linux the swap is one `renameat2(RENAME_EXCHANGE)`: readers see
either the old tree or the new one, never neither. Elsewhere it falls back to
two renames.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import os
import shutil
import stat
from pathlib import Path
from typing import Callable, Iterable

STAGING_PREFIX = ".staging-"
# The file that says a folder is the build's own (generator/outputdir.py writes and reads
# it). Removing a folder deletes it last, so a build killed halfway through removing a
# stale staging folder leaves one the next build still recognises and removes, never a
# half-deleted folder that looks foreign and stays for ever.
OWNERSHIP_MARKER = ".briefings-build"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


class DoubleWriteError(Exception):
    """Two pages claimed the same output path."""


class SiteWriter:
    """Writes output files into a staging folder, refusing to write one path twice.

    The staging folder of an incremental build starts as hard links to the
    previous site's files, so a file is never written in place: it is
    unlinked first, and the previous site keeps its own copy.
    """

    def __init__(self, staging: Path):
        self.staging = staging
        self.claimed: set[str] = set()  # every output path of this build
        self.written: dict[str, str] = {}  # path -> sha256 of what was written

    def claim(self, path: str) -> Path:
        """Reserve an output path (pages are claimed before they are rendered); its file."""
        if path in self.claimed:
            raise DoubleWriteError(f"two outputs would be written to {path}")
        # the build made the staging folder and every folder in it: no links to follow,
        # so a relative path without '..' stays inside
        if not path or path.startswith("/") or "\\" in path or ".." in path.split("/"):
            raise DoubleWriteError(f"output path {path!r} escapes the output folder")
        target = self.staging / path
        self.claimed.add(path)
        return target

    def write(self, path: str, data: bytes | str) -> None:
        target = self.claim(path)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        self.written[path] = write_file(target, payload)

    def copy_tree(self, source: Path, prefix: str) -> None:
        for file in sorted(source.rglob("*")):
            if file.is_file():
                self.write(f"{prefix}/{file.relative_to(source).as_posix()}", file.read_bytes())


# O_EXCL: a new file, never one written through (an incremental build's staging
# folder holds hard links to the previous site's files)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_file(target: Path | str, payload: bytes) -> str:
    """Write a new file at `target` (never through an existing link); its sha256.

    With plain `os` calls on the path's text: a build writes every page through here,
    and pathlib's objects and its unlink-then-mkdir cost a clean build of 1,000
    briefings about a tenth of a second of CPU (three system calls where one does
    for a file in a folder that exists)."""
    name = os.fspath(target)
    try:
        descriptor = os.open(name, _NEW_FILE, 0o666)
    except FileExistsError:  # the previous build's file (or a link to it): replaced, not written through
        os.unlink(name)
        descriptor = os.open(name, _NEW_FILE, 0o666)
    except FileNotFoundError:  # its folder is new
        os.makedirs(os.path.dirname(name), exist_ok=True)
        descriptor = os.open(name, _NEW_FILE, 0o666)
    # written by os.write, not through a file object: open() on the descriptor asks the
    # system for its size and whether it is a terminal, two calls a page for nothing
    try:
        left = memoryview(payload)
        while left:
            left = left[os.write(descriptor, left):]
    finally:
        os.close(descriptor)
    return hashlib.sha256(payload).hexdigest()


def link_tree(source: Path, target: Path, paths: Iterable[str]) -> None:
    """Hard-link each of `paths` from `source` into `target` (same file system)."""
    made: set[str] = set()  # folders known to exist in `target`
    source_text, target_text = os.fspath(source), os.fspath(target)
    for path in paths:  # on the paths' text: a clean build links every file of the site
        folder = path.rpartition("/")[0]
        if folder and folder not in made:
            _make_folder(target_text, folder, made)
        os.link(f"{source_text}/{path}", f"{target_text}/{path}")


def _make_folder(target: str, folder: str, made: set[str]) -> None:
    """Make `folder` under `target` (and the folders above it), noting them all in `made`:
    a page's folder whose parent is known costs one mkdir, not makedirs' walk up and stat
    (a clean build's site is a folder for each of its 2,000 pages at 1,000 briefings)."""
    parent = folder.rpartition("/")[0]
    if not parent or parent in made:
        try:
            os.mkdir(f"{target}/{folder}")
        except FileExistsError:
            if not os.path.isdir(f"{target}/{folder}"):
                raise
    else:
        os.makedirs(f"{target}/{folder}", exist_ok=True)
        while parent and parent not in made:
            made.add(parent)
            parent = parent.rpartition("/")[0]
    made.add(folder)


def remove_files(root: Path, paths: Iterable[str]) -> None:
    """Remove files under `root`, and the folders they leave empty."""
    folders: set[Path] = set()
    for path in paths:
        file = root / path
        try:
            file.unlink()
        except FileNotFoundError:
            continue
        folders.update(parent for parent in file.parents if parent != root and parent.is_relative_to(root))
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        try:
            folder.rmdir()
        except OSError:  # not empty
            pass


def staging_folder(out_dir: Path, create: bool = True, removable: Callable[[Path], bool] = lambda folder: True) -> Path:
    """A fresh staging folder beside `out_dir`; stale ones of killed builds are removed
    when `removable` says they are the build's own."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out_dir, removable)
    staging = out_dir.parent / f".{out_dir.name}{STAGING_PREFIX}{_process_identity(os.getpid())}"
    remove_tree(staging, ignore_errors=True)
    if create:
        staging.mkdir()
    return staging


def remove_stale_staging(out_dir: Path, removable: Callable[[Path], bool] = lambda folder: True) -> None:
    """Remove the staging folders of builds killed before they finished, where `removable`
    says they are the build's own (a killed build may have published and left the
    previous site in its staging folder, so even a build with nothing to do clears them)."""
    prefix = f".{out_dir.name}{STAGING_PREFIX}"
    for stale in out_dir.parent.glob(prefix + "*"):
        pid, _, started = stale.name[len(prefix):].partition("-")
        if not (pid.isdigit() and _alive(int(pid), started)) and removable(stale):
            remove_tree(stale, ignore_errors=True)


def _start_time(pid: int) -> str:
    """When process `pid` started, in clock ticks since boot ("" where /proc does not say).

    A process id alone is reused: on a busy machine a killed build's id soon belongs to
    another process, which would keep the killed build's staging folder alive."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat_file:
            fields = stat_file.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return ""
    return fields[19].decode("ascii") if len(fields) > 19 else ""  # field 22, starttime


def _process_identity(pid: int) -> str:
    started = _start_time(pid)
    return f"{pid}-{started}" if started else str(pid)


def _alive(pid: int, started: str = "") -> bool:
    if pid == os.getpid():
        return False  # our own leftover from an earlier build in this process
    if started and _start_time(pid) not in ("", started):
        return False  # the id now belongs to another process: the build that named it is gone
    try:
        os.kill(pid, 0)
    except OSError as exc:
        return exc.errno == errno.EPERM
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False when not supported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result != 0:
        code = ctypes.get_errno()
        if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            return False
        raise OSError(code, os.strerror(code), str(a))
    return True


def publish(staging: Path, out_dir: Path, keep_previous: bool = False) -> None:
    """Put the staged site at `out_dir`, replacing what was there.

    With `keep_previous`, the replaced site becomes the shadow folder
    (`shadow_folder`) instead of being deleted: the next incremental build
    turns it into the new site by changing only what changed, which on a
    large archive is far cheaper than linking and deleting every file.
    """
    out_dir = out_dir.resolve()
    shadow = shadow_folder(out_dir)
    remove_tree(shadow)
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    if _exchange(staging, out_dir):
        previous = staging  # now holds the previous site
    else:
        previous = out_dir.with_name(f".{out_dir.name}.previous-{os.getpid()}")
        os.rename(out_dir, previous)
        os.rename(staging, out_dir)
    if keep_previous:
        os.rename(previous, shadow)
    else:
        remove_tree(previous)


SHADOW_SUFFIX = ".shadow"


def shadow_folder(out_dir: Path) -> Path:
    """Where the site before the current one is kept, beside the output folder."""
    return out_dir.parent / f".{out_dir.name}{SHADOW_SUFFIX}"


def folder_identity(folder: Path) -> tuple[int, int] | None:
    """(device, inode) of a folder, to tell it is the one a build left; None if missing."""
    try:
        info = folder.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def adopt_shadow(out_dir: Path, removable: Callable[[Path], bool] = lambda folder: True) -> Path:
    """The shadow folder, renamed into a staging folder of this process.

    From here a killed build leaves a stale staging folder (removed by the
    next build), never a half-updated shadow that a later build would trust.
    """
    staging = staging_folder(out_dir, create=False, removable=removable)
    os.rename(shadow_folder(out_dir), staging)
    return staging


def sync_tree(tree: Path, has: dict[str, str], source: Path, wanted: dict[str, str]) -> None:
    """Make `tree`, holding the files `has` (path -> digest), hold `wanted` instead,
    hard-linking each changed or missing file from `source`, which holds `wanted`."""
    for path, digest in wanted.items():
        if has.get(path) != digest:
            target = tree / path
            try:
                target.unlink()
            except FileNotFoundError:
                target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source / path, target)
    remove_files(tree, [path for path in has if path not in wanted])


def discard(staging: Path) -> None:
    remove_tree(staging, ignore_errors=True)


def make_writable(folder: Path) -> None:
    """Give the owner full access to `folder` and every folder in it (links are not
    followed), so the build can change a tree it wrote that was made read-only since
    (`chmod -R a-w build/`). Raises PermissionError on folders of another owner."""

    def allow(path: str) -> None:
        mode = os.lstat(path).st_mode
        if not stat.S_ISLNK(mode) and mode & stat.S_IRWXU != stat.S_IRWXU:
            os.chmod(path, stat.S_IMODE(mode) | stat.S_IRWXU)

    allow(os.fspath(folder))
    for current, dirnames, _ in os.walk(folder):
        for name in dirnames:
            allow(os.path.join(current, name))


def remove_tree(folder: Path, ignore_errors: bool = False) -> None:
    """Remove a folder the build wrote, read-only folders in it included; nothing if missing.

    Only for folders known to be the build's own (generator/outputdir.py decides)."""
    try:
        try:
            _remove_marker_last(folder)
        except PermissionError:
            make_writable(folder)
            _remove_marker_last(folder)
    except FileNotFoundError:
        pass
    except OSError:
        if not ignore_errors:
            raise


def _remove_marker_last(folder: Path) -> None:
    if not folder.is_dir() or folder.is_symlink():
        shutil.rmtree(folder)  # raises as rmtree does: missing, or not a folder
        return
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name == OWNERSHIP_MARKER:
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
            except FileNotFoundError:  # removed meanwhile: what we wanted
                continue
    shutil.rmtree(folder)
