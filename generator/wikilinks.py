"""Wiki links between briefings: `[[slug]]`, `[[Title]]`, `[[slug|text]]`.

Two parts. `WikiIndex` is pure lookup: every briefing's slug and title ->
its page, built before any body renders (a body may link to a briefing that
sorts after it). `wikilinks_plugin` is the markdown-it plugin: an inline
rule turns `[[...]]` into a `wikilink` token, a core rule resolves each one
through the index in the render environment, and a render rule writes a link,
or, for a target that resolves to nothing, the text in a marked span (the
check reports it as an error, so such a page is never published).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from generator.slugs import slugify

ENV_INDEX = "wiki_index"  # env key: the WikiIndex to resolve against
ENV_FOUND = "wiki_links"  # env key: list of WikiLinkUse, filled while parsing
_INNER = re.compile(r"\[\[([^\[\]\n]+?)\]\]")


@dataclass(frozen=True)
class WikiTarget:
    slug: str
    title: str
    url: str  # output path of its page
    year: int
    published: bool = True  # False for a draft left out of this build


@dataclass(frozen=True)
class Resolution:
    target: WikiTarget | None
    problem: str = ""  # why it did not resolve, when target is None or unpublished


@dataclass(frozen=True)
class WikiLinkUse:
    """One `[[...]]` in a body, as written and as resolved."""

    written: str
    line: int  # 0-based line within the body
    resolution: Resolution


def _title_key(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class WikiIndex:
    """Briefings by slug, by `YEAR/slug` and by title (case and spacing ignored)."""

    by_slug: dict[str, list[WikiTarget]] = field(default_factory=dict)
    by_title: dict[str, list[WikiTarget]] = field(default_factory=dict)

    @classmethod
    def of(cls, targets: Iterable[WikiTarget]) -> WikiIndex:
        index = cls()
        for target in targets:
            index.by_slug.setdefault(target.slug, []).append(target)
            index.by_title.setdefault(_title_key(target.title), []).append(target)
        return index

    def resolve(self, written: str) -> Resolution:
        text = written.strip()
        year_slug = re.fullmatch(r"(\d{4})/([^/]+)", text)
        if year_slug:
            found = [t for t in self.by_slug.get(year_slug.group(2), []) if t.year == int(year_slug.group(1))]
        else:
            found = (
                self.by_slug.get(text)
                or self.by_title.get(_title_key(text))
                or self.by_slug.get(slugify(text))
                or []
            )
        if not found:
            return Resolution(None, f"wiki link [[{text}]] matches no briefing's slug or title")
        if len(found) > 1:
            places = ", ".join(f"{t.year}/{t.slug}" for t in found)
            return Resolution(None, f"wiki link [[{text}]] is ambiguous: it matches {places}")
        target = found[0]
        if not target.published:
            return Resolution(target, f"wiki link [[{text}]] points at a draft that this build leaves out")
        return Resolution(target)


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = _INNER.match(state.src, state.pos)
    if not match:
        return False
    target, _, label = match.group(1).partition("|")
    if not target.strip():
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.meta = {"target": target.strip(), "label": label.strip()}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def with_lines(block: Token) -> Iterator[tuple[int, Token]]:
    """Each child of an inline token with its 0-based line in the body: the block's
    first line plus the line breaks before it, counted as it goes (one pass: counting
    from the block's start for each child is quadratic in a long paragraph)."""
    line = block.map[0] if block.map else 0
    for child in block.children or ():
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        yield line, child


def _resolve_rule(state: StateCore) -> None:
    index: WikiIndex | None = state.env.get(ENV_INDEX)
    found: list[WikiLinkUse] = state.env.setdefault(ENV_FOUND, [])
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for line, token in with_lines(block):
            if token.type != "wikilink":
                continue
            target = token.meta["target"]
            resolution = index.resolve(target) if index else Resolution(None, "wiki links are not resolved here")
            token.meta["resolution"] = resolution
            found.append(WikiLinkUse(target, line, resolution))


def _render_wikilink(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    resolution: Resolution = token.meta["resolution"]
    label = token.meta["label"]
    target = resolution.target
    if target is None or not target.published:
        return f'<span class="wikilink-missing">{escapeHtml(label or token.meta["target"])}</span>'
    href = env["relative_link"](target.url)
    return f'<a class="wikilink" href="{escapeHtml(href)}">{escapeHtml(label or target.title)}</a>'


def wikilinks_plugin(md: MarkdownIt) -> None:
    """Add `[[...]]` links. The render env needs `wiki_index` and `relative_link(path)`."""
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.core.ruler.after("inline", "wikilink_resolve", _resolve_rule)
    md.add_render_rule("wikilink", _render_wikilink)
