"""The shape of a person's name, and the titles and roles written around it."""

from __future__ import annotations

import re
from functools import lru_cache

from generator.ingest.actors.person_cues import PersonCues
from generator.ingest.actors.words import (
    COMMON_WORDS, LOWER, NAME_PARTICLES, NON_NAME_WORDS, PLACE_NAME_STARTS, OFFICE_ENDS, ORG_WORDS, ROLE_NOUNS, STRONG_TITLES,
    TITLE_WORDS, UPPER, is_acronym,
)
from generator.ingest.countries import DEMONYMS, ISO_NAMES


# Lower-case roles that, just before a name, say it is a person's: "prime minister Nikol Pashinyan".
ROLE_BEFORE = re.compile(
    r"\b(?:president|minister|secretary|spokes(?:man|woman|person)|commander|general|envoy|ambassador|"
    r"leader|chief|chairman|director|officer|senator|governor|mayor|king|prince|sheikh|adviser|"
    r"advisor|representative|head|founder|ceo|coach|author|professor|colonel|captain|judge|"
    r"mr\.?|mrs\.?|ms\.?|dr\.?)\s*,?\s*$",
    re.I,
)


NICKNAME = re.compile(r"['‘\"“][A-Z][\w.]*['’\"”]")


# "1st Class", "Second Class": the grade that ends a rating or rank ("Airman First Class",
# "Petty Officer 2nd Class"), so a rank whatever words of the service stand before it.
_GRADE = re.compile(r"(?:\d+(?:st|nd|rd|th)|First|Second|Third)", re.I)


PERSON_AFTER = (
    r"(?:\s*,\s*(?:who|a|an|the|\d+)\b|\s+(?:said|says|told|added|stated|noted|explained|announced|spoke|"
    r"met|visited|called|urged|warned|tweeted|wrote|asked|argued|insisted|accused|declared|replied|"
    r"responded|confirmed|denied|claimed|praised|thanked|stressed|emphasised|emphasized|recalled|"
    r"welcomed|condemned)\b)"
)


def without_nickname(words: list[str]) -> list[str]:
    """The name itself: a nickname in quotes is kept in the mention as written, not in the name."""
    return [w for w in words if not NICKNAME.fullmatch(w)]


def looks_like_name(words: list[str], country_surfaces: set[str]) -> bool:
    if not 1 <= len(words) <= 4:
        return False
    if " ".join(words) in NON_NAME_WORDS or " ".join(words) in ISO_NAMES:
        return False
    for index, word in enumerate(words):
        if re.fullmatch(r"IV|III|II|Jr\.?|Sr\.?", word) and word is not words[0]:
            continue
        if NICKNAME.fullmatch(word) and 0 < index < len(words) - 1:
            continue  # John “J.D.” Dorrian: a nickname in quotes between the names
        if not word[:1].isupper() and word not in NAME_PARTICLES \
                and not re.match(r"(?:al|el|ad|as|ash|at|az|ar|bin|ibn|abu|ben|bou)-[A-Z]", word):
            return False
        if word in PLACE_NAME_STARTS and word is words[0]:
            return False  # place names: Ar Raqqah, Tal Afar, San Diego
        bare = word.rstrip(".,")
        if bare in NON_NAME_WORDS or bare in country_surfaces or bare.lower() in ORG_WORDS:
            return False
        if is_acronym(bare) and len(bare) > 1 and not re.fullmatch(r"[A-Z]\.?", word):
            return False
        if bare.lower() in TITLE_WORDS and bare.lower() not in {"van", "von", "de", "al"}:
            return False
        if re.fullmatch(r"\d+(?:st|nd|rd|th)", bare):
            return False
    return bool(_SURNAME.fullmatch(words[-1]))


# The last word of a name: a capital and lower-case letters, in any cased script ("Dupont",
# "Sánchez", "Nguyễn", "Шевченко"), hyphenated ("Jean-Dupont"), with an Arabic article
# ("al-Abadi"), or a capital inside ("McCain"); or a generation ("III", "Jr.").
_SURNAME = re.compile(
    rf"[{UPPER}][{LOWER}’'\-]+(?:-[{UPPER}][{LOWER}]+)?|(?:al|el)-[A-Z][\w\-]+|[A-Z][a-z]+[A-Z][a-z]+|IV|III|II|Jr\.?"
)


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
        elif word.lower() in TITLE_WORDS or is_acronym(word) or bare in ISO_NAMES or bare in DEMONYMS \
                or bare.lower() in ORG_WORDS or bare.lower() in OFFICE_ENDS or word.lower() in STRONG_TITLES \
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


