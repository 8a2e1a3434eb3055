"""Capitalised runs of words, split where they hold two names, and classified: a person,
an organisation, or nothing (a place, a title alone, an event, a sentence's first word)."""

from __future__ import annotations

import re

from generator.ingest.actors.context import MEMBERS_AFTER, lead_in
from generator.ingest.actors.linking import known_actor
from generator.ingest.actors.model import Mention
from generator.ingest.actors.person_cues import PersonCues
from generator.ingest.actors.names import (
    ROLE_BEFORE, looks_like_name, name_after_title, names_an_office, person_context, without_nickname,
)
from generator.ingest.actors.words import (
    GENERIC_ACRONYMS, LEADING_WORDS, NON_NAME_WORDS, NOT_ACTORS_FIRST, NOT_ACTORS_LAST, ORG_WORDS, STRONG_TITLES,
    TITLE_WORDS, UPPER, is_acronym,
)
from generator.ingest.countries import DEMONYMS, ISO_NAMES
from generator.taxonomy import Vocabulary


_ABBREVIATIONS = (
    "Gen|Lt|Col|Maj|Capt|Sgt|Spc|Adm|Cmdr|Brig|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|St|Jr|Sr|Pvt|Cpl|Pfc|"
    "Ft|Mt|Inc|Corp|Co|Ltd|Prof|Rev|Hon|Amb|Pres|Sec|Gens"
)


# "CTF 50", "TF 88": a unit's letters and number are one name.
DESIGNATION = r"[A-Z]{2,5}[ \t]\d{1,4}(?![\w.,:/])"


# A name token: an abbreviation with its full stop, initials ("J.", "U.S."), a capitalised
# word (with an "&" inside it: "AT&T", "JCP&L", "Texas A&M"), an ordinal ("3rd Battalion") or an Arabic article ("al-Abadi", "Nur el-Din"). A full
# stop after anything else ends the sentence, and so the run.
_TOKEN = rf"(?:{DESIGNATION}|['‘\"“][A-Z][\w.]*['’\"”]|(?:{_ABBREVIATIONS})\.|[A-Z]\.(?:[A-Z]\.)*|[{UPPER}][\w’'\-]*(?:&[A-Z][\w’'\-]*)*|\d+(?:st|nd|rd|th)|(?:al|el)-[A-Z][\w\-]*)"


# "to" only before a capitalised verb and its object, as in an organisation's name of
# purpose ("Committee to Protect Journalists"), and "on" as in a body's name of its subject
# ("Council on Foreign Relations"); _split_at_joint undoes the rest ("Obama on Tuesday").
_CONNECTOR = r"(?:of|for|the|and|de|du|del|da|al|bin|ibn|van|von|der|&|on|to(?=[ \t]+[A-Z][a-z]+[ \t]+[A-Z]))"


# A capitalised run on one line, allowing "of the" and the like inside it.
RUN = re.compile(rf"(?<![\w.]){_TOKEN}(?:[ \t]+(?:{_CONNECTOR}[ \t]+)*{_TOKEN})*")


# Characters that show nothing: direction marks, zero-width spaces, soft hyphens. Pasted
# text carries them inside names ("Prime Minister<LRM> Haider"), where they would end a run.
INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


_STATE_ACTS = re.compile(
    r"\s+(?:strongly\s+|also\s+|has\s+|have\s+|will\s+|would\s+|is\s+|remains\s+|continues to\s+)?"
    r"(?:said|says|condemns?|condemned|supports?|supported|welcomes?|welcomed|calls?|called|urges?|urged|"
    r"announced?|announces|stands?|stood|remains|reaffirms?|reaffirmed|applauds?|commends?|commended|"
    r"deplores?|rejects?|rejected|joins?|joined|provides?|provided|sent|sends|launched|conducted|"
    r"is committed|will continue|continues|recognizes|recognises|believes|expects?|demands?|"
    r"strongly|committed|deeply|calls|sanctioned|designated|offers?|offered)\b"
)


_MODIFIED = re.compile(
    r"[ \t]+(?:terrorists?|fighters?|forces|tactical|militants?|leaders?|members?|positions?|targets?|group|"
    r"commanders?|headquarters|officials?|spokes(?:man|woman|person)|troops|units?|partners|advisers|"
    r"operatives|networks?|controlled|held|affiliated|vehicles?|weapons|strongholds?|territory|attacks?|"
    r"militia|supporters|cells?|elements|leadership|defectors|checkpoints?)\b"
)


_PLACE_BEFORE = re.compile(r"\b(?:in|near|outside|around|towards|toward|into|across|from|at)\s+$")


