"""Every change to a vocabulary file happens under its lock, from the file as it is then."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

import pytest

from generator.vocabulary_writer import lock_file_of, update_vocabulary_file


def test_the_change_sees_the_file_as_it_is_and_its_result_is_written(tmp_path: Path):
    actors = tmp_path / "actors.yaml"
    actors.write_text("- name: A\n  kind: person\n")
    seen = []
    assert update_vocabulary_file(actors, lambda text: seen.append(text) or text + "- name: B\n  kind: person\n")
    assert seen == ["- name: A\n  kind: person\n"]
    assert actors.read_text() == "- name: A\n  kind: person\n- name: B\n  kind: person\n"


def test_no_change_writes_nothing(tmp_path: Path):
    actors = tmp_path / "actors.yaml"
    actors.write_text("- name: A\n  kind: person\n")
    before = actors.stat().st_ino
    assert not update_vocabulary_file(actors, lambda text: None)
    assert not update_vocabulary_file(actors, lambda text: text)
    assert actors.stat().st_ino == before  # not even rewritten with the same text


def test_a_missing_file_is_empty_text(tmp_path: Path):
    actors = tmp_path / "taxonomy" / "actors.yaml"
    assert update_vocabulary_file(actors, lambda text: text + "- name: A\n  kind: person\n")
    assert actors.read_text() == "- name: A\n  kind: person\n"


def test_a_change_that_fails_leaves_the_file_as_it_was(tmp_path: Path):
    actors = tmp_path / "actors.yaml"
    actors.write_text("- name: A\n  kind: person\n")

    def refuse(text: str) -> str:
        raise ValueError("no")

    with pytest.raises(ValueError):
        update_vocabulary_file(actors, refuse)
    assert actors.read_text() == "- name: A\n  kind: person\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".actors.yaml.lock", "actors.yaml"]


def test_the_lock_beside_the_file_is_held_while_the_change_is_made(tmp_path: Path):
    actors = tmp_path / "actors.yaml"
    actors.write_text("")
    inside, release = threading.Event(), threading.Event()

    def slow_change(text: str) -> str:
        inside.set()
        release.wait()
        return text + "- name: A\n  kind: person\n"

    writer = threading.Thread(target=update_vocabulary_file, args=(actors, slow_change))
    writer.start()
    try:
        assert inside.wait(60)
        # another writer (any other open of the lock file) cannot take the lock now
        other = os.open(lock_file_of(actors), os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(other)
    finally:
        release.set()
        writer.join()
    other = os.open(lock_file_of(actors), os.O_RDWR)
    try:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again once the change is written
    finally:
        os.close(other)
    assert actors.read_text() == "- name: A\n  kind: person\n"
