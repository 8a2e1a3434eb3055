"""At most three output folders' build caches are kept: the current one always, none
whose output folder is gone, and of the rest the most recently used."""

from __future__ import annotations

import os
from pathlib import Path

from generator.incremental.cache import CACHE_DIR, TARGET, BuildCache
from generator.incremental.cacheeviction import CacheFolder, caches_to_remove


def folder(name: str, used: int, exists: bool = True) -> CacheFolder:
    return CacheFolder(name, output_exists=exists, last_used_ns=used)


def test_caches_of_output_folders_that_no_longer_exist_are_removed():
    caches = [folder("site", 5), folder("preview", 9, exists=False)]
    assert caches_to_remove(caches, current="site") == ["preview"]


def test_of_living_caches_the_least_recently_used_go_beyond_three():
    caches = [folder("site", 50), folder("a", 40), folder("b", 30), folder("c", 20), folder("d", 10)]
    assert caches_to_remove(caches, current="site") == ["c", "d"]


def test_the_current_cache_is_kept_even_when_it_is_the_oldest():
    # a build into a folder not used for months: its cache is the one being used now
    caches = [folder("old", 1), folder("a", 40), folder("b", 30), folder("c", 20)]
    assert caches_to_remove(caches, current="old") == ["c"]


def test_the_current_cache_is_kept_even_before_its_output_folder_exists():
    assert caches_to_remove([folder("new", 0, exists=False)], current="new") == []


def test_ties_in_last_use_are_broken_by_name_not_listing_order():
    caches = [folder("site", 9), folder("y", 5), folder("x", 5), folder("z", 5)]
    assert caches_to_remove(caches, current="site") == ["z"]
    assert caches_to_remove(list(reversed(caches)), current="site") == ["z"]


def test_three_or_fewer_caches_are_all_kept():
    caches = [folder("site", 1), folder("a", 2), folder("b", 3)]
    assert caches_to_remove(caches, current="site") == []


def test_a_fourth_output_folder_removes_the_cache_used_longest_ago(tmp_path: Path):
    root = tmp_path / "project"
    root.mkdir()
    outs = [tmp_path / f"out-{n}" for n in range(4)]
    for out in outs:
        out.mkdir()
    caches = [BuildCache.for_output(root, out).folder for out in outs[:3]]
    assert all(cache.is_dir() for cache in caches)
    for seconds, cache in enumerate(caches, start=1):  # used long ago, in this order (not within one clock tick)
        os.utime(cache / TARGET, ns=(seconds * 10**9, seconds * 10**9))
    BuildCache.for_output(root, outs[1])  # used again: now the most recent of the first three
    fourth = BuildCache.for_output(root, outs[3]).folder
    left = sorted(path.name for path in (root / CACHE_DIR).iterdir())
    assert left == sorted([caches[1].name, caches[2].name, fourth.name])  # out-0's went
    # and an output folder removed takes its cache with it at the next build
    outs[2].rmdir()
    BuildCache.for_output(root, outs[1])
    assert sorted(path.name for path in (root / CACHE_DIR).iterdir()) == sorted([caches[1].name, fourth.name])
