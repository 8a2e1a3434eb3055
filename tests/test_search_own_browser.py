"""Our own search index (generator/wordindex.py, static/search-own.js), forced on the
fixture archive, against one Pagefind index of the same pages in real Chromium: the
same briefings for every query, after a clean build and after edits, an addition and
a deletion (a recent part, main's stale copies hidden), and what a clean build of the
final archive finds."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import FIXTURE_ARCHIVE, PWNED, edit_add_and_delete, hostile_archive, serve
from generator.build import BuildOptions, build
from generator.search import pagefind_executable, read_filter_values

# One query through the search page's own backend (search.js, which hands it to
# search-own.js) and through one Pagefind index of the same pages, whose results are
# dropped where the page's rule for a word drops them (BriefingsSearchUI.answers)
COMPARE = """async ([query, filters]) => {
  const ui = window.BriefingsSearchUI;
  const terms = query === null ? [] : ui.wordsOf(query);
  const root = new URL(document.documentElement.getAttribute("data-root") || "./", document.baseURI);
  const single = await import(new URL("single-index/pagefind.js", root).href);
  const asked = {};
  const chosen = {};
  for (const [name, value] of Object.entries(filters)) { asked[name] = value; chosen[name] = [value]; }
  const data = await Promise.all((await single.search(query, { filters: asked })).results.map((r) => r.data()));
  const expected = data.filter((d) => query === null || ui.answers(d.meta.title + " " + d.content, terms)).map((d) => d.url);
  const answer = await window.BriefingsSearchBackend.search(terms, query || "", chosen, "");
  const newest = await window.BriefingsSearchBackend.search(terms, query || "", chosen, "newest");
  const docs = await answer.load(answer.items);
  const dated = await newest.load(newest.items);
  return { single: expected, own: docs.map((d) => d.path), newest: dated.map((d) => [d.date, d.titleKey, d.path]) };
}"""
SINGLE_FILTERS = """async () => {
  const root = new URL(document.documentElement.getAttribute("data-root") || "./", document.baseURI);
  return (await import(new URL("single-index/pagefind.js", root).href)).filters();
}"""
QUERIES = [
    ("Blinken", {}), ("Austin", {}), ("monsoon", {}), ("border", {}), ("the", {}), ("ceasefire", {}),
    ("ceasefires", {}), ("talks Yemen", {}), ("Kyiv", {}), ("bl", {}), ("shipping attack", {}),
    (None, {"region": "Middle East"}), ("Blinken", {"region": "Eastern Europe"}), (None, {"year": "2024"}),
    ("talks", {"region": "Middle East", "year": "2024"}),
]


def own_engine(root: Path) -> None:
    settings = root / "pyproject.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "[tool.briefings]\n", '[tool.briefings]\nsearch_engine = "own"\n'), encoding="utf-8")


def found_by_both(site: Path, page) -> dict:
    """{(query, filters): sorted URLs} of our index, after asserting one Pagefind index
    of the same pages finds the same, and its filter counts are the site's."""
    shutil.rmtree(site / "single-index", ignore_errors=True)
    subprocess.run([str(pagefind_executable()), "--site", str(site), "--glob", "articles/*/*/index.html",
                    "--output-path", str(site / "single-index"), "--quiet"], check=True)
    found = {}
    with serve(site) as base:
        page.goto(base + "search/")
        page.wait_for_selector("#search[data-ready]")
        for query, filters in QUERIES:
            answer = page.evaluate(COMPARE, [query, filters])
            assert sorted(answer["own"]) == sorted(answer["single"]), (query, filters)
            assert len(answer["own"]) == len(set(answer["own"])), (query, filters)
            # newest first is the site's order: by date, then title, then address
            newest = [tuple(entry) for entry in answer["newest"]]
            assert newest == sorted(newest, key=lambda e: (tuple(-ord(c) for c in e[0]), e[1], e[2])), query
            found[(query, json.dumps(filters))] = sorted(answer["own"])
        single_filters = page.evaluate(SINGLE_FILTERS)
    listed = read_filter_values(site)
    assert {name: {value: count for value, count, *stored in values} for name, values in listed.items()} == {
        name: counts for name, counts in single_filters.items()}
    shutil.rmtree(site / "single-index")
    return found


def test_our_index_finds_what_one_pagefind_index_finds_after_edits_an_addition_and_a_deletion(tmp_path: Path, page):
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    own_engine(root)
    site = tmp_path / "site"
    build(BuildOptions(root=root, out_dir=site))
    manifest = json.loads((site / "pagefind/parts.json").read_text(encoding="utf-8"))
    assert manifest["engine"] == "own" and manifest["parts"] == ["main"]
    clean = found_by_both(site, page)
    assert clean[("Blinken", "{}")] and clean[("ceasefire", "{}")]

    edit_add_and_delete(root)
    main_before = manifest["bases"]["main"]
    build(BuildOptions(root=root, out_dir=site))
    manifest = json.loads((site / "pagefind/parts.json").read_text(encoding="utf-8"))
    # only recent was indexed: main is the clean build's, its stale copies hidden
    assert manifest["parts"] == ["main", "recent"] and manifest["bases"]["main"] == main_before
    assert len(manifest["hidden"]) == 3  # the two edited, the deleted
    incremental = found_by_both(site, page)
    assert incremental[("monsoon", "{}")] and incremental[("Austin", "{}")]

    build(BuildOptions(root=root, out_dir=site, clean=True))
    assert json.loads((site / "pagefind/parts.json").read_text(encoding="utf-8"))["parts"] == ["main"]
    assert found_by_both(site, page) == incremental


def test_hostile_text_stays_inert_in_our_indexs_results(tmp_path: Path, page):
    root = hostile_archive(tmp_path)
    own_engine(root)
    build(BuildOptions(root=root, out_dir=tmp_path / "site"))
    with serve(tmp_path / "site") as base:
        page.goto(base + "search/?q=payload")
        page.locator(".search-result-link").first.wait_for()
        assert page.locator("#search img, #search script").count() == 0
        assert page.evaluate(PWNED) == []
