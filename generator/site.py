"""All articles -> the `Site`: resolved briefings, taxonomies, archives, links.

This is where names meet the vocabulary: "Blinken" becomes the Antony
Blinken term, whose page lists every briefing that names him by any alias.
Names the vocabulary does not know still get pages (an archive must not
drop facts), and are reported once each with the files that use them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from generator import urls
from generator.config import Settings
from generator.diagnostics import Diagnostics
from generator.markdown import render_body, shorten
from generator.models import Actor, Article, Term
from generator.related import RelatedInput, rank_related
from generator.slugs import slugify
from generator.taxonomy import Vocabulary

TAXONOMIES = ("regions", "countries", "actors", "tags", "sources")
TAXONOMY_LABELS = {
    "regions": ("Region", "Regions"),
    "countries": ("Country", "Countries"),
    "actors": ("Actor", "Actors"),
    "tags": ("Tag", "Tags"),
    "sources": ("Source", "Sources"),
}


@dataclass(frozen=True)
class Briefing:
    """An article resolved against the vocabulary and rendered to HTML."""

    article: Article
    url: str  # output path of its page
    region: Term
    countries: tuple[Term, ...]
    actors: tuple[Term, ...]
    tags: tuple[Term, ...]
    source: Term | None
    body_html: str
    summary: str  # plain text
    word_count: int

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def date(self) -> dt.date:
        return self.article.date

    @property
    def terms(self) -> tuple[Term, ...]:
        source = (self.source,) if self.source else ()
        return (self.region, *self.countries, *self.actors, *self.tags, *source)


@dataclass
class TermEntry:
    """A term and the briefings filed under it, newest first."""

    term: Term
    briefings: list[Briefing] = field(default_factory=list)
    actor: Actor | None = None  # vocabulary entry, for actors
    known: bool = True  # False when the vocabulary does not list it


@dataclass
class Site:
    settings: Settings
    vocabulary: Vocabulary
    briefings: list[Briefing]  # newest first
    terms: dict[str, dict[str, TermEntry]]  # taxonomy -> slug -> entry, sorted by name
    neighbours: dict[str, tuple[Briefing | None, Briefing | None]]  # url -> (older, newer) in region
    related: dict[str, tuple[Briefing, ...]]
    co_actors: dict[str, list[tuple[TermEntry, int]]]  # actor slug -> most frequent companions

    def entry(self, term: Term) -> TermEntry:
        return self.terms[term.taxonomy][term.slug]

    def months(self) -> dict[int, dict[int, list[Briefing]]]:
        """year -> month -> briefings, newest first at every level."""
        grouped: dict[int, dict[int, list[Briefing]]] = defaultdict(lambda: defaultdict(list))
        for briefing in self.briefings:
            grouped[briefing.date.year][briefing.date.month].append(briefing)
        return {
            year: {month: grouped[year][month] for month in sorted(grouped[year], reverse=True)}
            for year in sorted(grouped, reverse=True)
        }


def newest_first(briefing: Briefing) -> tuple:
    return (-briefing.date.toordinal(), briefing.title.casefold(), briefing.url)


class _Resolver:
    """Maps names to terms through the vocabulary; remembers unknown names and where."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.unknown: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.names_by_slug: dict[tuple[str, str], str] = {}

    def free(self, taxonomy: str, name: str) -> Term:
        slug = slugify(name) or "untitled"
        # the first spelling seen (files are read in sorted order) names the page
        display = self.names_by_slug.setdefault((taxonomy, slug), name)
        return Term(taxonomy, display, slug)

    def region(self, name: str, path: str) -> Term:
        region = self.vocabulary.region(name)
        if region:
            return Term("regions", region.name, region.slug)
        self.unknown[("region", name)].append(path)
        return self.free("regions", name)

    def country(self, name: str, path: str) -> Term:
        country = self.vocabulary.country(name)
        if country:
            return Term("countries", country.name, country.slug)
        self.unknown[("country", name)].append(path)
        return self.free("countries", name)

    def actor(self, name: str, path: str) -> Term:
        actor = self.vocabulary.actor(name)
        if actor:
            return Term("actors", actor.name, actor.slug)
        self.unknown[("actor", name)].append(path)
        return self.free("actors", name)

    def report(self, diagnostics: Diagnostics) -> None:
        files = {"region": "regions.yaml", "country": "regions.yaml", "actor": "actors.yaml"}
        for (kind, name), paths in sorted(self.unknown.items()):
            listed = ", ".join(sorted(set(paths)))
            diagnostics.warning(
                f"content/taxonomy/{files[kind]}", 0,
                f"{kind} {name!r} is not in the vocabulary (used in {listed})",
                hint=f"add it, or an alias for it, to content/taxonomy/{files[kind]}",
            )


