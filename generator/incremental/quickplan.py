"""The quick build: only the text of some briefings changed (same files, frontmatter,
wiki-link targets, theme, vocabulary and settings), so only the pages and feeds that
show them are planned again, from what the last build kept in the plan store."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.bodies import BodyJob, BodyRenderer, body_key, load_bodies, names_digest, store_bodies
from generator.config import Settings
from generator.content import parse_article, read_text
from generator.diagnostics import Diagnostics, display_path
from generator.feeds import write_feed
from generator.incremental.cache import BuildCache, OutputManifest
from generator.incremental.addplan import LINK_TARGETS, link_targets
from generator.incremental.fingerprint import Fingerprinter
from generator.incremental.inputs import SourceIndex
from generator.incremental.plan import Plan, page_fingerprints, record_digest
from generator.incremental.planstore import LinkTargets, PlanStore, StoreError
from generator.models import BriefingRecord, FeedPlan, Page
from generator.incremental.planstore import forget as forget_store
from generator.links import link_diagnostics
from generator.markdown import RenderedBody
from generator.pages import article_page
from generator.render import PageRenderer
from generator.site import body_diagnostics, briefing_of, wiki_link_targets


def plan_quick(
    root: Path, settings: Settings, renderer: PageRenderer, manifest: OutputManifest, sources: SourceIndex,
    store: PlanStore, cache: BuildCache,
) -> Plan | None:
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
            edit = edited_briefing(root, root / settings.content_dir / path.removeprefix("content/"), store, context)
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
        # where their links lead now joins what the store keeps of the archive's (addplan.link_targets)
        targets = store.state(LINK_TARGETS) | link_targets(r.briefing for r in records)
        store.write_briefings(
            token, records, {r.briefing.url: record_digest(fingerprinter, r) for r in records}, {LINK_TARGETS: targets},
        )

    return Plan(
        planned=pages, page_paths=[path for path, record in manifest.files.items() if record.fingerprint],
        fingerprints=fingerprints,
        feeds=[write_feed(settings, plan) for plan in plans if isinstance(plan, FeedPlan)],
        feed_count=manifest.result["feeds"], diagnostics=diagnostics, briefings=manifest.result["briefings"],
        remember=remember, quick=True,
    )


def edited_briefing(
    root: Path, file: Path, store: PlanStore, context: LinkTargets
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
