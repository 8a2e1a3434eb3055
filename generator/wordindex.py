"""Our own search index for large archives: pages' text and filters -> the files a
browser reads (themes/default/static/search-own.js), pure functions.

Pagefind 1.5 does not scale to 100,000 briefings (issue 17): its metadata file lists
every page (948 KB), its scoring is quadratic in the pages that hold a word (a first
search showed nothing in two minutes), and its indexer needed 11 GB. This index is
laid out so that a query reads one small file per word plus the postings of the
words held by many briefings, and the ten results it shows:

    meta.json          document count, mean length, the word shards that exist,
                       the filters' value files
    w/KEY.bin          the words beginning with KEY (hex of their first letters: two,
                       or more where a shard would be large), each with its document
                       frequency and its postings, or the number of its own file
    p/N.bin            the postings of a word held by many briefings
    d/N.bin            one document: address, title, date, region, text (the excerpt)
    values/NAME.json   a filter's values, as stored, -> the number of their list
    v/NAME/N.bin       the documents of one filter value

Every .bin is gzip (a host serves it as it is; the reader decompresses it, as
Pagefind does its chunks). Documents are numbered newest first (date, title,
address), so "newest first" is document order and needs no sort key.

Postings, binary: a kind byte, then either (0) for each document the gap from the
previous one (a varint) and a score byte, or (1) a bitmap of the documents followed
by their scores in document order, whichever is smaller: a word held by every one of
100,000 briefings costs a 12.5 KB bitmap and 100 KB of scores, which gzip takes to a
fraction since a score is one of 15 levels. A filter value's list is the same
without scores.

What a page contributes is read as Pagefind reads it (parser.rs of Pagefind 1.5):
the `data-pagefind-body` element less `data-pagefind-ignore` and the elements it
never indexes, the title meta, the date sort, the filters; words are split where
Pagefind puts a space (its sentence elements and <br>), so both engines see the
same words and the search page's rule (BriefingsSearchUI.answers) finds the same
briefings in either.
"""

from __future__ import annotations

import base64
import bisect
import functools
import gzip
import html
import json
import re
import sys
import tempfile
import unicodedata
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence


VERSION = 1
PREFIX = 2  # letters of a word that pick its shard, at least
# a shard larger than this (gzipped) is split by one more letter: a query reads one
# shard per word, and a shard's words grow with the archive (names, numbers)
SHARD_BYTES = 24_000
# a word whose postings (encoded) exceed this gets a file of its own, so a shard stays
# small whatever the words beside it hold
OWN_FILE_BYTES = 512
SCORE_LEVELS = 15
TITLE_WEIGHT = 5  # a word of the title counts as five of the text
BM25_K1 = 1.2
BM25_B = 0.75

# Pagefind 1.5's parser.rs: elements it never indexes inside the body, elements after
# whose content it puts a space (a word never runs across them), and <br>
_NOT_INDEXED = frozenset(
    ("head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe", "template")
)
_SENTENCE = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section"))
_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")
)
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "plaintext")
_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_FIELD_ATTRIBUTE = re.compile(r"^\s*([^:\[\]]+)\[(.+)\]\s*$")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class PageText:
    """What the index holds of one briefing page."""

    url: str  # the page's address from the site's root, /articles/2024/slug/
    title: str
    date: str  # the date sort key (ISO)
    text: str  # the indexed text, less the ignored parts
    filters: dict[str, list[str]] = field(default_factory=dict)  # as Pagefind stores them

    def order_key(self) -> tuple:
        # newest first, then as the site lists a day's briefings (search-ui.js newestFirst)
        return (_descending(self.date), self.title.lower(), self.url)


def _descending(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text) + (1,)


