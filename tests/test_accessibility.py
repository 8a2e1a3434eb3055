"""Every kind of page passes axe-core's accessibility rules in real Chromium."""

from __future__ import annotations

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
