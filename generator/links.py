"""Links written in a body to other pages of the site should lead somewhere.

A dead one is a warning, not an error (it fails only `check --strict`): ingested
briefings carry links copied from the source site ("/news/123", relative to
that site), and a build must not be blocked by text nobody here wrote. Wiki
links are ours, and an unresolved one is an error (see site.py).

Pure: the site's briefings (with the links found while rendering) and the set
of output paths in, diagnostics out. External addresses (with a scheme, or
`//host`) and in-page anchors are not checked here: the first would need the
network, the second is the reader's browser's business.
"""

from __future__ import annotations

import posixpath
import re
from typing import Iterable

from generator import urls
from generator.diagnostics import Diagnostics
from generator.models import Briefing, Site

_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
# written by `briefings build` beside the pages; links into them are fine
_GENERATED_FOLDERS = ("assets/", "pagefind/")


def site_paths(site: Site, page_paths: Iterable[str]) -> set[str]:
    """Every output path a link may lead to: pages, feeds and the sitemap."""
    paths = set(page_paths) | {urls.feed(), "sitemap.xml"}
    paths |= {urls.feed(slug) for slug in site.terms["regions"]}
    return paths


def resolve_internal(from_page: str, href: str) -> str | None:
    """The output path a relative link leads to ("" for one that leaves the site), or None if external."""
    if _EXTERNAL.match(href) or href.startswith("#") or not href.strip():
        return None
    path = re.split(r"[?#]", href, maxsplit=1)[0]
    if not path:
        return None
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(from_page), path)
    folder = path.endswith("/")
    normal = posixpath.normpath(joined) if joined else "."
    if normal == ".." or normal.startswith("../"):
        return ""
    if normal == ".":
        return urls.INDEX
    return normal + "/" if folder else normal


def targets_reaching(paths: set[str]) -> set[str]:
    """Every link target (as resolve_internal gives it) that leads to one of `paths`: a
    page's path, or its folder with or without the closing slash; the inverse of
    `_leads_to_page` for the site's own pages."""
    reached = set(paths)
    for path in paths:
        if path.endswith("/" + urls.INDEX):
            folder = path[: -len(urls.INDEX)]
            reached.update((folder, folder.rstrip("/")))
    return reached


def _leads_to_page(target: str, paths: set[str]) -> bool:
    if target.startswith(_GENERATED_FOLDERS):
        return True
    if target.endswith("/"):
        return target + urls.INDEX in paths
    return target in paths or f"{target}/{urls.INDEX}" in paths


def check_internal_links(site: Site, paths: set[str]) -> Diagnostics:
    diagnostics = Diagnostics()
    for briefing in site.briefings:
        diagnostics.extend(link_diagnostics(briefing, paths))
    return diagnostics


def link_diagnostics(briefing: Briefing, paths: set[str]) -> Diagnostics:
    """Warnings for the links of one briefing's body that lead to no page in `paths`."""
    diagnostics = Diagnostics()
    article = briefing.article
    for link in briefing.links:
        target = resolve_internal(briefing.url, link.href)
        if target is None:
            continue
        line = article.body_line + link.line
        if target == "":
            diagnostics.warning(article.path, line, f"link {link.href!r} leads outside the site")
            continue
        if link.href.startswith("/"):
            diagnostics.warning(
                article.path, line,
                f"link {link.href!r} starts at the domain root and breaks when the site is published under a sub-path",
                hint="link to other briefings with [[slug]]",
            )
        if not _leads_to_page(target, paths):
            hint = "link to other briefings with [[slug]] or [[Title]]"
            if target.endswith(".md"):
                hint = "that is a source file; " + hint
            diagnostics.warning(article.path, line, f"link {link.href!r} leads to no page of the site", hint)
    return diagnostics
