"""Every page type passes axe-core's accessibility rules in real Chromium, in the light
scheme and the dark: one page of each type of the bundled build, the first build a
newcomer sees, with full charts and map, paged lists, and an article with headings and
a list in its text. The test archive's pages are of the same templates with less in
them, so axe runs on each type once, where it has the most to check.

Each page is loaded once: all of axe's rules run in the light scheme, then the page is
switched to the dark one and the rules about colour run again. The dark scheme changes
colours only (checked below), so every other rule's outcome is the light scheme's.
Then the page is narrowed to 320 px, where it must not scroll sideways (WCAG's reflow,
1.4.10, which axe does not check; test_reading_browser.py checks the test archive's
long word and address): the pages lay out by the stylesheet's media queries, and the
search page's script follows a change of width (search-ui.js), so a page narrowed
after loading lays out as one loaded narrow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import serve

# one page of each type of the bundled build (paged lists, charts and map full)
PAGE_TYPES = {
    "home": "",
    "article": "articles/2016/lt-gen-townsend-statement-on-sdf-advance-to-isolate-raqqah/",
    "article with headings and a list": "articles/2025/saudi-uae-rift-deepens-over-south-yemen/",
    "regions index": "regions/",
    "region with its map": "regions/middle-east/",
    "region, a later page": "regions/middle-east/page/2/",
    "countries index": "countries/",
    "country": "countries/iraq/",
    "actors index": "actors/",
    "actor": "actors/islamic-state-of-iraq-and-the-levant/",
    "tags index": "tags/",
    "tag": "tags/diplomacy/",
    "sources index": "sources/",
    "source, a later page": "sources/u-s-department-of-state/page/2/",
    "archive": "archive/",
    "archive year": "archive/2016/",
    "archive month": "archive/2016/11/",
    "search, filtered and sorted": "search/?q=Mosul&region=Middle+East&sort=newest",
    "404": "404.html",
}

# axe-core's rules whose outcome depends on colours: contrast of text, and links told apart
# from the text around them by colour alone
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SITE_CSS = Path(__file__).resolve().parents[1] / "themes" / "default" / "static" / "site.css"
BACKGROUND = "getComputedStyle(document.body).backgroundColor"
SCROLL_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture(scope="module")
def axe():
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright", reason="pip install -e '.[test]'")
    return axe_module.Axe()


@pytest.fixture(scope="module")
def bundled(built_bundled: Path, browser):
    """One page over the served bundled build, for every page type in turn."""
    # axe is injected by script, which the pages' own policy would (rightly) refuse
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(20_000)  # generous: CI machines are small and sometimes busy
    with serve(built_bundled) as base:
        yield context.new_page(), base
    context.close()


# axe run on the page it was put in once (Axe.run of axe-playwright-python puts its
# 0.5 MB script in again for every run, and sends back every rule's outcome)
RUN_AXE = "(options) => axe.run(document, options).then((results) => results.violations)"


def violations(page, options: dict) -> list[str]:
    found = page.evaluate(RUN_AXE, {"resultTypes": ["violations"], **options})
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in found]


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_every_page_type_has_no_accessibility_violations_light_or_dark_and_reflows_at_320_px(path: str, bundled, axe):
    page, base = bundled
    page.set_viewport_size({"width": 1280, "height": 720})
    page.emulate_media(color_scheme="light")
    response = page.goto(base + path)
    assert response.ok or path == "404.html", path
    if path.startswith("search/"):
        page.locator(".search-result-link").first.wait_for()
    page.evaluate(axe.axe_script)
    light = violations(page, {})
    light_background = page.evaluate(BACKGROUND)
    page.emulate_media(color_scheme="dark")
    # the stylesheet's dark colours apply (else the dark run would check the light ones again)
    assert page.evaluate(BACKGROUND) != light_background
    dark = violations(page, {"runOnly": {"type": "rule", "values": COLOUR_RULES}})
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate(SCROLL_WIDTH)
    assert {"light": light, "dark": dark, "scrolls sideways at 320 px": width > 320} == {
        "light": [], "dark": [], "scrolls sideways at 320 px": False}, width


def test_the_dark_scheme_changes_colours_and_nothing_else():
    """What lets the dark run check colour rules only: its blocks set colours, never layout,
    visibility or content, so every other rule's outcome is the light scheme's."""
    css = re.sub(r"/\*.*?\*/", "", SITE_CSS.read_text(encoding="utf-8"), flags=re.S)
    blocks = []
    for start in (m.end() for m in re.finditer(r"@media\s*\(prefers-color-scheme:\s*dark\)\s*\{", css)):
        depth, end = 1, start
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        blocks.append(css[start:end - 1])
    assert len(blocks) >= 2
    properties = {p.strip() for block in blocks for p in re.findall(r"([\w-]+)\s*:(?![^{]*\{)", block)}
    colour = re.compile(r"^(--.*|color|background(-color)?|border(-\w+)?-color|outline-color|fill|stroke|text-decoration-color|caret-color|accent-color)$")
    assert properties and all(colour.match(p) for p in properties), sorted(p for p in properties if not colour.match(p))
