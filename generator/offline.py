"""The offline edition: the whole site as one zip that browses from disk.

Same pages and templates as the web edition, rendered with `edition="offline"`:
every link names a file (`regions/index.html`), because a browser opening a
folder from `file://` shows a listing, not its index.html; the search page
uses the script-loaded index of `offline_search` instead of Pagefind; there
is no service worker (browsers allow none on `file://`).

Each region also gets an edition of its own (`region_editions`), for readers
on slow connections who need one region: its briefings, the pages of the
region that list them, the search page over them alone, and a front page that
opens the region. Every other page stays out, so a link to one (the header's
"Countries", a briefing's actor) is pointed at the web edition when the site
has a base_url, or left as plain text: nothing inside a region edition is dead.

The zip is reproducible: entries in sorted order, one fixed timestamp, fixed
permissions, so the same content gives the same bytes.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence
from urllib.parse import unquote, urlsplit

from generator import urls
from generator.models import Briefing, Page, Site, Term
from generator.render import PageRenderer, render_page
from generator.slugs import slugify
from generator.offline_search import search_files

SEARCH_DATA = "search/data"  # where the offline search index lives in the edition
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold
NOTE_NAME = "HOW-TO-READ-OFFLINE.txt"
# web-only files the edition leaves out: search runs from SEARCH_DATA, and there is no server
WEB_ONLY = ("pagefind/", "sw.js", "offline-files.json", "sitemap.xml", "CNAME", ".nojekyll", "404.html")


def zip_name(site_title: str) -> str:
    """`crisis-briefings-offline.zip` for a site titled "Crisis Briefings"."""
    return f"{slugify(site_title) or 'site'}-offline.zip"


def folder_name(site_title: str) -> str:
    return zip_name(site_title).removesuffix(".zip")


def region_zip_name(whole_zip: str, region_slug: str) -> str:
    """`crisis-briefings-offline-middle-east.zip` beside `crisis-briefings-offline.zip`
    (term.html links it by the same rule)."""
    return f"{whole_zip.removesuffix('.zip')}-{region_slug}.zip"


def reading_note(site_title: str, base_url: str, region: str = "") -> str:
    online = f"\nThe same archive online, always up to date: {base_url}\n" if base_url else ""
    heading = f"{site_title}: offline edition" + (f" for {region}" if region else "")
    scope = (
        f"\nThis edition holds the briefings of {region} only; links to other pages\n"
        f"{'lead to the archive online' if base_url else 'are shown as plain text'}.\n" if region else ""
    )
    return f"""{heading}
{'=' * len(heading)}
{scope}
How to read it offline
1. Unzip this file (on Windows: right-click, "Extract All"; on a phone: the Files app).
2. Open the folder and double-click index.html. It opens in your web browser;
   no connection and no installation are needed.
3. Browse by region, country, actor or date, or use Search: it works without a
   connection too. Links between pages stay inside the folder.

Keep the folder together: every page needs the assets/ and search/ folders beside it.
To update, download the zip again and replace the folder.
{online}"""


def edition_files(
    site: Site, pages: Sequence[Page], render: Callable[[Page], str], shared: Iterable[str],
    read: Callable[[str], bytes],
) -> Iterator[tuple[str, bytes]]:
    """Every file of the edition: pages as `render` (a PageRenderer of the offline
    edition) makes them, the search index, the reading note, and those of the `shared`
    files of the web edition (assets, feeds) that are not web-only, as `read` gives them
    (web-only files, the whole Pagefind index among them, are never read)."""
    for page in pages:
        if page.path != "404.html":  # no server to show it
            yield page.path, render(page).encode("utf-8")
    for name, data in search_files(site.briefings):
        yield f"{SEARCH_DATA}/{name}", data
    yield NOTE_NAME, reading_note(site.settings.title, site.settings.absolute_base).encode("utf-8")
    for path in shared:
        if not path.startswith(WEB_ONLY):
            yield path, read(path)


def offline_edition(site: Site, pages: Sequence[Page], theme_dir: Path, staging: Path, paths: set[str]) -> bytes:
    """The zip of the offline edition; web pages are rendered again with file links."""
    renderer = PageRenderer(theme_dir, site.settings, edition="offline")
    shared = [path for path in sorted(paths) if not path.endswith(".html")]
    files = edition_files(
        site, pages, lambda page: render_page(renderer, page, theme_dir), shared, lambda path: (staging / path).read_bytes()
    )
    return zip_files(folder_name(site.settings.title), files)


def zip_files(folder: str, files: Iterable[tuple[str, bytes]]) -> bytes:
    """A reproducible zip of `files` inside one top-level `folder`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{path}", date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permissions below are read
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


# a link in a page of the edition: the attribute, its value
_LINK = re.compile(r'\b(href|src)="([^"]*)"')
_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)
_HEAD_LINK = re.compile(r"<link\b[^>]*>")
_CLASS = re.compile(r'\sclass="[^"]*"')
_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


def link_target(page_path: str, link: str) -> str | None:
    """The edition path a relative link from `page_path` names; None for links
    that leave the edition by themselves (other hosts, `#fragment`, `mailto:`)."""
    parts = urlsplit(html.unescape(link))
    if parts.scheme or parts.netloc or link.startswith("#"):
        return None
    if parts.path == "":
        return page_path
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), unquote(parts.path)))
    return posixpath.join(target, urls.INDEX) if parts.path.endswith("/") else target


