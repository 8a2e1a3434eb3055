"""Wiki links, backlinks and auto-links across a real build of the fixture archive."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

NEW = "content/articles/2024/shipping-follow-up.md"
FOLLOW_UP = """---
title: Shipping follow-up
date: 2024-03-05
region: Middle East
countries: [Yemen]
actors: [Houthis]
---

This follows [[red-sea-shipping-attacks]] and [[Blinken in Riyadh for talks on Yemen|the Riyadh talks]].

The Houthis said more attacks would follow; the Houthis repeated it.
"""


def build(archive: Path):
    return CliRunner().invoke(main, ["build", "-C", str(archive), "--no-search"])


def page(archive: Path, url: str) -> str:
    return (archive / "build" / url / "index.html").read_text(encoding="utf-8")


def test_wiki_links_render_as_links_and_the_targets_list_their_backlinks(archive: Path):
    (archive / NEW).write_text(FOLLOW_UP, encoding="utf-8")
    result = build(archive)
    assert result.exit_code == 0, result.output
    html = page(archive, "articles/2024/shipping-follow-up")
    assert '<a class="wikilink" href="../red-sea-shipping-attacks/">Red Sea shipping attacks widen</a>' in html
    assert '<a class="wikilink" href="../blinken-in-riyadh/">the Riyadh talks</a>' in html
    for target in ("red-sea-shipping-attacks", "blinken-in-riyadh"):
        target_html = page(archive, f"articles/2024/{target}")
        backlinks = target_html.split('<h2 id="backlinks-heading">Referenced by</h2>')[1].split("</section>")[0]
        assert '<a href="../shipping-follow-up/">Shipping follow-up</a>' in backlinks
    # a briefing nothing links to has no backlinks section
    assert "Referenced by" not in page(archive, "articles/2023/blinken-visits-kyiv")


def test_an_unresolved_wiki_link_fails_check_and_build_on_its_line(archive: Path):
    (archive / NEW).write_text(FOLLOW_UP.replace("[[red-sea-shipping-attacks]]", "[[red-sea-attacks]]"), encoding="utf-8")
    expected = f"{NEW}:9: error: wiki link [[red-sea-attacks]] matches no briefing's slug or title"
    checked = CliRunner().invoke(main, ["check", "-C", str(archive)])
    assert checked.exit_code == 1 and expected in checked.stdout
    built = build(archive)
    assert built.exit_code == 1 and expected in built.stderr


def test_a_wiki_link_to_a_draft_is_text_with_a_warning_unless_drafts_are_built(archive: Path):
    (archive / NEW).write_text(FOLLOW_UP + "\nSee [[unpublished-note]].\n", encoding="utf-8")
    result = build(archive)
    assert result.exit_code == 0
    assert f"{NEW}:13: warning: wiki link [[unpublished-note]] points at a draft" in result.stderr
    assert '<span class="wikilink-missing">unpublished-note</span>' in page(archive, "articles/2024/shipping-follow-up")
    with_drafts = CliRunner().invoke(main, ["build", "-C", str(archive), "--no-search", "--drafts"])
    assert with_drafts.exit_code == 0
    assert 'href="../unpublished-note/">Unpublished note on Georgia</a>' in page(archive, "articles/2024/shipping-follow-up")
    assert 'class="draft-banner"' in page(archive, "articles/2024/unpublished-note")
    assert 'class="draft-banner"' not in page(archive, "articles/2024/shipping-follow-up")


def test_auto_links_link_the_first_mention_only(archive: Path):
    (archive / NEW).write_text(FOLLOW_UP, encoding="utf-8")
    assert build(archive).exit_code == 0
    html = page(archive, "articles/2024/shipping-follow-up")
    body = html.split('<div class="briefing-body">')[1].split("</div>")[0]
    assert body.count('class="autolink"') == 1
    assert '<a href="../../../actors/houthis/" class="autolink">Houthis</a> said more attacks would follow; the Houthis repeated it.' in body


def test_a_briefing_can_opt_out_of_auto_links(archive: Path):
    (archive / NEW).write_text(FOLLOW_UP.replace("actors: [Houthis]\n", "actors: [Houthis]\nautolinks: false\n"), encoding="utf-8")
    assert build(archive).exit_code == 0
    assert 'class="autolink"' not in page(archive, "articles/2024/shipping-follow-up")
    # other briefings still link their first mentions
    assert 'class="autolink">Blinken</a> discussed' in page(archive, "articles/2024/blinken-in-riyadh")
