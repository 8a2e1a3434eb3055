"""The data passed between pipeline stages: plain frozen dataclasses, no I/O.

`Article` is one briefing as written by an editor (names as typed). The
vocabulary types (`Region`, `Country`, `Actor`) are the canonical entries of
`content/taxonomy/`. `site.py` joins the two into `Briefing`s, filed under
`TermEntry`s, in the `Site`; `pages.py` plans the site's `Page`s and `feeds.py`
its `FeedPlan`s; the plan store keeps a `BriefingRecord` of each briefing
(generator/incremental/planstore.py). `BuildOptions` is what a build is asked
to do.

Values of other modules appear here in annotations only: the model imports
nothing of ours when it runs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from generator.autolinks import AutoLinkTerms
    from generator.bodies import Html
    from generator.config import Settings
    from generator.diagnostics import Diagnostic
    from generator.markdown import LinkUse
    from generator.related import Ranking
    from generator.taxonomy import Vocabulary
    from generator.wikilinks import WikiIndex, WikiLinkUse


@dataclass(frozen=True)
class Article:
    """One briefing file, validated but not yet resolved against the vocabulary."""

    path: str  # relative to the project root, as shown in messages
    slug: str
    title: str
    date: dt.date
    region: str
    body: str
    body_line: int  # 1-based line of the body's first line in the file
    updated: dt.datetime | None = None
    countries: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    source: str = ""
    source_url: str = ""
    summary: str = ""
    language: str = ""  # BCP 47 code when the text is not in the site's language
    draft: bool = False
    review: tuple[str, ...] = ()  # notes for the editor on what is uncertain
    autolinks: bool = True  # link first mentions of known names in the body
    # line of each frontmatter key, so later stages can point at the right line
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    # digest of the file's path and text, of which every field above is a function; lets
    # incremental builds tell an article unchanged without walking it ("" when not from a file)
    source_digest: str = field(default="", compare=False, hash=False, repr=False)
    # the digest of `body` (content.body_digest), by which the body cache knows a body; and
    # the file to read the body from again when a build has let the Markdown go (`body` is
    # then ""): a build holds no briefing's Markdown but the few it is rendering ("" when
    # the body is held, or not from a file)
    body_digest: str = field(default="", compare=False, hash=False, repr=False)
    body_file: str = field(default="", compare=False, hash=False, repr=False)


ACTOR_KINDS = ("person", "organisation", "state", "armed group")


@dataclass(frozen=True)
class Country:
    name: str
    slug: str
    region: str  # canonical region name
    aliases: tuple[str, ...] = ()
    iso_code: str = ""
    line: int = field(default=0, compare=False)  # in regions.yaml, for messages


@dataclass(frozen=True)
class Region:
    name: str
    slug: str
    description: str = ""
    countries: tuple[str, ...] = ()  # canonical country names


@dataclass(frozen=True)
class Actor:
    name: str
    slug: str
    kind: str
    aliases: tuple[str, ...] = ()
    role: str = ""
    country: str = ""  # canonical country name, when the actor has one
    description: str = ""


@dataclass(frozen=True)
class Term:
    """A value of one of the archive's taxonomies, as it gets a page."""

    taxonomy: str  # "regions", "countries", "actors", "tags" or "sources"
    name: str
    slug: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.taxonomy, self.slug)


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
    body_html: Html  # a BodyHtml in a build: read from the body cache where shown (generator/bodies.py)
    summary: str  # plain text
    word_count: int
    # Markdown links written in the body, for the link check; a function of the body text,
    # so page fingerprints (incremental builds) skip it
    links: tuple[LinkUse, ...] = field(default=(), metadata={"derived": True})
    # wiki links written in the body, as resolved: for its diagnostics and backlinks
    wiki_links: tuple[WikiLinkUse, ...] = field(default=(), metadata={"derived": True})

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


