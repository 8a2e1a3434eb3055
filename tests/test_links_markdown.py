"""Wiki links and auto-links in bodies, as markdown-it-style fixture cases
(fixtures/links/*.txt), rendered on the page of a briefing of 2024 against a
small fixed index of briefings and names."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from generator import urls
from generator.autolinks import AutoLinkTerms
from generator.markdown import BodyContext, render_body
from generator.wikilinks import WikiIndex, WikiTarget
from test_markdown import read_cases

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "links"
HERE = urls.article(2024, "here")


def target(year: int, slug: str, title: str, published: bool = True) -> WikiTarget:
    return WikiTarget(slug, title, urls.article(year, slug), year, published)


INDEX = WikiIndex.of([
    target(2023, "ceasefire-holds", "Ceasefire holds on the border"),
    target(2022, "talks", "Talks in 2022"),
    target(2023, "talks", "Talks in 2023"),
    target(2024, "secret-note", "A secret note", published=False),
])
TERMS = AutoLinkTerms.of({
    "EU": urls.term("actors", "european-union"),
    "European Union": urls.term("actors", "european-union"),
    "Armenia": urls.term("countries", "armenia"),
    "South Caucasus": urls.term("regions", "south-caucasus"),
    "South": urls.term("regions", "south"),
})
CONTEXT = BodyContext(functools.partial(urls.relative, HERE), INDEX, TERMS)
CASES = [case for file in sorted(FIXTURES.glob("*.txt")) for case in read_cases(file)]


@pytest.mark.parametrize("title, source, expected", CASES, ids=[c[0] for c in CASES])
def test_rendering(title, source, expected):
    assert render_body(source, CONTEXT).html == expected


def test_each_wiki_link_is_reported_with_its_body_line_and_resolution():
    body = "First line.\n\nSee [[ceasefire-holds]] and\nalso [[nowhere]].\n\n| a |\n|---|\n| [[talks]] |\n"
    found = render_body(body, CONTEXT).wiki_links
    assert [(use.written, use.line, use.resolution.problem) for use in found] == [
        ("ceasefire-holds", 2, ""),
        ("nowhere", 3, "wiki link [[nowhere]] matches no briefing's slug or title"),
        ("talks", 7, "wiki link [[talks]] is ambiguous: it matches 2022/talks, 2023/talks"),
    ]


def test_an_opted_out_body_links_no_names():
    context = BodyContext(functools.partial(urls.relative, HERE), INDEX, None)
    assert render_body("The EU met Armenia.", context).html == "<p>The EU met Armenia.</p>\n"
