"""Fields of a briefing from a cleaned article: source, countries, region, places.

Pure functions over text and the vocabulary; titles are in titles.py, dates in dates.py and actors in
actors.py, so each can be read and tested alone.
"""

from __future__ import annotations

import re
from collections import Counter

from generator.ingest.actors import ORG_WORDS, TITLE_WORDS, LEADING_WORDS, NON_NAME_WORDS, ActorsFound
from generator.ingest.countries import DEMONYMS, CountryMention
from generator.taxonomy import Vocabulary


def choose_region(countries: list[str], vocabulary: Vocabulary) -> str:
    """The region of the first-ranked country that has one."""
    for name in countries:
        country = vocabulary.country(name)
        if country:
            return country.region
    return ""


def rank_regions(mentions: list[CountryMention], vocabulary: Vocabulary) -> list[str]:
    counts: Counter[str] = Counter()
    for mention in mentions:
        country = vocabulary.country(mention.name)
        if country:
            counts[country.region] += 1
    return [region for region, _ in counts.most_common()]


_PLACE_SUFFIX = r"(?:District|Districts|Province|Provinces|Governorate|Governorates|Region|Oblast|Raion|Municipality|County|Valley|Corridor)"
_PLACE_NAME = r"[A-Z][a-zà-ÿəı’'\-]+(?:\s+[A-Z][a-zà-ÿəı’'\-]+)?"
_PREPOSITION_PLACE = re.compile(
    rf"\b(?:in|near|at|from|to|towards|around|outside|inside|into|of|direction of|city of|town of|village of|port of)\s+"
    rf"(?P<first>{_PLACE_NAME})(?P<more>(?:\s*,\s*{_PLACE_NAME})*(?:\s*,?\s+and\s+{_PLACE_NAME})?)(?:\s+{_PLACE_SUFFIX})?"
)
_LIST_PLACE = re.compile(
    rf"\b(?:are|were|include|including|in)\s+(?P<first>{_PLACE_NAME})(?P<more>(?:\s*,\s*{_PLACE_NAME})+\s*,?\s+and\s+{_PLACE_NAME})"
)
_SUFFIXED = re.compile(rf"(?P<name>{_PLACE_NAME})\s+{_PLACE_SUFFIX}\b")


def find_places(
    text: str, actors: ActorsFound, country_names: set[str], vocabulary: Vocabulary, known_places: tuple[str, ...] = (),
) -> list[str]:
    """Places named in the text: the gazetteer's subdivisions and cities found by
    `countries.locate` (`known_places`), then towns, districts and regions named in lists
    after "in", "near", "direction of" and the like, or before "District", "Province" and
    the like. Names are cleaned ("Syria's" -> "Syria", "Delhi-" -> "Delhi"); names that are
    countries, demonyms, actors or people are not places, nor is a lone capitalised word
    after "in" that the gazetteer does not know (it is as often a company or a team)."""
    from generator.ingest.places import load_gazetteer

    gazetteer = load_gazetteer()
    not_places = set(country_names) | set(actors.actors) | set(actors.candidates) | set(actors.persons) | set(actors.organisations)
    person_words = {w for p in actors.persons for w in p.split()}
    found: list[str] = []

    def add(raw: str, known: bool = False) -> None:
        name = _clean_place(raw)
        words = name.split()
        if not words or name in found:
            return
        if not known:
            if name in not_places or name in gazetteer.common_words or f"{name}." in gazetteer.places:
                return  # a person, a word, or an abbreviation ("Calif.") of a state known already
            if re.search(r"['’]s\s", name):
                return  # "Nasa's Chronology", "York's Niagara": a phrase, not a name
            if any(w in NON_NAME_WORDS and w not in {"North", "South", "East", "West"} for w in words) and name not in NON_NAME_WORDS:
                return
            if words[0] in LEADING_WORDS or any(w.lower() in TITLE_WORDS or w.lower() in ORG_WORDS for w in words):
                return
            if name in NON_NAME_WORDS or any(w in person_words for w in words):
                return
            # a word the same text also writes in lower case is an ordinary word ("in
            # Physics and Chemistry", "Judicial District"), not a place's name
            if any(re.search(rf"\b{re.escape(w.lower())}\b", text) for w in words if w[1:].islower()):
                return
        if vocabulary.country(name) or vocabulary.region(name) or name in DEMONYMS:
            return
        found.append(name)

    for name in known_places:
        add(name, known=True)
    for pattern in (_PREPOSITION_PLACE, _LIST_PLACE):
        for match in pattern.finditer(text):
            names = [match.group("first")] + [n for n in re.split(r"\s*,\s*|\s*\band\s+", match.group("more")) if n.strip()]
            if len([n for n in names if n]) >= 2 or pattern is _LIST_PLACE or re.search(_PLACE_SUFFIX, match.group(0)):
                for name in names:
                    add(name)
            else:
                name = _clean_place(match.group("first"))
                # a lone "in X" is a place only when the gazetteer knows X ("in Gossip" is a
                # company as often); "near X", "outside X" are places whatever X is
                tail = text[match.end():match.end() + 2]
                strong = match.group(0).split()[0].lower() in {"near", "outside", "around", "towards"}
                if not re.match(r"\s[A-Z]", tail) and _looks_like_single_place(name, match, text) and (strong or name in gazetteer.places):
                    add(name)
    for match in _SUFFIXED.finditer(text):
        add(match.group("name"))
    return sorted(found, key=lambda name: (text.find(name) if name in text else len(text)))


def _clean_place(name: str) -> str:
    """'Syria's' -> 'Syria', 'Delhi-' -> 'Delhi', 'Calif.' stays as written minus the dot."""
    name = re.sub(r"['’]s?$", "", name.strip())
    return name.strip(" -–—'’.,;:")


def _looks_like_single_place(name: str, match: re.Match[str], text: str) -> bool:
    preposition = match.group(0).split()[0].lower()
    return preposition in {"in", "near", "outside", "around", "towards"} and len(name.split()) <= 2


def source_from_url(url: str) -> str:
    host = re.sub(r"^https?://", "", url).split("/")[0].split(":")[0]
    return re.sub(r"^www\.", "", host).lower()
