"""From mentions to what an editor sees: the archive's actors and the new candidates,
cleaned and ranked most central first.

Like the mention passes, these are named passes over one shared state (`Findings`), run in
the order of `CANDIDATE_PASSES` (at the end of this file): link to actors.yaml, merge and
clean the names of one actor, drop what names no actor (not_actors.py says what does not),
count where each is written, rank by salience.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from typing import Callable

from generator.ingest.actors.acronyms import (
    SKIPPING_LETTERS, capitalised_runs, defined_acronyms, letters_of, names_spelling, spelled_by,
)
from generator.ingest.actors.body_evidence import acts_as_a_body
from generator.ingest.actors.capitalised_nouns import evidenced_name, name_cues
from generator.ingest.actors.citations import cited_for_reporting, in_credit_line, named_in_byline
from generator.ingest.actors.known_organisations import canonical_organisation, written_short_forms
from generator.ingest.actors.linking import alias_positions, known_actor
from generator.ingest.actors.model import Mention
from generator.ingest.actors.names import lower_case_words
from generator.ingest.actors.person_cues import person_cues
from generator.ingest.actors.not_actors import (
    FURNITURE_WORDS, a_date, an_abbreviated_place, heading_lines, in_headings, in_place_list, in_quoted_title, is_credit,
    is_dateline, is_the_outlet, shouted,
)
from generator.ingest.actors.words import (
    COMMON_WORDS, GENERIC_ACRONYMS, GROUP_WORDS, LEADING_WORDS, NON_NAME_WORDS, NOT_ACTORS_FIRST, NOT_ACTORS_LAST, ORG_WORDS,
    STRONG_TITLES, is_acronym, is_model_code,
)
from generator.taxonomy import Vocabulary, name_key

# The opening of an article, where its central actors are named: its first characters after the title.
LEDE_CHARACTERS = 600
# What a position is worth for salience: named in the headline, named in the lede, named in
# full; a mention count adds log2(1 + count) times MENTION_WEIGHT, so the tenth mention
# adds less than the second.
TITLE_WEIGHT = 4.0
LEDE_WEIGHT = 2.0
MENTION_WEIGHT = 3.0
FULL_NAME_WEIGHT = 1.0
# A news story is told through people: a person ranks before a body named as often.
PERSON_WEIGHT = 1.0
# Quoted or speaking ("said Romney", "Romney told"): a source the story is told through.
QUOTED_WEIGHT = 1.5
_QUOTED = re.compile(r"\b(?:said|says|told|tells|asked|added|wrote|argued|explained)\b")
# An acronym the text never spells out is often furniture or a thing ("ATM"): it ranks
# after names written in full, all else equal.
BARE_ACRONYM_PENALTY = 1.5


@dataclass
class Entry:
    """One actor or candidate, with every place the article names it."""

    name: str
    kind: str  # "person" or "organisation"
    positions: list[int] = field(default_factory=list)
    defined: bool = False  # an acronym spelled out by the text, or a long form it defines
    cited: bool = False  # named only as a source the article cites (citations.py)


@dataclass
class Findings:
    text: str
    title: str
    vocabulary: Vocabulary
    mentions: list[Mention]
    outlet: str = ""  # the publisher's web address or name, when known
    countries: tuple[str, ...] = ()  # the article's countries as ISO codes, most central first
    # the frequent words of the article's language when not English (jusText's stoplist),
    # lower case: German writes its nouns capitalised ("Land", "Zwei Jahre")
    frequent_words: frozenset[str] = frozenset()
    language: str = ""  # ISO 639-1, "" when unsure
    actors: dict[str, Entry] = field(default_factory=dict)  # canonical name -> entry
    candidates: dict[str, Entry] = field(default_factory=dict)


def link_mentions(findings: Findings) -> None:
    """Each mention to its actor in actors.yaml, or to a candidate of its own name."""
    vocabulary = findings.vocabulary
    generic_positions: list[Mention] = []
    for mention in sorted(findings.mentions, key=lambda m: m.start):
        actor = known_actor(mention.name, vocabulary) or known_actor(mention.surface, vocabulary)
        if actor:
            entry = findings.actors.setdefault(actor, Entry(actor, _known_kind(actor, vocabulary)))
            entry.positions.append(mention.start)
        elif mention.generic:
            generic_positions.append(mention)  # "commander of X" after a name: that person again
        else:
            findings.candidates.setdefault(mention.name, Entry(mention.name, mention.kind)).positions.append(mention.start)
    for mention in generic_positions:
        if mention.name in findings.candidates:
            findings.candidates[mention.name].positions.append(mention.start)


def _known_kind(actor: str, vocabulary: Vocabulary) -> str:
    return "person" if vocabulary.actors[actor].kind == "person" else "organisation"


def link_aliases(findings: Findings) -> None:
    """Names and aliases of actors.yaml written as whole names anywhere in the text."""
    for actor, starts in alias_positions(findings.text, findings.vocabulary).items():
        entry = findings.actors.setdefault(actor, Entry(actor, _known_kind(actor, findings.vocabulary)))
        entry.positions.extend(starts)
    # A candidate that is part of a known actor's name ("Blinken" of "Antony Blinken") is not new.
    known_keys = set(findings.vocabulary.actor_names())
    findings.candidates = {n: e for n, e in findings.candidates.items() if name_key(n) not in known_keys}


# Where a sentence or a line starts: its first word is capitalised whatever it is.
_SENTENCE_START = re.compile(r"(?:^|[.!?:\"“”]\s+|\n\s*)$")


def _opens_sentences_only(name: str, positions: list[int], text: str) -> bool:
    """Whether every mention of `name` written in full stands first in a sentence or line."""
    written = [p for p in positions if text.startswith(name, p)]
    return bool(written) and all(_SENTENCE_START.search(text[max(0, p - 40):p]) is not None for p in written)


def _ordinary_word(word: str, text: str) -> bool:
    """'Multiple', 'Added', 'Read', 'Couldn’t': a word the text also writes in lower case,
    a common word, or a contraction."""
    lower = word.lower()
    return (
        lower in COMMON_WORDS or bool(re.search(r"[’']t$", word))
        or re.search(rf"(?<![\w-]){re.escape(lower)}(?![\w-])", text) is not None
    )


def _a_name_without(first: str, rest: list[str], text: str) -> bool:
    """Whether `rest` is a name once the opening word `first` is cut: 'Todd Vance' of 'Added
    Todd Vance', 'Romney' of 'Multiple Romney' when the text names Romney elsewhere; not
    'of America' of 'Bank of America', nor 'Suisse' of 'Credit Suisse', only ever written
    after 'Credit'."""
    if not rest[0][:1].isupper():
        return False
    if len(rest) > 1:
        return True
    written = re.finditer(rf"(?<![\w-]){re.escape(rest[0])}(?![\w-])", text)
    return any(not text[:m.start()].rstrip(" \t").endswith(first) for m in written)


def _weight(entry: Entry) -> tuple[int, int]:
    return len(set(entry.positions)), -min(entry.positions, default=0)


def clean_names(findings: Findings) -> None:
    """'Congress’', 'Delhi-', 'the Supreme Court', 'Multiple Romney' at a sentence's start:
    a trailing apostrophe or hyphen, a leading 'the' and an ordinary word capitalised for
    opening the sentence are no part of the name; one name in capitals and in ordinary case
    ('REUTERS', 'Reuters') is one candidate."""
    text = findings.text
    # the person each surname is most often written for (then the one named first)
    main_person: dict[str, Entry] = {}
    for entry in findings.candidates.values():
        words = entry.name.split()
        if entry.kind == "person" and len(words) > 1:
            other = main_person.get(words[-1])
            if other is None or _weight(entry) > _weight(other):
                main_person[words[-1]] = entry
    cleaned: dict[str, Entry] = {}
    by_key: dict[str, str] = {}
    for entry in findings.candidates.values():
        name = re.sub(r"(?:['’]s?|[-–—])+$", "", entry.name).strip()
        name = re.sub(r"^(?:the|The)[ \t]+", "", name)
        words = name.split()
        # "Multiple Romney advisers" beside "Mitt Romney": an opening word before a surname
        # that another first name goes with
        main = main_person.get(words[-1]) if len(words) == 2 else None
        other_person = main is not None and main is not entry and main.name.split()[0] != words[0]
        if len(words) > 1 and _opens_sentences_only(entry.name, entry.positions, text) \
                and (_ordinary_word(words[0], text) or other_person) and _a_name_without(words[0], words[1:], text):
            name = " ".join(words[1:])
        if not name:
            continue
        key = name.casefold()
        if key in by_key:
            kept = cleaned[by_key[key]]
            kept.positions.extend(entry.positions)
            if kept.name.isupper() and not name.isupper():  # the ordinary spelling wins
                cleaned[name] = Entry(name, kept.kind, kept.positions, kept.defined)
                del cleaned[kept.name]
                by_key[key] = name
            continue
        by_key[key] = name
        cleaned[name] = Entry(name, entry.kind, entry.positions, entry.defined)
    findings.candidates = cleaned


def _names_an_actor(long_form: str, findings: Findings, acronym: str = "") -> bool:
    """Whether the long form of an acronym names an actor: a body (an organisation word, a
    word for a group of people, a body of the table of well-known ones), or a name the text
    has act as a body ("Research In Motion" for RIM: 'RIM said', 'the company's shares';
    body_evidence.py); not a product or a technique ("Unified Functional Testing" for UFT).
    (An acronym of a person's name, 'JFK', is left as it is written.)"""
    words = [re.sub(r"['’]s?$", "", w.lower().strip(".,")) for w in long_form.split()]
    return any(w in ORG_WORDS or w in GROUP_WORDS for w in words) \
        or canonical_organisation(long_form, findings.countries, findings.vocabulary) is not None \
        or acts_as_a_body((long_form, acronym) if acronym else (long_form,), findings.text, findings.language)


def expand_acronyms(findings: Findings) -> None:
    """An acronym the text defines is its long form: 'NASA' after 'the National Aeronautics
    and Space Administration (NASA)' is one candidate, under the long name. One that stands
    for a thing ('Magnetic Resonance Imaging (MRI)') names no actor, nor does its long form."""
    for short, long_form in defined_acronyms(findings.text).items():
        if known_actor(long_form, findings.vocabulary) or known_actor(short, findings.vocabulary):
            continue
        if long_form.split()[-1] in NOT_ACTORS_LAST:
            continue  # "the Affordable Care Act (ACA)": a law, not a body
        if not _names_an_actor(long_form, findings, short):
            # the text says what the acronym stands for: a thing, so neither names an actor
            findings.candidates.pop(short, None)
            findings.candidates.pop(long_form, None)
            continue
        acronym = findings.candidates.pop(short, None)
        entry = findings.candidates.get(long_form)
        if entry is None:
            entry = Entry(long_form, "organisation")
            entry.positions = [m.start() for m in re.finditer(re.escape(long_form), findings.text)]
            # keep the acronym's place in the order of first mention
            findings.candidates[long_form] = entry
        entry.defined = True
        entry.kind = "organisation"  # its long form names a body ("Product Management Consortium")
        if acronym:
            entry.positions.extend(acronym.positions)


def link_written_acronyms(findings: Findings) -> None:
    """'VFW' in a story that also writes 'the Veterans of Foreign Wars' is that body, though
    the text never defines it: an acronym whose letters are the initials of exactly one
    organisation the text names in full (or, for three letters or more, of one capitalised
    name it writes that is no place, country or title) is one candidate with it, under the
    long name. A headline's acronym counts too ('RIM Sees an Up Day' over a story that writes
    'Research In Motion'): headlines shorten the names their stories write in full."""
    text = findings.text
    long_forms = [e for e in findings.candidates.values() if e.kind == "organisation" and len(e.name.split()) >= 2]
    runs: list[list[str]] | None = None  # read once, when an acronym needs them
    from_title = [
        word for word in dict.fromkeys(w.strip(".,:;!?'’\"“”()") for w in findings.title.split())
        if is_acronym(word) and word.isalpha() and word not in findings.candidates
        and not known_actor(word, findings.vocabulary)
    ]
    for word in from_title:
        findings.candidates[word] = Entry(word, "organisation")  # no place in the text: linked, or dropped below
    for name in list(findings.candidates):
        entry = findings.candidates[name]
        if " " in name or not is_acronym(name) or entry.defined or name in GENERIC_ACRONYMS:
            continue
        if canonical_organisation(name, findings.countries, findings.vocabulary):
            continue  # 'SEC', 'AP': the table of well-known bodies names them
        letters = letters_of(name)
        spelled = [e for e in long_forms if spelled_by(letters, e.name.split())]
        if not spelled and len(letters) >= SKIPPING_LETTERS and name.isalpha():
            runs = capitalised_runs(text) if runs is None else runs
            written = names_spelling(letters, runs)
            if len(written) == 1 and (written[0].split()[0] in NOT_ACTORS_FIRST or written[0].split()[-1] in NOT_ACTORS_LAST
                                      or not _names_an_actor(written[0], findings, name)):
                # 'ACA' beside 'the Affordable Care Act': a law, no body; 'UFT' beside
                # 'Unified Functional Testing': a product
                del findings.candidates[name]
                continue
            if len(written) == 1:
                long_name = written[0]
                spelled = [findings.candidates.setdefault(long_name, Entry(long_name, "organisation"))]
                spelled[0].positions.extend(m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(long_name)}(?![\w-])", text))
        if len(spelled) != 1:
            continue  # none, or two bodies of the same initials: the text does not say which
        target = spelled[0]
        target.positions.extend(entry.positions)
        target.defined = True
        del findings.candidates[name]
    for word in from_title:
        if word in findings.candidates and not findings.candidates[word].positions:
            del findings.candidates[word]  # a headline's acronym the story never spells out


def known_organisations(findings: Findings) -> None:
    """'FBI', 'the Pentagon', 'BJP' and, in a story about the United States, 'Congress' are
    well-known bodies: each becomes one candidate under its canonical name
    (data/known_organisations.tsv), or the archive's actor when actors.yaml knows that name
    (the vocabulary's name wins). A one-word short form the text also writes in lower case
    ('Fed' beside 'fed up') or in a line of capitals names nothing here."""
    text = findings.text
    lower = lower_case_words(text)

    def usable(name: str, positions: list[int]) -> bool:
        one_ordinary_word = " " not in name and not is_acronym(name) and name.lower() in lower
        return not one_ordinary_word and not shouted(name, positions, text)

    def add(canonical: str, positions: list[int], defined: bool = False) -> None:
        actor = known_actor(canonical, findings.vocabulary)
        if actor:
            known = findings.actors.setdefault(actor, Entry(actor, _known_kind(actor, findings.vocabulary)))
            known.positions.extend(positions)
            return
        target = findings.candidates.setdefault(canonical, Entry(canonical, "organisation"))
        target.kind = "organisation"
        target.positions.extend(positions)
        target.defined = target.defined or defined

    for name in list(findings.candidates):
        entry = findings.candidates[name]
        if not usable(name, entry.positions):
            continue
        canonical = canonical_organisation(name, findings.countries, findings.vocabulary)
        if canonical is None or canonical == name:
            continue
        del findings.candidates[name]
        add(canonical, entry.positions, entry.defined)
    # Short forms the mention passes leave out ('Republicans', 'Congress' opening a
    # sentence) where the table names them, unless a mention already stands there.
    # (a person's mention starts at the title before the name: 'CIA Director Anna Ruiz')
    taken = sorted(p for e in (*findings.actors.values(), *findings.candidates.values()) if e.kind != "person" for p in e.positions)
    for surface, start in written_short_forms(text, openers=LEADING_WORDS, titles=STRONG_TITLES):
        end = start + len(surface)
        at = bisect.bisect_left(taken, start)
        inside = at < len(taken) and taken[at] < end
        if not usable(re.sub(r"^(?:the|The)\s+", "", surface), [start]):
            continue
        canonical = canonical_organisation(surface, findings.countries, findings.vocabulary)
        if not canonical:
            continue
        if inside and not _absorb_fragments(findings, surface, start, canonical):
            continue  # a mention of its own already stands there
        add(canonical, [start])


def _absorb_fragments(findings: Findings, surface: str, start: int, canonical: str) -> bool:
    """'Exchange Commission' cut by the passes from 'Securities and Exchange Commission':
    a candidate whose name is part of a longer name of the table, written there, is that
    body at that place; whether any was found."""
    end = start + len(surface)
    found = False
    for name in list(findings.candidates):
        entry = findings.candidates[name]
        if entry.kind == "person" or name == canonical or name not in surface:
            continue
        if not any(start <= p < end for p in entry.positions):
            continue
        found = True
        entry.positions = [p for p in entry.positions if not start <= p < end]
        if not entry.positions:
            del findings.candidates[name]
    return found


_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|at|az|ar)-(?=[A-Z])")


