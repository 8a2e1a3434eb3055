"""The `Site` -> the list of pages to render: path, template and context.

Pure planning, no rendering: each `Page` names its template and hands it a
documented context (the keys listed on each `plan_*` function), plus what
`render.py` adds to every page (`site`, `page`, `link`, `asset`, `feed_links`).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import Counter
from dataclasses import replace
from typing import Any, Container, Iterator, Sequence

from generator import urls
from generator.bodies import html_of
from generator.config import validate_edit_url
from generator.figures import Figures
from generator.lede import lede
from generator.models import Briefing, Page, Pagination, Site, TermEntry, TermSummary
from generator.site import TAXONOMY_LABELS

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def paginate(items: Sequence[Any], per_page: int) -> list[Sequence[Any]]:
    if not items:
        return [items]
    return [items[start : start + per_page] for start in range(0, len(items), per_page)]


def _paged(
    items: Sequence[Briefing], per_page: int, path_of, template: str, title: str, context: dict[str, Any],
    description: str = "",
) -> list[Page]:
    chunks = paginate(items, per_page)
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        pagination = Pagination(
            number=number,
            count=len(chunks),
            previous=path_of(number - 1) if number > 1 else None,
            next=path_of(number + 1) if number < len(chunks) else None,
            total_items=len(items),
        )
        page_title = title if number == 1 else f"{title} (page {number} of {len(chunks)})"
        pages.append(
            Page(
                path=path_of(number),
                template=template,
                title=page_title,
                context={**context, "briefings": list(chunk), "pagination": pagination},
                description=description,
                lastmod=items[0].date if items else None,
            )
        )
    return pages


def month_label(year: int, month: int) -> str:
    return f"{MONTH_NAMES[month - 1]} {year}"


def plan_home(site: Site, figures: Figures = Figures()) -> Page:
    """home.html: `latest` (briefings), `regions` (list of (TermSummary, latest Briefing)),
    `figures` (pictures: timeline by region, world map)."""
    regions = [(entry.summary(), entry.briefings[0]) for entry in site.terms["regions"].values()]
    regions.sort(key=lambda pair: (-pair[1].date.toordinal(), pair[0].term.name))
    return Page(
        path=urls.home(),
        template="home.html",
        title=site.settings.title,
        # every page has a description; the home page's, without `description`, says what the site is
        description=site.settings.description or f"{site.settings.title}: briefings on crises and conflicts by region, country and actor",
        context={
            "latest": site.briefings[: site.settings.home_latest], "regions": regions, "figures": figures.home,
        },
        lastmod=site.briefings[0].date if site.briefings else None,
    )


def plan_article(site: Site, briefing: Briefing) -> Page:
    """article.html: `briefing`, `older`/`newer` (same region or None), `related`, `edit_url`,
    `backlinks` (briefings whose wiki links lead here, newest first), `lede` (the summary
    to show above the text, "" when it only repeats the opening: generator/lede.py)."""
    older, newer = site.neighbours.get(briefing.url, (None, None))
    pattern = site.settings.edit_url  # checked with the settings; again here, as no other address may become the link
    edit_url = pattern.replace("{path}", briefing.article.path) if pattern and validate_edit_url(pattern) is None else ""
    return article_page(
        {
            "briefing": briefing,
            "older": older,
            "newer": newer,
            "related": site.related.get(briefing.url, ()),
            "backlinks": site.backlinks.get(briefing.url, ()),
            "edit_url": edit_url,
        }
    )


def article_page(context: dict[str, Any]) -> Page:
    """The page of `context["briefing"]`: a quick build (text edits only) plans it
    again from the context the last build planned, with the edited briefing in it."""
    briefing: Briefing = context["briefing"]
    summary = briefing.article.summary
    # without a summary of its own there is nothing to compare with the opening: the
    # body is not read from the body cache for it (it is, once more, to render the page)
    shown = lede(summary, html_of(briefing.body_html)) if summary else ""
    return Page(
        path=briefing.url,
        template="article.html",
        title=briefing.title,
        description=briefing.summary,
        searchable=True,
        context={**context, "lede": shown},
        lastmod=(briefing.article.updated.date() if briefing.article.updated else briefing.date),
    )


def plan_term(site: Site, entry: TermEntry, figures: Figures = Figures(), qualified: bool = False) -> list[Page]:
    """term.html: `entry` (TermSummary), `taxonomy`, `label`, `briefings` (this page's,
    which the template groups by month with `by_month`, for the timeline), `pagination`,
    `figures` (pictures, on the first page only),
    and per taxonomy: `region_countries` (regions: TermSummary, its count the region's briefings
    that name the country), `co_actors` (actors:
    list of (Term, briefings together)) and `actor_country` (actors: Term or None), `country_region`
    (countries: Term or None).

    Each carries only what the page shows: a page's fingerprint follows its context, so
    a companion's or a country's own count, which the page does not show, would have an
    addition render it again for nothing (generator/addplan.py plans by these rules).
    Nor does it carry what follows from the rest: the months its briefings fall in are
    grouped as the page renders, not fingerprinted and stored beside the briefings again.
    """
    taxonomy = entry.term.taxonomy
    context: dict[str, Any] = {
        "entry": entry.summary(),
        "taxonomy": taxonomy,
        "label": TAXONOMY_LABELS[taxonomy][0],
        "feed": urls.feed(entry.term.slug) if taxonomy == "regions" else None,
    }
    description = ""
    if taxonomy == "regions":
        region = site.vocabulary.regions.get(entry.term.name)
        description = region.description if region else ""
        # each with the number of the region's briefings that name it, as a facet counts
        # within the list it narrows (and as an actor's companions count briefings together)
        named = Counter(t for b in entry.briefings for t in b.countries)
        context["region_countries"] = [
            replace(site.terms["countries"][c.slug].summary(), count=named[c])
            for c in sorted(named, key=lambda t: t.name.casefold())
        ]
    elif taxonomy == "actors":
        context["co_actors"] = [(other.term, count) for other, count in site.co_actors.get(entry.term.slug, [])]
        actor = entry.actor
        country = site.vocabulary.countries.get(actor.country) if actor and actor.country else None
        found = site.terms["countries"].get(country.slug) if country else None
        context["actor_country"] = found.term if found else None
        description = actor.role if actor else ""
    elif taxonomy == "countries":
        country = site.vocabulary.countries.get(entry.term.name)
        region = site.vocabulary.regions.get(country.region) if country else None
        found = site.terms["regions"].get(region.slug) if region else None
        context["country_region"] = found.term if found else None
    context["description"] = description
    pages = _paged(
        entry.briefings,
        site.settings.per_page,
        lambda n: urls.term(taxonomy, entry.term.slug, n),
        "term.html",
        # a name two taxonomies share gets its kind, so the two pages' titles differ
        f"{entry.term.name} ({TAXONOMY_LABELS[taxonomy][0].lower()})" if qualified else entry.term.name,
        context,
        description=description or f"Briefings on {entry.term.name}",
    )
    return [
        Page(
            path=page.path, template=page.template, title=page.title, description=page.description,
            lastmod=page.lastmod,
            context={**page.context, "figures": figures.of(entry) if number == 0 else ()},
        )
        for number, page in enumerate(pages)
    ]


def group_by_month(briefings: Sequence[Briefing]) -> list[tuple[str, str, list[Briefing]]]:
    """(label, archive path, briefings) per month, in the order given (newest first): a
    term page's timeline (`by_month` in templates)."""
    groups: list[tuple[str, str, list[Briefing]]] = []
    for briefing in briefings:
        label, path = _month_heading(briefing.date.year, briefing.date.month)
        if not groups or groups[-1][0] != label:
            groups.append((label, path, []))
        groups[-1][2].append(briefing)
    return groups


