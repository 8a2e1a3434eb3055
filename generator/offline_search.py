"""The offline edition's search index: JavaScript files a page loads with
classic `<script>` tags, because from `file://` browsers block the module
imports and fetches that Pagefind needs.

Each file is one call, `BriefingsSearch.receive(name, data)`, and the index is
split so that opening the search page reads only a small manifest, and a query
reads only what it touches:

- `manifest.js`: document count, the word shards that exist, and every filter
  value with its count (for the filter lists);
- `w-<hex>.js`: the words beginning with one two-letter prefix (hex of its
  UTF-8), each with its postings `[doc, score, doc, score, ...]`;
- `filters.js`: filter value -> documents, read when a filter is first used;
- `d-<n>.js`: `CHUNK` documents each: address, title, date, region and plain
  text, read only for the results shown (titles and excerpts).

Documents are numbered in the site's order, newest first (date, then title),
which is the web edition's "newest first" too.

Only a briefing's title, summary and text are indexed, as on the web edition
(article.html's `data-pagefind-body` and `data-pagefind-ignore`), so the two
editions find the same briefings. Words are folded as search-ui.js folds queries (NFKD, marks dropped,
lower case; runs of letters and digits): the two must stay in step.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from html.parser import HTMLParser
from typing import Sequence

from generator import urls
from generator.bodies import html_of
from generator.models import Briefing

CHUNK = 50  # documents per d-<n>.js file
PREFIX = 2  # letters of a word that pick its shard
FILTERS = ("region", "country", "actor", "tag", "source", "year")
# a word in the title matters more than one in the text
TITLE_WEIGHT = 10

WORD = re.compile(r"[^\W_]+")  # letters and digits, as /[\p{L}\p{N}]+/u in JavaScript


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()


def words(text: str) -> list[str]:
    """The searchable words of `text`; single letters are not indexed."""
    return [w for w in WORD.findall(fold(text)) if len(w) >= PREFIX]


def shard_of(word: str) -> str:
    return word[:PREFIX].encode("utf-8").hex()


class _TextOf(HTMLParser):
    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "br", "div", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append(" ")


def plain_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def filter_values(briefing: Briefing) -> dict[str, list[str]]:
    """The same filters the Pagefind index carries, by name."""
    return {
        "region": [briefing.region.name],
        "country": [t.name for t in briefing.countries],
        "actor": [t.name for t in briefing.actors],
        "tag": [t.name for t in briefing.tags],
        "source": [briefing.source.name] if briefing.source else [],
        "year": [str(briefing.date.year)],
    }


def _script(name: str, data: object) -> bytes:
    # ASCII only: the file reads the same whatever encoding a browser guesses from disk
    payload = json.dumps(data, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    return f"BriefingsSearch.receive({json.dumps(name)},{payload});\n".encode("ascii")


def search_files(briefings: Sequence[Briefing]) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the whole index for `briefings` (newest first)."""
    postings: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    filters: dict[str, dict[str, list[int]]] = {name: defaultdict(list) for name in FILTERS}
    documents: list[list[str]] = []
    for number, briefing in enumerate(briefings):
        text = plain_text(html_of(briefing.body_html))
        # what the web edition's Pagefind index holds: title, summary and text only
        for weight, source in (
            (TITLE_WEIGHT, briefing.title),
            (1, briefing.article.summary),
            (1, text),
        ):
            for word in words(source):
                postings[word][number] += weight
        for name, values in filter_values(briefing).items():
            for value in dict.fromkeys(values):
                filters[name][value].append(number)
        documents.append([
            urls.relative(urls.home(), briefing.url, pretty=False),
            briefing.title,
            briefing.date.isoformat(),
            briefing.region.name,
            text,
        ])

    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for word in sorted(postings):
        flat: list[int] = []
        for number, score in sorted(postings[word].items()):
            flat += [number, score]
        shards[shard_of(word)][word] = flat

    files = [
        ("manifest.js", _script("manifest", {
            "documents": len(documents),
            "chunk": CHUNK,
            "shards": sorted(shards),
            "filters": {
                name: sorted(([value, len(docs)] for value, docs in values.items()), key=_filter_order(name))
                for name, values in filters.items()
            },
        })),
        ("filters.js", _script("filters", {name: dict(values) for name, values in filters.items()})),
    ]
    files += [(f"w-{key}.js", _script(f"w-{key}", shards[key])) for key in sorted(shards)]
    for start in range(0, len(documents), CHUNK):
        files.append((f"d-{start // CHUNK}.js", _script(f"d-{start // CHUNK}", documents[start : start + CHUNK])))
    return files


def _filter_order(name: str):
    if name == "year":
        return lambda pair: (-int(pair[0]),)
    return lambda pair: (pair[0].casefold(), pair[0])