def merge_surnames(findings: Findings) -> None:
    """'Obama' beside 'Barack Obama' is that person: the full name is kept, with every
    mention. When two people share the surname, the one named in full more often takes it.
    A surname of two words ('Nur el-Din') goes to the fuller name it ends."""
    full_by_surname: dict[str, list[Entry]] = {}
    for entry in findings.candidates.values():
        words = entry.name.split()
        if entry.kind == "person" and len(words) > 1:
            full_by_surname.setdefault(words[-1], []).append(entry)
            # "Sheik Mahmoud" after "Abdellatif al-Mahmoud": the surname without its article
            bare = _ARABIC_ARTICLE.sub("", words[-1])
            if bare != words[-1]:
                full_by_surname.setdefault(bare, []).append(entry)
    for name in list(findings.candidates):
        entry = findings.candidates[name]
        if " " in name:
            # "Nur el-Din" beside "Abdel Halim Nur el-Din": a surname of two words
            longer = [e for e in findings.candidates.values()
                      if e.kind == "person" == entry.kind and e.name.endswith(" " + name)]
            if longer:
                owner = max(longer, key=lambda e: (len(e.positions), -min(e.positions, default=0)))
                owner.positions.extend(entry.positions)
                del findings.candidates[name]
            continue
        if name not in full_by_surname:
            continue
        if entry.kind != "person" and not all(c.isalpha() for c in name):
            continue
        owner = max(full_by_surname[name], key=lambda e: (len(e.positions), -min(e.positions, default=0)))
        owner.positions.extend(entry.positions)
        del findings.candidates[name]


