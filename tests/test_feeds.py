"""The Atom feeds and the sitemap, written as text, are byte for byte what ElementTree
writes for the same trees, hostile text included."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import urls
from generator.config import Settings
from generator.bodies import html_of
from generator.feeds import ATOM_NS, SITEMAP_NS, _address, _id, _published, atom_feed, entry_times, sitemap
from generator.models import Article, Briefing, Term
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


def atom_feed_by_elementtree(settings: Settings, feed_path: str, title: str, page_path: str, briefings) -> bytes:
    """The feed as the build wrote it with ElementTree, the reference for its bytes."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": settings.language})
    ET.SubElement(feed, f"{{{ATOM_NS}}}title").text = title
    if settings.description:
        ET.SubElement(feed, f"{{{ATOM_NS}}}subtitle").text = settings.description
    ET.SubElement(feed, f"{{{ATOM_NS}}}id").text = _id(settings, feed_path)
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", {"rel": "self", "href": _address(settings, feed_path, feed_path)})
    ET.SubElement(
        feed, f"{{{ATOM_NS}}}link",
        {"rel": "alternate", "type": "text/html", "href": _address(settings, feed_path, page_path)},
    )
    entries = list(briefings)[: settings.feed_entries]
    times = entry_times(briefings)[: len(entries)]
    updated = max((t.isoformat() for t in times), default="1970-01-01T00:00:00+00:00")
    ET.SubElement(feed, f"{{{ATOM_NS}}}updated").text = updated
    author = ET.SubElement(feed, f"{{{ATOM_NS}}}author")
    ET.SubElement(author, f"{{{ATOM_NS}}}name").text = settings.title
    ET.SubElement(feed, f"{{{ATOM_NS}}}generator").text = "briefings"
    for briefing, time in zip(entries, times):
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        ET.SubElement(entry, f"{{{ATOM_NS}}}title").text = briefing.title
        ET.SubElement(entry, f"{{{ATOM_NS}}}id").text = _id(settings, briefing.url)
        ET.SubElement(
            entry, f"{{{ATOM_NS}}}link",
            {"rel": "alternate", "type": "text/html", "href": _address(settings, feed_path, briefing.url)},
        )
        ET.SubElement(entry, f"{{{ATOM_NS}}}published").text = _published(briefing)
        ET.SubElement(entry, f"{{{ATOM_NS}}}updated").text = time.isoformat()
        for term in (briefing.region, *briefing.countries, *briefing.actors):
            ET.SubElement(entry, f"{{{ATOM_NS}}}category", {"term": term.name, "label": term.name})
        if briefing.summary:
            ET.SubElement(entry, f"{{{ATOM_NS}}}summary").text = briefing.summary
        ET.SubElement(
            entry, f"{{{ATOM_NS}}}content",
            {"type": "html", "xml:base": _address(settings, feed_path, briefing.url)},
        ).text = html_of(briefing.body_html)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def feed_briefing(
    number: int, title: str, summary: str = "", body: str = "<p>x</p>\n", names: tuple[str, ...] = (),
    day: dt.date = dt.date(2024, 5, 1), updated: dt.datetime | None = None, url: str = "",
) -> Briefing:
    url = url or f"articles/2024/b{number}/"
    article = Article(
        path=f"content/b{number}.md", slug=f"b{number}", title=title, date=day, region="R", body="", body_line=1,
        updated=updated, summary=summary,
    )
    terms = tuple(Term("actors", name, f"a{i}") for i, name in enumerate(names))
    return Briefing(
        article=article, url=url, region=Term("regions", "Region & <Co>", "r"), countries=terms[:1],
        actors=terms[1:], tags=(), source=None, body_html=body, summary=summary, word_count=1,
    )


FEED_SETTINGS = (
    Settings(base_url=BASE, description="About <things> & \"more\""),
    Settings(title="T\t\r\n&\"'<>", language="en\"GB\n", feed_entries=2),
)


def test_a_feed_of_plain_briefings_is_what_elementtree_writes():
    briefings = [
        feed_briefing(1, "Talks resume", "A summary.", names=("Armenia", "Nikol Pashinyan")),
        feed_briefing(2, "Fighting & shelling <again>", body="<p>a &amp; b</p>\n", day=dt.date(2024, 4, 2)),
        feed_briefing(3, "", "", body="", day=dt.date(2024, 4, 2)),
    ]
    for settings_ in FEED_SETTINGS:
        for feed_path, page_path in (("feed.xml", "index.html"), ("regions/r/feed.xml", "regions/r/index.html")):
            written = atom_feed(settings_, feed_path, "Feed: <title>", page_path, briefings)
            assert written == atom_feed_by_elementtree(settings_, feed_path, "Feed: <title>", page_path, briefings)
            ET.fromstring(written)  # well-formed


def test_a_feed_of_no_briefing_is_what_elementtree_writes():
    for settings_ in FEED_SETTINGS:
        assert atom_feed(settings_, "feed.xml", "", "index.html", []) == atom_feed_by_elementtree(
            settings_, "feed.xml", "", "index.html", []
        )


# any text at all: control characters, line breaks and tabs, quotes, markup, non-ASCII and
# lone surrogates (which UTF-8 cannot carry: both writers give character references); a
# list of characters joined, as st.text leaves surrogates out
HOSTILE = st.lists(
    st.sampled_from(list("&<>\"'\r\n\t \x00\x01\x1f\x7f\x85\u2028é€\U0001f600\ud800\udfffa;#")) | st.characters(),
    max_size=12,
).map("".join)


def test_lone_surrogates_become_character_references_as_with_elementtree():
    briefings = [feed_briefing(1, "a\ud800b", "\udfff", "<p>\ud83d</p>", ("\udc00",))]
    written = atom_feed(Settings(), "feed.xml", "\ud800", "index.html", briefings)
    assert b"<title>a&#55296;b</title>" in written
    assert written == atom_feed_by_elementtree(Settings(), "feed.xml", "\ud800", "index.html", briefings)


@settings(max_examples=300, derandomize=True)
@given(
    st.lists(st.tuples(HOSTILE, HOSTILE, HOSTILE, st.lists(HOSTILE, max_size=3), st.text(max_size=8)), max_size=4),
    HOSTILE, HOSTILE, HOSTILE, st.text(max_size=8), st.booleans(),
)
def test_feeds_of_any_text_give_the_bytes_elementtree_gives(entries, title, description, site_title, url, absolute):
    # addresses are any text UTF-8 can carry (a feed's id is the uuid5 of its address's bytes)
    briefings = [
        feed_briefing(i, t, summary, body, tuple(names), url=f"articles/{u}/")
        for i, (t, summary, body, names, u) in enumerate(entries)
    ]
    settings_ = Settings(
        base_url=BASE if absolute else "", title=site_title, description=description, language=url or "en",
    )
    feed_path = f"regions/{url}/feed.xml"
    assert atom_feed(settings_, feed_path, title, f"regions/{url}/", briefings) == atom_feed_by_elementtree(
        settings_, feed_path, title, f"regions/{url}/", briefings
    )
