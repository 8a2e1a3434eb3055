"""The last touch to a body: the spaces that markup lost or left around links and punctuation.

A page that closes a link or an emphasis with a space inside it ("Pepco Holdings </a>,
Inc.") gives "Pepco Holdings , Inc." once the markup is gone, in saved HTML and in copied
text alike. No language writes a space before a comma or a full stop; French (and the
languages that follow its typography) does write one before ; : ? and !, so that space is
kept there. Words that markup glued together ("al-Tanf</a>after") are mended where the
markup is still known (`html._wrap`); what the extractor itself trimmed ("based on</li><ref>
states") shows as a link glued to a letter, and gets its space back here.
"""

from __future__ import annotations

import re

# Languages whose typography sets a space before the high punctuation marks ; : ? !
SPACE_BEFORE_HIGH_PUNCTUATION = frozenset({"fr", "br", "oc"})

# After a word, a closing bracket or quote; then spaces; then the mark, which itself ends a
# word (followed by a space, a closing quote or bracket, or the end). That leaves alone an
# ellipsis set with spaces (". . ."), a decimal (" .5"), a time or score ("3 : 2") and a
# list marker at the start of a line.
_CLOSERS = "\"”’')\\]*"
_GAP = r"(?<=[\w" + _CLOSERS + r"])[ \t]+({marks})(?=[\s" + _CLOSERS + r"]|$)(?![ \t]*\.[ \t]*\.)(?![ \t]*\d)"
_GAP_LOW = re.compile(_GAP.format(marks="[,.]"), re.M)
_GAP_ALL = re.compile(_GAP.format(marks="[,.;:?!]"), re.M)
_FENCE = re.compile(r"^```.*?^```[ \t]*$", re.M | re.S)

# A link: not an image ("![") and not an escaped bracket. A letter right before its "[" or
# right after its ")" lost its space; an apostrophe or a digit there did not ("[Obama](…)'s").
_LINK = re.compile(r"(?<![!\\])\[[^\]\n]+\]\([^)\s]+\)")

# Scripts written without spaces between words: a link there sits right against its letters.
UNSPACED_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})


def mend_seams(markdown: str, language: str = "") -> str:
    """Both repairs below, outside code blocks (code is kept as written)."""
    pieces: list[str] = []
    last = 0
    for fence in _FENCE.finditer(markdown):
        pieces.append(_mend(markdown[last:fence.start()], language))
        pieces.append(fence.group(0))
        last = fence.end()
    pieces.append(_mend(markdown[last:], language))
    return "".join(pieces)


def _mend(text: str, language: str) -> str:
    # links first: a space given back after a link can then be closed before a comma
    return close_punctuation_gaps(separate_glued_links(text, language), language)


def separate_glued_links(text: str, language: str = "") -> str:
    """"based on[states that report](…)" -> "based on [states that report](…)", and after."""
    if language in UNSPACED_LANGUAGES:
        return text

    def spaced(link: re.Match) -> str:
        start, end = link.start(), link.end()
        before = " " if start and text[start - 1].isalpha() else ""
        after = " " if end < len(text) and text[end].isalpha() else ""
        return f"{before}{link.group(0)}{after}"

    return _LINK.sub(spaced, text)


def close_punctuation_gaps(text: str, language: str = "") -> str:
    """"Pepco Holdings , Inc." -> "Pepco Holdings, Inc."."""
    gap = _GAP_LOW if language in SPACE_BEFORE_HIGH_PUNCTUATION else _GAP_ALL
    return gap.sub(r"\1", text)
