"""Adding briefings without reading and planning the whole archive again.

A new briefing changes more than its own page: the lists of its region,
countries, actors, tags and source (every page of each, as page counts and
totals move), the counts shown wherever those terms are named, the archive
of its month and year, its region neighbours, the home page, the feeds it
enters, the sitemap, and any related list it now belongs in. A full build
finds all that by planning all 15,000 pages of a 10,000-briefing archive and
comparing fingerprints. This module finds it from what the last build kept
(generator/incremental/planstore.py): every briefing as stored (without bodies, each with
its fingerprint), the related lists, the vocabulary and the page list. It
assembles the site of those briefings plus the new ones with the very code a
full build uses (`site.assemble_site`), then plans with the page planners only
the pages an addition can change (`changed_pages`, each rule stated there);
pages whose fingerprint did not move are not rendered.

An addition is planned here only when it adds no page of a new term, keeps the
archive's span of months (every timeline spans it), clashes with no slug or
title, and changes no other briefing's wiki link or link check. Anything else
is a full build, as is every change that is not only additions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Sequence

from generator import urls
from generator.autolinks import AutoLinkTerms
from generator.charts import periods_between
from generator.config import Settings
from generator.figures import plan_figures
from generator.geo import WorldShapes
from generator.links import resolve_internal, targets_reaching
from generator.models import Term
from generator.pages import (
    Page, plan_archive, plan_article, plan_home, plan_taxonomy_index, plan_term, shared_term_names,
)
from generator.related import Ranking, rank_after_adding
from generator.site import TAXONOMIES, Briefing, Site, assemble_site, newest_first, related_inputs
from generator.taxonomy import Vocabulary
from generator.wikilinks import WikiIndex, WikiTarget


@dataclass(frozen=True)
class PageEntry:
    """What the site's page list keeps of each page: what the sitemap shows of it."""

    lastmod: dt.date | None
    indexable: bool


def page_entry(page: Page) -> PageEntry:
    return PageEntry(page.lastmod, page.indexable)


class SitemapRow(NamedTuple):
    """A page as the sitemap reads it (feeds.SitemapEntry): made for each of 15,000 pages by
    every addition, where a `Page` each took 0.02 s more."""

    path: str
    lastmod: dt.date | None
    indexable: bool


def sitemap_rows(pages: dict[str, PageEntry]) -> list[SitemapRow]:
    return [SitemapRow(path, entry.lastmod, entry.indexable) for path, entry in pages.items()]


@dataclass(frozen=True)
class StoredSite:
    """What the last build kept of the whole site, for an addition to start from."""

    briefings: tuple[Briefing, ...]  # as stored: no Markdown, no body
    ranking: Ranking  # the related lists (address -> related addresses, best first), with ceilings
    vocabulary: Vocabulary
    pages: dict[str, PageEntry]  # every HTML page, in the order a full build plans them
    wiki_index: WikiIndex
    link_targets: frozenset[str]  # where the stored briefings' links lead (`link_targets`)


def with_targets(index: WikiIndex, added: Sequence[Briefing]) -> WikiIndex:
    """The wiki index with the added briefings in it."""
    grown = WikiIndex({slug: list(found) for slug, found in index.by_slug.items()},
                      {title: list(found) for title, found in index.by_title.items()})
    extra = WikiIndex.of(
        WikiTarget(slug=b.article.slug, title=b.title, url=b.url, year=b.date.year, published=True) for b in added
    )
    for slug, found in extra.by_slug.items():
        grown.by_slug.setdefault(slug, []).extend(found)
    for title, found in extra.by_title.items():
        grown.by_title.setdefault(title, []).extend(found)
    return grown


def why_not_added_here(stored: StoredSite, added: Sequence[Briefing], new_index: WikiIndex) -> str | None:
    """Why the addition of `added` needs a full build, or None when this module can plan it."""
    known_terms = _last_filed(stored.briefings, {term.key for b in added for term in b.terms})
    for briefing in added:
        if len(new_index.by_slug.get(briefing.article.slug, ())) > 1:
            return "its slug is taken"  # clash warnings, ambiguous wiki links
        if len(new_index.by_title.get(" ".join(briefing.title.split()).casefold(), ())) > 1:
            return "its title is taken"
        for term in briefing.terms:
            if known_terms.get(term.key) != term:  # a new page, or another spelling naming it
                return f"new term {term.taxonomy}/{term.slug}"
    for other in [*stored.briefings, *added]:  # every wiki link written resolves as it did
        for use in other.wiki_links:
            if new_index.resolve(use.written) != use.resolution:
                return f"a wiki link of {other.url} resolves anew"
    return None


def _last_filed(briefings: Sequence[Briefing], keys: set[tuple[str, str]]) -> dict[tuple[str, str], Term]:
    """The term of each of `keys` as the last of `briefings` filed under it has it (none
    for a key no briefing has). Looked for from the end, which stops once all are found:
    the terms of an addition are mostly common, and going through every term of the
    archive took 0.05 s at 10,000 briefings."""
    found: dict[tuple[str, str], Term] = {}
    for briefing in reversed(briefings):
        for term in briefing.terms:
            if term.key in keys and term.key not in found:
                found[term.key] = term
        if len(found) == len(keys):
            break
    return found


