"""The search page of both editions in Chromium: the search lives in the address
(shared, bookmarked, Back and Forward), the two editions find the same briefings in
the same order, and every result of a word holds that word.

The web edition here is built, then built again after an edit, so its Pagefind index
has two parts: main, and a recent part holding the edited briefing alone. A word that
a part lacks is searched there as the longest prefix that part has (Pagefind's
backtracking, upstream issues #599 and #793): "attacks" brings the recent part's
briefing, without it, from Pagefind's API. The pages must not show those.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest

from conftest import FIXTURE_ARCHIVE, serve, unzip
from generator.build import BuildOptions, build
from generator.content import load_articles
from test_browser import CURRENT, LOAD_PAGEFIND

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from make_corpus import make_corpus  # noqa: E402
from search_requests import a_region  # noqa: E402

# (the pages' Content-Security-Policy forbids eval, so waiting is done with
# wait_for_selector and expect(), which poll without it)
ADDRESSES = [
    "?q=attacks&region=Middle+East&sort=newest",
    "?q=border&region=South+Caucasus&sort=newest",
    "?q=blinken&sort=oldest",
    "?region=South+Caucasus&region=Eastern+Europe",
]
# words of the fixture that Pagefind's API answers with briefings lacking them
BACKTRACKED_WORDS = ["attacks", "aliyev", "after"]
RAW_SEARCH = """async (word) => {
  const pagefind = await (%s)();
  const search = await pagefind.search(word);
  return Promise.all(search.results.map(async (r) => (await r.data()).url));
}""" % LOAD_PAGEFIND


# a sentence with none of the words searched here
EDIT = "\nObservers noted calm in the city.\n"


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory):
    """(base address of the served web edition, base address of the offline edition on disk),
    of the fixture archive built, edited and built again: a main index and a recent part."""
    root = tmp_path_factory.mktemp("editions-src")
    shutil.copytree(FIXTURE_ARCHIVE, root, dirs_exist_ok=True)
    site = tmp_path_factory.mktemp("editions-build") / "site"
    build(BuildOptions(root=root, out_dir=site, offline=True))
    kyiv = root / "content/articles/2023/blinken-visits-kyiv.md"
    kyiv.write_text(kyiv.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    build(BuildOptions(root=root, out_dir=site, offline=True))
    assert json.loads((site / "pagefind/parts.json").read_text(encoding="utf-8"))["parts"] == ["main", "recent"]
    offline = unzip(next(site.glob("*-offline.zip")), tmp_path_factory.mktemp("reader"))
    with serve(site) as base:
        yield base + "search/", (offline / "search" / "index.html").as_uri()


def expected(address: str, root: Path = FIXTURE_ARCHIVE) -> list[str]:
    """The titles an address should list, read from the archive's content, not the site:
    briefings whose title, summary or text has a word beginning with the query, of the
    chosen regions, in the order asked."""
    params = parse_qs(address.lstrip("?"))
    articles, _ = load_articles(root, root / "content")
    found = [
        a for a in articles
        if not a.draft
        and ("region" not in params or a.region in params["region"])
        and ("q" not in params or re.search(rf"\b{params['q'][0]}", f"{a.title} {a.summary} {a.body}", re.I))
    ]
    # as the site lists them: newest first, a day's briefings by title; oldest first reverses it
    found.sort(key=lambda a: (-a.date.toordinal(), a.title.casefold()))
    titles = [a.title for a in found]
    return titles[::-1] if params.get("sort") == ["oldest"] else titles


def shown(page) -> list[str]:
    page.wait_for_selector("#search[data-ready]")
    return page.locator(".search-result-link").all_inner_texts()


# The address changed in place and the page told, as Back and Forward tell it: the page
# reads the new address with the code that reads it at load, and searches again.
GO_TO = """(address) => {
  history.pushState(null, "", address);
  dispatchEvent(new PopStateEvent("popstate"));
}"""


def show(page, start: str, addresses: list[str]) -> Iterator[str]:
    """Load the search page at `start` + the first address, then show each of the others on
    that page (GO_TO); yields each address once the page has been given it. The first
    address tests the page reading an address as it loads; loading the others too would
    only read Pagefind's code and index afresh each time (0.5-1 s of CPU a load)."""
    for n, address in enumerate(addresses):
        if n == 0:
            page.goto(start + address)
        else:
            page.evaluate(GO_TO, address)  # run() unsets data-ready before this returns
        yield address


def test_both_editions_list_the_same_briefings_in_the_same_order_for_an_address(editions, page):
    web, offline = editions
    on_the_web = {}
    for address in show(page, web, ADDRESSES):
        on_the_web[address] = shown(page)
        # the controls show what the address says
        if "region=Middle" in address:
            assert page.locator(".search-filter-option input:checked").evaluate_all(
                "(boxes) => boxes.map((b) => b.value)") == ["Middle East"]
        if "sort=" in address:
            assert page.input_value(".search-sort select") == parse_qs(address[1:])["sort"][0]
    for address in show(page, offline, ADDRESSES):
        assert on_the_web[address] == shown(page) == expected(address), address