def _attributes(raw: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(raw):
        name = match.group(1).lower()
        if name not in found:
            value = next((g for g in match.group(2, 3, 4) if g is not None), "")
            found[name] = html.unescape(value)
    return found


def _normalized(text: str) -> str:
    return " ".join(text.split())


def _fields(spec: str, attributes: dict[str, str]) -> list[tuple[str, str | None]]:
    """`data-pagefind-filter`'s (or -meta's, -sort's) fields: (name, value), value None
    for the element's text (parser.rs parse_attr_string)."""
    if ":" in spec:
        names, literal = spec.split(":", 1)
        pairs = _fields(names, attributes)
        if pairs:
            name, value = pairs[-1]
            pairs[-1] = (name, (value or "") + ":" + literal) if value is not None else (name, literal)
        return pairs
    pairs: list[tuple[str, str | None]] = []
    for chunk in spec.split(","):
        chunk = chunk.strip()
        match = _FIELD_ATTRIBUTE.match(chunk)
        if match:
            pairs.append((match.group(1), attributes.get(match.group(2), "")))
        else:
            pairs.append((chunk, None))
    return pairs


@dataclass
class _Open:
    name: str
    indexed: bool  # its text goes into the page's text
    kept: bool  # its filters and metadata count (not data-pagefind-ignore="all")
    body: bool  # a data-pagefind-body element
    fields: list[tuple[str, str, str | None]]  # (kind, name, value or None for its text)
    text: list[str]


def read_page(url: str, page: str) -> PageText | None:
    """What the index holds of the page at `url` (its HTML), or None when it has no
    `data-pagefind-body` element (not a briefing)."""
    stack: list[_Open] = []
    body_text: list[str] = []
    found_body = False
    metas: dict[str, str] = {}
    first_h1: str | None = None
    filters: dict[str, list[str]] = {}
    position = 0
    in_body = 0  # depth of open body elements

    def record(fields: list[tuple[str, str, str | None]], content: str) -> None:
        # Pagefind decodes a filter's value once more than the HTML does; a later meta or
        # sort of a name replaces an earlier one
        for kind, name, value in fields:
            value = _normalized(content) if value is None else value
            if kind == "filter" and value:
                filters.setdefault(name, []).append(_normalized(html.unescape(value)))
            elif kind in ("meta", "sort") and value:
                metas[f"{kind}:{name}"] = value

    def close(closed: _Open) -> None:
        nonlocal first_h1, in_body
        content = "".join(closed.text)
        if closed.name in _SENTENCE:  # a word never runs across these
            content = " " + content + " "
        record(closed.fields, content)
        if closed.name == "h1" and first_h1 is None and content.strip():
            first_h1 = _normalized(content)
        if closed.body:
            in_body -= 1
            body_text.append(content)
        elif closed.indexed and stack and stack[-1].indexed:
            stack[-1].text.append(content)

    for token in _TOKEN.finditer(page):
        if token.start() > position and in_body and stack and stack[-1].indexed:
            stack[-1].text.append(html.unescape(page[position:token.start()]))
        position = token.end()
        raw_name = token.group(2)
        if raw_name is None:  # a comment, a doctype
            continue
        name = raw_name.lower()
        if token.group(1):  # an end tag: close up to the element it names (HTML's implied ends)
            if any(open_.name == name for open_ in stack):
                while stack[-1].name != name:
                    close(stack.pop())
                close(stack.pop())
            continue
        attributes = _attributes(token.group(3) or "")
        parent = stack[-1] if stack else None
        ignore = attributes.get("data-pagefind-ignore")
        is_body = "data-pagefind-body" in attributes
        kept = (parent.kept if parent else True) and (
            ignore is None or ignore.lower() in ("", "index", "true") or is_body
        )
        if is_body:
            indexed = True
        elif ignore is not None or name in _NOT_INDEXED:
            indexed = False
        else:
            indexed = parent.indexed if parent else False
        fields: list[tuple[str, str, str | None]] = []
        if kept:
            for kind in ("filter", "meta", "sort"):
                spec = attributes.get(f"data-pagefind-{kind}")
                if spec is not None:
                    fields += [(kind, n, v) for n, v in _fields(spec, attributes)]
        if is_body:
            found_body = True
            in_body += 1
        if name == "br" and in_body and parent is not None and parent.indexed:
            parent.text.append(" ")
        if name in _VOID:
            record(fields, "")
            continue
        if name in _RAW_TEXT:  # its content is text, not markup: skip to its end tag
            end = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(page, position)
            position = end.end() if end else len(page)
            record(fields, "")
            continue
        stack.append(_Open(name, indexed and in_body > 0, kept, is_body, fields, []))
    if position < len(page) and in_body and stack and stack[-1].indexed:
        stack[-1].text.append(html.unescape(page[position:]))
    while stack:  # elements left open at the end: their text still counts
        close(stack.pop())
    if not found_body:
        return None
    title = metas.get("meta:title") or first_h1 or ""
    return PageText(url, _normalized(title), metas.get("sort:date", ""), _normalized(" ".join(body_text)), filters)


# --- the index ---------------------------------------------------------------


@functools.cache
def _marks() -> dict[int, None]:
    """Every combining mark (Unicode category M), to delete with str.translate."""
    return {c: None for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)).startswith("M")}


