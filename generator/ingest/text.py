"""Plain text copied from a web page -> the article's own text, as Markdown blocks.

A page copied from a browser is the article surrounded by furniture: menus, share bars,
teasers of other stories, "Related articles", comments, footers. The cleaner works on
blocks (paragraphs) and keeps the densest run of prose, the way jusText and similar tools
do on HTML, with three general rules on top:

- a heading that opens other stories or comments ("Related articles", "Popular",
  "Comments") ends the article: nothing after it is kept;
- a block that occurs more than once on the page is a teaser or a menu, not the article;
- lines that are furniture wherever they stand (share, subscribe, cookies, credits) go.

The article's own structure is kept: an update above a rule stays an update section
before the original report, lists stay lists.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from generator.ingest.boilerplate import (
    LIST_MARKER,
    RULE,
    SOURCE_LINE,
    UPDATE_LINE,
    is_comment_meta,
    is_comment_policy,
    is_furniture,
    is_promo,
    is_section_end,
)
from generator.ingest.dates import dates_in, is_date_line
from generator.ingest.language import UNSPACED_SCRIPTS, words_of
from generator.ingest.titles import headline_in_header, is_byline, stamp_tail

# Function words of English: prose has many, menus and headlines few.
STOPWORDS = frozenset(
    """a about above after again against all also although am an and any are as at be because been
    before being below between both but by can could did do does doing down during each either few
    for from further had has have having he her here hers him his how however i if in into is it its
    itself just least less many may me might more most much must my neither no nor not now of off on
    once only or other our ours out over own per same she should since so some such than that the
    their theirs them then there these they this those though through thus to too under until up
    upon us very was we were what when where whether which while who whom whose why will with within
    without would yet you your said says""".split()
) | frozenset(
    # The commonest function words of German, French, Spanish, Italian, Dutch and Portuguese:
    # prose in those languages must read as prose too, or a copied page keeps only its menus.
    """der die das und zu den von mit ist des sich im dem nicht ein eine als auch es an werden aus er hat
    dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor
    zur bis mehr durch man sein wurde sei ich wir ihr auf für wenn kann schon dann doch
    le la les de des du un une et en est que qui dans pour pas sur au aux par plus il elle ce cette son sa
    ses ont été avec ne se mais ou comme nous vous leur sont été être fait très
    el los las del y que una es por con para no su al lo como más pero sus le ha si sin sobre este ya
    entre cuando todo esta ser son dos también fue había era muy hasta desde está
    il lo gli di della che per non da su è sono anche ma nel nella alla degli delle
    het een van dat op te zijn voor niet aan er om ook bij door maar naar dan worden uit wordt
    o os do da dos das em um uma não na no ao mas foi são pelo pela""".split()
)

_DATE_ONLY = re.compile(
    r"^(?:(?:published|posted|updated|last updated|date)\s*:?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?)?\s*$",
    re.I,
)
_BYLINE = re.compile(r"^(?:by|von|par|por|di)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s*(?:,|and|&)\s*.*)?$")


@dataclass(frozen=True)
class Block:
    text: str
    kind: str  # "paragraph", "list", "rule", "update"


@dataclass(frozen=True)
class CleanText:
    title: str  # the headline found above the article, "" if none
    blocks: tuple[Block, ...]  # the article's blocks, in order
    source: str  # from a "source: ..." line, "" if none
    dateline: str  # the date/byline lines just above the article, for date extraction
    title_doubt: str = ""  # why the headline found is uncertain, "" when it is not

    @property
    def markdown(self) -> str:
        return blocks_to_markdown(self.blocks)

    @property
    def plain(self) -> str:
        return "\n\n".join(b.text for b in self.blocks if b.kind != "rule")


# Zero-width (non-)joiners that spell words: Persian, Kurdish and the Indic scripts write them
# inside words ("می‌خواهم"), emoji sequences join with them. Between two letters or symbols
# outside Latin they stay; anywhere else they are stray marks of the page's markup.
_JOINER_IN_A_WORD = re.compile(r"(?<=[^\x00-\u024f\s])[\u200c\u200d](?=[^\x00-\u024f\s])")


def normalise_whitespace(text: str) -> str:
    """Spaces collapsed, odd spaces and zero-width characters gone, at most one blank line."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\t", " ")
    text = _JOINER_IN_A_WORD.sub(lambda m: "\x00" if m.group(0) == "\u200c" else "\x01", text)
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)
    text = text.replace("\x00", "\u200c").replace("\x01", "\u200d")
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def split_blocks(text: str) -> list[str]:
    """Paragraphs: blank-line separated, or one per line when the copy kept no blank lines.

    Hard-wrapped lines inside a paragraph are joined; list items stay one per line.
    """
    text = normalise_whitespace(text)
    lines = text.split("\n")
    non_empty = [line for line in lines if line]
    blank_separated = lines.count("") >= 0.2 * len(non_empty)
    blocks: list[str] = []
    if not blank_separated:
        return non_empty
    for chunk in text.split("\n\n"):
        chunk_lines = [line for line in chunk.split("\n") if line]
        if not chunk_lines:
            continue
        if any(LIST_MARKER.match(line) or RULE.match(line) for line in chunk_lines) or _is_line_list(chunk_lines):
            blocks.extend(chunk_lines)
        else:
            blocks.append(" ".join(chunk_lines))
    return blocks


