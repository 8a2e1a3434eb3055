"""Well-known organisations under their canonical names: 'FBI' is the Federal Bureau of
Investigation, 'BJP' the Bharatiya Janata Party, and 'Congress' the United States Congress
in a story about the United States (the Indian National Congress in one about India).

The names are data (generator/ingest/data/known_organisations.tsv, its header says the
format): a short form that names one body wherever it is written ("FBI", "Bundestag"), or
one that names a body only in a story about its country ("Congress", "Treasury", "Senate").
The article's countries, most central first, choose among the bodies that share a short
form; a country's name or demonym before it ("U.S. Congress", "Indian Parliament") decides
too. A word shared by many countries ("Parliament") is listed for none, so it never
resolves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Iterable, Sequence

import pycountry

from generator.ingest.countries import DEMONYMS, ISO_NAMES
from generator.taxonomy import Vocabulary

DATA_FILE = "known_organisations.tsv"
_COLUMNS = ("name", "country", "aliases", "aliases in its country")


class KnownOrganisationsError(ValueError):
    """A line of the data file that cannot be read; the message names file, line and field."""


@dataclass(frozen=True)
class KnownOrganisation:
    name: str  # canonical: English Wikipedia's article title
    country: str  # ISO 3166-1 alpha-2, or "" for an international body


@dataclass(frozen=True)
class OrganisationTable:
    # alias key -> the bodies it names wherever it is written
    anywhere: dict[str, tuple[KnownOrganisation, ...]]
    # alias key -> the bodies it names in a story about their country
    in_country: dict[str, tuple[KnownOrganisation, ...]]


def alias_key(name: str) -> str:
    """How a name is compared: without a leading 'the', dots ('F.B.I.') or a possessive;
    an acronym as written ('WHO' is not 'Who'), other names in any case."""
    name = re.sub(r"^(?:the|The)\s+", "", name.strip())
    name = re.sub(r"['’]s?$", "", name).replace(".", "")
    name = " ".join(name.split())
    letters = re.sub(r"[^\w]", "", name)
    return name if letters.isupper() else name.casefold()


def parse_table(text: str, source: str = DATA_FILE) -> OrganisationTable:
    """The table in `text` (the data file's format); a bad line raises an error naming
    `source`, the line and the field."""
    anywhere: dict[str, list[KnownOrganisation]] = {}
    in_country: dict[str, list[KnownOrganisation]] = {}
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != len(_COLUMNS):
            raise KnownOrganisationsError(
                f"{source}, line {number}: expected {len(_COLUMNS)} TAB-separated fields "
                f"({', '.join(_COLUMNS)}), found {len(fields)}")
        name, country, aliases, local_aliases = (f.strip() for f in fields)
        if not name:
            raise KnownOrganisationsError(f"{source}, line {number}: field 'name' is empty")
        if name in seen:
            raise KnownOrganisationsError(f"{source}, line {number}: field 'name': {name!r} is listed twice")
        if country and pycountry.countries.get(alpha_2=country) is None:
            raise KnownOrganisationsError(f"{source}, line {number}: field 'country': {country!r} is no ISO 3166-1 alpha-2 code")
        if local_aliases and not country:
            raise KnownOrganisationsError(
                f"{source}, line {number}: field 'aliases in its country' needs a country")
        seen.add(name)
        body = KnownOrganisation(name, country)
        for alias in _split(aliases) | {name}:
            anywhere.setdefault(alias_key(alias), []).append(body)
        for alias in _split(local_aliases):
            in_country.setdefault(alias_key(alias), []).append(body)
    return OrganisationTable(
        {k: tuple(dict.fromkeys(v)) for k, v in anywhere.items()},
        {k: tuple(dict.fromkeys(v)) for k, v in in_country.items()},
    )


def _split(aliases: str) -> set[str]:
    return {a.strip() for a in aliases.split("|") if a.strip()}


@lru_cache(maxsize=1)
def known_organisations() -> OrganisationTable:
    text = files("generator.ingest").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return parse_table(text, f"generator/ingest/data/{DATA_FILE}")


def canonical_organisation(
    name: str, countries: Sequence[str] = (), vocabulary: Vocabulary | None = None, table: OrganisationTable | None = None,
) -> str | None:
    """The canonical name `name` stands for, or None when it names no listed body or
    several with nothing to choose between them. `countries` are the article's countries
    as ISO codes, most central first."""
    table = table or known_organisations()
    key = alias_key(name)
    # a body of the story's own country first: 'Democratic Party' in a story about Italy
    chosen = _by_country(table.in_country.get(key, ()), countries)
    if chosen:
        return chosen
    bodies = table.anywhere.get(key, ())
    if len(bodies) == 1:
        return bodies[0].name
    chosen = _by_country(bodies, countries)
    if chosen:
        return chosen
    # "U.S. Congress", "Indian Parliament", "Israel's Supreme Court": the country is written
    country, rest = _country_before(re.sub(r"^(?:the|The)\s+", "", name.strip()), vocabulary)
    if country and rest:
        rest_key = alias_key(rest)
        local = [b for b in (*table.in_country.get(rest_key, ()), *table.anywhere.get(rest_key, ())) if b.country == country]
        if len(set(local)) == 1:
            return local[0].name
    return None


def _by_country(bodies: Iterable[KnownOrganisation], countries: Sequence[str]) -> str | None:
    """The one body of the most central country that has one."""
    bodies = tuple(bodies)
    for country in countries:
        here = [b for b in bodies if b.country == country]
        if here:
            return here[0].name if len(here) == 1 else None
    return None


def _country_before(name: str, vocabulary: Vocabulary | None) -> tuple[str, str]:
    """('US', 'Congress') for 'U.S. Congress' or 'America's Congress'; ('', '') when no
    country's name or demonym opens `name`."""
    words = name.split()
    for length in (3, 2, 1):
        if len(words) <= length:
            continue
        head = re.sub(r"['’]s$", "", " ".join(words[:length]))
        country = ISO_NAMES.get(head) or DEMONYMS.get(head)
        if country:
            iso = iso_code(country, vocabulary)
            if iso:
                return iso, " ".join(words[length:])
    return "", ""


def iso_code(country: str, vocabulary: Vocabulary | None = None) -> str:
    """The ISO 3166-1 alpha-2 code of a country name ('' when unknown): the archive's
    vocabulary first (it knows 'Russia' and 'Britain'), then ISO 3166 itself."""
    if vocabulary is not None:
        known = vocabulary.country(country)
        if known is not None and known.iso_code:
            return known.iso_code.upper()
    try:
        return pycountry.countries.lookup(country).alpha_2
    except LookupError:
        return ""  # no fuzzy match: a wrong country is worse than none


def iso_codes(countries: Iterable[str], vocabulary: Vocabulary | None = None) -> tuple[str, ...]:
    """ISO codes of country names (or codes), in order, unknown ones left out."""
    codes = (c if len(c) == 2 and c.isalpha() and c.isupper() else iso_code(c, vocabulary) for c in countries)
    return tuple(dict.fromkeys(c for c in codes if c))


# A word as the scan of written short forms sees it: letters, digits and the marks inside
# names ("F.B.I.", "Jaish-e-Mohammed", "CPI(M)", "People's").
_WORD = re.compile(r"[\w][\w.&'’()\-]*")
# The most words an alias of the table has (a longer run is never looked up).
_LONGEST_ALIAS = 8


def _bare(word: str) -> str:
    """A word without the punctuation after it: 'Congress.' -> 'Congress', 'CPI(M),' ->
    'CPI(M)'; the dots of 'U.S.' stay."""
    word = word.rstrip(",;:'’")
    if word.endswith(")") and word.count("(") < word.count(")"):
        word = word[:-1]
    if word.endswith(".") and word.count(".") == 1:
        word = word[:-1]
    return word


def written_short_forms(
    text: str, table: OrganisationTable | None = None, openers: frozenset[str] = frozenset(), titles: frozenset[str] = frozenset(),
) -> list[tuple[str, int]]:
    """(alias as written, start) for every alias of the table that `text` writes as a whole
    name: capitalised, the longest one at each place, and not part of a longer name ('Ohio
    Senate', 'Senate Majority Leader'); a capitalised word in `openers` ('The', 'But') may
    stand before it, and one of `titles` (lower case) after it ('CIA Director David
    Petraeus': the body he heads)."""
    table = table or known_organisations()
    words = [(_bare(m.group(0)), m.start()) for m in _WORD.finditer(text)]

    def joined(left: int, right: int) -> bool:
        """Whether words[left] and words[right] are one run: only spaces between them."""
        word, start = words[left]
        gap = text[start + len(word):words[right][1]]
        return gap.strip(" \t") == "" and "\n" not in gap

    found: list[tuple[str, int]] = []
    i = 0
    while i < len(words):
        word, start = words[i]
        if not word[:1].isupper():
            i += 1
            continue
        match = 0
        for n in range(min(_LONGEST_ALIAS, len(words) - i), 0, -1):
            last_word, last_start = words[i + n - 1]
            if not last_word[:1].isupper() or not all(joined(k, k + 1) for k in range(i, i + n - 1)):
                continue
            key = alias_key(text[start:last_start + len(last_word)])
            if key in table.anywhere or key in table.in_country:
                match = n
                break
        if not match:
            i += 1
            continue
        end = i + match
        longer_before = i > 0 and joined(i - 1, i) and words[i - 1][0][:1].isupper() and words[i - 1][0] not in openers
        longer_after = end < len(words) and joined(end - 1, end) and words[end][0][:1].isupper() \
            and words[end][0].lower() not in titles
        if not (longer_before or longer_after):
            last_word, last_start = words[end - 1]
            found.append((text[start:last_start + len(last_word)], start))
        i = end
    return found
