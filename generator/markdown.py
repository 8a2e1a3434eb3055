"""The one configured Markdown parser for briefing bodies.

CommonMark with tables, strikethrough and footnotes. Raw HTML is off: a
briefing's text comes from scraped pages, so `<script>` in a body is shown as
text, never run. markdown-it's own link validation drops `javascript:`,
`vbscript:`, `file:` and non-image `data:` targets (also when entity-encoded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from generator.autolinks import ENV_TERMS, LINKED_TEXT, AutoLinkTerms, autolinks_plugin
from generator.bodylimits import ENV_ALLOWANCE, Allowance, BodyTooComplex, check_lines, limits_plugin
from generator.slugs import slugify
from generator.wikilinks import ENV_FOUND, ENV_INDEX, WikiIndex, WikiLinkUse, wikilinks_plugin


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The parser with every rule (ingest reads its own Markdown with it)."""
    return _configured(frozenset())


# Rules a body cannot use when its text lacks what each needs, left out of its parse:
# a block rule is otherwise tried at the start of every block (most of them at every
# line of a paragraph too, to see whether it ends there) to match nothing, and an inline
# rule's pass after the parse goes over every paragraph. Each test is a necessary
# condition for the rule to match anywhere in the text, so the tokens are those of the
# whole parser. Only tests that cost less than what they save: a scan of the text for a
# string or two (a thematic break or a setext heading's underline needs a regex over
# every line, which took as long as trying those rules). On the 1,000 bodies of
# bench/make_corpus.py, 0.55 -> 0.46 s of CPU. A string of two characters or more is
# looked for after its rarest character alone, or by a regex: `in` looks for one
# character at C speed, but for more a third as fast as `re` (5 ms of the 1,000 bodies'
# 26 for each such test, most of the time of these tests).
_REFERENCE_END = re.compile(r"\]:")
RULE_NEEDS: dict[str, Callable[[str], bool]] = {
    "table": lambda text: "|" in text,  # a table's header row has a pipe
    "code": lambda text: "\t" in text or "    " in text,  # indented by four columns or more
    "fence": lambda text: ("`" in text and "```" in text) or ("~" in text and "~~~" in text),
    "blockquote": lambda text: ">" in text,
    "footnote_def": lambda text: "^" in text and "[^" in text,
    "reference": lambda text: _REFERENCE_END.search(text) is not None,  # [label]: destination
    "heading": lambda text: "#" in text,
    "strikethrough": lambda text: "~" in text,  # its inline rule and its pass after
    "emphasis": lambda text: "*" in text or "_" in text,  # likewise
}


def parser_for(text: str) -> MarkdownIt:
    """A parser for `text`: every rule but those it cannot use (RULE_NEEDS)."""
    return _configured(frozenset(name for name, needed in RULE_NEEDS.items() if not needed(text)))


class _HtmlRenderer(RendererHTML):
    """markdown-it's HTML renderer, its default rule for a tag (`renderToken`, 60% of
    rendering a body: paragraphs, lists, headings, links) written to do less: the same
    HTML, without building the attributes' list and the tag in five concatenations."""

    def renderToken(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        token = tokens[idx]
        if token.hidden:  # a tight list's paragraph
            return ""
        nesting = token.nesting
        tag = ("</" if nesting == -1 else "<") + token.tag
        if token.attrs:
            tag += "".join(f' {escapeHtml(key)}="{escapeHtml(str(value))}"' for key, value in token.attrs.items())
        if nesting == 0 and options["xhtmlOut"]:
            tag += " /"
        if not token.block:
            return tag + ">"
        if nesting != -1 and idx and tokens[idx - 1].hidden:  # after a hidden paragraph
            tag = "\n" + tag
        if nesting == 1 and idx + 1 < len(tokens):
            after = tokens[idx + 1]
            # no line break inside a block that holds inline content, nor in an empty one
            if after.type == "inline" or after.hidden or (after.nesting == -1 and after.tag == token.tag):
                return tag + ">"
        return tag + ">\n"


@lru_cache(maxsize=64)  # a few combinations cover an archive's bodies
def _configured(left_out: frozenset[str]) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}, renderer_cls=_HtmlRenderer)
    md.enable(["table", "strikethrough"])
    md.use(limits_plugin)  # first: its rules run before any other
    md.use(footnote_plugin)
    # ids on h2/h3 so sections can be linked to and searched as sub-results
    md.core.ruler.push("anchor", _heading_ids)
    md.core.ruler.at("normalize", _normalize)
    md.use(wikilinks_plugin)
    md.use(autolinks_plugin)
    md.normalizeLink = normalize_link  # type: ignore[method-assign]
    # raw HTML is off: its rules match nothing (they look at the option first)
    md.disable(["html_block", "html_inline", *left_out])
    return md


def _normalize(state: StateCore) -> None:
    """markdown-it's core rule `normalize`: line endings CR LF and CR made LF, and NUL
    U+FFFD. Its regex replaced every LF by itself (3% of parsing a body); this looks first."""
    text = state.src
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    state.src = text


# An address that markdown-it's normalizeLink gives back as it is: http(s), a host in
# lower case, a path of characters no URL encoding touches. Most links in briefings are
# such, and normalizing each (parse, punycode, format, encode) was a tenth of parsing a body.
_PLAIN_ADDRESS = re.compile(r"https?://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?:/[A-Za-z0-9_.~/-]*)?")


