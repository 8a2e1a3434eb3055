"""What a reader sees: real headless Chromium over a build served on 127.0.0.1,
searching through Pagefind's JS API and through the search page."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import FIXTURE_ARCHIVE, PWNED, REPO, hostile_archive, serve
from generator.build import BuildOptions, build
from generator.content import load_articles
from generator.search import pagefind_executable

SEED_URL = "/articles/2022/intense-diplomatic-activity-after-clashes-on-armenia-azerbaijan-border/"
SEED_TITLE = "Intense diplomatic activity after clashes on Armenia-Azerbaijan border"

# Pagefind's JS API as a page would use it: the newest index part is the primary
# index and the other parts (pagefind/parts.json, newest first) are merged into it,
# once per page (the module is loaded once; merging again would double every result)
LOAD_PAGEFIND = """() => window.__mergedPagefind ??= (async () => {
  const bundle = new URL("pagefind/", document.baseURI);
  const { parts } = await (await fetch(new URL("parts.json", bundle))).json();
  const path = (part) => new URL(part + "/", bundle).pathname;
  const pagefind = await import(new URL(path(parts[0]) + "pagefind.js", bundle).href);
  await pagefind.options({ basePath: path(parts[0]) });
  for (const part of parts.slice(1)) {
    await pagefind.mergeIndex(path(part));
  }
  return pagefind;
})()"""
SEARCH_API = """async ([query, filters]) => {
  const pagefind = await (%s)();
  const search = await pagefind.search(query, { filters });
  const results = await Promise.all(search.results.map((r) => r.data()));
  return results.map((r) => r.url);
}""" % LOAD_PAGEFIND


BUNDLED, _ = load_articles(REPO, REPO / "content")


def expected_urls(region: str) -> set[str]:
    """The fixture briefings of `region`, read from the content independently of the site."""
    articles, _ = load_articles(FIXTURE_ARCHIVE, FIXTURE_ARCHIVE / "content")
    return {f"/articles/{a.date.year}/{a.slug}/" for a in articles if a.region == region and not a.draft}


def test_searching_blinken_through_the_api_returns_every_briefing_that_names_him(built_bundled: Path, page):
    with serve(built_bundled) as base:
        page.goto(base)
        urls = page.evaluate(SEARCH_API, ["Blinken", {}])
    # the bundled archive's text, read independently of the site
    naming = {f"/articles/{a.date.year}/{a.slug}/" for a in BUNDLED if "Blinken" in a.body}
    assert len(naming) == 4 and SEED_URL in naming
    assert set(urls) == naming
    # the briefing with his name in its title comes first
    assert urls[0] == "/articles/2015/deputy-secretary-of-state-antony-blinken-travel-to-iraq-november-22-23/"


def test_the_search_page_shows_the_seed_briefing_first(built_bundled: Path, page):
    with serve(built_bundled) as base:
        page.goto(base + "search/?q=Pashinyan")
        first = page.locator(".search-result-link").first
        first.wait_for()
        assert first.inner_text() == SEED_TITLE
        first.click()
        page.wait_for_url(base.rstrip("/") + SEED_URL)
        assert page.locator("h1").inner_text() == SEED_TITLE


def test_the_header_search_box_leads_to_results(built_bundled: Path, page):
    with serve(built_bundled) as base:
        page.goto(base + "actors/")
        page.fill("#site-search-q", "Mukalla")
        page.press("#site-search-q", "Enter")
        page.wait_for_url("**/search/?q=Mukalla")
        first = page.locator(".search-result-link").first
        first.wait_for()
        assert first.inner_text() == "Saudi-UAE rift deepens as coalition strikes ships at Mukalla"


def test_a_region_filter_returns_exactly_that_regions_briefings(built_fixture: Path, page):
    with serve(built_fixture) as base:
        page.goto(base)
        everything = page.evaluate(SEARCH_API, [None, {}])
        for region in ["South Caucasus", "Middle East", "Eastern Europe"]:
            filtered = page.evaluate(SEARCH_API, [None, {"region": region}])
            assert set(filtered) == expected_urls(region), region
            assert len(filtered) < len(everything)
        blinken = page.evaluate(SEARCH_API, ["Blinken", {}])
        narrowed = page.evaluate(SEARCH_API, ["Blinken", {"region": "Middle East"}])
    assert len(blinken) == 3
    assert narrowed == ["/articles/2024/blinken-in-riyadh/"]


def test_the_search_pages_region_filter_narrows_the_results(built_fixture: Path, page):
    with serve(built_fixture) as base:
        page.goto(base + "search/?q=Blinken")
        # (expect() polls without eval, which the pages' Content-Security-Policy forbids)
        from playwright.sync_api import expect

        results = page.locator(".search-result-link")
        expect(results).to_have_count(3, timeout=20_000)
        page.locator(".search-filter[data-filter=region] summary").click()
        page.locator(".search-filter-option", has_text="Middle East").click()
        expect(results).to_have_count(1, timeout=20_000)
        assert results.all_inner_texts() == ["Blinken in Riyadh for talks on Yemen"]


def test_hostile_text_stays_inert_in_search_results(tmp_path: Path, page):
    root = hostile_archive(tmp_path)
    build(BuildOptions(root=root, out_dir=root / "site"))
    with serve(root / "site") as base:
        page.goto(base + "search/?q=payload")
        page.locator(".search-result-link").first.wait_for()
        page.locator(".search-filter[data-filter=actor] summary").click()
        page.wait_for_timeout(300)
        assert "<img src=x onerror=window.__pwned_actor=1>" in page.locator(".search-filter-value").all_inner_texts()
        assert page.locator("#search img, #search script").count() == 0
        assert page.evaluate(PWNED) == []
        page.goto(base + "articles/2024/hostile/")
        assert page.evaluate(PWNED) == []


def test_the_search_page_finds_briefings_of_several_years_in_one_query(built_fixture: Path, page):
    # the fixture's Blinken briefings are of 2022, 2023 and 2024: three index parts
    with serve(built_fixture) as base:
        page.goto(base + "search/?q=Blinken")
        from playwright.sync_api import expect

        results = page.locator(".search-result-link")
        expect(results).to_have_count(3, timeout=20_000)
        years = sorted(href.split("/")[-3] for href in
                       results.evaluate_all("(links) => links.map((a) => a.href)"))
    assert years == ["2022", "2023", "2024"]


# The merged parts against one Pagefind index of the same pages, each answering in
# the same page: URLs with scores, the filter counts of the results, and of all pages.
COMPARE = """async ([query, filters]) => {
  const run = async (pagefind) => {
    const search = await pagefind.search(query, { filters });
    const urls = await Promise.all(search.results.map(async (r) => (await r.data()).url));
    return { urls, filters: search.filters, totalFilters: search.totalFilters };
  };
  const single = await import(new URL("single-index/pagefind.js", document.baseURI).href);
  return { single: await run(single), merged: await run(await (%s)()) };
}""" % LOAD_PAGEFIND


def test_the_merged_parts_find_what_one_index_finds_with_the_same_filter_counts(built_fixture: Path, tmp_path: Path,
                                                                               page):
    site = tmp_path / "site"
    shutil.copytree(built_fixture, site)
    subprocess.run([str(pagefind_executable()), "--site", str(site), "--glob", "articles/*/*/index.html",
                    "--output-path", str(site / "single-index"), "--quiet"], check=True)
    year = lambda url: url.split("/")[2]  # noqa: E731
    with serve(site) as base:
        page.goto(base)
        for query, filters in [("Blinken", {}), ("border", {}), ("the", {}), ("ceasefire", {}), ("talks Yemen", {}),
                               (None, {"region": "Middle East"}), ("Blinken", {"region": "South Caucasus"}),
                               (None, {})]:
            answer = page.evaluate(COMPARE, [query, filters])
            single, merged = answer["single"], answer["merged"]
            assert merged["urls"], (query, filters)
            # the same briefings, and the same counts for every filter value
            assert sorted(merged["urls"]) == sorted(single["urls"]), (query, filters)
            assert merged["filters"] == single["filters"], (query, filters)
            assert merged["totalFilters"] == single["totalFilters"], (query, filters)
            # The order is not always the same: Pagefind scores each part with its own
            # term statistics (a word's rarity among the part's pages, the part's
            # average page length) and sorts the merged results by those scores.
            # For "the", the fixture's 2022 briefing, alone in its part, rises above
            # a 2024 one. Within a year the order is the single index's order (on
            # this fixture: pages of one part share their statistics).
            for part in {year(url) for url in single["urls"]}:
                assert [u for u in merged["urls"] if year(u) == part] == [u for u in single["urls"] if year(u) == part]


def test_a_year_split_into_shares_is_searched_as_one(tmp_path: Path, page):
    """Parts of one briefing each (2023 and 2024 split by initial): the merged shares
    find what one index finds, with the same filter counts."""
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    settings = root / "pyproject.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("[tool.briefings]\n", "[tool.briefings]\nsearch_part_size = 1\n"),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    build(BuildOptions(root=root, out_dir=site))
    assert len(json.loads((site / "pagefind/parts.json").read_text(encoding="utf-8"))["parts"]) == 5
    subprocess.run([str(pagefind_executable()), "--site", str(site), "--glob", "articles/*/*/index.html",
                    "--output-path", str(site / "single-index"), "--quiet"], check=True)
    with serve(site) as base:
        page.goto(base)
        for query, filters in [("Blinken", {}), ("border", {}), (None, {"region": "Middle East"})]:
            answer = page.evaluate(COMPARE, [query, filters])
            single, merged = answer["single"], answer["merged"]
            assert merged["urls"] and sorted(merged["urls"]) == sorted(single["urls"]), (query, filters)
            assert merged["filters"] == single["filters"] and merged["totalFilters"] == single["totalFilters"]
