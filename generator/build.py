"""The build, top to bottom: settings -> vocabulary -> articles -> site ->
pages -> rendered files in a staging folder -> search index -> offline
edition (optional) -> service worker -> swap into place.

The one design choice that matters: everything is read and checked before
anything is written, and what is written goes to a staging folder that only
replaces the output once complete. A content error, a template error or a
failed search index leaves the previous site exactly as it was.

Builds are incremental (generator/cache.py): the staging folder starts as
hard links to the previous site's files, and only pages whose fingerprint
(template, settings and the whole planned context; generator/fingerprint.py)
changed are rendered again, on all cores. Nothing changed at all: nothing is
done. Whatever the cache holds, the output is the bytes a clean build gives.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

import jinja2

from generator import serviceworker, urls
from generator.config import Settings, load_settings, validate_base_url
from generator.bodies import BodyCache
from generator.cache import BuildCache, OutputManifest, OutputRecord
from generator.content import ParsedArticles, load_articles
from generator.diagnostics import ContentError, Diagnostics
from generator.feeds import atom_feed, sitemap
from generator.figures import map_coverage, plan_figures
from generator.geo import ShapeDataError, load_world
from generator.links import check_internal_links, site_paths
from generator.offline import edition_files, folder_name, zip_files, zip_name
from generator.pages import Page, plan_pages
from generator.fingerprint import Fingerprinter
from generator.render import PageRenderer, template_digests
from generator.search import BUNDLE_DIR, SearchIndex, SearchIndexError, index_site, parts_of
from generator.site import Site, build_site
from generator.taxonomy import load_vocabulary
from generator.workers import available_cores, map_in_order
from generator.write import (
    SiteWriter, adopt_shadow, discard, folder_identity, link_tree, publish, remove_files, shadow_folder,
    staging_folder, sync_tree, write_file,
)


class BuildError(Exception):
    """A problem that is not in content: a theme, the search indexer, the output folder."""


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out_dir: Path | None = None  # default: settings.output_dir under root
    base_url: str | None = None  # overrides settings.base_url
    drafts: bool = False
    search: bool = True
    offline: bool = False  # also write the offline edition, <site>-offline.zip
    clean: bool = False  # ignore the build cache: read, render and index everything
    jobs: int = 0  # worker processes for rendering; 0: one per core


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    briefings: int
    pages: int
    feeds: int
    search: SearchIndex | None
    seconds: float
    offline_zip: str = ""  # output path of the offline edition, "" when not built
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    rendered: int = 0  # pages rendered by this build (the others were kept from the last)
    unchanged: bool = False  # nothing had changed since the last build: nothing was done


# progress(total) gives a function to call with the number of pages just rendered
Progress = Callable[[int], contextlib.AbstractContextManager[Callable[[int], None]]]


@contextlib.contextmanager
def no_progress(total: int) -> Iterator[Callable[[int], None]]:
    yield lambda done: None


def load_site(
    root: Path, settings: Settings, drafts: bool,
    parsed: ParsedArticles | None = None, bodies: BodyCache | None = None, jobs: int = 1,
    pages: Callable[[Site], Sequence[Page]] = plan_pages,
    file_digest: Callable[[Path], bytes | None] = lambda file: None,
) -> tuple[Site, Diagnostics]:
    """Read and check all content; raise ContentError if anything is wrong.

    `briefings check` runs exactly this, so what it calls an error fails the build.
    `parsed` and `bodies` are the build cache's (read from and added to); `pages`
    plans the pages whose addresses links in bodies may point at; `file_digest` is
    the digest of a content file's bytes where already known (see load_articles).
    """
    content_dir = root / settings.content_dir
    diagnostics = Diagnostics()
    vocabulary, found = load_vocabulary(content_dir, root)
    diagnostics.extend(found)
    articles, found = load_articles(root, content_dir, parsed, file_digest)
    diagnostics.extend(found)
    site, found = build_site(articles, vocabulary, settings, include_drafts=drafts, body_cache=bodies, jobs=jobs)
    diagnostics.extend(found)
    diagnostics.extend(check_internal_links(site, site_paths(site, (page.path for page in pages(site)))))
    if diagnostics.errors:
        raise ContentError(diagnostics)
    return site, diagnostics


def resolve_settings(options: BuildOptions) -> Settings:
    settings = load_settings(options.root)
    if options.base_url is not None:
        problem = validate_base_url(options.base_url)
        if problem:
            raise BuildError(problem)
        settings = settings.with_overrides(base_url=options.base_url)
    return settings


BUNDLED_THEMES = Path(__file__).resolve().parent.parent / "themes"


def find_theme(root: Path, name: str) -> Path:
    """The project's themes/<name>, else the theme of that name shipped beside the package."""
    for themes in (root / "themes", BUNDLED_THEMES):
        if (themes / name / "templates").is_dir():
            return themes / name
    raise BuildError(f"theme {name!r} not found: expected themes/{name}/templates/ in the project")


