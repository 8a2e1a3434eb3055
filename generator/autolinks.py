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

import functools
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

ENV_TERMS = "autolink_terms"  # env key: an AutoLinkTerms, or absent to link nothing
# A text token in which names link, in place of the text and link tokens it would split
# into (a fifth as many tokens made and rendered): its content the whole text, its
# meta["links"] (start, end, href) of each linked name in it. What reads a body's text
# reads it as a text.
LINKED_TEXT = "autolinked_text"

# A character that makes a name next to it part of a longer word, or of a hyphenated
# compound ("Armenia-Azerbaijan border" stays text): a letter, a digit, "_" or "-"
# (Python's \w is exactly the characters of str.isalnum() and "_").
_JOINS = r"[\w-]"


@dataclass(frozen=True)
class AutoLinkTerms:
    """Names (and aliases) that link, each to an output path."""

    target_of: dict[str, str]  # name as written -> output path

    @classmethod
    def of(cls, names: dict[str, str]) -> AutoLinkTerms:
        return cls({name: path for name, path in names.items() if name.strip()})

    def __reduce__(self):  # pickled (plan store, render workers) as its names: the pattern is made again
        return (AutoLinkTerms.of, (self.target_of,))

    @functools.cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """Every name in one regular expression (`names_pattern`), made when first needed:
        a process that renders no body never compiles it."""
        names = [name for name in self.target_of if _BETWEEN_TEXTS not in name]
        if not names:
            return None
        try:
            return re.compile(names_pattern(names))
        except RecursionError:  # hundreds of names each a prefix of the next nest too deep
            return re.compile(names_alternation(names))

    def mentions(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each name in `text`, scanned left to right: at each place the
        longest name that stands as a whole word, then on from its end.

        Whole words: not inside words or hyphenated compounds ("Armenia-Azerbaijan
        border" stays text); longest first, so "Nikol Pashinyan" wins over "Pashinyan"
        at the same place.
        """
        return [found.span() for found in self.pattern.finditer(text)] if self.pattern else []


def names_pattern(names) -> str:
    """One regular expression whose matches, as `re.finditer` finds them, are the names of
    `AutoLinkTerms.mentions`: at each place the longest name standing as a whole word,
    then on from its end.

    The names as a trie: a text is scanned once whatever their number (an alternation of
    thousands of names tried each one at every place, 12.8 s of a 10,000 build), and faster
    than by an Aho-Corasick automaton, which reports every name inside every word to be
    checked in Python (at 1,000 briefings, 0.05 s against 0.1 s). The expression starts
    with a name's first character, so `re` skips at C speed to the places where one may
    start, and only then looks whether a word character stands before it. At each node of
    the trie the longer names are tried first and the name ending there last, each
    followed by the check that no word character follows; as the next character of the
    text picks at most one branch, the first that matches is the longest whole-word name.
    """
    trie: dict = {}
    for name in names:
        node = trie
        for character in name:
            node = node.setdefault(character, {})
        node[""] = {}  # a name ends here
    # built from the leaves up, without recursion: a name may be longer than Python's stack
    text_of: dict[int, str] = {}
    stack = [(trie, False)]
    while stack:
        node, children_done = stack.pop()
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for key, child in node.items() if key)
            continue
        branches = [re.escape(key) + (_START_CHECK if node is trie else "") + text_of.pop(id(child))
                    for key, child in sorted(node.items()) if key]
        ends_here = "" in node
        if not branches:
            text_of[id(node)] = ""
        elif len(branches) == 1 and not ends_here:
            text_of[id(node)] = branches[0]
        else:
            text_of[id(node)] = "(?:" + "|".join(branches) + ")" + ("?" if ends_here else "")
    return text_of[id(trie)] + f"(?!{_JOINS})"


def names_alternation(names) -> str:
    """The regular expression of `names_pattern` as a flat alternation, longest names
    first: the same matches, with no nesting however the names overlap, but each name is
    tried in turn wherever one may start."""
    return "(?:" + "|".join(
        re.escape(name[0]) + _START_CHECK + re.escape(name[1:]) + f"(?!{_JOINS})"
        for name in sorted(names, key=len, reverse=True)
    ) + ")"


# After a name's first character: the character before that one (if any) does not join it
_START_CHECK = rf"(?<!{_JOINS}[\s\S])"


# Between the texts of a body, searched as one string: markdown-it's normalize turns NUL
# into U+FFFD, so no text holds it (names that do are left out of the pattern: they can
# never match), and it joins no word, so a name at either side of it stands as it would
# at the start or end of its own text.
_BETWEEN_TEXTS = "\0"


def _linkable_texts(tokens: list[Token]) -> list[tuple[Token, int]]:
    """(inline block, index of a child) of each text that may link: outside headings
    and links, in the order of the body."""
    places: list[tuple[Token, int]] = []
    in_heading = False
    for block in tokens:
        kind = block.type
        if kind != "inline":
            if kind == "heading_open":
                in_heading = True
            elif kind == "heading_close":
                in_heading = False
            continue
        if in_heading or not block.children:
            continue
        link_depth = 0
        for index, child in enumerate(block.children):
            kind = child.type
            if kind == "text":
                if link_depth == 0:
                    places.append((block, index))
            elif kind == "link_open":
                link_depth += 1
            elif kind == "link_close":
                link_depth -= 1
    return places


def _linked_text(text: str, links: list[tuple[int, int, str]]) -> Token:
    """A text with links in it: (start, end, href) of each."""
    token = Token(LINKED_TEXT, "", 0)
    token.content = text
    token.meta = {"links": links}
    return token


def _render_linked_text(self, tokens, idx, options, env) -> str:
    """What the text and link tokens of a text split at its names would render to."""
    token = tokens[idx]
    text = token.content
    html: list[str] = []
    start = 0
    for found_start, found_end, href in token.meta["links"]:
        html.append(escapeHtml(text[start:found_start]))
        html.append(f'<a href="{escapeHtml(href)}" class="autolink">{escapeHtml(text[found_start:found_end])}</a>')
        start = found_end
    html.append(escapeHtml(text[start:]))
    return "".join(html)


def _autolink_rule(state: StateCore) -> None:
    """Link the first mention of each page. The body's texts are searched as one string
    (`_BETWEEN_TEXTS`): one search per body rather than one per text, most of which find
    only names already linked."""
    terms: AutoLinkTerms | None = state.env.get(ENV_TERMS)
    if terms is None or terms.pattern is None:
        return
    places = _linkable_texts(state.tokens)
    if not places:
        return
    texts = [block.children[index].content for block, index in places]
    joined = _BETWEEN_TEXTS.join(texts)
    target_of = terms.target_of
    linked: set[str] = set()
    relative_link = state.env["relative_link"]
    links_in: dict[int, list[tuple[int, int, str]]] = {}  # text -> (start, end, href) of its links
    text = text_start = 0  # the text of the last link, and where it starts in `joined`
    for found in terms.pattern.finditer(joined):
        path = target_of[found.group()]
        if path in linked:
            continue
        linked.add(path)
        start, end = found.span()
        if (between := joined.count(_BETWEEN_TEXTS, text_start, start)):
            text += between
            text_start = joined.rfind(_BETWEEN_TEXTS, text_start, start) + 1
        links_in.setdefault(text, []).append((start - text_start, end - text_start, relative_link(path)))
    for text, links in links_in.items():
        block, index = places[text]
        block.children[index] = _linked_text(texts[text], links)


def autolinks_plugin(md: MarkdownIt) -> None:
    """Link first mentions. The render env needs `autolink_terms` and `relative_link(path)`."""
    # after text_join, so a name split over adjacent text tokens is still one text
    md.core.ruler.after("text_join", "autolink", _autolink_rule)
    md.add_render_rule(LINKED_TEXT, _render_linked_text)
