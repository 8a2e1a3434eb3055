"""--add-actors: candidates appended to actors.yaml, comments kept, the file still valid."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.ingest.vocabulary import add_candidates
from generator.taxonomy import load_vocabulary

from .conftest import REPO


class FakeDraft:
    input = "report.txt"
    actor_candidates = ("Ash Carter", "Syrian Democratic Forces")
    candidate_kinds = (("Ash Carter", "person"), ("Syrian Democratic Forces", "organisation"), ("Blinken", "person"))


def test_candidates_are_appended_with_their_kind_and_the_file_stays_valid(tmp_path: Path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    actors_file = tmp_path / "content" / "taxonomy" / "actors.yaml"
    before = actors_file.read_text()
    vocabulary, _ = load_vocabulary(tmp_path / "content", tmp_path)
    assert add_candidates(actors_file, [FakeDraft(), FakeDraft()], vocabulary) == ("Ash Carter", "Syrian Democratic Forces")
    after = actors_file.read_text()
    assert after.startswith(before.rstrip("\n"))  # editors' comments and entries untouched
    reloaded, diagnostics = load_vocabulary(tmp_path / "content", tmp_path)
    assert not diagnostics.errors
    assert reloaded.actor("Ash Carter").kind == "person"
    assert reloaded.actor("Syrian Democratic Forces").kind == "organisation"
    assert "# added by briefings ingest from report.txt" in after


def test_nothing_new_leaves_the_file_untouched(tmp_path: Path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    actors_file = tmp_path / "content" / "taxonomy" / "actors.yaml"
    vocabulary, _ = load_vocabulary(tmp_path / "content", tmp_path)

    class Known(FakeDraft):
        actor_candidates = ()

    mtime = actors_file.stat().st_mtime_ns
    assert add_candidates(actors_file, [Known()], vocabulary) == ()
    assert actors_file.stat().st_mtime_ns == mtime