def _is_line_list(lines: list[str]) -> bool:
    """Lines that are separate blocks rather than one hard-wrapped paragraph.

    A browser's copy (innerText) puts each block on its own line, headline, byline and
    date included; hard wrapping cuts prose at a column. Wrapped lines are of similar
    length, none very short, and the break often falls mid-sentence (the next line starts
    in lower case); anything else is a list of blocks.
    """
    if len(lines) < 2:
        return False
    body = lines[:-1]
    if any(len(line) < 25 or len(line) > 120 for line in body):
        return True
    width = max(len(line) for line in body)
    even = len(body) >= 2 and all(len(line) >= 0.6 * width for line in body)
    mid_sentence = sum(
        1 for line, following in zip(lines, lines[1:])
        if following[:1].islower() or (len(body) >= 2 and not re.search(r"[.!?:\"”'’)]$", line))
    )
    wrapped = even or 2 * mid_sentence >= len(body)
    every_line_ends_a_sentence = all(re.search(r"[.!?:\"”']$", line) for line in body)
    return every_line_ends_a_sentence or not wrapped


@dataclass(frozen=True)
class _Features:
    words: int
    stopword_ratio: float
    sentence: bool  # ends like a sentence
    is_list_item: bool
    is_furniture: bool
    ends_section: bool
    is_comment_meta: bool
    is_promo: bool


# No list of function words speaks for prose in those scripts (jusText has none for them):
# their clause marks do. Chinese and Japanese set commas and full stops; Thai, Lao and
# Khmer set a space between clauses. Menus, headlines and buttons have neither.
_CLAUSE_MARKS = re.compile(r"[，、；：。！？,;]")
_CLAUSE_SPACE = re.compile(r"(?<=[\u0e00-\u0eff\u1780-\u17ff]) (?=[\u0e00-\u0eff\u1780-\u17ff])")
# What an ordinary paragraph's share of function words looks like, for a block whose script
# has none: enough to read as prose when it has clauses, like a paragraph of English.
_PROSE_SHARE = 0.3

# The end of a sentence in the world's scripts (the Latin marks, the ideographic full stop,
# the Devanagari danda, the Arabic question mark, the Armenian, Ethiopic, Burmese, Khmer and
# Tibetan full stops), then closing quotes and brackets, and the direction marks that
# right-to-left text carries at the end of a line.
_SENTENCE_END = re.compile(
    r"[.!?…。！？｡।॥؟։።။។།][\"”’')\]」』）》»\u200e\u200f\u202a-\u202e\u2066-\u2069]*$"
)


