"""Country mentions: names, aliases and demonyms ("Armenian", "Azerbaijani") -> countries.

Names come from two places: the archive's own vocabulary (regions.yaml, with its aliases)
and pycountry's ISO 3166 list, so a country the archive has not met yet is still seen and
reported. Demonyms are irregular ("Azerbaijani", "Emirati", "Dutch"), so they are a list.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

import pycountry
from importlib.resources import files

from generator.ingest.places import BODY_KINDS, find_dateline, find_place_mentions, population_winner, scan_names
from generator.taxonomy import Vocabulary

def _read_data(name: str) -> list[list[str]]:
    text = files("generator.ingest").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


# Demonym -> country name as in ISO 3166 / regions.yaml.
DEMONYMS = {demonym: country for demonym, country in _read_data("demonyms.tsv")}
# Short forms that pycountry's official names miss.
EXTRA_NAMES = {
    "Russia": "Russia", "Iran": "Iran", "Syria": "Syria", "Turkey": "Turkey", "Türkiye": "Turkey",
    "Vietnam": "Vietnam", "Moldova": "Moldova", "North Korea": "North Korea", "South Korea": "South Korea",
    "Taiwan": "Taiwan", "Palestine": "Palestine", "Bolivia": "Bolivia", "Venezuela": "Venezuela",
    "Tanzania": "Tanzania", "Laos": "Laos", "Ivory Coast": "Côte d'Ivoire",
    "Britain": "United Kingdom", "Great Britain": "United Kingdom", "UK": "United Kingdom", "U.K.": "United Kingdom",
    "USA": "United States", "U.S.": "United States", "US": "United States", "U.S.A.": "United States",
    "United States": "United States", "America": "United States", "Kosovo": "Kosovo",
    "DR Congo": "Democratic Republic of the Congo", "DRC": "Democratic Republic of the Congo",
    "Burma": "Myanmar", "UAE": "United Arab Emirates", "Emirates": "United Arab Emirates",
    # AP and Reuters style: "Congo" alone is the Democratic Republic; the other is "Republic of Congo"
    "Congo": "Democratic Republic of the Congo", "Czech Republic": "Czechia",
    "East Timor": "East Timor", "Cape Verde": "Cape Verde", "Hong Kong": "Hong Kong", "Macau": "Macau",
    "Brunei": "Brunei", "Vatican": "Vatican City", "Eswatini": "Eswatini", "Swaziland": "Eswatini",
    "Micronesia": "Micronesia", "Gambia": "Gambia", "Bahamas": "Bahamas", "Holland": "Netherlands",
}
# ISO names that are also ordinary words or people in English news copy.
_AMBIGUOUS = {"Jordan", "Chad", "Georgia", "Niger", "Guinea", "Turkey", "Israel", "Jersey", "Dominica", "Mali"}


@dataclass(frozen=True)
class CountryMention:
    name: str  # the vocabulary's canonical name, or pycountry's when not in the vocabulary
    surface: str  # as written
    start: int
    known: bool  # in the archive's vocabulary
    demonym: bool
    city: bool = False  # a city's name in the article's language ("Moskau"): weighs as a city


def _iso_names() -> dict[str, str]:
    names: dict[str, str] = {}
    shorts = Counter()
    for country in pycountry.countries:
        shorts[(getattr(country, "common_name", None) or country.name).split(",")[0]] += 1
    for country in pycountry.countries:
        short = getattr(country, "common_name", None) or country.name
        short = short.split(",")[0]
        for name in {country.name, short}:
            # "Korea" and "Virgin Islands" are the short form of two entries: neither
            if "," not in name and "(" not in name and shorts[name] < 2:
                names[name] = short
    names.update(EXTRA_NAMES)
    return names


ISO_NAMES = _iso_names()


@dataclass(frozen=True)
class CountryMatcher:
    pattern: re.Pattern[str]
    names: dict[str, tuple[str, bool]]  # surface -> (country, is demonym)
    vocabulary: Vocabulary
    # names that are also a person's or a word: not a country before a capitalised word
    ambiguous: frozenset[str] = frozenset(_AMBIGUOUS)
    cities: frozenset[str] = frozenset()  # names of the article's language that are cities
    stems: dict[str, str] = field(default_factory=dict)  # stem -> name, in a language of cases

    def find(self, text: str) -> list[CountryMention]:
        found: list[CountryMention] = []
        for match in self.pattern.finditer(text):
            surface = match.group(0)
            name = surface if surface in self.names else self._declined(surface)
            country, demonym = self.names[name]
            known = self.vocabulary.country(country)
            if name in self.ambiguous and _ambiguous_use(text, match):
                continue
            found.append(
                CountryMention(known.name if known else country, surface, match.start(), known is not None, demonym,
                               name in self.cities)
            )
        return found

    def _declined(self, surface: str) -> str:
        """The name a declined form stands for ("Казахстане" -> "Казахстан")."""
        for cut in range(MAX_ENDING + 1):
            stem = surface[:len(surface) - cut]
            if stem in self.stems:
                return self.stems[stem]
        raise KeyError(surface)  # the pattern matches only stems and their endings


def _ambiguous_use(text: str, match: re.Match[str]) -> bool:
    """'Jordan' the country or a first name, 'Georgia' the country or the US state."""
    after = text[match.end():match.end() + 30]
    before = text[max(0, match.start() - 20):match.start()]
    if re.match(r" [A-Z][a-z]", after):
        return True  # "Jordan Peterson", "Chad Smith", "Jersey Central Power"
    return bool(re.search(r"(Atlanta|U\.S\. state of|state of)\W*$", before))


_MATCHERS: dict[tuple[int, str], tuple[Vocabulary, CountryMatcher]] = {}

# German and Luxembourgish capitalise every noun, so a capital after a name says nothing of
# it ("Russlands Präsident"): their names are not checked for a person's surname after them.
_NOUNS_CAPITALISED = frozenset({"de", "lb"})

# How a name is marked off from the text around it, by its script. Chinese, Japanese and
# Thai write no spaces between words, so a name has no boundary to look for; Korean
# writes its particles onto the name ("볼리비아의", of Bolivia), and Arabic its one-letter
# proclitics ("وبوليفيا", and Bolivia; "لمالي", to Mali). Other scripts mark words off
# with spaces and punctuation.
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_BOUNDARIES = {
    "spaced": (r"(?<!\w)", r"(?![\w])(?!-[a-z])"),
    "unspaced": ("", ""),
    "hangul": (r"(?<!\w)", ""),
    # one proclitic, or "and"/"so" before one: "ولتشاد" (and to Chad)
    "arabic": (r"(?:(?<!\w)|(?<=(?<!\w)[وبلفك])|(?<=(?<!\w)[وف][بلك]))", r"(?!\w)"),
}


# In a language that declines names (data/case_languages.txt), a name of five letters or more
# is also found with an ending of up to four letters, its final vowel replaced ("Россия",
# "России"; "Казахстан", "Казахстане"; "Suomi", "Suomessa"). Shorter names are too like
# other words.
MAX_ENDING = 4
MIN_DECLINED = 5
_VOWELS = "aeiouyäöüõåąęěáéíóúýůаеёиоуыэюяіїє"


@lru_cache(maxsize=1)
def _case_languages() -> dict[str, str]:
    """Language -> how its endings start ("vowel" or "any"), or its endings ("s|es")."""
    return {row[0]: row[1] for row in _read_data("case_languages.txt")}


def _stem(name: str) -> str:
    return name[:-1] if name[-1].lower() in _VOWELS else name


def _script_of(name: str) -> str:
    if _UNSPACED.search(name):
        return "unspaced"
    if _HANGUL.search(name):
        return "hangul"
    return "arabic" if _ARABIC.search(name) else "spaced"


def country_matcher(vocabulary: Vocabulary, language: str = "") -> CountryMatcher:
    """The matcher of this vocabulary, made once per language (the pattern has a thousand
    alternatives). A `language` other than English adds the countries' names in it
    (data/country_names.tsv, from CLDR): "Estados Unidos", "Tschad", "マリ"; and the names
    of the cities of the world's time zones (data/city_names.tsv): "Moskau", "القاهرة".
    The gazetteer's cities are English names, and its place scan needs capitals, which
    Arabic or Chinese do not write."""
    cached = _MATCHERS.get((id(vocabulary), language))
    if cached and cached[0] is vocabulary:
        return cached[1]
    names: dict[str, tuple[str, bool]] = {}
    for name, canonical in ISO_NAMES.items():
        names[name] = (canonical, False)
    for country in vocabulary.countries.values():
        for alias in (country.name, *country.aliases):
            names[alias] = (country.name, False)
    for demonym, country in DEMONYMS.items():
        names[demonym] = (country, True)
        if demonym.endswith(("an", "i")):  # "Syrians", "Iraqis"
            names[demonym + "s"] = (country, True)
    english = set(names)
    ambiguous, cities = set(_AMBIGUOUS), set()
    by_iso = _names_by_iso(vocabulary)
    for file in ("country_names.tsv", "city_names.tsv"):
        for iso, name in _names_in(file, language):
            if name not in names and iso in by_iso:  # an English name keeps its English reading
                names[name] = (by_iso[iso], False)
                if " " not in name and _script_of(name) == "spaced" and language not in _NOUNS_CAPITALISED:
                    ambiguous.add(name)  # French "Maurice" (Mauritius) is also a first name
                if file == "city_names.tsv":
                    cities.add(name)
    stems: dict[str, str] = {}
    endings = _case_languages().get(language, "")
    if endings in ("vowel", "any"):
        stems = {_stem(name): name for name in sorted(set(names) - set(english), reverse=True)
                 if " " not in name and len(name) >= MIN_DECLINED and _script_of(name) == "spaced"}
    elif endings:  # a genitive ending only ("Chinas", "Sveriges"), on any name of four letters or more
        stems = {name: name for name in sorted(names, reverse=True)
                 if " " not in name and len(name) >= MIN_DECLINED - 1 and _script_of(name) == "spaced" and not names[name][1]}
    # Longest first, so "South Sudan" wins over "Sudan"; case-sensitive, since "chad" or
    # "turkey" in lower case are not countries. A declined form is tried after the names
    # as written.
    by_script: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        by_script.setdefault(_script_of(name), []).append(name)
    alternatives = [
        _BOUNDARIES[script][0] + "(?:" + "|".join(re.escape(a) for a in written) + ")" + _BOUNDARIES[script][1]
        for script, written in by_script.items()
    ]
    if stems:
        vowels = _VOWELS + _VOWELS.upper()
        ending = {"any": rf"\w{{0,{MAX_ENDING}}}", "vowel": rf"(?:[{vowels}]\w{{0,{MAX_ENDING - 1}}})?"}.get(
            endings, "(?:" + endings + ")?")
        alternatives.append(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
                            + rf"){ending}(?!\w)")
    pattern = re.compile("|".join(alternatives))
    matcher = CountryMatcher(pattern, names, vocabulary, frozenset(ambiguous), frozenset(cities), stems)
    if len(_MATCHERS) > 8:
        _MATCHERS.clear()
    _MATCHERS[(id(vocabulary), language)] = (vocabulary, matcher)
    return matcher


@lru_cache(maxsize=32)
def _names_in(file: str, language: str) -> tuple[tuple[str, str], ...]:
    """(ISO code, name) of every country (country_names.tsv) or time zone's city
    (city_names.tsv) whose name in `language` is not its English name."""
    if not language or language == "en":
        return ()
    text = files("generator.ingest").joinpath("data", file).read_text(encoding="utf-8")
    prefix = language + "\t"
    return tuple(tuple(line.split("\t")[1:]) for line in text.splitlines() if line.startswith(prefix))


# Where the article is: every country, demonym, place and institution counts, weighed by
# where it stands (a headline names what the story is about; the lede and dateline say
# where it happens; the body also names reactions and comparisons) and by what it is (a
# demonym is often a passing "American officials"; a city can be a namesake).
TITLE_WEIGHT, LEDE_WEIGHT, BODY_WEIGHT = 3.0, 2.0, 1.0
LEDE_CHARS = 400
# A well-known body of one country ("FDA", "Bundesbank") says less than an institution
# that stands for its state ("Kremlin"): the story may only quote it. Its short form that
# names it only in a story about its country ("Congress") is a hint, not a finding: it
# counts only for a country the article already points to (or the outlet's).
KIND_WEIGHT = {"country": 1.0, "demonym": 0.5, "subdivision": 1.0, "capital": 0.8, "city": 0.8, "town": 0.6, "institution": 0.8,
               "organisation": 0.5, "national": 0.5}
# A country is central when it has this share of the leading country's weight and is named
# at least twice or in the headline; the leading one needs this much weight at all, so a
# technology story that names a country once in passing is about no country.
SHARE_OF_LEADER = 0.3
LEADER_MINIMUM = 2.0
MAX_COUNTRIES = 4
PRIOR_WEIGHT = 0.5  # the outlet's home country: a tie-breaker, never a finding on its own


@dataclass(frozen=True)
class Location:
    countries: tuple[str, ...]  # central countries, most central first (vocabulary names where known)
    mentions: tuple[CountryMention, ...]  # country names and demonyms as written
    places: tuple[str, ...]  # subdivisions and cities found and resolved, as written, first seen first
    weights: tuple[tuple[str, float], ...] = ()  # every country's weight, heaviest first (to explain a choice)
    # what counted for each country, in text order: (country, the words as written, kind, where)
    # with kind "country", "demonym", "dateline" or a place kind ("city", ...) and where
    # "headline", "lede" or "body": the evidence an editor is shown
    support: tuple[tuple[str, str, str, str], ...] = ()


def locate(title: str, body: str, vocabulary: Vocabulary, outlet_country: str = "", language: str = "") -> Location:
    """The countries an article is about, from its headline and its cleaned text.

    Three passes: tally what is unambiguous (country names, demonyms, places of one
    country); decide the namesakes from that tally; keep the leader and the countries
    close to it. `outlet_country` (ISO code, or "") is the outlet's home country: a weak
    prior that only decides between namesakes and ties. `language` (ISO 639-1) adds the
    countries' names in the article's language.
    """
    words = title.split()
    headline_case = len(words) > 3 and sum(1 for w in words if w[:1].isupper()) > 0.6 * len(words)
    offset = len(title) + 2
    text = title + "\n\n" + body
    body_places, persons = scan_names(body)
    dateline = find_dateline(body)
    if dateline and not any(p.start <= dateline.start < p.end for p in body_places):
        body_places = sorted([dateline, *body_places], key=lambda p: p.start)
    # "Marsha Blackburn, GOP Congresswoman, Refuses ...": the body says Blackburn is a person
    places = find_place_mentions(title, headline_case=headline_case, persons=persons) + [
        replace(p, start=p.start + offset, end=p.end + offset) for p in body_places
    ]
    # a sea or region across borders hides the country in its name ("Gulf of Mexico") and names none
    mentions = [m for m in country_matcher(vocabulary, language).find(text) if not _inside_longer_place(m, places)]
    # ... and a body's name that holds its country's ("U.S. Senate") counts once, as the country
    places = [p for p in places if p.kind != "feature" and not _holds_mention(p, mentions)]
    bodies = [p for p in places if any(e.kind == "national" for e in p.entries)]
    places = [p for p in places if p not in bodies]
    names = _names_by_iso(vocabulary)
    tally = _Tally(len(title), offset + LEDE_CHARS)

    undecided, namesake_countries = _tally_unambiguous(tally, text, mentions, places, names)
    prior = names.get(outlet_country.upper(), "") if outlet_country else ""
    resolved = _decide_namesakes(tally, undecided, namesake_countries, names, prior)
    _decide_bodies(tally, bodies, names, prior)
    if prior in tally.scores:
        tally.scores[prior] += PRIOR_WEIGHT

    country_starts = {m.start for m in mentions}
    # abbreviations ("Calif.") name a state already listed or known: not a place to show
    found_places = [(p.start, p.name) for p in places if p.kind not in BODY_KINDS and p.start not in country_starts
                    and (len(p.countries) == 1 or p.start in resolved) and not p.name.endswith(".")]
    found_places += [(start, name) for start, name in resolved.items() if start in country_starts]
    place_names = tuple(dict.fromkeys(name for _, name in sorted(found_places)))
    ranked = tally.ranked()
    weights = tuple((c, round(tally.scores[c], 2)) for c in ranked)
    surfaces = {m.start: m.surface for m in mentions} | {p.start: text[p.start:p.end] for p in places + bodies if p.start not in country_starts}
    support = tuple((country, surfaces.get(start, ""), kind, tally.where(start)) for country, start, kind in sorted(tally.seen, key=lambda s: s[1]))
    return Location(tally.central(ranked), tuple(mentions), place_names, weights, support)


@dataclass
class _Tally:
    """Each country's weight, how often it was named, and whether in the headline."""

    title_end: int
    lede_end: int
    scores: Counter[str] = field(default_factory=Counter)
    counts: Counter[str] = field(default_factory=Counter)
    in_title: set[str] = field(default_factory=set)
    seen: list[tuple[str, int, str]] = field(default_factory=list)  # (country, start, kind) as added

    def where(self, start: int) -> str:
        return "headline" if start < self.title_end else "lede" if start < self.lede_end else "body"

    def add(self, country: str, start: int, kind: str, weight_of: str = "") -> None:
        """`weight_of`: the kind whose weight counts, when not `kind` itself."""
        self.seen.append((country, start, kind))
        if kind == "dateline":
            # where the reporter filed from: often, not always, where the story is
            # ("WASHINGTON -" above a story on Syria), so it weighs as one body mention
            # and is not a naming of its own
            self.scores[country] += BODY_WEIGHT
            return
        where = TITLE_WEIGHT if start < self.title_end else LEDE_WEIGHT if start < self.lede_end else BODY_WEIGHT
        self.scores[country] += where * KIND_WEIGHT[weight_of or kind]
        self.counts[country] += 1
        if start < self.title_end:
            self.in_title.add(country)

    def ranked(self) -> list[str]:
        return sorted(self.scores, key=lambda c: (-self.scores[c], -self.counts[c], c))

    def central(self, ranked: list[str]) -> tuple[str, ...]:
        """The leader, if it weighs enough, and the countries close to it named twice or in the headline."""
        if not ranked or self.scores[ranked[0]] < LEADER_MINIMUM:
            return ()
        leader = self.scores[ranked[0]]
        close = [c for c in ranked[1:] if self.scores[c] >= SHARE_OF_LEADER * leader and (self.counts[c] >= 2 or c in self.in_title)]
        return tuple([ranked[0], *close][:MAX_COUNTRIES])


