"""Fixtures for the ingest tests: the project's own vocabulary and the shared seed/corpus."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.taxonomy import Vocabulary, load_vocabulary

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared"
SEED = SHARED / "seeds" / "000_e4aa8bfa7932751b.txt"
CORPUS = SHARED / "corpus"


def need(path: Path) -> Path:
    """The shared file, or a skip saying why; in CI shared/ is always there, so fail instead."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing; CI always has shared/ beside the repository")
        pytest.skip(f"{path} is not here (shared/ is expected beside the repository)")
    return path


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    found, diagnostics = load_vocabulary(REPO / "content", REPO)
    assert not diagnostics.errors
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's content and settings, without the hand-cleaned seed briefing."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    hand_cleaned = tmp_path / "content/articles/2022/intense-diplomatic-activity-after-clashes-on-armenia-azerbaijan-border.md"
    hand_cleaned.unlink()
    return tmp_path
