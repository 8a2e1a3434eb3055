"""The last touch to a body: spaces that markup left before punctuation.

A page that closes a link or an emphasis with a space inside it ("Pepco Holdings </a>,
Inc.") gives "Pepco Holdings , Inc." once the markup is gone, in saved HTML and in copied
text alike. No language writes a space before a comma or a full stop; French (and the
languages that follow its typography) does write one before ; : ? and !, so that space is
kept there. Words that markup glued together ("al-Tanf</a>after") are mended where the
markup is still known: `html._wrap`.
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


def close_punctuation_gaps(markdown: str, language: str = "") -> str:
    """"Pepco Holdings , Inc." -> "Pepco Holdings, Inc."; code blocks are left as written."""
    gap = _GAP_LOW if language in SPACE_BEFORE_HIGH_PUNCTUATION else _GAP_ALL
    pieces: list[str] = []
    last = 0
    for fence in _FENCE.finditer(markdown):
        pieces.append(gap.sub(r"\1", markdown[last:fence.start()]))
        pieces.append(fence.group(0))
        last = fence.end()
    pieces.append(gap.sub(r"\1", markdown[last:]))
    return "".join(pieces)