def _combining_marks() -> str:
    """The combining marks of the Basic Multilingual Plane, as ranges of a character class.

    Python's `\\w` leaves them out, and most of the world's scripts write vowels with them:
    to `\\w+` the Hindi "सरकार" is "सरक" and "र", the Thai "ฝนตกหนัก" two pieces, so that no
    word met its function-word list and Hindi prose read as a menu."""
    import unicodedata

    ranges: list[tuple[int, int]] = []
    # (the CJK ideographs and the Hangul syllables hold none: skipping them halves the 40 ms)
    for code in [*range(0x300, 0x3400), *range(0xA000, 0xAC00), *range(0xD7B0, 0x10000)]:
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


@functools.cache
def _word_pattern() -> re.Pattern[str]:
    """A word: letters and combining marks, with one inner apostrophe. Made on first use
    (listing the marks and compiling the class took 5 ms): a saved page read by trafilatura
    seldom needs it."""
    letters = rf"(?:[^\W_]|[{_combining_marks()}])+"
    return re.compile(rf"{letters}(?:['’]{letters})?")


def _measure(block: str, stopwords: frozenset[str]) -> tuple[int, float, bool]:
    """How many words a block holds, which share of them are function words, and whether
    it ends like a sentence."""
    words = _word_pattern().findall(block)
    sentence = bool(_SENTENCE_END.search(block))
    unspaced = [(len(script.findall(block)), per_word) for script, per_word in UNSPACED_SCRIPTS]
    unspaced_letters = sum(count for count, _ in unspaced)
    if unspaced_letters and unspaced_letters * 2 >= sum(1 for c in block if c.isalpha()):
        spaced = [w for w in words if not any(script.search(w) for script, _ in UNSPACED_SCRIPTS)]
        count = len(spaced) + round(sum(n / per_word for n, per_word in unspaced))
        clause_spaces = len(_CLAUSE_SPACE.findall(block))
        clauses = len(_CLAUSE_MARKS.findall(block)) + clause_spaces
        # Thai, Lao and Khmer end a paragraph without a mark: its clauses say it is prose
        return count, _PROSE_SHARE if clauses else 0.0, sentence or clause_spaces > 0
    stop = sum(1 for w in words if w.lower() in stopwords)
    return len(words), stop / len(words) if words else 0.0, sentence


def _features(block: str, stopwords: frozenset[str] = STOPWORDS) -> _Features:
    words, function_share, sentence = _measure(block, stopwords)
    return _Features(
        words=words,
        stopword_ratio=function_share,
        sentence=sentence,
        is_list_item=bool(LIST_MARKER.match(block)),
        is_furniture=is_furniture(block),
        ends_section=is_section_end(block) or is_comment_policy(block),
        is_comment_meta=is_comment_meta(block),
        is_promo=is_promo(block),
    )


_SECTION_END_WEIGHT = -10_000.0  # nothing carries a run across it


def _weight(f: _Features) -> float:
    """How much a block speaks for being article text: prose positive, furniture negative."""
    if f.ends_section:
        return _SECTION_END_WEIGHT
    if f.words == 0:
        return -3.0  # an empty bullet or a divider left by an image: a weak sign of furniture
    if f.is_comment_meta:
        return -30.0
    if f.is_furniture or f.is_promo:
        return -8.0
    if f.is_list_item and f.words < 12 and not f.sentence:
        return -3.0
    # list items count half: galleries and teaser lists are lists of sentences too
    scale = 0.5 if f.is_list_item else 1.0
    if f.words >= 12 and f.stopword_ratio >= 0.22 and (f.sentence or f.words >= 25):
        return f.words * scale
    if f.words >= 8 and f.sentence and f.stopword_ratio >= 0.15:
        return f.words / 2 * scale
    if f.words <= 3:
        return -1.0
    return -2.0 if f.stopword_ratio < 0.1 else -0.5


