"""A build's plan, whichever planner made it (generator/incremental/fullplan.py,
quickplan.py, addition.py), and the digests the planners share: of a page (its
fingerprint: same fingerprint, same bytes), of a briefing's stored record, of its body."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from generator.diagnostics import Diagnostics
from generator.incremental.fingerprint import Fingerprinter
from generator.models import Briefing, BriefingRecord, Page, Site

# Imported where used: the package's interface (incremental/__init__.py) imports this module
# in every build, even one with nothing to do, which needs neither bodies nor Jinja
if TYPE_CHECKING:
    from generator.incremental.planstore import PlanStore
    from generator.render import PageRenderer


@dataclass(frozen=True)
class Plan:
    """What a build renders and writes, from either way of planning it."""

    # the pages planned (all of them, or a quick build's few); a full plan plans them as
    # they are iterated, so that no build holds every page planned at once
    planned: Iterable[Page]
    page_paths: list[str]  # every HTML page of the site
    fingerprints: dict[str, str]  # of the planned pages (a full plan's: filled in as they are planned)
    feeds: list[tuple[str, bytes]]  # the feeds to write (all, or those a quick build changed)
    feed_count: int  # feeds of the site
    diagnostics: Diagnostics
    briefings: int
    # what this build leaves for the next (the plan store, given its new token; the caches)
    remember: Callable[[PlanStore, str], None]
    quick: bool = False
    site: Site | None = None  # a full plan's site (for the sitemap and offline edition)
    added: int = 0  # briefings an addition planned from the store added
    # called with each batch of planned pages before any of them is rendered (a full plan's
    # fingerprints them, and writes their plans to the plan store)
    on_batch: Callable[[Sequence[Page]], None] = lambda pages: None
    # a full plan's pages as the sitemap reads them (path, lastmod, indexable), once all are planned
    sitemap_pages: Callable[[], Sequence[Page]] = lambda: ()


def page_fingerprints(
    pages: Sequence[Page], renderer: PageRenderer, offline_zip: str, fingerprinter: Fingerprinter | None = None,
) -> dict[str, str]:
    """Each page's fingerprint: its template (with the templates it uses), the settings
    and every value of its context. Same fingerprint, same bytes."""
    from generator.render import template_digests

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


def stored_body_key(briefing: Briefing, names: str) -> str:
    from generator.bodies import BodyHtml, BodyJob, body_key

    stored = briefing.body_html
    if isinstance(stored, BodyHtml) and stored.key:  # its Markdown is let go: the key it is stored under
        return stored.key
    article = briefing.article  # its Markdown let go (""): the digest it was read with
    digest = article.body_digest if not article.body else ""
    return body_key(BodyJob(briefing.url, article.body, article.autolinks, text_digest=digest), names)


def record_digest(fingerprinter: Fingerprinter, record: BriefingRecord) -> str:
    text = f"{fingerprinter.value(record.briefing)}\0{record.body_diagnostics!r}"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
