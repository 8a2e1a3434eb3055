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
- Every name and alias of content/taxonomy/actors.yaml is looked up as a whole name, so
  "Macron" is Emmanuel Macron whatever stands around it, but "International Coalition
  Forces" is not "Coalition Forces".

Countries, demonyms, places and calendar words are never actors here (countries have
their own field); two or three plain capitalised words that are none of these are taken
as a person's name.

The work is a sequence of named passes over one shared state, in the manner of
markdown-it's rulers: `MENTION_PASSES` find the mentions (runs.py, context.py), then
`CANDIDATE_PASSES` (candidates.py) link them to actors.yaml, clean and merge the names, and
rank them most central first. Word lists are in generator/ingest/data/ (words.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from generator.ingest.actors import context
from generator.ingest.actors.candidates import CANDIDATE_PASSES, Findings
from generator.ingest.actors.known_organisations import iso_codes
from generator.ingest.actors.model import ActorsFound, Mention
from generator.ingest.actors.person_cues import PersonCues, person_cues as cues_of_language
from generator.ingest.actors.capitalised_nouns import evidenced_name, name_cues
from generator.ingest.actors.runs import INVISIBLE, RUN, mentions_in_runs
from generator.ingest.actors.words import LEADING_WORDS, NON_NAME_WORDS, ORG_WORDS, TITLE_WORDS, is_acronym
from generator.ingest.language import function_words
from generator.taxonomy import Vocabulary

__all__ = ["ActorsFound", "Mention", "find_actors", "LEADING_WORDS", "NON_NAME_WORDS", "ORG_WORDS", "TITLE_WORDS"]


@dataclass
class MentionState:
    """What the mention passes share: the text, and the mentions found so far."""

    text: str
    vocabulary: Vocabulary
    country_surfaces: set[str]
    mentions: list[Mention] = field(default_factory=list)
    # where an organisation's name is written only inside its members' phrase
    # ("Coalition military forces"): not listed again as written there
    inside_member_phrases: set[int] = field(default_factory=set)
    language: str = ""  # ISO 639-1, "" when unsure


def _evidenced_runs(state: MentionState) -> None:
    """In a language that capitalises its nouns, the rules above, made for capitals as a
    sign of a name, miss names the language shows otherwise ("betonte Peter Quandel",
    "Universität Greifswald"): each capitalised run with such evidence (capitalised_nouns.py)."""
    cues = name_cues(state.language)
    if cues is None:
        return
    for match in RUN.finditer(state.text):
        words = match.group(0).split()
        if any(is_acronym(w) for w in words):
            continue  # an acronym is a name in any language: the runs' own rules read it
        found = evidenced_name(words, "person", False, state.text, cues, ORG_WORDS)
        if found:
            name, kind = found
            start = match.start() + max(0, match.group(0).find(name))
            state.mentions.append(Mention(name, name, kind, start))


def _person_cues(state: MentionState) -> PersonCues | None:
    """The words around a person's name in the article's language (person_cues.py)."""
    return cues_of_language(state.language, honorifics_are_evidence=name_cues(state.language) is not None)


def _runs(state: MentionState) -> None:
    state.mentions += mentions_in_runs(state.text, state.vocabulary, state.country_surfaces, _person_cues(state))


def _defined_acronyms(state: MentionState) -> None:
    state.mentions += context.defined_long_acronyms(state.text)


def _speakers(state: MentionState) -> None:
    state.mentions += context.speakers_after_said(state.text, state.country_surfaces, state.mentions,
                                                  _person_cues(state))


def _single_names(state: MentionState) -> None:
    state.mentions += context.repeated_single_names(state.mentions, state.text, state.country_surfaces,
                                                    _person_cues(state))


def _roles(state: MentionState) -> None:
    state.mentions += context.appositions(state.mentions, state.text) + context.roles_before_names(state.mentions, state.text)


def _surnames(state: MentionState) -> None:
    state.mentions = context.resolve_surnames(state.mentions, state.text)


def _peoples_and_states(state: MentionState) -> None:
    state.mentions += context.peoples(state.text) + context.states_as_parties(state.text)


def _members(state: MentionState) -> None:
    members = context.members(state.mentions, state.text)
    state.inside_member_phrases = {m.start for m in members}  # a member phrase starts where its name does
    state.mentions += members


MENTION_PASSES: list[tuple[str, Callable[[MentionState], None]]] = [
    ("capitalised runs", _runs),
    ("long acronyms defined in parentheses", _defined_acronyms),
    ("a name after 'said'", _speakers),
    ("roles around a named person", _roles),
    ("surnames alone", _surnames),
    ("a surname alone, repeated", _single_names),
    ("peoples and states acting", _peoples_and_states),
    ("a group's members", _members),
    ("names with evidence, in a language that capitalises nouns", _evidenced_runs),
]


def find_actors(
    text: str, vocabulary: Vocabulary, country_surfaces: set[str] | None = None, title: str = "", outlet: str = "",
    countries: Sequence[str] = (), language: str = "",
) -> ActorsFound:
    """Every person and organisation named in `text`, most central first; `title` is the
    headline (whether or not `text` holds it), which makes a name more central; `outlet`
    the publisher's address or name, which is no actor of its own story; `countries` the
    article's countries (names or ISO codes, most central first), which say what a short
    form like 'Congress' names; `language` the article's (ISO 639-1), whose frequent words
    are no names even capitalised ("Land", "Haus" in German), and where, if it capitalises
    every noun, a name needs more evidence than its capitals (capitalised_nouns.py)."""
    state = MentionState(INVISIBLE.sub("", text), vocabulary, country_surfaces or set(), language=language)
    for _, run_pass in MENTION_PASSES:
        run_pass(state)
    findings = Findings(state.text, title, vocabulary, state.mentions, outlet, countries=iso_codes(countries, vocabulary),
                        frequent_words=function_words(language), language=language)
    for _, run_pass in CANDIDATE_PASSES:
        run_pass(findings)
    mentions = state.mentions
    return ActorsFound(
        actors=tuple(findings.actors),
        candidates=tuple(findings.candidates),
        persons=tuple(dict.fromkeys(m.surface for m in mentions if m.kind == "person")),
        organisations=tuple(dict.fromkeys(
            m.surface for m in mentions
            if m.kind == "organisation" and (m.generic or m.start not in state.inside_member_phrases)
        )),
        candidate_kinds=tuple((e.name, e.kind) for e in findings.candidates.values()),
    )
