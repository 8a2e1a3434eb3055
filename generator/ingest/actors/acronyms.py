"""An acronym and the long name it stands for, when the text writes both.

"The National Aeronautics and Space Administration (NASA)" defines NASA in parentheses; a
story may also write "the Veterans of Foreign Wars" in one paragraph and "his VFW speech"
in the next without ever joining them. Either way the acronym's letters are the initials
of the long name's words: minor words ("of", "and") may or may not count, and a hyphenated
word may give one initial or one for each part ("Latter-Day"). Inside parentheses, where
the text itself says the two are one, an acronym may also skip words, as long as it starts
and ends with the long name ("Fundamentalist Church of Jesus Christ of Latter-Day Saints
(FLDS)").
"""

from __future__ import annotations

import re

from generator.ingest.actors.runs import RUN
from generator.ingest.actors.words import NON_NAME_WORDS, STRONG_TITLES, TITLE_WORDS
from generator.ingest.places import load_gazetteer

# "the National Aeronautics and Space Administration (NASA)": a long form, then its
# acronym in parentheses.
_DEFINITION = re.compile(r"(?P<long>(?:[A-Z][\w’'&\-.]*[ \t]+(?:(?:of|for|and|the|on|de|du|&)[ \t]+)*){1,10})\((?P<short>[A-Z][A-Za-z&.\-]{1,9})\)")
# "RIM (Research In Motion)": the acronym first, its long form in parentheses, every word of
# it (minor words aside) capitalised.
_DEFINITION_AFTER = re.compile(
    r"(?<![\w.&-])(?P<short>[A-Z][A-Z&.\-]{1,9})[ \t]+\((?P<long>[A-Z][\w’'&\-.]*(?:[ \t]+(?:(?:of|for|and|the|on|de|du|&)[ \t]+)*[A-Z][\w’'&\-.]*){1,9})\)"
)
MINOR_WORDS = frozenset({"of", "for", "and", "the", "on", "de", "du", "&"})
# An acronym that skips words still has at least this many letters, and its long name at
# most this many initials for each of its letters: 'FLDS' for seven initials, not 'FS'.
SKIPPING_LETTERS = 3
INITIALS_PER_LETTER = 2


def letters_of(acronym: str) -> str:
    """'U.N.' -> 'UN', 'PSE&G' -> 'PSEG'."""
    return re.sub(r"[^A-Z]", "", acronym)


def _initials(words: list[str], minor: bool, split_hyphens: bool) -> str:
    parts = [p for w in words for p in (w.split("-") if split_hyphens else [w]) if p]
    return "".join(p[0].upper() for p in parts if minor or p.lower() not in MINOR_WORDS)


def spelled_by(letters: str, words: list[str]) -> bool:
    """Whether `letters` are the initials of `words`, with or without the minor words and
    with or without each part of a hyphenated word."""
    return any(
        letters == _initials(words, minor, split)
        for minor in (False, True) for split in (False, True)
    )


def _skips_to(letters: str, words: list[str]) -> bool:
    """Whether `letters` start at the first word, end at the last, and pick initials of the
    words between in order ('FLDS' of 'Fundamentalist Church ... Latter-Day Saints')."""
    initials = _initials(words, minor=False, split_hyphens=True)
    if len(letters) < SKIPPING_LETTERS or len(initials) > INITIALS_PER_LETTER * len(letters):
        return False
    if initials[:1] != letters[:1] or initials[-1:] != letters[-1:]:
        return False
    rest = iter(initials[1:-1])
    return all(letter in rest for letter in letters[1:-1])


def long_form_for(words: list[str], letters: str) -> str:
    """The shortest tail of `words` (a long name written before an acronym in parentheses)
    that the acronym's letters stand for, or ""."""
    for start in range(len(words) - 1, -1, -1):
        tail = words[start:]
        if tail[0].lower() in MINOR_WORDS:
            continue
        if spelled_by(letters, tail) or _skips_to(letters, tail):
            return " ".join(tail)
        if len(_initials(tail, minor=False, split_hyphens=False)) > INITIALS_PER_LETTER * len(letters):
            return ""
    return ""


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronym -> the long form the text defines it by in parentheses, written after it
    ("Research In Motion (RIM)") or before it ("RIM (Research In Motion)")."""
    found: dict[str, str] = {}
    for match in _DEFINITION.finditer(text):
        short = match.group("short")
        long_form = long_form_for(match.group("long").split(), letters_of(short))
        if long_form and short not in found:
            found[short] = long_form
    for match in _DEFINITION_AFTER.finditer(text):
        short, words = match.group("short"), match.group("long").split()
        letters = letters_of(short)
        # all of the parentheses is the long form: its initials are the acronym's
        if short not in found and len(letters) >= 2 and (spelled_by(letters, words) or _skips_to(letters, words)):
            found[short] = " ".join(words)
    return found


def _no_body(words: list[str]) -> bool:
    """A place, a country, a title or a clause: 'New York City' for NYC, 'Chief Executive
    Officer' for CEO."""
    name = " ".join(words)
    titles = all(w.lower() in TITLE_WORDS or w.lower() in STRONG_TITLES or w.lower() in MINOR_WORDS for w in words)
    clause = any(re.search(r"[’']t$", w) for w in words)  # "System Can't Do Much": a joke, not a name
    return titles or clause or name in NON_NAME_WORDS or name in load_gazetteer().places


def capitalised_runs(text: str) -> list[list[str]]:
    """The words of each capitalised run of `text`, for names_spelling; a possessive ends a
    name ("Research In Motion's Chief" is "Research In Motion", then "Chief")."""
    runs: list[list[str]] = []
    for run in RUN.finditer(text):
        words: list[str] = []
        for word in run.group(0).split():
            bare = re.sub(r"(?:['’]s|(?<=s)['’])$", "", word)
            words.append(bare)
            if bare != word:
                runs.append(words)
                words = []
        if words:
            runs.append(words)
    return runs


def names_spelling(letters: str, runs: list[list[str]]) -> list[str]:
    """The distinct capitalised names among `runs` whose initials are `letters` ('Veterans of
    Foreign Wars' for VFW), places, countries and titles aside."""
    found: dict[str, None] = {}
    for words in runs:
        for first in range(len(words)):
            if words[first][:1] != letters[0]:
                continue
            for last in range(first + 2, len(words) + 1):
                span = words[first:last]
                if span[-1].lower() in MINOR_WORDS or span[0] == "The":
                    continue
                if spelled_by(letters, span) and not _no_body(span):
                    found[" ".join(span)] = None
    return list(found)