def feeds_of(site: Site) -> list[tuple[str, bytes]]:
    settings = site.settings
    feeds = [(urls.feed(), atom_feed(settings, urls.feed(), settings.title, urls.home(), site.briefings))]
    for entry in site.terms["regions"].values():
        path = urls.feed(entry.term.slug)
        title = f"{settings.title}: {entry.term.name}"
        feeds.append((path, atom_feed(settings, path, title, urls.term("regions", entry.term.slug), entry.briefings)))
    return feeds


def _render(renderer: PageRenderer, page: Page, theme_dir: Path) -> str:
    try:
        return renderer.render(page)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise BuildError(
            f"{theme_dir.as_posix()}/templates/{page.template}: error while rendering "
            f"{page.path} ({renderer.edition} edition): {exc}"
        ) from exc


def _render_pages(
    renderer: PageRenderer, pages: Sequence[Page], staging: Path, theme_dir: Path, jobs: int,
    advance: Callable[[int], None],
) -> dict[str, str]:
    """Render and write `pages` (on `jobs` processes); sha256 of each by path."""

    def render_and_write(page: Page) -> str:
        # written by the worker that rendered it: pages are never all held in memory
        return write_file(staging / page.path, _render(renderer, page, theme_dir).encode("utf-8"))

    digests = {}
    for page, digest in zip(pages, map_in_order(render_and_write, pages, jobs)):
        digests[page.path] = digest
        advance(1)
    return digests


def _offline_edition(site: Site, pages: Sequence[Page], theme_dir: Path, staging: Path, paths: set[str]) -> bytes:
    """The zip of the offline edition; web pages are rendered again with file links."""
    renderer = PageRenderer(theme_dir, site.settings, edition="offline")
    shared = [path for path in sorted(paths) if not path.endswith(".html")]
    files = edition_files(
        site, pages, lambda page: _render(renderer, page, theme_dir), shared, lambda path: (staging / path).read_bytes()
    )
    return zip_files(folder_name(site.settings.title), files)


def _service_worker(
    renderer: PageRenderer, pages: Sequence[Page], digests: dict[str, str], theme_dir: Path
) -> list[tuple[str, bytes]]:
    """sw.js and its save list, versioned by a digest of every other output file
    (`digests`: the sha256 of each, by path)."""
    files = sorted(digests)
    version = serviceworker.build_version(digests.items())
    save = serviceworker.save_list(pages, files)
    try:
        template = renderer.env.get_template(serviceworker.WORKER)
    except jinja2.TemplateNotFound as exc:
        raise BuildError(
            f"{theme_dir.as_posix()}/templates/{serviceworker.WORKER}: missing; the web edition's service worker "
            "is rendered from it (copy it from themes/default/templates/)"
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}") from exc
    worker = template.render(version=version, shell=serviceworker.shell(files), save_list=serviceworker.SAVE_LIST)
    return [
        (serviceworker.SAVE_LIST, json.dumps(save, indent=0).encode("utf-8") + b"\n"),
        (serviceworker.WORKER, worker.encode("utf-8")),
    ]


# a file's (size, modification time in ns, inode): unchanged stat, unchanged file, as git assumes
FileStat = tuple[int, int, int]
SourceIndex = dict[str, tuple[FileStat, bytes]]  # path -> (stat, digest of its bytes)
# File systems keep modification times in ticks of a few ms (2 s on some), so a file
# written twice within one tick, with the same size, keeps its stat. As git does with
# "racily clean" entries, a file modified this close to the time the index was made
# is read again rather than trusted.
RACY_NS = 2_000_000_000


def files_on_disk(folder: Path) -> dict[str, FileStat]:
    """Every file under `folder` (symbolic links followed), by path relative to it."""
    found: dict[str, FileStat] = {}
    pending = [(folder, "")]
    while pending:
        current, prefix = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir():
                    pending.append((Path(entry.path), f"{prefix}{entry.name}/"))
                    continue
                info = entry.stat()
            except OSError:  # a dangling link: content loading reports it
                continue
            found[prefix + entry.name] = (info.st_size, info.st_mtime_ns, info.st_ino)
    return found


