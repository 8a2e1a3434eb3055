"""The search index in parts, one per year: what index_site writes, what it
leaves alone, and that a part re-indexed alone is the part a full index writes.
The real Pagefind binary runs on a built copy of the fixture archive."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import build_fixture_copy
from generator.search import MANIFEST, Part, SearchIndex, index_site, part_of, parts_of, split_year, varies_between_builds

YEARS = ["2024", "2023", "2022"]  # the fixture archive's years, newest first


def files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` by relative path: its bytes and its inode."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def manifest(site: Path) -> dict:
    return json.loads((site / MANIFEST).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def unindexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive built without a search index, to index in each test."""
    return build_fixture_copy(tmp_path_factory, "search", search=False)


@pytest.fixture
def site(unindexed: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(unindexed, copy)
    return copy


def test_the_part_of_a_briefing_page_is_its_year_and_other_pages_have_none():
    assert part_of("articles/2024/red-sea-shipping-attacks/index.html") == "2024"
    assert part_of("articles/1999/x/index.html") == "1999"
    for path in ["index.html", "search/index.html", "archive/2024/index.html", "regions/middle-east/index.html",
                 "articles/2024/index.html", "articles/2024/slug/picture.webp", "articles/2024/a/b/index.html",
                 "pagefind/2024/pagefind.js", "404.html"]:
        assert part_of(path) is None, path


def test_a_full_index_writes_one_part_per_year_and_a_manifest_newest_first(site: Path):
    result = index_site(site)
    assert result == SearchIndex(pages=5, words=result.words, filters=6, parts=tuple(YEARS))
    assert result.words > 0
    assert manifest(site) == {"parts": YEARS}
    bundle = site / "pagefind"
    assert sorted(p.name for p in bundle.iterdir()) == sorted(YEARS + ["parts.json"])
    for year in YEARS:
        part = bundle / year
        entry = json.loads((part / "pagefind-entry.json").read_text(encoding="utf-8"))
        briefings = len(list((site / "articles" / year).glob("*/index.html")))
        assert sum(language["page_count"] for language in entry["languages"].values()) == briefings
        # what an index instance loads, and nothing of the UIs it does not
        assert (part / "pagefind.js").is_file() and (part / "pagefind-worker.js").is_file()
        assert (part / "wasm.en.pagefind").is_file()
        assert not list(part.glob("pagefind-*ui*")) and not (part / "pagefind-highlight.js").exists()
    assert not [p for p in bundle.rglob("*") if p.name.startswith(".")]  # no temporary folder left


def test_re_indexing_one_part_leaves_every_other_file_byte_for_byte_and_inode_for_inode(site: Path):
    index_site(site)
    before = files(site / "pagefind")
    page = site / "articles/2024/red-sea-shipping-attacks/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " monsoon</h1>", 1), encoding="utf-8")

    result = index_site(site, {"2024"})

    assert result.parts == ("2024",) and result.pages == 5
    after = files(site / "pagefind")
    for path in before.keys() | after.keys():
        if not path.startswith("2024/"):
            assert after.get(path) == before[path], path  # same bytes, same inode: not even rewritten
    changed = {p for p in after if p.startswith("2024/") and after[p][0] != before.get(p, (None,))[0]}
    assert any(p.startswith("2024/fragment/") for p in changed)  # the edit is in the index
    assert manifest(site) == {"parts": YEARS}


def test_a_part_indexed_alone_is_the_part_a_full_index_writes(site: Path, tmp_path: Path):
    full = tmp_path / "full"
    shutil.copytree(site, full)
    index_site(full)
    index_site(site, {"2023"})
    alone, whole = files(site / "pagefind/2023"), files(full / "pagefind/2023")
    stable = {p for p in whole if not varies_between_builds("pagefind/2023/" + p)}
    assert stable and {p for p in alone if not varies_between_builds("pagefind/2023/" + p)} == stable
    assert {p: alone[p][0] for p in stable} == {p: whole[p][0] for p in stable}
    # Pagefind names filter chunks anew on each run, but the varying files keep their shape
    assert len(alone) == len(whole)


def test_removing_every_briefing_of_a_year_removes_its_part_and_its_manifest_entry(site: Path):
    index_site(site)
    shutil.rmtree(site / "articles/2022")

    result = index_site(site, {"2022"})

    assert result.parts == () and result.pages == 4
    assert not (site / "pagefind/2022").exists()
    assert manifest(site) == {"parts": ["2024", "2023"]}


def test_a_full_index_removes_the_parts_of_years_that_have_gone(site: Path):
    index_site(site)
    shutil.rmtree(site / "articles/2023")
    index_site(site)
    assert not (site / "pagefind/2023").exists()
    assert manifest(site) == {"parts": ["2024", "2022"]}


def test_a_new_year_gets_its_part_and_becomes_the_first_in_the_manifest(site: Path):
    index_site(site)
    shutil.copytree(site / "articles/2024/blinken-in-riyadh", site / "articles/2025/blinken-in-riyadh")
    result = index_site(site, {"2025"})
    assert result.parts == ("2025",) and result.pages == 6
    assert manifest(site) == {"parts": ["2025"] + YEARS}


def test_re_indexing_writes_new_files_and_never_through_a_hard_link_to_the_last_build(site: Path, tmp_path: Path):
    # an incremental build starts its staging folder as hard links of the last output
    index_site(site)
    previous = files(site)
    staging = tmp_path / "staging"
    for path in previous:
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        os.link(site / path, staging / path)
    page = staging / "articles/2024/blinken-in-riyadh/index.html"
    text = page.read_text(encoding="utf-8")
    page.unlink()  # the build replaces an edited page, it does not write through the link
    page.write_text(text.replace("</h1>", " again</h1>", 1), encoding="utf-8")

    index_site(staging, {"2024"})

    assert files(site) == previous  # the last build is unchanged, bytes and inodes
    assert files(staging / "pagefind/2024") != files(site / "pagefind/2024")


def test_a_part_written_by_another_pagefind_version_is_indexed_again_with_the_asked_ones(site: Path):
    index_site(site)
    entry = site / "pagefind/2022/pagefind-entry.json"
    old = json.loads(entry.read_text(encoding="utf-8")) | {"version": "1.4.0"}
    entry.unlink()
    entry.write_text(json.dumps(old), encoding="utf-8")

    result = index_site(site, {"2024"})

    assert result.parts == ("2024", "2022")
    assert json.loads(entry.read_text(encoding="utf-8"))["version"] != "1.4.0"


def test_the_single_bundle_of_an_earlier_build_is_replaced_by_parts(site: Path):
    # an incremental build that starts from an output of before the parts
    (site / "pagefind/fragment").mkdir(parents=True)
    (site / "pagefind/fragment/en_123.pf_fragment").write_bytes(b"old")
    (site / "pagefind/pagefind.js").write_text("// old", encoding="utf-8")

    result = index_site(site, {"2024"})

    assert result.parts == tuple(YEARS)  # the other parts had no bundle of this version
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == sorted(
        YEARS + ["parts.json"])


def test_a_part_asked_for_is_a_year_or_a_share_of_one_and_anything_else_is_refused_touching_nothing(site: Path):
    # a part's name becomes a folder under pagefind/ that re-indexing replaces or removes:
    # "../assets" would remove the site's stylesheets
    before = files(site)
    for not_a_part in ["../assets", "assets", "2024/../../assets", "", "2024-", "2024-ab", 2024]:
        with pytest.raises(ValueError, match=r"index parts are years or shares of one, like '2024' or '2024-m'"):
            index_site(site, {not_a_part})
        assert files(site) == before, not_a_part  # refused before anything was written or removed


def test_with_no_briefings_there_is_no_part_and_an_empty_manifest(site: Path):
    index_site(site)
    shutil.rmtree(site / "articles")
    result = index_site(site)
    assert result.pages == 0 and result.parts == ()
    assert manifest(site) == {"parts": []}
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["parts.json"]


# A year of more than PART_PAGES briefings is split by the slugs' first character.

def test_a_year_within_the_limit_is_one_part():
    assert split_year("2024", ["alpha", "bravo"], limit=2) == [Part("2024", "2024", "")]
    assert Part("2024", "2024", "").glob == "articles/2024/*/index.html"


def test_a_busy_year_is_split_into_shares_by_first_character_each_holding_about_the_limit():
    slugs = sorted(f"{initial}{n}" for initial in "abcdmnxyz7" for n in range(30))  # 300 slugs
    parts = split_year("2024", slugs, limit=100)
    assert [part.name for part in parts] == ["2024-7", "2024-c", "2024-x"]
    assert [part.initials for part in parts] == ["7ab", "cdmn", "xyz"]
    assert parts[0].glob == "articles/2024/[7ab]*/index.html"
    held = [[slug for slug in slugs if slug[0] in part.initials] for part in parts]
    assert sorted(sum(held, [])) == slugs  # every slug in exactly one share
    assert all(len(share) <= 120 for share in held)
    assert split_year("2024", list(reversed(slugs)), limit=100) == parts  # a function of the slugs alone


def test_a_hyphen_initial_stays_a_literal_in_the_glob():
    parts = split_year("2024", ["-x", "-y", "ab", "ac"], limit=2)
    assert parts[0].initials.startswith("-") and parts[0].name == "2024--"


@pytest.fixture
def split(site: Path) -> Path:
    """The fixture site indexed with parts of one briefing each: 2023 and 2024 are split."""
    index_site(site, part_size=1)
    return site


SPLIT = ["2024-b", "2024-r", "2023-b", "2023-c", "2022"]


def test_a_split_year_writes_a_part_per_share_newest_year_first(split: Path):
    assert manifest(split) == {"parts": SPLIT}
    for part in SPLIT:
        entry = json.loads((split / "pagefind" / part / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert sum(language["page_count"] for language in entry["languages"].values()) == 1


def test_an_edit_in_a_split_year_re_indexes_only_its_share(split: Path):
    before = files(split / "pagefind")
    path = "articles/2024/red-sea-shipping-attacks/index.html"
    page = split / path
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " monsoon</h1>", 1), encoding="utf-8")
    assert parts_of(split, [path], part_size=1) == {"2024-r"}
    assert index_site(split, {"2024-r"}, part_size=1).parts == ("2024-r",)
    after = files(split / "pagefind")
    touched = {p.split("/")[0] for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert touched == {"2024-r", "parts.json"} or touched == {"2024-r"}


def test_a_year_split_anew_is_indexed_again_whole(site: Path):
    index_site(site)  # 2023 as one part
    # an edit to one 2023 briefing, now that 2023 is over the limit: both its shares are new
    assert parts_of(site, ["articles/2023/blinken-visits-kyiv/index.html"], part_size=1) == {"2023-b", "2023-c"}
    index_site(site, {"2023-b", "2023-c"}, part_size=1)
    assert manifest(site) == {"parts": ["2024-b", "2024-r", "2023-b", "2023-c", "2022"]}
    assert not (site / "pagefind/2023").exists()
