"""What the search indexer reads of a page, as one digest: two versions of a page with
the same digest are indexed alike, so a build need not index the second again.

An addition changes the related lists and neighbours of tens of briefings, outside the
element marked `data-pagefind-body`; Pagefind indexes only that element's content, so
those pages' index entries (their fragments: address, text, filters, metadata, sort
keys) stay as they were. Indexing them again grew the search's recent part by about
thirty briefings per addition (issue 17).

Of a page, Pagefind (1.x, `fossick/parser.rs`) reads:
- the `lang` of `<html>`;
- the content of every `data-pagefind-body` element (its text, the ids of its
  elements as anchors, its `data-pagefind-*` attributes);
- anywhere on the page: `data-pagefind-filter`, `-meta`, `-default-meta`, `-sort` and
  `-index-attrs` attributes, the first `<h1>` (a title when none is given), the first
  `<img>` after it (an image when none is given), and `<title>` (a title when there is
  no `<h1>` either).

The digest covers `<html>`'s start tag, `<title>`, and every body element from its start
tag to its end tag, byte for byte. Whatever it is unsure of is digested whole, which
only costs an indexing: a page without a body element (Pagefind would index all of
it), one whose body element does not close, and one holding, outside its body element,
anything Pagefind reads there (a `data-pagefind-` attribute but `-ignore`, which outside
the body element only repeats that its content is not indexed; an `<h1>`, an `<img>`).
Templates with their filters inside the body element (the default theme's) are thus
compared on their body alone, and any other theme is still indexed correctly.
"""

from __future__ import annotations

import hashlib
import re

# one token of HTML: a comment, or a tag with its attributes (quoted values may hold '>')
_TOKEN = re.compile(
    rb"<!--.*?-->|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL,
)
_BODY_ATTRIBUTE = re.compile(rb"(?:^|\s)data-pagefind-body(?=[\s=/]|$)", re.IGNORECASE)
# any data-pagefind- attribute but -ignore, which outside the body element only says again
# that its content is not indexed (filters and metadata in it are still read: a data-pagefind-
# attribute of their own)
_SEARCH_ATTRIBUTE = re.compile(rb"(?:^|\s)data-pagefind-(?!ignore[\s=/]|ignore$)", re.IGNORECASE)
# elements whose content is text, not markup: a '<' in a script is not a tag
_RAW_TEXT = (b"script", b"style", b"textarea", b"title", b"xmp", b"plaintext")
# void elements have no end tag: no depth to count
_VOID = (
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"source", b"track", b"wbr",
)
# outside the body element, what Pagefind may read without a data-pagefind- attribute
_READ_ANYWHERE = (b"h1", b"img")


def search_digest(page: bytes) -> str:
    """The digest of what the search indexer reads of `page` (an HTML document's bytes)."""
    read = _what_the_indexer_reads(page)
    digest = hashlib.blake2b(digest_size=16)
    if read is None:  # unsure: the whole page
        digest.update(b"page\0" + page)
    else:
        for piece in read:
            digest.update(len(piece).to_bytes(8, "big") + piece)
    return digest.hexdigest()


def _what_the_indexer_reads(page: bytes) -> list[bytes] | None:
    """The pieces of `page` the indexer reads (its html start tag, its title, its body
    elements, in order), or None when it may read something else too."""
    pieces: list[bytes] = []
    bodies = 0  # body elements found
    body_name = b""  # the tag name of the body element we are in ("": outside)
    body_start = depth = 0
    position = 0
    while (token := _TOKEN.search(page, position)) is not None:
        position = token.end()
        closing, raw_name, attributes = token.group(1), token.group(2), token.group(3)
        if raw_name is None:  # a comment
            continue
        name = raw_name.lower()
        if name in _RAW_TEXT and not closing:  # skip to its end tag: its text is not markup
            end = re.compile(rb"</" + name + rb"\s*>", re.IGNORECASE).search(page, position)
            if end is None:
                return None
            if not body_name and name == b"title":
                pieces.append(page[token.start():end.end()])
            position = end.end()
            continue
        if body_name:  # inside a body element: count its depth until it closes
            if name == body_name:  # (a '/' before '>' closes nothing in HTML, but a void element)
                depth += -1 if closing else 1
                if depth == 0:
                    pieces.append(page[body_start:position])
                    body_name, bodies = b"", bodies + 1
            continue
        if closing:
            continue
        if _BODY_ATTRIBUTE.search(attributes):
            if name in _VOID:
                return None
            body_name, body_start, depth = name, token.start(), 1
        elif name == b"html":
            pieces.append(token.group(0))
        elif name in _READ_ANYWHERE or _SEARCH_ATTRIBUTE.search(attributes):
            return None  # read outside the body element: this module does not follow
    if body_name or not bodies:
        return None  # a body element left open, or none at all: Pagefind indexes the whole page
    return pieces
