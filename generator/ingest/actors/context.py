"""Mentions found by what surrounds a name rather than by the name itself: roles in
apposition, speakers after "said", peoples, states acting as parties, a group's members,
acronyms defined in parentheses, and surnames used alone after the full name."""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Iterator

from generator.ingest.actors.model import Mention
from generator.ingest.actors.names import looks_like_name, only_proper_words
from generator.ingest.actors.person_cues import PersonCues
from generator.ingest.actors.words import LEADING_WORDS, LOWER, NON_NAME_WORDS, UPPER
from generator.ingest.countries import DEMONYMS, ISO_NAMES


_PLURAL_DEMONYMS = sorted(
    {d + "s" for d in DEMONYMS if d.endswith(("an", "i", "ian"))} | {"Turks", "Kurds", "Arabs", "Afghans", "Yemenis", "Saudis"},
    key=len, reverse=True,
)


_PEOPLES = re.compile(
    r"(?<![\w-])(?:(?P<the>the|The)\s+)?(?:people of (?P<country>[A-Z][\w ]+?)\b(?=[\s.,;:])|"
    r"(?P<demonym>" + "|".join(DEMONYMS) + r") people\b|(?P<plural>" + "|".join(_PLURAL_DEMONYMS) + r")\b)"
)


MEMBERS_AFTER = re.compile(
    r"[ \t]+((?:military[ \t]+|security[ \t]+|partner[ \t]+)?(?:fighters|terrorists|militants|forces|troops|partners|members|officials|leaders|advisers|"
    r"advisors|nations|operatives|commanders|tactical units?))\b"
)


_COUNTRY_NAMES = "|".join(re.escape(n) for n in sorted(ISO_NAMES, key=len, reverse=True))


@functools.cache
def _listed_country() -> re.Pattern[str]:
    """A country's name, as a member of a list. Compiled on first use (a list of members
    is rare, and the two hundred names took 3 ms)."""
    return re.compile(rf"(?:(?:the|The)[ \t]+)?(?:{_COUNTRY_NAMES})\b")


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


