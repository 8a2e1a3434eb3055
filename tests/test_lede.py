"""The summary above a briefing's text is shown only when it does not repeat the opening."""

from __future__ import annotations

from generator.lede import first_paragraph_text, lede, summary_repeats_opening
from generator.markdown import render_body

BODY = render_body(
    "## At the crossing\n\n"
    "Flooding closed the *northern* crossing on Monday; aid convoys waited at Rusumo & turned back.\n\n"
    "Officials said the road would reopen within a week.\n"
).html


def test_the_first_paragraph_is_read_as_plain_text_after_a_heading():
    assert first_paragraph_text(BODY) == (
        "Flooding closed the northern crossing on Monday; aid convoys waited at Rusumo & turned back."
    )


def test_a_summary_equal_to_the_first_paragraph_repeats_it():
    assert summary_repeats_opening(
        "Flooding closed the northern crossing on Monday; aid convoys waited at Rusumo & turned back.", BODY)


def test_a_summary_that_is_the_start_of_the_first_paragraph_repeats_it():
    assert summary_repeats_opening("Flooding closed the northern crossing on Monday.", BODY)


def test_case_spacing_and_punctuation_do_not_make_a_repeat_new():
    assert summary_repeats_opening("flooding  closed the Northern crossing, on Monday", BODY)


def test_a_summary_cut_short_mid_word_with_an_ellipsis_repeats_the_opening():
    assert summary_repeats_opening("Flooding closed the northern crossing on Mon…", BODY)
    assert not summary_repeats_opening("Flooding closed the northern crossing on Mon", BODY)


def test_a_summary_in_other_words_is_shown():
    summary = "Floods cut the main aid route for a week."
    assert not summary_repeats_opening(summary, BODY)
    assert lede(summary, BODY) == summary


def test_a_summary_that_goes_on_past_the_first_paragraph_is_shown():
    # it says more than the opening: the reader would miss what it adds
    summary = "Flooding closed the northern crossing on Monday; aid convoys waited at Rusumo & turned back. Rain goes on."
    assert not summary_repeats_opening(summary, BODY)


def test_a_summary_that_starts_like_the_opening_but_turns_elsewhere_is_shown():
    assert not summary_repeats_opening("Flooding closed the southern crossing.", BODY)


def test_no_summary_or_no_paragraph_shows_nothing_repeated():
    assert lede("", BODY) == ""
    assert not summary_repeats_opening("Anything at all.", render_body("## Only a heading\n").html)


def test_the_article_page_leaves_out_a_summary_that_repeats_the_opening(archive, tmp_path):
    from generator.build import BuildOptions, build

    riyadh = archive / "content/articles/2024/blinken-in-riyadh.md"
    riyadh.write_text(riyadh.read_text(encoding="utf-8").replace(
        "source: Fixture Wire\n", "source: Fixture Wire\nsummary: Blinken discussed the Red Sea attacks with Saudi officials.\n"),
        encoding="utf-8")
    build(BuildOptions(root=archive, out_dir=tmp_path / "site", search=False))
    page = (tmp_path / "site/articles/2024/blinken-in-riyadh/index.html").read_text(encoding="utf-8")
    other = (tmp_path / "site/articles/2023/ceasefire-holds-on-armenia-azerbaijan-border/index.html").read_text(
        encoding="utf-8")
    assert 'class="lede"' not in page
    # the summary still describes the page to search engines and in lists
    assert '<meta name="description" content="Blinken discussed the Red Sea attacks with Saudi officials.">' in page
    # a summary of its own is shown and indexed (search covers title, summary and text)
    assert '<p class="lede">A quiet month along the border' in other


def test_a_briefing_without_a_summary_is_planned_without_reading_its_body(archive, tmp_path):
    """Nothing to compare with the opening: the body cache is not read for the lede
    (a body it cannot give would raise, as it does for a briefing with a summary)."""
    from dataclasses import replace

    import pytest

    from generator.bodies import BodyHtml, BodyMissing
    from generator.build import resolve_settings
    from generator.models import BuildOptions
    from generator.pages import article_page
    from generator.readcheck import load_site

    site, _ = load_site(archive, resolve_settings(BuildOptions(root=archive)), drafts=False)
    briefing = site.briefings[0]
    unreadable = BodyHtml("0" * 32, shelf=str(tmp_path / "no-such-cache.sqlite"), key="gone")
    without = replace(briefing, body_html=unreadable, article=replace(briefing.article, summary=""))
    assert article_page({"briefing": without}).context["lede"] == ""
    with pytest.raises(BodyMissing):
        article_page({"briefing": replace(without, article=replace(without.article, summary="A summary."))})
