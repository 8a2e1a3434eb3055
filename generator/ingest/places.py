"""Place names in an article -> the countries they may be in.

The gazetteer (data/gazetteer.tsv, made by tools/make_gazetteer.py from ISO 3166-2 and
GeoNames; data/place_aliases.tsv by hand) lists first-level subdivisions ("Bihar", "Texas",
"Bavaria"), capitals, cities of 100,000 people or more and their smaller homonyms;
data/institutions.tsv lists national institutions that name one country ("Lok Sabha",
"Bundestag"), and data/known_organisations.tsv the bodies of one country: their names that
name them anywhere ("CBO", "FDA") count, more weakly, for their country; their names that
name them only in a story about their country ("Congress", "Senate", "Treasury") are a
`national` hint that the rest of the article must confirm. data/shared_features.txt lists
seas, rivers and regions that cross borders ("Red Sea", "Gulf of Mexico", "Sahel"): found
as names, so that no subdivision or country inside them is taken, they name no country.
A name found here is only a candidate: which country it means is decided
by `countries.locate` from the rest of the article (Georgia the state or the country;
Punjab in India or Pakistan), or by a city's size when one of its homonyms dwarfs the
others (Paris, France and Paris, Texas).

A name is taken only where it stands alone as a name: not inside a longer name ("New York
Times", "Elizabeth Warren", "Mr. Warren"), not as a person ("Warren said"), and never when
it is also an ordinary English word or first name ("Mobile", "Reading", "Victoria"), listed
in data/common_words.txt.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Iterable

from generator.garbage import collector_paused

# A homonym wins alone only when it is this many times bigger than every namesake elsewhere.
DOMINANCE = 5
MAX_NAME_WORDS = 6
# A word of running text: letters, inner apostrophes, hyphens and dots ("N.Y.", "al-Tanf", "Texas's").
_WORD = re.compile(r"[^\W\d_][\w'’]*(?:[-.][^\W\d_][\w'’]*)*\.?")
_POSSESSIVE = re.compile(r"['’]s?$")
# When a name is several kinds of place, the one that says most about its country.
# "national": a body's short form that names it only in a story about its country.
# "feature": a sea, river or region across borders; it names no country.
_KIND_ORDER = ("institution", "subdivision", "capital", "city", "town", "organisation", "national", "feature")
# Kinds that are bodies, not places: "organisation" is a known body of one country.
BODY_KINDS = frozenset({"institution", "organisation", "national"})


@dataclass(frozen=True)
class PlaceEntry:
    iso: str  # ISO 3166-1 alpha-2 code of the country ("" for a feature across borders)
    kind: str  # "subdivision", "capital", "city", "town" (a small homonym), "institution", "organisation", "national" or "feature"
    population: int  # 0 for subdivisions and institutions


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, tuple[PlaceEntry, ...]]  # name as written -> every place of that name
    # name as written -> the places, bodies and features of that name: what text is matched against
    names: dict[str, tuple[PlaceEntry, ...]]
    common_words: frozenset[str]
    function_words: frozenset[str]  # capitalised at a sentence's start without being a name
    person_verbs: frozenset[str]  # "Warren said": the name is a person's
    followers: frozenset[str]  # "Ohio Gov.", "Idlib Province": still the place
    first_words: dict[str, int]  # first word of a name -> most words of a name starting so (a quick "no")
    by_lower_case: dict[str, str]  # "oklahoma city" -> "Oklahoma City", for datelines in capitals


def _data_lines(name: str) -> list[list[str]]:
    text = files("generator.ingest").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Read once per process, on first use (about 11,000 rows: a few hundredths of a second).

    Built with the cyclic garbage collector paused: these are tens of thousands of objects
    made in one go and kept to the end, none in a cycle, and the collections their number
    sets off (full ones among them, walking every object of the process) find nothing to
    free; they took about as long as the building itself."""
    with collector_paused():
        return _build_gazetteer()


