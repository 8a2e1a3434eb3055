"""Whole-or-nothing writes, and which temporary files the next run may remove."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

import pytest

from generator.atomicfile import remove_stale_temporaries, write_atomically


def test_a_write_replaces_the_file_whole_and_leaves_nothing_beside_it(tmp_path: Path):
    target = tmp_path / "story.md"
    write_atomically(target, "first\n")
    write_atomically(target, "second\n")
    assert target.read_text() == "second\n"
    assert [p.name for p in tmp_path.iterdir()] == ["story.md"]


def test_without_replace_an_existing_file_is_kept(tmp_path: Path):
    target = tmp_path / "story.md"
    target.write_text("mine\n")
    with pytest.raises(FileExistsError):
        write_atomically(target, "theirs\n", replace=False)
    assert target.read_text() == "mine\n" and [p.name for p in tmp_path.iterdir()] == ["story.md"]


def test_a_replaced_file_keeps_its_mode_and_a_new_one_is_readable_by_all(tmp_path: Path):
    kept = tmp_path / "actors.yaml"
    kept.write_text("old\n")
    kept.chmod(0o640)
    write_atomically(kept, "new\n")
    assert kept.stat().st_mode & 0o777 == 0o640
    new = tmp_path / "story.md"
    write_atomically(new, "text\n")
    assert new.stat().st_mode & 0o777 == 0o644


def test_an_unlocked_temporary_file_of_ours_is_a_leftover_and_removed(tmp_path: Path):
    leftover = tmp_path / ".story.md.k2j4h6g8.tmp"  # its writer was killed: nobody holds its lock
    leftover.write_text("half a brief")
    assert remove_stale_temporaries(tmp_path) == [leftover]
    assert not leftover.exists()


def test_a_temporary_file_a_live_writer_holds_is_left_alone(tmp_path: Path):
    live = tmp_path / ".story.md.a1b2c3d4.tmp"
    live.write_text("being written")
    descriptor = os.open(live, os.O_RDWR)  # as write_atomically holds it
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        assert remove_stale_temporaries(tmp_path) == []
        assert live.exists()
    finally:
        os.close(descriptor)


def test_the_older_unlocked_form_is_removed_only_when_an_hour_old(tmp_path: Path):
    # `.slug.XXXXXXXX.tmp`: written without a lock by `briefings new` and by older versions
    young, old = tmp_path / ".story.abcd1234.tmp", tmp_path / ".other.abcd1234.tmp"
    young.write_text("")
    old.write_text("")
    an_hour_and_more_ago = time.time() - 3700
    os.utime(old, (an_hour_and_more_ago, an_hour_and_more_ago))
    assert remove_stale_temporaries(tmp_path) == [old]
    assert young.exists()


@pytest.mark.parametrize("name", ["story.md", ".story.md.bak", ".story.md.lock", ".story.md.tmp", ".notes.tmp", "x.abcd1234.tmp"])
def test_other_files_are_never_removed(tmp_path: Path, name: str):
    other = tmp_path / name
    other.write_text("someone's")
    os.utime(other, (0, 0))
    assert remove_stale_temporaries(tmp_path) == []
    assert other.exists()
