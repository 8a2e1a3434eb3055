"""Same content, same bytes: two clean builds differ only in Pagefind's own
varying files, and no build carries the machine's paths."""

from __future__ import annotations

import fnmatch
import gzip
import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.outputdir import MARKER
from generator.search import MANIFEST, VARYING_FILES, read_pages

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from make_corpus import make_corpus  # noqa: E402

# Pagefind 1.5 names its filter chunks, and so its entry file and metadata
# index, differently on identical rebuilds: in each part of the index
# (pagefind/main/, pagefind/recent/). This is the only allowed variation.
PAGEFIND_VARYING = (
    "pagefind/*/filter/*.pf_filter", "pagefind/*/pagefind-entry.json", "pagefind/*/pagefind.*.pf_meta"
)
assert PAGEFIND_VARYING == VARYING_FILES  # the build keeps exactly these out of everything it writes


def digests(site: Path) -> dict[str, str]:
    """Every file's digest but the marker's, which names the project the site came from."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def varying(path: str) -> bool:
    return any(fnmatch.fnmatch(path, pattern) for pattern in PAGEFIND_VARYING)


def assert_identical_outside_pagefind_variation(first: Path, second: Path) -> None:
    a, b = digests(first), digests(second)
    differing = {p for p in a.keys() | b.keys() if a.get(p) != b.get(p)}
    assert {p for p in differing if not varying(p)} == set()
    # the varying part is still the same shape: as many filter chunks, one entry file, one meta index
    for pattern in PAGEFIND_VARYING:
        assert len(fnmatch.filter(a, pattern)) == len(fnmatch.filter(b, pattern)) >= 1, pattern


def indexed_briefings(site: Path) -> dict[str, bytes]:
    """What the search finds, page by page: each briefing's fragment (its address, text,
    filters and metadata) as the browser reads it, main's stale copies left out and
    recent's copies taking their place (generator/search.py)."""
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    hidden = set(manifest["hidden"])
    found: dict[str, bytes] = {}
    for part in manifest["parts"]:
        for url, indexed in read_pages(site / "pagefind" / part).items():
            if indexed.id not in hidden:
                found[url] = gzip.decompress((site / "pagefind" / part / "fragment" / f"{indexed.id}.pf_fragment").read_bytes())
    return found


def assert_incremental_same_as_clean(incremental: Path, clean: Path) -> None:
    """An incremental build's output is a clean build's byte for byte, but for the search
    index, whose parts depend on the builds since the last clean one (a main index and
    the briefings changed since): that index finds the same briefings with the same text
    and filters, and the filter lists are the same bytes."""
    a, b = digests(incremental), digests(clean)
    differing = {p for p in a.keys() | b.keys() if a.get(p) != b.get(p)}
    assert {p for p in differing if not p.startswith("pagefind/")} == set()
    assert {p for p in differing if p.startswith("pagefind/filters/")} == set()
    assert indexed_briefings(incremental) == indexed_briefings(clean)


def assert_no_machine_paths(site: Path, *paths: Path) -> None:
    needles = [str(p).encode() for p in paths]
    for file in site.rglob("*"):
        if file.is_file() and not file.relative_to(site).as_posix().startswith("pagefind/"):
            data = file.read_bytes()
            assert not any(needle in data for needle in needles), file


def test_two_builds_of_the_bundled_archive_are_identical(tmp_path: Path):
    # with the offline edition: its zip and script index must be reproducible too
    build(BuildOptions(root=REPO, out_dir=tmp_path / "one", offline=True))
    build(BuildOptions(root=REPO, out_dir=tmp_path / "two", offline=True))
    assert any(p.suffix == ".zip" for p in (tmp_path / "one").iterdir())
    assert_identical_outside_pagefind_variation(tmp_path / "one", tmp_path / "two")
    assert_no_machine_paths(tmp_path / "one", REPO, tmp_path)


@pytest.fixture(scope="module")
def synthetic_1000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic-1000")
    make_corpus(1000, root, seed=11)
    return root


def test_two_builds_of_a_1000_briefing_archive_from_different_folders_are_identical(
    synthetic_1000: Path, tmp_path: Path
):
    copy = tmp_path / "elsewhere"
    shutil.copytree(synthetic_1000, copy)
    build(BuildOptions(root=synthetic_1000, out_dir=tmp_path / "one"))
    build(BuildOptions(root=copy, out_dir=tmp_path / "two"))
    assert len(digests(tmp_path / "one")) > 2000
    assert_identical_outside_pagefind_variation(tmp_path / "one", tmp_path / "two")
    assert_no_machine_paths(tmp_path / "one", synthetic_1000, copy, tmp_path)


def test_the_synthetic_corpus_is_itself_deterministic(tmp_path: Path):
    make_corpus(30, tmp_path / "a", seed=3)
    make_corpus(30, tmp_path / "b", seed=3)
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