# Words that belong to a group's mention as written: "an ISIL tactical unit", "our
# Coalition partners", "senior Iraqi officials" (a count, "five ISIL fighters", does not).
_LEAD_IN = re.compile(
    r"(?<![\w-])(?:(?:[Tt]he|[Aa]n?|[Oo]ur|[Tt]heir|[Ii]ts|[Tt]hese|[Tt]hose|[Ss]enior)[ \t]+)+$"
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


# "The Fleet's commanding general, Lt. Gen. X": the role set before a named person, with
# "the" and the office that names it (capitalised words or an acronym), is a mention too.
_ROLE_BEFORE_NAME = re.compile(
    rf"(?<![\w-])(?P<role>[Tt]he[ \t]+(?:(?:[A-Z][\w.’'\-]*|acting|deputy|senior|chief|lead|top|commanding)[ \t]+){{1,6}}?"
    rf"{_ROLE_HEAD}),[ \t]+$"
)


# '"We will win," said Russell.': a single capitalised word after "said" that ends the
# clause is the speaker.
_SAID_NAME = re.compile(r"\b(?:said|says|according to)[ \t]+(?P<name>[A-Z][a-z][\w’'\-]+)(?=[ \t]*[.,;])")


def lead_in(text: str, at: int) -> str:
    match = _LEAD_IN.search(text[max(0, at - 40):at])
    return match.group(0) if match else ""


def defined_long_acronyms(text: str) -> list[Mention]:
    found: list[Mention] = []
    for acronym in dict.fromkeys(m.group(1) for m in _DEFINED_ACRONYM.finditer(text)):
        for match in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
            found.append(Mention(acronym, acronym, "organisation", match.start()))
    return found


def states_as_parties(text: str) -> list[Mention]:
    """States that act as organisations: the listed members of a coalition ("nations ...
    include Australia, Canada and France"), an ally or partner named ("our ally Turkey"),
    and a state's government ("the government of Iraq")."""
    found: list[Mention] = []
    for intro in _MEMBER_LIST.finditer(text):
        at = intro.end()
        while True:
            match = _listed_country().match(text, at)
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


def members(mentions: list[Mention], text: str) -> list[Mention]:
    """'ISIL fighters', 'Coalition partners': an organisation's people, mentioned as such."""
    found: list[Mention] = []
    for mention in mentions:
        if mention.kind != "organisation" or mention.generic:
            continue
        at = text.find(mention.name, mention.start)
        if at < 0:
            continue
        match = MEMBERS_AFTER.match(text, at + len(mention.name))
        if match:
            phrase = f"{mention.name} {match.group(1)}"
            found.append(Mention(lead_in(text, at) + phrase, phrase, "organisation", mention.start, generic=True))
    return found


def peoples(text: str) -> list[Mention]:
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


def _named_persons(mentions: list[Mention], text: str) -> Iterator[tuple[Mention, int]]:
    """Each mention of a person by a full name (two words or more), with where it stands."""
    for mention in mentions:
        if mention.kind != "person" or mention.generic or len(mention.name.split()) < 2:
            continue
        at = text.find(mention.surface, mention.start)
        if at >= 0:
            yield mention, at


def appositions(mentions: list[Mention], text: str) -> list[Mention]:
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


def roles_before_names(mentions: list[Mention], text: str) -> list[Mention]:
    found: list[Mention] = []
    for mention, at in _named_persons(mentions, text):
        window = max(0, at - 120)
        match = _ROLE_BEFORE_NAME.search(text[window:at])
        if match and re.search(r"[A-Z]", match.group("role")[1:]):
            found.append(Mention(match.group("role"), mention.name, "person", window + match.start(), generic=True))
    return found


def speakers_after_said(
    text: str, country_surfaces: set[str], mentions: list[Mention], cues: PersonCues | None = None,
) -> list[Mention]:
    """'"We will win," said Russell.' and, with the cues of the article's language, '« Nous
    gagnerons », a déclaré Dupont.', 'dijo Ruiz.': the speaker named by one word."""
    known = {m.surface for m in mentions} | {m.name for m in mentions}
    found: list[Mention] = []
    matches = list(_SAID_NAME.finditer(text)) + (list(cues.speaker.finditer(text)) if cues else [])
    for match in matches:
        name = match.group("name")
        if name in known or name in LEADING_WORDS or not looks_like_name([name], country_surfaces):
            continue
        found.append(Mention(name, name, "person", match.start("name")))
    return found


def resolve_surnames(mentions: list[Mention], text: str) -> list[Mention]:
    """A lone capitalised word that is the surname of a person named in full is that
    person; of two people with one surname ("Barack Obama", "Sasha Obama"), the one named
    in full more often, or first."""
    named = [m for m in mentions if not m.generic and m.kind == "person" and len(m.name.split()) >= 2]
    times = Counter(m.name for m in named)
    surnames: dict[str, str] = {}

    def take(surname: str, name: str) -> None:
        if surname not in surnames or times[name] > times[surnames[surname]]:
            surnames[surname] = name

    for m in named:
        words = m.name.split()
        if re.fullmatch(r"IV|III|II|Jr\.?|Sr\.?", words[-1]) and len(words) >= 3:
            words = words[:-1]  # "Charles H. Keating IV" is later "Keating"
        take(words[-1], m.name)
        if len(words) >= 3 and words[0] in {"Abu", "Umm"}:
            # an Arabic kunya, "Abu Jafar" of "Abu Jafar al-Tikriti", is how the person is
            # called for short, as a surname is
            take(" ".join(words[:2]), m.name)
        article = re.match(r"(?:al|el|as|ad|ar|ash|at|az)-(?=[A-Z])", words[-1])
        if article:
            take(words[-1][article.end():], m.name)  # "al-Abadi" is later "Abadi"
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


# A single capitalised word mid-sentence ("... in which Obama has run ...").
_SINGLE_WORD = re.compile(rf"(?<=[{LOWER},;][ \t])(?P<word>[{UPPER}][{LOWER}][\w’'\-]*?)(?:['’]s)?(?![\w’'\-])")
# A capitalised word just before or after: the word is part of a longer name.
_IN_LONGER_NAME_BEFORE = re.compile(r"(?<![\w’'\-])[A-Z][\w’'\-]*[ \t]$")
_IN_LONGER_NAME_AFTER = re.compile(r"[ \t][A-Z]")


def _in_longer_name(text: str, match: re.Match[str]) -> bool:
    """'States' of 'the United States', 'Romney' of 'Romney Administration' (a possessive
    ends the name: 'Apple's Q3' is Apple's)."""
    before = _IN_LONGER_NAME_BEFORE.search(text, max(0, match.start() - 40), match.start())
    possessive = match.end() > match.end("word")
    return before is not None or (not possessive and _IN_LONGER_NAME_AFTER.match(text, match.end()) is not None)

# "near Raqqah", "from Aleppo", "north of Aleppo": a place, for a single word.
_PLACE_BEFORE_WORD = re.compile(
    r"\b(?:in|near|outside|around|towards?|into|across|from|at|(?:north|south|east|west)\s+of)[ \t]+$"
)


@functools.cache
def _kind_before() -> re.Pattern[str]:
    """A kind of place or thing written before a name: "Hurricane Sandy", "Camp Bastion".
    Compiled on first use: a word must pass every other test first, and the pattern of all
    the kinds took 6 ms."""
    return re.compile(r"\b(?:" + "|".join(sorted(w for w in NON_NAME_WORDS if " " not in w)) + r")[ \t]+$")


# What shows a lone word is someone who acts: a possessive, or a verb after it.
_ACTS_AFTER = re.compile(
    r"(?:['’]s\b|[ \t]+(?:has|had|is|was|will|would|can|could|did|does|said|says|told|wants|wanted|"
    r"won|lost|called|argued|added|insisted)\b)"
)


def repeated_single_names(
    mentions: list[Mention], text: str, country_surfaces: set[str], cues: PersonCues | None = None,
) -> list[Mention]:
    """'Obama has run a hawkish policy ... Obama's team': a word written mid-sentence two
    times or more, never in lower case and no common word, that acts (a possessive or a verb
    after it, in English or, with `cues`, in the article's language) at least once, is a
    person named by the surname alone."""
    named = {w for m in mentions for w in m.name.split()} | {m.surface for m in mentions}
    spans = [(m.start, m.start + len(m.surface)) for m in mentions]
    places: dict[str, list[re.Match[str]]] = {}
    for match in _SINGLE_WORD.finditer(text):
        places.setdefault(match.group("word"), []).append(match)
    found: list[Mention] = []
    for word, matches in places.items():
        if len(matches) < 2 or word in named or word in country_surfaces or not looks_like_name([word], country_surfaces):
            continue
        if not only_proper_words([word], text) or word in LEADING_WORDS:
            continue
        if not any(_ACTS_AFTER.match(text, m.end("word")) or (cues and cues.acts_after.match(text, m.end("word")))
                   for m in matches):
            continue
        if all(_in_longer_name(text, m) for m in matches):
            continue  # "States" of "the United States", written only so
        if any(_PLACE_BEFORE_WORD.search(text, max(0, m.start() - 16), m.start()) for m in matches):
            continue  # "near Raqqah" once: a place, whatever it does elsewhere
        if any(_kind_before().search(text, max(0, m.start() - 30), m.start()) for m in re.finditer(rf"\b{word}\b", text)):
            continue  # "Hurricane Sandy", "Mount Kenya": named as a kind of thing
        for m in matches:
            if not any(begin <= m.start() < end for begin, end in spans):
                found.append(Mention(word, word, "person", m.start()))
    return found