def drop_the_outlet(findings: Findings) -> None:
    """The page's own publisher ('NBC News' on nbcnews.com) is in its credits and menus,
    not an actor of the story, unless the headline names it."""
    findings.candidates = {
        name: entry for name, entry in findings.candidates.items()
        if not is_the_outlet(name, findings.outlet) or _in_title(entry, findings.title, findings.vocabulary)
    }


def merge_variants(findings: Findings) -> None:
    """'Briton Neil Heywood' beside 'Neil Heywood', 'Malawi Police' beside 'Malawi Police
    Service': a word before a person's full name is a description; an organisation's name
    cut short is the longer name it opens."""
    names = list(findings.candidates)
    for name in names:
        entry = findings.candidates.get(name)
        if entry is None:
            continue
        words = name.split()
        target = None
        shorter = " ".join(words[1:])
        if len(words) >= 3 and findings.candidates.get(shorter) and findings.candidates[shorter].kind == "person":
            target = findings.candidates[shorter]
        elif entry.kind == "organisation" and len(words) >= 2:
            longer = [e for n, e in findings.candidates.items()
                      if n != name and e.kind == "organisation" and n.startswith(name + " ") and len(n.split()) == len(words) + 1]
            if len(longer) == 1:
                target = longer[0]
        elif entry.kind == "organisation" and len(words) == 1 and not name.isupper():
            # "the Party", "the Court", "the Times" after "the Supreme Court": the body
            # named in full, the one most often if several end so
            longer = [e for n, e in findings.candidates.items() if n != name and n.endswith(" " + name)]
            if longer:
                target = max(longer, key=_weight)
        if target is not None:
            target.positions.extend(entry.positions)
            del findings.candidates[name]


