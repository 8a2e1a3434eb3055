"""The one configured Markdown parser for briefing bodies.

CommonMark with tables, strikethrough and footnotes. Raw HTML is off: a
briefing's text comes from scraped pages, so `<script>` in a body is shown as
text, never run. markdown-it's own link validation drops `javascript:`,
`vbscript:`, `file:` and non-image `data:` targets (also when entity-encoded).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from generator.slugs import slugify


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    # ids on h2/h3 so sections can be linked to and searched as sub-results
    md.use(anchors_plugin, min_level=2, max_level=3, slug_func=slugify)
    return md


@dataclass(frozen=True)
class RenderedBody:
    html: str
    first_paragraph: str  # plain text, for summaries when the frontmatter has none
    word_count: int


def render_body(markdown_text: str) -> RenderedBody:
    md = parser()
    tokens = md.parse(markdown_text)
    html = md.renderer.render(tokens, md.options, {})
    first_paragraph = ""
    words = 0
    for index, token in enumerate(tokens):
        if token.type == "inline":
            text = "".join(child.content for child in token.children or [] if child.type in ("text", "code_inline"))
            words += len(text.split())
            if not first_paragraph and index > 0 and tokens[index - 1].type == "paragraph_open":
                first_paragraph = " ".join(text.split())
    return RenderedBody(html=html, first_paragraph=first_paragraph, word_count=words)


def shorten(text: str, limit: int = 240) -> str:
    """Cut plain text at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–—")
    return cut + "…"
