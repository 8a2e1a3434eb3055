"""All articles -> the `Site`: resolved briefings, taxonomies, archives, links.

This is where names meet the vocabulary: "Blinken" becomes the Antony
Blinken term, whose page lists every briefing that names him by any alias.
Names the vocabulary does not know still get pages (an archive must not
drop facts), and are reported once each with the files that use them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable, Collection, Iterator, Mapping, Sequence, TypeVar

from generator import urls
from generator.config import Settings
from generator.diagnostics import Diagnostics
from generator.autolinks import AutoLinkTerms
from generator.bodies import BodyHtml, BodyJob, BodyReader, render_bodies
from generator.markdown import RenderedBody, shorten
from generator.models import Actor, Article, Briefing, Country, Region, Site, Term, TermEntry
from generator.related import Ranking, RelatedInput, rank_with_ceilings
from generator.slugs import slugify
from generator.taxonomy import Vocabulary
from generator.wikilinks import WikiIndex, WikiLinkUse, WikiTarget

Value = TypeVar("Value")

TAXONOMIES = ("regions", "countries", "actors", "tags", "sources")
TAXONOMY_LABELS = {
    "regions": ("Region", "Regions"),
    "countries": ("Country", "Countries"),
    "actors": ("Actor", "Actors"),
    "tags": ("Tag", "Tags"),
    "sources": ("Source", "Sources"),
}


def newest_first(briefing: Briefing) -> tuple:
    return (-briefing.date.toordinal(), briefing.title.casefold(), briefing.url)


_SINGULAR = {"regions": "region", "countries": "country", "actors": "actor", "tags": "tag", "sources": "source"}
_FIELDS = {"regions": "region", "countries": "countries", "actors": "actors", "tags": "tags", "sources": "source"}


class _Resolver:
    """Maps names to terms through the vocabulary; remembers unknown names and where."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.unknown: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
        # (taxonomy, slug) -> the first name given it, its whole (uncut) slug, and where it was met
        self.names_by_slug: dict[tuple[str, str], tuple[str, str, str]] = {}
        self.problems = Diagnostics()
        # one Term object per term, shared by every briefing filed under it: an archive of
        # 100,000 briefings would otherwise hold a million equal copies
        self._terms: dict[tuple[str, str, str], Term] = {}

    def term(self, taxonomy: str, name: str, slug: str) -> Term:
        key = (taxonomy, name, slug)
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = Term(taxonomy, name, slug)
        return found

    def free(self, taxonomy: str, name: str, article: Article) -> Term:
        """The page of a name the vocabulary does not list: its address is the name slugged.

        A name of which slugging leaves nothing ('..', '😀') has no address, and two names
        whose addresses are one only because they were cut at the length limit would
        share a page they do not share in meaning: both are errors at the field's line,
        not a page quietly dropped or merged. (Names that differ only in case or
        punctuation, 'Ceasefire' and 'ceasefire.', share a page on purpose.)
        """
        line = article.field_lines.get(_FIELDS[taxonomy], 1)
        slug = slugify(name)
        if not slug:
            self.problems.error(
                article.path, line,
                f"{_SINGULAR[taxonomy]} {name!r} gives no page address: nothing is left of it in one",
                hint="write the name with letters or digits",
            )
            return Term(taxonomy, name, "untitled")
        whole = slugify(name, max_length=0)
        # the first spelling seen (files are read in sorted order) names the page
        first, first_whole, first_path = self.names_by_slug.setdefault((taxonomy, slug), (name, whole, article.path))
        if first_whole != whole:
            self.problems.error(
                article.path, line,
                f"{_SINGULAR[taxonomy]} {name!r} would share the page {urls.term(taxonomy, slug)} with {first!r} "
                f"({first_path}): addresses are cut to {len(slug)} characters",
                hint="shorten one of the names so that they differ in their first words",
            )
        return self.term(taxonomy, first, slug)

    def region(self, name: str, article: Article) -> Term:
        return self._known("region", "regions", "region", self.vocabulary.region(name), name, article)

    def country(self, name: str, article: Article) -> Term:
        return self._known("country", "countries", "countries", self.vocabulary.country(name), name, article)

    def actor(self, name: str, article: Article) -> Term:
        return self._known("actor", "actors", "actors", self.vocabulary.actor(name), name, article)

    def _known(
        self, kind: str, taxonomy: str, field_name: str, entry: Region | Country | Actor | None, name: str,
        article: Article,
    ) -> Term:
        """The vocabulary's term for `entry`; for a name it does not know, a free term,
        and the use is kept for the report (on the line of `field_name`)."""
        if entry:
            return self.term(taxonomy, entry.name, entry.slug)
        self.unknown[(kind, name)].append((article.path, article.field_lines.get(field_name, 1)))
        return self.free(taxonomy, name, article)

    def report(self, diagnostics: Diagnostics) -> None:
        """The names that have no page of their own; then one warning per use of an
        unknown name, on the line of the field, with the nearest known name if one is close."""
        diagnostics.extend(self.problems)
        files = {"region": "regions.yaml", "country": "regions.yaml", "actor": "actors.yaml"}
        for (kind, name), uses in sorted(self.unknown.items()):
            suggestion = self.vocabulary.suggestion(kind, name)
            add = f"add it, or an alias for it, to content/taxonomy/{files[kind]}"
            hint = f"did you mean {suggestion!r}? Otherwise {add}" if suggestion else add
            # a region must be one of regions.yaml (README): a misspelt one would publish a region of its own
            report = diagnostics.error if kind == "region" else diagnostics.warning
            for path, line in sorted(set(uses)):
                report(path, line, f"{kind} {name!r} is not in the vocabulary", hint=hint)