def _tally_unambiguous(tally: _Tally, text: str, mentions: list[CountryMention], places: list, names: dict[str, str]):
    """Count what names one country; return the places with namesakes, and the country
    mentions that are also a place elsewhere ("Georgia"), for `_decide_namesakes`."""
    namesake_countries = []
    for mention in mentions:
        others = _namesakes(mention, places, names)
        if others:
            namesake_countries.append((mention, others))
        else:
            tally.add(mention.name, mention.start, "demonym" if mention.demonym else "city" if mention.city else "country")
    country_starts = {m.start for m in mentions}
    undecided = []
    for place in places:
        if place.start in country_starts:  # "Georgia", "Armenia": the country rules decide
            continue
        country = _apposition(place, text, places, mentions, names) or (
            names.get(place.countries[0]) if len(place.countries) == 1 else None
        )
        if country:
            tally.add(country, place.start, "dateline" if place.dateline else place.kind)
        else:
            undecided.append(place)
    return undecided, namesake_countries


def _decide_namesakes(tally: _Tally, undecided: list, namesake_countries: list, names: dict[str, str], prior: str) -> dict[int, str]:
    """Namesakes go to the country the rest of the article points to, or that most of the
    article's ambiguous names share ("Savannah" is also in Ghana, "Florida" in Uruguay,
    "Georgia" a country: together they are in the US), then to the outlet's country, then
    by size (a city that dwarfs its namesakes); otherwise they count for nothing.
    Returns start -> name of the places decided."""
    evidence = Counter(tally.scores)
    shared: Counter[str] = Counter()
    for options in {p.name: {names.get(i, i) for i in p.countries} for p in undecided}.values():
        shared.update(options)
    for options in {m.surface: {m.name, *others} for m, others in namesake_countries}.values():
        shared.update(options)
    for country, n in shared.items():
        evidence[country] += 0.1 * n  # less than any real mention: it only ranks namesakes among themselves
    if prior:
        evidence[prior] += PRIOR_WEIGHT
    resolved: dict[int, str] = {}
    for place in undecided:
        country = _best_supported([names.get(iso, iso) for iso in place.countries], evidence)
        if country is None:
            winner = population_winner(place.entries)
            country = names.get(winner, winner) if winner else None
        if country:
            resolved[place.start] = place.name
            tally.add(country, place.start, "dateline" if place.dateline else place.kind)
    for mention, others in namesake_countries:
        country = _best_supported([mention.name, *others], evidence) or mention.name
        if country != mention.name:
            resolved[mention.start] = mention.surface
        tally.add(country, mention.start, "country" if country == mention.name else "subdivision")
    return resolved


