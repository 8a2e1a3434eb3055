"""Reading on when the network drops: the web edition's service worker in real
Chromium, over a build served on 127.0.0.1, then with the server gone and the
browser offline."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_ARCHIVE, serve
from generator.build import BuildOptions, build, load_site, resolve_settings
from generator.pages import plan_pages

ARTICLE = "articles/2022/blinken-calls-pashinyan-and-aliyev/"
ARTICLE_TITLE = "Blinken calls Pashinyan and Aliyev after border fighting"

CACHE_NAMES = "() => caches.keys()"
# page.wait_for_function takes a returned Promise as a truthy value without
# awaiting it, so asynchronous conditions (the Cache API) are polled in the page
EVENTUALLY = """async ([condition, argument]) => {
  const check = eval(condition);
  for (const deadline = Date.now() + 15000; Date.now() < deadline; ) {
    if (await check(argument)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}"""


@pytest.fixture
def context(browser):
    context = browser.new_context()
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    yield context
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    """A build of a copy of the fixture archive, for a test that edits and builds again.
    (A test that only reads serves conftest's built_fixture: each test starts with an
    empty browser context, and each server has an address of its own, so no worker or
    cache carries over from one test to another.)"""
    root = tmp_path / "src"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    out = tmp_path / "site"
    build(BuildOptions(root=root, out_dir=out))
    return root, out


def eventually(page, condition: str, argument: object = None) -> None:
    assert page.evaluate(EVENTUALLY, [condition, argument]), f"never true: {condition} ({argument})"


def wait_until_kept(page, url: str) -> None:
    eventually(page, "(url) => caches.match(url).then((found) => Boolean(found))", url)


def version_of(site: Path) -> str:
    return json.loads((site / "sw.js").read_text(encoding="utf-8").split("const VERSION = ")[1].split(";")[0])


def test_a_briefing_read_once_reloads_from_the_cache_without_the_network(built_fixture: Path, context):
    out = built_fixture
    page = context.new_page()
    with serve(out) as base:
        page.goto(base + ARTICLE)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        wait_until_kept(page, base + ARTICLE)
    # the server is gone and the browser is offline: only the worker can answer
    context.set_offline(True)
    page.reload()
    assert page.locator("h1").inner_text() == ARTICLE_TITLE
    # the shell came from the cache too: the page is styled
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomWidth") == "4px"
    # a page never opened is not there, and the reader gets the archive's own not-found page
    page.goto(base + "actors/houthis/")
    assert page.locator("h1").inner_text() == "Page not found"


def test_saving_the_whole_archive_caches_every_page_with_progress(built_fixture: Path, context):
    root, out = FIXTURE_ARCHIVE, built_fixture
    page = context.new_page()
    with serve(out) as base:
        page.goto(base)
        button = page.locator("[data-save-archive]")
        button.wait_for(state="visible")
        button.click()
        status = page.locator("[data-save-status]")
        page.wait_for_selector("[data-save-status][data-state=complete]", timeout=30_000)
        # the worker's list and the search index's own (pagefind/files.json)
        listed = json.loads((out / "offline-files.json").read_text(encoding="utf-8")) + json.loads(
            (out / "pagefind/files.json").read_text(encoding="utf-8"))
        assert status.inner_text() == f"Saved all {len(listed)} files: the whole archive now opens without a connection."
        kept = page.evaluate(
            "(paths) => Promise.all(paths.map((p) => caches.match(new URL(p, location.href).href)"
            ".then((found) => [p, Boolean(found)])))",
            listed,
        )
    assert [path for path, found in kept if not found] == []
    # every page of the site, independently of the list the worker read
    settings = resolve_settings(BuildOptions(root=root))
    site_model, _ = load_site(root, settings, drafts=False)
    pages = {p.path.removesuffix("index.html") or "./" for p in plan_pages(site_model) if p.path != "404.html"}
    assert pages <= set(listed)

    context.set_offline(True)
    for address, heading in [("actors/houthis/", "Houthis"), ("archive/2023/09/", "September 2023")]:
        page.goto(base + address)
        assert page.locator("h1").inner_text() == heading
    # search works offline too: Pagefind's bundle was saved with the pages
    page.goto(base + "search/?q=Blinken")
    page.locator(".search-result-link").first.wait_for()
    assert len(page.locator(".search-result-link").all_inner_texts()) == 3


def test_a_new_build_replaces_the_cached_pages(site, context):
    root, out = site
    page = context.new_page()
    with serve(out) as base:
        page.goto(base + ARTICLE)
        wait_until_kept(page, base + ARTICLE)
        assert page.evaluate(CACHE_NAMES) == [f"briefings {base} {version_of(out)}"]
        article = root / "content/articles/2022/blinken-calls-pashinyan-and-aliyev.md"
        article.write_text(article.read_text(encoding="utf-8").replace(ARTICLE_TITLE, "Retitled briefing"))
        build(BuildOptions(root=root, out_dir=out))
        # http.server's Last-Modified has whole seconds: files of a rebuild within the same
        # second would be answered "304 Not Modified" (sw.js too), as if nothing had changed
        for file in out.rglob("*"):
            later = file.stat().st_mtime + 5
            os.utime(file, (later, later))
        new_cache = f"briefings {base} {version_of(out)}"
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        # the new worker takes over and deletes the old build's cache
        eventually(page, "(name) => caches.keys().then((names) => names.join() === name)", new_cache)
        page.reload()
        wait_until_kept(page, base + ARTICLE)
    context.set_offline(True)
    page.reload()
    assert page.locator("h1").inner_text() == "Retitled briefing"
    assert page.evaluate(CACHE_NAMES) == [new_cache]


def test_the_shell_has_mains_search_code_and_the_save_lists_have_every_index_file(built_fixture: Path):
    from generator.serviceworker import build_version, save_list, shell

    out = built_fixture
    paths = [p.relative_to(out).as_posix() for p in sorted(out.rglob("*")) if p.is_file()]
    cached, listed = shell(paths), save_list([], paths)
    searched = [p for p in cached if p.startswith("pagefind/")]
    # the part list and main's code: enough for the search page to start
    assert {"pagefind/parts.json", "pagefind/main/pagefind.js", "pagefind/main/wasm.en.pagefind"} <= set(searched)
    # and of Pagefind's WebAssembly only the English index's, the one the search loads: its
    # fallback for languages it cannot stem is not even published
    assert [p for p in paths if p.endswith(".pagefind") and p.startswith("pagefind/main/")] == ["pagefind/main/wasm.en.pagefind"]
    assert [p for p in cached if p.endswith(".pagefind")] == ["pagefind/main/wasm.en.pagefind"]
    # Pagefind runs without its web worker: its file is neither published nor cached
    assert not [p for p in paths if p.endswith("pagefind-worker.js")]
    # the index lists its own files (they depend on the builds since the last clean one)
    assert not [p for p in listed if p.startswith("pagefind/")]
    index = json.loads((out / "pagefind/files.json").read_text(encoding="utf-8"))
    assert [p for p in index if p.startswith("pagefind/main/index/")]
    assert [p for p in index if p.startswith("pagefind/main/fragment/")]
    assert not [p for p in index if p.endswith(("pagefind-entry.json", ".pf_meta", ".pf_filter"))]
    # so the worker's version is the same whether the index was compacted or not
    version = build_version((p, "00" * 32) for p in paths)
    assert build_version((p, "00" * 32) for p in paths if not p.startswith("pagefind/")) == version


def test_the_webassembly_published_is_that_of_the_languages_the_index_holds():
    from generator.search import wasm_loaded

    assert wasm_loaded({"languages": {"en": {"hash": "en_1", "wasm": "en", "page_count": 5}}}) == {"wasm.en.pagefind"}
    # a language Pagefind cannot stem: its index names no WebAssembly, and Pagefind loads its fallback
    assert wasm_loaded({"languages": {"mi": {"hash": "mi_1", "wasm": None, "page_count": 5}}}) == {"wasm.unknown.pagefind"}
    assert wasm_loaded({"languages": {"de": {"wasm": "de"}, "mi": {}}}) == {"wasm.de.pagefind", "wasm.unknown.pagefind"}
    # an entry file of another shape: nothing is known, so nothing is dropped
    for entry in (None, [], {}, {"languages": {}}, {"languages": {"en": "en"}}):
        assert wasm_loaded(entry) is None
