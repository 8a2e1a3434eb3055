"""Country mentions: names, aliases and demonyms ("Armenian", "Azerbaijani") -> countries.

Names come from two places: the archive's own vocabulary (regions.yaml, with its aliases)
and pycountry's ISO 3166 list, so a country the archive has not met yet is still seen and
reported. Demonyms are irregular ("Azerbaijani", "Emirati", "Dutch"), so they are a list.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pycountry

from generator.taxonomy import Vocabulary

# Demonym -> country name as in ISO 3166 / regions.yaml.
DEMONYMS = {
    "Afghan": "Afghanistan", "Albanian": "Albania", "Algerian": "Algeria", "American": "United States",
    "Argentine": "Argentina", "Argentinian": "Argentina", "Armenian": "Armenia", "Australian": "Australia",
    "Austrian": "Austria", "Azerbaijani": "Azerbaijan", "Azeri": "Azerbaijan", "Bahraini": "Bahrain",
    "Bangladeshi": "Bangladesh", "Belarusian": "Belarus", "Belgian": "Belgium", "Bosnian": "Bosnia and Herzegovina",
    "Brazilian": "Brazil", "British": "United Kingdom", "Bulgarian": "Bulgaria", "Burkinabe": "Burkina Faso",
    "Burmese": "Myanmar", "Burundian": "Burundi", "Cameroonian": "Cameroon", "Canadian": "Canada",
    "Chadian": "Chad", "Chilean": "Chile", "Chinese": "China", "Colombian": "Colombia", "Croatian": "Croatia",
    "Cuban": "Cuba", "Cypriot": "Cyprus", "Czech": "Czechia", "Danish": "Denmark", "Djiboutian": "Djibouti",
    "Dutch": "Netherlands", "Egyptian": "Egypt", "Emirati": "United Arab Emirates", "Eritrean": "Eritrea",
    "Estonian": "Estonia", "Ethiopian": "Ethiopia", "Finnish": "Finland", "French": "France",
    "Georgian": "Georgia", "German": "Germany", "Ghanaian": "Ghana", "Greek": "Greece", "Haitian": "Haiti",
    "Hungarian": "Hungary", "Indian": "India", "Indonesian": "Indonesia", "Iranian": "Iran", "Iraqi": "Iraq",
    "Irish": "Ireland", "Israeli": "Israel", "Italian": "Italy", "Ivorian": "Côte d'Ivoire", "Japanese": "Japan",
    "Jordanian": "Jordan", "Kazakh": "Kazakhstan", "Kazakhstani": "Kazakhstan", "Kenyan": "Kenya",
    "Kuwaiti": "Kuwait", "Kyrgyz": "Kyrgyzstan", "Latvian": "Latvia", "Lebanese": "Lebanon", "Libyan": "Libya",
    "Lithuanian": "Lithuania", "Malian": "Mali", "Mexican": "Mexico", "Moldovan": "Moldova",
    "Moroccan": "Morocco", "Nigerian": "Nigeria", "Nigerien": "Niger", "North Korean": "North Korea",
    "Norwegian": "Norway", "Omani": "Oman", "Pakistani": "Pakistan", "Palestinian": "Palestine",
    "Filipino": "Philippines", "Polish": "Poland", "Portuguese": "Portugal", "Qatari": "Qatar",
    "Romanian": "Romania", "Russian": "Russia", "Rwandan": "Rwanda", "Saudi": "Saudi Arabia",
    "Senegalese": "Senegal", "Serbian": "Serbia", "Slovak": "Slovakia", "Somali": "Somalia",
    "South African": "South Africa", "South Korean": "South Korea", "South Sudanese": "South Sudan",
    "Spanish": "Spain", "Sudanese": "Sudan", "Swedish": "Sweden", "Swiss": "Switzerland", "Syrian": "Syria",
    "Taiwanese": "Taiwan", "Tajik": "Tajikistan", "Thai": "Thailand", "Tunisian": "Tunisia",
    "Turkish": "Turkey", "Turkmen": "Turkmenistan", "Ugandan": "Uganda", "Ukrainian": "Ukraine",
    "Uzbek": "Uzbekistan", "Venezuelan": "Venezuela", "Vietnamese": "Vietnam", "Yemeni": "Yemen",
}
# Short forms that pycountry's official names miss.
EXTRA_NAMES = {
    "Russia": "Russia", "Iran": "Iran", "Syria": "Syria", "Turkey": "Turkey", "Türkiye": "Turkey",
    "Vietnam": "Vietnam", "Moldova": "Moldova", "North Korea": "North Korea", "South Korea": "South Korea",
    "Taiwan": "Taiwan", "Palestine": "Palestine", "Bolivia": "Bolivia", "Venezuela": "Venezuela",
    "Tanzania": "Tanzania", "Laos": "Laos", "Czech Republic": "Czechia", "Ivory Coast": "Côte d'Ivoire",
    "Britain": "United Kingdom", "Great Britain": "United Kingdom", "UK": "United Kingdom", "U.K.": "United Kingdom",
    "USA": "United States", "U.S.": "United States", "US": "United States", "U.S.A.": "United States",
    "United States": "United States", "America": "United States", "Kosovo": "Kosovo", "Congo": "Congo",
    "DR Congo": "Democratic Republic of the Congo", "DRC": "Democratic Republic of the Congo",
    "Burma": "Myanmar", "UAE": "United Arab Emirates", "Emirates": "United Arab Emirates",
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


def _iso_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        short = getattr(country, "common_name", None) or country.name
        short = short.split(",")[0]
        for name in {country.name, short}:
            if "," not in name and "(" not in name:
                names[name] = short
    names.update(EXTRA_NAMES)
    return names


ISO_NAMES = _iso_names()


@dataclass(frozen=True)
class CountryMatcher:
    pattern: re.Pattern[str]
    names: dict[str, tuple[str, bool]]  # surface -> (country, is demonym)
    vocabulary: Vocabulary

    def find(self, text: str) -> list[CountryMention]:
        found: list[CountryMention] = []
        for match in self.pattern.finditer(text):
            surface = match.group(0)
            country, demonym = self.names[surface]
            known = self.vocabulary.country(country)
            if surface in _AMBIGUOUS and _ambiguous_use(text, match):
                continue
            found.append(
                CountryMention(known.name if known else country, surface, match.start(), known is not None, demonym)
            )
        return found


def _ambiguous_use(text: str, match: re.Match[str]) -> bool:
    """'Jordan' the country or a first name, 'Georgia' the country or the US state."""
    after = text[match.end():match.end() + 30]
    before = text[max(0, match.start() - 20):match.start()]
    if re.match(r"\s+[A-Z][a-z]", after) and match.group(0) in {"Jordan", "Chad", "Georgia"}:
        return True  # "Jordan Peterson", "Chad Smith"
    return bool(re.search(r"(Atlanta|U\.S\. state of|state of)\W*$", before))


def country_matcher(vocabulary: Vocabulary) -> CountryMatcher:
    names: dict[str, tuple[str, bool]] = {}
    for name, canonical in ISO_NAMES.items():
        names[name] = (canonical, False)
    for country in vocabulary.countries.values():
        for alias in (country.name, *country.aliases):
            names[alias] = (country.name, False)
    for demonym, country in DEMONYMS.items():
        names[demonym] = (country, True)
    # Longest first, so "South Sudan" wins over "Sudan"; case-sensitive, since "chad" or
    # "turkey" in lower case are not countries.
    alternatives = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w])(?!-[a-z])")
    return CountryMatcher(pattern, names, vocabulary)


def rank_countries(mentions: list[CountryMention], title: str) -> list[str]:
    """Countries the article is about: named in the title, or named at least twice, most
    mentioned first; the most mentioned one when none qualifies."""
    counts = Counter(m.name for m in mentions)
    in_title = {m.name for m in mentions if m.start < len(title)}
    chosen = [name for name, n in counts.most_common() if n >= 2 or name in in_title]
    if not chosen and counts:
        chosen = [counts.most_common(1)[0][0]]
    return chosen
