"""Whether a briefing's summary is worth showing above its text.

A summary written as the opening sentence(s) of the text (ingest often takes
the first paragraph) would be read twice on the article page: it is shown
there only when it says something the opening does not.
"""

from __future__ import annotations

import html
import re

_FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")
# a summary cut short ends with an ellipsis: its last word may be cut too
_CUT_SHORT = re.compile(r"(…|\.\.\.)\s*$")


def words_of(text: str) -> list[str]:
    """The words of plain text, case-folded: punctuation, quotes and spacing do not count."""
    return _WORD.findall(text.casefold())


def first_paragraph_text(body_html: str) -> str:
    """The plain text of the first paragraph of a rendered body ("" when it has none)."""
    found = _FIRST_PARAGRAPH.search(body_html)
    return html.unescape(_TAG.sub("", found.group(1))) if found else ""


def summary_repeats_opening(summary: str, body_html: str) -> bool:
    """True when `summary` is the body's first paragraph, or the start of it."""
    summary_words = words_of(summary)
    opening = words_of(first_paragraph_text(body_html))
    if not summary_words or len(summary_words) > len(opening):
        return False
    *whole, last = summary_words
    if opening[: len(whole)] != whole:
        return False
    following = opening[len(whole)]
    return last == following or (bool(_CUT_SHORT.search(summary)) and following.startswith(last))


def lede(summary: str, body_html: str) -> str:
    """The summary to show above the text: `summary`, or "" when it repeats the opening."""
    return "" if summary_repeats_opening(summary, body_html) else summary
