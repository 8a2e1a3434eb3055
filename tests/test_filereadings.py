"""What was read of each file is kept, and read again only when the file may have changed:
another stamp (inode, size, modification or change time), or a change too shortly before
the read to trust the stamp."""

from __future__ import annotations

import os
import time
from pathlib import Path

from generator.filereadings import SETTLED_NS, KeptReadings, still_holds


def far_future() -> int:
    """A clock well past every file's times: each file counts as settled when read."""
    return time.time_ns() + 100 * SETTLED_NS


class FirstLines:
    """A reading: each file's first line, with the name of every file read, in order."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def __call__(self, file: Path) -> str:
        self.read.append(file.name)
        return file.read_text(encoding="utf-8").split("\n")[0]


def write(folder: Path, name: str, text: str) -> Path:
    file = folder / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


def test_files_are_read_once_until_one_is_edited_added_or_removed(tmp_path: Path):
    write(tmp_path, "2024/talks.md", "Talks resume\n")
    edited = write(tmp_path, "2024/truce.md", "Truce holds\n")
    write(tmp_path, "2024/notes.txt", "not a briefing\n")
    reading = FirstLines()
    kept = KeptReadings(tmp_path, reading, clock=far_future)
    assert list(kept.current().values()) == ["Talks resume", "Truce holds"]
    assert list(kept.current().values()) == ["Talks resume", "Truce holds"]
    assert reading.read == ["talks.md", "truce.md"]

    reading.read.clear()
    edited.write_text("Truce breaks\n", encoding="utf-8")
    write(tmp_path, "2023/border.md", "Border reopens\n")
    (tmp_path / "2024/talks.md").unlink()
    assert kept.current() == {tmp_path / "2023/border.md": "Border reopens", edited: "Truce breaks"}
    assert reading.read == ["border.md", "truce.md"]


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_still_seen(tmp_path: Path):
    # as `cp -p` or `rsync -t` leave a file: its change time tells
    story = write(tmp_path, "talks.md", "Talks resume\n")
    kept = KeptReadings(tmp_path, FirstLines(), clock=far_future)
    assert list(kept.current().values()) == ["Talks resume"]
    before = story.stat()
    story.write_text("Talks recess\n", encoding="utf-8")
    os.utime(story, ns=(before.st_atime_ns, before.st_mtime_ns))
    while story.stat().st_ctime_ns == before.st_ctime_ns:  # all in one tick of the file clock: wait for the next
        os.utime(story, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (story.stat().st_ino, story.stat().st_size, story.stat().st_mtime_ns) == (
        before.st_ino, before.st_size, before.st_mtime_ns)
    assert list(kept.current().values()) == ["Talks recess"]


def test_a_file_read_within_moments_of_its_last_change_is_read_again_until_it_settles(tmp_path: Path):
    # a second write in the same tick of the file clock could keep the stamp of the first
    story = write(tmp_path, "talks.md", "Talks resume\n")
    changed_at = story.stat().st_ctime_ns
    now = [changed_at]  # read at the moment of the write
    reading = FirstLines()
    kept = KeptReadings(tmp_path, reading, clock=lambda: now[0])
    kept.current()
    kept.current()
    assert reading.read == ["talks.md"] * 2
    now[0] = changed_at + SETTLED_NS + 1  # read once more when settled; from then on, trusted
    kept.current()
    kept.current()
    assert reading.read == ["talks.md"] * 3


def test_a_reading_holds_only_for_the_same_stamp_and_a_change_well_before_the_read():
    stamp = (7, 120, 5 * SETTLED_NS, 5 * SETTLED_NS)  # inode, size, modified, changed
    read_later = 7 * SETTLED_NS
    assert still_holds(stamp, read_later, stamp)
    assert not still_holds(stamp, 5 * SETTLED_NS + SETTLED_NS // 2, stamp)  # read just after the change
    for other in [(8, 120, *stamp[2:]), (7, 121, *stamp[2:]), (7, 120, stamp[2] + 1, stamp[3]),
                  (7, 120, stamp[2], stamp[3] + 1)]:
        assert not still_holds(stamp, read_later, other)


def test_a_missing_folder_holds_nothing(tmp_path: Path):
    assert KeptReadings(tmp_path / "absent", FirstLines()).current() == {}
