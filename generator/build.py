"""The build, top to bottom: settings -> vocabulary -> articles -> site ->
pages -> rendered files in a staging folder -> search index -> offline
edition (optional) -> service worker -> swap into place.

The one design choice that matters: everything is read and checked before
anything is written, and what is written goes to a staging folder that only
replaces the output once complete. A content error, a template error or a
failed search index leaves the previous site exactly as it was.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import jinja2

from generator import serviceworker, urls
from generator.config import Settings, load_settings, validate_base_url
from generator.content import load_articles
from generator.diagnostics import ContentError, Diagnostics
from generator.feeds import atom_feed, sitemap
from generator.figures import map_coverage, plan_figures
from generator.geo import ShapeDataError, load_world
from generator.links import check_internal_links, site_paths
from generator.offline import edition_files, folder_name, zip_files, zip_name
from generator.pages import Page, plan_pages
from generator.render import PageRenderer
from generator.search import SearchIndex, SearchIndexError, index_site
from generator.site import Site, build_site
from generator.taxonomy import load_vocabulary
from generator.write import SiteWriter, discard, publish, staging_folder


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


Progress = Callable[[Sequence[Page]], contextlib.AbstractContextManager[Iterable[Page]]]


@contextlib.contextmanager
def no_progress(pages: Sequence[Page]) -> Iterator[Iterable[Page]]:
    yield pages


def load_site(root: Path, settings: Settings, drafts: bool) -> tuple[Site, Diagnostics]:
    """Read and check all content; raise ContentError if anything is wrong.

    `briefings check` runs exactly this, so what it calls an error fails the build.
    """
    content_dir = root / settings.content_dir
    diagnostics = Diagnostics()
    vocabulary, found = load_vocabulary(content_dir, root)
    diagnostics.extend(found)
    articles, found = load_articles(root, content_dir)
    diagnostics.extend(found)
    site, found = build_site(articles, vocabulary, settings, include_drafts=drafts)
    diagnostics.extend(found)
    diagnostics.extend(check_internal_links(site, site_paths(site, (page.path for page in plan_pages(site)))))
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


def _render_pages(renderer: PageRenderer, pages: Iterable[Page], writer: SiteWriter, theme_dir: Path) -> None:
    for page in pages:
        writer.write(page.path, _render(renderer, page, theme_dir))


def _offline_edition(site: Site, pages: Sequence[Page], theme_dir: Path, staging: Path, written: set[str]) -> bytes:
    """The zip of the offline edition; web pages are rendered again with file links."""
    renderer = PageRenderer(theme_dir, site.settings, edition="offline")
    shared = ((path, (staging / path).read_bytes()) for path in sorted(written) if not path.endswith(".html"))
    files = edition_files(site, pages, lambda page: _render(renderer, page, theme_dir), shared)
    return zip_files(folder_name(site.settings.title), files)


def _service_worker(
    renderer: PageRenderer, pages: Sequence[Page], staging: Path, theme_dir: Path
) -> list[tuple[str, bytes]]:
    """sw.js and its save list, versioned by a digest of every other output file."""
    files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    version = serviceworker.build_version((path, (staging / path).read_bytes()) for path in files)
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


def build(options: BuildOptions, progress: Progress = no_progress) -> BuildResult:
    """Build the site into the output folder. Raises ContentError or BuildError."""
    started = time.perf_counter()
    root = options.root.resolve()
    settings = resolve_settings(options)
    out_dir = (options.out_dir or root / settings.output_dir).resolve()
    theme_dir = find_theme(root, settings.theme)
    if out_dir == root or root.is_relative_to(out_dir) or out_dir == (root / settings.content_dir).resolve():
        raise BuildError(f"refusing to write the site over {out_dir}")

    # 1. read and check everything
    site, diagnostics = load_site(root, settings, options.drafts)
    try:
        world = load_world()
    except ShapeDataError as exc:
        raise BuildError(str(exc)) from exc
    diagnostics.extend(map_coverage(site, world, f"{settings.content_dir}/taxonomy/regions.yaml"))
    pages = plan_pages(site, plan_figures(site, world))
    offline_zip = zip_name(settings.title) if options.offline else ""
    renderer = PageRenderer(theme_dir, settings, offline_zip=offline_zip)

    # 2. write it all to a staging folder, then index it, then swap
    staging = staging_folder(out_dir)
    try:
        writer = SiteWriter(staging)
        with progress(pages) as tracked:
            _render_pages(renderer, tracked, writer, theme_dir)
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
        search = None
        if options.search:
            try:
                search = index_site(staging)
            except SearchIndexError as exc:
                raise BuildError(f"search index failed: {exc}") from exc
        if offline_zip:
            writer.write(offline_zip, _offline_edition(site, pages, theme_dir, staging, set(writer.written)))
        # last: the worker's version is a digest of everything written before it
        for path, data in _service_worker(renderer, pages, staging, theme_dir):
            writer.write(path, data)
        publish(staging, out_dir)
    except BaseException:
        discard(staging)
        raise
    return BuildResult(
        out_dir=out_dir,
        briefings=len(site.briefings),
        pages=len(pages),
        feeds=len(feeds),
        search=search,
        seconds=time.perf_counter() - started,
        diagnostics=diagnostics,
        offline_zip=offline_zip,
    )