def input_digest(
    root: Path, settings: Settings, theme_dir: Path, options: BuildOptions, out_dir: Path, known: SourceIndex
) -> tuple[str, SourceIndex]:
    """Digest of everything a build reads: every file of content/ and of the theme,
    the settings and the options (the generator's own code keys the cache itself),
    and the index it was computed with. Only files whose stat differs from `known`
    are read, so an unchanged archive of any size is checked in a moment."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr((settings, options.drafts, options.search, options.offline, str(out_dir))).encode("utf-8"))
    made_at = time.time_ns()
    index: SourceIndex = {"": ((0, made_at, 0), b"")}  # when this index was made
    trusted_before = known.get("", ((0, 0, 0), b""))[0][1] - RACY_NS
    for label, folder in (("content", root / settings.content_dir), ("theme", theme_dir)):
        for relative, stat in sorted(files_on_disk(folder).items()):
            path = f"{label}/{relative}"
            found = known.get(path)
            if found is not None and found[0] == stat and stat[1] < trusted_before:
                file_digest = found[1]
            else:
                try:
                    file_digest = hashlib.blake2b((folder / relative).read_bytes(), digest_size=16).digest()
                except OSError:
                    continue  # unreadable: loading reports it, with its path
            index[path] = (stat, file_digest)
            digest.update(path.encode("utf-8", "surrogateescape") + b"\0" + file_digest)
    return digest.hexdigest(), index


def _record(staging: Path, path: str, digest: str, fingerprint: str = "") -> OutputRecord:
    info = (staging / path).stat()
    return OutputRecord(digest=digest, size=info.st_size, mtime_ns=info.st_mtime_ns, fingerprint=fingerprint)


def _search_records(staging: Path, previous: dict[str, OutputRecord]) -> dict[str, OutputRecord]:
    """Records of the search bundle's files; unchanged files (same link) keep their digest."""
    bundle = staging / BUNDLE_DIR
    records: dict[str, OutputRecord] = {}
    if not bundle.is_dir():
        return records
    for relative, (size, mtime_ns, _) in files_on_disk(bundle).items():
        path = f"{BUNDLE_DIR}/{relative}"
        known = previous.get(path)
        if known is not None and (known.size, known.mtime_ns) == (size, mtime_ns):
            records[path] = known
        else:
            digest = hashlib.sha256((staging / path).read_bytes()).hexdigest()
            records[path] = OutputRecord(digest, size, mtime_ns)
    return records


def page_fingerprints(pages: Sequence[Page], renderer: PageRenderer, offline_zip: str) -> dict[str, str]:
    """Each page's fingerprint: its template (with the templates it uses), the settings
    and every value of its context. Same fingerprint, same bytes."""
    templates = template_digests(renderer.env)
    shared = repr((renderer.settings, renderer.edition, offline_zip))
    fingerprinter = Fingerprinter()
    return {
        page.path: hashlib.blake2b(
            f"{shared}\0{templates.get(page.template, '')}\0{fingerprinter.page(page)}".encode("utf-8"),
            digest_size=16,
        ).hexdigest()
        for page in pages
    }


