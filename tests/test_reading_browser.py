"""Reading as a reader does: headless Chromium over builds served on 127.0.0.1.

- Screenshots of home, a region, an article and a filtered search, at a desktop
  and a phone width, light and dark, go to test-output/reading/ (git-ignored)
  for a person to review; each must also fit its width.
- No page type scrolls sideways at 320 px, even with a long unbroken word and a
  long address in a briefing (the fixture's Red Sea briefing carries both); nor
  does any page type of the bundled build (long official titles and names), which
  test_accessibility.py checks on the page it loads for axe.
- A map's shades step in lightness one way as briefings grow, in both schemes; in
  the side column of an article, a briefing's date has its own line.
- On the bundled archive, a search address (a query, regions, an order) lists the
  same briefings in the same order on the web edition, the whole offline edition
  and the region's offline edition (test_search_page.py does it on the fixture).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, serve, unzip
from test_search_page import expected, press_more_until_done, show

SHOTS = REPO / "test-output" / "reading"
SCROLL_WIDTH = "document.documentElement.scrollWidth"

# Every page type of the fixture archive; the Red Sea briefing (long word, long
# address) is on the home page, its article, its region, country, actor, tag,
# source and archive pages, and in search results.
PAGE_TYPES = {
    "home": "",
    "article": "articles/2024/red-sea-shipping-attacks/",
    "region": "regions/middle-east/",
    "country": "countries/yemen/",
    "actor": "actors/houthis/",
    "tag": "tags/shipping/",
    "source": "sources/other-wire/",
    "regions index": "regions/",
    "countries index": "countries/",
    "actors index": "actors/",
    "tags index": "tags/",
    "sources index": "sources/",
    "archive": "archive/",
    "archive year": "archive/2024/",
    "archive month": "archive/2024/01/",
    "search": "search/?q=Houthis",
    "404": "404.html",
}


def wait_for_search_results(page) -> None:
    page.locator(".search-result-link").first.wait_for()


def test_no_page_type_scrolls_sideways_at_320_px(built_fixture: Path, page):
    page.set_viewport_size({"width": 320, "height": 640})
    overflowing = {}
    with serve(built_fixture) as base:
        for name, path in PAGE_TYPES.items():
            page.goto(base + path)
            if path.startswith("search/"):
                wait_for_search_results(page)
            width = page.evaluate(SCROLL_WIDTH)
            if width > 320:
                overflowing[name] = width
    assert not overflowing, f"page widths at 320 px: {overflowing}"


def test_the_fixtures_long_word_and_address_are_really_there(built_fixture: Path):
    # the test above proves nothing if the briefing lost what makes it hard to fit
    html = (built_fixture / PAGE_TYPES["article"] / "index.html").read_text(encoding="utf-8")
    assert "Seeschifffahrtskriegsrisikoversicherungsprämienerhöhung" in html
    assert 'href="https://www.example.org/maritime-security/advisories/' in html


SHOT_PAGES = {
    "home": "",
    "region": "regions/middle-east/",
    "article": "articles/2022/intense-diplomatic-activity-after-clashes-on-armenia-azerbaijan-border/",
    # a filtered search: the query, the region and the order live in the address
    "search": "search/?q=Mosul&region=Middle+East&sort=newest",
}


# The mean number of characters in a line of the article's paragraphs of three lines or more.
CHARACTERS_PER_LINE = """() => {
  let characters = 0, lines = 0;
  for (const p of document.querySelectorAll('.briefing-body p')) {
    const count = Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
    if (count >= 3) { characters += p.textContent.length; lines += count; }
  }
  return characters / lines;
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_for_review_fit_their_width(built_bundled: Path, page, width: int):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    with serve(built_bundled) as base:
        for name, path in SHOT_PAGES.items():
            page.emulate_media(color_scheme="light")
            page.goto(base + path)
            if name == "search":
                wait_for_search_results(page)
                assert page.locator(".search-result-link").count() >= 5  # Mosul is in many briefings
            # each page loaded once, shown in the light scheme and then the dark (as the
            # reader's system setting changes it, the page follows without a reload)
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                assert page.evaluate(SCROLL_WIDTH) <= width, f"{name} scrolls sideways at {width} px, {scheme}"
                if name == "article" and width == 1280:
                    assert 60 <= page.evaluate(CHARACTERS_PER_LINE) <= 80  # the reading measure
                page.screenshot(path=str(SHOTS / f"{name}-{width}-{scheme}.png"), full_page=True)


# a query, regions and an order; more than a page of results (20) for "coalition"
BUNDLED_ADDRESSES = [
    "?q=mosul&region=Middle+East&sort=newest",
    "?q=coalition&region=Middle+East&sort=oldest",
    "?q=blinken&sort=newest",
    "?q=blinken&region=South+Caucasus&sort=newest",
    "?region=Americas&region=South+Caucasus",
]


def bundled_expected(address: str) -> list[str]:
    return expected(address, REPO)


def every_result(page) -> list[str]:
    """The titles listed, "Show more results" pressed until it goes."""
    page.wait_for_selector("#search[data-ready]")
    press_more_until_done(page)
    return page.locator(".search-result-link").all_inner_texts()


def test_the_bundled_archive_lists_the_same_briefings_in_the_same_order_on_every_edition(built_bundled: Path, tmp_path: Path, page):
    whole = unzip(built_bundled / "crisis-briefings-offline.zip", tmp_path / "whole")
    region = unzip(built_bundled / "crisis-briefings-offline-middle-east.zip", tmp_path / "region")
    listed = {address: bundled_expected(address) for address in BUNDLED_ADDRESSES}
    for address in BUNDLED_ADDRESSES:
        assert listed[address], address  # each address finds something: else the comparison is idle
    with serve(built_bundled) as base:
        for address in show(page, f"{base}search/", BUNDLED_ADDRESSES):
            assert every_result(page) == listed[address], address
    for address in show(page, (whole / "search" / "index.html").as_uri(), BUNDLED_ADDRESSES):
        assert every_result(page) == listed[address], address
    # the region's own edition searches its briefings alone: no filter needed
    address = "?q=coalition&region=Middle+East&sort=oldest"
    page.goto((region / "search" / "index.html").as_uri() + address.replace("&region=Middle+East", ""))
    assert every_result(page) == listed[address]
    assert len(listed[address]) > 20  # the "more" button was pressed


def luminance(colour: str) -> float:
    """WCAG relative luminance of a colour written "#rrggbb"."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour.strip()[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


# the map's colours as the stylesheet gives them in the page's scheme (a legend lists only the shades in use)
FILLS = """() => Object.fromEntries(['shade-0', 'shade-1', 'shade-2', 'shade-3', 'shade-4', 'map-region'].map(
  (name) => [name, getComputedStyle(document.documentElement).getPropertyValue(`--${name}`)]))"""


def test_a_maps_shades_step_in_lightness_one_way_as_the_briefings_grow(built_fixture: Path, page):
    fills = {}
    with serve(built_fixture) as base:
        page.goto(base + "regions/middle-east/")
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            fills[scheme] = page.evaluate(FILLS)
    for scheme, fill in fills.items():
        shades = [luminance(fill[f"shade-{n}"]) for n in range(5)]
        # light: more briefings, darker; dark: more briefings, lighter; each step visibly apart
        ordered = shades if scheme == "dark" else shades[::-1]
        assert all((b + 0.05) / (a + 0.05) >= 1.3 for a, b in zip(ordered, ordered[1:])), (scheme, fill)
        if scheme == "dark":
            # a country with one briefing must not look emptier than one without
            assert shades[0] > luminance(fill["map-region"]), fill


def test_in_the_side_column_a_briefings_date_has_its_own_line(built_fixture: Path, page):
    page.set_viewport_size({"width": 390, "height": 844})
    with serve(built_fixture) as base:
        page.goto(base + "articles/2024/blinken-in-riyadh/")
        items = page.locator(".briefing-aside li")
        assert items.count() >= 2  # its neighbour and a related briefing
        for n in range(items.count()):
            item = items.nth(n)
            title, date = item.locator("a").first.bounding_box(), item.locator("time").first.bounding_box()
            assert date["y"] >= title["y"] + title["height"] - 1, item.inner_text()