def folded(text: str) -> str:
    """offline_search.fold (NFKD, marks dropped, lower case: search-ui.js fold), at C speed:
    a character at a time in Python, folding was four fifths of indexing 100,000 briefings."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).translate(_marks()).lower()


def words_of(text: str) -> list[str]:
    """The words of `text` as the search page finds them (search-ui.js wordsOf)."""
    return [w for w in _WORD.findall(folded(text)) if len(w) >= PREFIX]


def _varint(number: int, into: bytearray) -> None:
    while number >= 0x80:
        into.append((number & 0x7F) | 0x80)
        number >>= 7
    into.append(number)


def encode_postings(documents: Sequence[int], scores: Sequence[int] | None, count: int) -> bytes:
    """`documents` (ascending) with their `scores` (1..255, or None: a list alone), as a
    gap list or a bitmap of `count` documents, whichever is smaller."""
    gaps = bytearray([0])
    previous = -1
    for at, number in enumerate(documents):
        _varint(number - previous - 1, gaps)
        previous = number
        if scores is not None:
            gaps.append(scores[at])
    bitmap_size = 1 + (count + 7) // 8 + (len(documents) if scores is not None else 0)
    if bitmap_size >= len(gaps):
        return bytes(gaps)
    bitmap = bytearray((count + 7) // 8)
    for number in documents:
        bitmap[number >> 3] |= 1 << (number & 7)
    return bytes([1]) + bytes(bitmap) + (bytes(scores) if scores is not None else b"")


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def shard_key(word: str, letters: int = PREFIX) -> str:
    return word[:letters].encode("utf-8").hex()


def _quantized(weighted_tf: float, length: int, mean_length: float) -> int:
    """A word's BM25 term-frequency part in a document, as one of SCORE_LEVELS levels."""
    norm = BM25_K1 * (1 - BM25_B + BM25_B * length / mean_length) if mean_length else BM25_K1
    part = weighted_tf * (BM25_K1 + 1) / (weighted_tf + norm)
    return 1 + min(SCORE_LEVELS - 1, int(part / (BM25_K1 + 1) * SCORE_LEVELS))


def ordered(pages: Iterable[PageText]) -> list[PageText]:
    """`pages` in the order the index numbers them: newest first."""
    return _newest_first(list(pages), lambda page: (page.date, page.title, page.url))


def _newest_first(items: list, triple) -> list:  # type: ignore[no-untyped-def]
    """`items` in PageText.order_key's order, given each one's (date, title, address):
    by title and address, then by date, newest first (a stable sort keeps the first
    order among equal dates). The same order as sorting by order_key, without making
    order_key's tuple of a number per letter for each of 100,000 briefings at once
    (about 100 MB)."""
    by_title = sorted(items, key=lambda item: (triple(item)[1].lower(), triple(item)[2]))
    return sorted(by_title, key=lambda item: triple(item)[0], reverse=True)


