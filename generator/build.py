"""The build, top to bottom: settings -> vocabulary -> articles -> site ->
pages -> rendered files in a staging folder -> search index -> offline
edition (optional) -> service worker -> swap into place.

The one design choice that matters: everything is read and checked before
anything is written, and what is written goes to a staging folder that only
replaces the output once complete. A content error, a template error or a
failed search index leaves the previous site exactly as it was. And before
anything, the output folder is checked to be the build's own to replace
(generator/outputdir.py): never a folder of the user's or of the project's inputs.

Builds are incremental (generator/cache.py): the staging folder starts as
hard links to the previous site's files, and only pages whose fingerprint
(template, settings and the whole planned context; generator/fingerprint.py)
changed are rendered again, on all cores. Nothing changed at all: nothing is
done. Only the text of some briefings changed (same files, frontmatter, wiki-link
targets, theme, vocabulary and settings): a quick build plans again only the
pages and feeds that show them, from what the last build kept
(generator/planstore.py), instead of reading and planning the whole archive.
Whatever the cache holds, the output is the bytes a clean build gives.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator, Sequence

import jinja2

from generator import serviceworker, urls
from generator.config import Settings, load_settings, validate_base_url
from generator.bodies import BodyCache, BodyHtml, BodyJob, BodyRenderer, BodyShelf, body_key, load_bodies, names_digest, store_bodies
from generator.cache import BuildCache, OutputManifest, OutputRecord
from generator.content import ParsedArticles, parse_article, read_text
from generator.diagnostics import ContentError, Diagnostics, display_path
from generator.feeds import atom_feed, sitemap
from generator.figures import plan_figures
from generator.geo import ShapeDataError, WorldShapes, load_world
from generator.links import link_diagnostics, site_paths
from generator.markdown import RenderedBody
from generator.offline import edition_files, folder_name, region_editions, zip_files, zip_name
from generator.outputdir import MARKER, marker_bytes, ownership_problem, placement_problem, project_id, protected_folders
from generator.pages import Page, article_page, plan_pages
from generator.fingerprint import Fingerprinter
from generator.render import PageRenderer, template_digests
from generator.addplan import (
    StoredSite, assemble, changed_pages, link_check_moves, own_pages_changed, page_entry, same_span, why_not_added_here,
    with_targets,
)
from generator.planstore import BodyContext, BriefingRecord, FeedPlan, PlanStore, StoreError
from generator.planstore import forget as forget_store
from generator.readcheck import read_and_check
from generator.search import BUNDLE_DIR, SearchIndex, SearchIndexError, index_site, is_briefing_page
from generator.site import (
    Briefing, Site, body_diagnostics, briefing_of, file_one, wiki_link_diagnostics, wiki_link_targets,
)
from generator.workers import available_cores, map_in_order
from generator.write import (
    SiteWriter, adopt_shadow, discard, folder_identity, link_tree, make_writable, publish, remove_files,
    remove_stale_staging, remove_tree, shadow_folder, staging_folder, sync_tree, write_file,
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
    quick: bool = False  # only briefings' text had changed, or briefings were added: only what they change was planned
    added: int = 0  # briefings a quick build added (generator/addplan.py)


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
    world: WorldShapes | None = None,
) -> tuple[Site, Diagnostics]:
    """Read and check all content (generator/readcheck.py, which `briefings check`
    runs too); raise ContentError if anything is wrong."""
    checked = read_and_check(root, settings, drafts, parsed, bodies, jobs, pages, file_digest, world)
    if checked.diagnostics.errors:
        raise ContentError(checked.diagnostics)
    return checked.site, checked.diagnostics


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


def claim_output(root: Path, settings: Settings, theme_dir: Path, out_dir: Path) -> str:
    """Check that the build may replace `out_dir` (resolved) and the shadow folder
    beside it, before anything is written (generator/outputdir.py); the project's id."""
    protected = protected_folders(root, root / settings.content_dir, [root / "themes", theme_dir], root / ".cache")
    problem = placement_problem(root, out_dir, protected)
    if problem:
        raise BuildError(
            f"refusing to write the site to {out_dir}: {problem}; choose another folder "
            "(--out, or output_dir in pyproject.toml)"
        )
    project = project_id(root)
    problem = ownership_problem(out_dir, project)
    if problem:
        raise BuildError(f"refusing to replace the output folder {out_dir}: {problem}")
    shadow = shadow_folder(out_dir)
    problem = ownership_problem(shadow, project)
    if problem:
        raise BuildError(
            f"refusing to replace {shadow}, where the build keeps the site before the last: {problem}"
        )
    return project


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
    return feed.path, atom_feed(settings, feed.path, feed.title, feed.page_path, feed.briefings)


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
    renderer: PageRenderer, page_paths: Sequence[str], digests: dict[str, str], theme_dir: Path
) -> list[tuple[str, bytes]]:
    """sw.js and its save list, versioned by a digest of every other output file
    (`digests`: the sha256 of each, by path; `page_paths`: those of the HTML pages)."""
    files = sorted(digests)
    version = serviceworker.build_version(digests.items())
    save = serviceworker.save_list(page_paths, files)
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