def _unique(terms: list[Term]) -> tuple[Term, ...]:
    seen: dict[tuple[str, str], Term] = {}
    for term in terms:
        seen.setdefault(term.key, term)
    return tuple(seen.values())


@dataclass(frozen=True)
class _Filed:
    """An article with its address and terms, before its body is rendered."""

    article: Article
    url: str
    region: Term
    countries: tuple[Term, ...]
    actors: tuple[Term, ...]
    tags: tuple[Term, ...]
    source: Term | None

    @property
    def terms(self) -> tuple[Term, ...]:
        source = (self.source,) if self.source else ()
        return (self.region, *self.countries, *self.actors, *self.tags, *source)


def _file_articles(
    articles: list[Article], resolver: _Resolver, include_drafts: bool, diagnostics: Diagnostics
) -> list[_Filed]:
    """Give each included article its address and terms; report clashing addresses, slugs and titles."""
    filed: list[_Filed] = []
    by_url: dict[str, Article] = {}
    by_slug: dict[str, Article] = {}
    by_title: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.path):
        if article.draft:
            line = article.field_lines.get("draft", 1)
            if not include_drafts:
                diagnostics.note(article.path, line, "draft: left out of the site", hint="build with --drafts to preview it")
                continue
            diagnostics.note(article.path, line, "draft: included because of --drafts, with a draft banner")
        url = urls.article(article.date.year, article.slug)
        if url in by_url:
            diagnostics.error(
                article.path, 1,
                f"same address as {by_url[url].path}: both would be published at {url}",
                hint="rename one of the files",
            )
            continue
        by_url[url] = article
        if article.slug in by_slug:
            diagnostics.warning(
                article.path, 1,
                f"same slug as {by_slug[article.slug].path}: [[{article.slug}]] cannot tell them apart",
                hint=f"rename one of the files, or link with [[{article.date.year}/{article.slug}]]",
            )
        by_slug.setdefault(article.slug, article)
        title_key = " ".join(article.title.split()).casefold()
        if title_key in by_title:
            diagnostics.warning(
                article.path, article.field_lines.get("title", 1),
                f"same title as {by_title[title_key].path}",
                hint="readers cannot tell the two apart in lists and search results",
            )
        by_title.setdefault(title_key, article)
        filed.append(
            _Filed(
                article=article,
                url=url,
                region=resolver.region(article.region, article),
                countries=_unique([resolver.country(name, article) for name in article.countries]),
                actors=_unique([resolver.actor(name, article) for name in article.actors]),
                tags=_unique([resolver.free("tags", name, article) for name in article.tags]),
                source=resolver.free("sources", article.source, article) if article.source else None,
            )
        )
    return filed


def file_one(article: Article, vocabulary: Vocabulary) -> tuple[_Filed | None, Diagnostics]:
    """One article filed as `build_site` files it (address and terms), with what filing
    it alone reports: its own clashes cannot be seen here, its unknown names can."""
    diagnostics = Diagnostics()
    resolver = _Resolver(vocabulary)
    filed = _file_articles([article], resolver, False, diagnostics)
    resolver.report(diagnostics)
    return (filed[0] if filed else None), diagnostics


def wiki_index(articles: list[Article], included: set[str]) -> WikiIndex:
    """Every article, by slug and title; those not in this build (drafts) marked unpublished."""
    return WikiIndex.of(
        WikiTarget(
            slug=a.slug, title=a.title, url=urls.article(a.date.year, a.slug), year=a.date.year,
            published=a.path in included,
        )
        for a in sorted(articles, key=lambda a: a.path)
    )