@functools.lru_cache(maxsize=None)
def _month_heading(year: int, month: int) -> tuple[str, str]:
    """A month's label and archive path, one copy of each for every page that shows the month."""
    return month_label(year, month), urls.archive_month(dt.date(year, month, 1))


def plan_taxonomy_index(site: Site, taxonomy: str) -> Page:
    """taxonomy_index.html: `taxonomy`, `label`, `groups` (list of (heading, [TermSummary]))."""
    entries = [entry.summary() for entry in site.terms[taxonomy].values()]
    groups: list[tuple[str, list[TermSummary]]]
    if taxonomy == "countries":
        by_region: dict[str, list[TermSummary]] = {}
        for entry in entries:
            country = site.vocabulary.countries.get(entry.term.name)
            by_region.setdefault(country.region if country else "Other", []).append(entry)
        groups = sorted(by_region.items(), key=lambda kv: (kv[0] == "Other", kv[0]))
    elif taxonomy == "actors":
        kinds = {"person": "People", "organisation": "Organisations", "state": "States",
                 "armed group": "Armed groups"}
        by_kind: dict[str, list[TermSummary]] = {}
        for entry in entries:
            heading = kinds[entry.actor.kind] if entry.actor else "Not yet in the vocabulary"
            by_kind.setdefault(heading, []).append(entry)
        order = [*kinds.values(), "Not yet in the vocabulary"]
        groups = [(heading, by_kind[heading]) for heading in order if heading in by_kind]
    else:
        groups = [("", entries)]
    label = TAXONOMY_LABELS[taxonomy][1]
    return Page(
        path=urls.taxonomy_index(taxonomy),
        template="taxonomy_index.html",
        title=label,
        description=f"All {label.lower()} in the archive",
        context={"taxonomy": taxonomy, "label": label, "groups": groups},
    )


