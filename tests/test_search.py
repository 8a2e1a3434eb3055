"""The search index as one main index and a small recent part: what index_site
writes on a clean build (a compaction) and on an edit, what it leaves alone, and
what the manifest tells the browser (the parts, main's stale copies, the filter
counts). The real Pagefind binary runs on a built copy of the fixture archive."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import build_fixture_copy
from generator import search
from generator.search import (
    FILE_LIST, MANIFEST, IndexedPage, SearchIndex, filter_values, index_site, is_briefing_page, page_url,
    SearchIndexError, filter_file, read_filter_values, read_pages, varies_between_builds,
)

RIYADH = "articles/2024/blinken-in-riyadh/index.html"
RED_SEA = "articles/2024/red-sea-shipping-attacks/index.html"
KYIV = "articles/2023/blinken-visits-kyiv/index.html"
BRIEFINGS = 5  # the fixture archive's published briefings


def files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` by relative path: its bytes and its inode."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def manifest(site: Path) -> dict:
    return json.loads((site / MANIFEST).read_text(encoding="utf-8"))


def counts(site: Path, name: str) -> dict[str, int]:
    listed = read_filter_values(site)
    return {value: count for value, count, *_ in listed.get(name, [])}


def edit(site: Path, path: str, words: str) -> str:
    """Put `words` in the page's title, as a build does: a new file, not a write through a link."""
    page = site / path
    text = page.read_text(encoding="utf-8")
    page.unlink()
    page.write_text(text.replace("</h1>", f" {words}</h1>", 1), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def unindexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive built without a search index, to index in each test."""
    return build_fixture_copy(tmp_path_factory, "search", search=False)


@pytest.fixture
def site(unindexed: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(unindexed, copy)
    return copy


def test_a_briefing_page_is_what_the_index_holds_and_its_address_is_pagefinds():
    assert is_briefing_page(RED_SEA) and page_url(RED_SEA) == "/articles/2024/red-sea-shipping-attacks/"
    for path in ["index.html", "search/index.html", "archive/2024/index.html", "regions/middle-east/index.html",
                 "articles/2024/index.html", "articles/2024/slug/picture.webp", "articles/2024/a/b/index.html",
                 "pagefind/main/pagefind.js", "404.html"]:
        assert not is_briefing_page(path), path


def test_a_clean_index_is_one_main_index_of_every_briefing_with_nothing_hidden(site: Path):
    result = index_site(site)
    assert result == SearchIndex(pages=BRIEFINGS, words=result.words, filters=6, parts=("main",))
    assert result.words > 0
    assert manifest(site)["parts"] == ["main"] and manifest(site)["hidden"] == []
    bundle = site / "pagefind"
    assert sorted(p.name for p in bundle.iterdir()) == ["files.json", "filters", "main", "parts.json"]
    main = bundle / "main"
    assert sorted(page.removeprefix("/") + "index.html" for page in read_pages(main)) == sorted(
        p.relative_to(site).as_posix() for p in site.glob("articles/*/*/index.html"))
    # what an index instance loads, and nothing of the UIs it does not
    assert (main / "pagefind.js").is_file()
    assert not (main / "pagefind-worker.js").exists()  # every page runs Pagefind without its worker
    assert (main / "wasm.en.pagefind").is_file()
    assert not list(main.glob("pagefind-*ui*")) and not (main / "pagefind-highlight.js").exists()
    assert not [p for p in bundle.rglob("*") if p.name.startswith(".")]  # no temporary folder left


def test_the_manifest_counts_each_filter_value_over_the_briefings(site: Path):
    index_site(site)
    # the fixture's published briefings: two of the South Caucasus (a third is a draft,
    # left out), two of the Middle East, one of Eastern Europe
    assert counts(site, "region") == {"South Caucasus": 2, "Middle East": 2, "Eastern Europe": 1}
    assert counts(site, "year") == {"2022": 1, "2023": 2, "2024": 2}
    assert set(manifest(site)["filters"]) == {"actor", "country", "region", "source", "tag", "year"}


def test_each_filter_has_a_file_of_its_own_so_a_search_reads_only_the_ones_it_shows(site: Path):
    index_site(site)
    folder = site / "pagefind/filters"
    assert sorted(p.name for p in folder.iterdir()) == [f"{name}.json" for name in sorted(manifest(site)["filters"])]
    region = json.loads((folder / "region.json").read_text(encoding="utf-8"))
    assert {value for value, *_ in region} == {"South Caucasus", "Middle East", "Eastern Europe"}
    listed = json.loads((site / FILE_LIST).read_text(encoding="utf-8"))
    assert {f"pagefind/filters/{name}.json" for name in manifest(site)["filters"]} <= set(listed)


def test_a_filter_no_briefing_uses_any_more_loses_its_file(site: Path):
    index_site(site)
    (site / "pagefind/filters/flavour.json").write_text("[]", encoding="utf-8")  # as of an earlier build
    index_site(site, [edit(site, RED_SEA, "monsoon")])
    assert not (site / "pagefind/filters/flavour.json").exists()
    assert (site / "pagefind/filters/region.json").is_file()


def test_a_filter_name_that_is_no_plain_word_is_refused_not_made_a_path():
    assert filter_file("region") == "pagefind/filters/region.json"
    with pytest.raises(SearchIndexError, match="not a plain lower-case word"):
        filter_file("../etc")


def test_a_value_pagefind_stores_escaped_is_shown_unescaped_and_asked_for_as_stored():
    pages = [IndexedPage("en_1", {"actor": ["&lt;b&gt;Bold&lt;/b&gt;", "Plain"]}), IndexedPage("en_2", {"actor": ["Plain"]})]
    assert filter_values(pages) == {"actor": [["<b>Bold</b>", 1, "&lt;b&gt;Bold&lt;/b&gt;"], ["Plain", 2]]}


def test_an_edit_indexes_only_the_recent_part_and_hides_mains_stale_copy(site: Path):
    index_site(site)
    main_before = files(site / "pagefind/main")
    stale = read_pages(site / "pagefind/main")[page_url(RED_SEA)].id

    result = index_site(site, [edit(site, RED_SEA, "monsoon")])

    assert result.parts == ("recent",) and result.pages == BRIEFINGS
    assert files(site / "pagefind/main") == main_before  # same bytes, same inodes: not even rewritten
    recent = read_pages(site / "pagefind/recent")
    assert list(recent) == [page_url(RED_SEA)] and "monsoon" in recent_text(site, RED_SEA)
    assert manifest(site)["parts"] == ["main", "recent"] and manifest(site)["hidden"] == [stale]
    assert counts(site, "region")["Middle East"] == 2  # the edited briefing is counted once


def recent_text(site: Path, path: str) -> str:
    import gzip
    fragment = site / "pagefind/recent/fragment" / f"{read_pages(site / 'pagefind/recent')[page_url(path)].id}.pf_fragment"
    return gzip.decompress(fragment.read_bytes()).decode("utf-8")


def test_recent_keeps_every_briefing_changed_since_the_clean_build(site: Path):
    index_site(site)
    index_site(site, [edit(site, RED_SEA, "monsoon")])
    index_site(site, [edit(site, KYIV, "thaw")])
    assert sorted(read_pages(site / "pagefind/recent")) == sorted([page_url(RED_SEA), page_url(KYIV)])
    assert len(manifest(site)["hidden"]) == 2
    assert "monsoon" in recent_text(site, RED_SEA) and "thaw" in recent_text(site, KYIV)


def test_a_new_briefing_goes_to_recent_and_hides_nothing(site: Path):
    index_site(site)
    new = "articles/2025/blinken-in-riyadh/index.html"
    shutil.copytree(site / "articles/2024/blinken-in-riyadh", site / "articles/2025/blinken-in-riyadh")
    result = index_site(site, [new])
    assert result.pages == BRIEFINGS + 1
    assert list(read_pages(site / "pagefind/recent")) == [page_url(new)] and manifest(site)["hidden"] == []
    assert counts(site, "year")["2024"] == 3  # the copy says 2024, as the page it was copied from
    assert counts(site, "region")["Middle East"] == 3


def test_a_removed_briefing_is_hidden_and_no_longer_counted(site: Path):
    index_site(site)
    gone = read_pages(site / "pagefind/main")[page_url(KYIV)].id
    shutil.rmtree(site / "articles/2023/blinken-visits-kyiv")
    result = index_site(site, [KYIV])
    assert result.pages == BRIEFINGS - 1 and result.parts == ()
    assert manifest(site)["parts"] == ["main"] and manifest(site)["hidden"] == [gone]
    assert "Eastern Europe" not in counts(site, "region")
    assert not (site / "pagefind/recent").exists()


def test_a_page_whose_indexed_text_did_not_change_is_not_hidden(site: Path):
    # its related list changed, say: Pagefind gives both copies one id, and search.js keeps one
    index_site(site)
    page = site / RIYADH
    text = page.read_text(encoding="utf-8")
    page.unlink()
    page.write_text(text, encoding="utf-8")
    index_site(site, [RIYADH])
    assert read_pages(site / "pagefind/recent")[page_url(RIYADH)] == read_pages(site / "pagefind/main")[page_url(RIYADH)]
    assert manifest(site)["hidden"] == []


def test_more_changed_briefings_than_the_limit_compact_the_index(site: Path):
    index_site(site)
    index_site(site, [edit(site, RED_SEA, "monsoon")], recent_limit=1)
    assert manifest(site)["parts"] == ["main", "recent"]

    result = index_site(site, [edit(site, KYIV, "thaw")], recent_limit=1)

    assert result.parts == ("main",) and result.pages == BRIEFINGS
    assert manifest(site)["parts"] == ["main"] and manifest(site)["hidden"] == []
    assert not (site / "pagefind/recent").exists()
    main = read_pages(site / "pagefind/main")
    assert page_url(RED_SEA) in main and page_url(KYIV) in main


def test_a_pagefind_whose_version_cannot_be_read_is_an_error_not_a_compaction(site: Path, tmp_path: Path, monkeypatch):
    index_site(site)
    main_before = files(site)
    broken = tmp_path / "pagefind"  # answers --version with nothing and exit 1
    broken.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_executable", lambda: broken)
    with pytest.raises(SearchIndexError, match=r"--version failed \(exit 1\)"):
        index_site(site, [edit(site, RED_SEA, "monsoon")])
    # the index as it was: nothing rebuilt, nothing written
    assert {path: kept for path, kept in files(site).items() if path.startswith("pagefind/")} == {
        path: kept for path, kept in main_before.items() if path.startswith("pagefind/")
    }


def test_main_written_by_another_pagefind_version_is_compacted_anew(site: Path):
    index_site(site)
    entry = site / "pagefind/main/pagefind-entry.json"
    old = json.loads(entry.read_text(encoding="utf-8")) | {"version": "1.4.0"}
    entry.unlink()
    entry.write_text(json.dumps(old), encoding="utf-8")

    result = index_site(site, [edit(site, RED_SEA, "monsoon")])

    assert result.parts == ("main",)
    assert json.loads(entry.read_text(encoding="utf-8"))["version"] != "1.4.0"


def test_the_state_file_maps_mains_copies_and_one_of_another_main_is_not_trusted(site: Path, tmp_path: Path):
    state = tmp_path / "cache/search-main.json"
    index_site(site, state_file=state)
    kept = json.loads(state.read_text(encoding="utf-8"))
    main = read_pages(site / "pagefind/main")
    assert kept["pages"] == {url: [page.id, page.filters] for url, page in main.items()}
    # a state of another main (its ids made up): read main's fragments instead
    state.write_text(json.dumps(kept | {"pages": {url: ["en_made_up", {}] for url in main}}), encoding="utf-8")
    index_site(site, [edit(site, RED_SEA, "monsoon")], state_file=state)
    assert manifest(site)["hidden"] == ["en_made_up"]  # the state was for this main: trusted
    state.write_text(json.dumps(kept | {"main": "another"}), encoding="utf-8")
    index_site(site, [edit(site, KYIV, "thaw")], state_file=state)
    assert sorted(manifest(site)["hidden"]) == sorted([main[page_url(RED_SEA)].id, main[page_url(KYIV)].id])


def test_the_file_list_an_edit_writes_from_mains_kept_list_is_the_one_listing_main_gives(site: Path, tmp_path: Path):
    state = tmp_path / "cache/search-main.json"
    index_site(site, state_file=state)  # main compacted: its files listed and kept
    assert (tmp_path / "cache/search-main-files.json").is_file()
    def listed_of_main() -> list[str]:
        return [path for path in json.loads((site / FILE_LIST).read_text(encoding="utf-8")) if path.startswith("pagefind/main/")]

    index_site(site, [edit(site, RED_SEA, "monsoon")], state_file=state)  # from the kept list
    from_kept = listed_of_main()
    index_site(site, [edit(site, RED_SEA, "monsoon")])  # no state: main listed again
    assert listed_of_main() == from_kept and len(from_kept) > 5
    # a list kept for another main is not trusted
    kept = tmp_path / "cache/search-main-files.json"
    kept.write_text(json.dumps({"main": "another", "files": ["pagefind/main/made-up"]}), encoding="utf-8")
    index_site(site, [edit(site, KYIV, "thaw")], state_file=state)
    assert "pagefind/main/made-up" not in json.loads((site / FILE_LIST).read_text(encoding="utf-8"))


def test_re_indexing_writes_new_files_and_never_through_a_hard_link_to_the_last_build(site: Path, tmp_path: Path):
    # an incremental build starts its staging folder as hard links of the last output
    index_site(site)
    previous = files(site)
    staging = tmp_path / "staging"
    for path in previous:
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        os.link(site / path, staging / path)

    index_site(staging, [edit(staging, RIYADH, "again")])
    index_site(staging, [edit(staging, RIYADH, "and again")], recent_limit=0)  # a compaction

    assert files(site) == previous  # the last build is unchanged, bytes and inodes


def test_the_parts_by_year_of_an_earlier_build_are_replaced(site: Path):
    # an incremental build that starts from an output of before main and recent
    (site / "pagefind/2024/fragment").mkdir(parents=True)
    (site / "pagefind/2024/fragment/en_123.pf_fragment").write_bytes(b"old")
    (site / "pagefind/parts.json").write_text('{"parts": ["2024"]}', encoding="utf-8")

    result = index_site(site, [edit(site, RED_SEA, "monsoon")])

    assert result.parts == ("main",)  # no main to build on: compacted
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["files.json", "filters", "main", "parts.json"]


def test_with_no_briefings_there_is_no_part_and_an_empty_manifest(site: Path):
    index_site(site)
    shutil.rmtree(site / "articles")
    result = index_site(site, [RED_SEA])
    assert result.pages == 0 and result.parts == ()
    assert manifest(site) == {"parts": [], "hidden": [], "filters": []}
    assert read_filter_values(site) == {}
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["files.json", "filters", "parts.json"]


def test_the_file_list_names_what_a_browser_loads_and_no_file_named_anew_each_run(site: Path):
    index_site(site)
    index_site(site, [edit(site, RED_SEA, "monsoon")])
    listed = json.loads((site / FILE_LIST).read_text(encoding="utf-8"))
    on_disk = {p.relative_to(site).as_posix() for p in (site / "pagefind").rglob("*") if p.is_file()}
    assert set(listed) <= on_disk and "pagefind/parts.json" in listed
    assert {"pagefind/main/pagefind.js", "pagefind/main/wasm.en.pagefind"} <= set(listed)
    assert not [p for p in listed if p.endswith("pagefind-worker.js")]  # Pagefind runs without its worker
    for part in ("main", "recent"):
        assert [p for p in listed if p.startswith(f"pagefind/{part}/index/")]
        assert [p for p in listed if p.startswith(f"pagefind/{part}/fragment/")]
    # a merged part's own copy of Pagefind's code is never loaded
    assert not {"pagefind/recent/pagefind.js", "pagefind/recent/wasm.en.pagefind"} & set(listed)
    assert not [p for p in listed if varies_between_builds(p)]


# --- our own index (search_engine "own"): the same parts -------------------------


def own_main(site: Path) -> Path:
    return site / "pagefind/main" / manifest(site)["bases"]["main"]


def test_with_our_engine_an_edit_indexes_only_recent_and_hides_mains_copy(site: Path, tmp_path: Path):
    state = tmp_path / "cache/search-main.json"
    result = index_site(site, engine="own", state_file=state)
    assert result.parts == ("main",) and result.pages == BRIEFINGS
    assert manifest(site)["engine"] == "own" and manifest(site)["hidden"] == []
    main_before = files(site / "pagefind/main")
    listed = json.loads((site / FILE_LIST).read_text(encoding="utf-8"))
    assert {p.relative_to(site).as_posix() for p in own_main(site).rglob("*") if p.is_file()} <= set(listed)

    result = index_site(site, [edit(site, RED_SEA, "monsoon")], engine="own", state_file=state)

    assert result.parts == ("recent",) and result.pages == BRIEFINGS
    assert files(site / "pagefind/main") == main_before  # same bytes, same inodes: not even rewritten
    assert manifest(site)["parts"] == ["main", "recent"] and len(manifest(site)["hidden"]) == 1
    assert counts(site, "region")["Middle East"] == 2  # the edited briefing is counted once
    recent = site / "pagefind/recent" / manifest(site)["bases"]["recent"]
    assert json.loads((recent / "meta.json").read_text(encoding="utf-8"))["documents"] == 1


def test_with_our_engine_and_no_state_of_main_the_index_is_compacted(site: Path, tmp_path: Path):
    index_site(site, engine="own", state_file=tmp_path / "a/search-main.json")
    result = index_site(site, [edit(site, RED_SEA, "monsoon")], engine="own", state_file=tmp_path / "b/search-main.json")
    assert result.parts == ("main",) and manifest(site)["parts"] == ["main"] and manifest(site)["hidden"] == []


def test_switching_engines_compacts_and_leaves_nothing_of_the_other(site: Path, tmp_path: Path):
    state = tmp_path / "search-main.json"
    index_site(site, state_file=state)  # Pagefind: 5 briefings, under the threshold
    assert "engine" not in manifest(site)  # Pagefind's, as before there was a choice
    index_site(site, [edit(site, RED_SEA, "monsoon")], engine="own", state_file=state)
    assert manifest(site)["engine"] == "own" and manifest(site)["parts"] == ["main"]
    assert [p.name for p in (site / "pagefind/main").iterdir()] == [manifest(site)["bases"]["main"]]
    index_site(site, [edit(site, KYIV, "thaw")], engine="pagefind", state_file=state)
    assert (site / "pagefind/main/pagefind.js").is_file() and set(manifest(site)) == {"parts", "hidden", "filters"}
