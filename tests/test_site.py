"""Filing briefings under their terms: every name gets a page of its own, or an error says why not."""

from __future__ import annotations

import pytest

from generator.config import Settings
from generator.content import parse_article
from generator.diagnostics import Level
from generator.site import build_site
from generator.taxonomy import Vocabulary, parse_actors, parse_regions


def briefing_text(extra: str, title: str = "Talks resume") -> str:
    return f"---\ntitle: {title}\ndate: 2024-05-01\nregion: Middle East\n{extra}---\n\nText.\n"


def vocabulary() -> Vocabulary:
    vocab, found = parse_regions("- name: Middle East\n  countries: [Yemen]\n", "regions.yaml")
    assert found.items == []
    assert parse_actors("- name: Houthis\n  kind: armed group\n", "actors.yaml", vocab).items == []
    return vocab


def filed(*files: tuple[str, str]):
    articles = []
    for path, text in files:
        article, found = parse_article(text, path)
        assert article is not None, [d.format() for d in found.items]
        articles.append(article)
    site, diagnostics = build_site(articles, vocabulary(), Settings())
    return site, [d.format() for d in diagnostics.items if d.level is Level.ERROR]


@pytest.mark.parametrize("name", ["..", ".", "😀", "<>", "--"])
def test_a_tag_of_which_slugging_leaves_nothing_is_an_error_on_its_line(name: str):
    _, errors = filed(("content/articles/2024/a.md", briefing_text(f"tags: [ceasefire, {name!r}]\n")))
    assert errors == [
        f"content/articles/2024/a.md:5: error: tag {name!r} gives no page address: nothing is left of it in one"
        "\n    hint: write the name with letters or digits"
    ]


@pytest.mark.parametrize("field, kind", [("actors", "actor"), ("countries", "country")])
def test_an_unknown_actor_or_country_without_an_address_is_an_error(field: str, kind: str):
    _, errors = filed(("content/articles/2024/a.md", briefing_text(f"{field}: ['..']\n")))
    assert errors[0].startswith(f"content/articles/2024/a.md:5: error: {kind} '..' gives no page address")


def test_a_source_without_an_address_is_an_error():
    _, errors = filed(("content/articles/2024/a.md", briefing_text("source: '😀'\n")))
    assert errors[0].startswith("content/articles/2024/a.md:5: error: source '😀' gives no page address")


def test_two_long_tags_cut_to_one_address_are_an_error_naming_both():
    stem = "word " * 20  # 100 characters: the address keeps the first 80
    first, second = stem + "a", stem + "b"
    _, errors = filed(
        ("content/articles/2024/a.md", briefing_text(f"tags: [{first!r}]\n")),
        ("content/articles/2024/b.md", briefing_text(f"tags: [{second!r}]\n", title="Other")),
    )
    assert len(errors) == 1
    assert errors[0].startswith(
        f"content/articles/2024/b.md:5: error: tag {second!r} would share the page tags/{'word-' * 15 + 'word'}/index.html"
        f" with {first!r} (content/articles/2024/a.md): addresses are cut to 79 characters"
    )


def test_names_that_differ_only_in_case_or_punctuation_share_one_page_without_a_word():
    site, errors = filed(
        ("content/articles/2024/a.md", briefing_text("tags: [Ceasefire]\n")),
        ("content/articles/2024/b.md", briefing_text("tags: [ceasefire.]\n", title="Other")),
    )
    assert errors == []
    assert list(site.terms["tags"]) == ["ceasefire"]
    assert len(site.terms["tags"]["ceasefire"].briefings) == 2


def test_one_long_tag_used_twice_is_one_page():
    long_tag = "word " * 30
    site, errors = filed(
        ("content/articles/2024/a.md", briefing_text(f"tags: [{long_tag!r}]\n")),
        ("content/articles/2024/b.md", briefing_text(f"tags: [{long_tag!r}]\n", title="Other")),
    )
    assert errors == []
    assert len(site.terms["tags"]) == 1


def test_an_actors_companions_are_those_most_often_named_with_it_then_by_name():
    """Counted when a page asks for them (an addition asks for few), as the whole archive counts them."""
    site, errors = filed(
        ("content/articles/2024/a.md", briefing_text("actors: [Houthis, Zed Envoy, Abe Envoy]\n", title="One")),
        ("content/articles/2024/b.md", briefing_text("actors: [Houthis, Zed Envoy]\n", title="Two")),
        ("content/articles/2024/c.md", briefing_text("actors: [Abe Envoy, Houthis]\n", title="Three")),
        ("content/articles/2024/d.md", briefing_text("actors: [Zed Envoy, Abe Envoy, Mid Envoy]\n", title="Four")),
        ("content/articles/2024/e.md", briefing_text("actors: [Mid Envoy]\n", title="Five")),
    )
    assert errors == []

    def companions(slug: str) -> list[tuple[str, int]]:
        return [(entry.term.name, count) for entry, count in site.co_actors.get(slug, [])]

    assert companions("houthis") == [("Abe Envoy", 2), ("Zed Envoy", 2)]  # a tie: by name
    assert companions("zed-envoy") == [("Abe Envoy", 2), ("Houthis", 2), ("Mid Envoy", 1)]
    assert companions("mid-envoy") == [("Abe Envoy", 1), ("Zed Envoy", 1)]
    assert companions("nobody") == []
