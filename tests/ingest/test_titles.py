"""Titles: the headline a reader sees, without the site's furniture, from HTML or copied text."""

from __future__ import annotations

import lxml.html

from generator.ingest.text import clean_text
from generator.ingest.titles import choose_html_title, clean_title, headline_in_header, is_site_like, page_titles, stamp_tail

BODY = (
    "<p>The ceasefire agreed on Monday held through the night, officials on both sides of the border said "
    "on Tuesday morning, and observers reported no shelling in the villages they visited.</p>"
)


def html_title(head: str, body: str, host: str = "example-news.org") -> str:
    root = lxml.html.fromstring(f"<html><head>{head}</head><body>{body}{BODY}</body></html>")
    page = page_titles(root)
    return clean_title(choose_html_title(page, host), (page.site_name, host)).text


# --- saved pages ---------------------------------------------------------------------------


def test_the_visible_headline_wins_over_a_social_or_print_version_in_the_metadata():
    head = (
        '<title>Border ceasefire holds as talks resume - Example News</title>'
        '<meta property="og:title" content="Ceasefire holds">'
    )
    assert html_title(head, "<h1>Border ceasefire holds through first night as talks resume</h1>") == (
        "Border ceasefire holds through first night as talks resume"
    )


def test_a_visible_headline_unlike_the_metadata_is_still_the_title_when_it_is_the_only_heading():
    head = '<title>Villagers return to the valley - Example News</title>'
    assert html_title(head, "<h1>After the Guns Fell Silent, a Slow Walk Home</h1>") == "After the Guns Fell Silent, a Slow Walk Home"


def test_an_h1_that_is_the_site_or_blog_name_gives_way_to_the_h2_headline():
    head = '<title>Farmers count the cost of the drought | The Valley Blog</title>'
    body = "<h1>The Valley Blog</h1><h2>Our Top Stories</h2><h2>Farmers count the cost of the drought</h2>"
    assert html_title(head, body, "valleyblog.example") == "Farmers count the cost of the drought"


def test_a_site_name_h1_is_recognised_from_the_domain_alone():
    head = '<title>Farmers count the cost of the drought</title>'
    body = "<h1>VALLEYNEWS</h1><h1>Farmers count the cost of the drought</h1>"
    assert html_title(head, body, "www.valleynews.example") == "Farmers count the cost of the drought"


def test_a_headline_that_names_the_outlet_or_a_generic_address_part_is_not_the_site_name():
    assert not is_site_like("Good news for farmers", ("news.valleytimes.example",))
    assert not is_site_like("Valley Times reporters freed after a week", ("Valley Times", "valleytimes.example"))
    assert is_site_like("Valley Times", ("Valley Times",)) and is_site_like("VALLEYTIMES.example", ("valleytimes.example",))
    head = '<title>Valley Times reporters freed after a week - Valley Times</title><meta property="og:site_name" content="Valley Times">'
    assert html_title(head, "<h1>Valley Times reporters freed after a week</h1>", "valleytimes.example") == (
        "Valley Times reporters freed after a week"
    )


def test_site_and_section_segments_of_the_title_tag_are_dropped_when_there_is_no_heading():
    head = (
        '<title>Farmers count the cost of the drought | Business | Valley Times</title>'
        '<meta property="og:site_name" content="Valley Times">'
    )
    assert html_title(head, "") == "Farmers count the cost of the drought"


def test_a_blog_name_before_the_headline_is_dropped():
    head = (
        '<title>Harvest Notes » Farmers count the cost of the drought</title>'
        '<meta property="og:site_name" content="Valley Institute - Harvest Notes">'
    )
    assert html_title(head, "<h1>Valley Institute</h1><h1>Harvest Notes</h1><h1>Farmers count the cost of the drought</h1>") == (
        "Farmers count the cost of the drought"
    )


def test_status_and_format_flags_are_dropped_but_a_kicker_stays():
    assert clean_title("BREAKING: Dam bursts upstream of the capital").text == "Dam bursts upstream of the capital"
    assert clean_title("Opinion | The drought is a policy failure").text == "The drought is a policy failure"
    assert clean_title("Minister walks out of the talks (VIDEO)").text == "Minister walks out of the talks"
    assert clean_title("How much water a city uses [INFOGRAPHIC]").text == "How much water a city uses"
    assert clean_title("Analysis: Why the talks failed").text == "Analysis: Why the talks failed"
    assert clean_title("Upper Province: Governor calls early elections").text == "Upper Province: Governor calls early elections"


def test_quotation_marks_that_belong_to_the_headline_stay():
    assert clean_title("'No Surrender' Is Not a Plan").text == "'No Surrender' Is Not a Plan"
    assert clean_title("“Keep the people dearest in our hearts”").text == "“Keep the people dearest in our hearts”"


def test_a_time_stamp_the_site_prints_inside_the_h1_is_not_part_of_the_headline():
    head = '<meta property="og:title" content="Turnout appears high across the country">'
    body = '<h1>Turnout appears high across the country <span><a href="/world/">World</a>, Updated Nov 07, 2012 at 02:56am IST</span></h1>'
    assert html_title(head, body) == "Turnout appears high across the country"


def test_a_section_link_inside_the_heading_before_the_headline_is_dropped():
    head = '<title>Keeper agrees the start was embarrassing - Example Sport</title>'
    body = '<h2><div><a href="/c/network">Example Network</a></div><a href="/p">Keeper agrees the start was embarrassing</a></h2>'
    assert html_title(head, body) == "Keeper agrees the start was embarrassing"


