"""The build, top to bottom: settings -> vocabulary -> articles -> site ->
pages -> rendered files in a staging folder -> search index -> offline
edition (optional) -> service worker -> swap into place.

The one design choice that matters: everything is read and checked before
anything is written, and what is written goes to a staging folder that only
replaces the output once complete. A content error, a template error or a
failed search index leaves the previous site exactly as it was. And before
anything, the output folder is checked to be the build's own to replace
(generator/outputdir.py): never a folder of the user's or of the project's inputs.

Builds are incremental (generator/incremental/cache.py): the staging folder starts as
hard links to the previous site's files, and only pages whose fingerprint
(template, settings and the whole planned context; generator/incremental/fingerprint.py)
changed are rendered again, on all cores. Nothing changed at all: nothing is
done. Only the text of some briefings changed (same files, frontmatter, wiki-link
targets, theme, vocabulary and settings): a quick build plans again only the
pages and feeds that show them, from what the last build kept
(generator/incremental/planstore.py), instead of reading and planning the whole archive.
Whatever the cache holds, the output is the bytes a clean build gives.
"""

from __future__ import annotations

import contextlib
import errno
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from generator import incremental
from generator.config import Settings, find_theme, load_settings, validate_base_url
from generator.diagnostics import BuildError, ContentError, Diagnostics
from generator.garbage import collector_paused
from generator.incremental import LastBuild
from generator.models import BuildOptions
from generator.outputdir import MARKER, claim_output, marker_bytes, ownership_problem
from generator.search import BUNDLE_DIR, SearchIndex, SearchIndexError, index_site
from generator.serviceworker import worker_files
from generator.staging import keep_shadow, stage_and_publish
from generator.workers import Workers, available_cores
from generator.write import SiteWriter, remove_files, remove_stale_staging, write_file

if TYPE_CHECKING:
    from generator.incremental import Plan

__all__ = ["BuildError", "BuildOptions", "BuildResult", "ContentError", "build", "load_site", "resolve_settings"]


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
    quick: bool = False  # only briefings' text had changed, or briefings were added: only what they change was planned
    added: int = 0  # briefings a quick build added (generator/incremental/addplan.py)


# progress(total) gives a function to call with the number of pages just rendered
Progress = Callable[[int], contextlib.AbstractContextManager[Callable[[int], None]]]


def __getattr__(name: str) -> object:  # PEP 562: load_site, without loading it for every build
    if name == "load_site":
        from generator.readcheck import load_site

        return load_site
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@contextlib.contextmanager
def no_progress(total: int) -> Iterator[Callable[[int], None]]:
    yield lambda done: None


def resolve_settings(options: BuildOptions) -> Settings:
    settings = load_settings(options.root)
    if options.base_url is not None:
        problem = validate_base_url(options.base_url)
        if problem:
            raise BuildError(problem)
        settings = settings.with_overrides(base_url=options.base_url)
    return settings


