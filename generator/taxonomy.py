"""content/taxonomy/{regions,actors}.yaml -> a `Vocabulary` of canonical names.

Editors and the ingest step write names as they find them ("Blinken", "US
Secretary of State Antony Blinken" is ingest's business; "Blinken" and
"Antony Blinken" are ours): every name or alias resolves to one canonical
entry, so an actor has one page however a briefing spells them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostics, display_path
from generator.models import ACTOR_KINDS, Actor, Country, Region
from generator.slugs import slugify
from generator.yamltext import YamlProblem, load_with_lines


def name_key(name: str) -> str:
    """The form names are compared in: case, accents, spacing and a leading 'the' ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    folded = re.sub(r"[\s\u00a0]+", " ", folded.replace("’", "'")).strip()
    return re.sub(r"^the ", "", folded)


@dataclass
class Vocabulary:
    regions: dict[str, Region] = field(default_factory=dict)  # by canonical name
    countries: dict[str, Country] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    _region_names: dict[str, str] = field(default_factory=dict)  # name_key -> canonical
    _country_names: dict[str, str] = field(default_factory=dict)
    _actor_names: dict[str, str] = field(default_factory=dict)

    def region(self, name: str) -> Region | None:
        canonical = self._region_names.get(name_key(name))
        return self.regions[canonical] if canonical else None

    def country(self, name: str) -> Country | None:
        canonical = self._country_names.get(name_key(name))
        return self.countries[canonical] if canonical else None

    def actor(self, name: str) -> Actor | None:
        canonical = self._actor_names.get(name_key(name))
        return self.actors[canonical] if canonical else None

    def actor_names(self) -> dict[str, str]:
        """Every known actor name and alias (as compared) -> canonical name."""
        return dict(self._actor_names)

    def country_names(self) -> dict[str, str]:
        return dict(self._country_names)

    def region_names(self) -> dict[str, str]:
        return dict(self._region_names)

    def suggestion(self, kind: str, name: str) -> str | None:
        """The canonical name closest to `name` among regions, countries or actors, if any is close."""
        names = {"region": self._region_names, "country": self._country_names, "actor": self._actor_names}[kind]
        close = difflib.get_close_matches(name_key(name), list(names), n=1, cutoff=0.75)
        return names[close[0]] if close else None