_GENERIC_NOUNS = re.compile(
    r"[ \t]+((?:(?:military|opposition|democratic|government|civilian|maritime|Arab|Kurdish|Sunni|Shia)[ \t]+)?"
    r"(?:security forces|special forces|armed forces|forces|troops|service members|servicemembers|"
    r"military|army|navy|government|authorities|police|militias?|fighters|soldiers|officials|diplomats|"
    r"allies|partners|rebels|opposition|regime|ministry|embassy|civilians|citizens|children|companies|ships))\b"
)


_LEADING_MODIFIER = re.compile(
    r"(?:(?:The|the)[ \t]+)?[A-Z][\w’'.]*-(?:based|led|owned|backed|run|funded|linked|allied|affiliated|born|controlled|held)[ \t]+"
)


def _tokens(run: str) -> list[str]:
    return run.split()


def part_of(previous: tuple[str, list[Mention]], cleaned: str, right: Mention) -> bool:
    piece, owners = previous
    if not owners or not re.search(r"['’]s$", piece):
        return False
    owner = owners[-1]
    return (
        owner.kind == "organisation" and not owner.generic and re.sub(r"['’]s$", "", piece).endswith(owner.name)
        and right.kind == "organisation" and not right.generic and right.surface == right.name
        and cleaned.startswith(right.name) and any(w.lower() in ORG_WORDS for w in right.name.split())
    )


def split_and_classify(
    run: str, start: int, text: str, vocabulary: Vocabulary, country_surfaces: set[str], titled: bool = False,
    cues: PersonCues | None = None,
) -> list[Mention]:
    """The mentions a capitalised run holds; `titled` when a title outside the run says its
    (first) name is a person's; `cues` the words of the article's language around a
    person's name (person_cues.py), besides the English ones."""
    modifier = _LEADING_MODIFIER.match(run)
    if modifier and modifier.end() < len(run):
        # "the Britain-based Syrian Observatory", "Murdoch-owned News of the World": who is
        # behind a body is no part of its name
        return split_and_classify(run[modifier.end():], start + modifier.end(), text, vocabulary, country_surfaces, cues=cues)
    to = _split_at_joint(run)
    if to:
        # "from Mosul to Raqqah Province", "Obama on Tuesday": "to" or "on" between two
        # names, not inside one
        left, joint, right = to
        return (
            split_and_classify(left, start, text, vocabulary, country_surfaces, cues=cues)
            + split_and_classify(right, start + len(left) + len(joint), text, vocabulary, country_surfaces, cues=cues)
        )
    of = re.match(r"(.+?)([ \t]+of[ \t]+)(.+)$", run)
    if of and (of.group(1) in ISO_NAMES or of.group(1) in country_surfaces) and run not in ISO_NAMES and run not in country_surfaces:
        # "cleared Iraq of ISIL": a country is not the start of an organisation's name
        right_start = start + len(of.group(1)) + len(of.group(2))
        return (
            split_and_classify(of.group(1), start, text, vocabulary, country_surfaces, cues=cues)
            + split_and_classify(of.group(3), right_start, text, vocabulary, country_surfaces, cues=cues)
        )
    member = _PERSON_OF_BODY.match(run)
    if member and _a_persons_name(member.group(1).split(), country_surfaces) \
            and any(w.lower() in ORG_WORDS for w in member.group(3).split()):
        # "Richard Townsend of the South Wilson Fire Company": a person, and the body she is of
        right_start = start + len(member.group(1)) + len(member.group(2))
        return (
            _classify(member.group(1), start, text, vocabulary, country_surfaces, cues=cues)
            + split_and_classify(member.group(3), right_start, text, vocabulary, country_surfaces, cues=cues)
        )
    """'Macron and US Secretary of State Antony Blinken' is two names; 'Islamic State of Iraq
    and the Levant' is one: a run is split at 'and' unless it names an organisation and
    what stands before 'and' is not a name of its own."""
    # "&" is not split at: it joins the words of one name ("Procter & Gamble", "Jersey
    # Central Power & Light"); running text lists two names with "and"
    parts = re.split(r"([ \t]+and[ \t]+)", run, maxsplit=1)
    if len(parts) == 3:
        left, joint, right = parts
        # ... unless what follows "and" is a body's name of its own ("the Bank of England")
        one_name = " of " in f" {left} " and (right.startswith("the ") or len(right.split()) == 1) \
            and not any(w.lower() in ORG_WORDS for w in right.split())
        left_words = left.split()
        # "Secretary of State for European and Eurasian Affairs Karen Donfried": a title
        # that has not reached its name yet goes on after "and"
        # ("General Motors and Chrysler": a title word opening a body's name opens no title)
        a_body = left_words[-1].lower() in ORG_WORDS and left_words[-1].lower() not in TITLE_WORDS and " of " not in left
        open_title = any(w.lower() in STRONG_TITLES for w in left_words) and not a_body \
            and not name_after_title(left_words, country_surfaces)[0]
        if not one_name and not open_title:
            right_start = start + len(left) + len(joint)
            article = re.match(r"(?:the|of|for)[ \t]+", right)
            if article:  # "... and the Bank of England": the article stays before the name
                right, right_start = right[article.end():], right_start + article.end()
            # "Presidents Obama and George W. Bush": the title is both names'
            both = _plural_title(left_words[0]) and bool(name_after_title(left_words, country_surfaces)[0])
            return (
                _classify(left, start, text, vocabulary, country_surfaces, titled, cues=cues)
                + split_and_classify(right, right_start, text, vocabulary, country_surfaces, both, cues=cues)
            )
    return _classify(run, start, text, vocabulary, country_surfaces, titled, cues=cues)