def drop_non_actors(findings: Findings) -> None:
    """Words in capitals ('VOTE', 'DID'), product and model codes ('PM2', 'A350'), acronyms of
    kinds of things ('ATM', 'HIV'), datelines ('KABUL,'), credits ('(AP)'), dates ('Tue Jul'),
    the labels of a page ('Order Reprints') and names only ever written in headings name no
    actor of the story."""
    text = findings.text
    headings = heading_lines(text)
    kept: dict[str, Entry] = {}
    for name, entry in findings.candidates.items():
        words = name.split()
        if name.isupper() and all(w.lower().strip(".") in COMMON_WORDS for w in words) and not entry.defined:
            continue
        if any(is_model_code(w) for w in words) or name in GENERIC_ACRONYMS or name in NON_NAME_WORDS:
            continue
        if an_abbreviated_place(name):
            continue
        if " for The " in name:
            continue  # "Jane Roe for The Daily Planet": a picture's credit
        if any(w.lower() in FURNITURE_WORDS for w in words) or a_date(name, entry.positions, text):
            continue
        if len(words) == 1 and not name.isupper() and name.lower() in lower_case_words(text):
            continue  # "Party", "Police", "Rebels": a word the text also writes in lower case
        if (len(words) == 1 or entry.kind == "person") and all(w.lower() in findings.frequent_words for w in words):
            continue  # "Land", "Haus", "Zwei Jahre": words of the language, capitalised as nouns
        if not entry.defined and shouted(name, entry.positions, text):
            continue
        if entry.kind == "person" and any(in_place_list(text, p) for p in entry.positions):
            continue  # "the neighbourhoods of X, Y and Z": places
        if not any(w.lower() in ORG_WORDS for w in words) and all(in_quoted_title(text, p) for p in entry.positions):
            continue  # "The Dark Knight Rises": a film's title in quotes
        if entry.kind == "person" and " " in name and named_in_byline(name, text) \
                and not _in_title(entry, findings.title, findings.vocabulary):
            continue  # the page's author, wherever else the page names her
        positions = [
            p for p in entry.positions
            if not (is_dateline(text, p, name) or is_credit(text, p, name) or in_credit_line(text, p))
        ]
        if not positions or in_headings(positions, headings):
            continue  # only ever in a heading, menu or list of other stories: not named in the story
        kept[name] = Entry(name, entry.kind, positions, entry.defined)
    findings.candidates = kept