def _build_gazetteer() -> Gazetteer:
    places: dict[str, dict[tuple[str, str], PlaceEntry]] = {}
    for name, iso, kind, population in _data_lines("gazetteer.tsv") + _data_lines("place_aliases.tsv"):
        entry = PlaceEntry(iso, kind, int(population))
        key = (iso, "subdivision" if kind == "subdivision" else "city")
        kept = places.setdefault(name, {})
        old = kept.get(key)
        if old is None or entry.population > old.population:
            kept[key] = entry
    for name, iso in _data_lines("institutions.tsv"):
        places.setdefault(name, {})[(iso, "institution")] = PlaceEntry(iso, "institution", 0)
    # `names` is `places` with the bodies and features added: only the names those touch
    # are copied and changed, not all 11,000
    changed: dict[str, dict[tuple[str, str], PlaceEntry]] = {}
    for name, iso, kind in _known_bodies():
        if name not in changed:
            changed[name] = dict(places.get(name, {}))
        changed[name][(iso, kind)] = PlaceEntry(iso, kind, 0)
    for (name,) in _data_lines("shared_features.txt"):
        changed[name] = {("", "feature"): PlaceEntry("", "feature", 0)}  # whatever else bears the name
    place_entries = {name: tuple(entries.values()) for name, entries in places.items()}
    name_entries = dict(place_entries)
    name_entries.update((name, tuple(entries.values())) for name, entries in changed.items())
    words = {row[0] for row in _data_lines("common_words.txt")}
    function = {row[0] for row in _data_lines("function_words.txt")}
    verbs = {row[0] for row in _data_lines("person_verbs.txt")}
    followers = {row[0] for row in _data_lines("place_followers.txt")}
    first_words: dict[str, int] = {}
    for name in name_entries:
        tokens = _WORD.findall(name)
        if tokens:
            first_words[tokens[0]] = max(first_words.get(tokens[0], 0), len(tokens))
    return Gazetteer(
        places=place_entries,
        names=name_entries,
        first_words=first_words,
        by_lower_case={name.lower(): name for name in sorted(places, reverse=True)},
        common_words=frozenset(words), function_words=frozenset(function), person_verbs=frozenset(verbs),
        followers=frozenset(followers),
    )


def _known_bodies() -> list[tuple[str, str, str]]:
    """(name as written, ISO code, kind) of the bodies of one country in
    known_organisations.tsv (its header gives the columns): the canonical name and the
    aliases that name the body anywhere are "organisation"; the aliases that name it only
    in a story about its country are "national". Names with a bracket (Wikipedia's
    disambiguation) or an article ("the House") are left out: text does not write them so
    alone. The bodies of data/placeless_bodies.txt (news agencies, companies, groups acting
    across borders) are left out: their country is not where their stories happen. A name
    that bodies of two countries bear is "national" for each."""
    placeless = {row[0] for row in _data_lines("placeless_bodies.txt")}
    bodies = []
    for name, iso, anywhere, in_country in _data_lines("known_organisations.tsv"):
        if not iso or name in placeless:
            continue  # an international body names no country
        for kind, aliases in (("organisation", [name, *anywhere.split("|")]), ("national", in_country.split("|"))):
            for alias in (a.strip() for a in aliases):
                if alias and alias[0].isupper() and "(" not in alias:
                    bodies.append((alias, iso, kind))
    # A name that bodies of two countries bear ("Democratic Party" in the US and in Italy,
    # "Workers' Party" in Brazil and North Korea) says which only with the rest of the story:
    # a hint for each, never a finding on its own.
    countries_of: dict[str, set[str]] = defaultdict(set)
    for alias, iso, _kind in bodies:
        countries_of[alias].add(iso)
    return [(alias, iso, "national" if len(countries_of[alias]) > 1 else kind) for alias, iso, kind in bodies]


@dataclass(frozen=True)
class PlaceMention:
    name: str  # as in the gazetteer (possessive dropped)
    start: int
    end: int
    entries: tuple[PlaceEntry, ...]
    dateline: bool = False  # the capitals opening the story: "KABUL --"

    @property
    def kind(self) -> str:
        return min((e.kind for e in self.entries), key=_KIND_ORDER.index)

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.iso for e in self.entries))


def find_place_mentions(
    text: str, gazetteer: Gazetteer | None = None, headline_case: bool = False, persons: Iterable[str] = (),
) -> list[PlaceMention]:
    """Every gazetteer name standing alone as a name in `text`, longest first at each word.
    `headline_case`: the text capitalises every word ("Obama Visits Ohio"), so a capital
    beside a name says nothing and only the gazetteer's longest match counts. `persons`:
    names the rest of the article uses for a person (see `scan_names`)."""
    return scan_names(text, gazetteer, headline_case, persons)[0]


def scan_names(
    text: str, gazetteer: Gazetteer | None = None, headline_case: bool = False, persons: Iterable[str] = (),
) -> tuple[list[PlaceMention], frozenset[str]]:
    """The places of `text` (as `find_place_mentions`) and the gazetteer's names that `text`
    uses for a person ("Marsha Blackburn", "Blackburn said"): a headline in Title Case
    cannot tell them apart, its body can."""
    gazetteer = gazetteer or load_gazetteer()
    words = list(_WORD.finditer(text))
    found: list[PlaceMention] = []
    used_for_persons: set[str] = set(persons)  # names seen as a person's elsewhere in the text
    i = 0
    while i < len(words):
        match = _longest_name(text, words, i, gazetteer)
        if match is None:
            i += 1
            continue
        name, n = match
        entries = gazetteer.names[name]
        body = all(e.kind in BODY_KINDS for e in entries)
        use = "place" if headline_case else _use_of_name(text, words, i, i + n, gazetteer, body)
        if use == "person":
            used_for_persons.add(name)
        elif use == "place" and name not in gazetteer.common_words:
            found.append(PlaceMention(name, words[i].start(), words[i].start() + len(name), entries))
        i += n
    # "Marsha Blackburn ... Blackburn said": once a person's, the name is never a place here
    return [m for m in found if m.name not in used_for_persons], frozenset(used_for_persons)


