"""Saved pages: main text as Markdown through trafilatura, furniture removed after it."""

from __future__ import annotations

import datetime as dt

from generator.ingest.html import extract_html, page_text, post_clean

PARAGRAPHS = [
    "The ceasefire agreed on Monday held through the night, officials on both sides of the border said on Tuesday morning.",
    "Observers from the mission reported no shelling in the villages they visited, although residents said they were still afraid to return home.",
    "The foreign ministers are expected to meet again next week, the mediators said in a statement that gave no further details about the talks.",
    "Aid agencies said roads into the area had reopened and that convoys carrying food and medicine were on their way to the worst-hit towns.",
]

PAGE = f"""<!DOCTYPE html><html><head>
<meta charset="utf-8"><title>Ceasefire holds on the border | Example News</title>
<meta property="og:title" content="Ceasefire holds on the border">
<meta property="og:url" content="https://www.example-news.org/world/ceasefire-holds">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2022-09-14T08:00:00+00:00">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Ceasefire holds on the border</h1>
<p>{PARAGRAPHS[0]}</p>
<p>{PARAGRAPHS[1]} <a href="https://example.org/report">The mission's report</a> gives the details.</p>
<h2>What comes next</h2>
<p>{PARAGRAPHS[2]}</p>
<ul><li>talks in Brussels next week</li><li>a prisoner exchange</li></ul>
<blockquote><p>We will keep the guns silent as long as the other side does, the minister said.</p></blockquote>
<p>{PARAGRAPHS[3]}</p>
<p><a href="/world/other-story">Another story you might like</a></p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Story A</a></li><li><a href="/b">Story B</a></li></ul></aside>
<footer><p>© 2022 Example News. All rights reserved.</p><p>Privacy policy | Terms of use</p></footer>
</body></html>"""


def test_a_saved_page_gives_its_article_as_markdown_with_structure_and_links():
    page = extract_html(PAGE, dt.date(2026, 11, 24))
    assert page.title == "Ceasefire holds on the border"
    for paragraph in PARAGRAPHS[:1] + PARAGRAPHS[2:]:
        assert paragraph in page.markdown
    assert "## What comes next" in page.markdown
    assert "- talks in Brussels next week" in page.markdown
    assert "> We will keep the guns silent" in page.markdown
    assert "[The mission's report](https://example.org/report)" in page.markdown


def test_metadata_gives_date_source_and_address():
    page = extract_html(PAGE, dt.date(2026, 11, 24))
    assert page.date == dt.date(2022, 9, 14)
    assert page.source == "example-news.org"
    assert page.url == "https://www.example-news.org/world/ceasefire-holds"


def test_navigation_teaser_links_most_read_and_footer_are_not_in_the_text():
    markdown = extract_html(PAGE, dt.date(2026, 11, 24)).markdown
    for furniture in ("Home", "Another story you might like", "Most read", "Story A", "All rights reserved", "Privacy"):
        assert furniture not in markdown


def test_post_cleaning_stops_at_a_related_heading_once_the_text_has_started():
    body = "\n\n".join(PARAGRAPHS[:3]) + "\n\n## Related stories\n\n" + PARAGRAPHS[3]
    assert PARAGRAPHS[3] not in post_clean(body, "")


def test_post_cleaning_drops_a_heading_equal_to_the_title_and_repeated_blocks():
    body = "# Ceasefire holds\n\n" + PARAGRAPHS[0] + "\n\n" + PARAGRAPHS[0]
    assert post_clean(body, "Ceasefire holds") == PARAGRAPHS[0] + "\n"


def test_page_text_keeps_one_block_per_block_element_and_no_scripts():
    text = page_text("<html><body><script>var x = 1;</script><p>One.</p><p>Two.</p><ul><li>Item</li></ul></body></html>")
    assert "var x" not in text
    assert [b.strip() for b in text.split("\n\n") if b.strip()] == ["One.", "Two.", "* Item"]



def test_page_text_drops_every_script_and_style_of_the_page_not_only_the_first_ones():
    # Dropping the <head> while walking the page used to lose the walk's place: the scripts and
    # styles after it were read as the page's text, and the cleaner took them for prose.
    scripts = "".join(f"<script>var setting{n} = 'ein langer Satz, der kein Text der Seite ist';</script>" for n in range(5))
    html = (
        f"<html><head><title>T</title><style>p {{ color: red }}</style>{scripts}</head><body>"
        f"<div>{scripts}<p>Der erste Absatz.</p><style>.x {{ margin: 0 }}</style></div>"
        f"<iframe src='x'></iframe><p>Der zweite Absatz.</p>{scripts}</body></html>"
    )
    text = page_text(html)
    assert "setting" not in text and "margin" not in text and "color" not in text
    assert text.split() == ["Der", "erste", "Absatz.", "Der", "zweite", "Absatz."]

def test_comment_rules_after_the_article_end_it_but_an_article_about_moderation_is_kept():
    rules = "The posting of advertisements or personal attacks is prohibited. By using this site you agree to our Terms of Use; offensive comments will be reported."
    body = "\n\n".join(PARAGRAPHS) + "\n\n" + rules + "\n\nAnyone can report this comment."
    assert post_clean(body, "") == "\n\n".join(PARAGRAPHS) + "\n"
    news = "The platform said it removed posts that violate its guidelines on offensive content after they were reported by users."
    assert news in post_clean("\n\n".join(PARAGRAPHS) + "\n\n" + news, "")


# Bodies without seams: a link or an emphasis keeps the spaces around it, and its address
# is read whole.

def _article(paragraph_html: str) -> str:
    """The Markdown of a page whose article has the paragraphs above and this one."""
    page = PAGE.replace("<p>{}</p>".format(PARAGRAPHS[3]), f"<p>{paragraph_html}</p>")
    return extract_html(page, dt.date(2026, 11, 24)).markdown


def test_a_space_inside_a_link_stays_between_the_words_around_it():
    markdown = _article(
        "The convoy left the garrison at<a href='https://example.org/tanf'> al-Tanf </a>after dark and reached "
        "the camp before dawn, aid workers travelling with it said on Wednesday."
    )
    assert "at [al-Tanf](https://example.org/tanf) after dark" in markdown


def test_a_space_inside_emphasis_stays_between_the_words_around_it():
    markdown = _article(
        "The mediators called the agreement<em> fragile but real </em>in a statement that was read out to "
        "reporters waiting outside the hall on Thursday evening."
    )
    assert "agreement *fragile but real* in a statement" in markdown


def test_an_address_with_brackets_or_spaces_stays_one_link():
    markdown = _article(
        "The treaty text is published by the <a href='https://example.org/docs/(treaty)/text of 1972'>convention's "
        "secretariat</a>, which keeps the list of the states that have signed and ratified it."
    )
    assert "[convention's secretariat](https://example.org/docs/%28treaty%29/text%20of%201972)," in markdown
    from markdown_it import MarkdownIt

    assert "](" not in MarkdownIt("commonmark").render(markdown)  # no link shown as raw text


def test_list_items_left_inside_a_paragraph_do_not_run_into_each_other():
    from generator.ingest.html import xml_to_markdown

    xml = (
        "<doc><main><p>Polls moved for several reasons.<li>The debates helped the challenger.</li>"
        "<li>Turnout was high in the east.</li></p></main></doc>"
    )
    assert xml_to_markdown(xml) == (
        "Polls moved for several reasons. The debates helped the challenger. Turnout was high in the east."
    )