def keep_evidenced_names(findings: Findings) -> None:
    """In a language that capitalises its nouns, only candidates with evidence of a name
    beyond their capitals (capitalised_nouns.py): 'Zufriedenheit der Kunden' and 'Gute Löhne'
    are nouns; 'Kabarettist Torsten Sträter' is Torsten Sträter."""
    cues = name_cues(findings.language)
    if cues is None:
        return
    text = findings.text
    kept: dict[str, Entry] = {}
    for name, entry in findings.candidates.items():
        found = evidenced_name(name.split(), entry.kind, entry.defined, text, cues, ORG_WORDS)
        if found is None:
            continue
        new_name, kind = found
        positions = entry.positions
        if new_name != name:  # where the shorter name is written inside the longer one
            positions = [at if at >= 0 else p for p in positions for at in [text.find(new_name, p, p + len(name) + 1)]]
        target = kept.setdefault(new_name, Entry(new_name, kind, [], entry.defined, entry.cited))
        target.positions.extend(positions)
    findings.candidates = kept
    merge_surnames(findings)  # "Bartsch" of "Herr Bartsch" beside "Dietmar Bartsch"


def count_written(findings: Findings) -> None:
    """A name of two words or more counts wherever it is written, also inside a longer
    name or before a possessive ('the Bipartisan Policy Center's'), not only where a run
    was cut to it."""
    text = findings.text
    for entry in (*findings.actors.values(), *findings.candidates.values()):
        if " " not in entry.name:
            continue
        found = set(entry.positions)
        at = text.find(entry.name)
        while at >= 0:
            if not any(abs(at - p) < len(entry.name) for p in found):
                found.add(at)
            at = text.find(entry.name, at + len(entry.name))
        entry.positions = sorted(found)


