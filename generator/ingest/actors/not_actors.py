"""What looks like a name but names no actor of the story: page furniture (headings,
menus, labels, bylines and credits), datelines, dates, shouted words, the page's own
publisher, and places listed as such."""

from __future__ import annotations

import bisect
import re

from generator.ingest.actors.words import word_list
from generator.ingest.dates import MONTHS, WEEKDAYS
from generator.ingest.places import load_gazetteer


FURNITURE_WORDS = word_list("furniture_words")
CALENDAR_WORDS = frozenset(w.capitalize() for w in (*MONTHS, *WEEKDAYS))
WEEKDAY_NAMES = frozenset(w.capitalize() for w in WEEKDAYS if w.endswith("day"))  # never in a name


# "KABUL, Afghanistan —", "CAIRO (Reuters) -": a place in capitals opening a paragraph.
_DATELINE = re.compile(r"[ \t]*(?:,|\(|[-–—])")


# "(AP)", "Photo: AFP", "REUTERS/", "By Jane Roe" opening a line, "Reporting by", "Email
# Jane Roe": who wrote or photographed the page, credited, not an actor of the story.
_CREDIT_BEFORE = re.compile(
    r"(?:\(|(?:^|\n)[ \t]*By[ \t]+|\b(?:Photo|Photograph|Picture|Image|Illustration|Credit|Source|Video|"
    r"Reporting|Additional reporting|Editing|Writing|Written|Posted|Compiled)s?[ \t]*(?::|by)[ \t]*|"
    r"\b(?:Email|E-mail|Follow|Contact)[ \t]+|/)[ \t]*$",
    re.I,
)


# "Jane Roe/Getty Images", "REUTERS/Jane Roe", "Jane Roe for The Daily Planet".
_CREDIT_AFTER = re.compile(r"[ \t]*/[ \t]*[A-Z]|[ \t]+for[ \t]+The[ \t]+[A-Z]")


_NAME_WRITTEN = re.compile(r"[A-Z][\w.’'\-]*(?:[ \t]+(?:[A-Z][\w.’'\-]*|van|von|de|al|bin))*")


# "the neighbourhoods of al-Sakhour, Masaken Hanano, Tariq al-Bab and ...": the names
# listed after a kind of place are places.
_PLACE_LIST = re.compile(
    r"\b(?i:neighbou?rhoods?|towns?|villages?|cities|districts?|provinces?|regions?|areas?|suburbs?|quarters?|"
    r"camps?|gates?|streets?|counties|states|municipalities)[ \t]+(?:of[ \t]+|including[ \t]+|like[ \t]+|such as[ \t]+)?"
    r"(?:(?:the[ \t]+)?(?:[A-Z]|al-|el-)[\w’'\-]*(?:[ \t]+[\w’'\-]+){0,2}(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+))*$",
)


def in_place_list(text: str, start: int) -> bool:
    return _PLACE_LIST.search(text, max(0, start - 160), start) is not None


def is_dateline(text: str, start: int, name: str) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return name.isupper() and not text[line_start:start].strip() and bool(_DATELINE.match(text, start + len(name)))


def is_credit(text: str, start: int, name: str) -> bool:
    written = _NAME_WRITTEN.match(text, start)
    end = written.end() if written else start + len(name)
    if _CREDIT_AFTER.match(text, end):
        return True
    before = _CREDIT_BEFORE.search(text, max(0, start - 40), start)
    if not before:
        return False
    return not before.group(0).rstrip().endswith("(") or text.startswith(")", end)


_ADDRESS_WORDS = {"www", "com", "co", "org", "net", "gov", "edu", "ac", "online", "m", "mobile", "amp"}


def _outlet_labels(outlet: str) -> set[str]:
    """'online.wsj.com' -> {'wsj'}; 'bbc.co.uk' -> {'bbc'}; a name -> its letters."""
    host = re.sub(r"^[a-z]+://", "", outlet.lower()).split("/")[0]
    if "." not in host:
        return {re.sub(r"[^a-z0-9]", "", host)} - {""}
    return {label for label in host.split(".")[:-1] if label not in _ADDRESS_WORDS and len(label) >= 2}


