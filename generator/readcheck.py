"""Read and check all content: the one function below `briefings build` and `briefings check`.

Settings are given; this reads the vocabulary and every briefing, files them into
the `Site`, and checks what only the whole archive shows: internal links (against
the planned pages) and map coverage (countries no map can show). `build` raises on
its errors and goes on to render; `check` only reports. Both therefore report the
same diagnostics, and `check --strict` fails wherever the build warns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from generator.bodies import BodyCache
from generator.config import Settings
from generator.content import ParsedArticles, load_articles
from generator.diagnostics import ContentError, Diagnostics
from generator.figures import map_coverage
from generator.geo import WorldShapes, load_world
from generator.links import check_internal_links, site_paths
from generator.models import Article, Page, Site
from generator.pages import plan_pages
from generator.site import build_site
from generator.taxonomy import load_vocabulary


@dataclass(frozen=True)
class CheckedSite:
    site: Site
    diagnostics: Diagnostics  # errors included: the caller decides whether they stop it
    needs_review: tuple[Article, ...] = ()  # briefings with `review` notes, drafts included, by path
    pages: tuple[Page, ...] = ()  # the site's pages as planned for the link check: planned once, for the build too

    @property
    def review_summary(self) -> str:
        """'3 drafts need review: a.md, b.md, c.md', or '' when none does."""
        if not self.needs_review:
            return ""
        count = len(self.needs_review)
        noun = "draft" if all(article.draft for article in self.needs_review) else "briefing"
        verb = "needs" if count == 1 else "need"
        paths = ", ".join(article.path for article in self.needs_review)
        return f"{count} {noun}{'s' if count != 1 else ''} {verb} review: {paths}"


def read_and_check(
    root: Path, settings: Settings, drafts: bool,
    parsed: ParsedArticles | None = None, bodies: BodyCache | None = None, jobs: int = 1,
    pages: Callable[[Site], Sequence[Page]] = plan_pages,
    file_digest: Callable[[Path], bytes | None] = lambda file: None,
    world: WorldShapes | None = None,
) -> CheckedSite:
    """Read and check all content under `root`; writes nothing.

    `parsed` and `bodies` are the build cache's (read from and added to); `pages`
    plans the pages whose addresses links in bodies may point at; `file_digest` is
    the digest of a content file's bytes where already known (see load_articles);
    `world` the map shapes (loaded when not given; raises ShapeDataError).
    """
    content_dir = root / settings.content_dir
    diagnostics = Diagnostics()
    vocabulary, found = load_vocabulary(content_dir, root)
    diagnostics.extend(found)
    articles, found = load_articles(root, content_dir, parsed, file_digest)
    diagnostics.extend(found)
    site, found = build_site(articles, vocabulary, settings, include_drafts=drafts, body_cache=bodies, jobs=jobs)
    diagnostics.extend(found)
    planned = tuple(pages(site))
    diagnostics.extend(check_internal_links(site, site_paths(site, (page.path for page in planned))))
    shapes = world if world is not None else load_world()
    diagnostics.extend(map_coverage(site, shapes, f"{settings.content_dir}/taxonomy/regions.yaml"))
    reviewed = sorted((a for a in articles if a.review), key=lambda a: a.path)
    for article in reviewed:
        diagnostics.note(article.path, article.field_lines.get("review", 1), "needs review: " + "; ".join(article.review))
    return CheckedSite(site, diagnostics, tuple(reviewed), planned)


def load_checked(
    root: Path, settings: Settings, drafts: bool,
    parsed: ParsedArticles | None = None, bodies: BodyCache | None = None, jobs: int = 1,
    pages: Callable[[Site], Sequence[Page]] = plan_pages,
    file_digest: Callable[[Path], bytes | None] = lambda file: None,
    world: WorldShapes | None = None,
) -> CheckedSite:
    """read_and_check, for the build: raise ContentError if anything is wrong."""
    checked = read_and_check(root, settings, drafts, parsed, bodies, jobs, pages, file_digest, world)
    if checked.diagnostics.errors:
        raise ContentError(checked.diagnostics)
    return checked


def load_site(root: Path, settings: Settings, drafts: bool) -> tuple[Site, Diagnostics]:
    """The checked site and its diagnostics; raise ContentError if anything is wrong."""
    checked = load_checked(root, settings, drafts)
    return checked.site, checked.diagnostics
