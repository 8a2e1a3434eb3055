"""The headline as a reader sees it, from a saved page or from copied text.

A page names its article several times: the visible `<h1>` (sometimes an `<h2>` when the
`<h1>` is the site's or blog's name), `og:title`, `twitter:title` and `<title>`. The metadata
often differs from what is displayed (a shorter social version, the print headline, SEO
wording) and carries furniture: the site name ("| Example News"), a section or blog name
("Opinion |", "Asia Unbound »"), a status or format flag ("BREAKING:", "(VIDEO)").

The rules are general, with no site names in them: the visible heading wins when it is the
article's (it resembles the metadata's headline part, or it is the only real heading);
furniture is found by comparing the candidates with each other and with the site name and
the domain. A kicker that reads as part of the headline ("Analysis:", "West Bengal:") stays,
because it is in the visible heading.

In copied text there is no markup: the headline is the title-like line just above the
byline and date lines, above the first paragraph of the article.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable

from generator.ingest.boilerplate import is_furniture, is_section_end
from generator.ingest.language import words_of


@dataclass(frozen=True)
class Title:
    text: str
    marked_updated: bool  # the headline said "Updated:"; the flag, not part of the title


@lru_cache(maxsize=1)
def title_flags() -> frozenset[str]:
    """Status and format flags (data/title_flags.txt): 'breaking', 'video', 'opinion'..."""
    text = resources.files("generator.ingest").joinpath("data/title_flags.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def generic_host_labels() -> frozenset[str]:
    """Address parts that name no site: 'www', 'news', 'co' (data/generic_host_labels.txt)."""
    text = resources.files("generator.ingest").joinpath("data/generic_host_labels.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# Separators between a headline and the site or section names in <title>: " | ", " - ",
# " — ", " » ", " · ", " // ", " -- ", " :: ". A hyphen inside a word ("Rams-49ers") is not one.
_SEPARATOR = re.compile(r"\s+(?:[|–—»·:/\\]|-{1,2}|/{2}|:{2})\s+")
# "... the country World, Updated Nov 07, 2012 at 02:56am IST": a section and a time stamp
# that the site prints inside the headline's element, and a copy puts on the same line
_STAMP_TAIL = re.compile(
    r"\s+(?:[A-Z][\w&.-]*(?:\s+[\w&.-]+){0,2},\s+)?(?i:updated|posted|published|last updated)\b(?:\s*(?:on|at|:))?"
    r"(?=[^\n]{0,40}\d)[^\n]{0,60}$|\s+[A-Z][\w&.-]*(?:\s+[\w&.-]+){0,2},\s+(?i:updated?)$"
)
_UPDATED_PREFIX = re.compile(r"^\s*(?:updated?|update \d+)\s*[:\-–|]\s*", re.I)


@lru_cache(maxsize=1)
def _flag_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(title_flags(), key=len, reverse=True))
    return re.compile(rf"^\s*(?:{words})\s*(?::|\||–|—|-)\s+", re.I)


@lru_cache(maxsize=1)
def _bracket_flag() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(title_flags(), key=len, reverse=True))
    # "(VIDEO)", "[INFOGRAPHIC]", "(PHOTOS)", "(Watch live)" before or after the headline
    return re.compile(rf"\s*[\[(](?:{words})(?:\s+\w+)?[\])]\s*", re.I)


def stamp_tail(title: str) -> str:
    """The 'Updated Nov 07, 2012 at 02:56am IST' that a copied headline line ends with, or ''.
    Only a date or a time makes it a stamp: 'troops posted at 12 border posts' is news."""
    from generator.ingest.dates import dates_in, has_clock

    stamp = _STAMP_TAIL.search(title)
    if not stamp or len(title[: stamp.start()].split()) < 3:
        return ""
    tail = stamp.group(0).strip()
    return tail if dates_in(tail, dt.date.max) or has_clock(tail) else ""


def clean_title(raw: str, site_names: tuple[str, ...] = ()) -> Title:
    """A headline without flags and site furniture: 'Updated: X' -> X with the flag set;
    'BREAKING: X (VIDEO)' -> X; 'X | Site name' -> X when the tail is the site."""
    text = re.sub(r"\s+", " ", raw.replace("\u00a0", " ")).strip()
    marked = bool(re.match(r"^\s*updated?\b", text, re.I))
    flag, bracket = _flag_pattern(), _bracket_flag()
    while True:
        stripped = bracket.sub(" ", flag.sub("", _UPDATED_PREFIX.sub("", text, count=1), count=1)).strip()
        if stripped == text or not stripped:
            break
        text = stripped
    text = strip_site_segments(text, site_names)
    stamp = stamp_tail(text)
    if stamp:
        text = text[: text.rfind(stamp)].rstrip()
    return Title(text.strip(), marked)


def segments(title: str) -> list[str]:
    return [s.strip() for s in _SEPARATOR.split(title) if s.strip()]


def strip_site_segments(title: str, site_names: tuple[str, ...]) -> str:
    """'X | Site' and 'Site - X' -> X, when the segment is the site (name or domain) or a
    section flag; the headline's own dashes ('Armenia - Azerbaijan talks') stay."""
    parts = _SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    keep = [p for p in parts if not (is_site_like(p, site_names) or p.strip().lower() in title_flags())]
    if not keep or len(" ".join(keep).split()) < 2:
        return title
    if len(keep) == len(parts):
        return title
    # rebuild from the original text so the headline's own separators are kept as written
    first, last = title.find(keep[0]), title.rfind(keep[-1]) + len(keep[-1])
    return title[first:last].strip()