def plan_archive(site: Site, only: Container[str] | None = None) -> list[Page]:
    """archive.html: `level` ("all", "year" or "month"), `counts` ({year: {month: number of
    briefings}}), `years` ({year: {month: briefings}}, the year level's one year; empty
    otherwise), `year`, `month_title`, `briefings` and `pagination` (month level).

    The page of all years gets numbers, not briefings: it shows no briefing, and a page's
    fingerprint (incremental builds) follows its context, so an edit to one briefing
    does not re-render it. With `only`, the paths of the index, year and month pages
    wanted (a month's with its further pages): an addition plans its own year and month.
    """
    months = site.months()
    counts = {year: {month: len(items) for month, items in by_month.items()} for year, by_month in months.items()}
    pages = []
    if only is None or urls.archive_index() in only:
        pages.append(Page(
            path=urls.archive_index(), template="archive.html", title="Archive",
            description="Every briefing, by year and month",
            context={"level": "all", "counts": counts, "years": {}, "year": None, "month_title": ""},
        ))
    for year, by_month in months.items():
        if only is None or urls.archive_year(year) in only:
            pages.append(Page(
                path=urls.archive_year(year), template="archive.html", title=f"Archive: {year}",
                description=f"Briefings of {year}",
                context={
                    "level": "year", "counts": {year: counts[year]}, "years": {year: by_month}, "year": year,
                    "month_title": "",
                },
            ))
        for month, briefings in by_month.items():
            first = dt.date(year, month, 1)
            if only is not None and urls.archive_month(first) not in only:
                continue
            title = month_label(year, month)
            pages.extend(
                _paged(
                    briefings, site.settings.per_page,
                    lambda n, first=first: urls.archive_month(first) if n == 1
                    else urls.archive_month(first).replace("index.html", f"page/{n}/index.html"),
                    "archive.html", f"Archive: {title}",
                    {"level": "month", "counts": {}, "years": {}, "year": year, "month_title": title},
                    description=f"Briefings of {title}",
                )
            )
    return pages


def plan_pages(site: Site, figures: Figures = Figures()) -> list[Page]:
    """Every HTML page of the site, in a stable order; `figures` are the pictures
    (figures.plan_figures), none when not given."""
    return list(iter_pages(site, figures))


def iter_pages(site: Site, figures: Figures = Figures()) -> Iterator[Page]:
    """The pages of `plan_pages`, each planned when asked for: a build renders them
    as they are planned, in batches, rather than hold every page's context at once."""
    yield plan_home(site, figures)
    for briefing in site.briefings:
        yield plan_article(site, briefing)
    shared = shared_term_names(site)
    for taxonomy in site.terms:
        yield plan_taxonomy_index(site, taxonomy)
        for entry in site.terms[taxonomy].values():
            yield from plan_term(site, entry, figures, qualified=entry.term.name.casefold() in shared)
    yield from plan_archive(site)
    # a search page holds no content of its own: kept out of search engines and the sitemap
    yield Page(path=urls.search(), template="search.html", title="Search",
               description="Search every briefing", context={}, indexable=False)
    yield Page(path="404.html", template="404.html", title="Page not found",
               description="This address has no briefing", context={}, indexable=False)


def page_paths(site: Site) -> list[str]:
    """The paths of `plan_pages`, in its order, without planning a page: what the link
    check needs, before any page is planned (a test holds the two equal)."""
    per_page = site.settings.per_page
    paths = [urls.home(), *(briefing.url for briefing in site.briefings)]
    for taxonomy, entries in site.terms.items():
        paths.append(urls.taxonomy_index(taxonomy))
        for entry in entries.values():
            paths += [urls.term(taxonomy, entry.term.slug, n) for n in range(1, page_count(len(entry.briefings), per_page) + 1)]
    paths.append(urls.archive_index())
    for year, by_month in site.months().items():
        paths.append(urls.archive_year(year))
        for month, briefings in by_month.items():
            first = urls.archive_month(dt.date(year, month, 1))
            paths += [
                first if n == 1 else first.replace("index.html", f"page/{n}/index.html")
                for n in range(1, page_count(len(briefings), per_page) + 1)
            ]
    return [*paths, urls.search(), "404.html"]


def shared_term_names(site: Site) -> set[str]:
    """Names (case-folded) that pages of more than one taxonomy carry, like a country
    and an actor both called "United Arab Emirates"."""
    taxonomies_of: dict[str, set[str]] = {}
    for taxonomy, entries in site.terms.items():
        for entry in entries.values():
            taxonomies_of.setdefault(entry.term.name.casefold(), set()).add(taxonomy)
    return {name for name, found in taxonomies_of.items() if len(found) > 1}


def page_count(items: int, per_page: int) -> int:
    return max(1, math.ceil(items / per_page))