def _densest_run(weights: list[float]) -> tuple[int, int]:
    """[start, end) of the article's run of blocks.

    Runs are the stretches of positive total weight (Kadane's segmentation). The article is
    the first run that carries at least 40 % of the heaviest one: readers' comments and
    teaser lists come after the article and can outweigh a short one.
    """
    runs: list[tuple[float, int, int]] = []
    total, start, best, best_end = 0.0, 0, 0.0, 0
    for i, w in enumerate(weights):
        if total <= 0:
            if best > 0:
                runs.append((best, start, best_end))
            total, start, best, best_end = 0.0, i, 0.0, i
        total += w
        if total > best:
            best, best_end = total, i + 1
    if best > 0:
        runs.append((best, start, best_end))
    if not runs:
        return (0, 0)
    runs = _runs_before_the_article_ends(runs, weights)
    heaviest = max(r[0] for r in runs)
    for weight, start, end in runs:
        positive = sum(1 for w in weights[start:end] if w > 0)
        if weight == heaviest or (weight >= 0.4 * heaviest and positive >= 3):
            return (start, end)
    return (0, 0)


# A run this heavy (about this many words of prose, in three paragraphs or more) is an
# article, not a teaser box or a stray sentence above one.
_ARTICLE_WEIGHT = 100.0


def _runs_before_the_article_ends(runs: list[tuple[float, int, int]], weights: list[float]) -> list[tuple[float, int, int]]:
    """The runs up to the first section end ("Comments", "Related articles") that follows a
    run of an article's size.

    Readers' comments, a consent dialog or a list of teasers after that heading are prose
    too, and can outweigh the article many times over; but the heading has already said
    that the article is over. Runs after a heading that follows no article stay candidates:
    a "Most popular" box can stand above the article in a copy.
    """
    article_seen = False
    for index, (weight, start, end) in enumerate(runs):
        if weight >= _ARTICLE_WEIGHT and sum(1 for w in weights[start:end] if w > 0) >= 3:
            article_seen = True
        following = runs[index + 1][1] if index + 1 < len(runs) else len(weights)
        if article_seen and any(w <= _SECTION_END_WEIGHT for w in weights[end:following]):
            return runs[: index + 1]
    return runs


def _key(block: str) -> str:
    return re.sub(r"[^\w]+", " ", LIST_MARKER.sub("", block).casefold()).strip()


def is_title_like(block: str) -> bool:
    words = words_of(block)
    return (
        2 <= len(words) <= 30
        and not re.search(r"[.:;,。，：；।॥۔][\u200e\u200f\u202a-\u202e\u2066-\u2069]*$", block)
        and not LIST_MARKER.match(block)
        and not is_furniture(block)
        and not is_section_end(block)
        and not _DATE_ONLY.match(block)
        and not _BYLINE.match(block)
        # a capital, or a script without capitals (Arabic, Chinese, Hindi): not all lower case
        and any(w[:1].isalpha() and not w[:1].islower() for w in words)
    )


def is_lead_in(block: str) -> bool:
    """'The minister released the following statement:': a sentence that ends in a colon
    introduces the block below it, and so opens the article that block starts."""
    words = block.split()
    return (
        6 <= len(words) <= 60
        and block.rstrip().endswith(":")
        and sum(1 for w in words if w[:1].islower()) >= 3
        and not LIST_MARKER.match(block)
        and not is_furniture(block)
    )


def is_salutation(block: str) -> bool:
    """'Dear readers,', 'Liebe Leserinnen und Leser,', 'Chers amis,': a short line that ends in
    a comma opens the letter or address below it, in any language that writes commas. A
    headline, a menu item or a caption never ends in one; a byline or a date line can, so
    a line with a digit or that reads as a byline is not a salutation."""
    words = block.split()
    return (
        1 <= len(words) <= 6
        and block.rstrip().endswith((",", "،", "，", "、"))
        and not re.search(r"\d", block)
        and not LIST_MARKER.match(block)
        and not is_furniture(block)
        and not _BYLINE.match(block)
        and not is_byline(block)
    )


