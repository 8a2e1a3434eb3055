"""Properties that hold for any input (hypothesis, fixed seed, bounded examples)."""

from __future__ import annotations

import re

import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.content import parse_article
from generator.markdown import render_body
from generator.slugs import slugify
from generator.taxonomy import name_key
from sitecheck import scan_html

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# text with the characters that matter to Markdown, HTML and YAML over-represented
MARKUP = st.sampled_from(list("<>&\"'`*_[]()!#-:|\\\n \t=/") + ["javascript:", "<script>", "onerror=", "&#58;", "---"])
HOSTILE_TEXT = st.lists(st.one_of(st.text(max_size=8), MARKUP), max_size=60).map("".join)


@given(st.text(max_size=200))
def test_slugs_are_lowercase_ascii_words_joined_by_hyphens(text):
    slug = slugify(text)
    assert slug == "" or SLUG.match(slug)
    assert len(slug) <= 80
    assert slugify(slug) == slug


@given(st.text(max_size=100))
def test_name_keys_are_stable(text):
    assert name_key(name_key(text)) == name_key(text)


@given(HOSTILE_TEXT)
def test_any_text_loads_or_fails_with_a_diagnostic_never_an_exception(text):
    article, diagnostics = parse_article(text, "a.md")
    assert (article is None) == bool(diagnostics.errors)


FIELD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), HOSTILE_TEXT,
    st.lists(st.one_of(HOSTILE_TEXT, st.integers(), st.none()), max_size=5),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


@given(st.dictionaries(st.sampled_from(["title", "date", "updated", "region", "countries", "actors", "draft",
                                        "source_url", "summary", "unknown"]), FIELD_VALUES, max_size=8),
       HOSTILE_TEXT)
def test_any_frontmatter_values_load_or_fail_with_a_diagnostic(values, body):
    text = "---\n" + yaml.safe_dump(values, allow_unicode=True) + "---\n" + body
    article, diagnostics = parse_article(text, "a.md")
    assert (article is None) == bool(diagnostics.errors)
    if article is not None:
        assert isinstance(article.title, str) and article.title
        assert all(isinstance(actor, str) for actor in article.actors)


@given(HOSTILE_TEXT)
def test_no_markdown_renders_live_script(text):
    scan = scan_html(render_body(text).html)
    assert scan.scripts == []
    assert scan.event_attributes == []
    assert not any("".join(link.split()).lower().startswith(("javascript:", "vbscript:")) for link in scan.links)
    assert "<script" not in render_body(text).html.lower()


# words of a copied page: article-like sentences, furniture lines and markup, in any order
PAGE_LINES = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=120),
        st.sampled_from(["Related articles", "Popular", "Editor's choice", "Share this", "_______", "", "source: x.org",
                         "Updated at 1030 CEST", "* Home", "Read more", "Tuesday (13 September)"]),
        st.lists(st.sampled_from("the army said talks in border forces Armenia were on".split()), min_size=8,
                 max_size=40).map(lambda words: " ".join(words).capitalize() + "."),
    ),
    max_size=40,
).map("\n\n".join)


@given(PAGE_LINES)
def test_the_text_cleaner_never_crashes_and_never_invents_words(page):
    from generator.ingest.text import clean_text

    cleaned = clean_text(page)
    source_words = set(re.findall(r"\w+", page))
    output = " ".join([cleaned.title, cleaned.source, cleaned.dateline, *(b.text for b in cleaned.blocks)])
    assert set(re.findall(r"\w+", output)) <= source_words
