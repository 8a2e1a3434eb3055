"""The data passed between pipeline stages: plain frozen dataclasses, no I/O.

`Article` is one briefing as written by an editor (names as typed). The
vocabulary types (`Region`, `Country`, `Actor`) are the canonical entries of
`content/taxonomy/`. `site.py` joins the two into `Briefing`s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the model imports nothing of ours when it runs
    from generator.site import Briefing


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
