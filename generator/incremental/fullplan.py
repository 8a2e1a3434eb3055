"""Planning in full: read, check and plan the whole archive (reusing the parsed files
and rendered bodies the cache holds), and keep for the next build what a quick build
or an addition starts from."""

from __future__ import annotations

from pathlib import Path

from generator.bodies import BodyCache, BodyShelf, names_digest
from generator.config import Settings
from generator.content import ParsedArticles
from generator.diagnostics import BuildError, Diagnostics
from generator.feeds import plan_feeds, write_feed
from generator.figures import plan_figures
from generator.geo import ShapeDataError, load_world
from generator.incremental import drawings
from generator.incremental.addplan import page_entry
from generator.incremental.cache import BuildCache, OutputManifest
from generator.incremental.fingerprint import Fingerprinter
from generator.incremental.inputs import SourceIndex
from generator.incremental.outputs import NO_RECORD
from generator.incremental.plan import Plan, page_fingerprints, record_digest, stored_body_key
from generator.incremental.planstore import LinkTargets, PlanStore
from generator.links import link_diagnostics, site_paths
from generator.models import BriefingRecord, BuildOptions
from generator.pages import plan_pages
from generator.readcheck import load_checked
from generator.render import PageRenderer
from generator.site import wiki_link_diagnostics


def plan_in_full(
    root: Path, settings: Settings, options: BuildOptions, renderer: PageRenderer, offline_zip: str,
    cache: BuildCache, manifest: OutputManifest | None, store_current: bool, jobs: int,
    sources: SourceIndex,
) -> Plan:
    """Read, check and plan the whole archive, reusing what the cache has."""
    parsed: ParsedArticles = {} if options.clean else cache.load_map("articles")
    bodies: BodyCache = BodyShelf.open(cache.folder, emptied=options.clean)  # bodies on disk, not held
    try:
        world = load_world()
    except ShapeDataError as exc:
        raise BuildError(str(exc)) from exc
    drawn = {} if options.clean else drawings.reuse(cache, world)
    content_dir = root / settings.content_dir

    def file_digest(file: Path) -> bytes | None:  # read by input_digest already
        found = sources.get(f"content/{file.relative_to(content_dir).as_posix()}")
        return found[1] if found is not None else None

    checked = load_checked(
        root, settings, options.drafts, parsed, bodies, jobs,
        pages=lambda site: plan_pages(site, plan_figures(site, world)), file_digest=file_digest, world=world,
    )
    site, diagnostics, planned = checked.site, checked.diagnostics, list(checked.pages)
    # the parsed articles, Markdown and all, go to the cache now and are let go: briefings keep no Markdown
    cache.save_map("articles", parsed)
    parse_findings = {article.path: found for article, found in parsed.values() if article is not None}
    parsed.clear()
    fingerprinter = Fingerprinter()
    fingerprints = page_fingerprints(planned, renderer, offline_zip, fingerprinter)
    feeds = plan_feeds(site)

    def remember(store: PlanStore, token: str) -> None:
        drawings.keep(cache, world, drawn)
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
                briefing, tuple(body.items), fingerprinter.object_digest(briefing), stored_body_key(briefing, names),
            ))
        digests = {record.briefing.url: record_digest(fingerprinter, record) for record in records}
        previous = manifest.files if manifest is not None else {}
        replan = None
        if store_current:  # only the pages planned differently, and the feeds (a few, small)
            replan = {page.path for page in planned if previous.get(page.path, NO_RECORD).fingerprint != fingerprints[page.path]}
            replan |= {feed.path for feed in feeds}
        state = {  # what an addition starts from (generator/incremental/addplan.py)
            "ranking": site.ranking,
            "vocabulary": site.vocabulary,
            "pages": {page.path: page_entry(page) for page in planned},
        }
        store.write_build(
            token, records, digests, [*planned, *feeds], replan, LinkTargets(site.wiki_index, site.autolink_terms, paths),
            state,
        )

    return Plan(
        planned=planned, page_paths=[page.path for page in planned], fingerprints=fingerprints,
        feeds=[write_feed(settings, feed) for feed in feeds], feed_count=len(feeds), diagnostics=diagnostics,
        briefings=len(site.briefings), remember=remember, site=site,
    )
