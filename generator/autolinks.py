"""Auto-links: the first mention of a known actor, country or region in a
briefing's body links to its page.

A markdown-it core rule, run after inline parsing, over text tokens only:
nothing inside an existing link, a wiki link, a heading, inline code or a
code block is touched, and each page is linked at most once per body (a
second mention, under the same name or an alias, stays text). Names match
as written in the vocabulary (case-sensitive, whole words), so "EU" links
but "eu" inside a word or the common noun "chad" does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

ENV_TERMS = "autolink_terms"  # env key: an AutoLinkTerms, or absent to link nothing


@dataclass(frozen=True)
class AutoLinkTerms:
    """Names (and aliases) that link, each to an output path."""

    pattern: re.Pattern[str] | None
    target_of: dict[str, str]  # name as written -> output path

    @classmethod
    def of(cls, names: dict[str, str]) -> AutoLinkTerms:
        usable = {name: path for name, path in names.items() if name.strip()}
        if not usable:
            return cls(None, {})
        # longest first, so "Nikol Pashinyan" wins over "Pashinyan" at the same place
        alternatives = "|".join(re.escape(name) for name in sorted(usable, key=lambda n: (-len(n), n)))
        # not inside words or hyphenated compounds ("Armenia-Azerbaijan border" stays text)
        return cls(re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), usable)


def _split_text(token: Token, terms: AutoLinkTerms, linked: set[str], relative_link) -> list[Token] | None:
    """The text token as text and link tokens, or None when it mentions nothing new."""
    assert terms.pattern is not None
    pieces: list[Token] = []
    text, start = token.content, 0
    for match in terms.pattern.finditer(text):
        path = terms.target_of[match.group(0)]
        if path in linked:
            continue
        linked.add(path)
        if match.start() > start:
            pieces.append(_text(text[start : match.start()]))
        link_open = Token("link_open", "a", 1)
        link_open.attrs = {"href": relative_link(path), "class": "autolink"}
        pieces.extend([link_open, _text(match.group(0)), Token("link_close", "a", -1)])
        start = match.end()
    if not pieces:
        return None
    if start < len(text):
        pieces.append(_text(text[start:]))
    return pieces


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _autolink_rule(state: StateCore) -> None:
    terms: AutoLinkTerms | None = state.env.get(ENV_TERMS)
    if terms is None or terms.pattern is None:
        return
    linked: set[str] = set()
    in_heading = False
    for block in state.tokens:
        if block.type == "heading_open":
            in_heading = True
        elif block.type == "heading_close":
            in_heading = False
        if block.type != "inline" or in_heading or not block.children:
            continue
        children: list[Token] = []
        link_depth = 0
        for child in block.children:
            if child.type == "link_open":
                link_depth += 1
            elif child.type == "link_close":
                link_depth -= 1
            if child.type == "text" and link_depth == 0:
                pieces = _split_text(child, terms, linked, state.env["relative_link"])
                if pieces:
                    children.extend(pieces)
                    continue
            children.append(child)
        block.children = children


def autolinks_plugin(md: MarkdownIt) -> None:
    """Link first mentions. The render env needs `autolink_terms` and `relative_link(path)`."""
    # after text_join, so a name split over adjacent text tokens is still one text
    md.core.ruler.after("text_join", "autolink", _autolink_rule)