def _decide_bodies(tally: _Tally, bodies: list, names: dict[str, str], prior: str) -> None:
    """A body's short form that names it only in a story about its country ("Congress",
    "Senate", "Treasury", "Republicans") counts for the country among its bodies' that the
    article already points to most; else for the one body the same name names anywhere
    ("Democratic Party"); else, in a story that names no country at all, for the outlet's
    home country when that country has such a body; otherwise for nothing: a story on
    Nigeria's Senate never counts for the US, not even in an American paper (Nigeria's own
    Senate is simply not listed), and one that names no country gets none from its Senate
    alone."""
    evidence = Counter(tally.scores)  # before the bodies: they do not confirm each other
    for body in bodies:
        options = [names.get(e.iso, e.iso) for e in body.entries]
        country = _best_supported(options, evidence)
        anywhere = {names.get(e.iso, e.iso) for e in body.entries if e.kind in ("institution", "organisation")}
        if country is None and len(anywhere) == 1:
            country = anywhere.pop()
        elif country is None and prior in options and not any(evidence.values()):
            country = prior
        if country:
            # shown to the editor as the institution it is; weighed as the hint it is
            tally.add(country, body.start, "institution", weight_of="organisation" if country in anywhere else "national")


_NAMES_BY_ISO: dict[int, tuple[Vocabulary, dict[str, str]]] = {}


