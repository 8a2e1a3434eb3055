"""The offline edition: the whole site as one zip that browses from disk.

Same pages and templates as the web edition, rendered with `edition="offline"`:
every link names a file (`regions/index.html`), because a browser opening a
folder from `file://` shows a listing, not its index.html; the search page
uses the script-loaded index of `offline_search` instead of Pagefind; there
is no service worker (browsers allow none on `file://`).

The zip is reproducible: entries in sorted order, one fixed timestamp, fixed
permissions, so the same content gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from typing import Callable, Iterable, Iterator, Sequence

from generator.pages import Page
from generator.site import Site
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


def reading_note(site_title: str, base_url: str) -> str:
    online = f"\nThe same archive online, always up to date: {base_url}\n" if base_url else ""
    return f"""{site_title}: offline edition
{'=' * (len(site_title) + 18)}

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