def build(options: BuildOptions, progress: Progress = no_progress) -> BuildResult:
    """Build the site into the output folder. Raises ContentError or BuildError."""
    started = time.perf_counter()
    root = options.root.resolve()
    settings = resolve_settings(options)
    out_dir = (options.out_dir or root / settings.output_dir).resolve()
    theme_dir = find_theme(root, settings.theme)
    if out_dir == root or root.is_relative_to(out_dir) or out_dir == (root / settings.content_dir).resolve():
        raise BuildError(f"refusing to write the site over {out_dir}")
    jobs = options.jobs or available_cores()

    # 0. what the last build left: trusted only where it checks out
    cache = BuildCache.for_output(root, out_dir)
    manifest: OutputManifest | None = None if options.clean else cache.load("outputs")
    if manifest is not None and (manifest.out_dir, manifest.out_id) != (str(out_dir), folder_identity(out_dir)):
        manifest = None  # removed or replaced output folder: build it all again
    inputs, sources = input_digest(
        root, settings, theme_dir, options, out_dir, manifest.sources if manifest is not None else {}
    )
    if manifest is not None and manifest.inputs == inputs:
        return BuildResult(
            out_dir=out_dir, seconds=time.perf_counter() - started, diagnostics=manifest.diagnostics,
            unchanged=True, **manifest.result,
        )
    previous = manifest.files if manifest is not None else {}
    parsed: ParsedArticles = {} if options.clean else cache.load_map("articles")
    bodies: BodyCache = {} if options.clean else cache.load_map("bodies")

    # 1. read and check everything
    try:
        world = load_world()
    except ShapeDataError as exc:
        raise BuildError(str(exc)) from exc
    planned: list[Page] = []

    def plan_with_figures(site: Site) -> list[Page]:  # planned once, for the link check and the build
        planned.extend(plan_pages(site, plan_figures(site, world)))
        return planned

    content_dir = root / settings.content_dir

    def file_digest(file: Path) -> bytes | None:  # read by input_digest already
        found = sources.get(f"content/{file.relative_to(content_dir).as_posix()}")
        return found[1] if found is not None else None

    site, diagnostics = load_site(
        root, settings, options.drafts, parsed, bodies, jobs, pages=plan_with_figures, file_digest=file_digest
    )
    diagnostics.extend(map_coverage(site, world, f"{settings.content_dir}/taxonomy/regions.yaml"))
    pages = planned
    offline_zip = zip_name(settings.title) if options.offline else ""
    renderer = PageRenderer(theme_dir, settings, offline_zip=offline_zip)
    fingerprints = page_fingerprints(pages, renderer, offline_zip)
    stale = [page for page in pages if page.path not in previous or previous[page.path].fingerprint != fingerprints[page.path]]

    # 2. write it all to a staging folder, then index it, then swap
    shadow_usable = (
        manifest is not None and manifest.shadow_files is not None
        and manifest.shadow_id is not None and folder_identity(shadow_folder(out_dir)) == manifest.shadow_id
    )
    if shadow_usable:  # the site before the last: bring it to the last, by hard links, changes only
        staging = adopt_shadow(out_dir)
    else:
        staging = staging_folder(out_dir)
    try:
        if shadow_usable:
            sync_tree(staging, manifest.shadow_files, out_dir, {p: r.digest for p, r in previous.items()})
        elif previous:  # start from the previous site, by hard links: unchanged pages cost nothing
            link_tree(out_dir, staging, previous)
        writer = SiteWriter(staging)
        for page in pages:
            writer.claim(page.path)
        with progress(len(stale)) as advance:
            writer.written.update(_render_pages(renderer, stale, staging, theme_dir, jobs, advance))
        kept = {page.path for page in pages if page.path not in writer.written}
        feeds = feeds_of(site)
        for path, data in feeds:
            writer.write(path, data)
        map_xml = sitemap(settings, pages)
        if map_xml is not None:
            writer.write("sitemap.xml", map_xml)
        writer.write(".nojekyll", b"")  # GitHub Pages: serve the folder as is
        if settings.cname:  # read by GitHub Pages only when publishing from a branch
            writer.write("CNAME", settings.cname + "\n")
        if (theme_dir / "static").is_dir():
            writer.copy_tree(theme_dir / "static", "assets")
        # what the previous build wrote and this one does not: gone
        gone = [path for path in previous if path not in writer.claimed and not path.startswith(f"{BUNDLE_DIR}/")]
        remove_files(staging, gone)
        search: SearchIndex | None = None
        bundle = staging / BUNDLE_DIR
        if options.search:
            # the index is in parts (by year): only the parts of changed briefings are redone
            dirty: set[str] | None = None
            if manifest is not None and manifest.result.get("search") is not None:
                changed = [  # re-rendered to other bytes: a page rendered to the same bytes indexes the same
                    page.path for page in stale
                    if page.searchable and (page.path not in previous or previous[page.path].digest != writer.written[page.path])
                ]
                dirty = parts_of(staging, [*changed, *gone])
            if dirty is None or dirty:
                try:
                    search = index_site(staging, dirty)
                except SearchIndexError as exc:
                    raise BuildError(f"search index failed: {exc}") from exc
            else:
                search = manifest.result["search"]
        else:
            shutil.rmtree(bundle, ignore_errors=True)
        records = {path: previous[path] for path in kept}
        records.update({path: _record(staging, path, digest, fingerprints.get(path, "")) for path, digest in writer.written.items()})
        records.update(_search_records(staging, previous))
        if offline_zip:
            zip_data = _offline_edition(site, pages, theme_dir, staging, set(records))
            writer.write(offline_zip, zip_data)
            records[offline_zip] = _record(staging, offline_zip, writer.written[offline_zip])
        # last: the worker's version is a digest of everything written before it
        for path, data in _service_worker(renderer, pages, {p: r.digest for p, r in records.items()}, theme_dir):
            writer.write(path, data)
            records[path] = _record(staging, path, writer.written[path])
        publish(staging, out_dir, keep_previous=bool(previous))
    except BaseException:
        discard(staging)
        raise
    result = dict(briefings=len(site.briefings), pages=len(pages), feeds=len(feeds), search=search, offline_zip=offline_zip)
    cache.save("outputs", OutputManifest(
        out_dir=str(out_dir), out_id=folder_identity(out_dir), inputs=inputs, sources=sources, files=records,
        shadow_files={p: r.digest for p, r in previous.items()} if previous else None,
        shadow_id=folder_identity(shadow_folder(out_dir)) if previous else None,
        diagnostics=diagnostics, result=result,
    ))
    cache.save_map("articles", parsed)
    cache.save_map("bodies", bodies)
    return BuildResult(
        out_dir=out_dir, seconds=time.perf_counter() - started, diagnostics=diagnostics, rendered=len(stale),
        **result,
    )