def test_back_and_forward_step_through_the_searches_made_on_the_page(editions, page):
    for start in editions:
        page.goto(start + "?q=blinken")
        assert len(shown(page)) == 3
        page.fill("#search-q", "attacks")
        page.press("#search-q", "Enter")
        page.wait_for_url(re.compile(r"q=attacks$"))
        page.select_option(".search-sort select", "newest")
        page.wait_for_url(re.compile(r"q=attacks&sort=newest$"))
        assert shown(page) == expected("?q=attacks&sort=newest")

        page.go_back()
        page.wait_for_url(re.compile(r"q=attacks$"))
        assert page.input_value(".search-sort select") == ""
        page.go_back()
        page.wait_for_url(re.compile(r"q=blinken$"))
        assert page.input_value("#search-q") == "blinken"
        assert sorted(shown(page)) == sorted(expected("?q=blinken"))
        page.go_forward()
        page.wait_for_url(re.compile(r"q=attacks$"))
        assert page.input_value("#search-q") == "attacks"
        assert urlsplit(page.url).query == "q=attacks"


def test_every_result_of_a_word_holds_that_word_though_pagefind_backtracks(editions, page):
    page.goto(editions[0].removesuffix("search/"))
    junk = {word: page.evaluate(RAW_SEARCH, word) for word in BACKTRACKED_WORDS}
    for word in BACKTRACKED_WORDS:
        # the fixture does what it is here for: Pagefind's API brings briefings without the word
        assert len(junk[word]) > len(expected(f"?q={word}")), word
    for start in editions:
        for address in show(page, start, [f"?q={word}" for word in BACKTRACKED_WORDS]):
            word = address.removeprefix("?q=")
            assert sorted(shown(page)) == sorted(expected(address)), (start, word)
            # as its title or excerpt shows
            for text in page.locator(".search-result").all_inner_texts():
                assert word in text.lower(), (start, word, text)


def test_on_a_narrow_screen_the_filters_come_folded_between_the_box_and_the_results(editions, page):
    page.set_viewport_size({"width": 390, "height": 844})  # before the page loads
    page.goto(editions[0] + "?q=blinken")
    shown(page)
    filters = page.locator("details.search-filters")
    assert filters.get_attribute("open") is None
    box, panel, results = (page.locator(s).bounding_box() for s in ("#search-q", "details.search-filters", ".search-results"))
    assert box["y"] < panel["y"] < results["y"]
    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_selector("details.search-filters[open]")
    panel, results = (page.locator(s).bounding_box() for s in ("details.search-filters", ".search-results"))
    assert panel["x"] < results["x"] and abs(panel["y"] - results["y"]) < 5  # side by side


def test_a_word_answers_a_query_word_it_begins_with_or_shares_a_stem_with(editions, page):
    page.goto(editions[0])
    page.wait_for_selector("#search[data-ready]")
    cases = {
        ("ceasefire", "cease"): True,        # a word being typed
        ("ceasefire", "ceasefires"): True,   # the plural asked, the singular written
        ("attacked", "attacks"): True,
        ("cities", "city"): True,
        ("mat", "macron"): False,            # what Pagefind's backtracking brings
        ("delay", "delhi"): False,
        ("us", "uses"): False,               # a shorter word is not a form of it
        ("blinken", "blinkenx"): False,
    }
    answers = page.evaluate(
        "(pairs) => pairs.map(([word, term]) => window.BriefingsSearchUI.accepts(word, term))",
        [list(pair) for pair in cases],
    )
    assert dict(zip(cases, answers)) == cases


