"""How much work one briefing body may ask of the Markdown parser.

A long briefing has a few hundred lines and makes a few thousand Markdown
elements (markdown-it's tokens: paragraphs, headings, list items, table cells,
links, emphasis, runs of text); half a megabyte pasted from whole web pages
has 20,000 lines and makes 60,000. markdown-it's work grows with its input,
but not evenly: a megabyte of markup alone makes up to a million elements
(100,000 headings, 45,000 auto-links on one line) at some microseconds each
(an auto-link fifty), and some text makes few elements from many attempts
(every `]` or `[` of 300,000 is tried by every inline rule in turn).

So the parser keeps count, per body, of the lines, the elements it has made
and the places where it tried its inline rules, and stops past any of these
limits with `BodyTooComplex` (the build reports the file and line). They are
far above what any briefing needs, and together keep any body of at most a
megabyte to a second or two of parsing.

`limits_plugin(md)` installs the counting; `render_body` puts a fresh
`Allowance` in the environment of every parse (ENV_ALLOWANCE).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import table as _table
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

MAX_LINES = 100_000  # counted first: the block parser goes over every line of a paragraph before making it
MAX_ELEMENTS = 100_000  # tokens, blocks and inline ones together
MAX_INLINE_POSITIONS = 200_000  # places where inline rules were tried: each is tried by every rule

ENV_ALLOWANCE = "body_allowance"


class BodyTooComplex(Exception):
    def __init__(self, what: str, line: int):
        super().__init__(what, line)
        self.what = what  # the limit passed, e.g. "100,000 lines"
        self.line = line  # 0-based line of the body where it was passed

    @property
    def message(self) -> str:
        return f"the text has more than {self.what}: too much to render in reasonable time"


@dataclass
class Allowance:
    """What one body's parse has spent so far."""

    inline_positions: int = 0
    room: int = MAX_ELEMENTS  # elements the inline block being parsed may still make
    line: int = 0  # 0-based line where that block starts

    def at(self, state: StateInline, position: int) -> int:
        return self.line + state.src.count("\n", 0, position)


def check_lines(text: str) -> None:
    # a line ends at \n, \r\n or a lone \r, as markdown-it reads them; CRs looked for
    # first, as counting a string of two characters is several times slower than one
    lines = text.count("\n")
    if "\r" in text:
        lines += text.count("\r") - text.count("\r\n")
    if lines >= MAX_LINES:
        raise BodyTooComplex(f"{MAX_LINES:,} lines", MAX_LINES)


def _allowance(state: StateBlock | StateInline | StateCore) -> Allowance:
    allowance = state.env.get(ENV_ALLOWANCE)
    if allowance is None:  # a parse that render_body did not start: counted all the same
        allowance = state.env[ENV_ALLOWANCE] = Allowance()
    return allowance


