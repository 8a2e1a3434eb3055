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

from dataclasses import dataclass, field

import ahocorasick
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

ENV_TERMS = "autolink_terms"  # env key: an AutoLinkTerms, or absent to link nothing


@dataclass(frozen=True)
class AutoLinkTerms:
    """Names (and aliases) that link, each to an output path."""

    target_of: dict[str, str]  # name as written -> output path
    # every name in one automaton: a text is scanned once, whatever the number of names
    # (a regex alternation of thousands of names tries each one at every position)
    automaton: ahocorasick.Automaton | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, names: dict[str, str]) -> AutoLinkTerms:
        usable = {name: path for name, path in names.items() if name.strip()}
        if not usable:
            return cls({})
        automaton = ahocorasick.Automaton()
        for name in usable:
            automaton.add_word(name, len(name))
        automaton.make_automaton()
        return cls(usable, automaton)

    def __reduce__(self):  # pickled (plan store) as its names; the automaton is made again
        return (AutoLinkTerms.of, (self.target_of,))

    def mentions(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each name in `text`, scanned left to right: at each place the
        longest name that stands as a whole word, then on from its end.

        Whole words: not inside words or hyphenated compounds ("Armenia-Azerbaijan
        border" stays text); longest first, so "Nikol Pashinyan" wins over "Pashinyan"
        at the same place.
        """
        if self.automaton is None:
            return []
        longest_at: dict[int, int] = {}  # start -> end of the longest whole-word name there
        for last, length in self.automaton.iter(text):
            start, end = last + 1 - length, last + 1
            if end < len(text) and _joins(text[end]):
                continue
            if start > 0 and _joins(text[start - 1]):
                continue
            if longest_at.get(start, -1) < end:
                longest_at[start] = end
        found: list[tuple[int, int]] = []
        resume = 0
        for start in sorted(longest_at):
            if start >= resume:
                found.append((start, longest_at[start]))
                resume = longest_at[start]
        return found


def _joins(character: str) -> bool:
    """A character that makes a name next to it part of a longer word (the regex class [\\w-])."""
    return character.isalnum() or character in "_-"


def _split_text(token: Token, terms: AutoLinkTerms, linked: set[str], relative_link) -> list[Token] | None:
    """The text token as text and link tokens, or None when it mentions nothing new."""
    pieces: list[Token] = []
    text, start = token.content, 0
    for found_start, found_end in terms.mentions(text):
        name = text[found_start:found_end]
        path = terms.target_of[name]
        if path in linked:
            continue
        linked.add(path)
        if found_start > start:
            pieces.append(_text(text[start:found_start]))
        link_open = Token("link_open", "a", 1)
        link_open.attrs = {"href": relative_link(path), "class": "autolink"}
        pieces.extend([link_open, _text(name), Token("link_close", "a", -1)])
        start = found_end
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
    if terms is None or terms.automaton is None:
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
