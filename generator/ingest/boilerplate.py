"""What site furniture says: the phrases of menus, teasers, share bars and credits.

Shared by the plain-text cleaner and the post-cleaning of extracted HTML. The lists are
general (words every news site uses), not tuned to one site: a page the tools have never
seen should lose its furniture through these same rules.
"""

from __future__ import annotations

import re

# Headings that open a block of other stories or of readers' comments: once the article has
# started, nothing after one of these belongs to it.
_SECTION_ENDS = (
    r"related( articles?| stories| posts| content| news| coverage| links| topics| reading)?",
    r"editor'?s'? (choice|picks?)", r"(most )?popular( (stories|articles|now|news|today|posts))?",
    r"most (read|viewed|shared|emailed|e-mailed|commented|watched|recent)",
    r"(you|we think you) (may|might) (also )?(like|enjoy|be interested in)",
    r"recommended( for you| stories| articles| reading)?", r"more (from|on|in|stories|news|like this)( .{0,40})?",
    r"(read|see) (more|also)( .{0,40})?", r"also (read|see|on)( .{0,40})?", r"top stories", r"latest (news|stories|articles|headlines)",
    r"trending( now| stories)?", r"(\d+ )?comments?( \(\d+\))?", r"(leave|add|post|write) a (comment|reply)",
    r"(show|view|load|read) (all )?comments", r"discussion", r"what others are reading",
    r"in (other|related) news", r"around the web", r"from (the|our) (web|partners)", r"sponsored( content| stories| links)?",
    r"promoted( stories| content)?", r"further reading", r"more headlines", r"news ?feed",
    r"share (this|your) (story|article|thoughts)", r"about the author",
    r"discuss(ion)?( this)?( (post|article|story|page))?", r"join the (discussion|conversation|debate)",
    r"(jump|go|skip) to (the )?(discussion|comments).{0,40}", r"\d+ (comments?|responses?|replies)",
    r"comments? on this (story|article|post)", r"(reader|readers'?|your) comments?", r"have your say",
    r"what do you think\??", r"(leave|post|add) (a|your) (comment|response|reply).{0,40}",
    r"comments (are|have been) (closed|disabled).{0,40}", r"(conversation|comment) guidelines.{0,40}",
)


def _patterns(name: str) -> tuple[str, ...]:
    """The whole-line patterns of a data file: one a line, `#` lines are comments."""
    from importlib.resources import files

    text = files("generator.ingest").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# The same headings in other languages: a German page's "Kommentare" or "Mehr zum Thema"
# ends its article as "Comments" and "More on this" end an English one.
_SECTION_ENDS += _patterns("section_ends.txt")
SECTION_END = re.compile(r"^(?:" + "|".join(_SECTION_ENDS) + r")\s*[:.!]?$", re.I)

