"""The plain-text cleaner: keep the article and its structure, drop the page around it."""

from __future__ import annotations

from generator.ingest.text import blocks_to_markdown, clean_text, escape_markdown, plain_from_markdown, split_blocks

PARAGRAPHS = [
    "The ceasefire agreed on Monday held through the night, officials on both sides of the border said on Tuesday morning.",
    "Observers from the mission reported no shelling in the villages they visited, although residents said they were still afraid to return.",
    "The foreign ministers are expected to meet again next week, the mediators said in a statement that gave no further details about the talks.",
]
TEASER = (
    "Another story entirely: a long teaser of an unrelated article about elections in a faraway country, "
    "shown in a sidebar with enough words to look like prose to a naive cleaner."
)


def page(*blocks: str) -> str:
    return "\n\n".join(blocks)


def test_the_article_is_kept_and_menus_share_lines_and_footers_are_dropped():
    text = page(
        "Home", "* News", "* World", "* Sport", "Subscribe to our newsletter",
        "Ceasefire holds on the border", *PARAGRAPHS,
        "Share on Facebook", "Tweet", "© 2024 Example News. All rights reserved.", "Privacy policy | Terms of use",
    )
    cleaned = clean_text(text)
    assert cleaned.title == "Ceasefire holds on the border"
    assert [b.text for b in cleaned.blocks] == PARAGRAPHS


def test_nothing_after_a_related_articles_heading_belongs_to_the_article():
    cleaned = clean_text(page("A title for the story", *PARAGRAPHS, "Related articles", TEASER, "Popular", TEASER + " More."))
    assert TEASER not in cleaned.plain
    assert "Related articles" not in cleaned.plain


def test_a_block_repeated_on_the_page_is_a_teaser_even_without_a_heading():
    short_teaser = "Situation in the south strains relations"
    cleaned = clean_text(page(short_teaser, "A title for the story", *PARAGRAPHS, short_teaser, short_teaser))
    assert short_teaser not in cleaned.plain
    assert [b.text for b in cleaned.blocks] == PARAGRAPHS


def test_an_update_above_a_rule_stays_an_update_section_before_the_original_report():
    text = page(
        "Updated: Talks resume after clashes", "Updated at 1030 CEST",
        PARAGRAPHS[0], "_______", PARAGRAPHS[1], PARAGRAPHS[2], "source: example.org",
    )
    cleaned = clean_text(text)
    assert cleaned.title == "Updated: Talks resume after clashes"  # the prefix is extract's business
    assert cleaned.source == "example.org"
    assert [b.kind for b in cleaned.blocks] == ["update", "paragraph", "rule", "paragraph", "paragraph"]
    assert cleaned.markdown.startswith("*Updated at 1030 CEST*\n\n")
    assert "\n\n---\n\n" in cleaned.markdown


def test_readers_comments_after_the_article_are_not_the_article():
    comment = "I completely disagree with the article, the government has not done nearly enough about this and everyone knows it."
    text = page("A title for the story", *PARAGRAPHS, "Comments (12)", *(["Report abuse", "Posted on 12 May 2022 at 10:15", comment] * 8))
    assert comment not in clean_text(text).plain


def test_whitespace_is_normalised_and_hard_wrapped_lines_are_joined():
    text = "A title for the story\n\nThe talks  resumed\u00a0on Monday and\nwent on late into the night, officials said.\n\n\n\nSecond  paragraph of the report, with more words in it so that it reads as prose."
    assert split_blocks(text)[1] == "The talks resumed on Monday and went on late into the night, officials said."


def test_text_copied_without_blank_lines_is_one_paragraph_per_line():
    text = "\n".join(["A title for the story", *PARAGRAPHS])
    assert [b.text for b in clean_text(text).blocks] == PARAGRAPHS


def test_markdown_output_escapes_what_would_turn_into_markup_and_converts_back_to_plain():
    assert escape_markdown("# 1 priority") == "\\# 1 priority"
    assert escape_markdown("1. Not a list") == "1\\. Not a list"
    assert plain_from_markdown("See [the report](https://example.org/r) and **this**.") == "See the report and this."


def test_list_items_in_the_article_stay_a_list():
    from generator.ingest.text import Block

    markdown = blocks_to_markdown((Block("Intro text.", "paragraph"), Block("first", "list"), Block("second", "list")))
    assert markdown == "Intro text.\n\n- first\n- second\n"


def test_an_empty_page_gives_an_empty_article():
    cleaned = clean_text("   \n\n  ")
    assert cleaned.blocks == () and cleaned.title == ""


def test_prose_in_other_languages_reads_as_prose_too():
    german = [
        "Die Waffenruhe hielt in der Nacht, sagten Vertreter beider Seiten der Grenze am Dienstagmorgen.",
        "Die Beobachter der Mission meldeten keinen Beschuss in den Dörfern, die sie besucht haben, aber die Bewohner hatten noch Angst.",
        "Die Außenminister wollen sich in der nächsten Woche wieder treffen, teilten die Vermittler in einer Erklärung mit.",
    ]
    text = page("Startseite", "* Politik", "* Sport", "Newsletter abonnieren", "Waffenruhe an der Grenze hält", *german, "Teilen", "Impressum")
    cleaned = clean_text(text)
    assert [b.text for b in cleaned.blocks] == german
    assert cleaned.title == "Waffenruhe an der Grenze hält"


def test_a_sentence_ending_in_a_colon_above_the_article_opens_it():
    lead_in = "The mission's head of observers, Col. Ana Ruiz, released the following statement today:"
    cleaned = clean_text(page("Home", "Ceasefire holds on the border", lead_in, *PARAGRAPHS, "Share this:"))
    assert cleaned.title == "Ceasefire holds on the border"
    assert [b.text for b in cleaned.blocks] == [lead_in, *PARAGRAPHS]


def test_a_browser_copy_keeps_headline_byline_and_date_apart_even_without_a_blank_line_between():
    # innerText puts a blank line only after some blocks: lines of unequal length that do not
    # run on into each other are blocks, not a hard-wrapped paragraph
    text = (
        "Home\nWorld\nCeasefire holds on the northern border after a night of talks\nBy Jane Example\nPublished: March 3, 2021\n\n"
        + "\n\n".join(PARAGRAPHS)
    )
    blocks = split_blocks(text)
    assert blocks[:5] == ["Home", "World", "Ceasefire holds on the northern border after a night of talks", "By Jane Example", "Published: March 3, 2021"]
    assert clean_text(text).title == "Ceasefire holds on the northern border after a night of talks"