def normalize_link(url: str) -> str:
    """markdown-it's normalizeLink, `url` itself when that is what it would give."""
    return url if _PLAIN_ADDRESS.fullmatch(url) else normalizeLink(url)


ANCHORED_LEVELS = ("h2", "h3")


def _heading_ids(state: StateCore) -> None:
    """Give each h2 and h3 an id: its text slugged, made unique with -1, -2, ...

    The ids mdit_py_plugins' anchors plugin gives, but with the next free number
    kept per slug: that plugin counts from 1 again for every heading, so 100,000
    headings of one text took 5 billion steps. Here every taken id is passed over
    at most once (the number after the last hyphen tells which slug it extends).
    """
    taken: set[str] = set()
    next_number: dict[str, int] = {}
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open" or token.tag not in ANCHORED_LEVELS:
            continue
        inline = state.tokens[index + 1]
        title = "".join(child.content for child in inline.children or () if child.type in ("text", "code_inline"))
        slug = candidate = slugify(title)
        if candidate in taken:
            number = next_number.get(slug, 1)
            while (candidate := f"{slug}-{number}") in taken:
                number += 1
            next_number[slug] = number + 1
        taken.add(candidate)
        token.attrSet("id", candidate)


@dataclass(frozen=True)
class BodyContext:
    """What a body may link to, seen from the page it is rendered on."""

    relative_link: Callable[[str], str]  # output path -> link relative to this page
    wiki_index: WikiIndex | None = None
    autolink_terms: AutoLinkTerms | None = None  # None: no auto-links (the briefing opted out)


@dataclass(frozen=True)
class LinkUse:
    """A Markdown link in a body: its address as written and its 0-based line in the body."""

    href: str
    line: int


@dataclass(frozen=True)
class BodyProblem:
    message: str
    line: int  # 0-based line in the body


@dataclass(frozen=True)
class RenderedBody:
    html: str
    first_paragraph: str  # plain text, for summaries when the frontmatter has none
    word_count: int
    wiki_links: tuple[WikiLinkUse, ...] = field(default=())
    links: tuple[LinkUse, ...] = field(default=())  # written links, auto-links not included
    problem: BodyProblem | None = None  # why it was not rendered: an error


def render_body(markdown_text: str, context: BodyContext | None = None) -> RenderedBody:
    """A body rendered: its HTML, and what the site reads of it."""
    return _read_body(markdown_text, context, render=True)


def parse_body(markdown_text: str, context: BodyContext | None = None) -> RenderedBody:
    """What the site reads of a body (summary, word count, links, wiki links, a problem),
    from markdown-it's tokens, not rendered: its `html` is "". The same as `render_body`
    finds, as it is the same parse (`briefings check` reads bodies so)."""
    return _read_body(markdown_text, context, render=False)


def _read_body(markdown_text: str, context: BodyContext | None, render: bool) -> RenderedBody:
    md = parser_for(markdown_text)
    env: dict = {"relative_link": context.relative_link if context else (lambda path: path)}
    if context and context.wiki_index is not None:
        env[ENV_INDEX] = context.wiki_index
    if context and context.autolink_terms is not None:
        env[ENV_TERMS] = context.autolink_terms
    env[ENV_ALLOWANCE] = Allowance()
    try:
        check_lines(markdown_text)
        tokens = md.parse(markdown_text, env)
    except BodyTooComplex as too_complex:
        problem = BodyProblem(too_complex.message, too_complex.line)
        return RenderedBody(html="", first_paragraph="", word_count=0, problem=problem)
    html = md.renderer.render(tokens, md.options, env) if render else ""
    first_paragraph, words, links = _what_it_says(tokens)
    return RenderedBody(
        html=html,
        first_paragraph=first_paragraph,
        word_count=words,
        wiki_links=tuple(env.get(ENV_FOUND, ())),
        links=links,
    )


_TEXT = frozenset(("text", LINKED_TEXT, "code_inline"))
_BREAK = frozenset(("softbreak", "hardbreak"))


def _what_it_says(tokens: list[Token]) -> tuple[str, int, tuple[LinkUse, ...]]:
    """The first paragraph as plain text, the number of words and the written links
    (auto-links are not link tokens), in one pass over the inline tokens' children.

    A line break inside a paragraph separates words: without the space, a wrapped
    first paragraph would give a summary reading "first linesecond". The words are
    counted once over every block's text, a space between blocks."""
    texts: list[str] = []
    first_paragraph: str | None = None
    links: list[LinkUse] = []
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        parts: list[str] = []
        line = token.map[0] if token.map else 0  # of each child, counted as in wikilinks.with_lines
        for child in token.children or ():
            kind = child.type
            if kind in _TEXT:
                parts.append(child.content)
            elif kind in _BREAK:
                parts.append(" ")
                line += 1
            elif kind == "link_open" and "href" in child.attrs:
                links.append(LinkUse(child.attrs["href"], line))
        text = "".join(parts)
        texts.append(text)
        if first_paragraph is None and index > 0 and tokens[index - 1].type == "paragraph_open":
            first_paragraph = " ".join(text.split()) or None
    return first_paragraph or "", len(" ".join(texts).split()), tuple(links)


def shorten(text: str, limit: int = 240) -> str:
    """Cut plain text at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–—")
    return cut + "…"