def name_after_title(words: list[str], country_surfaces: set[str]) -> tuple[list[str], list[str]]:
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
        if size == 1 and last not in STRONG_TITLES and last not in OFFICE_ENDS and not graded:
            continue
        if size > 1 and not (last in TITLE_WORDS or is_acronym(prefix[-1])):
            continue
        if looks_like_name(name, country_surfaces):
            return without_nickname(name), _title_before(prefix) + name
    lead = 0
    while lead < len(words) and words[lead].lower() in TITLE_WORDS and words[lead].lower() not in {"of", "for", "the", "and"}:
        lead += 1
    if lead and any(w.lower() in STRONG_TITLES for w in words[:lead]):
        name = []
        for word in words[lead:]:
            if not word[:1].isupper():
                break
            name.append(word)
        if name and looks_like_name(name[:3], country_surfaces):
            return name[:3], words[:lead] + name[:3]
    return [], []


_PERSON_AFTER_RE = re.compile(PERSON_AFTER)
PLACE_PREPOSITION = re.compile(r"\b(?:in|near|outside|around|towards?|into|across)[ \t]+$")
_PERSON_BEFORE_RE = re.compile(r"(?:\bby|according to|\bwith|\bMr\.?|\bMrs\.?|\bMs\.?)\s+$")


@lru_cache(maxsize=4)
def lower_case_words(text: str) -> frozenset[str]:
    """Every word `text` writes in lower case."""
    # not the words of an address or a handle ("/mitt-romney/", "@romney", "#romney")
    return frozenset(re.findall(r"(?<![\w’'\-/.#@=])[a-z][a-z’'-]*(?![\w/.=]*/)", text))


def only_proper_words(words: list[str], text: str) -> bool:
    """'Steve Kroft', 'Hu Jintao': words the text never writes in lower case and that are no
    common English words, as names are; 'Space Shuttle' or 'Great Pyramids' are not."""
    lower = lower_case_words(text)
    if not all(w.lower() not in lower and w.lower() not in COMMON_WORDS and len(w.rstrip(".")) > 1 for w in words):
        return False
    # ... and never written after "in" or "near", as a place is
    name = " ".join(words)
    at = text.find(name)
    while at >= 0:
        if PLACE_PREPOSITION.search(text, max(0, at - 12), at):
            return False
        at = text.find(name, at + len(name))
    return True


def person_context(name: str, text: str, cues: PersonCues | None = None) -> bool:
    """Two capitalised words are a person's name only with something to show it: a verb of
    speech or action after it, an apposition, 'by' or 'according to' before it, the
    surname used alone elsewhere ("Klaar tweeted"), or words that are only ever names.
    `cues`: the same words in the article's language ("a déclaré", "según"), besides English."""
    if only_proper_words(name.split(), text):
        return True
    # each place the name is written, looked at with patterns compiled once (a pattern
    # built around each name cost most of the time of the actor passes)
    written = 0
    at = text.find(name)
    while at >= 0:
        written += 1
        if _PERSON_AFTER_RE.match(text, at + len(name)) or _PERSON_BEFORE_RE.search(text, max(0, at - 24), at):
            return True
        if cues and (cues.context_after.match(text, at + len(name)) or cues.context_before.search(text, max(0, at - 30), at)):
            return True
        at = text.find(name, at + len(name))
    surname = name.split()[-1]
    if surname.lower() in lower_case_words(text):
        return False  # "Cold War" then "the War": a word, not a surname used alone
    return len(re.findall(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text)) > written


def names_an_office(words: list[str]) -> bool:
    """A run ending in a word for one person's office, or a title word before its "of"."""
    if "of" in words:
        head = words[words.index("of") - 1].lower() if words.index("of") else ""
        return head in ROLE_NOUNS or head in STRONG_TITLES
    return words[-1].lower() in ROLE_NOUNS