def mark_cited_sources(findings: Findings) -> None:
    """A medium the article names only for what it reported ('The Varno Post reports that'),
    and a reporter of one ('Varno TV's Jane Roe reports'), is its source: marked, to rank
    after the actors of the story."""
    text = findings.text
    for entry in (*findings.actors.values(), *findings.candidates.values()):
        entry.cited = bool(entry.positions) and all(cited_for_reporting(text, p, entry.kind) for p in set(entry.positions))


def salience(entry: Entry, findings: Findings, surname_holders: dict[str, str] | None = None) -> float:
    """How central an actor is to the article: named in the headline, in the lede, often,
    and in full. `surname_holders` (surname -> the person it stands for alone) says whose
    surname a headline names."""
    text, title = findings.text, findings.title
    body_start = len(title) if title and text.startswith(title) else 0
    positions = sorted(set(entry.positions))
    score = MENTION_WEIGHT * math.log2(1 + len(positions))
    holder = (surname_holders or {}).get(entry.name.split()[-1], entry.name) if entry.kind == "person" else ""
    if _in_title(entry, title, findings.vocabulary, by_surname=holder == entry.name):
        score += TITLE_WEIGHT
    if any(body_start <= p < body_start + LEDE_CHARACTERS for p in positions):
        score += LEDE_WEIGHT
    cues = person_cues(findings.language)
    if any(_QUOTED.search(text, max(0, p - 12), p + len(entry.name) + 40)
           or (cues and cues.speech.search(text, max(0, p - 16), p + len(entry.name) + 40)) for p in positions[:20]):
        score += QUOTED_WEIGHT
    if entry.kind == "person":
        score += PERSON_WEIGHT
    bare = len(entry.name.split()) == 1
    if not bare or entry.defined:
        score += FULL_NAME_WEIGHT
    if bare and is_acronym(entry.name) and not entry.defined:
        score -= BARE_ACRONYM_PENALTY
    return score