def _squash(text: str) -> str:
    return re.sub(r"[^\w]+", "", text.casefold()).replace("_", "")


def site_keys(site_names: tuple[str, ...]) -> list[str]:
    """Squashed forms of the site's names and of its domain's labels ('example-news.org' ->
    'examplenews', 'examplenewsorg')."""
    keys: set[str] = set()
    for name in site_names:
        if not name:
            continue
        name = re.sub(r"^https?://", "", name.strip()).strip("/")
        keys.add(_squash(name))
        if re.fullmatch(r"[\w.-]+\.[a-z]{2,}", name, re.I):  # a host: its labels, the ending and generic parts aside
            labels = [label for label in name.lower().split(".")[:-1] if label not in generic_host_labels()]
            keys.update(_squash(label) for label in labels)
            keys.add(_squash("".join(labels)))
    return [k for k in keys if len(k) >= 3]


def is_site_like(text: str, site_names: tuple[str, ...]) -> bool:
    """The text is the site's name, its domain or a longer name that contains them ('WIRED'
    for wired.com, 'Breitbart.com', 'Stephen M. Walt' on walt.example.com)."""
    key = _squash(text)
    if not key:
        return True
    for site in site_keys(site_names):
        if key == site or (len(key) >= 4 and key in site):
            return True
        if len(site) >= 4 and site in key and len(text.split()) <= 3:
            return True  # 'Example News Blog'; a longer heading may be news about the outlet
    return False


_WORD = re.compile(r"[^\W_]+", re.U)


def _tokens(text: str) -> list[str]:
    text = text.replace("’", "'").replace("‘", "'")
    return [w for w in _WORD.findall(text.casefold())]


def similarity(a: str, b: str) -> float:
    """Word-overlap F1 of two headlines (0..1)."""
    ta, tb = set(_tokens(a)), set(_tokens(b))
    if not ta or not tb:
        return 0.0
    common = len(ta & tb)
    if not common:
        return 0.0
    precision, recall = common / len(ta), common / len(tb)
    return 2 * precision * recall / (precision + recall)


def headline_part(meta_title: str, site_names: tuple[str, ...]) -> str:
    """The headline inside a <title>/og:title: site segments dropped, then the longest
    segment ('BBC - Future - Health - How a movie...' -> 'How a movie...')."""
    parts = [p for p in segments(meta_title) if not is_site_like(p, site_names)]
    if not parts:
        return meta_title.strip()
    return max(parts, key=lambda p: len(p.split()))


