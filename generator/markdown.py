"""The one configured Markdown parser for briefing bodies.

CommonMark with tables, strikethrough and footnotes. Raw HTML is off: a
briefing's text comes from scraped pages, so `<script>` in a body is shown as
text, never run. markdown-it's own link validation drops `javascript:`,
`vbscript:`, `file:` and non-image `data:` targets (also when entity-encoded).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from generator.autolinks import ENV_TERMS, AutoLinkTerms, autolinks_plugin
from generator.slugs import slugify
from generator.wikilinks import ENV_FOUND, ENV_INDEX, WikiIndex, WikiLinkUse, child_line, wikilinks_plugin


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    # ids on h2/h3 so sections can be linked to and searched as sub-results
    md.use(anchors_plugin, min_level=2, max_level=3, slug_func=slugify)
    md.use(wikilinks_plugin)
    md.use(autolinks_plugin)
    return md


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
class RenderedBody:
    html: str
    first_paragraph: str  # plain text, for summaries when the frontmatter has none
    word_count: int
    wiki_links: tuple[WikiLinkUse, ...] = field(default=())
    links: tuple[LinkUse, ...] = field(default=())  # written links, auto-links not included


def render_body(markdown_text: str, context: BodyContext | None = None) -> RenderedBody:
    md = parser()
    env: dict = {"relative_link": context.relative_link if context else (lambda path: path)}
    if context and context.wiki_index is not None:
        env[ENV_INDEX] = context.wiki_index
    if context and context.autolink_terms is not None:
        env[ENV_TERMS] = context.autolink_terms
    tokens = md.parse(markdown_text, env)
    html = md.renderer.render(tokens, md.options, env)
    links = [
        LinkUse(child.attrs["href"], child_line(token.map[0] if token.map else 0, token.children, position))
        for token in tokens
        if token.type == "inline" and token.children
        for position, child in enumerate(token.children)
        if child.type == "link_open" and "href" in child.attrs and child.attrs.get("class") != "autolink"
    ]
    first_paragraph = ""
    words = 0
    for index, token in enumerate(tokens):
        if token.type == "inline":
            text = "".join(child.content for child in token.children or [] if child.type in ("text", "code_inline"))
            words += len(text.split())
            if not first_paragraph and index > 0 and tokens[index - 1].type == "paragraph_open":
                first_paragraph = " ".join(text.split())
    return RenderedBody(
        html=html,
        first_paragraph=first_paragraph,
        word_count=words,
        wiki_links=tuple(env.get(ENV_FOUND, ())),
        links=tuple(links),
    )


def shorten(text: str, limit: int = 240) -> str:
    """Cut plain text at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–—")
    return cut + "…"