def out_of_space(exc: BaseException) -> BuildError | None:
    """The build's message for a full disk (or quota), None for other errors."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        where = f" writing {exc.filename}" if exc.filename else ""
        return BuildError(f"no space left on the device{where}; free some space and build again")
    if isinstance(exc, sqlite3.OperationalError) and "disk is full" in str(exc):  # the plan store's
        return BuildError("no space left on the device for the build cache; free some space and build again")
    if isinstance(exc, SearchIndexError) and "No space left on device" in str(exc):  # the indexer's own message
        return BuildError("no space left on the device while indexing for search; free some space and build again")
    return None


@contextlib.contextmanager
def full_disk_reported() -> Iterator[None]:
    """A full disk as the build's message; what was staged is gone (stage_and_publish), and the
    previous site and the cache are as they were, or, if the disk filled while the cache was
    saved, a cache the next build ignores."""
    try:
        yield
    except (OSError, sqlite3.OperationalError) as exc:
        full = out_of_space(exc)
        if full is None:
            raise
        raise full from exc


def build(options: BuildOptions, progress: Progress = no_progress) -> BuildResult:
    """Build the site into the output folder. Raises ContentError or BuildError."""
    # generator/garbage.py: nothing to collect, a fifth of the time. The collector resumes
    # once the build's objects are gone with `_build`'s frame: resumed while they lived, its
    # first pass walked them all (0.4 s of an addition at 10,000 briefings)
    with collector_paused():
        return _build(options, progress)


def _build(options: BuildOptions, progress: Progress) -> BuildResult:
    started = time.perf_counter()
    with full_disk_reported(), contextlib.ExitStack() as held:
        # 0. settings, theme, and an output folder that is the build's own to replace
        root = options.root.resolve()
        settings = resolve_settings(options)
        out_dir = (options.out_dir or root / settings.output_dir).resolve()
        theme_dir = find_theme(root, settings.theme)
        project = claim_output(root, settings, theme_dir, out_dir)
        # one build at a time into an output folder, its cache kept from removal (incremental/cachelock.py)
        held.enter_context(incremental.output_locked(root, out_dir))
        jobs = options.jobs or available_cores()

        def owned(folder: Path) -> bool:  # a leftover folder of this project's builds
            return ownership_problem(folder, project) is None

        # 1. what the last build left, trusted only where it checks out: nothing changed, nothing to do
        last = incremental.last_build(root, options, settings, theme_dir, out_dir)
        if last.unchanged:
            remove_stale_staging(out_dir, owned)
            assert last.manifest is not None
            return BuildResult(
                out_dir=out_dir, seconds=time.perf_counter() - started, diagnostics=last.manifest.diagnostics,
                unchanged=True, **last.manifest.result,
            )

        # 2. read and check, and plan: everything, or only what changed (incremental.plan says which);
        # the stages imported only now: a build with nothing to do needs none (half of its time)
        from generator.render import PageRenderer, render_pages

        offline_zip = ""
        if options.offline:  # only then: the offline edition's modules (zip files, HTML parsing)
            from generator.offline import zip_name

            offline_zip = zip_name(settings.title)
        renderer = PageRenderer(theme_dir, settings, offline_zip=offline_zip)
        # forked by a full plan before it reads the archive, never holding the site (workers.py)
        workers = held.enter_context(Workers(jobs, renderer))
        plan = incremental.plan(last, root, settings, options, renderer, offline_zip, workers)
        stale = incremental.stale_pages(plan, last.files)  # the planned pages whose output changes, in batches

        def fill(staging: Path) -> tuple[dict[str, incremental.OutputRecord], SearchIndex | None]:
            """3-6. Render, write and index the whole new site in `staging`; its files' records and the index."""
            write_file(staging / MARKER, marker_bytes(project))  # first: a killed build's staging is ours too
            incremental.start_from_last(staging, last, out_dir)
            writer = SiteWriter(staging)
            for path in plan.page_paths if plan.site is not None else [page.path for page in plan.planned]:
                writer.claim(path)
            with progress(stale.total) as advance:  # 3. render, on all cores, as planned (a batch at a time)
                for batch in stale.batches(advance):
                    writer.written.update(render_pages(workers, batch, staging, theme_dir, advance))
            workers.close()  # idle from here on: their memory is not held beside what comes next
            for path, data in plan.feeds:  # 4. write
                writer.write(path, data)
            gone = _write_site_files(writer, plan, settings, theme_dir, last.files) if plan.site is not None else []
            search = _index(staging, options, settings, last, stale.rendered, writer.written, gone)  # 5. index
            records = incremental.output_records(staging, plan, last.files, writer.written)
            if offline_zip:  # 6. the editions made of what is written, the offline ones and the service worker
                from generator.offline import editions

                assert plan.site is not None
                for path, data in editions(plan.site, plan.planned, theme_dir, staging, set(records), offline_zip):
                    writer.write(path, data)
                    records[path] = incremental.output_record(staging, path, writer.written[path])
            # last: the worker's version is a digest of everything written before it
            for path, data in worker_files(renderer, plan.page_paths, {p: r.digest for p, r in records.items()}, theme_dir):
                writer.write(path, data)
                records[path] = incremental.output_record(staging, path, writer.written[path])
            return records, search

        # 7. publish: the staging folder swapped into place, the site before kept as the shadow
        previous = {path: record.digest for path, record in last.files.items()}
        records, search = stage_and_publish(out_dir, fill, last.shadow_usable, owned, keep_previous=bool(previous))
        shadow_files = keep_shadow(out_dir, previous, {path: record.digest for path, record in records.items()})

        # 8. what this build leaves for the next: its plans and the records of what it wrote
        result = dict(briefings=plan.briefings, pages=len(plan.page_paths), feeds=plan.feed_count, search=search,
                      offline_zip=offline_zip)
        incremental.save(last, plan, out_dir, records, shadow_files, result)
    return BuildResult(
        out_dir=out_dir, seconds=time.perf_counter() - started, diagnostics=plan.diagnostics, rendered=len(stale),
        quick=plan.quick, added=plan.added, **result,
    )


def _write_site_files(
    writer: SiteWriter, plan: Plan, settings: Settings, theme_dir: Path, previous: dict[str, incremental.OutputRecord],
) -> list[str]:
    """A full plan's files besides pages and feeds; the files of the last build this one
    does not write, removed (returned): every file is written or known to be gone."""
    from generator.feeds import sitemap  # as the stages in _build

    map_xml = sitemap(settings, plan.sitemap_pages())
    if map_xml is not None:
        writer.write("sitemap.xml", map_xml)
    writer.write(".nojekyll", b"")  # GitHub Pages: serve the folder as is
    if settings.cname:  # read by GitHub Pages only when publishing from a branch
        writer.write("CNAME", settings.cname + "\n")
    if (theme_dir / "static").is_dir():
        writer.copy_tree(theme_dir / "static", "assets")
    gone = [path for path in previous if path not in writer.claimed and not path.startswith(f"{BUNDLE_DIR}/")]
    remove_files(writer.staging, gone)
    return gone


def _index(
    staging: Path, options: BuildOptions, settings: Settings, last: LastBuild, stale: Sequence[incremental.StaleEntry], written: dict[str, str],
    gone: list[str],
) -> SearchIndex | None:
    """The search index: a main index and a small recent part. An edit indexes recent again;
    a clean build, new settings, or no index to build on, compact (index everything)."""
    if not options.search:
        shutil.rmtree(staging / BUNDLE_DIR, ignore_errors=True)
        return None
    changed = None  # None: compact
    if last.manifest is not None and last.manifest.result.get("search") is not None and last.same_settings:
        changed = incremental.pages_to_index(stale, last.files, written, gone, staging, Path(last.manifest.out_dir))
        if not changed:
            return last.manifest.result["search"]
    try:
        return index_site(
            staging, changed, recent_limit=settings.search_part_size, state_file=last.cache.folder / "search-main.json",
            engine=settings.search_engine,
        )
    except SearchIndexError as exc:
        raise out_of_space(exc) or BuildError(f"search index failed: {exc}") from exc