def _in_title(entry: Entry, title: str, vocabulary: Vocabulary, by_surname: bool = True) -> bool:
    if not title:
        return False
    names = {entry.name}
    if entry.kind == "person" and by_surname:
        names.add(entry.name.split()[-1])
    if entry.name in vocabulary.actors:
        names.update(vocabulary.actors[entry.name].aliases)
    return any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", title) for n in names if n)


def surname_holders(entries: list[Entry]) -> dict[str, str]:
    """Surname -> the person it names when written alone: of the people who share it, the one
    named most often, then the one named first. 'Obama' in a headline is Barack Obama's, not
    that of his daughter Sasha, named once in the story."""
    holders: dict[str, Entry] = {}
    for entry in entries:
        if entry.kind != "person":
            continue
        surname = entry.name.split()[-1]
        other = holders.get(surname)
        if other is None or _weight(entry) > _weight(other):
            holders[surname] = entry
    return {surname: entry.name for surname, entry in holders.items()}


def rank(findings: Findings) -> None:
    """Most central first; among equals, the one named first; the media the article only
    cites, after the rest."""
    holders = surname_holders([*findings.actors.values(), *findings.candidates.values()])

    def order(entry: Entry) -> tuple[bool, float, int]:
        return entry.cited, -salience(entry, findings, holders), min(entry.positions, default=len(findings.text))

    findings.actors = {e.name: e for e in sorted(findings.actors.values(), key=order)}
    findings.candidates = {e.name: e for e in sorted(findings.candidates.values(), key=order)}


CANDIDATE_PASSES: list[tuple[str, Callable[[Findings], None]]] = [
    ("link mentions to actors.yaml", link_mentions),
    ("link whole aliases", link_aliases),
    ("merge variants of one name", merge_variants),
    ("clean names", clean_names),
    ("expand defined acronyms", expand_acronyms),
    ("link acronyms to the long names the text writes", link_written_acronyms),
    ("well-known organisations under their canonical names", known_organisations),
    ("merge surnames into full names", merge_surnames),
    ("drop what names no actor", drop_non_actors),
    ("in a language that capitalises nouns, only names with evidence", keep_evidenced_names),
    ("drop the page's own publisher", drop_the_outlet),
    ("count every place a name is written", count_written),
    ("mark the media cited as sources", mark_cited_sources),
    ("rank by salience", rank),
]