def _unique(terms: list[Term]) -> tuple[Term, ...]:
    seen: dict[tuple[str, str], Term] = {}
    for term in terms:
        seen.setdefault(term.key, term)
    return tuple(seen.values())


def build_site(
    articles: list[Article], vocabulary: Vocabulary, settings: Settings, include_drafts: bool = False
) -> tuple[Site, Diagnostics]:
    """Resolve, render and cross-link every article. Pure: no file is read or written."""
    diagnostics = Diagnostics()
    resolver = _Resolver(vocabulary)
    briefings: list[Briefing] = []
    by_url: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.path):
        if article.draft and not include_drafts:
            continue
        url = urls.article(article.date.year, article.slug)
        if url in by_url:
            diagnostics.error(
                article.path, 1,
                f"same address as {by_url[url].path}: both would be published at {url}",
                hint="rename one of the files",
            )
            continue
        by_url[url] = article
        rendered = render_body(article.body)
        briefings.append(
            Briefing(
                article=article,
                url=url,
                region=resolver.region(article.region, article.path),
                countries=_unique([resolver.country(name, article.path) for name in article.countries]),
                actors=_unique([resolver.actor(name, article.path) for name in article.actors]),
                tags=_unique([resolver.free("tags", name) for name in article.tags if slugify(name)]),
                source=resolver.free("sources", article.source) if slugify(article.source) else None,
                body_html=rendered.html,
                summary=article.summary or shorten(rendered.first_paragraph),
                word_count=rendered.word_count,
            )
        )
    resolver.report(diagnostics)
    briefings.sort(key=newest_first)

    terms: dict[str, dict[str, TermEntry]] = {taxonomy: {} for taxonomy in TAXONOMIES}
    for briefing in briefings:
        for term in briefing.terms:
            entry = terms[term.taxonomy].get(term.slug)
            if entry is None:
                entry = terms[term.taxonomy][term.slug] = TermEntry(term)
                if term.taxonomy == "actors":
                    entry.actor = vocabulary.actors.get(term.name)
                    entry.known = entry.actor is not None
                elif term.taxonomy == "regions":
                    entry.known = term.name in vocabulary.regions
                elif term.taxonomy == "countries":
                    entry.known = term.name in vocabulary.countries
            entry.briefings.append(briefing)
    terms = {
        taxonomy: dict(sorted(entries.items(), key=lambda item: (item[1].term.name.casefold(), item[0])))
        for taxonomy, entries in terms.items()
    }

    neighbours: dict[str, tuple[Briefing | None, Briefing | None]] = {}
    for entry in terms["regions"].values():
        ordered = entry.briefings  # newest first
        for index, briefing in enumerate(ordered):
            older = ordered[index + 1] if index + 1 < len(ordered) else None
            newer = ordered[index - 1] if index > 0 else None
            neighbours[briefing.url] = (older, newer)

    related_keys = rank_related(
        [
            RelatedInput(
                key=b.url,
                date=b.date,
                features=frozenset(t.key for t in (*b.actors, *b.countries, *b.tags)),
            )
            for b in briefings
        ],
        settings.related_count,
    )
    by_key = {b.url: b for b in briefings}
    related = {key: tuple(by_key[k] for k in keys) for key, keys in related_keys.items()}

    co_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for briefing in briefings:
        for actor in briefing.actors:
            for other in briefing.actors:
                if other.slug != actor.slug:
                    co_counts[actor.slug][other.slug] += 1
    co_actors = {
        slug: [
            (terms["actors"][other], count)
            for other, count in sorted(counts.items(), key=lambda kv: (-kv[1], terms["actors"][kv[0]].term.name))
        ][:10]
        for slug, counts in co_counts.items()
    }
    site = Site(settings, vocabulary, briefings, terms, neighbours, related, co_actors)
    return site, diagnostics
