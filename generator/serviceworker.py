"""What the web edition's service worker needs to know: the build's version,
the shell it caches on install, and every file "save the whole archive" fetches.

The version is a digest of every other output file, so it changes exactly
when the site does: a new build installs a new worker, which drops the caches
of the old one, and readers never mix stale pages with new ones. Same content,
same digest, same sw.js: the build stays reproducible.

Pagefind's entry file, metadata index and filter chunks are named anew on every
build (search.VARYING_FILES), so they are kept out of the digest and out of both
lists: the worker fetches the entry files (and the list of index parts)
network-first and keeps the rest as the search asks for them, and "save the
whole archive" has the page run Pagefind over every part once to fetch them.
Their content follows from the pages, which are digested.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from generator import urls
from generator.diagnostics import BuildError
from generator.search import BUNDLE_DIR, MANIFEST, parts_in, varies_between_builds

if TYPE_CHECKING:  # outputdir reads this module's names in every build; only one that renders needs Jinja
    from generator.render import PageRenderer

WORKER = "sw.js"
SAVE_LIST = "offline-files.json"
# never cached: the worker itself, its list, and the big zip readers download on purpose
NOT_CACHED_SUFFIXES = (".zip",)
NOT_CACHED = (WORKER, SAVE_LIST, "CNAME", ".nojekyll", "sitemap.xml")


def build_version(files: Iterable[tuple[str, str]]) -> str:
    """The version from each file's path and sha256 (hex), as the build records them."""
    digest = hashlib.sha256()
    for path, sha256 in sorted(files):
        # the index's files depend on the builds since the last clean one, not only on
        # the pages they index (which are digested): left out, the same content keeps
        # the same worker however it was built; the worker asks the network first for
        # the files that name the others (parts.json, each part's entry file)
        if path.startswith(f"{BUNDLE_DIR}/"):
            continue
        digest.update(path.encode("utf-8") + b"\0" + bytes.fromhex(sha256))
    return digest.hexdigest()[:16]


def page_address(path: str) -> str:
    """The address a page is linked by (`regions/`), relative to the site root."""
    return urls.relative(urls.home(), path)


def shell(paths: Iterable[str]) -> list[str]:
    """Cached on install: home, search, the 404 page, theme assets, the list of
    index parts and the code of the primary (newest) part; the
    parts' index, filter and fragment chunks are many, and "save all" fetches them."""
    paths = sorted(paths)
    parts = parts_in(paths)
    primary = f"{BUNDLE_DIR}/{parts[0]}/" if parts else None
    wanted = ["./", page_address(urls.search()), "404.html"]
    for path in paths:
        if path.startswith("assets/") or path == MANIFEST:
            wanted.append(path)
        elif primary and path.startswith(primary) and path.count("/") == 2 and not varies_between_builds(path):
            wanted.append(path)
    return wanted


def save_list(page_paths: Iterable[str], paths: Iterable[str]) -> list[str]:
    """Every page (by the output paths of the HTML pages) by its address, and every
    other file but the uncacheable ones and the search index's (which lists its own,
    search.FILE_LIST: the worker fetches both lists)."""
    paths = sorted(paths)
    html = set(page_paths)
    address = urls.relative_from(urls.home())  # page_address for each page, its work done once
    addresses = [address(path) for path in html if path != "404.html"]
    others = [
        p for p in paths
        if p not in html and p not in NOT_CACHED and not p.endswith(NOT_CACHED_SUFFIXES)
        and not p.startswith(f"{BUNDLE_DIR}/")
    ]
    return sorted(addresses) + sorted(others)


def worker_files(
    renderer: PageRenderer, page_paths: Sequence[str], digests: dict[str, str], theme_dir: Path
) -> list[tuple[str, bytes]]:
    """sw.js and its save list, versioned by a digest of every other output file
    (`digests`: the sha256 of each, by path; `page_paths`: those of the HTML pages)."""
    import jinja2  # here: the names above are read by every build, even one with nothing to do

    files = sorted(digests)
    version = build_version(digests.items())
    save = save_list(page_paths, files)
    try:
        template = renderer.env.get_template(WORKER)
    except jinja2.TemplateNotFound as exc:
        raise BuildError(
            f"{theme_dir.as_posix()}/templates/{WORKER}: missing; the web edition's service worker "
            "is rendered from it (copy it from themes/default/templates/)"
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}") from exc
    worker = template.render(version=version, shell=shell(files), save_list=SAVE_LIST)
    return [
        (SAVE_LIST, json.dumps(save, indent=0).encode("utf-8") + b"\n"),
        (WORKER, worker.encode("utf-8")),
    ]