def _names_by_iso(vocabulary: Vocabulary) -> dict[str, str]:
    """ISO code -> the vocabulary's name (or pycountry's for a country it lacks); once per vocabulary."""
    cached = _NAMES_BY_ISO.get(id(vocabulary))
    if cached and cached[0] is vocabulary:
        return cached[1]
    names = {}
    for country in pycountry.countries:
        short = (getattr(country, "common_name", None) or country.name).split(",")[0]
        known = vocabulary.country(short) or vocabulary.country(country.name)
        names[country.alpha_2] = known.name if known else short
    for country in vocabulary.countries.values():
        if country.iso_code:
            names[country.iso_code] = country.name
    _NAMES_BY_ISO.clear()
    _NAMES_BY_ISO[id(vocabulary)] = (vocabulary, names)
    return names


def _inside_longer_place(mention: CountryMention, places: list) -> bool:
    """'Mexico' in 'New Mexico', 'Jersey' in 'New Jersey', 'Mexico' in 'Gulf of Mexico'; not
    'U.S.' in 'U.S. Senate': a body's name that names its country is that country's."""
    end = mention.start + len(mention.surface)
    return any(p.start <= mention.start and end <= p.end and (p.start, p.end) != (mention.start, end)
               and p.kind not in BODY_KINDS for p in places)