@pytest.fixture(scope="module", params=[False, True], ids=["main-alone", "with-a-recent-part"])
def synthetic_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 synthetic briefings over ten years, more results than a page shows: one main
    index, or (edited and built again) a main index and a recent part of eight."""
    root = tmp_path_factory.mktemp("synthetic-src")
    make_corpus(60, root, seed=5)
    out = tmp_path_factory.mktemp("synthetic-build") / "site"
    build(BuildOptions(root=root, out_dir=out))
    if request.param:
        for article in sorted((root / "content/articles").glob("*/*.md"))[::8]:
            article.write_text(article.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
        build(BuildOptions(root=root, out_dir=out))
        manifest = json.loads((out / "pagefind/parts.json").read_text(encoding="utf-8"))
        assert manifest["parts"] == ["main", "recent"] and manifest["hidden"]
    return out


# what the page lists for a word: Pagefind's results less main's stale copies, whose
# text has the word (run on the search page, for its rule)
MATCHED = """async (word) => {
  const pagefind = await (%s)();
  const ui = window.BriefingsSearchUI;
  const found = (%s)(pagefind, (await pagefind.search(word)).results);
  const data = await Promise.all(found.map((r) => r.data()));
  return data.filter((d) => ui.answers(d.meta.title + " " + d.content, [word])).length;
}""" % (LOAD_PAGEFIND, CURRENT)


# "Show more results" pressed until it goes: each press runs the button's handler, which
# disables the button until the next page is shown (or fails within 20 s)
MORE_UNTIL_DONE = """async () => {
  const more = document.querySelector(".search-more");
  while (!more.hidden) {
    more.click();
    await new Promise((resolve, reject) => {
      const failed = setTimeout(() => reject(new Error("no next page within 20 s")), 20000);
      const watch = new MutationObserver(() => {
        if (!more.disabled) { watch.disconnect(); clearTimeout(failed); resolve(); }
      });
      watch.observe(more, { attributes: true });
    });
  }
}"""


def press_more_until_done(page) -> None:
    """Every page of results shown: the first press of "Show more results" a reader's click
    (Playwright checks the button can be clicked), the rest pressed in the page, each when
    the page before it is shown (Playwright's checks and waits for each press cost more than
    the page's work of showing it)."""
    more = page.locator(".search-more")
    if more.is_visible():
        count = page.locator(".search-result").count()
        more.click()
        page.wait_for_selector(f".search-list > .search-result:nth-child({count + 1})")
        page.evaluate(MORE_UNTIL_DONE)


def every_page(page) -> list[tuple[str, str]]:
    """(date, title) of every result, the "more" button pressed until it goes."""
    shown(page)
    press_more_until_done(page)
    dates = page.locator(".search-result time").evaluate_all("(all) => all.map((t) => t.getAttribute('datetime'))")
    return list(zip(dates, page.locator(".search-result-link").all_inner_texts()))


def test_a_search_reads_the_results_it_shows_not_every_result(synthetic_site: Path, page):
    with serve(synthetic_site) as base:
        page.goto(base + "search/")
        page.wait_for_selector("#search[data-ready]")
        matched = page.evaluate(MATCHED, "officials")
        assert matched > 40  # the corpus does what it is here for: several pages of results
        fragments: list[str] = []
        page.on("requestfinished", lambda request: fragments.append(request.url) if request.url.endswith(".pf_fragment") else None)
        page.goto(base + "search/?q=officials")
        shown(page)
        assert page.locator(".search-result").count() == 10
        assert page.locator(".search-more").is_visible()
        assert len(fragments) <= 11, fragments  # a page, and one more to see where a day ends
        assert len(every_page(page)) == matched


def test_newest_and_oldest_first_order_every_page_by_date_across_the_parts(synthetic_site: Path, page):
    with serve(synthetic_site) as base:
        page.goto(base + "search/?q=officials")
        relevance = every_page(page)
        for order, newest in (("newest", True), ("oldest", False)):
            page.select_option(".search-sort select", order)  # the reader's choice: searched again
            listed = every_page(page)
            # newest first: by date, a day's briefings by title, as the site lists them;
            # oldest first is that order reversed
            by_date = sorted(sorted(relevance, key=lambda pair: pair[1]), key=lambda pair: pair[0], reverse=True)
            assert listed == (by_date if newest else by_date[::-1]), order


def fetched_for(page, address: str) -> list[str]:
    """The paths under pagefind/ a fresh page at `address` fetches until its results are shown
    and the network is idle."""
    paths: list[str] = []
    page.on("requestfinished", lambda request: paths.append(urlsplit(request.url).path))
    page.goto(address)
    shown(page)
    page.wait_for_load_state("networkidle")
    return [path.split("/pagefind/", 1)[1] for path in paths if "/pagefind/" in path]


def test_a_first_search_reads_no_filter_list_and_a_filtered_one_only_its_own(synthetic_site: Path, browser):
    with serve(synthetic_site) as base:
        for address, lists in (("?q=officials", []), ("?q=officials&region=" + quote_plus(a_region(synthetic_site)), ["region"])):
            context = browser.new_context()  # nothing cached from the address before
            by_service_worker: list[str] = []
            context.on("requestfinished", lambda r: r.service_worker and by_service_worker.append(urlsplit(r.url).path))
            page = context.new_page()
            fetched = fetched_for(page, base + "search/" + address)
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # installed: its shell is cached
            context.close()
            # the service worker's install caches the search's code, and not the worker's copy of it either
            assert [path for path in by_service_worker if path.endswith("/pagefind/main/pagefind.js")], address
            assert not [path for path in by_service_worker if "pagefind-worker" in path], address
            assert sorted(path.removeprefix("filters/").removesuffix(".json")
                          for path in fetched if path.startswith("filters/")) == lists, address
            # Pagefind's code once, and not its worker's second copy of it
            assert [path for path in fetched if path.endswith("pagefind.js")] == ["main/pagefind.js"], address
            assert not [path for path in fetched if "worker" in path], address
