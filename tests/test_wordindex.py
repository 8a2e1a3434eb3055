"""Our own search index's writer (generator/wordindex.py): what it reads of a page
(what Pagefind reads of it), how it lays postings out, and that the same pages give
the same bytes. The browser side is tests/test_search_own_browser.py."""

from __future__ import annotations

import gzip
import json

from hypothesis import given
from hypothesis import strategies as st

from generator.offline_search import fold
from generator.search import OWN_FROM, engine_for
from generator.wordindex import PageText, encode_postings, folded, index_files, ordered, read_page, words_of

PAGE = """<!doctype html><html lang="en"><head><title>Site</title></head><body>
<nav>Home Regions</nav>
<article class="briefing" data-pagefind-body>
  <p class="kicker" data-pagefind-ignore><a data-pagefind-filter="region[data-filter-value]"
     data-filter-value="Middle East">Middle East</a></p>
  <h1 data-pagefind-meta="title">Talks in Muscat</h1>
  <p class="meta" data-pagefind-ignore><time datetime="2024-05-02" data-pagefind-sort="date[datetime]"
     data-pagefind-filter="year:2024">2 May 2024</time></p>
  <div class="briefing-body"><p>Envoys met<br>again in <em>Mus</em>cat.</p><ul><li>truce</li><li>talks</li></ul>
  <blockquote>quoted</blockquote><blockquote>words</blockquote>
  <svg><text>chartlabel</text></svg><script>var hidden = 1;</script></div>
  <footer data-pagefind-ignore><a data-pagefind-filter="actor[data-filter-value]" data-filter-value="A &amp;amp;amp; B">A &amp; B</a></footer>
</article>
<aside data-pagefind-ignore>Related: sidebar words</aside>
</body></html>"""


def test_a_page_gives_its_body_less_what_is_ignored_and_its_title_date_and_filters():
    page = read_page("/articles/2024/talks/", PAGE)
    assert page is not None and page.title == "Talks in Muscat" and page.date == "2024-05-02"
    # a value as the template writes it (escaped three times) is stored escaped once, as Pagefind stores it
    assert page.filters == {"region": ["Middle East"], "year": ["2024"], "actor": ["A &amp; B"]}
    found = set(words_of(page.text))
    assert {"talks", "muscat", "envoys", "truce"} <= found
    # the kicker, the date, the footer, the aside, the nav, a chart's SVG, a script: not indexed
    assert not found & {"middle", "east", "may", "related", "sidebar", "home", "chartlabel", "hidden"}


def test_words_run_across_inline_elements_and_break_where_pagefind_puts_a_space():
    found = set(words_of(read_page("/a/", PAGE).text))
    assert "muscat" in found  # <em>Mus</em>cat is one word
    assert {"met", "again"} <= found  # <br> breaks
    assert {"truce", "talks"} <= found and "trucetalks" not in found  # list items break
    assert "quotedwords" in found  # Pagefind 1.5 puts no space between two blockquotes: neither do we


def test_a_page_without_a_body_element_is_no_briefing():
    assert read_page("/a/", "<html><body><h1>List</h1><p>words</p></body></html>") is None


def test_a_word_in_every_one_of_100000_briefings_costs_a_bitmap_and_a_byte_a_briefing_before_gzip():
    documents = range(100_000)
    encoded = encode_postings(documents, [1 + n % 3 for n in documents], 100_000)
    assert encoded[0] == 1 and len(encoded) == 1 + 12_500 + 100_000
    assert len(gzip.compress(encoded)) < 50_000
    # a rare word is a list of gaps: a byte each here, and a score
    assert encode_postings([5, 6, 300], [2, 2, 2], 100_000) == bytes([0, 5, 2, 0, 2, 0xA5, 0x02, 2])  # 293 = 0x125


def briefing(number: int, date: str, title: str, text: str, region: str = "Middle East") -> PageText:
    return PageText(f"/articles/{date[:4]}/b{number}/", title, date, text, {"region": [region], "year": [date[:4]]})


def test_documents_are_numbered_newest_first_and_the_same_pages_give_the_same_bytes():
    pages = [briefing(1, "2023-01-02", "Old", "ceasefire talks"), briefing(2, "2024-03-01", "Zed", "ceasefire"),
             briefing(3, "2024-03-01", "Alpha", "talks", region="Europe")]
    files = dict(index_files(pages))
    assert files == dict(index_files(list(reversed(pages))))
    titles = [json.loads(gzip.decompress(files[f"d/{n}.bin"]))[1] for n in range(3)]
    assert titles == ["Alpha", "Zed", "Old"]
    meta = json.loads(files["meta.json"])
    assert meta["documents"] == 3 and meta["filters"] == ["region", "year"]
    shard = json.loads(gzip.decompress(files["w/6365.bin"]))  # "ce"
    assert shard["ceasefire"][0] == 2
    assert json.loads(files["values/region.json"]) == {"Europe": 0, "Middle East": 1}


_DATES = st.sampled_from(["2024-03-01", "2024-03-01T10:00", "2024-03", "2023-12-31", "2024-03-02"])
_TITLES = st.sampled_from(["Alpha", "alpha", "Beta", "", "Émile", "emile", "İstanbul talks"])


@given(st.lists(st.tuples(_DATES, _TITLES, st.integers(0, 5)), max_size=12))
def test_pages_are_ordered_as_their_order_keys_sort_without_making_them_all(triples):
    pages = [PageText(f"/articles/x/{n}/", title, date, "") for date, title, n in triples]
    assert [page.order_key() for page in ordered(pages)] == sorted(page.order_key() for page in pages)


def test_a_recent_part_knows_where_each_document_stands_among_mains():
    main = sorted([briefing(1, "2024-03-01", "A", "x").order_key(), briefing(2, "2023-01-01", "B", "x").order_key()])
    files = dict(index_files([briefing(3, "2023-06-01", "C", "y"), briefing(4, "2025-01-01", "D", "y")], main))
    assert json.loads(files["meta.json"])["positions"] == [0, 1]  # D before all of main, C after its first


def test_auto_chooses_pagefind_below_the_threshold_and_ours_from_it():
    assert engine_for("auto", OWN_FROM - 1) == "pagefind" and engine_for("auto", OWN_FROM) == "own"
    assert engine_for("pagefind", 10**6) == "pagefind" and engine_for("own", 3) == "own"


@given(st.text(max_size=40))
def test_words_are_folded_as_the_offline_edition_and_the_search_page_fold_them(text: str):
    assert folded(text) == fold(text)