def _longest_name(text: str, words: list[re.Match[str]], i: int, gazetteer: Gazetteer) -> tuple[str, int] | None:
    first = words[i].group(0)
    if not first[:1].isupper():
        return None
    longest = max(gazetteer.first_words.get(w, 0) for w in (first, _POSSESSIVE.sub("", first), first.rstrip(".")))
    for n in range(min(longest, MAX_NAME_WORDS, len(words) - i), 0, -1):
        last = words[i + n - 1]
        # the words of a name are separated by single spaces only (no comma, no line break)
        if n > 1 and not all(text[words[k].end():words[k + 1].start()] == " " for k in range(i, i + n - 1)):
            continue
        name = text[words[i].start():last.end()]
        for candidate in (name, _POSSESSIVE.sub("", name), name.rstrip(".")):
            if candidate in gazetteer.names:
                return candidate, n
    return None


def _use_of_name(text: str, words: list[re.Match[str]], first: int, end: int, gazetteer: Gazetteer, body: bool = False) -> str:
    """"place" when the name stands alone; "person" when it ends a longer capitalised name
    ("Elizabeth Warren", "Mr. Warren") or is followed by "said"; "part" when a longer name
    goes on after it ("New York Times", "National Health Service Corps"), unless what follows
    is an office ("Ohio Gov.", "CIA Director"). A `body` ("FDA", "Senate") speaks itself
    ("the FDA said") and follows its owner ("India's Congress") without being a person."""
    if first > 0 and not body:  # "India's Congress", "Texas Senate": still the body
        before = words[first - 1]
        gap = text[before.end():words[first].start()]
        # a title or an initial before the name makes it a person's: "Mr. Warren", "George W. Bush"
        title = before.group(0) in {"Mr.", "Mrs.", "Ms.", "Dr.", "Sen.", "Rep.", "Gov."} or bool(re.fullmatch(r"[A-Z]\.", before.group(0)))
        joined = gap == " " and (title or not before.group(0).endswith((".", ":")))
        if joined and before.group(0)[:1].isupper() and before.group(0) not in gazetteer.function_words:
            return "person"
    if end < len(words):
        after = words[end]
        gap = text[words[end - 1].end():after.start()]
        if gap == " " and after.group(0).lower() in gazetteer.person_verbs and not body:
            return "person"
        if gap == " " and after.group(0)[:1].isupper() and not words[end - 1].group(0).endswith("."):
            return "place" if after.group(0) in gazetteer.followers else "part"
    return "place"


def population_winner(entries: tuple[PlaceEntry, ...]) -> str | None:
    """The country of a capital or city that dwarfs its namesakes in other countries, if
    any. A subdivision named like a place elsewhere ("Gaza", "Punjab") is never decided by
    size; the rest of the article decides it."""
    if any(e.kind == "feature" for e in entries):
        return None
    if len({e.iso for e in entries}) == 1:
        return entries[0].iso
    if any(e.kind in {"subdivision", *BODY_KINDS} for e in entries):
        return None
    eligible = [e for e in entries if e.kind in {"capital", "city"}]
    if not eligible:
        return None
    top = max(eligible, key=lambda e: e.population)
    rival = max(e.population for e in entries if e.iso != top.iso)
    return top.iso if top.population >= DOMINANCE * rival else None


# A dateline opens the story with the place it was filed from, in capitals: "KABUL --",
# "NAIROBI, Kenya –", "OKLAHOMA CITY —", "AMMAN (Reuters) -".
_DATELINE = re.compile(r"^\W{0,3}(?P<name>[A-Z][A-Z.'’ -]*[A-Z.])(?=\s*(?:,|\(|—|–|-|:))", re.M)
DATELINE_WITHIN = 1500  # characters from the start of the text


def find_dateline(text: str, gazetteer: Gazetteer | None = None) -> PlaceMention | None:
    """The place of the story's dateline, if its first lines have one the gazetteer knows."""
    gazetteer = gazetteer or load_gazetteer()
    for match in _DATELINE.finditer(text[:DATELINE_WITHIN]):
        capitals = match.group("name")
        if not any(c.islower() for c in capitals) and (name := gazetteer.by_lower_case.get(capitals.lower())):
            if name not in gazetteer.common_words:
                start = match.start("name")
                return PlaceMention(name, start, start + len(capitals), gazetteer.places[name], dateline=True)
    return None