def clean_text(text: str, function_words: frozenset[str] = frozenset()) -> CleanText:
    """The article inside a copied page: headline, blocks, source line and dateline.

    `function_words`: those of the text's language, when it is not one STOPWORDS covers
    (see `language.function_words`), so that its prose reads as prose.
    """
    stopwords = STOPWORDS | function_words if function_words else STOPWORDS
    raw_blocks = split_blocks(text)
    if not raw_blocks:
        return CleanText("", (), "", "")
    features = [_features(b, stopwords) for b in raw_blocks]
    counts: dict[str, int] = {}
    for b in raw_blocks:
        counts[_key(b)] = counts.get(_key(b), 0) + 1
    weights = []
    seen: set[str] = set()
    for b, f in zip(raw_blocks, features):
        w = _weight(f)
        if _key(b) in seen and w > 0 and not RULE.match(b):
            w = -w / 2  # prose shown again is a teaser or a preview, not more article
        seen.add(_key(b))
        weights.append(w)
    start, end = _densest_run(weights)
    if end == 0:
        start, end = 0, len(raw_blocks)

    # Above the article: the headline, byline and date lines, maybe an update line.
    header = headline_in_header(raw_blocks, start, lambda line: counts.get(_key(line), 1))
    title_index = header.title_index
    title = raw_blocks[title_index] if title_index is not None else ""
    lead: list[str] = []
    top = title_index if title_index is not None and title_index < start else max(-1, start - 9)
    for i in range(start - 1, top, -1):
        block = raw_blocks[i]
        if UPDATE_LINE.match(block) and len(block.split()) <= 15:
            lead.insert(0, block)
        elif i == start - 1 and (is_lead_in(block) or is_salutation(block)):
            lead.insert(0, block)
    if title_index is not None and title_index >= start:
        body_blocks = raw_blocks[title_index + 1:end]
    else:
        body_blocks = lead + raw_blocks[start:end]
    dateline_parts = _date_lines_nearest_first(raw_blocks, header.dateline, title_index if title_index is not None else start)
    if title and stamp_tail(title):
        dateline_parts.insert(0, stamp_tail(title))
    if title_index is not None and not dates_in("\n".join(dateline_parts), dt.date.max):
        # no date by the headline and byline: the date line nearest the headline, share
        # buttons and related links between them notwithstanding
        near = [i for i in range(max(0, title_index - 12), min(len(raw_blocks), title_index + 13)) if is_date_line(raw_blocks[i])]
        if near:
            dateline_parts.append(raw_blocks[min(near, key=lambda i: abs(i - title_index))])

    # A dateline, byline or headline can also open the run itself.
    while body_blocks and (_DATE_ONLY.match(body_blocks[0]) or _BYLINE.match(body_blocks[0]) or is_byline(body_blocks[0])):
        block = body_blocks.pop(0)
        if block not in dateline_parts:
            dateline_parts.append(block)
    doubt = header.doubt
    if not title and body_blocks and is_title_like(body_blocks[0]) and len(body_blocks) > 1:
        title = body_blocks.pop(0)
        doubt = f"the headline is uncertain: the first line '{title}' was taken as the title; check it"

    source = _source_line(raw_blocks, start, end) or _address_line(raw_blocks)
    kept: list[Block] = []
    title_key = _key(title)
    kept_keys: set[str] = set()
    for block in body_blocks:
        if SOURCE_LINE.match(block):
            continue
        if RULE.match(block):
            kept.append(Block("---", "rule"))
            continue
        f = _features(block, stopwords)
        if f.is_furniture or f.ends_section or f.is_comment_meta or f.is_promo:
            continue
        if _key(block) == title_key:
            continue
        if _key(block) in kept_keys or (counts[_key(block)] > 1 and not _is_article_prose(block, f)):
            continue
        kept_keys.add(_key(block))
        if UPDATE_LINE.match(block) and len(block.split()) <= 15 and not kept:
            kept.append(Block(block, "update"))
        elif f.is_list_item:
            kept.append(Block(LIST_MARKER.sub("", block), "list"))
        else:
            kept.append(Block(block, "paragraph"))
    while kept and kept[-1].kind == "rule":
        kept.pop()
    while kept and kept[0].kind == "rule":
        kept.pop(0)
    return CleanText(
        title=title, blocks=tuple(kept), source=source, dateline="\n".join(dateline_parts), title_doubt=doubt if title else header.doubt,
    )


