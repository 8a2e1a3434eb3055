"""Atom feeds, as XML built with ElementTree (escaping included), and the sitemap.

Feeds carry absolute links when `base_url` is set. Without it they still work
when read from the published folder: links are relative to the feed file,
which Atom resolves against the feed's own address, and ids are stable URNs
derived from each briefing's address. A sitemap needs absolute addresses, so
it is written only when `base_url` is set.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from typing import Protocol, Sequence

from generator import urls
from generator.bodies import html_of
from generator.config import Settings
from generator.models import Briefing, FeedPlan, Page, Site

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ID_NAMESPACE = uuid.UUID("6c1f3a52-8f0e-4d55-9d2e-3b7f0f6a9c41")


def entry_times(briefings: Sequence[Briefing]) -> list[dt.datetime]:
    """Each entry's `updated` (of `briefings`, newest first), unique within the feed.

    Feed readers and the W3C validator (DuplicateUpdated) want no two entries
    updated at the same instant, but briefings without `updated` all carry their
    day at midnight. Going up the list from the oldest, a briefing gets its own
    `updated`, or midnight of its day, or, when an entry below already took that
    instant or a later one on the same day, a second after it: the order of the
    list is kept, and the times are a function of the list alone.
    """
    times: list[dt.datetime] = [dt.datetime.min] * len(briefings)
    taken: set[dt.datetime] = set()
    below: dt.datetime | None = None  # the time given to the entry just below (older)
    for index in range(len(briefings) - 1, -1, -1):
        briefing = briefings[index]
        if briefing.article.updated:
            time = briefing.article.updated
            if time.tzinfo is None:
                time = time.replace(tzinfo=dt.timezone.utc)
        else:
            time = dt.datetime.combine(briefing.date, dt.time(0, 0), dt.timezone.utc)
            if below is not None and below.date() == briefing.date and below >= time:
                time = below + dt.timedelta(seconds=1)
        while time in taken:
            time += dt.timedelta(seconds=1)
        taken.add(time)
        times[index] = below = time
    return times


def _published(briefing: Briefing) -> str:
    return dt.datetime.combine(briefing.date, dt.time(0, 0), dt.timezone.utc).isoformat()


def _address(settings: Settings, feed_path: str, target: str) -> str:
    return urls.absolute(settings.base_url, target) or urls.relative(feed_path, target)


def _id(settings: Settings, target: str) -> str:
    return urls.absolute(settings.base_url, target) or f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, target)}"


def atom_feed(settings: Settings, feed_path: str, title: str, page_path: str, briefings: Sequence[Briefing]) -> bytes:
    """An Atom 1.0 document of `briefings` (already newest first)."""
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
    # over the whole list, so that an entry's time does not depend on where the feed is cut
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
        # links inside a body are relative to its page, so the content says where that is
        ET.SubElement(
            entry, f"{{{ATOM_NS}}}content",
            {"type": "html", "xml:base": _address(settings, feed_path, briefing.url)},
        ).text = html_of(briefing.body_html)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


class SitemapEntry(Protocol):
    """What the sitemap reads of a page (a `Page` is one; an addition gives lighter ones)."""

    @property
    def path(self) -> str: ...

    @property
    def lastmod(self) -> dt.date | None: ...

    @property
    def indexable(self) -> bool: ...


def sitemap(settings: Settings, pages: Sequence[SitemapEntry]) -> bytes | None:
    """sitemap.xml of every HTML page but the 404 page and pages kept out of search
    engines (the search page); None without base_url.

    Written as text, in exactly the bytes ElementTree writes for the same tree, indented
    (tests/test_feeds.py compares the two): a sitemap of 15,000 pages through ElementTree
    took a tenth of a second, and every addition of a briefing writes the sitemap again.
    """
    if not settings.base_url:
        return None
    lines = [f"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=\"{SITEMAP_NS}\">"]
    for page in sorted(pages, key=lambda p: p.path):
        if page.path == "404.html" or not page.indexable:
            continue
        lines.append(f"  <url>\n    <loc>{_text(urls.absolute(settings.base_url, page.path))}</loc>")
        if page.lastmod:
            lines.append(f"    <lastmod>{page.lastmod.isoformat()}</lastmod>")
        lines.append("  </url>")
    if len(lines) == 1:  # no page: ElementTree closes the empty element in its start tag
        return f"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=\"{SITEMAP_NS}\" />\n".encode("utf-8")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def _text(value: str) -> str:
    """Element text escaped as ElementTree escapes it."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plan_feeds(site: Site) -> list[FeedPlan]:
    """The feed of every briefing and one per region, each with its newest entries."""
    settings = site.settings
    latest = settings.feed_entries
    feeds = [FeedPlan(urls.feed(), settings.title, urls.home(), tuple(site.briefings[:latest]))]
    for entry in site.terms["regions"].values():
        feeds.append(FeedPlan(
            urls.feed(entry.term.slug), f"{settings.title}: {entry.term.name}",
            urls.term("regions", entry.term.slug), tuple(entry.briefings[:latest]),
        ))
    return feeds


def write_feed(settings: Settings, feed: FeedPlan) -> tuple[str, bytes]:
    """The feed's output path and its Atom XML."""
    return feed.path, atom_feed(settings, feed.path, feed.title, feed.page_path, feed.briefings)

