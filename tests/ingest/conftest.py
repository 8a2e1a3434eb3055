"""Fixtures for the ingest tests: the project's countries with a fixed list of actors, and the
shared seed/corpus."""

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
# The actors the ingest tests know, fixed here so that the bundled archive's actors.yaml can grow
# (it names the actors of its briefings) without turning the tests' unknown names into known ones.
TEST_ACTORS = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "actors.yaml"


def copy_content(dest: Path) -> Path:
    """The project's content/ copied to `dest`/content, with the ingest tests' actors.yaml."""
    shutil.copytree(REPO / "content", dest / "content")
    shutil.copy(TEST_ACTORS, dest / "content" / "taxonomy" / "actors.yaml")
    return dest / "content"


def need(path: Path) -> Path:
    """The shared file, or a skip saying why; in CI shared/ is always there, so fail instead."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing; CI always has shared/ beside the repository")
        pytest.skip(f"{path} is not here (shared/ is expected beside the repository)")
    return path


@pytest.fixture(scope="session")
def vocabulary(tmp_path_factory: pytest.TempPathFactory) -> Vocabulary:
    root = tmp_path_factory.mktemp("ingest-vocabulary")
    found, diagnostics = load_vocabulary(copy_content(root), root)
    assert not diagnostics.errors
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's content and settings, without the hand-cleaned seed briefing."""
    copy_content(tmp_path)
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    hand_cleaned = tmp_path / "content/articles/2022/intense-diplomatic-activity-after-clashes-on-armenia-azerbaijan-border.md"
    hand_cleaned.unlink()
    return tmp_path
