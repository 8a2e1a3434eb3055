"""The output manifest's records of files, kept as columns, come back as they were saved."""

from __future__ import annotations

from pathlib import Path

from generator.incremental.cache import (
    MANIFEST_FILES, BuildCache, OutputManifest, OutputRecord, load_manifest, save_manifest, with_files,
)


def manifest(files: dict[str, OutputRecord]) -> OutputManifest:
    return OutputManifest(
        out_dir="/site", out_id=(1, 2), inputs="inputs", files=files, shadow_files={"index.html": "d0"},
        shadow_id=(1, 3),
    )


def test_the_records_of_files_come_back_as_saved(tmp_path: Path):
    cache = BuildCache(tmp_path)
    files = {
        "index.html": OutputRecord("d1", 120, 1_700_000_000_123_456_789, "f1"),
        "articles/2024/a/index.html": OutputRecord("d2", 4096, 1_700_000_000_000_000_001, "f2"),
        "sitemap.xml": OutputRecord("d3", 77, 5),  # not a page: no fingerprint
    }
    save_manifest(cache, manifest(files))
    token, loaded = load_manifest(cache)
    assert loaded.files == {} and loaded.shadow_files is None  # a build with nothing to do reads no records
    whole = with_files(cache, token, loaded)
    assert whole is not None
    assert whole.files == files and list(whole.files) == list(files)
    assert all(type(record) is OutputRecord for record in whole.files.values())
    assert whole.shadow_files == {"index.html": "d0"}


def test_records_whose_columns_do_not_line_up_are_not_trusted(tmp_path: Path):
    cache = BuildCache(tmp_path)
    save_manifest(cache, manifest({"index.html": OutputRecord("d1", 1, 2, "f1")}))
    token, loaded = load_manifest(cache)
    cache.save(MANIFEST_FILES, (token, (["index.html", "other.html"], ["d1"], [1], [2], ["f1"]), None))
    assert with_files(cache, token, loaded) is None