@dataclass(frozen=True)
class TermEntry:
    """A term and the briefings filed under it, newest first."""

    term: Term
    briefings: list[Briefing] = field(default_factory=list)
    actor: Actor | None = None  # vocabulary entry, for actors
    known: bool = True  # False when the vocabulary does not list it
    # the last summary made: every page listing the term shows one, and one copy will do
    _summary: TermSummary | None = field(default=None, repr=False, compare=False, metadata={"derived": True})

    def summary(self) -> TermSummary:
        made = self._summary
        if made is None or (made.term, made.actor, made.known, made.count) != (
            self.term, self.actor, self.known, len(self.briefings)
        ):
            made = TermSummary(self.term, self.actor, self.known, len(self.briefings))
            object.__setattr__(self, "_summary", made)  # a cache of a value, not a change of the entry
        return made


@dataclass(frozen=True)
class TermSummary:
    """A term as lists of terms show it: name, vocabulary entry, number of briefings.

    Pages get this rather than the TermEntry, whose briefings they do not
    show: a page's fingerprint (incremental builds) then follows what it
    shows, and editing one briefing does not re-render every list of terms.
    """

    term: Term
    actor: Actor | None
    known: bool
    count: int


@dataclass(frozen=True)
class Site:
    settings: Settings
    vocabulary: Vocabulary
    briefings: list[Briefing]  # newest first
    terms: dict[str, dict[str, TermEntry]]  # taxonomy -> slug -> entry, sorted by name
    neighbours: dict[str, tuple[Briefing | None, Briefing | None]]  # url -> (older, newer) in region
    related: Mapping[str, tuple[Briefing, ...]]
    co_actors: Mapping[str, list[tuple[TermEntry, int]]]  # actor slug -> most frequent companions (none: [])
    backlinks: dict[str, tuple[Briefing, ...]] = field(default_factory=dict)  # url -> briefings wiki-linking to it
    # what bodies were rendered with: every briefing's slug and title, and the linked names
    wiki_index: WikiIndex | None = None
    autolink_terms: AutoLinkTerms | None = None
    ranking: Ranking | None = None  # the related ranking with its ceilings, kept for additions

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


@dataclass(frozen=True)
class Pagination:
    number: int
    count: int
    previous: str | None  # output path
    next: str | None
    total_items: int


@dataclass(frozen=True)
class Page:
    path: str  # output path, e.g. "regions/south-caucasus/index.html"
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    description: str = ""
    searchable: bool = False  # only briefings are search results
    indexable: bool = True  # False: `noindex` for search engines, and not in the sitemap
    # pages whose output depends on this page's content (used by feeds & sitemap)
    lastmod: dt.date | None = None


@dataclass(frozen=True)
class BuildOptions:
    """What `briefings build` is asked to do (the settings say the rest)."""

    root: Path
    out_dir: Path | None = None  # default: settings.output_dir under root
    base_url: str | None = None  # overrides settings.base_url
    drafts: bool = False
    search: bool = True
    offline: bool = False  # also write the offline edition, <site>-offline.zip
    clean: bool = False  # ignore the build cache: read, render and index everything
    jobs: int = 0  # worker processes for rendering; 0: one per core


@dataclass(frozen=True)
class FeedPlan:
    """An Atom feed as planned: what feeds.atom_feed is given."""

    path: str
    title: str
    page_path: str  # the page the feed is the feed of
    briefings: tuple[Briefing, ...]  # its entries, newest first


@dataclass(frozen=True)
class BriefingRecord:
    briefing: Briefing
    # what its file and body gave: parse findings, wiki-link and link-check diagnostics;
    # a quick build replaces these, and keeps the file's others (vocabulary, clashes)
    body_diagnostics: tuple[Diagnostic, ...]
    # the briefing's fingerprint (generator/incremental/fingerprint.py), so that the stored briefing,
    # kept without its body, fingerprints as the whole one does
    fingerprint: str = ""
    # its rendered body's key in the build cache's body cache (generator/bodies.py), where
    # the body is kept once: its own page, the one page that shows it, loads it from there
    body_key: str = ""