def autolink_names(filed: list[_Filed], vocabulary: Vocabulary) -> AutoLinkTerms:
    """Names and aliases of known actors, countries and regions that have a page in this build."""
    with_pages = {term.key for f in filed for term in f.terms}
    names: dict[str, str] = {}

    def add(taxonomy: str, slug: str, spellings: tuple[str, ...]) -> None:
        if (taxonomy, slug) in with_pages:
            for spelling in spellings:
                names.setdefault(spelling, urls.term(taxonomy, slug))

    for actor in vocabulary.actors.values():
        add("actors", actor.slug, (actor.name, *actor.aliases))
    for country in vocabulary.countries.values():
        add("countries", country.slug, (country.name, *country.aliases))
    for region in vocabulary.regions.values():
        add("regions", region.slug, (region.name,))
    return AutoLinkTerms.of(names)


def body_job(url: str, article: Article) -> BodyJob:
    """The rendering of an article's body: its Markdown held, or read from its file when rendered."""
    if article.body_file:  # let go when read (content.load_articles)
        return BodyJob(url, "", article.autolinks, article.body_file, article.body_digest)
    return BodyJob(url, article.body, article.autolinks)


def briefing_of(filed: _Filed | Briefing, article: Article, rendered: RenderedBody) -> Briefing:
    """The briefing of an article filed (address and terms, as `filed` has them)
    with its body rendered."""
    return Briefing(
        article=article,
        url=filed.url,
        region=filed.region,
        countries=filed.countries,
        actors=filed.actors,
        tags=filed.tags,
        source=filed.source,
        body_html=rendered.html if isinstance(rendered.html, BodyHtml) else BodyHtml.of(rendered.html),
        summary=article.summary or shorten(rendered.first_paragraph),
        word_count=rendered.word_count,
        links=rendered.links,
        wiki_links=rendered.wiki_links,
    )


def body_diagnostics(article: Article, rendered: RenderedBody) -> Diagnostics:
    """What rendering one body found: a body too complex to render, and its wiki links."""
    diagnostics = Diagnostics()
    if rendered.problem is not None:
        diagnostics.error(
            article.path, article.body_line + rendered.problem.line, rendered.problem.message,
            hint="is this really one briefing? split it, or remove pasted material",
        )
    diagnostics.extend(wiki_link_diagnostics(article, rendered.wiki_links))
    return diagnostics


def wiki_link_diagnostics(article: Article, uses: Sequence[WikiLinkUse]) -> Diagnostics:
    """What the wiki links of one body call for: an error for one that leads nowhere,
    a warning for one to a briefing left out of this build (a draft)."""
    diagnostics = Diagnostics()
    for use in uses:
        line = article.body_line + use.line
        target = use.resolution.target
        if target is None:
            diagnostics.error(
                article.path, line, use.resolution.problem,
                hint="link with [[slug]], [[YEAR/slug]] or [[Exact title]]; see 'Wiki links' in the README",
            )
        elif not target.published:
            diagnostics.warning(article.path, line, use.resolution.problem, hint="it is shown as plain text")
    return diagnostics


def wiki_link_targets(url: str, uses: Sequence[WikiLinkUse]) -> tuple[str, ...]:
    """The published briefings (by address) the body of the briefing at `url` links
    to, in order, each once: the backlinks it gives."""
    targets: dict[str, None] = {}
    for use in uses:
        target = use.resolution.target
        if target is not None and target.published and target.url != url:
            targets.setdefault(target.url)
    return tuple(targets)


def build_site(
    articles: list[Article], vocabulary: Vocabulary, settings: Settings, include_drafts: bool = False,
    read_bodies: BodyReader = render_bodies,
) -> tuple[Site, Diagnostics]:
    """Resolve, read the bodies of, and cross-link every article. No file is written.

    Two passes: every article is first filed (address, terms) so that a body
    can link to any briefing and any term page, then every body is read by
    `read_bodies`, which gives what the site needs of each (summary, word count,
    links, wiki links) and, as it chooses, its HTML: `bodies.parse_bodies` renders
    nothing (`briefings check`); the build's renders each body as it parses it, on
    all cores, to the body cache (generator/incremental/fullplan.py), so that a body
    is parsed once; by default, bodies are rendered here and held.
    """
    diagnostics = Diagnostics()
    resolver = _Resolver(vocabulary)
    filed = _file_articles(articles, resolver, include_drafts, diagnostics)
    wiki = wiki_index(articles, {f.article.path for f in filed})
    names = autolink_names(filed, vocabulary)
    bodies = read_bodies(wiki, names, [body_job(f.url, f.article) for f in filed])

    briefings: list[Briefing] = []
    for f, rendered in zip(filed, bodies):
        diagnostics.extend(body_diagnostics(f.article, rendered))
        briefings.append(briefing_of(f, f.article, rendered))
    resolver.report(diagnostics)
    return assemble_site(settings, vocabulary, briefings, wiki, names), diagnostics


