"""Planning in full: read, check and plan the whole archive (reusing the parsed files
and rendered bodies the cache holds), and keep for the next build what a quick build
or an addition starts from."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Callable, Iterator, Sequence

from generator.autolinks import AutoLinkTerms
from generator.bodies import HELD_CHARACTERS, BodyCache, BodyJob, BodyRenderer, BodyShelf, names_digest
from generator.config import Settings
from generator.content import ParsedArticles
from generator.diagnostics import BuildError, Diagnostics
from generator.feeds import plan_feeds, write_feed
from generator.figures import Figures, plan_figures
from generator.geo import ShapeDataError, load_world
from generator.incremental import drawings
from generator.incremental.addplan import LINK_TARGETS, PageEntry, link_targets, page_entry
from generator.incremental.cache import BuildCache, OutputManifest
from generator.incremental.fingerprint import Fingerprinter
from generator.incremental.inputs import SourceIndex
from generator.incremental.outputs import NO_RECORD
from generator.incremental.plan import Plan, page_fingerprints, record_digest, stored_body_key
from generator.incremental.planstore import LinkTargets, PlanStore, StoreError
from generator.links import link_diagnostics, site_paths
from generator.markdown import RenderedBody
from generator.models import BriefingRecord, BuildOptions, Page, Site
from generator.pages import iter_pages
from generator.readcheck import load_checked
from generator.render import PageRenderer, compile_templates
from generator.site import wiki_link_diagnostics
from generator.wikilinks import WikiIndex
from generator.workers import Workers, sent_work_from


def plan_in_full(
    root: Path, settings: Settings, options: BuildOptions, renderer: PageRenderer, offline_zip: str,
    cache: BuildCache, manifest: OutputManifest | None, store: PlanStore, store_current: bool, workers: Workers,
    sources: SourceIndex,
) -> Plan:
    """Read, check and plan the whole archive, reusing what the cache has."""
    # templates compiled first, so that no worker compiles them again (render.compile_templates)
    compile_templates(renderer)
    # forked before anything is read, for a large archive: they render what they are sent and
    # never hold the site. A smaller one forks for each call what then holds all it needs
    # (generator/workers.py: sent_work_from says where, and why)
    if sent_work_from(sum(1 for path in sources if path.endswith(".md"))):
        workers.start()
    parsed: ParsedArticles = {} if options.clean else cache.load_map("articles")
    # bodies on disk, not held (but for a small archive's: bodies.HELD_CHARACTERS)
    bodies: BodyCache = BodyShelf.open(cache.folder, emptied=options.clean, hold=HELD_CHARACTERS)
    try:
        world = load_world()
    except ShapeDataError as exc:
        raise BuildError(str(exc)) from exc
    drawn = drawings.Kept({}, {}) if options.clean else drawings.reuse(cache, world)
    content_dir = root / settings.content_dir

    content_prefix = f"{os.fspath(content_dir)}/"

    def file_digest(file: Path) -> bytes | None:  # read by input_digest already
        text = os.fspath(file)  # under the content folder, as load_articles lists it: its path there by slicing
        relative = text[len(content_prefix):] if text.startswith(content_prefix) else file.relative_to(content_dir).as_posix()
        found = sources.get(f"content/{relative}")
        return found[1] if found is not None else None

    # each body rendered as it is parsed, on all cores, to the body cache: parsed once
    def read_bodies(wiki: WikiIndex, names: AutoLinkTerms, jobs_: Sequence[BodyJob]) -> list[RenderedBody]:
        return BodyRenderer(wiki, names, bodies, workers=workers).render(jobs_)

    checked = load_checked(
        root, settings, options.drafts, parsed, read_bodies, file_digest=file_digest, world=world,
    )
    site, diagnostics, page_paths = checked.site, checked.diagnostics, list(checked.page_paths)
    # the parsed articles (without Markdown) go to the cache now and are let go
    cache.save_map("articles", parsed)
    parse_findings = {  # those that found something: most files find nothing
        article.path: found for article, found in parsed.values() if article is not None and found.items
    }
    parsed.clear()
    figures = plan_figures(site, world)
    fingerprinter = Fingerprinter()
    fingerprints: dict[str, str] = {}
    feeds = plan_feeds(site)
    paths = frozenset(site_paths(site, page_paths))
    previous = manifest.files if manifest is not None else {}
    entries: dict[str, PageEntry] = {}  # what an addition and the sitemap read of every page
    writing = _StoreWriting(store)

    def planned_batch(pages: Sequence[Page]) -> None:
        """A batch of pages planned: fingerprinted, and their plans written to the store as
        they go (only those planned differently, when the store is the last build's)."""
        fingerprints.update(page_fingerprints(pages, renderer, offline_zip, fingerprinter))
        entries.update((page.path, page_entry(page)) for page in pages)
        if store_current:
            pages = [page for page in pages if previous.get(page.path, NO_RECORD).fingerprint != fingerprints[page.path]]
        writing.put(pages, begin)

    def begin(plan_store: PlanStore) -> None:
        records = []
        assert site.wiki_index is not None and site.autolink_terms is not None
        names = names_digest(site.autolink_terms)
        for briefing in site.briefings:
            body = Diagnostics()
            body.extend(parse_findings.get(briefing.article.path, Diagnostics()))
            body.extend(wiki_link_diagnostics(briefing.article, briefing.wiki_links))
            body.extend(link_diagnostics(briefing, paths))
            records.append(BriefingRecord(
                briefing, tuple(body.items), fingerprinter.object_digest(briefing), stored_body_key(briefing, names),
            ))
        digests = {record.briefing.url: record_digest(fingerprinter, record) for record in records}
        plan_store.begin_build(records, digests, [*page_paths, *(feed.path for feed in feeds)], fresh=not store_current)

    def remember(plan_store: PlanStore, token: str) -> None:
        drawings.keep(cache, world, drawn)
        assert site.wiki_index is not None and site.autolink_terms is not None
        writing.put([], begin)  # begun, if no page was planned
        writing.check()
        plan_store.put_plans(feeds)  # a few, small
        state = {  # what an addition starts from (generator/incremental/addplan.py)
            "ranking": site.ranking,
            "vocabulary": site.vocabulary,
            "pages": {path: entries[path] for path in page_paths},
            LINK_TARGETS: link_targets(site.briefings),
        }
        plan_store.finish_build(token, LinkTargets(site.wiki_index, site.autolink_terms, paths), state)

    return Plan(
        planned=_Planned(site, figures), page_paths=page_paths, fingerprints=fingerprints,
        feeds=[write_feed(settings, feed) for feed in feeds], feed_count=len(feeds), diagnostics=diagnostics,
        briefings=len(site.briefings), remember=remember, site=site, on_batch=planned_batch,
        sitemap_pages=lambda: [
            Page(path=path, template="", title="", lastmod=entries[path].lastmod, indexable=entries[path].indexable)
            for path in page_paths
        ],
    )


class _Planned:
    """The site's pages, planned each time they are iterated (pages.iter_pages): the build
    renders them a batch at a time as planned; the offline edition plans them again."""

    def __init__(self, site: Site, figures: Figures):
        self.site, self.figures = site, figures

    def __iter__(self) -> Iterator[Page]:
        return iter_pages(self.site, self.figures)


class _StoreWriting:
    """The plan store written as pages are planned: begun with the first batch, a batch at a
    time. A failure is kept, not raised: the build goes on, and `check` (from `remember`,
    which the build calls to save the store) raises it, so the store is forgotten as any
    store that fails to be written is."""

    def __init__(self, store: PlanStore):
        self.store = store
        self.begun = False
        self.failure: BaseException | None = None

    def put(self, pages: Sequence[Page], begin: Callable[[PlanStore], None]) -> None:
        if self.failure is not None:
            return
        try:
            if not self.begun:
                begin(self.store)
                self.begun = True
            self.store.put_plans(pages)
        except (StoreError, sqlite3.Error, OSError) as exc:
            self.failure = exc

    def check(self) -> None:
        if self.failure is not None:
            raise StoreError(f"the plans could not be written: {self.failure}") from self.failure