def _holds_mention(place, mentions: list[CountryMention]) -> bool:
    """'U.S.' in 'U.S. Senate'; not 'Georgia' the country in 'Georgia' the state, the same
    words, which the namesake rules decide."""
    return any(place.start <= m.start and m.start + len(m.surface) <= place.end
               and (place.start, place.end) != (m.start, m.start + len(m.surface)) for m in mentions)


def _namesakes(mention: CountryMention, places: list, names: dict[str, str]) -> list[str]:
    """Other countries a country's name may mean here: 'Georgia' is also a US state."""
    if mention.demonym:
        return []
    for place in places:
        if place.start == mention.start and place.name == mention.surface:
            return [names.get(e.iso, e.iso) for e in place.entries if e.kind == "subdivision" and names.get(e.iso) != mention.name]
    return []


def _apposition(place, text: str, places: list, mentions: list[CountryMention], names: dict[str, str]) -> str | None:
    """'Paris, Texas', 'Hyderabad, Pakistan': the name after the comma says which one."""
    following = text[place.end:place.end + 2]
    if following != ", ":
        return None
    at = place.end + 2
    for mention in mentions:
        if mention.start == at and not mention.demonym:
            options = {names.get(iso) for iso in place.countries}
            return mention.name if mention.name in options else None
    for other in places:
        if other.start == at:
            shared = [iso for iso in place.countries if iso in other.countries]
            return names.get(shared[0]) if len(shared) == 1 else None
    return None