LINK_TARGETS = "link_targets"  # the store's state of where the archive's links lead (`link_targets`)


def link_targets(briefings: Iterable[Briefing]) -> frozenset[str]:
    """The output paths the relative links of `briefings` lead to (as links.resolve_internal
    gives them): all an addition needs of the archive's links (`link_check_moves`), kept
    for the whole archive in the store rather than with each briefing. A quick build adds
    those of the edited briefings, and keeps those their old text had: a path too many is
    only a full plan that was not needed."""
    return frozenset(
        target for briefing in briefings for link in briefing.links
        if (target := resolve_internal(briefing.url, link.href))
    )


def link_check_moves(stored: StoredSite, new_paths: set[str]) -> bool:
    """Whether a stored briefing links to one of `new_paths` (its dead-link warning goes),
    by the page's path or its folder (`../slug/` leads to `slug/index.html`)."""
    return not stored.link_targets.isdisjoint(targets_reaching(new_paths))


def assemble(
    stored: StoredSite, added: Sequence[Briefing], settings: Settings, new_index: WikiIndex, names: AutoLinkTerms,
) -> Site:
    """The site after the addition, as a full build assembles it; related lists ranked
    again only where the addition may change them (related.rank_after_adding)."""
    briefings = sorted([*stored.briefings, *added], key=newest_first)
    ranking = rank_after_adding(
        related_inputs(briefings), {b.url for b in added}, stored.ranking, settings.related_count
    )
    return assemble_site(settings, stored.vocabulary, briefings, new_index, names, ranking=ranking)


def same_span(stored: StoredSite, site: Site) -> bool:
    """Whether the archive spans the same periods (every timeline is drawn over them)."""
    old = sorted(b.date for b in stored.briefings)
    if not old:
        return False
    return periods_between(old[0], old[-1]) == periods_between(site.briefings[-1].date, site.briefings[0].date)


@dataclass(frozen=True)
class ChangedPages:
    pages: list[Page]  # planned again: the new pages and every page an addition may change
    page_order: list[str]  # every HTML page of the site after the addition


def own_pages_changed(stored: StoredSite, site: Site, added: Sequence[Briefing]) -> list[str]:
    """The briefings whose own page an addition may change: the added ones, their region
    neighbours, those whose backlinks name them, those whose related list changed."""
    added_urls = {b.url for b in added}
    articles: dict[str, None] = dict.fromkeys(b.url for b in added)
    for briefing in added:
        for neighbour in site.neighbours.get(briefing.url, (None, None)):
            if neighbour is not None:
                articles.setdefault(neighbour.url)
    for target, sources in site.backlinks.items():
        if any(source.url in added_urls for source in sources):
            articles.setdefault(target)
    assert site.ranking is not None  # an assembled site keeps its ranking
    before = stored.ranking.related
    for url, keys in site.ranking.related.items():
        if keys != before.get(url, ()):
            articles.setdefault(url)
    return list(articles)


def changed_pages(
    stored: StoredSite, site: Site, added: Sequence[Briefing], whole: dict[str, Briefing],
    world: WorldShapes | None,
) -> ChangedPages:
    """Plan the pages the addition of `added` to `stored` (giving `site`) may change.

    `whole` has the briefings (by address) whose own page is planned, with their bodies.
    The rules, each a superset of what can change:
    - the home page (latest, and every region's count);
    - the added briefings' pages, their region neighbours' pages (older and newer),
      the pages whose related list changed, and those their wiki links lead to (backlinks);
    - every page of every term of an added briefing (totals and page counts move).
      No other term page shows a count that moves: a region's map and list of countries
      count its own briefings, an actor's page its companions' briefings together with it,
      and an actor's country and a country's region are shown by name alone (pages.plan_term,
      figures.plan_figures);
    - the taxonomy indexes, the archive's index, and the added briefings' years and months.
    """
    terms = {term.key for b in added for term in b.terms}

    articles = own_pages_changed(stored, site, added)

    figures = plan_figures(site, world, only=terms)
    shared = shared_term_names(site)
    pages = [plan_home(site, figures)]
    pages += [plan_article(site, whole[url]) for url in articles]
    for taxonomy in TAXONOMIES:
        pages.append(plan_taxonomy_index(site, taxonomy))
        for slug, entry in site.terms[taxonomy].items():
            if (taxonomy, slug) in terms:
                pages += plan_term(site, entry, figures, qualified=entry.term.name.casefold() in shared)
    archive_paths = {urls.archive_index()}
    for briefing in added:
        archive_paths.add(urls.archive_year(briefing.date.year))
        month = urls.archive_month(briefing.date.replace(day=1))
        archive_paths.add(month)
    pages += plan_archive(site, only=archive_paths)

    # the page list, in a full build's order: home, articles (newest first), terms, archive, search, 404
    planned = {page.path for page in pages}
    new_paths = [page.path for page in pages if page.path not in stored.pages]
    order = _page_order(stored, site, new_paths)
    assert planned <= set(order)
    return ChangedPages(pages, order)


def _page_order(stored: StoredSite, site: Site, new_paths: list[str]) -> list[str]:
    """Every page's path after the addition. The order only needs to be stable: the
    sitemap sorts, the service worker's list sorts, and the writer claims each once."""
    return [*stored.pages, *sorted(new_paths)]
