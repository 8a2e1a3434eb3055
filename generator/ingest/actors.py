"""People and organisations named in an article, matched to the archive's actors.

No statistical model (none can be downloaded here, and a rule an editor can read is
easier to correct): names are runs of capitalised words, and what surrounds them says
what they are.

- A title or role before a name makes it a person: "US Secretary of State Antony
  Blinken", "Lt. Gen. Stephen J. Townsend", "French president Macron", "foreign
  minister, Jeyhun Bayramov". The title is kept in the mention, not in the name.
- A word like Forces, Council, Ministry or Coalition, or an acronym, makes it an
  organisation.
- A surname alone ("Klaar") is the person named in full earlier in the article.
- Every name and alias of content/taxonomy/actors.yaml is looked up directly, so
  "Macron" is Emmanuel Macron whatever stands around it.

Countries, demonyms, places and calendar words are never actors here (countries have
their own field); two or three plain capitalised words that are none of these are taken
as a person's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from generator.ingest.countries import DEMONYMS, EXTRA_NAMES, ISO_NAMES
from generator.ingest.dates import MONTHS, WEEKDAYS
from generator.taxonomy import Vocabulary, name_key


@dataclass(frozen=True)
class Mention:
    surface: str  # as written, with a title or a leading "the"
    name: str  # the name alone: "Antony Blinken", "Syrian Democratic Forces"
    kind: str  # "person" or "organisation"
    start: int
    generic: bool = False  # "Iraqi forces": an actor of the text, not a name for actors.yaml


@dataclass(frozen=True)
class ActorsFound:
    actors: tuple[str, ...]  # canonical names from the vocabulary, in order of first mention
    candidates: tuple[str, ...]  # people and organisations not in the vocabulary
    persons: tuple[str, ...]  # every person mention as written
    organisations: tuple[str, ...]  # every organisation mention as written
    candidate_kinds: tuple[tuple[str, str], ...] = ()  # (candidate, "person"/"organisation")


# Words of titles and roles. Capitalised, they open a name: "Defense Secretary Ash Carter".
TITLE_WORDS = {
    "president", "vice", "prime", "minister", "ministers", "secretary", "foreign", "defense", "defence",
    "interior", "deputy", "assistant", "under", "general", "gen", "gen.", "lt", "lt.", "lieutenant",
    "col", "col.", "colonel", "maj", "maj.", "major", "capt", "capt.", "captain", "sgt", "sgt.", "sergeant",
    "spc", "spc.", "specialist", "pvt", "pvt.", "private", "cpl", "cpl.", "corporal", "adm", "adm.",
    "admiral", "rear", "commodore", "cmdr", "cmdr.", "commander", "brig", "brig.", "brigadier",
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen", "sen.", "senator", "rep", "rep.",
    "representative", "gov", "gov.", "governor", "mayor", "king", "queen", "prince", "princess",
    "sheikh", "emir", "crown", "ambassador", "envoy", "special", "chief", "officer", "petty", "senior",
    "first", "class", "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman", "chair",
    "director", "press", "pope", "patriarch", "ayatollah", "speaker", "leader", "judge", "justice",
    "attorney", "chancellor", "premier", "state", "affairs", "high", "commissioner", "staff", "of",
    "for", "the", "and", "army", "navy", "air", "force", "marine", "corps",
    "operator", "warfare", "airman", "soldier", "pfc", "pfc.", "sgt.maj.", "msgt", "ssgt", "tsgt",
    "executive", "national", "security", "adviser", "advisor", "head", "mp", "lord", "lady", "sir",
    "presidential", "european", "eurasian", "south", "caucasus", "crisis", "representative",
}
# Lower-case roles that, just before a name, say it is a person's: "prime minister Nikol Pashinyan".
ROLE_BEFORE = re.compile(
    r"\b(?:president|minister|secretary|spokes(?:man|woman|person)|commander|general|envoy|ambassador|"
    r"leader|chief|chairman|director|officer|senator|governor|mayor|king|prince|sheikh|adviser|"
    r"advisor|representative|head|founder|ceo|coach|author|professor|colonel|captain|judge|"
    r"mr\.?|mrs\.?|ms\.?|dr\.?)\s*,?\s*$",
    re.I,
)
ORG_WORDS = {
    "forces", "force", "army", "armies", "navy", "command", "council", "committee", "coalition",
    "ministry", "department", "agency", "organization", "organisation", "union", "party", "movement",
    "front", "group", "brigade", "brigades", "battalion", "regiment", "division", "corps", "wing",
    "squadron", "fleet", "government", "parliament", "assembly", "court", "bank", "fund", "office",
    "service", "services", "police", "guard", "guards", "nations", "alliance", "institute", "university",
    "association", "company", "inc", "inc.", "corp", "corp.", "ltd", "ltd.", "news", "times", "network",
    "television", "radio", "commission", "authority", "bureau", "cabinet", "senate", "congress",
    "programme", "foundation", "federation", "league", "administration", "directorate",
    "battery", "unit", "task", "component", "center", "centre", "houthis", "taliban", "daesh", "isil",
    "isis", "hezbollah", "daesh", "daish", "daesh", "isil", "al-shabaab", "boko", "wagner", "hts", "ypg", "pkk", "sdf", "hamas", "al-qaeda", "al-qaida", "peshmerga", "pentagon", "kremlin", "reuters",
    "press", "post", "journal", "tribune", "herald", "guardian", "club", "society", "board", "troops", "militia", "militias", "rebels", "regime", "opposition", "legion", "secretariat",
    "state",
}
NON_NAME_WORDS = (
    {w.capitalize() for w in MONTHS} | {w.capitalize() for w in WEEKDAYS}
    | set(DEMONYMS) | set(ISO_NAMES) | set(EXTRA_NAMES)
    | {"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
       "Middle", "Upper", "Lower", "Greater", "New", "Old", "Today", "Yesterday", "Tomorrow", "Internet",
       "Street", "Road", "Avenue", "Square", "Province", "District", "Districts", "Region", "Governorate",
       "City", "River", "Sea", "Ocean", "Mountains", "Mountain", "Valley", "Island", "Islands", "Lake",
       "Gulf", "Bay", "Border", "Airport", "Port", "Stadium", "Hospital", "Bridge", "Olympic", "Olympics",
       "Games", "Cup", "Christmas", "Easter", "Ramadan", "Eid", "God", "Allah", "Twitter", "Facebook",
       "Internet", "English", "Arabic", "Russian", "Islamic", "Muslim", "Muslims", "Christian", "Jewish",
       "Kurdish", "Kurds", "Arab", "Arabs", "Sunni", "Shia", "Shiite", "Western", "Europe", "Asia",
       "Africa", "Caucasus", "Balkans", "Levant", "Sahel", "Democrats", "Republicans", "Republican",
       "Democratic", "Communist", "Socialist", "Liberal", "Conservative", "Senior", "Junior", "Press",
       "Photo", "Video", "Image", "Update", "Updated", "Breaking", "Editor", "Editors", "Related",
       "Source", "Sources", "Read", "More", "Share", "Click", "AM", "PM", "CEST", "GMT", "UTC", "Day",
       "Time", "Dam", "Fort", "Airfield", "Air Base", "Base", "Camp", "Exercise", "Highway", "Palace",
       "Mosque", "Church", "Embassy", "Square", "Hall", "Building", "Tower", "Center", "Centre", "Park",
       "Canal", "Strait", "Peninsula", "Desert", "Plain", "Plains", "Hills", "Heights", "Coast", "Pass",
       "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
       "Florida", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana",
       "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana",
       "Nebraska", "Nevada", "Hampshire", "Jersey", "Mexico", "York", "Carolina", "Dakota", "Ohio",
       "Oklahoma", "Oregon", "Pennsylvania", "Rhode", "Tennessee", "Texas", "Utah", "Vermont", "Virginia",
       "Washington", "Wisconsin", "Wyoming", "Airmen", "Soldiers", "Marines", "Sailors", "Citizens",
       "Members", "Reserve", "Troops", "Officers", "Dialogue", "Gate", "Summit", "Conference", "Forum",
       "Hurricane", "Storm", "Typhoon", "Cyclone", "Tropical"}
)
# Sentence starts that are capitalised only for being first.
LEADING_WORDS = {
    "The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "In", "On",
    "At", "By", "For", "From", "With", "After", "Before", "But", "And", "Or", "As", "If", "When", "While",
    "Both", "Some", "Many", "Most", "Later", "Early", "Earlier", "Meanwhile", "However", "Also", "There",
    "Here", "According", "Last", "Next", "Since", "Despite", "During", "Under", "Over", "Our", "Their",
    "His", "Her", "Its", "My", "Your", "Such", "Other", "Another", "Each", "Every", "All", "No", "Not",
    "Why", "What", "Who", "How", "Where", "Yet", "So", "Then", "Now", "Once", "Two", "Three", "One",
    "Several", "Dozens", "Hundreds", "Thousands", "Among", "Amid", "Although", "Though", "Because", "To",
    "Near", "Outside", "Inside", "Across", "Along", "Around", "Between", "Against", "Into", "Toward",
    "Towards", "Through", "Within", "Without", "Upon", "Via", "Following", "Including", "Until", "Unlike",
    "Like", "Throughout", "Beyond", "Behind", "Below", "Above", "Beside", "Besides", "Per", "Regarding",
    "Yesterday", "Today", "Tomorrow", "Tonight", "Will", "Can", "Could", "Should", "Would", "Do", "Does",
    "Did", "Is", "Are", "Was", "Were", "Has", "Have", "Had", "May", "Must", "Shall", "Let", "Please",
}
_ABBREVIATIONS = (
    "Gen|Lt|Col|Maj|Capt|Sgt|Spc|Adm|Cmdr|Brig|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|St|Jr|Sr|Pvt|Cpl|Pfc|"
    "Ft|Mt|Inc|Corp|Co|Ltd|Prof|Rev|Hon|Amb|Pres|Sec|Gens"
)
# "CTF 50", "TF 88": a unit's letters and number are one name.
_DESIGNATION = r"[A-Z]{2,5}[ \t]\d{1,4}(?![\w.,:/])"
# A name token: an abbreviation with its full stop, initials ("J.", "U.S."), a capitalised
# word, an ordinal ("3rd Battalion") or an Arabic article ("al-Abadi"). A full stop after
# anything else ends the sentence, and so the run.
_TOKEN = rf"(?:{_DESIGNATION}|['‘\"“][A-Z][\w.]*['’\"”]|(?:{_ABBREVIATIONS})\.|[A-Z]\.(?:[A-Z]\.)*|[A-Z][\w’'\-]*|\d+(?:st|nd|rd|th)|al-[A-Z][\w\-]*)"
# "to" only before a capitalised verb and its object, as in an organisation's name of
# purpose ("Committee to Protect Journalists"); _split_at_to undoes the rest.
_CONNECTOR = r"(?:of|for|the|and|de|du|del|da|al|bin|ibn|van|von|der|&|to(?=[ \t]+[A-Z][a-z]+[ \t]+[A-Z]))"
# A capitalised run on one line, allowing "of the" and the like inside it.
_RUN = re.compile(rf"(?<![\w.]){_TOKEN}(?:[ \t]+(?:{_CONNECTOR}[ \t]+)*{_TOKEN})*")


def _tokens(run: str) -> list[str]:
    return run.split()


def _is_acronym(word: str) -> bool:
    """'EU', 'U.N.', 'CJTF-OIR'; not 'QUESTION' (a word in capitals) or '2016'."""
    bare = word.replace(".", "").replace("-", "")
    short = len(bare) <= 6 or "-" in word
    return len(bare) >= 2 and short and bare.isupper() and bare.isalnum() and not bare.isdigit()


# Characters that show nothing: direction marks, zero-width spaces, soft hyphens. Pasted
# text carries them inside names ("Prime Minister<LRM> Haider"), where they would end a run.
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def find_actors(text: str, vocabulary: Vocabulary, country_surfaces: set[str] | None = None) -> ActorsFound:
    """Every person and organisation named in `text`; see the module docstring."""
    country_surfaces = country_surfaces or set()
    text = _INVISIBLE.sub("", text)
    mentions: list[Mention] = []
    for match in _RUN.finditer(text):
        # "Syria’s Idlib", "Central Command's commander": a possessive ends a name
        offset = match.start()
        previous: tuple[str, list[Mention]] | None = None
        for piece in re.split(r"(?<=['’]s)[ \t]+", match.group(0)):
            cleaned = re.sub(r"['’]s$", "", piece)
            found = _split_and_classify(cleaned, offset, text, vocabulary, country_surfaces)
            if previous and len(found) == 1 and _part_of(previous, cleaned, found[0]):
                # "the Coalition’s Small Group": a body named as part of an organisation is
                # one mention with its owner, as written
                owner, right = previous[1][-1], found[0]
                whole = owner.surface + previous[0][len(re.sub(r"['’]s$", "", previous[0])):] + " " + right.name
                found = [Mention(whole, re.sub(r"^(?:the|The)[ \t]+", "", whole), "organisation", owner.start)]
            mentions.extend(found)
            previous = (piece, found)
            offset += len(piece) + 1
    mentions += _defined_long_acronyms(text)
    mentions += _speakers_after_said(text, country_surfaces, mentions)
    mentions += _appositions(mentions, text) + _roles_before_names(mentions, text)
    mentions = _resolve_surnames(mentions, text) + _peoples(text) + _states_as_parties(text)
    members = _members(mentions, text)
    # "Coalition military forces" is one mention: the organisation's name inside it is not
    # listed again as written there (it still names the actor)
    inside = {m.start for m in members}  # a member phrase starts where its organisation's name does
    mentions += members

    actors: list[str] = []
    candidates: list[tuple[str, str]] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        actor = _known(mention.name, vocabulary) or _known(mention.surface, vocabulary)
        if actor:
            if actor not in actors:
                actors.append(actor)
        elif not mention.generic and mention.name not in [c for c, _ in candidates]:
            candidates.append((mention.name, mention.kind))
    for actor in _aliases_in_text(text, vocabulary):
        if actor not in actors:
            actors.append(actor)
    actors.sort(key=lambda a: _first_position(text, a, vocabulary))
    # A candidate that is part of a known actor's name ("Blinken" of "Antony Blinken") is not new.
    known_keys = {name_key(n) for n in vocabulary.actor_names()}
    candidates = [(c, k) for c, k in candidates if name_key(c) not in known_keys]
    # "Obama" after "Barack Obama" (or before it, from "President Obama") is the same person
    full_names = {c.split()[-1]: c for c, k in candidates if k == "person" and len(c.split()) > 1}
    candidates = [(c, k) for c, k in candidates if not (k == "person" and " " not in c and c in full_names)]
    return ActorsFound(
        actors=tuple(actors),
        candidates=tuple(c for c, _ in candidates),
        persons=tuple(dict.fromkeys(m.surface for m in mentions if m.kind == "person")),
        organisations=tuple(dict.fromkeys(
            m.surface for m in mentions
            if m.kind == "organisation" and (m.generic or m.start not in inside)
        )),
        candidate_kinds=tuple(candidates),
    )


def _part_of(previous: tuple[str, list[Mention]], cleaned: str, right: Mention) -> bool:
    piece, owners = previous
    if not owners or not re.search(r"['’]s$", piece):
        return False
    owner = owners[-1]
    return (
        owner.kind == "organisation" and not owner.generic and re.sub(r"['’]s$", "", piece).endswith(owner.name)
        and right.kind == "organisation" and not right.generic and right.surface == right.name
        and cleaned.startswith(right.name) and any(w.lower() in ORG_WORDS for w in right.name.split())
    )


_PLURAL_DEMONYMS = sorted(
    {d + "s" for d in DEMONYMS if d.endswith(("an", "i", "ian"))} | {"Turks", "Kurds", "Arabs", "Afghans", "Yemenis", "Saudis"},
    key=len, reverse=True,
)
_PEOPLES = re.compile(
    r"(?<![\w-])(?:(?P<the>the|The)\s+)?(?:people of (?P<country>[A-Z][\w ]+?)\b(?=[\s.,;:])|"
    r"(?P<demonym>" + "|".join(DEMONYMS) + r") people\b|(?P<plural>" + "|".join(_PLURAL_DEMONYMS) + r")\b)"
)


_MEMBERS = re.compile(
    r"[ \t]+((?:military[ \t]+|security[ \t]+|partner[ \t]+)?(?:fighters|terrorists|militants|forces|troops|partners|members|officials|leaders|advisers|"
    r"advisors|nations|operatives|commanders|tactical units?))\b"
)


_COUNTRY_NAMES = "|".join(re.escape(n) for n in sorted(ISO_NAMES, key=len, reverse=True))
_LISTED_COUNTRY = re.compile(rf"(?:(?:the|The)[ \t]+)?(?:{_COUNTRY_NAMES})\b")
# "Coalition nations that have conducted strikes include Australia, Canada and France":
# states listed as the members of a group act as its members.
_MEMBER_LIST = re.compile(
    r"\b(?:nations|countries|states|members|partners|allies)\b[^.;:]{0,80}?"
    r"\b(?:include|includes|included|including|are|were)[ \t]+"
)
# "our ally Turkey", "the governments of Iraq and ...": a state as a party, not a place.
_STATE_AS_PARTY = re.compile(
    rf"\b(?:(?P<rel>ally|allies|partner|partners|(?:relations|relationship|partnership|cooperation|"
    rf"coordination|ties|talks)[ \t]+(?:with|between)|(?:work|works|working|cooperate|cooperating|coordinate|"
    rf"coordinating)[ \t]+(?:closely[ \t]+)?with|attacks?[ \t]+(?:against|on)|attack|against)[ \t]+|(?P<gov>(?:the[ \t]+|The[ \t]+)?[Gg]overnments?[ \t]+of[ \t]+))"
    rf"(?P<state>(?:the[ \t]+)?(?:{_COUNTRY_NAMES}))\b"
)


# "the U.S.-led coalition", "the Saudi-led forces": a group named by the state leading it.
_LED_GROUP = re.compile(
    r"(?<![\w-])(?:(?:the|The)[ \t]+)?(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][a-z]+)-led[ \t]+"
    r"(?:coalition|forces|alliance|mission|troops|operation)\b"
)


# "U.S. Naval Forces Central Command (NAVCENT)": an acronym defined in parentheses after a
# capitalised name is an organisation wherever it is written, even a long one that a word
# in capitals could otherwise be.
_DEFINED_ACRONYM = re.compile(r"[A-Z][\w.’']*[ \t]*\(([A-Z][A-Z0-9\-]{6,11})\)")


def _defined_long_acronyms(text: str) -> list[Mention]:
    found: list[Mention] = []
    for acronym in dict.fromkeys(m.group(1) for m in _DEFINED_ACRONYM.finditer(text)):
        for match in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
            found.append(Mention(acronym, acronym, "organisation", match.start()))
    return found


def _states_as_parties(text: str) -> list[Mention]:
    """States that act as organisations: the listed members of a coalition ("nations ...
    include Australia, Canada and France"), an ally or partner named ("our ally Turkey"),
    and a state's government ("the government of Iraq")."""
    found: list[Mention] = []
    for intro in _MEMBER_LIST.finditer(text):
        at = intro.end()
        while True:
            match = _LISTED_COUNTRY.match(text, at)
            if not match:
                break
            surface = match.group(0)
            name = re.sub(r"^(?:the|The)[ \t]+", "", surface)
            found.append(Mention(surface, name, "organisation", match.start(), generic=True))
            glue = re.compile(r",?[ \t]+(?:and[ \t]+)?|,[ \t]*").match(text, match.end())
            if not glue:
                break
            at = glue.end()
    for match in _LED_GROUP.finditer(text):
        found.append(Mention(match.group(0), re.sub(r"^(?:the|The)[ \t]+", "", match.group(0)), "organisation",
                             match.start(), generic=True))
    for match in _STATE_AS_PARTY.finditer(text):
        if match.group("gov"):
            surface = match.group(0)
            found.append(Mention(surface, re.sub(r"^(?:the|The)[ \t]+", "", surface), "organisation",
                                 match.start(), generic=True))
        else:
            state = match.group("state")
            found.append(Mention(state, re.sub(r"^the[ \t]+", "", state), "organisation",
                                 match.start("state"), generic=True))
            if match.group("rel").endswith("between"):
                # "partnership between the United States and Iraq": both are parties
                other = re.compile(rf"[ \t]+and[ \t]+((?:the[ \t]+)?(?:{_COUNTRY_NAMES}))\b").match(text, match.end())
                if other:
                    found.append(Mention(other.group(1), re.sub(r"^the[ \t]+", "", other.group(1)),
                                         "organisation", other.start(1), generic=True))
    return found


def _members(mentions: list[Mention], text: str) -> list[Mention]:
    """'ISIL fighters', 'Coalition partners': an organisation's people, mentioned as such."""
    found: list[Mention] = []
    for mention in mentions:
        if mention.kind != "organisation" or mention.generic:
            continue
        at = text.find(mention.name, mention.start)
        if at < 0:
            continue
        match = _MEMBERS.match(text, at + len(mention.name))
        if match:
            phrase = f"{mention.name} {match.group(1)}"
            found.append(Mention(_lead_in(text, at) + phrase, phrase, "organisation", mention.start, generic=True))
    return found


# Words that belong to a group's mention as written: "an ISIL tactical unit", "our
# Coalition partners", "senior Iraqi officials" (a count, "five ISIL fighters", does not).
_LEAD_IN = re.compile(
    r"(?<![\w-])(?:(?:[Tt]he|[Aa]n?|[Oo]ur|[Tt]heir|[Ii]ts|[Tt]hese|[Tt]hose|[Ss]enior)[ \t]+)+$"
)


def _lead_in(text: str, at: int) -> str:
    match = _LEAD_IN.search(text[max(0, at - 40):at])
    return match.group(0) if match else ""


def _peoples(text: str) -> list[Mention]:
    """'the Iraqi people', 'the people of Syria', 'Syrians': a people acting or acted for."""
    found: list[Mention] = []
    for match in _PEOPLES.finditer(text):
        country = match.group("country")
        if country and country not in ISO_NAMES:
            continue
        surface = match.group(0)
        name = surface[4:] if surface.lower().startswith("the ") else surface
        found.append(Mention(surface, name, "organisation", match.start(), generic=True))
    return found


def _known(name: str, vocabulary: Vocabulary) -> str | None:
    actor = vocabulary.actor(name)
    return actor.name if actor else None


def _aliases_in_text(text: str, vocabulary: Vocabulary) -> list[str]:
    """Vocabulary names and aliases written anywhere, as whole words (all-capital aliases
    like "EU" only in capitals, since "eu" or "spa" in lower case are other words)."""
    found: list[str] = []
    for actor in vocabulary.actors.values():
        for alias in (actor.name, *actor.aliases):
            flags = 0 if alias.isupper() or len(alias) <= 4 else re.I
            if re.search(rf"(?<![\w-]){re.escape(alias)}(?![\w])", text, flags):
                found.append(actor.name)
                break
    return found


def _first_position(text: str, actor: str, vocabulary: Vocabulary) -> int:
    entry = vocabulary.actors[actor]
    positions = [text.find(alias) for alias in (entry.name, *entry.aliases) if alias in text]
    return min(positions) if positions else len(text)


def _split_and_classify(run: str, start: int, text: str, vocabulary: Vocabulary, country_surfaces: set[str]) -> list[Mention]:
    to = _split_at_to(run)
    if to:
        # "from Mosul to Raqqah Province": "to" between two names, not inside one
        left, joint, right = to
        return (
            _split_and_classify(left, start, text, vocabulary, country_surfaces)
            + _split_and_classify(right, start + len(left) + len(joint), text, vocabulary, country_surfaces)
        )
    of = re.match(r"(.+?)([ \t]+of[ \t]+)(.+)$", run)
    if of and (of.group(1) in ISO_NAMES or of.group(1) in country_surfaces) and run not in ISO_NAMES and run not in country_surfaces:
        # "cleared Iraq of ISIL": a country is not the start of an organisation's name
        right_start = start + len(of.group(1)) + len(of.group(2))
        return (
            _split_and_classify(of.group(1), start, text, vocabulary, country_surfaces)
            + _split_and_classify(of.group(3), right_start, text, vocabulary, country_surfaces)
        )
    """'Macron and US Secretary of State Antony Blinken' is two names; 'Islamic State of Iraq
    and the Levant' is one: a run is split at 'and' unless it names an organisation and
    what stands before 'and' is not a name of its own."""
    parts = re.split(r"([ \t]+(?:and|&)[ \t]+)", run, maxsplit=1)
    if len(parts) == 3:
        left, joint, right = parts
        # ... unless what follows "and" is a body's name of its own ("the Bank of England")
        one_name = " of " in f" {left} " and (right.startswith("the ") or len(right.split()) == 1) \
            and not any(w.lower() in ORG_WORDS for w in right.split())
        left_words = left.split()
        # "Secretary of State for European and Eurasian Affairs Karen Donfried": a title
        # that has not reached its name yet goes on after "and"
        open_title = any(w.lower() in STRONG_TITLES for w in left_words) and not _name_after_title(left_words, country_surfaces)[0]
        if not one_name and not open_title:
            right_start = start + len(left) + len(joint)
            article = re.match(r"(?:the|of|for)[ \t]+", right)
            if article:  # "... and the Bank of England": the article stays before the name
                right, right_start = right[article.end():], right_start + article.end()
            return (
                _classify(left, start, text, vocabulary, country_surfaces)
                + _split_and_classify(right, right_start, text, vocabulary, country_surfaces)
            )
    return _classify(run, start, text, vocabulary, country_surfaces)


def _split_at_to(run: str) -> tuple[str, str, str] | None:
    """A run joined at "to" is one name only when a group word comes before "to"
    ("Global Coalition to Counter ISIL"); otherwise its two sides, and the "to" between."""
    match = re.search(r"[ \t]+to[ \t]+", run)
    if not match:
        return None
    left = run[:match.start()]
    if left.split()[-1].lower() in ORG_WORDS:
        rest = _split_at_to(run[match.end():])
        if not rest:
            return None
        return run[:match.end()] + rest[0], rest[1], rest[2]
    return left, match.group(0), run[match.end():]


def _speaker_label(run: str, start: int, text: str) -> list[Mention] | None:
    """'MR KIRBY:', 'QUESTION:' opening a line of a transcript: the speaker when a title
    says it is a person, nothing for the roles of a press briefing; None for any other run."""
    if not (run.isupper() and text[start + len(run):].startswith(":")):
        return None
    line_start = re.fullmatch(r"[ \t]*((?:MR|MRS|MS|DR)\.[ \t]+)?", text[text.rfind("\n", 0, start) + 1:start])
    if not line_start:
        return None
    if line_start.group(1):  # "MS. ORTEGA:", whose full stop ended the run before the name
        run, start = line_start.group(1) + run, start - len(line_start.group(1))
    words = run.split()
    if len(words) >= 2 and words[0].lower().rstrip(".") in STRONG_TITLES:
        name = " ".join(w.capitalize() for w in words[1:])
        return [Mention(run, name, "person", start)]
    return []


def _classify(run: str, start: int, text: str, vocabulary: Vocabulary, country_surfaces: set[str]) -> list[Mention]:
    label = _speaker_label(run, start, text)
    if label is not None:
        return label
    words = _tokens(run)
    before = text[max(0, start - 60):start]
    sentence_start = bool(re.search(r"(^|[.!?:\"“”]\s+|\n\s*)$", before)) or start == 0
    # trim connectors and leading sentence words from the ends
    while words and (words[-1].lower() in {"of", "for", "the", "and", "de", "on", "to", "in", "–", "-", "&"}):
        words.pop()
    determiner = ""
    if words and words[0] in LEADING_WORDS:
        if words[0] in {"The"} and len(words) > 1:
            determiner = "The "
        words = words[1:]
        start = start + len(run) - len(" ".join(words)) if words else start
        sentence_start = False
    if not words:
        return []
    if re.search(r"\bthe\s+$", before) and not determiner:
        determiner = "the "
    if determiner and _MODIFIED.match(text, start + len(run)):
        determiner = ""  # "the ISIL terrorist group": "the" belongs to the group, the name is ISIL
    name = " ".join(words)
    if _known(name, vocabulary):
        if vocabulary.actor(name).kind == "state" and _PLACE_BEFORE.search(re.sub(r"\bthe\s+$", "", before)):
            # "met in Riyadh": a state's name (or its capital's) after "in" is where
            # something happens; the state is still an actor of the article by its alias
            return []
        kind = "organisation" if vocabulary.actor(name).kind != "person" else "person"
        return [Mention(name, name, kind, start)]

    if all(w.lower() in TITLE_WORDS or _is_acronym(w) or w in ISO_NAMES or w in DEMONYMS for w in words) \
            and any(w.lower() in STRONG_TITLES for w in words):
        if determiner and words[-1].lower() not in {"of", "for", "and"}:
            # "the Secretary of State has authorized": with "the", a title names the one
            # person who holds it (a mention, never a candidate name)
            return [Mention(f"{determiner}{name}", name, "person", start, generic=True)]
        return []  # only a title: "U.S. Secretary of State" as a modifier
    if words[0] in _NOT_ACTORS_FIRST or words[-1] in _NOT_ACTORS_LAST:
        return []  # named operations, laws and resolutions are not actors
    # A name after a title or role: "Pentagon Press Secretary Peter Cook", "US Secretary of
    # State for European and Eurasian Affairs Karen Donfried", "Lt. Gen. Stephen J. Townsend".
    person, surface = _name_after_title(words, country_surfaces)
    if person:
        return [Mention(" ".join(surface), " ".join(person), "person", start)]
    if _names_an_office(words):
        # "12th Support Group Commander", "Director of the Office of Archives": the office of
        # one person, not the group; with "the" it stands for whoever holds it, and next to
        # a name the appositions take it
        if determiner:
            return [Mention(f"{determiner}{name}", name, "person", start, generic=True)]
        return []
    found_at = text.find(name, max(0, start - len(run)))
    end = (found_at if found_at >= 0 else start) + len(name)
    generic = _generic_organisation(words, text, end)
    if generic:
        surface = f"{determiner or _lead_in(text, end - len(name))}{name} {generic}"
        return [Mention(surface, f"{name} {generic}", "organisation", start, generic=True)]
    if name in ISO_NAMES and _STATE_ACTS.match(text, end):
        # "The United States condemns ...": the state acting, not the place
        return [Mention(f"{determiner}{name}", name, "organisation", start, generic=True)]

    org_word = any(re.sub(r"['’]", "", w.lower().strip(".,")) in ORG_WORDS for w in words)
    if org_word:
        if len(words) == 1 and (sentence_start or words[0].lower() in {"press", "state", "force", "unit"}):
            if sentence_start and words[0].lower() not in {"press", "state", "force", "unit"} \
                    and _MEMBERS.match(text, end):
                # "Coalition nations include ...": the word opens the sentence, but its
                # members after it show it names the organisation
                return [Mention(name, name, "organisation", start)]
            return []  # "Coalition" mid-sentence is the coalition; "Government said" opens a sentence
        surface = (determiner + name) if determiner else name
        return [Mention(surface, name, "organisation", start)]
    if re.fullmatch(_DESIGNATION, name) and words[0] not in _NOT_ORGANISATIONS:
        if text[start - 1:start] == "(":
            return []  # "USS Mahan (DDG 72)": the hull number of a ship, not a unit
        return [Mention((determiner + name) if determiner else name, name, "organisation", start)]
    if len(words) == 1 and _is_acronym(words[0]) and words[0] not in country_surfaces and words[0] not in NON_NAME_WORDS:
        if words[0] in _NOT_ORGANISATIONS:
            return []
        surface = (determiner + name) if determiner else name
        return [Mention(surface, name, "organisation", start)]
    role_before = bool(ROLE_BEFORE.search(before))
    if _PLACE_BEFORE.search(before) and not role_before:
        return []  # "near Ar Raqqah", "in Tal Afar": places
    if _looks_like_name(words, country_surfaces) and (len(words) >= 2 or role_before):
        if sentence_start and len(words) == 1:
            return []
        if not role_before and not _person_context(name, text):
            return []
        return [Mention(name, " ".join(_without_nickname(words)), "person", start)]
    return []


# Words for one person's office that end a role ("Task Group Commander").
_ROLE_NOUNS = {
    "commander", "director", "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman",
    "coordinator", "administrator", "adviser", "advisor", "envoy", "ambassador",
}
def _names_an_office(words: list[str]) -> bool:
    """A run ending in a word for one person's office, or a title word before its "of"."""
    if "of" in words:
        head = words[words.index("of") - 1].lower() if words.index("of") else ""
        return head in _ROLE_NOUNS or head in STRONG_TITLES
    return words[-1].lower() in _ROLE_NOUNS


_STATE_ACTS = re.compile(
    r"\s+(?:strongly\s+|also\s+|has\s+|have\s+|will\s+|would\s+|is\s+|remains\s+|continues to\s+)?"
    r"(?:said|says|condemns?|condemned|supports?|supported|welcomes?|welcomed|calls?|called|urges?|urged|"
    r"announced?|announces|stands?|stood|remains|reaffirms?|reaffirmed|applauds?|commends?|commended|"
    r"deplores?|rejects?|rejected|joins?|joined|provides?|provided|sent|sends|launched|conducted|"
    r"is committed|will continue|continues|recognizes|recognises|believes|expects?|demands?|"
    r"strongly|committed|deeply|calls|sanctioned|designated|offers?|offered)\b"
)
_NOT_ACTORS_FIRST = {"Operation", "Exercise", "Resolution", "Article", "Law", "Act", "Treaty", "Agreement", "Plan"}
_NOT_ACTORS_LAST = {
    "Resolution", "Resolutions", "Act", "Agreement", "Treaty", "Law", "Declaration", "Communique", "Communiqué",
    "Plan", "Accord", "Accords", "Protocol", "Convention", "Charter", "Order", "Report", "Initiative", "Process",
    "Talks", "Summit", "Conference", "Dialogue", "Forum", "Day", "Week", "Year", "Games", "Cup", "Award", "Prize",
    # buildings and works: places even when a body's word stands before them ("Press Briefing Room")
    "Room", "Building", "Airport", "Stadium", "Bridge", "Street", "Road", "Avenue", "Airfield", "Dam", "Gate",
}
_MODIFIED = re.compile(
    r"[ \t]+(?:terrorists?|fighters?|forces|tactical|militants?|leaders?|members?|positions?|targets?|group|"
    r"commanders?|headquarters|officials?|spokes(?:man|woman|person)|troops|units?|partners|advisers|"
    r"operatives|networks?|controlled|held|affiliated|vehicles?|weapons|strongholds?|territory|attacks?|"
    r"militia|supporters|cells?|elements|leadership|defectors|checkpoints?)\b"
)
_PLACE_BEFORE = re.compile(r"\b(?:in|near|outside|around|towards|toward|into|across|from|at)\s+$")
_PERSON_AFTER = (
    r"(?:\s*,\s*(?:who|a|an|the|\d+)\b|\s+(?:said|says|told|added|stated|noted|explained|announced|spoke|"
    r"met|visited|called|urged|warned|tweeted|wrote|asked|argued|insisted|accused|declared|replied|"
    r"responded|confirmed|denied|claimed|praised|thanked|stressed|emphasised|emphasized|recalled|"
    r"welcomed|condemned)\b)"
)


_ROLE_HEAD = (
    r"(?i:commander|commanding general|spokes(?:man|woman|person)|director|chief|secretary|minister|"
    r"ambassador|envoy|officer|adviser|advisor|representative|chairman|chairwoman|head|leader|president|"
    r"governor|deputy|coordinator|administrator)"
)
# The organisation a role belongs to: capitalised words and initials ("U.S. Central Command").
_OF_TOKEN = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w’'\-]*|\d+(?:st|nd|rd|th)|of|the|and|for|to|-|–)"
# "X, the group's spokesman will speak": the clause's verb also ends an apposition whose
# closing comma was left out.
_AUXILIARY = r"will|would|has|have|had|is|was|can|could|should|may|might|must"
# ", commander of U.S. Central Command,": a role in apposition after a person's name. It
# runs to the next comma or full stop, or to "at"/"in"/"who" that start something else.
_APPOSITION = re.compile(
    rf",[ \t]+(?P<role>(?:[Tt]he[ \t]+)?(?:(?!who\b|which\b|and\b|but\b|said\b|a\b|an\b)"
    rf"[\w.\-’'&]+[ \t]+){{0,8}}?{_ROLE_HEAD}(?:[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?{_OF_TOKEN}(?:[ \t]+{_OF_TOKEN})*)?)"
    rf"(?=[ \t]*(?:[,;:]|\.(?![A-Z])|$)|[ \t]+(?:at|in|on|who|which|and|said|says|{_AUXILIARY})\b)",
)


def _named_persons(mentions: list[Mention], text: str) -> Iterator[tuple[Mention, int]]:
    """Each mention of a person by a full name (two words or more), with where it stands."""
    for mention in mentions:
        if mention.kind != "person" or mention.generic or len(mention.name.split()) < 2:
            continue
        at = text.find(mention.surface, mention.start)
        if at >= 0:
            yield mention, at


def _appositions(mentions: list[Mention], text: str) -> list[Mention]:
    """'Gen. Joseph Votel, commander of U.S. Central Command': the role after a named
    person, set off by commas, is a mention of that person as written."""
    found: list[Mention] = []
    for mention, at in _named_persons(mentions, text):
        match = _APPOSITION.match(text, at + len(mention.surface))
        if match and len(match.group("role").split()) <= 12:
            role = match.group("role")
            if not role[:1].isupper() and not re.match(r"the\b|\d", role) and not re.search(r"[A-Z]", role):
                continue  # a role that names no office or organisation ("a close friend") is left out
            found.append(Mention(role, mention.name, "person", match.start("role"), generic=True))
    return found


# "The Fleet's commanding general, Lt. Gen. X": the role set before a named person, with
# "the" and the office that names it (capitalised words or an acronym), is a mention too.
_ROLE_BEFORE_NAME = re.compile(
    rf"(?<![\w-])(?P<role>[Tt]he[ \t]+(?:(?:[A-Z][\w.’'\-]*|acting|deputy|senior|chief|lead|top|commanding)[ \t]+){{1,6}}?"
    rf"{_ROLE_HEAD}),[ \t]+$"
)


def _roles_before_names(mentions: list[Mention], text: str) -> list[Mention]:
    found: list[Mention] = []
    for mention, at in _named_persons(mentions, text):
        window = max(0, at - 120)
        match = _ROLE_BEFORE_NAME.search(text[window:at])
        if match and re.search(r"[A-Z]", match.group("role")[1:]):
            found.append(Mention(match.group("role"), mention.name, "person", window + match.start(), generic=True))
    return found


# '"We will win," said Russell.': a single capitalised word after "said" that ends the
# clause is the speaker.
_SAID_NAME = re.compile(r"\b(?:said|says|according to)[ \t]+(?P<name>[A-Z][a-z][\w’'\-]+)(?=[ \t]*[.,;])")


def _speakers_after_said(text: str, country_surfaces: set[str], mentions: list[Mention]) -> list[Mention]:
    known = {m.surface for m in mentions} | {m.name for m in mentions}
    found: list[Mention] = []
    for match in _SAID_NAME.finditer(text):
        name = match.group("name")
        if name in known or name in LEADING_WORDS or not _looks_like_name([name], country_surfaces):
            continue
        found.append(Mention(name, name, "person", match.start("name")))
    return found


def _person_context(name: str, text: str) -> bool:
    """Two capitalised words are a person's name only with something to show it: a verb of
    speech or action after it, an apposition, 'by' or 'according to' before it, or the
    surname used alone elsewhere ("Klaar tweeted")."""
    escaped = re.escape(name)
    if re.search(rf"{escaped}{_PERSON_AFTER}", text):
        return True
    if re.search(rf"(?:\bby|according to|\bwith|\bMr\.?|\bMrs\.?|\bMs\.?)\s+{escaped}", text):
        return True
    surname = name.split()[-1]
    return len(re.findall(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text)) > len(re.findall(escaped, text))


# Acronyms that name things, units or times rather than organisations.
_NOT_ORGANISATIONS = {
    "AM", "PM", "TV", "OK", "ID", "CEO", "GDP", "DNA", "COVID", "PDF", "I", "II", "III", "IV", "IED", "IEDs",
    "VBIED", "VBIEDs", "UAV", "UAVs", "UAS", "GPS", "HQ", "POW", "RPG", "ATGM", "MANPADS", "NGO", "NGOs",
    "KM", "MM", "USD", "EUR", "GMT", "UTC", "CEST", "CET", "EST", "EDT", "FAQ", "URL", "PS", "AI", "IT",
    "COVID-19", "SUV", "VIP", "ISR", "BBQ", "LOL", "D.C.", "B.C.", "A.D.", "Q", "A", "Q&A",
}
_GENERIC_NOUNS = re.compile(
    r"[ \t]+((?:(?:military|opposition|democratic|government|civilian|maritime|Arab|Kurdish|Sunni|Shia)[ \t]+)?"
    r"(?:security forces|special forces|armed forces|forces|troops|service members|servicemembers|"
    r"military|army|navy|government|authorities|police|militias?|fighters|soldiers|officials|diplomats|"
    r"allies|partners|rebels|opposition|regime|ministry|embassy|civilians|citizens|children|companies|ships))\b"
)


def _generic_organisation(words: list[str], text: str, end: int) -> str:
    """'U.S. forces', 'Iraqi security forces': a country or demonym and a lower-case noun."""
    name = " ".join(words)
    if not (name in ISO_NAMES or name in DEMONYMS or all(w in DEMONYMS or w in ISO_NAMES for w in words)):
        return ""
    match = _GENERIC_NOUNS.match(text, end)
    return match.group(1) if match else ""


STRONG_TITLES = {
    "president", "minister", "secretary", "gen.", "gen", "general", "lt.", "col.", "maj.", "capt.", "sgt.",
    "spc.", "adm.", "cmdr.", "brig.", "mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.", "governor",
    "senator", "ambassador", "envoy", "spokesman", "spokeswoman", "spokesperson", "king", "queen", "prince",
    "princess", "sheikh", "emir", "pope", "chancellor", "premier", "commander", "officer", "representative",
    "director", "chairman", "chairwoman", "chief", "mayor", "judge", "colonel", "captain", "sergeant",
    "specialist", "corporal", "admiral", "commodore", "pvt.", "cpl.", "pfc.", "lieutenant", "advisor",
    "adviser", "mr", "mrs", "ms", "dr", "lt", "col", "maj", "capt", "sgt", "spc", "sir", "lord", "lady",
    "ayatollah", "patriarch", "speaker", "attorney", "commissioner", "brigadier", "major",
}


_OFFICE_ENDS = {"state", "defense", "defence", "affairs", "treasury", "interior", "staff", "justice"}


# "1st Class", "Second Class": the grade that ends a rating or rank ("Airman First Class",
# "Petty Officer 2nd Class"), so a rank whatever words of the service stand before it.
_GRADE = re.compile(r"(?:\d+(?:st|nd|rd|th)|First|Second|Third)", re.I)


def _is_grade(pair: list[str]) -> bool:
    return len(pair) == 2 and bool(_GRADE.fullmatch(pair[0])) and pair[1].lower() == "class"


def _title_before(prefix: list[str]) -> list[str]:
    """The words of the title itself, walking back from the name: title and office words,
    acronyms, countries and organisation words ("Pentagon Press Secretary"), but not the
    end of a Title Case headline run into it."""
    start = len(prefix)
    while start > 0:
        word = prefix[start - 1]
        bare = word.strip(".,")
        if start >= 3 and prefix[start - 2] == "to" and prefix[start - 3].lower() in ORG_WORDS:
            start -= 2  # "... for the Coalition to Counter ISIL": the verb of a group's name
        elif word.lower() in TITLE_WORDS or _is_acronym(word) or bare in ISO_NAMES or bare in DEMONYMS \
                or bare.lower() in ORG_WORDS or bare.lower() in _OFFICE_ENDS or word.lower() in STRONG_TITLES \
                or _is_grade(prefix[start - 1:start + 1]):
            start -= 1
        else:
            office = _office_of(prefix[:start])
            if office is None:
                break
            start = office
    while start < len(prefix) and prefix[start].lower() in {"of", "for", "the", "and"}:
        start += 1
    return prefix[start:]


def _office_of(prefix: list[str]) -> int | None:
    """'Envoy for the Global Coalition': where the title word stands whose "of" or "for"
    the capitalised words at the end of `prefix` complete, or None."""
    for at in range(len(prefix) - 1, 0, -1):
        word = prefix[at]
        if word in {"of", "for"}:
            title = prefix[at - 1].lower()
            return at - 1 if title in TITLE_WORDS and title not in {"of", "for", "the", "and"} else None
        if not (word[:1].isupper() or word in {"the", "and", "to"}):
            return None
    return None


def _name_after_title(words: list[str], country_surfaces: set[str]) -> tuple[list[str], list[str]]:
    """The person's name in a run that holds a title, or [].

    Either the name ends the run ("Pentagon Press Secretary Peter Cook", "US Secretary of
    State for European and Eurasian Affairs Karen Donfried") or it follows a title that
    opens the run ("Ambassador Saperstein for Religious Minorities").
    """
    for size in (4, 3, 2, 1):
        if len(words) <= size:
            continue
        name, prefix = words[-size:], words[:-size]
        last = prefix[-1].lower()
        graded = _is_grade(prefix[-2:])
        if not (graded or any(w.lower() in STRONG_TITLES for w in prefix)) or last in {"of", "for", "the", "and", "&"}:
            continue
        if size == 1 and last not in STRONG_TITLES and last not in _OFFICE_ENDS and not graded:
            continue
        if size > 1 and not (last in TITLE_WORDS or _is_acronym(prefix[-1])):
            continue
        if _looks_like_name(name, country_surfaces):
            return _without_nickname(name), _title_before(prefix) + name
    lead = 0
    while lead < len(words) and words[lead].lower() in TITLE_WORDS and words[lead].lower() not in {"of", "for", "the", "and"}:
        lead += 1
    if lead and any(w.lower() in STRONG_TITLES for w in words[:lead]):
        name = []
        for word in words[lead:]:
            if not word[:1].isupper():
                break
            name.append(word)
        if name and _looks_like_name(name[:3], country_surfaces):
            return name[:3], words[:lead] + name[:3]
    return [], []


_NICKNAME = re.compile(r"['‘\"“][A-Z][\w.]*['’\"”]")


def _without_nickname(words: list[str]) -> list[str]:
    """The name itself: a nickname in quotes is kept in the mention as written, not in the name."""
    return [w for w in words if not _NICKNAME.fullmatch(w)]


def _looks_like_name(words: list[str], country_surfaces: set[str]) -> bool:
    if not 1 <= len(words) <= 4:
        return False
    if " ".join(words) in NON_NAME_WORDS or " ".join(words) in ISO_NAMES:
        return False
    for index, word in enumerate(words):
        if re.fullmatch(r"IV|III|II|Jr\.?|Sr\.?", word) and word is not words[0]:
            continue
        if _NICKNAME.fullmatch(word) and 0 < index < len(words) - 1:
            continue  # John “J.D.” Dorrian: a nickname in quotes between the names
        if not word[:1].isupper() and word not in {"de", "van", "von", "al", "bin", "ibn", "da", "du", "del", "der", "la", "le"} \
                and not re.match(r"(?:al|el|ad|as|ash|at|az|ar|bin|ibn|abu|ben|bou)-[A-Z]", word):
            return False
        if word in {"Al", "Ar", "As", "Ad", "An", "Az", "Tal", "Tell", "Ayn", "Ain", "Dayr", "Deir", "Ras", "Bir", "Jabal", "Jebel", "Wadi", "Khan", "Kafr"} and word is words[0]:
            return False  # Arabic place names: Ar Raqqah, Tal Afar, Dayr az Zawr
        bare = word.rstrip(".,")
        if bare in NON_NAME_WORDS or bare in country_surfaces or bare.lower() in ORG_WORDS:
            return False
        if _is_acronym(bare) and len(bare) > 1 and not re.fullmatch(r"[A-Z]\.?", word):
            return False
        if bare.lower() in TITLE_WORDS and bare.lower() not in {"van", "von", "de", "al"}:
            return False
        if re.fullmatch(r"\d+(?:st|nd|rd|th)", bare):
            return False
    last = words[-1]
    return bool(re.fullmatch(r"[A-Z][a-zà-ÿ’'\-]+(?:-[A-Z][a-z]+)?|al-[A-Z][\w\-]+|[A-Z][a-z]+[A-Z][a-z]+|IV|III|II|Jr\.?", last))


def _resolve_surnames(mentions: list[Mention], text: str) -> list[Mention]:
    """A lone capitalised word that is the surname of a person named earlier is that person."""
    surnames: dict[str, str] = {}
    for m in mentions:
        words = m.name.split()
        if m.generic or m.kind != "person" or len(words) < 2:
            continue
        if re.fullmatch(r"IV|III|II|Jr\.?|Sr\.?", words[-1]) and len(words) >= 3:
            words = words[:-1]  # "Charles H. Keating IV" is later "Keating"
        surnames[words[-1]] = m.name
        if len(words) >= 3 and words[0] in {"Abu", "Umm"}:
            # an Arabic kunya, "Abu Jafar" of "Abu Jafar al-Tikriti", is how the person is
            # called for short, as a surname is
            surnames[" ".join(words[:2])] = m.name
        article = re.match(r"(?:al|el|as|ad|ar|ash|at|az)-(?=[A-Z])", words[-1])
        if article:
            surnames[words[-1][article.end():]] = m.name  # "al-Abadi" is later "Abadi"
    if not surnames:
        return mentions
    # "Deputy Secretary Blinken" is already a mention as written: the surname inside it is
    # not a second, bare mention of the same person
    spans = _person_spans(mentions, text)
    extra: list[Mention] = []
    for surname, full in surnames.items():
        for match in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            if text[max(0, match.end() - len(full)):match.end()] == full:
                continue  # the surname of the full mention itself
            if any(begin <= match.start() and match.end() <= end for begin, end in spans):
                continue
            extra.append(Mention(surname, full, "person", match.start()))
    return mentions + extra


def _person_spans(mentions: list[Mention], text: str) -> list[tuple[int, int]]:
    """Where each person mention stands in the text, as (start, end)."""
    spans: list[tuple[int, int]] = []
    for mention in mentions:
        if mention.kind != "person":
            continue
        at = text.find(mention.surface, max(0, mention.start - len(mention.surface)))
        if at >= 0:
            spans.append((at, at + len(mention.surface)))
    return spans