def confine_links(page_path: str, page: str, held: Callable[[str], bool], base_url: str) -> str:
    """`page` with every link to a file the edition does not hold pointed at the
    web edition's address of that file, or, without a `base_url`, made plain
    text (an anchor becomes a span with its class, a group inside an inline
    SVG; a `<link>` is dropped)."""

    def dead(link: str) -> bool:
        target = link_target(page_path, link)
        return target is not None and not held(target)

    if base_url:
        def online(match: re.Match[str]) -> str:
            attribute, link = match.groups()
            if not dead(link):
                return match.group(0)
            parts = urlsplit(html.unescape(link))
            address = urls.absolute(base_url, link_target(page_path, link) or "")
            address += f"?{parts.query}" if parts.query else ""
            address += f"#{parts.fragment}" if parts.fragment else ""
            return f'{attribute}="{html.escape(address)}"'

        return _LINK.sub(online, page)

    # a chart's bar or a map's country is an SVG <a>: there a <span> is no element
    # at all, and the drawing breaks, so it becomes a group
    drawings = [(m.start(), m.end()) for m in _SVG.finditer(page)]

    def plain(match: re.Match[str]) -> str:
        attributes, inner = match.groups()
        href = re.search(r'\bhref="([^"]*)"', attributes)
        if href is None or not dead(href.group(1)):
            return match.group(0)
        kept = _CLASS.search(attributes)
        tag = "g" if any(start < match.start() < end for start, end in drawings) else "span"
        return f"<{tag}{kept.group(0) if kept else ''}>{inner}</{tag}>"

    def drop(match: re.Match[str]) -> str:
        href = re.search(r'\bhref="([^"]*)"', match.group(0))
        return "" if href is not None and dead(href.group(1)) else match.group(0)

    return _HEAD_LINK.sub(drop, _ANCHOR.sub(plain, page))


def front_page(site_title: str, language: str, region: str, region_page: str) -> str:
    """The edition's index.html: it opens the region's page (a meta refresh,
    as the pages allow no inline script), with a link for browsers that wait."""
    link = html.escape(region_page)
    name = html.escape(region)
    return f"""<!DOCTYPE html>
<html lang="{html.escape(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0; url={link}">
<title>{name}: {html.escape(site_title)}, offline edition</title>
</head>
<body>
<main><p><a href="{link}">{name}: {html.escape(site_title)}, offline edition</a></p></main>
</body>
</html>
"""


def region_edition_files(
    site: Site, region: Term, briefings: Sequence[Briefing], whole: Mapping[str, Callable[[], bytes]],
) -> Iterator[tuple[str, bytes]]:
    """Every file of `region`'s edition, taken from the whole edition (`whole`:
    path -> a reader of its bytes): the region's briefings and the region's own
    pages (its paged list and feed), the search page with an index of these
    briefings alone, the assets, and any other file those pages use."""
    settings = site.settings
    region_page = urls.term("regions", region.slug)
    folder = posixpath.dirname(region_page) + "/"
    pages = {b.url for b in briefings} | {p for p in whole if p.startswith(folder) and p.endswith(".html")}
    pages |= {urls.search()}
    data = {f"{SEARCH_DATA}/{name}": content for name, content in search_files(briefings)}
    files = {urls.home(), NOTE_NAME, *data}
    files |= {p for p in whole if p.startswith(("assets/", folder)) and not p.endswith(".html")}

    for path in sorted(pages):
        text = whole[path]().decode("utf-8")
        # files beside a held page that it uses (a briefing's picture); not the
        # whole site's feed, which carries every region's briefings
        for _, link in _LINK.findall(text):
            target = link_target(path, link)
            beside_a_page = target is not None and posixpath.join(posixpath.dirname(target), urls.INDEX) in pages
            if beside_a_page and target in whole and not target.endswith(".html"):
                files.add(target)
        held = lambda target: target in pages or target in files  # noqa: E731
        yield path, confine_links(path, text, held, settings.absolute_base).encode("utf-8")
    yield urls.home(), front_page(settings.title, settings.language, region.name, region_page).encode("utf-8")
    yield NOTE_NAME, reading_note(settings.title, settings.absolute_base, region.name).encode("utf-8")
    yield from data.items()
    for path in sorted(files - {urls.home(), NOTE_NAME, *data}):
        yield path, whole[path]()


def region_editions(site: Site, whole_zip: str, whole_data: bytes) -> Iterator[tuple[str, bytes]]:
    """(zip name, zip bytes) of the edition of every region with briefings, cut
    from the whole edition's zip rather than rendered again."""
    by_region: dict[Term, list[Briefing]] = {}
    for briefing in site.briefings:  # newest first, and so each region's list
        by_region.setdefault(briefing.region, []).append(briefing)
    whole_folder = whole_zip.removesuffix(".zip")
    with zipfile.ZipFile(io.BytesIO(whole_data)) as archive:
        whole = {
            name.removeprefix(f"{whole_folder}/"): (lambda name=name: archive.read(name))
            for name in archive.namelist()
        }
        for region in sorted(by_region, key=lambda term: term.slug):
            name = region_zip_name(whole_zip, region.slug)
            files = region_edition_files(site, region, by_region[region], whole)
            yield name, zip_files(name.removesuffix(".zip"), files)


def editions(
    site: Site, pages: Sequence[Page], theme_dir: Path, staging: Path, paths: set[str], whole_zip: str,
) -> Iterator[tuple[str, bytes]]:
    """The offline edition (at `whole_zip`), then each region's, as (output path, zip bytes);
    `paths`: every file written to `staging` so far, the web edition's shared files among them."""
    whole = offline_edition(site, pages, theme_dir, staging, paths)
    yield whole_zip, whole
    yield from region_editions(site, whole_zip, whole)