def _date_lines_nearest_first(blocks: list[str], indices: tuple[int, ...], headline: int) -> list[str]:
    """The byline and date lines, those under the headline first, nearest first (the
    article's own date sits by its headline; a sidebar's is further away), each with the
    one- and two-word lines just above it: a date set in boxes ('24' / 'Jul' / '2012' /
    '9:49am, EDT') is copied one part a line."""
    groups: list[tuple[tuple[bool, int], list[str]]] = []
    for index in indices:
        group = [index]
        above = index - 1
        while above >= 0 and index - above <= 4 and above not in indices and above != headline and (
            blocks[above].strip() and len(blocks[above].split()) <= 2
        ):
            group.insert(0, above)
            above -= 1
        # below the headline (the byline block) first, then above it (some sites date first)
        groups.append(((index < headline, abs(index - headline)), [blocks[i] for i in group]))
    return [line for _, group in sorted(groups, key=lambda g: g[0]) for line in group]


# A line that is only a web address: what a person pastes after (or before) the text they
# copied, to say where it came from.
_ADDRESS_ONLY = re.compile(r"^<?(?P<url>https?://[^\s<>]+?)>?$")


def _address_line(blocks: list[str]) -> str:
    """The page's address when the copied text ends (or, failing that, starts) with a line
    that is only an address. Not one inside the text: a link in a comment or a list of
    links is not the page's."""
    for block in (blocks[-1], blocks[0]):
        match = _ADDRESS_ONLY.match(block.strip())
        if match:
            return match.group("url")
    return ""


def _source_line(blocks: list[str], start: int, end: int) -> str:
    """A "source: ..." line in the article or in the furniture right after it."""
    for index in range(start, len(blocks)):
        match = SOURCE_LINE.match(blocks[index])
        if match:
            return match.group("source").strip().rstrip(".")
        if index >= end and is_section_end(blocks[index]):
            break
    return ""


def _is_article_prose(block: str, f: _Features) -> bool:
    """A block that occurs elsewhere on the page too is kept (once) only when it is prose:
    short repeated lines are menus and teaser headlines, but a paragraph shown again in a
    teaser or a preview is still the article's when it stands in the article."""
    return _weight(f) > 0 and f.words >= 12


def blocks_to_markdown(blocks: tuple[Block, ...]) -> str:
    out: list[str] = []
    previous = ""
    for block in blocks:
        if block.kind == "rule":
            out.append("---")
        elif block.kind == "update":
            out.append(f"*{escape_markdown(block.text)}*")
        elif block.kind == "list":
            item = f"- {escape_markdown(block.text)}"
            if previous == "list":
                out[-1] += "\n" + item
                previous = "list"
                continue
            out.append(item)
        else:
            out.append(escape_markdown(block.text))
        previous = block.kind
    return "\n\n".join(out) + ("\n" if out else "")


def escape_markdown(text: str) -> str:
    """Plain text that Markdown would read as markup at the start of a line is escaped."""
    text = re.sub(r"^([#>+=|])", r"\\\1", text)
    text = re.sub(r"^(\d+)([.)]) ", r"\1\\\2 ", text)
    text = re.sub(r"^([-*_])(\s|$)", r"\\\1\2", text)
    text = text.replace("<", "&lt;")
    return text


def plain_from_markdown(markdown: str) -> str:
    """Markdown -> the words a reader sees: link text without addresses, no markup characters."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1", r"\2", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>])", r"\1", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$", "", text, flags=re.M)


def normalise_markdown_spacing(markdown: str) -> str:
    """Trailing spaces gone, blocks separated by exactly one blank line, one final newline."""
    lines = [line.rstrip() for line in markdown.replace("\u00a0", " ").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text + "\n" if text else ""
