"""The sitemap, written as text, is byte for byte what ElementTree writes for the same tree."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import urls
from generator.config import Settings
from generator.feeds import SITEMAP_NS, sitemap
from generator.pages import Page

BASE = "https://example.org/briefings/"


def sitemap_by_elementtree(base_url: str, pages: list[Page]) -> bytes:
    """The sitemap as the build wrote it with ElementTree, the reference for its bytes."""
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for page in sorted(pages, key=lambda p: p.path):
        if page.path == "404.html" or not page.indexable:
            continue
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = urls.absolute(base_url, page.path)
        if page.lastmod:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = page.lastmod.isoformat()
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def page(path: str, lastmod: dt.date | None = None, indexable: bool = True) -> Page:
    return Page(path=path, template="", title="", lastmod=lastmod, indexable=indexable)


def test_a_sitemap_lists_indexable_pages_by_path_with_their_dates():
    pages = [
        page("regions/b/index.html", dt.date(2024, 3, 1)), page("index.html", dt.date(2024, 3, 2)),
        page("404.html"), page("search/index.html", indexable=False), page("archive/index.html"),
    ]
    written = sitemap(Settings(base_url=BASE), pages)
    assert written == sitemap_by_elementtree(BASE, pages)
    root = ET.fromstring(written)
    assert [loc.text for loc in root.iter(f"{{{SITEMAP_NS}}}loc")] == [
        BASE + "archive/", BASE, BASE + "regions/b/",
    ]


def test_a_sitemap_of_no_page_is_an_empty_urlset():
    pages = [page("404.html"), page("search/index.html", indexable=False)]
    assert sitemap(Settings(base_url=BASE), pages) == sitemap_by_elementtree(BASE, pages)


def test_no_base_url_no_sitemap():
    assert sitemap(Settings(), [page("index.html")]) is None


PATH = st.lists(st.sampled_from(["a", "&", "<", ">", "é", "é/x", "'", '"', "%20", "q?x=1&y=2", "/"]), max_size=6).map(
    lambda parts: "".join(parts) + "/index.html"
)


@settings(max_examples=200, derandomize=True)
@given(st.lists(st.tuples(PATH, st.none() | st.dates(), st.booleans()), max_size=8))
def test_any_pages_give_the_bytes_elementtree_gives(entries):
    pages = [page(path, lastmod, indexable) for path, lastmod, indexable in entries]
    assert sitemap(Settings(base_url=BASE), pages) == sitemap_by_elementtree(BASE, pages)
