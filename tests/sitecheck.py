"""Reading a built site the way a crawler would: links, scripts, attributes."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class PageScan:
    links: list[str] = field(default_factory=list)  # href/src values as written
    scripts: list[dict[str, str | None]] = field(default_factory=list)  # attributes of <script>
    inline_scripts: list[str] = field(default_factory=list)
    event_attributes: list[tuple[str, str]] = field(default_factory=list)  # (tag, attribute)
    filters: list[tuple[str, str]] = field(default_factory=list)  # data-pagefind-filter, text


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()
        self._in_script = False
        self._filter: str | None = None
        self._filter_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.scan.event_attributes.append((tag, name))
            if name in ("href", "src", "action") and value is not None:
                self.scan.links.append(value)
        if tag == "script":
            self.scan.scripts.append(attributes)
            self._in_script = True
        spec = attributes.get("data-pagefind-filter")
        if spec and "[" in spec:  # value from an attribute: name[attribute]
            name, attribute = spec[:-1].split("[", 1)
            self.scan.filters.append((name, attributes.get(attribute) or ""))
        elif spec and tag == "a":  # value from the element's text
            self._filter, self._filter_text = spec, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag == "a" and self._filter:
            self.scan.filters.append((self._filter, "".join(self._filter_text).strip()))
            self._filter = None

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.scan.inline_scripts.append(data)
        if self._filter:
            self._filter_text.append(data)


def scan_html(html: str) -> PageScan:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.scan


def resolve(page_path: str, link: str) -> str | None:
    """The output path a relative link from `page_path` points at; None for external links."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("#") or link.startswith("mailto:"):
        return None
    if parts.path == "":
        return page_path
    target = posixpath.join(posixpath.dirname(page_path), unquote(parts.path))
    if parts.path.endswith("/"):
        target = posixpath.join(target, "index.html")
    return posixpath.normpath(target)


def internal_links(site: Path, page_path: str) -> set[str]:
    html = (site / page_path).read_text(encoding="utf-8")
    return {t for link in scan_html(html).links if (t := resolve(page_path, link)) is not None}


def term_links(site: Path, first_page: str) -> set[str]:
    """Internal links of a list page and of every further page it paginates to."""
    folder = posixpath.dirname(first_page)
    links: set[str] = set()
    visited: set[str] = set()
    to_visit = [first_page]
    while to_visit:
        page = to_visit.pop()
        visited.add(page)
        found = internal_links(site, page)
        links |= found
        to_visit += [p for p in found if p.startswith(folder + "/page/") and p not in visited]
    return links


def broken_links(site: Path) -> list[tuple[str, str]]:
    """(page, target) for every internal link whose target file does not exist."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        page_path = page.relative_to(site).as_posix()
        if page_path.startswith("pagefind/"):
            continue
        for target in sorted(internal_links(site, page_path)):
            if target.startswith("..") or not (site / target).is_file():
                broken.append((page_path, target))
    return broken
