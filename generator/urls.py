"""Where every page lives, and links between pages as relative paths.

Pages are addressed by their output path (`regions/south-caucasus/index.html`).
Links are always relative to the page they appear on, so one build works at a
domain root, under a sub-path (GitHub project pages) and from disk. `base_url`
is used only where an absolute address is required (canonical, feeds, sitemap).
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

INDEX = "index.html"


def home() -> str:
    return INDEX


def article(year: int, slug: str) -> str:
    return f"articles/{year}/{slug}/{INDEX}"


def taxonomy_index(taxonomy: str) -> str:
    return f"{taxonomy}/{INDEX}"


def term(taxonomy: str, slug: str, page: int = 1) -> str:
    return f"{taxonomy}/{slug}/{INDEX}" if page == 1 else f"{taxonomy}/{slug}/page/{page}/{INDEX}"


def archive_index() -> str:
    return f"archive/{INDEX}"


def archive_year(year: int) -> str:
    return f"archive/{year}/{INDEX}"


def archive_month(month: dt.date) -> str:
    return f"archive/{month.year}/{month.month:02d}/{INDEX}"


def search() -> str:
    return f"search/{INDEX}"


def feed(region_slug: str | None = None) -> str:
    return f"regions/{region_slug}/feed.xml" if region_slug else "feed.xml"


def relative(from_page: str, to_path: str, pretty: bool = True) -> str:
    """Link from the page at `from_page` to `to_path`, both clean output paths.

    With `pretty`, a link to a folder's index.html ends at the folder
    (`../regions/`), as web servers resolve it; without, it names the file,
    which is what browsing from disk needs. (Computed from path segments:
    posixpath.relpath consults the working directory on every call, and a
    large archive makes millions of links.)
    """
    from_parts = from_page.split("/")[:-1]
    to_parts = to_path.split("/")
    common = 0
    limit = min(len(from_parts), len(to_parts) - 1)
    while common < limit and from_parts[common] == to_parts[common]:
        common += 1
    link = "/".join([".."] * (len(from_parts) - common) + to_parts[common:])
    if pretty and (link == INDEX or link.endswith("/" + INDEX)):
        link = link[: -len(INDEX)]
    return link or "./"


def relative_from(from_page: str, pretty: bool = True) -> Callable[[str], str]:
    """`relative` from the page at `from_page`, for the many links a page makes.

    Most of a page's links go to another top-level folder (a term page's list to
    briefings, a briefing to its terms): those share no segment with the page's
    path, and are the path under as many `..` as the page is deep. The others (a
    briefing's neighbours and related briefings) share at least the first, which
    is not compared again."""
    folders = from_page.split("/")[:-1]
    depth = len(folders)
    up = "../" * depth
    own = folders[0] + "/" if depth else None

    def link(to_path: str) -> str:
        if own is not None and to_path.startswith(own):  # as `relative` finds it
            parts = to_path.split("/")
            common, limit = 1, min(depth, len(parts) - 1)
            while common < limit and folders[common] == parts[common]:
                common += 1
            found = "../" * (depth - common) + "/".join(parts[common:])
        else:
            found = up + to_path
        if pretty and (found == INDEX or found.endswith(_SLASH_INDEX)):
            found = found[: -len(INDEX)]
        return found or "./"

    return link


_SLASH_INDEX = "/" + INDEX


def absolute(base_url: str, to_path: str) -> str:
    """The published address of `to_path`, or "" when no base URL is set."""
    if not base_url:
        return ""
    path = to_path[: -len(INDEX)] if to_path.endswith(INDEX) else to_path
    return base_url.rstrip("/") + "/" + path