def related_inputs(briefings: Sequence[Briefing]) -> list[RelatedInput]:
    """What related ranking reads of each briefing (in the order given)."""
    return [
        RelatedInput(key=b.url, date=b.date, features=frozenset(t.key for t in (*b.actors, *b.countries, *b.tags)))
        for b in briefings
    ]


def _term_entry(term: Term, vocabulary: Vocabulary) -> TermEntry:
    """The entry of a term, no briefing filed under it yet: known to the vocabulary or not."""
    if term.taxonomy == "actors":
        actor = vocabulary.actors.get(term.name)
        return TermEntry(term, actor=actor, known=actor is not None)
    if term.taxonomy == "regions":
        return TermEntry(term, known=term.name in vocabulary.regions)
    if term.taxonomy == "countries":
        return TermEntry(term, known=term.name in vocabulary.countries)
    return TermEntry(term)


class OnDemand(Mapping[str, Value]):
    """A mapping over `keys` whose values are made by `make(key)` when first asked for, and kept."""

    def __init__(self, keys: Collection[str], make: Callable[[str], Value]):
        self._keys = keys
        self._make = make
        self._made: dict[str, Value] = {}

    def __getitem__(self, key: str) -> Value:
        found = self._made.get(key, _MISSING)
        if found is _MISSING:
            if key not in self._keys:
                raise KeyError(key)
            found = self._made[key] = self._make(key)
        return found  # type: ignore[return-value]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


_MISSING = object()


def _companions(actors: dict[str, TermEntry], slug: str) -> list[tuple[TermEntry, int]]:
    """The ten actors most often named with the actor `slug` (count of briefings, then name)."""
    counts: Counter[str] = Counter()
    seen: set[int] = set()
    for briefing in actors[slug].briefings:  # newest first, as the whole archive is counted
        if id(briefing) in seen:  # filed twice under it when it names the actor twice
            continue
        seen.add(id(briefing))
        for actor in briefing.actors:  # once for each time it names the actor
            if actor.slug == slug:
                counts.update(other.slug for other in briefing.actors if other.slug != slug)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], actors[kv[0]].term.name))
    return [(actors[other], count) for other, count in ranked][:10]


def assemble_site(
    settings: Settings, vocabulary: Vocabulary, briefings: list[Briefing], wiki: WikiIndex, names: AutoLinkTerms,
    ranking: Ranking | None = None,
) -> Site:
    """The site of `briefings` (filed and rendered): taxonomies, neighbours, related
    briefings, companions and backlinks. A function of the briefings alone (their order
    does not matter), so that adding one briefing to a site assembled before gives the
    site a full build gives (generator/incremental/addplan.py). `ranking` is the related ranking
    when already known (addplan ranks again only what an addition can change)."""
    briefings = sorted(briefings, key=newest_first)
    linked_from: dict[str, list[str]] = defaultdict(list)  # target url -> urls linking to it
    for briefing in briefings:
        for target in wiki_link_targets(briefing.url, briefing.wiki_links):
            linked_from[target].append(briefing.url)

    terms: dict[str, dict[str, TermEntry]] = {taxonomy: {} for taxonomy in TAXONOMIES}
    for briefing in briefings:
        for term in briefing.terms:
            entry = terms[term.taxonomy].get(term.slug)
            if entry is None:
                entry = terms[term.taxonomy][term.slug] = _term_entry(term, vocabulary)
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

    if ranking is None:
        ranking = rank_with_ceilings(related_inputs(briefings), settings.related_count)
    by_url = {b.url: b for b in briefings}
    # related lists and companions made when a page asks for them: a full build asks for
    # all, an addition (incremental/addplan.py) for the few pages it plans (0.09 s at 10,000)
    ranked = ranking.related
    related = OnDemand(ranked, lambda url: tuple(by_url[k] for k in ranked[url]))
    actors = terms["actors"]
    co_actors = OnDemand(actors, lambda slug: _companions(actors, slug))
    backlinks = {
        url: tuple(sorted((by_url[source] for source in sources), key=newest_first))
        for url, sources in linked_from.items()
    }
    return Site(
        settings, vocabulary, briefings, terms, neighbours, related, co_actors, backlinks,
        wiki_index=wiki, autolink_terms=names, ranking=ranking,
    )