@dataclass(frozen=True)
class PageTitles:
    """What a page says its title is."""

    headings: tuple[tuple[str, tuple[str, ...]], ...]  # (tag, versions of its text) in page order
    og_title: str = ""
    twitter_title: str = ""
    headline: str = ""  # schema.org headline
    title: str = ""  # <title>
    site_name: str = ""  # og:site_name


def _text(element) -> str:
    return re.sub(r"\s+", " ", element.text_content().replace("\u00a0", " ")).strip()


def _heading_versions(element) -> tuple[str, ...]:
    """The heading's text, and that text without a leading or a trailing child element:
    sites put a section link before the headline or an 'Updated ...' stamp after it inside
    the same <h1>. The choice between them is made against the metadata."""
    full = _text(element)
    children = [c for c in element if isinstance(c.tag, str) and c.tag not in ("script", "style")]
    versions = [full]
    if not children:
        return tuple(versions)
    first, last = _text(children[0]), _text(children[-1])
    if not (element.text or "").strip() and first and full.startswith(first):
        versions.append(full[len(first):].strip(" ,|-–—:"))
    if not (children[-1].tail or "").strip() and last and full.endswith(last):
        versions.append(full[: len(full) - len(last)].strip(" ,|-–—"))
    return tuple(dict.fromkeys(v for v in versions if v))


def page_titles(root) -> PageTitles:
    """Headings and title metadata of a page parsed by lxml.html."""
    def meta(*names: str) -> str:
        for name in names:
            for element in root.xpath(f'//meta[@property="{name}" or @name="{name}" or @itemprop="{name}"]'):
                content = (element.get("content") or "").strip()
                if content:
                    return re.sub(r"\s+", " ", content.replace("\u00a0", " "))
        return ""

    headings = []
    for element in root.iter("h1", "h2"):
        versions = _heading_versions(element)
        if versions and versions[0]:
            headings.append((element.tag, versions))
    title_element = root.find(".//title")
    title = _text(title_element) if title_element is not None else ""
    schema = ""
    for element in root.xpath('//*[@itemprop="headline"]'):
        schema = (element.get("content") or _text(element)).strip()
        if schema:
            break
    if not schema:
        schema = _json_ld_headline(root)
    return PageTitles(
        headings=tuple(headings),
        og_title=meta("og:title"),
        twitter_title=meta("twitter:title"),
        headline=schema,
        title=title,
        site_name=meta("og:site_name", "application-name"),
    )


def _json_ld_headline(root) -> str:
    """The `headline` of the page's schema.org JSON-LD (NewsArticle and the like), or ''."""
    import json

    def find(value) -> str:
        if isinstance(value, dict):
            headline = value.get("headline")
            if isinstance(headline, str) and headline.strip():
                return headline.strip()
            values = list(value.values())
        elif isinstance(value, list):
            values = value
        else:
            return ""
        for item in values:
            found = find(item)
            if found:
                return found
        return ""

    for script in root.xpath('//script[@type="application/ld+json"]'):
        try:
            found = find(json.loads(script.text or ""))
        except ValueError:
            continue  # a broken block says nothing; the other candidates still do
        if found:
            return re.sub(r"\s+", " ", found)
    return ""


MATCH = 0.5  # word-overlap F1 above which a heading and the metadata name the same story


def choose_html_title(page: PageTitles, host: str = "") -> str:
    """The headline a reader sees (see `choose_html_title_explained`)."""
    return choose_html_title_explained(page, host)[0]


