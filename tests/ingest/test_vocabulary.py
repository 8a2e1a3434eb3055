"""--add-actors: candidates appended to actors.yaml, comments kept, the file still valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.ingest.vocabulary import VocabularyProblem, add_candidates
from generator.taxonomy import load_vocabulary

from .conftest import copy_content


class FakeDraft:
    input = "report.txt"
    actor_candidates = ("Ash Carter", "Syrian Democratic Forces")
    candidate_kinds = (("Ash Carter", "person"), ("Syrian Democratic Forces", "organisation"), ("Blinken", "person"))


def test_candidates_are_appended_with_their_kind_and_the_file_stays_valid(tmp_path: Path):
    copy_content(tmp_path)
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
    copy_content(tmp_path)
    actors_file = tmp_path / "content" / "taxonomy" / "actors.yaml"
    vocabulary, _ = load_vocabulary(tmp_path / "content", tmp_path)

    class Known(FakeDraft):
        actor_candidates = ()

    mtime = actors_file.stat().st_mtime_ns
    assert add_candidates(actors_file, [Known()], vocabulary) == ()
    assert actors_file.stat().st_mtime_ns == mtime


def test_a_run_that_read_the_vocabulary_before_another_run_added_to_it_keeps_both_runs_additions(tmp_path: Path):
    # Two runs start together and read the same actors.yaml; the other one adds first.
    copy_content(tmp_path)
    actors_file = tmp_path / "content" / "taxonomy" / "actors.yaml"
    read_at_start, _ = load_vocabulary(tmp_path / "content", tmp_path)

    class OtherRun(FakeDraft):
        input = "other.txt"
        actor_candidates = ("Ash Carter", "Lena Okafor")
        candidate_kinds = (("Ash Carter", "person"), ("Lena Okafor", "person"))

    assert add_candidates(actors_file, [OtherRun()], read_at_start) == ("Ash Carter", "Lena Okafor")
    # this run still has the vocabulary of the start, without the other run's names
    assert add_candidates(actors_file, [FakeDraft()], read_at_start) == ("Syrian Democratic Forces",)

    reloaded, diagnostics = load_vocabulary(tmp_path / "content", tmp_path)
    assert not diagnostics.errors
    assert all(reloaded.actor(name) for name in ("Ash Carter", "Lena Okafor", "Syrian Democratic Forces"))


def test_an_actors_file_with_errors_is_left_as_it_is_and_the_error_named(tmp_path: Path):
    copy_content(tmp_path)
    actors_file = tmp_path / "content" / "taxonomy" / "actors.yaml"
    vocabulary, _ = load_vocabulary(tmp_path / "content", tmp_path)
    broken = actors_file.read_text() + "\n- name: Nobody Kind\n  kind: planet\n"
    actors_file.write_text(broken)
    with pytest.raises(VocabularyProblem, match="it has errors, so nothing was added: line .*'kind' must be one of"):
        add_candidates(actors_file, [FakeDraft()], vocabulary)
    assert actors_file.read_text() == broken
