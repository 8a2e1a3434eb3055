"""A saved HTML page -> the article as Markdown, with the page's own metadata.

trafilatura finds the main text (its own heuristics plus jusText and readability as
fallbacks) and writes it as Markdown with paragraphs, headings, lists, quotes and links.
What it lets through is mostly the furniture that sits inside the article's container:
links to other stories standing alone as a paragraph, "Related" headings with their lists,
share and credit lines. The post-cleaning below removes those with the same phrase lists
as the plain-text cleaner.

Title, date, source and address come from the page's metadata (og:, schema.org, <title>,
canonical link); the publication date from htmldate, which reads the same metadata plus
URL patterns and datelines in the page, and never returns a date after the reference day.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterator

from generator.ingest.boilerplate import (
    RULE,
    SOURCE_LINE,
    is_comment_meta,
    is_comment_policy,
    is_furniture,
    is_promo,
    is_section_end,
)
from generator.ingest.dates import date_by_headline, day_first_for
from generator.ingest.language import detect_html_language, detect_language, function_words, justext_stoplist
from generator.ingest.text import clean_text, escape_markdown, normalise_markdown_spacing, plain_from_markdown, split_blocks
from generator.ingest.titles import choose_html_title_explained, clean_title, page_titles


@dataclass(frozen=True)
class HtmlArticle:
    title: str
    markdown: str
    date: dt.date | None
    source: str  # site name or host
    url: str
    author: str = ""
    title_how: str = ""  # how the title was chosen, in plain words (for the editor's review)
    date_how: str = ""  # where the date was read, in plain words


_LINK_ONLY = re.compile(r"^(?:[-*+]\s+)?(?:\[[^\]]*\]\([^)]*\)[\s|·•,]*)+$")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")


def extract_html(html: str, reference: dt.date) -> HtmlArticle:
    """Main text and metadata of one page; an empty `markdown` when no article was found."""
    import trafilatura  # heavy import, only when there is HTML to read

    page_language = detect_html_language(html)
    with _justext_reads(page_language):
        xml = trafilatura.extract(
            html,
            output_format="xml",
            include_links=True,
            include_formatting=True,
            include_tables=True,
            include_comments=False,
            include_images=False,
            deduplicate=False,
        )
    markdown = xml_to_markdown(xml) if xml else ""
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title or "").strip() if metadata else ""
    url = (metadata.url or "").strip() if metadata else ""
    if url and not re.match(r"^https?://", url):
        url = ""
    source = ""
    if metadata:
        source = (metadata.hostname or metadata.sitename or "").strip()
        source = re.sub(r"^www\.", "", source)
    headline, title_how = page_headline_explained(html, url)
    if not headline and title:
        title_how = "the page's metadata (no heading or title tag names the article)"
    title = headline or title
    body = post_clean(markdown, title)
    if len(plain_from_markdown(body).split()) < 60:
        # trafilatura kept a gallery or nothing: read the page as copied text instead
        text = page_text(html)
        cleaned = clean_text(text, function_words(detect_language(text)))
        if len(cleaned.plain.split()) > len(plain_from_markdown(body).split()):
            body = cleaned.markdown
            if not title:
                title, title_how = cleaned.title, "the first line of the page's text that reads as a headline"
    date, date_how = page_date_explained(html, url, reference, headline, page_language)
    return HtmlArticle(
        title=title,
        markdown=body,
        date=date,
        source=source,
        url=url,
        author=(metadata.author or "").strip() if metadata else "",
        title_how=title_how if title else "",
        date_how=date_how,
    )


@contextlib.contextmanager
def _justext_reads(language: str) -> Iterator[None]:
    """trafilatura's jusText fallback with the stoplist of the page's language.

    Without a language, trafilatura gives jusText the union of its 100 stoplists (154,000
    words, about 0.3 s to build in each process), against which menus in any language read
    as prose. `target_language` would give jusText the one list, but also drops a page
    whose <meta> names another language (6 of the 150 pages of dates/ came back empty), so
    the list is set where trafilatura keeps it, for this one call.
    """
    words = justext_stoplist(language) if language else ()
    if not words:
        yield
        return
    import trafilatura.external as external

    kept = external.JT_STOPLIST
    external.JT_STOPLIST = words
    try:
        yield
    finally:
        external.JT_STOPLIST = kept


_BLOCK_TAGS = {
    "p", "div", "section", "article", "header", "footer", "aside", "nav", "main", "h1", "h2", "h3",
    "h4", "h5", "h6", "ul", "ol", "table", "tr", "blockquote", "pre", "figure", "figcaption", "form",
    "dl", "dt", "dd", "hr", "br", "address", "center",
}


def page_text(html: str) -> str:
    """The whole page as a browser's copy would give it: one block per block element.

    The fallback when trafilatura finds no article: the plain-text cleaner then reads it.
    """
    import lxml.html

    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)  # lxml refuses text that declares an encoding
    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    # a list first: dropping an element while iterating loses the iterator's place, and the
    # scripts and styles after a dropped <head> would be read as the page's text
    for element in list(root.iter("script", "style", "noscript", "template", "svg", "head", "iframe")):
        if element.getparent() is not None:
            element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "li":
            element.text = "\n\n* " + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
        elif element.tag in _BLOCK_TAGS:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
    return root.text_content()


def page_headline(html: str, url: str) -> str:
    """The visible headline, weighed against og:title and <title> (see titles.py)."""
    return page_headline_explained(html, url)[0]


def page_headline_explained(html: str, url: str) -> tuple[str, str]:
    """The visible headline and how it was chosen (titles.choose_html_title_explained)."""
    root = _parse(html)
    if root is None:
        return "", ""
    host = re.sub(r"^https?://(?:www\.)?", "", url).split("/")[0] if url else ""
    page = page_titles(root)
    chosen, how = choose_html_title_explained(page, host)
    return clean_title(chosen, (page.site_name, host)).text, how


def _parse(html: str):
    import lxml.html

    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)  # lxml refuses text that declares an encoding
    try:
        return lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None


def page_date(html: str, url: str, reference: dt.date, headline: str = "") -> dt.date | None:
    """The day the article was published: the date the page shows by its headline when it
    shows one, else htmldate's reading of the metadata, URL and page.

    The visible date comes first because the metadata and the URL can name another day:
    a print edition's day in the URL, a crawl or update day in `meta date`, a currency or
    weather box that htmldate takes for the page's date.
    """
    return page_date_explained(html, url, reference, headline)[0]


def page_date_explained(
    html: str, url: str, reference: dt.date, headline: str = "", language: str = "",
) -> tuple[dt.date | None, str]:
    """`page_date`, and where the date was read in plain words."""
    from htmldate import find_date

    try:
        found = find_date(
            html, url=url or None, original_date=True, extensive_search=True,
            outputformat="%Y-%m-%d", max_date=reference.isoformat(),
        )
    except (ValueError, TypeError):
        found = None
    metadata = dt.date.fromisoformat(found) if found else None
    visible = visible_date(html, headline, url, reference, metadata, language)
    if visible:
        return visible, "the date shown by the headline"
    if metadata:
        return metadata, "the page's metadata or address (read by htmldate)"
    return None, ""


def visible_date(
    html: str, headline: str, url: str, reference: dt.date, near: dt.date | None = None, language: str = "",
) -> dt.date | None:
    """The date in the date lines by the headline, as a reader sees the page (a slashed
    date read in the order of the domain's country or else of the page's `language`)."""
    if not headline:
        return None
    lines = split_blocks(page_text(html))
    key = _key(headline)
    # the headline itself, not its link in a list of teasers or a menu
    first_word = headline.split()[0].casefold()
    index = None
    for i, line in enumerate(lines):
        if line.startswith("* ") or first_word not in line.casefold():  # the cheap test first
            continue
        line_key = _key(line)
        if line_key == key or (line_key.startswith(key) and len(line) < 2 * len(headline)):
            index = i
            break
    if index is None:
        return None
    return date_by_headline(lines, index, reference, day_first_for(url, language), near)


def xml_to_markdown(xml: str) -> str:
    """trafilatura's XML (head, p, list/item, quote, ref, hi, table) -> Markdown.

    Our own conversion rather than trafilatura's Markdown output, which drops quotes.
    """
    import lxml.etree

    try:
        root = lxml.etree.fromstring(xml.encode("utf-8"))
    except lxml.etree.XMLSyntaxError:
        return ""
    main = root.find("main")
    if main is None:
        return ""
    return "\n\n".join(b for b in (_block(child) for child in main) if b.strip())


# HTML block elements that trafilatura sometimes leaves, unconverted, inside a paragraph
# ("...conventions.</li><li>Democrats have..."): their text does not run into the next.
_BLOCKS_LEFT_INLINE = frozenset({"li", "item", "p", "div", "ul", "ol", "list", "blockquote", "quote", "h1", "h2", "h3", "h4", "h5", "h6", "head", "row", "cell", "tr", "td", "th", "dd", "dt"})


def _inline(element) -> str:
    """Text of an element with links and emphasis as Markdown; whitespace collapsed."""
    parts = [element.text or ""]
    for child in element:
        inner = _inline(child)
        if child.tag == "ref" and child.get("target", "").startswith(("http://", "https://")) and inner.strip():
            text = inner.replace("[", "\\[").replace("]", "\\]")  # a bracket in the words would end the link
            parts.append(_wrap(text, "[", f"]({_address(child.get('target'))})"))
        elif child.tag == "hi" and inner.strip():
            rend = child.get("rend", "")
            mark = "**" if rend == "#b" else "*" if rend in ("#i", "#u") else "`" if rend == "#t" else ""
            parts.append(_wrap(inner, mark, mark))
        elif child.tag == "lb":
            parts.append(" ")
        elif child.tag in _BLOCKS_LEFT_INLINE:
            parts.append(f" {inner} ")  # a block trafilatura left inside a paragraph still ends a word
        elif child.tag != "graphic":
            parts.append(inner)
        parts.append(child.tail or "")
    return re.sub(r"\s+", " ", "".join(parts))


def _wrap(inner: str, opening: str, closing: str) -> str:
    """Markup around a link's or emphasis's words, with the spaces of its edges kept outside.

    Pages put the space between two words inside the link as often as outside it
    (`the<a> recent destruction</a>`); markup needs its words tight, and the sentence
    needs the space, or "the" and "recent" run together.
    """
    words = inner.strip()
    before = " " if inner[:1].isspace() else ""
    after = " " if inner[-1:].isspace() else ""
    return f"{before}{opening}{words}{closing}{after}"


def _address(url: str) -> str:
    """A link's address as Markdown reads it whole: brackets, spaces and angle brackets
    percent-encoded (an unmatched "(" or a space ends the address early, and the rest of the
    link shows as raw text)."""
    for character, code in (("(", "%28"), (")", "%29"), (" ", "%20"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(character, code)
    return url


def _block(element, depth: int = 0) -> str:
    tag = element.tag
    if tag == "head":
        level = element.get("rend", "h2").lstrip("h")
        level = int(level) if level.isdigit() and 1 <= int(level) <= 6 else 2
        text = _inline(element).strip()
        return f"{'#' * level} {text}" if text else ""
    if tag == "list":
        ordered = element.get("rend", "") == "ol"
        lines = []
        for number, item in enumerate(element.findall("item"), 1):
            nested_lists = [child for child in item if child.tag == "list"]
            nested = [_block(child, depth + 1) for child in nested_lists]
            for child in nested_lists:
                item.remove(child)
            text = _inline(item).strip()
            marker = f"{number}." if ordered else "-"
            if text:
                lines.append(f"{'  ' * depth}{marker} {text}")
            lines.extend(n for n in nested if n)
        return "\n".join(lines)
    if tag == "quote":
        inner = [_block(child) for child in element] if len(element) and all(c.tag in ("p", "list", "head") for c in element) else [_inline(element).strip()]
        text = "\n\n".join(b for b in inner if b.strip())
        return "\n".join(f"> {line}" if line else ">" for line in text.split("\n")) if text else ""
    if tag == "table":
        rows = [[_inline(cell).strip().replace("|", "\\|") for cell in row.findall("cell")] for row in element.findall("row")]
        rows = [r for r in rows if any(r)]
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(lines)
    if tag in ("code",):
        return "```\n" + (element.text or "").strip("\n") + "\n```"
    if tag == "graphic":
        return ""
    return escape_markdown(_inline(element).strip())


def post_clean(markdown: str, title: str) -> str:
    """Remove the furniture trafilatura keeps inside the article (see the module docstring)."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", markdown) if b.strip()]
    title_key = _key(title)
    seen: set[str] = set()
    kept: list[str] = []
    for block in blocks:
        plain = plain_from_markdown(block).strip()
        if is_section_end(plain) or is_comment_policy(plain):
            # trafilatura already chose the article's container, so a "Comments" link in a
            # byline is not the end of it; "Related" after the text is.
            if _words(kept) >= 50:
                break
            continue
        if RULE.match(block):
            kept.append("---")
            continue
        if sum(1 for line in block.split("\n") if _HEADING.match(re.sub(r"^[-*+]\s+", "", line))) >= 2:
            continue  # headings packed into one block with captions: a slideshow, not the text
        if _LINK_ONLY.match(block) or all(_LINK_ONLY.match(line) for line in block.split("\n") if line.strip()):
            continue  # a link alone is a teaser for another story
        if block.lstrip().startswith(("- ", "* ", "1. ")):
            block = _drop_furniture_items(block)
            plain = plain_from_markdown(block).strip()
        if not plain or is_furniture(plain) or is_comment_meta(plain) or SOURCE_LINE.match(plain) or is_promo(plain):
            continue
        if _link_density(block) > 0.7 and len(plain.split()) < 25:
            continue  # mostly links: share buttons, menus, "more stories"
        key = _key(plain)
        if key == title_key or key in seen:
            continue
        seen.add(key)
        kept.append(block)
    while kept and kept[-1] == "---":
        kept.pop()
    return normalise_markdown_spacing("\n\n".join(kept))


def _drop_furniture_items(block: str) -> str:
    """A list's items that are furniture ('Print', 'Share') go; the rest of the list stays."""
    kept = [line for line in block.split("\n") if not is_furniture(plain_from_markdown(line).strip())]
    return "\n".join(kept)


def _link_density(block: str) -> float:
    """Share of a block's words that are the text of links."""
    words = len(plain_from_markdown(block).split())
    linked = sum(len(m.group(1).split()) for m in re.finditer(r"\[([^\]]*)\]\([^)]*\)", block))
    return linked / words if words else 0.0


def _words(blocks: list[str]) -> int:
    return sum(len(b.split()) for b in blocks)


def _key(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()
