"""What a reader sees: real headless Chromium over a build served on 127.0.0.1,
searching through Pagefind's JS API and through the search page."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import FIXTURE_ARCHIVE, PWNED, REPO, edit_add_and_delete, serve
from generator.build import BuildOptions, build
from generator.content import load_articles
from generator.search import pagefind_executable, read_filter_values

SEED_URL = "/articles/2022/intense-diplomatic-activity-after-clashes-on-armenia-azerbaijan-border/"
SEED_TITLE = "Intense diplomatic activity after clashes on Armenia-Azerbaijan border"

# Pagefind's JS API as the search page uses it: main is the primary index and recent,
# when there is one (pagefind/parts.json), is merged into it, once per page (the module
# is loaded once; merging again would double every result)
LOAD_PAGEFIND = """() => window.__mergedPagefind ??= (async () => {
  const root = new URL(document.documentElement.getAttribute("data-root") || "./", document.baseURI);
  const bundle = new URL("pagefind/", root);
  const { parts, hidden } = await (await fetch(new URL("parts.json", bundle))).json();
  const path = (part) => new URL(part + "/", bundle).pathname;
  const pagefind = await import(new URL(path(parts[0]) + "pagefind.js", bundle).href);
  await pagefind.options({ basePath: path(parts[0]) });
  for (const part of parts.slice(1)) {
    await pagefind.mergeIndex(path(part));
  }
  window.__hiddenIds = new Set(hidden);  // (a module's namespace takes no new property)
  return pagefind;
})()"""
# main's stale copies dropped, and a briefing in both parts under one id kept once (as search.js does)
CURRENT = """(pagefind, results) => {
  const seen = new Set();
  return results.filter((r) => !window.__hiddenIds.has(r.id) && !seen.has(r.id) && seen.add(r.id));
}"""
SEARCH_API = """async ([query, filters]) => {
  const pagefind = await (%s)();
  const search = await pagefind.search(query, { filters });
  const results = await Promise.all((%s)(pagefind, search.results).map((r) => r.data()));
  return results.map((r) => r.url);
}""" % (LOAD_PAGEFIND, CURRENT)


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


def test_hostile_text_stays_inert_in_search_results(built_hostile: Path, page):
    with serve(built_hostile) as base:
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
    # the fixture's Blinken briefings are of 2022, 2023 and 2024
    with serve(built_fixture) as base:
        page.goto(base + "search/?q=Blinken")
        from playwright.sync_api import expect

        results = page.locator(".search-result-link")
        expect(results).to_have_count(3, timeout=20_000)
        years = sorted(href.split("/")[-3] for href in
                       results.evaluate_all("(links) => links.map((a) => a.href)"))
    assert years == ["2022", "2023", "2024"]


# The search's parts against one Pagefind index of the same pages, each answering in
# the same page: the URLs found (main's stale copies dropped, as search.js does), and
# the filter lists' values and counts (pagefind/filters/NAME.json) against the single index's.
# (On the search page, whose rule for what a word matches drops the results of Pagefind's
# backtracking from either index: a word one part lacks is searched there as a prefix.)
COMPARE = """async ([query, filters]) => {
  const ui = window.BriefingsSearchUI;
  const urls = async (pagefind, results) => (await Promise.all(results.map((r) => r.data()))).filter(
    (data) => query === null || ui.answers(data.meta.title + " " + data.content, ui.wordsOf(query))).map((data) => data.url);
  const root = new URL(document.documentElement.getAttribute("data-root") || "./", document.baseURI);
  const single = await import(new URL("single-index/pagefind.js", root).href);
  const merged = await (%s)();
  return {
    single: await urls(single, (await single.search(query, { filters })).results),
    merged: await urls(merged, (%s)(merged, (await merged.search(query, { filters })).results)),
  };
}""" % (LOAD_PAGEFIND, CURRENT)
SINGLE_FILTERS = """async () => {
  const root = new URL(document.documentElement.getAttribute("data-root") || "./", document.baseURI);
  const single = await import(new URL("single-index/pagefind.js", root).href);
  return single.filters();
}"""


def test_after_edits_additions_and_a_deletion_the_search_finds_what_one_index_finds(tmp_path: Path, page):
    """A clean build, then an incremental one: a recent part, and main's copies of the
    changed and deleted briefings hidden. The search finds what one Pagefind index of the
    final pages finds, and the filter lists count what it counts."""
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    site = tmp_path / "site"
    build(BuildOptions(root=root, out_dir=site))
    edit_add_and_delete(root)
    build(BuildOptions(root=root, out_dir=site))
    manifest = json.loads((site / "pagefind/parts.json").read_text(encoding="utf-8"))
    assert manifest["parts"] == ["main", "recent"] and len(manifest["hidden"]) >= 2  # the edited, the deleted

    subprocess.run([str(pagefind_executable()), "--site", str(site), "--glob", "articles/*/*/index.html",
                    "--output-path", str(site / "single-index"), "--quiet"], check=True)
    with serve(site) as base:
        page.goto(base + "search/")
        page.wait_for_selector("#search[data-ready]")
        for query, filters in [("Blinken", {}), ("Austin", {}), ("monsoon", {}), ("border", {}), ("the", {}),
                               ("ceasefire", {}), ("talks Yemen", {}), ("Kyiv", {}),
                               (None, {"region": "Middle East"}), ("Blinken", {"region": "Eastern Europe"}),
                               (None, {})]:
            answer = page.evaluate(COMPARE, [query, filters])
            assert answer["merged"], (query, filters)
            assert sorted(answer["merged"]) == sorted(answer["single"]), (query, filters)
        single_filters = page.evaluate(SINGLE_FILTERS)
    listed = read_filter_values(site)
    assert {name: {value: count for value, count, *stored in values} for name, values in listed.items()} == {
        name: counts for name, counts in single_filters.items()}