def choose_html_title_explained(page: PageTitles, host: str = "") -> tuple[str, str]:
    """The headline a reader sees, and how it was chosen in plain words. In order:

    1. an <h1>, then an <h2>, that resembles the metadata's headline part (the visible
       wording wins over the metadata's: the print headline or a social version differs);
    2. the first <h1> that is neither the site's name nor furniture nor a sentence (a page
       whose metadata was written for search engines);
    3. the metadata's headline part: og:title, the schema.org headline, <title>;
    4. without metadata, the first <h1> that is not the site's name.
    """
    site_names = tuple(n for n in (page.site_name, host) if n)
    named = [(n, m) for n, m in (("og:title", page.og_title), ("twitter:title", page.twitter_title),
                                 ("schema.org headline", page.headline), ("<title>", page.title)) if m]
    cores = [(n, headline_part(m.rstrip(".… "), site_names)) for n, m in named]
    # a site whose og:title is its own name (a blog's) says nothing about the article
    cores = [(n, c) for n, c in cores if not is_site_like(c, site_names)]
    for tag in ("h1", "h2"):
        best, best_score, best_meta = "", 0.0, ""
        for heading_tag, versions in page.headings:
            if heading_tag != tag or is_site_like(versions[0], site_names):
                continue
            for version in versions:
                for name, core in cores:
                    score = similarity(version, core)
                    if score > best_score + 1e-9:
                        best, best_score, best_meta = version, score, name
        if best_score >= MATCH:
            return best, f"the <{tag}>, matching {best_meta}"
    for heading_tag, versions in page.headings:
        text = versions[0]
        if heading_tag == "h1" and _headline_like(text) and not is_site_like(text, site_names):
            how = "the first <h1>; the page's title metadata names it differently" if cores else "the first <h1>"
            return text, how
    if cores:
        return cores[0][1], f"the page's {cores[0][0]} (no heading on the page matches it)"
    # no metadata at all: the first <h1> that is not the site's name or furniture
    for heading_tag, versions in page.headings:
        text = versions[0]
        if heading_tag == "h1" and len(text.split()) >= 2 and not is_site_like(text, site_names) and not is_furniture(text):
            return text, "the first <h1> (the page has no title metadata)"
    return "", ""


def _headline_like(text: str) -> bool:
    words = text.split()
    return (
        len(words) >= 4
        and not text.rstrip().endswith(".")
        and not is_furniture(text)
        and not is_section_end(text)
    )


# --- copied text -------------------------------------------------------------------------

# "By Jane Doe", "By: Jane Doe (Diary) | ...", "Posted by", "Posted By Jane Doe Thursday, ...";
# "Autor: ...", "بقلم ..." ("by"); "本报记者 李明", "홍길동 기자" (the word "reporter" by the name)
BYLINE = re.compile(
    r"^(?:(?:posted|written|reported|words|story)\s+)?(?:by|von|par|por|di|door)\b\s*:?\s*(?:[A-Z]|$)"
    r"|^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3},?\s+(?:staff|correspondent|reporter|writer)\b"
    r"|^(?:autor|autora|autorin|auteur|yazar|автор|लेखक)\s*:|^(?:بقلم|كتب)\s"
    r"|^.{0,16}(?:记者|記者|기자|特派员|特派員|通讯员|通訊員)(?:\s.{0,16})?$",
    re.I,
)


def is_byline(line: str) -> bool:
    return len(line.split()) <= 25 and bool(BYLINE.match(line.strip()))


@dataclass(frozen=True)
class Header:
    """The headline and the byline/date lines found above (or at the top of) an article."""

    title_index: int | None  # index of the headline among the blocks, None if none
    dateline: tuple[int, ...]  # indices of the byline and date lines around it
    doubt: str  # why the choice is uncertain, "" when it is not


_STOP = frozenset(
    "a an the of to in on at for and or but with by from as is are was were be been it its this that "
    "after before over under into about than says said".split()
)
# "Photo: ...", "Source: ...", "From: Daily Example", "Jane Doe / Agency", "(Jane Doe/AP)": credits
_CREDIT = re.compile(
    r"(?:^|\s)(?:image|photo|picture|video|credit|source|caption|from)s?\s*(?:source|credit)?\s*:|/\s*[A-Z][\w ]{1,30}\)?$", re.I
)
_PICTURE_CREDIT = re.compile(r"(?:^|\s)(?:image|photo|picture|credit)s?\s*(?:credit)?\s*:|/\s*[A-Z][\w ]{1,30}\)?$", re.I)
HEADER_REACH = 15  # lines above the first paragraph in which the headline is looked for


