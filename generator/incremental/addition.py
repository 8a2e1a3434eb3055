"""An addition: briefings added, and nothing else changed, planned from what the last
build kept (the plan store), only where an addition changes something
(generator/incremental/addplan.py says where)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.bodies import BodyJob, BodyRenderer, body_key, load_bodies, names_digest, store_bodies
from generator.config import Settings
from generator.content import parse_article, read_text
from generator.diagnostics import BuildError, Diagnostics, display_path
from generator.feeds import plan_feeds, sitemap, write_feed
from generator.geo import ShapeDataError, load_world
from generator.incremental import drawings
from generator.incremental.addplan import (
    LINK_TARGETS, StoredSite, assemble, changed_pages, link_check_moves, link_targets, own_pages_changed, page_entry,
    same_span, sitemap_rows, why_not_added_here, with_targets,
)
from generator.incremental.cache import BuildCache, OutputManifest
from generator.incremental.fingerprint import Fingerprinter
from generator.incremental.inputs import SourceIndex
from generator.incremental.plan import Plan, page_fingerprints, record_digest, stored_body_key
from generator.incremental.planstore import LinkTargets, PlanStore, StoreError
from generator.incremental.planstore import forget as forget_store
from generator.links import link_diagnostics
from generator.markdown import RenderedBody
from generator.models import Briefing, BriefingRecord
from generator.render import PageRenderer
from generator.site import body_diagnostics, briefing_of, file_one


def plan_addition(
    root: Path, settings: Settings, renderer: PageRenderer, manifest: OutputManifest, sources: SourceIndex,
    store: PlanStore, cache: BuildCache,
) -> Plan | None:
    """Plan an addition of briefings, and nothing else, from what the last build kept
    (generator/incremental/addplan.py); None when the build must plan in full."""
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
            store.state("pages"), context.wiki_index, store.state(LINK_TARGETS),
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
    drawn = drawings.reuse(cache, world)
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
    map_xml = sitemap(settings, sitemap_rows(pages_after))
    if map_xml is not None:
        files.append(("sitemap.xml", map_xml))

    all_diagnostics = Diagnostics()
    all_diagnostics.items = [*manifest.diagnostics.items, *diagnostics.items]

    def remember(store: PlanStore, token: str) -> None:
        store_bodies(cache.folder, bodies)
        drawings.keep(cache, world, drawn)
        new_records = [
            BriefingRecord(
                briefing, tuple(findings[briefing.url].items), fingerprinter.object_digest(briefing),
                stored_body_key(briefing, names),
            )
            for briefing in added
        ]
        state = {"ranking": site.ranking, "pages": pages_after, LINK_TARGETS: stored.link_targets | link_targets(added)}
        store.write_addition(
            token, new_records, {r.briefing.url: record_digest(fingerprinter, r) for r in new_records},
            [*changed.pages, *feeds], LinkTargets(new_index, context.autolink_terms, frozenset(paths)), state,
        )

    return Plan(
        planned=changed.pages, page_paths=list(pages_after), fingerprints=fingerprints, feeds=files,
        feed_count=manifest.result["feeds"], diagnostics=all_diagnostics, briefings=len(site.briefings),
        remember=remember, quick=True, added=len(added),
    )