# a file's (size, modification time in ns, inode, change time in ns): unchanged stat,
# unchanged file, as git assumes. The change time moves with permissions too: a file
# made unreadable must be read again (and reported), not trusted to be as it was.
FileStat = tuple[int, int, int, int]
SourceIndex = dict[str, tuple[FileStat, bytes]]  # path -> (stat, digest of its bytes)
# File systems keep modification times in ticks of a few ms (2 s on some), so a file
# written twice within one tick, with the same size, keeps its stat. As git does with
# "racily clean" entries, a file modified this close to the time the index was made
# is read again rather than trusted.
RACY_NS = 2_000_000_000
# the stat of what cannot be listed or followed (a folder without permission, a link
# loop, a link to nothing): in the digest, so that loading runs and reports it
UNREADABLE: FileStat = (-1, -1, -1, -1)


def files_on_disk(folder: Path) -> dict[str, FileStat]:
    """Every file under `folder` (symbolic links followed), by path relative to it;
    what cannot be listed or followed with the UNREADABLE stat."""
    found: dict[str, FileStat] = {}
    pending = [(folder, "")]
    while pending:
        current, prefix = pending.pop()
        try:
            entries = list(os.scandir(current))
        except FileNotFoundError:
            continue
        except OSError:
            found[prefix] = UNREADABLE
            continue
        for entry in entries:
            try:
                if entry.is_dir():
                    pending.append((Path(entry.path), f"{prefix}{entry.name}/"))
                    continue
                info = entry.stat()
            except OSError:  # a link to nothing or a loop: content loading reports it
                found[prefix + entry.name] = UNREADABLE
                continue
            found[prefix + entry.name] = (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
    return found


def settings_key(settings: Settings, options: BuildOptions, out_dir: Path) -> str:
    """Digest of the settings and the options that shape the output."""
    text = repr((settings, options.drafts, options.search, options.offline, str(out_dir)))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def input_digest(
    root: Path, settings_key: str, settings: Settings, theme_dir: Path, known: SourceIndex
) -> tuple[str, SourceIndex]:
    """Digest of everything a build reads: every file of content/ and of the theme,
    the settings and options (`settings_key`; the generator's own code keys the cache
    itself), and the index it was computed with. Only files whose stat differs from
    `known` are read, so an unchanged archive of any size is checked in a moment."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(settings_key.encode("ascii"))
    made_at = time.time_ns()
    index: SourceIndex = {"": ((0, made_at, 0, 0), b"")}  # when this index was made
    trusted_before = known.get("", ((0, 0, 0, 0), b""))[0][1] - RACY_NS
    for label, folder in (("content", root / settings.content_dir), ("theme", theme_dir)):
        for relative, stat in sorted(files_on_disk(folder).items()):
            path = f"{label}/{relative}"
            found = known.get(path)
            if stat == UNREADABLE:
                file_digest = b"unreadable"
            elif found is not None and found[0] == stat and stat[1] < trusted_before:
                file_digest = found[1]
            else:
                try:
                    file_digest = hashlib.blake2b((folder / relative).read_bytes(), digest_size=16).digest()
                except OSError:  # loading reports it, with its path
                    stat, file_digest = UNREADABLE, b"unreadable"
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
    for relative, (size, mtime_ns, *_) in files_on_disk(bundle).items():
        path = f"{BUNDLE_DIR}/{relative}"
        known = previous.get(path)
        if known is not None and (known.size, known.mtime_ns) == (size, mtime_ns):
            records[path] = known
        else:
            digest = hashlib.sha256((staging / path).read_bytes()).hexdigest()
            records[path] = OutputRecord(digest, size, mtime_ns)
    return records


def page_fingerprints(
    pages: Sequence[Page], renderer: PageRenderer, offline_zip: str, fingerprinter: Fingerprinter | None = None,
) -> dict[str, str]:
    """Each page's fingerprint: its template (with the templates it uses), the settings
    and every value of its context. Same fingerprint, same bytes."""
    templates = template_digests(renderer.env)
    shared = repr((renderer.settings, renderer.edition, offline_zip))
    fingerprinter = fingerprinter or Fingerprinter()
    return {
        page.path: hashlib.blake2b(
            f"{shared}\0{templates.get(page.template, '')}\0{fingerprinter.page(page)}".encode("utf-8"),
            digest_size=16,
        ).hexdigest()
        for page in pages
    }


def _body_key(briefing: Briefing, names: str) -> str:
    stored = briefing.body_html
    if isinstance(stored, BodyHtml) and stored.key:  # its Markdown is let go: the key it is stored under
        return stored.key
    return body_key(BodyJob(briefing.url, briefing.article.body, briefing.article.autolinks), names)


def _record_digest(fingerprinter: Fingerprinter, record: BriefingRecord) -> str:
    text = f"{fingerprinter.value(record.briefing)}\0{record.body_diagnostics!r}"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@dataclass
class _Plan:
    """What a build renders and writes, from either way of planning it."""

    planned: Sequence[Page]  # the pages planned (all of them, or a quick build's few)
    page_paths: list[str]  # every HTML page of the site
    fingerprints: dict[str, str]  # of the planned pages
    feeds: list[tuple[str, bytes]]  # the feeds to write (all, or those a quick build changed)
    feed_count: int  # feeds of the site
    diagnostics: Diagnostics
    briefings: int
    # what this build leaves for the next (the plan store, given its new token; the caches)
    remember: Callable[[PlanStore, str], None]
    quick: bool = False
    site: Site | None = None  # a full plan's site (for the sitemap and offline edition)
    added: int = 0  # briefings an addition planned from the store added


def _plan_in_full(
    root: Path, settings: Settings, options: BuildOptions, renderer: PageRenderer, offline_zip: str,
    cache: BuildCache, manifest: OutputManifest | None, store_current: bool, jobs: int,
    sources: SourceIndex,
) -> _Plan:
    """Read, check and plan the whole archive, reusing what the cache has."""
    parsed: ParsedArticles = {} if options.clean else cache.load_map("articles")
    bodies: BodyCache = BodyShelf.open(cache.folder, emptied=options.clean)  # bodies on disk, not held
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
        root, settings, options.drafts, parsed, bodies, jobs, pages=plan_with_figures, file_digest=file_digest,
        world=world,
    )
    # the parsed articles, Markdown and all, go to the cache now and are let go: briefings keep no Markdown
    cache.save_map("articles", parsed)
    parse_findings = {article.path: found for article, found in parsed.values() if article is not None}
    parsed.clear()
    fingerprinter = Fingerprinter()
    fingerprints = page_fingerprints(planned, renderer, offline_zip, fingerprinter)
    feeds = plan_feeds(site)

    def remember(store: PlanStore, token: str) -> None:
        paths = frozenset(site_paths(site, (page.path for page in planned)))
        records = []
        assert site.wiki_index is not None and site.autolink_terms is not None
        names = names_digest(site.autolink_terms)
        for briefing in site.briefings:
            body = Diagnostics()
            body.extend(parse_findings.get(briefing.article.path, Diagnostics()))
            body.extend(wiki_link_diagnostics(briefing.article, briefing.wiki_links))
            body.extend(link_diagnostics(briefing, paths))
            records.append(BriefingRecord(
                briefing, tuple(body.items), fingerprinter.object_digest(briefing), _body_key(briefing, names),
            ))
        digests = {record.briefing.url: _record_digest(fingerprinter, record) for record in records}
        previous = manifest.files if manifest is not None else {}
        replan = None
        if store_current:  # only the pages planned differently, and the feeds (a few, small)
            replan = {page.path for page in planned if previous.get(page.path, _NO_RECORD).fingerprint != fingerprints[page.path]}
            replan |= {feed.path for feed in feeds}
        state = {  # what an addition starts from (generator/addplan.py)
            "ranking": site.ranking,
            "vocabulary": site.vocabulary,
            "pages": {page.path: page_entry(page) for page in planned},
        }
        store.write_build(
            token, records, digests, [*planned, *feeds], replan, BodyContext(site.wiki_index, site.autolink_terms, paths),
            state,
        )

    return _Plan(
        planned=planned, page_paths=[page.path for page in planned], fingerprints=fingerprints,
        feeds=[write_feed(settings, feed) for feed in feeds], feed_count=len(feeds), diagnostics=diagnostics,
        briefings=len(site.briefings), remember=remember, site=site,
    )


_NO_RECORD = OutputRecord(digest="", size=-1, mtime_ns=-1)


def _plan_quick(
    root: Path, settings: Settings, renderer: PageRenderer, manifest: OutputManifest, sources: SourceIndex,
    store: PlanStore, cache: BuildCache,
) -> _Plan | None:
    """Plan again only what shows the briefings whose text changed, when nothing else
    did: same files, same theme, vocabulary and settings, same frontmatter, same wiki-link
    targets. None when the build must plan in full (or the store cannot be trusted)."""
    known = manifest.sources
    if known.keys() != sources.keys():
        return None  # a file added or removed
    changed = sorted(path for path in sources if path and sources[path][1] != known[path][1])
    if not changed or not all(path.startswith("content/articles/") for path in changed):
        return None
    try:
        if store.token() != manifest.inputs:
            return None
        context = store.body_context()
        edits = []
        for path in changed:
            edit = _edited_briefing(root, root / settings.content_dir / path.removeprefix("content/"), store, context)
            if edit is None:
                return None
            edits.append(edit)
        replacing = {new.briefing.url: new.briefing for _, new, _ in edits}
        fingerprinter = Fingerprinter()
        plans = store.plans(
            store.showing(replacing), replacing, fingerprinter,
            lambda keys: {key: body.html for key, body in load_bodies(cache.folder, keys).items()},
        )
    except StoreError:  # damaged: the full build writes it anew, every row
        store.close()
        forget_store(store.file.parent)
        return None
    # a briefing's own page has fields of its own planned from it (the description is its
    # summary, the lede is read from its body): planned again, as the stored plan may be
    # older than the body a quick build since put in the body cache
    pages = [
        article_page(plan.context) if plan.template == "article.html" else plan
        for plan in plans if isinstance(plan, Page)
    ]
    fingerprints = page_fingerprints(pages, renderer, "", fingerprinter)

    diagnostics = Diagnostics()  # the last build's, with the edited files' body findings found again
    replaced = {item for old, _, _ in edits for item in old.body_diagnostics}
    diagnostics.items = [item for item in manifest.diagnostics.items if item not in replaced]
    for _, new, _ in edits:
        diagnostics.extend(Diagnostics(list(new.body_diagnostics)))

    def remember(store: PlanStore, token: str) -> None:
        # the new bodies join the body cache, where the store finds them (by key)
        store_bodies(cache.folder, {new.body_key: rendered for _, new, rendered in edits})
        records = [replace(new, fingerprint=fingerprinter.object_digest(new.briefing)) for _, new, _ in edits]
        store.write_briefings(token, records, {r.briefing.url: _record_digest(fingerprinter, r) for r in records})

    return _Plan(
        planned=pages, page_paths=[path for path, record in manifest.files.items() if record.fingerprint],
        fingerprints=fingerprints,
        feeds=[write_feed(settings, plan) for plan in plans if isinstance(plan, FeedPlan)],
        feed_count=manifest.result["feeds"], diagnostics=diagnostics, briefings=manifest.result["briefings"],
        remember=remember, quick=True,
    )


def _plan_add(
    root: Path, settings: Settings, renderer: PageRenderer, manifest: OutputManifest, sources: SourceIndex,
    store: PlanStore, cache: BuildCache,
) -> _Plan | None:
    """Plan an addition of briefings, and nothing else, from what the last build kept
    (generator/addplan.py); None when the build must plan in full."""
    known = manifest.sources
    added_paths = sorted(sources.keys() - known.keys())
    if not added_paths or not known.keys() <= sources.keys():
        return None  # nothing added, or something removed
    if any(sources[path][1] != known[path][1] for path in known if path):
        return None  # something else changed too
    if not all(path.startswith("content/articles/") and path.endswith(".md") for path in added_paths):
        return None
    content_dir = root / settings.content_dir
    try:
        if store.token() != manifest.inputs:
            return None
        context = store.body_context()
        records = store.all_records()
        stored = StoredSite(
            tuple(record.briefing for record in records), store.state("ranking"), store.state("vocabulary"),
            store.state("pages"), context.wiki_index,
        )
    except StoreError:
        store.close()
        forget_store(store.file.parent)
        return None

    diagnostics = Diagnostics()
    news: list[tuple[Briefing, RenderedBody, BodyJob]] = []
    for path in added_paths:
        file = content_dir / path.removeprefix("content/")
        display = display_path(file, root)
        text = read_text(file, display, diagnostics)
        if text is None:
            return None
        article, found = parse_article(text, display)
        if article is None or found.errors or article.draft:
            return None
        filed, filing = file_one(article, stored.vocabulary)
        if filed is None or filing.errors:
            return None
        diagnostics.extend(found)
        diagnostics.extend(filing)
        if article.review:
            diagnostics.note(article.path, article.field_lines.get("review", 1), "needs review: " + "; ".join(article.review))
        news.append((filed, article, found))
    placeholders = [briefing_of(filed, article, RenderedBody("", "", 0)) for filed, article, _ in news]
    new_index = with_targets(stored.wiki_index, placeholders)
    added: list[Briefing] = []
    bodies: dict[str, RenderedBody] = {}
    findings: dict[str, Diagnostics] = {}  # what each file and body gave, as a stored record keeps it
    names = names_digest(context.autolink_terms)
    for filed, article, parsing in news:
        job = BodyJob(filed.url, article.body, article.autolinks)
        rendered = BodyRenderer(new_index, context.autolink_terms).render([job])[0]
        found = body_diagnostics(article, rendered)
        if found.errors:
            return None
        diagnostics.extend(found)
        added.append(briefing_of(filed, article, rendered))
        bodies[body_key(job, names)] = rendered
        findings[filed.url] = Diagnostics()
        findings[filed.url].extend(parsing)
        findings[filed.url].extend(found)
    if why_not_added_here(stored, added, new_index) is not None:
        return None

    fingerprinter = Fingerprinter()
    for record in records:
        fingerprinter.remember(record.briefing, record.fingerprint)
    site = assemble(stored, added, settings, new_index, context.autolink_terms)
    if not same_span(stored, site):
        return None  # every timeline is drawn over the archive's span: plan in full
    # the briefings whose own page is planned, with their bodies
    by_url = {b.url: b for b in site.briefings}
    keys = {record.briefing.url: record.body_key for record in records}
    wanted = own_pages_changed(stored, site, added)
    loaded = load_bodies(cache.folder, [keys[url] for url in wanted if url in keys])
    whole = {b.url: b for b in added}
    for url in wanted:
        if url not in whole:
            body = loaded.get(keys[url])
            if body is None:
                return None
            whole[url] = replace(by_url[url], body_html=body.html)
    try:
        world = load_world()
    except ShapeDataError as exc:
        raise BuildError(str(exc)) from exc
    changed = changed_pages(stored, site, added, whole, world)
    new_paths = set(changed.page_order) - set(stored.pages)
    paths = set(context.site_paths) | new_paths
    if link_check_moves(stored, new_paths):
        return None  # a stored briefing's dead-link warning would go
    for briefing in added:
        found = link_diagnostics(briefing, paths)
        diagnostics.extend(found)
        findings[briefing.url].extend(found)
    fingerprints = page_fingerprints(changed.pages, renderer, "", fingerprinter)

    # the feeds an added briefing enters, their entries with their bodies
    added_urls = {b.url for b in added}
    feeds = [feed for feed in plan_feeds(site) if any(b.url in added_urls for b in feed.briefings)]
    entry_keys = {keys[b.url] for feed in feeds for b in feed.briefings if b.url not in added_urls}
    entry_bodies = load_bodies(cache.folder, sorted(entry_keys))
    if entry_keys - entry_bodies.keys():
        return None
    feeds = [
        replace(feed, briefings=tuple(
            b if b.url in added_urls else replace(b, body_html=entry_bodies[keys[b.url]].html)
            for b in feed.briefings
        ))
        for feed in feeds
    ]
    pages_after = dict(stored.pages)
    pages_after.update({page.path: page_entry(page) for page in changed.pages})
    files = [write_feed(settings, feed) for feed in feeds]
    map_xml = sitemap(settings, [
        Page(path=path, template="", title="", lastmod=entry.lastmod, indexable=entry.indexable)
        for path, entry in pages_after.items()
    ])
    if map_xml is not None:
        files.append(("sitemap.xml", map_xml))

    all_diagnostics = Diagnostics()
    all_diagnostics.items = [*manifest.diagnostics.items, *diagnostics.items]

    def remember(store: PlanStore, token: str) -> None:
        store_bodies(cache.folder, bodies)
        new_records = [
            BriefingRecord(
                briefing, tuple(findings[briefing.url].items), fingerprinter.object_digest(briefing),
                _body_key(briefing, names),
            )
            for briefing in added
        ]
        state = {"ranking": site.ranking, "pages": pages_after}
        store.write_addition(
            token, new_records, {r.briefing.url: _record_digest(fingerprinter, r) for r in new_records},
            [*changed.pages, *feeds], BodyContext(new_index, context.autolink_terms, frozenset(paths)), state,
        )

    return _Plan(
        planned=changed.pages, page_paths=list(pages_after), fingerprints=fingerprints, feeds=files,
        feed_count=manifest.result["feeds"], diagnostics=all_diagnostics, briefings=len(site.briefings),
        remember=remember, quick=True, added=len(added),
    )


def _edited_briefing(
    root: Path, file: Path, store: PlanStore, context: BodyContext
) -> tuple[BriefingRecord, BriefingRecord, RenderedBody] | None:
    """(stored, new) record of a briefing whose text changed, and its body, or None if more than its
    text did (frontmatter, wiki-link targets), it is not published, or it has errors
    (the full build reports those)."""
    display = display_path(file, root)
    findings = Diagnostics()
    text = read_text(file, display, findings)
    if text is None:
        return None
    article, found = parse_article(text, display)
    stored = store.record_at(display)
    if article is None or found.errors or stored is None:
        return None
    old = stored.briefing
    # every field but the body (body_line included: diagnostics count lines from it)
    if replace(old.article, body=article.body) != article or old.article.field_lines != article.field_lines:
        return None
    job = BodyJob(old.url, article.body, article.autolinks)
    rendered = BodyRenderer(context.wiki_index, context.autolink_terms).render([job])[0]
    if set(wiki_link_targets(old.url, rendered.wiki_links)) != set(wiki_link_targets(old.url, old.wiki_links)):
        return None  # backlinks elsewhere change
    briefing = briefing_of(old, article, rendered)
    body = Diagnostics()
    body.extend(found)
    body.extend(body_diagnostics(article, rendered))
    body.extend(link_diagnostics(briefing, context.site_paths))
    if body.errors:
        return None
    key = body_key(job, names_digest(context.autolink_terms))
    return stored, BriefingRecord(briefing, tuple(body.items), body_key=key), rendered


def build(options: BuildOptions, progress: Progress = no_progress) -> BuildResult:
    """Build the site into the output folder. Raises ContentError or BuildError."""
    try:
        return _build(options, progress)
    except (OSError, sqlite3.OperationalError) as exc:
        full = out_of_space(exc)
        if full is None:
            raise
        # what was staged is gone (below); the previous site and the cache are as they were,
        # or, if the disk filled while the cache was saved, a cache the next build ignores
        raise full from exc


def _build(options: BuildOptions, progress: Progress) -> BuildResult:
    started = time.perf_counter()
    root = options.root.resolve()
    settings = resolve_settings(options)
    out_dir = (options.out_dir or root / settings.output_dir).resolve()
    theme_dir = find_theme(root, settings.theme)
    project = claim_output(root, settings, theme_dir, out_dir)
    jobs = options.jobs or available_cores()

    # 0. what the last build left: trusted only where it checks out
    cache = BuildCache.for_output(root, out_dir)
    manifest: OutputManifest | None = None if options.clean else cache.load("outputs")
    if manifest is not None and (manifest.out_dir, manifest.out_id) != (str(out_dir), folder_identity(out_dir)):
        manifest = None  # removed or replaced output folder: build it all again
    key = settings_key(settings, options, out_dir)
    inputs, sources = input_digest(root, key, settings, theme_dir, manifest.sources if manifest is not None else {})
    if manifest is not None and manifest.inputs == inputs:
        remove_stale_staging(out_dir, lambda folder: ownership_problem(folder, project) is None)
        return BuildResult(
            out_dir=out_dir, seconds=time.perf_counter() - started, diagnostics=manifest.diagnostics,
            unchanged=True, **manifest.result,
        )
    previous = manifest.files if manifest is not None else {}
    offline_zip = zip_name(settings.title) if options.offline else ""
    renderer = PageRenderer(theme_dir, settings, offline_zip=offline_zip)
    store = PlanStore(cache.folder)

    # 1. read and check what changed: only the edited briefings' pages when only their
    # text changed, else everything
    plan = None
    if manifest is not None and manifest.settings_key == key and not offline_zip:
        plan = _plan_quick(root, settings, renderer, manifest, sources, store, cache)
        if plan is None:
            plan = _plan_add(root, settings, renderer, manifest, sources, store, cache)
    if plan is None:
        try:
            store_current = manifest is not None and store.token() == manifest.inputs
        except StoreError:
            store_current = False
        plan = _plan_in_full(root, settings, options, renderer, offline_zip, cache, manifest, store_current, jobs, sources)
    stale = [
        page for page in plan.planned
        if previous.get(page.path, _NO_RECORD).fingerprint != plan.fingerprints[page.path]
    ]

    # 2. write it all to a staging folder, then index it, then swap
    shadow_usable = (
        manifest is not None and manifest.shadow_files is not None
        and manifest.shadow_id is not None and folder_identity(shadow_folder(out_dir)) == manifest.shadow_id
    )

    def owned(folder: Path) -> bool:
        return ownership_problem(folder, project) is None

    def fill(staging: Path) -> tuple[dict[str, OutputRecord], SearchIndex | None]:
        """Write the whole new site into `staging`; the records of its files and the index."""
        write_file(staging / MARKER, marker_bytes(project))  # first: a killed build's staging is ours too
        if shadow_usable:
            sync_tree(staging, manifest.shadow_files, out_dir, {p: r.digest for p, r in previous.items()})
        elif previous:  # start from the previous site, by hard links: unchanged pages cost nothing
            link_tree(out_dir, staging, previous)
        writer = SiteWriter(staging)
        for path in plan.page_paths if plan.site is not None else [page.path for page in stale]:
            writer.claim(path)
        with progress(len(stale)) as advance:
            writer.written.update(_render_pages(renderer, stale, staging, theme_dir, jobs, advance))
        for path, data in plan.feeds:
            writer.write(path, data)
        gone: list[str] = []
        if plan.site is not None:  # a full plan: every file is written or known to be gone
            map_xml = sitemap(settings, plan.planned)
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
            # a main index and a small recent part: an edit indexes recent again, a clean build compacts
            changed: list[str] | None = None  # None: compact (new settings, or no index to build on)
            if manifest is not None and manifest.result.get("search") is not None and manifest.settings_key == key:
                changed = [  # re-rendered to other bytes: a page rendered to the same bytes indexes the same
                    page.path for page in stale
                    if page.searchable and previous.get(page.path, _NO_RECORD).digest != writer.written[page.path]
                ]
                changed += [path for path in gone if is_briefing_page(path)]
            if changed is None or changed:
                try:
                    search = index_site(staging, changed, recent_limit=settings.search_part_size,
                                        state_file=cache.folder / "search-main.json")
                except SearchIndexError as exc:
                    raise out_of_space(exc) or BuildError(f"search index failed: {exc}") from exc
            else:
                search = manifest.result["search"]
        else:
            shutil.rmtree(bundle, ignore_errors=True)
        if plan.site is not None:  # the pages kept as they were; every other file was written
            records = {path: previous[path] for path in plan.page_paths if path not in writer.written}
        else:  # every file kept but those written, the search index's (listed again below), the worker's
            records = {
                path: record for path, record in previous.items()
                if path not in writer.written and not path.startswith(f"{BUNDLE_DIR}/")
                and path not in (serviceworker.WORKER, serviceworker.SAVE_LIST)
            }
        records.update(
            {path: _record(staging, path, digest, plan.fingerprints.get(path, "")) for path, digest in writer.written.items()}
        )
        records.update(_search_records(staging, previous))
        if offline_zip:
            assert plan.site is not None
            zip_data = _offline_edition(plan.site, plan.planned, theme_dir, staging, set(records))
            writer.write(offline_zip, zip_data)
            records[offline_zip] = _record(staging, offline_zip, writer.written[offline_zip])
            for region_zip, region_data in region_editions(plan.site, offline_zip, zip_data):
                writer.write(region_zip, region_data)
                records[region_zip] = _record(staging, region_zip, writer.written[region_zip])
        # last: the worker's version is a digest of everything written before it
        for path, data in _service_worker(renderer, plan.page_paths, {p: r.digest for p, r in records.items()}, theme_dir):
            writer.write(path, data)
            records[path] = _record(staging, path, writer.written[path])
        return records, search

    staging: Path | None = None
    try:
        if shadow_usable:  # the site before the last: bring it to the last, by hard links, changes only
            staging = adopt_shadow(out_dir, removable=owned)
        else:
            staging = staging_folder(out_dir, removable=owned)
        try:
            records, search = fill(staging)
        except PermissionError:
            if not shadow_usable:
                raise
            # the shadow is a site the build wrote, but its folders were made read-only
            # since (chmod -R a-w build/ before it became the shadow): give them back
            # their write permission (raises for folders of another owner), and do it again
            make_writable(staging)
            records, search = fill(staging)
        publish(staging, out_dir, keep_previous=bool(previous))
    except BaseException as exc:
        if staging is not None:
            discard(staging)
        written = [folder for folder in (staging, out_dir, shadow_folder(out_dir)) if folder is not None]
        if isinstance(exc, PermissionError) and exc.filename and any(
            Path(exc.filename).is_relative_to(folder) for folder in written
        ):
            raise BuildError(
                f"permission denied: {exc.filename}; make {out_dir} and {shadow_folder(out_dir)} writable by you "
                "(or delete them) and build again"
            ) from exc
        raise
    shadow_files = {p: r.digest for p, r in previous.items()} if previous else None
    if not previous:
        # no site before this one to keep: make the shadow now, by hard links, so that the
        # next build (an editor's first fix, say) changes only what changed
        try:
            shadow_folder(out_dir).mkdir()
            link_tree(out_dir, shadow_folder(out_dir), [MARKER, *records])
            shadow_files = {p: r.digest for p, r in records.items()}
        except OSError:
            remove_tree(shadow_folder(out_dir), ignore_errors=True)
    result = dict(
        briefings=plan.briefings, pages=len(plan.page_paths), feeds=plan.feed_count, search=search,
        offline_zip=offline_zip,
    )
    try:  # before the manifest, which names the store's state: a store left half-way is not trusted
        plan.remember(store, inputs)
    except (StoreError, sqlite3.Error, OSError):
        store.close()
        forget_store(cache.folder)
    finally:
        store.close()
    cache.save("outputs", OutputManifest(
        out_dir=str(out_dir), out_id=folder_identity(out_dir), inputs=inputs, settings_key=key, sources=sources,
        files=records,
        shadow_files=shadow_files,
        shadow_id=folder_identity(shadow_folder(out_dir)) if shadow_files is not None else None,
        diagnostics=plan.diagnostics, result=result,
    ))
    return BuildResult(
        out_dir=out_dir, seconds=time.perf_counter() - started, diagnostics=plan.diagnostics, rendered=len(stale),
        quick=plan.quick, added=plan.added, **result,
    )