# Lines that are furniture wherever they stand.
_FURNITURE = (
    r"(share|tweet|email|e-mail|print|save|like|pin|follow)( (this|on|us|the article|article|story|page).*)?",
    r"(share|follow us|find us|connect) on .{0,60}", r"(facebook|twitter|whatsapp|linkedin|pinterest|reddit|telegram|instagram|youtube|google\+|x)",
    r"(subscribe|sign up|sign in|log ?in|log ?out|register|join)( .{0,80})?",
    r".{0,60}\bnewsletters?\b.{0,60}", r".{0,40}\bcookies?\b.{0,200}", r"advertisement|advertising|ad|ads|sponsored|promoted|paid (post|content)",
    r"skip (to|navigation).{0,40}", r"back to top", r"(main )?menu", r"search", r"home( ?page)?", r"(next|previous|prev|older|newer) (article|story|post|page)?.{0,80}",
    r"(tags?|topics?|filed under|categories|category|keywords)\s*:.*", r"click (here|the image|to|on).{0,120}", r"\(?click (here|the image|to).{0,120}\)?\.?",
    r".{0,30}(all rights reserved|copyright|©).{0,150}", r"(privacy( policy)?|terms( of (use|service))?|contact us|about us|site ?map|accessibility|rss( feeds?)?)( ?[|·•] ?.*)?",
    r"(watch|video|listen|audio|gallery|photos?|slideshow|interactive)\s*:.{0,120}",
    r"\(?(ap|afp|reuters|getty|epa|dpa|pa|ani|efe|xinhua)( images?| photo.{0,40})?\)?",
    r".{0,60}/\s*(reuters|ap|afp|getty( images)?|epa|associated press|bloomberg|xinhua|anadolu|tass|sputnik|the new york times|afp via getty images)",
    r"(photo|image|picture|credit|illustration|graphic|file photo)s?\s*(credit)?\s*:.{0,150}",
    r".{0,80}\((photo|image|picture|credit)s?\b[^)]{0,80}\)", r"(show|hide) (caption|more|less|comments)",
    r"(loading|please wait|javascript).{0,80}", r"(\d+|no) (shares?|comments?|views?|reads?)", r"min(ute)?s? read|\d+ min(ute)?s? read",
    r"(read|continue reading)( the)?( full)?( (article|story|more))?.{0,60}", r"more\s*[»>›]*", r"[«<‹]*\s*(back|previous)",
    r"(enlarge|expand) (this )?(image|photo)", r"(font|text)( size)?\s*:?\s*[+-]?", r"[^\w]*", r"(reply|report( abuse)?|flag|permalink|quote|recommend|like|dislike|vote up|vote down)( to this( comment)?)?",
 r"(image|photo|video) \d+ of \d+", r"\d+ of \d+", r"scroll (left|right|up|down).{0,30}",
)
_FURNITURE += _patterns("furniture_lines.txt")  # the same lines in other languages
FURNITURE = re.compile(r"^(?:" + "|".join(_FURNITURE) + r")\s*[:.!|]?$", re.I)

# "source: commonspace.eu", "Source: Reuters", "Via: ..." at the foot of an article.
SOURCE_LINE = re.compile(r"^(?:source|sources|via|originally published (?:by|on|at))\s*[:\-–]\s*(?P<source>.{2,120})$", re.I)

# A rule between sections: ____, ----, ****, * * *, ====, ~~~~.
RULE = re.compile(r"^\s*(?:[_\-=*~•·]\s*){3,}$")

# "Updated at 1030 CEST/1230 Baku/Yerevan", "UPDATE 2: ...", "Last updated 13 September 2022".
UPDATE_LINE = re.compile(r"^(?:last )?(?:updated?|update \d+)\b.{0,120}$", re.I)

LIST_MARKER = re.compile(r"^\s*(?:[*+•·▪●◦‣-]|\d{1,2}[.)])\s+")


# The furniture of readers' comments: each comment is prose, so these lines are what keeps a
# long comment thread from outweighing the article above it.
_COMMENT_META = (
    r"(posted|written|submitted|commented|replied) (on|by|at) .{0,80}", r"\d+ (likes?|points?|replies|recommendations?|votes?)",
    r"(reply|replies)( \(\d+\))?", r".{0,40} (said|wrote|says) on .{0,60}", r"in reply to .{0,80}",
    r"(report|flag)( post| comment| abuse)?( »)?", r"log ?in to (reply|comment|vote|post).{0,30}",
)
COMMENT_META = re.compile(r"^(?:" + "|".join(_COMMENT_META) + r")\s*[:.!|]?$", re.I)


def is_comment_meta(text: str) -> bool:
    return bool(COMMENT_META.match(_squash(text)))


# Words of sign-up boxes, cookie notices and paywalls; two in one block make it one.
PROMO_WORDS = re.compile(
    r"\b(newsletters?|subscribe|subscription|unsubscribe|sign(ed)? up|inbox|e-?mail address|privacy policy|"
    r"cookies?|terms of (use|service)|log ?in|create an account|free trial|ad ?blocker|whitelist)\b",
    re.I,
)


# Words of a comment section's rules and report forms.
COMMENT_POLICY = re.compile(
    r"\b(comments?|commenting|offensive|abusive|abuse|report(ed)?|moderat\w+|guidelines|terms of (use|service)|"
    r"rules of engagement|posting|spam|flag(ged)?|violates?)\b",
    re.I,
)


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
