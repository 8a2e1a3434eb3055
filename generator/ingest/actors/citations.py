"""Who tells the story rather than acts in it: the reporters a page credits and the media
it cites as its source.

- A credit line ("Jane Roe and John Doe contributed reporting from London.", "Yan Zhang
  contributed to this story.", "— Varno Times" alone on its line) names the people and
  media that wrote or supplied the article: no actor of it.
- The author a byline names ("By Jane Roe" opening a line) wrote the page: her other
  mentions ("Science editor Jane Roe's blog", "Jane Roe writes about ...") are her credits
  and notes, not the story, unless the headline names her.
- A medium named for what it reported ("The Varno Post reports that ...", "the Daily
  Planet reported", "Varno TV's Jane Roe reports.") is the article's source. It stays a
  candidate, since a story may also be about a newspaper, but ranks after the story's own
  actors when that is all the article says of it.

The words that make these frames are data (data/reporting_words.txt), the sentence shapes
are here.
"""

from __future__ import annotations

import re

from generator.ingest.actors.words import word_list

# "reports", "reported", "contributed": lower case, one word a line
REPORTING_WORDS = word_list("reporting_words")
_REPORTING = "|".join(sorted(map(re.escape, REPORTING_WORDS), key=len, reverse=True))

# A line that credits who wrote or reported: "... contributed reporting from London",
# "... contributed to this report", "... also contributed."
_CREDIT_LINE = re.compile(
    r"\bcontributed(?:[ \t]+(?:reporting|research|writing|to[ \t]+(?:this|the)[ \t]+(?:report|story|article)))?\b"
    r"|\b(?:additional[ \t]+)?reporting[ \t]+by\b",
    re.I,
)
# A line that is a name alone after a dash: the source an article is taken from.
_SOURCE_LINE = re.compile(r"[ \t*_]*[-–—][ \t]*[A-Z][^\n.!?]{0,60}[ \t*_]*")
# A credit line is short: a longer paragraph that holds the words tells a story.
CREDIT_LINE_WORDS = 40

# After a medium's name: "reports", "reported that", "first reported", and a reporter of
# it between ("Varno TV's Jane Roe reports").
_REPORTED_AFTER = re.compile(
    rf"(?:['’]s?(?:[ \t]+[A-Z][\w.’'\-]*){{1,4}})?[ \t]+(?:(?:first|also|has|had|later|earlier)[ \t]+)?(?:{_REPORTING})\b"
)
# Before it: "reported by the", "reported in the" (not "a report by": a study is its authors'
# act), and the medium a source spoke to: "told the", "in an interview with".
_REPORTED_BEFORE = re.compile(
    r"\b(?:reported[ \t]+(?:by|in|on)|told|in[ \t]+an[ \t]+interview[ \t]+with)[ \t]+(?:the[ \t]+)?$", re.I
)
# A name as written from where it starts: capitalised words and the small words between them.
_WRITTEN = re.compile(r"[A-Z][\w.’'\-]*(?:[ \t]+(?:(?:of|the|and|for|&)[ \t]+)*[A-Z][\w.’'\-]*)*")
# Before a reporter's name: "Varno TV's", the medium's possessive.
_MEDIUM_POSSESSIVE = re.compile(r"[A-Z][\w.\-]*['’]s?[ \t]+$")


def _line_at(text: str, start: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    return text[line_start:line_end if line_end >= 0 else len(text)]


def named_in_byline(name: str, text: str) -> bool:
    """Whether a line of `text` opens with 'By' and `name` ('By Jane Roe Science editor'):
    the page's author."""
    return re.search(rf"(?:^|\n)[ \t*_]*(?:By|BY)[ \t]+{re.escape(name)}(?![\w’'\-])", text) is not None


def in_credit_line(text: str, start: int) -> bool:
    """Whether the name at `start` stands in a line that credits the article's reporters or
    its source: 'Jane Roe contributed reporting.', '— Varno Times'."""
    line = _line_at(text, start)
    if _SOURCE_LINE.fullmatch(line):
        return True
    return len(line.split()) <= CREDIT_LINE_WORDS and _CREDIT_LINE.search(line) is not None


def cited_for_reporting(text: str, start: int, kind: str) -> bool:
    """Whether the name written at `start` names a medium for what it reported ('The Varno
    Post reports that', 'reported by the Varno Post', 'told the Post') or, for a person, a
    medium's reporter ('Varno TV's Jane Roe reports')."""
    written = _WRITTEN.match(text, start)
    if not written:
        return False
    end = re.sub(r"['’]s?$", "", written.group(0)).__len__() + start
    if kind == "person":
        after = re.match(rf"[ \t]+(?:{_REPORTING})\b", text[end:end + 30])
        return after is not None and _MEDIUM_POSSESSIVE.search(text, max(0, start - 40), start) is not None
    if _REPORTED_AFTER.match(text, end):
        return True
    return _REPORTED_BEFORE.search(text, max(0, start - 40), start) is not None
