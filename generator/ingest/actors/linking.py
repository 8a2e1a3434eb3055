"""Names as the archive knows them: content/taxonomy/actors.yaml, by name or alias.

A link needs the whole name: an alias written as part of a longer name is another body or
person ("International Coalition Forces" is not "Coalition Forces"; "Jane Blinken" is not
"Blinken"). Titles, countries and demonyms before a name do not lengthen it ("President
Putin", "Saudi Coalition Forces" still link), since they say who the named one is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from generator.ingest.actors.words import LEADING_WORDS, STRONG_TITLES, TITLE_WORDS, word_list
from generator.ingest.countries import DEMONYMS, ISO_NAMES
from generator.ingest.language import UNSPACED_SCRIPTS
from generator.taxonomy import Vocabulary

# A capitalised word (or initials) right before or after a name, on the same line.
_WORD_BEFORE = re.compile(r"(?P<word>[A-Z][\w.’'\-]*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+(?:(?:of|for|and|de|al)[ \t]+(?:the[ \t]+)?)?[A-Z][\w’'\-]")


def known_actor(name: str, vocabulary: Vocabulary) -> str | None:
    actor = vocabulary.actor(name)
    return actor.name if actor else None


def _lengthens(word: str) -> bool:
    """Whether a capitalised word before a name makes it a longer name of something else."""
    bare = word.rstrip(".")
    lower = word.lower()
    return not (
        bare in LEADING_WORDS or lower in TITLE_WORDS or lower in STRONG_TITLES or bare.lower() in STRONG_TITLES
        or bare in DEMONYMS or bare in ISO_NAMES
    )


def inside_longer_name(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is written as part of a longer capitalised name."""
    before = _WORD_BEFORE.search(text[max(0, start - 40):start])
    if before and _lengthens(before.group("word")):
        return True
    return bool(_WORD_AFTER.match(text, end))


def alias_positions(text: str, vocabulary: Vocabulary) -> dict[str, list[int]]:
    """Where each vocabulary actor is written by its name or an alias, as a whole name
    (all-capital aliases like "EU" only in capitals, since "eu" or "spa" in lower case are
    other words). Actor -> starts, in order.

    Every alias is found in one pass over the text (an Aho-Corasick automaton, made once per
    vocabulary): a regex for each alias recompiled on each article once the aliases outgrow
    Python's cache of 512 patterns. A name in a script written without spaces (Chinese,
    Japanese, Thai) stands between other letters, so its ends are not checked for being a
    word's; one after a prefix that Arabic or Hebrew join to words ("وبوتين") is a whole name."""
    index = _alias_index(_aliases_of(vocabulary))
    if index.automaton is None:
        return {}
    lowered = _lower(text)
    starts: dict[str, set[int]] = {}
    for last, key in index.automaton.iter(lowered):
        start, end = last + 1 - len(key), last + 1
        for alias, actor, case_sensitive in index.entries[key]:
            if case_sensitive and text[start:end] != alias:
                continue
            if not _unspaced(alias[0]) and start > 0 and _joins_before(text, start):
                continue
            if not _unspaced(alias[-1]) and end < len(text) and (text[end].isalnum() or text[end] == "_"):
                continue
            if not inside_longer_name(text, start, end):
                starts.setdefault(actor, set()).add(start)
    return {actor.name: sorted(starts[actor.name]) for actor in vocabulary.actors.values() if actor.name in starts}


@dataclass(frozen=True)
class _AliasIndex:
    entries: dict[str, tuple[tuple[str, str, bool], ...]]  # lower case -> (alias, actor, case-sensitive)
    automaton: ahocorasick.Automaton | None


def _aliases_of(vocabulary: Vocabulary) -> tuple[tuple[str, str, bool], ...]:
    return tuple(
        (alias, actor.name, alias.isupper() or len(alias) <= 4)
        for actor in vocabulary.actors.values() for alias in dict.fromkeys((actor.name, *actor.aliases)) if alias.strip()
    )


@lru_cache(maxsize=4)
def _alias_index(aliases: tuple[tuple[str, str, bool], ...]) -> _AliasIndex:
    entries: dict[str, list[tuple[str, str, bool]]] = {}
    for alias, actor, case_sensitive in aliases:
        entries.setdefault(_lower(alias), []).append((alias, actor, case_sensitive))
    if not entries:
        return _AliasIndex({}, None)
    automaton = ahocorasick.Automaton()
    for key in entries:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return _AliasIndex({key: tuple(found) for key, found in entries.items()}, automaton)


def _lower(text: str) -> str:
    """`text` in lower case, one character for one ("İ" lowers to two: it is kept as it is),
    so that a place in it is the same place in `text`."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _unspaced(character: str) -> bool:
    return any(script.match(character) for script, _ in UNSPACED_SCRIPTS)


@lru_cache(maxsize=1)
def _joined_prefixes() -> tuple[str, ...]:
    return tuple(sorted(word_list("joined_prefixes"), key=len, reverse=True))


def _joins_before(text: str, start: int) -> bool:
    """Whether the character before `start` makes a name there part of a longer word: a
    letter, a digit, "_" or "-", unless it ends a prefix written joined to the word."""
    before = text[start - 1]
    if not (before.isalnum() or before in "_-"):
        return False
    for prefix in _joined_prefixes():
        at = start - len(prefix)
        if at >= 0 and text.startswith(prefix, at) and (at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "_-")):
            return False
    return True
