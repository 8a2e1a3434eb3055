"""The offline edition as a reader meets it: unzipped and opened from file:// in
headless Chromium with no file-access flags, browsing and searching."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PWNED, unzip

ZIP = "fixture-briefings-offline.zip"
BLINKEN_BRIEFINGS = {
    "Blinken calls Pashinyan and Aliyev after border fighting",
    "Blinken visits Kyiv with new aid package",
    "Blinken in Riyadh for talks on Yemen",
}


def test_the_browser_here_keeps_a_page_from_disk_from_reading_the_files_beside_it(tmp_path: Path, page):
    # the point of the edition: it works where a page opened from disk may not fetch the
    # files beside it (Chromium without --allow-file-access-from-files), as the tests below show
    (tmp_path / "beside.json").write_text('{"read": true}', encoding="utf-8")
    (tmp_path / "index.html").write_text("<!doctype html><title>From disk</title>", encoding="utf-8")
    page.goto((tmp_path / "index.html").as_uri())
    fetched = page.evaluate("fetch('beside.json').then((r) => r.text(), (e) => 'refused: ' + e.name)")
    requested = page.evaluate(
        "() => { const r = new XMLHttpRequest(); try { r.open('GET', 'beside.json', false); r.send(); "
        "return r.responseText; } catch (e) { return 'refused: ' + e.name; } }"
    )
    assert (fetched, requested) == ("refused: TypeError", "refused: NetworkError")


@pytest.fixture(scope="module")
def edition(built_offline: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return unzip(built_offline / ZIP, tmp_path_factory.mktemp("reader"))


def styled(page) -> bool:
    """The theme's stylesheet was read from disk (the header's accent border)."""
    return page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomWidth") == "4px"


def test_home_region_briefing_actor_by_clicking_from_disk(edition: Path, page):
    page.goto((edition / "index.html").as_uri())
    assert styled(page)
    page.locator(".region-cards a.region-name", has_text="South Caucasus").click()
    page.wait_for_url("**/regions/south-caucasus/index.html")
    assert page.locator("h1").inner_text() == "South Caucasus"
    page.locator(".briefing-item-title a", has_text="Ceasefire holds").click()
    page.wait_for_url("**/articles/2023/ceasefire-holds-on-armenia-azerbaijan-border/index.html")
    assert page.locator("h1").inner_text() == "Ceasefire holds on the Armenia-Azerbaijan border"
    assert styled(page)
    page.locator(".briefing-terms a", has_text="Nikol Pashinyan").click()
    page.wait_for_url("**/actors/nikol-pashinyan/index.html")
    assert page.locator("h1").inner_text() == "Nikol Pashinyan"
    assert page.url.startswith("file://")


def results(page) -> list[str]:
    return page.locator(".search-result-link").all_inner_texts()


def wait_for_count(page, count: int) -> None:
    # expect() polls without eval, which the pages' Content-Security-Policy forbids
    from playwright.sync_api import expect

    expect(page.locator(".search-result-link")).to_have_count(count, timeout=20_000)


def test_searching_a_name_returns_the_briefings_that_mention_it_and_a_region_filter_narrows_them(edition: Path, page):
    page.goto((edition / "index.html").as_uri())
    page.fill("#site-search-q", "Blinken")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/index.html?q=Blinken")
    wait_for_count(page, 3)
    assert set(results(page)) == BLINKEN_BRIEFINGS
    assert page.locator(".search-status").inner_text() == "3 briefings found"
    # matches are highlighted in the excerpts
    marks = {m.lower() for m in page.locator(".search-result-excerpt mark").all_inner_texts()}
    assert marks == {"blinken"}

    page.locator(".search-filter[data-filter=region] summary").click()
    page.locator(".search-filter-option", has_text="Middle East").click()
    wait_for_count(page, 1)
    assert results(page) == ["Blinken in Riyadh for talks on Yemen"]

    page.locator(".search-result-link").click()
    page.wait_for_url("**/articles/2024/blinken-in-riyadh/index.html")
    assert page.locator("h1").inner_text() == "Blinken in Riyadh for talks on Yemen"


def test_filters_alone_list_a_years_briefings_newest_first(edition: Path, page):
    page.goto((edition / "search/index.html").as_uri())
    page.wait_for_selector("#search[data-ready]")
    page.locator(".search-filter[data-filter=year] summary").click()
    page.locator(".search-filter-option", has_text="2023").click()
    wait_for_count(page, 2)
    dates = page.locator(".search-result time").evaluate_all("(ts) => ts.map((t) => t.dateTime)")
    assert dates == sorted(dates, reverse=True) and all(d.startswith("2023-") for d in dates)


def test_a_word_prefix_finds_the_whole_word_and_no_match_says_so(edition: Path, page):
    page.goto((edition / "search/index.html").as_uri() + "?q=Pashin")
    wait_for_count(page, 1)  # "Blinken calls Pashinyan ..."; names under a briefing are not searched
    page.fill(".search-input", "zzzzunknownword")
    from playwright.sync_api import expect

    expect(page.locator(".search-status")).to_have_text("No briefings match.", timeout=20_000)
    assert results(page) == []


def test_hostile_text_stays_inert_in_the_offline_search(built_hostile: Path, tmp_path: Path, page):
    edition = unzip(built_hostile / ZIP, tmp_path / "reader")
    page.goto((edition / "search/index.html").as_uri() + "?q=payload")
    wait_for_count(page, 1)
    assert results(page) == ["<img src=x onerror=window.__pwned_title=1> Payload"]
    excerpt = page.locator(".search-result-excerpt")
    assert "<img src=x onerror=window.__pwned_body=1>" in excerpt.inner_text()
    assert page.locator(".search-result-excerpt mark").all_inner_texts() == ["Payload"]
    for name in ("region", "actor"):
        page.locator(f".search-filter[data-filter={name}] summary").click()
    page.wait_for_timeout(200)
    values = page.locator(".search-filter-value").all_inner_texts()
    assert "<img src=x onerror=window.__pwned_actor=1>" in values
    assert page.locator("#search img, #search script").count() == 0
    assert page.evaluate(PWNED) == []
    page.locator(".search-result-link").click()
    page.wait_for_url("**/articles/2024/hostile/index.html")
    assert page.evaluate(PWNED) == []


def test_a_region_edition_opens_at_its_region_and_searches_only_its_briefings(built_offline: Path, tmp_path: Path, page):
    edition = unzip(built_offline / "fixture-briefings-offline-south-caucasus.zip", tmp_path / "region")
    page.goto((edition / "index.html").as_uri())
    page.wait_for_url("**/regions/south-caucasus/index.html")  # the front page opens the region
    assert page.locator("h1").inner_text() == "South Caucasus"
    assert styled(page)
    page.fill("#site-search-q", "Blinken")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/index.html?q=Blinken")
    wait_for_count(page, 1)  # the whole edition finds three, in three regions
    assert results(page) == ["Blinken calls Pashinyan and Aliyev after border fighting"]
    page.locator(".search-result-link").click()
    page.wait_for_url("**/articles/2022/blinken-calls-pashinyan-and-aliyev/index.html")
    assert page.url.startswith("file://") and styled(page)