def is_the_outlet(name: str, outlet: str) -> bool:
    """Whether `name` is the publisher of the page: 'NBC News' on nbcnews.com, 'BBC News'
    on bbc.co.uk, 'Wall Street Journal' on wsj.com (by its initials)."""
    if not outlet:
        return False
    words = re.sub(r"^the\s+", "", name, flags=re.I).split()
    squashed = re.sub(r"[^a-z0-9]", "", "".join(words).lower())
    initials = "".join(w[0] for w in words).lower()
    for label in _outlet_labels(outlet):
        if squashed == label or initials == label and len(words) > 1:
            return True
        if len(label) >= 3 and len(squashed) >= 3 and (squashed.startswith(label) or label.startswith(squashed)):
            return True
    return False


# A line in capitals ("FRONT PAGE CONTRIBUTOR", "NEWS FLASH"): a heading or a label.
_SHOUTED_WORD = re.compile(r"(?<![\w.])[A-Z]{3,}(?![\w.])")


def shouted(name: str, positions: list[int], text: str) -> bool:
    """A name in capitals is an acronym only where the words around it are not in capitals
    too: 'OBAMA ADMINISTRATION', 'CHANCE' in a line of capitals are shouted words."""
    if not name.isupper():
        return False
    if len(name.split()) > 1:
        return True
    for p in positions:
        line_start, line_end = text.rfind("\n", 0, p) + 1, text.find("\n", p)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if len(_SHOUTED_WORD.findall(line)) < 3:
            return False
    return True


def a_date(name: str, positions: list[int], text: str) -> bool:
    """'Tue Jul', 'Stopped Sept' before '12': calendar words, not a name."""
    words = name.split()
    if all(w.rstrip(".") in CALENDAR_WORDS for w in words) or any(w in WEEKDAY_NAMES for w in words):
        return True
    return words[-1].rstrip(".") in CALENDAR_WORDS and any(
        re.match(r"\.?[ \t]+\d", text[p + len(name):p + len(name) + 4]) for p in positions
    )


# A heading is short: a line of more words is a sentence, however many names it holds.
HEADING_WORDS = 14


_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "vs"})


def heading_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each short line written in Title Case and not ended like a sentence:
    headings, menus, the headlines of other stories, bylines. Small words like 'of' may stay
    lower case."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[^\W\d_][\w’'\-]*", line) if w.lower() not in _SMALL_WORDS]
        short = len(line.split()) <= HEADING_WORDS and not re.search(r"[.!?][\"'”’)]*\s*$", line)
        if short and words and sum(1 for w in words if w[0].isupper()) >= 0.75 * len(words):
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def in_headings(positions: list[int], headings: list[tuple[int, int]]) -> bool:
    starts = [s for s, _ in headings]
    for p in positions:
        at = bisect.bisect_right(starts, p) - 1
        if at < 0 or not (headings[at][0] <= p < headings[at][1]):
            return False
    return True


# A work's title in quotation marks: "The Dark Knight Rises", “Harry Potter and the Deathly
# Hallows — Part 2.” A quotation of speech is a clause in ordinary case; a title is short
# and capitalises its words.
_OPENING_QUOTE = re.compile(r"[\"“‘«][ \t]*(?:(?:The|A|An)[ \t]+)?$")
# (a right single quote before a letter is an apostrophe: "Obama’s")
_CLOSING_QUOTE = re.compile(r"(?:[^\n\"”’»]|’(?=\w))*?(?:[\"”»]|’(?!\w))")
TITLE_QUOTE_CHARACTERS = 100
TITLE_QUOTE_WORDS = 12


def in_quoted_title(text: str, start: int) -> bool:
    """Whether the name at `start` opens a quotation in Title Case: the title of a film, a
    book or a song, not an actor."""
    opening = _OPENING_QUOTE.search(text, max(0, start - 8), start)
    closing = _CLOSING_QUOTE.match(text, start)
    if not opening or not closing or closing.end() - start > TITLE_QUOTE_CHARACTERS:
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w’'\-]*", closing.group(0)) if w.lower() not in _SMALL_WORDS]
    return 0 < len(words) <= TITLE_QUOTE_WORDS and all(w[0].isupper() for w in words)


def an_abbreviated_place(name: str) -> bool:
    """'N.J.', 'Calif.', 'St. Louis': a place written with an abbreviation (the gazetteer
    lists the usual ones), in a dateline or a headline ('N.J. out of power'), not an actor."""
    return "." in name and name in load_gazetteer().places