def _plural_title(word: str) -> bool:
    """'Presidents', 'Senators': a title of more than one person."""
    lower = word.lower()
    return lower.endswith("s") and lower in STRONG_TITLES and lower[:-1] in STRONG_TITLES


# "Jane Roe of the Varno Fire Company": two or three words of a name, "of the", a body.
_PERSON_OF_BODY = re.compile(r"((?:[A-Z][\w’'\-]*\.?[ \t]+){1,2}[A-Z][\w’'\-]*)([ \t]+of[ \t]+the[ \t]+)(.+)$")


def _a_persons_name(words: list[str], country_surfaces: set[str]) -> bool:
    """Two or three words that are a person's name, not a title or a body ('Secretary of the
    Navy', 'Bank of the West')."""
    return looks_like_name(words, country_surfaces) and not any(
        w.lower() in ORG_WORDS or w.lower() in TITLE_WORDS or w.lower() in STRONG_TITLES or w in LEADING_WORDS
        for w in words
    )


def _split_at_joint(run: str) -> tuple[str, str, str] | None:
    """A run joined at "to" or "on" is one name only when a group word comes before it
    ("Global Coalition to Counter ISIL", "Council on Foreign Relations"); otherwise its two
    sides, and the word between."""
    match = re.search(r"[ \t]+(?:to|on)[ \t]+", run)
    if not match:
        return None
    left = run[:match.start()]
    if left.split()[-1].lower() in ORG_WORDS:
        rest = _split_at_joint(run[match.end():])
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