def _strings(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    return None


class _Registry:
    """Claims names for entries, reporting a name claimed by two entries."""

    def __init__(self, path: str, diagnostics: Diagnostics, what: str):
        self.path, self.diagnostics, self.what = path, diagnostics, what
        self.names: dict[str, str] = {}
        self.lines: dict[str, int] = {}

    def claim(self, name: str, canonical: str, line: int) -> None:
        key = name_key(name)
        if not key:
            return
        owner = self.names.get(key)
        if owner is not None and owner != canonical:
            self.diagnostics.error(
                self.path, line,
                f"{self.what} name {name!r} is already used by {owner!r} (line {self.lines[key]})",
                hint="a name or alias must point to one entry only",
            )
            return
        self.names[key] = canonical
        self.lines.setdefault(key, line)


class _Addresses:
    """Gives entries their page addresses (slugs), reporting one that is empty,
    not a slug, or already another entry's."""

    def __init__(self, path: str, diagnostics: Diagnostics, what: str):
        self.path, self.diagnostics, self.what = path, diagnostics, what
        self.owners: dict[str, tuple[str, int]] = {}

    def claim(self, name: str, written: Any, line: int) -> str:
        """The slug of entry `name`: `written` (its own 'slug:', if any) or the name slugged."""
        slug = str(written) if written else slugify(name)
        if not slug:
            self.diagnostics.error(
                self.path, line, f"{self.what} {name!r} gives no page address: nothing is left of it in one",
                hint="write the name with letters or digits, or give it a 'slug:'",
            )
        elif written and slugify(slug) != slug:
            self.diagnostics.error(
                self.path, line, f"{self.what} {name!r}: slug {slug!r} is not a page address",
                hint=f"use lower-case letters, digits and hyphens, e.g. {slugify(slug) or 'a-name'!r}",
            )
        elif slug in self.owners and self.owners[slug][0] != name:
            owner, owner_line = self.owners[slug]
            self.diagnostics.error(
                self.path, line,
                f"{self.what} {name!r} would share the page address {slug!r} with {owner!r} (line {owner_line})",
                hint="give one of them a 'slug:' of its own",
            )
        else:
            self.owners[slug] = (name, line)
        return slug


def parse_regions(text: str, path: str) -> tuple[Vocabulary, Diagnostics]:
    """regions.yaml: a list of regions, each with its countries (names or mappings)."""
    diagnostics = Diagnostics()
    vocabulary = Vocabulary()
    try:
        data, lines = load_with_lines(text)
    except YamlProblem as problem:
        diagnostics.error(path, problem.line, problem.message)
        return vocabulary, diagnostics
    if data is None:
        data = []
    if not isinstance(data, list):
        diagnostics.error(path, 1, "regions.yaml must be a list of regions ('- name: ...')")
        return vocabulary, diagnostics
    region_registry = _Registry(path, diagnostics, "region")
    country_registry = _Registry(path, diagnostics, "country")
    region_addresses = _Addresses(path, diagnostics, "region")
    country_addresses = _Addresses(path, diagnostics, "country")
    for index, entry in enumerate(data):
        line = lines.get((index,), 1)
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            diagnostics.error(path, line, "each region needs a 'name'")
            continue
        region_name = entry["name"].strip()
        region_registry.claim(region_name, region_name, line)
        country_names: list[str] = []
        raw_countries = entry.get("countries") or []
        if not isinstance(raw_countries, list):
            diagnostics.error(path, lines.get((index, "countries"), line), "'countries' must be a list")
            raw_countries = []
        for c_index, raw in enumerate(raw_countries):
            c_line = lines.get((index, "countries", c_index), line)
            if isinstance(raw, str):
                raw = {"name": raw}
            if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
                diagnostics.error(path, c_line, "each country is a name or has a 'name'")
                continue
            aliases = _strings(raw.get("aliases"))
            if aliases is None:
                diagnostics.error(path, c_line, "country 'aliases' must be a list of names")
                aliases = ()
            name = raw["name"].strip()
            if name in vocabulary.countries:
                diagnostics.error(path, c_line, f"country {name!r} is listed twice")
                continue
            vocabulary.countries[name] = Country(
                name=name, slug=country_addresses.claim(name, None, c_line), region=region_name,
                aliases=aliases, iso_code=str(raw.get("iso", "")), line=c_line,
            )
            country_names.append(name)
            for alias in (name, *aliases):
                country_registry.claim(alias, name, c_line)
        vocabulary.regions[region_name] = Region(
            name=region_name,
            slug=region_addresses.claim(region_name, entry.get("slug"), line),
            description=str(entry.get("description", "") or "").strip(),
            countries=tuple(country_names),
        )
    vocabulary._region_names = region_registry.names
    vocabulary._country_names = country_registry.names
    return vocabulary, diagnostics


def parse_actors(text: str, path: str, vocabulary: Vocabulary) -> Diagnostics:
    """actors.yaml: a list of actors; adds them to `vocabulary`."""
    diagnostics = Diagnostics()
    try:
        data, lines = load_with_lines(text)
    except YamlProblem as problem:
        diagnostics.error(path, problem.line, problem.message)
        return diagnostics
    if data is None:
        data = []
    if not isinstance(data, list):
        diagnostics.error(path, 1, "actors.yaml must be a list of actors ('- name: ...')")
        return diagnostics
    registry = _Registry(path, diagnostics, "actor")
    addresses = _Addresses(path, diagnostics, "actor")
    for index, entry in enumerate(data):
        line = lines.get((index,), 1)
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            diagnostics.error(path, line, "each actor needs a 'name'")
            continue
        name = entry["name"].strip()
        kind = entry.get("kind")
        if kind not in ACTOR_KINDS:
            diagnostics.error(
                path, lines.get((index, "kind"), line),
                f"actor {name!r}: 'kind' must be one of {', '.join(ACTOR_KINDS)}, not {kind!r}",
            )
            continue
        aliases = _strings(entry.get("aliases"))
        if aliases is None:
            diagnostics.error(path, lines.get((index, "aliases"), line), "'aliases' must be a list of names")
            aliases = ()
        country = str(entry.get("country", "") or "").strip()
        if country:
            known = vocabulary.country(country)
            if known is None:
                diagnostics.warning(
                    path, lines.get((index, "country"), line),
                    f"actor {name!r}: country {country!r} is not in regions.yaml",
                )
            else:
                country = known.name
        if name in vocabulary.actors:
            diagnostics.error(path, line, f"actor {name!r} is listed twice")
            continue
        vocabulary.actors[name] = Actor(
            name=name, slug=addresses.claim(name, entry.get("slug"), line), kind=kind, aliases=aliases,
            role=str(entry.get("role", "") or "").strip(), country=country,
            description=str(entry.get("description", "") or "").strip(),
        )
        for alias in (name, *aliases):
            registry.claim(alias, name, line)
    vocabulary._actor_names = registry.names
    return diagnostics


def _read(file: Path, display: str, diagnostics: Diagnostics) -> str | None:
    """A taxonomy file's text; None, with a warning when it is missing or an error when
    it cannot be read (an unreadable vocabulary must not quietly unknow every name)."""
    try:
        return file.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        diagnostics.warning(display, 0, "taxonomy file is missing; every name will be unknown")
    except OSError as exc:
        diagnostics.error(display, 0, f"cannot read the file: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        diagnostics.error(display, 0, f"file is not valid UTF-8 (byte {exc.start})", hint="re-save the file as UTF-8")
    return None


def load_vocabulary(content_dir: Path, root: Path) -> tuple[Vocabulary, Diagnostics]:
    """Read both taxonomy files; a missing file is an empty vocabulary, with a warning."""
    diagnostics = Diagnostics()
    taxonomy_dir = content_dir / "taxonomy"
    regions_file, actors_file = taxonomy_dir / "regions.yaml", taxonomy_dir / "actors.yaml"
    regions_text = _read(regions_file, display_path(regions_file, root), diagnostics)
    actors_text = _read(actors_file, display_path(actors_file, root), diagnostics)
    vocabulary = Vocabulary()
    if regions_text is not None:
        vocabulary, found = parse_regions(regions_text, display_path(regions_file, root))
        diagnostics.extend(found)
    if actors_text is not None:
        diagnostics.extend(parse_actors(actors_text, display_path(actors_file, root), vocabulary))
    return vocabulary, diagnostics