def _best_supported(options: list[str], evidence: Counter[str]) -> str | None:
    """The option the rest of the article supports most, if any supports one."""
    supported = sorted((evidence[o], o) for o in dict.fromkeys(options) if evidence[o] > 0)
    if not supported:
        return None
    if len(supported) > 1 and supported[-1][0] == supported[-2][0]:
        return None
    return supported[-1][1]


# Country-code domains that sell as generic names (".tv", ".io", ".ly"): no home country.
_VANITY_TLDS = {"tv", "io", "co", "me", "fm", "ly", "ai", "am", "to", "cc", "ws", "nu", "gg", "vc", "la", "in.net"}


def outlet_country(url_or_host: str) -> str:
    """The outlet's home country (ISO code) from its domain: data/outlets.tsv, else the
    country-code top-level domain ("bbc.co.uk" -> GB, "thehindu.co.in" -> IN), else ""."""
    host = re.sub(r"^[a-z]+://", "", url_or_host.strip().lower()).split("/")[0].split(":")[0]
    host = host.removeprefix("www.")
    if not host or "." not in host:
        return ""
    outlets = _outlets()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        if ".".join(parts[i:]) in outlets:
            return outlets[".".join(parts[i:])]
    tld = parts[-1]
    if tld == "uk":
        return "GB"
    if len(tld) == 2 and tld not in _VANITY_TLDS and pycountry.countries.get(alpha_2=tld.upper()):
        return tld.upper()
    return ""


_OUTLETS: dict[str, str] = {}


def _outlets() -> dict[str, str]:
    if not _OUTLETS:
        _OUTLETS.update({domain: iso for domain, iso in _read_data("outlets.tsv")})
    return _OUTLETS
