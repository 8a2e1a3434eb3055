"""The bytes of briefing files the input index read, held for reading them as text: given
once, within a bound, and read into the same text and the same problems as from disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import readahead
from generator.content import MAX_FILE_BYTES, read_text
from generator.diagnostics import Diagnostics


@pytest.fixture(autouse=True)
def nothing_held():
    readahead.let_go()
    yield
    readahead.let_go()


def test_bytes_held_are_given_once_and_within_the_bound(monkeypatch):
    monkeypatch.setattr(readahead, "HELD_BYTES", 10)
    readahead.hold("/a.md", b"123456")
    readahead.hold("/b.md", b"123456")  # past the bound: not held
    assert readahead.take("/b.md") is None
    assert readahead.take("/a.md") == b"123456"
    assert readahead.take("/a.md") is None
    readahead.hold("/c.md", b"1")
    readahead.let_go()
    assert readahead.take("/c.md") is None


@pytest.mark.parametrize("data", [
    "---\ntitle: Talks\n---\nText\n".encode("utf-8"),
    "\ufeff---\ntitle: Talks\n---\nText\n".encode("utf-8"),
    b"---\ntitle: Talks\n---\nA NUL \x00 here\n",
    b"---\ntitle: Talks\n---\n\xff\xfe not UTF-8\n",
    b"x" * (MAX_FILE_BYTES + 1),
])
def test_held_bytes_read_as_the_file_would_be(tmp_path: Path, data: bytes):
    file = tmp_path / "talks.md"
    file.write_bytes(data)
    from_disk = Diagnostics()
    expected = read_text(file, "talks.md", from_disk)
    readahead.hold(str(file), data)
    file.write_bytes(b"changed since")  # the bytes held are read, not the file's
    held = Diagnostics()
    assert read_text(file, "talks.md", held) == expected
    assert [str(item) for item in held.items] == [str(item) for item in from_disk.items]


def test_bytes_held_again_replace_those_held_before(monkeypatch):
    monkeypatch.setattr(readahead, "HELD_BYTES", 10)
    readahead.hold("/a.md", b"old")
    readahead.hold("/a.md", b"new version")  # past the bound: the old bytes are not kept either
    assert readahead.take("/a.md") is None
    readahead.hold("/a.md", b"12345678")
    assert readahead.take("/a.md") == b"12345678"
    readahead.hold("/b.md", b"1234567890")  # what was taken no longer counts against the bound
    assert readahead.take("/b.md") == b"1234567890"


def test_an_input_index_holds_only_what_it_read_itself(tmp_path: Path):
    from generator.config import load_settings
    from generator.incremental.inputs import input_digest

    (tmp_path / "content/articles").mkdir(parents=True)
    file = tmp_path / "content/articles/a.md"
    file.write_bytes(b"now")
    readahead.hold(f"{tmp_path}/content/articles/old.md", b"of an earlier build")
    input_digest(tmp_path, "key", load_settings(tmp_path), tmp_path / "theme", {})
    assert readahead.take(f"{tmp_path}/content/articles/old.md") is None
    assert readahead.take(str(file)) == b"now"
