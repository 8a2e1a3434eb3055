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
from typing import Callable

from generator.bodies import BodyReader, parse_bodies, render_bodies
from generator.config import Settings
from generator.content import ParsedArticles, let_go_of_held_bodies, load_articles
from generator.diagnostics import ContentError, Diagnostics
from generator.figures import map_coverage
from generator.geo import WorldShapes, load_world
from generator.links import check_internal_links, site_paths
from generator.models import Article, Site
from generator.pages import page_paths
from generator.site import build_site
from generator.taxonomy import load_vocabulary


@dataclass(frozen=True)
class CheckedSite:
    site: Site
    diagnostics: Diagnostics  # errors included: the caller decides whether they stop it
    needs_review: tuple[Article, ...] = ()  # briefings with `review` notes, drafts included, by path
    # the paths of the site's pages, which links may lead to; the pages themselves are
    # planned as the build renders them, never all at once
    page_paths: tuple[str, ...] = ()

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
    parsed: ParsedArticles | None = None, read_bodies: BodyReader = parse_bodies,
    file_digest: Callable[[Path], bytes | None] = lambda file: None,
    world: WorldShapes | None = None,
) -> CheckedSite:
    """Read and check all content under `root`; writes nothing, and renders nothing.

    `parsed` is the build cache's parsed files (read from and added to); `read_bodies`
    reads the bodies (site.build_site): by default each is parsed, not rendered; the
    build passes one that renders each as it parses it (to the body cache); `file_digest` is
    the digest of a content file's bytes where already known (see load_articles);
    `world` the map shapes (loaded when not given; raises ShapeDataError).
    """
    content_dir = root / settings.content_dir
    diagnostics = Diagnostics()
    vocabulary, found = load_vocabulary(content_dir, root)
    diagnostics.extend(found)
    # bodies are read again as they are parsed: the archive's Markdown is never all held
    articles, found = load_articles(root, content_dir, parsed, file_digest, keep_bodies=False, hold_for_read_body=True)
    diagnostics.extend(found)
    site, found = build_site(articles, vocabulary, settings, drafts, read_bodies)
    let_go_of_held_bodies()  # every body is read
    diagnostics.extend(found)
    paths = tuple(page_paths(site))
    diagnostics.extend(check_internal_links(site, site_paths(site, paths)))
    shapes = world if world is not None else load_world()
    diagnostics.extend(map_coverage(site, shapes, f"{settings.content_dir}/taxonomy/regions.yaml"))
    reviewed = sorted((a for a in articles if a.review), key=lambda a: a.path)
    for article in reviewed:
        diagnostics.note(article.path, article.field_lines.get("review", 1), "needs review: " + "; ".join(article.review))
    return CheckedSite(site, diagnostics, tuple(reviewed), paths)


def load_checked(
    root: Path, settings: Settings, drafts: bool,
    parsed: ParsedArticles | None = None, read_bodies: BodyReader = parse_bodies,
    file_digest: Callable[[Path], bytes | None] = lambda file: None,
    world: WorldShapes | None = None,
) -> CheckedSite:
    """read_and_check, for the build: raise ContentError if anything is wrong."""
    checked = read_and_check(root, settings, drafts, parsed, read_bodies, file_digest, world)
    if checked.diagnostics.errors:
        raise ContentError(checked.diagnostics)
    return checked


def load_site(root: Path, settings: Settings, drafts: bool) -> tuple[Site, Diagnostics]:
    """The checked site, its bodies rendered and held (for tools and tests), and its
    diagnostics; raise ContentError if anything is wrong."""
    checked = load_checked(root, settings, drafts, read_bodies=render_bodies)
    return checked.site, checked.diagnostics
