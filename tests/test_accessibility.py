"""Every kind of page passes axe-core's accessibility rules in real Chromium: each
page type of the fixture archive, and of the bundled archive (the first build a
newcomer sees, with full charts and map), in the light scheme and the dark. The dark
scheme changes colours only (checked below), so there only the rules about colour run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import serve

PAGES = [
    "",
    "articles/2022/blinken-calls-pashinyan-and-aliyev/",
    "regions/",
    "regions/south-caucasus/",
    "countries/",
    "countries/armenia/",
    "actors/",
    "actors/antony-blinken/",
    "actors/antony-blinken/page/2/",
    "tags/diplomacy/",
    "sources/fixture-wire/",
    "archive/",
    "archive/2024/",
    "archive/2024/02/",
    "search/?q=Blinken",
    "404.html",
]


# one page of each type of the bundled build (paged lists, charts and map full)
BUNDLED_PAGES = [
    "",
    "articles/2016/lt-gen-townsend-statement-on-sdf-advance-to-isolate-raqqah/",
    "regions/",
    "regions/middle-east/page/2/",
    "countries/",
    "countries/iraq/",
    "actors/",
    "actors/islamic-state-of-iraq-and-the-levant/",
    "tags/",
    "tags/diplomacy/",
    "sources/",
    "sources/u-s-department-of-state/page/2/",
    "archive/",
    "archive/2016/",
    "archive/2016/11/",
    "search/?q=Mosul&region=Middle+East&sort=newest",
    "404.html",
]


@pytest.fixture(scope="module")
def axe():
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright", reason="pip install -e '.[test]'")
    return axe_module.Axe()


@pytest.fixture(scope="module")
def site(built_fixture: Path, browser):
    # axe is injected by script, which the pages' own policy would (rightly) refuse
    context = browser.new_context(bypass_csp=True)
    with serve(built_fixture) as base:
        yield context.new_page(), base
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(path: str, site, axe):
    page, base = site
    page.goto(base + path)
    if path.startswith("search/"):
        page.locator(".search-result-link").first.wait_for()
    results = axe.run(page)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert violations == []


# axe-core's rules whose outcome depends on colours: contrast of text, and links told apart
# from the text around them by colour alone
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SITE_CSS = Path(__file__).resolve().parents[1] / "themes" / "default" / "static" / "site.css"


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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_type_of_the_bundled_build_has_no_accessibility_violations(built_bundled: Path, browser, axe, scheme: str):
    options = {"resultTypes": ["violations"]}
    if scheme == "dark":
        options["runOnly"] = {"type": "rule", "values": COLOUR_RULES}
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    found = {}
    try:
        with serve(built_bundled) as base:
            for path in BUNDLED_PAGES:
                response = page.goto(base + path)
                assert response.ok or path == "404.html", path
                if path.startswith("search/"):
                    page.locator(".search-result-link").first.wait_for()
                violations = axe.run(page, options=options).response["violations"]
                if violations:
                    found[path] = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations]
    finally:
        context.close()
    assert not found, found
