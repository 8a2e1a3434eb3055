"""What site furniture says: the phrases of menus, teasers, share bars and credits.

Shared by the plain-text cleaner and the post-cleaning of extracted HTML. The lists are
general (words every news site uses), not tuned to one site: a page the tools have never
seen should lose its furniture through these same rules.
"""

from __future__ import annotations

import re


def _patterns(name: str) -> tuple[str, ...]:
    """The whole-line patterns of a data file: one a line, `#` lines are comments."""
    from importlib.resources import files

    text = files("generator.ingest").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# Headings that open a block of other stories or of readers' comments ("Related stories",
# "Kommentare", "相关新闻"): once the article has started, nothing after one of these
# belongs to it. The lists are data, English and other languages alike.
SECTION_END = re.compile(r"^(?:" + "|".join(_patterns("section_ends.txt")) + r")\s*[:.!]?$", re.I)

# Lines that are furniture wherever they stand ("Share this", "Lesen Sie auch: ...").
FURNITURE = re.compile(r"^(?:" + "|".join(_patterns("furniture_lines.txt")) + r")\s*[:.!|]?$", re.I)

# "source: commonspace.eu", "Source: Reuters", "Via: ..." at the foot of an article.
SOURCE_LINE = re.compile(r"^(?:source|sources|via|originally published (?:by|on|at))\s*[:\-–]\s*(?P<source>.{2,120})$", re.I)

# A rule between sections: ____, ----, ****, * * *, ====, ~~~~.
RULE = re.compile(r"^\s*(?:[_\-=*~•·]\s*){3,}$")

# "Updated at 1030 CEST/1230 Baku/Yerevan", "UPDATE 2: ...", "Last updated 13 September 2022".
UPDATE_LINE = re.compile(r"^(?:last )?(?:updated?|update \d+)\b.{0,120}$", re.I)

LIST_MARKER = re.compile(r"^\s*(?:[*+•·▪●◦‣-]|\d{1,2}[.)])\s+")


# The furniture of readers' comments ("Posted by ...", "12 likes"): each comment is prose,
# so these lines are what keeps a long comment thread from outweighing the article above it.
COMMENT_META = re.compile(r"^(?:" + "|".join(_patterns("comment_lines.txt")) + r")\s*[:.!|]?$", re.I)


def is_comment_meta(text: str) -> bool:
    return bool(COMMENT_META.match(_squash(text)))


# Words of sign-up boxes, cookie notices and paywalls; two in one block make it one.
PROMO_WORDS = re.compile(r"\b(" + "|".join(_patterns("promo_words.txt")) + r")\b", re.I)


# Words of a comment section's rules and report forms.
COMMENT_POLICY = re.compile(r"\b(" + "|".join(_patterns("comment_policy_words.txt")) + r")\b", re.I)


def is_comment_policy(text: str) -> bool:
    """'The posting of advertisements, profanity, or personal attacks is prohibited...'"""
    # addressed to the reader: an article about moderation uses the words but not "you"
    addressed = re.search(r"\b(you|your|please|by using|we reserve)\b", text, re.I)
    return bool(addressed) and len({m.group(1).lower() for m in COMMENT_POLICY.finditer(text)}) >= 3


def is_promo(text: str) -> bool:
    return len({m.group(0).lower() for m in PROMO_WORDS.finditer(text)}) >= 2


def is_section_end(text: str) -> bool:
    return bool(SECTION_END.match(_squash(text)))


def is_furniture(text: str) -> bool:
    return bool(FURNITURE.match(_squash(text)))


def _squash(text: str) -> str:
    text = LIST_MARKER.sub("", text.strip())
    return re.sub(r"\s+", " ", text).strip(" \t|·•»>")
