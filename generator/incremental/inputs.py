"""The input index: every file a build reads, with the digest of its bytes, and the
digest of them all, which says whether anything changed since the last build.

An unchanged archive of any size is checked in a moment: a file whose stat is what
the last build's index says is trusted to hold the bytes it held then (as git does).
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from generator import readahead
from generator.config import Settings
from generator.models import BuildOptions


# a file's (size, modification time in ns, inode, change time in ns): unchanged stat,
# unchanged file, as git assumes. The change time moves with permissions too: a file
# made unreadable must be read again (and reported), not trusted to be as it was.
FileStat = tuple[int, int, int, int]
SourceIndex = dict[str, tuple[FileStat, bytes]]  # path -> (stat, digest of its bytes)
# File systems keep modification times in ticks of a few ms (2 s on some), so a file
# written twice within one tick, with the same size, keeps its stat. As git does with
# "racily clean" entries, a file modified this close to the time the index was made
# is read again rather than trusted.
RACY_NS = 2_000_000_000
# the stat of what cannot be listed or followed (a folder without permission, a link
# loop, a link to nothing): in the digest, so that loading runs and reports it
UNREADABLE: FileStat = (-1, -1, -1, -1)


def files_on_disk(folder: Path) -> dict[str, FileStat]:
    """Every file under `folder` (symbolic links followed), by path relative to it;
    what cannot be listed or followed with the UNREADABLE stat."""
    found: dict[str, FileStat] = {}
    pending = [(folder, "")]
    while pending:
        current, prefix = pending.pop()
        try:
            entries = list(os.scandir(current))
        except FileNotFoundError:
            continue
        except OSError:
            found[prefix] = UNREADABLE
            continue
        for entry in entries:
            try:
                if entry.is_dir():
                    pending.append((Path(entry.path), f"{prefix}{entry.name}/"))
                    continue
                info = entry.stat()
            except OSError:  # a link to nothing or a loop: content loading reports it
                found[prefix + entry.name] = UNREADABLE
                continue
            found[prefix + entry.name] = (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
    return found


def settings_key(settings: Settings, options: BuildOptions, out_dir: Path) -> str:
    """Digest of the settings and the options that shape the output."""
    text = repr((settings, options.drafts, options.search, options.offline, str(out_dir)))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def input_digest(
    root: Path, settings_key: str, settings: Settings, theme_dir: Path, known: SourceIndex
) -> tuple[str, SourceIndex]:
    """Digest of everything a build reads: every file of content/ and of the theme,
    the settings and options (`settings_key`; the generator's own code keys the cache
    itself), and the index it was computed with. Only files whose stat differs from
    `known` are read, so an unchanged archive of any size is checked in a moment."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(settings_key.encode("ascii"))
    readahead.let_go()  # only bytes read now are held: never an earlier build's (a server builds again and again)
    made_at = time.time_ns()
    index: SourceIndex = {"": ((0, made_at, 0, 0), b"")}  # when this index was made
    trusted_before = known.get("", ((0, 0, 0, 0), b""))[0][1] - RACY_NS
    for label, folder in (("content", root / settings.content_dir), ("theme", theme_dir)):
        folder_text = os.fspath(folder)
        for relative, stat in sorted(files_on_disk(folder).items()):
            path = f"{label}/{relative}"
            found = known.get(path)
            if stat == UNREADABLE:
                file_digest = b"unreadable"
            elif found is not None and found[0] == stat and stat[1] < trusted_before:
                file_digest = found[1]
            else:
                file = f"{folder_text}/{relative}"
                try:
                    with open(file, "rb") as handle:
                        data = handle.read()
                except OSError:  # loading reports it, with its path
                    stat, file_digest = UNREADABLE, b"unreadable"
                else:
                    file_digest = hashlib.blake2b(data, digest_size=16).digest()
                    if label == "content" and relative.endswith(".md"):  # read again soon: content.read_text
                        readahead.hold(file, data)
            index[path] = (stat, file_digest)
            digest.update(path.encode("utf-8", "surrogateescape") + b"\0" + file_digest)
    return digest.hexdigest(), index