def test_an_h1_that_is_a_sentence_gives_way_to_the_heading_the_metadata_names():
    head = '<title>Rubber bullets and the laws of war - Example Magazine</title>'
    body = "<h1>Under the treaty, firing live rounds is easier to justify than firing rubber ones.</h1><h2>The Paradox of Rubber Bullets</h2>"
    assert html_title(head, body) == "The Paradox of Rubber Bullets"


# --- copied text ---------------------------------------------------------------------------

PROSE = [
    "The ceasefire agreed on Monday held through the night, officials on both sides of the border said on Tuesday morning.",
    "Observers from the mission reported no shelling in the villages they visited, although residents said they were still afraid to return.",
    "The foreign ministers are expected to meet again next week, the mediators said in a statement that gave no further details about the talks.",
]


def copied(*lines: str) -> str:
    """A page as a browser's copy gives it: one block a line, no blank lines."""
    return "\n".join(lines)


def test_the_headline_is_the_line_over_the_byline_and_date_below_the_menus():
    text = copied(
        "Home", "World", "Business", "Sign in", "Most read", "Ceasefire holds on the northern border",
        "By Jane Example, Staff Writer", "Published: March 3, 2021 4:31 PM ET", *PROSE,
    )
    cleaned = clean_text(text)
    assert cleaned.title == "Ceasefire holds on the northern border"
    assert "March 3, 2021" in cleaned.dateline
    assert cleaned.title_doubt == ""


def test_a_headline_over_its_standfirst_is_the_title_not_the_standfirst():
    text = copied(
        "News", "Politics", "Ceasefire holds on the border",
        "Mediators say the next round of talks could open the crossings to aid convoys within a week",
        "Share", "Tweet", "Jane Example and John Sample", "Tuesday 2 March 2021 13.58 GMT", *PROSE,
    )
    assert clean_text(text).title == "Ceasefire holds on the border"


def test_breadcrumbs_and_slideshow_entries_are_not_headlines():
    text = copied(
        "Home › World ›", "Flood waters recede in the delta 3 of 9", "Ceasefire holds on the northern border",
        "March 3, 2021 4:31 PM", *PROSE,
    )
    assert clean_text(text).title == "Ceasefire holds on the northern border"


def test_when_no_line_reads_as_a_headline_the_cleaner_says_so():
    header = headline_in_header(["Home", "World", "Sport", *PROSE], 3)
    assert header.title_index is None and header.doubt


def test_a_weak_headline_choice_comes_with_a_doubt():
    lines = ["Menu", "Ceasefire holds on the border", *PROSE]
    header = headline_in_header(lines, 2)
    assert lines[header.title_index] == "Ceasefire holds on the border"
    assert "uncertain" in header.doubt


def test_a_time_stamp_copied_on_the_headline_line_goes_to_the_dateline():
    line = "Turnout appears high across the country World, Updated Nov 07, 2012 at 02:56am IST"
    assert stamp_tail(line) == "World, Updated Nov 07, 2012 at 02:56am IST"
    assert clean_title(line).text == "Turnout appears high across the country"
    cleaned = clean_text(copied("Home", "World", line, *PROSE))
    assert "Nov 07, 2012" in cleaned.dateline


def test_a_picture_credit_and_its_caption_between_headline_and_byline_do_not_take_the_title():
    text = copied(
        "Home", "World", "Ceasefire holds on the northern border", "Jane Photographer / Example Agency",
        "A soldier rests by the road outside the village", "By Jane Example, Staff Writer", *PROSE,
    )
    assert clean_text(text).title == "Ceasefire holds on the northern border"


def test_a_teaser_in_title_case_above_the_headline_is_not_taken_for_a_headline_over_a_standfirst():
    text = copied(
        "Most read", "Why Officials Should Stop Giving Interviews", "Ceasefire holds as officials meet on the border",
        "Posted By Jane Example Thursday, March 4, 2021 - 10:40 AM", *PROSE,
    )
    assert clean_text(text).title == "Ceasefire holds as officials meet on the border"


def test_a_headline_line_that_carries_its_own_time_stamp_is_the_title():
    text = copied(
        "Home", "Top stories", "Markets rally as talks resume", "Farmers protest water cuts",
        "Ceasefire holds on the northern border World, Updated Mar 03, 2021 at 07:54pm IST", "IBN7", *PROSE,
    )
    cleaned = clean_text(text)
    assert clean_title(cleaned.title).text == "Ceasefire holds on the northern border"


def test_only_a_date_or_time_after_updated_or_posted_is_a_stamp():
    assert clean_title("Army says troops posted at 12 border posts").text == "Army says troops posted at 12 border posts"
    assert stamp_tail("Army says troops posted at 12 border posts") == ""


def test_a_page_without_metadata_takes_its_first_real_h1():
    assert html_title("", "<h1>Valley Times</h1><h1>Dam bursts</h1>", "valleytimes.example") == "Dam bursts"


def test_source_labels_credited_captions_and_quotations_are_not_headlines():
    text = copied(
        "Home", "From: Daily Example", "Ceasefire holds on the northern border", "March 3, 2021 4:31 PM",
        "A soldier rests by the road outside the village after the night's truce. (Jane Doe/AP)",
        "\u201cWe will keep the guns silent as long as the other side does, and we hope they will,\u201d the minister said.\u201d",
        *PROSE,
    )
    assert clean_text(text).title == "Ceasefire holds on the northern border"


def test_the_json_ld_headline_counts_as_metadata():
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "headline": "Dam bursts upstream of the capital"}</script><script type="application/ld+json">{broken</script>'
    )
    body = "<h1>Valley Times</h1><h1>Sport</h1><h2>Dam bursts upstream of the capital, thousands flee</h2>"
    assert html_title(head, body, "valleytimes.example") == "Dam bursts upstream of the capital, thousands flee"
