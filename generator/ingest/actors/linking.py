"""Names as the archive knows them: content/taxonomy/actors.yaml, by name or alias.

A link needs the whole name: an alias written as part of a longer name is another body or
person ("International Coalition Forces" is not "Coalition Forces"; "Jane Blinken" is not
"Blinken"). Titles, countries and demonyms before a name do not lengthen it ("President
Putin", "Saudi Coalition Forces" still link), since they say who the named one is.
"""

from __future__ import annotations

import re

from generator.ingest.actors.words import LEADING_WORDS, STRONG_TITLES, TITLE_WORDS
from generator.ingest.countries import DEMONYMS, ISO_NAMES
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
    other words). Actor -> starts, in order."""
    found: dict[str, list[int]] = {}
    for actor in vocabulary.actors.values():
        starts: set[int] = set()
        for alias in (actor.name, *actor.aliases):
            flags = 0 if alias.isupper() or len(alias) <= 4 else re.I
            for match in re.finditer(rf"(?<![\w-]){re.escape(alias)}(?![\w])", text, flags):
                if not inside_longer_name(text, match.start(), match.end()):
                    starts.add(match.start())
        if starts:
            found[actor.name] = sorted(starts)
    return found