def _block_budget(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Tried before every other block rule: stops the parse past the element limit. Matches nothing."""
    if len(state.tokens) > MAX_ELEMENTS:
        raise BodyTooComplex(f"{MAX_ELEMENTS:,} Markdown elements (paragraphs, headings, list items, ...)", start_line)
    return False


_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|$)")


def _counted_table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's table rule, refusing first a table too large for the room left.

    The rule makes a whole table in one call, every cell of every row, so the check
    before each block comes too late for one: the cells are counted from the
    delimiter row's columns and the lines up to the next blank one (an upper bound)."""
    if silent or not _table(state, start_line, end_line, True):
        return _table(state, start_line, end_line, silent)
    columns = state.src.count("|", state.bMarks[start_line + 1], state.eMarks[start_line + 1]) + 1
    start = state.bMarks[start_line]
    blank = _BLANK_LINE.search(state.src, start)
    rows = state.src.count("\n", start, blank.start() if blank else len(state.src)) + 1
    if len(state.tokens) + rows * (2 + 3 * columns) > MAX_ELEMENTS:
        raise BodyTooComplex(f"{MAX_ELEMENTS:,} Markdown elements (table cells)", start_line)
    return _table(state, start_line, end_line, silent)


def _inline_budget(state: StateInline, silent: bool) -> bool:
    """Tried before every other inline rule, at every place they are tried. Matches nothing."""
    allowance = _allowance(state)
    allowance.inline_positions += 1
    if allowance.inline_positions > MAX_INLINE_POSITIONS:
        raise BodyTooComplex(
            f"{MAX_INLINE_POSITIONS:,} places where Markdown markup may start", allowance.at(state, state.pos),
        )
    if len(state.tokens) > allowance.room:
        raise BodyTooComplex(
            f"{MAX_ELEMENTS:,} Markdown elements (links, emphasis, ...)", allowance.at(state, state.pos),
        )
    return False


def _inline_blocks(state: StateCore) -> None:
    """markdown-it's core `inline` rule (rules_core/inline.py), telling the inline parser
    how many elements the block may still make and on which line it starts; a block of
    plain text (`_plain_text`) is made its one text token here."""
    allowance = _allowance(state)
    spent = len(state.tokens)
    md = state.md
    plain = _plain_text(md)
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            allowance.room = MAX_ELEMENTS - spent
            allowance.line = token.map[0] if token.map else 0
            if plain is None or not plain(token, allowance):
                md.inline.parse(token.content, md, state.env, token.children)
            spent += len(token.children)


# The first characters of what each inline rule matches (markdown-it's, the footnote
# plugin's, ours): where none of them stands, no rule but `text` matches.
_RULE_STARTS = {
    "element_budget": "", "newline": "\n", "escape": "\\", "backticks": "`", "strikethrough": "~",
    "emphasis": "*_", "link": "[", "image": "!", "autolink": "<", "html_inline": "<", "entity": "&",
    "linkify": ":", "wikilink": "[", "footnote_inline": "^", "footnote_ref": "[",
}
# The passes after an inline parse: with no delimiters nor links, they leave one text as it is
_PASSES_AFTER = {"balance_pairs", "strikethrough", "emphasis", "fragments_join"}
_plain_tests: dict[int, tuple[object, Callable[[Token, Allowance], bool] | None]] = {}


def _plain_text(md: MarkdownIt) -> Callable[[Token, Allowance], bool] | None:
    """For `md`, a test that makes a block of plain text its one text token, as the inline
    parser would, and counts the places where its rules would be tried; None when its
    rules are not all known here.

    Most blocks of a briefing (83% of those of bench/make_corpus.py, 72% of the bundled
    archive's) hold no character where an inline rule other than `text` may match: their
    parse is one text token of the whole, after the inline state, the rules tried at every
    place and the passes after it (a sixth of parsing a body). The places are counted as
    the parser counts them (`_inline_budget`): one at each run of text, one at each other
    character where `text` stops (markdown-it's terminators); and where that would pass a
    limit, the parser parses the block and stops where it does."""
    rules = md.inline.ruler.getRules("")  # markdown-it's cached list: the same while the rules are
    found = _plain_tests.get(id(md))
    if found is not None and found[0] is rules:
        return found[1]
    names = md.inline.ruler.get_active_rules()
    terminators = getattr(md.inline, "terminator_re", None)  # markdown-it-py 4
    known = (
        terminators is not None and "text" in names
        and all(name == "text" or name in _RULE_STARTS for name in names)
        and set(md.inline.ruler2.get_active_rules()) <= _PASSES_AFTER
    )
    test = _plain_test(terminators, "".join(_RULE_STARTS.get(name, "") for name in names)) if known else None
    _plain_tests[id(md)] = (rules, test)
    return test


def _plain_test(terminators: re.Pattern[str], starts: str) -> Callable[[Token, Allowance], bool]:
    markup = re.compile(f"[{re.escape(''.join(sorted(set(starts))))}]")
    split = terminators.split

    def plain(block: Token, allowance: Allowance) -> bool:
        text = block.content
        if not text or markup.search(text):
            return False
        pieces = split(text)  # runs of text between single terminators
        places = 2 * len(pieces) - 1 - pieces.count("")
        if allowance.inline_positions + places > MAX_INLINE_POSITIONS or allowance.room < 0:
            return False
        allowance.inline_positions += places
        token = Token("text", "", 0)
        token.content = text
        block.children.append(token)
        return True

    return plain


def limits_plugin(md: MarkdownIt) -> None:
    """Count what each parse makes and tries; raise BodyTooComplex past a limit."""
    md.block.ruler.before("table", "element_budget", _block_budget)
    md.block.ruler.at("table", _counted_table, {"alt": ["paragraph", "reference"]})
    md.core.ruler.at("inline", _inline_blocks)
    md.inline.ruler.before("text", "element_budget", _inline_budget)