def index_files(pages: Iterable[PageText], main_order: Sequence[tuple] | None = None) -> Iterator[tuple[str, bytes]]:
    """The index of `pages` (any order: they are numbered newest first here), as
    (path in the part's folder, bytes), sorted by path.

    `main_order`: for a recent part, the order keys (PageText.order_key) of the main
    part's documents, by number; the meta then gives each document's place among them
    (how many of main's come first), so the reader merges the two parts newest first
    without reading a document.

    A page's text is read once and dropped: what is kept of each is its postings (a
    document number and a weight per word, in arrays), its order key's strings, and
    where its gzipped document file lies in a temporary file."""
    postings: dict[str, tuple[array, array]] = {}
    lengths: list[int] = []
    keys: list[tuple[str, str, str]] = []  # (date, title, address) of each page, by read number
    # each page's document file, gzipped, spooled to a temporary file until its number is
    # known (when every page is read): held in memory, 100,000 briefings' texts were
    # some 150 MB of a clean build's peak
    documents = tempfile.TemporaryFile()
    spooled = array("Q")  # where each page's document starts in `documents`, by read number
    values: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for read_number, page in enumerate(pages):
        weights: dict[str, int] = defaultdict(int)
        text_words = words_of(page.text)
        for word in text_words:
            weights[word] += 1
        for word in words_of(page.title):
            weights[word] += TITLE_WEIGHT
        for word, weight in weights.items():
            held = postings.get(word)
            if held is None:
                held = postings[word] = (array("I"), array("B"))
            held[0].append(read_number)
            held[1].append(min(weight, 255))
        lengths.append(len(text_words))
        keys.append((page.date, page.title, page.url))
        for name, given in page.filters.items():
            for value in dict.fromkeys(given):
                values[name][value].append(read_number)
        region = (page.filters.get("region") or [""])[0]
        spooled.append(documents.tell())
        documents.write(_gzip(_json([page.url, page.title, page.date, html.unescape(region), page.text])))
    spooled.append(documents.tell())
    count = len(keys)
    # read order -> number: newest first
    number_of = array("I", bytes(4 * count))
    in_order = _newest_first(list(range(count)), keys.__getitem__)
    for number, read_number in enumerate(in_order):
        number_of[read_number] = number
    positions = None if main_order is None else [
        bisect.bisect_left(main_order, PageText(keys[r][2], keys[r][1], keys[r][0], "").order_key()) for r in in_order
    ]
    del keys
    mean_length = sum(lengths) / count if count else 0.0

    files: dict[str, bytes] = {}
    shard_words: dict[str, list] = {}
    own_files = 0
    for word in sorted(postings):
        read_numbers, weights = postings.pop(word)
        pairs = sorted((number_of[r], _quantized(w, lengths[r], mean_length)) for r, w in zip(read_numbers, weights))
        data = encode_postings([n for n, _ in pairs], [s for _, s in pairs], count)
        if len(data) > OWN_FILE_BYTES:
            files[f"p/{own_files}.bin"] = _gzip(data)
            shard_words[word] = [len(pairs), own_files]
            own_files += 1
        else:
            shard_words[word] = [len(pairs), base64.b64encode(data).decode("ascii")]
    shards = _shards(shard_words)
    del shard_words
    for key, held_words in shards.items():
        files[f"w/{key}.bin"] = _gzip(_json(held_words))
    for name in sorted(values):
        numbered = {value: at for at, value in enumerate(sorted(values[name]))}
        files[f"values/{name}.json"] = _json(numbered)
        for value, at in numbered.items():
            files[f"v/{name}/{at}.bin"] = _gzip(encode_postings(sorted(number_of[r] for r in values[name][value]), None, count))
    meta = {"version": VERSION, "documents": count, "shards": sorted(shards), "filters": sorted(values)}
    if positions is not None:
        meta["positions"] = positions
    files["meta.json"] = _json(meta)
    # every path in sorted order, as before: the documents' ("d/...") sort before the rest
    with documents:
        for path in sorted(f"d/{number}.bin" for number in range(count)):
            read_number = in_order[int(path[2:-4])]
            documents.seek(spooled[read_number])
            yield path, documents.read(spooled[read_number + 1] - spooled[read_number])
    for path in sorted(files):
        yield path, files.pop(path)


def _shards(entries: dict[str, list]) -> dict[str, dict[str, list]]:
    """Words by shard key: their first PREFIX letters, one more letter where a shard
    would exceed SHARD_BYTES gzipped (a word no longer than the key stays in it)."""
    def split(words: list[str], letters: int) -> dict[str, dict[str, list]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for word in words:
            groups[shard_key(word, letters)].append(word)
        result: dict[str, dict[str, list]] = {}
        for key, grouped in groups.items():
            shard = {word: entries[word] for word in grouped}
            longer = [word for word in grouped if len(word) > letters]
            if len(longer) > 1 and len(_gzip(_json(shard))) > SHARD_BYTES:
                result[key] = {word: entries[word] for word in grouped if len(word) <= letters}
                result.update(split(longer, letters + 1))
                if not result[key]:
                    del result[key]
            else:
                result[key] = shard
        return result

    return split(sorted(entries), PREFIX)
