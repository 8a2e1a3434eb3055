"""Briefing bodies render as CommonMark plus tables, footnotes and strikethrough,
with raw HTML and dangerous link targets neutralised. Cases live in
fixtures/markdown/*.txt as markdown-it-style "title / input / expected" blocks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.markdown import render_body, shorten

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "markdown"


def read_cases(path: Path) -> list[tuple[str, str, str]]:
    """Blocks of: title line, '.', input, '.', expected HTML, '.'."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases, index = [], 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        title = lines[index]
        assert lines[index + 1] == ".", f"{path.name}:{index + 2}: expected '.'"
        parts, current, index = [], [], index + 2
        while len(parts) < 2:
            if lines[index] == ".":
                parts.append("\n".join(current) + "\n")
                current = []
            else:
                current.append(lines[index])
            index += 1
        cases.append((title, parts[0], parts[1]))
    return cases


CASES = [case for file in sorted(FIXTURES.glob("*.txt")) for case in read_cases(file)]


@pytest.mark.parametrize("title, source, expected", CASES, ids=[c[0] for c in CASES])
def test_rendering(title, source, expected):
    assert render_body(source).html == expected


def test_the_first_paragraph_is_kept_as_plain_text_for_summaries():
    body = render_body("## Heading\n\nThe *first* paragraph, with [a link](https://example.org).\n\nSecond.\n")
    assert body.first_paragraph == "The first paragraph, with a link."
    assert body.word_count == 8


def test_a_wrapped_first_paragraph_keeps_its_words_apart():
    body = render_body("A first line\nwrapped onto a second,  \nthen a third.\n")
    assert body.first_paragraph == "A first line wrapped onto a second, then a third."
    assert body.word_count == 10


def test_summaries_are_shortened_at_a_word_boundary():
    assert shorten("one two three four", 13) == "one two…"
    assert shorten("short", 13) == "short"


def test_a_plain_address_is_normalized_as_markdown_it_normalizes_it():
    import random

    from markdown_it.common.normalize_url import normalizeLink

    from generator.markdown import normalize_link

    rng = random.Random(7)
    hosts = ["example.org", "a.b-c.example", "x1.io", "news.example.co.uk", "Example.org", "bücher.de", "xn--bcher-kva.de"]
    paths = ["", "/", "/a/b", "/2024/07/story_one.html", "/~user/x-y", "/a b", "/%41", "/a?b=c", "/é", "/a#b", "/(x)"]
    examples = [f"{scheme}://{host}{path}" for scheme in ("http", "https", "HTTP", "ftp")
                for host in hosts for path in paths]
    alphabet = "abcXYZ019-._~/%?#é :@"
    examples += ["https://example.org/" + "".join(rng.choice(alphabet) for _ in range(12)) for _ in range(500)]
    for url in examples:
        assert normalize_link(url) == normalizeLink(url), url


def test_a_link_to_a_plain_address_is_rendered_as_written():
    html = render_body("See [the report](https://example.org/2024/report-1.html).").html
    assert 'href="https://example.org/2024/report-1.html"' in html


# Each rule parser_for may leave out, with texts that use it at the edge of what its test
# looks for: a test too narrow (a table without a leading pipe, code indented inside a
# list item or after a tab) would leave the rule out of a text that needs it.
USES_OF_RULES = {
    "table": ["a | b\n--- | ---\n1 | 2\n", "| a |\n|---|\n| 1 |\n"],
    "code": ["    indented code\n", "-     code in a list item\n", "> \tcode after a tab\n", "Text\n\n\tcode\n"],
    "fence": ["```\nfenced\n```\n", "~~~ python\nfenced\n~~~\n", "- item\n\n  ```\n  in a list\n  ```\n"],
    "blockquote": ["> quoted\n", "- > quoted in a list\n"],
    "footnote_def": ["Text[^1].\n\n[^1]: The note.\n"],
    "reference": ["[a link][ref]\n\n[ref]: https://example.org\n", "[ref]\n\n  [ref]:\n  https://example.org\n"],
    "heading": ["# Title\n", "Text\n\n### A section ###\n"],
    "strikethrough": ["~~gone~~ and kept\n"],
    "emphasis": ["*em* and __strong__\n", "a_b_c and _em_\n"],
}


def _tokens(md, text: str) -> list[dict]:
    from generator.bodylimits import ENV_ALLOWANCE, Allowance

    return [token.as_dict() for token in md.parse(text, {"relative_link": lambda path: path, ENV_ALLOWANCE: Allowance()})]


def test_a_body_of_prose_is_parsed_without_the_rules_it_cannot_use():
    from generator.markdown import RULE_NEEDS, parser_for

    prose = "Plain prose, with [a link](https://example.org/a-b) and a list:\n\n- one\n- two, 3.5 million\n"
    active = parser_for(prose).get_active_rules()
    assert not set(RULE_NEEDS) & set(active["block"] + active["inline"] + active["inline2"])
    assert {"list", "paragraph", "hr", "lheading"} <= set(active["block"]) and "link" in active["inline"]


@pytest.mark.parametrize("rule, text", [(rule, text) for rule, texts in USES_OF_RULES.items() for text in texts])
def test_a_body_that_uses_a_rule_is_parsed_with_it_as_by_the_whole_parser(rule, text):
    from generator.markdown import parser, parser_for

    assert rule in sum(parser_for(text).get_active_rules().values(), [])
    assert _tokens(parser_for(text), text) == _tokens(parser(), text)


def test_every_rule_that_may_be_left_out_has_uses_here():
    from generator.markdown import RULE_NEEDS

    assert set(RULE_NEEDS) == set(USES_OF_RULES)


# texts made of the pieces the tests look for and of what stands around them
_PIECES = ["\n", "\n", "\r\n", "\r", " ", "  ", "\t", ">", "> ", "-", "- ", "---", "=", "==", "*", "* ", "_", "__", "~",
           "~~~", "`", "```", "|", "#", "# ", "[", "]", "]:", "[^", "^", "1.", "    ", "a", "Title", "word "]
_MARKUP = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(_MARKUP)
def test_any_text_parses_alike_with_and_without_the_rules_left_out(text):
    from generator.markdown import parser, parser_for

    assert _tokens(parser_for(text), text) == _tokens(parser(), text)


@pytest.mark.parametrize("title, source, expected", CASES, ids=[c[0] for c in CASES])
def test_fixtures_parse_alike_with_and_without_the_rules_left_out(title, source, expected):
    from generator.markdown import parser, parser_for

    assert _tokens(parser_for(source), source) == _tokens(parser(), source)
