"""The pictures as a reader sees them: headless Chromium, pages opened from disk
with JavaScript off, at a desktop and a phone width.

Screenshots of each page go to test-output/pictures/ (git-ignored; CI keeps
them as artifacts) for a person to review; the checks here are what can be
measured: the pictures are drawn, nothing overflows the page, labels render at
a readable size and do not overlap, and print keeps them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO

SHOTS = REPO / "test-output" / "pictures"
WIDTHS = (1280, 390)
PAGES = {
    "home": "index.html",
    "region": "regions/south-caucasus/index.html",
    "country": "countries/yemen/index.html",
    "actor": "actors/nikol-pashinyan/index.html",
}
EXPECTED = {"home": {"timeline", "map"}, "region": {"timeline", "map"}, "country": {"timeline"},
            "actor": {"timeline", "co-actors"}}

# For every visible SVG label: its rendered font size in CSS pixels, and boxes
# of labels in the same picture that overlap.
MEASURE_LABELS = """() => {
  const out = {sizes: [], overlaps: []};
  for (const svg of document.querySelectorAll('svg.picture-svg')) {
    const boxes = [];
    for (const text of svg.querySelectorAll('text')) {
      if (getComputedStyle(text).display === 'none') continue;
      const scale = text.getScreenCTM().a;
      out.sizes.push([text.textContent, parseFloat(getComputedStyle(text).fontSize) * scale]);
      const box = text.getBoundingClientRect();
      for (const [other, b] of boxes) {
        if (box.left < b.right - 0.5 && b.left < box.right - 0.5 && box.top < b.bottom - 0.5 && b.top < box.bottom - 0.5)
          out.overlaps.push([text.textContent, other]);
      }
      boxes.push([text.textContent, box]);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def shots_dir() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


@pytest.fixture(scope="module")
def without_script(browser):
    """A context with JavaScript off, for the module's tests (one context: each costs
    about a second of CPU to make and close; each test has its own page)."""
    context = browser.new_context(java_script_enabled=False)
    yield context
    context.close()


@pytest.fixture
def page(without_script):
    """This module's page: a fresh one, with JavaScript off."""
    page = without_script.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_pictures_show_from_disk_without_javascript_and_fit_the_screen(
    built_fixture: Path, page, shots_dir: Path, width: int
):
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in PAGES.items():
        page.goto((built_fixture / path).as_uri())
        figures = page.locator("figure.picture")
        assert {figures.nth(i).get_attribute("id") for i in range(figures.count())} == EXPECTED[name], name
        for i in range(figures.count()):
            box = figures.nth(i).locator("svg.picture-svg").bounding_box()
            assert box and box["width"] > 200 and box["height"] > 50, (name, width, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (name, width, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} overflows at {width}px"
        labels = page.evaluate(MEASURE_LABELS)
        small = [(text, round(size, 1)) for text, size in labels["sizes"] if size < 10.5]
        assert small == [], f"{name} at {width}px: labels below 10.5 px: {small}"
        assert labels["overlaps"] == [], f"{name} at {width}px: overlapping labels {labels['overlaps']}"
        page.screenshot(path=str(shots_dir / f"{name}-{width}.png"), full_page=True)


def test_pictures_follow_dark_mode_and_survive_print(built_fixture: Path, page, shots_dir: Path):
    page.set_viewport_size({"width": 390, "height": 900})
    page.emulate_media(color_scheme="dark")
    page.goto((built_fixture / PAGES["region"]).as_uri())
    land = page.locator("svg.map-svg path.map-land")
    dark_fill = land.evaluate("el => getComputedStyle(el).fill")
    page.screenshot(path=str(shots_dir / "region-390-dark.png"), full_page=True)
    page.emulate_media(color_scheme="light")
    assert land.evaluate("el => getComputedStyle(el).fill") != dark_fill  # the stylesheet's colours apply
    page.emulate_media(media="print", color_scheme="light")
    for figure in ("timeline", "map"):
        box = page.locator(f"#{figure} svg.picture-svg").bounding_box()
        assert box and box["width"] > 200


def test_the_bundled_archive_home_for_review(built_bundled: Path, page, shots_dir: Path):
    # one page, resized: without JavaScript its layout is the stylesheet's alone, which
    # follows the width as it would at a fresh load
    page.goto((built_bundled / "index.html").as_uri())
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.locator("figure.picture svg.picture-svg").count() == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(shots_dir / f"bundled-home-{width}.png"), full_page=True)