def _content_words(text: str) -> set[str]:
    return {w for w in _tokens(text) if w not in _STOP and len(w) > 2}


# "Hilary Osborne and Phillip Inman", "Gary Younge in Sarasota, Florida": a byline without "By",
# read as one only next to a date line
_NAMES_LINE = re.compile(
    r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,2}(?:,? (?:and|&) [A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,2})*(?: in [A-Z][\w ,.'’-]{2,40})?$"
)
_NAVIGATION = re.compile(r"[›»>|/→]\s*$|\s[›»→]\s|^(?:jump|skip|go|back|return) to\b", re.I)
_TWO_SENTENCES = re.compile(r"\b[a-z]{2,}\. [A-Z]")


def _standfirst(line: str, headline: str, body_words: set[str]) -> bool:
    """`line` reads as the standfirst (deck) under `headline`: of six words or more, not much
    shorter, under a title-like line of three words or more that shares words with the
    article (a menu entry above a headline shares none)."""
    return (
        _title_like_line(line) and _title_like_line(headline) and len(line.split()) >= 6
        and len(_content_words(headline)) >= 3 and len(line) >= 0.8 * len(headline)
        and not _title_case(line) and _overlap(headline, body_words) > 0
        and _overlap(headline, body_words) >= 0.35 * _overlap(line, body_words)
    )


def _overlap(line: str, body_words: set[str]) -> float:
    """Share of a line's content words that the article uses: a headline and its
    standfirst both sum the article up; a teaser of another story does not."""
    content = _content_words(line)
    return len(content & body_words) / len(content) if content else 0.0


def _title_case(line: str) -> bool:
    """Most longer words capitalised: a headline's style, which a standfirst does not use."""
    words = [w for w in line.split() if len(w) >= 4]
    return bool(words) and sum(1 for w in words if w[:1].isupper()) >= 0.7 * len(words)


def _title_like_line(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 40 and not re.search(r"[:,;]$", line) and not is_furniture(line) and not is_section_end(line)


_COUNTER = re.compile(r"\b\d+ of \d+$")  # "8 of 9": an entry of a slideshow or carousel
_DATED_TEASER = re.compile(r"\((?:[^()]*\d{4}|[^()]*\d{1,2}:\d\d[^()]*)\)$")  # "Murdoch Inquiry Extends (July 24, 2012)"


def headline_in_header(blocks: list[str], start: int, times_shown: Callable[[str], int] | None = None) -> Header:
    """The headline of copied text whose article text begins at `blocks[start]`.

    A copied page reads: menus, headline, (a deck,) byline and date lines, (a picture's
    caption,) the article. Each title-like line of the header is weighed by: a byline or
    date line among the next lines that are not menu entries or buttons (or just above it:
    some sites put the date first), its length (menu entries are one to three words), how
    many of its words the article goes on to use, and its distance from the article. A
    caption, a credit, a slideshow entry ("8 of 9") or a dated teaser is not a headline; a
    line shown more than twice is a menu or teaser. The article may start a little before
    the densest run of prose (a caption can split it), so the earliest long paragraph just
    above it counts as a start too.
    """
    from generator.ingest.dates import is_date_line

    def plain_meta(index: int) -> bool:
        return 0 <= index < len(blocks) and (is_byline(blocks[index]) or is_date_line(blocks[index])) and not _COUNTER.search(blocks[index])

    known: dict[int, bool] = {}  # each line is asked about many times: read it once

    def meta(index: int) -> bool:
        if index not in known:
            known[index] = plain_meta(index) or (
                0 <= index < len(blocks) and bool(_NAMES_LINE.match(blocks[index].strip()))
                and (plain_meta(index + 1) or plain_meta(index - 1))
            )
        return known[index]

    def credit(index: int) -> bool:
        return 0 <= index < len(blocks) and len(blocks[index].split()) <= 8 and bool(_CREDIT.search(blocks[index]))

    def minor(index: int) -> bool:
        """Buttons, menu entries, section ends, breadcrumbs, and a picture's credit and
        caption: what stands between a headline and its byline without breaking them apart."""
        line = blocks[index].strip()
        return (
            len(words_of(line)) <= 2 or is_furniture(line) or is_section_end(line) or bool(_NAVIGATION.search(line))
            or credit(index) or credit(index - 1)
        )

    def near(index: int, step: int, count: int = 3) -> list[int]:
        found, j = [], index + step
        while 0 <= j < len(blocks) and len(found) < count and abs(j - index) <= 8:
            if meta(j) or not minor(j):
                found.append(j)
            j += step
        return found

    anchors = [start]
    for index in range(start - 1, max(-1, start - 25), -1):
        words = blocks[index].split()
        if len(words) >= 25 and not meta(index) and not is_furniture(blocks[index]) and sum(
            1 for w in words if w.lower() in _STOP
        ) >= 0.15 * len(words):
            anchors.append(index)
    first = min(anchors)
    dateline = tuple(i for i in range(max(0, first - HEADER_REACH), min(len(blocks), start + 2)) if meta(i))
    body_words: set[str] = set()
    for block in blocks[start:start + 6]:
        body_words |= _content_words(block)
    scored: list[tuple[float, int]] = []
    for index in range(max(0, first - HEADER_REACH), min(len(blocks), start + 1)):
        line = blocks[index].strip()
        words = words_of(line)
        if len(words) == 2 and not meta(index + 1):
            continue  # two words are a menu entry unless a byline or date follows at once
        if not 2 <= len(words) <= 35 or meta(index) or re.search(r"[:,;]$", line) or index in anchors[1:]:
            continue
        if index > 0 and len(blocks[index - 1].split()) <= 8 and _PICTURE_CREDIT.search(blocks[index - 1]):
            continue  # the caption under a picture's credit
        if is_furniture(line) or is_section_end(line) or _CREDIT.search(line):
            continue
        if times_shown is not None and times_shown(line) > 2:
            continue
        below, above = near(index, 1, 2), near(index, -1, 1)
        if index == start and (line.endswith(".") or not any(meta(j) for j in below)):
            continue  # the run's first line is the headline only when a byline or date follows
        score = min(len(words), 8) / 4
        if (below and meta(below[0])) or stamp_tail(line):
            score += 4  # the byline or date right below, buttons aside, or on the line itself
        elif (
            below and below[0] == index + 1 and _standfirst(blocks[index + 1], line, body_words)
            and len(below) > 1 and meta(below[1])
        ):
            score += 5  # a headline over its standfirst, over the byline
        elif above and meta(above[0]):
            score += 2
        previous = blocks[index - 1].strip() if index > 0 else ""
        if index > 0 and not meta(index - 1) and _standfirst(line, previous, body_words) and below and meta(below[0]):
            score -= 4  # a standfirst under its headline
        if _NAVIGATION.search(line):
            score -= 5  # a breadcrumb trail or a "Jump to photos" link
        if _TWO_SENTENCES.search(line):
            score -= 3  # "See a sample reprint. Order one now": instructions, not a headline
        score += 3 * _overlap(line, body_words)
        if re.sub(r"[\"”’')\]]+$", "", line).endswith(".") and len(words) > 6:
            score -= 3  # a sentence (or a quoted one): a caption, a quotation or a teaser's summary
        if _COUNTER.search(line) or _DATED_TEASER.search(line):
            score -= 4
        if len(words) <= 3 and line.isupper():
            score -= 2  # a menu entry in capitals
        score -= 0.1 * min(abs(anchor - index) for anchor in anchors)
        scored.append((score, index))
    if not scored:
        return Header(None, dateline, "no headline found above the article text")
    scored.sort(key=lambda s: (-s[0], s[1]))
    best_score, best = scored[0]
    doubt = ""
    if best_score < 4:
        doubt = f"the headline is uncertain: '{blocks[best]}' was taken as the title; check it"
    elif len(scored) > 1 and scored[1][0] > best_score - 0.5:
        doubt = f"the headline is uncertain: '{blocks[best]}' or '{blocks[scored[1][1]]}'; check the title"
    return Header(best, dateline, doubt)