def _classify(
    run: str, start: int, text: str, vocabulary: Vocabulary, country_surfaces: set[str], titled: bool = False,
    cues: PersonCues | None = None,
) -> list[Mention]:
    """What a run names; `titled` when a title before it, outside the run, says it is a person."""
    label = _speaker_label(run, start, text)
    if label is not None:
        return label
    words = _tokens(run)
    run_start = start
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
    while cues and len(words) > 1 and words[0].lower() in cues.honorifics | cues.openers \
            and " ".join(words) not in NON_NAME_WORDS and " ".join(words) not in country_surfaces:
        # "Selon Odile Marchetti", "Laut Jörg Albrecht", "M. Dorval" (capitalised for opening a
        # sentence, or an honorific): the language's word before a name is no part of it, and
        # an honorific says the name is a person's
        titled = titled or words[0].lower() in cues.honorifics
        start += re.match(r"\S+[ \t]+", run[start - run_start:]).end()
        words = words[1:]
        sentence_start = False
    if not words:
        return []
    if re.search(r"\bthe\s+$", before) and not determiner:
        determiner = "the "
    if determiner and _MODIFIED.match(text, start + len(run)):
        determiner = ""  # "the ISIL terrorist group": "the" belongs to the group, the name is ISIL
    name = " ".join(words)
    if known_actor(name, vocabulary):
        if vocabulary.actor(name).kind == "state" and _PLACE_BEFORE.search(re.sub(r"\bthe\s+$", "", before)):
            # "met in Riyadh": a state's name (or its capital's) after "in" is where
            # something happens; the state is still an actor of the article by its alias
            return []
        kind = "organisation" if vocabulary.actor(name).kind != "person" else "person"
        return [Mention(name, name, kind, start)]

    if all(w.lower() in TITLE_WORDS or is_acronym(w) or w in ISO_NAMES or w in DEMONYMS for w in words) \
            and any(w.lower() in STRONG_TITLES for w in words):
        if determiner and words[-1].lower() not in {"of", "for", "and"}:
            # "the Secretary of State has authorized": with "the", a title names the one
            # person who holds it (a mention, never a candidate name)
            return [Mention(f"{determiner}{name}", name, "person", start, generic=True)]
        return []  # only a title: "U.S. Secretary of State" as a modifier
    if words[0] in NOT_ACTORS_FIRST or words[-1] in NOT_ACTORS_LAST:
        return []  # named operations, laws and resolutions are not actors
    # A name after a title or role: "Pentagon Press Secretary Peter Cook", "US Secretary of
    # State for European and Eurasian Affairs Karen Donfried", "Lt. Gen. Stephen J. Townsend".
    person, surface = name_after_title(words, country_surfaces)
    if person:
        return [Mention(" ".join(surface), " ".join(person), "person", start)]
    if names_an_office(words):
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
        surface = f"{determiner or lead_in(text, end - len(name))}{name} {generic}"
        return [Mention(surface, f"{name} {generic}", "organisation", start, generic=True)]
    if name in ISO_NAMES and _STATE_ACTS.match(text, end):
        # "The United States condemns ...": the state acting, not the place
        return [Mention(f"{determiner}{name}", name, "organisation", start, generic=True)]

    org_word = any(re.sub(r"['’]", "", w.lower().strip(".,")) in ORG_WORDS for w in words)
    # "&" joins the names of a firm ("Procter & Gamble", "Jersey Central Power & Light",
    # "Texas A&M University"); a person's name has none. One word ("AT&T") is an acronym's
    # case, below, and a word with "&" inside ("More Q&As") makes no name a firm's;
    # "Shares of AT&T" is not the firm's name.
    if org_word or (" & " in name and " of " not in name):
        if len(words) == 1 and (sentence_start or words[0].lower() in {"press", "state", "force", "unit"}):
            if sentence_start and words[0].lower() not in {"press", "state", "force", "unit"} \
                    and MEMBERS_AFTER.match(text, end):
                # "Coalition nations include ...": the word opens the sentence, but its
                # members after it show it names the organisation
                return [Mention(name, name, "organisation", start)]
            return []  # "Coalition" mid-sentence is the coalition; "Government said" opens a sentence
        surface = (determiner + name) if determiner else name
        return [Mention(surface, name, "organisation", start)]
    if re.fullmatch(DESIGNATION, name) and words[0] not in GENERIC_ACRONYMS:
        if text[start - 1:start] == "(":
            return []  # "USS Mahan (DDG 72)": the hull number of a ship, not a unit
        return [Mention((determiner + name) if determiner else name, name, "organisation", start)]
    if len(words) == 1 and is_acronym(words[0]) and words[0] not in country_surfaces and words[0] not in NON_NAME_WORDS:
        if words[0] in GENERIC_ACRONYMS:
            return []
        surface = (determiner + name) if determiner else name
        return [Mention(surface, name, "organisation", start)]
    role_before = titled or bool(ROLE_BEFORE.search(before)) or bool(cues and cues.title_before.search(before))
    if _PLACE_BEFORE.search(before) and not role_before:
        return []  # "near Ar Raqqah", "in Tal Afar": places
    if looks_like_name(words, country_surfaces) and (len(words) >= 2 or role_before):
        if sentence_start and len(words) == 1:
            return []
        if not role_before and not person_context(name, text, cues):
            return []
        return [Mention(name, " ".join(without_nickname(words)), "person", start)]
    return []


def _generic_organisation(words: list[str], text: str, end: int) -> str:
    """'U.S. forces', 'Iraqi security forces': a country or demonym and a lower-case noun."""
    name = " ".join(words)
    if not (name in ISO_NAMES or name in DEMONYMS or all(w in DEMONYMS or w in ISO_NAMES for w in words)):
        return ""
    match = _GENERIC_NOUNS.match(text, end)
    return match.group(1) if match else ""


def mentions_in_runs(
    text: str, vocabulary: Vocabulary, country_surfaces: set[str], cues: PersonCues | None = None,
) -> list[Mention]:
    """Every person and organisation named by a capitalised run of `text`; `cues` those of
    its language around a person's name, besides the English ones."""
    mentions: list[Mention] = []
    for match in RUN.finditer(text):
        # "Syria’s Idlib", "Central Command's commander", "the United States’ message": a
        # possessive ends a name (after a final s, the apostrophe alone)
        offset = match.start()
        previous: tuple[str, list[Mention]] | None = None
        for piece in re.split(r"(?<=['’]s|s['’])[ \t]+", match.group(0)):
            cleaned = re.sub(r"['’]s$|(?<=s)['’]$", "", piece)
            found = split_and_classify(cleaned, offset, text, vocabulary, country_surfaces, cues=cues)
            if previous and len(found) == 1 and part_of(previous, cleaned, found[0]):
                # "the Coalition’s Small Group": a body named as part of an organisation is
                # one mention with its owner, as written
                owner, right = previous[1][-1], found[0]
                whole = owner.surface + previous[0][len(re.sub(r"['’]s$", "", previous[0])):] + " " + right.name
                found = [Mention(whole, re.sub(r"^(?:the|The)[ \t]+", "", whole), "organisation", owner.start)]
            mentions.extend(found)
            previous = (piece, found)
            offset += len(piece) + 1
    return mentions
