"""The word lists the actor rules read, from generator/ingest/data/*.txt.

Lists are data, so an editor can add a title or a kind of building without reading the
rules. A list file has one entry a line; '#' starts a comment.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from generator.ingest.countries import DEMONYMS, EXTRA_NAMES, ISO_NAMES
from generator.ingest.dates import MONTHS, WEEKDAYS

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The entries of data/NAME.txt."""
    path = DATA_DIR / f"{name}.txt"
    entries = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(entry for entry in entries if entry)


TITLE_WORDS = word_list("title_words")
STRONG_TITLES = word_list("strong_titles")
ORG_WORDS = word_list("organisation_words")
GROUP_WORDS = word_list("group_words")
LEADING_WORDS = word_list("sentence_start_words")
GENERIC_ACRONYMS = word_list("generic_acronyms")
NOT_ACTORS_FIRST = word_list("not_actor_first_words")
NOT_ACTORS_LAST = word_list("not_actor_last_words")
ROLE_NOUNS = word_list("role_nouns")
OFFICE_ENDS = word_list("office_ends")
COMMON_WORDS = word_list("english_common_words")
PLACE_NAME_STARTS = word_list("place_name_starts")
# Full month and weekday names only: their short forms are also names ("Ma Jun", "Sun
# Yang"), and "May" is a surname as often as a month.
_CALENDAR = {w.capitalize() for w in MONTHS if len(w) > 3 and w != "sept"} | {w.capitalize() for w in WEEKDAYS if w.endswith("day")}
NON_NAME_WORDS = word_list("non_name_words") | _CALENDAR | set(DEMONYMS) | set(ISO_NAMES) | set(EXTRA_NAMES)
# Arabic articles and particles that stand lower case inside a name ("Abdel Halim Nur el-Din").
NAME_PARTICLES = frozenset({"de", "van", "von", "al", "bin", "ibn", "da", "du", "del", "der", "la", "le"})


# The blocks of the cased scripts: Latin with its accents, Greek, Cyrillic, Armenian,
# Georgian, and the extended Latin (Vietnamese) and Greek.
_CASED_BLOCKS = ((0x41, 0x250), (0x370, 0x590), (0x10A0, 0x1100), (0x1E00, 0x2000))


def _letter_class(is_case: str) -> str:
    """The letters of one case in the cased scripts, as the inside of a regular expression's
    class (a few ms, once)."""
    codes = [c for a, b in _CASED_BLOCKS for c in range(a, b) if chr(c).isalpha() and getattr(chr(c), is_case)()]
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)


# Capitals that open a name, not only A to Z: "Élisabeth", "Ángel", "Łukasz", "Олег"; and the
# lower-case letters that follow them.
UPPER = _letter_class("isupper")
LOWER = _letter_class("islower")


def is_acronym(word: str) -> bool:
    """'EU', 'U.N.', 'CJTF-OIR', 'JCP&L'; not 'QUESTION' (a word in capitals) or '2016'."""
    bare = word.replace(".", "").replace("-", "").replace("&", "")
    short = len(bare) <= 6 or "-" in word
    return len(bare) >= 2 and short and bare.isupper() and bare.isalnum() and not bare.isdigit()


def is_model_code(word: str) -> bool:
    """'PM2', 'A350', 'AK-47', 'STS-7': letters and digits in one word name a product, a
    model or a mission, not a body."""
    return bool(re.fullmatch(r"[A-Z]+-?\d+[A-Z]?|[A-Z]\d+[A-Z\d]*|\d+[A-Z]+\d*", word.strip(".,")))
